// Dates and times as exports write them, read into the record engine's forms ("YYYY-MM-DD" for a
// date field, RFC 3339 UTC for a date-time). The rules, stated:
//  - ISO 8601 first: 2024-03-05, 2024/03/05, 2024.03.05, 20240305, each maybe followed by a time;
//  - numeric day and month (05/03/2024, 5.3.2024, 05-03-24) follow the import's `date_order`
//    (day/month/year unless it says month/day/year), for every row alike: a value that does not fit
//    the order (a month above 12) is an error, never read the other way round, since one file never
//    mixes the two and guessing per row would read half a column wrong;
//  - month names in English, full or three letters (or "Sept"): 5 Mar 2024, 5-Mar-24, March 5, 2024,
//    Tue, 5 Mar 2024; a day may carry st/nd/rd/th;
//  - a two-digit year is 2000-2069 for 00-69 and 1970-1999 for 70-99;
//  - a time after the date (a space or T between): HH:MM, HH:MM:SS, with fractions of a second, AM/PM,
//    and an offset (Z, UTC, GMT, +02:00, +0200, +02); without an offset it is read on the workspace's
//    clock (its time zone), and a date alone in a date-time field is its midnight there;
//  - years 1000-9999 and real calendar dates only (no 31 April, 29 February only in leap years).
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "modules/imports/cell.hpp"
#include "platform/jobs/cron.hpp"

namespace rapport::imports {

enum class DateOrder { DayMonthYear, MonthDayYear };

// A date, maybe with a time of day and an offset, as written.
struct WallTime {
  int year = 0, month = 0, day = 0;
  bool has_time = false;
  int hour = 0, minute = 0, second = 0, millisecond = 0;
  std::optional<int> offset_minutes;  // east of UTC
};

Cell<WallTime> read_wall_time(std::string_view text, DateOrder order);
// For a date field: "YYYY-MM-DD" (a date and time gives its date as written).
Cell<std::string> convert_date(std::string_view text, DateOrder order);
// For a date-time field: RFC 3339 in UTC with milliseconds, as the record engine stores it.
Cell<std::string> convert_datetime(std::string_view text, DateOrder order, const jobs::TimeZone& zone);

}  // namespace rapport::imports
