#include "access/admin_routes.hpp"
#include "access/passwords.hpp"
#include "access/role_store.hpp"
#include "platform/case_fold.hpp"
#include "platform/clock.hpp"
#include "platform/http/body_reader.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"
#include "platform/must.hpp"

namespace rapport::access {
namespace json = boost::json;
using http::Request;
using http::Response;

Problem admin_only(std::string_view what) {
  return Problem::forbidden("Only an admin can " + std::string(what));
}

namespace {

constexpr const char* kUserColumns = "id, email, name, role, active, created_at, updated_at";

std::vector<std::string> team_ids_of(db::Connection& c, const std::string& workspace_id, const std::string& user_id) {
  std::vector<std::string> out;
  auto& st = c.prepare("SELECT team_id FROM team_members WHERE workspace_id = ? AND user_id = ? ORDER BY team_id");
  st.bind_all({workspace_id, user_id});
  while (st.step()) out.push_back(st.text(0));
  return out;
}

json::object user_json(const db::Statement& st) {
  json::object o{{"id", st.text(0)},
                 {"email", st.text(1)},
                 {"name", st.is_null(2) ? json::value(nullptr) : json::value(st.text(2))},
                 {"role", st.text(3)},
                 {"active", st.int64(4) != 0},
                 {"created_at", st.text(5)},
                 {"updated_at", st.text(6)}};
  return o;
}

std::optional<json::object> load_user(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  auto& st = c.prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE workspace_id = ? AND id = ?");
  st.bind_all({workspace_id, id});
  if (!st.step()) return std::nullopt;
  auto o = user_json(st);
  st.reset();
  json::array teams;
  for (auto& t : team_ids_of(c, workspace_id, id)) teams.emplace_back(t);
  o["team_ids"] = std::move(teams);
  return o;
}

// The teams must exist in the workspace; adds an error otherwise.
bool teams_exist(db::Connection& c, const std::string& workspace_id, const std::vector<std::string>& team_ids,
                 std::vector<FieldError>& errors) {
  for (const auto& t : team_ids) {
    if (std::holds_alternative<std::nullptr_t>(c.scalar("SELECT 1 FROM teams WHERE workspace_id = ? AND id = ?", {workspace_id, t}))) {
      errors.push_back({"team_ids", "not_found", "refers to no team of this workspace: " + t});
      return false;
    }
  }
  return true;
}

void set_teams(db::Connection& c, const std::string& workspace_id, const std::string& user_id,
               const std::vector<std::string>& team_ids) {
  c.prepare("DELETE FROM team_members WHERE workspace_id = ? AND user_id = ?").bind_all({workspace_id, user_id}).run();
  std::string now = clock::now_text();
  for (const auto& t : team_ids)
    c.prepare("INSERT INTO team_members(workspace_id, team_id, user_id, added_at) VALUES (?, ?, ?, ?)")
        .bind_all({workspace_id, t, user_id, now})
        .run();
}

bool valid_email(const std::string& e) {
  auto at = e.find('@');
  return at != std::string::npos && at > 0 && at + 1 < e.size() && e.find('@', at + 1) == std::string::npos &&
         e.find_first_of(" \t\r\n") == std::string::npos;
}

// Whether a role administers the workspace, from its grants (not its name).
bool administers(db::Connection& c, const std::string& workspace_id, const std::string& role) {
  auto r = load_role(c, workspace_id, role);
  return r && r->admin;
}

// The workspace's active admins. On PostgreSQL their rows are locked until the transaction ends
// (in id order, so two callers never wait for each other crosswise): two admins demoting each
// other at READ COMMITTED would otherwise both count two admins and leave none. The second waits,
// then counts the first one's result. SQLite's single writer needs no lock.
int64_t lock_active_admins(db::Connection& c, const std::string& workspace_id) {
  // Only built-in roles can carry the admin flag (custom roles never do, role.cpp read_definition).
  std::string roles;
  std::vector<db::Value> args{workspace_id};
  for (const auto& r : builtin_roles())
    if (r.admin) {
      roles += roles.empty() ? "?" : ", ?";
      args.emplace_back(r.name);
    }
  std::string sql = "SELECT id FROM users WHERE workspace_id = ? AND active = 1 AND role IN (" + roles + ") ORDER BY id";
  if (c.dialect() == db::Dialect::Postgres) sql += " FOR UPDATE";
  auto& st = c.prepare(sql);
  st.bind_all(args);
  int64_t n = 0;
  while (st.step()) ++n;
  return n;
}

}  // namespace

void add_user_routes(http::Api& api, db::Database& db) {
  const std::string tag = "Users";
  api.route("GET", "/api/v1/users",
            [&db](Request& req, const Context& ctx) -> Response {
              int64_t limit = 100;
              std::string after;
              for (const auto& [k, v] : req.query) {
                if (k == "limit") {
                  try {
                    std::size_t used = 0;
                    limit = std::stoll(v, &used);
                    if (used != v.size() || limit < 1 || limit > 500) throw std::invalid_argument(v);
                  } catch (const std::exception&) {
                    return http::fail(Problem::bad_request("limit must be an integer from 1 to 500"), req);
                  }
                } else if (k == "cursor") {
                  if (!ids::base64url_decode(v, after) || !ids::is_uuid(after))
                    return http::fail(Problem::bad_request("The cursor is not valid"), req);
                } else {
                  return http::fail(Problem::bad_request("Unknown query parameter '" + k + "'"), req);
                }
              }
              json::object out = db.read([&](db::Connection& c) {
                json::array data;
                auto& st = c.prepare(std::string("SELECT ") + kUserColumns +
                                     " FROM users WHERE workspace_id = ? AND id > ? ORDER BY id LIMIT ?");
                st.bind_all({ctx.workspace_id, after, limit + 1});
                bool more = false;
                while (st.step()) {
                  if (static_cast<int64_t>(data.size()) == limit) {
                    more = true;
                    break;
                  }
                  data.push_back(user_json(st));
                }
                st.reset();
                for (auto& u : data) {
                  json::array teams;
                  for (auto& t : team_ids_of(c, ctx.workspace_id, std::string(u.as_object()["id"].as_string()))) teams.emplace_back(t);
                  u.as_object()["team_ids"] = std::move(teams);
                }
                json::object o;
                o["next_cursor"] = more ? json::value(ids::base64url_encode(std::string(data.back().as_object()["id"].as_string())))
                                        : json::value(nullptr);
                o["data"] = std::move(data);
                return o;
              });
              return http::json(200, out);
            },
            {.summary = "List the workspace's users", .tag = tag, .response_schema = "UserPage",
             .query_params = {{.name = "limit", .description = "Users per page (default 100)", .type = "integer",
                               .minimum = 1, .maximum = 500},
                              {.name = "cursor", .description = "next_cursor of the previous page"}}});

  api.route("POST", "/api/v1/users",
            [&db](Request& req, const Context& ctx) -> Response {
              if (!ctx.is_admin()) return http::fail(admin_only("add users"), req);
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              http::BodyReader in(*body);
              in.only({"email", "password", "name", "role", "team_ids"}, "a user");
              auto email = in.text("email", 3, 254, true);
              if (email && !valid_email(*email)) in.error("email", "format", "must be an email address");
              auto password = in.text("password", 0, kMaxPasswordBytes, true);
              if (password)
                if (auto weak = check_password("password", *password)) in.errors().push_back(std::move(*weak));
              auto name = in.text("name", 0, 200, false, true);
              auto role = in.text("role", 1, 50, true);
              auto team_ids = in.ids("team_ids", 100);
              if (!in.ok()) return http::fail(in.problem(), req);
              std::string hash = hash_password(*password);  // slow on purpose: outside the writer
              std::string id = ids::uuid_v7();
              std::optional<json::object> created;
              auto st = db.write([&](db::Connection& c) -> Status {
                std::vector<FieldError> errors;
                if (!load_role(c, ctx.workspace_id, *role)) errors.push_back({"role", "not_found", "is not a role of this workspace"});
                if (team_ids) teams_exist(c, ctx.workspace_id, *team_ids, errors);
                if (!errors.empty()) return Problem::invalid(std::move(errors));
                if (!std::holds_alternative<std::nullptr_t>(c.scalar(
                        "SELECT 1 FROM users WHERE workspace_id = ? AND email_key = ?", {ctx.workspace_id, case_fold::key(*email)})))
                  return Problem::conflict("A user with this email exists in the workspace", {{"email", "unique", "is already used"}});
                std::string now = clock::now_text();
                c.prepare(
                     "INSERT INTO users(id, workspace_id, email, email_key, name, password_hash, role, active, created_at, "
                     "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)")
                    .bind_all({id, ctx.workspace_id, *email, case_fold::key(*email),
                               name && !name->empty() ? db::Value(*name) : db::Value(nullptr), hash, *role, now, now})
                    .run();
                if (team_ids) set_teams(c, ctx.workspace_id, id, *team_ids);
                created = must(load_user(c, ctx.workspace_id, id), "the user just created");
                journal::audit(c, ctx, "users", id, "create", journal::diff(json::object{}, *created));
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              Response r = http::json(201, *created);
              r.header("Location", "/api/v1/users/" + id);
              return r;
            },
            {.summary = "Add a user to the workspace (admin)", .tag = tag, .request_schema = "UserInput",
             .response_schema = "User", .success_status = 201, .sends_location = true});

  api.route("GET", "/api/v1/users/{id}",
            [&db](Request& req, const Context& ctx) -> Response {
              const std::string& id = req.param("id");
              if (!ids::is_uuid(id)) return http::fail(Problem::not_found(), req);
              auto u = db.read([&](db::Connection& c) { return load_user(c, ctx.workspace_id, id); });
              if (!u) return http::fail(Problem::not_found(), req);
              return http::json(200, *u);
            },
            {.summary = "Read a user", .tag = tag, .response_schema = "User"});

  api.route("PATCH", "/api/v1/users/{id}",
            [&db](Request& req, const Context& ctx) -> Response {
              if (!ctx.is_admin()) return http::fail(admin_only("change users"), req);
              const std::string& id = req.param("id");
              if (!ids::is_uuid(id)) return http::fail(Problem::not_found(), req);
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              http::BodyReader in(*body);
              in.only({"name", "role", "team_ids", "active", "password"}, "a user");
              auto name = in.text("name", 0, 200, false, true);
              auto role = in.text("role", 1, 50);
              auto team_ids = in.ids("team_ids", 100);
              auto active = in.boolean("active");
              auto password = in.text("password", 0, kMaxPasswordBytes);
              if (password)
                if (auto weak = check_password("password", *password)) in.errors().push_back(std::move(*weak));
              if (!in.ok()) return http::fail(in.problem(), req);
              std::string hash = password ? hash_password(*password) : "";
              std::optional<json::object> after;
              auto st = db.write([&](db::Connection& c) -> Status {
                // A role or activity change may remove an admin: lock the admins before reading
                // anything the rule depends on.
                int64_t admins = role || active ? lock_active_admins(c, ctx.workspace_id) : 0;
                auto before = load_user(c, ctx.workspace_id, id);
                if (!before) return Problem::not_found();
                std::vector<FieldError> errors;
                if (role && !load_role(c, ctx.workspace_id, *role)) errors.push_back({"role", "not_found", "is not a role of this workspace"});
                if (team_ids) teams_exist(c, ctx.workspace_id, *team_ids, errors);
                if (!errors.empty()) return Problem::invalid(std::move(errors));
                const std::string before_role(before->at("role").as_string());
                bool was_admin = before->at("active").as_bool() && administers(c, ctx.workspace_id, before_role);
                bool stays_admin = (active ? *active : before->at("active").as_bool()) &&
                                   administers(c, ctx.workspace_id, role ? *role : before_role);
                if (was_admin && !stays_admin && admins <= 1)
                  return Problem::conflict("The workspace needs at least one active admin");
                std::string now = clock::now_text();
                if (name) c.prepare("UPDATE users SET name = ? WHERE id = ?").bind_all({name->empty() ? db::Value(nullptr) : db::Value(*name), id}).run();
                if (role) c.prepare("UPDATE users SET role = ? WHERE id = ?").bind_all({*role, id}).run();
                if (active) c.prepare("UPDATE users SET active = ? WHERE id = ?").bind_all({int64_t{*active ? 1 : 0}, id}).run();
                if (password) c.prepare("UPDATE users SET password_hash = ? WHERE id = ?").bind_all({hash, id}).run();
                if (team_ids) set_teams(c, ctx.workspace_id, id, *team_ids);
                // A deactivated user's sessions end now (their API keys stop with the user); a new
                // password set by an admin ends every session too.
                if ((active && !*active) || password)
                  c.prepare("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL").bind_all({now, id}).run();
                after = must(load_user(c, ctx.workspace_id, id), "the user just changed");
                json::array changes = journal::diff(*before, *after);
                if (password) changes.push_back(json::object{{"field", "password"}, {"before", nullptr}, {"after", "[changed]"}});
                if (changes.empty()) return ok_status();
                c.prepare("UPDATE users SET updated_at = ? WHERE id = ?").bind_all({now, id}).run();
                (*after)["updated_at"] = now;
                std::string action = "update";
                if (role && before->at("role") != after->at("role")) action = "role_change";
                else if (active && before->at("active") != after->at("active")) action = *active ? "activate" : "deactivate";
                journal::audit(c, ctx, "users", id, action, changes);
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              return http::json(200, *after);
            },
            {.summary = "Change a user: name, role, teams, active (false ends their sessions at once), password (admin)",
             .tag = tag, .request_schema = "UserUpdate", .response_schema = "User"});
}

}  // namespace rapport::access
