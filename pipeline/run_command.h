// File: run_command.h
//
// `wirelens run`: the production entry point. Consumes raw articles from
// Kafka, enriches them with the configured stages and publishes one
// wirelens.v1.Enrichment per article (dead letters for inputs that cannot be
// processed), with at-least-once delivery (worker.h). Alongside it serves
// /metrics, /livez and /readyz (http_server.h) and writes JSON-lines logs to
// stderr (log.h).
//
// Process contract (what Kubernetes and operators rely on):
//   - Every option is a flag with a WIRELENS_* environment variable (see
//     `wirelens run --help`); librdkafka properties pass through as
//     --kafka.<property>=<value> (both clients), --kafka-consumer.<p> and
//     --kafka-producer.<p> (one side), or WIRELENS_KAFKA_<P> etc.
//   - /livez is 200 from start until the worker loop fails; /readyz is 200
//     once the models are loaded and the consumer group is joined, and 503
//     again once shutdown begins.
//   - SIGTERM or SIGINT stop the worker gracefully: in-flight articles are
//     finished and committed within --shutdown-timeout. A second signal
//     kills the process at once.
//   - Exit status: 0 after a graceful stop, 1 on a fatal error (models,
//     Kafka, HTTP port), 2 on a usage error (bad flag or value).
//
// Also the pieces `wirelens demo` (demo_command.h) shares with `run`: the
// worker flag definitions, librdkafka log routing, the signal handler and
// the shutdown summary.
#pragma once

#include <atomic>
#include <iosfwd>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "pipeline/config.h"
#include "pipeline/kafka/kafka_client.h"
#include "pipeline/log.h"
#include "pipeline/registry.h"
#include "pipeline/worker.h"

namespace wirelens::pipeline {

// --threads: processing threads of the worker.
FlagDef ThreadsFlag();
// --log-level, with the command's default.
FlagDef LogLevelFlag(std::string_view default_level);

// The worker's flags: --group-id, --input-topic, --output-topic,
// --dlq-topic, --threads, --max-in-flight, --commit-interval,
// --shutdown-timeout.
std::vector<FlagDef> WorkerFlags();

// The FlagSet of `wirelens run` (PipelineFlags() + WorkerFlags() + Kafka,
// HTTP and logging flags, with the kafka., kafka-consumer., kafka-producer.
// and stage. pass-through prefixes). Also used to generate docs.
FlagSet RunFlags();

// WorkerOptions from parsed WorkerFlags(). InvalidArgument for values
// outside their range (threads or max-in-flight < 1, empty or clashing
// topic names).
absl::StatusOr<WorkerOptions> WorkerOptionsFromFlags(const FlagSet& flags);

// librdkafka properties for each client: --kafka.<p> for both, then
// --kafka-consumer.<p> / --kafka-producer.<p> over them.
struct KafkaProperties {
  std::map<std::string, std::string> consumer;
  std::map<std::string, std::string> producer;
};
KafkaProperties KafkaPropertiesFromFlags(const FlagSet& flags);

// Routes librdkafka's log lines into `logger` (msg "kafka", with the
// facility and librdkafka's message as fields). `logger` must outlive the
// clients using the function.
kafka::KafkaLogFunction KafkaLogTo(Logger& logger);

// While alive, SIGINT and SIGTERM call worker.Stop() (async-signal-safe);
// the handler is one-shot, so a second signal has the default effect and
// ends the process. The destructor restores the previous handlers. At most
// one instance may exist at a time (checked). Construct and destroy on one
// thread.
class StopWorkerOnSignals {
 public:
  explicit StopWorkerOnSignals(Worker& worker);
  ~StopWorkerOnSignals();
  StopWorkerOnSignals(const StopWorkerOnSignals&) = delete;
  StopWorkerOnSignals& operator=(const StopWorkerOnSignals&) = delete;

  // True once a signal asked the worker to stop.
  static bool signalled();
};

// Logs the end of a worker run: "worker stopped" (info) after a graceful
// stop, "worker failed" (error) otherwise, with every WorkerStats counter
// and the run time.
void LogWorkerSummary(Logger& logger, const WorkerStats& stats, absl::Duration elapsed,
                      const absl::Status& status);

// `wirelens run`: returns the process exit status (0, 1 or 2, see above).
// --help goes to `out`; usage errors to `err` as plain text; everything
// else is logged as JSON lines to `err`.
int RunCommand(const std::vector<std::string>& args, const StageRegistry& registry,
               std::ostream& out, std::ostream& err);

}  // namespace wirelens::pipeline
