// wirelens_figures_eval: scores ExtractFigures against the English
// Recognizers-Text model specs (default-mode model files only).
//
//   build/release/stages/figures/wirelens_figures_eval
//       --specs ../shared/data/figures/recognizers-specs [--family Currency] [--misses 10]
//
// Every case's Input goes through ExtractFigures (language "en", reference
// time = the case's Context.ReferenceDateTime, if any). Per family it prints
// span-exact and value-exact precision/recall/F1 twice: over all cases, and
// over the cases that the reference's JavaScript and Python ports do not
// both fail. The targets are judged on all cases: the issue counts the
// cases those ports do not support, too. --misses N lists
// up to N imperfect cases per family with what was expected and what we
// found (default 5; 0 for none). Matching rules: spec_eval.h and README.md,
// "Evaluation".
#include <cstdio>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "pipeline/status_macros.h"
#include "pipeline/strings.h"
#include "stages/figures/figures.h"
#include "stages/figures/spec_eval.h"

namespace wirelens::stages::figures {
namespace {

struct Options {
  std::string specs;
  std::string family;  // empty: all
  int misses = 5;
};

absl::StatusOr<Options> ParseFlags(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) return absl::InvalidArgumentError(absl::StrCat(arg, " needs a value"));
    const std::string value = argv[++i];
    if (arg == "--specs") {
      o.specs = value;
    } else if (arg == "--family") {
      o.family = value;
    } else if (arg == "--misses") {
      if (!absl::SimpleAtoi(value, &o.misses) || o.misses < 0) {
        return absl::InvalidArgumentError(absl::StrCat("--misses wants a count, not ", value));
      }
    } else {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag ", arg));
    }
  }
  if (o.specs.empty()) {
    return absl::InvalidArgumentError(
        "usage: wirelens_figures_eval --specs DIR [--family NAME] [--misses N]");
  }
  return o;
}

void PrintRow(const char* label, const SpecCounts& c) {
  std::printf(
      "  %-10s gold %4lld pred %4lld | span P %.3f R %.3f F1 %.3f | value P %.3f R %.3f "
      "F1 %.3f\n",
      label, static_cast<long long>(c.gold), static_cast<long long>(c.predicted), c.SpanPrecision(),
      c.SpanRecall(), c.SpanF1(), c.ValuePrecision(), c.ValueRecall(), c.ValueF1());
}

struct FamilyResult {
  const SpecFamilyInfo* info;
  SpecTally tally;
};

absl::Status Run(int argc, char** argv) {
  ASSIGN_OR_RETURN(const Options options, ParseFlags(argc, argv));
  std::vector<FamilyResult> results;
  for (const SpecFamilyInfo& info : SpecFamilies()) {
    if (!options.family.empty() && options.family != info.name) continue;
    ASSIGN_OR_RETURN(std::vector<SpecCase> cases,
                     LoadSpecCases(absl::StrCat(options.specs, "/", AsAbsl(info.file))));
    FamilyResult result{&info, {}};
    int listed = 0;
    std::printf("== %s (%s): %zu cases\n", std::string(info.name).c_str(),
                std::string(info.file).c_str(), cases.size());
    for (const SpecCase& c : cases) {
      const std::vector<FigureMatch> got = ExtractFigures(c.input, "en", c.reference);
      const SpecCaseOutcome outcome = ScoreCase(info.family, c, got);
      result.tally.Add(c, outcome);
      if (outcome.perfect() || listed >= options.misses) continue;
      ++listed;
      std::printf("  MISS%s \"%s\"\n", c.UnsupportedByJsAndPython() ? " [js+py unsupported]" : "",
                  c.input.c_str());
      for (const std::string& s : outcome.expected_missed)
        std::printf("    expected %s\n", s.c_str());
      for (const std::string& s : outcome.got_unmatched)
        std::printf("    got      %s\n", s.c_str());
    }
    results.push_back(std::move(result));
  }
  if (results.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("no family named ", options.family));
  }

  std::printf("\n");
  for (const FamilyResult& r : results) {
    const SpecTally& t = r.tally;
    std::printf("%s: %lld cases, %lld with NotSupported, %lld unsupported by both js and python\n",
                std::string(r.info->name).c_str(), static_cast<long long>(t.cases()),
                static_cast<long long>(t.not_supported_cases()),
                static_cast<long long>(t.js_python_unsupported_cases()));
    PrintRow("all", t.all());
    PrintRow("js|py ok", t.supported());
    if (t.recall_by_type().size() > 1) {
      std::printf("  value recall by type (all cases):");
      for (const auto& [type, counts] : t.recall_by_type()) {
        std::printf(" %s %lld/%lld", type.empty() ? "(none)" : type.c_str(),
                    static_cast<long long>(counts.first), static_cast<long long>(counts.second));
      }
      std::printf("\n");
    }
  }

  // The summary. Targets are judged on value-exact F1 over all cases,
  // including those the JavaScript and Python ports do not support; the
  // js|py columns are shown for comparison with those ports.
  std::printf("\n%-12s %6s %6s %9s %9s %9s %9s %7s  %s\n", "family", "cases", "js|py", "spanF1",
              "valueF1", "spanF1", "valueF1", "target", "");
  std::printf("%-12s %6s %6s %9s %9s %9s %9s %7s\n", "", "", "ok", "(all)", "(all)", "(js|py)",
              "(js|py)", "");
  for (const FamilyResult& r : results) {
    const SpecTally& t = r.tally;
    const int64_t supported = t.cases() - t.js_python_unsupported_cases();
    const double f1 = t.all().ValueF1();
    // A slice without cases has no score (NumberRange: every case is
    // unsupported by both ports).
    const std::string supported_f1 =
        supported == 0 ? absl::StrFormat("%9s %9s", "n/a", "n/a")
                       : absl::StrFormat("%9.3f %9.3f", t.supported().SpanF1(), t.supported().ValueF1());
    const char* verdict = r.info->target_f1 <= 0 || t.cases() == 0 ? "-"
                          : f1 >= r.info->target_f1                ? "met"
                                                                   : "MISSED";
    std::printf("%-12s %6lld %6lld %9.3f %9.3f %19s %7.2f  %s\n", std::string(r.info->name).c_str(),
                static_cast<long long>(t.cases()), static_cast<long long>(supported),
                t.all().SpanF1(), t.all().ValueF1(), supported_f1.c_str(), r.info->target_f1,
                verdict);
  }
  return absl::OkStatus();
}

}  // namespace
}  // namespace wirelens::stages::figures

int main(int argc, char** argv) {
  const absl::Status status = wirelens::stages::figures::Run(argc, argv);
  if (!status.ok()) {
    std::fprintf(stderr, "wirelens_figures_eval: %s\n", status.ToString().c_str());
    return 1;
  }
  return 0;
}
