// Recurring schedules: five-field cron expressions evaluated in an IANA time zone (the workspace's),
// for the job queue. Pure: parsing checks a bounded text and refuses, as a 422 naming the field, what
// is malformed or can never fire; next_after answers the next fire time in epoch milliseconds (UTC).
//
// Syntax (Vixie cron, crontab(5)): minute hour day-of-month month day-of-week, separated by spaces.
// A field is a list `1,5` of items; an item is `*`, a value `5`, a range `1-5`, or `*` or a range with a
// step, `*/15` and `10-50/10`. Months may be named JAN-DEC and weekdays SUN-SAT (any case); weekdays are
// 0-7 with both 0 and 7 Sunday. Macros: @hourly, @daily (= @midnight), @weekly, @monthly, @yearly
// (= @annually). Not taken: seconds (a sixth field), @reboot, Quartz's `?`, `L`, `W` and `#`, a step
// after a single value (`5/15`).
//
// Days (Vixie's rule): when day-of-month and day-of-week are both restricted, a day matches if EITHER
// matches (`0 0 1 * 1` fires on the 1st and on Mondays); when one of them is written starting with `*`
// (`*` or `*/n`), a day must match both, so `*` alone means "any day". As in Vixie cron, `*/2` counts as
// `*` here: `0 0 */2 * 1` is "odd days that are Mondays".
//
// Time zones (see next_after): a scheduled local time skipped by a daylight-saving gap fires at the
// first instant after the gap; one that occurs twice fires once, at its first occurrence.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "platform/problem.hpp"

namespace rapport::jobs {

constexpr std::size_t kMaxCronBytes = 200;
constexpr std::size_t kMaxCronListItems = 60;  // per field: a minute field lists at most 60 values anyway

// An IANA time zone, resolved by ICU. Cheap to copy (shares the immutable ICU zone, whose const
// methods may be called from several threads).
class TimeZone {
 public:
  const std::string& id() const { return id_; }  // as given, e.g. "Europe/Paris"

  // The zone's offset from UTC at an instant, in milliseconds (+3600000 for Paris in winter).
  int64_t offset_ms(int64_t epoch_ms) const;
  // The first instant at which this zone's wall clock reads `local_ms` or later: `local_ms` is a wall
  // time written as if it were UTC milliseconds. A wall time that occurs twice (the hour repeated when
  // clocks go back) gives its first occurrence; one skipped by a gap (clocks go forward) gives the
  // instant the gap ends.
  int64_t first_instant_showing(int64_t local_ms) const;

  struct Zone;  // ICU's zone, kept out of this header

 private:
  friend Result<TimeZone> time_zone(std::string_view iana, std::string_view field);
  TimeZone(std::string id, std::shared_ptr<const Zone> zone) : id_(std::move(id)), zone_(std::move(zone)) {}
  std::string id_;
  std::shared_ptr<const Zone> zone_;
};

// "UTC" or an IANA Area/Location name, e.g. "Europe/Paris", "America/Argentina/Buenos_Aires",
// "Etc/GMT+5" (exact case). Refused with a 422 naming `field`: an unknown name, ICU's custom ids
// ("GMT+05:00") and its three-letter abbreviations, which are not IANA names and are ambiguous ("IST",
// "BST"; only "UTC" is taken).
Result<TimeZone> time_zone(std::string_view iana, std::string_view field = "time_zone");

// A parsed expression: which minutes, hours, days, months and weekdays it fires on.
class Cron {
 public:
  // Normalised for storage and display: single spaces, names as numbers (JAN -> 1, MON -> 1), macros
  // in lower case with @midnight as @daily and @annually as @yearly. parse_cron(text()) gives an
  // equal Cron.
  const std::string& text() const { return text_; }

  // Same schedule (the fields, not the text: `0 0 * * *` equals `@daily`).
  friend bool operator==(const Cron& a, const Cron& b) {
    return a.minutes_ == b.minutes_ && a.hours_ == b.hours_ && a.days_ == b.days_ && a.months_ == b.months_ &&
           a.weekdays_ == b.weekdays_ && a.days_or_ == b.days_or_;
  }

  // Bit i set when value i fires: minutes 0-59, hours 0-23, days 1-31, months 1-12, weekdays 0-6
  // (0 = Sunday; a written 7 sets bit 0).
  uint64_t minutes() const { return minutes_; }
  uint32_t hours() const { return hours_; }
  uint32_t days() const { return days_; }
  uint16_t months() const { return months_; }
  uint8_t weekdays() const { return weekdays_; }
  // Vixie's rule: true when day-of-month and day-of-week are both restricted and either may match.
  bool days_or() const { return days_or_; }

 private:
  friend Result<Cron> parse_cron(std::string_view text, std::string_view field);
  uint64_t minutes_ = 0;
  uint32_t hours_ = 0;
  uint32_t days_ = 0;
  uint16_t months_ = 0;
  uint8_t weekdays_ = 0;
  bool days_or_ = false;
  std::string text_;
};

// 422 naming `field` with a message saying which part is wrong and why: longer than kMaxCronBytes, not
// five fields (six: seconds are not supported), an unknown macro, a value out of its field's range, a
// reversed range (`5-1`), a step of 0 or larger than its range, more than kMaxCronListItems items, a
// character that is not cron syntax, or an expression that can never fire (`0 0 30 2 *`).
Result<Cron> parse_cron(std::string_view text, std::string_view field = "cron");

// The first fire time strictly after `after_epoch_ms`, in epoch milliseconds (UTC), with the
// expression read on the zone's wall clock: it fires at zone.first_instant_showing(T) for each
// matching local minute T, once per distinct instant. nullopt when `after_epoch_ms` is before 1970 or
// no fire time falls before the year 10000 (every expression parse_cron takes fires at least once in
// any 400 years, the Gregorian calendar's cycle).
std::optional<int64_t> next_after(const Cron& cron, const TimeZone& zone, int64_t after_epoch_ms);

}  // namespace rapport::jobs
