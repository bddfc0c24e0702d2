#include "stages/language/script.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wirelens::stages::language {
namespace {

TEST(ScriptTest, ReportsDominantScript) {
  EXPECT_EQ(ProfileScript("The quick fox").script, "Latn");
  EXPECT_EQ(ProfileScript("Добрый вечер, друзья").script, "Cyrl");
  EXPECT_EQ(ProfileScript("مرحبا بكم في المدينة").script, "Arab");
  EXPECT_EQ(ProfileScript("Καλημέρα σε όλους").script, "Grek");
  EXPECT_EQ(ProfileScript("שלום לכולם").script, "Hebr");
}

TEST(ScriptTest, ResolvesCjk) {
  EXPECT_EQ(ProfileScript("我们这个国家的经济发展很快").script, "Hans");
  EXPECT_EQ(ProfileScript("我們這個國家的經濟發展很快").script, "Hant");
  EXPECT_EQ(ProfileScript("中文").script, "Hani");
  EXPECT_EQ(ProfileScript("東京で新しい電車が走り始めた").script, "Jpan");
  EXPECT_EQ(ProfileScript("서울에서 새로운 전시회가 열렸다").script, "Kore");
}

TEST(ScriptTest, NoLettersIsZyyy) {
  const ScriptProfile p = ProfileScript("12 345 -- !! 2026");
  EXPECT_EQ(p.script, "Zyyy");
  EXPECT_EQ(p.letters, 0u);
  EXPECT_EQ(p.share(), 0.0);
  EXPECT_EQ(ProfileScript("").script, "Zyyy");
}

TEST(ScriptTest, ShareCountsMixedText) {
  const ScriptProfile p = ProfileScript("abcd где");
  EXPECT_EQ(p.script, "Latn");
  EXPECT_EQ(p.letters, 7u);
  EXPECT_EQ(p.dominant_letters, 4u);
}

TEST(ScriptTest, SingleLanguageScripts) {
  EXPECT_EQ(SingleLanguageOfScript("Grek"), "el");
  EXPECT_EQ(SingleLanguageOfScript("Kore"), "ko");
  EXPECT_EQ(SingleLanguageOfScript("Jpan"), "ja");
  EXPECT_EQ(SingleLanguageOfScript("Hebr"), "he");
  EXPECT_EQ(SingleLanguageOfScript("Latn"), "");
  EXPECT_EQ(SingleLanguageOfScript("Cyrl"), "");
  EXPECT_EQ(SingleLanguageOfScript("Hani"), "");
}

}  // namespace
}  // namespace wirelens::stages::language
