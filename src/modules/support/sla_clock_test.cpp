// The SLA clock (sla_clock.hpp) at its edges: outside hours, exactly at opening and closing, weekends,
// holidays in the calendar's zone, 24/7, daylight-saving days in Berlin and New York, a half-hour
// offset, overnight hours, pauses, a target a year away, and a minute-by-minute reference.
#include "modules/support/sla_clock.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "platform/clock.hpp"
#include "platform/test_time.hpp"

namespace rapport::support {
namespace {

using test_time::at;
std::string text(std::optional<int64_t> ms) { return ms ? clock::format_ms(*ms) : "never"; }
int64_t day(const char* date) { return *day_number(date); }
constexpr int64_t kMin = 60'000;

// Monday to Friday, the same hours each day, in `zone`.
Calendar weekdays(const char* zone, int open_h, int close_h, std::vector<int64_t> holidays = {}) {
  std::array<std::vector<OpenHours>, 7> week;
  for (int d = 1; d <= 5; ++d) week[static_cast<std::size_t>(d)] = {{open_h * 60, close_h * 60}};
  return *make_calendar(*jobs::time_zone(zone), week, std::move(holidays));
}

Calendar always(const char* zone) {
  std::array<std::vector<OpenHours>, 7> week;
  for (auto& d : week) d = {{0, kMinutesPerDay}};
  return *make_calendar(*jobs::time_zone(zone), week, {});
}

// The reference: every minute is open when the zone's wall clock shows an open minute of a working
// day that is not a holiday, and no pause covers it.
int64_t minutes_by_brute_force(const Calendar& cal, int64_t from, int64_t to, const std::vector<Pause>& pauses = {}) {
  int64_t n = 0;
  for (int64_t t = from; t < to; t += kMin) {
    const int64_t local = t + cal.zone.offset_ms(t);
    const int64_t d = local >= 0 ? local / 86'400'000 : (local - 86'399'999) / 86'400'000;
    const int minute = static_cast<int>((local - d * 86'400'000) / kMin);
    if (std::binary_search(cal.holidays.begin(), cal.holidays.end(), d)) continue;
    bool open = false;
    for (const auto& h : cal.week[static_cast<std::size_t>(((d + 4) % 7 + 7) % 7)]) open |= minute >= h.open && minute < h.close;
    for (const auto& p : pauses) open &= !(t >= p.start && t < p.end);
    n += open;
  }
  return n;
}

TEST(SlaClock, StartsOutsideHoursAndCrossesTheWeekend) {
  const auto cal = weekdays("UTC", 9, 17);
  // Monday 2026-12-07 before opening.
  EXPECT_EQ(text(add_business_minutes(cal, at("2026-12-07T07:00:00Z"), 60)), "2026-12-07T10:00:00.000Z");
  // Friday evening: Monday morning.
  EXPECT_EQ(text(add_business_minutes(cal, at("2026-12-11T18:00:00Z"), 60)), "2026-12-14T10:00:00.000Z");
  // Friday 16:00 plus two hours: one on Friday, one on Monday.
  EXPECT_EQ(text(add_business_minutes(cal, at("2026-12-11T16:00:00Z"), 120)), "2026-12-14T10:00:00.000Z");
  EXPECT_EQ(business_minutes_between(cal, at("2026-12-11T16:00:00Z"), at("2026-12-14T10:00:00Z")), 120);
  EXPECT_EQ(business_minutes_between(cal, at("2026-12-12T08:00:00Z"), at("2026-12-13T20:00:00Z")), 0) << "a weekend";
  EXPECT_EQ(business_minutes_between(cal, at("2026-12-14T10:00:00Z"), at("2026-12-11T16:00:00Z")), 0) << "backwards";
}

TEST(SlaClock, ExactlyAtOpeningAndClosing) {
  const auto cal = weekdays("UTC", 9, 17);
  EXPECT_EQ(text(add_business_minutes(cal, at("2026-12-07T09:00:00Z"), 60)), "2026-12-07T10:00:00.000Z");
  // A target met exactly at closing time is the closing instant, not the next opening.
  EXPECT_EQ(text(add_business_minutes(cal, at("2026-12-07T16:00:00Z"), 60)), "2026-12-07T17:00:00.000Z");
  EXPECT_EQ(text(add_business_minutes(cal, at("2026-12-07T09:00:00Z"), 480)), "2026-12-07T17:00:00.000Z");
  // Starting at closing time, the first minute is the next day's.
  EXPECT_EQ(text(add_business_minutes(cal, at("2026-12-07T17:00:00Z"), 1)), "2026-12-08T09:01:00.000Z");
  EXPECT_EQ(text(add_business_minutes(cal, at("2026-12-07T12:34:56Z"), 0)), "2026-12-07T12:34:56.000Z");
  EXPECT_EQ(business_ms_between(cal, at("2026-12-07T16:59:30Z"), at("2026-12-07T17:30:00Z")), 30'000);
  EXPECT_EQ(business_minutes_between(cal, at("2026-12-07T16:59:30Z"), at("2026-12-07T17:30:00Z")), 0) << "rounded down";
  EXPECT_THROW((void)add_business_minutes(cal, 0, -1), std::invalid_argument);
}

TEST(SlaClock, SkipsHolidaysOfTheCalendarsZone) {
  // Friday 2026-12-25 is a holiday: Thursday 16:00 plus two hours lands on Monday.
  const auto utc = weekdays("UTC", 9, 17, {day("2026-12-25")});
  EXPECT_EQ(text(add_business_minutes(utc, at("2026-12-24T16:00:00Z"), 120)), "2026-12-28T10:00:00.000Z");
  EXPECT_EQ(business_minutes_between(utc, at("2026-12-24T16:00:00Z"), at("2026-12-28T10:00:00Z")), 120);
  // In Tokyo (UTC+9) the same holiday is the local day: its hours are 2026-12-25T00:00Z-08:00Z.
  const auto tokyo = weekdays("Asia/Tokyo", 9, 17, {day("2026-12-25")});
  EXPECT_EQ(text(add_business_minutes(tokyo, at("2026-12-24T07:00:00Z"), 120)), "2026-12-28T01:00:00.000Z");
  EXPECT_EQ(business_minutes_between(tokyo, at("2026-12-24T23:00:00Z"), at("2026-12-25T09:00:00Z")), 0);
}

TEST(SlaClock, AroundTheClock) {
  const auto cal = always("UTC");
  EXPECT_EQ(text(add_business_minutes(cal, at("2026-12-05T13:17:00Z"), 3 * 1440 + 1)), "2026-12-08T13:18:00.000Z");
  EXPECT_EQ(business_minutes_between(cal, at("2026-12-05T13:17:00Z"), at("2026-12-19T13:17:00Z")), 14 * 1440);
}

TEST(SlaClock, DaylightSavingInBerlin) {
  // 2026-03-29: 02:00 CET becomes 03:00 CEST; 2026-10-25: 03:00 CEST becomes 02:00 CET.
  const auto around = always("Europe/Berlin");
  EXPECT_EQ(business_minutes_between(around, at("2026-03-28T23:00:00Z"), at("2026-03-29T22:00:00Z")), 23 * 60);
  EXPECT_EQ(business_minutes_between(around, at("2026-10-24T22:00:00Z"), at("2026-10-25T23:00:00Z")), 25 * 60);
  // Friday 16:00 CET plus two hours: Monday 10:00 CEST, 08:00 UTC.
  const auto office = weekdays("Europe/Berlin", 9, 17);
  EXPECT_EQ(text(add_business_minutes(office, at("2026-03-27T15:00:00Z"), 120)), "2026-03-30T08:00:00.000Z");
  EXPECT_EQ(text(add_business_minutes(office, at("2026-10-23T14:00:00Z"), 120)), "2026-10-26T09:00:00.000Z");
  // Sunday 01:00-04:00 spans the change: two real hours in March, four in October.
  std::array<std::vector<OpenHours>, 7> sunday_night;
  sunday_night[0] = {{60, 240}};
  const auto night = *make_calendar(*jobs::time_zone("Europe/Berlin"), sunday_night, {});
  EXPECT_EQ(business_minutes_between(night, at("2026-03-28T12:00:00Z"), at("2026-03-29T12:00:00Z")), 120);
  EXPECT_EQ(business_minutes_between(night, at("2026-10-24T12:00:00Z"), at("2026-10-25T12:00:00Z")), 240);
  // 150 minutes from its opening: the rest falls on the next Sunday, 01:30 CEST.
  EXPECT_EQ(text(add_business_minutes(night, at("2026-03-29T00:00:00Z"), 150)), "2026-04-04T23:30:00.000Z");
}

TEST(SlaClock, DaylightSavingInNewYork) {
  // 2026-03-08: 02:00 EST becomes 03:00 EDT; 2026-11-01: 02:00 EDT becomes 01:00 EST.
  const auto around = always("America/New_York");
  EXPECT_EQ(business_minutes_between(around, at("2026-03-08T05:00:00Z"), at("2026-03-09T04:00:00Z")), 23 * 60);
  EXPECT_EQ(business_minutes_between(around, at("2026-11-01T04:00:00Z"), at("2026-11-02T05:00:00Z")), 25 * 60);
  const auto office = weekdays("America/New_York", 9, 17);
  EXPECT_EQ(text(add_business_minutes(office, at("2026-03-06T21:00:00Z"), 120)), "2026-03-09T14:00:00.000Z");
  EXPECT_EQ(text(add_business_minutes(office, at("2026-10-30T20:00:00Z"), 120)), "2026-11-02T15:00:00.000Z");
  // Hours opening inside the skipped hour open when it ends (03:00 EDT, 07:00 UTC).
  std::array<std::vector<OpenHours>, 7> sunday;
  sunday[0] = {{2 * 60 + 30, 5 * 60}};
  const auto gap = *make_calendar(*jobs::time_zone("America/New_York"), sunday, {});
  EXPECT_EQ(text(add_business_minutes(gap, at("2026-03-08T05:00:00Z"), 10)), "2026-03-08T07:10:00.000Z");
  EXPECT_EQ(business_minutes_between(gap, at("2026-03-08T05:00:00Z"), at("2026-03-08T12:00:00Z")), 120);
}

TEST(SlaClock, HalfHourOffsets) {
  // Kolkata is UTC+05:30 all year: 09:00-17:00 there is 03:30-11:30 UTC.
  const auto kolkata = weekdays("Asia/Kolkata", 9, 17);
  EXPECT_EQ(text(add_business_minutes(kolkata, at("2026-12-07T03:00:00Z"), 60)), "2026-12-07T04:30:00.000Z");
  EXPECT_EQ(text(add_business_minutes(kolkata, at("2026-12-07T11:00:00Z"), 60)), "2026-12-08T04:00:00.000Z");
  // Adelaide is UTC+10:30 in summer and +09:30 in winter (clocks go back on 2026-04-05).
  const auto adelaide = weekdays("Australia/Adelaide", 9, 17);
  EXPECT_EQ(text(add_business_minutes(adelaide, at("2026-04-02T22:30:00Z"), 60)), "2026-04-02T23:30:00.000Z");
  EXPECT_EQ(text(add_business_minutes(adelaide, at("2026-04-03T06:00:00Z"), 60)), "2026-04-06T00:00:00.000Z");
}

TEST(SlaClock, OvernightHoursAreSplitAtMidnight) {
  std::array<std::vector<OpenHours>, 7> week;
  week[1] = {{22 * 60, 6 * 60}};  // Monday 22:00 to Tuesday 06:00
  const auto cal = *make_calendar(*jobs::time_zone("UTC"), week, {});
  ASSERT_EQ(cal.week[1].size(), 1u);
  EXPECT_EQ(cal.week[1][0].close, kMinutesPerDay);
  ASSERT_EQ(cal.week[2].size(), 1u);
  EXPECT_EQ(cal.week[2][0].open, 0);
  EXPECT_EQ(text(add_business_minutes(cal, at("2026-12-07T23:00:00Z"), 120)), "2026-12-08T01:00:00.000Z");
  EXPECT_EQ(cal.week_ms, 8 * 60 * kMin);
  // Touching and overlapping intervals of a day merge.
  week[1] = {{9 * 60, 12 * 60}, {11 * 60, 13 * 60}, {13 * 60, 14 * 60}};
  const auto merged = *make_calendar(*jobs::time_zone("UTC"), week, {});
  ASSERT_EQ(merged.week[1].size(), 1u);
  EXPECT_EQ(merged.week[1][0].close, 14 * 60);
}

TEST(SlaClock, RefusesCalendarsThatCannotWork) {
  std::array<std::vector<OpenHours>, 7> week;
  auto empty = make_calendar(*jobs::time_zone("UTC"), week, {});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.problem().status, 422);
  EXPECT_EQ(empty.problem().errors.at(0).field, "business_hours.week");
  week[3] = {{9 * 60, 9 * 60}};
  auto same = make_calendar(*jobs::time_zone("UTC"), week, {});
  ASSERT_FALSE(same.ok());
  EXPECT_EQ(same.problem().errors.at(0).field, "business_hours.week.wed[0]");
  week[3] = {{9 * 60, 24 * 60 + 1}};
  EXPECT_EQ(make_calendar(*jobs::time_zone("UTC"), week, {}).problem().errors.at(0).code, "range");
  week[3] = std::vector<OpenHours>(kMaxIntervalsPerDay + 1, OpenHours{9 * 60, 10 * 60});
  EXPECT_EQ(make_calendar(*jobs::time_zone("UTC"), week, {}).problem().errors.at(0).code, "length");
  week[3] = {{9 * 60, 10 * 60}};
  EXPECT_EQ(make_calendar(*jobs::time_zone("UTC"), week, std::vector<int64_t>(kMaxHolidays + 1, 0), "").problem().errors.at(0).field,
            "holidays");
  EXPECT_FALSE(day_number("2026-02-30"));
  EXPECT_EQ(day_number("1970-01-02"), 1);
}

TEST(SlaClock, PausesStopTheClock) {
  const auto cal = weekdays("UTC", 9, 17);
  const std::vector<Pause> pending{{at("2026-12-07T10:00:00Z"), at("2026-12-07T14:00:00Z")}};
  EXPECT_EQ(text(add_business_minutes(cal, at("2026-12-07T09:00:00Z"), 120, pending)), "2026-12-07T15:00:00.000Z");
  EXPECT_EQ(business_minutes_between(cal, at("2026-12-07T09:00:00Z"), at("2026-12-07T17:00:00Z"), pending), 240);
  // Overlapping pauses in any order count once.
  const std::vector<Pause> overlapping{{at("2026-12-07T12:00:00Z"), at("2026-12-07T14:00:00Z")},
                                       {at("2026-12-07T10:00:00Z"), at("2026-12-07T13:00:00Z")}};
  EXPECT_EQ(business_minutes_between(cal, at("2026-12-07T09:00:00Z"), at("2026-12-07T17:00:00Z"), overlapping), 240);
  // A pause that still lasts: the target is never reached unless met before it began.
  const std::vector<Pause> on_hold{{at("2026-12-07T10:00:00Z"), kOpenEnded}};
  EXPECT_EQ(text(add_business_minutes(cal, at("2026-12-07T09:00:00Z"), 120, on_hold)), "never");
  EXPECT_EQ(text(add_business_minutes(cal, at("2026-12-07T09:00:00Z"), 60, on_hold)), "2026-12-07T10:00:00.000Z");
  EXPECT_EQ(business_minutes_between(cal, at("2026-12-07T09:00:00Z"), at("2026-12-20T00:00:00Z"), on_hold), 60);
}

TEST(SlaClock, ATargetAYearAwayCostsWeeksNotMinutes) {
  // 52 weeks of 40 hours from Monday 2026-01-05 09:00: the 52nd week's Friday closing time.
  const auto cal = weekdays("UTC", 9, 17);
  EXPECT_EQ(text(add_business_minutes(cal, at("2026-01-05T09:00:00Z"), 52 * 5 * 480)), "2027-01-01T17:00:00.000Z");
  // With daylight saving and holidays, adding then measuring gives the target back.
  const auto berlin = weekdays("Europe/Berlin", 9, 17, {day("2026-04-03"), day("2026-12-25"), day("2027-01-01")});
  const int64_t from = at("2026-01-05T08:00:00Z");
  const auto due = add_business_minutes(berlin, from, 52 * 5 * 480);
  ASSERT_TRUE(due);
  EXPECT_EQ(business_minutes_between(berlin, from, *due), 52 * 5 * 480);
  EXPECT_EQ(text(due), "2027-01-06T16:00:00.000Z") << "three holidays later, 17:00 CET";
  // A hundred such computations stay far below what a minute-by-minute walk (26 million zone
  // lookups each) would take.
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 100; ++i) (void)add_business_minutes(berlin, from + i * kMin, 52 * 5 * 480);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  // Beyond the clock's horizon a target is unreachable, and answers at once.
  EXPECT_EQ(text(add_business_minutes(berlin, from, INT64_MAX / kMin)), "never");
}

TEST(SlaClock, AgreesWithAMinuteByMinuteCount) {
  const auto berlin = weekdays("Europe/Berlin", 8, 18, {day("2026-03-27")});
  const auto york = always("America/New_York");
  const std::vector<Pause> pauses{{at("2026-03-24T09:17:00Z"), at("2026-03-25T11:00:00Z")},
                                  {at("2026-04-01T16:00:00Z"), at("2026-04-01T16:45:00Z")}};
  // Spans around the spring changes (New York 03-08, Berlin 03-29), whole minutes apart.
  const int64_t starts[] = {at("2026-03-02T07:13:00Z"), at("2026-03-20T18:00:00Z"), at("2026-03-28T00:00:00Z")};
  for (int64_t from : starts) {
    for (int64_t days : {1, 9, 17}) {
      const int64_t to = from + days * 86'400'000 + 37 * kMin;
      for (const auto* cal : {&berlin, &york}) {
        const int64_t expected = minutes_by_brute_force(*cal, from, to, pauses);
        EXPECT_EQ(business_minutes_between(*cal, from, to, pauses), expected) << clock::format_ms(from) << " + " << days;
        const auto due = add_business_minutes(*cal, from, expected, pauses);
        ASSERT_TRUE(due);
        EXPECT_LE(*due, to);
        EXPECT_EQ(minutes_by_brute_force(*cal, from, *due, pauses), expected);
      }
    }
  }
}

}  // namespace
}  // namespace rapport::support
