#include "pipeline/enrich.h"

#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "google/protobuf/util/json_util.h"

namespace wirelens::pipeline {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

// Writes language.code = "en" if the text mentions "the", else "und".
class TinyLanguageStage : public Stage {
 public:
  std::string_view name() const override { return "language"; }
  std::string_view output_field() const override { return "language"; }
  ModelInfo model() const override { return {"tiny", "1"}; }
  absl::Status Process(StageContext& ctx) const override {
    const bool en = ctx.enrichment.body().find("the") != std::string::npos ||
                    ctx.enrichment.headline().find("The") != std::string::npos;
    ctx.enrichment.mutable_language()->set_code(en ? "en" : "und");
    return absl::OkStatus();
  }
};

StageRegistry TinyRegistry() {
  StageRegistry registry;
  (void)registry.Register("language", "tiny", [](const StageConfig&) -> absl::StatusOr<std::unique_ptr<Stage>> {
    return std::make_unique<TinyLanguageStage>();
  });
  return registry;
}

std::vector<v1::Enrichment> ParseJsonLines(const std::string& out) {
  std::vector<v1::Enrichment> result;
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    v1::Enrichment e;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(line, &e).ok()) << line;
    result.push_back(e);
  }
  return result;
}

TEST(SplitInputRecordsTest, JsonLinesBecomeOneRecordPerLine) {
  const std::string data = "{\"headline\":\"a\"}\n\n{\"headline\":\"b\"}\n";
  auto records = SplitInputRecords(data, InputFormat::kAuto);
  ASSERT_TRUE(records.ok());
  ASSERT_THAT(*records, SizeIs(2));
  EXPECT_EQ((*records)[0].bytes, "{\"headline\":\"a\"}");
  EXPECT_EQ((*records)[1].line, 3);
}

TEST(SplitInputRecordsTest, PrettyPrintedObjectIsOneRecord) {
  const std::string data = "{\n  \"headline\": \"a\",\n  \"body\": \"b\"\n}\n";
  auto records = SplitInputRecords(data, InputFormat::kJson);
  ASSERT_TRUE(records.ok());
  ASSERT_THAT(*records, SizeIs(1));
  EXPECT_EQ((*records)[0].bytes, data);
}

TEST(SplitInputRecordsTest, TextIsOneRecordAndEmptyIsNone) {
  auto text = SplitInputRecords("Headline\n\nBody text.\n", InputFormat::kAuto);
  ASSERT_TRUE(text.ok());
  EXPECT_THAT(*text, SizeIs(1));
  auto empty = SplitInputRecords("", InputFormat::kAuto);
  ASSERT_TRUE(empty.ok());
  EXPECT_THAT(*empty, SizeIs(0));
}

TEST(SplitInputRecordsTest, LengthDelimitedProtobufStream) {
  v1::RawArticle a, b;
  a.set_headline("first");
  b.set_headline("second");
  std::string stream;
  for (const auto* m : {&a, &b}) {
    const std::string bytes = m->SerializeAsString();
    stream.push_back(static_cast<char>(bytes.size()));
    stream += bytes;
  }
  auto records = SplitInputRecords(stream, InputFormat::kProtobuf);
  ASSERT_TRUE(records.ok());
  ASSERT_THAT(*records, SizeIs(2));
  v1::RawArticle parsed;
  ASSERT_TRUE(parsed.ParseFromArray((*records)[1].bytes.data(), (*records)[1].bytes.size()));
  EXPECT_EQ(parsed.headline(), "second");

  stream.pop_back();
  EXPECT_EQ(SplitInputRecords(stream, InputFormat::kProtobuf).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(EnrichCommandTest, WritesOneEnrichmentPerJsonLineAndAnErrorRecordForBadOnes) {
  StageRegistry registry = TinyRegistry();
  std::istringstream in(
      "{\"id\":\"a1\",\"headline\":\"The storm\",\"body\":\"Rain hit the coast.\"}\n"
      "{\"id\":\"a2\",\"headline\":\n"
      "{\"id\":\"a3\",\"body\":\"Kein Englisch hier.\"}\n");
  std::ostringstream out, err;
  const int code = EnrichCommand({"--durations=false"}, registry, in, out, err);
  EXPECT_EQ(code, 0) << err.str();
  std::vector<v1::Enrichment> results = ParseJsonLines(out.str());
  ASSERT_THAT(results, SizeIs(3)) << "a broken line costs one article, not the file";
  EXPECT_EQ(results[0].language().code(), "en");
  EXPECT_EQ(results[0].errors_size(), 0);
  ASSERT_EQ(results[1].errors_size(), 1);
  EXPECT_EQ(results[1].errors(0).stage(), "decode");
  EXPECT_EQ(results[2].article_id(), "a3");
  EXPECT_THAT(err.str(), HasSubstr("stdin:2: decode: INVALID_ARGUMENT"));
}

TEST(EnrichCommandTest, GoodJsonLinesEachGetLanguage) {
  StageRegistry registry = TinyRegistry();
  std::istringstream in(
      "{\"id\":\"a1\",\"headline\":\"The storm\",\"body\":\"Rain hit the coast.\"}\n"
      "{\"id\":\"a3\",\"body\":\"Kein Englisch hier.\"}\n"
      "{\"id\":\"a4\",\"headline\":42}\n");
  std::ostringstream out, err;
  ASSERT_EQ(EnrichCommand({}, registry, in, out, err), 0) << err.str();
  std::vector<v1::Enrichment> results = ParseJsonLines(out.str());
  ASSERT_THAT(results, SizeIs(3));
  EXPECT_EQ(results[0].article_id(), "a1");
  EXPECT_EQ(results[0].language().code(), "en");
  EXPECT_EQ(results[1].language().code(), "und");
  EXPECT_EQ(results[2].errors(0).stage(), "decode");
  EXPECT_THAT(results[2].errors(0).message(), HasSubstr("headline"));
  EXPECT_THAT(err.str(), HasSubstr("3 articles, 1 failed"));
  // JSON output uses proto field names.
  EXPECT_THAT(out.str(), HasSubstr("\"article_id\":\"a1\""));
}

TEST(EnrichCommandTest, UsageAndIoErrorsSetTheExitCode) {
  StageRegistry registry = TinyRegistry();
  std::istringstream in("");
  std::ostringstream out, err;
  EXPECT_EQ(EnrichCommand({"--output=xml"}, registry, in, out, err), 2);
  EXPECT_EQ(EnrichCommand({"--stages=nope"}, registry, in, out, err), 1);
  EXPECT_EQ(EnrichCommand({"/no/such/file.json"}, registry, in, out, err), 1);
  EXPECT_THAT(err.str(), HasSubstr("cannot open /no/such/file.json"));
}

TEST(EnrichCommandTest, ProtobufOutputIsLengthDelimited) {
  StageRegistry registry = TinyRegistry();
  std::istringstream in("{\"id\":\"x\",\"body\":\"the end\"}\n");
  std::ostringstream out, err;
  ASSERT_EQ(EnrichCommand({"--output=pb"}, registry, in, out, err), 0);
  const std::string bytes = out.str();
  ASSERT_GT(bytes.size(), 1u);
  const size_t len = static_cast<unsigned char>(bytes[0]);
  ASSERT_EQ(len + 1, bytes.size());
  v1::Enrichment e;
  ASSERT_TRUE(e.ParseFromArray(bytes.data() + 1, static_cast<int>(len)));
  EXPECT_EQ(e.article_id(), "x");
  EXPECT_EQ(e.language().code(), "en");
}

}  // namespace
}  // namespace wirelens::pipeline

namespace wirelens::pipeline {
namespace {

TEST(SerializeEnrichmentTest, MapsAreWrittenInKeyOrderSoBytesAreStable) {
  v1::Enrichment a, b;
  // Same map contents, inserted in opposite orders.
  for (int i = 0; i < 50; ++i) (*a.mutable_attributes())["k" + std::to_string(i)] = "v";
  for (int i = 49; i >= 0; --i) (*b.mutable_attributes())["k" + std::to_string(i)] = "v";
  EXPECT_EQ(SerializeEnrichment(a), SerializeEnrichment(b));
  const std::string json = EnrichmentToJson(a);
  EXPECT_EQ(json, EnrichmentToJson(b));
  EXPECT_LT(json.find("\"k0\""), json.find("\"k1\""));
  EXPECT_LT(json.find("\"k1\""), json.find("\"k10\""));
  v1::Enrichment parsed;
  ASSERT_TRUE(parsed.ParseFromString(SerializeEnrichment(a)));
  EXPECT_EQ(parsed.attributes_size(), 50);
}

}  // namespace
}  // namespace wirelens::pipeline
