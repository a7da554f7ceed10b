#include "platform/records/recycle_bin.hpp"

#include "platform/records/keyset.hpp"
#include "platform/records/keyset_query.hpp"
#include "platform/records/scope.hpp"

namespace rapport::records {
namespace json = boost::json;

std::string display_sql(const ObjectSpec& spec, const identity::Context& ctx) {
  std::vector<std::string> alternatives;
  for (const auto& fields : spec.display) {
    std::vector<std::string> visible;
    for (const auto& f : fields)
      if (!is_hidden(ctx, spec.object, f)) visible.push_back(f);
    if (visible.empty()) continue;
    if (visible.size() == 1) {
      alternatives.push_back(visible.front());
      continue;
    }
    std::string joined;
    for (const auto& f : visible) joined += (joined.empty() ? "coalesce(" : " || ' ' || coalesce(") + f + ", '')";
    alternatives.push_back("nullif(trim(" + joined + "), '')");
  }
  if (alternatives.empty()) return "NULL";
  if (alternatives.size() == 1) return alternatives.front();
  std::string out = "coalesce(";
  for (std::size_t i = 0; i < alternatives.size(); ++i) out += (i ? ", " : "") + alternatives[i];
  return out + ")";
}

namespace {

std::vector<std::string> object_names(const std::vector<const ObjectSpec*>& specs) {
  std::vector<std::string> out;
  for (const auto* s : specs) out.push_back(s->object);
  return out;
}

}  // namespace

void add_recycle_bin_route(http::Api& api, db::Database& db, std::vector<const ObjectSpec*> specs) {
  api.route(
      "GET", "/api/v1/recycle-bin",
      [&db, specs, spec = keyset::QuerySpec{.filters = {{.name = "object_type", .values = object_names(specs)}}}](
          http::Request& req, const identity::Context& ctx) -> http::Response {
        // Most recently deleted first; every branch of the UNION reads its (deleted_at, id) index.
        static const keyset::Order order{.name = "recycle-bin", .value_sql = "deleted_at", .descending = true};
        auto q = keyset::parse_query(order, spec, req.query);
        if (!q) return http::fail(q.problem(), req);
        std::vector<const ObjectSpec*> chosen;
        const auto only = q->value("object_type");
        for (const auto* s : specs)
          if (!only || s->object == *only) chosen.push_back(s);
        std::string sql;
        std::vector<db::Value> params;
        for (const auto* s : chosen) {
          if (!sql.empty()) sql += " UNION ALL ";
          sql += "SELECT '" + s->object + "' AS object, id, " + display_sql(*s, ctx) +
                 " AS name, deleted_at, deleted_by FROM " + s->object + " WHERE workspace_id = ? AND deleted_at IS NOT NULL" +
                 (s->erasable ? " AND erased_at IS NULL" : "");
          params.push_back(ctx.workspace_id);
          append_scope(sql, params, ctx, s->object, identity::Action::Read);
          if (q->after) sql += " AND " + keyset::after_sql(order, *q->after, params);
        }
        json::object out = db.read([&](db::Connection& c) {
          return keyset::page(c, order, "SELECT * FROM (" + sql + ") AS bin", params, q->limit, {.value = 3, .id = 1},
                              [](const db::Statement& row) -> json::value {
                                return json::object{{"object_type", row.text(0)},
                                                    {"id", row.text(1)},
                                                    {"name", row.is_null(2) ? json::value(nullptr) : json::value(row.text(2))},
                                                    {"deleted_at", row.text(3)},
                                                    {"deleted_by", row.is_null(4) ? json::value(nullptr) : json::value(row.text(4))}};
                              });
        });
        return http::json(200, out);
      },
      {.summary = "Deleted records, most recently deleted first; restore one with POST /api/v1/{object}/{id}/restore",
       .tag = "Recycle bin", .response_schema = "RecycleBinPage",
       .query_params = {{.name = "object_type", .description = "Only this object's records (default: all)", .values = object_names(specs)},
                        {.name = "limit", .description = "Records per page (default 50)", .type = "integer", .minimum = 1,
                         .maximum = 500},
                        {.name = "cursor", .description = "next_cursor of the previous page"}}});
}

}  // namespace rapport::records
