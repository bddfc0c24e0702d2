// File: broker_command.h
//
// `wirelens broker`: runs an EmbeddedBroker (mock_broker.h) as a standalone
// process, for the demo, for poking at with kcat or Python clients, and for
// the end-to-end tests, which also drive its fault injection over stdin.
//
//   wirelens broker [--port=N] [--brokers=N] [--partitions=N]
//                   [--topics=a,b:8,...] [--control]
//
// Protocol on stdout: the first line is `bootstrap=<bootstrap.servers>`,
// flushed at once, so a parent process can read it and connect. With
// --control, each line read from stdin is one command, answered by one line,
// "ok" or "error: <why>" (grammar: ControlHelp()). The broker then runs until
// SIGTERM or SIGINT, or with --control until `quit` or end of input, and exits
// 0. Usage errors exit 2, a broker that cannot start exits 1.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "pipeline/config.h"
#include "pipeline/kafka/mock_broker.h"

namespace wirelens::pipeline::kafka {

// The command's flags: --port, --brokers, --partitions, --topics, --control.
std::vector<FlagDef> BrokerFlags();

// Runs the command. Blocks SIGINT and SIGTERM in the calling thread (and so
// in the broker's threads) for its duration to receive them synchronously;
// with --control it reads commands from file descriptor 0. `out` gets the
// protocol above, `err` diagnostics. Returns the exit code.
int BrokerCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// What the control loop does after a command.
enum class ControlAction { kContinue, kQuit };

// Executes one control command against `broker`:
//   down <broker>                  take a broker down (SetBrokerDown)
//   up <broker>                    bring it back (SetBrokerUp)
//   rtt <broker> <ms>              delay its responses (SetRtt)
//   errors <api> <error> <count>   fail the next <count> requests of <api>
//                                  (e.g. Produce, OffsetCommit) with <error>
//                                  (a librdkafka name, e.g.
//                                  NOT_LEADER_FOR_PARTITION)
//   topic <name> <partitions>      create a topic
//   quit                           stop the broker
// <broker> is a broker id (1..brokers) or "all". Blank lines are rejected
// like any unknown command. Returns InvalidArgument for a malformed command,
// otherwise the broker's status for the operation.
absl::StatusOr<ControlAction> ExecuteBrokerControl(EmbeddedBroker& broker, std::string_view line);

// One line per command, for --help.
std::string ControlHelp();

}  // namespace wirelens::pipeline::kafka
