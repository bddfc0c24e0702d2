// NER model payload (kind version 1):
//   u32 hash_bits, f32 weight scale, f32 confidence scale,
//   f32 start[9], f32 next[9][9],
//   string lexicon payload (clusters.cc), string gazetteer payload (gazetteer.cc),
//   string weights: zlib-framed (ner_bytes.h) u64 n_rows, then per non-zero
//   row in ascending order: u32 gap to the previous row (first: row + 1),
//   9 x i16 weights.
#include "stages/entities/ner_model.h"

#include <algorithm>
#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "pipeline/status_macros.h"
#include "stages/entities/ner_bytes.h"

namespace wirelens::stages::entities {
namespace {

constexpr int kMinHashBits = 8;
constexpr int kMaxHashBits = 26;

}  // namespace

absl::StatusOr<std::unique_ptr<NerModel>> NerModel::Load(const std::string& path) {
  ASSIGN_OR_RETURN(pipeline::ModelFile file,
                   pipeline::LoadModelFile(path, kNerModelKind, kNerModelKindVersion));
  return FromModelFile(file);
}

absl::StatusOr<std::unique_ptr<NerModel>> NerModel::FromModelFile(
    const pipeline::ModelFile& file) {
  if (file.kind != kNerModelKind || file.kind_version != kNerModelKindVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat("not a ", std::string(kNerModelKind), " v", kNerModelKindVersion,
                     " model: ", file.kind, " v", file.kind_version));
  }
  std::unique_ptr<NerModel> model(new NerModel());
  model->name_ = file.name;
  model->version_ = file.version;
  ByteReader in(file.payload);
  uint32_t bits = 0;
  in.Get(&bits);
  in.Get(&model->scale_);
  in.Get(&model->confidence_scale_);
  for (float& v : model->transitions_.start) in.Get(&v);
  for (auto& row : model->transitions_.next) {
    for (float& v : row) in.Get(&v);
  }
  std::string lexicon, gazetteer, weights;
  in.GetString(&lexicon);
  in.GetString(&gazetteer);
  in.GetString(&weights);
  if (!in.ok() || in.remaining() != 0) return absl::DataLossError("ner model: truncated payload");
  if (bits < kMinHashBits || bits > kMaxHashBits || !std::isfinite(model->scale_) ||
      !(model->confidence_scale_ > 0)) {
    return absl::DataLossError("ner model: bad header values");
  }
  model->hash_bits_ = static_cast<int>(bits);
  ASSIGN_OR_RETURN(model->lexicon_, Lexicon::FromPayload(lexicon));
  ASSIGN_OR_RETURN(model->gazetteer_, Gazetteer::FromPayload(gazetteer));
  ASSIGN_OR_RETURN(std::string rows, Decompress(weights));
  const size_t n_rows = size_t{1} << bits;
  model->weights_.assign(n_rows * kNumLabels, 0);
  ByteReader w(rows);
  uint64_t nonzero = 0;
  if (!w.Get(&nonzero) || nonzero > n_rows) return absl::DataLossError("ner model: bad row count");
  uint64_t row = UINT64_MAX;  // so that the first gap (row + 1) lands on row
  for (uint64_t r = 0; r < nonzero; ++r) {
    uint32_t gap = 0;
    if (!w.Get(&gap) || gap == 0) return absl::DataLossError("ner model: bad weight rows");
    row += gap;
    if (row >= n_rows) return absl::DataLossError("ner model: weight row out of range");
    for (int y = 0; y < kNumLabels; ++y) w.Get(&model->weights_[row * kNumLabels + y]);
  }
  if (!w.ok() || w.remaining() != 0) return absl::DataLossError("ner model: truncated weights");
  return model;
}

absl::StatusOr<std::unique_ptr<NerModel>> NerModel::FromData(NerModelData data, std::string name,
                                                            std::string version) {
  if (data.hash_bits < kMinHashBits || data.hash_bits > kMaxHashBits ||
      data.weights.size() != (size_t{1} << data.hash_bits) * kNumLabels) {
    return absl::InvalidArgumentError("ner model: weights do not match hash_bits");
  }
  if (!(data.confidence_scale > 0)) return absl::InvalidArgumentError("bad confidence scale");
  std::unique_ptr<NerModel> model(new NerModel());
  model->name_ = std::move(name);
  model->version_ = std::move(version);
  model->hash_bits_ = data.hash_bits;
  float max_abs = 0;
  for (float v : data.weights) max_abs = std::max(max_abs, std::fabs(v));
  model->scale_ = max_abs > 0 ? max_abs / 32767.0f : 1.0f;
  model->weights_.resize(data.weights.size());
  for (size_t i = 0; i < data.weights.size(); ++i) {
    model->weights_[i] = static_cast<int16_t>(std::lround(data.weights[i] / model->scale_));
  }
  model->transitions_ = data.transitions;
  model->confidence_scale_ = data.confidence_scale;
  model->lexicon_ = std::move(data.lexicon);
  model->gazetteer_ = std::move(data.gazetteer);
  return model;
}

pipeline::ModelFile NerModel::ToModelFile() const {
  ByteWriter rows;
  const size_t n_rows = size_t{1} << hash_bits_;
  uint64_t nonzero = 0;
  rows.Put<uint64_t>(0);  // patched below
  uint64_t previous = UINT64_MAX;
  for (size_t r = 0; r < n_rows; ++r) {
    const int16_t* w = &weights_[r * kNumLabels];
    if (std::all_of(w, w + kNumLabels, [](int16_t v) { return v == 0; })) continue;
    rows.Put<uint32_t>(static_cast<uint32_t>(r - previous));
    for (int y = 0; y < kNumLabels; ++y) rows.Put<int16_t>(w[y]);
    previous = r;
    ++nonzero;
  }
  std::memcpy(rows.bytes().data(), &nonzero, sizeof nonzero);
  ByteWriter out;
  out.Put<uint32_t>(static_cast<uint32_t>(hash_bits_));
  out.Put<float>(scale_);
  out.Put<float>(confidence_scale_);
  for (float v : transitions_.start) out.Put<float>(v);
  for (const auto& row : transitions_.next) {
    for (float v : row) out.Put<float>(v);
  }
  out.PutString(lexicon_.Serialize());
  out.PutString(gazetteer_.Serialize());
  out.PutString(Compress(rows.bytes()));
  pipeline::ModelFile file;
  file.kind = std::string(kNerModelKind);
  file.kind_version = kNerModelKindVersion;
  file.name = name_;
  file.version = version_;
  file.payload = std::move(out.bytes());
  return file;
}

size_t NerModel::MemoryBytes() const {
  return sizeof(*this) + weights_.capacity() * sizeof(int16_t) +
         lexicon_.size() * (sizeof(LexiconEntry) + 2 * sizeof(uint32_t)) + name_.size() +
         version_.size();
}

void NerModel::AddScores(const uint64_t* begin, const uint64_t* end, float* scores) const {
  int32_t acc[kNumLabels] = {};
  const int shift = 64 - hash_bits_;
  for (const uint64_t* k = begin; k != end; ++k) {
    const int16_t* w = &weights_[(*k >> shift) * kNumLabels];
    for (int y = 0; y < kNumLabels; ++y) acc[y] += w[y];
  }
  for (int y = 0; y < kNumLabels; ++y) scores[y] += static_cast<float>(acc[y]) * scale_;
}

void NerModel::TagDocument(absl::Span<const NerSentence> sentences, NerScratch* s,
                           std::vector<std::vector<NerTag>>* tags) const {
  FeatureScratch& f = s->features;
  extractor_.PrepareDocument(sentences, &f);
  extractor_.LocalFeatures(&f);
  const size_t n = f.facts.size();
  s->local_scores.assign(n * kNumLabels, 0.0f);
  for (size_t t = 0; t < n; ++t) {
    AddScores(f.keys.data() + f.key_begin[t], f.keys.data() + f.key_begin[t + 1],
              &s->local_scores[t * kNumLabels]);
  }
  s->labels.resize(n);
  s->margins.resize(n);
  auto decode = [&](const std::vector<float>& scores, bool with_margins) {
    for (size_t i = 0; i + 1 < f.sentence_begin.size(); ++i) {
      const size_t b = f.sentence_begin[i], e = f.sentence_begin[i + 1];
      ViterbiDecode(absl::MakeConstSpan(scores).subspan(b * kNumLabels, (e - b) * kNumLabels),
                    transitions_, &s->decode, s->labels.data() + b,
                    with_margins ? s->margins.data() + b : nullptr);
    }
  };
  decode(s->local_scores, false);
  extractor_.DocumentFeatures(s->labels, &f);
  s->scores = s->local_scores;
  for (size_t t = 0; t < n; ++t) {
    if (f.doc_key_begin[t] == f.doc_key_begin[t + 1]) continue;
    AddScores(f.doc_keys.data() + f.doc_key_begin[t], f.doc_keys.data() + f.doc_key_begin[t + 1],
              &s->scores[t * kNumLabels]);
  }
  decode(s->scores, true);
  tags->resize(sentences.size());
  for (size_t i = 0; i < sentences.size(); ++i) {
    std::vector<NerTag>& out = (*tags)[i];
    const size_t b = f.sentence_begin[i], e = f.sentence_begin[i + 1];
    out.resize(e - b);
    for (size_t t = b; t < e; ++t) {
      NerTag tag = TagOfLabel(s->labels[t]);
      tag.confidence = 1.0f / (1.0f + std::exp(-s->margins[t] / confidence_scale_));
      out[t - b] = tag;
    }
  }
}

}  // namespace wirelens::stages::entities
