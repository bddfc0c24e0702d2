// File: metrics.h
//
// A small, lock-free-on-the-hot-path metrics registry rendered in the
// Prometheus text exposition format (version 0.0.4). Counters, gauges and
// histograms, each optionally labelled; plus collectors, callbacks that add
// samples computed at scrape time (e.g. consumer lag from librdkafka's
// statistics).
//
// Lifecycle and thread-safety: create metrics at startup or lazily from any
// thread; the returned references stay valid for the registry's lifetime.
// Updating a metric is a relaxed atomic operation. Render() may run
// concurrently with updates.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace wirelens::pipeline {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void Increment(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

class Gauge {
 public:
  void Set(int64_t v) { value_.store(v, std::memory_order_relaxed); }
  void Add(int64_t d) { value_.fetch_add(d, std::memory_order_relaxed); }
  int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

// Cumulative histogram with fixed upper bounds (seconds, bytes, ...).
class Histogram {
 public:
  explicit Histogram(std::vector<double> upper_bounds);
  void Observe(double value);

  struct Snapshot {
    std::vector<double> upper_bounds;
    std::vector<uint64_t> cumulative_counts;  // one per bound, then +Inf
    uint64_t count = 0;
    double sum = 0;
  };
  Snapshot Read() const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // bounds_.size() + 1
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_micro_{0};  // sum in millionths, to stay atomic
};

// Default latency buckets, in seconds: 50 µs to 10 s.
std::vector<double> LatencyBuckets();

class MetricsRegistry {
 public:
  // Returns the metric with this name and labels, creating it (and its
  // family, with `help`) on first use. Names must be valid Prometheus names;
  // the same name must always be used with the same type.
  Counter& GetCounter(std::string_view name, std::string_view help, const Labels& labels = {});
  Gauge& GetGauge(std::string_view name, std::string_view help, const Labels& labels = {});
  Histogram& GetHistogram(std::string_view name, std::string_view help, const Labels& labels,
                          const std::vector<double>& upper_bounds = LatencyBuckets());

  // A collector appends complete exposition text (with its own # HELP and
  // # TYPE lines) at render time. It must be thread-safe.
  void AddCollector(std::function<void(std::string*)> collector);

  // The whole registry in Prometheus text format.
  std::string Render() const;

 private:
  enum class Type { kCounter, kGauge, kHistogram };
  struct Family {
    Type type;
    std::string help;
    // Keyed by the rendered label set, e.g. {stage="language"}.
    std::map<std::string, std::unique_ptr<Counter>> counters;
    std::map<std::string, std::unique_ptr<Gauge>> gauges;
    std::map<std::string, std::unique_ptr<Histogram>> histograms;
  };
  Family& GetFamily(std::string_view name, std::string_view help, Type type);

  mutable std::mutex mu_;
  std::map<std::string, Family, std::less<>> families_;
  std::vector<std::function<void(std::string*)>> collectors_;
};

// Renders a label set as {a="x",b="y"} with Prometheus escaping ("" if empty).
std::string RenderLabels(const Labels& labels);

}  // namespace wirelens::pipeline
