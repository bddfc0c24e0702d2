// File: worker.h
//
// The streaming worker: consumes raw articles (or upstream Enrichments) from
// a MessageSource, runs the ArticleProcessor on `threads` threads, and
// publishes one Enrichment per input to the output topic, or the input
// unchanged to the dead-letter topic with headers saying why.
//
// Guarantees (at-least-once by construction, STYLE.md habit 5):
//   - An input offset is committed only after its Enrichment or its dead
//     letter was acknowledged by the broker. Offsets are tracked per partition
//     (kafka::OffsetTracker), so a slow article never lets a later offset's
//     commit overtake it.
//   - Outputs of one input partition are produced in input order.
//   - On partition revoke, in-flight work of those partitions is finished and
//     committed within the shutdown timeout, or left uncommitted (to be
//     redelivered to the next owner); nothing acknowledged is lost.
//   - Processing the same input twice yields byte-identical message values:
//     wall-clock data (durations, processing time) goes in headers only.
//   - Backpressure: when `max_in_flight` inputs are in flight, every assigned
//     partition is paused; they resume once in-flight drops to half.
//
// Output message (topic `output_topic`):
//   key   = Enrichment.article_id (article id, else input key, else content hash)
//   value = serialized wirelens.v1.Enrichment
//   headers:
//     content-type: application/x-protobuf; messageType=wirelens.v1.Enrichment
//     wirelens-schema-version: 1
//     wirelens-source: <topic>/<partition>/<offset>
//     wirelens-processed-at: RFC 3339 wall time (not in the value)
//     wirelens-stage-durations: "<stage>=<microseconds>,..." (not in the value)
//     traceparent: copied from the input when present (W3C trace context)
// Dead letter (topic `dlq_topic`): the input's key, value and headers
//   unchanged, plus headers wirelens-error-code (e.g. INVALID_ARGUMENT),
//   wirelens-error-message, wirelens-error-stage (decode, normalize, or a
//   stage name), wirelens-source-topic, wirelens-source-partition,
//   wirelens-source-offset. An input too large even for the dead-letter topic
//   is dead-lettered without its value, with header wirelens-value-dropped
//   ("<size> bytes: <reason>"); fetch it from the source position.
//
// Input detection: a `content-type` header naming
// messageType=wirelens.v1.Enrichment means an upstream worker's output (the
// worker then runs only its own stages on it, keeping earlier results);
// other content types select the decoder (FormatFromContentType); otherwise
// the decoder sniffs.
//
// Publishing failures (delivery reports and Produce() errors):
//   - ResourceExhausted from Produce() (local queue full): wait briefly for
//     deliveries and try again; this is the sink's backpressure;
//   - transient (Unavailable, DeadlineExceeded, ResourceExhausted, Aborted):
//     produce again after a doubling backoff (10 ms up to 2 s), up to
//     max_produce_attempts; then the worker stops with that error and the
//     input stays uncommitted. A retried output may overtake later outputs
//     of its partition (at-least-once matters more than order on retries);
//   - the Enrichment itself is unpublishable (OutOfRange: too large for the
//     broker; InvalidArgument): the input is dead-lettered instead, with
//     wirelens-error-stage "publish";
//   - anything else (NotFound, PermissionDenied, Cancelled, Internal, ...),
//     or a dead letter that cannot be published: the worker stops with that
//     error, leaving the input uncommitted.
//
// Metrics (in the MetricsRegistry; labelled ones appear on first use):
//   wirelens_consumed_total             inputs consumed
//   wirelens_produced_total             Enrichments acknowledged
//   wirelens_dead_lettered_total{code}  dead letters acknowledged
//   wirelens_stage_duration_seconds{stage}  histogram, per stage run
//   wirelens_stage_errors_total{stage,code} this worker's stage errors in
//                                       acknowledged Enrichments
//   wirelens_in_flight                  inputs consumed, not acknowledged
//   wirelens_paused                     1 while paused for backpressure
//   wirelens_rebalances_total           partition assignments received
//   wirelens_commits_total, wirelens_commit_failures_total
//   wirelens_produce_retries_total      outputs produced again
//
// Threads: Run() is the dispatch thread (it alone polls, commits on the
// interval and runs the rebalance callbacks); `threads` processing threads
// run the chain and produce; one more thread re-produces failed outputs.
// Delivery callbacks run on the sink's thread. All are joined before Run()
// returns.
//
// Lifecycle: construct with collaborators it does not own (they must outlive
// it), call Run() on one thread; Stop() from any thread or a signal handler
// makes Run() shut down gracefully and return. Destroy the worker after
// Run() returned; delivery callbacks that arrive after that (a sink flushed
// too late) are ignored. The processor's chain should be built with
// ChainOptions::record_durations = false, or replays differ.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "pipeline/kafka/interfaces.h"
#include "pipeline/metrics.h"
#include "pipeline/processor.h"

namespace wirelens::pipeline {

inline constexpr char kEnrichmentContentType[] =
    "application/x-protobuf; messageType=wirelens.v1.Enrichment";

struct WorkerOptions {
  std::vector<std::string> input_topics = {"articles.raw"};
  std::string output_topic = "articles.enriched";
  std::string dlq_topic = "articles.raw.dlq";
  // Processing threads.
  int threads = 2;
  // Inputs in flight (polled, not yet acknowledged) before partitions pause.
  size_t max_in_flight = 1000;
  // How often acknowledged progress is committed.
  absl::Duration commit_interval = absl::Seconds(1);
  // Upper bound for a graceful stop or a partition revoke to finish in-flight
  // work, flush and commit.
  absl::Duration shutdown_timeout = absl::Seconds(20);
  // Poll wait and batch size of the dispatch loop.
  absl::Duration poll_timeout = absl::Milliseconds(100);
  size_t poll_batch = 500;
  // Retries for a produce that fails with a transient status, before the
  // worker gives up on the message (it then stays uncommitted and the worker
  // stops with an error, so it is redelivered after restart).
  int max_produce_attempts = 10;
};

// Counters since start, for logs and tests (metrics carry the same).
struct WorkerStats {
  uint64_t consumed = 0;
  uint64_t produced = 0;       // enrichments acknowledged
  uint64_t dead_lettered = 0;  // dead letters acknowledged
  uint64_t commits = 0;
  uint64_t commit_failures = 0;
  uint64_t rebalances = 0;
};

class Worker {
 public:
  Worker(kafka::MessageSource& source, kafka::MessageSink& sink, const ArticleProcessor& processor,
         MetricsRegistry& metrics, WorkerOptions options);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Subscribes and runs the consume-process-produce loop until Stop(). Then
  // stops fetching, finishes in-flight work (bounded by shutdown_timeout),
  // flushes the sink, commits acknowledged progress and closes the source.
  // Work not acknowledged by then stays uncommitted (and is redelivered).
  // Returns OK after a graceful stop, including one that ran out of time;
  // otherwise the fatal error:
  //   InvalidArgument: bad options (no topics, threads, max_in_flight,
  //     poll_batch or max_produce_attempts below 1);
  //   FailedPrecondition: Run() was called before;
  //   Subscribe()'s error, prefixed "subscribe: ";
  //   a publishing error (see the file comment), naming the input;
  //   FailedPrecondition from Poll() or an error from Close().
  // Transient Poll() and Commit() errors are not fatal: polling continues,
  // commits are retried at the next interval (and counted).
  absl::Status Run();

  // Asks Run() to stop. Async-signal-safe (one atomic store) and callable
  // from any thread; idempotent.
  void Stop();

  // True once the group has been joined (the first assignment, possibly
  // empty, was received) and until shutdown starts. Drives /readyz.
  bool ready() const;

  WorkerStats stats() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wirelens::pipeline
