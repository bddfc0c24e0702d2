// File: numbers.h
//
// Reading numbers out of the token stream (pipeline/text_analysis.h): digit
// tokens with locale-dependent separators, number words, magnitude words and
// abbreviations, fractions and signs. The figure extractor (figures.h) builds
// on it; nothing here decides what a number means.
//
// What is read, starting at a token:
//   - digits: "27,700", "1.5", ".5", "1.000.000"; which of "." and "," is
//     the decimal separator depends on the language (DecimalStyleFor).
//     Grouping must be regular (groups of three after the first group of one
//     to three digits), otherwise the token is not a number: "1,00,000" (lakh
//     grouping) and "14:32" are refused, so are "24/7" and dates. A "1/2"
//     style fraction is read when the numerator is smaller than a common
//     denominator ("9/11" is not one); after an integer it makes a mixed
//     number ("2 1/4"). Groups of three digits separated by spaces read as
//     one number ("40 000", "1 234 567.89");
//     Vulgar fraction characters: "½", "¼", "¾", "⅓", "⅔", glued to digits
//     or not ("2½");
//   - number words (English): "forty", "forty-two", "one million two hundred
//     thousand", "two and a half", "a dozen", "a hundred", "half a million",
//     "three quarters", "two thirds", ordinals "third", "twenty-first",
//     "two hundredth"; fractions with any numerator and compound
//     denominators ("three twenty-firsts", "one one hundred fifth"; the
//     longest denominator wins), mixed numbers ("one hundred and three
//     quarters", "two million and a half"), ratios ("three out of four",
//     "one over twenty"), spoken decimals ("five point two", "nought point
//     nought three"), digits inside words ("3 hundred and 21", "5 dozen");
//     "a third" before a noun is left to the ordinal ("a third straight
//     win");
//   - exponents glued to digits: "1e10", "-12e-1", "6.02E+23", "2^10";
//   - loose bounds glued after a number: "20-odd", "thirty-odd", "40-plus",
//     "40+" (ParsedNumber::bound);
//   - magnitudes after digits or words: "million", "billion", "trillion",
//     "thousand", "lakh", "crore", the abbreviations "bn", "bln", "mn",
//     "mln", "tn", "trn", "k", a glued "b", German "Mio."/"Mrd."; a glued "m"
//     ("300m") only when the caller says money is involved (otherwise it
//     is metres); a glued magnitude opening a rate or "-strong" compound
//     in one token ("1m-a-year", "5bn-a-year", "2m-strong");
//   - a count after a scale of a thousand or more that counts a time unit
//     starts a new phrase ("$7 billion and six years later" ends at
//     "billion"); after digits and a scale only digit groups and "and a
//     half" continue the number ("$10 million one time" ends at "million"),
//     and not digits hyphenated to a word ("5 million 2-litre bottles");
//   - plural scale words without a count ("hundreds of", "thousands",
//     "dozens") have no value and are not read.
// Signs ("-5", "−5", "minus 5") are handled by the caller, which sees the
// context.
//
// Thread-safety: all functions are pure; the word tables are built once on
// first use (thread-safe static initialization) and never change.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/text_analysis.h"

namespace wirelens::stages::figures {

// Which separator marks decimals in digit groups.
enum class DecimalStyle : uint8_t {
  kPoint,  // "1,000.5": English, Chinese, Japanese, Korean, Hebrew, Thai ...
  kComma,  // "1.000,5": German, Spanish, French, Italian, Portuguese, Dutch,
           // Russian, Ukrainian, Polish, Turkish, Indonesian ...
};

// The style for an ISO 639-1 code ("de", "en"); kPoint for unknown or empty.
DecimalStyle DecimalStyleFor(std::string_view language);

// Parses one digit token's text ("27,700", "3,5", "1.000.000", ".5",
// "30th" without its suffix is the caller's job). Returns nullopt when the
// text is not a plain number in `style` (irregular grouping, clock times,
// several slashes, letters). A lone separator group of three digits
// ("1.000" / "1,000") is read as grouping in both styles for "," in kPoint
// and "." in kComma, and as a decimal for the other separator.
std::optional<double> ParseDigits(std::string_view text, DecimalStyle style);

// Indian digit grouping ("1,00,000", "12,34,567.89": pairs before the last
// three digits, "." decimals), which ParseDigits refuses; the caller reads
// it only for rupee amounts. nullopt if `text` has not that shape.
std::optional<double> ParseLakhDigits(std::string_view text);

// Value of a one-character vulgar fraction ("½" -> 0.5) at the start of
// `text`, with its byte length in *length; nullopt if none.
std::optional<double> ParseVulgarFraction(std::string_view text, size_t* length);

// Lowercases ASCII letters of `text` into `*out` (other bytes unchanged).
void AsciiLower(std::string_view text, std::string* out);

// The scale of a magnitude word or abbreviation, lowercase ASCII
// ("billion" -> 1e9, "bn" -> 1e9, "k" -> 1e3, "mio." -> 1e6); nullopt if
// `lower` is not one. The ambiguous "m" is not in the table (see above).
std::optional<double> MagnitudeOf(std::string_view lower);

// Value of a cardinal written as one lowercase, possibly hyphenated word
// ("thirty-four", "twelve"); nullopt otherwise. For compounds such as
// "thirty-four-year-old", whose prefix the caller splits off.
std::optional<double> ParseNumberWord(std::string_view lower);

// Value of one lowercase digit word: "zero" to "nine", "nought", "naught";
// nullopt otherwise.
std::optional<int> DigitWordValue(std::string_view lower);

// What ParseNumberAt read.
struct ParsedNumber {
  double value = 0;
  // Tokens [begin, end) of the field's token vector that make up the number,
  // magnitude included.
  size_t token_begin = 0;
  size_t token_end = 0;
  // "30th", "third", "twenty-first" (a rank, not an amount).
  bool ordinal = false;
  // Spelled-out words were involved ("forty", "two million").
  bool words = false;
  // A magnitude word or abbreviation scaled the value.
  bool magnitude = false;
  // Written with digits only and no separators or magnitude ("2025", "737"):
  // the shape of years, ids and model numbers.
  bool bare_digits = false;
  // Number of digits of a bare-digit number; 0 otherwise.
  uint8_t digit_count = 0;
  // A leading zero in a multi-digit integer ("007", "0123"): codes, not
  // amounts.
  bool leading_zero = false;
  // A loose bound written after the number, inside its tokens: "thirty-odd",
  // "20-odd" (kApproximately), "40-plus", "40+" (kAtLeast).
  enum class Bound : uint8_t { kNone, kApproximately, kAtLeast };
  Bound bound = Bound::kNone;
};

// The words ParseNumberAt looks up (lowercase, sorted): number words
// ("forty", "third", "dozen", "half"), "a", "an" and "and". A word token
// whose lower-cased head (the part before any '-') is none of them cannot
// start a spelled-out number: callers that test every word build a packed
// table of them once (figures.cc).
const std::vector<std::string_view>& NumberWords();

// For a word token `i` of `field` whose head is one of NumberWords(): a
// second necessary condition for ParseNumberAt to succeed there, from the
// word and the token after it. False for "and" (it only joins the parts of
// a number) and for an article not followed by a word that may be a number
// word ("a man"; "a dozen", "a third" pass).
bool MayStartNumberWordAt(const pipeline::FieldAnalysis& field, size_t i);

// Reads the number that starts at token `i` of `field`, longest reading
// first: digits or words, then a magnitude. `money_context` allows a glued
// "m" to mean million ("$300m"; the caller also sets it before a noun
// counted in millions, "1.2m shares"). Returns nullopt if token `i` does not start
// a number. Never reads past the token vector; bounded look-ahead.
std::optional<ParsedNumber> ParseNumberAt(const pipeline::FieldAnalysis& field, size_t i,
                                          DecimalStyle style, bool money_context);

}  // namespace wirelens::stages::figures
