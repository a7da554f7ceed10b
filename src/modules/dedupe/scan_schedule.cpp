#include "modules/dedupe/scan_schedule.hpp"

#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "modules/dedupe/candidates.hpp"
#include "modules/dedupe/scan.hpp"
#include "platform/jobs/schedules.hpp"

namespace rapport::dedupe {
namespace json = boost::json;

std::size_t enqueue_due_scans(db::Database& db) {
  std::vector<std::pair<std::string, std::string>> due;  // workspace, object
  db.read([&](db::Connection& c) {
    std::vector<std::string> workspaces;
    auto& ws = c.prepare("SELECT id FROM workspaces ORDER BY id");
    while (ws.step()) workspaces.push_back(ws.text(0));
    ws.reset();
    for (const auto& w : workspaces)
      for (std::string_view object : kObjects) {
        // The newest change of a live record (the index <object>_updated), against the start of the
        // object's last successful scan (the job's payload is written by enqueue_scan).
        auto changed = c.scalar("SELECT MAX(updated_at) FROM " + std::string(object) +
                                    " WHERE workspace_id = ? AND deleted_at IS NULL",
                                {w});
        if (!std::holds_alternative<std::string>(changed)) continue;  // no records
        auto scanned = c.scalar("SELECT MAX(started_at) FROM jobs WHERE workspace_id = ? AND type = ? AND state = 'succeeded' "
                                "AND payload = ?",
                                {w, std::string(kScanJob), json::serialize(json::object{{"object", object}})});
        if (std::holds_alternative<std::string>(scanned) && std::get<std::string>(scanned) >= std::get<std::string>(changed))
          continue;
        due.emplace_back(w, std::string(object));
      }
  });
  if (due.empty()) return 0;
  auto st = db.write([&](db::Connection& c) -> Status {
    for (const auto& [w, object] : due) enqueue_scan(c, w, object);
    return ok_status();
  });
  if (!st) throw std::runtime_error("dedupe: cannot enqueue the due scans: " + st.problem().detail);
  return due.size();
}

jobs::JobType scan_due_job_type(db::Database& db) {
  jobs::JobType t;
  t.name = kScanDueJob;
  t.handler = [&db](jobs::JobContext&) {
    std::size_t n = enqueue_due_scans(db);
    spdlog::info("dedupe: {} scans due (records changed since their last scan)", n);
    return jobs::Outcome::done();
  };
  t.max_attempts = 3;
  t.concurrency = 1;
  return t;
}

Status install_scan_schedule(db::Database& db) { return jobs::install_schedule(db, kScanDueJob, kScanDueCron); }

}  // namespace rapport::dedupe
