#include "stages/figures/numbers.h"

#include <charconv>
#include <cstring>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pipeline/text_analysis.h"

namespace wirelens::stages::figures {
namespace {

using ::testing::DoubleEq;
using ::testing::DoubleNear;
using ::testing::Eq;
using ::testing::Optional;

TEST(DecimalStyleTest, FollowsLanguage) {
  EXPECT_EQ(DecimalStyleFor("en"), DecimalStyle::kPoint);
  EXPECT_EQ(DecimalStyleFor(""), DecimalStyle::kPoint);
  EXPECT_EQ(DecimalStyleFor("zh"), DecimalStyle::kPoint);
  for (std::string_view code : {"de", "es", "it", "pt", "fr", "nl", "ru", "uk", "pl"}) {
    EXPECT_EQ(DecimalStyleFor(code), DecimalStyle::kComma) << code;
  }
}

TEST(ParseDigitsTest, EnglishSeparators) {
  EXPECT_THAT(ParseDigits("27,700", DecimalStyle::kPoint), Optional(Eq(27700)));
  EXPECT_THAT(ParseDigits("1,000.5", DecimalStyle::kPoint), Optional(Eq(1000.5)));
  EXPECT_THAT(ParseDigits("1,234,567", DecimalStyle::kPoint), Optional(Eq(1234567)));
  EXPECT_THAT(ParseDigits("5.2", DecimalStyle::kPoint), Optional(DoubleNear(5.2, 1e-12)));
  EXPECT_THAT(ParseDigits(".75", DecimalStyle::kPoint), Optional(Eq(0.75)));
  EXPECT_THAT(ParseDigits("0", DecimalStyle::kPoint), Optional(Eq(0)));
}

TEST(ParseDigitsTest, ContinentalSeparators) {
  EXPECT_THAT(ParseDigits("1.000,5", DecimalStyle::kComma), Optional(Eq(1000.5)));
  EXPECT_THAT(ParseDigits("1.000.000", DecimalStyle::kComma), Optional(Eq(1000000)));
  EXPECT_THAT(ParseDigits("3,5", DecimalStyle::kComma), Optional(Eq(3.5)));
  // The same text means something else in English.
  EXPECT_THAT(ParseDigits("1.000", DecimalStyle::kPoint), Optional(Eq(1)));
  EXPECT_THAT(ParseDigits("1.000", DecimalStyle::kComma), Optional(Eq(1000)));
}

// Short numbers are converted without from_chars: the value must be the
// same double, to the last bit, for any digits and decimals.
TEST(ParseDigitsTest, SameValueAsFromChars) {
  std::mt19937 rng(7);
  for (int n = 0; n < 200000; ++n) {
    const size_t length = 1 + rng() % 20;
    std::string text;
    for (size_t k = 0; k < length; ++k) text.push_back(static_cast<char>('0' + rng() % 10));
    if (rng() % 4 != 0) text.insert(rng() % length, ".");
    if (text.back() == '.') text.push_back('5');
    double want = 0;
    ASSERT_EQ(std::from_chars(text.data(), text.data() + text.size(), want).ec, std::errc());
    const std::optional<double> got = ParseDigits(text, DecimalStyle::kPoint);
    ASSERT_TRUE(got.has_value()) << text;
    ASSERT_EQ(std::memcmp(&*got, &want, sizeof(want)), 0) << text << " " << *got << " " << want;
  }
  EXPECT_THAT(ParseDigits("0.1", DecimalStyle::kPoint), Optional(Eq(0.1)));
  EXPECT_THAT(ParseDigits("999999999999999", DecimalStyle::kPoint),
              Optional(Eq(999999999999999.0)));
  EXPECT_THAT(ParseDigits("9007199254740993", DecimalStyle::kPoint),
              Optional(Eq(9007199254740992.0)));  // 2^53 + 1: rounded, as from_chars does
}

TEST(ParseDigitsTest, RefusesWhatIsNotAPlainNumber) {
  EXPECT_EQ(ParseDigits("14:32", DecimalStyle::kPoint), std::nullopt);
  EXPECT_EQ(ParseDigits("5/11/2024", DecimalStyle::kPoint), std::nullopt);
  EXPECT_EQ(ParseDigits("24/7", DecimalStyle::kPoint), std::nullopt);
  EXPECT_EQ(ParseDigits("1,00,000", DecimalStyle::kPoint), std::nullopt);
  EXPECT_EQ(ParseDigits("3,5000", DecimalStyle::kPoint), std::nullopt);
  EXPECT_EQ(ParseDigits("1,2,3", DecimalStyle::kPoint), std::nullopt);
  EXPECT_EQ(ParseDigits("1234,5", DecimalStyle::kPoint), std::nullopt);
  EXPECT_EQ(ParseDigits("1,234,5", DecimalStyle::kPoint), std::nullopt);
  EXPECT_EQ(ParseDigits("1.2.3", DecimalStyle::kPoint), std::nullopt);
  EXPECT_EQ(ParseDigits("12a", DecimalStyle::kPoint), std::nullopt);
  EXPECT_EQ(ParseDigits("", DecimalStyle::kPoint), std::nullopt);
}

// One or two digits after a single comma cannot be a thousands group: in
// point-style text the comma is then a decimal comma.
TEST(ParseDigitsTest, ShortGroupAfterCommaIsADecimalComma) {
  EXPECT_THAT(ParseDigits("3,5", DecimalStyle::kPoint), Optional(DoubleEq(3.5)));
  EXPECT_THAT(ParseDigits("7,25", DecimalStyle::kPoint), Optional(DoubleEq(7.25)));
  EXPECT_THAT(ParseDigits("12,00", DecimalStyle::kPoint), Optional(DoubleEq(12)));
  EXPECT_THAT(ParseDigits("4,500", DecimalStyle::kPoint), Optional(DoubleEq(4500)));
}

TEST(ParseDigitsTest, SimpleFractions) {
  EXPECT_THAT(ParseDigits("1/2", DecimalStyle::kPoint), Optional(Eq(0.5)));
  EXPECT_THAT(ParseDigits("3/4", DecimalStyle::kPoint), Optional(Eq(0.75)));
  EXPECT_EQ(ParseDigits("9/11", DecimalStyle::kPoint), std::nullopt);  // a name
  EXPECT_EQ(ParseDigits("5/3", DecimalStyle::kPoint), std::nullopt);
}

TEST(ParseVulgarFractionTest, Characters) {
  size_t length = 0;
  EXPECT_THAT(ParseVulgarFraction("\u00bd", &length), Optional(Eq(0.5)));
  EXPECT_EQ(length, 2u);
  EXPECT_THAT(ParseVulgarFraction("\u00be", &length), Optional(Eq(0.75)));
  EXPECT_EQ(ParseVulgarFraction("x", &length), std::nullopt);
}

TEST(MagnitudeTest, WordsAndAbbreviations) {
  EXPECT_THAT(MagnitudeOf("billion"), Optional(Eq(1e9)));
  EXPECT_THAT(MagnitudeOf("bn"), Optional(Eq(1e9)));
  EXPECT_THAT(MagnitudeOf("trillion"), Optional(Eq(1e12)));
  EXPECT_THAT(MagnitudeOf("k"), Optional(Eq(1e3)));
  EXPECT_THAT(MagnitudeOf("crore"), Optional(Eq(1e7)));
  EXPECT_EQ(MagnitudeOf("m"), std::nullopt);  // metres or million: context decides
  EXPECT_EQ(MagnitudeOf("hundreds"), std::nullopt);
}

TEST(ParseNumberWordTest, Compounds) {
  EXPECT_THAT(ParseNumberWord("thirty-four"), Optional(Eq(34)));
  EXPECT_THAT(ParseNumberWord("twelve"), Optional(Eq(12)));
  EXPECT_EQ(ParseNumberWord("third"), std::nullopt);
  EXPECT_EQ(ParseNumberWord("year"), std::nullopt);
}

// Reads the number at the first token of `text`.
std::optional<ParsedNumber> ReadFirst(std::string_view text,
                                      DecimalStyle style = DecimalStyle::kPoint,
                                      bool money = false) {
  static pipeline::FieldAnalysis field;
  pipeline::AnalyzeField(v1::TEXT_FIELD_BODY, text, &field);
  return ParseNumberAt(field, 0, style, money);
}

double ValueOf(std::string_view text) {
  std::optional<ParsedNumber> n = ReadFirst(text);
  EXPECT_TRUE(n.has_value()) << text;
  return n.has_value() ? n->value : -1;
}

TEST(ParseNumberAtTest, Words) {
  EXPECT_EQ(ValueOf("forty soldiers"), 40);
  EXPECT_EQ(ValueOf("forty-two days"), 42);
  EXPECT_EQ(ValueOf("two and a half years"), 2.5);
  EXPECT_EQ(ValueOf("a dozen eggs"), 12);
  EXPECT_EQ(ValueOf("three dozen roses"), 36);
  EXPECT_EQ(ValueOf("a hundred reasons"), 100);
  EXPECT_EQ(ValueOf("one million two hundred thousand voters"), 1200000);
  EXPECT_EQ(ValueOf("nine hundred and ninety-nine"), 999);
  EXPECT_EQ(ValueOf("half a million refugees"), 500000);
  EXPECT_EQ(ValueOf("three quarters of the vote"), 0.75);
  EXPECT_EQ(ValueOf("two thirds of members"), 2.0 / 3);
  EXPECT_EQ(ValueOf("a third of homes"), 1.0 / 3);
  EXPECT_EQ(ValueOf("Seventeen were hurt"), 17);
  EXPECT_DOUBLE_EQ(ValueOf("three and a fifth"), 3.2);
  EXPECT_DOUBLE_EQ(ValueOf("twenty and three fifths"), 20.6);
  EXPECT_EQ(ValueOf("half a dozen"), 6);
  EXPECT_EQ(ValueOf("half million"), 500000);
  EXPECT_EQ(ValueOf("three dozens"), 36);
  EXPECT_DOUBLE_EQ(ValueOf("two and a half million"), 2.5e6);
  EXPECT_EQ(ValueOf("a half"), 0.5);
}

TEST(MayStartNumberWordAtTest, NecessaryForParseNumberAt) {
  pipeline::FieldAnalysis field;
  auto may_start = [&field](std::string_view text) {
    pipeline::AnalyzeField(v1::TEXT_FIELD_BODY, text, &field);
    return MayStartNumberWordAt(field, 0);
  };
  for (std::string_view text : {"and five", "And-so", "AND", "a man", "an apple", "a", "a 5"}) {
    EXPECT_FALSE(may_start(text)) << text;
    EXPECT_FALSE(ReadFirst(text).has_value()) << text;
  }
  for (std::string_view text : {"a dozen eggs", "An eighth", "a third of homes", "a hundred",
                                "two and a half", "half a million"}) {
    EXPECT_TRUE(may_start(text)) << text;
    EXPECT_TRUE(ReadFirst(text).has_value()) << text;
  }
}

TEST(ParseNumberAtTest, WordsStopWhereTheNumberEnds) {
  std::optional<ParsedNumber> n = ReadFirst("two and three");
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->value, 2);
  EXPECT_EQ(n->token_end, 1u);
  n = ReadFirst("five and six");
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->value, 5);
  EXPECT_EQ(n->token_end, 1u);
  n = ReadFirst("one two");
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->token_end, 1u);
}

TEST(ParseNumberAtTest, NoValueForPluralScales) {
  EXPECT_EQ(ReadFirst("hundreds of people"), std::nullopt);
  EXPECT_EQ(ReadFirst("thousands fled"), std::nullopt);
  EXPECT_EQ(ReadFirst("dozens of cars"), std::nullopt);
  EXPECT_EQ(ReadFirst("half the town"), std::nullopt);
  EXPECT_EQ(ReadFirst("a man"), std::nullopt);
  EXPECT_EQ(ReadFirst("and"), std::nullopt);
}

TEST(ParseNumberAtTest, Ordinals) {
  std::optional<ParsedNumber> n = ReadFirst("30th birthday");
  ASSERT_TRUE(n.has_value());
  EXPECT_TRUE(n->ordinal);
  EXPECT_EQ(n->value, 30);
  n = ReadFirst("twenty-first century");
  ASSERT_TRUE(n.has_value());
  EXPECT_TRUE(n->ordinal);
  EXPECT_EQ(n->value, 21);
  n = ReadFirst("third place");
  ASSERT_TRUE(n.has_value());
  EXPECT_TRUE(n->ordinal);
  EXPECT_EQ(n->value, 3);
}

TEST(ParseNumberAtTest, Magnitudes) {
  std::optional<ParsedNumber> n = ReadFirst("5.2bn");
  ASSERT_TRUE(n.has_value());
  EXPECT_DOUBLE_EQ(n->value, 5.2e9);
  EXPECT_TRUE(n->magnitude);
  EXPECT_EQ(n->token_end, 2u);
  EXPECT_DOUBLE_EQ(ValueOf("1.2 trillion"), 1.2e12);
  EXPECT_DOUBLE_EQ(ValueOf("3k"), 3000);
  EXPECT_DOUBLE_EQ(ValueOf("40 billion"), 4e10);
  // A glued "m" is million only for money.
  n = ReadFirst("300m", DecimalStyle::kPoint, /*money=*/true);
  ASSERT_TRUE(n.has_value());
  EXPECT_DOUBLE_EQ(n->value, 3e8);
  n = ReadFirst("300m");
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->value, 300);
  EXPECT_EQ(n->token_end, 1u);
  // A spaced "b" is not a magnitude ("Plan 5 B"); a spaced "k" is.
  n = ReadFirst("5 b");
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->value, 5);
  EXPECT_DOUBLE_EQ(ValueOf("2.5 k"), 2500);
}

TEST(ParseNumberAtTest, Shapes) {
  std::optional<ParsedNumber> n = ReadFirst("2025");
  ASSERT_TRUE(n.has_value());
  EXPECT_TRUE(n->bare_digits);
  EXPECT_EQ(n->digit_count, 4);
  n = ReadFirst("0123");
  ASSERT_TRUE(n.has_value());
  EXPECT_TRUE(n->leading_zero);
  n = ReadFirst("2,025");
  ASSERT_TRUE(n.has_value());
  EXPECT_FALSE(n->bare_digits);
  EXPECT_DOUBLE_EQ(ValueOf("2\u00bd"), 2.5);
  EXPECT_DOUBLE_EQ(ValueOf("\u00bd"), 0.5);
  EXPECT_DOUBLE_EQ(ValueOf("10 1/2 miles"), 10.5);
  EXPECT_EQ(ValueOf("40 000 people"), 40000);
  EXPECT_DOUBLE_EQ(ValueOf("1 234 567.89"), 1234567.89);
  n = ReadFirst("7946 0958");
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->token_end, 1u);
}

TEST(ParseNumberAtTest, SpokenDecimals) {
  EXPECT_DOUBLE_EQ(ValueOf("six point four metres"), 6.4);
  EXPECT_DOUBLE_EQ(ValueOf("three hundred point zero five"), 300.05);
  EXPECT_DOUBLE_EQ(ValueOf("zero point zero seven"), 0.07);
  EXPECT_DOUBLE_EQ(ValueOf("nought point nought two"), 0.02);
  EXPECT_DOUBLE_EQ(ValueOf("one point twelve"), 1.12);
  EXPECT_DOUBLE_EQ(ValueOf("two point thirty-five"), 2.35);
  EXPECT_EQ(ValueOf("nought"), 0);
  EXPECT_DOUBLE_EQ(ValueOf("four point two billion"), 4.2e9);
  // "point" that starts no decimals is not read.
  std::optional<ParsedNumber> n = ReadFirst("a five point plan");
  EXPECT_EQ(n, std::nullopt);
  n = ReadFirst("five point plan");
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->value, 5);
  EXPECT_EQ(n->token_end, 1u);
}

TEST(ParseNumberAtTest, FractionsWithLongerParts) {
  // The whole number before the denominator is the numerator.
  EXPECT_DOUBLE_EQ(ValueOf("four thousand three hundred one sixths"), 4301.0 / 6);
  EXPECT_DOUBLE_EQ(ValueOf("seven twenty-fifths"), 7.0 / 25);
  EXPECT_DOUBLE_EQ(ValueOf("two ninety-sevenths"), 2.0 / 97);
  EXPECT_DOUBLE_EQ(ValueOf("one two hundred third"), 1.0 / 203);
  EXPECT_DOUBLE_EQ(ValueOf("five millionths"), 5e-6);
  EXPECT_DOUBLE_EQ(ValueOf("nine - tenths"), 0.9);
  // A proper fraction after "and" is a mixed number; after a scale it is a
  // part of the scale.
  EXPECT_DOUBLE_EQ(ValueOf("two hundred and one quarter"), 200.25);
  EXPECT_DOUBLE_EQ(ValueOf("four million and a half"), 4.5e6);
  EXPECT_DOUBLE_EQ(ValueOf("nine billion and three quarters"), 9.75e9);
  EXPECT_DOUBLE_EQ(ValueOf("a dozen and a half eggs"), 18);
  EXPECT_DOUBLE_EQ(ValueOf("five and one half"), 5.5);
  // An improper "and" fraction takes the whole number as numerator.
  EXPECT_DOUBLE_EQ(ValueOf("two hundred and forty sixths"), 40);
  // "seventy - two": a spaced hyphen between tens and a unit.
  EXPECT_EQ(ValueOf("seventy - two"), 72);
}

TEST(ParseNumberAtTest, SingularOrdinalsAreRanksAfterCounts) {
  std::optional<ParsedNumber> n = ReadFirst("three hundredth anniversary");
  ASSERT_TRUE(n.has_value());
  EXPECT_TRUE(n->ordinal);
  EXPECT_EQ(n->value, 300);
  n = ReadFirst("three hundred and second day");
  ASSERT_TRUE(n.has_value());
  EXPECT_TRUE(n->ordinal);
  EXPECT_EQ(n->value, 302);
  n = ReadFirst("billionth");
  ASSERT_TRUE(n.has_value());
  EXPECT_TRUE(n->ordinal);
  EXPECT_EQ(n->value, 1e9);
  // "a third straight win": the article and ordinal are not a fraction.
  EXPECT_EQ(ReadFirst("a third straight win"), std::nullopt);
  EXPECT_DOUBLE_EQ(ValueOf("a third of the pupils"), 1.0 / 3);
  EXPECT_DOUBLE_EQ(ValueOf("a third said no"), 1.0 / 3);
  // A compound singular denominator only when no noun follows.
  EXPECT_DOUBLE_EQ(ValueOf("a forty-first"), 1.0 / 41);
  n = ReadFirst("a forty-first birthday");
  EXPECT_EQ(n, std::nullopt);
}

TEST(ParseNumberAtTest, Ratios) {
  EXPECT_DOUBLE_EQ(ValueOf("three out of four nurses"), 0.75);
  EXPECT_DOUBLE_EQ(ValueOf("7 out of 10 homes"), 0.7);
  EXPECT_DOUBLE_EQ(ValueOf("one over fifty"), 0.02);
  // A count larger than the whole is no ratio.
  std::optional<ParsedNumber> n = ReadFirst("six out of two");
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->value, 6);
  // Digits before "over" are not a ratio ("beat them 3 over 2 sets").
  n = ReadFirst("3 over 2");
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->value, 3);
}

TEST(ParseNumberAtTest, DigitsInsideWords) {
  EXPECT_EQ(ValueOf("6 hundred and 45 miles"), 645);
  EXPECT_EQ(ValueOf("7 thousand 2 hundred"), 7200);
  EXPECT_EQ(ValueOf("4 dozen rolls"), 48);
  EXPECT_EQ(ValueOf("2 dozens"), 24);
  EXPECT_EQ(ValueOf("eight doz"), 96);
  EXPECT_DOUBLE_EQ(ValueOf("5 million and a half"), 5.5e6);
  EXPECT_DOUBLE_EQ(ValueOf("1 and a half million"), 1.5e6);
  EXPECT_DOUBLE_EQ(ValueOf("4 and three quarters"), 4.75);
  EXPECT_DOUBLE_EQ(ValueOf("2 and 3/4 inches"), 2.75);
  EXPECT_DOUBLE_EQ(ValueOf("41-3/8 dlrs"), 41.375);
  EXPECT_DOUBLE_EQ(ValueOf("2.5 dozen roses"), 30);
  EXPECT_DOUBLE_EQ(ValueOf("two thirds of a million"), 2e6 / 3);
  EXPECT_EQ(ValueOf("quarter million homes"), 250000);
  EXPECT_EQ(ValueOf("a quarter-million fans"), 250000);
  EXPECT_EQ(ValueOf("three quarters billion"), 7.5e8);
  EXPECT_EQ(ReadFirst("quarter finals"), std::nullopt);
  // A plain magnitude keeps its reading; "and" with another number does not
  // join.
  std::optional<ParsedNumber> n = ReadFirst("3 million people");
  ASSERT_TRUE(n.has_value());
  EXPECT_TRUE(n->magnitude);
  EXPECT_EQ(n->token_end, 2u);
  n = ReadFirst("4 and 5");
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->value, 4);
  EXPECT_EQ(n->token_end, 1u);
}

TEST(ParseNumberAtTest, ExponentsAndPowers) {
  EXPECT_DOUBLE_EQ(ValueOf("3e8 metres"), 3e8);
  EXPECT_DOUBLE_EQ(ValueOf("6.02E+23"), 6.02e23);
  EXPECT_DOUBLE_EQ(ValueOf("15e-3"), 0.015);
  EXPECT_DOUBLE_EQ(ValueOf("2^10"), 1024);
  // Letters after the exponent make a code.
  std::optional<ParsedNumber> n = ReadFirst("4e5x");
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->token_end, 1u);
}

TEST(ParseLakhDigitsTest, IndianGrouping) {
  EXPECT_EQ(ParseLakhDigits("1,00,000"), 100000);
  EXPECT_EQ(ParseLakhDigits("3,25,40,000"), 32540000);
  EXPECT_DOUBLE_EQ(*ParseLakhDigits("98,76,543.21"), 9876543.21);
  EXPECT_EQ(ParseLakhDigits("100,000"), std::nullopt);  // western grouping
  EXPECT_EQ(ParseLakhDigits("1,000"), std::nullopt);
  EXPECT_EQ(ParseLakhDigits("123,45,678"), std::nullopt);
  EXPECT_EQ(ParseLakhDigits("1,00,00"), std::nullopt);
  EXPECT_EQ(ParseLakhDigits("1,00,000."), std::nullopt);
}

TEST(NumberWordsTest, ExactLookups) {
  EXPECT_EQ(MagnitudeOf("bn"), 1e9);
  EXPECT_EQ(MagnitudeOf(std::string_view("bn\0", 3)), std::nullopt);
  EXPECT_EQ(MagnitudeOf("bnx"), std::nullopt);
  EXPECT_EQ(ParseNumberWord("forty-two"), 42);
  EXPECT_EQ(ParseNumberWord(std::string_view("forty\0", 6)), std::nullopt);
  EXPECT_EQ(DigitWordValue("nought"), 0);
  EXPECT_EQ(DigitWordValue("noughts"), std::nullopt);
}

TEST(AsciiLowerTest, EveryLengthAndByte) {
  // Lengths 0-20 cover the byte loop, the 4-byte and the 8-byte chunks with
  // their overlapping last chunk; only A-Z change.
  const std::string all = "AZaz@[`{09-\xC3\x89\xE2\x80\x93QRSTUVWXYz";
  for (size_t n = 0; n <= 20 && n <= all.size(); ++n) {
    for (size_t from = 0; from + n <= all.size(); ++from) {
      const std::string_view text = std::string_view(all).substr(from, n);
      std::string expected(text);
      for (char& c : expected) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      std::string got = "previous contents";
      AsciiLower(text, &got);
      EXPECT_EQ(got, expected) << "n=" << n << " from=" << from;
    }
  }
}

}  // namespace
}  // namespace wirelens::stages::figures
