#include "pipeline/chain.h"

#include <exception>
#include <new>
#include <set>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "pipeline/strings.h"

namespace wirelens::pipeline {

ErrorClass ClassifyError(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kUnimplemented:
    case absl::StatusCode::kNotFound:
      return ErrorClass::kBadInput;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kAborted:
      return ErrorClass::kTransient;
    default:
      return ErrorClass::kBug;
  }
}

std::string StatusCodeName(absl::StatusCode code) {
  std::string name = absl::StatusCodeToString(code);
  // absl spells them "INVALID_ARGUMENT" already for known codes; normalize
  // anything else to upper case with underscores.
  for (char& c : name) c = c == ' ' ? '_' : absl::ascii_toupper(c);
  return name;
}

void ClearEnrichmentField(v1::Enrichment& enrichment, std::string_view field) {
  const google::protobuf::FieldDescriptor* fd =
      v1::Enrichment::descriptor()->FindFieldByName(std::string(field));
  if (fd != nullptr) enrichment.GetReflection()->ClearField(&enrichment, fd);
}

Chain::Chain(std::vector<std::unique_ptr<Stage>> stages, ChainOptions options)
    : stages_(std::move(stages)), options_(options) {}

absl::StatusOr<std::unique_ptr<Chain>> Chain::Create(const StageRegistry& registry,
                                                     const std::vector<std::string>& stage_names,
                                                     const StageConfig& config,
                                                     ChainOptions options) {
  std::vector<std::string> names = stage_names.empty() ? registry.Names() : stage_names;
  std::vector<std::unique_ptr<Stage>> stages;
  for (const std::string& name : names) {
    absl::StatusOr<std::unique_ptr<Stage>> stage = registry.Create(name, config);
    if (!stage.ok()) {
      return absl::Status(stage.status().code(),
                          absl::StrCat("stage '", name, "': ", stage.status().message()));
    }
    stages.push_back(*std::move(stage));
  }
  return FromStages(std::move(stages), options);
}

absl::StatusOr<std::unique_ptr<Chain>> Chain::FromStages(std::vector<std::unique_ptr<Stage>> stages,
                                                         ChainOptions options) {
  if (options.max_attempts < 1) return absl::InvalidArgumentError("max_attempts must be >= 1");
  std::set<std::string, std::less<>> seen;
  for (const auto& stage : stages) {
    if (stage == nullptr) return absl::InvalidArgumentError("null stage");
    if (!seen.insert(std::string(stage->name())).second) {
      return absl::InvalidArgumentError(absl::StrCat("stage '", AsAbsl(stage->name()), "' listed twice"));
    }
    if (v1::Enrichment::descriptor()->FindFieldByName(std::string(stage->output_field())) ==
        nullptr) {
      return absl::InternalError(absl::StrCat("stage '", AsAbsl(stage->name()), "' declares unknown field '",
                                              AsAbsl(stage->output_field()), "'"));
    }
  }
  return std::unique_ptr<Chain>(new Chain(std::move(stages), options));
}

ChainScratch Chain::NewScratch() const {
  ChainScratch scratch;
  for (const auto& stage : stages_) scratch.per_stage_.push_back(stage->NewScratch());
  return scratch;
}

absl::Status Chain::RunStageOnce(const Stage& stage, v1::Enrichment& enrichment,
                                 StageScratch* scratch, ArticleCache& article,
                                 std::string& skipped) const {
  // Stages do not throw; a library that throws should be wrapped inside the
  // stage. This guard turns a missed one into a dead letter instead of a
  // crashed worker.
  try {
    StageContext ctx{enrichment, scratch, {}, &article};
    absl::Status status = stage.Process(ctx);
    skipped = std::move(ctx.skipped);
    return status;
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError("out of memory");
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("uncaught exception: ", e.what()));
  } catch (...) {
    return absl::InternalError("uncaught non-standard exception");
  }
}

ChainResult Chain::Run(v1::Enrichment& enrichment, ChainScratch& scratch) const {
  ChainResult result;
  if (scratch.per_stage_.size() != stages_.size()) scratch = NewScratch();
  // Shared by every stage of this run; stages only read the text.
  ArticleCache article(enrichment);
  for (size_t i = 0; i < stages_.size(); ++i) {
    const Stage& stage = *stages_[i];
    const auto start = std::chrono::steady_clock::now();
    absl::Status status;
    std::string skipped;
    std::chrono::milliseconds backoff = options_.initial_backoff;
    for (int attempt = 1;; ++attempt) {
      status = RunStageOnce(stage, enrichment, scratch.per_stage_[i].get(), article, skipped);
      if (status.ok() || ClassifyError(status) != ErrorClass::kTransient ||
          attempt >= options_.max_attempts) {
        break;
      }
      ClearEnrichmentField(enrichment, stage.output_field());
      std::this_thread::sleep_for(backoff);
      backoff *= 2;
    }
    const auto elapsed = std::chrono::steady_clock::now() - start;
    result.timings.emplace_back(std::string(stage.name()),
                                std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed));

    v1::Provenance* prov = enrichment.add_provenance();
    const ModelInfo model = stage.model();
    prov->set_stage(std::string(stage.name()));
    prov->set_model_name(model.name);
    prov->set_model_version(model.version);
    if (options_.record_durations) {
      prov->set_duration_us(
          std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count());
    }
    prov->set_skipped(std::move(skipped));

    if (status.ok()) continue;
    ClearEnrichmentField(enrichment, stage.output_field());
    if (ClassifyError(status) == ErrorClass::kBadInput) {
      v1::StageError* err = enrichment.add_errors();
      err->set_stage(std::string(stage.name()));
      err->set_code(StatusCodeName(status.code()));
      err->set_message(std::string(status.message()));
      continue;
    }
    result.status = std::move(status);
    result.failed_stage = std::string(stage.name());
    return result;
  }
  return result;
}

}  // namespace wirelens::pipeline
