// File: chain.h
//
// The chain runs the configured stages over one article, in order, timing
// each one and applying the error policy of STYLE.md (habit 4):
//   - bad input for a stage (InvalidArgument, OutOfRange, FailedPrecondition,
//     Unimplemented, NotFound): the stage's output field is cleared, a
//     StageError is recorded in the Enrichment, and the other stages run;
//   - transient (Unavailable, DeadlineExceeded, ResourceExhausted, Aborted):
//     the stage is retried with bounded backoff, then the article is
//     dead-lettered;
//   - anything else is a bug: the article is dead-lettered.
//
// Lifecycle: built once at startup by Chain::Create(); immutable afterwards
// and safe to share between threads. Each thread owns a ChainScratch.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "pipeline/registry.h"
#include "pipeline/stage.h"
#include "wirelens/v1/enrichment.pb.h"

namespace wirelens::pipeline {

// How a stage's failure is handled.
enum class ErrorClass {
  kBadInput,   // recorded in the Enrichment, chain continues
  kTransient,  // retried, then dead-lettered
  kBug,        // dead-lettered at once
};
ErrorClass ClassifyError(const absl::Status& status);

struct ChainOptions {
  // Attempts per stage for transient errors (>= 1).
  int max_attempts = 3;
  // Backoff before the second attempt; doubles on each further attempt.
  std::chrono::milliseconds initial_backoff{5};
  // Fill Provenance.duration_us. The Kafka worker turns this off so that
  // replaying an input yields byte-identical output.
  bool record_durations = true;
};

// Per-thread scratch for every stage of one chain.
class ChainScratch {
 public:
  ChainScratch() = default;
  ChainScratch(ChainScratch&&) = default;
  ChainScratch& operator=(ChainScratch&&) = default;

 private:
  friend class Chain;
  std::vector<std::unique_ptr<StageScratch>> per_stage_;
};

// Outcome of one chain run. `status` OK means "publish the Enrichment" (it may
// still carry StageErrors). Non-OK means "dead-letter this article";
// `failed_stage` names the stage that failed.
struct ChainResult {
  absl::Status status;
  std::string failed_stage;
  // Wall time per stage, in run order, whatever ChainOptions says (for
  // metrics and message headers).
  std::vector<std::pair<std::string, std::chrono::nanoseconds>> timings;
};

class Chain {
 public:
  // Builds the named stages, in the given order, from `registry`. An empty
  // `stage_names` means every registered stage. Fails on unknown or
  // duplicate names, or when a factory fails.
  static absl::StatusOr<std::unique_ptr<Chain>> Create(const StageRegistry& registry,
                                                       const std::vector<std::string>& stage_names,
                                                       const StageConfig& config,
                                                       ChainOptions options = {});

  // Builds a chain from already-constructed stages (tests, benchmarks).
  static absl::StatusOr<std::unique_ptr<Chain>> FromStages(
      std::vector<std::unique_ptr<Stage>> stages, ChainOptions options = {});

  // Scratch for one thread.
  ChainScratch NewScratch() const;

  // Runs every stage over `enrichment`, which must already hold the
  // normalized text. Thread-safe given a per-thread `scratch`. The stages of
  // one run share one ArticleCache (StageContext::article), so the text
  // analysis is computed at most once per article.
  ChainResult Run(v1::Enrichment& enrichment, ChainScratch& scratch) const;

  const std::vector<std::unique_ptr<Stage>>& stages() const { return stages_; }

 private:
  Chain(std::vector<std::unique_ptr<Stage>> stages, ChainOptions options);
  absl::Status RunStageOnce(const Stage& stage, v1::Enrichment& enrichment, StageScratch* scratch,
                            ArticleCache& article, std::string& skipped) const;

  std::vector<std::unique_ptr<Stage>> stages_;
  ChainOptions options_;
};

// Clears the Enrichment field named `field` (a top-level field name).
void ClearEnrichmentField(v1::Enrichment& enrichment, std::string_view field);

// Canonical upper-case name of a status code ("INVALID_ARGUMENT").
std::string StatusCodeName(absl::StatusCode code);

}  // namespace wirelens::pipeline
