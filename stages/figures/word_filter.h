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
//
// WordPairFilter: the same kind of pre-check by (first two bytes, length)
// for words of at most 16 bytes, which tells "the" from "three"; it also
// guards ShortWordMap::FindLowered. Same lifecycle and thread-safety.
//
// ShortWordMap / ShortWordSet: exact lookup of short words (at most 16
// bytes) by two 64-bit loads, a multiply and one or two probes; no hashing
// of bytes, no memcmp. Same lifecycle and thread-safety.
//
// AsciiLowerBytes: ASCII lower-casing of eight bytes at a time, for packed
// keys and for AsciiLower (numbers.h).
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace wirelens::stages::figures {

// ASCII A-Z to a-z in each byte of `w`; other bytes (non-ASCII ones and
// zero padding included) unchanged.
inline uint64_t AsciiLowerBytes(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  const uint64_t heptets = w & (0x7F * kOnes);
  const uint64_t above_z = heptets + (0x7F - 'Z') * kOnes;       // high bit: byte > 'Z'
  const uint64_t from_a = heptets + (0x80 - 'A') * kOnes;        // high bit: byte >= 'A'
  return w | ((~w & (from_a ^ above_z) & (0x80 * kOnes)) >> 2);  // +0x20
}

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

class WordPairFilter {
 public:
  static constexpr size_t kMaxLength = 16;

  // Adds the words of `size` bytes (1 to kMaxLength) that start with
  // `prefix` (one or two bytes; only the first for a one-byte word); ASCII
  // letters match either case. Add(key.substr(0, 2), key.size()) adds a
  // key.
  void Add(std::string_view prefix, size_t size) {
    if (prefix.empty() || size == 0 || size > kMaxLength) return;
    const auto bit = static_cast<uint16_t>(1u << (size - 1));
    if (size == 1 || prefix.size() >= 2) {
      masks_[Pair(prefix[0], size >= 2 ? prefix[1] : '\0')] |= bit;
      return;
    }
    for (unsigned second = 0; second < 32; ++second) {
      masks_[Pair(prefix[0], static_cast<char>(second))] |= bit;
    }
  }

  // False only if no added word has `word`'s length and first two bytes
  // (ASCII case-folded). Reads word[0], and word[1] when size >= 2.
  bool MayContain(const char* word, size_t size) const {
    if (size == 0 || size > kMaxLength) return false;
    return (masks_[Pair(word[0], size >= 2 ? word[1] : '\0')] >> (size - 1) & 1) != 0;
  }

 private:
  // Five bits of each byte (the second '\0' for a one-byte word): the same
  // for both cases of a letter.
  static size_t Pair(char first, char second) {
    return (static_cast<unsigned char>(first) & 0x1Fu) << 5 |
           (static_cast<unsigned char>(second) & 0x1Fu);
  }

  // Per Pair(), bit n - 1 set when an added word of n bytes has such a
  // pair.
  std::array<uint16_t, 1024> masks_{};
};

// ShortWordMap<V>: exact lookup of short words (at most 16 bytes) to values.
template <typename V>
class ShortWordMap {
 public:
  static constexpr size_t kMaxLength = 16;

  // Adds or replaces `word` (exact bytes, not ending with a NUL byte: keys
  // are zero-padded); false if it is empty or longer than kMaxLength.
  bool Add(std::string_view word, V value) {
    if (word.empty() || word.size() > kMaxLength) return false;
    const Key k = Pack(word);
    if (const V* found = slots_.empty() ? nullptr : FindKey(k)) {
      slot_values_[static_cast<size_t>(found - slot_values_.data())] = value;
      return true;
    }
    ++size_;
    lengths_[static_cast<uint8_t>(word[0])] |= uint32_t{1} << word.size();
    pairs_.Add(word.substr(0, 2), word.size());
    if (size_ * 4 > slots_.size()) {
      Grow(k, value);  // load factor <= 1/4
    } else {
      Insert(k, value);
    }
    return true;
  }

  // The value of `word`, or nullptr. Keys are zero-padded: a word that
  // ends with NUL bytes is found as the key without them (token text holds
  // no NUL; callers that take other strings check).
  const V* Find(std::string_view word) const {
    if (word.empty() || word.size() > kMaxLength || !MayHave(word[0], word.size())) return nullptr;
    return FindKey(Pack(word));
  }

  // Find(std::string_view(buffer, size)) for a `buffer` with at least
  // kMaxLength readable bytes (bytes past `size` are ignored): two loads
  // instead of a copy.
  const V* FindPadded(const char* buffer, size_t size) const {
    if (size > kMaxLength || size == 0 || !MayHave(buffer[0], size)) return nullptr;
    Key k;
    std::memcpy(&k.a, buffer, 8);
    std::memcpy(&k.b, buffer + 8, 8);
    return FindKey(Truncated(k, size));
  }

  // Find() of text.substr(begin, size) with ASCII letters lower-cased, for
  // a map of lowercase keys: a word of a longer text probed in place, by
  // two loads (a copy only within kMaxLength bytes of the text's end) and
  // no lower-cased string. Most words end at a test of their first two
  // bytes and size, before any lower-casing or hashing. The word must lie
  // inside `text` (begin + size <= text.size()).
  [[gnu::always_inline]] const V* FindLowered(std::string_view text, size_t begin,
                                              size_t size) const {
    if (size > kMaxLength || size == 0) return nullptr;
    const char* word = text.data() + begin;
    if (!pairs_.MayContain(word, size)) return nullptr;
    Key k;
    if (text.size() - begin >= kMaxLength) {
      std::memcpy(&k.a, word, 8);
      std::memcpy(&k.b, word + 8, 8);
    } else {
      k = Pack(std::string_view(word, size));
    }
    k.a = AsciiLowerBytes(k.a);
    k.b = AsciiLowerBytes(k.b);
    return FindKey(Truncated(k, size));
  }

 private:
  // Some key of `size` bytes starts with `first` (false while empty): most
  // words probed end here, before any hashing.
  bool MayHave(char first, size_t size) const {
    return (lengths_[static_cast<uint8_t>(first)] >> size & 1) != 0;
  }
  struct Key {
    uint64_t a = 0;
    uint64_t b = 0;
    bool operator==(const Key& o) const { return a == o.a && b == o.b; }
  };
  // `k` with the bytes from `size` on zeroed.
  static Key Truncated(Key k, size_t size) {
    if (size < 8) {
      k.a &= (uint64_t{1} << (8 * size)) - 1;
      k.b = 0;
    } else if (size < 16) {
      k.b &= (uint64_t{1} << (8 * (size - 8))) - 1;
    }
    return k;
  }
  // `w` (at most kMaxLength bytes) zero-padded, by overlapping loads of
  // its own bytes: no copy loop, no call.
  static Key Pack(std::string_view w) {
    const char* p = w.data();
    const size_t n = w.size();
    Key k;
    if (n >= 8) {
      std::memcpy(&k.a, p, 8);
      if (n > 8) {
        std::memcpy(&k.b, p + n - 8, 8);  // bytes n-8 .. n-1; keep 8 .. n-1
        k.b >>= 8 * (16 - n);
      }
    } else if (n >= 4) {
      uint32_t lo;
      uint32_t hi;
      std::memcpy(&lo, p, 4);
      std::memcpy(&hi, p + n - 4, 4);  // bytes n-4 .. n-1; keep 4 .. n-1
      k.a = lo | (uint64_t{hi} >> (8 * (8 - n))) << 32;
    } else {
      for (size_t i = 0; i < n; ++i) k.a |= uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
    }
    return k;
  }
  size_t Slot(const Key& k) const {
    const uint64_t h =
        (k.a * 0x9E3779B97F4A7C15ULL) ^ ((k.b + 0x632BE59BD9B4E019ULL) * 0xC2B2AE3D27D4EB4FULL);
    return static_cast<size_t>(h >> 32) & (slots_.size() - 1);
  }
  // An all-zero key is never stored (words are non-empty), so it marks a
  // free slot.
  const V* FindKey(const Key& k) const {
    for (size_t i = Slot(k);; i = (i + 1) & (slots_.size() - 1)) {
      if (slots_[i] == Key{}) return nullptr;
      if (slots_[i] == k) return &slot_values_[i];
    }
  }
  // Doubles the slots (16 at first), moves the keys over and inserts `k`.
  void Grow(const Key& k, const V& value) {
    std::vector<Key> old_slots(slots_.empty() ? 16 : 2 * slots_.size());
    std::vector<V> old_values(old_slots.size());
    old_slots.swap(slots_);
    old_values.swap(slot_values_);
    for (size_t j = 0; j < old_slots.size(); ++j) {
      if (!(old_slots[j] == Key{})) Insert(old_slots[j], old_values[j]);
    }
    Insert(k, value);
  }
  // Puts a new key in its slot (linear probing).
  void Insert(const Key& k, const V& value) {
    size_t i = Slot(k);
    while (!(slots_[i] == Key{})) i = (i + 1) & (slots_.size() - 1);
    slots_[i] = k;
    slot_values_[i] = value;
  }

  // Per first byte, bit n set when a key of n bytes starts with it.
  std::array<uint32_t, 256> lengths_{};
  // Every key, for FindLowered.
  WordPairFilter pairs_;
  // Number of keys.
  size_t size_ = 0;
  std::vector<Key> slots_;
  std::vector<V> slot_values_;
};

// ShortWordSet: the same, as a set.
class ShortWordSet {
 public:
  static constexpr size_t kMaxLength = ShortWordMap<uint8_t>::kMaxLength;
  bool Add(std::string_view word) { return map_.Add(word, 1); }
  bool Contains(std::string_view word) const { return map_.Find(word) != nullptr; }
  bool ContainsPadded(const char* buffer, size_t size) const {
    return map_.FindPadded(buffer, size) != nullptr;
  }
  [[gnu::always_inline]] bool ContainsLowered(std::string_view text, size_t begin,
                                              size_t size) const {
    return map_.FindLowered(text, begin, size) != nullptr;
  }

 private:
  ShortWordMap<uint8_t> map_;
};

}  // namespace wirelens::stages::figures
