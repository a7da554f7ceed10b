#include "access/admin_routes.hpp"
#include "access/role_store.hpp"
#include "platform/clock.hpp"
#include "platform/http/body_reader.hpp"
#include "platform/journal.hpp"

namespace rapport::access {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

bool valid_role_name(const std::string& n) {
  if (n.size() < 2 || n.size() > 50 || n[0] < 'a' || n[0] > 'z') return false;
  return std::all_of(n.begin(), n.end(), [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'; });
}

// Reads label, description and the grants of a custom role from a body onto `r`.
void read_role_body(http::BodyReader& in, const json::object& body, Role& r) {
  if (auto label = in.text("label", 1, 100, false)) r.label = *label;
  if (auto description = in.text("description", 0, 2000, false, true)) r.description = *description;
  read_definition(body, r, in.errors());
}

void save(db::Connection& c, const Context& ctx, const Role& r, bool creating) {
  std::string now = clock::now_text();
  db::Value description = r.description.empty() ? db::Value(nullptr) : db::Value(r.description);
  if (creating)
    c.prepare("INSERT INTO roles(workspace_id, name, label, description, definition, created_at, updated_at, version) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, 1)")
        .bind_all({ctx.workspace_id, r.name, r.label, description, definition_text(r), now, now})
        .run();
  else
    c.prepare("UPDATE roles SET label = ?, description = ?, definition = ?, updated_at = ?, version = version + 1 "
              "WHERE workspace_id = ? AND name = ?")
        .bind_all({r.label, description, definition_text(r), now, ctx.workspace_id, r.name})
        .run();
}

}  // namespace

void add_role_routes(http::Api& api, db::Database& db) {
  const std::string tag = "Roles";
  api.route("GET", "/api/v1/roles",
            [&db](Request&, const Context& ctx) -> Response {
              auto roles = db.read([&](db::Connection& c) { return list_roles(c, ctx.workspace_id); });
              json::array data;
              for (const auto& r : roles) data.push_back(role_to_json(r));
              return http::json(200, json::object{{"data", std::move(data)}, {"next_cursor", nullptr}});
            },
            {.summary = "List roles: the built-in ones, then the workspace's custom roles", .tag = tag,
             .response_schema = "RolePage"});

  api.route("GET", "/api/v1/roles/{name}",
            [&db](Request& req, const Context& ctx) -> Response {
              auto r = db.read([&](db::Connection& c) { return load_role(c, ctx.workspace_id, req.param("name")); });
              if (!r) return http::fail(Problem::not_found("No role of that name"), req);
              return http::json(200, role_to_json(*r));
            },
            {.summary = "Read a role and what it grants", .tag = tag, .response_schema = "Role"});

  api.route("POST", "/api/v1/roles",
            [&db](Request& req, const Context& ctx) -> Response {
              if (!ctx.is_admin()) return http::fail(admin_only("create roles"), req);
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              http::BodyReader in(*body);
              in.only({"name", "label", "description", "can_reassign", "permissions", "field_rules"}, "a role");
              Role r;
              if (auto name = in.text("name", 2, 50, true)) {
                if (!valid_role_name(*name))
                  in.error("name", "format", "must start with a-z and hold only a-z, 0-9 and _ (2 to 50 characters)");
                else if (find_builtin(*name))
                  in.error("name", "unique", "is the name of a built-in role");
                r.name = *name;
              }
              read_role_body(in, *body, r);
              if (r.label.empty()) r.label = r.name;
              if (!in.ok()) return http::fail(in.problem(), req);
              auto st = db.write([&](db::Connection& c) -> Status {
                if (load_role(c, ctx.workspace_id, r.name))
                  return Problem::conflict("A role with this name exists", {{"name", "unique", "is already used"}});
                save(c, ctx, r, true);
                journal::audit(c, ctx, "roles", r.name, "create", journal::diff(json::object{}, role_to_json(r)));
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              Response res = http::json(201, role_to_json(r));
              res.header("Location", "/api/v1/roles/" + r.name);
              return res;
            },
            {.summary = "Create a custom role: per object and action a scope (none, own, team, all), field rules (admin)",
             .tag = tag, .request_schema = "RoleInput", .response_schema = "Role", .success_status = 201, .sends_location = true});

  api.route("PATCH", "/api/v1/roles/{name}",
            [&db](Request& req, const Context& ctx) -> Response {
              if (!ctx.is_admin()) return http::fail(admin_only("change roles"), req);
              const std::string& name = req.param("name");
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              if (find_builtin(name))
                return http::fail(Problem::conflict("Built-in roles cannot be changed; create a custom role instead"), req);
              std::optional<Role> after;
              auto st = db.write([&](db::Connection& c) -> Status {
                auto before = load_role(c, ctx.workspace_id, name);
                if (!before) return Problem::not_found("No role of that name");
                Role r = *before;
                http::BodyReader in(*body);
                in.only({"label", "description", "can_reassign", "permissions", "field_rules"}, "a role");
                // Named objects and field rules replace the stored ones for those objects.
                if (body->contains("field_rules")) r.fields.clear();
                read_role_body(in, *body, r);
                if (!in.ok()) return in.problem();
                auto changes = journal::diff(role_to_json(*before), role_to_json(r));
                if (!changes.empty()) {
                  save(c, ctx, r, false);
                  journal::audit(c, ctx, "roles", name, "update", changes);
                }
                after = r;
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              return http::json(200, role_to_json(*after));
            },
            {.summary = "Change a custom role; users holding it get the new grants on their next request (admin)",
             .tag = tag, .request_schema = "RoleInput", .response_schema = "Role"});

  api.route("DELETE", "/api/v1/roles/{name}",
            [&db](Request& req, const Context& ctx) -> Response {
              if (!ctx.is_admin()) return http::fail(admin_only("delete roles"), req);
              const std::string& name = req.param("name");
              if (find_builtin(name)) return http::fail(Problem::conflict("Built-in roles cannot be deleted"), req);
              auto st = db.write([&](db::Connection& c) -> Status {
                auto before = load_role(c, ctx.workspace_id, name);
                if (!before) return Problem::not_found("No role of that name");
                auto users = std::get<int64_t>(c.scalar("SELECT count(*) FROM users WHERE workspace_id = ? AND role = ?", {ctx.workspace_id, name}));
                auto keys = std::get<int64_t>(c.scalar(
                    "SELECT count(*) FROM api_keys WHERE workspace_id = ? AND role = ? AND revoked_at IS NULL", {ctx.workspace_id, name}));
                if (users + keys > 0)
                  return Problem::conflict(std::to_string(users) + " users and " + std::to_string(keys) +
                                           " API keys hold this role; give them another role first");
                c.prepare("DELETE FROM roles WHERE workspace_id = ? AND name = ?").bind_all({ctx.workspace_id, name}).run();
                journal::audit(c, ctx, "roles", name, "delete", journal::diff(role_to_json(*before), json::object{}));
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              return http::no_content();
            },
            {.summary = "Delete a custom role that no user or API key holds (admin)", .tag = tag, .success_status = 204,
             .problems = {{409, "A built-in role, or one a user or API key holds"}}});
}

}  // namespace rapport::access
