#include "modules/sales/routes.hpp"
#include "modules/sales/specs.hpp"
#include "platform/ids.hpp"
#include "platform/records/store.hpp"

namespace rapport::sales {
namespace json = boost::json;

void add_stage_history_route(http::Api& api, db::Database& db) {
  api.route(
      "GET", "/api/v1/deals/{id}/stage-history",
      [&db](http::Request& req, const access::Context& ctx) -> http::Response {
        const std::string& id = req.param("id");
        if (!ids::is_uuid(id)) return http::fail(Problem::not_found(), req);
        static const records::Store store(deal_spec());
        auto out = db.read([&](db::Connection& c) -> Result<json::object> {
          if (!store.find(c, ctx, id, true)) return Problem::not_found();
          json::array data;
          auto& st = c.prepare(
              "SELECT h.id, h.from_stage_id, f.name, h.to_stage_id, t.name, h.changed_at, h.changed_by FROM deal_stage_history h "
              "LEFT JOIN pipeline_stages f ON f.id = h.from_stage_id LEFT JOIN pipeline_stages t ON t.id = h.to_stage_id "
              "WHERE h.workspace_id = ? AND h.deal_id = ? ORDER BY h.id LIMIT 1000");
          st.bind_all({ctx.workspace_id, id});
          auto text = [&](int i) { return st.is_null(i) ? json::value(nullptr) : json::value(st.text(i)); };
          while (st.step())
            data.push_back(json::object{{"id", st.int64(0)},        {"from_stage_id", text(1)}, {"from_stage_name", text(2)},
                                        {"to_stage_id", st.text(3)}, {"to_stage_name", text(4)}, {"changed_at", st.text(5)},
                                        {"changed_by", text(6)}});
          st.reset();
          return json::object{{"data", std::move(data)}, {"next_cursor", nullptr}};
        });
        if (!out) return http::fail(out.problem(), req);
        return http::json(200, *out);
      },
      {.summary = "The stages a deal went through: from, to, when and by whom, oldest first", .tag = "Deal",
       .response_schema = "StageHistoryPage"});
}

}  // namespace rapport::sales
