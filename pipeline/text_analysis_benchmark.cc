// Tokenizer + sentence splitter throughput on ~5 KB articles:
//   BM_EnglishBody:      English wire copy, reusing one FieldAnalysis (the
//                        tokenizer's own speed);
//   BM_EnglishArticle:   a fresh TextAnalysis of headline + body per
//                        iteration, allocations included (what a chain run
//                        pays once per article);
//   BM_MultilingualBody: Cyrillic, accented Latin, Arabic and CJK (the ICU
//                        path).
// Counters: bytes_per_second (MB/s) and items_per_second (tokens/s).
// Run: build/<dir>/pipeline/text_analysis_benchmark
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "pipeline/text_analysis.h"

namespace wirelens::pipeline {
namespace {

constexpr size_t kTargetBytes = 5 * 1024;

// Paragraphs cycled until about kTargetBytes, joined by "\n\n".
std::string Repeat(const std::vector<std::string>& paragraphs) {
  std::string out;
  for (size_t i = 0; out.size() < kTargetBytes; ++i) {
    if (!out.empty()) out.append("\n\n");
    out.append(paragraphs[i % paragraphs.size()]);
  }
  return out;
}

const std::string& EnglishBody() {
  static const std::string* text = new std::string(Repeat({
      "GENEVA (Wirelens) — Negotiators from 14 countries resumed talks on Tuesday over a "
      "$40 billion reconstruction fund, the first session since the U.S. delegation walked out "
      "in Jan. last year, officials said.",
      "“We are closer than we were in March, but nobody should expect a deal by Friday,” said "
      "Dr. Helena Marsh, who chairs the working group. Her deputy, J. R. Okafor, told reporters "
      "the gap had narrowed to about 1.5 percentage points on the interest rate.",
      "The fund's first tranche, worth 27,700 housing units and 12% of the total, would go to "
      "regions hit hardest by the 2019-2020 floods. Critics, including Sen. Maria Lopez of "
      "Calif., say the terms favour large contractors such as Northwind Corp. and Acme Inc. "
      "rather than local firms.",
      "Shares of Acme rose 3.2% to $58.40 in New York after the company's chief executive said "
      "it was \"ready to build at once\"... Trading volume was twice the 30-day average, "
      "according to data compiled at 14:32 GMT.",
      "The talks are due to end on Feb. 28. A statement on www.example.org/talks listed the "
      "82nd round of technical meetings; questions went to press@example.org, and the "
      "organisers' account @GenevaTalks posted updates under #RebuildFund.",
  }));
  return *text;
}

const std::string& MultilingualBody() {
  static const std::string* text = new std::string(Repeat({
      "В четверг в Москве прошли переговоры о поставках зерна. Министр заявил, что объём "
      "экспорта вырастет на 12% в 2025 году.",
      "Le ministre français a rencontré son homologue à Zürich ; les discussions ont porté sur "
      "l’énergie et les prix de l’électricité.",
      "قال وزير الخارجية إن المحادثات ستستمر الأسبوع المقبل. وأضاف أن الاتفاق أصبح قريبا.",
      "东京证券交易所周一开盘上涨，丰田汽车股价上涨百分之三。トヨタは新しい工場を発表した。",
  }));
  return *text;
}

void RunField(benchmark::State& state, const std::string& text) {
  FieldAnalysis analysis;
  size_t tokens = 0;
  for (auto _ : state) {
    AnalyzeField(v1::TEXT_FIELD_BODY, text, &analysis);
    tokens += analysis.tokens.size();
    benchmark::DoNotOptimize(analysis.tokens.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.SetItemsProcessed(static_cast<int64_t>(tokens));
  state.counters["tokens"] = static_cast<double>(analysis.tokens.size());
  state.counters["sentences"] = static_cast<double>(analysis.sentences.size());
}

void BM_EnglishBody(benchmark::State& state) { RunField(state, EnglishBody()); }
BENCHMARK(BM_EnglishBody);

void BM_MultilingualBody(benchmark::State& state) { RunField(state, MultilingualBody()); }
BENCHMARK(BM_MultilingualBody);

void BM_EnglishArticle(benchmark::State& state) {
  const std::string headline = "Reconstruction Talks Resume in Geneva as Fund Gap Narrows";
  const std::string& body = EnglishBody();
  size_t tokens = 0;
  for (auto _ : state) {
    const TextAnalysis analysis(headline, body);
    tokens += analysis.headline().tokens.size() + analysis.body().tokens.size();
    benchmark::DoNotOptimize(analysis.body().tokens.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * (headline.size() + body.size())));
  state.SetItemsProcessed(static_cast<int64_t>(tokens));
}
BENCHMARK(BM_EnglishArticle);

}  // namespace
}  // namespace wirelens::pipeline
