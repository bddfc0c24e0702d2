#include "stages/entities/ner_decode.h"

#include <algorithm>
#include <limits>

namespace wirelens::stages::entities {
namespace {

constexpr float kImpossible = -std::numeric_limits<float>::infinity();

struct Allowed {
  bool next[kNumLabels][kNumLabels];
  bool start[kNumLabels];
  Allowed() {
    for (int to = 0; to < kNumLabels; ++to) {
      start[to] = TransitionAllowed(-1, to);
      for (int from = 0; from < kNumLabels; ++from) next[from][to] = TransitionAllowed(from, to);
    }
  }
};

const Allowed& AllowedTransitions() {
  static const Allowed allowed;
  return allowed;
}

}  // namespace

void ViterbiDecode(absl::Span<const float> emissions, const Transitions& tr,
                   DecodeScratch* s, uint8_t* labels, float* margins) {
  const size_t n = emissions.size() / kNumLabels;
  if (n == 0) return;
  const Allowed& ok = AllowedTransitions();
  s->alpha.resize(n * kNumLabels);
  s->back.resize(n * kNumLabels);
  float* alpha = s->alpha.data();
  for (int y = 0; y < kNumLabels; ++y) {
    alpha[y] = ok.start[y] ? tr.start[y] + emissions[y] : kImpossible;
  }
  for (size_t i = 1; i < n; ++i) {
    const float* prev = alpha + (i - 1) * kNumLabels;
    float* cur = alpha + i * kNumLabels;
    for (int y = 0; y < kNumLabels; ++y) {
      float best = kImpossible;
      int arg = 0;
      for (int x = 0; x < kNumLabels; ++x) {
        if (!ok.next[x][y]) continue;
        const float v = prev[x] + tr.next[x][y];
        if (v > best) {
          best = v;
          arg = x;
        }
      }
      cur[y] = best + emissions[i * kNumLabels + y];
      s->back[i * kNumLabels + y] = static_cast<uint8_t>(arg);
    }
  }
  int last = 0;
  for (int y = 1; y < kNumLabels; ++y) {
    if (alpha[(n - 1) * kNumLabels + y] > alpha[(n - 1) * kNumLabels + last]) last = y;
  }
  labels[n - 1] = static_cast<uint8_t>(last);
  for (size_t i = n - 1; i > 0; --i) {
    labels[i - 1] = s->back[i * kNumLabels + labels[i]];
  }
  if (margins == nullptr) return;
  // Backward max scores (excluding the token's own emission).
  s->beta.assign(n * kNumLabels, 0.0f);
  float* beta = s->beta.data();
  for (size_t i = n - 1; i > 0; --i) {
    for (int x = 0; x < kNumLabels; ++x) {
      float best = kImpossible;
      for (int y = 0; y < kNumLabels; ++y) {
        if (!ok.next[x][y]) continue;
        const float v = tr.next[x][y] + emissions[i * kNumLabels + y] + beta[i * kNumLabels + y];
        if (v > best) best = v;
      }
      beta[(i - 1) * kNumLabels + x] = best;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    const float chosen = alpha[i * kNumLabels + labels[i]] + beta[i * kNumLabels + labels[i]];
    float other = kImpossible;
    for (int y = 0; y < kNumLabels; ++y) {
      if (y == labels[i]) continue;
      const float v = alpha[i * kNumLabels + y] + beta[i * kNumLabels + y];
      if (v > other) other = v;
    }
    margins[i] = other == kImpossible ? 1e9f : std::max(0.0f, chosen - other);
  }
}

}  // namespace wirelens::stages::entities
