// File: text.h
//
// UTF-8 helpers shared by the pipeline and the stages, and SpanBuilder, which
// turns UTF-8 byte ranges of a normalized field into v1::Span messages that
// carry byte, code-point and UTF-16 offsets.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "wirelens/v1/enrichment.pb.h"

namespace wirelens::pipeline {

// True if `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Decodes one code point at `s[*pos]` and advances `*pos`. Returns U+FFFD and
// advances one byte on malformed input; never reads past `s.size()`.
char32_t DecodeUtf8(std::string_view s, size_t* pos);

// Appends the UTF-8 encoding of `cp` (U+FFFD for invalid values).
void AppendUtf8(char32_t cp, std::string* out);

// Number of code points in valid UTF-8 `s`.
size_t CodePointCount(std::string_view s);

// Converts byte offsets of one field into full spans.
//
// Construction is O(1); the first MakeSpan() call indexes the field in O(n)
// so that every later call is O(log n). Not thread-safe; build one per field
// per article. `text` must outlive the builder and be valid UTF-8; offsets
// must fall on code-point boundaries.
class SpanBuilder {
 public:
  SpanBuilder(v1::TextField field, std::string_view text) : field_(field), text_(text) {}

  // Span for bytes [byte_begin, byte_end), clamped to the text.
  v1::Span MakeSpan(size_t byte_begin, size_t byte_end);

 private:
  void BuildIndex();
  struct Offsets {
    uint32_t cp;
    uint32_t utf16;
  };
  Offsets OffsetsAt(size_t byte);

  v1::TextField field_;
  std::string_view text_;
  bool indexed_ = false;
  // All of `text_` is ASCII: every offset equals the byte offset.
  bool ascii_ = false;
  // Byte offsets of every 64th code point, with the cp and UTF-16 counts there.
  std::vector<uint32_t> checkpoint_bytes_;
  std::vector<Offsets> checkpoint_offsets_;
};

}  // namespace wirelens::pipeline
