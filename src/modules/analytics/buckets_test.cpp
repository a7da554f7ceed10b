#include "modules/analytics/buckets.hpp"

#include <gtest/gtest.h>

namespace rapport::analytics {
namespace {

TEST(ReportBuckets, DatesFallInTheirDayWeekMonthQuarterAndYear) {
  EXPECT_EQ(date_bucket("2026-03-14", Bucket::Day), "2026-03-14");
  EXPECT_EQ(date_bucket("2026-03-14", Bucket::Month), "2026-03");
  EXPECT_EQ(date_bucket("2026-03-14", Bucket::Quarter), "2026-Q1");
  EXPECT_EQ(date_bucket("2026-04-01", Bucket::Quarter), "2026-Q2");
  EXPECT_EQ(date_bucket("2026-12-31", Bucket::Quarter), "2026-Q4");
  EXPECT_EQ(date_bucket("2026-03-14", Bucket::Year), "2026");
  EXPECT_EQ(date_bucket("2026-03-14T10:00:00.000Z", Bucket::Day), "2026-03-14");  // a time's date part
  EXPECT_FALSE(date_bucket("2026-13-01", Bucket::Day));
  EXPECT_FALSE(date_bucket("yesterday", Bucket::Day));
}

TEST(ReportBuckets, WeeksAreIso8601WithTheirWeekNumberingYear) {
  EXPECT_EQ(date_bucket("2026-03-09", Bucket::Week), "2026-W11");  // a Monday
  EXPECT_EQ(date_bucket("2026-03-15", Bucket::Week), "2026-W11");  // its Sunday
  EXPECT_EQ(date_bucket("2026-03-16", Bucket::Week), "2026-W12");
  EXPECT_EQ(date_bucket("2021-01-03", Bucket::Week), "2020-W53");  // a Sunday in the last week of 2020
  EXPECT_EQ(date_bucket("2024-12-30", Bucket::Week), "2025-W01");  // a Monday in the first week of 2025
  EXPECT_EQ(date_bucket("1969-12-31", Bucket::Week), "1970-W01");  // before the epoch too
}

TEST(ReportBuckets, CivilDaysRoundTrip) {
  for (int64_t z : {-800000, -1, 0, 1, 20000, 2932896}) {
    int64_t y;
    unsigned m, d;
    civil_from_days(z, y, m, d);
    EXPECT_EQ(days_from_civil(y, m, d), z);
  }
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
}

TEST(ReportBuckets, TimesAreBucketedOnTheZonesWallClock) {
  auto paris = jobs::time_zone("Europe/Paris");
  auto utc = jobs::time_zone("UTC");
  auto kathmandu = jobs::time_zone("Asia/Kathmandu");  // +05:45
  auto new_york = jobs::time_zone("America/New_York");
  ASSERT_TRUE(paris && utc && kathmandu && new_york);
  // 2026-03-31 22:30 UTC is 2026-04-01 00:30 in Paris (summer time, +2): another day, month and quarter.
  EXPECT_EQ(slot_bucket("2026-03-31T222", Bucket::Day, *utc), "2026-03-31");
  EXPECT_EQ(slot_bucket("2026-03-31T222", Bucket::Day, *paris), "2026-04-01");
  EXPECT_EQ(slot_bucket("2026-03-31T222", Bucket::Quarter, *paris), "2026-Q2");
  EXPECT_EQ(slot_bucket("2026-03-31T222", Bucket::Quarter, *utc), "2026-Q1");
  // 21:45 UTC in winter is 22:45 in Paris (+1): the same day.
  EXPECT_EQ(slot_bucket("2026-01-31T213", Bucket::Day, *paris), "2026-01-31");
  EXPECT_EQ(slot_bucket("2026-01-31T230", Bucket::Month, *paris), "2026-02");
  // Kathmandu's quarter-hour offset: 18:15 UTC is 00:00 the next day, 18:00 is still 23:45.
  EXPECT_EQ(slot_bucket("2026-05-10T181", Bucket::Day, *kathmandu), "2026-05-11");
  EXPECT_EQ(slot_bucket("2026-05-10T180", Bucket::Day, *kathmandu), "2026-05-10");
  // New York, -5 in winter: 03:00 UTC on New Year's Day is still the old year there.
  EXPECT_EQ(slot_bucket("2027-01-01T030", Bucket::Year, *new_york), "2026");
  EXPECT_EQ(slot_bucket("2027-01-01T050", Bucket::Year, *new_york), "2027");
  EXPECT_FALSE(slot_bucket("2026-01-31T2", Bucket::Day, *utc));
  EXPECT_FALSE(slot_bucket("2026-01-31T214", Bucket::Day, *utc));  // a quarter is 0-3
}

TEST(ReportBuckets, BucketNamesRoundTrip) {
  for (Bucket b : {Bucket::Day, Bucket::Week, Bucket::Month, Bucket::Quarter, Bucket::Year}) EXPECT_EQ(parse_bucket(bucket_name(b)), b);
  EXPECT_FALSE(parse_bucket("fortnight"));
}

}  // namespace
}  // namespace rapport::analytics
