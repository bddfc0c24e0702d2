#include "pipeline/worker.h"

#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pipeline/chain.h"
#include "pipeline/kafka/fake_source_sink.h"
#include "pipeline/strings.h"

namespace wirelens::pipeline {
namespace {

using kafka::FakeSink;
using kafka::FakeSource;
using kafka::Header;
using kafka::OutputMessage;
using kafka::PartitionOffset;
using kafka::TopicPartition;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

constexpr char kIn[] = "articles.raw";
constexpr char kOut[] = "articles.enriched";
constexpr char kDlq[] = "articles.raw.dlq";
// Upper bound for anything a test waits for; tests normally take milliseconds.
constexpr absl::Duration kPatience = absl::Seconds(15);

// Polls `done` until it holds or kPatience passes.
template <typename Pred>
bool WaitUntil(Pred done) {
  const absl::Time deadline = absl::Now() + kPatience;
  while (!done()) {
    if (absl::Now() > deadline) return false;
    absl::SleepFor(absl::Milliseconds(1));
  }
  return true;
}

// Holds articles whose headline contains "hold" inside the chain until the
// test opens it (or kPatience passes, so a broken test cannot hang).
class Gate {
 public:
  void Open() {
    absl::MutexLock lock(&mu_);
    open_ = true;
  }
  void Wait() {
    absl::MutexLock lock(&mu_);
    mu_.AwaitWithTimeout(absl::Condition(&open_), kPatience);
  }

 private:
  absl::Mutex mu_;
  bool open_ ABSL_GUARDED_BY(mu_) = false;
};

// A tiny deterministic stage. "language" writes code "en"; "entities" writes
// one entity "<code>:<headline>", or fails with InvalidArgument (a stage
// error the Enrichment records) when the headline contains "stage-error".
// Headlines containing "hold" wait at the gate, "slow" ones take 2 ms, so
// articles finish out of order across threads.
class TestStage : public Stage {
 public:
  TestStage(std::string field, Gate* gate, std::atomic<int>* processed)
      : field_(std::move(field)), gate_(gate), processed_(processed) {}
  std::string_view name() const override { return field_; }
  std::string_view output_field() const override { return field_; }
  ModelInfo model() const override { return {field_ + "-test-model", "1"}; }
  absl::Status Process(StageContext& ctx) const override {
    const std::string& headline = ctx.enrichment.headline();
    if (absl::StrContains(headline, "hold")) gate_->Wait();
    if (absl::StrContains(headline, "slow")) absl::SleepFor(absl::Milliseconds(2));
    processed_->fetch_add(1);
    if (field_ == "language") {
      ctx.enrichment.mutable_language()->set_code("en");
      return absl::OkStatus();
    }
    if (absl::StrContains(headline, "stage-error")) {
      return absl::InvalidArgumentError("nothing to find");
    }
    ctx.enrichment.add_entities()->set_canonical_name(
        absl::StrCat(ctx.enrichment.language().code(), ":", headline));
    return absl::OkStatus();
  }

 private:
  std::string field_;
  Gate* gate_;
  std::atomic<int>* processed_;
};

std::unique_ptr<Chain> MakeChain(const std::vector<std::string>& fields, Gate* gate,
                                 std::atomic<int>* processed) {
  std::vector<std::unique_ptr<Stage>> stages;
  for (const std::string& field : fields) {
    stages.push_back(std::make_unique<TestStage>(field, gate, processed));
  }
  ChainOptions options;
  options.record_durations = false;  // What the worker's caller must do.
  auto chain = Chain::FromStages(std::move(stages), options);
  EXPECT_TRUE(chain.ok()) << chain.status();
  return *std::move(chain);
}

std::string Article(std::string_view id, std::string_view headline) {
  return absl::StrCat(R"({"id":")", AsAbsl(id), R"(","headline":")", AsAbsl(headline),
                      R"(","body":"Some body text for )", AsAbsl(id), R"(."})");
}

std::optional<std::string> HeaderValue(const OutputMessage& m, std::string_view name) {
  for (const Header& h : m.headers) {
    if (h.name == name) return h.value;
  }
  return std::nullopt;
}

// The input (partition, offset) an output was made from.
std::optional<std::pair<int32_t, int64_t>> SourceOf(const OutputMessage& m) {
  int32_t partition;
  int64_t offset;
  if (auto ref = HeaderValue(m, "wirelens-source")) {
    std::vector<std::string> parts = absl::StrSplit(*ref, '/');
    if (parts.size() == 3 && absl::SimpleAtoi(parts[1], &partition) &&
        absl::SimpleAtoi(parts[2], &offset)) {
      return std::make_pair(partition, offset);
    }
    return std::nullopt;
  }
  auto p = HeaderValue(m, "wirelens-source-partition");
  auto o = HeaderValue(m, "wirelens-source-offset");
  if (p && o && absl::SimpleAtoi(*p, &partition) && absl::SimpleAtoi(*o, &offset)) {
    return std::make_pair(partition, offset);
  }
  return std::nullopt;
}

// Input (partition, offset) -> number of acknowledged outputs for it.
std::map<std::pair<int32_t, int64_t>, int> AckedInputs(const FakeSink& sink) {
  std::map<std::pair<int32_t, int64_t>, int> acked;
  for (const OutputMessage& m : sink.Delivered()) {
    if (auto src = SourceOf(m)) ++acked[*src];
  }
  return acked;
}

// A FakeSource that checks the at-least-once rule on every commit: each
// offset below a committed one must have an acknowledged output. (Tests
// append gap-free logs, so every offset below a commit exists.)
class CheckingSource : public FakeSource {
 public:
  CheckingSource(const std::map<std::string, int32_t>& topics, const FakeSink* sink)
      : FakeSource(topics), sink_(sink) {}

  absl::Status Commit(absl::Span<const PartitionOffset> offsets) override {
    const auto acked = AckedInputs(*sink_);
    for (const PartitionOffset& po : offsets) {
      for (int64_t o = 0; o < po.offset; ++o) {
        if (!acked.contains({po.tp.partition, o})) {
          absl::MutexLock lock(&mu_);
          violations_.push_back(absl::StrCat(po.tp.topic, "/", po.tp.partition, " committed at ",
                                             po.offset, " before offset ", o, " was acknowledged"));
        }
      }
    }
    return FakeSource::Commit(offsets);
  }

  std::vector<std::string> violations() const {
    absl::MutexLock lock(&mu_);
    return violations_;
  }

 private:
  const FakeSink* sink_;
  mutable absl::Mutex mu_;
  std::vector<std::string> violations_ ABSL_GUARDED_BY(mu_);
};

WorkerOptions TestOptions() {
  WorkerOptions o;
  o.input_topics = {kIn};
  o.output_topic = kOut;
  o.dlq_topic = kDlq;
  o.threads = 2;
  o.max_in_flight = 100;
  o.commit_interval = absl::Milliseconds(5);
  o.shutdown_timeout = absl::Seconds(5);
  o.poll_timeout = absl::Milliseconds(5);
  o.poll_batch = 16;
  o.max_produce_attempts = 5;
  return o;
}

// A worker over fakes, running on its own thread.
class Harness {
 public:
  struct Config {
    int32_t partitions = 2;
    FakeSink::Options sink;
    WorkerOptions worker = TestOptions();
    ProcessorOptions processor;
    std::vector<std::string> stages = {"language", "entities"};
  };

  explicit Harness(Config config)
      : sink_(config.sink),
        source_({{kIn, config.partitions}}, &sink_),
        chain_(MakeChain(config.stages, &gate_, &processed_)),
        processor_(*chain_, config.processor),
        worker_(source_, sink_, processor_, metrics_, config.worker) {}
  Harness() : Harness(Config()) {}

  ~Harness() {
    gate_.Open();
    worker_.Stop();
    if (run_.valid()) run_.wait();
    EXPECT_THAT(source_.violations(), ::testing::IsEmpty());
  }

  void Start() {
    run_ = std::async(std::launch::async, [this] { return worker_.Run(); });
  }

  // Waits (bounded) for Run() to return, after asking it to stop if `stop`.
  absl::Status Finish(bool stop = true) {
    if (stop) worker_.Stop();
    if (run_.wait_for(std::chrono::seconds(15)) != std::future_status::ready) {
      ADD_FAILURE() << "Run() did not return";
      gate_.Open();
      worker_.Stop();
    }
    return run_.get();
  }

  int64_t Append(int32_t partition, std::optional<std::string> key,
                 std::optional<std::string> value, std::vector<Header> headers = {}) {
    absl::StatusOr<int64_t> offset =
        source_.Append(kIn, partition, std::move(key), std::move(value), std::move(headers));
    EXPECT_TRUE(offset.ok()) << offset.status();
    return offset.value_or(-1);
  }

  // Waits until partition `p` is committed at `offset`.
  bool WaitCommitted(int32_t p, int64_t offset) {
    return WaitUntil([&] { return source_.Committed(kIn, p) == offset; });
  }

  uint64_t CounterValue(std::string_view name, const Labels& labels = {}) {
    return metrics_.GetCounter(name, "", labels).value();
  }
  int64_t GaugeValue(std::string_view name) { return metrics_.GetGauge(name, "").value(); }
  uint64_t StageDurationCount(const std::string& stage) {
    return metrics_.GetHistogram("wirelens_stage_duration_seconds", "", {{"stage", stage}})
        .Read()
        .count;
  }

  FakeSink& sink() { return sink_; }
  CheckingSource& source() { return source_; }
  Gate& gate() { return gate_; }
  Worker& worker() { return worker_; }
  int processed() const { return processed_.load(); }

 private:
  FakeSink sink_;
  CheckingSource source_;
  Gate gate_;
  std::atomic<int> processed_{0};
  std::unique_ptr<Chain> chain_;
  ArticleProcessor processor_;
  MetricsRegistry metrics_;
  Worker worker_;
  std::future<absl::Status> run_;
};

TopicPartition Tp(int32_t p) { return TopicPartition{kIn, p}; }

TEST(WorkerTest, PublishesOneEnrichmentPerGoodInputWithItsHeaders) {
  Harness h;
  const std::string traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  h.Append(0, "k0", Article("a-0", "First"),
           {{"content-type", "application/json"}, {"traceparent", traceparent}});
  h.Append(1, "key-7", "A plain headline\n\nAnd a plain body that is long enough.",
           {{"Content-Type", "text/plain; charset=utf-8"}});
  h.Append(0, "k2", Article("a-2", "A stage-error headline"));
  h.Start();
  ASSERT_TRUE(h.WaitCommitted(0, 2) && h.WaitCommitted(1, 1));
  ASSERT_TRUE(h.Finish().ok());

  std::vector<OutputMessage> out = h.sink().Delivered(kOut);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_TRUE(h.sink().Delivered(kDlq).empty());
  std::map<std::string, v1::Enrichment> by_id;
  for (const OutputMessage& m : out) {
    v1::Enrichment e;
    ASSERT_TRUE(m.value.has_value() && e.ParseFromString(*m.value));
    EXPECT_EQ(m.key, e.article_id());
    EXPECT_EQ(HeaderValue(m, "content-type"), kEnrichmentContentType);
    EXPECT_EQ(HeaderValue(m, "wirelens-schema-version"), "1");
    std::string err;
    absl::Time processed_at;
    EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full,
                                HeaderValue(m, "wirelens-processed-at").value_or(""), &processed_at,
                                &err))
        << err;
    EXPECT_THAT(HeaderValue(m, "wirelens-stage-durations").value_or(""),
                MatchesRegex("language=[0-9]+,entities=[0-9]+"));
    by_id[e.article_id()] = e;
    if (e.article_id() == "a-0") {
      EXPECT_EQ(HeaderValue(m, "wirelens-source"), "articles.raw/0/0");
      EXPECT_EQ(HeaderValue(m, "traceparent"), traceparent);
    } else {
      EXPECT_EQ(HeaderValue(m, "traceparent"), std::nullopt);
    }
  }
  ASSERT_EQ(by_id.count("a-0"), 1u);
  EXPECT_EQ(by_id["a-0"].entities(0).canonical_name(), "en:First");
  // Without an article id the input key names the article.
  ASSERT_EQ(by_id.count("key-7"), 1u);
  EXPECT_EQ(by_id["key-7"].headline(), "A plain headline");
  // A stage error is published inside the Enrichment, not dead-lettered.
  ASSERT_EQ(by_id.count("a-2"), 1u);
  ASSERT_EQ(by_id["a-2"].errors_size(), 1);
  EXPECT_EQ(by_id["a-2"].errors(0).stage(), "entities");
  EXPECT_EQ(by_id["a-2"].language().code(), "en");

  const WorkerStats stats = h.worker().stats();
  EXPECT_EQ(stats.consumed, 3u);
  EXPECT_EQ(stats.produced, 3u);
  EXPECT_EQ(stats.dead_lettered, 0u);
  EXPECT_GE(stats.commits, 1u);
  EXPECT_EQ(stats.rebalances, 1u);
  EXPECT_EQ(h.CounterValue("wirelens_consumed_total"), 3u);
  EXPECT_EQ(h.CounterValue("wirelens_produced_total"), 3u);
  EXPECT_EQ(h.CounterValue("wirelens_stage_errors_total",
                           {{"stage", "entities"}, {"code", "INVALID_ARGUMENT"}}),
            1u);
  EXPECT_EQ(h.CounterValue("wirelens_rebalances_total"), 1u);
  EXPECT_EQ(h.GaugeValue("wirelens_in_flight"), 0);
  EXPECT_EQ(h.StageDurationCount("language"), 3u);
  EXPECT_EQ(h.StageDurationCount("entities"), 3u);
}

TEST(WorkerTest, DeadLettersBadInputsWithOriginalKeyValueHeadersAndTheReason) {
  Harness::Config config;
  config.processor.decode.max_article_bytes = 200;
  Harness h(config);
  const std::vector<Header> origin = {{"x-origin", "feed-7"}, {"x-null", std::nullopt}};
  h.Append(0, "malformed", R"({"headline": )", origin);
  h.Append(0, "empty", "", origin);
  h.Append(1, "gone", std::nullopt, origin);
  h.Append(1, std::nullopt, Article("big", std::string(300, 'x')), origin);
  h.Append(1, "fine", Article("ok", "Fine"));
  h.Start();
  ASSERT_TRUE(h.WaitCommitted(0, 2) && h.WaitCommitted(1, 3));
  ASSERT_TRUE(h.Finish().ok());

  EXPECT_EQ(h.sink().Delivered(kOut).size(), 1u);
  std::map<std::pair<int32_t, int64_t>, OutputMessage> dlq;
  for (const OutputMessage& m : h.sink().Delivered(kDlq)) dlq[*SourceOf(m)] = m;
  ASSERT_EQ(dlq.size(), 4u);

  struct Expected {
    std::pair<int32_t, int64_t> source;
    std::optional<std::string> key;
    std::optional<std::string> value;
    std::string code;
    std::string message_part;
  };
  const std::vector<Expected> expected = {
      {{0, 0}, "malformed", R"({"headline": )", "INVALID_ARGUMENT", "malformed JSON"},
      {{0, 1}, "empty", "", "INVALID_ARGUMENT", "empty message"},
      {{1, 0}, "gone", std::nullopt, "INVALID_ARGUMENT", "empty message"},
      {{1, 1}, std::nullopt, Article("big", std::string(300, 'x')), "OUT_OF_RANGE", ""},
  };
  for (const Expected& e : expected) {
    SCOPED_TRACE(absl::StrCat("input ", e.source.first, "/", e.source.second));
    const OutputMessage& m = dlq[e.source];
    EXPECT_EQ(m.key, e.key);
    EXPECT_EQ(m.value, e.value);
    ASSERT_GE(m.headers.size(), origin.size());
    EXPECT_EQ(std::vector<Header>(m.headers.begin(), m.headers.begin() + origin.size()), origin);
    EXPECT_EQ(HeaderValue(m, "wirelens-error-code"), e.code);
    EXPECT_EQ(HeaderValue(m, "wirelens-error-stage"), "decode");
    EXPECT_THAT(HeaderValue(m, "wirelens-error-message").value_or(""), HasSubstr(e.message_part));
    EXPECT_EQ(HeaderValue(m, "wirelens-source-topic"), kIn);
  }
  EXPECT_EQ(h.worker().stats().dead_lettered, 4u);
  EXPECT_EQ(h.worker().stats().produced, 1u);
  EXPECT_EQ(h.CounterValue("wirelens_dead_lettered_total", {{"code", "INVALID_ARGUMENT"}}), 3u);
  EXPECT_EQ(h.CounterValue("wirelens_dead_lettered_total", {{"code", "OUT_OF_RANGE"}}), 1u);
}

TEST(WorkerTest, CommitsNeverOvertakeUnacknowledgedOffsets) {
  Harness::Config config;
  config.sink.auto_deliver = false;  // The test acknowledges by hand.
  Harness h(config);
  h.Append(0, "p0-0", Article("p0-0", "hold this one"));
  for (int i = 1; i < 6; ++i) h.Append(0, std::nullopt, Article(absl::StrCat("p0-", i), "Quick"));
  for (int i = 0; i < 6; ++i) h.Append(1, std::nullopt, Article(absl::StrCat("p1-", i), "Quick"));
  h.Start();

  // One thread is stuck on p0/0; the other finishes the 11 other articles
  // (two stages each). Partition 1 is produced; partition 0 waits its turn.
  ASSERT_TRUE(WaitUntil([&] { return h.processed() == 22 && h.sink().InFlight() == 6; }));
  EXPECT_EQ(h.sink().DeliverPending(3), 3u);
  ASSERT_TRUE(h.WaitCommitted(1, 3));
  EXPECT_EQ(h.source().Committed(kIn, 0), std::nullopt);
  EXPECT_EQ(h.sink().InFlight(), 3u);

  h.gate().Open();
  ASSERT_TRUE(WaitUntil([&] {
    h.sink().DeliverPending();
    return h.sink().Delivered(kOut).size() == 12;
  }));
  ASSERT_TRUE(h.WaitCommitted(0, 6) && h.WaitCommitted(1, 6));
  std::vector<int64_t> p0_order;
  for (const OutputMessage& m : h.sink().Delivered(kOut)) {
    if (SourceOf(m)->first == 0) p0_order.push_back(SourceOf(m)->second);
  }
  EXPECT_THAT(p0_order, ElementsAre(0, 1, 2, 3, 4, 5));
  EXPECT_TRUE(h.Finish().ok());
}

TEST(WorkerTest, KeepsPerPartitionOrderAcrossSeveralThreads) {
  Harness::Config config;
  config.worker.threads = 4;
  Harness h(config);
  constexpr int kPerPartition = 40;
  for (int i = 0; i < kPerPartition; ++i) {
    for (int32_t p = 0; p < 2; ++p) {
      h.Append(p, std::nullopt,
               Article(absl::StrCat(p, "-", i), i % 3 == 0 ? "A slow one" : "A quick one"));
    }
  }
  h.Start();
  ASSERT_TRUE(h.WaitCommitted(0, kPerPartition) && h.WaitCommitted(1, kPerPartition));
  ASSERT_TRUE(h.Finish().ok());
  std::map<int32_t, std::vector<int64_t>> order;
  for (const OutputMessage& m : h.sink().Delivered(kOut)) {
    auto src = SourceOf(m);
    ASSERT_TRUE(src.has_value());
    order[src->first].push_back(src->second);
  }
  for (int32_t p = 0; p < 2; ++p) {
    ASSERT_EQ(order[p].size(), static_cast<size_t>(kPerPartition));
    for (int i = 0; i < kPerPartition; ++i) EXPECT_EQ(order[p][i], i) << "partition " << p;
  }
}

TEST(WorkerTest, PausesAtTheInFlightLimitAndResumesAtHalf) {
  Harness::Config config;
  config.worker.max_in_flight = 4;
  Harness h(config);
  h.sink().Cork();
  for (int i = 0; i < 10; ++i) h.Append(0, std::nullopt, Article(absl::StrCat("a", i), "Paused"));
  h.Start();

  ASSERT_TRUE(WaitUntil([&] { return h.GaugeValue("wirelens_paused") == 1; }));
  EXPECT_TRUE(h.source().IsPaused(Tp(0)));
  EXPECT_TRUE(h.source().IsPaused(Tp(1)));
  // The poll batch never exceeds the room left under the limit.
  EXPECT_EQ(h.worker().stats().consumed, 4u);
  ASSERT_TRUE(WaitUntil([&] { return h.GaugeValue("wirelens_in_flight") == 4; }));

  // A partition assigned while paused joins the pause.
  h.source().TriggerRebalance({Tp(1)}, {});
  h.source().TriggerRebalance({}, {Tp(1)});
  ASSERT_TRUE(WaitUntil([&] { return h.worker().stats().rebalances == 2; }));
  EXPECT_TRUE(h.source().IsPaused(Tp(1)));
  h.Append(1, std::nullopt, Article("b0", "Also paused"));

  h.sink().Uncork();
  ASSERT_TRUE(h.WaitCommitted(0, 10) && h.WaitCommitted(1, 1));
  EXPECT_EQ(h.GaugeValue("wirelens_paused"), 0);
  EXPECT_FALSE(h.source().IsPaused(Tp(0)));
  EXPECT_FALSE(h.source().IsPaused(Tp(1)));
  EXPECT_EQ(h.sink().Delivered(kOut).size(), 11u);
  EXPECT_TRUE(h.Finish().ok());
}

TEST(WorkerTest, RetriesTransientDeliveryFailuresWithoutLoss) {
  Harness h;
  h.sink().FailDeliveries(3, absl::UnavailableError("broker down"));
  for (int i = 0; i < 6; ++i) h.Append(0, std::nullopt, Article(absl::StrCat("a", i), "Retry"));
  h.Start();
  ASSERT_TRUE(h.WaitCommitted(0, 6));
  ASSERT_TRUE(h.Finish().ok());
  EXPECT_EQ(h.sink().failed_deliveries(), 3u);
  const auto acked = AckedInputs(h.sink());
  ASSERT_EQ(acked.size(), 6u);
  for (const auto& [input, count] : acked) EXPECT_EQ(count, 1) << input.second;
  EXPECT_EQ(h.CounterValue("wirelens_produce_retries_total"), 3u);
  EXPECT_EQ(h.worker().stats().produced, 6u);
}

TEST(WorkerTest, StopsWithTheErrorWhenRetriesAreExhausted) {
  Harness::Config config;
  config.worker.max_produce_attempts = 3;
  Harness h(config);
  h.sink().FailDeliveries(1000, absl::UnavailableError("broker down"));
  h.Append(0, std::nullopt, Article("a0", "Doomed"));
  h.Start();
  absl::Status status = h.Finish(/*stop=*/false);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(status.message()), HasSubstr("after 3 attempts"));
  EXPECT_EQ(h.sink().failed_deliveries(), 3u);
  EXPECT_EQ(h.CounterValue("wirelens_produce_retries_total"), 2u);
  EXPECT_EQ(h.source().Committed(kIn, 0), std::nullopt);
}

TEST(WorkerTest, DeadLettersTheInputWhenItsEnrichmentIsRejectedForGood) {
  Harness::Config config;
  config.worker.threads = 1;
  Harness h(config);
  h.sink().FailDeliveries(1, absl::OutOfRangeError("MSG_SIZE_TOO_LARGE"));
  const std::string first = Article("a0", "Too big for the broker");
  h.Append(0, "k0", first, {{"x-origin", "feed"}});
  h.Append(0, std::nullopt, Article("a1", "Fine"));
  h.Append(0, std::nullopt, Article("a2", "Fine"));
  h.Start();
  ASSERT_TRUE(h.WaitCommitted(0, 3));
  ASSERT_TRUE(h.Finish().ok());

  std::vector<OutputMessage> dlq = h.sink().Delivered(kDlq);
  ASSERT_EQ(dlq.size(), 1u);
  EXPECT_EQ(dlq[0].key, "k0");
  EXPECT_EQ(dlq[0].value, first);
  EXPECT_EQ(HeaderValue(dlq[0], "x-origin"), "feed");
  EXPECT_EQ(HeaderValue(dlq[0], "wirelens-error-stage"), "publish");
  EXPECT_EQ(HeaderValue(dlq[0], "wirelens-error-code"), "OUT_OF_RANGE");
  EXPECT_EQ(HeaderValue(dlq[0], "wirelens-source-offset"), "0");
  EXPECT_EQ(h.sink().Delivered(kOut).size(), 2u);
  EXPECT_EQ(h.worker().stats().dead_lettered, 1u);
  EXPECT_EQ(h.worker().stats().produced, 2u);
}

TEST(WorkerTest, DeadLettersWithoutTheValueWhenEvenTheDeadLetterIsTooLarge) {
  Harness h;
  // The Enrichment and then the full dead letter are rejected for good.
  h.sink().FailDeliveries(2, absl::OutOfRangeError("MSG_SIZE_TOO_LARGE"));
  h.Append(0, "k0", Article("a0", "Too big everywhere"));
  h.Start();
  ASSERT_TRUE(h.WaitCommitted(0, 1)) << "a crash loop on this offset would stall the partition";
  ASSERT_TRUE(h.Finish().ok());
  std::vector<OutputMessage> dlq = h.sink().Delivered(kDlq);
  ASSERT_EQ(dlq.size(), 1u);
  EXPECT_EQ(dlq[0].key, "k0");
  EXPECT_EQ(dlq[0].value, "");
  EXPECT_THAT(HeaderValue(dlq[0], "wirelens-value-dropped").value_or(""), HasSubstr("bytes"));
  EXPECT_EQ(HeaderValue(dlq[0], "wirelens-source-offset"), "0");
}

TEST(WorkerTest, StopsWithTheErrorWhenADeadLetterIsRejectedForGood) {
  Harness h;
  // Even the value-less dead letter is rejected: nothing can be published.
  h.sink().FailDeliveries(3, absl::OutOfRangeError("MSG_SIZE_TOO_LARGE"));
  h.Append(0, std::nullopt, Article("a0", "Too big everywhere"));
  h.Start();
  absl::Status status = h.Finish(/*stop=*/false);
  EXPECT_EQ(status.code(), absl::StatusCode::kOutOfRange);
  EXPECT_THAT(std::string(status.message()), HasSubstr("dead letter for articles.raw/0/0"));
  EXPECT_EQ(h.source().Committed(kIn, 0), std::nullopt);
}

TEST(WorkerTest, RevokeCommitsAcknowledgedWorkInsideTheCallback) {
  Harness::Config config;
  config.worker.commit_interval = absl::Hours(1);  // Only the revoke commits.
  Harness h(config);
  for (int i = 0; i < 5; ++i) h.Append(0, std::nullopt, Article(absl::StrCat("a", i), "Before"));
  h.Start();
  ASSERT_TRUE(WaitUntil([&] { return h.sink().Delivered(kOut).size() == 5; }));
  EXPECT_EQ(h.source().Committed(kIn, 0), std::nullopt);

  h.source().TriggerRebalance({Tp(0)}, {Tp(0)});
  ASSERT_TRUE(WaitUntil([&] { return h.worker().stats().rebalances == 2; }));
  EXPECT_EQ(h.source().Committed(kIn, 0), 5);
  EXPECT_EQ(h.worker().stats().commits, 1u);

  for (int i = 5; i < 8; ++i) h.Append(0, std::nullopt, Article(absl::StrCat("a", i), "After"));
  ASSERT_TRUE(WaitUntil([&] { return h.sink().Delivered(kOut).size() == 8; }));
  ASSERT_TRUE(h.Finish().ok());
  EXPECT_EQ(h.source().Committed(kIn, 0), 8);  // Committed on the way out.
  const auto acked = AckedInputs(h.sink());
  ASSERT_EQ(acked.size(), 8u);
  for (const auto& [input, count] : acked) EXPECT_EQ(count, 1);  // Nothing was redone.
}

// The coordinator rejects the revoke-time commit (as Kafka does while the
// group is syncing): the worker does not retry it inside the callback, the
// partition's next owner (here, this worker again) restarts from the last
// commit, and only that uncommitted work is done twice. Nothing is lost.
TEST(WorkerTest, RejectedRevokeCommitRedoesOnlyTheUncommittedWork) {
  Harness::Config config;
  config.worker.commit_interval = absl::Hours(1);  // Only the revoke commits.
  Harness h(config);
  for (int i = 0; i < 5; ++i) h.Append(0, std::nullopt, Article(absl::StrCat("a", i), "Before"));
  h.Start();
  ASSERT_TRUE(WaitUntil([&] { return h.sink().Delivered(kOut).size() == 5; }));

  h.source().FailNextCommit(absl::UnavailableError("commit offsets: REBALANCE_IN_PROGRESS (27)"));
  h.source().TriggerRebalance({Tp(0)}, {Tp(0)});
  // Restarted from the last commit (none): all 5 come again.
  ASSERT_TRUE(WaitUntil([&] { return h.worker().stats().consumed == 10; }));
  EXPECT_GE(h.worker().stats().commit_failures, 1u);
  EXPECT_EQ(h.source().Committed(kIn, 0), std::nullopt);

  for (int i = 5; i < 8; ++i) h.Append(0, std::nullopt, Article(absl::StrCat("a", i), "After"));
  ASSERT_TRUE(WaitUntil([&] { return h.sink().Delivered(kOut).size() == 13; }));
  ASSERT_TRUE(h.Finish().ok());
  EXPECT_EQ(h.source().Committed(kIn, 0), 8);
  const auto acked = AckedInputs(h.sink());
  ASSERT_EQ(acked.size(), 8u);
  for (int64_t o = 0; o < 5; ++o) EXPECT_EQ(acked.at({0, o}), 2) << o;  // Uncommitted: redone.
  for (int64_t o = 5; o < 8; ++o) EXPECT_EQ(acked.at({0, o}), 1) << o;  // Never redone.
}

class RebalanceWithStuckWorkTest : public ::testing::TestWithParam<bool> {};

// Revoked (or lost) while outputs cannot be acknowledged: the work is left
// uncommitted, comes back with the partition, and nothing is lost.
TEST_P(RebalanceWithStuckWorkTest, LosesNothing) {
  const bool lost = GetParam();
  Harness::Config config;
  config.worker.shutdown_timeout = absl::Milliseconds(50);
  Harness h(config);
  h.sink().Cork();
  for (int i = 0; i < 5; ++i) h.Append(0, std::nullopt, Article(absl::StrCat("a", i), "Stuck"));
  h.Append(1, std::nullopt, Article("b0", "Other partition"));
  h.Start();
  ASSERT_TRUE(WaitUntil([&] { return h.sink().InFlight() == 6; }));

  h.source().TriggerRebalance({Tp(0)}, {Tp(0)}, lost);
  // The partition restarts from its last commit (none), so all 5 come again.
  ASSERT_TRUE(WaitUntil([&] { return h.worker().stats().consumed == 11; }));
  EXPECT_EQ(h.source().Committed(kIn, 0), std::nullopt);

  h.sink().Uncork();
  ASSERT_TRUE(h.WaitCommitted(0, 5) && h.WaitCommitted(1, 1));
  ASSERT_TRUE(h.Finish().ok());
  const auto acked = AckedInputs(h.sink());
  for (int64_t o = 0; o < 5; ++o) EXPECT_GE(acked.count({0, o}), 1u) << o;
  EXPECT_EQ(acked.count({1, 0}), 1u);
}

INSTANTIATE_TEST_SUITE_P(RevokedOrLost, RebalanceWithStuckWorkTest, ::testing::Bool());

TEST(WorkerTest, StopDrainsInFlightWorkThenCommitsAndCloses) {
  Harness::Config config;
  config.worker.commit_interval = absl::Hours(1);
  Harness h(config);
  for (int i = 0; i < 4; ++i) h.Append(0, std::nullopt, Article(absl::StrCat("a", i), "hold on"));
  h.Start();
  ASSERT_TRUE(WaitUntil([&] { return h.worker().ready() && h.worker().stats().consumed == 4; }));
  h.worker().Stop();
  ASSERT_TRUE(WaitUntil([&] { return !h.worker().ready(); }));
  EXPECT_TRUE(h.sink().Delivered().empty());
  h.gate().Open();  // Only now can the in-flight articles finish.
  ASSERT_TRUE(h.Finish().ok());
  EXPECT_EQ(h.sink().Delivered(kOut).size(), 4u);
  EXPECT_EQ(h.source().Committed(kIn, 0), 4);
  EXPECT_TRUE(h.source().Assignment().empty());  // Closed.
}

TEST(WorkerTest, StopLeavesWorkThatCannotFinishInTimeUncommitted) {
  Harness::Config config;
  config.worker.shutdown_timeout = absl::Milliseconds(50);
  Harness h(config);
  h.sink().Cork();
  h.Append(0, std::nullopt, Article("a0", "Never acknowledged"));
  h.Append(1, std::nullopt, Article("b0", "Never acknowledged"));
  h.Start();
  ASSERT_TRUE(WaitUntil([&] { return h.sink().InFlight() == 2; }));
  EXPECT_TRUE(h.Finish().ok());
  EXPECT_EQ(h.source().Committed(kIn, 0), std::nullopt);
  EXPECT_EQ(h.source().Committed(kIn, 1), std::nullopt);
}

TEST(WorkerTest, UpstreamEnrichmentRunsOnlyThisWorkersStagesAndKeepsEarlierOnes) {
  Gate gate;
  std::atomic<int> processed{0};
  auto upstream_chain = MakeChain({"language"}, &gate, &processed);
  auto both_chain = MakeChain({"language", "entities"}, &gate, &processed);
  ArticleProcessor upstream(*upstream_chain, {}), both(*both_chain, {});
  ChainScratch s1 = upstream_chain->NewScratch(), s2 = both_chain->NewScratch();
  const std::string raw = Article("up-1", "Chained");
  ProcessOutcome first = upstream.Process(raw, InputFormat::kAuto, "", s1);
  ASSERT_TRUE(first.status.ok()) << first.status;
  ProcessOutcome direct = both.Process(raw, InputFormat::kAuto, "", s2);

  Harness::Config config;
  config.stages = {"entities"};
  Harness h(config);
  h.Append(0, "up-1", first.enrichment.SerializeAsString(),
           {{"content-type", kEnrichmentContentType}});
  h.Start();
  ASSERT_TRUE(h.WaitCommitted(0, 1));
  ASSERT_TRUE(h.Finish().ok());
  std::vector<OutputMessage> out = h.sink().Delivered(kOut);
  ASSERT_EQ(out.size(), 1u);
  v1::Enrichment e;
  ASSERT_TRUE(e.ParseFromString(*out[0].value));
  EXPECT_EQ(e.language().code(), "en");  // Kept from upstream.
  ASSERT_EQ(e.entities_size(), 1);
  EXPECT_EQ(e.entities(0).canonical_name(), "en:Chained");
  EXPECT_THAT(HeaderValue(out[0], "wirelens-stage-durations").value_or(""),
              MatchesRegex("entities=[0-9]+"));
  EXPECT_EQ(h.processed(), 1);  // Only the worker's own stage ran.
  EXPECT_EQ(*out[0].value, direct.enrichment.SerializeAsString());
}

TEST(WorkerTest, ReplayingAnInputYieldsByteIdenticalValues) {
  const std::string input =
      R"({"id":"r1","headline":"Replay","body":"Same every time.",)"
      R"("attributes":{"desk":"world","priority":"3","region":"emea","slug":"replay"}})";
  std::vector<std::string> values;
  std::vector<std::string> durations;
  for (int run = 0; run < 2; ++run) {
    Harness h;
    h.Append(0, "r1", input);
    h.Append(0, "bad", "{not json");
    h.Start();
    ASSERT_TRUE(h.WaitCommitted(0, 2));
    ASSERT_TRUE(h.Finish().ok());
    for (const OutputMessage& m : h.sink().Delivered()) values.push_back(m.value.value_or(""));
  }
  ASSERT_EQ(values.size(), 4u);
  v1::Enrichment e;
  ASSERT_TRUE(e.ParseFromString(values[0]));
  EXPECT_EQ(e.attributes().size(), 4u);
  EXPECT_EQ(e.provenance_size(), 2);
  EXPECT_EQ(values[0], values[2]);
  EXPECT_EQ(values[1], values[3]);
}

TEST(WorkerTest, CommitAndPollFailuresAreNotFatal) {
  Harness h;
  h.source().FailNextPoll(absl::UnavailableError("all brokers down"));
  h.source().FailNextCommit(absl::UnavailableError("coordinator loading"));
  for (int i = 0; i < 3; ++i) h.Append(0, std::nullopt, Article(absl::StrCat("a", i), "Commit"));
  h.Start();
  ASSERT_TRUE(h.WaitCommitted(0, 3));
  EXPECT_GE(h.worker().stats().commit_failures, 1u);
  EXPECT_GE(h.CounterValue("wirelens_commit_failures_total"), 1u);

  h.source().FailNextCommit(absl::FailedPreconditionError("not the owner"));
  h.Append(0, std::nullopt, Article("a3", "Commit"));
  ASSERT_TRUE(h.WaitCommitted(0, 4));
  EXPECT_GE(h.worker().stats().commit_failures, 2u);
  EXPECT_TRUE(h.Finish().ok());
}

TEST(WorkerTest, RunRejectsBadOptionsAndASecondCall) {
  Harness::Config config;
  config.worker.threads = 0;
  Harness bad(config);
  EXPECT_EQ(bad.worker().Run().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.worker().Run().code(), absl::StatusCode::kFailedPrecondition);

  Harness h;
  h.worker().Stop();  // Stop before Run: Run subscribes, closes and returns.
  EXPECT_TRUE(h.worker().Run().ok());
  EXPECT_FALSE(h.worker().ready());
}

}  // namespace
}  // namespace wirelens::pipeline
