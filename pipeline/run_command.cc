#include "pipeline/run_command.h"

#include <signal.h>

#include <atomic>
#include <memory>
#include <ostream>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "pipeline/check.h"
#include "pipeline/enrich.h"
#include "pipeline/http_server.h"
#include "pipeline/kafka/mock_broker.h"
#include "pipeline/metrics.h"
#include "pipeline/processor.h"
#include "pipeline/strings.h"

namespace wirelens::pipeline {
namespace {

constexpr char kKafkaPrefix[] = "kafka.";
constexpr char kConsumerPrefix[] = "kafka-consumer.";
constexpr char kProducerPrefix[] = "kafka-producer.";

// The worker a signal stops; set by StopWorkerOnSignals.
std::atomic<Worker*> g_signal_worker{nullptr};
std::atomic<bool> g_signalled{false};
static_assert(std::atomic<Worker*>::is_always_lock_free);
static_assert(std::atomic<bool>::is_always_lock_free);
struct sigaction g_previous_int;
struct sigaction g_previous_term;

extern "C" void HandleStopSignal(int) {
  // Only lock-free atomics and Worker::Stop(), which is async-signal-safe.
  g_signalled.store(true);
  if (Worker* worker = g_signal_worker.load()) worker->Stop();
}

int UsageError(std::ostream& err, std::string_view command, std::string_view message) {
  err << "wirelens " << command << ": " << message << "\n(see 'wirelens " << command
      << " --help')\n";
  return 2;
}

// Where the Kafka cluster is: --brokers or --kafka.bootstrap.servers (not
// two different values), or --embedded.
absl::StatusOr<std::string> BootstrapServersFromFlags(const FlagSet& flags) {
  const std::string brokers = flags.GetString("brokers");
  std::string from_property;
  for (std::string_view prefix : {kKafkaPrefix, kConsumerPrefix, kProducerPrefix}) {
    const auto props = flags.Passthrough(prefix);
    if (auto it = props.find("bootstrap.servers"); it != props.end()) {
      if (!from_property.empty() && from_property != it->second) {
        return absl::InvalidArgumentError(
            "the consumer and the producer must use the same bootstrap.servers");
      }
      from_property = it->second;
    }
  }
  if (!brokers.empty() && !from_property.empty() && brokers != from_property) {
    return absl::InvalidArgumentError(
        "--brokers and --kafka.bootstrap.servers give different clusters; use one");
  }
  std::string servers = brokers.empty() ? from_property : brokers;
  if (flags.GetBool("embedded")) {
    if (!servers.empty()) {
      return absl::InvalidArgumentError("--embedded starts its own broker; drop --brokers");
    }
    return std::string();
  }
  if (servers.empty()) {
    return absl::InvalidArgumentError(
        "no Kafka cluster: give --brokers=host:port[,...] (or WIRELENS_BROKERS), or --embedded "
        "for an in-process broker");
  }
  return servers;
}

// Readiness and liveness state shared with the HTTP threads.
struct Health {
  std::atomic<const Worker*> worker{nullptr};  // set once the models are loaded
  std::atomic<bool> failed{false};

  absl::Status Live() const {
    return failed.load() ? absl::UnavailableError("worker loop failed") : absl::OkStatus();
  }
  absl::Status Ready() const {
    const Worker* w = worker.load();
    if (w == nullptr) return absl::UnavailableError("starting: loading models");
    if (!w->ready()) return absl::UnavailableError("not consuming: joining the group or stopping");
    return absl::OkStatus();
  }
};

}  // namespace

FlagDef ThreadsFlag() {
  return {.name = "threads",
          .type = FlagType::kInt,
          .default_value = "2",
          .help = "Processing threads (each runs the whole stage chain on one article at a time)."};
}

FlagDef LogLevelFlag(std::string_view default_level) {
  return {.name = "log-level",
          .type = FlagType::kEnum,
          .default_value = std::string(default_level),
          .help = "Least severe log level written to stderr (JSON lines).",
          .choices = {"debug", "info", "warn", "error"}};
}

std::vector<FlagDef> WorkerFlags() {
  const WorkerOptions defaults;
  return {
      {.name = "group-id",
       .type = FlagType::kString,
       .default_value = "wirelens",
       .help = "Kafka consumer group; workers in one group share the input partitions."},
      {.name = "input-topic",
       .type = FlagType::kList,
       .default_value = absl::StrJoin(defaults.input_topics, ","),
       .help = "Topics of raw articles (or upstream Enrichments) to consume, comma-separated."},
      {.name = "output-topic",
       .type = FlagType::kString,
       .default_value = defaults.output_topic,
       .help = "Topic the Enrichments are published to (key: article id)."},
      {.name = "dlq-topic",
       .type = FlagType::kString,
       .default_value = defaults.dlq_topic,
       .help = "Dead-letter topic: inputs that cannot be processed, unchanged, with "
               "wirelens-error-* headers saying why."},
      ThreadsFlag(),
      {.name = "max-in-flight",
       .type = FlagType::kInt,
       .default_value = absl::StrCat(defaults.max_in_flight),
       .help = "Inputs consumed but not yet acknowledged before the worker pauses fetching "
               "(backpressure).",
       .unit = "messages"},
      {.name = "commit-interval",
       .type = FlagType::kDuration,
       .default_value = absl::FormatDuration(defaults.commit_interval),
       .help = "How often acknowledged progress is committed to the group.",
       .unit = "duration"},
      {.name = "shutdown-timeout",
       .type = FlagType::kDuration,
       .default_value = absl::FormatDuration(defaults.shutdown_timeout),
       .help = "On SIGTERM or a partition revoke: the most time spent finishing in-flight "
               "articles, flushing and committing. Keep it below the pod's "
               "terminationGracePeriodSeconds.",
       .unit = "duration"},
  };
}

FlagSet RunFlags() {
  std::vector<FlagDef> flags = PipelineFlags();
  for (FlagDef& f : WorkerFlags()) flags.push_back(std::move(f));
  flags.push_back({.name = "brokers",
                   .type = FlagType::kString,
                   .default_value = "",
                   .help = "Kafka bootstrap servers, host:port[,host:port...]. Same as "
                           "--kafka.bootstrap.servers."});
  flags.push_back({.name = "embedded",
                   .type = FlagType::kBool,
                   .default_value = "false",
                   .help = "Start an in-process Kafka broker (loopback only, in memory) with the "
                           "input, output and dead-letter topics, and use it; its address is "
                           "logged. For local development: data is lost on exit."});
  flags.push_back({.name = "http-host",
                   .type = FlagType::kString,
                   .default_value = "0.0.0.0",
                   .help = "Address the /metrics, /livez and /readyz endpoints listen on."});
  flags.push_back({.name = "http-port",
                   .type = FlagType::kInt,
                   .default_value = "8080",
                   .help = "Port of the HTTP endpoints; 0 picks a free port (logged), -1 turns "
                           "the endpoints off."});
  flags.push_back(LogLevelFlag("info"));
  return FlagSet(
      "run", "wirelens run [flags]",
      "Consumes raw articles from Kafka, enriches them, and publishes one wirelens.v1.Enrichment "
      "per article to the output topic, or the input to the dead-letter topic when it cannot be "
      "processed. Offsets are committed only after the output is acknowledged (at-least-once). "
      "Serves GET /metrics (Prometheus), /livez and /readyz; logs JSON lines to stderr. SIGTERM "
      "or SIGINT stop gracefully. Exit status: 0 after a graceful stop, 1 on a fatal error, 2 on "
      "a usage error.",
      std::move(flags),
      {{kKafkaPrefix, "librdkafka property for both the consumer and the producer, passed "
                      "unchanged, e.g. --kafka.security.protocol=SASL_SSL."},
       {kConsumerPrefix, "librdkafka property for the consumer only (overrides --kafka.*)."},
       {kProducerPrefix, "librdkafka property for the producer only (overrides --kafka.*), e.g. "
                         "--kafka-producer.compression.type=zstd."},
       {"stage.", "Stage option <stage>.<key>=<value>, e.g. "
                  "--stage.language.model=/path/langid.wlm."}});
}

absl::StatusOr<WorkerOptions> WorkerOptionsFromFlags(const FlagSet& flags) {
  WorkerOptions options;
  options.input_topics = flags.GetList("input-topic");
  options.output_topic = flags.GetString("output-topic");
  options.dlq_topic = flags.GetString("dlq-topic");
  if (options.input_topics.empty()) {
    return absl::InvalidArgumentError("--input-topic needs at least one topic");
  }
  if (options.output_topic.empty() || options.dlq_topic.empty()) {
    return absl::InvalidArgumentError("--output-topic and --dlq-topic must not be empty");
  }
  if (options.output_topic == options.dlq_topic) {
    return absl::InvalidArgumentError("--output-topic and --dlq-topic must differ");
  }
  for (const std::string& topic : options.input_topics) {
    if (topic == options.output_topic || topic == options.dlq_topic) {
      return absl::InvalidArgumentError(absl::StrCat(
          "input topic '", topic, "' is also the output or dead-letter topic (a feedback loop)"));
    }
  }
  const int64_t threads = flags.GetInt("threads");
  if (threads < 1 || threads > 1024) {
    return absl::InvalidArgumentError("--threads must be between 1 and 1024");
  }
  options.threads = static_cast<int>(threads);
  const int64_t max_in_flight = flags.GetInt("max-in-flight");
  if (max_in_flight < 1) return absl::InvalidArgumentError("--max-in-flight must be at least 1");
  options.max_in_flight = static_cast<size_t>(max_in_flight);
  options.commit_interval = flags.GetDuration("commit-interval");
  if (options.commit_interval <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--commit-interval must be positive");
  }
  options.shutdown_timeout = flags.GetDuration("shutdown-timeout");
  return options;
}

KafkaProperties KafkaPropertiesFromFlags(const FlagSet& flags) {
  KafkaProperties props;
  for (const auto& [key, value] : flags.Passthrough(kKafkaPrefix)) {
    // WIRELENS_KAFKA_CONSUMER_<P> also reads as kafka.consumer.<p>; no
    // librdkafka property starts so, and the one-sided prefix has it.
    if (absl::StartsWith(key, "consumer.") || absl::StartsWith(key, "producer.")) continue;
    props.consumer[key] = value;
    props.producer[key] = value;
  }
  for (const auto& [key, value] : flags.Passthrough(kConsumerPrefix)) props.consumer[key] = value;
  for (const auto& [key, value] : flags.Passthrough(kProducerPrefix)) props.producer[key] = value;
  return props;
}

kafka::KafkaLogFunction KafkaLogTo(Logger& logger) {
  return [&logger](int level, std::string_view facility, std::string_view message) {
    logger.Log(LogLevelFromSyslog(level), "kafka", {{"facility", facility}, {"detail", message}});
  };
}

StopWorkerOnSignals::StopWorkerOnSignals(Worker& worker) {
  Worker* expected = nullptr;
  WL_CHECK(g_signal_worker.compare_exchange_strong(expected, &worker))
      << "only one StopWorkerOnSignals may exist at a time";
  g_signalled.store(false);
  struct sigaction action = {};
  action.sa_handler = HandleStopSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND | SA_RESTART;  // one-shot: a second signal kills
  WL_CHECK(sigaction(SIGINT, &action, &g_previous_int) == 0);
  WL_CHECK(sigaction(SIGTERM, &action, &g_previous_term) == 0);
}

StopWorkerOnSignals::~StopWorkerOnSignals() {
  sigaction(SIGINT, &g_previous_int, nullptr);
  sigaction(SIGTERM, &g_previous_term, nullptr);
  g_signal_worker.store(nullptr);
}

bool StopWorkerOnSignals::signalled() { return g_signalled.load(); }

void LogWorkerSummary(Logger& logger, const WorkerStats& stats, absl::Duration elapsed,
                      const absl::Status& status) {
  std::vector<LogField> fields = {
      {"consumed", stats.consumed},           {"produced", stats.produced},
      {"dead_lettered", stats.dead_lettered}, {"commits", stats.commits},
      {"commit_failures", stats.commit_failures}, {"rebalances", stats.rebalances},
      {"uptime_seconds", elapsed}};
  if (status.ok()) {
    logger.Log(LogLevel::kInfo, "worker stopped", fields);
  } else {
    fields.emplace_back("code", StatusCodeName(status.code()));
    fields.emplace_back("error", AsStd(status.message()));
    logger.Log(LogLevel::kError, "worker failed", fields);
  }
}

int RunCommand(const std::vector<std::string>& args, const StageRegistry& registry,
               std::ostream& out, std::ostream& err) {
  FlagSet flags = RunFlags();
  if (absl::Status s = flags.Parse(args); !s.ok()) return UsageError(err, "run", AsStd(s.message()));
  if (flags.help_requested()) {
    out << flags.Help();
    return 0;
  }
  if (!flags.positional().empty()) {
    return UsageError(err, "run", absl::StrCat("unexpected argument '", flags.positional()[0], "'"));
  }
  absl::StatusOr<WorkerOptions> worker_options = WorkerOptionsFromFlags(flags);
  if (!worker_options.ok()) return UsageError(err, "run", AsStd(worker_options.status().message()));
  absl::StatusOr<std::string> bootstrap = BootstrapServersFromFlags(flags);
  if (!bootstrap.ok()) return UsageError(err, "run", AsStd(bootstrap.status().message()));
  const int64_t http_port = flags.GetInt("http-port");
  if (http_port < -1 || http_port > 65535) {
    return UsageError(err, "run", "--http-port must be -1 (off), 0 (any) or a port number");
  }
  KafkaProperties properties = KafkaPropertiesFromFlags(flags);
  properties.consumer.erase("bootstrap.servers");
  properties.producer.erase("bootstrap.servers");

  Logger logger(err, *ParseLogLevel(flags.GetString("log-level")));
  const absl::Time start = absl::Now();
  {
    std::vector<LogField> config = {
        {"version", WIRELENS_VERSION},
        {"brokers", flags.GetBool("embedded") ? std::string("(embedded)") : *bootstrap},
        {"group_id", flags.GetString("group-id")},
        {"input_topics", absl::StrJoin(worker_options->input_topics, ",")},
        {"output_topic", worker_options->output_topic},
        {"dlq_topic", worker_options->dlq_topic},
        {"threads", worker_options->threads},
        {"max_in_flight", worker_options->max_in_flight},
        {"commit_interval_seconds", worker_options->commit_interval},
        {"shutdown_timeout_seconds", worker_options->shutdown_timeout},
        {"stages", absl::StrJoin(flags.GetList("stages"), ",")}};
    for (LogField& f : RedactedConfigFields("kafka_consumer.", properties.consumer)) {
      config.push_back(std::move(f));
    }
    for (LogField& f : RedactedConfigFields("kafka_producer.", properties.producer)) {
      config.push_back(std::move(f));
    }
    logger.Log(LogLevel::kInfo, "starting", config);
  }

  MetricsRegistry metrics;
  metrics.GetGauge("wirelens_build_info", "Always 1; labels say which build is running.",
                   {{"version", WIRELENS_VERSION}})
      .Set(1);
  Health health;

  // Probes answer while the models load, so an orchestrator sees "alive,
  // not ready" rather than a refused connection.
  std::unique_ptr<HttpServer> http;
  if (http_port >= 0) {
    http = std::make_unique<HttpServer>(HttpServerOptions{
        .metrics = &metrics,
        .liveness = [&health] { return health.Live(); },
        .readiness = [&health] { return health.Ready(); }});
    absl::StatusOr<int> port = http->Start(flags.GetString("http-host"), static_cast<int>(http_port));
    if (!port.ok()) {
      logger.Error("cannot start the HTTP endpoints", {{"error", AsStd(port.status().message())}});
      return 1;
    }
    logger.Info("serving /metrics /livez /readyz",
                {{"host", flags.GetString("http-host")}, {"port", *port}});
  }

  std::unique_ptr<kafka::EmbeddedBroker> broker;
  if (flags.GetBool("embedded")) {
    kafka::EmbeddedBroker::Options broker_options;
    broker_options.log_level = 3;
    for (const std::string& topic : worker_options->input_topics) {
      broker_options.topics.push_back({.name = topic, .partitions = 3});
    }
    broker_options.topics.push_back({.name = worker_options->output_topic, .partitions = 3});
    broker_options.topics.push_back({.name = worker_options->dlq_topic, .partitions = 1});
    absl::StatusOr<std::unique_ptr<kafka::EmbeddedBroker>> started =
        kafka::EmbeddedBroker::Start(std::move(broker_options));
    if (!started.ok()) {
      logger.Error("cannot start the embedded broker",
                   {{"error", AsStd(started.status().message())}});
      return 1;
    }
    broker = *std::move(started);
    *bootstrap = broker->bootstrap_servers();
    logger.Info("embedded broker started", {{"bootstrap_servers", *bootstrap}});
  }

  ChainOptions chain_options;
  chain_options.record_durations = false;  // replays must yield identical bytes
  absl::StatusOr<PipelineSetup> setup = BuildPipeline(flags, registry, chain_options);
  if (!setup.ok()) {
    logger.Error("cannot build the stage chain", {{"code", StatusCodeName(setup.status().code())},
                                                   {"error", AsStd(setup.status().message())}});
    return setup.status().code() == absl::StatusCode::kInvalidArgument ? 2 : 1;
  }
  std::string stage_names;
  for (const auto& stage : setup->chain->stages()) {
    absl::StrAppend(&stage_names, stage_names.empty() ? "" : ",", AsAbsl(stage->name()));
  }
  logger.Info("models loaded", {{"stages", stage_names}});
  ArticleProcessor processor(*setup->chain, setup->options);

  kafka::KafkaSourceConfig source_config{.bootstrap_servers = *bootstrap,
                                         .group_id = flags.GetString("group-id"),
                                         .properties = std::move(properties.consumer),
                                         .log = KafkaLogTo(logger)};
  absl::StatusOr<std::unique_ptr<kafka::KafkaSource>> source =
      kafka::KafkaSource::Create(source_config);
  if (!source.ok()) {
    logger.Error("cannot create the Kafka consumer", {{"error", AsStd(source.status().message())}});
    return source.status().code() == absl::StatusCode::kInvalidArgument ? 2 : 1;
  }
  kafka::KafkaSinkConfig sink_config{.bootstrap_servers = *bootstrap,
                                     .properties = std::move(properties.producer),
                                     .log = KafkaLogTo(logger)};
  absl::StatusOr<std::unique_ptr<kafka::KafkaSink>> sink = kafka::KafkaSink::Create(sink_config);
  if (!sink.ok()) {
    logger.Error("cannot create the Kafka producer", {{"error", AsStd(sink.status().message())}});
    return sink.status().code() == absl::StatusCode::kInvalidArgument ? 2 : 1;
  }
  (*source)->ExportMetrics(metrics);

  LoggingSource logged_source(**source, logger);
  LoggingSink logged_sink(**sink, logger, worker_options->dlq_topic);
  Worker worker(logged_source, logged_sink, processor, metrics, *worker_options);
  absl::Status status;
  {
    StopWorkerOnSignals stop_on_signals(worker);
    health.worker.store(&worker);
    logger.Info("worker started", {{"threads", worker_options->threads}});
    status = worker.Run();
    if (!status.ok()) health.failed.store(true);
    if (StopWorkerOnSignals::signalled()) logger.Info("stopped by signal");
  }
  LogWorkerSummary(logger, worker.stats(), absl::Now() - start, status);
  if (http) http->Stop();
  health.worker.store(nullptr);
  return status.ok() ? 0 : 1;
}

}  // namespace wirelens::pipeline
