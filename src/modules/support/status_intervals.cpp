#include "modules/support/status_intervals.hpp"

#include "modules/support/sla_clock.hpp"
#include "platform/clock.hpp"
#include "platform/ids.hpp"

namespace rapport::support {

void record_status(db::Connection& c, const std::string& workspace_id, const std::string& ticket_id, const std::string& status,
                   const std::string& now) {
  auto open = c.scalar("SELECT status FROM ticket_status_intervals WHERE workspace_id = ? AND ticket_id = ? AND ended_at IS NULL",
                       {workspace_id, ticket_id});
  if (const auto* s = std::get_if<std::string>(&open); s && *s == status) return;
  c.prepare("UPDATE ticket_status_intervals SET ended_at = ? WHERE workspace_id = ? AND ticket_id = ? AND ended_at IS NULL")
      .bind_all({now, workspace_id, ticket_id})
      .run();
  c.prepare("INSERT INTO ticket_status_intervals(id, workspace_id, ticket_id, status, started_at) VALUES (?, ?, ?, ?, ?)")
      .bind_all({ids::uuid_v7(), workspace_id, ticket_id, status, now})
      .run();
}

std::vector<StatusInterval> status_intervals(db::Connection& c, const std::string& workspace_id, const std::string& ticket_id) {
  auto& st = c.prepare(
      "SELECT status, started_at, ended_at FROM ticket_status_intervals WHERE workspace_id = ? AND ticket_id = ? ORDER BY started_at, id");
  st.bind_all({workspace_id, ticket_id});
  std::vector<StatusInterval> out;
  while (st.step()) {
    StatusInterval i;
    i.status = st.text(0);
    i.start = clock::parse_datetime(st.text(1)).value_or(0);
    i.end = st.is_null(2) ? kOpenEnded : clock::parse_datetime(st.text(2)).value_or(kOpenEnded);
    out.push_back(std::move(i));
  }
  st.reset();
  return out;
}

}  // namespace rapport::support
