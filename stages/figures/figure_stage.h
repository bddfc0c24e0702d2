// File: figure_stage.h
//
// The "figures" stage: every number a reader would quote in the headline and
// body (counts, ordinals, money, percentages, quantities, ages, durations,
// dates and times), with its value, unit, currency, qualifier, counted noun
// and resolved date. Writes Enrichment.figures.
//
// Per article the stage reads the shared text analysis (GetTextAnalysis),
// runs the numeric extractor (figures.h) with the decimal separators of
// Enrichment.language.code (English style when the language stage did not
// run or found nothing) and the date extractor (dates.h) with
// Enrichment.reference_time (unset, or REFERENCE_TIME_SOURCE_NONE: relative
// dates stay unresolved), merges them (dates win overlaps), and appends the
// figures in text order, headline first, with spans from SpanBuilder.
//
// Lifecycle: CreateFigureStage() validates the (empty) option set once at
// startup; the stage holds no model file, only rule tables built on first
// use. Process() is const and thread-safe; it keeps per-thread vectors in
// its scratch. It never fails on input: every article yields OK.
#pragma once

#include <memory>
#include <string_view>

#include "absl/status/statusor.h"
#include "pipeline/registry.h"
#include "pipeline/stage.h"

namespace wirelens::stages::figures {

inline constexpr std::string_view kFigureStageName = "figures";
// Model identity reported in Provenance; bump the version whenever the
// rules change the output.
inline constexpr std::string_view kFigureModelName = "figures-rules";
inline constexpr std::string_view kFigureModelVersion = "2026.11.3";

// Returns the stage. Errors: InvalidArgument for any option (the stage has
// none).
absl::StatusOr<std::unique_ptr<pipeline::Stage>> CreateFigureStage(
    const pipeline::StageConfig& config);

}  // namespace wirelens::stages::figures
