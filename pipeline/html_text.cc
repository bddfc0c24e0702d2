#include "pipeline/html_text.h"

#include <array>
#include <cstdint>
#include <cstring>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "pipeline/encoding.h"
#include "pipeline/strings.h"
#include "pipeline/text.h"

namespace wirelens::pipeline {
namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr size_t kMaxEntityName = 32;
constexpr size_t kMaxTagName = 16;

// ---- character references ----

// HTML4 names of U+00A0..U+00FF, in code point order.
constexpr std::array<std::string_view, 96> kLatin1Names = {
    "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",
    "uml",    "copy",   "ordf",   "laquo",  "not",    "shy",    "reg",    "macr",
    "deg",    "plusmn", "sup2",   "sup3",   "acute",  "micro",  "para",   "middot",
    "cedil",  "sup1",   "ordm",   "raquo",  "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc",  "Atilde", "Auml",   "Aring",  "AElig",  "Ccedil",
    "Egrave", "Eacute", "Ecirc",  "Euml",   "Igrave", "Iacute", "Icirc",  "Iuml",
    "ETH",    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde", "Ouml",   "times",
    "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN",  "szlig",
    "agrave", "aacute", "acirc",  "atilde", "auml",   "aring",  "aelig",  "ccedil",
    "egrave", "eacute", "ecirc",  "euml",   "igrave", "iacute", "icirc",  "iuml",
    "eth",    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide",
    "oslash", "ugrave", "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml",
};

struct NamedEntity {
  std::string_view name;
  char32_t cp;
};

// Names that HTML5 also accepts without the trailing ';' (besides the
// Latin-1 block above).
constexpr NamedEntity kLegacyAscii[] = {
    {"amp", '&'}, {"lt", '<'},  {"gt", '>'},      {"quot", '"'},
    {"AMP", '&'}, {"LT", '<'},  {"GT", '>'},      {"QUOT", '"'},
    {"COPY", 0xA9}, {"REG", 0xAE},
};

// The rest of HTML4, plus HTML5 names common in news text.
constexpr NamedEntity kOtherEntities[] = {
    // HTML4 special
    {"apos", '\''}, {"OElig", 0x152}, {"oelig", 0x153}, {"Scaron", 0x160}, {"scaron", 0x161},
    {"Yuml", 0x178}, {"circ", 0x2C6}, {"tilde", 0x2DC}, {"ensp", 0x2002}, {"emsp", 0x2003},
    {"thinsp", 0x2009}, {"zwnj", 0x200C}, {"zwj", 0x200D}, {"lrm", 0x200E}, {"rlm", 0x200F},
    {"ndash", 0x2013}, {"mdash", 0x2014}, {"lsquo", 0x2018}, {"rsquo", 0x2019},
    {"sbquo", 0x201A}, {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"bdquo", 0x201E},
    {"dagger", 0x2020}, {"Dagger", 0x2021}, {"permil", 0x2030}, {"lsaquo", 0x2039},
    {"rsaquo", 0x203A}, {"euro", 0x20AC},
    // HTML4 symbols and Greek
    {"fnof", 0x192}, {"Alpha", 0x391}, {"Beta", 0x392}, {"Gamma", 0x393}, {"Delta", 0x394},
    {"Epsilon", 0x395}, {"Zeta", 0x396}, {"Eta", 0x397}, {"Theta", 0x398}, {"Iota", 0x399},
    {"Kappa", 0x39A}, {"Lambda", 0x39B}, {"Mu", 0x39C}, {"Nu", 0x39D}, {"Xi", 0x39E},
    {"Omicron", 0x39F}, {"Pi", 0x3A0}, {"Rho", 0x3A1}, {"Sigma", 0x3A3}, {"Tau", 0x3A4},
    {"Upsilon", 0x3A5}, {"Phi", 0x3A6}, {"Chi", 0x3A7}, {"Psi", 0x3A8}, {"Omega", 0x3A9},
    {"alpha", 0x3B1}, {"beta", 0x3B2}, {"gamma", 0x3B3}, {"delta", 0x3B4}, {"epsilon", 0x3B5},
    {"zeta", 0x3B6}, {"eta", 0x3B7}, {"theta", 0x3B8}, {"iota", 0x3B9}, {"kappa", 0x3BA},
    {"lambda", 0x3BB}, {"mu", 0x3BC}, {"nu", 0x3BD}, {"xi", 0x3BE}, {"omicron", 0x3BF},
    {"pi", 0x3C0}, {"rho", 0x3C1}, {"sigmaf", 0x3C2}, {"sigma", 0x3C3}, {"tau", 0x3C4},
    {"upsilon", 0x3C5}, {"phi", 0x3C6}, {"chi", 0x3C7}, {"psi", 0x3C8}, {"omega", 0x3C9},
    {"thetasym", 0x3D1}, {"upsih", 0x3D2}, {"piv", 0x3D6}, {"bull", 0x2022}, {"hellip", 0x2026},
    {"prime", 0x2032}, {"Prime", 0x2033}, {"oline", 0x203E}, {"frasl", 0x2044},
    {"weierp", 0x2118}, {"image", 0x2111}, {"real", 0x211C}, {"trade", 0x2122},
    {"alefsym", 0x2135}, {"larr", 0x2190}, {"uarr", 0x2191}, {"rarr", 0x2192}, {"darr", 0x2193},
    {"harr", 0x2194}, {"crarr", 0x21B5}, {"lArr", 0x21D0}, {"uArr", 0x21D1}, {"rArr", 0x21D2},
    {"dArr", 0x21D3}, {"hArr", 0x21D4}, {"forall", 0x2200}, {"part", 0x2202}, {"exist", 0x2203},
    {"empty", 0x2205}, {"nabla", 0x2207}, {"isin", 0x2208}, {"notin", 0x2209}, {"ni", 0x220B},
    {"prod", 0x220F}, {"sum", 0x2211}, {"minus", 0x2212}, {"lowast", 0x2217}, {"radic", 0x221A},
    {"prop", 0x221D}, {"infin", 0x221E}, {"ang", 0x2220}, {"and", 0x2227}, {"or", 0x2228},
    {"cap", 0x2229}, {"cup", 0x222A}, {"int", 0x222B}, {"there4", 0x2234}, {"sim", 0x223C},
    {"cong", 0x2245}, {"asymp", 0x2248}, {"ne", 0x2260}, {"equiv", 0x2261}, {"le", 0x2264},
    {"ge", 0x2265}, {"sub", 0x2282}, {"sup", 0x2283}, {"nsub", 0x2284}, {"sube", 0x2286},
    {"supe", 0x2287}, {"oplus", 0x2295}, {"otimes", 0x2297}, {"perp", 0x22A5}, {"sdot", 0x22C5},
    {"lceil", 0x2308}, {"rceil", 0x2309}, {"lfloor", 0x230A}, {"rfloor", 0x230B},
    {"lang", 0x27E8}, {"rang", 0x27E9}, {"loz", 0x25CA}, {"spades", 0x2660}, {"clubs", 0x2663},
    {"hearts", 0x2665}, {"diams", 0x2666},
    // HTML5: ASCII punctuation
    {"Tab", '\t'}, {"NewLine", '\n'}, {"excl", '!'}, {"num", '#'}, {"dollar", '$'},
    {"percnt", '%'}, {"lpar", '('}, {"rpar", ')'}, {"ast", '*'}, {"plus", '+'}, {"comma", ','},
    {"period", '.'}, {"sol", '/'}, {"colon", ':'}, {"semi", ';'}, {"equals", '='},
    {"quest", '?'}, {"commat", '@'}, {"lsqb", '['}, {"bsol", '\\'}, {"rsqb", ']'},
    {"Hat", '^'}, {"lowbar", '_'}, {"grave", '`'}, {"lcub", '{'}, {"verbar", '|'},
    {"vert", '|'}, {"rcub", '}'},
    // HTML5: spaces, dashes, quotes and marks
    {"numsp", 0x2007}, {"puncsp", 0x2008}, {"hairsp", 0x200A}, {"ZeroWidthSpace", 0x200B},
    {"NoBreak", 0x2060}, {"hyphen", 0x2010}, {"dash", 0x2010}, {"horbar", 0x2015},
    {"lsquor", 0x201A}, {"rsquor", 0x2019}, {"ldquor", 0x201E}, {"rdquor", 0x201D},
    {"bullet", 0x2022}, {"nldr", 0x2025}, {"mldr", 0x2026}, {"half", 0xBD},
    {"centerdot", 0xB7}, {"TRADE", 0x2122}, {"check", 0x2713}, {"cross", 0x2717},
    {"star", 0x2606}, {"starf", 0x2605}, {"female", 0x2640}, {"male", 0x2642},
    {"phone", 0x260E}, {"sharp", 0x266F}, {"flat", 0x266D}, {"natural", 0x266E},
    // HTML5: Latin Extended-A letters found in names
    {"Amacr", 0x100}, {"amacr", 0x101}, {"Aogon", 0x104}, {"aogon", 0x105},
    {"Cacute", 0x106}, {"cacute", 0x107}, {"Ccaron", 0x10C}, {"ccaron", 0x10D},
    {"Dcaron", 0x10E}, {"dcaron", 0x10F}, {"Dstrok", 0x110}, {"dstrok", 0x111},
    {"Emacr", 0x112}, {"emacr", 0x113}, {"Eogon", 0x118}, {"eogon", 0x119},
    {"Ecaron", 0x11A}, {"ecaron", 0x11B}, {"Gbreve", 0x11E}, {"gbreve", 0x11F},
    {"Imacr", 0x12A}, {"imacr", 0x12B}, {"Idot", 0x130}, {"imath", 0x131}, {"inodot", 0x131},
    {"Lstrok", 0x141}, {"lstrok", 0x142}, {"Nacute", 0x143}, {"nacute", 0x144},
    {"Ncaron", 0x147}, {"ncaron", 0x148}, {"ENG", 0x14A}, {"eng", 0x14B},
    {"Omacr", 0x14C}, {"omacr", 0x14D}, {"Odblac", 0x150}, {"odblac", 0x151},
    {"Rcaron", 0x158}, {"rcaron", 0x159}, {"Sacute", 0x15A}, {"sacute", 0x15B},
    {"Scedil", 0x15E}, {"scedil", 0x15F}, {"Tcaron", 0x164}, {"tcaron", 0x165},
    {"Umacr", 0x16A}, {"umacr", 0x16B}, {"Uring", 0x16E}, {"uring", 0x16F},
    {"Udblac", 0x170}, {"udblac", 0x171}, {"Zacute", 0x179}, {"zacute", 0x17A},
    {"Zdot", 0x17B}, {"zdot", 0x17C}, {"Zcaron", 0x17D}, {"zcaron", 0x17E},
};

struct EntityValue {
  char32_t cp;
  bool legacy;  // also valid without ';'
};

const absl::flat_hash_map<std::string_view, EntityValue>& EntityTable() {
  static const auto* table = [] {
    auto* t = new absl::flat_hash_map<std::string_view, EntityValue>();
    for (size_t i = 0; i < kLatin1Names.size(); ++i) {
      t->emplace(kLatin1Names[i], EntityValue{static_cast<char32_t>(0xA0 + i), true});
    }
    for (const NamedEntity& e : kLegacyAscii) t->emplace(e.name, EntityValue{e.cp, true});
    for (const NamedEntity& e : kOtherEntities) t->emplace(e.name, EntityValue{e.cp, false});
    return t;
  }();
  return *table;
}

inline bool IsAsciiAlnum(char c) { return absl::ascii_isalnum(static_cast<unsigned char>(c)); }

size_t DecodeNumericReference(std::string_view s, size_t pos, std::string* out) {
  // s[pos] == '&', s[pos + 1] == '#'.
  size_t i = pos + 2;
  const bool hex = i < s.size() && (s[i] == 'x' || s[i] == 'X');
  if (hex) ++i;
  const size_t digits_begin = i;
  uint32_t value = 0;
  for (; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    int d;
    if (absl::ascii_isdigit(c)) {
      d = c - '0';
    } else if (hex && absl::ascii_isxdigit(c)) {
      d = absl::ascii_tolower(c) - 'a' + 10;
    } else {
      break;
    }
    value = value * (hex ? 16 : 10) + static_cast<uint32_t>(d);
    if (value > 0x10FFFF) value = 0x110000;  // saturate: stays invalid
  }
  if (i == digits_begin) return 0;
  if (i < s.size() && s[i] == ';') ++i;
  char32_t cp = value;
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    cp = kReplacement;
  } else if (cp >= 0x80 && cp < 0xA0) {
    cp = Cp1252ToUnicode(static_cast<unsigned char>(cp));
  }
  AppendUtf8(cp, out);
  return i - pos;
}

// ---- tags ----

enum class TagKind : uint8_t {
  kInline,     // dropped without a trace (a, span, b, em, ...)
  kBlock,      // paragraph break
  kCell,       // space
  kPre,        // paragraph break; keeps newlines inside
  kRawText,    // content dropped up to the end tag, or to the end if none
  kSkip,       // content dropped up to the end tag; the tag alone if none
  kHead,       // like kSkip, also ended by <body>
};

const absl::flat_hash_map<std::string_view, TagKind>& TagTable() {
  static const auto* table = [] {
    auto* t = new absl::flat_hash_map<std::string_view, TagKind>();
    for (std::string_view name :
         {"address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd",
          "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
          "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html",
          "legend", "li", "main", "menu", "nav", "ol", "p", "section", "summary", "table",
          "tbody", "tfoot", "thead", "tr", "ul"}) {
      t->emplace(name, TagKind::kBlock);
    }
    for (std::string_view name :
         {"a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "del", "dfn", "em", "font",
          "i", "img", "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span",
          "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr"}) {
      t->emplace(name, TagKind::kInline);
    }
    t->emplace("td", TagKind::kCell);
    t->emplace("th", TagKind::kCell);
    t->emplace("pre", TagKind::kPre);
    for (std::string_view name : {"script", "style"}) t->emplace(name, TagKind::kRawText);
    for (std::string_view name : {"title", "template", "noscript", "svg", "math", "iframe",
                                  "object", "canvas", "select", "textarea"}) {
      t->emplace(name, TagKind::kSkip);
    }
    t->emplace("head", TagKind::kHead);
    return t;
  }();
  return *table;
}

// Reads a tag name at s[pos] (ASCII letters, digits, '-', ':', '_'),
// lowercased into `buf`. Returns the name's length in `s`; the lowercase
// copy is truncated to kMaxTagName (long names are never in the table).
size_t ReadTagName(std::string_view s, size_t pos, char (&buf)[kMaxTagName], size_t* buf_len) {
  size_t i = pos;
  *buf_len = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (!IsAsciiAlnum(c) && c != '-' && c != ':' && c != '_') break;
    if (*buf_len < kMaxTagName) buf[(*buf_len)++] = absl::ascii_tolower(static_cast<unsigned char>(c));
    ++i;
  }
  if (i - pos > kMaxTagName) *buf_len = 0;  // cannot match any known name
  return i - pos;
}

TagKind LookupTag(std::string_view lower_name) {
  if (lower_name.empty()) return TagKind::kInline;
  const auto& table = TagTable();
  const auto it = table.find(lower_name);
  return it == table.end() ? TagKind::kInline : it->second;
}

// Offset just past the '>' closing the tag that starts at `pos`, skipping
// quoted attribute values; npos when the input ends first.
size_t FindTagEnd(std::string_view s, size_t pos) {
  size_t i = pos;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '>') return i + 1;
    if (c == '=') {
      ++i;
      while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
      if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
        const size_t close = s.find(s[i], i + 1);
        if (close == std::string_view::npos) return std::string_view::npos;
        i = close + 1;
      }
      continue;
    }
    ++i;
  }
  return std::string_view::npos;
}

// Offset of the first "</name" (case-insensitive, followed by whitespace,
// '/' or '>') at or after `pos`; npos if none.
size_t FindEndTag(std::string_view s, size_t pos, std::string_view lower_name) {
  while (true) {
    const size_t lt = s.find("</", pos);
    if (lt == std::string_view::npos) return lt;
    const size_t after = lt + 2 + lower_name.size();
    if (after <= s.size() && absl::EqualsIgnoreCase(AsAbsl(s.substr(lt + 2, lower_name.size())), AsAbsl(lower_name)) &&
        (after == s.size() || s[after] == '>' || s[after] == '/' || absl::ascii_isspace(s[after]))) {
      return lt;
    }
    pos = lt + 2;
  }
}

// Offset of the first "<body" (case-insensitive, then a delimiter) at or after `pos`.
size_t FindBodyStart(std::string_view s, size_t pos) {
  while (true) {
    const size_t lt = s.find('<', pos);
    if (lt == std::string_view::npos) return lt;
    if (lt + 5 <= s.size() && absl::EqualsIgnoreCase(AsAbsl(s.substr(lt + 1, 4)), "body") &&
        (lt + 5 == s.size() || s[lt + 5] == '>' || s[lt + 5] == '/' || absl::ascii_isspace(s[lt + 5]))) {
      return lt;
    }
    pos = lt + 1;
  }
}

void AppendParagraphBreak(std::string* out) {
  const size_t n = out->size();
  if (n >= 2 && (*out)[n - 1] == '\n' && (*out)[n - 2] == '\n') return;
  out->append("\n\n");
}

// Bytes that end a plain text run.
constexpr std::array<bool, 256> kSpecialText = [] {
  std::array<bool, 256> t{};
  for (unsigned char c : {'<', '&', '\t', '\n', '\r', '\f'}) t[c] = true;
  return t;
}();

class HtmlScanner {
 public:
  HtmlScanner(std::string_view html, std::string* out) : s_(html), out_(out) {}

  void Run() {
    size_t i = 0;
    while (i < s_.size()) {
      const size_t run = i;
      while (i < s_.size() && !kSpecialText[static_cast<unsigned char>(s_[i])]) ++i;
      out_->append(s_.data() + run, i - run);
      if (i >= s_.size()) break;
      switch (s_[i]) {
        case '<':
          i = Tag(i);
          break;
        case '&': {
          const size_t used = DecodeCharacterReference(s_, i, out_);
          if (used == 0) out_->push_back('&');
          i += used == 0 ? 1 : used;
          break;
        }
        case '\r':
          if (pre_depth_ > 0) {
            out_->push_back('\n');
            if (i + 1 < s_.size() && s_[i + 1] == '\n') ++i;
          } else {
            out_->push_back(' ');
          }
          ++i;
          break;
        case '\n':
          out_->push_back(pre_depth_ > 0 ? '\n' : ' ');
          ++i;
          break;
        default:  // \t, \f
          out_->push_back(' ');
          ++i;
          break;
      }
    }
  }

 private:
  // Handles the markup at s_[i] == '<'; returns the offset after it.
  size_t Tag(size_t i) {
    const size_t n = s_.size();
    if (i + 1 >= n) {
      out_->push_back('<');
      return n;
    }
    const char c = s_[i + 1];
    if (c == '!') {
      if (s_.compare(i + 2, 2, "--") == 0) return SkipComment(i + 4);
      return SkipPast(i + 2, '>');
    }
    if (c == '?') return SkipPast(i + 2, '>');
    if (c == '/') {
      if (i + 2 < n && absl::ascii_isalpha(static_cast<unsigned char>(s_[i + 2]))) {
        char buf[kMaxTagName];
        size_t len;
        ReadTagName(s_, i + 2, buf, &len);
        const TagKind kind = LookupTag(std::string_view(buf, len));
        if (kind == TagKind::kPre && pre_depth_ > 0) --pre_depth_;
        Separate(kind);
      }
      return SkipPast(i + 2, '>');
    }
    if (!absl::ascii_isalpha(static_cast<unsigned char>(c))) {
      out_->push_back('<');
      return i + 1;
    }
    char buf[kMaxTagName];
    size_t len;
    const size_t name_len = ReadTagName(s_, i + 1, buf, &len);
    const std::string_view name(buf, len);
    const size_t end = FindTagEnd(s_, i + 1 + name_len);
    if (end == std::string_view::npos) return n;  // EOF inside a tag: dropped
    const TagKind kind = LookupTag(name);
    const bool self_closing = end >= 2 && s_[end - 2] == '/';
    switch (kind) {
      case TagKind::kRawText: {
        const size_t close = FindEndTag(s_, end, name);
        return close == std::string_view::npos ? n : SkipPast(close, '>');
      }
      case TagKind::kSkip:
      case TagKind::kHead: {
        if (self_closing) return end;
        size_t close = FindEndTag(s_, end, name);
        if (close == std::string_view::npos && kind == TagKind::kHead) {
          const size_t body = FindBodyStart(s_, end);
          if (body != std::string_view::npos) return body;
        }
        return close == std::string_view::npos ? end : SkipPast(close, '>');
      }
      case TagKind::kPre:
        ++pre_depth_;
        break;
      default:
        break;
    }
    Separate(kind);
    return end;
  }

  void Separate(TagKind kind) {
    if (kind == TagKind::kBlock || kind == TagKind::kPre) {
      AppendParagraphBreak(out_);
    } else if (kind == TagKind::kCell) {
      out_->push_back(' ');
    }
  }

  // Offset after the next `c` at or after `from`; the end if there is none.
  size_t SkipPast(size_t from, char c) const {
    const size_t at = s_.find(c, from);
    return at == std::string_view::npos ? s_.size() : at + 1;
  }

  // `from` is just after "<!--". HTML5 also ends "<!-->" and "<!--->" at once.
  size_t SkipComment(size_t from) const {
    if (s_.compare(from, 1, ">") == 0) return from + 1;
    if (s_.compare(from, 2, "->") == 0) return from + 2;
    const size_t end = s_.find("-->", from);
    return end == std::string_view::npos ? s_.size() : end + 3;
  }

  std::string_view s_;
  std::string* out_;
  int pre_depth_ = 0;
};

}  // namespace

size_t DecodeCharacterReference(std::string_view html, size_t pos, std::string* out) {
  if (pos + 1 >= html.size()) return 0;
  if (html[pos + 1] == '#') return DecodeNumericReference(html, pos, out);
  size_t i = pos + 1;
  while (i < html.size() && i - pos - 1 <= kMaxEntityName && IsAsciiAlnum(html[i])) ++i;
  const std::string_view name = html.substr(pos + 1, i - pos - 1);
  if (name.empty() || name.size() > kMaxEntityName) return 0;
  const auto& table = EntityTable();
  const auto it = table.find(name);
  if (it == table.end()) return 0;
  if (i < html.size() && html[i] == ';') {
    AppendUtf8(it->second.cp, out);
    return i + 1 - pos;
  }
  if (it->second.legacy && (i == html.size() || html[i] != '=')) {
    AppendUtf8(it->second.cp, out);
    return i - pos;
  }
  return 0;
}

void HtmlToText(std::string_view html, std::string* out) {
  out->reserve(out->size() + html.size());
  HtmlScanner(html, out).Run();
}

bool ContainsHtmlMarkup(std::string_view text) {
  std::string scratch;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '&') {
      scratch.clear();
      const size_t used = DecodeCharacterReference(text, i, &scratch);
      if (used > 0 && text[i + used - 1] == ';') return true;
      continue;
    }
    if (c != '<' || i + 1 >= text.size()) continue;
    size_t p = i + 1;
    if (text[p] == '!') {
      if (text.compare(p + 1, 2, "--") == 0 ||
          absl::StartsWithIgnoreCase(AsAbsl(text.substr(p + 1)), "doctype")) {
        return true;
      }
      continue;
    }
    if (text[p] == '/') ++p;
    char buf[kMaxTagName];
    size_t len;
    const size_t name_len = ReadTagName(text, p, buf, &len);
    if (len == 0 || name_len != len) continue;
    const size_t after = p + name_len;
    if (after < text.size() && text[after] != '>' && text[after] != '/' &&
        !absl::ascii_isspace(static_cast<unsigned char>(text[after]))) {
      continue;
    }
    if (TagTable().contains(std::string_view(buf, len))) return true;
  }
  return false;
}

}  // namespace wirelens::pipeline
