#include "modules/support/sla_refresh.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <string_view>
#include <vector>

#include "modules/support/ticket_sla.hpp"
#include "platform/clock.hpp"
#include "platform/jobs/enqueue.hpp"

namespace rapport::support {
namespace json = boost::json;

namespace {

// The columns track_sla reads, in the order ticket_fields reads them.
constexpr const char* kTicketColumns =
    "id, status, priority, company_id, team_id, tags, created_at, first_response_at, sla_due_at, first_response_seconds, "
    "first_response_business_seconds, sla_policy_id, first_response_sla_met";
// The columns after sla_due_at: what the walk may move besides it (kpi_durations.hpp; an open ticket
// has no resolution), as the ticket's JSON names them.
constexpr const char* kKpiColumns[] = {"first_response_seconds", "first_response_business_seconds", "sla_policy_id",
                                       "first_response_sla_met"};

json::value nullable_text(db::Statement& st, int col) { return st.is_null(col) ? json::value(nullptr) : json::value(st.text(col)); }

// A ticket as track_sla reads it: the fields its policy's conditions and its targets depend on.
json::object ticket_fields(db::Statement& st) {
  json::object t{{"id", st.text(0)},
                 {"status", st.text(1)},
                 {"priority", st.text(2)},
                 {"company_id", nullable_text(st, 3)},
                 {"team_id", nullable_text(st, 4)},
                 {"created_at", st.text(6)},
                 {"first_response_at", nullable_text(st, 7)}};
  boost::system::error_code ec;
  json::value tags = json::parse(st.text_view(5), ec);
  t["tags"] = !ec && tags.is_array() ? std::move(tags) : json::value(json::array{});
  return t;
}

struct Batch {
  std::vector<json::object> tickets;
  std::vector<json::object> stored;  // each ticket's sla_due_at and kKpiColumns before
};

// A stored value as the ticket's JSON has it (a flag as a boolean).
json::value stored_value(db::Statement& st, int col, std::string_view name) {
  if (st.is_null(col)) return nullptr;
  if (name == "sla_policy_id" || name == "sla_due_at") return json::value(st.text(col));
  if (name.ends_with("_met")) return json::value(st.int64(col) != 0);
  return json::value(st.int64(col));
}
db::Value column_value(const json::value& v) {
  if (v.is_bool()) return db::Value(int64_t{v.as_bool() ? 1 : 0});
  if (v.is_int64()) return db::Value(v.as_int64());
  if (v.is_string()) return db::Value(std::string(v.as_string()));
  return db::Value(nullptr);
}

}  // namespace

void queue_sla_refresh(db::Connection& c, const std::string& workspace_id) {
  jobs::enqueue(c, {.type = kSlaRefreshJob, .payload = json::object{}, .workspace_id = workspace_id, .unique_key = kSlaRefreshJob});
}

Result<SlaRefreshResult> refresh_tickets(db::Database& db, const std::string& workspace_id, int64_t now_ms) {
  using steady = std::chrono::steady_clock;
  SlaRefreshResult out;
  std::string after_id;
  for (;;) {
    bool finished = false;
    SlaRefreshResult batch;  // this transaction's share, counted once it commits
    std::string last_id;
    const auto began = steady::now();
    Status st = db.write([&](db::Connection& c) -> Status {
      batch = {};
      last_id = after_id;
      Batch b;
      // Locked on PostgreSQL so that an agent's write of one of them waits for this batch (and re-times it after).
      std::string sql = std::string("SELECT ") + kTicketColumns +
                        " FROM tickets WHERE workspace_id = ? AND deleted_at IS NULL AND status NOT IN ('solved', 'closed') "
                        "AND id > ? ORDER BY id LIMIT ?";
      if (c.dialect() == db::Dialect::Postgres) sql += " FOR UPDATE";
      auto& q = c.prepare(sql);
      q.bind_all({workspace_id, after_id, int64_t{kSlaRefreshBatch}});
      while (q.step()) {
        b.tickets.push_back(ticket_fields(q));
        json::object before{{"sla_due_at", stored_value(q, 8, "sla_due_at")}};
        int col = 9;
        for (const char* name : kKpiColumns) before[name] = stored_value(q, col++, name);
        b.stored.push_back(std::move(before));
      }
      q.reset();
      finished = b.tickets.size() < static_cast<std::size_t>(kSlaRefreshBatch);
      // The policies and calendars once for the batch, not once per ticket.
      SlaSetup setup(c, workspace_id);
      for (std::size_t i = 0; i < b.tickets.size(); ++i) {
        json::object& t = b.tickets[i];
        const std::string id(t.at("id").as_string());
        const json::value before = sla_json(c, workspace_id, id, now_ms);
        track_sla(c, workspace_id, t, now_ms, setup);
        // The first response's business time and outcome move with the policy and calendar too.
        const json::object& before_row = b.stored[i];
        const bool moved = std::any_of(before_row.begin(), before_row.end(),
                                       [&](const auto& kv) { return t.at(kv.key()) != kv.value(); });
        const bool sla_moved = t.at("sla") != before;
        if (moved || sla_moved) {
          // The list page's kept SLA (ticket_sla.hpp, kept_sla) moves with it.
          std::string sql = "UPDATE tickets SET sla_due_at = ?, sla_kept = ?";
          std::vector<db::Value> params{column_value(t.at("sla_due_at")), kept_sla(t)};
          for (const char* name : kKpiColumns) {
            sql.append(", ").append(name).append(" = ?");
            params.push_back(column_value(t.at(name)));
          }
          sql += " WHERE workspace_id = ? AND id = ?";
          params.emplace_back(workspace_id);
          params.emplace_back(id);
          c.prepare(sql).bind_all(params).run();
        }
        if (sla_moved) ++batch.changed;
        ++batch.seen;
        last_id = id;
        // The time budget: the rest waits for the next transaction.
        if (i + 1 < b.tickets.size() && steady::now() - began >= std::chrono::milliseconds(kSlaRefreshBudgetMs)) {
          finished = false;
          break;
        }
      }
      return ok_status();
    });
    if (!st) return st.take_problem();
    after_id = last_id;
    out.changed += batch.changed;
    out.seen += batch.seen;
    ++out.transactions;
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(steady::now() - began).count();
    out.longest_batch_ms = std::max<int64_t>(out.longest_batch_ms, took);
    if (finished) return out;
  }
}

jobs::JobType sla_refresh_job_type(db::Database& db) {
  jobs::JobType t;
  t.name = kSlaRefreshJob;
  t.handler = [&db](jobs::JobContext& ctx) {
    auto r = refresh_tickets(db, ctx.job.workspace_id, clock::now_ms());
    if (!r) return jobs::Outcome::retry(r.problem().detail);
    if (r->changed > 0)
      spdlog::info("support: the SLA of {} of {} open tickets moved with the workspace's SLA configuration ({} transactions, the "
                   "longest {} ms)",
                   r->changed, r->seen, r->transactions, r->longest_batch_ms);
    return jobs::Outcome::done();
  };
  t.max_attempts = 5;
  t.concurrency = 1;
  return t;
}

}  // namespace rapport::support
