// File: gazetteer.h
//
// Name lists for the recognizer's features: countries, cities, regions,
// demonyms, given names and currencies, matched as case-folded token
// sequences (multi-token, every match, not only the longest). For each token
// the matcher reports, per list, whether a match begins there (B), continues
// (I), ends (L) or is a single token (U); the model learns how much to trust
// each list in each position, so the lists' noise (e.g. "Mobile", "Reading"
// are also cities) costs little.
//
// The lists are built by the trainer from the shared gazetteer directory
// (LoadGazetteerDirectory) and stored, as hashes only, inside the NER model
// file; nothing is read from /work/shared at run time.
//
// Thread-safety: a Gazetteer is immutable after construction; Match() is
// const and safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace wirelens::stages::entities {

enum GazetteerList : int {
  kGazCountry = 0,
  kGazCity = 1,
  kGazRegion = 2,
  kGazDemonym = 3,
  kGazFirstName = 4,
  kGazCurrency = 5,
};
inline constexpr int kNumGazetteerLists = 6;
inline constexpr int kMaxGazetteerPhrase = 8;  // tokens

// Per-token match bits: bit (4 * list + position), position 0 = B, 1 = I,
// 2 = L (last of several), 3 = U (single-token match).
using GazetteerBits = uint32_t;

class Gazetteer {
 public:
  Gazetteer() = default;

  // Parses a payload written by Serialize(). DataLoss when malformed.
  static absl::StatusOr<Gazetteer> FromPayload(std::string_view payload);
  std::string Serialize() const;

  // `folded_keys[i]` is KeyForLower(case-folded token i) (clusters.h). Fills
  // `bits` with one GazetteerBits per token.
  void Match(absl::Span<const uint64_t> folded_keys, std::vector<GazetteerBits>* bits) const;

  size_t phrases() const { return phrases_; }

 private:
  friend class GazetteerBuilder;
  void BuildIndex();
  uint16_t Find(uint64_t key) const;

  // (phrase-prefix key, value): value bits 0..5 = lists whose phrase ends
  // here, bit 15 = some longer phrase continues this prefix.
  std::vector<std::pair<uint64_t, uint16_t>> entries_;  // sorted by key
  std::vector<uint32_t> slots_;
  uint64_t mask_ = 0;
  size_t phrases_ = 0;
};

class GazetteerBuilder {
 public:
  // Adds `phrase` (raw text, tokenized like TokenizeRawLine and case-folded)
  // to `list`. Phrases longer than kMaxGazetteerPhrase tokens are skipped.
  void Add(std::string_view phrase, GazetteerList list);
  Gazetteer Build() const;

 private:
  std::vector<std::pair<uint64_t, uint16_t>> entries_;
  size_t phrases_ = 0;
};

// Reads the shared gazetteer directory (see its README.md): nltk_gazetteers/,
// nltk_names/, geonames/cities15000.txt.gz, countries/countries.json,
// currencies/currencies.json, iso-codes/iso_3166-2.json. NotFound when a file
// is missing, DataLoss when one does not parse.
absl::Status LoadGazetteerDirectory(const std::string& dir, GazetteerBuilder* builder);

}  // namespace wirelens::stages::entities
