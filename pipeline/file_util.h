// File: file_util.h
//
// File reading for the offline tools (trainers, evaluators) and model
// builders: whole files, gzip files whole or line by line, and the common
// exit-code convention of a tool's main(). Not used on the per-article path.
// All functions are thread-compatible (no shared state).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace wirelens::pipeline {

// The whole file. NotFound if it cannot be opened, DataLoss on a read error.
absl::StatusOr<std::string> ReadFileToString(const std::string& path);

// The whole decompressed contents of a gzip file (a plain file is read as
// is, as zlib does). NotFound if it cannot be opened, DataLoss if the stream
// is corrupt or truncated.
absl::StatusOr<std::string> ReadGzipFile(const std::string& path);

// Calls `line` for every line of a gzip (or plain) file, without the
// newline, streaming in constant memory. A final line without a newline is
// included; empty lines are passed too. Errors as ReadGzipFile.
absl::Status ForEachGzipLine(const std::string& path,
                             const std::function<void(std::string_view)>& line);

// The exit code of a tool's main(): 0 when `status` is OK, otherwise prints
// "<tool>: <status>" to stderr and returns 1.
int ToolExitCode(std::string_view tool, const absl::Status& status);

}  // namespace wirelens::pipeline
