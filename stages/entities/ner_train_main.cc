// wirelens_ner_train: trains the named-entity recognizer (ner_trainer.h) on a
// CoNLL file and writes one model file holding weights, lexicon and
// gazetteer. Deterministic for the same data, flags and seed.
//
//   build/release/stages/entities/wirelens_ner_train
//       --conll ../shared/data/ner/conll2003/train.conll
//       --dev ../shared/data/ner/conll2003/dev.conll
//       --lexicon stages/entities/model/lexicon.wlm
//       --gazetteers ../shared/data/gazetteers
//       --out stages/entities/model/ner-en.wlm
//
// Flags (defaults are the committed model's settings):
//   --conll FILE        training data (required)
//   --dev FILE          scored after training (reporting only, never used to fit)
//   --lexicon FILE      word clusters + case statistics (wirelens_ner_clusters)
//   --gazetteers DIR    the shared gazetteer directory
//   --out FILE          model file to write (required)
//   --epochs N, --fold-epochs N, --folds N, --hash-bits N, --document-rate X,
//   --seed N, --threads N, --version V
#include <chrono>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "pipeline/file_util.h"
#include "pipeline/status_macros.h"
#include "pipeline/strings.h"
#include "stages/entities/conll.h"
#include "stages/entities/ner_commands.h"
#include "stages/entities/ner_trainer.h"

namespace wirelens::stages::entities {
namespace {

absl::StatusOr<std::vector<ConllSentence>> ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  return ReadConll(in);
}

absl::StatusOr<std::vector<NerTrainingDocument>> ToDocuments(
    const std::vector<ConllSentence>& sentences) {
  std::vector<NerTrainingDocument> documents;
  for (const auto& [begin, end] : ConllDocuments(sentences)) {
    NerTrainingDocument doc;
    for (size_t i = begin; i < end; ++i) {
      NerTrainingSentence s;
      s.words = sentences[i].words;
      ASSIGN_OR_RETURN(s.gold, GoldTags(sentences[i], /*unknown_as_outside=*/false));
      std::vector<std::string_view> views(s.words.begin(), s.words.end());
      s.unreliable_case = LooksCaseUnreliable(views);
      doc.push_back(std::move(s));
    }
    documents.push_back(std::move(doc));
  }
  return documents;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

absl::Status Run(int argc, char** argv) {
  std::string conll, dev, lexicon_path, gazetteer_dir, out, version = "1";
  NerTrainingOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) return absl::InvalidArgumentError(absl::StrCat(flag, " needs a value"));
    const std::string value = argv[++i];
    const absl::string_view v = AsAbsl(value);
    bool ok = true;
    if (flag == "--conll") conll = value;
    else if (flag == "--dev") dev = value;
    else if (flag == "--lexicon") lexicon_path = value;
    else if (flag == "--gazetteers") gazetteer_dir = value;
    else if (flag == "--out") out = value;
    else if (flag == "--version") version = value;
    else if (flag == "--epochs") ok = absl::SimpleAtoi(v, &options.epochs);
    else if (flag == "--fold-epochs") ok = absl::SimpleAtoi(v, &options.fold_epochs);
    else if (flag == "--folds") ok = absl::SimpleAtoi(v, &options.folds);
    else if (flag == "--hash-bits") ok = absl::SimpleAtoi(v, &options.hash_bits);
    else if (flag == "--document-rate") ok = absl::SimpleAtod(v, &options.document_rate);
    else if (flag == "--seed") ok = absl::SimpleAtoi(v, &options.seed);
    else if (flag == "--threads") ok = absl::SimpleAtoi(v, &options.threads);
    else return absl::InvalidArgumentError(absl::StrCat("unknown flag ", flag));
    if (!ok) return absl::InvalidArgumentError(absl::StrCat("bad value for ", flag));
  }
  if (conll.empty() || out.empty()) return absl::InvalidArgumentError("--conll and --out required");
  const auto start = std::chrono::steady_clock::now();
  Lexicon lexicon;
  if (!lexicon_path.empty()) {
    ASSIGN_OR_RETURN(lexicon, Lexicon::Load(lexicon_path));
  }
  GazetteerBuilder gazetteer_builder;
  if (!gazetteer_dir.empty()) {
    RETURN_IF_ERROR(LoadGazetteerDirectory(gazetteer_dir, &gazetteer_builder));
  }
  const Gazetteer gazetteer = gazetteer_builder.Build();
  ASSIGN_OR_RETURN(std::vector<ConllSentence> train_sentences, ReadFile(conll));
  ASSIGN_OR_RETURN(std::vector<NerTrainingDocument> documents, ToDocuments(train_sentences));
  std::cerr << "lexicon " << lexicon.size() << " entries, gazetteer " << gazetteer.phrases()
            << " phrases, " << documents.size() << " training documents" << std::endl;
  ASSIGN_OR_RETURN(NerModelData data, TrainNer(documents, lexicon, gazetteer, options, &std::cerr));
  ASSIGN_OR_RETURN(auto model, NerModel::FromData(std::move(data), "wirelens-ner-en", version));
  RETURN_IF_ERROR(pipeline::SaveModelFile(out, model->ToModelFile()));
  std::cerr << "wrote " << out << " after " << Seconds(start) << " s" << std::endl;
  if (!dev.empty()) {
    ASSIGN_OR_RETURN(auto reloaded, NerModel::Load(out));
    ASSIGN_OR_RETURN(std::vector<ConllSentence> dev_sentences, ReadFile(dev));
    std::vector<std::vector<NerTag>> predicted;
    TagConll(*reloaded, dev_sentences, &predicted);
    ASSIGN_OR_RETURN(SpanEvaluator evaluator, EvaluateConll(dev_sentences, predicted, {}));
    std::cout << "dev " << dev << ":\n" << evaluator.Report();
  }
  return absl::OkStatus();
}

}  // namespace
}  // namespace wirelens::stages::entities

int main(int argc, char** argv) {
  return wirelens::pipeline::ToolExitCode("wirelens_ner_train", wirelens::stages::entities::Run(argc, argv));
}
