// Tests of in-document entity resolution on handcrafted mention lists,
// independent of the recognizer.
#include "stages/entities/resolution.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wirelens::stages::entities {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

constexpr v1::EntityType kPer = v1::ENTITY_TYPE_PERSON;
constexpr v1::EntityType kOrg = v1::ENTITY_TYPE_ORGANIZATION;
constexpr v1::EntityType kLoc = v1::ENTITY_TYPE_LOCATION;
constexpr v1::EntityType kMisc = v1::ENTITY_TYPE_MISC;
constexpr v1::TextField kHeadline = v1::TEXT_FIELD_HEADLINE;
constexpr v1::TextField kBody = v1::TEXT_FIELD_BODY;

// Builds a document and its mentions by naming the mentioned text.
class Article {
 public:
  Article(std::string headline, std::string body, bool unreliable_headline = false)
      : headline_(std::move(headline)), body_(std::move(body)) {
    doc_.headline = headline_;
    doc_.body = body_;
    doc_.headline_unreliable_case = unreliable_headline;
  }

  // Adds a mention of the `nth` occurrence of `text` in `field`.
  Article& Add(v1::TextField field, std::string_view text, v1::EntityType type,
               float confidence = 0.9f, int nth = 0) {
    const std::string& s = field == kHeadline ? headline_ : body_;
    size_t pos = s.find(text);
    for (int i = 0; i < nth && pos != std::string::npos; ++i) pos = s.find(text, pos + 1);
    EXPECT_NE(pos, std::string::npos) << text;
    mentions_.push_back({field, static_cast<uint32_t>(pos),
                         static_cast<uint32_t>(pos + text.size()), type, confidence});
    return *this;
  }

  std::vector<ResolvedEntity> Resolve(ResolverOptions options = {}) const {
    MentionResolver resolver(options);
    ResolverScratch scratch;
    std::vector<ResolvedEntity> out;
    resolver.Resolve(doc_, mentions_, &scratch, &out);
    return out;
  }

  std::string Text(const ResolvedMention& m) const {
    const std::string& s = m.field == kHeadline ? headline_ : body_;
    return s.substr(m.begin, m.end - m.begin);
  }
  std::vector<std::string> Texts(const ResolvedEntity& e) const {
    std::vector<std::string> texts;
    for (const ResolvedMention& m : e.mentions) texts.push_back(Text(m));
    return texts;
  }

  std::vector<MentionInput>& mentions() { return mentions_; }
  const ResolverDocument& doc() const { return doc_; }

 private:
  std::string headline_, body_;
  ResolverDocument doc_;
  std::vector<MentionInput> mentions_;
};

const ResolvedEntity* Find(const std::vector<ResolvedEntity>& entities, std::string_view name) {
  for (const ResolvedEntity& e : entities) {
    if (e.canonical_name == name) return &e;
  }
  return nullptr;
}

std::vector<std::string> Names(const std::vector<ResolvedEntity>& entities) {
  std::vector<std::string> names;
  for (const ResolvedEntity& e : entities) names.push_back(e.canonical_name);
  return names;
}

TEST(TrimMentionTest, StripsPunctuationQuotesAndPossessives) {
  auto trim = [](std::string_view text) {
    uint32_t b = 0, e = static_cast<uint32_t>(text.size());
    TrimMention(text, &b, &e);
    return std::string(text.substr(b, e - b));
  };
  EXPECT_EQ(trim("Putin's"), "Putin");
  EXPECT_EQ(trim("PUTIN'S"), "PUTIN");
  EXPECT_EQ(trim("Putin\u2019s"), "Putin");
  EXPECT_EQ(trim("the Philippines'"), "the Philippines");
  EXPECT_EQ(trim("\u201CZelenskyy\u201D,"), "Zelenskyy");
  EXPECT_EQ(trim("(CSTO)"), "CSTO");
  EXPECT_EQ(trim("\u00ABLe Monde\u00BB"), "Le Monde");
  EXPECT_EQ(trim(" U.S. "), "U.S.");
  EXPECT_EQ(trim("'s"), "");
  EXPECT_EQ(trim("\"\""), "");
  // Offsets beyond the text are clamped.
  uint32_t b = 3, e = 99;
  TrimMention("abc", &b, &e);
  EXPECT_EQ(b, 3u);
  EXPECT_EQ(e, 3u);
}

TEST(IsAcronymLikeTest, RecognizesAcronyms) {
  EXPECT_TRUE(IsAcronymLike("NATO"));
  EXPECT_TRUE(IsAcronymLike("U.S."));
  EXPECT_TRUE(IsAcronymLike("AT&T"));
  EXPECT_TRUE(IsAcronymLike("BoE"));
  EXPECT_FALSE(IsAcronymLike("Nato"));
  EXPECT_FALSE(IsAcronymLike("A"));
  EXPECT_FALSE(IsAcronymLike("G7"));
  EXPECT_FALSE(IsAcronymLike("ABCDEFGHIJ"));
  EXPECT_FALSE(IsAcronymLike("ОДКБ"));
  EXPECT_FALSE(IsAcronymLike("New York"));
}

TEST(ResolutionTest, ShortPersonNamesJoinTheFullName) {
  Article a("Putin to meet Lukashenko",
            "Russian President Vladimir Putin will host Alexander Lukashenko in Sochi. "
            "Putin's spokesman said Lukashenko would arrive on Monday.");
  a.Add(kHeadline, "Putin", kPer)
      .Add(kHeadline, "Lukashenko", kPer)
      .Add(kBody, "Vladimir Putin", kPer)
      .Add(kBody, "Alexander Lukashenko", kPer)
      .Add(kBody, "Sochi", kLoc)
      .Add(kBody, "Putin's", kPer)
      .Add(kBody, "Lukashenko", kPer, 0.9f, 1);
  const std::vector<ResolvedEntity> entities = a.Resolve();
  EXPECT_THAT(Names(entities),
              UnorderedElementsAre("Vladimir Putin", "Alexander Lukashenko", "Sochi"));

  const ResolvedEntity* putin = Find(entities, "Vladimir Putin");
  ASSERT_NE(putin, nullptr);
  EXPECT_EQ(putin->type, kPer);
  // Text order, headline first; the possessive is not part of the mention.
  EXPECT_THAT(a.Texts(*putin), ElementsAre("Putin", "Vladimir Putin", "Putin"));
  EXPECT_EQ(putin->mentions[0].field, kHeadline);
  EXPECT_EQ(putin->mentions[2].field, kBody);
  EXPECT_THAT(putin->aliases, ElementsAre("Putin"));

  const ResolvedEntity* lukashenko = Find(entities, "Alexander Lukashenko");
  ASSERT_NE(lukashenko, nullptr);
  EXPECT_EQ(lukashenko->mentions.size(), 3u);
}

TEST(ResolutionTest, AmbiguousSurnameStaysApart) {
  Article a("", "John Smith and Jane Smith spoke. Smith later left.");
  a.Add(kBody, "John Smith", kPer)
      .Add(kBody, "Jane Smith", kPer)
      .Add(kBody, "Smith", kPer, 0.9f, 2);
  EXPECT_THAT(Names(a.Resolve()), UnorderedElementsAre("John Smith", "Jane Smith", "Smith"));
}

TEST(ResolutionTest, FirstNameJoinsWhenNoSurnameMatches) {
  Article a("", "Prime Minister Kaja Kallas arrived. Kaja then spoke to reporters.");
  a.Add(kBody, "Kaja Kallas", kPer).Add(kBody, "Kaja", kPer, 0.8f, 1);
  const auto entities = a.Resolve();
  ASSERT_EQ(entities.size(), 1u);
  EXPECT_EQ(entities[0].canonical_name, "Kaja Kallas");
  EXPECT_EQ(entities[0].mentions.size(), 2u);
}

TEST(ResolutionTest, MultiWordShortFormAndMiddleNames) {
  Article a("",
            "Luiz Inacio Lula da Silva met Vladimir Vladimirovich Putin. Lula da Silva and "
            "Vladimir Putin agreed.");
  a.Add(kBody, "Luiz Inacio Lula da Silva", kPer)
      .Add(kBody, "Vladimir Vladimirovich Putin", kPer)
      .Add(kBody, "Lula da Silva", kPer, 0.9f, 1)
      .Add(kBody, "Vladimir Putin", kPer);
  const auto entities = a.Resolve();
  EXPECT_THAT(Names(entities),
              UnorderedElementsAre("Luiz Inacio Lula da Silva", "Vladimir Vladimirovich Putin"));
}

TEST(ResolutionTest, ParentheticalAcronymLinksToItsLongForm) {
  Article a("",
            "Leaders of the Collective Security Treaty Organization (CSTO) met in Minsk. "
            "The CSTO said exercises would follow.");
  a.Add(kBody, "the Collective Security Treaty Organization", kOrg)
      .Add(kBody, "CSTO", kOrg)
      .Add(kBody, "Minsk", kLoc)
      .Add(kBody, "CSTO", kMisc, 0.6f, 1);
  const auto entities = a.Resolve();
  ASSERT_EQ(entities.size(), 2u);
  const ResolvedEntity* csto = Find(entities, "Collective Security Treaty Organization");
  ASSERT_NE(csto, nullptr);
  EXPECT_EQ(csto->type, kOrg);
  EXPECT_THAT(csto->aliases, ElementsAre("CSTO"));
  EXPECT_THAT(a.Texts(*csto),
              ElementsAre("the Collective Security Treaty Organization", "CSTO", "CSTO"));
}

TEST(ResolutionTest, LongFormInParenthesesAfterTheAcronym) {
  Article a("", "The ICRC (International Committee of the Red Cross) said so.");
  a.Add(kBody, "ICRC", kOrg).Add(kBody, "International Committee of the Red Cross", kOrg);
  const auto entities = a.Resolve();
  ASSERT_EQ(entities.size(), 1u);
  EXPECT_EQ(entities[0].canonical_name, "International Committee of the Red Cross");
  EXPECT_THAT(entities[0].aliases, ElementsAre("ICRC"));
}

TEST(ResolutionTest, AcronymMatchesInitialsSkippingFunctionWords) {
  Article a("",
            "The International Committee of the Red Cross sent a convoy. Later the ICRC "
            "and the ICC both issued statements, as did the Economic Community of West "
            "African States. ECOWAS leaders met.");
  a.Add(kBody, "International Committee of the Red Cross", kOrg)
      .Add(kBody, "ICRC", kOrg)
      .Add(kBody, "ICC", kOrg)
      .Add(kBody, "Economic Community of West African States", kOrg)
      .Add(kBody, "ECOWAS", kOrg, 0.8f);
  const auto entities = a.Resolve();
  EXPECT_THAT(Names(entities),
              UnorderedElementsAre("International Committee of the Red Cross", "ICC",
                                   "Economic Community of West African States"));
  EXPECT_THAT(Find(entities, "International Committee of the Red Cross")->aliases,
              ElementsAre("ICRC"));
  // ECOWAS spells every word, "of" included: the second reading of initials.
  EXPECT_THAT(Find(entities, "Economic Community of West African States")->aliases,
              ElementsAre("ECOWAS"));
}

TEST(ResolutionTest, WellKnownPairsFromTheBuiltInTable) {
  Article a("",
            "The United Nations and UNICEF, the United Nations Children\u2019s Fund agency "
            "name aside, said the U.N. would help. The United States and the US envoy "
            "agreed, as did the North Atlantic Treaty Organisation and NATO.");
  a.Add(kBody, "United Nations", kOrg)
      .Add(kBody, "UNICEF", kOrg)
      .Add(kBody, "United Nations Children\u2019s Fund", kOrg)
      .Add(kBody, "U.N.", kOrg)
      .Add(kBody, "United States", kLoc)
      .Add(kBody, "US", kLoc)
      .Add(kBody, "North Atlantic Treaty Organisation", kOrg)
      .Add(kBody, "NATO", kOrg);
  const auto entities = a.Resolve();
  EXPECT_THAT(Names(entities),
              UnorderedElementsAre("United Nations", "United Nations Children\u2019s Fund",
                                   "United States", "North Atlantic Treaty Organisation"));
  EXPECT_THAT(Find(entities, "United Nations")->aliases, ElementsAre("U.N."));
  EXPECT_THAT(Find(entities, "United Nations Children\u2019s Fund")->aliases,
              ElementsAre("UNICEF"));
  EXPECT_THAT(Find(entities, "United States")->aliases, ElementsAre("US"));
  EXPECT_THAT(Find(entities, "North Atlantic Treaty Organisation")->aliases, ElementsAre("NATO"));
}

TEST(ResolutionTest, CaseVariantsAreOneFormSpelledAsInTheBody) {
  Article a("REUTERS REPORTS", "Reuters said it would report.", /*unreliable_headline=*/true);
  a.Add(kHeadline, "REUTERS", kOrg).Add(kBody, "Reuters", kOrg);
  const auto entities = a.Resolve();
  ASSERT_EQ(entities.size(), 1u);
  EXPECT_EQ(entities[0].canonical_name, "Reuters");
  EXPECT_THAT(entities[0].aliases, IsEmpty());
  EXPECT_EQ(entities[0].mentions.size(), 2u);
}

TEST(ResolutionTest, AllCapsHeadlineAliasesBorrowTheBodySpelling) {
  Article a("LUKASHENKO HOSTS PUTIN IN MINSK",
            "Alexander Lukashenko welcomed Vladimir Putin to Minsk.", /*unreliable_headline=*/true);
  a.Add(kHeadline, "LUKASHENKO", kPer, 0.7f)
      .Add(kHeadline, "PUTIN", kPer, 0.7f)
      .Add(kHeadline, "MINSK", kLoc, 0.7f)
      .Add(kBody, "Alexander Lukashenko", kPer)
      .Add(kBody, "Vladimir Putin", kPer)
      .Add(kBody, "Minsk", kLoc);
  const auto entities = a.Resolve();
  EXPECT_THAT(Names(entities), ElementsAre("Alexander Lukashenko", "Vladimir Putin", "Minsk"));
  EXPECT_THAT(entities[0].aliases, ElementsAre("Lukashenko"));
  EXPECT_THAT(entities[1].aliases, ElementsAre("Putin"));
  EXPECT_THAT(entities[2].aliases, IsEmpty());
  EXPECT_THAT(a.Texts(entities[1]), ElementsAre("PUTIN", "Vladimir Putin"));
}

TEST(ResolutionTest, TypeConflictsAreSettledByWeightedMajority) {
  Article a("", "Jordan said Jordan would act. In Jordan, Jordan spoke.");
  a.Add(kBody, "Jordan", kLoc, 0.9f, 0)
      .Add(kBody, "Jordan", kLoc, 0.8f, 1)
      .Add(kBody, "Jordan", kLoc, 0.7f, 2)
      .Add(kBody, "Jordan", kPer, 0.95f, 3);
  const auto entities = a.Resolve();
  ASSERT_EQ(entities.size(), 1u);
  EXPECT_EQ(entities[0].type, kLoc);
  // Disagreement lowers the confidence below that of a unanimous entity.
  Article b("", "Jordan said Jordan would act. In Jordan, Jordan spoke.");
  for (int i = 0; i < 4; ++i) b.Add(kBody, "Jordan", kLoc, 0.85f, i);
  const auto unanimous = b.Resolve();
  ASSERT_EQ(unanimous.size(), 1u);
  EXPECT_LT(entities[0].confidence, unanimous[0].confidence);
  EXPECT_GT(unanimous[0].confidence, 0.85f);  // repetition adds support
  EXPECT_LE(unanimous[0].confidence, 1.0f);
}

TEST(ResolutionTest, TitleCaseHeadlineKeepsOnlyConfirmedOrConfidentMentions) {
  const std::string headline = "Putin Says Talks With Kyiv Will Go On";
  const std::string body = "Vladimir Putin said on Friday that negotiations would continue.";
  Article a(headline, body, /*unreliable_headline=*/true);
  a.Add(kHeadline, "Putin Says", kPer, 0.55f)  // a tagging slip in a title-case headline
      .Add(kHeadline, "Talks", kMisc, 0.5f)
      .Add(kHeadline, "Kyiv", kLoc, 0.95f)
      .Add(kBody, "Vladimir Putin", kPer);
  auto entities = a.Resolve();
  EXPECT_THAT(Names(entities), UnorderedElementsAre("Vladimir Putin", "Kyiv"));
  // "Putin Says" is not confirmed by the body: not linked, not kept.
  EXPECT_EQ(Find(entities, "Vladimir Putin")->mentions.size(), 1u);

  Article b(headline, body, /*unreliable_headline=*/true);
  b.Add(kHeadline, "Putin", kPer, 0.6f)
      .Add(kHeadline, "Talks", kMisc, 0.5f)
      .Add(kBody, "Vladimir Putin", kPer);
  entities = b.Resolve();
  ASSERT_THAT(Names(entities), ElementsAre("Vladimir Putin"));
  EXPECT_THAT(b.Texts(entities[0]), ElementsAre("Putin", "Vladimir Putin"));

  // The same mentions in a sentence-case headline are trusted.
  Article c(headline, body, /*unreliable_headline=*/false);
  c.Add(kHeadline, "Talks", kMisc, 0.5f).Add(kBody, "Vladimir Putin", kPer);
  EXPECT_THAT(Names(c.Resolve()), UnorderedElementsAre("Vladimir Putin", "Talks"));

  // The threshold is an option.
  ResolverOptions lenient;
  lenient.unconfirmed_headline_min_confidence = 0.4f;
  EXPECT_THAT(Names(b.Resolve(lenient)), UnorderedElementsAre("Vladimir Putin", "Talks"));
}

TEST(ResolutionTest, UnreliableHeadlineFormsAreNotLongFormsForFirstNames) {
  Article a("Putin Ally Wins Vote", "Putin congratulated him.", /*unreliable_headline=*/true);
  a.Add(kHeadline, "Putin Ally", kPer, 0.95f).Add(kBody, "Putin", kPer);
  const auto entities = a.Resolve();
  EXPECT_THAT(Names(entities), UnorderedElementsAre("Putin Ally", "Putin"));
}

TEST(ResolutionTest, SalienceRanksCentralEntitiesFirst) {
  Article a("Lukashenko hosts summit",
            "Alexander Lukashenko opened the summit in Minsk. Lukashenko spoke for an hour. "
            "Delegates from Armenia attended. Lukashenko closed the session. "
            "A statement was later issued in Astana.");
  a.Add(kHeadline, "Lukashenko", kPer)
      .Add(kBody, "Alexander Lukashenko", kPer)
      .Add(kBody, "Minsk", kLoc)
      .Add(kBody, "Lukashenko", kPer, 0.9f, 1)
      .Add(kBody, "Armenia", kLoc)
      .Add(kBody, "Lukashenko", kPer, 0.9f, 2)
      .Add(kBody, "Astana", kLoc);
  const auto entities = a.Resolve();
  EXPECT_THAT(Names(entities), ElementsAre("Alexander Lukashenko", "Minsk", "Armenia", "Astana"));
  for (const ResolvedEntity& e : entities) {
    EXPECT_GE(e.salience, 0.0f);
    EXPECT_LE(e.salience, 1.0f);
    EXPECT_GE(e.confidence, 0.0f);
    EXPECT_LE(e.confidence, 1.0f);
  }
  EXPECT_GT(entities[0].salience, 0.9f);
  EXPECT_LT(entities[3].salience, 0.3f);
}

TEST(ResolutionTest, EqualSalienceFallsBackToFirstPosition) {
  // Two mentions at the same spot cannot exist, but two entities with equal
  // features can: both in the headline only.
  Article a("Paris and Rome sign pact", "");
  a.Add(kHeadline, "Rome", kLoc).Add(kHeadline, "Paris", kLoc);
  const auto entities = a.Resolve();
  ASSERT_EQ(entities.size(), 2u);
  EXPECT_EQ(entities[0].salience, entities[1].salience);
  EXPECT_THAT(Names(entities), ElementsAre("Paris", "Rome"));
}

TEST(ResolutionTest, MultiByteTextKeepsExactOffsets) {
  const std::string body =
      "«Zelenskyy’s» envoy met José Álvarez in Zürich; “Álvarez” later flew to Kyïv.";
  Article a("", body);
  a.Add(kBody, "«Zelenskyy’s»", kPer)
      .Add(kBody, "José Álvarez", kPer)
      .Add(kBody, "Zürich", kLoc)
      .Add(kBody, "“Álvarez”", kPer)
      .Add(kBody, "Kyïv", kLoc);
  const auto entities = a.Resolve();
  EXPECT_THAT(Names(entities), UnorderedElementsAre("Zelenskyy", "José Álvarez", "Zürich", "Kyïv"));
  const ResolvedEntity* alvarez = Find(entities, "José Álvarez");
  ASSERT_NE(alvarez, nullptr);
  EXPECT_THAT(a.Texts(*alvarez), ElementsAre("José Álvarez", "Álvarez"));
  const ResolvedEntity* zelenskyy = Find(entities, "Zelenskyy");
  ASSERT_NE(zelenskyy, nullptr);
  EXPECT_EQ(a.Texts(*zelenskyy)[0], "Zelenskyy");
  EXPECT_EQ(zelenskyy->mentions[0].begin, std::string_view("«").size());
}

TEST(ResolutionTest, CaseFoldingCoversNonAsciiLetters) {
  Article a("ÁLVAREZ WINS", "Álvarez won.", /*unreliable_headline=*/true);
  a.Add(kHeadline, "ÁLVAREZ", kPer, 0.5f).Add(kBody, "Álvarez", kPer);
  const auto entities = a.Resolve();
  ASSERT_EQ(entities.size(), 1u);
  EXPECT_EQ(entities[0].mentions.size(), 2u);
  EXPECT_EQ(entities[0].canonical_name, "Álvarez");
}

TEST(ResolutionTest, DropsInvalidMentions) {
  Article a("Headline", "Body text here.");
  a.mentions().push_back({kBody, 5, 99, kPer, 0.9f});                        // past the end
  a.mentions().push_back({kBody, 3, 3, kPer, 0.9f});                         // empty
  a.mentions().push_back({kBody, 0, 4, v1::ENTITY_TYPE_UNSPECIFIED, 0.9f});  // no type
  a.mentions().push_back({v1::TEXT_FIELD_UNSPECIFIED, 0, 4, kPer, 0.9f});    // no field
  a.mentions().push_back({kBody, 14, 15, kPer, 0.9f});                       // only "."
  EXPECT_THAT(a.Resolve(), IsEmpty());
  a.Add(kBody, "Body", kMisc, 1.7f);  // confidence is clamped
  const auto entities = a.Resolve();
  ASSERT_EQ(entities.size(), 1u);
  EXPECT_EQ(entities[0].mentions[0].confidence, 1.0f);
}

TEST(ResolutionTest, OutputDoesNotDependOnInputOrderOrScratchReuse) {
  Article a("NATO chief in Vilnius",
            "Secretary General Mark Rutte of the North Atlantic Treaty Organization (NATO) "
            "visited Vilnius. Rutte met Lithuanian officials and NATO troops.");
  a.Add(kHeadline, "NATO", kOrg)
      .Add(kHeadline, "Vilnius", kLoc)
      .Add(kBody, "Mark Rutte", kPer)
      .Add(kBody, "North Atlantic Treaty Organization", kOrg)
      .Add(kBody, "NATO", kOrg)
      .Add(kBody, "Vilnius", kLoc)
      .Add(kBody, "Rutte", kPer)
      .Add(kBody, "Lithuanian", kMisc)
      .Add(kBody, "NATO", kOrg, 0.9f, 1);
  const auto expected = a.Resolve();
  ASSERT_EQ(expected.size(), 4u);
  EXPECT_EQ(expected[0].canonical_name, "North Atlantic Treaty Organization");

  MentionResolver resolver;
  ResolverScratch scratch;
  std::mt19937 rng(7);
  std::vector<MentionInput> shuffled = a.mentions();
  for (int round = 0; round < 20; ++round) {
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    std::vector<ResolvedEntity> out;
    resolver.Resolve(a.doc(), shuffled, &scratch, &out);
    ASSERT_EQ(out.size(), expected.size());
    for (size_t i = 0; i < out.size(); ++i) {
      EXPECT_EQ(out[i].canonical_name, expected[i].canonical_name);
      EXPECT_EQ(out[i].aliases, expected[i].aliases);
      EXPECT_EQ(out[i].salience, expected[i].salience);
      EXPECT_EQ(out[i].confidence, expected[i].confidence);
      ASSERT_EQ(out[i].mentions.size(), expected[i].mentions.size());
      for (size_t k = 0; k < out[i].mentions.size(); ++k) {
        EXPECT_EQ(out[i].mentions[k].begin, expected[i].mentions[k].begin);
      }
    }
  }
}

TEST(ResolutionTest, ManyDistinctPeopleInALongArticle) {
  // 3000 people, each named in full once and by surname twice.
  std::string body;
  std::vector<MentionInput> mentions;
  auto add = [&](const std::string& text) {
    mentions.push_back({kBody, static_cast<uint32_t>(body.size()),
                        static_cast<uint32_t>(body.size() + text.size()), kPer, 0.9f});
    body += text;
    body += " spoke. ";
  };
  auto surname = [](int i) {
    std::string s = "Q";
    for (int k = i; k > 0 || s.size() == 1; k /= 26) s.push_back(static_cast<char>('a' + k % 26));
    return s;
  };
  for (int i = 0; i < 3000; ++i) add("Anna " + surname(i));
  for (int i = 0; i < 3000; ++i) add(surname(i));
  for (int i = 2999; i >= 0; --i) add(surname(i) + "'s");
  ResolverDocument doc{"", body, false};
  MentionResolver resolver;
  ResolverScratch scratch;
  std::vector<ResolvedEntity> out;
  resolver.Resolve(doc, mentions, &scratch, &out);
  ASSERT_EQ(out.size(), 3000u);
  for (const ResolvedEntity& e : out) {
    EXPECT_EQ(e.mentions.size(), 3u);
    EXPECT_TRUE(e.canonical_name.starts_with("Anna "));
  }
}

}  // namespace
}  // namespace wirelens::stages::entities
