// Conformance suite run over every registered stage: each must cope with
// empty, huge and awkward text, be deterministic, be safe to call from several
// threads, and write only its own Enrichment field.
#include <thread>

#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "pipeline/chain.h"
#include "pipeline/registry.h"
#include "pipeline/text.h"

namespace wirelens {
namespace {

using pipeline::Stage;
using pipeline::StageContext;

class ConformanceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    pipeline::RegisterBuiltinStages(registry_);
    pipeline::StageConfig config;
    config.model_root = pipeline::ResolveModelRoot("");
    auto stage = registry_.Create(GetParam(), config);
    ASSERT_TRUE(stage.ok()) << stage.status();
    stage_ = *std::move(stage);
  }

  // Runs the stage once on a fresh enrichment with this text.
  absl::Status Run(const std::string& headline, const std::string& body, v1::Enrichment* out) {
    out->set_schema_version(1);
    out->set_article_id("conformance");
    out->set_headline(headline);
    out->set_body(body);
    out->mutable_reference_time()->set_seconds(1795512600);
    auto scratch = stage_->NewScratch();
    StageContext ctx{*out, scratch.get(), {}};
    return stage_->Process(ctx);
  }

  pipeline::StageRegistry registry_;
  std::unique_ptr<Stage> stage_;
};

std::string Repeat(std::string_view unit, size_t bytes) {
  std::string s;
  while (s.size() + unit.size() <= bytes) s.append(unit);
  return s;
}

// Texts a stage must handle without crashing, hanging, or breaking invariants.
std::vector<std::pair<std::string, std::string>> AwkwardInputs() {
  return {
      {"", ""},
      {"Headline only", ""},
      {"", "Body only, no headline."},
      {" ", "\n\n"},
      {"12345 67890", "0000 1111 2222 3333 4444 5555 6666 7777 8888 9999"},
      {"!!!", Repeat("?!., ", 10000)},
      {"", Repeat("a", 200000)},
      {"", Repeat("ж", 100000)},
      {"", Repeat("😀", 50000)},
      {"Mixed", "English, русский, 中文, العربية, ελληνικά, עברית, हिन्दी in one line."},
      {"", Repeat("The quick brown fox jumps over the lazy dog. ", 45000)},  // ~2 MiB
      {"\xEF\xBF\xBD\xEF\xBF\xBD", "replacement \xEF\xBF\xBD chars"},
      {"Combining", "e\xCC\x81\xCC\x81\xCC\x81\xCC\x81 zalgo-ish a\xCC\x8A\xCC\x8A"},
  };
}

TEST_P(ConformanceTest, DeclaresAUsableIdentity) {
  EXPECT_EQ(stage_->name(), GetParam());
  EXPECT_NE(v1::Enrichment::descriptor()->FindFieldByName(std::string(stage_->output_field())),
            nullptr);
  EXPECT_FALSE(stage_->model().name.empty());
  EXPECT_FALSE(stage_->model().version.empty());
}

TEST_P(ConformanceTest, HandlesAwkwardInputWithAnOkOrBadInputStatus) {
  for (const auto& [headline, body] : AwkwardInputs()) {
    v1::Enrichment e;
    absl::Status s = Run(headline, body, &e);
    EXPECT_TRUE(s.ok() || pipeline::ClassifyError(s) == pipeline::ErrorClass::kBadInput)
        << "headline size " << headline.size() << " body size " << body.size() << ": " << s;
  }
}

TEST_P(ConformanceTest, WritesOnlyItsOwnField) {
  for (const auto& [headline, body] : AwkwardInputs()) {
    v1::Enrichment before;
    before.set_schema_version(1);
    before.set_article_id("conformance");
    before.set_headline(headline);
    before.set_body(body);
    before.mutable_reference_time()->set_seconds(1795512600);
    before.add_warnings()->set_code("TEST");
    v1::Enrichment after = before;
    auto scratch = stage_->NewScratch();
    StageContext ctx{after, scratch.get(), {}};
    (void)stage_->Process(ctx);
    // Clear the stage's own field on both sides; everything else must match.
    pipeline::ClearEnrichmentField(before, stage_->output_field());
    pipeline::ClearEnrichmentField(after, stage_->output_field());
    EXPECT_EQ(after.SerializeAsString(), before.SerializeAsString())
        << "stage " << GetParam() << " wrote outside '" << stage_->output_field() << "'";
  }
}

TEST_P(ConformanceTest, IsDeterministic) {
  const std::string body =
      "Officials in Lisbon said on Tuesday that 1,200 people had been evacuated. "
      "The mayor, Ana Costa, thanked the fire brigade.";
  v1::Enrichment a, b;
  ASSERT_TRUE(Run("Evacuation in Lisbon", body, &a).ok());
  ASSERT_TRUE(Run("Evacuation in Lisbon", body, &b).ok());
  EXPECT_EQ(a.SerializeAsString(), b.SerializeAsString());
}

TEST_P(ConformanceTest, IsSafeToShareBetweenThreads) {
  const std::vector<std::string> bodies = {
      "Der Bundestag hat am Donnerstag ein neues Gesetz beschlossen.",
      "Le gouvernement a présenté son budget mercredi à Paris.",
      "The central bank raised interest rates by a quarter point.",
      "El Gobierno aprobó el plan de vivienda este martes."};
  std::vector<std::string> expected;
  for (const std::string& body : bodies) {
    v1::Enrichment e;
    ASSERT_TRUE(Run("", body, &e).ok());
    expected.push_back(e.SerializeAsString());
  }
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      auto scratch = stage_->NewScratch();
      for (int i = 0; i < 50; ++i) {
        const size_t k = static_cast<size_t>(t + i) % bodies.size();
        v1::Enrichment e;
        e.set_schema_version(1);
        e.set_article_id("conformance");
        e.set_body(bodies[k]);
        e.mutable_reference_time()->set_seconds(1795512600);
        StageContext ctx{e, scratch.get(), {}};
        if (!stage_->Process(ctx).ok() || e.SerializeAsString() != expected[k]) ++mismatches;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

std::vector<std::string> RegisteredStages() {
  pipeline::StageRegistry registry;
  pipeline::RegisterBuiltinStages(registry);
  return registry.Names();
}

INSTANTIATE_TEST_SUITE_P(AllStages, ConformanceTest, ::testing::ValuesIn(RegisteredStages()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace wirelens
