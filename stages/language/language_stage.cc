#include "stages/language/language_stage.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "pipeline/model_file.h"
#include "pipeline/status_macros.h"
#include "stages/language/language_identifier.h"
#include "stages/language/ngram_model.h"

namespace wirelens::stages::language {
namespace {

constexpr std::string_view kModelOption = "model";
constexpr std::string_view kDefaultModelPath = "stages/language/model/langid.wlm";

class LanguageScratch : public pipeline::StageScratch {
 public:
  LanguageIdentifier::Scratch identifier;
};

class LanguageStage : public pipeline::Stage {
 public:
  LanguageStage(LanguageIdentifier identifier, pipeline::ModelInfo model)
      : identifier_(std::move(identifier)), model_(std::move(model)) {}

  std::string_view name() const override { return kStageName; }
  std::string_view output_field() const override { return "language"; }
  pipeline::ModelInfo model() const override { return model_; }

  std::unique_ptr<pipeline::StageScratch> NewScratch() const override {
    return std::make_unique<LanguageScratch>();
  }

  absl::Status Process(pipeline::StageContext& ctx) const override {
    v1::Enrichment& enrichment = ctx.enrichment;
    auto* scratch = dynamic_cast<LanguageScratch*>(ctx.scratch);
    if (scratch != nullptr) {
      identifier_.Identify(enrichment.headline(), enrichment.body(), &scratch->identifier,
                           enrichment.mutable_language());
    } else {
      // A runner that did not call NewScratch(); correct, only slower.
      LanguageIdentifier::Scratch local;
      identifier_.Identify(enrichment.headline(), enrichment.body(), &local,
                           enrichment.mutable_language());
    }
    return absl::OkStatus();
  }

 private:
  const LanguageIdentifier identifier_;
  const pipeline::ModelInfo model_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<pipeline::Stage>> CreateLanguageStage(
    const pipeline::StageConfig& config) {
  std::string path;
  for (const auto& [key, value] : config.options) {
    if (key != kModelOption) {
      return absl::InvalidArgumentError(
          absl::StrCat("language stage: unknown option \"", key, "\" (known: model)"));
    }
    if (value.empty()) return absl::InvalidArgumentError("language stage: option model is empty");
    path = value;
  }
  if (path.empty()) {
    path = config.model_root.empty()
               ? std::string(kDefaultModelPath)
               : absl::StrCat(config.model_root, "/", std::string(kDefaultModelPath));
  }
  ASSIGN_OR_RETURN(pipeline::ModelFile file,
                   pipeline::LoadModelFile(path, kNgramModelKind, kNgramModelKindVersion));
  absl::StatusOr<NgramModel> model = NgramModel::FromPayload(file.payload);
  if (!model.ok()) {
    return absl::Status(model.status().code(),
                        absl::StrCat("language stage: ", path, ": ", model.status().message()));
  }
  return std::make_unique<LanguageStage>(LanguageIdentifier(*std::move(model)),
                                         pipeline::ModelInfo{file.name, file.version});
}

}  // namespace wirelens::stages::language
