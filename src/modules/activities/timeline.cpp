#include "modules/activities/activities.hpp"
#include "platform/ids.hpp"
#include "platform/records/keyset.hpp"
#include "platform/records/scope.hpp"
#include "platform/records/store.hpp"

namespace rapport::activities {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

// One page of a record's timeline, newest first. `owner` is "contacts", "companies", "leads" or
// "deals"; a company's merges its contacts' activities.
Result<json::object> timeline(db::Database& db, const access::Context& ctx, const std::string& owner,
                              const std::string& id, const Request& req) {
  if (!ids::is_uuid(id)) return Problem::not_found();
  // Newest first (occurred_at is never NULL).
  static const records::keyset::Order order{
      .name = "timeline", .value_sql = "a.occurred_at", .id_sql = "a.id", .descending = true};
  int limit = 50;
  std::optional<records::keyset::Position> after;
  for (const auto& [k, v] : req.query) {
    if (k == "limit") {
      auto n = records::keyset::parse_limit(v);
      if (!n) return n.take_problem();
      limit = *n;
    } else if (k == "cursor") {
      auto c = records::keyset::parse_cursor(order, v);
      if (!c) return c.take_problem();
      after = std::move(*c);
    } else {
      return Problem::bad_request("Unknown query parameter '" + k + "'");
    }
  }
  static const records::Store store(activity_spec());
  return db.read([&](db::Connection& c) -> Result<json::object> {
    if (!records::reference_exists(c, ctx, owner, id)) return Problem::not_found();
    std::vector<db::Value> params{ctx.workspace_id};
    std::string targets;
    if (owner != "companies") {
      targets = "l.target_type = ? AND l.target_id = ?";
      params.emplace_back(owner);
      params.emplace_back(id);
    } else {
      targets =
          "((l.target_type = 'companies' AND l.target_id = ?) OR (l.target_type = 'contacts' AND l.target_id IN "
          "(SELECT id FROM contacts WHERE workspace_id = ? AND company_id = ? AND deleted_at IS NULL)))";
      params.insert(params.end(), {id, ctx.workspace_id, id});
    }
    const std::string cols = store.columns_sql("a.");
    std::string sql = "SELECT DISTINCT " + cols + " FROM activity_links l JOIN activities a ON a.id = l.activity_id " +
                      "WHERE l.workspace_id = ? AND " + targets + " AND a.deleted_at IS NULL";
    // Only the activities the caller may read, however visible the record they are linked to.
    records::append_scope(sql, params, ctx, "activities", access::Action::Read, "a.");
    if (after) sql += " AND " + records::keyset::after_sql(order, *after, params);
    records::keyset::append_order_limit(order, limit, c.dialect(), sql, params);
    auto& st = c.prepare(sql);
    st.bind_all(params);
    json::array data;
    const records::keyset::Columns cursor_columns{.value = store.column("occurred_at"), .id = store.column("id")};
    auto next = records::keyset::read_page(order, st, limit, cursor_columns,
                                           [&](const db::Statement& row) { data.push_back(store.row_to_json(row)); });
    for (auto& v : data) {
      activity_spec().hooks.decorate(c, ctx, v.as_object());
      records::strip_hidden(ctx, "activities", v.as_object());
    }
    json::object out{{"data", std::move(data)}};
    out["next_cursor"] = next ? json::value(*next) : json::value(nullptr);
    return out;
  });
}

}  // namespace

void add_timeline_routes(http::Api& api, db::Database& db) {
  struct Owner {
    const char* object;
    const char* singular;
    const char* title;
  };
  for (const auto& [owner, singular, title] : {Owner{"contacts", "contact", "Contact"}, Owner{"companies", "company", "Company"},
                                               Owner{"leads", "lead", "Lead"}, Owner{"deals", "deal", "Deal"}}) {
    std::string o = owner;
    api.route("GET", "/api/v1/" + o + "/{id}/timeline",
              [&db, o](Request& req, const access::Context& ctx) -> Response {
                auto r = timeline(db, ctx, o, req.param("id"), req);
                if (!r) return http::fail(r.problem(), req);
                return http::json(200, *r);
              },
              {.summary = std::string("Timeline of a ") + singular + ": its activities, newest first" +
                          (o == "companies" ? ", merged with its contacts'" : ""),
               .tag = title,
               .response_schema = "ActivityPage",
               .query_params = {{"limit", "Activities per page (default 50)", "integer", "", {}, 1, 500},
                                {"cursor", "next_cursor of the previous page"}}});
  }
}

}  // namespace rapport::activities
