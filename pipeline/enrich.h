// File: enrich.h
//
// The offline mode: `wirelens enrich [flags] [FILE...]` reads articles from
// files or stdin and writes one Enrichment per input article, as JSON lines
// or as length-delimited binary protobuf. A bad article yields an error
// record (an Enrichment whose `errors` say why) on its line of output and the
// run goes on; only usage and I/O errors make the exit status nonzero.
//
// Also the flag definitions shared by every command that runs the pipeline.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "pipeline/config.h"
#include "pipeline/decode.h"
#include "pipeline/processor.h"
#include "pipeline/registry.h"

namespace wirelens::pipeline {

// Flags every pipeline-running command has: --stages, --model-dir,
// --input-format, --published-at, --max-article-bytes.
std::vector<FlagDef> PipelineFlags();

// Builds the chain and processor options from parsed PipelineFlags().
struct PipelineSetup {
  std::unique_ptr<Chain> chain;
  ProcessorOptions options;
};
absl::StatusOr<PipelineSetup> BuildPipeline(const FlagSet& flags, const StageRegistry& registry,
                                            ChainOptions chain_options = {});

// One article's bytes in an input file, with where it came from.
struct InputRecord {
  std::string_view bytes;
  int line = 1;  // first line of the record in its file (1-based)
};

// Splits a file's contents into article records:
//   - JSON (format auto, json or ninjs, content starting with '{'): JSONL when
//     the first line is a whole object ({...}): then every non-empty line is
//     one record, and a broken line is one bad record; otherwise the whole
//     file is one (pretty-printed) object;
//   - pb: a stream of varint length-delimited RawArticle messages;
//     InvalidArgument if the stream is truncated;
//   - anything else: the whole file is one article.
absl::StatusOr<std::vector<InputRecord>> SplitInputRecords(std::string_view data, InputFormat format);

enum class OutputFormat { kJson, kProtobuf };

// Serializes deterministically (map entries sorted by key), so that the same
// Enrichment always yields the same bytes — in this process or another. Every
// Enrichment wirelens publishes goes through this.
std::string SerializeEnrichment(const v1::Enrichment& enrichment);

// Renders an Enrichment as one JSON line (proto field names, map keys sorted,
// no trailing newline).
std::string EnrichmentToJson(const v1::Enrichment& enrichment);

// Writes `enrichment` in `format` (JSON line with "\n", or varint length +
// bytes).
void WriteEnrichment(const v1::Enrichment& enrichment, OutputFormat format, std::ostream& out);

// `wirelens enrich`: returns the process exit code (0 ok; 2 usage; 1 I/O).
int EnrichCommand(const std::vector<std::string>& args, const StageRegistry& registry,
                  std::istream& in, std::ostream& out, std::ostream& err);

// The FlagSet of `wirelens enrich` (also used to generate docs).
FlagSet EnrichFlags();

}  // namespace wirelens::pipeline
