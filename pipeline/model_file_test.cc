#include "pipeline/model_file.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wirelens::pipeline {
namespace {

using ::testing::HasSubstr;

ModelFile SampleModel() {
  ModelFile model;
  model.kind = "langid-ngram";
  model.kind_version = 3;
  model.name = "sample";
  model.version = "2026.1.0";
  model.payload = std::string("\x00\x01\xff payload bytes", 17);
  return model;
}

std::string TempPath(const std::string& name) {
  return (std::filesystem::path(::testing::TempDir()) / name).string();
}

TEST(ModelFileTest, RoundTrips) {
  const ModelFile model = SampleModel();
  absl::StatusOr<ModelFile> decoded = DecodeModelFile(EncodeModelFile(model));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->kind, "langid-ngram");
  EXPECT_EQ(decoded->kind_version, 3u);
  EXPECT_EQ(decoded->name, "sample");
  EXPECT_EQ(decoded->version, "2026.1.0");
  EXPECT_EQ(decoded->payload, model.payload);
}

TEST(ModelFileTest, LayoutIsLittleEndianWithMagicFirst) {
  const std::string bytes = EncodeModelFile(SampleModel());
  ASSERT_GE(bytes.size(), 12u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("WLMODEL\0", 8));
  EXPECT_EQ(bytes.substr(8, 4), std::string("\x01\x00\x00\x00", 4));
  // 8 magic + 4 format + (4+12) kind + 4 kind_ver + (4+6) name + (4+8)
  // version + 8 size + 17 payload + 4 crc.
  EXPECT_EQ(bytes.size(), 8u + 4 + 16 + 4 + 10 + 12 + 8 + 17 + 4);
}

TEST(ModelFileTest, EmptyPayloadRoundTrips) {
  ModelFile model = SampleModel();
  model.payload.clear();
  absl::StatusOr<ModelFile> decoded = DecodeModelFile(EncodeModelFile(model));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_TRUE(decoded->payload.empty());
}

TEST(ModelFileTest, BadMagicIsDataLoss) {
  std::string bytes = EncodeModelFile(SampleModel());
  bytes[0] = 'X';
  absl::StatusOr<ModelFile> decoded = DecodeModelFile(bytes);
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(decoded.status().message(), HasSubstr("magic"));
  EXPECT_EQ(DecodeModelFile("").status().code(), absl::StatusCode::kDataLoss);
}

TEST(ModelFileTest, UnsupportedVersionIsDataLoss) {
  std::string bytes = EncodeModelFile(SampleModel());
  bytes[8] = 2;
  absl::StatusOr<ModelFile> decoded = DecodeModelFile(bytes);
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(decoded.status().message(), HasSubstr("version 2"));
}

TEST(ModelFileTest, EveryTruncationIsDataLoss) {
  const std::string bytes = EncodeModelFile(SampleModel());
  for (size_t len = 8; len < bytes.size(); ++len) {
    absl::StatusOr<ModelFile> decoded = DecodeModelFile(std::string_view(bytes).substr(0, len));
    EXPECT_EQ(decoded.status().code(), absl::StatusCode::kDataLoss) << "length " << len;
    EXPECT_THAT(decoded.status().message(), HasSubstr("truncated")) << "length " << len;
  }
}

TEST(ModelFileTest, HugeDeclaredPayloadSizeIsTruncationNotCrash) {
  std::string bytes = EncodeModelFile(SampleModel());
  // The payload size field sits right before the 17 payload bytes + crc.
  const size_t size_pos = bytes.size() - 4 - 17 - 8;
  for (size_t i = 0; i < 8; ++i) bytes[size_pos + i] = '\xff';
  EXPECT_EQ(DecodeModelFile(bytes).status().code(), absl::StatusCode::kDataLoss);
}

TEST(ModelFileTest, FlippedPayloadBitIsChecksumMismatch) {
  std::string bytes = EncodeModelFile(SampleModel());
  bytes[bytes.size() - 6] ^= 0x10;
  absl::StatusOr<ModelFile> decoded = DecodeModelFile(bytes);
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(decoded.status().message(), HasSubstr("checksum"));
}

TEST(ModelFileTest, FlippedChecksumIsMismatch) {
  std::string bytes = EncodeModelFile(SampleModel());
  bytes.back() ^= 0x01;
  EXPECT_THAT(DecodeModelFile(bytes).status().message(), HasSubstr("checksum"));
}

TEST(ModelFileTest, TrailingBytesAreDataLoss) {
  std::string bytes = EncodeModelFile(SampleModel());
  bytes += "extra";
  EXPECT_EQ(DecodeModelFile(bytes).status().code(), absl::StatusCode::kDataLoss);
}

TEST(ModelFileTest, SaveThenLoad) {
  const std::string path = TempPath("model_file_test_save.wlm");
  ASSERT_TRUE(SaveModelFile(path, SampleModel()).ok());
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  absl::StatusOr<ModelFile> loaded = LoadModelFile(path, "langid-ngram", 3);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->payload, SampleModel().payload);
  std::remove(path.c_str());
}

TEST(ModelFileTest, LoadChecksKindAndKindVersion) {
  const std::string path = TempPath("model_file_test_kind.wlm");
  ASSERT_TRUE(SaveModelFile(path, SampleModel()).ok());
  absl::StatusOr<ModelFile> wrong_kind = LoadModelFile(path, "ner-crf", 3);
  EXPECT_EQ(wrong_kind.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(wrong_kind.status().message(), HasSubstr("ner-crf"));
  absl::StatusOr<ModelFile> wrong_version = LoadModelFile(path, "langid-ngram", 4);
  EXPECT_EQ(wrong_version.status().code(), absl::StatusCode::kFailedPrecondition);
  std::remove(path.c_str());
}

TEST(ModelFileTest, LoadMissingFileIsNotFound) {
  EXPECT_EQ(LoadModelFile(TempPath("does_not_exist.wlm"), "langid-ngram", 1).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(ModelFileTest, LoadCorruptFileIsDataLossNamingThePath) {
  const std::string path = TempPath("model_file_test_corrupt.wlm");
  {
    std::ofstream out(path, std::ios::binary);
    out << "this is not a model";
  }
  absl::StatusOr<ModelFile> loaded = LoadModelFile(path, "langid-ngram", 1);
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(loaded.status().message(), HasSubstr(path));
  std::remove(path.c_str());
}

}  // namespace
}  // namespace wirelens::pipeline
