// File: script.h
//
// Finds the dominant writing system of a text, as an ISO 15924 code, from
// ICU's script property of each letter. CJK is resolved the way consumers
// need it: any kana makes Han text "Jpan", Hangul makes it "Kore", and plain
// Han is "Hans" or "Hant" when characters that exist in only one of the two
// orthographies decide it (else "Hani"). The stage also uses the profile for
// its shortcut on scripts that belong to a single language.
//
// Thread-safety: pure functions; safe from any thread. No allocation.
#pragma once

#include <cstdint>
#include <string_view>

namespace wirelens::stages::language {

struct ScriptProfile {
  // ISO 15924 code of the dominant script; "Zyyy" when no letters were seen.
  std::string_view script = "Zyyy";
  // Letters counted, and how many of them belong to `script` (for Jpan and
  // Kore this includes the Han characters mixed in).
  uint32_t letters = 0;
  uint32_t dominant_letters = 0;
  // Fraction of letters in `script`, in [0, 1]; 0 when no letters.
  double share() const { return letters == 0 ? 0.0 : double(dominant_letters) / letters; }
};

// Profiles valid UTF-8 `text` (malformed bytes are skipped, never read past
// the end). Looks at no more than `max_letters` letters, so long articles
// cost a bounded amount.
ScriptProfile ProfileScript(std::string_view text, uint32_t max_letters = 4096);

// The language written in `script` when that script is used by essentially
// one language ("Grek" -> "el", "Hang"/"Kore" -> "ko", "Jpan" -> "ja",
// "Geor" -> "ka", "Armn" -> "hy", "Hebr" -> "he", "Thai" -> "th", ...);
// "" for scripts shared by several languages (Latn, Cyrl, Arab, Hani, ...).
std::string_view SingleLanguageOfScript(std::string_view script);

}  // namespace wirelens::stages::language
