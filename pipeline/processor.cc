#include "pipeline/processor.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "pipeline/text.h"

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

// Removes `stage`'s entries from a repeated field of messages with a `stage`
// string field (provenance, errors).
template <typename RepeatedField>
void RemoveStageEntries(RepeatedField& field, std::string_view stage) {
  auto it = std::remove_if(field.begin(), field.end(),
                           [&](const auto& entry) { return entry.stage() == stage; });
  field.erase(it, field.end());
}

}  // namespace

ProcessOutcome ArticleProcessor::ProcessEnrichment(std::string_view bytes,
                                                   ChainScratch& scratch) const {
  ProcessOutcome out;
  if (!out.enrichment.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) ||
      out.enrichment.schema_version() == 0) {
    out.enrichment.Clear();
    out.enrichment.set_schema_version(1);
    out.enrichment.set_article_id(ContentHashId(bytes));
    RecordFailure(kDecodeStageName,
                  absl::InvalidArgumentError("not a valid wirelens.v1.Enrichment protobuf"), out);
    return out;
  }
  const size_t text_bytes = out.enrichment.headline().size() + out.enrichment.body().size();
  absl::Status invalid;
  if (!IsValidUtf8(out.enrichment.headline()) || !IsValidUtf8(out.enrichment.body())) {
    invalid = absl::InvalidArgumentError("upstream Enrichment text is not valid UTF-8");
  } else if (text_bytes > options_.normalize.max_article_bytes) {
    invalid = absl::OutOfRangeError(absl::StrCat("upstream Enrichment text is ", text_bytes,
                                                 " bytes; the limit is ",
                                                 options_.normalize.max_article_bytes));
  }
  if (!invalid.ok()) {
    RecordFailure(kDecodeStageName, invalid, out);
    return out;
  }
  for (const auto& stage : chain_.stages()) {
    ClearEnrichmentField(out.enrichment, stage->output_field());
    RemoveStageEntries(*out.enrichment.mutable_provenance(), stage->name());
    RemoveStageEntries(*out.enrichment.mutable_errors(), stage->name());
  }
  ChainResult result = chain_.Run(out.enrichment, scratch);
  out.timings = std::move(result.timings);
  if (!result.status.ok()) RecordFailure(result.failed_stage, result.status, out);
  return out;
}

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
