#include "stages/entities/resolution.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "pipeline/strings.h"
#include "pipeline/text.h"
#include "unicode/uchar.h"

namespace wirelens::stages::entities {
namespace {

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

// Well-known short and long forms, as resolution keys (case-folded, periods
// removed, "organisation" spelled with a z, no leading "the"). A short form
// may appear with several long forms.
constexpr std::pair<std::string_view, std::string_view> kWellKnownPairs[] = {
    {"nato", "north atlantic treaty organization"},
    {"un", "united nations"},
    {"eu", "european union"},
    {"us", "united states"},
    {"us", "united states of america"},
    {"usa", "united states"},
    {"usa", "united states of america"},
    {"uk", "united kingdom"},
    {"who", "world health organization"},
    {"imf", "international monetary fund"},
    {"opec", "organization of the petroleum exporting countries"},
    {"ecb", "european central bank"},
    {"iaea", "international atomic energy agency"},
    {"wto", "world trade organization"},
    {"unicef", "united nations children's fund"},
    {"unhcr", "united nations high commissioner for refugees"},
    {"unesco", "united nations educational, scientific and cultural organization"},
    {"wfp", "world food programme"},
    {"osce", "organization for security and co-operation in europe"},
    {"oecd", "organization for economic co-operation and development"},
    {"asean", "association of southeast asian nations"},
    {"au", "african union"},
    {"icc", "international criminal court"},
    {"icj", "international court of justice"},
    {"uae", "united arab emirates"},
    {"drc", "democratic republic of congo"},
    {"drc", "democratic republic of the congo"},
    {"fbi", "federal bureau of investigation"},
    {"cia", "central intelligence agency"},
    {"nasa", "national aeronautics and space administration"},
    {"fed", "federal reserve"},
    {"ussr", "soviet union"},
    {"gcc", "gulf cooperation council"},
    {"sco", "shanghai cooperation organization"},
};

// Words left out of an acronym's initials.
bool IsFunctionWord(std::string_view w) {
  static constexpr std::string_view kWords[] = {"of", "the", "and", "for", "on", "in",  "to",
                                                "at", "a",   "an",  "&",   "de", "del", "des",
                                                "du", "la",  "le",  "et",  "y",  "und"};
  return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
}

bool IsCourtesyTitle(std::string_view w) {
  static constexpr std::string_view kWords[] = {"mr", "mrs", "ms", "dr", "sir", "dame", "prof"};
  return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
}

bool IsSpaceCodePoint(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || cp == 0x2009 ||
         cp == 0x202F || cp == 0x2007;
}

bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAsciiLower(char c) { return c >= 'a' && c <= 'z'; }

bool StartsWithBytes(std::string_view text, size_t pos, std::string_view bytes) {
  return text.size() - pos >= bytes.size() && text.substr(pos, bytes.size()) == bytes;
}
bool EndsWithBytes(std::string_view text, size_t end, std::string_view bytes) {
  return end >= bytes.size() && text.substr(end - bytes.size(), bytes.size()) == bytes;
}

// Multi-byte characters trimmed around mentions: quotes, guillemets, NBSP.
constexpr std::string_view kLeadingMultiByte[] = {"\u201C", "\u2018", "\u00AB", "\u00A0", "\u201E"};
constexpr std::string_view kTrailingMultiByte[] = {"\u201D", "\u2019", "\u00BB", "\u00A0"};

bool IsTrimmedAscii(char c) {
  switch (c) {
    case ' ':
    case '\t':
    case '\n':
    case '\r':
    case '"':
    case '\'':
    case '(':
    case ')':
    case '[':
    case ']':
    case '{':
    case '}':
    case ',':
    case ';':
    case ':':
    case '!':
    case '?':
    case '*':
      return true;
    default:
      return false;
  }
}

// True if the surface has something name-like: a letter or digit, or any
// non-ASCII character.
bool HasNameCharacter(std::string_view s) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || (c >= '0' && c <= '9') || IsAsciiUpper(c) || IsAsciiLower(c)) return true;
  }
  return false;
}

bool HasAsciiLower(std::string_view s) { return std::any_of(s.begin(), s.end(), IsAsciiLower); }

// Case-folds `surface` into `*folded`: periods dropped, runs of white space
// collapsed to one space, typographic apostrophes made ASCII.
void FoldSurface(std::string_view surface, std::string* folded) {
  folded->clear();
  bool pending_space = false;
  size_t pos = 0;
  while (pos < surface.size()) {
    const char c = surface[pos];
    char32_t cp;
    if (static_cast<unsigned char>(c) < 0x80) {
      cp = static_cast<unsigned char>(c);
      ++pos;
    } else {
      cp = pipeline::DecodeUtf8(surface, &pos);
    }
    if (IsSpaceCodePoint(cp)) {
      pending_space = !folded->empty();
      continue;
    }
    if (cp == '.') continue;
    if (pending_space) {
      folded->push_back(' ');
      pending_space = false;
    }
    if (cp < 0x80) {
      folded->push_back(IsAsciiUpper(static_cast<char>(cp)) ? static_cast<char>(cp + 32)
                                                            : static_cast<char>(cp));
      continue;
    }
    if (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC) {
      folded->push_back('\'');
      continue;
    }
    if (cp == 0x2010 || cp == 0x2011) {
      folded->push_back('-');
      continue;
    }
    pipeline::AppendUtf8(
        static_cast<char32_t>(u_foldCase(static_cast<UChar32>(cp), U_FOLD_CASE_DEFAULT)), folded);
  }
}

void SplitWords(std::string_view s, std::vector<std::string_view>* words) {
  words->clear();
  size_t start = 0;
  while (start <= s.size()) {
    size_t space = s.find(' ', start);
    if (space == std::string_view::npos) space = s.size();
    if (space > start) words->push_back(s.substr(start, space - start));
    start = space + 1;
  }
}

// Appends the resolution key of `surface` to `*arena` (see the file comment
// of resolution.h for what a key ignores).
void AppendKey(std::string_view surface, std::string* folded, std::vector<std::string_view>* words,
               std::string* arena) {
  FoldSurface(surface, folded);
  SplitWords(*folded, words);
  size_t first = 0;
  if (words->size() - first > 1 && (*words)[first] == "the") ++first;
  if (words->size() - first > 1 && IsCourtesyTitle((*words)[first])) ++first;
  for (size_t i = first; i < words->size(); ++i) {
    if (i > first) arena->push_back(' ');
    std::string_view w = (*words)[i];
    if (w.starts_with("organisation")) {
      arena->append("organization");
      w.remove_prefix(std::string_view("organisation").size());
    }
    arena->append(w);
  }
}

uint32_t Find(std::vector<uint32_t>& parent, uint32_t x) {
  uint32_t root = x;
  while (parent[root] != root) root = parent[root];
  while (parent[x] != root) {
    const uint32_t next = parent[x];
    parent[x] = root;
    x = next;
  }
  return root;
}

// Links two forms; the older form (smaller index) becomes the root, so the
// outcome does not depend on hash order.
void Union(std::vector<uint32_t>& parent, uint32_t a, uint32_t b) {
  a = Find(parent, a);
  b = Find(parent, b);
  if (a == b) return;
  if (a < b) {
    parent[b] = a;
  } else {
    parent[a] = b;
  }
}

v1::EntityType ArgMaxType(const float (&weights)[5]) {
  int best = 1;
  for (int t = 2; t <= 4; ++t) {
    if (weights[t] > weights[best]) best = t;
  }
  return static_cast<v1::EntityType>(best);
}

double Logistic(double z) { return 1.0 / (1.0 + std::exp(-z)); }

// Orders mentions by position: headline before body, then byte offset.
bool PositionLess(const MentionInput& a, const MentionInput& b) {
  if (a.field != b.field) return a.field < b.field;
  if (a.begin != b.begin) return a.begin < b.begin;
  return a.end < b.end;
}

std::string_view StripLeadingThe(std::string_view name) {
  for (std::string_view the :
       {std::string_view("the "), std::string_view("The "), std::string_view("THE ")}) {
    if (name.size() > the.size() && name.starts_with(the)) return name.substr(the.size());
  }
  return name;
}

}  // namespace

// A form seen only in an unreliable-case headline in capitals ("LUKASHENKO")
// borrows the canonical name's spelling when it is that name's first or last
// words ("Lukashenko").
std::string_view MentionResolver::AliasSpelling(const ResolverScratch& s, uint32_t f,
                                                uint32_t canonical) {
  const ResolverScratch::Form& form = s.forms[f];
  const std::string_view surface = StripLeadingThe(s.mentions[form.best_mention].surface);
  if (form.reliable_count > 0 || HasAsciiLower(surface)) return surface;
  const ResolverScratch::Form& full = s.forms[canonical];
  if (form.word_count >= full.word_count) return surface;
  // The canonical spelling's words must line up one to one with its key's.
  const std::string_view name = StripLeadingThe(s.mentions[full.best_mention].surface);
  if (static_cast<size_t>(std::count(name.begin(), name.end(), ' ')) + 1 != full.word_count) {
    return surface;
  }
  auto words_equal = [&s, &form, &full](uint32_t offset) {
    for (uint32_t w = 0; w < form.word_count; ++w) {
      if (s.words[form.word_begin + w] != s.words[full.word_begin + offset + w]) return false;
    }
    return true;
  };
  // Byte range of words [first, first + count) of `name`.
  auto name_words = [name](uint32_t first, uint32_t count) {
    size_t begin = 0;
    for (uint32_t w = 0; w < first; ++w) begin = name.find(' ', begin) + 1;
    size_t end = begin;
    for (uint32_t w = 0; w < count; ++w) {
      end = name.find(' ', end + (w > 0 ? 1 : 0));
      if (end == std::string_view::npos) end = name.size();
    }
    return name.substr(begin, end - begin);
  };
  if (words_equal(full.word_count - form.word_count)) {
    return name_words(full.word_count - form.word_count, form.word_count);
  }
  if (words_equal(0)) return name_words(0, form.word_count);
  return surface;
}

void TrimMention(std::string_view text, uint32_t* begin, uint32_t* end) {
  size_t b = std::min<size_t>(*begin, text.size());
  size_t e = std::min<size_t>(std::max<size_t>(*end, b), text.size());
  // Trailing first, so that a lone clitic ("'s") trims to nothing.
  while (e > b) {
    // Possessives: "Putin's", "PUTIN'S", "Putin’s".
    const char last = text[e - 1];
    if ((last == 's' || last == 'S') && e - b >= 2 && text[e - 2] == '\'') {
      e -= 2;
      continue;
    }
    if ((last == 's' || last == 'S') && e - b >= 4 && EndsWithBytes(text, e - 1, "\u2019")) {
      e -= 4;
      continue;
    }
    if (IsTrimmedAscii(last)) {
      --e;
      continue;
    }
    bool trimmed = false;
    for (std::string_view bytes : kTrailingMultiByte) {
      if (e - b >= bytes.size() && EndsWithBytes(text, e, bytes)) {
        e -= bytes.size();
        trimmed = true;
        break;
      }
    }
    if (!trimmed) break;
  }
  while (b < e) {
    if (IsTrimmedAscii(text[b])) {
      ++b;
      continue;
    }
    bool trimmed = false;
    for (std::string_view bytes : kLeadingMultiByte) {
      if (e - b >= bytes.size() && StartsWithBytes(text, b, bytes)) {
        b += bytes.size();
        trimmed = true;
        break;
      }
    }
    if (!trimmed) break;
  }
  *begin = static_cast<uint32_t>(b);
  *end = static_cast<uint32_t>(e);
}

bool IsAcronymLike(std::string_view surface) {
  int letters = 0, upper = 0, lower = 0;
  for (char c : surface) {
    if (c == '.' || c == '&') continue;
    if (IsAsciiUpper(c)) {
      ++upper;
    } else if (IsAsciiLower(c)) {
      ++lower;
    } else {
      return false;
    }
    ++letters;
  }
  return letters >= 2 && letters <= 8 && upper >= 2 && lower <= 1;
}

void MentionResolver::Resolve(const ResolverDocument& doc, std::span<const MentionInput> input,
                              ResolverScratch* scratch, std::vector<ResolvedEntity>* out) const {
  out->clear();
  ResolverScratch& s = *scratch;
  auto field_text = [&doc](v1::TextField field) {
    return field == v1::TEXT_FIELD_HEADLINE ? doc.headline : doc.body;
  };

  // 1. Valid, trimmed mentions in text order.
  s.mentions.clear();
  for (const MentionInput& m : input) {
    if (m.field != v1::TEXT_FIELD_HEADLINE && m.field != v1::TEXT_FIELD_BODY) continue;
    if (m.type < v1::ENTITY_TYPE_PERSON || m.type > v1::ENTITY_TYPE_MISC) continue;
    const std::string_view text = field_text(m.field);
    if (m.begin >= m.end || m.end > text.size()) continue;
    MentionInput trimmed = m;
    TrimMention(text, &trimmed.begin, &trimmed.end);
    const std::string_view surface = text.substr(trimmed.begin, trimmed.end - trimmed.begin);
    if (!HasNameCharacter(surface)) continue;
    trimmed.confidence = std::clamp(m.confidence, 0.0f, 1.0f);
    const bool unreliable = m.field == v1::TEXT_FIELD_HEADLINE && doc.headline_unreliable_case;
    s.mentions.push_back({trimmed, surface, unreliable, 0});
  }
  if (s.mentions.empty()) return;
  std::sort(s.mentions.begin(), s.mentions.end(),
            [](const ResolverScratch::Mention& a, const ResolverScratch::Mention& b) {
              return PositionLess(a.in, b.in);
            });

  // 2. Keys, then forms (one per distinct key, numbered by first appearance).
  s.key_arena.clear();
  s.key_ranges.clear();
  for (const ResolverScratch::Mention& m : s.mentions) {
    const size_t start = s.key_arena.size();
    AppendKey(m.surface, &s.folded, &s.folded_words, &s.key_arena);
    s.key_ranges.emplace_back(static_cast<uint32_t>(start),
                              static_cast<uint32_t>(s.key_arena.size() - start));
  }
  const std::string_view arena = s.key_arena;
  s.forms.clear();
  s.form_by_key.clear();
  for (uint32_t i = 0; i < s.mentions.size(); ++i) {
    ResolverScratch::Mention& m = s.mentions[i];
    const std::string_view key = arena.substr(s.key_ranges[i].first, s.key_ranges[i].second);
    const auto [it, inserted] =
        s.form_by_key.try_emplace(key, static_cast<uint32_t>(s.forms.size()));
    if (inserted) {
      ResolverScratch::Form form;
      form.key = key;
      form.first_mention = i;
      form.best_mention = i;
      s.forms.push_back(form);
    }
    m.form = it->second;
    ResolverScratch::Form& form = s.forms[m.form];
    ++form.mention_count;
    form.type_weight[m.in.type] += std::max(m.in.confidence, 1e-3f);
    const bool acronym = IsAcronymLike(m.surface);
    form.acronym_count += acronym;
    if (!m.unreliable) {
      ++form.reliable_count;
      form.reliable_acronym_count += acronym;
    }
    // The surface used for names: a reliable one with lower-case letters if
    // there is one, else the earliest.
    const ResolverScratch::Mention& best = s.mentions[form.best_mention];
    const int rank = 2 * !m.unreliable + HasAsciiLower(m.surface);
    const int best_rank = 2 * !best.unreliable + HasAsciiLower(best.surface);
    if (rank > best_rank) form.best_mention = i;
  }
  s.words.clear();
  for (ResolverScratch::Form& form : s.forms) {
    form.type = ArgMaxType(form.type_weight);
    form.acronym = form.reliable_count > 0 ? form.reliable_acronym_count == form.reliable_count
                                           : form.acronym_count == form.mention_count;
    form.name_length =
        static_cast<uint32_t>(pipeline::CodePointCount(s.mentions[form.best_mention].surface));
    form.word_begin = static_cast<uint32_t>(s.words.size());
    SplitWords(form.key, &s.folded_words);
    s.words.insert(s.words.end(), s.folded_words.begin(), s.folded_words.end());
    form.word_count = static_cast<uint32_t>(s.folded_words.size());
  }
  const uint32_t form_count = static_cast<uint32_t>(s.forms.size());
  s.parent.resize(form_count);
  for (uint32_t f = 0; f < form_count; ++f) s.parent[f] = f;
  auto first_word = [&s](uint32_t f) { return s.words[s.forms[f].word_begin]; };
  auto last_word = [&s](uint32_t f) {
    const ResolverScratch::Form& form = s.forms[f];
    return s.words[form.word_begin + form.word_count - 1];
  };

  // 3. People: same first and last word; then short forms of longer names.
  s.per_by_last_word.clear();
  s.per_by_first_word.clear();
  for (uint32_t f = 0; f < form_count; ++f) {
    const ResolverScratch::Form& form = s.forms[f];
    if (form.type != v1::ENTITY_TYPE_PERSON || form.word_count < 2) continue;
    s.per_by_last_word.emplace_back(last_word(f), f);
    if (form.reliable_count > 0) s.per_by_first_word.emplace_back(first_word(f), f);
  }
  std::sort(s.per_by_last_word.begin(), s.per_by_last_word.end(),
            [&first_word](const auto& a, const auto& b) {
              if (a.first != b.first) return a.first < b.first;
              const std::string_view fa = first_word(a.second), fb = first_word(b.second);
              if (fa != fb) return fa < fb;
              return a.second < b.second;
            });
  std::sort(s.per_by_first_word.begin(), s.per_by_first_word.end());
  for (size_t i = 1; i < s.per_by_last_word.size(); ++i) {
    const auto& prev = s.per_by_last_word[i - 1];
    const auto& cur = s.per_by_last_word[i];
    if (prev.first == cur.first && first_word(prev.second) == first_word(cur.second)) {
      Union(s.parent, prev.second, cur.second);
    }
  }
  // Collects the distinct roots of `candidates`; true if there is exactly one.
  auto unique_root = [&s](uint32_t* root) {
    std::sort(s.candidate_roots.begin(), s.candidate_roots.end());
    s.candidate_roots.erase(std::unique(s.candidate_roots.begin(), s.candidate_roots.end()),
                            s.candidate_roots.end());
    if (s.candidate_roots.size() != 1) return false;
    *root = s.candidate_roots.front();
    return true;
  };
  auto by_word = [](const auto& entry, std::string_view w) { return entry.first < w; };
  for (uint32_t f = 0; f < form_count; ++f) {
    const ResolverScratch::Form& form = s.forms[f];
    if (form.type != v1::ENTITY_TYPE_PERSON) continue;
    s.candidate_roots.clear();
    const std::string_view last = last_word(f);
    for (auto it =
             std::lower_bound(s.per_by_last_word.begin(), s.per_by_last_word.end(), last, by_word);
         it != s.per_by_last_word.end() && it->first == last; ++it) {
      const ResolverScratch::Form& longer = s.forms[it->second];
      if (longer.word_count <= form.word_count) continue;
      const size_t offset = longer.word_begin + longer.word_count - form.word_count;
      if (std::equal(s.words.begin() + form.word_begin,
                     s.words.begin() + form.word_begin + form.word_count,
                     s.words.begin() + offset)) {
        s.candidate_roots.push_back(Find(s.parent, it->second));
      }
    }
    if (s.candidate_roots.empty() && form.word_count == 1) {
      for (auto it = std::lower_bound(s.per_by_first_word.begin(), s.per_by_first_word.end(), last,
                                      by_word);
           it != s.per_by_first_word.end() && it->first == last; ++it) {
        s.candidate_roots.push_back(Find(s.parent, it->second));
      }
    }
    uint32_t root;
    if (unique_root(&root)) Union(s.parent, f, root);
  }

  // 4. Parenthetical acronyms next to their long form.
  auto skip_spaces = [](std::string_view text, size_t pos) {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
    return pos;
  };
  auto is_long_form = [&s](uint32_t f) {
    return s.forms[f].word_count >= 2 && s.forms[f].type != v1::ENTITY_TYPE_PERSON;
  };
  for (size_t i = 1; i < s.mentions.size(); ++i) {
    const ResolverScratch::Mention& prev = s.mentions[i - 1];
    const ResolverScratch::Mention& cur = s.mentions[i];
    if (prev.in.field != cur.in.field || prev.form == cur.form) continue;
    const std::string_view text = field_text(cur.in.field);
    size_t pos = skip_spaces(text, prev.in.end);
    if (pos >= text.size() || text[pos] != '(') continue;
    if (skip_spaces(text, pos + 1) != cur.in.begin) continue;
    pos = skip_spaces(text, cur.in.end);
    if (pos >= text.size() || text[pos] != ')') continue;
    const bool linked = (IsAcronymLike(cur.surface) && is_long_form(prev.form)) ||
                        (IsAcronymLike(prev.surface) && is_long_form(cur.form));
    if (linked) Union(s.parent, prev.form, cur.form);
  }

  // 5. The built-in table (constant work per article).
  for (const auto& [short_key, long_key] : kWellKnownPairs) {
    const auto short_it = s.form_by_key.find(short_key);
    if (short_it == s.form_by_key.end()) continue;
    s.forms[short_it->second].short_alias = true;
    const auto long_it = s.form_by_key.find(long_key);
    if (long_it != s.form_by_key.end()) Union(s.parent, short_it->second, long_it->second);
  }

  // 6. Acronyms spelling the initials of a non-person form.
  s.forms_by_initials.clear();
  auto add_initials = [&s](uint32_t f) {
    if (s.initials.size() < 2) return;
    ResolverScratch::InitialsEntry& entry = s.forms_by_initials[s.initials];
    if (s.forms[f].type == v1::ENTITY_TYPE_ORGANIZATION) {
      if (entry.org_count++ == 0) entry.org_form = f;
    } else {
      if (entry.other_count++ == 0) entry.other_form = f;
    }
  };
  bool any_acronym = false;
  for (const ResolverScratch::Form& form : s.forms) any_acronym |= form.acronym;
  for (uint32_t f = 0; any_acronym && f < form_count; ++f) {
    if (!is_long_form(f) || s.forms[f].acronym) continue;
    const ResolverScratch::Form& form = s.forms[f];
    bool skipped_any = false;
    s.initials.clear();
    for (uint32_t w = 0; w < form.word_count; ++w) {
      const std::string_view word = s.words[form.word_begin + w];
      if (IsFunctionWord(word)) {
        skipped_any = true;
        continue;
      }
      s.initials.push_back(word.front());
    }
    add_initials(f);
    if (skipped_any) {
      s.initials.clear();
      for (uint32_t w = 0; w < form.word_count; ++w) {
        s.initials.push_back(s.words[form.word_begin + w].front());
      }
      add_initials(f);
    }
  }
  for (uint32_t f = 0; any_acronym && f < form_count; ++f) {
    if (!s.forms[f].acronym) continue;
    const auto it = s.forms_by_initials.find(AsAbsl(s.forms[f].key));
    if (it == s.forms_by_initials.end()) continue;
    const ResolverScratch::InitialsEntry& entry = it->second;
    if (entry.org_count == 1) {
      Union(s.parent, f, entry.org_form);
    } else if (entry.org_count == 0 && entry.other_count == 1) {
      Union(s.parent, f, entry.other_form);
    }
  }

  // 7. Entities: accumulate per root, in order of first mention.
  s.entity_of_root.assign(form_count, kNone);
  s.entities.clear();
  for (uint32_t i = 0; i < s.mentions.size(); ++i) {
    const ResolverScratch::Mention& m = s.mentions[i];
    const uint32_t root = Find(s.parent, m.form);
    if (s.entity_of_root[root] == kNone) {
      s.entity_of_root[root] = static_cast<uint32_t>(s.entities.size());
      s.entities.emplace_back();
      s.entities.back().first_mention = i;
    }
    ResolverScratch::EntityAcc& e = s.entities[s.entity_of_root[root]];
    e.type_weight[m.in.type] += std::max(m.in.confidence, 1e-3f);
    e.confidence_sum += m.in.confidence;
    e.max_confidence = std::max(e.max_confidence, m.in.confidence);
    ++e.count;
    e.confirmed |= !m.unreliable;
    if (m.in.field == v1::TEXT_FIELD_HEADLINE) {
      e.in_headline = true;
    } else if (!e.in_body) {
      e.in_body = true;
      e.first_body_begin = m.in.begin;
    }
  }
  uint32_t kept_mentions = 0;
  s.out_index.assign(s.entities.size(), kNone);
  for (size_t e = 0; e < s.entities.size(); ++e) {
    const ResolverScratch::EntityAcc& acc = s.entities[e];
    if (!acc.confirmed && acc.max_confidence < options_.unconfirmed_headline_min_confidence) {
      continue;
    }
    s.out_index[e] = static_cast<uint32_t>(out->size());
    out->emplace_back();
    kept_mentions += acc.count;
  }
  if (out->empty()) return;
  for (const ResolverScratch::Mention& m : s.mentions) {
    const uint32_t index = s.out_index[s.entity_of_root[Find(s.parent, m.form)]];
    if (index == kNone) continue;
    (*out)[index].mentions.push_back({m.in.field, m.in.begin, m.in.end, m.in.confidence});
  }

  // Canonical name: the fullest non-acronym form; the others become aliases.
  // Forms are numbered by first appearance, so aliases come out in that order.
  auto fuller = [&s](uint32_t a, uint32_t b, v1::EntityType type) {
    const ResolverScratch::Form& fa = s.forms[a];
    const ResolverScratch::Form& fb = s.forms[b];
    const bool short_a = fa.acronym || fa.short_alias, short_b = fb.acronym || fb.short_alias;
    if (short_a != short_b) return short_b;
    if (type == v1::ENTITY_TYPE_PERSON && fa.word_count != fb.word_count) {
      return fa.word_count > fb.word_count;
    }
    if (fa.name_length != fb.name_length) return fa.name_length > fb.name_length;
    if (fa.mention_count != fb.mention_count) return fa.mention_count > fb.mention_count;
    return a < b;
  };
  // Per output entity, the canonical form (chosen in a first pass).
  std::vector<uint32_t>& canonical = s.canonical_form;
  canonical.assign(out->size(), kNone);
  for (uint32_t f = 0; f < form_count; ++f) {
    const uint32_t entity = s.entity_of_root[Find(s.parent, f)];
    const uint32_t index = s.out_index[entity];
    if (index == kNone) continue;
    const v1::EntityType type = ArgMaxType(s.entities[entity].type_weight);
    if (canonical[index] == kNone || fuller(f, canonical[index], type)) canonical[index] = f;
  }
  for (uint32_t f = 0; f < form_count; ++f) {
    const uint32_t index = s.out_index[s.entity_of_root[Find(s.parent, f)]];
    if (index == kNone || canonical[index] == f) continue;
    (*out)[index].aliases.emplace_back(AliasSpelling(s, f, canonical[index]));
  }

  const double body_size = std::max<double>(1.0, static_cast<double>(doc.body.size()));
  for (size_t e = 0; e < s.entities.size(); ++e) {
    const uint32_t index = s.out_index[e];
    if (index == kNone) continue;
    const ResolverScratch::EntityAcc& acc = s.entities[e];
    ResolvedEntity& entity = (*out)[index];
    entity.type = ArgMaxType(acc.type_weight);
    entity.canonical_name =
        StripLeadingThe(s.mentions[s.forms[canonical[index]].best_mention].surface);
    const float total_weight =
        acc.type_weight[1] + acc.type_weight[2] + acc.type_weight[3] + acc.type_weight[4];
    const double share = acc.type_weight[entity.type] / total_weight;
    const double n = acc.count;
    const double mean = acc.confidence_sum / n;
    entity.confidence = static_cast<float>(
        std::clamp(share * (1.0 - std::pow(1.0 - mean, std::sqrt(n))), 0.0, 1.0));
    const double first_pos = acc.in_body ? acc.first_body_begin / body_size : 1.0;
    const double z = -2.2 + 1.1 * std::log1p(n) + 1.4 * (acc.in_headline ? 1.0 : 0.0) +
                     1.2 * (1.0 - first_pos) + 1.5 * n / kept_mentions;
    entity.salience = static_cast<float>(Logistic(z));
  }
  std::stable_sort(out->begin(), out->end(), [](const ResolvedEntity& a, const ResolvedEntity& b) {
    if (a.salience != b.salience) return a.salience > b.salience;
    const ResolvedMention& ma = a.mentions.front();
    const ResolvedMention& mb = b.mentions.front();
    if (ma.field != mb.field) return ma.field < mb.field;
    return ma.begin < mb.begin;
  });
}

}  // namespace wirelens::stages::entities
