// A standalone EmbeddedBroker for manual testing with kcat or Python clients:
//
//   embedded_broker [--port N] [--brokers N] [--topic name:partitions]...
//
// Prints the bootstrap.servers value on stdout, then serves until SIGINT or
// SIGTERM. The `wirelens broker` command will offer the same from the main
// binary; this one has no dependencies beyond the Kafka library.
#include <csignal>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/string_view.h"
#include "pipeline/kafka/mock_broker.h"

namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: embedded_broker [--port N] [--brokers N] "
               "[--topic name:partitions]...\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using wirelens::pipeline::kafka::EmbeddedBroker;
  EmbeddedBroker::Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (i + 1 >= argc) {
      return Usage();
    }
    const absl::string_view value = argv[++i];
    if (arg == "--port") {
      uint32_t port = 0;
      if (!absl::SimpleAtoi(value, &port) || port > 65535) {
        return Usage();
      }
      options.bootstrap_port = static_cast<uint16_t>(port);
    } else if (arg == "--brokers") {
      if (!absl::SimpleAtoi(value, &options.num_brokers)) {
        return Usage();
      }
    } else if (arg == "--topic") {
      const size_t colon = value.rfind(':');
      EmbeddedBroker::TopicSpec spec;
      if (colon == absl::string_view::npos ||
          !absl::SimpleAtoi(value.substr(colon + 1), &spec.partitions)) {
        return Usage();
      }
      spec.name = std::string(value.substr(0, colon));
      options.topics.push_back(std::move(spec));
    } else {
      return Usage();
    }
  }

  // Block the stop signals before any librdkafka thread exists, so they all
  // inherit the mask and sigwait below is the only receiver.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto broker = EmbeddedBroker::Start(options);
  if (!broker.ok()) {
    std::fprintf(stderr, "embedded_broker: %s\n", broker.status().ToString().c_str());
    return 1;
  }
  std::printf("%s\n", (*broker)->bootstrap_servers().c_str());
  std::fflush(stdout);
  int signal = 0;
  sigwait(&stop_signals, &signal);
  std::fprintf(stderr, "embedded_broker: signal %d, shutting down\n", signal);
  return 0;
}
