#include "stages/entities/ner_eval.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_format.h"

namespace wirelens::stages::entities {

void SpanEvaluator::Add(absl::Span<const NerTag> gold, absl::Span<const NerTag> predicted) {
  const size_t n = std::min(gold.size(), predicted.size());
  gold = gold.subspan(0, n);
  predicted = predicted.subspan(0, n);
  std::vector<Mention> gold_mentions, predicted_mentions;
  TagsToMentions(gold, &gold_mentions);
  TagsToMentions(predicted, &predicted_mentions);
  auto keep = [&](std::vector<Mention>* mentions) {
    mentions->erase(std::remove_if(mentions->begin(), mentions->end(),
                                   [&](const Mention& m) {
                                     return ignored_[static_cast<int>(m.type)];
                                   }),
                    mentions->end());
  };
  keep(&gold_mentions);
  keep(&predicted_mentions);
  for (const Mention& m : gold_mentions) {
    ++by_type_[static_cast<int>(m.type)].gold;
    ++overall_.gold;
  }
  // Both lists are sorted by begin and non-overlapping, so a merge finds the
  // exact matches.
  size_t g = 0;
  for (const Mention& m : predicted_mentions) {
    ++by_type_[static_cast<int>(m.type)].predicted;
    ++overall_.predicted;
    while (g < gold_mentions.size() && gold_mentions[g].begin < m.begin) ++g;
    if (g < gold_mentions.size() && gold_mentions[g] == m) {
      ++by_type_[static_cast<int>(m.type)].true_positives;
      ++overall_.true_positives;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    ++tokens_;
    if (gold[i] == predicted[i]) ++correct_tokens_;
  }
}

std::string SpanEvaluator::Report() const {
  std::string out = absl::StrFormat(
      "processed %d tokens with %d phrases; found: %d phrases; correct: %d.\n", tokens_,
      overall_.gold, overall_.predicted, overall_.true_positives);
  auto line = [&](std::string_view name, const SpanCounts& c) {
    absl::StrAppendFormat(&out, "%-8s precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f  %d\n",
                          absl::string_view(name.data(), name.size()), c.Precision(), c.Recall(),
                          c.F1(), c.predicted);
  };
  absl::StrAppendFormat(&out, "accuracy: %6.2f%%\n",
                        tokens_ == 0 ? 0.0 : 100.0 * correct_tokens_ / tokens_);
  line("overall", overall_);
  for (int t = 1; t <= kNumEntityTypes; ++t) {
    if (ignored_[t]) continue;
    line(EntityTypeName(static_cast<EntityType>(t)), by_type_[t]);
  }
  return out;
}

}  // namespace wirelens::stages::entities
