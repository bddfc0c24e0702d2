// File: ner_bytes.h
//
// Little-endian byte writing/reading and zlib framing for the recognizer's
// model payloads (the lexicon, the gazetteer and the NER weights). Reading is
// bounds-checked: a truncated or corrupted payload is reported, never read
// past its end.
//
// Thread-safety: ByteWriter/ByteReader are single-owner values.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace wirelens::stages::entities {

class ByteWriter {
 public:
  template <typename T>
  void Put(T value) {
    static_assert(std::is_trivially_copyable_v<T>);
    const size_t at = bytes_.size();
    bytes_.resize(at + sizeof(T));
    std::memcpy(bytes_.data() + at, &value, sizeof(T));
  }
  void PutBytes(std::string_view bytes) { bytes_.append(bytes.data(), bytes.size()); }
  void PutString(std::string_view s) {
    Put<uint32_t>(static_cast<uint32_t>(s.size()));
    PutBytes(s);
  }
  std::string& bytes() { return bytes_; }

 private:
  std::string bytes_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}
  // False (and the reader goes bad) when fewer than sizeof(T) bytes remain.
  template <typename T>
  bool Get(T* value) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (!ok_ || bytes_.size() - pos_ < sizeof(T)) return ok_ = false;
    std::memcpy(value, bytes_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  bool GetBytes(size_t n, std::string_view* out) {
    if (!ok_ || bytes_.size() - pos_ < n) return ok_ = false;
    *out = bytes_.substr(pos_, n);
    pos_ += n;
    return true;
  }
  bool GetString(std::string* out) {
    uint32_t n = 0;
    std::string_view view;
    if (!Get(&n) || !GetBytes(n, &view)) return false;
    out->assign(view.data(), view.size());
    return true;
  }
  bool ok() const { return ok_; }
  size_t remaining() const { return bytes_.size() - pos_; }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
  bool ok_ = true;
};

// u64 uncompressed size + zlib stream.
std::string Compress(std::string_view bytes);
// Inverse of Compress. DataLoss when the stream is malformed or its size does
// not match.
absl::StatusOr<std::string> Decompress(std::string_view framed);

}  // namespace wirelens::stages::entities
