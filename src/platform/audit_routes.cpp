#include "platform/audit_routes.hpp"

#include "platform/records/keyset.hpp"
#include "platform/records/keyset_query.hpp"

namespace rapport::audit {
namespace json = boost::json;

namespace {

// Newest first: the id alone orders the entries.
const records::keyset::Order& order() {
  static const records::keyset::Order o{
      .name = "audit-events", .id_type = records::keyset::Type::Integer, .descending = true};
  return o;
}

// Filters on a column, each compared for equality: the query name is the column name; and the
// time window on `at`.
const records::keyset::QuerySpec& query_spec() {
  static const records::keyset::QuerySpec q{.filters = {{.name = "object_type", .max_size = 64},
                                                        {.name = "object_id", .max_size = 255},
                                                        {.name = "action", .max_size = 64},
                                                        {.name = "actor_id", .max_size = 255}},
                                            .time_window = true};
  return q;
}

}  // namespace

void add_routes(http::Api& api, db::Database& db) {
  api.route(
      "GET", "/api/v1/audit-events",
      [&db](http::Request& req, const identity::Context& ctx) -> http::Response {
        // The lead replaces this with the role permission that guards the audit log.
        if (!ctx.is_admin()) return http::fail(Problem::forbidden("Only an admin can read the audit log"), req);
        auto q = records::keyset::parse_query(order(), query_spec(), req.query);
        if (!q) return http::fail(q.problem(), req);
        std::string sql =
            "SELECT id, object_type, object_id, action, actor_id, request_id, at, changes FROM audit_log WHERE workspace_id = ?";
        std::vector<db::Value> params{ctx.workspace_id};
        q->append_where(order(), "at", sql, params);
        json::object out = db.read([&](db::Connection& c) {
          return records::keyset::page(c, order(), sql, params, q->limit, {.id = 0}, [](const db::Statement& row) -> json::value {
            auto text = [&](int col) { return row.is_null(col) ? json::value(nullptr) : json::value(row.text(col)); };
            return json::object{{"id", row.int64(0)},
                                {"object_type", row.text(1)},
                                {"object_id", row.text(2)},
                                {"action", row.text(3)},
                                {"actor_id", text(4)},
                                {"request_id", text(5)},
                                {"at", row.text(6)},
                                {"changes", json::parse(row.text(7))}};
          });
        });
        return http::json(200, out);
      },
      {.summary = "Audit events of the workspace, newest first; admins only",
       .description = "Every audit_log entry of the workspace: record writes, exports, erasures, consent changes and "
                      "access events. Filters: object_type, object_id, action, actor_id (equality), since (inclusive) "
                      "and until (exclusive) as RFC 3339 date-times; limit (1-500) and cursor page. Unknown "
                      "parameters are refused with 400.",
       .tag = "Audit",
       .response_schema = "AuditEventPage",
       .query_params = {{.name = "limit", .description = "1 to 500, default 50", .type = "integer", .minimum = 1, .maximum = 500},
                        {"cursor", "next_cursor of the previous page"},
                        {"object_type", "e.g. contacts"},
                        {"object_id", "the record's id"},
                        {"action", "e.g. create, update, delete, import, export, erase, consent"},
                        {"actor_id", "the user or API key that acted"},
                        {"since", "entries at or after this time", "string", "date-time"},
                        {"until", "entries before this time", "string", "date-time"}},
       .restricted = true});
}

}  // namespace rapport::audit
