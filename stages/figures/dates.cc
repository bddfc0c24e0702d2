#include "stages/figures/dates.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>

#include "absl/time/civil_time.h"
#include "pipeline/check.h"
#include "pipeline/strings.h"
#include "stages/figures/numbers.h"
#include "stages/figures/word_filter.h"

namespace wirelens::stages::figures {
namespace {

using pipeline::Token;
using pipeline::TokenKind;

// ---- Tokens, lower-cased once ----------------------------------------------

// Word classes: one packed-key probe per token (WordClassOf, in
// ExtractDates) sets these bits, so that the per-token filters and the
// dispatch of Scanner::At and Scanner::Base test bits instead of comparing
// strings. Each kStart* bit is a necessary condition for one matcher of
// Base to find anything at a token: the words and shapes its first token
// (the one it is called at) can have. A matcher taught to start at a new
// word or shape must add it in WordClasses() or WordClassOf(), or Base
// never tries it there. Bits are set from the token's text whatever its
// kind, as the matchers compare text.
enum WordClass : uint32_t {
  kClsStarter = 1u << 0,   // StarterWords(), for ComputeMayStart
  kClsFrame = 1u << 1,     // Scanner::IsFrameWord's words
  kClsDsetOnly = 1u << 2,  // DsetOnlyWord's words
  kClsExtended = 1u << 3,  // kExtendedStarters (Scanner::IsExtendedStarter)
  kClsMonth = 1u << 4,     // MonthOf's words (month names and abbreviations)
  kClsAtBranch = 1u << 5,  // the words Scanner::At branches on
  kStartNumericDate = 1u << 6,
  kStartDayMonth = 1u << 7,
  kStartYearOrDecade = 1u << 8,
  kStartDayWord = 1u << 9,
  kStartWeekday = 1u << 10,
  kStartModified = 1u << 11,
  kStartQuarterOrFiscal = 1u << 12,
  kStartSeasonAlone = 1u << 13,
  kStartHoliday = 1u << 14,
  kStartClockWithDay = 1u << 15,
  kStartPartOfDay = 1u << 16,
  kStartEndOfDay = 1u << 17,
  kStartCounted = 1u << 18,
  kClsThe = 1u << 19,       // "the"
  kClsAfterThe = 1u << 20,  // words after "the" that are no starters (MayFollowThe)
  // What single matchers read after "the" (Scanner::AfterTheMask).
  kNextModified = 1u << 21,  // "weekend", "the"
  kNextCounted = 1u << 22,   // "past", "last", "next", "coming"
  kNextEndOfDay = 1u << 23,  // "end"
  kStartPresent = 1u << 24,  // "right", "now", "at" (Scanner::Present)
  kClsIn = 1u << 25,         // "in" (Scanner::MayFollowIn)
  // Words (besides month words) that a matcher reads right after a number
  // (Scanner::MayFollowNumber).
  kClsAfterNumber = 1u << 26,
  kClsAfterArticle = 1u << 27,  // what the matchers read after "a"/"an" (MayFollowArticle)
  kClsWeekday = 1u << 28,       // kWeekdays (Scanner::WeekdayOf)
  kClsNumberWord = 1u << 29,    // NumberWord's words (NumberWordOf)
  kClsOrdinalDay = 1u << 30,    // kOrdinalDays and "thirtieth" (Scanner::OrdinalDayWord)
};

// One token as the matchers read it, 48 bytes: a field's tokens are
// written once and read back by every matcher, so the array is kept small
// (the token's offsets are read from the field's Token when needed).
struct Tk {
  // ASCII-lower-cased text, zero-padded; first so that it is 8-aligned and
  // written as three words.
  alignas(8) std::array<char, 24> low{};
  int64_t num = -1;  // value of an all-digit number (ordinal suffix dropped)
  int digits = 0;    // its digit count
  // Set once per field by ExtractDates: WordClassOf(), the kCls* bits.
  uint32_t cls = 0;
  uint16_t flags = 0;
  TokenKind kind = TokenKind::kWord;
  uint8_t len = 0;  // length of `low`; 0 for tokens too long to matter
  // Set once per field by ExtractDates: ComputeMayStart().
  bool may_start = false;
  bool hyphen = false;  // lower() holds a '-'

  std::string_view lower() const { return std::string_view(low.data(), len); }
  // Inline, as it runs for every candidate word of every matcher: most
  // calls fail on the length or the first byte.
  [[gnu::always_inline]] bool Is(std::string_view w) const {
    if (w.size() != len) return false;
    for (size_t i = 0; i < len; ++i) {
      if (low[i] != w[i]) return false;
    }
    return true;
  }
  bool Has(Token::Flag f) const { return (flags & f) != 0; }
  bool glued() const { return !Has(Token::kSpaceBefore); }
};
static_assert(sizeof(Tk) == 48);

// Sixteen bytes as one value (a GCC/Clang vector extension: one SSE2
// register on x86-64), so that a token is lower-cased without a loop or a
// branch on its length. Arithmetic on Bytes16 wraps; Signed16 compares.
using Bytes16 = uint8_t __attribute__((vector_size(16)));
using Signed16 = int8_t __attribute__((vector_size(16)));

// Lower-cases `v` (ASCII A-Z only; other bytes and the zero padding are
// unchanged), and sets `*hyphen` nonzero when it holds a '-'.
inline Bytes16 LowerBytes(Bytes16 v, uint64_t* hyphen) {
  // One signed compare: 'A'-'Z' move to -128..-103, every other byte above.
  const Signed16 shifted = reinterpret_cast<Signed16>(v + static_cast<uint8_t>(0x80 - 'A'));
  v |= reinterpret_cast<Bytes16>(shifted < static_cast<int8_t>(-128 + 26)) & 0x20;
  const Signed16 dash = v == '-';
  uint64_t d[2];
  std::memcpy(d, &dash, sizeof(d));
  *hyphen |= d[0] | d[1];
  return v;
}

// BuildToken's `low` words for a token of over 16 bytes, or one near the
// end of `text`: its first 24 bytes, zero-padded and lower-cased, in `w`
// (left zero for a token too long to matter). Returns the '-' marks.
// Out of line, so that the common case keeps its registers.
[[gnu::noinline]] uint64_t LowerLongToken(std::string_view text, const Token& t, uint64_t* w) {
  const size_t n = t.end - t.begin;
  if (n > 24) return 0;
  char bytes[32] = {};
  std::memcpy(bytes, text.data() + t.begin, n);
  Bytes16 v[2];
  std::memcpy(v, bytes, sizeof(v));
  uint64_t hyphen = 0;
  v[0] = LowerBytes(v[0], &hyphen);
  v[1] = LowerBytes(v[1], &hyphen);
  std::memcpy(w, v, 3 * sizeof(uint64_t));
  return hyphen;
}

// Fills `k` from token `t` of a field's `text`. Every member but `cls` and
// `may_start` (ExtractDates sets them right after) is written, so a reused
// Tk needs no reset. Returns the first 16 bytes of `low` as two
// little-endian words in `*a` and `*b`, for WordClassOf to hash from
// registers rather than load back from `k`.
[[gnu::always_inline]] inline void BuildToken(std::string_view text, const Token& t, Tk* k,
                                              uint64_t* a, uint64_t* b) {
  // 16 bytes from kKeep + 16 - n keep the first n of 16.
  static constexpr uint8_t kKeep[32] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
  const size_t n = t.end - t.begin;
  uint64_t hyphen = 0;
  if (n <= 16 && t.begin + 16 <= text.size()) {  // nearly all tokens: one load
    Bytes16 v;
    Bytes16 keep;
    std::memcpy(&v, text.data() + t.begin, sizeof(v));
    std::memcpy(&keep, kKeep + 16 - n, sizeof(keep));
    v = LowerBytes(v & keep, &hyphen);
    std::memcpy(k->low.data(), &v, sizeof(v));
    std::memset(k->low.data() + sizeof(v), 0, k->low.size() - sizeof(v));
    // The words from the register, not through memory.
    using Words2 = uint64_t __attribute__((vector_size(16)));
    const Words2 words = reinterpret_cast<Words2>(v);
    *a = words[0];
    *b = words[1];
  } else {
    uint64_t w[3] = {0, 0, 0};
    hyphen = LowerLongToken(text, t, w);
    std::memcpy(k->low.data(), w, sizeof(w));
    *a = w[0];
    *b = w[1];
  }
  k->len = static_cast<uint8_t>(n <= k->low.size() ? n : 0);  // 0: too long to matter
  k->hyphen = hyphen != 0;
  k->kind = t.kind;
  k->flags = t.flags;
  k->num = -1;
  k->digits = 0;
  if (t.kind == TokenKind::kNumber) {
    std::string_view digits = k->lower();
    if (t.Has(Token::kOrdinal) && digits.size() > 2) digits.remove_suffix(2);
    if (!digits.empty() && digits.size() <= 9 &&
        std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      int64_t v = 0;
      for (char c : digits) v = v * 10 + (c - '0');
      k->num = v;
      k->digits = static_cast<int>(digits.size());
    }
  }
}

// ---- Word tables --------------------------------------------------------

// a == b, inline (string_view's == calls memcmp): for the word compares of
// the matchers, against literals.
[[gnu::always_inline]] inline bool Eq(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t k = 0; k < a.size(); ++k) {
    if (a[k] != b[k]) return false;
  }
  return true;
}

// Called for most candidate words, so entries are skipped on length and
// first byte before any memcmp.
template <size_t N>
int IndexOf(const std::array<std::string_view, N>& table, std::string_view w) {
  if (w.empty()) return -1;
  for (size_t i = 0; i < N; ++i) {
    const std::string_view e = table[i];
    if (e.size() == w.size() && e[0] == w[0] && std::memcmp(e.data(), w.data(), w.size()) == 0) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

constexpr std::array<std::string_view, 12> kMonths = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december"};
constexpr std::array<std::string_view, 13> kMonthAbbrevs = {
    "jan.", "feb.", "mar.", "apr.", "may.", "jun.", "jul.", "aug.", "sep.", "oct.", "nov.", "dec.",
    "sept."};
// Without the period they are dates only with a day or a year ("Jan 2019").
constexpr std::array<std::string_view, 13> kBareMonthAbbrevs = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "sept"};
constexpr std::array<std::string_view, 7> kWeekdays = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
constexpr std::array<std::string_view, 20> kSmallNumbers = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen"};
constexpr std::array<std::string_view, 10> kTens = {
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
// Ordinal days in words, by value (Scanner::OrdinalDayWord).
constexpr std::array<std::string_view, 21> kOrdinalDays = {
    "",           "first",       "second",     "third",      "fourth",     "fifth",
    "sixth",      "seventh",     "eighth",     "ninth",      "tenth",      "eleventh",
    "twelfth",    "thirteenth",  "fourteenth", "fifteenth",  "sixteenth",  "seventeenth",
    "eighteenth", "nineteenth",  "twentieth"};
constexpr std::array<std::string_view, 5> kOrdinalWords = {"", "first", "second", "third",
                                                           "fourth"};
// Words after which a bare month name or four-digit number reads as a date.
constexpr std::array<std::string_view, 22> kDateContext = {
    "in",    "since", "until", "till",  "by",     "through", "during", "from",
    "before", "after", "early", "late", "mid",    "last",    "next",   "this",
    "of",    "to",    "between", "fiscal", "around", "throughout"};

// Words that can start an expression, besides numbers, month and weekday
// names, number words and hyphenated words (checked separately). Sorted.
constexpr std::string_view kStarters[] = {
    "a", "an", "at", "autumn", "christmas", "coming", "current", "dinner", "dinnertime",
    "earlier", "early", "easter", "fall", "fiscal", "half", "halloween", "in", "juneteenth", "last", "late", "later", "lunch",
    "lunchtime", "mid", "midafternoon", "midday", "middle", "midmorning", "midnight", "new",
    "next", "noon", "over", "past",
    "previous", "q1", "q2", "q3", "q4", "quarter", "spring", "summer", "thanksgiving", "the",
    "this", "tmrw", "today", "tomorrow", "tonight", "winter", "within", "yesterday"};
static_assert(std::is_sorted(std::begin(kStarters), std::end(kStarters)));

// ---- Words of durations, recurring sets and "now" (fig-dset) ----------------

enum class Unit { kNone, kSecond, kMinute, kHour, kDay, kWeek, kMonth, kQuarter, kYear, kDecade };

struct UnitWord {
  std::string_view word;
  Unit unit;
};
constexpr UnitWord kUnitWords[] = {
      {"second", Unit::kSecond}, {"seconds", Unit::kSecond}, {"minute", Unit::kMinute},
      {"minutes", Unit::kMinute}, {"mins", Unit::kMinute}, {"min", Unit::kMinute}, {"hr", Unit::kHour},
      {"secs", Unit::kSecond}, {"yrs", Unit::kYear},   {"hour", Unit::kHour},
      {"sec", Unit::kSecond},  {"yr", Unit::kYear},    {"wk", Unit::kWeek},   {"wks", Unit::kWeek},
      {"hours", Unit::kHour},     {"hrs", Unit::kHour},      {"h", Unit::kHour},      {"day", Unit::kDay},
      {"days", Unit::kDay},       {"week", Unit::kWeek},     {"weeks", Unit::kWeek},
      {"month", Unit::kMonth},    {"months", Unit::kMonth},  {"quarter", Unit::kQuarter},
      {"quarters", Unit::kQuarter}, {"year", Unit::kYear},   {"years", Unit::kYear},
      {"decade", Unit::kDecade},  {"decades", Unit::kDecade}};

// Single words naming a recurrence ("weekly", "annually", "semiannual") and
// their period. Bare "annual" is left out: in news it mostly qualifies a rate
// ("annual growth") rather than naming a recurrence.
struct PeriodicWord {
  std::string_view word;
  std::string_view period;  // ISO 8601 duration
  v1::Grain grain;
};
constexpr PeriodicWord kPeriodicWords[] = {
    {"annually", "P1Y", v1::GRAIN_YEAR},      {"bi-weekly", "P2W", v1::GRAIN_WEEK},
    {"biannually", "P6M", v1::GRAIN_MONTH},   {"bimonthly", "P2M", v1::GRAIN_MONTH},
    {"biweekly", "P2W", v1::GRAIN_WEEK},      {"daily", "P1D", v1::GRAIN_DAY},
    {"everyday", "P1D", v1::GRAIN_DAY},       {"fortnightly", "P2W", v1::GRAIN_WEEK},
    {"hourly", "PT1H", v1::GRAIN_HOUR},       {"monthly", "P1M", v1::GRAIN_MONTH},
    {"nightly", "P1D", v1::GRAIN_DAY},        {"quarterly", "P3M", v1::GRAIN_QUARTER},
    {"semi-annual", "P6M", v1::GRAIN_MONTH},  {"semi-annually", "P6M", v1::GRAIN_MONTH},
    {"semiannual", "P6M", v1::GRAIN_MONTH},   {"semiannually", "P6M", v1::GRAIN_MONTH},
    {"weekly", "P1W", v1::GRAIN_WEEK},        {"yearly", "P1Y", v1::GRAIN_YEAR}};

// Other words that start a duration, a set or a present reference. No other
// matcher of Scanner::Base starts at them, so Base runs only this section's
// matchers there (DsetOnly); "now" as a range bound is NowAsStart's, called
// directly.
constexpr std::string_view kDsetStarters[] = {
    "all",      "another", "couple",   "each",    "every",    "fridays",   "full",
    "mondays",  "now",     "once",     "right",   "saturdays", "several",  "some",
    "sundays",  "thursdays", "tuesdays", "wednesdays", "weekends", "whole"};

// Whether `t` starts only durations, sets and present references (the words
// above and the periodic words): a bit of the token's word class.
bool DsetOnlyWord(const Tk& t) { return t.kind == TokenKind::kWord && (t.cls & kClsDsetOnly) != 0; }

// A token that is one vulgar fraction character ("½").
bool IsVulgarFraction(const Tk& t) {
  size_t length = 0;
  return ParseVulgarFraction(t.lower(), &length).has_value() && length == t.len;
}
// Words that start only the extended calendar-date and date-range forms
// (Scanner::ExtendedDate): "end of month", "EOY", "H1 2019", "week 31",
// "Tue 13th", "year to date", "the following two weeks", "starting Monday",
// "between now and ...", ordinal day words. Sorted.
constexpr std::string_view kExtendedStarters[] = {
    "beginning", "black", "boxing", "calendar", "columbus", "cyber", "earth", "eighteenth",
    "eighth", "eleventh", "end", "eom", "eoy", "father", "fifteenth", "fifth", "following",
    "fourteenth", "fri", "good", "h1", "h2", "independence", "labor", "labour", "martin",
    "memorial", "mlk", "mon", "month", "month-to-date", "mother", "nineteenth", "ninth", "now",
    "president", "presidents", "remainder", "rest", "sat", "seventeenth", "seventh", "sixteenth",
    "sixth", "st", "st.", "start", "tenth", "thirteenth", "thirtieth", "thu", "thur", "thurs",
    "tue", "tues", "twelfth", "twentieth", "upcoming", "valentine", "veterans", "wed", "week",
    "year", "year-to-date", "ytd"};
static_assert(std::is_sorted(std::begin(kExtendedStarters), std::end(kExtendedStarters)));

// All words that can start an expression, sorted, built once.
const std::vector<std::string_view>& StarterWords() {
  static const std::vector<std::string_view>* const words = [] {
    auto* v = new std::vector<std::string_view>(std::begin(kStarters), std::end(kStarters));
    auto add = [v](const auto& table) {
      for (std::string_view w : table) {
        if (!w.empty()) v->push_back(w);
      }
    };
    add(kMonths);
    add(kMonthAbbrevs);
    add(kBareMonthAbbrevs);
    add(kWeekdays);
    add(kSmallNumbers);
    add(kTens);
    add(kOrdinalWords);
    add(kDsetStarters);
    for (const PeriodicWord& p : kPeriodicWords) v->push_back(p.word);
    add(kExtendedStarters);
    std::sort(v->begin(), v->end());
    return v;
  }();
  return *words;
}

// The word classes of every word that has one (1-16 bytes), looked up
// without a branch, as it runs for every token and most tokens are
// ordinary words it does not hold: a word's zero-padded bytes pick a
// bucket of two slots, both slots are compared, and the bits of a match
// kept. The hash's seed is searched when the table is built, so that no
// bucket gets more than two words. Immutable once built; `has_long` is set
// when a starter word is too long for it (none today).
class WordClassTable {
 public:
  explicit WordClassTable(const std::map<std::string, uint32_t, std::less<>>& entries) {
    std::vector<Key> keys;
    for (const auto& [word, bits] : entries) {
      if (word.size() <= kMaxLength) {
        lengths_[static_cast<uint8_t>(word[0])] |= uint32_t{1} << word.size();
        char padded[kMaxLength] = {};
        std::memcpy(padded, word.data(), word.size());
        Key& k = keys.emplace_back();
        std::memcpy(&k.a, padded, 8);
        std::memcpy(&k.b, padded + 8, 8);
        k.bits = bits;
        continue;
      }
      // Only the starter bit has a fallback (a search in ComputeMayStart).
      WL_CHECK(bits == kClsStarter) << "word class key too long: " << word;
      has_long = true;
    }
    // At most one key per four slots: then about one seed in 60 fits the
    // words of today.
    for (size_t n = std::bit_ceil(std::max<size_t>(2 * keys.size(), 16));; n *= 2) {
      shift_ = 64 - std::countr_zero(n);
      for (seed_ = 0; seed_ < 1000; ++seed_) {
        if (Fits(keys, n)) {
          Fill(keys, n);
          return;
        }
      }
    }
  }

  // Two keys, zero-padded (an empty slot is all zeros, with bits 0).
  struct alignas(32) Bucket {
    uint64_t a[2] = {0, 0};  // bytes 0-7
    uint64_t b[2] = {0, 0};  // bytes 8-15
  };
  // The table's lookup, by value: a caller that probes every token of a
  // field copies it into a local first, so that its stores into the
  // tokens cannot make the compiler load the table's fields again.
  class Probe {
   public:
    // The bits of the word of `len` bytes whose first 16 bytes,
    // zero-padded, are `a` and `b` (little-endian words), or 0. As
    // ShortWordMap's lookup, a word matches a key when their padded bytes
    // are equal and some key has its length and first byte.
    uint32_t Find(uint64_t a, uint64_t b, size_t len) const {
      const size_t i = Slot(a, b, seed_, shift_);
      const Bucket& k = buckets_[i];
      const uint32_t hit0 = -static_cast<uint32_t>(((k.a[0] ^ a) | (k.b[0] ^ b)) == 0);
      const uint32_t hit1 = -static_cast<uint32_t>(((k.a[1] ^ a) | (k.b[1] ^ b)) == 0);
      const uint32_t known = lengths_[static_cast<uint8_t>(a)] >> len & 1;  // len <= 24
      return ((bits_[2 * i] & hit0) | (bits_[2 * i + 1] & hit1)) & -known;
    }

   private:
    friend class WordClassTable;
    const Bucket* buckets_;
    const uint32_t* bits_;
    const uint32_t* lengths_;
    uint64_t seed_;
    int shift_;
  };
  Probe probe() const {
    Probe p;
    p.buckets_ = buckets_.data();
    p.bits_ = bits_.data();
    p.lengths_ = lengths_.data();
    p.seed_ = seed_;
    p.shift_ = shift_;
    return p;
  }

  static constexpr size_t kMaxLength = 16;
  bool has_long = false;

 private:
  static size_t Slot(uint64_t a, uint64_t b, uint64_t seed, int shift) {
    const uint64_t h = ((a ^ seed) * 0x9E3779B97F4A7C15ULL) ^ (b * 0xC2B2AE3D27D4EB4FULL);
    return static_cast<size_t>(h >> shift);
  }
  struct Key {
    uint64_t a = 0;
    uint64_t b = 0;
    uint32_t bits = 0;
  };
  // Whether no bucket of `n` gets more than two of `keys` (with seed_ and
  // shift_): a cheap test, as most seeds fail.
  bool Fits(const std::vector<Key>& keys, size_t n) const {
    std::vector<uint8_t> used(n, 0);
    for (const Key& key : keys) {
      if (++used[Slot(key.a, key.b, seed_, shift_)] > 2) return false;
    }
    return true;
  }
  // Places `keys` in `n` buckets, as Fits() found they fit.
  void Fill(const std::vector<Key>& keys, size_t n) {
    buckets_.assign(n, Bucket{});
    bits_.assign(2 * n, 0);
    for (const Key& key : keys) {
      const size_t i = Slot(key.a, key.b, seed_, shift_);
      Bucket& k = buckets_[i];
      const int free = k.a[0] == 0 ? 0 : 1;  // keys are non-empty
      k.a[free] = key.a;
      k.b[free] = key.b;
      bits_[2 * i + free] = key.bits;
    }
  }

  // Per first byte, bit n set when a key of n bytes starts with it.
  std::array<uint32_t, 256> lengths_{};
  std::vector<Bucket> buckets_;
  std::vector<uint32_t> bits_;  // per bucket, its two slots' bits
  uint64_t seed_ = 0;
  int shift_ = 0;
};
const WordClassTable& WordClasses() {
  static const WordClassTable* const table = [] {
    std::map<std::string, uint32_t, std::less<>> entries;
    auto add = [&entries](std::string_view w, uint32_t bits) {
      entries.try_emplace(std::string(w), 0).first->second |= bits;
    };
    auto add_all = [&add](const auto& words, uint32_t bits) {
      for (std::string_view w : words) {
        if (!w.empty()) add(w, bits);
      }
    };
    // Every number word 0-99: "zero".."nineteen", the tens, "twenty-one"..
    // "ninety-nine".
    auto add_number_words = [&](uint32_t bits) {
      add_all(kSmallNumbers, bits);
      for (std::string_view tens : kTens) {
        if (tens.empty()) continue;
        add(tens, bits);
        for (int u = 1; u <= 9; ++u) {
          add(std::string(tens) + "-" + std::string(kSmallNumbers[u]), bits);
        }
      }
    };
    add_all(StarterWords(), kClsStarter);
    add_all(std::initializer_list<std::string_view>{"from", "between", "at", "no", "not", "as",
                                                    "starting", "beginning", "for", "since",
                                                    "after", "before", "around", "approximately"},
            kClsFrame);
    add_all(kDsetStarters, kClsDsetOnly);
    for (const PeriodicWord& p : kPeriodicWords) add(p.word, kClsDsetOnly);
    add_all(kExtendedStarters, kClsExtended);
    add_all(kMonths, kClsMonth);
    add_all(kMonthAbbrevs, kClsMonth);
    add_all(kBareMonthAbbrevs, kClsMonth);
    // "around", "approximately" and "tmrw" (below) are read by main's
    // date rules (an approximate point in At, DayWord's "tmrw"): harmless
    // here, and right once both meet.
    add_all(std::initializer_list<std::string_view>{"from", "between", "starting", "beginning",
                                                    "for", "since", "after", "before", "around",
                                                    "approximately"},
            kClsAtBranch);
    using L = std::initializer_list<std::string_view>;
    // OffsetOf's words.
    const L offsets = {"last", "past", "previous", "this", "current", "next", "coming"};
    add("the", kStartDayMonth);  // "the 3rd of May"
    add_all(L{"today", "yesterday", "tomorrow", "tmrw", "tonight", "in", "last", "this"},
            kStartDayWord);
    add_all(offsets, kStartWeekday);  // "past Friday", "next Friday"
    add_all(kWeekdays, kStartWeekday);
    add_all(offsets, kStartModified);
    add_all(L{"early", "earlier", "mid", "middle", "late", "later", "over", "the"},
            kStartModified);  // PartWord's words; "over the weekend", "the weekend"
    add_all(L{"fiscal", "fy", "the"}, kStartQuarterOrFiscal);
    add_all(kOrdinalWords, kStartQuarterOrFiscal);
    add_all(L{"the", "autumn"}, kStartSeasonAlone);
    add_all(L{"spring", "summer", "fall", "winter"}, kStartSeasonAlone);  // kSeasonNames
    add_all(L{"christmas", "new", "halloween", "juneteenth", "easter", "thanksgiving"},
            kStartHoliday);
    // "at", MayStartClock's words, and every number word 0-99.
    add_all(L{"at", "a", "noon", "midday", "midnight", "half", "quarter"}, kStartClockWithDay);
    add_number_words(kStartClockWithDay);
    add_all(L{"the", "end"}, kStartEndOfDay);
    // Counted: its frames ("in two weeks", "within the next", "the past",
    // "over the last"), AmountAt's words (a number word, "a", "another",
    // "all", "half", "whole", "full", "quarter", "three quarters",
    // "several", "some", "couple"; digits, a vulgar fraction and hyphenated
    // words ("two-year") in WordClassOf).
    add_all(L{"in", "within", "the", "over", "last", "past", "next", "a", "an", "another", "all",
              "half", "whole", "full", "quarter", "three", "several", "some", "couple"},
            kStartCounted);
    add_number_words(kStartCounted);
    add("the", kClsThe);
    add("in", kClsIn);
    // What the matchers starting at a number read right after it (see
    // Scanner::MayFollowNumber; month words have kClsMonth): clock
    // connectors, SpelledClock's "past"/"to"/"before", meridiems, "o'clock",
    // "12 noon", "in the evening", "at night", spelled zones, "of" before a
    // month, time units, and ClockMayEndBefore's followers and weekdays.
    add_all(L{"to", "until", "till", "til", "through", "and", "past", "before", "am", "pm", "a.m.",
              "a.m", "p.m.", "p.m", "o'clock", "oclock", "o\xe2\x80\x99" "clock", "noon",
              "midnight", "in", "at", "eastern", "central", "mountain", "pacific", "of",
              "fortnight", "fortnights", "after", "for", "last", "next", "on", "or", "sharp",
              "that", "the", "then", "this", "today", "tomorrow", "tonight", "when", "where",
              "with", "yesterday"},
            kClsAfterNumber);
    for (const UnitWord& u : kUnitWords) add(u.word, kClsAfterNumber);
    add_all(kWeekdays, kClsAfterNumber);
    add_all(kWeekdays, kClsWeekday);
    add_all(kOrdinalDays, kClsOrdinalDay);  // (kOrdinalWords among them)
    add("thirtieth", kClsOrdinalDay);
    // NumberWord's words.
    add_number_words(kClsNumberWord);
    // After "a"/"an" (see Scanner::MayFollowArticle): AmountAt's "few",
    // "couple", "half", "quarter", "and (a half)", a glued "-", and the units.
    add_all(L{"few", "couple", "half", "quarter", "and", "-", "fortnight", "fortnights"},
            kClsAfterArticle);
    for (const UnitWord& u : kUnitWords) add(u.word, kClsAfterArticle);
    // Besides numbers and starter words, what the matchers look for after
    // "the" (see Scanner::MayFollowThe).
    add_all(L{"day", "'", "\xe2\x80\x99", "weekend", "final", "the", "past", "last", "next",
              "coming", "end"},
            kClsAfterThe);
    add_all(L{"weekend", "the"}, kNextModified);
    add_all(L{"past", "last", "next", "coming"}, kNextCounted);
    add("end", kNextEndOfDay);
    add_all(L{"right", "now", "at"}, kStartPresent);
    return new WordClassTable(entries);
  }();
  return *table;
}

// The kCls* and kStart* bits of `t`, whose `low` starts with the
// little-endian words `a` and `b`: its word's, and those of its kind and
// shape. Branches only on rare shapes: it runs for every token.
uint32_t WordClassOf(const Tk& t, uint64_t a, uint64_t b, const WordClassTable::Probe& table) {
  uint32_t c = table.Find(a, b, t.len);
  static constexpr std::array<uint32_t, 8> kByKind = [] {
    std::array<uint32_t, 8> k{};
    k[static_cast<int>(TokenKind::kNumber)] =
        kStartCounted | kStartNumericDate | kStartClockWithDay;
    k[static_cast<int>(TokenKind::kSymbol)] = kStartCounted;
    return k;
  }();
  static_assert(static_cast<int>(TokenKind::kMention) < 8);
  c |= kByKind[static_cast<uint8_t>(t.kind) & 7];
  // Only numbers have digits, at most 9: 1-2 for DayNumberAt, 4 for YearAt.
  static constexpr std::array<uint32_t, 10> kByDigits = {
      0, kStartDayMonth, kStartDayMonth, 0, kStartYearOrDecade, 0, 0, 0, 0, 0};
  c |= kByDigits[static_cast<unsigned>(t.digits)];
  c |= t.Has(Token::kOrdinal) ? kStartQuarterOrFiscal : 0u;  // "3rd quarter"
  // By first byte: 1 for PartOfDay's first test (early, late(r), earlier,
  // in, at, lunch(time), dinner(time), mid-), 2 where "fy..." or "q?" can
  // start the token.
  static constexpr std::array<uint8_t, 256> kFirstByte = [] {
    std::array<uint8_t, 256> f{};
    for (char ch : std::string_view("eldiam")) f[static_cast<uint8_t>(ch)] |= 1;
    f['f'] |= 2;
    f['q'] |= 2;
    return f;
  }();
  const uint8_t first = kFirstByte[static_cast<uint8_t>(a)];
  c |= (first & 1) != 0 ? kStartPartOfDay : 0u;
  const std::string_view w = t.lower();
  if ((first & 2) != 0 &&
      ((w.size() >= 2 && w[0] == 'f' && w[1] == 'y') || (w.size() == 2 && w[0] == 'q'))) {
    c |= kStartQuarterOrFiscal;  // "FY2025", "Q3"
  }
  if (t.hyphen) {        // shapes with a '-'
    c |= kStartCounted;  // "two-year"
    if (w.size() > 8 && w.substr(w.size() - 8) == "-quarter") c |= kStartQuarterOrFiscal;
    if (w.size() > 4 && w.substr(0, 4) == "mid-") c |= kStartModified;  // "mid-2026"
  }
  return c;
}

// ComputeMayStart's rare cases: "½ hour" (a symbol: every vulgar fraction
// is non-ASCII), starter words too long for the word class table (none
// today).
[[gnu::noinline]] bool MayStartRare(const Tk& t) {
  if (t.kind == TokenKind::kSymbol) return IsVulgarFraction(t);
  if (!WordClasses().has_long) return false;
  const std::vector<std::string_view>& words = StarterWords();
  return std::binary_search(words.begin(), words.end(), t.lower());
}

// Whether any matcher can start at `t` (a cheap filter run on every token,
// so in integer arithmetic: no branch on its kind). Needs t.cls.
bool ComputeMayStart(const Tk& t) {
  const bool word = (t.kind == TokenKind::kWord) & (t.len > 0);
  const bool fy6 = (t.len == 6) & (t.low[0] == 'f') & (t.low[1] == 'y');  // "FY2025"
  // "two-year", "mid-2026"; a starter word.
  const bool starts =
      (t.kind == TokenKind::kNumber) |
      (word & (t.Has(Token::kHasHyphen) | fy6 | ((t.cls & kClsStarter) != 0)));
  if (((t.kind == TokenKind::kSymbol) & (static_cast<uint8_t>(t.low[0]) >= 0x80)) |
      (word & (t.len > WordClassTable::kMaxLength))) {
    return starts || MayStartRare(t);
  }
  return starts;
}

// ComputeMayStart(t), as computed once per token by ExtractDates.
bool MayStart(const Tk& t) { return t.may_start; }

// Month 1-12 of a month word, or 0. `*abbrev` tells whether it was
// abbreviated ("Nov.").
int MonthOf(const Tk& t, bool* abbrev) {
  // One packed lookup: month (1-12) plus 16 when abbreviated.
  static const ShortWordMap<uint8_t>* const months = [] {
    auto* m = new ShortWordMap<uint8_t>;
    for (size_t i = 0; i < kMonths.size(); ++i) m->Add(kMonths[i], static_cast<uint8_t>(i + 1));
    for (const auto* table : {&kMonthAbbrevs, &kBareMonthAbbrevs}) {
      for (size_t i = 0; i < table->size(); ++i) {
        if (kMonths[i % 12] == (*table)[i]) continue;  // "may" is the full name
        m->Add((*table)[i], static_cast<uint8_t>(16 + (i == 12 ? 9 : i + 1)));
      }
    }
    return m;
  }();
  const uint8_t* v = (t.cls & kClsMonth) == 0 ? nullptr : months->FindPadded(t.low.data(), t.len);
  *abbrev = v != nullptr && *v > 16;
  return v == nullptr ? 0 : *v & 15;
}

// The value of a string of ASCII digits (at most 9), or -1.
int ParseDigits(std::string_view s) {
  if (s.empty() || s.size() > 9) return -1;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

// A number word 0-99 ("seven", "twenty-four"), or -1.
int64_t NumberWordSlow(std::string_view w) {
  int small = IndexOf(kSmallNumbers, w);
  if (small >= 0) return small;
  size_t dash = w.find('-');
  int tens = IndexOf(kTens, w.substr(0, dash));
  if (tens < 2) return -1;
  if (dash == std::string_view::npos) return tens * 10;
  int unit = IndexOf(kSmallNumbers, w.substr(dash + 1));
  return (unit >= 1 && unit <= 9) ? tens * 10 + unit : -1;
}

// NumberWordSlow through a table of every number word 0-99, built once
// (the words of kClsNumberWord).
int64_t NumberWord(std::string_view w) {
  static const ShortWordMap<int8_t>* const words = [] {
    auto* m = new ShortWordMap<int8_t>;
    std::vector<std::string> all;
    for (std::string_view small : kSmallNumbers) all.emplace_back(small);
    for (std::string_view tens : kTens) {
      if (tens.empty()) continue;
      all.emplace_back(tens);
      for (int u = 1; u <= 9; ++u) all.push_back(std::string(tens) + "-" + std::string(kSmallNumbers[u]));
    }
    for (const std::string& word : all) {
      const int64_t v = NumberWordSlow(word);
      WL_CHECK(v >= 0 && m->Add(word, static_cast<int8_t>(v))) << word;
    }
    return m;
  }();
  const int8_t* v = words->Find(w);
  return v == nullptr ? -1 : *v;
}
// NumberWord of a token's text: one bit test for the words that are none.
int64_t NumberWordOf(const Tk& t) {
  return (t.cls & kClsNumberWord) == 0 ? -1 : NumberWord(t.lower());
}

// "month-long" -> "month": the unit of a compound that says how long
// ("a 12-month-long inquiry").
std::string_view WithoutLong(std::string_view w) {
  return w.size() > 5 && w.ends_with("-long") ? w.substr(0, w.size() - 5) : w;
}

// The unit of a time-unit word ("hours" -> kHour), or kNone. One packed
// lookup in a table built once from kUnitWords.
Unit UnitOf(std::string_view w) {
  static const ShortWordMap<Unit>* const units = [] {
    auto* m = new ShortWordMap<Unit>;
    for (const UnitWord& e : kUnitWords) WL_CHECK(m->Add(e.word, e.unit)) << e.word;
    return m;
  }();
  const Unit* u = units->Find(w);
  return u == nullptr ? Unit::kNone : *u;
}

// Seconds per unit, with Recognizers-Text's 30-day month and 365-day year.
double UnitSeconds(Unit u) {
  switch (u) {
    case Unit::kSecond: return 1;
    case Unit::kMinute: return 60;
    case Unit::kHour: return 3600;
    case Unit::kDay: return 86400;
    case Unit::kWeek: return 7 * 86400.0;
    case Unit::kMonth: return 30 * 86400.0;
    case Unit::kQuarter: return 90 * 86400.0;
    case Unit::kYear: return 365 * 86400.0;
    case Unit::kDecade: return 3650 * 86400.0;
    case Unit::kNone: return 0;
  }
  return 0;
}

// A count as written in ISO durations and relative forms: "3", "1.5".
std::string FormatCount(double n) {
  if (n == static_cast<double>(static_cast<int64_t>(n))) {
    return std::to_string(static_cast<int64_t>(n));
  }
  std::string s = std::to_string(n);  // "1.500000"
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

// ISO 8601 duration designator ("P3D", "PT24H", "PT1.5H").
std::string IsoDuration(double n, Unit u) {
  std::string s = FormatCount(n);
  switch (u) {
    case Unit::kSecond: return "PT" + s + "S";
    case Unit::kMinute: return "PT" + s + "M";
    case Unit::kHour: return "PT" + s + "H";
    case Unit::kDay: return "P" + s + "D";
    case Unit::kWeek: return "P" + s + "W";
    case Unit::kMonth: return "P" + s + "M";
    case Unit::kQuarter: return "P" + FormatCount(3 * n) + "M";
    case Unit::kYear: return "P" + s + "Y";
    case Unit::kDecade: return "P" + FormatCount(10 * n) + "Y";
    case Unit::kNone: break;
  }
  return "";
}

const char* UnitName(Unit u) {
  switch (u) {
    case Unit::kSecond: return "second";
    case Unit::kMinute: return "minute";
    case Unit::kHour: return "hour";
    case Unit::kDay: return "day";
    case Unit::kWeek: return "week";
    case Unit::kMonth: return "month";
    case Unit::kQuarter: return "quarter";
    case Unit::kYear: return "year";
    case Unit::kDecade: return "decade";
    case Unit::kNone: break;
  }
  return "";
}

v1::Grain GrainOf(Unit u) {
  switch (u) {
    case Unit::kSecond: return v1::GRAIN_SECOND;
    case Unit::kMinute: return v1::GRAIN_MINUTE;
    case Unit::kHour: return v1::GRAIN_HOUR;
    case Unit::kDay: return v1::GRAIN_DAY;
    case Unit::kWeek: return v1::GRAIN_WEEK;
    case Unit::kMonth: return v1::GRAIN_MONTH;
    case Unit::kQuarter: return v1::GRAIN_QUARTER;
    case Unit::kYear: return v1::GRAIN_YEAR;
    case Unit::kDecade: return v1::GRAIN_DECADE;
    case Unit::kNone: break;
  }
  return v1::GRAIN_UNSPECIFIED;
}

// UTC offset in minutes of a written zone abbreviation on local day `day`;
// false if `w` is not one.
bool ZoneOffset(std::string_view w, absl::CivilDay day, int* minutes) {
  struct Zone {
    std::string_view name;
    int minutes;
  };
  static constexpr Zone kZones[] = {
      {"gmt", 0},     {"utc", 0},      {"est", -300}, {"edt", -240}, {"cst", -360},
      {"cdt", -300},  {"mst", -420},   {"mdt", -360}, {"pst", -480}, {"pdt", -420},
      {"bst", 60},    {"cet", 60},     {"cest", 120}, {"eet", 120},  {"eest", 180},
      {"msk", 180},   {"ist", 330},    {"jst", 540},  {"aest", 600}, {"aedt", 660}};
  for (const Zone& z : kZones) {
    if (z.name == w) {
      *minutes = z.minutes;
      return true;
    }
  }
  // Generic US zones: daylight time from the second Sunday of March to the
  // first Sunday of November.
  static constexpr Zone kUs[] = {{"et", -300}, {"ct", -360}, {"mt", -420}, {"pt", -480}};
  for (const Zone& z : kUs) {
    if (z.name != w) continue;
    auto first_sunday = [&](int month) {
      absl::CivilDay d(day.year(), month, 1);
      while (absl::GetWeekday(d) != absl::Weekday::sunday) ++d;
      return d;
    };
    bool dst = day >= first_sunday(3) + 7 && day < first_sunday(11);
    *minutes = z.minutes + (dst ? 60 : 0);
    return true;
  }
  return false;
}

// ---- Calendar periods -------------------------------------------------------

// An interval of UTC civil time, both ends inclusive.
struct Range {
  absl::CivilSecond begin;
  absl::CivilSecond last;
  bool timed = false;  // has a time of day (formatted as date-times)
  // Open ends ("since 2020", "before 6 p.m."): that bound is not written.
  bool open_begin = false;
  bool open_end = false;
};

Range Days(absl::CivilDay first, absl::CivilDay last) {
  // The last second of `last` from its (valid) fields: the same value as
  // "the next day minus one second", without normalizing a borrow.
  return Range{absl::CivilSecond(first),
               absl::CivilSecond(last.year(), last.month(), last.day(), 23, 59, 59), false};
}
// The last day of month `m`: absl::CivilDay(m + 1) - 1, without the
// month-by-month walk absl's normalization of that day 0 makes (it showed
// in profiles).
absl::CivilDay LastDayOf(absl::CivilMonth m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int64_t y = m.year();
  const bool leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
  return absl::CivilDay(y, m.month(), m.month() == 2 && leap ? 29 : kDays[m.month() - 1]);
}
Range Day(absl::CivilDay d) { return Days(d, d); }
Range Month(absl::CivilMonth m) { return Days(absl::CivilDay(m), LastDayOf(m)); }
Range Year(absl::CivilYear y) { return Days(absl::CivilDay(y), absl::CivilDay(y.year(), 12, 31)); }
absl::CivilDay WeekStart(absl::CivilDay d) {
  return absl::PrevWeekday(d + 1, absl::Weekday::monday);
}
Range Quarter(int year, int q) {
  absl::CivilMonth m(year, 3 * (q - 1) + 1);
  return Days(absl::CivilDay(m), LastDayOf(m + 2));
}

// The calendar period of unit `u` containing `today`, shifted by `offset`.
Range PeriodAt(Unit u, absl::CivilDay today, int offset) {
  switch (u) {
    case Unit::kWeek: {
      absl::CivilDay w = WeekStart(today) + 7 * offset;
      return Days(w, w + 6);
    }
    case Unit::kMonth: return Month(absl::CivilMonth(today) + offset);
    case Unit::kQuarter: {
      int q = (today.month() - 1) / 3 + 1 + offset;
      int year = static_cast<int>(today.year());
      while (q < 1) { q += 4; --year; }
      while (q > 4) { q -= 4; ++year; }
      return Quarter(year, q);
    }
    case Unit::kYear: return Year(absl::CivilYear(today) + offset);
    case Unit::kDecade: {
      int64_t y = today.year() - (today.year() % 10) + 10 * offset;
      return Days(absl::CivilDay(y, 1, 1), absl::CivilDay(y + 9, 12, 31));
    }
    default: return Day(today + offset);
  }
}

enum class Part { kWhole, kEarly, kMid, kLate };

// A part of a day-grained period of unit `u` (see dates.h for the splits).
Range PartOf(Range r, Unit u, Part part) {
  absl::CivilDay first(r.begin), last(r.last);
  if (part == Part::kWhole) return r;
  if (u == Unit::kYear) {
    int64_t y = first.year();
    if (part == Part::kEarly) return Days(absl::CivilDay(y, 1, 1), absl::CivilDay(y, 6, 30));
    if (part == Part::kMid) return Days(absl::CivilDay(y, 5, 1), absl::CivilDay(y, 8, 31));
    return Days(absl::CivilDay(y, 7, 1), absl::CivilDay(y, 12, 31));
  }
  if (u == Unit::kWeek) {
    if (part == Part::kEarly) return Days(first, first + 2);
    if (part == Part::kMid) return Days(first + 1, first + 3);
    return Days(first + 3, last);
  }
  if (part == Part::kEarly) return Days(first, first + 14);
  if (part == Part::kMid) return Days(first + 9, first + 19);
  return Days(first + 15, last);
}

// A part of the decade starting in year `y` (see dates.h).
Range DecadePart(int64_t y, Part part) {
  int from = part == Part::kEarly ? 0 : part == Part::kMid ? 4 : 7;
  int to = part == Part::kEarly ? 3 : part == Part::kMid ? 6 : 9;
  return Days(absl::CivilDay(y + from, 1, 1), absl::CivilDay(y + to, 12, 31));
}

// Meteorological seasons: 0 spring, 1 summer, 2 fall, 3 winter.
constexpr std::array<std::string_view, 4> kSeasonNames = {"spring", "summer", "fall", "winter"};
Range Season(int64_t season_year, int season) {
  absl::CivilMonth start(season_year, 3 + 3 * season);
  return Days(absl::CivilDay(start), LastDayOf(start + 2));
}
int SeasonOf(std::string_view w) {
  if (w == "autumn") return 2;
  return IndexOf(kSeasonNames, w);
}

// Parts of a day, as [start hour, end hour) with end 24 meaning 23:59:59.
struct DayPart {
  std::string_view word;
  int from;
  int to;
};
constexpr DayPart kDayParts[] = {{"morning", 8, 12},  {"afternoon", 12, 16}, {"evening", 16, 20},
                                  {"night", 20, 24},   {"lunchtime", 11, 13},
                                  {"dinnertime", 18, 20}};
// Meal times: they stand alone (Recognizers-Text): "at lunchtime today" is
// two expressions, and "early"/"late" do not apply.
bool MealTime(const DayPart& p) { return p.word == "lunchtime" || p.word == "dinnertime"; }
const DayPart* DayPartOf(std::string_view w) {
  // By length first: most words have none of these lengths.
  static constexpr uint32_t kLengths = [] {
    uint32_t m = 0;
    for (const DayPart& p : kDayParts) m |= 1u << p.word.size();
    return m;
  }();
  if (w.size() >= 32 || (kLengths >> w.size() & 1) == 0) return nullptr;
  for (const DayPart& p : kDayParts) {
    if (p.word == w) return &p;
  }
  return nullptr;
}
// Part `p` of day `d`; "early"/"late" are its first/second half ("early
// morning" 08:00-10:00, as in Recognizers-Text), "mid" its middle instant
// ("midmorning" 10:00).
Range DayPartRange(absl::CivilDay d, const DayPart& p, Part mod = Part::kWhole) {
  absl::CivilSecond start(d.year(), d.month(), d.day(), p.from);
  int64_t length = 3600 * (p.to - p.from);
  if (mod == Part::kEarly) return Range{start, start + length / 2 - 1, true};
  if (mod == Part::kLate) return Range{start + length / 2, start + length - 1, true};
  if (mod == Part::kMid) return Range{start + length / 2, start + length / 2, true};
  return Range{start, start + length - 1, true};
}

// (first letter, second letter) -> bit set of lengths of the words that can
// start a clock time in words: number words ("twenty-five" by its "tw" and
// length), "half", "quarter", "noon", "midday", "midnight".
constexpr std::array<uint32_t, 26 * 26> kSpelledClockShapes = [] {
  std::array<uint32_t, 26 * 26> m{};
  auto add = [&m](std::string_view w, size_t len) {
    m[(w[0] - 'a') * 26 + (w[1] - 'a')] |= 1u << len;
  };
  for (std::string_view w : kSmallNumbers) add(w, w.size());
  for (std::string_view tens : kTens) {
    if (tens.empty()) continue;
    add(tens, tens.size());
    for (size_t unit = 1; unit <= 9; ++unit) {
      add(tens, tens.size() + 1 + kSmallNumbers[unit].size());
    }
  }
  add("half", 4);
  add("quarter", 7);
  add("noon", 4);
  add("midday", 6);
  add("midnight", 8);
  return m;
}();

// ---- Matches -------------------------------------------------------------

struct Hit {
  size_t first = 0;  // token range [first, end)
  size_t end = 0;
  v1::FigureKind kind = v1::FIGURE_KIND_DATE;
  v1::Grain grain = v1::GRAIN_UNSPECIFIED;
  std::string relative;
  std::optional<Range> range;  // set when resolved
  // Durations.
  double seconds = 0;
  std::string unit;
  // A single day (can take a time of day).
  bool is_day = false;
  // Recurring sets ("every Tuesday"): `set_value` is the ISO 8601 repeating
  // interval ("R/P1W", "R/2026-11-24/P1W"), empty when it needs a reference
  // that is missing.
  bool is_set = false;
  std::string set_value;
  // A range written with both ends ("10/1-11/2/2017", "9-12 June").
  bool two_sided = false;
  // The end of a period ("the end of June"): as the far end of a range
  // or after "before" it counts whole.
  bool period_end = false;
  // The part of the day the hit is in ("last night", "Monday morning").
  const DayPart* part = nullptr;
  // A holiday ("Christmas Eve"): it takes no clock time or part of the day;
  // one right after it is its own figure on the holiday's date.
  bool holiday = false;
  // "around 1 p.m.": an approximate point (QUALIFIER_APPROXIMATELY).
  bool approx = false;
  // A clock time of 1-11 without a.m./p.m., part of the day or zone
  // ("eight o'clock"): it may be read twelve hours later.
  bool open_meridiem = false;
};

std::string Two(int v) {
  return std::string(1, static_cast<char>('0' + v / 10)) + static_cast<char>('0' + v % 10);
}

class Scanner {
 public:
  Scanner(const std::vector<Tk>& toks, bool title_case,
          const std::optional<absl::CivilSecond>& now)
      : t_(toks), title_case_(title_case), now_(now) {
    if (now_) today_ = absl::CivilDay(*now_);
  }

  // Tells the scanner that `h` was reported, so a clock time right after a
  // holiday can be put on the holiday's date.
  void Remember(const Hit& h) {
    kept_at_ = kNoneKept;  // Base's results depend on last_
    if (h.holiday) {
      last_ = h;
    } else {
      last_.reset();
    }
  }

  // The words that At() itself (not Base) acts on at token i. Together with
  // MayStart() they gate At(): a word that starts a new frame in At() must
  // be added here, or ExtractDates never calls At() on it.
  // The words are kClsFrame's, in WordClasses().
  static bool IsFrameWord(const Tk& t) {
    return t.kind == TokenKind::kWord && (t.cls & kClsFrame) != 0;
  }

  // Whether At(i, limit) can find anything (a cheap necessary condition).
  // At "the" and "in" only Base acts, and it finds nothing unless
  // MayFollowThe or MayFollowIn accepts the next word ("the company", "in
  // its"): most of them end here.
  static bool MayMatchAt(const std::vector<Tk>& t, size_t i, size_t limit) {
    const Tk& k = t[i];
    if (!k.may_start && !IsFrameWord(k)) return false;
    if ((k.cls & (kClsThe | kClsIn)) == 0) return true;
    if (i + 1 >= limit) return false;
    return (k.cls & kClsThe) != 0 ? MayFollowThe(t[i + 1]) : MayFollowIn(t[i + 1]);
  }

  // The longest expression starting at token i of a sentence ending before
  // token `limit`, if any.
  [[gnu::noinline]] std::optional<Hit> At(size_t i, size_t limit) {
    limit_ = limit;
    // Most numbers in news copy come before a word no matcher reads there
    // ("10 mln", "5 pct").
    if (In(i + 1) && PlainNumber(t_[i]) && !MayFollowNumber(t_[i + 1])) return std::nullopt;
    if ((t_[i].Is("a") || t_[i].Is("an")) && !(In(i + 1) && MayFollowArticle(t_[i + 1]))) {
      return std::nullopt;  // "a company", "an increase"
    }
    if (auto r = ClockRange(i)) return r;  // "from 5 to 6pm", "3:00 to 4:00 tomorrow"
    if (auto r = LatestBound(i)) return r;  // "no later than 5 p.m."
    if (In(i + 1) && (t_[i].cls & kClsAtBranch) != 0) {  // the words compared below
      std::string_view w = t_[i].lower();
      if (t_[i].Is("from") || t_[i].Is("between")) {
        if (t_[i].Is("from")) {
          if (auto h = StartThenLength(i)) return h;  // "from 9 for 2 hours" (fig-dset)
        }
        std::optional<Hit> a = BaseKept(i + 1);
        if (!a) a = NowAsStart(i + 1);  // "between now and May 21"
        if (a) {
          if (auto r = RangeFrom(i, *a, t_[i].Is("between"))) return r;
          if (a->two_sided) {  // "from 10/1-11/2/2017", "between 4-22 January"
            a->first = i;
            return a;
          }
        }
      } else if (t_[i].Is("starting") || t_[i].Is("beginning")) {
        // "starting January 7th", "starting on Sep 2019": since.
        size_t j = Word(i + 1, "on") || Word(i + 1, "from") ? i + 2 : i + 1;
        if (auto inner = BaseKept(j); inner && inner->kind == v1::FIGURE_KIND_DATE) {
          return Modded(i, "since", *inner);
        }
      } else if (!w.empty() && w[0] == 'a' && (w == "around" || w == "approximately")) {
        // "around 1 p.m.", "around the 21st": an approximate point (a clock
        // time, or for "around" a single day). "about" is left out: it is
        // mostly the preposition ("talks about Monday's vote").
        if (auto inner = BaseKept(i + 1); inner && inner->range && !inner->is_set &&
                                      inner->kind != v1::FIGURE_KIND_DURATION) {
          const bool clock = inner->kind == v1::FIGURE_KIND_TIME && inner->range->timed &&
                             inner->range->begin == inner->range->last;
          if (clock || (inner->is_day && w == "around" && !inner->holiday)) {
            Hit h = *inner;
            h.first = i;
            h.approx = true;
            h.relative = "mod:approx" + (h.relative.empty() ? "" : ";" + h.relative);
            return h;
          }
        }
      } else if (t_[i].Is("for")) {
        if (auto h = LengthFrom(i, i + 1)) return h;  // "for 3 days from today" (fig-dset)
      } else if (t_[i].Is("since") || t_[i].Is("after") || t_[i].Is("before")) {
        // "after around 3:30pm".
        size_t k = Word(i + 1, "around") || Word(i + 1, "about") ? i + 2 : i + 1;
        if (auto inner = BaseKept(k)) {
          if (inner->kind != v1::FIGURE_KIND_DURATION) return Modded(i, w, *inner);
        }
      }
    }
    if (t_[i].digits == 4 || t_[i].Is("year")) {
      if (auto h = YearWithBound(i)) return h;
    }
    return BaseOrRange(i);
  }

 private:
  // "[from|between] A (to|until|through|-|and) B": one range from A's start
  // to B's first day or instant (Recognizers-Text: "from 2014 to 2018"
  // ends where 2018 starts; a day B is included). `first` is where the
  // range's span starts.
  std::optional<Hit> RangeFrom(size_t first, const Hit& a_in, bool between) {
    if (a_in.kind == v1::FIGURE_KIND_DURATION || !In(a_in.end)) return std::nullopt;
    std::string_view c = t_[a_in.end].lower();
    bool connector = Eq(c, "to") || Eq(c, "until") || Eq(c, "till") || Eq(c, "through") ||
                     Eq(c, "-") || Eq(c, "\xe2\x80\x93") || (between && Eq(c, "and"));
    if (!connector) return std::nullopt;
    std::optional<Hit> b = Base(a_in.end + 1);
    if (!b) b = NowAsStart(a_in.end + 1);  // "between Aug 2019 and now", "from March to date"
    if (!b || b->kind == v1::FIGURE_KIND_DURATION) return std::nullopt;
    Hit a = a_in;
    ShareYear(&a, &*b);  // "from April to June in 2017", "January - March 2017"
    if (a.range.has_value() != b->range.has_value()) return std::nullopt;
    Hit h{first, b->end};
    h.kind = (a.kind == v1::FIGURE_KIND_TIME || b->kind == v1::FIGURE_KIND_TIME)
                 ? v1::FIGURE_KIND_TIME
                 : v1::FIGURE_KIND_DATE;
    h.grain = a.grain;
    if (!a.relative.empty() || !b->relative.empty()) {
      h.relative = "range:" + a.relative + ".." + b->relative;
    }
    if (a.range) {
      absl::CivilSecond b_begin = b->range->begin;
      if (now_ && t_[a.first].Is("now") && b->range->timed) {
        // "between now and eight o'clock": from the reference instant, to
        // the next such hour.
        a.range = Range{*now_, *now_, true};
        h.grain = b->grain;
        h.relative = "range:now.." + b->relative;
        if (b->open_meridiem && b_begin < *now_ && b_begin + 12 * 3600 > *now_) {
          b_begin += 12 * 3600;
          h.relative += ";pm";
        }
      }
      if (a.range->timed && b->relative.rfind("time:", 0) == 0) {
        // "Jan. 15, 1 p.m. - 3 p.m.": a bare clock B is on A's day.
        absl::CivilDay a_day(a.range->begin), b_day(b_begin);
        b_begin = b_begin + (absl::CivilSecond(a_day) - absl::CivilSecond(b_day));
      }
      Range r{a.range->begin, b_begin, a.range->timed || b->range->timed};
      // A day-grained B is included whole; coarser ones end at their first
      // day, as in the spec.
      if (!r.timed && (b->grain == v1::GRAIN_DAY || b->period_end)) r.last = b->range->last;
      if (r.last < r.begin) return std::nullopt;
      h.range = r;
    }
    return h;
  }

  // A year with a bound: "2012 or later", "year 2016 and greater" (since
  // its start), "2030 or earlier" (up to its end), "year greater than
  // 2012", "year earlier than 1990" (after its end, before its start); and
  // "year 2012" alone (the year, "year" in the span).
  std::optional<Hit> YearWithBound(size_t i) {
    const bool word = Word(i, "year");
    size_t k = word ? i + 1 : i;
    if (word && In(k + 2) && Word(k + 1, "than") &&
        (Word(k, "greater") || Word(k, "later") || Word(k, "less") || Word(k, "earlier"))) {
      auto y = YearAt(k + 2);
      if (!y) return std::nullopt;
      Hit inner = PeriodHit(k + 2, k + 3, v1::GRAIN_YEAR, Year(absl::CivilYear(*y)), "");
      const bool after = Word(k, "greater") || Word(k, "later");
      return Modded(i, after ? "after" : "before", inner);
    }
    // Most four-digit numbers have no bound: test the words first.
    int bound = 0;  // 1 since, -1 until
    if (In(k + 2) && (Word(k + 1, "or") || Word(k + 1, "and"))) {
      const Tk& b = t_[k + 2];
      if (b.Is("later") || b.Is("after") || b.Is("greater") || b.Is("beyond")) bound = 1;
      if (b.Is("earlier") || b.Is("before")) bound = -1;
      if (In(k + 3) && t_[k + 3].kind == TokenKind::kNumber) bound = 0;  // "or after 2020"
    }
    if (bound == 0 && !word) return std::nullopt;
    auto y = YearAt(k);
    if (!y) return std::nullopt;
    Hit inner = PeriodHit(k, k + 1, v1::GRAIN_YEAR, Year(absl::CivilYear(*y)), "");
    if (bound > 0) {
      Hit h = Modded(i, "since", inner);
      h.end = k + 3;
      return h;
    }
    if (bound < 0) {
      Hit h = inner;
      h.first = i;
      h.end = k + 3;
      h.relative = "mod:until";
      h.range->open_begin = true;
      return h;
    }
    inner.first = i;
    return inner;
  }

  // "since X" (from X's start), "after X" (after X's end; after a clock
  // time, from it), "before X" (up to X's start); the other end open.
  Hit Modded(size_t first, std::string_view word, const Hit& inner) {
    Hit h = inner;
    h.first = first;
    h.is_day = false;
    h.relative = std::string("mod:") + std::string(word) +
                 (inner.relative.empty() ? "" : ";" + inner.relative);
    if (inner.range) {
      Range r = *inner.range;
      bool point = r.timed && r.begin == r.last;
      if (word == "since") {
        r.open_end = true;
      } else if (word == "after") {
        if (!point) r.begin = r.last + 1;
        r.open_end = true;
      } else if (inner.period_end) {
        r.open_begin = true;  // "before the end of the year": by its last day
      } else {
        r.last = r.begin - 1;
        r.open_begin = true;
      }
      h.range = r;
    }
    return h;
  }

  // Base(i), or a range from it; returned in place (the one return is of
  // `base`).
  std::optional<Hit> BaseOrRange(size_t i) {
    std::optional<Hit> base = kept_at_ == i && kept_limit_ == limit_ ? TakeKept() : Base(i);
    if (base && !base->is_set) {
      if (auto r = RangeFrom(i, *base, false)) base = std::move(r);
    }
    return base;
  }

  // Base(i), also kept for At(i): a frame word ("from", "since") reads the
  // expression after it, and when it finds nothing the scan goes on there
  // and At reads the same again. Base depends on the tokens, the sentence
  // (limit_) and the figure before (last_, which Remember changes) alone.
  std::optional<Hit> BaseKept(size_t i) {
    std::optional<Hit> h = Base(i);
    kept_ = h;
    kept_at_ = i;
    kept_limit_ = limit_;
    return h;
  }
  std::optional<Hit> TakeKept() {
    kept_at_ = kNoneKept;
    return std::move(kept_);
  }

  std::optional<Hit> Base(size_t i) {
    // Every return is of `best`, so that it is built in place (no move of
    // the hit on the way out).
    std::optional<Hit> best;
    if (!In(i) || !MayStart(t_[i])) return best;
    if (DsetOnlyWord(t_[i])) {  // fig-dset: "every", "weekly", "several"
      best = DsetOnly(i);
      return best;
    }
    auto consider = [&](std::optional<Hit> h) {
      if (h && (!best || h->end > best->end)) best = std::move(h);
    };
    // Words only the extended forms, sets, "now" and the end of the day
    // start with ("week", "end", "Tue", "now").
    if (IsExtendedStarter(t_[i])) {
      if (bool a = false; In(i + 1) && MonthOf(t_[i + 1], &a) > 0 && t_[i].Has(Token::kInitialCap) &&
                          WeekdayWordAt(i, true) >= 0) {
        // "Wed Oct 26 15:50:06 2016": the date decides, the weekday joins.
        if (auto d = Base(i + 1); d && d->range && (d->is_day || d->kind == v1::FIGURE_KIND_TIME)) {
          d->first = i;
          best = std::move(d);
          return best;
        }
      }
      consider(ExtendedDate(i));
      if (MayBeDset(t_[i])) {
        consider(Recurring(i));
        consider(Present(i));
      }
      consider(EndOfDay(i));
      return best;
    }
    // Each matcher runs only where its first token can start it (the
    // kStart* bits, see WordClass); skipping one that would find nothing
    // changes nothing.
    uint32_t c = t_[i].cls;
    // At "the" every matcher reads the next word, and most next words
    // start nothing ("the company").
    const bool the = (c & kClsThe) != 0;
    if (the && (!In(i + 1) || !MayFollowThe(t_[i + 1]))) return best;
    if (the) c &= AfterTheMask(t_[i + 1]);
    consider(ExtendedDate(i));  // first: ties go to the extended forms
    if (c & kStartNumericDate) consider(NumericDate(i));
    if (c & kStartDayMonth) consider(DayMonth(i));
    if (c & kClsMonth) consider(MonthFirst(i));
    if (c & kStartYearOrDecade) consider(YearOrDecade(i));
    if (c & kStartDayWord) consider(DayWord(i));
    if (c & kStartWeekday) consider(Weekday(i));
    if (c & kStartModified) consider(Modified(i));
    if (c & kStartCounted) consider(Counted(i));
    if (c & kStartQuarterOrFiscal) consider(QuarterOrFiscal(i));
    if (c & kStartSeasonAlone) consider(SeasonAlone(i));
    if (c & kStartHoliday) consider(Holiday(i));
    if (c & kStartClockWithDay) consider(ClockWithDay(i));
    if (c & kStartPartOfDay) consider(PartOfDay(i));
    if (MayBeDset(t_[i])) {  // fig-dset
      // At "the" Recurring reads only "the 15th of every month".
      if (!the || t_[i + 1].kind == TokenKind::kNumber) consider(Recurring(i));
      if (c & kStartPresent) consider(Present(i));
    }
    if (c & kStartEndOfDay) consider(EndOfDay(i));
    if (best && best->is_day && best->relative.rfind("weekday:", 0) == 0) {
      // "Tuesday, Jan. 15": the date decides, the weekday joins the span.
      size_t k = Word(best->end, ",") ? best->end + 1 : best->end;
      std::optional<Hit> date = MonthFirst(k);
      if (!date || !date->is_day) date = DayMonth(k);
      if (!date || !date->is_day) date = NumericDate(k);
      if (date && date->is_day) {
        date->first = best->first;
        best = std::move(date);
      }
    }
    if (best && best->is_day) {
      if (auto w = WeekdayInOffsetWeek(*best)) best = std::move(w);
    }
    if (best && best->is_day && !best->holiday) consider(WithDayPart(*best));
    // A day or a part of one takes a clock time: "Monday at 3 p.m.",
    // "tonight at 10 p.m.", "last night at 11:40".
    if (best && !best->is_set && !best->holiday &&
        (best->is_day || best->relative.find(";part:") != std::string::npos)) {
      Hit day = *best;
      consider(WithClock(day));
      consider(WithClockRange(day));
      consider(WithClockBound(day));
    }
    if (best && best->is_day && !best->is_set && !best->holiday && best->range &&
        Word(best->end, "for")) {
      // "Feb. 14 for 7 hours from 9:30am": the time range on that day.
      std::optional<Hit> len = LengthFrom(best->end, best->end + 1);
      if (len && len->kind == v1::FIGURE_KIND_TIME && len->range &&
          len->relative.starts_with("from:time:")) {
        const auto shift = absl::CivilSecond(absl::CivilDay(best->range->begin)) -
                           absl::CivilSecond(absl::CivilDay(len->range->begin));
        len->range->begin += shift;
        len->range->last += shift;
        len->first = best->first;
        if (!best->relative.empty()) len->relative = best->relative + ";" + len->relative;
        else len->relative.clear();
        consider(len);
      }
    }
    if (best && best->kind == v1::FIGURE_KIND_TIME) YearAfterClock(&*best);
    return best;
  }

  // "Oct 26 15:50:06 2016" (the `date` command's order): a year after the
  // clock time of a day written without one.
  void YearAfterClock(Hit* h) const {
    const std::string_view r = h->relative;
    if (!h->range || r.size() < 16 || !r.starts_with("XXXX-") || r.substr(10, 6) != ";time:") {
      return;
    }
    auto y = YearAt(h->end);
    if (!y) return;
    // Not before a noun ("at 10 a.m. 2020 voters"): only a function word
    // or no word may follow.
    static constexpr std::array<std::string_view, 12> kAfterYear = {
        "at", "and", "or", "is", "was", "the", "a", "an", "on", "when", "with", "as"};
    if (const size_t n = h->end + 1; In(n) && t_[n].kind == TokenKind::kWord &&
                                     !t_[n].Has(Token::kInitialCap) &&
                                     IndexOf(kAfterYear, t_[n].lower()) < 0 &&
                                     IndexOf(kDateContext, t_[n].lower()) < 0) {
      return;
    }
    auto d = ValidDay(*y, ParseDigits(r.substr(5, 2)), ParseDigits(r.substr(8, 2)));
    if (!d) return;
    const absl::CivilSecond begin = h->range->begin;
    const auto shift = absl::CivilSecond(*d) - absl::CivilSecond(absl::CivilDay(begin));
    h->range->begin += shift;
    h->range->last += shift;
    h->relative.clear();
    h->end += 1;
  }

  // Whether `h` is a day counted from the reference ("in 3 days", "two
  // weeks from now": relative "day:+3", "week:+2"), not "tomorrow".
  static bool CountedDay(const Hit& h) {
    if (!h.is_day || h.end < h.first + 2) return false;
    std::string_view r = h.relative;
    if (r.starts_with("day:")) {
      r.remove_prefix(4);
    } else if (r.starts_with("week:")) {
      r.remove_prefix(5);
    } else {
      return false;
    }
    if (r.size() < 2 || (r[0] != '+' && r[0] != '-')) return false;
    return std::all_of(r.begin() + 1, r.end(), [](char c) { return c >= '0' && c <= '9'; });
  }

  // A weekday named with a counted day picks that day's week: "Monday two
  // weeks from now", "Saturday 3 days from now", "in 3 days on Friday" (the
  // weekday of the week holding the counted day).
  std::optional<Hit> WeekdayInOffsetWeek(const Hit& best) {
    int wd = -1;
    std::optional<Hit> counted;
    size_t end = 0;
    if (best.end == best.first + 1 && best.relative.starts_with("weekday:") &&
        best.relative.ends_with(";direction:past")) {
      wd = WeekdayWordAt(best.first, false);
      counted = Base(best.end);
      if (!counted || !CountedDay(*counted)) return std::nullopt;
      end = counted->end;
    } else if (CountedDay(best) && Word(best.end, "on")) {
      wd = WeekdayWordAt(best.end + 1, false);
      counted = best;
      end = best.end + 2;
      if (In(end) && DayPartOf(t_[end].lower()) != nullptr) return std::nullopt;
    }
    if (wd < 0 || !counted) return std::nullopt;
    std::optional<absl::CivilDay> day;
    if (counted->range) day = WeekStart(absl::CivilDay(counted->range->begin)) + wd;
    return DayHit(best.first, end, day,
                  counted->relative + ";weekday:" + std::string(kWeekdays[wd]));
  }

  [[gnu::always_inline]] bool Word(size_t i, std::string_view w) const {
    return i < limit_ && t_[i].Is(w);
  }
  bool In(size_t i) const { return i < limit_; }

  // Whether a Base matcher can find anything at "the" followed by `n`: what
  // ExtendedDate's "the" branch dispatches on (a number, "day", a quote,
  // "...ies", "weekend", "final", a starter word), DayMonth's and
  // MonthlyDay's numbers, Modified's "weekend"/"the", Counted's
  // "past"/"last"/"next"/"coming", QuarterOrFiscal's ordinals and
  // "-quarter" words, SeasonAlone's seasons, EndOfDay's "end" (the
  // ordinals, seasons and "end" are starter words). A matcher taught to
  // read another word after "the" must add it here.
  // The kStart* bits of the Base matchers that can find something at "the"
  // followed by `n`, from the one word each reads there (all others kept).
  static uint32_t AfterTheMask(const Tk& n) {
    uint32_t m = ~(kStartDayMonth | kStartModified | kStartCounted | kStartQuarterOrFiscal |
                   kStartSeasonAlone | kStartEndOfDay);
    if (n.kind == TokenKind::kNumber) m |= kStartDayMonth;                 // "the 3rd of May"
    if ((n.cls & kNextModified) != 0) m |= kStartModified;                 // "the weekend"
    if ((n.cls & kNextCounted) != 0) m |= kStartCounted;                   // "the past 24 hours"
    if ((n.cls & kStartQuarterOrFiscal) != 0) m |= kStartQuarterOrFiscal;  // "the third quarter"
    if ((n.cls & kStartSeasonAlone) != 0) m |= kStartSeasonAlone;          // "the fall of 2025"
    if ((n.cls & kNextEndOfDay) != 0) m |= kStartEndOfDay;                 // "the end of Monday"
    return m;
  }
  // Whether a Base matcher can find anything at "in" followed by `n`: the
  // amount of Counted ("in two weeks") and of ExtendedDate's CountedFrom
  // ("in two days from today"): a number, a vulgar fraction, a starter word
  // ("a", "half", "several", "three") or a hyphenated number word; the
  // "the" of DayWord and PartOfDay ("in the morning"); PartOfDay's
  // "morning", "afternoon", "evening". A matcher taught to read another
  // word after "in" must add it here.
  static bool MayFollowIn(const Tk& n) {
    return n.kind == TokenKind::kNumber || n.may_start || n.hyphen || n.Is("morning") ||
           n.Is("afternoon") || n.Is("evening");
  }
  // A number that no matcher reads as a date or time by itself: digits,
  // with commas and at most one period ("10", "1,500", "2.5"), neither four
  // digits (a year, a military time) nor an ordinal. Matchers then read
  // its token only as a clock time ("7", "6.45"), a day of the month or an
  // amount. (Its text starts with a digit, so no word class key matches
  // it: the number bits of WordClassOf are all its bits.)
  static bool PlainNumber(const Tk& t) {
    if (t.kind != TokenKind::kNumber || t.len == 0 || t.digits == 4 || t.Has(Token::kOrdinal)) {
      return false;
    }
    if (t.num >= 0) return true;
    int periods = 0;
    for (char c : t.lower()) {
      if (c == '.' ? ++periods > 1 : c != ',' && (c < '0' || c > '9')) return false;
    }
    return true;
  }
  // Whether At can find anything at a PlainNumber followed by `n`. It
  // finds nothing before a lower-case word of two letters or more, without
  // a hyphen, that none of the matchers starting at such a number reads
  // there: ClockRange (a connector, or what ClockAt reads after an hour: a
  // meridiem, "o'clock", "noon", "in the ...", "at night", a zone, "past";
  // a glued "am-12pm" has a hyphen), DayRangeOfMonth (a connector or
  // "and"), CountedFrom and Counted (a unit, "and", "fortnight"), DayMonth,
  // DayMonthYearWords and DateWithShortYear (a month or "of"), and
  // ClockWithDay (ClockAt's words, or after a bare hour a word of
  // ClockMayEndBefore); MixedDate and NumericDate need punctuation after
  // it or another kind of number. A matcher taught to read another word
  // after a number must add it to kClsAfterNumber.
  static bool MayFollowNumber(const Tk& n) {
    return n.kind != TokenKind::kWord || n.len < 2 || n.hyphen || n.Has(Token::kInitialCap) ||
           n.Has(Token::kAllCaps) || (n.cls & (kClsAfterNumber | kClsMonth)) != 0;
  }
  // Whether At can find anything at "a" or "an" followed by `n`. Only
  // these read there: ClockRange and ClockWithDay ("a quarter past six"),
  // Counted (AmountAt's "a few", "a couple", "a half", "a quarter of an
  // hour", "a and a half" aside, a unit after the article, "month-long"
  // (a hyphen), or a glued "-" before one), ExtendedDate's CountedFrom (a
  // unit); Recurring and PartOfDay find nothing at either, and no other
  // matcher starts there. A matcher taught to read another word after "a"
  // must add it to kClsAfterArticle.
  static bool MayFollowArticle(const Tk& n) {
    return n.hyphen || (n.cls & kClsAfterArticle) != 0;
  }
  static bool MayFollowThe(const Tk& n) {
    if (n.kind == TokenKind::kNumber || n.may_start || (n.cls & kClsAfterThe) != 0) return true;
    const std::string_view w = n.lower();
    return (w.size() > 7 && w.substr(w.size() - 3) == "ies") ||
           (w.size() > 8 && w.substr(w.size() - 8) == "-quarter");
  }

  // Marks `h` relative: resolved only with a reference.
  bool Resolvable() const { return now_.has_value(); }

  // The year of a holiday ending before *end: a written year after it
  // ("Easter 2025": *end moves past it, *written is set), else the
  // reference's year, else nullopt (unresolved).
  std::optional<int64_t> HolidayYear(size_t* end, bool* written) const {
    std::optional<int> year;
    *end = OptionalYear(*end, &year);
    *written = year.has_value();
    if (year) return *year;
    if (Resolvable()) return today_.year();
    return std::nullopt;
  }

  // A four-digit year 1900-2100 at token i.
  std::optional<int> YearAt(size_t i) const {
    if (!In(i) || t_[i].digits != 4 || t_[i].Has(Token::kOrdinal)) return std::nullopt;
    if (t_[i].num < 1900 || t_[i].num > 2100) return std::nullopt;
    return static_cast<int>(t_[i].num);
  }
  // A day-of-month number 1-31 (digits, optional ordinal suffix).
  std::optional<int> DayNumberAt(size_t i) const {
    if (!In(i) || t_[i].digits == 0 || t_[i].digits > 2) return std::nullopt;
    if (t_[i].num < 1 || t_[i].num > 31) return std::nullopt;
    return static_cast<int>(t_[i].num);
  }
  bool AfterDateWord(size_t i) const {
    return i > 0 && IndexOf(kDateContext, t_[i - 1].lower()) >= 0;
  }

  // Builds a day/date hit for a calendar day; `relative` empty when absolute.
  Hit DayHit(size_t first, size_t end, std::optional<absl::CivilDay> day, std::string relative) {
    Hit h{first, end};
    h.grain = v1::GRAIN_DAY;
    h.relative = std::move(relative);
    if (day) h.range = Day(*day);
    h.is_day = true;
    return h;
  }
  Hit PeriodHit(size_t first, size_t end, v1::Grain grain, std::optional<Range> r,
                std::string relative) {
    Hit h{first, end};
    h.grain = grain;
    h.range = r;
    h.relative = std::move(relative);
    return h;
  }
  // A valid calendar day, or nullopt ("February 30").
  static std::optional<absl::CivilDay> ValidDay(int64_t y, int m, int d) {
    absl::CivilDay day(y, m, d);
    if (day.month() != m || day.day() != d) return std::nullopt;
    return day;
  }
  // A day with a month and day, and an optional written year.
  std::optional<Hit> MonthDay(size_t first, size_t end, int month, int day,
                              std::optional<int> year) {
    // A day no calendar has ("February 30") is reported unresolved.
    if (!ValidDay(2000, month, day)) return InvalidDay(first, end, month, day, year);
    if (year) {
      auto d = ValidDay(*year, month, day);
      if (!d) return InvalidDay(first, end, month, day, year);
      return DayHit(first, end, d, "");
    }
    std::string rel = "XXXX-" + Two(month) + "-" + Two(day);
    std::optional<absl::CivilDay> d;
    if (Resolvable()) {
      // "February 29" without a year: the latest leap year.
      for (int64_t y = today_.year(); !d && y > today_.year() - 8; --y) d = ValidDay(y, month, day);
    }
    return DayHit(first, end, d, rel);
  }

  // "2026-11-24", "24/11/2026", "11/24/2026".
  std::optional<Hit> NumericDate(size_t i) {
    if (!In(i) || t_[i].kind != TokenKind::kNumber) return std::nullopt;
    if (auto y = YearAt(i); y && In(i + 4) && t_[i + 1].Is("-") && t_[i + 1].glued() &&
                            t_[i + 2].glued() && t_[i + 3].Is("-") && t_[i + 3].glued() &&
                            t_[i + 4].glued() && t_[i + 2].digits == 2 && t_[i + 4].digits == 2) {
      auto d = ValidDay(*y, static_cast<int>(t_[i + 2].num), static_cast<int>(t_[i + 4].num));
      if (d && t_[i + 2].num <= 12) return DayHit(i, i + 5, d, "");
      return std::nullopt;
    }
    if (auto y = YearAt(i); y && In(i + 2) && t_[i + 1].Is("-") && t_[i + 1].glued() &&
                            t_[i + 2].glued() && t_[i + 2].digits == 2 && t_[i + 2].num >= 1 &&
                            t_[i + 2].num <= 12 && !(In(i + 3) && t_[i + 3].Is("-"))) {
      // "2015-12" (ISO month); "2019-20" (a season) has a month above 12.
      return PeriodHit(i, i + 3, v1::GRAIN_MONTH,
                       Month(absl::CivilMonth(*y, static_cast<int>(t_[i + 2].num))), "");
    }
    std::string_view s = t_[i].lower();
    int parts[3] = {0, 0, 0};
    int digits[3] = {0, 0, 0};
    int n = 0;
    char sep = 0;  // '/' or '.' ("23.04.2022", day first), one kind per date
    for (char c : s) {
      if (c == '/' || c == '.') {
        if (sep != 0 && c != sep) return std::nullopt;
        sep = c;
        if (++n == 3) return std::nullopt;
      } else if (c >= '0' && c <= '9') {
        if (++digits[n] > 4) return std::nullopt;
        parts[n] = parts[n] * 10 + (c - '0');
      } else {
        return std::nullopt;
      }
    }
    if (n != 2 || digits[0] > 2 || digits[1] > 2 || (digits[2] != 4 && digits[2] != 2)) {
      return std::nullopt;
    }
    // Dotted dates are European, day first, and need a four-digit year of
    // ours ("1.10.12" may be a version).
    if (sep == '.' && (digits[2] != 4 || parts[2] < 1900 || parts[2] > 2100)) return std::nullopt;
    // Two-digit years: 00-49 are 20xx, 50-99 19xx ("05/05/71" is 1971).
    int year = digits[2] == 2 ? (parts[2] < 50 ? 2000 : 1900) + parts[2] : parts[2];
    int month = parts[0], day = parts[1];  // en-US month-first unless impossible
    if (sep == '.') std::swap(month, day);
    if (month > 12) std::swap(month, day);
    if (month < 1 || month > 12) return std::nullopt;
    auto d = ValidDay(year, month, day);
    if (!d) return std::nullopt;
    return DayHit(i, i + 1, d, "");
  }

  // Month word at i, with the capitalization/context rules of dates.h.
  // `standalone` asks whether it may stand without a day or a year.
  int MonthAt(size_t i, bool standalone) const {
    if (!In(i)) return 0;
    bool abbrev = false;
    int m = MonthOf(t_[i], &abbrev);
    if (m == 0) return 0;
    bool capital = t_[i].Has(Token::kInitialCap);
    // Lower-case "may" and "march" are the verb; other months are written
    // lower-case only in informal text, so they need a day, a year or a
    // date word.
    if (!capital && (m == 3 || m == 5)) return 0;
    if (!standalone) return m;
    if (!capital || abbrev || m == 3 || m == 5 || title_case_) return AfterDateWord(i) ? m : 0;
    return m;
  }
  // Optional ", 2026" / " 2026" after a month-day; returns the end token.
  size_t OptionalYear(size_t j, std::optional<int>* year) const {
    size_t k = (Word(j, ",") || Word(j, "of")) ? j + 1 : j;
    if (auto y = YearAt(k)) {
      *year = y;
      return k + 1;
    }
    return j;
  }

  // "24 November 2026", "24th of November", "the 3rd of May, 2025".
  std::optional<Hit> DayMonth(size_t i) {
    size_t at = Word(i, "the") ? i + 1 : i;
    auto day = DayNumberAt(at);
    if (!day) return std::nullopt;
    // "$12 December 27": a number glued to a symbol is an amount.
    if (at > 0 && t_[at].glued() && t_[at - 1].kind == TokenKind::kSymbol) return std::nullopt;
    size_t j = Word(at + 1, "of") ? at + 2 : at + 1;
    int month = MonthAt(j, false);
    if (month == 0) return std::nullopt;
    std::optional<int> year;
    size_t end = OptionalYear(j + 1, &year);
    return MonthDay(i, end, month, *day, year);
  }

  // "November 24, 2026", "Nov. 24", "March 2025", "in March", "mid-March".
  std::optional<Hit> MonthFirst(size_t i) {
    int month = MonthAt(i, false);
    if (month == 0) return std::nullopt;
    if (auto day = DayNumberAt(i + 1)) {
      // "Nov. 3-5", "June 9 to 12, 2025": days of one month.
      size_t c = i + 2;
      if (In(c) && (t_[c].Is("-") || t_[c].Is("\xe2\x80\x93") || t_[c].Is("to") ||
                    t_[c].Is("through"))) {
        if (auto last_day = DayNumberAt(c + 1); last_day && *last_day > *day) {
          std::optional<int> year;
          size_t end = OptionalYear(c + 2, &year);
          auto a = MonthDay(i, end, month, *day, year);
          auto b = MonthDay(i, end, month, *last_day, year);
          if (a && b && a->range.has_value() == b->range.has_value()) {
            a->is_day = false;
            if (a->range) a->range->last = b->range->last;
            if (!a->relative.empty()) a->relative += ".." + Two(*last_day);
            return a;
          }
        }
      }
      std::optional<int> year;
      size_t end = OptionalYear(i + 2, &year);
      return MonthDay(i, end, month, *day, year);
    }
    size_t j = Word(i + 1, "of") ? i + 2 : (Word(i + 1, ",") ? i + 2 : i + 1);
    if (auto y = YearAt(j)) {
      return PeriodHit(i, j + 1, v1::GRAIN_MONTH, Month(absl::CivilMonth(*y, month)), "");
    }
    if (MonthAt(i, true) == 0) return std::nullopt;
    return MonthOnly(i, i + 1, month, Part::kWhole, "");
  }
  // A month without a year, in the reference's year.
  Hit MonthOnly(size_t first, size_t end, int month, Part part, std::string_view part_name) {
    std::string rel = "XXXX-" + Two(month);
    if (part != Part::kWhole) rel += ";part:" + std::string(part_name);
    std::optional<Range> r;
    if (Resolvable()) {
      r = PartOf(Month(absl::CivilMonth(today_.year(), month)), Unit::kMonth, part);
    }
    return PeriodHit(first, end, v1::GRAIN_MONTH, r, rel);
  }

  // "2025" (in year context), "the 1990s", "1990's".
  std::optional<Hit> YearOrDecade(size_t i) {
    auto y = YearAt(i);
    if (!y || t_[i].lower().find(',') != std::string_view::npos) return std::nullopt;
    // "1990s", "1990's", and a spaced "1990 s" closing the clause.
    const bool spaced_s = In(i + 1) && t_[i + 1].Is("s") && !t_[i + 1].glued() &&
                          (!In(i + 2) || t_[i + 2].kind == TokenKind::kPunctuation);
    if (In(i + 1) && (t_[i + 1].glued() || spaced_s) &&
        (t_[i + 1].Is("s") || t_[i + 1].Is("'s")) && *y % 10 == 0) {
      return PeriodHit(i, i + 2, v1::GRAIN_DECADE,
                       Days(absl::CivilDay(*y, 1, 1), absl::CivilDay(*y + 9, 12, 31)), "");
    }
    if (i > 0 && t_[i].glued() && (t_[i - 1].kind != TokenKind::kPunctuation || t_[i - 1].Is("-"))) {
      return std::nullopt;  // "$2025", "-2025", "A2025"
    }
    bool lowercase_next = In(i + 1) && t_[i + 1].kind == TokenKind::kWord &&
                          !t_[i + 1].Has(Token::kInitialCap) && !t_[i + 1].Has(Token::kAllCaps);
    static constexpr std::array<std::string_view, 12> kVerbs = {
        "was", "is", "will", "saw", "had", "has", "and", "or", "when", "to", "through", "until"};
    // "the 2026 budget", "its 2025 report": a determiner makes a number
    // before a noun an attributive year.
    static constexpr std::array<std::string_view, 6> kDeterminers = {"the", "its", "their",
                                                                     "his", "her", "our"};
    // Before a noun, only words that take a time ("in 2020 alone", "by
    // 2030 emissions") keep it a year; "of 2000 people" is a count.
    static constexpr std::array<std::string_view, 14> kYearWords = {
        "in",    "since", "until", "till", "by",  "through", "during",
        "before", "after", "early", "late", "mid", "fiscal",  "throughout"};
    bool determiner = i > 0 && IndexOf(kDeterminers, t_[i - 1].lower()) >= 0;
    bool year_word = i > 0 && IndexOf(kYearWords, t_[i - 1].lower()) >= 0;
    if (!year_word && !determiner && lowercase_next && IndexOf(kVerbs, t_[i + 1].lower()) < 0) {
      return std::nullopt;
    }
    return PeriodHit(i, i + 1, v1::GRAIN_YEAR, Year(absl::CivilYear(*y)), "");
  }

  // "today", "yesterday morning", "tonight", "last night", "this morning".
  std::optional<Hit> DayWord(size_t i) {
    if (!In(i)) return std::nullopt;
    int offset;
    const Tk& t = t_[i];
    if (t.Is("today")) offset = 0;
    else if (t.Is("yesterday")) offset = -1;
    else if (t.Is("tomorrow") || t.Is("tmrw")) offset = 1;
    else if (t.Is("tonight")) return DayPartHit(i, i + 1, 0, *DayPartOf("night"));
    else if (t.Is("in") && Word(i + 1, "the") && In(i + 2) && DayPartOf(t_[i + 2].lower()) &&
             !t_[i + 2].Is("night")) {
      // "in the morning": on the reference day.
      return DayPartHit(i, i + 3, 0, *DayPartOf(t_[i + 2].lower()));
    }
    else if ((t.Is("last") || t.Is("this")) && In(i + 1) && DayPartOf(t_[i + 1].lower()) &&
             !(t.Is("last") && !t_[i + 1].Is("night"))) {
      return DayPartHit(i, i + 2, t.Is("last") ? -1 : 0, *DayPartOf(t_[i + 1].lower()));
    } else {
      return std::nullopt;
    }
    if (In(i + 1)) {
      if (const DayPart* p = DayPartOf(t_[i + 1].lower())) return DayPartHit(i, i + 2, offset, *p);
    }
    std::string rel = offset == 0 ? "day:0" : (offset < 0 ? "day:-1" : "day:+1");
    return DayHit(i, i + 1, Resolvable() ? std::optional(today_ + offset) : std::nullopt, rel);
  }
  Hit DayPartHit(size_t first, size_t end, int offset, const DayPart& p) {
    Hit h{first, end};
    h.kind = v1::FIGURE_KIND_TIME;
    h.grain = v1::GRAIN_HOUR;
    h.relative = std::string(offset == 0 ? "day:0" : (offset < 0 ? "day:-1" : "day:+1")) +
                 ";part:" + std::string(p.word);
    if (Resolvable()) h.range = DayPartRange(today_ + offset, p);
    h.part = &p;
    return h;
  }

  // Offset word: "last"/"past"/"previous" -1, "this"/"current" 0,
  // "next"/"coming" +1 ("the following" is FollowingPeriod's).
  static std::optional<int> OffsetOf(std::string_view w) {
    if (Eq(w, "last") || Eq(w, "past") || Eq(w, "previous")) return -1;
    if (Eq(w, "this") || Eq(w, "current")) return 0;
    if (Eq(w, "next") || Eq(w, "coming")) return 1;
    return std::nullopt;
  }
  // OffsetOf of a token's text: its words have kStartWeekday (see
  // WordClasses), which most tokens lack.
  static std::optional<int> OffsetOf(const Tk& t) {
    if ((t.cls & kStartWeekday) == 0) return std::nullopt;
    return OffsetOf(t.lower());
  }
  static std::string Signed(int v) { return (v > 0 ? "+" : "") + std::to_string(v); }

  // "Monday", "on Friday", "last Monday", "this Thursday", "next Friday".
  std::optional<Hit> Weekday(size_t i) {
    std::optional<int> offset;
    size_t j = i;
    bool past = false;  // "past Friday", "this past Friday": the bare reading
    if (Word(i, "past")) {
      past = true;
      j = i + 1;
    } else if (Word(i, "this") && Word(i + 1, "past")) {
      past = true;
      j = i + 2;
    } else if (In(i) && (offset = OffsetOf(t_[i]))) {
      j = i + 1;
    }
    // Weekday names have no common homographs: any case will do.
    if (!In(j)) return std::nullopt;
    int wd = WeekdayOf(t_[j]);
    if (wd < 0) return std::nullopt;
    std::string rel = "weekday:" + std::string(kWeekdays[wd]);
    std::optional<absl::CivilDay> day;
    if (j == i || past) {
      rel += ";direction:past";
      if (Resolvable()) {
        int back = (static_cast<int>(WeekdayIndex(today_)) - wd + 7) % 7;
        day = today_ - back;
      }
    } else {
      rel += ";week:" + Signed(*offset);
      if (Resolvable()) day = WeekStart(today_) + 7 * *offset + wd;
    }
    Hit h = DayHit(i, j + 1, day, rel);
    if (In(j + 1)) {
      if (const DayPart* p = DayPartOf(t_[j + 1].lower())) {
        h.end = j + 2;
        h.kind = v1::FIGURE_KIND_TIME;
        h.grain = v1::GRAIN_HOUR;
        h.relative += ";part:" + std::string(p->word);
        if (day) h.range = DayPartRange(*day, *p);
        h.is_day = false;
        h.part = p;
      }
    }
    return h;
  }
  static int WeekdayIndex(absl::CivilDay d) {
    return (static_cast<int>(absl::GetWeekday(d)) - static_cast<int>(absl::Weekday::monday) + 7) %
           7;
  }

  // Early/mid/late and earlier/later words; also "mid-" prefixes.
  static std::optional<Part> PartWord(std::string_view w, std::string_view* name) {
    *name = w;
    // "earlier/later this week" are the early/late parts, as in
    // Recognizers-Text, not "before/after today".
    if (w == "early" || w == "earlier") return Part::kEarly;
    if (w == "mid" || w == "middle") return Part::kMid;
    if (w == "late") return Part::kLate;
    if (w == "later") return Part::kLate;
    return std::nullopt;
  }

  // "[early|mid|late|later|earlier] [this|last|next] week/month/year/quarter/
  // weekend/<season>", "early March", "mid-2026", "late 2025",
  // "this fiscal year", "over the weekend", "last March".
  std::optional<Hit> Modified(size_t i) {
    if (!In(i)) return std::nullopt;
    size_t j = i;
    std::string_view part_name;
    Part part = Part::kWhole;
    // "mid-2026", "mid-March": one hyphenated token.
    std::string_view w = t_[i].lower();
    if (w.size() > 4 && w.substr(0, 4) == "mid-") {
      std::string_view rest = w.substr(4);
      if (int y = ParseDigits(rest); rest.size() == 4 && y >= 0) {
        if (y < 1900 || y > 2100) return std::nullopt;
        return YearPart(i, i + 1, y, Part::kMid);
      }
      // "mid-2000s" as one token.
      if (rest.size() == 5 && rest.back() == 's') {
        int y = ParseDigits(rest.substr(0, 4));
        if (y < 1900 || y > 2100 || y % 10 != 0) return std::nullopt;
        return PeriodHit(i, i + 1, v1::GRAIN_DECADE, DecadePart(y, Part::kMid), "");
      }
      int m = IndexOf(kMonths, rest);
      if (m < 0) return std::nullopt;
      return MonthOnly(i, i + 1, m + 1, Part::kMid, "mid");
    }
    if (auto p = PartWord(w, &part_name)) {
      part = *p;
      j = i + 1;
    }
    if (part != Part::kWhole) {
      if (auto y = YearAt(j)) return YearPart(i, j + 1, *y, part);
      bool abbrev;
      if (In(j) && t_[j].Has(Token::kInitialCap)) {
        if (int m = MonthOf(t_[j], &abbrev); m > 0) {
          std::optional<int> year;
          size_t end = Word(j + 1, "of") ? OptionalYear(j + 2, &year) : OptionalYear(j + 1, &year);
          if (!year) end = j + 1;
          if (year) {
            return PeriodHit(i, end, v1::GRAIN_MONTH,
                             PartOf(Month(absl::CivilMonth(*year, m)), Unit::kMonth, part),
                             "");
          }
          return MonthOnly(i, end, m, part, part_name);
        }
      }
    }
    // "over the weekend", "the weekend".
    if (part == Part::kWhole && (Word(i, "over") || Word(i, "the")) &&
        (Word(i + 1, "weekend") || (Word(i + 1, "the") && Word(i + 2, "weekend")))) {
      size_t end = Word(i + 1, "weekend") ? i + 2 : i + 3;
      if (Word(i, "the")) {
        // "the weekend": the weekend of the reference's week.
        return WeekendHit(i, end, 0, false);
      }
      // "over the weekend": the latest one; the span starts at "the" as in
      // Recognizers-Text.
      return WeekendHit(i + 1, end, 0, true);
    }
    auto offset = In(j) ? OffsetOf(t_[j]) : std::nullopt;
    if (!offset) return std::nullopt;
    size_t k = j + 1;
    bool fiscal = Word(k, "fiscal");
    if (fiscal) ++k;
    if (!In(k)) return std::nullopt;
    std::string_view noun = t_[k].lower();
    if (noun == "weekend" && part == Part::kWhole) return WeekendHit(i, k + 1, *offset, false);
    if (*offset != 0 && part == Part::kWhole && !fiscal) {
      if (auto d = NextOrLastDay(i, k, *offset)) return d;  // "next April 6"
    }
    if (int s = SeasonOf(noun); s >= 0 && part == Part::kWhole) {
      return SeasonHit(i, k + 1, std::nullopt, *offset, s);
    }
    if (int m = MonthAt(k, false); m > 0 && part == Part::kWhole && *offset == 0) {
      return MonthOnly(i, k + 1, m, Part::kWhole, "");  // "this August"
    }
    if (int m = MonthAt(k, false); m > 0 && part == Part::kWhole && *offset != 0) {
      // "last March": the latest March before this month; "next March".
      std::string rel = "month:" + std::string(kMonths[m - 1]) +
                        (*offset < 0 ? ";direction:past" : ";direction:future");
      std::optional<Range> r;
      if (Resolvable()) {
        int64_t y = today_.year();
        if (*offset < 0 && m >= today_.month()) --y;
        if (*offset > 0 && m <= today_.month()) ++y;
        r = Month(absl::CivilMonth(y, m));
      }
      return PeriodHit(i, k + 1, v1::GRAIN_MONTH, r, rel);
    }
    Unit u = UnitOf(noun);
    if (u != Unit::kWeek && u != Unit::kMonth && u != Unit::kYear && u != Unit::kQuarter &&
        u != Unit::kDecade) {
      return std::nullopt;
    }
    if (fiscal && u != Unit::kYear) return std::nullopt;
    if (noun.back() == 's') return std::nullopt;  // "last years" is not a period
    std::string rel = std::string(fiscal ? "fiscal_year" : UnitName(u)) + ":" + Signed(*offset);
    if (part != Part::kWhole) rel += ";part:" + std::string(part_name);
    std::optional<Range> r;
    if (Resolvable()) r = PartOf(PeriodAt(u, today_, *offset), u, part);
    return PeriodHit(i, k + 1, GrainOf(u), r, rel);
  }

  // "next April 6", "last 6th of April", "next March the 3rd": the first
  // such day after the reference day, or the latest before it. A written
  // year decides alone ("last April 6, 2025").
  std::optional<Hit> NextOrLastDay(size_t i, size_t k, int offset) {
    const Tk& t = t_[k];
    bool abbrev = false;
    if (t.kind != TokenKind::kNumber && MonthOf(t, &abbrev) == 0) return std::nullopt;
    std::optional<Hit> day = MonthFirst(k);
    if (!day || !day->is_day) day = DayMonth(k);
    if (!day || !day->is_day) day = MonthOrdinalDay(k);
    if (!day || !day->is_day) return std::nullopt;
    day->first = i;
    const std::string_view rel = day->relative;
    if (rel.size() != 10 || !rel.starts_with("XXXX-") || !Resolvable()) return day;
    const int m = ParseDigits(rel.substr(5, 2)), d = ParseDigits(rel.substr(8, 2));
    for (int step = 0; step < 9; ++step) {  // "next Feb. 29": up to the next leap year
      std::optional<absl::CivilDay> c = ValidDay(today_.year() + offset * step, m, d);
      if (c && (offset > 0 ? *c > today_ : *c < today_)) {
        return DayHit(i, day->end, c,
                      std::string(rel) + (offset < 0 ? ";direction:past" : ";direction:future"));
      }
    }
    return std::nullopt;
  }

  // A part of year `y` whose token ends before `end`; with a glued "s"
  // after it ("early 1990s", "mid-2000s") a part of that decade instead:
  // early x0-x3, mid x4-x6, late x7-x9.
  Hit YearPart(size_t first, size_t end, int y, Part part) {
    if (In(end) && t_[end].glued() && (t_[end].Is("s") || t_[end].Is("'s")) && y % 10 == 0) {
      return PeriodHit(first, end + 1, v1::GRAIN_DECADE, DecadePart(y, part), "");
    }
    return PeriodHit(first, end, v1::GRAIN_YEAR, PartOf(Year(absl::CivilYear(y)), Unit::kYear, part),
                     "");
  }

  Hit WeekendHit(size_t first, size_t end, int offset, bool latest_past) {
    std::string rel = latest_past ? "weekend;direction:past" : "weekend:" + Signed(offset);
    std::optional<Range> r;
    if (Resolvable()) {
      absl::CivilDay sat;
      if (latest_past) {
        sat = absl::PrevWeekday(today_ + 1, absl::Weekday::saturday);
      } else {
        sat = WeekStart(today_) + 7 * offset + 5;
      }
      r = Days(sat, sat + 1);
    }
    return PeriodHit(first, end, v1::GRAIN_WEEK, r, rel);
  }

  // A season with a written year, or an offset from the reference's season
  // year.
  Hit SeasonHit(size_t first, size_t end, std::optional<int> year, int offset, int season) {
    if (year) return PeriodHit(first, end, v1::GRAIN_SEASON, Season(*year, season), "");
    std::string rel = "season:" + std::string(kSeasonNames[season]) + ";year:" + Signed(offset);
    std::optional<Range> r;
    if (Resolvable()) {
      int64_t season_year = today_.year() - (today_.month() <= 2 ? 1 : 0);
      r = Season(season_year + offset, season);
    }
    return PeriodHit(first, end, v1::GRAIN_SEASON, r, rel);
  }

  // "summer 2024", "the fall of 2025", "in the spring" (reference's season
  // year).
  std::optional<Hit> SeasonAlone(size_t i) {
    size_t j = Word(i, "the") ? i + 1 : i;
    if (!In(j)) return std::nullopt;
    int s = SeasonOf(t_[j].lower());
    if (s < 0) return std::nullopt;
    size_t k = Word(j + 1, "of") ? j + 2 : j + 1;
    if (auto y = YearAt(k)) return SeasonHit(i, k + 1, y, 0, s);
    if (j == i && !AfterDateWord(i)) return std::nullopt;
    if (j > i && !AfterDateWord(i)) return std::nullopt;
    return SeasonHit(i, j + 1, std::nullopt, 0, s);
  }

  // Holidays with a fixed or computed date, in the reference's year unless a
  // year follows: "Christmas", "Christmas Eve", "New Year's Day", "Easter
  // 2025", "Thanksgiving" (US: fourth Thursday of November).
  std::optional<Hit> Holiday(size_t i) {
    if (!In(i)) return std::nullopt;
    std::string_view w = t_[i].lower();
    size_t end = i + 1;
    int month = 0, day = 0;
    std::string_view name;
    auto next_is = [&](std::string_view a) { return Word(end, a); };
    if (w == "christmas") {
      name = "christmas";
      month = 12;
      day = 25;
      if (next_is("eve")) {
        name = "christmas_eve";
        day = 24;
        ++end;
      } else if (next_is("day")) {
        ++end;
      }
    } else if (w == "new" && Word(i + 1, "year") &&
               (Word(i + 2, "'s") || Word(i + 2, "\xe2\x80\x99s")) &&
               (Word(i + 3, "day") || Word(i + 3, "eve"))) {
      bool eve = t_[i + 3].Is("eve");
      name = eve ? "new_years_eve" : "new_years_day";
      month = eve ? 12 : 1;
      day = eve ? 31 : 1;
      end = i + 4;
    } else if (w == "halloween") {
      name = "halloween";
      month = 10;
      day = 31;
    } else if (w == "juneteenth") {
      name = "juneteenth";
      month = 6;
      day = 19;
    } else if (w == "easter" || w == "thanksgiving") {
      name = w;
      if (next_is("sunday") || next_is("day")) ++end;
    } else {
      return std::nullopt;
    }
    bool year = false;  // written
    const std::optional<int64_t> y = HolidayYear(&end, &year);
    std::optional<absl::CivilDay> d;
    if (y) {
      if (name == "easter") {
        d = EasterSunday(*y);
      } else if (name == "thanksgiving") {
        absl::CivilDay first(*y, 11, 1);
        d = absl::NextWeekday(first - 1, absl::Weekday::thursday) + 21;
      } else {
        d = absl::CivilDay(*y, month, day);
      }
    }
    std::string rel = year ? "" : "holiday:" + std::string(name);
    Hit h = DayHit(i, end, d, rel);
    h.holiday = true;
    return h;
  }
  // Gregorian Easter Sunday (the anonymous Gregorian algorithm).
  static absl::CivilDay EasterSunday(int64_t y) {
    int64_t a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25;
    int64_t g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4;
    int64_t l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
    int64_t month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
    return absl::CivilDay(y, static_cast<int>(month), static_cast<int>(day));
  }

  // "Q3 2025", "Q3", "the third quarter [of 2025]", "fiscal 2025", "FY2025".
  std::optional<Hit> QuarterOrFiscal(size_t i) {
    if (!In(i)) return std::nullopt;
    std::string_view w = t_[i].lower();
    if (w == "fiscal" || w == "fy") {
      size_t j = Word(i + 1, "year") ? i + 2 : i + 1;
      if (auto y = YearAt(j)) return PeriodHit(i, j + 1, v1::GRAIN_YEAR, Year(absl::CivilYear(*y)), "");
      return std::nullopt;
    }
    if (w.size() == 6 && w.substr(0, 2) == "fy") {
      int y = ParseDigits(w.substr(2));
      if (y >= 1900 && y <= 2100) {
        return PeriodHit(i, i + 1, v1::GRAIN_YEAR, Year(absl::CivilYear(y)), "");
      }
      return std::nullopt;
    }
    int q = 0;
    size_t j = i + 1;
    if (w.size() == 2 && w[0] == 'q' && w[1] >= '1' && w[1] <= '4') {
      q = w[1] - '0';
    } else {
      size_t k = Word(i, "the") ? i + 1 : i;
      if (!In(k)) return std::nullopt;
      std::string_view ord = t_[k].lower();
      // "third-quarter revenue": one hyphenated token.
      bool hyphenated = ord.size() > 8 && ord.substr(ord.size() - 8) == "-quarter";
      if (hyphenated) ord.remove_suffix(8);
      q = IndexOf(kOrdinalWords, ord);
      if (q <= 0 && t_[k].Has(Token::kOrdinal) && t_[k].num >= 1 && t_[k].num <= 4) {
        q = static_cast<int>(t_[k].num);
      }
      if (q <= 0 || (!hyphenated && !Word(k + 1, "quarter"))) return std::nullopt;
      j = hyphenated ? k + 1 : k + 2;
    }
    size_t y_at = Word(j, "of") ? j + 1 : j;
    if (Word(y_at, "fiscal")) ++y_at;
    if (auto y = YearAt(y_at)) return PeriodHit(i, y_at + 1, v1::GRAIN_QUARTER, Quarter(*y, q), "");
    std::optional<Range> r;
    if (Resolvable()) r = Quarter(static_cast<int>(today_.year()), q);
    return PeriodHit(i, j, v1::GRAIN_QUARTER, r, "XXXX-Q" + std::to_string(q));
  }

  // A count at i: digits, a number word, or "a"/"an" when `article_ok`.
  std::optional<int64_t> CountAt(size_t i, bool article_ok) const {
    if (!In(i)) return std::nullopt;
    if (t_[i].kind == TokenKind::kNumber) {
      if (t_[i].num < 0 || t_[i].Has(Token::kOrdinal)) return std::nullopt;
      return t_[i].num;
    }
    if (article_ok && (t_[i].Is("a") || t_[i].Is("an"))) return 1;
    int64_t n = NumberWordOf(t_[i]);
    if (n < 0) return std::nullopt;
    return n;
  }

  // ==== Durations, recurring sets and present references (fig-dset) ========

  // An amount of time units, as AmountAt read it.
  struct Amount {
    double value = 1;
    size_t next = 0;             // the token after the amount (the unit)
    bool article = false;        // "a", "an", "another", "all": a count of one
    bool vague = false;          // "a few", "several", "some", "a couple of"
    bool integral = true;        // a whole count
    bool singular_only = false;  // "half an hour", "½ hour", "all week"
    bool plural_only = false;    // "several days"
  };

  // The amount starting at token i, before a time unit: digits ("48",
  // "2.5", "2½", "1/2"), a vulgar fraction ("½"), a number word ("twenty",
  // "twenty-four", "twenty and four", "one hundred and five"), each
  // optionally with "and a half",
  // "and half", "and a quarter", "and three quarters"; "a"/"an" when
  // `article_ok`; "half a(n)", "a half", "half hour" (0.5); "[a] quarter of
  // an hour", "three quarters of an hour"; "another" (one, or the count after
  // it); "all", "whole", "full" ("all week", "whole day", "full week", not
  // "full year"); vague counts as Recognizers-Text reads them:
  // "a few", "several" and "some" 3, "a couple (of)" 2 ("some" only after a
  // word that takes a duration: "for some days", not "some days, ...").
  std::optional<Amount> AmountAt(size_t i, bool article_ok) const {
    if (!In(i)) return std::nullopt;
    const Tk& t = t_[i];
    Amount a;
    a.next = i + 1;
    auto fraction = [&](double v, size_t next) {
      a.value = v;
      a.integral = false;
      a.singular_only = true;
      a.next = next;
      return a;
    };
    auto vague = [&](double v, size_t next) {
      a.value = v;
      a.vague = true;
      a.plural_only = true;
      a.next = next;
      return a;
    };
    auto quarter_hour = [&](size_t k) {  // "of an hour" at k
      return Word(k, "of") && Word(k + 1, "an") && Word(k + 2, "hour");
    };
    if (t.kind == TokenKind::kNumber) {
      if (t.Has(Token::kOrdinal)) return std::nullopt;
      if (t.num >= 0) {
        a.value = static_cast<double>(t.num);
      } else {
        // "2.5", "2½", "1/2"; not clock times, grouped numbers or dates.
        std::string_view s = t.lower();
        if (s.find(':') != std::string_view::npos || s.find(',') != std::string_view::npos) {
          return std::nullopt;
        }
        std::optional<double> v = ParseDigits(s, DecimalStyle::kPoint);
        if (!v) return std::nullopt;
        a.value = *v;
        // No cast to an integer: a long digit string is out of its range.
        a.integral = *v == std::floor(*v);
      }
    } else if (t.kind == TokenKind::kSymbol) {
      if (!IsVulgarFraction(t)) return std::nullopt;
      size_t length = 0;
      return fraction(*ParseVulgarFraction(t.lower(), &length), i + 1);
    } else {
      std::string_view w = t.lower();
      if (w.empty()) return std::nullopt;
      // The words below, by first letter (this runs on every candidate).
      switch (w[0]) {
        case 'a':
          if (Eq(w, "a") || Eq(w, "an")) {
            if (Word(i + 1, "few")) return vague(3, i + 2);
            if (Word(i + 1, "couple")) return vague(2, Word(i + 2, "of") ? i + 3 : i + 2);
            if (Word(i + 1, "half")) return fraction(0.5, i + 2);  // "a half hour"
            if (Word(i + 1, "quarter") && quarter_hour(i + 2)) return fraction(0.25, i + 4);
            if (!article_ok) return std::nullopt;
            a.article = true;
            return a;
          }
          if (Eq(w, "another")) {
            // "another day", "another two weeks".
            if (auto inner = AmountAt(i + 1, false); inner && !inner->vague) return inner;
            a.article = true;
            a.singular_only = true;
            return a;
          }
          if (Eq(w, "all")) {
            // "all week", "all day": the whole unit.
            a.article = true;
            a.singular_only = true;
            return a;
          }
          return std::nullopt;
        case 'h':
          // "half an hour", "half hour"; not a bare "half year": "the first
          // half year" is a period.
          if (Eq(w, "half") && (Word(i + 1, "a") || Word(i + 1, "an"))) return fraction(0.5, i + 2);
          if (Eq(w, "half") && Word(i + 1, "hour")) return fraction(0.5, i + 1);
          if (Eq(w, "half") && i > 0 && In(i + 1) && UnitOf(t_[i + 1].lower()) != Unit::kNone) {
            // "for half year", "nearly half day"; not "the first half year".
            static constexpr std::array<std::string_view, 10> kBefore = {
                "for",   "over",   "after", "about", "nearly",
                "almost", "within", "than",  "took",  "lasted"};
            if (IndexOf(kBefore, t_[i - 1].lower()) >= 0) return fraction(0.5, i + 1);
          }
          return std::nullopt;
        case 'w':
        case 'f':
          // "the whole day", "a full week" (not "full year": a fiscal period).
          if ((Eq(w, "whole") || Eq(w, "full")) && In(i + 1)) {
            Unit u = UnitOf(t_[i + 1].lower());
            if (u == Unit::kDay || u == Unit::kWeek || u == Unit::kHour ||
                (Eq(w, "whole") && (u == Unit::kMonth || u == Unit::kYear))) {
              a.article = true;
              a.singular_only = true;
              return a;
            }
          }
          if (w[0] == 'f') break;  // "five", "forty"
          return std::nullopt;
        case 'q':
          if (Eq(w, "quarter") && quarter_hour(i + 1)) return fraction(0.25, i + 3);
          return std::nullopt;
        case 't':
          if (Eq(w, "three") && Word(i + 1, "quarters") && quarter_hour(i + 2)) {
            return fraction(0.75, i + 4);
          }
          break;
        case 's':
          if (Eq(w, "several")) return vague(3, i + 1);
          if (Eq(w, "some")) {
            static constexpr std::array<std::string_view, 9> kTakesDuration = {
                "for", "over", "after", "spent", "took", "lasted", "lasting", "during", "waited"};
            if (i == 0 || IndexOf(kTakesDuration, t_[i - 1].lower()) < 0) return std::nullopt;
            return vague(3, i + 1);
          }
          break;
        case 'c':
          if (Eq(w, "couple") && Word(i + 1, "of")) return vague(2, i + 2);
          return std::nullopt;
        default:
          break;
      }
      int64_t n = NumberWordOf(t);
      if (n < 0) return std::nullopt;
      a.value = static_cast<double>(n);
      // "one hundred and five years", "two hundred days": spelled hundreds,
      // so that "five years ago" is not read out of the middle.
      if (n >= 1 && n <= 9 && Word(i + 1, "hundred")) {
        a.value = static_cast<double>(n * 100);
        a.next = i + 2;
        size_t k = Word(i + 2, "and") ? i + 3 : i + 2;
        int64_t rest = In(k) ? NumberWordOf(t_[k]) : -1;
        // ("one hundred and three quarters" is 100.75, the numbers'.)
        const Unit u = In(k + 1) ? UnitOf(t_[k + 1].lower()) : Unit::kNone;
        if (rest >= 1 && rest <= 99 && u != Unit::kNone && u != Unit::kQuarter) {
          a.value += static_cast<double>(rest);
          a.next = k + 1;
        }
        return a;
      }
      // "twenty and four hours": tens and units joined by "and".
      if (n >= 20 && n % 10 == 0 && w.find('-') == std::string_view::npos && Word(i + 1, "and") &&
          In(i + 3)) {
        int64_t units = NumberWordOf(t_[i + 2]);
        if (units >= 1 && units <= 9 && UnitOf(t_[i + 3].lower()) != Unit::kNone) {
          a.value += static_cast<double>(units);
          a.next = i + 3;
          return a;
        }
      }
    }
    // "one and a half", "2 and a quarter", "one and half", "three and three
    // quarters".
    size_t k = a.next;
    if (Word(k, "and")) {
      size_t f = Word(k + 1, "a") ? k + 2 : k + 1;
      double frac = Word(f, "half") ? 0.5 : (Word(f, "quarter") ? 0.25 : 0);
      size_t after = f + 1;
      if (frac == 0 && f == k + 1 && Word(f, "three") && Word(f + 1, "quarters")) {
        frac = 0.75;
        after = f + 2;
      }
      if (frac > 0) {
        a.value += frac;
        a.integral = false;
        a.next = after;
      }
    }
    return a;
  }

  // A single glued letter after digits that is a unit only where a duration
  // is expected: "for 10D", "lasted 3Y", "took 2W" at the end of a clause
  // ("3D printing", "in 3D" are not durations). "3h" is in UnitOf.
  Unit GluedLetterUnit(size_t count_tok, size_t unit_tok) const {
    if (!In(unit_tok) || t_[count_tok].kind != TokenKind::kNumber || !t_[unit_tok].glued() ||
        count_tok == 0) {
      return Unit::kNone;
    }
    if (t_[unit_tok].len != 1) return Unit::kNone;
    static constexpr std::array<std::string_view, 10> kTakesDuration = {
        "for", "lasted", "lasting", "lasts", "last", "took", "takes", "spent", "over", "after"};
    if (IndexOf(kTakesDuration, t_[count_tok - 1].lower()) < 0) return Unit::kNone;
    if (In(unit_tok + 1) && t_[unit_tok + 1].kind == TokenKind::kWord) return Unit::kNone;
    switch (t_[unit_tok].low[0]) {
      case 'd': return Unit::kDay;
      case 'w': return Unit::kWeek;
      case 'y': return Unit::kYear;
      default: return Unit::kNone;
    }
  }

  // A length of time starting on a day or at an instant: "[for] 3 days from
  // today", "for 1 week, from Dec. 20", "for 2.5 hours from 9:30 a.m.", "2
  // weeks starting May 20" ("starting"/"beginning"
  // after a count at `j`; "from" only after "for", since "3 days from today"
  // alone is a day: CountedFrom). A date range from the day's start to the
  // day before the same day N units later; the span starts at `first`.
  [[gnu::noinline]] std::optional<Hit> LengthFrom(size_t first, size_t j) {
    std::optional<Amount> a = AmountAt(j, true);
    if (!a || a->vague || a->value <= 0 || a->value > 10000 || !In(a->next)) {
      return std::nullopt;
    }
    Unit u = UnitOf(t_[a->next].lower());
    bool sub_day = u == Unit::kHour || u == Unit::kMinute;
    if (!sub_day && u != Unit::kDay && u != Unit::kWeek && u != Unit::kMonth &&
        u != Unit::kYear) {
      return std::nullopt;
    }
    if (!sub_day && !a->integral) return std::nullopt;
    size_t k = a->next + 1;
    if (Word(k, ",")) ++k;
    bool from = Word(k, "from");
    if (!from && !Word(k, "starting") && !Word(k, "beginning")) return std::nullopt;
    if (from != (first != j)) return std::nullopt;  // "for ... from", "... starting"
    ++k;
    if (!from && (Word(k, "on") || Word(k, "from"))) ++k;
    std::optional<Hit> day = Base(k);
    if (sub_day && from && !day) {
      // "for 2 hours from 9": the length makes a bare hour a clock time.
      if (std::optional<Clock> c = ClockAt(k, ClockCtx::kWeak, today_)) {
        Hit today = DayHit(k, k, Resolvable() ? std::optional(today_) : std::nullopt, "day:0");
        day = TimeHit(k, c->end, today, *c);
        day->relative = ClockRelative(*c);
      }
    }
    if (sub_day) {
      // "for 2.5 hours from 9:30 a.m.": from that instant.
      if (!day || day->kind != v1::FIGURE_KIND_TIME || !from) return std::nullopt;
      if (day->range && (!day->range->timed || day->range->begin != day->range->last)) {
        return std::nullopt;
      }
      Hit h{first, day->end};
      h.kind = v1::FIGURE_KIND_TIME;
      h.grain = GrainOf(u);
      if (!day->relative.empty()) {
        h.relative = "from:" + day->relative + ";for:" + IsoDuration(a->value, u);
      }
      if (day->range) {
        absl::CivilSecond at = day->range->begin;
        h.range = Range{at, at + static_cast<int64_t>(a->value * UnitSeconds(u)), true};
      }
      return h;
    }
    if (!day || !day->is_day || day->kind != v1::FIGURE_KIND_DATE) return std::nullopt;
    int64_t n = static_cast<int64_t>(a->value);
    Hit h{first, day->end};
    h.grain = v1::GRAIN_DAY;
    if (!day->relative.empty()) {
      h.relative = "from:" + day->relative + ";for:" + IsoDuration(a->value, u);
    }
    if (day->range) {
      absl::CivilDay d(day->range->begin);
      h.range = Days(d, Shift(d, u, n) - 1);
    }
    return h;
  }

  // "from 9 for 2.5 hours", "from 9:30 a.m. for 7 hours" at "from" (i): a
  // time range from the clock time, which the length makes one even when it
  // is a bare hour.
  [[gnu::noinline]] std::optional<Hit> StartThenLength(size_t i) {
    std::optional<Clock> c = ClockAt(i + 1, ClockCtx::kWeak, today_);
    if (!c || !Word(c->end, "for")) return std::nullopt;
    std::optional<Amount> a = AmountAt(c->end + 1, true);
    if (!a || a->vague || a->value <= 0 || a->value > 1000 || !In(a->next)) return std::nullopt;
    Unit u = UnitOf(t_[a->next].lower());
    if (u != Unit::kHour && u != Unit::kMinute) return std::nullopt;
    Hit h{i, a->next + 1};
    h.kind = v1::FIGURE_KIND_TIME;
    h.grain = GrainOf(u);
    h.relative = "from:" + ClockRelative(*c) + ";for:" + IsoDuration(a->value, u);
    if (Resolvable()) {
      absl::CivilSecond at = ClockOn(today_, *c);
      h.range = Range{at, at + static_cast<int64_t>(a->value * UnitSeconds(u)), true};
    }
    return h;
  }

  // Extends a duration by smaller units: "1 hour 30 minutes", "two years and
  // six months", "3 hours, 12 minutes". Not when an offset word follows
  // ("2 hours and 5 minutes ago": the last part is the offset's).
  void ExtendDuration(Hit* h, Unit u) {
    if (h->first > 0 && t_[h->first - 1].Is("between")) return;
    size_t end = h->end;
    double seconds = h->seconds;
    while (true) {
      size_t k = end;
      if (Word(k, "and") || Word(k, ",")) ++k;
      std::optional<Amount> a = AmountAt(k, false);
      if (!a || a->vague || a->article || !a->integral || !In(a->next)) break;
      Unit next_unit = UnitOf(t_[a->next].lower());
      if (next_unit == Unit::kNone || UnitSeconds(next_unit) >= UnitSeconds(u)) break;
      std::string_view w = t_[a->next].lower();
      bool abbreviated = w.size() == 1 || w == "min" || w == "hr" || w == "sec";
      if (a->value != 1 && w.back() != 's' && !abbreviated) break;
      seconds += a->value * UnitSeconds(next_unit);
      end = a->next + 1;
      u = next_unit;
    }
    if (end == h->end) return;
    static constexpr std::array<std::string_view, 7> kOffsets = {
        "ago", "from", "hence", "later", "earlier", "before", "after"};
    if (In(end) && IndexOf(kOffsets, t_[end].lower()) >= 0) return;
    h->end = end;
    h->seconds = seconds;
  }

  // Recurring times (Recognizers-Text's "set"): "weekly", "daily", "every
  // day", "each week", "every three weeks", "every other day", "once a
  // year", "every Tuesday", "Tuesdays", "Sunday mornings", "every weekend",
  // "every morning", "every day at 7 p.m.", "Tuesdays at 9 a.m.". See
  // dates.h for the output.
  [[gnu::noinline]] std::optional<Hit> Recurring(size_t i) {
    if (!In(i)) return std::nullopt;
    const Tk& t = t_[i];
    // Cheap exits first: this runs on every candidate token.
    if (t.kind == TokenKind::kNumber) {
      return t.Has(Token::kOrdinal) ? MonthlyDay(i) : std::nullopt;
    }
    std::string_view w = t.lower();
    // (Words are compared with Tk::Is and suffixes byte by byte: inline,
    // where string_view's == is a call.)
    if (w.size() < 4) return t.Is("the") ? MonthlyDay(i) : std::nullopt;
    // Every word below ends in one of these letters.
    char last = w.back();
    if (last != 'y' && last != 'l' && last != 's' && last != 'e' && last != 'h') {
      return std::nullopt;
    }
    auto ends_with = [&w](std::string_view suffix) {
      for (size_t k = 1; k <= suffix.size(); ++k) {
        if (w[w.size() - k] != suffix[suffix.size() - k]) return false;
      }
      return true;
    };
    bool periodic = w.size() > 4 && (ends_with("ly") || t.Is("everyday") || ends_with("nual"));
    if (periodic) {
      for (const PeriodicWord& p : kPeriodicWords) {
        if (p.word != w) continue;
        // "the Daily Mail", "Weekly Standard": names.
        if (t.Has(Token::kAllCaps)) return std::nullopt;
        if (t.Has(Token::kInitialCap) && (title_case_ || !t.Has(Token::kSentenceStart))) {
          return std::nullopt;
        }
        // "the financial daily Handelsblatt": a paper's name follows.
        if (!title_case_ && In(i + 1) && t_[i + 1].kind == TokenKind::kWord &&
            t_[i + 1].Has(Token::kInitialCap)) {
          return std::nullopt;
        }
        if (IsPublicationNoun(i)) return std::nullopt;
        std::string rel = "set:every;period:" + std::string(p.period);
        if (p.period == "P1D") {
          // "daily at 9 a.m.": a daily clock time.
          if (auto h = ClockSet(i, i + 1, rel, std::string(p.period), -1)) return h;
        }
        return SetHit(i, i + 1, p.grain, rel, p.period);
      }
      return std::nullopt;
    }
    if (t.Is("once") && (Word(i + 1, "a") || Word(i + 1, "an") || Word(i + 1, "per")) &&
        In(i + 2)) {
      // "once a week"; "twice a week" is a frequency, not one recurrence,
      // and stays unread.
      Unit u = UnitOf(t_[i + 2].lower());
      if (u == Unit::kNone || t_[i + 2].lower().back() == 's') return std::nullopt;
      std::string period = IsoDuration(1, u);
      return SetHit(i, i + 3, GrainOf(u), "set:once;period:" + period, period);
    }
    if (t.Is("once") && Word(i + 1, "every")) {
      std::optional<Hit> inner = Recurring(i + 1);
      if (inner) inner->first = i;
      return inner;
    }
    if (t.Is("every") || t.Is("each")) return EverySet(i);
    // "Sunday mornings": a part of every such weekday.
    if (last == 'y' && In(i + 1) && t_[i + 1].len > 6 && t_[i + 1].low[t_[i + 1].len - 1] == 's') {
      int wd = IndexOf(kWeekdays, w);
      std::string_view parts = t_[i + 1].lower();
      if (wd >= 0 && DayPartOf(parts.substr(0, parts.size() - 1)) != nullptr) {
        return WeekdaySet(i, i + 1, wd, 1, "set:every");
      }
    }
    // "Tuesdays", "Tuesdays at 9 a.m.", "weekends"; not counted ones ("two
    // weekends ago", "the last few Mondays").
    if (w.size() > 6 && w.back() == 's') {
      int wd = IndexOf(kWeekdays, w.substr(0, w.size() - 1));
      if (wd < 0 && w != "weekends") return std::nullopt;
      if (i > 0) {
        static constexpr std::array<std::string_view, 9> kCounting = {
            "few", "several", "many", "last", "past", "next", "some", "these", "those"};
        const Tk& p = t_[i - 1];
        if (p.kind == TokenKind::kNumber || NumberWordOf(p) >= 0 ||
            IndexOf(kCounting, p.lower()) >= 0) {
          return std::nullopt;
        }
      }
      if (wd < 0) return SetHit(i, i + 1, v1::GRAIN_DAY, "set:every;weekend", "P1W");
      return WeekdaySet(i, i + 1, wd, 1, "set:every");
    }
    return std::nullopt;
  }

  // "the daily said", "told the business weekly.": a periodic word used as
  // a noun for a publication, after "the"/"a" (and at most one modifier) and
  // before a reporting verb or the end of the clause.
  bool IsPublicationNoun(size_t i) const {
    std::string_view w = t_[i].lower();
    if (w.size() > 4 && w.substr(w.size() - 4) == "ally") return false;  // adverbs only
    bool determiner = (i >= 1 && (t_[i - 1].Is("the") || t_[i - 1].Is("a"))) ||
                      (i >= 2 && t_[i - 2].Is("the"));
    if (!determiner) return false;
    if (!In(i + 1)) return true;
    const Tk& next = t_[i + 1];
    if (next.kind == TokenKind::kPunctuation) return !next.Is("-");
    static constexpr std::array<std::string_view, 8> kReporting = {
        "said", "says", "reported", "reports", "wrote", "quoted", "cited", "added"};
    return IndexOf(kReporting, next.lower()) >= 0;
  }

  // "the 15th of every month", "19th of each month": anchored at the first
  // such day on or after the reference day.
  std::optional<Hit> MonthlyDay(size_t i) {
    size_t k = Word(i, "the") ? i + 1 : i;
    if (!In(k + 3) || !t_[k].Has(Token::kOrdinal) || t_[k].num < 1 || t_[k].num > 31 ||
        !Word(k + 1, "of") || !(Word(k + 2, "every") || Word(k + 2, "each")) ||
        !Word(k + 3, "month")) {
      return std::nullopt;
    }
    int day = static_cast<int>(t_[k].num);
    Hit h = SetHit(i, k + 4, v1::GRAIN_DAY,
                   "set:every;period:P1M;monthday:" + std::to_string(day), "");
    if (Resolvable()) {
      for (absl::CivilMonth m(today_); m < absl::CivilMonth(today_) + 13; ++m) {
        std::optional<absl::CivilDay> d = ValidDay(m.year(), m.month(), day);
        if (d && *d >= today_) {
          h.set_value = "R/" + absl::FormatCivilTime(*d) + "/P1M";
          break;
        }
      }
    }
    return h;
  }

  // "every"/"each" at i.
  std::optional<Hit> EverySet(size_t i) {
    bool every = t_[i].Is("every");
    size_t k = i + 1;
    int64_t mult = 1;
    bool counted = false;
    if (every && (Word(k, "other") || Word(k, "second"))) {
      mult = 2;
      ++k;
    } else if (every && Word(k, "third")) {
      mult = 3;
      ++k;
    } else if (every && In(k) && t_[k].Has(Token::kOrdinal) && t_[k].num > 1 &&
               t_[k].num <= 100) {
      mult = t_[k].num;  // "every 3rd week"
      ++k;
    } else if (every && In(k)) {
      // "every three weeks", "every 2 hours".
      if (t_[k].kind == TokenKind::kNumber && t_[k].num > 1 && t_[k].num <= 1000 &&
          !t_[k].Has(Token::kOrdinal)) {
        mult = t_[k].num;
        counted = true;
        ++k;
      } else if (int64_t n = NumberWordOf(t_[k]); n > 1) {
        mult = n;
        counted = true;
        ++k;
      }
    }
    if (mult == 1 && Word(k, "single")) ++k;  // "every single day"
    if (!In(k)) return std::nullopt;
    std::string_view noun = t_[k].lower();
    std::string rel = every ? "set:every" : "set:each";
    if (Unit u = UnitOf(noun); u != Unit::kNone && u != Unit::kDecade) {
      // "every week", "every three weeks" (also "every three week").
      bool plural = noun.back() == 's' && noun != "hrs" && noun != "mins";
      if (plural && !counted) return std::nullopt;
      std::string period = IsoDuration(static_cast<double>(mult), u);
      rel += ";period:" + period;
      if (u == Unit::kDay && mult == 1) {
        // "every day at 7 p.m.": a daily clock time.
        if (auto h = ClockSet(i, k + 1, rel, period, -1)) return h;
      }
      return SetHit(i, k + 1, GrainOf(u), rel, period);
    }
    if (counted) return std::nullopt;
    if (noun == "weekend" && mult == 1) {
      return SetHit(i, k + 1, v1::GRAIN_DAY, rel + ";weekend", "P1W");
    }
    if (int wd = IndexOf(kWeekdays, noun); wd >= 0) return WeekdaySet(i, k + 1, wd, mult, rel);
    if (const DayPart* p = DayPartOf(noun); p != nullptr && mult == 1) {
      // "every morning": a part of every day; "every morning at 7": its
      // clock time, read within the part.
      std::string part_rel = rel + ";period:P1D;part:" + std::string(p->word);
      if (auto h = ClockSet(i, k + 1, part_rel, "P1D", -1, p)) return h;
      Hit h = SetHit(i, k + 1, v1::GRAIN_HOUR, part_rel, "P1D");
      h.kind = v1::FIGURE_KIND_TIME;
      return h;
    }
    if (mult != 1) return std::nullopt;
    if (int season = SeasonOf(noun); season >= 0) {
      // "every summer": yearly, unanchored.
      return SetHit(i, k + 1, v1::GRAIN_SEASON,
                    rel + ";period:P1Y;season:" + std::string(kSeasonNames[season]), "P1Y");
    }
    if (int m = MonthAt(k, false); m > 0) {
      // "every January": yearly from the next such month (this one if it is
      // the reference's).
      Hit h = SetHit(i, k + 1, v1::GRAIN_MONTH, rel + ";period:P1Y;month:" + Two(m), "");
      if (Resolvable()) {
        int64_t y = today_.year() + (m < today_.month() ? 1 : 0);
        h.set_value = "R/" + absl::FormatCivilTime(absl::CivilDay(y, m, 1)) + "/P1Y";
      }
      return h;
    }
    return std::nullopt;
  }

  // A weekly weekday set ending before token `end` ("every Tuesday",
  // "Tuesdays"), with an optional part of the day or clock time after it.
  // Anchored at the first such weekday on or after the reference day.
  std::optional<Hit> WeekdaySet(size_t first, size_t end, int wd, int64_t weeks,
                                std::string rel) {
    std::string period = "P" + std::to_string(weeks) + "W";
    rel += ";period:" + period + ";weekday:" + std::string(kWeekdays[wd]);
    if (auto h = ClockSet(first, end, rel, period, wd)) return h;
    if (In(end)) {
      std::string_view part = t_[end].lower();
      if (part.size() > 5 && part.back() == 's') part.remove_suffix(1);  // "Monday mornings"
      if (const DayPart* p = DayPartOf(part)) {
        Hit h = SetHit(first, end + 1, v1::GRAIN_HOUR, rel + ";part:" + std::string(p->word), "");
        h.kind = v1::FIGURE_KIND_TIME;
        if (Resolvable()) {
          absl::CivilDay d = NextWeekdayOnOrAfter(today_, wd);
          h.set_value = "R/" + absl::FormatCivilTime(DayPartRange(d, *p).begin) + "Z/" + period;
        }
        return h;
      }
    }
    Hit h = SetHit(first, end, v1::GRAIN_DAY, rel, "");
    if (Resolvable()) {
      h.set_value =
          "R/" + absl::FormatCivilTime(NextWeekdayOnOrAfter(today_, wd)) + "/" + period;
    }
    return h;
  }
  static absl::CivilDay NextWeekdayOnOrAfter(absl::CivilDay d, int wd) {
    return d + (wd - WeekdayIndex(d) + 7) % 7;
  }

  // A clock time at `k` (after an optional "at") completing a daily
  // (`wd` < 0) or weekly set: anchored at its first instant at or after the
  // reference.
  std::optional<Hit> ClockSet(size_t first, size_t k, const std::string& rel,
                              const std::string& period, int wd,
                              const DayPart* part = nullptr) {
    bool at = Word(k, "at");
    size_t j = at ? k + 1 : k;
    absl::CivilDay day = Resolvable() ? today_ : absl::CivilDay();
    if (Resolvable() && wd >= 0) day = NextWeekdayOnOrAfter(today_, wd);
    std::optional<Clock> c = ClockAt(j, at ? ClockCtx::kWeak : ClockCtx::kExplicit, day);
    if (!c) return std::nullopt;
    // "every evening at 7": an hour without a.m./p.m. inside the part.
    if (part != nullptr && !c->meridiem && c->hour >= 1 && c->hour < 12 && part->from >= 12) {
      c->hour += 12;
    }
    Hit h = SetHit(first, c->end, c->minute != 0 ? v1::GRAIN_MINUTE : v1::GRAIN_HOUR,
                   rel + ";" + ClockRelative(*c), "");
    h.kind = v1::FIGURE_KIND_TIME;
    if (Resolvable()) {
      absl::CivilSecond instant = ClockOn(day, *c);
      if (instant < *now_) instant += (wd >= 0 ? 7 : 1) * 86400;
      h.set_value = "R/" + absl::FormatCivilTime(instant) + "Z/" + period;
    }
    return h;
  }

  // A cheap filter for Recurring and Present: an ordinal, "the", "at",
  // "now", "right", or a word ending like a periodic word, "once", "every",
  // "each" or a plural weekday.
  static bool MayBeDset(const Tk& t) {
    if (t.kind == TokenKind::kNumber) return t.Has(Token::kOrdinal);
    if (t.kind != TokenKind::kWord || t.len < 2) return false;
    char first = t.low[0], last = t.low[t.len - 1];
    if (t.len <= 3) return first == 't' || first == 'a' || first == 'n';  // "the", "at", "now"
    return last == 'y' || last == 'l' || last == 's' || last == 'e' || last == 'h' ||
           first == 'r';
  }

  // The matchers of this section alone, at a word only they can start.
  [[gnu::noinline]] std::optional<Hit> DsetOnly(size_t i) {
    std::optional<Hit> best = Recurring(i);
    for (std::optional<Hit> h : {Counted(i), Present(i)}) {
      if (h && (!best || h->end > best->end)) best = std::move(h);
    }
    return best;
  }

  // A set hit; `period` non-empty makes it unanchored ("R/P1W"), which needs
  // no reference.
  Hit SetHit(size_t first, size_t end, v1::Grain grain, std::string relative,
             std::string_view period) {
    Hit h{first, end};
    h.kind = v1::FIGURE_KIND_DATE;
    h.grain = grain;
    h.relative = std::move(relative);
    h.is_set = true;
    if (!period.empty()) h.set_value = "R/" + std::string(period);
    return h;
  }

  // The reference instant: "right now", "at the moment", "at this moment",
  // "at present", "at the present time", "at this time", and "now" where it
  // is a time adverbial (see NowIsTime).
  [[gnu::noinline]] std::optional<Hit> Present(size_t i) {
    if (!In(i) || t_[i].kind != TokenKind::kWord) return std::nullopt;
    std::string_view w = t_[i].lower();
    size_t end;
    if (w == "right" && Word(i + 1, "now")) {
      end = i + 2;
    } else if (w == "now") {
      if (!NowIsTime(i)) return std::nullopt;
      end = i + 1;
    } else if (w == "at") {
      size_t k = i + 1;
      if (Word(k, "present") && !Word(k + 1, "time")) {
        end = k + 1;
        // "at present levels", "at present prices": an adjective.
        if (In(end) && t_[end].kind == TokenKind::kWord && !t_[end].Has(Token::kInitialCap) &&
            t_[end].len > 3 && t_[end].lower().back() == 's') {
          return std::nullopt;
        }
      } else if (Word(k, "the") || Word(k, "this")) {
        if (Word(k + 1, "moment")) {
          end = k + 2;
        } else if (Word(k + 1, "present") && (Word(k + 2, "time") || Word(k + 2, "moment"))) {
          end = k + 3;
        } else if (Word(k, "this") && Word(k + 1, "time")) {
          end = k + 2;
        } else {
          return std::nullopt;
        }
      } else {
        return std::nullopt;
      }
      // "at this time of year", "at the moment of impact", "at this time
      // last year" are other times.
      static constexpr std::array<std::string_view, 13> kNotPresent = {
          "of",       "last",  "next",  "when", "that", "tomorrow", "yesterday",
          "today",    "on",    "in",    "each", "every", "since"};
      if (In(end) && IndexOf(kNotPresent, t_[end].lower()) >= 0) return std::nullopt;
    } else {
      return std::nullopt;
    }
    Hit h{i, end};
    h.kind = v1::FIGURE_KIND_TIME;
    h.grain = v1::GRAIN_SECOND;
    h.relative = "now";
    if (Resolvable()) h.range = Range{*now_, *now_, true};
    return h;
  }

  // "now" as a time adverbial closing its clause ("we can meet now.",
  // "They are safe now, police said"). Mid-clause "now" ("is now
  // profitable"), a sentence-initial "Now," and idioms ("for now", "by now",
  // "until now", "just now", "from now on") are not; "between now and May
  // 21" is NowAsStart's.
  bool NowIsTime(size_t i) const {
    std::string_view prev = i > 0 ? t_[i - 1].lower() : std::string_view();
    if (prev == "between" || prev == "from") return false;  // NowAsStart
    if (t_[i].Has(Token::kSentenceStart)) return false;
    static constexpr std::array<std::string_view, 14> kIdioms = {
        "for",  "by",  "until", "till", "just", "even", "only",
        "and",  "but", "or",    "so",   "than", "since", "up"};
    if (IndexOf(kIdioms, prev) >= 0) return false;
    if (!In(i + 1)) return true;
    const Tk& n = t_[i + 1];
    return n.kind == TokenKind::kPunctuation && !n.Is("-") && !n.Is("\xe2\x80\x93");
  }

  // Count-and-unit expressions: "two days ago", "in two weeks", "within the
  // next 10 days", "the past 24 hours", "48 hours", "two-year", "48-hour",
  // "one and a half hours", "3h", "a few minutes" (amounts: AmountAt).
  // The unit at `unit_tok` of a count read at `count_tok` ("12-month-long",
  // "3Y", "fortnight"), or kNone; *fortnight is set for "fortnight(s)",
  // read as weeks.
  Unit CountUnitAt(size_t count_tok, size_t unit_tok, bool* fortnight) const {
    const Tk& unit_tk = t_[unit_tok];
    Unit u = UnitOf(WithoutLong(unit_tk.lower()));  // "12-month-long"
    if (u == Unit::kNone && unit_tk.len == 1) u = GluedLetterUnit(count_tok, unit_tok);  // "3Y", "10D"
    if (u == Unit::kNone && unit_tk.len >= 9 && unit_tk.low[0] == 'f' &&
        (unit_tk.Is("fortnight") || unit_tk.Is("fortnights"))) {
      u = Unit::kWeek;  // two of them, below
      *fortnight = true;
    }
    return u;
  }

  std::optional<Hit> Counted(size_t i) {
    if (!In(i)) return std::nullopt;
    size_t start = i;
    // Leading frames.
    enum class Frame { kNone, kIn, kWithin, kPast, kNext } frame = Frame::kNone;
    size_t j = i;
    bool determined = false;  // "the" before past/last/next
    if (Word(j, "in") || Word(j, "within")) {
      frame = t_[j].Is("in") ? Frame::kIn : Frame::kWithin;
      ++j;
      if (frame == Frame::kWithin && Word(j, "the")) ++j;
      if (frame == Frame::kWithin && (Word(j, "next") || Word(j, "coming"))) ++j;
    } else if (Word(j, "the") || Word(j, "over") || Word(j, "last") || Word(j, "past") ||
               Word(j, "next")) {
      if (Word(j, "over")) ++j;
      if (Word(j, "the")) {
        ++j;
        determined = true;
      }
      start = j;  // "the past 24 hours": the span starts at "past", as in Recognizers-Text
      if (Word(j, "past") || Word(j, "last")) frame = Frame::kPast;
      else if (Word(j, "next") || Word(j, "coming")) frame = Frame::kNext;
      else return std::nullopt;
      ++j;
    }
    // A number counts only before its unit ("and a half" and a glued "-"
    // between them aside): look at the unit before reading the amount, as
    // most numbers in news copy have none ("1.5 mln dlrs"). (With a number
    // at j only the amount-and-unit reading below can succeed.)
    if (In(j) && t_[j].kind == TokenKind::kNumber) {
      if (!In(j + 1)) return std::nullopt;
      if (!t_[j + 1].Is("and") && !t_[j + 1].Is("-")) {
        bool fortnight = false;
        if (CountUnitAt(j, j + 1, &fortnight) == Unit::kNone) return std::nullopt;
      }
    }
    // Count and unit.
    double n;
    Unit u;
    size_t unit_tok;
    size_t end;
    Amount amount;
    bool fortnight = false;
    bool window = frame == Frame::kPast || frame == Frame::kNext || frame == Frame::kWithin;
    std::optional<Amount> read = AmountAt(j, frame == Frame::kNone || frame == Frame::kIn);
    // "could last several months": "last" without "the" may be the verb.
    bool verb_last = frame == Frame::kPast && !determined && j > 0 && t_[j - 1].Is("last") &&
                     (j < 2 || !t_[j - 2].Is("the"));
    if (!read && window && Word(j, "few")) {
      // "the past few days": Recognizers-Text's 3.
      read = Amount{};
      read->value = 3;
      read->vague = true;
      read->plural_only = true;
      read->next = j + 1;
    }
    if (auto a = read) {
      amount = *a;
      n = a->value;
      unit_tok = a->next;
      if (Word(unit_tok, "-") && In(unit_tok + 1) && t_[unit_tok].glued()) ++unit_tok;  // "48-hour"
      if (!In(unit_tok)) return std::nullopt;
      u = CountUnitAt(j, unit_tok, &fortnight);
      if (u == Unit::kNone) return std::nullopt;
      end = unit_tok + 1;
    } else if ((frame == Frame::kPast || frame == Frame::kNext) && Word(j, "fortnight")) {
      // "the past fortnight": two weeks.
      n = 2;
      u = Unit::kWeek;
      unit_tok = j;
      end = j + 1;
    } else if (In(j) && frame == Frame::kNone && t_[j].kind == TokenKind::kWord &&
               t_[j].lower().find('-') != std::string_view::npos) {
      // "two-year", "ten-day", "half-hour".
      std::string_view w = t_[j].lower();
      size_t dash = w.find('-');
      std::string_view head = w.substr(0, dash);
      n = head == "half" ? 0.5 : static_cast<double>(NumberWord(head));
      u = UnitOf(WithoutLong(w.substr(dash + 1)));  // "two-month-long"
      if (n < 0 || u == Unit::kNone) return std::nullopt;
      // "half-hour", "half-day"; "the first half-year" is a period.
      if (head == "half" && u != Unit::kHour && u != Unit::kDay) return std::nullopt;
      amount.value = n;
      amount.integral = head != "half";
      unit_tok = j;
      end = j + 1;
    } else {
      return std::nullopt;  // "the past week" is a period (Modified)
    }
    if (Word(end, "old") || t_[unit_tok].lower().find("-old") != std::string_view::npos) {
      return std::nullopt;  // ages belong to the numbers extractor
    }
    if (u == Unit::kQuarter && FractionOfQuarters(j, unit_tok, end, frame != Frame::kNone)) {
      return std::nullopt;  // "three quarters of voters": the numbers extractor's 0.75
    }
    if (u == Unit::kDay && frame == Frame::kNone && SomedayOneDay(j, unit_tok, end)) {
      return std::nullopt;  // "One day, he left": someday, no length
    }
    std::string_view unit_word = WithoutLong(t_[unit_tok].lower());
    size_t dash = unit_word.find('-');
    if (dash != std::string_view::npos) unit_word = unit_word.substr(dash + 1);
    bool article = amount.article;
    // "twenty second" is an ordinal, "three week" is not English: a
    // separate singular unit needs a count of one ("48-hour" is fine), or a
    // fraction ("one and half hour", "½ hour").
    bool compound = unit_tok == j || t_[unit_tok - 1].Is("-");
    bool abbreviated = unit_word.size() == 1 || unit_word == "min" || unit_word == "hr" ||
                       unit_word == "sec" || unit_word == "yr" || unit_word == "wk";
    bool plural = unit_word.back() == 's' && !abbreviated;
    // "a three month delay": a singular unit as a modifier after a determiner.
    bool attributive = frame == Frame::kNone && j > 0 && u != Unit::kSecond &&
                       (t_[j - 1].Is("a") || t_[j - 1].Is("an") || t_[j - 1].Is("the"));
    if (n != 1 && amount.integral && !compound && !abbreviated && !plural && !attributive) {
      return std::nullopt;
    }
    if (amount.singular_only && plural) return std::nullopt;  // "half an hours"
    if (amount.plural_only && !plural) return std::nullopt;   // "several day"
    if (fortnight) n *= 2;  // "in a fortnight": two weeks
    // "an hour and a half", "two years and a half".
    if (!amount.vague && Word(end, "and") && Word(end + 1, "a") && Word(end + 2, "half")) {
      n += 0.5;
      amount.integral = false;
      end += 3;
    }
    amount.value = n;
    // Trailing frames. "two days later/earlier/before" count from a narrated
    // event, not from the reference: those stay durations.
    int direction = frame == Frame::kIn ? 1 : 0;
    size_t tail = end;
    if (frame == Frame::kNone) {
      if (Word(end, "ago")) {
        direction = -1;
        tail = end + 1;
      } else if (Word(end, "from") && Word(end + 1, "now")) {
        direction = 1;
        tail = end + 2;
      } else if (Word(end, "hence")) {
        direction = 1;
        tail = end + 1;
      } else if (Word(end, "starting") || Word(end, "beginning")) {
        // "2 weeks starting May 20th": that long from that day.
        if (auto h = LengthFrom(start, start)) return h;
        return DurationHit(start, end, amount, u, unit_word, article);
      } else {
        if (amount.vague && (Word(end, "later") || Word(end, "earlier"))) return std::nullopt;
        return DurationHit(start, end, amount, u, unit_word, article);
      }
    }
    // Vague amounts give windows ("the past few days": 3) but no point ("a
    // few days ago"); fractions of a day or longer give neither.
    bool sub_day = u == Unit::kSecond || u == Unit::kMinute || u == Unit::kHour;
    if ((amount.vague && (!window || verb_last)) || (!amount.integral && !sub_day)) {
      return std::nullopt;
    }
    if (n <= 0 || n > 10000) return std::nullopt;
    Hit h{start, tail};
    if (window) {
      // A window ending at / starting after the reference.
      bool past = frame == Frame::kPast;
      h.relative = std::string(past ? "past:" : "next:") + IsoDuration(n, u);
      if (amount.vague) h.relative += ";approx";
      h.grain = GrainOf(u);
      if (sub_day) {
        h.kind = v1::FIGURE_KIND_TIME;
        if (Resolvable()) {
          absl::CivilSecond now = *now_;
          int64_t secs = static_cast<int64_t>(UnitSeconds(u) * n);
          h.range = past ? Range{now - secs, now, true} : Range{now, now + secs, true};
        }
      } else if (Resolvable()) {
        absl::CivilDay a, b;
        int64_t whole = static_cast<int64_t>(n);
        if (past) {
          // The whole days before the reference day, like Window.
          b = today_ - 1;
          a = Shift(today_, u, -whole);
        } else {
          a = today_ + 1;
          b = Shift(today_, u, whole);
        }
        h.range = Days(a, b);
      }
      return h;
    }
    // A point: "two days ago", "in three weeks", "in 1.5 hours".
    double signed_n = direction * n;
    h.relative = std::string(UnitName(u)) + ":" + (signed_n > 0 ? "+" : "") + FormatCount(signed_n);
    if (sub_day) {
      h.kind = v1::FIGURE_KIND_TIME;
      h.grain = GrainOf(u);
      if (Resolvable()) {
        absl::CivilSecond at = *now_ + static_cast<int64_t>(UnitSeconds(u) * signed_n);
        h.range = Range{at, at, true};
      }
      return h;
    }
    h.grain = v1::GRAIN_DAY;
    h.is_day = true;
    if (Resolvable()) h.range = Day(Shift(today_, u, static_cast<int64_t>(signed_n)));
    return h;
  }
  static absl::CivilDay Shift(absl::CivilDay d, Unit u, int64_t n) {
    switch (u) {
      case Unit::kDay: return d + n;
      case Unit::kWeek: return d + 7 * n;
      case Unit::kMonth:
      case Unit::kQuarter:
      case Unit::kYear:
      case Unit::kDecade: {
        int64_t months = n * (u == Unit::kMonth ? 1 : u == Unit::kQuarter ? 3 : u == Unit::kYear ? 12 : 120);
        absl::CivilMonth m = absl::CivilMonth(d) + months;
        absl::CivilDay last = LastDayOf(m);
        return absl::CivilDay(m.year(), m.month(), std::min<int>(d.day(), last.day()));
      }
      default: return d;
    }
  }
  // ---- Quarters of a year or of something else ----------------------------
  // "three quarters of voters", "one quarter of staff", "three-quarters of
  // voters", "3 quarters": one or three before "quarter(s)" is a fraction
  // (0.75) unless the context speaks of time: a word before it that only
  // time takes ("after", "during", "consecutive", "past" ...: "after three
  // quarters of losses"); else, when "of" follows, a trend ("three quarters
  // of contraction") or a year after it ("of 2025", "of the fiscal year");
  // else a frame ("in", "within", "the next"), a bare "one quarter", "for",
  // "first" before it, or "ago", "later", "earlier", "running", "straight",
  // "in a row", "to"/"through"/"ending" a month after it. ("over three
  // quarters" is more than 0.75.) `j` is the count, `end` the token after
  // the unit.
  bool FractionOfQuarters(size_t j, size_t unit_tok, size_t end, bool framed) const {
    // "three quarters", "3 quarters", or one token: "three-quarters", "a
    // three-quarter majority".
    std::string_view count = t_[j].lower();
    std::string_view unit;
    if (unit_tok == j + 1) {
      unit = t_[unit_tok].lower();
    } else if (unit_tok == j && count.find('-') != std::string_view::npos) {
      unit = count.substr(count.find('-') + 1);
      count = count.substr(0, count.find('-'));
    } else {
      return false;
    }
    if (unit != "quarters" && unit != "quarter") return false;
    // "two quarters" is hardly ever a half.
    const bool digits = t_[j].kind == TokenKind::kNumber && !t_[j].Has(Token::kOrdinal);
    const int64_t n = digits && unit_tok == j + 1 ? t_[j].num : NumberWord(count);
    if (n != 1 && n != 3) return false;
    static constexpr std::array<std::string_view, 9> kTimeOnlyBefore = {
        "after", "during", "consecutive", "successive", "straight",
        "previous", "past", "last", "following"};
    if (j > 0 && IndexOf(kTimeOnlyBefore, t_[j - 1].lower()) >= 0) return false;
    if (Word(end, "of")) {
      // What an economy does over quarters: "three quarters of contraction".
      static constexpr std::array<std::string_view, 8> kTrend = {
          "growth",    "decline",  "contraction", "expansion",
          "recession", "deflation", "slowdown",   "stagnation"};
      if (In(end + 1) && IndexOf(kTrend, t_[end + 1].lower()) >= 0) return false;
      for (size_t k = end + 1; k < end + 5 && In(k); ++k) {
        if ((t_[k].kind == TokenKind::kNumber && t_[k].digits == 4) || t_[k].Is("year") ||
            t_[k].Is("fiscal")) {
          return false;
        }
      }
      return true;
    }
    // A bare "one quarter" is mostly a time ("lost $2bn one quarter and
    // $3bn the next"); the fraction takes "of" ("one quarter of staff") or
    // a comparison before it ("fell to one quarter", "nearly one quarter").
    static constexpr std::array<std::string_view, 8> kCompare = {
        "to", "than", "about", "nearly", "almost", "around", "roughly", "only"};
    const bool compared = j > 0 && IndexOf(kCompare, t_[j - 1].lower()) >= 0;
    if (framed || (n == 1 && unit_tok == j + 1 && !compared)) return false;
    if (j > 0 && (t_[j - 1].Is("for") || t_[j - 1].Is("first"))) return false;
    if (Word(end, "ago") || Word(end, "later") || Word(end, "earlier") || Word(end, "running") ||
        Word(end, "straight") || (Word(end, "in") && Word(end + 1, "a") && Word(end + 2, "row"))) {
      return false;
    }
    // "the three quarters to June", "three quarters ending in September".
    bool abbrev = false;
    if ((Word(end, "to") || Word(end, "through") || Word(end, "ending") || Word(end, "ended")) &&
        In(end + 1) && (MonthOf(t_[end + 1], &abbrev) > 0 || Word(end + 1, "in"))) {
      return false;
    }
    return true;
  }

  // ---- "One day" meaning someday -------------------------------------------
  // "One day, he left", "One day the war will end", "hopes to one day
  // lead", "could one day replace": the idiom names no length of time. A
  // spelled "one day" is the idiom after "to" or a modal verb before a verb
  // ("talks were cut to one day." stays a duration), and at the
  // start of a sentence or clause before a comma or a new subject; "one day
  // later", "for one day", "one day of talks" stay durations.
  bool SomedayOneDay(size_t j, size_t unit_tok, size_t end) const {
    if (unit_tok != j + 1 || !t_[j].Is("one") || !t_[unit_tok].Is("day")) return false;
    static constexpr std::array<std::string_view, 10> kModal = {
        "to", "will", "would", "could", "may", "might", "can", "should", "shall", "must"};
    if (j > 0 && IndexOf(kModal, t_[j - 1].lower()) >= 0) {
      // ... before the verb: "to one day lead", not "cut to one day."
      static constexpr std::array<std::string_view, 16> kNoVerb = {
          "of", "later", "earlier", "ago", "before", "after", "a",  "per",
          "each", "in", "at", "from", "for", "and", "or", "than"};
      return In(end) && t_[end].kind == TokenKind::kWord && IndexOf(kNoVerb, t_[end].lower()) < 0;
    }
    const bool clause_start = j == 0 || t_[j].Has(Token::kSentenceStart) ||
                              t_[j - 1].kind == TokenKind::kPunctuation || t_[j - 1].Is("but") ||
                              t_[j - 1].Is("and");
    if (!clause_start || !In(end)) return false;
    static constexpr std::array<std::string_view, 16> kSubject = {
        "he",  "she", "they", "we",  "i",   "you", "it",    "there",
        "the", "his", "her",  "their", "our", "my", "this", "that"};
    return t_[end].Is(",") || IndexOf(kSubject, t_[end].lower()) >= 0;
  }

  std::optional<Hit> DurationHit(size_t first, size_t end, const Amount& amount, Unit u,
                                 std::string_view unit_word, bool article) {
    // "a second term" is an ordinal, "a quarter of" a fraction.
    if (article && (u == Unit::kSecond || u == Unit::kQuarter)) return std::nullopt;
    // "twice a week", "once a year", "$5 a day" are rates, not durations
    // ("once a year" is a set: Recurring).
    if (article && first > 0) {
      static constexpr std::array<std::string_view, 6> kRate = {"once",  "twice", "times",
                                                                "per",   "every", "each"};
      const Tk& before = t_[first - 1];
      if (IndexOf(kRate, before.lower()) >= 0 || before.kind == TokenKind::kNumber) {
        return std::nullopt;
      }
      if (IsRateAfterQuantity(first)) return std::nullopt;
    }
    Hit h{first, end};
    h.kind = v1::FIGURE_KIND_DURATION;
    h.seconds = UnitSeconds(u) * amount.value;
    h.unit = std::string(unit_word);
    ExtendDuration(&h, u);
    return h;
  }

  // "48,000 tonnes a year", "27 mln dlrs a month", "two pct a year": an
  // article unit after a counted noun is a rate. The noun (the token before
  // `first`) is a word other than a function word, and a number comes at
  // most three tokens before it, with no punctuation in between.
  bool IsRateAfterQuantity(size_t first) const {
    const Tk& noun = t_[first - 1];
    if (noun.kind != TokenKind::kWord) return false;
    static constexpr std::array<std::string_view, 30> kFunction = {
        "and",    "or",     "for",    "in",    "within", "of",    "than",  "about",
        "after",  "before", "by",     "over",  "to",     "from",  "at",    "on",
        "nearly", "almost", "around", "least", "lasted", "took",  "spent", "is",
        "not",    "was",    "are",    "were",  "be",     "been"};
    if (IndexOf(kFunction, noun.lower()) >= 0) return false;
    for (size_t back = 2; back <= 4 && back <= first; ++back) {
      const Tk& t = t_[first - back];
      if (t.kind == TokenKind::kNumber || NumberWordOf(t) >= 0) return true;
      if (t.kind == TokenKind::kPunctuation) return false;
    }
    return false;
  }

  // A clock time at i: "3 p.m.", "3pm", "9:30 a.m. ET", "15:00 GMT", "noon",
  // "midnight", "7:56:30 pm", "2.30pm", "9p", "4 o'clock", "half past seven",
  // "20 min past eight", "quarter to nine", "7 in the evening". What else is
  // read depends on `ctx` (ClockCtx). Sets the local hour, minute and second
  // and the zone offset (0 when none) and returns the end token.
  enum class ClockCtx {
    kExplicit,  // only self-evident times (a.m./p.m., a zone, "o'clock", "half past")
    kColon,     // also a bare "15:00", or "7 in the evening" (after "at", "by", ...)
    kWeak,      // also a bare hour 1-12, "6.45", "seven", "seven thirty" ("Monday at 7")
  };
  struct Clock {
    size_t end;
    int hour;
    int minute;
    int zone_minutes;  // UTC offset
    std::string zone;  // as written, lower-cased; empty if none
    bool meridiem = false;  // "a.m."/"p.m." or a part of the day was written
    int second = 0;
    ClockCtx need = ClockCtx::kExplicit;  // the least context it was read with
    bool part_written = false;            // "in the morning", "at night" followed
    bool military = false;                // "1430", "0730"
    bool dotted = false;                  // "6.45"
  };
  // `check_end` false leaves the "at 7 percent" check to the caller.
  std::optional<Clock> ClockAt(size_t i, ClockCtx ctx, absl::CivilDay day,
                               bool check_end = true) const {
    if (!In(i)) return std::nullopt;
    Clock c{i + 1, 0, 0, 0, ""};
    c.need = ClockCtx::kWeak;
    if (t_[i].Is("noon") || t_[i].Is("midday")) {
      c.hour = 12;
      c.need = ClockCtx::kExplicit;
    } else if (t_[i].Is("midnight")) {
      c.need = ClockCtx::kExplicit;
    } else if (t_[i].kind == TokenKind::kNumber && In(i + 2) &&
               (t_[i + 1].Is("past") || t_[i + 2].Is("past") || t_[i + 2].Is("to") ||
                t_[i + 2].Is("after") || t_[i + 2].Is("before")) &&
               SpelledClock(i, &c)) {
      // "20 min past eight".
    } else if (t_[i].kind == TokenKind::kNumber) {
      if (t_[i].Has(Token::kOrdinal)) return std::nullopt;
      std::string_view s = t_[i].lower();
      size_t colon = s.find(':');
      size_t dot = s.find('.');
      if (colon != std::string_view::npos) {
        // "15:00", "7:56:30".
        if (colon == 0 || colon > 2) return std::nullopt;
        std::string_view rest = s.substr(colon + 1);
        int sec = 0;
        if (rest.size() == 5 && rest[2] == ':') {
          sec = ParseDigits(rest.substr(3));
          rest = rest.substr(0, 2);
        }
        int h = ParseDigits(s.substr(0, colon));
        int m = rest.size() == 2 ? ParseDigits(rest) : -1;
        if (h < 0 || m < 0 || sec < 0 || h > 23 || m > 59 || sec > 59) return std::nullopt;
        c.hour = h;
        c.minute = m;
        c.second = sec;
        c.need = ClockCtx::kColon;
      } else if (dot != std::string_view::npos) {
        // "6.45", "2.30pm": British style, ambiguous with decimals.
        int h = ParseDigits(s.substr(0, dot));
        int m = s.size() == dot + 3 ? ParseDigits(s.substr(dot + 1)) : -1;
        if (dot == 0 || dot > 2 || h < 0 || h > 23 || m < 0 || m > 59) return std::nullopt;
        c.hour = h;
        c.minute = m;
        c.dotted = true;
      } else if (t_[i].num >= 1 && t_[i].num <= 12) {
        c.hour = static_cast<int>(t_[i].num);
      } else if (t_[i].digits == 4 && t_[i].num / 100 <= 23 && t_[i].num % 100 <= 59) {
        // "1430 GMT", "0730": a military time; a zone or a leading zero
        // tells it from a year.
        c.hour = static_cast<int>(t_[i].num / 100);
        c.minute = static_cast<int>(t_[i].num % 100);
        c.military = true;
        if (t_[i].low[0] == '0') c.need = ClockCtx::kColon;
      } else {
        return std::nullopt;
      }
      size_t end = 0;
      if (int mer = MeridiemAt(i + 1, ctx != ClockCtx::kExplicit || colon != std::string_view::npos,
                               &end)) {
        if (c.hour < 1 || c.hour > 12) return std::nullopt;
        c.hour = c.hour % 12 + (mer == 2 ? 12 : 0);
        c.meridiem = true;
        c.end = end;
        c.need = ClockCtx::kExplicit;
      } else if (colon == std::string_view::npos && dot == std::string_view::npos &&
                 OClockAt(i + 1)) {
        c.end = OClockEnd(i + 1);
        c.need = ClockCtx::kExplicit;
      } else if (colon == std::string_view::npos && dot == std::string_view::npos &&
                 c.hour == 12 && (Word(i + 1, "noon") || Word(i + 1, "midnight"))) {
        // "12 noon", "12 midnight".
        if (t_[i + 1].Is("midnight")) c.hour = 0;
        c.end = i + 2;
        c.need = ClockCtx::kExplicit;
      }
    } else if (!MayStartClock(i) || !SpelledClock(i, &c)) {
      return std::nullopt;
    } else if (size_t end = 0; !c.meridiem && c.hour >= 1 && c.hour <= 12) {
      // "seven p.m.", "half past seven pm".
      if (int mer = MeridiemAt(c.end, false, &end)) {
        c.hour = c.hour % 12 + (mer == 2 ? 12 : 0);
        c.meridiem = true;
        c.end = end;
        c.need = ClockCtx::kExplicit;
      }
    }
    // "7 in the evening", "3 in the morning", "10 at night".
    if (!c.meridiem) {
      size_t k = c.end;
      const DayPart* p = nullptr;
      if (Word(k, "in") && Word(k + 1, "the") && In(k + 2)) {
        p = DayPartOf(t_[k + 2].lower());
        k += 3;
      } else if (Word(k, "at") && Word(k + 1, "night")) {
        p = DayPartOf("night");
        k += 2;
      }
      if (p != nullptr && c.hour >= 1 && c.hour <= 12) {
        ApplyPart(*p, &c);
        c.end = k;
        c.part_written = true;
        if (c.need == ClockCtx::kWeak) c.need = ClockCtx::kColon;
      }
    }
    // Zones in capitals; after four digits also "2000 gmt".
    if (size_t end = SpelledZoneAt(c.end, day, &c); end != 0) {
      c.end = end;  // "8 p.m. Eastern time"
      c.need = ClockCtx::kExplicit;
    } else if (In(c.end) && (t_[c.end].Has(Token::kAllCaps) || c.military) &&
        ZoneOffset(t_[c.end].lower(), day, &c.zone_minutes)) {
      c.zone = std::string(t_[c.end].lower());
      ++c.end;
      c.need = ClockCtx::kExplicit;
    }
    if (c.need > ctx) return std::nullopt;
    // "closed at 10.25": a dotted time needs a.m./p.m. or a part of the day
    // (at the start of a range, the end's: "3.30 to 5.30 p.m.").
    if (c.dotted && !c.meridiem && check_end) return std::nullopt;
    // A bare "at 7" must not be a count or an amount: "at 7 percent".
    if (check_end && c.need == ClockCtx::kWeak && !ClockMayEndBefore(c.end)) return std::nullopt;
    return c;
  }
  std::string ClockRelative(const Clock& c) const {
    std::string s = "time:" + Two(c.hour) + ":" + Two(c.minute);
    if (c.second != 0) s += ":" + Two(c.second);
    if (!c.zone.empty()) s += ";zone:" + c.zone;
    return s;
  }
  // The UTC instant of clock `c` on local day `day`.
  static absl::CivilSecond ClockOn(absl::CivilDay day, const Clock& c) {
    return absl::CivilSecond(day.year(), day.month(), day.day(), c.hour, c.minute, c.second) -
           60 * c.zone_minutes;
  }

  // A day hit followed by ", at 3 p.m." / "at noon" / "3 p.m." / "at 7" /
  // "4 o'clock" / "10:30".
  std::optional<Hit> WithClock(const Hit& day) {
    size_t j = day.end;
    if (auto iso = IsoClockAt(j, day)) return iso;
    // "Friday's 5 p.m. deadline": the day's own time (a.m./p.m. written).
    bool possessive = Word(j, "'s") || Word(j, "\xe2\x80\x99s");
    if (possessive || Word(j, ",")) ++j;
    bool at = !possessive && (Word(j, "at") || Word(j, "around") || Word(j, "by"));
    if (at) ++j;
    absl::CivilDay d = day.range ? absl::CivilDay(day.range->begin) : today_;
    // After a day, "at 7" is a time; without "at", "10:30" is.
    auto c = ClockAt(j, at ? ClockCtx::kWeak : possessive ? ClockCtx::kExplicit : ClockCtx::kColon, d);
    if (!c) return std::nullopt;
    // "last night at 11:40" is 23:40, "in the afternoon at 7" 19:00.
    if (day.part != nullptr) ApplyPart(*day.part, &*c);
    return TimeHit(day.first, c->end, day, *c);
  }
  // "2016-12-16T12:23:59": a clock glued to an ISO day as "T12" ":" "23:59".
  std::optional<Hit> IsoClockAt(size_t j, const Hit& day) {
    if (!In(j + 2) || !t_[j].glued() || t_[j].len != 3 || t_[j].low[0] != 't' ||
        !t_[j + 1].Is(":") || !t_[j + 1].glued() || !t_[j + 2].glued() ||
        t_[j + 2].kind != TokenKind::kNumber) {
      return std::nullopt;
    }
    int h = ParseDigits(t_[j].lower().substr(1));
    std::string_view rest = t_[j + 2].lower();
    int m = rest.size() >= 2 ? ParseDigits(rest.substr(0, 2)) : -1;
    int sec = rest.size() == 5 && rest[2] == ':' ? ParseDigits(rest.substr(3)) : 0;
    if (rest.size() != 2 && rest.size() != 5) return std::nullopt;
    if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59) return std::nullopt;
    Clock c{j + 3, h, m, 0, ""};
    c.second = sec;
    return TimeHit(day.first, c.end, day, c);
  }

  // A day followed by "before", "after" or "since" and a clock time: "today
  // before 4pm", "Friday after 6 p.m.".
  std::optional<Hit> WithClockBound(const Hit& day) {
    size_t j = day.end;
    if (!(Word(j, "before") || Word(j, "after") || Word(j, "since"))) return std::nullopt;
    absl::CivilDay d = day.range ? absl::CivilDay(day.range->begin) : today_;
    auto c = ClockAt(j + 1, ClockCtx::kColon, d);
    if (!c) return std::nullopt;
    if (day.part != nullptr) ApplyPart(*day.part, &*c);
    return Modded(day.first, t_[j].lower(), TimeHit(day.first, c->end, day, *c));
  }

  // A day hit followed by "in the morning" / "evening" / "early morning"
  // ("Tuesday in the morning", "24 November in the evening", "Sunday early
  // morning").
  std::optional<Hit> WithDayPart(const Hit& day) {
    size_t j = day.end;
    if (Word(j, ",") && Word(j + 1, "in")) ++j;  // "this Friday, in the afternoon"
    if (Word(j, "in") && Word(j + 1, "the")) j += 2;
    std::string_view part_name;
    std::optional<Part> mod;
    if (In(j) && (t_[j].Is("early") || t_[j].Is("late"))) {
      mod = PartWord(t_[j].lower(), &part_name);
      ++j;
    }
    const DayPart* p = PartToken(j, false, &mod, &part_name);  // also "early-evening"
    if (p == nullptr && j == day.end && !mod && In(j)) {
      // "Tuesday AM", "Feb 5 p.m.": the morning / the afternoon.
      std::string_view w = t_[j].lower();
      // A bare "am" may be the verb ("Monday am I right"): capitals or an end.
      bool bare_ok = t_[j].Has(Token::kAllCaps) || !In(j + 1) ||
                     t_[j + 1].kind != TokenKind::kWord;
      if (Eq(w, "a.m.") || Eq(w, "a.m") || (Eq(w, "am") && bare_ok)) p = DayPartOf("morning");
      if (Eq(w, "p.m.") || Eq(w, "p.m") || (Eq(w, "pm") && bare_ok)) p = DayPartOf("afternoon");
    }
    if (p == nullptr) return std::nullopt;
    Hit h = day;
    h.end = j + 1;
    h.kind = v1::FIGURE_KIND_TIME;
    h.grain = v1::GRAIN_HOUR;
    h.is_day = false;
    h.part = p;
    if (!h.relative.empty()) {
      h.relative += ";part:" + std::string(p->word);
      if (mod) h.relative += ";mod:" + std::string(part_name);
    }
    if (day.range) {
      h.range = DayPartRange(absl::CivilDay(day.range->begin), *p, mod.value_or(Part::kWhole));
    }
    return h;
  }

  Hit TimeHit(size_t first, size_t end, const Hit& day, const Clock& c) {
    Hit h{first, end};
    h.kind = v1::FIGURE_KIND_TIME;
    h.grain = c.second != 0   ? v1::GRAIN_SECOND
              : c.minute != 0 ? v1::GRAIN_MINUTE
                              : v1::GRAIN_HOUR;
    h.relative = day.relative.empty() ? "" : day.relative + ";" + ClockRelative(c);
    if (day.range) {
      absl::CivilSecond at = ClockOn(absl::CivilDay(day.range->begin), c);
      h.range = Range{at, at, true};
    }
    h.open_meridiem = !c.meridiem && !c.military && c.zone.empty() && c.hour >= 1 && c.hour < 12;
    return h;
  }

  // The day after a clock time or a clock range: "[,] [on|of] Monday",
  // "tomorrow", "this morning", "April 22". A part of a day ("yesterday
  // afternoon", "tonight") names the day, and `*part` is set to the part.
  std::optional<Hit> TrailingDay(size_t k, const DayPart** part) {
    *part = nullptr;
    if (Word(k, ",")) ++k;
    size_t day_at = (Word(k, "on") || Word(k, "of")) ? k + 1 : k;
    // "8 a.m. this morning", "11 p.m. last night": the part names the day.
    std::optional<Hit> day = DayWord(day_at);
    if (!day || !day->is_day) {
      std::optional<Hit> wd = Weekday(day_at);
      if (wd) day = std::move(wd);
    }
    if (day && day->kind == v1::FIGURE_KIND_TIME && day->part != nullptr) {
      *part = day->part;
      day->relative.resize(day->relative.find(";part:"));
      day->is_day = true;
    }
    if (!day || !day->is_day) day = MonthFirst(day_at);
    if (!day || !day->is_day) day = DayMonth(day_at);
    if (!day || !day->is_day) return std::nullopt;
    return day;
  }

  // A clock time, optionally followed by a day ("3 p.m. Monday", "noon on
  // Friday", "9 a.m. yesterday", "at 7 tonight"); alone, it is on the
  // reference day.
  std::optional<Hit> ClockWithDay(size_t i) {
    bool at = Word(i, "at");
    size_t j = at ? i + 1 : i;
    if (!In(j) || !MayStartClock(j)) return std::nullopt;
    auto clock_word = [](const Tk& t) {
      return t.Is("at") || t.Is("by") || t.Is("until") || t.Is("till") || t.Is("from") ||
             t.Is("after") || t.Is("before") || t.Is("since") || t.Is("around") || t.Is("about");
    };
    ClockCtx ctx = at || (i > 0 && clock_word(t_[i - 1])) ? ClockCtx::kColon : ClockCtx::kExplicit;
    auto c = ClockAt(j, ctx, today_);
    // "at 7 tonight", "at 6 tomorrow": a bare hour needs a day word right
    // after it ("stood at 7 on Monday" is a level).
    bool needs_day = false;
    if (!c && ctx == ClockCtx::kColon) {
      ctx = ClockCtx::kWeak;
      c = ClockAt(j, ctx, today_);
      needs_day = true;
    }
    if (!c) return std::nullopt;
    if (c->need == ClockCtx::kExplicit && Word(c->end, "or") && Word(c->end + 1, "later")) {
      // "3 p.m. or later [on Monday]": from then on.
      const DayPart* later_part = nullptr;
      std::optional<Hit> later_day = TrailingDay(c->end + 2, &later_part);
      Hit base = later_day ? *later_day
                           : DayHit(j, j, Resolvable() ? std::optional(today_) : std::nullopt, "day:0");
      Hit h = TimeHit(j, later_day ? later_day->end : c->end + 2, base, *c);
      if (!later_day) h.relative = ClockRelative(*c);
      return Modded(j, "since", h);
    }
    const DayPart* part = nullptr;
    std::optional<Hit> day = TrailingDay(c->end, &part);
    if (day && needs_day && (day->first != c->end || day->relative.rfind("day:", 0) != 0)) {
      day.reset();
    }
    if (day) {
      // Recompute the zone offset for the actual day (US daylight time).
      absl::CivilDay d = day->range ? absl::CivilDay(day->range->begin) : today_;
      auto again = ClockAt(j, ctx, d);
      if (part != nullptr) ApplyPart(*part, &*again);
      return TimeHit(j, day->end, *day, *again);
    }
    if (needs_day) return std::nullopt;
    const Hit* holiday = HolidayBefore(i);
    if (std::optional<Hit> ph = PartOfDay(c->end); ph && ph->part != nullptr) {
      // "8:00 early morning", "9 in the late evening".
      Hit base = holiday ? *holiday
                         : DayHit(j, j, Resolvable() ? std::optional(today_) : std::nullopt, "day:0");
      Clock cc = *c;
      ApplyPart(*ph->part, &cc);
      Hit h = TimeHit(j, ph->end, base, cc);
      if (!holiday) h.relative = ClockRelative(cc);
      return h;
    }
    if (holiday) {
      // "Christmas Eve at 6 p.m.": the time, on the holiday.
      auto again = ClockAt(j, ctx, holiday->range ? absl::CivilDay(holiday->range->begin) : today_);
      return TimeHit(j, again->end, *holiday, *again);
    }
    Hit today = DayHit(j, j, Resolvable() ? std::optional(today_) : std::nullopt, "day:0");
    Hit h = TimeHit(j, c->end, today, *c);
    h.relative = ClockRelative(*c);
    return h;
  }


  // ==== Calendar dates and date ranges: extended forms ======================
  // (date-range helper) Mixed numeric formats, ordinal days, weeks of a
  // period, parts and halves of periods, day and month ranges, years in
  // words, offsets from an anchor day, and windows of whole days. Each is
  // tried by ExtendedDate, which Base consults first (ties go to these).

  // Per token, only the matchers that can start there run: this is called
  // for every candidate token, "the" and numbers included.
  std::optional<Hit> ExtendedDate(size_t i) {
    std::optional<Hit> best;
    auto consider = [&](std::optional<Hit> h) {
      if (h && (!best || h->end > best->end)) best = std::move(h);
    };
    const Tk& t = t_[i];
    if (t.kind == TokenKind::kNumber) {
      if (t.lower().find('/') != std::string_view::npos || (In(i + 1) && t_[i + 1].glued())) {
        consider(MixedDate(i));
      }
      if (In(i + 1)) {
        consider(DayRangeOfMonth(i));
        consider(CountedFrom(i));
        if (t.digits == 4) {
          consider(HalfOfYear(i));
          consider(YearQuarter(i));
        } else if (t.digits <= 2) {
          consider(DayMonthYearWords(i));
          consider(DateWithShortYear(i));
        }
      }
      if (t.digits == 4 && !t.Has(Token::kOrdinal)) consider(HistoricYear(i));
      if (t.Has(Token::kOrdinal)) {
        consider(LoneOrdinalDay(i));
        consider(Century(i));
      }
      return best;
    }
    if (t.kind != TokenKind::kWord || !In(i + 1)) {
      if (In(i) && IsExtendedStarter(t)) consider(PartOfPeriod(i));  // "EOY"
      return best;
    }
    std::string_view w = t.lower();
    if (t.Is("the") || t.Is("over")) {
      // Dispatch on the word after "the".
      const Tk& n = t_[i + 1];
      if (n.kind == TokenKind::kNumber) {
        if (n.Has(Token::kOrdinal) && t.Is("the")) {
          consider(LoneOrdinalDay(i));
          consider(WeekOf(i));
          consider(DayRangeOfMonth(i));
          consider(NthDayOf(i));
        }
        if (t.Is("the") && !n.Has(Token::kOrdinal)) consider(TheDecade(i));  // "the 1970s"
        return best;
      }
      if (t.Is("over")) {
        if (Word(i + 1, "the") && In(i + 2) &&
            (OffsetOf(t_[i + 2]) || t_[i + 2].Is("upcoming"))) {
          consider(Window(i));
        }
        return best;
      }
      if (n.Is("day")) {
        consider(DayAfterNext(i));  // "the day after tomorrow"
        return best;
      }
      if (n.kind == TokenKind::kNumber || n.Is("'") || n.Is("\xe2\x80\x99") ||
          (n.len > 7 && n.lower().substr(n.len - 3) == "ies")) {
        consider(TheDecade(i));  // "the 1970s", "the '70s", "the seventies"
      }
      if (n.Is("weekend")) consider(DayAfterNext(i));  // "the weekend after next"
      if (n.Is("weekend") && Word(i + 2, "of")) {
        consider(HolidayWeekend(i));  // "the weekend of Halloween"
        return best;
      }
      if (n.Is("final")) {
        consider(FirstNOf(i));  // "the final two weeks of the campaign" needs a period
        return best;
      }
      if (!MayStart(n)) return best;
      if (OffsetOf(n) || n.Is("upcoming") || n.Is("following")) consider(Window(i));
      if (n.Is("following")) consider(FollowingPeriod(i));
      if (n.Is("end") || n.Is("beginning") || n.Is("start") || n.Is("middle")) {
        consider(PartOfPeriod(i));
      } else if (n.Is("week") || n.Is("last") || n.Is("first") || n.Is("second") || n.Is("third") ||
                 n.Is("fourth")) {
        consider(WeekOf(i));
        consider(HalfOfYear(i));
        consider(OrdinalDayOfMonth(i));
        consider(NthWeekdayOf(i));
        consider(FirstNOf(i));
        consider(NthDayOf(i));
      } else if (n.Is("month")) {
        consider(MonthOfName(i));
      }
      if (n.Is("week") || n.Is("month") || n.Is("year")) consider(DayAfterNext(i));
      if (n.Is("third") || n.Is("fourth") || n.Is("first") || n.Is("second")) {
        consider(QuarterOfRelativeYear(i));
      } else if (IsExtendedStarter(n) || n.Has(Token::kHasHyphen)) {
        consider(OrdinalDayOfMonth(i));  // "the ninth of", "the twenty-first of"
        consider(NthDayOf(i));           // "the thirty-first day of the month"
      }
      if (i > 0 && (t_[i - 1].Is("from") || t_[i - 1].Is("between"))) {
        consider(DayRangeOfMonth(i));  // "from the ninth to the twelfth of May"
      }
      return best;
    }
    if (t.Is("in")) {
      // "in two days from today": the anchor, not "in", frames the count.
      if (auto h = CountedFrom(i + 1)) consider(h);
      return best;
    }
    if (t.Is("a") || t.Is("an")) {
      consider(CountedFrom(i));
      return best;
    }
    if (IsExtendedStarter(t)) {
      if (IsHolidayHead(w)) {
        consider(MoreHolidays(i));
        consider(HolidayWeekend(i));
        return best;
      }
      if (t.Is("calendar")) {
        consider(CalendarYear(i));
        return best;
      }
      if (Eq(w, "following")) consider(HolidayWithOffset(i));  // "the following Easter"
      if (i > 0 && (t_[i - 1].Is("from") || t_[i - 1].Is("between"))) {
        consider(DayRangeOfMonth(i));  // "from ninth till seventeenth of April"
      }
      consider(Century(i));  // "nineteenth century"
      consider(AbbreviatedWeekday(i));
      consider(MonthOfName(i));
      consider(RestOf(i));
      consider(WeekdayDayNumber(i));
      consider(WeekdayInWeek(i));
      consider(WeekOf(i));
      consider(PartOfPeriod(i));
      consider(ToDate(i));
      consider(HalfOfYear(i));
      consider(OrdinalDayOfMonth(i));
      consider(Window(i));
      return best;
    }
    bool abbrev = false;
    // (The kClsMonth tests spare MonthOf's calls on most words.)
    if ((t.cls & kClsMonth) != 0 && MonthOf(t, &abbrev) > 0) {
      consider(MixedDate(i));
      consider(MonthOrdinalDay(i));
      consider(MonthYearWords(i));
      consider(DateWithShortYear(i));
      return best;
    }
    if (bool a = false;
        ((t_[i + 1].cls & kClsMonth) != 0 && MonthOf(t_[i + 1], &a) > 0) || Word(i + 1, "of")) {
      consider(DayMonthYearWords(i));  // "fifteen August nineteen ninety three"
    }
    if ((Eq(w, "first") || Eq(w, "second") || Eq(w, "third") || Eq(w, "fourth")) && i > 0 &&
        (t_[i - 1].Is("from") || t_[i - 1].Is("between"))) {
      consider(DayRangeOfMonth(i));  // "from first to third of March"
    }
    if (t.Has(Token::kHasHyphen)) {
      consider(MonthRange(i));
      consider(OrdinalDayOfMonth(i));
      return best;
    }
    if (OffsetOf(t)) {
      consider(HolidayWithOffset(i));
      consider(NthWeekdayOf(i));
      consider(FirstNOf(i));
      consider(WeekdayDayNumber(i));
      consider(WeekdayInWeek(i));
      consider(WeekOf(i));
      consider(Window(i));
      return best;
    }
    if (WeekdayOf(t) >= 0) {
      consider(WeekdayDayNumber(i));
      consider(WeekdayInWeek(i));
      return best;
    }
    if (w.size() == 2 && w[0] == 'q') {
      consider(QuarterOfRelativeYear(i));  // "Q3 this year"
      return best;
    }
    if ((t.cls & kClsOrdinalDay) != 0 && IndexOf(kOrdinalWords, w) > 0) {
      consider(QuarterOfRelativeYear(i));
      consider(WeekOf(i));
      consider(HalfOfYear(i));
      consider(OrdinalDayOfMonth(i));
      consider(NthWeekdayOf(i));
      consider(FirstNOf(i));
      consider(Century(i));
      return best;
    }
    if (t.Is("earlier") || t.Is("later") || t.Is("early") || t.Is("late")) {
      consider(PartOfPeriod(i));
      return best;
    }
    if (t.Is("easter") || t.Is("christmas") || t.Is("halloween") || t.Is("thanksgiving") ||
        t.Is("juneteenth")) {
      consider(MoreHolidays(i));  // "Easter Monday"
      consider(HolidayWeekend(i));
      return best;
    }
    consider(YearInWords(i));  // number words
    consider(CountedFrom(i));
    if (t.Is("twenty") || t.Is("thirty"))
      consider(OrdinalDayOfMonth(i));  // "twenty second of June"
    return best;
  }
  // A word of kExtendedStarters (kClsExtended, in WordClasses()).
  static bool IsExtendedStarter(const Tk& t) {
    return t.kind == TokenKind::kWord && (t.cls & kClsExtended) != 0;
  }

  // Month 1-12 of a lower-case month name or bare abbreviation, or 0.
  static int MonthWord(std::string_view w) {
    int m = IndexOf(kMonths, w);
    if (m >= 0) return m + 1;
    m = IndexOf(kBareMonthAbbrevs, w);
    if (m < 0) return 0;
    return m == 12 ? 9 : m + 1;
  }
  // "M/D" or "D/M" (one slash, no year) at i: month-first unless the first
  // part is above 12. False unless valid in a leap year.
  bool SlashMonthDay(size_t i, int* month, int* day) const {
    if (!In(i) || t_[i].kind != TokenKind::kNumber) return false;
    std::string_view s = t_[i].lower();
    size_t slash = s.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash > 2 || s.size() - slash - 1 > 2 ||
        s.size() == slash + 1) {
      return false;
    }
    int a = ParseDigits(s.substr(0, slash)), b = ParseDigits(s.substr(slash + 1));
    if (a < 1 || b < 1) return false;
    if (a > 12) std::swap(a, b);
    if (a > 12 || !ValidDay(2000, a, b)) return false;
    *month = a;
    *day = b;
    return true;
  }
  // A day that may be invalid ("February 30"): unresolved, relative as
  // written ("2019-02-30", "XXXX-02-30").
  Hit InvalidDay(size_t first, size_t end, int month, int day, std::optional<int> year) {
    std::string y = year ? std::to_string(*year) : "XXXX";
    Hit h{first, end};
    h.grain = v1::GRAIN_DAY;
    h.relative = y + "-" + Two(month) + "-" + Two(day);
    h.is_day = true;  // it can take a time: "Feb 30 2019 17:20"
    return h;
  }
  // Re-resolves a month or day written without a year ("XXXX-04",
  // "XXXX-04-09") in year `y`; false if `h` is not one or the day does not
  // exist in `y`.
  bool ReYear(Hit* h, int64_t y) const {
    const std::string& r = h->relative;
    if ((r.size() != 7 && r.size() != 10) || r.compare(0, 5, "XXXX-") != 0) return false;
    int m = ParseDigits(std::string_view(r).substr(5, 2));
    if (m < 1 || m > 12) return false;
    if (r.size() == 7) {
      h->range = Month(absl::CivilMonth(y, m));
    } else {
      if (r[7] != '-') return false;
      auto d = ValidDay(y, m, ParseDigits(std::string_view(r).substr(8, 2)));
      if (!d) return false;
      h->range = Day(*d);
    }
    h->relative.clear();
    return true;
  }
  // A year shared by both ends of a range: "from April to June in 2017",
  // "January - March 2017". Moves b->end past a trailing "in 2017".
  void ShareYear(Hit* a, Hit* b) const {
    // "from Monday to Friday": the end is the first such day after the start.
    if (a->relative.rfind("weekday:", 0) == 0 && b->relative.rfind("weekday:", 0) == 0 &&
        b->relative.find(";direction:past") != std::string::npos && a->range && b->range &&
        b->range->begin < a->range->begin) {
      b->range->begin = b->range->begin + 7 * 86400;
      b->range->last = b->range->last + 7 * 86400;
      return;
    }
    // "this May" keeps its own year.
    bool a_open = a->relative.rfind("XXXX-", 0) == 0 && !OffsetOf(t_[a->first]);
    bool b_open = b->relative.rfind("XXXX-", 0) == 0;
    if (b_open && a->relative == "day:0" && a->range && b->range &&
        b->range->begin < a->range->begin) {
      // "between now and March 1": the next March 1.
      Hit b2 = *b;
      if (ReYear(&b2, absl::CivilDay(b->range->begin).year() + 1)) *b = std::move(b2);
      return;
    }
    if (a_open && b_open && a->range && b->range && b->range->begin < a->range->begin &&
        !(In(b->end + 1) && YearAt(b->end + 1))) {
      // "from November to March": of the two readings (the start a year
      // earlier, or the end a year later) the one nearer the reference:
      // "between December and February" said in March is the past winter,
      // said in November the coming one.
      absl::CivilMonth am(a->range->begin), bm(b->range->begin), now(today_);
      auto distance = [&](absl::CivilMonth from, absl::CivilMonth to) {
        return std::max<int64_t>({from - now, now - to, 0});
      };
      bool a_ahead = distance(am - 12, bm) < distance(am, bm + 12);
      Hit moved = a_ahead ? *a : *b;
      int64_t y = absl::CivilDay(moved.range->begin).year() + (a_ahead ? -1 : 1);
      if (ReYear(&moved, y)) {
        moved.relative = a_ahead ? a->relative : b->relative;  // still relative
        *(a_ahead ? a : b) = std::move(moved);
      }
      return;
    }
    if (b_open) {
      size_t k = b->end;
      if (Word(k, "in") || Word(k, "of") || Word(k, ",")) ++k;
      auto y = YearAt(k);
      if (!y) return;
      Hit a2 = *a, b2 = *b;
      if (!ReYear(&b2, *y) || (a_open && !ReYear(&a2, *y))) return;
      if (!a_open && (!a->range || a->relative.size() > 0)) return;
      *a = std::move(a2);
      *b = std::move(b2);
      b->end = k + 1;
      return;
    }
    if (a_open && b->relative.empty() && b->range) {
      int64_t y = absl::CivilDay(b->range->begin).year();
      Hit a2 = *a;
      if (!ReYear(&a2, y)) return;
      if (a2.range->begin > b->range->begin && !ReYear(&a2, y - 1)) return;
      *a = std::move(a2);
    }
  }

  // Mixed numeric and month-name dates: "05-Aug-2016", "2019/aug/01",
  // "2019-aug-01", "23/Sep/2020", "Oct/2"; numeric dates with hyphens
  // "10-1-2018"; a slash day without a year after "on" or in a range
  // ("on 22/04", "10/1-11/2/2017").
  std::optional<Hit> MixedDate(size_t i) {
    const Tk& t = t_[i];
    auto glued = [&](size_t k) { return In(k) && t_[k].glued(); };
    if (t.kind == TokenKind::kWord) {
      // "Oct/2", "October/2".
      int m = MonthWord(t.lower());
      if (m == 0 || !Word(i + 1, "/") || !glued(i + 1) || !glued(i + 2)) return std::nullopt;
      auto day = DayNumberAt(i + 2);
      if (!day || Word(i + 3, "/")) return std::nullopt;
      return MonthDay(i, i + 3, m, *day, std::nullopt);
    }
    if (t.digits == 0 && t.lower().find('/') != std::string_view::npos) {
      std::string_view sv = t.lower();
      if (sv.size() == 10 && sv[4] == '/' && sv[7] == '/') {
        // "2027/05/12": year first, then month and day.
        int y = ParseDigits(sv.substr(0, 4)), mo = ParseDigits(sv.substr(5, 2));
        int dd = ParseDigits(sv.substr(8, 2));
        if (y < 1900 || y > 2100 || mo < 1 || mo > 12 || dd < 1) return std::nullopt;
        return MonthDay(i, i + 1, mo, dd, y);
      }
      int m = 0, d = 0;
      if (!SlashMonthDay(i, &m, &d)) return std::nullopt;
      // "10/1-11/2/2017", "10/1 to 11/2/2017": the year comes from the end.
      size_t c = i + 1;
      if (In(c) && (t_[c].Is("-") || t_[c].Is("\xe2\x80\x93") || t_[c].Is("to") ||
                    t_[c].Is("through") || t_[c].Is("until"))) {
        if (auto b = NumericDate(c + 1); b && b->range) {
          int64_t y = absl::CivilDay(b->range->begin).year();
          auto a_day = ValidDay(y, m, d);
          Hit a = a_day ? DayHit(i, i + 1, a_day, "") : InvalidDay(i, i + 1, m, d, y);
          if (!a_day) {
            Hit h{i, b->end};
            h.grain = v1::GRAIN_DAY;
            h.relative = "range:" + a.relative + "..";
            h.two_sided = true;
            return h;
          }
          return JoinRange(i, a, *b);
        }
      }
      // "on 22/04": a date only after "on" (a bare "24/7" is not one).
      if (i > 0 && t_[i - 1].Is("on") && !Word(i + 1, "/")) {
        return MonthDay(i, i + 1, m, d, std::nullopt);
      }
      return std::nullopt;
    }
    if (t.digits == 4 && In(i + 2) && (Word(i + 1, "/") || Word(i + 1, "-")) && glued(i + 1) &&
        glued(i + 2)) {
      // "2019/aug/01", "2019-aug-01" (one token "aug-01").
      auto y = YearAt(i);
      if (!y) return std::nullopt;
      std::string_view w = t_[i + 2].lower();
      size_t dash = w.find('-');
      if (t_[i + 1].Is("-") && dash != std::string_view::npos) {
        int m = MonthWord(w.substr(0, dash));
        int d = ParseDigits(w.substr(dash + 1));
        if (m == 0 || d < 1 || w.size() - dash - 1 > 2) return std::nullopt;
        return MonthDay(i, i + 3, m, d, y);
      }
      int m = MonthWord(w);
      if (m == 0 || !Word(i + 3, "/") || !glued(i + 3) || !glued(i + 4)) return std::nullopt;
      auto d = DayNumberAt(i + 4);
      if (!d) return std::nullopt;
      return MonthDay(i, i + 5, m, *d, y);
    }
    if (t.digits >= 1 && t.digits <= 2 && !t.Has(Token::kOrdinal) && In(i + 2) && glued(i + 1) &&
        glued(i + 2)) {
      int a = static_cast<int>(t.num);
      if (Word(i + 1, "-") && t_[i + 2].kind == TokenKind::kWord) {
        // "05-Aug-2016": one token "Aug-2016".
        std::string_view w = t_[i + 2].lower();
        size_t dash = w.find('-');
        if (dash == std::string_view::npos) return std::nullopt;
        int m = MonthWord(w.substr(0, dash));
        int y = ParseDigits(w.substr(dash + 1));
        if (m == 0 || w.size() - dash - 1 != 4 || y < 1900 || y > 2100) return std::nullopt;
        return MonthDay(i, i + 3, m, a, y);
      }
      if (Word(i + 1, "/") && t_[i + 2].kind == TokenKind::kWord && Word(i + 3, "/") &&
          glued(i + 3) && glued(i + 4)) {
        // "23/Sep/2020".
        int m = MonthWord(t_[i + 2].lower());
        auto y = YearAt(i + 4);
        if (m == 0 || !y) return std::nullopt;
        return MonthDay(i, i + 5, m, a, y);
      }
      if (Word(i + 1, "-") && t_[i + 2].digits >= 1 && t_[i + 2].digits <= 2 &&
          Word(i + 3, "-") && glued(i + 3) && glued(i + 4)) {
        // "10-1-2018": month-first unless impossible, as with slashes.
        auto y = YearAt(i + 4);
        if (!y) return std::nullopt;
        int m = a, d = static_cast<int>(t_[i + 2].num);
        if (m > 12) std::swap(m, d);
        if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
        return MonthDay(i, i + 5, m, d, y);
      }
    }
    return std::nullopt;
  }

  // An ordinal day written as a word at i ("ninth", "twenty-first",
  // "twenty first"); sets *end.
  std::optional<int> OrdinalDayWord(size_t i, size_t* end) const {
    if (!In(i) || t_[i].kind != TokenKind::kWord) return std::nullopt;
    std::string_view w = t_[i].lower();
    *end = i + 1;
    // The words below are starter words, or hyphenated ("twenty-first").
    if ((t_[i].cls & kClsStarter) == 0 && !t_[i].hyphen) return std::nullopt;
    if ((t_[i].cls & kClsOrdinalDay) != 0) {
      if (int v = IndexOf(kOrdinalDays, w); v > 0) return v;
      if (w == "thirtieth") return 30;
    }
    size_t dash = w.find('-');
    std::string_view tens = w.substr(0, dash);
    int base = tens == "twenty" ? 20 : tens == "thirty" ? 30 : 0;
    if (base == 0) return std::nullopt;
    std::string_view unit;
    if (dash != std::string_view::npos) {
      unit = w.substr(dash + 1);
    } else if (In(i + 1)) {
      unit = t_[i + 1].lower();
      *end = i + 2;
    }
    int u = IndexOf(kOrdinalDays, unit);
    if (u < 1 || u > 9 || base + u > 31) return std::nullopt;
    return base + u;
  }
  // A day of month after a month name: digits with an ordinal suffix or an
  // ordinal word. Sets *end.
  std::optional<int> OrdinalDayAt(size_t i, size_t* end) const {
    if (!In(i)) return std::nullopt;
    if (t_[i].Has(Token::kOrdinal)) {
      *end = i + 1;
      return DayNumberAt(i);
    }
    return OrdinalDayWord(i, end);
  }

  // "October, 1st", "June the 28th", "April ninth", "February twenty
  // second", each with an optional year.
  std::optional<Hit> MonthOrdinalDay(size_t i) {
    int month = MonthAt(i, false);
    if (month == 0) return std::nullopt;
    size_t j = i + 1;
    bool digits_ok = false;
    if (Word(j, ",") || Word(j, "the")) {
      ++j;
      digits_ok = true;
    }
    size_t end = j;
    std::optional<int> day;
    if (In(j) && t_[j].kind == TokenKind::kNumber) {
      if (!digits_ok) return std::nullopt;  // "Nov. 24" is MonthFirst's
      day = OrdinalDayAt(j, &end);
    } else {
      day = OrdinalDayWord(j, &end);
      // "Theresa May first said": after a capitalized name, no date.
      if (day && (month == 3 || month == 5) && i > 0 && t_[i - 1].kind == TokenKind::kWord &&
          t_[i - 1].Has(Token::kInitialCap)) {
        return std::nullopt;
      }
    }
    if (!day) return std::nullopt;
    // "April ninth through seventeenth": a second ordinal day of the month.
    if (In(end + 1) && (t_[end].Is("through") || t_[end].Is("to") || t_[end].Is("till") ||
                        t_[end].Is("until") || t_[end].Is("-"))) {
      size_t end2 = end + 1;
      std::optional<int> day2 = t_[end + 1].kind == TokenKind::kNumber
                                    ? std::nullopt
                                    : OrdinalDayWord(end + 1, &end2);
      if (day2 && *day2 > *day) {
        std::optional<int> year;
        size_t e = OptionalYear(end2, &year);
        auto a = MonthDay(i, e, month, *day, year);
        auto b = MonthDay(i, e, month, *day2, year);
        if (a && b) return JoinRange(i, *a, *b);
      }
    }
    std::optional<int> year;
    end = OptionalYear(end, &year);
    if (!year && !Word(end, ",")) {
      if (auto y = YearInWordsAt(end)) {
        year = y->first;
        end = y->second;
      }
    }
    return MonthDay(i, end, month, *day, year);
  }

  // "the ninth of April", "fourth of July 1995" (ordinal words; digits are
  // DayMonth's).
  std::optional<Hit> OrdinalDayOfMonth(size_t i) {
    size_t at = Word(i, "the") ? i + 1 : i;
    size_t end;
    auto day = OrdinalDayWord(at, &end);
    if (!day || !Word(end, "of")) return std::nullopt;
    int month = MonthAt(end + 1, false);
    if (month == 0) return std::nullopt;
    std::optional<int> year;
    size_t e = OptionalYear(end + 2, &year);
    return MonthDay(i, e, month, *day, year);
  }

  // A day of the reference's month named by its ordinal alone: "on the
  // 18th", "by the 4th", "on 29th", "the 21st of this month".
  std::optional<Hit> LoneOrdinalDay(size_t i) {
    size_t at = Word(i, "the") ? i + 1 : i;
    if (!In(at) || !t_[at].Has(Token::kOrdinal)) return std::nullopt;
    auto day = DayNumberAt(at);
    if (!day) return std::nullopt;
    size_t end = at + 1;
    static constexpr std::array<std::string_view, 9> kBefore = {
        "on", "by", "until", "till", "since", "from", "before", "after", "around"};
    const bool framed = i > 0 && IndexOf(kBefore, t_[i - 1].lower()) >= 0;
    // "the 21st of this month"; without "of" only after a frame word ("on
    // the 5th next month"; "the 5th this month" may count events).
    const size_t of = Word(end, "of") ? end + 1 : end;
    bool of_month = In(of + 1) && OffsetOf(t_[of]) && t_[of + 1].Is("month") &&
                    (of > end || framed);
    if (!of_month && !framed) return std::nullopt;
    int offset = 0;
    if (of_month) {
      offset = *OffsetOf(t_[of]);
      end = of + 2;
    } else if (In(end) && t_[end].kind != TokenKind::kPunctuation && !Word(end, "at") &&
               !Word(end, "and") && !Word(end, "or")) {
      return std::nullopt;  // "on the 18th floor", "on 5th Avenue"
    }
    std::string rel = "XXXX-XX-" + Two(*day);
    if (offset != 0) rel = "month:" + Signed(offset) + ";day:" + Two(*day);
    std::optional<absl::CivilDay> d;
    if (Resolvable()) {
      absl::CivilMonth m = absl::CivilMonth(today_) + offset;
      // A day the month lacks ("the 31st" in November): the latest month
      // that has it.
      for (int back = 0; back < 12 && !d; ++back) {
        d = ValidDay((m - back).year(), (m - back).month(), *day);
        if (of_month) break;
      }
      if (!d && of_month) {
        Hit h{i, end};  // "the 31st of this month" in November: no such day
        h.grain = v1::GRAIN_DAY;
        h.relative = rel;
        return h;
      }
      if (!d) return std::nullopt;
    }
    return DayHit(i, end, d, rel);
  }

  // The weekday (0 Monday .. 6 Sunday) `t` names in any case, or -1.
  static int WeekdayOf(const Tk& t) {
    return (t.cls & kClsWeekday) == 0 ? -1 : IndexOf(kWeekdays, t.lower());
  }
  // Weekday at i (any case), or its capitalized abbreviation when
  // `abbrev_ok` ("Tue", "Thurs"; never "Sun"). 0 Monday .. 6 Sunday, or -1.
  int WeekdayWordAt(size_t i, bool abbrev_ok) const {
    if (!In(i)) return -1;
    int wd = WeekdayOf(t_[i]);
    if (wd >= 0 || !abbrev_ok || !t_[i].Has(Token::kInitialCap)) return wd;
    static constexpr std::array<std::string_view, 7> kAbbrevs = {"mon", "tue", "wed", "thu",
                                                                 "fri", "sat", ""};
    std::string_view w = t_[i].lower();
    if (!w.empty() && w.back() == '.') w.remove_suffix(1);
    if (w == "tues") return 1;
    if (w == "thur" || w == "thurs") return 3;
    return w.empty() ? -1 : IndexOf(kAbbrevs, w);
  }

  // "Tuesday 13th", "Tue 13th", "Sunday 31.", "Friday the 13th" (the
  // nearest such day before or after the reference day), "Friday 5/12"
  // (the date decides).
  std::optional<Hit> WeekdayDayNumber(size_t i) {
    size_t j = In(i) && OffsetOf(t_[i]) ? i + 1 : i;
    int wd = WeekdayWordAt(j, true);
    if (wd < 0 || !In(j + 1)) return std::nullopt;
    int m = 0, d = 0;
    if (SlashMonthDay(j + 1, &m, &d)) return MonthDay(i, j + 2, m, d, std::nullopt);
    if (j != i) return std::nullopt;
    // "Friday the 13th", "Thursday the twenty first".
    bool the = Word(j + 1, "the");
    size_t k = the ? j + 2 : j + 1;
    size_t end = k + 1;
    auto day = the ? OrdinalDayAt(k, &end) : DayNumberAt(k);
    if (!day) return std::nullopt;
    // A bare number needs the sentence to end or pause after it: "on
    // Sunday 31 people died" is a count.
    if (!the && !t_[k].Has(Token::kOrdinal) && In(k + 1)) {
      static constexpr std::array<std::string_view, 6> kPause = {",", ".", ";", "!", "?", ")"};
      if (IndexOf(kPause, t_[k + 1].lower()) < 0) return std::nullopt;  // "Monday 11-4"
    }
    if (MonthAt(end, false) > 0 || (Word(end, "of") && MonthAt(end + 1, false) > 0)) {
      return std::nullopt;  // "Sunday 31 March", "Friday the 13th of May": DayMonth
    }
    std::string rel = "weekday:" + std::string(kWeekdays[wd]) + ";day:" + Two(*day);
    std::optional<absl::CivilDay> found;
    if (Resolvable()) {
      // The nearer of the latest such day on or before the reference day
      // and the first one after it.
      std::optional<absl::CivilDay> past, next;
      absl::CivilMonth mo(today_);
      for (int k = 0; k < 400 && !(past && next); ++k) {
        auto a = ValidDay((mo - k).year(), (mo - k).month(), *day);
        if (!past && a && *a <= today_ && WeekdayIndex(*a) == wd) past = a;
        auto b = ValidDay((mo + k).year(), (mo + k).month(), *day);
        if (!next && b && *b > today_ && WeekdayIndex(*b) == wd) next = b;
      }
      if (!past || !next) return std::nullopt;
      found = (*next - today_) < (today_ - *past) ? next : past;
    }
    return DayHit(i, end, found, rel);
  }

  // A capitalized weekday abbreviation alone after "on" ("on Tues.", "on
  // Fri"): the latest such day on or before the reference day, like a bare
  // weekday.
  std::optional<Hit> AbbreviatedWeekday(size_t i) {
    if (i == 0 || !t_[i - 1].Is("on")) return std::nullopt;
    int wd = WeekdayWordAt(i, true);
    if (wd < 0 || WeekdayOf(t_[i]) >= 0) return std::nullopt;
    if (In(i + 1) && t_[i + 1].kind == TokenKind::kNumber) return std::nullopt;
    std::optional<absl::CivilDay> day;
    if (Resolvable()) day = today_ - (WeekdayIndex(today_) - wd + 7) % 7;
    return DayHit(i, i + 1, day, "weekday:" + std::string(kWeekdays[wd]) + ";direction:past");
  }

  // "the first Friday of July", "the last Monday in May", "the second
  // Tuesday of next month".
  std::optional<Hit> NthWeekdayOf(size_t i) {
    size_t j = Word(i, "the") ? i + 1 : i;
    if (!In(j + 2)) return std::nullopt;
    static constexpr std::array<std::string_view, 5> kNth = {"first", "second", "third", "fourth",
                                                             "last"};
    int nth = IndexOf(kNth, t_[j].lower());
    if (nth < 0) return std::nullopt;
    int wd = WeekdayWordAt(j + 1, false);
    if (wd < 0 || !(Word(j + 2, "of") || Word(j + 2, "in"))) return std::nullopt;
    std::optional<Hit> period = PeriodAfterOf(j + 3);
    if (!period || period->grain != v1::GRAIN_MONTH) return std::nullopt;
    std::string rel;
    if (!period->relative.empty()) {
      rel = period->relative + ";weekday:" + std::string(kWeekdays[wd]) + ";nth:" +
            std::string(kNth[nth]);
    }
    std::optional<absl::CivilDay> day;
    if (period->range) {
      absl::CivilDay first(period->range->begin), last(period->range->last);
      if (nth == 4) {
        day = last - (WeekdayIndex(last) - wd + 7) % 7;
      } else {
        day = first + (wd - WeekdayIndex(first) + 7) % 7 + 7 * nth;
        if (*day > last) return std::nullopt;
      }
    }
    return DayHit(i, period->end, day, rel);
  }

  // "the month of July", "month of March 2025".
  std::optional<Hit> MonthOfName(size_t i) {
    size_t j = Word(i, "the") ? i + 1 : i;
    if (!Word(j, "month") || !Word(j + 1, "of")) return std::nullopt;
    std::optional<Hit> m = Base(j + 2);
    if (!m || m->grain != v1::GRAIN_MONTH || m->relative.find(';') != std::string::npos ||
        m->two_sided) {
      return std::nullopt;
    }
    m->first = i;
    return m;
  }

  // "rest of the week", "the rest of this month", "the remainder of the
  // year": the reference day to the end of that period.
  std::optional<Hit> RestOf(size_t i) {
    if (!(Word(i, "rest") || Word(i, "remainder")) || !Word(i + 1, "of")) return std::nullopt;
    size_t k = i + 2;
    if (Word(k, "the") || Word(k, "this") || Word(k, "my") || Word(k, "our")) ++k;
    if (!In(k)) return std::nullopt;
    Unit u = UnitOf(t_[k].lower());
    if ((u != Unit::kWeek && u != Unit::kMonth && u != Unit::kYear) ||
        t_[k].lower().back() == 's') {
      return std::nullopt;
    }
    std::optional<Range> r;
    if (Resolvable()) r = Days(today_, absl::CivilDay(PeriodAt(u, today_, 0).last));
    return PeriodHit(i, k + 1, GrainOf(u), r, std::string(UnitName(u)) + ":0;rest");
  }

  // "next week Wednesday", "next week on Tuesday", "Tuesday of next week",
  // "Friday of last week".
  std::optional<Hit> WeekdayInWeek(size_t i) {
    int wd = -1;
    std::optional<int> offset;
    size_t end = 0;
    if (In(i + 2) && (offset = OffsetOf(t_[i])) && t_[i + 1].Is("week")) {
      size_t k = Word(i + 2, ",") ? i + 3 : i + 2;
      if (Word(k, "on")) ++k;
      wd = WeekdayWordAt(k, true);
      end = k + 1;
    } else if ((wd = WeekdayWordAt(i, false)) >= 0 && In(i + 2) &&
               (offset = OffsetOf(t_[i + 1])) && !t_[i + 1].Is("past") &&
               t_[i + 2].Is("week")) {
      end = i + 3;  // "Friday next week"
    } else if ((wd = WeekdayWordAt(i, false)) >= 0 && Word(i + 1, "of")) {
      size_t k = i + 2;
      bool following = Word(k, "the") && Word(k + 1, "following");
      if (following) ++k;
      if (In(k + 1) && (offset = following ? std::optional<int>(1) : OffsetOf(t_[k])) &&
          t_[k + 1].Is("week")) {
        end = k + 2;
      } else {
        wd = -1;
      }
    }
    if (wd < 0 || !offset) return std::nullopt;
    std::optional<absl::CivilDay> day;
    if (Resolvable()) day = WeekStart(today_) + 7 * *offset + wd;
    return DayHit(i, end, day,
                  "weekday:" + std::string(kWeekdays[wd]) + ";week:" + Signed(*offset));
  }

  // The Monday of ISO week 1 of year y.
  static absl::CivilDay IsoWeekOne(int64_t y) { return WeekStart(absl::CivilDay(y, 1, 4)); }
  Hit WeekHit(size_t first, size_t end, std::optional<absl::CivilDay> monday, std::string rel) {
    std::optional<Range> r;
    if (monday) r = Days(*monday, *monday + 6);
    return PeriodHit(first, end, v1::GRAIN_WEEK, r, std::move(rel));
  }

  // Weeks: "the last week of July", "the first week of 2015", "the second
  // week of next month" (weeks, Monday to Sunday, belong to the period
  // that holds their Thursday, as ISO weeks do); "week 31", "week 3 of
  // 2027" (ISO week numbers, lower-case "week"); "the week of March 3",
  // "the week starting (on) February 4" (the week holding that day).
  std::optional<Hit> WeekOf(size_t i) {
    size_t j = Word(i, "the") ? i + 1 : i;
    if (!In(j + 1)) return std::nullopt;
    std::string_view w = t_[j].lower();
    if (w == "week" && !t_[j].Has(Token::kInitialCap) && j == i) {
      // "week 31", "week 3 of 2027".
      const Tk& n = t_[j + 1];
      if (n.digits == 0 || n.digits > 2 || n.Has(Token::kOrdinal) || n.num < 1 || n.num > 53) {
        return std::nullopt;
      }
      size_t end = j + 2;
      std::optional<int64_t> year;
      if (Word(end, "of") && YearAt(end + 1)) {
        year = *YearAt(end + 1);
        end += 2;
      }
      std::string rel = "isoweek:" + std::to_string(n.num);
      std::optional<absl::CivilDay> monday;
      if (year) {
        monday = IsoWeekOne(*year) + 7 * (n.num - 1);
        rel.clear();
      } else if (Resolvable()) {
        int64_t iso_year = (WeekStart(today_) + 3).year();
        monday = IsoWeekOne(iso_year) + 7 * (n.num - 1);
      }
      if (monday && (*monday + 3).year() != (year ? *year : (WeekStart(today_) + 3).year())) {
        return std::nullopt;  // week 53 of a 52-week year
      }
      return WeekHit(i, end, monday, rel);
    }
    if (w == "week") {
      // "the week of March 3", "the week starting on February 4".
      std::string_view c = t_[j + 1].lower();
      if (c != "of" && c != "starting" && c != "commencing" && c != "beginning") {
        return std::nullopt;
      }
      size_t k = j + 2;
      if (c != "of" && Word(k, "on")) ++k;
      std::optional<Hit> day = Base(k);
      if (!day || !day->is_day) return std::nullopt;
      std::optional<absl::CivilDay> monday;
      if (day->range) monday = WeekStart(absl::CivilDay(day->range->begin));
      return WeekHit(i, day->end, monday,
                     day->relative.empty() ? "" : "week_of:" + day->relative);
    }
    // "the last week of July".
    static constexpr std::array<std::string_view, 5> kNth = {"first", "second", "third", "fourth",
                                                             "last"};
    int nth = IndexOf(kNth, w);
    if (nth < 0 && t_[j].Has(Token::kOrdinal) && t_[j].num >= 1 && t_[j].num <= 4) {
      nth = static_cast<int>(t_[j].num) - 1;
    }
    if (nth < 0 || !Word(j + 1, "week") || !Word(j + 2, "of")) return std::nullopt;
    std::optional<Hit> period = PeriodAfterOf(j + 3);
    if (!period) return std::nullopt;
    std::string rel;
    if (!period->relative.empty()) {
      rel = "week:" + std::string(kNth[nth]) + ";of:" + period->relative;
    }
    std::optional<absl::CivilDay> monday;
    if (period->range) {
      absl::CivilDay first(period->range->begin), last(period->range->last);
      if (nth == 4) {
        monday = WeekStart(last);
        if (*monday + 3 > last) *monday -= 7;
      } else {
        monday = WeekStart(first);
        if (*monday + 3 < first) *monday += 7;
        *monday += 7 * nth;
        if (*monday + 3 > last) return std::nullopt;
      }
    }
    return WeekHit(i, period->end, monday, rel);
  }
  // The month, quarter or year after "of" at k: "July", "Dec 2016", "2016",
  // "this month", "next year", "the month" / "the year" (the reference's).
  std::optional<Hit> PeriodAfterOf(size_t k) {
    if (Word(k, "the") && In(k + 1)) {
      Unit u = UnitOf(t_[k + 1].lower());
      if ((u == Unit::kMonth || u == Unit::kYear || u == Unit::kWeek || u == Unit::kDecade) &&
          t_[k + 1].lower().back() != 's') {
        std::optional<Range> r;
        if (Resolvable()) r = PeriodAt(u, today_, 0);
        return PeriodHit(k, k + 2, GrainOf(u), r, std::string(UnitName(u)) + ":0");
      }
    }
    std::optional<Hit> p = Base(k);
    if (!p || p->kind != v1::FIGURE_KIND_DATE) return std::nullopt;
    if (p->grain != v1::GRAIN_MONTH && p->grain != v1::GRAIN_YEAR &&
        p->grain != v1::GRAIN_QUARTER && p->grain != v1::GRAIN_WEEK) {
      return std::nullopt;
    }
    return p;
  }

  // Parts of a period: "the end of the month", "end of this year", "the
  // beginning of next week", "the middle of March", "the start of 2008",
  // "EOY"; "later in the year", "earlier in the week".
  std::optional<Hit> PartOfPeriod(size_t i) {
    std::string_view w = t_[i].lower();
    if (Eq(w, "eoy") || Eq(w, "eom")) {
      Unit u = Eq(w, "eoy") ? Unit::kYear : Unit::kMonth;
      std::optional<Range> r;
      if (Resolvable()) r = PartOf(PeriodAt(u, today_, 0), u, Part::kLate);
      Hit h = PeriodHit(i, i + 1, GrainOf(u), r, std::string(UnitName(u)) + ":0;part:end");
      h.period_end = true;
      return h;
    }
    std::optional<Part> part;
    std::string_view name;
    if (Eq(w, "earlier") || Eq(w, "later") || Eq(w, "early") || Eq(w, "late")) {
      // "later in the year".
      if (!Word(i + 1, "in") || !Word(i + 2, "the") || !In(i + 3)) return std::nullopt;
      Unit u = UnitOf(t_[i + 3].lower());
      if ((u != Unit::kWeek && u != Unit::kMonth && u != Unit::kYear) ||
          t_[i + 3].lower().back() == 's') {
        return std::nullopt;
      }
      part = PartWord(w, &name);
      std::optional<Range> r;
      if (Resolvable()) r = PartOf(PeriodAt(u, today_, 0), u, *part);
      return PeriodHit(i, i + 4, GrainOf(u), r,
                       std::string(UnitName(u)) + ":0;part:" + std::string(w));
    }
    size_t j = Word(i, "the") ? i + 1 : i;
    if (!In(j)) return std::nullopt;
    std::string_view p = t_[j].lower();
    if (p == "end") part = Part::kLate;
    else if (p == "beginning" || p == "start") part = Part::kEarly;
    else if (p == "middle") part = Part::kMid;
    else return std::nullopt;
    if (!Word(j + 1, "of")) return std::nullopt;
    std::optional<Hit> period;
    if (In(j + 2)) {
      // "end of month", "end of year": the reference's.
      Unit u = UnitOf(t_[j + 2].lower());
      if ((u == Unit::kWeek || u == Unit::kMonth || u == Unit::kYear) &&
          t_[j + 2].lower().back() != 's') {
        std::optional<Range> r;
        if (Resolvable()) r = PeriodAt(u, today_, 0);
        period = PeriodHit(j + 2, j + 3, GrainOf(u), r, std::string(UnitName(u)) + ":0");
      }
    }
    if (!period) period = PeriodAfterOf(j + 2);
    if (!period || period->grain == v1::GRAIN_QUARTER) return std::nullopt;
    Unit u = period->grain == v1::GRAIN_WEEK    ? Unit::kWeek
             : period->grain == v1::GRAIN_MONTH ? Unit::kMonth
                                                : Unit::kYear;
    std::string rel;
    if (!period->relative.empty()) rel = period->relative + ";part:" + std::string(p);
    std::optional<Range> r;
    if (period->range && period->grain == v1::GRAIN_DECADE) {
      r = DecadePart(absl::CivilDay(period->range->begin).year(), *part);  // "the end of the decade"
    } else if (period->range) {
      r = PartOf(*period->range, u, *part);
    }
    Hit h = PeriodHit(i, period->end, period->grain, r, rel);
    h.period_end = *part == Part::kLate;
    return h;
  }

  // "the first nine months of the year", "the last two weeks of December",
  // "the first 100 days of 2027": the leading or trailing part of a period.
  std::optional<Hit> FirstNOf(size_t i) {
    size_t j = Word(i, "the") ? i + 1 : i;
    if (!In(j + 3)) return std::nullopt;
    bool first = t_[j].Is("first");
    if (!first && !t_[j].Is("last") && !t_[j].Is("final")) return std::nullopt;
    auto n = CountAt(j + 1, false);
    if (!n || *n < 1 || *n > 1000) return std::nullopt;
    Unit u = UnitOf(t_[j + 2].lower());
    if ((u != Unit::kDay && u != Unit::kWeek && u != Unit::kMonth) ||
        (*n != 1 && t_[j + 2].lower().back() != 's') || !Word(j + 3, "of")) {
      return std::nullopt;
    }
    std::optional<Hit> period = PeriodAfterOf(j + 4);
    if (!period) return std::nullopt;
    std::string rel;
    if (!period->relative.empty()) {
      rel = period->relative + (first ? ";first:" : ";last:") + IsoDuration(*n, u);
    }
    std::optional<Range> r;
    if (period->range) {
      absl::CivilDay a(period->range->begin), b(period->range->last);
      if (first) {
        absl::CivilDay e = Shift(a, u, *n) - 1;
        if (e > b) return std::nullopt;
        r = Days(a, e);
      } else {
        absl::CivilDay s0 = Shift(b + 1, u, -*n);
        if (s0 < a) return std::nullopt;
        r = Days(s0, b);
      }
    }
    return PeriodHit(i, period->end, GrainOf(u), r, rel);
  }

  // "the first day of March", "the last day of the year", "the 15th day of
  // next month", "the thirty-first day of the month": one day of a period
  // (unresolved when the period has no such day).
  std::optional<Hit> NthDayOf(size_t i) {
    size_t j = Word(i, "the") ? i + 1 : i;
    if (!In(j + 3)) return std::nullopt;
    int n = 0;  // -1: the last
    size_t k = j + 1;
    if (t_[j].Is("last")) {
      n = -1;
    } else if (t_[j].Has(Token::kOrdinal) && t_[j].num >= 1 && t_[j].num <= 366) {
      n = static_cast<int>(t_[j].num);
    } else if (auto d = OrdinalDayWord(j, &k)) {
      n = *d;
    } else {
      return std::nullopt;
    }
    if (!Word(k, "day") || !Word(k + 1, "of")) return std::nullopt;
    std::optional<Hit> period = PeriodAfterOf(k + 2);
    if (!period || (period->grain != v1::GRAIN_MONTH && period->grain != v1::GRAIN_YEAR &&
                    period->grain != v1::GRAIN_QUARTER && period->grain != v1::GRAIN_WEEK)) {
      return std::nullopt;
    }
    std::string rel;
    if (!period->relative.empty()) rel = period->relative + ";day:" + std::to_string(n);
    Hit h{i, period->end};
    h.grain = v1::GRAIN_DAY;
    h.relative = rel;
    if (period->range) {
      absl::CivilDay a(period->range->begin), b(period->range->last);
      absl::CivilDay d = n < 0 ? b : a + (n - 1);
      if (d > b) return h;  // no such day: unresolved
      h.range = Day(d);
      h.is_day = true;
    }
    return h;
  }

  // "year to date", "year-to-date", "YTD", "month to date": from the
  // period's start to the reference day.
  std::optional<Hit> ToDate(size_t i) {
    std::string_view w = t_[i].lower();
    Unit u = Unit::kNone;
    size_t end = i + 1;
    if (w == "year-to-date" || (w == "ytd" && t_[i].Has(Token::kAllCaps))) {
      u = Unit::kYear;
    } else if (w == "month-to-date") {
      u = Unit::kMonth;
    } else if ((w == "year" || w == "month") && Word(i + 1, "to") && Word(i + 2, "date")) {
      u = w == "year" ? Unit::kYear : Unit::kMonth;
      end = i + 3;
    } else {
      return std::nullopt;
    }
    std::optional<Range> r;
    if (Resolvable()) r = Days(absl::CivilDay(PeriodAt(u, today_, 0).begin), today_);
    return PeriodHit(i, end, GrainOf(u), r, std::string(UnitName(u)) + ":0;to_date");
  }

  // Halves: "H1 2019", "2019 H2", "the first half of 2019", "the second
  // half of this year", "the first half of March" (days 1-15).
  std::optional<Hit> HalfOfYear(size_t i) {
    auto half_token = [&](size_t k) -> int {
      if (!In(k)) return 0;
      std::string_view w = t_[k].lower();
      return w == "h1" ? 1 : w == "h2" ? 2 : 0;
    };
    auto year_half = [&](size_t first, size_t end, int64_t y, int h) {
      absl::CivilDay a(y, h == 1 ? 1 : 7, 1);
      return PeriodHit(first, end, v1::GRAIN_YEAR,
                       Days(a, LastDayOf(absl::CivilMonth(a) + 5)), "");
    };
    if (int h = half_token(i)) {
      if (auto y = YearAt(i + 1)) return year_half(i, i + 2, *y, h);
      return std::nullopt;
    }
    if (auto y = YearAt(i)) {
      if (int h = half_token(i + 1)) return year_half(i, i + 2, *y, h);
      return std::nullopt;
    }
    size_t j = Word(i, "the") ? i + 1 : i;
    if (!In(j + 2) || !t_[j + 1].Is("half") || !t_[j + 2].Is("of")) return std::nullopt;
    int h = t_[j].Is("first") ? 1 : t_[j].Is("second") ? 2 : 0;
    if (h == 0) return std::nullopt;
    std::optional<Hit> period = PeriodAfterOf(j + 3);
    if (!period || (period->grain != v1::GRAIN_YEAR && period->grain != v1::GRAIN_MONTH)) {
      return std::nullopt;
    }
    std::string rel;
    if (!period->relative.empty()) rel = period->relative + ";half:" + std::to_string(h);
    std::optional<Range> r;
    if (period->range) {
      absl::CivilDay a(period->range->begin), b(period->range->last);
      if (period->grain == v1::GRAIN_YEAR) {
        absl::CivilDay mid(absl::CivilMonth(a) + 6);
        r = h == 1 ? Days(a, mid - 1) : Days(mid, b);
      } else {
        r = h == 1 ? Days(a, a + 14) : Days(a + 15, b);
      }
    }
    return PeriodHit(i, period->end, period->grain, r, rel);
  }

  // Month ranges in one token, "Jan-Feb 2017", "June-August"; day ranges
  // before a month, "9-12 June", "9 to 12 of June", "9th-12th June 2025".
  std::optional<Hit> MonthRange(size_t i) {
    const Tk& t = t_[i];
    std::string_view w = t.lower();
    size_t dash = w.find('-');
    if (dash == std::string_view::npos || !t.Has(Token::kInitialCap)) return std::nullopt;
    int m1 = MonthWord(w.substr(0, dash)), m2 = MonthWord(w.substr(dash + 1));
    if (m1 == 0 || m2 == 0 || m1 == m2) return std::nullopt;
    std::optional<int> year;
    size_t end = OptionalYear(i + 1, &year);
    if (!year && !AfterDateWord(i)) return std::nullopt;
    auto month_hit = [&](int m, std::optional<int> y) {
      if (y) return PeriodHit(i, end, v1::GRAIN_MONTH, Month(absl::CivilMonth(*y, m)), "");
      return MonthOnly(i, end, m, Part::kWhole, "");
    };
    Hit a = month_hit(m1, m2 < m1 && year ? std::optional<int>(*year - 1) : year);
    Hit b = month_hit(m2, year);
    if (!year && a.range && m2 < m1) b.range = Month(absl::CivilMonth(today_.year() + 1, m2));
    return JoinRange(i, a, b);
  }
  std::optional<Hit> DayRangeOfMonth(size_t i) {
    // "the 3rd to the 7th of March": ordinals after "the".
    bool the = Word(i, "the");
    size_t at = the ? i + 1 : i;
    const bool framed = i > 0 && (t_[i - 1].Is("from") || t_[i - 1].Is("between"));
    if (the && !(In(at) && (t_[at].Has(Token::kOrdinal) || framed))) return std::nullopt;
    std::optional<int> d1;
    if (t_[at].kind == TokenKind::kNumber) d1 = DayNumberAt(at);
    size_t c = at + 1;
    bool between = i > 0 && t_[i - 1].Is("between");
    // "from ninth till seventeenth of April": ordinal words after
    // "from"/"between", with a month.
    bool words = false;
    if (!d1 && framed) {
      d1 = OrdinalDayWord(at, &c);
      words = d1.has_value();
    }
    if (!d1 || (at > 0 && t_[at].glued() && t_[at - 1].kind == TokenKind::kSymbol)) {
      return std::nullopt;
    }
    if (!In(c) || !(t_[c].Is("-") || t_[c].Is("\xe2\x80\x93") || t_[c].Is("to") ||
                    t_[c].Is("through") || t_[c].Is("until") || t_[c].Is("till") ||
                    (between && t_[c].Is("and")))) {
      return std::nullopt;
    }
    if (the && Word(c + 1, "the")) ++c;
    size_t d2_end = c + 2;
    auto d2 = words ? OrdinalDayAt(c + 1, &d2_end) : DayNumberAt(c + 1);
    if (!d2 || *d2 <= *d1) return std::nullopt;
    if (words) c = d2_end - 2;  // below, c + 2 is the token after the second day
    size_t j = Word(c + 2, "of") ? c + 3 : c + 2;
    int month = MonthAt(j, false);
    if (month == 0 && words) return std::nullopt;
    if (month == 0) {
      // "from the 5th to the 10th": days of the reference's month, only
      // with ordinals after "from"/"between".
      bool from = i > 0 && (t_[i - 1].Is("from") || between);
      // A month named relative to today may follow: "from 4-23 of next
      // month", "between the 5th and the 9th in this month".
      size_t k = Word(c + 2, "of") || Word(c + 2, "in") ? c + 3 : c + 2;
      std::optional<int> offset;
      if (In(k + 1) && t_[k + 1].Is("month")) offset = OffsetOf(t_[k]);
      if (!from || (!offset && (!t_[at].Has(Token::kOrdinal) ||
                                !t_[c + 1].Has(Token::kOrdinal) || Word(c + 2, "of")))) {
        return std::nullopt;
      }
      Hit h{i, offset ? k + 2 : c + 2};
      h.grain = v1::GRAIN_DAY;
      h.two_sided = true;
      const std::string m =
          offset ? "month:" + Signed(*offset) + ";day:" : std::string("XXXX-XX-");
      h.relative = "range:" + m + Two(*d1) + ".." + m + Two(*d2);
      if (Resolvable()) {
        const absl::CivilMonth in = absl::CivilMonth(today_) + offset.value_or(0);
        auto a = ValidDay(in.year(), in.month(), *d1);
        auto b = ValidDay(in.year(), in.month(), *d2);
        if (!a || !b) return std::nullopt;
        h.range = Days(*a, *b);
      }
      return h;
    }
    std::optional<int> year;
    size_t end = OptionalYear(j + 1, &year);
    auto a = MonthDay(i, end, month, *d1, year);
    auto b = MonthDay(i, end, month, *d2, year);
    if (!a || !b) return std::nullopt;
    return JoinRange(i, *a, *b);
  }

  // A year in words ("nineteen ninety six", "two thousand and twenty",
  // "twenty twenty-one") at i; the year and the end token.
  std::optional<std::pair<int, size_t>> YearInWordsAt(size_t i) const {
    if (!In(i + 1) || t_[i].kind != TokenKind::kWord) return std::nullopt;
    int64_t lead = NumberWordOf(t_[i]);
    // The last two digits: "ninety six", "ninety-six", "fifteen", "oh five".
    auto two = [&](size_t k, size_t* end) -> int64_t {
      if (!In(k)) return -1;
      if (t_[k].Is("oh") && In(k + 1)) {
        int64_t u = NumberWordOf(t_[k + 1]);
        *end = k + 2;
        return (u >= 1 && u <= 9) ? u : -1;
      }
      int64_t v = NumberWordOf(t_[k]);
      if (v < 10) return -1;
      *end = k + 1;
      if (v >= 20 && v % 10 == 0 && In(k + 1)) {
        int64_t u = NumberWordOf(t_[k + 1]);
        if (u >= 1 && u <= 9 && t_[k].lower().find('-') == std::string_view::npos) {
          *end = k + 2;
          v += u;
        }
      }
      return v;
    };
    size_t end = 0;
    if (lead == 2 && t_[i + 1].Is("thousand")) {
      size_t k = i + 2;
      if (Word(k, "and")) ++k;
      int64_t v = In(k) ? NumberWordOf(t_[k]) : -1;
      if (v < 1) return std::make_pair(2000, i + 2);
      end = k + 1;
      if (v >= 20 && v % 10 == 0 && In(k + 1)) {
        int64_t u = NumberWordOf(t_[k + 1]);
        if (u >= 1 && u <= 9 && t_[k].lower().find('-') == std::string_view::npos) {
          v += u;
          end = k + 2;
        }
      }
      return std::make_pair(static_cast<int>(2000 + v), end);
    }
    if (lead < 11 || lead > 20 || t_[i].lower().find('-') != std::string_view::npos) {
      return std::nullopt;
    }
    if (t_[i + 1].Is("hundred")) {
      size_t k = Word(i + 2, "and") ? i + 3 : i + 2;
      int64_t v = In(k) ? NumberWordOf(t_[k]) : -1;
      if (v < 1) return std::make_pair(static_cast<int>(lead * 100), i + 2);
      end = k + 1;
      if (v >= 20 && v % 10 == 0 && In(k + 1)) {
        int64_t u = NumberWordOf(t_[k + 1]);
        if (u >= 1 && u <= 9) {
          v += u;
          end = k + 2;
        }
      }
      return std::make_pair(static_cast<int>(lead * 100 + v), end);
    }
    int64_t v = two(i + 1, &end);
    if (v < 0) return std::nullopt;
    return std::make_pair(static_cast<int>(lead * 100 + v), end);
  }
  // A year in words after a word that takes a time ("in nineteen ninety
  // six", "since two thousand and five"), followed by no noun.
  std::optional<Hit> YearInWords(size_t i) {
    // YearInWordsAt needs a number word ("two", "nineteen") at i.
    if (i == 0 || (t_[i].cls & kClsNumberWord) == 0) return std::nullopt;
    static constexpr std::array<std::string_view, 9> kYearWords = {
        "in", "since", "until", "till", "by", "during", "before", "after", "of"};
    if (IndexOf(kYearWords, t_[i - 1].lower()) < 0) return std::nullopt;
    auto y = YearInWordsAt(i);
    if (!y || y->first < 1000 || y->first > 2100) return std::nullopt;
    size_t end = y->second;
    if (In(end) && t_[end].kind == TokenKind::kWord && !t_[end].Has(Token::kInitialCap)) {
      static constexpr std::array<std::string_view, 8> kAfter = {
          "and", "or", "to", "until", "when", "but", "was", "after"};
      if (IndexOf(kAfter, t_[end].lower()) < 0) return std::nullopt;  // "in two thousand homes"
    }
    return PeriodHit(i, end, v1::GRAIN_YEAR, Year(absl::CivilYear(y->first)), "");
  }

  // An offset from an anchor day: "three days from today", "two days after
  // tomorrow", "two weeks before Christmas", "two months after next Friday".
  std::optional<Hit> CountedFrom(size_t i) {
    if (!In(i + 3)) return std::nullopt;
    std::string_view dir = t_[i + 2].lower();
    if (!Eq(dir, "from") && !Eq(dir, "after") && !Eq(dir, "before")) return std::nullopt;
    auto n = CountAt(i, true);
    if (!n || *n <= 0 || *n > 10000 || !In(i + 2)) return std::nullopt;
    Unit u = UnitOf(t_[i + 1].lower());
    if (u != Unit::kDay && u != Unit::kWeek && u != Unit::kMonth && u != Unit::kYear) {
      return std::nullopt;
    }
    if (*n != 1 && t_[i + 1].lower().back() != 's') return std::nullopt;
    int sign = Eq(dir, "from") || Eq(dir, "after") ? 1 : Eq(dir, "before") ? -1 : 0;
    if (sign == 0 || Word(i + 3, "now")) return std::nullopt;
    // "closed for 18 months from January 15" is a duration and its start.
    if (i > 0 && t_[i - 1].Is("for")) return std::nullopt;
    std::optional<Hit> anchor = Base(i + 3);
    if (!anchor || !anchor->is_day || anchor->kind != v1::FIGURE_KIND_DATE) return std::nullopt;
    // With "from", only a day named relative to today anchors a count ("three
    // days from today", "a week from Monday"); "120 litres a day from Dec. 1"
    // is a rate and its start.
    if (Eq(dir, "from") && anchor->relative.rfind("day:", 0) != 0 &&
        anchor->relative.rfind("weekday:", 0) != 0) {
      return std::nullopt;
    }
    if (Eq(dir, "from") && anchor->end == anchor->first + 1 &&
        anchor->relative.ends_with(";direction:past") && anchor->range) {
      // "3 days from Tuesday": the coming Tuesday (on or after today).
      const int wd = WeekdayWordAt(anchor->first, false);
      if (wd >= 0) {
        absl::CivilDay next = today_ + (wd - WeekdayIndex(today_) + 7) % 7;
        anchor->range = Day(next);
        anchor->relative = "weekday:" + std::string(kWeekdays[wd]) + ";direction:future";
      }
    }
    int64_t signed_n = sign * *n;
    std::string rel;
    if (!anchor->relative.empty()) {
      rel = anchor->relative + ";" + UnitName(u) + ":" + Signed(static_cast<int>(signed_n));
    }
    std::optional<absl::CivilDay> d;
    if (anchor->range) d = Shift(absl::CivilDay(anchor->range->begin), u, signed_n);
    return DayHit(i, anchor->end, d, rel);
  }

  // Windows of whole days ending before or starting after the reference
  // day: "the past three months" (from the same day three months back to
  // yesterday), "next 3 days" (tomorrow on), "the previous two quarters"
  // (whole calendar quarters). The span starts at the direction word, as
  // in Recognizers-Text; windows in hours or minutes are Counted's.
  std::optional<Hit> Window(size_t i) {
    size_t j = i;
    if (Word(j, "over") && Word(j + 1, "the")) j += 2;
    else if (Word(j, "the")) ++j;
    if (!In(j)) return std::nullopt;
    std::string_view w = t_[j].lower();
    bool past = w == "past" || w == "last" || w == "previous";
    // "following" is an offset only after "the": "following Monday's vote"
    // is a preposition.
    bool next = w == "next" || w == "coming" || w == "upcoming" ||
                (w == "following" && j > 0 && t_[j - 1].Is("the"));
    if (!past && !next) return std::nullopt;
    // "the past fortnight", "the next two fortnights": two weeks each.
    bool fortnight_alone = Word(j + 1, "fortnight");
    auto n = fortnight_alone ? std::optional<int64_t>(1) : CountAt(j + 1, false);
    size_t unit_at = fortnight_alone ? j + 1 : j + 2;
    if (!n || *n <= 0 || *n > 10000 || !In(unit_at)) return std::nullopt;
    std::string_view unit_word = t_[unit_at].lower();
    bool fortnight = unit_word == "fortnight" || unit_word == "fortnights";
    Unit u = fortnight ? Unit::kWeek : UnitOf(unit_word);
    if (u != Unit::kDay && u != Unit::kWeek && u != Unit::kMonth && u != Unit::kQuarter &&
        u != Unit::kYear && u != Unit::kDecade) {
      return std::nullopt;
    }
    if (*n != 1 && unit_word.back() != 's') return std::nullopt;
    if (fortnight) *n *= 2;
    Hit h{j, unit_at + 1};
    h.grain = GrainOf(u);
    h.relative = std::string(past ? "past:" : "next:") + IsoDuration(*n, u);
    if (Resolvable()) {
      if (u == Unit::kQuarter) {
        absl::CivilDay q(PeriodAt(Unit::kQuarter, today_, 0).begin);
        absl::CivilMonth qm(q);
        h.range = past ? Days(absl::CivilDay(qm - 3 * *n), q - 1)
                       : Days(absl::CivilDay(qm + 3), LastDayOf(qm + 2 + 3 * *n));
      } else if (past) {
        h.range = Days(Shift(today_, u, -*n), today_ - 1);
      } else {
        h.range = Days(today_ + 1, Shift(today_, u, *n));
      }
    }
    return h;
  }

  // "2017 Q1", "2017-Q1": a quarter after its year.
  std::optional<Hit> YearQuarter(size_t i) {
    auto y = YearAt(i);
    if (!y) return std::nullopt;
    size_t k = i + 1;
    if (Word(k, "-") && t_[k].glued()) ++k;
    if (!In(k) || (k > i + 1 && !t_[k].glued())) return std::nullopt;
    std::string_view w = t_[k].lower();
    if (w.size() != 2 || w[0] != 'q' || w[1] < '1' || w[1] > '4') return std::nullopt;
    return PeriodHit(i, k + 1, v1::GRAIN_QUARTER, Quarter(*y, w[1] - '0'), "");
  }

  // Years before 1900 after "in", "since", "during", "until" ("founded in
  // 1865"), not before a lower-case noun ("in 1500 cases"); later years
  // are YearOrDecade's.
  std::optional<Hit> HistoricYear(size_t i) {
    if (i == 0 || t_[i].num < 1000 || t_[i].num >= 1900) return std::nullopt;
    static constexpr std::array<std::string_view, 5> kBefore = {"in", "since", "during", "until",
                                                                "till"};
    bool back_to = i > 1 && t_[i - 1].Is("to") && t_[i - 2].Is("back");  // "dates back to 1865"
    if (!back_to && IndexOf(kBefore, t_[i - 1].lower()) < 0) return std::nullopt;
    if (t_[i].lower().find_first_of(",.") != std::string_view::npos) return std::nullopt;
    if (In(i + 1) && t_[i + 1].kind == TokenKind::kWord && !t_[i + 1].Has(Token::kInitialCap)) {
      static constexpr std::array<std::string_view, 6> kAfter = {"and", "or", "to", "when",
                                                                 "until", "after"};
      if (IndexOf(kAfter, t_[i + 1].lower()) < 0) return std::nullopt;
    }
    if (In(i + 1) && t_[i + 1].glued() && t_[i + 1].kind != TokenKind::kPunctuation) {
      return std::nullopt;
    }
    return PeriodHit(i, i + 1, v1::GRAIN_YEAR, Year(absl::CivilYear(t_[i].num)), "");
  }

  // A year in words closing a date ("October two thousand and five", "6
  // April seventeen hundred thirty three"), followed by no lower-case noun.
  std::optional<std::pair<int, size_t>> TrailingYearWords(size_t k) const {
    auto y = YearInWordsAt(k);
    if (!y || y->first < 1000 || y->first > 2100) return std::nullopt;
    size_t end = y->second;
    if (In(end) && t_[end].kind == TokenKind::kWord && !t_[end].Has(Token::kInitialCap)) {
      static constexpr std::array<std::string_view, 7> kAfter = {"and", "or", "to", "when",
                                                                 "but", "was", "after"};
      if (IndexOf(kAfter, t_[end].lower()) < 0) return std::nullopt;
    }
    return y;
  }
  std::optional<Hit> MonthYearWords(size_t i) {
    int month = MonthAt(i, false);
    if (month == 0) return std::nullopt;
    auto y = TrailingYearWords(Word(i + 1, "of") ? i + 2 : i + 1);
    if (!y) return std::nullopt;
    return PeriodHit(i, y->second, v1::GRAIN_MONTH, Month(absl::CivilMonth(y->first, month)), "");
  }
  std::optional<Hit> DayMonthYearWords(size_t i) {
    std::optional<int> day = DayNumberAt(i);
    if (!day && In(i) && t_[i].kind == TokenKind::kWord) {
      // "fifteen August nineteen ninety three": a day in words, with a year.
      const int64_t v = NumberWordOf(t_[i]);
      if (v >= 1 && v <= 31) day = static_cast<int>(v);
    }
    if (!day) return std::nullopt;
    size_t j = Word(i + 1, "of") ? i + 2 : i + 1;
    int month = MonthAt(j, false);
    if (month == 0) return std::nullopt;
    auto y = TrailingYearWords(j + 1);
    if (!y) return std::nullopt;
    return MonthDay(i, y->second, month, *day, y->first);
  }

  // "next Christmas", "last Easter", "this Thanksgiving": the first one
  // after the reference day, the latest one before it, the reference
  // year's.
  std::optional<Hit> HolidayWithOffset(size_t i) {
    auto offset = OffsetOf(t_[i]);
    // "the following Easter": the next one (the span starts at "following").
    if (!offset && t_[i].Is("following") && i > 0 && t_[i - 1].Is("the")) offset = 1;
    if (!offset || t_[i].Is("past") || !In(i + 1)) return std::nullopt;
    std::optional<Hit> h = Holiday(i + 1);
    if (!h || h->relative.empty() || (In(h->end) && YearAt(h->end))) return std::nullopt;
    h->first = i;
    h->relative += ";year:" + Signed(*offset);
    if (h->range && *offset != 0) {
      absl::CivilDay d(h->range->begin);
      bool move = *offset > 0 ? d <= today_ : d >= today_;
      if (move) {
        // Re-resolve in the neighbouring year through the holiday's own rule.
        Scanner other(t_, title_case_,
                      absl::CivilSecond(today_.year() + *offset, today_.month(),
                                        std::min(today_.day(), 28)));
        other.limit_ = limit_;
        std::optional<Hit> again = other.Holiday(i + 1);
        if (!again || !again->range) return std::nullopt;
        h->range = again->range;
      }
    }
    return h;
  }

  // "the day after tomorrow", "the day before yesterday"; "the week/month/
  // year after next".
  std::optional<Hit> DayAfterNext(size_t i) {
    size_t j = Word(i, "the") ? i + 1 : i;
    if (!In(j + 2)) return std::nullopt;
    if (t_[j].Is("day")) {
      int offset = 0;
      if (t_[j + 1].Is("after") && t_[j + 2].Is("tomorrow")) offset = 2;
      if (t_[j + 1].Is("before") && t_[j + 2].Is("yesterday")) offset = -2;
      if (offset == 0) return std::nullopt;
      return DayHit(i, j + 3, Resolvable() ? std::optional(today_ + offset) : std::nullopt,
                    "day:" + Signed(offset));
    }
    bool weekend = t_[j].Is("weekend");
    Unit u = UnitOf(t_[j].lower());
    if ((u != Unit::kWeek && u != Unit::kMonth && u != Unit::kYear && !weekend) || j == i ||
        !t_[j + 1].Is("after")) {
      return std::nullopt;
    }
    size_t k = Word(j + 2, "the") ? j + 3 : j + 2;
    if (!Word(k, "next")) return std::nullopt;
    if (weekend) return WeekendHit(i, k + 1, 2, false);
    std::optional<Range> r;
    if (Resolvable()) r = PeriodAt(u, today_, 2);
    return PeriodHit(i, k + 1, GrainOf(u), r, std::string(UnitName(u)) + ":+2");
  }

  // A quarter with a relative year: "Q3 this year", "the third quarter of
  // last year".
  std::optional<Hit> QuarterOfRelativeYear(size_t i) {
    std::optional<Hit> q = QuarterOrFiscal(i);
    if (!q || q->relative.rfind("XXXX-Q", 0) != 0) return std::nullopt;
    size_t k = Word(q->end, "of") ? q->end + 1 : q->end;
    if (!In(k + 1) || !t_[k + 1].Is("year")) return std::nullopt;
    auto offset = OffsetOf(t_[k]);
    if (!offset || t_[k].Is("past")) return std::nullopt;
    int n = q->relative.back() - '0';
    q->end = k + 2;
    q->relative = "year:" + Signed(*offset) + ";quarter:" + std::to_string(n);
    if (Resolvable()) q->range = Quarter(static_cast<int>(today_.year()) + *offset, n);
    return q;
  }

  // "the following week", "the following Monday": +1, as "next"; the span
  // starts at "following" (Recognizers-Text). Without "the", "following"
  // is a preposition ("following Monday's vote").
  std::optional<Hit> FollowingPeriod(size_t i) {
    if (!Word(i, "the") || !Word(i + 1, "following") || !In(i + 2)) return std::nullopt;
    size_t k = i + 2;
    std::optional<Hit> h;
    if (int wd = WeekdayWordAt(k, false); wd >= 0) {
      if (Word(k + 1, "'s") || Word(k + 1, "\xe2\x80\x99s")) return std::nullopt;
      std::optional<absl::CivilDay> day;
      if (Resolvable()) day = WeekStart(today_) + 7 + wd;
      h = DayHit(i + 1, k + 1, day, "weekday:" + std::string(kWeekdays[wd]) + ";week:+1");
    } else {
      Unit u = UnitOf(t_[k].lower());
      if ((u != Unit::kWeek && u != Unit::kMonth && u != Unit::kYear && u != Unit::kQuarter) ||
          t_[k].lower().back() == 's') {
        return std::nullopt;
      }
      std::optional<Range> r;
      if (Resolvable()) r = PeriodAt(u, today_, 1);
      h = PeriodHit(i + 1, k + 1, GrainOf(u), r, std::string(UnitName(u)) + ":+1");
    }
    return h;
  }

  // ---- More holidays ----------------------------------------------------
  // US and UK holidays with fixed or rule-based dates, capitalized as
  // names: "Memorial Day", "Labor Day", "Good Friday", "Black Friday",
  // "Valentine's Day", "Independence Day", ... In the reference's year
  // unless a year follows, as Holiday's.
  static bool IsHolidayHead(std::string_view w) {
    static constexpr std::array<std::string_view, 20> kHeads = {
        "black",    "boxing", "columbus", "cyber",  "earth",  "father",     "good",
        "independence", "labor", "labour", "martin", "memorial", "mlk",    "mother",
        "president", "presidents", "st", "st.", "valentine", "veterans"};
    return IndexOf(kHeads, w) >= 0;
  }
  // The n-th (1-based; -1 the last) weekday `wd` (0 Monday) of a month.
  static absl::CivilDay NthWeekdayOfMonth(int64_t y, int m, int wd, int n) {
    if (n < 0) {
      absl::CivilDay last = LastDayOf(absl::CivilMonth(y, m));
      return last - (WeekdayIndex(last) - wd + 7) % 7;
    }
    absl::CivilDay first(y, m, 1);
    return first + (wd - WeekdayIndex(first) + 7) % 7 + 7 * (n - 1);
  }
  std::optional<Hit> MoreHolidays(size_t i) {
    if (!In(i)) return std::nullopt;
    // Lower-case names ("earth day") only with a written year after them.
    const bool capitalized = t_[i].Has(Token::kInitialCap) || t_[i].Has(Token::kAllCaps);
    auto is = [&](size_t k, std::string_view w) { return Word(k, w); };
    auto poss = [&](size_t k) {  // "'s", "’s", "'" (Presidents')
      return Word(k, "'s") || Word(k, "\xe2\x80\x99s") || Word(k, "'") ||
             Word(k, "\xe2\x80\x99");
    };
    std::string_view w = t_[i].lower();
    size_t end = 0;
    std::string_view name;
    // Fixed dates.
    int month = 0, day = 0;
    // Rules: n-th weekday of a month, or an offset from Easter/Thanksgiving.
    int rule_month = 0, rule_wd = 0, rule_n = 0, easter_offset = 0, thanks_offset = 0;
    bool easter_rule = false, thanks_rule = false;
    size_t k = i + 1;
    if (Eq(w, "valentine") && poss(k) && is(k + 1, "day")) {
      name = "valentines_day", month = 2, day = 14, end = k + 2;
    } else if ((Eq(w, "st.") || Eq(w, "st")) && is(k, "patrick") && poss(k + 1) &&
               is(k + 2, "day")) {
      name = "st_patricks_day", month = 3, day = 17, end = k + 3;
    } else if (Eq(w, "independence") && is(k, "day")) {
      name = "independence_day", month = 7, day = 4, end = k + 1;
    } else if (Eq(w, "veterans") && (is(k, "day") || (poss(k) && is(k + 1, "day")))) {
      name = "veterans_day", month = 11, day = 11, end = is(k, "day") ? k + 1 : k + 2;
    } else if (Eq(w, "boxing") && is(k, "day")) {
      name = "boxing_day", month = 12, day = 26, end = k + 1;
    } else if (Eq(w, "earth") && is(k, "day")) {
      name = "earth_day", month = 4, day = 22, end = k + 1;
    } else if ((Eq(w, "martin") && is(k, "luther") && is(k + 1, "king")) || Eq(w, "mlk")) {
      size_t j = Eq(w, "mlk") ? k : k + 2;
      if (Word(j, "jr.") || Word(j, "jr")) ++j;
      if (!is(j, "day")) return std::nullopt;
      name = "mlk_day", rule_month = 1, rule_wd = 0, rule_n = 3, end = j + 1;
    } else if ((Eq(w, "presidents") || Eq(w, "president")) &&
               (poss(k) ? is(k + 1, "day") : is(k, "day"))) {
      name = "presidents_day", rule_month = 2, rule_wd = 0, rule_n = 3;
      end = poss(k) ? k + 2 : k + 1;
    } else if (Eq(w, "memorial") && is(k, "day")) {
      name = "memorial_day", rule_month = 5, rule_wd = 0, rule_n = -1, end = k + 1;
    } else if ((Eq(w, "labor") || Eq(w, "labour")) && is(k, "day")) {
      // Labor Day (US) is the first Monday of September; "Labour Day" in
      // much of the world is May 1.
      if (Eq(w, "labor")) {
        name = "labor_day", rule_month = 9, rule_wd = 0, rule_n = 1;
      } else {
        name = "labour_day", month = 5, day = 1;
      }
      end = k + 1;
    } else if (Eq(w, "columbus") && is(k, "day")) {
      name = "columbus_day", rule_month = 10, rule_wd = 0, rule_n = 2, end = k + 1;
    } else if ((Eq(w, "mother") || Eq(w, "father")) && poss(k) && is(k + 1, "day")) {
      bool mother = Eq(w, "mother");
      name = mother ? "mothers_day" : "fathers_day";
      rule_month = mother ? 5 : 6, rule_wd = 6, rule_n = mother ? 2 : 3, end = k + 2;
    } else if (Eq(w, "good") && is(k, "friday")) {
      name = "good_friday", easter_rule = true, easter_offset = -2, end = k + 1;
    } else if (Eq(w, "easter") && is(k, "monday")) {
      name = "easter_monday", easter_rule = true, easter_offset = 1, end = k + 1;
    } else if (Eq(w, "black") && is(k, "friday")) {
      name = "black_friday", thanks_rule = true, thanks_offset = 1, end = k + 1;
    } else if (Eq(w, "cyber") && is(k, "monday")) {
      name = "cyber_monday", thanks_rule = true, thanks_offset = 4, end = k + 1;
    } else {
      return std::nullopt;
    }
    bool year = false;  // written
    const std::optional<int64_t> y = HolidayYear(&end, &year);
    if (!capitalized && !year) return std::nullopt;
    std::optional<absl::CivilDay> d;
    if (y) {
      if (easter_rule) {
        d = EasterSunday(*y) + easter_offset;
      } else if (thanks_rule) {
        d = NthWeekdayOfMonth(*y, 11, 3, 4) + thanks_offset;
      } else if (rule_month != 0) {
        d = NthWeekdayOfMonth(*y, rule_month, rule_wd, rule_n);
      } else {
        d = absl::CivilDay(*y, month, day);
      }
    }
    return DayHit(i, end, d, year ? "" : "holiday:" + std::string(name));
  }

  // Holiday weekends: "Thanksgiving weekend", "the Memorial Day weekend",
  // "Halloween weekend 2021", "the weekend of Halloween". The weekend is
  // Saturday-Sunday, stretched to a holiday on Thursday or Friday (to its
  // Sunday) or Monday (from the Saturday before).
  std::optional<Hit> HolidayWeekend(size_t i) {
    size_t first = i;
    size_t k = i;
    bool of_form = Word(i, "the") && Word(i + 1, "weekend") && Word(i + 2, "of");
    if (of_form) k = i + 3;
    auto holiday_at = [&](Scanner& sc, size_t at) {
      std::optional<Hit> h = sc.MoreHolidays(at);
      if (!h) h = sc.Holiday(at);
      return h;
    };
    std::optional<Hit> h = holiday_at(*this, k);
    if (!h || !h->is_day) return std::nullopt;
    size_t end = h->end;
    if (!of_form) {
      if (Word(end, "'s") || Word(end, "\xe2\x80\x99s")) ++end;
      if (!Word(end, "weekend")) return std::nullopt;
      ++end;
      if (first > 0 && t_[first - 1].Is("the")) --first;
    }
    std::string rel = h->relative.empty() ? "" : h->relative + ";weekend";
    std::optional<absl::CivilDay> day;
    if (h->range) day = absl::CivilDay(h->range->begin);
    // A year after "weekend" ("Halloween weekend 2021"): the holiday of that year.
    if (!of_form && h->relative.rfind("holiday:", 0) == 0) {
      std::optional<int> year;
      size_t e = OptionalYear(end, &year);
      if (year) {
        Scanner other(t_, title_case_, absl::CivilSecond(*year, 6, 1));
        other.limit_ = limit_;
        std::optional<Hit> again = holiday_at(other, k);
        if (!again || !again->range) return std::nullopt;
        day = absl::CivilDay(again->range->begin);
        rel.clear();
        end = e;
      }
    }
    std::optional<Range> r;
    if (day) {
      int wd = WeekdayIndex(*day);
      absl::CivilDay a, b;
      if (wd == 3 || wd == 4) {
        a = *day, b = *day + (6 - wd);  // Thursday/Friday to Sunday
      } else if (wd == 0) {
        a = *day - 2, b = *day;  // Saturday to a Monday holiday
      } else if (wd >= 5) {
        a = *day - (wd - 5), b = a + 1;  // the Saturday-Sunday holding it
      } else {
        a = *day + (5 - wd), b = a + 1;  // the weekend after
      }
      r = Days(a, b);
    }
    return PeriodHit(first, end, v1::GRAIN_WEEK, r, rel);
  }

  // "the 21st century", "the nineteenth century": years (N-1)00 to
  // (N-1)99, as Recognizers-Text has them; lower-case "century" only
  // ("21st Century Fox" is a name). The span starts at the ordinal.
  std::optional<Hit> Century(size_t i) {
    size_t end = i + 1;
    int n = 0;
    if (t_[i].Has(Token::kOrdinal) && t_[i].num >= 1 && t_[i].num <= 30) {
      n = static_cast<int>(t_[i].num);
    } else if (auto d = OrdinalDayWord(i, &end)) {
      n = *d;
    } else {
      return std::nullopt;
    }
    if (!In(end) || !t_[end].Is("century") || t_[end].Has(Token::kInitialCap)) {
      return std::nullopt;
    }
    int64_t y = 100 * static_cast<int64_t>(n - 1);
    Hit h = PeriodHit(i, end + 1, v1::GRAIN_DECADE,
                      Days(absl::CivilDay(y, 1, 1), absl::CivilDay(y + 99, 12, 31)), "");
    return h;
  }

  // "calendar year 2025", "calendar 2025": that year.
  std::optional<Hit> CalendarYear(size_t i) {
    if (!Word(i, "calendar")) return std::nullopt;
    size_t k = Word(i + 1, "year") ? i + 2 : i + 1;
    auto y = YearAt(k);
    if (!y) return std::nullopt;
    return PeriodHit(i, k + 1, v1::GRAIN_YEAR, Year(absl::CivilYear(*y)), "");
  }

  // A short year closing a day or month: "15 April of 87", "May '98",
  // "April 3, '99" (50-99 are 19xx, 00-49 20xx), not before a noun.
  std::optional<int> ShortYearAt(size_t k, size_t* end) const {
    bool apostrophe = Word(k, "'") || Word(k, "\xe2\x80\x99");
    size_t at = apostrophe ? k + 1 : k;
    if (!In(at) || t_[at].digits != 2 || t_[at].Has(Token::kOrdinal)) return std::nullopt;
    if (apostrophe && !t_[at].glued()) return std::nullopt;
    if (In(at + 1) && t_[at + 1].kind == TokenKind::kWord && !t_[at + 1].Has(Token::kInitialCap)) {
      static constexpr std::array<std::string_view, 16> kAfter = {
          "and", "or",   "to",   "when", "in",    "at",    "on",    "by",
          "for", "with", "from", "as",   "after", "before", "while", "but"};
      if (IndexOf(kAfter, t_[at + 1].lower()) < 0) return std::nullopt;  // "of 87 patients"
    }
    *end = at + 1;
    int yy = static_cast<int>(t_[at].num);
    return (yy < 50 ? 2000 : 1900) + yy;
  }
  std::optional<Hit> DateWithShortYear(size_t i) {
    size_t j = i;
    std::optional<int> day = DayNumberAt(i);
    if (day) j = Word(i + 1, "of") ? i + 2 : i + 1;
    int month = MonthAt(j, false);
    if (month == 0) return std::nullopt;
    size_t k = j + 1;
    if (!day) {
      if (auto d = DayNumberAt(k)) {  // "April 3, '99"
        day = d;
        ++k;
      }
    }
    if (Word(k, ",")) ++k;
    bool of = Word(k, "of");
    if (of) ++k;
    // Without "of" only the apostrophe form: "May 98" is not a year.
    if (!of && !(Word(k, "'") || Word(k, "\xe2\x80\x99"))) return std::nullopt;
    size_t end = 0;
    auto y = ShortYearAt(k, &end);
    if (!y) return std::nullopt;
    if (day) return MonthDay(i, end, month, *day, *y);
    return PeriodHit(i, end, v1::GRAIN_MONTH, Month(absl::CivilMonth(*y, month)), "");
  }

  // Decades after "the", the article joining the span (Recognizers-Text):
  // "the 1970s", "the 1970's", "the 70s", "the '70s", "the seventies". A
  // two-digit decade is the latest one not after the reference's ("the 20s"
  // in 2026 is the 2020s, "the 70s" the 1970s; 19xx without a reference).
  std::optional<Hit> TheDecade(size_t i) {
    if (!Word(i, "the") || !In(i + 1)) return std::nullopt;
    size_t k = i + 1;
    int64_t start = -1;
    size_t end = 0;
    static constexpr std::array<std::string_view, 8> kWords = {
        "twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"};
    if (int w = IndexOf(kWords, t_[k].lower()); w >= 0) {
      start = 1920 + 10 * w;
      end = k + 1;
    } else {
      bool apostrophe = Word(k, "'") || Word(k, "\xe2\x80\x99");
      if (apostrophe) ++k;
      if (!In(k) || (apostrophe && !t_[k].glued()) || t_[k].Has(Token::kOrdinal)) {
        return std::nullopt;
      }
      // The plural: "s", "'s" or "'" "s", glued.
      size_t p = k + 1;
      if (In(p) && t_[p].glued() && (t_[p].Is("s") || t_[p].Is("'s"))) {
        end = p + 1;
      } else if (In(p + 1) && t_[p].glued() && (t_[p].Is("'") || t_[p].Is("\xe2\x80\x99")) &&
                 t_[p + 1].glued() && t_[p + 1].Is("s")) {
        end = p + 2;
      } else {
        return std::nullopt;
      }
      if (t_[k].digits == 4 && !apostrophe) {
        auto y = YearAt(k);
        if (!y || *y % 10 != 0) return std::nullopt;
        start = *y;
      } else if (t_[k].digits == 2 && t_[k].num % 10 == 0) {
        int64_t ref_year = Resolvable() ? today_.year() : 1999;
        start = 2000 + t_[k].num;
        if (start > ref_year) start -= 100;
      } else {
        return std::nullopt;
      }
    }
    return PeriodHit(i, end, v1::GRAIN_DECADE,
                     Days(absl::CivilDay(start, 1, 1), absl::CivilDay(start + 9, 12, 31)), "");
  }

  // "now" as the start of a range of days ("between now and May 21").
  std::optional<Hit> NowAsStart(size_t i) {
    if (!Word(i, "now") && !(Word(i, "date") && i > 0 && t_[i - 1].Is("to"))) return std::nullopt;
    return DayHit(i, i + 1, Resolvable() ? std::optional(today_) : std::nullopt, "day:0");
  }

  // A two-sided range from a to b (both resolved or both not): from a's
  // start to b's first day or instant, a day-grained b included whole.
  std::optional<Hit> JoinRange(size_t first, const Hit& a, const Hit& b) {
    if (a.range.has_value() != b.range.has_value()) return std::nullopt;
    Hit h{first, b.end};
    h.grain = a.grain;
    h.two_sided = true;
    if (!a.relative.empty() || !b.relative.empty()) {
      h.relative = "range:" + a.relative + ".." + b.relative;
    }
    if (a.range) {
      Range r{a.range->begin, b.range->begin, false};
      if (b.grain == v1::GRAIN_DAY) r.last = b.range->last;
      if (r.last < r.begin) return std::nullopt;
      h.range = r;
    }
    return h;
  }

  // ---- Clock times, parts of the day and clock ranges -----------------------
  // (time, timerange, datetime and datetimerange expressions)

  // The holiday reported right before token i ("Christmas [at 8:00]"), if any.
  const Hit* HolidayBefore(size_t i) const {
    if (!last_ || !last_->holiday) return nullptr;
    size_t k = last_->end;
    if (Word(k, ",")) ++k;
    return k == i ? &*last_ : nullptr;
  }

  // US zones in words at k: "Eastern time", "Pacific Daylight Time",
  // "Central Standard Time", "Mountain timezone" (the generic ones follow US
  // daylight time, like "ET"). Sets the zone of `*c`; returns the end token
  // or 0.
  size_t SpelledZoneAt(size_t k, absl::CivilDay day, Clock* c) const {
    if (!In(k) || t_[k].kind != TokenKind::kWord || t_[k].len < 7 || t_[k].len > 8) return 0;
    char letter;
    if (t_[k].Is("eastern")) letter = 'e';
    else if (t_[k].Is("central")) letter = 'c';
    else if (t_[k].Is("mountain")) letter = 'm';
    else if (t_[k].Is("pacific")) letter = 'p';
    else return 0;
    size_t j = k + 1;
    std::string zone(1, letter);
    if (Word(j, "standard") || Word(j, "daylight")) {
      zone += t_[j].low[0] == 's' ? 's' : 'd';
      ++j;
    }
    zone += 't';
    if (!Word(j, "time") && !Word(j, "timezone")) return 0;
    if (!ZoneOffset(zone, day, &c->zone_minutes)) return 0;
    c->zone = zone;
    return j + 1;
  }

  // "a.m."/"am"/"a.m", "p.m."/"pm"/"p.m" at k, or "9.am" (a glued period
  // and "am"); with `letter_ok` also a single glued "a"/"p" ("8:45a", "9p").
  // 1 for a.m., 2 for p.m., 0 for none; `*end` is the token after it.
  int MeridiemAt(size_t k, bool letter_ok, size_t* end) const {
    if (!In(k) || t_[k].len > 4) return 0;
    char first = t_[k].low[0];
    if (first != 'a' && first != 'p' && first != '.') return 0;
    auto kind = [](std::string_view m) {
      if (m == "a.m." || m == "am" || m == "a.m") return 1;
      if (m == "p.m." || m == "pm" || m == "p.m") return 2;
      return 0;
    };
    std::string_view m = t_[k].lower();
    if (int r = kind(m)) {
      *end = k + 1;
      return r;
    }
    if (!t_[k].glued()) return 0;
    if (letter_ok && (m == "a" || m == "p")) {
      *end = k + 1;
      return m == "a" ? 1 : 2;
    }
    if (m == "." && In(k + 1) && t_[k + 1].glued() && (t_[k + 1].Is("am") || t_[k + 1].Is("pm"))) {
      *end = k + 2;
      return t_[k + 1].Is("am") ? 1 : 2;
    }
    return 0;
  }
  // The end of "o'clock" ("oclock", "o’clock", "o clock") at k, or 0.
  size_t OClockEnd(size_t k) const {
    if (Word(k, "o'clock") || Word(k, "oclock") || Word(k, "o\xe2\x80\x99" "clock")) return k + 1;
    if (Word(k, "o") && Word(k + 1, "clock")) return k + 2;
    return 0;
  }
  bool OClockAt(size_t k) const { return OClockEnd(k) != 0; }
  // An hour 1-12 written as a word ("seven") or digits, or -1.
  int HourAt(size_t k) const {
    if (!In(k)) return -1;
    if (t_[k].kind == TokenKind::kNumber) {
      if (t_[k].Has(Token::kOrdinal) || t_[k].num < 1 || t_[k].num > 12) return -1;
      return static_cast<int>(t_[k].num);
    }
    int64_t n = NumberWordOf(t_[k]);
    return n >= 1 && n <= 12 ? static_cast<int>(n) : -1;
  }
  // Minutes 1-59 as digits or a number word ("twenty", "twenty-five"), or -1.
  int MinutesAt(size_t k) const {
    if (!In(k)) return -1;
    int64_t n = t_[k].kind == TokenKind::kNumber
                    ? (t_[k].Has(Token::kOrdinal) ? -1 : t_[k].num)
                    : NumberWordOf(t_[k]);
    return n >= 1 && n <= 59 ? static_cast<int>(n) : -1;
  }

  // A cheap filter for SpelledClock: "half", "quarter" or a number word,
  // told by (first letter, second letter, length) before any compare ("a
  // quarter" is checked by the callers).
  static bool MayStartSpelledClock(const Tk& t) {
    if (t.kind != TokenKind::kWord || t.len < 2) return false;
    char a = t.low[0], b = t.low[1];
    if (a < 'a' || a > 'z' || b < 'a' || b > 'z') return false;
    if ((kSpelledClockShapes[(a - 'a') * 26 + (b - 'a')] >> t.len & 1) == 0) return false;
    return t.Is("half") || t.Is("quarter") || NumberWordOf(t) >= 0;
  }

  // Whether a clock time may start at `t`: a number, "noon", "midday",
  // "midnight" or a spelled time.
  // Numbers and all of MayStartClockWord's words have kStartClockWithDay:
  // most tokens end here, inline.
  [[gnu::always_inline]] bool MayStartClock(size_t i) const {
    return (t_[i].cls & kStartClockWithDay) != 0 && MayStartClockWord(i);
  }
  bool MayStartClockWord(size_t i) const {
    const Tk& t = t_[i];
    if (t.kind == TokenKind::kNumber) return true;
    if (t.kind != TokenKind::kWord || t.len < 2) {
      return t.len == 1 && t.low[0] == 'a' && Word(i + 1, "quarter");
    }
    char a = t.low[0], b = t.low[1];
    if (a < 'a' || a > 'z' || b < 'a' || b > 'z') return false;
    if ((kSpelledClockShapes[(a - 'a') * 26 + (b - 'a')] >> t.len & 1) == 0) return false;
    return t.Is("noon") || t.Is("midday") || t.Is("midnight") || t.Is("half") ||
           t.Is("quarter") || NumberWordOf(t) >= 0;
  }

  // Spelled clock times: "half past seven", "(a) quarter past/to nine",
  // "twenty past eight", "20 min past eight", "ten minutes to six", "seven
  // o'clock" (explicit); "seven thirty", "seven twenty-seven", "seven"
  // (weak). Fills hour, minute, end and need of `*c`.
  bool SpelledClock(size_t i, Clock* c) const {
    size_t j = Word(i, "a") && Word(i + 1, "quarter") ? i + 1 : i;
    int minutes = -1;
    size_t k = j + 1;
    bool unit = false;
    if (Word(j, "half")) {
      minutes = 30;
    } else if (Word(j, "quarter")) {
      minutes = 15;
    } else if ((minutes = MinutesAt(j)) > 0) {
      if (In(k) && UnitOf(t_[k].lower()) == Unit::kMinute) {
        unit = true;
        ++k;
      }
    }
    if (minutes > 0 && In(k)) {
      // "past"/"after" the hour, or "to"/"before" it; "twenty to nine" is
      // too close to a range ("five to seven") without "minutes".
      bool past = t_[k].Is("past") || (unit && t_[k].Is("after"));
      bool to = (t_[k].Is("to") || t_[k].Is("before")) && (unit || minutes == 15);
      if (Word(j, "half") && !past) return false;
      int hour = HourAt(k + 1);
      if ((past || to) && hour > 0) {
        c->hour = to ? hour - 1 : hour;
        c->minute = to ? 60 - minutes : minutes;
        if (c->hour == 0 && to) c->hour = 12;
        c->end = k + 2;
        if (size_t e = OClockEnd(c->end)) c->end = e;
        c->need = ClockCtx::kExplicit;
        return true;
      }
    }
    if (t_[i].kind != TokenKind::kWord) return false;
    int hour = HourAt(i);
    if (hour < 0) return false;
    c->hour = hour;
    c->end = i + 1;
    if (size_t e = OClockEnd(i + 1)) {
      c->end = e;
      c->need = ClockCtx::kExplicit;
      return true;
    }
    // "seven thirty", "seven twenty-seven", "eight fifteen", "nine oh five".
    if (Word(i + 1, "oh") && In(i + 2)) {
      int64_t m = NumberWordOf(t_[i + 2]);
      if (m >= 1 && m <= 9) {
        c->minute = static_cast<int>(m);
        c->end = i + 3;
      }
    } else if (In(i + 1) && t_[i + 1].kind == TokenKind::kWord) {
      int64_t m = NumberWordOf(t_[i + 1]);
      if (m >= 10 && m <= 59) {
        c->minute = static_cast<int>(m);
        c->end = i + 2;
        // "seven thirty five".
        if (m % 10 == 0 && m >= 20 && In(i + 2) && t_[i + 2].kind == TokenKind::kWord) {
          int64_t unit = NumberWordOf(t_[i + 2]);
          if (unit >= 1 && unit <= 9) {
            c->minute += static_cast<int>(unit);
            c->end = i + 3;
          }
        }
      }
    }
    c->need = ClockCtx::kWeak;
    return true;
  }

  // Moves an hour written without a.m./p.m. into part `p` of the day: "7 in
  // the evening" is 19:00, "12 at night" midnight.
  static void ApplyPart(const DayPart& p, Clock* c) {
    if (c->meridiem || c->hour < 1 || c->hour > 12) return;
    // The reading inside the part, else the nearer half of the day ("1 at
    // night" is 01:00).
    int am = c->hour % 12, pm = am + 12;
    if (pm >= p.from && pm <= p.to) {
      c->hour = pm;
    } else if (am >= p.from && am <= p.to) {
      c->hour = am;
    } else {
      c->hour = p.from >= 12 && !(p.from >= 20 && am < 6) ? pm : am;
    }
    c->meridiem = true;
  }

  // Whether a bare hour ("at 7") may end before token k: the end, a
  // punctuation mark, a capitalized word, or a word that does not make the
  // number a count ("at 7 percent", "at 7 locations").
  bool ClockMayEndBefore(size_t k) const {
    if (!In(k)) return true;
    const Tk& t = t_[k];
    if (t.kind == TokenKind::kPunctuation) return true;
    if (t.kind != TokenKind::kWord) return false;
    if (t.Has(Token::kInitialCap) && !t.Has(Token::kSentenceStart)) return true;
    static constexpr std::string_view kFollowers[] = {
        "-",        "after",   "and",   "at",    "before", "for",     "in",       "last",
        "next",     "on",      "or",    "sharp", "that",   "the",     "then",     "this",
        "through",  "till",    "to",    "today", "tomorrow", "tonight", "until", "when",
        "where",    "with",    "yesterday"};
    std::string_view w = t.lower();
    for (std::string_view f : kFollowers) {
      if (f == w) return true;
    }
    return IndexOf(kWeekdays, w) >= 0 || IndexOf(kMonths, w) >= 0;
  }

  // A part of the day on the reference day, with "early"/"late": "early
  // morning", "late afternoon", "later in the afternoon", "early in the
  // morning", "in the late evening", "in the mornings", "at night",
  // "lunchtime", "at lunchtime", "before lunch".
  std::optional<Hit> PartOfDay(size_t i) {
    if (!In(i)) return std::nullopt;
    const Tk& t = t_[i];
    switch (t.low[0]) {  // early, late(r), earlier, in, at, lunch(time), dinner(time), mid-
      case 'e': case 'l': case 'd': break;
      case 'i': case 'a':
        // "in the ...", "in morning", "at night", "at lunch".
        if (t.len != 2 || !In(i + 1) || t_[i + 1].kind != TokenKind::kWord) return std::nullopt;
        break;
      case 'm':
        if (t.len < 6) return std::nullopt;
        break;
      default: return std::nullopt;
    }
    size_t j = i;
    std::string_view part_name;
    std::optional<Part> mod;
    bool in_the = false;
    if (Word(j, "early") || Word(j, "late") || Word(j, "earlier") || Word(j, "later")) {
      mod = PartWord(t_[j].lower(), &part_name);
      ++j;
      if (t_[i].len <= 5) {
        // "late Thursday night", "early yesterday morning": that part's half.
        std::optional<Hit> d = DayWord(j);
        if (!d || d->part == nullptr) d = Weekday(j);
        if (d && d->part != nullptr && d->first == j) {
          Hit h = *d;
          h.first = i;
          if (!h.relative.empty()) h.relative += ";mod:" + std::string(part_name);
          if (h.range) h.range = DayPartRange(absl::CivilDay(h.range->begin), *h.part, *mod);
          return h;
        }
      }
      in_the = Word(j, "in") && Word(j + 1, "the");
      // "later in the day" is no part; "later morning" is no English.
      if ((t_[i].Is("earlier") || t_[i].Is("later")) && !in_the) return std::nullopt;
      if (in_the) j += 2;
    } else if (Word(j, "in") && Word(j + 1, "the")) {
      j += 2;
      in_the = true;
      if (Word(j, "early") || Word(j, "late")) {
        mod = PartWord(t_[j].lower(), &part_name);
        ++j;
      }
    } else if (Word(j, "at") && (Word(j + 1, "night") || Word(j + 1, "lunchtime") ||
                                 Word(j + 1, "lunch") || Word(j + 1, "dinnertime") ||
                                 Word(j + 1, "dinner"))) {
      ++j;
    } else if (Word(j, "in") && (Word(j + 1, "morning") || Word(j + 1, "afternoon") ||
                                 Word(j + 1, "evening"))) {
      ++j;  // "in morning trading"
    }
    if (!In(j)) return std::nullopt;
    std::string_view w = t_[j].lower();
    // "morning", "mornings" (after "in the"), "early-morning", "midafternoon".
    std::optional<Part> token_mod;
    std::string_view token_mod_name;
    const DayPart* p = PartToken(j, in_the, &token_mod, &token_mod_name);
    if (token_mod) {
      mod = token_mod;
      part_name = token_mod_name;
    }
    if (p == nullptr && (w == "lunch" || w == "dinner") &&
        (j > i || (i > 0 && (t_[i - 1].Is("before") || t_[i - 1].Is("after") ||
                             t_[i - 1].Is("until") || t_[i - 1].Is("by"))))) {
      p = DayPartOf(w == "lunch" ? "lunchtime" : "dinnertime");  // "after lunch"
    }
    if (p == nullptr) return std::nullopt;
    // "at night" alone; "in the night" is rare and left alone as before.
    if (in_the && !mod && p->word == "night") return std::nullopt;
    if (j == i && !MealTime(*p) && !token_mod) return std::nullopt;  // a bare "morning"
    // "early morning", "late-night", "midafternoon" without "in the" are
    // also adjectives ("an early morning raid", "a late-night host"): only
    // after a preposition or a holiday, or not before a lower-case word.
    if (!in_the && mod && (t_[i].Is("early") || t_[i].Is("late") || j == i) &&
        !AdverbialPart(i, j + 1)) {
      return std::nullopt;
    }
    Hit h = DayPartHit(i, j + 1, 0, *p);
    if (mod) {
      h.relative += ";mod:" + std::string(part_name);
      if (Resolvable()) h.range = DayPartRange(today_, *p, *mod);
    }
    if (const Hit* holiday = HolidayBefore(i)) {
      // "Christmas early morning": that part of the holiday.
      h.relative = holiday->relative.empty()
                       ? ""
                       : holiday->relative + ";part:" + std::string(p->word) +
                             (mod ? ";mod:" + std::string(part_name) : "");
      h.range.reset();
      if (holiday->range) {
        h.range = DayPartRange(absl::CivilDay(holiday->range->begin), *p, mod.value_or(Part::kWhole));
      }
    }
    // "in the afternoon, this Friday", "in the late night on Tuesday": the
    // part of that day. (Meal times stand alone, as in Recognizers-Text:
    // "at lunchtime today" is two expressions.)
    const DayPart* day_part = nullptr;
    std::optional<Hit> day;
    if (!MealTime(*p)) day = TrailingDay(j + 1, &day_part);
    if (day && day_part == nullptr && !Word(j + 1, "of")) {
      h.end = day->end;
      h.relative = day->relative.empty()
                       ? ""
                       : day->relative + ";part:" + std::string(p->word) +
                             (mod ? ";mod:" + std::string(part_name) : "");
      h.range.reset();
      if (day->range) {
        h.range = DayPartRange(absl::CivilDay(day->range->begin), *p, mod.value_or(Part::kWhole));
      }
    }
    return h;
  }

  // Whether a part of the day written [first, end) without "in the" is used
  // as a time, not as an adjective (see PartOfDay).
  bool AdverbialPart(size_t first, size_t end) const {
    if (first > 0) {
      const Tk& before = t_[first - 1];
      static constexpr std::string_view kPrepositions[] = {
          "in", "at", "by", "until", "till", "after", "before", "since", "around", "from",
          "during", "on", "through", "to"};
      for (std::string_view w : kPrepositions) {
        if (before.Is(w)) return true;
      }
    }
    if (HolidayBefore(first) != nullptr) return true;
    if (!In(end)) return true;
    const Tk& next = t_[end];
    if (next.kind != TokenKind::kWord || next.Has(Token::kInitialCap)) return true;
    // A preposition or conjunction after it: "late afternoon across the state".
    static constexpr std::string_view kAfter[] = {
        "at", "on", "of", "in", "across", "near", "along", "outside", "inside", "after", "before",
        "when", "as", "and", "or", "with", "for", "from", "to", "into", "around", "while", "over"};
    for (std::string_view w : kAfter) {
      if (next.Is(w)) return true;
    }
    return false;
  }

  // One token naming a part of the day: "morning", "mornings" (when
  // `plural_ok`), or with "early-", "late-", "mid-" or "mid" joined to it
  // ("early-evening", "late-night", "mid-morning", "midafternoon"), which
  // sets `*mod` and `*mod_name`.
  const DayPart* PartToken(size_t j, bool plural_ok, std::optional<Part>* mod,
                           std::string_view* mod_name) const {
    if (!In(j)) return nullptr;
    std::string_view w = t_[j].lower();
    if (const DayPart* p = DayPartOf(w)) return p;
    if (w.size() < 5) return nullptr;
    std::optional<Part> prefix;
    std::string_view name;
    if (w.substr(0, 6) == "early-") {
      prefix = Part::kEarly;
      name = "early";
      w.remove_prefix(6);
    } else if (w.substr(0, 5) == "late-") {
      prefix = Part::kLate;
      name = "late";
      w.remove_prefix(5);
    } else if (w.substr(0, 3) == "mid") {
      prefix = Part::kMid;
      name = "mid";
      w.remove_prefix(w[3] == '-' ? 4 : 3);
      if (w == "night") return nullptr;  // "midnight" is a clock time
    }
    if (plural_ok && w.size() > 1 && w.back() == 's') w.remove_suffix(1);
    const DayPart* p = DayPartOf(w);
    if (p == nullptr || (MealTime(*p) && prefix)) return nullptr;
    if (prefix) {
      *mod = prefix;
      *mod_name = name;
    }
    return p;
  }

  // Two clock times joined by "to", "until", "till", "through", "-", "–"
  // (or "and" after "between"): "5 to 6pm", "3-8pm", "2:00 - 2:30 pm",
  // "3 in the morning until 5pm", "11:30 am to 12:30". An end without
  // a.m./p.m. takes the other's: "5 to 6pm" is 17:00-18:00, "11 to 1pm"
  // 11:00-13:00, "10am to 2" 10:00-14:00. One end must be explicit ("6pm",
  // "seven in the morning"), or both written with a colon, or, when
  // `framed` ("from", "between", a day before), one of them.
  // "to", "-", "and", "until", "till", "through", "–", told mostly by length.
  static bool MayConnect(const Tk& t) {
    switch (t.len) {
      case 1: return t.low[0] == '-';
      case 2: return t.low[0] == 't' && t.low[1] == 'o';
      case 3: return t.Is("and") || t.Is("til") || t.Is("\xe2\x80\x93");
      case 4: return t.Is("till");
      case 5: return t.Is("until");
      case 7: return t.Is("through");
      default: return false;
    }
  }
  struct ClockPair {
    Clock a;
    Clock b;
    size_t end;
  };
  // With `weak_ok` two bare hours will do ("5 to 7", for a caller that has
  // a day next to them).
  // With `weak_only` given, *weak_only tells whether the pair found needed
  // `weak_ok` (without it the result would have been none): one call
  // instead of a strict one and, when that fails, a weak one.
  std::optional<ClockPair> ClockPairAt(size_t j, bool between, bool framed, absl::CivilDay day,
                                       bool weak_ok = false, bool* weak_only = nullptr) const {
    if (weak_only != nullptr) *weak_only = false;
    if (auto glued = GluedClockPairAt(j, day)) return glued;
    // Most numbers have no connector within reach: skip them before parsing.
    // (A clock's own tokens are short - "pm", "a.m.", "ET", "in", "the" - or
    // a part of the day or a number word.)
    bool connector_ahead = false;
    for (size_t k = j + 1; k < j + 8 && In(k); ++k) {
      const Tk& t = t_[k];
      if (MayConnect(t)) {
        connector_ahead = true;
        break;
      }
      if (t.len > 4 && !OClockAt(k) && DayPartOf(t.lower()) == nullptr &&
          !MayStartSpelledClock(t)) {
        break;
      }
    }
    if (!connector_ahead) return std::nullopt;
    auto a = ClockAt(j, ClockCtx::kWeak, day, /*check_end=*/false);
    if (!a || !In(a->end)) return std::nullopt;
    std::string_view conn = t_[a->end].lower();
    bool connector = conn == "to" || conn == "until" || conn == "till" || conn == "til" ||
                     conn == "through" || conn == "-" || conn == "\xe2\x80\x93" ||
                     (between && conn == "and");
    if (!connector) return std::nullopt;
    auto b = ClockAt(a->end + 1, ClockCtx::kWeak, day);
    if (!b) return std::nullopt;
    bool explicit_end = a->need == ClockCtx::kExplicit || b->need == ClockCtx::kExplicit ||
                        b->part_written;
    bool colons = a->need == ClockCtx::kColon && b->need == ClockCtx::kColon;
    bool one_colon = a->need == ClockCtx::kColon || b->need == ClockCtx::kColon;
    if (!explicit_end && !colons && !(framed && one_colon)) {
      if (!(weak_ok && !a->military && !b->military && !a->dotted && !b->dotted)) {
        return std::nullopt;
      }
      if (weak_only != nullptr) *weak_only = true;
    }
    if (a->zone.empty() && !b->zone.empty()) {  // "9 to 11:30 a.m. ET"
      a->zone = b->zone;
      a->zone_minutes = b->zone_minutes;
    }
    auto minutes = [](int h, const Clock& c) { return h * 60 + c.minute; };
    if (!a->meridiem && b->meridiem && a->hour >= 1 && a->hour <= 12) {
      // "5 to 6pm": the afternoon reading if it comes before the end.
      int pm = a->hour % 12 + 12, am = a->hour % 12;
      a->hour = b->hour >= 12 && minutes(pm, *a) <= minutes(b->hour, *b) ? pm : am;
      a->meridiem = true;
    } else if (a->meridiem && !b->meridiem && b->hour >= 1 && b->hour <= 12) {
      // "10am to 2": the first reading after the start.
      int am = b->hour % 12, pm = am + 12;
      b->hour = minutes(am, *b) > minutes(a->hour, *a)   ? am
                : minutes(pm, *b) > minutes(a->hour, *a) ? pm
                                                           : am;
      b->meridiem = true;
    } else if (!a->meridiem && !b->meridiem && b->hour < a->hour && b->hour + 12 > a->hour &&
               b->hour < 12) {
      b->hour += 12;  // "11:00 to 1:00"
    }
    NoonNotMidnight(*a, &*b);
    return ClockPair{*a, *b, b->end};
  }

  // "10am-12am" ends at noon: after a morning start, "12 a.m." is the
  // common slip for 12 p.m.
  static void NoonNotMidnight(const Clock& a, Clock* b) {
    if (b->hour == 0 && b->minute == 0 && b->meridiem && a.hour >= 1 && a.hour < 12) b->hour = 12;
  }

  // "10am-12pm", "3pm-5:30pm", "4:30pm-6pm", "10.30am-11am": the
  // tokenizer keeps "am-12pm" as one word glued to the first number.
  std::optional<ClockPair> GluedClockPairAt(size_t j, absl::CivilDay day) const {
    if (!In(j + 1) || t_[j].kind != TokenKind::kNumber || t_[j + 1].kind != TokenKind::kWord ||
        !t_[j + 1].glued()) {
      return std::nullopt;
    }
    std::string_view w = t_[j + 1].lower();
    if (w.size() < 4 || (w[0] != 'a' && w[0] != 'p') || w[1] != 'm' || w[2] != '-') {
      return std::nullopt;
    }
    auto a = ClockAt(j, ClockCtx::kWeak, day, /*check_end=*/false);
    if (!a || a->end != j + 1 || a->meridiem || a->hour < 1 || a->hour > 12) return std::nullopt;
    a->hour = a->hour % 12 + (w[0] == 'p' ? 12 : 0);
    a->meridiem = true;
    a->need = ClockCtx::kExplicit;
    std::string_view rest = w.substr(3);
    size_t n = 0;
    while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') ++n;
    int hour = n >= 1 && n <= 2 ? ParseDigits(rest.substr(0, n)) : -1;
    if (hour < 1 || hour > 12) return std::nullopt;
    std::string_view suffix = rest.substr(n);
    int mer = suffix == "am" ? 1 : suffix == "pm" ? 2 : 0;
    if (!suffix.empty() && mer == 0) return std::nullopt;
    Clock b{j + 2, hour, 0, 0, ""};
    b.need = ClockCtx::kExplicit;
    if (suffix.empty() && In(j + 3) && t_[j + 2].Is(":") && t_[j + 2].glued() &&
        t_[j + 3].glued() && t_[j + 3].digits == 2 && t_[j + 3].num <= 59) {
      b.minute = static_cast<int>(t_[j + 3].num);  // "pm-5" ":" "30"
      b.end = j + 4;
    }
    if (mer == 0) {
      size_t end = 0;
      mer = MeridiemAt(b.end, true, &end);
      if (mer != 0) b.end = end;
    }
    if (mer != 0) {
      b.hour = hour % 12 + (mer == 2 ? 12 : 0);
    } else {
      // "10am-2": the first reading after the start.
      b.hour = hour % 12 + (hour % 12 * 60 + b.minute > a->hour * 60 + a->minute ? 0 : 12);
    }
    b.meridiem = true;
    if (In(b.end) && t_[b.end].Has(Token::kAllCaps) &&
        ZoneOffset(t_[b.end].lower(), day, &b.zone_minutes)) {
      b.zone = std::string(t_[b.end].lower());
      a->zone = b.zone;
      a->zone_minutes = b.zone_minutes;
      ++b.end;
    }
    NoonNotMidnight(*a, &b);
    return ClockPair{*a, b, b.end};
  }

  // A clock range on day `day` (the reference day when null), as one TIME
  // figure from the first instant to the second (inclusive; over midnight
  // when the second is earlier).
  Hit ClockRangeHit(size_t first, size_t end, const Hit* day, ClockPair p) {
    Hit h{first, end};
    h.kind = v1::FIGURE_KIND_TIME;
    h.grain = p.a.minute != 0 || p.b.minute != 0 ? v1::GRAIN_MINUTE : v1::GRAIN_HOUR;
    std::string clocks = ClockRelative(p.a) + ".." + ClockRelative(p.b);
    if (day == nullptr) {
      h.relative = "range:" + clocks;
    } else if (!day->relative.empty()) {
      h.relative = "range:" + day->relative + ";" + clocks;
    }
    bool resolved = day == nullptr ? Resolvable() : day->range.has_value();
    if (resolved) {
      absl::CivilDay d = day == nullptr ? today_ : absl::CivilDay(day->range->begin);
      absl::CivilSecond begin = ClockOn(d, p.a), last = ClockOn(d, p.b);
      if (last < begin) last += 86400;
      h.range = Range{begin, last, true};
    }
    return h;
  }

  // "[from|between] 5 to 6pm [on Monday|tomorrow|of April 22]", "3:00 to
  // 4:00 tomorrow", "3-8pm yesterday afternoon".
  std::optional<Hit> ClockRange(size_t i) {
    if (!In(i + 1)) return std::nullopt;
    const Tk& t = t_[i];
    bool between = false, framed = false, at = false;
    if (t.kind == TokenKind::kWord) {
      switch (t.len) {
        case 2: at = t.Is("at"); break;  // "at 2:00 - 2:30 pm": the span starts at 2:00
        case 4: framed = t.Is("from"); break;
        case 7: between = framed = t.Is("between"); break;
        default: break;
      }
    } else if (t.kind != TokenKind::kNumber) {
      return std::nullopt;
    }
    size_t j = framed || at ? i + 1 : i;
    if (!MayStartClock(j)) return std::nullopt;
    size_t first = at ? i + 1 : i;
    // Two bare hours (`weak`) only right before a day: "from 5 to 7
    // today", "2 to 4 this afternoon" (without "from"/"between" only
    // before a part of the day: "rose 5 to 7 today" is a count).
    bool weak = false;
    auto p = ClockPairAt(j, between, framed, today_, /*weak_ok=*/true, &weak);
    if (!p) return std::nullopt;
    const DayPart* part = nullptr;
    std::optional<Hit> day = TrailingDay(p->end, &part);
    if (weak && !(day && RelativeDay(*day) && !Word(p->end, ",") && (framed || part != nullptr))) {
      return std::nullopt;
    }
    // "John 3:16-3:18" after a name is a reference, not two times.
    if (!framed && !at && !day && p->a.need == ClockCtx::kColon &&
        p->b.need == ClockCtx::kColon && i > 0 && t_[i - 1].Has(Token::kInitialCap) &&
        !t_[i - 1].Has(Token::kSentenceStart)) {
      return std::nullopt;
    }
    if (!day) return ClockRangeHit(first, p->end, nullptr, *p);
    absl::CivilDay d = day->range ? absl::CivilDay(day->range->begin) : today_;
    p = ClockPairAt(j, between, framed, d, weak);  // the zone on that day
    if (part != nullptr) {
      ApplyPart(*part, &p->a);
      ApplyPart(*part, &p->b);
    }
    return ClockRangeHit(first, day->end, &*day, *p);
  }

  // "the end of today", "end of tomorrow", "the end of Monday", "by the end
  // of the day": the last second of that day. (Not "at the end of the day",
  // an idiom.)
  std::optional<Hit> EndOfDay(size_t i) {
    size_t j = Word(i, "the") ? i + 1 : i;
    if (!Word(j, "end") || !Word(j + 1, "of")) return std::nullopt;
    size_t k = j + 2;
    std::optional<Hit> day;
    if (Word(k, "the") && Word(k + 1, "day")) {
      // Only as a deadline: "by the end of the day".
      if (i == 0 || !(t_[i - 1].Is("by") || t_[i - 1].Is("until") || t_[i - 1].Is("before"))) {
        return std::nullopt;
      }
      day = DayHit(k, k + 2, Resolvable() ? std::optional(today_) : std::nullopt, "day:0");
    } else {
      day = DayWord(k);
      if (!day || !day->is_day) day = Weekday(k);
      if (!day || !day->is_day) return std::nullopt;
    }
    Hit h{i, day->end};
    h.kind = v1::FIGURE_KIND_TIME;
    h.grain = v1::GRAIN_SECOND;
    if (!day->relative.empty()) h.relative = day->relative + ";end_of_day";
    if (day->range) h.range = Range{day->range->last, day->range->last, true};
    return h;
  }

  // "no later than X", "not later than X", "as late as X": up to X's end,
  // the start open.
  std::optional<Hit> LatestBound(size_t i) {
    if (t_[i].len < 2 || t_[i].len > 3 || (t_[i].low[0] != 'n' && t_[i].low[0] != 'a')) {
      return std::nullopt;
    }
    if (!(Word(i, "no") || Word(i, "not") || Word(i, "as"))) return std::nullopt;
    bool as = t_[i].Is("as");
    if (!Word(i + 1, as ? "late" : "later") || !Word(i + 2, as ? "as" : "than")) return std::nullopt;
    std::optional<Hit> inner = Base(i + 3);
    if (!inner || inner->kind == v1::FIGURE_KIND_DURATION) return std::nullopt;
    Hit h = *inner;
    h.first = i;
    h.is_day = false;
    h.part = nullptr;
    h.relative = "mod:until" + (inner->relative.empty() ? "" : ";" + inner->relative);
    if (h.range) h.range->open_begin = true;
    return h;
  }

  // A weekday or a day named relative to the reference ("today", "next
  // Monday", "this evening"), not a calendar date ("March 6-8" is days).
  static bool RelativeDay(const Hit& day) {
    return day.relative.rfind("weekday:", 0) == 0 || day.relative.rfind("day:", 0) == 0;
  }

  // A day or a part of one followed by a clock range: "Thursday 19:00 -
  // 21:00", "December 12 at 4 - 6:30 pm", "this evening from 7 to 7:30".
  std::optional<Hit> WithClockRange(const Hit& day) {
    size_t j = day.end;
    if (Word(j, ",")) ++j;
    bool between = Word(j, "between");
    if (between || Word(j, "at") || Word(j, "from")) ++j;
    absl::CivilDay d = day.range ? absl::CivilDay(day.range->begin) : today_;
    // After a weekday or a relative day two bare hours will do: "Monday
    // 11-4", "tomorrow from 9 to 5".
    auto p = ClockPairAt(j, between, true, d, RelativeDay(day));
    if (!p) return std::nullopt;
    if (day.part != nullptr) {
      ApplyPart(*day.part, &p->a);
      ApplyPart(*day.part, &p->b);
    }
    Hit base = day;
    if (day.part != nullptr && day.range) {
      base.range = Day(absl::CivilDay(day.range->begin));
      base.relative.resize(std::min(base.relative.size(), base.relative.find(";part:")));
    }
    return ClockRangeHit(day.first, p->end, &base, *p);
  }

  const std::vector<Tk>& t_;
  bool title_case_;
  std::optional<absl::CivilSecond> now_;
  absl::CivilDay today_;
  size_t limit_ = 0;
  std::optional<Hit> last_;  // the previous figure (Remember)
  // BaseKept's last result: Base(kept_at_) in the sentence ending at
  // kept_limit_, while last_ is unchanged.
  static constexpr size_t kNoneKept = ~size_t{0};
  std::optional<Hit> kept_;
  size_t kept_at_ = kNoneKept;
  size_t kept_limit_ = 0;
};

// "YYYY-MM-DD" and "YYYY-MM-DDTHH:MM:SSZ", written directly: absl's
// formatter parses a format string per call, which showed in profiles.
// Years outside 0-9999 go through absl (signed or wider years).
void AppendDigits(int64_t v, int width, std::string* out) {
  char buf[4];
  for (int k = width - 1; k >= 0; --k) {
    buf[k] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  out->append(buf, static_cast<size_t>(width));
}
// Writes 0-99 as two digits at `out`, from a table of the pairs.
void PutTwo(int v, char* out) {
  static constexpr std::array<char, 200> kPairs = [] {
    std::array<char, 200> a{};
    for (int k = 0; k < 100; ++k) {
      a[2 * k] = static_cast<char>('0' + k / 10);
      a[2 * k + 1] = static_cast<char>('0' + k % 10);
    }
    return a;
  }();
  std::memcpy(out, &kPairs[2 * v], 2);
}
// "YYYY-MM-DD" at `out` (10 bytes), for a year 0-9999.
void PutDay(absl::CivilSecond s, char* out) {
  const int y = static_cast<int>(s.year());
  PutTwo(y / 100, out);
  PutTwo(y % 100, out + 2);
  out[4] = '-';
  PutTwo(s.month(), out + 5);
  out[7] = '-';
  PutTwo(s.day(), out + 8);
}
// Each string is built in one piece from a buffer.
std::string FormatDay(absl::CivilSecond s) {
  if (s.year() < 0 || s.year() > 9999) return absl::FormatCivilTime(absl::CivilDay(s));
  char buf[10];
  PutDay(s, buf);
  return std::string(buf, sizeof(buf));
}
std::string FormatInstant(absl::CivilSecond s) {
  if (s.year() < 0 || s.year() > 9999) return absl::FormatCivilTime(s) + "Z";
  char buf[20];
  PutDay(s, buf);
  buf[10] = 'T';
  PutTwo(s.hour(), buf + 11);
  buf[13] = ':';
  PutTwo(s.minute(), buf + 14);
  buf[16] = ':';
  PutTwo(s.second(), buf + 17);
  buf[19] = 'Z';
  return std::string(buf, sizeof(buf));
}

// absl::FormatCivilTime of a month ("2026-11") and of a year ("2026"),
// written directly: the year as a plain integer (as absl writes it, any
// sign or width), then the month in two digits.
std::string FormatMonth(absl::CivilMonth m) {
  std::string out = std::to_string(m.year());
  out += '-';
  AppendDigits(m.month(), 2, &out);
  return out;
}
std::string FormatYear(absl::CivilYear y) { return std::to_string(y.year()); }

void Fill(const Hit& h, v1::ResolvedDate* d) {
  d->set_grain(h.grain);
  // Setting a string allocates it: not for an empty one over an empty one
  // (absolute dates), which leaves the same message.
  if (!h.relative.empty() || !d->relative().empty()) d->set_relative(h.relative);
  if (h.is_set) {
    if (!h.set_value.empty()) {
      d->set_resolved(true);
      d->set_value(h.set_value);
    }
    return;
  }
  if (!h.range) return;
  const Range& r = *h.range;
  d->set_resolved(true);
  if (r.open_begin || r.open_end) {
    std::string begin = r.timed ? FormatInstant(r.begin) : FormatDay(r.begin);
    std::string end = r.timed ? FormatInstant(r.last) : FormatDay(r.last);
    if (!r.open_begin) d->set_begin(begin);
    if (!r.open_end) d->set_end(end);
    d->set_value((r.open_begin ? ".." : begin) + "/" + (r.open_end ? ".." : end));
    return;
  }
  if (r.timed) {
    d->set_begin(FormatInstant(r.begin));
    d->set_end(FormatInstant(r.last));
    d->set_value(r.begin == r.last ? d->begin() : d->begin() + "/" + d->end());
    return;
  }
  d->set_begin(FormatDay(r.begin));
  d->set_end(FormatDay(r.last));
  absl::CivilDay first(r.begin), last(r.last);
  if (first == last) {
    d->set_value(d->begin());
  } else if (h.grain == v1::GRAIN_MONTH && first.day() == 1 &&
             absl::CivilMonth(first) == absl::CivilMonth(last) && (last + 1).day() == 1) {
    d->set_value(FormatMonth(absl::CivilMonth(first)));
  } else if (h.grain == v1::GRAIN_YEAR && first == absl::CivilDay(absl::CivilYear(first)) &&
             last + 1 == absl::CivilDay(absl::CivilYear(first) + 1)) {
    d->set_value(FormatYear(absl::CivilYear(first)));
  } else {
    d->set_value(d->begin() + "/" + d->end());
  }
}

// Calendar days written inside an identifier: "report-2002-10-09.xlsx",
// "archive-2018-09-23-page-01" in a URL, "report-20170302.html", or a bare
// "20161016" (YYYYMMDD, years 1900-2100, a valid day). `text` is the
// token's text starting at byte `offset` of the field; `whole_number` says
// the token is one 8-digit number. Appends a DATE per day found.
[[gnu::noinline]] void IdentifierDates(std::string_view text, uint32_t offset, bool whole_number,
                                       std::vector<FigureMatch>* out) {
  auto digit = [&text](size_t k) { return k < text.size() && text[k] >= '0' && text[k] <= '9'; };
  auto separator = [&text](size_t k) {
    if (k >= text.size()) return true;
    const char c = text[k];
    return c == '-' || c == '_' || c == '.' || c == '/' || c == '=';
  };
  auto number = [&text](size_t k, size_t n) { return ParseDigits(text.substr(k, n)); };
  auto emit = [&](size_t k, size_t n, int y, int m, int d) {
    if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return;
    absl::CivilDay day(y, m, d);
    if (day.month() != m || day.day() != d) return;
    Hit h;
    h.grain = v1::GRAIN_DAY;
    h.range = Day(day);
    FigureMatch fm;
    fm.begin = offset + static_cast<uint32_t>(k);
    fm.end = offset + static_cast<uint32_t>(k + n);
    fm.kind = v1::FIGURE_KIND_DATE;
    Fill(h, &fm.date.emplace());
    out->push_back(std::move(fm));
  };
  if (whole_number) {
    emit(0, 8, number(0, 4), number(4, 2), number(6, 2));
    return;
  }
  size_t k = 0;
  while (k < text.size()) {
    if (!digit(k)) {
      ++k;
      continue;
    }
    size_t run = k;
    while (digit(run)) ++run;
    const bool open = k == 0 || separator(k - 1);
    if (open && run - k == 4 && k + 10 <= text.size() && text[run] == '-' && digit(k + 5) &&
        digit(k + 6) && text[k + 7] == '-' && digit(k + 8) && digit(k + 9) && !digit(k + 10) &&
        separator(k + 10)) {
      emit(k, 10, number(k, 4), number(k + 5, 2), number(k + 8, 2));  // "2002-10-09"
      k += 10;
      continue;
    }
    if (open && run - k == 8 && separator(run) && k > 0) {
      emit(k, 8, number(k, 4), number(k + 4, 2), number(k + 6, 2));  // "-20170302."
    }
    k = run;
  }
}

}  // namespace

void ExtractDates(const pipeline::FieldAnalysis& field, std::optional<absl::Time> reference,
                  std::vector<FigureMatch>* out) {
  // Reused per thread: no allocation per field once warm. Never shrunk,
  // so that a long field after a short one (a body after its title) does
  // not construct its tokens again: BuildToken writes every member read.
  thread_local std::vector<Tk> toks;
  // The tokens the scan below stops at, in order: those MayMatchAt may
  // accept and URLs.
  thread_local std::vector<uint32_t> visits;
  if (toks.size() < field.tokens.size()) {
    toks.resize(field.tokens.size());
    visits.resize(field.tokens.size());
  }
  const WordClassTable::Probe classes = WordClasses().probe();
  // One pass: each token is built and classified while it is at hand.
  // (Locals, not members: the byte stores into Tk::low may alias them.)
  const std::string_view text = field.text;
  const Token* const tokens = field.tokens.data();
  const size_t n_tokens = field.tokens.size();
  Tk* const built = toks.data();
  uint32_t* const visit_list = visits.data();
  size_t n_visits = 0;
  for (size_t i = 0; i < n_tokens; ++i) {
    Tk& t = built[i];
    uint64_t a, b;
    BuildToken(text, tokens[i], &t, &a, &b);
    const uint32_t c = WordClassOf(t, a, b, classes);
    t.cls = c;
    const uint32_t start = ComputeMayStart(t);
    t.may_start = start != 0;
    // The first test of Scanner::MayMatchAt, with Scanner::IsFrameWord(t)
    // as `frame`: integer arithmetic, no branch. Written always, kept when
    // counted.
    const uint32_t frame = (t.kind == TokenKind::kWord) & ((c & kClsFrame) != 0);
    visit_list[n_visits] = static_cast<uint32_t>(i);
    n_visits += start | frame | (t.kind == TokenKind::kUrl);
  }
  std::optional<absl::CivilSecond> now;
  if (reference) now = absl::ToCivilSecond(*reference, absl::UTCTimeZone());
  Scanner scanner(toks, field.title_case || field.all_caps, now);
  // Sentences are contiguous and in order, so one walk over `visits`
  // serves them all.
  const uint32_t* visit = visits.data();
  const uint32_t* const visits_end = visit + n_visits;
  for (const pipeline::Sentence& s : field.sentences) {
    size_t i = s.token_begin;  // the first token not yet covered
    for (; visit != visits_end && *visit < s.token_end; ++visit) {
      if (*visit < i) continue;  // inside the previous figure
      i = *visit;
      const Tk& t = toks[i];
      const uint32_t begin = field.tokens[i].begin;
      if (!Scanner::MayMatchAt(toks, i, s.token_end)) {
        if (t.kind == TokenKind::kUrl) {  // (no digit flag on URLs)
          IdentifierDates(field.TokenText(field.tokens[i]), begin, false, out);
        }
        ++i;
        continue;
      }
      std::optional<Hit> h = scanner.At(i, s.token_end);
      if (!h || h->end <= h->first) {
        // A bare YYYYMMDD, not in a chain of numbers ("+44 20161016").
        auto chained = [&] {
          return (i > s.token_begin && (toks[i - 1].kind == TokenKind::kNumber ||
                                        (t.glued() && toks[i - 1].Is("+")))) ||
                 (i + 1 < s.token_end && toks[i + 1].kind == TokenKind::kNumber);
        };
        if (t.digits == 8 && !t.Has(Token::kOrdinal) && !chained()) {
          IdentifierDates(field.TokenText(field.tokens[i]), begin, true, out);
        } else if (t.kind == TokenKind::kWord && t.Has(Token::kHasDigit) &&
                   t.Has(Token::kHasHyphen)) {
          IdentifierDates(field.TokenText(field.tokens[i]), begin, false, out);
        }
        ++i;
        continue;
      }
      FigureMatch m;
      m.begin = field.tokens[h->first].begin;
      m.end = field.tokens[h->end - 1].end;
      m.kind = h->kind;
      if (h->approx) m.qualifier = v1::QUALIFIER_APPROXIMATELY;
      if (h->kind == v1::FIGURE_KIND_DURATION) {
        m.value = h->seconds;
        m.unit = h->unit;
        m.dimension = v1::DIMENSION_DURATION;
      } else {
        Fill(*h, &m.date.emplace());
      }
      out->push_back(std::move(m));
      scanner.Remember(*h);
      i = h->end;
    }
  }
}

}  // namespace wirelens::stages::figures
