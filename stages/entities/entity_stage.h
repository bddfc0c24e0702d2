// File: entity_stage.h
//
// The "entities" stage: finds the people, organisations, places and other
// names in an article's headline and body with the project's recognizer
// (ner_model.h), groups their mentions into entities within the article
// (resolution.h) and writes Enrichment.entities, most salient first. Every
// mention carries an exact span (bytes, code points, UTF-16) into the field it
// was found in.
//
// English only for now: when the language stage ran and found another
// language, the stage does nothing and reports Provenance.skipped = "no model
// for <code>". Without a language result it runs anyway.
//
// Lifecycle: CreateEntityStage() loads the model once; the returned stage is
// immutable, `Process` is const and thread-safe, and all per-article memory
// lives in the per-thread scratch (NewScratch()).
#pragma once

#include <memory>
#include <string_view>

#include "absl/status/statusor.h"
#include "pipeline/registry.h"
#include "pipeline/stage.h"

namespace wirelens::stages::entities {

inline constexpr std::string_view kEntityStageName = "entities";

// Loads the recognizer from `<config.model_root>/stages/entities/model/`
// (or the file named by the option `model`) and returns the stage.
// Errors: NotFound (no model file), DataLoss / FailedPrecondition (corrupt or
// incompatible model), InvalidArgument (unknown or empty option).
absl::StatusOr<std::unique_ptr<pipeline::Stage>> CreateEntityStage(
    const pipeline::StageConfig& config);

}  // namespace wirelens::stages::entities
