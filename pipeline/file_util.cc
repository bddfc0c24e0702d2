#include "pipeline/file_util.h"

#include <zlib.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace wirelens::pipeline {
namespace {

// Streams the decompressed bytes of `path` to `chunk` in blocks.
absl::Status ForEachGzipChunk(const std::string& path,
                              const std::function<void(std::string_view)>& chunk) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  gzbuffer(file, 1 << 20);
  char buffer[1 << 16];
  int n;
  while ((n = gzread(file, buffer, sizeof buffer)) > 0) chunk(std::string_view(buffer, n));
  int err = Z_OK;
  const char* message = gzerror(file, &err);
  const bool failed = n < 0 || (err != Z_OK && err != Z_STREAM_END);
  const std::string error = failed ? message : "";
  gzclose(file);
  if (failed) return absl::DataLossError(absl::StrCat(path, ": ", error));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> ReadFileToString(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return absl::DataLossError(absl::StrCat("error reading ", path));
  return buffer.str();
}

absl::StatusOr<std::string> ReadGzipFile(const std::string& path) {
  std::string all;
  absl::Status status = ForEachGzipChunk(path, [&](std::string_view c) { all.append(c); });
  if (!status.ok()) return status;
  return all;
}

absl::Status ForEachGzipLine(const std::string& path,
                             const std::function<void(std::string_view)>& line) {
  std::string pending;
  absl::Status status = ForEachGzipChunk(path, [&](std::string_view chunk) {
    pending.append(chunk);
    size_t start = 0;
    for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1) {
      line(std::string_view(pending).substr(start, nl - start));
    }
    pending.erase(0, start);
  });
  if (!status.ok()) return status;
  if (!pending.empty()) line(pending);
  return absl::OkStatus();
}

int ToolExitCode(std::string_view tool, const absl::Status& status) {
  if (status.ok()) return 0;
  std::cerr << tool << ": " << status << std::endl;
  return 1;
}

}  // namespace wirelens::pipeline
