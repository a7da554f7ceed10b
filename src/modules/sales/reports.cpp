#include "modules/sales/reports.hpp"

#include <map>
#include <set>

#include "modules/sales/pipelines.hpp"
#include "modules/sales/reports_detail.hpp"
#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "platform/records/scope.hpp"

namespace rapport::sales {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace reports {

std::optional<int> parse_month(std::string_view s) {
  if (s.size() != 7 || s[4] != '-') return std::nullopt;
  for (std::size_t i = 0; i < 7; ++i)
    if (i != 4 && (s[i] < '0' || s[i] > '9')) return std::nullopt;
  int year = std::stoi(std::string(s.substr(0, 4)));
  int month = std::stoi(std::string(s.substr(5, 2)));
  if (year < 1900 || month < 1 || month > 12) return std::nullopt;
  return year * 12 + month - 1;
}

std::string month_text(int index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d", index / 12, index % 12 + 1);
  return buf;
}

int current_month() { return *parse_month(clock::now_text().substr(0, 7)); }

int64_t weighted(int64_t amount_times_probability) { return (amount_times_probability + 50) / 100; }

Result<Window> parse_window(const std::string& from_text, const std::string& to_text, int default_from, int default_to) {
  Window w{default_from, default_to};
  if (!from_text.empty()) {
    auto m = parse_month(from_text);
    if (!m) return Problem::bad_request("'from' must be a month, YYYY-MM");
    w.from = *m;
  }
  if (!to_text.empty()) {
    auto m = parse_month(to_text);
    if (!m) return Problem::bad_request("'to' must be a month, YYYY-MM");
    w.to = *m;
  }
  if (w.from > w.to) return Problem::bad_request("'from' is after 'to'");
  if (w.to - w.from >= kMaxMonths) return Problem::bad_request("A report covers at most 120 months");
  return w;
}

json::array currency_amounts(const std::map<std::string, Sums>& by_currency, bool with_weighted, bool with_commit) {
  json::array out;
  for (const auto& [currency, s] : by_currency) {
    if (currency.empty()) continue;  // deals without an amount count, but hold no money
    json::object o{{"currency", currency}, {"amount", s.amount}};
    if (with_weighted) o["weighted_amount"] = weighted(s.amount_x_probability);
    if (with_commit) o["commit_amount"] = s.commit;
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace reports

namespace {

using namespace reports;

// Checks the query against the parameters a report takes (400 naming them otherwise).
std::optional<Problem> unknown_parameter(const Request& req, const std::set<std::string>& known, const char* list) {
  for (const auto& [k, v] : req.query)
    if (!known.count(k)) {
      std::string detail = "Unknown query parameter '";
      detail += k;
      detail += "' (";
      detail += list;
      detail += ")";
      return Problem::bad_request(detail);
    }
  return std::nullopt;
}

std::string param(const Request& req, const std::string& key) {
  for (const auto& [k, v] : req.query)
    if (k == key) return v;
  return "";
}

// GET /api/v1/reports/pipeline: the open stages of one pipeline, in board order, with their deal
// count and per currency the amount and weighted amount; the same for the whole pipeline.
Result<json::object> pipeline_report(db::Connection& c, const access::Context& ctx, const std::string& pipeline_id) {
  auto p = load_pipeline(c, ctx.workspace_id, pipeline_id, true);
  if (!p || p->archived) return Problem::not_found("No such pipeline");
  std::string sql =
      "SELECT t.stage_id, t.currency, CAST(sum(t.deals) AS BIGINT), CAST(sum(t.amount) AS BIGINT) FROM deal_totals t "
      "WHERE t.workspace_id = ? AND t.pipeline_id = ?";
  std::vector<db::Value> params{ctx.workspace_id, pipeline_id};
  records::append_scope(sql, params, ctx, "deals", access::Action::Read, "t.");
  sql += " GROUP BY t.stage_id, t.currency";
  std::map<std::string, std::map<std::string, Sums>> by_stage;
  std::map<std::string, int64_t> counts;
  auto& st = c.prepare(sql);
  st.bind_all(params);
  while (st.step()) {
    auto& s = by_stage[st.text(0)][st.text(1)];
    s.count += st.int64(2);
    s.amount += st.int64(3);
    counts[st.text(0)] += st.int64(2);
  }
  st.reset();
  const bool amounts = !records::is_hidden(ctx, "deals", "amount");
  json::array stages;
  int64_t total_count = 0;
  std::map<std::string, Sums> total;
  for (const auto& s : p->stages) {
    if (s.type != "open") continue;
    int64_t count = counts.count(s.id) ? counts[s.id] : 0;
    if (s.archived && count == 0) continue;
    std::map<std::string, Sums> mine = by_stage[s.id];
    for (auto& [currency, sums] : mine) {
      sums.amount_x_probability = sums.amount * s.probability;
      auto& t = total[currency];
      t.amount += sums.amount;
      t.amount_x_probability += sums.amount_x_probability;
    }
    total_count += count;
    json::object o{{"id", s.id},       {"name", s.name},   {"position", s.position}, {"probability", s.probability},
                   {"archived", s.archived}, {"count", count}};
    if (amounts) o["amounts"] = currency_amounts(mine, true, false);
    stages.push_back(std::move(o));
  }
  json::object totals{{"count", total_count}};
  if (amounts) totals["amounts"] = currency_amounts(total, true, false);
  return json::object{{"pipeline_id", p->id}, {"name", p->name}, {"stages", std::move(stages)}, {"totals", std::move(totals)}};
}

struct ForecastQuery {
  Window window;
  std::string pipeline_id, owner_id;
  int64_t commit_threshold = 70;
};

// The filters both forecast queries end with: one owner (when asked for) and the caller's scope.
void owner_and_scope(std::string& sql, std::vector<db::Value>& params, const access::Context& ctx, const std::string& owner_id) {
  if (!owner_id.empty()) {
    sql += " AND t.owner_id = ?";
    params.emplace_back(owner_id);
  }
  records::append_scope(sql, params, ctx, "deals", access::Action::Read, "t.");
}

// GET /api/v1/reports/forecast: open deals by expected close month (and by owner within it), per
// currency best case, weighted and commit; and per month what was won (by the month it closed).
Result<json::object> forecast_report(db::Connection& c, const access::Context& ctx, const ForecastQuery& q) {
  if (!q.pipeline_id.empty()) {
    auto p = load_pipeline(c, ctx.workspace_id, q.pipeline_id);
    if (!p || p->archived) return Problem::not_found("No such pipeline");
  }
  struct Month {
    int64_t open_count = 0, won_count = 0;
    std::map<std::string, Sums> open, won;
    std::map<std::string, std::pair<int64_t, std::map<std::string, Sums>>> owners;
  };
  std::map<std::string, Month> months;
  const std::string from = month_text(q.window.from), to = month_text(q.window.to);

  // Stage probabilities and types, joined here rather than in SQL: the totals are then read as one
  // range of deal_totals' primary key (one pipeline) or of its close_month index, without sorting.
  struct StageInfo {
    int64_t probability;
    std::string type;
  };
  std::map<std::string, StageInfo> stages;
  {
    std::string stage_sql = "SELECT id, probability, type FROM pipeline_stages WHERE workspace_id = ?";
    std::vector<db::Value> stage_params{ctx.workspace_id};
    if (!q.pipeline_id.empty()) {
      stage_sql += " AND pipeline_id = ?";
      stage_params.emplace_back(q.pipeline_id);
    }
    auto& st = c.prepare(stage_sql);
    st.bind_all(stage_params);
    while (st.step()) stages[st.text(0)] = StageInfo{st.int64(1), st.text(2)};
    st.reset();
  }

  std::string sql = "SELECT t.close_month, t.owner_id, t.currency, t.stage_id, t.deals, t.amount FROM deal_totals t WHERE "
                    "t.workspace_id = ?";
  std::vector<db::Value> params{ctx.workspace_id};
  if (!q.pipeline_id.empty()) {
    sql += " AND t.pipeline_id = ?";
    params.emplace_back(q.pipeline_id);
  }
  sql += " AND t.close_month >= ? AND t.close_month <= ?";
  params.insert(params.end(), {from, to});
  owner_and_scope(sql, params, ctx, q.owner_id);
  auto& st = c.prepare(sql);
  st.bind_all(params);
  while (st.step()) {
    auto stage = stages.find(st.text(3));
    if (stage == stages.end() || stage->second.type != "open") continue;
    const int64_t probability = stage->second.probability, count = st.int64(4), amount = st.int64(5);
    if (count == 0) continue;
    auto& m = months[st.text(0)];
    const std::string owner = st.text(1), currency = st.text(2);
    auto& owner_entry = m.owners[owner];
    m.open_count += count;
    owner_entry.first += count;
    for (auto* s : {&m.open[currency], &owner_entry.second[currency]}) {
      s->count += count;
      s->amount += amount;
      s->amount_x_probability += amount * probability;
      if (probability >= q.commit_threshold) s->commit += amount;
    }
  }
  st.reset();

  std::string won_sql = "SELECT t.closed_month, t.currency, t.stage_id, t.deals, t.amount FROM deal_totals t WHERE t.workspace_id = ?";
  std::vector<db::Value> won_params{ctx.workspace_id};
  if (!q.pipeline_id.empty()) {
    won_sql += " AND t.pipeline_id = ?";
    won_params.emplace_back(q.pipeline_id);
  }
  won_sql += " AND t.closed_month >= ? AND t.closed_month <= ?";
  won_params.insert(won_params.end(), {from, to});
  owner_and_scope(won_sql, won_params, ctx, q.owner_id);
  auto& won = c.prepare(won_sql);
  won.bind_all(won_params);
  while (won.step()) {
    auto stage = stages.find(won.text(2));
    if (stage == stages.end() || stage->second.type != "won" || won.int64(3) == 0) continue;
    auto& m = months[won.text(0)];
    m.won_count += won.int64(3);
    auto& s = m.won[won.text(1)];
    s.count += won.int64(3);
    s.amount += won.int64(4);
  }
  won.reset();

  const bool amounts = !records::is_hidden(ctx, "deals", "amount");
  json::array out;
  for (int i = q.window.from; i <= q.window.to; ++i) {
    const std::string key = month_text(i);
    Month& m = months[key];
    json::array owners;
    for (const auto& [owner, entry] : m.owners) {
      if (entry.first == 0) continue;
      json::object o{{"owner_id", owner.empty() ? json::value(nullptr) : json::value(owner)}, {"open_count", entry.first}};
      if (amounts) o["open"] = currency_amounts(entry.second, true, true);
      owners.push_back(std::move(o));
    }
    json::object o{{"month", key}, {"open_count", m.open_count}, {"won_count", m.won_count}};
    if (amounts) {
      o["open"] = currency_amounts(m.open, true, true);
      o["won"] = currency_amounts(m.won, false, false);
    }
    o["owners"] = std::move(owners);
    out.push_back(std::move(o));
  }
  return json::object{{"from", from},
                      {"to", to},
                      {"pipeline_id", q.pipeline_id.empty() ? json::value(nullptr) : json::value(q.pipeline_id)},
                      {"owner_id", q.owner_id.empty() ? json::value(nullptr) : json::value(q.owner_id)},
                      {"commit_threshold", q.commit_threshold},
                      {"months", std::move(out)}};
}

}  // namespace

void add_report_routes(http::Api& api, db::Database& db) {
  api.route(
      "GET", "/api/v1/reports/pipeline",
      [&db](Request& req, const access::Context& ctx) -> Response {
        if (auto p = unknown_parameter(req, {"pipeline_id"}, "pipeline_id")) return http::fail(*p, req);
        const std::string id = param(req, "pipeline_id");
        if (id.empty()) return http::fail(Problem::bad_request("pipeline_id is required"), req);
        if (!ids::is_uuid(id)) return http::fail(Problem::not_found("No such pipeline"), req);
        if (ctx.scope("deals", access::Action::Read) == access::Scope::None)
          return http::fail(records::not_allowed(access::Action::Read, "pipeline's deals"), req);
        auto out = db.read([&](db::Connection& c) { return pipeline_report(c, ctx, id); });
        if (!out) return http::fail(out.problem(), req);
        return http::json(200, *out);
      },
      {.summary = "Open pipeline by stage: per open stage (board order) the number of deals and, per currency, their "
                  "amount and weighted amount",
       .description = "Counts only the deals the caller may read. Amounts are never added across currencies: every "
                      "amount figure is given per currency (`amounts`, sorted by currency). The weighted amount is the sum "
                      "of amount × stage probability / 100 over the deals, rounded half up to minor units once, at the end. "
                      "Deals without an amount are counted but hold no money. Roles that hide deal amounts get counts only.",
       .tag = "Reports",
       .response_schema = "PipelineReport",
       .query_params = {{"pipeline_id", "The pipeline (required; 404 when unknown)", "string", "uuid"}},
       .restricted = true});

  api.route(
      "GET", "/api/v1/reports/forecast",
      [&db](Request& req, const access::Context& ctx) -> Response {
        if (auto p = unknown_parameter(req, {"pipeline_id", "from", "to", "owner_id", "commit_threshold"},
                                       "pipeline_id, from, to, owner_id, commit_threshold"))
          return http::fail(*p, req);
        int now = current_month();
        auto window = parse_window(param(req, "from"), param(req, "to"), now, now + 11);
        if (!window) return http::fail(window.problem(), req);
        ForecastQuery q{*window, param(req, "pipeline_id"), param(req, "owner_id"), 70};
        if (!q.pipeline_id.empty() && !ids::is_uuid(q.pipeline_id)) return http::fail(Problem::not_found("No such pipeline"), req);
        if (!q.owner_id.empty() && !ids::is_uuid(q.owner_id)) return http::fail(Problem::bad_request("owner_id must be a user id"), req);
        if (std::string t = param(req, "commit_threshold"); !t.empty()) {
          if (t.size() > 3 || t.find_first_not_of("0123456789") != std::string::npos || std::stoi(t) > 100)
            return http::fail(Problem::bad_request("commit_threshold must be an integer from 0 to 100"), req);
          q.commit_threshold = std::stoi(t);
        }
        if (ctx.scope("deals", access::Action::Read) == access::Scope::None)
          return http::fail(records::not_allowed(access::Action::Read, "deals"), req);
        auto out = db.read([&](db::Connection& c) { return forecast_report(c, ctx, q); });
        if (!out) return http::fail(out.problem(), req);
        return http::json(200, *out);
      },
      {.summary = "Forecast: open deals by expected close month and owner, per currency best case, weighted and commit; "
                  "won amount per month",
       .description = "Every month from `from` to `to` (YYYY-MM, default: this month and the next 11) is listed. `open` "
                      "covers deals in open stages whose expected close date falls in the month: `amount` is the best case "
                      "(all of them), `weighted_amount` the sum of amount × stage probability / 100 rounded half up once, "
                      "`commit_amount` the amount of deals in stages whose probability is at least `commit_threshold` "
                      "(default 70). `won` is the amount of deals in won stages by the month they closed. Amounts are never "
                      "added across currencies: each figure is per currency. Only deals the caller may read count.",
       .tag = "Reports",
       .response_schema = "ForecastReport",
       .query_params = {{"pipeline_id", "One pipeline (default: all; 404 when unknown)", "string", "uuid"},
                        {"from", "First month, YYYY-MM (default: this month)"},
                        {"to", "Last month, YYYY-MM (default: 11 months after from's default; at most 120 months)"},
                        {"owner_id", "Only this owner's deals", "string", "uuid"},
                        {"commit_threshold", "Stage probability from which a deal counts as commit (0-100, default 70)", "integer"}},
       .restricted = true});

  add_funnel_route(api, db);
}

}  // namespace rapport::sales
