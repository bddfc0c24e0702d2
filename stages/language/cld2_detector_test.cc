#include "stages/language/cld2_detector.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wirelens::stages::language {
namespace {

using ::testing::IsEmpty;
using ::testing::Not;

TEST(Cld2DetectorTest, MapsHebrewAndAbstainsOnEmpty) {
  const Cld2Result he =
      DetectWithCld2("הממשלה החליטה היום להשקיע סכום גדול בבניית בתי ספר חדשים בצפון הארץ", true);
  ASSERT_GT(he.count, 0);
  EXPECT_EQ(he.top(), "he");
  EXPECT_EQ(DetectWithCld2("", true).count, 0);
  EXPECT_THAT(std::string(Cld2Version()), Not(IsEmpty()));
}

}  // namespace
}  // namespace wirelens::stages::language
