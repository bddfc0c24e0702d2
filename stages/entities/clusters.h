// File: clusters.h
//
// The recognizer's lexicon: statistics learned by our own code from unlabeled
// text (wirelens_ner_clusters, cluster_main.cc), which the NER model embeds.
//
//  * Word clusters: each frequent word form (case kept, digits mapped to '0')
//    has a class id at several granularities (e.g. 64, 256 and 1024 classes).
//    Classes come from the exchange algorithm maximizing the likelihood of a
//    class bigram model (the objective of Brown et al. 1992), run once per
//    granularity. Words that behave alike ("Monday"/"Tuesday", "Clinton"/
//    "Yeltsin") share classes, which lets the tagger generalize from the few
//    names it saw in training to names it did not.
//  * Case statistics: for each frequent lowercased form, how often it is
//    capitalized where capitalization carries information (not sentence-
//    initial), and its most common case pattern. "is capitalized but usually
//    lowercase" separates sentence-initial words from names, and the pattern
//    lets the tagger restore case in all-caps or title-case headlines.
//
// File: a model file (pipeline/model_file.h) of kind "ner-lexicon"; the
// payload layout is documented in clusters.cc.
//
// Thread-safety: a Lexicon is immutable after construction; lookups are const
// and safe from any thread. Builders are single-owner.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "stages/entities/features_text.h"

namespace wirelens::stages::entities {

inline constexpr std::string_view kLexiconKind = "ner-lexicon";
inline constexpr uint32_t kLexiconKindVersion = 1;
inline constexpr int kMaxClusterLevels = 4;
// Cluster id meaning "word not in the clustered vocabulary".
inline constexpr uint16_t kNoCluster = 0xFFFF;

// How often a lowercased form is capitalized mid-sentence, bucketed.
enum class CapBucket : uint8_t {
  kUnknown = 0,  // too rare to say
  kNever = 1,    // < 5 %
  kRarely = 2,   // 5..30 %
  kMixed = 3,    // 30..70 %
  kUsually = 4,  // 70..95 %
  kAlways = 5,   // >= 95 %
};

struct LexiconEntry {
  uint64_t key = 0;  // hash of the form (KeyForForm / KeyForLower)
  uint16_t clusters[kMaxClusterLevels] = {kNoCluster, kNoCluster, kNoCluster, kNoCluster};
  CasePattern dominant_case = CasePattern::kNone;  // lowercase entries only
  CapBucket cap = CapBucket::kUnknown;             // lowercase entries only
  uint8_t log_count = 0;                           // floor(log2(count + 1))
};

// Keys: exact forms (after NormalizeDigits) and lowercased forms live in one
// table under differently seeded hashes.
uint64_t KeyForForm(std::string_view digit_normalized_form);
uint64_t KeyForLower(std::string_view lowercased_form);

class Lexicon {
 public:
  Lexicon() = default;
  // `levels` = number of classes at each granularity (<= kMaxClusterLevels).
  Lexicon(std::vector<uint32_t> levels, std::vector<LexiconEntry> entries);

  // Parses a payload written by Serialize(). DataLoss when malformed.
  static absl::StatusOr<Lexicon> FromPayload(std::string_view payload);
  std::string Serialize() const;

  // Loads a "ner-lexicon" model file (errors as pipeline::LoadModelFile).
  static absl::StatusOr<Lexicon> Load(const std::string& path);
  absl::Status Save(const std::string& path, std::string_view name,
                    std::string_view version) const;

  // The entry for `key`, or nullptr.
  const LexiconEntry* Find(uint64_t key) const;

  const std::vector<uint32_t>& levels() const { return levels_; }
  size_t size() const { return entries_.size(); }
  const std::vector<LexiconEntry>& entries() const { return entries_; }  // sorted by key

 private:
  void BuildIndex();

  std::vector<uint32_t> levels_;
  std::vector<LexiconEntry> entries_;  // sorted by key, unique
  std::vector<uint32_t> slots_;        // open addressing: entry index + 1, 0 = empty
  uint64_t mask_ = 0;
};

// Splits one line of raw English text into tokens the way CoNLL-2003 is
// tokenized (punctuation split off, "'s" and "n't" separate, "U.S." kept).
// `starts_sentence[i]` tells whether token i begins a sentence (line start or
// after ". ! ?"). Views point into `line`.
void TokenizeRawLine(std::string_view line, std::vector<std::string_view>* tokens,
                     std::vector<bool>* starts_sentence);

struct LexiconOptions {
  size_t vocabulary = 60000;         // most frequent forms that get clusters
  uint32_t min_count = 3;            // rarer forms get no cluster and no case stats
  std::vector<uint32_t> levels = {64, 256, 1024};
  int iterations = 8;                // exchange passes over the vocabulary
  int threads = 2;
};

// Accumulates counts from text, then clusters. Deterministic for the same
// text fed in the same order (thread count does not change the result).
class LexiconBuilder {
 public:
  explicit LexiconBuilder(LexiconOptions options);
  ~LexiconBuilder();
  LexiconBuilder(LexiconBuilder&&) noexcept;
  LexiconBuilder& operator=(LexiconBuilder&&) noexcept;

  // Counts one line of raw text (tokenized with TokenizeRawLine).
  void AddLine(std::string_view line);
  // Merges the counts of `other` (built with the same options) into this one.
  void Merge(LexiconBuilder&& other);

  uint64_t tokens() const;
  // Runs the exchange algorithm at every granularity. `progress` (may be
  // null) receives one line per pass. InvalidArgument for bad options or
  // too little text.
  absl::StatusOr<Lexicon> Build(std::ostream* progress);

 private:
  struct Counts;
  LexiconOptions options_;
  std::unique_ptr<Counts> counts_;
};

}  // namespace wirelens::stages::entities
