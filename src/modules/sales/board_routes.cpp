// The board's routes: they read the query or the body, and answer; the rules are board_service's.
#include "modules/sales/board_service.hpp"
#include "modules/sales/routes.hpp"
#include "platform/ids.hpp"
#include "platform/records/list_query.hpp"
#include "platform/records/routes.hpp"
#include "platform/records/scope.hpp"

namespace rapport::sales {
namespace json = boost::json;
using http::Request;
using http::Response;

void add_board_routes(http::Api& api, db::Database& db, records::Service& deals) {
  api.route(
      "GET", "/api/v1/pipelines/{id}/board",
      [&db](Request& req, const access::Context& ctx) -> Response {
        const std::string& id = req.param("id");
        if (!ids::is_uuid(id)) return http::fail(Problem::not_found(), req);
        BoardQuery q;
        for (const auto& [k, v] : req.query) {
          if (k == "limit") {
            auto p = records::parse_list_params({{k, v}});
            if (!p) return http::fail(p.problem(), req);
            q.limit = p->limit;
          } else if (k == "stage_id") {
            q.stage_id = v;
          } else if (k == "cursor") {
            q.cursor = v;  // read against its column's order (board_service)
          } else if (k == "totals" && (v == "true" || v == "false")) {
            q.totals = v == "true";
          } else {
            return http::fail(Problem::bad_request("Unknown query parameter '" + k + "' (limit, stage_id, cursor, totals)"), req);
          }
        }
        if (!q.cursor.empty() && q.stage_id.empty()) return http::fail(Problem::bad_request("A cursor pages one column: name its stage_id"), req);
        if (ctx.scope("deals", access::Action::Read) == access::Scope::None)
          return http::fail(records::not_allowed(access::Action::Read, "pipeline's deals"), req);
        auto out = read_board(db, ctx, id, q);
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
       .problems = {{422, "With totals=true, a sum beyond int64 (amount-overflow)"}}});

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
          return place_on_board(c, ctx, id, stage_id, after_id, before_id);
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
       .tag = "Deal", .request_schema = "DealMove", .response_schema = "Deal", .conditional = true, .sends_etag = true});
}

}  // namespace rapport::sales
