// wirelens_langid_train: trains the language stage's character n-gram model
// from `<data>/<iso639-1>.txt.gz` files (one sentence per line) and writes a
// "langid-ngram" model file. Deterministic for given data and flags.
//
//   build/release/stages/language/wirelens_langid_train
//       --data ../shared/data/langid-train --out stages/language/model/langid.wlm
//
// Flags (defaults are the committed model's settings):
//   --data DIR                 directory of <code>.txt.gz files (required)
//   --out FILE                 model file to write (required)
//   --features-per-language N  vocabulary contributed per language
//   --min-count N              minimum count of a vocabulary n-gram
//   --alpha X                  additive smoothing
//   --max-order N              longest n-gram (1..5)
//   --threads N                worker threads
//   --version V                model version reported in every Enrichment

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "pipeline/file_util.h"
#include "pipeline/model_file.h"
#include "pipeline/status_macros.h"
#include "stages/language/language_identifier.h"
#include "stages/language/ngram_model.h"
#include "stages/language/ngram_trainer.h"

namespace wirelens::stages::language {
namespace {

struct Flags {
  std::string data;
  std::string out;
  std::string version = std::string(kDefaultModelVersion);
  NgramTrainingOptions training;
};

absl::StatusOr<std::vector<std::string>> ReadGzipLines(const std::string& path) {
  std::vector<std::string> lines;
  RETURN_IF_ERROR(pipeline::ForEachGzipLine(path, [&](std::string_view line) {
    if (!line.empty()) lines.emplace_back(line);
  }));
  return lines;
}

absl::StatusOr<std::vector<LanguageCorpus>> ReadCorpora(const std::string& dir) {
  std::vector<std::string> paths;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 7 && name.ends_with(".txt.gz")) paths.push_back(entry.path().string());
  }
  if (ec) return absl::NotFoundError(absl::StrCat("cannot list ", dir, ": ", ec.message()));
  std::sort(paths.begin(), paths.end());  // language index order = file name order
  std::vector<LanguageCorpus> corpora;
  for (const std::string& path : paths) {
    LanguageCorpus corpus;
    const std::string name = std::filesystem::path(path).filename().string();
    corpus.code = name.substr(0, name.size() - 7);
    ASSIGN_OR_RETURN(corpus.lines, ReadGzipLines(path));
    if (corpus.code == "sr") {
      // The published `sr` is Latin-script Serbian; the data is mostly Latin
      // with some Cyrillic. Keep the Cyrillic lines (Serbian Cyrillic text
      // should still score as sr) and add their Latin transliteration.
      const size_t n = corpus.lines.size();
      for (size_t i = 0; i < n; ++i) {
        if (ContainsCyrillic(corpus.lines[i])) {
          corpus.lines.push_back(SerbianCyrillicToLatin(corpus.lines[i]));
        }
      }
    }
    corpora.push_back(std::move(corpus));
  }
  if (corpora.empty()) return absl::NotFoundError(absl::StrCat("no *.txt.gz files in ", dir));
  return corpora;
}

absl::Status ParseFlags(int argc, char** argv, Flags* flags) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> absl::StatusOr<std::string> {
      if (i + 1 >= argc) return absl::InvalidArgumentError(absl::StrCat(arg, " needs a value"));
      return std::string(argv[++i]);
    };
    auto number = [&](auto* out) -> absl::Status {
      ASSIGN_OR_RETURN(std::string v, value());
      bool ok;
      if constexpr (std::is_same_v<std::remove_pointer_t<decltype(out)>, double>) {
        ok = absl::SimpleAtod(v, out);
      } else {
        ok = absl::SimpleAtoi(v, out);
      }
      return ok ? absl::OkStatus()
                : absl::InvalidArgumentError(absl::StrCat(arg, ": not a number: ", v));
    };
    if (arg == "--data") {
      ASSIGN_OR_RETURN(flags->data, value());
    } else if (arg == "--out") {
      ASSIGN_OR_RETURN(flags->out, value());
    } else if (arg == "--version") {
      ASSIGN_OR_RETURN(flags->version, value());
    } else if (arg == "--features-per-language") {
      RETURN_IF_ERROR(number(&flags->training.features_per_language));
    } else if (arg == "--min-count") {
      RETURN_IF_ERROR(number(&flags->training.min_count));
    } else if (arg == "--alpha") {
      RETURN_IF_ERROR(number(&flags->training.alpha));
    } else if (arg == "--max-order") {
      RETURN_IF_ERROR(number(&flags->training.max_order));
    } else if (arg == "--threads") {
      RETURN_IF_ERROR(number(&flags->training.threads));
    } else {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag ", arg));
    }
  }
  if (flags->data.empty() || flags->out.empty()) {
    return absl::InvalidArgumentError("usage: wirelens_langid_train --data DIR --out FILE [...]");
  }
  return absl::OkStatus();
}

absl::Status Run(int argc, char** argv) {
  Flags flags;
  RETURN_IF_ERROR(ParseFlags(argc, argv, &flags));
  const auto start = std::chrono::steady_clock::now();
  ASSIGN_OR_RETURN(std::vector<LanguageCorpus> corpora, ReadCorpora(flags.data));
  ASSIGN_OR_RETURN(NgramModelData data, TrainNgramModel(corpora, flags.training));
  pipeline::ModelFile file;
  file.kind = std::string(kNgramModelKind);
  file.kind_version = kNgramModelKindVersion;
  file.name = std::string(kModelName);
  file.version = flags.version;
  file.payload = SerializeNgramModel(data);
  RETURN_IF_ERROR(pipeline::SaveModelFile(flags.out, file));
  size_t entries = 0;
  for (const auto& f : data.features) entries += f.entries.size();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%zu languages, %zu features, %zu entries, payload %zu bytes, %.1f s -> %s\n",
              corpora.size(), data.features.size(), entries, file.payload.size(), seconds,
              flags.out.c_str());
  return absl::OkStatus();
}

}  // namespace
}  // namespace wirelens::stages::language

int main(int argc, char** argv) {
  return wirelens::pipeline::ToolExitCode("wirelens_langid_train", wirelens::stages::language::Run(argc, argv));
}
