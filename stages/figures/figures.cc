#include "stages/figures/figures.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "pipeline/check.h"
#include "pipeline/strings.h"
#include "stages/figures/dates.h"
#include "stages/figures/word_filter.h"

namespace wirelens::stages::figures {
namespace {

using pipeline::FieldAnalysis;
using pipeline::Token;
using pipeline::TokenKind;

constexpr size_t kMaxWordLength = 24;

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsLower(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (LowerAscii(text[i]) != lower[i]) return false;
  }
  return true;
}

// `text` starts with `lower` (lowercase) when ASCII letters are lower-cased.
bool StartsWithLower(std::string_view text, std::string_view lower) {
  return text.size() >= lower.size() && EqualsLower(text.substr(0, lower.size()), lower);
}

// Phrases of one or more tokens, matched case-insensitively against the
// token stream. Phrases are tokenized with the pipeline's own tokenizer when
// the table is built, so "km/h" or "°C" split exactly as running text does.
template <typename Payload>
class PhraseTable {
 public:
  // Adds a phrase; its first word must be at most kMaxWordLength bytes.
  void Add(std::string_view phrase, Payload payload) {
    pipeline::FieldAnalysis analysis;
    pipeline::AnalyzeField(v1::TEXT_FIELD_BODY, phrase, &analysis);
    Entry entry;
    std::string first;
    for (size_t k = 0; k < analysis.tokens.size(); ++k) {
      std::string lower;
      AsciiLower(analysis.TokenText(analysis.tokens[k]), &lower);
      if (k == 0) {
        first = std::move(lower);
      } else {
        entry.rest.push_back(std::move(lower));
      }
    }
    entry.payload = payload;
    const std::string& last = entry.rest.empty() ? first : entry.rest.back();
    if (last.size() <= ShortWordSet::kMaxLength) {
      last_words_.Add(last);
    } else {
      long_last_words_ = true;
    }
    WL_CHECK(!first.empty() && first.size() <= kMaxWordLength)
        << "phrase's first word empty or too long: " << phrase;
    const uint32_t* index = FindFirst(first);
    if (index == nullptr) {
      const auto next = static_cast<uint32_t>(buckets_.size());
      if (first.size() <= ShortWordMap<uint32_t>::kMaxLength) {
        first_words_.Add(first, next);
      } else {
        long_first_words_.emplace(first, next);
      }
      buckets_.push_back(Bucket{first, {}});
      index = FindFirst(first);
    }
    std::vector<Entry>& bucket = buckets_[*index].entries;
    bucket.push_back(std::move(entry));
    // Longest first, so the first full match is the longest.
    std::stable_sort(bucket.begin(), bucket.end(),
                     [](const Entry& a, const Entry& b) { return a.rest.size() > b.rest.size(); });
  }

  // The longest phrase starting at token `j`, with *end set one past its last
  // token; nullptr if none. The first word is probed in place: most tokens
  // end at a test of their first two bytes and length.
  const Payload* Match(const FieldAnalysis& field, size_t j, size_t* end) const {
    const std::vector<Token>& tokens = field.tokens;
    if (j >= tokens.size()) return nullptr;
    const Token& t = tokens[j];
    const uint32_t* index = t.size() <= ShortWordMap<uint32_t>::kMaxLength
                                ? first_words_.FindLowered(field.text, t.begin, t.size())
                                : FindLong(field.TokenText(t));
    if (index == nullptr) return nullptr;
    for (const Entry& entry : buckets_[*index].entries) {
      if (j + 1 + entry.rest.size() > tokens.size()) continue;
      bool ok = true;
      for (size_t k = 0; k < entry.rest.size() && ok; ++k) {
        ok = EqualsLower(field.TokenText(tokens[j + 1 + k]), entry.rest[k]);
      }
      if (ok) {
        *end = j + 1 + entry.rest.size();
        return &entry.payload;
      }
    }
    return nullptr;
  }

  // False when no phrase ends with token `j` (< the token count): a phrase
  // ending right before a token needs no Match at each possible start.
  bool MayEndAt(const FieldAnalysis& field, size_t j) const {
    const Token& t = field.tokens[j];
    if (t.size() > ShortWordSet::kMaxLength) return long_last_words_;
    return last_words_.ContainsLowered(field.text, t.begin, t.size());
  }

  // The payload of the one-token phrase `lower`, or nullptr.
  const Payload* FindSingle(std::string_view lower) const {
    const uint32_t* index = FindFirst(lower);
    if (index == nullptr) return nullptr;
    for (const Entry& entry : buckets_[*index].entries) {
      if (entry.rest.empty()) return &entry.payload;
    }
    return nullptr;
  }

  // Calls fn(first_word, payload) for every phrase, its first word
  // lower-cased.
  template <typename Fn>
  void ForEachPhrase(Fn fn) const {
    for (const Bucket& bucket : buckets_) {
      for (const Entry& entry : bucket.entries) fn(std::string_view(bucket.first), entry.payload);
    }
  }

 private:
  struct Entry {
    std::vector<std::string> rest;
    Payload payload{};
  };
  // The phrases that start with one word.
  struct Bucket {
    std::string first;
    std::vector<Entry> entries;
  };
  // The index in buckets_ of the phrases whose first word is `lower`.
  const uint32_t* FindFirst(std::string_view lower) const {
    if (lower.size() <= ShortWordMap<uint32_t>::kMaxLength) return first_words_.Find(lower);
    auto it = long_first_words_.find(AsAbsl(lower));
    return it == long_first_words_.end() ? nullptr : &it->second;
  }
  // FindFirst() of `text` lower-cased, for a token longer than the packed
  // keys (rare: "процентов").
  const uint32_t* FindLong(std::string_view text) const {
    if (long_first_words_.empty() || text.size() > kMaxWordLength) return nullptr;
    std::string lower;
    AsciiLower(text, &lower);
    return FindFirst(lower);
  }

  // Lower-cased first word -> index of its phrases in buckets_: up to
  // ShortWordMap's kMaxLength bytes packed, longer ones hashed.
  ShortWordMap<uint32_t> first_words_;
  absl::flat_hash_map<std::string, uint32_t> long_first_words_;
  std::vector<Bucket> buckets_;
  // Lower-cased last words of the phrases, and whether one is too long for
  // the set.
  ShortWordSet last_words_;
  bool long_last_words_ = false;
};

// What may follow a number.
struct Suffix {
  enum Type : uint8_t {
    kPercent,
    kPercentagePoints,
    kCurrency,
    kPounds,       // GBP or lb, decided by context
    kCents,        // hundredths of the currency in `code`: "34 cents"
    kBasisPoints,  // hundredths of a percentage point: "25 basis points"
    kUnit,
    kTimeUnit,  // left to dates.h
    kYearsOld,  // "years old", "-year-old"
  };
  Type type = kUnit;
  std::string_view code;  // ISO 4217 code or canonical unit symbol
  v1::Dimension dimension = v1::DIMENSION_UNSPECIFIED;
  // Multiplier to the figure's value: 1e6 for "MUSD"; for kYearsOld the
  // length of the age unit in years ("months old" is 1/12).
  double scale = 1;
  // A currency word that is only money after a magnitude ("5 million
  // marks"; "8 marks" is a count).
  bool needs_magnitude = false;
  // Only glued to the number: "50p" (pence), not "50 p".
  bool glued_only = false;
};

// Temperature scale words that TryScaleMention reads ("celsius",
// "fahrenheit", "kelvin", "degrees"): their sizes and first two letters.
constexpr std::pair<size_t, size_t> kScaleWordSizes = {6, 10};
constexpr std::string_view kScaleWordPrefixes[] = {"ce", "de", "ke", "fa"};

// `text` has a size and first two letters (either case) of a scale word.
bool ScaleWordShape(std::string_view text) {
  if (text.size() < kScaleWordSizes.first || text.size() > kScaleWordSizes.second) return false;
  const char head[] = {LowerAscii(text[0]), LowerAscii(text[1])};
  return std::find(std::begin(kScaleWordPrefixes), std::end(kScaleWordPrefixes),
                   std::string_view(head, 2)) != std::end(kScaleWordPrefixes);
}

struct Tables {
  PhraseTable<Suffix> suffixes;
  PhraseTable<v1::Qualifier> qualifiers;
  // Currency symbols and codes written before the number.
  absl::flat_hash_map<std::string_view, std::string_view> prefix_currency;
  WordShapeFilter prefix_currency_filter;  // keys of prefix_currency
  // Letters glued before "$": "US$", "C$", "A$", "HK$".
  absl::flat_hash_map<std::string_view, std::string_view> dollar_prefix;
  // Words after which a number is a label, not a figure ("Article 5").
  ShortWordSet labels;
  // Words after which a year-shaped number is a year ("in 2025").
  ShortWordSet date_words;
  // Words that end a counted noun phrase, and that may be capitalized before
  // a number without making it part of a name ("About 40").
  ShortWordSet function_words;
  // Month and weekday names: a number after them is a date.
  ShortWordSet calendar_words;
  // The words that start relative ordinals and a percentage named without
  // a number (TryRelativeOrdinal, TryPercentMention).
  ShortWordSet relative_words;
  // NumberWords(): the words that may start a spelled-out number, probed
  // for every word.
  ShortWordSet number_words;
  // Every word a word rule of RunTokens may act on: number words, relative
  // words and the first words of the temperature units TryScaleMention
  // reads. Most words fail it and are passed over at once.
  WordPairFilter word_rule_filter;

  // Money, units, temperatures and ages (AddMeasureTables).
  // ISO codes with a magnitude letter written before the number: "MEUR 60".
  absl::flat_hash_map<std::string_view, std::pair<std::string_view, double>> scaled_codes;
  // Currency codes written glued to the amount in one word ("RM100").
  absl::flat_hash_map<std::string_view, std::string_view> glued_codes;
  // Words that tell whether a bare "degrees" or "°" is a temperature or an
  // angle ("the thermostat", "turn left").
  absl::flat_hash_map<std::string_view, v1::Dimension> degree_context;
  // Scales whose units are also "degrees" but no temperature or angle
  // ("30 degrees API", "42 degree brix", "the 12-degree Mercalli scale").
  absl::flat_hash_set<std::string_view> other_degree_scales;
  // Words that tell whether a bare "pounds" is money or weight ("fined",
  // "paid" vs "weighed"): true for money.
  absl::flat_hash_map<std::string_view, bool> pounds_context;
};

// ---- Money, units, temperatures and ages: tables --------------------------

// Tables of the money, unit, temperature and age rules beyond the basic
// units and currencies of GetTables: former currencies, magnitude-prefixed
// and glued codes, informal and country-qualified currency names, minor
// units, more units and spellings, ages in months, weeks and days, and the
// context words for "degrees" and "pounds".
void AddMeasureTables(Tables* t) {
  auto currency = [t](std::string_view phrase, std::string_view code) {
    t->suffixes.Add(phrase, Suffix{Suffix::kCurrency, code, v1::DIMENSION_UNSPECIFIED});
  };
  // Currencies replaced by the euro (and the markka), still quoted in
  // archive and business copy.
  for (const auto& [phrase, code] :
       std::initializer_list<std::pair<std::string_view, std::string_view>>{
           {"markka", "FIM"},          {"markkaa", "FIM"},
           {"finnish markka", "FIM"},  {"finnish markkaa", "FIM"},
           {"finnish marks", "FIM"},   {"guilders", "NLG"},
           {"guilder", "NLG"},         {"dutch guilders", "NLG"},
           {"dutch guilder", "NLG"},   {"deutsche marks", "DEM"},
           {"deutsche mark", "DEM"},   {"deutschmarks", "DEM"},
           {"deutschmark", "DEM"},     {"german marks", "DEM"},
           {"d-marks", "DEM"},         {"french francs", "FRF"},
           {"belgian francs", "BEF"},  {"pesetas", "ESP"},
           {"spanish pesetas", "ESP"}, {"lire", "ITL"},
           {"italian lire", "ITL"},    {"drachmas", "GRD"},
           {"drachmae", "GRD"},        {"escudos", "PTE"},
           {"schillings", "ATS"},      {"austrian schillings", "ATS"},
           {"irish punts", "IEP"}}) {
    currency(phrase, code);
  }
  // "marks" alone is money only with a magnitude ("12 million marks"); "8
  // marks" may be a score.
  Suffix marks{Suffix::kCurrency, "DEM", v1::DIMENSION_UNSPECIFIED};
  marks.needs_magnitude = true;
  t->suffixes.Add("marks", marks);
  // A magnitude letter glued to an ISO code, as Nordic and German business
  // copy writes it: "120 MEUR", "MSEK 40" (millions), "kEUR 500" (thousands).
  for (const auto& [name, code, scale] :
       std::initializer_list<std::tuple<std::string_view, std::string_view, double>>{
           {"MUSD", "USD", 1e6},
           {"MEUR", "EUR", 1e6},
           {"MGBP", "GBP", 1e6},
           {"MCHF", "CHF", 1e6},
           {"MSEK", "SEK", 1e6},
           {"MNOK", "NOK", 1e6},
           {"MDKK", "DKK", 1e6},
           {"MAUD", "AUD", 1e6},
           {"MCAD", "CAD", 1e6},
           {"kUSD", "USD", 1e3},
           {"kEUR", "EUR", 1e3},
           {"kSEK", "SEK", 1e3},
           {"TEUR", "EUR", 1e3},
           {"KSEK", "SEK", 1e3}}) {
    t->scaled_codes.emplace(name, std::make_pair(code, scale));
    t->prefix_currency_filter.Add(name);  // PrefixCurrency falls back to these
    Suffix s{Suffix::kCurrency, code, v1::DIMENSION_UNSPECIFIED};
    s.scale = scale;
    t->suffixes.Add(name, s);
  }
  // Ages in other units: "8 months old", "six weeks of age" (value in years).
  for (const auto& [unit, years] : std::initializer_list<std::pair<std::string_view, double>>{
           {"month", 1.0 / 12}, {"week", 7 / 365.25}, {"day", 1 / 365.25}}) {
    for (std::string_view plural : {"", "s"}) {
      for (std::string_view tail : {" old", " of age"}) {
        Suffix s{Suffix::kYearsOld};
        s.scale = years;
        t->suffixes.Add(std::string(unit) + std::string(plural) + std::string(tail), s);
      }
    }
  }
  // Codes and abbreviations written before the amount, spaced or glued
  // ("RM 100", "RM100", "KSh 2,000", "Tk 500").
  for (const auto& [prefix, code] :
       std::initializer_list<std::pair<std::string_view, std::string_view>>{{"RM", "MYR"},
                                                                            {"KSh", "KES"},
                                                                            {"Ksh", "KES"},
                                                                            {"KShs", "KES"},
                                                                            {"USh", "UGX"},
                                                                            {"TSh", "TZS"},
                                                                            {"SFr", "CHF"},
                                                                            {"Tk", "BDT"},
                                                                            {"Rs", "INR"},
                                                                            {"Rp", "IDR"}}) {
    t->prefix_currency.emplace(prefix, code);  // "Rs", "Rp" are there already
    t->prefix_currency_filter.Add(prefix);
    t->glued_codes.emplace(prefix, code);
  }
  t->suffixes.Add("k\u010d", Suffix{Suffix::kCurrency, "CZK"});  // Kč
  // Informal names, minor units and more dollars.
  for (const auto& [phrase, code] :
       std::initializer_list<std::pair<std::string_view, std::string_view>>{
           {"bucks", "USD"},
           {"quid", "GBP"},
           {"hk dollars", "HKD"},
           {"hk dollar", "HKD"},
           {"hong kong dollar", "HKD"},
           {"singapore dollar", "SGD"},
           {"canadian dollar", "CAD"},
           {"australian dollar", "AUD"},
           {"new zealand dollar", "NZD"},
           {"new taiwan dollars", "TWD"},
           {"nt dollars", "TWD"},
           {"rupee", "INR"},
           {"indian rupee", "INR"},
           {"bitcoins", "XBT"},
           // Wire-service abbreviations: "1.38 dlrs", "85 mln stg".
           {"dlrs", "USD"},
           {"dlr", "USD"},
           {"stg", "GBP"}}) {
    currency(phrase, code);
  }
  // Currencies named with their country: unambiguous where the bare name
  // ("dinars", "shillings", "pesos") is not.
  for (const auto& [phrase, code] :
       std::initializer_list<std::pair<std::string_view, std::string_view>>{
           {"egyptian pounds", "EGP"},
           {"lebanese pounds", "LBP"},
           {"syrian pounds", "SYP"},
           {"sudanese pounds", "SDG"},
           {"iraqi dinars", "IQD"},
           {"kuwaiti dinars", "KWD"},
           {"jordanian dinars", "JOD"},
           {"bahraini dinars", "BHD"},
           {"libyan dinars", "LYD"},
           {"tunisian dinars", "TND"},
           {"algerian dinars", "DZD"},
           {"serbian dinars", "RSD"},
           {"kenyan shillings", "KES"},
           {"ugandan shillings", "UGX"},
           {"tanzanian shillings", "TZS"},
           {"somali shillings", "SOS"},
           {"saudi riyals", "SAR"},
           {"qatari riyals", "QAR"},
           {"omani rials", "OMR"},
           {"iranian rials", "IRR"},
           {"yemeni rials", "YER"},
           {"uae dirhams", "AED"},
           {"emirati dirhams", "AED"},
           {"moroccan dirhams", "MAD"},
           {"chilean pesos", "CLP"},
           {"colombian pesos", "COP"},
           {"philippine pesos", "PHP"},
           {"cuban pesos", "CUP"},
           {"dominican pesos", "DOP"},
           {"uruguayan pesos", "UYU"},
           {"brazilian reais", "BRL"},
           {"brazilian real", "BRL"},
           {"south african rand", "ZAR"},
           {"nigerian naira", "NGN"},
           {"ghanaian cedis", "GHS"},
           {"cedis", "GHS"},
           {"ethiopian birr", "ETB"},
           {"birr", "ETB"},
           {"zambian kwacha", "ZMW"},
           {"malawian kwacha", "MWK"},
           {"czech korunas", "CZK"},
           {"czech koruna", "CZK"},
           {"czech crowns", "CZK"},
           {"koruna", "CZK"},
           {"hungarian forints", "HUF"},
           {"forints", "HUF"},
           {"romanian lei", "RON"},
           {"lei", "RON"},
           {"bulgarian leva", "BGN"},
           {"leva", "BGN"},
           {"croatian kuna", "HRK"},
           {"kuna", "HRK"},
           {"russian rubles", "RUB"},
           {"russian roubles", "RUB"},
           {"belarusian rubles", "BYN"},
           {"kazakh tenge", "KZT"},
           {"tenge", "KZT"},
           {"georgian lari", "GEL"},
           {"armenian drams", "AMD"},
           {"azerbaijani manats", "AZN"},
           {"uzbek som", "UZS"},
           {"sri lankan rupees", "LKR"},
           {"nepalese rupees", "NPR"},
           {"bangladeshi taka", "BDT"},
           {"taka", "BDT"},
           {"indonesian rupiah", "IDR"},
           {"malaysian ringgit", "MYR"},
           {"ringgits", "MYR"},
           {"thai baht", "THB"},
           {"vietnamese dong", "VND"},
           {"afghanis", "AFN"},
           {"afghani", "AFN"},
           {"kyat", "MMK"},
           {"riels", "KHR"},
           {"israeli shekels", "ILS"},
           {"new shekels", "ILS"},
           {"shekel", "ILS"},
           {"dirham", "AED"},
           {"swedish krona", "SEK"},
           {"norwegian krone", "NOK"},
           {"danish krone", "DKK"},
           {"icelandic kronur", "ISK"},
           {"icelandic krona", "ISK"},
           {"swiss franc", "CHF"},
           {"rwandan francs", "RWF"},
           {"congolese francs", "CDF"},
           {"guinean francs", "GNF"},
           {"central african cfa francs", "XAF"},
           {"west african cfa francs", "XOF"},
           {"peruvian soles", "PEN"},
           {"soles", "PEN"},
           {"bolivianos", "BOB"},
           {"guaranis", "PYG"},
           {"quetzales", "GTQ"},
           {"lempiras", "HNL"},
           {"colones", "CRC"},
           {"jamaican dollars", "JMD"},
           {"fijian dollars", "FJD"},
           {"namibian dollars", "NAD"},
           {"east caribbean dollars", "XCD"},
           {"liberian dollars", "LRD"},
           {"zimbabwe dollars", "ZWL"},
           {"brunei dollars", "BND"},
           {"mongolian tugriks", "MNT"},
           {"tugriks", "MNT"},
           {"turkish liras", "TRY"}}) {
    currency(phrase, code);
    // The singular of a country-qualified name: "1 Kuwaiti dinar".
    const size_t space = phrase.find(' ');
    if (space != std::string_view::npos && phrase.ends_with("s") && !phrase.ends_with("ss")) {
      currency(phrase.substr(0, phrase.size() - 1), code);
    }
  }
  for (const auto& [phrase, code] :
       std::initializer_list<std::pair<std::string_view, std::string_view>>{{"cedi", "GHS"},
                                                                            {"riel", "KHR"},
                                                                            {"boliviano", "BOB"},
                                                                            {"guarani", "PYG"},
                                                                            {"lempira", "HNL"},
                                                                            {"tugrik", "MNT"},
                                                                            {"forint", "HUF"},
                                                                            {"hryvnya", "UAH"}}) {
    currency(phrase, code);
  }
  t->suffixes.Add("euro cents", Suffix{Suffix::kCents, "EUR"});
  t->suffixes.Add("euro cent", Suffix{Suffix::kCents, "EUR"});
  t->suffixes.Add("pence", Suffix{Suffix::kCents, "GBP"});
  Suffix pence{Suffix::kCents, "GBP"};
  pence.glued_only = true;
  t->suffixes.Add("p", pence);
  for (std::string_view w :
       {"paid",         "pay",      "pays",     "paying",  "cost",     "costs",      "costing",
        "price",        "prices",   "priced",   "worth",   "spent",    "spend",      "spending",
        "fine",         "fined",    "fines",    "fee",     "fees",     "earn",       "earns",
        "earned",       "earning",  "earnings", "salary",  "wage",     "wages",      "bought",
        "sold",         "sell",     "sells",    "charge",  "charged",  "charges",    "raised",
        "donated",      "donation", "owe",      "owed",    "owes",     "debt",       "debts",
        "compensation", "awarded",  "prize",    "bill",    "tax",      "taxes",      "profit",
        "profits",      "revenue",  "budget",   "cash",    "money",    "bonus",      "rent",
        "pension",      "fund",     "funding",  "invest",  "invested", "investment", "loan",
        "grant",        "cheque",   "ticket",   "tickets", "pocket",   "refund",     "damages",
        "bail",         "stake",    "bet",      "wager",   "deposit",  "savings",    "income"}) {
    t->pounds_context.emplace(w, true);
  }
  for (std::string_view w :
       {"weigh",   "weighs",   "weighed", "weighing",   "weight",  "weights", "heavy",
        "heavier", "heaviest", "lighter", "overweight", "obese",   "baby",    "born",
        "lift",    "lifted",   "lifting", "bench",      "carry",   "carried", "carrying",
        "load",    "cargo",    "payload", "fish",       "catch",   "caught",  "bomb",
        "bombs",   "tall",     "pumpkin", "diet",       "dieting", "slimmed"}) {
    t->pounds_context.emplace(w, false);
  }
  // More spellings of units: singulars, smaller and larger units of the
  // same quantities, and the customary units of US and UK copy.
  using D = v1::Dimension;
  for (const auto& [phrase, symbol, dimension] :
       std::initializer_list<std::tuple<std::string_view, std::string_view, D>>{
           {"centimetre", "cm", D::DIMENSION_LENGTH},
           {"centimeter", "cm", D::DIMENSION_LENGTH},
           {"millimetre", "mm", D::DIMENSION_LENGTH},
           {"millimeter", "mm", D::DIMENSION_LENGTH},
           {"decimetre", "dm", D::DIMENSION_LENGTH},
           {"decimeter", "dm", D::DIMENSION_LENGTH},
           {"micrometres", "\u00b5m", D::DIMENSION_LENGTH},
           {"micrometers", "\u00b5m", D::DIMENSION_LENGTH},
           {"microns", "\u00b5m", D::DIMENSION_LENGTH},
           {"micron", "\u00b5m", D::DIMENSION_LENGTH},
           {"\u00b5m", "\u00b5m", D::DIMENSION_LENGTH},
           {"nanometres", "nm", D::DIMENSION_LENGTH},
           {"nanometers", "nm", D::DIMENSION_LENGTH},
           {"nanometre", "nm", D::DIMENSION_LENGTH},
           {"nanometer", "nm", D::DIMENSION_LENGTH},
           {"light years", "ly", D::DIMENSION_LENGTH},
           {"light-years", "ly", D::DIMENSION_LENGTH},
           {"light year", "ly", D::DIMENSION_LENGTH},
           {"light-year", "ly", D::DIMENSION_LENGTH},
           {"kilo", "kg", D::DIMENSION_MASS},
           {"milligramme", "mg", D::DIMENSION_MASS},
           {"millilitre", "mL", D::DIMENSION_VOLUME},
           {"milliliter", "mL", D::DIMENSION_VOLUME},
           {"centilitres", "cL", D::DIMENSION_VOLUME},
           {"centiliters", "cL", D::DIMENSION_VOLUME},
           {"cl", "cL", D::DIMENSION_VOLUME},
           {"decilitres", "dL", D::DIMENSION_VOLUME},
           {"deciliters", "dL", D::DIMENSION_VOLUME},
           {"dl", "dL", D::DIMENSION_VOLUME},
           {"hectolitres", "hL", D::DIMENSION_VOLUME},
           {"hectoliters", "hL", D::DIMENSION_VOLUME},
           {"cubic metre", "m\u00b3", D::DIMENSION_VOLUME},
           {"cubic meter", "m\u00b3", D::DIMENSION_VOLUME},
           {"cubic centimetres", "cm\u00b3", D::DIMENSION_VOLUME},
           {"cubic centimeters", "cm\u00b3", D::DIMENSION_VOLUME},
           {"cc", "cm\u00b3", D::DIMENSION_VOLUME},
           {"cubic feet", "ft\u00b3", D::DIMENSION_VOLUME},
           {"cubic foot", "ft\u00b3", D::DIMENSION_VOLUME},
           {"cubic yards", "yd\u00b3", D::DIMENSION_VOLUME},
           {"cubic inches", "in\u00b3", D::DIMENSION_VOLUME},
           {"pints", "pt", D::DIMENSION_VOLUME},
           {"pint", "pt", D::DIMENSION_VOLUME},
           {"quarts", "qt", D::DIMENSION_VOLUME},
           {"quart", "qt", D::DIMENSION_VOLUME},
           {"fluid ounces", "fl oz", D::DIMENSION_VOLUME},
           {"fluid ounce", "fl oz", D::DIMENSION_VOLUME},
           {"fl oz", "fl oz", D::DIMENSION_VOLUME},
           {"teaspoons", "tsp", D::DIMENSION_VOLUME},
           {"tablespoons", "tbsp", D::DIMENSION_VOLUME},
           {"bushels", "bu", D::DIMENSION_VOLUME},
           {"bushel", "bu", D::DIMENSION_VOLUME},
           {"square kilometre", "km\u00b2", D::DIMENSION_AREA},
           {"square kilometer", "km\u00b2", D::DIMENSION_AREA},
           {"square metre", "m\u00b2", D::DIMENSION_AREA},
           {"square meter", "m\u00b2", D::DIMENSION_AREA},
           {"square centimetres", "cm\u00b2", D::DIMENSION_AREA},
           {"square centimeters", "cm\u00b2", D::DIMENSION_AREA},
           {"cm2", "cm\u00b2", D::DIMENSION_AREA},
           {"cm\u00b2", "cm\u00b2", D::DIMENSION_AREA},
           {"square inches", "in\u00b2", D::DIMENSION_AREA},
           {"square inch", "in\u00b2", D::DIMENSION_AREA},
           {"sq in", "in\u00b2", D::DIMENSION_AREA},
           {"square yards", "yd\u00b2", D::DIMENSION_AREA},
           {"square yard", "yd\u00b2", D::DIMENSION_AREA},
           {"sq yd", "yd\u00b2", D::DIMENSION_AREA},
           {"sqft", "ft\u00b2", D::DIMENSION_AREA},
           {"km/s", "km/s", D::DIMENSION_SPEED},
           {"kilometres per second", "km/s", D::DIMENSION_SPEED},
           {"kilometers per second", "km/s", D::DIMENSION_SPEED},
           {"ft/s", "ft/s", D::DIMENSION_SPEED},
           {"feet per second", "ft/s", D::DIMENSION_SPEED},
           {"mi/h", "mph", D::DIMENSION_SPEED},
           {"kilowatt hour", "kWh", D::DIMENSION_ENERGY},
           {"megawatt hour", "MWh", D::DIMENSION_ENERGY},
           {"gigawatt hour", "GWh", D::DIMENSION_ENERGY},
           {"terawatt hour", "TWh", D::DIMENSION_ENERGY},
           {"kilojoule", "kJ", D::DIMENSION_ENERGY},
           {"megajoule", "MJ", D::DIMENSION_ENERGY},
           {"btu", "BTU", D::DIMENSION_ENERGY},
           {"btus", "BTU", D::DIMENSION_ENERGY},
           {"british thermal units", "BTU", D::DIMENSION_ENERGY},
           {"kilobyte", "kB", D::DIMENSION_DATA_SIZE},
           {"megabyte", "MB", D::DIMENSION_DATA_SIZE},
           {"gigabyte", "GB", D::DIMENSION_DATA_SIZE},
           {"terabyte", "TB", D::DIMENSION_DATA_SIZE},
           {"petabyte", "PB", D::DIMENSION_DATA_SIZE},
           {"kilobits", "kbit", D::DIMENSION_DATA_SIZE},
           {"megabits", "Mbit", D::DIMENSION_DATA_SIZE},
           {"megabit", "Mbit", D::DIMENSION_DATA_SIZE},
           {"gigabits", "Gbit", D::DIMENSION_DATA_SIZE},
           {"gigabit", "Gbit", D::DIMENSION_DATA_SIZE},
           {"terabits", "Tbit", D::DIMENSION_DATA_SIZE},
           {"kilopascals", "kPa", D::DIMENSION_PRESSURE},
           {"kpa", "kPa", D::DIMENSION_PRESSURE},
           {"pascals", "Pa", D::DIMENSION_PRESSURE},
           {"atmospheres", "atm", D::DIMENSION_PRESSURE},
           {"millibar", "mbar", D::DIMENSION_PRESSURE},
           {"hectopascal", "hPa", D::DIMENSION_PRESSURE},
           // Plural abbreviations of Indian and informal copy, and UK stone.
           {"kms", "km", D::DIMENSION_LENGTH},
           {"cms", "cm", D::DIMENSION_LENGTH},
           {"yds", "yd", D::DIMENSION_LENGTH},
           {"kgs", "kg", D::DIMENSION_MASS},
           {"gms", "g", D::DIMENSION_MASS},
           {"ltrs", "L", D::DIMENSION_VOLUME},
           {"ltr", "L", D::DIMENSION_VOLUME},
           {"km/hr", "km/h", D::DIMENSION_SPEED},
           {"mi/hr", "mph", D::DIMENSION_SPEED},
           {"stone", "st", D::DIMENSION_MASS}}) {
    t->suffixes.Add(phrase, Suffix{Suffix::kUnit, symbol, dimension});
  }
  for (const auto& [phrase, symbol] :
       std::initializer_list<std::pair<std::string_view, std::string_view>>{
           {"sq. ft", "ft\u00b2"},
           {"sq. m", "m\u00b2"},
           {"sq. mi", "mi\u00b2"},
           {"sq. in", "in\u00b2"},
           {"sq. yd", "yd\u00b2"}}) {
    t->suffixes.Add(phrase, Suffix{Suffix::kUnit, symbol, v1::DIMENSION_AREA});
  }
  t->suffixes.Add("gramme", Suffix{Suffix::kUnit, "g", v1::DIMENSION_MASS});
  t->suffixes.Add("microgramme", Suffix{Suffix::kUnit, "\u00b5g", v1::DIMENSION_MASS});
  for (std::string_view p : {"centigrate", "degrees centigrate", "degree centigrade"}) {
    t->suffixes.Add(p, Suffix{Suffix::kUnit, "\u00b0C", v1::DIMENSION_TEMPERATURE});
  }
  for (std::string_view p : {"\u00b0 celsius", "\u00b0 centigrade", "\u00b0 celcius"}) {
    t->suffixes.Add(p, Suffix{Suffix::kUnit, "\u00b0C", v1::DIMENSION_TEMPERATURE});
  }
  for (std::string_view p : {"\u00b0 fahrenheit", "\u00b0 farenheit"}) {
    t->suffixes.Add(p, Suffix{Suffix::kUnit, "\u00b0F", v1::DIMENSION_TEMPERATURE});
  }
  t->suffixes.Add("\u2103", Suffix{Suffix::kUnit, "\u00b0C", v1::DIMENSION_TEMPERATURE});  // ℃
  t->suffixes.Add("\u2109", Suffix{Suffix::kUnit, "\u00b0F", v1::DIMENSION_TEMPERATURE});  // ℉
  for (std::string_view p :
       {"degrees farenheit", "degree f", "kelvin", "kelvins", "degrees kelvin", "degree kelvin"}) {
    const bool kelvin = p.find("kelvin") != std::string_view::npos;
    t->suffixes.Add(p, Suffix{Suffix::kUnit, kelvin ? "K" : "\u00b0F", v1::DIMENSION_TEMPERATURE});
  }
  for (std::string_view w :
       {"temperature", "temperatures", "thermostat", "thermometer", "heat",        "heatwave",
        "warm",        "warmer",       "warmest",    "warming",     "hot",         "hotter",
        "hottest",     "cold",         "colder",     "coldest",     "cool",        "cooler",
        "freezing",    "frost",        "boil",       "boils",       "boiling",     "weather",
        "forecast",    "fever",        "oven",       "celsius",     "fahrenheit",  "centigrade",
        "highs",       "lows",         "outside",    "chilly",      "mild",        "sweltering",
        "scorching",   "heating",      "heater",     "radiator",    "thermostats", "refrigerator",
        "freezer",     "fridge",       "zero",       "chill",       "aircon",      "conditioning",
        "conditioner"}) {
    t->degree_context.emplace(w, v1::DIMENSION_TEMPERATURE);
  }
  for (std::string_view w : {"angle",         "angles",    "turn",
                             "turns",         "turned",    "turning",
                             "rotate",        "rotates",   "rotated",
                             "rotation",      "tilt",      "tilted",
                             "slope",         "incline",   "inclined",
                             "latitude",      "longitude", "left",
                             "right",         "clockwise", "counterclockwise",
                             "anticlockwise", "arc",       "pitch",
                             "heading",       "bearing",   "azimuth",
                             "view",          "spin",      "spun",
                             "pivot",         "swivel"}) {
    t->degree_context.emplace(w, v1::DIMENSION_ANGLE);
  }
  t->other_degree_scales = {"api", "gravity", "brix", "mercalli", "richter", "plato", "proof"};
}

// Adds lowercase `words` to `set`; every word fits its packed keys.
void AddWords(ShortWordSet* set, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) {
    WL_CHECK(set->Add(w)) << "word too long for a ShortWordSet: " << w;
  }
}

const Tables& GetTables() {
  static const Tables* const tables = [] {
    auto* t = new Tables();
    auto unit = [t](std::string_view phrase, std::string_view symbol, v1::Dimension dimension) {
      t->suffixes.Add(phrase, Suffix{Suffix::kUnit, symbol, dimension});
    };
    auto currency = [t](std::string_view phrase, std::string_view code) {
      t->suffixes.Add(phrase, Suffix{Suffix::kCurrency, code, v1::DIMENSION_UNSPECIFIED});
    };
    for (std::string_view w : {"last", "next", "previous", "current", "penultimate",
                               "antepenultimate", "one", "second", "third", "fourth", "fifth",
                               "percentage", "percentages"}) {
      WL_CHECK(t->relative_words.Add(w)) << "relative word too long for the packed table: " << w;
      t->word_rule_filter.Add(w.substr(0, 2), w.size());
    }
    t->suffixes.Add("%", Suffix{Suffix::kPercent});
    t->suffixes.Add("percent", Suffix{Suffix::kPercent});
    t->suffixes.Add("percents", Suffix{Suffix::kPercent});
    t->suffixes.Add("per cent", Suffix{Suffix::kPercent});
    t->suffixes.Add("pct", Suffix{Suffix::kPercent});
    // British press style "3pc", "2.1pc"; only glued ("3 pc" may be pieces).
    Suffix pc{Suffix::kPercent};
    pc.glued_only = true;
    t->suffixes.Add("pc", pc);
    // The same in the languages we ingest most (digits are read in any
    // language; these few words are cheap and unambiguous after a number).
    for (std::string_view p :
         {"prozent", "por ciento", "pour cent", "per cento", "procent", "procento", "por cento",
          "процентов", "процента", "процент", "відсотків", "відсотка", "відсоток"}) {
      t->suffixes.Add(p, Suffix{Suffix::kPercent});
    }
    for (std::string_view p : {"prozentpunkte", "prozentpunkt", "puntos porcentuales",
                               "points de pourcentage", "punti percentuali"}) {
      t->suffixes.Add(p, Suffix{Suffix::kPercentagePoints});
    }
    t->suffixes.Add("percentage points", Suffix{Suffix::kPercentagePoints});
    for (std::string_view p : {"basis points", "basis point", "bps", "bp"}) {
      t->suffixes.Add(p, Suffix{Suffix::kBasisPoints});
    }
    t->suffixes.Add("percentage point", Suffix{Suffix::kPercentagePoints});
    t->suffixes.Add("percentage-point", Suffix{Suffix::kPercentagePoints});
    // Wire style: "0.5 pct point", "2 percent points", "3 per cent points".
    for (std::string_view p : {"pct point", "pct points", "pct pt", "pct pts", "percent point",
                               "percent points", "per cent point", "per cent points",
                               "percentage pts", "percentage pt"}) {
      t->suffixes.Add(p, Suffix{Suffix::kPercentagePoints});
    }
    t->suffixes.Add("cents", Suffix{Suffix::kCents, "USD"});
    t->suffixes.Add("cent", Suffix{Suffix::kCents, "USD"});
    t->suffixes.Add("pounds", Suffix{Suffix::kPounds});
    t->suffixes.Add("pound", Suffix{Suffix::kPounds});
    t->suffixes.Add("years old", Suffix{Suffix::kYearsOld});
    t->suffixes.Add("years of age", Suffix{Suffix::kYearsOld});
    t->suffixes.Add("year of age", Suffix{Suffix::kYearsOld});
    t->suffixes.Add("year old", Suffix{Suffix::kYearsOld});
    t->suffixes.Add("-year-old", Suffix{Suffix::kYearsOld});
    t->suffixes.Add("-years-old", Suffix{Suffix::kYearsOld});
    for (std::string_view time_unit :
         {"second",  "seconds",   "minute", "minutes", "min",   "mins",  "hour",      "hours",
          "hr",      "hrs",       "day",    "days",    "week",  "weeks", "fortnight", "fortnights",
          "month",   "months",    "year",   "years",   "yr",    "yrs",   "decade",    "decades",
          "century", "centuries", "-year",  "-month",  "-week", "-day",  "-hour",     "-minute"}) {
      t->suffixes.Add(time_unit, Suffix{Suffix::kTimeUnit});
    }
    // Money written after the number.
    for (const auto& [phrase, code] :
         std::initializer_list<std::pair<std::string_view, std::string_view>>{
             {"dollars", "USD"},
             {"dollar", "USD"},
             {"us dollars", "USD"},
             {"us dollar", "USD"},
             {"u.s. dollars", "USD"},
             {"chinese yuan", "CNY"},
             {"japanese yen", "JPY"},
             {"british pounds", "GBP"},
             {"american dollars", "USD"},
             {"canadian dollars", "CAD"},
             {"australian dollars", "AUD"},
             {"new zealand dollars", "NZD"},
             {"hong kong dollars", "HKD"},
             {"singapore dollars", "SGD"},
             {"taiwan dollars", "TWD"},
             {"euros", "EUR"},
             {"euro", "EUR"},
             {"pounds sterling", "GBP"},
             {"sterling", "GBP"},
             {"yuan", "CNY"},
             {"renminbi", "CNY"},
             {"yen", "JPY"},
             {"rupees", "INR"},
             {"indian rupees", "INR"},
             {"pakistani rupees", "PKR"},
             {"rubles", "RUB"},
             {"roubles", "RUB"},
             {"ruble", "RUB"},
             {"rouble", "RUB"},
             {"hryvnias", "UAH"},
             {"hryvnia", "UAH"},
             {"hryvnas", "UAH"},
             {"francs", "CHF"},
             {"swiss francs", "CHF"},
             {"cfa francs", "XOF"},
             {"kronor", "SEK"},
             {"swedish kronor", "SEK"},
             {"norwegian kroner", "NOK"},
             {"danish kroner", "DKK"},
             {"pesos", "MXN"},
             {"mexican pesos", "MXN"},
             {"argentine pesos", "ARS"},
             {"reais", "BRL"},
             {"reals", "BRL"},
             {"rand", "ZAR"},
             {"korean won", "KRW"},
             {"lira", "TRY"},
             {"liras", "TRY"},
             {"turkish lira", "TRY"},
             {"shekels", "ILS"},
             {"naira", "NGN"},
             {"dirhams", "AED"},
             {"riyals", "SAR"},
             {"ringgit", "MYR"},
             {"zlotys", "PLN"},
             {"zloty", "PLN"},
             {"forint", "HUF"},
             {"baht", "THB"},
             {"rupiah", "IDR"},
             {"dong", "VND"},
             {"bitcoin", "XBT"},
             {"usd", "USD"},
             {"eur", "EUR"},
             {"gbp", "GBP"},
             {"chf", "CHF"},
             {"jpy", "JPY"},
             {"cny", "CNY"},
             {"rmb", "CNY"},
             {"inr", "INR"},
             {"rub", "RUB"},
             {"uah", "UAH"},
             {"cad", "CAD"},
             {"aud", "AUD"},
             {"€", "EUR"},
             {"£", "GBP"},
             {"₽", "RUB"},
             {"₴", "UAH"},
             {"zł", "PLN"},
             {"de euros", "EUR"},
             {"de dólares", "USD"},
             {"d'euros", "EUR"},
             {"di euro", "EUR"},
             {"de dollars", "USD"},
             {"рублей", "RUB"},
             {"гривень", "UAH"},
             {"$", "USD"},
             {"元", "CNY"},
             {"円", "JPY"},
             {"₭", "LAK"},
             {"₹", "INR"},
             {"₩", "KRW"},
             {"₺", "TRY"}}) {
      currency(phrase, code);
    }
    using D = v1::Dimension;
    // Length.
    for (std::string_view p : {"km", "kilometres", "kilometers", "kilometre", "kilometer"}) {
      unit(p, "km", D::DIMENSION_LENGTH);
    }
    for (std::string_view p : {"m", "metres", "meters", "metre", "meter"}) {
      unit(p, "m", D::DIMENSION_LENGTH);
    }
    for (std::string_view p : {"cm", "centimetres", "centimeters"})
      unit(p, "cm", D::DIMENSION_LENGTH);
    for (std::string_view p : {"mm", "millimetres", "millimeters"})
      unit(p, "mm", D::DIMENSION_LENGTH);
    for (std::string_view p : {"dm", "decimetres", "decimeters"})
      unit(p, "dm", D::DIMENSION_LENGTH);
    for (std::string_view p : {"miles", "mile", "mi"}) unit(p, "mi", D::DIMENSION_LENGTH);
    for (std::string_view p : {"nautical miles", "nautical mile", "nm"}) {
      unit(p, "nmi", D::DIMENSION_LENGTH);
    }
    for (std::string_view p : {"feet", "foot", "ft"}) unit(p, "ft", D::DIMENSION_LENGTH);
    for (std::string_view p : {"inches", "inch"}) unit(p, "in", D::DIMENSION_LENGTH);
    for (std::string_view p : {"yards", "yard"}) unit(p, "yd", D::DIMENSION_LENGTH);
    // Mass.
    for (std::string_view p : {"kg", "kilograms", "kilogram", "kilogrammes", "kilos"}) {
      unit(p, "kg", D::DIMENSION_MASS);
    }
    for (std::string_view p : {"tonnes", "tonne", "tons", "ton", "metric tons", "metric tonnes"}) {
      unit(p, "t", D::DIMENSION_MASS);
    }
    for (std::string_view p : {"grams", "gram", "grammes"}) unit(p, "g", D::DIMENSION_MASS);
    for (std::string_view p : {"milligrams", "milligram", "milligrammes", "mg"}) {
      unit(p, "mg", D::DIMENSION_MASS);
    }
    for (std::string_view p : {"micrograms", "microgram", "microgrammes", "µg", "mcg"}) {
      unit(p, "µg", D::DIMENSION_MASS);
    }
    for (std::string_view p : {"lb", "lbs"}) unit(p, "lb", D::DIMENSION_MASS);
    for (std::string_view p : {"ounces", "ounce", "oz"}) unit(p, "oz", D::DIMENSION_MASS);
    // Area.
    for (std::string_view p :
         {"square kilometres", "square kilometers", "sq km", "km2", "km²", "sq. km"}) {
      unit(p, "km²", D::DIMENSION_AREA);
    }
    for (std::string_view p : {"square metres", "square meters", "sq m", "m2", "m²"}) {
      unit(p, "m²", D::DIMENSION_AREA);
    }
    for (std::string_view p : {"square miles", "square mile", "sq mi"}) {
      unit(p, "mi²", D::DIMENSION_AREA);
    }
    for (std::string_view p : {"square feet", "square foot", "sq ft"}) {
      unit(p, "ft²", D::DIMENSION_AREA);
    }
    for (std::string_view p : {"hectares", "hectare", "ha"}) unit(p, "ha", D::DIMENSION_AREA);
    for (std::string_view p : {"acres", "acre"}) unit(p, "acre", D::DIMENSION_AREA);
    // Volume.
    for (std::string_view p : {"litres", "liters", "litre", "liter"}) {
      unit(p, "L", D::DIMENSION_VOLUME);
    }
    for (std::string_view p : {"millilitres", "milliliters", "ml"})
      unit(p, "mL", D::DIMENSION_VOLUME);
    for (std::string_view p : {"barrels", "barrel", "bbl"}) unit(p, "bbl", D::DIMENSION_VOLUME);
    for (std::string_view p : {"gallons", "gallon"}) unit(p, "gal", D::DIMENSION_VOLUME);
    for (std::string_view p : {"cubic metres", "cubic meters", "m3", "m³"}) {
      unit(p, "m³", D::DIMENSION_VOLUME);
    }
    // Speed.
    for (std::string_view p : {"km/h", "kph", "kmh", "km per hour", "kilometres per hour",
                               "kilometers per hour", "kilometres an hour", "kilometers an hour"}) {
      unit(p, "km/h", D::DIMENSION_SPEED);
    }
    for (std::string_view p : {"mph", "miles per hour", "miles an hour"}) {
      unit(p, "mph", D::DIMENSION_SPEED);
    }
    for (std::string_view p : {"knots", "knot"}) unit(p, "kn", D::DIMENSION_SPEED);
    for (std::string_view p : {"m/s", "metres per second", "meters per second"}) {
      unit(p, "m/s", D::DIMENSION_SPEED);
    }
    // Temperature.
    for (std::string_view p :
         {"°c", "° c", "degrees celsius", "degrees centigrade", "celsius", "degrees c", "c",
          "degree celsius", "deg c", "celcius", "degrees celcius", "centigrade"}) {
      // A bare "c" only counts after "°", which the table spells out; the
      // entry "c" alone is filtered in Classify (it is a letter, not a unit).
      unit(p, "°C", D::DIMENSION_TEMPERATURE);
    }
    for (std::string_view p : {"°f", "° f", "degrees fahrenheit", "fahrenheit", "degrees f",
                               "degree fahrenheit", "deg f", "farenheit"}) {
      unit(p, "°F", D::DIMENSION_TEMPERATURE);
    }
    // Energy.
    for (std::string_view p : {"kwh", "kilowatt-hours", "kilowatt hours", "kilowatt-hour"}) {
      unit(p, "kWh", D::DIMENSION_ENERGY);
    }
    for (std::string_view p : {"mwh", "megawatt-hours", "megawatt hours", "megawatt-hour"}) {
      unit(p, "MWh", D::DIMENSION_ENERGY);
    }
    for (std::string_view p : {"gwh", "gigawatt-hours", "gigawatt hours", "gigawatt-hour"}) {
      unit(p, "GWh", D::DIMENSION_ENERGY);
    }
    for (std::string_view p : {"twh", "terawatt-hours", "terawatt hours", "terawatt-hour"}) {
      unit(p, "TWh", D::DIMENSION_ENERGY);
    }
    for (std::string_view p : {"joules", "joule"}) unit(p, "J", D::DIMENSION_ENERGY);
    for (std::string_view p : {"kilojoules", "kj"}) unit(p, "kJ", D::DIMENSION_ENERGY);
    for (std::string_view p : {"megajoules", "mj"}) unit(p, "MJ", D::DIMENSION_ENERGY);
    for (std::string_view p : {"kilocalories", "kcal", "calories"}) {
      unit(p, "kcal", D::DIMENSION_ENERGY);
    }
    // Power.
    for (std::string_view p : {"kw", "kilowatts", "kilowatt"}) unit(p, "kW", D::DIMENSION_POWER);
    for (std::string_view p : {"mw", "megawatts", "megawatt"}) unit(p, "MW", D::DIMENSION_POWER);
    for (std::string_view p : {"gw", "gigawatts", "gigawatt"}) unit(p, "GW", D::DIMENSION_POWER);
    for (std::string_view p : {"tw", "terawatts", "terawatt"}) unit(p, "TW", D::DIMENSION_POWER);
    for (std::string_view p : {"watts", "watt"}) unit(p, "W", D::DIMENSION_POWER);
    for (std::string_view p : {"horsepower", "hp"}) unit(p, "hp", D::DIMENSION_POWER);
    // Data size.
    for (std::string_view p : {"kb", "kilobytes"}) unit(p, "kB", D::DIMENSION_DATA_SIZE);
    for (std::string_view p : {"mb", "megabytes"}) unit(p, "MB", D::DIMENSION_DATA_SIZE);
    for (std::string_view p : {"gb", "gigabytes"}) unit(p, "GB", D::DIMENSION_DATA_SIZE);
    for (std::string_view p : {"tb", "terabytes"}) unit(p, "TB", D::DIMENSION_DATA_SIZE);
    for (std::string_view p : {"pb", "petabytes"}) unit(p, "PB", D::DIMENSION_DATA_SIZE);
    for (std::string_view p : {"bytes", "byte"}) unit(p, "B", D::DIMENSION_DATA_SIZE);
    for (std::string_view p : {"bits", "bit"}) unit(p, "bit", D::DIMENSION_DATA_SIZE);
    // Pressure.
    for (std::string_view p : {"hpa", "hectopascals"}) unit(p, "hPa", D::DIMENSION_PRESSURE);
    for (std::string_view p : {"mbar", "millibars"}) unit(p, "mbar", D::DIMENSION_PRESSURE);
    unit("psi", "psi", D::DIMENSION_PRESSURE);

    const std::initializer_list<std::pair<std::string_view, v1::Qualifier>> kQualifiers = {
        {"about", v1::QUALIFIER_APPROXIMATELY},
        {"approximately", v1::QUALIFIER_APPROXIMATELY},
        {"around", v1::QUALIFIER_APPROXIMATELY},
        {"some", v1::QUALIFIER_APPROXIMATELY},
        {"roughly", v1::QUALIFIER_APPROXIMATELY},
        {"an estimated", v1::QUALIFIER_APPROXIMATELY},
        {"approx.", v1::QUALIFIER_APPROXIMATELY},
        {"circa", v1::QUALIFIER_APPROXIMATELY},
        {"at least", v1::QUALIFIER_AT_LEAST},
        {"no fewer than", v1::QUALIFIER_AT_LEAST},
        {"no less than", v1::QUALIFIER_AT_LEAST},
        {"not less than", v1::QUALIFIER_AT_LEAST},
        {"more than", v1::QUALIFIER_MORE_THAN},
        {"over", v1::QUALIFIER_MORE_THAN},
        {"above", v1::QUALIFIER_MORE_THAN},
        {"upwards of", v1::QUALIFIER_MORE_THAN},
        {"in excess of", v1::QUALIFIER_MORE_THAN},
        {"at most", v1::QUALIFIER_AT_MOST},
        {"no more than", v1::QUALIFIER_AT_MOST},
        {"not more than", v1::QUALIFIER_AT_MOST},
        {"less than", v1::QUALIFIER_LESS_THAN},
        {"fewer than", v1::QUALIFIER_LESS_THAN},
        {"below", v1::QUALIFIER_LESS_THAN},
        {"under", v1::QUALIFIER_LESS_THAN},
        {"up to", v1::QUALIFIER_UP_TO},
        {"nearly", v1::QUALIFIER_NEARLY},
        {"almost", v1::QUALIFIER_NEARLY},
        {"close to", v1::QUALIFIER_NEARLY},
        {"exactly", v1::QUALIFIER_EXACTLY},
        {"precisely", v1::QUALIFIER_EXACTLY},
        // Comparisons (numbers helper): "greater than 30", "exceeding 3,000",
        // "less than or equal to 40", ">700".
        {"greater than", v1::QUALIFIER_MORE_THAN},
        {"larger than", v1::QUALIFIER_MORE_THAN},
        {"higher than", v1::QUALIFIER_MORE_THAN},
        {"bigger than", v1::QUALIFIER_MORE_THAN},
        {"exceed", v1::QUALIFIER_MORE_THAN},
        {"exceeds", v1::QUALIFIER_MORE_THAN},
        {"exceeding", v1::QUALIFIER_MORE_THAN},
        {"surpass", v1::QUALIFIER_MORE_THAN},
        {"surpasses", v1::QUALIFIER_MORE_THAN},
        {"surpassing", v1::QUALIFIER_MORE_THAN},
        {">", v1::QUALIFIER_MORE_THAN},
        {"beyond", v1::QUALIFIER_MORE_THAN},
        {"as many as", v1::QUALIFIER_UP_TO},
        {"as much as", v1::QUALIFIER_UP_TO},
        {"smaller than", v1::QUALIFIER_LESS_THAN},
        {"lower than", v1::QUALIFIER_LESS_THAN},
        {"<", v1::QUALIFIER_LESS_THAN},
        {"greater than or equal to", v1::QUALIFIER_AT_LEAST},
        {"more than or equal to", v1::QUALIFIER_AT_LEAST},
        {"greater or equal to", v1::QUALIFIER_AT_LEAST},
        {"greater or equal than", v1::QUALIFIER_AT_LEAST},
        {"higher or equal than", v1::QUALIFIER_AT_LEAST},
        {"larger or equal than", v1::QUALIFIER_AT_LEAST},
        {">=", v1::QUALIFIER_AT_LEAST},
        {"≥", v1::QUALIFIER_AT_LEAST},
        {"less than or equal to", v1::QUALIFIER_AT_MOST},
        {"fewer than or equal to", v1::QUALIFIER_AT_MOST},
        {"less or equal to", v1::QUALIFIER_AT_MOST},
        {"less or equal than", v1::QUALIFIER_AT_MOST},
        {"smaller or equal than", v1::QUALIFIER_AT_MOST},
        {"smaller or equal to", v1::QUALIFIER_AT_MOST},
        {"lower or equal than", v1::QUALIFIER_AT_MOST},
        {"<=", v1::QUALIFIER_AT_MOST},
        {"≤", v1::QUALIFIER_AT_MOST},
    };
    for (const auto& [phrase, qualifier] : kQualifiers) t->qualifiers.Add(phrase, qualifier);
    // "larger than or equal to", "equal to or greater than", "lower or equal
    // to", ...: every comparative with "or equal" in either order.
    auto FillIn = [](std::string_view form, std::string_view word) {
      std::string out(form);
      out.replace(out.find("%s"), 2, word);
      return out;
    };
    for (std::string_view comparative : {"greater", "larger", "higher", "bigger", "more"}) {
      for (std::string_view form :
           {"%s than or equal to", "%s or equal to", "%s or equal than", "equal to or %s than"}) {
        t->qualifiers.Add(FillIn(form, comparative), v1::QUALIFIER_AT_LEAST);
      }
    }
    for (std::string_view comparative : {"less", "smaller", "lower", "fewer"}) {
      for (std::string_view form :
           {"%s than or equal to", "%s or equal to", "%s or equal than", "equal to or %s than"}) {
        t->qualifiers.Add(FillIn(form, comparative), v1::QUALIFIER_AT_MOST);
      }
    }

    t->prefix_currency = {
        {"$", "USD"},   {"€", "EUR"},   {"£", "GBP"},   {"¥", "JPY"},   {"₹", "INR"},
        {"₽", "RUB"}, {"₴", "UAH"},   {"₩", "KRW"},   {"₺", "TRY"},   {"₪", "ILS"},
        {"₦", "NGN"},   {"₱", "PHP"},   {"₫", "VND"},   {"฿", "THB"},   {"USD", "USD"},
        {"EUR", "EUR"}, {"GBP", "GBP"}, {"CHF", "CHF"}, {"JPY", "JPY"}, {"CNY", "CNY"},
        {"RMB", "CNY"}, {"INR", "INR"}, {"RUB", "RUB"}, {"UAH", "UAH"}, {"CAD", "CAD"},
        {"AUD", "AUD"}, {"SEK", "SEK"}, {"NOK", "NOK"}, {"DKK", "DKK"}, {"PLN", "PLN"},
        {"BRL", "BRL"}, {"ZAR", "ZAR"}, {"KRW", "KRW"}, {"HKD", "HKD"}, {"SGD", "SGD"},
        {"Rs", "INR"},  {"Rs.", "INR"}, {"Rp", "IDR"},  {"R$", "BRL"},
    };
    t->dollar_prefix = {{"US", "USD"},  {"U.S.", "USD"}, {"U.S", "USD"}, {"C", "CAD"},
                        {"CA", "CAD"},  {"CAN", "CAD"},  {"A", "AUD"},   {"AU", "AUD"},
                        {"NZ", "NZD"},  {"HK", "HKD"},   {"S", "SGD"},   {"R", "BRL"},
                        {"NT", "TWD"},  {"MEX", "MXN"},  {"MX", "MXN"},  {"USD", "USD"},
                        {"MXN", "MXN"}, {"AUD", "AUD"},  {"CAD", "CAD"}, {"NZD", "NZD"},
                        {"HKD", "HKD"}, {"SGD", "SGD"}};
    AddWords(
        &t->labels,
        {"article",    "articles",   "section",  "sections", "page",       "pages",    "p.",
         "pp.",        "chapter",    "ch.",      "sec.",     "art.",       "model",    "version",
         "v",          "no.",        "nos.",     "nr.",      "number",     "flight",   "route",
         "room",       "gate",       "platform", "line",     "level",      "phase",    "item",
         "clause",     "paragraph",  "annex",    "table",    "figure",     "fig.",     "episode",
         "season",     "volume",     "vol.",     "issue",    "grade",      "category", "class",
         "type",       "step",       "bus",      "highway",  "interstate", "terminal", "apollo",
         "resolution", "rule",       "exhibit",  "appendix", "isbn",       "tel",      "tel.",
         "phone",      "fax",        "id",       "code",     "zip",        "postcode", "pin",
         "ext.",       "extension",  "channel",  "lane",     "block",      "unit",     "apartment",
         "apt.",       "suite",      "floor",    "seat",     "row",        "no",       "#",
         "psalm",      "verse",      "act",      "scene",    "part",       "lot",      "pier",
         "bay",        "track",      "camp",     "sector",   "zone",       "district", "ward",
         "stage",      "tier",       "size",     "title",    "amendment",  "bill",     "law",
         "directive",  "regulation", "protocol"});
    AddWords(&t->date_words,
             {"in", "since", "by", "of", "until", "till", "from", "during", "before", "after",
              "fiscal", "early", "late", "mid", "through", "throughout", "around", "circa", "year",
              "summer", "winter", "spring", "autumn", "fall", "between", "and", "to", "the", "for",
              "on", "christmas", "season",
              // "profits that exceed 1986 results"
              "exceed", "exceeds", "exceeding", "surpass", "surpasses", "surpassing"});
    AddWords(&t->function_words, {"the",
                                  "a",
                                  "an",
                                  "of",
                                  "in",
                                  "on",
                                  "at",
                                  "to",
                                  "for",
                                  "from",
                                  "by",
                                  "with",
                                  "and",
                                  "or",
                                  "but",
                                  "as",
                                  "than",
                                  "that",
                                  "which",
                                  "who",
                                  "whom",
                                  "whose",
                                  "were",
                                  "was",
                                  "are",
                                  "is",
                                  "be",
                                  "been",
                                  "being",
                                  "have",
                                  "has",
                                  "had",
                                  "will",
                                  "would",
                                  "could",
                                  "should",
                                  "may",
                                  "might",
                                  "must",
                                  "can",
                                  "did",
                                  "do",
                                  "does",
                                  "said",
                                  "says",
                                  "say",
                                  "more",
                                  "less",
                                  "fewer",
                                  "per",
                                  "each",
                                  "every",
                                  "over",
                                  "under",
                                  "into",
                                  "onto",
                                  "since",
                                  "after",
                                  "before",
                                  "during",
                                  "about",
                                  "against",
                                  "between",
                                  "among",
                                  "this",
                                  "these",
                                  "those",
                                  "their",
                                  "his",
                                  "her",
                                  "its",
                                  "our",
                                  "my",
                                  "your",
                                  "they",
                                  "we",
                                  "he",
                                  "she",
                                  "it",
                                  "you",
                                  "i",
                                  "them",
                                  "us",
                                  "him",
                                  "also",
                                  "not",
                                  "no",
                                  "so",
                                  "while",
                                  "when",
                                  "where",
                                  "if",
                                  "then",
                                  "up",
                                  "out",
                                  "off",
                                  "across",
                                  "through",
                                  "within",
                                  "ago",
                                  "only",
                                  "just",
                                  "all",
                                  "both",
                                  "some",
                                  "any",
                                  "most",
                                  "many",
                                  "such",
                                  "other",
                                  "another",
                                  "there",
                                  "here",
                                  "what",
                                  "how",
                                  "why",
                                  "nearly",
                                  "almost",
                                  "around",
                                  "roughly",
                                  "approximately",
                                  "exactly",
                                  "precisely",
                                  "least",
                                  "most",
                                  "above",
                                  "below",
                                  "top",
                                  "aged",
                                  "minus",
                                  "plus",
                                  "including",
                                  "like",
                                  "near",
                                  "toward",
                                  "towards",
                                  "until",
                                  "via",
                                  "whether",
                                  "because",
                                  "although",
                                  "though",
                                  "yet",
                                  "nor",
                                  "either",
                                  "neither",
                                  "own",
                                  "too",
                                  "very",
                                  "even",
                                  "still",
                                  "already",
                                  "now",
                                  "again",
                                  "once",
                                  "twice",
                                  "got",
                                  "get",
                                  "gets",
                                  "made",
                                  "make",
                                  "took",
                                  "take",
                                  "killed",
                                  "won",
                                  "lost",
                                  "rose",
                                  "fell",
                                  "grew",
                                  "left",
                                  "remain",
                                  "remained",
                                  "remains",
                                  "estimated",
                                  "another",
                                  "additional",
                                  "extra",
                                  "respectively"});
    AddWords(&t->calendar_words,
             {"january", "february",  "march",   "april",     "may",      "june",   "july",
              "august",  "september", "october", "november",  "december", "jan.",   "feb.",
              "mar.",    "apr.",      "jun.",    "jul.",      "aug.",     "sep.",   "sept.",
              "oct.",    "nov.",      "dec.",    "jan",       "feb",      "mar",    "apr",
              "jun",     "jul",       "aug",     "sep",       "sept",     "oct",    "nov",
              "dec",     "monday",    "tuesday", "wednesday", "thursday", "friday", "saturday",
              "sunday",  "q1",        "q2",      "q3",        "q4",       "h1",     "h2",
              "fy"});
    for (const auto& [symbol, code] : t->prefix_currency) t->prefix_currency_filter.Add(symbol);
    for (std::string_view w : NumberWords()) {
      WL_CHECK(t->number_words.Add(w)) << "number word too long for the packed table: " << w;
      t->word_rule_filter.Add(w.substr(0, 2), w.size());
    }
    AddMeasureTables(t);
    // TryScaleMention acts only where ScaleAt finds a temperature unit.
    t->suffixes.ForEachPhrase([t](std::string_view first, const Suffix& s) {
      if (s.type == Suffix::kUnit && s.dimension == v1::DIMENSION_TEMPERATURE &&
          ScaleWordShape(first)) {
        t->word_rule_filter.Add(first.substr(0, 2), first.size());
      }
    });
    return t;
  }();
  return *tables;
}

bool InSet(const ShortWordSet& set, std::string_view text, std::string* lower) {
  if (text.size() > kMaxWordLength) return false;
  AsciiLower(text, lower);
  return set.Contains(*lower);
}

bool IsWord(const Token& t) { return t.kind == TokenKind::kWord; }

bool HasUpper(std::string_view text) {
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') return true;
  }
  return false;
}

bool IsHyphen(std::string_view text) {
  // "-", or U+2010, U+2011, U+2013, U+2014 (E2 80 90/91/93/94); tested by
  // length first, as this runs after most numbers.
  if (text.size() == 1) return text[0] == '-';
  if (text.size() != 3 || text[0] != '\xE2' || text[1] != '\x80') return false;
  const char last = text[2];
  return last == '\x93' || last == '\x94' || last == '\x90' || last == '\x91';
}

bool IsMinus(std::string_view text) { return text == "-" || text == "\u2212"; }

// "a 500-pound bomb": "pound" joined by a hyphen is always mass.
const Suffix kPoundsOfMass{Suffix::kUnit, "lb", v1::DIMENSION_MASS};

// One extraction pass over a field.
class Extractor {
 public:
  Extractor(const FieldAnalysis& field, std::string_view language, std::vector<FigureMatch>* out)
      : field_(field),
        tokens_(field.tokens),
        style_(DecimalStyleFor(language)),
        english_(language.empty() || language == "en"),
        out_(out),
        t_(GetTables()) {}

  void Run() {
    const size_t first = out_->size();
    RunTokens();
    JoinBounds(first);
  }

 private:
  void RunTokens() {
    size_t i = 0;
    while ((i = NextCandidate(i)) < tokens_.size()) {
      const Token& t = tokens_[i];
      if (t.kind == TokenKind::kWord && t.Has(Token::kHasDigit)) {
        // "G20", "COVID-19", "F-16", "km2": names and codes, never a figure;
        // the age compound "34-year-old" is split by the tokenizer.
        if (std::optional<size_t> next = TryGluedCurrencyCode(i)) {
          i = *next;  // "RM100", "Rs500 crore"
          continue;
        }
        ++i;
        continue;
      }
      if (t.kind == TokenKind::kWord) {
        if (std::optional<size_t> next = TryWordAge(i)) {
          i = *next;
          continue;
        }
        if (std::optional<size_t> next = TryDigitWordSequence(i)) {
          i = *next;
          continue;
        }
        if (std::optional<size_t> next = TryScaleMention(i)) {
          i = *next;
          continue;
        }
        if (t_.relative_words.ContainsLowered(field_.text, t.begin, t.size())) {
          if (std::optional<size_t> next = TryRelativeOrdinal(i)) {
            i = *next;
            continue;
          }
          if (std::optional<size_t> next = TryPercentMention(i)) {
            i = *next;
            continue;
          }
        }
        // A word starts a figure only as a number word (ParseNumberAt) or
        // "half" (QualifiedHalf, and a number word too): most words end
        // here, after one probe.
        if (!NumberWordHead(i)) {
          ++i;
          continue;
        }
        // "and", "a man": TryFigure would find nothing, and only reset the
        // period flag.
        if (!MayStartNumberWordAt(field_, i)) {
          trim_period_ = false;
          ++i;
          continue;
        }
      }
      if (t.kind == TokenKind::kSymbol && Text(i) == "%") {
        if (std::optional<size_t> next = TryPercentMention(i)) {
          i = *next;
          continue;
        }
      }
      i = TryFigure(i);
    }
  }

  // The first token from `i` on that a rule below may act on (the token
  // count if none): a number; a word with a digit or a hyphen, or one that
  // passes word_rule_filter; "%"; a symbol that may be a vulgar fraction
  // ("½": the only symbol TryFigure reads, and all of them start with 0xC2
  // or 0xE2). Most tokens of running text are passed over here, by a test
  // of their kind and a filter probe, with the token array and the filter
  // in registers.
  [[gnu::always_inline]] size_t NextCandidate(size_t i) const {
    const Token* tokens = tokens_.data();
    const size_t n = tokens_.size();
    const char* text = field_.text.data();
    const WordPairFilter& filter = t_.word_rule_filter;
    for (; i < n; ++i) {
      const Token& t = tokens[i];
      if (t.kind == TokenKind::kWord) {
        if ((t.flags & (Token::kHasDigit | Token::kHasHyphen)) != 0 ||
            filter.MayContain(text + t.begin, t.size())) {
          return i;
        }
      } else if (t.kind == TokenKind::kNumber) {
        return i;
      } else if (t.kind == TokenKind::kSymbol) {
        const char first = text[t.begin];
        if (first == '%' || first == '\xC2' || first == '\xE2') return i;
      }
    }
    return n;
  }

  // Inline and without substr's range check (a token lies inside its
  // field): it runs several times for every word.
  [[gnu::always_inline]] std::string_view Text(size_t j) const {
    const Token& t = tokens_[j];
    return std::string_view(field_.text.data() + t.begin, t.end - t.begin);
  }
  // Whether the head of word token `j` (all of it, or the part before its
  // first '-') is one of NumberWords(): the test ParseNumberAt starts with.
  bool NumberWordHead(size_t j) const {
    const Token& t = tokens_[j];
    if (t.size() > kMaxWordLength) return false;
    size_t head = t.size();
    if (t.Has(Token::kHasHyphen)) head = std::min(Text(j).find('-'), head);
    return t_.number_words.ContainsLowered(field_.text, t.begin, head);
  }
  // True when token `j` starts the field or a line (`j` may be the end).
  bool LineBreakBefore(size_t j) const {
    if (j == 0 || j >= tokens_.size()) return true;
    return pipeline::HasNewline(field_.text, tokens_[j - 1].end, tokens_[j].begin);
  }
  bool Glued(size_t j) const { return j < tokens_.size() && !tokens_[j].Has(Token::kSpaceBefore); }
  // Inline: most of its many calls fail on the length, before any byte.
  [[gnu::always_inline]] bool LowerIs(size_t j, std::string_view lower) const {
    return j < tokens_.size() && tokens_[j].size() == lower.size() && EqualsLower(Text(j), lower);
  }

  // "six-mile", "three-foot" (one word token): a number word and a unit.
  std::optional<size_t> TryWordUnit(size_t i) {
    const size_t hyphen = lower_.rfind('-');
    if (hyphen == std::string::npos || hyphen == 0) return std::nullopt;
    const Suffix* unit = t_.suffixes.FindSingle(std::string_view(lower_).substr(hyphen + 1));
    if (unit == nullptr || (unit->type != Suffix::kUnit && unit->type != Suffix::kPounds)) {
      return std::nullopt;
    }
    std::optional<double> value = ParseNumberWord(std::string_view(lower_).substr(0, hyphen));
    if (!value.has_value()) return std::nullopt;
    FigureMatch m;
    m.kind = v1::FIGURE_KIND_QUANTITY;
    m.begin = tokens_[i].begin;
    m.end = tokens_[i].end;
    m.value = *value;
    m.unit = unit->type == Suffix::kPounds ? "lb" : std::string(unit->code);
    m.dimension = unit->type == Suffix::kPounds ? v1::DIMENSION_MASS : unit->dimension;
    out_->push_back(std::move(m));
    return i + 1;
  }

  // "thirty-four-year-old" (one word token).
  std::optional<size_t> TryWordAge(size_t i) {
    const std::string_view text = Text(i);
    if (!tokens_[i].Has(Token::kHasHyphen) || text.size() > kMaxWordLength + 12) {
      return std::nullopt;
    }
    AsciiLower(text, &lower_);
    // "thirty-four-year-old", "three-month-old", "ten-day-old".
    const size_t tail = lower_.ends_with("-olds") ? 5 : lower_.ends_with("-old") ? 4 : 0;
    const size_t dash = lower_.size() - tail;
    const size_t old_at = tail != 0 && dash > 1 ? lower_.rfind('-', dash - 1) : 0;
    if (old_at != 0 && old_at != std::string::npos) {
      const std::optional<double> years =
          AgeUnitYears(std::string_view(lower_).substr(old_at + 1, dash - old_at - 1));
      if (years.has_value()) {
        std::optional<double> value = ParseNumberWord(std::string_view(lower_).substr(0, old_at));
        if (!value.has_value()) return std::nullopt;
        FigureMatch m;
        m.kind = v1::FIGURE_KIND_AGE;
        m.begin = tokens_[i].begin;
        m.end = tokens_[i].end;
        m.value = *value * *years;
        out_->push_back(std::move(m));
        return i + 1;
      }
    }
    return TryWordUnit(i);
  }

  // Three or more digit words joined by hyphens, read out one digit at a
  // time ("three-nought-four", "two-one-two"): each digit is a CARDINAL of
  // its own, as the digits of a code or score would be if written in
  // figures. Two words are a compound ("twenty-one") or a score
  // ("three-nil"), and are left to the other rules.
  std::optional<size_t> TryDigitWordSequence(size_t i) {
    const Token& t = tokens_[i];
    if (!english_ || !t.Has(Token::kHasHyphen) || t.size() < 11 || t.size() > 64) {
      return std::nullopt;
    }
    AsciiLower(Text(i), &lower_);
    std::vector<std::pair<uint32_t, int>> parts;  // offset in the token, digit
    size_t at = 0;
    while (at <= lower_.size()) {
      size_t dash = lower_.find('-', at);
      if (dash == std::string::npos) dash = lower_.size();
      const std::string_view part = std::string_view(lower_).substr(at, dash - at);
      const std::optional<int> digit = DigitWordValue(part);
      if (!digit.has_value()) return std::nullopt;
      parts.emplace_back(static_cast<uint32_t>(at), *digit);
      at = dash + 1;
    }
    if (parts.size() < 3) return std::nullopt;
    for (size_t k = 0; k < parts.size(); ++k) {
      const uint32_t part_end = k + 1 < parts.size() ? parts[k + 1].first - 1
                                                     : static_cast<uint32_t>(lower_.size());
      FigureMatch m;
      m.kind = v1::FIGURE_KIND_CARDINAL;
      m.begin = t.begin + parts[k].first;
      m.end = t.begin + part_end;
      m.value = parts[k].second;
      out_->push_back(std::move(m));
    }
    return i + 1;
  }

  // Currency written before token `i` (a symbol, "US$", a code), with the
  // first token of the prefix in *start.
  std::string_view PrefixCurrency(size_t i, size_t* start) {
    prefix_scale_ = 1;
    if (i == 0) return {};
    const size_t j = i - 1;
    const std::string_view text = Text(j);
    // "Rs. 3,500", "Rs.500": the tokenizer splits the abbreviation's period off.
    if (text == "." && j > 0 && Glued(j) && Text(j - 1) == "Rs" &&
        (j < 2 || !Glued(j - 1))) {
      *start = j - 1;
      return "INR";
    }
    if (!t_.prefix_currency_filter.MayContain(text)) return {};
    auto it = t_.prefix_currency.find(text);
    if (it == t_.prefix_currency.end()) return ScaledCodeBefore(i, start);
    // A code or "Rs" must be a separate word; a symbol may be spaced.
    if (IsWord(tokens_[j]) && j > 0 && Glued(j) && tokens_[j - 1].kind == TokenKind::kWord) {
      return {};
    }
    *start = j;
    if (text == "$" && j > 0 && tokens_[j - 1].kind == TokenKind::kWord &&
        tokens_[j - 1].size() <= 4) {
      // "US$", "C$", "HK$"; spaced ("HK $") only for two or more letters,
      // so that "a $5 bill" stays USD.
      std::string upper(Text(j - 1));
      for (char& c : upper) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
      auto d = t_.dollar_prefix.find(upper);
      // A spaced single letter only for "C" ("c $ 300 million"): "A" is the
      // article.
      if (d != t_.dollar_prefix.end() && (Glued(j) || upper.size() >= 2 || upper == "C") &&
          (Glued(j) || upper != "CAN")) {
        *start = j - 1;
        return d->second;
      }
    }
    return it->second;
  }

  // A qualifier phrase ending right before token `start`; sets *begin.
  v1::Qualifier QualifierBefore(size_t start, size_t* begin) {
    if (start == 0 || !t_.qualifiers.MayEndAt(field_, start - 1)) return v1::QUALIFIER_UNSPECIFIED;
    for (size_t back = 5; back >= 1; --back) {
      if (start < back) continue;
      size_t end = 0;
      const v1::Qualifier* q = t_.qualifiers.Match(field_, start - back, &end);
      // "<>30", "=>30", "Japan Air Lines <JAPN.Y> 747": a comparison sign
      // glued to the token before it is no bound.
      if (q != nullptr && tokens_[start - back].kind == TokenKind::kSymbol && start - back > 0 &&
          Glued(start - back)) {
        q = nullptr;
      }
      if (q != nullptr && end == start) {
        *begin = start - back;
        return *q;
      }
    }
    return v1::QUALIFIER_UNSPECIFIED;
  }

  // True when the number at `i` is a label, part of a name or code, or an
  // id, so that it must not be reported. `parsed` is its reading.
  bool IsTrap(size_t i, const ParsedNumber& parsed, bool has_currency) {
    const Token& t = tokens_[i];
    if (parsed.leading_zero) return true;
    // Seven or more bare digits are an id, unless a minus sign is glued
    // before them ("-123456789": ids and phone numbers carry no sign).
    if (parsed.bare_digits && parsed.digit_count >= 7 && !has_currency &&
        !(i > 0 && Glued(i) && IsMinus(Text(i - 1)) && (i == 1 || !Glued(i - 1)))) {
      return true;
    }
    if (i > 0 && !has_currency) {
      const size_t p = i - 1;
      const Token& prev = tokens_[p];
      const std::string_view prev_text = Text(p);
      if (prev.kind == TokenKind::kWord || prev_text == "#") {
        // Probed in place: a word too long for the tables is in none of them.
        auto in = [&](const ShortWordSet& set) {
          return set.ContainsLowered(field_.text, prev.begin, prev.size());
        };
        if (in(t_.labels)) return true;
        if (in(t_.calendar_words)) return true;
        // A name before the number: "Boeing 737", "Windows 11", "iPhone 15".
        const bool capitalized = prev.Has(Token::kInitialCap) || HasUpper(prev_text);
        if (capitalized && !in(t_.function_words) && !field_.title_case &&
            !prev.Has(Token::kSentenceStart) && prev.kind == TokenKind::kWord) {
          return true;
        }
      }
      // "+1 202 ...", "#1".
      // A "+" is a sign only before a decimal or a percentage ("+0.5%",
      // "+2.75"); before a plain integer it starts a phone number.
      if (prev_text == "+" && Glued(i) && !ExplicitPlusSign(i, parsed)) return true;
      if (prev_text == "#" && Glued(i)) return true;
    }
    // Digits glued after a dotted code: "PM2.5", "v2.1" split by the
    // tokenizer as "PM2" "." "5".
    if (i >= 2 && Glued(i) && (Text(i - 1) == "." || Text(i - 1) == ",") && Glued(i - 1) &&
        tokens_[i - 2].kind == TokenKind::kWord && tokens_[i - 2].Has(Token::kHasDigit)) {
      return true;
    }
    // A number joined by a hyphen to a capitalized word is a name: "7-Eleven"
    // (not in Title Case headlines, where "5-Mile" is a unit).
    if (!parsed.words && parsed.token_end + 1 < tokens_.size() && !field_.title_case &&
        IsHyphen(Text(parsed.token_end)) && Glued(parsed.token_end) &&
        Glued(parsed.token_end + 1) && IsWord(tokens_[parsed.token_end + 1]) &&
        tokens_[parsed.token_end + 1].Has(Token::kInitialCap)) {
      size_t end = 0;
      const std::string_view word = Text(parsed.token_end + 1);
      const bool unit = t_.suffixes.Match(field_, parsed.token_end + 1, &end) != nullptr ||
                        StartsWithLower(word, "year-") || StartsWithLower(word, "years-");
      if (!unit) return true;
    }
    // Capitalized number words inside running text: "Formula One".
    if (parsed.words && t.Has(Token::kInitialCap) && !t.Has(Token::kSentenceStart) &&
        !field_.title_case) {
      return true;
    }
    // Digits glued to letters that are neither a magnitude nor a unit:
    // "5G", "3D", "1990s".
    const size_t after = parsed.token_end;
    if (!parsed.words && after < tokens_.size() && Glued(after) && IsWord(tokens_[after])) {
      if (ScaleLetterWithPeriod(after, /*glued=*/true) != nullptr) return false;  // "40C."
      size_t end = 0;
      const Suffix* s = t_.suffixes.Match(field_, after, &end);
      if (s == nullptr || (s->type != Suffix::kUnit && s->type != Suffix::kCurrency &&
                           s->type != Suffix::kPercent && s->type != Suffix::kCents)) {
        return true;
      }
      if (LowerIs(after, "s") || (LowerIs(after, "c") && !IsTemperatureLetter(after))) return true;
      if (LowerIs(after, "p") && IsVideoResolution(parsed.value)) return true;  // "1080p"
    }
    return false;
  }

  // "45C": an uppercase C glued to a number is degrees Celsius ("F" is in
  // the unit table only after "°"; a glued "F" stays a trap, as in "F1"),
  // but not before a glued slash ("14.7C/", a cents sign).
  bool IsTemperatureLetter(size_t j) const {
    return j < tokens_.size() && Glued(j) && Text(j) == "C" && j > 0 &&
           tokens_[j - 1].kind == TokenKind::kNumber &&
           !(j + 1 < tokens_.size() && Glued(j + 1) && Text(j + 1) == "/");
  }

  // Chains of three or more numbers joined by hyphens, dots or spaces
  // ("202-555-0123", "978-0-306-40615-7", "7946 0958"): ids and phone
  // numbers. Returns the token after the chain, or 0 if `i` starts none.
  size_t SkipChain(size_t i) {
    size_t j = i;
    size_t numbers = 1;
    bool spaced_pair = false;
    while (j + 1 < tokens_.size()) {
      if (j + 2 < tokens_.size() && Glued(j + 1) && Glued(j + 2) &&
          (IsHyphen(Text(j + 1)) || Text(j + 1) == ".") &&
          tokens_[j + 2].kind == TokenKind::kNumber) {
        j += 2;
        ++numbers;
        continue;
      }
      if (tokens_[j + 1].kind == TokenKind::kNumber && !Glued(j + 1) &&
          tokens_[j].kind == TokenKind::kNumber) {
        // Two bare integers in a row ("7946 0958") read as one code.
        const std::string_view a = Text(j);
        const std::string_view b = Text(j + 1);
        auto plain = [](std::string_view s) {
          for (char c : s) {
            if (c < '0' || c > '9') return false;
          }
          return true;
        };
        // Not digit grouping ("40 000"), which ParseNumberAt reads.
        const bool grouping = a.size() <= 3 && b.size() == 3;
        if (plain(a) && plain(b) && b.size() >= 3 && a.size() >= 2 && !grouping) {
          j += 1;
          ++numbers;
          spaced_pair = true;
          continue;
        }
      }
      break;
    }
    if (numbers >= 3 || spaced_pair) return j + 1;
    return 0;
  }

  // ---- Number reading: fractions, ranges and qualifiers (numbers helper) ----

  // Number tokens from `j` on, spaced or joined by "-", "/", "." (the rest
  // of a phone number); returns the token after them.
  size_t SkipNumberGroups(size_t j) const {
    while (j < tokens_.size()) {
      if (tokens_[j].kind == TokenKind::kNumber) {
        ++j;
      } else if (j + 1 < tokens_.size() && Glued(j) && Glued(j + 1) &&
                 tokens_[j + 1].kind == TokenKind::kNumber &&
                 (IsHyphen(Text(j)) || Text(j) == "/" || Text(j) == ".")) {
        j += 2;
      } else {
        break;
      }
    }
    return j;
  }

  // The second end of a range whose first end at [.., j) carries `suffix`:
  // a joiner ("-", "to", "~", "and" after "between") and a number with the
  // same suffix. Returns the second value and the token after its suffix.
  std::optional<std::pair<double, size_t>> RepeatedSuffixRange(size_t j, const ParsedNumber& first,
                                                               const Suffix& suffix, double low,
                                                               bool between, bool from,
                                                               size_t start) {
    if (j + 1 >= tokens_.size()) return std::nullopt;
    const std::string_view joiner = Text(j);
    const bool hyphen = IsHyphen(joiner) || joiner == "~";
    const bool to = EqualsLower(joiner, "to");
    if (!hyphen && !to && !(between && EqualsLower(joiner, "and"))) return std::nullopt;
    if (LineBreakBefore(j) || LineBreakBefore(j + 1)) return std::nullopt;
    std::optional<ParsedNumber> second = ParseNumberAt(field_, j + 1, style_, false);
    if (!second.has_value() || second->ordinal || second->words != first.words) return std::nullopt;
    size_t end = 0;
    const Suffix* again = t_.suffixes.Match(field_, second->token_end, &end);
    if (again == nullptr || again->type != suffix.type || again->code != suffix.code) {
      return std::nullopt;
    }
    const double high = second->value;
    // Descending ends are a change ("from 15 mln dlrs to 8 mln dlrs"), and
    // after a hyphen a score.
    if (low >= high) return std::nullopt;
    // "up 0.5% to 3.2%": a change and the new level.
    if (to && !from && low > 0 && high > 4 * low && start > 0 && IsMovementWord(start - 1)) {
      return std::nullopt;
    }
    return std::make_pair(high, end);
  }

  // "a quarter of a percentage point", "a third of a percent": the percent
  // suffix after "of a" at token j, with *end after it.
  const Suffix* FractionOfAPercent(size_t j, size_t* end) {
    if (!LowerIs(j, "of") || !(LowerIs(j + 1, "a") || LowerIs(j + 1, "one"))) return nullptr;
    const Suffix* s = t_.suffixes.Match(field_, j + 2, end);
    if (s == nullptr || (s->type != Suffix::kPercent && s->type != Suffix::kPercentagePoints &&
                         s->type != Suffix::kBasisPoints)) {
      return nullptr;
    }
    return s;
  }

  // A word that reports a change ("rose", "down"): the amount after it is a
  // difference, and "to" after the amount introduces the new level.
  bool IsMovementWord(size_t j) const {
    static constexpr std::string_view kMovement[] = {
        "up",     "down",    "rose",    "fell",   "gained", "lost",   "climbed",  "dropped",
        "added",  "shed",    "slipped", "eased",  "jumped", "slid",   "advanced", "declined",
        "rises",  "falls",   "gains",   "loses",  "climbs", "drops",  "increased", "decreased"};
    if (j >= tokens_.size() || !IsWord(tokens_[j])) return false;
    const std::string_view text = Text(j);
    for (std::string_view w : kMovement) {
      if (EqualsLower(text, w)) return true;
    }
    return false;
  }

  // "+0.5%", "+2.75": a glued "+" before a number with decimals or a
  // percent sign is a sign, not the start of a phone number.
  bool ExplicitPlusSign(size_t i, const ParsedNumber& parsed) const {
    if (parsed.token_end < tokens_.size() && Text(parsed.token_end) == "%") return true;
    if (parsed.words || parsed.token_end != i + 1) return false;
    const std::string_view text = Text(i);
    return text.find('.') != std::string_view::npos && text.find(',') == std::string_view::npos;
  }

  // "more than half", "nearly half", "about half of": a lone "half" is the
  // proportion 0.5 after a qualifier ("half" alone is too often a noun:
  // "the first half", "half-time").
  // "half a percentage point", "half a percent": the article is part of
  // the number.
  std::optional<ParsedNumber> QualifiedHalf(size_t i) {
    if (!LowerIs(i, "half")) return std::nullopt;
    ParsedNumber n;
    n.value = 0.5;
    n.token_begin = i;
    n.token_end = i + 1;
    n.words = true;
    if (LowerIs(i + 1, "a")) {
      size_t end = 0;
      const Suffix* s = t_.suffixes.Match(field_, i + 2, &end);
      if (s != nullptr && (s->type == Suffix::kPercent || s->type == Suffix::kPercentagePoints ||
                           s->type == Suffix::kBasisPoints)) {
        n.token_end = i + 2;
        return n;
      }
    }
    size_t begin = i;
    if (QualifierBefore(i, &begin) == v1::QUALIFIER_UNSPECIFIED) return std::nullopt;
    return n;
  }

  // ---- A glued "m" counting millions --------------------------------------
  // "1.2m shares", "5m people", "3m barrels": a glued "m" before a noun that
  // news counts in millions is million, not metres ("the 100m final", "10m
  // waves" stay metres). `j` is the token after the "m".
  bool MillionsCounted(size_t j) {
    if (j >= tokens_.size() || !IsWord(tokens_[j]) || Glued(j) || tokens_[j].size() < 4 ||
        tokens_[j].size() > 12 || tokens_[j].Has(Token::kInitialCap)) {
      return false;
    }
    static constexpr std::array<std::string_view, 36> kCounted = {
        "barrels",   "cases",     "children",    "copies",    "customers", "doses",
        "downloads", "families",  "households",  "homes",     "jobs",      "listeners",
        "members",   "migrants",  "passengers",  "patients",  "people",    "readers",
        "refugees",  "residents", "shares",      "streams",   "students",  "subscribers",
        "tickets",   "tonnes",    "tons",        "tourists",  "units",     "users",
        "vehicles",  "viewers",   "visitors",    "voters",    "votes",     "workers"};
    AsciiLower(Text(j), &lower_);
    for (std::string_view w : kCounted) {
      if (LowerEq(w)) return true;
    }
    return false;
  }

  // ---- Rupee amounts in Indian digit grouping ------------------------------
  // "Rs 12,34,567", "₹1,50,000", "45,00,000 rupees": the lakh grouping that
  // ParseDigits refuses is read when the amount is in rupees (a prefix
  // currency `currency`, or a currency word right after it), in the
  // point-decimal style.
  std::optional<ParsedNumber> RupeeDigits(size_t i, std::string_view currency) {
    if (tokens_[i].kind != TokenKind::kNumber || style_ != DecimalStyle::kPoint) return std::nullopt;
    auto rupee = [](std::string_view code) {
      return code == "INR" || code == "PKR" || code == "NPR" || code == "LKR";
    };
    if (!rupee(currency)) {
      size_t end = 0;
      const Suffix* s = i + 1 < tokens_.size() && !Glued(i + 1)
                            ? t_.suffixes.Match(field_, i + 1, &end)
                            : nullptr;
      if (s == nullptr || s->type != Suffix::kCurrency || !rupee(s->code)) return std::nullopt;
    }
    const std::optional<double> value = ParseLakhDigits(Text(i));
    if (!value.has_value()) return std::nullopt;
    ParsedNumber n;
    n.value = *value;
    n.token_begin = i;
    n.token_end = i + 1;
    return n;
  }

  // Qualified, signed, possibly ranged, classified figure at token `i`.
  // Returns the index to continue from.
  size_t TryFigure(size_t i) {
    trim_period_ = false;
    const Token& t = tokens_[i];
    if (t.kind == TokenKind::kNumber && (i == 0 || Text(i - 1) != "$")) {
      if (size_t next = SkipChain(i); next != 0) return next;
    }
    size_t start = i;
    std::string_view currency = PrefixCurrency(i, &start);
    // "300m euros": a glued "m" before a currency word is million.
    bool money_context = !currency.empty();
    if (!money_context && i + 2 < tokens_.size() && LowerIs(i + 1, "m") && Glued(i + 1)) {
      size_t end = 0;
      const Suffix* s = t_.suffixes.Match(field_, i + 2, &end);
      money_context = s != nullptr && (s->type == Suffix::kCurrency || s->type == Suffix::kPounds);
      // "1.2m shares", "5m people": millions of a counted noun.
      if (!money_context) money_context = MillionsCounted(i + 2);
    }
    std::optional<ParsedNumber> parsed = ParseNumberAt(field_, i, style_, money_context);
    if (!parsed.has_value()) parsed = RupeeDigits(i, currency);
    if (!parsed.has_value()) parsed = QualifiedHalf(i);
    if (!parsed.has_value()) return i + 1;
    if (IsTrap(i, *parsed, !currency.empty())) {
      // A phone number after "+": its other groups are no figures either
      // ("+33 1 4020 5050").
      if (i > 0 && Text(i - 1) == "+" && Glued(i)) return SkipNumberGroups(parsed->token_end);
      return parsed->token_end;
    }

    FigureMatch m;
    size_t end = parsed->token_end;
    double value = parsed->value;

    // Sign: "-5" (a hyphen or minus glued to the number, spaced before),
    // "−5", "minus 5".
    if (currency.empty() && start > 0 && Glued(start) && IsMinus(Text(start - 1)) &&
        (start - 1 == 0 || !Glued(start - 1))) {
      value = -value;
      --start;
    } else if (currency.empty() && start > 0 && IsMinus(Text(start - 1)) &&
               LineBreakBefore(start - 1) && LineBreakBefore(end)) {
      // "- 1 4/5" alone on its line: a signed number, spaced. A bullet
      // ("- 10 soldiers were hurt") goes on after its number.
      value = -value;
      --start;
    } else if (start > 0 && (LowerIs(start - 1, "minus") || LowerIs(start - 1, "negative"))) {
      value = -value;
      --start;
    } else if (currency.empty() && start > 0 && Glued(start) && Text(start - 1) == "+" &&
               (start - 1 == 0 || !Glued(start - 1))) {
      --start;  // "+0.5%": IsTrap let only a decimal or a percentage through
    }

    if (parsed->ordinal) {
      // "second" is a unit of time after "a", "per", "one", "every", "split".
      if (parsed->words && LowerIs(i, "second") && i > 0) {
        for (std::string_view w : {"a", "per", "one", "every", "split", "each"}) {
          if (LowerIs(i - 1, w)) return end;
        }
      }
      m.kind = v1::FIGURE_KIND_ORDINAL;
      m.value = value;
      Emit(std::move(m), start, end);
      return end;
    }

    // Qualifier and range openers before the figure.
    size_t qualifier_begin = start;
    v1::Qualifier qualifier = QualifierBefore(start, &qualifier_begin);
    // "thirty-odd", "40-plus", "40+": a loose bound written after it.
    if (qualifier == v1::QUALIFIER_UNSPECIFIED) {
      if (parsed->bound == ParsedNumber::Bound::kApproximately) {
        qualifier = v1::QUALIFIER_APPROXIMATELY;
      } else if (parsed->bound == ParsedNumber::Bound::kAtLeast) {
        qualifier = v1::QUALIFIER_AT_LEAST;
      }
    }
    const bool between = start > 0 && LowerIs(start - 1, "between");
    const bool from = start > 0 && LowerIs(start - 1, "from");

    // A range: "10-20", "10 to 20", "between 10 and 20", "$10-$20".
    std::optional<double> high;
    size_t range_end = end;
    if (end + 1 < tokens_.size()) {
      const std::string_view joiner = Text(end);
      const bool hyphen = IsHyphen(joiner) || joiner == "~";  // "20~100"
      const bool to = EqualsLower(joiner, "to");
      const bool and_word = between && EqualsLower(joiner, "and");
      // A range does not run across a line break ("- 2 1/4\n- 12 held").
      if ((hyphen || to || and_word) && !LineBreakBefore(end) && !LineBreakBefore(end + 1)) {
        size_t k = end + 1;
        if (!currency.empty() && k < tokens_.size() && t_.prefix_currency.contains(Text(k))) {
          ++k;  // "$10-$20"
        }
        std::optional<ParsedNumber> second = ParseNumberAt(field_, k, style_, money_context);
        if (second.has_value() && !second->ordinal && second->words == parsed->words) {
          double low = value;
          double hi = second->value;
          if (second->magnitude && !parsed->magnitude) {
            // "$10-20 billion", "between 3 and 4 million": the magnitude
            // of the second end applies to the first.
            low = value * MagnitudeScale(*second);
          }
          if (hyphen && low > hi && !between) {
            return second->token_end;  // a score: "won 3-1"
          }
          if (parsed->bare_digits && second->bare_digits && hyphen && parsed->digit_count == 4 &&
              second->digit_count >= 2 && value >= 1000 && value <= 2100 &&
              (second->digit_count == 2 || (hi >= 1000 && hi <= 2100))) {
            return second->token_end;  // years: "2019-2020", "2019-20"
          }
          // "shares rose 1-1/4 to 57-1/2", "reserves fell 200 mln to 11.9
          // billion": after a movement word, "to" gives the new level, not
          // the end of a range, when the two are far apart.
          // A descending "from 15 to 8" is a change too.
          const bool change_then_level =
              (to && low > hi) ||
              (to && !from && low > 0 && hi > 4 * low && start > 0 && IsMovementWord(start - 1));
          if (!change_then_level) {
            value = low;
            high = hi;
            range_end = second->token_end;
          }
        }
      }
    }
    if (high.has_value()) end = range_end;

    // What follows: percent, money, unit, age; time units belong to dates.
    size_t suffix_end = end;
    const Suffix* suffix = t_.suffixes.Match(field_, end, &suffix_end);
    if (suffix == nullptr && parsed->words && value < 1 && !high.has_value()) {
      suffix = FractionOfAPercent(end, &suffix_end);  // "a quarter of a percentage point"
    }
    const bool suffix_glued = end < tokens_.size() && Glued(end);
    if (suffix != nullptr && suffix->type == Suffix::kUnit && LowerIs(end, "c") &&
        !IsTemperatureLetter(end)) {
      suffix = nullptr;  // a bare letter C
    }
    if (suffix != nullptr && suffix->type == Suffix::kUnit && LowerIs(end, "m") && money_context) {
      suffix = nullptr;
    }
    if (suffix != nullptr && suffix->type == Suffix::kUnit && !suffix_glued &&
        (LowerIs(end, "m") || LowerIs(end, "mi") || LowerIs(end, "ha") || LowerIs(end, "nm") ||
         LowerIs(end, "hp") || LowerIs(end, "ft")) &&
        tokens_[end].Has(Token::kInitialCap)) {
      suffix = nullptr;  // "5 M", "3 Ha": letters of something else
    }
    // "68-ounce", "a 10-mile stretch": a unit joined by a hyphen.
    if (suffix == nullptr && end + 1 < tokens_.size() && IsHyphen(Text(end)) && Glued(end) &&
        Glued(end + 1) && IsWord(tokens_[end + 1])) {
      const Suffix* joined = t_.suffixes.Match(field_, end + 1, &suffix_end);
      if (joined != nullptr && (joined->type == Suffix::kUnit || joined->type == Suffix::kPounds)) {
        suffix = joined->type == Suffix::kUnit ? joined : &kPoundsOfMass;
      } else if (joined != nullptr &&
                 (joined->type == Suffix::kCurrency || joined->type == Suffix::kCents)) {
        suffix = joined;  // "a 10-dollar bill", "a 50-cent rise"
      }
    }
    // "°" "C": the degree sign starts the unit.
    if (suffix == nullptr && end < tokens_.size() && Text(end) == "\u00b0") {
      suffix = t_.suffixes.Match(field_, end, &suffix_end);
    }
    suffix = FilterMeasureSuffix(suffix, *parsed, end, &suffix_end);
    if (suffix == nullptr) suffix = MarkedUnit(start, end, &suffix_end);

    // "aged 34", "a man of age 87"; "the age of 34" below.
    bool aged = start > 0 && (LowerIs(start - 1, "aged") || LowerIs(start - 1, "age"));
    double age_years = 1;  // years per unit of the age
    // "34-year-old", "28 - year - old", "5-year old", "45 yrs old".
    double age_fraction = 0;  // "2-and-a-half-year-old"
    if (size_t age_end = 0;
        std::optional<double> years = AgeSuffixAt(end, &age_end, &age_fraction)) {
      aged = true;
      age_years = *years;
      value += age_fraction;
      suffix = nullptr;
      suffix_end = age_end;
    }
    // "aged 11 months", "aged 3 weeks": an age in that unit, not a duration
    // ("she has aged 10 years" is the verb).
    if (suffix != nullptr && suffix->type == Suffix::kTimeUnit && aged && start > 0 &&
        LowerIs(start - 1, "aged") && suffix_end == end + 1 &&
        !(start > 1 && (LowerIs(start - 2, "has") || LowerIs(start - 2, "have") ||
                        LowerIs(start - 2, "had") || LowerIs(start - 2, "having")))) {
      AsciiLower(Text(end), &lower_);
      if (std::optional<double> years = AgeUnitYears(lower_)) {
        age_years = *years;
        suffix = nullptr;
      }
    }
    if (suffix != nullptr && suffix->type == Suffix::kTimeUnit) {
      return suffix_end;  // left to dates.h
    }
    if (suffix != nullptr && suffix->type == Suffix::kYearsOld) {
      aged = true;
      age_years = suffix->scale;
    }
    // "at the age of 20".
    const bool age_of = start > 1 && LowerIs(start - 1, "of") && LowerIs(start - 2, "age");
    if (age_of && suffix == nullptr) aged = true;
    // A range of ages: "between 5 and 10 years old", "aged 18 to 30".
    size_t age_first = start;
    if (high.has_value() && (between || from)) {
      age_first = start - 1;
      if (age_first > 0 && LowerIs(age_first - 1, "aged")) aged = true;
    }
    if (aged && currency.empty()) {
      m.kind = v1::FIGURE_KIND_AGE;
      if (high.has_value()) {
        m.low = value * age_years;
        m.high = *high * age_years;
      } else {
        m.value = value * age_years;
      }
      if (suffix_end == end && age_first > 0 &&
          (LowerIs(age_first - 1, "aged") || LowerIs(age_first - 1, "age"))) {
        --age_first;
      } else if (suffix_end == end && age_of) {
        age_first -= 2;
      }
      Emit(std::move(m), std::min(age_first, qualifier_begin), std::max(end, suffix_end),
           qualifier);
      return std::max(end, suffix_end);
    }

    if (suffix != nullptr && suffix->type == Suffix::kPounds) {
      const bool sterling = LowerIs(suffix_end, "sterling");
      if (sterling || parsed->magnitude || !currency.empty() ||
          (!LowerIs(suffix_end, "of") && PoundsContext(start, suffix_end) == kMoneyContext)) {
        m.kind = v1::FIGURE_KIND_MONEY;
        m.currency = "GBP";
        if (sterling) ++suffix_end;
      } else {
        m.kind = v1::FIGURE_KIND_QUANTITY;
        m.unit = "lb";
        m.dimension = v1::DIMENSION_MASS;
      }
      end = suffix_end;
    } else if (!currency.empty()) {
      m.kind = v1::FIGURE_KIND_MONEY;
      m.currency = std::string(currency);
      // "$5 million dollars", "R$ 5 reais": a repeated currency word joins.
      if (suffix != nullptr && suffix->type == Suffix::kCurrency) end = suffix_end;
    } else if (suffix != nullptr) {
      switch (suffix->type) {
        case Suffix::kPercent:
          m.kind = v1::FIGURE_KIND_PERCENT;
          break;
        case Suffix::kPercentagePoints:
          m.kind = v1::FIGURE_KIND_PERCENTAGE_POINTS;
          break;
        case Suffix::kBasisPoints:
          // In percentage points: "25 basis points" is 0.25.
          m.kind = v1::FIGURE_KIND_PERCENTAGE_POINTS;
          value /= 100;
          if (high.has_value()) *high /= 100;
          break;
        case Suffix::kCurrency:
          m.kind = v1::FIGURE_KIND_MONEY;
          m.currency = std::string(suffix->code);
          break;
        case Suffix::kCents:
          // Money in the currency's units: "34 cents" is 0.34 USD.
          m.kind = v1::FIGURE_KIND_MONEY;
          m.currency = std::string(suffix->code);
          value /= 100;
          if (high.has_value()) *high /= 100;
          break;
        case Suffix::kUnit:
          m.kind = v1::FIGURE_KIND_QUANTITY;
          m.unit = std::string(suffix->code);
          m.dimension = suffix->dimension;
          break;
        default:
          break;
      }
      if (m.kind != v1::FIGURE_KIND_UNSPECIFIED) end = suffix_end;
    }
    if (m.kind == v1::FIGURE_KIND_UNSPECIFIED) m.kind = v1::FIGURE_KIND_CARDINAL;
    ExtendMeasure(m, *parsed, suffix, !currency.empty(), &value, &high, &start, i, &end);
    // "5%-10%", "between 5% and 10%", "from 3 km to 4 km": the unit on both
    // ends of a range.
    if (!high.has_value() && suffix != nullptr && currency.empty() &&
        (suffix->type == Suffix::kPercent || suffix->type == Suffix::kPercentagePoints ||
         suffix->type == Suffix::kUnit || suffix->type == Suffix::kCurrency) &&
        m.kind != v1::FIGURE_KIND_CARDINAL) {
      if (std::optional<std::pair<double, size_t>> second =
              RepeatedSuffixRange(end, *parsed, *suffix, value, between, from, start)) {
        high = second->first;
        end = second->second;
      }
    }

    // "50 or more", "10% or less": a bound after the number.
    v1::Qualifier trailing = v1::QUALIFIER_UNSPECIFIED;
    if (!high.has_value() && qualifier == v1::QUALIFIER_UNSPECIFIED) {
      trailing = TrailingBound(end);
      if (trailing != v1::QUALIFIER_UNSPECIFIED) end += 2;
    }

    // Counted noun: for counts, the noun phrase after the number; for
    // quantities written with a unit word, the unit and an "of" phrase
    // ("barrels of oil").
    if (m.kind == v1::FIGURE_KIND_CARDINAL) {
      NounAfter(end, &m);
      const bool year_shaped = parsed->bare_digits && parsed->digit_count == 4 &&
                               parsed->value >= 1900 && parsed->value <= 2100 && !high;
      if (year_shaped) {
        const bool date_word = start > 0 && InSet(t_.date_words, Text(start - 1), &lower_);
        if (!m.has_noun() || date_word) return end;
      }
      // A lone "one" is a pronoun ("one of the"), not a count.
      if (parsed->words && !high && value == 1 && !m.has_noun() &&
          qualifier == v1::QUALIFIER_UNSPECIFIED) {
        return end;
      }
      // "came to naught", "all for nought": the idiom, not a zero.
      if (parsed->words && parsed->token_end == i + 1 && value == 0 && start > 0 &&
          (LowerIs(i, "naught") || LowerIs(i, "nought")) &&
          (LowerIs(start - 1, "to") || LowerIs(start - 1, "for"))) {
        return end;
      }
    } else if (m.kind == v1::FIGURE_KIND_QUANTITY && LowerIs(end, "of")) {
      FigureMatch object;
      NounAfter(end + 1, &object);
      if (object.has_noun()) {
        // A written unit ("barrels") heads the noun; a symbol ("km") does not.
        const size_t unit_begin = high.has_value() ? range_end : parsed->token_end;
        const bool word_unit =
            unit_begin < end && IsWord(tokens_[unit_begin]) && tokens_[unit_begin].size() >= 3;
        m.noun_begin = word_unit ? tokens_[unit_begin].begin : object.noun_begin;
        m.noun_end = object.noun_end;
      }
    }

    // Qualifiers and range openers belong to the span.
    size_t span_begin = start;
    if (between || from) {
      if (high.has_value()) span_begin = start - 1;
    }
    if (qualifier != v1::QUALIFIER_UNSPECIFIED) span_begin = std::min(span_begin, qualifier_begin);
    const v1::Qualifier applied = trailing != v1::QUALIFIER_UNSPECIFIED ? trailing : qualifier;
    if (high.has_value()) {
      m.low = value;
      m.high = *high;
    } else if (qualifier == v1::QUALIFIER_UP_TO) {
      m.high = value;
    } else {
      m.value = value;
    }
    Emit(std::move(m), span_begin, end, applied);
    return end;
  }

  // "or more", "or greater", "or above" (AT_LEAST) and "or less", "or
  // fewer", "or below" (AT_MOST) at token j.
  v1::Qualifier TrailingBound(size_t j) const {
    if (j + 1 >= tokens_.size() || !LowerIs(j, "or")) return v1::QUALIFIER_UNSPECIFIED;
    // "200 or greater than 190": the comparison belongs to the next number.
    if (LowerIs(j + 2, "than") || LowerIs(j + 2, "to")) return v1::QUALIFIER_UNSPECIFIED;
    for (std::string_view w : {"more", "greater", "above", "higher", "over"}) {
      if (LowerIs(j + 1, w)) return v1::QUALIFIER_AT_LEAST;
    }
    for (std::string_view w : {"less", "fewer", "below", "lower", "under"}) {
      if (LowerIs(j + 1, w)) return v1::QUALIFIER_AT_MOST;
    }
    return v1::QUALIFIER_UNSPECIFIED;
  }

  // A lower and an upper bound joined by "and", "but" or a comma make one
  // range: "more than 10 and less than 20", "at most 100 and at least 20",
  // "no less than 5, no more than 9". Runs over the figures this pass
  // appended from `first` on.
  void JoinBounds(size_t first) {
    std::vector<FigureMatch>& v = *out_;
    size_t w = first;
    for (size_t r = first; r < v.size(); ++r) {
      if (w > first && JoinBoundPair(&v[w - 1], v[r])) continue;
      if (w != r) v[w] = std::move(v[r]);
      ++w;
    }
    v.erase(v.begin() + static_cast<std::ptrdiff_t>(w), v.end());
  }

  static bool IsLowerBound(v1::Qualifier q) {
    return q == v1::QUALIFIER_MORE_THAN || q == v1::QUALIFIER_AT_LEAST;
  }
  static bool IsUpperBound(v1::Qualifier q) {
    return q == v1::QUALIFIER_LESS_THAN || q == v1::QUALIFIER_AT_MOST || q == v1::QUALIFIER_UP_TO;
  }

  // Joins `b` into `a` when they are opposite bounds of one range.
  bool JoinBoundPair(FigureMatch* a, const FigureMatch& b) const {
    if (a->kind != b.kind || a->unit != b.unit || a->currency != b.currency || a->low || b.low ||
        a->end >= b.begin) {
      return false;
    }
    const bool a_lower = IsLowerBound(a->qualifier);
    const bool b_lower = IsLowerBound(b.qualifier);
    if (!(a_lower ? IsUpperBound(b.qualifier) : IsUpperBound(a->qualifier) && b_lower)) {
      return false;
    }
    const std::optional<double> av = a->value ? a->value : a->high;
    const std::optional<double> bv = b.value ? b.value : b.high;
    if (!av || !bv) return false;
    // Only "and", "but" or a comma (with spaces) between them.
    std::string_view gap = field_.text.substr(a->end, b.begin - a->end);
    auto trim = [](std::string_view t) {
      while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
      while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
      return t;
    };
    gap = trim(gap);
    if (!gap.empty() && gap.front() == ',') gap = trim(gap.substr(1));
    if (!gap.empty() && !EqualsLower(gap, "and") && !EqualsLower(gap, "but")) return false;
    const double low = a_lower ? *av : *bv;
    const double high = a_lower ? *bv : *av;
    if (!(low < high)) return false;  // "more than 40 and less than 10": two bounds
    a->low = low;
    a->high = high;
    a->value.reset();
    a->qualifier = v1::QUALIFIER_UNSPECIFIED;
    a->end = b.end;
    if (!a->has_noun() && b.has_noun()) {
      a->noun_begin = b.noun_begin;
      a->noun_end = b.noun_end;
    }
    return true;
  }

  // The scale a magnitude word applied to `n` (1 if none): its last token.
  double MagnitudeScale(const ParsedNumber& n) {
    if (!n.magnitude) return 1;
    std::string lower;
    AsciiLower(Text(n.token_end - 1), &lower);
    if (std::optional<double> s = MagnitudeOf(lower)) return *s;
    return lower == "m" ? 1e6 : 1;
  }

  // The noun phrase starting at token `j`: up to four content words, not
  // ending on a participle, plus one "of" phrase. Sets m->noun_*.
  void NounAfter(size_t j, FigureMatch* m) {
    if (!english_) return;
    size_t k = j;
    size_t last_good = j;
    const size_t limit = std::min(tokens_.size(), j + 4);
    while (k < limit) {
      const Token& w = tokens_[k];
      if (!IsWord(w) || w.Has(Token::kHasDigit) || w.Has(Token::kAbbreviation) ||
          w.Has(Token::kPossessive) || !w.Has(Token::kSpaceBefore) || w.size() > kMaxWordLength) {
        break;
      }
      const std::string_view text = Text(k);
      if (InSet(t_.function_words, text, &lower_)) break;
      if (t_.calendar_words.Contains(lower_)) break;
      if (ParseNumberWord(lower_).has_value()) break;
      const bool capitalized = w.Has(Token::kInitialCap) && !field_.title_case;
      const bool adverb = lower_.size() > 4 && lower_.ends_with("ly");
      if (adverb) break;
      const bool participle = (lower_.size() > 3 && lower_.ends_with("ed")) ||
                              (lower_.size() > 5 && lower_.ends_with("ing"));
      // A participle after the first word is the verb ("trucks queued").
      if (participle && k > j) break;
      ++k;
      // Capitalized words ("Russian soldiers") and participles ("armed
      // men") may only modify a following noun.
      if (!capitalized && !participle) last_good = k;
      // A plural head ends the phrase: "pupils sat", "people were".
      if (last_good == k && IsPluralHead(lower_)) break;
    }
    if (last_good == j) return;
    size_t noun_end = last_good;
    // "barrels of oil", "members of parliament".
    if (noun_end + 1 < tokens_.size() && LowerIs(noun_end, "of") && last_good == k) {
      FigureMatch object;
      NounAfterOf(noun_end + 1, &object);
      if (object.has_noun()) {
        m->noun_begin = tokens_[j].begin;
        m->noun_end = object.noun_end;
        return;
      }
    }
    m->noun_begin = tokens_[j].begin;
    m->noun_end = tokens_[noun_end - 1].end;
  }

  // A plural noun that heads a counted phrase: a regular plural ("pupils",
  // not "bus" or "glass") or a common irregular one.
  static bool IsPluralHead(std::string_view lower) {
    static const ShortWordSet* const irregular = [] {
      auto* set = new ShortWordSet;
      AddWords(set,
               {"people", "children", "men", "women", "police", "staff", "personnel", "cattle",
                "sheep", "fish", "deer", "feet", "teeth", "mice", "geese", "crew", "livestock"});
      return set;
    }();
    if (irregular->Contains(lower)) return true;
    return lower.size() > 3 && lower.ends_with("s") && !lower.ends_with("ss") &&
           !lower.ends_with("us") && !lower.ends_with("is");
  }

  // The object of "of": up to three lowercase content words.
  void NounAfterOf(size_t j, FigureMatch* m) {
    size_t k = j;
    size_t last_good = j;
    while (k < tokens_.size() && k < j + 3) {
      const Token& w = tokens_[k];
      if (!IsWord(w) || w.Has(Token::kHasDigit) || w.Has(Token::kPossessive) ||
          w.size() > kMaxWordLength) {
        break;
      }
      if (InSet(t_.function_words, Text(k), &lower_)) break;
      const bool participle = lower_.ends_with("ed") || lower_.ends_with("ing");
      ++k;
      if (!participle || k == j + 1) last_good = k;
      if (participle) break;
    }
    if (last_good == j) return;
    m->noun_begin = tokens_[j].begin;
    m->noun_end = tokens_[last_good - 1].end;
  }

  // ---- Money, units, temperatures and ages ----------------------------------

  // Years per unit of an age ("month" is 1/12); nullopt for other words.
  static std::optional<double> AgeUnitYears(std::string_view unit) {
    if (unit.ends_with("s")) unit.remove_suffix(1);
    if (unit == "year" || unit == "yr") return 1.0;
    if (unit == "month") return 1.0 / 12;
    if (unit == "week") return 7 / 365.25;
    if (unit == "day") return 1 / 365.25;
    return std::nullopt;
  }

  // An age unit after the number, from token `j`: "-year-old", "- year -
  // old", "-month-olds", "-year old", " year-old", " yrs old" (hyphens glued
  // or spaced). Returns the years per unit and sets *age_end one past it.
  // A fraction glued after the hyphen ("2-and-a-half-year-old") is added
  // to *fraction.
  std::optional<double> AgeSuffixAt(size_t j, size_t* age_end, double* fraction) {
    size_t k = j;
    if (k < tokens_.size() && IsHyphen(Text(k))) ++k;
    if (k >= tokens_.size() || !IsWord(tokens_[k]) ||
        tokens_[k].size() > (k > j && Text(k).starts_with("and-") ? 40 : kMaxWordLength)) {
      return std::nullopt;
    }
    AsciiLower(Text(k), &lower_);
    std::string_view w = lower_;
    if (k > j && w.starts_with("and-")) {
      static constexpr std::pair<std::string_view, double> kParts[] = {
          {"and-a-half-", 0.5}, {"and-a-quarter-", 0.25}, {"and-three-quarters-", 0.75}};
      for (const auto& [part, value] : kParts) {
        if (w.starts_with(part)) {
          w.remove_prefix(part.size());
          *fraction = value;
          break;
        }
      }
      if (*fraction == 0) return std::nullopt;
      if (!w.ends_with("-olds") && !w.ends_with("-old")) return std::nullopt;
    }
    if (w.ends_with("-olds") || w.ends_with("-old")) {
      w.remove_suffix(w.ends_with("-olds") ? 5 : 4);
      std::optional<double> years = AgeUnitYears(w);
      if (years.has_value()) *age_end = k + 1;
      return years;
    }
    std::optional<double> years = AgeUnitYears(w);
    if (!years.has_value()) return std::nullopt;
    size_t n = k + 1;
    if (n < tokens_.size() && IsHyphen(Text(n))) ++n;
    if (!LowerIs(n, "old") && !LowerIs(n, "olds")) return std::nullopt;
    *age_end = n + 1;
    return years;
  }

  // "MEUR 60": an ISO code with a magnitude letter right before token `i`.
  std::string_view ScaledCodeBefore(size_t i, size_t* start) {
    const size_t j = i - 1;
    if (!IsWord(tokens_[j]) || tokens_[j].size() != 4) return {};
    auto it = t_.scaled_codes.find(Text(j));
    if (it == t_.scaled_codes.end()) return {};
    *start = j;
    prefix_scale_ = it->second.second;
    return it->second.first;
  }

  // A currency code glued to its amount in one word token: "RM100",
  // "Rs500 crore", "KSh2,000", "Rp5.000" (the tokenizer splits the rest of
  // the number off as glued tokens). Only codes of two or more letters: "R2"
  // or "P1" are names. Returns the token after the figure.
  std::optional<size_t> TryGluedCurrencyCode(size_t i) {
    const std::string_view text = Text(i);
    size_t letters = 0;
    while (letters < text.size() && ((text[letters] >= 'A' && text[letters] <= 'Z') ||
                                     (text[letters] >= 'a' && text[letters] <= 'z'))) {
      ++letters;
    }
    if (letters < 2 || letters > 3 || letters == text.size() || text[letters] < '0' ||
        text[letters] > '9') {
      return std::nullopt;
    }
    auto code = t_.glued_codes.find(text.substr(0, letters));
    if (code == t_.glued_codes.end()) return std::nullopt;
    // Only digits after the code, then glued ",000" / ".5" groups.
    std::string digits(text.substr(letters));
    for (char c : digits) {
      if (c < '0' || c > '9') return std::nullopt;
    }
    size_t end = i + 1;
    while (end + 1 < tokens_.size() && Glued(end) && Glued(end + 1) &&
           (Text(end) == "," || Text(end) == ".") && tokens_[end + 1].kind == TokenKind::kNumber) {
      digits.append(Text(end));
      digits.append(Text(end + 1));
      end += 2;
    }
    std::optional<double> value = ParseDigits(digits, style_);
    if (!value.has_value()) return std::nullopt;
    // A magnitude word after it: "RM1.2 billion".
    if (end < tokens_.size() && IsWord(tokens_[end]) && tokens_[end].size() <= kMaxWordLength) {
      AsciiLower(Text(end), &lower_);
      if (std::optional<double> scale = MagnitudeOf(lower_); scale && lower_.size() >= 2) {
        *value *= *scale;
        ++end;
      }
    }
    FigureMatch m;
    m.kind = v1::FIGURE_KIND_MONEY;
    m.currency = std::string(code->second);
    size_t first = i;
    const v1::Qualifier qualifier = QualifierBefore(i, &first);
    m.value = *value;
    Emit(std::move(m), qualifier != v1::QUALIFIER_UNSPECIFIED ? first : i, end, qualifier);
    return end;
  }

  // Drops a suffix that does not belong to the number: "marks" without a
  // magnitude, and a currency symbol that opens the next amount ("1 $ 10").
  const Suffix* FilterMeasureSuffix(const Suffix* suffix, const ParsedNumber& parsed, size_t end,
                                    size_t* suffix_end) {
    if (suffix != nullptr && suffix->glued_only &&
        (!Glued(end) || IsVideoResolution(parsed.value))) {
      return nullptr;
    }
    if (suffix != nullptr && suffix->type == Suffix::kUnit && !Glued(end) &&
        tokens_[end].Has(Token::kInitialCap) &&
        (EqualsLower(Text(end), "cl") || EqualsLower(Text(end), "dl") ||
         EqualsLower(Text(end), "cc"))) {
      return nullptr;  // "Group 3 CL": letters of a name
    }
    if (suffix != nullptr && suffix->type == Suffix::kUnit && suffix->code == "st" &&
        parsed.value >= 100) {
      return nullptr;  // "a 1960 stone building": a material, not 1960 stone
    }
    if (suffix == nullptr || suffix->type != Suffix::kCurrency) return suffix;
    if (suffix->needs_magnitude && !parsed.magnitude) return nullptr;
    if (tokens_[end].kind == TokenKind::kSymbol && *suffix_end < tokens_.size() &&
        tokens_[*suffix_end].kind == TokenKind::kNumber) {
      return nullptr;
    }
    return suffix;
  }

  // Units written with marks or brackets after the number at tokens
  // [first, end): inch and foot marks ("10 \"", "6′"), a bracketed unit
  // ("20 [kg]"), and degrees without a scale ("85°", "45 degrees").
  const Suffix* MarkedUnit(size_t first, size_t end, size_t* suffix_end) {
    static const Suffix kInch{Suffix::kUnit, "in", v1::DIMENSION_LENGTH};
    static const Suffix kFoot{Suffix::kUnit, "ft", v1::DIMENSION_LENGTH};
    if (end >= tokens_.size()) return nullptr;
    const std::string_view text = Text(end);
    // "40C.", "150°C.", "20 degrees F.": the tokenizer keeps the sentence's
    // period with the scale letter.
    size_t letter = end;
    if (text == "\u00b0" || EqualsLower(text, "degrees") || EqualsLower(text, "degree") ||
        EqualsLower(text, "deg")) {
      ++letter;
    }
    if (const Suffix* scale = ScaleLetterWithPeriod(letter, letter == end)) {
      *suffix_end = letter + 1;
      trim_period_ = true;
      return scale;
    }
    if (IsHyphen(text) && Glued(end) && InchesAfterFoot(end + 1).has_value()) {
      *suffix_end = end + 2;  // "6-foot-2"; ExtendMeasure adds the inches
      return &kFoot;
    }
    const bool after_degree = first > 0 && Text(first - 1) == "\u00b0";  // arc minutes
    if ((text == "\u2033" || text == "\u2032") && Glued(end) && !after_degree) {
      *suffix_end = end + 1;
      return text == "\u2033" ? &kInch : &kFoot;
    }
    // A straight double quote is an inch mark only standing alone ("10 \"
    // long") and unpaired in its sentence; otherwise it opens or closes a
    // quotation (tokenized copy spaces quotes too: "the \" Top 10 \" list").
    if (text == "\"" && !Glued(end) && (end + 1 == tokens_.size() || !Glued(end + 1)) &&
        !PairedQuote(end)) {
      *suffix_end = end + 1;
      return &kInch;
    }
    if ((text == "[" || text == "{" || text == "<") && end + 2 < tokens_.size() && Glued(end + 1) &&
        Glued(end + 2)) {
      const std::string_view close = Text(end + 2);
      const bool pair = (text == "[" && close == "]") || (text == "{" && close == "}") ||
                        (text == "<" && close == ">");
      size_t unit_end = 0;
      const Suffix* unit = t_.suffixes.Match(field_, end + 1, &unit_end);
      if (pair && unit != nullptr && unit->type == Suffix::kUnit && unit_end == end + 2) {
        *suffix_end = end + 3;
        return unit;
      }
      return nullptr;
    }
    return DegreeUnit(first, end, suffix_end);
  }

  // "720p", "1080p": video resolutions, not pence.
  static bool IsVideoResolution(double value) {
    for (double v : {144, 240, 360, 480, 576, 720, 1080, 1440, 2160, 4320}) {
      if (value == v) return true;
    }
    return false;
  }

  // "C." or "F." (a scale letter with the sentence's period) at token `j`;
  // `glued` (right after the digits): only an uppercase "C.", as for "45C".
  const Suffix* ScaleLetterWithPeriod(size_t j, bool glued) const {
    static const Suffix kCelsius{Suffix::kUnit, "\u00b0C", v1::DIMENSION_TEMPERATURE};
    static const Suffix kFahrenheit{Suffix::kUnit, "\u00b0F", v1::DIMENSION_TEMPERATURE};
    if (j >= tokens_.size() || tokens_[j].size() != 2 || !IsWord(tokens_[j])) return nullptr;
    const std::string_view text = Text(j);
    if (text[1] != '.') return nullptr;
    if (glued) return Glued(j) && text[0] == 'C' ? &kCelsius : nullptr;
    if (text[0] == 'C' || text[0] == 'c') return &kCelsius;
    if (text[0] == 'F' || text[0] == 'f') return &kFahrenheit;
    return nullptr;
  }

  // The inches of a glued "foot-2" / "feet-11" word at token `j` (a height
  // written "6-foot-2"), or nullopt.
  std::optional<double> InchesAfterFoot(size_t j) const {
    if (j >= tokens_.size() || !Glued(j) || !IsWord(tokens_[j]) || tokens_[j].size() < 6 ||
        tokens_[j].size() > 7) {
      return std::nullopt;
    }
    const std::string_view text = Text(j);
    if (!EqualsLower(text.substr(0, 5), "foot-") && !EqualsLower(text.substr(0, 5), "feet-")) {
      return std::nullopt;
    }
    int inches = 0;
    for (char c : text.substr(5)) {
      if (c < '0' || c > '9') return std::nullopt;
      inches = inches * 10 + (c - '0');
    }
    if (inches >= 12) return std::nullopt;
    return inches;
  }

  // Whether the straight double quote at token `q` pairs with another one
  // of its sentence (an odd number before it, or one after it).
  bool PairedQuote(size_t q) const {
    size_t before = 0;
    size_t k = q;
    while (k > 0 && !tokens_[k].Has(Token::kSentenceStart)) {
      --k;
      if (Text(k) == "\"") ++before;
    }
    // A quote that opens the sentence comes before its first word.
    if (k > 0 && k < q && Text(k - 1) == "\"") ++before;
    if (before % 2 == 1) return true;
    for (k = q + 1; k < tokens_.size() && !tokens_[k].Has(Token::kSentenceStart); ++k) {
      if (Text(k) == "\"") return true;
    }
    return false;
  }

  // Degrees without a scale: "85°", "50 deg.", "45 degrees", "a 180-degree
  // turn". The sentence decides between temperature and angle; without a
  // telling word "°", "deg" and "degrees" after digits are temperatures,
  // while "degrees" after a spelled-out count is no unit ("two degrees in
  // law"); a compass point after it makes a coordinate ("51° N", "40 degrees
  // south"), and a sentence naming another scale ("API") gives no unit.
  const Suffix* DegreeUnit(size_t first, size_t end, size_t* suffix_end) {
    static const Suffix kTemperature{Suffix::kUnit, "\u00b0", v1::DIMENSION_TEMPERATURE};
    static const Suffix kAngle{Suffix::kUnit, "\u00b0", v1::DIMENSION_ANGLE};
    size_t j = end;
    const bool hyphenated = IsHyphen(Text(j)) && Glued(j) && Glued(j + 1);
    if (hyphenated) ++j;
    if (j >= tokens_.size() || tokens_[j].size() > 7) return nullptr;
    const std::string_view text = Text(j);
    size_t unit_end = j + 1;
    v1::Dimension dimension = v1::DIMENSION_UNSPECIFIED;
    if (text == "\u00b0" && !hyphenated) {
      if (unit_end < tokens_.size()) {
        const std::string_view next = Text(unit_end);
        // "N", "S.", "W": a compass letter, possibly with its period.
        const bool compass = (next.size() == 1 || (next.size() == 2 && next[1] == '.')) &&
                             (next[0] == 'N' || next[0] == 'S' || next[0] == 'E' || next[0] == 'W');
        const bool minutes = tokens_[unit_end].kind == TokenKind::kNumber && Glued(unit_end);
        if (compass || minutes || next == "\u2032" || next == "'") return &kAngle;
      }
      if (OtherDegreeScale(first, unit_end)) return nullptr;
      dimension = DegreeContext(first, unit_end);
      if (dimension == v1::DIMENSION_UNSPECIFIED) dimension = v1::DIMENSION_TEMPERATURE;
    } else if (IsWord(tokens_[j])) {
      const bool abbreviated = EqualsLower(text, "deg") || EqualsLower(text, "degs");
      if (!abbreviated && !EqualsLower(text, "degrees") && !EqualsLower(text, "degree")) {
        return nullptr;
      }
      if (abbreviated && unit_end < tokens_.size() && Glued(unit_end) && Text(unit_end) == ".") {
        ++unit_end;
      }
      if (LowerIs(unit_end, "of")) return nullptr;  // "three degrees of separation"
      // A coordinate: "27 degrees 14 minutes north", "40 degrees south".
      const size_t after = LowerIs(unit_end + 1, "minutes") ? unit_end + 2 : unit_end;
      for (std::string_view compass : {"north", "south", "east", "west"}) {
        if (LowerIs(after, compass)) {
          *suffix_end = unit_end;
          return &kAngle;
        }
      }
      if (OtherDegreeScale(first, unit_end)) return nullptr;
      dimension = DegreeContext(first, unit_end);
      if (dimension == v1::DIMENSION_UNSPECIFIED) {
        // Digits are a temperature ("it was 38 degrees"); spelled-out
        // counts need a telling word ("two degrees from Yale").
        bool digits = false;
        for (size_t k = first; k < end; ++k) digits |= tokens_[k].kind == TokenKind::kNumber;
        if (!abbreviated && !digits) return nullptr;
        dimension = v1::DIMENSION_TEMPERATURE;
      }
    } else {
      return nullptr;
    }
    *suffix_end = unit_end;
    return dimension == v1::DIMENSION_ANGLE ? &kAngle : &kTemperature;
  }

  // Whether the nearest telling word of the sentence around tokens [first,
  // unit_end) makes a bare "pounds" money ("fined him 500 pounds") or weight
  // ("weighed 500 pounds"); kNoContext if none (then it is weight, as is
  // "pounds of" something).
  enum PoundsReading { kNoContext, kMoneyContext, kWeightContext };
  PoundsReading PoundsContext(size_t first, size_t unit_end) {
    std::string lower;
    auto lookup = [&](size_t k) {
      if (!IsWord(tokens_[k]) || tokens_[k].size() > kMaxWordLength) return kNoContext;
      AsciiLower(Text(k), &lower);
      auto it = t_.pounds_context.find(lower);
      if (it == t_.pounds_context.end()) return kNoContext;
      return it->second ? kMoneyContext : kWeightContext;
    };
    return NearestInSentence<PoundsReading>(first, unit_end, kNoContext, lookup);
  }

  // The first non-`none` answer of `lookup` over the tokens of the sentence
  // around [first, unit_end), nearest first: up to ten tokens back, six
  // ahead.
  template <typename T, typename Lookup>
  T NearestInSentence(size_t first, size_t unit_end, T none, const Lookup& lookup) {
    auto sentence_end = [&](size_t k) {
      const std::string_view t = Text(k);
      return t == "." || t == "!" || t == "?" || t == ";";
    };
    size_t back = first;
    size_t ahead = unit_end;
    for (int step = 0; step < 10; ++step) {
      if (back > 0 && !tokens_[back].Has(Token::kSentenceStart) && !sentence_end(back - 1)) {
        --back;
        if (T d = lookup(back); d != none) return d;
      }
      if (step < 6 && ahead < tokens_.size() && !sentence_end(ahead)) {
        if (T d = lookup(ahead); d != none) return d;
        ++ahead;
        if (ahead < tokens_.size() && tokens_[ahead].Has(Token::kSentenceStart)) {
          ahead = tokens_.size();
        }
      }
    }
    return none;
  }

  // Whether the sentence around tokens [first, unit_end) names a scale
  // other than temperature or angle ("API", "gravity", "brix").
  bool OtherDegreeScale(size_t first, size_t unit_end) {
    std::string lower;
    auto lookup = [&](size_t k) {
      if (!IsWord(tokens_[k]) || tokens_[k].size() > kMaxWordLength) return false;
      AsciiLower(Text(k), &lower);
      return t_.other_degree_scales.contains(lower);
    };
    return NearestInSentence<bool>(first, unit_end, false, lookup);
  }

  // The nearest word of the sentence around tokens [first, unit_end) that
  // speaks of temperatures or of angles (up to ten tokens back, six ahead).
  v1::Dimension DegreeContext(size_t first, size_t unit_end) {
    std::string lower;
    auto lookup = [&](size_t k) {
      if (!IsWord(tokens_[k]) || tokens_[k].size() > kMaxWordLength) {
        return v1::DIMENSION_UNSPECIFIED;
      }
      AsciiLower(Text(k), &lower);
      auto it = t_.degree_context.find(lower);
      if (it == t_.degree_context.end()) return v1::DIMENSION_UNSPECIFIED;
      // "turn it down 5 degrees" speaks of a thermostat, not of an angle.
      if (lower.starts_with("turn")) {
        for (size_t n = k + 1; n <= k + 3; ++n) {
          if (LowerIs(n, "up") || LowerIs(n, "down")) return v1::DIMENSION_TEMPERATURE;
        }
      }
      return it->second;
    };
    return NearestInSentence<v1::Dimension>(first, unit_end, v1::DIMENSION_UNSPECIFIED, lookup);
  }

  // Completes a money or quantity figure whose kind is decided: magnitude
  // codes ("MEUR 60", "75 USD million"), a minor unit after the major one
  // ("13 dollars and 45 cents", "15 dollars 50"), feet and inches, pounds
  // and ounces ("5 ft 10 in", "7 lb 4 oz"), and a spaced minus before a
  // temperature ("convert - 20 degrees"). `prefixed`: the currency was
  // written before the number. Updates the value, the first token and the
  // end.
  void ExtendMeasure(const FigureMatch& m, const ParsedNumber& parsed, const Suffix* suffix,
                     bool prefixed, double* value, std::optional<double>* high, size_t* start,
                     size_t i, size_t* end) {
    if (m.kind == v1::FIGURE_KIND_MONEY) {
      const bool suffixed = !prefixed && suffix != nullptr && suffix->type == Suffix::kCurrency;
      const double scale = prefixed ? prefix_scale_ : suffixed ? suffix->scale : 1;
      if (scale != 1) {
        *value *= scale;
        if (high->has_value()) **high *= scale;
      }
      if (high->has_value() || parsed.magnitude || !suffixed || *end >= tokens_.size()) return;
      // "75 USD million": a magnitude after an ISO code.
      const Token& code = tokens_[*end - 1];
      if (code.Has(Token::kAllCaps) && code.size() == 3 && IsWord(tokens_[*end]) &&
          tokens_[*end].size() >= 2 && tokens_[*end].size() <= kMaxWordLength) {
        AsciiLower(Text(*end), &lower_);
        if (std::optional<double> magnitude = MagnitudeOf(lower_)) {
          *value *= *magnitude;
          ++*end;
          return;
        }
      }
      if (m.currency != "GBP" && m.currency != "JPY" && m.currency != "KRW") {
        AddMinorUnit(value, end);
      }
      return;
    }
    if (m.kind != v1::FIGURE_KIND_QUANTITY || high->has_value()) return;
    if (m.dimension == v1::DIMENSION_TEMPERATURE && *start == i && SpacedMinusBefore(i)) {
      *value = -*value;
      --*start;
      return;
    }
    if (m.unit == "ft" && *end > 0) {
      if (std::optional<double> inches = InchesAfterFoot(*end - 1)) {
        *value += *inches / 12;  // "6-foot-2"
        return;
      }
    }
    if ((m.unit == "ft" || m.unit == "lb") && !parsed.magnitude) AddSmallerUnit(m.unit, value, end);
  }

  // "and 45 cents", "45 cents", or two digits ending the clause ("15 dollars
  // 50.") or before "more", "less", "each" ("15 USD 50 more"): hundredths
  // added to the amount.
  void AddMinorUnit(double* value, size_t* end) {
    size_t k = *end;
    const bool and_word = LowerIs(k, "and");
    if (and_word) ++k;
    if (k >= tokens_.size() || tokens_[k].kind == TokenKind::kPunctuation) return;
    std::optional<ParsedNumber> cents = ParseNumberAt(field_, k, style_, false);
    if (!cents.has_value() || cents->ordinal || cents->magnitude || cents->value < 1 ||
        cents->value > 99 || cents->value != static_cast<int>(cents->value)) {
      return;
    }
    const size_t after = cents->token_end;
    if (LowerIs(after, "cents") || LowerIs(after, "cent")) {
      *value += cents->value / 100;
      *end = after + 1;
    } else if (!and_word && cents->bare_digits && cents->digit_count == 2 &&
               (after == tokens_.size() || tokens_[after].kind == TokenKind::kPunctuation ||
                LowerIs(after, "more") || LowerIs(after, "less") || LowerIs(after, "each") ||
                LowerIs(after, "apiece"))) {
      *value += cents->value / 100;
      *end = after;
    }
  }

  // "5 ft 10 in", "6 feet 2 inches", "7 lb 4 oz": the smaller unit joins
  // the figure, which keeps the larger unit.
  void AddSmallerUnit(std::string_view unit, double* value, size_t* end) {
    if (*end >= tokens_.size() || tokens_[*end].kind != TokenKind::kNumber) return;
    std::optional<ParsedNumber> part = ParseNumberAt(field_, *end, style_, false);
    const bool feet = unit == "ft";
    const double per = feet ? 12 : 16;
    if (!part.has_value() || part->ordinal || part->magnitude || part->value >= per) return;
    const size_t u = part->token_end;
    if (u >= tokens_.size()) return;
    const std::string_view text = Text(u);
    bool ok = false;
    if (feet) {
      ok = EqualsLower(text, "inches") || EqualsLower(text, "inch") || text == "\u2033" ||
           (text == "\"" && (u + 1 == tokens_.size() || !Glued(u + 1)));
      if (EqualsLower(text, "in")) {
        // "in" is the preposition before a name, an article or a number.
        const size_t n = u + 1;
        ok = n >= tokens_.size() || tokens_[n].kind == TokenKind::kPunctuation ||
             (IsWord(tokens_[n]) && !tokens_[n].Has(Token::kInitialCap) && !LowerIs(n, "the") &&
              !LowerIs(n, "a") && !LowerIs(n, "an") && !LowerIs(n, "his") && !LowerIs(n, "her") &&
              !LowerIs(n, "their") && !LowerIs(n, "its") && !LowerIs(n, "this") &&
              !LowerIs(n, "that"));
      }
    } else {
      ok = EqualsLower(text, "oz") || EqualsLower(text, "ounces") || EqualsLower(text, "ounce");
    }
    if (!ok && feet && part->bare_digits && *end > 0 &&
        (EqualsLower(Text(*end - 1), "foot") || EqualsLower(Text(*end - 1), "ft")) &&
        (tokens_[u].kind == TokenKind::kPunctuation || LowerIs(u, "and") || LowerIs(u, "tall"))) {
      // A height without its inch unit: "6 foot 2, he ...", "6ft 2 and".
      *value += part->value / per;
      *end = u;
      return;
    }
    if (!ok) return;
    *value += part->value / per;
    *end = u + 1;
  }

  // A minus standing apart before token `i` after a word that cannot end a
  // clause ("convert - 20 degrees", "fell to - 5 degrees"), so not a dash.
  bool SpacedMinusBefore(size_t i) {
    if (i < 2 || !IsMinus(Text(i - 1)) || Glued(i) || Glued(i - 1) || !IsWord(tokens_[i - 2])) {
      return false;
    }
    for (std::string_view w : {"to", "at", "of", "from", "is", "was", "be", "hit", "reach",
                               "reached", "convert", "into", "around", "about", "between"}) {
      if (LowerIs(i - 2, w)) return true;
    }
    return false;
  }

  // A temperature scale word: "celsius", "fahrenheit", ...
  static bool IsScaleWord(std::string_view lower) {
    for (std::string_view w :
         {"celsius", "celcius", "centigrade", "centigrate", "fahrenheit", "farenheit", "kelvin"}) {
      if (lower == w) return true;
    }
    return false;
  }

  // A scale named without a number in a conversion: "convert 40 C to
  // fahrenheit", "fahrenheit to celsius", "how much celsius". It is a
  // QUANTITY with its unit and no value; a scale mentioned any other way
  // ("the Celsius scale", "Fahrenheit 451") is not a figure.
  std::optional<size_t> TryScaleMention(size_t i) {
    // "ce"lsius, "fa"hrenheit, "ke"lvin, "de"grees.
    if (!ScaleWordShape(Text(i))) return std::nullopt;
    size_t end = 0;
    const Suffix* unit = ScaleAt(i, &end);
    if (unit == nullptr) return std::nullopt;
    bool mention = false;
    if (i >= 2 && (LowerIs(i - 1, "to") || LowerIs(i - 1, "into") || LowerIs(i - 1, "in"))) {
      // After a temperature or another scale: "40 C to fahrenheit".
      const uint32_t before = tokens_[i - 2].end;
      mention = !out_->empty() && out_->back().end == before &&
                out_->back().dimension == v1::DIMENSION_TEMPERATURE;
      if (!mention && IsWord(tokens_[i - 2]) && tokens_[i - 2].size() <= kMaxWordLength) {
        AsciiLower(Text(i - 2), &lower_);
        mention = IsScaleWord(lower_);
      }
    }
    if (i >= 2 && (LowerIs(i - 1, "much") || LowerIs(i - 1, "many")) && LowerIs(i - 2, "how")) {
      mention = true;
    }
    size_t other_end = 0;
    if (!mention && end + 1 < tokens_.size() && (LowerIs(end, "to") || LowerIs(end, "into")) &&
        ScaleAt(end + 1, &other_end) != nullptr) {
      mention = true;  // "fahrenheit to celsius"
    }
    if (!mention) return std::nullopt;
    FigureMatch m;
    m.kind = v1::FIGURE_KIND_QUANTITY;
    m.unit = std::string(unit->code);
    m.dimension = unit->dimension;
    Emit(std::move(m), i, end);
    return end;
  }

  // Relative ordinals (English): a position counted from the end of a
  // sequence or from the current item, as FigureMatch::relative_position,
  // without a value. "last" (end+0), "next" (current+1), "previous"
  // (current-1), "the current one" (current+0), "next to last", "second to
  // last", "third from last", "penultimate", "the last but one", "the one
  // before the last one" (end-1, end-2, ...). A following "one" belongs to
  // "next/previous/current one". Not: "last" as a verb ("will last for
  // days", "expected to last") or adverb ("at last"), the preposition "next
  // to", "next door", and capitalized words inside a sentence (titles and
  // names: "The Last Emperor", "Next Generation Fund"). "last week" and
  // "next year" are dates, which win over the ordinal in MergeFigures.
  std::optional<size_t> TryRelativeOrdinal(size_t i) {
    static constexpr std::string_view kFromEnd[] = {"end+0", "end-1", "end-2", "end-3", "end-4"};
    const Token& t = tokens_[i];
    if (!english_ || t.size() > 15) return std::nullopt;
    if (t.Has(Token::kInitialCap) && !t.Has(Token::kSentenceStart)) return std::nullopt;
    AsciiLower(Text(i), &lower_);
    // "one", "two", ... after "last but" (end-1, end-2, ...); 0 if none.
    auto small_count = [this](size_t j) -> int {
      static constexpr std::string_view kWords[] = {"one", "two", "three", "four"};
      for (int n = 0; n < 4; ++n) {
        if (LowerIs(j, kWords[n])) return n + 1;
      }
      return 0;
    };
    size_t first = i;
    size_t end = i + 1;
    std::string_view position;
    if (LowerEq("last")) {
      if (i > 0) {
        for (std::string_view w : {"at", "to", "will", "would", "could", "can", "may", "might",
                                   "should", "must", "not", "n't", "did", "does", "do", "cannot"}) {
          if (LowerIs(i - 1, w)) return std::nullopt;
        }
      }
      for (std::string_view w : {"for", "until", "till", "through", "throughout", "longer",
                                 "beyond", "forever", "into"}) {
        if (LowerIs(i + 1, w)) return std::nullopt;
      }
      // The adverb: "the bank last adjusted rates", "was last seen", "it last
      // gave", "we last met".
      if (i > 0) {
        for (std::string_view w : {"was", "were", "is", "are", "been", "be", "had", "has", "have",
                                   "it", "he", "she", "they", "we", "i", "you"}) {
          if (LowerIs(i - 1, w)) return std::nullopt;
        }
      }
      if (i + 1 < tokens_.size() && IsWord(tokens_[i + 1]) && Text(i + 1).ends_with("ed") &&
          !(i > 0 && (LowerIs(i - 1, "the") || LowerIs(i - 1, "its") || LowerIs(i - 1, "their") ||
                      LowerIs(i - 1, "his") || LowerIs(i - 1, "her") || LowerIs(i - 1, "our") ||
                      LowerIs(i - 1, "a") || Text(i - 1) == "'s"))) {
        return std::nullopt;
      }
      position = kFromEnd[0];
      if (LowerIs(i + 1, "but")) {
        if (const int n = small_count(i + 2); n != 0) {
          position = kFromEnd[n];
          end = i + 3;
          if (i > 0 && LowerIs(i - 1, "the")) first = i - 1;  // "the last but one"
        }
      }
    } else if (LowerEq("next")) {
      if (LowerIs(i + 1, "to")) {
        if (!LowerIs(i + 2, "last")) return std::nullopt;  // "next to the station"
        position = kFromEnd[1];
        end = i + 3;
      } else {
        if (LowerIs(i + 1, "door")) return std::nullopt;
        position = "current+1";
        if (LowerIs(i + 1, "one")) end = i + 2;
      }
    } else if (LowerEq("previous")) {
      position = "current-1";
      if (LowerIs(i + 1, "one")) end = i + 2;
    } else if (LowerEq("current")) {
      if (!LowerIs(i + 1, "one")) return std::nullopt;  // "current account"
      position = "current+0";
      end = i + 2;
    } else if (LowerEq("penultimate")) {
      position = kFromEnd[1];
    } else if (LowerEq("antepenultimate")) {
      position = kFromEnd[2];
    } else if (LowerEq("one")) {
      // "the one before the last one", "one before last".
      if (!LowerIs(i + 1, "before")) return std::nullopt;
      size_t k = i + 2;
      if (LowerIs(k, "the")) ++k;
      if (!LowerIs(k, "last")) return std::nullopt;
      end = k + 1;
      if (LowerIs(end, "one")) ++end;
      if (i > 0 && LowerIs(i - 1, "the")) first = i - 1;
      position = kFromEnd[1];
    } else {
      // "second to last", "third from last".
      static constexpr std::string_view kOrdinals[] = {"second", "third", "fourth", "fifth"};
      int n = 0;
      while (n < 4 && !LowerEq(kOrdinals[n])) ++n;
      if (n == 4 || !(LowerIs(i + 1, "to") || LowerIs(i + 1, "from")) || !LowerIs(i + 2, "last")) {
        return std::nullopt;
      }
      position = kFromEnd[n + 1];
      end = i + 3;
    }
    FigureMatch m;
    m.kind = v1::FIGURE_KIND_ORDINAL;
    m.relative_position = position;
    Emit(std::move(m), first, end);
    return end;
  }

  // A percentage named without a number: "%" that follows no number ("the %
  // of increase"), "percentage" neither after a number nor before "point"
  // ("how do I calculate a percentage?", "a higher percentage of earnings").
  // PERCENT without value; "40 %" and "a percentage point" are read by
  // TryFigure and never reach here.
  std::optional<size_t> TryPercentMention(size_t i) {
    const Token& t = tokens_[i];
    if (i > 0 && (tokens_[i - 1].kind == TokenKind::kNumber || tokens_[i - 1].Has(Token::kHasDigit))) {
      return std::nullopt;
    }
    if (t.kind == TokenKind::kWord) {
      if (!english_ || t.size() < 10 || t.size() > 11) return std::nullopt;
      AsciiLower(Text(i), &lower_);
      if (!LowerEq("percentage") && !LowerEq("percentages")) return std::nullopt;
      if (LowerIs(i + 1, "point") || LowerIs(i + 1, "points")) return std::nullopt;
      if (t.Has(Token::kInitialCap) && !t.Has(Token::kSentenceStart)) return std::nullopt;
    } else if (Text(i) != "%" || (i + 1 < tokens_.size() && Glued(i + 1) &&
                                  tokens_[i + 1].kind == TokenKind::kNumber)) {
      return std::nullopt;  // "%5" is a format, not a mention
    }
    FigureMatch m;
    m.kind = v1::FIGURE_KIND_PERCENT;
    Emit(std::move(m), i, i + 1);
    return i + 1;
  }

  // A temperature unit starting with a scale word at token `j` ("celsius",
  // "degrees fahrenheit"); nullptr otherwise.
  const Suffix* ScaleAt(size_t j, size_t* end) {
    if (j >= tokens_.size() || !IsWord(tokens_[j]) || tokens_[j].size() > kMaxWordLength) {
      return nullptr;
    }
    const Suffix* unit = t_.suffixes.Match(field_, j, end);
    if (unit == nullptr || unit->type != Suffix::kUnit ||
        unit->dimension != v1::DIMENSION_TEMPERATURE) {
      return nullptr;
    }
    // The phrase's last word names the scale ("degrees c" does not count).
    AsciiLower(Text(*end - 1), &lower_);
    return IsScaleWord(lower_) ? unit : nullptr;
  }

  void Emit(FigureMatch&& m, size_t first, size_t end,
            v1::Qualifier qualifier = v1::QUALIFIER_UNSPECIFIED) {
    m.begin = tokens_[first].begin;
    m.end = tokens_[end - 1].end;
    if (trim_period_ && m.end > m.begin + 1 && field_.text[m.end - 1] == '.') --m.end;  // "40C."
    trim_period_ = false;
    m.qualifier = qualifier;
    out_->push_back(std::move(m));
  }

  const FieldAnalysis& field_;
  const std::vector<Token>& tokens_;
  DecimalStyle style_;
  // Counted nouns need English phrase rules.
  bool english_;
  std::vector<FigureMatch>* out_;
  const Tables& t_;
  std::string lower_;
  // `lower_` equals `w`: compared as bytes, inline (std::string == const
  // char* calls compare() out of line, with a strlen, for every word tried).
  [[gnu::always_inline]] bool LowerEq(std::string_view w) const {
    return lower_.size() == w.size() && std::memcmp(lower_.data(), w.data(), w.size()) == 0;
  }
  // Magnitude of a currency code written before the number ("MEUR 60").
  double prefix_scale_ = 1;
  // The figure being read ends on a scale letter that carries the
  // sentence's period ("40C."): Emit leaves the period out.
  bool trim_period_ = false;
};

// Removes from `dates` the durations that lie inside an AGE figure.
void DropDurationsInsideAges(const std::vector<FigureMatch>& numbers,
                             std::vector<FigureMatch>* dates) {
  for (const FigureMatch& n : numbers) {
    if (n.kind != v1::FIGURE_KIND_AGE) continue;
    std::erase_if(*dates, [&n](const FigureMatch& d) {
      return d.kind == v1::FIGURE_KIND_DURATION && d.begin >= n.begin && d.end <= n.end;
    });
  }
}

// A number whose words run into a time unit ("one hundred and three
// quarters", "three quarters of a million", "three quarters billion
// dollars") keeps it when it is longer than the duration the date extractor
// reads inside it ("three quarters"). The numeric extractor leaves every
// "<count> <time unit>" alone, so this only happens where the number words
// took the unit word.
void DropDurationsInsideNumbers(const std::vector<FigureMatch>& numbers,
                                std::vector<FigureMatch>* dates) {
  // Both are in text order without internal overlaps: the only number that
  // can contain a date match is the first one that ends at or after it.
  size_t k = 0;
  std::erase_if(*dates, [&](const FigureMatch& d) {
    if (d.kind != v1::FIGURE_KIND_DURATION) return false;
    while (k < numbers.size() && numbers[k].end < d.end) ++k;
    return k < numbers.size() && numbers[k].begin <= d.begin && d.end <= numbers[k].end &&
           numbers[k].size() > d.size();
  });
}

}  // namespace

void ExtractNumericFigures(const FieldAnalysis& field, std::string_view language,
                           std::vector<FigureMatch>* out) {
  Extractor(field, language, out).Run();
}

void MergeFigureRefs(std::vector<FigureMatch>* numbers, std::vector<FigureMatch>* dates,
                     std::vector<FigureMatch*>* out) {
  // Both inputs are in text order and free of internal overlaps. Dates win,
  // except that an age drops the duration inside it ("3 years of age",
  // where the date extractor reads "3 years").
  DropDurationsInsideAges(*numbers, dates);
  DropDurationsInsideNumbers(*numbers, dates);
  size_t d = 0;
  const size_t first_out = out->size();
  for (FigureMatch& n : *numbers) {
    while (d < dates->size() && (*dates)[d].end <= n.begin) {
      out->push_back(&(*dates)[d]);
      ++d;
    }
    bool overlaps = false;
    for (size_t k = d; k < dates->size() && (*dates)[k].begin < n.end; ++k) {
      if ((*dates)[k].end > n.begin) {
        overlaps = true;
        break;
      }
    }
    if (!overlaps) out->push_back(&n);
  }
  for (; d < dates->size(); ++d) out->push_back(&(*dates)[d]);
  auto by_position = [](const FigureMatch* a, const FigureMatch* b) {
    return a->begin != b->begin ? a->begin < b->begin : a->end > b->end;
  };
  // The merge above nearly always leaves them in order already; a stable
  // sort of a sorted range changes nothing.
  const auto merged_begin = out->begin() + static_cast<std::ptrdiff_t>(first_out);
  if (!std::is_sorted(merged_begin, out->end(), by_position)) {
    std::stable_sort(merged_begin, out->end(), by_position);
  }
  // The output never overlaps, whatever the extractors did: a figure that
  // starts inside the one before it is dropped (the earlier, or at the same
  // start the longer, wins: "1$a" cannot be both "1$" and "$a").
  size_t kept = first_out;
  for (size_t k = first_out; k < out->size(); ++k) {
    if (kept > first_out && (*out)[k]->begin < (*out)[kept - 1]->end) continue;
    (*out)[kept] = (*out)[k];
    ++kept;
  }
  out->resize(kept);
}

void MergeFigures(std::vector<FigureMatch>* numbers, std::vector<FigureMatch>* dates,
                  std::vector<FigureMatch>* out) {
  std::vector<FigureMatch*> merged;
  MergeFigureRefs(numbers, dates, &merged);
  out->reserve(out->size() + merged.size());
  for (FigureMatch* m : merged) out->push_back(std::move(*m));
  numbers->clear();
  dates->clear();
}

std::vector<FigureMatch> ExtractFigures(std::string_view text, std::string_view language,
                                        std::optional<absl::Time> reference) {
  pipeline::FieldAnalysis field;
  pipeline::AnalyzeField(v1::TEXT_FIELD_BODY, text, &field);
  std::vector<FigureMatch> numbers;
  std::vector<FigureMatch> dates;
  ExtractNumericFigures(field, language, &numbers);
  ExtractDates(field, reference, &dates);
  std::vector<FigureMatch> out;
  MergeFigures(&numbers, &dates, &out);
  return out;
}

}  // namespace wirelens::stages::figures
