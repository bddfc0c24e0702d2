#include "stages/figures/numbers.h"

#include <array>
#include <charconv>
#include <cmath>

#include "absl/container/flat_hash_map.h"
#include "stages/figures/word_filter.h"

namespace wirelens::stages::figures {
namespace {

using pipeline::FieldAnalysis;
using pipeline::Token;
using pipeline::TokenKind;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Longest number word or abbreviation we look up; longer tokens are skipped
// without lowercasing.
constexpr size_t kMaxWordLength = 24;

// ---- Number words ----------------------------------------------------------

enum class WordKind : uint8_t {
  kArticle,      // "a", "an": a count of one before a scale or fraction
  kUnit,         // "zero" .. "nine"
  kTeen,         // "ten" .. "nineteen"
  kTens,         // "twenty" .. "ninety"
  kHundred,      // "hundred"
  kScale,        // "thousand", "million", ... (value = scale)
  kDozen,        // "dozen"
  kAnd,          // "and"
  kHalf,         // "half"
  kDenominator,  // "thirds", "quarters", "quarter", "halves": a fraction's part
  kOrdinal,      // "third", "twentieth", "hundredth" (value = rank or scale)
  kPluralScale,  // "hundreds", "thousands", "dozens": no value
};

struct WordInfo {
  WordKind kind;
  double value;
  // For kOrdinal words that also name a fraction's part ("third", "fifth"):
  // the denominator. 0 if none.
  double denominator = 0;
};

using WordTable = absl::flat_hash_map<std::string_view, WordInfo>;

const WordTable& Words() {
  static const WordTable* const table = [] {
    auto* t = new WordTable();
    t->emplace("a", WordInfo{WordKind::kArticle, 1});
    t->emplace("an", WordInfo{WordKind::kArticle, 1});
    t->emplace("and", WordInfo{WordKind::kAnd, 0});
    constexpr std::array<std::string_view, 10> kUnits = {"zero", "one", "two",   "three", "four",
                                                         "five", "six", "seven", "eight", "nine"};
    for (size_t i = 0; i < kUnits.size(); ++i) {
      t->emplace(kUnits[i], WordInfo{WordKind::kUnit, static_cast<double>(i)});
    }
    constexpr std::array<std::string_view, 10> kTeens = {
        "ten",     "eleven",  "twelve",    "thirteen", "fourteen",
        "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
    for (size_t i = 0; i < kTeens.size(); ++i) {
      t->emplace(kTeens[i], WordInfo{WordKind::kTeen, static_cast<double>(10 + i)});
    }
    constexpr std::array<std::string_view, 8> kTens = {"twenty", "thirty",  "forty",  "fifty",
                                                       "sixty",  "seventy", "eighty", "ninety"};
    for (size_t i = 0; i < kTens.size(); ++i) {
      t->emplace(kTens[i], WordInfo{WordKind::kTens, static_cast<double>(20 + 10 * i)});
    }
    t->emplace("fourty", WordInfo{WordKind::kTens, 40});  // a frequent misspelling
    t->emplace("hundred", WordInfo{WordKind::kHundred, 100});
    t->emplace("thousand", WordInfo{WordKind::kScale, 1e3});
    t->emplace("million", WordInfo{WordKind::kScale, 1e6});
    t->emplace("billion", WordInfo{WordKind::kScale, 1e9});
    t->emplace("trillion", WordInfo{WordKind::kScale, 1e12});
    t->emplace("dozen", WordInfo{WordKind::kDozen, 12});
    t->emplace("half", WordInfo{WordKind::kHalf, 0.5});
    t->emplace("halves", WordInfo{WordKind::kDenominator, 2});
    t->emplace("quarter", WordInfo{WordKind::kDenominator, 4});
    t->emplace("quarters", WordInfo{WordKind::kDenominator, 4});
    for (std::string_view plural :
         {"hundreds", "thousands", "millions", "billions", "trillions", "scores"}) {
      t->emplace(plural, WordInfo{WordKind::kPluralScale, 0});
    }
    t->emplace("dozens", WordInfo{WordKind::kPluralScale, 12});
    struct Ordinal {
      std::string_view word;
      double value;
    };
    constexpr std::array<Ordinal, 28> kOrdinals = {{
        {"first", 1},        {"second", 2},      {"third", 3},       {"fourth", 4},
        {"fifth", 5},        {"sixth", 6},       {"seventh", 7},     {"eighth", 8},
        {"ninth", 9},        {"tenth", 10},      {"eleventh", 11},   {"twelfth", 12},
        {"thirteenth", 13},  {"fourteenth", 14}, {"fifteenth", 15},  {"sixteenth", 16},
        {"seventeenth", 17}, {"eighteenth", 18}, {"nineteenth", 19}, {"twentieth", 20},
        {"thirtieth", 30},   {"fortieth", 40},   {"fiftieth", 50},   {"sixtieth", 60},
        {"seventieth", 70},  {"eightieth", 80},  {"ninetieth", 90},  {"hundredth", 100},
    }};
    for (const Ordinal& o : kOrdinals) {
      // "third" .. "tenth" also name the parts of fractions ("one third");
      // "second" and "first" do not.
      const double denominator = (o.value >= 3 && o.value <= 10) || o.value == 100 ? o.value : 0;
      t->emplace(o.word, WordInfo{WordKind::kOrdinal, o.value, denominator});
    }
    t->emplace("thousandth", WordInfo{WordKind::kOrdinal, 1e3});
    t->emplace("millionth", WordInfo{WordKind::kOrdinal, 1e6});
    // Plural parts of fractions: "thirds", "fifths", ... "tenths".
    for (std::string_view plural : {"thirds", "fourths", "fifths", "sixths", "sevenths", "eighths",
                                    "ninths", "tenths", "hundredths"}) {
      const std::string_view singular = plural.substr(0, plural.size() - 1);
      t->emplace(plural, WordInfo{WordKind::kDenominator, t->at(singular).value});
    }
    return t;
  }();
  return *table;
}

// Rejects most non-number words before they are lower-cased and hashed.
const WordShapeFilter& NumberWordFilter() {
  static const WordShapeFilter* const filter = [] {
    auto* f = new WordShapeFilter;
    for (const auto& [word, info] : Words()) f->Add(word);
    return f;
  }();
  return *filter;
}

const WordTable::value_type* FindWord(std::string_view lower) {
  const WordTable& words = Words();
  auto it = words.find(lower);
  return it == words.end() ? nullptr : &*it;
}

// ---- Magnitudes -------------------------------------------------------------

const absl::flat_hash_map<std::string_view, double>& Magnitudes() {
  static const auto* const table = new absl::flat_hash_map<std::string_view, double>{
      {"thousand", 1e3}, {"million", 1e6},   {"billion", 1e9},    {"trillion", 1e12},
      {"k", 1e3},        {"bn", 1e9},        {"bln", 1e9},        {"b", 1e9},
      {"mn", 1e6},       {"mln", 1e6},       {"mil", 1e6},        {"tn", 1e12},
      {"trn", 1e12},     {"lakh", 1e5},      {"lakhs", 1e5},      {"crore", 1e7},
      {"crores", 1e7},   {"mio.", 1e6},      {"mrd.", 1e9},       {"mio", 1e6},
      {"mrd", 1e9},      {"millionen", 1e6}, {"milliarden", 1e9}, {"millones", 1e6},
      {"millions", 1e6},  // "3 millions d'euros" (fr); the English plural is no count
  };
  return *table;
}

// Magnitude abbreviations that must be glued to their number ("$3b"): spaced
// they are letters of something else ("Plan B").
bool MustBeGlued(std::string_view lower) { return lower == "b"; }

// ---- Word grammar -----------------------------------------------------------

// Accumulates "one million two hundred and five" style numbers part by part
// (a hyphenated token contributes several parts).
class WordNumberBuilder {
 public:
  enum class Feed { kTaken, kDone, kRejected };

  // Feeds one lowercase part; `next` is the following part's lowercase text
  // ("" at the end), for the look-ahead that "a" and "and" need.
  Feed Add(std::string_view part, std::string_view next) {
    const auto* entry = FindWord(part);
    if (entry == nullptr) return Feed::kRejected;
    const WordInfo& w = entry->second;
    const auto* next_entry = next.empty() ? nullptr : FindWord(next);
    const WordKind next_kind = next_entry != nullptr ? next_entry->second.kind : WordKind::kAnd;
    const bool has_next = next_entry != nullptr;
    switch (w.kind) {
      case WordKind::kArticle:
        // "a hundred", "a dozen", "a half", "a third", "two and a half".
        if (!has_next) return Feed::kRejected;
        if (next_kind != WordKind::kHundred && next_kind != WordKind::kScale &&
            next_kind != WordKind::kDozen && next_kind != WordKind::kHalf &&
            !(next_kind == WordKind::kOrdinal && next_entry->second.denominator > 0) &&
            !(next_kind == WordKind::kDenominator && next == "quarter")) {
          return Feed::kRejected;
        }
        if (last_ == Last::kNone || (last_ == Last::kAnd && split_)) {
          current_ = 1;  // "a hundred"; "three and a fifth"
        } else if (last_ == Last::kAnd || last_ == Last::kHalf) {
          // "half a million": the article carries no count.
        } else {
          return Feed::kRejected;
        }
        last_ = Last::kArticle;
        return Feed::kTaken;
      case WordKind::kUnit:
      case WordKind::kTeen:
        if (last_ != Last::kNone && last_ != Last::kHundred && last_ != Last::kScale &&
            last_ != Last::kAnd && !(last_ == Last::kTens && w.kind == WordKind::kUnit)) {
          return Feed::kRejected;
        }
        if (w.kind == WordKind::kUnit && w.value == 0 && last_ != Last::kNone) {
          return Feed::kRejected;
        }
        current_ += w.value;
        last_ = w.kind == WordKind::kUnit ? Last::kUnit : Last::kTeen;
        return Feed::kTaken;
      case WordKind::kTens:
        if (last_ != Last::kNone && last_ != Last::kHundred && last_ != Last::kScale &&
            last_ != Last::kAnd) {
          return Feed::kRejected;
        }
        current_ += w.value;
        last_ = Last::kTens;
        return Feed::kTaken;
      case WordKind::kHundred:
        if (last_ != Last::kUnit && last_ != Last::kTeen && last_ != Last::kTens &&
            last_ != Last::kArticle) {
          return Feed::kRejected;
        }
        current_ *= 100;
        last_ = Last::kHundred;
        return Feed::kTaken;
      case WordKind::kScale:
        if (last_ == Last::kNone || last_ == Last::kAnd || last_ == Last::kScale ||
            (last_scale_ != 0 && w.value >= last_scale_)) {
          return Feed::kRejected;
        }
        total_ += (whole_ + current_) * w.value;
        whole_ = 0;
        current_ = 0;
        pending_half_ = false;
        last_scale_ = w.value;
        last_ = Last::kScale;
        return Feed::kTaken;
      case WordKind::kDozen:
        if (last_ != Last::kUnit && last_ != Last::kArticle && last_ != Last::kTeen &&
            last_ != Last::kTens) {
          return Feed::kRejected;
        }
        current_ *= 12;
        pending_half_ = false;  // "half a dozen"
        last_ = Last::kScale;
        last_scale_ = 12;
        return Feed::kTaken;
      case WordKind::kAnd:
        // Only inside a number: "one hundred and five", "two and a half".
        if (last_ == Last::kNone || last_ == Last::kAnd || last_ == Last::kArticle) {
          return Feed::kRejected;
        }
        if (!has_next || (next_kind != WordKind::kUnit && next_kind != WordKind::kTeen &&
                          next_kind != WordKind::kTens && next_kind != WordKind::kArticle)) {
          return Feed::kRejected;
        }
        if (next_kind == WordKind::kArticle || (last_ != Last::kHundred && last_ != Last::kScale)) {
          // A whole number and a fraction: "two and a half", "three and a
          // fifth", "twenty and three fifths". Without a fraction to close
          // it ("five and six") the reading is dropped.
          whole_ += current_;
          current_ = 0;
          split_ = true;
          pending_fraction_ = next_kind != WordKind::kArticle;
        }
        last_ = Last::kAnd;
        return Feed::kTaken;
      case WordKind::kHalf:
        if (last_ == Last::kArticle) {
          current_ *= 0.5;  // "a half", "two and a half" (the article counted one)
        } else if (last_ == Last::kNone) {
          // "half a million", "half a dozen", "half million": only with a
          // scale after it.
          if (next != "a" && next_kind != WordKind::kScale) return Feed::kRejected;
          current_ = 0.5;
          pending_half_ = true;
        } else {
          return Feed::kRejected;
        }
        last_ = Last::kHalf;
        return Feed::kTaken;
      case WordKind::kDenominator:
      case WordKind::kOrdinal: {
        const bool counted = (last_ == Last::kUnit || last_ == Last::kTeen ||
                              last_ == Last::kTens || last_ == Last::kArticle) &&
                             total_ == 0;
        const double denominator = w.kind == WordKind::kDenominator ? w.value : w.denominator;
        if (counted && denominator > 0 && current_ > 0) {
          // "three quarters", "two thirds", "a third", "one fifth".
          current_ /= denominator;
          fraction_ = true;
          pending_fraction_ = false;
          last_ = Last::kDone;
          return Feed::kDone;
        }
        if (w.kind == WordKind::kDenominator) return Feed::kRejected;
        if ((last_ == Last::kNone || last_ == Last::kTens || last_ == Last::kScale ||
             last_ == Last::kAnd || (last_ == Last::kHundred && w.value < 100)) &&
            !split_) {
          if (w.value >= 100) {
            // "hundredth", "two hundredth", "thousandth".
            current_ = (total_ + current_ == 0 ? 1 : total_ + current_) * w.value;
            total_ = 0;
          } else {
            current_ += w.value;
          }
          ordinal_ = true;
          last_ = Last::kDone;
          return Feed::kDone;
        }
        return Feed::kRejected;
      }
      case WordKind::kPluralScale:
        // "three dozens" counts; "dozens of" alone does not.
        if (part_is_dozens(w) &&
            (last_ == Last::kUnit || last_ == Last::kTeen || last_ == Last::kTens)) {
          current_ *= 12;
          last_ = Last::kScale;
          last_scale_ = 12;
          return Feed::kTaken;
        }
        return Feed::kRejected;
    }
    return Feed::kRejected;
  }

  // True when the parts so far form a whole number (not a dangling "a",
  // "and" or "half").
  bool Complete() const {
    return last_ != Last::kNone && last_ != Last::kArticle && last_ != Last::kAnd &&
           !pending_half_ && !pending_fraction_;
  }
  double value() const { return total_ + whole_ + current_; }
  bool ordinal() const { return ordinal_; }
  bool fraction() const { return fraction_; }

 private:
  enum class Last : uint8_t {
    kNone,
    kArticle,
    kUnit,
    kTeen,
    kTens,
    kHundred,
    kScale,
    kAnd,
    kHalf,
    kDone
  };
  static bool part_is_dozens(const WordInfo& w) { return w.value == 12; }

  double total_ = 0;
  // The whole part before "and" in "two and a half".
  double whole_ = 0;
  double current_ = 0;
  double last_scale_ = 0;
  Last last_ = Last::kNone;
  bool ordinal_ = false;
  bool fraction_ = false;
  // An "and" split the number into a whole part and a fraction.
  bool split_ = false;
  // ... and the fraction's denominator has not come yet.
  bool pending_fraction_ = false;
  // A leading "half" waits for its "a million".
  bool pending_half_ = false;
};

}  // namespace

DecimalStyle DecimalStyleFor(std::string_view language) {
  static const auto* const comma = new absl::flat_hash_map<std::string_view, bool>{
      {"de", true}, {"es", true}, {"fr", true}, {"it", true}, {"pt", true}, {"nl", true},
      {"ru", true}, {"uk", true}, {"pl", true}, {"tr", true}, {"id", true}, {"cs", true},
      {"sk", true}, {"sl", true}, {"hr", true}, {"sr", true}, {"bs", true}, {"bg", true},
      {"ro", true}, {"hu", true}, {"da", true}, {"no", true}, {"nb", true}, {"nn", true},
      {"sv", true}, {"fi", true}, {"el", true}, {"be", true}, {"lt", true}, {"lv", true},
      {"et", true}, {"ca", true}, {"gl", true}, {"eu", true}, {"vi", true}, {"az", true},
      {"ka", true}, {"kk", true}, {"mk", true}, {"sq", true}, {"is", true}, {"af", true},
  };
  return comma->contains(language) ? DecimalStyle::kComma : DecimalStyle::kPoint;
}

void AsciiLower(std::string_view text, std::string* out) {
  out->resize(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    (*out)[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
}

std::optional<double> MagnitudeOf(std::string_view lower) {
  const auto& table = Magnitudes();
  auto it = table.find(lower);
  if (it == table.end()) return std::nullopt;
  return it->second;
}

std::optional<double> ParseVulgarFraction(std::string_view text, size_t* length) {
  struct Vulgar {
    std::string_view utf8;
    double value;
  };
  static constexpr std::array<Vulgar, 8> kVulgar = {{{"\u00bd", 0.5},
                                                     {"\u00bc", 0.25},
                                                     {"\u00be", 0.75},
                                                     {"\u2153", 1.0 / 3},
                                                     {"\u2154", 2.0 / 3},
                                                     {"\u215b", 0.125},
                                                     {"\u2155", 0.2},
                                                     {"\u215c", 0.375}}};
  for (const Vulgar& v : kVulgar) {
    if (text.substr(0, v.utf8.size()) == v.utf8) {
      *length = v.utf8.size();
      return v.value;
    }
  }
  return std::nullopt;
}

std::optional<double> ParseDigits(std::string_view text, DecimalStyle style) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  // A simple fraction "1/2", "3/4".
  const size_t slash = text.find('/');
  if (slash != std::string_view::npos) {
    if (text.find('/', slash + 1) != std::string_view::npos) return std::nullopt;
    int num = 0;
    int den = 0;
    const std::string_view a = text.substr(0, slash);
    const std::string_view b = text.substr(slash + 1);
    if (a.empty() || b.empty() || a.size() > 2 || b.size() > 3) return std::nullopt;
    for (char c : a) {
      if (!IsDigit(c)) return std::nullopt;
      num = num * 10 + (c - '0');
    }
    for (char c : b) {
      if (!IsDigit(c)) return std::nullopt;
      den = den * 10 + (c - '0');
    }
    const bool common_denominator =
        (den >= 2 && den <= 10) || den == 12 || den == 16 || den == 32 || den == 64 || den == 100;
    if (num < 1 || num >= den || !common_denominator) return std::nullopt;
    return static_cast<double>(num) / den;
  }
  const char decimal = style == DecimalStyle::kPoint ? '.' : ',';
  const char group = style == DecimalStyle::kPoint ? ',' : '.';
  // Normalized into "digits[.digits]" for from_chars.
  char buffer[72];
  size_t n = 0;
  size_t digits_in_group = 0;
  bool seen_group = false;
  bool seen_decimal = false;
  size_t fraction_digits = 0;
  size_t integer_digits = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (IsDigit(c)) {
      buffer[n++] = c;
      if (seen_decimal) {
        ++fraction_digits;
      } else {
        ++digits_in_group;
        ++integer_digits;
      }
    } else if (c == group && !seen_decimal) {
      // The group before must be 1-3 digits (first) or exactly 3.
      if (digits_in_group == 0 || digits_in_group > 3 || (seen_group && digits_in_group != 3)) {
        return std::nullopt;
      }
      seen_group = true;
      digits_in_group = 0;
    } else if (c == decimal && !seen_decimal) {
      if (seen_group && digits_in_group != 3) return std::nullopt;
      seen_decimal = true;
      buffer[n++] = '.';
    } else {
      return std::nullopt;
    }
  }
  if (seen_group && !seen_decimal && digits_in_group != 3) return std::nullopt;
  if (seen_decimal && fraction_digits == 0) return std::nullopt;
  if (integer_digits == 0 && !seen_decimal) return std::nullopt;
  double value = 0;
  const auto result = std::from_chars(buffer, buffer + n, value);
  if (result.ec != std::errc() || result.ptr != buffer + n) return std::nullopt;
  return value;
}

std::optional<double> ParseNumberWord(std::string_view lower) {
  WordNumberBuilder builder;
  std::string_view rest = lower;
  while (!rest.empty()) {
    const size_t hyphen = rest.find('-');
    const std::string_view part = rest.substr(0, hyphen);
    rest = hyphen == std::string_view::npos ? std::string_view() : rest.substr(hyphen + 1);
    const std::string_view next = rest.substr(0, rest.find('-'));
    if (builder.Add(part, next) != WordNumberBuilder::Feed::kTaken) return std::nullopt;
  }
  if (!builder.Complete() || builder.ordinal() || builder.fraction()) return std::nullopt;
  return builder.value();
}

std::optional<ParsedNumber> ParseNumberAt(const FieldAnalysis& field, size_t i, DecimalStyle style,
                                          bool money_context) {
  const std::vector<Token>& tokens = field.tokens;
  if (i >= tokens.size()) return std::nullopt;
  const Token& t = tokens[i];
  std::string lower;
  ParsedNumber result;
  result.token_begin = i;

  if (t.kind == TokenKind::kNumber) {
    std::string_view text = field.TokenText(t);
    if (t.Has(Token::kOrdinal)) {
      size_t digits = 0;
      while (digits < text.size() && IsDigit(text[digits])) ++digits;
      if (digits == 0 || digits > 9) return std::nullopt;
      double value = 0;
      for (size_t k = 0; k < digits; ++k) value = value * 10 + (text[k] - '0');
      result.value = value;
      result.ordinal = true;
      result.token_end = i + 1;
      return result;
    }
    // A vulgar fraction glued inside the token ("2½").
    std::optional<double> tail;
    for (size_t k = 0; k < text.size(); ++k) {
      if (static_cast<unsigned char>(text[k]) >= 0x80) {
        size_t length = 0;
        tail = ParseVulgarFraction(text.substr(k), &length);
        if (!tail.has_value() || k + length != text.size()) return std::nullopt;
        text = text.substr(0, k);
        break;
      }
    }
    std::optional<double> value = ParseDigits(text, style);
    if (!value.has_value()) return std::nullopt;
    result.value = *value + tail.value_or(0);
    size_t end = i + 1;
    if (end < tokens.size() && !tokens[end].Has(Token::kSpaceBefore)) {
      size_t length = 0;
      const std::string_view next = field.TokenText(tokens[end]);
      if (std::optional<double> v = ParseVulgarFraction(next, &length);
          v.has_value() && length == next.size()) {
        result.value += *v;
        tail = v;
        ++end;
      }
    }
    bool all_digits = !tail.has_value();
    for (char c : text) all_digits = all_digits && IsDigit(c);
    // Groups of three separated by (thin or no-break) spaces: "40 000",
    // "1 234 567.89". Only after a first group of one to three digits.
    if (all_digits && text.size() <= 3 && !(text.size() > 1 && text[0] == '0')) {
      size_t k = end;
      double grouped = result.value;
      while (k < tokens.size() && tokens[k].kind == TokenKind::kNumber &&
             tokens[k].Has(Token::kSpaceBefore) && tokens[k].size() >= 3 &&
             !tokens[k].Has(Token::kOrdinal)) {
        const std::string_view group = field.TokenText(tokens[k]);
        if (!IsDigit(group[0]) || !IsDigit(group[1]) || !IsDigit(group[2])) break;
        std::optional<double> rest = ParseDigits(group, style);
        if (!rest.has_value()) break;
        // The group is three digits, optionally followed by a decimal part.
        const bool three = group.size() == 3 || (group.size() > 4 && !IsDigit(group[3]));
        if (!three) break;
        grouped = grouped * 1000 + *rest;
        ++k;
        if (group.size() > 3) break;  // a decimal part ends the number
      }
      if (k > end) {
        result.value = grouped;
        end = k;
        all_digits = false;
      }
    }
    // A mixed number: "2 1/4", "10 1/2".
    if (all_digits && end < tokens.size() && tokens[end].kind == TokenKind::kNumber &&
        tokens[end].Has(Token::kSpaceBefore)) {
      const std::string_view next = field.TokenText(tokens[end]);
      if (next.find('/') != std::string_view::npos) {
        if (std::optional<double> fraction = ParseDigits(next, style)) {
          result.value += *fraction;
          ++end;
          all_digits = false;
        }
      }
    }
    // A magnitude word or abbreviation.
    if (end < tokens.size() && tokens[end].kind == TokenKind::kWord &&
        tokens[end].size() <= kMaxWordLength) {
      const Token& m = tokens[end];
      AsciiLower(field.TokenText(m), &lower);
      const bool glued = !m.Has(Token::kSpaceBefore);
      std::optional<double> scale = MagnitudeOf(lower);
      if (scale.has_value() && MustBeGlued(lower) && !glued) scale.reset();
      if (!scale.has_value() && lower == "m" && glued && money_context) scale = 1e6;
      if (scale.has_value()) {
        result.value *= *scale;
        result.magnitude = true;
        ++end;
      }
    }
    result.token_end = end;
    result.bare_digits = all_digits && !result.magnitude;
    if (result.bare_digits) {
      result.digit_count = static_cast<uint8_t>(text.size() > 255 ? 255 : text.size());
      result.leading_zero = text.size() > 1 && text[0] == '0';
    }
    return result;
  }

  if (t.kind == TokenKind::kSymbol) {
    size_t length = 0;
    const std::string_view text = field.TokenText(t);
    std::optional<double> v = ParseVulgarFraction(text, &length);
    if (!v.has_value() || length != text.size()) return std::nullopt;
    result.value = *v;
    result.token_end = i + 1;
    return result;
  }

  if (t.kind != TokenKind::kWord || t.Has(Token::kHasDigit)) return std::nullopt;

  // Spelled-out numbers. Most words are not number words: one lookup of the
  // first part decides.
  if (t.size() > kMaxWordLength) return std::nullopt;
  {
    // The part before any hyphen ("forty" of "forty-two") must be a number
    // word; the shape filter rejects most words without touching them.
    std::string_view head = field.TokenText(t);
    if (t.Has(Token::kHasHyphen)) head = head.substr(0, head.find('-'));
    if (!NumberWordFilter().MayContain(head)) return std::nullopt;
  }
  AsciiLower(field.TokenText(t), &lower);
  if (FindWord(std::string_view(lower).substr(0, lower.find('-'))) == nullptr) {
    return std::nullopt;
  }
  WordNumberBuilder builder;
  size_t best_end = 0;
  double best_value = 0;
  bool best_ordinal = false;
  std::string next_lower;
  for (size_t j = i; j < tokens.size() && j < i + 16; ++j) {
    const Token& w = tokens[j];
    if (w.kind != TokenKind::kWord || w.Has(Token::kHasDigit) || w.size() > kMaxWordLength) break;
    if (j > i && !w.Has(Token::kSpaceBefore)) break;
    AsciiLower(field.TokenText(w), &lower);
    // The first part of the next token, for look-ahead.
    next_lower.clear();
    if (j + 1 < tokens.size() && tokens[j + 1].kind == TokenKind::kWord &&
        tokens[j + 1].size() <= kMaxWordLength) {
      AsciiLower(field.TokenText(tokens[j + 1]), &next_lower);
      next_lower.resize(std::min(next_lower.find('-'), next_lower.size()));
    }
    // Parts of a hyphenated token ("forty-two", "two-thirds").
    bool token_ok = true;
    bool done = false;
    std::string_view rest = lower;
    while (!rest.empty()) {
      const size_t hyphen = rest.find('-');
      const std::string_view part = rest.substr(0, hyphen);
      rest = hyphen == std::string_view::npos ? std::string_view() : rest.substr(hyphen + 1);
      const std::string_view next_part =
          !rest.empty() ? rest.substr(0, rest.find('-')) : std::string_view(next_lower);
      const WordNumberBuilder::Feed feed = builder.Add(part, next_part);
      if (feed == WordNumberBuilder::Feed::kRejected) {
        token_ok = false;
        break;
      }
      if (feed == WordNumberBuilder::Feed::kDone) {
        done = true;
        if (!rest.empty()) token_ok = false;  // "third-largest": not a number
        break;
      }
    }
    if (!token_ok) break;
    if (builder.Complete()) {
      best_end = j + 1;
      best_value = builder.value();
      best_ordinal = builder.ordinal();
    }
    if (done) break;
  }
  if (best_end == 0) return std::nullopt;
  result.value = best_value;
  result.ordinal = best_ordinal;
  result.words = true;
  result.token_end = best_end;
  // A magnitude abbreviation after words ("two bn") is rare; a scale word
  // was already taken by the grammar.
  return result;
}

}  // namespace wirelens::stages::figures
