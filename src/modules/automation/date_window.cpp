#include "modules/automation/date_window.hpp"

#include <algorithm>

#include "platform/clock.hpp"

namespace rapport::automation {
namespace json = boost::json;

namespace {

using clock::kDayMs;

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// The local day number (days since 1970-01-01 on the zone's wall clock) at an instant.
int64_t local_day(const jobs::TimeZone& zone, int64_t epoch_ms) { return floor_div(epoch_ms + zone.offset_ms(epoch_ms), kDayMs); }

std::string date_text(int64_t day) { return clock::format_ms(day * kDayMs).substr(0, 10); }

}  // namespace

std::optional<DateField> date_field(const records::ObjectSpec& spec, const std::vector<records::CustomFieldDef>& defs,
                                    const std::string& name, db::Dialect dialect) {
  if (name.starts_with("custom.")) {
    auto d = std::find_if(defs.begin(), defs.end(), [&](const auto& x) { return x.name == name.substr(7); });
    if (d == defs.end() || d->type != "date") return std::nullopt;
    return DateField{d->sql_expr(dialect), false};
  }
  const records::FieldSpec* f = records::find_field(spec, name);
  if (!f || (f->type != records::FieldType::Date && f->type != records::FieldType::DateTime)) return std::nullopt;
  return DateField{f->name, f->type == records::FieldType::DateTime};
}

std::optional<int> parse_clock_time(std::string_view s) {
  auto digit = [&](std::size_t i) { return s[i] >= '0' && s[i] <= '9'; };
  if (s.size() != 5 || s[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) return std::nullopt;
  const int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

std::optional<DateTrigger> DateTrigger::from_json(const json::object& trigger) {
  const auto* field = trigger.if_contains("field");
  const auto* offset = trigger.if_contains("offset_days");
  const auto* at = trigger.if_contains("at");
  if (!field || !field->is_string() || !offset || !offset->is_int64() || !at || !at->is_string()) return std::nullopt;
  const int64_t days = offset->as_int64();
  auto minute = parse_clock_time(at->as_string());
  if (days < -kMaxOffsetDays || days > kMaxOffsetDays || !minute) return std::nullopt;
  return DateTrigger{std::string(field->as_string()), static_cast<int>(days), *minute};
}

std::optional<FireRange> fire_range(const DateTrigger& t, const jobs::TimeZone& zone, bool date_time, int64_t from_ms, int64_t to_ms) {
  if (to_ms <= from_ms) return std::nullopt;
  // The moment of fire day F is non-decreasing in F, so the days firing in the window are one run of
  // days; each lies within a day of the window's local days.
  auto moment = [&](int64_t day) { return zone.first_instant_showing(day * kDayMs + int64_t{t.at_minute} * 60'000); };
  std::optional<int64_t> first, last;
  for (int64_t day = local_day(zone, from_ms) - 1, end = local_day(zone, to_ms) + 1; day <= end; ++day) {
    const int64_t m = moment(day);
    if (m <= from_ms || m > to_ms) continue;
    if (!first) first = day;
    last = day;
  }
  if (!first) return std::nullopt;
  const int64_t low = *first - t.offset_days, high = *last - t.offset_days;
  if (!date_time) return FireRange{date_text(low), date_text(high)};
  // A date-time's day is its local calendar day: from that day's first instant to the next day's.
  return FireRange{clock::format_ms(zone.first_instant_showing(low * kDayMs)),
                   clock::format_ms(zone.first_instant_showing((high + 1) * kDayMs))};
}

int64_t zone_change_lookback_ms(const jobs::TimeZone& before, const jobs::TimeZone& after, bool date_time, int64_t now_ms) {
  const int64_t east = after.offset_ms(now_ms) - before.offset_ms(now_ms);
  if (east > 0) return east;
  if (east < 0 && date_time) return kDayMs + east;
  return 0;
}

}  // namespace rapport::automation
