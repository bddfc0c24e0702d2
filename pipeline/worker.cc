#include "pipeline/worker.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "pipeline/check.h"
#include "pipeline/enrich.h"
#include "pipeline/kafka/offset_tracker.h"
#include "pipeline/strings.h"

namespace wirelens::pipeline {
namespace {

using kafka::Header;
using kafka::InputMessage;
using kafka::OutputMessage;
using kafka::PartitionOffset;
using kafka::TopicPartition;

// Backoff before re-producing a message whose delivery failed transiently:
// doubles per attempt from the initial value up to the cap.
constexpr absl::Duration kRetryBackoffInitial = absl::Milliseconds(10);
constexpr absl::Duration kRetryBackoffMax = absl::Seconds(2);
// How long a producer waits for deliveries to free room when Produce()
// reports a full local queue, before it tries again.
constexpr absl::Duration kQueueFullWait = absl::Milliseconds(10);
// Pause after a failed Poll() so a source that fails at once is not spun on.
constexpr absl::Duration kPollErrorBackoff = absl::Milliseconds(100);

// The error stage of an input dead-lettered because its Enrichment could
// never be published (e.g. too large for the broker).
constexpr std::string_view kPublishStageName = "publish";

constexpr char kContentTypeHeader[] = "content-type";
constexpr char kTraceparentHeader[] = "traceparent";

// Delivery failures worth producing again (kafka_status.h: the broker or
// network may recover, a queue may drain, a fenced idempotent producer is
// recreated by the client).
bool IsTransientDeliveryError(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kAborted:
      return true;
    default:
      return false;
  }
}

// Failures that are about the message itself (too large, malformed), not the
// sink: an Enrichment failing so is dead-lettered instead of retried.
bool IsMessageError(absl::StatusCode code) {
  return code == absl::StatusCode::kOutOfRange || code == absl::StatusCode::kInvalidArgument;
}

// The first header called `name` (ASCII case-insensitive) that has a value.
const std::string* FindHeader(const std::vector<Header>& headers, std::string_view name) {
  for (const Header& h : headers) {
    if (h.value.has_value() && absl::EqualsIgnoreCase(AsAbsl(h.name), AsAbsl(name))) {
      return &*h.value;
    }
  }
  return nullptr;
}

// True when a MIME content type carries messageType=wirelens.v1.Enrichment
// (parameter names are case-insensitive, values may be quoted).
bool IsEnrichmentContentType(std::string_view content_type) {
  bool first = true;
  for (absl::string_view part : absl::StrSplit(AsAbsl(content_type), ';')) {
    if (first) {  // The media type itself.
      first = false;
      continue;
    }
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(absl::StripAsciiWhitespace(part), absl::MaxSplits('=', 1));
    absl::string_view value = absl::StripAsciiWhitespace(kv.second);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(kv.first), "messageType") &&
        value == "wirelens.v1.Enrichment") {
      return true;
    }
  }
  return false;
}

std::string SourceRef(const InputMessage& in) {
  return absl::StrCat(in.topic, "/", in.partition, "/", in.offset);
}

std::string FormatStageDurations(
    const std::vector<std::pair<std::string, std::chrono::nanoseconds>>& timings) {
  std::string out;
  for (const auto& [stage, duration] : timings) {
    absl::StrAppend(&out, out.empty() ? "" : ",", stage, "=",
                    std::chrono::duration_cast<std::chrono::microseconds>(duration).count());
  }
  return out;
}

absl::Duration RetryBackoff(int failed_attempts) {
  absl::Duration backoff = kRetryBackoffInitial;
  for (int i = 1; i < failed_attempts && backoff < kRetryBackoffMax; ++i) backoff *= 2;
  return std::min(backoff, kRetryBackoffMax);
}

absl::Status WithContext(const absl::Status& status, std::string_view context) {
  return absl::Status(status.code(), absl::StrCat(AsAbsl(context), ": ", status.message()));
}

struct Lane;

// One consumed input, from dispatch until its output is acknowledged.
struct Job {
  InputMessage input;
  std::shared_ptr<Lane> lane;
  // Set by the processing thread before `ready`, then owned by whoever holds
  // the job: the lane's producer, the sink (until the callback), the retrier.
  OutputMessage output;
  bool dead_letter = false;
  std::string dead_letter_code;  // Metric label of a dead letter.
  // (stage, code) of this worker's stage errors in a published Enrichment.
  std::vector<std::pair<std::string, std::string>> stage_errors;
  // Failed transient delivery attempts of the current `output`.
  int failed_attempts = 0;
  // The output is ready to produce. Guarded by lane->mu.
  bool ready = false;
};
using JobPtr = std::shared_ptr<Job>;

// One assigned input partition: its jobs in offset order, so outputs are
// produced in input order. A partition assigned again gets a new Lane; jobs
// of a revoked Lane are dropped and their late acknowledgments ignored.
struct Lane {
  explicit Lane(TopicPartition partition) : tp(std::move(partition)) {}
  const TopicPartition tp;
  std::atomic<bool> revoked{false};
  absl::Mutex mu;
  std::deque<JobPtr> slots ABSL_GUARDED_BY(mu);
  // A thread is producing from the head; others only mark their slot ready.
  bool producing ABSL_GUARDED_BY(mu) = false;
};

// Hands jobs from the dispatch thread to the processing threads. Its length
// is bounded by the in-flight limit: the dispatch loop never polls more than
// `max_in_flight` minus the inputs in flight, and every queued job is in
// flight (or belongs to a just-revoked partition and is skipped at once).
// So Push() never has to block the thread that keeps the consumer alive.
class WorkQueue {
 public:
  void Push(JobPtr job) {
    absl::MutexLock lock(&mu_);
    if (!halted_) jobs_.push_back(std::move(job));
  }

  // Waits for a job; nullptr once halted.
  JobPtr Pop() {
    absl::MutexLock lock(&mu_);
    auto work = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return halted_ || !jobs_.empty(); };
    mu_.Await(absl::Condition(&work));
    if (halted_) return nullptr;
    JobPtr job = std::move(jobs_.front());
    jobs_.pop_front();
    return job;
  }

  // Wakes every waiter; queued jobs are dropped (their offsets stay
  // uncommitted).
  void Halt() {
    absl::MutexLock lock(&mu_);
    halted_ = true;
    jobs_.clear();
  }

 private:
  absl::Mutex mu_;
  std::deque<JobPtr> jobs_ ABSL_GUARDED_BY(mu_);
  bool halted_ ABSL_GUARDED_BY(mu_) = false;
};

// All worker state. Shared with delivery callbacks (which may, if the sink
// is flushed too late, arrive after the Worker is gone: they then find the
// callback gate closed and do nothing).
class WorkerEngine : public kafka::RebalanceListener,
                     public std::enable_shared_from_this<WorkerEngine> {
 public:
  WorkerEngine(kafka::MessageSource& source, kafka::MessageSink& sink,
               const ArticleProcessor& processor, MetricsRegistry& metrics, WorkerOptions options);

  absl::Status Run();
  void Stop() { stop_requested_.store(true, std::memory_order_relaxed); }
  bool ready() const { return ready_.load(std::memory_order_acquire); }
  WorkerStats stats() const;
  // Makes later delivery callbacks no-ops and waits for running ones.
  void CloseCallbackGate();

  // ---- RebalanceListener (dispatch thread, inside Poll() or Close()) ----
  void OnPartitionsAssigned(absl::Span<const TopicPartition> partitions) override;
  void OnPartitionsRevoked(absl::Span<const TopicPartition> partitions) override;
  void OnPartitionsLost(absl::Span<const TopicPartition> partitions) override;

 private:
  enum class SubmitResult { kQueued, kQueueFull, kHandedOff };

  absl::Status ValidateOptions() const;
  // ---- dispatch thread ----
  void DispatchLoop();
  void Dispatch(InputMessage message);
  void UpdateBackpressure(size_t in_flight);
  void CommitCommittable();
  void CommitOffsets(absl::Span<const PartitionOffset> offsets);
  void DropLanes(absl::Span<const TopicPartition> partitions);
  void Shutdown();
  // ---- processing threads ----
  void ProcessLoop();
  void Prepare(Job& job, ChainScratch& scratch);
  void MakeEnrichmentOutput(Job& job, const ProcessOutcome& outcome);
  void MakeDeadLetter(Job& job, const absl::Status& status, std::string_view stage);
  void ProduceReady(Lane& lane);
  // ---- producing (any thread) ----
  SubmitResult Submit(const JobPtr& job);
  void OnDelivery(const JobPtr& job, absl::Status status);
  void HandleFailure(const JobPtr& job, const absl::Status& status);
  void ScheduleRetry(JobPtr job, absl::Time due);
  void RetryLoop();
  void Fail(absl::Status status);
  // ---- waiting ----
  void NotifyProgress();
  // Waits until `done()` or the deadline; also returns early once the worker
  // failed or halted. `done` is evaluated with progress_mu_ held.
  template <typename Pred>
  bool WaitFor(Pred done, absl::Time deadline);
  bool Halted() const { return halted_.load(std::memory_order_acquire); }

  kafka::MessageSource& source_;
  kafka::MessageSink& sink_;
  const ArticleProcessor& processor_;
  MetricsRegistry& registry_;
  const WorkerOptions options_;
  kafka::OffsetTracker tracker_;

  // Metrics (references stay valid for the registry's lifetime).
  Counter& consumed_total_;
  Counter& produced_total_;
  Counter& rebalances_total_;
  Counter& commits_total_;
  Counter& commit_failures_total_;
  Counter& produce_retries_total_;
  Gauge& in_flight_gauge_;
  Gauge& paused_gauge_;
  // Built before the threads start, read-only afterwards.
  absl::flat_hash_map<std::string, Histogram*> stage_durations_;
  absl::flat_hash_set<std::string> own_stages_;

  // Counters behind stats().
  std::atomic<uint64_t> consumed_{0}, produced_{0}, dead_lettered_{0}, commits_{0},
      commit_failures_{0}, rebalances_{0};

  std::atomic<bool> started_{false};
  std::atomic<bool> stop_requested_{false};  // Stop(), or a fatal error.
  std::atomic<bool> ready_{false};
  std::atomic<bool> failed_{false};
  // Set during shutdown: nothing more is processed, produced or retried.
  std::atomic<bool> halted_{false};

  absl::Mutex fatal_mu_;
  absl::Status fatal_ ABSL_GUARDED_BY(fatal_mu_);

  // Signalled on every acknowledgment and state change that waiters (revoke,
  // shutdown, a producer facing a full queue) care about.
  absl::Mutex progress_mu_;
  uint64_t progress_epoch_ ABSL_GUARDED_BY(progress_mu_) = 0;

  WorkQueue queue_;
  std::vector<std::thread> threads_;

  absl::Mutex retry_mu_;
  absl::CondVar retry_cv_;
  std::multimap<absl::Time, JobPtr> retries_ ABSL_GUARDED_BY(retry_mu_);
  std::thread retrier_;

  absl::Mutex gate_mu_;
  bool gate_closed_ ABSL_GUARDED_BY(gate_mu_) = false;
  int active_callbacks_ ABSL_GUARDED_BY(gate_mu_) = 0;

  // Dispatch-thread state (Run() and the rebalance callbacks only).
  absl::flat_hash_map<TopicPartition, std::shared_ptr<Lane>> lanes_;
  bool paused_ = false;
  bool closing_ = false;
  absl::Time shutdown_deadline_ = absl::InfiniteFuture();
};

WorkerEngine::WorkerEngine(kafka::MessageSource& source, kafka::MessageSink& sink,
                           const ArticleProcessor& processor, MetricsRegistry& metrics,
                           WorkerOptions options)
    : source_(source),
      sink_(sink),
      processor_(processor),
      registry_(metrics),
      options_(std::move(options)),
      consumed_total_(metrics.GetCounter("wirelens_consumed_total",
                                         "Input messages consumed from the input topics.")),
      produced_total_(
          metrics.GetCounter("wirelens_produced_total", "Enrichments acknowledged by the broker.")),
      rebalances_total_(metrics.GetCounter("wirelens_rebalances_total",
                                           "Partition assignments received from the group.")),
      commits_total_(metrics.GetCounter("wirelens_commits_total", "Successful offset commits.")),
      commit_failures_total_(metrics.GetCounter("wirelens_commit_failures_total",
                                                "Offset commits that failed (retried later).")),
      produce_retries_total_(metrics.GetCounter(
          "wirelens_produce_retries_total", "Outputs produced again after a transient failure.")),
      in_flight_gauge_(metrics.GetGauge("wirelens_in_flight",
                                        "Inputs consumed whose output is not yet acknowledged.")),
      paused_gauge_(metrics.GetGauge("wirelens_paused",
                                     "1 while input partitions are paused for backpressure.")) {
  for (const auto& stage : processor_.chain().stages()) {
    const std::string name(stage->name());
    own_stages_.insert(name);
    stage_durations_[name] =
        &metrics.GetHistogram("wirelens_stage_duration_seconds",
                              "Wall time of one stage on one article.", {{"stage", name}});
  }
}

WorkerStats WorkerEngine::stats() const {
  WorkerStats s;
  s.consumed = consumed_.load(std::memory_order_relaxed);
  s.produced = produced_.load(std::memory_order_relaxed);
  s.dead_lettered = dead_lettered_.load(std::memory_order_relaxed);
  s.commits = commits_.load(std::memory_order_relaxed);
  s.commit_failures = commit_failures_.load(std::memory_order_relaxed);
  s.rebalances = rebalances_.load(std::memory_order_relaxed);
  return s;
}

absl::Status WorkerEngine::ValidateOptions() const {
  if (options_.input_topics.empty()) return absl::InvalidArgumentError("no input topics");
  if (options_.output_topic.empty() || options_.dlq_topic.empty()) {
    return absl::InvalidArgumentError("output and dead-letter topics must be named");
  }
  if (options_.threads < 1) return absl::InvalidArgumentError("threads must be at least 1");
  if (options_.max_in_flight < 1 || options_.poll_batch < 1) {
    return absl::InvalidArgumentError("max_in_flight and poll_batch must be at least 1");
  }
  if (options_.max_produce_attempts < 1) {
    return absl::InvalidArgumentError("max_produce_attempts must be at least 1");
  }
  return absl::OkStatus();
}

// ============================ Run and shutdown ============================

absl::Status WorkerEngine::Run() {
  if (started_.exchange(true)) {
    return absl::FailedPreconditionError("Worker::Run() may be called only once");
  }
  if (absl::Status s = ValidateOptions(); !s.ok()) return s;
  if (absl::Status s = source_.Subscribe(options_.input_topics, this); !s.ok()) {
    return WithContext(s, "subscribe");
  }
  for (int i = 0; i < options_.threads; ++i) threads_.emplace_back([this] { ProcessLoop(); });
  retrier_ = std::thread([this] { RetryLoop(); });

  DispatchLoop();
  Shutdown();

  absl::MutexLock lock(&fatal_mu_);
  return fatal_;
}

void WorkerEngine::DispatchLoop() {
  absl::Time next_commit = absl::Now() + options_.commit_interval;
  while (!stop_requested_.load(std::memory_order_relaxed)) {
    const size_t in_flight = tracker_.TotalInFlight();
    UpdateBackpressure(in_flight);
    // Never fetch past the in-flight limit; while paused a poll still runs
    // rebalance callbacks.
    const size_t room = options_.max_in_flight > in_flight ? options_.max_in_flight - in_flight : 0;
    const size_t batch = std::clamp<size_t>(room, 1, options_.poll_batch);
    const absl::Duration wait =
        std::max(absl::ZeroDuration(), std::min(next_commit - absl::Now(), options_.poll_timeout));
    absl::StatusOr<std::vector<InputMessage>> polled = source_.Poll(batch, wait);
    if (polled.ok()) {
      for (InputMessage& message : *polled) Dispatch(std::move(message));
    } else if (polled.status().code() == absl::StatusCode::kFailedPrecondition) {
      Fail(WithContext(polled.status(), "poll"));
    } else {
      // Transient consumer errors (brokers down, ...): the client recovers
      // by itself; keep polling.
      absl::SleepFor(std::min(kPollErrorBackoff, options_.poll_timeout));
    }
    in_flight_gauge_.Set(static_cast<int64_t>(tracker_.TotalInFlight()));
    if (absl::Now() >= next_commit) {
      CommitCommittable();
      next_commit = absl::Now() + options_.commit_interval;
    }
  }
}

void WorkerEngine::Shutdown() {
  ready_.store(false, std::memory_order_release);
  closing_ = true;
  shutdown_deadline_ = absl::Now() + options_.shutdown_timeout;
  // Let in-flight work finish (a failed worker has an output that never
  // will, so it does not wait).
  WaitFor([this] { return tracker_.TotalInFlight() == 0; }, shutdown_deadline_);

  halted_.store(true, std::memory_order_release);
  queue_.Halt();
  {
    absl::MutexLock lock(&retry_mu_);
    retries_.clear();
    retry_cv_.SignalAll();
  }
  NotifyProgress();
  for (std::thread& t : threads_) t.join();
  threads_.clear();
  retrier_.join();

  // Whatever is in the sink gets the rest of the budget to be acknowledged.
  (void)sink_.Flush(std::max(shutdown_deadline_ - absl::Now(), absl::ZeroDuration()));
  CommitCommittable();
  // Revokes everything (OnPartitionsRevoked commits any last progress).
  if (absl::Status s = source_.Close(); !s.ok()) Fail(WithContext(s, "close source"));
  // Normally Close() revoked everything; if it failed, drop what is left
  // (which also frees the jobs still queued in the lanes).
  std::vector<TopicPartition> remaining;
  for (const auto& [tp, lane] : lanes_) remaining.push_back(tp);
  DropLanes(remaining);
  in_flight_gauge_.Set(static_cast<int64_t>(tracker_.TotalInFlight()));
  paused_gauge_.Set(0);
}

void WorkerEngine::CloseCallbackGate() {
  absl::MutexLock lock(&gate_mu_);
  gate_closed_ = true;
  auto idle = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(gate_mu_) { return active_callbacks_ == 0; };
  gate_mu_.Await(absl::Condition(&idle));
}

void WorkerEngine::Fail(absl::Status status) {
  {
    absl::MutexLock lock(&fatal_mu_);
    if (fatal_.ok()) fatal_ = std::move(status);
  }
  failed_.store(true, std::memory_order_release);
  stop_requested_.store(true, std::memory_order_relaxed);
  NotifyProgress();
}

void WorkerEngine::NotifyProgress() {
  absl::MutexLock lock(&progress_mu_);
  ++progress_epoch_;
}

template <typename Pred>
bool WorkerEngine::WaitFor(Pred done, absl::Time deadline) {
  auto ready = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(progress_mu_) {
    return failed_.load(std::memory_order_acquire) || Halted() || done();
  };
  absl::MutexLock lock(&progress_mu_);
  progress_mu_.AwaitWithDeadline(absl::Condition(&ready), deadline);
  return done();
}

// ============================== Dispatching ==============================

void WorkerEngine::Dispatch(InputMessage message) {
  // A message of a partition revoked since it was fetched is not ours to
  // process; a rewind cannot happen without a revoke. Either way, drop it.
  if (!tracker_.Track(message.topic, message.partition, message.offset).ok()) return;
  auto lane = lanes_.find(TopicPartition{message.topic, message.partition});
  WL_CHECK(lane != lanes_.end()) << "tracked partition without a lane: " << message.topic << "/"
                                 << message.partition;
  consumed_.fetch_add(1, std::memory_order_relaxed);
  consumed_total_.Increment();
  auto job = std::make_shared<Job>();
  job->input = std::move(message);
  job->lane = lane->second;
  {
    absl::MutexLock lock(&job->lane->mu);
    job->lane->slots.push_back(job);
  }
  queue_.Push(std::move(job));
}

void WorkerEngine::UpdateBackpressure(size_t in_flight) {
  const bool pause = !paused_ && in_flight >= options_.max_in_flight;
  const bool resume = paused_ && in_flight <= options_.max_in_flight / 2;
  if (!pause && !resume) return;
  const std::vector<TopicPartition> assigned = tracker_.Assigned();
  // On failure (a partition changing hands) the next loop tries again.
  if (absl::Status s = pause ? source_.Pause(assigned) : source_.Resume(assigned); !s.ok()) return;
  paused_ = pause;
  paused_gauge_.Set(pause ? 1 : 0);
}

void WorkerEngine::CommitCommittable() { CommitOffsets(tracker_.Committable()); }

void WorkerEngine::CommitOffsets(absl::Span<const PartitionOffset> offsets) {
  if (offsets.empty()) return;
  // Failures are retried at the next interval; FailedPrecondition means a
  // partition moved away, and its new owner reprocesses from its last commit.
  if (source_.Commit(offsets).ok()) {
    tracker_.MarkCommitted(offsets);
    commits_.fetch_add(1, std::memory_order_relaxed);
    commits_total_.Increment();
  } else {
    commit_failures_.fetch_add(1, std::memory_order_relaxed);
    commit_failures_total_.Increment();
  }
}

// =============================== Rebalances ===============================

void WorkerEngine::OnPartitionsAssigned(absl::Span<const TopicPartition> partitions) {
  tracker_.Assign(partitions);
  for (const TopicPartition& tp : partitions) {
    auto& lane = lanes_[tp];
    if (lane == nullptr) lane = std::make_shared<Lane>(tp);
  }
  // Paused stays paused: newly assigned partitions join the pause. Otherwise
  // resume them explicitly: librdkafka keeps a partition's pause flag across
  // unassign and reassign, so a partition paused before it was lost would
  // otherwise never be fetched again after it comes back.
  if (!partitions.empty()) {
    (void)(paused_ ? source_.Pause(partitions) : source_.Resume(partitions));
  }
  rebalances_.fetch_add(1, std::memory_order_relaxed);
  rebalances_total_.Increment();
  if (!closing_) ready_.store(true, std::memory_order_release);
}

void WorkerEngine::OnPartitionsRevoked(absl::Span<const TopicPartition> partitions) {
  const absl::Time deadline =
      closing_ ? shutdown_deadline_ : absl::Now() + options_.shutdown_timeout;
  WaitFor(
      [&] {
        return std::all_of(partitions.begin(), partitions.end(), [&](const TopicPartition& tp) {
          return tracker_.InFlight(tp.topic, tp.partition) == 0;
        });
      },
      deadline);
  // Whatever did not finish is dropped and stays uncommitted, so the next
  // owner processes it again.
  DropLanes(partitions);
  CommitOffsets(tracker_.Revoke(partitions));
}

void WorkerEngine::OnPartitionsLost(absl::Span<const TopicPartition> partitions) {
  DropLanes(partitions);
  (void)tracker_.Revoke(partitions);  // Commits would be rejected.
}

void WorkerEngine::DropLanes(absl::Span<const TopicPartition> partitions) {
  for (const TopicPartition& tp : partitions) {
    auto it = lanes_.find(tp);
    if (it == lanes_.end()) continue;
    {
      absl::MutexLock lock(&it->second->mu);
      it->second->revoked.store(true, std::memory_order_release);
      it->second->slots.clear();
    }
    lanes_.erase(it);
  }
}

// =============================== Processing ===============================

void WorkerEngine::ProcessLoop() {
  ChainScratch scratch = processor_.chain().NewScratch();
  while (JobPtr job = queue_.Pop()) {
    if (job->lane->revoked.load(std::memory_order_acquire)) continue;
    Prepare(*job, scratch);
    Lane& lane = *job->lane;
    {
      absl::MutexLock lock(&lane.mu);
      job->ready = true;
      if (lane.producing) continue;  // That thread produces this slot too.
      lane.producing = true;
    }
    ProduceReady(lane);
  }
}

void WorkerEngine::Prepare(Job& job, ChainScratch& scratch) {
  const InputMessage& in = job.input;
  if (!in.value.has_value() || in.value->empty()) {
    MakeDeadLetter(job, absl::InvalidArgumentError("empty message"), kDecodeStageName);
    return;
  }
  const std::string* content_type = FindHeader(in.headers, kContentTypeHeader);
  ProcessOutcome outcome;
  if (content_type != nullptr && IsEnrichmentContentType(*content_type)) {
    outcome = processor_.ProcessEnrichment(*in.value, scratch);
  } else {
    const InputFormat format =
        content_type != nullptr ? FormatFromContentType(*content_type) : InputFormat::kAuto;
    outcome = processor_.Process(
        *in.value, format, in.key.has_value() ? std::string_view(*in.key) : std::string_view(),
        scratch);
  }
  for (const auto& [stage, duration] : outcome.timings) {
    auto it = stage_durations_.find(stage);
    if (it != stage_durations_.end()) {
      it->second->Observe(std::chrono::duration<double>(duration).count());
    }
  }
  if (outcome.status.ok()) {
    MakeEnrichmentOutput(job, outcome);
  } else {
    MakeDeadLetter(job, outcome.status, outcome.failed_stage);
  }
}

void WorkerEngine::MakeEnrichmentOutput(Job& job, const ProcessOutcome& outcome) {
  const v1::Enrichment& enrichment = outcome.enrichment;
  OutputMessage& out = job.output;
  out.topic = options_.output_topic;
  out.key = enrichment.article_id();
  out.value = SerializeEnrichment(enrichment);  // deterministic: replays are byte-identical
  out.headers = {
      {"content-type", kEnrichmentContentType},
      {"wirelens-schema-version", absl::StrCat(enrichment.schema_version())},
      {"wirelens-source", SourceRef(job.input)},
      {"wirelens-processed-at",
       absl::FormatTime(absl::RFC3339_full, absl::Now(), absl::UTCTimeZone())},
      {"wirelens-stage-durations", FormatStageDurations(outcome.timings)},
  };
  if (const std::string* trace = FindHeader(job.input.headers, kTraceparentHeader)) {
    out.headers.push_back({kTraceparentHeader, *trace});
  }
  job.dead_letter = false;
  job.stage_errors.clear();
  for (const v1::StageError& error : enrichment.errors()) {
    // Errors of upstream workers' stages were counted there.
    if (own_stages_.contains(error.stage())) {
      job.stage_errors.emplace_back(error.stage(), error.code());
    }
  }
}

void WorkerEngine::MakeDeadLetter(Job& job, const absl::Status& status, std::string_view stage) {
  const InputMessage& in = job.input;
  OutputMessage& out = job.output;
  out.topic = options_.dlq_topic;
  out.key = in.key;
  out.value = in.value;
  out.headers = in.headers;
  const std::string code = StatusCodeName(status.code());
  out.headers.push_back({"wirelens-error-code", code});
  out.headers.push_back({"wirelens-error-message", std::string(AsStd(status.message()))});
  out.headers.push_back({"wirelens-error-stage", std::string(stage)});
  out.headers.push_back({"wirelens-source-topic", in.topic});
  out.headers.push_back({"wirelens-source-partition", absl::StrCat(in.partition)});
  out.headers.push_back({"wirelens-source-offset", absl::StrCat(in.offset)});
  job.dead_letter = true;
  job.dead_letter_code = code;
  job.stage_errors.clear();
  job.failed_attempts = 0;
}

// Called with lane.producing set by this thread: produces ready head slots in
// order until the head is not ready, the lane is revoked, or the worker
// failed or halts.
void WorkerEngine::ProduceReady(Lane& lane) {
  lane.mu.Lock();
  while (!lane.slots.empty() && lane.slots.front()->ready && !lane.revoked.load() && !Halted() &&
         !failed_.load(std::memory_order_acquire)) {
    JobPtr head = lane.slots.front();
    // Produce() never runs the callback itself, so holding the lock is safe.
    if (Submit(head) == SubmitResult::kQueueFull) {
      uint64_t epoch;
      {
        absl::MutexLock lock(&progress_mu_);
        epoch = progress_epoch_;
      }
      lane.mu.Unlock();  // Let revokes and other producers' slots through.
      WaitFor([&]()
                  ABSL_EXCLUSIVE_LOCKS_REQUIRED(progress_mu_) { return progress_epoch_ != epoch; },
              absl::Now() + kQueueFullWait);
      lane.mu.Lock();
      continue;
    }
    lane.slots.pop_front();
  }
  lane.producing = false;
  lane.mu.Unlock();
}

// ============================== Producing ==============================

WorkerEngine::SubmitResult WorkerEngine::Submit(const JobPtr& job) {
  absl::Status status =
      sink_.Produce(job->output, [self = shared_from_this(), job](absl::Status delivery) mutable {
        {
          absl::MutexLock lock(&self->gate_mu_);
          if (self->gate_closed_) return;
          ++self->active_callbacks_;
        }
        self->OnDelivery(job, std::move(delivery));
        absl::MutexLock lock(&self->gate_mu_);
        --self->active_callbacks_;
      });
  if (status.ok()) return SubmitResult::kQueued;
  if (status.code() == absl::StatusCode::kResourceExhausted) return SubmitResult::kQueueFull;
  HandleFailure(job, status);
  return SubmitResult::kHandedOff;
}

void WorkerEngine::OnDelivery(const JobPtr& job, absl::Status status) {
  if (!status.ok()) {
    HandleFailure(job, status);
    NotifyProgress();  // The sink has room again.
    return;
  }
  if (job->dead_letter) {
    dead_lettered_.fetch_add(1, std::memory_order_relaxed);
    registry_
        .GetCounter("wirelens_dead_lettered_total",
                    "Inputs published to the dead-letter topic, by status code.",
                    {{"code", job->dead_letter_code}})
        .Increment();
  } else {
    produced_.fetch_add(1, std::memory_order_relaxed);
    produced_total_.Increment();
    for (const auto& [stage, code] : job->stage_errors) {
      registry_
          .GetCounter("wirelens_stage_errors_total",
                      "Stage errors recorded in published Enrichments.",
                      {{"stage", stage}, {"code", code}})
          .Increment();
    }
  }
  // A revoked partition's acknowledgment is ignored: its offsets were
  // forgotten, and the new owner (maybe us again) reprocesses them.
  if (!job->lane->revoked.load(std::memory_order_acquire)) {
    (void)tracker_.MarkDone(job->input.topic, job->input.partition, job->input.offset);
  }
  NotifyProgress();
}

void WorkerEngine::HandleFailure(const JobPtr& job, const absl::Status& status) {
  // Dropped work stays uncommitted and is redelivered.
  if (Halted() || job->lane->revoked.load(std::memory_order_acquire)) return;
  const std::string what =
      absl::StrCat(job->dead_letter ? "dead letter" : "enrichment", " for ", SourceRef(job->input));
  if (IsTransientDeliveryError(status.code())) {
    if (++job->failed_attempts < options_.max_produce_attempts) {
      produce_retries_total_.Increment();
      ScheduleRetry(job, absl::Now() + RetryBackoff(job->failed_attempts));
      return;
    }
    Fail(WithContext(status, absl::StrCat("publishing ", what, " failed after ",
                                          job->failed_attempts, " attempts")));
    return;
  }
  if (!job->dead_letter && IsMessageError(status.code())) {
    MakeDeadLetter(*job, status, kPublishStageName);
    ScheduleRetry(job, absl::Now());
    return;
  }
  if (job->dead_letter && IsMessageError(status.code()) && job->output.value.has_value() &&
      !job->output.value->empty()) {
    // The input itself is too large for the dead-letter topic (e.g. over the
    // broker's message.max.bytes). Failing would crash-loop on the same
    // offset after every restart, so dead-letter it without its value; the
    // headers say so and point at the original record in the input topic.
    job->output.headers.push_back(
        {"wirelens-value-dropped", absl::StrCat(job->output.value->size(), " bytes: ",
                                               status.message())});
    job->output.value = std::string();
    job->failed_attempts = 0;
    ScheduleRetry(job, absl::Now());
    return;
  }
  Fail(WithContext(status, absl::StrCat("publishing ", what)));
}

void WorkerEngine::ScheduleRetry(JobPtr job, absl::Time due) {
  absl::MutexLock lock(&retry_mu_);
  if (Halted()) return;
  retries_.emplace(due, std::move(job));
  retry_cv_.Signal();
}

// Re-produces failed outputs when their backoff has passed. Retried outputs
// may overtake later ones of their partition: at-least-once matters more
// than order on retries.
void WorkerEngine::RetryLoop() {
  retry_mu_.Lock();
  while (!Halted()) {
    if (retries_.empty()) {
      retry_cv_.Wait(&retry_mu_);
      continue;
    }
    auto first = retries_.begin();
    if (first->first > absl::Now()) {
      retry_cv_.WaitWithDeadline(&retry_mu_, first->first);
      continue;
    }
    JobPtr job = std::move(first->second);
    retries_.erase(first);
    retry_mu_.Unlock();
    const bool full = !job->lane->revoked.load(std::memory_order_acquire) &&
                      Submit(job) == SubmitResult::kQueueFull;
    retry_mu_.Lock();
    if (full && !Halted()) retries_.emplace(absl::Now() + kQueueFullWait, std::move(job));
  }
  retry_mu_.Unlock();
}

}  // namespace

class Worker::Impl {
 public:
  std::shared_ptr<WorkerEngine> engine;
};

Worker::Worker(kafka::MessageSource& source, kafka::MessageSink& sink,
               const ArticleProcessor& processor, MetricsRegistry& metrics, WorkerOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->engine =
      std::make_shared<WorkerEngine>(source, sink, processor, metrics, std::move(options));
}

Worker::~Worker() {
  impl_->engine->Stop();
  impl_->engine->CloseCallbackGate();
}

absl::Status Worker::Run() { return impl_->engine->Run(); }
void Worker::Stop() { impl_->engine->Stop(); }
bool Worker::ready() const { return impl_->engine->ready(); }
WorkerStats Worker::stats() const { return impl_->engine->stats(); }

}  // namespace wirelens::pipeline
