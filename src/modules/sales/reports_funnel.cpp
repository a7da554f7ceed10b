// GET /api/v1/reports/funnel: leads -> deals -> won over a window of months, win rate, average deal
// size per currency, average sales cycle and the time deals spend in each stage; optionally for one
// pipeline (the deal steps only: leads belong to no pipeline) and some owners.
#include <set>

#include "modules/sales/pipelines.hpp"
#include "modules/sales/reports_detail.hpp"
#include "platform/clock.hpp"
#include "platform/identity/team_columns.hpp"
#include "platform/ids.hpp"
#include "platform/records/scope.hpp"

namespace rapport::sales {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

using namespace reports;

// Seconds from timestamp a to timestamp b (ISO 8601 text, UTC), as SQL of the connection's dialect.
std::string seconds_between(db::Connection& c, const std::string& a, const std::string& b) {
  if (c.dialect() == db::Dialect::Postgres)
    return "CAST(extract(epoch from (CAST(" + b + " AS timestamptz) - CAST(" + a + " AS timestamptz))) AS DOUBLE PRECISION)";
  return "((julianday(" + b + ") - julianday(" + a + ")) * 86400.0)";
}

json::value nullable(double v, bool present) { return present ? json::value(v) : json::value(nullptr); }

struct FunnelQuery {
  Window window;
  std::string pipeline_id;          // empty: every pipeline
  std::vector<std::string> owners;  // empty: every owner the caller may read
};

// The pipeline (deals' own column, "<prefix>pipeline_id") and owner filters, then the caller's scope.
void deal_filters(std::string& sql, std::vector<db::Value>& params, const access::Context& ctx, const FunnelQuery& q,
                  std::string_view prefix) {
  if (!q.pipeline_id.empty()) {
    sql.append(" AND ").append(prefix).append("pipeline_id = ?");
    params.emplace_back(q.pipeline_id);
  }
  append_owners(sql, params, q.owners, prefix);
  records::append_scope(sql, params, ctx, "deals", access::Action::Read, prefix);
}

Result<json::object> funnel_report(db::Connection& c, const access::Context& ctx, const FunnelQuery& q,
                                   const std::string& owner_text) {
  const Window& w = q.window;
  if (!q.pipeline_id.empty()) {
    auto p = load_pipeline(c, ctx.workspace_id, q.pipeline_id);
    if (!p || p->archived) return Problem::not_found("No such pipeline");
  }
  const std::string lo = month_text(w.from) + "-01", hi = month_text(w.to + 1) + "-01";
  const bool amounts = !records::is_hidden(ctx, "deals", "amount");
  std::string sql;
  std::vector<db::Value> params;

  // Leads created in the window, and how many of them were converted (not for one pipeline: a lead
  // belongs to none).
  int64_t leads_created = 0, leads_converted = 0;
  if (q.pipeline_id.empty()) {
    sql = "SELECT count(*), CAST(coalesce(sum(CASE WHEN converted_deal_id IS NOT NULL OR converted_at IS NOT NULL THEN 1 ELSE 0 END), 0) "
          "AS BIGINT) FROM leads WHERE workspace_id = ? AND deleted_at IS NULL AND created_at >= ? AND created_at < ?";
    params = {ctx.workspace_id, lo, hi};
    append_owners(sql, params, q.owners, "");
    records::append_scope(sql, params, ctx, "leads", access::Action::Read);
    auto& leads = c.prepare(sql);
    leads.bind_all(params);
    leads.step();
    leads_created = leads.int64(0);
    leads_converted = leads.int64(1);
    leads.reset();
  }

  // Deals created in the window: the window is whole UTC months, so the kept totals per creation
  // month (deal_created_totals, migration 0077) count them, with the same pipeline, owner and scope
  // conditions ('' is their NULL owner, which no id equals); from the deals when the scope is on a
  // team column the totals do not keep.
  if (identity::team_column("deals").empty()) {
    sql = "SELECT CAST(coalesce(sum(deals), 0) AS BIGINT) FROM deal_created_totals WHERE workspace_id = ? AND created_month >= ? "
          "AND created_month < ? AND deals > 0";
    params = {ctx.workspace_id, month_text(w.from), month_text(w.to + 1)};
  } else {
    sql = "SELECT count(*) FROM deals WHERE workspace_id = ? AND deleted_at IS NULL AND created_at >= ? AND created_at < ?";
    params = {ctx.workspace_id, lo, hi};
  }
  deal_filters(sql, params, ctx, q, "");
  const int64_t deals_created = std::get<int64_t>(c.scalar(sql, params));

  // Deals closed (won or lost) in the window, per currency, with the days from creation to close.
  sql = "SELECT s.type, coalesce(d.currency, ''), count(*), count(d.amount), " + money::sum_sql("d.amount") + ", "
        "CAST(sum(" + seconds_between(c, "d.created_at", "d.closed_at") + ") AS DOUBLE PRECISION) "
        "FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id WHERE d.workspace_id = ? AND d.deleted_at IS NULL "
        "AND d.closed_at >= ? AND d.closed_at < ? AND s.type IN ('won', 'lost')";
  params = {ctx.workspace_id, lo, hi};
  deal_filters(sql, params, ctx, q, "d.");
  sql += " GROUP BY s.type, coalesce(d.currency, '')";
  int64_t won = 0, lost = 0;
  double won_seconds = 0;
  json::array won_by_currency;
  auto& closed = c.prepare(sql);
  closed.bind_all(params);
  while (closed.step()) {
    const int64_t n = closed.int64(2);
    if (closed.text(0) == "lost") {
      lost += n;
      continue;
    }
    won += n;
    won_seconds += closed.is_null(6) ? 0.0 : closed.real(6);
    const std::string currency = closed.text(1);
    const int64_t with_amount = closed.int64(3);
    if (currency.empty() || with_amount == 0 || !amounts) continue;
    money::Total sum;
    sum.add_parts(closed.int64(4), closed.int64(5));
    auto amount = sum.value();
    auto average = sum.divided(with_amount);  // rounded half up
    if (!amount || !average) return money::sum_too_large(currency, "the deals won in the window");
    won_by_currency.push_back(json::object{{"currency", currency}, {"count", with_amount}, {"amount", *amount}, {"average_amount", *average}});
  }
  closed.reset();

  // Time per stage: each stage-history entry that began in the window lasts until the deal's next
  // entry, or until now for the stage the deal is in.
  const std::string now = clock::now_text();
  sql = "SELECT h.to_stage_id, s.name, s.pipeline_id, count(*), CAST(avg(" + seconds_between(c, "h.changed_at", "coalesce(h.next_at, ?)") +
        ") AS DOUBLE PRECISION) FROM (SELECT deal_id, to_stage_id, changed_at, lead(changed_at) OVER (PARTITION BY deal_id ORDER BY id) "
        "AS next_at FROM deal_stage_history WHERE workspace_id = ? AND changed_at >= ?) h JOIN deals d ON d.id = h.deal_id AND d.workspace_id = ? "
        "AND d.deleted_at IS NULL LEFT JOIN pipeline_stages s ON s.id = h.to_stage_id WHERE h.changed_at >= ? AND h.changed_at < ?";
  // (Entries before the window are left out early: a deal's next entry never precedes its previous one.)
  params = {now, ctx.workspace_id, lo, ctx.workspace_id, lo, hi};
  // For one pipeline: the time in its stages (a deal moved in from another pipeline brings entries
  // of that pipeline's stages, which are not this pipeline's figures).
  if (!q.pipeline_id.empty()) {
    sql += " AND s.pipeline_id = ?";
    params.emplace_back(q.pipeline_id);
  }
  append_owners(sql, params, q.owners, "d.");
  records::append_scope(sql, params, ctx, "deals", access::Action::Read, "d.");
  sql += " GROUP BY h.to_stage_id, s.name, s.pipeline_id, s.position ORDER BY s.pipeline_id, s.position, h.to_stage_id";
  json::array stage_times;
  auto& times = c.prepare(sql);
  times.bind_all(params);
  while (times.step())
    stage_times.push_back(json::object{{"stage_id", times.text(0)},
                                       {"name", times.is_null(1) ? json::value(nullptr) : json::value(times.text(1))},
                                       {"pipeline_id", times.is_null(2) ? json::value(nullptr) : json::value(times.text(2))},
                                       {"entries", times.int64(3)},
                                       {"average_seconds", times.real(4)}});
  times.reset();

  json::array funnel;
  if (q.pipeline_id.empty())
    funnel = {json::object{{"step", "leads_created"}, {"count", leads_created}},
              json::object{{"step", "leads_converted"}, {"count", leads_converted}}};
  funnel.push_back(json::object{{"step", "deals_created"}, {"count", deals_created}});
  funnel.push_back(json::object{{"step", "deals_won"}, {"count", won}});
  json::object out{{"from", month_text(w.from)},
                   {"to", month_text(w.to)},
                   {"pipeline_id", q.pipeline_id.empty() ? json::value(nullptr) : json::value(q.pipeline_id)},
                   {"owner_id", owner_text.empty() ? json::value(nullptr) : json::value(owner_text)},
                   {"funnel", std::move(funnel)},
                   {"deals_lost", lost},
                   {"win_rate", nullable(won + lost > 0 ? static_cast<double>(won) / static_cast<double>(won + lost) : 0, won + lost > 0)},
                   {"average_sales_cycle_days", nullable(won > 0 ? won_seconds / 86400.0 / static_cast<double>(won) : 0, won > 0)},
                   {"stage_times", std::move(stage_times)}};
  if (amounts) out["won_by_currency"] = std::move(won_by_currency);
  return out;
}

}  // namespace

void add_funnel_route(http::Api& api, db::Database& db) {
  api.route(
      "GET", "/api/v1/reports/funnel",
      [&db](Request& req, const access::Context& ctx) -> Response {
        std::string from, to, pipeline_id, owner_id, team_id;
        for (const auto& [k, v] : req.query) {
          if (k == "from") from = v;
          else if (k == "to") to = v;
          else if (k == "pipeline_id") pipeline_id = v;
          else if (k == "owner_id") owner_id = v;
          else if (k == "team_id") team_id = v;
          else {
            std::string detail = "Unknown query parameter '";
            detail += k;
            detail += "' (from, to, pipeline_id, owner_id, team_id)";
            return http::fail(Problem::bad_request(detail), req);
          }
        }
        int now = current_month();
        auto window = parse_window(from, to, now - 11, now);
        if (!window) return http::fail(window.problem(), req);
        if (!pipeline_id.empty() && !ids::is_uuid(pipeline_id)) return http::fail(Problem::not_found("No such pipeline"), req);
        auto owners = parse_owners(owner_id);
        if (!owners) return http::fail(owners.problem(), req);
        if (ctx.scope("deals", access::Action::Read) == access::Scope::None)
          return http::fail(records::not_allowed(access::Action::Read, "deals"), req);
        FunnelQuery q{*window, pipeline_id, std::move(*owners)};
        auto out = db.read([&](db::Connection& c) -> Result<json::object> {
          if (Status team = narrow_to_team(c, ctx.workspace_id, team_id, q.owners); !team) return team.take_problem();
          return funnel_report(c, ctx, q, owner_id);
        });
        if (!out) return http::fail(out.problem(), req);
        return http::json(200, *out);
      },
      {.summary = "Conversion funnel over a window of months: leads created and converted, deals created and won; win "
                  "rate, average won deal size per currency, average sales cycle, time spent per stage",
       .description = "The window is from `from` to `to` (YYYY-MM, default: the last 12 months including this one). "
                      "Leads count by creation (converted: converted_deal_id or converted_at set); deals created by "
                      "creation; won and lost deals by the time they closed (`closed_at` in a won or lost stage). "
                      "`win_rate` = won / (won + lost), null when none closed. `won_by_currency` gives per currency the won "
                      "amount and the average (rounded half up to minor units): amounts are never added across currencies. "
                      "`average_sales_cycle_days` averages created_at -> closed_at over the won deals. `stage_times` "
                      "averages, per stage, how long the stage-history entries that began in the window lasted (until the "
                      "deal's next entry, or until now for its current stage). Only records the caller may read count. "
                      "`pipeline_id` keeps the deals of one pipeline (and, in `stage_times`, its stages); leads belong to no "
                      "pipeline, so with it the funnel starts at deals_created. `owner_id` keeps the leads and deals of some "
                      "owners, within what the caller may read. A won amount beyond 9223372036854775807 minor units is a 422 "
                      "(`amount-overflow`) naming its currency.",
       .tag = "Reports",
       .response_schema = "FunnelReport",
       .query_params = {{"from", "First month, YYYY-MM"},
                        {"to", "Last month, YYYY-MM (at most 120 months after from)"},
                        {"pipeline_id", "One pipeline's deals (default: all; 404 when unknown); the lead steps are then left out",
                         "string", "uuid"},
                        {"owner_id", kOwnerIdDoc},
                        {"team_id", kTeamIdDoc, "string", "uuid"}},
       .restricted = true,
       .problems = {{404, "No such pipeline or team in your workspace"}, {422, "A sum beyond int64 (amount-overflow)"}}});
}

}  // namespace rapport::sales
