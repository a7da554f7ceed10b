// The support report's backlog (kpi_report.hpp): the tickets open now (new, open, pending, on hold;
// live), per status, and how many of each were created after each age bound. Two ways to the same
// figures: the open tickets themselves (tickets_kpi_open, migration 0050: one index entry per open
// ticket, ~45 ms for 270k at 1M tickets; a team's from tickets_team_status, covering since 0076),
// or, when nothing narrows the tickets but their priority (no team, agent or channel filter, and the
// caller's ticket scope is everything), the kept counts
// of ticket_open_days (migration 0071: per status, priority and UTC day of creation, kept by
// triggers in the writing transaction) plus, raw, the open tickets of the UTC day each bound falls
// in. kpi_report_test.cpp checks both against an independent count on both engines.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "access/context.hpp"
#include "modules/support/kpi_query.hpp"
#include "platform/db/connection.hpp"

namespace rapport::support::kpi {

// One status's open tickets: how many, and younger[i]: how many were created after bounds[i].
struct OpenCount {
  int64_t total = 0;
  std::vector<int64_t> younger;
};
using OpenCounts = std::map<std::string, OpenCount>;  // by status

// The open tickets as the report counts them (the filters of q and the caller's scope), each
// status's count and those younger than each bound (instants in ms); from ticket_open_days when
// may_use_kept_counts, else from the tickets.
OpenCounts open_counts(db::Connection& c, const access::Context& ctx, const Query& q, const std::vector<int64_t>& bounds);

// Whether the kept counts answer for this caller and these filters: only a priority filter, and a
// ticket scope that limits nothing.
bool may_use_kept_counts(const access::Context& ctx, const Query& q);
// The same figures read from the tickets (the way for any filter or scope); exposed for the tests.
OpenCounts open_counts_from_tickets(db::Connection& c, const access::Context& ctx, const Query& q, const std::vector<int64_t>& bounds);
OpenCounts open_counts_kept(db::Connection& c, const std::string& workspace_id, const std::string& priority,
                            const std::vector<int64_t>& bounds);

}  // namespace rapport::support::kpi
