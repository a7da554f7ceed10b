#include "modules/sales/deals.hpp"
#include "modules/sales/pipelines.hpp"
#include "modules/sales/routes.hpp"
#include "platform/ids.hpp"
#include "platform/money.hpp"
#include "platform/records/list_query.hpp"
#include "platform/records/routes.hpp"
#include "platform/records/scope.hpp"

namespace rapport::sales {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

// What a card on the board shows; the full deal is one GET away.
constexpr const char* kCardColumns =
    "id, name, amount, currency, expected_close_date, company_id, owner_id, closed_at, stage_entered_at, updated_at, version, board_rank";

json::object card(const db::Statement& st) {
  auto text = [&](int i) { return st.is_null(i) ? json::value(nullptr) : json::value(st.text(i)); };
  return json::object{{"id", st.text(0)},           {"name", st.text(1)},
                      {"amount", st.is_null(2) ? json::value(nullptr) : json::value(st.int64(2))},
                      {"currency", text(3)},        {"expected_close_date", text(4)},
                      {"company_id", text(5)},      {"owner_id", text(6)},
                      {"closed_at", text(7)},       {"stage_entered_at", text(8)},
                      {"updated_at", st.text(9)},   {"version", st.int64(10)}};
}

// One column: up to `limit` cards after the cursor, in board order, within the caller's scope.
json::object column(db::Connection& c, const access::Context& ctx, const Stage& s, int limit,
                    const std::optional<records::DecodedCursor>& after) {
  std::string sql = std::string("SELECT ") + kCardColumns + " FROM deals WHERE workspace_id = ? AND stage_id = ? AND deleted_at IS NULL";
  std::vector<db::Value> params{ctx.workspace_id, s.id};
  records::append_scope(sql, params, ctx, "deals", access::Action::Read);
  if (after) {
    sql += " AND (board_rank > ? OR (board_rank = ? AND id > ?))";
    params.insert(params.end(), {after->value, after->value, after->id});
  }
  sql += " ORDER BY board_rank, id LIMIT ?";
  params.emplace_back(int64_t{limit + 1});
  auto& st = c.prepare(sql);
  st.bind_all(params);
  json::array deals;
  std::optional<std::string> next;
  db::Value last_rank = nullptr;
  std::string last_id;
  while (st.step()) {
    if (static_cast<int>(deals.size()) == limit) {
      next = records::encode_cursor("board_rank", last_rank, last_id);
      break;
    }
    json::object o = card(st);
    last_rank = st.value(11);
    last_id = st.text(0);
    records::strip_hidden(ctx, "deals", o);
    deals.push_back(std::move(o));
  }
  st.reset();
  json::object out = stage_json(s);
  out["deals"] = std::move(deals);
  out["next_cursor"] = next ? json::value(*next) : json::value(nullptr);
  return out;
}

// Counts and amounts per stage and currency (amounts of different currencies are never added up).
// The sums are exact (platform/money: split in SQL, joined in 128 bits); one that does not fit int64
// is a 422 naming its currency rather than a wrapped number.
Status add_totals(db::Connection& c, const access::Context& ctx, const std::string& pipeline_id, json::array& stages) {
  std::string sql = "SELECT stage_id, currency, count(*), " + money::sum_sql("amount") +
                    " FROM deals WHERE workspace_id = ? AND pipeline_id = ? AND deleted_at IS NULL";
  std::vector<db::Value> params{ctx.workspace_id, pipeline_id};
  records::append_scope(sql, params, ctx, "deals", access::Action::Read);
  sql += " GROUP BY stage_id, currency";
  auto& st = c.prepare(sql);
  st.bind_all(params);
  bool amounts = !records::is_hidden(ctx, "deals", "amount");
  std::map<std::string, std::pair<int64_t, std::map<std::string, money::Total>>> by_stage;
  while (st.step()) {
    auto& [count, sums] = by_stage[st.text(0)];
    count += st.int64(2);
    if (amounts && !st.is_null(1)) sums[st.text(1)].add_parts(st.int64(3), st.int64(4));
  }
  st.reset();
  for (auto& v : stages) {
    auto& o = v.as_object();
    auto it = by_stage.find(std::string(o["id"].as_string()));
    o["count"] = it == by_stage.end() ? 0 : it->second.first;
    if (!amounts) continue;
    json::object by_currency;
    if (it != by_stage.end())
      for (const auto& [currency, total] : it->second.second) {
        auto value = total.value();
        if (!value) return money::sum_too_large(currency, "the deals of the stage " + std::string(o["name"].as_string()));
        by_currency[currency] = *value;
      }
    o["amount_by_currency"] = std::move(by_currency);
  }
  return ok_status();
}

// The rank that puts a deal between its new neighbours; nullopt when the gap is exhausted.
std::optional<double> between(std::optional<double> above, std::optional<double> below) {
  if (!above && !below) return 0.0;
  if (!above) return *below - 1024.0;
  if (!below) return *above + 1024.0;
  double mid = *above + (*below - *above) / 2;
  if (!(mid > *above && mid < *below)) return std::nullopt;
  return mid;
}

std::optional<double> rank_of(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  auto v = c.scalar("SELECT CAST(board_rank AS DOUBLE PRECISION) FROM deals WHERE workspace_id = ? AND id = ?", {workspace_id, id});
  if (auto* d = std::get_if<double>(&v)) return *d;
  return std::nullopt;
}

std::optional<double> neighbour_rank(db::Connection& c, const std::string& workspace_id, const std::string& stage,
                                     const std::string& self, double rank, bool above) {
  auto v = c.scalar(std::string("SELECT CAST(") + (above ? "max" : "min") +
                        "(board_rank) AS DOUBLE PRECISION) FROM deals WHERE workspace_id = ? AND stage_id = ? AND deleted_at IS NULL AND id != ? AND board_rank " +
                        (above ? "<" : ">") + " ?",
                    {workspace_id, stage, self, rank});
  if (auto* d = std::get_if<double>(&v)) return *d;
  return std::nullopt;
}

// Spaces a column's ranks 1024 apart again, in their order (only when two neighbours' ranks have no
// room left between them: after some fifty moves into the same gap).
void respace(db::Connection& c, const std::string& workspace_id, const std::string& stage) {
  std::vector<std::string> order;
  auto& st = c.prepare("SELECT id FROM deals WHERE workspace_id = ? AND stage_id = ? AND deleted_at IS NULL ORDER BY board_rank, id");
  st.bind_all({workspace_id, stage});
  while (st.step()) order.push_back(st.text(0));
  double rank = 0;
  for (const auto& id : order) {
    c.prepare("UPDATE deals SET board_rank = ? WHERE id = ?").bind_all({rank, id}).run();
    rank += 1024.0;
  }
}

}  // namespace

void add_board_routes(http::Api& api, db::Database& db, records::Service& deals) {
  api.route(
      "GET", "/api/v1/pipelines/{id}/board",
      [&db](Request& req, const access::Context& ctx) -> Response {
        const std::string& id = req.param("id");
        if (!ids::is_uuid(id)) return http::fail(Problem::not_found(), req);
        int limit = 50;
        bool totals = false;
        std::string only_stage;
        std::optional<records::DecodedCursor> after;
        for (const auto& [k, v] : req.query) {
          if (k == "limit") {
            auto p = records::parse_list_params({{k, v}});
            if (!p) return http::fail(p.problem(), req);
            limit = p->limit;
          } else if (k == "stage_id") {
            only_stage = v;
          } else if (k == "cursor") {
            auto cur = records::decode_cursor(v);
            if (!cur || cur->sort_key != "board_rank") return http::fail(Problem::bad_request("The cursor is not valid"), req);
            after = std::move(*cur);
          } else if (k == "totals" && (v == "true" || v == "false")) {
            totals = v == "true";
          } else {
            return http::fail(Problem::bad_request("Unknown query parameter '" + k + "' (limit, stage_id, cursor, totals)"), req);
          }
        }
        if (after && only_stage.empty()) return http::fail(Problem::bad_request("A cursor pages one column: name its stage_id"), req);
        if (ctx.scope("deals", access::Action::Read) == access::Scope::None)
          return http::fail(records::not_allowed(access::Action::Read, "pipeline's deals"), req);
        auto out = db.read([&](db::Connection& c) -> Result<json::object> {
          auto p = load_pipeline(c, ctx.workspace_id, id);
          if (!p || p->archived) return Problem::not_found();
          json::array stages;
          for (const auto& s : p->stages) {
            if (!only_stage.empty() && s.id != only_stage) continue;
            stages.push_back(column(c, ctx, s, limit, after));
          }
          if (!only_stage.empty() && stages.empty()) return Problem::not_found("No such stage in this pipeline");
          if (totals)
            if (auto added = add_totals(c, ctx, id, stages); !added) return added.take_problem();
          return json::object{{"pipeline_id", p->id}, {"name", p->name}, {"stages", std::move(stages)}};
        });
        if (!out) return http::fail(out.problem(), req);
        return http::json(200, *out);
      },
      {.summary = "A pipeline's Kanban board: its stages with their first deals in board order (limit per stage; "
                  "stage_id + cursor page one column; totals=true adds counts and amounts per currency)",
       .tag = "Pipelines", .response_schema = "Board",
       .query_params = {{"limit", "Deals per column (default 50)", "integer", "", {}, 1, 500},
                        {"stage_id", "Only this stage's column (required with cursor)", "string", "uuid"},
                        {"cursor", "next_cursor of the column named by stage_id"},
                        {"totals", "Add each column's count and amounts per currency (default false)", "boolean"}},
       .strict_query = true});

  api.route(
      "POST", "/api/v1/deals/{id}/move",
      [&deals](Request& req, const access::Context& ctx) -> Response {
        const std::string& id = req.param("id");
        if (!ids::is_uuid(id)) return http::fail(Problem::not_found(), req);
        auto body = http::parse_json_object(req);
        if (!body) return http::fail(body.problem(), req);
        std::vector<FieldError> errors;
        std::string stage_id, after_id, before_id;
        // Fields of the deal a move may carry (a drop into a won or lost column needs them); they are
        // written by the same update as the stage, under PATCH's validation and field rules.
        json::object change;
        for (const auto& kv : *body) {
          std::string key(kv.key());
          const auto& v = kv.value();
          if (key == "expected_close_date" || key == "lost_reason") {
            change[key] = v;
            continue;
          }
          std::string* slot = key == "stage_id" ? &stage_id : key == "after_id" ? &after_id : key == "before_id" ? &before_id : nullptr;
          if (!slot) {
            errors.push_back({key, "unknown", "is not a field of a move (stage_id, after_id, before_id, expected_close_date, lost_reason)"});
          } else if (!v.is_null()) {
            if (!v.is_string() || !ids::is_uuid(v.as_string())) errors.push_back({key, "format", "must be an id"});
            else *slot = std::string(v.as_string());
          }
        }
        if (stage_id.empty() && errors.empty()) errors.push_back({"stage_id", "required", "is required"});
        if (!after_id.empty() && !before_id.empty())
          errors.push_back({"before_id", "consistency", "name the deal above (after_id) or the one below (before_id), not both"});
        if (after_id == id || before_id == id) errors.push_back({after_id == id ? "after_id" : "before_id", "consistency", "is the deal itself"});
        if (!errors.empty()) return http::fail(Problem::invalid(std::move(errors)), req);
        // The stage change is an ordinary update of the deal (rules, history, audit, event); its new
        // place in the column is written in the same transaction.
        auto placed = [&](db::Connection& c, const json::object&) -> Status {
          std::string neighbour = after_id.empty() ? before_id : after_id;
          std::optional<double> rank;
          if (!neighbour.empty()) {
            auto v = c.scalar("SELECT stage_id FROM deals WHERE workspace_id = ? AND id = ? AND deleted_at IS NULL", {ctx.workspace_id, neighbour});
            auto* s = std::get_if<std::string>(&v);
            if (!s || !records::reference_exists(c, ctx, "deals", neighbour))
              return Problem::invalid({{after_id.empty() ? "before_id" : "after_id", "not_found", "refers to no deal you can see"}});
            if (*s != stage_id)
              return Problem::invalid({{after_id.empty() ? "before_id" : "after_id", "consistency", "is in another column"}});
            double n = *rank_of(c, ctx.workspace_id, neighbour);
            bool above_given = !after_id.empty();
            auto other = neighbour_rank(c, ctx.workspace_id, stage_id, id, n, !above_given);
            rank = above_given ? between(n, other) : between(other, n);
            if (!rank) {
              respace(c, ctx.workspace_id, stage_id);
              n = *rank_of(c, ctx.workspace_id, neighbour);
              other = neighbour_rank(c, ctx.workspace_id, stage_id, id, n, !above_given);
              rank = above_given ? between(n, other) : between(other, n);
            }
          } else {
            auto top = c.scalar("SELECT CAST(min(board_rank) AS DOUBLE PRECISION) FROM deals WHERE workspace_id = ? AND stage_id = ? AND deleted_at IS NULL AND id != ?",
                                {ctx.workspace_id, stage_id, id});
            rank = std::holds_alternative<double>(top) ? std::get<double>(top) - 1024.0 : 0.0;
          }
          c.prepare("UPDATE deals SET board_rank = ? WHERE workspace_id = ? AND id = ?").bind_all({*rank, ctx.workspace_id, id}).run();
          return ok_status();
        };
        change["stage_id"] = stage_id;
        auto r = deals.update(ctx, id, change, req.header("If-Match"), placed);
        if (!r) return http::fail(r.problem(), req);
        return records::write_response(*r);
      },
      {.summary = "Move a deal on the board: to stage_id, below the deal after_id or above the deal before_id (the top "
                  "of the column when neither); a stage change is recorded in the stage history",
       .description = "The body may also carry the deal's `expected_close_date` and `lost_reason`, which a won or lost "
                      "stage requires: they are written with the stage in one change (one version, one audit entry, one "
                      "`deal.updated` event), validated as by PATCH /api/v1/deals/{id} and refused with 403 when the "
                      "caller's role hides them or makes them read-only. Without them a move into a won or lost stage that "
                      "the deal does not satisfy answers 422 naming the missing field.",
       .tag = "Deal", .request_schema = "DealMove", .response_schema = "Deal", .conditional = true, .strict_query = true});
}

}  // namespace rapport::sales
