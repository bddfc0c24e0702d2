#include "stages/language/ngram_model.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "stages/language/ngram_trainer.h"

namespace wirelens::stages::language {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<uint32_t> Keys(std::string_view text, int max_order = kMaxNgramOrder) {
  std::vector<uint32_t> keys;
  ExtractNgramKeys(text, max_order, 10000, &keys);
  return keys;
}

TEST(NgramFeaturesTest, CountsWordBoundedNgrams) {
  // " ab ": unigrams a, b; bigrams " a", "ab", "b "; trigrams " ab", "ab ";
  // 4-gram " ab ".
  EXPECT_EQ(Keys("ab").size(), 8u);
  EXPECT_EQ(Keys("ab", 1).size(), 2u);
  EXPECT_THAT(Keys(""), IsEmpty());
  EXPECT_THAT(Keys("123 !?"), IsEmpty());
}

TEST(NgramFeaturesTest, FoldsCaseAndTreatsNonLettersAsOneBoundary) {
  EXPECT_EQ(Keys("Hello World"), Keys("hello, world!!"));
  EXPECT_EQ(Keys("ΣΟΦΊΑ"), Keys("σοφία"));
  EXPECT_NE(Keys("hello"), Keys("hallo"));
}

TEST(NgramFeaturesTest, RespectsCodePointLimit) {
  EXPECT_EQ(Keys("abcdef").size() > 0, true);
  std::vector<uint32_t> limited;
  ExtractNgramKeys("ab cdefgh", kMaxNgramOrder, 2, &limited);
  EXPECT_EQ(limited.size(), Keys("ab").size());
}

std::vector<LanguageCorpus> ToyCorpora() {
  return {
      {"xa", {"kala mala tala", "mala kala pala", "tala tala kala"}},
      {"xb", {"zorg borg vorg", "borg zorg", "vorg vorg zorg borg"}},
  };
}

TEST(NgramTrainerTest, TrainsSeparableToyLanguages) {
  NgramTrainingOptions options;
  options.min_count = 1;
  absl::StatusOr<NgramModelData> data = TrainNgramModel(ToyCorpora(), options);
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_THAT(data->languages, ElementsAre("xa", "xb"));
  absl::StatusOr<NgramModel> model = NgramModel::FromData(*data);
  ASSERT_TRUE(model.ok()) << model.status();
  NgramScratch scratch;
  std::vector<double> ll;
  EXPECT_GT(model->Score("pala kala", 100, &scratch, &ll), 0);
  EXPECT_GT(ll[0], ll[1]);
  EXPECT_GT(model->Score("zorg vorg", 100, &scratch, &ll), 0);
  EXPECT_GT(ll[1], ll[0]);
  EXPECT_EQ(model->Score("12345", 100, &scratch, &ll), 0);
  EXPECT_THAT(ll, ElementsAre(0.0, 0.0));
}

TEST(NgramTrainerTest, IsDeterministicAcrossThreadCounts) {
  NgramTrainingOptions one;
  one.threads = 1;
  NgramTrainingOptions two;
  two.threads = 2;
  EXPECT_EQ(SerializeNgramModel(*TrainNgramModel(ToyCorpora(), one)),
            SerializeNgramModel(*TrainNgramModel(ToyCorpora(), two)));
}

TEST(NgramTrainerTest, RejectsBadInput) {
  EXPECT_EQ(TrainNgramModel({}, {}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(TrainNgramModel({{"xa", {"a"}}, {"xa", {"b"}}}, {}).status().code(),
            absl::StatusCode::kInvalidArgument);
  NgramTrainingOptions bad;
  bad.alpha = 0;
  EXPECT_EQ(TrainNgramModel(ToyCorpora(), bad).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(NgramModelTest, PayloadRoundTrips) {
  NgramTrainingOptions options;
  options.min_count = 1;
  const NgramModelData data = *TrainNgramModel(ToyCorpora(), options);
  const std::string payload = SerializeNgramModel(data);
  absl::StatusOr<NgramModel> model = NgramModel::FromPayload(payload);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(model->num_features(), data.features.size());
  EXPECT_EQ(model->LanguageIndex("xb"), 1);
  EXPECT_EQ(model->LanguageIndex("en"), -1);
}

TEST(NgramModelTest, CorruptPayloadIsDataLoss) {
  NgramTrainingOptions options;
  options.min_count = 1;
  const std::string payload = SerializeNgramModel(*TrainNgramModel(ToyCorpora(), options));
  EXPECT_EQ(NgramModel::FromPayload("").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(NgramModel::FromPayload(payload.substr(0, payload.size() / 2)).status().code(),
            absl::StatusCode::kDataLoss);
  std::string flipped = payload;
  flipped[flipped.size() / 2] ^= 0x55;
  EXPECT_EQ(NgramModel::FromPayload(flipped).status().code(), absl::StatusCode::kDataLoss);
}

TEST(SerbianTransliterationTest, CyrillicToLatin) {
  EXPECT_EQ(SerbianCyrillicToLatin("Љубав и њива, џеп, Ђорђе, ћерка"),
            "Ljubav i njiva, džep, Đorđe, ćerka");
  EXPECT_EQ(SerbianCyrillicToLatin("Beograd 2026"), "Beograd 2026");
  EXPECT_TRUE(ContainsCyrillic("Београд"));
  EXPECT_FALSE(ContainsCyrillic("Beograd"));
}

}  // namespace
}  // namespace wirelens::stages::language
