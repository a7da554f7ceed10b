#include "modules/support/sla_clock.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>

#include "platform/clock.hpp"

namespace rapport::support {
namespace {

constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kMinuteMs = 60'000;
// How far the clock walks: targets and spans beyond it are answered as unreachable (add) or cut
// there (between), which bounds the cost of any input to about 5,200 weekly steps.
constexpr int64_t kHorizonMs = 100 * 366 * kDayMs;
constexpr const char* kDayNames[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
int weekday(int64_t day) { return static_cast<int>(((day + 4) % 7 + 7) % 7); }  // 1970-01-01 was a Thursday

std::string path(std::string_view field, std::string_view rest) {
  std::string p(field);
  if (!p.empty()) p += '.';
  p += rest;
  return p;
}

Problem refuse(std::string field, const char* code, std::string message) {
  std::string detail = field + ": " + message;
  return Problem::invalid({FieldError{std::move(field), code, std::move(message)}}, std::move(detail));
}

// Sorted, merged, non-empty; an open-ended pause, if any, is the last one.
std::vector<Pause> normalised(std::vector<Pause> pauses) {
  std::erase_if(pauses, [](const Pause& p) { return p.end <= p.start; });
  std::sort(pauses.begin(), pauses.end(), [](const Pause& a, const Pause& b) { return a.start < b.start; });
  std::vector<Pause> out;
  for (const auto& p : pauses) {
    if (!out.empty() && p.start <= out.back().end)
      out.back().end = std::max(out.back().end, p.end);
    else
      out.push_back(p);
  }
  return out;
}

struct Walked {
  int64_t at = 0;    // where the walk stopped
  int64_t used = 0;  // business time consumed
};

// Walks business time forward from `from`, outside pauses, until `budget` ms are used or `limit` is
// reached. The one loop behind both answers.
class Walker {
 public:
  Walker(const Calendar& cal, std::vector<Pause> pauses) : cal_(cal), pauses_(normalised(std::move(pauses))) {}

  Walked walk(int64_t from, int64_t budget, int64_t limit) {
    limit = std::min(limit, from > INT64_MAX - kHorizonMs ? INT64_MAX : from + kHorizonMs);
    // Nothing elapses once an open-ended pause has begun.
    if (!pauses_.empty() && pauses_.back().end == kOpenEnded) limit = std::min(limit, pauses_.back().start);
    Walked w{from, 0};
    if (budget == 0 || from >= limit) return w;
    int64_t day = floor_div(from + cal_.zone.offset_ms(from), kDayMs);
    for (bool first = true;; first = false) {
      const int64_t day_start = midnight(day);
      if (day_start >= limit) break;
      if (!first && budget - w.used > cal_.week_ms && skippable_week(day, day_start, limit)) {
        w.used += cal_.week_ms;
        w.at = midnight(day + 7);
        day += 7;
        continue;
      }
      if (!std::binary_search(cal_.holidays.begin(), cal_.holidays.end(), day)) {
        for (const auto& hours : cal_.week[static_cast<std::size_t>(weekday(day))]) {
          const int64_t open = std::max(at_minute(day, hours.open), w.at);
          const int64_t close = std::min(at_minute(day, hours.close), limit);
          if (open >= close) continue;
          if (consume(w, open, close, budget)) return w;
        }
      }
      ++day;
    }
    return w;
  }

 private:
  int64_t at_minute(int64_t day, int minute) const {
    return cal_.zone.first_instant_showing(day * kDayMs + int64_t{minute} * kMinuteMs);
  }
  int64_t midnight(int64_t day) const { return at_minute(day, 0); }

  // Takes business time from the open interval [open, close) minus the pauses; true when the budget
  // is used up (w.at is then the instant it was).
  bool consume(Walked& w, int64_t open, int64_t close, int64_t budget) const {
    auto p = std::upper_bound(pauses_.begin(), pauses_.end(), open, [](int64_t t, const Pause& q) { return t < q.end; });
    int64_t at = open;
    while (at < close) {
      if (p != pauses_.end() && p->start <= at) {  // inside a pause: the clock stands still
        at = std::min(p->end, close);
        ++p;
        continue;
      }
      const int64_t piece_end = (p != pauses_.end() && p->start < close) ? p->start : close;
      if (piece_end - at >= budget - w.used) {
        w.at = at + (budget - w.used);
        w.used = budget;
        return true;
      }
      w.used += piece_end - at;
      at = piece_end;
    }
    w.at = close;
    return false;
  }

  // Seven days from `day` may be taken whole: they end before `limit`, hold no holiday and no pause,
  // and the zone's offset is the same at each of their eight midnights (no daylight-saving change).
  bool skippable_week(int64_t day, int64_t day_start, int64_t limit) const {
    const int64_t week_end = midnight(day + 7);
    if (week_end > limit || week_end - day_start != 7 * kDayMs) return false;
    auto h = std::lower_bound(cal_.holidays.begin(), cal_.holidays.end(), day);
    if (h != cal_.holidays.end() && *h < day + 7) return false;
    auto p = std::upper_bound(pauses_.begin(), pauses_.end(), day_start, [](int64_t t, const Pause& q) { return t < q.end; });
    if (p != pauses_.end() && p->start < week_end) return false;
    const int64_t offset = cal_.zone.offset_ms(day_start);
    for (int64_t i = 1; i <= 7; ++i)
      if (cal_.zone.offset_ms(midnight(day + i)) != offset) return false;
    return true;
  }

  const Calendar& cal_;
  std::vector<Pause> pauses_;
};

}  // namespace

std::optional<int64_t> day_number(std::string_view date) {
  if (!clock::is_date(date)) return std::nullopt;
  auto num = [&](std::size_t pos, std::size_t len) { return std::stoi(std::string(date.substr(pos, len))); };
  using namespace std::chrono;
  const sys_days d = year_month_day{year{num(0, 4)}, month{static_cast<unsigned>(num(5, 2))}, day{static_cast<unsigned>(num(8, 2))}};
  return d.time_since_epoch().count();
}

Result<Calendar> make_calendar(jobs::TimeZone zone, const std::array<std::vector<OpenHours>, 7>& week,
                               std::vector<int64_t> holidays, std::string_view field) {
  std::array<std::vector<OpenHours>, 7> days;
  for (std::size_t d = 0; d < 7; ++d) {
    const std::string day_path = path(field, std::string("week.") + kDayNames[d]);
    if (week[d].size() > kMaxIntervalsPerDay)
      return refuse(day_path, "length", "lists more than " + std::to_string(kMaxIntervalsPerDay) + " intervals");
    for (std::size_t i = 0; i < week[d].size(); ++i) {
      const auto [open, close] = week[d][i];
      std::string at = day_path;
      at += '[';
      at += std::to_string(i);
      at += ']';
      if (open < 0 || open >= kMinutesPerDay || close < 0 || close > kMinutesPerDay)
        return refuse(at, "range", "opens or closes outside 00:00-24:00");
      if (open == close) return refuse(at, "range", "opens and closes at the same time (write 00:00-24:00 for a whole day)");
      if (close > open || close == 0) {
        days[d].push_back({open, close == 0 ? kMinutesPerDay : close});
      } else {  // overnight: until midnight, then the next weekday from midnight
        days[d].push_back({open, kMinutesPerDay});
        days[(d + 1) % 7].push_back({0, close});
      }
    }
  }
  Calendar cal{std::move(zone), {}, {}, 0};
  for (std::size_t d = 0; d < 7; ++d) {
    auto& list = days[d];
    std::sort(list.begin(), list.end(), [](const OpenHours& a, const OpenHours& b) { return a.open < b.open; });
    for (const auto& h : list) {
      if (!cal.week[d].empty() && h.open <= cal.week[d].back().close)
        cal.week[d].back().close = std::max(cal.week[d].back().close, h.close);
      else
        cal.week[d].push_back(h);
    }
    for (const auto& h : cal.week[d]) cal.week_ms += int64_t{h.close - h.open} * kMinuteMs;
  }
  if (cal.week_ms == 0) return refuse(path(field, "week"), "required", "has no open hours: no target could ever be met");
  if (holidays.size() > kMaxHolidays)
    return refuse(path(field, "holidays"), "length", "lists more than " + std::to_string(kMaxHolidays) + " dates");
  std::sort(holidays.begin(), holidays.end());
  holidays.erase(std::unique(holidays.begin(), holidays.end()), holidays.end());
  cal.holidays = std::move(holidays);
  return cal;
}

std::optional<int64_t> add_business_minutes(const Calendar& cal, int64_t from, int64_t minutes,
                                            const std::vector<Pause>& pauses) {
  if (minutes < 0) throw std::invalid_argument("add_business_minutes: negative minutes");
  if (minutes > kHorizonMs / kMinuteMs) return std::nullopt;
  const Walked w = Walker(cal, pauses).walk(from, minutes * kMinuteMs, INT64_MAX);
  if (w.used < minutes * kMinuteMs) return std::nullopt;
  return w.at;
}

int64_t business_ms_between(const Calendar& cal, int64_t from, int64_t to, const std::vector<Pause>& pauses) {
  if (to <= from) return 0;
  return Walker(cal, pauses).walk(from, INT64_MAX, to).used;
}

}  // namespace rapport::support
