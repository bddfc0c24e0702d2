// File: ner_decode.h
//
// Viterbi decoding over the recognizer's BIO labels with the transition
// constraint built in (I-X only after B-X or I-X, never at the start), plus
// per-token margins: the score of the best path minus the best path that
// gives the token another label (max-marginals from a forward and a backward
// pass). The margin is what the tagger turns into a confidence.
//
// Thread-safety: pure functions; DecodeScratch is per thread.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "stages/entities/ner_tags.h"

namespace wirelens::stages::entities {

struct Transitions {
  float start[kNumLabels] = {};             // score of the first label
  float next[kNumLabels][kNumLabels] = {};  // [from][to]
};

struct DecodeScratch {
  std::vector<float> alpha, beta;
  std::vector<uint8_t> back;
};

// `emissions` holds n * kNumLabels scores (token-major). Writes n labels to
// `labels` and, when `margins` is not null, n margins (>= 0).
void ViterbiDecode(absl::Span<const float> emissions, const Transitions& transitions,
                   DecodeScratch* scratch, uint8_t* labels, float* margins);

}  // namespace wirelens::stages::entities
