#include "pipeline/metrics.h"

#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wirelens::pipeline {
namespace {

using ::testing::HasSubstr;

TEST(MetricsTest, RendersCountersAndGaugesInPrometheusFormat) {
  MetricsRegistry registry;
  registry.GetCounter("wirelens_consumed_total", "Messages consumed.").Increment(3);
  registry.GetCounter("wirelens_stage_errors_total", "Stage errors.", {{"stage", "language"}}).Increment();
  registry.GetGauge("wirelens_in_flight", "Messages in flight.").Set(7);
  const std::string text = registry.Render();
  EXPECT_THAT(text, HasSubstr("# HELP wirelens_consumed_total Messages consumed.\n"
                              "# TYPE wirelens_consumed_total counter\n"
                              "wirelens_consumed_total 3\n"));
  EXPECT_THAT(text, HasSubstr("wirelens_stage_errors_total{stage=\"language\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE wirelens_in_flight gauge\nwirelens_in_flight 7\n"));
}

TEST(MetricsTest, SameNameAndLabelsIsTheSameMetric) {
  MetricsRegistry registry;
  Counter& a = registry.GetCounter("c_total", "c", {{"k", "v"}});
  Counter& b = registry.GetCounter("c_total", "c", {{"k", "v"}});
  Counter& other = registry.GetCounter("c_total", "c", {{"k", "w"}});
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &other);
}

TEST(MetricsTest, HistogramBucketsAreCumulative) {
  MetricsRegistry registry;
  Histogram& h = registry.GetHistogram("wirelens_stage_duration_seconds", "Stage time.",
                                       {{"stage", "language"}}, {0.001, 0.01, 0.1});
  h.Observe(0.0005);
  h.Observe(0.005);
  h.Observe(0.005);
  h.Observe(5);
  const std::string text = registry.Render();
  EXPECT_THAT(text, HasSubstr("wirelens_stage_duration_seconds_bucket{stage=\"language\",le=\"0.001\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("wirelens_stage_duration_seconds_bucket{stage=\"language\",le=\"0.01\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("wirelens_stage_duration_seconds_bucket{stage=\"language\",le=\"0.1\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("wirelens_stage_duration_seconds_bucket{stage=\"language\",le=\"+Inf\"} 4\n"));
  EXPECT_THAT(text, HasSubstr("wirelens_stage_duration_seconds_count{stage=\"language\"} 4\n"));
  EXPECT_THAT(text, HasSubstr("wirelens_stage_duration_seconds_sum{stage=\"language\"} 5.0105"));
}

TEST(MetricsTest, EscapesLabelValuesAndRunsCollectors) {
  MetricsRegistry registry;
  registry.GetGauge("g", "g", {{"topic", "a\"b\\c\nd"}}).Set(1);
  registry.AddCollector([](std::string* out) { *out += "# TYPE lag gauge\nlag{partition=\"0\"} 42\n"; });
  const std::string text = registry.Render();
  EXPECT_THAT(text, HasSubstr("g{topic=\"a\\\"b\\\\c\\nd\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("lag{partition=\"0\"} 42\n"));
}

TEST(MetricsTest, ConcurrentIncrementsAreNotLost) {
  MetricsRegistry registry;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        registry.GetCounter("n_total", "n").Increment();
        registry.GetHistogram("h", "h", {}).Observe(0.001);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(registry.GetCounter("n_total", "n").value(), 40000u);
  EXPECT_EQ(registry.GetHistogram("h", "h", {}).Read().count, 40000u);
}

}  // namespace
}  // namespace wirelens::pipeline
