#include "modules/support/kpi_query.hpp"

#include <optional>

#include "platform/clock.hpp"
#include "platform/ids.hpp"

namespace rapport::support::kpi {

namespace {

// Floor division (days before 1970 are negative).
int64_t floor_div(int64_t a, int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

// A date is its midnight UTC; anything else must be an RFC 3339 date-time.
std::optional<int64_t> instant(const std::string& text) {
  if (clock::is_date(text)) return clock::parse_datetime(text + "T00:00:00Z");
  if (text.size() < 20) return std::nullopt;  // a date-time names at least its seconds and zone
  return clock::parse_datetime(text);
}

Problem bad(const std::string& detail) { return Problem::bad_request(detail); }

}  // namespace

Result<Query> read_query(const std::vector<std::pair<std::string, std::string>>& params, int64_t now_ms) {
  // Other names never get here: the route's documented parameters are enforced by http::Api.
  Query q;
  std::string from, to;
  for (const auto& [key, value] : params) {
    if (key == "from") from = value;
    else if (key == "to") to = value;
    else if (key == "team_id") q.team_id = value;
    else if (key == "assignee_id") q.assignee_id = value;
    else if (key == "channel") q.channel = value;
    else if (key == "priority") q.priority = value;
  }
  const int64_t tomorrow = (floor_div(now_ms, kDayMs) + 1) * kDayMs;
  std::optional<int64_t> f, t;
  if (!from.empty() && !(f = instant(from))) return bad("'from' must be a date (YYYY-MM-DD) or an RFC 3339 date-time");
  if (!to.empty() && !(t = instant(to))) return bad("'to' must be a date (YYYY-MM-DD) or an RFC 3339 date-time");
  q.to = t ? *t : f ? *f + kDefaultDays * kDayMs : tomorrow;
  q.from = f ? *f : q.to - kDefaultDays * kDayMs;
  if (q.from >= q.to) return bad("'from' must be before 'to' (to is exclusive)");
  if (q.to - q.from > kMaxDays * kDayMs) return bad("The range from 'from' to 'to' covers at most 366 days");
  if (!q.team_id.empty() && !ids::is_uuid(q.team_id)) return bad("team_id must be a team id");
  if (!q.assignee_id.empty() && !ids::is_uuid(q.assignee_id)) return bad("assignee_id must be a user id");
  if (!q.channel.empty() && q.channel != "email" && q.channel != "web" && q.channel != "phone" && q.channel != "api")
    return bad("channel must be email, web, phone or api");
  if (!q.priority.empty() && q.priority != "low" && q.priority != "normal" && q.priority != "high" && q.priority != "urgent")
    return bad("priority must be low, normal, high or urgent");
  return q;
}

std::pair<int64_t, int64_t> day_span(const Query& q) { return {floor_div(q.from, kDayMs), floor_div(q.to - 1, kDayMs)}; }

std::string day_text(int64_t day) { return clock::format_ms(day * kDayMs).substr(0, 10); }

}  // namespace rapport::support::kpi
