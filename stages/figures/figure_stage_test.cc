// Tests of the "figures" stage through its public factory and the registry.
#include "stages/figures/figure_stage.h"

#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pipeline/registry.h"
#include "pipeline/stage.h"

namespace wirelens::stages::figures {
namespace {

std::unique_ptr<pipeline::Stage> NewStage() {
  absl::StatusOr<std::unique_ptr<pipeline::Stage>> stage =
      CreateFigureStage(pipeline::StageConfig{});
  EXPECT_TRUE(stage.ok()) << stage.status();
  return stage.ok() ? std::move(*stage) : nullptr;
}

v1::Enrichment RunStage(const pipeline::Stage& stage, v1::Enrichment enrichment,
                        bool with_scratch = true) {
  std::unique_ptr<pipeline::StageScratch> scratch = with_scratch ? stage.NewScratch() : nullptr;
  pipeline::StageContext ctx{enrichment, scratch.get()};
  const absl::Status status = stage.Process(ctx);
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_TRUE(ctx.skipped.empty());
  return enrichment;
}

TEST(FigureStageTest, Identity) {
  std::unique_ptr<pipeline::Stage> stage = NewStage();
  ASSERT_NE(stage, nullptr);
  EXPECT_EQ(stage->name(), "figures");
  EXPECT_EQ(stage->output_field(), "figures");
  EXPECT_EQ(stage->model().name, "figures-rules");
  EXPECT_FALSE(stage->model().version.empty());
}

TEST(FigureStageTest, RejectsOptions) {
  pipeline::StageConfig config;
  config.options["threshold"] = "3";
  absl::StatusOr<std::unique_ptr<pipeline::Stage>> stage = CreateFigureStage(config);
  EXPECT_EQ(stage.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(FigureStageTest, HeadlineFirstThenBodyInTextOrder) {
  std::unique_ptr<pipeline::Stage> stage = NewStage();
  ASSERT_NE(stage, nullptr);
  v1::Enrichment in;
  in.set_headline("Port strike idles 1,400 dockers");
  in.set_body("Shippers lost $25 million as 60% of berths sat empty.\n\nAbout 90 ships waited.");
  const v1::Enrichment out = RunStage(*stage, in);
  ASSERT_EQ(out.figures_size(), 4);
  const v1::Figure& dockers = out.figures(0);
  EXPECT_EQ(dockers.kind(), v1::FIGURE_KIND_CARDINAL);
  EXPECT_EQ(dockers.text(), "1,400");
  EXPECT_EQ(dockers.span().field(), v1::TEXT_FIELD_HEADLINE);
  EXPECT_EQ(dockers.counted_noun(), "dockers");
  EXPECT_EQ(dockers.counted_noun_span().byte_begin(), in.headline().find("dockers"));
  const v1::Figure& money = out.figures(1);
  EXPECT_EQ(money.kind(), v1::FIGURE_KIND_MONEY);
  EXPECT_EQ(money.currency(), "USD");
  EXPECT_EQ(money.value(), 25e6);
  EXPECT_EQ(money.span().field(), v1::TEXT_FIELD_BODY);
  EXPECT_EQ(money.span().byte_begin(), in.body().find("$25"));
  EXPECT_EQ(out.figures(2).kind(), v1::FIGURE_KIND_PERCENT);
  EXPECT_FALSE(out.figures(2).has_low());
  const v1::Figure& ships = out.figures(3);
  EXPECT_EQ(ships.text(), "About 90");
  EXPECT_EQ(ships.qualifier(), v1::QUALIFIER_APPROXIMATELY);
  EXPECT_EQ(ships.counted_noun(), "ships");
}

TEST(FigureStageTest, SpansCarryCodePointAndUtf16Offsets) {
  std::unique_ptr<pipeline::Stage> stage = NewStage();
  ASSERT_NE(stage, nullptr);
  v1::Enrichment in;
  in.set_body("Caf\u00e9 owners paid \u20ac40 each.");
  const v1::Enrichment out = RunStage(*stage, in);
  ASSERT_EQ(out.figures_size(), 1);
  const v1::Span& span = out.figures(0).span();
  EXPECT_EQ(span.byte_begin(), in.body().find("\u20ac40"));
  EXPECT_EQ(span.cp_begin(), 17u);
  EXPECT_EQ(span.cp_end(), 20u);
  EXPECT_EQ(span.utf16_begin(), 17u);
  EXPECT_EQ(out.figures(0).currency(), "EUR");
}

TEST(FigureStageTest, LanguageChoosesDecimalSeparators) {
  std::unique_ptr<pipeline::Stage> stage = NewStage();
  ASSERT_NE(stage, nullptr);
  v1::Enrichment in;
  in.set_body("Die Inflation lag bei 2,5 Prozent und 1.200 Menschen kamen.");
  in.mutable_language()->set_code("de");
  v1::Enrichment out = RunStage(*stage, in);
  ASSERT_GE(out.figures_size(), 2);
  EXPECT_EQ(out.figures(0).value(), 2.5);
  EXPECT_EQ(out.figures(0).kind(), v1::FIGURE_KIND_PERCENT);
  EXPECT_EQ(out.figures(1).value(), 1200);
  EXPECT_EQ(out.figures(1).counted_noun(), "");  // noun rules are English
  // The same digits read the English way: "1.200" is 1.2; "2,5" has no
  // thousands group, so its comma is still a decimal one.
  in.mutable_language()->set_code("en");
  out = RunStage(*stage, in);
  ASSERT_GE(out.figures_size(), 2);
  EXPECT_DOUBLE_EQ(out.figures(0).value(), 2.5);
  EXPECT_EQ(out.figures(1).text(), "1.200");
  EXPECT_DOUBLE_EQ(out.figures(1).value(), 1.2);
}

TEST(FigureStageTest, DatesWinAndReferenceTimeResolves) {
  std::unique_ptr<pipeline::Stage> stage = NewStage();
  ASSERT_NE(stage, nullptr);
  v1::Enrichment in;
  in.set_body("The plant opened in 2019 and 300 staff started work yesterday.");
  v1::Enrichment out = RunStage(*stage, in);
  bool saw_staff = false;
  for (const v1::Figure& f : out.figures()) {
    // A bare year is the date extractor's, never a cardinal.
    if (f.text().find("2019") != std::string::npos) {
      EXPECT_EQ(f.kind(), v1::FIGURE_KIND_DATE);
    }
    if (f.text() == "yesterday") {
      EXPECT_FALSE(f.date().resolved());
    }
    saw_staff = saw_staff || f.counted_noun() == "staff";
  }
  EXPECT_TRUE(saw_staff);
  in.mutable_reference_time()->set_seconds(1795000000);
  in.set_reference_time_source(v1::REFERENCE_TIME_SOURCE_ARTICLE);
  out = RunStage(*stage, in);
  for (const v1::Figure& f : out.figures()) {
    if (f.text() == "yesterday") {
      EXPECT_TRUE(f.date().resolved());
    }
  }
}

TEST(FigureStageTest, ClearsOldOutputAndWorksWithoutScratch) {
  std::unique_ptr<pipeline::Stage> stage = NewStage();
  ASSERT_NE(stage, nullptr);
  v1::Enrichment in;
  in.add_figures()->set_text("stale");
  in.set_body("Nothing numeric here.");
  const v1::Enrichment out = RunStage(*stage, in, /*with_scratch=*/false);
  EXPECT_EQ(out.figures_size(), 0);
}

}  // namespace
}  // namespace wirelens::stages::figures
