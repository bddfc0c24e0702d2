// File: ner_model.h
//
// The named-entity recognizer: tags tokenized sentences with PER, ORG, LOC
// and MISC mentions (CoNLL-2003 types) in BIO form, with a confidence per
// token.
//
// Model: an averaged structured perceptron over 9 BIO labels with Viterbi
// decoding (ner_decode.h). Features (features.h) are hashed into a table of
// 2^hash_bits rows of 9 int16 weights; they cover word forms, shapes,
// affixes, a +-2 window, word clusters and case statistics learned from
// unlabeled text (clusters.h), gazetteer matches (gazetteer.h) and, in a
// second pass over the document, how the same word was labelled elsewhere in
// it. The lexicon and gazetteer travel inside the model file, so one file is
// the whole model. Trained by wirelens_ner_train (ner_trainer.h).
//
// Usage:
//   ASSIGN_OR_RETURN(auto model, NerModel::Load(path));   // once, at startup
//   NerScratch scratch;                                    // one per thread
//   std::vector<std::vector<NerTag>> tags;
//   model->TagDocument(sentences, &scratch, &tags);        // per article
//   TagsToMentions(tags[i], &mentions);                    // ner_tags.h
//
// Document-level features use exactly the sentences passed to one
// TagDocument call: pass a whole article at once.
//
// Thread-safety: a NerModel is immutable after Load(); TagDocument() is const
// and safe from any number of threads, each with its own NerScratch.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "pipeline/model_file.h"
#include "stages/entities/clusters.h"
#include "stages/entities/features.h"
#include "stages/entities/gazetteer.h"
#include "stages/entities/ner_decode.h"
#include "stages/entities/ner_tags.h"

namespace wirelens::stages::entities {

inline constexpr std::string_view kNerModelKind = "ner-perceptron";
inline constexpr uint32_t kNerModelKindVersion = 1;
// Where the committed model lives under the model root.
inline constexpr std::string_view kNerModelPath = "stages/entities/model/ner-en.wlm";

// Everything a model is made of, in trainable (float) form. The trainer fills
// it; NerModel quantizes it.
struct NerModelData {
  int hash_bits = 20;
  std::vector<float> weights;  // (1 << hash_bits) * kNumLabels, row-major
  Transitions transitions;
  // Confidence = 1 / (1 + exp(-margin / confidence_scale)).
  float confidence_scale = 1.0f;
  Lexicon lexicon;
  Gazetteer gazetteer;
};

// Per-thread working memory for NerModel::TagDocument.
struct NerScratch {
  FeatureScratch features;
  DecodeScratch decode;
  std::vector<float> local_scores;  // tokens * kNumLabels
  std::vector<float> scores;
  std::vector<uint8_t> labels;
  std::vector<float> margins;
};

class NerModel {
 public:
  // Reads a model file. NotFound if missing; DataLoss if corrupt (bad magic,
  // checksum, truncated or malformed payload); FailedPrecondition if it is
  // not a "ner-perceptron" file of kNerModelKindVersion.
  static absl::StatusOr<std::unique_ptr<NerModel>> Load(const std::string& path);
  // The same from a decoded container.
  static absl::StatusOr<std::unique_ptr<NerModel>> FromModelFile(const pipeline::ModelFile& file);
  // Quantizes trained data (InvalidArgument if inconsistent).
  static absl::StatusOr<std::unique_ptr<NerModel>> FromData(NerModelData data, std::string name,
                                                            std::string version);

  // Serializes into a container ready for pipeline::SaveModelFile.
  pipeline::ModelFile ToModelFile() const;

  // Tags every sentence of one document. `tags` gets one vector per sentence
  // with one tag per word; decoded tags are always well-formed BIO.
  void TagDocument(absl::Span<const NerSentence> sentences, NerScratch* scratch,
                   std::vector<std::vector<NerTag>>* tags) const;

  const std::string& name() const { return name_; }
  const std::string& version() const { return version_; }
  int hash_bits() const { return hash_bits_; }
  // Approximate bytes held by the loaded model (weights and lexicon index;
  // the gazetteer adds about 16 bytes per phrase token).
  size_t MemoryBytes() const;

 private:
  NerModel() : extractor_(&lexicon_, &gazetteer_) {}
  // Adds the weights of keys [begin, end) to `scores` (kNumLabels floats).
  void AddScores(const uint64_t* begin, const uint64_t* end, float* scores) const;

  std::string name_, version_;
  int hash_bits_ = 0;
  float scale_ = 0.0f;  // weight = int16 * scale_
  std::vector<int16_t> weights_;
  Transitions transitions_;
  float confidence_scale_ = 1.0f;
  Lexicon lexicon_;
  Gazetteer gazetteer_;
  FeatureExtractor extractor_;
};

}  // namespace wirelens::stages::entities
