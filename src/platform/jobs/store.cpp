#include "platform/jobs/store.hpp"

#include <algorithm>
#include <tuple>

#include "platform/clock.hpp"
#include "platform/db/in_list.hpp"

namespace rapport::jobs::store {
namespace {

int64_t ms_of(const std::string& text) { return clock::parse_datetime(text).value_or(0); }

void add_attempt(db::Connection& c, const std::string& id, int attempt, const std::string& node, int64_t started_ms,
                 int64_t finished_ms, const char* outcome, const std::string& error) {
  c.prepare(
       "INSERT INTO job_attempts (job_id, attempt, node, started_at, finished_at, outcome, error) VALUES (?, ?, ?, ?, ?, ?, ?) "
       "ON CONFLICT DO NOTHING")
      .bind_all({id, int64_t{attempt}, node, clock::format_ms(started_ms), clock::format_ms(finished_ms), std::string(outcome),
                 error.empty() ? db::Value(nullptr) : db::Value(error)})
      .run();
}

// A job's error as stored: the first 2,000 bytes, cut on a UTF-8 boundary.
std::string bounded(const std::string& error) {
  if (error.size() <= 2000) return error;
  std::size_t n = 2000;
  while (n > 0 && (static_cast<unsigned char>(error[n]) & 0xC0) == 0x80) --n;
  return error.substr(0, n) + "…";
}

}  // namespace

std::vector<Job> claim(db::Connection& c, const std::string& type, int limit, const std::string& owner, int64_t now_ms,
                       int64_t lease_until_ms) {
  std::string sql =
      "UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = ?, lease_until = ?, started_at = ?, "
      "updated_at = ? WHERE id IN (SELECT id FROM jobs WHERE state = 'queued' AND type = ? AND run_at <= ? "
      "ORDER BY priority DESC, run_at, id LIMIT ?";
  if (c.dialect() == db::Dialect::Postgres) sql += " FOR UPDATE SKIP LOCKED";
  sql += ") RETURNING id, workspace_id, type, payload, attempts, priority, created_at";
  const std::string now = clock::format_ms(now_ms);
  auto& st = c.prepare(sql);
  st.bind_all({owner, clock::format_ms(lease_until_ms), now, now, type, now, int64_t{limit}});
  std::vector<Job> out;
  while (st.step()) {
    Job j;
    j.id = st.text(0);
    if (!st.is_null(1)) j.workspace_id = st.text(1);
    j.type = st.text(2);
    boost::system::error_code ec;
    j.payload = boost::json::parse(st.text_view(3), ec);
    if (ec) j.payload = nullptr;  // enqueue() wrote it with serialize(): only a hand edit gets here
    j.attempt = static_cast<int>(st.int64(4));
    j.priority = static_cast<int>(st.int64(5));
    j.created_ms = ms_of(st.text(6));
    out.push_back(std::move(j));
  }
  st.reset();
  // RETURNING gives no order: run them in the order claimed.
  std::sort(out.begin(), out.end(), [](const Job& a, const Job& b) {
    return std::tie(b.priority, a.created_ms, a.id) < std::tie(a.priority, b.created_ms, b.id);
  });
  return out;
}

bool record(db::Connection& c, const std::string& owner, const Finished& f, int max_attempts, int64_t retry_delay_ms) {
  const std::string now = clock::format_ms(f.finished_ms);
  const std::string error = bounded(f.outcome.error);
  const db::Value err = error.empty() ? db::Value(nullptr) : db::Value(error);
  const std::string guard = " WHERE id = ? AND state = 'running' AND lease_owner = ? AND attempts = ?";
  using K = Outcome::Kind;
  switch (f.outcome.kind) {
    case K::Done:
      // The successful attempt is the job's row itself (lease_owner stays as the node that ran it,
      // started_at and finished_at its times): no job_attempts row, one write less per job.
      c.prepare("UPDATE jobs SET state = 'succeeded', lease_until = NULL, last_error = NULL, finished_at = ?, updated_at = ?" +
                guard)
          .bind_all({now, now, f.id, owner, int64_t{f.attempt}})
          .run();
      return c.changes() == 1;
    case K::Release:
      c.prepare("UPDATE jobs SET state = 'queued', attempts = attempts - 1, lease_owner = NULL, lease_until = NULL, "
                "started_at = NULL, run_at = ?, updated_at = ?" + guard)
          .bind_all({now, now, f.id, owner, int64_t{f.attempt}})
          .run();
      return c.changes() == 1;  // not an attempt: nothing to record
    case K::Retry:
    case K::Fail: {
      // Dead when it failed for good or used the type's attempts since the last manual retry.
      c.prepare("UPDATE jobs SET state = CASE WHEN ? = 1 OR attempts - attempts_before_retry >= ? THEN 'dead' ELSE 'queued' END, "
                "run_at = CASE WHEN ? = 1 OR attempts - attempts_before_retry >= ? THEN run_at ELSE ? END, "
                "finished_at = CASE WHEN ? = 1 OR attempts - attempts_before_retry >= ? THEN ? ELSE NULL END, "
                "lease_owner = NULL, lease_until = NULL, last_error = ?, updated_at = ?" + guard)
          .bind_all({int64_t{f.outcome.kind == K::Fail}, int64_t{max_attempts}, int64_t{f.outcome.kind == K::Fail},
                     int64_t{max_attempts}, clock::format_ms(f.finished_ms + retry_delay_ms), int64_t{f.outcome.kind == K::Fail},
                     int64_t{max_attempts}, now, err, now, f.id, owner, int64_t{f.attempt}})
          .run();
      break;
    }
  }
  if (c.changes() != 1) return false;
  add_attempt(c, f.id, f.attempt, owner, f.started_ms, f.finished_ms, "failed", error);
  return true;
}

bool succeed(db::Connection& c, const std::string& owner, const std::string& id, int attempt, int64_t started_ms,
             int64_t now_ms) {
  Finished f{.id = id, .attempt = attempt, .outcome = Outcome::done(), .started_ms = started_ms, .finished_ms = now_ms};
  return record(c, owner, f, 1, 0);
}

int64_t renew(db::Connection& c, const std::string& owner, int64_t lease_until_ms) {
  c.prepare("UPDATE jobs SET lease_until = ? WHERE state = 'running' AND lease_owner = ?")
      .bind_all({clock::format_ms(lease_until_ms), owner})
      .run();
  return c.changes();
}

std::vector<Expired> reap(db::Connection& c, int64_t now_ms, int limit,
                          const std::function<std::pair<int, int64_t>(const std::string&, int)>& policy) {
  const std::string now = clock::format_ms(now_ms);
  std::string sql =
      "SELECT id, type, attempts, lease_owner, started_at FROM jobs WHERE state = 'running' AND lease_until < ? "
      "ORDER BY lease_until LIMIT ?";
  if (c.dialect() == db::Dialect::Postgres) sql += " FOR UPDATE SKIP LOCKED";
  struct Row {
    Expired e;
    std::string owner;
    int64_t started_ms;
  };
  std::vector<Row> rows;
  {
    auto& st = c.prepare(sql);
    st.bind_all({now, int64_t{limit}});
    while (st.step())
      rows.push_back({{st.text(0), st.text(1), static_cast<int>(st.int64(2))}, st.is_null(3) ? "" : st.text(3),
                      st.is_null(4) ? now_ms : ms_of(st.text(4))});
    st.reset();
  }
  std::vector<Expired> out;
  for (const auto& r : rows) {
    auto [max_attempts, delay_ms] = policy(r.e.type, r.e.attempt);
    const std::string error = "the lease of node " + r.owner + " expired before the job finished";
    Finished f{.id = r.e.id, .type = r.e.type, .attempt = r.e.attempt, .outcome = Outcome::retry(error),
               .started_ms = r.started_ms, .finished_ms = now_ms};
    c.prepare("UPDATE jobs SET state = CASE WHEN attempts - attempts_before_retry >= ? THEN 'dead' ELSE 'queued' END, "
              "run_at = ?, finished_at = CASE WHEN attempts - attempts_before_retry >= ? THEN ? ELSE NULL END, "
              "lease_owner = NULL, lease_until = NULL, last_error = ?, updated_at = ? "
              "WHERE id = ? AND state = 'running' AND attempts = ? AND lease_until < ?")
        .bind_all({int64_t{max_attempts}, clock::format_ms(now_ms + delay_ms), int64_t{max_attempts}, now, error, now, r.e.id,
                   int64_t{r.e.attempt}, now})
        .run();
    if (c.changes() != 1) continue;
    add_attempt(c, r.e.id, r.e.attempt, r.owner, r.started_ms, now_ms, "lease_expired", error);
    out.push_back(r.e);
  }
  return out;
}

std::optional<int64_t> next_due(db::Connection& c, const std::vector<std::string>& types) {
  if (types.empty()) return std::nullopt;
  std::vector<db::Value> params, values(types.begin(), types.end());
  std::string sql = "SELECT min(run_at) FROM jobs WHERE state = 'queued' AND type IN ";
  db::append_in_list(sql, params, values);
  auto v = c.scalar(sql, params);
  if (auto* s = std::get_if<std::string>(&v)) return clock::parse_datetime(*s);
  return std::nullopt;
}

}  // namespace rapport::jobs::store
