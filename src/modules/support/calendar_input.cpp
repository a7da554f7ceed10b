#include "modules/support/calendar_input.hpp"

#include <algorithm>
#include <optional>
#include <string>

namespace rapport::support {
namespace json = boost::json;

namespace {

constexpr const char* kDays[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

std::string indexed(std::string base, std::size_t i) {
  base += '[';
  base += std::to_string(i);
  base += ']';
  return base;
}

// "HH:MM" as minutes after midnight; 24:00 only where a closing time is read.
std::optional<int> clock_minutes(const json::value& v, bool closing) {
  if (!v.is_string()) return std::nullopt;
  const auto& s = v.as_string();
  auto digit = [&](std::size_t i) { return s[i] >= '0' && s[i] <= '9'; };
  if (s.size() != 5 || s[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) return std::nullopt;
  const int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && (m != 0 || !closing))) return std::nullopt;
  return h * 60 + m;
}

void read_day(const json::value& v, const std::string& path, std::vector<OpenHours>& out, std::vector<FieldError>& errors) {
  if (!v.is_array()) {
    errors.push_back({path, "type", "must be a list of {\"open\": \"HH:MM\", \"close\": \"HH:MM\"}"});
    return;
  }
  if (v.as_array().size() > kMaxIntervalsPerDay) {
    errors.push_back({path, "length", "lists more than " + std::to_string(kMaxIntervalsPerDay) + " intervals"});
    return;
  }
  for (std::size_t i = 0; i < v.as_array().size(); ++i) {
    const std::string at = indexed(path, i);
    const auto* hours = v.as_array()[i].if_object();
    if (!hours) {
      errors.push_back({at, "type", "must be {\"open\": \"HH:MM\", \"close\": \"HH:MM\"}"});
      continue;
    }
    std::optional<int> open, close;
    for (const auto& kv : *hours) {
      if (kv.key() == "open") open = clock_minutes(kv.value(), false);
      else if (kv.key() == "close") close = clock_minutes(kv.value(), true);
      else errors.push_back({at + "." + std::string(kv.key()), "unknown", "is not a part of opening hours (open, close)"});
    }
    if (!open) errors.push_back({at + ".open", "format", "must be a time HH:MM from 00:00 to 23:59"});
    if (!close) errors.push_back({at + ".close", "format", "must be a time HH:MM from 00:00 to 24:00"});
    if (open && close) out.push_back({*open, *close});
  }
}

}  // namespace

Result<Calendar> read_calendar(const json::object& body) {
  std::vector<FieldError> errors;
  std::optional<jobs::TimeZone> zone;
  std::array<std::vector<OpenHours>, 7> week;
  std::vector<int64_t> holidays;
  for (const auto& kv : body) {
    const std::string key(kv.key());
    if (key == "time_zone") {
      if (!kv.value().is_string()) {
        errors.push_back({"time_zone", "type", "must be an IANA time zone name such as Europe/Berlin"});
      } else if (auto z = jobs::time_zone(kv.value().as_string(), "time_zone")) {
        zone = *z;
      } else {
        for (auto& e : z.take_problem().errors) errors.push_back(std::move(e));
      }
    } else if (key == "week") {
      if (!kv.value().is_object()) {
        errors.push_back({"week", "type", "must be an object of weekdays (sun, mon, ..., sat) to opening hours"});
        continue;
      }
      for (const auto& day : kv.value().as_object()) {
        const auto* d = std::find(std::begin(kDays), std::end(kDays), std::string_view(day.key()));
        if (d == std::end(kDays)) errors.push_back({"week." + std::string(day.key()), "unknown", "is not a weekday: sun, mon, tue, wed, thu, fri or sat"});
        else read_day(day.value(), "week." + std::string(day.key()), week[static_cast<std::size_t>(d - std::begin(kDays))], errors);
      }
    } else if (key == "holidays") {
      if (!kv.value().is_array()) {
        errors.push_back({"holidays", "type", "must be a list of dates YYYY-MM-DD"});
        continue;
      }
      if (kv.value().as_array().size() > kMaxHolidays) {
        errors.push_back({"holidays", "length", "lists more than " + std::to_string(kMaxHolidays) + " dates"});
        continue;
      }
      for (std::size_t i = 0; i < kv.value().as_array().size(); ++i) {
        const auto& v = kv.value().as_array()[i];
        auto day = v.is_string() ? day_number(v.as_string()) : std::nullopt;
        if (day) holidays.push_back(*day);
        else errors.push_back({indexed("holidays", i), "format", "must be a date YYYY-MM-DD"});
      }
    } else {
      errors.push_back({key, "unknown", "is not a part of a business-hours calendar (time_zone, week, holidays)"});
    }
  }
  if (!zone && !body.contains("time_zone")) errors.push_back({"time_zone", "required", "is required (an IANA name such as Europe/Berlin)"});
  if (!errors.empty()) return Problem::invalid(std::move(errors));
  return make_calendar(*zone, week, std::move(holidays), "");
}

}  // namespace rapport::support
