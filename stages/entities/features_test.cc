#include "stages/entities/features.h"

#include <string>
#include <string_view>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "stages/entities/clusters.h"
#include "stages/entities/features_text.h"
#include "stages/entities/gazetteer.h"

namespace wirelens::stages::entities {
namespace {

using ::testing::ElementsAre;

TEST(FeaturesTextTest, CasePatterns) {
  EXPECT_EQ(GetCasePattern("table"), CasePattern::kLower);
  EXPECT_EQ(GetCasePattern("Paris"), CasePattern::kTitle);
  EXPECT_EQ(GetCasePattern("NATO"), CasePattern::kUpper);
  EXPECT_EQ(GetCasePattern("U.S."), CasePattern::kUpper);
  EXPECT_EQ(GetCasePattern("McDonald"), CasePattern::kMixed);
  EXPECT_EQ(GetCasePattern("1996"), CasePattern::kNone);
  EXPECT_EQ(GetCasePattern("Ärzte"), CasePattern::kTitle);
}

TEST(FeaturesTextTest, FoldApplyAndShapes) {
  std::string out;
  FoldCase("GERMANY Ärzte", &out);
  EXPECT_EQ(out, "germany ärzte");
  ApplyCasePattern("GERMANY", CasePattern::kTitle, &out);
  EXPECT_EQ(out, "Germany");
  ApplyCasePattern("nato", CasePattern::kUpper, &out);
  EXPECT_EQ(out, "NATO");
  NormalizeDigits("1996-08-22", &out);
  EXPECT_EQ(out, "0000-00-00");
  WordShape("U.S.", false, 12, &out);
  EXPECT_EQ(out, "X.X.");
  WordShape("Paris", true, 12, &out);
  EXPECT_EQ(out, "Xx");
  WordShape("1996-08-22", true, 12, &out);
  EXPECT_EQ(out, "d-d-d");
  EXPECT_TRUE(IsPunctuation(","));
  EXPECT_FALSE(IsPunctuation("a,"));
}

TEST(TokenizeRawLineTest, SplitsLikeConll) {
  std::vector<std::string_view> tokens;
  std::vector<bool> starts;
  TokenizeRawLine("The U.S. (Reuters) said it wasn't Japan's \"fault\". Then more.", &tokens,
                  &starts);
  EXPECT_THAT(tokens, ElementsAre("The", "U.S.", "(", "Reuters", ")", "said", "it", "was", "n't",
                                  "Japan", "'s", "\"", "fault", "\"", ".", "Then", "more", "."));
  EXPECT_TRUE(starts[0]);
  EXPECT_FALSE(starts[1]);
  EXPECT_TRUE(starts[15]);  // "Then" follows "."
}

// A lexicon learned from a few lines of text written here.
Lexicon TinyLexicon() {
  LexiconOptions options;
  options.vocabulary = 100;
  options.min_count = 1;
  options.levels = {2, 4};
  options.iterations = 3;
  options.threads = 1;
  LexiconBuilder builder(options);
  for (int i = 0; i < 5; ++i) {
    builder.AddLine("The talks in Germany and France ended on Monday in Berlin.");
    builder.AddLine("Officials from Germany met leaders of France on Tuesday in Paris.");
    builder.AddLine("He said the win was a good result for the team.");
  }
  auto lexicon = builder.Build(nullptr);
  EXPECT_TRUE(lexicon.ok()) << lexicon.status();
  return *std::move(lexicon);
}

TEST(LexiconTest, CaseStatisticsAndRoundTrip) {
  const Lexicon lexicon = TinyLexicon();
  const LexiconEntry* germany = lexicon.Find(KeyForLower("germany"));
  ASSERT_NE(germany, nullptr);
  EXPECT_EQ(germany->dominant_case, CasePattern::kTitle);
  EXPECT_EQ(germany->cap, CapBucket::kAlways);
  const LexiconEntry* said = lexicon.Find(KeyForLower("said"));
  ASSERT_NE(said, nullptr);
  EXPECT_EQ(said->cap, CapBucket::kNever);
  const LexiconEntry* form = lexicon.Find(KeyForForm("Germany"));
  ASSERT_NE(form, nullptr);
  EXPECT_LT(form->clusters[1], 4);
  EXPECT_EQ(lexicon.Find(KeyForForm("Atlantis")), nullptr);

  auto copy = Lexicon::FromPayload(lexicon.Serialize());
  ASSERT_TRUE(copy.ok()) << copy.status();
  EXPECT_EQ(copy->size(), lexicon.size());
  EXPECT_EQ(copy->levels(), lexicon.levels());
  ASSERT_NE(copy->Find(KeyForForm("Germany")), nullptr);
  EXPECT_EQ(copy->Find(KeyForForm("Germany"))->clusters[1], form->clusters[1]);
  std::string broken = lexicon.Serialize();
  broken.resize(broken.size() / 2);
  EXPECT_EQ(Lexicon::FromPayload(broken).status().code(), absl::StatusCode::kDataLoss);
}

TEST(LexiconTest, DeterministicAcrossThreadCounts) {
  LexiconOptions options;
  options.vocabulary = 100;
  options.min_count = 1;
  options.levels = {3, 5};
  options.iterations = 4;
  std::string bytes[2];
  for (int threads : {1, 2}) {
    options.threads = threads;
    LexiconBuilder builder(options);
    for (int i = 0; i < 4; ++i) {
      builder.AddLine("Stocks in Tokyo and London rose on Friday as the dollar fell.");
      builder.AddLine("Bonds in Paris and Madrid fell on Monday as the euro rose.");
    }
    auto lexicon = builder.Build(nullptr);
    ASSERT_TRUE(lexicon.ok()) << lexicon.status();
    bytes[threads - 1] = lexicon->Serialize();
  }
  EXPECT_EQ(bytes[0], bytes[1]);
}

TEST(GazetteerTest, MultiTokenMatchesWithPositions) {
  GazetteerBuilder builder;
  builder.Add("New York", kGazCity);
  builder.Add("York", kGazCity);
  builder.Add("United States of America", kGazCountry);
  builder.Add("John", kGazFirstName);
  auto gazetteer = Gazetteer::FromPayload(builder.Build().Serialize());
  ASSERT_TRUE(gazetteer.ok()) << gazetteer.status();
  EXPECT_EQ(gazetteer->phrases(), 4u);
  std::vector<uint64_t> keys;
  for (std::string_view w : {"john", "left", "new", "york", "for", "the", "united", "states",
                             "of", "america"}) {
    keys.push_back(KeyForLower(w));
  }
  std::vector<GazetteerBits> bits;
  gazetteer->Match(keys, &bits);
  auto bit = [](GazetteerList list, int position) { return 1u << (4 * list + position); };
  EXPECT_EQ(bits[0], bit(kGazFirstName, 3));
  EXPECT_EQ(bits[1], 0u);
  EXPECT_EQ(bits[2], bit(kGazCity, 0));
  EXPECT_EQ(bits[3], bit(kGazCity, 2) | bit(kGazCity, 3));  // end of "New York", and "York"
  EXPECT_EQ(bits[5], 0u);  // "the" is not part of the phrase
  EXPECT_EQ(bits[6], bit(kGazCountry, 0));
  EXPECT_EQ(bits[7], bit(kGazCountry, 1));
  EXPECT_EQ(bits[9], bit(kGazCountry, 2));
}

TEST(FeatureExtractorTest, LocalFeaturesAreDeterministicAndContextual) {
  const Lexicon lexicon = TinyLexicon();
  const Gazetteer gazetteer;
  const FeatureExtractor extractor(&lexicon, &gazetteer);
  const std::vector<std::string_view> a = {"Talks", "in", "Germany", "ended", "."};
  const std::vector<std::string_view> b = {"Talks", "in", "Germany", "began", "."};
  FeatureScratch s1, s2;
  extractor.PrepareDocument({NerSentence{a, false}}, &s1);
  extractor.LocalFeatures(&s1);
  extractor.PrepareDocument({NerSentence{b, false}}, &s2);
  extractor.LocalFeatures(&s2);
  ASSERT_EQ(s1.key_begin.size(), 6u);
  // Token 0 sees "ended"/"began" only at distance 3: identical features.
  std::vector<uint64_t> t0a(s1.keys.begin() + s1.key_begin[0], s1.keys.begin() + s1.key_begin[1]);
  std::vector<uint64_t> t0b(s2.keys.begin() + s2.key_begin[0], s2.keys.begin() + s2.key_begin[1]);
  EXPECT_EQ(t0a, t0b);
  // Token 2 sees its right neighbour: features differ.
  std::vector<uint64_t> t2a(s1.keys.begin() + s1.key_begin[2], s1.keys.begin() + s1.key_begin[3]);
  std::vector<uint64_t> t2b(s2.keys.begin() + s2.key_begin[2], s2.keys.begin() + s2.key_begin[3]);
  EXPECT_NE(t2a, t2b);
  EXPECT_GT(t2a.size(), 20u);
  EXPECT_TRUE(s1.facts[0].sentence_initial);
  EXPECT_NE(s1.facts[2].clusters[0], kNoCluster);  // "Germany" is in the lexicon
}

TEST(FeatureExtractorTest, UnreliableCaseRestoresUsualCase) {
  const Lexicon lexicon = TinyLexicon();
  const Gazetteer gazetteer;
  const FeatureExtractor extractor(&lexicon, &gazetteer);
  const std::vector<std::string_view> headline = {"GERMANY", "SAID", "WIN"};
  const std::vector<std::string_view> body = {"Germany", "said", "win"};
  FeatureScratch s;
  extractor.PrepareDocument({NerSentence{headline, true}, NerSentence{body, false}}, &s);
  ASSERT_EQ(s.facts.size(), 6u);
  EXPECT_EQ(s.facts[0].form, s.facts[3].form);  // GERMANY -> Germany
  EXPECT_EQ(s.facts[1].form, s.facts[4].form);  // SAID -> said
  EXPECT_EQ(s.facts[0].pattern, CasePattern::kTitle);
  EXPECT_EQ(s.facts[1].pattern, CasePattern::kLower);
  EXPECT_TRUE(s.facts[0].unreliable);
  // Document case evidence: "win" is seen lowercase mid-sentence in the body.
  EXPECT_EQ(s.facts[2].doc_case & 2, 2);
}

TEST(FeatureExtractorTest, LooksCaseUnreliable) {
  const std::vector<std::string_view> caps = {"SOCCER", "-", "JAPAN", "GET", "LUCKY", "WIN"};
  const std::vector<std::string_view> title = {"Storm", "Closes", "Schools", "Across", "North"};
  const std::vector<std::string_view> normal = {"The", "EU", "rejects", "German", "call", "."};
  EXPECT_TRUE(LooksCaseUnreliable(caps));
  EXPECT_TRUE(LooksCaseUnreliable(title));
  EXPECT_FALSE(LooksCaseUnreliable(normal));
}

TEST(FeatureExtractorTest, DocumentFeaturesComeFromOtherOccurrences) {
  const Lexicon lexicon;
  const Gazetteer gazetteer;
  const FeatureExtractor extractor(&lexicon, &gazetteer);
  const std::vector<std::string_view> s1 = {"Clinton", "spoke", "."};
  const std::vector<std::string_view> s2 = {"Bill", "Clinton", "left", "."};
  FeatureScratch s;
  extractor.PrepareDocument({NerSentence{s1, false}, NerSentence{s2, false}}, &s);
  // First pass: O for the first "Clinton", I-PER for the second.
  const std::vector<uint8_t> labels = {0, 0, 0, 1, 2, 0, 0};
  extractor.DocumentFeatures(labels, &s);
  ASSERT_EQ(s.doc_key_begin.size(), 8u);
  EXPECT_GT(s.doc_key_begin[1] - s.doc_key_begin[0], 0u);  // Clinton (1st) sees a PER vote
  EXPECT_EQ(s.doc_key_begin[2] - s.doc_key_begin[1], 0u);  // lowercase: no document features
  EXPECT_EQ(s.doc_key_begin[4] - s.doc_key_begin[3], 0u);  // "Bill" occurs once
  // The two Clintons see different votes (PER vs O), so different keys.
  std::vector<uint64_t> first(s.doc_keys.begin() + s.doc_key_begin[0],
                              s.doc_keys.begin() + s.doc_key_begin[1]);
  std::vector<uint64_t> second(s.doc_keys.begin() + s.doc_key_begin[4],
                               s.doc_keys.begin() + s.doc_key_begin[5]);
  EXPECT_NE(first, second);
}

}  // namespace
}  // namespace wirelens::stages::entities
