#include "stages/entities/conll.h"

#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "stages/entities/ner_eval.h"
#include "stages/entities/ner_tags.h"

namespace wirelens::stages::entities {
namespace {

using ::testing::ElementsAre;

constexpr char kFile[] =
    "-DOCSTART-\tO\n"
    "\n"
    "EU\tB-ORG\n"
    "rejects\tO\n"
    "German\tB-MISC\n"
    "\n"
    "Peter\tB-PER\n"
    "Blackburn\tI-PER\n"
    "\n"
    "\n"
    "-DOCSTART-\tO\n"
    "\n"
    "BRUSSELS\tB-LOC\r\n";

TEST(ConllTest, ReadsSentencesAndDocuments) {
  std::istringstream in(kFile);
  auto sentences = ReadConll(in);
  ASSERT_TRUE(sentences.ok()) << sentences.status();
  ASSERT_EQ(sentences->size(), 5u);
  EXPECT_TRUE((*sentences)[0].docstart);
  EXPECT_THAT((*sentences)[1].words, ElementsAre("EU", "rejects", "German"));
  EXPECT_THAT((*sentences)[1].tags, ElementsAre("B-ORG", "O", "B-MISC"));
  EXPECT_THAT((*sentences)[4].lines, ElementsAre("BRUSSELS\tB-LOC"));  // CR dropped
  EXPECT_THAT(ConllDocuments(*sentences),
              ElementsAre(std::pair<size_t, size_t>{1, 3}, std::pair<size_t, size_t>{4, 5}));
  auto gold = GoldTags((*sentences)[2], false);
  ASSERT_TRUE(gold.ok());
  EXPECT_EQ(BioString((*gold)[0]), "B-PER");
  EXPECT_EQ(BioString((*gold)[1]), "I-PER");
}

TEST(ConllTest, WriteAppendsOneColumnAndRoundTrips) {
  std::istringstream in(kFile);
  auto sentences = ReadConll(in);
  ASSERT_TRUE(sentences.ok());
  std::ostringstream out;
  for (const ConllSentence& s : *sentences) {
    auto gold = GoldTags(s, true);
    ASSERT_TRUE(s.docstart || gold.ok());
    WriteConllSentence(s, s.docstart ? std::vector<NerTag>{} : *gold, out);
  }
  EXPECT_EQ(out.str(),
            "-DOCSTART-\tO\tO\n\n"
            "EU\tB-ORG\tB-ORG\nrejects\tO\tO\nGerman\tB-MISC\tB-MISC\n\n"
            "Peter\tB-PER\tB-PER\nBlackburn\tI-PER\tI-PER\n\n"
            "-DOCSTART-\tO\tO\n\n"
            "BRUSSELS\tB-LOC\tB-LOC\n\n");
  // Reading the output again gives the same words, with the new last column.
  std::istringstream again(out.str());
  auto reread = ReadConll(again);
  ASSERT_TRUE(reread.ok());
  ASSERT_EQ(reread->size(), sentences->size());
  for (size_t i = 0; i < reread->size(); ++i) {
    EXPECT_EQ((*reread)[i].words, (*sentences)[i].words);
    EXPECT_EQ((*reread)[i].tags, (*sentences)[i].tags);
  }
}

TEST(ConllTest, SpaceSeparatedAndErrors) {
  std::istringstream in("Paris NNP B-LOC\nis VBZ O\n\n");
  auto sentences = ReadConll(in);
  ASSERT_TRUE(sentences.ok());
  std::ostringstream out;
  WriteConllSentence((*sentences)[0], {TagOfLabel(5), TagOfLabel(0)}, out);
  EXPECT_EQ(out.str(), "Paris NNP B-LOC B-LOC\nis VBZ O O\n\n");

  std::istringstream bad(" leading\tO\n");
  EXPECT_EQ(ReadConll(bad).status().code(), absl::StatusCode::kInvalidArgument);
  std::istringstream other("Monday\tB-DATE\n");
  auto dated = ReadConll(other);
  ASSERT_TRUE(dated.ok());
  EXPECT_EQ(GoldTags((*dated)[0], false).status().code(), absl::StatusCode::kInvalidArgument);
  auto as_outside = GoldTags((*dated)[0], true);
  ASSERT_TRUE(as_outside.ok());
  EXPECT_EQ((*as_outside)[0].type, EntityType::kNone);
}

std::vector<NerTag> Tags(std::initializer_list<const char*> bio) {
  std::vector<NerTag> tags;
  for (const char* t : bio) tags.push_back(*ParseBioTag(t));
  return tags;
}

TEST(NerTagsTest, MentionsFollowConllevalSemantics) {
  std::vector<Mention> mentions;
  // I-PER after O starts a mention; B-PER after I-PER starts a new one;
  // I-LOC after I-PER starts a LOC mention.
  TagsToMentions(Tags({"I-PER", "I-PER", "B-PER", "I-LOC", "O", "B-ORG"}), &mentions);
  EXPECT_THAT(mentions, ElementsAre(Mention{0, 2, EntityType::kPer}, Mention{2, 3, EntityType::kPer},
                                    Mention{3, 4, EntityType::kLoc},
                                    Mention{5, 6, EntityType::kOrg}));
  for (int from = -1; from < kNumLabels; ++from) {
    EXPECT_TRUE(TransitionAllowed(from, 0));
    EXPECT_TRUE(TransitionAllowed(from, 1));
  }
  EXPECT_TRUE(TransitionAllowed(1, 2));   // B-PER -> I-PER
  EXPECT_TRUE(TransitionAllowed(2, 2));   // I-PER -> I-PER
  EXPECT_FALSE(TransitionAllowed(0, 2));  // O -> I-PER
  EXPECT_FALSE(TransitionAllowed(-1, 2));
  EXPECT_FALSE(TransitionAllowed(3, 2));  // B-ORG -> I-PER
  for (int label = 0; label < kNumLabels; ++label) EXPECT_EQ(LabelOf(TagOfLabel(label)), label);
}

TEST(SpanEvaluatorTest, HandcraftedCounts) {
  SpanEvaluator evaluator;
  // Gold: PER[0,2) LOC[3,4) ORG[5,6). Predicted: PER[0,2) (right), LOC[3,5)
  // (wrong boundary), MISC[6,7) (spurious). ORG is missed.
  evaluator.Add(Tags({"B-PER", "I-PER", "O", "B-LOC", "O", "B-ORG", "O"}),
                Tags({"B-PER", "I-PER", "O", "B-LOC", "I-LOC", "O", "B-MISC"}));
  EXPECT_EQ(evaluator.overall().gold, 3);
  EXPECT_EQ(evaluator.overall().predicted, 3);
  EXPECT_EQ(evaluator.overall().true_positives, 1);
  EXPECT_NEAR(evaluator.overall().Precision(), 100.0 / 3, 1e-9);
  EXPECT_NEAR(evaluator.overall().Recall(), 100.0 / 3, 1e-9);
  EXPECT_NEAR(evaluator.overall().F1(), 100.0 / 3, 1e-9);
  EXPECT_EQ(evaluator.of(EntityType::kPer).true_positives, 1);
  EXPECT_NEAR(evaluator.of(EntityType::kPer).F1(), 100.0, 1e-9);
  EXPECT_EQ(evaluator.of(EntityType::kLoc).true_positives, 0);
  EXPECT_EQ(evaluator.of(EntityType::kOrg).gold, 1);
  EXPECT_EQ(evaluator.of(EntityType::kOrg).predicted, 0);
  EXPECT_EQ(evaluator.tokens(), 7);
  EXPECT_EQ(evaluator.correct_tokens(), 4);

  SpanEvaluator no_misc;
  no_misc.Ignore(EntityType::kMisc);
  no_misc.Add(Tags({"B-PER", "I-PER", "O", "B-LOC", "O", "B-ORG", "O"}),
              Tags({"B-PER", "I-PER", "O", "B-LOC", "I-LOC", "O", "B-MISC"}));
  EXPECT_EQ(no_misc.overall().predicted, 2);  // the MISC prediction is dropped
  EXPECT_NEAR(no_misc.overall().Precision(), 50.0, 1e-9);
  EXPECT_THAT(no_misc.Report(), ::testing::HasSubstr("overall  precision:  50.00%"));
  EXPECT_THAT(no_misc.Report(), ::testing::Not(::testing::HasSubstr("MISC")));
}

}  // namespace
}  // namespace wirelens::stages::entities
