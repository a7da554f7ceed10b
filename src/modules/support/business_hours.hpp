// A named business-hours calendar (`/api/v1/business-hours`): a time zone, opening hours per weekday
// and holidays, read and checked by read_calendar (calendar_input.hpp), optionally a team's (the
// calendar of its tickets) or the workspace's default (the calendar of every other ticket). Pure:
// no database.
//
//   {"name": "Berlin office", "time_zone": "Europe/Berlin",
//    "week": {"mon": [{"open": "09:00", "close": "17:00"}], ...}, "holidays": ["2026-12-25"],
//    "team_id": null, "is_default": true}
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>

#include "modules/support/sla_clock.hpp"
#include "platform/problem.hpp"

namespace rapport::support {

inline constexpr std::size_t kMaxCalendars = 100;  // per workspace
inline constexpr std::size_t kMaxCalendarName = 100;

struct BusinessHours {
  std::string id, workspace_id, name;
  boost::json::object calendar;  // {"time_zone", "week", "holidays"} as read_calendar accepted it
  std::optional<std::string> team_id;
  bool is_default = false;
  std::string created_at, updated_at;
  int64_t version = 1;

  // The calendar's parts at the top level beside id, name, team_id, is_default and the bookkeeping.
  boost::json::object to_json() const;
  // The clock's calendar (checked when stored; a stored one that no longer reads, e.g. a zone the
  // ICU data dropped, is nullopt).
  std::optional<Calendar> clock_calendar() const;
};

// The body of POST (current null) or PATCH (the stored calendar, changed by the keys given; week
// and holidays are replaced whole): 422 naming each bad field, the calendar's by their path
// ("week.mon[0].open"). The team's existence is the service's to check.
Result<BusinessHours> read_business_hours(const boost::json::object& body, const BusinessHours* current);

}  // namespace rapport::support
