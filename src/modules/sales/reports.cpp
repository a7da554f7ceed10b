#include "modules/sales/reports.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "modules/sales/pipelines.hpp"
#include "modules/sales/reports_detail.hpp"
#include "platform/clock.hpp"
#include "platform/db/in_list.hpp"
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

std::optional<int64_t> weighted(const money::Total& amount_times_probability) { return amount_times_probability.divided(100); }

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

Result<json::array> currency_amounts(const std::map<std::string, Sums>& by_currency, bool with_weighted, bool with_commit,
                                     std::string_view what) {
  json::array out;
  for (const auto& [currency, s] : by_currency) {
    if (currency.empty()) continue;  // deals without an amount count, but hold no money
    auto amount = s.amount.value();
    auto weighted_amount = with_weighted ? weighted(s.amount_x_probability) : std::optional<int64_t>(0);
    auto commit = with_commit ? s.commit.value() : std::optional<int64_t>(0);
    if (!amount || !weighted_amount || !commit) return money::sum_too_large(currency, what);
    json::object o{{"currency", currency}, {"amount", *amount}};
    if (with_weighted) o["weighted_amount"] = *weighted_amount;
    if (with_commit) o["commit_amount"] = *commit;
    out.push_back(std::move(o));
  }
  return out;
}

Result<std::vector<std::string>> parse_owners(const std::string& text) {
  if (text.empty()) return std::vector<std::string>{};
  auto owners = ids::uuid_list(text);
  if (!owners) return Problem::bad_request("owner_id must be a user id, or up to 100 of them separated by commas");
  if (owners->size() > 100) return Problem::bad_request("owner_id takes at most 100 user ids");
  return std::move(*owners);
}

Status narrow_to_team(db::Connection& c, const std::string& workspace_id, const std::string& team_id, std::vector<std::string>& owners) {
  if (team_id.empty()) return ok_status();
  if (!ids::is_uuid(team_id) ||
      std::holds_alternative<std::nullptr_t>(c.scalar("SELECT 1 FROM teams WHERE workspace_id = ? AND id = ?", {workspace_id, team_id})))
    return Problem::not_found("No such team");
  std::vector<std::string> members;
  auto& st = c.prepare("SELECT user_id FROM team_members WHERE workspace_id = ? AND team_id = ? ORDER BY user_id");
  st.bind_all({workspace_id, team_id});
  while (st.step()) {
    std::string id = st.text(0);
    if (owners.empty() || std::find(owners.begin(), owners.end(), id) != owners.end()) members.push_back(std::move(id));
  }
  st.reset();
  if (members.empty()) members.emplace_back();  // an owner id no record has: the report counts nothing
  owners = std::move(members);
  return ok_status();
}

void append_owners(std::string& sql, std::vector<db::Value>& params, const std::vector<std::string>& owners,
                   std::string_view prefix) {
  if (owners.empty()) return;
  sql.append(" AND ").append(prefix).append("owner_id");
  if (owners.size() == 1) {
    sql += " = ?";
    params.emplace_back(owners[0]);
    return;
  }
  sql += " IN ";
  db::append_in_list(sql, params, std::vector<db::Value>(owners.begin(), owners.end()));
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
// count and per currency the amount and weighted amount; the same for the whole pipeline. With
// owners, only their deals (within the caller's scope, as always).
Result<json::object> pipeline_report(db::Connection& c, const access::Context& ctx, const std::string& pipeline_id,
                                     const std::vector<std::string>& owners) {
  auto p = load_pipeline(c, ctx.workspace_id, pipeline_id, true);
  if (!p || p->archived) return Problem::not_found("No such pipeline");
  std::string sql =
      "SELECT t.stage_id, t.currency, CAST(sum(t.deals) AS BIGINT), CAST(sum(t.amount_high) AS BIGINT), "
      "CAST(sum(t.amount_low) AS BIGINT) FROM deal_totals t WHERE t.workspace_id = ? AND t.pipeline_id = ?";
  std::vector<db::Value> params{ctx.workspace_id, pipeline_id};
  append_owners(sql, params, owners, "t.");
  records::append_scope(sql, params, ctx, "deals", access::Action::Read, "t.");
  sql += " GROUP BY t.stage_id, t.currency";
  std::map<std::string, std::map<std::string, Sums>> by_stage;
  std::map<std::string, int64_t> counts;
  auto& st = c.prepare(sql);
  st.bind_all(params);
  while (st.step()) {
    auto& s = by_stage[st.text(0)][st.text(1)];
    s.count += st.int64(2);
    s.amount.add_parts(st.int64(3), st.int64(4));
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
      sums.amount_x_probability = sums.amount.times(s.probability);
      auto& t = total[currency];
      t.amount.add(sums.amount);
      t.amount_x_probability.add(sums.amount_x_probability);
    }
    total_count += count;
    json::object o{{"id", s.id},       {"name", s.name},   {"position", s.position}, {"probability", s.probability},
                   {"archived", s.archived}, {"count", count}};
    if (amounts) {
      auto a = currency_amounts(mine, true, false, "the open deals of the stage " + s.name);
      if (!a) return a.take_problem();
      o["amounts"] = std::move(*a);
    }
    stages.push_back(std::move(o));
  }
  json::object totals{{"count", total_count}};
  if (amounts) {
    auto a = currency_amounts(total, true, false, "the pipeline's open deals");
    if (!a) return a.take_problem();
    totals["amounts"] = std::move(*a);
  }
  return json::object{{"pipeline_id", p->id}, {"name", p->name}, {"stages", std::move(stages)}, {"totals", std::move(totals)}};
}

struct ForecastQuery {
  Window window;
  std::string pipeline_id, owner_id;  // owner_id as given (echoed in the report)
  std::vector<std::string> owners;     // owner_id parsed
  int64_t commit_threshold = 70;
  bool quarters = false;  // group=quarter
};

// The filters both forecast queries end with: the owners (when asked for) and the caller's scope.
void owner_and_scope(std::string& sql, std::vector<db::Value>& params, const access::Context& ctx,
                     const std::vector<std::string>& owners) {
  append_owners(sql, params, owners, "t.");
  records::append_scope(sql, params, ctx, "deals", access::Action::Read, "t.");
}

// "YYYY-Qn" of a month number.
std::string quarter_text(int month) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-Q%d", month / 12, month % 12 / 3 + 1);
  return buf;
}

// One period of the forecast (a month, a quarter) or the bucket of open deals without a close date.
struct Bucket {
  int64_t open_count = 0, won_count = 0;
  std::map<std::string, Sums> open, won;
  std::map<std::string, std::pair<int64_t, std::map<std::string, Sums>>> owners;
};

Result<json::object> bucket_json(const Bucket& b, bool amounts, bool with_won, const std::string& what) {
  json::array owners;
  for (const auto& [owner, entry] : b.owners) {
    if (entry.first == 0) continue;
    json::object o{{"owner_id", owner.empty() ? json::value(nullptr) : json::value(owner)}, {"open_count", entry.first}};
    if (amounts) {
      auto a = currency_amounts(entry.second, true, true, "the open deals " + what + " of one owner");
      if (!a) return a.take_problem();
      o["open"] = std::move(*a);
    }
    owners.push_back(std::move(o));
  }
  json::object o{{"open_count", b.open_count}};
  if (with_won) o["won_count"] = b.won_count;
  if (amounts) {
    auto open = currency_amounts(b.open, true, true, "the open deals " + what);
    if (!open) return open.take_problem();
    o["open"] = std::move(*open);
    if (with_won) {
      auto won = currency_amounts(b.won, false, false, "the deals won " + what);
      if (!won) return won.take_problem();
      o["won"] = std::move(*won);
    }
  }
  o["owners"] = std::move(owners);
  return o;
}

// GET /api/v1/reports/forecast: open deals by expected close month or quarter (and by owner within
// it), per currency best case, weighted and commit; per period what was won (by when it closed); and
// the open deals without an expected close date in a bucket of their own.
Result<json::object> forecast_report(db::Connection& c, const access::Context& ctx, const ForecastQuery& q) {
  if (!q.pipeline_id.empty()) {
    auto p = load_pipeline(c, ctx.workspace_id, q.pipeline_id);
    if (!p || p->archived) return Problem::not_found("No such pipeline");
  }
  std::map<std::string, Bucket> periods;
  Bucket undated;
  const std::string from = month_text(q.window.from), to = month_text(q.window.to);
  auto period_of = [&](const std::string& month) { return q.quarters ? quarter_text(*parse_month(month)) : month; };

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

  // Open deals whose close month is in the window, then those without one ('' in deal_totals).
  for (bool dated : {true, false}) {
    std::string sql = "SELECT t.close_month, t.owner_id, t.currency, t.stage_id, t.deals, t.amount_high, t.amount_low FROM deal_totals t "
                      "WHERE t.workspace_id = ?";
    std::vector<db::Value> params{ctx.workspace_id};
    if (!q.pipeline_id.empty()) {
      sql += " AND t.pipeline_id = ?";
      params.emplace_back(q.pipeline_id);
    }
    if (dated) {
      sql += " AND t.close_month >= ? AND t.close_month <= ?";
      params.insert(params.end(), {from, to});
    } else {
      sql += " AND t.close_month = ''";
    }
    owner_and_scope(sql, params, ctx, q.owners);
    auto& st = c.prepare(sql);
    st.bind_all(params);
    while (st.step()) {
      auto stage = stages.find(st.text(3));
      if (stage == stages.end() || stage->second.type != "open") continue;
      const int64_t probability = stage->second.probability, count = st.int64(4);
      if (count == 0) continue;
      money::Total amount;
      amount.add_parts(st.int64(5), st.int64(6));
      Bucket& b = dated ? periods[period_of(st.text(0))] : undated;
      const std::string owner = st.text(1), currency = st.text(2);
      auto& owner_entry = b.owners[owner];
      b.open_count += count;
      owner_entry.first += count;
      for (auto* s : {&b.open[currency], &owner_entry.second[currency]}) {
        s->count += count;
        s->amount.add(amount);
        s->amount_x_probability.add(amount.times(probability));
        if (probability >= q.commit_threshold) s->commit.add(amount);
      }
    }
    st.reset();
  }

  std::string won_sql = "SELECT t.closed_month, t.currency, t.stage_id, t.deals, t.amount_high, t.amount_low FROM deal_totals t "
                        "WHERE t.workspace_id = ?";
  std::vector<db::Value> won_params{ctx.workspace_id};
  if (!q.pipeline_id.empty()) {
    won_sql += " AND t.pipeline_id = ?";
    won_params.emplace_back(q.pipeline_id);
  }
  won_sql += " AND t.closed_month >= ? AND t.closed_month <= ?";
  won_params.insert(won_params.end(), {from, to});
  owner_and_scope(won_sql, won_params, ctx, q.owners);
  auto& won = c.prepare(won_sql);
  won.bind_all(won_params);
  while (won.step()) {
    auto stage = stages.find(won.text(2));
    if (stage == stages.end() || stage->second.type != "won" || won.int64(3) == 0) continue;
    auto& b = periods[period_of(won.text(0))];
    b.won_count += won.int64(3);
    auto& s = b.won[won.text(1)];
    s.count += won.int64(3);
    s.amount.add_parts(won.int64(4), won.int64(5));
  }
  won.reset();

  const bool amounts = !records::is_hidden(ctx, "deals", "amount");
  const char* key = q.quarters ? "quarter" : "month";
  json::array out;
  for (int i = q.window.from; i <= q.window.to; i += q.quarters ? 3 : 1) {
    const std::string period = q.quarters ? quarter_text(i) : month_text(i);
    auto o = bucket_json(periods[period], amounts, true, "of " + period);
    if (!o) return o.take_problem();
    json::object entry{{key, period}};
    for (auto& kv : *o) entry[kv.key()] = std::move(kv.value());
    out.push_back(std::move(entry));
  }
  auto no_date = bucket_json(undated, amounts, false, "without an expected close date");
  if (!no_date) return no_date.take_problem();
  json::object report{{"from", from},
                      {"to", to},
                      {"group", key},
                      {"pipeline_id", q.pipeline_id.empty() ? json::value(nullptr) : json::value(q.pipeline_id)},
                      {"owner_id", q.owner_id.empty() ? json::value(nullptr) : json::value(q.owner_id)},
                      {"commit_threshold", q.commit_threshold}};
  report[q.quarters ? "quarters" : "months"] = std::move(out);
  report["no_close_date"] = std::move(*no_date);
  return report;
}

}  // namespace

void add_report_routes(http::Api& api, db::Database& db) {
  api.route(
      "GET", "/api/v1/reports/pipeline",
      [&db](Request& req, const access::Context& ctx) -> Response {
        if (auto p = unknown_parameter(req, {"pipeline_id", "owner_id", "team_id"}, "pipeline_id, owner_id, team_id")) return http::fail(*p, req);
        const std::string id = param(req, "pipeline_id");
        if (id.empty()) return http::fail(Problem::bad_request("pipeline_id is required"), req);
        if (!ids::is_uuid(id)) return http::fail(Problem::not_found("No such pipeline"), req);
        auto owners = parse_owners(param(req, "owner_id"));
        if (!owners) return http::fail(owners.problem(), req);
        if (ctx.scope("deals", access::Action::Read) == access::Scope::None)
          return http::fail(records::not_allowed(access::Action::Read, "pipeline's deals"), req);
        auto out = db.read([&](db::Connection& c) -> Result<json::object> {
          if (Status team = narrow_to_team(c, ctx.workspace_id, param(req, "team_id"), *owners); !team) return team.take_problem();
          return pipeline_report(c, ctx, id, *owners);
        });
        if (!out) return http::fail(out.problem(), req);
        return http::json(200, *out);
      },
      {.summary = "Open pipeline by stage: per open stage (board order) the number of deals and, per currency, their "
                  "amount and weighted amount",
       .description = "Counts only the deals the caller may read; `owner_id` narrows that to the deals of some owners "
                      "(never widens it: a caller who reads only their own deals and names someone else gets an empty "
                      "report). Amounts are never added across currencies: every "
                      "amount figure is given per currency (`amounts`, sorted by currency). The weighted amount is the sum "
                      "of amount × stage probability / 100 over the deals, rounded half up to minor units once, at the end. "
                      "Deals without an amount are counted but hold no money. Roles that hide deal amounts get counts only. A sum "
                      "beyond 9223372036854775807 minor units is a 422 (`amount-overflow`) naming its currency.",
       .tag = "Reports",
       .response_schema = "PipelineReport",
       .query_params = {{"pipeline_id", "The pipeline (required; 404 when unknown)", "string", "uuid"}, {"owner_id", kOwnerIdDoc},
                        {"team_id", kTeamIdDoc, "string", "uuid"}},
       .restricted = true,
       .problems = {{404, "No such pipeline or team in your workspace"}, {422, "A sum beyond int64 (amount-overflow)"}}});

  api.route(
      "GET", "/api/v1/reports/forecast",
      [&db](Request& req, const access::Context& ctx) -> Response {
        if (auto p = unknown_parameter(req, {"pipeline_id", "from", "to", "owner_id", "team_id", "commit_threshold", "group"},
                                       "pipeline_id, from, to, owner_id, team_id, commit_threshold, group"))
          return http::fail(*p, req);
        const std::string group = param(req, "group");
        if (!group.empty() && group != "month" && group != "quarter")
          return http::fail(Problem::bad_request("group must be month or quarter"), req);
        const bool quarters = group == "quarter";
        int now = current_month();
        const int this_quarter = now - now % 3;
        auto window = quarters ? parse_window(param(req, "from"), param(req, "to"), this_quarter, this_quarter + 11)
                               : parse_window(param(req, "from"), param(req, "to"), now, now + 11);
        if (!window) return http::fail(window.problem(), req);
        if (quarters) {  // whole quarters: from the first month of from's to the last of to's
          window->from -= window->from % 3;
          window->to += 2 - window->to % 3;
          if (window->to - window->from >= kMaxMonths) return http::fail(Problem::bad_request("A report covers at most 120 months"), req);
        }
        ForecastQuery q{*window, param(req, "pipeline_id"), param(req, "owner_id"), {}, 70, quarters};
        if (!q.pipeline_id.empty() && !ids::is_uuid(q.pipeline_id)) return http::fail(Problem::not_found("No such pipeline"), req);
        auto owners = parse_owners(q.owner_id);
        if (!owners) return http::fail(owners.problem(), req);
        q.owners = std::move(*owners);
        if (std::string t = param(req, "commit_threshold"); !t.empty()) {
          if (t.size() > 3 || t.find_first_not_of("0123456789") != std::string::npos || std::stoi(t) > 100)
            return http::fail(Problem::bad_request("commit_threshold must be an integer from 0 to 100"), req);
          q.commit_threshold = std::stoi(t);
        }
        if (ctx.scope("deals", access::Action::Read) == access::Scope::None)
          return http::fail(records::not_allowed(access::Action::Read, "deals"), req);
        auto out = db.read([&](db::Connection& c) -> Result<json::object> {
          if (Status team = narrow_to_team(c, ctx.workspace_id, param(req, "team_id"), q.owners); !team) return team.take_problem();
          return forecast_report(c, ctx, q);
        });
        if (!out) return http::fail(out.problem(), req);
        return http::json(200, *out);
      },
      {.summary = "Forecast: open deals by expected close month (or quarter) and owner, per currency best case, weighted "
                  "and commit; won amount per period; open deals without a close date apart",
       .description = "Every month from `from` to `to` (YYYY-MM, default: this month and the next 11) is listed in "
                      "`months`; with `group=quarter` every calendar quarter (`YYYY-Qn`) covering them is listed in "
                      "`quarters` instead (default: this quarter and the next 3). `open` covers deals in open stages whose "
                      "expected close date falls in the period: `amount` is the best case (all of them), `weighted_amount` "
                      "the sum of amount × stage probability / 100 rounded half up once, `commit_amount` the amount of deals "
                      "in stages whose probability is at least `commit_threshold` (default 70). `won` is the amount of deals "
                      "in won stages by the period they closed. `no_close_date` holds the open deals that have no expected "
                      "close date, whatever the window (same figures, no won part). Amounts are never added across "
                      "currencies: each figure is per currency. Only deals the caller may read count. A sum beyond "
                      "9223372036854775807 minor units is a 422 (`amount-overflow`) naming its currency.",
       .tag = "Reports",
       .response_schema = "ForecastReport",
       .query_params = {{"pipeline_id", "One pipeline (default: all; 404 when unknown)", "string", "uuid"},
                        {"from", "First month, YYYY-MM (default: this month)"},
                        {"to", "Last month, YYYY-MM (default: 11 months after from's default; at most 120 months)"},
                        {"owner_id", kOwnerIdDoc},
                        {"team_id", kTeamIdDoc, "string", "uuid"},
                        {"commit_threshold", "Stage probability from which a deal counts as commit (0-100, default 70)", "integer",
                         "", {}, 0, 100},
                        {"group", "month (default) or quarter: calendar quarters, the window widened to whole quarters",
                         "string", "", {"month", "quarter"}}},
       .restricted = true,
       .problems = {{404, "No such pipeline or team in your workspace"}, {422, "A sum beyond int64 (amount-overflow)"}}});

  add_funnel_route(api, db);
}

}  // namespace rapport::sales
