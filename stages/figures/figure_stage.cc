#include "stages/figures/figure_stage.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "pipeline/strings.h"
#include "pipeline/text.h"
#include "stages/figures/dates.h"
#include "stages/figures/figures.h"

namespace wirelens::stages::figures {
namespace {

struct FigureScratch : pipeline::StageScratch {
  std::vector<FigureMatch> numbers;
  std::vector<FigureMatch> dates;
  std::vector<FigureMatch*> merged;  // into numbers and dates
};

// `m` is left with an empty date: its resolution is moved, not copied. The
// texts are copied straight into the message's strings (no std::string
// temporary each).
void ToProto(FigureMatch& m, std::string_view text, pipeline::SpanBuilder* spans,
             v1::Figure* figure) {
  figure->set_kind(m.kind);
  figure->mutable_text()->assign(text.substr(m.begin, m.end - m.begin));
  *figure->mutable_span() = spans->MakeSpan(m.begin, m.end);
  if (m.value.has_value()) figure->set_value(*m.value);
  if (m.low.has_value()) figure->set_low(*m.low);
  if (m.high.has_value()) figure->set_high(*m.high);
  if (!m.unit.empty()) figure->set_unit(m.unit);
  figure->set_dimension(m.dimension);
  if (!m.currency.empty()) figure->set_currency(m.currency);
  figure->set_qualifier(m.qualifier);
  if (m.has_noun()) {
    figure->mutable_counted_noun()->assign(text.substr(m.noun_begin, m.noun_end - m.noun_begin));
    *figure->mutable_counted_noun_span() = spans->MakeSpan(m.noun_begin, m.noun_end);
  }
  if (m.date.has_value()) *figure->mutable_date() = std::move(*m.date);
  if (!m.relative_position.empty()) {
    figure->mutable_relative_position()->assign(m.relative_position);
  }
}

class FigureStage : public pipeline::Stage {
 public:
  std::string_view name() const override { return kFigureStageName; }
  std::string_view output_field() const override { return "figures"; }
  pipeline::ModelInfo model() const override {
    return {std::string(kFigureModelName), std::string(kFigureModelVersion)};
  }
  std::unique_ptr<pipeline::StageScratch> NewScratch() const override {
    return std::make_unique<FigureScratch>();
  }

  absl::Status Process(pipeline::StageContext& ctx) const override {
    ctx.enrichment.clear_figures();
    auto* scratch = dynamic_cast<FigureScratch*>(ctx.scratch);
    if (scratch != nullptr) {
      Run(ctx, scratch);
    } else {
      FigureScratch local;  // a runner without NewScratch(): correct, slower
      Run(ctx, &local);
    }
    return absl::OkStatus();
  }

 private:
  static void Run(pipeline::StageContext& ctx, FigureScratch* s) {
    v1::Enrichment& enrichment = ctx.enrichment;
    const pipeline::TextAnalysis& analysis = pipeline::GetTextAnalysis(ctx);
    const std::string& language = enrichment.language().code();
    std::optional<absl::Time> reference;
    if (enrichment.has_reference_time() &&
        enrichment.reference_time_source() != v1::REFERENCE_TIME_SOURCE_NONE) {
      reference = absl::FromUnixSeconds(enrichment.reference_time().seconds()) +
                  absl::Nanoseconds(enrichment.reference_time().nanos());
    }
    for (const pipeline::FieldAnalysis* field : {&analysis.headline(), &analysis.body()}) {
      if (field->tokens.empty()) continue;
      s->numbers.clear();
      s->dates.clear();
      s->merged.clear();
      ExtractNumericFigures(*field, language, &s->numbers);
      ExtractDates(*field, reference, &s->dates);
      MergeFigureRefs(&s->numbers, &s->dates, &s->merged);
      pipeline::SpanBuilder spans(field->field, field->text);
      for (FigureMatch* m : s->merged) {
        ToProto(*m, field->text, &spans, enrichment.add_figures());
      }
    }
  }
};

}  // namespace

absl::StatusOr<std::unique_ptr<pipeline::Stage>> CreateFigureStage(
    const pipeline::StageConfig& config) {
  if (!config.options.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("figures: unknown option \"",
                                                   AsAbsl(config.options.begin()->first),
                                                   "\" (the stage takes none)"));
  }
  return std::make_unique<FigureStage>();
}

}  // namespace wirelens::stages::figures
