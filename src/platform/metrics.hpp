// Prometheus metrics: request counts by route, method and status class, and latency histograms per
// route. Slots are allocated per route at start-up, so recording is a few relaxed atomic adds.
#pragma once
#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace rapport {

class Metrics {
 public:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  // One slot per route (method + pattern), plus one for requests that matched no route.
  void define_routes(const std::vector<std::pair<std::string, std::string>>& method_and_pattern);
  void record(std::size_t route_slot, int status, double seconds);
  std::size_t unmatched_slot() const { return slots_.size() - 1; }
  // Extra gauges rendered at scrape time (e.g. database pool use).
  void add_gauge(std::string name, std::string help, std::function<double()> read);
  // rapport_build_info{version,commit} 1: which build answers (labels are the build's, no user input).
  void set_build_info(std::string version, std::string commit);
  std::string render() const;

 private:
  struct Slot {
    std::string method, route;
    std::array<std::atomic<uint64_t>, 5> by_class{};  // 1xx..5xx
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets{};
    std::atomic<uint64_t> count{0};
    std::atomic<uint64_t> sum_us{0};
  };
  struct Gauge {
    std::string name, help;
    std::function<double()> read;
  };
  std::vector<std::unique_ptr<Slot>> slots_;
  std::vector<Gauge> gauges_;
  std::string build_version_, build_commit_;
};

}  // namespace rapport
