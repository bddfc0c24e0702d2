// File: resolution.h
//
// In-document entity resolution: groups the mentions the recognizer found in
// one article into entities ("Putin" and "Vladimir Putin"; "CSTO" and "the
// Collective Security Treaty Organization"), picks each entity's type,
// canonical name, aliases and confidence, and ranks entities by salience.
//
// It knows nothing about the recognizer: its input is a list of typed byte
// ranges with confidences, so it is tested on handcrafted mention lists.
//
// Linking rules, in order (README.md, "Resolution", explains the why):
//   1. Mentions are trimmed (surrounding punctuation and quotes, a trailing
//      possessive "'s" / "’s" / "s'" apostrophe) and keyed case-insensitively
//      with periods removed, a leading "the" and a courtesy title (Mr, Mrs,
//      Ms, Dr, ...) dropped, and "organisation" spelled "organization".
//      Mentions with equal keys are one form ("REUTERS" = "Reuters",
//      "U.S." = "US", "Putin's" = "Putin").
//   2. Multi-word PER forms with the same first and last word are linked
//      ("Vladimir Putin" = "Vladimir Vladimirovich Putin").
//   3. A PER form links to the unique longer PER form that ends with its words
//      ("Lukashenko", "Lula da Silva"); failing that, a one-word PER form links
//      to the unique longer PER form that starts with it.
//   4. An acronym directly followed or preceded by its long form in
//      parentheses is linked to it: "Collective Security Treaty Organization
//      (CSTO)", "CSTO (Collective Security Treaty Organization)".
//   5. A built-in table of well-known pairs (NATO, UN, EU, US, UK, WHO, IMF,
//      ...; see kWellKnownPairs in resolution.cc) links short and long forms.
//   6. An acronym links to the unique non-person form whose initials it
//      spells, skipping function words (of, the, and, for, ...); an
//      organisation wins over other types.
//   Every lookup goes through a hash map or a sorted index, so resolution is
//   O(n log n) in the number of mentions; candidate sets are never all pairs.
//
// Headlines in Title Case or ALL CAPS (`headline_unreliable_case`) carry no
// case signal, so capitalised words there are weak evidence. Forms seen only
// in such a headline never serve as the long form of rule 3's "starts with"
// fallback, and an entity all of whose mentions are in such a headline is
// dropped unless its best mention confidence is at least
// `ResolverOptions::unconfirmed_headline_min_confidence`. Anything linked to a
// body mention (same key, or any rule above) is confirmed by the body.
//
// Thread-safety: MentionResolver is immutable after construction and safe to
// share; each thread passes its own ResolverScratch.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "wirelens/v1/enrichment.pb.h"

namespace wirelens::stages::entities {

// The two normalized fields of one article, as the mentions index them.
struct ResolverDocument {
  std::string_view headline;
  std::string_view body;
  // True when the headline is Title Case or ALL CAPS (see the file comment).
  bool headline_unreliable_case = false;
};

// One mention as the recognizer found it: a byte range of one field.
struct MentionInput {
  v1::TextField field = v1::TEXT_FIELD_BODY;
  // Half-open UTF-8 byte range of the field, on code-point boundaries.
  uint32_t begin = 0;
  uint32_t end = 0;
  v1::EntityType type = v1::ENTITY_TYPE_UNSPECIFIED;
  // Model confidence in [0, 1].
  float confidence = 0;
};

// A mention of a resolved entity: the trimmed byte range.
struct ResolvedMention {
  v1::TextField field = v1::TEXT_FIELD_BODY;
  uint32_t begin = 0;
  uint32_t end = 0;
  float confidence = 0;
};

struct ResolvedEntity {
  v1::EntityType type = v1::ENTITY_TYPE_UNSPECIFIED;
  // The fullest form seen: the longest non-acronym form (for people, the one
  // with most words), spelled as in the body when possible.
  std::string canonical_name;
  // Other surface forms (one per distinct key), in order of first appearance.
  std::vector<std::string> aliases;
  // In text order, headline first.
  std::vector<ResolvedMention> mentions;
  // See MentionResolver::Resolve.
  float salience = 0;
  float confidence = 0;
};

struct ResolverOptions {
  // An entity seen only in an unreliable-case headline is kept only if one of
  // its mentions has at least this confidence.
  float unconfirmed_headline_min_confidence = 0.9f;
};

// Trims a mention's byte range [*begin, *end) of `text` in place: surrounding
// whitespace, punctuation and quotes, and a trailing possessive ("Putin's",
// "Putin’s", "the Philippines'"). The range may become empty.
void TrimMention(std::string_view text, uint32_t* begin, uint32_t* end);

// True if `surface` looks like an acronym: 2 to 8 ASCII letters once periods
// and '&' are removed, at least two of them upper case and at most one lower
// case ("NATO", "U.S.", "BoE", "AT&T").
bool IsAcronymLike(std::string_view surface);

// Per-thread memory reused across articles. Opaque to callers.
class ResolverScratch {
 public:
  ResolverScratch() = default;
  ResolverScratch(const ResolverScratch&) = delete;
  ResolverScratch& operator=(const ResolverScratch&) = delete;

 private:
  friend class MentionResolver;
  struct Mention {
    MentionInput in;
    std::string_view surface;
    bool unreliable = false;  // in an unreliable-case headline
    uint32_t form = 0;
  };
  struct Form {
    std::string_view key;
    uint32_t word_begin = 0;  // into words
    uint32_t word_count = 0;
    uint32_t first_mention = 0;  // index into mentions (text order)
    uint32_t best_mention = 0;   // surface used for names
    uint32_t mention_count = 0;
    uint32_t reliable_count = 0;
    uint32_t reliable_acronym_count = 0;
    uint32_t acronym_count = 0;
    float type_weight[5] = {0, 0, 0, 0, 0};
    v1::EntityType type = v1::ENTITY_TYPE_UNSPECIFIED;
    bool acronym = false;
    bool short_alias = false;  // a short form of the built-in table
    uint32_t name_length = 0;  // code points of the best surface
  };
  std::vector<Mention> mentions;
  std::string key_arena;
  std::vector<std::pair<uint32_t, uint32_t>> key_ranges;  // per mention
  std::vector<std::string_view> words;
  std::vector<Form> forms;
  std::vector<uint32_t> parent;  // union-find over forms
  absl::flat_hash_map<std::string_view, uint32_t> form_by_key;
  struct InitialsEntry {
    uint32_t org_form = 0;
    uint32_t org_count = 0;
    uint32_t other_form = 0;
    uint32_t other_count = 0;
  };
  absl::flat_hash_map<std::string, InitialsEntry> forms_by_initials;
  // (word, form) of multi-word PER forms, sorted.
  std::vector<std::pair<std::string_view, uint32_t>> per_by_last_word;
  std::vector<std::pair<std::string_view, uint32_t>> per_by_first_word;
  std::vector<uint32_t> candidate_roots;
  struct EntityAcc {
    float type_weight[5] = {0, 0, 0, 0, 0};
    double confidence_sum = 0;
    float max_confidence = 0;
    uint32_t count = 0;
    uint32_t first_mention = 0;
    uint32_t first_body_begin = 0;
    bool in_headline = false;
    bool in_body = false;
    bool confirmed = false;  // has a mention outside an unreliable headline
  };
  std::vector<EntityAcc> entities;
  std::vector<uint32_t> entity_of_root;  // per form; kNone when not a root
  std::vector<uint32_t> out_index;       // per entity: index in the output
  std::vector<uint32_t> canonical_form;  // per output entity
  std::string folded;                    // scratch for one key
  std::vector<std::string_view> folded_words;
  std::string initials;
};

class MentionResolver {
 public:
  explicit MentionResolver(ResolverOptions options = {}) : options_(options) {}

  // Groups `mentions` (any order; ranges outside their field are dropped, as
  // are mentions of type UNSPECIFIED and ranges that trim to nothing) into
  // entities, written to `*out` (cleared first), most salient first, ties by
  // first position (headline before body).
  //
  // Per entity:
  //   type: the type with the largest summed mention confidence (ties: the
  //     lower enum value);
  //   confidence = s * (1 - (1 - m)^sqrt(n)), where m is the mean mention
  //     confidence, n the mention count and s the share of the summed
  //     confidence that agrees with the chosen type;
  //   salience = logistic(-2.2 + 1.1 ln(1 + n) + 1.4 h + 1.2 (1 - p)
  //     + 1.5 n / N), where h is 1 if the entity is in the headline, p the
  //     relative byte position of its first body mention (1 if none) and N
  //     the number of mentions in the article.
  void Resolve(const ResolverDocument& doc, std::span<const MentionInput> mentions,
               ResolverScratch* scratch, std::vector<ResolvedEntity>* out) const;

  const ResolverOptions& options() const { return options_; }

 private:
  // The spelling of alias form `f` of the entity named by form `canonical`.
  static std::string_view AliasSpelling(const ResolverScratch& s, uint32_t f, uint32_t canonical);

  ResolverOptions options_;
};

}  // namespace wirelens::stages::entities
