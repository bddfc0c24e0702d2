// File: kafka_client.h
//
// The production MessageSource and MessageSink (interfaces.h), built on
// librdkafka's C API: KafkaSource is a high-level consumer in a consumer
// group, KafkaSink an idempotent producer. Everything the worker needs from
// Kafka beyond the interfaces is here too: librdkafka's log lines routed to a
// pluggable function, and the consumer's per-partition lag, read from
// librdkafka's statistics and exported as a Prometheus gauge.
//
// Configuration. Each client starts from wirelens' defaults (listed on the
// config structs below), then applies the named fields (bootstrap servers,
// group and client ids), then `properties`, which are librdkafka properties
// passed through unchanged (`--kafka.<property>=<value>` on the command line:
// TLS, SASL, compression, timeouts...). Properties therefore override
// everything else. An unknown property or a value librdkafka rejects makes
// Create() return InvalidArgument naming the property. One property is
// fixed: the consumer rejects `enable.auto.commit=true`, which would commit
// offsets of messages not yet processed and break at-least-once.
//
// Errors become absl::Status through kafka_status.h only.
#pragma once

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "pipeline/kafka/interfaces.h"
#include "pipeline/kafka/offset_tracker.h"
#include "pipeline/metrics.h"

namespace wirelens::pipeline::kafka {

// Receives librdkafka's log lines: `level` is a syslog level (0 emergency ..
// 7 debug), `facility` librdkafka's short subsystem tag ("FAIL", "REQTMOUT",
// "CGRPOP"...). It is called from librdkafka's internal threads, possibly
// concurrently, so it must be thread-safe; it must not call back into the
// client that logged. A null function means "write to stderr".
using KafkaLogFunction =
    std::function<void(int level, std::string_view facility, std::string_view message)>;

// The default KafkaLogFunction: writes "kafka: <level> <facility>: <message>"
// as one line on stderr.
void LogKafkaToStderr(int level, std::string_view facility, std::string_view message);

// Configuration of a KafkaSource. Defaults applied before `properties`:
//   partition.assignment.strategy = cooperative-sticky
//   enable.auto.commit            = false   (fixed: Commit() is the only way)
//   enable.auto.offset.store      = false
//   auto.offset.reset             = earliest
//   statistics.interval.ms        = 5000    (consumer lag; 0 disables it)
// The eager strategies (range, roundrobin) work too; rebalances then revoke
// and reassign every partition.
struct KafkaSourceConfig {
  // Comma-separated host:port list. Required here or as the
  // `bootstrap.servers` property.
  std::string bootstrap_servers;
  // The consumer group. Required here or as the `group.id` property.
  std::string group_id;
  std::string client_id = "wirelens";
  // librdkafka consumer properties, applied last, unchanged.
  std::map<std::string, std::string> properties;
  // Where librdkafka's logs go; null means LogKafkaToStderr.
  KafkaLogFunction log;
};

// MessageSource over a librdkafka high-level consumer.
//
// Lifecycle: Create(), Subscribe() once, Poll() in a loop, Commit() as
// outputs are acknowledged, Close() once, destroy. Close() runs the final
// revocation through the listener (so it can commit) and leaves the group.
// Destroying a source that was not closed leaves the group too but does not
// call the listener (which may already be gone then).
//
// Rebalances (both the cooperative and the eager protocol) are handled in
// librdkafka's rebalance callback, which runs inside Poll() and Close() on the
// calling thread. Newly assigned partitions are assigned in librdkafka before
// OnPartitionsAssigned runs, so the listener may Pause() them; revoked ones
// are unassigned only after OnPartitionsRevoked returns, so it may Commit()
// them. Lost partitions are dropped from this consumer's ownership before
// OnPartitionsLost runs, so commits for them fail with FailedPrecondition.
//
// Thread-safety: as MessageSource. Subscribe, Poll and Close on one thread;
// Pause, Resume, Commit, ExportMetrics' collector and the accessors from any
// thread.
class KafkaSource final : public MessageSource {
 public:
  // Creates the consumer (no network traffic until Subscribe). Returns
  // InvalidArgument for a missing bootstrap.servers or group.id, or for a
  // property librdkafka does not accept (the message names it), Internal if
  // librdkafka cannot create the client.
  static absl::StatusOr<std::unique_ptr<KafkaSource>> Create(const KafkaSourceConfig& config);

  KafkaSource(const KafkaSource&) = delete;
  KafkaSource& operator=(const KafkaSource&) = delete;
  ~KafkaSource() override;

  // MessageSource. Codes as documented in interfaces.h; in addition Poll()
  // returns Internal or Aborted (see kafka_status.h; the message names the
  // real error) once librdkafka reports a fatal consumer error, and keeps
  // returning it: the source is then unusable. A consumer error that arrives
  // after some messages of a batch is returned by the next Poll(), so no
  // message is ever held back by one. Subscribe() also returns the mapped
  // librdkafka error if the subscription is rejected. Poll(0, ...) returns
  // at once without serving rebalances, so a loop must ask for at least one.
  absl::Status Subscribe(const std::vector<std::string>& topics,
                         RebalanceListener* listener) override;
  absl::StatusOr<std::vector<InputMessage>> Poll(size_t max_messages,
                                                 absl::Duration timeout) override;
  absl::Status Pause(absl::Span<const TopicPartition> partitions) override;
  absl::Status Resume(absl::Span<const TopicPartition> partitions) override;
  absl::Status Commit(absl::Span<const PartitionOffset> offsets) override;
  absl::Status Close() override;

  // Partitions currently owned by this consumer, sorted.
  std::vector<TopicPartition> Assignment() const;

  // Registers a collector on `registry` rendering the gauge family
  // wirelens_consumer_lag{topic,partition}: for each partition this consumer
  // owns, the messages between the partition's high watermark and the
  // group's committed offset, as of librdkafka's latest statistics (every
  // statistics.interval.ms while Poll() is called). Partitions with no
  // committed offset yet have no sample. The collector stays valid after the
  // source is destroyed (it then renders no samples). Call it for at most one
  // source per registry, since each call renders the family's header lines.
  void ExportMetrics(MetricsRegistry& registry);

  // Consumer lag per owned partition from the latest statistics (the values
  // ExportMetrics renders). Mostly for tests and logs.
  std::map<TopicPartition, int64_t> ConsumerLag() const;

 private:
  struct Shared;  // State the metrics collector may outlive us with.

  explicit KafkaSource(std::shared_ptr<Shared> shared);

  // librdkafka callbacks; `opaque` is the KafkaSource.
  static void RebalanceCallback(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                                rd_kafka_topic_partition_list_t* partitions, void* opaque);
  static int StatsCallback(rd_kafka_t* rk, char* json, size_t json_len, void* opaque);

  static void LogCallback(const rd_kafka_t* rk, int level, const char* facility,
                          const char* message);

  void OnRebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions);
  // Gives up every owned partition after a failed rebalance.
  void DropAssignment(bool cooperative);
  absl::Status CheckOpen() const;
  absl::Status PauseOrResume(absl::Span<const TopicPartition> partitions, bool pause);

  rd_kafka_t* consumer_ = nullptr;  // owned
  std::shared_ptr<Shared> shared_;
  KafkaLogFunction log_;
  // Set once Close() finished (Commit() still works while it runs).
  std::atomic<bool> closed_{false};

  // Used on the Poll thread only (rebalance and statistics callbacks run
  // there too).
  RebalanceListener* listener_ = nullptr;  // not owned
  bool subscribed_ = false;
  bool close_started_ = false;
  // A consumer error seen after messages in the same Poll(), returned next.
  std::optional<absl::Status> pending_error_;
  // A fatal error: returned by every later Poll().
  std::optional<absl::Status> fatal_error_;
};

// Configuration of a KafkaSink. Defaults applied before `properties`:
//   enable.idempotence = true    (no duplicates or reordering on retries)
//   acks               = all
//   linger.ms          = 5
//   message.timeout.ms = 300000  (the delivery deadline of each message)
// compression.type is librdkafka's default (none) unless set here.
struct KafkaSinkConfig {
  // Comma-separated host:port list. Required here or as the
  // `bootstrap.servers` property.
  std::string bootstrap_servers;
  std::string client_id = "wirelens";
  // librdkafka producer properties, applied last, unchanged.
  std::map<std::string, std::string> properties;
  // Where librdkafka's logs go; null means LogKafkaToStderr.
  KafkaLogFunction log;
};

// MessageSink over an idempotent librdkafka producer.
//
// Lifecycle: Create(), Produce() many times, Flush(), destroy. Destruction
// purges whatever is still queued or in flight and reports it to its
// callback as Cancelled before returning (the broker may still have stored
// some of those messages; idempotence cannot tell).
//
// Thread-safety: every method may be called from any thread. Delivery
// callbacks run on the sink's own poller thread, one at a time, and, for
// messages purged at destruction, on the destroying thread; never inside
// Produce(). A callback may call Produce() but must not destroy the sink.
class KafkaSink final : public MessageSink {
 public:
  // Creates the producer and starts its poller thread. Returns
  // InvalidArgument for a missing bootstrap.servers or a property librdkafka
  // does not accept (the message names it), Internal if librdkafka cannot
  // create the client.
  static absl::StatusOr<std::unique_ptr<KafkaSink>> Create(const KafkaSinkConfig& config);

  KafkaSink(const KafkaSink&) = delete;
  KafkaSink& operator=(const KafkaSink&) = delete;
  ~KafkaSink() override;

  // MessageSink. Produce() returns ResourceExhausted when librdkafka's
  // queue is full (queue.buffering.max.messages / .kbytes), OutOfRange for a
  // message above message.max.bytes, FailedPrecondition once the producer
  // has hit a fatal error (e.g. a broken idempotence sequence), and other
  // librdkafka errors as mapped by kafka_status.h. Delivery callbacks get
  // KafkaDeliveryStatus() of the report: e.g. DeadlineExceeded when
  // message.timeout.ms expired, OutOfRange when the broker rejected the size.
  absl::Status Produce(OutputMessage message, DeliveryCallback on_delivery) override;
  absl::Status Flush(absl::Duration timeout) override;
  size_t InFlight() const override;

  // OK, or FailedPrecondition carrying the fatal error that stopped the
  // producer (after which every Produce() fails with it). Thread-safe.
  absl::Status FatalError() const;

 private:
  struct Delivery;

  KafkaSink() = default;

  // librdkafka callbacks; `opaque` is the KafkaSink.
  static void DeliveryReportCallback(rd_kafka_t* rk, const rd_kafka_message_t* message,
                                     void* opaque);
  static void ErrorCallback(rd_kafka_t* rk, int err, const char* reason, void* opaque);
  static void LogCallback(const rd_kafka_t* rk, int level, const char* facility,
                          const char* message);

  void RunPoller();
  // Runs a delivery's callback with `status` and forgets it.
  void Complete(Delivery* delivery, absl::Status status);

  rd_kafka_t* producer_ = nullptr;  // owned
  KafkaLogFunction log_;
  std::thread poller_;
  std::atomic<bool> stopping_{false};

  mutable absl::Mutex mu_;
  size_t in_flight_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Status fatal_error_ ABSL_GUARDED_BY(mu_);
};

}  // namespace wirelens::pipeline::kafka
