// Throughput of the "entities" stage (tokenization, recognizer, resolution,
// output) and of resolution alone. Items are tokens for the stage and
// mentions for resolution.
//
//   entity_stage_benchmark --benchmark_filter=Stage
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "pipeline/registry.h"
#include "pipeline/text_analysis.h"
#include "stages/entities/entity_stage.h"
#include "stages/entities/resolution.h"

namespace wirelens::stages::entities {
namespace {

// Paragraphs written for the benchmark, in the style of wire copy.
constexpr const char* kParagraphs[] = {
    "Kazakh President Kassym-Jomart Tokayev welcomed leaders of the Collective Security "
    "Treaty Organization (CSTO) to Astana on Thursday for a two-day summit focused on "
    "border security and joint air defence.",
    "Armenian Prime Minister Nikol Pashinyan stayed away, his office in Yerevan said, "
    "while Belarusian President Alexander Lukashenko arrived from Minsk late on Wednesday.",
    "The European Central Bank left its deposit rate unchanged at 2 percent, and ECB "
    "President Christine Lagarde told reporters in Frankfurt that inflation was close to "
    "target across the euro area.",
    "Shares of Siemens rose 3.1% in Frankfurt after the company raised its outlook, while "
    "Airbus slipped on reports of delivery delays at its plant in Toulouse.",
    "United Nations Secretary-General Antonio Guterres urged the Security Council to act, "
    "saying the U.N. could not deliver aid to Gaza without safe corridors.",
    "In Washington, the Federal Reserve kept rates on hold. Fed Chair Jerome Powell said "
    "officials would watch data from the Labor Department closely before the next meeting.",
    "Brazil's President Luiz Inacio Lula da Silva met Argentine President Javier Milei in "
    "Brasilia to discuss trade within the Mercosur bloc, the first such visit in two years.",
    "Tokayev told delegates that the CSTO had to adapt to new threats. Lukashenko's "
    "spokeswoman said he would meet Russian Foreign Minister Sergei Lavrov in Astana.",
};

std::string Article(size_t paragraphs) {
  std::string body;
  for (size_t i = 0; i < paragraphs; ++i) {
    if (i > 0) body += "\n\n";
    body += kParagraphs[i % std::size(kParagraphs)];
  }
  return body;
}

void BM_Stage(benchmark::State& state) {
  pipeline::StageConfig config;
  config.model_root = pipeline::ResolveModelRoot("");
  auto stage = CreateEntityStage(config);
  if (!stage.ok()) {
    state.SkipWithError(std::string(stage.status().message()).c_str());
    return;
  }
  auto scratch = (*stage)->NewScratch();
  v1::Enrichment enrichment;
  enrichment.set_headline("Tokayev hosts security summit in Astana");
  enrichment.set_body(Article(static_cast<size_t>(state.range(0))));
  const pipeline::TextAnalysis analysis = pipeline::TextAnalysis::Of(enrichment);
  const size_t tokens = analysis.headline().tokens.size() + analysis.body().tokens.size();
  for (auto _ : state) {
    // A fresh context per iteration, so tokenization is part of the cost.
    pipeline::StageContext ctx{enrichment, scratch.get()};
    const absl::Status status = (*stage)->Process(ctx);
    if (!status.ok()) state.SkipWithError(std::string(status.message()).c_str());
    benchmark::DoNotOptimize(enrichment.entities_size());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * tokens));
  state.counters["tokens"] = static_cast<double>(tokens);
  state.counters["entities"] = enrichment.entities_size();
}
BENCHMARK(BM_Stage)->Arg(2)->Arg(8)->Arg(64);

// Resolution alone on a long list: `range(0)` people, each named in full once
// and by surname twice, plus an acronym per hundred people.
void BM_Resolve(benchmark::State& state) {
  std::string body;
  std::vector<MentionInput> mentions;
  auto add = [&](const std::string& text, v1::EntityType type) {
    mentions.push_back({v1::TEXT_FIELD_BODY, static_cast<uint32_t>(body.size()),
                        static_cast<uint32_t>(body.size() + text.size()), type, 0.9f});
    body += text;
    body += " said. ";
  };
  auto surname = [](int64_t i) {
    std::string s = "Z";
    for (int64_t k = i; k > 0 || s.size() == 1; k /= 26)
      s.push_back(static_cast<char>('a' + k % 26));
    return s;
  };
  const int64_t people = state.range(0);
  for (int64_t i = 0; i < people; ++i) add("Maria " + surname(i), v1::ENTITY_TYPE_PERSON);
  for (int64_t i = 0; i < people; ++i) add(surname(i), v1::ENTITY_TYPE_PERSON);
  for (int64_t i = 0; i < people; ++i) add(surname(i) + "'s", v1::ENTITY_TYPE_PERSON);
  for (int64_t i = 0; i < people / 100; ++i) {
    add("Northern " + surname(i) + " Trade Council", v1::ENTITY_TYPE_ORGANIZATION);
    add("NZTC", v1::ENTITY_TYPE_ORGANIZATION);
  }
  const ResolverDocument doc{"", body, false};
  MentionResolver resolver;
  ResolverScratch scratch;
  std::vector<ResolvedEntity> out;
  for (auto _ : state) {
    resolver.Resolve(doc, mentions, &scratch, &out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * mentions.size()));
}
BENCHMARK(BM_Resolve)->Arg(10)->Arg(1000)->Arg(10000);

}  // namespace
}  // namespace wirelens::stages::entities
