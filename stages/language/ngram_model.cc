#include "stages/language/ngram_model.h"

#include <unicode/uchar.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "pipeline/text.h"

namespace wirelens::stages::language {
namespace {

constexpr char32_t kBoundary = U' ';
constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr uint64_t kFnvPrime = 0x100000001b3ULL;
// Refuse absurd sizes from a corrupt header before allocating.
constexpr uint32_t kMaxUncompressedPayload = 512u << 20;

uint32_t FinalizeKey(uint64_t h) {
  // MurmurHash3's 64-bit finalizer spreads FNV's weak low bits.
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  const uint32_t key = static_cast<uint32_t>(h >> 32);
  return key == 0 ? 1 : key;
}

// Folds a code point for feature extraction, or returns kBoundary for
// anything that is not a letter or combining mark.
char32_t FoldOrBoundary(char32_t cp) {
  if (cp < 0x80) {
    if (cp >= 'A' && cp <= 'Z') return cp + ('a' - 'A');
    if (cp >= 'a' && cp <= 'z') return cp;
    return kBoundary;
  }
  if (cp == 0xFFFD) return kBoundary;
  if (u_isalpha(cp) || (U_GET_GC_MASK(cp) & U_GC_M_MASK) != 0) {
    return static_cast<char32_t>(u_foldCase(cp, U_FOLD_CASE_DEFAULT));
  }
  return kBoundary;
}

class ByteWriter {
 public:
  void U8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void U32(uint32_t v) {
    for (int i = 0; i < 4; ++i) U8(static_cast<uint8_t>(v >> (8 * i)));
  }
  void F32(float v) {
    uint32_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    U32(bits);
  }
  void Bytes(std::string_view b) { out_.append(b); }
  std::string& str() { return out_; }

 private:
  std::string out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  bool U8(uint8_t* v) {
    if (pos_ >= in_.size()) return false;
    *v = static_cast<uint8_t>(in_[pos_++]);
    return true;
  }
  bool U32(uint32_t* v) {
    if (in_.size() - pos_ < 4) return false;
    *v = 0;
    for (int i = 0; i < 4; ++i) *v |= uint32_t{static_cast<uint8_t>(in_[pos_ + i])} << (8 * i);
    pos_ += 4;
    return true;
  }
  bool F32(float* v) {
    uint32_t bits;
    if (!U32(&bits)) return false;
    std::memcpy(v, &bits, sizeof bits);
    return true;
  }
  bool Bytes(size_t n, std::string* out) {
    if (in_.size() - pos_ < n) return false;
    out->assign(in_.substr(pos_, n));
    pos_ += n;
    return true;
  }
  bool done() const { return pos_ == in_.size(); }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

absl::Status Malformed(absl::string_view what) {
  return absl::DataLossError(absl::StrCat("malformed langid-ngram payload: ", what));
}

}  // namespace

void ExtractNgramKeys(std::string_view text, int max_order, size_t max_code_points,
                      std::vector<uint32_t>* keys) {
  max_order = std::clamp(max_order, 1, kMaxNgramOrder);
  // window[0] is the newest code point of the current word, preceded by the
  // word-initial boundary.
  char32_t window[kMaxNgramOrder];
  int filled = 1;
  window[0] = kBoundary;
  auto push = [&](char32_t c) {
    for (int i = std::min(filled, max_order - 1); i > 0; --i) window[i] = window[i - 1];
    window[0] = c;
    filled = std::min(filled + 1, max_order);
    uint64_t h = kFnvOffset;
    for (int n = 1; n <= filled; ++n) {
      h = (h ^ window[n - 1]) * kFnvPrime;
      if (n == 1 && c == kBoundary) continue;
      keys->push_back(FinalizeKey(h));
    }
  };
  size_t pos = 0;
  size_t seen = 0;
  bool in_word = false;
  while (pos < text.size() && seen < max_code_points) {
    const unsigned char byte = static_cast<unsigned char>(text[pos]);
    char32_t cp;
    if (byte < 0x80) {
      cp = byte;
      ++pos;
    } else {
      cp = pipeline::DecodeUtf8(text, &pos);
    }
    ++seen;
    const char32_t folded = FoldOrBoundary(cp);
    if (folded != kBoundary) {
      push(folded);
      in_word = true;
    } else if (in_word) {
      push(kBoundary);  // word-final n-grams
      window[0] = kBoundary;
      filled = 1;
      in_word = false;
    }
  }
  if (in_word) push(kBoundary);
}

std::string SerializeNgramModel(const NgramModelData& data) {
  ByteWriter raw;
  raw.U32(static_cast<uint32_t>(data.max_order));
  raw.F32(data.step);
  raw.U32(static_cast<uint32_t>(data.languages.size()));
  for (size_t i = 0; i < data.languages.size(); ++i) {
    raw.U8(static_cast<uint8_t>(data.languages[i].size()));
    raw.Bytes(data.languages[i]);
    raw.F32(i < data.biases.size() ? data.biases[i] : 0.0f);
  }
  raw.U32(static_cast<uint32_t>(data.features.size()));
  for (const NgramModelData::Feature& f : data.features) {
    raw.U32(f.key);
    raw.U8(static_cast<uint8_t>(f.entries.size()));
    for (const NgramModelData::Entry& e : f.entries) {
      raw.U8(e.language);
      raw.U8(e.weight);
    }
  }
  const std::string& bytes = raw.str();
  uLongf compressed_size = compressBound(bytes.size());
  std::string out(4 + compressed_size, '\0');
  const uint32_t raw_size = static_cast<uint32_t>(bytes.size());
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((raw_size >> (8 * i)) & 0xFF);
  // compress2 only fails on a too-small buffer, which compressBound rules out.
  compress2(reinterpret_cast<Bytef*>(out.data() + 4), &compressed_size,
            reinterpret_cast<const Bytef*>(bytes.data()), bytes.size(), Z_BEST_COMPRESSION);
  out.resize(4 + compressed_size);
  return out;
}

absl::StatusOr<NgramModel> NgramModel::FromPayload(std::string_view payload) {
  ByteReader header(payload.substr(0, std::min<size_t>(4, payload.size())));
  uint32_t raw_size = 0;
  if (!header.U32(&raw_size)) return Malformed("missing size");
  if (raw_size > kMaxUncompressedPayload) return Malformed("implausible size");
  std::string raw(raw_size, '\0');
  uLongf out_size = raw_size;
  const int rc = uncompress(reinterpret_cast<Bytef*>(raw.data()), &out_size,
                            reinterpret_cast<const Bytef*>(payload.data() + 4), payload.size() - 4);
  if (rc != Z_OK || out_size != raw_size) return Malformed("bad compressed data");

  ByteReader in(raw);
  NgramModelData data;
  uint32_t max_order = 0, n_languages = 0, n_features = 0;
  if (!in.U32(&max_order) || !in.F32(&data.step) || !in.U32(&n_languages)) {
    return Malformed("truncated header");
  }
  if (max_order < 1 || max_order > kMaxNgramOrder) return Malformed("bad max order");
  if (n_languages == 0 || n_languages > 255) return Malformed("bad language count");
  data.max_order = static_cast<int>(max_order);
  for (uint32_t i = 0; i < n_languages; ++i) {
    uint8_t len = 0;
    std::string code;
    float bias = 0;
    if (!in.U8(&len) || !in.Bytes(len, &code) || !in.F32(&bias)) {
      return Malformed("truncated language table");
    }
    data.languages.push_back(std::move(code));
    data.biases.push_back(bias);
  }
  if (!in.U32(&n_features)) return Malformed("truncated feature count");
  if (n_features > raw_size / 5) return Malformed("implausible feature count");
  data.features.resize(n_features);
  for (NgramModelData::Feature& f : data.features) {
    uint8_t n_entries = 0;
    if (!in.U32(&f.key) || !in.U8(&n_entries)) return Malformed("truncated feature");
    f.entries.resize(n_entries);
    for (NgramModelData::Entry& e : f.entries) {
      if (!in.U8(&e.language) || !in.U8(&e.weight)) return Malformed("truncated entry");
    }
  }
  if (!in.done()) return Malformed("trailing bytes");
  absl::StatusOr<NgramModel> model = FromData(data);
  if (!model.ok()) return Malformed(model.status().message());
  return model;
}

absl::StatusOr<NgramModel> NgramModel::FromData(const NgramModelData& data) {
  if (data.languages.empty() || data.languages.size() > 255 ||
      data.biases.size() != data.languages.size()) {
    return absl::InvalidArgumentError("language table and biases disagree");
  }
  if (data.max_order < 1 || data.max_order > kMaxNgramOrder) {
    return absl::InvalidArgumentError("max order out of range");
  }
  NgramModel model;
  model.max_order_ = data.max_order;
  model.step_ = data.step;
  model.languages_ = data.languages;
  model.biases_.assign(data.biases.begin(), data.biases.end());
  size_t capacity = 16;
  while (capacity < 2 * data.features.size()) capacity *= 2;
  model.slots_.assign(capacity, Slot{});
  model.slot_mask_ = static_cast<uint32_t>(capacity - 1);
  uint32_t previous_key = 0;
  for (const NgramModelData::Feature& f : data.features) {
    if (f.key == 0 || f.key <= previous_key) {
      return absl::InvalidArgumentError("feature keys must be non-zero and strictly ascending");
    }
    previous_key = f.key;
    uint32_t i = f.key & model.slot_mask_;
    while (model.slots_[i].key != 0) i = (i + 1) & model.slot_mask_;
    if (model.entries_.size() + f.entries.size() >= kMaxEntries || f.entries.size() > 255) {
      return absl::InvalidArgumentError("too many model entries");
    }
    Slot& slot = model.slots_[i];
    slot.key = f.key;
    slot.entries = static_cast<uint32_t>(model.entries_.size()) |
                   (static_cast<uint32_t>(f.entries.size()) << 24);
    for (const NgramModelData::Entry& e : f.entries) {
      if (e.language >= data.languages.size()) {
        return absl::InvalidArgumentError("entry names a language out of range");
      }
      model.entries_.push_back(e);
    }
  }
  model.num_features_ = data.features.size();
  return model;
}

int NgramModel::LanguageIndex(std::string_view code) const {
  for (size_t i = 0; i < languages_.size(); ++i) {
    if (languages_[i] == code) return static_cast<int>(i);
  }
  return -1;
}

const NgramModel::Slot* NgramModel::Find(uint32_t key) const {
  uint32_t i = key & slot_mask_;
  while (true) {
    const Slot& slot = slots_[i];
    if (slot.key == key) return &slot;
    if (slot.key == 0) return nullptr;
    i = (i + 1) & slot_mask_;
  }
}

int NgramModel::Score(std::string_view text, size_t max_code_points, NgramScratch* scratch,
                      std::vector<double>* log_likelihoods) const {
  scratch->keys.clear();
  ExtractNgramKeys(text, max_order_, max_code_points, &scratch->keys);
  scratch->sums.assign(languages_.size(), 0);
  int32_t* sums = scratch->sums.data();
  int known = 0;
  const std::vector<uint32_t>& keys = scratch->keys;
  // The table is far larger than the cache: prefetch the home slot of a key
  // a few iterations ahead so the misses overlap.
  constexpr size_t kPrefetchDistance = 8;
  for (size_t k = 0; k < keys.size(); ++k) {
    if (k + kPrefetchDistance < keys.size()) {
      __builtin_prefetch(&slots_[keys[k + kPrefetchDistance] & slot_mask_]);
    }
    const Slot* slot = Find(keys[k]);
    if (slot == nullptr) continue;
    ++known;
    const NgramModelData::Entry* e = entries_.data() + (slot->entries & (kMaxEntries - 1));
    const uint32_t n = slot->entries >> 24;
    for (uint32_t j = 0; j < n; ++j) sums[e[j].language] += e[j].weight;
  }
  log_likelihoods->resize(languages_.size());
  for (size_t l = 0; l < languages_.size(); ++l) {
    (*log_likelihoods)[l] = known == 0 ? 0.0 : step_ * sums[l] + known * biases_[l];
  }
  return known;
}

}  // namespace wirelens::stages::language
