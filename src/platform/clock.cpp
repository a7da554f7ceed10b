#include "platform/clock.hpp"
#include "platform/test_clock.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>

namespace rapport::clock {
namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

bool valid_ymd(int y, int m, int d) {
  using namespace std::chrono;
  return y >= 1 && y <= 9999 && year_month_day{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}}.ok();
}

}  // namespace

namespace {

std::atomic<int64_t> offset_ms{0};  // start_at's shift; 0 outside tests

int64_t system_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

int64_t now_ms() { return system_ms() + offset_ms.load(std::memory_order_relaxed); }

void start_at(int64_t epoch_ms) { offset_ms.store(epoch_ms - system_ms()); }

std::string format_ms(int64_t epoch_ms) {
  using namespace std::chrono;
  sys_time<milliseconds> tp{milliseconds{epoch_ms}};
  auto dp = floor<days>(tp);
  year_month_day ymd{dp};
  hh_mm_ss hms{tp - dp};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()),
                static_cast<int>(hms.subseconds().count()));
  return buf;
}

std::optional<int64_t> parse_datetime(std::string_view s) {
  int y, mo, d, h, mi, se;
  if (s.size() < 20) return std::nullopt;
  if (!digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' || !digits(s, 8, 2, d)) return std::nullopt;
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return std::nullopt;
  if (!digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, se))
    return std::nullopt;
  if (!valid_ymd(y, mo, d) || h > 23 || mi > 59 || se > 59) return std::nullopt;
  std::size_t pos = 19;
  int ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    std::size_t start = pos;
    int scale = 100;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      ms += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start || pos - start > 9) return std::nullopt;
  }
  int offset_min = 0;
  if (pos >= s.size()) return std::nullopt;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int oh, om;
    if (!digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' || !digits(s, pos + 4, 2, om) || oh > 23 ||
        om > 59)
      return std::nullopt;
    offset_min = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  using namespace std::chrono;
  sys_days days_since = year_month_day{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  int64_t total = duration_cast<milliseconds>(days_since.time_since_epoch()).count();
  total += ((h * 60 + mi - offset_min) * 60LL + se) * 1000 + ms;
  return total;
}

bool is_date(std::string_view s) {
  int y, m, d;
  return s.size() == 10 && digits(s, 0, 4, y) && s[4] == '-' && digits(s, 5, 2, m) && s[7] == '-' && digits(s, 8, 2, d) &&
         valid_ymd(y, m, d);
}

}  // namespace rapport::clock
