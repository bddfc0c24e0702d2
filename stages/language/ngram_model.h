// File: ngram_model.h
//
// The project's own character n-gram language model: multinomial naive Bayes
// over hashed, case-folded character 1..5-grams with word boundaries. It is
// the second opinion the language stage consults where CLD2 is weak (short
// text, abstentions, close pairs such as sr/hr/bs or no/da). It is trained by
// `wirelens_langid_train` (ngram_trainer.h) and stored in a model file of kind
// "langid-ngram".
//
// Features: text is read as a stream of code points in which every letter or
// combining mark is case-folded and every run of anything else (spaces,
// digits, punctuation) becomes one boundary, with a boundary at both ends.
// Each n-gram of that stream (n = 1..max_order, except the lone boundary) is
// hashed to a 32-bit key. The same function is used to train and to score.
//
// Payload layout (kind version 1, little-endian), zlib-compressed after a u32
// holding the uncompressed size:
//   u32 max_order, f32 weight step, u32 n_languages,
//   per language: u8 code length, code bytes, f32 bias,
//   u32 n_features, per feature (ascending key): u32 key, u8 n_entries,
//   per entry: u8 language index, u8 quantized weight.
// Log-likelihood of language l for a text with known features F:
//   step * sum_{f in F} weight(f, l) + |F| * bias(l)
// (weight 0 for a feature the language never showed).
//
// Thread-safety: an NgramModel is immutable after construction; Score() is
// const and safe from any thread with one NgramScratch per thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace wirelens::stages::language {

inline constexpr std::string_view kNgramModelKind = "langid-ngram";
inline constexpr uint32_t kNgramModelKindVersion = 1;
inline constexpr int kMaxNgramOrder = 5;

// Appends the n-gram keys of `text` (orders 1..max_order, max_order <=
// kMaxNgramOrder) to `keys`, reading at most `max_code_points` code points.
// Invalid UTF-8 bytes act as boundaries.
void ExtractNgramKeys(std::string_view text, int max_order, size_t max_code_points,
                      std::vector<uint32_t>* keys);

// Per-thread buffers for NgramModel::Score.
struct NgramScratch {
  std::vector<uint32_t> keys;
  std::vector<int32_t> sums;
};

// The uncompressed, in-memory form a trainer fills and Serialize() writes.
struct NgramModelData {
  struct Entry {
    uint8_t language = 0;
    uint8_t weight = 0;
  };
  struct Feature {
    uint32_t key = 0;
    std::vector<Entry> entries;
  };
  int max_order = kMaxNgramOrder;
  float step = 0.0f;
  std::vector<std::string> languages;
  std::vector<float> biases;      // one per language
  std::vector<Feature> features;  // ascending, unique keys
};

class NgramModel {
 public:
  // Builds the model from a payload written by SerializeNgramModel. DataLoss
  // when the payload is malformed (bad compression, truncated, out-of-range
  // indices, unsorted keys).
  static absl::StatusOr<NgramModel> FromPayload(std::string_view payload);
  // Builds the model directly from data (InvalidArgument if inconsistent).
  static absl::StatusOr<NgramModel> FromData(const NgramModelData& data);

  NgramModel(NgramModel&&) = default;
  NgramModel& operator=(NgramModel&&) = default;

  // Languages (ISO 639-1), in index order.
  const std::vector<std::string>& languages() const { return languages_; }
  int max_order() const { return max_order_; }
  size_t num_features() const { return num_features_; }

  // Index of `code` in languages(), or -1.
  int LanguageIndex(std::string_view code) const;

  // Scores `text` (at most `max_code_points` code points of it): writes one
  // log-likelihood per language to `log_likelihoods` (resized) and returns
  // the number of n-grams found in the model (0 means no evidence, and all
  // scores are then 0).
  int Score(std::string_view text, size_t max_code_points, NgramScratch* scratch,
            std::vector<double>* log_likelihoods) const;

 private:
  NgramModel() = default;

  // Open-addressing table slot, 8 bytes so that a probe touches one cache
  // line: key 0 marks an empty slot (keys are never 0); `entries` packs the
  // index of the first entry (low 24 bits) and the entry count (high 8).
  struct Slot {
    uint32_t key = 0;
    uint32_t entries = 0;
  };
  static constexpr uint32_t kMaxEntries = 1u << 24;
  const Slot* Find(uint32_t key) const;

  int max_order_ = kMaxNgramOrder;
  double step_ = 0.0;
  std::vector<std::string> languages_;
  std::vector<double> biases_;
  std::vector<Slot> slots_;
  uint32_t slot_mask_ = 0;
  std::vector<NgramModelData::Entry> entries_;
  size_t num_features_ = 0;
};

// Writes `data` as a "langid-ngram" payload (see the layout above).
std::string SerializeNgramModel(const NgramModelData& data);

}  // namespace wirelens::stages::language
