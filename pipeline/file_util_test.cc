#include "pipeline/file_util.h"

#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wirelens::pipeline {
namespace {

using ::testing::ElementsAre;

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("wirelens_file_util_" + name)).string();
}

void WriteGzip(const std::string& path, const std::string& data) {
  gzFile f = gzopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(gzwrite(f, data.data(), static_cast<unsigned>(data.size())), static_cast<int>(data.size()));
  gzclose(f);
}

TEST(FileUtilTest, ReadsPlainAndGzipFiles) {
  const std::string plain = TempPath("plain.txt");
  std::ofstream(plain, std::ios::binary) << "aline two\n";
  auto text = ReadFileToString(plain);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "aline two\n");

  const std::string gz = TempPath("data.gz");
  std::string big(200000, 'x');
  WriteGzip(gz, big + "\nend");
  auto unzipped = ReadGzipFile(gz);
  ASSERT_TRUE(unzipped.ok());
  EXPECT_EQ(unzipped->size(), big.size() + 4);
  std::remove(plain.c_str());
  std::remove(gz.c_str());
}

TEST(FileUtilTest, StreamsLinesIncludingALastLineWithoutNewline) {
  const std::string gz = TempPath("lines.gz");
  WriteGzip(gz, "first\n\nthird\nlast");
  std::vector<std::string> lines;
  ASSERT_TRUE(ForEachGzipLine(gz, [&](std::string_view l) { lines.emplace_back(l); }).ok());
  EXPECT_THAT(lines, ElementsAre("first", "", "third", "last"));
  std::remove(gz.c_str());
}

TEST(FileUtilTest, ReportsMissingAndCorruptFiles) {
  EXPECT_EQ(ReadFileToString("/no/such/file").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ReadGzipFile("/no/such/file.gz").status().code(), absl::StatusCode::kNotFound);
  const std::string gz = TempPath("truncated.gz");
  WriteGzip(gz, std::string(100000, 'y'));
  std::filesystem::resize_file(gz, std::filesystem::file_size(gz) / 2);
  EXPECT_EQ(ReadGzipFile(gz).status().code(), absl::StatusCode::kDataLoss);
  std::remove(gz.c_str());
  EXPECT_EQ(ToolExitCode("tool", absl::OkStatus()), 0);
  EXPECT_EQ(ToolExitCode("tool", absl::InternalError("x")), 1);
}

}  // namespace
}  // namespace wirelens::pipeline
