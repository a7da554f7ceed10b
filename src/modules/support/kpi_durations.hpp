// A ticket's KPI durations, stored on the ticket (migration 0050) so that the support report reads
// numbers instead of re-timing every ticket in its range (docs/benchmarks.md, "Support KPIs"):
//   first_response_seconds / first_response_business_seconds: created_at to first_response_at;
//   resolution_seconds / resolution_business_seconds: created_at to solved_at;
// null while the ticket is unanswered / not solved. Calendar seconds are real time (0 when the end
// is before the creation); business seconds are timed on the calendar of the ticket's SLA policy
// (sla_calendar), calendar seconds when no policy times the ticket or the policy is in calendar
// time. Pending and on-hold time is not taken out (the SLA's pauses are its own).
//
// Written by track_sla (ticket_sla.cpp) on every write of the ticket, so they follow a reply, a
// solve, a reopen (resolution cleared with solved_at) and the SLA's re-timing of open tickets
// (sla_refresh.cpp). A solved ticket keeps the figures of the calendar in force when it was last
// written: editing a calendar does not rewrite the past.
#pragma once
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "modules/support/sla_clock.hpp"
#include "platform/db/connection.hpp"

namespace rapport::support {

inline constexpr int kKpiBackfillBatch = 500;  // tickets per transaction of the start's backfill

// Sets the SLA's outcome on `ticket`: sla_policy_id (the policy timing it), first_response_sla_met
// and resolution_sla_met (met by the due time; null: no such target, or not met yet). The report's
// attainment of these two targets reads them from the duration sections' index range.
void set_kpi_sla(boost::json::object& ticket, const std::optional<std::string>& policy_id, std::optional<bool> first_response_met,
                 std::optional<bool> resolution_met);

// Sets the four durations of `ticket` (created_at, first_response_at, solved_at as RFC 3339 text or
// null) on `business` (nullptr: calendar time).
void time_kpi_durations(boost::json::object& ticket, const Calendar* business);

// Fills the durations and the SLA outcome of the tickets that have no durations yet although answered
// or solved (those written before migration 0050, or by SQL; the outcome from their ticket_sla rows), every workspace, deleted tickets too (a restore brings them
// back), in transactions of kKpiBackfillBatch tickets. Run at the start after the migrations; a
// no-op read of an empty partial index (tickets_kpi_untimed) once done. Returns the tickets filled.
int64_t fill_kpi_durations_at_start(db::Connection& c);

}  // namespace rapport::support
