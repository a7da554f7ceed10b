#include "platform/jobs/admin.hpp"

#include <algorithm>

#include "platform/clock.hpp"

namespace rapport::jobs::admin {
namespace json = boost::json;

const char* const kColumns =
    "id, type, state, priority, run_at, attempts, last_error, created_at, updated_at, started_at, finished_at, workspace_id";

json::object job_of(const db::Statement& row) {
  auto text = [&](int col) { return row.is_null(col) ? json::value(nullptr) : json::value(row.text(col)); };
  return json::object{{"id", row.text(0)},       {"type", row.text(1)},       {"state", row.text(2)},
                      {"priority", row.int64(3)}, {"run_at", row.text(4)},     {"attempts", row.int64(5)},
                      {"last_error", text(6)},    {"created_at", row.text(7)}, {"updated_at", row.text(8)},
                      {"started_at", text(9)},    {"finished_at", text(10)},   {"workspace_id", text(11)}};
}

namespace {

// " AND workspace_id = ?" for a workspace scope, nothing for the command line's.
std::string scoped(const Scope& scope, std::vector<db::Value>& params) {
  if (!scope.workspace_id) return "";
  params.emplace_back(*scope.workspace_id);
  return " AND workspace_id = ?";
}

Result<Changed> change(db::Connection& c, const Scope& scope, const std::string& id, const std::string& action,
                       const std::string& allowed_sql, const std::string& allowed_text, const std::string& set_sql, int64_t now_ms) {
  std::vector<db::Value> params{id};
  const std::string where = scoped(scope, params);
  auto state = c.scalar("SELECT state FROM jobs WHERE id = ?" + where, params);
  auto* before = std::get_if<std::string>(&state);
  if (!before) return Problem::not_found("No job " + id + (scope.workspace_id ? " in this workspace" : ""));
  const std::string now = clock::format_ms(now_ms);
  // Each `?` of set_sql is the time now.
  std::vector<db::Value> update(static_cast<std::size_t>(std::count(set_sql.begin(), set_sql.end(), '?')), now);
  update.insert(update.end(), {now, id});
  try {
    c.prepare("UPDATE jobs SET " + set_sql + ", updated_at = ? WHERE id = ? AND state IN (" + allowed_sql + ")").bind_all(update).run();
  } catch (const db::ConstraintError&) {
    return Problem::conflict("Another job with the same unique key is queued or running; it does this job's work");
  }
  if (c.changes() != 1) return Problem::conflict("Only a job that is " + allowed_text + " can be " + action + "; this one is " + *before);
  return Changed{*read_job(c, scope, id), *before};
}

}  // namespace

std::optional<json::object> read_job(db::Connection& c, const Scope& scope, const std::string& id) {
  std::vector<db::Value> params{id};
  const std::string where = scoped(scope, params);
  auto& st = c.prepare(std::string("SELECT ") + kColumns + ", payload, lease_owner FROM jobs WHERE id = ?" + where);
  st.bind_all(params);
  if (!st.step()) {
    st.reset();
    return std::nullopt;
  }
  json::object job = job_of(st);
  boost::system::error_code ec;
  json::value payload = json::parse(st.text_view(12), ec);
  job["payload"] = ec ? json::value(nullptr) : std::move(payload);
  const std::string node = st.is_null(13) ? "" : st.text(13);
  st.reset();
  json::array attempts;
  auto& a = c.prepare("SELECT attempt, node, started_at, finished_at, outcome, error FROM job_attempts WHERE job_id = ? ORDER BY attempt");
  a.bind(1, id);
  while (a.step())
    attempts.push_back(json::object{{"attempt", a.int64(0)},
                                    {"node", a.text(1)},
                                    {"started_at", a.text(2)},
                                    {"finished_at", a.text(3)},
                                    {"outcome", a.text(4)},
                                    {"error", a.is_null(5) ? json::value(nullptr) : json::value(a.text(5))}});
  a.reset();
  // A succeeded job's last attempt is its row (store::record).
  if (job.at("state") == "succeeded")
    attempts.push_back(json::object{{"attempt", job.at("attempts")},
                                    {"node", node},
                                    {"started_at", job.at("started_at")},
                                    {"finished_at", job.at("finished_at")},
                                    {"outcome", "succeeded"},
                                    {"error", nullptr}});
  job["attempt_log"] = std::move(attempts);
  return job;
}

Result<Changed> retry(db::Connection& c, const Scope& scope, const std::string& id, int64_t now_ms) {
  return change(c, scope, id, "retried", "'dead', 'cancelled'", "dead or cancelled",
                "state = 'queued', run_at = ?, finished_at = NULL, attempts_before_retry = attempts", now_ms);
}

Result<Changed> cancel(db::Connection& c, const Scope& scope, const std::string& id, int64_t now_ms) {
  return change(c, scope, id, "cancelled", "'queued', 'running'", "queued or running",
                "state = 'cancelled', finished_at = ?, lease_owner = NULL, lease_until = NULL", now_ms);
}

}  // namespace rapport::jobs::admin
