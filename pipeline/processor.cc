#include "pipeline/processor.h"

namespace wirelens::pipeline {
namespace {

void RecordFailure(std::string_view stage, const absl::Status& status, ProcessOutcome& out) {
  out.status = status;
  out.failed_stage = std::string(stage);
  v1::StageError* err = out.enrichment.add_errors();
  err->set_stage(std::string(stage));
  err->set_code(StatusCodeName(status.code()));
  err->set_message(std::string(status.message()));
}

}  // namespace

ProcessOutcome ArticleProcessor::Process(std::string_view bytes, InputFormat format,
                                         std::string_view fallback_id,
                                         ChainScratch& scratch) const {
  ProcessOutcome out;
  out.enrichment.set_schema_version(1);
  DecodeOptions decode = options_.decode;
  if (format != InputFormat::kAuto) decode.format = format;

  absl::StatusOr<DecodedArticle> decoded = DecodeArticle(bytes, decode);
  if (!decoded.ok()) {
    out.enrichment.set_article_id(fallback_id.empty() ? ContentHashId(bytes) : std::string(fallback_id));
    RecordFailure(kDecodeStageName, decoded.status(), out);
    return out;
  }
  if (absl::Status s = NormalizeArticle(decoded->article, decoded->warnings, options_.normalize,
                                        fallback_id, &out.enrichment);
      !s.ok()) {
    if (out.enrichment.article_id().empty()) {
      out.enrichment.set_article_id(!decoded->article.id().empty() ? decoded->article.id()
                                    : fallback_id.empty()          ? ContentHashId(bytes)
                                                                   : std::string(fallback_id));
    }
    RecordFailure(kNormalizeStageName, s, out);
    return out;
  }

  ChainResult result = chain_.Run(out.enrichment, scratch);
  out.timings = std::move(result.timings);
  if (!result.status.ok()) RecordFailure(result.failed_stage, result.status, out);
  return out;
}

}  // namespace wirelens::pipeline
