#include "pipeline/kafka/offset_tracker.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <iterator>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wirelens::pipeline::kafka {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Optional;

const TopicPartition kP0{"articles", 0};
const TopicPartition kP1{"articles", 1};
const TopicPartition kOther{"other", 0};

class OffsetTrackerTest : public ::testing::Test {
 protected:
  void TrackAll(const TopicPartition& tp, const std::vector<int64_t>& offsets) {
    for (int64_t o : offsets) {
      ASSERT_TRUE(tracker_.Track(tp.topic, tp.partition, o).ok()) << o;
    }
  }
  void Done(const TopicPartition& tp, int64_t offset) {
    ASSERT_TRUE(tracker_.MarkDone(tp.topic, tp.partition, offset).ok()) << offset;
  }
  std::optional<int64_t> Committable(const TopicPartition& tp) {
    return tracker_.CommittableOffset(tp.topic, tp.partition);
  }

  OffsetTracker tracker_;
};

TEST_F(OffsetTrackerTest, NothingCommittableBeforeProgress) {
  tracker_.Assign({kP0});
  EXPECT_EQ(Committable(kP0), std::nullopt);
  TrackAll(kP0, {5, 6, 7});
  EXPECT_EQ(Committable(kP0), std::nullopt);
  // Completing a later offset is not progress: 5 still holds the commit.
  Done(kP0, 6);
  EXPECT_EQ(Committable(kP0), std::nullopt);
  EXPECT_THAT(tracker_.Committable(), IsEmpty());
}

TEST_F(OffsetTrackerTest, InOrderCompletion) {
  tracker_.Assign({kP0});
  TrackAll(kP0, {0, 1, 2});
  Done(kP0, 0);
  EXPECT_THAT(Committable(kP0), Optional(1));
  Done(kP0, 1);
  EXPECT_THAT(Committable(kP0), Optional(2));
  Done(kP0, 2);
  EXPECT_THAT(Committable(kP0), Optional(3));
  EXPECT_EQ(tracker_.InFlight("articles", 0), 0u);
}

TEST_F(OffsetTrackerTest, SlowArticleHoldsTheCommit) {
  tracker_.Assign({kP0});
  TrackAll(kP0, {10, 11, 12, 13, 14});
  Done(kP0, 11);
  Done(kP0, 12);
  Done(kP0, 14);
  EXPECT_EQ(Committable(kP0), std::nullopt);
  EXPECT_EQ(tracker_.InFlight("articles", 0), 2u);
  Done(kP0, 10);
  // 13 is still in flight: the commit must not pass it.
  EXPECT_THAT(Committable(kP0), Optional(13));
  Done(kP0, 13);
  EXPECT_THAT(Committable(kP0), Optional(15));
}

TEST_F(OffsetTrackerTest, GapsAreSkipped) {
  // Offsets 3..9 were compacted away or are transaction markers.
  tracker_.Assign({kP0});
  TrackAll(kP0, {2, 10, 20});
  Done(kP0, 2);
  EXPECT_THAT(Committable(kP0), Optional(10));
  Done(kP0, 20);
  EXPECT_THAT(Committable(kP0), Optional(10));
  Done(kP0, 10);
  EXPECT_THAT(Committable(kP0), Optional(21));
}

TEST_F(OffsetTrackerTest, TrackingAfterIdleMovesToTheNewOffset) {
  tracker_.Assign({kP0});
  TrackAll(kP0, {4});
  Done(kP0, 4);
  EXPECT_THAT(Committable(kP0), Optional(5));
  TrackAll(kP0, {9});
  EXPECT_THAT(Committable(kP0), Optional(9));
}

TEST_F(OffsetTrackerTest, TrackRejectsUnassignedRewindAndNegative) {
  EXPECT_EQ(tracker_.Track("articles", 0, 1).code(), absl::StatusCode::kFailedPrecondition);
  tracker_.Assign({kP0});
  TrackAll(kP0, {7});
  EXPECT_EQ(tracker_.Track("articles", 0, 7).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(tracker_.Track("articles", 0, 3).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(tracker_.Track("articles", 0, -1).code(), absl::StatusCode::kInvalidArgument);
  // Even after 7 completes, a rewind is still rejected.
  Done(kP0, 7);
  EXPECT_EQ(tracker_.Track("articles", 0, 7).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(tracker_.TotalInFlight(), 0u);
}

TEST_F(OffsetTrackerTest, MarkDoneErrors) {
  EXPECT_EQ(tracker_.MarkDone("articles", 0, 1).code(), absl::StatusCode::kNotFound);
  tracker_.Assign({kP0});
  TrackAll(kP0, {1, 2, 3});
  EXPECT_EQ(tracker_.MarkDone("articles", 0, 4).code(),
            absl::StatusCode::kNotFound);  // Never tracked.
  Done(kP0, 2);
  EXPECT_EQ(tracker_.MarkDone("articles", 0, 2).code(),
            absl::StatusCode::kFailedPrecondition);  // Double ack, held back.
  Done(kP0, 1);
  EXPECT_EQ(tracker_.MarkDone("articles", 0, 1).code(),
            absl::StatusCode::kNotFound);  // Passed by the commit position.
  EXPECT_EQ(tracker_.InFlight("articles", 0), 1u);
  EXPECT_THAT(Committable(kP0), Optional(3));
}

TEST_F(OffsetTrackerTest, PartitionsAreIndependent) {
  tracker_.Assign({kP0, kP1, kOther});
  TrackAll(kP0, {0, 1});
  TrackAll(kP1, {100, 101});
  TrackAll(kOther, {0});
  Done(kP1, 100);
  Done(kOther, 0);
  EXPECT_EQ(Committable(kP0), std::nullopt);
  EXPECT_THAT(Committable(kP1), Optional(101));
  EXPECT_THAT(Committable(kOther), Optional(1));
  EXPECT_EQ(tracker_.InFlight("articles", 0), 2u);
  EXPECT_EQ(tracker_.InFlight("articles", 1), 1u);
  EXPECT_EQ(tracker_.InFlight("other", 0), 0u);
  EXPECT_EQ(tracker_.InFlight("nope", 0), 0u);
  EXPECT_EQ(tracker_.TotalInFlight(), 3u);
  EXPECT_THAT(tracker_.Committable(),
              ElementsAre(PartitionOffset{kP1, 101}, PartitionOffset{kOther, 1}));
}

TEST_F(OffsetTrackerTest, MarkCommittedSuppressesUntilNewProgress) {
  tracker_.Assign({kP0, kP1});
  TrackAll(kP0, {0, 1, 2});
  TrackAll(kP1, {0});
  Done(kP0, 0);
  Done(kP1, 0);
  std::vector<PartitionOffset> first = tracker_.Committable();
  ASSERT_THAT(first, ElementsAre(PartitionOffset{kP0, 1}, PartitionOffset{kP1, 1}));
  tracker_.MarkCommitted(first);
  EXPECT_THAT(tracker_.Committable(), IsEmpty());
  // CommittableOffset ignores what was committed.
  EXPECT_THAT(Committable(kP0), Optional(1));

  Done(kP0, 2);  // Held back by 1: no new commit.
  EXPECT_THAT(tracker_.Committable(), IsEmpty());
  Done(kP0, 1);
  EXPECT_THAT(tracker_.Committable(), ElementsAre(PartitionOffset{kP0, 3}));

  // Stale or unknown commits never move the record backwards.
  tracker_.MarkCommitted(
      {PartitionOffset{kP0, 3}, PartitionOffset{kP0, 2}, PartitionOffset{kOther, 50}});
  EXPECT_THAT(tracker_.Committable(), IsEmpty());
}

TEST_F(OffsetTrackerTest, RevokeReturnsFinalOffsetsAndDropsState) {
  tracker_.Assign({kP0, kP1, kOther});
  TrackAll(kP0, {0, 1, 2});
  TrackAll(kP1, {5, 6});
  TrackAll(kOther, {0});
  Done(kP0, 0);
  Done(kP0, 2);
  Done(kP1, 6);  // No progress on P1: 5 is in flight.
  EXPECT_EQ(tracker_.TotalInFlight(), 3u);

  std::vector<PartitionOffset> final_offsets =
      tracker_.Revoke({kP1, kP0, TopicPartition{"never", 9}});
  EXPECT_THAT(final_offsets, ElementsAre(PartitionOffset{kP0, 1}));
  EXPECT_THAT(tracker_.Assigned(), ElementsAre(kOther));
  EXPECT_EQ(tracker_.TotalInFlight(), 1u);
  EXPECT_EQ(tracker_.InFlight("articles", 0), 0u);

  // Late acknowledgments for revoked partitions are NotFound, and do not
  // disturb the remaining accounting.
  EXPECT_EQ(tracker_.MarkDone("articles", 0, 1).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(tracker_.Track("articles", 0, 3).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(tracker_.TotalInFlight(), 1u);
}

TEST_F(OffsetTrackerTest, RevokeSkipsAlreadyCommitted) {
  tracker_.Assign({kP0});
  TrackAll(kP0, {0});
  Done(kP0, 0);
  tracker_.MarkCommitted({PartitionOffset{kP0, 1}});
  EXPECT_THAT(tracker_.Revoke({kP0}), IsEmpty());
}

TEST_F(OffsetTrackerTest, ReassignStartsFresh) {
  tracker_.Assign({kP0});
  TrackAll(kP0, {10, 11});
  Done(kP0, 10);
  tracker_.Revoke({kP0});
  tracker_.Assign({kP0});
  EXPECT_EQ(Committable(kP0), std::nullopt);
  // The new owner resumes from the committed offset 11: not a rewind now.
  TrackAll(kP0, {11});
  Done(kP0, 11);
  EXPECT_THAT(Committable(kP0), Optional(12));
}

TEST_F(OffsetTrackerTest, AssignKeepsExistingState) {
  tracker_.Assign({kP0});
  TrackAll(kP0, {0, 1});
  Done(kP0, 0);
  tracker_.Assign({kP0, kP1});
  EXPECT_THAT(Committable(kP0), Optional(1));
  EXPECT_EQ(tracker_.InFlight("articles", 0), 1u);
  EXPECT_THAT(tracker_.Assigned(), ElementsAre(kP0, kP1));
}

TEST_F(OffsetTrackerTest, RevokeAll) {
  tracker_.Assign({kP1, kP0});
  TrackAll(kP0, {0});
  TrackAll(kP1, {0});
  Done(kP0, 0);
  Done(kP1, 0);
  EXPECT_THAT(tracker_.RevokeAll(), ElementsAre(PartitionOffset{kP0, 1}, PartitionOffset{kP1, 1}));
  EXPECT_THAT(tracker_.Assigned(), IsEmpty());
  EXPECT_EQ(tracker_.TotalInFlight(), 0u);
}

// A deliberately naive model of the rule in the header, computed from scratch
// on every check.
struct Model {
  std::set<int64_t> tracked;
  std::set<int64_t> done;

  std::optional<int64_t> Committable() const {
    std::set<int64_t> in_flight;
    std::set_difference(tracked.begin(), tracked.end(), done.begin(), done.end(),
                        std::inserter(in_flight, in_flight.end()));
    if (!in_flight.empty()) {
      const int64_t lowest = *in_flight.begin();
      // Progress = some tracked offset below the lowest in-flight one.
      if (tracked.empty() || *tracked.begin() >= lowest) {
        return std::nullopt;
      }
      return lowest;
    }
    if (done.empty()) {
      return std::nullopt;
    }
    return *done.rbegin() + 1;
  }
  size_t InFlight() const { return tracked.size() - done.size(); }
};

TEST(OffsetTrackerRandomizedTest, MatchesModelUnderRandomCompletionOrder) {
  for (uint32_t seed = 1; seed <= 50; ++seed) {
    std::mt19937 rng(seed);
    OffsetTracker tracker;
    const std::vector<TopicPartition> parts = {kP0, kP1, kOther};
    tracker.Assign(parts);
    std::vector<Model> models(parts.size());
    std::vector<int64_t> next_offset(parts.size(), 0);
    // Per partition: tracked offsets not yet completed, in random order.
    std::vector<std::vector<int64_t>> outstanding(parts.size());

    for (int step = 0; step < 2000; ++step) {
      const size_t p = rng() % parts.size();
      const TopicPartition& tp = parts[p];
      const bool track = outstanding[p].empty() || rng() % 100 < 55;
      if (track) {
        // Random gaps model compaction and transaction markers.
        next_offset[p] += 1 + (rng() % 4 == 0 ? rng() % 5 : 0);
        ASSERT_TRUE(tracker.Track(tp.topic, tp.partition, next_offset[p]).ok());
        models[p].tracked.insert(next_offset[p]);
        outstanding[p].push_back(next_offset[p]);
      } else {
        const size_t i = rng() % outstanding[p].size();
        const int64_t offset = outstanding[p][i];
        outstanding[p][i] = outstanding[p].back();
        outstanding[p].pop_back();
        ASSERT_TRUE(tracker.MarkDone(tp.topic, tp.partition, offset).ok());
        models[p].done.insert(offset);
      }
      ASSERT_EQ(tracker.CommittableOffset(tp.topic, tp.partition), models[p].Committable())
          << "seed " << seed << " step " << step;
      ASSERT_EQ(tracker.InFlight(tp.topic, tp.partition), models[p].InFlight());
      size_t total = 0;
      for (const Model& m : models) {
        total += m.InFlight();
      }
      ASSERT_EQ(tracker.TotalInFlight(), total);
    }
  }
}

// The committable offset only moves forward and never passes an offset that
// is in flight, whatever order completions arrive in.
TEST(OffsetTrackerRandomizedTest, CommitNeverOvertakesInFlight) {
  std::mt19937 rng(12345);
  OffsetTracker tracker;
  tracker.Assign({kP0});
  std::vector<int64_t> outstanding;
  std::set<int64_t> in_flight;
  int64_t next = 100;
  int64_t last_committable = -1;
  for (int step = 0; step < 20000; ++step) {
    if (outstanding.empty() || rng() % 2 == 0) {
      next += 1 + rng() % 3;
      ASSERT_TRUE(tracker.Track("articles", 0, next).ok());
      outstanding.push_back(next);
      in_flight.insert(next);
    } else {
      const size_t i = rng() % outstanding.size();
      const int64_t offset = outstanding[i];
      outstanding[i] = outstanding.back();
      outstanding.pop_back();
      in_flight.erase(offset);
      ASSERT_TRUE(tracker.MarkDone("articles", 0, offset).ok());
    }
    std::optional<int64_t> c = tracker.CommittableOffset("articles", 0);
    if (!c.has_value()) {
      continue;
    }
    ASSERT_GE(*c, last_committable);
    last_committable = *c;
    if (!in_flight.empty()) {
      ASSERT_LE(*c, *in_flight.begin());
    }
  }
}

// Delivery-report threads complete offsets while the dispatch thread tracks
// and a commit thread reads; at the end every offset is done.
TEST(OffsetTrackerConcurrencyTest, ConcurrentTrackAndMarkDone) {
  constexpr int kPartitions = 4;
  constexpr int kPerPartition = 5000;
  OffsetTracker tracker;
  std::vector<TopicPartition> parts;
  for (int p = 0; p < kPartitions; ++p) {
    parts.push_back({"articles", p});
  }
  tracker.Assign(parts);

  // Each completer owns one partition and acknowledges what was tracked,
  // polling until the tracker has it.
  std::vector<std::thread> threads;
  for (int p = 0; p < kPartitions; ++p) {
    threads.emplace_back([&tracker, p] {
      // Complete in pairs, second before first, to exercise reordering.
      for (int64_t o = 0; o < kPerPartition; o += 2) {
        for (int64_t offset : {o + 1, o}) {
          while (true) {
            absl::Status s = tracker.MarkDone("articles", p, offset);
            if (s.ok()) {
              break;
            }
            ASSERT_EQ(s.code(), absl::StatusCode::kNotFound);
            std::this_thread::yield();
          }
        }
      }
    });
  }
  std::atomic<bool> stop{false};
  std::thread committer([&] {
    std::vector<int64_t> last(kPartitions, -1);
    while (!stop.load()) {
      for (const PartitionOffset& po : tracker.Committable()) {
        ASSERT_GT(po.offset, last[po.tp.partition]);
        last[po.tp.partition] = po.offset;
      }
      tracker.MarkCommitted(tracker.Committable());
    }
  });
  for (int64_t o = 0; o < kPerPartition; ++o) {
    for (int p = 0; p < kPartitions; ++p) {
      ASSERT_TRUE(tracker.Track("articles", p, o).ok());
    }
  }
  for (std::thread& t : threads) {
    t.join();
  }
  stop = true;
  committer.join();
  EXPECT_EQ(tracker.TotalInFlight(), 0u);
  for (int p = 0; p < kPartitions; ++p) {
    EXPECT_THAT(tracker.CommittableOffset("articles", p), Optional(kPerPartition));
  }
}

}  // namespace
}  // namespace wirelens::pipeline::kafka
