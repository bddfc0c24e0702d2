#include "pipeline/chain.h"

#include <atomic>
#include <stdexcept>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wirelens::pipeline {
namespace {

using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::Property;

// A configurable fake stage that writes `language` and then returns a status.
class FakeStage : public Stage {
 public:
  FakeStage(std::string name, std::string field, absl::Status status, int fail_times = 1 << 30)
      : name_(std::move(name)), field_(std::move(field)), status_(std::move(status)),
        fail_times_(fail_times) {}

  std::string_view name() const override { return name_; }
  std::string_view output_field() const override { return field_; }
  ModelInfo model() const override { return {"fake-" + name_, "1.2.3"}; }

  absl::Status Process(StageContext& ctx) const override {
    const int call = calls_.fetch_add(1);
    if (field_ == "language") ctx.enrichment.mutable_language()->set_code("xx");
    if (field_ == "entities") ctx.enrichment.add_entities()->set_canonical_name("partial");
    if (throw_) throw std::runtime_error("boom");
    if (!skipped_.empty()) ctx.skipped = skipped_;
    if (call < fail_times_) return status_;
    return absl::OkStatus();
  }

  int calls() const { return calls_.load(); }
  FakeStage* Throwing() { throw_ = true; return this; }
  FakeStage* Skipping(std::string why) { skipped_ = std::move(why); return this; }

 private:
  std::string name_, field_;
  absl::Status status_;
  int fail_times_;
  bool throw_ = false;
  std::string skipped_;
  mutable std::atomic<int> calls_{0};
};

ChainOptions FastRetries() {
  ChainOptions o;
  o.initial_backoff = std::chrono::milliseconds(0);
  return o;
}

std::unique_ptr<Chain> MakeChain(std::vector<std::unique_ptr<Stage>> stages,
                                 ChainOptions options = FastRetries()) {
  auto chain = Chain::FromStages(std::move(stages), options);
  EXPECT_TRUE(chain.ok()) << chain.status();
  return *std::move(chain);
}

TEST(ClassifyErrorTest, SortsCodesAsStyleSays) {
  EXPECT_EQ(ClassifyError(absl::InvalidArgumentError("")), ErrorClass::kBadInput);
  EXPECT_EQ(ClassifyError(absl::OutOfRangeError("")), ErrorClass::kBadInput);
  EXPECT_EQ(ClassifyError(absl::FailedPreconditionError("")), ErrorClass::kBadInput);
  EXPECT_EQ(ClassifyError(absl::UnavailableError("")), ErrorClass::kTransient);
  EXPECT_EQ(ClassifyError(absl::DeadlineExceededError("")), ErrorClass::kTransient);
  EXPECT_EQ(ClassifyError(absl::ResourceExhaustedError("")), ErrorClass::kTransient);
  EXPECT_EQ(ClassifyError(absl::InternalError("")), ErrorClass::kBug);
  EXPECT_EQ(ClassifyError(absl::DataLossError("")), ErrorClass::kBug);
  EXPECT_EQ(ClassifyError(absl::UnknownError("")), ErrorClass::kBug);
}

TEST(ChainTest, RunsStagesInOrderAndRecordsProvenance) {
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(std::make_unique<FakeStage>("language", "language", absl::OkStatus()));
  stages.push_back(std::make_unique<FakeStage>("entities", "entities", absl::OkStatus()));
  auto chain = MakeChain(std::move(stages));
  v1::Enrichment e;
  ChainScratch scratch = chain->NewScratch();
  ChainResult r = chain->Run(e, scratch);
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(e.language().code(), "xx");
  ASSERT_EQ(e.provenance_size(), 2);
  EXPECT_EQ(e.provenance(0).stage(), "language");
  EXPECT_EQ(e.provenance(0).model_name(), "fake-language");
  EXPECT_EQ(e.provenance(0).model_version(), "1.2.3");
  EXPECT_EQ(e.provenance(1).stage(), "entities");
  EXPECT_EQ(e.errors_size(), 0);
  ASSERT_EQ(r.timings.size(), 2u);
  EXPECT_EQ(r.timings[0].first, "language");
}

TEST(ChainTest, BadInputIsRecordedAndOtherStagesStillRun) {
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(std::make_unique<FakeStage>("language", "language",
                                               absl::InvalidArgumentError("text is gibberish")));
  stages.push_back(std::make_unique<FakeStage>("entities", "entities", absl::OkStatus()));
  auto chain = MakeChain(std::move(stages));
  v1::Enrichment e;
  ChainScratch scratch = chain->NewScratch();
  ChainResult r = chain->Run(e, scratch);
  ASSERT_TRUE(r.status.ok());
  // The failed stage's partial output is cleared; the next stage's is kept.
  EXPECT_FALSE(e.has_language());
  ASSERT_EQ(e.entities_size(), 1);
  ASSERT_EQ(e.errors_size(), 1);
  EXPECT_EQ(e.errors(0).stage(), "language");
  EXPECT_EQ(e.errors(0).code(), "INVALID_ARGUMENT");
  EXPECT_EQ(e.errors(0).message(), "text is gibberish");
  EXPECT_EQ(e.provenance_size(), 2);
}

TEST(ChainTest, TransientErrorsAreRetriedThenSucceed) {
  auto* stage = new FakeStage("language", "language", absl::UnavailableError("busy"), 2);
  std::vector<std::unique_ptr<Stage>> stages;
  stages.emplace_back(stage);
  auto chain = MakeChain(std::move(stages));
  v1::Enrichment e;
  ChainScratch scratch = chain->NewScratch();
  ChainResult r = chain->Run(e, scratch);
  EXPECT_TRUE(r.status.ok());
  EXPECT_EQ(stage->calls(), 3);
  EXPECT_EQ(e.language().code(), "xx");
  EXPECT_EQ(e.errors_size(), 0);
}

TEST(ChainTest, TransientErrorsBeyondTheBudgetDeadLetter) {
  auto* stage = new FakeStage("language", "language", absl::UnavailableError("busy"));
  std::vector<std::unique_ptr<Stage>> stages;
  stages.emplace_back(stage);
  stages.push_back(std::make_unique<FakeStage>("entities", "entities", absl::OkStatus()));
  auto chain = MakeChain(std::move(stages));
  v1::Enrichment e;
  ChainScratch scratch = chain->NewScratch();
  ChainResult r = chain->Run(e, scratch);
  EXPECT_EQ(r.status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(r.failed_stage, "language");
  EXPECT_EQ(stage->calls(), 3);
  EXPECT_EQ(e.entities_size(), 0) << "later stages do not run after a dead-letter failure";
}

TEST(ChainTest, BugsDeadLetterAtOnce) {
  auto* stage = new FakeStage("language", "language", absl::InternalError("invariant"));
  std::vector<std::unique_ptr<Stage>> stages;
  stages.emplace_back(stage);
  auto chain = MakeChain(std::move(stages));
  v1::Enrichment e;
  ChainScratch scratch = chain->NewScratch();
  ChainResult r = chain->Run(e, scratch);
  EXPECT_EQ(r.status.code(), absl::StatusCode::kInternal);
  EXPECT_EQ(r.failed_stage, "language");
  EXPECT_EQ(stage->calls(), 1);
  EXPECT_FALSE(e.has_language());
}

TEST(ChainTest, AnEscapedExceptionBecomesADeadLetterNotACrash) {
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(std::unique_ptr<Stage>(
      (new FakeStage("language", "language", absl::OkStatus()))->Throwing()));
  auto chain = MakeChain(std::move(stages));
  v1::Enrichment e;
  ChainScratch scratch = chain->NewScratch();
  ChainResult r = chain->Run(e, scratch);
  EXPECT_EQ(r.status.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(r.status.message()), ::testing::HasSubstr("boom"));
}

TEST(ChainTest, SkippedIsRecordedInProvenanceNotAsError) {
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(std::unique_ptr<Stage>(
      (new FakeStage("entities", "entities", absl::OkStatus()))->Skipping("no model for fi")));
  auto chain = MakeChain(std::move(stages));
  v1::Enrichment e;
  ChainScratch scratch = chain->NewScratch();
  ASSERT_TRUE(chain->Run(e, scratch).status.ok());
  EXPECT_EQ(e.provenance(0).skipped(), "no model for fi");
  EXPECT_EQ(e.errors_size(), 0);
}

TEST(ChainTest, DurationsCanBeLeftOutForReproducibleOutput) {
  ChainOptions options = FastRetries();
  options.record_durations = false;
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(std::make_unique<FakeStage>("language", "language", absl::OkStatus()));
  auto chain = MakeChain(std::move(stages), options);
  v1::Enrichment a, b;
  ChainScratch scratch = chain->NewScratch();
  chain->Run(a, scratch);
  chain->Run(b, scratch);
  EXPECT_EQ(a.provenance(0).duration_us(), 0u);
  EXPECT_EQ(a.SerializeAsString(), b.SerializeAsString());
}

TEST(ChainTest, RejectsDuplicateStagesAndUnknownFields) {
  std::vector<std::unique_ptr<Stage>> dup;
  dup.push_back(std::make_unique<FakeStage>("language", "language", absl::OkStatus()));
  dup.push_back(std::make_unique<FakeStage>("language", "language", absl::OkStatus()));
  EXPECT_EQ(Chain::FromStages(std::move(dup)).status().code(), absl::StatusCode::kInvalidArgument);

  std::vector<std::unique_ptr<Stage>> bad_field;
  bad_field.push_back(std::make_unique<FakeStage>("x", "no_such_field", absl::OkStatus()));
  EXPECT_EQ(Chain::FromStages(std::move(bad_field)).status().code(), absl::StatusCode::kInternal);
}

TEST(RegistryTest, CreatesByNameAndReportsUnknownOnes) {
  StageRegistry registry;
  ASSERT_TRUE(registry
                  .Register("language", "test",
                            [](const StageConfig&) -> absl::StatusOr<std::unique_ptr<Stage>> {
                              return std::make_unique<FakeStage>("language", "language",
                                                                 absl::OkStatus());
                            })
                  .ok());
  EXPECT_EQ(registry.Register("language", "again", nullptr).code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(registry.Names(), ElementsAre("language"));
  auto stage = registry.Create("language", {});
  ASSERT_TRUE(stage.ok());
  EXPECT_EQ((*stage)->name(), "language");
  auto unknown = registry.Create("sentiment", {});
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(unknown.status().message()), ::testing::HasSubstr("known: language"));

  auto chain = Chain::Create(registry, {}, {});
  ASSERT_TRUE(chain.ok());
  EXPECT_EQ((*chain)->stages().size(), 1u);
  EXPECT_EQ(Chain::Create(registry, {"nope"}, {}).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace wirelens::pipeline
