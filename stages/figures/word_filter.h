// File: word_filter.h
//
// WordShapeFilter: a 2 KB pre-check in front of the figures stage's word
// tables. Most tokens of running text are ordinary words that no table
// holds; the filter rejects nearly all of them by (first byte, length),
// before any lower-casing, hashing or string compare. A "maybe" answer must
// still be confirmed against the real table: false positives are expected,
// false negatives impossible.
//
// Build once (e.g. in a function-local static) with every key of the table it
// guards, then call MayContain() from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace wirelens::stages::figures {

class WordShapeFilter {
 public:
  // Adds a key; ASCII letters match either case. Keys of 64 bytes or more
  // are always "maybe".
  void Add(std::string_view key) {
    if (key.empty()) return;
    if (key.size() >= 64) {
      long_keys_ = true;
      return;
    }
    masks_[Fold(key[0])] |= uint64_t{1} << key.size();
  }

  // False only if no added key has `text`'s first byte (ASCII case-folded)
  // and length.
  bool MayContain(std::string_view text) const {
    if (text.empty()) return false;
    if (text.size() >= 64) return long_keys_;
    return (masks_[Fold(text[0])] >> text.size() & 1) != 0;
  }

 private:
  static unsigned char Fold(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 'A' && u <= 'Z') ? static_cast<unsigned char>(u - 'A' + 'a') : u;
  }

  std::array<uint64_t, 256> masks_{};
  bool long_keys_ = false;
};

}  // namespace wirelens::stages::figures
