// File: features_text.h
//
// Word-level string helpers shared by the recognizer's features and the
// lexicon builder, so the forms counted in unlabeled text are exactly the
// forms looked up at tagging time: case folding, digit normalization, case
// patterns and word shapes.
//
// Case folding covers ASCII and the Latin-1 letters of UTF-8 (U+00C0..U+00DE);
// other bytes pass through unchanged. That is enough for English news, cheap,
// and allocation-free: every function writes into a caller-owned string that
// keeps its capacity between calls.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace wirelens::stages::entities {

// How a word is capitalized.
enum class CasePattern : uint8_t {
  kNone = 0,   // no cased letter ("1996", "--")
  kLower = 1,  // "table"
  kTitle = 2,  // "Paris" (first letter upper, the rest lower or uncased)
  kUpper = 3,  // "NATO", "U.S." (at least one letter, all upper)
  kMixed = 4,  // "McDonald", "iPhone"
};

CasePattern GetCasePattern(std::string_view word);

// `word` lowercased into `out` (replacing its contents).
void FoldCase(std::string_view word, std::string* out);

// `word` rewritten to `pattern` (kLower, kTitle or kUpper; others copy).
void ApplyCasePattern(std::string_view word, CasePattern pattern, std::string* out);

// `word` with every ASCII digit replaced by '0' (into `out`), so "1996" and
// "2003" share a lexicon entry.
void NormalizeDigits(std::string_view word, std::string* out);

// Word shape: upper -> 'X', lower -> 'x', digit -> 'd', other bytes kept,
// non-ASCII letters as 'x'. With `collapse`, runs of the same class are
// shortened to one ("Xx", "Xx.X.", "d-d"). At most `max_len` characters.
void WordShape(std::string_view word, bool collapse, size_t max_len, std::string* out);

bool HasDigit(std::string_view word);
bool IsPunctuation(std::string_view word);  // only ASCII punctuation bytes

}  // namespace wirelens::stages::entities
