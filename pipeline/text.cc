#include "pipeline/text.h"

#include <algorithm>
#include <cstring>

namespace wirelens::pipeline {
namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr size_t kCheckpointEvery = 64;

// Length of the sequence starting with lead byte `b`, or 0 if `b` cannot lead.
inline int SequenceLength(unsigned char b) {
  if (b < 0x80) return 1;
  if (b >= 0xC2 && b <= 0xDF) return 2;
  if (b >= 0xE0 && b <= 0xEF) return 3;
  if (b >= 0xF0 && b <= 0xF4) return 4;
  return 0;
}

}  // namespace

char32_t DecodeUtf8(std::string_view s, size_t* pos) {
  const size_t i = *pos;
  const auto b0 = static_cast<unsigned char>(s[i]);
  const int len = SequenceLength(b0);
  if (len == 1) {
    *pos = i + 1;
    return b0;
  }
  if (len == 0 || i + len > s.size()) {
    *pos = i + 1;
    return kReplacement;
  }
  char32_t cp = b0 & (0xFF >> (len + 1));
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      *pos = i + 1;
      return kReplacement;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  // Reject overlongs, surrogates and values past U+10FFFF.
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    *pos = i + 1;
    return kReplacement;
  }
  *pos = i + len;
  return cp;
}

bool IsValidUtf8(std::string_view s) {
  size_t pos = 0;
  while (pos < s.size()) {
    // Fast path for ASCII runs.
    if (static_cast<unsigned char>(s[pos]) < 0x80) {
      ++pos;
      continue;
    }
    const size_t before = pos;
    const char32_t cp = DecodeUtf8(s, &pos);
    if (cp == kReplacement) {
      // A literal U+FFFD is three bytes EF BF BD; a decoding failure advances
      // exactly one byte.
      if (pos - before == 1) return false;
    }
  }
  return true;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = kReplacement;
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

size_t CodePointCount(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

namespace {

// Whether `s` has no byte >= 0x80: 32 bytes (four words OR-ed) per test,
// then eight at a time.
bool IsAscii(std::string_view s) {
  size_t i = 0;
  for (; i + 32 <= s.size(); i += 32) {
    uint64_t words[4];
    std::memcpy(words, s.data() + i, 32);
    if (((words[0] | words[1] | words[2] | words[3]) & 0x8080808080808080ULL) != 0) return false;
  }
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    if ((word & 0x8080808080808080ULL) != 0) return false;
  }
  for (; i < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) >= 0x80) return false;
  }
  return true;
}

}  // namespace

void SpanBuilder::BuildIndex() {
  indexed_ = true;
  // Most wire copy is ASCII: byte, code-point and UTF-16 offsets coincide.
  ascii_ = IsAscii(text_);
  if (ascii_) return;
  uint32_t cp = 0, utf16 = 0;
  for (size_t pos = 0; pos < text_.size(); ++pos) {
    const auto byte = static_cast<unsigned char>(text_[pos]);
    if ((byte & 0xC0) == 0x80) continue;  // continuation byte
    if (cp % kCheckpointEvery == 0) {
      checkpoint_bytes_.push_back(static_cast<uint32_t>(pos));
      checkpoint_offsets_.push_back({cp, utf16});
    }
    ++cp;
    utf16 += byte >= 0xF0 ? 2 : 1;  // 4-byte sequences are surrogate pairs
  }
  checkpoint_bytes_.push_back(static_cast<uint32_t>(text_.size()));
  checkpoint_offsets_.push_back({cp, utf16});
}

SpanBuilder::Offsets SpanBuilder::OffsetsAt(size_t byte) {
  if (ascii_) return {static_cast<uint32_t>(byte), static_cast<uint32_t>(byte)};
  // Last checkpoint at or before `byte`, then count lead bytes forward.
  auto it = std::upper_bound(checkpoint_bytes_.begin(), checkpoint_bytes_.end(), byte);
  const size_t k = static_cast<size_t>(it - checkpoint_bytes_.begin()) - 1;
  Offsets off = checkpoint_offsets_[k];
  for (size_t pos = checkpoint_bytes_[k]; pos < byte; ++pos) {
    const auto b = static_cast<unsigned char>(text_[pos]);
    if ((b & 0xC0) == 0x80) continue;
    ++off.cp;
    off.utf16 += b >= 0xF0 ? 2 : 1;
  }
  return off;
}

v1::Span SpanBuilder::MakeSpan(size_t byte_begin, size_t byte_end) {
  if (!indexed_) BuildIndex();
  byte_end = std::min(byte_end, text_.size());
  byte_begin = std::min(byte_begin, byte_end);
  const Offsets b = OffsetsAt(byte_begin);
  const Offsets e = OffsetsAt(byte_end);
  v1::Span span;
  span.set_field(field_);
  span.set_byte_begin(static_cast<uint32_t>(byte_begin));
  span.set_byte_end(static_cast<uint32_t>(byte_end));
  span.set_cp_begin(b.cp);
  span.set_cp_end(e.cp);
  span.set_utf16_begin(b.utf16);
  span.set_utf16_end(e.utf16);
  return span;
}

}  // namespace wirelens::pipeline
