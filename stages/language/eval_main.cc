// wirelens_langid_eval: accuracy of the language stage next to raw CLD2, on
// the same texts in the same run.
//
//   wirelens_langid_eval --dev /work/shared/data/langid/dev.jsonl
//       [--model stages/language/model/langid.wlm] [--dump FILE]
//
// Input: JSON lines with "lang" (ISO 639-1 gold), "bucket" (short, sentence,
// paragraph) and "text". Prints accuracy per bucket and per language for
// both systems, and their most frequent confusions. "Raw CLD2" is CLD2's
// top answer (no best-effort flag) with only the code mapping of
// iso_codes.h applied, so that "iw" vs "he" is not counted as an error.
// --dump writes one TSV line per text with CLD2's guesses and the n-gram
// model's scores, for offline analysis.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "pipeline/file_util.h"
#include "pipeline/model_file.h"
#include "pipeline/registry.h"
#include "pipeline/status_macros.h"
#include "simdjson.h"
#include "stages/language/cld2_detector.h"
#include "stages/language/language_stage.h"
#include "stages/language/ngram_model.h"
#include "stages/language/script.h"

namespace wirelens::stages::language {
namespace {

struct Sample {
  std::string lang;
  std::string bucket;
  std::string text;
};

struct Tally {
  int n = 0;
  int stage = 0;
  int cld2 = 0;
};

absl::StatusOr<std::vector<Sample>> ReadJsonl(const std::string& path) {
  simdjson::padded_string json;
  if (simdjson::padded_string::load(path).get(json) != simdjson::SUCCESS) {
    return absl::NotFoundError(absl::StrCat("cannot read ", path));
  }
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document_stream stream;
  if (parser.iterate_many(json).get(stream) != simdjson::SUCCESS) {
    return absl::DataLossError(absl::StrCat(path, ": not JSON lines"));
  }
  std::vector<Sample> samples;
  for (auto doc : stream) {
    std::string_view lang, bucket, text;
    if (doc["lang"].get_string().get(lang) != simdjson::SUCCESS ||
        doc["bucket"].get_string().get(bucket) != simdjson::SUCCESS ||
        doc["text"].get_string().get(text) != simdjson::SUCCESS) {
      return absl::DataLossError(
          absl::StrCat(path, ": record ", samples.size() + 1, " lacks lang/bucket/text"));
    }
    samples.push_back(Sample{std::string(lang), std::string(bucket), std::string(text)});
  }
  return samples;
}

void PrintConfusions(const char* title,
                     const std::map<std::pair<std::string, std::string>, int>& c) {
  std::vector<std::pair<int, std::pair<std::string, std::string>>> sorted;
  for (const auto& [pair, n] : c) sorted.emplace_back(n, pair);
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::printf("\nworst confusions, %s (gold -> predicted: count)\n", title);
  for (size_t i = 0; i < std::min<size_t>(15, sorted.size()); ++i) {
    std::printf("  %-3s -> %-4s %d\n", sorted[i].second.first.c_str(),
                sorted[i].second.second.c_str(), sorted[i].first);
  }
}

void DumpLine(std::FILE* out, const Sample& s, const NgramModel& model, NgramScratch* scratch) {
  const Cld2Result cld = DetectWithCld2(s.text, /*best_effort=*/true);
  const ScriptProfile profile = ProfileScript(s.text);
  std::vector<double> ll;
  const int known = model.Score(s.text, 1500, scratch, &ll);
  std::vector<int> order(ll.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::partial_sort(order.begin(), order.begin() + 8, order.end(),
                    [&](int a, int b) { return ll[a] > ll[b]; });
  std::fprintf(out, "%s\t%s\t%u\t%s\t%.3f\t%d\t", s.lang.c_str(), s.bucket.c_str(), profile.letters,
               std::string(profile.script).c_str(), profile.share(), cld.reliable ? 1 : 0);
  for (int i = 0; i < cld.count; ++i) {
    std::fprintf(out, "%s%s:%d", i ? "," : "", std::string(cld.guesses[i].code).c_str(),
                 cld.guesses[i].percent);
  }
  std::fprintf(out, "\t%d\t", known);
  for (int i = 0; i < 8; ++i) {
    std::fprintf(out, "%s%s:%.3f", i ? "," : "", model.languages()[order[i]].c_str(), ll[order[i]]);
  }
  std::fprintf(out, "\n");
}

absl::Status Run(int argc, char** argv) {
  std::string dev, model_path, dump;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) return absl::InvalidArgumentError(absl::StrCat(arg, " needs a value"));
    if (arg == "--dev") {
      dev = argv[++i];
    } else if (arg == "--model") {
      model_path = argv[++i];
    } else if (arg == "--dump") {
      dump = argv[++i];
    } else {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag ", arg));
    }
  }
  if (dev.empty()) {
    return absl::InvalidArgumentError("usage: wirelens_langid_eval --dev FILE [--model FILE]");
  }
  pipeline::StageConfig config;
  config.model_root = pipeline::ResolveModelRoot("");
  if (!model_path.empty()) config.options["model"] = model_path;
  ASSIGN_OR_RETURN(std::unique_ptr<pipeline::Stage> stage, CreateLanguageStage(config));
  ASSIGN_OR_RETURN(std::vector<Sample> samples, ReadJsonl(dev));

  std::map<std::string, Tally> by_bucket, by_lang;
  std::map<std::pair<std::string, std::string>, int> stage_confusions, cld2_confusions;
  std::unique_ptr<pipeline::StageScratch> scratch = stage->NewScratch();
  v1::Enrichment enrichment;
  for (const Sample& s : samples) {
    enrichment.set_body(s.text);
    pipeline::StageContext ctx{enrichment, scratch.get()};
    RETURN_IF_ERROR(stage->Process(ctx));
    const std::string& predicted = enrichment.language().code();
    const Cld2Result raw = DetectWithCld2(s.text, /*best_effort=*/false);
    const std::string cld2 = raw.count > 0 ? std::string(raw.top()) : "und";
    for (Tally* t : {&by_bucket[s.bucket], &by_bucket["all"], &by_lang[s.lang]}) {
      ++t->n;
      t->stage += predicted == s.lang;
      t->cld2 += cld2 == s.lang;
    }
    if (predicted != s.lang) ++stage_confusions[{s.lang, predicted}];
    if (cld2 != s.lang) ++cld2_confusions[{s.lang, cld2}];
  }

  std::printf("model %s %s, CLD2 %s, %zu texts\n\n", stage->model().name.c_str(),
              stage->model().version.c_str(), std::string(Cld2Version()).c_str(), samples.size());
  std::printf("%-10s %6s %8s %8s\n", "bucket", "n", "stage", "cld2");
  for (const char* b : {"short", "sentence", "paragraph", "all"}) {
    const Tally& t = by_bucket[b];
    if (t.n == 0) continue;
    std::printf("%-10s %6d %8.4f %8.4f\n", b, t.n, double(t.stage) / t.n, double(t.cld2) / t.n);
  }
  std::printf("\n%-6s %6s %8s %8s\n", "lang", "n", "stage", "cld2");
  for (const auto& [lang, t] : by_lang) {
    std::printf("%-6s %6d %8.4f %8.4f\n", lang.c_str(), t.n, double(t.stage) / t.n,
                double(t.cld2) / t.n);
  }
  PrintConfusions("stage", stage_confusions);
  PrintConfusions("raw CLD2", cld2_confusions);

  if (!dump.empty()) {
    const std::string path =
        model_path.empty() ? absl::StrCat(config.model_root, "/stages/language/model/langid.wlm")
                           : model_path;
    ASSIGN_OR_RETURN(pipeline::ModelFile file,
                     pipeline::LoadModelFile(path, kNgramModelKind, kNgramModelKindVersion));
    ASSIGN_OR_RETURN(NgramModel model, NgramModel::FromPayload(file.payload));
    std::FILE* out = std::fopen(dump.c_str(), "w");
    if (out == nullptr) return absl::UnavailableError(absl::StrCat("cannot write ", dump));
    NgramScratch ngram_scratch;
    for (const Sample& s : samples) DumpLine(out, s, model, &ngram_scratch);
    std::fclose(out);
  }
  return absl::OkStatus();
}

}  // namespace
}  // namespace wirelens::stages::language

int main(int argc, char** argv) {
  return wirelens::pipeline::ToolExitCode("wirelens_langid_eval", wirelens::stages::language::Run(argc, argv));
}
