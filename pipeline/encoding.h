// File: encoding.h
//
// Byte-level text repair shared by decoding and normalization: deciding
// whether bytes are text at all, turning text that is not valid UTF-8 into
// UTF-8 (Windows-1252 transcoding, or U+FFFD for a few stray bytes), and
// undoing "mojibake" (UTF-8 that was once read as Windows-1252 and encoded
// again, so that "Café" reads "CafÃ©").
//
// Every function is a pure function of its arguments: thread-safe, no global
// mutable state. Repairs are reported as v1::InputWarning with these codes:
//   DECODED_AS_CP1252  the bytes were Windows-1252 and were transcoded;
//   UTF8_REPAIRED      stray invalid bytes were replaced by U+FFFD;
//   MOJIBAKE_REPAIRED  double-encoded sequences were decoded.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "wirelens/v1/enrichment.pb.h"

namespace wirelens::pipeline {

// The Unicode code point Windows-1252 maps byte `b` to. Bytes below 0x80 map
// to themselves; the five bytes Windows-1252 leaves undefined (0x81, 0x8D,
// 0x8F, 0x90, 0x9D) map to the C1 control of the same value, as browsers do.
char32_t Cp1252ToUnicode(unsigned char b);

// Inverse of Cp1252ToUnicode for one code point: the byte, or -1 when the
// code point has no single-byte Windows-1252 form.
int UnicodeToCp1252(char32_t cp);

struct TextRepairOptions {
  // Any NUL byte makes the input binary (used for whole raw messages; a
  // decoded field may legitimately carry an escaped "\u0000" that
  // normalization simply removes).
  bool nul_is_binary = false;
  // Prefix for warning messages, e.g. "body: ". May be empty.
  std::string_view field_label;
};

// Returns `bytes` as valid UTF-8. When `bytes` is already valid (the common
// case) the result views `bytes` and nothing is copied; otherwise the repaired
// text is written to `*storage` and the result views it. Repairs, in order:
//   - no valid multi-byte UTF-8 sequence, every byte defined in Windows-1252,
//     and non-ASCII bytes sparse (isolated letters, as in Western European
//     text; runs of more than three high bytes mean a different legacy
//     encoding) -> transcoded, DECODED_AS_CP1252;
//   - at most 10% of characters invalid -> each invalid byte becomes U+FFFD,
//     UTF8_REPAIRED with the count.
// Errors: InvalidArgument("input is binary, not text: ...") when more than
// 10% of characters are C0 control characters other than whitespace, or
// more than 10% are invalid UTF-8 and the bytes are not Windows-1252, or
// (with nul_is_binary) any byte is NUL.
absl::StatusOr<std::string_view> RepairEncoding(std::string_view bytes, const TextRepairOptions& options,
                                                std::string* storage,
                                                std::vector<v1::InputWarning>* warnings);

// Repairs mojibake in valid UTF-8 `text`. A mojibake sequence is a run of
// characters whose Windows-1252 bytes form one well-formed multi-byte UTF-8
// sequence: a lead "Â".."ô" followed by continuation characters (those whose
// Windows-1252 byte is 0x80..0xBF, such as "©", "€", "™" or C1 controls).
// Sequences led by "Ã" or "Â", and all three- and four-byte sequences
// ("â€™"), are decoded wherever they occur; other two-byte sequences (which
// can occur in correct text, e.g. "Ü“") only when the field holds at least two
// sequences. Stray C1 controls U+0080..U+009F, which come from Windows-1252
// read as Latin-1, become their Windows-1252 characters (U+0092 -> "’").
//
// Returns true and writes the repaired text to `*out` when anything changed,
// appending MOJIBAKE_REPAIRED with the count; otherwise returns false and
// leaves `*out` untouched. Cheap when `text` contains no byte 0xC2 or 0xC3.
bool RepairMojibake(std::string_view text, std::string_view field_label, std::string* out,
                    std::vector<v1::InputWarning>* warnings);

// True when `bytes` is valid UTF-8 without C0 control characters other than
// whitespace (\t \n \v \f \r) and without DEL: text as is, no repair needed.
bool IsCleanText(std::string_view bytes);

// Appends a warning with `code` and `message` to `warnings` (if not null).
void AddWarning(std::string_view code, std::string message, std::vector<v1::InputWarning>* warnings);

}  // namespace wirelens::pipeline
