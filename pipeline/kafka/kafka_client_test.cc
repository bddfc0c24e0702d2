#include "pipeline/kafka/kafka_client.h"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pipeline/kafka/kafka_status.h"
#include "pipeline/kafka/mock_broker.h"
#include "pipeline/metrics.h"
#include "pipeline/strings.h"

namespace wirelens::pipeline::kafka {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAreArray;

// Upper bound for anything a test waits for; normally reached in well under
// a second. Keeps a broken test from hanging the suite.
constexpr absl::Duration kMaxWait = absl::Seconds(30);
constexpr absl::Duration kPollStep = absl::Milliseconds(100);

// Only errors reach the test log; broker-down tests would flood it otherwise.
void QuietLog(int level, std::string_view facility, std::string_view message) {
  if (level <= 3) LogKafkaToStderr(level, facility, message);
}

// Makes clients notice a broker coming back quickly, and the group converge
// fast.
const std::map<std::string, std::string> kFastClient = {
    {"reconnect.backoff.ms", "50"},
    {"reconnect.backoff.max.ms", "250"},
};

std::map<std::string, std::string> With(std::map<std::string, std::string> base,
                                        const std::map<std::string, std::string>& extra) {
  for (const auto& [k, v] : extra) base[k] = v;
  return base;
}

// Records rebalance events; optional hooks act on them (commit, pause).
class RecordingListener : public RebalanceListener {
 public:
  struct Event {
    char kind;  // 'A'ssigned, 'R'evoked, 'L'ost
    std::vector<TopicPartition> partitions;
  };

  void OnPartitionsAssigned(absl::Span<const TopicPartition> partitions) override {
    Record('A', partitions);
    if (on_assigned) on_assigned(partitions);
  }
  void OnPartitionsRevoked(absl::Span<const TopicPartition> partitions) override {
    Record('R', partitions);
    if (on_revoked) on_revoked(partitions);
  }
  void OnPartitionsLost(absl::Span<const TopicPartition> partitions) override {
    Record('L', partitions);
  }

  std::vector<Event> events;
  std::function<void(absl::Span<const TopicPartition>)> on_assigned;
  std::function<void(absl::Span<const TopicPartition>)> on_revoked;

 private:
  void Record(char kind, absl::Span<const TopicPartition> partitions) {
    std::vector<TopicPartition> sorted(partitions.begin(), partitions.end());
    std::sort(sorted.begin(), sorted.end());
    events.push_back({kind, std::move(sorted)});
  }
};

// Counts delivery results of a sink; thread-safe.
class Deliveries {
 public:
  DeliveryCallback Callback() {
    return [this](absl::Status status) {
      absl::MutexLock lock(&mu_);
      statuses_.push_back(std::move(status));
    };
  }
  std::vector<absl::Status> statuses() const {
    absl::MutexLock lock(&mu_);
    return statuses_;
  }
  size_t count() const {
    absl::MutexLock lock(&mu_);
    return statuses_.size();
  }

 private:
  mutable absl::Mutex mu_;
  std::vector<absl::Status> statuses_;
};

std::vector<TopicPartition> Partitions(const std::string& topic, std::initializer_list<int> ids) {
  std::vector<TopicPartition> out;
  for (int id : ids) out.push_back({topic, id});
  return out;
}

// One broker for the whole suite (starting and stopping one costs about a
// second each); every test uses its own topics and groups, and TearDown
// undoes any fault injection.
class KafkaClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    EmbeddedBroker::Options options;
    options.log_level = 3;
    options.topics = {{"roundtrip", 1}, {"group", 4},   {"commit", 1}, {"pause", 1},
                      {"eager", 2},     {"outage", 2},  {"retry", 1},  {"lag", 1},
                      {"sizes", 1},     {"timeout", 1}, {"full", 1},   {"prefetch", 1}};
    absl::StatusOr<std::unique_ptr<EmbeddedBroker>> broker = EmbeddedBroker::Start(options);
    ASSERT_TRUE(broker.ok()) << broker.status();
    broker_ = broker->release();
  }
  static void TearDownTestSuite() {
    delete broker_;
    broker_ = nullptr;
  }

  void SetUp() override { ASSERT_NE(broker_, nullptr); }
  void TearDown() override {
    EXPECT_TRUE(broker_->SetBrokerUp(EmbeddedBroker::kAllBrokers).ok());
    for (KafkaApi api : {KafkaApi::kProduce, KafkaApi::kOffsetCommit}) {
      broker_->ClearRequestErrors(api);
    }
  }

  std::unique_ptr<KafkaSource> NewSource(const std::string& group,
                                         const std::map<std::string, std::string>& extra = {}) {
    KafkaSourceConfig config;
    config.bootstrap_servers = broker_->bootstrap_servers();
    config.group_id = group;
    config.client_id = "test-" + group;
    config.properties = With(With(kFastClient, {{"heartbeat.interval.ms", "200"},
                                                {"session.timeout.ms", "6000"},
                                                {"fetch.wait.max.ms", "50"}}),
                             extra);
    config.log = QuietLog;
    absl::StatusOr<std::unique_ptr<KafkaSource>> source = KafkaSource::Create(config);
    EXPECT_TRUE(source.ok()) << source.status();
    return source.ok() ? *std::move(source) : nullptr;
  }

  std::unique_ptr<KafkaSink> NewSink(const std::map<std::string, std::string>& extra = {}) {
    KafkaSinkConfig config;
    config.bootstrap_servers = broker_->bootstrap_servers();
    config.properties = With(kFastClient, extra);
    config.log = QuietLog;
    absl::StatusOr<std::unique_ptr<KafkaSink>> sink = KafkaSink::Create(config);
    EXPECT_TRUE(sink.ok()) << sink.status();
    return sink.ok() ? *std::move(sink) : nullptr;
  }

  // Produces `count` messages "<prefix><i>" with keys "k<i % 8>" and waits
  // for all of them to be acknowledged.
  void ProduceAndFlush(const std::string& topic, const std::string& prefix, int first, int count) {
    std::unique_ptr<KafkaSink> sink = NewSink();
    ASSERT_NE(sink, nullptr);
    Deliveries deliveries;
    for (int i = first; i < first + count; ++i) {
      ASSERT_TRUE(sink->Produce({.topic = topic,
                                 .key = absl::StrCat("k", i % 8),
                                 .value = absl::StrFormat("%s%04d", prefix, i)},
                                deliveries.Callback())
                      .ok());
    }
    ASSERT_TRUE(sink->Flush(kMaxWait).ok());
    for (const absl::Status& s : deliveries.statuses()) ASSERT_TRUE(s.ok()) << s;
  }

  // Polls `source` until `done()` or kMaxWait, appending messages to `seen`.
  // Polls batches of up to `max_messages` into `seen` until `done()`.
  static void PollUntil(KafkaSource& source, std::vector<InputMessage>& seen,
                        const std::function<bool()>& done, size_t max_messages = 100) {
    const absl::Time deadline = absl::Now() + kMaxWait;
    while (!done()) {
      ASSERT_LT(absl::Now(), deadline) << "condition not reached; seen " << seen.size();
      absl::StatusOr<std::vector<InputMessage>> batch = source.Poll(max_messages, kPollStep);
      ASSERT_TRUE(batch.ok()) << batch.status();
      for (InputMessage& m : *batch) seen.push_back(std::move(m));
    }
  }
  // Polls `times` batches of up to `max_messages` into `seen`, whatever
  // arrives (a paused source must deliver nothing however long it is
  // polled; a drained one no duplicates).
  static void PollTimes(KafkaSource& source, std::vector<InputMessage>& seen, int times,
                        size_t max_messages = 100) {
    for (int i = 0; i < times; ++i) {
      absl::StatusOr<std::vector<InputMessage>> batch = source.Poll(max_messages, kPollStep);
      ASSERT_TRUE(batch.ok()) << batch.status();
      for (InputMessage& m : *batch) seen.push_back(std::move(m));
    }
  }

  static EmbeddedBroker* broker_;
};

EmbeddedBroker* KafkaClientTest::broker_ = nullptr;

std::vector<std::string> Values(const std::vector<InputMessage>& messages) {
  std::vector<std::string> out;
  for (const InputMessage& m : messages) out.push_back(m.value.value_or("<null>"));
  return out;
}

std::vector<std::string> Expected(const std::string& prefix, int first, int count) {
  std::vector<std::string> out;
  for (int i = first; i < first + count; ++i) out.push_back(absl::StrFormat("%s%04d", prefix, i));
  return out;
}

TEST_F(KafkaClientTest, CreateRejectsBadConfiguration) {
  KafkaSourceConfig source{.bootstrap_servers = broker_->bootstrap_servers(), .group_id = "g"};
  source.properties = {{"no.such.property", "1"}};
  absl::StatusOr<std::unique_ptr<KafkaSource>> bad_source = KafkaSource::Create(source);
  EXPECT_EQ(bad_source.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad_source.status().message(), HasSubstr("no.such.property"));

  source.properties = {{"enable.auto.commit", "true"}};
  bad_source = KafkaSource::Create(source);
  EXPECT_EQ(bad_source.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad_source.status().message(), HasSubstr("enable.auto.commit"));

  source.properties = {};
  source.group_id = "";
  bad_source = KafkaSource::Create(source);
  EXPECT_EQ(bad_source.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad_source.status().message(), HasSubstr("group.id"));
  // ... but a pass-through property may supply it.
  source.properties = {{"group.id", "from-properties"}};
  EXPECT_TRUE(KafkaSource::Create(source).ok());

  KafkaSinkConfig sink;
  absl::StatusOr<std::unique_ptr<KafkaSink>> bad_sink = KafkaSink::Create(sink);
  EXPECT_EQ(bad_sink.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad_sink.status().message(), HasSubstr("bootstrap.servers"));

  sink.bootstrap_servers = broker_->bootstrap_servers();
  sink.properties = {{"acks", "maybe"}};
  bad_sink = KafkaSink::Create(sink);
  EXPECT_EQ(bad_sink.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad_sink.status().message(), HasSubstr("acks"));
}

TEST_F(KafkaClientTest, LogsGoToTheConfiguredFunction) {
  absl::Mutex mu;
  std::vector<std::string> lines;
  KafkaSinkConfig config{.bootstrap_servers = broker_->bootstrap_servers()};
  // "generic" debug logging makes rd_kafka_new itself log.
  config.properties = {{"debug", "generic"}};
  config.log = [&](int level, std::string_view facility, std::string_view message) {
    absl::MutexLock lock(&mu);
    lines.push_back(absl::StrCat(level, " ", AsAbsl(facility), " ", AsAbsl(message)));
  };
  absl::StatusOr<std::unique_ptr<KafkaSink>> sink = KafkaSink::Create(config);
  ASSERT_TRUE(sink.ok()) << sink.status();
  sink->reset();
  absl::MutexLock lock(&mu);
  EXPECT_FALSE(lines.empty());
}

TEST_F(KafkaClientTest, SourceLifecycleErrors) {
  std::unique_ptr<KafkaSource> source = NewSource("lifecycle");
  ASSERT_NE(source, nullptr);
  EXPECT_EQ(source->Poll(10, absl::ZeroDuration()).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(source->Subscribe({}, nullptr).code(), absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(source->Subscribe({"roundtrip"}, nullptr).ok());
  EXPECT_EQ(source->Subscribe({"roundtrip"}, nullptr).code(),
            absl::StatusCode::kFailedPrecondition);
  // Nothing is assigned yet, so nothing can be committed or paused.
  EXPECT_EQ(source->Commit({{{"roundtrip", 0}, 1}}).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(source->Pause(Partitions("roundtrip", {0})).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(source->Close().ok());
  EXPECT_EQ(source->Close().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(source->Poll(10, absl::ZeroDuration()).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(source->Commit({{{"roundtrip", 0}, 1}}).code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(KafkaClientTest, RoundTripKeepsKeysValuesAndHeaders) {
  std::vector<OutputMessage> sent = {
      {.topic = "roundtrip",
       .key = "k1",
       .value = "hello",
       .headers = {{"content-type", "text/plain"},
                   {"trace", std::nullopt},
                   {"dup", "a"},
                   {"dup", "b"},
                   {"empty", ""}}},
      {.topic = "roundtrip", .key = std::nullopt, .value = "no key"},
      {.topic = "roundtrip", .key = "k3", .value = std::nullopt},  // tombstone
      {.topic = "roundtrip", .key = "k4", .value = std::string("bin\0ary", 7)},
  };
  const absl::Time before = absl::Now();
  {
    std::unique_ptr<KafkaSink> sink = NewSink();
    ASSERT_NE(sink, nullptr);
    Deliveries deliveries;
    for (const OutputMessage& m : sent) ASSERT_TRUE(sink->Produce(m, deliveries.Callback()).ok());
    ASSERT_TRUE(sink->Flush(kMaxWait).ok());
    EXPECT_EQ(sink->InFlight(), 0u);
    ASSERT_THAT(deliveries.statuses(), SizeIs(sent.size()));
    for (const absl::Status& s : deliveries.statuses()) EXPECT_TRUE(s.ok()) << s;
  }

  std::unique_ptr<KafkaSource> source = NewSource("roundtrip");
  ASSERT_NE(source, nullptr);
  ASSERT_TRUE(source->Subscribe({"roundtrip"}, nullptr).ok());
  std::vector<InputMessage> got;
  PollUntil(*source, got, [&] { return got.size() >= sent.size(); });
  ASSERT_THAT(got, SizeIs(sent.size()));
  for (size_t i = 0; i < sent.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(got[i].topic, "roundtrip");
    EXPECT_EQ(got[i].partition, 0);
    EXPECT_EQ(got[i].offset, static_cast<int64_t>(i));
    EXPECT_EQ(got[i].key, sent[i].key);
    EXPECT_EQ(got[i].value, sent[i].value);
    EXPECT_EQ(got[i].headers, sent[i].headers);
    // The producer's create time, in milliseconds.
    EXPECT_GE(got[i].timestamp, absl::FromUnixMillis(absl::ToUnixMillis(before)));
    EXPECT_LE(got[i].timestamp, absl::Now());
  }
  EXPECT_TRUE(source->Close().ok());
}

// One consumer of a group owns a partition list; `next` is what it has
// processed (the next offset per partition), committed on revocation, as the
// worker does.
//
// A revoke-time commit can be rejected by the group coordinator: Kafka and
// the mock answer REBALANCE_IN_PROGRESS while the group is rebalancing, and
// ILLEGAL_GENERATION / UNKNOWN_MEMBER_ID once it moved on. Retrying inside the
// callback does not help (the rebalance waits for this member to rejoin, which
// it does only after the callback returns), so the worker gives the
// partitions up uncommitted and their next owner processes them again from
// the last committed offset. `uncommitted` records, per partition, the
// highest offset whose commit was rejected: below it a message may
// legitimately be delivered twice, and nowhere else.
struct Member {
  std::unique_ptr<KafkaSource> source;
  RecordingListener listener;
  std::map<TopicPartition, int64_t> next;
  std::vector<InputMessage> seen;
  std::map<TopicPartition, int64_t> uncommitted;

  void CommitOnRevoke() {
    listener.on_revoked = [this](absl::Span<const TopicPartition> partitions) {
      std::vector<PartitionOffset> offsets;
      for (const TopicPartition& tp : partitions) {
        if (auto it = next.find(tp); it != next.end()) offsets.push_back({tp, it->second});
      }
      const absl::Status s = source->Commit(offsets);
      if (!s.ok()) {
        // Rejected by the coordinator, never by our own checks: the
        // partitions are still ours during the callback.
        const std::optional<rd_kafka_resp_err_t> err = KafkaErrorFromStatus(s);
        EXPECT_TRUE(err == RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS ||
                    err == RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION ||
                    err == RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID)
            << s;
        for (const PartitionOffset& po : offsets) {
          int64_t& high = uncommitted[po.tp];
          high = std::max(high, po.offset);
        }
      }
      for (const TopicPartition& tp : partitions) next.erase(tp);
    };
  }

  void PollOnce() {
    absl::StatusOr<std::vector<InputMessage>> batch = source->Poll(100, kPollStep);
    ASSERT_TRUE(batch.ok()) << batch.status();
    for (InputMessage& m : *batch) {
      next[{m.topic, m.partition}] = m.offset + 1;
      seen.push_back(std::move(m));
    }
  }
};

TEST_F(KafkaClientTest, CooperativeGroupSplitsPartitionsAndLosesNothing) {
  Member a, b;
  a.source = NewSource("group");
  b.source = NewSource("group");
  ASSERT_NE(a.source, nullptr);
  ASSERT_NE(b.source, nullptr);
  a.CommitOnRevoke();
  b.CommitOnRevoke();
  // A bound against hanging, not a timing requirement. It is larger than
  // kMaxWait because each rebalance of the mock takes session.timeout.ms
  // minus one second (5 s here) and some take two: when the leader's
  // SyncGroup (which carries every member's assignment) reaches the mock
  // before a follower's, the mock completes the sync at once and answers the
  // follower's late SyncGroup with INVALID_REQUEST; the follower rejoins and
  // starts another rebalance. Under load that race is often lost, sometimes
  // several times in a row.
  constexpr absl::Duration kGroupMaxWait = absl::Minutes(2);
  const auto until = [](const std::function<bool()>& done, const std::function<void()>& step) {
    const absl::Time deadline = absl::Now() + kGroupMaxWait;
    while (!done() && absl::Now() < deadline) step();
    return done();
  };
  // Distinct messages seen by either member: progress is new messages, not
  // redeliveries.
  const auto distinct = [&] {
    std::set<std::string> values;
    for (const std::vector<InputMessage>* seen : {&a.seen, &b.seen}) {
      for (const InputMessage& m : *seen) values.insert(m.value.value_or("<null>"));
    }
    return values;
  };

  // A alone: all four partitions, all of the first 40 messages (uncommitted).
  ProduceAndFlush("group", "v", 0, 40);
  ASSERT_TRUE(a.source->Subscribe({"group"}, &a.listener).ok());
  ASSERT_TRUE(until([&] { return a.seen.size() == 40; }, [&] { a.PollOnce(); }));
  EXPECT_THAT(a.source->Assignment(), SizeIs(4));

  // B joins: cooperative-sticky moves two partitions, committing them first.
  ASSERT_TRUE(b.source->Subscribe({"group"}, &b.listener).ok());
  ASSERT_TRUE(until(
      [&] { return a.source->Assignment().size() == 2 && b.source->Assignment().size() == 2; },
      [&] {
        a.PollOnce();
        b.PollOnce();
      }));
  ASSERT_FALSE(a.listener.events.empty());
  // A only ever gave up the two moved partitions, never all four.
  std::vector<TopicPartition> a_revoked;
  for (const auto& e : a.listener.events) {
    EXPECT_NE(e.kind, 'L');
    if (e.kind == 'R') a_revoked.insert(a_revoked.end(), e.partitions.begin(), e.partitions.end());
  }
  EXPECT_THAT(a_revoked, UnorderedElementsAreArray(b.source->Assignment()));

  // Both consume new messages.
  ProduceAndFlush("group", "v", 40, 40);
  ASSERT_TRUE(until([&] { return distinct().size() == 80; },
                    [&] {
                      a.PollOnce();
                      b.PollOnce();
                    }));
  EXPECT_FALSE(b.seen.empty());

  // B leaves, committing what it processed; A takes its partitions back.
  const std::vector<TopicPartition> b_partitions = b.source->Assignment();
  ASSERT_TRUE(b.source->Close().ok());
  ASSERT_FALSE(b.listener.events.empty());
  EXPECT_EQ(b.listener.events.back().kind, 'R');
  EXPECT_EQ(b.listener.events.back().partitions, b_partitions);
  ProduceAndFlush("group", "v", 80, 40);
  ASSERT_TRUE(until([&] { return distinct().size() == 120 && a.source->Assignment().size() == 4; },
                    [&] { a.PollOnce(); }));
  EXPECT_EQ(a.listener.events.back().kind, 'A');
  EXPECT_EQ(a.listener.events.back().partitions, b_partitions);

  // At least once: nothing lost. A message came twice only if a commit
  // covering it was rejected; with every commit accepted, exactly once.
  std::map<TopicPartition, int64_t> uncommitted = a.uncommitted;
  for (const auto& [tp, offset] : b.uncommitted) {
    uncommitted[tp] = std::max(uncommitted[tp], offset);
  }
  EXPECT_THAT(distinct(), UnorderedElementsAreArray(Expected("v", 0, 120)));
  std::map<std::pair<TopicPartition, int64_t>, int> deliveries;
  for (const std::vector<InputMessage>* seen : {&a.seen, &b.seen}) {
    for (const InputMessage& m : *seen) ++deliveries[{{m.topic, m.partition}, m.offset}];
  }
  for (const auto& [message, count] : deliveries) {
    if (count == 1) continue;
    const auto& [tp, offset] = message;
    const auto it = uncommitted.find(tp);
    EXPECT_TRUE(it != uncommitted.end() && offset < it->second)
        << tp.topic << " [" << tp.partition << "] offset " << offset << " delivered " << count
        << " times, but no rejected commit covered it";
  }
  EXPECT_TRUE(a.source->Close().ok());
}

TEST_F(KafkaClientTest, EagerStrategyAssignsAndRevokesEverything) {
  ProduceAndFlush("eager", "e", 0, 6);
  std::unique_ptr<KafkaSource> source =
      NewSource("eager", {{"partition.assignment.strategy", "range"}});
  ASSERT_NE(source, nullptr);
  RecordingListener listener;
  ASSERT_TRUE(source->Subscribe({"eager"}, &listener).ok());
  std::vector<InputMessage> got;
  PollUntil(*source, got, [&] { return got.size() >= 6; });
  EXPECT_THAT(Values(got), UnorderedElementsAreArray(Expected("e", 0, 6)));
  EXPECT_EQ(source->Assignment(), Partitions("eager", {0, 1}));
  ASSERT_TRUE(source->Close().ok());
  ASSERT_THAT(listener.events, SizeIs(2));
  EXPECT_EQ(listener.events[0].kind, 'A');
  EXPECT_EQ(listener.events[0].partitions, Partitions("eager", {0, 1}));
  EXPECT_EQ(listener.events[1].kind, 'R');
  EXPECT_EQ(listener.events[1].partitions, Partitions("eager", {0, 1}));
}

TEST_F(KafkaClientTest, CommittedOffsetIsWhereTheNextConsumerResumes) {
  ProduceAndFlush("commit", "c", 0, 10);
  {
    std::unique_ptr<KafkaSource> source = NewSource("committer");
    ASSERT_NE(source, nullptr);
    ASSERT_TRUE(source->Subscribe({"commit"}, nullptr).ok());
    std::vector<InputMessage> got;
    PollUntil(*source, got, [&] { return got.size() >= 10; });
    // Not ours: rejected whole.
    EXPECT_EQ(source->Commit({{{"commit", 0}, 6}, {{"other", 0}, 1}}).code(),
              absl::StatusCode::kFailedPrecondition);
    // A retriable coordinator error reaches the caller as transient.
    broker_->PushRequestErrors(KafkaApi::kOffsetCommit, RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS, 1);
    const absl::Status failed = source->Commit({{{"commit", 0}, 6}});
    EXPECT_EQ(failed.code(), absl::StatusCode::kUnavailable) << failed;
    const absl::Status retried = source->Commit({{{"commit", 0}, 6}});
    EXPECT_TRUE(retried.ok()) << retried;
    ASSERT_TRUE(source->Close().ok());
  }
  std::unique_ptr<KafkaSource> source = NewSource("committer");
  ASSERT_NE(source, nullptr);
  ASSERT_TRUE(source->Subscribe({"commit"}, nullptr).ok());
  std::vector<InputMessage> got;
  PollUntil(*source, got, [&] { return got.size() >= 4; });
  EXPECT_THAT(Values(got), ElementsAre("c0006", "c0007", "c0008", "c0009"));
  EXPECT_EQ(got.front().offset, 6);
  EXPECT_TRUE(source->Close().ok());
}

TEST_F(KafkaClientTest, PauseStopsDeliveryAndResumeRestartsIt) {
  ProduceAndFlush("pause", "p", 0, 5);
  std::unique_ptr<KafkaSource> source = NewSource("pauser");
  ASSERT_NE(source, nullptr);
  RecordingListener listener;
  // Paused from the assignment callback. librdkafka starts fetching on its
  // own threads as soon as the partition is assigned, so a fetch may land
  // before this pause (it does when this thread is descheduled for ~100 ms
  // after the assign); the pause must then discard it, not deliver it.
  listener.on_assigned = [&](absl::Span<const TopicPartition> partitions) {
    const absl::Status s = source->Pause(partitions);
    EXPECT_TRUE(s.ok()) << s;
  };
  ASSERT_TRUE(source->Subscribe({"pause"}, &listener).ok());
  std::vector<InputMessage> got;
  PollUntil(*source, got, [&] { return !source->Assignment().empty(); });
  // A paused partition delivers nothing, however long we poll.
  PollTimes(*source, got, 10);
  EXPECT_THAT(got, SizeIs(0));
  EXPECT_EQ(source->Pause(Partitions("pause", {3})).code(), absl::StatusCode::kFailedPrecondition);

  ASSERT_TRUE(source->Resume(Partitions("pause", {0})).ok());
  PollUntil(*source, got, [&] { return got.size() >= 5; });
  EXPECT_THAT(Values(got), ElementsAre("p0000", "p0001", "p0002", "p0003", "p0004"));
  EXPECT_TRUE(source->Close().ok());
}

TEST_F(KafkaClientTest, PauseHoldsBackMessagesAlreadyFetched) {
  ProduceAndFlush("prefetch", "f", 0, 10);
  std::unique_ptr<KafkaSource> source = NewSource("prefetcher");
  ASSERT_NE(source, nullptr);
  ASSERT_TRUE(source->Subscribe({"prefetch"}, nullptr).ok());
  // One message per Poll(): librdkafka fetches ahead, so the other nine are
  // normally in its local queue by the time the first one is returned.
  std::vector<InputMessage> got;
  PollUntil(*source, got, [&] { return !got.empty(); }, /*max_messages=*/1);
  ASSERT_THAT(Values(got), ElementsAre("f0000"));
  ASSERT_TRUE(source->Pause(Partitions("prefetch", {0})).ok());
  // Whatever was fetched before the pause stays held back while paused.
  PollTimes(*source, got, 10);
  EXPECT_THAT(Values(got), ElementsAre("f0000"));
  // ... and resuming delivers the rest exactly once, in order, from where
  // the application stopped.
  ASSERT_TRUE(source->Resume(Partitions("prefetch", {0})).ok());
  PollUntil(*source, got, [&] { return got.size() >= 10; });
  EXPECT_THAT(Values(got), ElementsAreArray(Expected("f", 0, 10)));
  EXPECT_TRUE(source->Close().ok());
}

TEST_F(KafkaClientTest, ConsumerLagIsExported) {
  ProduceAndFlush("lag", "l", 0, 10);
  std::unique_ptr<KafkaSource> source = NewSource("lagger", {{"statistics.interval.ms", "100"}});
  ASSERT_NE(source, nullptr);
  MetricsRegistry registry;
  source->ExportMetrics(registry);
  ASSERT_TRUE(source->Subscribe({"lag"}, nullptr).ok());
  std::vector<InputMessage> got;
  PollUntil(*source, got, [&] { return got.size() >= 10; });
  ASSERT_TRUE(source->Commit({{{"lag", 0}, 4}}).ok());
  // Statistics arrive while polling; the partition is at 10, committed at 4.
  PollUntil(*source, got, [&] {
    const std::map<TopicPartition, int64_t> lag = source->ConsumerLag();
    const auto it = lag.find({"lag", 0});
    return it != lag.end() && it->second == 6;
  });
  EXPECT_THAT(registry.Render(),
              HasSubstr("# TYPE wirelens_consumer_lag gauge\n"
                        "wirelens_consumer_lag{topic=\"lag\",partition=\"0\"} 6\n"));
  ASSERT_TRUE(source->Close().ok());
  source.reset();
  // The collector outlives the source and then renders no samples.
  EXPECT_THAT(registry.Render(), Not(HasSubstr("wirelens_consumer_lag{")));
}

TEST_F(KafkaClientTest, SinkRidesOutABrokerOutageWithoutDuplicates) {
  std::unique_ptr<KafkaSink> sink = NewSink();
  ASSERT_NE(sink, nullptr);
  Deliveries deliveries;
  const auto produce = [&](int first, int count) {
    for (int i = first; i < first + count; ++i) {
      ASSERT_TRUE(sink->Produce({.topic = "outage",
                                 .key = absl::StrCat("k", i % 8),
                                 .value = absl::StrFormat("o%04d", i)},
                                deliveries.Callback())
                      .ok());
    }
  };
  produce(0, 100);
  // Down while the first batch may still be in flight, then more messages.
  ASSERT_TRUE(broker_->SetBrokerDown(1).ok());
  produce(100, 100);
  absl::SleepFor(absl::Seconds(2));
  EXPECT_GT(sink->InFlight(), 0u);
  ASSERT_TRUE(broker_->SetBrokerUp(1).ok());
  ASSERT_TRUE(sink->Flush(kMaxWait).ok());
  ASSERT_THAT(deliveries.statuses(), SizeIs(200));
  for (const absl::Status& s : deliveries.statuses()) ASSERT_TRUE(s.ok()) << s;

  std::unique_ptr<KafkaSource> source = NewSource("outage");
  ASSERT_NE(source, nullptr);
  ASSERT_TRUE(source->Subscribe({"outage"}, nullptr).ok());
  std::vector<InputMessage> got;
  PollUntil(*source, got, [&] { return got.size() >= 200; });
  // Drain a little more: duplicates would show up now.
  PollTimes(*source, got, 5, /*max_messages=*/500);
  EXPECT_THAT(Values(got), UnorderedElementsAreArray(Expected("o", 0, 200)));
  // Per key (so per partition), in produce order.
  std::map<std::string, std::string> last_by_key;
  for (const InputMessage& m : got) {
    std::string& last = last_by_key[*m.key];
    EXPECT_LT(last, *m.value);
    last = *m.value;
  }
  EXPECT_TRUE(source->Close().ok());
}

TEST_F(KafkaClientTest, InjectedProduceErrorsAreRetried) {
  std::unique_ptr<KafkaSink> sink = NewSink();
  ASSERT_NE(sink, nullptr);
  // The first requests fail retriably (and one connection drops); librdkafka
  // retries with the same sequence numbers.
  broker_->PushRequestErrors(
      KafkaApi::kProduce,
      {RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
       RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
       RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION});
  Deliveries deliveries;
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(sink->Produce({.topic = "retry", .value = absl::StrFormat("r%04d", i)},
                              deliveries.Callback())
                    .ok());
  }
  ASSERT_TRUE(sink->Flush(kMaxWait).ok());
  ASSERT_THAT(deliveries.statuses(), SizeIs(100));
  for (const absl::Status& s : deliveries.statuses()) ASSERT_TRUE(s.ok()) << s;

  std::unique_ptr<KafkaSource> source = NewSource("retry");
  ASSERT_NE(source, nullptr);
  ASSERT_TRUE(source->Subscribe({"retry"}, nullptr).ok());
  std::vector<InputMessage> got;
  PollUntil(*source, got, [&] { return got.size() >= 100; });
  EXPECT_EQ(Values(got), Expected("r", 0, 100));  // one partition: in order
  EXPECT_TRUE(source->Close().ok());
}

TEST_F(KafkaClientTest, OversizedMessagesFail) {
  std::unique_ptr<KafkaSink> sink = NewSink({{"message.max.bytes", "2000"}});
  ASSERT_NE(sink, nullptr);
  Deliveries deliveries;
  // Too large for this producer: refused at once, no callback.
  const absl::Status local =
      sink->Produce({.topic = "sizes", .value = std::string(10'000, 'x')}, deliveries.Callback());
  EXPECT_EQ(local.code(), absl::StatusCode::kOutOfRange) << local;
  EXPECT_EQ(sink->InFlight(), 0u);

  // Too large for the broker: the delivery report says so.
  broker_->PushRequestErrors(KafkaApi::kProduce, RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE, 1);
  ASSERT_TRUE(sink->Produce({.topic = "sizes", .value = "rejected"}, deliveries.Callback()).ok());
  ASSERT_TRUE(sink->Flush(kMaxWait).ok());
  ASSERT_THAT(deliveries.statuses(), SizeIs(1));
  EXPECT_EQ(deliveries.statuses()[0].code(), absl::StatusCode::kOutOfRange)
      << deliveries.statuses()[0];

  // The producer goes on working afterwards.
  ASSERT_TRUE(sink->Produce({.topic = "sizes", .value = "fine"}, deliveries.Callback()).ok());
  ASSERT_TRUE(sink->Flush(kMaxWait).ok());
  ASSERT_THAT(deliveries.statuses(), SizeIs(2));
  EXPECT_TRUE(deliveries.statuses()[1].ok()) << deliveries.statuses()[1];
}

TEST_F(KafkaClientTest, MessageTimeoutIsReported) {
  ASSERT_TRUE(broker_->SetBrokerDown(EmbeddedBroker::kAllBrokers).ok());
  std::unique_ptr<KafkaSink> sink = NewSink({{"message.timeout.ms", "300"}});
  ASSERT_NE(sink, nullptr);
  Deliveries deliveries;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(sink->Produce({.topic = "timeout", .value = "late"}, deliveries.Callback()).ok());
  }
  ASSERT_TRUE(sink->Flush(kMaxWait).ok());
  ASSERT_THAT(deliveries.statuses(), SizeIs(3));
  for (const absl::Status& s : deliveries.statuses()) {
    EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded) << s;
  }
}

TEST_F(KafkaClientTest, FullQueueAndDestructionCancelPendingMessages) {
  ASSERT_TRUE(broker_->SetBrokerDown(EmbeddedBroker::kAllBrokers).ok());
  std::unique_ptr<KafkaSink> sink = NewSink({{"queue.buffering.max.messages", "5"}});
  ASSERT_NE(sink, nullptr);
  Deliveries deliveries;
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(sink->Produce({.topic = "full", .value = "queued"}, deliveries.Callback()).ok());
  }
  const absl::Status full =
      sink->Produce({.topic = "full", .value = "one too many"}, deliveries.Callback());
  EXPECT_EQ(full.code(), absl::StatusCode::kResourceExhausted) << full;
  EXPECT_EQ(sink->InFlight(), 5u);
  EXPECT_EQ(sink->Flush(absl::Milliseconds(200)).code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(deliveries.count(), 0u);

  sink.reset();
  ASSERT_THAT(deliveries.statuses(), SizeIs(5));
  for (const absl::Status& s : deliveries.statuses()) {
    EXPECT_EQ(s.code(), absl::StatusCode::kCancelled) << s;
  }
}

}  // namespace
}  // namespace wirelens::pipeline::kafka
