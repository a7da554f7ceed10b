#include "platform/jobs/fan_out.hpp"

#include <utility>
#include <vector>

namespace rapport::jobs {

JobType fan_out_job_type(db::Database& db, std::string name, std::string workspaces_sql,
                         std::function<void(db::Connection&, const std::string& workspace_id)> enqueue) {
  JobType t;
  t.name = std::move(name);
  t.handler = [&db, sql = std::move(workspaces_sql), enqueue = std::move(enqueue)](JobContext&) {
    auto st = db.write([&](db::Connection& c) -> Status {
      std::vector<std::string> workspaces;
      auto& q = c.prepare(sql);
      while (q.step()) workspaces.push_back(q.text(0));
      q.reset();
      for (const auto& ws : workspaces) enqueue(c, ws);
      return ok_status();
    });
    if (!st) return Outcome::retry(st.problem().detail);
    return Outcome::done();
  };
  t.max_attempts = 3;
  t.concurrency = 1;
  return t;
}

}  // namespace rapport::jobs
