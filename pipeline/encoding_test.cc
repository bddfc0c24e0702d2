#include "pipeline/encoding.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pipeline/text.h"

namespace wirelens::pipeline {
namespace {

using ::testing::HasSubstr;

std::string Message(const absl::Status& s) { return std::string(s.message()); }

TEST(Cp1252Test, TableRoundTripsEveryDefinedByte) {
  for (int b = 0; b < 256; ++b) {
    const char32_t cp = Cp1252ToUnicode(static_cast<unsigned char>(b));
    EXPECT_EQ(UnicodeToCp1252(cp), b) << "byte " << b;
  }
  EXPECT_EQ(Cp1252ToUnicode(0x80), U'€');
  EXPECT_EQ(Cp1252ToUnicode(0x92), U'’');
  EXPECT_EQ(Cp1252ToUnicode(0x81), 0x81u);  // undefined: C1 control
  EXPECT_EQ(Cp1252ToUnicode(0xE9), U'é');
  EXPECT_EQ(UnicodeToCp1252(U'™'), 0x99);
  EXPECT_EQ(UnicodeToCp1252(U'Ж'), -1);
}

TEST(RepairEncodingTest, ValidUtf8IsReturnedWithoutCopy) {
  const std::string text = "Zürich, 東京 and plain ASCII.";
  std::string storage;
  std::vector<v1::InputWarning> warnings;
  auto result = RepairEncoding(text, {}, &storage, &warnings);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->data(), text.data());
  EXPECT_EQ(*result, text);
  EXPECT_TRUE(storage.empty());
  EXPECT_TRUE(warnings.empty());
}

TEST(RepairEncodingTest, Windows1252IsTranscoded) {
  const std::string text = "Caf\xE9 cr\xE8me: \x93" "d\xE9j\xE0 vu\x94 \x96 it\x92s \x80" "5";
  std::string storage;
  std::vector<v1::InputWarning> warnings;
  auto result = RepairEncoding(text, {}, &storage, &warnings);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(*result, "Café crème: “déjà vu” – it’s €5");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].code(), "DECODED_AS_CP1252");
  EXPECT_THAT(warnings[0].message(), HasSubstr("9 byte(s)"));
}

TEST(RepairEncodingTest, StrayBytesInUtf8BecomeReplacementCharacters) {
  const std::string text = "Gr\xC3\xBC\xC3\x9F" "e aus M\xC3\xBCnchen \xFF und K\xC3\xB6ln";
  std::string storage;
  std::vector<v1::InputWarning> warnings;
  TextRepairOptions options;
  options.field_label = "body: ";
  auto result = RepairEncoding(text, options, &storage, &warnings);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(*result, "Grüße aus München \uFFFD und Köln");
  EXPECT_TRUE(IsValidUtf8(*result));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].code(), "UTF8_REPAIRED");
  EXPECT_EQ(warnings[0].message(), "body: replaced 1 invalid UTF-8 byte(s) with U+FFFD");
}

TEST(RepairEncodingTest, OtherLegacyEncodingIsRejected) {
  // Windows-1251 Russian: long runs of high bytes, not Western text.
  const std::string text = "\xCF\xF0\xE8\xE2\xE5\xF2, \xEC\xE8\xF0! \xCA\xE0\xEA \xE4\xE5\xEB\xE0?";
  std::string storage;
  auto result = RepairEncoding(text, {}, &storage, nullptr);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(result.status()), HasSubstr("not valid UTF-8"));
}

TEST(RepairEncodingTest, ControlCharactersMeanBinary) {
  std::string storage;
  auto result = RepairEncoding(std::string("\x01\x02\x03\x04zz\x05\x06", 8), {}, &storage, nullptr);
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(Message(result.status()), HasSubstr("input is binary, not text"));
  EXPECT_THAT(Message(result.status()), HasSubstr("control characters"));
}

TEST(RepairEncodingTest, NulIsBinaryOnlyWhenAsked) {
  const std::string text("one NUL \0 in a longer line of text", 34);
  std::string storage;
  EXPECT_TRUE(RepairEncoding(text, {}, &storage, nullptr).ok());
  TextRepairOptions strict;
  strict.nul_is_binary = true;
  auto result = RepairEncoding(text, strict, &storage, nullptr);
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(Message(result.status()), HasSubstr("NUL"));
}

std::string Unmojibake(const std::string& text, std::vector<v1::InputWarning>* warnings = nullptr) {
  std::string out;
  return RepairMojibake(text, "", &out, warnings) ? out : text;
}

TEST(RepairMojibakeTest, RepairsCommonDoubleEncodings) {
  std::vector<v1::InputWarning> warnings;
  EXPECT_EQ(Unmojibake("CafÃ© crÃ¨me", &warnings), "Café crème");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].code(), "MOJIBAKE_REPAIRED");
  EXPECT_THAT(warnings[0].message(), HasSubstr("repaired 2 "));
  EXPECT_EQ(Unmojibake("itâ€™s â€œfineâ€\u009D"), "it’s “fine”");
  EXPECT_EQ(Unmojibake("Ã¼ber MÃ¼nchen"), "über München");
  EXPECT_EQ(Unmojibake("price: 5Â\u00A0â‚¬"), "price: 5\u00A0€");
  // Cyrillic read as Windows-1252: many weak two-byte sequences.
  EXPECT_EQ(Unmojibake("ÐŸÑ€Ð¸Ð²ÐµÑ‚"), "Привет");
  // Four-byte sequence (emoji).
  EXPECT_EQ(Unmojibake("ðŸ˜€"), "😀");
}

TEST(RepairMojibakeTest, RepairsStrayC1Controls) {
  // Windows-1252 read as Latin-1: U+0092 stands for a right quote.
  EXPECT_EQ(Unmojibake("it\u0092s \u0093quoted\u0094"), "it’s “quoted”");
}

TEST(RepairMojibakeTest, LeavesCorrectTextAlone) {
  std::string out = "untouched";
  EXPECT_FALSE(RepairMojibake("plain ASCII text", "", &out, nullptr));
  EXPECT_FALSE(RepairMojibake("Café, Zürich, São Paulo, SÃO PAULO", "", &out, nullptr));
  // A single weak candidate in correct text ("Ü" then a closing quote).
  EXPECT_FALSE(RepairMojibake("„ÜBERALL MÜ“ sagte er", "", &out, nullptr));
  EXPECT_FALSE(RepairMojibake("Привет, 東京", "", &out, nullptr));
  EXPECT_EQ(out, "untouched");
}

}  // namespace
}  // namespace wirelens::pipeline
