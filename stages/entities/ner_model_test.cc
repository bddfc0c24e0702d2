#include "stages/entities/ner_model.h"

#include <cstdlib>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pipeline/model_file.h"
#include "pipeline/registry.h"
#include "stages/entities/ner_commands.h"
#include "stages/entities/ner_decode.h"
#include "stages/entities/ner_trainer.h"

namespace wirelens::stages::entities {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> words;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) words.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

TEST(ViterbiTest, NeverOutputsIllFormedBio) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> score(-5, 5);
  Transitions transitions;  // all zero: only emissions and constraints decide
  DecodeScratch scratch;
  for (int trial = 0; trial < 200; ++trial) {
    const size_t n = 1 + trial % 12;
    std::vector<float> emissions(n * kNumLabels);
    for (float& e : emissions) e = score(rng);
    // Push I- labels hard, which the constraint must override where needed.
    for (size_t i = 0; i < n; ++i) emissions[i * kNumLabels + 2 * (1 + i % 4)] += 4;
    std::vector<uint8_t> labels(n);
    std::vector<float> margins(n);
    ViterbiDecode(emissions, transitions, &scratch, labels.data(), margins.data());
    for (size_t i = 0; i < n; ++i) {
      EXPECT_TRUE(TransitionAllowed(i == 0 ? -1 : labels[i - 1], labels[i]))
          << "trial " << trial << " token " << i;
      EXPECT_GE(margins[i], 0.0f);
    }
  }
}

TEST(ViterbiTest, PicksBestAllowedPathAndMargins) {
  Transitions transitions;
  // Two tokens; token 1 strongly prefers I-PER (2), token 0 prefers O by 1.
  std::vector<float> emissions(2 * kNumLabels, 0.0f);
  emissions[0 * kNumLabels + 0] = 1.0f;  // O
  emissions[0 * kNumLabels + 1] = 0.0f;  // B-PER
  emissions[1 * kNumLabels + 2] = 3.0f;  // I-PER
  DecodeScratch scratch;
  uint8_t labels[2];
  float margins[2];
  ViterbiDecode(emissions, transitions, &scratch, labels, margins);
  // O, I-PER is not allowed; B-PER, I-PER (score 3) beats O, O (score 1).
  EXPECT_EQ(labels[0], 1);
  EXPECT_EQ(labels[1], 2);
  EXPECT_NEAR(margins[0], 2.0f, 1e-5);  // best path with token 0 != B-PER: O,O = 1
  EXPECT_NEAR(margins[1], 2.0f, 1e-5);
}

// A tiny training set written here: a few documents of short news sentences.
std::vector<NerTrainingDocument> TinyCorpus() {
  struct Line {
    const char* text;
    const char* tags;
  };
  const std::vector<std::vector<Line>> docs = {
      {{"John Smith visited Paris on Monday .", "B-PER I-PER O B-LOC O O O"},
       {"Smith said Acme Corp would grow .", "B-PER O B-ORG I-ORG O O O"}},
      {{"Mary Jones flew to London .", "B-PER I-PER O O B-LOC O"},
       {"Jones met Acme Corp officials in Berlin .", "B-PER O B-ORG I-ORG O O B-LOC O"}},
      {{"ACME CORP PROFITS RISE IN PARIS", "B-ORG I-ORG O O O B-LOC"},
       {"Acme Corp said profits rose in Paris .", "B-ORG I-ORG O O O O B-LOC O"}},
      {{"The French team beat Italy in Rome .", "O B-MISC O O B-LOC O B-LOC O"},
       {"Peter Brown scored twice for Italy .", "B-PER I-PER O O O B-LOC O"}},
  };
  std::vector<NerTrainingDocument> out;
  for (const auto& doc : docs) {
    NerTrainingDocument d;
    for (const Line& line : doc) {
      NerTrainingSentence s;
      for (std::string_view w : Words(line.text)) s.words.emplace_back(w);
      for (std::string_view t : Words(line.tags)) s.gold.push_back(*ParseBioTag(t));
      std::vector<std::string_view> views(s.words.begin(), s.words.end());
      s.unreliable_case = LooksCaseUnreliable(views);
      d.push_back(std::move(s));
    }
    out.push_back(std::move(d));
  }
  return out;
}

NerTrainingOptions TinyOptions() {
  NerTrainingOptions options;
  options.epochs = 8;
  options.hash_bits = 12;
  options.folds = 2;
  options.fold_epochs = 4;
  options.threads = 2;
  return options;
}

std::unique_ptr<NerModel> TrainTiny(uint64_t seed) {
  GazetteerBuilder gazetteer;
  gazetteer.Add("Paris", kGazCity);
  NerTrainingOptions options = TinyOptions();
  options.seed = seed;
  auto data = TrainNer(TinyCorpus(), Lexicon(), gazetteer.Build(), options, nullptr);
  EXPECT_TRUE(data.ok()) << data.status();
  auto model = NerModel::FromData(*std::move(data), "tiny", "1");
  EXPECT_TRUE(model.ok()) << model.status();
  return *std::move(model);
}

std::vector<std::vector<NerTag>> Tag(const NerModel& model, std::vector<std::string_view> words,
                                     bool unreliable = false) {
  NerScratch scratch;
  std::vector<std::vector<NerTag>> tags;
  model.TagDocument({NerSentence{words, unreliable}}, &scratch, &tags);
  return tags;
}

TEST(NerModelTest, LearnsTinyCorpusAndRoundTrips) {
  const auto model = TrainTiny(1);
  const auto words = Words("John Smith met Acme Corp in Paris .");
  const auto tags = Tag(*model, words);
  ASSERT_EQ(tags.size(), 1u);
  ASSERT_EQ(tags[0].size(), words.size());
  std::vector<std::string> bio;
  for (const NerTag& t : tags[0]) bio.push_back(BioString(t));
  EXPECT_THAT(bio, ElementsAre("B-PER", "I-PER", "O", "B-ORG", "I-ORG", "O", "B-LOC", "O"));
  for (const NerTag& t : tags[0]) {
    EXPECT_GT(t.confidence, 0.0f);
    EXPECT_LE(t.confidence, 1.0f);
  }

  const std::string bytes = pipeline::EncodeModelFile(model->ToModelFile());
  auto decoded = pipeline::DecodeModelFile(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  auto reloaded = NerModel::FromModelFile(*decoded);
  ASSERT_TRUE(reloaded.ok()) << reloaded.status();
  EXPECT_EQ((*reloaded)->name(), "tiny");
  EXPECT_EQ(Tag(**reloaded, words), tags);
  EXPECT_EQ(pipeline::EncodeModelFile((*reloaded)->ToModelFile()), bytes);
}

TEST(NerModelTest, TrainingIsDeterministic) {
  const auto a = TrainTiny(5);
  const auto b = TrainTiny(5);
  EXPECT_EQ(pipeline::EncodeModelFile(a->ToModelFile()),
            pipeline::EncodeModelFile(b->ToModelFile()));
}

TEST(NerModelTest, LoadErrors) {
  const auto model = TrainTiny(1);
  const std::string dir = ::testing::TempDir();
  const std::string path = dir + "/ner-test.wlm";
  ASSERT_TRUE(pipeline::SaveModelFile(path, model->ToModelFile()).ok());
  auto loaded = NerModel::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();

  EXPECT_EQ(NerModel::Load(dir + "/missing.wlm").status().code(), absl::StatusCode::kNotFound);

  pipeline::ModelFile wrong_kind = model->ToModelFile();
  wrong_kind.kind = "langid-ngram";
  ASSERT_TRUE(pipeline::SaveModelFile(path, wrong_kind).ok());
  EXPECT_EQ(NerModel::Load(path).status().code(), absl::StatusCode::kFailedPrecondition);

  pipeline::ModelFile wrong_version = model->ToModelFile();
  wrong_version.kind_version = kNerModelKindVersion + 1;
  ASSERT_TRUE(pipeline::SaveModelFile(path, wrong_version).ok());
  EXPECT_EQ(NerModel::Load(path).status().code(), absl::StatusCode::kFailedPrecondition);

  // A payload that passes the container checksum but is cut short.
  pipeline::ModelFile truncated = model->ToModelFile();
  truncated.payload.resize(truncated.payload.size() - 7);
  EXPECT_EQ(NerModel::FromModelFile(truncated).status().code(), absl::StatusCode::kDataLoss);
  pipeline::ModelFile garbage = model->ToModelFile();
  for (size_t i = 8; i < garbage.payload.size(); i += 97) garbage.payload[i] ^= 0x5A;
  EXPECT_EQ(NerModel::FromModelFile(garbage).status().code(), absl::StatusCode::kDataLoss);

  // A flipped byte in the file: the container's checksum catches it.
  std::string bytes = pipeline::EncodeModelFile(model->ToModelFile());
  bytes[bytes.size() / 2] ^= 0x01;
  EXPECT_EQ(pipeline::DecodeModelFile(bytes).status().code(), absl::StatusCode::kDataLoss);
}

// ------------------------------------------------- the committed model

const NerModel& Committed() {
  static const NerModel* model = [] {
    auto loaded = NerModel::Load(DefaultNerModelPath());
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return loaded.ok() ? loaded->release() : nullptr;
  }();
  return *model;
}

std::vector<Mention> MentionsOf(std::string_view text, bool unreliable = false) {
  const auto tags = Tag(Committed(), Words(text), unreliable);
  std::vector<Mention> mentions;
  TagsToMentions(tags[0], &mentions);
  return mentions;
}

TEST(CommittedNerModelTest, ObviousEntities) {
  EXPECT_THAT(MentionsOf("Angela Merkel met Emmanuel Macron in Paris on Tuesday ."),
              ElementsAre(Mention{0, 2, EntityType::kPer}, Mention{3, 5, EntityType::kPer},
                          Mention{6, 7, EntityType::kLoc}));
  EXPECT_THAT(MentionsOf("Shares of Microsoft rose in New York after the company said it "
                         "would buy a stake in Toyota ."),
              ElementsAre(Mention{2, 3, EntityType::kOrg}, Mention{5, 7, EntityType::kLoc},
                          Mention{17, 18, EntityType::kOrg}));
  EXPECT_THAT(MentionsOf("The German government said the euro fell against the dollar ."),
              ElementsAre(Mention{1, 2, EntityType::kMisc}));
  for (const Mention& m : MentionsOf("Angela Merkel met Emmanuel Macron in Paris .")) {
    EXPECT_GT(m.confidence, 0.5f);
  }
}

TEST(CommittedNerModelTest, SizeBudgets) {
  EXPECT_LT(Committed().MemoryBytes(), size_t{200} << 20);
  EXPECT_LT(std::filesystem::file_size(DefaultNerModelPath()), uintmax_t{25} << 20);
  EXPECT_EQ(Committed().name(), "wirelens-ner-en");
}

TEST(CommittedNerModelTest, AllCapsHeadline) {
  EXPECT_THAT(MentionsOf("MERKEL MEETS MACRON IN PARIS", /*unreliable=*/true),
              ElementsAre(Mention{0, 1, EntityType::kPer}, Mention{2, 3, EntityType::kPer},
                          Mention{4, 5, EntityType::kLoc}));
  EXPECT_THAT(MentionsOf("GERMANY BEAT FRANCE IN BERLIN", /*unreliable=*/true),
              ElementsAre(Mention{0, 1, EntityType::kLoc}, Mention{2, 3, EntityType::kLoc},
                          Mention{4, 5, EntityType::kLoc}));
}

TEST(CommittedNerModelTest, DocumentContextAndThreadSafety) {
  // The same model from several threads, each with its own scratch.
  const auto words = Words("Angela Merkel met Emmanuel Macron in Paris on Tuesday .");
  const auto expected = Tag(Committed(), words);
  std::vector<std::thread> threads;
  std::vector<bool> same(4, false);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      bool ok = true;
      for (int i = 0; i < 50; ++i) ok = ok && Tag(Committed(), words) == expected;
      same[t] = ok;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_THAT(same, ::testing::Each(true));
}

TEST(NerCommandsTest, TagCommandAppendsColumn) {
  std::istringstream in("-DOCSTART- O\n\nAngela\nMerkel\nvisited\nParis\n.\n");
  std::ostringstream out, err;
  ASSERT_EQ(RunTagCommand({"--conll"}, in, out, err), 0) << err.str();
  EXPECT_EQ(out.str(),
            "-DOCSTART- O O\n\nAngela B-PER\nMerkel I-PER\nvisited O\nParis B-LOC\n. O\n\n");
  std::ostringstream out2, err2;
  std::istringstream none;
  EXPECT_EQ(RunTagCommand({"--model", "/nonexistent.wlm"}, none, out2, err2), 1);
  EXPECT_THAT(err2.str(), HasSubstr("NOT_FOUND"));
  pipeline::StageRegistry registry;
  RegisterEntityCommands(registry);
  EXPECT_NE(registry.FindCommand("tag"), nullptr);
  EXPECT_NE(registry.FindCommand("eval-ner"), nullptr);
}

TEST(NerCommandsTest, EvalCommandReportsF1) {
  std::istringstream in("Angela B-PER\nMerkel I-PER\nvisited O\nParis B-LOC\n. O\n");
  std::ostringstream out, err;
  ASSERT_EQ(RunEvalCommand({"--conll", "-"}, in, out, err), 0) << err.str();
  EXPECT_THAT(out.str(), HasSubstr("overall  precision: 100.00%; recall: 100.00%; FB1: 100.00"));
}

}  // namespace
}  // namespace wirelens::stages::entities
