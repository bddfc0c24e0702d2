// File: ner_hash.h
//
// Stable 64-bit hashing for the named-entity recognizer. Feature keys, the
// lexicon and the gazetteer are stored in model files as hashes, so the hash
// must never change between builds or platforms (absl::Hash may: it is seeded
// per process). Changing anything here changes every model: bump the kind
// versions in ner_model.h and clusters.h.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace wirelens::stages::entities {

// The 64-bit finalizer of MurmurHash3 (a bijection with good avalanche).
inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// Combines two hashes; order matters (Combine(a, b) != Combine(b, a)).
inline uint64_t Combine(uint64_t a, uint64_t b) {
  return Mix64(a * 0x9e3779b97f4a7c15ULL + b + 0x632be59bd9b4e019ULL);
}

// Hashes `bytes` with `seed`, eight bytes at a time.
inline uint64_t HashBytes(std::string_view bytes, uint64_t seed) {
  uint64_t h = Mix64(seed ^ (bytes.size() * 0x9e3779b97f4a7c15ULL));
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, bytes.data() + i, 8);
    h = Mix64(h ^ word) * 0x9e3779b97f4a7c15ULL;
  }
  uint64_t tail = 0;
  for (size_t k = 0; i < bytes.size(); ++i, ++k) {
    tail |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[i])) << (8 * k);
  }
  return Mix64(h ^ tail ^ 0x8f1bbcdcbfa53e0bULL);
}

}  // namespace wirelens::stages::entities
