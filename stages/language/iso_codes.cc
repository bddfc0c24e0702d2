#include "stages/language/iso_codes.h"

#include <algorithm>
#include <array>
#include <utility>

namespace wirelens::stages::language {
namespace {

// ISO 639-1, current codes, sorted for binary search.
constexpr std::array<std::string_view, 183> kIso6391 = {
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bi",
    "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da", "de",
    "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr", "fy",
    "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz", "ia",
    "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj", "kk",
    "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln", "lo",
    "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb", "nd",
    "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl",
    "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk", "sl",
    "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti", "tk",
    "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo", "wa",
    "wo", "xh", "yi", "yo", "za", "zh", "zu"};

// CLD2 spellings that differ from the ISO 639-1 code we publish.
constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kFolds = {{
    {"in", "id"},
    {"iw", "he"},
    {"ji", "yi"},
    {"jw", "jv"},
    {"mo", "ro"},
    {"nb", "no"},  // wirelens reports Norwegian Bokmål as "no" (see enrichment.proto)
    {"sh", "hr"},
    {"sr-Latn", "sr"},
    {"sr-ME", "sr"},  // Montenegrin
    {"zh-Hant", "zh"},
}};

}  // namespace

bool IsIso6391(std::string_view code) {
  return std::binary_search(kIso6391.begin(), kIso6391.end(), code);
}

std::string_view Cld2CodeToIso6391(std::string_view cld2_code) {
  for (const auto& [from, to] : kFolds) {
    if (cld2_code == from) return to;
  }
  if (IsIso6391(cld2_code)) {
    // Return the static copy so the result outlives the argument.
    return *std::lower_bound(kIso6391.begin(), kIso6391.end(), cld2_code);
  }
  return {};
}

}  // namespace wirelens::stages::language
