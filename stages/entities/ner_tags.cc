#include "stages/entities/ner_tags.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "pipeline/strings.h"

namespace wirelens::stages::entities {

std::string_view EntityTypeName(EntityType type) {
  switch (type) {
    case EntityType::kPer: return "PER";
    case EntityType::kOrg: return "ORG";
    case EntityType::kLoc: return "LOC";
    case EntityType::kMisc: return "MISC";
    case EntityType::kNone: break;
  }
  return "O";
}

absl::StatusOr<EntityType> ParseEntityType(std::string_view name) {
  if (name == "PER") return EntityType::kPer;
  if (name == "ORG") return EntityType::kOrg;
  if (name == "LOC") return EntityType::kLoc;
  if (name == "MISC") return EntityType::kMisc;
  return absl::InvalidArgumentError(absl::StrCat("unknown entity type '", AsAbsl(name), "'"));
}

int LabelOf(const NerTag& tag) {
  if (tag.type == EntityType::kNone) return 0;
  const int t = static_cast<int>(tag.type);
  return tag.begin ? 2 * t - 1 : 2 * t;
}

NerTag TagOfLabel(int label) {
  NerTag tag;
  if (label <= 0 || label >= kNumLabels) return tag;
  tag.type = static_cast<EntityType>((label + 1) / 2);
  tag.begin = (label % 2) == 1;
  return tag;
}

bool TransitionAllowed(int from, int to) {
  if (to == 0 || to % 2 == 1) return true;  // O and B-X follow anything
  return from > 0 && (from + 1) / 2 == (to + 1) / 2;
}

std::string BioString(const NerTag& tag) {
  if (tag.type == EntityType::kNone) return "O";
  return absl::StrCat(tag.begin ? "B-" : "I-", AsAbsl(EntityTypeName(tag.type)));
}

absl::StatusOr<NerTag> ParseBioTag(std::string_view tag) {
  NerTag out;
  if (tag == "O") return out;
  if (tag.size() < 3 || tag[1] != '-' || (tag[0] != 'B' && tag[0] != 'I')) {
    return absl::InvalidArgumentError(absl::StrCat("not a BIO tag: '", AsAbsl(tag), "'"));
  }
  auto type = ParseEntityType(tag.substr(2));
  if (!type.ok()) return type.status();
  out.type = *type;
  out.begin = tag[0] == 'B';
  return out;
}

void PrintTo(const Mention& mention, std::ostream* os) {
  *os << EntityTypeName(mention.type) << "[" << mention.begin << "," << mention.end << ")";
}

void TagsToMentions(absl::Span<const NerTag> tags, std::vector<Mention>* mentions) {
  mentions->clear();
  const int n = static_cast<int>(tags.size());
  for (int i = 0; i < n;) {
    if (tags[i].type == EntityType::kNone) {
      ++i;
      continue;
    }
    Mention m;
    m.begin = i;
    m.type = tags[i].type;
    m.confidence = tags[i].confidence;
    ++i;
    while (i < n && tags[i].type == m.type && !tags[i].begin) {
      m.confidence = std::min(m.confidence, tags[i].confidence);
      ++i;
    }
    m.end = i;
    mentions->push_back(m);
  }
}

}  // namespace wirelens::stages::entities
