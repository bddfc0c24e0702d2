// File: serbo_croatian.h
//
// Lexical evidence for telling Serbian, Croatian and Bosnian apart, the
// closest group the language stage handles and the one where both CLD2 and
// the character n-gram model (trained on little Serbian and Croatian text)
// are weakest. Two well-known differences carry most of the signal:
//   - the reflex of old "jat": Serbian (as written in Serbia) is ekavian
//     ("vreme", "gde", "dete"), Croatian and Bosnian are ijekavian ("vrijeme",
//     "gdje", "dijete");
//   - vocabulary: Croatian "tisuća", "također", "europski", "tjedan",
//     "općina" where Serbian and Bosnian write "hiljada", "takođe",
//     "evropski", "nedelja"/"sedmica", "opština".
// The word lists are short and hand-written; they only nudge the n-gram
// model's scores within the sr/hr/bs group.
//
// Thread-safety: pure function over static tables; safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace wirelens::stages::language {

struct SerboCroatianEvidence {
  int ekavian = 0;          // Serbian (ekavian) word forms
  int ijekavian = 0;        // Croatian / Bosnian (ijekavian) word forms
  int serbian_bosnian = 0;  // vocabulary shared by Serbian and Bosnian, not Croatian
  int croatian = 0;         // vocabulary of Croatian only

  bool empty() const { return ekavian + ijekavian + serbian_bosnian + croatian == 0; }
};

// Counts marker words in Latin-script `text` (case-insensitive). `word` is a
// scratch buffer reused across calls. Reads at most `max_bytes` bytes.
SerboCroatianEvidence CountSerboCroatianMarkers(std::string_view text, size_t max_bytes,
                                                std::string* word);

}  // namespace wirelens::stages::language
