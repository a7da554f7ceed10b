#include "modules/support/business_hours.hpp"

#include "modules/support/calendar_input.hpp"
#include "platform/http/body_reader.hpp"

namespace rapport::support {
namespace json = boost::json;

namespace {

constexpr const char* kCalendarParts[] = {"time_zone", "week", "holidays"};

}  // namespace

json::object BusinessHours::to_json() const {
  json::object o{{"id", id}, {"name", name}};
  for (const char* part : kCalendarParts)
    if (const auto* v = calendar.if_contains(part)) o[part] = *v;
  o["team_id"] = team_id ? json::value(*team_id) : json::value(nullptr);
  o["is_default"] = is_default;
  o["created_at"] = created_at;
  o["updated_at"] = updated_at;
  o["version"] = version;
  return o;
}

std::optional<Calendar> BusinessHours::clock_calendar() const {
  auto cal = read_calendar(calendar);
  if (!cal) return std::nullopt;
  return std::move(*cal);
}

Result<BusinessHours> read_business_hours(const json::object& body, const BusinessHours* current) {
  http::BodyReader in(body);
  in.only({"name", "time_zone", "week", "holidays", "team_id", "is_default"}, "a business-hours calendar");
  BusinessHours b = current ? *current : BusinessHours{};
  if (auto name = in.text("name", 1, kMaxCalendarName, !current)) b.name = std::move(*name);
  for (const char* part : kCalendarParts)
    if (const auto* v = body.if_contains(part)) b.calendar[part] = *v;
  if (const auto* team = body.if_contains("team_id")) {
    if (team->is_null()) b.team_id.reset();
    else if (team->is_string() && !team->as_string().empty() && team->as_string().size() <= 36) b.team_id = std::string(team->as_string());
    else in.error("team_id", "format", "must be a team's id or null");
  }
  if (auto d = in.boolean("is_default")) b.is_default = *d;
  if (!b.calendar.contains("holidays")) b.calendar["holidays"] = json::array{};
  // The calendar as a whole: its errors name their paths (time_zone, week.mon[0].open, holidays[2]).
  if (auto cal = read_calendar(b.calendar); !cal)
    for (auto& e : cal.take_problem().errors) in.errors().push_back(std::move(e));
  if (!in.ok()) return in.problem();
  return b;
}

}  // namespace rapport::support
