// File: features.h
//
// Feature extraction for the named-entity recognizer, shared by the trainer
// and the tagger so both see exactly the same features.
//
// A document is processed in three steps:
//  1. PrepareDocument(): per-token facts (case-restored form for sentences
//     whose case is unreliable, shape, affixes, word clusters, case
//     statistics, gazetteer matches) and document-wide case evidence (how the
//     same word is written in the document's reliable-case sentences).
//  2. LocalFeatures(): hashed feature keys of each token from those facts and
//     a +-2 token window. They do not depend on any prediction.
//  3. DocumentFeatures(): keys from how other occurrences of the same word in
//     the document were labelled by a first pass ("extended prediction
//     history", Ratinov & Roth 2009). The tagger's second pass adds them.
//
// Keys are 64-bit hashes of (template, value); the model maps them to weight
// rows by their top bits (ner_model.h).
//
// Thread-safety: a FeatureExtractor is immutable and shareable; each thread
// passes its own FeatureScratch, which keeps its capacity between calls so
// the steady state does not allocate.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/types/span.h"
#include "stages/entities/clusters.h"
#include "stages/entities/gazetteer.h"
#include "stages/entities/ner_tags.h"

namespace wirelens::stages::entities {

// One sentence to tag: its tokens (already tokenized, CoNLL-style) and whether
// its capitalization can be trusted. Set `unreliable_case` for all-caps or
// title-case headlines: the tagger then restores each word's usual case from
// the lexicon instead of reading names off capital letters.
struct NerSentence {
  absl::Span<const std::string_view> words;
  bool unreliable_case = false;
};

// A heuristic for `unreliable_case`: most cased words are all caps, or (with
// at least four cased words) every word of four or more letters is
// capitalized.
bool LooksCaseUnreliable(absl::Span<const std::string_view> words);

// Per-token facts computed once per document.
struct TokenFacts {
  uint64_t form = 0;         // KeyForForm of the (case-restored) digit-normalized form
  uint64_t lower = 0;        // KeyForLower of its case-folded form
  uint64_t shape = 0;        // hash of the long shape
  uint64_t short_shape = 0;  // hash of the collapsed shape
  uint64_t prefix[4] = {0, 0, 0, 0};
  uint64_t suffix[4] = {0, 0, 0, 0};
  uint16_t clusters[kMaxClusterLevels] = {kNoCluster, kNoCluster, kNoCluster, kNoCluster};
  GazetteerBits gazetteer = 0;
  CasePattern pattern = CasePattern::kNone;
  CapBucket cap = CapBucket::kUnknown;
  uint8_t doc_case = 0;  // bit 0: seen capitalized mid-sentence, bit 1: seen lowercase
  uint8_t length = 0;
  bool sentence_initial = false;
  bool unreliable = false;
};

// Reusable buffers; one per thread.
struct FeatureScratch {
  std::vector<TokenFacts> facts;        // all tokens of the document
  std::vector<uint32_t> sentence_begin;  // index into facts, size = sentences + 1
  std::vector<uint64_t> keys;           // local feature keys of all tokens
  std::vector<uint32_t> key_begin;      // per token, size = tokens + 1
  std::vector<uint64_t> doc_keys;       // document feature keys
  std::vector<uint32_t> doc_key_begin;
  // Internal.
  std::string truecased, normalized, lower, shape;
  std::vector<uint64_t> folded_keys;
  std::vector<GazetteerBits> gazetteer_bits;
  std::vector<uint32_t> word_id;  // per token: index of its case-folded form in the document
  std::vector<uint64_t> table_keys;
  std::vector<uint32_t> table_values;
  std::vector<uint8_t> word_case;
  std::vector<std::array<uint16_t, kNumEntityTypes + 1>> type_counts;
};

class FeatureExtractor {
 public:
  // `lexicon` and `gazetteer` must outlive the extractor.
  FeatureExtractor(const Lexicon* lexicon, const Gazetteer* gazetteer)
      : lexicon_(lexicon), gazetteer_(gazetteer) {}

  // Step 1 for a whole document.
  void PrepareDocument(absl::Span<const NerSentence> sentences, FeatureScratch* scratch) const;
  // Step 2: fills scratch->keys / key_begin for every token of the document.
  void LocalFeatures(FeatureScratch* scratch) const;
  // Step 3: fills scratch->doc_keys / doc_key_begin from `labels` (one label
  // index per token of the document, in order) of a first pass.
  void DocumentFeatures(absl::Span<const uint8_t> labels, FeatureScratch* scratch) const;

 private:
  void Facts(std::string_view word, bool unreliable, FeatureScratch* scratch,
             TokenFacts* facts) const;

  const Lexicon* lexicon_;
  const Gazetteer* gazetteer_;
};

}  // namespace wirelens::stages::entities
