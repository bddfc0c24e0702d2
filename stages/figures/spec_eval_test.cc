#include "stages/figures/spec_eval.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wirelens::stages::figures {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

SpecCase ParseOne(std::string_view json) {
  absl::StatusOr<std::vector<SpecCase>> cases = ParseSpecCases(json);
  EXPECT_TRUE(cases.ok()) << cases.status();
  EXPECT_THAT(*cases, SizeIs(1));
  return cases->front();
}

FigureMatch Figure(v1::FigureKind kind, uint32_t begin, uint32_t end, std::optional<double> value) {
  FigureMatch m;
  m.kind = kind;
  m.begin = begin;
  m.end = end;
  m.value = value;
  return m;
}

TEST(SpecEvalTest, ParsesCasesWithInclusiveEndsAndPlatforms) {
  const SpecCase c = ParseOne(R"([{"Input": "fined € 2 million", "NotSupported": "java, JavaScript",
      "NotSupportedByDesign": "python",
      "Results": [{"Text": "€ 2 million", "Typename": "currency",
        "Resolution": {"value": "2000000", "unit": "Euro", "isoCurrency": "EUR"},
        "Start": 6, "End": 16}]}])");
  EXPECT_EQ(c.input, "fined € 2 million");
  ASSERT_THAT(c.results, SizeIs(1));
  EXPECT_EQ(c.results[0].type_name, "currency");  // "Typename" spelling accepted
  EXPECT_EQ(c.results[0].begin, 6u);
  EXPECT_EQ(c.results[0].end, 17u);  // End inclusive -> exclusive
  EXPECT_EQ(c.results[0].value, "2000000");
  EXPECT_EQ(c.results[0].iso_currency, "EUR");
  EXPECT_THAT(c.not_supported, ElementsAre("java", "javascript", "python"));
  EXPECT_TRUE(c.UnsupportedByJsAndPython());
  EXPECT_FALSE(c.reference.has_value());
}

TEST(SpecEvalTest, RejectsOffsetsOutsideTheInput) {
  EXPECT_FALSE(ParseSpecCases(R"([{"Input": "ab", "Results": [{"Text": "x", "TypeName": "number",
      "Start": 1, "End": 2}]}])")
                   .ok());
  EXPECT_FALSE(ParseSpecCases(R"({"Input": "ab"})").ok());
}

TEST(SpecEvalTest, ParsesReferenceAndDateValues) {
  const SpecCase c = ParseOne(R"([{"Input": "I'll go back on Friday",
      "Context": {"ReferenceDateTime": "2017-09-28T14:11:10.9626841"},
      "Results": [{"Text": "friday", "Start": 16, "End": 21, "TypeName": "datetimeV2.date",
        "Resolution": {"values": [{"timex": "XXXX-WXX-5", "type": "date", "value": "2017-09-22"},
                                  {"timex": "XXXX-WXX-5", "type": "date", "value": "2017-09-29"}]}}]}])");
  ASSERT_TRUE(c.reference.has_value());
  EXPECT_EQ(absl::FormatTime("%Y-%m-%d %H:%M:%S", *c.reference, absl::UTCTimeZone()),
            "2017-09-28 14:11:10");
  ASSERT_THAT(c.results[0].date_values, SizeIs(2));
  EXPECT_EQ(c.results[0].date_values[1].value, "2017-09-29");
  EXPECT_FALSE(c.results[0].value.has_value());
}

TEST(SpecEvalTest, ConvertsByteOffsetsToCodePoints) {
  const SpecCase c = ParseOne(R"([{"Input": "fined € 2 million", "Results": [{"Text": "€ 2 million",
      "TypeName": "currency", "Resolution": {"value": "2000000", "unit": "Euro",
      "isoCurrency": "EUR"}, "Start": 6, "End": 16}]}])");
  FigureMatch m = Figure(v1::FIGURE_KIND_MONEY, 6, 19, 2e6);  // "€" is 3 bytes
  m.currency = "EUR";
  const SpecCaseOutcome o = ScoreCase(SpecFamily::kCurrency, c, {m});
  EXPECT_EQ(o.counts.span_tp, 1);
  EXPECT_EQ(o.counts.value_tp, 1);
  EXPECT_TRUE(o.perfect());
}

TEST(SpecEvalTest, FiltersByFamilyAndCountsFalsePositives) {
  const SpecCase c = ParseOne(R"([{"Input": "29km and 12", "Results": [{"Text": "12",
      "TypeName": "number", "Resolution": {"value": "12"}, "Start": 9, "End": 10}]}])");
  FigureMatch km = Figure(v1::FIGURE_KIND_QUANTITY, 0, 4, 29);
  km.unit = "km";
  const std::vector<FigureMatch> got = {km, Figure(v1::FIGURE_KIND_CARDINAL, 9, 11, 12),
                                        Figure(v1::FIGURE_KIND_CARDINAL, 0, 2, 29)};
  const SpecCaseOutcome o = ScoreCase(SpecFamily::kNumber, c, got);
  EXPECT_EQ(o.counts.predicted, 2);  // the quantity is not a Number prediction
  EXPECT_EQ(o.counts.value_tp, 1);
  EXPECT_THAT(o.expected_missed, IsEmpty());
  EXPECT_THAT(o.got_unmatched, SizeIs(1));
}

TEST(SpecEvalTest, ValueMismatchIsStillASpanMatch) {
  const SpecCase c = ParseOne(R"([{"Input": "one hundred and three and two thirds", "Results": [
      {"Text": "x", "TypeName": "number", "Resolution": {"value": "103.666666666667"},
       "Start": 0, "End": 35}]}])");
  EXPECT_EQ(ScoreCase(SpecFamily::kNumber, c, {Figure(v1::FIGURE_KIND_CARDINAL, 0, 36, 311 / 3.0)})
                .counts.value_tp,
            1);
  const SpecCaseOutcome wrong =
      ScoreCase(SpecFamily::kNumber, c, {Figure(v1::FIGURE_KIND_CARDINAL, 0, 36, 103)});
  EXPECT_EQ(wrong.counts.span_tp, 1);
  EXPECT_EQ(wrong.counts.value_tp, 0);
}

TEST(SpecEvalTest, QualifierIsNotPartOfAMoneySpan) {
  const SpecCase c =
      ParseOne(R"([{"Input": "from about $ 90 million", "Results": [{"Text": "$ 90 million",
      "TypeName": "currency", "Resolution": {"value": "90000000", "unit": "Dollar"},
      "Start": 11, "End": 22}]}])");
  FigureMatch m = Figure(v1::FIGURE_KIND_MONEY, 5, 23, 9e7);
  m.currency = "USD";  // a bare "$" is Recognizers' generic "Dollar"
  m.qualifier = v1::QUALIFIER_APPROXIMATELY;
  EXPECT_EQ(ScoreCase(SpecFamily::kCurrency, c, {m}).counts.value_tp, 1);
  m.currency = "EUR";
  EXPECT_EQ(ScoreCase(SpecFamily::kCurrency, c, {m}).counts.value_tp, 0);
}

TEST(SpecEvalTest, ApproximationIsNotPartOfARangeSpan) {
  // Written for this test: a range after "roughly", and a bound whose
  // comparison is part of the range.
  const SpecCase c = ParseOne(R"json([{"Input": "roughly 30-40 or above 9", "Results": [
      {"Text": "30-40", "TypeName": "numberrange", "Resolution": {"value": "[30,40)"},
       "Start": 8, "End": 12},
      {"Text": "above 9", "TypeName": "numberrange", "Resolution": {"value": "(9,)"},
       "Start": 17, "End": 23}]}])json");
  FigureMatch range = Figure(v1::FIGURE_KIND_CARDINAL, 0, 13, std::nullopt);
  range.low = 30;
  range.high = 40;
  range.qualifier = v1::QUALIFIER_APPROXIMATELY;
  FigureMatch above = Figure(v1::FIGURE_KIND_CARDINAL, 17, 24, 9);
  above.qualifier = v1::QUALIFIER_MORE_THAN;
  EXPECT_EQ(ScoreCase(SpecFamily::kNumberRange, c, {range, above}).counts.value_tp, 2);
  // Without its comparison the bound's span does not match.
  FigureMatch bare = Figure(v1::FIGURE_KIND_CARDINAL, 23, 24, 9);
  bare.qualifier = v1::QUALIFIER_MORE_THAN;
  EXPECT_EQ(ScoreCase(SpecFamily::kNumberRange, c, {range, bare}).counts.value_tp, 1);
}

TEST(SpecEvalTest, CentsAreHundredths) {
  SpecResult want;
  want.value = "50";
  want.unit = "Cent";
  FigureMatch got = Figure(v1::FIGURE_KIND_MONEY, 0, 0, 0.5);
  got.currency = "USD";
  EXPECT_TRUE(ValueMatches(SpecFamily::kCurrency, want, got));
}

TEST(SpecEvalTest, UnitsMapAcrossVocabulariesAndConvert) {
  SpecResult want;
  want.value = "325";
  want.unit = "Kilometer";
  FigureMatch got = Figure(v1::FIGURE_KIND_QUANTITY, 0, 0, 325);
  got.unit = "km";
  EXPECT_TRUE(ValueMatches(SpecFamily::kDimension, want, got));
  got.unit = "m";
  got.value = 325000;
  EXPECT_TRUE(ValueMatches(SpecFamily::kDimension, want, got));
  got.unit = "kg";
  EXPECT_FALSE(ValueMatches(SpecFamily::kDimension, want, got));

  SpecResult temp;
  temp.value = "98.6";
  temp.unit = "F";
  FigureMatch t = Figure(v1::FIGURE_KIND_QUANTITY, 0, 0, 98.6);
  t.unit = "°F";
  EXPECT_TRUE(ValueMatches(SpecFamily::kTemperature, temp, t));
  t.unit = "°C";
  EXPECT_FALSE(ValueMatches(SpecFamily::kTemperature, temp, t));
  temp.value.reset();  // "fahrenheit" alone
  t.unit = "°F";
  t.value.reset();
  EXPECT_TRUE(ValueMatches(SpecFamily::kTemperature, temp, t));
}

TEST(SpecEvalTest, AgesCompareInYears) {
  SpecResult want;
  want.value = "8";
  want.unit = "Month";
  EXPECT_TRUE(ValueMatches(SpecFamily::kAge, want, Figure(v1::FIGURE_KIND_AGE, 0, 0, 8 / 12.0)));
  FigureMatch months = Figure(v1::FIGURE_KIND_AGE, 0, 0, 8);
  months.unit = "months";
  EXPECT_TRUE(ValueMatches(SpecFamily::kAge, want, months));
  EXPECT_FALSE(ValueMatches(SpecFamily::kAge, want, Figure(v1::FIGURE_KIND_AGE, 0, 0, 8)));
}

TEST(SpecEvalTest, PercentAndOrdinalValues) {
  SpecResult pct;
  pct.value = "-5%";
  EXPECT_TRUE(ValueMatches(SpecFamily::kPercent, pct, Figure(v1::FIGURE_KIND_PERCENT, 0, 0, -5)));
  SpecResult ord;
  ord.value = "end-1";
  EXPECT_FALSE(ValueMatches(SpecFamily::kOrdinal, ord, Figure(v1::FIGURE_KIND_ORDINAL, 0, 0, 1)));
  ord.value = "30";
  EXPECT_TRUE(ValueMatches(SpecFamily::kOrdinal, ord, Figure(v1::FIGURE_KIND_ORDINAL, 0, 0, 30)));
}

TEST(SpecEvalTest, IntervalsFromBoundsOrQualifiers) {
  SpecResult want;
  want.value = "(30,)";
  FigureMatch more = Figure(v1::FIGURE_KIND_CARDINAL, 0, 0, 30);
  more.qualifier = v1::QUALIFIER_MORE_THAN;
  EXPECT_TRUE(InSpecFamily(SpecFamily::kNumberRange, more));
  EXPECT_TRUE(ValueMatches(SpecFamily::kNumberRange, want, more));
  more.qualifier = v1::QUALIFIER_AT_LEAST;  // "[30," not "(30,"
  EXPECT_FALSE(ValueMatches(SpecFamily::kNumberRange, want, more));

  want.value = "[20,30)";
  FigureMatch between = Figure(v1::FIGURE_KIND_CARDINAL, 0, 0, std::nullopt);
  between.low = 20;
  between.high = 30;
  EXPECT_TRUE(ValueMatches(SpecFamily::kNumberRange, want, between));
  between.high = 31;
  EXPECT_FALSE(ValueMatches(SpecFamily::kNumberRange, want, between));
  EXPECT_FALSE(InSpecFamily(SpecFamily::kNumber, between));
}

FigureMatch DateFigure(v1::FigureKind kind, std::string value, std::string begin, std::string end) {
  FigureMatch m = Figure(kind, 0, 0, std::nullopt);
  m.date.emplace();
  m.date->set_resolved(true);
  m.date->set_value(std::move(value));
  m.date->set_begin(std::move(begin));
  m.date->set_end(std::move(end));
  return m;
}

SpecResult DateResult(std::string type, SpecDateValue v) {
  SpecResult r;
  r.type_name = "datetimeV2." + type;
  v.type = std::move(type);
  r.date_values.push_back(std::move(v));
  return r;
}

TEST(SpecEvalTest, DatePointsAcceptAnyAlternative) {
  SpecResult want = DateResult("date", {.value = "2016-11-04"});
  want.date_values.push_back(want.date_values[0]);
  want.date_values[1].value = "2016-11-11";
  EXPECT_TRUE(
      ValueMatches(SpecFamily::kDateTime, want,
                   DateFigure(v1::FIGURE_KIND_DATE, "2016-11-11", "2016-11-11", "2016-11-11")));
  EXPECT_FALSE(ValueMatches(SpecFamily::kDateTime, want,
                            DateFigure(v1::FIGURE_KIND_DATE, "2016-11-10", "", "")));
  FigureMatch unresolved = DateFigure(v1::FIGURE_KIND_DATE, "2016-11-11", "", "");
  unresolved.date->set_resolved(false);
  EXPECT_FALSE(ValueMatches(SpecFamily::kDateTime, want, unresolved));
}

TEST(SpecEvalTest, TimesAndDateTimesIgnoreZoneAndMissingSeconds) {
  const SpecResult time = DateResult("time", {.value = "19:56:30"});
  EXPECT_TRUE(ValueMatches(SpecFamily::kDateTime, time,
                           DateFigure(v1::FIGURE_KIND_TIME, "2016-11-07T19:56:30Z", "", "")));
  const SpecResult datetime = DateResult("datetime", {.value = "2016-11-07 08:00:00"});
  EXPECT_TRUE(ValueMatches(SpecFamily::kDateTime, datetime,
                           DateFigure(v1::FIGURE_KIND_TIME, "2016-11-07T08:00", "", "")));
  EXPECT_FALSE(ValueMatches(SpecFamily::kDateTime, datetime,
                            DateFigure(v1::FIGURE_KIND_TIME, "2016-11-08T08:00:00Z", "", "")));
}

TEST(SpecEvalTest, RangeEndsAreExclusiveInTheSpec) {
  const SpecResult week = DateResult("daterange", {.start = "2016-11-08", .end = "2016-11-11"});
  EXPECT_TRUE(ValueMatches(
      SpecFamily::kDateTime, week,
      DateFigure(v1::FIGURE_KIND_DATE, "2016-11-08/2016-11-10", "2016-11-08", "2016-11-10")));
  EXPECT_TRUE(ValueMatches(SpecFamily::kDateTime, week,
                           DateFigure(v1::FIGURE_KIND_DATE, "2016-11-08/2016-11-10", "", "")));
  EXPECT_FALSE(ValueMatches(SpecFamily::kDateTime, week,
                            DateFigure(v1::FIGURE_KIND_DATE, "", "2016-11-08", "2016-11-12")));
  const SpecResult morning = DateResult("timerange", {.start = "08:00:00", .end = "12:00:00"});
  EXPECT_TRUE(ValueMatches(
      SpecFamily::kDateTime, morning,
      DateFigure(v1::FIGURE_KIND_TIME, "", "2016-11-07T08:00:00Z", "2016-11-07T11:59:59Z")));
  const SpecResult since = DateResult("daterange", {.start = "2016-11-08", .mod = "since"});
  EXPECT_TRUE(ValueMatches(SpecFamily::kDateTime, since,
                           DateFigure(v1::FIGURE_KIND_DATE, "", "2016-11-08", "")));
}

TEST(SpecEvalTest, DurationsAndKinds) {
  const SpecResult hours = DateResult("duration", {.value = "10800"});
  EXPECT_TRUE(
      ValueMatches(SpecFamily::kDateTime, hours, Figure(v1::FIGURE_KIND_DURATION, 0, 0, 10800)));
  SpecPrediction p{0, 2, nullptr, 0};
  const FigureMatch date = DateFigure(v1::FIGURE_KIND_DATE, "2016-11-07", "", "");
  p.match = &date;
  SpecResult span = hours;
  span.end = 2;
  EXPECT_FALSE(SpanMatches(SpecFamily::kDateTime, span, p));
  span.type_name = "datetimeV2.date";
  EXPECT_TRUE(SpanMatches(SpecFamily::kDateTime, span, p));
}

TEST(SpecEvalTest, TallySeparatesJsAndPythonUnsupportedCases) {
  SpecCase supported, unsupported;
  unsupported.not_supported = {"javascript", "python"};
  SpecCaseOutcome o;
  o.counts = {.gold = 1, .predicted = 1, .span_tp = 1, .value_tp = 1};
  SpecTally tally;
  tally.Add(supported, o);
  o.counts.value_tp = 0;
  tally.Add(unsupported, o);
  EXPECT_EQ(tally.cases(), 2);
  EXPECT_EQ(tally.js_python_unsupported_cases(), 1);
  EXPECT_DOUBLE_EQ(tally.supported().ValueF1(), 1.0);
  EXPECT_DOUBLE_EQ(tally.all().ValueF1(), 0.5);
}

TEST(SpecEvalTest, RecallByType) {
  const SpecCase c = ParseOne(R"([{"Input": "5 and 6th", "Results": [
      {"Text": "5", "TypeName": "number", "Resolution": {"value": "5"}, "Start": 0, "End": 0},
      {"Text": "6th", "TypeName": "ordinal", "Resolution": {"value": "6"}, "Start": 6, "End": 8}]}])");
  const SpecCaseOutcome o =
      ScoreCase(SpecFamily::kNumber, c, {Figure(v1::FIGURE_KIND_CARDINAL, 0, 1, 5)});
  EXPECT_THAT(o.value_matched, ElementsAre(true, false));
  SpecTally tally;
  tally.Add(c, o);
  EXPECT_EQ(tally.recall_by_type().at("number"), std::make_pair(int64_t{1}, int64_t{1}));
  EXPECT_EQ(tally.recall_by_type().at("ordinal"), std::make_pair(int64_t{0}, int64_t{1}));
}

}  // namespace
}  // namespace wirelens::stages::figures
