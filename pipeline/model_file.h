// File: model_file.h
//
// The versioned container every wirelens model file uses, so that a wrong,
// truncated or corrupted model is a clear startup error and never a crash.
//
// Layout (all integers little-endian):
//   magic      8 bytes  "WLMODEL\0"
//   format     u32      container format version (kModelContainerVersion)
//   kind_len   u32, kind bytes        what model this is, e.g. "langid-ngram"
//   kind_ver   u32      version of that model kind's payload layout
//   name_len   u32, name bytes        model name reported in Provenance
//   ver_len    u32, version bytes     model version reported in Provenance
//   size       u64      payload size in bytes
//   payload    size bytes
//   crc32      u32      CRC-32 (zlib) of every byte before it
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace wirelens::pipeline {

inline constexpr uint32_t kModelContainerVersion = 1;

struct ModelFile {
  std::string kind;           // e.g. "langid-ngram"
  uint32_t kind_version = 0;  // payload layout version of that kind
  std::string name;           // reported in Provenance.model_name
  std::string version;        // reported in Provenance.model_version
  std::string payload;        // the model's own bytes
};

// Serializes `model` into the container format.
std::string EncodeModelFile(const ModelFile& model);

// Parses and verifies a container. Errors (all DataLoss, with a message that
// says which check failed): wrong magic, unsupported container version,
// truncated, checksum mismatch.
absl::StatusOr<ModelFile> DecodeModelFile(std::string_view bytes);

// Reads `path` and decodes it, then checks that its kind is `expected_kind`
// and its kind version is `expected_kind_version` (FailedPrecondition if not).
// NotFound if the file does not exist.
absl::StatusOr<ModelFile> LoadModelFile(const std::string& path, std::string_view expected_kind,
                                        uint32_t expected_kind_version);

// Writes `model` to `path` atomically (temp file + rename).
absl::Status SaveModelFile(const std::string& path, const ModelFile& model);

}  // namespace wirelens::pipeline
