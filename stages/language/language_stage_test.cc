// Tests of the "language" stage through its public factory, with the
// committed model (found through WIRELENS_MODEL_DIR, set by wirelens_test).
#include "stages/language/language_stage.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pipeline/model_file.h"
#include "pipeline/registry.h"

namespace wirelens::stages::language {
namespace {

using ::testing::HasSubstr;

pipeline::StageConfig DefaultConfig() {
  pipeline::StageConfig config;
  config.model_root = pipeline::ResolveModelRoot("");
  return config;
}

class LanguageStageTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<pipeline::Stage>> stage = CreateLanguageStage(DefaultConfig());
    ASSERT_TRUE(stage.ok()) << stage.status();
    stage_ = stage->release();
  }
  static void TearDownTestSuite() {
    delete stage_;
    stage_ = nullptr;
  }

  v1::Language Run(const std::string& headline, const std::string& body) {
    v1::Enrichment enrichment;
    enrichment.set_headline(headline);
    enrichment.set_body(body);
    if (scratch_ == nullptr) scratch_ = stage_->NewScratch();
    pipeline::StageContext ctx{enrichment, scratch_.get()};
    const absl::Status status = stage_->Process(ctx);
    EXPECT_TRUE(status.ok()) << status;
    EXPECT_TRUE(ctx.skipped.empty());
    return enrichment.language();
  }
  std::string Code(const std::string& body) { return Run("", body).code(); }

  static pipeline::Stage* stage_;
  std::unique_ptr<pipeline::StageScratch> scratch_;
};

pipeline::Stage* LanguageStageTest::stage_ = nullptr;

TEST_F(LanguageStageTest, Identity) {
  EXPECT_EQ(stage_->name(), "language");
  EXPECT_EQ(stage_->output_field(), "language");
  EXPECT_EQ(stage_->model().name, "cld2-full+ngram");
  EXPECT_FALSE(stage_->model().version.empty());
}

TEST_F(LanguageStageTest, IdentifiesManyLanguages) {
  const std::pair<const char*, const char*> samples[] = {
      {"en", "The city council approved the new budget for schools on Tuesday evening."},
      {"de", "Der Stadtrat hat am Dienstagabend den neuen Haushalt für die Schulen beschlossen."},
      {"fr", "Le conseil municipal a adopté mardi soir le nouveau budget des écoles."},
      {"es",
       "El ayuntamiento aprobó el martes por la noche el nuevo presupuesto para las escuelas."},
      {"it", "Il consiglio comunale ha approvato martedì sera il nuovo bilancio per le scuole."},
      {"nl", "De gemeenteraad heeft dinsdagavond de nieuwe begroting voor de scholen goedgekeurd."},
      {"pl", "Rada miasta zatwierdziła we wtorek wieczorem nowy budżet dla szkół."},
      {"tr", "Belediye meclisi salı akşamı okullar için yeni bütçeyi onayladı."},
      {"fi", "Kaupunginvaltuusto hyväksyi tiistai-iltana koulujen uuden talousarvion."},
      {"ru", "Городской совет во вторник вечером утвердил новый бюджет для школ."},
      {"ar", "وافق مجلس المدينة مساء الثلاثاء على الميزانية الجديدة للمدارس."},
      {"el", "Το δημοτικό συμβούλιο ενέκρινε την Τρίτη τον νέο προϋπολογισμό για τα σχολεία."},
      {"ja", "市議会は火曜日の夜、学校のための新しい予算を承認しました。"},
      {"ko", "시의회는 화요일 저녁 학교를 위한 새 예산을 승인했다."},
      {"zh", "市议会周二晚上批准了学校的新预算。"},
      {"vi", "Hội đồng thành phố đã thông qua ngân sách mới cho các trường học vào tối thứ Ba."},
  };
  for (const auto& [expected, text] : samples) EXPECT_EQ(Code(text), expected) << text;
}

TEST_F(LanguageStageTest, SeparatesHardPairs) {
  EXPECT_EQ(Code("Vlada je juče usvojila novi zakon o porezima, a opozicija je najavila proteste."),
            "sr");
  EXPECT_EQ(
      Code("Vlada je jučer prihvatila novi zakon o porezima, a oporba je najavila prosvjede."),
      "hr");
  EXPECT_EQ(Code("Regjeringen har i dag lagt fram et nytt forslag om skatt, og opposisjonen er "
                 "ikke fornøyd."),
            "no");
  EXPECT_EQ(Code("Regeringen har i dag fremlagt et nyt forslag om skat, og oppositionen er ikke "
                 "tilfreds."),
            "da");
  EXPECT_EQ(Code("Pemerintah akan membangun jalan tol baru di Jawa Barat tahun depan."), "id");
  EXPECT_EQ(Code("Kerajaan akan membina lebuh raya baharu di negeri Johor pada tahun hadapan."),
            "ms");
  EXPECT_EQ(Code("Уряд ухвалив нове рішення щодо підтримки малого бізнесу в країні."), "uk");
  EXPECT_EQ(Code("Правительство приняло новое решение о поддержке малого бизнеса в стране."), "ru");
  EXPECT_EQ(Code("O governo anunciou ontem novas medidas para reduzir o preço da energia."), "pt");
  EXPECT_EQ(Code("O goberno anunciou onte novas medidas para reducir o prezo da enerxía."), "gl");
  EXPECT_EQ(Code("El gobierno anunció ayer nuevas medidas para reducir el precio de la energía."),
            "es");
}

TEST_F(LanguageStageTest, HeadlineOnly) {
  const v1::Language language = Run("Neue Brücke über den Rhein eröffnet", "");
  EXPECT_EQ(language.code(), "de");
  EXPECT_EQ(language.script(), "Latn");
}

TEST_F(LanguageStageTest, UsesHeadlineAndBodyTogether) {
  // A body too short to decide alone; the headline carries the evidence.
  EXPECT_EQ(Run("Hallituksen uusi esitys herättää keskustelua eduskunnassa", "Oslo 2026").code(),
            "fi");
}

TEST_F(LanguageStageTest, ReportsHebrewAsHeNotIw) {
  const v1::Language language = Run("", "הממשלה אישרה הבוקר תוכנית חדשה לבניית דירות בדרום הארץ");
  EXPECT_EQ(language.code(), "he");
  EXPECT_EQ(language.script(), "Hebr");
}

TEST_F(LanguageStageTest, ReportsScripts) {
  EXPECT_EQ(Run("", "Президент подписал указ о новых выборах.").script(), "Cyrl");
  EXPECT_EQ(Run("", "The president signed the decree on new elections.").script(), "Latn");
  EXPECT_EQ(Run("", "وقع الرئيس مرسوما بشأن الانتخابات الجديدة.").script(), "Arab");
  EXPECT_EQ(Run("", "总统签署了关于新选举的法令。").script(), "Hans");
  EXPECT_EQ(Run("", "大統領は新しい選挙に関する法令に署名した。").script(), "Jpan");
  EXPECT_EQ(Run("", "대통령은 새 선거에 관한 법령에 서명했다.").script(), "Kore");
}

TEST_F(LanguageStageTest, RunnersUpAreOrderedAndInRange) {
  const v1::Language language = Run("", "Vlada je usvojila novi zakon.");
  EXPECT_GE(language.confidence(), 0.0f);
  EXPECT_LE(language.confidence(), 1.0f);
  float previous = language.confidence();
  float total = language.confidence();
  EXPECT_GT(language.runners_up_size(), 0);
  for (const v1::LanguageScore& score : language.runners_up()) {
    EXPECT_NE(score.code(), language.code());
    EXPECT_EQ(score.code().size(), 2u);
    EXPECT_GE(score.score(), 0.0f);
    EXPECT_LE(score.score(), previous);
    previous = score.score();
    total += score.score();
  }
  EXPECT_LE(total, 1.0001f);
}

TEST_F(LanguageStageTest, ReliableOnLongTextAndNamesAMethod) {
  const v1::Language language = Run(
      "Kommunen bygger ny skole",
      "Kommunestyret vedtok i går kveld å bygge en ny barneskole i sentrum. Byggingen skal starte "
      "til våren, og skolen skal stå ferdig om to år. Ordføreren sier at behovet er stort fordi "
      "mange nye familier har flyttet til området de siste årene.");
  EXPECT_EQ(language.code(), "no");
  EXPECT_TRUE(language.reliable());
  EXPECT_NE(language.method(), v1::LANGUAGE_METHOD_UNSPECIFIED);
}

TEST_F(LanguageStageTest, SingleLanguageScriptShortcut) {
  const v1::Language language = Run("", "Ο καιρός σήμερα");
  EXPECT_EQ(language.code(), "el");
  EXPECT_EQ(language.method(), v1::LANGUAGE_METHOD_SCRIPT);
}

TEST_F(LanguageStageTest, EmptyTextIsUnd) {
  for (const char* body : {"", "   ", "2026-11-24 12:30 +++"}) {
    const v1::Language language = Run("", body);
    EXPECT_EQ(language.code(), "und") << body;
    EXPECT_EQ(language.script(), "Zyyy") << body;
    EXPECT_EQ(language.confidence(), 0.0f) << body;
    EXPECT_FALSE(language.reliable()) << body;
    EXPECT_EQ(language.runners_up_size(), 0) << body;
  }
}

TEST_F(LanguageStageTest, NeverReturnsNonIsoCodes) {
  for (const char* text : {"Aloha kakahiaka e nā hoaaloha", "Maayong buntag sa tanan",
                           "lorem ipsum dolor sit amet", "xqzv brrr kk"}) {
    const v1::Language language = Run("", text);
    EXPECT_EQ(language.code().size(), 2u) << text << " -> " << language.code();
    for (const auto& score : language.runners_up()) EXPECT_EQ(score.code().size(), 2u);
  }
}

TEST_F(LanguageStageTest, IsDeterministicAndWorksWithoutScratch) {
  const std::string text = "Die Regierung plant eine Reform der Rente.";
  const v1::Language first = Run("", text);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(Run("", text).SerializeAsString(), first.SerializeAsString());
  v1::Enrichment enrichment;
  enrichment.set_body(text);
  pipeline::StageContext ctx{enrichment, nullptr};
  ASSERT_TRUE(stage_->Process(ctx).ok());
  EXPECT_EQ(enrichment.language().SerializeAsString(), first.SerializeAsString());
}

TEST_F(LanguageStageTest, OverwritesPreviousOutput) {
  v1::Enrichment enrichment;
  enrichment.set_body("Der Zug hatte heute wieder Verspätung.");
  enrichment.mutable_language()->set_code("xx");
  enrichment.mutable_language()->add_runners_up()->set_code("yy");
  pipeline::StageContext ctx{enrichment, nullptr};
  ASSERT_TRUE(stage_->Process(ctx).ok());
  EXPECT_EQ(enrichment.language().code(), "de");
  for (const auto& score : enrichment.language().runners_up()) EXPECT_NE(score.code(), "yy");
}

TEST(LanguageStageFactoryTest, UnknownOptionIsInvalidArgument) {
  pipeline::StageConfig config = DefaultConfig();
  config.options["modle"] = "x";
  absl::StatusOr<std::unique_ptr<pipeline::Stage>> stage = CreateLanguageStage(config);
  EXPECT_EQ(stage.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(stage.status().message(), HasSubstr("modle"));
}

TEST(LanguageStageFactoryTest, MissingModelIsNotFound) {
  pipeline::StageConfig config = DefaultConfig();
  config.options["model"] = (std::filesystem::path(::testing::TempDir()) / "none.wlm").string();
  EXPECT_EQ(CreateLanguageStage(config).status().code(), absl::StatusCode::kNotFound);
}

TEST(LanguageStageFactoryTest, CorruptModelIsClearError) {
  const std::string path = (std::filesystem::path(::testing::TempDir()) / "corrupt.wlm").string();
  {
    std::ofstream out(path, std::ios::binary);
    out << "WLMODEL garbage that is not a model";
  }
  pipeline::StageConfig config = DefaultConfig();
  config.options["model"] = path;
  absl::StatusOr<std::unique_ptr<pipeline::Stage>> stage = CreateLanguageStage(config);
  EXPECT_EQ(stage.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(stage.status().message(), HasSubstr(path));
  std::remove(path.c_str());
}

TEST(LanguageStageFactoryTest, ValidContainerWithBadPayloadIsDataLoss) {
  const std::string path =
      (std::filesystem::path(::testing::TempDir()) / "badpayload.wlm").string();
  pipeline::ModelFile file;
  file.kind = "langid-ngram";
  file.kind_version = 1;
  file.name = "x";
  file.version = "1";
  file.payload = "not zlib";
  ASSERT_TRUE(pipeline::SaveModelFile(path, file).ok());
  pipeline::StageConfig config = DefaultConfig();
  config.options["model"] = path;
  absl::StatusOr<std::unique_ptr<pipeline::Stage>> stage = CreateLanguageStage(config);
  EXPECT_EQ(stage.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(stage.status().message(), HasSubstr("langid-ngram"));
  std::remove(path.c_str());
}

TEST(LanguageStageFactoryTest, WrongKindIsFailedPrecondition) {
  const std::string path = (std::filesystem::path(::testing::TempDir()) / "kind.wlm").string();
  pipeline::ModelFile file;
  file.kind = "ner-crf";
  file.kind_version = 1;
  ASSERT_TRUE(pipeline::SaveModelFile(path, file).ok());
  pipeline::StageConfig config = DefaultConfig();
  config.options["model"] = path;
  EXPECT_EQ(CreateLanguageStage(config).status().code(), absl::StatusCode::kFailedPrecondition);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace wirelens::stages::language
