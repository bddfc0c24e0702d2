#include "stages/figures/figures.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pipeline/text_analysis.h"

namespace wirelens::stages::figures {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// A FigureMatch with its text, for readable assertions.
struct Found {
  FigureMatch match;
  std::string text;
  std::string noun;
};

std::vector<Found> Numeric(std::string_view text, std::string_view language = "en") {
  pipeline::FieldAnalysis field;
  pipeline::AnalyzeField(v1::TEXT_FIELD_BODY, text, &field);
  std::vector<FigureMatch> matches;
  ExtractNumericFigures(field, language, &matches);
  std::vector<Found> found;
  for (FigureMatch& m : matches) {
    // Relative ordinals ("last") have their own tests, through ExtractFigures
    // where dates ("last year") win over them.
    if (!m.relative_position.empty()) continue;
    Found f;
    f.text = std::string(text.substr(m.begin, m.end - m.begin));
    f.noun = std::string(text.substr(m.noun_begin, m.noun_end - m.noun_begin));
    f.match = std::move(m);
    found.push_back(std::move(f));
  }
  return found;
}

// The texts of the figures found.
std::vector<std::string> Texts(std::string_view text) {
  std::vector<std::string> texts;
  for (const Found& f : Numeric(text)) texts.push_back(f.text);
  return texts;
}

// The single figure of `text`; fails the test if there is not exactly one.
Found One(std::string_view text, std::string_view language = "en") {
  std::vector<Found> found = Numeric(text, language);
  EXPECT_EQ(found.size(), 1u) << text;
  return found.empty() ? Found{} : found.front();
}

TEST(CardinalTest, DigitsWithCountedNoun) {
  const Found f = One("Officials in Kyiv put the toll at 27,700 soldiers by Friday.");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_CARDINAL);
  EXPECT_EQ(f.text, "27,700");
  EXPECT_EQ(f.match.value, 27700);
  EXPECT_EQ(f.noun, "soldiers");
}

TEST(CardinalTest, NounStopsAtVerbsAndParticiples) {
  Found f = One("Rescuers said 40 people were killed in the flood.");
  EXPECT_EQ(f.noun, "people");
  f = One("The ferry carried 212 passengers.");
  EXPECT_EQ(f.noun, "passengers");
  f = One("At the border 15 trucks queued overnight.");
  EXPECT_EQ(f.noun, "trucks");
  f = One("She thanked the 12 Ukrainian volunteers who stayed.");
  EXPECT_EQ(f.noun, "Ukrainian volunteers");
  f = One("Police arrested 9 and released them.");
  EXPECT_EQ(f.noun, "");
}

TEST(CardinalTest, OfPhraseJoinsTheNoun) {
  const Found f = One("The vote needs 326 members of parliament on board.");
  EXPECT_EQ(f.noun, "members of parliament");
}

TEST(CardinalTest, Words) {
  Found f = One("Forty-two pupils sat the exam.");
  EXPECT_EQ(f.match.value, 42);
  EXPECT_EQ(f.noun, "pupils");
  f = One("The club sold two and a half thousand tickets.");
  EXPECT_EQ(f.text, "two and a half thousand");
  EXPECT_EQ(f.match.value, 2500);
  f = One("The farm lost a dozen sheep.");
  EXPECT_EQ(f.match.value, 12);
  f = One("The census found one million two hundred thousand residents.");
  EXPECT_EQ(f.match.value, 1200000);
  EXPECT_EQ(f.noun, "residents");
}

TEST(CardinalTest, Fractions) {
  EXPECT_EQ(One("Three quarters agreed with the plan.").match.value, 0.75);
  EXPECT_EQ(One("Only 1/2 turned up.").match.value, 0.5);
  EXPECT_EQ(One("Turnout fell by \u00bd overnight.").match.value, 0.5);
  const Found f = One("Nearly a third of homes lost power.");
  EXPECT_DOUBLE_EQ(*f.match.value, 1.0 / 3);
  EXPECT_EQ(f.match.qualifier, v1::QUALIFIER_NEARLY);
}

TEST(CardinalTest, Negatives) {
  EXPECT_EQ(One("The index stood at -7 on Monday.").match.value, -7);
  EXPECT_EQ(One("The index stood at \u22124 on Tuesday.").match.value, -4);
  const Found f = One("Readings fell to minus 12 overnight.");
  EXPECT_EQ(f.text, "minus 12");
  EXPECT_EQ(f.match.value, -12);
  EXPECT_EQ(One("Growth was negative 2 percent.").match.value, -2);
}

TEST(CardinalTest, LocaleSeparators) {
  EXPECT_EQ(One("Es kamen 1.250 Menschen.", "de").match.value, 1250);
  EXPECT_EQ(One("Der Wert lag bei 3,5 Punkten.", "de").match.value, 3.5);
  // English phrase rules find no counted noun in other languages.
  EXPECT_EQ(One("Es kamen 1.250 Menschen.", "de").noun, "");
  EXPECT_EQ(One("Sono arrivati 1.250 turisti.", "it").match.value, 1250);
  EXPECT_EQ(One("The value was 1,250.5 overall.").match.value, 1250.5);
}

TEST(CardinalTest, NoValueWithoutACount) {
  EXPECT_THAT(Texts("Hundreds of people and thousands of cars were stuck."), IsEmpty());
  EXPECT_THAT(Texts("One of the guards said dozens fled."), IsEmpty());
  EXPECT_THAT(Texts("Half the town was flooded."), IsEmpty());
}

TEST(OrdinalTest, DigitsAndWords) {
  Found f = One("She finished 30th in the race.");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_ORDINAL);
  EXPECT_EQ(f.match.value, 30);
  EXPECT_EQ(One("It was his 82nd appearance.").match.value, 82);
  f = One("The third attempt worked.");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_ORDINAL);
  EXPECT_EQ(f.match.value, 3);
  f = One("A twenty-first birthday party.");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_ORDINAL);
  EXPECT_EQ(f.match.value, 21);
  EXPECT_THAT(Texts("Wait a second, he said."), IsEmpty());
}

TEST(MoneyTest, SymbolsAndMagnitudes) {
  Found f = One("The fund raised $40 billion from investors.");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_MONEY);
  EXPECT_EQ(f.text, "$40 billion");
  EXPECT_EQ(f.match.value, 4e10);
  EXPECT_EQ(f.match.currency, "USD");
  f = One("Revenue reached \u20ac5.2bn in the quarter.");
  EXPECT_EQ(f.match.currency, "EUR");
  EXPECT_DOUBLE_EQ(*f.match.value, 5.2e9);
  f = One("The club paid \u00a3300m for him.");
  EXPECT_EQ(f.match.currency, "GBP");
  EXPECT_EQ(f.match.value, 3e8);
  EXPECT_EQ(One("A ticket costs \u00a5800 there.").match.currency, "JPY");
  EXPECT_EQ(One("They owe \u20b920 lakh in tax.").match.value, 2e6);
  EXPECT_EQ(One("The fine was \u20bd500 each.").match.currency, "RUB");
  EXPECT_EQ(One("It sold for 3k dollars.").match.value, 3000);
}

TEST(MoneyTest, DollarVariantsAndCodes) {
  EXPECT_EQ(One("It cost US$12 per share.").match.currency, "USD");
  EXPECT_EQ(One("It cost C$12 per share.").match.currency, "CAD");
  EXPECT_EQ(One("It cost A$12 per share.").match.currency, "AUD");
  EXPECT_EQ(One("It cost HK$12 per share.").match.currency, "HKD");
  EXPECT_EQ(One("It cost CHF 12 per share.").match.currency, "CHF");
}

TEST(MoneyTest, CurrencyNames) {
  EXPECT_EQ(One("He was fined 400 euros.").match.currency, "EUR");
  EXPECT_EQ(One("They sent 5 million rubles.").match.currency, "RUB");
  EXPECT_EQ(One("Salaries of 9,000 hryvnias a month.").match.currency, "UAH");
  EXPECT_EQ(One("A loan of 80 billion yuan was agreed.").match.currency, "CNY");
  EXPECT_EQ(One("Fees rose to 300 Swiss francs.").match.currency, "CHF");
  const Found f = One("The estate fetched 2 million pounds sterling at auction.");
  EXPECT_EQ(f.match.currency, "GBP");
  EXPECT_EQ(f.text, "2 million pounds sterling");
  EXPECT_EQ(One("Bonuses worth 40 million pounds were paid.").match.currency, "GBP");
}

TEST(PercentTest, Forms) {
  Found f = One("Support fell to 12% in May polling.");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_PERCENT);
  EXPECT_EQ(f.match.value, 12);
  EXPECT_EQ(One("Support fell 12 percent.").match.kind, v1::FIGURE_KIND_PERCENT);
  EXPECT_EQ(One("Support fell 12 per cent.").text, "12 per cent");
  f = One("Rates were cut by 2.5 percentage points.");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_PERCENTAGE_POINTS);
  EXPECT_EQ(f.match.value, 2.5);
  f = One("The bank raised rates by 25 basis points.");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_PERCENTAGE_POINTS);
  EXPECT_DOUBLE_EQ(*f.match.value, 0.25);
  EXPECT_EQ(f.text, "25 basis points");
  // A percent word longer than the packed word keys (18 bytes).
  f = One("Инфляция: 7,5 процентов.", "ru");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_PERCENT);
  EXPECT_EQ(f.match.value, 7.5);
  EXPECT_EQ(f.text, "7,5 процентов");
}

TEST(QuantityTest, UnitsAndDimensions) {
  struct Case {
    std::string_view sentence;
    std::string_view unit;
    v1::Dimension dimension;
  };
  const Case cases[] = {
      {"The convoy stretched 64 km along the road.", "km", v1::DIMENSION_LENGTH},
      {"The wall is 12 feet high.", "ft", v1::DIMENSION_LENGTH},
      {"He ran 26 miles.", "mi", v1::DIMENSION_LENGTH},
      {"They seized 450 kg of cocaine.", "kg", v1::DIMENSION_MASS},
      {"The ship carried 60,000 tonnes of grain.", "t", v1::DIMENSION_MASS},
      {"Fires burned 3,000 hectares of forest.", "ha", v1::DIMENSION_AREA},
      {"The lake covers 80 square kilometres.", "km²", v1::DIMENSION_AREA},
      {"Output rose by 3 million barrels.", "bbl", v1::DIMENSION_VOLUME},
      {"The tank holds 500 litres.", "L", v1::DIMENSION_VOLUME},
      {"Gusts reached 130 km/h near the coast.", "km/h", v1::DIMENSION_SPEED},
      {"The car hit 90 mph.", "mph", v1::DIMENSION_SPEED},
      {"It was 41\u00b0C in the shade.", "\u00b0C", v1::DIMENSION_TEMPERATURE},
      {"Forecasters expect 45C on Friday.", "\u00b0C", v1::DIMENSION_TEMPERATURE},
      {"It was 41 degrees Celsius in the shade.", "\u00b0C", v1::DIMENSION_TEMPERATURE},
      {"It was 98 degrees Fahrenheit indoors.", "\u00b0F", v1::DIMENSION_TEMPERATURE},
      {"Homes used 4,000 kWh a year.", "kWh", v1::DIMENSION_ENERGY},
      {"The reactor delivers 1,100 MW at peak.", "MW", v1::DIMENSION_POWER},
      {"A farm of 2 GW was approved.", "GW", v1::DIMENSION_POWER},
      {"Hackers stole 40 GB of data.", "GB", v1::DIMENSION_DATA_SIZE},
      {"An old 16-bit console was sold.", "bit", v1::DIMENSION_DATA_SIZE},
      {"Each dose holds 150 micrograms.", "\u00b5g", v1::DIMENSION_MASS},
      {"The runner did the 100m in 9.8 seconds flat.", "m", v1::DIMENSION_LENGTH},
      {"Drivers faced a 12-mile tailback.", "mi", v1::DIMENSION_LENGTH},
      {"Drivers faced a twelve-mile tailback.", "mi", v1::DIMENSION_LENGTH},
      {"Jets dropped a 500-pound bomb.", "lb", v1::DIMENSION_MASS},
      {"It was 6 deg C at dawn.", "\u00b0C", v1::DIMENSION_TEMPERATURE},
  };
  for (const Case& c : cases) {
    const std::vector<Found> found = Numeric(c.sentence);
    ASSERT_FALSE(found.empty()) << c.sentence;
    EXPECT_EQ(found[0].match.kind, v1::FIGURE_KIND_QUANTITY) << c.sentence;
    EXPECT_EQ(found[0].match.unit, c.unit) << c.sentence;
    EXPECT_EQ(found[0].match.dimension, c.dimension) << c.sentence;
  }
}

TEST(MoneyTest, CentsAndSpacedDollarPrefixes) {
  Found f = One("Shares closed up 34 cents.");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_MONEY);
  EXPECT_DOUBLE_EQ(*f.match.value, 0.34);
  EXPECT_EQ(f.match.currency, "USD");
  f = One("Exports reached HK $ 10.05 billion.");
  EXPECT_EQ(f.text, "HK $ 10.05 billion");
  EXPECT_EQ(f.match.currency, "HKD");
  EXPECT_EQ(One("It cost a $5 note.").match.currency, "USD");
  EXPECT_EQ(One("Lunch was 100\u5143 there.").match.currency, "CNY");
  EXPECT_EQ(One("The fee is 20 $ per head.").match.currency, "USD");
}

TEST(QuantityTest, PoundsAsWeight) {
  const Found f = One("The boxer weighed 210 pounds before the fight.");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_QUANTITY);
  EXPECT_EQ(f.match.unit, "lb");
}

TEST(QuantityTest, CountedNounOfMeasure) {
  const Found f = One("Exports hit 3 million barrels of oil a day.");
  EXPECT_EQ(f.text, "3 million barrels");
  EXPECT_EQ(f.match.value, 3e6);
  EXPECT_EQ(f.noun, "barrels of oil");
}

TEST(QuantityTest, NegativeTemperature) {
  const Found f = One("Overnight it fell to -15\u00b0C in the hills.");
  EXPECT_EQ(f.match.value, -15);
  EXPECT_EQ(f.match.unit, "\u00b0C");
}

TEST(AgeTest, Forms) {
  for (std::string_view sentence :
       {"A 34-year-old man was charged.", "The man, aged 34, was charged.",
        "A man of age 34 was charged.", "He was 34 years of age.", "The man is 34 years old.",
        "A thirty-four-year-old man was charged."}) {
    const Found f = One(sentence);
    EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_AGE) << sentence;
    EXPECT_EQ(f.match.value, 34) << sentence;
  }
  EXPECT_EQ(One("The man, aged 34, was charged.").text, "aged 34");
  const Found teens = One("Police questioned the 17-year-olds.");
  EXPECT_EQ(teens.match.kind, v1::FIGURE_KIND_AGE);
  EXPECT_EQ(teens.text, "17-year-olds");
}

TEST(DurationTest, LeftToTheDateExtractor) {
  EXPECT_THAT(Texts("The siege lasted 48 hours."), IsEmpty());
  EXPECT_THAT(Texts("Talks took three weeks."), IsEmpty());
}

TEST(RangeTest, Forms) {
  Found f = One("Between 10 and 20 protesters were held.");
  EXPECT_EQ(f.text, "Between 10 and 20");
  EXPECT_EQ(f.match.low, 10);
  EXPECT_EQ(f.match.high, 20);
  EXPECT_FALSE(f.match.value.has_value());
  EXPECT_EQ(f.noun, "protesters");
  f = One("Queues of 10-20 km formed.");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_QUANTITY);
  EXPECT_EQ(f.match.low, 10);
  EXPECT_EQ(f.match.high, 20);
  f = One("Growth of from 5 to 7 percent is expected.");
  EXPECT_EQ(f.text, "from 5 to 7 percent");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_PERCENT);
  EXPECT_EQ(f.match.low, 5);
  EXPECT_EQ(f.match.high, 7);
  f = One("A deal worth $10-20 billion is near.");
  EXPECT_EQ(f.match.low, 1e10);
  EXPECT_EQ(f.match.high, 2e10);
  f = One("Prices rose 3\u20134% last month.");
  EXPECT_EQ(f.match.low, 3);
  EXPECT_EQ(f.match.high, 4);
}

TEST(RangeTest, ScoresAndYearSpansAreNotRanges) {
  EXPECT_THAT(Texts("The hosts won 3-1 at home."), IsEmpty());
  EXPECT_THAT(Texts("The 2019-2020 season was cut short."), IsEmpty());
}

TEST(QualifierTest, AllKinds) {
  struct Case {
    std::string_view sentence;
    std::string_view text;
    v1::Qualifier qualifier;
  };
  const Case cases[] = {
      {"About 300 homes flooded.", "About 300", v1::QUALIFIER_APPROXIMATELY},
      {"It took approximately 300 volunteers.", "approximately 300", v1::QUALIFIER_APPROXIMATELY},
      {"Police said some 300 cars burned.", "some 300", v1::QUALIFIER_APPROXIMATELY},
      {"They found roughly 300 graves.", "roughly 300", v1::QUALIFIER_APPROXIMATELY},
      {"Around 300 troops left.", "Around 300", v1::QUALIFIER_APPROXIMATELY},
      {"At least 300 houses burned.", "At least 300", v1::QUALIFIER_AT_LEAST},
      {"More than 300 flights were cancelled.", "More than 300", v1::QUALIFIER_MORE_THAN},
      {"Over 300 flights were cancelled.", "Over 300", v1::QUALIFIER_MORE_THAN},
      {"There were at most 300 seats.", "at most 300", v1::QUALIFIER_AT_MOST},
      {"There were no more than 300 seats.", "no more than 300", v1::QUALIFIER_AT_MOST},
      {"Fewer than 300 voters came.", "Fewer than 300", v1::QUALIFIER_LESS_THAN},
      {"It costs less than $300 now.", "less than $300", v1::QUALIFIER_LESS_THAN},
      {"Children under 300 cm tall.", "under 300 cm", v1::QUALIFIER_LESS_THAN},
      {"Nearly 300 firms signed.", "Nearly 300", v1::QUALIFIER_NEARLY},
      {"Almost 300 firms signed.", "Almost 300", v1::QUALIFIER_NEARLY},
      {"Exactly 300 firms signed.", "Exactly 300", v1::QUALIFIER_EXACTLY},
  };
  for (const Case& c : cases) {
    const Found f = One(c.sentence);
    EXPECT_EQ(f.text, c.text) << c.sentence;
    EXPECT_EQ(f.match.qualifier, c.qualifier) << c.sentence;
    EXPECT_EQ(f.match.value, 300) << c.sentence;
  }
}

TEST(QualifierTest, UpToSetsOnlyTheHighEnd) {
  const Found f = One("Boats carry up to 150 migrants.");
  EXPECT_EQ(f.text, "up to 150");
  EXPECT_EQ(f.match.qualifier, v1::QUALIFIER_UP_TO);
  EXPECT_EQ(f.match.high, 150);
  EXPECT_FALSE(f.match.low.has_value());
  EXPECT_FALSE(f.match.value.has_value());
  EXPECT_EQ(f.noun, "migrants");
}

TEST(TrapTest, NamesAndCodes) {
  EXPECT_THAT(Texts("Leaders of the G20 met after COVID-19 hit."), IsEmpty());
  EXPECT_THAT(Texts("An F-16 escorted the plane."), IsEmpty());
  EXPECT_THAT(Texts("The airline grounded its Boeing 737 jets."), IsEmpty());
  EXPECT_THAT(Texts("Users of Windows 11 complained."), IsEmpty());
  EXPECT_THAT(Texts("Rivals launched the iPhone 15 rival."), IsEmpty());
  EXPECT_THAT(Texts("Allies invoked Article 5 of the treaty."), IsEmpty());
  EXPECT_THAT(Texts("Border rules under Title 42 ended."), IsEmpty());
  EXPECT_THAT(Texts("The chart on page 12 and section 3 shows it."), IsEmpty());
  EXPECT_THAT(Texts("He spoke outside No. 10 on Tuesday."), IsEmpty());
  EXPECT_THAT(Texts("Operators rolled out 5G and 3D maps."), IsEmpty());
  EXPECT_THAT(Texts("Formula One teams arrived."), IsEmpty());
}

TEST(TrapTest, PhoneNumbersAndIds) {
  EXPECT_THAT(Texts("Call 202-555-0147 for details."), IsEmpty());
  EXPECT_THAT(Texts("Call +44 20 7946 0321 for details."), IsEmpty());
  EXPECT_THAT(Texts("The ISBN 978-0-306-40615-7 is printed inside."), IsEmpty());
  EXPECT_THAT(Texts("Quote reference 88012345 when paying."), IsEmpty());
  EXPECT_THAT(Texts("Agent 007 returned."), IsEmpty());
}

TEST(TrapTest, ClockTimesAndYears) {
  EXPECT_THAT(Texts("Markets closed at 14:32 GMT."), IsEmpty());
  EXPECT_THAT(Texts("The law passed in 2025 after a vote."), IsEmpty());
  EXPECT_THAT(Texts("The 2026 World Cup opens soon."), IsEmpty());
  EXPECT_THAT(Texts("Sales fell in the 1990s."), IsEmpty());
  // A year-shaped count with its noun stays a count.
  EXPECT_THAT(Texts("Organisers expect 2026 runners."), ElementsAre("2026"));
}

TEST(TrapTest, SentenceStartIsNotAName) {
  EXPECT_THAT(Texts("Officials said 12 died. Some 40 remain missing."),
              ElementsAre("12", "Some 40"));
}

TEST(SpanTest, TextOrderAndExactBytes) {
  const std::string text = "Ex\u00e9cutives said 1,200 jobs and \u20ac3bn were at stake.";
  const std::vector<Found> found = Numeric(text);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].text, "1,200");
  EXPECT_EQ(found[1].text, "\u20ac3bn");
  EXPECT_LT(found[0].match.end, found[1].match.begin);
  EXPECT_EQ(found[0].match.begin, text.find("1,200"));
}

TEST(MergeTest, OutputNeverOverlaps) {
  // Two numeric figures sharing a token (found by fuzzing: a currency sign
  // read as the suffix of one amount and the prefix of the next).
  std::vector<FigureMatch> numbers(3);
  numbers[0].begin = 0;
  numbers[0].end = 2;
  numbers[0].kind = v1::FIGURE_KIND_MONEY;
  numbers[1].begin = 1;
  numbers[1].end = 8;
  numbers[1].kind = v1::FIGURE_KIND_MONEY;
  numbers[2].begin = 10;
  numbers[2].end = 12;
  numbers[2].kind = v1::FIGURE_KIND_CARDINAL;
  std::vector<FigureMatch> dates;
  std::vector<FigureMatch> out;
  MergeFigures(&numbers, &dates, &out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].end, 2u);
  EXPECT_EQ(out[1].begin, 10u);
  // The same through the text API.
  const std::vector<FigureMatch> found = ExtractFigures("rate 0:1$a third.", "en", std::nullopt);
  for (size_t k = 1; k < found.size(); ++k) EXPECT_LE(found[k - 1].end, found[k].begin);
}

TEST(MergeTest, DatesWinOverlaps) {
  std::vector<FigureMatch> numbers(2);
  numbers[0].begin = 0;
  numbers[0].end = 4;
  numbers[0].kind = v1::FIGURE_KIND_CARDINAL;
  numbers[1].begin = 10;
  numbers[1].end = 12;
  numbers[1].kind = v1::FIGURE_KIND_CARDINAL;
  std::vector<FigureMatch> dates(2);
  dates[0].begin = 3;
  dates[0].end = 8;
  dates[0].kind = v1::FIGURE_KIND_DATE;
  dates[1].begin = 20;
  dates[1].end = 25;
  dates[1].kind = v1::FIGURE_KIND_TIME;
  std::vector<FigureMatch> out;
  MergeFigures(&numbers, &dates, &out);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].kind, v1::FIGURE_KIND_DATE);
  EXPECT_EQ(out[1].begin, 10u);
  EXPECT_EQ(out[2].kind, v1::FIGURE_KIND_TIME);
}

TEST(MergeTest, RefsPointIntoTheInputsInMergeOrder) {
  std::vector<FigureMatch> numbers(2);
  numbers[0].begin = 0;
  numbers[0].end = 4;
  numbers[1].begin = 10;
  numbers[1].end = 12;
  std::vector<FigureMatch> dates(2);
  dates[0].begin = 3;
  dates[0].end = 8;
  dates[1].begin = 20;
  dates[1].end = 25;
  std::vector<FigureMatch*> refs;
  MergeFigureRefs(&numbers, &dates, &refs);
  EXPECT_THAT(refs, ElementsAre(&dates[0], &numbers[1], &dates[1]));
}

TEST(ExtractFiguresTest, TextLevelApiRunsBothExtractors) {
  const std::vector<FigureMatch> found =
      ExtractFigures("Unemployment fell to 4,5% in 2025.", "de", std::nullopt);
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0].kind, v1::FIGURE_KIND_PERCENT);
  EXPECT_EQ(found[0].value, 4.5);
  for (size_t k = 1; k < found.size(); ++k) EXPECT_LE(found[k - 1].begin, found[k].begin);
}

TEST(CardinalTest, QualifiedHalf) {
  Found f = One("Nearly half of the delegates walked out.");
  EXPECT_EQ(f.text, "Nearly half");
  EXPECT_EQ(f.match.value, 0.5);
  EXPECT_EQ(f.match.qualifier, v1::QUALIFIER_NEARLY);
  EXPECT_THAT(Texts("He scored early in the second half."), ElementsAre("second"));
  f = One("The bank cut rates by half a percentage point.");
  EXPECT_EQ(f.text, "half a percentage point");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_PERCENTAGE_POINTS);
  EXPECT_EQ(f.match.value, 0.5);
}

TEST(CardinalTest, SpokenDecimalsAndSigns) {
  const Found f = One("The index fell by minus two point five on the day.");
  EXPECT_EQ(f.text, "minus two point five");
  EXPECT_DOUBLE_EQ(*f.match.value, -2.5);
  // A glued minus makes a long digit string a number, not an id.
  const Found g = One("The balance read -98765432100 after the glitch.");
  EXPECT_EQ(*g.match.value, -98765432100.0);
  EXPECT_THAT(Texts("Her badge number is 98765432100."), IsEmpty());
  // "nought" is zero, except in the idiom.
  EXPECT_THAT(Texts("All their work came to nought."), IsEmpty());
  EXPECT_EQ(One("The score read nought point seven.").match.value, 0.7);
}

TEST(OrdinalTest, ThirdStraightIsARank) {
  const Found f = One("They won a third straight title.");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_ORDINAL);
  EXPECT_EQ(f.text, "third");
  EXPECT_EQ(f.match.value, 3);
  const Found g = One("Prices fell by a third.");
  EXPECT_EQ(g.match.kind, v1::FIGURE_KIND_CARDINAL);
  EXPECT_DOUBLE_EQ(*g.match.value, 1.0 / 3);
}

TEST(PercentTest, WireStylePoints) {
  const Found f = One("The rate fell 0.75 pct points.");
  EXPECT_EQ(f.text, "0.75 pct points");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_PERCENTAGE_POINTS);
  EXPECT_EQ(f.match.value, 0.75);
}

TEST(PercentTest, PluralPercents) {
  const Found f = One("It was fifty percents off.");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_PERCENT);
  EXPECT_EQ(f.match.value, 50);
}

TEST(QualifierTest, ComparisonsAndTrailingBounds) {
  Found f = One("Turnout was greater than 40 in every ward.");
  EXPECT_EQ(f.text, "greater than 40");
  EXPECT_EQ(f.match.qualifier, v1::QUALIFIER_MORE_THAN);
  f = One("Bids must be less than or equal to 900.");
  EXPECT_EQ(f.text, "less than or equal to 900");
  EXPECT_EQ(f.match.qualifier, v1::QUALIFIER_AT_MOST);
  f = One("Scores equal to or higher than 85 pass.");
  EXPECT_EQ(f.text, "equal to or higher than 85");
  EXPECT_EQ(f.match.qualifier, v1::QUALIFIER_AT_LEAST);
  f = One("Claims exceeding 3,000 were refused.");
  EXPECT_EQ(f.text, "exceeding 3,000");
  EXPECT_EQ(f.match.qualifier, v1::QUALIFIER_MORE_THAN);
  f = One("Groups of 25 or more visitors pay less.");
  EXPECT_EQ(f.text, "25 or more");
  EXPECT_EQ(f.match.qualifier, v1::QUALIFIER_AT_LEAST);
  EXPECT_EQ(f.noun, "visitors");
  f = One("Cars of 12 or fewer seats are exempt.");
  EXPECT_EQ(f.match.qualifier, v1::QUALIFIER_AT_MOST);
}

TEST(RangeTest, TildeAndNonYearFourDigitPairs) {
  Found f = One("Crowds of 300~500 gathered.");
  EXPECT_EQ(f.match.low, 300);
  EXPECT_EQ(f.match.high, 500);
  f = One("Tickets sold ranged over 1500 - 4000 a night.");
  EXPECT_EQ(f.match.low, 1500);
  EXPECT_EQ(f.match.high, 4000);
  // Year spans stay the dates extractor's.
  EXPECT_THAT(Texts("It ran 2019-2020."), IsEmpty());
}

// ---- Money, units, temperatures and ages -------------------------------------

TEST(MoneyTest, SpacedCanadianPrefixAndDottedUs) {
  Found f = One("The miner booked a c $ 45 million writedown.");
  EXPECT_EQ(f.text, "c $ 45 million");
  EXPECT_EQ(f.match.currency, "CAD");
  EXPECT_EQ(f.match.value, 45e6);
  f = One("The prize pot is u.s $ 2,000 this year.");
  EXPECT_EQ(f.text, "u.s $ 2,000");
  EXPECT_EQ(f.match.currency, "USD");
  // The article stays outside: "a $5 note" is a US dollar amount.
  EXPECT_EQ(One("She found a $ 5 note.").text, "$ 5");
}

TEST(MoneyTest, FormerCurrencies) {
  Found f = One("The mill was sold for 310 million Finnish markka in 1991.");
  EXPECT_EQ(f.match.currency, "FIM");
  EXPECT_EQ(f.match.value, 3.1e8);
  EXPECT_EQ(One("A bond of 75 million Dutch guilders was issued.").match.currency, "NLG");
  EXPECT_EQ(One("It cost 900 Deutsche marks back then.").match.currency, "DEM");
  EXPECT_EQ(One("The bank lent 40 billion pesetas.").match.currency, "ESP");
  // "marks" alone is money only with a magnitude.
  EXPECT_EQ(One("The club spent 12 million marks on players.").match.currency, "DEM");
  const Found count = One("She got 85 marks in the exam.");
  EXPECT_EQ(count.match.kind, v1::FIGURE_KIND_CARDINAL);
}

TEST(MoneyTest, MajorAndMinorUnits) {
  Found f = One("A coffee cost them seven dollars and twenty cents.");
  EXPECT_EQ(f.text, "seven dollars and twenty cents");
  EXPECT_DOUBLE_EQ(*f.match.value, 7.2);
  EXPECT_EQ(f.match.currency, "USD");
  f = One("A coffee cost them 7 euros 20 cents.");
  EXPECT_EQ(f.text, "7 euros 20 cents");
  EXPECT_DOUBLE_EQ(*f.match.value, 7.2);
  EXPECT_EQ(f.match.currency, "EUR");
  f = One("The bill came to 22 dollars 75.");
  EXPECT_EQ(f.text, "22 dollars 75");
  EXPECT_DOUBLE_EQ(*f.match.value, 22.75);
  // Two amounts, not one: "and" before another currency, and a count.
  EXPECT_THAT(Texts("They paid 5 dollars and 3 euros."), ElementsAre("5 dollars", "3 euros"));
  EXPECT_THAT(Texts("He paid 20 dollars 40 times."), ElementsAre("20 dollars", "40"));
}

TEST(MoneyTest, CodesWithMagnitudes) {
  Found f = One("The group booked 85 MSEK in new orders.");
  EXPECT_EQ(f.match.currency, "SEK");
  EXPECT_EQ(f.match.value, 85e6);
  f = One("Net sales were MEUR 14.5 in the period.");
  EXPECT_EQ(f.text, "MEUR 14.5");
  EXPECT_EQ(f.match.currency, "EUR");
  EXPECT_DOUBLE_EQ(*f.match.value, 14.5e6);
  f = One("Investors put in 40 USD million last year.");
  EXPECT_EQ(f.text, "40 USD million");
  EXPECT_EQ(f.match.value, 40e6);
}

TEST(MoneyTest, InformalAndMinorUnits) {
  EXPECT_EQ(One("He said he lent them 40 bucks.").match.currency, "USD");
  EXPECT_EQ(One("Tickets were 12 quid each.").match.currency, "GBP");
  Found f = One("The shares rose 14p on Monday.");
  EXPECT_EQ(f.match.currency, "GBP");
  EXPECT_DOUBLE_EQ(*f.match.value, 0.14);
  EXPECT_DOUBLE_EQ(*One("They closed at 312p.").match.value, 3.12);
  EXPECT_DOUBLE_EQ(*One("A stamp costs 85 pence now.").match.value, 0.85);
  f = One("The dividend was raised to 62 euro cents.");
  EXPECT_EQ(f.match.currency, "EUR");
  EXPECT_DOUBLE_EQ(*f.match.value, 0.62);
  // A spaced "p" is a letter, and "1080p" a video resolution.
  EXPECT_THAT(Texts("Streams in 1080p only."), IsEmpty());
  EXPECT_EQ(One("Write 50 p on the form.").match.kind, v1::FIGURE_KIND_CARDINAL);
}

TEST(MoneyTest, WireAbbreviationsAndHyphenatedNames) {
  Found f = One("It won a 57 mln dlr contract.");
  EXPECT_EQ(f.match.currency, "USD");
  EXPECT_EQ(f.match.value, 57e6);
  EXPECT_EQ(One("Profit was 85 mln stg.").match.currency, "GBP");
  f = One("Fares went up by a 25-cent surcharge.");
  EXPECT_EQ(f.text, "25-cent");
  EXPECT_DOUBLE_EQ(*f.match.value, 0.25);
  f = One("She paid with a 20-dollar bill.");
  EXPECT_EQ(f.text, "20-dollar");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_MONEY);
}

TEST(MoneyTest, CurrenciesNamedWithTheirCountry) {
  EXPECT_EQ(One("Fuel subsidies cost 90 billion Egyptian pounds.").match.currency, "EGP");
  EXPECT_EQ(One("The loan was 3 billion Kenyan shillings.").match.currency, "KES");
  EXPECT_EQ(One("The deficit reached 40 billion forints.").match.currency, "HUF");
  EXPECT_EQ(One("A 200 mln Swiss franc bond was launched.").match.currency, "CHF");
  EXPECT_EQ(One("The toll is 1 Jordanian dinar per car.").match.currency, "JOD");
}

TEST(MoneyTest, CodesGluedToTheAmount) {
  Found f = One("The bridge cost RM1.2 billion to build.");
  EXPECT_EQ(f.text, "RM1.2 billion");
  EXPECT_EQ(f.match.currency, "MYR");
  EXPECT_DOUBLE_EQ(*f.match.value, 1.2e9);
  f = One("Fares rose to KSh2,500 a month.");
  EXPECT_EQ(f.match.currency, "KES");
  EXPECT_EQ(f.match.value, 2500);
  EXPECT_EQ(One("A meal was Tk 450 there.").match.currency, "BDT");
  // Single letters and other codes stay names.
  EXPECT_THAT(Texts("The R2 unit and the GS400 were sold."), IsEmpty());
}

TEST(MoneyTest, SymbolBeforeTheNextAmountIsNotASuffix) {
  EXPECT_THAT(Texts("Rent $ 1,200.00 $ 950.00 utilities"), ElementsAre("$ 1,200.00", "$ 950.00"));
}

TEST(MoneyTest, PoundsByTheWordsAround) {
  EXPECT_EQ(One("The court fined her 300 pounds on Monday.").match.currency, "GBP");
  EXPECT_EQ(One("Entry tickets cost 15 pounds each.").match.currency, "GBP");
  EXPECT_EQ(One("The boy weighed 90 pounds at birth.").match.unit, "lb");
  // "pounds of" something is weight, whatever the sentence says of money.
  EXPECT_EQ(One("They paid for 40 pounds of beef.").match.unit, "lb");
  EXPECT_EQ(One("The parcel was 12 pounds.").match.unit, "lb");
}

TEST(QuantityTest, MoreUnits) {
  struct Case {
    std::string_view sentence;
    std::string_view unit;
  };
  const Case cases[] = {
      {"Farmers sold 12 mln bushels of wheat.", "bu"},
      {"Reserves stood at 4.8 trillion cubic feet of gas.", "ft\u00b3"},
      {"The board is one centimetre thick.", "cm"},
      {"It ships with one gigabyte of memory.", "GB"},
      {"The plot covers 2,750 square metres.", "m\u00b2"},
      {"The wave measured 600 nanometres.", "nm"},
      {"A 75 cl bottle was opened.", "cL"},
      {"They listed a 2,400 sq. ft. home.", "ft\u00b2"},
      {"They drank 3 pints each.", "pt"},
      {"The probe flew at 11 km/s.", "km/s"},
      {"The village is 40 kms away.", "km"},
      {"He lost 3 stone in a year.", "st"},
      {"A 30-stone man was rescued.", "st"},
  };
  for (const Case& c : cases) {
    const std::vector<Found> found = Numeric(c.sentence);
    ASSERT_FALSE(found.empty()) << c.sentence;
    EXPECT_EQ(found[0].match.kind, v1::FIGURE_KIND_QUANTITY) << c.sentence;
    EXPECT_EQ(found[0].match.unit, c.unit) << c.sentence;
  }
  EXPECT_EQ(One("They left a 1920 stone villa.").match.kind, v1::FIGURE_KIND_CARDINAL);
  // A capitalized two-letter code after a number is a name, not a unit.
  EXPECT_EQ(One("They finished 3 CL in the table.").match.kind, v1::FIGURE_KIND_CARDINAL);
}

TEST(QuantityTest, FeetAndInchesPoundsAndOunces) {
  Found f = One("The centre is 6 ft 11 in tall.");
  EXPECT_EQ(f.text, "6 ft 11 in");
  EXPECT_EQ(f.match.unit, "ft");
  EXPECT_DOUBLE_EQ(*f.match.value, 6 + 11 / 12.0);
  f = One("She stands 5 feet 4 inches.");
  EXPECT_DOUBLE_EQ(*f.match.value, 5 + 4 / 12.0);
  f = One("The 6-foot-9 forward scored.");
  EXPECT_EQ(f.text, "6-foot-9");
  EXPECT_DOUBLE_EQ(*f.match.value, 6.75);
  f = One("The baby weighed 7 lb 8 oz at birth.");
  EXPECT_EQ(f.text, "7 lb 8 oz");
  EXPECT_DOUBLE_EQ(*f.match.value, 7.5);
  // "in" before an article or a name is the preposition.
  EXPECT_THAT(Texts("They hiked 12 ft 3 in the morning."), ElementsAre("12 ft", "3"));
}

TEST(QuantityTest, MarksAndBracketedUnits) {
  Found f = One("The screen is 55 \" wide.");
  EXPECT_EQ(f.text, "55 \"");
  EXPECT_EQ(f.match.unit, "in");
  EXPECT_EQ(One("The beam is 9\u2033 thick.").match.unit, "in");
  f = One("Load per axle: 900 [kg] maximum.");
  EXPECT_EQ(f.text, "900 [kg]");
  EXPECT_EQ(f.match.unit, "kg");
  // A quotation mark glued to the number closes a quote.
  EXPECT_EQ(One("He told us \"buy 10\" and left.").match.kind, v1::FIGURE_KIND_CARDINAL);
}

TEST(QuantityTest, DegreesWithoutAScale) {
  Found f = One("Turn the thermostat down to 66 degrees tonight.");
  EXPECT_EQ(f.text, "66 degrees");
  EXPECT_EQ(f.match.unit, "\u00b0");
  EXPECT_EQ(f.match.dimension, v1::DIMENSION_TEMPERATURE);
  f = One("The pilot banked the plane 30 degrees to the left.");
  EXPECT_EQ(f.match.dimension, v1::DIMENSION_ANGLE);
  f = One("It felt like 101\u00b0 by noon.");
  EXPECT_EQ(f.text, "101\u00b0");
  EXPECT_EQ(f.match.dimension, v1::DIMENSION_TEMPERATURE);
  EXPECT_EQ(One("The car did a 180-degree turn.").match.dimension, v1::DIMENSION_ANGLE);
  EXPECT_EQ(One("The oven runs at 200 deg. for an hour.").text, "200 deg.");
  // A compass letter makes it a coordinate; "degrees" alone is no unit.
  EXPECT_EQ(One("The buoy sits at 42\u00b0 N.").match.dimension, v1::DIMENSION_ANGLE);
  EXPECT_EQ(One("She holds two degrees from Yale.").match.kind, v1::FIGURE_KIND_CARDINAL);
  EXPECT_EQ(One("Kevin is 3 degrees of separation away.").match.kind, v1::FIGURE_KIND_CARDINAL);
}

TEST(QuantityTest, DegreesInDigitsWithoutATellingWord) {
  Found f = One("By noon it was 38 degrees in Perth.");
  EXPECT_EQ(f.match.unit, "\u00b0");
  EXPECT_EQ(f.match.dimension, v1::DIMENSION_TEMPERATURE);
  EXPECT_EQ(One("The wreck lies at 12 degrees south.").match.dimension, v1::DIMENSION_ANGLE);
  // Other scales measured in degrees are no unit of ours.
  EXPECT_EQ(One("The well yields 40 degrees API crude.").match.kind, v1::FIGURE_KIND_CARDINAL);
  EXPECT_EQ(One("It was cooled to 77 degrees Kelvin.").match.unit, "K");
}

TEST(QuantityTest, ThermostatPhrasesAndDegreeSigns) {
  Found f = One("Turn the heating down 4 degrees at night.");
  EXPECT_EQ(f.match.dimension, v1::DIMENSION_TEMPERATURE);
  f = One("Steam forms at 100\u00b0 Celsius.");
  EXPECT_EQ(f.text, "100\u00b0 Celsius");
  EXPECT_EQ(f.match.unit, "\u00b0C");
  f = One("Lows hit -31\u2103 in the north.");
  EXPECT_EQ(f.match.unit, "\u00b0C");
  EXPECT_EQ(f.match.value, -31);
}

TEST(QuantityTest, TemperatureScalesInConversions) {
  std::vector<Found> found = Numeric("How do I turn 30C into fahrenheit?");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].text, "30C");
  EXPECT_EQ(found[1].text, "fahrenheit");
  EXPECT_EQ(found[1].match.unit, "\u00b0F");
  EXPECT_FALSE(found[1].match.value.has_value());
  found = Numeric("a chart from kelvin to degrees celsius");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].match.unit, "K");
  EXPECT_EQ(found[1].text, "degrees celsius");
  // A scale named any other way is not a figure.
  EXPECT_THAT(Texts("Readers loved Fahrenheit 451 and the Fahrenheit scale."), IsEmpty());
  EXPECT_THAT(Texts("Americans still think in Fahrenheit."), IsEmpty());
}

TEST(QuantityTest, SpacedMinusBeforeATemperature) {
  Found f = One("Overnight it fell to - 12 degrees Celsius.");
  EXPECT_EQ(f.text, "- 12 degrees Celsius");
  EXPECT_EQ(f.match.value, -12);
  // After a number or a clause a spaced hyphen is a dash.
  f = One("Tuesday's forecast - 12 degrees Celsius and rain.");
  EXPECT_EQ(f.match.value, 12);
}

TEST(QuantityTest, ScaleLetterBeforeTheFullStop) {
  Found f = One("By noon it was 38C. Crowds stayed home.");
  EXPECT_EQ(f.text, "38C");
  EXPECT_EQ(f.match.unit, "\u00b0C");
  f = One("Lows will reach 14 degrees F. Schools may close.");
  EXPECT_EQ(f.text, "14 degrees F");
  EXPECT_EQ(f.match.unit, "\u00b0F");
  EXPECT_EQ(One("Bake it at 180\u00b0C.").text, "180\u00b0C");
}

TEST(QuantityTest, QuotationMarksAreNotInchMarks) {
  EXPECT_EQ(One("Fans chose the \" top 50 \" list.").match.kind, v1::FIGURE_KIND_CARDINAL);
  EXPECT_EQ(One("Police said 12 \" armed men \" fled.").match.kind, v1::FIGURE_KIND_CARDINAL);
}

TEST(QuantityTest, CentsSignIsNotCelsius) {
  EXPECT_THAT(Texts("The payout was 11.2C/ per unit."), IsEmpty());
}

TEST(AgeTest, MonthsWeeksAndDays) {
  Found f = One("The puppy is 10 weeks old.");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_AGE);
  EXPECT_EQ(f.text, "10 weeks old");
  EXPECT_NEAR(*f.match.value, 70 / 365.25, 1e-9);
  f = One("An 8-month-old girl was rescued.");
  EXPECT_EQ(f.text, "8-month-old");
  EXPECT_NEAR(*f.match.value, 8 / 12.0, 1e-9);
  f = One("A three-day-old calf was found.");
  EXPECT_NEAR(*f.match.value, 3 / 365.25, 1e-9);
  EXPECT_NEAR(*One("Foals can stand at 2 days of age.").match.value, 2 / 365.25, 1e-9);
}

TEST(AgeTest, LooseHyphensAndAbbreviations) {
  for (std::string_view sentence :
       {"A 61 - year - old driver was hurt.", "A 61-year old driver was hurt.",
        "A 61 year-old driver was hurt.", "The driver is 61 yrs old."}) {
    const Found f = One(sentence);
    EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_AGE) << sentence;
    EXPECT_EQ(f.match.value, 61) << sentence;
  }
  EXPECT_EQ(One("A 61 - year - old driver was hurt.").text, "61 - year - old");
}

TEST(AgeTest, Ranges) {
  Found f = One("The trial takes children between 6 and 11 years old.");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_AGE);
  EXPECT_EQ(f.text, "between 6 and 11 years old");
  EXPECT_EQ(f.match.low, 6);
  EXPECT_EQ(f.match.high, 11);
  f = One("Men aged 40 to 55 were invited.");
  EXPECT_EQ(f.text, "aged 40 to 55");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_AGE);
  // Two ages joined by "and" are two figures, not a range.
  EXPECT_THAT(Texts("The sisters, aged 9 and 12, were found."), ElementsAre("aged 9", "12"));
}

TEST(AgeTest, TheAgeOf) {
  const Found f = One("She died at the age of 93 in Lisbon.");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_AGE);
  EXPECT_EQ(f.text, "age of 93");
  EXPECT_EQ(f.match.value, 93);
}

TEST(MergeTest, AgeWinsOverTheDurationInsideIt) {
  const std::vector<FigureMatch> found =
      ExtractFigures("Most are diagnosed by 4 years of age.", "en", std::nullopt);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind, v1::FIGURE_KIND_AGE);
  EXPECT_EQ(found[0].value, 4);
}

TEST(RangeTest, OppositeBoundsJoin) {
  Found f = One("Bids came in above 12 but below 30 per share.");
  EXPECT_EQ(f.text, "above 12 but below 30");
  EXPECT_EQ(f.match.low, 12);
  EXPECT_EQ(f.match.high, 30);
  f = One("Each crate holds at most 60, at least 45 melons.");
  EXPECT_EQ(f.text, "at most 60, at least 45");
  EXPECT_EQ(f.match.low, 45);
  EXPECT_EQ(f.match.high, 60);
  EXPECT_EQ(f.noun, "melons");
  // Bounds that cannot hold together stay two figures.
  EXPECT_THAT(Texts("over 80 and under 15 were exempt"), ElementsAre("over 80", "under 15"));
  // A trailing "or greater than" belongs to the next number.
  EXPECT_THAT(Texts("either 70 or greater than 65"), ElementsAre("70", "greater than 65"));
  // A comparison sign glued to another sign is no bound.
  f = One("x <>45");
  EXPECT_EQ(f.match.qualifier, v1::QUALIFIER_UNSPECIFIED);
}

TEST(CardinalTest, OneInRatiosAndMoreVulgarFractions) {
  Found f = One("One in eight voters stayed home.");
  EXPECT_DOUBLE_EQ(*f.match.value, 0.125);
  EXPECT_EQ(f.text, "One in eight");
  EXPECT_EQ(f.noun, "voters");
  f = One("One in every ten homes lost power.");
  EXPECT_DOUBLE_EQ(*f.match.value, 0.1);
  f = One("Add \u215d cup of milk.");
  EXPECT_DOUBLE_EQ(*f.match.value, 0.625);
}

TEST(MergeTest, FractionOfAScaleKeepsItsQuarters) {
  const std::vector<FigureMatch> found =
      ExtractFigures("About three quarters of a million tickets sold.", "en", std::nullopt);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind, v1::FIGURE_KIND_CARDINAL);
  EXPECT_DOUBLE_EQ(*found[0].value, 750000);
}

TEST(MergeTest, NumberKeepsTheDurationItsWordsRunInto) {
  const std::vector<FigureMatch> found =
      ExtractFigures("The tank held two hundred and one quarters.", "en", std::nullopt);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind, v1::FIGURE_KIND_CARDINAL);
  EXPECT_DOUBLE_EQ(*found[0].value, 200.25);
}

TEST(QualifierTest, AsManyAsAndSignsAfterMarkup) {
  Found f = One("As many as 40 boats sank.");
  EXPECT_EQ(f.text, "As many as 40");
  EXPECT_EQ(f.match.qualifier, v1::QUALIFIER_UP_TO);
  EXPECT_EQ(f.match.high, 40);
  // A sign glued to the word before it closes markup, it compares nothing.
  f = One("Shares of Acme <ACM> 350 rose.");
  EXPECT_EQ(f.match.qualifier, v1::QUALIFIER_UNSPECIFIED);
  EXPECT_EQ(f.text, "350");
}

TEST(CardinalTest, ApproximatedArticleFractions) {
  Found f = One("Exports fell, with nearly a third going abroad.");
  EXPECT_EQ(f.text, "nearly a third");
  EXPECT_DOUBLE_EQ(*f.match.value, 1.0 / 3);
  EXPECT_THAT(Texts("Borrowing rose at a quarter end."), IsEmpty());
  f = One("They raised rates by a quarter of a percentage point.");
  EXPECT_EQ(f.text, "a quarter of a percentage point");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_PERCENTAGE_POINTS);
  EXPECT_EQ(f.match.value, 0.25);
  f = One("He ran for a third and final time.");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_ORDINAL);
  f = One("She acted as a third party.");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_ORDINAL);
  f = One("Prices rose for a fifth consecutive week.");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_ORDINAL);
  EXPECT_EQ(f.match.value, 5);
}

TEST(RangeTest, SpelledScalesAreShared) {
  Found f = One("Between two and three million people fled.");
  EXPECT_EQ(f.match.low, 2e6);
  EXPECT_EQ(f.match.high, 3e6);
  f = One("It cost between four thousand and five thousand.");
  EXPECT_EQ(f.text, "between four thousand and five thousand");
  EXPECT_EQ(f.match.low, 4000);
  EXPECT_EQ(f.match.high, 5000);
}

TEST(CardinalTest, ExplicitPlusSign) {
  Found f = One("The index closed +0.8% higher.");
  EXPECT_EQ(f.text, "+0.8%");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_PERCENT);
  EXPECT_DOUBLE_EQ(*f.match.value, 0.8);
  f = One("Its margin was +3.25 on the day.");
  EXPECT_EQ(f.text, "+3.25");
  // Before a plain integer a "+" starts a phone number.
  EXPECT_THAT(Texts("Ring +33 1 4020 5050 today."), IsEmpty());
}

TEST(TrapTest, DottedCodesAndHyphenatedNames) {
  EXPECT_THAT(Texts("Fine dust (PM2.5) rose again."), IsEmpty());
  EXPECT_THAT(Texts("She ran two 7-Eleven shops."), ElementsAre("two"));
  // A unit after the hyphen is still a quantity.
  const Found f = One("They set off on a 12-Mile hike.");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_QUANTITY);
  EXPECT_EQ(f.match.value, 12);
}

// IsTrap looks at the word before the number and at the word after
// "<number>-" themselves, not at a word lower-cased earlier ("of" below,
// from the noun search after "40").
TEST(TrapTest, LongNameBeforeAndYearCompoundAfter) {
  // A capitalized word longer than any table word before the number is a
  // name.
  EXPECT_THAT(Texts("Officials counted 40 of the workers at "
                    "Donaudampfschifffahrtsgesellschaft 12 on Monday."),
              ElementsAre("40"));
  // A capitalized "Year-Old" after the hyphen is an age, not a name.
  const Found f = One("The firm hired a 34-Year-Old manager.");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_AGE);
  EXPECT_EQ(f.text, "34-Year-Old");
  EXPECT_EQ(f.match.value, 34);
}

TEST(RangeTest, ChangeThenLevelIsNoRange) {
  EXPECT_THAT(Texts("Acme shares rose 3-1/4 to 61-1/2 on Friday."),
              ElementsAre("3-1/4", "61-1/2"));
  EXPECT_THAT(Texts("The count fell from 15 to 8 overnight."), ElementsAre("15", "8"));
  // Ends of similar size, or "from", stay a range.
  const Found f = One("Output rose 4 to 6 percent.");
  EXPECT_EQ(f.match.low, 4);
  EXPECT_EQ(f.match.high, 6);
}

TEST(QualifierTest, LooseBoundsAfterTheNumber) {
  Found f = One("Thirty-odd farmers blocked the road.");
  EXPECT_EQ(f.text, "Thirty-odd");
  EXPECT_EQ(f.match.value, 30);
  EXPECT_EQ(f.match.qualifier, v1::QUALIFIER_APPROXIMATELY);
  EXPECT_EQ(f.noun, "farmers");
  f = One("It serves 60-plus towns.");
  EXPECT_EQ(f.text, "60-plus");
  EXPECT_EQ(f.match.qualifier, v1::QUALIFIER_AT_LEAST);
  f = One("Voters aged 18+ may apply.");
  EXPECT_EQ(f.text, "aged 18+");
  f = One("Tickets for the 65+ group are free.");
  EXPECT_EQ(f.text, "65+");
  EXPECT_EQ(f.match.qualifier, v1::QUALIFIER_AT_LEAST);
}

TEST(RangeTest, UnitOnBothEnds) {
  Found f = One("Yields were between 4% and 4.5% all week.");
  EXPECT_EQ(f.text, "between 4% and 4.5%");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_PERCENT);
  EXPECT_EQ(f.match.low, 4);
  EXPECT_EQ(f.match.high, 4.5);
  f = One("The track runs 3 km to 5 km uphill.");
  EXPECT_EQ(f.match.unit, "km");
  EXPECT_EQ(f.match.low, 3);
  // Descending ends stay two figures.
  EXPECT_THAT(Texts("Profit fell from 15 euros to 8 euros."),
              ElementsAre("15 euros", "8 euros"));
}

// The kind and text of each figure ExtractFigures finds, for the tests of
// how numbers and dates share a sentence.
std::vector<std::pair<v1::FigureKind, std::string>> KindsAndTexts(std::string_view text) {
  std::vector<std::pair<v1::FigureKind, std::string>> out;
  for (const FigureMatch& m : ExtractFigures(text, "en", std::nullopt)) {
    out.emplace_back(m.kind, std::string(text.substr(m.begin, m.end - m.begin)));
  }
  return out;
}

TEST(MergeTest, CountAfterAScaleStartsANewPhrase) {
  using P = std::pair<v1::FigureKind, std::string>;
  // "and" plus a count of years after "billion" is not part of the amount.
  EXPECT_THAT(KindsAndTexts("The startup raised $4 million and two years later it folded."),
              ElementsAre(P{v1::FIGURE_KIND_MONEY, "$4 million"},
                          P{v1::FIGURE_KIND_DURATION, "two years"}));
  EXPECT_THAT(KindsAndTexts("Donors pledged nine billion and four years on little is left."),
              ElementsAre(P{v1::FIGURE_KIND_CARDINAL, "nine billion"},
                          P{v1::FIGURE_KIND_DURATION, "four years"}));
  EXPECT_THAT(KindsAndTexts("The estate was sold for $8 million 300 years after it was built."),
              ElementsAre(P{v1::FIGURE_KIND_MONEY, "$8 million"},
                          P{v1::FIGURE_KIND_DURATION, "300 years"}));
  // Digits with a magnitude take no number word after it.
  EXPECT_THAT(KindsAndTexts("The club spent $25 million one season and nothing the next."),
              ElementsAre(P{v1::FIGURE_KIND_MONEY, "$25 million"},
                          P{v1::FIGURE_KIND_CARDINAL, "one"},
                          P{v1::FIGURE_KIND_ORDINAL, "next"}));
  const std::vector<FigureMatch> found =
      ExtractFigures("The city paid \u00a312 million one month before the vote.", "en",
                     std::nullopt);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].kind, v1::FIGURE_KIND_MONEY);
  EXPECT_EQ(found[0].value, 12e6);
  EXPECT_EQ(found[1].kind, v1::FIGURE_KIND_DURATION);
  // Digits hyphenated to a word make a compound of their own.
  EXPECT_THAT(KindsAndTexts("The plant bottled 5 million 2-litre packs."),
              ElementsAre(P{v1::FIGURE_KIND_CARDINAL, "5 million"},
                          P{v1::FIGURE_KIND_QUANTITY, "2-litre"}));
  // Digit groups and a fraction still continue a number after its scale,
  // and spelled-out numbers keep their "and".
  EXPECT_EQ(One("The plant made 6 thousand 2 hundred and 15 engines.").match.value, 6215);
  EXPECT_EQ(One("Its debt hit 8 million and a half.").match.value, 8.5e6);
  EXPECT_EQ(One("Organisers counted two thousand and seven marchers.").match.value, 2007);
}

TEST(MergeTest, MixedNumberAgesAndDurations) {
  std::vector<FigureMatch> found =
      ExtractFigures("Her nephew, 5 and a half years old, was unhurt.", "en", std::nullopt);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind, v1::FIGURE_KIND_AGE);
  EXPECT_EQ(found[0].value, 5.5);
  EXPECT_EQ(found[0].begin, 12u);  // "5 and a half years old"
  EXPECT_EQ(found[0].end, 34u);
  found = ExtractFigures("The refit of the ship took 2 and a half years.", "en", std::nullopt);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind, v1::FIGURE_KIND_DURATION);
  EXPECT_EQ(found[0].value, 2.5 * 365 * 86400);
}

TEST(MergeTest, QuartersOfSomethingAreFractions) {
  using P = std::pair<v1::FigureKind, std::string>;
  std::vector<FigureMatch> found =
      ExtractFigures("Three quarters of shareholders approved the merger.", "en", std::nullopt);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind, v1::FIGURE_KIND_CARDINAL);
  EXPECT_EQ(found[0].value, 0.75);
  found = ExtractFigures("One quarter of the nurses walked out.", "en", std::nullopt);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].value, 0.25);
  found = ExtractFigures("A quarter of the members abstained.", "en", std::nullopt);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].value, 0.25);
  // Quarters of a year need a time context.
  EXPECT_THAT(KindsAndTexts("Margins shrank for three quarters."),
              ElementsAre(P{v1::FIGURE_KIND_DURATION, "three quarters"}));
}

TEST(MoneyTest, RupeesInIndianGrouping) {
  Found f = One("The scheme pays Rs 2,40,000 a year to each farmer.");
  EXPECT_EQ(f.text, "Rs 2,40,000");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_MONEY);
  EXPECT_EQ(f.match.currency, "INR");
  EXPECT_EQ(f.match.value, 240000);
  f = One("Police seized 18,50,000 rupees in cash.");
  EXPECT_EQ(f.text, "18,50,000 rupees");
  EXPECT_EQ(f.match.value, 1850000);
  EXPECT_EQ(One("A bond of \u20b91,25,00,000 was posted.").match.value, 12500000);
  // "Rs." with its period split off by the tokenizer.
  f = One("Tickets cost Rs. 1,200 each.");
  EXPECT_EQ(f.text, "Rs. 1,200");
  EXPECT_EQ(f.match.currency, "INR");
  // Not for other amounts or bare counts.
  EXPECT_THAT(Texts("The flat cost 45,00,000 euros."), IsEmpty());
  EXPECT_THAT(Texts("Turnout was 3,00,000 on Sunday."), IsEmpty());
}

TEST(AgeTest, HyphenatedMixedNumbers) {
  Found f = One("A 4-and-a-half-year-old girl was rescued.");
  EXPECT_EQ(f.text, "4-and-a-half-year-old");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_AGE);
  EXPECT_EQ(f.match.value, 4.5);
  f = One("The 9-and-a-half-month-old twins are well.");
  EXPECT_DOUBLE_EQ(*f.match.value, 9.5 / 12);
}

TEST(QuantityTest, HeightWithoutTheInchUnit) {
  Found f = One("At 6 foot 5, the lock dominates lineouts.");
  EXPECT_EQ(f.text, "6 foot 5");
  EXPECT_DOUBLE_EQ(*f.match.value, 6 + 5 / 12.0);
  f = One("The keeper is 6ft 3 and quick.");
  EXPECT_EQ(f.text, "6ft 3");
  // Not before a noun the second number counts.
  EXPECT_THAT(Texts("The ramp is 9 feet 2 metres wide."), ElementsAre("9 feet", "2 metres"));
}

TEST(CardinalTest, GluedMillionBeforeACountedNoun) {
  Found f = One("The fund sold 2.4m shares on Monday.");
  EXPECT_EQ(f.text, "2.4m");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_CARDINAL);
  EXPECT_EQ(f.match.value, 2.4e6);
  EXPECT_EQ(f.noun, "shares");
  EXPECT_EQ(One("The service lost 12m subscribers.").match.value, 12e6);
  // Otherwise a glued "m" is metres.
  f = One("She won the 400m final.");
  EXPECT_EQ(f.match.unit, "m");
  EXPECT_EQ(f.match.value, 400);
  EXPECT_EQ(One("Crews met 8m swells offshore.").match.unit, "m");
}

TEST(PercentTest, GluedPcIsPercent) {
  const Found f = One("House prices climbed 4.2pc last year.");
  EXPECT_EQ(f.text, "4.2pc");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_PERCENT);
  EXPECT_EQ(f.match.value, 4.2);
  // Spaced, "pc" is no percent sign.
  EXPECT_NE(One("The shop sold 40 pc games.").match.kind, v1::FIGURE_KIND_PERCENT);
}

TEST(MoneyTest, GluedMagnitudeOpeningARate) {
  Found f = One("The striker signed a \u00a33m-a-year deal.");
  EXPECT_EQ(f.text, "\u00a33m-a-year");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_MONEY);
  EXPECT_EQ(f.match.value, 3e6);
  EXPECT_EQ(f.match.currency, "GBP");
  EXPECT_EQ(One("Rebels led a 40k-strong force.").match.value, 40000);
  // A glued "m" in another compound stays metres, read by no rule here.
  EXPECT_THAT(Texts("Crews dug a 300m-long trench."), IsEmpty());
}

TEST(MergeTest, AgedWithATimeUnitIsAnAge) {
  std::vector<FigureMatch> found =
      ExtractFigures("A baby, aged 9 months, was pulled from the rubble.", "en", std::nullopt);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind, v1::FIGURE_KIND_AGE);
  EXPECT_DOUBLE_EQ(*found[0].value, 0.75);
  // The verb "has aged" takes a duration.
  found = ExtractFigures("The leader has aged 10 years in office.", "en", std::nullopt);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind, v1::FIGURE_KIND_DURATION);
}

TEST(CardinalTest, ChangeByAnArticleFraction) {
  const Found f = One("Imports shrank by a fifth in March.");
  EXPECT_EQ(f.text, "a fifth");
  EXPECT_EQ(f.match.kind, v1::FIGURE_KIND_CARDINAL);
  EXPECT_DOUBLE_EQ(*f.match.value, 0.2);
  EXPECT_EQ(One("The stake was sold by a third party.").match.kind, v1::FIGURE_KIND_ORDINAL);
}

// The relative ordinals of the text, as (text, position).
std::vector<std::pair<std::string, std::string>> Relative(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const FigureMatch& m : ExtractFigures(text, "en", std::nullopt)) {
    if (m.relative_position.empty()) continue;
    EXPECT_EQ(m.kind, v1::FIGURE_KIND_ORDINAL);
    EXPECT_FALSE(m.value.has_value());
    out.emplace_back(std::string(text.substr(m.begin, m.end - m.begin)),
                     std::string(m.relative_position));
  }
  return out;
}

using Position = std::pair<std::string, std::string>;

TEST(RelativeOrdinalTest, PositionsFromTheEndAndFromTheCurrentItem) {
  EXPECT_THAT(Relative("The striker scored in the last minute of the final."),
              ElementsAre(Position{"last", "end+0"}));
  EXPECT_THAT(Relative("Her next album comes out after the previous one sold poorly."),
              ElementsAre(Position{"next", "current+1"}, Position{"previous one", "current-1"}));
  EXPECT_THAT(Relative("He kept the current one."), ElementsAre(Position{"current one", "current+0"}));
  EXPECT_THAT(Relative("They finished next to last in the league."),
              ElementsAre(Position{"next to last", "end-1"}));
  EXPECT_THAT(Relative("It was the penultimate stage of the race."),
              ElementsAre(Position{"penultimate", "end-1"}));
  EXPECT_THAT(Relative("Pick the last but two and then the second to last."),
              ElementsAre(Position{"the last but two", "end-2"}, Position{"second to last", "end-1"}));
  EXPECT_THAT(Relative("She chose the one before the last one."),
              ElementsAre(Position{"the one before the last one", "end-1"}));
  EXPECT_THAT(Relative("He came third from last."), ElementsAre(Position{"third from last", "end-2"}));
}

TEST(RelativeOrdinalTest, VerbsAdverbsPrepositionsAndNamesAreNot) {
  EXPECT_THAT(Relative("The strike could last for weeks and is expected to last."), IsEmpty());
  EXPECT_THAT(Relative("At last the talks ended; the bank last adjusted rates in May."), IsEmpty());
  EXPECT_THAT(Relative("She last spoke to him when they last met."), IsEmpty());
  EXPECT_THAT(Relative("The depot is next to the station and next door to a school."), IsEmpty());
  EXPECT_THAT(Relative("He starred in The Last Emperor for Next Wave Films."), IsEmpty());
  EXPECT_THAT(Relative("The current account deficit widened."), IsEmpty());
  // Dates win over the ordinal inside them.
  EXPECT_THAT(Relative("Sales fell last week and will rise next year."), IsEmpty());
}

TEST(PercentTest, APercentageNamedWithoutANumber) {
  std::vector<Found> found = Numeric("Women made up a higher percentage of the staff.");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].text, "percentage");
  EXPECT_EQ(found[0].match.kind, v1::FIGURE_KIND_PERCENT);
  EXPECT_FALSE(found[0].match.value.has_value());
  found = Numeric("The chart gives the % of homes with heating.");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].text, "%");
  EXPECT_FALSE(found[0].match.value.has_value());
  // With a number it is an ordinary percentage or a percentage point.
  EXPECT_EQ(*One("Turnout rose 12 %.").match.value, 12);
  EXPECT_EQ(One("Rates rose 1.5 percentage points.").match.kind, v1::FIGURE_KIND_PERCENTAGE_POINTS);
}

TEST(CardinalTest, DigitWordsReadOneByOne) {
  std::vector<Found> found = Numeric("The call sign was five-nought-two-seven.");
  ASSERT_EQ(found.size(), 4u);
  EXPECT_EQ(found[0].text, "five");
  EXPECT_EQ(found[1].text, "nought");
  EXPECT_EQ(*found[1].match.value, 0);
  EXPECT_EQ(found[3].text, "seven");
  EXPECT_EQ(*found[3].match.value, 7);
  // Two words are a compound number.
  EXPECT_EQ(*One("There were twenty-one of them.").match.value, 21);
}

TEST(CardinalTest, SignedNumberAloneOnItsLine) {
  std::vector<Found> found = Numeric("Change:\n- 2 1/4\n- 12 protesters were held");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].text, "- 2 1/4");
  EXPECT_DOUBLE_EQ(*found[0].match.value, -2.25);
  // A bullet goes on after its number: no sign.
  EXPECT_EQ(found[1].text, "12");
  EXPECT_EQ(*found[1].match.value, 12);
}

TEST(MoneyTest, MinorUnitsBeforeMore) {
  const Found f = One("It would have cost 20 USD 75 more.");
  EXPECT_EQ(f.text, "20 USD 75");
  EXPECT_DOUBLE_EQ(*f.match.value, 20.75);
}

}  // namespace
}  // namespace wirelens::stages::figures
