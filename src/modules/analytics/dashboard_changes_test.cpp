// A KPI tile's change between two periods (kpi_changes): per currency and measure, integers exactly,
// numbers as doubles, and no change where the difference of two int64 sums does not fit int64 (it
// wrapped around to the opposite sign before).
#include <gtest/gtest.h>

#include "modules/analytics/dashboard_data.hpp"

namespace rapport::analytics {
namespace {
namespace json = boost::json;

json::array totals(json::object values, const char* currency = nullptr) {
  json::object t{{"values", std::move(values)}};
  if (currency) t["currency"] = currency;
  return json::array{std::move(t)};
}

TEST(KpiChanges, IntegersExactlyNumbersAsDoublesPerCurrency) {
  json::array now = totals({{"count", 12}, {"avg_amount", 2.5}, {"label", "x"}}, "EUR");
  json::array before = totals({{"count", 20}, {"avg_amount", 1.0}, {"label", "y"}}, "EUR");
  auto change = kpi_changes(now, before);
  ASSERT_EQ(change.size(), 1u);
  EXPECT_EQ(change[0].at("currency"), "EUR");
  const auto& v = change[0].at("values").as_object();
  EXPECT_EQ(v.at("count"), -8);
  EXPECT_DOUBLE_EQ(v.at("avg_amount").as_double(), 1.5);
  EXPECT_FALSE(v.contains("label"));
  EXPECT_TRUE(kpi_changes(now, totals({{"count", 1}}, "USD")).empty()) << "another currency is no pair";
}

TEST(KpiChanges, ADifferenceBeyondInt64IsNoChangeNotAWrappedOne) {
  const int64_t high = 9'223'000'000'000'000'000;  // a money sum that fits
  auto change = kpi_changes(totals({{"sum", high}, {"count", 3}}), totals({{"sum", -1'000'000'000'000'000}, {"count", 1}}));
  ASSERT_EQ(change.size(), 1u);
  const auto& v = change[0].at("values").as_object();
  EXPECT_FALSE(v.contains("sum")) << json::serialize(v);
  EXPECT_EQ(v.at("count"), 2);
  auto down = kpi_changes(totals({{"sum", -high}}), totals({{"sum", 1'000'000'000'000'000}}));
  EXPECT_FALSE(down[0].at("values").as_object().contains("sum"));
  auto fits = kpi_changes(totals({{"sum", high}}), totals({{"sum", 1'000'000'000'000'000}}));
  EXPECT_EQ(fits[0].at("values").at("sum"), high - 1'000'000'000'000'000);
}

}  // namespace
}  // namespace rapport::analytics
