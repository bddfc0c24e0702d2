#include "pipeline/kafka/broker_command.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pipeline/kafka/kafka_client.h"
#include "pipeline/kafka/mock_broker.h"
#include "pipeline/strings.h"

namespace wirelens::pipeline::kafka {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr absl::Duration kMaxWait = absl::Seconds(20);

void QuietLog(int level, std::string_view facility, std::string_view message) {
  if (level <= 3) LogKafkaToStderr(level, facility, message);
}

absl::StatusCode ControlCode(EmbeddedBroker& broker, std::string_view line) {
  return ExecuteBrokerControl(broker, line).status().code();
}

// Produces one message and waits for its delivery result.
absl::Status ProduceOne(const std::string& bootstrap, const std::string& topic) {
  absl::StatusOr<std::unique_ptr<KafkaSink>> sink =
      KafkaSink::Create({.bootstrap_servers = bootstrap, .log = QuietLog});
  if (!sink.ok()) return sink.status();
  absl::Mutex mu;
  std::optional<absl::Status> result;
  if (absl::Status s = (*sink)->Produce({.topic = topic, .value = "x"},
                                        [&](absl::Status status) {
                                          absl::MutexLock lock(&mu);
                                          result = std::move(status);
                                        });
      !s.ok()) {
    return s;
  }
  if (absl::Status s = (*sink)->Flush(kMaxWait); !s.ok()) return s;
  absl::MutexLock lock(&mu);
  return *result;
}

TEST(ExecuteBrokerControlTest, ParsesAndAppliesCommands) {
  EmbeddedBroker::Options options;
  options.num_brokers = 2;
  options.log_level = 3;
  absl::StatusOr<std::unique_ptr<EmbeddedBroker>> started = EmbeddedBroker::Start(options);
  ASSERT_TRUE(started.ok()) << started.status();
  EmbeddedBroker& broker = **started;

  using C = absl::StatusCode;
  EXPECT_EQ(ControlCode(broker, "topic fresh 3"), C::kOk);
  EXPECT_EQ(ControlCode(broker, "topic fresh 3"), C::kAlreadyExists);
  EXPECT_EQ(ControlCode(broker, "topic bad 0"), C::kInvalidArgument);
  EXPECT_EQ(ControlCode(broker, "down 1"), C::kOk);
  EXPECT_EQ(ControlCode(broker, "up 1"), C::kOk);
  EXPECT_EQ(ControlCode(broker, "down all"), C::kOk);
  EXPECT_EQ(ControlCode(broker, "up all"), C::kOk);
  EXPECT_EQ(ControlCode(broker, "down 0"), C::kInvalidArgument);
  EXPECT_EQ(ControlCode(broker, "down"), C::kInvalidArgument);
  EXPECT_EQ(ControlCode(broker, "rtt 2 50"), C::kOk);
  EXPECT_EQ(ControlCode(broker, "rtt 2 0"), C::kOk);
  EXPECT_EQ(ControlCode(broker, "rtt 2 -5"), C::kInvalidArgument);
  EXPECT_EQ(ControlCode(broker, "errors OffsetCommit REBALANCE_IN_PROGRESS 0"), C::kOk);
  EXPECT_EQ(ControlCode(broker, "errors Nope NOT_LEADER_FOR_PARTITION 1"), C::kInvalidArgument);
  EXPECT_EQ(ControlCode(broker, "errors Produce NO_SUCH_ERROR 1"), C::kInvalidArgument);
  EXPECT_EQ(ControlCode(broker, "errors Produce NOT_LEADER_FOR_PARTITION"), C::kInvalidArgument);
  EXPECT_EQ(ControlCode(broker, "frobnicate"), C::kInvalidArgument);
  EXPECT_EQ(ControlCode(broker, ""), C::kInvalidArgument);
  EXPECT_EQ(ControlCode(broker, "quit now"), C::kInvalidArgument);
  absl::StatusOr<ControlAction> quit = ExecuteBrokerControl(broker, "  quit ");
  ASSERT_TRUE(quit.ok());
  EXPECT_EQ(*quit, ControlAction::kQuit);

  // An injected error reaches a client: a non-retriable one fails the
  // delivery, and only the next request.
  EXPECT_EQ(ControlCode(broker, "errors Produce RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE 1"), C::kOk);
  EXPECT_EQ(ProduceOne(broker.bootstrap_servers(), "fresh").code(), C::kOutOfRange);
  EXPECT_TRUE(ProduceOne(broker.bootstrap_servers(), "fresh").ok());
}

TEST(BrokerCommandTest, UsageErrors) {
  std::ostringstream out, err;
  EXPECT_EQ(BrokerCommand({"--help"}, out, err), 0);
  EXPECT_THAT(out.str(), HasSubstr("--control"));
  EXPECT_THAT(out.str(), HasSubstr("errors <api> <error> <count>"));
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"--port=70000"},
                                             {"--brokers=0"},
                                             {"--partitions=0"},
                                             {"--topics=a:0"},
                                             {"--no-such-flag"},
                                             {"positional"}}) {
    SCOPED_TRACE(args[0]);
    EXPECT_EQ(BrokerCommand(args, out, err), 2);
  }
}

// Runs BrokerCommand in a child process, as `wirelens broker` would, with
// its stdin and stdout on pipes.
class BrokerProcess {
 public:
  explicit BrokerProcess(std::vector<std::string> args) {
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0) return;
    std::cout.flush();
    std::cerr.flush();
    pid_ = fork();
    if (pid_ == 0) {
      dup2(in[0], STDIN_FILENO);
      dup2(out[1], STDOUT_FILENO);
      close(in[0]), close(in[1]), close(out[0]), close(out[1]);
      _exit(BrokerCommand(args, std::cout, std::cerr));
    }
    close(in[0]);
    close(out[1]);
    to_child_ = in[1];
    from_child_ = out[0];
  }
  ~BrokerProcess() {
    if (to_child_ >= 0) close(to_child_);
    if (from_child_ >= 0) close(from_child_);
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }

  bool started() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

  void Send(std::string_view line) {
    const std::string data = absl::StrCat(AsAbsl(line), "\n");
    ASSERT_EQ(write(to_child_, data.data(), data.size()), static_cast<ssize_t>(data.size()));
  }
  void CloseInput() {
    close(to_child_);
    to_child_ = -1;
  }

  // The next line of the child's stdout, without '\n'; nullopt on EOF or
  // after kMaxWait.
  std::optional<std::string> ReadLine() {
    const absl::Time deadline = absl::Now() + kMaxWait;
    while (true) {
      if (const size_t nl = buffer_.find('\n'); nl != std::string::npos) {
        std::string line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        return line;
      }
      pollfd fd{.fd = from_child_, .events = POLLIN, .revents = 0};
      const int wait_ms = static_cast<int>(absl::ToInt64Milliseconds(deadline - absl::Now()));
      if (wait_ms <= 0 || poll(&fd, 1, wait_ms) <= 0) return std::nullopt;
      char chunk[512];
      const ssize_t n = read(from_child_, chunk, sizeof(chunk));
      if (n <= 0) return std::nullopt;
      buffer_.append(chunk, static_cast<size_t>(n));
    }
  }

  // The exit code, or -1 if the child did not exit normally within kMaxWait.
  int Wait() {
    const absl::Time deadline = absl::Now() + kMaxWait;
    int status = 0;
    while (absl::Now() < deadline) {
      const pid_t r = waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        reaped_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      absl::SleepFor(absl::Milliseconds(20));
    }
    return -1;
  }

 private:
  pid_t pid_ = -1;
  int to_child_ = -1;
  int from_child_ = -1;
  bool reaped_ = false;
  std::string buffer_;
};

std::string Bootstrap(const std::optional<std::string>& first_line) {
  if (!first_line.has_value() || !absl::StartsWith(*first_line, "bootstrap=")) return "";
  return first_line->substr(std::string("bootstrap=").size());
}

TEST(BrokerCommandTest, ControlProtocolOverStdin) {
  BrokerProcess broker({"--control", "--brokers=2", "--topics=articles.raw:2,other"});
  ASSERT_TRUE(broker.started());
  const std::string bootstrap = Bootstrap(broker.ReadLine());
  ASSERT_FALSE(bootstrap.empty());

  broker.Send("errors Produce MSG_SIZE_TOO_LARGE 1");
  EXPECT_EQ(broker.ReadLine(), "ok");
  EXPECT_EQ(ProduceOne(bootstrap, "articles.raw").code(), absl::StatusCode::kOutOfRange);
  EXPECT_TRUE(ProduceOne(bootstrap, "articles.raw").ok());

  broker.Send("topic articles.raw 3");
  EXPECT_THAT(broker.ReadLine(), ::testing::Optional(StartsWith("error: ")));
  broker.Send("bogus");
  EXPECT_THAT(broker.ReadLine(), ::testing::Optional(StartsWith("error: unknown command")));
  broker.Send("rtt 2 10");
  EXPECT_EQ(broker.ReadLine(), "ok");
  broker.Send("quit");
  EXPECT_EQ(broker.ReadLine(), "ok");
  EXPECT_EQ(broker.Wait(), 0);
}

TEST(BrokerCommandTest, FixedPortAndStopOnSignal) {
  // A free port: bind to 0 through a short-lived broker's relay.
  uint16_t port = 0;
  {
    EmbeddedBroker::Options options;
    options.bootstrap_port = 0;
    options.log_level = 3;
    absl::StatusOr<std::unique_ptr<EmbeddedBroker>> probe = EmbeddedBroker::Start(options);
    ASSERT_TRUE(probe.ok()) << probe.status();
    port = *(*probe)->bootstrap_port();
  }
  BrokerProcess broker({absl::StrCat("--port=", port)});
  ASSERT_TRUE(broker.started());
  const std::string bootstrap = Bootstrap(broker.ReadLine());
  ASSERT_THAT(bootstrap, StartsWith(absl::StrCat("127.0.0.1:", port, ",")));
  // Clients can bootstrap through the fixed port alone.
  EXPECT_TRUE(ProduceOne(absl::StrCat("127.0.0.1:", port), "articles.enriched").ok());
  ASSERT_EQ(kill(broker.pid(), SIGTERM), 0);
  EXPECT_EQ(broker.Wait(), 0);
}

TEST(BrokerCommandTest, EndOfInputStopsAControlledBroker) {
  BrokerProcess broker({"--control"});
  ASSERT_TRUE(broker.started());
  ASSERT_FALSE(Bootstrap(broker.ReadLine()).empty());
  broker.Send("down 1");
  EXPECT_EQ(broker.ReadLine(), "ok");
  broker.CloseInput();
  EXPECT_EQ(broker.Wait(), 0);
}

}  // namespace
}  // namespace wirelens::pipeline::kafka
