#include "modules/support/sla_scan.hpp"

#include <spdlog/spdlog.h>

#include <string>
#include <vector>

#include "platform/clock.hpp"
#include "platform/identity/server_context.hpp"
#include "platform/jobs/schedules.hpp"
#include "platform/journal.hpp"

namespace rapport::support {
namespace json = boost::json;

namespace {

struct Due {
  std::string workspace_id, ticket_id, target, policy_id, due_at, warn_at;
};

// Open targets of live tickets whose warning or due time has come, not yet announced.
std::vector<Due> due_targets(db::Connection& c, const std::string& now) {
  auto& st = c.prepare(
      "SELECT s.workspace_id, s.ticket_id, s.target, s.policy_id, s.due_at, s.warn_at FROM ticket_sla s "
      "JOIN tickets t ON t.id = s.ticket_id "
      "WHERE s.met_at IS NULL AND t.deleted_at IS NULL AND ("
      "(s.breached_at IS NULL AND s.due_at IS NOT NULL AND s.due_at <= ?) OR "
      "(s.warned_at IS NULL AND s.breached_at IS NULL AND s.warn_at IS NOT NULL AND s.warn_at <= ?)) "
      "ORDER BY s.ticket_id, s.target LIMIT ?");
  st.bind_all({now, now, int64_t{kSlaScanBatch}});
  std::vector<Due> out;
  while (st.step())
    out.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.is_null(4) ? "" : st.text(4), st.is_null(5) ? "" : st.text(5)});
  st.reset();
  return out;
}

// Marks and announces one target; false when another scan (or a change of the ticket) came first.
bool announce(db::Connection& c, const Due& d, const std::string& now) {
  const bool breached = !d.due_at.empty() && d.due_at <= now;
  if (breached) {
    c.prepare("UPDATE ticket_sla SET breached_at = ?, warned_at = COALESCE(warned_at, ?) WHERE ticket_id = ? AND target = ? "
              "AND breached_at IS NULL AND met_at IS NULL AND due_at = ?")
        .bind_all({now, now, d.ticket_id, d.target, d.due_at})
        .run();
  } else {
    c.prepare("UPDATE ticket_sla SET warned_at = ? WHERE ticket_id = ? AND target = ? AND warned_at IS NULL AND met_at IS NULL "
              "AND warn_at = ?")
        .bind_all({now, d.ticket_id, d.target, d.warn_at})
        .run();
  }
  if (c.changes() != 1) return false;
  const json::object payload{{"ticket_id", d.ticket_id},
                             {"target", d.target},
                             {"policy_id", d.policy_id},
                             {"due_at", d.due_at.empty() ? json::value(nullptr) : json::value(d.due_at)},
                             {"warn_at", d.warn_at.empty() ? json::value(nullptr) : json::value(d.warn_at)}};
  journal::emit(c, identity::server_context(d.workspace_id), breached ? "ticket.sla_breached" : "ticket.sla_warning", "tickets",
                d.ticket_id, payload);
  return true;
}

}  // namespace

int scan_sla(db::Database& db, int64_t now_ms) {
  const std::string now = clock::format_ms(now_ms);
  int emitted = 0;
  for (int batch = 0; batch < kSlaScanMaxBatches; ++batch) {
    std::size_t found = 0;
    Status st = db.write([&](db::Connection& c) -> Status {
      const auto due = due_targets(c, now);
      found = due.size();
      for (const auto& d : due) emitted += announce(c, d, now) ? 1 : 0;
      return ok_status();
    });
    if (!st) {
      spdlog::error("support: the SLA scan failed: {}", st.problem().detail);
      break;
    }
    if (found < static_cast<std::size_t>(kSlaScanBatch)) break;
  }
  return emitted;
}

jobs::JobType sla_scan_job_type(db::Database& db) {
  jobs::JobType t;
  t.name = kSlaScanJob;
  t.handler = [&db](jobs::JobContext&) {
    const int n = scan_sla(db, clock::now_ms());
    if (n > 0) spdlog::info("support: the SLA scan announced {} warnings and breaches", n);
    return jobs::Outcome::done();
  };
  t.max_attempts = 3;
  t.concurrency = 1;
  return t;
}

Status install_sla_scan(db::Database& db) { return jobs::install_schedule(db, kSlaScanJob, kSlaScanCron); }

}  // namespace rapport::support
