#include "pipeline/encoding.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "pipeline/strings.h"
#include "pipeline/text.h"

namespace wirelens::pipeline {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Windows-1252 bytes 0x80..0x9F. Zero marks the five undefined bytes.
constexpr char32_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 80-87
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,       // 88-8F
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90-97
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,  // 98-9F
};

inline bool IsUndefinedCp1252(unsigned char b) { return b >= 0x80 && b < 0xA0 && kCp1252High[b - 0x80] == 0; }

// C0 controls other than the whitespace ones (\t \n \v \f \r), and DEL.
inline bool IsBinaryControl(unsigned char b) {
  return (b < 0x20 && (b < 0x09 || b > 0x0D)) || b == 0x7F;
}

struct ByteStats {
  size_t chars = 0;       // characters, counting each invalid byte as one
  size_t invalid = 0;     // bytes that start no valid UTF-8 sequence
  size_t multibyte = 0;   // valid multi-byte UTF-8 sequences
  size_t controls = 0;    // IsBinaryControl bytes (NUL included)
  size_t nuls = 0;
  size_t high = 0;        // bytes >= 0x80
  size_t undefined_cp1252 = 0;
  size_t max_high_run = 0;  // longest run of consecutive bytes >= 0x80
};

ByteStats Analyze(std::string_view s) {
  ByteStats st;
  size_t run = 0;
  size_t pos = 0;
  while (pos < s.size()) {
    const auto b = static_cast<unsigned char>(s[pos]);
    if (b < 0x80) {
      ++st.chars;
      if (IsBinaryControl(b)) {
        ++st.controls;
        st.nuls += b == 0;
      }
      run = 0;
      ++pos;
      continue;
    }
    const size_t before = pos;
    const char32_t cp = DecodeUtf8(s, &pos);
    const size_t len = pos - before;
    ++st.chars;
    if (len == 1 && cp == kReplacement) {
      ++st.invalid;
      st.undefined_cp1252 += IsUndefinedCp1252(b);
    } else {
      ++st.multibyte;
    }
    st.high += len;
    run += len;
    st.max_high_run = std::max(st.max_high_run, run);
  }
  return st;
}

absl::Status BinaryError(std::string_view label, std::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(AsAbsl(label), "input is binary, not text: ", AsAbsl(why)));
}

// Percentage of `part` in `whole`, rounded down, for messages.
size_t Percent(size_t part, size_t whole) { return whole == 0 ? 0 : part * 100 / whole; }

// Decodes the mojibake sequence starting at `pos`, if there is one: the
// characters' Windows-1252 bytes must form one valid multi-byte UTF-8
// sequence. On success sets `*cp`, `*end` (byte offset after the sequence)
// and `*strong` (unambiguous: "Ã"/"Â" lead or three/four bytes).
bool MatchMojibake(std::string_view s, size_t pos, char32_t* cp, size_t* end, bool* strong) {
  size_t p = pos;
  const int lead = UnicodeToCp1252(DecodeUtf8(s, &p));
  if (lead < 0xC2 || lead > 0xF4) return false;
  const int len = lead <= 0xDF ? 2 : lead <= 0xEF ? 3 : 4;
  char bytes[4] = {static_cast<char>(lead)};
  for (int k = 1; k < len; ++k) {
    if (p >= s.size()) return false;
    const int b = UnicodeToCp1252(DecodeUtf8(s, &p));
    if (b < 0x80 || b > 0xBF) return false;
    bytes[k] = static_cast<char>(b);
  }
  size_t q = 0;
  const std::string_view seq(bytes, static_cast<size_t>(len));
  const char32_t decoded = DecodeUtf8(seq, &q);
  if (q != seq.size()) return false;  // overlong, surrogate or out of range
  *cp = decoded;
  *end = p;
  *strong = lead == 0xC2 || lead == 0xC3 || len > 2;
  return true;
}

}  // namespace

char32_t Cp1252ToUnicode(unsigned char b) {
  if (b >= 0x80 && b < 0xA0 && kCp1252High[b - 0x80] != 0) return kCp1252High[b - 0x80];
  return b;
}

int UnicodeToCp1252(char32_t cp) {
  if (cp < 0x100) return static_cast<int>(cp);  // ASCII, C1 (Latin-1 reading), Latin-1
  for (int i = 0; i < 32; ++i) {
    if (kCp1252High[i] == cp) return 0x80 + i;
  }
  return -1;
}

bool IsCleanText(std::string_view bytes) {
  for (char c : bytes) {
    if (IsBinaryControl(static_cast<unsigned char>(c))) return false;
  }
  return IsValidUtf8(bytes);
}

void AddWarning(std::string_view code, std::string message, std::vector<v1::InputWarning>* warnings) {
  if (warnings == nullptr) return;
  v1::InputWarning& w = warnings->emplace_back();
  w.set_code(std::string(code));
  w.set_message(std::move(message));
}

absl::StatusOr<std::string_view> RepairEncoding(std::string_view bytes, const TextRepairOptions& options,
                                                std::string* storage,
                                                std::vector<v1::InputWarning>* warnings) {
  const ByteStats st = Analyze(bytes);
  const std::string_view label = options.field_label;
  if (options.nul_is_binary && st.nuls > 0) return BinaryError(label, "it contains NUL bytes");
  if (st.controls * 10 > st.chars) {
    return BinaryError(label, absl::StrCat(Percent(st.controls, st.chars), "% control characters"));
  }
  if (st.invalid == 0) return bytes;

  const bool cp1252 = st.multibyte == 0 && st.undefined_cp1252 == 0 && st.max_high_run <= 3 &&
                      (st.chars < 16 || st.high * 10 <= st.chars * 4);
  storage->clear();
  if (cp1252) {
    storage->reserve(bytes.size() + st.high);
    for (char c : bytes) AppendUtf8(Cp1252ToUnicode(static_cast<unsigned char>(c)), storage);
    AddWarning("DECODED_AS_CP1252",
               absl::StrCat(AsAbsl(label), "text was not UTF-8; decoded ", st.high, " byte(s) as Windows-1252"),
               warnings);
    return std::string_view(*storage);
  }
  if (st.invalid * 10 > st.chars) {
    return BinaryError(label, absl::StrCat(Percent(st.invalid, st.chars),
                                           "% of the characters are not valid UTF-8 and it is not "
                                           "Windows-1252 text"));
  }
  storage->reserve(bytes.size() + 2 * st.invalid);
  size_t pos = 0;
  while (pos < bytes.size()) {
    // Copy valid stretches whole; only invalid bytes are rewritten.
    const size_t start = pos;
    while (pos < bytes.size()) {
      if (static_cast<unsigned char>(bytes[pos]) < 0x80) {
        ++pos;
        continue;
      }
      size_t next = pos;
      if (DecodeUtf8(bytes, &next) == kReplacement && next - pos == 1) break;
      pos = next;
    }
    storage->append(bytes.data() + start, pos - start);
    if (pos < bytes.size()) {
      AppendUtf8(kReplacement, storage);
      ++pos;
    }
  }
  AddWarning("UTF8_REPAIRED",
             absl::StrCat(AsAbsl(label), "replaced ", st.invalid, " invalid UTF-8 byte(s) with U+FFFD"), warnings);
  return std::string_view(*storage);
}

bool RepairMojibake(std::string_view text, std::string_view field_label, std::string* out,
                    std::vector<v1::InputWarning>* warnings) {
  // Every candidate contains the UTF-8 encoding of U+0080..U+00FF (C2 xx or
  // C3 xx): mojibake leads are U+00C2..U+00F4, stray C1 controls U+0080..9F.
  if (std::memchr(text.data(), 0xC3, text.size()) == nullptr &&
      std::memchr(text.data(), 0xC2, text.size()) == nullptr) {
    return false;
  }
  // Pass 1: count candidates, to know whether weak ones may be repaired.
  size_t candidates = 0;
  bool any_c1 = false;
  for (size_t pos = 0; pos < text.size();) {
    char32_t cp;
    size_t end;
    bool strong;
    if (MatchMojibake(text, pos, &cp, &end, &strong)) {
      ++candidates;
      pos = end;
      continue;
    }
    const char32_t c = DecodeUtf8(text, &pos);
    any_c1 |= c >= 0x80 && c < 0xA0;
  }
  if (candidates == 0 && !any_c1) return false;
  const bool allow_weak = candidates >= 2;

  // Pass 2: rewrite.
  std::string result;
  result.reserve(text.size());
  size_t repaired = 0;
  size_t copied_to = 0;  // text[copied_to, pos) is still to be copied verbatim
  size_t pos = 0;
  while (pos < text.size()) {
    if (static_cast<unsigned char>(text[pos]) < 0x80) {
      ++pos;
      continue;
    }
    char32_t cp;
    size_t end;
    bool strong;
    char32_t replacement = 0;
    size_t next = pos;
    if (MatchMojibake(text, pos, &cp, &end, &strong) && (strong || allow_weak)) {
      replacement = cp >= 0x80 && cp < 0xA0 ? Cp1252ToUnicode(static_cast<unsigned char>(cp)) : cp;
      next = end;
    } else {
      const char32_t c = DecodeUtf8(text, &next);
      if (c >= 0x80 && c < 0xA0 && Cp1252ToUnicode(static_cast<unsigned char>(c)) != c) {
        replacement = Cp1252ToUnicode(static_cast<unsigned char>(c));
      }
    }
    if (replacement != 0) {
      result.append(text.data() + copied_to, pos - copied_to);
      AppendUtf8(replacement, &result);
      copied_to = next;
      ++repaired;
    }
    pos = next;
  }
  if (repaired == 0) return false;
  result.append(text.data() + copied_to, text.size() - copied_to);
  *out = std::move(result);
  AddWarning("MOJIBAKE_REPAIRED",
             absl::StrCat(AsAbsl(field_label), "repaired ", repaired,
                          " character(s) double-encoded as UTF-8 via Windows-1252"),
             warnings);
  return true;
}

}  // namespace wirelens::pipeline
