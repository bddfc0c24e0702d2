// File: language_stage.h
//
// The "language" stage: identifies the language of an article's headline and
// body together, as an ISO 639-1 code with confidence, runners-up and the
// dominant script. Built on CLD2 (Debian's libcld2), with the project's own
// character n-gram model (trained on ../shared/data/langid-train by
// `wirelens_langid_train`) consulted where CLD2 is weak: short text, its
// abstentions, and close pairs (sr/hr/bs, no/da/nn, id/ms, be/uk/ru, bg/mk,
// gl/pt/es). Writes Enrichment.language.
#pragma once

#include <memory>
#include <string_view>

#include "absl/status/statusor.h"
#include "pipeline/registry.h"
#include "pipeline/stage.h"

namespace wirelens::stages::language {

inline constexpr std::string_view kStageName = "language";

// Loads the n-gram model from
// `<config.model_root>/stages/language/model/langid.wlm` (or the file named
// by the option `model`) and returns the stage. Errors: NotFound (no model
// file), DataLoss / FailedPrecondition (corrupt or incompatible model),
// InvalidArgument (unknown option).
absl::StatusOr<std::unique_ptr<pipeline::Stage>> CreateLanguageStage(
    const pipeline::StageConfig& config);

}  // namespace wirelens::stages::language
