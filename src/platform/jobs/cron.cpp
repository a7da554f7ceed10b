#include "platform/jobs/cron.hpp"

#include <unicode/basictz.h>
#include <unicode/timezone.h>
#include <unicode/tztrans.h>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <chrono>
#include <stdexcept>
#include <vector>
#include "platform/ascii.hpp"

namespace rapport::jobs {

// ---------------------------------------------------------------------------------------------------
// Time zones

struct TimeZone::Zone {
  std::unique_ptr<const icu::BasicTimeZone> tz;
};

namespace {

Problem refuse(std::string_view field, const char* code, std::string message) {
  std::string detail = std::string(field) + ": " + message;
  return Problem::invalid({FieldError{std::string(field), code, std::move(message)}}, std::move(detail));
}

// ICU's Olson zones implement BasicTimeZone (transitions, offsets from local time); every zone
// createTimeZone returns for a system id is one.
std::unique_ptr<const icu::BasicTimeZone> create_zone(std::string_view id) {
  std::unique_ptr<icu::TimeZone> tz(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(
      icu::StringPiece(id.data(), static_cast<int32_t>(id.size())))));
  auto* basic = dynamic_cast<icu::BasicTimeZone*>(tz.get());
  if (!basic) return nullptr;
  tz.release();
  return std::unique_ptr<const icu::BasicTimeZone>(basic);
}

}  // namespace

Result<TimeZone> time_zone(std::string_view iana, std::string_view field) {
  auto unknown = [&] {
    return refuse(field, "unknown",
                  "is not an IANA time zone name (an Area/Location name in exact case, such as Europe/Paris, "
                  "or UTC)");
  };
  // The longest IANA name has 32 bytes; the check also keeps what follows away from odd input.
  if (iana.empty() || iana.size() > 64) return unknown();
  for (char c : iana)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '_' ||
          c == '-' || c == '+'))
      return unknown();
  // ICU also knows Java's three-letter ids ("IST" is Kolkata, "BST" Dhaka), which are not IANA names
  // and mislead; IANA names without a slash (EST, CET, ...) are legacy. Only UTC is taken of those.
  if (iana != "UTC" && iana.find('/') == std::string_view::npos) return unknown();
  // An unknown id gives ICU's "Etc/Unknown" zone (an alias of GMT), which getCanonicalID reports as
  // not a system id, as it does custom ids ("GMT+05:00").
  icu::UnicodeString canonical;
  UBool system = false;
  UErrorCode status = U_ZERO_ERROR;
  icu::TimeZone::getCanonicalID(icu::UnicodeString::fromUTF8(icu::StringPiece(iana.data(), static_cast<int32_t>(iana.size()))),
                                canonical, system, status);
  if (U_FAILURE(status) || !system) return unknown();
  auto zone = create_zone(iana);
  if (!zone) throw std::runtime_error("ICU: time zone " + std::string(iana) + " has no transitions");
  return TimeZone(std::string(iana), std::make_shared<const TimeZone::Zone>(TimeZone::Zone{std::move(zone)}));
}

int64_t TimeZone::offset_ms(int64_t epoch_ms) const {
  int32_t raw = 0, dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  zone_->tz->getOffset(static_cast<UDate>(epoch_ms), false, raw, dst, status);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU getOffset: ") + u_errorName(status));
  return int64_t{raw} + dst;
}

int64_t TimeZone::first_instant_showing(int64_t local_ms) const {
  // ICU's options: for a wall time that occurs twice, FORMER takes the offset before the transition,
  // i.e. the first occurrence. For a skipped one no offset is right; we check and find the gap.
  int32_t raw = 0, dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  zone_->tz->getOffsetFromLocal(static_cast<UDate>(local_ms), UCAL_TZ_LOCAL_FORMER, UCAL_TZ_LOCAL_FORMER, raw, dst,
                                status);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU getOffsetFromLocal: ") + u_errorName(status));
  const int64_t guess = local_ms - (int64_t{raw} + dst);
  const int64_t shown = guess + offset_ms(guess);
  if (shown == local_ms) return guess;
  // Skipped: the wall clock jumps over local_ms at a transition, the first instant that shows a later
  // time. The guess lies after it (the clock already shows more) or before it (not yet reached).
  icu::TimeZoneTransition transition;
  const bool found = shown > local_ms ? zone_->tz->getPreviousTransition(static_cast<UDate>(guess), true, transition)
                                      : zone_->tz->getNextTransition(static_cast<UDate>(guess), false, transition);
  if (!found) throw std::runtime_error("ICU: no transition around a skipped local time in " + id_);
  return static_cast<int64_t>(transition.getTime());
}

// ---------------------------------------------------------------------------------------------------
// Parsing

namespace {

struct FieldSpec {
  const char* name;
  int lo, hi;      // values a field takes (day-of-week: 0-7, both Sunday)
  int star_hi;     // where `*` ends (day-of-week: 6, so that */2 is 0,2,4,6)
  const std::array<std::string_view, 13>* names;  // names[v] for value v; empty where none
  const char* names_span;                          // for messages, e.g. "JAN-DEC"
};

constexpr std::array<std::string_view, 13> kMonthNames = {"",    "JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                          "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 13> kDayNames = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

const FieldSpec kFields[5] = {
    {"minute", 0, 59, 59, nullptr, ""},
    {"hour", 0, 23, 23, nullptr, ""},
    {"day-of-month", 1, 31, 31, nullptr, ""},
    {"month", 1, 12, 12, &kMonthNames, "JAN-DEC"},
    {"day-of-week", 0, 7, 6, &kDayNames, "SUN-SAT"},
};

using ascii::is_digit;
using ascii::is_alpha;
using ascii::upper;

std::string quoted(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '`';
  out += s;
  out += '`';
  return out;
}

class FieldParser {
 public:
  FieldParser(std::string_view field, const FieldSpec& spec) : field_(field), spec_(spec) {}

  // The field's bits (bit v for value v), with its normalised text in `out`; a Problem when malformed.
  Result<uint64_t> parse(std::string_view text, std::string& out) {
    uint64_t bits = 0;
    std::size_t items = 0;
    while (true) {
      const auto comma = text.find(',');
      const std::string_view item = text.substr(0, comma);
      if (++items > kMaxCronListItems)
        return fail("format", "has more than " + std::to_string(kMaxCronListItems) + " list items");
      if (item.empty()) return fail("format", "has an empty list item");
      if (items > 1) out += ',';
      auto b = parse_item(item, out);
      if (!b) return b;
      bits |= *b;
      if (comma == std::string_view::npos) break;
      text.remove_prefix(comma + 1);
    }
    return bits;
  }

 private:
  Problem fail(const char* code, const std::string& message) const {
    return refuse(field_, code, std::string("the ") + spec_.name + " field " + message);
  }

  // A number or (month, day-of-week) a name, in range.
  Result<int> value(std::string_view token) const {
    if (!token.empty() && is_digit(token[0])) {
      int v = 0;
      auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), v);
      if (end != token.data() + token.size()) return fail("format", "has " + quoted(token) + ", which is not a number");
      if (ec != std::errc() || v < spec_.lo || v > spec_.hi)
        return fail("range", "has " + std::string(token) + ", out of its range " + std::to_string(spec_.lo) + "-" +
                                 std::to_string(spec_.hi));
      return v;
    }
    if (!token.empty() && spec_.names) {
      std::string up;
      for (char c : token) up += upper(c);
      for (std::size_t v = 0; v < spec_.names->size(); ++v)
        if (!(*spec_.names)[v].empty() && (*spec_.names)[v] == up) return static_cast<int>(v);
      return fail("format",
                  "has " + quoted(token) + ", which is neither a number nor a name (" + spec_.names_span + ")");
    }
    if (token.empty()) return fail("format", "has a range or step with a missing number");
    return fail("format", "has " + quoted(token) + ", which is not a number");
  }

  // `*`, `v`, `a-b`, `*/s`, `a-b/s`.
  Result<uint64_t> parse_item(std::string_view item, std::string& out) const {
    const auto slash = item.find('/');
    const std::string_view base = item.substr(0, slash);
    int lo = 0, hi = 0;
    bool single = false;
    if (base == "*") {
      lo = spec_.lo;
      hi = spec_.star_hi;
      out += '*';
    } else if (const auto dash = base.find('-'); dash != std::string_view::npos) {
      auto a = value(base.substr(0, dash));
      if (!a) return a.take_problem();
      auto b = value(base.substr(dash + 1));
      if (!b) return b.take_problem();
      lo = *a;
      hi = *b;
      if (lo > hi) {
        std::string hint = spec_.names == &kDayNames && hi == 0 ? " (write 7 for Sunday at the end of a range: 5-7)" : "";
        return fail("range", "has the reversed range " + quoted(base) + hint);
      }
      out += std::to_string(lo) + "-" + std::to_string(hi);
    } else {
      auto v = value(base);
      if (!v) return v.take_problem();
      lo = hi = *v;
      single = true;
      out += std::to_string(lo);
    }
    int step = 1;
    if (slash != std::string_view::npos) {
      if (single) return fail("format", "has " + quoted(item) + ": a step follows * or a range, not a single value");
      const std::string_view s = item.substr(slash + 1);
      auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), step);
      if (s.empty() || end != s.data() + s.size() || !is_digit(s[0]))
        return fail("format", "has " + quoted(item) + ", whose step is not a number");
      if (ec != std::errc() || step < 1 || step > hi - lo)
        return fail("range", "has " + quoted(item) + ": the step must be from 1 to " +
                                 std::to_string(std::max(hi - lo, 1)) + " for the range " + std::to_string(lo) + "-" +
                                 std::to_string(hi));
      out += "/" + std::to_string(step);
    }
    uint64_t bits = 0;
    for (int v = lo; v <= hi; v += step) bits |= uint64_t{1} << v;
    return bits;
  }

  std::string_view field_;
  const FieldSpec& spec_;
};

// Vixie's macros (crontab(5)) and their expansions; the normalised text keeps the first name.
struct Macro {
  std::string_view name, fields;
};
constexpr Macro kMacros[] = {
    {"@yearly", "0 0 1 1 *"}, {"@annually", "0 0 1 1 *"}, {"@monthly", "0 0 1 * *"}, {"@weekly", "0 0 * * 0"},
    {"@daily", "0 0 * * *"},  {"@midnight", "0 0 * * *"}, {"@hourly", "0 * * * *"},
};

std::string_view canonical_macro(std::string_view fields) {
  for (const auto& m : kMacros)
    if (m.fields == fields) return m.name;
  return {};
}

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::vector<std::string_view> split_fields(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    if (i > start) out.push_back(text.substr(start, i - start));
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------
// Matching on the wall clock

namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

constexpr int64_t kMsPerMinute = 60'000;
constexpr int64_t kMsPerDay = 86'400'000;
constexpr int kCycleYears = 400;  // the Gregorian calendar repeats its dates and weekdays every 400 years
constexpr int kLastYear = 9999;

// A wall-clock minute: year, month 1-12, day 1-31, hour, minute.
struct Wall {
  int y;
  int m, d, h, mi;
};

int days_in_month(int y, int m) {
  return static_cast<int>(static_cast<unsigned>(
      year_month_day{std::chrono::year(y) / std::chrono::month(static_cast<unsigned>(m)) / std::chrono::last}.day()));
}

int64_t day_number(int y, int m, int d) {
  return sys_days{std::chrono::year(y) / std::chrono::month(static_cast<unsigned>(m)) /
                  std::chrono::day(static_cast<unsigned>(d))}
      .time_since_epoch()
      .count();
}

int64_t wall_ms(const Wall& w) {
  return day_number(w.y, w.m, w.d) * kMsPerDay + int64_t{w.h} * 3'600'000 + int64_t{w.mi} * kMsPerMinute;
}

// The wall minute holding `local_ms` (milliseconds as if UTC).
Wall wall_of(int64_t local_ms) {
  int64_t day = local_ms / kMsPerDay, ms = local_ms % kMsPerDay;
  if (ms < 0) ms += kMsPerDay, --day;
  const year_month_day ymd{sys_days{days{day}}};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day())), static_cast<int>(ms / 3'600'000),
          static_cast<int>(ms % 3'600'000 / kMsPerMinute)};
}

// The lowest set bit of `bits` at or above `from`, or -1.
int next_bit(uint64_t bits, int from) {
  if (from >= 64) return -1;
  const uint64_t rest = bits & (~uint64_t{0} << from);
  return rest ? std::countr_zero(rest) : -1;
}

bool day_matches(const Cron& c, int y, int m, int d) {
  const bool dom = (c.days() >> d) & 1;
  const unsigned wd = std::chrono::weekday(sys_days{days{day_number(y, m, d)}}).c_encoding();  // 0 = Sunday
  const bool dow = (c.weekdays() >> wd) & 1;
  return c.days_or() ? (dom || dow) : (dom && dow);
}

// The first day >= d of month m that matches, or -1. Jumps along the day-of-month bits when the
// weekday does not widen them (AND rule); with the OR rule a weekday matches within 7 days.
int next_day(const Cron& c, int y, int m, int d) {
  const int last = days_in_month(y, m);
  for (; d <= last; ++d) {
    if (!c.days_or()) {
      d = next_bit(c.days(), d);
      if (d < 0 || d > last) return -1;
    }
    if (day_matches(c, y, m, d)) return d;
  }
  return -1;
}

// The first matching wall minute at or after `w`, searching up to the end of year `last_year`.
// Each step moves one field to its next allowed value (and resets the smaller ones), so a search
// costs a few steps per month, not one per minute.
std::optional<Wall> next_match(const Cron& c, Wall w, int last_year) {
  while (w.y <= last_year) {
    const int m = next_bit(c.months(), w.m);
    if (m < 0) {
      w = {w.y + 1, 1, 1, 0, 0};
      continue;
    }
    if (m != w.m) w = {w.y, m, 1, 0, 0};
    const int d = next_day(c, w.y, w.m, w.d);
    if (d < 0) {
      w = {w.y, w.m + 1, 1, 0, 0};
      if (w.m > 12) w = {w.y + 1, 1, 1, 0, 0};
      continue;
    }
    if (d != w.d) w = {w.y, w.m, d, 0, 0};
    const int h = next_bit(c.hours(), w.h);
    if (h < 0) {
      w.h = 24;  // past the day's last hour: the next day
    } else {
      if (h != w.h) w.h = h, w.mi = 0;
      const int mi = next_bit(c.minutes(), w.mi);
      if (mi >= 0) {
        w.mi = mi;
        return w;
      }
      ++w.h;
      w.mi = 0;
    }
    if (w.h > 23) w = {w.y, w.m, w.d + 1, 0, 0};  // next_day handles a day past the month's end
    if (w.d > days_in_month(w.y, w.m)) {
      w = {w.y, w.m + 1, 1, 0, 0};
      if (w.m > 12) w = {w.y + 1, 1, 1, 0, 0};
    }
  }
  return std::nullopt;
}

}  // namespace

Result<Cron> parse_cron(std::string_view text, std::string_view field) {
  if (text.size() > kMaxCronBytes)
    return refuse(field, "length", "is longer than " + std::to_string(kMaxCronBytes) + " bytes");
  for (char c : text) {
    if (is_digit(c) || is_alpha(c) || is_space(c) || c == '*' || c == ',' || c == '-' || c == '/' || c == '@') continue;
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) return refuse(field, "format", "has a character that is not cron syntax");
    return refuse(field, "format",
                  "has " + quoted(std::string(1, c)) + ", which is not cron syntax (" +
                      (c == '?' || c == '#' ? "Quartz's ? and # are not supported; " : "") +
                      "fields are made of numbers, names, * , - and /)");
  }
  auto parts = split_fields(text);
  if (parts.empty()) return refuse(field, "required", "is empty");

  std::string expanded;  // a macro's fields
  if (parts[0].starts_with('@')) {
    std::string name;
    for (char c : parts[0]) name += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    if (name == "@reboot") return refuse(field, "format", "uses @reboot, which has no meaning for a scheduled job");
    for (const auto& m : kMacros)
      if (m.name == name) expanded = m.fields;
    if (expanded.empty())
      return refuse(field, "format",
                    "has the unknown macro " + quoted(parts[0]) +
                        " (macros: @hourly, @daily, @midnight, @weekly, @monthly, @yearly, @annually)");
    if (parts.size() > 1) return refuse(field, "format", "has text after the macro " + quoted(parts[0]));
    parts = split_fields(expanded);
  }
  if (parts.size() != 5) {
    const std::string fields = "minute hour day-of-month month day-of-week";
    if (parts.size() == 6)
      return refuse(field, "format", "has 6 fields: seconds are not supported; expected 5, " + fields);
    return refuse(field, "format", "has " + std::to_string(parts.size()) + " field" + (parts.size() == 1 ? "" : "s") +
                                       "; expected 5, " + fields);
  }

  Cron cron;
  std::string normal;
  uint64_t bits[5] = {};
  for (int i = 0; i < 5; ++i) {
    if (i > 0) normal += ' ';
    auto b = FieldParser(field, kFields[i]).parse(parts[static_cast<std::size_t>(i)], normal);
    if (!b) return b.take_problem();
    bits[i] = *b;
  }
  cron.minutes_ = bits[0];
  cron.hours_ = static_cast<uint32_t>(bits[1]);
  cron.days_ = static_cast<uint32_t>(bits[2]);
  cron.months_ = static_cast<uint16_t>(bits[3]);
  cron.weekdays_ = static_cast<uint8_t>((bits[4] | (bits[4] >> 7)) & 0x7f);  // 7 is Sunday, bit 0
  // Vixie cron: a day-of-month or day-of-week field written starting with `*` is "unrestricted"; when
  // neither is, a day matching either fires (crontab(5): "If both fields are restricted ... the command
  // will be run when either field matches the current time").
  cron.days_or_ = !parts[2].starts_with('*') && !parts[4].starts_with('*');
  std::string_view macro = canonical_macro(normal);
  cron.text_ = expanded.empty() || macro.empty() ? normal : std::string(macro);

  // Dates and weekdays repeat every 400 years: no match within one cycle means none ever.
  if (!next_match(cron, {2000, 1, 1, 0, 0}, 2000 + kCycleYears - 1))
    return refuse(field, "never_fires",
                  "never fires: no date has the day-of-month, month and day-of-week it names (" + normal + ")");
  return cron;
}

std::optional<int64_t> next_after(const Cron& cron, const TimeZone& zone, int64_t after_epoch_ms) {
  constexpr int64_t kEndMs = 253'402'300'800'000;  // 10000-01-01T00:00:00Z
  if (after_epoch_ms < 0 || after_epoch_ms >= kEndMs) return std::nullopt;
  // Every wall minute up to the one showing at `after` fires at or before it (first_instant_showing
  // never decreases as the wall time grows): start at the next wall minute.
  Wall from = wall_of(after_epoch_ms + zone.offset_ms(after_epoch_ms));
  from = wall_of(wall_ms(from) + kMsPerMinute);
  const int last_year = std::min(from.y + kCycleYears, kLastYear);
  while (auto w = next_match(cron, from, last_year)) {
    const int64_t local = wall_ms(*w);
    const int64_t at = zone.first_instant_showing(local);
    // A wall minute that fired before `after`: `after` falls in the second run of a repeated hour,
    // whose wall times fired at their first occurrence (or, for a gap, the same instant fired).
    if (at > after_epoch_ms) return at < kEndMs ? std::optional<int64_t>(at) : std::nullopt;
    from = wall_of(local + kMsPerMinute);
  }
  return std::nullopt;
}

}  // namespace rapport::jobs
