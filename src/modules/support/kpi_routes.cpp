#include "modules/support/kpi_routes.hpp"

#include "modules/support/kpi_report.hpp"
#include "access/workspace_settings.hpp"
#include "platform/clock.hpp"
#include "platform/db/scan_reading.hpp"
#include "platform/jobs/cron.hpp"
#include "platform/records/scope.hpp"

namespace rapport::support {
using http::Request;
using http::Response;

void add_kpi_route(http::Api& api, db::Database& db) {
  api.route(
      "GET", "/api/v1/reports/support",
      [&db](Request& req, const access::Context& ctx) -> Response {
        const int64_t now = clock::now_ms();
        if (ctx.scope("tickets", access::Action::Read) == access::Scope::None)
          return http::fail(records::not_allowed(access::Action::Read, "tickets"), req);
        // Days are the workspace's (a zone that no longer reads, unlikely: UTC).
        return db.read([&](db::Connection& c) -> Response {
          auto zone = jobs::time_zone(access::workspace_time_zone(c, ctx.workspace_id));
          auto q = kpi::read_query(req.query, now, zone ? std::optional<jobs::TimeZone>(*zone) : std::nullopt);
          if (!q) return http::fail(q.problem(), req);
          db::ScanReading scan(c);  // a year's index ranges: read mapped, not copied page by page
          return http::json(200, support_report(c, ctx, *q, now));
        });
      },
      {.summary = "Support KPIs: first response, next response and resolution times (median, p90; calendar and business), backlog, SLA "
                  "attainment, volume per day, channel, agent and team, and customer satisfaction",
       .description =
           "Counts only the tickets the caller may read (an agent: their teams' tickets), narrowed by the filters. The "
           "range is [`from`, `to`): dates are midnights in the workspace's time zone (`time_zone` in the answer), "
           "date-times are taken as given; default the 30 days ending today (the workspace's today); at most 366 days. "
           "`first_response` covers the tickets first answered in the range, `resolution` those solved in it "
           "(`solved_at`: when the ticket last entered solved or closed), each timed from its creation, and "
           "`next_response` each customer message that followed a reply, timed to the agent's next public reply, counted "
           "when that reply fell in the range: median and p90 "
           "by nearest rank (the value at rank ceil(p × n / 100) of the sorted durations, so the median of an even count "
           "is the lower middle one; exact, no histogram), in calendar seconds and in business seconds on the business "
           "hours of the ticket's SLA policy (its calendar, else the ticket's team's, else the workspace's default; round "
           "the clock for a policy in calendar time) without the time its clock stops (the policy's pause statuses, "
           "pending and on hold by default, and solved or closed before a reopening); a ticket under no SLA policy counts "
           "calendar time there too. The durations are stored when the ticket is answered or solved (its "
           "`first_response_seconds`, `resolution_business_seconds`, ...): a solved ticket keeps the business time of "
           "the calendar in force when it was last written. `backlog` is the tickets open now (not solved or closed), "
           "whatever the range, by status and by age since creation. `sla` counts the targets decided in the range: met "
           "in it (met when at or before the due time, else breached) or still unmet with their due time in the range "
           "and past (breached). `volume` counts tickets created and solved per day in the workspace's time zone (every "
           "day of the range, zeros included), channel, assignee (key null: unassigned) and team (key null: no team). "
           "`satisfaction` counts the ratings given in the range (CSAT % = good × 100 / responses, one decimal). Every "
           "breakdown is an array of {key, label, values...} in a fixed order (days, priorities, statuses, channels) or "
           "by volume (agents, teams).",
       .tag = "Reports",
       .response_schema = "SupportReport",
       .query_params = {{"from", "Start of the range (included): a date YYYY-MM-DD (midnight in the workspace's time zone) or an "
                                 "RFC 3339 date-time; default: 30 days before `to`"},
                        {"to", "End of the range (excluded): a date YYYY-MM-DD (midnight in the workspace's time zone) or an RFC "
                               "3339 date-time; default: the workspace's next midnight (30 days after `from` when only `from` is "
                               "given); at most 366 days after `from`"},
                        {"team_id", "Only the tickets of this team", "string", "uuid"},
                        {"assignee_id", "Only the tickets assigned to this user", "string", "uuid"},
                        {"channel", "Only the tickets of this channel", "string", "", {"email", "web", "phone", "api"}},
                        {"priority", "Only the tickets of this priority", "string", "", {"low", "normal", "high", "urgent"}}},
       .restricted = true,
       .problems = {{400, "A malformed or unknown parameter, from not before to, or a range over 366 days"}}});
}

}  // namespace rapport::support
