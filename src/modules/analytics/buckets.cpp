#include "modules/analytics/buckets.hpp"

#include <cstdio>

namespace rapport::analytics {

std::optional<Bucket> parse_bucket(std::string_view name) {
  if (name == "day") return Bucket::Day;
  if (name == "week") return Bucket::Week;
  if (name == "month") return Bucket::Month;
  if (name == "quarter") return Bucket::Quarter;
  if (name == "year") return Bucket::Year;
  return std::nullopt;
}

const char* bucket_name(Bucket b) {
  switch (b) {
    case Bucket::Day: return "day";
    case Bucket::Week: return "week";
    case Bucket::Month: return "month";
    case Bucket::Quarter: return "quarter";
    case Bucket::Year: return "year";
  }
  return "day";
}

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
}

namespace {

// The digits of s[pos, pos + n) as a number; nullopt when one is not a digit.
std::optional<int> digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (s.size() < pos + n) return std::nullopt;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

std::string bucket_of_day(int64_t days, Bucket b) {
  int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  char buf[48];
  switch (b) {
    case Bucket::Day: std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d); break;
    case Bucket::Month: std::snprintf(buf, sizeof buf, "%04lld-%02u", static_cast<long long>(y), m); break;
    case Bucket::Quarter: std::snprintf(buf, sizeof buf, "%04lld-Q%u", static_cast<long long>(y), (m - 1) / 3 + 1); break;
    case Bucket::Year: std::snprintf(buf, sizeof buf, "%04lld", static_cast<long long>(y)); break;
    case Bucket::Week: {
      // ISO 8601: the week belongs to the year of its Thursday; weekday 0 = Monday (1970-01-01 was a Thursday).
      const int64_t weekday = ((days % 7) + 7 + 3) % 7;
      const int64_t thursday = days - weekday + 3;
      int64_t ty;
      unsigned tm, td;
      civil_from_days(thursday, ty, tm, td);
      const int64_t week = (thursday - days_from_civil(ty, 1, 1)) / 7 + 1;
      std::snprintf(buf, sizeof buf, "%04lld-W%02lld", static_cast<long long>(ty), static_cast<long long>(week));
      break;
    }
  }
  return buf;
}

}  // namespace

std::optional<std::string> date_bucket(std::string_view date, Bucket b) {
  auto y = digits(date, 0, 4), m = digits(date, 5, 2), d = digits(date, 8, 2);
  if (!y || !m || !d || date[4] != '-' || date[7] != '-' || *m < 1 || *m > 12 || *d < 1 || *d > 31) return std::nullopt;
  return bucket_of_day(days_from_civil(*y, static_cast<unsigned>(*m), static_cast<unsigned>(*d)), b);
}

bool is_utc(const jobs::TimeZone& zone) { return zone.id() == "UTC" || zone.id() == "Etc/UTC"; }

std::string slot_sql(std::string_view column) {
  std::string c(column);
  return "substr(" + c + ", 1, 13) || CAST(CAST(substr(" + c + ", 15, 2) AS INTEGER) / 15 AS TEXT)";
}

std::optional<std::string> slot_bucket(std::string_view slot, Bucket b, const jobs::TimeZone& zone) {
  auto hour = digits(slot, 11, 2), quarter = digits(slot, 13, 1);
  if (slot.size() != 14 || slot[10] != 'T' || !hour || !quarter || *hour > 23 || *quarter > 3) return std::nullopt;
  auto y = digits(slot, 0, 4), m = digits(slot, 5, 2), d = digits(slot, 8, 2);
  if (!y || !m || !d || *m < 1 || *m > 12 || *d < 1 || *d > 31) return std::nullopt;
  const int64_t day_ms = 86'400'000;
  const int64_t utc_ms = days_from_civil(*y, static_cast<unsigned>(*m), static_cast<unsigned>(*d)) * day_ms +
                         int64_t{*hour} * 3'600'000 + int64_t{*quarter} * 900'000;
  const int64_t local_ms = utc_ms + zone.offset_ms(utc_ms);
  const int64_t local_day = local_ms >= 0 ? local_ms / day_ms : -((-local_ms + day_ms - 1) / day_ms);
  return bucket_of_day(local_day, b);
}

}  // namespace rapport::analytics
