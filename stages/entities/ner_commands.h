// File: ner_commands.h
//
// Command-line entry points of the recognizer, shared by the `wirelens`
// binary (as stage commands) and the standalone tools:
//
//   wirelens tag [--conll] [--model FILE] [FILE]
//       Tags a CoNLL file (or stdin) and writes it back with the predicted
//       BIO tag appended to every line (conlleval input).
//   wirelens eval-ner --conll FILE [--ignore MISC,...] [--model FILE]
//       Tags a gold CoNLL file and prints span-level precision, recall and
//       F1 per type and overall (conlleval semantics).
//
// Without --model both use the committed model under the model root
// (pipeline::ResolveModelRoot: --model-dir, $WIRELENS_MODEL_DIR, ...).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "pipeline/registry.h"
#include "stages/entities/conll.h"
#include "stages/entities/ner_eval.h"
#include "stages/entities/ner_model.h"

namespace wirelens::stages::entities {

// Tags every sentence of a CoNLL file, one document (between -DOCSTART-
// markers) per TagDocument call. Sentence case reliability comes from
// LooksCaseUnreliable(). `predicted` gets one entry per sentence (empty for
// -DOCSTART- entries).
void TagConll(const NerModel& model, absl::Span<const ConllSentence> sentences,
              std::vector<std::vector<NerTag>>* predicted);

// Scores `predicted` against the gold tags of `sentences` (types outside
// PER/ORG/LOC/MISC count as O). InvalidArgument for malformed gold tags.
absl::StatusOr<SpanEvaluator> EvaluateConll(absl::Span<const ConllSentence> sentences,
                                            absl::Span<const std::vector<NerTag>> predicted,
                                            absl::Span<const EntityType> ignored);

// Model path from --model or the committed model under the model root.
std::string DefaultNerModelPath();

// `wirelens tag` and `wirelens eval-ner`; args exclude the command name.
// Exit code 0 on success, 1 on a runtime error, 2 on bad usage.
int RunTagCommand(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                  std::ostream& err);
int RunEvalCommand(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                   std::ostream& err);

// Registers "tag" and "eval-ner" with the registry.
void RegisterEntityCommands(pipeline::StageRegistry& registry);

}  // namespace wirelens::stages::entities
