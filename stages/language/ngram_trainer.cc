#include "stages/language/ngram_trainer.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <set>
#include <thread>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "pipeline/text.h"

namespace wirelens::stages::language {
namespace {

struct LanguageCounts {
  absl::flat_hash_map<uint32_t, uint32_t> counts;
  uint64_t total = 0;
  std::vector<uint32_t> top_keys;
};

void CountLanguage(const LanguageCorpus& corpus, const NgramTrainingOptions& options,
                   LanguageCounts* out) {
  std::vector<uint32_t> keys;
  for (const std::string& line : corpus.lines) {
    keys.clear();
    ExtractNgramKeys(line, options.max_order, line.size(), &keys);
    for (uint32_t key : keys) ++out->counts[key];
    out->total += keys.size();
  }
  std::vector<std::pair<uint32_t, uint32_t>> ranked;  // (count, key)
  for (const auto& [key, count] : out->counts) {
    if (count >= options.min_count) ranked.emplace_back(count, key);
  }
  const size_t keep = std::min(options.features_per_language, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + keep, ranked.end(),
                    [](const auto& a, const auto& b) {
                      return a.first != b.first ? a.first > b.first : a.second < b.second;
                    });
  out->top_keys.reserve(keep);
  for (size_t i = 0; i < keep; ++i) out->top_keys.push_back(ranked[i].second);
}

}  // namespace

absl::StatusOr<NgramModelData> TrainNgramModel(const std::vector<LanguageCorpus>& corpora,
                                               const NgramTrainingOptions& options) {
  if (corpora.empty() || corpora.size() > 255) {
    return absl::InvalidArgumentError("need between 1 and 255 languages");
  }
  std::set<std::string> seen;
  for (const LanguageCorpus& c : corpora) {
    if (c.code.empty() || c.code.size() > 255 || !seen.insert(c.code).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("empty or duplicate language \"", c.code, "\""));
    }
  }
  if (options.max_order < 1 || options.max_order > kMaxNgramOrder || options.alpha <= 0 ||
      options.features_per_language == 0 || options.threads < 1) {
    return absl::InvalidArgumentError("training options out of range");
  }

  std::vector<LanguageCounts> counts(corpora.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < corpora.size(); i = next++) {
      CountLanguage(corpora[i], options, &counts[i]);
    }
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < options.threads; ++t) threads.emplace_back(worker);
  worker();
  for (std::thread& t : threads) t.join();

  std::vector<uint32_t> vocabulary;
  for (const LanguageCounts& c : counts) {
    vocabulary.insert(vocabulary.end(), c.top_keys.begin(), c.top_keys.end());
  }
  std::sort(vocabulary.begin(), vocabulary.end());
  vocabulary.erase(std::unique(vocabulary.begin(), vocabulary.end()), vocabulary.end());

  NgramModelData data;
  data.max_order = options.max_order;
  const double log_alpha = std::log(options.alpha);
  double max_weight = 0;
  for (size_t l = 0; l < corpora.size(); ++l) {
    for (const auto& [key, count] : counts[l].counts) {
      max_weight = std::max(max_weight, std::log(count + options.alpha) - log_alpha);
    }
  }
  data.step = static_cast<float>(max_weight > 0 ? max_weight / 255.0 : 1.0);
  for (size_t l = 0; l < corpora.size(); ++l) {
    data.languages.push_back(corpora[l].code);
    const double denominator = static_cast<double>(counts[l].total) +
                               options.alpha * static_cast<double>(vocabulary.size());
    data.biases.push_back(static_cast<float>(log_alpha - std::log(denominator)));
  }
  data.features.reserve(vocabulary.size());
  for (uint32_t key : vocabulary) {
    NgramModelData::Feature feature;
    feature.key = key;
    for (size_t l = 0; l < corpora.size(); ++l) {
      auto it = counts[l].counts.find(key);
      if (it == counts[l].counts.end()) continue;
      const double w = (std::log(it->second + options.alpha) - log_alpha) / data.step;
      feature.entries.push_back(NgramModelData::Entry{
          static_cast<uint8_t>(l), static_cast<uint8_t>(std::clamp(std::lround(w), 1L, 255L))});
    }
    data.features.push_back(std::move(feature));
  }
  return data;
}

bool ContainsCyrillic(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    const char32_t cp = pipeline::DecodeUtf8(text, &pos);
    if (cp >= 0x0400 && cp <= 0x052F) return true;
  }
  return false;
}

std::string SerbianCyrillicToLatin(std::string_view text) {
  // Lowercase Serbian Cyrillic а..ш (U+0430..U+0448) and the six Serbian
  // letters outside that range, with their Latin spelling.
  static constexpr std::pair<char32_t, std::string_view> kLower[] = {
      {U'а', "a"}, {U'б', "b"},  {U'в', "v"}, {U'г', "g"}, {U'д', "d"},  {U'ђ', "đ"},
      {U'е', "e"}, {U'ж', "ž"},  {U'з', "z"}, {U'и', "i"}, {U'ј', "j"},  {U'к', "k"},
      {U'л', "l"}, {U'љ', "lj"}, {U'м', "m"}, {U'н', "n"}, {U'њ', "nj"}, {U'о', "o"},
      {U'п', "p"}, {U'р', "r"},  {U'с', "s"}, {U'т', "t"}, {U'ћ', "ć"},  {U'у', "u"},
      {U'ф', "f"}, {U'х', "h"},  {U'ц', "c"}, {U'ч', "č"}, {U'џ', "dž"}, {U'ш', "š"},
  };
  static constexpr std::pair<char32_t, std::string_view> kUpper[] = {
      {U'А', "A"}, {U'Б', "B"},  {U'В', "V"}, {U'Г', "G"}, {U'Д', "D"},  {U'Ђ', "Đ"},
      {U'Е', "E"}, {U'Ж', "Ž"},  {U'З', "Z"}, {U'И', "I"}, {U'Ј', "J"},  {U'К', "K"},
      {U'Л', "L"}, {U'Љ', "Lj"}, {U'М', "M"}, {U'Н', "N"}, {U'Њ', "Nj"}, {U'О', "O"},
      {U'П', "P"}, {U'Р', "R"},  {U'С', "S"}, {U'Т', "T"}, {U'Ћ', "Ć"},  {U'У', "U"},
      {U'Ф', "F"}, {U'Х', "H"},  {U'Ц', "C"}, {U'Ч', "Č"}, {U'Џ', "Dž"}, {U'Ш', "Š"},
  };
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    const char32_t cp = pipeline::DecodeUtf8(text, &pos);
    std::string_view replacement;
    for (const auto& table : {std::begin(kLower), std::begin(kUpper)}) {
      for (auto it = table; it != table + std::size(kLower); ++it) {
        if (it->first == cp) replacement = it->second;
      }
    }
    if (!replacement.empty()) {
      out.append(replacement);
    } else {
      out.append(text.substr(start, pos - start));
    }
  }
  return out;
}

}  // namespace wirelens::stages::language
