// Lexicon payload (kind version 1), zlib-framed (ner_bytes.h):
//   u32 n_levels, u32 classes per level,
//   u64 n_entries, per entry (ascending key): u64 key, u16 cluster per level,
//   u8 dominant case pattern, u8 cap bucket, u8 log2 count.
#include "stages/entities/clusters.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <ostream>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "pipeline/model_file.h"
#include "pipeline/status_macros.h"
#include "pipeline/strings.h"
#include "stages/entities/ner_bytes.h"
#include "stages/entities/ner_hash.h"

namespace wirelens::stages::entities {
namespace {

constexpr uint64_t kFormSeed = 0x5eed'f0f0'0001ULL;
constexpr uint64_t kLowerSeed = 0x5eed'f0f0'0002ULL;

bool IsSentenceEnd(std::string_view token) {
  return token == "." || token == "!" || token == "?";
}

bool IsLeadingPunct(char c) {
  return c == '"' || c == '(' || c == '[' || c == '{' || c == '`' || c == '\'';
}
bool IsTrailingPunct(char c) {
  return c == '"' || c == ')' || c == ']' || c == '}' || c == ',' || c == ';' || c == ':' ||
         c == '!' || c == '?' || c == '\'';
}

// "U.S." and "J." keep their final period; "end." does not.
bool KeepsFinalPeriod(std::string_view word) {
  if (word.size() < 2) return false;
  const std::string_view stem = word.substr(0, word.size() - 1);
  if (stem.find('.') != std::string_view::npos) return true;
  return stem.size() == 1 && stem[0] >= 'A' && stem[0] <= 'Z';
}

// Length of a clitic suffix to split off ("'s", "n't", ...), or 0.
size_t CliticLength(std::string_view word) {
  auto ends_with = [&](std::string_view suffix) {
    if (word.size() <= suffix.size()) return false;
    for (size_t i = 0; i < suffix.size(); ++i) {
      char c = word[word.size() - suffix.size() + i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      if (c != suffix[i]) return false;
    }
    return true;
  };
  if (ends_with("n't")) return 3;
  for (std::string_view s : {"'s", "'re", "'ve", "'ll", "'d", "'m"}) {
    if (ends_with(s)) return s.size();
  }
  return 0;
}

double XLogX(double x) { return x > 0 ? x * std::log(x) : 0.0; }

}  // namespace

uint64_t KeyForForm(std::string_view form) { return HashBytes(form, kFormSeed); }
uint64_t KeyForLower(std::string_view lower) { return HashBytes(lower, kLowerSeed); }

// ---------------------------------------------------------------- Lexicon

Lexicon::Lexicon(std::vector<uint32_t> levels, std::vector<LexiconEntry> entries)
    : levels_(std::move(levels)), entries_(std::move(entries)) {
  std::sort(entries_.begin(), entries_.end(),
            [](const LexiconEntry& a, const LexiconEntry& b) { return a.key < b.key; });
  BuildIndex();
}

void Lexicon::BuildIndex() {
  size_t capacity = 16;
  while (capacity < entries_.size() * 2) capacity *= 2;
  slots_.assign(capacity, 0);
  mask_ = capacity - 1;
  for (size_t i = 0; i < entries_.size(); ++i) {
    uint64_t slot = Mix64(entries_[i].key) & mask_;
    while (slots_[slot] != 0) slot = (slot + 1) & mask_;
    slots_[slot] = static_cast<uint32_t>(i + 1);
  }
}

const LexiconEntry* Lexicon::Find(uint64_t key) const {
  if (entries_.empty()) return nullptr;
  for (uint64_t slot = Mix64(key) & mask_;; slot = (slot + 1) & mask_) {
    const uint32_t index = slots_[slot];
    if (index == 0) return nullptr;
    if (entries_[index - 1].key == key) return &entries_[index - 1];
  }
}

std::string Lexicon::Serialize() const {
  ByteWriter out;
  out.Put<uint32_t>(static_cast<uint32_t>(levels_.size()));
  for (uint32_t k : levels_) out.Put<uint32_t>(k);
  out.Put<uint64_t>(entries_.size());
  for (const LexiconEntry& e : entries_) {
    out.Put<uint64_t>(e.key);
    for (size_t l = 0; l < levels_.size(); ++l) out.Put<uint16_t>(e.clusters[l]);
    out.Put<uint8_t>(static_cast<uint8_t>(e.dominant_case));
    out.Put<uint8_t>(static_cast<uint8_t>(e.cap));
    out.Put<uint8_t>(e.log_count);
  }
  return Compress(out.bytes());
}

absl::StatusOr<Lexicon> Lexicon::FromPayload(std::string_view payload) {
  ASSIGN_OR_RETURN(std::string bytes, Decompress(payload));
  ByteReader in(bytes);
  uint32_t n_levels = 0;
  if (!in.Get(&n_levels) || n_levels > kMaxClusterLevels) {
    return absl::DataLossError("lexicon: bad level count");
  }
  std::vector<uint32_t> levels(n_levels);
  for (uint32_t& k : levels) {
    if (!in.Get(&k) || k == 0 || k >= kNoCluster) return absl::DataLossError("lexicon: bad level");
  }
  uint64_t n = 0;
  if (!in.Get(&n) || n > in.remaining()) return absl::DataLossError("lexicon: bad entry count");
  std::vector<LexiconEntry> entries(n);
  for (uint64_t i = 0; i < n; ++i) {
    LexiconEntry& e = entries[i];
    uint8_t dominant = 0, cap = 0;
    in.Get(&e.key);
    for (uint32_t l = 0; l < n_levels; ++l) {
      in.Get(&e.clusters[l]);
      if (e.clusters[l] != kNoCluster && e.clusters[l] >= levels[l]) {
        return absl::DataLossError("lexicon: cluster id out of range");
      }
    }
    in.Get(&dominant);
    in.Get(&cap);
    in.Get(&e.log_count);
    if (!in.ok()) return absl::DataLossError("lexicon: truncated entries");
    if (dominant > static_cast<uint8_t>(CasePattern::kMixed) ||
        cap > static_cast<uint8_t>(CapBucket::kAlways)) {
      return absl::DataLossError("lexicon: bad case statistics");
    }
    if (i > 0 && entries[i - 1].key >= e.key) return absl::DataLossError("lexicon: unsorted keys");
    e.dominant_case = static_cast<CasePattern>(dominant);
    e.cap = static_cast<CapBucket>(cap);
  }
  if (in.remaining() != 0) return absl::DataLossError("lexicon: trailing bytes");
  Lexicon lexicon;
  lexicon.levels_ = std::move(levels);
  lexicon.entries_ = std::move(entries);
  lexicon.BuildIndex();
  return lexicon;
}

absl::StatusOr<Lexicon> Lexicon::Load(const std::string& path) {
  ASSIGN_OR_RETURN(pipeline::ModelFile file,
                   pipeline::LoadModelFile(path, kLexiconKind, kLexiconKindVersion));
  return FromPayload(file.payload);
}

absl::Status Lexicon::Save(const std::string& path, std::string_view name,
                           std::string_view version) const {
  pipeline::ModelFile file;
  file.kind = std::string(kLexiconKind);
  file.kind_version = kLexiconKindVersion;
  file.name = std::string(name);
  file.version = std::string(version);
  file.payload = Serialize();
  return pipeline::SaveModelFile(path, file);
}

// --------------------------------------------------------------- Tokenizer

void TokenizeRawLine(std::string_view line, std::vector<std::string_view>* tokens,
                     std::vector<bool>* starts_sentence) {
  tokens->clear();
  starts_sentence->clear();
  bool next_starts = true;
  auto emit = [&](std::string_view token) {
    if (token.empty()) return;
    tokens->push_back(token);
    starts_sentence->push_back(next_starts);
    next_starts = IsSentenceEnd(token);
  };
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    size_t end = i;
    while (end < line.size() && line[end] != ' ' && line[end] != '\t' && line[end] != '\r') ++end;
    std::string_view word = line.substr(i, end - i);
    i = end;
    while (!word.empty() && IsLeadingPunct(word.front())) {
      emit(word.substr(0, 1));
      word.remove_prefix(1);
    }
    // Trailing punctuation, collected innermost-last.
    size_t trail_end = word.size();
    while (!word.empty()) {
      const char c = word.back();
      if (IsTrailingPunct(c) && !(c == '\'' && CliticLength(word) > 0)) {
        word.remove_suffix(1);
      } else if (c == '.' && !KeepsFinalPeriod(word)) {
        word.remove_suffix(1);
      } else {
        break;
      }
    }
    const std::string_view trailing = line.substr(end - (trail_end - word.size()),
                                                  trail_end - word.size());
    const size_t clitic = CliticLength(word);
    if (clitic > 0) {
      emit(word.substr(0, word.size() - clitic));
      emit(word.substr(word.size() - clitic));
    } else {
      emit(word);
    }
    for (size_t t = 0; t < trailing.size(); ++t) emit(trailing.substr(t, 1));
  }
}

// ---------------------------------------------------------------- Builder

struct LexiconBuilder::Counts {
  // Every distinct digit-normalized form gets an id in order of first sight;
  // the text is kept as a stream of ids with kBoundary between sentences.
  static constexpr uint32_t kBoundary = 0;
  absl::flat_hash_map<std::string, uint32_t> ids;
  std::vector<std::string> forms = {"<s>"};
  std::vector<uint64_t> form_counts = {0};
  std::vector<uint32_t> stream;
  struct CaseCounts {
    uint64_t total = 0;
    uint64_t mid = 0;      // not sentence-initial
    uint64_t mid_cap = 0;  // ... and capitalized
    uint64_t patterns[5] = {0, 0, 0, 0, 0};
  };
  absl::flat_hash_map<std::string, CaseCounts> cases;
  // Scratch.
  std::vector<std::string_view> tokens;
  std::vector<bool> starts;
  std::string normalized, lower;

  uint32_t Id(const std::string& form) {
    auto [it, inserted] = ids.try_emplace(form, static_cast<uint32_t>(forms.size()));
    if (inserted) {
      forms.push_back(form);
      form_counts.push_back(0);
    }
    return it->second;
  }
};

LexiconBuilder::LexiconBuilder(LexiconOptions options)
    : options_(std::move(options)), counts_(std::make_unique<Counts>()) {}
LexiconBuilder::~LexiconBuilder() = default;
LexiconBuilder::LexiconBuilder(LexiconBuilder&&) noexcept = default;
LexiconBuilder& LexiconBuilder::operator=(LexiconBuilder&&) noexcept = default;

uint64_t LexiconBuilder::tokens() const {
  uint64_t n = 0;
  for (size_t i = 1; i < counts_->form_counts.size(); ++i) n += counts_->form_counts[i];
  return n;
}

void LexiconBuilder::AddLine(std::string_view line) {
  Counts& c = *counts_;
  TokenizeRawLine(line, &c.tokens, &c.starts);
  for (size_t i = 0; i < c.tokens.size(); ++i) {
    if (c.starts[i]) c.stream.push_back(Counts::kBoundary);
    NormalizeDigits(c.tokens[i], &c.normalized);
    const uint32_t id = c.Id(c.normalized);
    ++c.form_counts[id];
    c.stream.push_back(id);
    FoldCase(c.normalized, &c.lower);
    Counts::CaseCounts& cc = c.cases[c.lower];
    ++cc.total;
    if (!c.starts[i]) {
      const CasePattern pattern = GetCasePattern(c.tokens[i]);
      ++cc.mid;
      ++cc.patterns[static_cast<int>(pattern)];
      if (pattern == CasePattern::kTitle || pattern == CasePattern::kUpper ||
          pattern == CasePattern::kMixed) {
        ++cc.mid_cap;
      }
    }
  }
}

void LexiconBuilder::Merge(LexiconBuilder&& other) {
  Counts& c = *counts_;
  Counts& o = *other.counts_;
  std::vector<uint32_t> remap(o.forms.size());
  remap[0] = Counts::kBoundary;
  for (size_t i = 1; i < o.forms.size(); ++i) {
    remap[i] = c.Id(o.forms[i]);
    c.form_counts[remap[i]] += o.form_counts[i];
  }
  c.stream.reserve(c.stream.size() + o.stream.size());
  for (uint32_t id : o.stream) c.stream.push_back(remap[id]);
  for (auto& [lower, oc] : o.cases) {
    Counts::CaseCounts& cc = c.cases[lower];
    cc.total += oc.total;
    cc.mid += oc.mid;
    cc.mid_cap += oc.mid_cap;
    for (int p = 0; p < 5; ++p) cc.patterns[p] += oc.patterns[p];
  }
  other.counts_ = std::make_unique<Counts>();
}

namespace {

// The exchange algorithm for one granularity over a vocabulary in CSR form.
class Exchange {
 public:
  struct Graph {
    size_t n_words = 0;
    std::vector<uint64_t> unigram;               // per word
    std::vector<uint64_t> self;                  // count of (v, v)
    std::vector<size_t> right_begin, left_begin;  // CSR offsets, n_words + 1
    std::vector<std::pair<uint32_t, uint32_t>> right, left;  // (neighbour, count), no self
  };

  Exchange(const Graph& graph, uint32_t k, const std::vector<double>& xlogx)
      : g_(graph), k_(k), xlogx_(xlogx) {
    cls_.resize(g_.n_words);
    for (size_t v = 0; v < g_.n_words; ++v) cls_[v] = static_cast<uint32_t>(v % k_);
    m_.assign(size_t{k_} * k_, 0);
    mt_.assign(size_t{k_} * k_, 0);
    n_.assign(k_, 0);
    for (size_t v = 0; v < g_.n_words; ++v) {
      n_[cls_[v]] += g_.unigram[v];
      At(cls_[v], cls_[v]) += g_.self[v];
      for (size_t e = g_.right_begin[v]; e < g_.right_begin[v + 1]; ++e) {
        At(cls_[v], cls_[g_.right[e].first]) += g_.right[e].second;
      }
    }
    for (uint32_t c = 0; c < k_; ++c) {
      for (uint32_t d = 0; d < k_; ++d) mt_[size_t{d} * k_ + c] = m_[size_t{c} * k_ + d];
    }
    rd_.assign(k_, 0);
    ld_.assign(k_, 0);
  }

  // One pass over all words; returns the number of words that moved and the
  // objective after the pass.
  std::pair<size_t, double> Pass() {
    size_t moved = 0;
    std::vector<double> gain(k_);
    for (size_t v = 0; v < g_.n_words; ++v) {
      const uint32_t a = cls_[v];
      touched_r_.clear();
      touched_l_.clear();
      for (size_t e = g_.right_begin[v]; e < g_.right_begin[v + 1]; ++e) {
        const uint32_t d = cls_[g_.right[e].first];
        if (rd_[d] == 0) touched_r_.push_back(d);
        rd_[d] += g_.right[e].second;
      }
      for (size_t e = g_.left_begin[v]; e < g_.left_begin[v + 1]; ++e) {
        const uint32_t c = cls_[g_.left[e].first];
        if (ld_[c] == 0) touched_l_.push_back(c);
        ld_[c] += g_.left[e].second;
      }
      const int64_t self = static_cast<int64_t>(g_.self[v]);
      const int64_t nv = static_cast<int64_t>(g_.unigram[v]);
      Apply(v, a, -1);
      for (uint32_t b = 0; b < k_; ++b) {
        double g = 0;
        const int64_t* row = &m_[size_t{b} * k_];
        const int64_t* col = &mt_[size_t{b} * k_];
        for (uint32_t d : touched_r_) {
          if (d != b) g += F(row[d] + rd_[d]) - F(row[d]);
        }
        for (uint32_t c : touched_l_) {
          if (c != b) g += F(col[c] + ld_[c]) - F(col[c]);
        }
        g += F(row[b] + rd_[b] + ld_[b] + self) - F(row[b]);
        g -= 2 * (F(n_[b] + nv) - F(n_[b]));
        gain[b] = g;
      }
      uint32_t best = a;
      for (uint32_t b = 0; b < k_; ++b) {
        if (gain[b] > gain[best] + 1e-9) best = b;
      }
      Apply(v, best, +1);
      if (best != a) ++moved;
      cls_[v] = best;
      for (uint32_t d : touched_r_) rd_[d] = 0;
      for (uint32_t c : touched_l_) ld_[c] = 0;
    }
    double objective = 0;
    for (int64_t x : m_) objective += F(x);
    for (int64_t x : n_) objective -= 2 * F(x);
    return {moved, objective};
  }

  const std::vector<uint32_t>& classes() const { return cls_; }

 private:
  int64_t& At(uint32_t c, uint32_t d) { return m_[size_t{c} * k_ + d]; }

  // Adds (sign +1) or removes (-1) word v, whose neighbour class counts are in
  // rd_/ld_, to/from class b.
  void Apply(size_t v, uint32_t b, int sign) {
    for (uint32_t d : touched_r_) {
      m_[size_t{b} * k_ + d] += sign * rd_[d];
      mt_[size_t{d} * k_ + b] += sign * rd_[d];
    }
    for (uint32_t c : touched_l_) {
      m_[size_t{c} * k_ + b] += sign * ld_[c];
      mt_[size_t{b} * k_ + c] += sign * ld_[c];
    }
    const int64_t self = sign * static_cast<int64_t>(g_.self[v]);
    m_[size_t{b} * k_ + b] += self;
    mt_[size_t{b} * k_ + b] += self;
    n_[b] += sign * static_cast<int64_t>(g_.unigram[v]);
  }

  double F(int64_t x) const {
    return x < static_cast<int64_t>(xlogx_.size()) ? xlogx_[x] : XLogX(static_cast<double>(x));
  }

  const Graph& g_;
  const uint32_t k_;
  const std::vector<double>& xlogx_;
  std::vector<uint32_t> cls_;
  std::vector<int64_t> m_, mt_, n_;  // class bigrams, transpose, class unigrams
  std::vector<int64_t> rd_, ld_;
  std::vector<uint32_t> touched_r_, touched_l_;
};

CapBucket BucketOf(uint64_t mid, uint64_t mid_cap) {
  if (mid < 3) return CapBucket::kUnknown;
  const double r = static_cast<double>(mid_cap) / static_cast<double>(mid);
  if (r < 0.05) return CapBucket::kNever;
  if (r < 0.30) return CapBucket::kRarely;
  if (r < 0.70) return CapBucket::kMixed;
  if (r < 0.95) return CapBucket::kUsually;
  return CapBucket::kAlways;
}

uint8_t Log2Count(uint64_t count) {
  uint8_t bits = 0;
  while ((count + 1) >> (bits + 1)) ++bits;
  return bits;
}

}  // namespace

absl::StatusOr<Lexicon> LexiconBuilder::Build(std::ostream* progress) {
  Counts& c = *counts_;
  if (options_.levels.empty() || options_.levels.size() > kMaxClusterLevels) {
    return absl::InvalidArgumentError("lexicon: 1..4 cluster levels");
  }
  for (uint32_t k : options_.levels) {
    if (k < 2 || k >= kNoCluster) return absl::InvalidArgumentError("lexicon: bad class count");
  }
  // Vocabulary: the boundary, then forms by descending count (ties by form).
  std::vector<uint32_t> order;
  for (uint32_t id = 1; id < c.forms.size(); ++id) {
    if (c.form_counts[id] >= options_.min_count) order.push_back(id);
  }
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (c.form_counts[a] != c.form_counts[b]) return c.form_counts[a] > c.form_counts[b];
    return c.forms[a] < c.forms[b];
  });
  if (order.size() > options_.vocabulary) order.resize(options_.vocabulary);
  if (order.size() < options_.levels.back() * 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("lexicon: only ", order.size(), " frequent forms for ",
                     options_.levels.back(), " classes; feed more text"));
  }
  // Word index: 0 = boundary, 1 = unknown, 2.. = vocabulary.
  std::vector<uint32_t> word_of(c.forms.size(), 1);
  word_of[Counts::kBoundary] = 0;
  for (size_t i = 0; i < order.size(); ++i) word_of[order[i]] = static_cast<uint32_t>(i + 2);
  Exchange::Graph g;
  g.n_words = order.size() + 2;
  g.unigram.assign(g.n_words, 0);
  g.self.assign(g.n_words, 0);
  absl::flat_hash_map<uint64_t, uint32_t> bigrams;
  for (size_t i = 0; i < c.stream.size(); ++i) {
    const uint32_t w = word_of[c.stream[i]];
    ++g.unigram[w];
    if (i + 1 < c.stream.size()) {
      const uint32_t next = word_of[c.stream[i + 1]];
      ++bigrams[(uint64_t{w} << 32) | next];
    }
  }
  std::vector<std::pair<uint64_t, uint32_t>> pairs(bigrams.begin(), bigrams.end());
  bigrams = {};
  std::sort(pairs.begin(), pairs.end());
  g.right_begin.assign(g.n_words + 1, 0);
  g.left_begin.assign(g.n_words + 1, 0);
  for (const auto& [key, n] : pairs) {
    const uint32_t u = key >> 32, w = key & 0xFFFFFFFF;
    if (u == w) {
      g.self[u] += n;
      continue;
    }
    ++g.right_begin[u + 1];
    ++g.left_begin[w + 1];
  }
  for (size_t v = 0; v < g.n_words; ++v) {
    g.right_begin[v + 1] += g.right_begin[v];
    g.left_begin[v + 1] += g.left_begin[v];
  }
  g.right.resize(g.right_begin.back());
  g.left.resize(g.left_begin.back());
  {
    std::vector<size_t> rfill(g.right_begin.begin(), g.right_begin.end() - 1);
    std::vector<size_t> lfill(g.left_begin.begin(), g.left_begin.end() - 1);
    for (const auto& [key, n] : pairs) {
      const uint32_t u = key >> 32, w = key & 0xFFFFFFFF;
      if (u == w) continue;
      g.right[rfill[u]++] = {w, n};
      g.left[lfill[w]++] = {u, n};
    }
  }
  pairs = {};
  if (progress != nullptr) {
    *progress << "lexicon: " << c.stream.size() << " stream tokens, " << order.size()
              << " clustered forms, " << g.right.size() << " distinct bigrams" << std::endl;
  }
  std::vector<double> xlogx(1 << 22);
  for (size_t x = 0; x < xlogx.size(); ++x) xlogx[x] = XLogX(static_cast<double>(x));

  // One granularity per worker, biggest first; results do not depend on the
  // number of threads.
  const size_t n_levels = options_.levels.size();
  std::vector<std::vector<uint32_t>> classes(n_levels);
  std::vector<size_t> by_cost(n_levels);
  for (size_t l = 0; l < n_levels; ++l) by_cost[l] = l;
  std::sort(by_cost.begin(), by_cost.end(),
            [&](size_t a, size_t b) { return options_.levels[a] > options_.levels[b]; });
  std::atomic<size_t> next{0};
  std::mutex progress_mutex;
  auto worker = [&] {
    for (size_t i = next++; i < n_levels; i = next++) {
      const size_t l = by_cost[i];
      Exchange exchange(g, options_.levels[l], xlogx);
      for (int it = 0; it < options_.iterations; ++it) {
        const auto [moved, objective] = exchange.Pass();
        if (progress != nullptr) {
          std::lock_guard<std::mutex> lock(progress_mutex);
          *progress << "lexicon: k=" << options_.levels[l] << " pass " << it + 1 << " moved "
                    << moved << " objective " << objective << std::endl;
        }
        if (moved == 0) break;
      }
      classes[l] = exchange.classes();
    }
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < std::max(1, options_.threads); ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();

  std::vector<LexiconEntry> entries;
  entries.reserve(order.size() + c.cases.size());
  for (size_t i = 0; i < order.size(); ++i) {
    LexiconEntry e;
    e.key = KeyForForm(c.forms[order[i]]);
    for (size_t l = 0; l < n_levels; ++l) e.clusters[l] = static_cast<uint16_t>(classes[l][i + 2]);
    e.log_count = Log2Count(c.form_counts[order[i]]);
    entries.push_back(e);
  }
  for (const auto& [lower, cc] : c.cases) {
    if (cc.total < options_.min_count) continue;
    LexiconEntry e;
    e.key = KeyForLower(lower);
    e.cap = BucketOf(cc.mid, cc.mid_cap);
    int best = 0;
    for (int p = 1; p < 5; ++p) {
      if (cc.patterns[p] > cc.patterns[best]) best = p;
    }
    e.dominant_case = static_cast<CasePattern>(best);
    e.log_count = Log2Count(cc.total);
    entries.push_back(e);
  }
  // Hash collisions between distinct forms are astronomically unlikely; drop
  // duplicates so the table stays well-formed regardless.
  std::sort(entries.begin(), entries.end(),
            [](const LexiconEntry& a, const LexiconEntry& b) { return a.key < b.key; });
  entries.erase(std::unique(entries.begin(), entries.end(),
                            [](const LexiconEntry& a, const LexiconEntry& b) {
                              return a.key == b.key;
                            }),
                entries.end());
  return Lexicon(options_.levels, std::move(entries));
}

}  // namespace wirelens::stages::entities
