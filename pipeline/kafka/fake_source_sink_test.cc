#include "pipeline/kafka/fake_source_sink.h"

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pipeline/kafka/offset_tracker.h"

namespace wirelens::pipeline::kafka {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::SizeIs;

const TopicPartition kA0{"in", 0};
const TopicPartition kA1{"in", 1};

// Records callbacks; optionally commits from OnPartitionsRevoked like the
// worker will.
class RecordingListener : public RebalanceListener {
 public:
  void OnPartitionsAssigned(absl::Span<const TopicPartition> p) override {
    events.push_back(absl::StrCat("assign ", Describe(p)));
  }
  void OnPartitionsRevoked(absl::Span<const TopicPartition> p) override {
    events.push_back(absl::StrCat("revoke ", Describe(p)));
    if (on_revoke) {
      on_revoke(p);
    }
  }
  void OnPartitionsLost(absl::Span<const TopicPartition> p) override {
    events.push_back(absl::StrCat("lost ", Describe(p)));
    if (on_revoke) {
      on_revoke(p);
    }
  }

  static std::string Describe(absl::Span<const TopicPartition> p) {
    std::string out;
    for (const TopicPartition& tp : p) {
      absl::StrAppend(&out, tp.topic, "[", tp.partition, "]");
    }
    return out;
  }

  std::vector<std::string> events;
  std::function<void(absl::Span<const TopicPartition>)> on_revoke;
};

std::vector<int64_t> Offsets(const std::vector<InputMessage>& messages, int32_t partition) {
  std::vector<int64_t> out;
  for (const InputMessage& m : messages) {
    if (m.partition == partition) {
      out.push_back(m.offset);
    }
  }
  return out;
}

class FakeSourceTest : public ::testing::Test {
 protected:
  FakeSourceTest() : source_({{"in", 2}, {"other", 1}}) {}

  void Append(const TopicPartition& tp, int n) {
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(source_
                      .Append(tp.topic, tp.partition, absl::StrCat("k", i), absl::StrCat("v", i),
                              {{"h", "x"}})
                      .ok());
    }
  }

  FakeSource source_;
  RecordingListener listener_;
};

TEST_F(FakeSourceTest, SubscribeAssignsAndPollReturnsInOrder) {
  EXPECT_EQ(source_.Poll(10, absl::ZeroDuration()).status().code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(source_.Subscribe({"in"}, &listener_).ok());
  EXPECT_EQ(source_.Subscribe({"in"}, &listener_).code(), absl::StatusCode::kFailedPrecondition);
  Append(kA0, 3);
  Append(kA1, 2);

  absl::StatusOr<std::vector<InputMessage>> batch = source_.Poll(100, absl::ZeroDuration());
  ASSERT_TRUE(batch.ok()) << batch.status();
  EXPECT_THAT(listener_.events, ElementsAre("assign in[0]in[1]"));
  EXPECT_THAT(Offsets(*batch, 0), ElementsAre(0, 1, 2));
  EXPECT_THAT(Offsets(*batch, 1), ElementsAre(0, 1));
  const InputMessage& first = batch->front();
  EXPECT_EQ(first.topic, "in");
  EXPECT_THAT(first.key, Optional(std::string("k0")));
  EXPECT_THAT(first.value, Optional(std::string("v0")));
  EXPECT_THAT(first.headers, ElementsAre(Header{"h", "x"}));

  // Everything consumed: a zero-timeout poll is empty, not an error.
  batch = source_.Poll(100, absl::ZeroDuration());
  ASSERT_TRUE(batch.ok());
  EXPECT_THAT(*batch, IsEmpty());
}

TEST_F(FakeSourceTest, SubscribeUnknownTopicAndEmptyList) {
  EXPECT_EQ(source_.Subscribe({}, nullptr).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(source_.Subscribe({"nope"}, nullptr).code(), absl::StatusCode::kNotFound);
}

TEST_F(FakeSourceTest, BatchesAreBoundedAndInterleavePartitions) {
  ASSERT_TRUE(source_.Subscribe({"in"}, nullptr).ok());
  Append(kA0, 5);
  Append(kA1, 5);
  absl::StatusOr<std::vector<InputMessage>> batch = source_.Poll(4, absl::ZeroDuration());
  ASSERT_TRUE(batch.ok());
  ASSERT_THAT(*batch, SizeIs(4));
  EXPECT_THAT(Offsets(*batch, 0), SizeIs(2));
  EXPECT_THAT(Offsets(*batch, 1), SizeIs(2));
}

TEST_F(FakeSourceTest, GapsAreVisibleInOffsets) {
  ASSERT_TRUE(source_.Subscribe({"other"}, nullptr).ok());
  ASSERT_TRUE(source_.Append("other", 0, std::nullopt, "a").ok());
  ASSERT_TRUE(source_.SkipOffsets("other", 0, 5).ok());
  ASSERT_TRUE(source_.Append("other", 0, std::nullopt, std::nullopt).ok());
  absl::StatusOr<std::vector<InputMessage>> batch = source_.Poll(10, absl::ZeroDuration());
  ASSERT_TRUE(batch.ok());
  EXPECT_THAT(Offsets(*batch, 0), ElementsAre(0, 6));
  EXPECT_EQ((*batch)[1].key, std::nullopt);
  EXPECT_EQ((*batch)[1].value, std::nullopt);  // Tombstone.
}

TEST_F(FakeSourceTest, PauseAndResume) {
  ASSERT_TRUE(source_.Subscribe({"in"}, nullptr).ok());
  ASSERT_TRUE(source_.Poll(1, absl::ZeroDuration()).ok());  // Assignment.
  ASSERT_TRUE(source_.Pause({kA0}).ok());
  EXPECT_TRUE(source_.IsPaused(kA0));
  Append(kA0, 2);
  Append(kA1, 2);
  absl::StatusOr<std::vector<InputMessage>> batch = source_.Poll(10, absl::ZeroDuration());
  ASSERT_TRUE(batch.ok());
  EXPECT_THAT(Offsets(*batch, 0), IsEmpty());
  EXPECT_THAT(Offsets(*batch, 1), ElementsAre(0, 1));
  ASSERT_TRUE(source_.Resume({kA0}).ok());
  batch = source_.Poll(10, absl::ZeroDuration());
  ASSERT_TRUE(batch.ok());
  EXPECT_THAT(Offsets(*batch, 0), ElementsAre(0, 1));
  EXPECT_EQ(source_.Pause({TopicPartition{"other", 0}}).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(FakeSourceTest, RevokeCommitsThenReassignResumesFromCommitted) {
  listener_.on_revoke = [this](absl::Span<const TopicPartition> p) {
    // Progress: offsets 0 and 1 done, so commit 2.
    EXPECT_TRUE(source_.Commit({PartitionOffset{p[0], 2}}).ok());
  };
  ASSERT_TRUE(source_.Subscribe({"in"}, &listener_).ok());
  Append(kA0, 4);
  absl::StatusOr<std::vector<InputMessage>> batch = source_.Poll(10, absl::ZeroDuration());
  ASSERT_TRUE(batch.ok());
  EXPECT_THAT(Offsets(*batch, 0), ElementsAre(0, 1, 2, 3));

  source_.TriggerRebalance({kA0}, {});
  batch = source_.Poll(10, absl::ZeroDuration());
  ASSERT_TRUE(batch.ok());
  EXPECT_THAT(source_.Committed("in", 0), Optional(2));
  EXPECT_THAT(source_.Assignment(), ElementsAre(kA1));
  // A commit for a partition we no longer own is rejected.
  EXPECT_EQ(source_.Commit({PartitionOffset{kA0, 4}}).code(),
            absl::StatusCode::kFailedPrecondition);

  source_.TriggerRebalance({}, {kA0});
  batch = source_.Poll(10, absl::ZeroDuration());
  ASSERT_TRUE(batch.ok());
  // 2 and 3 were never committed: they come again (at-least-once).
  EXPECT_THAT(Offsets(*batch, 0), ElementsAre(2, 3));
  EXPECT_THAT(listener_.events, ElementsAre("assign in[0]in[1]", "revoke in[0]", "assign in[0]"));
}

TEST_F(FakeSourceTest, LostPartitionsCannotCommit) {
  absl::Status commit_in_callback;
  listener_.on_revoke = [&](absl::Span<const TopicPartition> p) {
    commit_in_callback = source_.Commit({PartitionOffset{p[0], 1}});
  };
  ASSERT_TRUE(source_.Subscribe({"in"}, &listener_).ok());
  ASSERT_TRUE(source_.Poll(1, absl::ZeroDuration()).ok());
  source_.TriggerRebalance({kA1}, {}, /*lost=*/true);
  ASSERT_TRUE(source_.Poll(1, absl::ZeroDuration()).ok());
  EXPECT_EQ(commit_in_callback.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(listener_.events.back(), "lost in[1]");
}

TEST_F(FakeSourceTest, InjectedFailures) {
  ASSERT_TRUE(source_.Subscribe({"in"}, nullptr).ok());
  ASSERT_TRUE(source_.Poll(1, absl::ZeroDuration()).ok());
  source_.FailNextPoll(absl::UnavailableError("all brokers down"));
  EXPECT_EQ(source_.Poll(1, absl::ZeroDuration()).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(source_.Poll(1, absl::ZeroDuration()).ok());

  source_.FailNextCommit(absl::UnavailableError("coordinator moving"));
  EXPECT_EQ(source_.Commit({PartitionOffset{kA0, 1}}).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(source_.Committed("in", 0), std::nullopt);
  EXPECT_TRUE(source_.Commit({PartitionOffset{kA0, 1}}).ok());
  EXPECT_THAT(source_.Committed("in", 0), Optional(1));
  EXPECT_EQ(source_.successful_commits(), 1u);
}

TEST_F(FakeSourceTest, PollWaitsForDataFromAnotherThread) {
  ASSERT_TRUE(source_.Subscribe({"in"}, nullptr).ok());
  ASSERT_TRUE(source_.Poll(1, absl::ZeroDuration()).ok());
  std::thread feeder([this] {
    absl::SleepFor(absl::Milliseconds(20));
    ASSERT_TRUE(source_.Append("in", 1, "late", "value").ok());
  });
  // Generous timeout: returns as soon as the message arrives.
  absl::StatusOr<std::vector<InputMessage>> batch = source_.Poll(10, absl::Seconds(30));
  feeder.join();
  ASSERT_TRUE(batch.ok());
  ASSERT_THAT(*batch, SizeIs(1));
  EXPECT_THAT((*batch)[0].key, Optional(std::string("late")));
}

TEST_F(FakeSourceTest, CloseRevokesEverything) {
  ASSERT_TRUE(source_.Subscribe({"in"}, &listener_).ok());
  ASSERT_TRUE(source_.Poll(1, absl::ZeroDuration()).ok());
  ASSERT_TRUE(source_.Close().ok());
  EXPECT_EQ(listener_.events.back(), "revoke in[0]in[1]");
  EXPECT_THAT(source_.Assignment(), IsEmpty());
  EXPECT_EQ(source_.Poll(1, absl::ZeroDuration()).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(source_.Close().code(), absl::StatusCode::kFailedPrecondition);
}

// ------------------------------- FakeSink -------------------------------

OutputMessage Out(const std::string& topic, int i) {
  return OutputMessage{
      topic, absl::StrCat("k", i), absl::StrCat("v", i), {Header{"n", absl::StrCat(i)}}};
}

// Collects delivery results, thread-safely.
struct Results {
  absl::Mutex mu;
  std::map<int, absl::Status> by_id;
  DeliveryCallback For(int id) {
    return [this, id](absl::Status s) {
      absl::MutexLock lock(&mu);
      EXPECT_TRUE(by_id.emplace(id, std::move(s)).second) << "callback " << id << " ran twice";
    };
  }
  size_t size() {
    absl::MutexLock lock(&mu);
    return by_id.size();
  }
};

TEST(FakeSinkTest, AutoDeliveryCallsEachCallbackOnceOnAnotherThread) {
  FakeSink sink;
  Results results;
  const std::thread::id me = std::this_thread::get_id();
  std::atomic<int> on_my_thread{0};
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(sink.Produce(Out("out", i),
                             [&, cb = results.For(i)](absl::Status s) mutable {
                               if (std::this_thread::get_id() == me) {
                                 ++on_my_thread;
                               }
                               std::move(cb)(std::move(s));
                             })
                    .ok());
  }
  ASSERT_TRUE(sink.Flush(absl::Seconds(30)).ok());
  EXPECT_EQ(sink.InFlight(), 0u);
  EXPECT_EQ(results.size(), 50u);
  for (auto& [id, status] : results.by_id) {
    EXPECT_TRUE(status.ok()) << id;
  }
  EXPECT_EQ(on_my_thread.load(), 0);
  std::vector<OutputMessage> delivered = sink.Delivered("out");
  ASSERT_THAT(delivered, SizeIs(50));
  for (int i = 0; i < 50; ++i) {
    EXPECT_THAT(delivered[i].key, Optional(absl::StrCat("k", i)));
  }
  EXPECT_THAT(sink.Delivered("elsewhere"), IsEmpty());
}

TEST(FakeSinkTest, CorkedSinkAppliesBackpressure) {
  FakeSink sink(FakeSink::Options{.capacity = 3, .auto_deliver = true});
  Results results;
  sink.Cork();
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(sink.Produce(Out("out", i), results.For(i)).ok());
  }
  EXPECT_EQ(sink.InFlight(), 3u);
  absl::Status full = sink.Produce(Out("out", 3), results.For(3));
  EXPECT_EQ(full.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(sink.Flush(absl::Milliseconds(10)).code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(results.size(), 0u);

  sink.Uncork();
  ASSERT_TRUE(sink.Flush(absl::Seconds(30)).ok());
  EXPECT_EQ(results.size(), 3u);  // The rejected message has no callback.
  EXPECT_TRUE(sink.Produce(Out("out", 4), results.For(4)).ok());
  ASSERT_TRUE(sink.Flush(absl::Seconds(30)).ok());
  EXPECT_EQ(results.size(), 4u);
}

TEST(FakeSinkTest, ManualDeliveryIsDeterministic) {
  FakeSink sink(FakeSink::Options{.capacity = 100, .auto_deliver = false});
  Results results;
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(sink.Produce(Out("out", i), results.For(i)).ok());
  }
  // Never inside Produce.
  EXPECT_EQ(results.size(), 0u);
  EXPECT_EQ(sink.DeliverPending(2), 2u);
  EXPECT_EQ(results.size(), 2u);
  EXPECT_EQ(sink.InFlight(), 3u);
  sink.Cork();
  EXPECT_EQ(sink.DeliverPending(), 0u);
  sink.Uncork();
  ASSERT_TRUE(sink.Flush(absl::Seconds(1)).ok());
  EXPECT_EQ(results.size(), 5u);
}

TEST(FakeSinkTest, FailedDeliveriesAndProduces) {
  FakeSink sink(FakeSink::Options{.capacity = 100, .auto_deliver = false});
  Results results;
  sink.FailDeliveries(2, absl::DeadlineExceededError("message timed out"));
  sink.FailProduce(1, absl::OutOfRangeError("message too large"));
  EXPECT_EQ(sink.Produce(Out("out", 0), results.For(0)).code(), absl::StatusCode::kOutOfRange);
  for (int i = 1; i <= 3; ++i) {
    ASSERT_TRUE(sink.Produce(Out("out", i), results.For(i)).ok());
  }
  ASSERT_TRUE(sink.Flush(absl::Seconds(1)).ok());
  EXPECT_EQ(results.by_id.count(0), 0u);
  EXPECT_EQ(results.by_id[1].code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(results.by_id[2].code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_TRUE(results.by_id[3].ok());
  EXPECT_EQ(sink.failed_deliveries(), 2u);
  ASSERT_THAT(sink.Delivered(), SizeIs(1));
  EXPECT_THAT(sink.Delivered()[0].key, Optional(std::string("k3")));
  EXPECT_EQ(sink.Produce(OutputMessage{}, results.For(9)).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(FakeSinkTest, DestructionCancelsQueuedMessages) {
  Results results;
  {
    FakeSink sink;
    sink.Cork();
    ASSERT_TRUE(sink.Produce(Out("out", 0), results.For(0)).ok());
  }
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results.by_id[0].code(), absl::StatusCode::kCancelled);
}

TEST(FakeSinkTest, CallbackMayProduceAgain) {
  // A dead-letter retry pattern: the callback re-enters the sink.
  FakeSink sink;
  absl::Notification done;
  ASSERT_TRUE(
      sink.Produce(
              Out("out", 0),
              [&](const absl::Status& s) {
                ASSERT_TRUE(s.ok());
                ASSERT_TRUE(
                    sink.Produce(Out("dead", 1), [&](const absl::Status&) { done.Notify(); }).ok());
              })
          .ok());
  ASSERT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(30)));
  ASSERT_TRUE(sink.Flush(absl::Seconds(30)).ok());
  EXPECT_THAT(sink.Delivered("dead"), SizeIs(1));
}

// ------------------- source + tracker + sink, together -------------------

// The at-least-once loop the worker will run, in miniature: every input
// offset is tracked, its output produced, and marked done on delivery; a
// commit never passes an output that is still undelivered, and after a
// rebalance the uncommitted inputs come again.
TEST(AtLeastOnceLoopTest, CommitsNeverOvertakeUndeliveredOutputs) {
  FakeSource source({{"in", 2}});
  // Declared before the sink: the sink's destructor may still run callbacks
  // that touch it.
  OffsetTracker tracker;
  std::atomic<int> late_acks{0};
  FakeSink sink(FakeSink::Options{.capacity = 1000, .auto_deliver = false});

  class Listener : public RebalanceListener {
   public:
    Listener(FakeSource* s, OffsetTracker* t) : source(s), tracker(t) {}
    void OnPartitionsAssigned(absl::Span<const TopicPartition> p) override { tracker->Assign(p); }
    void OnPartitionsRevoked(absl::Span<const TopicPartition> p) override {
      std::vector<PartitionOffset> final_offsets = tracker->Revoke(p);
      if (!final_offsets.empty()) {
        EXPECT_TRUE(source->Commit(final_offsets).ok());
      }
    }
    FakeSource* source;
    OffsetTracker* tracker;
  } listener(&source, &tracker);

  auto dispatch = [&](const std::vector<InputMessage>& batch) {
    for (const InputMessage& m : batch) {
      ASSERT_TRUE(tracker.Track(m.topic, m.partition, m.offset).ok());
      ASSERT_TRUE(sink.Produce(OutputMessage{"out", m.key, m.value, {}},
                               [&tracker, &late_acks, m](const absl::Status& s) {
                                 if (!s.ok()) return;  // Cancelled at teardown.
                                 absl::Status done =
                                     tracker.MarkDone(m.topic, m.partition, m.offset);
                                 if (done.code() == absl::StatusCode::kNotFound) {
                                   ++late_acks;  // Its partition was revoked.
                                 } else {
                                   EXPECT_TRUE(done.ok()) << done;
                                 }
                               })
                      .ok());
    }
  };
  auto commit = [&] {
    std::vector<PartitionOffset> offsets = tracker.Committable();
    ASSERT_TRUE(source.Commit(offsets).ok());
    tracker.MarkCommitted(offsets);
  };

  ASSERT_TRUE(source.Subscribe({"in"}, &listener).ok());
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(source.Append("in", i % 2, absl::StrCat(i), "x").ok());
  }
  absl::StatusOr<std::vector<InputMessage>> batch = source.Poll(100, absl::ZeroDuration());
  ASSERT_TRUE(batch.ok());
  ASSERT_THAT(*batch, SizeIs(10));
  dispatch(*batch);
  EXPECT_EQ(tracker.TotalInFlight(), 10u);

  // Three outputs are acknowledged, in produce order: in[0]@0, in[1]@0,
  // in[0]@1 (the source interleaves partitions).
  ASSERT_EQ(Offsets(std::vector<InputMessage>(batch->begin(), batch->begin() + 3), 0),
            (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(sink.DeliverPending(3), 3u);
  commit();
  EXPECT_THAT(source.Committed("in", 0), Optional(2));
  EXPECT_THAT(source.Committed("in", 1), Optional(1));

  // in[0] moves away and comes back with outputs for 2..4 undelivered: its
  // final commit stays at 2, and 2..4 are consumed again.
  source.TriggerRebalance({TopicPartition{"in", 0}}, {TopicPartition{"in", 0}});
  batch = source.Poll(100, absl::ZeroDuration());
  ASSERT_TRUE(batch.ok());
  EXPECT_THAT(source.Committed("in", 0), Optional(2));
  EXPECT_THAT(Offsets(*batch, 0), ElementsAre(2, 3, 4));
  EXPECT_EQ(tracker.InFlight("in", 0), 0u);
  EXPECT_EQ(tracker.InFlight("in", 1), 4u);

  // The old generation's outputs are acknowledged late: in[0]'s acks are
  // NotFound at the tracker, in[1]'s count.
  EXPECT_EQ(sink.DeliverPending(), 7u);
  EXPECT_EQ(late_acks.load(), 3);
  commit();
  EXPECT_THAT(source.Committed("in", 1), Optional(5));
  EXPECT_THAT(source.Committed("in", 0), Optional(2));

  // Reprocess the redelivered inputs: now everything is committed.
  dispatch(*batch);
  ASSERT_TRUE(sink.Flush(absl::Seconds(1)).ok());
  commit();
  EXPECT_THAT(source.Committed("in", 0), Optional(5));
  EXPECT_EQ(tracker.TotalInFlight(), 0u);
  // At-least-once: in[0]@2..4 were published twice.
  EXPECT_THAT(sink.Delivered("out"), SizeIs(13));
}

}  // namespace
}  // namespace wirelens::pipeline::kafka
