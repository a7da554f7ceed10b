#include "modules/support/kpi_query.hpp"

#include <optional>

#include "platform/clock.hpp"
#include "platform/ids.hpp"

namespace rapport::support::kpi {

namespace {

// Floor division (days before 1970 are negative).
int64_t floor_div(int64_t a, int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

// The instant the zone's wall clock first shows `wall` (UTC ms: the instant itself).
int64_t instant_of_wall(const std::optional<jobs::TimeZone>& zone, int64_t wall) {
  return zone ? zone->first_instant_showing(wall) : wall;
}

// A bound as given: a date is a wall-clock midnight (`date`), anything else an RFC 3339 date-time (an instant).
struct Bound {
  int64_t ms = 0;
  bool date = false;
};
std::optional<Bound> bound(const std::string& text) {
  if (clock::is_date(text)) {
    auto midnight = clock::parse_datetime(text + "T00:00:00Z");
    return midnight ? std::optional<Bound>(Bound{*midnight, true}) : std::nullopt;
  }
  if (text.size() < 20) return std::nullopt;  // a date-time names at least its seconds and zone
  auto at = clock::parse_datetime(text);
  return at ? std::optional<Bound>(Bound{*at, false}) : std::nullopt;
}

Problem bad(const std::string& detail) { return Problem::bad_request(detail); }

}  // namespace

Result<Query> read_query(const std::vector<std::pair<std::string, std::string>>& params, int64_t now_ms,
                         std::optional<jobs::TimeZone> zone) {
  // Other names never get here: the route's documented parameters are enforced by http::Api.
  Query q;
  q.zone = std::move(zone);
  std::string from, to;
  for (const auto& [key, value] : params) {
    if (key == "from") from = value;
    else if (key == "to") to = value;
    else if (key == "team_id") q.team_id = value;
    else if (key == "assignee_id") q.assignee_id = value;
    else if (key == "channel") q.channel = value;
    else if (key == "priority") q.priority = value;
  }
  std::optional<Bound> f, t;
  if (!from.empty() && !(f = bound(from))) return bad("'from' must be a date (YYYY-MM-DD) or an RFC 3339 date-time");
  if (!to.empty() && !(t = bound(to))) return bad("'to' must be a date (YYYY-MM-DD) or an RFC 3339 date-time");
  // Defaults and the span are wall-clock arithmetic: 30 local days, whatever daylight saving does.
  auto wall_of = [&](const Bound& b) { return b.date ? b.ms : wall_ms(q, b.ms); };
  const Bound tomorrow{(floor_div(wall_ms(q, now_ms), kDayMs) + 1) * kDayMs, true};
  const Bound end = t ? *t : f ? Bound{wall_of(*f) + kDefaultDays * kDayMs, true} : tomorrow;
  const Bound start = f ? *f : Bound{wall_of(end) - kDefaultDays * kDayMs, true};
  q.from = start.date ? instant_of_wall(q.zone, start.ms) : start.ms;
  q.to = end.date ? instant_of_wall(q.zone, end.ms) : end.ms;
  if (q.from >= q.to) return bad("'from' must be before 'to' (to is exclusive)");
  if (wall_ms(q, q.to) - wall_ms(q, q.from) > kMaxDays * kDayMs) return bad("The range from 'from' to 'to' covers at most 366 days");
  if (!q.team_id.empty() && !ids::is_uuid(q.team_id)) return bad("team_id must be a team id");
  if (!q.assignee_id.empty() && !ids::is_uuid(q.assignee_id)) return bad("assignee_id must be a user id");
  if (!q.channel.empty() && q.channel != "email" && q.channel != "web" && q.channel != "phone" && q.channel != "api")
    return bad("channel must be email, web, phone or api");
  if (!q.priority.empty() && q.priority != "low" && q.priority != "normal" && q.priority != "high" && q.priority != "urgent")
    return bad("priority must be low, normal, high or urgent");
  return q;
}

int64_t wall_ms(const Query& q, int64_t ms) { return q.zone ? ms + q.zone->offset_ms(ms) : ms; }

int64_t local_day(const Query& q, int64_t ms) { return floor_div(wall_ms(q, ms), kDayMs); }

std::pair<int64_t, int64_t> day_span(const Query& q) { return {local_day(q, q.from), local_day(q, q.to - 1)}; }

std::string day_text(int64_t day) { return clock::format_ms(day * kDayMs).substr(0, 10); }

}  // namespace rapport::support::kpi
