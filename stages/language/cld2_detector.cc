#include "stages/language/cld2_detector.h"

#include <climits>

#include "cld2/internal/lang_script.h"
#include "cld2/public/compact_lang_det.h"
#include "cld2/public/encodings.h"
#include "stages/language/iso_codes.h"

namespace wirelens::stages::language {

Cld2Result DetectWithCld2(std::string_view text, bool best_effort) {
  Cld2Result result;
  if (text.empty() || text.size() > static_cast<size_t>(INT_MAX)) return result;
  CLD2::CLDHints hints = {nullptr, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
  CLD2::Language language3[3] = {CLD2::UNKNOWN_LANGUAGE, CLD2::UNKNOWN_LANGUAGE,
                                 CLD2::UNKNOWN_LANGUAGE};
  int percent3[3] = {0, 0, 0};
  double normalized3[3] = {0, 0, 0};
  int text_bytes = 0;
  bool reliable = false;
  int valid_prefix_bytes = 0;
  CLD2::ExtDetectLanguageSummaryCheckUTF8(
      text.data(), static_cast<int>(text.size()), /*is_plain_text=*/true, &hints,
      best_effort ? CLD2::kCLDFlagBestEffort : 0, language3, percent3, normalized3,
      /*resultchunkvector=*/nullptr, &text_bytes, &reliable, &valid_prefix_bytes);
  result.reliable = reliable;
  result.text_bytes = text_bytes;
  for (int i = 0; i < 3; ++i) {
    if (language3[i] == CLD2::UNKNOWN_LANGUAGE) continue;
    const std::string_view code = Cld2CodeToIso6391(CLD2::LanguageCode(language3[i]));
    if (code.empty()) continue;
    bool merged = false;
    for (int j = 0; j < result.count; ++j) {
      if (result.guesses[j].code == code) {
        result.guesses[j].percent += percent3[i];
        merged = true;
        break;
      }
    }
    if (merged) continue;
    result.guesses[result.count++] = Cld2Guess{code, percent3[i], normalized3[i]};
  }
  return result;
}

std::string_view Cld2Version() { return CLD2::DetectLanguageVersion(); }

}  // namespace wirelens::stages::language
