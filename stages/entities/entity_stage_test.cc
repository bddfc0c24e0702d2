// Tests of the "entities" stage through its public factory, with the
// committed model (found through WIRELENS_MODEL_DIR, set by wirelens_test).
#include "stages/entities/entity_stage.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pipeline/chain.h"
#include "pipeline/registry.h"
#include "pipeline/text.h"
#include "stages/entities/ner_model.h"

namespace wirelens::stages::entities {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// A news report written for this test: a summit with presidents, ministers,
// an alliance introduced with its acronym, cities and countries.
constexpr char kSummitHeadline[] = "Tokayev hosts security summit in Astana";
constexpr char kSummitBody[] =
    "Kazakh President Kassym-Jomart Tokayev welcomed leaders of the Collective Security "
    "Treaty Organization (CSTO) to Astana on Thursday for a two-day summit. Armenian Prime "
    "Minister Nikol Pashinyan stayed away, his office in Yerevan said, while Belarusian "
    "President Alexander Lukashenko arrived from Minsk late on Wednesday.\n\n"
    "Tokayev told delegates that the CSTO had to adapt to new threats along its southern "
    "borders. Lukashenko's spokeswoman said he would meet Tokayev and Russian Foreign "
    "Minister Sergei Lavrov after the closing session in Astana.\n\n"
    "Lavrov is expected to fly on to Beijing on Friday for talks with Chinese officials, "
    "the Russian Foreign Ministry said. Pashinyan has accused the alliance of failing "
    "Armenia during its conflict with Azerbaijan.";

pipeline::StageConfig DefaultConfig() {
  pipeline::StageConfig config;
  config.model_root = pipeline::ResolveModelRoot("");
  return config;
}

class EntityStageTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<pipeline::Stage>> stage = CreateEntityStage(DefaultConfig());
    ASSERT_TRUE(stage.ok()) << stage.status();
    stage_ = stage->release();
  }
  static void TearDownTestSuite() {
    delete stage_;
    stage_ = nullptr;
  }

  // Runs the stage; `language` is left unset when empty.
  v1::Enrichment Run(const std::string& headline, const std::string& body,
                     const std::string& language = "", std::string* skipped = nullptr) {
    v1::Enrichment enrichment;
    enrichment.set_headline(headline);
    enrichment.set_body(body);
    if (!language.empty()) enrichment.mutable_language()->set_code(language);
    if (scratch_ == nullptr) scratch_ = stage_->NewScratch();
    pipeline::StageContext ctx{enrichment, scratch_.get()};
    const absl::Status status = stage_->Process(ctx);
    EXPECT_TRUE(status.ok()) << status;
    if (skipped != nullptr) *skipped = ctx.skipped;
    return enrichment;
  }

  static const v1::Entity* FindEntity(const v1::Enrichment& e, std::string_view canonical) {
    for (const v1::Entity& entity : e.entities()) {
      if (entity.canonical_name() == canonical) return &entity;
    }
    return nullptr;
  }

  // Canonical names of the entities of one type.
  static std::vector<std::string> NamesOfType(const v1::Enrichment& e, v1::EntityType type) {
    std::vector<std::string> names;
    for (const v1::Entity& entity : e.entities()) {
      if (entity.type() == type) names.push_back(entity.canonical_name());
    }
    return names;
  }

  // Checks every invariant of the output that does not depend on the model.
  static void ExpectWellFormed(const v1::Enrichment& e) {
    float previous_salience = 2.0f;
    for (const v1::Entity& entity : e.entities()) {
      EXPECT_NE(entity.type(), v1::ENTITY_TYPE_UNSPECIFIED);
      EXPECT_FALSE(entity.canonical_name().empty());
      EXPECT_EQ(entity.mention_count(), static_cast<uint32_t>(entity.mentions_size()));
      EXPECT_GT(entity.mentions_size(), 0);
      EXPECT_GE(entity.salience(), 0.0f);
      EXPECT_LE(entity.salience(), 1.0f);
      EXPECT_LE(entity.salience(), previous_salience) << "not sorted by salience";
      previous_salience = entity.salience();
      EXPECT_GE(entity.confidence(), 0.0f);
      EXPECT_LE(entity.confidence(), 1.0f);
      EXPECT_THAT(entity.aliases(), Not(Contains(entity.canonical_name())));
      for (const v1::Mention& m : entity.mentions()) {
        const v1::Span& span = m.span();
        const std::string& field =
            span.field() == v1::TEXT_FIELD_HEADLINE ? e.headline() : e.body();
        ASSERT_TRUE(span.field() == v1::TEXT_FIELD_HEADLINE || span.field() == v1::TEXT_FIELD_BODY);
        ASSERT_LE(span.byte_begin(), span.byte_end());
        ASSERT_LE(span.byte_end(), field.size());
        EXPECT_EQ(m.text(), field.substr(span.byte_begin(), span.byte_end() - span.byte_begin()));
        EXPECT_FALSE(m.text().ends_with("'s")) << m.text();
        EXPECT_FALSE(m.text().ends_with("\u2019s")) << m.text();
        // Code-point and UTF-16 offsets agree with the bytes.
        const std::string_view before(field.data(), span.byte_begin());
        const std::string_view inside(field.data() + span.byte_begin(),
                                      span.byte_end() - span.byte_begin());
        EXPECT_EQ(span.cp_begin(), pipeline::CodePointCount(before));
        EXPECT_EQ(span.cp_end() - span.cp_begin(), pipeline::CodePointCount(inside));
        EXPECT_EQ(span.utf16_begin(), Utf16Length(before));
        EXPECT_EQ(span.utf16_end() - span.utf16_begin(), Utf16Length(inside));
        EXPECT_GE(m.confidence(), 0.0f);
        EXPECT_LE(m.confidence(), 1.0f);
      }
    }
  }

  static size_t Utf16Length(std::string_view s) {
    size_t units = 0, pos = 0;
    while (pos < s.size()) units += pipeline::DecodeUtf8(s, &pos) >= 0x10000 ? 2 : 1;
    return units;
  }

  static pipeline::Stage* stage_;
  std::unique_ptr<pipeline::StageScratch> scratch_;
};

pipeline::Stage* EntityStageTest::stage_ = nullptr;

TEST_F(EntityStageTest, Identity) {
  EXPECT_EQ(stage_->name(), "entities");
  EXPECT_EQ(stage_->output_field(), "entities");
  absl::StatusOr<std::unique_ptr<NerModel>> model =
      NerModel::Load(DefaultConfig().model_root + "/" + std::string(kNerModelPath));
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(stage_->model().name, (*model)->name());
  EXPECT_EQ(stage_->model().version, (*model)->version());
  EXPECT_FALSE(stage_->model().name.empty());
  EXPECT_FALSE(stage_->model().version.empty());
}

TEST(EntityStageFactoryTest, RejectsBadOptions) {
  pipeline::StageConfig config = DefaultConfig();
  config.options["threshold"] = "0.5";
  absl::StatusOr<std::unique_ptr<pipeline::Stage>> stage = CreateEntityStage(config);
  EXPECT_EQ(stage.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(stage.status().message()), HasSubstr("threshold"));

  config.options.clear();
  config.options["model"] = "";
  EXPECT_EQ(CreateEntityStage(config).status().code(), absl::StatusCode::kInvalidArgument);

  config.options["model"] = "/nonexistent/ner.wlm";
  stage = CreateEntityStage(config);
  EXPECT_EQ(stage.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(stage.status().message()), HasSubstr("/nonexistent/ner.wlm"));

  // The option names the committed model explicitly.
  config.options["model"] = DefaultConfig().model_root + "/" + std::string(kNerModelPath);
  EXPECT_TRUE(CreateEntityStage(config).ok());
}

TEST_F(EntityStageTest, FindsPeopleOrganisationsAndPlacesOfASummitReport) {
  const v1::Enrichment e = Run(kSummitHeadline, kSummitBody);
  ExpectWellFormed(e);

  const std::vector<std::string> people = NamesOfType(e, v1::ENTITY_TYPE_PERSON);
  EXPECT_THAT(people, Contains("Kassym-Jomart Tokayev"));
  EXPECT_THAT(people, Contains("Nikol Pashinyan"));
  EXPECT_THAT(people, Contains("Alexander Lukashenko"));
  EXPECT_THAT(people, Contains("Sergei Lavrov"));
  // Short names are grouped under the full name, never left on their own.
  EXPECT_THAT(people, Not(Contains("Tokayev")));
  EXPECT_THAT(people, Not(Contains("Lukashenko")));
  EXPECT_THAT(people, Not(Contains("Lavrov")));
  EXPECT_THAT(people, Not(Contains("Pashinyan")));

  const std::vector<std::string> places = NamesOfType(e, v1::ENTITY_TYPE_LOCATION);
  for (const char* place : {"Astana", "Yerevan", "Minsk", "Beijing", "Armenia", "Azerbaijan"}) {
    EXPECT_THAT(places, Contains(place));
  }

  // The alliance: long form and acronym are one organisation.
  const v1::Entity* csto = FindEntity(e, "Collective Security Treaty Organization");
  ASSERT_NE(csto, nullptr);
  EXPECT_EQ(csto->type(), v1::ENTITY_TYPE_ORGANIZATION);
  EXPECT_THAT(csto->aliases(), Contains("CSTO"));
  EXPECT_EQ(csto->mention_count(), 3u);
  EXPECT_EQ(FindEntity(e, "CSTO"), nullptr);

  // Tokayev: the headline, the full name and two short mentions.
  const v1::Entity* tokayev = FindEntity(e, "Kassym-Jomart Tokayev");
  ASSERT_NE(tokayev, nullptr);
  EXPECT_EQ(tokayev->mention_count(), 4u);
  EXPECT_EQ(tokayev->mentions(0).span().field(), v1::TEXT_FIELD_HEADLINE);
  EXPECT_EQ(tokayev->mentions(0).text(), "Tokayev");
  EXPECT_THAT(tokayev->aliases(), Contains("Tokayev"));

  // "Lukashenko's" is a mention of Lukashenko without the possessive.
  const v1::Entity* lukashenko = FindEntity(e, "Alexander Lukashenko");
  ASSERT_NE(lukashenko, nullptr);
  EXPECT_EQ(lukashenko->mention_count(), 2u);
  EXPECT_EQ(lukashenko->mentions(1).text(), "Lukashenko");
  const size_t possessive = std::string_view(kSummitBody).find("Lukashenko's");
  EXPECT_EQ(lukashenko->mentions(1).span().byte_begin(), possessive);

  // The host, in the headline and mentioned four times, leads the ranking.
  ASSERT_GT(e.entities_size(), 0);
  EXPECT_EQ(e.entities(0).canonical_name(), "Kassym-Jomart Tokayev");
  const v1::Entity* beijing = FindEntity(e, "Beijing");
  ASSERT_NE(beijing, nullptr);
  EXPECT_GT(tokayev->salience(), beijing->salience());
}

TEST_F(EntityStageTest, TitleCaseHeadlineDoesNotTurnEveryCapitalizedWordIntoAnEntity) {
  const std::string body =
      "Belarusian President Alexander Lukashenko said on Monday that talks with the "
      "opposition in Minsk would resume next week, according to state media.";
  for (const std::string headline : {"Lukashenko Says Minsk Talks Will Resume Next Week",
                                     "LUKASHENKO SAYS MINSK TALKS WILL RESUME NEXT WEEK"}) {
    SCOPED_TRACE(headline);
    const v1::Enrichment e = Run(headline, body);
    ExpectWellFormed(e);
    for (const v1::Entity& entity : e.entities()) {
      bool in_body = false;
      for (const v1::Mention& m : entity.mentions()) {
        in_body |= m.span().field() == v1::TEXT_FIELD_BODY;
      }
      // Headline-only entities need a very confident model.
      if (!in_body) {
        EXPECT_GE(entity.mentions(0).confidence(), 0.9f) << entity.canonical_name();
      }
      for (const char* word : {"Says", "Talks", "Resume", "Next Week", "Week", "SAYS", "TALKS"}) {
        EXPECT_NE(entity.canonical_name(), word);
      }
    }
    // A headline name confirmed by the body joins the body's entity.
    const v1::Entity* lukashenko = FindEntity(e, "Alexander Lukashenko");
    ASSERT_NE(lukashenko, nullptr);
    EXPECT_EQ(lukashenko->type(), v1::ENTITY_TYPE_PERSON);
  }
}

TEST_F(EntityStageTest, SkipsOtherLanguagesButRunsWithoutALanguage) {
  std::string skipped;
  v1::Enrichment e = Run("Lukaschenko empfängt Tokajew",
                         "Der belarussische Präsident Alexander Lukaschenko hat am Montag in "
                         "Minsk den kasachischen Präsidenten empfangen.",
                         "de", &skipped);
  EXPECT_EQ(skipped, "no model for de");
  EXPECT_THAT(e.entities(), IsEmpty());

  e = Run(kSummitHeadline, kSummitBody, "en", &skipped);
  EXPECT_THAT(skipped, IsEmpty());
  EXPECT_GT(e.entities_size(), 5);

  e = Run(kSummitHeadline, kSummitBody, "", &skipped);
  EXPECT_THAT(skipped, IsEmpty());
  EXPECT_GT(e.entities_size(), 5);
}

TEST_F(EntityStageTest, SpansAreExactInMultiByteText) {
  // Curly quotes, accented names, a Cyrillic aside, an emoji and a CJK name:
  // byte, code-point and UTF-16 offsets all differ after each of them.
  const std::string headline = "Zürich talks: “Ukraine” on the agenda 🇺🇦";
  const std::string body =
      "Swiss Foreign Minister Ignazio Cassis opened the talks in Zürich on Monday. "
      "“We are here to listen,” Cassis said 😀. Ukrainian President Volodymyr Zelenskyy "
      "(Володимир Зеленський) joined by video from Kyiv, and José Manuel Albares of Spain "
      "spoke after Zelenskyy’s address. Japan’s envoy, 田中 Tanaka, arrived from Tokyo.";
  const v1::Enrichment e = Run(headline, body);
  ExpectWellFormed(e);
  const v1::Entity* zelenskyy = FindEntity(e, "Volodymyr Zelenskyy");
  ASSERT_NE(zelenskyy, nullptr);
  ASSERT_EQ(zelenskyy->mention_count(), 2u);
  EXPECT_EQ(zelenskyy->mentions(1).text(), "Zelenskyy");
  const v1::Entity* zurich = FindEntity(e, "Zürich");
  ASSERT_NE(zurich, nullptr);
  EXPECT_EQ(zurich->type(), v1::ENTITY_TYPE_LOCATION);
  EXPECT_EQ(zurich->mentions(0).span().byte_end(), std::string_view("Zürich").size());
  EXPECT_EQ(zurich->mentions(0).span().cp_end(), 6u);
  EXPECT_THAT(NamesOfType(e, v1::ENTITY_TYPE_PERSON), Contains("Ignazio Cassis"));
  EXPECT_THAT(NamesOfType(e, v1::ENTITY_TYPE_LOCATION), Contains("Tokyo"));
}

TEST_F(EntityStageTest, IsDeterministicWithAndWithoutScratch) {
  const v1::Enrichment a = Run(kSummitHeadline, kSummitBody);
  const v1::Enrichment b = Run(kSummitHeadline, kSummitBody);
  EXPECT_EQ(a.SerializeAsString(), b.SerializeAsString());

  v1::Enrichment c;
  c.set_headline(kSummitHeadline);
  c.set_body(kSummitBody);
  pipeline::StageContext ctx{c, nullptr};
  ASSERT_TRUE(stage_->Process(ctx).ok());
  EXPECT_EQ(a.SerializeAsString(), c.SerializeAsString());
}

TEST_F(EntityStageTest, ReplacesAnEarlierResult) {
  v1::Enrichment e;
  e.set_body("Nothing to see here.");
  v1::Entity* stale = e.add_entities();
  stale->set_canonical_name("Stale");
  pipeline::StageContext ctx{e, nullptr};
  ASSERT_TRUE(stage_->Process(ctx).ok());
  for (const v1::Entity& entity : e.entities()) EXPECT_NE(entity.canonical_name(), "Stale");
}

TEST(EntityStageChainTest, RunsAfterTheLanguageStageAndSkipsOtherLanguages) {
  pipeline::StageRegistry registry;
  pipeline::RegisterBuiltinStages(registry);
  const std::vector<std::string> names = registry.Names();
  const auto language = std::find(names.begin(), names.end(), "language");
  const auto entities = std::find(names.begin(), names.end(), "entities");
  ASSERT_NE(entities, names.end());
  ASSERT_LT(language, entities);

  absl::StatusOr<std::unique_ptr<pipeline::Chain>> chain =
      pipeline::Chain::Create(registry, {"language", "entities"}, DefaultConfig());
  ASSERT_TRUE(chain.ok()) << chain.status();
  pipeline::ChainScratch scratch = (*chain)->NewScratch();

  v1::Enrichment english;
  english.set_headline(kSummitHeadline);
  english.set_body(kSummitBody);
  ASSERT_TRUE((*chain)->Run(english, scratch).status.ok());
  EXPECT_EQ(english.language().code(), "en");
  EXPECT_GT(english.entities_size(), 5);
  ASSERT_EQ(english.provenance_size(), 2);
  EXPECT_EQ(english.provenance(1).stage(), "entities");
  EXPECT_THAT(english.provenance(1).skipped(), IsEmpty());

  v1::Enrichment french;
  french.set_headline("Sommet de sécurité à Astana");
  french.set_body(
      "Le président kazakh a accueilli jeudi à Astana les dirigeants de l'Organisation du "
      "traité de sécurité collective pour un sommet de deux jours.");
  ASSERT_TRUE((*chain)->Run(french, scratch).status.ok());
  EXPECT_EQ(french.language().code(), "fr");
  EXPECT_THAT(french.entities(), IsEmpty());
  ASSERT_EQ(french.provenance_size(), 2);
  EXPECT_EQ(french.provenance(1).skipped(), "no model for fr");
}

}  // namespace
}  // namespace wirelens::stages::entities
