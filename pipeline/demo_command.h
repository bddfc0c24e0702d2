// File: demo_command.h
//
// `wirelens demo`: the whole streaming path in one process, in a few
// seconds, with nothing to install or start. It
//   1. starts an EmbeddedBroker (mock_broker.h) with the input, output and
//      dead-letter topics;
//   2. produces the bundled sample articles (demo_samples.h) and a few bad
//      inputs (malformed JSON, binary bytes, an empty value, and text with
//      invalid UTF-8, which is repaired rather than rejected) to the input
//      topic;
//   3. runs the real Worker over KafkaSource and KafkaSink until every input
//      has an output, enriched or dead-lettered;
//   4. reads both output topics back as a consumer would and prints, per
//      input in input order, a one-line summary of its Enrichment (id,
//      language, script, confidence, entity and figure counts, warnings and
//      stage errors), then each dead letter with its wirelens-error-*
//      headers.
// Exit status 0 when every input got an output, 1 when something failed or
// the run exceeded --timeout, 2 on usage errors. Logs (JSON lines) go to
// `err`; the summary to `out`.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "pipeline/config.h"
#include "pipeline/registry.h"

namespace wirelens::pipeline {

// The FlagSet of `wirelens demo` (also used to generate docs).
FlagSet DemoFlags();

int DemoCommand(const std::vector<std::string>& args, const StageRegistry& registry,
                std::ostream& out, std::ostream& err);

}  // namespace wirelens::pipeline
