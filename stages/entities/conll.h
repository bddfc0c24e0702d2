// File: conll.h
//
// CoNLL token-per-line files: one token per line with the token in the first
// column (whitespace-separated columns, the gold tag, if any, in the last),
// a blank line after each sentence, and "-DOCSTART-" lines marking document
// boundaries. Reading keeps every line as it was, so writing a file back with
// one more column (the predicted BIO tag) leaves it ready for conlleval.
//
// Thread-safety: plain values and functions.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "stages/entities/ner_tags.h"

namespace wirelens::stages::entities {

// One sentence, or a -DOCSTART- line (then `lines` holds that one line and
// `docstart` is true).
struct ConllSentence {
  bool docstart = false;
  std::vector<std::string> lines;  // as read, without the line break
  std::vector<std::string> words;  // first column of each line
  std::vector<std::string> tags;   // last column ("" for single-column lines)
};

// Reads a whole CoNLL stream. Tolerates CRLF line ends and several blank
// lines in a row. InvalidArgument for a line that starts with whitespace
// (an empty first column). Never fails on tags: see GoldTags().
absl::StatusOr<std::vector<ConllSentence>> ReadConll(std::istream& in);

// Groups sentences into documents: each -DOCSTART- starts a new one. Returns
// [begin, end) index ranges into `sentences` that hold no -DOCSTART- entry
// (empty documents are skipped). Without markers the whole file is one
// document.
std::vector<std::pair<size_t, size_t>> ConllDocuments(absl::Span<const ConllSentence> sentences);

// The gold tags of a sentence, parsed. Tags of types outside
// PER/ORG/LOC/MISC (e.g. UNER's OTH) read as O when `unknown_as_outside`;
// otherwise InvalidArgument. A single-column line is an error.
absl::StatusOr<std::vector<NerTag>> GoldTags(const ConllSentence& sentence,
                                              bool unknown_as_outside);

// Writes `sentence` with `predicted` appended to every line (the separator is
// a tab when the line has one, else a space), then a blank line. A -DOCSTART-
// entry gets "O". `predicted` must have one tag per word (ignored for
// -DOCSTART-).
void WriteConllSentence(const ConllSentence& sentence, absl::Span<const NerTag> predicted,
                        std::ostream& out);

}  // namespace wirelens::stages::entities
