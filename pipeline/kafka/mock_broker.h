// File: mock_broker.h
//
// EmbeddedBroker: an in-process Kafka cluster for tests, the demo and the
// `wirelens broker` command, built on librdkafka's mock cluster. It speaks
// the real Kafka protocol on 127.0.0.1, so any client (our librdkafka
// source and sink, kcat, confluent-kafka, kafka-python) can produce to it
// and consume from it with consumer groups, keys and headers. What the mock
// can and cannot do in librdkafka 2.0.2 is written up in
// /work/shared/KAFKA_MOCK.md; in short: no exactly-once verification, no
// Admin API (create topics here, with CreateTopic()), and each partition
// keeps only about 5 MB / 100,000 messages.
//
// This is the only file in wirelens that includes rdkafka_mock.h, an
// experimental librdkafka API with no ABI guarantee; if it changes, only
// mock_broker.cc changes.
//
// Fixed ports. The 2.0.2 mock API cannot choose its listen ports: every mock
// broker binds 127.0.0.1:0. When Options::bootstrap_port is set, the broker
// also listens on 127.0.0.1:<bootstrap_port> and relays each connection made
// there to a mock broker (see tcp_relay.h). Clients can bootstrap through
// the fixed port; the metadata they receive then names the brokers'
// ephemeral 127.0.0.1 ports, which they connect to directly. That is how
// `wirelens broker --port N` is honoured: it works for every client on this
// host, and only on this host (the mock listens on loopback only anyway).
//
// Lifecycle and ownership: Start() builds the cluster, creates the requested
// topics and returns the only handle; destroying it closes the relay, drops
// every client connection and frees all data. Clients still connected then
// see transport errors, so destroy clients first where that matters.
//
// Thread-safety: all methods may be called from any thread, concurrently
// (the mock cluster runs on its own thread and serializes the commands).
#pragma once

#include <librdkafka/rdkafka.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"

// Opaque librdkafka mock types; only mock_broker.cc sees their API.
typedef struct rd_kafka_mock_cluster_s rd_kafka_mock_cluster_t;

namespace wirelens::pipeline::kafka {

class TcpRelay;

// Kafka protocol request types, for targeting injected errors. The values
// are the protocol's ApiKey numbers.
enum class KafkaApi : int16_t {
  kProduce = 0,
  kFetch = 1,
  kListOffsets = 2,
  kMetadata = 3,
  kOffsetCommit = 8,
  kOffsetFetch = 9,
  kFindCoordinator = 10,
  kJoinGroup = 11,
  kHeartbeat = 12,
  kLeaveGroup = 13,
  kSyncGroup = 14,
  kApiVersions = 18,
  kInitProducerId = 22,
  kAddPartitionsToTxn = 24,
  kAddOffsetsToTxn = 25,
  kEndTxn = 26,
  kTxnOffsetCommit = 28,
};

class EmbeddedBroker {
 public:
  // Addresses every broker in the fault-injection calls below.
  static constexpr int32_t kAllBrokers = -1;

  struct TopicSpec {
    std::string name;
    // Must be >= 1.
    int partitions = 1;
    // Must be between 1 and the number of brokers.
    int replication_factor = 1;
  };

  struct Options {
    // Number of brokers; their ids are 1..num_brokers. Must be >= 1.
    int num_brokers = 1;
    // If set, also accept connections on 127.0.0.1:<port> and relay them to
    // the brokers (see the file comment). 0 picks a free port, which
    // bootstrap_port() then reports.
    std::optional<uint16_t> bootstrap_port;
    // Topics to create before Start() returns. Topics not created here are
    // auto-created with 4 partitions by the mock when first used.
    std::vector<TopicSpec> topics;
    // librdkafka log lines of the owning handle at this syslog level or more
    // severe go to stderr (3 = errors, 4 = warnings, 7 = debug). The mock
    // is chatty at 5 and above.
    int log_level = 4;
  };

  // Starts a cluster. Returns InvalidArgument for bad options (broker count,
  // port in use, bad topic spec), Internal if librdkafka cannot create the
  // cluster, and the mapped librdkafka error if topic creation fails.
  static absl::StatusOr<std::unique_ptr<EmbeddedBroker>> Start(Options options);
  static absl::StatusOr<std::unique_ptr<EmbeddedBroker>> Start() { return Start(Options()); }

  EmbeddedBroker(const EmbeddedBroker&) = delete;
  EmbeddedBroker& operator=(const EmbeddedBroker&) = delete;
  ~EmbeddedBroker();

  // The `bootstrap.servers` value for clients: the relay's address first
  // when there is one, then every mock broker, e.g.
  // "127.0.0.1:9092,127.0.0.1:40461,127.0.0.1:45845".
  const std::string& bootstrap_servers() const { return bootstrap_servers_; }

  // The mock brokers' own addresses only, without the relay.
  const std::string& broker_addresses() const { return broker_addresses_; }

  // The relay's port if Options::bootstrap_port was set, else nullopt.
  std::optional<uint16_t> bootstrap_port() const;

  int num_brokers() const { return num_brokers_; }

  // Creates a topic. Returns InvalidArgument for a bad spec, AlreadyExists
  // if the topic exists (including one auto-created by a client).
  absl::Status CreateTopic(const TopicSpec& spec);

  // ---- Fault injection. Broker ids are 1..num_brokers() or kAllBrokers;
  // ---- other ids return Unavailable (BROKER_NOT_AVAILABLE) from the mock.

  // Disconnects the broker's clients and refuses new connections until
  // SetBrokerUp(). Partition leadership does not move.
  absl::Status SetBrokerDown(int32_t broker_id);
  absl::Status SetBrokerUp(int32_t broker_id);

  // Delays every response of the broker by `rtt` (a slow broker or link).
  // Returns InvalidArgument for a negative rtt.
  absl::Status SetRtt(int32_t broker_id, absl::Duration rtt);

  // Makes the next errors.size() requests of type `api`, to any broker,
  // fail with errors[0], errors[1], ... in that order. Passing
  // RD_KAFKA_RESP_ERR__TRANSPORT disconnects the client instead of replying.
  void PushRequestErrors(KafkaApi api, absl::Span<const rd_kafka_resp_err_t> errors);
  // The next `count` requests of type `api` fail with `error`.
  void PushRequestErrors(KafkaApi api, rd_kafka_resp_err_t error, size_t count);
  // Forgets errors pushed with PushRequestErrors() not yet used up.
  void ClearRequestErrors(KafkaApi api);

  // Like PushRequestErrors() but for one broker, and each injected reply is
  // also delayed by `delay` (which may be zero; errors may be NO_ERROR to
  // only delay). Broker-level errors take precedence over cluster-level ones.
  absl::Status PushBrokerRequestErrors(int32_t broker_id, KafkaApi api,
                                       absl::Span<const rd_kafka_resp_err_t> errors,
                                       absl::Duration delay = absl::ZeroDuration());

  // How many errors pushed with PushBrokerRequestErrors() are still waiting
  // for a request. NotFound for an unknown broker.
  absl::StatusOr<size_t> PendingBrokerRequestErrors(int32_t broker_id, KafkaApi api) const;

  // Makes Metadata responses report `error` for `topic` (NO_ERROR clears).
  void SetTopicError(std::string_view topic, rd_kafka_resp_err_t error);

  // Moves leadership of a partition to `broker_id`, or -1 for no leader.
  // A topic that does not exist is auto-created (4 partitions) by the mock;
  // a partition beyond an existing topic's count returns NotFound.
  absl::Status SetPartitionLeader(std::string_view topic, int32_t partition, int32_t broker_id);

 private:
  EmbeddedBroker() = default;

  // Owned: the handle that owns the cluster, destroyed after it.
  rd_kafka_t* handle_ = nullptr;
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
  std::unique_ptr<TcpRelay> relay_;
  int num_brokers_ = 0;
  // Read by the handle's log callback; outlives the handle.
  int log_level_ = 4;
  std::string bootstrap_servers_;
  std::string broker_addresses_;
};

}  // namespace wirelens::pipeline::kafka
