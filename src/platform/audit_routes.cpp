#include "platform/audit_routes.hpp"

#include <map>
#include <optional>
#include <set>

#include "platform/clock.hpp"
#include "platform/records/keyset.hpp"

namespace rapport::audit {
namespace json = boost::json;

namespace {

// Newest first: the id alone orders the entries.
const records::keyset::Order& order() {
  static const records::keyset::Order o{
      .name = "audit-events", .id_type = records::keyset::Type::Integer, .descending = true};
  return o;
}

// Filters on a column, each compared for equality: the query name is the column name.
const std::map<std::string, std::size_t>& equality_filters() {
  static const std::map<std::string, std::size_t> m = {
      {"object_type", 64}, {"object_id", 255}, {"action", 64}, {"actor_id", 255}};
  return m;
}

struct Query {
  int limit = 50;
  std::optional<records::keyset::Position> after;  // the cursor's position
  std::vector<std::pair<std::string, std::string>> equal;
  std::string since, until;
};

Result<Query> parse(const std::vector<std::pair<std::string, std::string>>& params) {
  Query q;
  std::set<std::string> seen;
  for (const auto& [k, v] : params) {
    if (!seen.insert(k).second) return Problem::bad_request("Query parameter '" + k + "' is given more than once");
    if (k == "limit") {
      auto n = records::keyset::parse_limit(v);
      if (!n) return n.take_problem();
      q.limit = *n;
    } else if (k == "cursor") {
      auto c = records::keyset::parse_cursor(order(), v);
      if (!c) return c.take_problem();
      q.after = std::move(*c);
    } else if (auto it = equality_filters().find(k); it != equality_filters().end()) {
      if (v.empty() || v.size() > it->second)
        return Problem::bad_request(k + " must have 1 to " + std::to_string(it->second) + " characters");
      q.equal.emplace_back(k, v);
    } else if (k == "since" || k == "until") {
      auto ms = clock::parse_datetime(v);
      if (!ms) return Problem::bad_request(k + " must be an RFC 3339 date-time, e.g. 2026-01-31T12:00:00Z");
      (k == "since" ? q.since : q.until) = clock::format_ms(*ms);
    } else {
      return Problem::bad_request("Unknown query parameter '" + k +
                                  "'; accepted: limit, cursor, object_type, object_id, action, actor_id, since, until");
    }
  }
  if (!q.since.empty() && !q.until.empty() && q.since >= q.until) return Problem::bad_request("since must be before until");
  return q;
}

}  // namespace

void add_routes(http::Api& api, db::Database& db) {
  api.route(
      "GET", "/api/v1/audit-events",
      [&db](http::Request& req, const identity::Context& ctx) -> http::Response {
        // The lead replaces this with the role permission that guards the audit log.
        if (!ctx.is_admin()) return http::fail(Problem::forbidden("Only an admin can read the audit log"), req);
        auto q = parse(req.query);
        if (!q) return http::fail(q.problem(), req);
        std::string sql =
            "SELECT id, object_type, object_id, action, actor_id, request_id, at, changes FROM audit_log WHERE workspace_id = ?";
        std::vector<db::Value> params{ctx.workspace_id};
        for (const auto& [column, value] : q->equal) {  // column names come from equality_filters(), never the request
          sql += " AND " + column + " = ?";
          params.emplace_back(value);
        }
        if (!q->since.empty()) {
          sql += " AND at >= ?";
          params.emplace_back(q->since);
        }
        if (!q->until.empty()) {
          sql += " AND at < ?";
          params.emplace_back(q->until);
        }
        if (q->after) sql += " AND " + records::keyset::after_sql(order(), *q->after, params);
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
                        {"action", "e.g. create, update, delete, export, erase, consent"},
                        {"actor_id", "the user or API key that acted"},
                        {"since", "entries at or after this time", "string", "date-time"},
                        {"until", "entries before this time", "string", "date-time"}},
       .restricted = true});
}

}  // namespace rapport::audit
