#include "stages/figures/numbers.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "pipeline/check.h"
#include "stages/figures/word_filter.h"

namespace wirelens::stages::figures {
namespace {

using pipeline::FieldAnalysis;
using pipeline::Token;
using pipeline::TokenKind;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
char LowerAsciiChar(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

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
    // British "nought" and its variant "naught" are zero ("nine point nought
    // four").
    t->emplace("nought", WordInfo{WordKind::kUnit, 0});
    t->emplace("naught", WordInfo{WordKind::kUnit, 0});
    t->emplace("hundred", WordInfo{WordKind::kHundred, 100});
    t->emplace("thousand", WordInfo{WordKind::kScale, 1e3});
    t->emplace("million", WordInfo{WordKind::kScale, 1e6});
    t->emplace("billion", WordInfo{WordKind::kScale, 1e9});
    t->emplace("trillion", WordInfo{WordKind::kScale, 1e12});
    t->emplace("dozen", WordInfo{WordKind::kDozen, 12});
    t->emplace("doz", WordInfo{WordKind::kDozen, 12});  // the abbreviation
    t->emplace("half", WordInfo{WordKind::kHalf, 0.5});
    t->emplace("halves", WordInfo{WordKind::kDenominator, 2});
    t->emplace("quarter", WordInfo{WordKind::kDenominator, 4});
    t->emplace("quarters", WordInfo{WordKind::kDenominator, 4});
    for (std::string_view plural :
         {"hundreds", "thousands", "millions", "billions", "trillions", "scores"}) {
      t->emplace(plural, WordInfo{WordKind::kPluralScale, 0});
    }
    t->emplace("dozens", WordInfo{WordKind::kPluralScale, 12});
    t->emplace("dozs", WordInfo{WordKind::kPluralScale, 12});
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
    t->emplace("nineth", WordInfo{WordKind::kOrdinal, 9, 9});  // a frequent misspelling
    t->emplace("thousandth", WordInfo{WordKind::kOrdinal, 1e3, 1e3});
    t->emplace("millionth", WordInfo{WordKind::kOrdinal, 1e6, 1e6});
    t->emplace("billionth", WordInfo{WordKind::kOrdinal, 1e9, 1e9});
    t->emplace("trillionth", WordInfo{WordKind::kOrdinal, 1e12, 1e12});
    // Plural parts of fractions: "thirds", "fifths", ... "tenths".
    for (std::string_view plural :
         {"thirds", "fourths", "fifths", "sixths", "sevenths", "eighths", "ninths", "tenths",
          "hundredths", "thousandths", "millionths", "billionths", "trillionths"}) {
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

// Words() by packed key: no hashing of bytes for the many lookups of a
// number's words and of the words after digits.
const ShortWordMap<const WordTable::value_type*>& WordIndex() {
  static const auto* const index = [] {
    auto* m = new ShortWordMap<const WordTable::value_type*>;
    for (const auto& entry : Words()) {
      WL_CHECK(m->Add(entry.first, &entry)) << "number word too long: " << entry.first;
    }
    return m;
  }();
  return *index;
}

const WordTable::value_type* FindWord(std::string_view lower) {
  if (!lower.empty() && lower.back() == '\0') return nullptr;  // see ShortWordMap::Find
  const WordTable::value_type* const* entry = WordIndex().Find(lower);
  return entry == nullptr ? nullptr : *entry;
}

// ---- Magnitudes -------------------------------------------------------------

const ShortWordMap<double>& Magnitudes() {
  static const auto* const table = [] {
    constexpr std::pair<std::string_view, double> kScales[] = {
        {"thousand", 1e3}, {"million", 1e6},   {"billion", 1e9},    {"trillion", 1e12},
        {"k", 1e3},        {"bn", 1e9},        {"bln", 1e9},        {"b", 1e9},
        {"mn", 1e6},       {"mln", 1e6},       {"mil", 1e6},        {"tn", 1e12},
        {"trn", 1e12},     {"lakh", 1e5},      {"lakhs", 1e5},      {"crore", 1e7},
        {"crores", 1e7},   {"mio.", 1e6},      {"mrd.", 1e9},       {"mio", 1e6},
        {"mrd", 1e9},      {"millionen", 1e6}, {"milliarden", 1e9}, {"millones", 1e6},
        {"millions", 1e6},  // "3 millions d'euros" (fr); the English plural is no count
    };
    auto* m = new ShortWordMap<double>;
    for (const auto& [word, scale] : kScales) {
      WL_CHECK(m->Add(word, scale)) << "magnitude word too long: " << word;
    }
    return m;
  }();
  return *table;
}

// Magnitude abbreviations (`text` in either case) that must be glued to their
// number ("$3b"): spaced they are letters of something else ("Plan B").
bool MustBeGlued(std::string_view text) {
  return text.size() == 1 && LowerAsciiChar(text[0]) == 'b';
}

// ---- Word grammar -----------------------------------------------------------

// Accumulates "one million two hundred and five" style numbers part by part
// (a hyphenated token contributes several parts).
class WordNumberBuilder {
 public:
  enum class Feed { kTaken, kDone, kRejected };

  // In ordinal-only mode the builder reads the denominator of a fraction
  // ("twenty-firsts", "hundred fifth", "thirty fifths"): an ordinal phrase,
  // singular or plural, and nothing else.
  explicit WordNumberBuilder(bool ordinal_only = false) : ordinal_only_(ordinal_only) {}

  // A group of digits inside a spelled-out number ("4 thousand 3 hundred and
  // 21"): 1-99 behaves like "twenty-one", 100-999 may only be followed by a
  // scale.
  Feed AddGroup(double value) {
    if (ordinal_only_) return Feed::kRejected;
    if (value < 100) {
      if (last_ != Last::kNone && last_ != Last::kHundred && last_ != Last::kScale &&
          last_ != Last::kAnd) {
        return Feed::kRejected;
      }
      current_ += value;
      last_ = Last::kTeen;
      return Feed::kTaken;
    }
    if (last_ != Last::kNone && last_ != Last::kScale && last_ != Last::kAnd) {
      return Feed::kRejected;
    }
    current_ += value;
    last_ = Last::kGroup;
    return Feed::kTaken;
  }

  // Feeds one lowercase part; `next` is the following part's lowercase text
  // ("" at the end, "#" for a group of digits), for the look-ahead that "a"
  // and "and" need.
  Feed Add(std::string_view part, std::string_view next) {
    const auto* entry = FindWord(part);
    bool plural = false;
    if (entry == nullptr && ordinal_only_ && part.size() > 3 && part.back() == 's') {
      // Plural ordinals as denominators: "twenty-firsts", "trillionths".
      entry = FindWord(part.substr(0, part.size() - 1));
      plural = true;
      if (entry != nullptr && entry->second.kind != WordKind::kOrdinal) entry = nullptr;
    }
    if (entry == nullptr) return Feed::kRejected;
    const WordInfo& w = entry->second;
    if (ordinal_only_) return AddToDenominator(part, w, plural);
    const auto* next_entry = next.empty() || next == "#" ? nullptr : FindWord(next);
    WordKind next_kind = next_entry != nullptr ? next_entry->second.kind : WordKind::kAnd;
    bool has_next = next_entry != nullptr;
    if (next == "#") {
      next_kind = WordKind::kTeen;  // a group of digits
      has_next = true;
    }
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
        and_seen_ = false;
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
        and_seen_ = false;
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
        // "one hundred and first": an ordinal closes the number.
        if (has_next && next_kind == WordKind::kOrdinal && next_entry->second.value < 100 &&
            (last_ == Last::kHundred || last_ == Last::kScale) && !split_) {
          last_ = Last::kAnd;
          return Feed::kTaken;
        }
        if (!has_next || (next_kind != WordKind::kUnit && next_kind != WordKind::kTeen &&
                          next_kind != WordKind::kTens && next_kind != WordKind::kArticle)) {
          return Feed::kRejected;
        }
        if (next_kind == WordKind::kArticle || (last_ != Last::kHundred && last_ != Last::kScale)) {
          // A whole number and a fraction: "two and a half", "three and a
          // fifth", "twenty and three fifths". Without a fraction to close
          // it ("five and six") the reading is dropped. After a scale the
          // fraction is one of the scale: "two million and a half".
          split_scale_ = last_ == Last::kScale ? last_scale_ : 1;
          whole_ += current_;
          current_ = 0;
          split_ = true;
          pending_fraction_ = next_kind != WordKind::kArticle;
        } else {
          // "one hundred and five", "two million and three": remembered in
          // case a fraction follows ("two million and three fifths").
          and_seen_ = true;
          and_base_ = value();
          and_scale_ = last_ == Last::kScale ? last_scale_ : 1;
        }
        last_ = Last::kAnd;
        return Feed::kTaken;
      case WordKind::kHalf:
        if (last_ == Last::kArticle) {
          current_ *= 0.5;  // "a half", "two and a half" (the article counted one)
        } else if (last_ == Last::kUnit && current_ == 1 && total_ == 0) {
          // "one half", "three and one half".
          current_ = 0.5;
          fraction_ = true;
          pending_fraction_ = false;
          last_ = Last::kDone;
          return Feed::kDone;
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
        // "quarter million" like "half million": only with a scale after it.
        if (last_ == Last::kNone && w.kind == WordKind::kDenominator && w.value == 4 &&
            part.back() != 's' && next_kind == WordKind::kScale && has_next) {
          current_ = 0.25;
          pending_half_ = true;
          last_ = Last::kHalf;
          return Feed::kTaken;
        }
        const bool counted = (last_ == Last::kUnit || last_ == Last::kTeen ||
                              last_ == Last::kTens || last_ == Last::kArticle) &&
                             (total_ == 0 || split_);
        const double denominator = w.kind == WordKind::kDenominator ? w.value : w.denominator;
        // A singular ordinal is a fraction's part only after one ("a
        // third", "one fifth"); "two hundredth" is a rank.
        if (counted && denominator > 0 && current_ > 0 &&
            (w.kind == WordKind::kDenominator || current_ == 1)) {
          // "three quarters", "two thirds", "a third", "one fifth".
          current_ /= denominator;
          fraction_ = true;
          pending_fraction_ = false;
          last_ = Last::kDone;
          return Feed::kDone;
        }
        if (w.kind == WordKind::kDenominator) return Feed::kRejected;
        const bool counted_scale = w.value >= 100 && total_ == 0 &&
                                   (last_ == Last::kUnit || last_ == Last::kTeen ||
                                    last_ == Last::kTens);
        if ((last_ == Last::kNone || last_ == Last::kTens || last_ == Last::kScale ||
             last_ == Last::kAnd || (last_ == Last::kHundred && w.value < 100) || counted_scale) &&
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
  double value() const { return total_ + whole_ + current_ * split_scale_; }
  bool ordinal() const { return ordinal_; }
  bool fraction() const { return fraction_; }
  // The last part was a tens word ("ninety"): a spaced hyphen may join a unit.
  bool after_tens() const { return last_ == Last::kTens; }
  // The last part was a scale word ("million", "thousand", "dozen").
  bool after_scale() const { return last_ == Last::kScale; }
  // ... and not "dozen" (a count, not a magnitude).
  bool dozen_free() const { return last_scale_ != 12; }
  // "one hundred and three": the value before "and" and what it counts in
  // (1 after "hundred", the scale after "million"); and_seen() false if no
  // such "and".
  bool and_seen() const { return and_seen_; }
  double and_base() const { return and_base_; }
  double and_scale() const { return and_scale_; }
  // Ordinal-only mode: the denominator was plural ("fifths") and had more
  // than one part ("twenty-first").
  bool plural() const { return plural_; }
  int parts() const { return parts_; }

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
    kGroup,  // 100-999 written in digits
    kDone
  };
  static bool part_is_dozens(const WordInfo& w) { return w.value == 12; }

  // Ordinal-only mode: "twenty" "first", "one" "hundred" "fifth", "thirty"
  // "fifths", "quarter", "halves".
  Feed AddToDenominator(std::string_view part, const WordInfo& w, bool plural) {
    ++parts_;
    switch (w.kind) {
      case WordKind::kUnit:
      case WordKind::kTeen:
      case WordKind::kTens:
        if (last_ != Last::kNone && last_ != Last::kHundred && last_ != Last::kScale &&
            !(last_ == Last::kTens && w.kind == WordKind::kUnit)) {
          return Feed::kRejected;
        }
        if (w.value == 0) return Feed::kRejected;
        current_ += w.value;
        last_ = w.kind == WordKind::kTens ? Last::kTens : Last::kUnit;
        return Feed::kTaken;
      case WordKind::kHundred:
        if (last_ != Last::kUnit && last_ != Last::kTens) return Feed::kRejected;
        current_ *= 100;
        last_ = Last::kHundred;
        return Feed::kTaken;
      case WordKind::kScale:
        if (last_ != Last::kUnit && last_ != Last::kTens && last_ != Last::kHundred) {
          return Feed::kRejected;
        }
        total_ += current_ * w.value;
        current_ = 0;
        last_ = Last::kScale;
        return Feed::kTaken;
      case WordKind::kHalf:
      case WordKind::kDenominator:
      case WordKind::kOrdinal: {
        if (last_ != Last::kNone && last_ != Last::kTens && last_ != Last::kHundred &&
            last_ != Last::kScale) {
          return Feed::kRejected;
        }
        double rank = w.value;
        if (w.kind == WordKind::kHalf) {
          if (last_ != Last::kNone) return Feed::kRejected;
          rank = 2;
        } else if (w.kind == WordKind::kDenominator) {
          plural = part.back() == 's';
        }
        if (last_ == Last::kNone && rank < 2) return Feed::kRejected;  // "first", "second"
        if (last_ == Last::kNone && rank == 2 && w.kind == WordKind::kOrdinal) {
          return Feed::kRejected;
        }
        if (rank >= 100 && last_ != Last::kNone && last_ != Last::kScale) {
          current_ = (total_ + current_) * rank;
          total_ = 0;
        } else {
          current_ += rank;
        }
        plural_ = plural;
        ordinal_ = true;
        last_ = Last::kDone;
        return Feed::kDone;
      }
      default:
        return Feed::kRejected;
    }
  }

  bool ordinal_only_ = false;
  double total_ = 0;
  // The whole part before "and" in "two and a half".
  double whole_ = 0;
  double current_ = 0;
  double last_scale_ = 0;
  // What the fraction after a split counts in: 1, or the scale before the
  // "and" ("two million and a half").
  double split_scale_ = 1;
  Last last_ = Last::kNone;
  bool ordinal_ = false;
  bool fraction_ = false;
  // An "and" split the number into a whole part and a fraction.
  bool split_ = false;
  // ... and the fraction's denominator has not come yet.
  bool pending_fraction_ = false;
  // A leading "half" waits for its "a million".
  bool pending_half_ = false;
  bool and_seen_ = false;
  double and_base_ = 0;
  double and_scale_ = 1;
  bool plural_ = false;
  int parts_ = 0;
};

}  // namespace

DecimalStyle DecimalStyleFor(std::string_view language) {
  // The common case without hashing (it runs for every field).
  if (language.empty() || language == "en") return DecimalStyle::kPoint;
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

namespace {

template <typename Word>
void LowerChunk(const char* from, char* to) {
  Word w;
  std::memcpy(&w, from, sizeof(w));
  w = static_cast<Word>(AsciiLowerBytes(w));
  std::memcpy(to, &w, sizeof(w));
}

// `text` with ASCII letters lower-cased, written to `to` (text.size()
// bytes): whole words of 4 or 8 bytes at a time, the last chunk overlapping
// the one before (lower-casing twice is the same as once), no loop over
// single bytes from 4 bytes on.
std::string_view LowerInto(std::string_view text, char* to) {
  const size_t n = text.size();
  const char* from = text.data();
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8) LowerChunk<uint64_t>(from + i, to + i);
    LowerChunk<uint64_t>(from + n - 8, to + n - 8);
  } else if (n >= 4) {
    LowerChunk<uint32_t>(from, to);
    LowerChunk<uint32_t>(from + n - 4, to + n - 4);
  } else {
    for (size_t i = 0; i < n; ++i) to[i] = LowerAsciiChar(from[i]);
  }
  return std::string_view(to, n);
}

}  // namespace

void AsciiLower(std::string_view text, std::string* out) {
  out->resize(text.size());
  LowerInto(text, out->data());
}

std::optional<double> MagnitudeOf(std::string_view lower) {
  if (!lower.empty() && lower.back() == '\0') return std::nullopt;  // see ShortWordMap::Find
  const double* scale = Magnitudes().Find(lower);
  if (scale == nullptr) return std::nullopt;
  return *scale;
}

std::optional<double> ParseVulgarFraction(std::string_view text, size_t* length) {
  struct Vulgar {
    std::string_view utf8;
    double value;
  };
  static constexpr std::array<Vulgar, 18> kVulgar = {{{"\u00bd", 0.5},
                                                      {"\u00bc", 0.25},
                                                      {"\u00be", 0.75},
                                                      {"\u2153", 1.0 / 3},
                                                      {"\u2154", 2.0 / 3},
                                                      {"\u215b", 0.125},
                                                      {"\u2155", 0.2},
                                                      {"\u215c", 0.375},
                                                      {"\u2156", 0.4},
                                                      {"\u2157", 0.6},
                                                      {"\u2158", 0.8},
                                                      {"\u2159", 1.0 / 6},
                                                      {"\u215a", 5.0 / 6},
                                                      {"\u215d", 0.625},
                                                      {"\u215e", 0.875},
                                                      {"\u2150", 1.0 / 7},
                                                      {"\u2151", 1.0 / 9},
                                                      {"\u2152", 0.1}}};
  // All of them start with 0xC2 (U+00BC-U+00BE) or 0xE2 (U+2150-U+215E):
  // most texts end here, without the search.
  if (text.empty() || (text[0] != '\xC2' && text[0] != '\xE2')) return std::nullopt;
  for (const Vulgar& v : kVulgar) {
    if (text.substr(0, v.utf8.size()) == v.utf8) {
      *length = v.utf8.size();
      return v.value;
    }
  }
  return std::nullopt;
}

namespace {

// A simple fraction "1/2", "3/4": `text` holds a '/'.
std::optional<double> SlashFraction(std::string_view text) {
  const size_t slash = text.find('/');
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

}  // namespace

std::optional<double> ParseDigits(std::string_view text, DecimalStyle style) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  const char decimal = style == DecimalStyle::kPoint ? '.' : ',';
  const char group = style == DecimalStyle::kPoint ? ',' : '.';
  // The digits as an integer (it wraps past 19 digits: used up to 15).
  uint64_t digits = 0;
  size_t digits_in_group = 0;
  bool seen_group = false;
  bool seen_decimal = false;
  size_t fraction_digits = 0;
  size_t integer_digits = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (IsDigit(c)) {
      digits = digits * 10 + static_cast<uint64_t>(c - '0');
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
    } else if (c == '/') {
      // Only digits and separators came before it: the fraction reading
      // decides, as for any text with a slash.
      return SlashFraction(text);
    } else {
      return std::nullopt;
    }
  }
  size_t decimals = fraction_digits;
  bool comma_decimal = false;
  if (seen_group && !seen_decimal && digits_in_group != 3) {
    // "1,3" or "5,00" in point-style text: one or two digits after a single
    // comma cannot be a thousands group, so the comma is a decimal one.
    const size_t comma = text.find(',');
    if (style != DecimalStyle::kPoint || digits_in_group > 2 || comma == 0 || comma > 3 ||
        text.find(',', comma + 1) != std::string_view::npos) {
      return std::nullopt;
    }
    comma_decimal = true;
    decimals = digits_in_group;
  }
  if (seen_decimal && fraction_digits == 0) return std::nullopt;
  if (integer_digits == 0 && !seen_decimal) return std::nullopt;
  // Up to 15 digits (nearly every number): the digits as an integer over a
  // power of ten, both exact in a double, so the one rounding of the
  // division gives the correctly rounded value, as from_chars does.
  static constexpr double kPowersOfTen[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                            1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  if (integer_digits + fraction_digits <= 15) {
    return static_cast<double>(digits) / kPowersOfTen[decimals];
  }
  // Longer: normalized into "digits[.digits]" for from_chars.
  char buffer[64];
  size_t n = 0;
  for (char c : text) {
    if (IsDigit(c)) {
      buffer[n++] = c;
    } else if (c == decimal || (comma_decimal && c == group)) {
      buffer[n++] = '.';
    }
  }
  double value = 0;
  const auto result = std::from_chars(buffer, buffer + n, value);
  if (result.ec != std::errc() || result.ptr != buffer + n) return std::nullopt;
  return value;
}

// ---- Indian digit grouping -------------------------------------------------

std::optional<double> ParseLakhDigits(std::string_view text) {
  // Groups, from the left: one or two digits, then pairs, then the last
  // three before an optional ".digits"; at least one pair.
  const size_t point = text.find('.');
  const std::string_view integer = text.substr(0, point);
  if (integer.size() > 24) return std::nullopt;
  double value = 0;
  size_t group = 0;
  size_t groups = 0;
  size_t first = 0;
  for (size_t i = 0; i < integer.size(); ++i) {
    const char c = integer[i];
    if (IsDigit(c)) {
      value = value * 10 + (c - '0');
      ++group;
      continue;
    }
    if (c != ',' || group == 0) return std::nullopt;
    if (groups == 0) {
      if (group > 2) return std::nullopt;
      first = group;
    } else if (group != 2) {
      return std::nullopt;
    }
    ++groups;
    group = 0;
  }
  // "1,00,000": the pairs make it Indian ("1,000" is read by ParseDigits).
  if (group != 3 || groups < 2 || first == 0) return std::nullopt;
  if (point == std::string_view::npos) return value;
  const std::string_view decimals = text.substr(point + 1);
  if (decimals.empty() || decimals.size() > 12) return std::nullopt;
  double scale = 0.1;
  for (const char c : decimals) {
    if (!IsDigit(c)) return std::nullopt;
    value += (c - '0') * scale;
    scale /= 10;
  }
  return value;
}

std::optional<int> DigitWordValue(std::string_view lower) {
  const auto* e = FindWord(lower);
  if (e == nullptr || e->second.kind != WordKind::kUnit) return std::nullopt;
  return static_cast<int>(e->second.value);
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

namespace {

// ---- Token-level readers: fractions with longer parts, ratios, spoken
// decimals, digits inside number words, exponents, loose bounds -----------

bool EqualsLowerAscii(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (size_t k = 0; k < text.size(); ++k) {
    char c = text[k];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[k]) return false;
  }
  return true;
}

bool IsSpacedHyphen(const FieldAnalysis& field, size_t j) {
  const std::vector<Token>& tokens = field.tokens;
  return j + 1 < tokens.size() && tokens[j].kind == TokenKind::kPunctuation &&
         field.TokenText(tokens[j]) == "-" && tokens[j].Has(Token::kSpaceBefore) &&
         tokens[j + 1].Has(Token::kSpaceBefore);
}

// A group of one to three plain digits inside a spelled-out number.
std::optional<double> DigitGroup(const FieldAnalysis& field, size_t j) {
  const Token& t = field.tokens[j];
  if (t.kind != TokenKind::kNumber || t.Has(Token::kOrdinal) || t.size() > 3) return std::nullopt;
  const std::string_view text = field.TokenText(t);
  if (text.size() > 1 && text[0] == '0') return std::nullopt;
  double value = 0;
  for (char c : text) {
    if (!IsDigit(c)) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

// What a fraction phrase may be followed by: the end, punctuation, "of"
// ("a fifth of"), or a verb that makes the fraction the subject ("a third
// said"). A noun after it makes a rank ("a third term").
bool EndsNumberPhrase(const FieldAnalysis& field, size_t j) {
  const std::vector<Token>& tokens = field.tokens;
  if (j >= tokens.size() || tokens[j].kind != TokenKind::kWord) return true;
  // Not "and": "a third and final time".
  static constexpr std::array<std::string_view, 23> kAfter = {
      "of",    "are",    "were",  "is",    "was",   "have", "had",  "has",
      "said",  "say",    "says",  "would", "will",  "could", "did", "do",
      "voted", "percent", "or",   "more",  "less",  "than", "to"};
  const std::string_view text = field.TokenText(tokens[j]);
  for (std::string_view w : kAfter) {
    if (EqualsLowerAscii(text, w)) return true;
  }
  return false;
}

// The scale of a spaced scale word at token j ("million"); nullopt if none.
std::optional<double> ScaleWordAt(const FieldAnalysis& field, size_t j) {
  if (j >= field.tokens.size() || field.tokens[j].kind != TokenKind::kWord ||
      !field.tokens[j].Has(Token::kSpaceBefore) || field.tokens[j].size() > kMaxWordLength) {
    return std::nullopt;
  }
  std::string lower;
  AsciiLower(field.TokenText(field.tokens[j]), &lower);
  const auto* e = FindWord(lower);
  if (e == nullptr || e->second.kind != WordKind::kScale) return std::nullopt;
  return e->second.value;
}

// The word before token i approximates or compares an amount ("nearly a
// third", "more than a fifth", "as much as a quarter").
bool Approximated(const FieldAnalysis& field, size_t i) {
  if (i == 0 || field.tokens[i - 1].kind != TokenKind::kWord) return false;
  static constexpr std::array<std::string_view, 11> kBefore = {
      "nearly", "almost", "about", "around", "roughly",      "some",
      "over",   "than",   "least", "only",   "approximately"};
  const std::string_view text = field.TokenText(field.tokens[i - 1]);
  for (std::string_view w : kBefore) {
    if (EqualsLowerAscii(text, w)) return true;
  }
  // "as much as a quarter", not "as a third party".
  return i >= 2 && EqualsLowerAscii(text, "as") &&
         (EqualsLowerAscii(field.TokenText(field.tokens[i - 2]), "much") ||
          EqualsLowerAscii(field.TokenText(field.tokens[i - 2]), "many"));
}

// "fell by a fifth in the first half", "cut by a third over two years": a
// change by an article fraction, closed by a preposition, is the fraction
// ("bought by a third party" stays a rank). `i` starts the fraction, `j`
// follows it.
bool ChangeBeforePreposition(const FieldAnalysis& field, size_t i, size_t j) {
  if (i == 0 || j >= field.tokens.size() || field.tokens[j].kind != TokenKind::kWord ||
      !EqualsLowerAscii(field.TokenText(field.tokens[i - 1]), "by")) {
    return false;
  }
  static constexpr std::array<std::string_view, 12> kPrepositions = {
      "in", "on", "at", "over", "since", "from", "after", "during", "between", "last",
      "this", "compared"};
  const std::string_view text = field.TokenText(field.tokens[j]);
  for (std::string_view w : kPrepositions) {
    if (EqualsLowerAscii(text, w)) return true;
  }
  return false;
}

// A complete cardinal reading inside a run of number words, where a
// fraction's denominator may start. Trivially constructible: WordRun keeps
// an uninitialized array of them.
struct Snapshot {
  size_t end;
  double value;
  bool and_seen;
  double and_base;
  double and_scale;
  bool ends_with_scale;
};

struct WordRun {
  // The longest complete reading: tokens [i, best_end).
  size_t best_end = 0;
  double value = 0;
  bool ordinal = false;
  bool fraction = false;
  // The reading is a fraction whose part is a singular ordinal ("a third").
  bool singular_ordinal = false;
  // Token i is "a" or "an".
  bool article_start = false;
  bool scale = false;
  // The longest reading ends with "thousand", "million", ... ("three
  // million"): in a range the scale is shared ("two to three million").
  bool ends_with_scale = false;
  // ... or with "-odd" or "-plus" ("thirty-odd").
  ParsedNumber::Bound bound = ParsedNumber::Bound::kNone;
  std::array<Snapshot, 16> snapshot;
  size_t snapshots = 0;
  // The token after the last scale of a thousand or more ("million") that
  // closed a complete reading; 0 if none.
  size_t big_scale_end = 0;
};

// ---- Where a number after a scale starts a new phrase -------------------
// "$7 billion and six years later", "$10 million one year ago", "ten
// million one year ago": the small count after the scale counts the noun
// that follows it, not the amount before.

// A time unit at token j that a small count before it counts ("six
// years"), the nouns that hand a number to the dates side.
bool TimeUnitAt(const FieldAnalysis& field, size_t j) {
  if (j >= field.tokens.size() || field.tokens[j].kind != TokenKind::kWord) return false;
  static constexpr std::array<std::string_view, 18> kUnits = {
      "year",  "years",  "month",  "months",  "week",   "weeks",
      "day",   "days",   "hour",   "hours",   "minute", "minutes",
      "second", "seconds", "decade", "decades", "century", "centuries"};
  const std::string_view text = field.TokenText(field.tokens[j]);
  if (text.size() < 3 || text.size() > 9) return false;
  for (std::string_view w : kUnits) {
    if (EqualsLowerAscii(text, w)) return true;
  }
  return false;
}

// Rolls *run back to its k-th snapshot (1-based): the reading ends there,
// as a plain cardinal.
void RestoreSnapshot(WordRun* run, size_t k) {
  const Snapshot& snap = run->snapshot[k - 1];
  run->best_end = snap.end;
  run->value = snap.value;
  run->ordinal = false;
  run->fraction = false;
  run->ends_with_scale = snap.ends_with_scale;
  run->bound = ParsedNumber::Bound::kNone;
  run->snapshots = k;
}

// Ends the reading of *run at `end`, the end of one of its snapshots; false
// if there is none.
bool CutRunAt(WordRun* run, size_t end) {
  for (size_t k = run->snapshots; k > 0; --k) {
    if (run->snapshot[k - 1].end != end) continue;
    RestoreSnapshot(run, k);
    return true;
  }
  return false;
}

// "seven billion and six years", "ten million one year ago", "$5 million
// 200 years after": a count below a thousand after a scale of a thousand or
// more, directly or after "and", followed by a time unit, is a new phrase;
// the reading ends at the scale.
// ("one thousand and one years" reads the same way; such spelled years are
// rare in news.)
void CutCountBeforeTimeUnit(const FieldAnalysis& field, WordRun* run) {
  if (run->big_scale_end == 0 || run->best_end <= run->big_scale_end || run->ordinal ||
      run->fraction || !TimeUnitAt(field, run->best_end)) {
    return;
  }
  for (size_t k = run->snapshots; k > 0; --k) {
    const Snapshot& snap = run->snapshot[k - 1];
    if (snap.end != run->big_scale_end) continue;
    if (run->value - snap.value < 1000) CutRunAt(run, snap.end);
    return;
  }
}

// A number led by digits ("10 million", "7 billion") takes no number word
// after its scale: "$10 million one time", "$7 billion and six" are two
// phrases. Digit groups ("4 thousand 3 hundred") and a fraction ("3 million
// and a half") still continue it.
void CutWordsAfterDigitScale(const FieldAnalysis& field, WordRun* run) {
  if (run->big_scale_end == 0 || run->best_end <= run->big_scale_end || run->fraction) return;
  const size_t j = run->big_scale_end;
  if (field.tokens[j].kind != TokenKind::kWord) return;
  // "3 million and a half".
  if (j + 1 < field.tokens.size() && EqualsLowerAscii(field.TokenText(field.tokens[j]), "and") &&
      (EqualsLowerAscii(field.TokenText(field.tokens[j + 1]), "a") ||
       EqualsLowerAscii(field.TokenText(field.tokens[j + 1]), "an"))) {
    return;
  }
  CutRunAt(run, j);
}

// Feeds the words (and digit groups) from token i to `builder`, recording
// the longest complete reading and every cardinal prefix in *run.
void RunWords(const FieldAnalysis& field, size_t i, WordNumberBuilder* builder, WordRun* run) {
  const std::vector<Token>& tokens = field.tokens;
  // Lower-cased words (at most kMaxWordLength bytes) in stack buffers.
  char lower_buffer[kMaxWordLength];
  char next_buffer[kMaxWordLength];
  std::string_view lower;
  std::string_view next_lower;
  size_t and_token = 0;  // the last "and" taken
  for (size_t j = i; j < tokens.size() && j < i + 16; ++j) {
    const Token& w = tokens[j];
    lower = {};
    // "ninety - five": a spaced hyphen between a tens word and a unit.
    if (j > i && IsSpacedHyphen(field, j) && builder->after_tens() &&
        tokens[j + 1].kind == TokenKind::kWord && tokens[j + 1].size() <= kMaxWordLength) {
      next_lower = LowerInto(field.TokenText(tokens[j + 1]), next_buffer);
      const auto* unit = FindWord(next_lower);
      if (unit != nullptr && unit->second.kind == WordKind::kUnit && unit->second.value > 0) {
        continue;
      }
    }
    if (j > i && !w.Has(Token::kSpaceBefore)) break;
    // The first part of the next token, for look-ahead ("#": digits).
    next_lower = {};
    if (j + 1 < tokens.size() && tokens[j + 1].kind == TokenKind::kWord &&
        tokens[j + 1].size() <= kMaxWordLength) {
      next_lower = LowerInto(field.TokenText(tokens[j + 1]), next_buffer);
      next_lower = next_lower.substr(0, next_lower.find('-'));
    } else if (j + 1 < tokens.size() && DigitGroup(field, j + 1).has_value()) {
      next_lower = "#";
    }
    bool token_ok = true;
    bool done = false;
    double token_scale = 1;
    ParsedNumber::Bound token_bound = ParsedNumber::Bound::kNone;
    if (std::optional<double> group = DigitGroup(field, j)) {
      // "5 million 2-litre bottles": digits hyphenated to a word after the
      // number start a compound of their own.
      if (j > i && j + 1 < tokens.size() && !tokens[j + 1].Has(Token::kSpaceBefore) &&
          field.TokenText(tokens[j + 1]) == "-") {
        break;
      }
      token_ok = builder->AddGroup(*group) == WordNumberBuilder::Feed::kTaken;
    } else {
      if (w.kind != TokenKind::kWord || w.Has(Token::kHasDigit) || w.size() > kMaxWordLength) {
        break;
      }
      lower = LowerInto(field.TokenText(w), lower_buffer);
      if (j == i && (lower == "a" || lower == "an")) run->article_start = true;
      // Parts of a hyphenated token ("forty-two", "two-thirds").
      std::string_view rest = lower;
      while (!rest.empty()) {
        const size_t hyphen = rest.find('-');
        const std::string_view part = rest.substr(0, hyphen);
        rest = hyphen == std::string_view::npos ? std::string_view() : rest.substr(hyphen + 1);
        const std::string_view next_part =
            !rest.empty() ? rest.substr(0, rest.find('-')) : std::string_view(next_lower);
        // "thirty-odd", "forty-plus": a loose bound closes the number.
        if (rest.empty() && part.data() != lower.data() && builder->Complete() &&
            (part == "odd" || part == "plus")) {
          token_bound = part == "odd" ? ParsedNumber::Bound::kApproximately
                                      : ParsedNumber::Bound::kAtLeast;
          done = true;
          break;
        }
        const WordNumberBuilder::Feed feed = builder->Add(part, next_part);
        if (feed == WordNumberBuilder::Feed::kRejected) {
          token_ok = false;
          break;
        }
        if (feed == WordNumberBuilder::Feed::kDone) {
          done = true;
          // "a quarter-million": a fraction of a scale in one token.
          if (!rest.empty() && builder->fraction()) {
            const auto* scale = FindWord(rest);
            if (scale != nullptr && scale->second.kind == WordKind::kScale) {
              token_scale = scale->second.value;
              rest = {};
            }
          }
          if (!rest.empty()) token_ok = false;  // "third-largest": not a number
          if (builder->fraction()) {
            const auto* e = FindWord(part);
            run->singular_ordinal =
                e != nullptr && (e->second.kind == WordKind::kOrdinal || part == "quarter");
          }
          break;
        }
      }
    }
    if (!token_ok) {
      // "two thousand and three thousand": a scale that the words after an
      // "and" cannot take means the "and" joined two numbers; the reading
      // ends before it.
      if (builder->and_seen() && and_token > i && w.kind == TokenKind::kWord) {
        const auto* e = FindWord(lower.substr(0, lower.find('-')));
        if (e != nullptr &&
            (e->second.kind == WordKind::kScale || e->second.kind == WordKind::kHundred)) {
          for (size_t k = run->snapshots; k > 0; --k) {
            if (run->snapshot[k - 1].end <= and_token) {
              RestoreSnapshot(run, k);
              break;
            }
          }
        }
      }
      break;
    }
    if (lower == "and" && w.kind == TokenKind::kWord) and_token = j;
    if (builder->after_scale()) run->scale = true;
    if (builder->Complete() && builder->after_scale() && builder->dozen_free()) {
      run->big_scale_end = j + 1;
    }
    if (builder->Complete()) {
      run->best_end = j + 1;
      run->ends_with_scale = builder->after_scale() && builder->dozen_free();
      run->bound = token_bound;
      run->value = builder->value() * token_scale;
      run->ordinal = builder->ordinal();
      run->fraction = builder->fraction();
      if (!run->ordinal && !run->fraction && run->snapshots < run->snapshot.size()) {
        run->snapshot[run->snapshots++] =
            Snapshot{j + 1,
                     builder->value(),
                     builder->and_seen(),
                     builder->and_base(),
                     builder->and_scale(),
                     builder->after_scale() && builder->dozen_free()};
      }
    }
    if (done) break;
  }
  CutCountBeforeTimeUnit(field, run);
}

// "3 hundred and 21", "4 thousand 3 hundred", "5 dozen": a group of digits
// at token i continued by number words. Only when a word follows that digits
// cannot take as a magnitude alone (hundred, dozen) or the words go on after
// a scale ("4 thousand 3 hundred"); "3 million" is left to the magnitude
// reading.
std::optional<ParsedNumber> ReadMixed(const FieldAnalysis& field, size_t i) {
  const std::vector<Token>& tokens = field.tokens;
  if (i + 1 >= tokens.size() || tokens[i + 1].kind != TokenKind::kWord ||
      !tokens[i + 1].Has(Token::kSpaceBefore) || tokens[i + 1].size() > kMaxWordLength) {
    return std::nullopt;
  }
  if (!NumberWordFilter().MayContain(field.TokenText(tokens[i + 1]))) return std::nullopt;
  std::string lower;
  AsciiLower(field.TokenText(tokens[i + 1]), &lower);
  const auto* next = FindWord(lower);
  if (next == nullptr) return std::nullopt;
  const WordKind kind = next->second.kind;
  const bool continues = kind == WordKind::kHundred || kind == WordKind::kDozen ||
                         (kind == WordKind::kPluralScale && next->second.value == 12);
  if (!continues && kind != WordKind::kScale && kind != WordKind::kAnd) return std::nullopt;
  WordNumberBuilder builder;
  WordRun run;
  RunWords(field, i, &builder, &run);
  CutWordsAfterDigitScale(field, &run);
  if (run.best_end <= i + 1 || run.ordinal) return std::nullopt;
  if (!continues && run.best_end <= i + 2 && !run.fraction) return std::nullopt;
  // "3 and 4" stops at "3": after "and" the builder completes only with a
  // fraction ("3 and a half", "1 and a half million").
  if (kind == WordKind::kAnd && run.best_end <= i + 2) return std::nullopt;
  ParsedNumber result;
  result.token_begin = i;
  result.token_end = run.best_end;
  result.value = run.value;
  result.magnitude = run.scale;
  return result;
}

struct Denominator {
  double value = 0;
  size_t end = 0;
  bool plural = false;
  // More than one word part: "twenty-first", "hundred fifth".
  bool compound = false;
};

// The denominator of a fraction at token j: an ordinal phrase, singular or
// plural ("fifths", "twenty-firsts", "hundred fifth", "quarter", "halves"),
// after an optional spaced hyphen ("five - eighths").
std::optional<Denominator> DenominatorAt(const FieldAnalysis& field, size_t j) {
  const std::vector<Token>& tokens = field.tokens;
  // After a spaced hyphen only one word: "ninety - five hundred fifths" is
  // 9500 fifths, not ninety 505ths.
  const bool after_hyphen = j < tokens.size() && IsSpacedHyphen(field, j);
  if (after_hyphen) ++j;
  if (j >= tokens.size() || tokens[j].kind != TokenKind::kWord) return std::nullopt;
  {
    // Most words after a number are no ordinal: the shape filter decides
    // without lowercasing ("fifths", and "firsts" as "first").
    std::string_view head = field.TokenText(tokens[j]);
    head = head.substr(0, head.find('-'));
    if (!NumberWordFilter().MayContain(head) &&
        !(head.size() > 1 && NumberWordFilter().MayContain(head.substr(0, head.size() - 1)))) {
      return std::nullopt;
    }
  }
  WordNumberBuilder builder(/*ordinal_only=*/true);
  char lower[kMaxWordLength];
  for (size_t k = j; k < tokens.size() && k < j + 6; ++k) {
    const Token& w = tokens[k];
    if (w.kind != TokenKind::kWord || w.Has(Token::kHasDigit) || w.size() > kMaxWordLength ||
        !w.Has(Token::kSpaceBefore)) {
      return std::nullopt;
    }
    std::string_view rest = LowerInto(field.TokenText(w), lower);
    while (!rest.empty()) {
      const size_t hyphen = rest.find('-');
      const std::string_view part = rest.substr(0, hyphen);
      rest = hyphen == std::string_view::npos ? std::string_view() : rest.substr(hyphen + 1);
      const WordNumberBuilder::Feed feed = builder.Add(part, {});
      if (feed == WordNumberBuilder::Feed::kRejected) return std::nullopt;
      if (feed == WordNumberBuilder::Feed::kDone) {
        if (!rest.empty() || (after_hyphen && k > j)) return std::nullopt;
        Denominator d;
        d.value = builder.value();
        d.end = k + 1;
        d.plural = builder.plural();
        d.compound = builder.parts() > 1;
        if (d.value < 2) return std::nullopt;
        return d;
      }
    }
  }
  return std::nullopt;
}

// An exponent glued after a number at token j: "e10", "e-1", "e" "+" "5"
// (scientific notation) or "^" "23", "^" "+" "23" (a power). Returns the
// exponent and the token after it.
std::optional<std::pair<double, size_t>> ExponentAt(const FieldAnalysis& field, size_t j) {
  const std::vector<Token>& tokens = field.tokens;
  auto glued = [&](size_t k) {
    return k < tokens.size() && !tokens[k].Has(Token::kSpaceBefore);
  };
  auto integer = [](std::string_view digits) -> std::optional<double> {
    if (digits.empty() || digits.size() > 3) return std::nullopt;
    double v = 0;
    for (char c : digits) {
      if (!IsDigit(c)) return std::nullopt;
      v = v * 10 + (c - '0');
    }
    return v;
  };
  if (!glued(j)) return std::nullopt;
  const std::string_view text = field.TokenText(tokens[j]);
  size_t k = j;
  double sign = 1;
  if (tokens[j].kind == TokenKind::kWord && (text[0] == 'e' || text[0] == 'E')) {
    std::string_view rest = text.substr(1);
    if (!rest.empty() && (rest[0] == '-' || rest[0] == '+')) {
      sign = rest[0] == '-' ? -1 : 1;
      rest = rest.substr(1);
    }
    if (!rest.empty()) {
      std::optional<double> e = integer(rest);
      if (!e.has_value()) return std::nullopt;
      // A following glued token would make it a code ("1e10x").
      if (glued(j + 1) && tokens[j + 1].kind != TokenKind::kPunctuation) return std::nullopt;
      return std::make_pair(sign * *e, j + 1);
    }
    k = j + 1;  // "e" "+" "5"
  } else if (text == "^") {
    k = j + 1;
  } else {
    return std::nullopt;
  }
  if (glued(k) && (field.TokenText(tokens[k]) == "+" || field.TokenText(tokens[k]) == "-" ||
                   field.TokenText(tokens[k]) == "\u2212")) {
    sign = field.TokenText(tokens[k]) == "+" ? 1 : -1;
    ++k;
  } else if (text != "^") {
    return std::nullopt;  // "5e" alone is no exponent
  }
  if (!glued(k) || tokens[k].kind != TokenKind::kNumber) return std::nullopt;
  std::optional<double> e = integer(field.TokenText(tokens[k]));
  if (!e.has_value()) return std::nullopt;
  if (glued(k + 1) && tokens[k + 1].kind != TokenKind::kPunctuation) return std::nullopt;
  return std::make_pair(sign * *e, k + 1);
}

// A loose bound glued after a number at token j: "-odd" (about), "-plus"
// or "+" (at least; not "5+3"). Sets *after to the token after it.
ParsedNumber::Bound LooseBoundAt(const FieldAnalysis& field, size_t j, size_t* after) {
  const std::vector<Token>& tokens = field.tokens;
  if (j >= tokens.size() || tokens[j].Has(Token::kSpaceBefore)) return ParsedNumber::Bound::kNone;
  const std::string_view text = field.TokenText(tokens[j]);
  if (text == "+") {
    if (j + 1 < tokens.size() && !tokens[j + 1].Has(Token::kSpaceBefore) &&
        tokens[j + 1].kind != TokenKind::kPunctuation) {
      return ParsedNumber::Bound::kNone;  // "5+3", "40+x"
    }
    *after = j + 1;
    return ParsedNumber::Bound::kAtLeast;
  }
  if (text != "-" || j + 1 >= tokens.size() || tokens[j + 1].Has(Token::kSpaceBefore) ||
      tokens[j + 1].kind != TokenKind::kWord) {
    return ParsedNumber::Bound::kNone;
  }
  const std::string_view word = field.TokenText(tokens[j + 1]);
  *after = j + 2;
  if (EqualsLowerAscii(word, "odd")) return ParsedNumber::Bound::kApproximately;
  if (EqualsLowerAscii(word, "plus")) return ParsedNumber::Bound::kAtLeast;
  return ParsedNumber::Bound::kNone;
}

// Spoken decimals after a whole number: "point five", "point nought three",
// "point eleven" (.11), "point twenty-five". Returns the fraction and the
// token after it.
std::optional<std::pair<double, size_t>> PointDecimals(const FieldAnalysis& field, size_t j) {
  const std::vector<Token>& tokens = field.tokens;
  if (j + 1 >= tokens.size() || !EqualsLowerAscii(field.TokenText(tokens[j]), "point") ||
      !tokens[j].Has(Token::kSpaceBefore)) {
    return std::nullopt;
  }
  char digits[24];
  size_t n = 0;
  // The last digit is the zero of a tens word, which a unit may replace.
  bool tens_open = false;
  size_t k = j + 1;
  std::string lower;
  for (; k < tokens.size(); ++k) {
    const Token& w = tokens[k];
    if (w.kind != TokenKind::kWord || w.Has(Token::kHasDigit) || w.size() > kMaxWordLength ||
        !w.Has(Token::kSpaceBefore)) {
      break;
    }
    AsciiLower(field.TokenText(w), &lower);
    const size_t token_n = n;
    const bool token_tens_open = tens_open;
    bool ok = true;
    std::string_view rest = lower;
    while (!rest.empty() && ok) {
      const size_t hyphen = rest.find('-');
      const std::string_view part = rest.substr(0, hyphen);
      rest = hyphen == std::string_view::npos ? std::string_view() : rest.substr(hyphen + 1);
      const auto* e = FindWord(part);
      if (e == nullptr || n + 2 > sizeof(digits)) {
        ok = false;
        break;
      }
      const int v = static_cast<int>(e->second.value);
      if (e->second.kind == WordKind::kUnit) {
        if (tens_open && v > 0) {
          digits[n - 1] = static_cast<char>('0' + v);
        } else {
          digits[n++] = static_cast<char>('0' + v);
        }
        tens_open = false;
      } else if (e->second.kind == WordKind::kTeen || e->second.kind == WordKind::kTens) {
        digits[n++] = static_cast<char>('0' + v / 10);
        digits[n++] = static_cast<char>('0' + v % 10);
        tens_open = e->second.kind == WordKind::kTens;
      } else {
        ok = false;
      }
    }
    if (!ok) {
      n = token_n;
      tens_open = token_tens_open;
      break;
    }
  }
  if (n == 0) return std::nullopt;
  double fraction = 0;
  for (size_t d = n; d > 0; --d) fraction = (fraction + (digits[d - 1] - '0')) / 10;
  return std::make_pair(fraction, k);
}

std::optional<ParsedNumber> ParseNumberCore(const FieldAnalysis& field, size_t i, DecimalStyle style,
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
    // A mixed number: "2 1/4", "10 1/2", "1 and 1/2", and the market-report
    // "57-1/2" (a hyphen glued on both sides).
    const bool and_fraction = all_digits && end + 1 < tokens.size() &&
                              EqualsLowerAscii(field.TokenText(tokens[end]), "and") &&
                              tokens[end + 1].kind == TokenKind::kNumber;
    const bool hyphen_fraction = all_digits && end + 1 < tokens.size() &&
                                 field.TokenText(tokens[end]) == "-" &&
                                 !tokens[end].Has(Token::kSpaceBefore) &&
                                 !tokens[end + 1].Has(Token::kSpaceBefore) &&
                                 tokens[end + 1].kind == TokenKind::kNumber;
    const size_t fraction_at = and_fraction || hyphen_fraction ? end + 1 : end;
    if (all_digits && fraction_at < tokens.size() &&
        tokens[fraction_at].kind == TokenKind::kNumber &&
        (tokens[fraction_at].Has(Token::kSpaceBefore) || hyphen_fraction)) {
      const std::string_view next = field.TokenText(tokens[fraction_at]);
      if (next.find('/') != std::string_view::npos) {
        if (std::optional<double> fraction = ParseDigits(next, style)) {
          result.value += *fraction;
          end = fraction_at + 1;
          all_digits = false;
        }
      }
    }
    // Scientific notation and powers glued to the number: "1e10", "-12e-1",
    // "2.5E+6", "1.1^23".
    if (!tail.has_value() && end == i + 1 && text.find('/') == std::string_view::npos) {
      if (std::optional<std::pair<double, size_t>> exp = ExponentAt(field, end)) {
        const bool power = field.TokenText(tokens[end]) == "^";
        result.value = power ? std::pow(result.value, exp->first)
                             : result.value * std::pow(10.0, exp->first);
        result.token_end = exp->second;
        return result;
      }
    }
    // "1.5 dozen": a dozen after any number.
    if (end < tokens.size() && tokens[end].kind == TokenKind::kWord &&
        tokens[end].Has(Token::kSpaceBefore) &&
        (EqualsLowerAscii(field.TokenText(tokens[end]), "dozen") ||
         EqualsLowerAscii(field.TokenText(tokens[end]), "dozens")) &&
        !(all_digits && end == i + 1 && text.size() <= 3)) {
      result.value *= 12;
      result.token_end = end + 1;
      return result;
    }
    // Digits inside a spelled-out number: "3 hundred and 21", "5 dozen".
    if (all_digits && end == i + 1 && text.size() <= 3 && text[0] != '0') {
      if (std::optional<ParsedNumber> mixed = ReadMixed(field, i)) return mixed;
    }
    // A magnitude word or abbreviation.
    if (end < tokens.size() && tokens[end].kind == TokenKind::kWord &&
        tokens[end].size() <= kMaxWordLength) {
      const Token& m = tokens[end];
      const std::string_view word = field.TokenText(m);
      const bool glued = !m.Has(Token::kSpaceBefore);
      // Probed in place; lower-cased below only for a glued compound.
      std::optional<double> scale;
      if (const double* s = Magnitudes().FindLowered(field.text, m.begin, m.size())) scale = *s;
      if (scale.has_value() && MustBeGlued(word) && !glued) scale.reset();
      if (!scale.has_value() && EqualsLowerAscii(word, "m") && glued && money_context) scale = 1e6;
      // A glued magnitude opening a rate or a "-strong" compound:
      // "£1m-a-year", "$5bn-a-year", "£50k-a-year", "a 2m-strong union" (a
      // glued "m" is million there only for money or "-strong"; "a
      // 100m-long tunnel" is metres).
      if (!scale.has_value() && glued && word.find('-') != std::string_view::npos) {
        AsciiLower(word, &lower);
        const std::string_view head = std::string_view(lower).substr(0, lower.find('-'));
        const std::string_view rest = std::string_view(lower).substr(head.size() + 1);
        const bool strong = rest == "strong";
        if (strong || (rest.size() > 2 && rest.starts_with("a-"))) {
          scale = MagnitudeOf(head);
          if (head == "m" && (money_context || strong)) scale = 1e6;
          if (head == "b" && !money_context) scale.reset();
        }
      }
      if (scale.has_value()) {
        result.value *= *scale;
        result.magnitude = true;
        ++end;
      }
    }
    // "20-odd", "40-plus", "40+".
    size_t after_bound = 0;
    if (const ParsedNumber::Bound b = LooseBoundAt(field, end, &after_bound);
        b != ParsedNumber::Bound::kNone) {
      result.bound = b;
      end = after_bound;
      all_digits = false;
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
  const std::string_view text = field.TokenText(t);
  if (WordIndex().FindLowered(field.text, t.begin, std::min(text.find('-'), text.size())) ==
      nullptr) {
    return std::nullopt;
  }
  if (EqualsLowerAscii(text, "a") || EqualsLowerAscii(text, "an")) {
    // An article starts a number only before a number word ("a dozen", "a
    // third", "a twenty-first"): one filter test rejects "a man".
    if (i + 1 >= tokens.size() || tokens[i + 1].kind != TokenKind::kWord) return std::nullopt;
    std::string_view next = field.TokenText(tokens[i + 1]);
    next = next.substr(0, next.find('-'));
    if (!NumberWordFilter().MayContain(next)) return std::nullopt;
  }
  WordRun run;
  WordNumberBuilder builder;
  RunWords(field, i, &builder, &run);

  // A fraction with a denominator phrase after a whole number: "three
  // twenty-firsts", "one one hundred fifth", "one hundred thirty fifths"
  // (100/35: the longest denominator wins), "two million and three fifths"
  // (a proper fraction after "and" is a mixed number), "a twenty-first".
  size_t fraction_end = 0;
  double fraction_value = 0;
  auto try_fraction = [&](size_t numerator_end, double numerator, const Snapshot* snap) {
    std::optional<Denominator> d = DenominatorAt(field, numerator_end);
    if (!d.has_value() || d->end <= fraction_end) return;
    double value = numerator / d->value;
    bool one = numerator == 1;
    if (snap != nullptr && snap->and_seen) {
      const double m = snap->value - snap->and_base;
      if (m > 0 && m < d->value) {
        value = snap->and_base + m / d->value * snap->and_scale;
        one = m == 1;
      }
    }
    // A singular denominator needs a count of one ("one fifth", not "two
    // hundredth"); a compound one ("twenty-first") must not be followed by a
    // noun ("a twenty-first birthday").
    if (!d->plural && !one) return;
    if (!d->plural && d->compound && !EndsNumberPhrase(field, d->end)) return;
    fraction_end = d->end;
    fraction_value = value;
  };
  if (run.article_start) try_fraction(i + 1, 1, nullptr);
  for (size_t k = 0; k < run.snapshots; ++k) {
    try_fraction(run.snapshot[k].end, run.snapshot[k].value, &run.snapshot[k]);
  }
  if (fraction_end != 0 && fraction_end >= run.best_end) {
    run.best_end = fraction_end;
    run.value = fraction_value;
    run.ordinal = false;
    run.fraction = true;
    run.bound = ParsedNumber::Bound::kNone;
  }
  if (run.best_end == 0) return std::nullopt;
  // "a third straight win": an article and a singular ordinal before a noun
  // are a rank ("third" is read at the next token), not a fraction. After
  // an approximation ("nearly a third going to", "more than a third") it
  // stays a fraction: ranks are not approximated.
  if (run.fraction && run.article_start && run.singular_ordinal && run.value < 1 &&
      !EndsNumberPhrase(field, run.best_end) && !Approximated(field, i) &&
      !ChangeBeforePreposition(field, i, run.best_end) &&
      !ScaleWordAt(field, run.best_end).has_value() &&
      !(run.best_end < tokens.size() &&
        EqualsLowerAscii(field.TokenText(tokens[run.best_end]), "point"))) {
    // ("a quarter end" is a period; "a quarter million", "a quarter point"
    // stay amounts.)
    return std::nullopt;
  }
  result.value = run.value;
  result.ordinal = run.ordinal;
  result.words = true;
  result.magnitude = run.ends_with_scale && !run.fraction && !run.ordinal;
  result.bound = run.bound;
  result.token_end = run.best_end;
  // "five point two", "nought point nought three", "two point five
  // million".
  if (!run.ordinal && !run.fraction) {
    if (std::optional<std::pair<double, size_t>> point = PointDecimals(field, run.best_end)) {
      result.value += point->first;
      result.token_end = point->second;
      if (std::optional<double> scale = ScaleWordAt(field, result.token_end)) {
        result.value *= *scale;
        result.magnitude = true;
        ++result.token_end;
      }
    }
  }
  // "a quarter million", "three quarters billion".
  if (run.fraction && !result.magnitude) {
    if (std::optional<double> scale = ScaleWordAt(field, result.token_end)) {
      result.value *= *scale;
      result.magnitude = true;
      ++result.token_end;
    }
  }
  // "three quarters of a million", "a third of a billion".
  if (run.fraction && result.token_end + 2 < tokens.size() &&
      EqualsLowerAscii(field.TokenText(tokens[result.token_end]), "of") &&
      EqualsLowerAscii(field.TokenText(tokens[result.token_end + 1]), "a")) {
    if (std::optional<double> scale = ScaleWordAt(field, result.token_end + 2)) {
      result.value *= *scale;
      result.magnitude = true;
      result.token_end += 3;
    }
  }
  // A magnitude abbreviation after words ("two bn") is rare; a scale word
  // was already taken by the grammar.
  return result;
}

}  // namespace

const std::vector<std::string_view>& NumberWords() {
  static const std::vector<std::string_view>* const words = [] {
    auto* v = new std::vector<std::string_view>;
    for (const auto& [word, info] : Words()) v->push_back(word);
    std::sort(v->begin(), v->end());
    return v;
  }();
  return *words;
}

bool MayStartNumberWordAt(const FieldAnalysis& field, size_t i) {
  const std::vector<Token>& tokens = field.tokens;
  const std::string_view text = field.TokenText(tokens[i]);
  // The tests ParseNumberCore makes: "and" as the first part (before any
  // hyphen) is rejected by WordNumberBuilder at the start of a number; a
  // whole "a"/"an" needs a next word whose first part passes the filter.
  // (The head is "and" when the word is, or starts with "and-".)
  if ((text.size() == 3 || (text.size() > 3 && text[3] == '-')) &&
      EqualsLowerAscii(text.substr(0, 3), "and")) {
    return false;
  }
  if ((text.size() == 1 && LowerAsciiChar(text[0]) == 'a') || EqualsLowerAscii(text, "an")) {
    if (i + 1 >= tokens.size() || tokens[i + 1].kind != TokenKind::kWord) return false;
    std::string_view next = field.TokenText(tokens[i + 1]);
    next = next.substr(0, next.find('-'));
    return NumberWordFilter().MayContain(next);
  }
  return true;
}

std::optional<ParsedNumber> ParseNumberAt(const FieldAnalysis& field, size_t i, DecimalStyle style,
                                          bool money_context) {
  std::optional<ParsedNumber> n = ParseNumberCore(field, i, style, money_context);
  if (!n.has_value() || n->ordinal || n->magnitude || n->value <= 0) return n;
  // Ratios: "three out of four" (a count no larger than the whole), "one
  // over twenty" (spelled-out numerator only: "won 3 over 2" is no ratio).
  const std::vector<Token>& tokens = field.tokens;
  const size_t k = n->token_end;
  size_t denominator_at = 0;
  if (k + 2 < tokens.size() && EqualsLowerAscii(field.TokenText(tokens[k]), "out") &&
      EqualsLowerAscii(field.TokenText(tokens[k + 1]), "of")) {
    denominator_at = k + 2;
  } else if (n->words && k + 1 < tokens.size() &&
             EqualsLowerAscii(field.TokenText(tokens[k]), "over")) {
    denominator_at = k + 1;
  } else if (n->value == 1 && k + 1 < tokens.size() &&
             EqualsLowerAscii(field.TokenText(tokens[k]), "in")) {
    denominator_at = k + 1;  // "one in five adults", "1 in 20", "one in every ten"
    if (k + 2 < tokens.size() && EqualsLowerAscii(field.TokenText(tokens[k + 1]), "every")) {
      denominator_at = k + 2;
    }
  }
  if (denominator_at == 0 || n->value != std::floor(n->value)) return n;
  std::optional<ParsedNumber> d = ParseNumberCore(field, denominator_at, style, money_context);
  if (!d.has_value() || d->ordinal || d->value <= 0 || d->value != std::floor(d->value) ||
      d->value < n->value || (d->bare_digits && d->digit_count == 4) ||
      (d->value == 1 && n->value == 1)) {
    return n;
  }
  n->value /= d->value;
  n->token_end = d->token_end;
  n->bare_digits = false;
  n->digit_count = 0;
  return n;
}

}  // namespace wirelens::stages::figures
