#include "stages/entities/ner_commands.h"

#include <chrono>
#include <fstream>
#include <iostream>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "pipeline/strings.h"

namespace wirelens::stages::entities {
namespace {

struct CommonFlags {
  std::string model;
  std::string file;
  std::vector<EntityType> ignored;
  bool conll = false;
};

// Parses --model, --conll [FILE], --ignore and a positional FILE.
absl::StatusOr<CommonFlags> ParseFlags(const std::vector<std::string>& args) {
  CommonFlags flags;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> absl::StatusOr<std::string> {
      if (i + 1 >= args.size()) return absl::InvalidArgumentError(absl::StrCat(a, " needs a value"));
      return args[++i];
    };
    if (a == "--model") {
      auto v = value();
      if (!v.ok()) return v.status();
      flags.model = *v;
    } else if (a == "--conll") {
      flags.conll = true;
      if (i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0) flags.file = args[++i];
    } else if (a == "--ignore") {
      auto v = value();
      if (!v.ok()) return v.status();
      for (absl::string_view name : absl::StrSplit(AsAbsl(*v), ',', absl::SkipEmpty())) {
        auto type = ParseEntityType(AsStd(name));
        if (!type.ok()) return type.status();
        flags.ignored.push_back(*type);
      }
    } else if (!a.empty() && a[0] != '-' && flags.file.empty()) {
      flags.file = a;
    } else {
      return absl::InvalidArgumentError(absl::StrCat("unknown argument ", a));
    }
  }
  return flags;
}

absl::StatusOr<std::vector<ConllSentence>> ReadInput(const std::string& file, std::istream& in) {
  if (file.empty() || file == "-") return ReadConll(in);
  std::ifstream stream(file);
  if (!stream) return absl::NotFoundError(absl::StrCat("cannot open ", file));
  return ReadConll(stream);
}

}  // namespace

void TagConll(const NerModel& model, absl::Span<const ConllSentence> sentences,
              std::vector<std::vector<NerTag>>* predicted) {
  predicted->assign(sentences.size(), {});
  NerScratch scratch;
  std::vector<std::vector<std::string_view>> views;
  std::vector<NerSentence> batch;
  std::vector<std::vector<NerTag>> tags;
  for (const auto& [begin, end] : ConllDocuments(sentences)) {
    views.assign(end - begin, {});
    batch.assign(end - begin, {});
    for (size_t i = begin; i < end; ++i) {
      views[i - begin].assign(sentences[i].words.begin(), sentences[i].words.end());
      batch[i - begin].words = views[i - begin];
      batch[i - begin].unreliable_case = LooksCaseUnreliable(views[i - begin]);
    }
    model.TagDocument(batch, &scratch, &tags);
    for (size_t i = begin; i < end; ++i) (*predicted)[i] = std::move(tags[i - begin]);
  }
}

absl::StatusOr<SpanEvaluator> EvaluateConll(absl::Span<const ConllSentence> sentences,
                                            absl::Span<const std::vector<NerTag>> predicted,
                                            absl::Span<const EntityType> ignored) {
  SpanEvaluator evaluator;
  for (EntityType type : ignored) evaluator.Ignore(type);
  for (size_t i = 0; i < sentences.size(); ++i) {
    if (sentences[i].docstart) continue;
    auto gold = GoldTags(sentences[i], /*unknown_as_outside=*/true);
    if (!gold.ok()) return gold.status();
    evaluator.Add(*gold, predicted[i]);
  }
  return evaluator;
}

std::string DefaultNerModelPath() {
  return absl::StrCat(pipeline::ResolveModelRoot(""), "/", AsAbsl(kNerModelPath));
}

int RunTagCommand(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                  std::ostream& err) {
  auto flags = ParseFlags(args);
  if (!flags.ok()) {
    err << "usage: wirelens tag [--conll] [--model FILE] [FILE]\n" << flags.status() << "\n";
    return 2;
  }
  auto model = NerModel::Load(flags->model.empty() ? DefaultNerModelPath() : flags->model);
  if (!model.ok()) {
    err << "tag: " << model.status() << "\n";
    return 1;
  }
  auto sentences = ReadInput(flags->file, in);
  if (!sentences.ok()) {
    err << "tag: " << sentences.status() << "\n";
    return 1;
  }
  std::vector<std::vector<NerTag>> predicted;
  TagConll(**model, *sentences, &predicted);
  for (size_t i = 0; i < sentences->size(); ++i) {
    WriteConllSentence((*sentences)[i], predicted[i], out);
  }
  return out.good() ? 0 : 1;
}

int RunEvalCommand(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                   std::ostream& err) {
  auto flags = ParseFlags(args);
  if (!flags.ok()) {
    err << "usage: eval-ner --conll FILE [--ignore MISC] [--model FILE]\n"
        << flags.status() << "\n";
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  auto model = NerModel::Load(flags->model.empty() ? DefaultNerModelPath() : flags->model);
  if (!model.ok()) {
    err << "eval-ner: " << model.status() << "\n";
    return 1;
  }
  const double load_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto sentences = ReadInput(flags->file, in);
  if (!sentences.ok()) {
    err << "eval-ner: " << sentences.status() << "\n";
    return 1;
  }
  const auto tag_start = std::chrono::steady_clock::now();
  std::vector<std::vector<NerTag>> predicted;
  TagConll(**model, *sentences, &predicted);
  const double tag_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - tag_start).count();
  auto evaluator = EvaluateConll(*sentences, predicted, flags->ignored);
  if (!evaluator.ok()) {
    err << "eval-ner: " << evaluator.status() << "\n";
    return 1;
  }
  out << evaluator->Report();
  out << "model " << (*model)->name() << " " << (*model)->version() << ": loaded in "
      << load_seconds << " s, tagged " << evaluator->tokens() << " tokens in " << tag_seconds
      << " s\n";
  return 0;
}

void RegisterEntityCommands(pipeline::StageRegistry& registry) {
  // Fixed names; a duplicate is a programming error the registry tests catch.
  (void)registry.RegisterCommand(
      "tag", "tag CoNLL token-per-line text with named entities (BIO column appended)",
      RunTagCommand);
  (void)registry.RegisterCommand(
      "eval-ner", "score the named-entity recognizer on a gold CoNLL file (P/R/F1 per type)",
      RunEvalCommand);
}

}  // namespace wirelens::stages::entities
