// Property tests of platform/money against an independent reference (Boost.Multiprecision's
// 256-bit integers): random values near the limits, order independence, and every
// overflow reported rather than wrapped.
#include "platform/money.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/multiprecision/cpp_int.hpp>
#include <limits>
#include <random>
#include <vector>

namespace {

using rapport::money::Total;
using Big = boost::multiprecision::int256_t;  // fixed 256 bits: far beyond any value here
namespace money = rapport::money;

constexpr int64_t kI64Max = std::numeric_limits<int64_t>::max();
constexpr int64_t kI64Min = std::numeric_limits<int64_t>::min();

// Values clustered where arithmetic breaks: around 0, ±kMax, ±kSplit multiples, ±2^53 and the ends of int64.
int64_t near_limits(std::mt19937_64& rng) {
  static const int64_t anchors[] = {0, money::kMax, -money::kMax, money::kSplit, 9007199254740992, kI64Max, kI64Min, kI64Max / 2};
  std::uniform_int_distribution<int> pick(0, 9);
  int which = pick(rng);
  if (which >= 8) return static_cast<int64_t>(rng());  // anywhere
  std::uniform_int_distribution<int64_t> jitter(-1000, 1000);
  const int64_t a = anchors[which], j = jitter(rng);
  if ((j > 0 && a > kI64Max - j) || (j < 0 && a < kI64Min - j)) return a;
  return a + j;
}

std::optional<int64_t> fits(const Big& b) {
  if (b > Big(kI64Max) || b < Big(kI64Min)) return std::nullopt;
  return static_cast<int64_t>(b);
}

TEST(Money, SumsMatchArbitraryPrecisionAndReportEveryOverflow) {
  std::mt19937_64 rng(20261203);
  int overflows = 0, fitting = 0;
  for (int round = 0; round < 2000; ++round) {
    std::vector<int64_t> values(1 + rng() % 40);
    for (auto& v : values) v = near_limits(rng);
    Total t;
    Big reference = 0;
    for (int64_t v : values) {
      t.add(v);
      reference += v;
    }
    EXPECT_EQ(t.value(), fits(reference)) << "round " << round;
    (fits(reference) ? fitting : overflows)++;
    // Order does not matter (commutativity), even when an intermediate sum leaves int64.
    std::shuffle(values.begin(), values.end(), rng);
    Total shuffled;
    for (int64_t v : values) shuffled.add(v);
    EXPECT_EQ(shuffled.value(), t.value());
  }
  EXPECT_GT(overflows, 100) << "the generator must reach past int64";
  EXPECT_GT(fitting, 100);
}

TEST(Money, SplitPartsRebuildTheSumExactly) {
  // What sum_sql gives: Σ(a / kSplit) and Σ(a % kSplit), truncating toward zero like SQL does.
  std::mt19937_64 rng(7);
  for (int round = 0; round < 2000; ++round) {
    Big reference = 0;
    int64_t high = 0, low = 0;
    Total t;
    for (int i = 0; i < 50; ++i) {
      std::uniform_int_distribution<int64_t> amount(-money::kMax, money::kMax);
      int64_t a = i % 3 == 0 ? money::kMax - static_cast<int64_t>(rng() % 5) : amount(rng);
      reference += a;
      high += a / money::kSplit;
      low += a % money::kSplit;
    }
    t.add_parts(high, low);
    EXPECT_EQ(t.value(), fits(reference));
  }
  // 10,000 deals at the maximum: 10^19, beyond int64, detected and not wrapped.
  Total many;
  many.add_parts(10'000 * (money::kMax / money::kSplit), 0);
  EXPECT_EQ(many.value(), std::nullopt);
  Total fine;
  fine.add_parts(9'000 * (money::kMax / money::kSplit), 0);
  EXPECT_EQ(fine.value(), 9'000 * money::kMax);
}

TEST(Money, ProductsAndRoundingMatchTheReference) {
  std::mt19937_64 rng(99);
  for (int round = 0; round < 5000; ++round) {
    const int64_t a = near_limits(rng), f = static_cast<int64_t>(rng() % 101);
    Total t;
    t.add_product(a, f);
    Big exact = Big(a) * f;
    EXPECT_EQ(t.value(), fits(exact));
    // Division by 100 rounds half away from zero.
    Big magnitude = abs(exact);
    Big q = (magnitude + 50) / 100;
    if (exact < 0) q = -q;
    EXPECT_EQ(t.divided(100), fits(q)) << a << " x " << f;
    // times() is the same product taken after summing.
    Total s;
    s.add(a);
    EXPECT_EQ(s.times(f).value(), fits(exact));
  }
  Total half;
  half.add(250);
  EXPECT_EQ(half.divided(100), 3);
  Total minus;
  minus.add(-250);
  EXPECT_EQ(minus.divided(100), -3);
  Total below;
  below.add(249);
  EXPECT_EQ(below.divided(100), 2);
  // An overflow of the 128-bit accumulator itself stays reported.
  Total huge;
  huge.add(kI64Max);
  Total squared = huge.times(kI64Max).times(kI64Max);
  EXPECT_EQ(squared.value(), std::nullopt);
  EXPECT_EQ(squared.divided(1), std::nullopt);
  Total after = squared;
  after.add(-kI64Max);
  EXPECT_EQ(after.value(), std::nullopt) << "an overflow is never forgotten";
}

TEST(Money, LineTotalIsExactAndRefusesWhatExceedsTheMaximum) {
  // The examples of the line-item tests: 3 × 49.00, and 2.5 × 10.00 less 10 %.
  EXPECT_EQ(money::line_total(3 * money::kQuantityScale, 4900, 0), 14700);
  EXPECT_EQ(money::line_total(2'500'000, 1000, 10 * money::kDiscountScale), 2250);
  // The line: a million units at 10^13 is 10^19, beyond the maximum.
  EXPECT_EQ(money::line_total(1'000'000 * money::kQuantityScale, 10'000'000'000'000, 0), std::nullopt);
  EXPECT_EQ(money::line_total(money::kQuantityScale, money::kMax, 0), money::kMax);
  EXPECT_EQ(money::line_total(money::kQuantityScale, money::kMax + 1, 0), std::nullopt);
  EXPECT_EQ(money::line_total(1'000'000 * money::kQuantityScale, money::kMax, 100 * money::kDiscountScale), 0);
  EXPECT_EQ(money::line_total(-1, 5, 0), std::nullopt);
  EXPECT_EQ(money::line_total(1, 5, 100 * money::kDiscountScale + 1), std::nullopt);
  // Half up: 0.5 minor units round to 1.
  EXPECT_EQ(money::line_total(500'000, 1, 0), 1);
  EXPECT_EQ(money::line_total(499'999, 1, 0), 0);

  std::mt19937_64 rng(5);
  for (int round = 0; round < 20000; ++round) {
    const int64_t q = static_cast<int64_t>(rng() % (1'000'000 * money::kQuantityScale + 1));
    const int64_t p = round % 2 ? static_cast<int64_t>(rng() % (money::kMax + 1)) : money::kMax - static_cast<int64_t>(rng() % 1000);
    const int64_t d = static_cast<int64_t>(rng() % (100 * money::kDiscountScale + 1));
    const Big num = Big(q) * p * (100 * money::kDiscountScale - d), den = Big(money::kQuantityScale) * 100 * money::kDiscountScale;
    const Big want = (num + den / 2) / den;
    auto got = money::line_total(q, p, d);
    if (want > money::kMax) EXPECT_EQ(got, std::nullopt);
    else EXPECT_EQ(got, static_cast<int64_t>(want));
  }
}

TEST(Money, FixedPointAndSqlText) {
  EXPECT_EQ(money::to_fixed(2.5, money::kQuantityScale), 2'500'000);
  EXPECT_EQ(money::to_fixed(0.1, money::kQuantityScale), 100'000);
  EXPECT_EQ(money::to_fixed(12.3456, money::kDiscountScale), 123'456);
  EXPECT_EQ(money::to_fixed(1e300, money::kQuantityScale), std::nullopt);
  EXPECT_EQ(money::to_fixed(std::numeric_limits<double>::quiet_NaN(), 1), std::nullopt);
  EXPECT_EQ(money::sum_sql("amount"),
            "CAST(coalesce(sum((amount) / 1000000000), 0) AS BIGINT), CAST(coalesce(sum((amount) % 1000000000), 0) AS BIGINT)");
  EXPECT_TRUE(money::in_range(money::kMax));
  EXPECT_FALSE(money::in_range(money::kMax + 1));
  EXPECT_FALSE(money::in_range(kI64Max));
  EXPECT_LT(money::kMax, int64_t{1} << 53) << "every amount is exact as a double";
  auto p = money::sum_too_large("EUR", "these deals");
  EXPECT_EQ(p.status, 422);
  EXPECT_NE(p.detail.find("EUR"), std::string::npos);
}

TEST(Money, DecimalTextOfMinorUnits) {
  EXPECT_EQ(money::decimal_text(150000, 2), "1500.00");
  EXPECT_EQ(money::decimal_text(5, 2), "0.05");
  EXPECT_EQ(money::decimal_text(-5, 2), "-0.05");
  EXPECT_EQ(money::decimal_text(0, 2), "0.00");
  EXPECT_EQ(money::decimal_text(1500, 0), "1500");
  EXPECT_EQ(money::decimal_text(-1234567, 3), "-1234.567");
  EXPECT_EQ(money::decimal_text(money::kMax, 2), "10000000000000.00");
  EXPECT_EQ(money::decimal_text(std::numeric_limits<int64_t>::min(), 2), "-92233720368547758.08");
  EXPECT_EQ(money::decimal_text(42, -1), "42") << "an unknown currency's amount stays in minor units";
}

}  // namespace
