#include "platform/jobs/routes.hpp"

#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "platform/jobs/admin.hpp"
#include "platform/jobs/job.hpp"
#include "platform/journal.hpp"
#include "platform/records/keyset.hpp"
#include "platform/records/keyset_query.hpp"

namespace rapport::jobs {
namespace json = boost::json;

namespace {

// Newest first: ids are UUIDv7, in the order jobs were created.
const records::keyset::Order& order() {
  static const records::keyset::Order o{.name = "jobs", .id_type = records::keyset::Type::Text, .descending = true};
  return o;
}

// Filters: the state (one of kStates) and the type, compared for equality; the window on created_at.
const records::keyset::QuerySpec& query_spec() {
  static const records::keyset::QuerySpec q{
      .filters = {{.name = "state", .values = {std::begin(kStates), std::end(kStates)}}, {.name = "type", .max_size = 100}},
      .time_window = true};
  return q;
}

std::optional<http::Response> refuse_non_admin(const identity::Context& ctx, http::Request& req) {
  if (ctx.is_admin()) return std::nullopt;
  return http::fail(Problem::forbidden("Only an admin can see and change the workspace's jobs"), req);
}

// Retries or cancels a job of the caller's workspace, audited.
http::Response change(db::Database& db, http::Request& req, const identity::Context& ctx, bool retrying) {
  const std::string id = req.param("id");
  std::optional<json::object> out;
  Status st = db.write([&](db::Connection& c) -> Status {
    const admin::Scope scope{ctx.workspace_id};
    auto changed = retrying ? admin::retry(c, scope, id, clock::now_ms()) : admin::cancel(c, scope, id, clock::now_ms());
    if (!changed) return changed.take_problem();
    journal::audit(c, ctx, "jobs", id, retrying ? "retry" : "cancel",
                   json::array{json::object{{"field", "state"}, {"before", changed->before}, {"after", changed->job.at("state")}}});
    out = std::move(changed->job);
    return ok_status();
  });
  if (!st) return http::fail(st.problem(), req);
  out->erase("workspace_id");
  return http::json(200, *out);
}

}  // namespace

void add_routes(http::Api& api, db::Database& db) {
  api.route(
      "GET", "/api/v1/jobs",
      [&db](http::Request& req, const identity::Context& ctx) -> http::Response {
        if (auto no = refuse_non_admin(ctx, req)) return *no;
        auto q = records::keyset::parse_query(order(), query_spec(), req.query);
        if (!q) return http::fail(q.problem(), req);
        std::string sql = std::string("SELECT ") + admin::kColumns + " FROM jobs WHERE workspace_id = ?";
        std::vector<db::Value> params{ctx.workspace_id};
        q->append_where(order(), "created_at", sql, params);
        json::object out = db.read([&](db::Connection& c) {
          return records::keyset::page(c, order(), sql, params, q->limit, {.id = 0}, [](const db::Statement& row) -> json::value {
            json::object job = admin::job_of(row);
            job.erase("workspace_id");  // the caller's own
            return job;
          });
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
        auto job = db.read([&](db::Connection& c) { return admin::read_job(c, {ctx.workspace_id}, req.param("id")); });
        if (!job) return http::fail(Problem::not_found("No job " + req.param("id") + " in this workspace"), req);
        job->erase("workspace_id");
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
        return change(db, req, ctx, true);
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
        return change(db, req, ctx, false);
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
