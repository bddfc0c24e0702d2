#include "stages/figures/spec_eval.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "pipeline/strings.h"
#include "pipeline/text.h"
#include "simdjson.h"

namespace wirelens::stages::figures {
namespace {

// ---- Families --------------------------------------------------------------

constexpr SpecFamilyInfo kFamilies[] = {
    {SpecFamily::kNumber, "Number", "Number/English/NumberModel.json", 0.95},
    {SpecFamily::kOrdinal, "Ordinal", "Number/English/OrdinalModel.json", 0.95},
    {SpecFamily::kPercent, "Percent", "Number/English/PercentModel.json", 0.95},
    {SpecFamily::kNumberRange, "NumberRange", "Number/English/NumberRangeModel.json", 0.0},
    {SpecFamily::kCurrency, "Currency", "NumberWithUnit/English/CurrencyModel.json", 0.95},
    {SpecFamily::kDimension, "Dimension", "NumberWithUnit/English/DimensionModel.json", 0.95},
    {SpecFamily::kTemperature, "Temperature", "NumberWithUnit/English/TemperatureModel.json", 0.95},
    {SpecFamily::kAge, "Age", "NumberWithUnit/English/AgeModel.json", 0.95},
    {SpecFamily::kDateTime, "DateTime", "DateTime/English/DateTimeModel.json", 0.85},
};

// ---- Numbers ---------------------------------------------------------------

std::optional<double> ParseNumber(std::string_view s) {
  s = AsStd(absl::StripAsciiWhitespace(AsAbsl(s)));
  double v = 0;
  if (s.empty() || !absl::SimpleAtod(AsAbsl(s), &v)) return std::nullopt;
  return v;
}

// The specs print values with 15 significant digits ("103.666666666667");
// unit conversions add a few ulps more.
bool NearlyEqual(double a, double b, double relative = 1e-9) {
  return std::fabs(a - b) <= relative * std::max({1.0, std::fabs(a), std::fabs(b)});
}

bool NearlyEqual(const std::optional<double>& want, const std::optional<double>& got,
                 double relative = 1e-9) {
  if (!want.has_value() || !got.has_value()) return want.has_value() == got.has_value();
  return NearlyEqual(*want, *got, relative);
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return absl::EqualsIgnoreCase(AsAbsl(a), AsAbsl(b));
}

// ---- Units -----------------------------------------------------------------

// A unit in both vocabularies: Recognizers' name ("Kilometer") and the
// symbols our stage may write ("km"), with a factor to a base unit shared by
// every unit of the same `group`, so that "6 Mile" matches "9.656064 km".
struct UnitEntry {
  std::string_view name;
  std::string_view group;
  double factor;
  std::vector<std::string_view> symbols;
};

const std::vector<UnitEntry>& Units() {
  static const auto* units = new std::vector<UnitEntry>{
      // Length, metres.
      {"Kilometer", "length", 1e3, {"km"}},
      {"Meter", "length", 1, {"m"}},
      {"Decimeter", "length", 0.1, {"dm"}},
      {"Centimeter", "length", 0.01, {"cm"}},
      {"Millimeter", "length", 1e-3, {"mm"}},
      {"Micrometer", "length", 1e-6, {"µm", "μm"}},
      {"Nanometer", "length", 1e-9, {"nm"}},
      {"Mile", "length", 1609.344, {"mi", "mile"}},
      {"Nautical mile", "length", 1852, {"nmi", "NM"}},
      {"Yard", "length", 0.9144, {"yd"}},
      {"Foot", "length", 0.3048, {"ft"}},
      {"Inch", "length", 0.0254, {"in"}},
      {"Light year", "length", 9.4607304725808e15, {"ly"}},
      // Mass, kilograms. Recognizers files gallons under "Weight" too; we
      // group them by what they measure.
      {"Ton", "mass", 1e3, {"t", "ton", "tonne"}},
      {"Metric ton", "mass", 1e3, {"t"}},
      {"Kilogram", "mass", 1, {"kg"}},
      {"Gram", "mass", 1e-3, {"g"}},
      {"Milligram", "mass", 1e-6, {"mg"}},
      {"Microgram", "mass", 1e-9, {"µg", "μg", "mcg", "ug"}},
      {"Pound", "mass", 0.45359237, {"lb"}},
      {"Ounce", "mass", 0.028349523125, {"oz"}},
      {"Stone", "mass", 6.35029318, {"st"}},
      // Volume, litres.
      {"Liter", "volume", 1, {"L", "l"}},
      {"Milliliter", "volume", 1e-3, {"mL", "ml"}},
      {"Centiliter", "volume", 1e-2, {"cL"}},
      {"Deciliter", "volume", 0.1, {"dL"}},
      {"Hectoliter", "volume", 100, {"hL"}},
      {"Cubic centimeter", "volume", 1e-3, {"cm³"}},
      {"Cubic yard", "volume", 764.554857984, {"yd³"}},
      {"Cubic inch", "volume", 0.016387064, {"in³"}},
      {"Teaspoon", "volume", 0.00492892159375, {"tsp"}},
      {"Tablespoon", "volume", 0.01478676478125, {"tbsp"}},
      {"Cubic meter", "volume", 1e3, {"m³", "m3"}},
      {"Gallon", "volume", 3.785411784, {"gal"}},
      {"Barrel", "volume", 158.987294928, {"bbl"}},
      {"Pint", "volume", 0.473176473, {"pt"}},
      {"Quart", "volume", 0.946352946, {"qt"}},
      {"Fluid ounce", "volume", 0.0295735295625, {"fl oz"}},
      {"Cubic foot", "volume", 28.316846592, {"ft³", "cu ft"}},
      // Area, square metres.
      {"Square meter", "area", 1, {"m²", "m2", "sq m"}},
      {"Square kilometer", "area", 1e6, {"km²", "km2", "sq km"}},
      {"Square foot", "area", 0.09290304, {"ft²", "sq ft"}},
      {"Square centimeter", "area", 1e-4, {"cm²"}},
      {"Square inch", "area", 0.00064516, {"in²"}},
      {"Square yard", "area", 0.83612736, {"yd²"}},
      {"Square mile", "area", 2589988.110336, {"mi²", "sq mi"}},
      {"Hectare", "area", 1e4, {"ha"}},
      {"Acre", "area", 4046.8564224, {"acre", "ac"}},
      // Information, bytes.
      {"Bit", "information", 0.125, {"bit", "b"}},
      {"Byte", "information", 1, {"B", "byte"}},
      {"Kilobit", "information", 125, {"kb", "kbit"}},
      {"Megabit", "information", 1.25e5, {"Mb", "Mbit"}},
      {"Gigabit", "information", 1.25e8, {"Gb", "Gbit"}},
      {"Terabit", "information", 1.25e11, {"Tb", "Tbit"}},
      {"Petabyte", "information", 1e15, {"PB"}},
      {"Kilobyte", "information", 1e3, {"KB", "kB"}},
      {"Megabyte", "information", 1e6, {"MB"}},
      {"Gigabyte", "information", 1e9, {"GB"}},
      {"Terabyte", "information", 1e12, {"TB"}},
      // Speed, metres per second.
      {"Kilometer per hour", "speed", 1 / 3.6, {"km/h", "kph"}},
      {"Mile per hour", "speed", 0.44704, {"mph"}},
      {"Meter per second", "speed", 1, {"m/s"}},
      {"Kilometer per second", "speed", 1e3, {"km/s"}},
      {"Foot per second", "speed", 0.3048, {"ft/s"}},
      {"Knot", "speed", 1852 / 3600.0, {"kn", "kt"}},
      // Angle, degrees.
      {"Degree", "angle", 1, {"°", "deg"}},
      {"Radian", "angle", 57.29577951308232, {"rad"}},
      // Energy (joules) and power (watts).
      {"Kilowatt hour", "energy", 3.6e6, {"kWh"}},
      {"Joule", "energy", 1, {"J"}},
      {"Calorie", "energy", 4.184, {"cal"}},
      {"Watt", "power", 1, {"W"}},
      {"Kilowatt", "power", 1e3, {"kW"}},
      {"Megawatt", "power", 1e6, {"MW"}},
      {"Gigawatt", "power", 1e9, {"GW"}},
      {"Horsepower", "power", 745.69987158227022, {"hp"}},
  };
  return *units;
}

const UnitEntry* UnitByName(std::string_view name) {
  for (const UnitEntry& u : Units()) {
    if (EqualsIgnoreCase(u.name, name)) return &u;
  }
  return nullptr;
}

// Symbols are case-sensitive ("MB" is not "Mb"); a unit spelled out by our
// stage ("kilometer") is accepted by name as well.
const UnitEntry* UnitBySymbol(std::string_view symbol) {
  for (const UnitEntry& u : Units()) {
    for (std::string_view s : u.symbols) {
      if (s == symbol) return &u;
    }
  }
  return UnitByName(symbol);
}

// Recognizers' temperature units and the symbols our stage writes for them.
bool TemperatureUnitMatches(std::string_view name, std::string_view symbol) {
  struct Entry {
    std::string_view name;
    std::vector<std::string_view> symbols;
  };
  static const auto* entries = new std::vector<Entry>{
      {"C", {"°C", "℃", "C"}},
      {"Celsius", {"°C", "℃", "C"}},
      {"F", {"°F", "℉", "F"}},
      {"Fahrenheit", {"°F", "℉", "F"}},
      {"K", {"K"}},
      {"Kelvin", {"K"}},
      {"Degree", {"°", "deg", ""}},
  };
  for (const Entry& e : *entries) {
    if (e.name != name) continue;
    return std::find(e.symbols.begin(), e.symbols.end(), symbol) != e.symbols.end();
  }
  return false;
}

// Length of one age unit in years; nullopt for unknown units. Accepts
// Recognizers' names ("Year") and the words our stage may keep ("months").
std::optional<double> YearsPerAgeUnit(std::string_view unit) {
  std::string u = absl::AsciiStrToLower(AsAbsl(unit));
  if (u.size() > 1 && u.back() == 's') u.pop_back();
  if (u.empty() || u == "year" || u == "yr" || u == "y" || u == "age") return 1.0;
  if (u == "month" || u == "mo") return 1.0 / 12;
  if (u == "week" || u == "wk") return 7 / 365.25;
  if (u == "day" || u == "d") return 1 / 365.25;
  return std::nullopt;
}

// ISO 4217 codes a Recognizers currency name without "isoCurrency" stands
// for ("Dollar" from a bare "$" is any dollar), and the factor from the
// spec's value to the main unit (cents are hundredths).
struct CurrencyName {
  std::string_view name;
  double factor;
  std::vector<std::string_view> codes;
};

const std::vector<CurrencyName>& CurrencyNames() {
  static const auto* names = new std::vector<CurrencyName>{
      {"Dollar", 1, {"USD", "CAD", "AUD", "NZD", "HKD", "SGD", "TWD"}},
      {"Cent", 0.01, {"USD", "CAD", "AUD", "NZD", "HKD", "SGD", "TWD", "EUR"}},
      {"Pound", 1, {"GBP", "EGP"}},
      {"Penny", 0.01, {"GBP"}},
      {"Pence", 0.01, {"GBP"}},
      {"Euro", 1, {"EUR"}},
      {"Yen", 1, {"JPY"}},
      {"Yuan", 1, {"CNY"}},
      {"Rupee", 1, {"INR", "PKR", "LKR", "NPR", "MUR", "SCR"}},
      {"Finnish markka", 1, {"FIM"}},
      {"Netherlands guilder", 1, {"NLG"}},
      {"Deutsche mark", 1, {"DEM"}},
      {"Mark", 1, {"DEM", "FIM"}},
      {"French franc", 1, {"FRF"}},
      {"Belgian franc", 1, {"BEF"}},
      {"Franc", 1, {"CHF", "FRF", "BEF", "XOF", "XAF"}},
      {"Peseta", 1, {"ESP"}},
      {"Krone", 1, {"SEK", "NOK", "DKK", "ISK"}},
      {"Peso", 1, {"MXN", "ARS", "CLP", "COP", "PHP", "UYU", "CUP", "DOP"}},
      {"Riyal", 1, {"SAR", "QAR", "OMR", "YER", "IRR"}},
      {"Dirham", 1, {"AED", "MAD"}},
      {"Ruble", 1, {"RUB", "BYN"}},
  };
  return *names;
}

bool CurrencyMatches(const SpecResult& want, const FigureMatch& got) {
  double factor = 1;
  bool code_ok = !want.iso_currency.empty() && want.iso_currency == got.currency;
  for (const CurrencyName& c : CurrencyNames()) {
    if (!EqualsIgnoreCase(c.name, want.unit)) continue;
    factor = c.factor;
    if (want.iso_currency.empty()) {
      code_ok = std::find(c.codes.begin(), c.codes.end(), got.currency) != c.codes.end();
    }
  }
  if (!code_ok) return false;
  std::optional<double> value = want.value ? ParseNumber(*want.value) : std::nullopt;
  if (want.value.has_value() && !value.has_value()) return false;
  if (value) *value *= factor;
  return NearlyEqual(value, got.value);
}

bool DimensionMatches(const SpecResult& want, const FigureMatch& got) {
  const UnitEntry* w = UnitByName(want.unit);
  const UnitEntry* g = UnitBySymbol(got.unit);
  if (w == nullptr || g == nullptr || w->group != g->group) return false;
  if (!want.value.has_value()) return !got.value.has_value();
  const std::optional<double> value = ParseNumber(*want.value);
  if (!value || !got.value) return false;
  return NearlyEqual(*value * w->factor, *got.value * g->factor, 1e-6);
}

bool TemperatureMatches(const SpecResult& want, const FigureMatch& got) {
  if (!TemperatureUnitMatches(want.unit, got.unit)) return false;
  const std::optional<double> value = want.value ? ParseNumber(*want.value) : std::nullopt;
  if (want.value.has_value() && !value.has_value()) return false;
  return NearlyEqual(value, got.value);
}

bool AgeMatches(const SpecResult& want, const FigureMatch& got) {
  const std::optional<double> want_years = YearsPerAgeUnit(want.unit);
  const std::optional<double> got_years = YearsPerAgeUnit(got.unit);
  if (!want_years || !got_years || !want.value) return false;
  const std::optional<double> value = ParseNumber(*want.value);
  if (!value || !got.value) return false;
  return NearlyEqual(*value * *want_years, *got.value * *got_years, 1e-3);
}

// ---- Number ranges -----------------------------------------------------------

// "(20,35]" -> ends and whether each is closed; an empty end is unbounded.
struct Interval {
  std::optional<double> low, high;
  bool low_closed = false, high_closed = false;
};

std::optional<Interval> ParseInterval(std::string_view s) {
  if (s.size() < 3) return std::nullopt;
  const char open = s.front(), close = s.back();
  if ((open != '(' && open != '[') || (close != ')' && close != ']')) return std::nullopt;
  const size_t comma = s.find(',');
  if (comma == std::string_view::npos) return std::nullopt;
  Interval iv;
  iv.low_closed = open == '[';
  iv.high_closed = close == ']';
  const std::string_view low = s.substr(1, comma - 1);
  const std::string_view high = s.substr(comma + 1, s.size() - comma - 2);
  if (!low.empty() && !(iv.low = ParseNumber(low))) return std::nullopt;
  if (!high.empty() && !(iv.high = ParseNumber(high))) return std::nullopt;
  return iv;
}

bool RangeMatches(const SpecResult& want, const FigureMatch& got) {
  if (!want.value) return false;
  const std::optional<Interval> iv = ParseInterval(*want.value);
  if (!iv) return false;
  // Our figure: explicit low/high, or one number with a comparative
  // qualifier ("more than 30" = value 30, MORE_THAN).
  std::optional<double> low = got.low, high = got.high;
  if (!low && !high && got.value) {
    switch (got.qualifier) {
      case v1::QUALIFIER_MORE_THAN:
      case v1::QUALIFIER_AT_LEAST:
        low = got.value;
        break;
      case v1::QUALIFIER_LESS_THAN:
      case v1::QUALIFIER_AT_MOST:
      case v1::QUALIFIER_UP_TO:
        high = got.value;
        break;
      default:
        return false;
    }
  }
  if (!NearlyEqual(iv->low, low) || !NearlyEqual(iv->high, high)) return false;
  // Openness is only known from a one-sided qualifier; a two-sided range
  // carries no per-end openness in our model, so its brackets are not
  // compared.
  if (iv->low.has_value() != iv->high.has_value()) {
    switch (got.qualifier) {
      case v1::QUALIFIER_MORE_THAN:
        return iv->low && !iv->low_closed;
      case v1::QUALIFIER_AT_LEAST:
        return iv->low && iv->low_closed;
      case v1::QUALIFIER_LESS_THAN:
        return iv->high && !iv->high_closed;
      case v1::QUALIFIER_AT_MOST:
      case v1::QUALIFIER_UP_TO:
        return iv->high && iv->high_closed;
      default:
        break;
    }
  }
  return true;
}

// ---- Dates and times ---------------------------------------------------------

// A point in time as either side writes it: "2016-11-07", "2016-11-07
// 08:00:00", "T19:56:30", "19:56", "2026-11-24T15:00:00Z". Zones are
// dropped (the specs have none; our stage writes UTC).
struct Stamp {
  bool has_date = false;
  bool has_time = false;
  absl::CivilSecond at;
  // The last unit written: 1 day, 1 hour, 1 minute or 1 second.
  enum class Precision { kDay, kHour, kMinute, kSecond } precision = Precision::kDay;
};

bool ReadInt(std::string_view& s, size_t digits, int* out) {
  if (s.size() < digits) return false;
  int v = 0;
  for (size_t i = 0; i < digits; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
  }
  s.remove_prefix(digits);
  *out = v;
  return true;
}

bool Consume(std::string_view& s, char c) {
  if (s.empty() || s.front() != c) return false;
  s.remove_prefix(1);
  return true;
}

std::optional<Stamp> ParseStamp(std::string_view s) {
  Stamp st;
  int y = 1970, mo = 1, d = 1, h = 0, mi = 0, sec = 0;
  if (s.size() >= 10 && s[4] == '-' && s[7] == '-') {
    if (!ReadInt(s, 4, &y) || !Consume(s, '-') || !ReadInt(s, 2, &mo) || !Consume(s, '-') ||
        !ReadInt(s, 2, &d)) {
      return std::nullopt;
    }
    st.has_date = true;
  }
  if (!s.empty() && (s.front() == 'T' || s.front() == ' ')) s.remove_prefix(1);
  if (!s.empty() && std::isdigit(static_cast<unsigned char>(s.front()))) {
    if (!ReadInt(s, 2, &h)) return std::nullopt;
    st.has_time = true;
    st.precision = Stamp::Precision::kHour;
    if (Consume(s, ':')) {
      if (!ReadInt(s, 2, &mi)) return std::nullopt;
      st.precision = Stamp::Precision::kMinute;
      if (Consume(s, ':')) {
        if (!ReadInt(s, 2, &sec)) return std::nullopt;
        st.precision = Stamp::Precision::kSecond;
        if (Consume(s, '.')) {
          while (!s.empty() && std::isdigit(static_cast<unsigned char>(s.front()))) {
            s.remove_prefix(1);
          }
        }
      }
    }
  }
  // A zone designator may follow; anything else is not a stamp.
  if (!s.empty() && s != "Z" && s.front() != '+' && s.front() != '-') return std::nullopt;
  if (!st.has_date && !st.has_time) return std::nullopt;
  st.at = absl::CivilSecond(y, mo, d, h, mi, sec);
  return st;
}

// Whether `got` denotes `want` on the parts `want` has (a time-only spec
// value ignores our date).
bool SamePoint(const Stamp& want, const Stamp& got) {
  if (want.has_date && (!got.has_date || absl::CivilDay(want.at) != absl::CivilDay(got.at))) {
    return false;
  }
  if (want.has_time) {
    if (!got.has_time && want.at != absl::CivilSecond(absl::CivilDay(want.at))) return false;
    const auto tod = [](const absl::CivilSecond& t) {
      return t - absl::CivilSecond(absl::CivilDay(t));
    };
    return tod(want.at) == tod(got.at);
  }
  return true;
}

// Our inclusive end against the spec's exclusive end. Recognizers is not
// consistent ("from 4-23" ends at the 23rd itself), so both the same point
// and the point one unit of our precision later are accepted.
bool SameEnd(const Stamp& want, const Stamp& got) {
  if (SamePoint(want, got)) return true;
  Stamp next = got;
  switch (got.precision) {
    case Stamp::Precision::kDay:
      next.at = absl::CivilSecond(absl::CivilDay(got.at) + 1);
      break;
    case Stamp::Precision::kHour:
      next.at = got.at + 3600;
      break;
    case Stamp::Precision::kMinute:
      next.at = got.at + 60;
      break;
    case Stamp::Precision::kSecond:
      next.at = got.at + 1;
      break;
  }
  return SamePoint(want, next);
}

// Our begin and end, from `begin`/`end` or an interval `value` "a/b".
std::pair<std::string, std::string> OurBounds(const v1::ResolvedDate& date) {
  if (!date.begin().empty() || !date.end().empty()) return {date.begin(), date.end()};
  const size_t slash = date.value().find('/');
  if (slash != std::string::npos) {
    return {date.value().substr(0, slash), date.value().substr(slash + 1)};
  }
  return {date.value(), date.value()};
}

bool DateValueMatches(const SpecDateValue& want, std::string_view type, const FigureMatch& got) {
  // Sets, and values Recognizers leaves "not resolved" ("fiscal year 2008"),
  // have nothing to compare.
  if (type == "set" || want.value == "not resolved") return true;
  if (type == "duration") {
    return got.kind == v1::FIGURE_KIND_DURATION && NearlyEqual(ParseNumber(want.value), got.value);
  }
  if (!got.date.has_value() || !got.date->resolved()) return false;
  if (type == "date" || type == "time" || type == "datetime") {
    const std::optional<Stamp> w = ParseStamp(want.value);
    if (!w) return false;
    // A point of ours is its `value`; a whole-day figure may only have
    // begin == end.
    std::optional<Stamp> g = ParseStamp(got.date->value());
    if (!g) g = ParseStamp(OurBounds(*got.date).first);
    return g.has_value() && SamePoint(*w, *g);
  }
  if (type == "daterange" || type == "timerange" || type == "datetimerange") {
    if (want.start.empty() && want.end.empty() && !want.value.empty()) {
      // An approximate point ("around 1pm", Mod "approx") is a range type
      // with only a `value`: compare it as the point it is.
      return DateValueMatches(want, "datetime", got);
    }
    const auto [begin, end] = OurBounds(*got.date);
    if (!want.start.empty()) {
      const std::optional<Stamp> w = ParseStamp(want.start), g = ParseStamp(begin);
      if (!w || !g || !SamePoint(*w, *g)) return false;
    }
    if (!want.end.empty()) {
      const std::optional<Stamp> w = ParseStamp(want.end), g = ParseStamp(end);
      if (!w || !g || !SameEnd(*w, *g)) return false;
    }
    return !want.start.empty() || !want.end.empty();
  }
  return false;
}

bool DateTimeMatches(const SpecResult& want, const FigureMatch& got) {
  const size_t dot = want.type_name.find('.');
  const std::string_view fallback_type = dot == std::string::npos
                                             ? std::string_view()
                                             : std::string_view(want.type_name).substr(dot + 1);
  for (const SpecDateValue& v : want.date_values) {
    if (DateValueMatches(v, v.type.empty() ? fallback_type : std::string_view(v.type), got)) {
      return true;
    }
  }
  return false;
}

// Which of our kinds a datetimeV2 type may come out as.
bool DateTimeKindCompatible(std::string_view type_name, v1::FigureKind kind) {
  const size_t dot = type_name.find('.');
  const std::string_view type =
      dot == std::string_view::npos ? type_name : type_name.substr(dot + 1);
  if (type == "date" || type == "daterange") return kind == v1::FIGURE_KIND_DATE;
  if (type == "time" || type == "timerange" || type == "timezone") {
    return kind == v1::FIGURE_KIND_TIME;
  }
  if (type == "duration") return kind == v1::FIGURE_KIND_DURATION;
  // datetime, datetimerange ("tuesday in the morning") and set ("every
  // day") sit between our date and time kinds.
  return kind == v1::FIGURE_KIND_DATE || kind == v1::FIGURE_KIND_TIME;
}

// ---- Spans -------------------------------------------------------------------

// Leading qualifier phrases (v1::Qualifier) that Recognizers leaves out of
// number, money and unit spans. Longest first.
constexpr std::string_view kQualifierPhrases[] = {
    // Comparisons (figures.h): "greater than 30", "exceeding 3,000".
    "equal to or greater than", "equal to or more than", "equal to or less than",
    "equal to or fewer than", "larger than or equal to", "more than or equal to",
    "smaller than or equal to", "fewer than or equal to", "higher than or equal to",
    "lower than or equal to", "beyond",
    "greater than or equal to", "less than or equal to", "greater than", "larger than",
    "higher than", "bigger than", "smaller than", "lower than", "exceeding", "exceeds", "exceed",
    "surpassing", "surpasses", "surpass", "as many as", "as much as",
    "no fewer than", "no more than", "no less than", "approximately", "fewer than",   "more than",
    "less than",     "at least",     "at most",      "precisely",     "an estimated", "estimated",
    "roughly",       "exactly",      "nearly",       "almost",        "around",       "about",
    "above",         "below",        "under",        "up to",         "over",         "some",
    "in excess of",  "upwards of",   "not more than", "not less than", "close to",     "circa",
};

uint32_t UnqualifiedBegin(std::string_view text, const FigureMatch& m) {
  if (m.qualifier == v1::QUALIFIER_UNSPECIFIED) return m.begin;
  const std::string_view figure = text.substr(m.begin, m.end - m.begin);
  for (std::string_view phrase : kQualifierPhrases) {
    if (figure.size() <= phrase.size() || figure[phrase.size()] != ' ' ||
        !EqualsIgnoreCase(figure.substr(0, phrase.size()), phrase)) {
      continue;
    }
    size_t skip = phrase.size();
    while (skip < figure.size() && figure[skip] == ' ') ++skip;
    return m.begin + static_cast<uint32_t>(skip);
  }
  return m.begin;
}

uint32_t CodePointOffset(std::string_view text, uint32_t byte) {
  return static_cast<uint32_t>(
      pipeline::CodePointCount(text.substr(0, std::min<size_t>(byte, text.size()))));
}

std::string Describe(const SpecResult& r) {
  std::string out = absl::StrCat("'", r.text, "' [", r.begin, ",", r.end, ") ", r.type_name);
  if (r.value) absl::StrAppend(&out, " ", *r.value);
  if (!r.unit.empty()) absl::StrAppend(&out, " ", r.unit);
  if (!r.iso_currency.empty()) absl::StrAppend(&out, " ", r.iso_currency);
  for (const SpecDateValue& v : r.date_values) {
    absl::StrAppend(&out, " {", v.timex, " ", v.type);
    if (!v.value.empty()) absl::StrAppend(&out, " ", v.value);
    if (!v.start.empty() || !v.end.empty()) absl::StrAppend(&out, " ", v.start, "..", v.end);
    if (!v.mod.empty()) absl::StrAppend(&out, " mod=", v.mod);
    absl::StrAppend(&out, "}");
  }
  return out;
}

std::string Describe(std::string_view input, const SpecPrediction& p) {
  const FigureMatch& m = *p.match;
  std::string kind = v1::FigureKind_Name(m.kind);
  if (kind.rfind("FIGURE_KIND_", 0) == 0) kind = kind.substr(12);
  std::string out = absl::StrCat("'", AsAbsl(input.substr(m.begin, m.end - m.begin)), "' [",
                                 p.begin, ",", p.end, ") ", kind);
  if (m.value) absl::StrAppend(&out, " value=", *m.value);
  if (m.low) absl::StrAppend(&out, " low=", *m.low);
  if (m.high) absl::StrAppend(&out, " high=", *m.high);
  if (!m.unit.empty()) absl::StrAppend(&out, " unit=", m.unit);
  if (!m.currency.empty()) absl::StrAppend(&out, " ", m.currency);
  if (!m.relative_position.empty()) absl::StrAppend(&out, " ", AsAbsl(m.relative_position));
  if (m.qualifier != v1::QUALIFIER_UNSPECIFIED) {
    absl::StrAppend(&out, " ", v1::Qualifier_Name(m.qualifier));
  }
  if (m.date) {
    absl::StrAppend(&out, " {", m.date->resolved() ? "" : "unresolved ", m.date->value(), " ",
                    m.date->begin(), "..", m.date->end(), " ", m.date->relative(), "}");
  }
  return out;
}

// ---- JSON --------------------------------------------------------------------

// The member `key` of `o`, matched case-insensitively (the DateTime file
// spells "TypeName" as "Typename" in places).
simdjson::simdjson_result<simdjson::dom::element> Member(simdjson::dom::object o,
                                                         std::string_view key) {
  for (auto field : o) {
    if (EqualsIgnoreCase(field.key, key)) {
      return simdjson::simdjson_result<simdjson::dom::element>(simdjson::dom::element(field.value));
    }
  }
  return simdjson::NO_SUCH_FIELD;
}

// A string member as written, a number member in its JSON spelling, and
// empty for null or absent members.
std::optional<std::string> ScalarOf(simdjson::dom::object o, std::string_view key) {
  simdjson::dom::element e;
  if (Member(o, key).get(e) != simdjson::SUCCESS || e.is_null()) return std::nullopt;
  std::string_view s;
  if (e.get_string().get(s) == simdjson::SUCCESS) return std::string(s);
  return simdjson::minify(e);
}

std::string StringOf(simdjson::dom::object o, std::string_view key) {
  return ScalarOf(o, key).value_or("");
}

std::vector<std::string> Platforms(std::string_view list) {
  std::vector<std::string> out;
  for (absl::string_view p : absl::StrSplit(AsAbsl(list), ',', absl::SkipWhitespace())) {
    out.push_back(absl::AsciiStrToLower(absl::StripAsciiWhitespace(p)));
  }
  return out;
}

// "2017-09-28T14:11:10.9626841" (no zone) as UTC.
std::optional<absl::Time> ParseReference(std::string_view s) {
  const std::optional<Stamp> st = ParseStamp(s);
  if (!st || !st->has_date) return std::nullopt;
  return absl::FromCivil(st->at, absl::UTCTimeZone());
}

absl::StatusOr<SpecResult> ParseResult(simdjson::dom::object r, std::string_view input,
                                       uint32_t input_length) {
  SpecResult out;
  out.text = StringOf(r, "Text");
  out.type_name = StringOf(r, "TypeName");
  int64_t start = 0, end = 0;
  if (Member(r, "Start").get_int64().get(start) != simdjson::SUCCESS ||
      Member(r, "End").get_int64().get(end) != simdjson::SUCCESS || start < 0 || end < start - 1 ||
      end >= input_length) {
    return absl::DataLossError(
        absl::StrCat("result '", out.text, "' of '", AsAbsl(input), "' has bad Start/End"));
  }
  out.begin = static_cast<uint32_t>(start);
  out.end = static_cast<uint32_t>(end + 1);
  simdjson::dom::object res;
  if (Member(r, "Resolution").get_object().get(res) != simdjson::SUCCESS) return out;
  out.value = ScalarOf(res, "value");
  out.unit = StringOf(res, "unit");
  out.iso_currency = StringOf(res, "isoCurrency");
  simdjson::dom::array values;
  if (Member(res, "values").get_array().get(values) == simdjson::SUCCESS) {
    for (simdjson::dom::element v : values) {
      simdjson::dom::object vo;
      if (v.get_object().get(vo) != simdjson::SUCCESS) continue;
      out.date_values.push_back(SpecDateValue{StringOf(vo, "timex"), StringOf(vo, "type"),
                                              StringOf(vo, "value"), StringOf(vo, "start"),
                                              StringOf(vo, "end"), StringOf(vo, "Mod")});
    }
  }
  return out;
}

}  // namespace

absl::Span<const SpecFamilyInfo> SpecFamilies() { return kFamilies; }

bool SpecCase::NotSupportedOn(std::string_view platform) const {
  return std::find(not_supported.begin(), not_supported.end(), platform) != not_supported.end();
}

absl::StatusOr<std::vector<SpecCase>> ParseSpecCases(std::string_view json) {
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(json);
  simdjson::dom::array cases;
  if (parser.parse(padded).get_array().get(cases) != simdjson::SUCCESS) {
    return absl::DataLossError("spec file is not a JSON list");
  }
  std::vector<SpecCase> out;
  for (simdjson::dom::element e : cases) {
    simdjson::dom::object o;
    std::string_view input;
    simdjson::dom::array results;
    if (e.get_object().get(o) != simdjson::SUCCESS ||
        Member(o, "Input").get_string().get(input) != simdjson::SUCCESS ||
        Member(o, "Results").get_array().get(results) != simdjson::SUCCESS) {
      return absl::DataLossError(absl::StrCat("case ", out.size() + 1, " lacks Input/Results"));
    }
    SpecCase c;
    c.input = std::string(input);
    simdjson::dom::object context;
    std::string_view reference;
    if (Member(o, "Context").get_object().get(context) == simdjson::SUCCESS &&
        Member(context, "ReferenceDateTime").get_string().get(reference) == simdjson::SUCCESS) {
      c.reference = ParseReference(reference);
      if (!c.reference) {
        return absl::DataLossError(absl::StrCat("bad ReferenceDateTime '", AsAbsl(reference), "'"));
      }
    }
    for (std::string_view key : {"NotSupported", "NotSupportedByDesign"}) {
      for (std::string& p : Platforms(StringOf(o, key))) c.not_supported.push_back(std::move(p));
    }
    const auto length = static_cast<uint32_t>(pipeline::CodePointCount(c.input));
    for (simdjson::dom::element r : results) {
      simdjson::dom::object ro;
      if (r.get_object().get(ro) != simdjson::SUCCESS) {
        return absl::DataLossError(
            absl::StrCat("a result of '", AsAbsl(input), "' is not an object"));
      }
      absl::StatusOr<SpecResult> result = ParseResult(ro, input, length);
      if (!result.ok()) return result.status();
      c.results.push_back(*std::move(result));
    }
    out.push_back(std::move(c));
  }
  return out;
}

absl::StatusOr<std::vector<SpecCase>> LoadSpecCases(const std::string& path) {
  simdjson::padded_string json;
  if (simdjson::padded_string::load(path).get(json) != simdjson::SUCCESS) {
    return absl::NotFoundError(absl::StrCat("cannot read ", path));
  }
  absl::StatusOr<std::vector<SpecCase>> cases = ParseSpecCases(json);
  if (!cases.ok()) return absl::DataLossError(absl::StrCat(path, ": ", cases.status().message()));
  return cases;
}

bool InSpecFamily(SpecFamily family, const FigureMatch& m) {
  const bool range = m.low.has_value() || m.high.has_value();
  switch (family) {
    case SpecFamily::kNumber:
      return m.kind == v1::FIGURE_KIND_CARDINAL && !range;
    case SpecFamily::kOrdinal:
      return m.kind == v1::FIGURE_KIND_ORDINAL;
    case SpecFamily::kPercent:
      return m.kind == v1::FIGURE_KIND_PERCENT || m.kind == v1::FIGURE_KIND_PERCENTAGE_POINTS;
    case SpecFamily::kNumberRange:
      return m.kind == v1::FIGURE_KIND_CARDINAL &&
             (range || m.qualifier == v1::QUALIFIER_MORE_THAN ||
              m.qualifier == v1::QUALIFIER_AT_LEAST || m.qualifier == v1::QUALIFIER_LESS_THAN ||
              m.qualifier == v1::QUALIFIER_AT_MOST || m.qualifier == v1::QUALIFIER_UP_TO);
    case SpecFamily::kCurrency:
      return m.kind == v1::FIGURE_KIND_MONEY;
    case SpecFamily::kDimension:
      return m.kind == v1::FIGURE_KIND_QUANTITY && m.dimension != v1::DIMENSION_TEMPERATURE &&
             m.dimension != v1::DIMENSION_DURATION;
    case SpecFamily::kTemperature:
      return m.kind == v1::FIGURE_KIND_QUANTITY && m.dimension == v1::DIMENSION_TEMPERATURE;
    case SpecFamily::kAge:
      return m.kind == v1::FIGURE_KIND_AGE;
    case SpecFamily::kDateTime:
      return m.kind == v1::FIGURE_KIND_DATE || m.kind == v1::FIGURE_KIND_TIME ||
             m.kind == v1::FIGURE_KIND_DURATION;
  }
  return false;
}

bool SpanMatches(SpecFamily family, const SpecResult& want, const SpecPrediction& got) {
  if (got.end != want.end) return false;
  switch (family) {
    case SpecFamily::kDateTime:
      return got.begin == want.begin && DateTimeKindCompatible(want.type_name, got.match->kind);
    case SpecFamily::kNumberRange: {
      // A comparative qualifier is part of a range ("more than 30"); an
      // approximation before a two-sided range ("about 20-100") is not, in
      // Recognizers' spans.
      const v1::Qualifier q = got.match->qualifier;
      const bool approximation = q == v1::QUALIFIER_APPROXIMATELY ||
                                 q == v1::QUALIFIER_NEARLY || q == v1::QUALIFIER_EXACTLY;
      return got.begin == want.begin || (approximation && got.unqualified_begin == want.begin);
    }
    default:
      return got.begin == want.begin || got.unqualified_begin == want.begin;
  }
}

bool ValueMatches(SpecFamily family, const SpecResult& want, const FigureMatch& got) {
  switch (family) {
    case SpecFamily::kNumber:
    case SpecFamily::kOrdinal: {
      // Relative ordinals carry their position in the same notation
      // ("end-1", "current+1") and no value.
      if (want.type_name == "ordinal.relative") {
        return want.value.has_value() && got.relative_position == *want.value &&
               !got.value.has_value();
      }
      const std::optional<double> value = want.value ? ParseNumber(*want.value) : std::nullopt;
      return value.has_value() && NearlyEqual(value, got.value);
    }
    case SpecFamily::kPercent: {
      if (!want.value || *want.value == "null") return !got.value.has_value();
      std::string_view v = *want.value;
      if (!v.empty() && v.back() == '%') v.remove_suffix(1);
      const std::optional<double> value = ParseNumber(v);
      return value.has_value() && NearlyEqual(value, got.value);
    }
    case SpecFamily::kNumberRange:
      return RangeMatches(want, got);
    case SpecFamily::kCurrency:
      return CurrencyMatches(want, got);
    case SpecFamily::kDimension:
      return DimensionMatches(want, got);
    case SpecFamily::kTemperature:
      return TemperatureMatches(want, got);
    case SpecFamily::kAge:
      return AgeMatches(want, got);
    case SpecFamily::kDateTime:
      return DateTimeMatches(want, got);
  }
  return false;
}

SpecCounts& SpecCounts::operator+=(const SpecCounts& o) {
  gold += o.gold;
  predicted += o.predicted;
  span_tp += o.span_tp;
  value_tp += o.value_tp;
  return *this;
}

SpecCaseOutcome ScoreCase(SpecFamily family, const SpecCase& c, absl::Span<const FigureMatch> got) {
  // Recognizers' number model also reads the number inside an amount of
  // money ("$20" -> 20), which we report as one MONEY figure. For the Number
  // family an amount written after a currency symbol or code ("$20", "US$5
  // million") also counts as its number, from the first digit to the end.
  std::vector<FigureMatch> numbers_in_money;
  if (family == SpecFamily::kNumber) {
    numbers_in_money.reserve(got.size());
    for (const FigureMatch& m : got) {
      if (m.kind != v1::FIGURE_KIND_MONEY || !m.value.has_value() || m.end > c.input.size()) {
        continue;
      }
      const std::string_view text = std::string_view(c.input).substr(m.begin, m.end - m.begin);
      const size_t digit = text.find_first_of("0123456789");
      if (digit == 0 || digit == std::string_view::npos ||
          text.substr(0, digit).find(' ') != std::string_view::npos) {
        continue;
      }
      FigureMatch number;
      number.kind = v1::FIGURE_KIND_CARDINAL;
      number.begin = m.begin + static_cast<uint32_t>(digit);
      number.end = m.end;
      number.value = m.value;
      numbers_in_money.push_back(std::move(number));
    }
  }
  std::vector<SpecPrediction> predictions;
  std::vector<const FigureMatch*> all;
  for (const FigureMatch& m : got) all.push_back(&m);
  for (const FigureMatch& m : numbers_in_money) all.push_back(&m);
  for (const FigureMatch* mp : all) {
    const FigureMatch& m = *mp;
    if (!InSpecFamily(family, m) || m.end > c.input.size() || m.begin > m.end) continue;
    predictions.push_back(SpecPrediction{CodePointOffset(c.input, m.begin),
                                         CodePointOffset(c.input, m.end), &m,
                                         CodePointOffset(c.input, UnqualifiedBegin(c.input, m))});
  }
  SpecCaseOutcome outcome;
  outcome.counts.gold = static_cast<int64_t>(c.results.size());
  outcome.counts.predicted = static_cast<int64_t>(predictions.size());
  // Two independent one-to-one matchings: by span, and by span and value.
  std::vector<bool> span_used(predictions.size()), value_used(predictions.size());
  for (const SpecResult& want : c.results) {
    for (size_t i = 0; i < predictions.size(); ++i) {
      if (span_used[i] || !SpanMatches(family, want, predictions[i])) continue;
      span_used[i] = true;
      ++outcome.counts.span_tp;
      break;
    }
    bool found = false;
    for (size_t i = 0; i < predictions.size() && !found; ++i) {
      if (value_used[i] || !SpanMatches(family, want, predictions[i]) ||
          !ValueMatches(family, want, *predictions[i].match)) {
        continue;
      }
      value_used[i] = found = true;
      ++outcome.counts.value_tp;
    }
    outcome.value_matched.push_back(found);
    if (!found) outcome.expected_missed.push_back(Describe(want));
  }
  for (size_t i = 0; i < predictions.size(); ++i) {
    if (!value_used[i]) outcome.got_unmatched.push_back(Describe(c.input, predictions[i]));
  }
  return outcome;
}

void SpecTally::Add(const SpecCase& c, const SpecCaseOutcome& outcome) {
  ++cases_;
  all_ += outcome.counts;
  if (!c.not_supported.empty()) ++not_supported_cases_;
  for (size_t i = 0; i < c.results.size() && i < outcome.value_matched.size(); ++i) {
    auto& [matched, gold] = recall_by_type_[c.results[i].type_name];
    matched += outcome.value_matched[i] ? 1 : 0;
    ++gold;
  }
  if (c.UnsupportedByJsAndPython()) {
    ++js_python_unsupported_cases_;
  } else {
    supported_ += outcome.counts;
  }
}

}  // namespace wirelens::stages::figures
