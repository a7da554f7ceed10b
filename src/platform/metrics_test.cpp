#include "platform/metrics.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <cmath>
#include <unistd.h>

#include "platform/cached.hpp"
#include "platform/process_stats.hpp"

namespace rapport {
namespace {

TEST(Metrics, CountersAndGaugesAreTypedAndNamedAsPrometheusExpects) {
  Metrics m;
  m.add_gauge("test_open_things", "Things open now", [] { return 3.0; });
  m.add_counter("test_done_total", "Things done", [] { return 7.0; });
  std::string out = m.render();
  EXPECT_NE(out.find("# TYPE test_open_things gauge\ntest_open_things 3\n"), std::string::npos) << out;
  EXPECT_NE(out.find("# TYPE test_done_total counter\ntest_done_total 7\n"), std::string::npos) << out;
  EXPECT_THROW(m.add_gauge("test_done_total", "a count registered as a gauge", [] { return 0.0; }), std::invalid_argument);
  EXPECT_THROW(m.add_counter("test_done", "a counter without _total", [] { return 0.0; }), std::invalid_argument);
}

TEST(Metrics, AnAbsentValueLeavesTheMetricOut) {
  Metrics m;
  m.add_gauge("test_never", "Nothing to report", []() -> std::optional<double> { return std::nullopt; });
  m.add_gauge("test_nan", "Special values in the text format's spelling", [] { return std::nan(""); });
  std::string out = m.render();
  EXPECT_EQ(out.find("test_never"), std::string::npos) << out;
  EXPECT_NE(out.find("test_nan NaN\n"), std::string::npos) << out;
}

TEST(Metrics, LatencyBucketsReachTenSeconds) {
  Metrics m;
  m.define_routes({{"GET", "/slow"}});
  m.record(0, 200, 7.5);
  m.record(0, 500, 12.0);
  std::string out = m.render();
  EXPECT_NE(out.find("route=\"/slow\",le=\"5\"} 0\n"), std::string::npos) << out;
  EXPECT_NE(out.find("route=\"/slow\",le=\"10\"} 1\n"), std::string::npos) << out;
  EXPECT_NE(out.find("route=\"/slow\",le=\"+Inf\"} 2\n"), std::string::npos) << out;
  EXPECT_NE(out.find("status=\"5xx\"} 1\n"), std::string::npos) << out;
}

TEST(Cached, LoadsOnceWithinItsAgeAndAgainAfter) {
  auto now = std::chrono::steady_clock::time_point{};
  int loads = 0;
  Cached<int> c(std::chrono::milliseconds(1000), [&] { return ++loads; }, [&] { return now; });
  EXPECT_EQ(c.get(), 1);
  now += std::chrono::milliseconds(999);
  EXPECT_EQ(c.get(), 1);
  now += std::chrono::milliseconds(1);
  EXPECT_EQ(c.get(), 2);
  EXPECT_EQ(loads, 2);
}

TEST(ProcessStats, ReadsMemoryDescriptorsAndTimes) {
  auto before = read_process_stats();
  ASSERT_TRUE(before.has_value());
  EXPECT_GT(before->resident_bytes, 1024 * 1024);
  EXPECT_GE(before->virtual_bytes, before->resident_bytes);
  EXPECT_GT(before->max_fds, 0);
  EXPECT_GT(before->start_time_s, 1.6e9);  // after 2020
  EXPECT_LE(before->start_time_s, static_cast<double>(::time(nullptr)) + 1);
  int fds[3];
  for (int& fd : fds) fd = ::open("/dev/null", O_RDONLY);
  auto after = read_process_stats();
  for (int fd : fds) ::close(fd);
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->open_fds, before->open_fds + 3);
  EXPECT_GE(after->cpu_seconds, before->cpu_seconds);
}

TEST(ProcessStats, RegistersTheConventionalNames) {
  Metrics m;
  add_process_metrics(m);
  std::string out = m.render();
  for (const char* line : {"# TYPE process_resident_memory_bytes gauge", "# TYPE process_virtual_memory_bytes gauge",
                           "# TYPE process_open_fds gauge", "# TYPE process_max_fds gauge",
                           "# TYPE process_start_time_seconds gauge", "# TYPE process_cpu_seconds_total counter"})
    EXPECT_NE(out.find(line), std::string::npos) << line << "\n" << out;
}

TEST(Metrics, AFamilyRendersItsLabelledSamplesUnderOneHeader) {
  Metrics m;
  m.add_family("rapport_things", "Things by kind", "gauge", [] {
    return std::vector<Metrics::Sample>{{"", "kind=\"a\"", 2}, {"", "kind=\"b\"", 0.5}};
  });
  m.add_family("rapport_nothing", "Left out when it has no sample", "gauge", [] { return std::vector<Metrics::Sample>{}; });
  auto text = m.render();
  EXPECT_NE(text.find("# TYPE rapport_things gauge\nrapport_things{kind=\"a\"} 2\nrapport_things{kind=\"b\"} 0.5\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("rapport_nothing"), std::string::npos);
  EXPECT_THROW(m.add_family("rapport_runs", "a counter", "counter", {}), std::invalid_argument);
  EXPECT_THROW(m.add_family("rapport_x_total", "not a counter", "gauge", {}), std::invalid_argument);
  EXPECT_THROW(m.add_family("rapport_x", "unknown type", "summary", {}), std::invalid_argument);
}

}  // namespace
}  // namespace rapport
