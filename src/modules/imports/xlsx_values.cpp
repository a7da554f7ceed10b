#include "modules/imports/xlsx_values.hpp"

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "platform/utf8.hpp"
#include "platform/ascii.hpp"

namespace rapport::imports {

namespace {

using ascii::lower;

bool starts_with_letters(std::string_view s, std::size_t at, std::string_view prefix) {
  if (s.size() - at < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (lower(s[at + i]) != prefix[i]) return false;
  return true;
}

void two_digits(std::string& out, unsigned n) {
  out += static_cast<char>('0' + n / 10 % 10);
  out += static_cast<char>('0' + n % 10);
}

}  // namespace

DateKind date_format_kind(std::string_view code) {
  bool date = false, time = false, month_or_minute = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == ';') break;  // positive;negative;zero;text: the first section says what a date shows
    if (c == '"') {
      auto close = code.find('"', i + 1);
      if (close == std::string_view::npos) break;
      i = close;
      continue;
    }
    if (c == '\\' || c == '_' || c == '*') {  // an escaped letter, a space as wide as one, a fill
      ++i;
      continue;
    }
    if (c == '[') {
      auto close = code.find(']', i + 1);
      if (close == std::string_view::npos) break;
      std::string_view inside = code.substr(i + 1, close - i - 1);
      // [h]:mm:ss, [mm]:ss: elapsed time; [Red], [$-409], [$EUR], [>100]: no date tokens
      if (!inside.empty() && (lower(inside[0]) == 'h' || lower(inside[0]) == 'm' || lower(inside[0]) == 's')) time = true;
      i = close;
      continue;
    }
    if (starts_with_letters(code, i, "am/pm")) {
      time = true;
      i += 4;
      continue;
    }
    if (starts_with_letters(code, i, "a/p")) {
      time = true;
      i += 2;
      continue;
    }
    char l = lower(c);
    if (l == 'y' || l == 'd') date = true;
    else if (l == 'h' || l == 's') time = true;
    else if (l == 'm') month_or_minute = true;
  }
  if (date) return time ? DateKind::DateTime : DateKind::Date;
  if (time) return DateKind::Time;  // an m among h and s is a minute
  return month_or_minute ? DateKind::Date : DateKind::None;
}

DateKind builtin_date_kind(int id) {
  if (id >= 14 && id <= 17) return DateKind::Date;
  if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47)) return DateKind::Time;
  if (id == 22) return DateKind::DateTime;
  if ((id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return DateKind::Date;  // East Asian date formats
  return DateKind::None;
}

std::optional<std::string> serial_date_text(double serial, DateKind kind, bool date1904) {
  using namespace std::chrono;
  constexpr double kLastSerial = 2958465;  // 9999-12-31 in the 1900 system
  if (kind == DateKind::None || !(serial >= 0) || serial >= kLastSerial + 1) return std::nullopt;
  auto day_number = static_cast<long>(std::floor(serial));
  auto seconds = std::lround((serial - static_cast<double>(day_number)) * 86400.0);
  if (seconds >= 86400) {
    ++day_number;
    seconds = 0;
  }
  std::string out;
  if (kind != DateKind::Time) {
    if (!date1904 && day_number == 60) {
      out = "1900-02-29";  // Lotus 1-2-3's leap day, kept by Excel: no such date
    } else {
      // 1900 system: serial 1 is 1900-01-01, and every serial after the false leap day is one day on.
      sys_days base = date1904 ? sys_days{year{1904} / January / 1}
                               : sys_days{year{1899} / December / (day_number < 60 ? 31 : 30)};
      year_month_day d{base + days{day_number}};
      if (static_cast<int>(d.year()) > 9999) return std::nullopt;
      out = std::to_string(static_cast<int>(d.year()));
      out += '-';
      two_digits(out, static_cast<unsigned>(d.month()));
      out += '-';
      two_digits(out, static_cast<unsigned>(d.day()));
    }
    if (kind == DateKind::Date) return out;
    out += ' ';
  }
  two_digits(out, static_cast<unsigned>(seconds / 3600));
  out += ':';
  two_digits(out, static_cast<unsigned>(seconds / 60 % 60));
  out += ':';
  two_digits(out, static_cast<unsigned>(seconds % 60));
  return out;
}

std::string number_text(std::string_view value) {
  double v = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (ec != std::errc{} || end != value.data() + value.size() || !std::isfinite(v)) return std::string(value);
  if (v == std::trunc(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  char buffer[32];
  int n = std::snprintf(buffer, sizeof buffer, "%.15g", v);
  return std::string(buffer, static_cast<std::size_t>(n));
}

std::string unescape_ooxml(std::string_view text) {
  if (text.find("_x") == std::string_view::npos) return std::string(text);
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned code = 0;
    bool escape = i + 7 <= text.size() && text[i] == '_' && text[i + 1] == 'x' && text[i + 6] == '_';
    for (std::size_t k = 2; escape && k < 6; ++k) {
      char c = lower(text[i + k]);
      bool digit = c >= '0' && c <= '9', letter = c >= 'a' && c <= 'f';
      escape = digit || letter;
      code = code * 16 + static_cast<unsigned>(digit ? c - '0' : c - 'a' + 10);
    }
    if (!escape || (code >= 0xD800 && code <= 0xDFFF)) {
      out += text[i];
      continue;
    }
    utf8::append(out, code);
    i += 6;
  }
  return out;
}

std::optional<std::size_t> column_of(std::string_view reference) {
  std::size_t column = 0, letters = 0;
  for (char c : reference) {
    char u = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    if (u < 'A' || u > 'Z') break;
    if (++letters > 3) return std::nullopt;  // XFD is the last column
    column = column * 26 + static_cast<std::size_t>(u - 'A' + 1);
  }
  if (letters == 0 || column > 16384) return std::nullopt;
  return column - 1;
}

std::string column_name(std::size_t column) {
  std::string out;
  for (std::size_t n = column + 1; n > 0; n = (n - 1) / 26) out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
  return out;
}

}  // namespace rapport::imports
