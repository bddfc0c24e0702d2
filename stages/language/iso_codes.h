// File: iso_codes.h
//
// Maps CLD2's language codes to the ISO 639-1 codes wirelens publishes.
// CLD2 keeps some legacy or private spellings: "iw" (Hebrew), "jw"
// (Javanese), "zh-Hant" (Traditional Chinese), "sr-ME" (Montenegrin), and
// three-letter or "xx-" codes for languages and scripts that have no ISO 639-1
// code. Everything the stage reports passes through here, so no caller ever
// sees a code that is not ISO 639-1.
//
// Thread-safety: pure functions over static tables; safe from any thread.
#pragma once

#include <string_view>

namespace wirelens::stages::language {

// Returns the ISO 639-1 code for a CLD2 language code, or "" when the code
// has no ISO 639-1 equivalent (three-letter codes, "xx-*" scripts, the
// deprecated collective "bh", CLD2's "un"/"xxx" unknowns, joke languages).
// Folds: iw->he, jw->jv, in->id, ji->yi, mo->ro, nb->no, zh-Hant->zh,
// sr-ME->sr, sh->hr.
std::string_view Cld2CodeToIso6391(std::string_view cld2_code);

// True if `code` is a two-letter lowercase code from ISO 639-1 (current, not
// withdrawn).
bool IsIso6391(std::string_view code);

}  // namespace wirelens::stages::language
