#include "modules/analytics/periods.hpp"

#include <cstdio>

#include "platform/clock.hpp"

namespace rapport::analytics {

namespace {

constexpr int64_t kDayMs = 86'400'000;

int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// The first local day of the period `offset` periods after the one holding local day `day`.
int64_t period_start(Bucket b, int64_t day, int offset) {
  int64_t y;
  unsigned m, d;
  civil_from_days(day, y, m, d);
  switch (b) {
    case Bucket::Day: return day + offset;
    case Bucket::Week: return day - ((day % 7 + 7 + 3) % 7) + 7 * int64_t{offset};  // back to Monday
    case Bucket::Year: return days_from_civil(y + offset, 1, 1);
    case Bucket::Month:
    case Bucket::Quarter: {
      const int64_t step = b == Bucket::Month ? 1 : 3;
      int64_t months = y * 12 + (m - 1) / step * step + offset * step;
      return days_from_civil(floor_div(months, 12), static_cast<unsigned>(months - floor_div(months, 12) * 12 + 1), 1);
    }
  }
  return day;
}

std::string date_text(int64_t day) {
  int64_t y;
  unsigned m, d;
  civil_from_days(day, y, m, d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

}  // namespace

Period period_of(Bucket b, int offset, int64_t now_ms, const jobs::TimeZone& zone, bool dates) {
  const int64_t local_day = floor_div(now_ms + zone.offset_ms(now_ms), kDayMs);
  const int64_t from = period_start(b, local_day, offset), to = period_start(b, local_day, offset + 1);
  if (dates) return {date_text(from), date_text(to)};
  return {clock::format_ms(zone.first_instant_showing(from * kDayMs)), clock::format_ms(zone.first_instant_showing(to * kDayMs))};
}

}  // namespace rapport::analytics
