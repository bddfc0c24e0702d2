// File: ner_trainer.h
//
// Trains the recognizer (ner_model.h): an averaged structured perceptron
// over hashed features, decoded with constrained Viterbi.
//
// Document features need first-pass predictions on the training data that
// are as good (and as bad) as the tagger's own first pass on unseen text, so
// they come from a jackknife: the training documents are split into folds,
// a model with local features only is trained on the other folds and tags
// each fold. The final model then sees each training sentence with those
// document features on some epochs and without them on others (chosen by the
// seeded generator), so one set of weights serves both of the tagger's
// passes. The jackknife margins also calibrate the confidence scale.
//
// Deterministic: the same documents, options and seed give the same model,
// whatever the number of threads.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "stages/entities/clusters.h"
#include "stages/entities/gazetteer.h"
#include "stages/entities/ner_model.h"
#include "stages/entities/ner_tags.h"

namespace wirelens::stages::entities {

struct NerTrainingSentence {
  std::vector<std::string> words;
  std::vector<NerTag> gold;
  bool unreliable_case = false;
};
using NerTrainingDocument = std::vector<NerTrainingSentence>;

struct NerTrainingOptions {
  int epochs = 10;
  int hash_bits = 20;
  int folds = 4;                  // jackknife folds for document features (0 = none)
  int fold_epochs = 8;            // epochs of each jackknife model
  double document_rate = 0.5;     // share of sentence visits with document features
  uint64_t seed = 1;
  int threads = 2;
};

// Trains a model. `progress` (may be null) gets one line per epoch.
// InvalidArgument for empty data or bad options.
absl::StatusOr<NerModelData> TrainNer(const std::vector<NerTrainingDocument>& documents,
                                      const Lexicon& lexicon, const Gazetteer& gazetteer,
                                      const NerTrainingOptions& options, std::ostream* progress);

}  // namespace wirelens::stages::entities
