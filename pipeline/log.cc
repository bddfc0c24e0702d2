#include "pipeline/log.h"

#include <cmath>
#include <cstdio>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "pipeline/chain.h"
#include "pipeline/strings.h"

namespace wirelens::pipeline {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if invalid
// (overlong forms, surrogates and code points above U+10FFFF are invalid).
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  size_t len;
  uint32_t min;
  uint32_t cp;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, min = 0x80, cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, min = 0x800, cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, min = 0x10000, cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

std::string RenderJsonString(std::string_view s) {
  std::string out;
  AppendJsonString(&out, s);
  return out;
}

// Headers the worker puts on a dead letter (worker.h).
std::string_view HeaderValue(const std::vector<kafka::Header>& headers, std::string_view name) {
  for (const kafka::Header& h : headers) {
    if (h.name == name && h.value.has_value()) return *h.value;
  }
  return {};
}

template <typename Fields>
std::string FormatLine(absl::Time ts, LogLevel level, std::string_view msg, const Fields& fields) {
  std::string out = "{\"ts\":\"";
  absl::StrAppend(&out, absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", ts, absl::UTCTimeZone()),
                  "\",\"level\":\"", AsAbsl(LogLevelName(level)), "\",\"msg\":");
  AppendJsonString(&out, msg);
  for (const LogField& f : fields) {
    out += ',';
    const std::string& k = f.key();
    AppendJsonString(&out, k == "ts" || k == "level" || k == "msg" ? "_" + k : k);
    out += ':';
    out += f.json();
  }
  out += '}';
  return out;
}

}  // namespace

std::string_view LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return "debug";
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarn: return "warn";
    case LogLevel::kError: return "error";
  }
  return "info";
}

absl::StatusOr<LogLevel> ParseLogLevel(std::string_view name) {
  const std::string n = absl::AsciiStrToLower(AsAbsl(name));
  if (n == "debug") return LogLevel::kDebug;
  if (n == "info") return LogLevel::kInfo;
  if (n == "warn" || n == "warning") return LogLevel::kWarn;
  if (n == "error") return LogLevel::kError;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown log level '", AsAbsl(name), "' (debug, info, warn, error)"));
}

LogLevel LogLevelFromSyslog(int syslog_level) {
  if (syslog_level <= 3) return LogLevel::kError;  // emerg, alert, crit, err
  if (syslog_level == 4) return LogLevel::kWarn;
  if (syslog_level <= 6) return LogLevel::kInfo;  // notice, info
  return LogLevel::kDebug;
}

void AppendJsonString(std::string* out, std::string_view s) {
  out->reserve(out->size() + s.size() + 2);
  out->push_back('"');
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const size_t len = Utf8SequenceLength(s, i);
      if (len == 0) {
        out->append("\xEF\xBF\xBD");  // U+FFFD for one bad byte
        ++i;
      } else {
        out->append(s.data() + i, len);
        i += len;
      }
      continue;
    }
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      default:
        if (c < 0x20 || c == 0x7F) {
          absl::StrAppendFormat(out, "\\u%04x", c);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
    ++i;
  }
  out->push_back('"');
}

LogField::LogField(std::string_view key, std::string_view value)
    : key_(key), json_(RenderJsonString(value)) {}

LogField::LogField(std::string_view key, bool value) : key_(key), json_(value ? "true" : "false") {}

LogField::LogField(std::string_view key, double value) : key_(key) {
  // JSON has no NaN or infinity.
  json_ = std::isfinite(value) ? absl::StrFormat("%.6g", value) : "null";
}

LogField::LogField(std::string_view key, absl::Duration value)
    : LogField(key, absl::ToDoubleSeconds(value)) {}

std::string FormatLogLine(absl::Time ts, LogLevel level, std::string_view msg,
                          std::initializer_list<LogField> fields) {
  return FormatLine(ts, level, msg, fields);
}

std::string FormatLogLine(absl::Time ts, LogLevel level, std::string_view msg,
                          const std::vector<LogField>& fields) {
  return FormatLine(ts, level, msg, fields);
}

Logger::Logger(std::ostream& out, LogLevel min_level, Clock clock)
    : out_(out), min_level_(min_level), clock_(std::move(clock)) {}

void Logger::Log(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields) {
  if (!Enabled(level)) return;
  Write(FormatLogLine(clock_(), level, msg, fields));
}

void Logger::Log(LogLevel level, std::string_view msg, const std::vector<LogField>& fields) {
  if (!Enabled(level)) return;
  Write(FormatLogLine(clock_(), level, msg, fields));
}

void Logger::Write(const std::string& line) {
  std::lock_guard<std::mutex> lock(mu_);
  out_ << line << '\n';
  out_.flush();
}

bool IsSecretConfigKey(std::string_view key) {
  const std::string k = absl::AsciiStrToLower(AsAbsl(key));
  return absl::StrContains(k, "password") || absl::StrContains(k, "secret") ||
         absl::EndsWith(k, "key.pem") || k == "ssl_key" || k == "sasl.oauthbearer.config";
}

std::vector<LogField> RedactedConfigFields(std::string_view prefix,
                                           const std::map<std::string, std::string>& config) {
  std::vector<LogField> fields;
  fields.reserve(config.size());
  for (const auto& [key, value] : config) {
    fields.emplace_back(absl::StrCat(AsAbsl(prefix), key),
                        IsSecretConfigKey(key) ? std::string_view("[redacted]") : value);
  }
  return fields;
}

std::string FormatPartitions(absl::Span<const kafka::TopicPartition> partitions) {
  std::string out;
  for (const kafka::TopicPartition& tp : partitions) {
    absl::StrAppend(&out, out.empty() ? "" : ",", tp.topic, "/", tp.partition);
  }
  return out;
}

// Forwards rebalance callbacks to the worker's listener after logging them.
class LoggingSource::Listener : public kafka::RebalanceListener {
 public:
  Listener(kafka::RebalanceListener* inner, Logger& logger) : inner_(inner), logger_(logger) {}

  void OnPartitionsAssigned(absl::Span<const kafka::TopicPartition> partitions) override {
    logger_.Info("partitions assigned", {{"partitions", FormatPartitions(partitions)},
                                         {"count", partitions.size()}});
    if (inner_ != nullptr) inner_->OnPartitionsAssigned(partitions);
  }
  void OnPartitionsRevoked(absl::Span<const kafka::TopicPartition> partitions) override {
    logger_.Info("partitions revoked", {{"partitions", FormatPartitions(partitions)},
                                        {"count", partitions.size()}});
    if (inner_ != nullptr) inner_->OnPartitionsRevoked(partitions);
  }
  void OnPartitionsLost(absl::Span<const kafka::TopicPartition> partitions) override {
    logger_.Warn("partitions lost", {{"partitions", FormatPartitions(partitions)},
                                     {"count", partitions.size()}});
    if (inner_ != nullptr) inner_->OnPartitionsLost(partitions);
  }

 private:
  kafka::RebalanceListener* inner_;
  Logger& logger_;
};

LoggingSource::LoggingSource(kafka::MessageSource& inner, Logger& logger)
    : inner_(inner), logger_(logger) {}

LoggingSource::~LoggingSource() = default;

absl::Status LoggingSource::Subscribe(const std::vector<std::string>& topics,
                                      kafka::RebalanceListener* listener) {
  listener_ = std::make_unique<Listener>(listener, logger_);
  absl::Status status = inner_.Subscribe(topics, listener_.get());
  std::string joined;
  for (const std::string& t : topics) absl::StrAppend(&joined, joined.empty() ? "" : ",", t);
  if (status.ok()) {
    logger_.Info("subscribed", {{"topics", joined}});
  } else {
    logger_.Error("subscribe failed", {{"topics", joined},
                                       {"code", StatusCodeName(status.code())},
                                       {"error", AsStd(status.message())}});
  }
  return status;
}

absl::StatusOr<std::vector<kafka::InputMessage>> LoggingSource::Poll(size_t max_messages,
                                                                     absl::Duration timeout) {
  absl::StatusOr<std::vector<kafka::InputMessage>> result = inner_.Poll(max_messages, timeout);
  if (result.ok()) {
    if (!last_poll_error_.empty()) {
      logger_.Info("consumer recovered", {{"after", last_poll_error_}});
      last_poll_error_.clear();
    }
  } else {
    std::string error(result.status().ToString());
    if (error != last_poll_error_) {
      logger_.Warn("consumer error", {{"code", StatusCodeName(result.status().code())},
                                      {"error", AsStd(result.status().message())}});
      last_poll_error_ = std::move(error);
    }
  }
  return result;
}

absl::Status LoggingSource::Commit(absl::Span<const kafka::PartitionOffset> offsets) {
  absl::Status status = inner_.Commit(offsets);
  if (!status.ok()) {
    std::string positions;
    for (const kafka::PartitionOffset& po : offsets) {
      absl::StrAppend(&positions, positions.empty() ? "" : ",", po.tp.topic, "/", po.tp.partition,
                      "@", po.offset);
    }
    logger_.Warn("commit failed", {{"offsets", positions},
                                   {"code", StatusCodeName(status.code())},
                                   {"error", AsStd(status.message())}});
  } else if (logger_.Enabled(LogLevel::kDebug)) {
    logger_.Debug("committed", {{"partitions", offsets.size()}});
  }
  return status;
}

absl::Status LoggingSource::Close() {
  absl::Status status = inner_.Close();
  if (status.ok()) {
    logger_.Info("consumer closed");
  } else {
    logger_.Warn("consumer close failed", {{"code", StatusCodeName(status.code())},
                                           {"error", AsStd(status.message())}});
  }
  return status;
}

absl::Status LoggingSink::Produce(kafka::OutputMessage message,
                                  kafka::DeliveryCallback on_delivery) {
  const bool dead_letter = message.topic == dlq_topic_;
  // What the log line needs, captured now: the message itself moves on.
  std::vector<LogField> fields;
  fields.emplace_back("topic", message.topic);
  fields.emplace_back("key", message.key.has_value() ? std::string_view(*message.key) : "");
  if (dead_letter) {
    const auto& h = message.headers;
    fields.emplace_back("source_topic", HeaderValue(h, "wirelens-source-topic"));
    fields.emplace_back("source_partition", HeaderValue(h, "wirelens-source-partition"));
    fields.emplace_back("source_offset", HeaderValue(h, "wirelens-source-offset"));
    fields.emplace_back("stage", HeaderValue(h, "wirelens-error-stage"));
    fields.emplace_back("code", HeaderValue(h, "wirelens-error-code"));
    fields.emplace_back("error", HeaderValue(h, "wirelens-error-message"));
  } else {
    fields.emplace_back("source", HeaderValue(message.headers, "wirelens-source"));
  }
  Logger& logger = logger_;
  return inner_.Produce(
      std::move(message),
      [&logger, dead_letter, fields = std::move(fields),
       on_delivery = std::move(on_delivery)](absl::Status status) mutable {
        if (status.ok()) {
          if (dead_letter) logger.Log(LogLevel::kWarn, "dead letter", fields);
        } else {
          fields.emplace_back("delivery_code", StatusCodeName(status.code()));
          fields.emplace_back("delivery_error", AsStd(status.message()));
          // The worker retries or gives up; this records each failed attempt.
          logger.Log(LogLevel::kWarn,
                     dead_letter ? "dead letter delivery failed" : "delivery failed", fields);
        }
        std::move(on_delivery)(std::move(status));
      });
}

}  // namespace wirelens::pipeline
