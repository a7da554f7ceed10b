// The moments of date_relative triggers (date_window.hpp): which field values fire within a window,
// on the workspace's wall clock, across a daylight-saving change, for date and date-time fields.
#include "modules/automation/date_window.hpp"

#include <gtest/gtest.h>

#include "platform/clock.hpp"
#include "platform/test_time.hpp"

namespace rapport::automation {
namespace {

using test_time::at;
jobs::TimeZone zone(const char* id) { return *jobs::time_zone(id); }

TEST(DateWindow, ReadsTheTrigger) {
  auto t = DateTrigger::from_json({{"type", "date_relative"}, {"field", "expected_close_date"}, {"offset_days", -3}, {"at", "09:30"}});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->offset_days, -3);
  EXPECT_EQ(t->at_minute, 9 * 60 + 30);
  EXPECT_FALSE(DateTrigger::from_json({{"field", "d"}, {"offset_days", 366}, {"at", "09:30"}}));
  EXPECT_FALSE(DateTrigger::from_json({{"field", "d"}, {"offset_days", 1}, {"at", "24:00"}}));
  EXPECT_FALSE(parse_clock_time("9:30"));
  EXPECT_FALSE(parse_clock_time("09:60"));
  EXPECT_EQ(parse_clock_time("23:59"), 23 * 60 + 59);
}

TEST(DateWindow, ADateFiresAtItsLocalMomentOnly) {
  const DateTrigger t{"expected_close_date", -3, 9 * 60};
  // 2026-12-10 minus 3 days at 09:00 UTC.
  EXPECT_FALSE(fire_range(t, zone("UTC"), false, at("2026-12-07T08:00:00Z"), at("2026-12-07T08:59:59Z")));
  auto r = fire_range(t, zone("UTC"), false, at("2026-12-07T08:55:00Z"), at("2026-12-07T09:00:00Z"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->low, "2026-12-10");
  EXPECT_EQ(r->high, "2026-12-10");
  EXPECT_FALSE(fire_range(t, zone("UTC"), false, at("2026-12-07T09:00:00Z"), at("2026-12-07T09:05:00Z"))) << "the window's start is done";
  // Tokyo (UTC+9): 09:00 there is 00:00 UTC.
  r = fire_range(t, zone("Asia/Tokyo"), false, at("2026-12-06T23:55:00Z"), at("2026-12-07T00:00:00Z"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->low, "2026-12-10");
  // A window of three days holds three dates.
  r = fire_range(t, zone("UTC"), false, at("2026-12-01T12:00:00Z"), at("2026-12-04T12:00:00Z"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->low, "2026-12-05");
  EXPECT_EQ(r->high, "2026-12-07");
}

TEST(DateWindow, DaylightSavingGapAndDateTimes) {
  // Paris skips 02:00-03:00 on 2026-03-29: "02:30" fires when the gap ends, 01:00 UTC.
  const DateTrigger t{"d", 0, 2 * 60 + 30};
  auto r = fire_range(t, zone("Europe/Paris"), false, at("2026-03-29T00:59:00Z"), at("2026-03-29T01:00:00Z"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->low, "2026-03-29");
  // A date-time's day is its local day: 2026-12-10 in Tokyo runs from 12-09T15:00Z to 12-10T15:00Z.
  const DateTrigger d{"starts_at", -3, 9 * 60};
  r = fire_range(d, zone("Asia/Tokyo"), true, at("2026-12-06T23:55:00Z"), at("2026-12-07T00:00:00Z"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->low, "2026-12-09T15:00:00.000Z");
  EXPECT_EQ(r->high, "2026-12-10T15:00:00.000Z");
}

}  // namespace
}  // namespace rapport::automation
