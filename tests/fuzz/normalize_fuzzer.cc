// Fuzzes NormalizeText. The first byte picks the kind (headline, plain body,
// HTML body); the rest is the text. Checks the normalize.h contract on
// success, that failures are InvalidArgument, and that normalizing the
// output again changes nothing when that second pass repairs nothing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/normalize.h"
#include "tests/fuzz/fuzz_checks.h"

using wirelens::pipeline::NormalizeText;
using wirelens::pipeline::TextKind;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  constexpr TextKind kKinds[] = {TextKind::kHeadline, TextKind::kPlainBody, TextKind::kHtmlBody};
  const TextKind kind = kKinds[data[0] % 3];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  std::vector<wirelens::v1::InputWarning> warnings;
  auto result = NormalizeText(text, kind, &warnings);
  if (!result.ok()) {
    wirelens::fuzz::Check(result.status().code() == absl::StatusCode::kInvalidArgument,
                          "unexpected status code", std::string(result.status().message()));
    return 0;
  }
  const bool headline = kind == TextKind::kHeadline;
  wirelens::fuzz::CheckNormalized(*result, headline);

  // Idempotence of the layout and NFC steps.
  std::vector<wirelens::v1::InputWarning> again_warnings;
  auto again = NormalizeText(*result, headline ? TextKind::kHeadline : TextKind::kPlainBody, &again_warnings);
  wirelens::fuzz::Check(again.ok(), "normalized text rejected", *result);
  if (again_warnings.empty()) wirelens::fuzz::Check(*again == *result, "not idempotent", *result);
  return 0;
}
