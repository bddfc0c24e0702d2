#include "stages/language/language_identifier.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "stages/language/serbo_croatian.h"

namespace wirelens::stages::language {
namespace {

TEST(CloseGroupsTest, KnowsTheHardPairs) {
  EXPECT_EQ(CloseGroupOf("sr"), CloseGroupOf("hr"));
  EXPECT_EQ(CloseGroupOf("no"), CloseGroupOf("da"));
  EXPECT_EQ(CloseGroupOf("id"), CloseGroupOf("ms"));
  EXPECT_EQ(CloseGroupOf("uk"), CloseGroupOf("ru"));
  EXPECT_EQ(CloseGroupOf("gl"), CloseGroupOf("pt"));
  EXPECT_NE(CloseGroupOf("sr"), CloseGroupOf("no"));
  EXPECT_EQ(CloseGroupOf("en"), -1);
}

TEST(SerboCroatianTest, CountsMarkersCaseInsensitively) {
  std::string word;
  const SerboCroatianEvidence sr = CountSerboCroatianMarkers(
      "Predsednik je juče rekao da će Vreme pokazati gde su greške.", 1000, &word);
  EXPECT_EQ(sr.ekavian, 4);  // predsednik, juče, vreme, gde
  EXPECT_EQ(sr.ijekavian, 0);
  const SerboCroatianEvidence hr = CountSerboCroatianMarkers(
      "Predsjednik je jučer rekao da će vrijeme pokazati gdje su tisuće pogrešaka.", 1000, &word);
  EXPECT_EQ(hr.ekavian, 0);
  EXPECT_EQ(hr.ijekavian, 4);
  EXPECT_EQ(hr.croatian, 1);
  EXPECT_TRUE(CountSerboCroatianMarkers("Ovo je test bez markera.", 1000, &word).empty());
}

TEST(SerboCroatianTest, RespectsByteLimit) {
  std::string word;
  EXPECT_TRUE(CountSerboCroatianMarkers("neutralno gde", 9, &word).empty());
  EXPECT_EQ(CountSerboCroatianMarkers("neutralno gde", 100, &word).ekavian, 1);
}

}  // namespace
}  // namespace wirelens::stages::language
