// Decoding of one input message into a v1::RawArticle.
//
// Sniffing (InputFormat::kAuto), after an optional UTF-8 BOM and leading
// whitespace:
//   1. '{' -> JSON (ours or ninjs, see below); malformed JSON is an error.
//   2. '[' that parses as JSON -> error (not an object); otherwise text.
//   3. valid UTF-8 without C0 control characters (other than whitespace) ->
//      plain text. Every protobuf RawArticle with a headline or body has a
//      control byte (tags 0x12 / 0x1A), so this never steals protobuf input.
//   4. parses as a RawArticle with a headline or body -> protobuf. Protobuf
//      itself rejects invalid UTF-8 in string fields.
//   5. otherwise plain text, repaired (Windows-1252, stray bytes) or rejected
//      as binary.
//
// JSON objects are read as ninjs when they carry "$schema" naming ninjs, or
// ninjs-only properties (uri, versioncreated, firstcreated, body_text,
// body_html, headlines, bodies, renditions, descriptions, ...) and none of
// our own (body, published_at, language_hint, body_format, attributes).
//
// ninjs mapping (1.x and 2.x):
//   id            guid, else uri
//   headline      headline (1.x), else the best of headlines[] (2.x)
//   body          body_text, else body_html, else the best of bodies[], else
//                 description_text / description_html / descriptions[];
//                 body_format HTML when the chosen text is HTML
//   published_at  firstcreated (first publication), else versioncreated
//   language_hint language
//   url           uri when it is http(s); else links[] href (rel "canonical"
//                 first); else a renditions href with an HTML content type
//   source        copyrightholder, else infosources[0].name
//   attributes    byline (1.x "byline", 2.x "by"), and the scalar properties
//                 type, version, pubstatus, urgency, located, embargoed,
//                 profile, copyrightnotice, usageterms; uri when it is not
//                 the url
// "Best" among headlines[]/bodies[]/descriptions[]: role "main" or no role
// first, then text/plain (or no content type) before text/html; entries
// with other content types are ignored; ties go to the first.
//
// `published_at` (ours) and the ninjs times accept RFC 3339 (also without a
// UTC offset, read as UTC, or a date alone) and, in our mapping, epoch
// seconds as a JSON number.
#include "pipeline/decode.h"

#include <google/protobuf/stubs/logging.h>

#include <algorithm>
#include <climits>
#include <iterator>
#include <cmath>
#include <cstdint>
#include <optional>
#include <simdjson.h>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "pipeline/encoding.h"
#include "pipeline/status_macros.h"
#include "pipeline/strings.h"
#include "pipeline/text.h"

namespace wirelens::pipeline {
namespace {

namespace dom = simdjson::dom;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
// The range google.protobuf.Timestamp allows: 0001-01-01 to 9999-12-31.
constexpr int64_t kMinTimestampSeconds = -62135596800;
constexpr int64_t kMaxTimestampSeconds = 253402300799;

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (!absl::ascii_isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// ---- JSON helpers ----

std::string_view JsonTypeName(dom::element_type type) {
  switch (type) {
    case dom::element_type::ARRAY:
      return "an array";
    case dom::element_type::OBJECT:
      return "an object";
    case dom::element_type::INT64:
    case dom::element_type::UINT64:
    case dom::element_type::DOUBLE:
      return "a number";
    case dom::element_type::STRING:
      return "a string";
    case dom::element_type::BOOL:
      return "a boolean";
    case dom::element_type::NULL_VALUE:
      return "null";
  }
  return "unknown";
}

absl::Status WrongType(std::string_view field, std::string_view expected, dom::element value) {
  return absl::InvalidArgumentError(
      absl::StrCat("field '", AsAbsl(field), "' must be ", AsAbsl(expected), ", not ",
                   AsAbsl(JsonTypeName(value.type()))));
}

// Reads a string; null leaves `*out` unchanged.
absl::Status ReadString(dom::element value, std::string_view field, std::string* out) {
  if (value.is_null()) return absl::OkStatus();
  std::string_view s;
  if (value.get_string().get(s) != simdjson::SUCCESS) return WrongType(field, "a string", value);
  out->assign(s);
  return absl::OkStatus();
}

// Like ReadString, but views the parser's copy (valid until the next parse).
absl::Status ReadStringView(dom::element value, std::string_view field, std::string_view* out) {
  if (value.is_null()) return absl::OkStatus();
  if (value.get_string().get(*out) != simdjson::SUCCESS) return WrongType(field, "a string", value);
  return absl::OkStatus();
}

// The text of a scalar: strings as they are, numbers and booleans in their
// JSON form. Returns nullopt for null, arrays and objects.
std::optional<std::string> ScalarText(dom::element value) {
  switch (value.type()) {
    case dom::element_type::STRING:
      return std::string(value.get_string().value_unsafe());
    case dom::element_type::INT64:
    case dom::element_type::UINT64:
    case dom::element_type::DOUBLE:
    case dom::element_type::BOOL:
      return simdjson::minify(value);
    default:
      return std::nullopt;
  }
}

absl::StatusOr<google::protobuf::Timestamp> TimestampFromSeconds(int64_t seconds, int32_t nanos,
                                                                 std::string_view field) {
  if (seconds < kMinTimestampSeconds || seconds > kMaxTimestampSeconds) {
    return absl::InvalidArgumentError(
        absl::StrCat("field '", AsAbsl(field), "' is out of range (years 1 to 9999): ", seconds, " seconds"));
  }
  google::protobuf::Timestamp ts;
  ts.set_seconds(seconds);
  ts.set_nanos(nanos);
  return ts;
}

absl::StatusOr<google::protobuf::Timestamp> ParseTimeString(std::string_view s, std::string_view field) {
  // RFC 3339 first; then the same without an offset (UTC), with a space for
  // 'T', and a bare date, all common in feeds.
  static constexpr const char* kFormats[] = {
      absl::RFC3339_full, "%Y-%m-%d%ET%H:%M:%E*S", "%Y-%m-%d %H:%M:%E*S%Ez", "%Y-%m-%d %H:%M:%E*S",
      "%Y-%m-%d",
  };
  const std::string input(absl::StripAsciiWhitespace(AsAbsl(s)));
  for (const char* format : kFormats) {
    absl::Time t;
    if (absl::ParseTime(format, input, absl::UTCTimeZone(), &t, nullptr)) {
      const int64_t seconds = absl::ToUnixSeconds(t);
      return TimestampFromSeconds(
          seconds, static_cast<int32_t>((t - absl::FromUnixSeconds(seconds)) / absl::Nanoseconds(1)),
          field);
    }
  }
  return absl::InvalidArgumentError(
      absl::StrCat("field '", AsAbsl(field), "' is not an RFC 3339 time: \"", AsAbsl(s.substr(0, 64)), "\""));
}

// A time as an RFC 3339 string or, when `allow_epoch`, epoch seconds. Null
// leaves `*out` unchanged.
absl::Status ReadTimestamp(dom::element value, std::string_view field, bool allow_epoch,
                           std::optional<google::protobuf::Timestamp>* out) {
  switch (value.type()) {
    case dom::element_type::NULL_VALUE:
      return absl::OkStatus();
    case dom::element_type::STRING: {
      ASSIGN_OR_RETURN(*out, ParseTimeString(value.get_string().value_unsafe(), field));
      return absl::OkStatus();
    }
    case dom::element_type::INT64: {
      if (!allow_epoch) break;
      ASSIGN_OR_RETURN(*out, TimestampFromSeconds(value.get_int64().value_unsafe(), 0, field));
      return absl::OkStatus();
    }
    case dom::element_type::UINT64:
      if (!allow_epoch) break;
      return absl::InvalidArgumentError(absl::StrCat("field '", AsAbsl(field), "' is out of range (years 1 to 9999): ",
                                                     value.get_uint64().value_unsafe(), " seconds"));
    case dom::element_type::DOUBLE: {
      if (!allow_epoch) break;
      const double d = value.get_double().value_unsafe();
      if (!(d >= static_cast<double>(kMinTimestampSeconds) && d <= static_cast<double>(kMaxTimestampSeconds))) {
        return absl::InvalidArgumentError(
            absl::StrCat("field '", AsAbsl(field), "' is out of range (years 1 to 9999): ", d, " seconds"));
      }
      const double whole = std::floor(d);
      const auto nanos = static_cast<int32_t>(std::min(999999999.0, std::round((d - whole) * 1e9)));
      ASSIGN_OR_RETURN(*out, TimestampFromSeconds(static_cast<int64_t>(whole), nanos, field));
      return absl::OkStatus();
    }
    default:
      break;
  }
  return WrongType(field, allow_epoch ? "an RFC 3339 string or epoch seconds" : "an RFC 3339 string",
                   value);
}

absl::Status ReadBodyFormat(dom::element value, std::string_view field, v1::BodyFormat* out) {
  if (value.is_null()) return absl::OkStatus();
  if (value.type() == dom::element_type::INT64) {
    const int64_t n = value.get_int64().value_unsafe();
    if (n >= 0 && n <= 2) {
      *out = static_cast<v1::BodyFormat>(n);
      return absl::OkStatus();
    }
    return absl::InvalidArgumentError(absl::StrCat("field '", AsAbsl(field), "' has unknown value ", n));
  }
  std::string_view s;
  if (value.get_string().get(s) != simdjson::SUCCESS) return WrongType(field, "a string", value);
  const absl::string_view name = AsAbsl(s);
  if (absl::EqualsIgnoreCase(name, "BODY_FORMAT_HTML") || absl::EqualsIgnoreCase(name, "html")) {
    *out = v1::BODY_FORMAT_HTML;
  } else if (absl::EqualsIgnoreCase(name, "BODY_FORMAT_TEXT") || absl::EqualsIgnoreCase(name, "text")) {
    *out = v1::BODY_FORMAT_TEXT;
  } else if (absl::EqualsIgnoreCase(name, "BODY_FORMAT_UNSPECIFIED") || s.empty()) {
    *out = v1::BODY_FORMAT_UNSPECIFIED;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("field '", AsAbsl(field), "' has unknown value \"", AsAbsl(s.substr(0, 64)),
                     "\" (expected \"html\", \"text\" or BODY_FORMAT_*)"));
  }
  return absl::OkStatus();
}

absl::Status ReadAttributes(dom::element value, std::string_view field, v1::RawArticle* article) {
  if (value.is_null()) return absl::OkStatus();
  dom::object obj;
  if (value.get_object().get(obj) != simdjson::SUCCESS) return WrongType(field, "an object", value);
  auto& attributes = *article->mutable_attributes();
  for (dom::key_value_pair kv : obj) {
    if (kv.value.is_null()) continue;
    std::optional<std::string> text = ScalarText(kv.value);
    if (!text.has_value()) {
      return WrongType(absl::StrCat(AsAbsl(field), ".", AsAbsl(kv.key.substr(0, 64))), "a string", kv.value);
    }
    attributes[std::string(kv.key)] = *std::move(text);
  }
  return absl::OkStatus();
}

// One reusable parser per thread: a fresh dom::parser allocates its buffers
// on every document. Documents never outlive a DecodeArticle call.
dom::parser& ThreadParser() {
  thread_local dom::parser parser;
  return parser;
}

absl::StatusOr<dom::element> ParseJson(std::string_view bytes) {
  dom::element root;
  const simdjson::error_code error = ThreadParser().parse(bytes.data(), bytes.size()).get(root);
  if (error != simdjson::SUCCESS) {
    return absl::InvalidArgumentError(absl::StrCat("malformed JSON: ", simdjson::error_message(error)));
  }
  return root;
}

// ---- our JSON mapping ----

std::string* StringFieldFor(std::string_view key, v1::RawArticle* a) {
  if (key == "id") return a->mutable_id();
  if (key == "headline") return a->mutable_headline();
  if (key == "body") return a->mutable_body();
  if (key == "url") return a->mutable_url();
  if (key == "source") return a->mutable_source();
  if (key == "language_hint" || key == "languageHint") return a->mutable_language_hint();
  return nullptr;
}

absl::Status MapRawArticleJson(dom::object obj, v1::RawArticle* a) {
  for (dom::key_value_pair kv : obj) {
    const std::string_view key = kv.key;
    if (std::string* field = StringFieldFor(key, a)) {
      RETURN_IF_ERROR(ReadString(kv.value, key, field));
    } else if (key == "published_at" || key == "publishedAt") {
      std::optional<google::protobuf::Timestamp> ts;
      RETURN_IF_ERROR(ReadTimestamp(kv.value, key, /*allow_epoch=*/true, &ts));
      if (ts.has_value()) *a->mutable_published_at() = *ts;
    } else if (key == "body_format" || key == "bodyFormat") {
      v1::BodyFormat format = a->body_format();
      RETURN_IF_ERROR(ReadBodyFormat(kv.value, key, &format));
      a->set_body_format(format);
    } else if (key == "attributes") {
      RETURN_IF_ERROR(ReadAttributes(kv.value, key, a));
    }
  }
  return absl::OkStatus();
}

// ---- ninjs ----

template <size_t N>
bool IsOneOf(std::string_view key, const std::string_view (&keys)[N]) {
  return std::find(std::begin(keys), std::end(keys), key) != std::end(keys);
}

bool IsNinjsOnlyKey(std::string_view key) {
  static constexpr std::string_view kKeys[] = {
      "uri",          "versioncreated",   "firstcreated", "contentcreated", "body_text",
      "body_html",    "headlines",        "bodies",       "renditions",     "description_text",
      "description_html", "descriptions", "associations", "copyrightholder", "infosources",
      "pubstatus",    "representationtype", "byline",     "located",        "guid"};
  return IsOneOf(key, kKeys);
}

bool IsOwnOnlyKey(std::string_view key) {
  static constexpr std::string_view kKeys[] = {"body",         "published_at", "publishedAt",
                                               "language_hint", "languageHint", "body_format",
                                               "bodyFormat",   "attributes"};
  return IsOneOf(key, kKeys);
}

bool LooksLikeNinjs(dom::object obj) {
  bool ninjs = false, own = false;
  for (dom::key_value_pair kv : obj) {
    std::string_view s;
    if (kv.key == "$schema" && kv.value.get_string().get(s) == simdjson::SUCCESS &&
        absl::StrContains(absl::AsciiStrToLower(AsAbsl(s)), "ninjs")) {
      return true;
    }
    ninjs |= IsNinjsOnlyKey(kv.key);
    own |= IsOwnOnlyKey(kv.key);
  }
  return ninjs && !own;
}

bool IsHttpUrl(std::string_view s) {
  return absl::StartsWithIgnoreCase(AsAbsl(s), "http://") || absl::StartsWithIgnoreCase(AsAbsl(s), "https://");
}

// Content types a text may have: plain, HTML, or something we do not read.
enum class TextType { kPlain, kHtml, kOther };

TextType ClassifyContentType(std::string_view content_type) {
  const absl::string_view base = absl::StripAsciiWhitespace(AsAbsl(content_type.substr(0, content_type.find(';'))));
  if (base.empty() || absl::EqualsIgnoreCase(base, "text/plain")) return TextType::kPlain;
  if (absl::EqualsIgnoreCase(base, "text/html") || absl::EqualsIgnoreCase(base, "application/xhtml+xml")) {
    return TextType::kHtml;
  }
  return TextType::kOther;
}

struct TextChoice {
  std::string_view value;
  bool html = false;
  int score = -1;  // -1: nothing chosen
};

// Picks the best entry of a ninjs 2.x headlines[] / bodies[] /
// descriptions[] array (see the file comment).
absl::Status PickText(dom::element value, std::string_view field, TextChoice* choice) {
  if (value.is_null()) return absl::OkStatus();
  dom::array entries;
  if (value.get_array().get(entries) != simdjson::SUCCESS) return WrongType(field, "an array", value);
  for (dom::element entry : entries) {
    dom::object obj;
    if (entry.get_object().get(obj) != simdjson::SUCCESS) {
      return WrongType(absl::StrCat(AsAbsl(field), "[]"), "an object", entry);
    }
    std::string_view text, role, content_type;
    for (dom::key_value_pair kv : obj) {
      if (kv.key == "value") {
        RETURN_IF_ERROR(ReadStringView(kv.value, absl::StrCat(AsAbsl(field), "[].value"), &text));
      } else if (kv.key == "role") {
        RETURN_IF_ERROR(ReadStringView(kv.value, absl::StrCat(AsAbsl(field), "[].role"), &role));
      } else if (kv.key == "contenttype") {
        RETURN_IF_ERROR(ReadStringView(kv.value, absl::StrCat(AsAbsl(field), "[].contenttype"), &content_type));
      }
    }
    const TextType type = ClassifyContentType(content_type);
    if (text.empty() || type == TextType::kOther) continue;
    const int score = (role.empty() || absl::EqualsIgnoreCase(AsAbsl(role), "main") ? 10 : 0) +
                      (type == TextType::kPlain ? 2 : 1);
    if (score > choice->score) *choice = TextChoice{text, type == TextType::kHtml, score};
  }
  return absl::OkStatus();
}

// Offers the href of one link or rendition object: `*best` keeps the first
// http(s) href whose rank (higher is better) beats the current one.
struct UrlCandidate {
  std::string_view href;
  int rank = 0;
};

void OfferHref(dom::object obj, bool rendition, UrlCandidate* best) {
  std::string_view href, rel, type;
  for (dom::key_value_pair kv : obj) {
    std::string_view s;
    if (kv.value.get_string().get(s) != simdjson::SUCCESS) continue;
    if (kv.key == "href") href = s;
    if (kv.key == "rel") rel = s;
    if (kv.key == "contenttype" || kv.key == "mimetype") type = s;
  }
  if (!IsHttpUrl(href)) return;
  int rank;
  if (rendition) {
    if (ClassifyContentType(type) != TextType::kHtml || type.empty()) return;
    rank = 1;
  } else {
    rank = absl::EqualsIgnoreCase(AsAbsl(rel), "canonical") ? 4 : absl::EqualsIgnoreCase(AsAbsl(rel), "self") ? 3 : 2;
  }
  if (rank > best->rank) *best = UrlCandidate{href, rank};
}

// links[] (array of objects) or renditions (1.x: object of objects; 2.x:
// array of objects). Malformed entries are skipped: these only feed `url`.
void OfferHrefs(dom::element value, bool rendition, UrlCandidate* best) {
  dom::array arr;
  dom::object obj;
  if (value.get_array().get(arr) == simdjson::SUCCESS) {
    for (dom::element e : arr) {
      if (e.get_object().get(obj) == simdjson::SUCCESS) OfferHref(obj, rendition, best);
    }
  } else if (rendition && value.get_object().get(obj) == simdjson::SUCCESS) {
    for (dom::key_value_pair kv : obj) {
      dom::object inner;
      if (kv.value.get_object().get(inner) == simdjson::SUCCESS) OfferHref(inner, rendition, best);
    }
  }
}

bool IsNinjsAttributeKey(std::string_view key) {
  static constexpr std::string_view kKeys[] = {"type",     "version",  "pubstatus",       "urgency",
                                               "located",  "embargoed", "profile",        "copyrightnotice",
                                               "usageterms"};
  return IsOneOf(key, kKeys);
}

absl::Status MapNinjs(dom::object obj, v1::RawArticle* a) {
  std::string_view guid, uri, headline, copyright_holder, infosource, byline;
  std::string_view body_text, body_html, description_text, description_html;
  TextChoice headlines, bodies, descriptions;
  std::optional<google::protobuf::Timestamp> first_created, version_created;
  UrlCandidate link, rendition;
  auto& attributes = *a->mutable_attributes();
  for (dom::key_value_pair kv : obj) {
    const std::string_view key = kv.key;
    const dom::element v = kv.value;
    if (key == "guid") {
      RETURN_IF_ERROR(ReadStringView(v, key, &guid));
    } else if (key == "uri") {
      RETURN_IF_ERROR(ReadStringView(v, key, &uri));
    } else if (key == "headline") {
      RETURN_IF_ERROR(ReadStringView(v, key, &headline));
    } else if (key == "headlines") {
      RETURN_IF_ERROR(PickText(v, key, &headlines));
    } else if (key == "body_text") {
      RETURN_IF_ERROR(ReadStringView(v, key, &body_text));
    } else if (key == "body_html") {
      RETURN_IF_ERROR(ReadStringView(v, key, &body_html));
    } else if (key == "bodies") {
      RETURN_IF_ERROR(PickText(v, key, &bodies));
    } else if (key == "description_text") {
      RETURN_IF_ERROR(ReadStringView(v, key, &description_text));
    } else if (key == "description_html") {
      RETURN_IF_ERROR(ReadStringView(v, key, &description_html));
    } else if (key == "descriptions") {
      RETURN_IF_ERROR(PickText(v, key, &descriptions));
    } else if (key == "firstcreated") {
      RETURN_IF_ERROR(ReadTimestamp(v, key, /*allow_epoch=*/false, &first_created));
    } else if (key == "versioncreated") {
      RETURN_IF_ERROR(ReadTimestamp(v, key, /*allow_epoch=*/false, &version_created));
    } else if (key == "language") {
      RETURN_IF_ERROR(ReadString(v, key, a->mutable_language_hint()));
    } else if (key == "copyrightholder") {
      RETURN_IF_ERROR(ReadStringView(v, key, &copyright_holder));
    } else if (key == "infosources") {
      dom::array sources;
      dom::object first;
      if (!v.is_null() && v.get_array().get(sources) != simdjson::SUCCESS) {
        return WrongType(key, "an array", v);
      }
      dom::element name;
      if (!v.is_null() && sources.size() > 0 && sources.at(0).get_object().get(first) == simdjson::SUCCESS &&
          first["name"].get(name) == simdjson::SUCCESS) {
        RETURN_IF_ERROR(ReadStringView(name, "infosources[0].name", &infosource));
      }
    } else if (key == "byline" || key == "by") {
      RETURN_IF_ERROR(ReadStringView(v, key, &byline));
    } else if (key == "links") {
      OfferHrefs(v, /*rendition=*/false, &link);
    } else if (key == "renditions") {
      OfferHrefs(v, /*rendition=*/true, &rendition);
    } else if (IsNinjsAttributeKey(key)) {
      if (std::optional<std::string> text = ScalarText(v)) attributes[std::string(key)] = *std::move(text);
    }
  }

  a->set_id(std::string(!guid.empty() ? guid : uri));
  a->set_headline(std::string(!headline.empty() ? headline : headlines.value));
  // Body: first non-empty of the candidates, in order of preference.
  const std::pair<std::string_view, bool> body_candidates[] = {
      {body_text, false},        {body_html, true},         {bodies.value, bodies.html},
      {description_text, false}, {description_html, true}, {descriptions.value, descriptions.html},
  };
  for (const auto& [text, html] : body_candidates) {
    if (text.empty()) continue;
    a->set_body(std::string(text));
    a->set_body_format(html ? v1::BODY_FORMAT_HTML : v1::BODY_FORMAT_TEXT);
    break;
  }
  if (first_created.has_value()) {
    *a->mutable_published_at() = *first_created;
  } else if (version_created.has_value()) {
    *a->mutable_published_at() = *version_created;
  }
  if (IsHttpUrl(uri)) {
    a->set_url(std::string(uri));
  } else {
    a->set_url(std::string(!link.href.empty() ? link.href : rendition.href));
    if (!uri.empty()) attributes["uri"] = std::string(uri);
  }
  a->set_source(std::string(!copyright_holder.empty() ? copyright_holder : infosource));
  if (!byline.empty()) attributes["byline"] = std::string(byline);
  return absl::OkStatus();
}

// Decodes JSON `bytes` as ours or ninjs. `force_ninjs` skips the sniff.
absl::Status DecodeJson(std::string_view bytes, bool force_ninjs, DecodedArticle* out) {
  std::string repaired;
  if (!IsValidUtf8(bytes)) {
    TextRepairOptions options;
    options.nul_is_binary = true;
    ASSIGN_OR_RETURN(bytes, RepairEncoding(bytes, options, &repaired, &out->warnings));
  }
  ASSIGN_OR_RETURN(const dom::element root, ParseJson(bytes));
  dom::object obj;
  if (root.get_object().get(obj) != simdjson::SUCCESS) {
    return absl::InvalidArgumentError(
        absl::StrCat("JSON value is ", AsAbsl(JsonTypeName(root.type())), ", not an object"));
  }
  if (force_ninjs || LooksLikeNinjs(obj)) {
    out->format = InputFormat::kNinjs;
    return MapNinjs(obj, &out->article);
  }
  out->format = InputFormat::kJson;
  return MapRawArticleJson(obj, &out->article);
}

// ---- protobuf ----

bool ParseProtobuf(std::string_view bytes, v1::RawArticle* article) {
  if (bytes.size() > static_cast<size_t>(INT_MAX)) return false;
  // Protobuf logs invalid UTF-8 in string fields; here that is just "not
  // protobuf", reported through the status.
  google::protobuf::LogSilencer silence;
  return article->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
}

absl::Status DecodeProtobuf(std::string_view bytes, DecodedArticle* out) {
  out->format = InputFormat::kProtobuf;
  if (!ParseProtobuf(bytes, &out->article)) {
    return absl::InvalidArgumentError(absl::StrCat("not a valid wirelens.v1.RawArticle protobuf (",
                                                   bytes.size(), " bytes)"));
  }
  return absl::OkStatus();
}

// ---- plain text ----

constexpr size_t kMaxHeadlineChars = 200;

// Splits off the first line of `s` (without "\r"), returning the rest after
// its newline.
std::string_view TakeLine(std::string_view s, std::string_view* rest) {
  const size_t nl = s.find('\n');
  std::string_view line = nl == std::string_view::npos ? s : s.substr(0, nl);
  *rest = nl == std::string_view::npos ? std::string_view() : s.substr(nl + 1);
  return AsStd(absl::StripAsciiWhitespace(AsAbsl(line)));
}

bool IsHeadline(std::string_view line, std::string_view rest) {
  if (line.empty() || CodePointCount(line) > kMaxHeadlineChars) return false;
  const char last = line.back();
  if (last == '.' || last == ',' || last == ';' || last == '-') return false;
  // The next non-blank line, and whether a blank line comes before it.
  bool blank_between = false;
  std::string_view next;
  while (!rest.empty()) {
    next = TakeLine(rest, &rest);
    if (!next.empty()) break;
    blank_between = true;
  }
  if (next.empty()) return false;  // nothing follows: the text is all body
  if (blank_between) return true;
  // No blank line: tell a headline from the first line of a hard-wrapped
  // paragraph. Wrapped lines continue a sentence and have similar lengths.
  if (absl::ascii_islower(static_cast<unsigned char>(next.front())) || last == ':') return false;
  const size_t line_chars = CodePointCount(line);
  return line_chars < 50 || line_chars + 15 <= CodePointCount(next);
}

absl::Status DecodeText(std::string_view bytes, DecodedArticle* out) {
  out->format = InputFormat::kText;
  std::string repaired;
  TextRepairOptions options;
  options.nul_is_binary = true;
  ASSIGN_OR_RETURN(const std::string_view text, RepairEncoding(bytes, options, &repaired, &out->warnings));
  // Skip leading blank lines; `first` is the first non-blank line.
  std::string_view rest = text;
  std::string_view first;
  std::string_view from = text;
  while (!rest.empty() && first.empty()) {
    from = rest;
    first = TakeLine(rest, &rest);
  }
  if (IsHeadline(first, rest)) {
    out->article.set_headline(std::string(first));
    out->article.set_body(std::string(rest));
  } else {
    out->article.set_body(std::string(from));
  }
  out->article.set_body_format(v1::BODY_FORMAT_TEXT);
  return absl::OkStatus();
}

// ---- sniffing ----

absl::Status DecodeSniffed(std::string_view bytes, std::string_view trimmed, DecodedArticle* out) {
  const char first = trimmed.front();
  if (first == '{') return DecodeJson(bytes, /*force_ninjs=*/false, out);
  if (first == '[' && ThreadParser().parse(bytes.data(), bytes.size()).error() == simdjson::SUCCESS) {
    return DecodeJson(bytes, /*force_ninjs=*/false, out);  // reports "not an object"
  }
  if (IsCleanText(bytes)) return DecodeText(bytes, out);
  v1::RawArticle article;
  if (ParseProtobuf(bytes, &article) && (!article.headline().empty() || !article.body().empty())) {
    out->format = InputFormat::kProtobuf;
    out->article = std::move(article);
    return absl::OkStatus();
  }
  return DecodeText(bytes, out);
}

}  // namespace

absl::StatusOr<InputFormat> ParseInputFormat(std::string_view name) {
  const std::string lower = absl::AsciiStrToLower(absl::StripAsciiWhitespace(AsAbsl(name)));
  if (lower == "auto") return InputFormat::kAuto;
  if (lower == "json") return InputFormat::kJson;
  if (lower == "ninjs") return InputFormat::kNinjs;
  if (lower == "pb" || lower == "protobuf") return InputFormat::kProtobuf;
  if (lower == "text") return InputFormat::kText;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown input format \"", AsAbsl(name), "\" (expected auto, json, ninjs, pb or text)"));
}

std::string_view InputFormatName(InputFormat format) {
  switch (format) {
    case InputFormat::kAuto:
      return "auto";
    case InputFormat::kJson:
      return "json";
    case InputFormat::kNinjs:
      return "ninjs";
    case InputFormat::kProtobuf:
      return "pb";
    case InputFormat::kText:
      return "text";
  }
  return "unknown";
}

InputFormat FormatFromContentType(std::string_view content_type) {
  const std::string type =
      absl::AsciiStrToLower(absl::StripAsciiWhitespace(AsAbsl(content_type.substr(0, content_type.find(';')))));
  if (type == "application/json") return InputFormat::kJson;
  if (type == "application/ninjs+json" || type == "application/vnd.iptc.ninjs+json") {
    return InputFormat::kNinjs;
  }
  if (type == "application/x-protobuf" || type == "application/protobuf") return InputFormat::kProtobuf;
  if (type == "text/plain") return InputFormat::kText;
  return InputFormat::kAuto;
}

absl::StatusOr<DecodedArticle> DecodeArticle(std::string_view bytes, const DecodeOptions& options) {
  if (bytes.size() > options.max_article_bytes) {
    return absl::OutOfRangeError(absl::StrCat("input is ", bytes.size(), " bytes, over the limit of ",
                                              options.max_article_bytes, " bytes"));
  }
  DecodedArticle out;
  // A BOM means text (JSON or plain); protobuf never starts with 0xEF.
  if (options.format != InputFormat::kProtobuf && bytes.starts_with(kUtf8Bom)) {
    bytes.remove_prefix(kUtf8Bom.size());
  }
  const std::string_view trimmed = AsStd(absl::StripLeadingAsciiWhitespace(AsAbsl(bytes)));
  if (trimmed.empty()) return absl::InvalidArgumentError("empty input");

  switch (options.format) {
    case InputFormat::kAuto:
      RETURN_IF_ERROR(DecodeSniffed(bytes, trimmed, &out));
      break;
    case InputFormat::kJson:
      RETURN_IF_ERROR(DecodeJson(bytes, /*force_ninjs=*/false, &out));
      break;
    case InputFormat::kNinjs:
      RETURN_IF_ERROR(DecodeJson(bytes, /*force_ninjs=*/true, &out));
      break;
    case InputFormat::kProtobuf:
      RETURN_IF_ERROR(DecodeProtobuf(bytes, &out));
      break;
    case InputFormat::kText:
      RETURN_IF_ERROR(DecodeText(bytes, &out));
      break;
  }
  if (IsBlank(out.article.headline()) && IsBlank(out.article.body())) {
    return absl::InvalidArgumentError("article has neither headline nor body");
  }
  return out;
}

}  // namespace wirelens::pipeline
