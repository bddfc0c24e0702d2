#include "stages/language/iso_codes.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wirelens::stages::language {
namespace {

TEST(IsoCodesTest, FoldsCld2Quirks) {
  EXPECT_EQ(Cld2CodeToIso6391("iw"), "he");
  EXPECT_EQ(Cld2CodeToIso6391("jw"), "jv");
  EXPECT_EQ(Cld2CodeToIso6391("zh-Hant"), "zh");
  EXPECT_EQ(Cld2CodeToIso6391("zh"), "zh");
  EXPECT_EQ(Cld2CodeToIso6391("sr-ME"), "sr");
  EXPECT_EQ(Cld2CodeToIso6391("nb"), "no");
  EXPECT_EQ(Cld2CodeToIso6391("no"), "no");
  EXPECT_EQ(Cld2CodeToIso6391("nn"), "nn");
  EXPECT_EQ(Cld2CodeToIso6391("de"), "de");
}

TEST(IsoCodesTest, DropsCodesWithoutIso6391) {
  for (const char* code : {"haw", "ceb", "xx-Kana", "un", "xxx", "bh", "zzb", "", "EN"}) {
    EXPECT_EQ(Cld2CodeToIso6391(code), "") << code;
  }
  EXPECT_TRUE(IsIso6391("sw"));
  EXPECT_FALSE(IsIso6391("iw"));
}

}  // namespace
}  // namespace wirelens::stages::language
