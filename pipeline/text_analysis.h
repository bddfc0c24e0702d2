// File: text_analysis.h
//
// Tokens and sentences of the normalized headline and body, computed once per
// article and shared by every stage that needs them (entities, figures).
//
// The analysis is rule-based, deterministic and model-free. It works on the
// normalized text (normalize.h: NFC, paragraphs separated by "\n\n", the
// headline on one line) and never copies it: tokens and sentences are UTF-8
// byte ranges [begin, end) of the field, and FieldAnalysis::text views the
// string it was computed from. Turn them into v1::Span with SpanBuilder
// (text.h).
//
// Stages get the analysis of the current article with GetTextAnalysis(ctx)
// (stage.h). The chain computes it lazily, on the first call of any stage of a
// run, and every later stage of that run gets the same object.
//
// ---- Tokens --------------------------------------------------------------
// Whitespace (including NBSP, thin and ideographic spaces) separates tokens
// and is never part of one; format characters (bidi marks, a ZWJ outside a
// word) are skipped. Every other character belongs to exactly one token.
//
// Words (TokenKind::kWord): letters, combining marks and digits, in any
// script (ICU properties; ASCII through a table). Kept as one token:
//   - hyphenated words and names: "Jean-Claude", "Rolls-Royce", "al-Assad",
//     "COVID-19", "F-16" (a hyphen between a letter/digit and a letter, or
//     between a letter and a digit; U+2010 and U+2011 count as hyphens);
//   - inner apostrophes (' or U+2019): "don't", "O'Brien", "they're",
//     "d'Ivoire"; and the elision "'n'" ("rock 'n' roll");
//   - dotted abbreviations of single letters, with their final period:
//     "U.S.", "U.K.", "J.K.", "e.g.", "a.m.", "U.S.A.";
//   - an uppercase initial with its period: "J." (flag kInitial);
//   - a known abbreviation with its period (flag kAbbreviation): titles
//     ("Mr.", "Dr.", "Gen.", "Sen.", "Gov."), months ("Jan.", "Sept."),
//     company suffixes ("Inc.", "Corp.", "Ltd.", "Co."), "St.", "vs.",
//     "etc.", "al." (et al.), "Jr.", US state abbreviations in AP style
//     ("Calif."), a few German and Russian ones ("Mio.", "Mrd.", "bzw.",
//     "z.B.", "г."), and "No."/"Nos."/"Nr." only before a number ("No. 10";
//     "No." elsewhere is the word "No" and a period). Case-sensitive; the
//     list is kAbbrevs in the .cc;
//   - "&" between capitals: "AT&T", "S&P" ("Tom & Jerry" is three tokens);
//   - a name with a domain suffix: "Amazon.com", "example.org" (a period
//     followed by 2-6 lowercase ASCII letters and then no letter or digit).
// The possessive clitic is split off as its own kWord token with flag
// kPossessive: "Putin's" -> "Putin" "'s"; "Lukashenko’s" -> "Lukashenko"
// "’s"; "Jesus'" -> "Jesus" "'" (an apostrophe after a final s, unless a
// single quote opened earlier in the paragraph is still open: then it is
// taken as the closing quote, the likelier reading in 'They blamed the
// rebels' and left'; a possessive inside single quotes is misread). The
// contractions
// "it's", "he's", "that's", "let's", ... are split the same way but their
// "'s" does not get kPossessive. Other contractions stay whole ("can't").
//
// No-space scripts: each Han character (with any following marks or
// variation selectors) is one token; a run of Hiragana, a run of Katakana
// (with the prolonged sound mark "ー"), and a run of Thai, Lao, Khmer or
// Myanmar letters are one token each (no dictionary segmentation). All carry
// kNoSpaceScript. Hangul is written with spaces and is tokenized as words.
//
// Numbers (kNumber) start with a digit (any script's decimal digits) or with
// "." before a digit (".5"). Digit groups joined by one of . , : / followed
// by a digit stay one token: "27,700", "1.5", "3,5", "1.000.000", "14:32",
// "24/7", "5/11/2024". Which separator is decimal is left to the consumer (it
// depends on the language). An English ordinal suffix stays in the token with
// flag kOrdinal: "30th", "82nd", "1st", "3rd", and "1º"/"2ª". Any other letters
// after a number start a new token without kSpaceBefore: "5.2bn" -> "5.2"
// "bn", "1990s" -> "1990" "s", "10km" -> "10" "km". Ranges are split:
// "2019-2020" -> "2019" "-" "2020"; "34-year-old" -> "34" "-" "year-old".
// Signs and currency are separate symbol tokens: "$40" -> "$" "40", "12%" ->
// "12" "%", "−3" -> "−" "3".
//
// URLs (kUrl) start with "http://", "https://", "ftp://" or "www." and run to
// the next whitespace or quotation mark, minus trailing punctuation (and a
// final ")" without a matching "("). Emails (kEmail): "name@host.tld".
// Hashtags (kHashtag) "#word" and mentions (kMention) "@name": "#" / "@"
// followed by letters, digits or "_" (a hashtag needs a letter: "#1" is
// "#" "1"), and not glued to a preceding word or number.
//
// Punctuation (kPunctuation) is one token per character, except runs of "."
// ("..."), of "!"/"?" ("?!") and of "-" ("--"), which are one token each.
// Symbols (kSymbol): currency, math, "%", "°", "&", emoji; an emoji sequence
// (modifiers, variation selectors, ZWJ sequences, keycaps, flag pairs) is one
// token. Quotation marks (straight and curly, « » „ ‹ ›) carry kQuote and,
// like brackets, kOpening or kClosing decided from context (after a space or
// at the start: opening; before a space, punctuation or the end: closing;
// else by the character's Unicode class).
//
// ---- Sentences -------------------------------------------------------------
// The headline is always one sentence. In the body, a sentence ends
//   - at every newline (paragraph breaks, and single newlines if any);
//   - after ".", "!", "?" (and runs of them), "…"/"..." and the CJK, Arabic
//     and Devanagari terminators, together with any closing quotes and
//     brackets that follow without a space, when whitespace follows and the
//     next token does not start with a lowercase letter and is not
//     punctuation such as "," (so "Yahoo! is", '"Why?" she asked', "1.5" and
//     URLs do not split). After an ellipsis the next token must be
//     capitalized or an opening quote/bracket. The full-width terminators
//     "。！？" end a sentence without a following space;
//   - after an abbreviation token only when the next word is one that
//     typically starts sentences and rarely follows an abbreviation inside
//     one ("The", "He", "But", "In", ...; see kSentenceStarters in the .cc):
//     "in the U.S. The president said" splits, "the U.S. Senate" does not.
//     Titles ("Mr.", "Gen."), months ("Jan.") and "No.", "vs.", "e.g.",
//     "i.e." never end a sentence; an initial ("J.") only before a sentence
//     starter that is not itself an initial.
// A German ordinal day before a month name ("am 3. Oktober") does not end a
// sentence.
// Every token belongs to exactly one sentence; sentences are contiguous and
// in order.
//
// ---- Cost --------------------------------------------------------------
// One linear pass per field plus a linear sentence pass; every look-ahead is
// bounded or memoized, so pathological inputs (100k periods or apostrophes)
// stay linear. Output is about 2.5 bytes per byte of English text (a 12-byte
// Token per ~5 bytes). text_analysis_benchmark: ~590 MB/s, ~120M tokens/s per
// core on English news copy, ~190 MB/s on the multilingual sample.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "wirelens/v1/enrichment.pb.h"

namespace wirelens::pipeline {

enum class TokenKind : uint8_t {
  kWord,         // letters/digits in any script, incl. abbreviations
  kNumber,       // starts with a digit: "27,700", "1.5", "14:32", "30th"
  kPunctuation,  // . , ; : ! ? quotes brackets dashes ...
  kSymbol,       // $ € % ° + = & emoji ...
  kUrl,          // "https://example.org/a?b=c", "www.example.org"
  kEmail,        // "press@example.org"
  kHashtag,      // "#election2024"
  kMention,      // "@reuters"
};

// One token: a half-open UTF-8 byte range of its field's text.
struct Token {
  // Bits of `flags`.
  enum Flag : uint16_t {
    // First character is an uppercase or titlecase letter.
    kInitialCap = 1u << 0,
    // At least two cased letters and none lowercase ("NATO", "U.S.").
    kAllCaps = 1u << 1,
    // Contains a decimal digit (always set on kNumber).
    kHasDigit = 1u << 2,
    // A word with an inner hyphen ("Jean-Claude").
    kHasHyphen = 1u << 3,
    // A word with an inner apostrophe ("O'Brien", "don't").
    kHasApostrophe = 1u << 4,
    // Ends with a period that belongs to it: "U.S.", "Gen.", "Inc.", "J.".
    kAbbreviation = 1u << 5,
    // A single uppercase letter and its period: "J." (also kAbbreviation).
    kInitial = 1u << 6,
    // First token of a sentence; also the first word or number of a
    // sentence that opens with punctuation (a quote, a bracket, a dash).
    kSentenceStart = 1u << 7,
    // A quotation mark (straight or curly, single or double, guillemets).
    kQuote = 1u << 8,
    // An opening quote or bracket.
    kOpening = 1u << 9,
    // A closing quote or bracket.
    kClosing = 1u << 10,
    // The split-off possessive "'s" / "’s" / "'" (see the rules above).
    kPossessive = 1u << 11,
    // Whitespace, or the start of the text, precedes the token. A token
    // without it is glued to the previous one ("5.2" "bn", "$" "40").
    kSpaceBefore = 1u << 12,
    // A number with an ordinal suffix: "30th", "2nd".
    kOrdinal = 1u << 13,
    // A token of a script written without spaces (Han, Kana, Thai, ...).
    kNoSpaceScript = 1u << 14,
    // Contains a non-ASCII byte (consumers can take ASCII fast paths).
    kNonAscii = 1u << 15,
  };

  uint32_t begin = 0;  // UTF-8 byte offset of the first byte
  uint32_t end = 0;    // UTF-8 byte offset one past the last byte
  TokenKind kind = TokenKind::kWord;
  uint16_t flags = 0;  // bitwise OR of Flag values

  bool Has(Flag flag) const { return (flags & flag) != 0; }
  uint32_t size() const { return end - begin; }
};

// One sentence: a run of tokens [token_begin, token_end) and the bytes from
// the first token's begin to the last token's end.
struct Sentence {
  uint32_t token_begin = 0;
  uint32_t token_end = 0;
  uint32_t byte_begin = 0;
  uint32_t byte_end = 0;
  // The sentence starts a paragraph (the field's start or after a newline).
  bool paragraph_start = false;
};

// The analysis of one field. Views `text`; the text must outlive it.
struct FieldAnalysis {
  v1::TextField field = v1::TEXT_FIELD_UNSPECIFIED;
  std::string_view text;
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  // The field is in Title Case or ALL CAPS, so capitalization says nothing
  // about names: of the words of 4+ letters after the first word, at least
  // 70% (and at least two) start with a capital; or all_caps. Meant for
  // headlines; computed for every field. Short headlines ("Putin Meets Xi")
  // are too little evidence and come out false.
  bool title_case = false;
  // No cased word has a lowercase letter, and there are 4+ uppercase letters.
  bool all_caps = false;

  // `t` must be a token of this field. No substr range check: this runs
  // for nearly every token of every stage, and the check's throwing path
  // kept callers from inlining it.
  std::string_view TokenText(const Token& t) const {
    return std::string_view(text.data() + t.begin, t.end - t.begin);
  }
  std::string_view SentenceText(const Sentence& s) const {
    return text.substr(s.byte_begin, s.byte_end - s.byte_begin);
  }
  std::span<const Token> SentenceTokens(const Sentence& s) const {
    return std::span<const Token>(tokens).subspan(s.token_begin, s.token_end - s.token_begin);
  }
};

// True when a line break (a newline, U+2028 or U+2029) lies in
// text[begin, end): the sentence splitter's paragraph break between two
// tokens (it learns it from the tokenizer, which skips those characters).
bool HasNewline(std::string_view text, uint32_t begin, uint32_t end);

// Tokenizes `text` and splits it into sentences, replacing the contents of
// `*out` (its vectors' capacity is reused). `text` must be at most 4 GiB - 1
// (checked) and should be valid UTF-8; malformed bytes become one-byte
// symbol tokens. A headline (TEXT_FIELD_HEADLINE) is one sentence.
void AnalyzeField(v1::TextField field, std::string_view text, FieldAnalysis* out);

// The analysis of an article's headline and body.
//
// Movable value; immutable after construction, so sharing a const one
// between threads is safe. Views the strings it was built from.
class TextAnalysis {
 public:
  // Both fields empty.
  TextAnalysis();
  // Analyses both strings; they must outlive the object.
  TextAnalysis(std::string_view headline, std::string_view body);
  // Analyses `enrichment.headline()` and `.body()`, which must outlive the
  // object and stay unchanged.
  static TextAnalysis Of(const v1::Enrichment& enrichment);

  const FieldAnalysis& headline() const { return headline_; }
  const FieldAnalysis& body() const { return body_; }
  // headline() or body(); crashes on TEXT_FIELD_UNSPECIFIED.
  const FieldAnalysis& field(v1::TextField field) const;

 private:
  FieldAnalysis headline_;
  FieldAnalysis body_;
};

// Per-article, per-chain-run cache of derived data that several stages need.
// Chain::Run creates one per run on its stack and hands it to every stage
// through StageContext::article; stages use GetTextAnalysis(ctx) (stage.h)
// rather than this class.
//
// Not thread-safe: one article, one thread. Holds a reference to the
// Enrichment, whose headline and body must not change while it lives
// (nothing changes them after normalization).
class ArticleCache {
 public:
  explicit ArticleCache(const v1::Enrichment& enrichment) : enrichment_(enrichment) {}
  ArticleCache(const ArticleCache&) = delete;
  ArticleCache& operator=(const ArticleCache&) = delete;

  // The text analysis, computed on the first call.
  const TextAnalysis& analysis();
  // True once analysis() has computed it (for tests and metrics).
  bool has_analysis() const { return analysis_.has_value(); }

 private:
  const v1::Enrichment& enrichment_;
  std::optional<TextAnalysis> analysis_;
};

}  // namespace wirelens::pipeline
