// The SLA clock: business-hours arithmetic on a calendar (weekly opening hours, holidays, an IANA time
// zone), with pauses (intervals when the timer stops: a ticket pending or on hold). Pure: no database,
// no wall clock; instants are epoch milliseconds (UTC).
//
// Business time is real elapsed time inside open hours: on a daylight-saving day an interval that
// spans the change is an hour shorter (spring forward) or longer (fall back) than its wall-clock
// length, and a 24/7 calendar counts 23 or 25 hours that day. Open hours are read on the zone's wall
// clock (jobs::TimeZone::first_instant_showing: a time skipped by a gap opens when the gap ends, a
// repeated time means its first occurrence). Holidays are local dates of the calendar's zone.
//
// Cost: a walk day by day, except that a run of seven days with no holiday, no pause and no change of
// UTC offset is taken whole (its business time is the week's nominal length), so a target a year
// away costs about 52 steps, not one per minute or per day.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "platform/jobs/cron.hpp"
#include "platform/problem.hpp"

namespace rapport::support {

inline constexpr int kMinutesPerDay = 24 * 60;
inline constexpr std::size_t kMaxIntervalsPerDay = 8;
inline constexpr std::size_t kMaxHolidays = 400;

// Open hours of one weekday, in minutes after local midnight: open < close <= 1440 (24:00). An
// interval whose close is at or before its open runs overnight: make_calendar splits it at midnight
// (its second part belongs to the next weekday).
struct OpenHours {
  int open = 0;
  int close = 0;
};

// A calendar as make_calendar checked it: per weekday (0 = Sunday) sorted, disjoint intervals within
// one day, holidays as sorted local day numbers (days since 1970-01-01).
struct Calendar {
  jobs::TimeZone zone;
  std::array<std::vector<OpenHours>, 7> week;
  std::vector<int64_t> holidays;
  int64_t week_ms = 0;  // the nominal business time of a week without holidays or offset changes
};

// Checks and normalises: overnight intervals split at midnight, overlapping or touching intervals of
// a day merged. 422 naming `field` (e.g. "week.mon[1]", "holidays[2]", "week") for a minute outside
// 0..1440, an empty interval (open == close is refused, not read as 24 hours: write 00:00-24:00),
// more than kMaxIntervalsPerDay intervals in a day or kMaxHolidays holidays, and a week with no open
// hours at all (no target could ever be met).
// `week[d]` lists weekday d's intervals as written (0 = Sunday), `holidays` local day numbers.
Result<Calendar> make_calendar(jobs::TimeZone zone, const std::array<std::vector<OpenHours>, 7>& week,
                               std::vector<int64_t> holidays, std::string_view field = "business_hours");

// A day number of a "YYYY-MM-DD" date (days since 1970-01-01); nullopt when it is not a valid date.
std::optional<int64_t> day_number(std::string_view date);

// An interval [start, end) during which the clock stops; end == kOpenEnded while it still lasts.
struct Pause {
  int64_t start = 0;
  int64_t end = 0;
};
inline constexpr int64_t kOpenEnded = INT64_MAX;

// The instant at which `minutes` business minutes have elapsed from `from`, pauses excluded. A target
// met exactly at closing time is that closing instant; adding 0 gives `from`. nullopt when the target
// is not reached before an open-ended pause, or before the year 9999; minutes < 0 is a caller's bug
// (std::invalid_argument). `pauses` in any order, overlapping or not.
std::optional<int64_t> add_business_minutes(const Calendar& cal, int64_t from, int64_t minutes,
                                            const std::vector<Pause>& pauses = {});

// Business time between two instants, pauses excluded, in milliseconds (0 when to <= from).
int64_t business_ms_between(const Calendar& cal, int64_t from, int64_t to, const std::vector<Pause>& pauses = {});
// The same in whole minutes (rounded down).
inline int64_t business_minutes_between(const Calendar& cal, int64_t from, int64_t to,
                                        const std::vector<Pause>& pauses = {}) {
  return business_ms_between(cal, from, to, pauses) / 60'000;
}

}  // namespace rapport::support
