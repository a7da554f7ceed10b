#include "platform/jobs/enqueue.hpp"

#include "platform/clock.hpp"
#include "platform/ids.hpp"

namespace rapport::jobs {
namespace {

std::atomic<uint64_t> g_wakeups{0};
std::atomic<int64_t> g_last_notify_ms{0};

// Whether this enqueue should NOTIFY the other nodes: at most once per 10 ms from this process.
// PostgreSQL serialises the commits of transactions that NOTIFY (one lock on the notification
// queue), so a NOTIFY per job held 32 concurrent enqueuers to 615 jobs/s (bench/jobs.sh). This
// node's own runner is woken by the commit hook whatever happens here, and the other nodes hear of
// a busy stream of jobs every 10 ms, or find a lone skipped one at their next poll (1 s) if this
// node's runner has not taken it first.
bool notify_now() {
  const int64_t now = clock::now_ms();
  int64_t last = g_last_notify_ms.load(std::memory_order_relaxed);
  return now - last >= 10 && g_last_notify_ms.compare_exchange_strong(last, now, std::memory_order_relaxed);
}

// The stored key: the workspace's id before the caller's key, so that two workspaces' keys never
// collide (the unique index is over the whole table).
std::string stored_key(const NewJob& job) {
  if (job.unique_key.empty()) return {};
  return (job.workspace_id.empty() ? std::string("-") : job.workspace_id) + ":" + job.type + ":" + job.unique_key;
}

}  // namespace

std::string enqueue(db::Connection& c, const NewJob& job) {
  const std::string id = ids::uuid_v7();
  const std::string now = clock::now_text();
  const std::string key = stored_key(job);
  db::Value workspace = job.workspace_id.empty() ? db::Value(nullptr) : db::Value(job.workspace_id);
  db::Value unique = key.empty() ? db::Value(nullptr) : db::Value(key);
  c.prepare(
       "INSERT INTO jobs (id, workspace_id, type, payload, state, priority, run_at, attempts, unique_key, created_at, "
       "updated_at) VALUES (?, ?, ?, ?, 'queued', ?, ?, 0, ?, ?, ?) ON CONFLICT DO NOTHING")
      .bind_all({id, workspace, job.type, boost::json::serialize(job.payload), int64_t{job.priority},
                 job.run_at_ms ? clock::format_ms(*job.run_at_ms) : now, unique, now, now})
      .run();
  if (c.changes() == 0) {
    // Another job holds the key: answer it (it is queued or running, so the unique index has it).
    auto pending = c.scalar("SELECT id FROM jobs WHERE unique_key = ? AND state IN ('queued', 'running')", {key});
    if (auto* s = std::get_if<std::string>(&pending)) return *s;
    return {};  // it finished between the two statements (PostgreSQL, another transaction)
  }
  if (c.dialect() == db::Dialect::Postgres && notify_now()) c.prepare(std::string("SELECT pg_notify('") + kNotifyChannel + "', '')").run();
  g_wakeups.fetch_add(1, std::memory_order_relaxed);
  return id;
}

uint64_t wakeups() { return g_wakeups.load(std::memory_order_relaxed); }

}  // namespace rapport::jobs
