#include "pipeline/text.h"

#include "gtest/gtest.h"

namespace wirelens::pipeline {
namespace {

TEST(Utf8Test, ValidatesWellFormedAndRejectsMalformed) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("Zürich, Київ, 北京, 😀"));
  EXPECT_TRUE(IsValidUtf8("\xEF\xBF\xBD"));         // a literal U+FFFD
  EXPECT_FALSE(IsValidUtf8("\xC3"));                // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));            // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));        // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));    // > U+10FFFF
  EXPECT_FALSE(IsValidUtf8("caf\xE9"));             // Latin-1 é
}

TEST(Utf8Test, RoundTripsCodePoints) {
  for (char32_t cp : {U'a', U'é', U'ж', U'中', U'😀', char32_t{0x10FFFF}}) {
    std::string s;
    AppendUtf8(cp, &s);
    size_t pos = 0;
    EXPECT_EQ(DecodeUtf8(s, &pos), cp);
    EXPECT_EQ(pos, s.size());
  }
  std::string bad;
  AppendUtf8(0xD800, &bad);
  EXPECT_EQ(bad, "\xEF\xBF\xBD");
  EXPECT_EQ(CodePointCount("añ😀"), 3u);
}

TEST(SpanBuilderTest, GivesBytesCodePointsAndUtf16Units) {
  // "😀" is 4 bytes, 1 code point, 2 UTF-16 units; "é" is 2 bytes.
  const std::string text = "😀 Café in Zürich";
  SpanBuilder spans(v1::TEXT_FIELD_BODY, text);
  const size_t begin = text.find("Café");
  v1::Span s = spans.MakeSpan(begin, begin + std::string("Café").size());
  EXPECT_EQ(s.field(), v1::TEXT_FIELD_BODY);
  EXPECT_EQ(s.byte_begin(), 5u);
  EXPECT_EQ(s.byte_end(), 10u);
  EXPECT_EQ(s.cp_begin(), 2u);
  EXPECT_EQ(s.cp_end(), 6u);
  EXPECT_EQ(s.utf16_begin(), 3u);
  EXPECT_EQ(s.utf16_end(), 7u);

  const size_t z = text.find("Zürich");
  v1::Span zs = spans.MakeSpan(z, text.size());
  EXPECT_EQ(zs.cp_end() - zs.cp_begin(), 6u);
  EXPECT_EQ(zs.cp_end(), CodePointCount(text));
}

TEST(SpanBuilderTest, WorksAcrossCheckpointsInLongText) {
  std::string text;
  for (int i = 0; i < 500; ++i) text += "ж";  // 2 bytes each
  text += "end";
  SpanBuilder spans(v1::TEXT_FIELD_HEADLINE, text);
  v1::Span s = spans.MakeSpan(1000, 1003);
  EXPECT_EQ(s.cp_begin(), 500u);
  EXPECT_EQ(s.cp_end(), 503u);
  EXPECT_EQ(s.utf16_begin(), 500u);
  // Out-of-range offsets are clamped.
  v1::Span c = spans.MakeSpan(2000, 5000);
  EXPECT_EQ(c.byte_begin(), text.size());
  EXPECT_EQ(c.byte_end(), text.size());
}

TEST(SpanBuilderTest, AsciiTextHasEqualOffsets) {
  const std::string text = "Prices rose 4.5% on Monday.";
  SpanBuilder spans(v1::TEXT_FIELD_BODY, text);
  v1::Span s = spans.MakeSpan(12, 16);
  EXPECT_EQ(s.cp_begin(), 12u);
  EXPECT_EQ(s.cp_end(), 16u);
  EXPECT_EQ(s.utf16_begin(), 12u);
  EXPECT_EQ(s.utf16_end(), 16u);
}

TEST(SpanBuilderTest, FindsOneNonAsciiCharacterAnywhere) {
  // "é" at every position of a 100-byte ASCII text: in a 32-byte block,
  // in the 8-byte steps after the blocks, or in the last bytes.
  for (size_t at = 0; at <= 100; ++at) {
    std::string text(100, 'x');
    text.insert(at, "\u00e9");
    SpanBuilder spans(v1::TEXT_FIELD_BODY, text);
    v1::Span s = spans.MakeSpan(text.size(), text.size());
    EXPECT_EQ(s.cp_end(), 101u) << at;
  }
}

TEST(SpanBuilderTest, CountsSurrogatePairsAcrossCheckpoints) {
  // 100 emoji (4 bytes, 1 code point, 2 UTF-16 units each), then ASCII.
  std::string text;
  for (int i = 0; i < 100; ++i) text += "\xF0\x9F\x98\x80";
  text += " tail";
  SpanBuilder spans(v1::TEXT_FIELD_BODY, text);
  v1::Span s = spans.MakeSpan(401, 405);
  EXPECT_EQ(s.cp_begin(), 101u);
  EXPECT_EQ(s.cp_end(), 105u);
  EXPECT_EQ(s.utf16_begin(), 201u);
  EXPECT_EQ(s.utf16_end(), 205u);
  v1::Span mid = spans.MakeSpan(4 * 70, 4 * 71);
  EXPECT_EQ(mid.cp_begin(), 70u);
  EXPECT_EQ(mid.utf16_begin(), 140u);
  EXPECT_EQ(mid.utf16_end(), 142u);
}

}  // namespace
}  // namespace wirelens::pipeline
