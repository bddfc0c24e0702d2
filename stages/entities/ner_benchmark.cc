// Tagging throughput of the named-entity recognizer with the committed model
// on news-like text written for this benchmark (so it runs without the
// shared data). Reports tokens/s on one thread (items_per_second), for a
// whole article per TagDocument call and for single sentences.
#include <string>
#include <string_view>
#include <vector>

#include "benchmark/benchmark.h"
#include "pipeline/check.h"
#include "stages/entities/ner_commands.h"
#include "stages/entities/ner_model.h"

namespace wirelens::stages::entities {
namespace {

// Tokenized CoNLL-style, one sentence per entry; the first is a headline.
const std::vector<std::string>& ArticleText() {
  static const auto* text = new std::vector<std::string>{
      "EU LEADERS AGREE NEW BUDGET RULES AFTER LONG TALKS IN BRUSSELS",
      "BRUSSELS 2024-03-14",
      "European Union leaders agreed on Thursday to tighten budget rules , ending months of "
      "talks between Germany , France and Italy .",
      "German Chancellor Olaf Scholz said the deal gave governments room to invest while "
      "keeping debt under control .",
      "French President Emmanuel Macron told reporters in Brussels that the agreement was "
      "\" a good compromise for Europe \" .",
      "The European Commission will present the details to the European Parliament in "
      "Strasbourg next month , a spokesman said .",
      "Shares in Deutsche Bank and BNP Paribas rose 2.1 percent in Frankfurt and Paris after "
      "the announcement .",
      "Italian Prime Minister Giorgia Meloni , who had pushed for more flexibility , called "
      "the result a victory for Rome .",
      "Analysts at Goldman Sachs said investors would watch how Spain and Portugal apply the "
      "new rules in 2025 .",
      "The International Monetary Fund welcomed the deal in a statement from Washington .",
      "Scholz and Macron are due to meet again in Berlin on Monday before a summit of the "
      "Group of Seven in Japan .",
      "-- Reporting by Jan Strupczewski ; Editing by Alison Williams",
  };
  return *text;
}

struct Article {
  std::vector<std::vector<std::string_view>> words;
  std::vector<NerSentence> sentences;
  size_t tokens = 0;
};

const Article& TheArticle() {
  static const Article* article = [] {
    auto* a = new Article();
    for (const std::string& line : ArticleText()) {
      std::vector<std::string_view> words;
      for (size_t start = 0; start < line.size();) {
        size_t end = line.find(' ', start);
        if (end == std::string::npos) end = line.size();
        if (end > start) words.push_back(std::string_view(line).substr(start, end - start));
        start = end + 1;
      }
      a->tokens += words.size();
      a->words.push_back(std::move(words));
    }
    for (const auto& w : a->words) a->sentences.push_back({w, LooksCaseUnreliable(w)});
    return a;
  }();
  return *article;
}

const NerModel& Model() {
  static const NerModel* model = [] {
    auto loaded = NerModel::Load(DefaultNerModelPath());
    WL_CHECK(loaded.ok()) << loaded.status();
    return loaded->release();
  }();
  return *model;
}

void BM_TagArticle(benchmark::State& state) {
  const NerModel& model = Model();
  const Article& article = TheArticle();
  NerScratch scratch;
  std::vector<std::vector<NerTag>> tags;
  for (auto _ : state) {
    model.TagDocument(article.sentences, &scratch, &tags);
    benchmark::DoNotOptimize(tags.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * article.tokens));
}
BENCHMARK(BM_TagArticle);

void BM_TagSentence(benchmark::State& state) {
  const NerModel& model = Model();
  const Article& article = TheArticle();
  NerScratch scratch;
  std::vector<std::vector<NerTag>> tags;
  size_t tokens = 0, i = 0;
  for (auto _ : state) {
    const NerSentence& s = article.sentences[i++ % article.sentences.size()];
    model.TagDocument({&s, 1}, &scratch, &tags);
    tokens += s.words.size();
    benchmark::DoNotOptimize(tags.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(tokens));
}
BENCHMARK(BM_TagSentence);

void BM_LoadModel(benchmark::State& state) {
  for (auto _ : state) {
    auto model = NerModel::Load(DefaultNerModelPath());
    WL_CHECK(model.ok()) << model.status();
    benchmark::DoNotOptimize(model->get());
  }
}
BENCHMARK(BM_LoadModel)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace wirelens::stages::entities
