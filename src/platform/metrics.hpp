// Prometheus metrics: request counts by route, method and status class, and latency histograms per
// route. Slots are allocated per route at start-up, so recording is a few relaxed atomic adds.
// Other values are read when scraped: gauges (a level now) and counters (events since start, whose
// names end in _total as Prometheus expects). docs/operations.md lists every metric.
#pragma once
#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rapport {

class Metrics {
 public:
  // Request latency buckets in seconds, up to 10 s (a slow export or report still lands in one).
  static constexpr std::array<double, 14> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,    0.25,  0.5,    1.0,   2.5,  5.0,   10.0};
  // Reads a value at scrape time; nullopt leaves the metric out of that scrape (nothing to report,
  // such as the age of a backup never taken).
  using Reader = std::function<std::optional<double>()>;

  // One slot per route (method + pattern), plus one for requests that matched no route.
  void define_routes(const std::vector<std::pair<std::string, std::string>>& method_and_pattern);
  void record(std::size_t route_slot, int status, double seconds);
  std::size_t unmatched_slot() const { return slots_.size() - 1; }
  // A level that may go up and down (connections in use, bytes on disk). Its name must not end in
  // _total (std::invalid_argument), which Prometheus reserves for counters.
  void add_gauge(std::string name, std::string help, Reader read);
  // A count of events since the process started, never decreasing; its name must end in _total
  // (std::invalid_argument otherwise).
  void add_counter(std::string name, std::string help, Reader read);
  // A metric with labels, read at scrape time: each sample is a name suffix ("" or, for a
  // histogram, "_bucket", "_sum", "_count"), its labels as Prometheus text (`type="x",le="0.1"`;
  // the reader escapes values) and its value. type: "gauge", "counter" or "histogram".
  struct Sample {
    std::string suffix;
    std::string labels;
    double value = 0;
  };
  using FamilyReader = std::function<std::vector<Sample>()>;
  void add_family(std::string name, std::string help, std::string type, FamilyReader read);
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
  struct Scalar {
    std::string name, help;
    bool counter = false;
    Reader read;
  };
  std::vector<std::unique_ptr<Slot>> slots_;
  std::vector<Scalar> scalars_;
  struct Family {
    std::string name, help, type;
    FamilyReader read;
  };
  std::vector<Family> families_;
  std::string build_version_, build_commit_;
};

}  // namespace rapport
