// File: fuzz_checks.h
//
// Invariants the fuzzers assert on every successful normalization, shared by
// decode_fuzzer.cc and normalize_fuzzer.cc. A violation prints what broke
// and aborts, which libFuzzer reports as a crash with the input saved.
// Single-threaded use only (fuzzers run one input at a time).
#pragma once

#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "pipeline/text.h"

namespace wirelens::fuzz {

[[noreturn]] inline void Fail(const char* what, std::string_view text) {
  std::fprintf(stderr, "invariant violated: %s\ntext (%zu bytes): %.*s\n", what, text.size(),
               static_cast<int>(text.size() < 400 ? text.size() : 400), text.data());
  std::abort();
}

inline void Check(bool ok, const char* what, std::string_view text) {
  if (!ok) Fail(what, text);
}

// What normalize.h promises about a normalized field: valid UTF-8, NFC, no
// control characters but '\n' and '\t', no leading or trailing whitespace,
// no double spaces, paragraphs separated by exactly "\n\n", and for
// headlines a single line.
inline void CheckNormalized(std::string_view text, bool headline) {
  Check(pipeline::IsValidUtf8(text), "not valid UTF-8", text);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  Check(U_SUCCESS(status), "no ICU NFC instance", text);
  Check(nfc->isNormalizedUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())), status) &&
            U_SUCCESS(status),
        "not NFC", text);
  if (text.empty()) return;
  const auto is_blank = [](char c) { return c == ' ' || c == '\t' || c == '\n'; };
  Check(!is_blank(text.front()) && !is_blank(text.back()), "untrimmed", text);
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    Check(c >= 0x20 || c == '\n' || c == '\t', "control character", text);
    Check(c != 0x7F, "DEL", text);
    if (i + 1 < text.size()) {
      Check(!(is_blank(text[i]) && text[i] != '\n' && is_blank(text[i + 1])), "whitespace run", text);
    }
    if (c == '\n') {
      Check(!headline, "newline in headline", text);
      // Every newline is part of exactly one "\n\n" between two non-blank chars.
      const bool first = i + 1 < text.size() && text[i + 1] == '\n';
      const bool second = i > 0 && text[i - 1] == '\n';
      Check(first != second, "newline not in a paragraph break", text);
      if (first) Check(i + 2 < text.size() && !is_blank(text[i + 2]), "blank after break", text);
      if (second) Check(!is_blank(text[i - 2]), "blank before break", text);
    }
  }
  size_t pos = 0;
  while (pos < text.size()) {
    const char32_t cp = pipeline::DecodeUtf8(text, &pos);
    Check(cp != 0x200B && cp != 0xFEFF && cp != 0xAD && cp != 0xA0 && cp != 0x2028 && cp != 0x2029,
          "zero-width, no-break space or separator left", text);
    Check(!(cp >= 0x80 && cp < 0xA0), "C1 control left", text);
  }
}

}  // namespace wirelens::fuzz
