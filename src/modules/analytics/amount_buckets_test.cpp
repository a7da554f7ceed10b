// Buckets of amounts (amount_buckets.hpp): each bucket is an interval whose bounds are computed right
// on both sides of zero and at the ends of the int64 range, checked against a bucketing written here
// independently (the SQL expression's arithmetic).
#include "modules/analytics/amount_buckets.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace rapport::analytics {
namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

// Truncated toward zero to two significant digits, over a wider integer so that no end overflows.
int64_t bucket_of(int64_t a) {
  __int128 unit = 1;
  for (__int128 m = a < 0 ? -static_cast<__int128>(a) : a; m >= 100; m /= 10) unit *= 10;
  return static_cast<int64_t>(a / unit * unit);
}

TEST(AmountBuckets, TheBucketIsTheAmountToTwoSignificantDigits) {
  for (int64_t a : {int64_t{0}, int64_t{1}, int64_t{99}, int64_t{100}, int64_t{109}, int64_t{110}, int64_t{1299}, int64_t{1300},
                    int64_t{25'000'000}, int64_t{1'000'000'000'000'000'000}, kMax, kMin + 1}) {
    for (int64_t v : {a, -a}) EXPECT_EQ(amount_bucket(v), bucket_of(v)) << v;
  }
  EXPECT_EQ(amount_bucket(kMin), bucket_of(kMin));
  EXPECT_EQ(amount_bucket(1'234'567), 1'200'000);
  EXPECT_EQ(amount_bucket(-1'234), -1'200);
  EXPECT_EQ(amount_bucket(-99), -99);
}

TEST(AmountBuckets, FloorAndCeilingAreTheBucketsEnds) {
  for (int64_t a : {int64_t{0}, int64_t{1}, int64_t{99}, int64_t{100}, int64_t{109}, int64_t{110}, int64_t{1299}, int64_t{1300},
                    int64_t{25'000'000}, int64_t{1'000'000'000'000'000'000}, kMax - 1, kMin + 2}) {
    for (int64_t v : {a, -a}) {
      const int64_t b = amount_bucket(v);
      const int64_t floor = amount_bucket_floor(b), ceiling = amount_bucket_ceiling(b);
      EXPECT_LE(floor, v) << v;
      EXPECT_GE(ceiling, v) << v;
      EXPECT_EQ(amount_bucket(floor), b) << v;
      EXPECT_EQ(amount_bucket(ceiling), b) << v;
      if (floor > kMin) {
        EXPECT_NE(amount_bucket(floor - 1), b) << v;  // nothing below it is in the bucket
      }
      if (ceiling < kMax) {
        EXPECT_NE(amount_bucket(ceiling + 1), b) << v;  // nor above it
      }
    }
  }
  EXPECT_EQ(amount_bucket_floor(-1200), -1299);
  EXPECT_EQ(amount_bucket_ceiling(-1200), -1200);
  EXPECT_EQ(amount_bucket_floor(-100), -109);
  EXPECT_EQ(amount_bucket_floor(-99), -99);
  EXPECT_EQ(amount_bucket_ceiling(99), 99);
  EXPECT_EQ(amount_bucket_floor(1200), 1200);
  EXPECT_EQ(amount_bucket_ceiling(1200), 1299);
  // The buckets at the ends of the range reach past them: saturated.
  EXPECT_EQ(amount_bucket_ceiling(amount_bucket(kMax)), kMax);
  EXPECT_EQ(amount_bucket_floor(amount_bucket(kMin)), kMin);
}

}  // namespace
}  // namespace rapport::analytics
