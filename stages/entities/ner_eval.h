// File: ner_eval.h
//
// Span-level evaluation with conlleval semantics: a predicted mention counts
// only if its type and both boundaries match a gold mention exactly. Reports
// precision, recall and F1 per type and overall (micro-averaged). Types can
// be ignored (e.g. MISC for UNER, which has no MISC): mentions of an ignored
// type are dropped from both sides before matching.
//
// Thread-safety: a SpanEvaluator is a single-owner accumulator.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "absl/types/span.h"
#include "stages/entities/ner_tags.h"

namespace wirelens::stages::entities {

struct SpanCounts {
  int64_t true_positives = 0;
  int64_t predicted = 0;
  int64_t gold = 0;

  double Precision() const { return predicted == 0 ? 0.0 : 100.0 * true_positives / predicted; }
  double Recall() const { return gold == 0 ? 0.0 : 100.0 * true_positives / gold; }
  // Harmonic mean of precision and recall, in percent (0 when both are 0).
  double F1() const {
    const double p = Precision(), r = Recall();
    return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
  }
};

class SpanEvaluator {
 public:
  void Ignore(EntityType type) { ignored_[static_cast<int>(type)] = true; }

  // Adds one sentence; `gold` and `predicted` must have the same length
  // (extra tokens on either side are ignored).
  void Add(absl::Span<const NerTag> gold, absl::Span<const NerTag> predicted);

  const SpanCounts& overall() const { return overall_; }
  const SpanCounts& of(EntityType type) const { return by_type_[static_cast<int>(type)]; }
  int64_t tokens() const { return tokens_; }
  int64_t correct_tokens() const { return correct_tokens_; }

  // A conlleval-like table: one line per non-ignored type and the overall.
  std::string Report() const;

 private:
  std::array<bool, kNumEntityTypes + 1> ignored_{};
  std::array<SpanCounts, kNumEntityTypes + 1> by_type_{};
  SpanCounts overall_;
  int64_t tokens_ = 0;
  int64_t correct_tokens_ = 0;
};

}  // namespace wirelens::stages::entities
