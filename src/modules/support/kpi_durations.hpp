// A ticket's KPI durations, stored on the ticket (migration 0050) so that the support report reads
// numbers instead of re-timing every ticket in its range (docs/benchmarks.md, "Support KPIs"):
//   first_response_seconds / first_response_business_seconds: created_at to first_response_at;
//   resolution_seconds / resolution_business_seconds: created_at to solved_at;
// null while the ticket is unanswered / not solved; and each next response (ticket_next_responses,
// migration 0057): a customer's message after a reply to the agent's next public reply. Calendar
// seconds are real time (0 when the end is before the start); business seconds are timed on the
// calendar of the ticket's SLA policy (sla_calendar: round the clock for a policy in calendar time)
// without the time its clock stops (the policy's pause statuses, and solved or closed before a
// reopening), as the SLA counts; calendar seconds when no policy times the ticket.
//
// Written by track_sla (ticket_sla.cpp) on every write of the ticket, so they follow a reply, a
// solve, a reopen (resolution cleared with solved_at) and the SLA's re-timing of open tickets
// (sla_refresh.cpp). A solved ticket keeps the figures of the calendar in force when it was last
// written: editing a calendar does not rewrite the past; nor does a next response, once timed.
#pragma once
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modules/support/sla_clock.hpp"
#include "modules/support/sla_policy.hpp"
#include "modules/support/status_intervals.hpp"
#include "platform/db/connection.hpp"

namespace rapport::support {

inline constexpr int kKpiBackfillBatch = 500;  // tickets per transaction of the backfill

// Sets the SLA's outcome on `ticket`: sla_policy_id (the policy timing it), first_response_sla_met
// and resolution_sla_met (met by the due time; null: no such target, or not met yet). The report's
// attainment of these two targets reads them from the duration sections' index range.
void set_kpi_sla(boost::json::object& ticket, const std::optional<std::string>& policy_id, std::optional<bool> first_response_met,
                 std::optional<bool> resolution_met);

// How the KPIs time a ticket's business seconds: on `calendar` without `pauses` (calendar: nullptr,
// the business seconds are the calendar ones).
struct KpiClock {
  const Calendar* calendar = nullptr;
  std::vector<Pause> pauses;
};

// The pauses of a ticket's SLA clock under `policy`: its intervals in a pause status of the policy,
// solved or closed.
std::vector<Pause> sla_pauses(const SlaPolicy& policy, const std::vector<StatusInterval>& intervals);

// Sets the four durations of `ticket` (created_at, first_response_at, solved_at as RFC 3339 text or
// null) on `clock`.
void time_kpi_durations(boost::json::object& ticket, const KpiClock& clock);

// A next response (a row of ticket_next_responses) as timed.
struct NextResponse {
  std::string ticket_id, started_at, met_at;
  int64_t seconds = 0, business_seconds = 0;
  std::optional<std::string> sla_policy_id;  // with sla_met: the policy whose next_response target it met (or missed)
  std::optional<bool> sla_met;
};

// Times the untimed next responses of the tickets `ticket_ids` (of any workspace: the caller's ids
// say which) on the clock of each ticket's policy, the outcome from the ticket's next_response
// target of the same start; writes them when `store` (track_sla, the backfill), else only answers
// them (the report, for the ones the backfill has not reached). Left out: those whose instants do
// not read.
std::vector<NextResponse> time_next_responses(db::Connection& c, const std::vector<std::string>& ticket_ids, bool store);

// A ticket is "untimed" when it is answered or solved and has no durations (written before migration
// 0050, or by SQL): the partial index tickets_kpi_untimed holds them. The server times them in the
// background (kpi_backfill.hpp), and the report times those it meets meanwhile on the fly
// (time_untimed), so its figures are the same before, during and after the backfill.

// The durations and SLA outcome (the keys set_kpi_sla and time_kpi_durations set, with "id") of
// the tickets `ids`, as the backfill stores them, without writing them: the report's figures for
// tickets not timed yet. Tickets of any workspace (the caller's ids say which); unknown ids are left out.
std::vector<boost::json::object> time_untimed(db::Connection& c, const std::vector<std::string>& ids);

// Where a backfill is in its walk over the untimed tickets, by id.
struct KpiBackfill {
  bool tickets_done = false;  // the tickets are walked first, then the next responses
  std::string after_id;       // the last ticket walked
  int64_t filled = 0;          // tickets given durations
  int64_t next_responses = 0;  // next responses timed
  int64_t transactions = 0;
};

// Times the next kKpiBackfillBatch untimed tickets after walk.after_id, of every workspace, deleted
// ones too (a restore brings them back), inside the caller's write transaction, and writes their
// durations and SLA outcome (the SLA outcome from their ticket_sla rows); once none is left, the
// untimed next responses of the next kKpiBackfillBatch tickets. A ticket timed or changed by
// another writer since it was read is left as that writer wrote it. Whether more may follow.
bool fill_kpi_durations_batch(db::Connection& c, KpiBackfill& walk);

// Whether any ticket or next response is untimed (one read of the empty partial index once all are timed).
bool has_untimed(db::Connection& c);

}  // namespace rapport::support
