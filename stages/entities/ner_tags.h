// File: ner_tags.h
//
// The recognizer's output vocabulary: entity types, per-token BIO tags with a
// confidence, and mentions (half-open token ranges). Also the label indices
// the model scores (O plus B-/I- for each type) and the transition rule that
// keeps decoded tag sequences well-formed.
//
// Thread-safety: pure functions and plain values.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace wirelens::stages::entities {

enum class EntityType : uint8_t {
  kNone = 0,  // outside any entity ("O")
  kPer = 1,
  kOrg = 2,
  kLoc = 3,
  kMisc = 4,
};
inline constexpr int kNumEntityTypes = 4;  // excluding kNone

// "PER", "ORG", "LOC", "MISC", or "O" for kNone.
std::string_view EntityTypeName(EntityType type);
// Inverse of EntityTypeName for the four types; InvalidArgument otherwise.
absl::StatusOr<EntityType> ParseEntityType(std::string_view name);

// One token's tag. `begin` marks the first token of a mention (B-); it is
// false for O and I- tokens. `confidence` in [0, 1] is how sure the model is
// of this token's label (from the margin to the best path with another label
// at this token).
struct NerTag {
  EntityType type = EntityType::kNone;
  bool begin = false;
  float confidence = 1.0f;

  bool operator==(const NerTag& o) const { return type == o.type && begin == o.begin; }
};

// Label indices: 0 = O, 2t-1 = B-type, 2t = I-type (t = 1..4).
inline constexpr int kNumLabels = 1 + 2 * kNumEntityTypes;
int LabelOf(const NerTag& tag);
NerTag TagOfLabel(int label);
// Whether label `to` may follow label `from` (-1 = sentence start): I-X only
// after B-X or I-X.
bool TransitionAllowed(int from, int to);

// "O", "B-PER", "I-LOC", ...
std::string BioString(const NerTag& tag);
// Parses a BIO/IOB2 tag. Types outside PER/ORG/LOC/MISC are InvalidArgument
// (callers that read other tag sets decide what to do with them).
absl::StatusOr<NerTag> ParseBioTag(std::string_view tag);

// A mention: tokens [begin, end) of one sentence.
struct Mention {
  int begin = 0;
  int end = 0;
  EntityType type = EntityType::kNone;
  float confidence = 1.0f;  // minimum token confidence over the span

  bool operator==(const Mention& o) const {
    return begin == o.begin && end == o.end && type == o.type;
  }
};

// For test failure messages: "PER[3,5)".
void PrintTo(const Mention& mention, std::ostream* os);

// Turns tags into mentions with conlleval semantics: a mention starts at B-X,
// or at I-X when the previous token is O or of another type, and extends over
// the following I-X tokens. Appends to `mentions` (cleared first).
void TagsToMentions(absl::Span<const NerTag> tags, std::vector<Mention>* mentions);

}  // namespace wirelens::stages::entities
