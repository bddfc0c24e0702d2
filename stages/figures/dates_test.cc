#include "stages/figures/dates.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wirelens::stages::figures {
namespace {

// Tuesday, 24 November 2026, 09:30 UTC.
absl::Time Reference() {
  return absl::FromCivil(absl::CivilSecond(2026, 11, 24, 9, 30, 0), absl::UTCTimeZone());
}

struct Found {
  std::string text;
  FigureMatch match;
};

std::vector<Found> Extract(std::string_view text, std::optional<absl::Time> reference,
                           v1::TextField field = v1::TEXT_FIELD_BODY) {
  pipeline::FieldAnalysis analysis;
  pipeline::AnalyzeField(field, text, &analysis);
  std::vector<FigureMatch> matches;
  ExtractDates(analysis, reference, &matches);
  std::vector<Found> out;
  for (FigureMatch& m : matches) {
    out.push_back(Found{std::string(text.substr(m.begin, m.end - m.begin)), std::move(m)});
  }
  return out;
}

// The single match of `text` against the reference time.
FigureMatch One(std::string_view text, std::string_view expected_span,
                std::optional<absl::Time> reference = Reference()) {
  std::vector<Found> found = Extract(text, reference);
  EXPECT_EQ(found.size(), 1u) << text << (found.size() > 1 ? " / " + found[0].text + " / " + found[1].text : "");
  if (found.empty()) return FigureMatch{};
  EXPECT_EQ(found[0].text, expected_span) << text;
  return found[0].match;
}

void ExpectDate(std::string_view text, std::string_view span, std::string_view value,
                std::string_view begin, std::string_view end, v1::Grain grain) {
  FigureMatch m = One(text, span);
  ASSERT_TRUE(m.date.has_value()) << text;
  EXPECT_TRUE(m.date->resolved()) << text;
  EXPECT_EQ(m.date->value(), value) << text;
  EXPECT_EQ(m.date->begin(), begin) << text;
  EXPECT_EQ(m.date->end(), end) << text;
  EXPECT_EQ(m.date->grain(), grain) << text;
}

TEST(DatesTest, AbsoluteDays) {
  ExpectDate("The summit opens on 3 December 2026 in Nairobi.", "3 December 2026", "2026-12-03",
             "2026-12-03", "2026-12-03", v1::GRAIN_DAY);
  ExpectDate("It was signed on February 9, 2024, in Oslo.", "February 9, 2024", "2024-02-09",
             "2024-02-09", "2024-02-09", v1::GRAIN_DAY);
  ExpectDate("Polls close Dec. 7 across the state.", "Dec. 7", "2026-12-07", "2026-12-07",
             "2026-12-07", v1::GRAIN_DAY);
  ExpectDate("The filing is dated 2025-06-30 and unsigned.", "2025-06-30", "2025-06-30",
             "2025-06-30", "2025-06-30", v1::GRAIN_DAY);
  ExpectDate("The ruling of the 5th of May was appealed.", "the 5th of May", "2026-05-05",
             "2026-05-05", "2026-05-05", v1::GRAIN_DAY);
}

TEST(DatesTest, SlashDatesFollowTheDocumentedOrder) {
  ExpectDate("Records from 17/08/2025 show a rise.", "17/08/2025", "2025-08-17", "2025-08-17",
             "2025-08-17", v1::GRAIN_DAY);
  ExpectDate("Records from 08/17/2025 show a rise.", "08/17/2025", "2025-08-17", "2025-08-17",
             "2025-08-17", v1::GRAIN_DAY);
  // Both readings valid: en-US month-first.
  ExpectDate("Records from 4/6/2025 show a rise.", "4/6/2025", "2025-04-06", "2025-04-06",
             "2025-04-06", v1::GRAIN_DAY);
  EXPECT_TRUE(Extract("The desk is staffed 24/7 by two editors.", Reference()).empty());
}

TEST(DatesTest, YearsMonthsDecadesQuarters) {
  ExpectDate("Output fell in 2025 after the strike.", "2025", "2025", "2025-01-01", "2025-12-31",
             v1::GRAIN_YEAR);
  ExpectDate("Sales slumped in March as rates rose.", "March", "2026-03", "2026-03-01",
             "2026-03-31", v1::GRAIN_MONTH);
  ExpectDate("The plant closed in July 2023 for good.", "July 2023", "2023-07", "2023-07-01",
             "2023-07-31", v1::GRAIN_MONTH);
  ExpectDate("Prices soared through the 1970s and beyond.", "the 1970s", "1970-01-01/1979-12-31",
             "1970-01-01", "1979-12-31", v1::GRAIN_DECADE);
  ExpectDate("Profit rose in Q2 2025 on strong demand.", "Q2 2025", "2025-04-01/2025-06-30",
             "2025-04-01", "2025-06-30", v1::GRAIN_QUARTER);
  ExpectDate("Margins narrowed in the fourth quarter, it said.", "the fourth quarter",
             "2026-10-01/2026-12-31", "2026-10-01", "2026-12-31", v1::GRAIN_QUARTER);
  ExpectDate("Third-quarter profit beat forecasts.", "Third-quarter", "2026-07-01/2026-09-30",
             "2026-07-01", "2026-09-30", v1::GRAIN_QUARTER);
  ExpectDate("Work should finish by mid-2027, the ministry said.", "mid-2027",
             "2027-05-01/2027-08-31", "2027-05-01", "2027-08-31", v1::GRAIN_YEAR);
  ExpectDate("Growth stalled in the early 1990s, data show.", "early 1990s",
             "1990-01-01/1993-12-31", "1990-01-01", "1993-12-31", v1::GRAIN_DECADE);
  ExpectDate("By the mid-2000s the plant had closed.", "mid-2000s", "2004-01-01/2006-12-31",
             "2004-01-01", "2006-12-31", v1::GRAIN_DECADE);
  ExpectDate("Talks resume in early April, officials said.", "early April",
             "2026-04-01/2026-04-15", "2026-04-01", "2026-04-15", v1::GRAIN_MONTH);
  ExpectDate("The budget for fiscal 2027 was approved.", "fiscal 2027", "2027", "2027-01-01",
             "2027-12-31", v1::GRAIN_YEAR);
}

TEST(DatesTest, RelativeDays) {
  ExpectDate("Shares dropped yesterday in Tokyo.", "yesterday", "2026-11-23", "2026-11-23",
             "2026-11-23", v1::GRAIN_DAY);
  ExpectDate("The vote is tomorrow, aides said.", "tomorrow", "2026-11-25", "2026-11-25",
             "2026-11-25", v1::GRAIN_DAY);
  ExpectDate("Markets are closed today for the holiday.", "today", "2026-11-24", "2026-11-24",
             "2026-11-24", v1::GRAIN_DAY);
  ExpectDate("The ferry sank four days ago near the coast.", "four days ago", "2026-11-20",
             "2026-11-20", "2026-11-20", v1::GRAIN_DAY);
  ExpectDate("The rover landed 5 weeks ago on the plateau.", "5 weeks ago", "2026-10-20",
             "2026-10-20", "2026-10-20", v1::GRAIN_DAY);
  ExpectDate("A verdict is expected in three weeks, lawyers said.", "in three weeks",
             "2026-12-15", "2026-12-15", "2026-12-15", v1::GRAIN_DAY);
}

TEST(DatesTest, Weekdays) {
  // Bare weekday: the latest one on or before the reference day.
  FigureMatch m = One("Rebels shelled the town on Saturday, witnesses said.", "Saturday");
  EXPECT_EQ(m.date->value(), "2026-11-21");
  EXPECT_EQ(m.date->relative(), "weekday:saturday;direction:past");
  EXPECT_EQ(One("The board meets Tuesday to decide.", "Tuesday").date->value(), "2026-11-24");
  EXPECT_EQ(One("He resigned last Thursday after a row.", "last Thursday").date->value(),
            "2026-11-19");
  EXPECT_EQ(One("The court rules next Wednesday on the appeal.", "next Wednesday").date->value(),
            "2026-12-02");
  EXPECT_EQ(One("Leaders gather this Friday in Rome.", "this Friday").date->value(), "2026-11-27");
  // "Sun" the newspaper is no weekday.
  EXPECT_TRUE(Extract("The Sun reported the deal.", Reference()).empty());
}

TEST(DatesTest, Periods) {
  ExpectDate("Exports fell last week, data showed.", "last week", "2026-11-16/2026-11-22",
             "2026-11-16", "2026-11-22", v1::GRAIN_WEEK);
  // "later"/"earlier" are the late/early parts (Recognizers-Text).
  ExpectDate("The envoy arrives later this week, aides said.", "later this week",
             "2026-11-26/2026-11-29", "2026-11-26", "2026-11-29", v1::GRAIN_WEEK);
  ExpectDate("The bank cut rates earlier this month to spur lending.", "earlier this month",
             "2026-11-01/2026-11-15", "2026-11-01", "2026-11-15", v1::GRAIN_MONTH);
  ExpectDate("The plant reopened this August after repairs.", "this August", "2026-08",
             "2026-08-01", "2026-08-31", v1::GRAIN_MONTH);
  ExpectDate("Inflation eased last month, the agency said.", "last month", "2026-10",
             "2026-10-01", "2026-10-31", v1::GRAIN_MONTH);
  ExpectDate("Elections are due next year under the accord.", "next year", "2027", "2027-01-01",
             "2027-12-31", v1::GRAIN_YEAR);
  ExpectDate("Shops reopen this weekend after the floods.", "this weekend",
             "2026-11-28/2026-11-29", "2026-11-28", "2026-11-29", v1::GRAIN_WEEK);
  ExpectDate("Three people died in storms over the weekend, police said.", "the weekend",
             "2026-11-21/2026-11-22", "2026-11-21", "2026-11-22", v1::GRAIN_WEEK);
  ExpectDate("The law takes effect this winter, officials said.", "this winter",
             "2026-12-01/2027-02-28", "2026-12-01", "2027-02-28", v1::GRAIN_SEASON);
  ExpectDate("The trial began this autumn in Lyon.", "this autumn", "2026-09-01/2026-11-30",
             "2026-09-01", "2026-11-30", v1::GRAIN_SEASON);
  ExpectDate("Voters go to the polls this fall, the board said.", "this fall",
             "2026-09-01/2026-11-30", "2026-09-01", "2026-11-30", v1::GRAIN_SEASON);
  ExpectDate("Revenue grew this fiscal year, the firm said.", "this fiscal year", "2026",
             "2026-01-01", "2026-12-31", v1::GRAIN_YEAR);
  ExpectDate("Aid will arrive within the next 10 days, the UN said.", "within the next 10 days",
             "2026-11-25/2026-12-04", "2026-11-25", "2026-12-04", v1::GRAIN_DAY);
}

TEST(DatesTest, TimesOfDay) {
  FigureMatch m = One("Polls closed at 8 p.m. in the capital.", "8 p.m.");
  EXPECT_EQ(m.kind, v1::FIGURE_KIND_TIME);
  EXPECT_EQ(m.date->value(), "2026-11-24T20:00:00Z");
  EXPECT_EQ(m.date->grain(), v1::GRAIN_HOUR);
  // Eastern Standard Time in November: UTC-5.
  m = One("The market opened at 9:45 a.m. ET with gains.", "9:45 a.m. ET");
  EXPECT_EQ(m.date->value(), "2026-11-24T14:45:00Z");
  EXPECT_EQ(m.date->grain(), v1::GRAIN_MINUTE);
  EXPECT_EQ(m.date->relative(), "time:09:45;zone:et");
  EXPECT_EQ(One("Flights resumed at 16:20 GMT on the island.", "16:20 GMT").date->value(),
            "2026-11-24T16:20:00Z");
  EXPECT_EQ(One("The curfew starts at midnight in the city.", "midnight").date->value(),
            "2026-11-24T00:00:00Z");
  // A stray clock time with a zone in a garbled headline is still a time.
  std::vector<Found> found =
      Extract("BREAKING 17:05 GMT quake hits coast", Reference(), v1::TEXT_FIELD_HEADLINE);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].text, "17:05 GMT");
  EXPECT_EQ(found[0].match.date->value(), "2026-11-24T17:05:00Z");
}

TEST(DatesTest, DateWithTime) {
  FigureMatch m = One("The summit resumes Thursday at 2 p.m. in Geneva.", "Thursday at 2 p.m.");
  EXPECT_EQ(m.kind, v1::FIGURE_KIND_TIME);
  EXPECT_EQ(m.date->value(), "2026-11-19T14:00:00Z");
  EXPECT_EQ(m.date->relative(), "weekday:thursday;direction:past;time:14:00");
  m = One("It lifted off on 2 June 2025 at 06:10 UTC from the pad.", "2 June 2025 at 06:10 UTC");
  EXPECT_EQ(m.date->value(), "2025-06-02T06:10:00Z");
  EXPECT_EQ(m.date->relative(), "");
  // US daylight time in June: ET is UTC-4.
  EXPECT_EQ(One("Trading halted June 3, 2025 at 10 a.m. ET on the exchange.", "June 3, 2025 at 10 a.m. ET")
                .date->value(),
            "2025-06-03T14:00:00Z");
}

TEST(DatesTest, InformalCase) {
  EXPECT_EQ(One("Is friday still on for the launch?", "friday").date->value(), "2026-11-20");
  ExpectDate("Traffic peaked in Sep 2024, data show.", "Sep 2024", "2024-09", "2024-09-01",
             "2024-09-30", v1::GRAIN_MONTH);
  ExpectDate("the deal closed on june 2nd of 2021.", "june 2nd of 2021", "2021-06-02",
             "2021-06-02", "2021-06-02", v1::GRAIN_DAY);
}

TEST(DatesTest, ClockWithPartOfDay) {
  FigureMatch m = One("The blast came at 11 p.m. last night, police said.", "11 p.m. last night");
  EXPECT_EQ(m.kind, v1::FIGURE_KIND_TIME);
  EXPECT_EQ(m.date->value(), "2026-11-23T23:00:00Z");
  EXPECT_EQ(m.date->relative(), "day:-1;time:23:00");
}

TEST(DatesTest, DayWithPartOfDay) {
  FigureMatch m = One("Crews arrived on Sunday in the evening, officials said.",
                      "Sunday in the evening");
  EXPECT_EQ(m.date->begin(), "2026-11-22T16:00:00Z");
  EXPECT_EQ(m.date->end(), "2026-11-22T19:59:59Z");
  EXPECT_EQ(m.date->relative(), "weekday:sunday;direction:past;part:evening");
}

TEST(DatesTest, PartOfDayWithClock) {
  FigureMatch m = One("The speech is tonight at 9 p.m. in the hall.", "tonight at 9 p.m.");
  EXPECT_EQ(m.date->value(), "2026-11-24T21:00:00Z");
  EXPECT_EQ(m.date->relative(), "day:0;part:night;time:21:00");
  // Without a.m./p.m., the part of the day decides: 23:40.
  EXPECT_EQ(One("Sirens sounded last night at 11:40 near the base.", "last night at 11:40")
                .date->value(),
            "2026-11-23T23:40:00Z");
}

TEST(DatesTest, PartsOfDay) {
  FigureMatch m = One("Gunfire was heard last night near the port.", "last night");
  EXPECT_EQ(m.kind, v1::FIGURE_KIND_TIME);
  EXPECT_EQ(m.date->begin(), "2026-11-23T20:00:00Z");
  EXPECT_EQ(m.date->end(), "2026-11-23T23:59:59Z");
  m = One("The minister spoke this morning on radio.", "this morning");
  EXPECT_EQ(m.date->value(), "2026-11-24T08:00:00Z/2026-11-24T11:59:59Z");
  EXPECT_EQ(One("The team flies out tonight to Lima.", "tonight").date->begin(),
            "2026-11-24T20:00:00Z");
  m = One("Rain is forecast in the afternoon across the north.", "in the afternoon");
  EXPECT_EQ(m.date->value(), "2026-11-24T12:00:00Z/2026-11-24T15:59:59Z");
  EXPECT_EQ(m.date->relative(), "day:0;part:afternoon");
  m = One("Officials said 40 arrests were made in the past 24 hours.", "past 24 hours");
  EXPECT_EQ(m.date->begin(), "2026-11-23T09:30:00Z");
  EXPECT_EQ(m.date->end(), "2026-11-24T09:30:00Z");
  EXPECT_EQ(m.date->relative(), "past:PT24H");
}

TEST(DatesTest, Durations) {
  FigureMatch m = One("The strike lasted for three weeks at the plant.", "three weeks");
  EXPECT_EQ(m.kind, v1::FIGURE_KIND_DURATION);
  EXPECT_EQ(m.value, 3 * 7 * 86400.0);
  EXPECT_EQ(m.unit, "weeks");
  EXPECT_FALSE(m.date.has_value());
  EXPECT_EQ(One("A 72-hour truce began.", "72-hour").value, 72 * 3600.0);
  m = One("They signed a two-year contract.", "two-year");
  EXPECT_EQ(m.value, 2 * 365 * 86400.0);
  EXPECT_EQ(m.unit, "year");
  EXPECT_EQ(One("Talks stalled for an hour over the text.", "an hour").value, 3600.0);
  EXPECT_TRUE(Extract("She won a second term and a quarter of the seats.", Reference()).empty());
  EXPECT_TRUE(Extract("He trains twice a week.", Reference()).empty());
  // Ages belong to the numbers extractor.
  EXPECT_TRUE(Extract("A 34-year-old man was held.", Reference()).empty());
  EXPECT_TRUE(Extract("The suspect, 19 years old, fled.", Reference()).empty());
}

TEST(DatesTest, Traps) {
  EXPECT_TRUE(Extract("Prices may rise, and workers may march on the capital.", Reference())
                  .empty());
  EXPECT_TRUE(Extract("Theresa May spoke to reporters.", Reference()).empty());
  EXPECT_TRUE(Extract("Protesters March On Parliament", Reference(), v1::TEXT_FIELD_HEADLINE)
                  .empty());
  EXPECT_TRUE(Extract("The army sent 2026 soldiers north.", Reference()).empty());
  EXPECT_TRUE(Extract("A crowd of 2000 people gathered.", Reference()).empty());
  EXPECT_TRUE(Extract("Read John 3:16 aloud.", Reference()).empty());
  EXPECT_EQ(Extract("It cost $12 December 27, the receipt shows.", Reference())[0].text,
            "December 27");
  ExpectDate("The 2026 budget was passed.", "2026", "2026", "2026-01-01", "2026-12-31",
             v1::GRAIN_YEAR);
}

TEST(DatesTest, RangesAndOpenBounds) {
  FigureMatch m = One("The plant ran from 3 March 2025 to 9 March 2025 without a fault.",
                      "from 3 March 2025 to 9 March 2025");
  EXPECT_EQ(m.date->begin(), "2025-03-03");
  EXPECT_EQ(m.date->end(), "2025-03-09");
  m = One("Output doubled between 2011 and 2015, data show.", "between 2011 and 2015");
  EXPECT_EQ(m.date->value(), "2011-01-01/2015-01-01");
  m = One("No trains ran after 10 p.m. in the region.", "after 10 p.m.");
  EXPECT_EQ(m.date->begin(), "2026-11-24T22:00:00Z");
  EXPECT_EQ(m.date->end(), "");
  EXPECT_EQ(m.date->value(), "2026-11-24T22:00:00Z/..");
  m = One("Prices have doubled since 2019 in most cities.", "since 2019");
  EXPECT_EQ(m.date->begin(), "2019-01-01");
  EXPECT_EQ(m.date->end(), "");
  m = One("Ballots cast before 2020 were recounted.", "before 2020");
  EXPECT_EQ(m.date->begin(), "");
  EXPECT_EQ(m.date->end(), "2019-12-31");
  EXPECT_EQ(m.date->relative(), "mod:before");
}

TEST(DatesTest, CompoundForms) {
  // The weekday joins the date's span; the date decides.
  FigureMatch m = One("The hearing is set for Friday, Dec. 4, in Boston.", "Friday, Dec. 4");
  EXPECT_EQ(m.date->value(), "2026-12-04");
  // A bare clock after a dated clock is on the same day.
  m = One("Voting runs Dec. 4, 8 a.m. - 6 p.m. at most sites.", "Dec. 4, 8 a.m. - 6 p.m.");
  EXPECT_EQ(m.date->begin(), "2026-12-04T08:00:00Z");
  EXPECT_EQ(m.date->end(), "2026-12-04T18:00:00Z");
  EXPECT_EQ(One("Sales for 2024-09 were revised.", "2024-09").date->value(), "2024-09");
  EXPECT_EQ(One("The deal fell apart this past Sunday.", "this past Sunday").date->value(),
            "2026-11-22");
  // "twenty second" is an ordinal, not 20 seconds.
  EXPECT_TRUE(Extract("It was the twenty second attempt.", Reference()).empty());
}

TEST(DatesTest, HolidaysAndDaySpans) {
  EXPECT_EQ(One("Shops will shut on Christmas Eve this time.", "Christmas Eve").date->value(),
            "2026-12-24");
  EXPECT_EQ(One("Fares rose ahead of Thanksgiving in the US.", "Thanksgiving").date->value(),
            "2026-11-26");
  EXPECT_EQ(One("The pope spoke at Easter 2025 from the balcony.", "Easter 2025").date->value(),
            "2025-04-20");
  EXPECT_EQ(One("Crowds gathered on New Year's Eve downtown.", "New Year's Eve").date->value(),
            "2026-12-31");
  FigureMatch m = One("The fair runs Dec. 3-5 in the old town.", "Dec. 3-5");
  EXPECT_EQ(m.date->value(), "2026-12-03/2026-12-05");
  EXPECT_EQ(m.date->relative(), "XXXX-12-03..05");
  // Durations with abbreviated units.
  EXPECT_EQ(One("The call lasted 45 min, aides said.", "45 min").value, 2700.0);
}

TEST(DatesTest, WithoutReferenceRelativeStaysUnresolved) {
  FigureMatch m = One("Exports fell last week, data showed.", "last week", std::nullopt);
  ASSERT_TRUE(m.date.has_value());
  EXPECT_FALSE(m.date->resolved());
  EXPECT_EQ(m.date->relative(), "week:-1");
  EXPECT_EQ(m.date->grain(), v1::GRAIN_WEEK);
  EXPECT_EQ(m.date->value(), "");
  m = One("The ferry sank two days ago near the coast.", "two days ago", std::nullopt);
  EXPECT_FALSE(m.date->resolved());
  EXPECT_EQ(m.date->relative(), "day:-2");
  m = One("Polls close Dec. 7 across the state.", "Dec. 7", std::nullopt);
  EXPECT_FALSE(m.date->resolved());
  EXPECT_EQ(m.date->relative(), "XXXX-12-07");
  // Absolute dates need no reference.
  m = One("The summit opens on 3 December 2026 in Nairobi.", "3 December 2026", std::nullopt);
  EXPECT_TRUE(m.date->resolved());
  EXPECT_EQ(m.date->value(), "2026-12-03");
}

TEST(DatesTest, SeveralInOneTextInOrder) {
  std::vector<Found> found = Extract(
      "Talks began on Monday. A deal is due by Dec. 15, and a vote in 2027.", Reference());
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].text, "Monday");
  EXPECT_EQ(found[0].match.date->value(), "2026-11-23");
  EXPECT_EQ(found[1].text, "Dec. 15");
  EXPECT_EQ(found[2].text, "2027");
}


// ---- Durations, recurring sets and "now" (fig-dset) --------------------------

double DurationOf(std::string_view text, std::string_view span) {
  FigureMatch m = One(text, span);
  EXPECT_EQ(m.kind, v1::FIGURE_KIND_DURATION) << text;
  return m.value.value_or(-1);
}

TEST(DatesTest, FractionalAndVagueDurations) {
  EXPECT_EQ(DurationOf("The hearing ran for one and a half hours before a recess.",
                       "one and a half hours"),
            5400.0);
  EXPECT_EQ(DurationOf("Crews needed two and a quarter years to finish the bridge.",
                       "two and a quarter years"),
            2.25 * 365 * 86400);
  EXPECT_EQ(DurationOf("Power returned after half an hour in most districts.", "half an hour"),
            1800.0);
  EXPECT_EQ(DurationOf("The vote was delayed by an hour and a half, officials said.",
                       "an hour and a half"),
            5400.0);
  EXPECT_EQ(DurationOf("Rescuers dug for 2.5 hours to reach the driver.", "2.5 hours"), 9000.0);
  EXPECT_EQ(DurationOf("Each speaker gets a \xc2\xbd hour slot.", "\xc2\xbd hour"), 1800.0);
  EXPECT_EQ(DurationOf("The ferry crossing takes a quarter of an hour.", "a quarter of an hour"),
            900.0);
  EXPECT_EQ(DurationOf("The course took the winner 2 hours 5 minutes under light rain.",
                       "2 hours 5 minutes"),
            7500.0);
  EXPECT_EQ(DurationOf("Residents queued for a few minutes at each stall.", "a few minutes"),
            180.0);
  EXPECT_EQ(DurationOf("The talks could drag on for several weeks, aides warned.",
                       "several weeks"),
            3 * 7 * 86400.0);
  EXPECT_EQ(DurationOf("The grain lasted a couple of days.", "a couple of days"), 2 * 86400.0);
  EXPECT_EQ(DurationOf("Guards waited for some days before acting.", "some days"), 3 * 86400.0);
  EXPECT_EQ(DurationOf("The council asked for another year to decide.", "another year"),
            365 * 86400.0);
  EXPECT_EQ(DurationOf("Volunteers worked all week on the levee.", "all week"), 7 * 86400.0);
  EXPECT_EQ(DurationOf("Both sides agreed to a three month pause.", "three month"),
            90 * 86400.0);
  EXPECT_EQ(DurationOf("The outage lasted 3h across the region.", "3h"), 3 * 3600.0);
  EXPECT_EQ(DurationOf("The inquiry sat for a fortnight.", "a fortnight"), 14 * 86400.0);
  EXPECT_EQ(DurationOf("Crews worked the whole day in the rain.", "whole day"), 86400.0);
  EXPECT_EQ(DurationOf("The pilot rested for a half hour.", "a half hour"), 1800.0);
  EXPECT_EQ(DurationOf("The test ran 40 sec before it failed.", "40 sec"), 40.0);
  EXPECT_TRUE(Extract("Full year profit rose sharply.", Reference()).empty());
  // Rates after a counted noun are not durations.
  EXPECT_TRUE(Extract("The mine ships 48,000 tonnes a year.", Reference()).empty());
  EXPECT_TRUE(Extract("Guards earn about 900 dollars a month.", Reference()).empty());
  EXPECT_EQ(DurationOf("The repairs could take more than a month.", "a month"), 30 * 86400.0);
  EXPECT_EQ(One("Ministers meet again in a fortnight.", "in a fortnight").date->value(),
            "2026-12-08");
  EXPECT_EQ(One("Cases rose over the past fortnight.", "past fortnight").date->value(),
            "2026-11-10/2026-11-23");
  EXPECT_EQ(DurationOf("The probe will orbit for 10D, then land.", "10D"), 10 * 86400.0);
  // "some" opening a clause is not a count; a letter after digits is a
  // unit only where a duration is expected.
  EXPECT_TRUE(Extract("Some days the line is longer.", Reference()).empty());
  EXPECT_TRUE(Extract("Profit rose in the first half year.", Reference()).empty());
  EXPECT_EQ(DurationOf("The mill stood idle for half year.", "half year"), 0.5 * 365 * 86400);
  // Vague windows take Recognizers-Text's 3.
  FigureMatch w = One("Prices rose over the past few days.", "past few days");
  EXPECT_EQ(w.date->value(), "2026-11-21/2026-11-23");
  EXPECT_EQ(w.date->relative(), "past:P3D;approx");
  EXPECT_EQ(Extract("Talks could last several months, aides said.", Reference())[0].text,
            "several months");
  EXPECT_EQ(One("It pays five dollars a share annually.", "annually").date->value(), "R/P1Y");
  EXPECT_TRUE(Extract("The film was shot in 3D by a small crew.", Reference()).empty());
  EXPECT_TRUE(Extract("It lasted 3D printing trials.", Reference()).empty());
  // Vague counts give no point in time.
  EXPECT_TRUE(Extract("The mayor resigned a few days ago.", Reference()).empty());
}

TEST(DatesTest, PastAndNextQuartersAreCalendarQuarters) {
  FigureMatch m = One("Margins fell over the past two quarters, the bank said.",
                      "past two quarters");
  EXPECT_EQ(m.date->begin(), "2026-04-01");
  EXPECT_EQ(m.date->end(), "2026-09-30");
}

TEST(DatesTest, LengthsStartingOnADay) {
  FigureMatch m = One("Exports are capped for 12 months from March 1.", "for 12 months from March 1");
  EXPECT_EQ(m.date->begin(), "2026-03-01");
  EXPECT_EQ(m.date->end(), "2027-02-28");
  m = One("The road shuts for two weeks starting Dec. 7.", "two weeks starting Dec. 7");
  EXPECT_EQ(m.date->value(), "2026-12-07/2026-12-20");
  m = One("The border stays closed for 3 days from today.", "for 3 days from today");
  EXPECT_EQ(m.date->value(), "2026-11-24/2026-11-26");
  m = One("The road is shut for 2.5 hours from 9:30 a.m. on Sunday.",
          "for 2.5 hours from 9:30 a.m. on Sunday");
  EXPECT_EQ(m.kind, v1::FIGURE_KIND_TIME);
  EXPECT_EQ(m.date->value(), "2026-11-22T09:30:00Z/2026-11-22T12:00:00Z");
  m = One("Voting halts for 2 hours from 9 in the east.", "for 2 hours from 9");
  EXPECT_EQ(m.date->value(), "2026-11-24T09:00:00Z/2026-11-24T11:00:00Z");
  m = One("The hall is booked from 6 p.m. for three hours.", "from 6 p.m. for three hours");
  EXPECT_EQ(m.date->value(), "2026-11-24T18:00:00Z/2026-11-24T21:00:00Z");
  // A count of people is not a start time.
  EXPECT_EQ(Extract("Staff grew from 9 for 2 years.", Reference()).size(), 1u);
}

TEST(DatesTest, RecurringSets) {
  FigureMatch m = One("The committee meets weekly in the old hall.", "weekly");
  EXPECT_EQ(m.kind, v1::FIGURE_KIND_DATE);
  EXPECT_EQ(m.date->value(), "R/P1W");
  EXPECT_EQ(m.date->relative(), "set:every;period:P1W");
  EXPECT_TRUE(m.date->resolved());
  EXPECT_EQ(One("Ferries leave every three weeks from the port.", "every three weeks")
                .date->value(),
            "R/P3W");
  EXPECT_EQ(One("Inspectors visit every other day.", "every other day").date->value(), "R/P2D");
  EXPECT_EQ(One("The index is revised each quarter.", "each quarter").date->value(), "R/P3M");
  EXPECT_EQ(One("The board reviews pay once a year.", "once a year").date->value(), "R/P1Y");
  m = One("The market opens every Thursday near the river.", "every Thursday");
  EXPECT_EQ(m.date->value(), "R/2026-11-26/P1W");
  EXPECT_EQ(m.date->relative(), "set:every;period:P1W;weekday:thursday");
  m = One("Doctors see patients Tuesdays at 10 a.m. in the annex.", "Tuesdays at 10 a.m.");
  EXPECT_EQ(m.kind, v1::FIGURE_KIND_TIME);
  // The reference is Tuesday 09:30, so today's 10:00 is the first one.
  EXPECT_EQ(m.date->value(), "R/2026-11-24T10:00:00Z/P1W");
  m = One("Sirens are tested every day at 9 a.m. sharp.", "every day at 9 a.m.");
  EXPECT_EQ(m.date->value(), "R/2026-11-25T09:00:00Z/P1D");
  m = One("Rent is due on the 5th of every month.", "the 5th of every month");
  EXPECT_EQ(m.date->value(), "R/2026-12-05/P1M");
  EXPECT_EQ(One("Bonds pay a semiannual coupon.", "semiannual").date->value(), "R/P6M");
  EXPECT_EQ(One("Guards patrol every single day.", "every single day").date->value(), "R/P1D");
  EXPECT_EQ(One("Audits run every 3rd week.", "every 3rd week").date->value(), "R/P3W");
  m = One("The choir sings on Sunday mornings.", "Sunday mornings");
  EXPECT_EQ(m.kind, v1::FIGURE_KIND_TIME);
  EXPECT_EQ(m.date->value(), "R/2026-11-29T08:00:00Z/P1W");
  EXPECT_EQ(One("The pass closes every winter.", "every winter").date->value(), "R/P1Y");
  EXPECT_EQ(One("The fair returns every March.", "every March").date->value(),
            "R/2027-03-01/P1Y");
  EXPECT_EQ(One("Sirens sound daily at 6 p.m. in the port.", "daily at 6 p.m.").date->value(),
            "R/2026-11-24T18:00:00Z/P1D");
  EXPECT_EQ(One("The ferry leaves every evening at 7 sharp.", "every evening at 7").date->value(),
            "R/2026-11-24T19:00:00Z/P1D");
  m = One("Bakers start every morning before dawn.", "every morning");
  EXPECT_EQ(m.kind, v1::FIGURE_KIND_TIME);
  EXPECT_EQ(m.date->relative(), "set:every;period:P1D;part:morning");
  // Without a reference an anchored set is unresolved; a plain one is not.
  m = One("The market opens every Thursday near the river.", "every Thursday", std::nullopt);
  EXPECT_FALSE(m.date->resolved());
  EXPECT_TRUE(One("The committee meets weekly.", "weekly", std::nullopt).date->resolved());
  // Names and frequencies are not sets.
  EXPECT_TRUE(Extract("She told the Daily Mirror she would stay.", Reference()).empty());
  EXPECT_TRUE(Extract("He spoke to the business weekly Zeitwerk.", Reference()).empty());
  EXPECT_TRUE(Extract("The financial daily said the talks had stalled.", Reference()).empty());
  EXPECT_EQ(One("The index is published daily.", "daily").date->value(), "R/P1D");
  EXPECT_EQ(One("The daily average rose.", "daily").date->value(), "R/P1D");
  EXPECT_TRUE(Extract("He trains twice a week.", Reference()).empty());
  EXPECT_TRUE(Extract("The rivals blamed each other for the delay.", Reference()).empty());
  EXPECT_TRUE(Extract("The market shut on several Mondays.", Reference()).empty());
  EXPECT_EQ(One("The market shuts on Mondays.", "Mondays").date->value(), "R/2026-11-30/P1W");
}

TEST(DatesTest, PresentReferences) {
  FigureMatch m = One("Officials say the road is safe now.", "now");
  EXPECT_EQ(m.kind, v1::FIGURE_KIND_TIME);
  EXPECT_EQ(m.date->value(), "2026-11-24T09:30:00Z");
  EXPECT_EQ(m.date->relative(), "now");
  EXPECT_EQ(One("There are no plans to reopen at the moment, he said.", "at the moment")
                .date->value(),
            "2026-11-24T09:30:00Z");
  EXPECT_EQ(One("Nobody can say right now how long it lasts.", "right now").date->value(),
            "2026-11-24T09:30:00Z");
  m = One("Prices may rise between now and December 5.", "between now and December 5");
  EXPECT_EQ(m.kind, v1::FIGURE_KIND_DATE);
  EXPECT_EQ(m.date->begin(), "2026-11-24");
  EXPECT_EQ(m.date->end(), "2026-12-05");
  // Discourse "now" is not a time.
  EXPECT_TRUE(Extract("The firm now employs 300 people.", Reference()).empty());
  EXPECT_TRUE(Extract("Now, the league must decide.", Reference()).empty());
  EXPECT_TRUE(Extract("The plan is on hold for now.", Reference()).empty());
  EXPECT_TRUE(Extract("Markets are calmer at this time of year.", Reference()).empty());
  EXPECT_TRUE(Extract("Buyers may hold off at present prices.", Reference()).empty());
}

// ---- Calendar dates and date ranges: extended forms ----------------------

// The value of the single match, with its span checked.
std::string ValueOf(std::string_view text, std::string_view span) {
  FigureMatch m = One(text, span);
  if (!m.date.has_value()) return "<no date>";
  return m.date->resolved() ? m.date->value() : "<unresolved " + m.date->relative() + ">";
}

TEST(DatesTest, MixedNumericFormats) {
  EXPECT_EQ(ValueOf("The ledger entry is dated 05-Aug-2016 in the files.", "05-Aug-2016"),
            "2016-08-05");
  EXPECT_EQ(ValueOf("Backups from 2019/aug/01 were lost.", "2019/aug/01"), "2019-08-01");
  EXPECT_EQ(ValueOf("Backups from 2019-aug-01 were lost.", "2019-aug-01"), "2019-08-01");
  EXPECT_EQ(ValueOf("The form was stamped 23/Sep/2020 at the border.", "23/Sep/2020"),
            "2020-09-23");
  EXPECT_EQ(ValueOf("Offices shut Oct/2 for the holiday.", "Oct/2"), "2026-10-02");
  EXPECT_EQ(ValueOf("The order was placed on 22/04 by phone.", "22/04"), "2026-04-22");
  EXPECT_EQ(ValueOf("The parcel shipped on 30/06", "30/06"), "2026-06-30");
  EXPECT_EQ(ValueOf("The lease was signed 3-14-2021 downtown.", "3-14-2021"), "2021-03-14");
  EXPECT_EQ(ValueOf("The leave runs 10/1-11/2/2027, HR said.", "10/1-11/2/2027"),
            "2027-10-01/2027-11-02");
  // Without "on" a slash pair is no date.
  EXPECT_TRUE(Extract("The hotline runs 24/7 for callers.", Reference()).empty());
}

TEST(DatesTest, InvalidAndLeapDays) {
  EXPECT_EQ(ValueOf("The memo was dated Feb 30 by mistake.", "Feb 30"),
            "<unresolved XXXX-02-30>");
  EXPECT_EQ(ValueOf("A memo dated April 31, 2025 surfaced.", "April 31, 2025"),
            "<unresolved 2025-04-31>");
  // Without a year, February 29 is in the latest leap year.
  EXPECT_EQ(ValueOf("Leap-day babies celebrate on Feb 29 only.", "Feb 29"), "2024-02-29");
}

TEST(DatesTest, OrdinalDays) {
  EXPECT_EQ(ValueOf("The fund closes October, 1st, the bank said.", "October, 1st"),
            "2026-10-01");
  EXPECT_EQ(ValueOf("The hearing is set for June the 28th 2027.", "June the 28th 2027"),
            "2027-06-28");
  EXPECT_EQ(ValueOf("The treaty was signed on April ninth.", "April ninth"), "2026-04-09");
  EXPECT_EQ(ValueOf("Ballots are due February twenty second.", "February twenty second"),
            "2026-02-22");
  EXPECT_EQ(ValueOf("It fell on the fourth of July 1995.", "the fourth of July 1995"),
            "1995-07-04");
  // A lone ordinal after "on"/"by" is a day of the reference's month.
  EXPECT_EQ(ValueOf("Payments are due on the 18th.", "the 18th"), "2026-11-18");
  EXPECT_EQ(ValueOf("Send the forms by the 3rd of next month.", "the 3rd of next month"),
            "2026-12-03");
  EXPECT_TRUE(Extract("The blaze started on the 18th floor.", Reference()).empty());
  // "Theresa May first" is a name, not May 1.
  EXPECT_TRUE(Extract("Prime Minister Theresa May first spoke.", Reference()).empty());
}

TEST(DatesTest, WeekdaysWithDayNumbersAndWeeks) {
  // The nearest such day before or after the reference day.
  EXPECT_EQ(ValueOf("Tickets went on sale Tue 13th at the club.", "Tue 13th"), "2026-10-13");
  EXPECT_EQ(ValueOf("The gala is on Sunday 31.", "Sunday 31"), "2027-01-31");
  EXPECT_EQ(ValueOf("The vote fell on Friday the 13th, oddly.", "Friday the 13th"), "2026-11-13");
  EXPECT_EQ(ValueOf("Markets shut on Tues. after the storm.", "Tues"), "2026-11-24");
  EXPECT_EQ(ValueOf("Polls open on the first Tuesday of December.",
                    "the first Tuesday of December"),
            "2026-12-01");
  EXPECT_EQ(ValueOf("Parades fill the last Monday in May.", "the last Monday in May"),
            "2026-05-25");
  EXPECT_EQ(ValueOf("Rain is likely in the month of June.", "the month of June"), "2026-06");
  EXPECT_EQ(ValueOf("Stores stay shut for the rest of the week.", "rest of the week"),
            "2026-11-24/2026-11-29");
  // A count after the weekday stays a count.
  std::vector<Found> found = Extract("On Sunday 31 people were hurt.", Reference());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].text, "Sunday");
  EXPECT_EQ(ValueOf("Talks resume next week on Wednesday.", "next week on Wednesday"),
            "2026-12-02");
  EXPECT_EQ(ValueOf("Ministers met on Friday of last week.", "Friday of last week"),
            "2026-11-20");
  EXPECT_EQ(ValueOf("The review starts the following week.", "following week"),
            "2026-11-30/2026-12-06");
  // Without "the", "following" is a preposition.
  std::vector<Found> after = Extract("Stocks fell following Monday's vote.", Reference());
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].text, "Monday");
  EXPECT_EQ(after[0].match.date->value(), "2026-11-23");
}

TEST(DatesTest, WeeksOfPeriods) {
  // Weeks belong to the period holding their Thursday.
  EXPECT_EQ(ValueOf("Tourism peaks in the last week of July.", "the last week of July"),
            "2026-07-27/2026-08-02");
  EXPECT_EQ(ValueOf("Classes start in the first week of 2027.", "the first week of 2027"),
            "2027-01-04/2027-01-10");
  EXPECT_EQ(ValueOf("Exports in week 31 rose.", "week 31"), "2026-07-27/2026-08-02");
  EXPECT_EQ(ValueOf("Data for week 3 of 2027 is due.", "week 3 of 2027"),
            "2027-01-18/2027-01-24");
  EXPECT_EQ(ValueOf("Plan for the week of March 3 ahead.", "the week of March 3"),
            "2026-03-02/2026-03-08");
  // Sports weeks are capitalized and stay out.
  EXPECT_TRUE(Extract("Week 5 was a blowout.", Reference()).empty());
}

TEST(DatesTest, PartsAndHalvesOfPeriods) {
  EXPECT_EQ(ValueOf("Rates rise by the end of the month.", "the end of the month"),
            "2026-11-16/2026-11-30");
  EXPECT_EQ(ValueOf("A vote is likely later in the year, aides say.", "later in the year"),
            "2026-07-01/2026-12-31");
  EXPECT_EQ(ValueOf("Stocks are up 12% year to date.", "year to date"),
            "2026-01-01/2026-11-24");
  EXPECT_EQ(ValueOf("Margins fell in H1 2025.", "H1 2025"), "2025-01-01/2025-06-30");
  EXPECT_EQ(ValueOf("Margins fell in 2025 H2.", "2025 H2"), "2025-07-01/2025-12-31");
  EXPECT_EQ(ValueOf("Output grows in the first half of next year.",
                    "the first half of next year"),
            "2027-01-01/2027-06-30");
  EXPECT_TRUE(Extract("We reached the end of the line.", Reference()).empty());
}

TEST(DatesTest, ExtendedRanges) {
  EXPECT_EQ(ValueOf("Trade shows run Jan-Feb 2027 in Paris.", "Jan-Feb 2027"),
            "2027-01-01/2027-02-01");
  EXPECT_EQ(ValueOf("The festival runs 9-12 June in Seville.", "9-12 June"),
            "2026-06-09/2026-06-12");
  EXPECT_EQ(ValueOf("Sales fell from April to June in 2024.", "from April to June in 2024"),
            "2024-04-01/2024-06-01");
  EXPECT_EQ(ValueOf("Crews work between now and March 1 to fix it.", "between now and March 1"),
            "2026-11-24/2027-03-01");
  EXPECT_EQ(ValueOf("The cap applies starting on 1 December.", "starting on 1 December"),
            "2026-12-01/..");
}

TEST(DatesTest, YearsInWordsAndAnchoredOffsets) {
  EXPECT_EQ(ValueOf("The mill closed in nineteen ninety six.", "nineteen ninety six"), "1996");
  EXPECT_EQ(ValueOf("It reopened in two thousand and twenty.", "two thousand and twenty"),
            "2020");
  EXPECT_TRUE(Extract("Funds were invested in two thousand homes.", Reference()).empty());
  EXPECT_EQ(ValueOf("Results come three days from today.", "three days from today"),
            "2026-11-27");
  EXPECT_EQ(ValueOf("Stores fill up two weeks before Christmas.", "two weeks before Christmas"),
            "2026-12-11");
  // Windows of whole days start at the direction word and exclude the
  // reference day; quarters are whole calendar quarters.
  EXPECT_EQ(ValueOf("Prices rose over the past three months.", "past three months"),
            "2026-08-24/2026-11-23");
  EXPECT_EQ(ValueOf("Hiring slows in the next two quarters.", "next two quarters"),
            "2027-01-01/2027-06-30");
}

// ---- Clock times, parts of the day and clock ranges -------------------------

// The value of the single match of `text`, with its expected span.
std::string TimeValueOf(std::string_view text, std::string_view span) {
  FigureMatch m = One(text, span);
  if (!m.date.has_value()) return "";
  EXPECT_EQ(m.kind, v1::FIGURE_KIND_TIME) << text;
  return m.date->value();
}

TEST(DatesTest, ClockForms) {
  EXPECT_EQ(TimeValueOf("The alarm sounded at 7:56:30 pm on the ward.", "7:56:30 pm"),
            "2026-11-24T19:56:30Z");
  EXPECT_EQ(TimeValueOf("The ferry sails at 2.30pm from the pier.", "2.30pm"), "2026-11-24T14:30:00Z");
  EXPECT_EQ(TimeValueOf("Service resumed at 9.am on the line.", "9.am"), "2026-11-24T09:00:00Z");
  EXPECT_EQ(TimeValueOf("The bus leaves tomorrow at 8:45a.", "tomorrow at 8:45a"),
            "2026-11-25T08:45:00Z");
  EXPECT_EQ(TimeValueOf("The bell rang at half past seven o'clock.", "half past seven o'clock"),
            "2026-11-24T07:30:00Z");
  EXPECT_EQ(TimeValueOf("The raid began at a quarter to six in the morning.",
                    "a quarter to six in the morning"),
            "2026-11-24T05:45:00Z");
  EXPECT_EQ(TimeValueOf("The fire broke out 20 min past eight in the evening.",
                    "20 min past eight in the evening"),
            "2026-11-24T20:20:00Z");
  EXPECT_EQ(TimeValueOf("Talks resume Wednesday 4 o'clock, aides said.", "Wednesday 4 o'clock"),
            "2026-11-18T04:00:00Z");
  EXPECT_EQ(TimeValueOf("The launch is set for tomorrow at seven thirty.", "tomorrow at seven thirty"),
            "2026-11-25T07:30:00Z");
  EXPECT_EQ(TimeValueOf("Police were called last night at 11.", "last night at 11"),
            "2026-11-23T23:00:00Z");
  EXPECT_EQ(TimeValueOf("The market reopens in the afternoon at 2.", "in the afternoon at 2"),
            "2026-11-24T14:00:00Z");
  EXPECT_EQ(TimeValueOf("Crews return at 7 tonight to finish.", "7 tonight"), "2026-11-24T19:00:00Z");
  EXPECT_EQ(TimeValueOf("The strike hit Sunday early morning at 6:15.",
                    "Sunday early morning at 6:15"),
            "2026-11-22T06:15:00Z");
}

TEST(DatesTest, BareHoursNeedADay) {
  // A bare number after "at" is a time only after a day or a part of one,
  // and not when a noun or a unit follows.
  std::vector<Found> found = Extract("The index closed Monday at 7 percent.", Reference());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].text, "Monday");
  EXPECT_TRUE(Extract("The rate was cut to 6.45 after the talks.", Reference()).empty());
  EXPECT_TRUE(Extract("The team sat at 7 and rose to 9.", Reference()).empty());
  EXPECT_TRUE(Extract("Five to seven people were hurt.", Reference()).empty());
  EXPECT_TRUE(Extract("Support rose from 5 to 6 in the poll.", Reference()).empty());
  EXPECT_TRUE(Extract("Read John 3:16 to 3:18 aloud.", Reference()).empty());
}

TEST(DatesTest, PartsOfDayWithEarlyAndLate) {
  FigureMatch m = One("Storms are expected late afternoon across the state.", "late afternoon");
  EXPECT_EQ(m.date->begin(), "2026-11-24T14:00:00Z");
  EXPECT_EQ(m.date->end(), "2026-11-24T15:59:59Z");
  EXPECT_EQ(m.date->relative(), "day:0;part:afternoon;mod:late");
  m = One("Rain eases later in the evening, forecasters said.", "later in the evening");
  EXPECT_EQ(m.date->begin(), "2026-11-24T18:00:00Z");
  m = One("Roads were empty in the early morning hours.", "in the early morning");
  EXPECT_EQ(m.date->end(), "2026-11-24T09:59:59Z");
  m = One("Curfews apply at night in the capital.", "at night");
  EXPECT_EQ(m.date->begin(), "2026-11-24T20:00:00Z");
  m = One("Volunteers work in the mornings at the depot.", "in the mornings");
  EXPECT_EQ(m.date->begin(), "2026-11-24T08:00:00Z");
  m = One("Trading is thin at lunchtime, dealers say.", "at lunchtime");
  EXPECT_EQ(m.date->value(), "2026-11-24T11:00:00Z/2026-11-24T12:59:59Z");
  m = One("The vote is due before lunch, aides said.", "before lunch");
  EXPECT_EQ(m.date->value(), "../2026-11-24T10:59:59Z");
  m = One("Shelling resumed Sunday early morning, residents said.", "Sunday early morning");
  EXPECT_EQ(m.date->value(), "2026-11-22T08:00:00Z/2026-11-22T09:59:59Z");
}

TEST(DatesTest, ClockRanges) {
  EXPECT_EQ(TimeValueOf("Polls are open from 5 to 8pm on Thursday.", "from 5 to 8pm on Thursday"),
            "2026-11-19T17:00:00Z/2026-11-19T20:00:00Z");
  EXPECT_EQ(TimeValueOf("The road was shut 3-8pm yesterday for repairs.", "3-8pm yesterday"),
            "2026-11-23T15:00:00Z/2026-11-23T20:00:00Z");
  EXPECT_EQ(TimeValueOf("Drills run between 3 and 6am next Monday.", "between 3 and 6am next Monday"),
            "2026-11-30T03:00:00Z/2026-11-30T06:00:00Z");
  EXPECT_EQ(TimeValueOf("Shops close 1:30 to 3:30 tomorrow for the parade.", "1:30 to 3:30 tomorrow"),
            "2026-11-25T01:30:00Z/2026-11-25T03:30:00Z");
  // A zone and a.m./p.m. written once hold for both ends; ET is EST in November.
  EXPECT_EQ(TimeValueOf("The hearing runs from 9 to 11:30 a.m. ET on Friday.",
                    "from 9 to 11:30 a.m. ET on Friday"),
            "2026-11-20T14:00:00Z/2026-11-20T16:30:00Z");
  EXPECT_EQ(TimeValueOf("Visiting hours are 11 to 1pm on weekdays.", "11 to 1pm"),
            "2026-11-24T11:00:00Z/2026-11-24T13:00:00Z");
  EXPECT_EQ(TimeValueOf("They met Thursday 19:00 - 21:00 in Rome.", "Thursday 19:00 - 21:00"),
            "2026-11-19T19:00:00Z/2026-11-19T21:00:00Z");
  EXPECT_EQ(TimeValueOf("The fair opens on December 12 at 4 - 6:30 pm.", "December 12 at 4 - 6:30 pm"),
            "2026-12-12T16:00:00Z/2026-12-12T18:30:00Z");
  EXPECT_EQ(TimeValueOf("The vigil ran this evening from 7 to 7:30.", "this evening from 7 to 7:30"),
            "2026-11-24T19:00:00Z/2026-11-24T19:30:00Z");
  EXPECT_EQ(TimeValueOf("A curfew runs from 10pm to 5 in the city.", "from 10pm to 5"),
            "2026-11-24T22:00:00Z/2026-11-25T05:00:00Z");
  EXPECT_EQ(TimeValueOf("Shifts last from 3 in the morning until 5pm.",
                    "from 3 in the morning until 5pm"),
            "2026-11-24T03:00:00Z/2026-11-24T17:00:00Z");
  EXPECT_EQ(TimeValueOf("The gates shut at 2:00 - 2:30 pm on Tuesday.", "2:00 - 2:30 pm on Tuesday"),
            "2026-11-24T14:00:00Z/2026-11-24T14:30:00Z");
}

TEST(DatesTest, LatestBound) {
  FigureMatch m = One("Bids are due no later than 5 p.m. on Friday.", "no later than 5 p.m. on Friday");
  EXPECT_EQ(m.date->value(), "../2026-11-20T17:00:00Z");
  EXPECT_EQ(m.date->relative(), "mod:until;weekday:friday;direction:past;time:17:00");
}

TEST(DatesTest, MoreRangesHolidaysAndYears) {
  // A later month without a year is the one after the start.
  EXPECT_EQ(ValueOf("The ski season runs from November to March in the Alps.",
                    "from November to March"),
            "2026-11-01/2027-03-01");
  EXPECT_EQ(ValueOf("Rents rose between May 2025 and now, the survey said.",
                    "between May 2025 and now"),
            "2025-05-01/2026-11-24");
  EXPECT_EQ(ValueOf("Shipments grew from June to date, the port said.", "from June to date"),
            "2026-06-01/2026-11-24");
  EXPECT_EQ(ValueOf("Revenue fell from 2024-Q3 to 2025-Q1, filings show.",
                    "from 2024-Q3 to 2025-Q1"),
            "2024-07-01/2025-01-01");
  EXPECT_EQ(ValueOf("Margins peaked in 2025 Q2.", "2025 Q2"), "2025-04-01/2025-06-30");
  // Holidays with an offset: the next one after, the latest one before.
  EXPECT_EQ(ValueOf("The shop reopens next Christmas, the owner said.", "next Christmas"),
            "2026-12-25");
  EXPECT_EQ(ValueOf("Crowds were thin last Easter at the cathedral.", "last Easter"),
            "2026-04-05");
  // Years before 1900 need "in", "since", ... and no noun after them.
  EXPECT_EQ(ValueOf("The bridge was built in 1874, locals say.", "1874"), "1874");
  EXPECT_TRUE(Extract("Police logged it in 1500 cases.", Reference()).empty());
  EXPECT_EQ(ValueOf("The mill opened in March nineteen hundred and two.",
                    "March nineteen hundred and two"),
            "1902-03");
  EXPECT_EQ(ValueOf("In March two thousand workers struck.", "March"), "2026-03");
}

TEST(DatesTest, RelativeDaysWeeksAndQuarters) {
  EXPECT_EQ(ValueOf("The day after tomorrow is a holiday.", "The day after tomorrow"),
            "2026-11-26");
  EXPECT_EQ(ValueOf("It rained the day before yesterday.", "the day before yesterday"),
            "2026-11-22");
  EXPECT_EQ(ValueOf("Talks resume Friday next week, aides said.", "Friday next week"),
            "2026-12-04");
  EXPECT_EQ(ValueOf("Rent is due the 20th of next month.", "the 20th of next month"),
            "2026-12-20");
  EXPECT_EQ(ValueOf("Nothing is due the 31st of this month.", "the 31st of this month"),
            "<unresolved XXXX-XX-31>");
  EXPECT_EQ(ValueOf("Profit fell in Q3 this year.", "Q3 this year"), "2026-07-01/2026-09-30");
  EXPECT_EQ(ValueOf("Sales rose in the third quarter of last year.",
                    "the third quarter of last year"),
            "2025-07-01/2025-09-30");
  EXPECT_EQ(ValueOf("The line opens the year after next.", "the year after next"), "2028");
  // Two-digit years: 50-99 are 19xx.
  EXPECT_EQ(ValueOf("The deed is dated 05/05/71 in ink.", "05/05/71"), "1971-05-05");
}

TEST(DatesTest, EndsOfPeriodsInRanges) {
  // The end of a period counts whole at the far end of a range or after
  // "before".
  EXPECT_EQ(ValueOf("Fares stay frozen between now and the end of the month.",
                    "between now and the end of the month"),
            "2026-11-24/2026-11-30");
  EXPECT_EQ(ValueOf("A deal could come before the end of the year.",
                    "before the end of the year"),
            "../2026-12-31");
  // A month range across the new year: the reading nearer the reference.
  EXPECT_EQ(ValueOf("Heating bills peak between December and February.",
                    "between December and February"),
            "2026-12-01/2027-02-01");
  EXPECT_EQ(ValueOf("Exports rose between August and October.", "between August and October"),
            "2026-08-01/2026-10-01");
}

TEST(DatesTest, MoreClockForms) {
  EXPECT_EQ(TimeValueOf("The shop opens 10am-12pm on Friday.", "10am-12pm on Friday"),
            "2026-11-20T10:00:00Z/2026-11-20T12:00:00Z");
  EXPECT_EQ(TimeValueOf("Tours run 3pm-5:30pm, the guides say.", "3pm-5:30pm"),
            "2026-11-24T15:00:00Z/2026-11-24T17:30:00Z");
  EXPECT_EQ(TimeValueOf("The crew met seven p.m. sharp.", "seven p.m."), "2026-11-24T19:00:00Z");
  EXPECT_EQ(TimeValueOf("The bells rang at 11 o clock tonight.", "11 o clock tonight"),
            "2026-11-24T23:00:00Z");
  EXPECT_EQ(TimeValueOf("The verdict came at 12 noon.", "12 noon"), "2026-11-24T12:00:00Z");
  EXPECT_EQ(TimeValueOf("Bids close at the end of today.", "the end of today"), "2026-11-24T23:59:59Z");
  EXPECT_EQ(TimeValueOf("Pay the fee by the end of the day.", "the end of the day"),
            "2026-11-24T23:59:59Z");
  EXPECT_TRUE(Extract("At the end of the day, voters decide.", Reference()).empty());
  EXPECT_EQ(TimeValueOf("Stocks slipped in morning trading.", "in morning"),
            "2026-11-24T08:00:00Z/2026-11-24T11:59:59Z");
  // A day no calendar has still takes its time, unresolved.
  FigureMatch m = One("A notice dated February 30, 2025 at 10:00 was forged.",
                      "February 30, 2025 at 10:00");
  EXPECT_FALSE(m.date->resolved());
  EXPECT_EQ(m.date->relative(), "2025-02-30;time:10:00");
}

TEST(DatesTest, PartsOfDayJoinedToDays) {
  EXPECT_EQ(TimeValueOf("Talks resume in the afternoon, this Friday.", "in the afternoon, this Friday"),
            "2026-11-27T12:00:00Z/2026-11-27T15:59:59Z");
  EXPECT_EQ(TimeValueOf("Clashes broke out in the late night on Sunday.",
                    "in the late night on Sunday"),
            "2026-11-22T22:00:00Z/2026-11-22T23:59:59Z");
  EXPECT_EQ(TimeValueOf("Voting resumes Friday, in the morning.", "Friday, in the morning"),
            "2026-11-20T08:00:00Z/2026-11-20T11:59:59Z");
  EXPECT_EQ(TimeValueOf("Police moved in on Sunday early-evening.", "Sunday early-evening"),
            "2026-11-22T16:00:00Z/2026-11-22T17:59:59Z");
  EXPECT_EQ(TimeValueOf("The raid came at mid-morning.", "mid-morning"), "2026-11-24T10:00:00Z");
  EXPECT_EQ(TimeValueOf("Crowds thinned midafternoon.", "midafternoon"), "2026-11-24T14:00:00Z");
  EXPECT_TRUE(Extract("The midterm campaign in the Midwest.", Reference()).empty());
  // Meal times stand alone.
  std::vector<Found> found = Extract("Trading thinned at lunchtime today.", Reference());
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].text, "at lunchtime");
  EXPECT_EQ(found[1].text, "today");
}

TEST(DatesTest, ClocksBoundedOnADay) {
  FigureMatch m = One("Ballots must arrive today before 4pm, officials said.", "today before 4pm");
  EXPECT_EQ(m.date->value(), "../2026-11-24T15:59:59Z");
  m = One("Crowds gathered Friday after 6 p.m. downtown.", "Friday after 6 p.m.");
  EXPECT_EQ(m.date->value(), "2026-11-20T18:00:00Z/..");
  EXPECT_EQ(TimeValueOf("The log shows 2025-06-30T14:05:09 as the start.", "2025-06-30T14:05:09"),
            "2025-06-30T14:05:09Z");
  EXPECT_EQ(TimeValueOf("Doors open 4 til 6pm on weekdays.", "4 til 6pm"),
            "2026-11-24T16:00:00Z/2026-11-24T18:00:00Z");
  EXPECT_EQ(TimeValueOf("The ferry left at seven thirty five pm.", "seven thirty five pm"),
            "2026-11-24T19:35:00Z");
}

TEST(DatesTest, MoreHolidays) {
  EXPECT_EQ(ValueOf("Beaches filled on Memorial Day, police said.", "Memorial Day"), "2026-05-25");
  EXPECT_EQ(ValueOf("Schools reopen on Labor Day, officials said.", "Labor Day"), "2026-09-07");
  EXPECT_EQ(ValueOf("Retailers braced for Black Friday crowds.", "Black Friday"), "2026-11-27");
  EXPECT_EQ(ValueOf("Markets were shut on Good Friday 2025.", "Good Friday 2025"), "2025-04-18");
  EXPECT_EQ(ValueOf("Florists gear up for Valentine's Day.", "Valentine's Day"), "2026-02-14");
  EXPECT_EQ(ValueOf("Offices close for Martin Luther King Jr. Day.", "Martin Luther King Jr. Day"),
            "2026-01-19");
  EXPECT_EQ(ValueOf("Sales spiked on Mother's Day.", "Mother's Day"), "2026-05-10");
  // Holiday weekends.
  EXPECT_EQ(ValueOf("Traffic peaks over the Memorial Day weekend.", "the Memorial Day weekend"),
            "2026-05-23/2026-05-25");
  EXPECT_EQ(ValueOf("Stores were packed on Thanksgiving weekend.", "Thanksgiving weekend"),
            "2026-11-26/2026-11-29");
  EXPECT_EQ(ValueOf("Parties filled the weekend of Halloween.", "the weekend of Halloween"),
            "2026-10-31/2026-11-01");
  // Lower-case adjectives are no holidays.
  std::vector<Found> found = Extract("It was a good Friday for stocks.", Reference());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].text, "Friday");
}

TEST(DatesTest, MoreRangeShapes) {
  EXPECT_EQ(ValueOf("We are away from the 3rd to the 7th of March.",
                    "from the 3rd to the 7th of March"),
            "2026-03-03/2026-03-07");
  // A weekday range ends on the first such day after its start.
  EXPECT_EQ(ValueOf("The clinic runs from Monday to Friday.", "from Monday to Friday"),
            "2026-11-23/2026-11-27");
  EXPECT_EQ(ValueOf("The final is on 2027/05/12 in Lisbon.", "2027/05/12"), "2027-05-12");
  // Ordinal days without a month are in the reference's month after
  // "from"/"between".
  EXPECT_EQ(ValueOf("The office is shut from the 5th to the 10th.", "from the 5th to the 10th"),
            "2026-11-05/2026-11-10");
  EXPECT_TRUE(Extract("The runner moved up to the 10th.", Reference()).empty());
  EXPECT_EQ(ValueOf("The tradition dates back to 1865, locals say.", "1865"), "1865");
}

TEST(DatesTest, LeadingAndTrailingPartsOfPeriods) {
  EXPECT_EQ(ValueOf("Profit rose in the first nine months of the year.",
                    "the first nine months of the year"),
            "2026-01-01/2026-09-30");
  EXPECT_EQ(ValueOf("Sales jumped in the first two weeks of December.",
                    "the first two weeks of December"),
            "2026-12-01/2026-12-14");
  EXPECT_EQ(ValueOf("Rain fell in the final three days of June.", "the final three days of June"),
            "2026-06-28/2026-06-30");
  EXPECT_EQ(ValueOf("Demand will double by the end of the decade.", "the end of the decade"),
            "2027-01-01/2029-12-31");
  EXPECT_EQ(ValueOf("Rent is due on the first day of March.", "the first day of March"),
            "2026-03-01");
  EXPECT_EQ(ValueOf("The fund closes on the last day of the year.", "the last day of the year"),
            "2026-12-31");
  EXPECT_EQ(ValueOf("Bids are due on the 15th day of next month.", "the 15th day of next month"),
            "2026-12-15");
  EXPECT_EQ(ValueOf("No bids come on the thirty-first day of the month.",
                    "the thirty-first day of the month"),
            "<unresolved month:0;day:31>");
  // Without a period after "of" it stays a duration.
  std::vector<Found> found = Extract("In the final two weeks of the campaign he spoke.",
                                     Reference());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].text, "two weeks");
}

TEST(DatesTest, CenturiesCalendarYearsAndFortnights) {
  EXPECT_EQ(ValueOf("The mill dates from the nineteenth century.", "nineteenth century"),
            "1800-01-01/1899-12-31");
  EXPECT_EQ(ValueOf("Cities grew fast in the 21st century.", "21st century"),
            "2000-01-01/2099-12-31");
  EXPECT_TRUE(Extract("Shares of 21st Century Fox rose.", Reference()).empty());
  EXPECT_EQ(ValueOf("Output fell in calendar year 2025.", "calendar year 2025"), "2025");
  EXPECT_EQ(ValueOf("Cases rose over the past fortnight.", "past fortnight"),
            "2026-11-10/2026-11-23");
}

TEST(DatesTest, ShortYears) {
  EXPECT_EQ(ValueOf("She was born on 15 April of 87 in Lyon.", "15 April of 87"), "1987-04-15");
  EXPECT_EQ(ValueOf("The plant shut in May '98 for good.", "May '98"), "1998-05");
  EXPECT_EQ(ValueOf("It was signed April 3, '99 in Oslo.", "April 3, '99"), "1999-04-03");
  // A count after "of" is no year.
  std::vector<Found> found = Extract("On 15 April of 87 patients, 3 died.", Reference());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].text, "15 April");
}

TEST(DatesTest, BareHourRangesNextToADay) {
  EXPECT_EQ(TimeValueOf("The clinic is open Monday 11-4, staff said.", "Monday 11-4"),
            "2026-11-23T11:00:00Z/2026-11-23T16:00:00Z");
  EXPECT_EQ(TimeValueOf("Roads close from 5 to 7 tomorrow.", "from 5 to 7 tomorrow"),
            "2026-11-25T05:00:00Z/2026-11-25T07:00:00Z");
  EXPECT_EQ(TimeValueOf("The hall is booked 2 to 4 this afternoon.", "2 to 4 this afternoon"),
            "2026-11-24T14:00:00Z/2026-11-24T16:00:00Z");
  EXPECT_EQ(TimeValueOf("Tours run 10am-12am tomorrow.", "10am-12am tomorrow"),
            "2026-11-25T10:00:00Z/2026-11-25T12:00:00Z");
  // Counts stay counts.
  std::vector<Found> found = Extract("Shares rose 5 to 7 today in thin trading.", Reference());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].text, "today");
  found = Extract("On Monday 6-8 people were hurt.", Reference());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].text, "Monday");
}

TEST(DatesTest, HolidayTimesAreTheirOwnFigures) {
  std::vector<Found> found = Extract("Shops shut on Christmas Eve at 4 p.m. sharp.", Reference());
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].text, "Christmas Eve");
  EXPECT_EQ(found[0].match.kind, v1::FIGURE_KIND_DATE);
  EXPECT_EQ(found[1].text, "4 p.m.");
  // The time keeps the holiday's date.
  EXPECT_EQ(found[1].match.date->value(), "2026-12-24T16:00:00Z");
  EXPECT_EQ(found[1].match.date->relative(), "holiday:christmas_eve;time:16:00");
  found = Extract("Mass starts on Christmas early morning at 7:30.", Reference());
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[1].text, "early morning at 7:30");
  EXPECT_EQ(found[1].match.date->value(), "2026-12-25T07:30:00Z");
  EXPECT_EQ(TimeValueOf("The bus leaves at 6:15 early morning.", "6:15 early morning"),
            "2026-11-24T06:15:00Z");
}

TEST(DatesTest, MilitaryTimes) {
  EXPECT_EQ(TimeValueOf("Trading resumes at 1430 GMT on Monday.", "1430 GMT on Monday"),
            "2026-11-23T14:30:00Z");
  std::vector<Found> both = Extract("Talks begin at 1500 EST (2000 gmt) in Geneva.", Reference());
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[0].text, "1500 EST");
  EXPECT_EQ(both[1].text, "2000 gmt");
  EXPECT_EQ(both[0].match.date->value(), "2026-11-24T20:00:00Z");
  EXPECT_EQ(both[1].match.date->value(), "2026-11-24T20:00:00Z");
  EXPECT_EQ(TimeValueOf("The night session runs 2300 to 0200 GMT.", "2300 to 0200 GMT"),
            "2026-11-24T23:00:00Z/2026-11-25T02:00:00Z");
  EXPECT_EQ(TimeValueOf("Guards patrol between 0730-0930, officials said.", "between 0730-0930"),
            "2026-11-24T07:30:00Z/2026-11-24T09:30:00Z");
  // Years and bare four-digit numbers stay what they were.
  std::vector<Found> found = Extract("The index hit 1430 on Monday.", Reference());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].text, "Monday");
  EXPECT_EQ(One("Sales rose from 2010 to 2015.", "from 2010 to 2015").kind, v1::FIGURE_KIND_DATE);
}

TEST(DatesTest, EarlyLateDaysAndSpelledZones) {
  EXPECT_EQ(TimeValueOf("The blast hit late Thursday night, police said.", "late Thursday night"),
            "2026-11-19T22:00:00Z/2026-11-19T23:59:59Z");
  EXPECT_EQ(TimeValueOf("Troops moved in early yesterday morning.", "early yesterday morning"),
            "2026-11-23T08:00:00Z/2026-11-23T09:59:59Z");
  // Eastern time in November is UTC-5.
  EXPECT_EQ(TimeValueOf("Polls close at 8 p.m. Eastern time.", "8 p.m. Eastern time"),
            "2026-11-25T01:00:00Z");
  EXPECT_EQ(TimeValueOf("It starts at 3 p.m. Pacific Daylight Time.",
                        "3 p.m. Pacific Daylight Time"),
            "2026-11-24T22:00:00Z");
  std::vector<Found> found = Extract("He was late Thursday.", Reference());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].text, "Thursday");
}

TEST(DatesTest, PartsOfTheDayAsAdjectives) {
  EXPECT_TRUE(Extract("A late-night host joked about it.", Reference()).empty());
  EXPECT_TRUE(Extract("Troops began an early morning raid on the camp.", Reference()).empty());
  EXPECT_EQ(TimeValueOf("The storm hit early morning.", "early morning"),
            "2026-11-24T08:00:00Z/2026-11-24T09:59:59Z");
  EXPECT_EQ(TimeValueOf("By midafternoon the market recovered.", "midafternoon"),
            "2026-11-24T14:00:00Z");
}

TEST(DatesTest, PossessiveDayTakesItsTime) {
  EXPECT_EQ(TimeValueOf("Friday's 5 p.m. deadline passed quietly.", "Friday's 5 p.m."),
            "2026-11-20T17:00:00Z");
  std::vector<Found> found = Extract("Monday's 7 arrests were reported.", Reference());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].text, "Monday");
}

TEST(DatesTest, LevelsAndPricesAreNoTimes) {
  for (std::string_view text : {"Shares closed at 10.25 on Friday.", "Shares closed Friday at 10.25.",
                                "Unemployment stood at 7 on Monday."}) {
    std::vector<Found> found = Extract(text, Reference());
    ASSERT_EQ(found.size(), 1u) << text;
    EXPECT_EQ(found[0].match.kind, v1::FIGURE_KIND_DATE) << text;
  }
  EXPECT_EQ(TimeValueOf("Flights resume at 6 tomorrow.", "6 tomorrow"), "2026-11-25T06:00:00Z");
  EXPECT_EQ(TimeValueOf("Banks open from 3.30 to 5.30 p.m. on weekdays.",
                        "from 3.30 to 5.30 p.m."),
            "2026-11-24T15:30:00Z/2026-11-24T17:30:00Z");
}

TEST(DatesTest, QuartersAsFractionsOrAsTime) {
  // A spelled count of one to three quarters of something is a fraction.
  EXPECT_TRUE(Extract("Three quarters of shareholders approved the merger.", Reference()).empty());
  EXPECT_TRUE(Extract("One quarter of the cake was left.", Reference()).empty());
  EXPECT_TRUE(Extract("Three quarters backed the plan.", Reference()).empty());
  EXPECT_TRUE(Extract("Turnout rose in three quarters of the wards.", Reference()).empty());
  EXPECT_TRUE(Extract("Three-quarters of the budget went on wages.", Reference()).empty());
  EXPECT_TRUE(Extract("The motion needs a three-quarter majority.", Reference()).empty());
  EXPECT_TRUE(Extract("Nearly 3 quarters of members voted.", Reference()).empty());
  EXPECT_TRUE(Extract("Its share fell to one quarter.", Reference()).empty());
  // With a time context they are quarters of a year.
  EXPECT_EQ(One("The economy shrank for two quarters.", "two quarters").value, 180 * 86400.0);
  EXPECT_EQ(One("Exports fell two quarters running.", "two quarters").kind,
            v1::FIGURE_KIND_DURATION);
  EXPECT_EQ(One("Three quarters later the mill reopened.", "Three quarters").kind,
            v1::FIGURE_KIND_DURATION);
  EXPECT_EQ(One("Sales grew after three quarters of decline.", "three quarters").kind,
            v1::FIGURE_KIND_DURATION);
  EXPECT_EQ(One("The lender expects a recovery in three quarters.", "in three quarters").kind,
            v1::FIGURE_KIND_DATE);
  EXPECT_EQ(One("Costs rose over five quarters.", "five quarters").kind,
            v1::FIGURE_KIND_DURATION);
  EXPECT_EQ(One("Rents rose 3 quarters in a row.", "3 quarters").kind, v1::FIGURE_KIND_DURATION);
  EXPECT_EQ(One("The bank lost money one quarter and made it back the next.", "one quarter").kind,
            v1::FIGURE_KIND_DURATION);
  EXPECT_FALSE(Extract("Margins widened in the three quarters to June.", Reference()).empty());
  // "two quarters" is hardly ever a half; an economy's trend takes time.
  EXPECT_EQ(One("Germany posted two quarters of growth.", "two quarters").kind,
            v1::FIGURE_KIND_DURATION);
  EXPECT_EQ(One("The country endured three quarters of contraction.", "three quarters").kind,
            v1::FIGURE_KIND_DURATION);
}

TEST(DatesTest, DecadesWithTheArticle) {
  EXPECT_EQ(ValueOf("Disco ruled the '70s in New York.", "the '70s"), "1970-01-01/1979-12-31");
  EXPECT_EQ(ValueOf("Rents doubled in the 90s, data show.", "the 90s"), "1990-01-01/1999-12-31");
  EXPECT_EQ(ValueOf("Jazz boomed in the twenties.", "the twenties"), "1920-01-01/1929-12-31");
  EXPECT_EQ(ValueOf("It was built in the 1950's.", "the 1950's"), "1950-01-01/1959-12-31");
  // A two-digit decade not after the reference's is this century's.
  EXPECT_EQ(ValueOf("Growth slowed in the 20s so far.", "the 20s"), "2020-01-01/2029-12-31");
  EXPECT_TRUE(Extract("She is in her twenties.", Reference()).empty());
  EXPECT_EQ(ValueOf("We meet the weekend after next.", "the weekend after next"),
            "2026-12-12/2026-12-13");
}

TEST(DatesTest, MealTimesAndOpenClockBounds) {
  FigureMatch m = One("Take the pills after dinner, doctors say.", "after dinner");
  EXPECT_EQ(m.date->value(), "2026-11-24T20:00:00Z/..");
  std::vector<Found> found = Extract("They met at dinner on Friday.", Reference());
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].text, "at dinner");
  EXPECT_TRUE(Extract("The state dinner was cancelled.", Reference()).empty());
  m = One("Doors open at 3 pm or later on Monday.", "3 pm or later on Monday");
  EXPECT_EQ(m.date->value(), "2026-11-23T15:00:00Z/..");
}

TEST(DatesTest, DayWithAmPm) {
  EXPECT_EQ(TimeValueOf("Talks resume Monday a.m., aides said.", "Monday a.m."),
            "2026-11-23T08:00:00Z/2026-11-23T11:59:59Z");
  EXPECT_EQ(TimeValueOf("Markets reopen Friday PM.", "Friday PM"),
            "2026-11-20T12:00:00Z/2026-11-20T15:59:59Z");
  std::vector<Found> found = Extract("So on Monday am I right to worry?", Reference());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].text, "Monday");
}

TEST(DatesTest, OneDayMeaningSomeday) {
  EXPECT_TRUE(Extract("One day, the old mill will reopen.", Reference()).empty());
  EXPECT_TRUE(Extract("One day they hope to return home.", Reference()).empty());
  EXPECT_TRUE(Extract("The striker wants to one day play abroad.", Reference()).empty());
  EXPECT_TRUE(Extract("Fusion could one day power cities.", Reference()).empty());
  // A length of one day.
  EXPECT_EQ(One("The walkout lasted one day.", "one day").value, 86400.0);
  EXPECT_EQ(One("Hearings were cut to one day.", "one day").value, 86400.0);
  EXPECT_EQ(One("After one day, the search was called off.", "one day").kind,
            v1::FIGURE_KIND_DURATION);
  EXPECT_EQ(One("One day of talks produced nothing.", "One day").kind, v1::FIGURE_KIND_DURATION);
}

TEST(DatesTest, LongCompoundsAndSpelledHundreds) {
  FigureMatch m = One("An 18-month-long audit found gaps.", "18-month-long");
  EXPECT_EQ(m.kind, v1::FIGURE_KIND_DURATION);
  EXPECT_EQ(m.value, 18 * 30 * 86400.0);
  EXPECT_EQ(m.unit, "month");
  EXPECT_EQ(One("A three-day-long summit opened.", "three-day-long").value, 3 * 86400.0);
  // Spelled hundreds are read whole, not from their last word.
  EXPECT_EQ(One("The abbey burned two hundred and ten years ago.",
                "two hundred and ten years ago").kind,
            v1::FIGURE_KIND_DATE);
  EXPECT_EQ(One("The feud ran one hundred and six days.", "one hundred and six days").value,
            106 * 86400.0);
}


TEST(DatesTest, AroundMakesAnApproximatePoint) {
  FigureMatch m = One("Shelling resumed around 4 p.m. near the port.", "around 4 p.m.");
  EXPECT_EQ(m.kind, v1::FIGURE_KIND_TIME);
  EXPECT_EQ(m.qualifier, v1::QUALIFIER_APPROXIMATELY);
  ASSERT_TRUE(m.date.has_value());
  EXPECT_EQ(m.date->value(), "2026-11-24T16:00:00Z");
  m = One("The board meets around the 12th next month to decide.", "around the 12th next month");
  EXPECT_EQ(m.qualifier, v1::QUALIFIER_APPROXIMATELY);
  ASSERT_TRUE(m.date.has_value());
  EXPECT_EQ(m.date->value(), "2026-12-12");
  // "about" is the preposition; a month is no point.
  m = One("They argued about Monday's vote.", "Monday");
  EXPECT_EQ(m.qualifier, v1::QUALIFIER_UNSPECIFIED);
  One("Prices peaked around March.", "March");
  // Without a frame word, "the 5th this month" may count events.
  EXPECT_TRUE(Extract("It was the 5th this month to close.", Reference()).size() == 1);
}

TEST(DatesTest, WeekdayOfACountedDay) {
  // Reference: Tuesday 24 November 2026.
  ExpectDate("The panel reconvenes Thursday two weeks from now.", "Thursday two weeks from now",
             "2026-12-10", "2026-12-10", "2026-12-10", v1::GRAIN_DAY);
  ExpectDate("Results come in 3 days on Friday.", "in 3 days on Friday", "2026-11-27",
             "2026-11-27", "2026-11-27", v1::GRAIN_DAY);
  // "from" a bare weekday counts from the coming one.
  ExpectDate("The deal closes two days from Friday.", "two days from Friday", "2026-11-29",
             "2026-11-29", "2026-11-29", v1::GRAIN_DAY);
  // "tomorrow" is no counted day: two figures.
  EXPECT_EQ(Extract("He flies Friday tomorrow.", Reference()).size(), 2u);
}

TEST(DatesTest, DaysInsideIdentifiers) {
  ExpectDate("The memo was saved as budget-2019-04-30.pdf on the shared drive.", "2019-04-30",
             "2019-04-30", "2019-04-30", "2019-04-30", v1::GRAIN_DAY);
  ExpectDate("See www.example.org/files/minutes-20210315.html for the minutes.", "20210315",
             "2021-03-15", "2021-03-15", "2021-03-15", v1::GRAIN_DAY);
  ExpectDate("The batch stamped 19991231 was recalled.", "19991231", "1999-12-31", "1999-12-31",
             "1999-12-31", v1::GRAIN_DAY);
  // Not a valid day, or not a year of ours: an id.
  EXPECT_TRUE(Extract("Order 20161345 shipped.", Reference()).empty());
  EXPECT_TRUE(Extract("Call 88012345 for tickets.", Reference()).empty());
  EXPECT_TRUE(Extract("Part AB-12345678 failed.", Reference()).empty());
  EXPECT_TRUE(Extract("Dial +20161016 or 0044 20161016 for help.", Reference()).empty());
}

TEST(DatesTest, YearsWithABound) {
  FigureMatch m = One("Models built in 2019 or later qualify.", "2019 or later");
  ASSERT_TRUE(m.date.has_value());
  EXPECT_EQ(m.date->value(), "2019-01-01/..");
  m = One("Shares bought in the tax year 2021 and after are exempt.", "year 2021 and after");
  ASSERT_TRUE(m.date.has_value());
  EXPECT_EQ(m.date->value(), "2021-01-01/..");
  m = One("Only filings with year greater than 2015 count.", "year greater than 2015");
  ASSERT_TRUE(m.date.has_value());
  EXPECT_EQ(m.date->value(), "2016-01-01/..");
  m = One("Bonds issued in 2004 or earlier mature first.", "2004 or earlier");
  ASSERT_TRUE(m.date.has_value());
  EXPECT_EQ(m.date->value(), "../2004-12-31");
  m = One("Profit for the full year 2024 rose.", "year 2024");
  ASSERT_TRUE(m.date.has_value());
  EXPECT_EQ(m.date->value(), "2024");
  // A number after "and" is no bound.
  std::vector<Found> found = Extract("Sales in 2019 and 2020 fell.", Reference());
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0].text, "2019");
}

TEST(DatesTest, SmallerForms) {
  // A spaced "s" closing the clause makes a decade.
  ExpectDate("Prices were lower in the 1980 s.", "1980 s", "1980-01-01/1989-12-31", "1980-01-01",
             "1989-12-31", v1::GRAIN_DECADE);
  // "tmrw" is tomorrow.
  ExpectDate("The count ends tmrw.", "tmrw", "2026-11-25", "2026-11-25", "2026-11-25",
             v1::GRAIN_DAY);
  // A lower-case holiday name with a year.
  ExpectDate("Rallies were held on earth day 2021 worldwide.", "earth day 2021", "2021-04-22",
             "2021-04-22", "2021-04-22", v1::GRAIN_DAY);
  EXPECT_TRUE(Extract("Plant a tree on earth day, they said.", Reference()).empty());
  // "the following Easter" is the next one.
  FigureMatch m = One("They married the following Easter.", "following Easter");
  ASSERT_TRUE(m.date.has_value());
  EXPECT_EQ(m.date->value(), "2027-03-28");
}

TEST(DatesTest, DottedDatesAreDayFirst) {
  ExpectDate("The decree of 03.02.2021 was annulled.", "03.02.2021", "2021-02-03", "2021-02-03",
             "2021-02-03", v1::GRAIN_DAY);
  FigureMatch m = One("Trading halted on 17.05.2024 09:45 local time.", "17.05.2024 09:45");
  EXPECT_EQ(m.kind, v1::FIGURE_KIND_TIME);
  ASSERT_TRUE(m.date.has_value());
  EXPECT_EQ(m.date->value(), "2024-05-17T09:45:00Z");
  // A two-digit or out-of-range year is no date.
  EXPECT_TRUE(Extract("Build 4.11.22 fixed it.", Reference()).empty());
  EXPECT_TRUE(Extract("Build 4.11.3022 fixed it.", Reference()).empty());
}

TEST(DatesTest, DayRangeOfARelativeMonth) {
  ExpectDate("The plant shuts from 8-14 of next month for repairs.", "from 8-14 of next month",
             "2026-12-08/2026-12-14", "2026-12-08", "2026-12-14", v1::GRAIN_DAY);
  ExpectDate("Talks run between the 3rd and the 6th in this month.",
             "between the 3rd and the 6th in this month", "2026-11-03/2026-11-06", "2026-11-03",
             "2026-11-06", v1::GRAIN_DAY);
  // Bare numbers without a month stay numbers.
  EXPECT_TRUE(Extract("Prices rose from 8-14 percent.", Reference()).empty());
}

TEST(DatesTest, NextOrLastMonthDay) {
  // Reference: 24 November 2026.
  ExpectDate("The firm filed for bankruptcy last July 17.", "last July 17", "2026-07-17",
             "2026-07-17", "2026-07-17", v1::GRAIN_DAY);
  ExpectDate("The tariff lapses next 2nd of March.", "next 2nd of March", "2027-03-02",
             "2027-03-02", "2027-03-02", v1::GRAIN_DAY);
  ExpectDate("Voting closes next November 30.", "next November 30", "2026-11-30", "2026-11-30",
             "2026-11-30", v1::GRAIN_DAY);
  ExpectDate("It was raised last December 3.", "last December 3", "2025-12-03", "2025-12-03",
             "2025-12-03", v1::GRAIN_DAY);
  // The month alone stays a month.
  ExpectDate("The plan starts next March.", "next March", "2027-03", "2027-03-01", "2027-03-31",
             v1::GRAIN_MONTH);
}

TEST(DatesTest, DayInWordsWithAYearInWords) {
  ExpectDate("The treaty was signed on nine June nineteen eighty four.",
             "nine June nineteen eighty four", "1984-06-09", "1984-06-09", "1984-06-09",
             v1::GRAIN_DAY);
  // With digits for the year, a number word before a month is a count.
  std::vector<Found> found = Extract("Twelve March 2020 marchers were held.", Reference());
  for (const Found& f : found) EXPECT_NE(f.text, "Twelve March 2020");
}

TEST(DatesTest, OrdinalWordDayRanges) {
  ExpectDate("The fair runs June second through sixth.", "June second through sixth",
             "2026-06-02/2026-06-06", "2026-06-02", "2026-06-06", v1::GRAIN_DAY);
  ExpectDate("Roads close from the ninth to the twelfth of May.",
             "from the ninth to the twelfth of May", "2026-05-09/2026-05-12", "2026-05-09",
             "2026-05-12", v1::GRAIN_DAY);
  ExpectDate("Schools shut from first till third of March.", "from first till third of March",
             "2026-03-01/2026-03-03", "2026-03-01", "2026-03-03", v1::GRAIN_DAY);
  // Without a month, ordinal words stay ordinals.
  std::vector<Found> found = Extract("It climbed from ninth to third place.", Reference());
  EXPECT_TRUE(found.empty());
}

TEST(DatesTest, DateCommandOrder) {
  FigureMatch m = One("The log reads Thu Mar 5 08:15:30 2020 at the top.", "Thu Mar 5 08:15:30 2020");
  EXPECT_EQ(m.kind, v1::FIGURE_KIND_TIME);
  ASSERT_TRUE(m.date.has_value());
  EXPECT_EQ(m.date->value(), "2020-03-05T08:15:30Z");
  ExpectDate("It was stamped Fri Jan 8 2021 in red.", "Fri Jan 8 2021", "2021-01-08", "2021-01-08",
             "2021-01-08", v1::GRAIN_DAY);
  // A number before a noun after the clock is a count, not the year.
  std::vector<Found> found = Extract("On Mar 5 at 10 a.m. 2020 voters queued.", Reference());
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0].text, "Mar 5 at 10 a.m.");
}

TEST(DatesTest, DayThenLengthFromAClock) {
  FigureMatch m = One("The hall is booked on 3 March for 4 hours from 8:30am.",
                      "3 March for 4 hours from 8:30am");
  EXPECT_EQ(m.kind, v1::FIGURE_KIND_TIME);
  ASSERT_TRUE(m.date.has_value());
  EXPECT_EQ(m.date->value(), "2026-03-03T08:30:00Z/2026-03-03T12:30:00Z");
}

TEST(DatesTest, BetweenNowAndAClockTime) {
  // Reference 09:30: "eight o'clock" is the coming 20:00.
  FigureMatch m = One("Polls stay open between now and eight o'clock.",
                      "between now and eight o'clock");
  ASSERT_TRUE(m.date.has_value());
  EXPECT_EQ(m.date->value(), "2026-11-24T09:30:00Z/2026-11-24T20:00:00Z");
  m = One("Trading is halted between now and 11 a.m. today.", "between now and 11 a.m. today");
  ASSERT_TRUE(m.date.has_value());
  EXPECT_EQ(m.date->value(), "2026-11-24T09:30:00Z/2026-11-24T11:00:00Z");
}


}  // namespace
}  // namespace wirelens::stages::figures
