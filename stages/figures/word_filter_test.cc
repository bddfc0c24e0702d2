#include "stages/figures/word_filter.h"

#include <array>
#include <string>
#include <string_view>

#include "gtest/gtest.h"

namespace wirelens::stages::figures {
namespace {

TEST(WordShapeFilterTest, NeverRejectsAKeyInEitherCase) {
  WordShapeFilter f;
  for (const char* w : {"twenty", "dozen", "$", "US$", "a"}) f.Add(w);
  EXPECT_TRUE(f.MayContain("twenty"));
  EXPECT_TRUE(f.MayContain("Twenty"));
  EXPECT_TRUE(f.MayContain("TWENTY"));
  EXPECT_TRUE(f.MayContain("$"));
  EXPECT_TRUE(f.MayContain("US$"));
  EXPECT_TRUE(f.MayContain("A"));
  // Same first letter and length as a key: a "maybe", to be confirmed.
  EXPECT_TRUE(f.MayContain("tables"));
  // Different shape: rejected.
  EXPECT_FALSE(f.MayContain("soldiers"));
  EXPECT_FALSE(f.MayContain("twentyfold"));
  EXPECT_FALSE(f.MayContain(""));
}

TEST(WordShapeFilterTest, LongKeysMakeLongWordsMaybe) {
  WordShapeFilter f;
  EXPECT_FALSE(f.MayContain(std::string(70, 'x')));
  f.Add(std::string(70, 'y'));
  EXPECT_TRUE(f.MayContain(std::string(80, 'z')));
}

TEST(WordPairFilterTest, NeverRejectsAnAddedWordInEitherCase) {
  WordPairFilter f;
  for (std::string_view w : {"a", "three", "sixteen-chars-xx"}) f.Add(w.substr(0, 2), w.size());
  f.Add("l", 4);   // any four-byte word starting with "l"
  f.Add("ce", 7);  // any seven-byte word starting with "ce"
  for (std::string_view w : {"a", "A", "three", "THREE", "Three", "sixteen-chars-xx", "last",
                             "LIST", "Celsius", "century"}) {
    EXPECT_TRUE(f.MayContain(w.data(), w.size())) << w;
  }
  // Another length or another second byte, too long, empty.
  for (std::string_view w : {"an", "the", "thee", "lists", "cents", "sixteen-chars-xxx", ""}) {
    EXPECT_FALSE(f.MayContain(w.data(), w.size())) << w;
  }
}

TEST(ShortWordSetTest, ExactMembership) {
  ShortWordSet s;
  for (const char* w : {"the", "a", "next", "thanksgiving", "q3", "sixteen-chars-xx"}) {
    EXPECT_TRUE(s.Add(w));
  }
  EXPECT_FALSE(s.Add("seventeen-chars-xx"));
  EXPECT_FALSE(s.Add(""));
  EXPECT_TRUE(s.Contains("the"));
  EXPECT_TRUE(s.Contains("a"));
  EXPECT_TRUE(s.Contains("thanksgiving"));
  EXPECT_TRUE(s.Contains("sixteen-chars-xx"));
  EXPECT_FALSE(s.Contains("The"));  // exact bytes: callers lower-case
  EXPECT_FALSE(s.Contains("then"));
  EXPECT_FALSE(s.Contains("th"));
  EXPECT_FALSE(s.Contains(""));
  EXPECT_FALSE(s.Contains("seventeen-chars-xx"));
}

TEST(ShortWordSetTest, PaddedLookupIgnoresBytesPastTheSize) {
  ShortWordSet s;
  s.Add("monday");
  std::array<char, 23> buf{};
  const std::string w = "monday";
  w.copy(buf.data(), w.size());
  EXPECT_TRUE(s.ContainsPadded(buf.data(), w.size()));
  EXPECT_FALSE(s.ContainsPadded(buf.data(), 3));  // "mon"
  s.Add("mon");
  EXPECT_TRUE(s.ContainsPadded(buf.data(), 3));
  const std::string longer = "wednesdays-xyz";  // 14 bytes, then "monday" bytes
  std::array<char, 23> buf2{};
  (longer + "abc").copy(buf2.data(), longer.size() + 3);
  s.Add(longer);
  EXPECT_TRUE(s.ContainsPadded(buf2.data(), longer.size()));
  EXPECT_FALSE(s.ContainsPadded(buf.data(), 0));
}

TEST(ShortWordSetTest, PackedKeysOfEveryLength) {
  // Every length from 1 to 16 (the overlapping loads of each range), and
  // words that differ only in their last byte.
  const std::string text = "abcdefghijklmnopq";
  ShortWordSet s;
  for (size_t n = 1; n <= 16; ++n) EXPECT_TRUE(s.Add(text.substr(0, n)));
  for (size_t n = 1; n <= 16; ++n) {
    std::string w = text.substr(0, n);
    EXPECT_TRUE(s.Contains(w)) << n;
    w.back() = 'z';
    EXPECT_FALSE(s.Contains(w)) << n;
    EXPECT_FALSE(s.Contains(text.substr(1, n))) << n;
  }
}

TEST(ShortWordSetTest, ManyWordsStillExact) {
  ShortWordSet s;
  for (int i = 0; i < 500; ++i) s.Add("w" + std::to_string(i));
  for (int i = 0; i < 500; ++i) EXPECT_TRUE(s.Contains("w" + std::to_string(i))) << i;
  for (int i = 500; i < 1000; ++i) EXPECT_FALSE(s.Contains("w" + std::to_string(i))) << i;
}

TEST(ShortWordMapTest, ValuesAndReplacement) {
  ShortWordMap<int> m;
  m.Add("twenty-four", 24);
  m.Add("seven", 7);
  ASSERT_NE(m.Find("twenty-four"), nullptr);
  EXPECT_EQ(*m.Find("twenty-four"), 24);
  EXPECT_EQ(*m.Find("seven"), 7);
  EXPECT_EQ(m.Find("eight"), nullptr);
  m.Add("seven", 70);
  EXPECT_EQ(*m.Find("seven"), 70);
  std::array<char, 23> buf{};
  std::string("seventeen").copy(buf.data(), 9);
  EXPECT_EQ(m.FindPadded(buf.data(), 9), nullptr);
  EXPECT_EQ(*m.FindPadded(buf.data(), 5), 70);
  // The replaced value survives the table's growth.
  for (int i = 0; i < 100; ++i) m.Add("w" + std::to_string(i), i);
  EXPECT_EQ(*m.Find("seven"), 70);
  EXPECT_EQ(*m.Find("w99"), 99);
}

TEST(ShortWordSetTest, LoweredLookupInsideAText) {
  ShortWordSet s;
  for (const char* w : {"a", "and", "forty", "sixteen-chars-xx", "\xC3\xA9t\xC3\xA9"}) s.Add(w);
  // Words far from the end (two loads) and near it (a copy).
  const std::string text =
      "A and FORTY Forty-two fortyish \xC3\xA9t\xC3\xA9 x SIXTEEN-CHARS-XX and";
  auto at = [&text](std::string_view word) { return text.find(word); };
  EXPECT_TRUE(s.ContainsLowered(text, at("A"), 1));
  EXPECT_TRUE(s.ContainsLowered(text, at("and"), 3));
  EXPECT_TRUE(s.ContainsLowered(text, at("FORTY"), 5));
  EXPECT_TRUE(s.ContainsLowered(text, at("Forty-two"), 5));  // the head
  EXPECT_FALSE(s.ContainsLowered(text, at("Forty-two"), 9));
  EXPECT_FALSE(s.ContainsLowered(text, at("fortyish"), 8));
  EXPECT_FALSE(s.ContainsLowered(text, at("fortyish"), 4));
  EXPECT_TRUE(s.ContainsLowered(text, at("\xC3\xA9t\xC3\xA9"), 5));
  EXPECT_FALSE(s.ContainsLowered(text, at("x "), 1));
  EXPECT_TRUE(s.ContainsLowered(text, at("SIXTEEN"), 16));
  EXPECT_TRUE(s.ContainsLowered(text, text.size() - 3, 3));
  EXPECT_FALSE(s.ContainsLowered(text, text.size() - 2, 2));
  EXPECT_FALSE(s.ContainsLowered(text, 0, 0));
  EXPECT_FALSE(s.ContainsLowered(text, 0, 17));
  // Only ASCII letters fold: "@" is not "`", though both have the same
  // low five bits.
  ShortWordSet t;
  t.Add("`b");
  EXPECT_TRUE(t.ContainsLowered("`B", 0, 2));
  EXPECT_FALSE(t.ContainsLowered("@b", 0, 2));
}

}  // namespace
}  // namespace wirelens::stages::figures
