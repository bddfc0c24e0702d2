// Normalization of one article. Per field, in this order:
//   1. RepairEncoding: valid UTF-8 (Windows-1252 transcoded, stray bytes
//      replaced) or an InvalidArgument error for binary data;
//   2. RepairMojibake;
//   3. HtmlToText for HTML fields;
//   4. Tidy: one pass over code points that maps line and paragraph
//      separators, Unicode spaces, control and zero-width characters, and
//      lays out whitespace (see below);
//   5. NFC with ICU, skipped when no code point is >= U+0300 (everything
//      below is NFC by construction) or ICU's quick check says so.
//
// Layout decisions (Tidy):
//   - spaces and tabs: runs become one separator, a tab if the run held one
//     (tables in wire copy), else a space; headlines use spaces only;
//   - newlines: a blank line (or U+2029, or an HTML block boundary) is a
//     paragraph break, written as exactly "\n\n"; a single newline inside a
//     paragraph becomes a space, because wire copy hard-wraps lines at ~70
//     columns; headlines are one line;
//   - lines and the whole text are trimmed;
//   - removed silently: U+200B ZERO WIDTH SPACE, U+2060 WORD JOINER, U+FEFF
//     BOM, U+00AD SOFT HYPHEN, U+180E; kept: ZWJ/ZWNJ (U+200D/U+200C, needed
//     by Persian, Indic scripts and emoji) and bidi marks;
//   - removed with a CONTROL_CHARS_REMOVED warning: C0 controls other than
//     \t \n \v \f \r, DEL and the C1 controls U+0081, U+008D, U+008F, U+0090,
//     U+009D (\v and \f are newlines). Other C1 controls never get here:
//     RepairMojibake maps them to their Windows-1252 characters, which is what
//     they mean in news text (U+0085 is far more often "…" than NEL).
#include "pipeline/normalize.h"

#include <openssl/evp.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "pipeline/encoding.h"
#include "pipeline/html_text.h"
#include "pipeline/status_macros.h"
#include "pipeline/strings.h"
#include "pipeline/text.h"

namespace wirelens::pipeline {
namespace {

// Below this code point every character is NFC-stable (no combining marks,
// no Hangul), so such text needs no ICU call.
constexpr char32_t kFirstNfcSensitive = 0x300;

enum class CharClass : uint8_t {
  kVisible,
  kSpace,
  kTab,
  kNewline,
  kParagraph,
  kDrop,     // removed silently
  kControl,  // removed and counted
};

constexpr std::array<CharClass, 128> kAsciiClass = [] {
  std::array<CharClass, 128> t{};
  for (int c = 0; c < 128; ++c) t[c] = c < 0x20 || c == 0x7F ? CharClass::kControl : CharClass::kVisible;
  t[' '] = CharClass::kSpace;
  t['\t'] = CharClass::kTab;
  for (char c : {'\n', '\r', '\v', '\f'}) t[static_cast<unsigned char>(c)] = CharClass::kNewline;
  return t;
}();

CharClass ClassifyNonAscii(char32_t cp) {
  if (cp < 0xA0) return CharClass::kControl;
  switch (cp) {
    case 0xA0:
    case 0x1680:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return CharClass::kSpace;
    case 0xAD:
    case 0x180E:
    case 0x200B:
    case 0x2060:
    case 0xFEFF:
      return CharClass::kDrop;
    case 0x2028:
      return CharClass::kNewline;
    case 0x2029:
      return CharClass::kParagraph;
    default:
      return cp >= 0x2000 && cp <= 0x200A ? CharClass::kSpace : CharClass::kVisible;
  }
}

struct TidyResult {
  char32_t max_cp = 0;
  size_t controls_removed = 0;
};

// Appends the tidied form of valid UTF-8 `s` to `*out` (see the file comment).
TidyResult Tidy(std::string_view s, bool single_line, std::string* out) {
  TidyResult r;
  out->reserve(out->size() + s.size());
  const size_t out_begin = out->size();
  int newlines = 0;  // pending line breaks since the last visible character, max 2
  bool space = false, tab = false;
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    // A run of visible characters is copied in one append.
    const size_t run = i;
    CharClass cls = CharClass::kVisible;
    size_t next = i;
    while (i < n) {
      const auto b = static_cast<unsigned char>(s[i]);
      if (b < 0x80) {
        cls = kAsciiClass[b];
        next = i + 1;
      } else {
        next = i;
        const char32_t cp = DecodeUtf8(s, &next);
        cls = ClassifyNonAscii(cp);
        if (cls == CharClass::kVisible) r.max_cp = std::max(r.max_cp, cp);
      }
      if (cls != CharClass::kVisible) break;
      i = next;
    }
    if (i > run) {
      if (out->size() > out_begin) {
        if (newlines >= 2 && !single_line) {
          out->append("\n\n");
        } else if (tab && newlines == 0 && !single_line) {
          out->push_back('\t');
        } else if (newlines > 0 || space || tab) {
          out->push_back(' ');
        }
      }
      newlines = 0;
      space = tab = false;
      out->append(s.data() + run, i - run);
    }
    if (i >= n) break;
    switch (cls) {
      case CharClass::kSpace:
        space = true;
        break;
      case CharClass::kTab:
        tab = true;
        break;
      case CharClass::kNewline:
        if (s[i] == '\r' && next < n && s[next] == '\n') ++next;  // CRLF is one break
        // A line break ends the line: its trailing blanks are trimmed.
        newlines = std::min(newlines + 1, 2);
        space = tab = false;
        break;
      case CharClass::kParagraph:
        newlines = 2;
        space = tab = false;
        break;
      case CharClass::kControl:
        ++r.controls_removed;
        break;
      default:  // kDrop
        break;
    }
    i = next;
  }
  return r;
}

const icu::Normalizer2* NfcInstance() {
  static const icu::Normalizer2* const nfc = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  return nfc;
}

// Replaces `*text` by its NFC form when it is not already NFC.
absl::Status ToNfc(std::string* text) {
  const icu::Normalizer2* nfc = NfcInstance();
  if (nfc == nullptr) return absl::InternalError("ICU NFC normalizer is unavailable");
  const icu::StringPiece piece(text->data(), static_cast<int32_t>(text->size()));
  UErrorCode status = U_ZERO_ERROR;
  if (nfc->isNormalizedUTF8(piece, status) && U_SUCCESS(status)) return absl::OkStatus();
  status = U_ZERO_ERROR;
  std::string composed;
  composed.reserve(text->size());
  icu::StringByteSink<std::string> sink(&composed);
  nfc->normalizeUTF8(0, piece, sink, nullptr, status);
  if (U_FAILURE(status)) {
    return absl::InternalError(absl::StrCat("ICU NFC normalization failed: ", u_errorName(status)));
  }
  *text = std::move(composed);
  return absl::OkStatus();
}

struct FieldSpec {
  bool single_line = false;
  bool html = false;
  // Whether to warn HTML_STRIPPED (markup found by sniffing, not declared).
  bool html_sniffed = false;
  std::string_view label;  // "headline: ", "body: " or empty
};

absl::StatusOr<std::string> NormalizeField(std::string_view text, const FieldSpec& spec,
                                           std::vector<v1::InputWarning>* warnings) {
  std::string repaired, unmojibaked, stripped;
  TextRepairOptions repair_options;
  repair_options.field_label = spec.label;
  ASSIGN_OR_RETURN(std::string_view current, RepairEncoding(text, repair_options, &repaired, warnings));
  if (RepairMojibake(current, spec.label, &unmojibaked, warnings)) current = unmojibaked;
  if (spec.html) {
    HtmlToText(current, &stripped);
    if (spec.html_sniffed) {
      AddWarning("HTML_STRIPPED",
                 absl::StrCat(AsAbsl(spec.label), "markup found in a field not declared as HTML was removed"),
                 warnings);
    }
    current = stripped;
  }
  std::string out;
  const TidyResult tidy = Tidy(current, spec.single_line, &out);
  if (tidy.controls_removed > 0) {
    AddWarning("CONTROL_CHARS_REMOVED",
               absl::StrCat(AsAbsl(spec.label), "removed ", tidy.controls_removed, " control character(s)"),
               warnings);
  }
  if (tidy.max_cp >= kFirstNfcSensitive) RETURN_IF_ERROR(ToNfc(&out));
  return out;
}

google::protobuf::Timestamp ToTimestamp(absl::Time t) {
  // The range google.protobuf.Timestamp allows: 0001-01-01 to 9999-12-31.
  constexpr int64_t kMinSeconds = -62135596800;
  constexpr int64_t kMaxSeconds = 253402300799;
  google::protobuf::Timestamp ts;
  const int64_t seconds = absl::ToUnixSeconds(t);
  if (seconds < kMinSeconds || seconds > kMaxSeconds) {
    ts.set_seconds(std::clamp(seconds, kMinSeconds, kMaxSeconds));
    return ts;
  }
  ts.set_seconds(seconds);
  ts.set_nanos(static_cast<int32_t>((t - absl::FromUnixSeconds(seconds)) / absl::Nanoseconds(1)));
  return ts;
}

}  // namespace

absl::StatusOr<std::string> NormalizeText(std::string_view text, TextKind kind,
                                          std::vector<v1::InputWarning>* warnings) {
  FieldSpec spec;
  spec.single_line = kind == TextKind::kHeadline;
  spec.html = kind == TextKind::kHtmlBody;
  return NormalizeField(text, spec, warnings);
}

bool LooksLikeHtml(std::string_view body) { return ContainsHtmlMarkup(body); }

std::string ContentHashId(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    // Only fails on allocation failure inside OpenSSL: a broken invariant.
    std::abort();
  }
  return absl::StrCat("sha256:", absl::BytesToHexString(absl::string_view(
                                     reinterpret_cast<const char*>(digest), length)));
}

absl::Status NormalizeArticle(const v1::RawArticle& article,
                              const std::vector<v1::InputWarning>& decode_warnings,
                              const NormalizeOptions& options, std::string_view fallback_id,
                              v1::Enrichment* out) {
  std::vector<v1::InputWarning> warnings = decode_warnings;

  FieldSpec headline_spec;
  headline_spec.single_line = true;
  headline_spec.label = "headline: ";
  headline_spec.html = LooksLikeHtml(article.headline());
  // Escaped headlines are expected when the publisher declared HTML.
  headline_spec.html_sniffed = article.body_format() != v1::BODY_FORMAT_HTML;
  ASSIGN_OR_RETURN(std::string headline, NormalizeField(article.headline(), headline_spec, &warnings));

  FieldSpec body_spec;
  body_spec.label = "body: ";
  switch (article.body_format()) {
    case v1::BODY_FORMAT_HTML:
      body_spec.html = true;
      break;
    case v1::BODY_FORMAT_TEXT:
      break;
    default:
      body_spec.html = body_spec.html_sniffed = LooksLikeHtml(article.body());
      break;
  }
  ASSIGN_OR_RETURN(std::string body, NormalizeField(article.body(), body_spec, &warnings));

  if (headline.empty() && body.empty()) return absl::InvalidArgumentError("article has no text");
  if (headline.size() + body.size() > options.max_article_bytes) {
    return absl::OutOfRangeError(absl::StrCat("normalized article is ", headline.size() + body.size(),
                                              " bytes, over the limit of ", options.max_article_bytes,
                                              " bytes"));
  }

  out->set_schema_version(1);
  if (!article.id().empty()) {
    out->set_article_id(article.id());
  } else if (!fallback_id.empty()) {
    out->set_article_id(std::string(fallback_id));
  } else {
    out->set_article_id(ContentHashId(absl::StrCat(article.headline(), "\n", article.body())));
  }
  out->set_headline(std::move(headline));
  out->set_body(std::move(body));
  out->set_url(article.url());
  out->set_source(article.source());
  out->set_language_hint(article.language_hint());
  if (article.has_published_at()) {
    *out->mutable_published_at() = article.published_at();
    *out->mutable_reference_time() = article.published_at();
    out->set_reference_time_source(v1::REFERENCE_TIME_SOURCE_ARTICLE);
  } else {
    out->clear_published_at();
    if (options.default_reference_time.has_value()) {
      *out->mutable_reference_time() = ToTimestamp(*options.default_reference_time);
      out->set_reference_time_source(v1::REFERENCE_TIME_SOURCE_OVERRIDE);
    } else {
      out->clear_reference_time();
      out->set_reference_time_source(v1::REFERENCE_TIME_SOURCE_NONE);
    }
  }
  out->mutable_attributes()->clear();
  out->mutable_attributes()->insert(article.attributes().begin(), article.attributes().end());
  out->mutable_warnings()->Clear();
  for (v1::InputWarning& w : warnings) *out->add_warnings() = std::move(w);
  return absl::OkStatus();
}

}  // namespace wirelens::pipeline
