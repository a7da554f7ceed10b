#include "modules/support/sla_refresh.hpp"

#include <spdlog/spdlog.h>

#include <vector>

#include "modules/support/specs.hpp"
#include "modules/support/ticket_sla.hpp"
#include "platform/clock.hpp"
#include "platform/identity/server_context.hpp"
#include "platform/jobs/enqueue.hpp"
#include "platform/journal.hpp"
#include "platform/records/service.hpp"

namespace rapport::support {
namespace json = boost::json;

void queue_sla_refresh(db::Connection& c, const std::string& workspace_id) {
  jobs::enqueue(c, {.type = kSlaRefreshJob, .payload = json::object{}, .workspace_id = workspace_id, .unique_key = kSlaRefreshJob});
}

Result<int> refresh_tickets(db::Database& db, const std::string& workspace_id, int64_t now_ms) {
  const identity::Context ctx = identity::server_context(workspace_id);
  std::string after_id;
  int changed = 0;
  for (;;) {
    std::size_t seen = 0;
    Status st = db.write([&](db::Connection& c) -> Status {
      std::vector<std::string> ids;
      auto& q = c.prepare(
          "SELECT id FROM tickets WHERE workspace_id = ? AND deleted_at IS NULL AND status NOT IN ('solved', 'closed') AND id > ? "
          "ORDER BY id LIMIT ?");
      q.bind_all({workspace_id, after_id, int64_t{kSlaRefreshBatch}});
      while (q.step()) ids.push_back(q.text(0));
      q.reset();
      for (const auto& id : ids) {
        auto before = ticket_store().find(c, ctx, id);
        if (!before) continue;
        json::object after = *before;
        track_sla(c, workspace_id, after, now_ms);
        if (journal::diff(*before, after).empty()) continue;
        auto written = records::write_change(c, ctx, ticket_store(), *before, std::move(after), "sla");
        if (!written) return written.take_problem();
        ++changed;
      }
      seen = ids.size();
      if (!ids.empty()) after_id = ids.back();
      return ok_status();
    });
    if (!st) return st.take_problem();
    if (seen < static_cast<std::size_t>(kSlaRefreshBatch)) return changed;
  }
}

jobs::JobType sla_refresh_job_type(db::Database& db) {
  jobs::JobType t;
  t.name = kSlaRefreshJob;
  t.handler = [&db](jobs::JobContext& ctx) {
    auto n = refresh_tickets(db, ctx.job.workspace_id, clock::now_ms());
    if (!n) return jobs::Outcome::retry(n.problem().detail);
    if (*n > 0) spdlog::info("support: the SLA of {} tickets moved with the workspace's SLA configuration", *n);
    return jobs::Outcome::done();
  };
  t.max_attempts = 5;
  t.concurrency = 1;
  return t;
}

}  // namespace rapport::support
