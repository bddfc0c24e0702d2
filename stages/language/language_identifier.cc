#include "stages/language/language_identifier.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "stages/language/cld2_detector.h"
#include "stages/language/script.h"
#include "stages/language/serbo_croatian.h"

namespace wirelens::stages::language {
namespace {

// Languages CLD2 mixes up with each other; within a group the n-gram model
// has the last word even when CLD2 calls itself reliable.
constexpr std::array<std::array<std::string_view, 4>, 6> kCloseGroups = {{
    {"sr", "hr", "bs", ""},
    {"no", "da", "nn", "sv"},
    {"id", "ms", "", ""},
    {"be", "uk", "ru", ""},
    {"bg", "mk", "", ""},
    {"gl", "pt", "es", "ca"},
}};

// Below this many letters CLD2 alone is never trusted.
constexpr uint32_t kMinLettersForCld2Alone = 200;
// A single-language script must cover this share of the letters to decide.
constexpr double kMinScriptShare = 0.5;
// The n-gram model reads at most this many code points of long articles.
constexpr size_t kMaxNgramCodePoints = 800;
// Sharpness of the n-gram posterior: log-likelihoods are divided by
// sqrt(#features) / kPosteriorScale before the softmax, which keeps the
// posterior from saturating on long text the way raw naive Bayes does.
constexpr double kPosteriorScale = 0.5;
// Log-bonus the n-gram posterior gives CLD2's answer (whether or not CLD2
// calls it reliable: on dev its unreliable answers were as useful as its
// reliable ones on the short texts that reach this point), and a smaller one
// to the other members of its close group (CLD2 knows the group better than
// the member).
constexpr double kCld2Bonus = 2.0;
constexpr double kCld2GroupBonus = 0.5;
// Log-shift per Serbian/Croatian marker word (serbo_croatian.h), and its cap.
constexpr double kMarkerWeight = 2.0;
constexpr double kMaxMarkerShift = 6.0;
constexpr size_t kMaxMarkerBytes = 8192;
// Runners-up: at most this many, and only with at least this score.
constexpr int kMaxRunnersUp = 3;
constexpr double kMinRunnerUpScore = 0.01;
// A combined answer is reliable at this confidence and length.
constexpr double kReliableConfidence = 0.9;
constexpr uint32_t kReliableMinLetters = 20;

void SoftmaxInPlace(std::vector<double>* v) {
  if (v->empty()) return;
  const double max = *std::max_element(v->begin(), v->end());
  double sum = 0;
  for (double& x : *v) {
    x = std::exp(x - max);
    sum += x;
  }
  for (double& x : *v) x /= sum;
}

void FillFromCld2(const Cld2Result& cld, v1::Language* out) {
  out->set_code(std::string(cld.guesses[0].code));
  out->set_confidence(static_cast<float>(std::clamp(cld.guesses[0].percent / 100.0, 0.0, 1.0)));
  out->set_reliable(cld.reliable);
  out->set_method(v1::LANGUAGE_METHOD_CLD2);
  for (int i = 1; i < cld.count; ++i) {
    v1::LanguageScore* score = out->add_runners_up();
    score->set_code(std::string(cld.guesses[i].code));
    score->set_score(static_cast<float>(cld.guesses[i].percent / 100.0));
  }
}

}  // namespace

int CloseGroupOf(std::string_view code) {
  if (code.empty()) return -1;
  for (size_t g = 0; g < kCloseGroups.size(); ++g) {
    for (std::string_view member : kCloseGroups[g]) {
      if (member == code) return static_cast<int>(g);
    }
  }
  return -1;
}

LanguageIdentifier::LanguageIdentifier(NgramModel model)
    : model_(std::move(model)),
      serbo_croatian_group_(CloseGroupOf("sr")),
      sr_(model_.LanguageIndex("sr")),
      hr_(model_.LanguageIndex("hr")),
      bs_(model_.LanguageIndex("bs")) {
  for (const std::string& code : model_.languages()) group_of_.push_back(CloseGroupOf(code));
}

void LanguageIdentifier::ApplySerboCroatianMarkers(std::string_view text, Scratch* scratch,
                                                   std::vector<double>* scores) const {
  const SerboCroatianEvidence e = CountSerboCroatianMarkers(text, kMaxMarkerBytes, &scratch->word);
  if (e.empty()) return;
  // Ekavian forms point to Serbian, ijekavian ones away from it; Croatian
  // vocabulary points to Croatian, Serbian/Bosnian vocabulary away from it.
  const double jat =
      std::clamp(kMarkerWeight * (e.ekavian - e.ijekavian), -kMaxMarkerShift, kMaxMarkerShift);
  const double vocabulary = std::clamp(kMarkerWeight * (e.serbian_bosnian - e.croatian),
                                       -kMaxMarkerShift, kMaxMarkerShift);
  if (sr_ >= 0) (*scores)[sr_] += jat + vocabulary;
  if (hr_ >= 0) (*scores)[hr_] += -jat - vocabulary;
  if (bs_ >= 0) (*scores)[bs_] += -jat + vocabulary;
}

void LanguageIdentifier::Identify(std::string_view headline, std::string_view body,
                                  Scratch* scratch, v1::Language* out) const {
  out->Clear();
  std::string_view text;
  if (headline.empty() || body.empty()) {
    text = headline.empty() ? body : headline;
  } else {
    scratch->joined.assign(headline);
    scratch->joined.push_back('\n');
    scratch->joined.append(body);
    text = scratch->joined;
  }

  const ScriptProfile profile = ProfileScript(text);
  out->set_script(std::string(profile.script));
  if (profile.letters == 0) {
    out->set_code("und");
    return;
  }
  if (const std::string_view only = SingleLanguageOfScript(profile.script);
      !only.empty() && profile.share() >= kMinScriptShare) {
    out->set_code(std::string(only));
    out->set_confidence(static_cast<float>(profile.share()));
    out->set_reliable(profile.share() >= kReliableConfidence);
    out->set_method(v1::LANGUAGE_METHOD_SCRIPT);
    return;
  }

  const Cld2Result cld = DetectWithCld2(text, /*best_effort=*/true);
  const std::string_view cld_top = cld.top();
  if (cld.count > 0 && cld.reliable && CloseGroupOf(cld_top) < 0 &&
      (profile.letters >= kMinLettersForCld2Alone || model_.LanguageIndex(cld_top) < 0)) {
    // Long text, or a language our model does not know: CLD2 is the expert.
    FillFromCld2(cld, out);
    return;
  }

  std::vector<double>& ll = scratch->log_likelihoods;
  const int known = model_.Score(text, kMaxNgramCodePoints, &scratch->ngram, &ll);
  if (known == 0) {
    if (cld.count > 0) {
      FillFromCld2(cld, out);
    } else {
      out->set_code("und");
    }
    return;
  }

  // N-gram posterior, then CLD2's vote as a bonus on its language and on the
  // close group it belongs to, then the Serbian/Croatian markers.
  std::vector<double>& combined = scratch->combined;
  combined.resize(ll.size());
  const double scale = kPosteriorScale / std::sqrt(static_cast<double>(known));
  const int cld_index = model_.LanguageIndex(cld_top);
  const int cld_group = CloseGroupOf(cld_top);
  int best = 0;
  for (size_t l = 0; l < ll.size(); ++l) {
    combined[l] = ll[l] * scale;
    if (static_cast<int>(l) == cld_index) {
      combined[l] += kCld2Bonus;
    } else if (cld_group >= 0 && group_of_[l] == cld_group) {
      combined[l] += kCld2GroupBonus;
    }
    if (combined[l] > combined[best]) best = static_cast<int>(l);
  }
  if (group_of_[best] >= 0 && group_of_[best] == serbo_croatian_group_ &&
      profile.script == "Latn") {
    ApplySerboCroatianMarkers(text, scratch, &combined);
  }
  SoftmaxInPlace(&combined);

  // Best and runners-up by a partial selection over the few top scores.
  std::array<int, kMaxRunnersUp + 1> top;
  top.fill(-1);
  for (size_t l = 0; l < combined.size(); ++l) {
    for (int k = 0; k <= kMaxRunnersUp; ++k) {
      if (top[k] < 0 || combined[l] > combined[top[k]]) {
        for (int m = kMaxRunnersUp; m > k; --m) top[m] = top[m - 1];
        top[k] = static_cast<int>(l);
        break;
      }
    }
  }
  const double confidence = combined[top[0]];
  out->set_code(model_.languages()[top[0]]);
  out->set_confidence(static_cast<float>(confidence));
  out->set_reliable(confidence >= kReliableConfidence && profile.letters >= kReliableMinLetters);
  out->set_method(cld.count > 0 ? v1::LANGUAGE_METHOD_COMBINED : v1::LANGUAGE_METHOD_NGRAM);
  for (int k = 1; k <= kMaxRunnersUp && top[k] >= 0; ++k) {
    if (combined[top[k]] < kMinRunnerUpScore) break;
    v1::LanguageScore* score = out->add_runners_up();
    score->set_code(model_.languages()[top[k]]);
    score->set_score(static_cast<float>(combined[top[k]]));
  }
}

}  // namespace wirelens::stages::language
