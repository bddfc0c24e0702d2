// wirelens_ner_clusters: learns the recognizer's lexicon (word clusters at
// several granularities plus case statistics, clusters.h) from unlabeled
// gzip text files, one article, paragraph or sentence per line. Deterministic
// for the same files in the same order and the same flags.
//
//   build/release/stages/entities/wirelens_ner_clusters
//       --text ../shared/data/unlabeled/en-news.txt.gz,...
//       --out stages/entities/model/lexicon.wlm
//
// (the full command used for the committed file is in README.md)
//
// Flags:
//   --text FILES       comma-separated .txt.gz files (required)
//   --out FILE         lexicon file to write (required)
//   --vocabulary N     forms that get clusters (default 60000)
//   --min-count N      minimum count for a clustered form / case statistics
//   --levels A,B,C     classes per granularity (default 64,256,1024)
//   --iterations N     exchange passes per granularity (default 8)
//   --threads N        worker threads (default 2)
//   --version V        version string stored in the file

#include <chrono>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "pipeline/file_util.h"
#include "pipeline/status_macros.h"
#include "pipeline/strings.h"
#include "stages/entities/clusters.h"

namespace wirelens::stages::entities {
namespace {

// Streams the lines of a gzip file into `builder`.
absl::Status CountFile(const std::string& path, LexiconBuilder* builder) {
  return pipeline::ForEachGzipLine(path, [builder](std::string_view line) { builder->AddLine(line); });
}

absl::Status Run(int argc, char** argv) {
  std::vector<std::string> texts;
  std::string out, version = "1";
  LexiconOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) return absl::InvalidArgumentError(absl::StrCat(flag, " needs a value"));
    const std::string value = argv[++i];
    bool ok = true;
    if (flag == "--text") {
      for (absl::string_view t : absl::StrSplit(AsAbsl(value), ',', absl::SkipEmpty())) {
        texts.emplace_back(AsStd(t));
      }
    } else if (flag == "--out") {
      out = value;
    } else if (flag == "--version") {
      version = value;
    } else if (flag == "--vocabulary") {
      ok = absl::SimpleAtoi(AsAbsl(value), &options.vocabulary);
    } else if (flag == "--min-count") {
      ok = absl::SimpleAtoi(AsAbsl(value), &options.min_count);
    } else if (flag == "--iterations") {
      ok = absl::SimpleAtoi(AsAbsl(value), &options.iterations);
    } else if (flag == "--threads") {
      ok = absl::SimpleAtoi(AsAbsl(value), &options.threads);
    } else if (flag == "--levels") {
      options.levels.clear();
      for (absl::string_view k : absl::StrSplit(AsAbsl(value), ',', absl::SkipEmpty())) {
        uint32_t n = 0;
        ok = ok && absl::SimpleAtoi(k, &n);
        options.levels.push_back(n);
      }
    } else {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag ", flag));
    }
    if (!ok) return absl::InvalidArgumentError(absl::StrCat("bad value for ", flag));
  }
  if (texts.empty() || out.empty()) return absl::InvalidArgumentError("--text and --out required");
  const auto start = std::chrono::steady_clock::now();
  // Files are counted in parallel and merged in the order given, so the
  // result does not depend on scheduling.
  std::vector<LexiconBuilder> builders;
  std::vector<absl::Status> statuses(texts.size());
  for (size_t f = 0; f < texts.size(); ++f) builders.emplace_back(options);
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t f = next++; f < texts.size(); f = next++) {
      statuses[f] = CountFile(texts[f], &builders[f]);
    }
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < std::max(1, options.threads); ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  for (const absl::Status& s : statuses) RETURN_IF_ERROR(s);
  for (size_t f = 1; f < builders.size(); ++f) builders[0].Merge(std::move(builders[f]));
  std::cerr << "counted " << builders[0].tokens() << " tokens in "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
            << " s" << std::endl;
  ASSIGN_OR_RETURN(Lexicon lexicon, builders[0].Build(&std::cerr));
  RETURN_IF_ERROR(lexicon.Save(out, "wirelens-ner-lexicon-en", version));
  std::cerr << "wrote " << out << ": " << lexicon.size() << " entries in "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
            << " s" << std::endl;
  return absl::OkStatus();
}

}  // namespace
}  // namespace wirelens::stages::entities

int main(int argc, char** argv) {
  return wirelens::pipeline::ToolExitCode("wirelens_ner_clusters", wirelens::stages::entities::Run(argc, argv));
}
