#include "pipeline/text_analysis.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "pipeline/check.h"
#include "pipeline/text.h"

namespace wirelens::pipeline {
namespace {

// ---- Character classes -----------------------------------------------------

enum Cc : uint8_t {
  kSpace,      // whitespace other than newline (also "past the end")
  kNewline,    // \n, U+2028, U+2029, U+0085
  kIgnorable,  // controls and format characters (bidi marks, ZWJ outside words)
  kUpper,      // uppercase or titlecase letter
  kLower,      // lowercase letter
  kUncased,    // letter of a caseless script written with spaces (Arabic, ...)
  kMark,       // combining mark
  kDigit,      // decimal digit, any script
  kHan,        // Han ideograph: one token per character
  kHiragana,   // runs are tokens
  kKatakana,   // runs are tokens
  kKanaMark,   // "ー" and friends: continue a kana run
  kSeAsian,    // Thai, Lao, Khmer, Myanmar: runs are tokens
  kPunct,
  kSymbol,
};

bool IsLetter(Cc c) { return c == kUpper || c == kLower || c == kUncased; }
// Characters a word token is made of.
bool IsWordCc(Cc c) { return IsLetter(c) || c == kMark || c == kDigit; }
// Anything that would make a preceding apostrophe or suffix word-internal.
bool IsAlnumLike(Cc c) { return IsWordCc(c) || (c >= kHan && c <= kSeAsian); }

constexpr std::array<Cc, 128> MakeAsciiTable() {
  std::array<Cc, 128> t{};
  for (int c = 0; c < 128; ++c) {
    Cc cls = kIgnorable;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f') {
      cls = kSpace;
    } else if (c == '\n') {
      cls = kNewline;
    } else if (c >= 'A' && c <= 'Z') {
      cls = kUpper;
    } else if (c >= 'a' && c <= 'z') {
      cls = kLower;
    } else if (c >= '0' && c <= '9') {
      cls = kDigit;
    } else if (c < 32 || c == 127) {
      cls = kIgnorable;
    } else if (c == '#' || c == '$' || c == '%' || c == '&' || c == '*' || c == '+' || c == '<' ||
               c == '=' || c == '>' || c == '@' || c == '^' || c == '`' || c == '|' || c == '~') {
      cls = kSymbol;
    } else {
      cls = kPunct;
    }
    t[c] = cls;
  }
  return t;
}
constexpr std::array<Cc, 128> kAsciiClass = MakeAsciiTable();

// Bytes after a run of ASCII letters and digits that end the word with
// nothing more to decide: ASCII other than letters, digits and the
// characters Tokenizer::Word looks at after a word ("-" "'" "&" ":" "."
// "_" "+" "@" "%").
constexpr std::array<bool, 256> MakeAsciiWordEndTable() {
  std::array<bool, 256> t{};
  for (int c = 0; c < 128; ++c) {
    const Cc cls = kAsciiClass[c];
    t[c] = cls != kUpper && cls != kLower && cls != kDigit && c != '-' && c != '\'' && c != '&' &&
           c != ':' && c != '.' && c != '_' && c != '+' && c != '@' && c != '%';
  }
  return t;
}
constexpr std::array<bool, 256> kAsciiWordEnd = MakeAsciiWordEndTable();

Cc ClassifyNonAscii(char32_t cp) {
  switch (u_charType(static_cast<UChar32>(cp))) {
    case U_UPPERCASE_LETTER:
    case U_TITLECASE_LETTER:
      return kUpper;
    case U_LOWERCASE_LETTER:
      return kLower;
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER: {
      if (cp == 0x30FC || cp == 0xFF70 || cp == 0x30FD || cp == 0x30FE || cp == 0x309D ||
          cp == 0x309E) {
        return kKanaMark;
      }
      UErrorCode err = U_ZERO_ERROR;
      switch (uscript_getScript(static_cast<UChar32>(cp), &err)) {
        case USCRIPT_HAN:
          return kHan;
        case USCRIPT_HIRAGANA:
          return kHiragana;
        case USCRIPT_KATAKANA:
          return kKatakana;
        case USCRIPT_THAI:
        case USCRIPT_LAO:
        case USCRIPT_KHMER:
        case USCRIPT_MYANMAR:
          return kSeAsian;
        default:
          return kUncased;
      }
    }
    case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_COMBINING_SPACING_MARK:
      return kMark;
    case U_DECIMAL_DIGIT_NUMBER:
      return kDigit;
    case U_SPACE_SEPARATOR:
      return kSpace;
    case U_LINE_SEPARATOR:
    case U_PARAGRAPH_SEPARATOR:
      return kNewline;
    case U_CONTROL_CHAR:
      return cp == 0x85 ? kNewline : kIgnorable;
    case U_FORMAT_CHAR:
      return kIgnorable;
    case U_DASH_PUNCTUATION:
    case U_START_PUNCTUATION:
    case U_END_PUNCTUATION:
    case U_CONNECTOR_PUNCTUATION:
    case U_OTHER_PUNCTUATION:
    case U_INITIAL_PUNCTUATION:
    case U_FINAL_PUNCTUATION:
      return kPunct;
    default:  // symbols, other numbers ("½", "²"), private use, unassigned
      return kSymbol;
  }
}

bool IsHyphen(char32_t cp) { return cp == '-' || cp == 0x2010 || cp == 0x2011; }
bool IsApostrophe(char32_t cp) { return cp == '\'' || cp == 0x2019; }
bool IsSingleQuote(char32_t cp) {
  return cp == '\'' || (cp >= 0x2018 && cp <= 0x201B) || cp == 0x2039 || cp == 0x203A ||
         cp == 0xFF07;
}
bool IsQuote(char32_t cp) {
  if (cp < 0x80) return cp == '"' || cp == '\'';
  return (cp >= 0x2018 && cp <= 0x201F) || cp == 0xAB || cp == 0xBB || cp == 0x2039 ||
         cp == 0x203A || (cp >= 0x300C && cp <= 0x300F) || (cp >= 0x301D && cp <= 0x301F) ||
         cp == 0xFF02 || cp == 0xFF07;
}
bool IsAsciiLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != b[i]) return false;
  }
  return true;
}

// ---- Word lists ------------------------------------------------------------

enum class AbbrevType : uint8_t {
  kNone,
  kPrefix,        // titles, months, "vs.": never end a sentence
  kNumberPrefix,  // "No. 5": an abbreviation only before a number; never ends a sentence
  kOther,         // "Inc.", "etc.", "a.m.": may end a sentence before a sentence starter
};

struct Abbrev {
  std::string_view text;  // without the final period
  AbbrevType type;
};

// Case-sensitive. Dotted forms ("e.g") are matched on dotted tokens.
constexpr Abbrev kAbbrevs[] = {
    // Titles and ranks.
    {"Adm", AbbrevType::kPrefix}, {"Amb", AbbrevType::kPrefix}, {"Atty", AbbrevType::kPrefix},
    {"Brig", AbbrevType::kPrefix}, {"Capt", AbbrevType::kPrefix}, {"Cdr", AbbrevType::kPrefix},
    {"Cmdr", AbbrevType::kPrefix}, {"Col", AbbrevType::kPrefix}, {"Cpl", AbbrevType::kPrefix},
    {"Det", AbbrevType::kPrefix}, {"Dr", AbbrevType::kPrefix}, {"Fr", AbbrevType::kPrefix},
    {"Gen", AbbrevType::kPrefix}, {"Gov", AbbrevType::kPrefix}, {"Hon", AbbrevType::kPrefix},
    {"Insp", AbbrevType::kPrefix}, {"Lt", AbbrevType::kPrefix}, {"Maj", AbbrevType::kPrefix},
    {"Messrs", AbbrevType::kPrefix}, {"Mr", AbbrevType::kPrefix}, {"Mrs", AbbrevType::kPrefix},
    {"Ms", AbbrevType::kPrefix}, {"Msgr", AbbrevType::kPrefix}, {"Pres", AbbrevType::kPrefix},
    {"Prof", AbbrevType::kPrefix}, {"Pvt", AbbrevType::kPrefix}, {"Rep", AbbrevType::kPrefix},
    {"Reps", AbbrevType::kPrefix}, {"Rev", AbbrevType::kPrefix}, {"Sen", AbbrevType::kPrefix},
    {"Sens", AbbrevType::kPrefix}, {"Sgt", AbbrevType::kPrefix}, {"Sra", AbbrevType::kPrefix},
    {"Supt", AbbrevType::kPrefix}, {"Mt", AbbrevType::kPrefix}, {"Ft", AbbrevType::kPrefix},
    // Months (not "May").
    {"Jan", AbbrevType::kPrefix}, {"Feb", AbbrevType::kPrefix}, {"Mar", AbbrevType::kPrefix},
    {"Apr", AbbrevType::kPrefix}, {"Jun", AbbrevType::kPrefix}, {"Jul", AbbrevType::kPrefix},
    {"Aug", AbbrevType::kPrefix}, {"Sep", AbbrevType::kPrefix}, {"Sept", AbbrevType::kPrefix},
    {"Oct", AbbrevType::kPrefix}, {"Nov", AbbrevType::kPrefix}, {"Dec", AbbrevType::kPrefix},
    // Other words that precede what they qualify.
    {"vs", AbbrevType::kPrefix}, {"v", AbbrevType::kPrefix}, {"cf", AbbrevType::kPrefix},
    {"e.g", AbbrevType::kPrefix}, {"i.e", AbbrevType::kPrefix}, {"approx", AbbrevType::kPrefix},
    {"ca", AbbrevType::kPrefix}, {"z.B", AbbrevType::kPrefix}, {"ул", AbbrevType::kPrefix},
    {"им", AbbrevType::kPrefix}, {"т.е", AbbrevType::kPrefix},
    // Before a number only.
    {"No", AbbrevType::kNumberPrefix}, {"Nos", AbbrevType::kNumberPrefix},
    {"no", AbbrevType::kNumberPrefix}, {"Nr", AbbrevType::kNumberPrefix},
    {"Vol", AbbrevType::kNumberPrefix}, {"pp", AbbrevType::kNumberPrefix},
    {"Fig", AbbrevType::kNumberPrefix}, {"Art", AbbrevType::kNumberPrefix},
    // May end a sentence.
    {"Inc", AbbrevType::kOther}, {"Corp", AbbrevType::kOther}, {"Co", AbbrevType::kOther},
    {"Ltd", AbbrevType::kOther}, {"Bros", AbbrevType::kOther}, {"Jr", AbbrevType::kOther},
    {"Sr", AbbrevType::kOther}, {"St", AbbrevType::kOther}, {"etc", AbbrevType::kOther},
    {"al", AbbrevType::kOther}, {"est", AbbrevType::kOther}, {"Dept", AbbrevType::kOther},
    {"dept", AbbrevType::kOther}, {"Govt", AbbrevType::kOther}, {"govt", AbbrevType::kOther},
    {"Univ", AbbrevType::kOther}, {"Assn", AbbrevType::kOther}, {"Ave", AbbrevType::kOther},
    {"Blvd", AbbrevType::kOther}, {"Rd", AbbrevType::kOther}, {"Hwy", AbbrevType::kOther},
    {"bzw", AbbrevType::kOther}, {"usw", AbbrevType::kOther}, {"ggf", AbbrevType::kOther},
    {"тыс", AbbrevType::kOther}, {"руб", AbbrevType::kOther}, {"г", AbbrevType::kOther},
    {"Mio", AbbrevType::kOther}, {"Mrd", AbbrevType::kOther}, {"Tsd", AbbrevType::kOther},
    // US states, AP style.
    {"Ala", AbbrevType::kOther}, {"Ariz", AbbrevType::kOther}, {"Ark", AbbrevType::kOther},
    {"Calif", AbbrevType::kOther}, {"Colo", AbbrevType::kOther}, {"Conn", AbbrevType::kOther},
    {"Del", AbbrevType::kOther}, {"Fla", AbbrevType::kOther}, {"Ga", AbbrevType::kOther},
    {"Ill", AbbrevType::kOther}, {"Ind", AbbrevType::kOther}, {"Kan", AbbrevType::kOther},
    {"Ky", AbbrevType::kOther}, {"La", AbbrevType::kOther}, {"Md", AbbrevType::kOther},
    {"Mass", AbbrevType::kOther}, {"Mich", AbbrevType::kOther}, {"Minn", AbbrevType::kOther},
    {"Miss", AbbrevType::kOther}, {"Mo", AbbrevType::kOther}, {"Mont", AbbrevType::kOther},
    {"Neb", AbbrevType::kOther}, {"Nev", AbbrevType::kOther}, {"Okla", AbbrevType::kOther},
    {"Ore", AbbrevType::kOther}, {"Pa", AbbrevType::kOther}, {"Tenn", AbbrevType::kOther},
    {"Tex", AbbrevType::kOther}, {"Va", AbbrevType::kOther}, {"Vt", AbbrevType::kOther},
    {"Wash", AbbrevType::kOther}, {"Wis", AbbrevType::kOther}, {"Wyo", AbbrevType::kOther},
};

// Capitalized words that usually start a sentence and rarely follow an
// abbreviation inside one (after "U.S." a name or a noun follows: "U.S.
// Senate", "U.S. officials"). Sorted at first use.
constexpr std::string_view kSentenceStarters[] = {
    "A",      "After",    "Also",      "Although", "An",    "And",   "As",    "At",   "Because",
    "Before", "But",      "By",        "During",   "Each",  "Even",  "For",   "From", "He",
    "Her",    "Here",     "His",       "How",      "However", "I",   "If",    "In",   "It",
    "Its",    "Meanwhile", "More",     "Most",     "My",    "No",    "Now",   "On",   "Our",
    "She",    "Since",    "So",        "Some",     "Still", "That",  "The",   "Their", "There",
    "These",  "They",     "This",      "Those",    "Though", "Thus", "Under", "Until", "We",
    "What",   "When",     "Where",     "While",    "Who",   "Why",   "With",  "Yet",  "You",
};

// German months: "am 3. Oktober" is an ordinal date, not a sentence end.
constexpr std::string_view kGermanMonths[] = {
    "Januar", "Jänner", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
    "Oktober", "November", "Dezember",
};

// Words whose "'s" is a contraction of "is"/"has"/"us", not a possessive.
constexpr std::string_view kContractionStems[] = {
    "he", "here", "how", "it", "let", "she", "that", "there", "what", "when", "where", "who", "why",
};

const std::vector<Abbrev>& SortedAbbrevs() {
  static const std::vector<Abbrev>* sorted = [] {
    auto* v = new std::vector<Abbrev>(std::begin(kAbbrevs), std::end(kAbbrevs));
    std::sort(v->begin(), v->end(), [](const Abbrev& a, const Abbrev& b) { return a.text < b.text; });
    return v;
  }();
  return *sorted;
}

const std::vector<std::string_view>& SortedStarters() {
  static const std::vector<std::string_view>* sorted = [] {
    auto* v = new std::vector<std::string_view>(std::begin(kSentenceStarters),
                                                std::end(kSentenceStarters));
    std::sort(v->begin(), v->end());
    return v;
  }();
  return *sorted;
}

AbbrevType LookupAbbrev(std::string_view word) {
  // Bit k of [b]: some abbreviation starts with byte b and has k + 1 bytes
  // (all have at most 8). Rules out most words before hashing them.
  static const std::array<uint8_t, 256>* const first_byte_lengths = [] {
    auto* t = new std::array<uint8_t, 256>{};
    for (const Abbrev& a : kAbbrevs) {
      WL_CHECK(!a.text.empty() && a.text.size() <= 8) << a.text;
      (*t)[static_cast<unsigned char>(a.text[0])] |= 1u << (a.text.size() - 1);
    }
    return t;
  }();
  if (word.empty() || word.size() > 8 ||
      ((*first_byte_lengths)[static_cast<unsigned char>(word[0])] >> (word.size() - 1) & 1) == 0) {
    return AbbrevType::kNone;
  }
  // One hash probe instead of a binary search with string compares (it runs
  // for every word before a period). Built in sorted order, first entry
  // kept: the one the search found.
  static const absl::flat_hash_map<std::string_view, AbbrevType>* const types = [] {
    auto* m = new absl::flat_hash_map<std::string_view, AbbrevType>;
    for (const Abbrev& a : SortedAbbrevs()) m->try_emplace(a.text, a.type);
    return m;
  }();
  const auto it = types->find(word);
  return it != types->end() ? it->second : AbbrevType::kNone;
}

bool IsSentenceStarter(std::string_view word) {
  return std::binary_search(SortedStarters().begin(), SortedStarters().end(), word);
}

bool IsContractionStem(std::string_view word) {
  for (std::string_view stem : kContractionStems) {
    if (EqualsIgnoreCase(word, stem)) return true;
  }
  return false;
}

// ---- Tokenizer -------------------------------------------------------------

struct Cp {
  char32_t cp;
  uint32_t len;
  Cc cls;
};

// The case and digit flags of a word: `capital` if its first character is
// uppercase, `upper` uppercase and `lower` lowercase letters, `digit` if it
// has one.
uint16_t WordFlags(bool capital, uint32_t upper, uint32_t lower, bool digit) {
  uint16_t f = 0;
  if (capital) f |= Token::kInitialCap;
  if (upper >= 2 && lower == 0) f |= Token::kAllCaps;
  if (digit) f |= Token::kHasDigit;
  return f;
}

// Letter statistics of a word being scanned.
struct WordStats {
  uint32_t upper = 0;
  uint32_t lower = 0;
  uint32_t alpha = 0;  // letters
  uint32_t chars = 0;    // code points other than marks
  bool digit = false;
  bool hyphen = false;
  bool apostrophe = false;
  Cc first = kSpace;
  Cc last = kSpace;

  // The ASCII letters and digits `run`, of which `upper_count` are uppercase
  // and `digits` digits: what Add of each would do.
  void AddAsciiRun(std::string_view run, uint32_t upper_count, uint32_t digits) {
    if (chars == 0) first = kAsciiClass[static_cast<unsigned char>(run.front())];
    last = kAsciiClass[static_cast<unsigned char>(run.back())];
    const auto size = static_cast<uint32_t>(run.size());
    chars += size;
    upper += upper_count;
    lower += size - upper_count - digits;
    alpha += size - digits;
    digit |= digits != 0;
  }
  void Add(Cc c) {
    if (c == kMark) return;
    if (chars == 0) first = c;
    last = c;
    ++chars;
    upper += c == kUpper;
    lower += c == kLower;
    alpha += IsLetter(c);
    digit |= c == kDigit;
  }
  uint16_t Flags() const {
    uint16_t f = WordFlags(first == kUpper, upper, lower, digit);
    if (hyphen) f |= Token::kHasHyphen;
    if (apostrophe) f |= Token::kHasApostrophe;
    return f;
  }
};

class Tokenizer {
 public:
  // With `mark_line_starts`, a token after a line break gets
  // kSentenceStart (see line_break_flags_).
  Tokenizer(std::string_view text, bool mark_line_starts, std::vector<Token>* out)
      : s_(text),
        n_(text.size()),
        out_(*out),
        line_break_flags_(mark_line_starts ? Token::kSpaceBefore | Token::kSentenceStart
                                           : Token::kSpaceBefore) {
    non_ascii_ = NextNonAscii(0);
  }

  void Run();

  bool title_case() const {
    return all_caps() || (title_counted_ >= 2 && title_capped_ * 10 >= title_counted_ * 7);
  }
  bool all_caps() const { return words_with_lower_ == 0 && upper_letters_ >= 4; }

 private:
  bool space_before() const { return (gap_flags_ & Token::kSpaceBefore) != 0; }
  Cp At(size_t p) const {
    const auto b = static_cast<unsigned char>(s_[p]);
    if (b < 0x80) return {b, 1, kAsciiClass[b]};
    size_t q = p;
    const char32_t cp = DecodeUtf8(s_, &q);
    const auto len = static_cast<uint32_t>(q - p);
    if (len == 1) return {cp, 1, kSymbol};  // malformed byte
    return {cp, len, ClassifyNonAscii(cp)};
  }
  // Class at `p`, kSpace past the end.
  Cc ClassAt(size_t p) const { return p < n_ ? At(p).cls : kSpace; }
  char32_t CpAt(size_t p) const { return p < n_ ? At(p).cp : 0; }
  size_t SkipMarks(size_t p) const {
    // Marks are never ASCII: one test for most calls.
    if (p < n_ && static_cast<unsigned char>(s_[p]) < 0x80) return p;
    while (p < n_) {
      const Cp c = At(p);
      if (c.cls != kMark) break;
      p += c.len;
    }
    return p;
  }

  size_t NextNonAscii(size_t p) const;
  // Inline: once per token, and as a call it saved and restored the
  // registers of push_back's growth path every time.
  [[gnu::always_inline]] inline void Push(size_t begin, size_t end, TokenKind kind, uint16_t flags);
  [[gnu::always_inline]] inline void Emit(size_t begin, size_t end, TokenKind kind, uint16_t flags);
  // Inline: once per word, and the counts stay in registers.
  [[gnu::always_inline]] inline size_t AsciiAlnumEnd(size_t p, uint32_t* upper,
                                                     uint32_t* digits) const;
  size_t AsciiAlnumRun(size_t p, WordStats* st) const;
  size_t AsciiWord(size_t start);
  size_t Word(size_t start, size_t q, WordStats st);
  [[gnu::always_inline]] inline void CountWord(uint32_t alpha, bool capital, uint32_t lower,
                                               uint32_t upper);
  size_t TakePeriod(size_t start, size_t q, bool one_capital, uint16_t* flags) const;
  size_t FinishWord(size_t start, size_t end, uint16_t flags, const WordStats& st);
  size_t Dotted(size_t start, WordStats* st) const;
  size_t DomainSuffixEnd(size_t p) const;
  size_t TryEmail(size_t start);
  size_t UrlEnd(size_t start) const;
  bool IsCliticAt(size_t p) const;
  size_t Number(size_t p);
  size_t NoSpace(size_t p, Cp c);
  size_t PunctOrSymbol(size_t p, Cp c);
  size_t Quote(size_t p, Cp c);
  size_t TagOrMention(size_t p, char32_t sigil);

  std::string_view s_;
  size_t n_;
  std::vector<Token>& out_;
  // Flags the skipped whitespace gives the next token: kSpaceBefore, and
  // kSentenceStart after a line break when marking line starts. In the body
  // every token after a line break starts a sentence, so SplitSentences
  // reads the mark instead of searching each gap for a newline, and the
  // flag stays true. A line break here is what HasNewline finds: "\n",
  // U+2028 or U+2029, not U+0085.
  uint16_t gap_flags_ = Token::kSpaceBefore;
  const uint16_t line_break_flags_;
  // For Emit's kNonAscii: the first byte >= 0x80 at or after a position no
  // later than the next token's begin (n_ if none). Tokens come in text
  // order, so it only moves forward: one pass over the field in all.
  size_t non_ascii_ = 0;
  bool open_single_ = false;  // an opening single quote is unmatched in this paragraph
  bool open_double_ = false;
  size_t email_fail_until_ = 0;  // TryEmail from any start before this fails
  // Title-case statistics over word tokens.
  bool seen_word_ = false;
  uint32_t title_counted_ = 0;
  uint32_t title_capped_ = 0;
  uint32_t words_with_lower_ = 0;
  uint32_t upper_letters_ = 0;
};

size_t Tokenizer::NextNonAscii(size_t p) const {
  // Sixteen bytes at a time, bytewise near the end of the text.
  static_assert(std::endian::native == std::endian::little);
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  for (; p + 16 <= n_; p += 16) {
    uint64_t w[2];
    std::memcpy(w, s_.data() + p, 16);
    if (((w[0] | w[1]) & kHigh) == 0) continue;
    if ((w[0] & kHigh) != 0) return p + std::countr_zero(w[0] & kHigh) / 8;
    return p + 8 + std::countr_zero(w[1] & kHigh) / 8;
  }
  while (p < n_ && static_cast<unsigned char>(s_[p]) < 0x80) ++p;
  return p;
}

// Appends a token with the flags of the gap before it. kNonAscii is up to
// the caller: Emit tests for it, AsciiWord knows its words are ASCII.
void Tokenizer::Push(size_t begin, size_t end, TokenKind kind, uint16_t flags) {
  flags |= gap_flags_;
  gap_flags_ = 0;
  out_.push_back(Token{static_cast<uint32_t>(begin), static_cast<uint32_t>(end), kind, flags});
}

void Tokenizer::Emit(size_t begin, size_t end, TokenKind kind, uint16_t flags) {
  if (non_ascii_ < begin) non_ascii_ = NextNonAscii(begin);
  if (non_ascii_ < end) flags |= Token::kNonAscii;
  Push(begin, end, kind, flags);
}

void Tokenizer::Run() {
  size_t p = 0;
  while (p < n_) {
    // Most tokens are words that start with an ASCII letter.
    if (IsAsciiLower(s_[p]) || IsAsciiUpper(s_[p])) {
      p = AsciiWord(p);
      continue;
    }
    const Cp c = At(p);
    switch (c.cls) {
      case kSpace:
        gap_flags_ |= Token::kSpaceBefore;
        p += c.len;
        break;
      case kNewline:
        // U+0085 is no line break to HasNewline, so none to the sentence splitter.
        gap_flags_ |= c.cp == 0x85 ? uint16_t{Token::kSpaceBefore} : line_break_flags_;
        open_single_ = open_double_ = false;
        p += c.len;
        break;
      case kIgnorable:
        p += c.len;
        break;
      case kUpper:
      case kLower:
      case kUncased:
      case kMark:
        p = Word(p, p, WordStats());
        break;
      case kDigit:
        p = Number(p);
        break;
      case kHan:
      case kHiragana:
      case kKatakana:
      case kKanaMark:
      case kSeAsian:
        p = NoSpace(p, c);
        break;
      case kPunct:
      case kSymbol:
        p = PunctOrSymbol(p, c);
        break;
    }
  }
}

// "'s" or "’s" at `p`, not followed by a letter or digit.
bool Tokenizer::IsCliticAt(size_t p) const {
  if (p >= n_) return false;
  const Cp ap = At(p);
  if (!IsApostrophe(ap.cp)) return false;
  const size_t s = p + ap.len;
  if (s >= n_ || (s_[s] != 's' && s_[s] != 'S')) return false;
  return !IsAlnumLike(ClassAt(s + 1));
}

// A dotted abbreviation of single letters at `start` ("U.S.", "e.g.",
// "J.K."): returns its end, or 0.
size_t Tokenizer::Dotted(size_t start, WordStats* st) const {
  WordStats local;
  size_t q = start;
  size_t end = 0;
  int groups = 0;
  while (q < n_) {
    const Cp c = At(q);
    if (!IsLetter(c.cls)) break;
    const size_t r = SkipMarks(q + c.len);
    if (r < n_ && IsAlnumLike(ClassAt(r))) break;  // more than one letter
    if (r >= n_ || s_[r] != '.') {
      // A last group without its period: "U.S".
      if (groups >= 1) {
        local.Add(c.cls);
        ++groups;
        end = r;
      }
      break;
    }
    local.Add(c.cls);
    ++groups;
    end = r + 1;
    q = r + 1;
  }
  if (groups < 2) return 0;
  *st = local;
  return end;
}

// After a word and a period at p-1: the end of a domain suffix of 2-6
// lowercase ASCII letters ("com" in "Amazon.com"), or 0.
size_t Tokenizer::DomainSuffixEnd(size_t p) const {
  size_t q = p;
  while (q < n_ && q - p < 7 && IsAsciiLower(s_[q])) ++q;
  const size_t len = q - p;
  if (len < 2 || len > 6) return 0;
  if (q < n_ && IsAlnumLike(ClassAt(q))) return 0;
  return q;
}

// An email address starting at `start`, or 0. Memoized so that inputs like
// "a_a_a_..." stay linear: every start inside a failed local part fails too.
size_t Tokenizer::TryEmail(size_t start) {
  if (start < email_fail_until_) return 0;
  auto local_char = [](char c) {
    return IsAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  };
  size_t q = start;
  while (q < n_ && local_char(s_[q])) ++q;
  if (q < n_ && s_[q] == '@' && q > start) {
    size_t h = q + 1;
    size_t last_dot = 0;
    while (h < n_) {
      const char c = s_[h];
      if (IsAsciiAlnum(c) || c == '-') {
        ++h;
      } else if (c == '.' && h + 1 < n_ && s_[h - 1] != '.' && s_[h - 1] != '@' &&
                 IsAsciiAlnum(s_[h + 1])) {
        last_dot = h;
        ++h;
      } else {
        break;
      }
    }
    if (last_dot > q + 1 && h > last_dot + 1) return h;
  }
  email_fail_until_ = q;
  return 0;
}

// End of a URL starting at `start` (trailing punctuation trimmed).
size_t Tokenizer::UrlEnd(size_t start) const {
  size_t q = start;
  int parens = 0;
  int brackets = 0;
  while (q < n_) {
    const Cp c = At(q);
    if (c.cls == kSpace || c.cls == kNewline || c.cp == '"' || c.cp == '<' || c.cp == '>' ||
        (c.cp != '\'' && IsQuote(c.cp))) {
      break;
    }
    parens += c.cp == '(' ? 1 : c.cp == ')' ? -1 : 0;
    brackets += c.cp == '[' ? 1 : c.cp == ']' ? -1 : 0;
    q += c.len;
  }
  while (q > start) {
    const char c = s_[q - 1];
    if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\'') {
      --q;
    } else if (c == ')' && parens < 0) {
      ++parens;
      --q;
    } else if (c == ']' && brackets < 0) {
      ++brackets;
      --q;
    } else {
      break;
    }
  }
  return q;
}

// The end of the run of ASCII letters and digits at `p`, counting its
// uppercase letters and digits into `*upper` and `*digits`.
size_t Tokenizer::AsciiAlnumEnd(size_t p, uint32_t* upper, uint32_t* digits) const {
  for (; p < n_; ++p) {
    const auto b = static_cast<unsigned char>(s_[p]);
    if (static_cast<unsigned char>(b - 'a') < 26) continue;
    if (static_cast<unsigned char>(b - 'A') < 26) {
      ++*upper;
    } else if (static_cast<unsigned char>(b - '0') < 10) {
      ++*digits;
    } else {
      break;
    }
  }
  return p;
}

// The end of the run of ASCII letters and digits at `p`, added to `*st`.
size_t Tokenizer::AsciiAlnumRun(size_t p, WordStats* st) const {
  uint32_t upper = 0;
  uint32_t digits = 0;
  const size_t end = AsciiAlnumEnd(p, &upper, &digits);
  if (end > p) st->AddAsciiRun(std::string_view(s_.data() + p, end - p), upper, digits);
  return end;
}

// A word starting with an ASCII letter. Most are a run of ASCII letters and
// digits ended by a space, a comma, a bracket..., or by a period and then
// one of those: emitted here, their statistics in registers. The rest go on
// in Word.
size_t Tokenizer::AsciiWord(size_t start) {
  // Run sent a letter: its case is counted without a branch (capitals
  // mispredicted in the scan).
  const bool capital = IsAsciiUpper(s_[start]);
  uint32_t upper = capital;
  uint32_t digits = 0;
  size_t end = AsciiAlnumEnd(start + 1, &upper, &digits);
  const auto size = static_cast<uint32_t>(end - start);
  const uint32_t lower = size - upper - digits;
  uint16_t flags = WordFlags(capital, upper, lower, digits != 0);
  if (end < n_ && !kAsciiWordEnd[static_cast<unsigned char>(s_[end])]) {
    // Before such a period Word finds no URL, dotted abbreviation, domain
    // or email, and does only what TakePeriod does.
    const bool plain_period =
        s_[end] == '.' && (end + 1 == n_ || kAsciiWordEnd[static_cast<unsigned char>(s_[end + 1])]);
    if (!plain_period) {
      WordStats st;
      st.AddAsciiRun(std::string_view(s_.data() + start, size), upper, digits);
      return Word(start, end, st);
    }
    end = TakePeriod(start, end, capital && size == 1, &flags);
  }
  Push(start, end, TokenKind::kWord, flags);
  CountWord(size - digits, capital, lower, upper);
  // Skip the usual one space here, not through Run's switch.
  if (end < n_ && s_[end] == ' ') {
    gap_flags_ |= Token::kSpaceBefore;
    return end + 1;
  }
  return end;
}

// The word starting at `start`, of which [start, q) has been scanned into
// `st` (ASCII letters and digits only).
size_t Tokenizer::Word(size_t start, size_t q, WordStats st) {
  bool ascii = true;
  while (q < n_) {
    q = AsciiAlnumRun(q, &st);
    if (q >= n_) break;
    const Cp c = At(q);
    if (IsWordCc(c.cls)) {
      st.Add(c.cls);
      ascii &= c.len == 1;
      q += c.len;
      continue;
    }
    const size_t next = q + c.len;
    if (c.cls == kIgnorable) {
      // ZWNJ/ZWJ inside a word (Persian, Indic scripts).
      if ((c.cp == 0x200C || c.cp == 0x200D) && IsWordCc(ClassAt(next))) {
        q = next;
        continue;
      }
      break;
    }
    if (c.cls != kPunct && c.cls != kSymbol) break;
    const Cc nc = ClassAt(next);
    if (IsHyphen(c.cp) && (IsLetter(nc) || (nc == kDigit && st.alpha > 0))) {
      st.hyphen = true;
      q = next;
      continue;
    }
    if (IsApostrophe(c.cp) && IsLetter(nc)) {
      if (IsCliticAt(q)) break;
      st.apostrophe = true;
      q = next;
      continue;
    }
    if ((c.cp == 0x05F3 || c.cp == 0x05F4) && IsLetter(nc)) {  // Hebrew geresh/gershayim
      q = next;
      continue;
    }
    if (c.cp == '&' && st.last == kUpper && nc == kUpper) {  // "AT&T"
      q = next;
      continue;
    }
    if (c.cp == ':' && ascii && s_.compare(q, 3, "://") == 0) {
      const std::string_view scheme = s_.substr(start, q - start);
      if (EqualsIgnoreCase(scheme, "http") || EqualsIgnoreCase(scheme, "https") ||
          EqualsIgnoreCase(scheme, "ftp")) {
        const size_t end = UrlEnd(start);
        Emit(start, end, TokenKind::kUrl, 0);
        return end;
      }
    }
    if (c.cp == '.') {
      if (q - start == 3 && EqualsIgnoreCase(s_.substr(start, 3), "www") && IsWordCc(nc)) {
        const size_t end = UrlEnd(start);
        Emit(start, end, TokenKind::kUrl, 0);
        return end;
      }
      if (st.chars == 1 && IsLetter(nc)) {
        WordStats dotted;
        if (const size_t end = Dotted(start, &dotted); end != 0) {
          uint16_t flags = dotted.Flags();
          if (s_[end - 1] == '.') flags |= Token::kAbbreviation;
          return FinishWord(start, end, flags, dotted);
        }
      }
      if (ascii && st.chars >= 2) {
        if (const size_t end = DomainSuffixEnd(next); end != 0) {
          for (size_t i = next; i < end; ++i) st.Add(kLower);
          q = end;
          continue;
        }
      }
    }
    if (ascii && (c.cp == '.' || c.cp == '_' || c.cp == '+' || c.cp == '-' || c.cp == '@' ||
                  c.cp == '%')) {
      if (const size_t end = TryEmail(start); end != 0) {
        Emit(start, end, TokenKind::kEmail, 0);
        return end;
      }
    }
    break;
  }

  uint16_t flags = st.Flags();
  q = TakePeriod(start, q, st.chars == 1 && st.first == kUpper, &flags);
  return FinishWord(start, q, flags, st);
}

// The end of the word [start, q) with a period at `q` that belongs to it (an
// initial or a known abbreviation, never the first period of an ellipsis),
// adding its flags; else q. `one_capital`: the word is one uppercase letter.
size_t Tokenizer::TakePeriod(size_t start, size_t q, bool one_capital, uint16_t* flags) const {
  if (q >= n_ || s_[q] != '.' || (q + 1 < n_ && s_[q + 1] == '.')) return q;
  if (one_capital) {
    *flags |= Token::kInitial | Token::kAbbreviation;
    return q + 1;
  }
  const AbbrevType type = LookupAbbrev(s_.substr(start, q - start));
  if (type == AbbrevType::kNone) return q;
  if (type == AbbrevType::kNumberPrefix) {
    size_t r = q + 1;
    if (r < n_ && s_[r] == ' ') ++r;
    if (ClassAt(r) != kDigit) return q;
  }
  *flags |= Token::kAbbreviation;
  return q + 1;
}

// Adds a word just emitted to the title-case statistics: `alpha` letters,
// `lower` lowercase and `upper` uppercase ones, the first character
// uppercase if `capital`.
void Tokenizer::CountWord(uint32_t alpha, bool capital, uint32_t lower, uint32_t upper) {
  if (seen_word_ && alpha >= 4) {
    ++title_counted_;
    title_capped_ += capital;
  }
  seen_word_ = true;
  words_with_lower_ += lower > 0;
  upper_letters_ += upper;
}

// Emits the word [start, q) and splits off a following possessive.
size_t Tokenizer::FinishWord(size_t start, size_t q, uint16_t flags, const WordStats& st) {
  Emit(start, q, TokenKind::kWord, flags);
  CountWord(st.alpha, st.first == kUpper, st.lower, st.upper);
  // (An apostrophe is "'" or U+2019, E2 80 99: most words end elsewhere.)
  if (q >= n_ || (s_[q] != '\'' && s_[q] != '\xE2')) return q;
  // The possessive clitic, split off.
  if (IsCliticAt(q)) {
    const size_t end = q + At(q).len + 1;
    const bool contraction = IsContractionStem(s_.substr(start, q - start));
    Emit(q, end, TokenKind::kWord, contraction ? 0 : Token::kPossessive);
    return end;
  }
  if (q < n_ && (s_[q - 1] == 's' || s_[q - 1] == 'S') && !open_single_) {
    const Cp ap = At(q);
    if (IsApostrophe(ap.cp) && !IsAlnumLike(ClassAt(q + ap.len))) {
      Emit(q, q + ap.len, TokenKind::kWord, Token::kPossessive);
      return q + ap.len;
    }
  }
  return q;
}

size_t Tokenizer::Number(size_t start) {
  size_t q = start;
  if (s_[q] == '.') ++q;
  while (q < n_) {
    if (static_cast<unsigned char>(s_[q] - '0') < 10) {  // the usual digit, without At
      ++q;
      continue;
    }
    const Cp c = At(q);
    if (c.cls == kDigit) {
      q += c.len;
      continue;
    }
    const bool separator = c.cp == '.' || c.cp == ',' || c.cp == ':' || c.cp == '/' ||
                           c.cp == 0x066B || c.cp == 0x066C;  // Arabic decimal/thousands
    if (separator && ClassAt(q + c.len) == kDigit) {
      q += c.len;
      continue;
    }
    break;
  }
  uint16_t flags = Token::kHasDigit;
  if (q + 1 < n_) {
    const char a = s_[q];
    const char b = s_[q + 1];
    const bool english = (a == 's' && b == 't') || (a == 'n' && b == 'd') ||
                         (a == 'r' && b == 'd') || (a == 't' && b == 'h');
    if (english && !IsAlnumLike(ClassAt(q + 2))) {
      q += 2;
      flags |= Token::kOrdinal;
    } else {
      const Cp c = At(q);
      if ((c.cp == 0xBA || c.cp == 0xAA) && !IsAlnumLike(ClassAt(q + c.len))) {
        q += c.len;
        flags |= Token::kOrdinal;
      }
    }
  }
  Emit(start, q, TokenKind::kNumber, flags);
  return q;
}

size_t Tokenizer::NoSpace(size_t start, Cp c) {
  size_t q = start + c.len;
  if (c.cls != kHan) {
    const Cc run = c.cls == kKanaMark ? kKatakana : c.cls;
    const bool kana = run == kHiragana || run == kKatakana;
    while (q < n_) {
      const Cp d = At(q);
      if (d.cls != run && d.cls != kMark && !(kana && d.cls == kKanaMark)) break;
      q += d.len;
    }
  }
  q = SkipMarks(q);
  Emit(start, q, TokenKind::kWord, Token::kNoSpaceScript);
  return q;
}

size_t Tokenizer::TagOrMention(size_t start, char32_t sigil) {
  size_t q = start + 1;
  bool letter = false;
  while (q < n_) {
    const Cp c = At(q);
    if (!IsAlnumLike(c.cls) && c.cp != '_') break;
    letter |= IsLetter(c.cls) || (c.cls >= kHan && c.cls <= kSeAsian) || c.cp == '_';
    q += c.len;
  }
  if (q == start + 1 || (sigil == '#' && !letter)) return 0;
  Emit(start, q, sigil == '#' ? TokenKind::kHashtag : TokenKind::kMention, 0);
  return q;
}

size_t Tokenizer::Quote(size_t p, Cp c) {
  const size_t next = p + c.len;
  // Elision "'n'" ("rock 'n' roll").
  if (IsApostrophe(c.cp) && next + 1 < n_ && (s_[next] == 'n' || s_[next] == 'N') &&
      s_[next + 1] == '\'' && !IsAlnumLike(ClassAt(next + 2)) && space_before()) {
    Emit(p, next + 2, TokenKind::kWord, Token::kHasApostrophe);
    return next + 2;
  }
  const bool after_open = space_before() || out_.empty() ||
                          (out_.back().end == p && (out_.back().Has(Token::kOpening) ||
                                                    s_[out_.back().begin] == '-' ||
                                                    s_.compare(out_.back().begin, 3, "\u2014") == 0 ||
                                                    s_.compare(out_.back().begin, 3, "\u2013") == 0));
  const Cc nc = ClassAt(next);
  const bool before_break = nc == kSpace || nc == kNewline || nc == kPunct;
  const bool single = IsSingleQuote(c.cp);
  bool opening;
  if (after_open && !before_break) {
    opening = true;
  } else if (!after_open && before_break) {
    opening = false;
  } else if (c.cp == '"' || c.cp == '\'' || c.cp == 0xFF02 || c.cp == 0xFF07) {
    opening = !(single ? open_single_ : open_double_);
  } else {
    const int8_t type = u_charType(static_cast<UChar32>(c.cp));
    opening = type == U_INITIAL_PUNCTUATION || type == U_START_PUNCTUATION;
  }
  (single ? open_single_ : open_double_) = opening;
  Emit(p, SkipMarks(next), TokenKind::kPunctuation,
       Token::kQuote | (opening ? Token::kOpening : Token::kClosing));
  return SkipMarks(next);
}

size_t Tokenizer::PunctOrSymbol(size_t p, Cp c) {
  const char32_t cp = c.cp;
  const size_t next = p + c.len;
  if (IsQuote(cp)) return Quote(p, c);
  switch (cp) {
    case '.': {
      const bool glued = !space_before() && !out_.empty() && out_.back().end == p &&
                         (out_.back().kind == TokenKind::kWord ||
                          out_.back().kind == TokenKind::kNumber);
      if (!glued && ClassAt(next) == kDigit) return Number(p);
      [[fallthrough]];
    }
    case '-': {
      size_t q = next;
      while (q < n_ && s_[q] == static_cast<char>(cp)) ++q;
      Emit(p, q, TokenKind::kPunctuation, 0);
      return q;
    }
    case '!':
    case '?': {
      size_t q = next;
      while (q < n_ && (s_[q] == '!' || s_[q] == '?')) ++q;
      Emit(p, q, TokenKind::kPunctuation, 0);
      return q;
    }
    case '#':
    case '@': {
      const bool free = space_before() || out_.empty() || out_.back().end != p ||
                        out_.back().kind == TokenKind::kPunctuation;
      if (free) {
        if (const size_t end = TagOrMention(p, cp); end != 0) return end;
      }
      break;
    }
    default:
      break;
  }
  uint16_t flags = 0;
  size_t q = next;
  if (c.cls == kPunct) {
    const int8_t type = cp < 0x80 ? 0 : u_charType(static_cast<UChar32>(cp));
    if (cp == '(' || cp == '[' || cp == '{' || type == U_START_PUNCTUATION) flags |= Token::kOpening;
    if (cp == ')' || cp == ']' || cp == '}' || type == U_END_PUNCTUATION) flags |= Token::kClosing;
  } else if (cp >= 0x80) {
    // Emoji sequences: a flag is two regional indicators; modifiers,
    // variation selectors, keycaps, tags and ZWJ-joined symbols attach.
    if (cp >= 0x1F1E6 && cp <= 0x1F1FF) {
      const char32_t second = CpAt(q);
      if (second >= 0x1F1E6 && second <= 0x1F1FF) q += 4;
    }
    while (q < n_) {
      const Cp d = At(q);
      if (d.cls == kMark || (d.cp >= 0x1F3FB && d.cp <= 0x1F3FF) ||
          (d.cp >= 0xE0020 && d.cp <= 0xE007F)) {
        q += d.len;
      } else if (d.cp == 0x200D && q + d.len < n_ && At(q + d.len).cls == kSymbol) {
        q += d.len + At(q + d.len).len;
      } else {
        break;
      }
    }
  }
  q = SkipMarks(q);
  Emit(p, q, c.cls == kPunct ? TokenKind::kPunctuation : TokenKind::kSymbol, flags);
  return q;
}

// ---- Sentences -------------------------------------------------------------

enum class Terminator : uint8_t { kNone, kStrong, kEllipsis, kFullWidth, kAbbreviation };

Terminator TerminatorOf(const Token& t, std::string_view text) {
  if (t.Has(Token::kAbbreviation)) return Terminator::kAbbreviation;
  if (t.kind != TokenKind::kPunctuation) return Terminator::kNone;
  const std::string_view s = text.substr(t.begin, t.end - t.begin);
  if (s[0] == '.') return s.size() == 1 ? Terminator::kStrong : Terminator::kEllipsis;
  if (s[0] == '!' || s[0] == '?') return Terminator::kStrong;
  if (s == "\u2026") return Terminator::kEllipsis;
  if (s == "\u3002" || s == "\uFF01" || s == "\uFF1F" || s == "\uFF61" || s == "\uFF0E") {
    return Terminator::kFullWidth;
  }
  if (s == "\u061F" || s == "\u06D4" || s == "\u0964" || s == "\u0965" || s == "\u1362" ||
      s == "\u037E") {
    return Terminator::kStrong;
  }
  return Terminator::kNone;
}

bool StartsLowercase(const Token& t, std::string_view text) {
  const auto b = static_cast<unsigned char>(text[t.begin]);
  if (b < 0x80) return IsAsciiLower(static_cast<char>(b));
  size_t pos = t.begin;
  const char32_t cp = DecodeUtf8(text, &pos);
  return u_charType(static_cast<UChar32>(cp)) == U_LOWERCASE_LETTER;
}

}  // namespace

bool HasNewline(std::string_view text, uint32_t begin, uint32_t end) {
  // Gaps between tokens are mostly one space: no memchr call for short
  // gaps.
  if (end - begin < 16) {
    for (uint32_t i = begin; i < end; ++i) {
      if (text[i] == '\n') return true;
    }
    if (end - begin < 3) return false;
  } else if (std::memchr(text.data() + begin, '\n', end - begin) != nullptr) {
    return true;
  }
  for (uint32_t i = begin; i + 2 < end; ++i) {
    if (static_cast<unsigned char>(text[i]) == 0xE2 && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(text[i + 2]) == 0xA8 ||
         static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
      return true;
    }
  }
  return false;
}

namespace {

// Whether a sentence ends after the terminator at `i`, with the next
// sentence starting at token `j` (closing quotes and brackets skipped).
bool BreaksBefore(const FieldAnalysis& a, size_t i, Terminator term, size_t j) {
  const Token& t = a.tokens[i];
  const Token& next = a.tokens[j];
  if (term == Terminator::kFullWidth) return true;
  if (!next.Has(Token::kSpaceBefore)) return false;
  switch (term) {
    case Terminator::kStrong: {
      if (next.kind == TokenKind::kPunctuation && !next.Has(Token::kOpening)) return false;
      if (StartsLowercase(next, a.text)) return false;
      // "am 3. Oktober": a German ordinal day before a month name.
      if (i > 0 && a.tokens[i - 1].kind == TokenKind::kNumber && a.tokens[i - 1].end == t.begin &&
          a.tokens[i - 1].size() <= 2 && next.kind == TokenKind::kWord) {
        const std::string_view word = a.TokenText(next);
        for (std::string_view month : kGermanMonths) {
          if (word == month) return false;
        }
      }
      return true;
    }
    case Terminator::kEllipsis:
      return next.Has(Token::kInitialCap) || next.Has(Token::kOpening);
    case Terminator::kAbbreviation: {
      if (next.kind != TokenKind::kWord || !IsSentenceStarter(a.TokenText(next))) return false;
      if (t.Has(Token::kInitial)) return !next.Has(Token::kInitial);
      std::string_view word = a.TokenText(t);
      word.remove_suffix(1);
      const AbbrevType type = LookupAbbrev(word);
      return type == AbbrevType::kOther || type == AbbrevType::kNone;
    }
    default:
      return false;
  }
}

void SplitSentences(FieldAnalysis* a) {
  const size_t n = a->tokens.size();
  if (n == 0) return;
  size_t start = 0;
  bool paragraph_start = true;
  auto close = [&](size_t end) {
    if (end <= start) return;
    a->sentences.push_back(Sentence{static_cast<uint32_t>(start), static_cast<uint32_t>(end),
                                    a->tokens[start].begin, a->tokens[end - 1].end,
                                    paragraph_start});
    paragraph_start = false;
    start = end;
  };
  if (a->field == v1::TEXT_FIELD_HEADLINE) {
    close(n);
    return;
  }
  // News sentences run to ~15 tokens or more: one allocation, no regrowth.
  a->sentences.reserve(n / 12 + 1);
  const Token* const tokens = a->tokens.data();  // close() changes only a->sentences
  for (size_t i = 0; i < n; ++i) {
    const Token& t = tokens[i];
    // Most tokens neither follow a line break nor can end a sentence.
    if ((t.flags & (Token::kSentenceStart | Token::kAbbreviation)) == 0 &&
        t.kind != TokenKind::kPunctuation) {
      continue;
    }
    // The tokenizer marked the tokens after a line break (Tokenizer::gap_flags_).
    if (i > 0 && t.Has(Token::kSentenceStart)) {
      close(i);
      paragraph_start = true;
    }
    const Terminator term = TerminatorOf(t, a->text);
    if (term == Terminator::kNone) continue;
    size_t j = i + 1;
    while (j < n && tokens[j].Has(Token::kClosing) && !tokens[j].Has(Token::kSpaceBefore)) ++j;
    if (j >= n) break;
    if (BreaksBefore(*a, i, term, j)) {
      close(j);
      i = j - 1;
    }
  }
  close(n);
}

void MarkSentenceStarts(FieldAnalysis* a) {
  for (const Sentence& s : a->sentences) {
    a->tokens[s.token_begin].flags |= Token::kSentenceStart;
    for (uint32_t i = s.token_begin; i < s.token_end; ++i) {
      Token& t = a->tokens[i];
      if (t.kind == TokenKind::kPunctuation || t.kind == TokenKind::kSymbol) continue;
      t.flags |= Token::kSentenceStart;
      break;
    }
  }
}

}  // namespace

void AnalyzeField(v1::TextField field, std::string_view text, FieldAnalysis* out) {
  WL_CHECK(text.size() < std::numeric_limits<uint32_t>::max()) << "field too large to analyse";
  out->field = field;
  out->text = text;
  out->tokens.clear();
  out->sentences.clear();
  // Typical English runs at ~5-6 bytes per token.
  out->tokens.reserve(text.size() / 4 + 1);
  Tokenizer tokenizer(text, field != v1::TEXT_FIELD_HEADLINE, &out->tokens);
  tokenizer.Run();
  out->title_case = tokenizer.title_case();
  out->all_caps = tokenizer.all_caps();
  SplitSentences(out);
  MarkSentenceStarts(out);
}

TextAnalysis::TextAnalysis() {
  headline_.field = v1::TEXT_FIELD_HEADLINE;
  body_.field = v1::TEXT_FIELD_BODY;
}

TextAnalysis::TextAnalysis(std::string_view headline, std::string_view body) {
  AnalyzeField(v1::TEXT_FIELD_HEADLINE, headline, &headline_);
  AnalyzeField(v1::TEXT_FIELD_BODY, body, &body_);
}

TextAnalysis TextAnalysis::Of(const v1::Enrichment& enrichment) {
  return TextAnalysis(enrichment.headline(), enrichment.body());
}

const FieldAnalysis& TextAnalysis::field(v1::TextField field) const {
  WL_CHECK(field == v1::TEXT_FIELD_HEADLINE || field == v1::TEXT_FIELD_BODY)
      << "no analysis for text field " << static_cast<int>(field);
  return field == v1::TEXT_FIELD_HEADLINE ? headline_ : body_;
}

const TextAnalysis& ArticleCache::analysis() {
  if (!analysis_.has_value()) analysis_.emplace(TextAnalysis::Of(enrichment_));
  return *analysis_;
}

}  // namespace wirelens::pipeline
