#include "pipeline/kafka/kafka_client.h"

#include <simdjson.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstring>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "pipeline/kafka/kafka_status.h"
#include "pipeline/status_macros.h"
#include "pipeline/strings.h"

namespace wirelens::pipeline::kafka {
namespace {

constexpr char kLagMetric[] = "wirelens_consumer_lag";
constexpr char kLagHelp[] =
    "Messages between the partition's high watermark and the consumer group's committed "
    "offset, per owned partition, from librdkafka statistics.";

// How long a sink being destroyed waits for librdkafka to hand back the
// reports of purged messages. Purging is local, so this is only a backstop.
constexpr absl::Duration kPurgeDrainTimeout = absl::Seconds(10);

struct ConfDeleter {
  void operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }
};
using ConfPtr = std::unique_ptr<rd_kafka_conf_t, ConfDeleter>;

struct PartitionListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* list) const {
    rd_kafka_topic_partition_list_destroy(list);
  }
};
using PartitionListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;

struct MessageDeleter {
  void operator()(rd_kafka_message_t* message) const { rd_kafka_message_destroy(message); }
};
using MessagePtr = std::unique_ptr<rd_kafka_message_t, MessageDeleter>;

using PropertyList = std::vector<std::pair<std::string, std::string>>;

// Builds a configuration from `properties`, applied in order (later ones
// override earlier ones), and checks that every property in `required` ended
// up with a non-empty value.
absl::StatusOr<ConfPtr> BuildConf(const PropertyList& properties,
                                  std::initializer_list<const char*> required) {
  ConfPtr conf(rd_kafka_conf_new());
  char errstr[512];
  for (const auto& [name, value] : properties) {
    if (rd_kafka_conf_set(conf.get(), name.c_str(), value.c_str(), errstr, sizeof(errstr)) !=
        RD_KAFKA_CONF_OK) {
      return absl::InvalidArgumentError(
          absl::StrCat("kafka property '", name, "'='", value, "': ", errstr));
    }
  }
  for (const char* name : required) {
    char value[1024];
    size_t size = sizeof(value);
    if (rd_kafka_conf_get(conf.get(), name, value, &size) != RD_KAFKA_CONF_OK || size <= 1) {
      return absl::InvalidArgumentError(absl::StrCat("kafka property '", name, "' is required"));
    }
  }
  return conf;
}

// The property's value as librdkafka normalized it (e.g. "true" for "1").
std::string GetConf(const rd_kafka_conf_t* conf, const char* name) {
  char value[1024];
  size_t size = sizeof(value);
  if (rd_kafka_conf_get(conf, name, value, &size) != RD_KAFKA_CONF_OK || size == 0) {
    return "";
  }
  return std::string(value, size - 1);
}

// The properties every client starts from: defaults, then the named fields
// where given, then the pass-through properties.
PropertyList ClientProperties(PropertyList defaults,
                              const std::map<std::string, std::string>& named,
                              const std::map<std::string, std::string>& passthrough) {
  for (const auto& [name, value] : named) {
    if (!value.empty()) defaults.emplace_back(name, value);
  }
  defaults.insert(defaults.end(), passthrough.begin(), passthrough.end());
  return defaults;
}

void EmitLog(const KafkaLogFunction& log, int level, const char* facility, const char* message) {
  if (log) {
    log(level, facility == nullptr ? "" : facility, message == nullptr ? "" : message);
  } else {
    LogKafkaToStderr(level, facility == nullptr ? "" : facility, message == nullptr ? "" : message);
  }
}

std::vector<TopicPartition> FromList(const rd_kafka_topic_partition_list_t* list) {
  std::vector<TopicPartition> out;
  if (list == nullptr) return out;
  out.reserve(list->cnt);
  for (int i = 0; i < list->cnt; ++i) {
    out.push_back({list->elems[i].topic, list->elems[i].partition});
  }
  return out;
}

PartitionListPtr ToList(absl::Span<const TopicPartition> partitions) {
  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size())));
  for (const TopicPartition& tp : partitions) {
    rd_kafka_topic_partition_list_add(list.get(), tp.topic.c_str(), tp.partition);
  }
  return list;
}

// The first per-partition error in `list`, or OK.
absl::Status FirstPartitionError(const rd_kafka_topic_partition_list_t* list,
                                 std::string_view context) {
  for (int i = 0; i < list->cnt; ++i) {
    const rd_kafka_topic_partition_t& p = list->elems[i];
    if (p.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return KafkaErrorToStatus(
          p.err, absl::StrCat(AsAbsl(context), " ", p.topic, " [", p.partition, "]"));
    }
  }
  return absl::OkStatus();
}

// librdkafka's fatal error, which replaces a generic RD_KAFKA_RESP_ERR__FATAL.
absl::Status FatalErrorStatus(rd_kafka_t* rk, std::string_view context) {
  char reason[512] = "";
  const rd_kafka_resp_err_t err = rd_kafka_fatal_error(rk, reason, sizeof(reason));
  return KafkaErrorToStatus(err == RD_KAFKA_RESP_ERR_NO_ERROR ? RD_KAFKA_RESP_ERR__FATAL : err,
                            KafkaErrorFlags{.fatal = true}, context, reason);
}

// librdkafka's wait argument: milliseconds rounded up, -1 for "forever".
int WaitMillis(absl::Duration d) {
  if (d == absl::InfiniteDuration()) return -1;
  if (d <= absl::ZeroDuration()) return 0;
  return static_cast<int>(
      std::min<int64_t>(absl::ToInt64Milliseconds(absl::Ceil(d, absl::Milliseconds(1))), INT_MAX));
}

std::optional<std::string> Bytes(const void* data, size_t size) {
  if (data == nullptr) return std::nullopt;
  return std::string(static_cast<const char*>(data), size);
}

InputMessage ToInputMessage(const rd_kafka_message_t* m) {
  InputMessage out;
  out.topic = rd_kafka_topic_name(m->rkt);
  out.partition = m->partition;
  out.offset = m->offset;
  out.key = Bytes(m->key, m->key_len);
  out.value = Bytes(m->payload, m->len);
  rd_kafka_headers_t* headers = nullptr;
  // Only NO_ERROR or _NOENT (no headers) come back here.
  if (rd_kafka_message_headers(m, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    const char* name = nullptr;
    const void* value = nullptr;
    size_t size = 0;
    for (size_t i = 0;
         rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
         ++i) {
      out.headers.push_back({name, Bytes(value, size)});
    }
  }
  rd_kafka_timestamp_type_t type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
  const int64_t timestamp = rd_kafka_message_timestamp(m, &type);
  if (type != RD_KAFKA_TIMESTAMP_NOT_AVAILABLE && timestamp >= 0) {
    out.timestamp = absl::FromUnixMillis(timestamp);
  }
  return out;
}

bool IsCooperative(rd_kafka_t* rk) {
  const char* protocol = rd_kafka_rebalance_protocol(rk);
  return protocol != nullptr && std::strcmp(protocol, "COOPERATIVE") == 0;
}

}  // namespace

void LogKafkaToStderr(int level, std::string_view facility, std::string_view message) {
  std::fprintf(stderr, "kafka: %d %.*s: %.*s\n", level, static_cast<int>(facility.size()),
               facility.data(), static_cast<int>(message.size()), message.data());
}

// ---------------------------------------------------------------------------
// KafkaSource

struct KafkaSource::Shared {
  mutable absl::Mutex mu;
  absl::flat_hash_set<TopicPartition> owned ABSL_GUARDED_BY(mu);
  // Every partition's lag in the latest statistics, owned or not.
  std::map<TopicPartition, int64_t> lag ABSL_GUARDED_BY(mu);
  // Only the statistics callback (on the Poll thread) uses it.
  simdjson::dom::parser parser;

  bool Owns(const TopicPartition& tp) const ABSL_LOCKS_EXCLUDED(mu) {
    absl::MutexLock lock(&mu);
    return owned.contains(tp);
  }

  std::map<TopicPartition, int64_t> OwnedLag() const ABSL_LOCKS_EXCLUDED(mu) {
    absl::MutexLock lock(&mu);
    std::map<TopicPartition, int64_t> out;
    for (const auto& [tp, value] : lag) {
      if (owned.contains(tp)) out.emplace(tp, value);
    }
    return out;
  }

  // Parses librdkafka's statistics JSON; ignores it if it does not parse.
  void UpdateLag(const char* json, size_t size) ABSL_LOCKS_EXCLUDED(mu) {
    simdjson::dom::element doc;
    simdjson::dom::object topics;
    if (parser.parse(json, size).get(doc) != simdjson::SUCCESS ||
        doc["topics"].get(topics) != simdjson::SUCCESS) {
      return;
    }
    std::map<TopicPartition, int64_t> fresh;
    for (const simdjson::dom::key_value_pair topic : topics) {
      simdjson::dom::object partitions;
      if (topic.value["partitions"].get(partitions) != simdjson::SUCCESS) continue;
      for (const simdjson::dom::key_value_pair partition : partitions) {
        int32_t id = -1;
        int64_t value = -1;
        // Partition -1 is librdkafka's internal "unassigned" queue; a lag of
        // -1 means no committed offset or no watermark yet.
        if (!absl::SimpleAtoi(AsAbsl(partition.key), &id) || id < 0 ||
            partition.value["consumer_lag"].get(value) != simdjson::SUCCESS || value < 0) {
          continue;
        }
        fresh.emplace(TopicPartition{std::string(topic.key), id}, value);
      }
    }
    absl::MutexLock lock(&mu);
    lag = std::move(fresh);
  }
};

KafkaSource::KafkaSource(std::shared_ptr<Shared> shared) : shared_(std::move(shared)) {}

absl::StatusOr<std::unique_ptr<KafkaSource>> KafkaSource::Create(const KafkaSourceConfig& config) {
  std::unique_ptr<KafkaSource> source(new KafkaSource(std::make_shared<Shared>()));
  source->log_ = config.log;
  ASSIGN_OR_RETURN(ConfPtr conf,
                   BuildConf(ClientProperties(
                                 {
                                     {"partition.assignment.strategy", "cooperative-sticky"},
                                     {"enable.auto.commit", "false"},
                                     {"enable.auto.offset.store", "false"},
                                     {"auto.offset.reset", "earliest"},
                                     {"statistics.interval.ms", "5000"},
                                 },
                                 {{"bootstrap.servers", config.bootstrap_servers},
                                  {"group.id", config.group_id},
                                  {"client.id", config.client_id}},
                                 config.properties),
                             {"bootstrap.servers", "group.id"}));
  if (GetConf(conf.get(), "enable.auto.commit") == "true") {
    return absl::InvalidArgumentError(
        "kafka property 'enable.auto.commit' must be false: offsets are committed only after "
        "their outputs are acknowledged");
  }
  rd_kafka_conf_set_opaque(conf.get(), source.get());
  rd_kafka_conf_set_log_cb(conf.get(), &KafkaSource::LogCallback);
  rd_kafka_conf_set_rebalance_cb(conf.get(), &KafkaSource::RebalanceCallback);
  rd_kafka_conf_set_stats_cb(conf.get(), &KafkaSource::StatsCallback);

  char errstr[512];
  // rd_kafka_new() takes ownership of the configuration only on success.
  source->consumer_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), errstr, sizeof(errstr));
  if (source->consumer_ == nullptr) {
    return absl::InternalError(absl::StrCat("cannot create kafka consumer: ", errstr));
  }
  conf.release();
  // Serve statistics, errors and rebalances from rd_kafka_consumer_poll().
  rd_kafka_poll_set_consumer(source->consumer_);
  return source;
}

KafkaSource::~KafkaSource() {
  if (consumer_ == nullptr) return;
  if (!closed_.load() && !close_started_) {
    // The listener may be gone already (see the header).
    listener_ = nullptr;
    close_started_ = true;
    rd_kafka_consumer_close(consumer_);
  }
  rd_kafka_destroy(consumer_);
  absl::MutexLock lock(&shared_->mu);
  shared_->owned.clear();
  shared_->lag.clear();
}

absl::Status KafkaSource::CheckOpen() const {
  if (closed_.load()) return absl::FailedPreconditionError("kafka source is closed");
  return absl::OkStatus();
}

absl::Status KafkaSource::Subscribe(const std::vector<std::string>& topics,
                                    RebalanceListener* listener) {
  RETURN_IF_ERROR(CheckOpen());
  if (close_started_) return absl::FailedPreconditionError("kafka source is closing");
  if (subscribed_) return absl::FailedPreconditionError("kafka source is already subscribed");
  if (topics.empty()) return absl::InvalidArgumentError("subscribe: no topics");
  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(topics.size())));
  for (const std::string& topic : topics) {
    if (topic.empty()) return absl::InvalidArgumentError("subscribe: empty topic name");
    rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), RD_KAFKA_PARTITION_UA);
  }
  listener_ = listener;
  RETURN_IF_ERROR(KafkaErrorToStatus(rd_kafka_subscribe(consumer_, list.get()), "subscribe"));
  subscribed_ = true;
  return absl::OkStatus();
}

absl::StatusOr<std::vector<InputMessage>> KafkaSource::Poll(size_t max_messages,
                                                            absl::Duration timeout) {
  RETURN_IF_ERROR(CheckOpen());
  if (!subscribed_ || close_started_) {
    return absl::FailedPreconditionError("kafka source: Poll() needs an open subscription");
  }
  if (fatal_error_.has_value()) return *fatal_error_;
  if (pending_error_.has_value()) {
    absl::Status error = *std::move(pending_error_);
    pending_error_.reset();
    return error;
  }
  std::vector<InputMessage> batch;
  const absl::Time deadline = timeout == absl::InfiniteDuration()
                                  ? absl::InfiniteFuture()
                                  : absl::Now() + std::max(timeout, absl::ZeroDuration());
  while (batch.size() < max_messages) {
    // Wait only for the first message; then take what is already there.
    const int wait_ms = batch.empty() ? WaitMillis(deadline - absl::Now()) : 0;
    MessagePtr message(rd_kafka_consumer_poll(consumer_, wait_ms));
    if (message == nullptr) {
      // consumer_poll may return early after serving a callback.
      if (!batch.empty() || absl::Now() >= deadline) break;
      continue;
    }
    if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) continue;
    if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      absl::Status error;
      if (message->err == RD_KAFKA_RESP_ERR__FATAL) {
        error = FatalErrorStatus(consumer_, "kafka consumer");
        fatal_error_ = error;
      } else {
        error = KafkaConsumerMessageStatus(message.get(), "kafka consumer");
      }
      if (batch.empty()) return error;
      if (!fatal_error_.has_value()) pending_error_ = std::move(error);
      break;
    }
    batch.push_back(ToInputMessage(message.get()));
  }
  return batch;
}

absl::Status KafkaSource::PauseOrResume(absl::Span<const TopicPartition> partitions, bool pause) {
  RETURN_IF_ERROR(CheckOpen());
  const char* verb = pause ? "pause" : "resume";
  for (const TopicPartition& tp : partitions) {
    if (!shared_->Owns(tp)) {
      return absl::FailedPreconditionError(
          absl::StrCat(verb, ": ", tp.topic, " [", tp.partition, "] is not assigned"));
    }
  }
  if (partitions.empty()) return absl::OkStatus();
  PartitionListPtr list = ToList(partitions);
  const rd_kafka_resp_err_t err = pause ? rd_kafka_pause_partitions(consumer_, list.get())
                                        : rd_kafka_resume_partitions(consumer_, list.get());
  RETURN_IF_ERROR(KafkaErrorToStatus(err, verb));
  return FirstPartitionError(list.get(), verb);
}

absl::Status KafkaSource::Pause(absl::Span<const TopicPartition> partitions) {
  return PauseOrResume(partitions, /*pause=*/true);
}

absl::Status KafkaSource::Resume(absl::Span<const TopicPartition> partitions) {
  return PauseOrResume(partitions, /*pause=*/false);
}

absl::Status KafkaSource::Commit(absl::Span<const PartitionOffset> offsets) {
  RETURN_IF_ERROR(CheckOpen());
  if (offsets.empty()) return absl::OkStatus();
  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size())));
  for (const PartitionOffset& po : offsets) {
    if (!shared_->Owns(po.tp)) {
      return absl::FailedPreconditionError(absl::StrCat("commit offsets: ", po.tp.topic, " [",
                                                        po.tp.partition, "] is not assigned"));
    }
    if (po.offset < 0) {
      return absl::InvalidArgumentError(absl::StrCat("commit offsets: negative offset ", po.offset,
                                                     " for ", po.tp.topic, " [", po.tp.partition,
                                                     "]"));
    }
    rd_kafka_topic_partition_list_add(list.get(), po.tp.topic.c_str(), po.tp.partition)->offset =
        po.offset;
  }
  // Synchronous: returns once the coordinator answered (or the request failed).
  RETURN_IF_ERROR(
      KafkaErrorToStatus(rd_kafka_commit(consumer_, list.get(), /*async=*/0), "commit offsets"));
  return FirstPartitionError(list.get(), "commit offsets");
}

absl::Status KafkaSource::Close() {
  if (closed_.load() || close_started_) {
    return absl::FailedPreconditionError("kafka source is already closed");
  }
  close_started_ = true;
  // Runs the final revocation through RebalanceCallback on this thread.
  const rd_kafka_resp_err_t err = rd_kafka_consumer_close(consumer_);
  closed_.store(true);
  {
    absl::MutexLock lock(&shared_->mu);
    shared_->owned.clear();
    shared_->lag.clear();
  }
  return KafkaErrorToStatus(err, "close consumer");
}

std::vector<TopicPartition> KafkaSource::Assignment() const {
  std::vector<TopicPartition> out;
  {
    absl::MutexLock lock(&shared_->mu);
    out.assign(shared_->owned.begin(), shared_->owned.end());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::map<TopicPartition, int64_t> KafkaSource::ConsumerLag() const { return shared_->OwnedLag(); }

void KafkaSource::ExportMetrics(MetricsRegistry& registry) {
  registry.AddCollector([shared = shared_](std::string* out) {
    absl::StrAppend(out, "# HELP ", kLagMetric, " ", kLagHelp, "\n# TYPE ", kLagMetric, " gauge\n");
    for (const auto& [tp, lag] : shared->OwnedLag()) {
      absl::StrAppend(
          out, kLagMetric,
          RenderLabels({{"topic", tp.topic}, {"partition", absl::StrCat(tp.partition)}}), " ", lag,
          "\n");
    }
  });
}

void KafkaSource::LogCallback(const rd_kafka_t* rk, int level, const char* facility,
                              const char* message) {
  const auto* source = static_cast<const KafkaSource*>(rd_kafka_opaque(rk));
  EmitLog(source->log_, level, facility, message);
}

int KafkaSource::StatsCallback(rd_kafka_t* rk, char* json, size_t json_len, void* opaque) {
  static_cast<KafkaSource*>(opaque)->shared_->UpdateLag(json, json_len);
  return 0;  // librdkafka frees `json`.
}

void KafkaSource::RebalanceCallback(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                                    rd_kafka_topic_partition_list_t* partitions, void* opaque) {
  static_cast<KafkaSource*>(opaque)->OnRebalance(err, partitions);
}

void KafkaSource::OnRebalance(rd_kafka_resp_err_t err,
                              rd_kafka_topic_partition_list_t* partitions) {
  const bool cooperative = IsCooperative(consumer_);
  const std::vector<TopicPartition> tps = FromList(partitions);
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    // Eager: `partitions` is the whole new assignment. Cooperative: an
    // increment.
    const absl::Status assigned =
        cooperative ? KafkaErrorToStatusAndDestroy(
                          rd_kafka_incremental_assign(consumer_, partitions), "incremental assign")
                    : KafkaErrorToStatus(rd_kafka_assign(consumer_, partitions), "assign");
    if (!assigned.ok()) {
      // Happens when the consumer is closing or the group moved on; a new
      // rebalance follows.
      EmitLog(log_, 3, "REBALANCE", assigned.ToString().c_str());
      return;
    }
    {
      absl::MutexLock lock(&shared_->mu);
      shared_->owned.insert(tps.begin(), tps.end());
    }
    if (listener_ != nullptr) listener_->OnPartitionsAssigned(tps);
    return;
  }
  if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
    const bool lost = rd_kafka_assignment_lost(consumer_) != 0;
    auto disown = [&] {
      absl::MutexLock lock(&shared_->mu);
      for (const TopicPartition& tp : tps) shared_->owned.erase(tp);
    };
    if (lost) {
      disown();
      if (listener_ != nullptr) listener_->OnPartitionsLost(tps);
    } else {
      // Still owned during the callback, so the listener can commit them.
      if (listener_ != nullptr) listener_->OnPartitionsRevoked(tps);
      disown();
    }
    const absl::Status unassigned =
        cooperative
            ? KafkaErrorToStatusAndDestroy(rd_kafka_incremental_unassign(consumer_, partitions),
                                           "incremental unassign")
            : KafkaErrorToStatus(rd_kafka_assign(consumer_, nullptr), "unassign");
    if (!unassigned.ok()) EmitLog(log_, 3, "REBALANCE", unassigned.ToString().c_str());
    return;
  }
  // Any other code is a failed rebalance: give everything up, as librdkafka
  // asks, and let the group reassign.
  EmitLog(log_, 3, "REBALANCE", KafkaErrorToStatus(err, "rebalance").ToString().c_str());
  DropAssignment(cooperative);
}

void KafkaSource::DropAssignment(bool cooperative) {
  std::vector<TopicPartition> dropped;
  {
    absl::MutexLock lock(&shared_->mu);
    dropped.assign(shared_->owned.begin(), shared_->owned.end());
    shared_->owned.clear();
  }
  std::sort(dropped.begin(), dropped.end());
  if (!dropped.empty() && listener_ != nullptr) listener_->OnPartitionsLost(dropped);
  if (cooperative) {
    rd_kafka_topic_partition_list_t* current = nullptr;
    if (rd_kafka_assignment(consumer_, &current) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      PartitionListPtr owned(current);
      rd_kafka_error_destroy(rd_kafka_incremental_unassign(consumer_, owned.get()));
    }
  } else {
    rd_kafka_assign(consumer_, nullptr);
  }
}

// ---------------------------------------------------------------------------
// KafkaSink

struct KafkaSink::Delivery {
  DeliveryCallback callback;
};

absl::StatusOr<std::unique_ptr<KafkaSink>> KafkaSink::Create(const KafkaSinkConfig& config) {
  std::unique_ptr<KafkaSink> sink(new KafkaSink());
  sink->log_ = config.log;
  ASSIGN_OR_RETURN(ConfPtr conf, BuildConf(ClientProperties(
                                               {
                                                   {"enable.idempotence", "true"},
                                                   {"acks", "all"},
                                                   {"linger.ms", "5"},
                                                   {"message.timeout.ms", "300000"},
                                               },
                                               {{"bootstrap.servers", config.bootstrap_servers},
                                                {"client.id", config.client_id}},
                                               config.properties),
                                           {"bootstrap.servers"}));
  rd_kafka_conf_set_opaque(conf.get(), sink.get());
  rd_kafka_conf_set_log_cb(conf.get(), &KafkaSink::LogCallback);
  rd_kafka_conf_set_dr_msg_cb(conf.get(), &KafkaSink::DeliveryReportCallback);
  rd_kafka_conf_set_error_cb(conf.get(), &KafkaSink::ErrorCallback);

  char errstr[512];
  sink->producer_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), errstr, sizeof(errstr));
  if (sink->producer_ == nullptr) {
    return absl::InternalError(absl::StrCat("cannot create kafka producer: ", errstr));
  }
  conf.release();
  sink->poller_ = std::thread([raw = sink.get()] { raw->RunPoller(); });
  return sink;
}

KafkaSink::~KafkaSink() {
  if (producer_ == nullptr) return;
  stopping_.store(true);
  rd_kafka_yield(producer_);
  if (poller_.joinable()) poller_.join();
  // Whatever is left will never be reported by the broker now: fail it
  // locally, then serve those reports here so every callback runs once.
  rd_kafka_purge(producer_, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
  const absl::Time deadline = absl::Now() + kPurgeDrainTimeout;
  while (InFlight() > 0 && absl::Now() < deadline) {
    rd_kafka_poll(producer_, 50);
  }
  if (const size_t left = InFlight(); left > 0) {
    EmitLog(log_, 3, "DESTROY",
            absl::StrCat(left, " purged messages were not reported; their callbacks will not run")
                .c_str());
  }
  rd_kafka_destroy(producer_);
}

void KafkaSink::RunPoller() {
  while (!stopping_.load()) {
    rd_kafka_poll(producer_, 100);
  }
}

absl::Status KafkaSink::Produce(OutputMessage message, DeliveryCallback on_delivery) {
  RETURN_IF_ERROR(FatalError());
  auto delivery = std::make_unique<Delivery>(Delivery{std::move(on_delivery)});
  rd_kafka_headers_t* headers = nullptr;
  if (!message.headers.empty()) {
    headers = rd_kafka_headers_new(message.headers.size());
    for (const Header& h : message.headers) {
      rd_kafka_header_add(headers, h.name.data(), static_cast<ssize_t>(h.name.size()),
                          h.value.has_value() ? h.value->data() : nullptr,
                          h.value.has_value() ? static_cast<ssize_t>(h.value->size()) : 0);
    }
  }
  {
    // Counted before producing: the report may arrive before producev returns.
    absl::MutexLock lock(&mu_);
    ++in_flight_;
  }
  // F_COPY: librdkafka copies key and value, so `message` may go away.
  const rd_kafka_resp_err_t err = rd_kafka_producev(
      producer_, RD_KAFKA_V_TOPIC(message.topic.c_str()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
      RD_KAFKA_V_KEY(message.key.has_value() ? message.key->data() : nullptr,
                     message.key.has_value() ? message.key->size() : 0),
      RD_KAFKA_V_VALUE(message.value.has_value() ? message.value->data() : nullptr,
                       message.value.has_value() ? message.value->size() : 0),
      RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_OPAQUE(delivery.get()), RD_KAFKA_V_END);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    // On failure librdkafka owns nothing: not the headers, not the opaque.
    if (headers != nullptr) rd_kafka_headers_destroy(headers);
    {
      absl::MutexLock lock(&mu_);
      --in_flight_;
    }
    if (err == RD_KAFKA_RESP_ERR__FATAL) {
      return absl::FailedPreconditionError(
          FatalErrorStatus(producer_, "kafka producer").ToString());
    }
    return KafkaErrorToStatus(err, absl::StrCat("produce to ", message.topic));
  }
  delivery.release();  // DeliveryReportCallback or the destructor frees it.
  return absl::OkStatus();
}

absl::Status KafkaSink::Flush(absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  const auto none_in_flight = [](size_t* in_flight) { return *in_flight == 0; };
  if (!mu_.AwaitWithTimeout(absl::Condition(+none_in_flight, &in_flight_), timeout)) {
    return absl::DeadlineExceededError(absl::StrCat(
        "flush: ", in_flight_, " messages still in flight after ", absl::FormatDuration(timeout)));
  }
  return absl::OkStatus();
}

size_t KafkaSink::InFlight() const {
  absl::MutexLock lock(&mu_);
  return in_flight_;
}

absl::Status KafkaSink::FatalError() const {
  absl::MutexLock lock(&mu_);
  return fatal_error_.ok() ? absl::OkStatus()
                           : absl::FailedPreconditionError(absl::StrCat(
                                 "kafka producer failed fatally: ", fatal_error_.ToString()));
}

void KafkaSink::Complete(Delivery* delivery, absl::Status status) {
  std::unique_ptr<Delivery> owned(delivery);
  std::move(owned->callback)(std::move(status));
  owned.reset();
  absl::MutexLock lock(&mu_);
  --in_flight_;
}

void KafkaSink::DeliveryReportCallback(rd_kafka_t* rk, const rd_kafka_message_t* message,
                                       void* opaque) {
  static_cast<KafkaSink*>(opaque)->Complete(static_cast<Delivery*>(message->_private),
                                            KafkaDeliveryStatus(message, "delivery"));
}

void KafkaSink::ErrorCallback(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
  auto* sink = static_cast<KafkaSink*>(opaque);
  const auto code = static_cast<rd_kafka_resp_err_t>(err);
  if (code == RD_KAFKA_RESP_ERR__FATAL) {
    absl::Status fatal = FatalErrorStatus(rk, "kafka producer");
    EmitLog(sink->log_, 2, "FATAL", fatal.ToString().c_str());
    absl::MutexLock lock(&sink->mu_);
    if (sink->fatal_error_.ok()) sink->fatal_error_ = std::move(fatal);
    return;
  }
  // Transient client-level errors (brokers down...): librdkafka retries on
  // its own; the per-message outcome arrives in the delivery reports.
  EmitLog(sink->log_, 4, "ERROR",
          KafkaErrorToStatus(code, "kafka producer", reason).ToString().c_str());
}

void KafkaSink::LogCallback(const rd_kafka_t* rk, int level, const char* facility,
                            const char* message) {
  const auto* sink = static_cast<const KafkaSink*>(rd_kafka_opaque(rk));
  EmitLog(sink->log_, level, facility, message);
}

}  // namespace wirelens::pipeline::kafka
