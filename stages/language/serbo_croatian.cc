#include "stages/language/serbo_croatian.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <vector>

#include "pipeline/text.h"

namespace wirelens::stages::language {
namespace {

enum class Marker { kEkavian, kIjekavian, kSerbianBosnian, kCroatian };

struct MarkerWord {
  std::string_view word;
  Marker marker;
};

// Frequent words as written in Serbia (ekavian, plus a few Serbian-only
// forms such as "juče") next to their Croatian and Bosnian (ijekavian) form,
// then frequent vocabulary differences. Lowercase.
constexpr std::pair<std::string_view, std::string_view> kJatPairs[] = {
    {"gde", "gdje"},
    {"juče", "jučer"},
    {"ovde", "ovdje"},
    {"negde", "negdje"},
    {"vreme", "vrijeme"},
    {"pre", "prije"},
    {"posle", "poslije"},
    {"dete", "dijete"},
    {"deca", "djeca"},
    {"dece", "djece"},
    {"deci", "djeci"},
    {"lepo", "lijepo"},
    {"mesto", "mjesto"},
    {"mesta", "mjesta"},
    {"mestu", "mjestu"},
    {"svet", "svijet"},
    {"sveta", "svijeta"},
    {"svetu", "svijetu"},
    {"svetski", "svjetski"},
    {"svetske", "svjetske"},
    {"svetskog", "svjetskog"},
    {"uvek", "uvijek"},
    {"reč", "riječ"},
    {"reči", "riječi"},
    {"reka", "rijeka"},
    {"deo", "dio"},
    {"dela", "dijela"},
    {"delu", "dijelu"},
    {"ceo", "cijeli"},
    {"celog", "cijelog"},
    {"hteo", "htio"},
    {"video", "vidio"},
    {"videla", "vidjela"},
    {"videli", "vidjeli"},
    {"vera", "vjera"},
    {"verovatno", "vjerojatno"},
    {"mera", "mjera"},
    {"mere", "mjere"},
    {"meru", "mjeru"},
    {"merama", "mjerama"},
    {"menja", "mijenja"},
    {"promena", "promjena"},
    {"promene", "promjene"},
    {"promenu", "promjenu"},
    {"predsednik", "predsjednik"},
    {"predsednika", "predsjednika"},
    {"predsedniku", "predsjedniku"},
    {"primer", "primjer"},
    {"primera", "primjera"},
    {"vest", "vijest"},
    {"vesti", "vijesti"},
    {"sledeći", "sljedeći"},
    {"sledeće", "sljedeće"},
    {"cena", "cijena"},
    {"cene", "cijene"},
    {"cenu", "cijenu"},
    {"pesma", "pjesma"},
    {"sever", "sjever"},
    {"severu", "sjeveru"},
    {"smer", "smjer"},
    {"mesec", "mjesec"},
    {"meseci", "mjeseci"},
    {"meseca", "mjeseca"},
    {"lekova", "lijekova"},
    {"lekar", "liječnik"},
    {"tela", "tijela"},
    {"telo", "tijelo"},
    {"zahteva", "zahtijeva"},
    {"zahtev", "zahtjev"},
    {"zahteve", "zahtjeve"},
    {"odeljenje", "odjel"},
    {"razumeti", "razumjeti"},
    {"uspeh", "uspjeh"},
    {"uspeo", "uspio"},
    {"uspela", "uspjela"},
    {"sedište", "sjedište"},
    {"severne", "sjeverne"},
    {"letnji", "ljetni"},
    {"leto", "ljeto"},
    {"dve", "dvije"},
    {"izveštaj", "izvješće"},
    {"izveštaja", "izvješća"},
    {"ocena", "ocjena"},
    {"ocene", "ocjene"},
    {"ocenu", "ocjenu"},
    {"sprovesti", "provesti"},
};

constexpr std::pair<std::string_view, std::string_view> kVocabularyPairs[] = {
    {"hiljada", "tisuća"},
    {"hiljade", "tisuće"},
    {"takođe", "također"},
    {"evropski", "europski"},
    {"evropske", "europske"},
    {"evropska", "europska"},
    {"evropskoj", "europskoj"},
    {"evropskih", "europskih"},
    {"evropsku", "europsku"},
    {"evropa", "europa"},
    {"evrope", "europe"},
    {"evropi", "europi"},
    {"opština", "općina"},
    {"opštine", "općine"},
    {"opštini", "općini"},
    {"saradnja", "suradnja"},
    {"saradnje", "suradnje"},
    {"saradnju", "suradnju"},
    {"saradnji", "suradnji"},
    {"univerzitet", "sveučilište"},
    {"univerziteta", "sveučilišta"},
    {"istorija", "povijest"},
    {"istorije", "povijesti"},
    {"uslovi", "uvjeti"},
    {"uslova", "uvjeta"},
    {"tačno", "točno"},
    {"porodica", "obitelj"},
    {"porodice", "obitelji"},
    {"voz", "vlak"},
    {"hleb", "kruh"},
    {"muzika", "glazba"},
    {"fudbal", "nogomet"},
    {"jun", "lipanj"},
    {"jul", "srpanj"},
    {"avgust", "kolovoz"},
    {"septembar", "rujan"},
    {"oktobar", "listopad"},
    {"novembar", "studeni"},
    {"decembar", "prosinac"},
    {"januar", "siječanj"},
    {"februar", "veljača"},
    {"mart", "ožujak"},
    {"april", "travanj"},
    {"maj", "svibanj"},
    {"naučni", "znanstveni"},
    {"naučnici", "znanstvenici"},
    {"vazduh", "zrak"},
    {"bezbednost", "sigurnost"},
    {"bezbednosti", "sigurnosti"},
    {"ko", "tko"},
    {"hemijski", "kemijski"},
    {"organizovati", "organizirati"},
    {"sedmica", "tjedan"},
    {"sedmice", "tjedna"},
    {"nedelje", "tjedna"},
};

class MarkerIndex {
 public:
  MarkerIndex() {
    for (const auto& [ekavian, ijekavian] : kJatPairs) {
      Add(ekavian, Marker::kEkavian);
      Add(ijekavian, Marker::kIjekavian);
    }
    for (const auto& [serbian_bosnian, croatian] : kVocabularyPairs) {
      Add(serbian_bosnian, Marker::kSerbianBosnian);
      Add(croatian, Marker::kCroatian);
    }
    std::sort(words_.begin(), words_.end(),
              [](const MarkerWord& a, const MarkerWord& b) { return a.word < b.word; });
    // A word listed twice keeps its first reading; duplicates would only
    // double-count.
    words_.erase(
        std::unique(words_.begin(), words_.end(),
                    [](const MarkerWord& a, const MarkerWord& b) { return a.word == b.word; }),
        words_.end());
  }

  const MarkerWord* Find(std::string_view word) const {
    auto it = std::lower_bound(words_.begin(), words_.end(), word,
                               [](const MarkerWord& m, std::string_view w) { return m.word < w; });
    return it != words_.end() && it->word == word ? &*it : nullptr;
  }

 private:
  void Add(std::string_view word, Marker marker) { words_.push_back({word, marker}); }
  std::vector<MarkerWord> words_;
};

const MarkerIndex& Index() {
  static const MarkerIndex* const index = new MarkerIndex();
  return *index;
}

void Tally(const std::string& word, SerboCroatianEvidence* evidence) {
  if (word.empty()) return;
  const MarkerWord* m = Index().Find(word);
  if (m == nullptr) return;
  switch (m->marker) {
    case Marker::kEkavian:
      ++evidence->ekavian;
      break;
    case Marker::kIjekavian:
      ++evidence->ijekavian;
      break;
    case Marker::kSerbianBosnian:
      ++evidence->serbian_bosnian;
      break;
    case Marker::kCroatian:
      ++evidence->croatian;
      break;
  }
}

}  // namespace

SerboCroatianEvidence CountSerboCroatianMarkers(std::string_view text, size_t max_bytes,
                                                std::string* word) {
  SerboCroatianEvidence evidence;
  text = text.substr(0, std::min(max_bytes, text.size()));
  word->clear();
  size_t pos = 0;
  while (pos < text.size()) {
    const char32_t cp = pipeline::DecodeUtf8(text, &pos);
    if (cp != 0xFFFD && u_isalpha(cp)) {
      pipeline::AppendUtf8(static_cast<char32_t>(u_foldCase(cp, U_FOLD_CASE_DEFAULT)), word);
    } else {
      Tally(*word, &evidence);
      word->clear();
    }
  }
  Tally(*word, &evidence);
  word->clear();
  return evidence;
}

}  // namespace wirelens::stages::language
