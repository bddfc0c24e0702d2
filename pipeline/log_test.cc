#include "pipeline/log.h"

#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pipeline/kafka/fake_source_sink.h"

namespace wirelens::pipeline {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Json(std::string_view s) {
  std::string out;
  AppendJsonString(&out, s);
  return out;
}

const absl::Time kTime = absl::FromUnixMillis(1795974601123);  // 2026-11-29T17:50:01.123Z

TEST(AppendJsonStringTest, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(Json("plain"), "\"plain\"");
  EXPECT_EQ(Json("say \"hi\"\\"), R"("say \"hi\"\\")");
  EXPECT_EQ(Json("a\nb\tc\rd\be\f"), R"("a\nb\tc\rd\be\f")");
  EXPECT_EQ(Json(std::string_view("\x01\x1f\x7f", 3)), R"("\u0001\u001f\u007f")");
  EXPECT_EQ(Json(std::string_view("nul\0byte", 8)), R"("nul\u0000byte")");
}

TEST(AppendJsonStringTest, KeepsValidUtf8AndReplacesInvalidBytes) {
  EXPECT_EQ(Json("Luís €40 日本 😀"), "\"Luís €40 日本 😀\"");
  // A stray continuation byte, a truncated sequence, an overlong '/', a
  // UTF-16 surrogate and a byte that never occurs in UTF-8.
  EXPECT_EQ(Json("a\x80z"), "\"a\xEF\xBF\xBDz\"");
  EXPECT_EQ(Json("a\xE2\x82"), "\"a\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(Json("\xC0\xAF"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(Json("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(Json("\xFF"), "\"\xEF\xBF\xBD\"");
}

TEST(FormatLogLineTest, RendersTimestampLevelMessageAndTypedFields) {
  const std::string line =
      FormatLogLine(absl::FromUnixMillis(1795974601123), LogLevel::kInfo, "worker started",
                    {{"threads", 2},
                     {"group", "wirelens"},
                     {"embedded", true},
                     {"lag", int64_t{-5}},
                     {"ratio", 0.25},
                     {"timeout", absl::Seconds(20)},
                     {"note", std::string("two\nlines")}});
  EXPECT_EQ(line,
            "{\"ts\":\"2026-11-29T17:50:01.123Z\",\"level\":\"info\",\"msg\":\"worker started\","
            "\"threads\":2,\"group\":\"wirelens\",\"embedded\":true,\"lag\":-5,\"ratio\":0.25,"
            "\"timeout\":20,\"note\":\"two\\nlines\"}");
}

TEST(FormatLogLineTest, NeverEmitsInvalidJsonNumbersOrDuplicateKeys) {
  const std::string line = FormatLogLine(kTime, LogLevel::kWarn, "m\"sg",
                                         {{"nan", std::nan("")}, {"msg", "shadow"}, {"ts", 1}});
  EXPECT_THAT(line, HasSubstr("\"level\":\"warn\",\"msg\":\"m\\\"sg\""));
  EXPECT_THAT(line, HasSubstr("\"nan\":null"));
  EXPECT_THAT(line, HasSubstr("\"_msg\":\"shadow\""));
  EXPECT_THAT(line, HasSubstr("\"_ts\":1}"));
}

TEST(LogLevelTest, ParsesNamesAndMapsSyslog) {
  EXPECT_EQ(ParseLogLevel("debug").value(), LogLevel::kDebug);
  EXPECT_EQ(ParseLogLevel("INFO").value(), LogLevel::kInfo);
  EXPECT_EQ(ParseLogLevel("warning").value(), LogLevel::kWarn);
  EXPECT_EQ(ParseLogLevel("error").value(), LogLevel::kError);
  EXPECT_EQ(ParseLogLevel("loud").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(LogLevelName(LogLevel::kWarn), "warn");
  EXPECT_EQ(LogLevelFromSyslog(3), LogLevel::kError);
  EXPECT_EQ(LogLevelFromSyslog(4), LogLevel::kWarn);
  EXPECT_EQ(LogLevelFromSyslog(6), LogLevel::kInfo);
  EXPECT_EQ(LogLevelFromSyslog(7), LogLevel::kDebug);
}

TEST(LoggerTest, FiltersByLevelAndWritesOneLinePerEvent) {
  std::ostringstream out;
  Logger logger(out, LogLevel::kInfo, [] { return kTime; });
  logger.Debug("hidden");
  logger.Info("shown", {{"n", 1}});
  logger.Error("bad", {{"code", "INTERNAL"}});
  EXPECT_FALSE(logger.Enabled(LogLevel::kDebug));
  logger.set_min_level(LogLevel::kDebug);
  logger.Debug("now shown");
  const std::vector<std::string> lines = absl::StrSplit(out.str(), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_THAT(lines[0], HasSubstr("\"level\":\"info\",\"msg\":\"shown\",\"n\":1}"));
  EXPECT_THAT(lines[1], HasSubstr("\"level\":\"error\",\"msg\":\"bad\",\"code\":\"INTERNAL\"}"));
  EXPECT_THAT(lines[2], HasSubstr("\"msg\":\"now shown\""));
}

TEST(LoggerTest, LinesFromManyThreadsNeverInterleave) {
  std::ostringstream out;
  Logger logger(out, LogLevel::kInfo, [] { return kTime; });
  constexpr int kThreads = 4, kLines = 200;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&logger, t] {
      for (int i = 0; i < kLines; ++i) {
        logger.Info("tick", {{"thread", t}, {"i", i}, {"pad", std::string(100, 'x')}});
      }
    });
  }
  for (std::thread& th : threads) th.join();
  const std::vector<std::string> lines = absl::StrSplit(out.str(), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), static_cast<size_t>(kThreads * kLines));
  for (const std::string& line : lines) {
    ASSERT_EQ(line.front(), '{');
    ASSERT_EQ(line.back(), '}');
    ASSERT_EQ(line.find('{', 1), std::string::npos) << line;
  }
}

TEST(SecretsTest, RecognizesSecretKeys) {
  for (const char* key : {"sasl.password", "ssl.key.password", "ssl.keystore.password",
                          "sasl.oauthbearer.client.secret", "ssl.key.pem", "ssl_key",
                          "sasl.oauthbearer.config", "SASL.PASSWORD"}) {
    EXPECT_TRUE(IsSecretConfigKey(key)) << key;
  }
  for (const char* key : {"bootstrap.servers", "sasl.username", "sasl.mechanisms",
                          "ssl.ca.location", "ssl.certificate.pem", "security.protocol"}) {
    EXPECT_FALSE(IsSecretConfigKey(key)) << key;
  }
}

TEST(SecretsTest, RedactedConfigFieldsHideSecretValues) {
  const std::vector<LogField> fields = RedactedConfigFields(
      "kafka.", {{"sasl.password", "hunter2"}, {"sasl.username", "svc"}});
  const std::string line = FormatLogLine(kTime, LogLevel::kInfo, "config", fields);
  EXPECT_THAT(line, HasSubstr("\"kafka.sasl.password\":\"[redacted]\""));
  EXPECT_THAT(line, HasSubstr("\"kafka.sasl.username\":\"svc\""));
  EXPECT_THAT(line, Not(HasSubstr("hunter2")));
}

TEST(FormatPartitionsTest, JoinsTopicSlashPartition) {
  EXPECT_EQ(FormatPartitions({{"a", 0}, {"b", 3}}), "a/0,b/3");
  EXPECT_EQ(FormatPartitions({}), "");
}

// Records rebalance callbacks forwarded by the decorator.
class RecordingListener : public kafka::RebalanceListener {
 public:
  void OnPartitionsAssigned(absl::Span<const kafka::TopicPartition> p) override {
    assigned += FormatPartitions(p);
  }
  void OnPartitionsRevoked(absl::Span<const kafka::TopicPartition> p) override {
    revoked += FormatPartitions(p);
  }
  std::string assigned, revoked;
};

TEST(LoggingSinkTest, LogsAcknowledgedDeadLettersWithTheirHeaders) {
  std::ostringstream out;
  Logger logger(out, LogLevel::kInfo, [] { return kTime; });
  kafka::FakeSink fake;
  LoggingSink sink(fake, logger, "articles.raw.dlq");

  kafka::OutputMessage dead;
  dead.topic = "articles.raw.dlq";
  dead.key = "k-1";
  dead.value = "{broken";
  dead.headers = {{"wirelens-error-code", "INVALID_ARGUMENT"},
                  {"wirelens-error-message", "not JSON"},
                  {"wirelens-error-stage", "decode"},
                  {"wirelens-source-topic", "articles.raw"},
                  {"wirelens-source-partition", "2"},
                  {"wirelens-source-offset", "41"}};
  absl::Status delivered = absl::UnknownError("not called");
  ASSERT_TRUE(sink.Produce(dead, [&](absl::Status s) { delivered = s; }).ok());
  kafka::OutputMessage good;
  good.topic = "articles.enriched";
  good.key = "a-1";
  ASSERT_TRUE(sink.Produce(good, [](absl::Status) {}).ok());
  ASSERT_TRUE(sink.Flush(absl::Seconds(5)).ok());

  EXPECT_TRUE(delivered.ok()) << delivered;
  ASSERT_EQ(fake.Delivered().size(), 2u);
  EXPECT_EQ(fake.Delivered()[0].value, "{broken");  // forwarded unchanged
  const std::string log = out.str();
  EXPECT_THAT(log, HasSubstr("\"level\":\"warn\",\"msg\":\"dead letter\",\"topic\":"
                             "\"articles.raw.dlq\",\"key\":\"k-1\",\"source_topic\":"
                             "\"articles.raw\",\"source_partition\":\"2\",\"source_offset\":"
                             "\"41\",\"stage\":\"decode\",\"code\":\"INVALID_ARGUMENT\","
                             "\"error\":\"not JSON\"}"));
  // Successful enrichments are not logged one by one.
  EXPECT_THAT(log, Not(HasSubstr("a-1")));
}

TEST(LoggingSinkTest, LogsFailedDeliveriesAndPassesTheStatusOn) {
  std::ostringstream out;
  Logger logger(out, LogLevel::kInfo, [] { return kTime; });
  kafka::FakeSink fake;
  LoggingSink sink(fake, logger, "articles.raw.dlq");
  fake.FailDeliveries(1, absl::DeadlineExceededError("message timed out"));
  kafka::OutputMessage good;
  good.topic = "articles.enriched";
  good.key = "a-1";
  good.headers = {{"wirelens-source", "articles.raw/0/7"}};
  absl::Status delivered;
  ASSERT_TRUE(sink.Produce(good, [&](absl::Status s) { delivered = s; }).ok());
  ASSERT_TRUE(sink.Flush(absl::Seconds(5)).ok());
  EXPECT_EQ(delivered.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_THAT(out.str(), HasSubstr("\"msg\":\"delivery failed\",\"topic\":\"articles.enriched\","
                                   "\"key\":\"a-1\",\"source\":\"articles.raw/0/7\","
                                   "\"delivery_code\":\"DEADLINE_EXCEEDED\","
                                   "\"delivery_error\":\"message timed out\"}"));
}

TEST(LoggingSourceTest, LogsAssignmentsAndCommitFailuresAndForwards) {
  std::ostringstream out;
  Logger logger(out, LogLevel::kInfo, [] { return kTime; });
  kafka::FakeSource fake({{"articles.raw", 2}});
  LoggingSource source(fake, logger);
  RecordingListener listener;
  ASSERT_TRUE(source.Subscribe({"articles.raw"}, &listener).ok());
  ASSERT_TRUE(source.Poll(10, absl::Milliseconds(1)).ok());
  EXPECT_EQ(listener.assigned, "articles.raw/0,articles.raw/1");

  fake.TriggerRebalance({{"articles.raw", 1}}, {});
  ASSERT_TRUE(source.Poll(10, absl::Milliseconds(1)).ok());
  EXPECT_EQ(listener.revoked, "articles.raw/1");

  fake.FailNextCommit(absl::UnavailableError("coordinator moved"));
  const kafka::PartitionOffset offsets[] = {{{"articles.raw", 0}, 5}};
  EXPECT_EQ(source.Commit(offsets).code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(source.Commit(offsets).ok());
  EXPECT_EQ(fake.Committed("articles.raw", 0), 5);

  fake.FailNextPoll(absl::UnavailableError("all brokers down"));
  EXPECT_FALSE(source.Poll(10, absl::Milliseconds(1)).ok());
  ASSERT_TRUE(source.Poll(10, absl::Milliseconds(1)).ok());

  const std::string log = out.str();
  EXPECT_THAT(log, HasSubstr("\"msg\":\"subscribed\",\"topics\":\"articles.raw\"}"));
  EXPECT_THAT(log, HasSubstr("\"msg\":\"partitions assigned\",\"partitions\":"
                             "\"articles.raw/0,articles.raw/1\",\"count\":2}"));
  EXPECT_THAT(log, HasSubstr("\"msg\":\"partitions revoked\",\"partitions\":"
                             "\"articles.raw/1\",\"count\":1}"));
  EXPECT_THAT(log, HasSubstr("\"level\":\"warn\",\"msg\":\"commit failed\",\"offsets\":"
                             "\"articles.raw/0@5\",\"code\":\"UNAVAILABLE\","
                             "\"error\":\"coordinator moved\"}"));
  EXPECT_THAT(log, HasSubstr("\"msg\":\"consumer error\",\"code\":\"UNAVAILABLE\""));
  EXPECT_THAT(log, HasSubstr("\"msg\":\"consumer recovered\""));
}

}  // namespace
}  // namespace wirelens::pipeline
