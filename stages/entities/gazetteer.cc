// Gazetteer payload (zlib-framed, ner_bytes.h): u64 n_phrases, u64 n_entries,
// per entry (ascending key): u64 key, u16 value.
#include "stages/entities/gazetteer.h"


#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "pipeline/file_util.h"
#include "pipeline/status_macros.h"
#include "simdjson.h"
#include "stages/entities/clusters.h"
#include "stages/entities/features_text.h"
#include "stages/entities/ner_bytes.h"
#include "stages/entities/ner_hash.h"

namespace wirelens::stages::entities {
namespace {

constexpr uint64_t kPhraseSeed = 0x9a2e7'7ee1ULL;
constexpr uint16_t kContinues = 0x8000;

uint64_t Extend(uint64_t prefix_key, uint64_t token_key) { return Combine(prefix_key, token_key); }

// Latin-1 lines (some NLTK lists) are re-encoded as UTF-8.
std::string ToUtf8(std::string_view line) {
  bool ascii = true, valid = true;
  for (size_t i = 0; i < line.size();) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    ascii = false;
    const size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (len == 0 || i + len > line.size()) {
      valid = false;
      break;
    }
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(line[i + k]) & 0xC0) != 0x80) valid = false;
    }
    if (!valid) break;
    i += len;
  }
  if (ascii || valid) return std::string(line);
  std::string out;
  for (char ch : line) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out.push_back(ch);
    } else {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}


absl::Status AddLines(const std::string& path, GazetteerList list, GazetteerBuilder* builder) {
  ASSIGN_OR_RETURN(std::string text, pipeline::ReadFileToString(path));
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && line[0] != '#') builder->Add(ToUtf8(line), list);
  }
  return absl::OkStatus();
}

absl::StatusOr<simdjson::dom::element> ParseJson(simdjson::dom::parser& parser,
                                                 const std::string& path) {
  simdjson::dom::element doc;
  if (auto error = parser.load(path).get(doc); error != simdjson::SUCCESS) {
    if (error == simdjson::IO_ERROR) return absl::NotFoundError(absl::StrCat("cannot open ", path));
    return absl::DataLossError(absl::StrCat(path, ": ", simdjson::error_message(error)));
  }
  return doc;
}

void AddJsonString(simdjson::dom::element value, GazetteerList list, GazetteerBuilder* builder) {
  std::string_view s;
  if (value.get_string().get(s) == simdjson::SUCCESS && s.size() > 2) builder->Add(s, list);
}

}  // namespace

// ---------------------------------------------------------------- Gazetteer

void Gazetteer::BuildIndex() {
  size_t capacity = 16;
  while (capacity < entries_.size() * 2) capacity *= 2;
  slots_.assign(capacity, 0);
  mask_ = capacity - 1;
  for (size_t i = 0; i < entries_.size(); ++i) {
    uint64_t slot = Mix64(entries_[i].first) & mask_;
    while (slots_[slot] != 0) slot = (slot + 1) & mask_;
    slots_[slot] = static_cast<uint32_t>(i + 1);
  }
}

uint16_t Gazetteer::Find(uint64_t key) const {
  if (entries_.empty()) return 0;
  for (uint64_t slot = Mix64(key) & mask_;; slot = (slot + 1) & mask_) {
    const uint32_t index = slots_[slot];
    if (index == 0) return 0;
    if (entries_[index - 1].first == key) return entries_[index - 1].second;
  }
}

void Gazetteer::Match(absl::Span<const uint64_t> folded_keys,
                      std::vector<GazetteerBits>* bits) const {
  const size_t n = folded_keys.size();
  bits->assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    uint64_t key = kPhraseSeed;
    for (size_t j = i; j < n && j < i + kMaxGazetteerPhrase; ++j) {
      key = Extend(key, folded_keys[j]);
      const uint16_t value = Find(key);
      const uint16_t lists = value & ~kContinues;
      for (int list = 0; lists != 0 && list < kNumGazetteerLists; ++list) {
        if ((lists & (1u << list)) == 0) continue;
        if (j == i) {
          (*bits)[i] |= 1u << (4 * list + 3);
          continue;
        }
        (*bits)[i] |= 1u << (4 * list + 0);
        for (size_t k = i + 1; k < j; ++k) (*bits)[k] |= 1u << (4 * list + 1);
        (*bits)[j] |= 1u << (4 * list + 2);
      }
      if ((value & kContinues) == 0) break;
    }
  }
}

std::string Gazetteer::Serialize() const {
  ByteWriter out;
  out.Put<uint64_t>(phrases_);
  out.Put<uint64_t>(entries_.size());
  for (const auto& [key, value] : entries_) {
    out.Put<uint64_t>(key);
    out.Put<uint16_t>(value);
  }
  return Compress(out.bytes());
}

absl::StatusOr<Gazetteer> Gazetteer::FromPayload(std::string_view payload) {
  ASSIGN_OR_RETURN(std::string bytes, Decompress(payload));
  ByteReader in(bytes);
  Gazetteer g;
  uint64_t phrases = 0, n = 0;
  if (!in.Get(&phrases) || !in.Get(&n) || n * 10 != in.remaining()) {
    return absl::DataLossError("gazetteer: bad header");
  }
  g.phrases_ = phrases;
  g.entries_.resize(n);
  for (uint64_t i = 0; i < n; ++i) {
    in.Get(&g.entries_[i].first);
    in.Get(&g.entries_[i].second);
    if (i > 0 && g.entries_[i - 1].first >= g.entries_[i].first) {
      return absl::DataLossError("gazetteer: unsorted keys");
    }
  }
  g.BuildIndex();
  return g;
}

// ----------------------------------------------------------------- Builder

void GazetteerBuilder::Add(std::string_view phrase, GazetteerList list) {
  std::vector<std::string_view> tokens;
  std::vector<bool> starts;
  TokenizeRawLine(phrase, &tokens, &starts);
  if (tokens.empty() || tokens.size() > kMaxGazetteerPhrase) return;
  std::string folded;
  uint64_t key = kPhraseSeed;
  for (size_t i = 0; i < tokens.size(); ++i) {
    FoldCase(tokens[i], &folded);
    key = Extend(key, KeyForLower(folded));
    entries_.emplace_back(key, i + 1 == tokens.size() ? uint16_t(1u << list) : kContinues);
  }
  ++phrases_;
}

Gazetteer GazetteerBuilder::Build() const {
  Gazetteer g;
  g.entries_ = entries_;
  std::sort(g.entries_.begin(), g.entries_.end());
  // Merge duplicates by OR-ing their values.
  size_t out = 0;
  for (size_t i = 0; i < g.entries_.size(); ++i) {
    if (out > 0 && g.entries_[out - 1].first == g.entries_[i].first) {
      g.entries_[out - 1].second |= g.entries_[i].second;
    } else {
      g.entries_[out++] = g.entries_[i];
    }
  }
  g.entries_.resize(out);
  g.phrases_ = phrases_;
  g.BuildIndex();
  return g;
}

absl::Status LoadGazetteerDirectory(const std::string& dir, GazetteerBuilder* builder) {
  const std::string nltk = dir + "/nltk_gazetteers/";
  RETURN_IF_ERROR(AddLines(nltk + "countries.txt", kGazCountry, builder));
  RETURN_IF_ERROR(AddLines(nltk + "isocountries.txt", kGazCountry, builder));
  RETURN_IF_ERROR(AddLines(nltk + "uscities.txt", kGazCity, builder));
  RETURN_IF_ERROR(AddLines(nltk + "usstates.txt", kGazRegion, builder));
  RETURN_IF_ERROR(AddLines(nltk + "usstateabbrev.txt", kGazRegion, builder));
  RETURN_IF_ERROR(AddLines(nltk + "caprovinces.txt", kGazRegion, builder));
  RETURN_IF_ERROR(AddLines(nltk + "mexstates.txt", kGazRegion, builder));
  RETURN_IF_ERROR(AddLines(nltk + "nationalities.txt", kGazDemonym, builder));
  RETURN_IF_ERROR(AddLines(dir + "/nltk_names/male.txt", kGazFirstName, builder));
  RETURN_IF_ERROR(AddLines(dir + "/nltk_names/female.txt", kGazFirstName, builder));

  // GeoNames: name (column 2) and ASCII name (column 3).
  ASSIGN_OR_RETURN(std::string cities, pipeline::ReadGzipFile(dir + "/geonames/cities15000.txt.gz"));
  std::istringstream in(cities);
  std::string line;
  while (std::getline(in, line)) {
    const size_t a = line.find('\t');
    const size_t b = a == std::string::npos ? a : line.find('\t', a + 1);
    const size_t c = b == std::string::npos ? b : line.find('\t', b + 1);
    if (c == std::string::npos) return absl::DataLossError("cities15000: malformed line");
    builder->Add(std::string_view(line).substr(a + 1, b - a - 1), kGazCity);
    builder->Add(std::string_view(line).substr(b + 1, c - b - 1), kGazCity);
  }

  simdjson::dom::parser parser;
  ASSIGN_OR_RETURN(simdjson::dom::element countries,
                   ParseJson(parser, dir + "/countries/countries.json"));
  simdjson::dom::array country_array;
  if (countries.get_array().get(country_array) != simdjson::SUCCESS) {
    return absl::DataLossError("countries.json: not an array");
  }
  for (simdjson::dom::element country : country_array) {
    AddJsonString(country["name"]["common"], kGazCountry, builder);
    AddJsonString(country["name"]["official"], kGazCountry, builder);
    simdjson::dom::array list;
    if (country["altSpellings"].get_array().get(list) == simdjson::SUCCESS) {
      for (simdjson::dom::element s : list) AddJsonString(s, kGazCountry, builder);
    }
    if (country["capital"].get_array().get(list) == simdjson::SUCCESS) {
      for (simdjson::dom::element s : list) AddJsonString(s, kGazCity, builder);
    }
    AddJsonString(country["demonyms"]["eng"]["m"], kGazDemonym, builder);
    AddJsonString(country["demonyms"]["eng"]["f"], kGazDemonym, builder);
  }

  simdjson::dom::parser currency_parser;
  ASSIGN_OR_RETURN(simdjson::dom::element currencies,
                   ParseJson(currency_parser, dir + "/currencies/currencies.json"));
  simdjson::dom::object currency_object;
  if (currencies.get_object().get(currency_object) != simdjson::SUCCESS) {
    return absl::DataLossError("currencies.json: not an object");
  }
  for (auto field : currency_object) {
    AddJsonString(field.value["name"], kGazCurrency, builder);
    AddJsonString(field.value["majorSingle"], kGazCurrency, builder);
    AddJsonString(field.value["majorPlural"], kGazCurrency, builder);
  }

  simdjson::dom::parser subdivision_parser;
  ASSIGN_OR_RETURN(simdjson::dom::element subdivisions,
                   ParseJson(subdivision_parser, dir + "/iso-codes/iso_3166-2.json"));
  simdjson::dom::array subdivision_array;
  if (subdivisions["3166-2"].get_array().get(subdivision_array) != simdjson::SUCCESS) {
    return absl::DataLossError("iso_3166-2.json: no 3166-2 array");
  }
  for (simdjson::dom::element s : subdivision_array) AddJsonString(s["name"], kGazRegion, builder);
  return absl::OkStatus();
}

}  // namespace wirelens::stages::entities
