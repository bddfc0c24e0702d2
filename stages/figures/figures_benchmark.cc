// Throughput of the figures extractor, and of the whole "figures" stage in a
// Chain, on an article-sized English news text
// written for this benchmark (about 5 KB, dense with counts, money,
// percentages, quantities, ages, ranges, dates and times), so it runs without
// the shared data. Reports bytes/s per thread; the target is 50 MB/s.
//
// BM_FigureStageNewsCorpus runs the stage over real wire articles (the
// benchmark-only set in ../shared/data/news, or the JSON-lines file named by
// WIRELENS_NEWS_JSONL); it is skipped when the file is absent. Its text is
// never committed: it is read at run time.
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "benchmark/benchmark.h"
#include "pipeline/chain.h"
#include "pipeline/decode.h"
#include "pipeline/file_util.h"
#include "pipeline/stage.h"
#include "pipeline/text_analysis.h"
#include "stages/figures/figure_stage.h"
#include "stages/figures/figures.h"

namespace wirelens::stages::figures {
namespace {

constexpr const char* kParagraphs[] = {
    "WASHINGTON, Nov. 24, 2026 - The Treasury said on Monday that it would sell $48.2 billion of "
    "three-year notes next week, up from $42 billion in October, as the federal deficit widened "
    "to 6.3% of gross domestic product in the fiscal year that ended on Sept. 30.",
    "The sale, the third this quarter, is expected to draw bids from about 120 primary dealers "
    "and foreign central banks. Yields on the 10-year note rose 12 basis points to 4.75 percent "
    "by 3:30 p.m. ET, their highest level since March 2024, while the dollar gained 0.8% against "
    "the euro to $1.0825.",
    "In Frankfurt, the European Central Bank kept its deposit rate at 3.25% for a fourth "
    "consecutive meeting. Its president, 68-year-old Christine Lagarde, told reporters that "
    "inflation would fall below 2 percent by the second half of 2027, and that more than "
    "two-thirds of the 27 member states had cut energy subsidies worth EUR 45 million a month.",
    "Oil prices fell for a third day. Brent crude for January delivery slipped 1.4% to $81.20 "
    "a barrel, and U.S. crude lost 95 cents to $77.35. OPEC+ pumped 42.6 million barrels per "
    "day in October, about 300,000 more than in September, according to a Reuters survey of 18 "
    "sources published on Friday.",
    "A magnitude 6.1 earthquake struck 35 km (22 miles) southwest of the city at 04:12 GMT on "
    "Sunday, at a depth of 10 kilometres. Rescue teams said at least 14 people were killed and "
    "between 200 and 250 injured; some 1,500 homes were damaged across an area of 120 square "
    "kilometres. Temperatures dropped to minus 4 degrees Celsius overnight.",
    "The carmaker said third-quarter revenue rose 18% from a year earlier to 32.4 billion euros, "
    "and it raised its full-year forecast to between 7% and 9% growth. It plans to cut 4,000 "
    "jobs over the next three years and to invest 2.5 billion pounds in a battery plant with a "
    "capacity of 40 gigawatt hours by 2030. Its shares jumped 6.5 per cent to 112.40 euros.",
    "Voters in 11 states go to the polls on Tuesday, Nov. 3. Turnout in early voting reached "
    "47 million by Saturday, nearly double the 25.6 million recorded four years ago. The "
    "youngest candidate, a 25-year-old teacher, raised $1.2 million in the last 30 days; the "
    "oldest is 91.",
    "The marathon, first run in 1897, drew 30,000 runners this year. The winner finished the "
    "42.195-kilometre course in 2 hours 5 minutes and 11 seconds, 48 seconds outside the course "
    "record set on April 17, 2023, and took home $150,000 in prize money. About a quarter of "
    "the field was over 50 years old.",
    "Shipping rates on the Shanghai-Rotterdam route rose to $3,450 per 40-foot container last "
    "week, a 210% jump since early June. Freight forwarders expect rates to stay above $3,000 "
    "until at least the end of the first quarter, when 2.3 million TEU of new capacity, or 8% "
    "of the global fleet, is due to enter service.",
    "The city council approved a 2027 budget of 1.85 billion dollars on Wednesday evening by a "
    "vote of 9 to 4. It includes a 3.5% pay rise for 12,400 municipal employees, 250 new police "
    "officers, and $75 million over five years to repair 140 miles of roads and 36 bridges, the "
    "first of which will close for 18 months from January 15.",
    "Wheat futures in Chicago climbed 2.1% to $5.62 a bushel after the agriculture ministry cut "
    "its harvest estimate by 3.2 million tonnes to 81.5 million tonnes, the smallest crop since "
    "2012. Exports in the first 10 weeks of the season totalled 9.8 million tonnes, down 14% "
    "from the same period a year earlier.",
    "The airline will add 14 Airbus A321neo jets between April and October next year, raising "
    "its fleet to 312 aircraft, and expects to carry 62 million passengers in 2027, up from "
    "58.4 million. Fuel accounts for roughly 30% of its costs; a barrel of jet fuel cost $96.40 "
    "on Thursday, 11 cents less than a week ago.",
    "The drought has shrunk the reservoir to 38% of capacity, its lowest since the summer of "
    "1976. Engineers said the water level fell by 2.4 metres in six weeks and that the city's "
    "4.2 million residents would face a limit of 120 litres per person a day from Dec. 1 unless "
    "at least 80 mm of rain fell before then.",
    "Hospital admissions rose 9% in the week to Nov. 20, to 6,812, with patients aged 65 and "
    "over making up 58% of the total. The ministry has ordered 3.5 million more vaccine doses at "
    "$19.50 each and will open 40 clinics on weekends until the end of February.",
    "The tech group reported net income of $14.6 billion, or $2.18 a share, for the three months "
    "to September 30, beating analysts' average forecast of $2.05. Its cloud unit grew 29% to "
    "$27.4 billion, and it said capital spending would reach about $60 billion next year, up "
    "from roughly $48 billion in 2026.",
    "Police said the 34-year-old driver was travelling at 142 km/h in a 50 km/h zone at about "
    "11:45 p.m. on Saturday when the car left the road and fell 15 feet into a ditch. He was "
    "fined 2,500 euros, banned from driving for 18 months and ordered to do 200 hours of "
    "community service.",
    "Gold rose 0.6% to $2,684.30 an ounce on Tuesday morning, up 27% so far this year, and "
    "silver gained 1.1% to $31.92. Central banks bought 1,037 tonnes of gold last year, the "
    "second-highest total on record, and another 483 tonnes in the first half of this year.",
};

std::string Article() {
  std::string out;
  for (const char* p : kParagraphs) {
    if (!out.empty()) out += "\n\n";
    out += p;
  }
  return out;
}

absl::Time Reference() {
  return absl::FromCivil(absl::CivilSecond(2026, 11, 24, 12, 0, 0), absl::UTCTimeZone());
}

void BM_ExtractFiguresArticle(benchmark::State& state) {
  const std::string text = Article();
  const std::optional<absl::Time> reference = Reference();
  size_t figures = 0;
  for (auto _ : state) {
    std::vector<FigureMatch> got = ExtractFigures(text, "en", reference);
    figures = got.size();
    benchmark::DoNotOptimize(got.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.SetItemsProcessed(state.iterations());
  state.counters["article_bytes"] = static_cast<double>(text.size());
  state.counters["figures"] = static_cast<double>(figures);
}
BENCHMARK(BM_ExtractFiguresArticle);

// Sentence-sized inputs: fixed costs per call (analysis, tables) weigh more.
void BM_ExtractFiguresSentence(benchmark::State& state) {
  const std::optional<absl::Time> reference = Reference();
  int64_t bytes = 0;
  size_t i = 0;
  for (auto _ : state) {
    const std::string_view text = kParagraphs[i];
    benchmark::DoNotOptimize(ExtractFigures(text, "en", reference).size());
    bytes += static_cast<int64_t>(text.size());
    i = (i + 1) % std::size(kParagraphs);
  }
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ExtractFiguresSentence);

// The whole "figures" stage as the worker runs it: a one-stage Chain over an
// Enrichment (text analysis, extraction, overlap resolution, Spans, protos).
std::unique_ptr<pipeline::Chain> FigureChain(benchmark::State& state);

void BM_FigureStageChainArticle(benchmark::State& state) {
  std::unique_ptr<pipeline::Chain> chain = FigureChain(state);
  if (chain == nullptr) return;
  pipeline::ChainScratch scratch = chain->NewScratch();
  v1::Enrichment input;
  input.set_body(Article());
  input.mutable_language()->set_code("en");
  input.mutable_reference_time()->set_seconds(absl::ToUnixSeconds(Reference()));
  input.set_reference_time_source(v1::REFERENCE_TIME_SOURCE_ARTICLE);
  v1::Enrichment e;
  for (auto _ : state) {
    e = input;
    const pipeline::ChainResult result = chain->Run(e, scratch);
    if (!result.status.ok()) {
      state.SkipWithError(std::string(result.status.message()).c_str());
      return;
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * input.body().size()));
  state.SetItemsProcessed(state.iterations());
  state.counters["figures"] = static_cast<double>(e.figures_size());
}
BENCHMARK(BM_FigureStageChainArticle);

// Builds the one-stage Chain the worker would run; nullptr (with the error
// reported on `state`) on failure.
std::unique_ptr<pipeline::Chain> FigureChain(benchmark::State& state) {
  absl::StatusOr<std::unique_ptr<pipeline::Stage>> stage =
      CreateFigureStage(pipeline::StageConfig{});
  if (!stage.ok()) {
    state.SkipWithError(std::string(stage.status().message()).c_str());
    return nullptr;
  }
  std::vector<std::unique_ptr<pipeline::Stage>> stages;
  stages.push_back(*std::move(stage));
  pipeline::ChainOptions options;
  options.record_durations = false;
  absl::StatusOr<std::unique_ptr<pipeline::Chain>> chain =
      pipeline::Chain::FromStages(std::move(stages), options);
  if (!chain.ok()) {
    state.SkipWithError(std::string(chain.status().message()).c_str());
    return nullptr;
  }
  return *std::move(chain);
}

// The articles of the news benchmark set as Enrichment inputs (headline and
// body, language "en", the fixed reference time); empty if unavailable.
std::vector<v1::Enrichment> NewsCorpus() {
  const char* env = std::getenv("WIRELENS_NEWS_JSONL");
  const std::string path =
      env != nullptr ? std::string(env)
                     : std::string(WIRELENS_SOURCE_DIR) +
                           "/../shared/data/news/en-reuters21578.jsonl";
  std::vector<v1::Enrichment> out;
  absl::StatusOr<std::string> data = pipeline::ReadFileToString(path);
  if (!data.ok()) return out;
  std::string_view rest = *data;
  while (!rest.empty()) {
    const size_t nl = rest.find('\n');
    const std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    if (line.empty()) continue;
    absl::StatusOr<pipeline::DecodedArticle> decoded =
        pipeline::DecodeArticle(line, pipeline::DecodeOptions{});
    if (!decoded.ok()) continue;
    v1::Enrichment e;
    e.set_headline(decoded->article.headline());
    e.set_body(decoded->article.body());
    e.mutable_language()->set_code("en");
    e.mutable_reference_time()->set_seconds(absl::ToUnixSeconds(Reference()));
    e.set_reference_time_source(v1::REFERENCE_TIME_SOURCE_ARTICLE);
    out.push_back(std::move(e));
  }
  return out;
}

// The whole stage over real wire stories, one Chain run per article.
void BM_FigureStageNewsCorpus(benchmark::State& state) {
  const std::vector<v1::Enrichment> corpus = NewsCorpus();
  if (corpus.empty()) {
    state.SkipWithError("news set not found (set WIRELENS_NEWS_JSONL)");
    return;
  }
  std::unique_ptr<pipeline::Chain> chain = FigureChain(state);
  if (chain == nullptr) return;
  pipeline::ChainScratch scratch = chain->NewScratch();
  int64_t bytes_per_pass = 0;
  for (const v1::Enrichment& e : corpus) {
    bytes_per_pass += static_cast<int64_t>(e.headline().size() + e.body().size());
  }
  int64_t figures = 0;
  v1::Enrichment e;
  for (auto _ : state) {
    figures = 0;
    for (const v1::Enrichment& input : corpus) {
      e = input;
      const pipeline::ChainResult result = chain->Run(e, scratch);
      if (!result.status.ok()) {
        state.SkipWithError(std::string(result.status.message()).c_str());
        return;
      }
      figures += e.figures_size();
    }
  }
  state.SetBytesProcessed(state.iterations() * bytes_per_pass);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(corpus.size()));
  state.counters["articles"] = static_cast<double>(corpus.size());
  state.counters["figures"] = static_cast<double>(figures);
}
BENCHMARK(BM_FigureStageNewsCorpus)->Unit(benchmark::kMillisecond);

// The stage's marginal cost in the worker's full chain: there the entity
// stage has already tokenized the article, and the figures stage reuses
// that analysis (pipeline::ArticleCache). Tokenization is done here before
// timing; everything else (extraction, merge, Spans, protos) is timed.
void BM_FigureStageNewsCorpusSharedAnalysis(benchmark::State& state) {
  std::vector<v1::Enrichment> corpus = NewsCorpus();
  if (corpus.empty()) {
    state.SkipWithError("news set not found (set WIRELENS_NEWS_JSONL)");
    return;
  }
  absl::StatusOr<std::unique_ptr<pipeline::Stage>> stage =
      CreateFigureStage(pipeline::StageConfig{});
  if (!stage.ok()) {
    state.SkipWithError(std::string(stage.status().message()).c_str());
    return;
  }
  std::unique_ptr<pipeline::StageScratch> scratch = (*stage)->NewScratch();
  std::vector<std::unique_ptr<pipeline::ArticleCache>> caches;
  int64_t bytes_per_pass = 0;
  for (const v1::Enrichment& e : corpus) {
    caches.push_back(std::make_unique<pipeline::ArticleCache>(e));
    caches.back()->analysis();  // tokenize now, outside the timing
    bytes_per_pass += static_cast<int64_t>(e.headline().size() + e.body().size());
  }
  int64_t figures = 0;
  for (auto _ : state) {
    figures = 0;
    for (size_t k = 0; k < corpus.size(); ++k) {
      pipeline::StageContext ctx{corpus[k], scratch.get()};
      ctx.article = caches[k].get();
      const absl::Status status = (*stage)->Process(ctx);
      if (!status.ok()) {
        state.SkipWithError(std::string(status.message()).c_str());
        return;
      }
      figures += corpus[k].figures_size();
    }
  }
  state.SetBytesProcessed(state.iterations() * bytes_per_pass);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(corpus.size()));
  state.counters["figures"] = static_cast<double>(figures);
}
BENCHMARK(BM_FigureStageNewsCorpusSharedAnalysis)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace wirelens::stages::figures
