#include "platform/jobs/routes.hpp"

#include <algorithm>
#include <set>

#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "platform/jobs/enqueue.hpp"
#include "platform/jobs/job.hpp"
#include "platform/journal.hpp"
#include "platform/records/keyset.hpp"

namespace rapport::jobs {
namespace json = boost::json;

namespace {

// Newest first: ids are UUIDv7, in the order jobs were created.
const records::keyset::Order& order() {
  static const records::keyset::Order o{.name = "jobs", .id_type = records::keyset::Type::Text, .descending = true};
  return o;
}

constexpr const char* kColumns =
    "id, type, state, priority, run_at, attempts, last_error, created_at, updated_at, started_at, finished_at";

json::object job_of(const db::Statement& row) {
  auto text = [&](int col) { return row.is_null(col) ? json::value(nullptr) : json::value(row.text(col)); };
  return json::object{{"id", row.text(0)},         {"type", row.text(1)},       {"state", row.text(2)},
                      {"priority", row.int64(3)},   {"run_at", row.text(4)},     {"attempts", row.int64(5)},
                      {"last_error", text(6)},      {"created_at", row.text(7)}, {"updated_at", row.text(8)},
                      {"started_at", text(9)},      {"finished_at", text(10)}};
}

struct Query {
  int limit = 50;
  std::optional<records::keyset::Position> after;
  std::string state, type, since, until;
};

Result<Query> parse(const std::vector<std::pair<std::string, std::string>>& params) {
  Query q;
  std::set<std::string> seen;
  for (const auto& [k, v] : params) {
    if (!seen.insert(k).second) return Problem::bad_request("Query parameter '" + k + "' is given more than once");
    if (k == "limit") {
      auto n = records::keyset::parse_limit(v);
      if (!n) return n.take_problem();
      q.limit = *n;
    } else if (k == "cursor") {
      auto c = records::keyset::parse_cursor(order(), v);
      if (!c) return c.take_problem();
      q.after = std::move(*c);
    } else if (k == "state") {
      if (!is_state(v)) return Problem::bad_request("state must be one of queued, running, succeeded, dead, cancelled");
      q.state = v;
    } else if (k == "type") {
      if (v.empty() || v.size() > 100) return Problem::bad_request("type must have 1 to 100 characters");
      q.type = v;
    } else if (k == "since" || k == "until") {
      auto ms = clock::parse_datetime(v);
      if (!ms) return Problem::bad_request(k + " must be an RFC 3339 date-time, e.g. 2026-01-31T12:00:00Z");
      (k == "since" ? q.since : q.until) = clock::format_ms(*ms);
    }
  }
  if (!q.since.empty() && !q.until.empty() && q.since >= q.until) return Problem::bad_request("since must be before until");
  return q;
}

std::optional<http::Response> refuse_non_admin(const identity::Context& ctx, http::Request& req) {
  if (ctx.is_admin()) return std::nullopt;
  return http::fail(Problem::forbidden("Only an admin can see and change the workspace's jobs"), req);
}

// The job with its payload and attempts, or nullopt when the workspace has no such job.
std::optional<json::object> read_job(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  auto& st = c.prepare(std::string("SELECT ") + kColumns + ", payload FROM jobs WHERE id = ? AND workspace_id = ?");
  st.bind_all({id, workspace_id});
  if (!st.step()) {
    st.reset();
    return std::nullopt;
  }
  json::object job = job_of(st);
  boost::system::error_code ec;
  json::value payload = json::parse(st.text_view(11), ec);
  job["payload"] = ec ? json::value(nullptr) : std::move(payload);
  st.reset();
  json::array attempts;
  auto& a = c.prepare(
      "SELECT attempt, node, started_at, finished_at, outcome, error FROM job_attempts WHERE job_id = ? ORDER BY attempt");
  a.bind(1, id);
  while (a.step())
    attempts.push_back(json::object{{"attempt", a.int64(0)},
                                    {"node", a.text(1)},
                                    {"started_at", a.text(2)},
                                    {"finished_at", a.text(3)},
                                    {"outcome", a.text(4)},
                                    {"error", a.is_null(5) ? json::value(nullptr) : json::value(a.text(5))}});
  a.reset();
  job["attempt_log"] = std::move(attempts);
  return job;
}

// Changes a job's state under `allowed` (its current states), audited; 404 for another workspace's
// or no job, 409 naming the state it is in otherwise.
http::Response change(db::Database& db, http::Request& req, const identity::Context& ctx, const std::string& action,
                      const std::string& allowed_sql, const std::string& allowed_text, const std::string& set_sql) {
  const std::string id = req.param("id");
  std::optional<json::object> out;
  Status st = db.write([&](db::Connection& c) -> Status {
    auto state = c.scalar("SELECT state FROM jobs WHERE id = ? AND workspace_id = ?", {id, ctx.workspace_id});
    auto* before = std::get_if<std::string>(&state);
    if (!before) return Problem::not_found("No job " + id + " in this workspace");
    const std::string now = clock::now_text();
    try {
      // Each `?` of set_sql is the time now.
      std::vector<db::Value> params(static_cast<std::size_t>(std::count(set_sql.begin(), set_sql.end(), '?')), now);
      params.insert(params.end(), {now, id, ctx.workspace_id});
      c.prepare("UPDATE jobs SET " + set_sql + ", updated_at = ? WHERE id = ? AND workspace_id = ? AND state IN (" + allowed_sql + ")")
          .bind_all(params)
          .run();
    } catch (const db::ConstraintError&) {
      return Problem::conflict("Another job with the same unique key is queued or running; it does this job's work");
    }
    if (c.changes() != 1)
      return Problem::conflict("Only a job that is " + allowed_text + " can be " + action + "; this one is " + *before);
    out = read_job(c, ctx.workspace_id, id);
    journal::audit(c, ctx, "jobs", id, action == "retried" ? "retry" : "cancel",
                   json::array{json::object{{"field", "state"}, {"before", *before}, {"after", out->at("state")}}});
    return ok_status();
  });
  if (!st) return http::fail(st.problem(), req);
  return http::json(200, *out);
}

}  // namespace

void add_routes(http::Api& api, db::Database& db) {
  api.route(
      "GET", "/api/v1/jobs",
      [&db](http::Request& req, const identity::Context& ctx) -> http::Response {
        if (auto no = refuse_non_admin(ctx, req)) return *no;
        auto q = parse(req.query);
        if (!q) return http::fail(q.problem(), req);
        std::string sql = std::string("SELECT ") + kColumns + " FROM jobs WHERE workspace_id = ?";
        std::vector<db::Value> params{ctx.workspace_id};
        if (!q->state.empty()) {
          sql += " AND state = ?";
          params.emplace_back(q->state);
        }
        if (!q->type.empty()) {
          sql += " AND type = ?";
          params.emplace_back(q->type);
        }
        if (!q->since.empty()) {
          sql += " AND created_at >= ?";
          params.emplace_back(q->since);
        }
        if (!q->until.empty()) {
          sql += " AND created_at < ?";
          params.emplace_back(q->until);
        }
        if (q->after) sql += " AND " + records::keyset::after_sql(order(), *q->after, params);
        json::object out = db.read([&](db::Connection& c) {
          records::keyset::append_order_limit(order(), q->limit, c.dialect(), sql, params);
          auto& st = c.prepare(sql);
          st.bind_all(params);
          json::array data;
          auto next = records::keyset::read_page(order(), st, q->limit, {.id = 0}, [&](const db::Statement& row) { data.push_back(job_of(row)); });
          json::object o{{"data", std::move(data)}};
          o["next_cursor"] = next ? json::value(*next) : json::value(nullptr);
          return o;
        });
        return http::json(200, out);
      },
      {.summary = "The workspace's background jobs, newest first; admins only",
       .description = "Jobs the workspace's changes enqueued (webhook deliveries, automations, imports): their state, "
                      "attempts and last error. Filters: state, type, and since (inclusive) / until (exclusive) on the "
                      "time a job was created; limit (1-500) and cursor page.",
       .tag = "Jobs",
       .response_schema = "JobPage",
       .query_params = {{.name = "limit", .description = "1 to 500, default 50", .type = "integer", .minimum = 1, .maximum = 500},
                        {"cursor", "next_cursor of the previous page"},
                        {"state", "queued, running, succeeded, dead or cancelled"},
                        {"type", "a job type, e.g. webhook.deliver"},
                        {"since", "jobs created at or after this time", "string", "date-time"},
                        {"until", "jobs created before this time", "string", "date-time"}},
       .restricted = true});

  api.route(
      "GET", "/api/v1/jobs/{id}",
      [&db](http::Request& req, const identity::Context& ctx) -> http::Response {
        if (auto no = refuse_non_admin(ctx, req)) return *no;
        auto job = db.read([&](db::Connection& c) { return read_job(c, ctx.workspace_id, req.param("id")); });
        if (!job) return http::fail(Problem::not_found("No job " + req.param("id") + " in this workspace"), req);
        return http::json(200, *job);
      },
      {.summary = "A job with its payload and every attempt (where it ran, how it ended, its error); admins only",
       .tag = "Jobs",
       .response_schema = "JobDetail",
       .restricted = true});

  api.route(
      "POST", "/api/v1/jobs/{id}/retry",
      [&db](http::Request& req, const identity::Context& ctx) -> http::Response {
        if (auto no = refuse_non_admin(ctx, req)) return *no;
        // Its type's attempts count again from here; its earlier attempts stay in the log.
        return change(db, req, ctx, "retried", "'dead', 'cancelled'", "dead or cancelled",
                      "state = 'queued', run_at = ?, finished_at = NULL, attempts_before_retry = attempts");
      },
      {.summary = "Queue a dead or cancelled job again, now; admins only",
       .description = "The job runs again as soon as a node is free, with its type's full number of attempts; its "
                      "earlier attempts stay in its log. 409 when the job is not dead or cancelled, or when another "
                      "job with the same unique key is pending.",
       .tag = "Jobs",
       .response_schema = "JobDetail",
       .restricted = true,
       .problems = {{409, "The job is not dead or cancelled, or another job with its unique key is pending"}}});

  api.route(
      "POST", "/api/v1/jobs/{id}/cancel",
      [&db](http::Request& req, const identity::Context& ctx) -> http::Response {
        if (auto no = refuse_non_admin(ctx, req)) return *no;
        return change(db, req, ctx, "cancelled", "'queued', 'running'", "queued or running",
                      "state = 'cancelled', finished_at = ?, lease_owner = NULL, lease_until = NULL");
      },
      {.summary = "Cancel a queued or running job; admins only",
       .description = "A queued job will not run. A running one finishes its current attempt, but its outcome is not "
                      "recorded and an effect it commits with the job (JobContext::finish) is rolled back; an effect "
                      "outside the database (a request already sent) may have happened. 409 when the job has ended.",
       .tag = "Jobs",
       .response_schema = "JobDetail",
       .restricted = true,
       .problems = {{409, "The job has already ended (succeeded, dead or cancelled)"}}});
}

}  // namespace rapport::jobs
