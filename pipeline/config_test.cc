#include "pipeline/config.h"

#include <map>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wirelens::pipeline {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

FlagSet TestFlags() {
  return FlagSet("test", "wirelens test [flags]", "A test command.",
                 {{.name = "threads", .type = FlagType::kInt, .default_value = "2", .help = "Workers."},
                  {.name = "topic", .type = FlagType::kString, .default_value = "articles.raw", .help = "In."},
                  {.name = "verbose", .type = FlagType::kBool, .default_value = "false", .help = "Chatty."},
                  {.name = "timeout", .type = FlagType::kDuration, .default_value = "30s", .help = "Wait.", .unit = "duration"},
                  {.name = "stages", .type = FlagType::kList, .default_value = "", .help = "Stages."},
                  {.name = "output", .type = FlagType::kEnum, .default_value = "json", .help = "Out.", .choices = {"json", "pb"}},
                  {.name = "at", .type = FlagType::kTime, .default_value = "", .help = "When."}},
                 {{"kafka.", "librdkafka property."}});
}

TEST(FlagSetTest, DefaultsApplyWhenNothingIsSet) {
  FlagSet f = TestFlags();
  ASSERT_TRUE(f.Parse({}, FakeEnv({})).ok());
  EXPECT_EQ(f.GetInt("threads"), 2);
  EXPECT_EQ(f.GetString("topic"), "articles.raw");
  EXPECT_FALSE(f.GetBool("verbose"));
  EXPECT_EQ(f.GetDuration("timeout"), absl::Seconds(30));
  EXPECT_TRUE(f.GetList("stages").empty());
  EXPECT_FALSE(f.GetTime("at").has_value());
  EXPECT_FALSE(f.IsSet("threads"));
}

TEST(FlagSetTest, FlagsOverrideEnvironmentWhichOverridesDefaults) {
  FlagSet f = TestFlags();
  ASSERT_TRUE(f.Parse({"--threads=8", "file.json", "--verbose", "--stages", "language, figures"},
                      FakeEnv({{"WIRELENS_THREADS", "4"}, {"WIRELENS_TOPIC", "in"}}))
                  .ok());
  EXPECT_EQ(f.GetInt("threads"), 8);
  EXPECT_EQ(f.GetString("topic"), "in");
  EXPECT_TRUE(f.GetBool("verbose"));
  EXPECT_THAT(f.GetList("stages"), ElementsAre("language", "figures"));
  EXPECT_THAT(f.positional(), ElementsAre("file.json"));
}

TEST(FlagSetTest, RejectsBadValuesWithClearMessages) {
  FlagSet a = TestFlags();
  absl::Status s = a.Parse({"--threads=many"}, FakeEnv({}));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("not an integer"));

  FlagSet b = TestFlags();
  s = b.Parse({"--output=xml"}, FakeEnv({}));
  EXPECT_THAT(std::string(s.message()), HasSubstr("json|pb"));

  FlagSet c = TestFlags();
  s = c.Parse({"--nope=1"}, FakeEnv({}));
  EXPECT_THAT(std::string(s.message()), HasSubstr("unknown flag --nope"));

  FlagSet d = TestFlags();
  s = d.Parse({}, FakeEnv({{"WIRELENS_TIMEOUT", "soon"}}));
  EXPECT_THAT(std::string(s.message()), HasSubstr("WIRELENS_TIMEOUT"));

  FlagSet e = TestFlags();
  EXPECT_FALSE(e.Parse({"--topic"}, FakeEnv({})).ok());
}

TEST(FlagSetTest, ParsesTimesAndNegatedBools) {
  FlagSet f = TestFlags();
  ASSERT_TRUE(f.Parse({"--at=2026-11-24T09:30:00Z", "--no-verbose"}, FakeEnv({{"WIRELENS_VERBOSE", "1"}})).ok());
  ASSERT_TRUE(f.GetTime("at").has_value());
  EXPECT_EQ(absl::ToUnixSeconds(*f.GetTime("at")), 1795512600);
  EXPECT_FALSE(f.GetBool("verbose"));
}

TEST(FlagSetTest, PassesPrefixedOptionsThroughUnchanged) {
  FlagSet f = TestFlags();
  ASSERT_TRUE(f.Parse({"--kafka.bootstrap.servers=k1:9092", "--kafka.security.protocol", "SASL_SSL"},
                      FakeEnv({}))
                  .ok());
  auto kafka = f.Passthrough("kafka.");
  EXPECT_EQ(kafka["bootstrap.servers"], "k1:9092");
  EXPECT_EQ(kafka["security.protocol"], "SASL_SSL");
}

TEST(FlagSetTest, HelpAndDocsComeFromTheSameDefinitions) {
  FlagSet f = TestFlags();
  ASSERT_TRUE(f.Parse({"--help"}, FakeEnv({})).ok());
  EXPECT_TRUE(f.help_requested());
  const std::string help = f.Help();
  EXPECT_THAT(help, HasSubstr("--threads=<int>"));
  EXPECT_THAT(help, HasSubstr("WIRELENS_THREADS"));
  EXPECT_THAT(help, HasSubstr("--kafka.<property>=<value>"));
  const std::string md = f.Markdown();
  EXPECT_THAT(md, HasSubstr("| `--output` | `WIRELENS_OUTPUT` | json \\| pb | `json` |"));
}

}  // namespace
}  // namespace wirelens::pipeline
