// File: cld2_detector.h
//
// A thin, allocation-free wrapper around CLD2 (Debian's libcld2, with the
// tables chosen at link time; see README.md) that returns ISO 639-1 codes.
// CLD2 is the first opinion of the language stage, and the eval binary uses
// the same wrapper to report raw CLD2 accuracy next to the stage's.
//
// Thread-safety: CLD2 keeps no mutable global state after load; every
// function here is safe to call from any thread.
#pragma once

#include <array>
#include <string_view>

namespace wirelens::stages::language {

struct Cld2Guess {
  // ISO 639-1 code (see iso_codes.h); never empty.
  std::string_view code;
  // Share of the text's letters CLD2 attributes to this language, 0..100.
  int percent = 0;
  // CLD2's score relative to typical text of that language (1.0 = typical).
  double normalized_score = 0.0;
};

struct Cld2Result {
  // Up to three languages, best first, after mapping to ISO 639-1: codes that
  // have none are dropped and codes that map to the same ISO code merged.
  std::array<Cld2Guess, 3> guesses;
  int count = 0;
  // CLD2's own reliability verdict.
  bool reliable = false;
  // Letter bytes CLD2 scored.
  int text_bytes = 0;

  std::string_view top() const { return count > 0 ? guesses[0].code : std::string_view(); }
};

// Runs CLD2 over plain UTF-8 text (invalid UTF-8 yields an empty result).
// With `best_effort`, CLD2 answers even for very short text instead of
// abstaining with UNKNOWN_LANGUAGE.
Cld2Result DetectWithCld2(std::string_view text, bool best_effort);

// CLD2's version string, including the build date of the linked tables
// ("V2.0 - 20140204" for the full tables, "... 20141016" for the default).
std::string_view Cld2Version();

}  // namespace wirelens::stages::language
