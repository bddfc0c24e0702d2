#include "stages/language/script.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

#include "pipeline/text.h"

namespace wirelens::stages::language {
namespace {

// Frequent characters whose form differs between Simplified and Traditional
// Chinese, as (simplified, traditional) pairs. Either form appearing is
// evidence for its orthography; characters shared by both say nothing.
constexpr std::pair<char16_t, char16_t> kHanVariants[] = {
    {u'们', u'們'}, {u'这', u'這'}, {u'国', u'國'}, {u'说', u'說'}, {u'时', u'時'}, {u'为', u'為'},
    {u'会', u'會'}, {u'来', u'來'}, {u'个', u'個'}, {u'对', u'對'}, {u'经', u'經'}, {u'发', u'發'},
    {u'学', u'學'}, {u'过', u'過'}, {u'还', u'還'}, {u'没', u'沒'}, {u'开', u'開'}, {u'关', u'關'},
    {u'问', u'問'}, {u'间', u'間'}, {u'长', u'長'}, {u'见', u'見'}, {u'现', u'現'}, {u'东', u'東'},
    {u'车', u'車'}, {u'门', u'門'}, {u'电', u'電'}, {u'话', u'話'}, {u'语', u'語'}, {u'书', u'書'},
    {u'买', u'買'}, {u'卖', u'賣'}, {u'钱', u'錢'}, {u'头', u'頭'}, {u'马', u'馬'}, {u'鸟', u'鳥'},
    {u'鱼', u'魚'}, {u'龙', u'龍'}, {u'飞', u'飛'}, {u'写', u'寫'}, {u'让', u'讓'}, {u'认', u'認'},
    {u'识', u'識'}, {u'论', u'論'}, {u'议', u'議'}, {u'设', u'設'}, {u'该', u'該'}, {u'请', u'請'},
    {u'谁', u'誰'}, {u'读', u'讀'}, {u'边', u'邊'}, {u'进', u'進'}, {u'远', u'遠'}, {u'运', u'運'},
    {u'动', u'動'}, {u'习', u'習'}, {u'乐', u'樂'}, {u'听', u'聽'}, {u'医', u'醫'}, {u'农', u'農'},
    {u'华', u'華'}, {u'报', u'報'}, {u'场', u'場'}, {u'张', u'張'}, {u'总', u'總'}, {u'岁', u'歲'},
    {u'亚', u'亞'}, {u'区', u'區'}, {u'广', u'廣'}, {u'业', u'業'}, {u'万', u'萬'}, {u'与', u'與'},
    {u'党', u'黨'}, {u'员', u'員'}, {u'团', u'團'}, {u'图', u'圖'}, {u'样', u'樣'}, {u'机', u'機'},
    {u'权', u'權'}, {u'条', u'條'}, {u'极', u'極'}, {u'热', u'熱'}, {u'爱', u'愛'}, {u'觉', u'覺'},
    {u'应', u'應'}, {u'实', u'實'}, {u'师', u'師'}, {u'带', u'帶'}, {u'帮', u'幫'}, {u'归', u'歸'},
    {u'当', u'當'}, {u'战', u'戰'}, {u'军', u'軍'}, {u'体', u'體'}, {u'无', u'無'}, {u'种', u'種'},
    {u'号', u'號'}, {u'产', u'產'}, {u'术', u'術'}, {u'将', u'將'}, {u'办', u'辦'}, {u'红', u'紅'},
    {u'线', u'線'}, {u'结', u'結'}, {u'给', u'給'}, {u'统', u'統'}, {u'组', u'組'}, {u'织', u'織'},
    {u'济', u'濟'},
};

enum class HanForm { kNeither, kSimplified, kTraditional };

// Sorted (code point, form) index over kHanVariants, built once.
struct HanIndex {
  std::vector<std::pair<char32_t, HanForm>> entries;
  HanIndex() {
    for (const auto& [simplified, traditional] : kHanVariants) {
      entries.emplace_back(simplified, HanForm::kSimplified);
      entries.emplace_back(traditional, HanForm::kTraditional);
    }
    std::sort(entries.begin(), entries.end());
  }
};

HanForm ClassifyHan(char32_t cp) {
  static const HanIndex* const index = new HanIndex();
  auto it = std::lower_bound(index->entries.begin(), index->entries.end(),
                             std::make_pair(cp, HanForm::kNeither));
  return it != index->entries.end() && it->first == cp ? it->second : HanForm::kNeither;
}

constexpr std::pair<std::string_view, std::string_view> kSingleLanguageScripts[] = {
    {"Armn", "hy"}, {"Beng", "bn"}, {"Geor", "ka"}, {"Grek", "el"}, {"Gujr", "gu"}, {"Guru", "pa"},
    {"Hang", "ko"}, {"Hebr", "he"}, {"Jpan", "ja"}, {"Khmr", "km"}, {"Knda", "kn"}, {"Kore", "ko"},
    {"Laoo", "lo"}, {"Mlym", "ml"}, {"Mymr", "my"}, {"Orya", "or"}, {"Sinh", "si"}, {"Taml", "ta"},
    {"Telu", "te"}, {"Thaa", "dv"}, {"Thai", "th"}, {"Tibt", "bo"},
};

}  // namespace

ScriptProfile ProfileScript(std::string_view text, uint32_t max_letters) {
  std::array<uint32_t, USCRIPT_CODE_LIMIT> counts{};
  uint32_t letters = 0;
  uint32_t simplified = 0;
  uint32_t traditional = 0;
  size_t pos = 0;
  while (pos < text.size() && letters < max_letters) {
    const unsigned char byte = static_cast<unsigned char>(text[pos]);
    if (byte < 0x80) {
      ++pos;
      if ((byte | 0x20) >= 'a' && (byte | 0x20) <= 'z') {
        ++counts[USCRIPT_LATIN];
        ++letters;
      }
      continue;
    }
    const char32_t cp = pipeline::DecodeUtf8(text, &pos);
    if (cp == 0xFFFD || !u_isalpha(cp)) continue;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(cp, &status);
    if (U_FAILURE(status) || script < 0 || script >= USCRIPT_CODE_LIMIT ||
        script == USCRIPT_COMMON || script == USCRIPT_INHERITED) {
      continue;
    }
    ++counts[script];
    ++letters;
    if (script == USCRIPT_HAN) {
      switch (ClassifyHan(cp)) {
        case HanForm::kSimplified:
          ++simplified;
          break;
        case HanForm::kTraditional:
          ++traditional;
          break;
        case HanForm::kNeither:
          break;
      }
    }
  }
  ScriptProfile profile;
  profile.letters = letters;
  if (letters == 0) return profile;

  // Japanese and Korean text mixes Han with kana / Hangul: count the mixture
  // as one writing system before picking the largest.
  const uint32_t han = counts[USCRIPT_HAN];
  const uint32_t kana = counts[USCRIPT_HIRAGANA] + counts[USCRIPT_KATAKANA];
  const uint32_t hangul = counts[USCRIPT_HANGUL];
  uint32_t best = 0;
  int best_script = USCRIPT_COMMON;
  for (int s = 0; s < USCRIPT_CODE_LIMIT; ++s) {
    if (s == USCRIPT_HAN || s == USCRIPT_HIRAGANA || s == USCRIPT_KATAKANA || s == USCRIPT_HANGUL) {
      continue;
    }
    if (counts[s] > best) {
      best = counts[s];
      best_script = s;
    }
  }
  const uint32_t cjk = han + kana + hangul;
  if (cjk > best) {
    profile.dominant_letters = cjk;
    if (kana > 0 && kana >= hangul) {
      profile.script = "Jpan";
    } else if (hangul > 0) {
      profile.script = "Kore";
    } else if (simplified > traditional) {
      profile.script = "Hans";
    } else if (traditional > simplified) {
      profile.script = "Hant";
    } else {
      profile.script = "Hani";
    }
    return profile;
  }
  profile.dominant_letters = best;
  const char* name = uscript_getShortName(static_cast<UScriptCode>(best_script));
  profile.script = name != nullptr ? std::string_view(name) : std::string_view("Zyyy");
  return profile;
}

std::string_view SingleLanguageOfScript(std::string_view script) {
  for (const auto& [s, lang] : kSingleLanguageScripts) {
    if (s == script) return lang;
  }
  return {};
}

}  // namespace wirelens::stages::language
