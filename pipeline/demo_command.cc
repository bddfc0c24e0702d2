#include "pipeline/demo_command.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "pipeline/demo_samples.h"
#include "pipeline/enrich.h"
#include "pipeline/kafka/kafka_client.h"
#include "pipeline/kafka/mock_broker.h"
#include "pipeline/log.h"
#include "pipeline/metrics.h"
#include "pipeline/processor.h"
#include "pipeline/run_command.h"
#include "pipeline/status_macros.h"
#include "pipeline/strings.h"
#include "wirelens/v1/enrichment.pb.h"

namespace wirelens::pipeline {
namespace {

// One message the demo produces to the input topic.
struct DemoInput {
  std::string origin;  // where it came from; also its Kafka key
  std::string value;
};

// What came back for one input, from either output topic.
struct DemoOutput {
  int64_t source_offset = -1;
  bool dead_letter = false;
  kafka::InputMessage message;
};

// The bundled samples, one input per article (JSONL files give one per
// line), then inputs that show the error paths.
std::vector<DemoInput> DemoInputs() {
  std::vector<DemoInput> inputs;
  for (const EmbeddedFile& file : DemoSampleFiles()) {
    absl::StatusOr<std::vector<InputRecord>> records =
        SplitInputRecords(file.data, InputFormat::kAuto);
    if (!records.ok()) {  // a broken sample file is still worth showing
      inputs.push_back({std::string(file.name), std::string(file.data)});
      continue;
    }
    for (const InputRecord& record : *records) {
      std::string origin(file.name);
      if (records->size() > 1) absl::StrAppend(&origin, ":", record.line);
      inputs.push_back({std::move(origin), std::string(record.bytes)});
    }
  }
  inputs.push_back({"bad/malformed.json", R"({"id": "broken-1", "headline": "Unterminated)"});
  inputs.push_back({"bad/binary.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)});
  inputs.push_back({"bad/empty", ""});
  // Not valid UTF-8 (Latin-1 bytes): repaired with a warning, not rejected.
  inputs.push_back({"repair/latin1.txt",
                    "Pre\xe7os da habita\xe7\xe3o sobem em Lisboa\n\n"
                    "Os pre\xe7os das casas em Lisboa subiram 12% no \xfaltimo ano, segundo o "
                    "Instituto Nacional de Estat\xedstica."});
  return inputs;
}

std::string_view HeaderValue(const kafka::InputMessage& message, std::string_view name) {
  for (const kafka::Header& h : message.headers) {
    if (h.name == name && h.value.has_value()) return *h.value;
  }
  return {};
}

// The input offset an output was made from: the last field of
// wirelens-source (topic/partition/offset) or wirelens-source-offset.
int64_t SourceOffset(const kafka::InputMessage& message, bool dead_letter) {
  std::string_view text;
  if (dead_letter) {
    text = HeaderValue(message, "wirelens-source-offset");
  } else {
    text = HeaderValue(message, "wirelens-source");
    text = text.substr(text.rfind('/') + 1);
  }
  int64_t offset = -1;
  if (!absl::SimpleAtoi(AsAbsl(text), &offset)) return -1;
  return offset;
}

std::string Shorten(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  return absl::StrCat(AsAbsl(s.substr(0, max - 3)), "...");
}

std::string Origin(const std::vector<DemoInput>& inputs, int64_t offset) {
  return offset >= 0 && offset < static_cast<int64_t>(inputs.size()) ? inputs[offset].origin : "?";
}

void PrintEnriched(const std::vector<DemoInput>& inputs, const DemoOutput& output,
                   std::ostream& out) {
  v1::Enrichment e;
  const std::string& value = output.message.value.value_or("");
  if (!e.ParseFromString(value)) {
    out << absl::StrFormat("  %3d  %-22s  (not a wirelens.v1.Enrichment: %d bytes)\n",
                           output.source_offset, Origin(inputs, output.source_offset),
                           value.size());
    return;
  }
  std::string notes;
  for (const v1::InputWarning& w : e.warnings()) absl::StrAppend(&notes, " warning:", w.code());
  for (const v1::StageError& se : e.errors()) {
    absl::StrAppend(&notes, " error:", se.stage(), ":", se.code());
  }
  const std::string language =
      e.has_language() ? absl::StrFormat("%-3s %4.2f %-4s", e.language().code(),
                                         e.language().confidence(), e.language().script())
                       : std::string("-");
  out << absl::StrFormat("  %3d  %-22s  %-34s  %-13s  %8d  %7d %s\n", output.source_offset,
                         Origin(inputs, output.source_offset), Shorten(e.article_id(), 34),
                         language, e.entities_size(), e.figures_size(), notes);
}

void PrintDeadLetter(const std::vector<DemoInput>& inputs, const DemoOutput& output,
                     std::ostream& out) {
  const kafka::InputMessage& m = output.message;
  out << absl::StrFormat("  %3d  %-22s  key=%s  value=%d bytes\n", output.source_offset,
                         Origin(inputs, output.source_offset), m.key.value_or("(null)"),
                         m.value.has_value() ? m.value->size() : 0);
  for (const kafka::Header& h : m.headers) {
    if (absl::StartsWith(h.name, "wirelens-")) {
      out << "         " << h.name << ": " << h.value.value_or("(null)") << "\n";
    }
  }
}

// Reads the output and dead-letter topics from the beginning, as a
// downstream consumer would, until `expected` distinct inputs have an output,
// `deadline` passes or `cancel` is set.
absl::StatusOr<std::vector<DemoOutput>> ReadOutputs(const std::string& bootstrap,
                                                    const WorkerOptions& options, size_t expected,
                                                    absl::Time deadline,
                                                    const std::atomic<bool>& cancel,
                                                    Logger& logger) {
  ASSIGN_OR_RETURN(std::unique_ptr<kafka::KafkaSource> reader,
                   kafka::KafkaSource::Create({.bootstrap_servers = bootstrap,
                                               .group_id = "wirelens-demo-reader",
                                               .client_id = "wirelens-demo-reader",
                                               .properties = {{"statistics.interval.ms", "0"}},
                                               .log = KafkaLogTo(logger)}));
  RETURN_IF_ERROR(reader->Subscribe({options.output_topic, options.dlq_topic}, nullptr));
  std::map<std::pair<bool, int64_t>, DemoOutput> outputs;  // dedupes redeliveries
  while (outputs.size() < expected && absl::Now() < deadline && !cancel.load()) {
    ASSIGN_OR_RETURN(std::vector<kafka::InputMessage> batch,
                     reader->Poll(100, absl::Milliseconds(100)));
    for (kafka::InputMessage& m : batch) {
      const bool dead_letter = m.topic == options.dlq_topic;
      const int64_t offset = SourceOffset(m, dead_letter);
      outputs[{dead_letter, offset}] =
          DemoOutput{.source_offset = offset, .dead_letter = dead_letter, .message = std::move(m)};
    }
  }
  (void)reader->Close();
  std::vector<DemoOutput> result;
  for (auto& [key, output] : outputs) result.push_back(std::move(output));
  std::sort(result.begin(), result.end(),
            [](const DemoOutput& a, const DemoOutput& b) { return a.source_offset < b.source_offset; });
  if (result.size() < expected) {
    return absl::DeadlineExceededError(absl::StrCat("read back ", result.size(), " of ", expected,
                                                    " outputs before the timeout"));
  }
  return result;
}

absl::Status ProduceInputs(const std::string& bootstrap, const std::string& topic,
                           const std::vector<DemoInput>& inputs, absl::Time deadline,
                           Logger& logger) {
  ASSIGN_OR_RETURN(std::unique_ptr<kafka::KafkaSink> producer,
                   kafka::KafkaSink::Create({.bootstrap_servers = bootstrap,
                                             .client_id = "wirelens-demo-producer",
                                             .properties = {},
                                             .log = KafkaLogTo(logger)}));
  std::atomic<int> failed{0};
  for (const DemoInput& input : inputs) {
    kafka::OutputMessage message{.topic = topic, .key = input.origin, .value = input.value};
    RETURN_IF_ERROR(producer->Produce(std::move(message), [&failed](absl::Status s) {
      if (!s.ok()) failed.fetch_add(1);
    }));
  }
  RETURN_IF_ERROR(producer->Flush(std::max(deadline - absl::Now(), absl::ZeroDuration())));
  if (failed.load() > 0) {
    return absl::UnavailableError(absl::StrCat(failed.load(), " sample messages were not delivered"));
  }
  return absl::OkStatus();
}

int Fail(Logger& logger, std::string_view what, const absl::Status& status) {
  logger.Error(what, {{"code", StatusCodeName(status.code())}, {"error", AsStd(status.message())}});
  return 1;
}

}  // namespace

FlagSet DemoFlags() {
  std::vector<FlagDef> flags = PipelineFlags();
  flags.push_back(ThreadsFlag());
  flags.push_back({.name = "timeout",
                   .type = FlagType::kDuration,
                   .default_value = "60s",
                   .help = "Give up (exit 1) if the demo has not finished by then.",
                   .unit = "duration"});
  flags.push_back(LogLevelFlag("warn"));
  return FlagSet("demo", "wirelens demo [flags]",
                 "Runs the streaming worker end to end against an in-process Kafka broker: "
                 "produces the bundled sample articles and a few bad inputs, enriches them with "
                 "the real worker, reads the output and dead-letter topics back and prints a "
                 "summary. Needs no files, network or running services.",
                 std::move(flags), {{"stage.", "Stage option <stage>.<key>=<value>."}});
}

int DemoCommand(const std::vector<std::string>& args, const StageRegistry& registry,
                std::ostream& out, std::ostream& err) {
  FlagSet flags = DemoFlags();
  if (absl::Status s = flags.Parse(args); !s.ok()) {
    err << "wirelens demo: " << s.message() << "\n";
    return 2;
  }
  if (flags.help_requested()) {
    out << flags.Help();
    return 0;
  }
  const int64_t threads = flags.GetInt("threads");
  if (threads < 1 || threads > 64) {
    err << "wirelens demo: --threads must be between 1 and 64\n";
    return 2;
  }
  Logger logger(err, *ParseLogLevel(flags.GetString("log-level")));
  const absl::Time start = absl::Now();
  const absl::Time deadline = start + flags.GetDuration("timeout");

  ChainOptions chain_options;
  chain_options.record_durations = false;
  absl::StatusOr<PipelineSetup> setup = BuildPipeline(flags, registry, chain_options);
  if (!setup.ok()) return Fail(logger, "cannot build the stage chain", setup.status());
  ArticleProcessor processor(*setup->chain, setup->options);

  WorkerOptions options;
  options.threads = static_cast<int>(threads);
  options.commit_interval = absl::Milliseconds(200);
  // One input partition: its offsets are the inputs' positions in
  // DemoInputs(), which is how outputs are matched back to their origin.
  kafka::EmbeddedBroker::Options broker_options;
  broker_options.log_level = 3;
  broker_options.topics = {{.name = options.input_topics[0], .partitions = 1},
                           {.name = options.output_topic, .partitions = 3},
                           {.name = options.dlq_topic, .partitions = 1}};
  absl::StatusOr<std::unique_ptr<kafka::EmbeddedBroker>> broker =
      kafka::EmbeddedBroker::Start(std::move(broker_options));
  if (!broker.ok()) return Fail(logger, "cannot start the embedded broker", broker.status());
  const std::string bootstrap = (*broker)->bootstrap_servers();
  logger.Info("embedded broker started", {{"bootstrap_servers", bootstrap}});

  const std::vector<DemoInput> inputs = DemoInputs();
  const size_t samples = DemoSampleFiles().size();
  if (absl::Status s = ProduceInputs(bootstrap, options.input_topics[0], inputs, deadline, logger);
      !s.ok()) {
    return Fail(logger, "cannot produce the sample articles", s);
  }

  // The worker, exactly as `wirelens run` builds it.
  absl::StatusOr<std::unique_ptr<kafka::KafkaSource>> source = kafka::KafkaSource::Create(
      {.bootstrap_servers = bootstrap, .group_id = "wirelens-demo", .log = KafkaLogTo(logger)});
  if (!source.ok()) return Fail(logger, "cannot create the Kafka consumer", source.status());
  absl::StatusOr<std::unique_ptr<kafka::KafkaSink>> sink =
      kafka::KafkaSink::Create({.bootstrap_servers = bootstrap, .log = KafkaLogTo(logger)});
  if (!sink.ok()) return Fail(logger, "cannot create the Kafka producer", sink.status());
  MetricsRegistry metrics;
  LoggingSource logged_source(**source, logger);
  LoggingSink logged_sink(**sink, logger, options.dlq_topic);
  Worker worker(logged_source, logged_sink, processor, metrics, options);

  // The reader joins its own group while the worker joins its, so the two
  // group joins (about 3 s each on the mock broker) overlap.
  std::atomic<bool> cancel_reader{false};
  absl::StatusOr<std::vector<DemoOutput>> outputs;
  std::thread reader([&] {
    outputs = ReadOutputs(bootstrap, options, inputs.size(), deadline, cancel_reader, logger);
  });
  absl::Status run_status;
  std::atomic<bool> run_returned{false};
  {
    StopWorkerOnSignals stop_on_signals(worker);
    std::thread runner([&] {
      run_status = worker.Run();
      run_returned.store(true);
    });
    // Every input gets exactly one acknowledged output, enriched or dead.
    while (!run_returned.load() && absl::Now() < deadline) {
      const WorkerStats stats = worker.stats();
      if (stats.produced + stats.dead_lettered >= inputs.size()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    worker.Stop();
    runner.join();
    const WorkerStats stats = worker.stats();
    if (!run_status.ok() || StopWorkerOnSignals::signalled() ||
        stats.produced + stats.dead_lettered < inputs.size()) {
      cancel_reader.store(true);
    }
    reader.join();
  }
  const WorkerStats stats = worker.stats();
  const absl::Duration elapsed = absl::Now() - start;
  LogWorkerSummary(logger, stats, elapsed, run_status);
  if (!run_status.ok()) return Fail(logger, "the worker failed", run_status);
  if (StopWorkerOnSignals::signalled()) return 1;
  if (stats.produced + stats.dead_lettered < inputs.size()) {
    return Fail(logger, "timed out",
                absl::DeadlineExceededError(absl::StrCat(
                    stats.produced + stats.dead_lettered, " of ", inputs.size(),
                    " inputs processed before --timeout")));
  }
  if (!outputs.ok()) return Fail(logger, "cannot read the outputs back", outputs.status());

  out << "wirelens demo: embedded Kafka broker at " << bootstrap << "\n"
      << absl::StrFormat("  produced %d messages to %s: the articles of %d sample files, and 4 "
                         "extra inputs (bad/*, repair/*)\n",
                         inputs.size(), options.input_topics[0], samples)
      << absl::StrFormat("  worker (%d threads): %d enriched -> %s, %d dead-lettered -> %s, "
                         "read back by a consumer; %.1f s in all\n\n",
                         options.threads, stats.produced, options.output_topic,
                         stats.dead_lettered, options.dlq_topic, absl::ToDoubleSeconds(elapsed));
  out << options.output_topic << "\n"
      << absl::StrFormat("  %3s  %-22s  %-34s  %-13s  %8s  %7s %s\n", "in", "origin",
                         "article_id", "language", "entities", "figures", " notes");
  for (const DemoOutput& o : *outputs) {
    if (!o.dead_letter) PrintEnriched(inputs, o, out);
  }
  out << "\n" << options.dlq_topic << "\n";
  for (const DemoOutput& o : *outputs) {
    if (o.dead_letter) PrintDeadLetter(inputs, o, out);
  }
  out.flush();
  return out ? 0 : 1;
}

}  // namespace wirelens::pipeline
