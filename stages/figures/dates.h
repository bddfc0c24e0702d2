// File: dates.h
//
// Dates, times and spans of time in English news text, resolved against the
// article's publication time.
//
// ExtractDates scans one analysed field (pipeline/text_analysis.h) token by
// token with fixed word tables (no regular expressions) and appends one
// FigureMatch per expression, longest match first at each position:
//   - FIGURE_KIND_DATE: calendar days and periods ("24 November 2026",
//     "Nov. 24", "2026-11-24", "in 2025", "the 1990s", "Q3 2025",
//     "mid-2026", "early March", "last week", "this fall", "two days ago",
//     "within the next 10 days", "over the weekend", "Dec. 3-5",
//     "from 2014 to 2018", "since 2019", "Christmas Eve", "Thanksgiving");
//   - FIGURE_KIND_TIME: anything with a time of day ("at 3 p.m.",
//     "9:30 a.m. ET", "Monday at 3 p.m.", "tonight", "last night",
//     "this morning", "the past 24 hours", "half past seven", "late
//     afternoon", "from 5 to 6 p.m. on Friday", "3:00 to 4:00 tomorrow"),
//     and the reference instant ("now", "right now", "at the moment");
//   - FIGURE_KIND_DURATION: a length of time ("for three weeks",
//     "48 hours", "an hour", "a two-year deal", "one and a half hours",
//     "half an hour", "2.5 hrs", "3h", "1 hour 30 minutes", "a few
//     minutes", "another day", "all week", "whole day", "a fortnight" (two
//     weeks), "40 sec", "2 yrs", "3 wks"):
//     `value` in seconds, `unit` as written (the first unit of a compound);
//     not rates ("twice a week", "48,000 tonnes a year", "900 dollars a
//     month": an article unit after a noun counted at most three tokens
//     back) nor "a second term";
//   - recurring times ("weekly", "every day", "every three weeks", "once a
//     year", "every Tuesday", "Tuesdays at 9 a.m.", "the 5th of every
//     month", "semiannual", "every single day", "every 3rd week", "Sunday
//     mornings", "every summer", "every March", "daily at 9 a.m.", "every
//     evening at 7"): FIGURE_KIND_DATE, or FIGURE_KIND_TIME with a time of
//     day, whose value is an ISO 8601 repeating interval (see Output).
//
// ---- Ownership of byte ranges (for the stage) -----------------------------
// This extractor owns every "<count> <time unit>" expression, whether it is
// a duration ("48 hours"), an offset ("two days ago", "in two weeks") or a
// window ("the past 24 hours"), and every bare year, clock time ("14:32 GMT")
// and date number ("24/11/2026"). The numbers extractor may still report the
// cardinal inside such a range; the stage drops any figure overlapping a
// date/time/duration match ("dates win"). Ages ("34-year-old", "34 years
// old") are NOT claimed here: they belong to the numbers extractor.
//
// ---- Resolution rules ----------------------------------------------------
// All resolution is in UTC. A written zone ("GMT", "UTC", "ET", "EDT",
// "PT", "CET", "BST", "MSK", ...) converts the clock time to UTC; US zones
// without S/D ("ET", "PT") follow US daylight-saving rules of that date.
// A clock time without a zone is taken as UTC.
//   - Weeks are ISO weeks, Monday to Sunday. "this/last/next week" is the
//     reference's week, the one before, the one after.
//   - A bare or "on" weekday ("Monday", "on Friday") is the most recent
//     such day on or before the reference day (news reports the past; the
//     Recognizers spec gives both past and future, we give the past one).
//     "this Monday" is the Monday of the reference's week, "last Monday" of
//     the week before, "next Monday" of the week after.
//   - A month or day without a year ("in March", "Nov. 24", "early March")
//     is in the reference's year. "last March" is the latest March before
//     the reference's month, "next March" the first one after.
//   - Numeric dates: "2026-11-24" is ISO. With slashes, a part above 12
//     fixes the order ("24/11/2026" is day-first, "11/24/2026" month-first);
//     when both readings are valid ("5/11/2026") we read en-US month-first
//     (the wire services we ingest in English are US-style). Slash dates need
//     a year ("24/7" is not a date); a two-digit year is 20xx below 50 and
//     19xx from 50 ("05/05/71" is 1971), as in "15 April of 87", "May '98"
//     and "April 3, '99" (a short year needs "of" or an apostrophe, and no
//     noun after it).
//     Dotted dates are day first and need a four-digit year 1900-2100
//     ("23.04.2022"). An ISO day or YYYYMMDD inside a file name or URL
//     ("report-2002-10-09.xlsx", "-20170302.html"; the span is the digits)
//     and a bare valid YYYYMMDD number ("20161016") are days.
//   - A year with a bound: "2019 or later", "1987 and beyond" (since),
//     "2004 or earlier" (until its end), "year greater than 2012" (after);
//     "year 2024" spans the word. "around" before a clock time or a day
//     ("around 1 p.m.") is that point, qualifier APPROXIMATELY.
//   - "last July 17" / "next 6th of April": the latest such day before the
//     reference day / the first after it. A weekday next to a counted day
//     is that day's week's ("Monday two weeks from now", "in 3 days on
//     Friday"); "3 days from Tuesday" counts from the coming Tuesday.
//   - A bare four-digit number 1900-2100 is a year when no lowercase word
//     (other than "was", "is", "will", ...) follows it ("from 2014 to
//     2018", "2026 World Cup", "2025."), or, before a lowercase noun, after
//     a word that takes a time ("in", "since", "by", "during", "fiscal",
//     "early", ...) or a determiner ("the 2026 budget"); not in "2026
//     soldiers" or "a crowd of 2000 people".
//   - Seasons are meteorological, northern hemisphere: spring March-May,
//     summer June-August, fall/autumn September-November, winter December
//     to February (the winter of year Y starts in December of Y). "this
//     winter" is the one of the reference's season year (January and
//     February belong to the previous December's winter).
//   - Holidays: Christmas (Eve/Day), New Year's Day/Eve, Halloween,
//     Juneteenth on their dates, Easter (Gregorian) and Thanksgiving (US,
//     fourth Thursday of November), in the reference's year unless a year
//     follows ("Easter 2025"); "the following Easter" is the next one.
//     Also, capitalized (lower case only with a year: "earth day 2010"):
//     Valentine's Day, St.
//     Patrick's Day, Earth Day, Independence Day, Veterans Day, Boxing Day,
//     Labour Day (May 1) on their dates; Martin Luther King (Jr.) Day and
//     Presidents' Day (third Monday of January / February), Memorial Day
//     (last Monday of May), Labor Day (US, first Monday of September),
//     Columbus Day (second Monday of October), Mother's Day / Father's Day
//     (second Sunday of May / third Sunday of June), Good Friday and Easter
//     Monday (Easter -2 / +1 days), Black Friday and Cyber Monday
//     (Thanksgiving +1 / +4 days). A holiday weekend ("Thanksgiving
//     weekend", "the weekend of Halloween") is Saturday-Sunday, stretched
//     from a Thursday or Friday holiday or to a Monday one.
//     A holiday takes no clock time or part of the day: "Christmas Eve at
//     6 p.m." is a DATE and a TIME, the time on the holiday's date
//     (Recognizers-Text reports the two apart).
//   - Fiscal years are calendar years unless the text defines them
//     ("this fiscal year", "fiscal 2025", "FY2025").
//   - Parts of a month: early 1-15, mid 10-20, late 16-end; of a year:
//     early January-June, mid May-August, late July-December; of a decade
//     ("the early 1990s"): early x0-x3, mid x4-x6, late x7-x9; of a week:
//     early Monday-Wednesday, late Thursday-Sunday. "earlier"/"later"
//     ("later this week") are the early/late parts, as in Recognizers-Text.
//     Parts of a
//     day: morning 08:00-11:59:59, afternoon 12-16, evening 16-20, night and
//     "tonight" 20:00-23:59:59, lunchtime 11-13, dinnertime 18-20 ("after
//     dinner" from 20:00; Recognizers-Text
//     conventions); "early"/"late" are their first/second half ("early
//     morning" 08:00-09:59:59, "later in the afternoon" 14:00-15:59:59,
//     "late-night", "late Thursday night"), "mid" its middle
//     instant ("mid-morning" 10:00); without "in the" these need a
//     preposition or a holiday before them or no lower-case noun after
//     them ("an early morning raid", "a late-night host" are no times). A
//     part without a day ("in the morning", "at night", "before lunch") is on
//     the reference day; a day after it ("in the afternoon, this Friday", "in
//     the late night on Tuesday") moves it there, except for meal times
//     ("at lunchtime today" is two expressions, as in Recognizers-Text).
//     A day with "a.m."/"AM" or "p.m."/"PM" ("Tuesday AM") is its morning
//     or afternoon.
//   - Clock times: "3 p.m.", "3pm", "9p", "8:45a", "9.am", "2.30pm",
//     "7:56:30 pm", "15:00 GMT", "4 o'clock", "noon", "12 noon", "seven
//     p.m.", "half past seven", "quarter to six", "20 min past eight",
//     "1430 GMT" (four digits are a time only with a zone or a leading zero,
//     "0730"; else a year), with US zones in words ("8 p.m. Eastern time",
//     "Pacific Daylight Time"). A bare "15:00" needs a word before it ("at",
//     "by", "until", "after", ...) or a day; a bare hour ("at 7") or a
//     spelled "seven thirty" only after a day or a part of one ("last night
//     at 8", "tomorrow at seven thirty") or right before a day word ("at 7
//     tonight"; not "stood at 7 on Monday"), and never before a noun or
//     unit ("at 7 percent"); "6.45" only with a.m./p.m. or a part of the
//     day ("closed at 10.25" is a price). A possessive day takes an
//     explicit time: "Friday's 5 p.m. deadline". An hour without a.m./p.m.
//     is read inside the part of the day written with it: "in the afternoon
//     at 7" and "7 in the evening" are 19:00, "last night at 11" 23:00, "1
//     at night" 01:00; otherwise it is taken as written ("4 o'clock" 04:00).
//   - Clock ranges: "[from|between] A to|until|-|and B [day]" where one end
//     has a.m./p.m. or a part of the day, or both are written "H:MM" (one
//     is enough after "from", "between" or a day). An end without a.m./p.m.
//     or zone takes the other's: "5 to 6pm" 17:00-18:00, "11 to 1pm"
//     11:00-13:00, "10am to 2" 10:00-14:00, "9 to 11:30 a.m. ET" both ET;
//     a B before A runs over midnight; "10am-12am" ends at noon. Two bare
//     hours only next to a weekday or a relative day ("Monday 11-4", "from
//     5 to 7 tomorrow", "2 to 4 this afternoon"; not "rose 5 to 7 today").
//     One TIME figure from A to B (both inclusive instants), on the day
//     written before or after it, else on the reference day. Glued forms: "10am-12pm",
//     "3pm-5:30pm". "no later than X" / "as late as X" end at X with the start open; "3 p.m. or
//     later" starts at 3 p.m. with the end open. "the end of today/tomorrow/Monday" and "by the end
//     of the day" are that day's last second ("at the end of the day" is an idiom and left alone).
//     "today before 4pm", "Friday after 6 p.m." bound the clock time on that day;
//     "2016-12-16T12:23:59" is a date-time.
//   - "N days ago" / "in N weeks" are single days (Recognizers-Text: a
//     date); "(the) past/last/previous N days|weeks|months|years" is the N
//     units up to the day before the reference day ("past three months" on
//     Nov 24: Aug 24 - Nov 23), "next/following/coming N ..." and "within
//     the next N days" start the day after it; quarters are whole calendar
//     quarters ("the past two quarters": the two before the current one).
//     The span of such a window starts at the direction word, not "the"
//     (Recognizers-Text). "the past N hours" ends at the reference instant.
//   - Offsets from a day: "three days from today", "two weeks before
//     Christmas", "two months after next Friday" count from that day; with
//     "from" only a day named relative to today anchors the count ("a day
//     from Dec. 1" is a rate; "for 18 months from January 15" a duration).
//   - Weeks of a period ("the last week of July", "the first week of
//     2027") are Monday-Sunday weeks assigned, as ISO weeks are, to the
//     period that holds their Thursday. "week 31" (lower-case) is ISO week
//     31 of the reference's ISO year ("week 3 of 2027" of that year); "the
//     week of March 3" is the Monday-Sunday week holding that day.
//   - Decades after "the" take it into the span: "the 1970s", "the '70s",
//     "the 70's", "the seventies"; a two-digit decade is the latest one not
//     after the reference's year ("the 20s" in 2026: 2020-2029).
//   - "the 21st century" / "the nineteenth century" (lower-case "century")
//     are the years 2000-2099 / 1800-1899; "calendar year 2025" is 2025; "the
//     past fortnight" is a window of two weeks.
//   - "the first nine months of the year", "the last three days of June":
//     the leading or trailing days, weeks or months of that period; "the
//     first/last/15th/thirty-first day of <period>" one day of it
//     (unresolved when the period has no such day).
//   - "end/beginning/middle of" a week, month, year or decade ("the end of
//     the decade": its late part, x7-x9), "EOY", and "later/
//     earlier in the year" are the late/early/mid parts above; "year to
//     date" runs from January 1 to the reference day; halves ("H1 2025",
//     "2025 H2", "the first half of next year") are January-June and
//     July-December (of a month: days 1-15 and 16-end).
//   - Ordinal days: "on/by the 18th" alone is a day of the reference's month
//     (the latest month that has it); "Tue 13th" / "Sunday 31." / "Friday
//     the 13th" is the nearest such weekday-and-day before or after the
//     reference day; "next week on Wednesday" / "Friday of last week" are
//     days of that week; "the first Tuesday of December" / "the last
//     Monday in May" days of that month; "on Tues." (a capitalized
//     abbreviation after "on") a bare weekday; "Friday next week" the
//     Friday of that week. "the 20th of next month" is that day (an
//     impossible one, "the 31st of this month" in November, is unresolved).
//     "the day after tomorrow" / "the day before yesterday" are +2 / -2
//     days; "the year (month, week, weekend) after next" is +2; "Q3 this year" and
//     "the third quarter of last year" are quarters of that year. "the month of June" is June;
//     "(the) rest of the week/month/year" runs from the reference day to the
//     end of that period.
//   - Other written forms: "05-Aug-2016", "2019/aug/01", "23/Sep/2020",
//     "Oct/2", "3-14-2021" (month-first as with slashes), "October, 1st",
//     "June the 28th", "April ninth", "the fourth of July 1995"; a slash day
//     without a year only after "on" ("on 22/04") or a weekday ("Friday
//     5/12") or as the start of a range with a year ("10/1-11/2/2017").
//     Years in words after a word that takes a time ("in nineteen ninety
//     six", "since two thousand and five") or closing a date ("October two
//     thousand and five"), not before a lower-case noun ("two thousand
//     workers"). Years 1000-1899 only after "in", "since", "during",
//     "until", "back to" ("built in 1874", "dates back to 1865"; not "in
//     1500 cases"). "2027/05/12" is year-month-day. "2025 Q2" and
//     "2025-Q2" are quarters.
//   - "next Christmas" / "last Easter" are the first such holiday after the
//     reference day / the latest one before it.
//   - A day no calendar has ("Feb 30", "April 31, 2025") is reported with
//     resolved=false and its written form as `relative`; "Feb 29" without
//     a year is in the latest leap year up to the reference's.
//   - "over the weekend" is the latest weekend that started on or before
//     the reference day; "this weekend" the weekend of the reference's week.
//   - "the past N quarters" / "the next N quarters" are whole calendar
//     quarters before / after the reference's quarter (Recognizers-Text).
//     The span of a window starts at "past"/"last"/"next" (not at "the" or
//     "over the").
//   - "N days from/after/before <day>" ("three days after Christmas", "two
//     days from today") is that day shifted; "N days later/earlier" stays a
//     duration (it counts from a narrated event). A length starting on a
//     day, "for 12 months from March 1", "two weeks starting Dec. 7", is a
//     date range from that day to the day before the same day N units later
//     (the span takes "for" only with "from", as in Recognizers-Text); "for
//     2.5 hours from 9:30 a.m." (or "from 9": the length makes a bare hour
//     a clock time) and "from 6 p.m. for three hours" are time ranges from
//     that instant.
//   - Durations: a month is 30 days, a quarter 90, a year 365. Vague counts
//     follow Recognizers-Text: "a few", "several", "some" are 3 and "a
//     couple (of)" 2; "some" only after a word that takes a duration ("for
//     some days"); vague counts give windows ("the past few days", relative
//     "past:P3D;approx") but no point in time ("a few days ago" yields
//     nothing), and fractions of a day or more give neither. A bare "half"
//     is a count only before "hour" or after a word that takes a duration
//     ("for half year"; "the first half year" is a period). A single letter after digits
//     ("10D", "3Y", "2W") is a unit only after "for", "lasted", "took", ...
//     and before no word ("3D printing" is not); "3h" always.
//   - "one quarter", "three quarters", "three-quarters" are a fraction, not
//     a duration, unless time speaks ("after", "during", "past",
//     "consecutive" ... before it; "of" with a trend or a year; "in", "for",
//     "first" before it; "ago", "later", "running", "in a row", "to" a month
//     after it; "one quarter" needs "of"): "three quarters of voters"
//     yields nothing here.
//   - "-long" compounds ("a 12-month-long inquiry") are durations.
//   - "one day" meaning someday is no duration: after "to" or a modal
//     before a verb ("could one day replace"), or opening a clause before a
//     comma or a new subject ("One day, he left").
//   - Present references: "right now", "at the moment", "at this moment",
//     "at present", "at the present time", "at this time" (not before "of",
//     "last", "next", ...: "at this time of year"), and "now" closing a clause
//     ("we can meet now.") or bounding a range ("between now and May 21",
//     a date range from the reference day); not mid-clause "now" ("is now
//     profitable"), a sentence-initial "Now," or "for/by/until/just now".
//     Value: the reference instant, relative "now".
//   - Recurring sets are anchored, where a weekday or a time of day fixes
//     one, at the first occurrence at or after the reference (day or
//     instant): "every Thursday" -> "R/2026-11-26/P1W", "every day at
//     9 a.m." -> "R/2026-11-25T09:00:00Z/P1D", "every March" ->
//     "R/2027-03-01/P1Y"; otherwise unanchored ("R/P1W", "every summer"
//     "R/P1Y"; resolved even without a reference). An hour without
//     a.m./p.m. after an afternoon or evening part is read in it ("every
//     evening at 7" is 19:00). "twice a week", "three times a
//     year" are frequencies, not one recurrence, and yield nothing (nor a
//     duration). Capitalized periodic words inside a sentence ("the Daily
//     Mirror"), publications ("the financial daily said", "the business
//     weekly Zeitwerk") and bare "annual" are not sets.
//
//   - Ranges: "from A to B", "between A and B", "A - B", "A through B":
//     from A's start to B's first day or instant; a day B is included
//     whole. For coarser B this follows Recognizers-Text ("from 2014 to
//     2018" ends on 2018-01-01; "Jan-Feb 2027" ends on 2027-02-01). A year
//     after B, or written only with B, holds for both ends ("from April to
//     June in 2017", "January - March 2017"; not "this May to Oct 2020");
//     "between now and March 1" starts on the reference day and takes the
//     next March 1; "between Aug 2019 and now" and "from March to date"
//     end on it. A range of months without a year across the new year
//     ("from November to March") takes the reading nearer the reference:
//     the start a year earlier or the end a year later. "the end of X" as
//     the far end of a range, or after "before", counts whole ("between
//     now and the end of the month" ends on its last day).
//   - "the following week/month/year/Monday" is +1 like "next" (span from
//     "following"); without "the", "following" is a preposition
//     ("following Monday's vote"). Day ranges before a month: "9-12 June", "9 to 12 of
//     June", "the 3rd to the 7th of March"; without a month, ordinals after
//     "from"/"between" are days of the reference's month ("from the 5th to
//     the 10th"). A range of bare weekdays ("from
//     Monday to Friday") ends on the first such day after its start.
//     "since X" and "starting (on) X" start at X, "after X" after X
//     (at X for a clock time), "before X" ends just before X; the other
//     bound is open (empty in the proto, ".." in `value`).
//
// ---- Output --------------------------------------------------------------
// FigureMatch::date (v1::ResolvedDate): `begin`/`end` are INCLUSIVE ISO 8601
// bounds ("2026-11-16".."2026-11-22"; with a time of day
// "2026-11-24T15:00:00Z"). `value` is one date or date-time when the
// expression denotes one, "YYYY-MM" for a whole month, "YYYY" for a whole
// year, else the interval "begin/end". `relative` is the normalized relative
// form ("day:-1", "week:-1", "weekday:monday;direction:past",
// "XXXX-11-24", "ago:P2D", "day:0;part:afternoon;mod:late",
// "range:day:+1;time:03:00..time:04:00", "mod:until;time:17:00"), empty for
// fully absolute expressions.
// Recurring sets have no begin/end: `value` is the repeating interval
// ("R/P1W", "R/2026-11-24T09:00:00Z/P1W") and `relative` spells the set
// ("set:every;period:P1W;weekday:tuesday;time:09:00", "set:once;period:P1Y",
// "set:every;period:P1D;part:morning"); an anchored set without a reference
// is resolved=false with only `relative` and `grain`. Without a
// reference time, relative expressions come out with resolved=false and only
// `relative` and `grain` set; absolute ones ("24 November 2026") are still
// resolved.
//
// Thread-safety: stateless; safe to call concurrently. Cost: linear in the
// number of tokens, a bounded look-ahead per token.
#pragma once

#include <optional>
#include <vector>

#include "absl/time/time.h"
#include "pipeline/text_analysis.h"
#include "stages/figures/figure_match.h"

namespace wirelens::stages::figures {

// Appends to `*out` every date, time and duration expression of `field`
// (English rules; other languages yield little or nothing), in text order,
// without overlaps among themselves. `reference` is the publication time;
// nullopt leaves relative expressions unresolved (see above).
void ExtractDates(const pipeline::FieldAnalysis& field, std::optional<absl::Time> reference,
                  std::vector<FigureMatch>* out);

}  // namespace wirelens::stages::figures
