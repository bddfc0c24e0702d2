// File: fake_source_sink.h
//
// In-memory MessageSource and MessageSink for tests of everything above the
// Kafka client: the dispatch loop, backpressure, the error policy and
// at-least-once commits (STYLE.md, habit 3). They honour the contracts in
// interfaces.h (ordering, when callbacks run, which codes come back) and add
// controls a test needs: feeding input, triggering rebalances, corking
// deliveries and injecting failures.
//
// Both are thread-safe: the test thread may feed, cork or fail things while
// the code under test polls, produces and commits on other threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "pipeline/kafka/interfaces.h"
#include "pipeline/kafka/offset_tracker.h"

namespace wirelens::pipeline::kafka {

// A consumer of an imaginary cluster whose topics and partition counts are
// fixed at construction. Subscribe() assigns every partition of the
// subscribed topics to this consumer. Positions start at the committed
// offset, or at the beginning when nothing was committed (like
// auto.offset.reset=earliest); a partition revoked and assigned again
// restarts from its committed offset, so uncommitted messages come again,
// as they would from a real broker.
//
// Rebalances requested with TriggerRebalance() are delivered inside the
// next Poll(), revocations first. During OnPartitionsRevoked the partitions
// still count as assigned, so commits for them succeed; during
// OnPartitionsLost they are already gone, so commits fail.
class FakeSource : public MessageSource {
 public:
  // `topics`: name -> partition count (>= 1).
  explicit FakeSource(const std::map<std::string, int32_t>& topics);

  // ---- MessageSource ----
  // Subscribe returns NotFound for a topic the cluster does not have.
  absl::Status Subscribe(const std::vector<std::string>& topics,
                         RebalanceListener* listener) override;
  absl::StatusOr<std::vector<InputMessage>> Poll(size_t max_messages,
                                                 absl::Duration timeout) override;
  absl::Status Pause(absl::Span<const TopicPartition> partitions) override;
  absl::Status Resume(absl::Span<const TopicPartition> partitions) override;
  absl::Status Commit(absl::Span<const PartitionOffset> offsets) override;
  absl::Status Close() override;

  // ---- Test controls ----

  // Appends a record to a partition's log and returns its offset. Wakes a
  // waiting Poll(). NotFound for an unknown topic or partition.
  absl::StatusOr<int64_t> Append(std::string_view topic, int32_t partition,
                                 std::optional<std::string> key, std::optional<std::string> value,
                                 std::vector<Header> headers = {});

  // Leaves a gap of `count` offsets in a partition's log (what compaction
  // and transaction markers look like to a consumer).
  absl::Status SkipOffsets(std::string_view topic, int32_t partition, int64_t count);

  // Queues a rebalance for the next Poll(): `revoke` (or, with `lost`,
  // loses) those partitions, then assigns `assign`. Partitions in `revoke`
  // that are not assigned, or in `assign` that already are, are ignored.
  void TriggerRebalance(std::vector<TopicPartition> revoke, std::vector<TopicPartition> assign,
                        bool lost = false);

  // The next Poll() / Commit() returns `status` instead of doing its work.
  void FailNextPoll(absl::Status status);
  void FailNextCommit(absl::Status status);

  std::optional<int64_t> Committed(std::string_view topic, int32_t partition) const;
  std::vector<TopicPartition> Assignment() const;
  bool IsPaused(const TopicPartition& tp) const;
  // Number of Commit() calls that succeeded.
  size_t successful_commits() const;

 private:
  struct Partition {
    std::vector<InputMessage> log;  // Ascending offsets, possibly gapped.
    int64_t next_offset = 0;        // Offset the next Append gets.
    std::optional<int64_t> committed;
    // Only meaningful while assigned.
    bool assigned = false;
    bool paused = false;
    int64_t position = 0;  // Next offset to return.
  };
  struct RebalanceEvent {
    std::vector<TopicPartition> revoke;
    std::vector<TopicPartition> assign;
    bool lost;
  };

  Partition* Find(const TopicPartition& tp) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  const Partition* Find(const TopicPartition& tp) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status CheckAllAssigned(absl::Span<const TopicPartition> partitions)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Runs queued rebalances; takes and releases mu_ around listener calls.
  void RunRebalances() ABSL_LOCKS_EXCLUDED(mu_);
  void Assign(const std::vector<TopicPartition>& partitions) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool HasReadable() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  std::map<TopicPartition, Partition> partitions_ ABSL_GUARDED_BY(mu_);
  bool subscribed_ ABSL_GUARDED_BY(mu_) = false;
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  RebalanceListener* listener_ ABSL_GUARDED_BY(mu_) = nullptr;
  std::deque<RebalanceEvent> rebalances_ ABSL_GUARDED_BY(mu_);
  std::optional<absl::Status> fail_next_poll_ ABSL_GUARDED_BY(mu_);
  std::optional<absl::Status> fail_next_commit_ ABSL_GUARDED_BY(mu_);
  size_t successful_commits_ ABSL_GUARDED_BY(mu_) = 0;
  // Round-robin start for fairness across partitions.
  size_t poll_cursor_ ABSL_GUARDED_BY(mu_) = 0;
};

// A producer that "delivers" into memory.
//
// Deliveries happen in produce order. With Options::auto_deliver (the
// default) a sink-owned thread delivers queued messages as soon as the sink
// is not corked; without it nothing is delivered until the test calls
// DeliverPending() or Flush(), which makes interleavings deterministic.
// Callbacks never run inside Produce(), and never with the sink's lock
// held, so they may call back into the sink.
class FakeSink : public MessageSink {
 public:
  struct Options {
    // Produce() returns ResourceExhausted while this many messages are in
    // flight (queued or being delivered).
    size_t capacity = 10000;
    bool auto_deliver = true;
  };

  FakeSink() : FakeSink(Options()) {}
  explicit FakeSink(Options options);
  // Stops the delivery thread and fails callbacks of messages still queued
  // with Cancelled.
  ~FakeSink() override;

  // ---- MessageSink ----
  absl::Status Produce(OutputMessage message, DeliveryCallback on_delivery) override;
  // Without auto_deliver, delivers queued messages on the calling thread
  // (whenever not corked) while it waits.
  absl::Status Flush(absl::Duration timeout) override;
  size_t InFlight() const override;

  // ---- Test controls ----

  // While corked nothing is delivered: in-flight messages pile up until
  // Produce() reports ResourceExhausted, and Flush() times out.
  void Cork();
  void Uncork();

  // Delivers up to `max` queued messages on the calling thread (no-op while
  // corked) and returns how many it delivered.
  size_t DeliverPending(size_t max = std::numeric_limits<size_t>::max());

  // The next `count` deliveries report `status` instead of OK (those
  // messages do not appear in Delivered()).
  void FailDeliveries(size_t count, absl::Status status);

  // The next `count` Produce() calls return `status` without queueing.
  void FailProduce(size_t count, absl::Status status);

  // Messages delivered successfully, in delivery order; with a topic, only
  // that topic's.
  std::vector<OutputMessage> Delivered() const;
  std::vector<OutputMessage> Delivered(std::string_view topic) const;
  size_t failed_deliveries() const;

 private:
  struct Pending {
    OutputMessage message;
    DeliveryCallback callback;
  };

  // Delivers up to `max` queued messages. Called with mu_ held; releases it
  // around each callback.
  size_t DeliverLocked(size_t max) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void DeliveryLoop();

  const Options options_;
  mutable absl::Mutex mu_;
  std::deque<Pending> queue_ ABSL_GUARDED_BY(mu_);
  size_t in_flight_ ABSL_GUARDED_BY(mu_) = 0;
  bool corked_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  size_t fail_deliveries_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Status fail_delivery_status_ ABSL_GUARDED_BY(mu_);
  size_t fail_produce_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Status fail_produce_status_ ABSL_GUARDED_BY(mu_);
  std::vector<OutputMessage> delivered_ ABSL_GUARDED_BY(mu_);
  size_t failed_deliveries_ ABSL_GUARDED_BY(mu_) = 0;
  std::thread deliverer_;
};

}  // namespace wirelens::pipeline::kafka
