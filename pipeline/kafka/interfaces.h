// File: interfaces.h
//
// The two small interfaces the worker uses to talk to Kafka (STYLE.md,
// habit 3): MessageSource hands out input messages and takes offset commits,
// MessageSink publishes outputs and reports each delivery asynchronously.
// The production implementations wrap librdkafka; fake_source_sink.h has
// in-memory fakes for tests. No librdkafka type appears here, so code
// written against these interfaces compiles and tests without a broker.
//
// Offsets follow the Kafka convention throughout: a message's `offset` is
// its position in the partition, a committed offset is the next offset to
// read (last processed + 1). OffsetTracker (offset_tracker.h) computes what
// to commit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "pipeline/kafka/offset_tracker.h"

namespace wirelens::pipeline::kafka {

// A Kafka record header. Kafka allows repeated names and null values.
struct Header {
  std::string name;
  std::optional<std::string> value;

  friend bool operator==(const Header&, const Header&) = default;
};

// One consumed record.
struct InputMessage {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;
  // nullopt for a null key or value (a value of nullopt is a tombstone).
  std::optional<std::string> key;
  std::optional<std::string> value;
  std::vector<Header> headers;
  // Producer or broker timestamp; InfinitePast() when the record has none.
  absl::Time timestamp = absl::InfinitePast();
};

// One record to publish. The partition is chosen by the sink from the key.
struct OutputMessage {
  std::string topic;
  std::optional<std::string> key;
  std::optional<std::string> value;
  std::vector<Header> headers;
};

// Partition-ownership changes in a consumer group. Callbacks run on the
// thread calling MessageSource::Poll(), inside that call, before it returns
// any message of a newly assigned partition and after the last message of
// a revoked one.
class RebalanceListener {
 public:
  virtual ~RebalanceListener() = default;

  // The partitions are now owned by this consumer; their messages follow.
  virtual void OnPartitionsAssigned(absl::Span<const TopicPartition> partitions) = 0;

  // The partitions are about to be taken away. This is the last chance to
  // commit their progress (MessageSource::Commit works during the call);
  // messages of these partitions still in flight will be redelivered to
  // their next owner.
  virtual void OnPartitionsRevoked(absl::Span<const TopicPartition> partitions) = 0;

  // The partitions were taken away without a chance to commit (for example
  // after a session timeout); commits for them will fail. Defaults to
  // OnPartitionsRevoked, whose commits then fail harmlessly.
  virtual void OnPartitionsLost(absl::Span<const TopicPartition> partitions) {
    OnPartitionsRevoked(partitions);
  }
};

// Source of input messages: a Kafka consumer in a group.
//
// Lifecycle: construct (implementation-specific), Subscribe() once, then
// Poll() in a loop, Commit() as outputs are acknowledged, Close() once.
// Thread-safety: Subscribe, Poll and Close must be called from one thread
// (the dispatch loop). Pause, Resume and Commit may be called from any
// thread, including from RebalanceListener callbacks.
class MessageSource {
 public:
  virtual ~MessageSource() = default;

  // Joins the group for `topics`. `listener` is not owned and must outlive
  // the source; it may be null. Returns InvalidArgument for an empty topic
  // list, FailedPrecondition if already subscribed or closed.
  virtual absl::Status Subscribe(const std::vector<std::string>& topics,
                                 RebalanceListener* listener) = 0;

  // Returns up to `max_messages` messages, waiting up to `timeout` for the
  // first one; an empty result is not an error. Messages of one partition
  // come in offset order. Rebalance callbacks run inside this call.
  // Returns FailedPrecondition before Subscribe() or after Close(), and
  // consumer errors mapped by kafka_status.h (e.g. Unavailable while all
  // brokers are down; the caller keeps polling).
  virtual absl::StatusOr<std::vector<InputMessage>> Poll(size_t max_messages,
                                                         absl::Duration timeout) = 0;

  // Stops (resumes) fetching from `partitions`, for backpressure; messages
  // already returned are unaffected. Returns FailedPrecondition if one of
  // them is not assigned (nothing is changed then).
  virtual absl::Status Pause(absl::Span<const TopicPartition> partitions) = 0;
  virtual absl::Status Resume(absl::Span<const TopicPartition> partitions) = 0;

  // Synchronously commits `offsets` (each the next offset to read) for the
  // group. Returns FailedPrecondition for partitions this consumer no longer
  // owns (the commit is rejected whole), transient codes (Unavailable,
  // DeadlineExceeded) when it may be retried.
  virtual absl::Status Commit(absl::Span<const PartitionOffset> offsets) = 0;

  // Revokes every partition (running the listener, so it can commit) and
  // leaves the group. Further calls return FailedPrecondition.
  virtual absl::Status Close() = 0;
};

// Called exactly once per produced message with its delivery result: OK once
// the broker acknowledged it, or the reason it will never be (codes from
// kafka_status.h: DeadlineExceeded for a message timeout, OutOfRange for a
// too-large message, ...).
using DeliveryCallback = absl::AnyInvocable<void(absl::Status) &&>;

// Sink for output messages: a Kafka producer.
//
// Lifecycle: construct (implementation-specific), Produce() many times,
// Flush() before destruction to wait for outstanding deliveries; destroying
// a sink with messages in flight fails their callbacks with Cancelled.
// Thread-safety: all methods may be called from any thread. Delivery
// callbacks run on a thread owned by the sink or inside Flush(), never
// inside Produce(), so a caller may hold its own lock across Produce().
class MessageSink {
 public:
  virtual ~MessageSink() = default;

  // Queues `message` for delivery. On OK, `on_delivery` will be called
  // exactly once. On error it is not called and the message is dropped:
  //   ResourceExhausted: the local queue is full; retry after deliveries
  //     complete (this is the backpressure signal);
  //   InvalidArgument / NotFound / OutOfRange: the message can never be
  //     sent (bad topic, too large);
  //   FailedPrecondition: the sink is closed or has failed fatally.
  virtual absl::Status Produce(OutputMessage message, DeliveryCallback on_delivery) = 0;

  // Waits until every queued message has been delivered or failed (their
  // callbacks have returned), up to `timeout`. Returns DeadlineExceeded if
  // some are still outstanding then.
  virtual absl::Status Flush(absl::Duration timeout) = 0;

  // Messages queued and not yet reported to their callbacks.
  virtual size_t InFlight() const = 0;
};

}  // namespace wirelens::pipeline::kafka
