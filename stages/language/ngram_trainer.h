// File: ngram_trainer.h
//
// Trains the naive Bayes character n-gram model of ngram_model.h from
// per-language sentence lists. Used by `wirelens_langid_train` and by tests
// that build tiny models. Training is deterministic: the same corpora and
// options give a byte-identical model, whatever the thread count.
//
// Per language, every n-gram occurrence is counted; the `features_per_language`
// most frequent n-grams of each language (count >= `min_count`, ties broken by
// key) form the shared vocabulary. For a vocabulary feature f and language l
// with count c and total n-gram count N_l, the model stores
//   weight(f, l) = log(c + alpha) - log(alpha)      (quantized to 8 bits)
//   bias(l)      = log(alpha) - log(N_l + alpha * |V|)
// so that summing them gives the additively smoothed multinomial
// log-likelihood restricted to vocabulary features.
//
// Thread-safety: TrainNgramModel is reentrant; it spawns `threads` workers.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "stages/language/ngram_model.h"

namespace wirelens::stages::language {

struct NgramTrainingOptions {
  int max_order = kMaxNgramOrder;
  // Vocabulary size contributed by each language (before the union).
  size_t features_per_language = 20000;
  // N-grams seen fewer times in a language are not vocabulary candidates.
  uint32_t min_count = 2;
  // Additive smoothing.
  double alpha = 0.02;
  int threads = 2;
};

struct LanguageCorpus {
  std::string code;                // ISO 639-1
  std::vector<std::string> lines;  // UTF-8 sentences
};

// InvalidArgument for no corpora, more than 255, duplicate or empty codes, or
// options out of range.
absl::StatusOr<NgramModelData> TrainNgramModel(const std::vector<LanguageCorpus>& corpora,
                                               const NgramTrainingOptions& options);

// Transliterates Serbian Cyrillic to Serbian Latin (gaj's alphabet: љ -> lj,
// њ -> nj, џ -> dž, ђ -> đ, ћ -> ć, ...), keeping case; other characters pass
// through. Used to give the Latin-script `sr` class the Cyrillic half of the
// training text too.
std::string SerbianCyrillicToLatin(std::string_view text);

// True if `text` contains a Cyrillic letter.
bool ContainsCyrillic(std::string_view text);

}  // namespace wirelens::stages::language
