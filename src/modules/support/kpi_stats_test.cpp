#include "modules/support/kpi_stats.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace rapport::support::kpi {
namespace {

TEST(KpiStats, NearestRankTakesTheValueAtTheCeilingRank) {
  std::vector<int64_t> none;
  EXPECT_FALSE(nearest_rank(none, 50));
  std::vector<int64_t> one{7};
  EXPECT_EQ(nearest_rank(one, 50), 7);
  EXPECT_EQ(nearest_rank(one, 90), 7);
  std::vector<int64_t> four{40, 10, 30, 20};  // sorted: 10 20 30 40
  EXPECT_EQ(nearest_rank(four, 50), 20) << "rank ceil(2.0) = 2: the lower middle";
  EXPECT_EQ(nearest_rank(four, 90), 40) << "rank ceil(3.6) = 4";
  EXPECT_EQ(nearest_rank(four, 25), 10);
  EXPECT_EQ(nearest_rank(four, 100), 40);
  std::vector<int64_t> ten;
  for (int64_t i = 10; i >= 1; --i) ten.push_back(i * 100);
  EXPECT_EQ(nearest_rank(ten, 50), 500);
  EXPECT_EQ(nearest_rank(ten, 90), 900) << "rank 9 exactly";
  std::vector<int64_t> eleven(ten);
  eleven.push_back(1100);
  EXPECT_EQ(nearest_rank(eleven, 90), 1000) << "rank ceil(9.9) = 10";
  EXPECT_EQ(nearest_rank(eleven, 50), 600) << "rank ceil(5.5) = 6";
}

TEST(KpiStats, NearestRankEqualsTheSortedReferenceOnRandomValues) {
  std::mt19937_64 random(15);
  for (int round = 0; round < 200; ++round) {
    std::vector<int64_t> values(1 + random() % 300);
    for (auto& v : values) v = static_cast<int64_t>(random() % 1000);  // duplicates too
    std::vector<int64_t> sorted(values);
    std::sort(sorted.begin(), sorted.end());
    for (int p : {1, 25, 50, 90, 99, 100}) {
      const auto n = sorted.size();
      const std::size_t rank = std::max<std::size_t>(1, (static_cast<std::size_t>(p) * n + 99) / 100);
      std::vector<int64_t> copy(values);
      EXPECT_EQ(nearest_rank(copy, p), sorted[rank - 1]) << "n=" << n << " p=" << p;
    }
  }
}

TEST(KpiStats, SummaryGivesCalendarAndBusinessFiguresApart) {
  Durations d;
  d.add(3600, 0);
  d.add(60, 60);
  d.add(86400, 28800);
  Summary s = summarize(d);
  EXPECT_EQ(s.count, 3);
  EXPECT_EQ(s.median, 3600);
  EXPECT_EQ(s.p90, 86400);
  EXPECT_EQ(s.business_median, 60);
  EXPECT_EQ(s.business_p90, 28800);
  Durations empty;
  Summary e = summarize(empty);
  EXPECT_EQ(e.count, 0);
  EXPECT_FALSE(e.median);
  EXPECT_FALSE(e.business_p90);
}

TEST(KpiStats, CsatAndRatiosRoundHalfUp) {
  EXPECT_FALSE(csat_percent(0, 0));
  EXPECT_EQ(csat_percent(3, 0), 100.0);
  EXPECT_EQ(csat_percent(2, 1), 66.7);
  EXPECT_EQ(csat_percent(1, 2), 33.3);
  EXPECT_EQ(csat_percent(1, 7), 12.5);
  EXPECT_FALSE(ratio(0, 0));
  EXPECT_EQ(ratio(2, 3), 0.6667);
  EXPECT_EQ(ratio(1, 8), 0.125);
  EXPECT_EQ(ratio(0, 5), 0.0);
}

}  // namespace
}  // namespace rapport::support::kpi
