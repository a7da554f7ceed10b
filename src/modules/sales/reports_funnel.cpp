// GET /api/v1/reports/funnel: leads -> deals -> won over a window of months, win rate, average deal
// size per currency, average sales cycle and the time deals spend in each stage; optionally for one
// pipeline (the deal steps only: leads belong to no pipeline) and some owners.
#include <set>

#include "modules/sales/funnel_figures.hpp"
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

json::value nullable(double v, bool present) { return present ? json::value(v) : json::value(nullptr); }

struct FunnelQuery {
  Window window;
  std::string pipeline_id;          // empty: every pipeline
  std::vector<std::string> owners;  // empty: every owner the caller may read
};

Result<json::object> funnel_report(db::Connection& c, const access::Context& ctx, const FunnelQuery& q,
                                   const std::string& owner_text) {
  const Window& w = q.window;
  if (!q.pipeline_id.empty()) {
    auto p = load_pipeline(c, ctx.workspace_id, q.pipeline_id);
    if (!p || p->archived) return Problem::not_found("No such pipeline");
  }
  const std::string lo = month_text(w.from) + "-01", hi = month_text(w.to + 1) + "-01";
  const bool amounts = !records::is_hidden(ctx, "deals", "amount");
  const funnel::Filter f{ctx.workspace_id, w.from, w.to, q.pipeline_id, q.owners};
  // The kept aggregates hold the deal's owner, not a team column a scope may name.
  const bool kept = identity::team_column("deals").empty();
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
  if (kept) {
    sql = "SELECT CAST(coalesce(sum(deals), 0) AS BIGINT) FROM deal_created_totals WHERE workspace_id = ? AND created_month >= ? "
          "AND created_month < ? AND deals > 0";
    params = {ctx.workspace_id, month_text(w.from), month_text(w.to + 1)};
  } else {
    sql = "SELECT count(*) FROM deals WHERE workspace_id = ? AND deleted_at IS NULL AND created_at >= ? AND created_at < ?";
    params = {ctx.workspace_id, lo, hi};
  }
  funnel::deal_filters(sql, params, ctx, f, "");
  const int64_t deals_created = std::get<int64_t>(c.scalar(sql, params));

  // Deals closed (won or lost) in the window per currency with their sales cycles, and the time per
  // stage: kept (deal_closed_totals, deal_stage_times: migration 0080), or read from the deals and
  // their stage history when the scope is on a team column the kept tables do not hold.
  const int64_t now = clock::now_ms();
  int64_t won = 0, lost = 0;
  double won_seconds = 0;
  json::array won_by_currency;
  for (const auto& g : kept ? funnel::closed_kept(c, ctx, f) : funnel::closed_scanned(c, ctx, f)) {
    if (g.type == "lost") {
      lost += g.deals;
      continue;
    }
    won += g.deals;
    won_seconds += g.cycle_seconds;
    if (g.currency.empty() || g.amounts == 0 || !amounts) continue;
    money::Total sum;
    sum.add_parts(g.amount_high, g.amount_low);
    auto amount = sum.value();
    auto average = sum.divided(g.amounts);  // rounded half up
    if (!amount || !average) return money::sum_too_large(g.currency, "the deals won in the window");
    won_by_currency.push_back(json::object{{"currency", g.currency}, {"count", g.amounts}, {"amount", *amount}, {"average_amount", *average}});
  }

  json::array stage_times;
  for (const auto& t : kept ? funnel::stage_times_kept(c, ctx, f, now) : funnel::stage_times_scanned(c, ctx, f, now))
    stage_times.push_back(json::object{{"stage_id", t.stage_id},
                                       {"name", t.name ? json::value(*t.name) : json::value(nullptr)},
                                       {"pipeline_id", t.pipeline_id ? json::value(*t.pipeline_id) : json::value(nullptr)},
                                       {"entries", t.entries},
                                       {"average_seconds", t.seconds / static_cast<double>(t.entries)}});

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
