// File: language_identifier.h
//
// The decision logic of the language stage, separate from the Stage plumbing
// so that the eval binary and the tests can drive it directly. It combines
// three opinions:
//   1. the writing system: a letter-dominant script used by one language
//      (Greek, Hangul, kana, Georgian, Armenian, Hebrew, Thai, Indic scripts)
//      decides alone (LANGUAGE_METHOD_SCRIPT);
//   2. CLD2 (full tables), taken as is when it is reliable on enough text and
//      its answer is not one of the close pairs it confuses
//      (LANGUAGE_METHOD_CLD2);
//   3. the project's character n-gram model (ngram_model.h), consulted for
//      short text (< 200 letters), CLD2's abstentions and unreliable answers,
//      and the close groups sr/hr/bs, no/da/nn/sv, id/ms, be/uk/ru, bg/mk,
//      gl/pt/es/ca; its tempered posterior gets a log-bonus for CLD2's answer
//      (LANGUAGE_METHOD_COMBINED), or is used alone when CLD2 has no answer
//      (LANGUAGE_METHOD_NGRAM). Within sr/hr/bs, marker words
//      (serbo_croatian.h) shift the scores further.
// A reliable CLD2 answer in a language the n-gram model does not know (e.g.
// Uyghur) is taken as is at any length.
// Outputs are always ISO 639-1: the n-gram model's languages plus any ISO
// 639-1 language CLD2 reports reliably.
//
// Thread-safety: immutable after construction; Identify() is const and safe
// from many threads, each with its own Scratch.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "stages/language/ngram_model.h"
#include "wirelens/v1/enrichment.pb.h"

namespace wirelens::stages::language {

// Reported in Provenance; the trainer stamps them into the model file.
inline constexpr std::string_view kModelName = "cld2-full+ngram";
inline constexpr std::string_view kDefaultModelVersion = "2026.11.1";

class LanguageIdentifier {
 public:
  // Per-thread buffers; reused across calls so the hot path does not allocate.
  struct Scratch {
    std::string joined;
    NgramScratch ngram;
    std::vector<double> log_likelihoods;
    std::vector<double> posterior;
    std::vector<double> combined;
    std::string word;
  };

  explicit LanguageIdentifier(NgramModel model);

  // Identifies the language of `headline` and `body` together and fills
  // `out` completely (clearing what was there). Text without letters gives
  // code "und", script "Zyyy", confidence 0. Never fails.
  void Identify(std::string_view headline, std::string_view body, Scratch* scratch,
                v1::Language* out) const;

  const NgramModel& model() const { return model_; }

 private:
  // Shifts the sr/hr/bs scores by the marker words of serbo_croatian.h.
  void ApplySerboCroatianMarkers(std::string_view text, Scratch* scratch,
                                 std::vector<double>* scores) const;

  NgramModel model_;
  // Close-group id per n-gram language index (-1 = none).
  std::vector<int> group_of_;
  int serbo_croatian_group_;
  // Model indices of sr, hr, bs (-1 if the model lacks one).
  int sr_, hr_, bs_;
};

// The close groups CLD2 confuses; index into it is the group id. Exposed for
// tests and the eval.
int CloseGroupOf(std::string_view code);

}  // namespace wirelens::stages::language
