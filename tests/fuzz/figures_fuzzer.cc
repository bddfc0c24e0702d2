// Fuzzes the figures extractors on normalized text. The first byte picks the
// language (English, German decimals, none) and whether a reference time is
// known; the rest is the text, normalized as a plain body first (as the
// chain does), so the extractors only ever see what they would in the
// worker. Checks the FigureMatch contract: spans inside the text and on
// code-point boundaries, ordered and non-overlapping after the merge, counted
// nouns inside the text, kinds set, dates with a value when resolved.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "pipeline/normalize.h"
#include "stages/figures/figures.h"
#include "tests/fuzz/fuzz_checks.h"

namespace {

bool IsBoundary(std::string_view text, uint32_t offset) {
  return offset == text.size() ||
         (offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) != 0x80);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  constexpr std::string_view kLanguages[] = {"en", "de", ""};
  const std::string_view language = kLanguages[data[0] % 3];
  std::optional<absl::Time> reference;
  if ((data[0] >> 2) & 1) {
    reference = absl::FromCivil(absl::CivilSecond(2026, 11, 24, 9, 30, 0), absl::UTCTimeZone());
  }
  const std::string_view raw(reinterpret_cast<const char*>(data + 1), size - 1);
  std::vector<wirelens::v1::InputWarning> warnings;
  auto text = wirelens::pipeline::NormalizeText(raw, wirelens::pipeline::TextKind::kPlainBody,
                                                &warnings);
  if (!text.ok()) return 0;

  const std::vector<wirelens::stages::figures::FigureMatch> found =
      wirelens::stages::figures::ExtractFigures(*text, language, reference);
  uint32_t previous_end = 0;
  for (const auto& m : found) {
    using wirelens::fuzz::Check;
    Check(m.begin < m.end && m.end <= text->size(), "figure span outside the text", *text);
    Check(IsBoundary(*text, m.begin) && IsBoundary(*text, m.end), "span splits a code point",
          *text);
    Check(m.begin >= previous_end, "figures overlap or are out of order", *text);
    previous_end = m.end;
    Check(m.kind != wirelens::v1::FIGURE_KIND_UNSPECIFIED, "figure without a kind", *text);
    if (m.has_noun()) {
      Check(m.noun_end <= text->size() && IsBoundary(*text, m.noun_begin) &&
                IsBoundary(*text, m.noun_end),
            "counted noun span invalid", *text);
    }
    if (m.date.has_value() && m.date->resolved()) {
      Check(!m.date->value().empty(), "resolved date without a value", *text);
    }
  }
  return 0;
}
