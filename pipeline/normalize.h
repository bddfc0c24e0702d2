// File: normalize.h
//
// Normalization turns a decoded RawArticle into the text every stage
// annotates, and starts the v1::Enrichment that carries it:
//   - invalid UTF-8 is repaired with a recorded warning when the intent is
//     clear (text in Windows-1252 / Latin-1, a few stray bytes), or rejected
//     when the bytes are not text at all;
//   - UTF-8 read as Windows-1252 and re-encoded ("mojibake": "CafÃ©") is
//     repaired, with a warning;
//   - HTML bodies are reduced to text: tags dropped, entities decoded,
//     script/style content removed, block elements become paragraph breaks;
//   - Unicode NFC (ICU); control characters other than newline and tab are
//     removed; whitespace tidied: runs of spaces become one, lines trimmed,
//     paragraphs separated by exactly "\n\n"; a single newline inside a
//     paragraph becomes a space (wire copy hard-wraps at ~70 columns); the
//     headline is one line. Zero-width spaces, BOMs and soft hyphens are
//     removed; ZWJ/ZWNJ are kept. normalize.cc has the full rules.
// Datelines, timestamps and other content are left alone: stages decide.
// Warning codes: DECODED_AS_CP1252, UTF8_REPAIRED, MOJIBAKE_REPAIRED
// (encoding.h), HTML_STRIPPED (markup found in a field not declared HTML),
// CONTROL_CHARS_REMOVED.
// Spans of every stage refer to the normalized text, which the Enrichment
// carries in `headline` and `body`.
//
// Thread-safe; the ICU normalizer is obtained once and shared.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "pipeline/decode.h"
#include "wirelens/v1/article.pb.h"
#include "wirelens/v1/enrichment.pb.h"

namespace wirelens::pipeline {

struct NormalizeOptions {
  // Articles whose normalized headline + body exceed this are rejected.
  size_t max_article_bytes = kDefaultMaxArticleBytes;
  // Reference time for articles without published_at (`--published-at`).
  std::optional<absl::Time> default_reference_time;
};

// Which kind of text NormalizeText is cleaning.
enum class TextKind {
  kHeadline,   // one line: newlines become spaces
  kPlainBody,  // paragraphs kept
  kHtmlBody,   // markup reduced to text, then as kPlainBody
};

// Normalizes one text field, appending repair warnings to `warnings`.
// Errors: InvalidArgument when the bytes are not text (binary data, mostly
// invalid UTF-8) — the message says why.
absl::StatusOr<std::string> NormalizeText(std::string_view text, TextKind kind,
                                          std::vector<v1::InputWarning>* warnings);

// True when `body` looks like an HTML fragment (has tags of known elements
// such as <p>, <br>, <div>, <a href=...>, a comment, or a character
// reference such as "&amp;"), used for BODY_FORMAT_UNSPECIFIED and for
// headlines.
bool LooksLikeHtml(std::string_view body);

// Fills `out` from `article`: schema_version, article_id (the article's id,
// or `fallback_id` when empty, or "sha256:<hex>" of the content), normalized
// headline and body, url, source, published_at, reference time and its
// source, language hint, attributes, and the warnings from decoding and
// normalization (replacing any already in `out`). Leaves the stage fields
// untouched. The body is HTML when declared BODY_FORMAT_HTML, or when
// unspecified and LooksLikeHtml; the headline when LooksLikeHtml. On error
// `out` is unchanged.
//
// Errors: InvalidArgument (not text, or no text at all after normalization:
// "article has no text"), OutOfRange (normalized text over the limit).
absl::Status NormalizeArticle(const v1::RawArticle& article,
                              const std::vector<v1::InputWarning>& decode_warnings,
                              const NormalizeOptions& options, std::string_view fallback_id,
                              v1::Enrichment* out);

// "sha256:<64 hex digits>" of `bytes`.
std::string ContentHashId(std::string_view bytes);

}  // namespace wirelens::pipeline
