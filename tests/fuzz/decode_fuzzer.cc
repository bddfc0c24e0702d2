// Fuzzes DecodeArticle with the format named by WIRELENS_FUZZ_FORMAT ("auto",
// "json", "ninjs", "pb", "text"; one binary per format, see CMakeLists.txt),
// then NormalizeArticle on what it decoded. Checks that errors carry the
// documented codes, that a decoded article has a headline or body in valid
// UTF-8 and a concrete format, and the normalize.h contract on the output.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "pipeline/decode.h"
#include "pipeline/normalize.h"
#include "pipeline/text.h"
#include "tests/fuzz/fuzz_checks.h"

#ifndef WIRELENS_FUZZ_FORMAT
#define WIRELENS_FUZZ_FORMAT "auto"
#endif

namespace pl = wirelens::pipeline;
using wirelens::fuzz::Check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const pl::InputFormat format = *pl::ParseInputFormat(WIRELENS_FUZZ_FORMAT);
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  pl::DecodeOptions options;
  options.format = format;
  options.max_article_bytes = 64 * 1024;
  auto decoded = pl::DecodeArticle(bytes, options);
  if (!decoded.ok()) {
    const absl::StatusCode code = decoded.status().code();
    Check(code == absl::StatusCode::kInvalidArgument || code == absl::StatusCode::kOutOfRange,
          "unexpected status code", std::string(decoded.status().message()));
    return 0;
  }
  const wirelens::v1::RawArticle& a = decoded->article;
  Check(decoded->format != pl::InputFormat::kAuto, "format left as auto", bytes);
  Check(format == pl::InputFormat::kAuto || decoded->format == format ||
            (format == pl::InputFormat::kJson && decoded->format == pl::InputFormat::kNinjs),
        "format differs from the requested one", bytes);
  Check(!a.headline().empty() || !a.body().empty(), "no headline and no body", bytes);
  for (const std::string* field : {&a.id(), &a.headline(), &a.body(), &a.url(), &a.source(), &a.language_hint()}) {
    Check(pl::IsValidUtf8(*field), "decoded field is not UTF-8", *field);
  }

  wirelens::v1::Enrichment enrichment;
  const absl::Status status = pl::NormalizeArticle(a, decoded->warnings, {}, "", &enrichment);
  if (!status.ok()) {
    Check(status.code() == absl::StatusCode::kInvalidArgument, "unexpected normalize status",
          std::string(status.message()));
    return 0;
  }
  Check(!enrichment.article_id().empty(), "empty article id", bytes);
  Check(!enrichment.headline().empty() || !enrichment.body().empty(), "no text", bytes);
  wirelens::fuzz::CheckNormalized(enrichment.headline(), /*headline=*/true);
  wirelens::fuzz::CheckNormalized(enrichment.body(), /*headline=*/false);
  return 0;
}
