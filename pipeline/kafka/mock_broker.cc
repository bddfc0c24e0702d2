#include "pipeline/kafka/mock_broker.h"

// The one include of the experimental mock API (see the header).
#include <librdkafka/rdkafka_mock.h>

#include <cstdio>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "pipeline/kafka/kafka_status.h"
#include "pipeline/kafka/tcp_relay.h"
#include "pipeline/status_macros.h"
#include "pipeline/strings.h"

namespace wirelens::pipeline::kafka {
namespace {

// The owning handle's opaque pointer is its EmbeddedBroker's log threshold.
void LogToStderr(const rd_kafka_t* rk, int level, const char* facility, const char* message) {
  const auto* threshold = static_cast<const int*>(rd_kafka_opaque(rk));
  if (threshold != nullptr && level > *threshold) {
    return;
  }
  std::fprintf(stderr, "embedded-broker: %d %s %s\n", level, facility, message);
}

int16_t ApiKey(KafkaApi api) { return static_cast<int16_t>(api); }

int RttMillis(absl::Duration d) { return static_cast<int>(absl::ToInt64Milliseconds(d)); }

}  // namespace

absl::StatusOr<std::unique_ptr<EmbeddedBroker>> EmbeddedBroker::Start(Options options) {
  if (options.num_brokers < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("num_brokers must be at least 1, got ", options.num_brokers));
  }
  std::unique_ptr<EmbeddedBroker> broker(new EmbeddedBroker());
  broker->num_brokers_ = options.num_brokers;
  // Validate topics before doing any work.
  for (const TopicSpec& spec : options.topics) {
    if (spec.name.empty() || spec.partitions < 1 || spec.replication_factor < 1 ||
        spec.replication_factor > options.num_brokers) {
      return absl::InvalidArgumentError(absl::StrCat(
          "bad topic spec '", spec.name, "': ", spec.partitions, " partitions, replication factor ",
          spec.replication_factor, " on ", options.num_brokers, " broker(s)"));
    }
  }

  broker->log_level_ = options.log_level;
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set_log_cb(conf, LogToStderr);
  rd_kafka_conf_set_opaque(conf, &broker->log_level_);
  char errstr[512];
  // The handle only hosts the cluster; it never produces. rd_kafka_new takes
  // ownership of `conf` on success only.
  broker->handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
  if (broker->handle_ == nullptr) {
    rd_kafka_conf_destroy(conf);
    return absl::InternalError(absl::StrCat("cannot create the mock cluster's handle: ", errstr));
  }
  broker->cluster_ = rd_kafka_mock_cluster_new(broker->handle_, options.num_brokers);
  if (broker->cluster_ == nullptr) {
    return absl::InternalError("rd_kafka_mock_cluster_new failed");
  }
  broker->broker_addresses_ = rd_kafka_mock_cluster_bootstraps(broker->cluster_);
  broker->bootstrap_servers_ = broker->broker_addresses_;

  if (options.bootstrap_port.has_value()) {
    std::vector<std::string> targets =
        absl::StrSplit(broker->broker_addresses_, ',', absl::SkipEmpty());
    absl::StatusOr<std::unique_ptr<TcpRelay>> relay =
        TcpRelay::Start(*options.bootstrap_port, targets);
    if (!relay.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("bootstrap port: ", relay.status().message()));
    }
    broker->relay_ = *std::move(relay);
    broker->bootstrap_servers_ =
        absl::StrCat("127.0.0.1:", broker->relay_->port(), ",", broker->broker_addresses_);
  }

  for (const TopicSpec& spec : options.topics) {
    RETURN_IF_ERROR(broker->CreateTopic(spec));
  }
  return broker;
}

EmbeddedBroker::~EmbeddedBroker() {
  // Relay first so no new connection reaches a dying broker.
  relay_.reset();
  if (cluster_ != nullptr) {
    rd_kafka_mock_cluster_destroy(cluster_);
  }
  if (handle_ != nullptr) {
    rd_kafka_destroy(handle_);
  }
}

std::optional<uint16_t> EmbeddedBroker::bootstrap_port() const {
  if (relay_ == nullptr) {
    return std::nullopt;
  }
  return relay_->port();
}

absl::Status EmbeddedBroker::CreateTopic(const TopicSpec& spec) {
  // The mock accepts nonsense (0 partitions, more replicas than brokers)
  // without complaint, so check here.
  if (spec.name.empty()) {
    return absl::InvalidArgumentError("topic name is empty");
  }
  if (spec.partitions < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("topic '", spec.name, "' needs at least 1 partition, got ", spec.partitions));
  }
  if (spec.replication_factor < 1 || spec.replication_factor > num_brokers_) {
    return absl::InvalidArgumentError(absl::StrCat("topic '", spec.name, "': replication factor ",
                                                   spec.replication_factor,
                                                   " is not between 1 and ", num_brokers_));
  }
  return KafkaErrorToStatus(rd_kafka_mock_topic_create(cluster_, spec.name.c_str(), spec.partitions,
                                                       spec.replication_factor),
                            absl::StrCat("create topic '", spec.name, "'"));
}

absl::Status EmbeddedBroker::SetBrokerDown(int32_t broker_id) {
  return KafkaErrorToStatus(rd_kafka_mock_broker_set_down(cluster_, broker_id),
                            absl::StrCat("set broker ", broker_id, " down"));
}

absl::Status EmbeddedBroker::SetBrokerUp(int32_t broker_id) {
  return KafkaErrorToStatus(rd_kafka_mock_broker_set_up(cluster_, broker_id),
                            absl::StrCat("set broker ", broker_id, " up"));
}

absl::Status EmbeddedBroker::SetRtt(int32_t broker_id, absl::Duration rtt) {
  if (rtt < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("rtt must not be negative");
  }
  return KafkaErrorToStatus(rd_kafka_mock_broker_set_rtt(cluster_, broker_id, RttMillis(rtt)),
                            absl::StrCat("set rtt of broker ", broker_id));
}

void EmbeddedBroker::PushRequestErrors(KafkaApi api, absl::Span<const rd_kafka_resp_err_t> errors) {
  if (errors.empty()) {
    return;
  }
  rd_kafka_mock_push_request_errors_array(cluster_, ApiKey(api), errors.size(), errors.data());
}

void EmbeddedBroker::PushRequestErrors(KafkaApi api, rd_kafka_resp_err_t error, size_t count) {
  std::vector<rd_kafka_resp_err_t> errors(count, error);
  PushRequestErrors(api, errors);
}

void EmbeddedBroker::ClearRequestErrors(KafkaApi api) {
  rd_kafka_mock_clear_request_errors(cluster_, ApiKey(api));
}

absl::Status EmbeddedBroker::PushBrokerRequestErrors(int32_t broker_id, KafkaApi api,
                                                     absl::Span<const rd_kafka_resp_err_t> errors,
                                                     absl::Duration delay) {
  if (delay < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("delay must not be negative");
  }
  // 2.0.2 only has a varargs form; pushing one (error, rtt) tuple at a time
  // appends in order, which is the same thing.
  for (rd_kafka_resp_err_t error : errors) {
    RETURN_IF_ERROR(
        KafkaErrorToStatus(rd_kafka_mock_broker_push_request_error_rtts(
                               cluster_, broker_id, ApiKey(api), 1, error, RttMillis(delay)),
                           absl::StrCat("push request errors to broker ", broker_id)));
  }
  return absl::OkStatus();
}

absl::StatusOr<size_t> EmbeddedBroker::PendingBrokerRequestErrors(int32_t broker_id,
                                                                  KafkaApi api) const {
  size_t count = 0;
  RETURN_IF_ERROR(KafkaErrorToStatus(
      rd_kafka_mock_broker_error_stack_cnt(cluster_, broker_id, ApiKey(api), &count),
      absl::StrCat("error stack of broker ", broker_id)));
  return count;
}

void EmbeddedBroker::SetTopicError(std::string_view topic, rd_kafka_resp_err_t error) {
  rd_kafka_mock_topic_set_error(cluster_, std::string(topic).c_str(), error);
}

absl::Status EmbeddedBroker::SetPartitionLeader(std::string_view topic, int32_t partition,
                                                int32_t broker_id) {
  return KafkaErrorToStatus(rd_kafka_mock_partition_set_leader(cluster_, std::string(topic).c_str(),
                                                               partition, broker_id),
                            absl::StrCat("set leader of ", AsAbsl(topic), " [", partition, "]"));
}

}  // namespace wirelens::pipeline::kafka
