#include "pipeline/model_file.h"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>

#include "absl/strings/str_cat.h"

namespace wirelens::pipeline {
namespace {

constexpr std::string_view kMagic("WLMODEL\0", 8);

void PutU32(uint32_t v, std::string* out) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

void PutU64(uint64_t v, std::string* out) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

void PutBytes(std::string_view bytes, std::string* out) {
  PutU32(static_cast<uint32_t>(bytes.size()), out);
  out->append(bytes);
}

uint32_t Crc32(std::string_view bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib takes uInt lengths; feed large inputs in pieces.
  while (!bytes.empty()) {
    const size_t n = std::min<size_t>(bytes.size(), std::numeric_limits<uInt>::max());
    crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(n));
    bytes.remove_prefix(n);
  }
  return static_cast<uint32_t>(crc);
}

// Sequential little-endian reader over the container bytes. Every read
// reports truncation instead of reading past the end.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}

  bool U32(uint32_t* v) {
    if (bytes_.size() - pos_ < 4) return false;
    *v = 0;
    for (int i = 0; i < 4; ++i) {
      *v |= static_cast<uint32_t>(static_cast<unsigned char>(bytes_[pos_ + i])) << (8 * i);
    }
    pos_ += 4;
    return true;
  }

  bool U64(uint64_t* v) {
    if (bytes_.size() - pos_ < 8) return false;
    *v = 0;
    for (int i = 0; i < 8; ++i) {
      *v |= static_cast<uint64_t>(static_cast<unsigned char>(bytes_[pos_ + i])) << (8 * i);
    }
    pos_ += 8;
    return true;
  }

  bool Bytes(uint64_t n, std::string* out) {
    if (bytes_.size() - pos_ < n) return false;
    out->assign(bytes_.data() + pos_, static_cast<size_t>(n));
    pos_ += static_cast<size_t>(n);
    return true;
  }

  bool LengthPrefixed(std::string* out) {
    uint32_t n = 0;
    return U32(&n) && Bytes(n, out);
  }

  size_t pos() const { return pos_; }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

absl::Status Truncated(std::string_view what) {
  return absl::DataLossError(
      absl::StrCat("model file truncated while reading ", std::string(what)));
}

}  // namespace

std::string EncodeModelFile(const ModelFile& model) {
  std::string out;
  out.reserve(kMagic.size() + 40 + model.kind.size() + model.name.size() + model.version.size() +
              model.payload.size());
  out.append(kMagic);
  PutU32(kModelContainerVersion, &out);
  PutBytes(model.kind, &out);
  PutU32(model.kind_version, &out);
  PutBytes(model.name, &out);
  PutBytes(model.version, &out);
  PutU64(model.payload.size(), &out);
  out.append(model.payload);
  PutU32(Crc32(out), &out);
  return out;
}

absl::StatusOr<ModelFile> DecodeModelFile(std::string_view bytes) {
  if (bytes.size() < kMagic.size() || bytes.substr(0, kMagic.size()) != kMagic) {
    return absl::DataLossError("not a wirelens model file (bad magic)");
  }
  Reader reader(bytes.substr(kMagic.size()));
  uint32_t format = 0;
  if (!reader.U32(&format)) return Truncated("container version");
  if (format != kModelContainerVersion) {
    return absl::DataLossError(absl::StrCat("unsupported model container version ", format,
                                            " (this build reads ", kModelContainerVersion, ")"));
  }
  ModelFile model;
  if (!reader.LengthPrefixed(&model.kind)) return Truncated("kind");
  if (!reader.U32(&model.kind_version)) return Truncated("kind version");
  if (!reader.LengthPrefixed(&model.name)) return Truncated("name");
  if (!reader.LengthPrefixed(&model.version)) return Truncated("version");
  uint64_t size = 0;
  if (!reader.U64(&size)) return Truncated("payload size");
  if (!reader.Bytes(size, &model.payload)) return Truncated("payload");
  const size_t checked = kMagic.size() + reader.pos();
  uint32_t stored_crc = 0;
  if (!reader.U32(&stored_crc)) return Truncated("checksum");
  if (kMagic.size() + reader.pos() != bytes.size()) {
    return absl::DataLossError(absl::StrCat("model file has ",
                                            bytes.size() - kMagic.size() - reader.pos(),
                                            " unexpected trailing bytes"));
  }
  const uint32_t actual_crc = Crc32(bytes.substr(0, checked));
  if (actual_crc != stored_crc) {
    return absl::DataLossError(absl::StrCat("model file checksum mismatch (stored ", stored_crc,
                                            ", computed ", actual_crc, ")"));
  }
  return model;
}

absl::StatusOr<ModelFile> LoadModelFile(const std::string& path, std::string_view expected_kind,
                                        uint32_t expected_kind_version) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    if (err == ENOENT) return absl::NotFoundError(absl::StrCat("model file not found: ", path));
    return absl::UnavailableError(
        absl::StrCat("cannot open model file ", path, ": ", std::strerror(err)));
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return absl::UnavailableError(absl::StrCat("cannot read model file ", path));
  absl::StatusOr<ModelFile> model = DecodeModelFile(bytes);
  if (!model.ok()) {
    return absl::Status(model.status().code(), absl::StrCat(path, ": ", model.status().message()));
  }
  if (model->kind != expected_kind) {
    return absl::FailedPreconditionError(absl::StrCat(path, ": model kind is \"", model->kind,
                                                      "\", expected \"", std::string(expected_kind),
                                                      "\""));
  }
  if (model->kind_version != expected_kind_version) {
    return absl::FailedPreconditionError(absl::StrCat(
        path, ": ", std::string(expected_kind), " payload version ", model->kind_version,
        " is not supported (this build reads ", expected_kind_version, ")"));
  }
  return model;
}

absl::Status SaveModelFile(const std::string& path, const ModelFile& model) {
  const std::string bytes = EncodeModelFile(model);
  const std::string tmp = absl::StrCat(path, ".tmp");
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      return absl::UnavailableError(
          absl::StrCat("cannot create ", tmp, ": ", std::strerror(errno)));
    }
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      return absl::UnavailableError(absl::StrCat("cannot write ", tmp));
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    std::remove(tmp.c_str());
    return absl::UnavailableError(
        absl::StrCat("cannot rename ", tmp, " to ", path, ": ", std::strerror(err)));
  }
  return absl::OkStatus();
}

}  // namespace wirelens::pipeline
