#include "pipeline/kafka/broker_command.h"

#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <ostream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "pipeline/status_macros.h"
#include "pipeline/strings.h"

namespace wirelens::pipeline::kafka {
namespace {

constexpr char kName[] = "wirelens broker";

struct ApiName {
  const char* name;
  KafkaApi api;
};
constexpr ApiName kApis[] = {
    {"Produce", KafkaApi::kProduce},
    {"Fetch", KafkaApi::kFetch},
    {"ListOffsets", KafkaApi::kListOffsets},
    {"Metadata", KafkaApi::kMetadata},
    {"OffsetCommit", KafkaApi::kOffsetCommit},
    {"OffsetFetch", KafkaApi::kOffsetFetch},
    {"FindCoordinator", KafkaApi::kFindCoordinator},
    {"JoinGroup", KafkaApi::kJoinGroup},
    {"Heartbeat", KafkaApi::kHeartbeat},
    {"LeaveGroup", KafkaApi::kLeaveGroup},
    {"SyncGroup", KafkaApi::kSyncGroup},
    {"ApiVersions", KafkaApi::kApiVersions},
    {"InitProducerId", KafkaApi::kInitProducerId},
    {"AddPartitionsToTxn", KafkaApi::kAddPartitionsToTxn},
    {"AddOffsetsToTxn", KafkaApi::kAddOffsetsToTxn},
    {"EndTxn", KafkaApi::kEndTxn},
    {"TxnOffsetCommit", KafkaApi::kTxnOffsetCommit},
};

absl::StatusOr<KafkaApi> ParseApi(absl::string_view name) {
  for (const ApiName& a : kApis) {
    if (absl::EqualsIgnoreCase(name, a.name)) return a.api;
  }
  std::vector<std::string> names;
  for (const ApiName& a : kApis) names.emplace_back(a.name);
  return absl::InvalidArgumentError(
      absl::StrCat("unknown api '", name, "' (one of ", absl::StrJoin(names, ", "), ")"));
}

// Accepts librdkafka's error names with or without the RD_KAFKA_RESP_ERR_
// prefix: NOT_LEADER_FOR_PARTITION, _TRANSPORT, ...
absl::StatusOr<rd_kafka_resp_err_t> ParseError(absl::string_view name) {
  absl::ConsumePrefix(&name, "RD_KAFKA_RESP_ERR_");
  const rd_kafka_err_desc* descs = nullptr;
  size_t count = 0;
  rd_kafka_get_err_descs(&descs, &count);
  for (size_t i = 0; i < count; ++i) {
    if (descs[i].name != nullptr && absl::EqualsIgnoreCase(name, descs[i].name)) {
      return descs[i].code;
    }
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown kafka error '", name, "'"));
}

absl::StatusOr<int32_t> ParseBrokerId(absl::string_view text) {
  if (text == "all") return EmbeddedBroker::kAllBrokers;
  int32_t id = 0;
  if (!absl::SimpleAtoi(text, &id) || id < 1) {
    return absl::InvalidArgumentError(absl::StrCat("bad broker id '", text, "' (1..N or all)"));
  }
  return id;
}

absl::StatusOr<int64_t> ParseCount(absl::string_view text, std::string_view what) {
  int64_t n = 0;
  if (!absl::SimpleAtoi(text, &n) || n < 0) {
    return absl::InvalidArgumentError(absl::StrCat("bad ", AsAbsl(what), " '", text, "'"));
  }
  return n;
}

absl::Status WantArgs(const std::vector<absl::string_view>& words, size_t n,
                      std::string_view usage) {
  if (words.size() != n + 1) {
    return absl::InvalidArgumentError(absl::StrCat("usage: ", AsAbsl(usage)));
  }
  return absl::OkStatus();
}

// "name" or "name:partitions".
absl::StatusOr<EmbeddedBroker::TopicSpec> ParseTopic(absl::string_view text, int partitions) {
  EmbeddedBroker::TopicSpec spec{.name = std::string(text), .partitions = partitions};
  if (const size_t colon = text.rfind(':'); colon != absl::string_view::npos) {
    spec.name = std::string(text.substr(0, colon));
    if (!absl::SimpleAtoi(text.substr(colon + 1), &spec.partitions) || spec.partitions < 1) {
      return absl::InvalidArgumentError(absl::StrCat("bad partition count in topic '", text, "'"));
    }
  }
  if (spec.name.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("empty topic name in '", text, "'"));
  }
  return spec;
}

FlagSet MakeFlagSet() {
  return FlagSet(
      "broker", "wirelens broker [flags]",
      absl::StrCat("Runs an in-process Kafka cluster (librdkafka's mock broker) on 127.0.0.1 "
                   "for the demo and tests. Prints 'bootstrap=<bootstrap.servers>' as the "
                   "first line of stdout, then serves until SIGINT or SIGTERM. With --control, "
                   "reads one command per line from stdin and answers each with 'ok' or "
                   "'error: <why>':\n",
                   ControlHelp()),
      BrokerFlags());
}

// Blocks SIGINT and SIGTERM for the command's duration and exposes them as a
// readable descriptor.
class StopSignals {
 public:
  StopSignals() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, &old_);
    fd_ = signalfd(-1, &set_, SFD_CLOEXEC);
  }
  ~StopSignals() {
    if (fd_ >= 0) close(fd_);
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  int fd() const { return fd_; }

  // The signal received, after poll() said fd() is readable.
  int Read() const {
    signalfd_siginfo info{};
    if (read(fd_, &info, sizeof(info)) != sizeof(info)) return 0;
    return static_cast<int>(info.ssi_signo);
  }

 private:
  sigset_t set_;
  sigset_t old_;
  int fd_ = -1;
};

// Serves until a stop signal, or with `control` until `quit` or the end of
// stdin. Returns the exit code.
int Serve(EmbeddedBroker& broker, bool control, const StopSignals& signals, std::ostream& out,
          std::ostream& err) {
  std::string pending;  // stdin bytes not yet ending in '\n'
  bool stdin_open = control;
  while (true) {
    pollfd fds[2] = {{.fd = signals.fd(), .events = POLLIN, .revents = 0},
                     {.fd = STDIN_FILENO, .events = POLLIN, .revents = 0}};
    if (poll(fds, stdin_open ? 2 : 1, -1) < 0) {
      if (errno == EINTR) continue;
      err << kName << ": poll: " << std::strerror(errno) << "\n";
      return 1;
    }
    if (fds[0].revents != 0) {
      err << kName << ": signal " << signals.Read() << ", shutting down\n";
      return 0;
    }
    if (!stdin_open || fds[1].revents == 0) continue;
    char buffer[4096];
    const ssize_t n = read(STDIN_FILENO, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    const bool eof = n <= 0;
    if (!eof) pending.append(buffer, static_cast<size_t>(n));
    // Complete lines, plus a last unterminated one at end of input.
    size_t start = 0;
    while (true) {
      size_t end = pending.find('\n', start);
      if (end == std::string::npos) {
        if (!eof || start >= pending.size()) break;
        end = pending.size();
      }
      const absl::string_view line =
          absl::StripAsciiWhitespace(absl::string_view(pending).substr(start, end - start));
      start = end + 1;
      absl::StatusOr<ControlAction> action = ExecuteBrokerControl(broker, AsStd(line));
      out << (action.ok() ? std::string("ok") : absl::StrCat("error: ", action.status().message()))
          << std::endl;
      if (action.ok() && *action == ControlAction::kQuit) return 0;
    }
    pending.erase(0, std::min(start, pending.size()));
    if (eof) return 0;
  }
}

}  // namespace

std::vector<FlagDef> BrokerFlags() {
  // A development tool: its flags have no WIRELENS_* environment variables,
  // so that the worker's (WIRELENS_BROKERS, a bootstrap list) cannot leak
  // into it (--brokers here is a count).
  std::vector<FlagDef> flags = {
      {.name = "port",
       .type = FlagType::kInt,
       .default_value = "0",
       .help = "Fixed bootstrap port on 127.0.0.1, relayed to the brokers (which listen on "
               "random ports); 0 for none: clients then bootstrap from the brokers' own "
               "random ports."},
      {.name = "brokers",
       .type = FlagType::kInt,
       .default_value = "1",
       .help = "Number of brokers; their ids are 1..N."},
      {.name = "partitions",
       .type = FlagType::kInt,
       .default_value = "4",
       .help = "Partitions of each topic in --topics that does not give its own."},
      {.name = "topics",
       .type = FlagType::kList,
       .default_value = "articles.raw,articles.enriched,articles.raw.dlq",
       .help = "Topics to create, each 'name' or 'name:partitions'. Other topics are "
               "auto-created with 4 partitions when first used."},
      {.name = "control",
       .type = FlagType::kBool,
       .default_value = "false",
       .help = "Read fault-injection commands from stdin, one per line, and answer each with "
               "'ok' or 'error: <why>' on stdout; stop at 'quit' or end of input."},
  };
  for (FlagDef& flag : flags) flag.env = false;
  return flags;
}

std::string ControlHelp() {
  return "  down <broker>                 take a broker down (its clients are disconnected)\n"
         "  up <broker>                   bring it back\n"
         "  rtt <broker> <ms>             delay every response of the broker\n"
         "  errors <api> <error> <count>  fail the next <count> requests of <api> (Produce,\n"
         "                                OffsetCommit, Fetch, ...) with a librdkafka error name,\n"
         "                                e.g. errors Produce NOT_LEADER_FOR_PARTITION 5\n"
         "  topic <name> <partitions>     create a topic\n"
         "  quit                          stop the broker\n"
         "<broker> is a broker id (1..N) or 'all'.";
}

absl::StatusOr<ControlAction> ExecuteBrokerControl(EmbeddedBroker& broker, std::string_view line) {
  const std::vector<absl::string_view> words =
      absl::StrSplit(AsAbsl(line), absl::ByAnyChar(" \t"), absl::SkipWhitespace());
  if (words.empty()) return absl::InvalidArgumentError("empty command");
  const absl::string_view command = words[0];
  if (command == "quit") {
    RETURN_IF_ERROR(WantArgs(words, 0, "quit"));
    return ControlAction::kQuit;
  }
  if (command == "down" || command == "up") {
    RETURN_IF_ERROR(WantArgs(words, 1, absl::StrCat(command, " <broker>")));
    ASSIGN_OR_RETURN(const int32_t id, ParseBrokerId(words[1]));
    RETURN_IF_ERROR(command == "down" ? broker.SetBrokerDown(id) : broker.SetBrokerUp(id));
    return ControlAction::kContinue;
  }
  if (command == "rtt") {
    RETURN_IF_ERROR(WantArgs(words, 2, "rtt <broker> <ms>"));
    ASSIGN_OR_RETURN(const int32_t id, ParseBrokerId(words[1]));
    ASSIGN_OR_RETURN(const int64_t ms, ParseCount(words[2], "milliseconds"));
    RETURN_IF_ERROR(broker.SetRtt(id, absl::Milliseconds(ms)));
    return ControlAction::kContinue;
  }
  if (command == "errors") {
    RETURN_IF_ERROR(WantArgs(words, 3, "errors <api> <error> <count>"));
    ASSIGN_OR_RETURN(const KafkaApi api, ParseApi(words[1]));
    ASSIGN_OR_RETURN(const rd_kafka_resp_err_t error, ParseError(words[2]));
    ASSIGN_OR_RETURN(const int64_t count, ParseCount(words[3], "count"));
    broker.PushRequestErrors(api, error, static_cast<size_t>(count));
    return ControlAction::kContinue;
  }
  if (command == "topic") {
    RETURN_IF_ERROR(WantArgs(words, 2, "topic <name> <partitions>"));
    ASSIGN_OR_RETURN(const int64_t partitions, ParseCount(words[2], "partition count"));
    if (partitions < 1 || partitions > 100000) {
      return absl::InvalidArgumentError(absl::StrCat("bad partition count '", words[2], "'"));
    }
    RETURN_IF_ERROR(broker.CreateTopic(
        {.name = std::string(words[1]), .partitions = static_cast<int>(partitions)}));
    return ControlAction::kContinue;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown command '", command, "' (down, up, rtt, errors, topic, quit)"));
}

int BrokerCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  FlagSet flags = MakeFlagSet();
  if (absl::Status s = flags.Parse(args); !s.ok()) {
    err << kName << ": " << s.message() << "\n";
    return 2;
  }
  if (flags.help_requested()) {
    out << flags.Help();
    return 0;
  }
  if (!flags.positional().empty()) {
    err << kName << ": unexpected argument '" << flags.positional()[0] << "'\n";
    return 2;
  }
  const int64_t port = flags.GetInt("port");
  const int64_t brokers = flags.GetInt("brokers");
  const int64_t partitions = flags.GetInt("partitions");
  if (port < 0 || port > 65535) {
    err << kName << ": --port must be in 0..65535, got " << port << "\n";
    return 2;
  }
  if (brokers < 1 || brokers > 64) {
    err << kName << ": --brokers must be in 1..64, got " << brokers << "\n";
    return 2;
  }
  if (partitions < 1 || partitions > 100000) {
    err << kName << ": --partitions must be in 1..100000, got " << partitions << "\n";
    return 2;
  }
  EmbeddedBroker::Options options;
  options.num_brokers = static_cast<int>(brokers);
  if (port != 0) options.bootstrap_port = static_cast<uint16_t>(port);
  for (const std::string& topic : flags.GetList("topics")) {
    absl::StatusOr<EmbeddedBroker::TopicSpec> spec =
        ParseTopic(topic, static_cast<int>(partitions));
    if (!spec.ok()) {
      err << kName << ": --topics: " << spec.status().message() << "\n";
      return 2;
    }
    options.topics.push_back(*std::move(spec));
  }

  // Before the broker starts, so every thread it creates inherits the mask
  // and only the signalfd receives the stop signals.
  const StopSignals signals;
  if (signals.fd() < 0) {
    err << kName << ": signalfd: " << std::strerror(errno) << "\n";
    return 1;
  }
  absl::StatusOr<std::unique_ptr<EmbeddedBroker>> broker = EmbeddedBroker::Start(options);
  if (!broker.ok()) {
    err << kName << ": " << broker.status().ToString() << "\n";
    return 1;
  }
  out << "bootstrap=" << (*broker)->bootstrap_servers() << std::endl;
  std::vector<std::string> topics;
  for (const EmbeddedBroker::TopicSpec& spec : options.topics) {
    topics.push_back(absl::StrCat(spec.name, ":", spec.partitions));
  }
  err << kName << ": " << brokers << " broker(s) at " << (*broker)->broker_addresses()
      << (options.bootstrap_port ? absl::StrCat(", bootstrap port ", port) : std::string())
      << ", topics " << absl::StrJoin(topics, ",") << std::endl;
  return Serve(**broker, flags.GetBool("control"), signals, out, err);
}

}  // namespace wirelens::pipeline::kafka
