#include "pipeline/enrich.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/type_resolver.h"
#include "google/protobuf/util/type_resolver_util.h"
#include "pipeline/check.h"
#include "pipeline/status_macros.h"
#include "pipeline/strings.h"

namespace wirelens::pipeline {
namespace {

absl::StatusOr<std::string> ReadAll(std::istream& in, std::string_view name) {
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return absl::DataLossError(absl::StrCat("error reading ", AsAbsl(name)));
  return data;
}

// Reads a varint at data[*pos]; false if truncated or longer than 10 bytes.
bool ReadVarint(std::string_view data, size_t* pos, uint64_t* value) {
  *value = 0;
  for (int shift = 0; shift < 64 && *pos < data.size(); shift += 7) {
    const auto b = static_cast<unsigned char>(data[(*pos)++]);
    *value |= static_cast<uint64_t>(b & 0x7F) << shift;
    if ((b & 0x80) == 0) return true;
  }
  return false;
}

}  // namespace

std::vector<FlagDef> PipelineFlags() {
  return {
      {.name = "stages",
       .type = FlagType::kList,
       .default_value = "",
       .help = "Stages to run, in order (comma-separated). Empty runs every registered stage; "
               "`wirelens stages` lists them."},
      {.name = "model-dir",
       .type = FlagType::kString,
       .default_value = "",
       .help = "Root directory of the model files (laid out as stages/<name>/model/). Empty: next "
               "to the binary (../share/wirelens), else the source tree it was built from."},
      {.name = "input-format",
       .type = FlagType::kEnum,
       .default_value = "auto",
       .help = "Format of input articles; auto sniffs JSON, ninjs, protobuf or text.",
       .choices = {"auto", "json", "ninjs", "pb", "text"}},
      {.name = "published-at",
       .type = FlagType::kTime,
       .default_value = "",
       .help = "Reference time (RFC 3339) for resolving relative dates in articles that carry no "
               "publication time."},
      {.name = "max-article-bytes",
       .type = FlagType::kInt,
       .default_value = absl::StrCat(kDefaultMaxArticleBytes),
       .help = "Inputs larger than this are rejected (dead-lettered by the worker).",
       .unit = "bytes"},
  };
}

absl::StatusOr<PipelineSetup> BuildPipeline(const FlagSet& flags, const StageRegistry& registry,
                                            ChainOptions chain_options) {
  PipelineSetup setup;
  StageConfig config;
  config.model_root = ResolveModelRoot(flags.GetString("model-dir"));
  for (const auto& [key, value] : flags.Passthrough("stage.")) config.options[key] = value;
  ASSIGN_OR_RETURN(setup.chain,
                   Chain::Create(registry, flags.GetList("stages"), config, chain_options));
  ASSIGN_OR_RETURN(setup.options.decode.format, ParseInputFormat(flags.GetString("input-format")));
  const int64_t max_bytes = flags.GetInt("max-article-bytes");
  if (max_bytes <= 0) return absl::InvalidArgumentError("--max-article-bytes must be positive");
  setup.options.decode.max_article_bytes = static_cast<size_t>(max_bytes);
  setup.options.normalize.max_article_bytes = static_cast<size_t>(max_bytes);
  setup.options.normalize.default_reference_time = flags.GetTime("published-at");
  return setup;
}

absl::StatusOr<std::vector<InputRecord>> SplitInputRecords(std::string_view data,
                                                           InputFormat format) {
  std::vector<InputRecord> records;
  if (format == InputFormat::kProtobuf) {
    size_t pos = 0;
    int index = 1;
    while (pos < data.size()) {
      uint64_t len = 0;
      const size_t start = pos;
      if (!ReadVarint(data, &pos, &len) || len > data.size() - pos) {
        return absl::InvalidArgumentError(absl::StrCat(
            "length-delimited protobuf stream truncated at byte ", start, " (message ", index, ")"));
      }
      records.push_back({data.substr(pos, len), index++});
      pos += len;
    }
    return records;
  }
  const absl::string_view trimmed = absl::StripLeadingAsciiWhitespace(AsAbsl(data));
  const bool json_like = format == InputFormat::kAuto || format == InputFormat::kJson ||
                         format == InputFormat::kNinjs;
  if (json_like && !trimmed.empty() && trimmed.front() == '{') {
    // JSONL when the first line is a whole object by itself; a pretty-printed
    // object's first line is an opening brace alone. In JSONL every non-empty
    // line is one record, so one broken line costs one article, not the file.
    const absl::string_view first = absl::StripAsciiWhitespace(trimmed.substr(0, trimmed.find('\n')));
    if (first.size() >= 2 && first.back() == '}') {
      int line_no = 0;
      for (absl::string_view line : absl::StrSplit(AsAbsl(data), '\n')) {
        ++line_no;
        if (!absl::StripAsciiWhitespace(line).empty()) records.push_back({AsStd(line), line_no});
      }
      return records;
    }
  }
  if (!data.empty()) records.push_back({data, 1});
  return records;
}

std::string SerializeEnrichment(const v1::Enrichment& enrichment) {
  std::string out(enrichment.ByteSizeLong(), '\0');
  google::protobuf::io::ArrayOutputStream array(out.data(), static_cast<int>(out.size()));
  google::protobuf::io::CodedOutputStream coded(&array);
  coded.SetSerializationDeterministic(true);
  enrichment.SerializeWithCachedSizes(&coded);
  WL_CHECK(!coded.HadError()) << "serializing an Enrichment failed";
  return out;
}

std::string EnrichmentToJson(const v1::Enrichment& enrichment) {
  // The JSON printer walks maps in hash order, which differs between
  // processes. Converting from the deterministic binary form walks them in
  // key order instead.
  static google::protobuf::util::TypeResolver* const resolver =
      google::protobuf::util::NewTypeResolverForDescriptorPool(
          "type.googleapis.com", google::protobuf::DescriptorPool::generated_pool());
  static const std::string type_url =
      "type.googleapis.com/" + v1::Enrichment::descriptor()->full_name();
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  // Converting a well-formed message cannot fail.
  (void)google::protobuf::util::BinaryToJsonString(resolver, type_url,
                                                   SerializeEnrichment(enrichment), &json, options);
  return json;
}

void WriteEnrichment(const v1::Enrichment& enrichment, OutputFormat format, std::ostream& out) {
  if (format == OutputFormat::kJson) {
    out << EnrichmentToJson(enrichment) << '\n';
    return;
  }
  const std::string bytes = SerializeEnrichment(enrichment);
  uint8_t varint[10];
  const uint8_t* end = google::protobuf::io::CodedOutputStream::WriteVarint64ToArray(
      bytes.size(), varint);
  out.write(reinterpret_cast<const char*>(varint), end - varint);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

FlagSet EnrichFlags() {
  std::vector<FlagDef> flags = PipelineFlags();
  flags.push_back({.name = "output",
                   .type = FlagType::kEnum,
                   .default_value = "json",
                   .help = "Output: one JSON object per line, or length-delimited binary "
                           "wirelens.v1.Enrichment messages.",
                   .choices = {"json", "pb"}});
  flags.push_back({.name = "durations",
                   .type = FlagType::kBool,
                   .default_value = "true",
                   .help = "Record each stage's wall time in provenance.duration_us (turn off for "
                           "byte-identical, reproducible output)."});
  return FlagSet("enrich", "wirelens enrich [flags] [FILE...]",
                 "Enriches articles from files (or stdin when none, or '-') and writes one "
                 "Enrichment per article to stdout. JSON input may hold one object or one object "
                 "per line. A bad article yields an error record and the run goes on.",
                 std::move(flags), {{"stage.", "Stage option <stage>.<key>=<value>, e.g. "
                                               "--stage.language.model=/path/langid.wlm."}});
}

int EnrichCommand(const std::vector<std::string>& args, const StageRegistry& registry,
                  std::istream& in, std::ostream& out, std::ostream& err) {
  FlagSet flags = EnrichFlags();
  if (absl::Status s = flags.Parse(args); !s.ok()) {
    err << "wirelens enrich: " << s.message() << "\n";
    return 2;
  }
  if (flags.help_requested()) {
    out << flags.Help();
    return 0;
  }
  ChainOptions chain_options;
  chain_options.record_durations = flags.GetBool("durations");
  absl::StatusOr<PipelineSetup> setup = BuildPipeline(flags, registry, chain_options);
  if (!setup.ok()) {
    err << "wirelens enrich: " << setup.status().message() << "\n";
    return setup.status().code() == absl::StatusCode::kInvalidArgument ? 2 : 1;
  }
  const OutputFormat output =
      flags.GetString("output") == "pb" ? OutputFormat::kProtobuf : OutputFormat::kJson;
  const InputFormat input_format = setup->options.decode.format;
  ArticleProcessor processor(*setup->chain, setup->options);
  ChainScratch scratch = setup->chain->NewScratch();

  std::vector<std::string> files = flags.positional();
  if (files.empty()) files.push_back("-");
  int exit_code = 0;
  int articles = 0, failed = 0;
  for (const std::string& file : files) {
    absl::StatusOr<std::string> data;
    if (file == "-") {
      data = ReadAll(in, "stdin");
    } else {
      std::ifstream f(file, std::ios::binary);
      if (!f) {
        err << "wirelens enrich: cannot open " << file << "\n";
        exit_code = 1;
        continue;
      }
      data = ReadAll(f, file);
    }
    if (!data.ok()) {
      err << "wirelens enrich: " << data.status().message() << "\n";
      exit_code = 1;
      continue;
    }
    absl::StatusOr<std::vector<InputRecord>> records = SplitInputRecords(*data, input_format);
    if (!records.ok()) {
      // A broken container is reported like a bad article: one error record.
      ++failed;
      v1::Enrichment e;
      e.set_schema_version(1);
      v1::StageError* se = e.add_errors();
      se->set_stage(std::string(kDecodeStageName));
      se->set_code(StatusCodeName(records.status().code()));
      se->set_message(std::string(records.status().message()));
      WriteEnrichment(e, output, out);
      err << file << ": " << records.status().message() << "\n";
      continue;
    }
    for (const InputRecord& record : *records) {
      ++articles;
      ProcessOutcome outcome = processor.Process(record.bytes, InputFormat::kAuto, "", scratch);
      if (!outcome.status.ok()) {
        ++failed;
        err << (file == "-" ? "stdin" : file) << ":" << record.line << ": " << outcome.failed_stage
            << ": " << StatusCodeName(outcome.status.code()) << ": " << outcome.status.message()
            << "\n";
      }
      WriteEnrichment(outcome.enrichment, output, out);
    }
  }
  out.flush();
  if (!out) {
    err << "wirelens enrich: error writing output\n";
    return 1;
  }
  if (failed > 0) err << "wirelens enrich: " << articles << " articles, " << failed << " failed\n";
  return exit_code;
}

}  // namespace wirelens::pipeline
