// File: figures.h
//
// The numeric-figure extractor of the "figures" stage: finds the numbers a
// reader would quote in one analysed field and says what they measure.
// Dates, times and durations come from dates.h; this file also offers the
// text-level entry point that runs both, as the stage does.
//
// Kinds (v1::FigureKind) and what is read:
//   - CARDINAL: "27,700 soldiers", "forty", "two and a half", "1/2", "½";
//     with the counted noun phrase after it ("soldiers", "people",
//     "members of parliament");
//   - ORDINAL: "30th", "82nd", "third", "twenty-first"; relative ordinals
//     ("last", "next to last", "the previous one") without value and with
//     `relative_position` ("end+0", "end-1", "current-1");
//   - MONEY: currency symbol, code or name, mapped to ISO 4217, with any
//     magnitude: "$40 billion" (ambiguous "$" is USD), "US$5", "C$3",
//     "€1.2bn", "£300m", "¥500", "₹20 lakh", "CHF 10", "40 euros",
//     "5 million rubles", "pounds sterling", "100元"; "34 cents" is 0.34 USD;
//     "c $ 300 million" (CAD), former currencies ("420 million markka",
//     "guilders", "12 million marks"), "120 MEUR" (millions), "13 dollars
//     and 45 cents" (13.45); a currency named without a number is nothing;
//   - PERCENT: "12%", "12 percent", "12 per cent", "12 pct"; without value
//     for a percentage named without a number ("the % of", "a percentage");
//     PERCENTAGE_POINTS: "2.5 percentage points", "0.5 pct point", "25 basis
//     points" (0.25);
//   - QUANTITY: a number with a unit; `unit` is the canonical symbol ("km",
//     "kg", "t", "km²", "bbl", "km/h", "°C", "kWh", "MW", "GB") and
//     `dimension` its dimension. "pounds" is money (GBP) with a magnitude
//     ("5 million pounds") or "sterling", else mass (lb); units joined by a
//     hyphen count too ("a 12-mile tailback", "twelve-mile", "500-pound");
//     "5 ft 10 in" and "7 lb 8 oz" are one figure in the larger unit;
//     degrees without a scale ("85°", "45 degrees") have unit "°" and a
//     temperature or angle dimension from the words around them; a
//     temperature scale named without a number inside a conversion
//     ("40C to fahrenheit") is a QUANTITY without value;
//   - AGE (years): "a 34-year-old", "17-year-olds", "thirty-four-year-old",
//     "34 years old", "34 years of age", "aged 34", "age 34", "the age of
//     34"; months, weeks and days are converted to years ("8 months old",
//     "a three-week-old"); "between 5 and 10 years old" sets low/high.
// Durations ("48 hours", "three weeks") are left to dates.h, which owns every
// "<count> <time unit>" expression.
//
// Ranges set low/high instead of value: "between 10 and 20", "10-20 km",
// "from 5 to 7 percent", "$10-20 billion" (the magnitude applies to both
// ends; "between two and three million" too); "up to 150" sets only `high`
// (qualifier UP_TO); "20~100"; opposite bounds joined by "and", "but" or a
// comma are one range without qualifier ("more than 10 and less than 20",
// "at most 60, at least 45"). A descending pair joined by a hyphen ("won
// 3-1") is a score and yields nothing.
//
// Qualifiers before the figure are part of its span: APPROXIMATELY ("about",
// "approximately", "around", "some", "roughly", "an estimated"), AT_LEAST
// ("at least", "no fewer than", "no less than"), MORE_THAN ("more than",
// "over", "above"), AT_MOST ("at most", "no more than"), LESS_THAN ("less
// than", "fewer than", "below", "under"), UP_TO, NEARLY ("nearly", "almost",
// "close to"), EXACTLY ("exactly", "precisely"); comparisons: MORE_THAN
// ("greater than", "larger than", "exceeding", ">"), LESS_THAN ("smaller
// than", "<"), AT_LEAST ("greater than or equal to", "≥", and "or more"
// after the number), AT_MOST ("less than or equal to", "≤", "or fewer").
// Signs: "-5", "−5", "minus 5", "negative 5".
//
// Not figures (precision over recall):
//   - numbers inside names and codes, which the tokenizer keeps in one word
//     ("G20", "COVID-19", "F-16") or which follow a capitalized name in
//     running text ("Boeing 737", "Windows 11", "iPhone 15");
//   - numbers after a label word: "Article 5", "page 12", "section 3",
//     "Chapter 11", "No. 10", "flight 370", "Route 66", "model 3" (an
//     article number is an identifier, not a count);
//   - phone numbers, ids and codes: numbers with a leading zero ("0123"),
//     bare integers of seven or more digits, chains of three or more numbers
//     joined by hyphens, dots or spaces ("202-555-0123", "978-0-306-40615-7"),
//     numbers after "+" or after "ISBN", "tel", "phone", "fax", "ID";
//   - clock times ("14:32") and slash dates, and bare years 1900-2100 unless
//     a counted noun follows and no date word precedes ("2026 soldiers"):
//     dates.h reads those;
//   - digits glued to letters that are not a unit or magnitude ("5G", "3D",
//     "1990s");
//   - a lone "one" without a counted noun ("one of the"), "second" after "a"
//     or "per", capitalized number words inside running text ("Formula One",
//     "the Big Four"), and plural scales ("hundreds of", "thousands").
//
// Languages: digits follow the language's decimal separator
// (DecimalStyleFor); words, units and qualifiers are English, plus percent
// words and a few currency phrases of de, es, fr, it, pt, nl, ru, uk
// ("3,5 Prozent", "12 процентов", "1.200 millones de euros").
//
// Thread-safety: stateless apart from immutable tables built on first use;
// safe to call concurrently. Cost: linear in the tokens, bounded look-ahead
// and look-behind per number; one hash lookup per word that could start a
// number.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "pipeline/text_analysis.h"
#include "stages/figures/figure_match.h"
#include "stages/figures/numbers.h"

namespace wirelens::stages::figures {

// Appends the numeric figures of `field` (all kinds above, no dates) to
// `*out` in text order, without overlaps among themselves. `language` is the
// ISO 639-1 code of the text ("" if unknown): it picks the decimal separator
// (DecimalStyleFor), and counted nouns are only read for English or unknown
// text (the phrase rules are English).
void ExtractNumericFigures(const pipeline::FieldAnalysis& field, std::string_view language,
                           std::vector<FigureMatch>* out);

// Merges the numeric figures and the date matches of one field into `*out`
// (appended) in text order. Where they overlap the date match wins (a year,
// a clock time, a duration), except that an age drops a duration inside it
// ("3 years of age") and any numeric figure a shorter duration inside it
// ("one hundred and three quarters"); among equals the longer and earlier
// one wins. The output is in text order and never overlaps: should an
// extractor emit overlapping figures, the later one is dropped.
// Both inputs are consumed (left in a valid but unspecified state).
void MergeFigures(std::vector<FigureMatch>* numbers, std::vector<FigureMatch>* dates,
                  std::vector<FigureMatch>* out);

// MergeFigures without moving a figure: appends to `*out` pointers to the
// elements of `*numbers` and `*dates` that MergeFigures would append, in
// the same order. Durations may be erased from `*dates` as there; the
// pointers are valid until either vector is changed.
void MergeFigureRefs(std::vector<FigureMatch>* numbers, std::vector<FigureMatch>* dates,
                     std::vector<FigureMatch*>* out);

// Text-level API (evaluation, tools): tokenizes `text` as a body field,
// runs ExtractNumericFigures with the separators of `language` (ISO 639-1,
// "" for English) and ExtractDates with `reference` (nullopt: relative dates
// unresolved), and returns the merged figures in text order. Offsets are
// byte offsets into `text`.
std::vector<FigureMatch> ExtractFigures(std::string_view text, std::string_view language,
                                        std::optional<absl::Time> reference);

}  // namespace wirelens::stages::figures
