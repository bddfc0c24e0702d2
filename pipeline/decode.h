// File: decode.h
//
// Turns the raw bytes of one input message into a v1::RawArticle. Accepted
// formats:
//   - JSON in our mapping: the v1.RawArticle fields by their proto names
//     (snake_case) or lowerCamelCase JSON names; `published_at` as RFC 3339
//     or epoch seconds; unknown fields are ignored.
//   - IPTC ninjs 1.x and 2.x JSON: headline / headlines[], body_text /
//     body_html / bodies[], versioncreated / firstcreated, language, uri,
//     guid. See decode.cc for the full mapping.
//   - binary v1.RawArticle protobuf;
//   - plain UTF-8 text: the first line is the headline when it looks like one
//     (short, no final full stop, followed by more text), the rest the body.
// The format comes from the content type when one is given, otherwise from
// sniffing the bytes; decode.cc documents the sniffing order and the ninjs
// mapping. Text that is not UTF-8 (Windows-1252, a few stray bytes) is
// repaired while decoding, with a warning in DecodedArticle::warnings.
//
// Thread-safe; no shared state. Each thread keeps one reusable JSON parser
// (its buffers grow to the largest document that thread has parsed).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "wirelens/v1/article.pb.h"
#include "wirelens/v1/enrichment.pb.h"

namespace wirelens::pipeline {

enum class InputFormat { kAuto, kJson, kNinjs, kProtobuf, kText };

// Parses "auto", "json", "ninjs", "pb" (or "protobuf"), "text".
absl::StatusOr<InputFormat> ParseInputFormat(std::string_view name);
std::string_view InputFormatName(InputFormat format);

// Maps a MIME content type (parameters allowed) to a format: application/json
// -> kJson (ninjs is still sniffed inside), application/ninjs+json and
// application/vnd.iptc.ninjs+json -> kNinjs, application/x-protobuf and
// application/protobuf -> kProtobuf, text/plain -> kText. Anything else, or
// empty -> kAuto.
InputFormat FormatFromContentType(std::string_view content_type);

inline constexpr size_t kDefaultMaxArticleBytes = 2 * 1024 * 1024;

struct DecodeOptions {
  // Explicit format; kAuto sniffs.
  InputFormat format = InputFormat::kAuto;
  // Inputs larger than this are rejected with OutOfRange.
  size_t max_article_bytes = kDefaultMaxArticleBytes;
};

struct DecodedArticle {
  v1::RawArticle article;
  // The format actually decoded (never kAuto).
  InputFormat format = InputFormat::kText;
  // Problems repaired while decoding (e.g. text that was not UTF-8).
  std::vector<v1::InputWarning> warnings;
};

// Decodes one input message.
//
// Errors:
//   - OutOfRange: larger than max_article_bytes;
//   - InvalidArgument: empty or whitespace-only input ("empty input");
//     malformed JSON ("malformed JSON: <simdjson's message>") or protobuf
//     ("not a valid wirelens.v1.RawArticle protobuf"); JSON that is not an
//     object ("JSON value is an array, not an object"); a field of the wrong
//     type or value (the message names the field, e.g. "field 'headline'
//     must be a string, not a number"); binary data that is not text ("input
//     is binary, not text: ..."); an input with neither headline nor body.
absl::StatusOr<DecodedArticle> DecodeArticle(std::string_view bytes, const DecodeOptions& options);

}  // namespace wirelens::pipeline
