// File: stage.h
//
// The interface every enrichment stage implements, and the per-article
// context the chain hands it.
//
// A stage is built in two phases (see STYLE.md, habit 1):
//   1. Its factory (registered in StageRegistry) validates configuration and
//      loads the model, once, at startup. Any problem is returned as a Status
//      and stops the process loudly.
//   2. The returned Stage is immutable. `Process` is const and thread-safe;
//      mutable memory it needs lives in a StageScratch the runner creates per
//      thread with NewScratch() and hands back on every call.
//
// Stages do CPU work only: no I/O, no sleeping, no Kafka. Timing, retries,
// metrics and dead-lettering belong to the chain and the runtime.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "pipeline/text_analysis.h"
#include "wirelens/v1/enrichment.pb.h"

namespace wirelens::pipeline {

// Per-thread mutable memory of one stage. Stages subclass it.
class StageScratch {
 public:
  virtual ~StageScratch() = default;
};

// Identity of the model a stage runs, reported in every Enrichment.
struct ModelInfo {
  std::string name;
  std::string version;
};

// What a stage sees and writes for one article.
//
// `enrichment` already holds the normalized text (headline, body), the
// reference time, and the outputs of earlier stages. A stage reads whatever
// it needs and writes only its own output field (Stage::output_field()).
struct StageContext {
  v1::Enrichment& enrichment;
  // The scratch this thread created with the stage's NewScratch(); nullptr if
  // the stage returned none.
  StageScratch* scratch = nullptr;
  // Set by the stage when it ran but had nothing to do, with the reason
  // (e.g. "no model for language fi"). Recorded in Provenance.skipped; this is
  // not an error.
  std::string skipped;
  // Derived data shared by all stages of one chain run (the text analysis).
  // Set by Chain::Run; null when a test calls Process directly. Stages read
  // it through GetTextAnalysis(ctx), which works either way.
  ArticleCache* article = nullptr;
  // Used by GetTextAnalysis() when `article` is null. Not for stages.
  std::optional<ArticleCache> own_article;
};

// Tokens and sentences of the article's normalized headline and body
// (text_analysis.h), computed on the first call in a chain run and shared by
// every stage of that run. The reference is valid for the rest of Process().
inline const TextAnalysis& GetTextAnalysis(StageContext& ctx) {
  if (ctx.article != nullptr) return ctx.article->analysis();
  if (!ctx.own_article.has_value()) ctx.own_article.emplace(ctx.enrichment);
  return ctx.own_article->analysis();
}

class Stage {
 public:
  virtual ~Stage() = default;

  // Registered name, e.g. "language".
  virtual std::string_view name() const = 0;

  // Name of the single Enrichment field this stage writes (e.g. "language",
  // "entities"). The chain clears it before a retry and after a failure, and
  // the conformance suite checks that nothing else is touched.
  virtual std::string_view output_field() const = 0;

  // The model this stage runs.
  virtual ModelInfo model() const = 0;

  // Creates per-thread scratch memory. Default: none.
  virtual std::unique_ptr<StageScratch> NewScratch() const { return nullptr; }

  // Analyses one article and writes the stage's output field.
  //
  // Must not throw. Status codes steer the chain's error policy:
  //   - InvalidArgument, OutOfRange, FailedPrecondition, Unimplemented,
  //     NotFound: this input is bad for this stage; the error is recorded in
  //     the Enrichment and the other stages still run and publish.
  //   - Unavailable, DeadlineExceeded, ResourceExhausted, Aborted: transient;
  //     the chain retries with bounded backoff, then dead-letters.
  //   - anything else (Internal, DataLoss, Unknown, ...): a bug; the article
  //     is dead-lettered.
  virtual absl::Status Process(StageContext& ctx) const = 0;
};

}  // namespace wirelens::pipeline
