#include "pipeline/processor.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wirelens::pipeline {
namespace {

using ::testing::HasSubstr;

// Writes a fixed language code; counts nothing, keeps no state.
class CodeStage : public Stage {
 public:
  CodeStage(std::string name, std::string field) : name_(std::move(name)), field_(std::move(field)) {}
  std::string_view name() const override { return name_; }
  std::string_view output_field() const override { return field_; }
  ModelInfo model() const override { return {name_ + "-model", "7"}; }
  absl::Status Process(StageContext& ctx) const override {
    if (field_ == "language") ctx.enrichment.mutable_language()->set_code("de");
    if (field_ == "entities") {
      ctx.enrichment.add_entities()->set_canonical_name(
          ctx.enrichment.language().code() + ":" + ctx.enrichment.headline());
    }
    return absl::OkStatus();
  }

 private:
  std::string name_, field_;
};

std::unique_ptr<Chain> ChainOf(std::vector<std::pair<std::string, std::string>> specs) {
  std::vector<std::unique_ptr<Stage>> stages;
  for (auto& [name, field] : specs) stages.push_back(std::make_unique<CodeStage>(name, field));
  ChainOptions options;
  options.record_durations = false;
  return *Chain::FromStages(std::move(stages), options);
}

TEST(ArticleProcessorTest, ProcessesRawArticlesEndToEnd) {
  auto chain = ChainOf({{"language", "language"}});
  ArticleProcessor processor(*chain, {});
  ChainScratch scratch = chain->NewScratch();
  ProcessOutcome out = processor.Process(R"({"id":"a1","headline":"Hallo Welt","body":"Ein Text."})",
                                         InputFormat::kAuto, "key-1", scratch);
  ASSERT_TRUE(out.status.ok()) << out.status;
  EXPECT_EQ(out.enrichment.article_id(), "a1");
  EXPECT_EQ(out.enrichment.language().code(), "de");
  EXPECT_EQ(out.enrichment.schema_version(), 1u);
}

TEST(ArticleProcessorTest, FallsBackToTheKeyThenAContentHashForTheId) {
  auto chain = ChainOf({{"language", "language"}});
  ArticleProcessor processor(*chain, {});
  ChainScratch scratch = chain->NewScratch();
  ProcessOutcome keyed = processor.Process("Headline\n\nBody text here.", InputFormat::kText, "key-9", scratch);
  EXPECT_EQ(keyed.enrichment.article_id(), "key-9");
  ProcessOutcome hashed = processor.Process("Headline\n\nBody text here.", InputFormat::kText, "", scratch);
  EXPECT_THAT(hashed.enrichment.article_id(), ::testing::StartsWith("sha256:"));
  ProcessOutcome again = processor.Process("Headline\n\nBody text here.", InputFormat::kText, "", scratch);
  EXPECT_EQ(hashed.enrichment.article_id(), again.enrichment.article_id());
}

TEST(ArticleProcessorTest, UndecodableInputIsADeadLetterWithItsReason) {
  auto chain = ChainOf({{"language", "language"}});
  ArticleProcessor processor(*chain, {});
  ChainScratch scratch = chain->NewScratch();
  ProcessOutcome out = processor.Process("{\"headline\": ", InputFormat::kAuto, "k", scratch);
  EXPECT_EQ(out.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(out.failed_stage, "decode");
  EXPECT_EQ(out.enrichment.article_id(), "k");
  ASSERT_EQ(out.enrichment.errors_size(), 1);
  EXPECT_EQ(out.enrichment.errors(0).stage(), "decode");

  ProcessOutcome empty = processor.Process("", InputFormat::kAuto, "", scratch);
  EXPECT_FALSE(empty.status.ok());
}

TEST(ArticleProcessorTest, ChainedWorkersMatchOneWorkerRunningBothStages) {
  auto both = ChainOf({{"language", "language"}, {"entities", "entities"}});
  auto first = ChainOf({{"language", "language"}});
  auto second = ChainOf({{"entities", "entities"}});
  ArticleProcessor all(*both, {}), upstream(*first, {}), downstream(*second, {});
  ChainScratch s1 = both->NewScratch(), s2 = first->NewScratch(), s3 = second->NewScratch();
  const std::string input = R"({"id":"a1","headline":"Hallo Welt","body":"Ein Text."})";

  ProcessOutcome direct = all.Process(input, InputFormat::kAuto, "", s1);
  ProcessOutcome step1 = upstream.Process(input, InputFormat::kAuto, "", s2);
  ASSERT_TRUE(step1.status.ok());
  ProcessOutcome step2 = downstream.ProcessEnrichment(step1.enrichment.SerializeAsString(), s3);
  ASSERT_TRUE(step2.status.ok()) << step2.status;
  EXPECT_EQ(step2.enrichment.entities(0).canonical_name(), "de:Hallo Welt");
  EXPECT_EQ(step2.enrichment.SerializeAsString(), direct.enrichment.SerializeAsString());

  // Replaying the downstream step replaces its own output instead of adding.
  ProcessOutcome replay = downstream.ProcessEnrichment(step2.enrichment.SerializeAsString(), s3);
  EXPECT_EQ(replay.enrichment.SerializeAsString(), direct.enrichment.SerializeAsString());
}

TEST(ArticleProcessorTest, RejectsInputThatIsNotAnEnrichment) {
  auto chain = ChainOf({{"entities", "entities"}});
  ArticleProcessor processor(*chain, {});
  ChainScratch scratch = chain->NewScratch();
  ProcessOutcome garbage = processor.ProcessEnrichment("\xff\xff\xff\x01", scratch);
  EXPECT_EQ(garbage.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(garbage.failed_stage, "decode");
  EXPECT_THAT(garbage.enrichment.errors(0).message(), HasSubstr("wirelens.v1.Enrichment"));
}

}  // namespace
}  // namespace wirelens::pipeline
