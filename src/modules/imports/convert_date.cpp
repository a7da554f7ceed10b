#include "modules/imports/convert_date.hpp"

#include <array>
#include <chrono>
#include <cstdio>

#include "platform/clock.hpp"
#include "platform/ascii.hpp"

namespace rapport::imports {

namespace {

using ascii::is_digit;
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
using ascii::lower;

bool equals_nocase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

// Reads the text left to right; each step either consumes what it looks for or leaves the position.
struct Cursor {
  std::string_view s;
  std::size_t pos = 0;
  bool done() const { return pos >= s.size(); }
  char peek() const { return done() ? '\0' : s[pos]; }
  bool take(char c) {
    if (peek() != c) return false;
    ++pos;
    return true;
  }
  bool take_any(std::string_view chars, char& which) {
    if (done() || chars.find(s[pos]) == std::string_view::npos) return false;
    which = s[pos++];
    return true;
  }
  std::size_t spaces() {
    std::size_t n = 0;
    while (peek() == ' ') ++pos, ++n;
    return n;
  }
  // min..max digits; the count read is `n` (0 when fewer than min: nothing consumed).
  bool number(std::size_t min, std::size_t max, int& value, std::size_t* n = nullptr) {
    std::size_t i = pos;
    int v = 0;
    while (i < s.size() && i - pos < max && is_digit(s[i])) v = v * 10 + (s[i++] - '0');
    if (i - pos < min || (i < s.size() && is_digit(s[i]))) return false;
    if (n) *n = i - pos;
    pos = i;
    value = v;
    return true;
  }
  // Exactly n digits, whatever follows.
  bool fixed(std::size_t n, int& value) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
      if (!is_digit(s[i])) return false;
      v = v * 10 + (s[i] - '0');
    }
    pos += n;
    value = v;
    return true;
  }
  std::string_view word() {
    std::size_t i = pos;
    while (i < s.size() && is_letter(s[i])) ++i;
    auto w = s.substr(pos, i - pos);
    pos = i;
    return w;
  }
};

constexpr std::array<std::string_view, 12> kMonths = {"january", "february", "march",     "april",   "may",      "june",
                                                      "july",    "august",   "september", "october", "november", "december"};
constexpr std::array<std::string_view, 7> kWeekdays = {"monday", "tuesday",  "wednesday", "thursday",
                                                       "friday", "saturday", "sunday"};

// 1-12 for a month's English name, its first three letters or "sept"; 0 otherwise.
int month_named(std::string_view w) {
  for (std::size_t i = 0; i < kMonths.size(); ++i)
    if (equals_nocase(w, kMonths[i]) || equals_nocase(w, kMonths[i].substr(0, 3)) || (i == 8 && equals_nocase(w, "sept")))
      return static_cast<int>(i) + 1;
  return 0;
}

bool weekday_named(std::string_view w) {
  for (auto d : kWeekdays)
    if (equals_nocase(w, d) || equals_nocase(w, d.substr(0, 3))) return true;
  return false;
}

void skip_ordinal(Cursor& c) {
  std::size_t at = c.pos;
  auto w = c.word();
  if (!w.empty() && !equals_nocase(w, "st") && !equals_nocase(w, "nd") && !equals_nocase(w, "rd") && !equals_nocase(w, "th"))
    c.pos = at;
}

// A year of 2 or 4 digits (2: the pivot above).
bool year(Cursor& c, int& y) {
  std::size_t n = 0;
  if (!c.number(2, 4, y, &n) || n == 3) return false;
  if (n == 2) y += y < 70 ? 2000 : 1900;
  return true;
}

// "5 Mar 2024", "5-Mar-24", "5. March 2024" once the day is read.
bool day_month_name_year(Cursor& c, WallTime& t) {
  t.month = month_named(c.word());
  if (t.month == 0) return false;
  c.take('.');
  char sep;
  if (!c.take_any("- ,", sep)) return false;
  c.spaces();
  return year(c, t.year);
}

// "March 5, 2024", "Mar 5 2024", "Mar-05-2024".
bool month_name_day_year(Cursor& c, WallTime& t) {
  t.month = month_named(c.word());
  if (t.month == 0) return false;
  c.take('.');
  char sep;
  if (!c.take_any("- ", sep)) return false;
  c.spaces();
  if (!c.number(1, 2, t.day)) return false;
  skip_ordinal(c);
  c.take(',');
  if (!c.take_any("- ", sep)) return false;
  c.spaces();
  return year(c, t.year);
}

// The date part; `why` says what does not fit when it is a numeric date against the order.
bool date_part(Cursor& c, DateOrder order, WallTime& t, std::string& why) {
  if (is_letter(c.peek())) {
    std::size_t at = c.pos;
    if (weekday_named(c.word())) {
      c.take(',');
      c.spaces();
    } else {
      c.pos = at;
    }
    if (is_letter(c.peek())) return month_name_day_year(c, t);
  }
  std::size_t n = 0;
  int first = 0;
  std::size_t start = c.pos;
  while (!c.done() && is_digit(c.s[c.pos])) ++c.pos;
  n = c.pos - start;
  c.pos = start;
  if (n == 8) {  // 20240305
    return c.fixed(4, t.year) && c.fixed(2, t.month) && c.fixed(2, t.day);
  }
  char sep;
  if (n == 4) {  // ISO: year first
    c.number(4, 4, t.year);
    if (!c.take_any("-/.", sep) || !c.number(1, 2, t.month) || !c.take(sep) || !c.number(1, 2, t.day)) return false;
    return true;
  }
  if (!c.number(1, 2, first)) return false;
  std::size_t after_number = c.pos;
  skip_ordinal(c);
  c.take('.');
  if (c.take_any("- ", sep) || c.pos > after_number) {
    c.spaces();
    if (is_letter(c.peek())) {
      t.day = first;
      return day_month_name_year(c, t);
    }
    c.pos = after_number;
  }
  int second = 0;
  if (!c.take_any("/.-", sep) || !c.number(1, 2, second) || !c.take(sep) || !year(c, t.year)) return false;
  const bool day_first = order == DateOrder::DayMonthYear;
  t.day = day_first ? first : second;
  t.month = day_first ? second : first;
  if (t.month > 12)
    why = "month " + std::to_string(t.month) + " does not exist: numeric dates are read " +
          (day_first ? "day/month/year" : "month/day/year") + " (the import's date_order)";
  return true;
}

// "14:30", "2:30:15 PM", "14:30:15.250", then an offset: Z, UTC, GMT, +02:00, +0200, +02.
bool time_part(Cursor& c, WallTime& t) {
  if (!c.number(1, 2, t.hour) || !c.take(':') || !c.number(2, 2, t.minute)) return false;
  if (c.take(':')) {
    if (!c.number(2, 2, t.second)) return false;
    char sep;
    if (c.take_any(".,", sep)) {
      std::size_t digits = 0;
      int scale = 100;
      while (is_digit(c.peek())) {
        if (digits < 3) t.millisecond += (c.s[c.pos] - '0') * scale;
        scale /= 10;
        ++digits;
        ++c.pos;
      }
      if (digits == 0 || digits > 9) return false;
    }
  }
  t.has_time = true;
  c.spaces();
  std::size_t at = c.pos;
  auto w = c.word();
  if (equals_nocase(w, "am") || equals_nocase(w, "pm") || ((equals_nocase(w, "a") || equals_nocase(w, "p")) && c.take('.'))) {
    if (w.size() == 1 && !(c.take('m') || c.take('M'))) return false;
    c.take('.');
    if (t.hour < 1 || t.hour > 12) return false;
    t.hour = t.hour % 12 + (lower(w[0]) == 'p' ? 12 : 0);
    c.spaces();
    at = c.pos;
    w = c.word();
  }
  if (equals_nocase(w, "z")) {
    t.offset_minutes = 0;
    return c.done();
  }
  if (equals_nocase(w, "utc") || equals_nocase(w, "gmt")) {
    t.offset_minutes = 0;
    if (c.done()) return true;
  } else {
    c.pos = at;
  }
  char sign;
  if (!c.take_any("+-", sign)) return c.done();
  int oh = 0, om = 0;
  if (!c.fixed(2, oh)) return false;
  c.take(':');
  if (!c.done() && !c.fixed(2, om)) return false;
  if (oh > 14 || om > 59) return false;
  t.offset_minutes = (oh * 60 + om) * (sign == '-' ? -1 : 1);
  return c.done();
}

bool real_date(const WallTime& t) {
  using namespace std::chrono;
  return t.year >= 1000 && t.year <= 9999 && t.month >= 1 && t.month <= 12 &&
         year_month_day{std::chrono::year{t.year}, std::chrono::month{static_cast<unsigned>(t.month)},
                        std::chrono::day{static_cast<unsigned>(t.day)}}
             .ok();
}

}  // namespace

Cell<WallTime> read_wall_time(std::string_view text, DateOrder order) {
  text = trim_cell(text);
  if (text.empty()) return Cell<WallTime>::empty();
  Cursor c{text};
  WallTime t;
  std::string why;
  auto not_a_date = [&] { return Cell<WallTime>::fail("not a date: " + quote_cell(text)); };
  if (!date_part(c, order, t, why)) return not_a_date();
  if (!why.empty()) return Cell<WallTime>::fail(quote_cell(text) + ": " + why);
  if (!c.done()) {
    const bool t_sep = c.take('T') || c.take('t');
    if (!t_sep && c.spaces() == 0) {
      c.take(',');
      if (c.spaces() == 0) return not_a_date();
    }
    if (!time_part(c, t)) return not_a_date();
    if (t.hour > 23 || t.minute > 59 || t.second > 59) return Cell<WallTime>::fail("not a time of day: " + quote_cell(text));
  }
  if (!real_date(t)) return Cell<WallTime>::fail("no such date: " + quote_cell(text));
  return Cell<WallTime>::of(t);
}

Cell<std::string> convert_date(std::string_view text, DateOrder order) {
  auto t = read_wall_time(text, order);
  if (!t.ok()) return Cell<std::string>::fail(t.error);
  if (!t.value) return Cell<std::string>::empty();
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", t.value->year, t.value->month, t.value->day);
  return Cell<std::string>::of(buf);
}

Cell<std::string> convert_datetime(std::string_view text, DateOrder order, const jobs::TimeZone& zone) {
  auto t = read_wall_time(text, order);
  if (!t.ok()) return Cell<std::string>::fail(t.error);
  if (!t.value) return Cell<std::string>::empty();
  using namespace std::chrono;
  const WallTime& w = *t.value;
  const sys_days day = year_month_day{std::chrono::year{w.year}, std::chrono::month{static_cast<unsigned>(w.month)},
                                      std::chrono::day{static_cast<unsigned>(w.day)}};
  const int64_t local_ms = duration_cast<milliseconds>(day.time_since_epoch()).count() +
                           ((int64_t{w.hour} * 60 + w.minute) * 60 + w.second) * 1000 + w.millisecond;
  const int64_t utc_ms =
      w.offset_minutes ? local_ms - int64_t{*w.offset_minutes} * 60'000 : zone.first_instant_showing(local_ms);
  return Cell<std::string>::of(clock::format_ms(utc_ms));
}

}  // namespace rapport::imports
