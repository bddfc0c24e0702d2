// Golden files for the whole chain: every sample article in tests/data/articles
// is enriched by every registered stage, and the JSON output is compared with
// tests/golden/<file>.jsonl.
//
// After a reviewed change that alters output on purpose, regenerate with:
//   WIRELENS_UPDATE_GOLDEN=1 ctest --preset release -R golden
// and review the diff of tests/golden/ before committing.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"
#include "pipeline/enrich.h"
#include "pipeline/registry.h"

namespace wirelens {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

class GoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, ChainOutputMatchesGoldenFile) {
  const fs::path source(WIRELENS_SOURCE_DIR);
  const fs::path input = source / "tests/data/articles" / GetParam();
  const fs::path golden = source / "tests/golden" / (GetParam() + ".jsonl");

  pipeline::StageRegistry registry;
  pipeline::RegisterBuiltinStages(registry);
  std::ifstream in(input, std::ios::binary);
  ASSERT_TRUE(in) << input;
  std::ostringstream out, err;
  // A fixed reference time, so that articles without one resolve the same way
  // on every run; no durations, so that output is byte-identical.
  const int code = pipeline::EnrichCommand(
      {"--durations=false", "--published-at=2026-11-24T12:00:00Z"}, registry, in, out, err);
  ASSERT_EQ(code, 0) << err.str();

  const char* update = std::getenv("WIRELENS_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(golden, std::ios::binary) << out.str();
    GTEST_SKIP() << "regenerated " << golden;
  }
  ASSERT_TRUE(fs::exists(golden)) << golden << " is missing; run with WIRELENS_UPDATE_GOLDEN=1";
  const std::string expected = ReadFile(golden);
  // Compare line by line for a readable failure.
  std::istringstream want(expected), got(out.str());
  std::string w, g;
  int line = 0;
  while (true) {
    const bool more_w = static_cast<bool>(std::getline(want, w));
    const bool more_g = static_cast<bool>(std::getline(got, g));
    ++line;
    if (!more_w && !more_g) break;
    ASSERT_EQ(more_w, more_g) << "line count differs at line " << line;
    EXPECT_EQ(g, w) << GetParam() << " line " << line;
  }
}

std::vector<std::string> SampleFiles() {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(fs::path(WIRELENS_SOURCE_DIR) / "tests/data/articles")) {
    files.push_back(entry.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

INSTANTIATE_TEST_SUITE_P(Samples, GoldenTest, ::testing::ValuesIn(SampleFiles()),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace wirelens
