// A ticket's SLA: its policy's targets timed on the SLA clock, stored in `ticket_sla` (migration
// 0037) so that the scan (sla_scan.hpp) finds what falls due and lists sort by `sla_due_at`.
//
// Targets: first_response starts when the ticket is created and is met by the first public reply
// (first_response_at); next_response starts at a customer's message that follows a reply
// (customer_replied) and is met by the next reply; resolution starts at creation and is met when the
// ticket is solved (or closed), and reopening resumes it. The clock stops while the ticket is in one
// of its policy's pause statuses, and while it is solved or closed; an open-ended pause leaves a
// target without a due time (`due_at` null) until the ticket moves on.
//
// A ticket's JSON carries `sla`: null when no policy applies, else {"policy_id", and per target the
// policy sets: {"due_at", "warn_at", "met_at", "breached", "paused"}}; breached: met after its due
// time, or still open past it.
#pragma once
#include <boost/json.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modules/support/sla_clock.hpp"
#include "modules/support/sla_policy.hpp"
#include "platform/db/connection.hpp"
#include "platform/identity/context.hpp"
#include "platform/problem.hpp"

namespace rapport::support {

// The calendar a policy times a ticket of team `team_id` ("": none) on: calendar time (round the
// clock), the policy's calendar, else the team's, else the workspace's default; round the clock when
// there is none (or it no longer reads). The KPIs' business time uses it too (kpi_report.cpp).
Calendar sla_calendar(db::Connection& c, const std::string& workspace_id, const SlaPolicy& p, const std::string& team_id);

// The workspace's SLA configuration as track_sla reads it: its policies in match order, read once,
// and the calendars they time tickets on, each read when first needed. A batch of tickets timed in
// one transaction (sla_refresh) shares one, so the configuration is read once per batch rather than
// once per ticket. Valid for the transaction it was read in: it does not see later changes.
class SlaSetup {
 public:
  SlaSetup(db::Connection& c, std::string workspace_id);
  const std::vector<SlaPolicy>& policies() const { return policies_; }
  // sla_calendar of the policy and team, cached by what it depends on (the policy's own calendar,
  // else the team's).
  const Calendar& calendar(const SlaPolicy& p, const std::string& team_id);

 private:
  db::Connection& c_;
  std::string workspace_id_;
  std::vector<SlaPolicy> policies_;
  std::map<std::string, Calendar> calendars_;
};

// Recomputes the ticket's SLA at `now_ms` from its stored status history and its merged record
// (status, priority, company_id, team_id, tags, created_at, first_response_at): records its status
// and ticket["solved_at"] (when it entered solved or closed; null while it is neither),
// writes its targets, sets the KPI durations (kpi_durations.hpp: first_response_seconds, ...,
// resolution_business_seconds) and ticket["sla_due_at"] (the earliest due time of its open targets, or
// null) and ticket["sla"]. In the caller's write transaction.
void track_sla(db::Connection& c, const std::string& workspace_id, boost::json::object& ticket, int64_t now_ms);
// The same with the configuration given (read in this transaction, for this workspace).
void track_sla(db::Connection& c, const std::string& workspace_id, boost::json::object& ticket, int64_t now_ms, SlaSetup& setup);

// The ticket's `sla` as stored, judged at `now_ms`.
boost::json::value sla_json(db::Connection& c, const std::string& workspace_id, const std::string& ticket_id, int64_t now_ms);

// sla_json of each of a page of tickets, in order: the targets of all of them read in one query.
std::vector<boost::json::value> sla_json_of(db::Connection& c, const std::string& workspace_id,
                                            const std::vector<std::string>& ticket_ids, int64_t now_ms);

// What the column tickets.sla_kept (migration 0085, a kept column of the ticket's spec) holds for the
// ticket record being written: its `sla` as JSON text ("null": no policy applies), or NULL when the
// record carries no `sla` (the column then keeps what it holds).
db::Value kept_sla(const boost::json::object& ticket);

// A list page's `sla` of a ticket from that column: the kept text judged again at `now_ms` (breached
// moves with time), as sla_json gives it. nullopt when `kept` is no such text; the page then reads the
// ticket's targets (sla_json_of).
std::optional<boost::json::value> sla_of_kept(std::string_view kept, int64_t now_ms);

// A public reply at `at` (RFC 3339): meets the open next_response target and keeps that next response
// for the KPIs (ticket_next_responses, timed by track_sla). Call before track_sla.
void note_reply(db::Connection& c, const std::string& workspace_id, const std::string& ticket_id, const std::string& at);

// The customer wrote at `at_ms` (an inbound email on the ticket): after the first response, starts
// a new next_response target, and writes the ticket's new SLA as a change of the ticket (version,
// history, ticket.updated). 404 when the workspace has no such live ticket. In the caller's write
// transaction; `ctx` acts (the server's own context for inbound mail).
Status customer_replied(db::Connection& c, const identity::Context& ctx, const std::string& ticket_id, int64_t at_ms);

}  // namespace rapport::support
