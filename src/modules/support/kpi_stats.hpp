// The figures of the support KPIs (kpi_report.hpp) that are pure arithmetic: percentiles by nearest
// rank, and a duration summary (count, median, p90). Both engines give the report the same raw
// durations, and these functions alone turn them into figures, so both answer the same.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

namespace rapport::support::kpi {

// The p-th percentile (0 < p <= 100) by nearest rank: the value at rank ceil(p × n / 100) (1-based)
// of the values sorted ascending; so the median (p = 50) of an even count is the lower middle value.
// nullopt when there are no values. Reorders `values` (a partial sort around the rank).
std::optional<int64_t> nearest_rank(std::vector<int64_t>& values, int p);

// Durations in seconds of one group of tickets (a priority, or all of them), calendar and business.
struct Durations {
  std::vector<int64_t> calendar, business;
  void add(int64_t calendar_seconds, int64_t business_seconds) {
    calendar.push_back(calendar_seconds);
    business.push_back(business_seconds);
  }
};
struct Summary {
  int64_t count = 0;
  std::optional<int64_t> median, p90, business_median, business_p90;
};
Summary summarize(Durations& d);

// good × 100 / (good + bad), rounded to one decimal (half up); nullopt without responses.
std::optional<double> csat_percent(int64_t good, int64_t bad);
// met / total rounded to four decimals; nullopt when total is 0.
std::optional<double> ratio(int64_t met, int64_t total);

}  // namespace rapport::support::kpi
