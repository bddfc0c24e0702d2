#include "stages/entities/ner_trainer.h"

#include <atomic>
#include <cmath>
#include <mutex>
#include <ostream>
#include <random>
#include <string_view>
#include <thread>

#include "absl/status/status.h"
#include "stages/entities/features.h"
#include "stages/entities/ner_decode.h"

namespace wirelens::stages::entities {
namespace {

// A training document with its features computed once.
struct PreparedDocument {
  FeatureScratch features;
  std::vector<uint8_t> gold;          // per token
  std::vector<uint8_t> first_pass;    // jackknife labels per token
  size_t sentences = 0;
};

// Averaged perceptron weights with the standard lazy-averaging trick:
// average = w - u / c, where u accumulates c * update.
class Perceptron {
 public:
  explicit Perceptron(int bits)
      : bits_(bits), w_((size_t{1} << bits) * kNumLabels), u_(w_.size()) {}

  void Score(const uint64_t* begin, const uint64_t* end, float* scores) const {
    for (const uint64_t* k = begin; k != end; ++k) {
      const float* w = &w_[Row(*k)];
      for (int y = 0; y < kNumLabels; ++y) scores[y] += w[y];
    }
  }
  void Update(const uint64_t* begin, const uint64_t* end, int label, float delta) {
    for (const uint64_t* k = begin; k != end; ++k) {
      w_[Row(*k) + label] += delta;
      u_[Row(*k) + label] += static_cast<float>(c_) * delta;
    }
  }
  void UpdateTransition(int from, int to, float delta) {
    float& w = from < 0 ? t_.start[to] : t_.next[from][to];
    float& u = from < 0 ? tu_.start[to] : tu_.next[from][to];
    w += delta;
    u += static_cast<float>(c_) * delta;
  }
  void Tick() { ++c_; }
  const Transitions& transitions() const { return t_; }

  // Replaces the weights by their average (call once, after training).
  void Average() {
    const float c = static_cast<float>(c_);
    for (size_t i = 0; i < w_.size(); ++i) w_[i] -= u_[i] / c;
    for (int y = 0; y < kNumLabels; ++y) {
      t_.start[y] -= tu_.start[y] / c;
      for (int x = 0; x < kNumLabels; ++x) t_.next[x][y] -= tu_.next[x][y] / c;
    }
    u_ = {};
  }
  std::vector<float> TakeWeights() { return std::move(w_); }

 private:
  size_t Row(uint64_t key) const { return (key >> (64 - bits_)) * kNumLabels; }

  int bits_;
  std::vector<float> w_, u_;
  Transitions t_, tu_;
  int64_t c_ = 1;
};

struct SentenceRef {
  uint32_t document;
  uint32_t sentence;
};

// Emission scores of one sentence's tokens [b, e) of `doc`.
void Emissions(const Perceptron& p, const PreparedDocument& doc, size_t b, size_t e,
               bool with_document, std::vector<float>* scores) {
  const FeatureScratch& f = doc.features;
  scores->assign((e - b) * kNumLabels, 0.0f);
  for (size_t t = b; t < e; ++t) {
    float* s = &(*scores)[(t - b) * kNumLabels];
    p.Score(f.keys.data() + f.key_begin[t], f.keys.data() + f.key_begin[t + 1], s);
    if (with_document) {
      p.Score(f.doc_keys.data() + f.doc_key_begin[t], f.doc_keys.data() + f.doc_key_begin[t + 1],
              s);
    }
  }
}

// Fisher-Yates with our own index draw, so the order does not depend on the
// standard library's shuffle.
void Shuffle(std::vector<SentenceRef>* v, std::mt19937_64* rng) {
  for (size_t i = v->size(); i > 1; --i) std::swap((*v)[i - 1], (*v)[(*rng)() % i]);
}

// Trains on `train` sentences for `epochs`; returns the averaged model.
// `document_rate` = probability that a visit uses document features. Returns
// the number of token errors of the last epoch through `last_errors`.
Perceptron Train(const std::vector<PreparedDocument>& docs, std::vector<SentenceRef> train,
                 int bits, int epochs, double document_rate, uint64_t seed,
                 std::ostream* progress, std::mutex* progress_mutex, std::string_view what) {
  Perceptron p(bits);
  std::mt19937_64 rng(seed);
  std::vector<float> scores;
  std::vector<uint8_t> predicted;
  DecodeScratch decode;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    Shuffle(&train, &rng);
    size_t errors = 0, tokens = 0;
    for (const SentenceRef& ref : train) {
      const PreparedDocument& doc = docs[ref.document];
      const FeatureScratch& f = doc.features;
      const size_t b = f.sentence_begin[ref.sentence], e = f.sentence_begin[ref.sentence + 1];
      const bool with_document =
          document_rate > 0 && static_cast<double>(rng() >> 11) * 0x1.0p-53 < document_rate;
      Emissions(p, doc, b, e, with_document, &scores);
      predicted.resize(e - b);
      ViterbiDecode(scores, p.transitions(), &decode, predicted.data(), nullptr);
      tokens += e - b;
      for (size_t t = b; t < e; ++t) {
        const int gold = doc.gold[t], guess = predicted[t - b];
        const int gold_prev = t == b ? -1 : doc.gold[t - 1];
        const int guess_prev = t == b ? -1 : predicted[t - b - 1];
        if (gold != guess) {
          ++errors;
          for (auto [keys, begin] : {std::pair{&f.keys, &f.key_begin},
                                     std::pair{&f.doc_keys, &f.doc_key_begin}}) {
            if (keys == &f.doc_keys && !with_document) continue;
            const uint64_t* kb = keys->data() + (*begin)[t];
            const uint64_t* ke = keys->data() + (*begin)[t + 1];
            p.Update(kb, ke, gold, +1.0f);
            p.Update(kb, ke, guess, -1.0f);
          }
        }
        if (gold != guess || gold_prev != guess_prev) {
          p.UpdateTransition(gold_prev, gold, +1.0f);
          p.UpdateTransition(guess_prev, guess, -1.0f);
        }
      }
      p.Tick();
    }
    if (progress != nullptr) {
      std::lock_guard<std::mutex> lock(*progress_mutex);
      *progress << what << " epoch " << epoch + 1 << ": " << errors << " token errors of "
                << tokens << std::endl;
    }
  }
  p.Average();
  return p;
}

// The confidence scale minimizing the log loss of "label is right" with
// p = sigmoid(margin / scale) over the jackknife predictions.
float CalibrateConfidence(const std::vector<std::pair<float, bool>>& samples) {
  float best_scale = 1.0f;
  double best_loss = INFINITY;
  for (double scale = 0.05; scale < 200; scale *= 1.1) {
    double loss = 0;
    for (const auto& [margin, correct] : samples) {
      const double p = 1.0 / (1.0 + std::exp(-margin / scale));
      loss -= std::log(std::clamp(correct ? p : 1.0 - p, 1e-12, 1.0));
    }
    if (loss < best_loss) {
      best_loss = loss;
      best_scale = static_cast<float>(scale);
    }
  }
  return best_scale;
}

}  // namespace

absl::StatusOr<NerModelData> TrainNer(const std::vector<NerTrainingDocument>& documents,
                                      const Lexicon& lexicon, const Gazetteer& gazetteer,
                                      const NerTrainingOptions& options, std::ostream* progress) {
  if (documents.empty()) return absl::InvalidArgumentError("no training documents");
  if (options.hash_bits < 8 || options.hash_bits > 26 || options.epochs < 1 ||
      options.folds < 0 || options.folds == 1 ||
      (options.folds > 0 && static_cast<size_t>(options.folds) > documents.size())) {
    return absl::InvalidArgumentError("bad training options");
  }
  const FeatureExtractor extractor(&lexicon, &gazetteer);
  std::vector<PreparedDocument> docs(documents.size());
  std::vector<SentenceRef> all;
  for (size_t d = 0; d < documents.size(); ++d) {
    std::vector<std::vector<std::string_view>> views(documents[d].size());
    std::vector<NerSentence> sentences(documents[d].size());
    for (size_t i = 0; i < documents[d].size(); ++i) {
      const NerTrainingSentence& s = documents[d][i];
      if (s.words.size() != s.gold.size()) {
        return absl::InvalidArgumentError("training sentence: words and tags differ in length");
      }
      views[i].assign(s.words.begin(), s.words.end());
      sentences[i].words = views[i];
      sentences[i].unreliable_case = s.unreliable_case;
      for (const NerTag& tag : s.gold) docs[d].gold.push_back(static_cast<uint8_t>(LabelOf(tag)));
      all.push_back({static_cast<uint32_t>(d), static_cast<uint32_t>(i)});
    }
    extractor.PrepareDocument(sentences, &docs[d].features);
    extractor.LocalFeatures(&docs[d].features);
    docs[d].sentences = documents[d].size();
    docs[d].first_pass.assign(docs[d].gold.size(), 0);
  }

  std::mutex progress_mutex;
  std::vector<std::pair<float, bool>> calibration;
  if (options.folds > 0) {
    // Jackknife: fold k = documents with index % folds == k.
    std::vector<std::vector<std::pair<float, bool>>> fold_samples(options.folds);
    std::atomic<int> next{0};
    auto worker = [&] {
      std::vector<float> scores, margins;
      std::vector<uint8_t> predicted;
      DecodeScratch decode;
      for (int k = next++; k < options.folds; k = next++) {
        std::vector<SentenceRef> train;
        for (const SentenceRef& ref : all) {
          if (static_cast<int>(ref.document % options.folds) != k) train.push_back(ref);
        }
        const Perceptron p =
            Train(docs, train, options.hash_bits, options.fold_epochs, 0.0,
                  options.seed * 1000003 + k, progress, &progress_mutex, "fold");
        for (size_t d = k; d < docs.size(); d += options.folds) {
          PreparedDocument& doc = docs[d];
          const FeatureScratch& f = doc.features;
          for (size_t i = 0; i < doc.sentences; ++i) {
            const size_t b = f.sentence_begin[i], e = f.sentence_begin[i + 1];
            Emissions(p, doc, b, e, false, &scores);
            predicted.resize(e - b);
            margins.resize(e - b);
            ViterbiDecode(scores, p.transitions(), &decode, predicted.data(), margins.data());
            for (size_t t = b; t < e; ++t) {
              doc.first_pass[t] = predicted[t - b];
              fold_samples[k].emplace_back(margins[t - b], predicted[t - b] == doc.gold[t]);
            }
          }
        }
      }
    };
    std::vector<std::thread> threads;
    for (int t = 1; t < std::max(1, options.threads); ++t) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();
    for (auto& samples : fold_samples) {
      calibration.insert(calibration.end(), samples.begin(), samples.end());
    }
    for (PreparedDocument& doc : docs) extractor.DocumentFeatures(doc.first_pass, &doc.features);
  } else {
    for (PreparedDocument& doc : docs) {
      doc.features.doc_keys.clear();
      doc.features.doc_key_begin.assign(doc.gold.size() + 1, 0);
    }
  }

  Perceptron p = Train(docs, all, options.hash_bits, options.epochs,
                       options.folds > 0 ? options.document_rate : 0.0, options.seed, progress,
                       &progress_mutex, "final");
  NerModelData data;
  data.hash_bits = options.hash_bits;
  data.transitions = p.transitions();
  data.weights = p.TakeWeights();
  data.confidence_scale = calibration.empty() ? 1.0f : CalibrateConfidence(calibration);
  data.lexicon = lexicon;
  data.gazetteer = gazetteer;
  return data;
}

}  // namespace wirelens::stages::entities
