#include "pipeline/normalize.h"

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pipeline/text.h"

namespace wirelens::pipeline {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string Message(const absl::Status& s) { return std::string(s.message()); }

std::vector<std::string> Codes(const std::vector<v1::InputWarning>& warnings) {
  std::vector<std::string> codes;
  for (const auto& w : warnings) codes.push_back(w.code());
  return codes;
}

std::vector<std::string> Codes(const v1::Enrichment& e) {
  return Codes(std::vector<v1::InputWarning>(e.warnings().begin(), e.warnings().end()));
}

// Normalizes and expects success.
std::string Norm(std::string_view text, TextKind kind = TextKind::kPlainBody,
                 std::vector<v1::InputWarning>* warnings = nullptr) {
  std::vector<v1::InputWarning> local;
  auto result = NormalizeText(text, kind, warnings != nullptr ? warnings : &local);
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *result : std::string();
}

TEST(NormalizeTextTest, CleanAsciiIsUnchangedAndWarningFree) {
  std::vector<v1::InputWarning> warnings;
  EXPECT_EQ(Norm("A clean line.\n\nA second paragraph.", TextKind::kPlainBody, &warnings),
            "A clean line.\n\nA second paragraph.");
  EXPECT_THAT(warnings, IsEmpty());
}

TEST(NormalizeTextTest, CollapsesSpacesAndTrims) {
  EXPECT_EQ(Norm("  Hello    world  "), "Hello world");
  EXPECT_EQ(Norm("  Hello  \n\n   world  ", TextKind::kHeadline), "Hello world");
  EXPECT_EQ(Norm("\n\n\n   \n"), "");
}

TEST(NormalizeTextTest, ParagraphsAreSeparatedByExactlyOneBlankLine) {
  EXPECT_EQ(Norm("p1\n\n\n\np2"), "p1\n\np2");
  EXPECT_EQ(Norm("p1   \n  \t \n   p2"), "p1\n\np2");
  EXPECT_EQ(Norm("p1\r\n\r\np2\r\rp3"), "p1\n\np2\n\np3");
  EXPECT_EQ(Norm("p1\u2029p2"), "p1\n\np2");
}

TEST(NormalizeTextTest, SingleNewlinesInsideAParagraphBecomeSpaces) {
  EXPECT_EQ(Norm("The central bank raised rates\nby half a point on\r\nWednesday."),
            "The central bank raised rates by half a point on Wednesday.");
  EXPECT_EQ(Norm("one\u2028two\vthree\ffour"), "one two three four");
}

TEST(NormalizeTextTest, HeadlineIsOneLine) {
  EXPECT_EQ(Norm("Markets rally\nas inflation cools\n\nagain", TextKind::kHeadline),
            "Markets rally as inflation cools again");
  EXPECT_EQ(Norm("Col1\tCol2", TextKind::kHeadline), "Col1 Col2");
}

TEST(NormalizeTextTest, TabsAreKeptInBodiesAsSingleSeparators) {
  EXPECT_EQ(Norm("Team A \t\t 3\nTeam B\t1"), "Team A\t3 Team B\t1");
}

TEST(NormalizeTextTest, UnicodeSpacesBecomeSpaces) {
  EXPECT_EQ(Norm("10\u00A0km, 5\u202F%, a\u2003b\u3000c\u2009d"), "10 km, 5 %, a b c d");
}

TEST(NormalizeTextTest, ZeroWidthCharactersAreRemovedButJoinersKept) {
  EXPECT_EQ(Norm("\uFEFFzero\u200Bwidth\u00ADhy\u2060phen"), "zerowidthhyphen");
  // ZWNJ in Persian and ZWJ in emoji sequences carry meaning.
  EXPECT_EQ(Norm("می\u200Cخواهم 👩\u200D💻"), "می\u200Cخواهم 👩\u200D💻");
}

TEST(NormalizeTextTest, ControlCharactersAreRemovedWithAWarning) {
  std::vector<v1::InputWarning> warnings;
  EXPECT_EQ(Norm(std::string("Stray\x01 bytes\x7F from an\0 old feed\u0081.", 34), TextKind::kPlainBody,
                 &warnings),
            "Stray bytes from an old feed.");
  ASSERT_THAT(Codes(warnings), ElementsAre("CONTROL_CHARS_REMOVED"));
  EXPECT_THAT(warnings[0].message(), HasSubstr("removed 4 control"));
}

TEST(NormalizeTextTest, ComposesToNfc) {
  EXPECT_EQ(Norm("Caf" "e\u0301 Zu\u0308rich"), "Café Zürich");
  EXPECT_EQ(Norm("\u1112\u1161\u11AB"), "한");  // conjoining jamo
  EXPECT_EQ(Norm("\u212B"), "\u00C5");          // ANGSTROM SIGN -> Å
  // Already NFC, with marks that have no precomposed form.
  EXPECT_EQ(Norm("q\u0307 नमस्ते"), "q\u0307 नमस्ते");
  // A zero-width space between base and mark no longer blocks composition.
  EXPECT_EQ(Norm("e\u200B\u0301"), "é");
}

TEST(NormalizeTextTest, KeepsMultiByteText) {
  const std::string text = "東京で震度5強の地震。\n\nВ Москве прошёл митинг.\n\nانتخابات في تونس";
  EXPECT_EQ(Norm(text), text);
}

TEST(NormalizeTextTest, RepairsMojibake) {
  std::vector<v1::InputWarning> warnings;
  EXPECT_EQ(Norm("The cafÃ©â€™s owner", TextKind::kHeadline, &warnings), "The café’s owner");
  EXPECT_THAT(Codes(warnings), ElementsAre("MOJIBAKE_REPAIRED"));
}

TEST(NormalizeTextTest, TranscodesWindows1252) {
  std::vector<v1::InputWarning> warnings;
  EXPECT_EQ(Norm("Na\xEFve \x93quotes\x94 \x97 r\xE9sum\xE9", TextKind::kPlainBody, &warnings),
            "Naïve “quotes” — résumé");
  EXPECT_THAT(Codes(warnings), ElementsAre("DECODED_AS_CP1252"));
}

TEST(NormalizeTextTest, ReplacesStrayInvalidBytes) {
  std::vector<v1::InputWarning> warnings;
  EXPECT_EQ(Norm("Zürich \xC3 Genf, Lausanne und Basel", TextKind::kPlainBody, &warnings),
            "Zürich \uFFFD Genf, Lausanne und Basel");
  EXPECT_THAT(Codes(warnings), ElementsAre("UTF8_REPAIRED"));
}

TEST(NormalizeTextTest, RejectsBinary) {
  static constexpr char kPng[] = "\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0";
  const std::string binary(kPng, sizeof(kPng) - 1);
  auto result = NormalizeText(binary, TextKind::kPlainBody, nullptr);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(result.status()), HasSubstr("not text"));
}

TEST(NormalizeTextTest, HtmlBody) {
  std::vector<v1::InputWarning> warnings;
  const std::string html =
      "<article>\n  <h1>Ignored?</h1>\n  <p>Prices rose 3&nbsp;%\n   in <b>M&uuml;nchen</b>.</p>"
      "<script>track()</script><!-- ad --><p>Second&mdash;para.</p>\n</article>";
  EXPECT_EQ(Norm(html, TextKind::kHtmlBody, &warnings),
            "Ignored?\n\nPrices rose 3 % in München.\n\nSecond—para.");
  EXPECT_THAT(warnings, IsEmpty());  // declared HTML: no warning
}

TEST(LooksLikeHtmlTest, Sniffs) {
  EXPECT_TRUE(LooksLikeHtml("<p>One</p>"));
  EXPECT_FALSE(LooksLikeHtml("Profit rose 5% as x < y."));
}

TEST(ContentHashIdTest, IsSha256Hex) {
  EXPECT_EQ(ContentHashId("abc"), "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(ContentHashId(""), "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

v1::RawArticle SampleArticle() {
  v1::RawArticle a;
  a.set_headline("  Storm   hits\ncoast ");
  a.set_body("Winds of 150\u00A0km/h.\n\n\nPower was cut.");
  a.set_url("https://news.example/storm");
  a.set_source("Example Wire");
  a.set_language_hint("en");
  (*a.mutable_attributes())["section"] = "weather";
  return a;
}

TEST(NormalizeArticleTest, FillsEnrichment) {
  v1::RawArticle a = SampleArticle();
  a.set_id("urn:example:1");
  a.mutable_published_at()->set_seconds(1700000000);
  v1::InputWarning decode_warning;
  decode_warning.set_code("DECODED_AS_CP1252");
  v1::Enrichment e;
  ASSERT_TRUE(NormalizeArticle(a, {decode_warning}, {}, "kafka-key", &e).ok());
  EXPECT_EQ(e.schema_version(), 1u);
  EXPECT_EQ(e.article_id(), "urn:example:1");
  EXPECT_EQ(e.headline(), "Storm hits coast");
  EXPECT_EQ(e.body(), "Winds of 150 km/h.\n\nPower was cut.");
  EXPECT_EQ(e.url(), "https://news.example/storm");
  EXPECT_EQ(e.source(), "Example Wire");
  EXPECT_EQ(e.language_hint(), "en");
  EXPECT_EQ(e.attributes().at("section"), "weather");
  EXPECT_EQ(e.published_at().seconds(), 1700000000);
  EXPECT_EQ(e.reference_time().seconds(), 1700000000);
  EXPECT_EQ(e.reference_time_source(), v1::REFERENCE_TIME_SOURCE_ARTICLE);
  EXPECT_THAT(Codes(e), ElementsAre("DECODED_AS_CP1252"));
  EXPECT_FALSE(e.has_language());
  EXPECT_EQ(e.entities_size(), 0);
}

TEST(NormalizeArticleTest, IdFallsBackToKeyThenContentHash) {
  const v1::RawArticle a = SampleArticle();
  v1::Enrichment e;
  ASSERT_TRUE(NormalizeArticle(a, {}, {}, "kafka-key", &e).ok());
  EXPECT_EQ(e.article_id(), "kafka-key");
  ASSERT_TRUE(NormalizeArticle(a, {}, {}, "", &e).ok());
  EXPECT_EQ(e.article_id(), ContentHashId(a.headline() + "\n" + a.body()));
  // Stable: the same content gives the same id; different content does not.
  v1::Enrichment again;
  ASSERT_TRUE(NormalizeArticle(a, {}, {}, "", &again).ok());
  EXPECT_EQ(again.article_id(), e.article_id());
  v1::RawArticle other = a;
  other.set_body("Different body.");
  ASSERT_TRUE(NormalizeArticle(other, {}, {}, "", &again).ok());
  EXPECT_NE(again.article_id(), e.article_id());
}

TEST(NormalizeArticleTest, ReferenceTimeFromOptionsOrNone) {
  const v1::RawArticle a = SampleArticle();
  NormalizeOptions options;
  options.default_reference_time = absl::FromUnixSeconds(1600000000) + absl::Milliseconds(250);
  v1::Enrichment e;
  ASSERT_TRUE(NormalizeArticle(a, {}, options, "k", &e).ok());
  EXPECT_FALSE(e.has_published_at());
  EXPECT_EQ(e.reference_time().seconds(), 1600000000);
  EXPECT_EQ(e.reference_time().nanos(), 250000000);
  EXPECT_EQ(e.reference_time_source(), v1::REFERENCE_TIME_SOURCE_OVERRIDE);

  ASSERT_TRUE(NormalizeArticle(a, {}, {}, "k", &e).ok());
  EXPECT_FALSE(e.has_reference_time());
  EXPECT_EQ(e.reference_time_source(), v1::REFERENCE_TIME_SOURCE_NONE);
}

TEST(NormalizeArticleTest, SniffedHtmlIsStrippedWithWarning) {
  v1::RawArticle a;
  a.set_headline("Q&amp;A: what next");
  a.set_body("<p>First.</p><p>Second &amp; last.</p>");
  v1::Enrichment e;
  ASSERT_TRUE(NormalizeArticle(a, {}, {}, "k", &e).ok());
  EXPECT_EQ(e.headline(), "Q&A: what next");
  EXPECT_EQ(e.body(), "First.\n\nSecond & last.");
  EXPECT_THAT(Codes(e), ElementsAre("HTML_STRIPPED", "HTML_STRIPPED"));
  EXPECT_THAT(e.warnings(1).message(), HasSubstr("body: "));

  a.set_body_format(v1::BODY_FORMAT_HTML);
  ASSERT_TRUE(NormalizeArticle(a, {}, {}, "k", &e).ok());
  EXPECT_EQ(e.body(), "First.\n\nSecond & last.");
  EXPECT_THAT(Codes(e), IsEmpty());

  // Declared plain text is left as written.
  a.set_body_format(v1::BODY_FORMAT_TEXT);
  ASSERT_TRUE(NormalizeArticle(a, {}, {}, "k", &e).ok());
  EXPECT_EQ(e.body(), "<p>First.</p><p>Second &amp; last.</p>");
}

TEST(NormalizeArticleTest, RejectsArticleWithoutText) {
  v1::RawArticle a;
  a.set_headline(" \u200B ");
  a.set_body("<p>&nbsp;</p>");
  v1::Enrichment e;
  const absl::Status s = NormalizeArticle(a, {}, {}, "k", &e);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Message(s), "article has no text");
}

TEST(NormalizeArticleTest, RejectsBinaryField) {
  v1::RawArticle a;
  a.set_headline("Fine");
  a.set_body(std::string("\x01\x02\x03\x04\x05\x06", 6));
  v1::Enrichment e;
  const absl::Status s = NormalizeArticle(a, {}, {}, "k", &e);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(s), HasSubstr("body: input is binary"));
}

TEST(NormalizeArticleTest, RejectsOversizedText) {
  v1::RawArticle a;
  a.set_body(std::string(1000, 'x'));
  NormalizeOptions options;
  options.max_article_bytes = 999;
  v1::Enrichment e;
  const absl::Status s = NormalizeArticle(a, {}, options, "k", &e);
  EXPECT_EQ(s.code(), absl::StatusCode::kOutOfRange);
  EXPECT_THAT(Message(s), HasSubstr("1000 bytes"));
  EXPECT_THAT(Message(s), HasSubstr("999 bytes"));
}

}  // namespace
}  // namespace wirelens::pipeline
