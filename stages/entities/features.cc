#include "stages/entities/features.h"

#include <algorithm>

#include "stages/entities/ner_hash.h"

namespace wirelens::stages::entities {
namespace {

// Feature templates. Values are part of every key: never renumber, only add
// (and bump kNerModelKindVersion when the meaning of a template changes).
enum Template : uint64_t {
  kBias = 1,
  kForm,
  kLower,
  kShape,
  kShortShape,
  kPrefix,      // + length 1..4 mixed into the value
  kSuffix,
  kLowerM1,
  kLowerP1,
  kLowerM2,
  kLowerP2,
  kShapeM1,
  kShapeP1,
  kShapeM1_0,
  kShape0_P1,
  kShapeM1_0_P1,
  kLowerM1_0,
  kLower0_P1,
  kLowerM1_Shape0,
  kCluster0,    // + level
  kClusterM1,
  kClusterP1,
  kClusterCase,
  kCase,
  kDocCase,
  kGazetteer,
  kGazetteerM1,
  kGazetteerP1,
  kLength,
  kUnreliableShape,
  kShape0_LowerP1,
  kDocMajority = 100,
  kDocMajorityCase,
  kDocHasType,
};

constexpr uint64_t kShapeSeed = 0x51a9e;
constexpr uint64_t kAffixSeed = 0xaff1c5;
constexpr uint64_t kBoundaryValue = 0xb0b0b0b0b0b0b0b0ULL;  // outside the sentence

inline uint64_t Key(Template t, uint64_t value) { return Combine(t, value); }

uint8_t LengthBucket(size_t n) { return n <= 3 ? static_cast<uint8_t>(n) : n <= 5 ? 4 : n <= 8 ? 5 : 6; }

// Case facts are small enumerations; pack them into one value.
uint64_t CaseValue(const TokenFacts& f) {
  return static_cast<uint64_t>(f.cap) | static_cast<uint64_t>(f.pattern) << 4 |
         static_cast<uint64_t>(f.sentence_initial) << 8 | static_cast<uint64_t>(f.unreliable) << 9;
}

uint32_t GazetteerLists(GazetteerBits bits) {
  uint32_t lists = 0;
  for (int l = 0; l < kNumGazetteerLists; ++l) {
    if ((bits >> (4 * l)) & 0xF) lists |= 1u << l;
  }
  return lists;
}

bool IsCapitalized(CasePattern p) {
  return p == CasePattern::kTitle || p == CasePattern::kUpper || p == CasePattern::kMixed;
}

}  // namespace

bool LooksCaseUnreliable(absl::Span<const std::string_view> words) {
  int cased = 0, upper = 0, long_words = 0, long_capitalized = 0;
  for (std::string_view w : words) {
    const CasePattern p = GetCasePattern(w);
    if (p == CasePattern::kNone) continue;
    ++cased;
    if (p == CasePattern::kUpper && w.size() > 1) ++upper;
    if (w.size() >= 4) {
      ++long_words;
      if (IsCapitalized(p)) ++long_capitalized;
    }
  }
  if (cased >= 2 && upper * 10 >= cased * 6) return true;
  return cased >= 4 && long_words >= 3 && long_capitalized == long_words;
}

void FeatureExtractor::Facts(std::string_view word, bool unreliable, FeatureScratch* s,
                             TokenFacts* f) const {
  std::string_view form = word;
  if (unreliable) {
    // Restore the word's usual case: "GERMANY" -> "Germany", "WIN" -> "win".
    FoldCase(word, &s->lower);
    NormalizeDigits(s->lower, &s->normalized);
    const LexiconEntry* entry = lexicon_->Find(KeyForLower(s->normalized));
    CasePattern target = CasePattern::kNone;
    if (entry != nullptr && entry->dominant_case != CasePattern::kNone &&
        entry->dominant_case != CasePattern::kMixed) {
      target = entry->dominant_case;
    } else if (GetCasePattern(word) == CasePattern::kUpper && word.size() > 1) {
      target = CasePattern::kTitle;  // an unknown word in capitals: most likely a name
    }
    if (target != CasePattern::kNone) {
      ApplyCasePattern(word, target, &s->truecased);
      form = s->truecased;
    }
  }
  NormalizeDigits(form, &s->normalized);
  FoldCase(s->normalized, &s->lower);
  f->form = KeyForForm(s->normalized);
  f->lower = KeyForLower(s->lower);
  f->pattern = GetCasePattern(form);
  f->unreliable = unreliable;
  f->length = LengthBucket(form.size());
  WordShape(form, false, 12, &s->shape);
  f->shape = HashBytes(s->shape, kShapeSeed);
  WordShape(form, true, 12, &s->shape);
  f->short_shape = HashBytes(s->shape, kShapeSeed + 1);
  for (size_t k = 1; k <= 4; ++k) {
    if (form.size() >= k + 1) {
      f->prefix[k - 1] = HashBytes(form.substr(0, k), kAffixSeed);
      f->suffix[k - 1] = HashBytes(std::string_view(s->lower).substr(s->lower.size() - k), kAffixSeed);
    } else {
      f->prefix[k - 1] = f->suffix[k - 1] = 0;
    }
  }
  if (const LexiconEntry* e = lexicon_->Find(f->form)) {
    std::copy(std::begin(e->clusters), std::end(e->clusters), f->clusters);
  } else {
    std::fill(std::begin(f->clusters), std::end(f->clusters), kNoCluster);
  }
  const LexiconEntry* lower_entry = lexicon_->Find(f->lower);
  f->cap = lower_entry != nullptr ? lower_entry->cap : CapBucket::kUnknown;
  f->doc_case = 0;
  f->gazetteer = 0;
}

void FeatureExtractor::PrepareDocument(absl::Span<const NerSentence> sentences,
                                       FeatureScratch* s) const {
  size_t total = 0;
  for (const NerSentence& sentence : sentences) total += sentence.words.size();
  s->facts.resize(total);
  s->sentence_begin.clear();
  s->folded_keys.resize(total);
  size_t t = 0;
  for (const NerSentence& sentence : sentences) {
    s->sentence_begin.push_back(static_cast<uint32_t>(t));
    const size_t first = t;
    for (size_t i = 0; i < sentence.words.size(); ++i, ++t) {
      TokenFacts& f = s->facts[t];
      Facts(sentence.words[i], sentence.unreliable_case, s, &f);
      f.sentence_initial = i == 0;
      s->folded_keys[t] = f.lower;
    }
    gazetteer_->Match(absl::MakeConstSpan(s->folded_keys).subspan(first, t - first),
                      &s->gazetteer_bits);
    for (size_t i = first; i < t; ++i) s->facts[i].gazetteer = s->gazetteer_bits[i - first];
  }
  s->sentence_begin.push_back(static_cast<uint32_t>(t));

  // Document word ids by case-folded form (open addressing, rebuilt per
  // document), and how each word is written where case is reliable.
  size_t capacity = 16;
  while (capacity < total * 2) capacity *= 2;
  s->table_keys.assign(capacity, 0);
  s->table_values.assign(capacity, UINT32_MAX);
  s->word_id.resize(total);
  s->word_case.clear();
  const uint64_t mask = capacity - 1;
  for (size_t i = 0; i < total; ++i) {
    const uint64_t key = s->facts[i].lower;
    uint64_t slot = Mix64(key) & mask;
    while (s->table_values[slot] != UINT32_MAX && s->table_keys[slot] != key) {
      slot = (slot + 1) & mask;
    }
    if (s->table_values[slot] == UINT32_MAX) {
      s->table_keys[slot] = key;
      s->table_values[slot] = static_cast<uint32_t>(s->word_case.size());
      s->word_case.push_back(0);
    }
    s->word_id[i] = s->table_values[slot];
    const TokenFacts& f = s->facts[i];
    if (!f.unreliable && !f.sentence_initial) {
      if (IsCapitalized(f.pattern)) s->word_case[s->word_id[i]] |= 1;
      if (f.pattern == CasePattern::kLower) s->word_case[s->word_id[i]] |= 2;
    }
  }
  for (size_t i = 0; i < total; ++i) s->facts[i].doc_case = s->word_case[s->word_id[i]];
}

void FeatureExtractor::LocalFeatures(FeatureScratch* s) const {
  s->keys.clear();
  s->key_begin.clear();
  const size_t n_levels = lexicon_->levels().size();
  for (size_t sent = 0; sent + 1 < s->sentence_begin.size(); ++sent) {
    const size_t begin = s->sentence_begin[sent], end = s->sentence_begin[sent + 1];
    auto lower_at = [&](ptrdiff_t i) {
      return i < static_cast<ptrdiff_t>(begin) || i >= static_cast<ptrdiff_t>(end)
                 ? kBoundaryValue
                 : s->facts[i].lower;
    };
    auto shape_at = [&](ptrdiff_t i) {
      return i < static_cast<ptrdiff_t>(begin) || i >= static_cast<ptrdiff_t>(end)
                 ? kBoundaryValue
                 : s->facts[i].short_shape;
    };
    for (size_t i = begin; i < end; ++i) {
      s->key_begin.push_back(static_cast<uint32_t>(s->keys.size()));
      const TokenFacts& f = s->facts[i];
      const ptrdiff_t p = static_cast<ptrdiff_t>(i);
      auto add = [&](Template t, uint64_t value) { s->keys.push_back(Key(t, value)); };
      add(kBias, 0);
      add(kForm, f.form);
      add(kLower, f.lower);
      add(kShape, f.shape);
      add(kShortShape, f.short_shape);
      for (uint64_t k = 0; k < 4; ++k) {
        if (f.prefix[k] != 0) add(kPrefix, f.prefix[k] + k);
        if (f.suffix[k] != 0) add(kSuffix, f.suffix[k] + k);
      }
      const uint64_t lm1 = lower_at(p - 1), lp1 = lower_at(p + 1);
      const uint64_t sm1 = shape_at(p - 1), sp1 = shape_at(p + 1);
      add(kLowerM1, lm1);
      add(kLowerP1, lp1);
      add(kLowerM2, lower_at(p - 2));
      add(kLowerP2, lower_at(p + 2));
      add(kShapeM1, sm1);
      add(kShapeP1, sp1);
      add(kShapeM1_0, Combine(sm1, f.short_shape));
      add(kShape0_P1, Combine(f.short_shape, sp1));
      add(kShapeM1_0_P1, Combine(Combine(sm1, f.short_shape), sp1));
      add(kLowerM1_0, Combine(lm1, f.lower));
      add(kLower0_P1, Combine(f.lower, lp1));
      add(kLowerM1_Shape0, Combine(lm1, f.short_shape));
      add(kShape0_LowerP1, Combine(f.short_shape, lp1));
      for (size_t l = 0; l < n_levels; ++l) {
        const uint64_t level = l << 16;
        if (f.clusters[l] != kNoCluster) add(kCluster0, level | f.clusters[l]);
        if (i > begin && s->facts[i - 1].clusters[l] != kNoCluster) {
          add(kClusterM1, level | s->facts[i - 1].clusters[l]);
        }
        if (i + 1 < end && s->facts[i + 1].clusters[l] != kNoCluster) {
          add(kClusterP1, level | s->facts[i + 1].clusters[l]);
        }
      }
      if (n_levels > 0) {
        add(kClusterCase, static_cast<uint64_t>(f.clusters[n_levels - 1]) << 8 |
                              static_cast<uint64_t>(f.pattern) << 1 | f.sentence_initial);
      }
      add(kCase, CaseValue(f));
      add(kDocCase, CaseValue(f) << 2 | f.doc_case);
      for (GazetteerBits bits = f.gazetteer; bits != 0; bits &= bits - 1) {
        add(kGazetteer, static_cast<uint64_t>(__builtin_ctz(bits)) << 1 |
                            (f.pattern == CasePattern::kLower ? 0 : 1));
      }
      if (i > begin && s->facts[i - 1].gazetteer != 0) {
        add(kGazetteerM1, GazetteerLists(s->facts[i - 1].gazetteer));
      }
      if (i + 1 < end && s->facts[i + 1].gazetteer != 0) {
        add(kGazetteerP1, GazetteerLists(s->facts[i + 1].gazetteer));
      }
      add(kLength, static_cast<uint64_t>(f.length) << 4 | static_cast<uint64_t>(f.pattern));
      if (f.unreliable) add(kUnreliableShape, f.short_shape);
    }
  }
  s->key_begin.push_back(static_cast<uint32_t>(s->keys.size()));
}

void FeatureExtractor::DocumentFeatures(absl::Span<const uint8_t> labels,
                                        FeatureScratch* s) const {
  const size_t total = s->facts.size();
  s->type_counts.assign(s->word_case.size(), {});
  // Only capitalized tokens vote: lowercase occurrences of a word say little
  // about its capitalized ones.
  for (size_t i = 0; i < total; ++i) {
    if (!IsCapitalized(s->facts[i].pattern)) continue;
    auto& counts = s->type_counts[s->word_id[i]];
    const int type = static_cast<int>(TagOfLabel(labels[i]).type);
    if (counts[type] < UINT16_MAX) ++counts[type];
  }
  s->doc_keys.clear();
  s->doc_key_begin.clear();
  for (size_t i = 0; i < total; ++i) {
    s->doc_key_begin.push_back(static_cast<uint32_t>(s->doc_keys.size()));
    const TokenFacts& f = s->facts[i];
    if (!IsCapitalized(f.pattern)) continue;
    std::array<uint16_t, kNumEntityTypes + 1> counts = s->type_counts[s->word_id[i]];
    --counts[static_cast<int>(TagOfLabel(labels[i]).type)];  // the others only
    int best = -1, voters = 0, kinds = 0;
    for (int t = 0; t <= kNumEntityTypes; ++t) {
      voters += counts[t];
      if (counts[t] > 0) {
        ++kinds;
        s->doc_keys.push_back(Key(kDocHasType, static_cast<uint64_t>(t)));
      }
      if (counts[t] > 0 && (best < 0 || counts[t] > counts[best])) best = t;
    }
    if (best < 0) continue;
    const uint64_t value = static_cast<uint64_t>(best) << 2 | (kinds == 1 ? 1 : 0) << 1 |
                           (voters > 1 ? 1 : 0);
    s->doc_keys.push_back(Key(kDocMajority, value));
    s->doc_keys.push_back(Key(kDocMajorityCase, value << 12 | CaseValue(f)));
  }
  s->doc_key_begin.push_back(static_cast<uint32_t>(s->doc_keys.size()));
}

}  // namespace wirelens::stages::entities
