// File: processor.h
//
// ArticleProcessor takes one raw input message through the whole per-article
// path: decode → normalize → the stage chain. Both the offline `wirelens
// enrich` command and the Kafka worker use it, so the two modes cannot
// disagree about what an article yields.
//
// Lifecycle: built once at startup around a Chain it does not own (the chain
// must outlive it); immutable and thread-safe afterwards. Each thread passes
// its own ChainScratch.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "pipeline/chain.h"
#include "pipeline/decode.h"
#include "pipeline/normalize.h"
#include "wirelens/v1/enrichment.pb.h"

namespace wirelens::pipeline {

struct ProcessorOptions {
  DecodeOptions decode;
  NormalizeOptions normalize;
};

// The pseudo-stage names used when an article fails before the chain runs.
inline constexpr std::string_view kDecodeStageName = "decode";
inline constexpr std::string_view kNormalizeStageName = "normalize";

struct ProcessOutcome {
  // OK: publish `enrichment` (it may carry per-stage errors). Not OK: the
  // input cannot be processed and belongs in the dead-letter topic.
  absl::Status status;
  // Where it failed: "decode", "normalize", or a stage name. Empty when OK.
  std::string failed_stage;
  // The enrichment (complete when OK; when not OK it holds whatever was known,
  // e.g. the article id, and an `errors` entry describing the failure).
  v1::Enrichment enrichment;
  // Per-stage wall time, in run order (for metrics and headers).
  std::vector<std::pair<std::string, std::chrono::nanoseconds>> timings;
};

class ArticleProcessor {
 public:
  ArticleProcessor(const Chain& chain, ProcessorOptions options)
      : chain_(chain), options_(std::move(options)) {}

  // Processes one input message. `format` overrides options.decode.format
  // when not kAuto (e.g. from a Kafka content-type header). `fallback_id` is
  // used when the article has no id (e.g. the Kafka message key).
  ProcessOutcome Process(std::string_view bytes, InputFormat format, std::string_view fallback_id,
                         ChainScratch& scratch) const;

  // Processes an input that is already a binary v1.Enrichment, produced by
  // an upstream wirelens worker that ran earlier stages. Runs this chain's
  // stages on its normalized text, replacing their output fields and their
  // provenance and error entries, and keeps everything else (so two workers
  // chained through a topic yield what one worker running both stages
  // would). Errors (dead letter, failed_stage "decode"): InvalidArgument when
  // the bytes are not an Enrichment or its text is not valid UTF-8;
  // OutOfRange when its text exceeds the article size limit.
  ProcessOutcome ProcessEnrichment(std::string_view bytes, ChainScratch& scratch) const;

  const Chain& chain() const { return chain_; }
  const ProcessorOptions& options() const { return options_; }

 private:
  const Chain& chain_;
  ProcessorOptions options_;
};

}  // namespace wirelens::pipeline
