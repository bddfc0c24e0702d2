// Decode + normalize throughput on articles of typical size (~5 KB):
//   BM_HtmlJson:      our JSON mapping with an HTML body (entities, inline
//                     tags, a script and a comment), as a crawler sends it;
//   BM_PlainText:     hard-wrapped wire copy as plain text;
//   BM_Multilingual:  plain text mixing Latin with accents, Cyrillic and CJK
//                     (exercises the non-ASCII and NFC paths).
// Run: build/<dir>/pipeline/normalize_benchmark
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "pipeline/decode.h"
#include "pipeline/normalize.h"

namespace wirelens::pipeline {
namespace {

constexpr size_t kTargetBytes = 5 * 1024;

// Repeats `paragraphs` (cycling) until about kTargetBytes.
std::string Repeat(const std::vector<std::string>& paragraphs, std::string_view separator) {
  std::string out;
  for (size_t i = 0; out.size() < kTargetBytes; ++i) {
    if (!out.empty()) out.append(separator);
    out.append(paragraphs[i % paragraphs.size()]);
  }
  return out;
}

std::string HtmlJsonArticle() {
  const std::vector<std::string> paragraphs = {
      "<p>The harbour authority said on Monday that container traffic fell 4.2&nbsp;% in the "
      "third quarter, the first decline since 2020, as shipping lines rerouted vessels &mdash; "
      "a shift that cost the port an estimated &euro;38 million.</p>",
      "<p>&ldquo;We expected a slowdown, not a drop of this size,&rdquo; said the authority&rsquo;s "
      "chief executive, <a href=\\\"https://port.example/board\\\" class=\\\"person\\\">Marta "
      "Jim&eacute;nez</a>, adding that volumes at the <em>north terminal</em> had held up.</p>",
      "<div class=\\\"ad\\\"><!-- advertisement slot 3 --><script>window.ads.push({slot: 3});"
      "</script></div>",
      "<p>Dock workers&#8217; unions warned of job cuts if the trend continued into 2025.<br>"
      "Talks with the regional government are scheduled for next week.</p>",
  };
  return "{\"id\":\"bench-1\",\"headline\":\"Port traffic falls for the first time since "
         "2020\",\"body_format\":\"html\",\"published_at\":\"2024-10-07T08:00:00Z\",\"body\":\"" +
         Repeat(paragraphs, "\\n") + "\"}";
}

std::string PlainTextArticle() {
  const std::vector<std::string> paragraphs = {
      "The harbour authority said on Monday that container traffic fell 4.2\n"
      "percent in the third quarter, the first decline since 2020, as shipping\n"
      "lines rerouted vessels around the cape.",
      "\"We expected a slowdown, not a drop of this size,\" the authority's\n"
      "chief executive said, adding that volumes at the north terminal had\n"
      "held up better than at the older southern quays.",
      "Dock workers' unions warned of job cuts if the trend continued into\n"
      "next year. Talks with the regional government are scheduled for next\n"
      "week.",
  };
  return "Port traffic falls for the first time since 2020\n\n" + Repeat(paragraphs, "\n\n");
}

std::string MultilingualArticle() {
  const std::vector<std::string> paragraphs = {
      "Die Hafenbehörde in Hamburg meldete am Montag einen Rückgang des Umschlags um 4,2 Prozent; "
      "Gewerkschaften fürchten Stellenabbau.",
      "Портовое управление сообщило в понедельник о снижении грузооборота на 4,2 процента.",
      "港湾局は月曜日、第3四半期のコンテナ取扱量が4.2%減少したと発表した。",
      "La autoridad portuaria señaló que el tráfico cayó un 4,2\u00A0% en el tercer trimestre.",
  };
  return "Hafenumschlag sinkt – 港の取扱量が減少\n\n" + Repeat(paragraphs, "\n\n");
}

void DecodeAndNormalize(benchmark::State& state, const std::string& input) {
  const DecodeOptions decode_options;
  const NormalizeOptions normalize_options;
  for (auto _ : state) {
    auto decoded = DecodeArticle(input, decode_options);
    if (!decoded.ok()) {
      state.SkipWithError("decode failed");
      return;
    }
    v1::Enrichment enrichment;
    const absl::Status status =
        NormalizeArticle(decoded->article, decoded->warnings, normalize_options, "", &enrichment);
    if (!status.ok()) {
      state.SkipWithError("normalize failed");
      return;
    }
    benchmark::DoNotOptimize(enrichment);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * input.size()));
  state.counters["input_bytes"] = static_cast<double>(input.size());
}

void BM_HtmlJson(benchmark::State& state) { DecodeAndNormalize(state, HtmlJsonArticle()); }
void BM_PlainText(benchmark::State& state) { DecodeAndNormalize(state, PlainTextArticle()); }
void BM_Multilingual(benchmark::State& state) { DecodeAndNormalize(state, MultilingualArticle()); }

BENCHMARK(BM_HtmlJson);
BENCHMARK(BM_PlainText);
BENCHMARK(BM_Multilingual);

}  // namespace
}  // namespace wirelens::pipeline
