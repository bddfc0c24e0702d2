// File: log.h
//
// Structured logs for the long-running commands (`wirelens run`, `demo`):
// one JSON object per line on stderr, the shape log shippers (Fluent Bit,
// Vector, Loki) parse without configuration:
//
//   {"ts":"2026-11-24T17:50:01.123Z","level":"info","msg":"worker started","threads":2}
//
// `ts` is UTC with milliseconds, `level` one of debug|info|warn|error, `msg`
// a fixed human-readable event name (never formatted with data: data goes in
// fields, so logs can be grouped by message). Strings are escaped as JSON;
// bytes that are not valid UTF-8 become U+FFFD, so a line is always valid
// JSON whatever a message key or a broker error contains.
//
// Also here: the rules for keeping secrets out of logs (IsSecretConfigKey),
// and decorators that log a Kafka source's and sink's lifecycle events
// (assignments, commit failures, dead letters, failed deliveries) without
// the worker having to know about logging.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "pipeline/kafka/interfaces.h"

namespace wirelens::pipeline {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

// "debug", "info", "warn", "error".
std::string_view LogLevelName(LogLevel level);
// Parses a LogLevelName (also "warning"); InvalidArgument otherwise.
absl::StatusOr<LogLevel> ParseLogLevel(std::string_view name);
// Maps a syslog severity (librdkafka's log levels: 0 emerg .. 7 debug).
LogLevel LogLevelFromSyslog(int syslog_level);

// One `"key":value` pair of a log line, rendered to JSON when constructed
// (so a field list can be built from temporaries).
class LogField {
 public:
  LogField(std::string_view key, std::string_view value);
  LogField(std::string_view key, const char* value) : LogField(key, std::string_view(value)) {}
  LogField(std::string_view key, const std::string& value)
      : LogField(key, std::string_view(value)) {}
  LogField(std::string_view key, bool value);
  LogField(std::string_view key, double value);
  // Durations are logged in seconds (a JSON number).
  LogField(std::string_view key, absl::Duration value);
  template <typename T>
    requires(std::is_integral_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char>)
  LogField(std::string_view key, T value)
      : key_(key), json_(std::to_string(value)) {}

  const std::string& key() const { return key_; }
  // The value as JSON text.
  const std::string& json() const { return json_; }

 private:
  std::string key_;
  std::string json_;
};

// Appends `s` as a JSON string literal (quotes included) to `out`. Control
// characters, quotes and backslashes are escaped; invalid UTF-8 sequences
// are replaced by U+FFFD.
void AppendJsonString(std::string* out, std::string_view s);

// One complete log line without the trailing newline. Fields named ts,
// level or msg are renamed with a leading underscore rather than producing
// duplicate keys.
std::string FormatLogLine(absl::Time ts, LogLevel level, std::string_view msg,
                          std::initializer_list<LogField> fields);
std::string FormatLogLine(absl::Time ts, LogLevel level, std::string_view msg,
                          const std::vector<LogField>& fields);

// A leveled JSON-lines logger.
//
// Lifecycle and ownership: writes to a stream it does not own, which must
// outlive it. Thread-safety: every method may be called from any thread;
// each line is written and flushed whole under a mutex, so lines from
// different threads never interleave. Not async-signal-safe (never log from
// a signal handler).
class Logger {
 public:
  using Clock = std::function<absl::Time()>;

  explicit Logger(std::ostream& out, LogLevel min_level = LogLevel::kInfo, Clock clock = absl::Now);

  void set_min_level(LogLevel level) { min_level_.store(level, std::memory_order_relaxed); }
  LogLevel min_level() const { return min_level_.load(std::memory_order_relaxed); }
  bool Enabled(LogLevel level) const { return level >= min_level(); }

  void Log(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields = {});
  void Log(LogLevel level, std::string_view msg, const std::vector<LogField>& fields);

  void Debug(std::string_view msg, std::initializer_list<LogField> fields = {}) {
    Log(LogLevel::kDebug, msg, fields);
  }
  void Info(std::string_view msg, std::initializer_list<LogField> fields = {}) {
    Log(LogLevel::kInfo, msg, fields);
  }
  void Warn(std::string_view msg, std::initializer_list<LogField> fields = {}) {
    Log(LogLevel::kWarn, msg, fields);
  }
  void Error(std::string_view msg, std::initializer_list<LogField> fields = {}) {
    Log(LogLevel::kError, msg, fields);
  }

 private:
  void Write(const std::string& line);

  std::ostream& out_;
  std::atomic<LogLevel> min_level_;
  Clock clock_;
  std::mutex mu_;
};

// True for configuration keys whose values are secrets and must never be
// logged: anything naming a password or secret (sasl.password,
// ssl.key.password, ssl.keystore.password, sasl.oauthbearer.client.secret),
// private keys given inline (ssl.key.pem, ssl_key) and
// sasl.oauthbearer.config. Case-insensitive.
bool IsSecretConfigKey(std::string_view key);

// `config` rendered as log fields "<prefix><key>", with secret values
// replaced by "[redacted]".
std::vector<LogField> RedactedConfigFields(std::string_view prefix,
                                           const std::map<std::string, std::string>& config);

// "articles.raw/0,articles.raw/3" (for logs).
std::string FormatPartitions(absl::Span<const kafka::TopicPartition> partitions);

// A MessageSource decorator that logs partition assignment changes (info),
// failed commits (warn) and poll errors (warn, rate-limited to one per
// distinct message in a row), forwarding everything to `inner`.
//
// Ownership: borrows `inner` and `logger`; both must outlive it.
// Thread-safety: that of `inner`.
class LoggingSource : public kafka::MessageSource {
 public:
  LoggingSource(kafka::MessageSource& inner, Logger& logger);
  ~LoggingSource() override;

  absl::Status Subscribe(const std::vector<std::string>& topics,
                         kafka::RebalanceListener* listener) override;
  absl::StatusOr<std::vector<kafka::InputMessage>> Poll(size_t max_messages,
                                                        absl::Duration timeout) override;
  absl::Status Pause(absl::Span<const kafka::TopicPartition> partitions) override {
    return inner_.Pause(partitions);
  }
  absl::Status Resume(absl::Span<const kafka::TopicPartition> partitions) override {
    return inner_.Resume(partitions);
  }
  absl::Status Commit(absl::Span<const kafka::PartitionOffset> offsets) override;
  absl::Status Close() override;

 private:
  class Listener;

  kafka::MessageSource& inner_;
  Logger& logger_;
  std::unique_ptr<Listener> listener_;
  std::string last_poll_error_;  // only touched by the polling thread
};

// A MessageSink decorator that logs each dead letter (messages to
// `dlq_topic`) once the broker acknowledged it, at warn level with its key,
// source topic/partition/offset, stage, error code and message, taken from
// the worker's wirelens-* headers; and every delivery that failed (warn; the
// worker decides whether to retry).
//
// Ownership: borrows `inner` and `logger`; both must outlive it.
// Thread-safety: that of `inner`.
class LoggingSink : public kafka::MessageSink {
 public:
  LoggingSink(kafka::MessageSink& inner, Logger& logger, std::string dlq_topic)
      : inner_(inner), logger_(logger), dlq_topic_(std::move(dlq_topic)) {}

  absl::Status Produce(kafka::OutputMessage message, kafka::DeliveryCallback on_delivery) override;
  absl::Status Flush(absl::Duration timeout) override { return inner_.Flush(timeout); }
  size_t InFlight() const override { return inner_.InFlight(); }

 private:
  kafka::MessageSink& inner_;
  Logger& logger_;
  const std::string dlq_topic_;
};

}  // namespace wirelens::pipeline
