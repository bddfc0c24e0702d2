#include "pipeline/decode.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wirelens::pipeline {
namespace {

using ::testing::HasSubstr;

std::string Message(const absl::Status& s) { return std::string(s.message()); }

DecodedArticle Decode(std::string_view bytes, InputFormat format = InputFormat::kAuto) {
  DecodeOptions options;
  options.format = format;
  auto result = DecodeArticle(bytes, options);
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *std::move(result) : DecodedArticle();
}

// Expects failure with `code` and a message containing `text`.
void ExpectError(std::string_view bytes, InputFormat format, absl::StatusCode code, std::string_view text) {
  DecodeOptions options;
  options.format = format;
  auto result = DecodeArticle(bytes, options);
  ASSERT_FALSE(result.ok()) << "decoded as " << InputFormatName(result->format);
  EXPECT_EQ(result.status().code(), code) << result.status();
  EXPECT_THAT(Message(result.status()), HasSubstr(std::string(text)));
}

TEST(InputFormatTest, ParsesNamesAndContentTypes) {
  EXPECT_EQ(*ParseInputFormat("auto"), InputFormat::kAuto);
  EXPECT_EQ(*ParseInputFormat("JSON"), InputFormat::kJson);
  EXPECT_EQ(*ParseInputFormat("ninjs"), InputFormat::kNinjs);
  EXPECT_EQ(*ParseInputFormat("pb"), InputFormat::kProtobuf);
  EXPECT_EQ(*ParseInputFormat("protobuf"), InputFormat::kProtobuf);
  EXPECT_EQ(*ParseInputFormat("text"), InputFormat::kText);
  EXPECT_EQ(ParseInputFormat("xml").status().code(), absl::StatusCode::kInvalidArgument);
  for (InputFormat f : {InputFormat::kAuto, InputFormat::kJson, InputFormat::kNinjs, InputFormat::kProtobuf,
                        InputFormat::kText}) {
    EXPECT_EQ(*ParseInputFormat(InputFormatName(f)), f);
  }
  EXPECT_EQ(FormatFromContentType("application/json; charset=utf-8"), InputFormat::kJson);
  EXPECT_EQ(FormatFromContentType("Application/Vnd.IPTC.ninjs+json"), InputFormat::kNinjs);
  EXPECT_EQ(FormatFromContentType("application/ninjs+json"), InputFormat::kNinjs);
  EXPECT_EQ(FormatFromContentType("application/x-protobuf"), InputFormat::kProtobuf);
  EXPECT_EQ(FormatFromContentType("application/protobuf"), InputFormat::kProtobuf);
  EXPECT_EQ(FormatFromContentType("text/plain;charset=utf-8"), InputFormat::kText);
  EXPECT_EQ(FormatFromContentType("text/html"), InputFormat::kAuto);
  EXPECT_EQ(FormatFromContentType(""), InputFormat::kAuto);
}

// ---- our JSON mapping ----

TEST(DecodeJsonTest, SnakeCaseFields) {
  const DecodedArticle d = Decode(R"({
    "id": "wire-0001", "headline": "Port strike ends", "body": "<p>Dockers return.</p>",
    "url": "https://news.example/a", "source": "Example Wire",
    "published_at": "2024-03-05T14:30:15.5+01:00", "language_hint": "en",
    "body_format": "BODY_FORMAT_HTML",
    "attributes": {"section": "business", "priority": 3, "ratio": 0.25, "breaking": true, "gone": null},
    "unknown_field": {"ignored": [1, 2]}
  })");
  EXPECT_EQ(d.format, InputFormat::kJson);
  const v1::RawArticle& a = d.article;
  EXPECT_EQ(a.id(), "wire-0001");
  EXPECT_EQ(a.headline(), "Port strike ends");
  EXPECT_EQ(a.body(), "<p>Dockers return.</p>");
  EXPECT_EQ(a.url(), "https://news.example/a");
  EXPECT_EQ(a.source(), "Example Wire");
  EXPECT_EQ(a.published_at().seconds(), 1709645415);  // 13:30:15Z
  EXPECT_EQ(a.published_at().nanos(), 500000000);
  EXPECT_EQ(a.language_hint(), "en");
  EXPECT_EQ(a.body_format(), v1::BODY_FORMAT_HTML);
  EXPECT_EQ(a.attributes().at("section"), "business");
  EXPECT_EQ(a.attributes().at("priority"), "3");
  EXPECT_EQ(a.attributes().at("ratio"), "0.25");
  EXPECT_EQ(a.attributes().at("breaking"), "true");
  EXPECT_FALSE(a.attributes().contains("gone"));
  EXPECT_TRUE(d.warnings.empty());
}

TEST(DecodeJsonTest, CamelCaseFieldsAndEpochSeconds) {
  const DecodedArticle d = Decode(
      R"({"headline":"H","body":"B","publishedAt":1700000000,"languageHint":"de","bodyFormat":"text"})");
  EXPECT_EQ(d.article.published_at().seconds(), 1700000000);
  EXPECT_EQ(d.article.language_hint(), "de");
  EXPECT_EQ(d.article.body_format(), v1::BODY_FORMAT_TEXT);
  const DecodedArticle frac = Decode(R"({"body":"B","published_at":1700000000.25,"body_format":"html"})");
  EXPECT_EQ(frac.article.published_at().seconds(), 1700000000);
  EXPECT_EQ(frac.article.published_at().nanos(), 250000000);
  EXPECT_EQ(frac.article.body_format(), v1::BODY_FORMAT_HTML);
  EXPECT_EQ(Decode(R"({"body":"B","body_format":2})").article.body_format(), v1::BODY_FORMAT_HTML);
}

TEST(DecodeJsonTest, TimeFormats) {
  EXPECT_EQ(Decode(R"({"body":"B","published_at":"2024-03-05T13:30:15Z"})").article.published_at().seconds(),
            1709645415);
  EXPECT_EQ(Decode(R"({"body":"B","published_at":"2024-03-05T13:30:15"})").article.published_at().seconds(),
            1709645415);
  EXPECT_EQ(Decode(R"({"body":"B","published_at":"2024-03-05"})").article.published_at().seconds(),
            1709596800);
  EXPECT_FALSE(Decode(R"({"body":"B","published_at":null})").article.has_published_at());
  ExpectError(R"({"body":"B","published_at":"last Tuesday"})", InputFormat::kJson,
              absl::StatusCode::kInvalidArgument, "'published_at' is not an RFC 3339 time");
  ExpectError(R"({"body":"B","published_at":1e15})", InputFormat::kJson, absl::StatusCode::kInvalidArgument,
              "'published_at' is out of range");
}

TEST(DecodeJsonTest, WrongTypesNameTheField) {
  ExpectError(R"({"headline": 42, "body": "B"})", InputFormat::kJson, absl::StatusCode::kInvalidArgument,
              "field 'headline' must be a string, not a number");
  ExpectError(R"({"body": ["a"]})", InputFormat::kAuto, absl::StatusCode::kInvalidArgument,
              "field 'body' must be a string, not an array");
  ExpectError(R"({"body": "B", "published_at": true})", InputFormat::kJson,
              absl::StatusCode::kInvalidArgument, "field 'published_at' must be");
  ExpectError(R"({"body": "B", "attributes": ["x"]})", InputFormat::kJson,
              absl::StatusCode::kInvalidArgument, "field 'attributes' must be an object");
  ExpectError(R"({"body": "B", "attributes": {"tags": ["x"]}})", InputFormat::kJson,
              absl::StatusCode::kInvalidArgument, "field 'attributes.tags' must be a string");
  ExpectError(R"({"body": "B", "body_format": "markdown"})", InputFormat::kJson,
              absl::StatusCode::kInvalidArgument, "field 'body_format' has unknown value");
}

TEST(DecodeJsonTest, MalformedJson) {
  ExpectError(R"({"headline": "unterminated)", InputFormat::kAuto, absl::StatusCode::kInvalidArgument,
              "malformed JSON");
  ExpectError(R"({"headline": "H",})", InputFormat::kJson, absl::StatusCode::kInvalidArgument,
              "malformed JSON");
  ExpectError(R"({"headline": "H"} trailing)", InputFormat::kJson, absl::StatusCode::kInvalidArgument,
              "malformed JSON");
  ExpectError(R"({"headline": "H"}{"body":"B"})", InputFormat::kAuto, absl::StatusCode::kInvalidArgument,
              "malformed JSON");
}

TEST(DecodeJsonTest, NotAnObject) {
  ExpectError(R"([{"headline": "H"}])", InputFormat::kAuto, absl::StatusCode::kInvalidArgument,
              "JSON value is an array, not an object");
  ExpectError("42", InputFormat::kJson, absl::StatusCode::kInvalidArgument,
              "JSON value is a number, not an object");
  ExpectError(R"("just a string")", InputFormat::kJson, absl::StatusCode::kInvalidArgument,
              "JSON value is a string, not an object");
}

TEST(DecodeJsonTest, NeitherHeadlineNorBody) {
  ExpectError(R"({"id": "x", "headline": "  ", "url": "https://a.example"})", InputFormat::kJson,
              absl::StatusCode::kInvalidArgument, "neither headline nor body");
}

TEST(DecodeJsonTest, Utf8BomAndEscapes) {
  const DecodedArticle d = Decode("\xEF\xBB\xBF  {\"headline\": \"Caf\\u00e9 \\ud83d\\ude00\", \"body\": \"a\\nb\"}");
  EXPECT_EQ(d.article.headline(), "Café 😀");
  EXPECT_EQ(d.article.body(), "a\nb");
}

TEST(DecodeJsonTest, Windows1252JsonIsTranscoded) {
  const DecodedArticle d = Decode("{\"headline\": \"Caf\xE9 reopens\", \"body\": \"Cr\xE8me br\xFBl\xE9" "e\"}");
  EXPECT_EQ(d.article.headline(), "Café reopens");
  EXPECT_EQ(d.article.body(), "Crème brûlée");
  ASSERT_EQ(d.warnings.size(), 1u);
  EXPECT_EQ(d.warnings[0].code(), "DECODED_AS_CP1252");
}

// ---- ninjs ----

constexpr std::string_view kNinjs1 = R"({
  "uri": "urn:newsml:example.org:20240305:wx-118",
  "type": "text",
  "version": "2",
  "versioncreated": "2024-03-05T16:00:00Z",
  "firstcreated": "2024-03-05T09:15:00Z",
  "pubstatus": "usable",
  "urgency": 3,
  "language": "en",
  "copyrightholder": "Example Wire Service",
  "byline": "Ana Ortiz",
  "located": "Valparaiso",
  "headline": "Fishing fleet stays in port as storm nears",
  "body_html": "<p>Hundreds of boats stayed moored.</p>",
  "body_text": "Hundreds of boats stayed moored.",
  "renditions": {"web": {"href": "https://wire.example/wx-118.html", "mimetype": "text/html"}}
})";

TEST(DecodeNinjsTest, Version1) {
  const DecodedArticle d = Decode(kNinjs1);
  EXPECT_EQ(d.format, InputFormat::kNinjs);
  const v1::RawArticle& a = d.article;
  EXPECT_EQ(a.id(), "urn:newsml:example.org:20240305:wx-118");
  EXPECT_EQ(a.headline(), "Fishing fleet stays in port as storm nears");
  EXPECT_EQ(a.body(), "Hundreds of boats stayed moored.");  // body_text preferred
  EXPECT_EQ(a.body_format(), v1::BODY_FORMAT_TEXT);
  EXPECT_EQ(a.published_at().seconds(), 1709630100);  // firstcreated
  EXPECT_EQ(a.language_hint(), "en");
  EXPECT_EQ(a.source(), "Example Wire Service");
  EXPECT_EQ(a.url(), "https://wire.example/wx-118.html");
  EXPECT_EQ(a.attributes().at("byline"), "Ana Ortiz");
  EXPECT_EQ(a.attributes().at("urgency"), "3");
  EXPECT_EQ(a.attributes().at("located"), "Valparaiso");
  EXPECT_EQ(a.attributes().at("uri"), "urn:newsml:example.org:20240305:wx-118");
}

TEST(DecodeNinjsTest, Version1HtmlOnlyAndVersionCreatedFallback) {
  const DecodedArticle d = Decode(R"({"uri": "https://wire.example/s/7", "guid": "g-7",
      "versioncreated": "2024-01-02T03:04:05+00:00", "headline": "H",
      "body_html": "<p>Only HTML.</p>"})");
  EXPECT_EQ(d.article.id(), "g-7");
  EXPECT_EQ(d.article.url(), "https://wire.example/s/7");
  EXPECT_EQ(d.article.body(), "<p>Only HTML.</p>");
  EXPECT_EQ(d.article.body_format(), v1::BODY_FORMAT_HTML);
  EXPECT_EQ(d.article.published_at().seconds(), 1704164645);
  EXPECT_FALSE(d.article.attributes().contains("uri"));
}

constexpr std::string_view kNinjs2 = R"({
  "$schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json",
  "uri": "urn:example:story:5521",
  "type": "text",
  "firstcreated": "2024-06-01T07:00:00Z",
  "language": "pt-BR",
  "headlines": [
    {"role": "short", "value": "Chuva no Sul"},
    {"role": "main", "contenttype": "text/html", "value": "<b>Chuvas</b> atingem o Sul"},
    {"role": "main", "contenttype": "text/plain", "value": "Chuvas atingem o Sul do Brasil"}
  ],
  "bodies": [
    {"role": "main", "contenttype": "application/nitf+xml", "value": "<nitf/>"},
    {"role": "main", "contenttype": "text/html", "value": "<p>Rios transbordaram.</p>"}
  ],
  "by": "Equipe de reportagem",
  "infosources": [{"name": "Agência Exemplo", "role": "source"}],
  "links": [{"href": "https://exemplo.test/amp/5521", "rel": "amphtml"},
            {"href": "https://exemplo.test/5521", "rel": "canonical"}]
})";

TEST(DecodeNinjsTest, Version2) {
  const DecodedArticle d = Decode(kNinjs2, InputFormat::kJson);
  EXPECT_EQ(d.format, InputFormat::kNinjs);
  const v1::RawArticle& a = d.article;
  EXPECT_EQ(a.id(), "urn:example:story:5521");
  EXPECT_EQ(a.headline(), "Chuvas atingem o Sul do Brasil");
  EXPECT_EQ(a.body(), "<p>Rios transbordaram.</p>");
  EXPECT_EQ(a.body_format(), v1::BODY_FORMAT_HTML);
  EXPECT_EQ(a.language_hint(), "pt-BR");
  EXPECT_EQ(a.source(), "Agência Exemplo");
  EXPECT_EQ(a.url(), "https://exemplo.test/5521");
  EXPECT_EQ(a.attributes().at("byline"), "Equipe de reportagem");
  EXPECT_EQ(a.published_at().seconds(), 1717225200);
}

TEST(DecodeNinjsTest, DescriptionIsTheFallbackBody) {
  const DecodedArticle d = Decode(R"({"uri": "urn:x:1", "headlines": [{"value": "Brief"}],
      "descriptions": [{"role": "summary", "value": "Short summary."}]})");
  EXPECT_EQ(d.format, InputFormat::kNinjs);
  EXPECT_EQ(d.article.headline(), "Brief");
  EXPECT_EQ(d.article.body(), "Short summary.");
  EXPECT_EQ(d.article.body_format(), v1::BODY_FORMAT_TEXT);
}

TEST(DecodeNinjsTest, ExplicitFormatAndWrongTypes) {
  // Without the explicit format this is our mapping (it has "body").
  EXPECT_EQ(Decode(R"({"headline": "H", "body": "B"})").format, InputFormat::kJson);
  EXPECT_EQ(Decode(R"({"headline": "H", "body_text": "B"})", InputFormat::kNinjs).article.body(), "B");
  ExpectError(R"({"uri": "urn:x", "headlines": {"value": "H"}})", InputFormat::kAuto,
              absl::StatusCode::kInvalidArgument, "field 'headlines' must be an array, not an object");
  ExpectError(R"({"uri": "urn:x", "headlines": ["H"]})", InputFormat::kAuto,
              absl::StatusCode::kInvalidArgument, "field 'headlines[]' must be an object");
  ExpectError(R"({"uri": "urn:x", "body_text": 5})", InputFormat::kAuto,
              absl::StatusCode::kInvalidArgument, "field 'body_text' must be a string");
  ExpectError(R"({"uri": "urn:x", "body_text": "B", "versioncreated": 1700000000})", InputFormat::kAuto,
              absl::StatusCode::kInvalidArgument, "field 'versioncreated' must be an RFC 3339 string");
  ExpectError(R"({"uri": "urn:x", "type": "text"})", InputFormat::kAuto, absl::StatusCode::kInvalidArgument,
              "neither headline nor body");
}

// ---- protobuf ----

std::string SerializedArticle() {
  v1::RawArticle a;
  a.set_id("pb-1");
  a.set_headline("Binary headline");
  a.set_body("Körper mit Umlauten.");
  a.set_body_format(v1::BODY_FORMAT_TEXT);
  a.mutable_published_at()->set_seconds(1700000000);
  (*a.mutable_attributes())["desk"] = "europe";
  return a.SerializeAsString();
}

TEST(DecodeProtobufTest, ExplicitAndSniffed) {
  const std::string bytes = SerializedArticle();
  for (InputFormat format : {InputFormat::kProtobuf, InputFormat::kAuto}) {
    const DecodedArticle d = Decode(bytes, format);
    EXPECT_EQ(d.format, InputFormat::kProtobuf);
    EXPECT_EQ(d.article.id(), "pb-1");
    EXPECT_EQ(d.article.headline(), "Binary headline");
    EXPECT_EQ(d.article.body(), "Körper mit Umlauten.");
    EXPECT_EQ(d.article.published_at().seconds(), 1700000000);
    EXPECT_EQ(d.article.attributes().at("desk"), "europe");
  }
}

TEST(DecodeProtobufTest, TruncatedOrGarbage) {
  const std::string bytes = SerializedArticle();
  ExpectError(std::string_view(bytes).substr(0, bytes.size() - 5), InputFormat::kProtobuf,
              absl::StatusCode::kInvalidArgument, "not a valid wirelens.v1.RawArticle protobuf");
  ExpectError("this is plain text, not protobuf", InputFormat::kProtobuf, absl::StatusCode::kInvalidArgument,
              "not a valid wirelens.v1.RawArticle protobuf");
  // A string field with invalid UTF-8 is rejected by protobuf itself.
  ExpectError(std::string("\x12\x03\xFF\xFE\xFD", 5), InputFormat::kProtobuf,
              absl::StatusCode::kInvalidArgument, "not a valid wirelens.v1.RawArticle protobuf");
  // A valid message without headline or body.
  v1::RawArticle only_id;
  only_id.set_id("x");
  ExpectError(only_id.SerializeAsString(), InputFormat::kProtobuf, absl::StatusCode::kInvalidArgument,
              "neither headline nor body");
}

// ---- plain text ----

TEST(DecodeTextTest, HeadlineFollowedByBlankLine) {
  const DecodedArticle d = Decode("\n\nFloods close mountain roads\r\n\r\nHeavy rain closed three passes.\n");
  EXPECT_EQ(d.format, InputFormat::kText);
  EXPECT_EQ(d.article.headline(), "Floods close mountain roads");
  EXPECT_EQ(d.article.body(), "\r\nHeavy rain closed three passes.\n");
  EXPECT_EQ(d.article.body_format(), v1::BODY_FORMAT_TEXT);
}

TEST(DecodeTextTest, ShortHeadlineDirectlyFollowedByText) {
  const DecodedArticle d = Decode("Rates on hold\nThe central bank kept its key rate at 4.5 percent on Thursday.",
                                  InputFormat::kText);
  EXPECT_EQ(d.article.headline(), "Rates on hold");
  EXPECT_EQ(d.article.body(), "The central bank kept its key rate at 4.5 percent on Thursday.");
}

TEST(DecodeTextTest, HardWrappedParagraphHasNoHeadline) {
  const std::string text =
      "The regional government said on Tuesday that the new bridge across\n"
      "the estuary would open to traffic in the spring, two years later\n"
      "than planned.";
  const DecodedArticle d = Decode(text);
  EXPECT_EQ(d.article.headline(), "");
  EXPECT_EQ(d.article.body(), text);
}

TEST(DecodeTextTest, NoHeadlineWhenFirstLineIsASentenceOrAlone) {
  EXPECT_EQ(Decode("It rained all day.\n\nThen it stopped.").article.headline(), "");
  const DecodedArticle alone = Decode("Single line without more text");
  EXPECT_EQ(alone.article.headline(), "");
  EXPECT_EQ(alone.article.body(), "Single line without more text");
  EXPECT_EQ(Decode(std::string(250, 'x') + "\n\nbody").article.headline(), "");
}

TEST(DecodeTextTest, MultiByteHeadline) {
  const DecodedArticle d = Decode("東京で大雨\n\n気象庁は警報を出した。");
  EXPECT_EQ(d.article.headline(), "東京で大雨");
  EXPECT_EQ(d.article.body(), "\n気象庁は警報を出した。");
}

TEST(DecodeTextTest, Windows1252TextIsTranscoded) {
  const DecodedArticle d = Decode("D\xE9j\xE0 vu in Z\xFCrich\n\nThe caf\xE9 reopened.");
  EXPECT_EQ(d.article.headline(), "Déjà vu in Zürich");
  EXPECT_EQ(d.article.body(), "\nThe café reopened.");
  ASSERT_EQ(d.warnings.size(), 1u);
  EXPECT_EQ(d.warnings[0].code(), "DECODED_AS_CP1252");
}

TEST(DecodeTextTest, BinaryGarbageIsRejected) {
  std::string garbage;
  for (int i = 0; i < 512; ++i) garbage.push_back(static_cast<char>((i * 7919 + 13) % 256));
  ExpectError(garbage, InputFormat::kText, absl::StatusCode::kInvalidArgument, "input is binary, not text");
  ExpectError(garbage, InputFormat::kAuto, absl::StatusCode::kInvalidArgument, "input is binary, not text");
  ExpectError(std::string("text\0with NUL", 13), InputFormat::kText, absl::StatusCode::kInvalidArgument,
              "NUL");
}

// ---- limits ----

TEST(DecodeLimitsTest, EmptyAndWhitespace) {
  for (InputFormat f : {InputFormat::kAuto, InputFormat::kJson, InputFormat::kProtobuf, InputFormat::kText}) {
    ExpectError("", f, absl::StatusCode::kInvalidArgument, "empty input");
    ExpectError(" \n\t\r\n ", f, absl::StatusCode::kInvalidArgument, "empty input");
  }
}

TEST(DecodeLimitsTest, Oversized) {
  DecodeOptions options;
  options.max_article_bytes = 100;
  auto result = DecodeArticle(std::string(101, 'a'), options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(Message(result.status()), "input is 101 bytes, over the limit of 100 bytes");
  EXPECT_TRUE(DecodeArticle(std::string(100, 'a'), options).ok());
}

}  // namespace
}  // namespace wirelens::pipeline
