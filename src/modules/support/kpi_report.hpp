// Support KPIs (issue 15, part 8), the figures of GET /api/v1/reports/support over a range [from, to)
// of one workspace, counting only the tickets the caller may read (their ticket scope: an agent sees
// their teams' tickets) and the filters given. Chart-ready: every breakdown is an array of objects
// with `key` and `label` (a day, a priority, a channel, an agent, a team, a policy) and its values.
//
// - first_response / resolution: the tickets first answered (first_response_at) / solved (solved_at,
//   migration 0044) in the range; count, median and p90 (exact nearest rank) of the time from
//   creation, in calendar seconds and in business seconds on the calendar of the ticket's SLA policy,
//   as stored on the ticket when it was answered / solved (kpi_durations.hpp; round the clock for a
//   policy in calendar time, without the time the SLA's clock stops); a ticket under no policy counts
//   calendar time. Overall and per priority.
// - next_response: each customer message after a reply to the agent's next public reply, counted
//   by the reply's time (ticket_next_responses), timed the same way.
// - backlog: the tickets open now (not solved or closed, whatever the range) by status and by age
//   (kpi_backlog.hpp: from kept counts per status, priority and day when only a priority narrows it).
// - sla: the targets decided in the range: met in it (met when met at or before the due time), or
//   still unmet with their due time in it and past (breached); per target kind, policy and priority.
//   The unmet ones from kept counts per due quarter-hour when only a priority filter narrows them.
// - volume: tickets created and solved, per day in the workspace's time zone (q.zone; every day of the
//   range, zero-filled), channel, assignee and team; from kept counts when no filter narrows them
//   (kpi_kept.hpp, migration 0082: the whole UTC quarter-hours and days of the range, the edges from
//   the tickets).
// - satisfaction: the ratings given in the range (satisfaction_at): good, bad, CSAT %.
//
// Cost: a few SQL statements per section, each reading one range of an index (the duration sections:
// the covering tickets_kpi_first_response / tickets_kpi_resolution of migration 0050 (0086 on PostgreSQL),
// ticket_next_responses_met of 0057; without kept counts, the volume's created tickets from
// tickets_kpi_created and its solved ones counted in the resolution section's pass, the SLA's unmet
// targets from ticket_sla_kpi_unmet, migration 0062, without a lookup of their tickets) or the open
// tickets; a report of one team reads the twins keyed (workspace_id, team_id, instant) of migration
// 0076 instead, its team's entries only; the durations are read as stored, not re-timed (except the
// rows the background backfill has not reached yet, kpi_backfill.hpp, timed here). No query per
// ticket; the duration sections' cost grows with the tickets in the range, since their percentiles
// are exact (docs/benchmarks.md, "Support KPIs").
#pragma once
#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "access/context.hpp"
#include "modules/support/kpi_query.hpp"
#include "platform/db/connection.hpp"

namespace rapport::support {

// How the report is read: `kept`, from the kept counts where they answer (kpi_kept.hpp; the
// default), else from the tickets alone (the tests compare the two); and, when given, each section's
// CPU time in microseconds of the calling thread, in the order computed (bench/kpi_report.sh).
struct ReportOptions {
  bool kept = true;
  std::vector<std::pair<std::string, int64_t>>* section_cpu_us = nullptr;
};

// The statement the first_response or resolution section (`prefix`) reads its tickets in the range
// with (`volume`: with the columns the volume section counts the solved tickets by), and its
// parameters; for the tests of its plan (kpi_plan_test.cpp).
std::string duration_pass_sql(const access::Context& ctx, const kpi::Query& q, const std::string& prefix, bool volume,
                              std::vector<db::Value>& params);

boost::json::object support_report(db::Connection& c, const access::Context& ctx, const kpi::Query& q, int64_t now_ms,
                                   const ReportOptions& options = {});

}  // namespace rapport::support
