// Throughput of the language stage on short, sentence- and article-sized
// texts in several languages (our own sample texts, so this runs without the
// shared data). Reports bytes/s per thread.
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "pipeline/registry.h"
#include "stages/language/language_stage.h"

namespace wirelens::stages::language {
namespace {

const std::vector<std::string>& ShortTexts() {
  static const auto* texts = new std::vector<std::string>{
      "Storm closes schools across the north", "Neue Brücke über den Rhein eröffnet",
      "Le gouvernement présente son budget",   "Vlada usvojila novi zakon o porezima",
      "Regjeringen legger fram nytt budsjett", "Уряд ухвалив нове рішення",
      "Pemerintah umumkan harga baru BBM",     "O goberno aproba os orzamentos",
  };
  return *texts;
}

const std::vector<std::string>& SentenceTexts() {
  static const auto* texts = new std::vector<std::string>{
      "The regional council said on Monday that the new tram line would open two months later "
      "than planned because of supply problems.",
      "Die Landesregierung kündigte am Montag an, dass die neue Straßenbahnlinie wegen "
      "Lieferproblemen zwei Monate später eröffnet wird.",
      "Le conseil régional a annoncé lundi que la nouvelle ligne de tramway ouvrirait deux mois "
      "plus tard que prévu.",
      "Regionalno vijeće je u ponedjeljak objavilo da će nova tramvajska linija biti otvorena dva "
      "mjeseca kasnije.",
      "Обласна рада в понеділок повідомила, що нова трамвайна лінія відкриється на два місяці "
      "пізніше.",
      "Dewan daerah mengatakan pada hari Senin bahwa jalur trem baru akan dibuka dua bulan lebih "
      "lambat dari rencana.",
  };
  return *texts;
}

std::string Article(const std::string& sentence, int repeat) {
  std::string out;
  for (int i = 0; i < repeat; ++i) {
    if (i > 0) out += (i % 3 == 0) ? "\n\n" : " ";
    out += sentence;
  }
  return out;
}

const std::vector<std::string>& ArticleTexts() {
  static const auto* texts = [] {
    auto* v = new std::vector<std::string>;
    for (const std::string& s : SentenceTexts()) v->push_back(Article(s, 12));
    return v;
  }();
  return *texts;
}

void RunStage(benchmark::State& state, const std::vector<std::string>& texts) {
  pipeline::StageConfig config;
  config.model_root = pipeline::ResolveModelRoot("");
  absl::StatusOr<std::unique_ptr<pipeline::Stage>> stage = CreateLanguageStage(config);
  if (!stage.ok()) {
    state.SkipWithError(std::string(stage.status().message()).c_str());
    return;
  }
  std::unique_ptr<pipeline::StageScratch> scratch = (*stage)->NewScratch();
  std::vector<v1::Enrichment> inputs(texts.size());
  for (size_t i = 0; i < texts.size(); ++i) inputs[i].set_body(texts[i]);
  int64_t bytes = 0;
  size_t i = 0;
  for (auto _ : state) {
    v1::Enrichment& e = inputs[i];
    pipeline::StageContext ctx{e, scratch.get()};
    benchmark::DoNotOptimize((*stage)->Process(ctx));
    bytes += static_cast<int64_t>(e.body().size());
    i = (i + 1) % inputs.size();
  }
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(state.iterations());
}

void BM_LanguageShort(benchmark::State& state) { RunStage(state, ShortTexts()); }
void BM_LanguageSentence(benchmark::State& state) { RunStage(state, SentenceTexts()); }
void BM_LanguageArticle(benchmark::State& state) { RunStage(state, ArticleTexts()); }

BENCHMARK(BM_LanguageShort);
BENCHMARK(BM_LanguageSentence);
BENCHMARK(BM_LanguageArticle);

}  // namespace
}  // namespace wirelens::stages::language
