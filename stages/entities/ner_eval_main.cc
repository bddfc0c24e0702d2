// wirelens_ner_eval: scores the named-entity recognizer on a gold CoNLL file
// with conlleval semantics (span-level exact match; P/R/F1 per type).
//
//   build/release/stages/entities/wirelens_ner_eval
//       --conll ../shared/data/ner/conll2003/dev.conll
//   build/release/stages/entities/wirelens_ner_eval
//       --conll ../shared/data/ner/uner_en_ewt/dev.conll --ignore MISC
//
// Flags: --conll FILE, --ignore TYPES (comma-separated), --model FILE
// (default: the committed model).
#include <iostream>
#include <string>
#include <vector>

#include "stages/entities/ner_commands.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return wirelens::stages::entities::RunEvalCommand(args, std::cin, std::cout, std::cerr);
}
