#include "access/admin_routes.hpp"
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

namespace {

std::optional<json::object> load_team(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  auto& st = c.prepare("SELECT id, name, description, created_at, updated_at, version FROM teams WHERE workspace_id = ? AND id = ?");
  st.bind_all({workspace_id, id});
  if (!st.step()) return std::nullopt;
  json::object o{{"id", st.text(0)},         {"name", st.text(1)},
                 {"description", st.is_null(2) ? json::value(nullptr) : json::value(st.text(2))},
                 {"created_at", st.text(3)}, {"updated_at", st.text(4)}, {"version", st.int64(5)}};
  st.reset();
  json::array members;
  auto& m = c.prepare("SELECT user_id FROM team_members WHERE workspace_id = ? AND team_id = ? ORDER BY user_id");
  m.bind_all({workspace_id, id});
  while (m.step()) members.emplace_back(m.text(0));
  o["member_ids"] = std::move(members);
  return o;
}

bool name_taken(db::Connection& c, const std::string& workspace_id, const std::string& name, const std::string& except) {
  return !std::holds_alternative<std::nullptr_t>(
      c.scalar("SELECT 1 FROM teams WHERE workspace_id = ? AND name_key = ? AND id != ?", {workspace_id, case_fold::key(name), except}));
}

// Replaces the team's members; every id must be a user of the workspace.
std::optional<Problem> set_members(db::Connection& c, const std::string& workspace_id, const std::string& team_id,
                                   const std::vector<std::string>& user_ids) {
  for (const auto& u : user_ids)
    if (std::holds_alternative<std::nullptr_t>(c.scalar("SELECT 1 FROM users WHERE workspace_id = ? AND id = ?", {workspace_id, u})))
      return Problem::invalid({{"member_ids", "not_found", "refers to no user of this workspace: " + u}});
  c.prepare("DELETE FROM team_members WHERE workspace_id = ? AND team_id = ?").bind_all({workspace_id, team_id}).run();
  std::string now = clock::now_text();
  for (const auto& u : user_ids)
    c.prepare("INSERT INTO team_members(workspace_id, team_id, user_id, added_at) VALUES (?, ?, ?, ?)")
        .bind_all({workspace_id, team_id, u, now})
        .run();
  return std::nullopt;
}

}  // namespace

void add_team_routes(http::Api& api, db::Database& db) {
  const std::string tag = "Teams";
  api.route("GET", "/api/v1/teams",
            [&db](Request&, const Context& ctx) -> Response {
              json::array data = db.read([&](db::Connection& c) {
                std::vector<std::string> team_ids;
                auto& st = c.prepare("SELECT id FROM teams WHERE workspace_id = ? ORDER BY name_key, id");
                st.bind_all({ctx.workspace_id});
                while (st.step()) team_ids.push_back(st.text(0));
                json::array out;
                for (const auto& id : team_ids)
                  if (auto t = load_team(c, ctx.workspace_id, id)) out.push_back(std::move(*t));
                return out;
              });
              return http::json(200, json::object{{"data", std::move(data)}, {"next_cursor", nullptr}});
            },
            {.summary = "List the workspace's teams with their members", .tag = tag, .response_schema = "TeamPage"});

  api.route("POST", "/api/v1/teams",
            [&db](Request& req, const Context& ctx) -> Response {
              if (!ctx.is_admin()) return http::fail(admin_only("create teams"), req);
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              http::BodyReader in(*body);
              in.only({"name", "description", "member_ids"}, "a team");
              auto name = in.text("name", 1, 100, true);
              auto description = in.text("description", 0, 2000, false, true);
              auto members = in.ids("member_ids", 1000);
              if (!in.ok()) return http::fail(in.problem(), req);
              std::string id = ids::uuid_v7();
              std::optional<json::object> team;
              auto st = db.write([&](db::Connection& c) -> Status {
                if (name_taken(c, ctx.workspace_id, *name, ""))
                  return Problem::conflict("A team with this name exists", {{"name", "unique", "is already used"}});
                std::string now = clock::now_text();
                c.prepare("INSERT INTO teams(id, workspace_id, name, name_key, description, created_at, updated_at, version) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, 1)")
                    .bind_all({id, ctx.workspace_id, *name, case_fold::key(*name), description && !description->empty() ? db::Value(*description) : db::Value(nullptr), now, now})
                    .run();
                if (members)
                  if (auto p = set_members(c, ctx.workspace_id, id, *members)) return std::move(*p);
                team = must(load_team(c, ctx.workspace_id, id), "the team just created");
                journal::audit(c, ctx, "teams", id, "create", journal::diff(json::object{}, *team));
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              Response r = http::json(201, *team);
              r.header("Location", "/api/v1/teams/" + id);
              return r;
            },
            {.summary = "Create a team (admin)", .tag = tag, .request_schema = "TeamInput", .response_schema = "Team",
             .success_status = 201, .sends_location = true});

  api.route("GET", "/api/v1/teams/{id}",
            [&db](Request& req, const Context& ctx) -> Response {
              const std::string& id = req.param("id");
              if (!ids::is_uuid(id)) return http::fail(Problem::not_found(), req);
              auto t = db.read([&](db::Connection& c) { return load_team(c, ctx.workspace_id, id); });
              if (!t) return http::fail(Problem::not_found(), req);
              return http::json(200, *t);
            },
            {.summary = "Read a team", .tag = tag, .response_schema = "Team"});

  api.route("PATCH", "/api/v1/teams/{id}",
            [&db](Request& req, const Context& ctx) -> Response {
              if (!ctx.is_admin()) return http::fail(admin_only("change teams"), req);
              const std::string& id = req.param("id");
              if (!ids::is_uuid(id)) return http::fail(Problem::not_found(), req);
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              http::BodyReader in(*body);
              in.only({"name", "description", "member_ids"}, "a team");
              auto name = in.text("name", 1, 100);
              auto description = in.text("description", 0, 2000, false, true);
              auto members = in.ids("member_ids", 1000);
              if (!in.ok()) return http::fail(in.problem(), req);
              std::optional<json::object> after;
              auto st = db.write([&](db::Connection& c) -> Status {
                auto before = load_team(c, ctx.workspace_id, id);
                if (!before) return Problem::not_found();
                if (name && name_taken(c, ctx.workspace_id, *name, id))
                  return Problem::conflict("A team with this name exists", {{"name", "unique", "is already used"}});
                if (name) c.prepare("UPDATE teams SET name = ?, name_key = ? WHERE id = ?").bind_all({*name, case_fold::key(*name), id}).run();
                if (description)
                  c.prepare("UPDATE teams SET description = ? WHERE id = ?")
                      .bind_all({description->empty() ? db::Value(nullptr) : db::Value(*description), id})
                      .run();
                if (members)
                  if (auto p = set_members(c, ctx.workspace_id, id, *members)) return std::move(*p);
                after = must(load_team(c, ctx.workspace_id, id), "the team just changed");
                json::array changes = journal::diff(*before, *after);
                if (changes.empty()) return ok_status();
                std::string now = clock::now_text();
                int64_t version = before->at("version").as_int64() + 1;
                c.prepare("UPDATE teams SET updated_at = ?, version = ? WHERE id = ?").bind_all({now, version, id}).run();
                (*after)["updated_at"] = now;
                (*after)["version"] = version;
                journal::audit(c, ctx, "teams", id, "update", changes);
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              return http::json(200, *after);
            },
            {.summary = "Change a team's name, description or members (admin)", .tag = tag, .request_schema = "TeamInput",
             .response_schema = "Team"});

  api.route("DELETE", "/api/v1/teams/{id}",
            [&db](Request& req, const Context& ctx) -> Response {
              if (!ctx.is_admin()) return http::fail(admin_only("delete teams"), req);
              const std::string& id = req.param("id");
              if (!ids::is_uuid(id)) return http::fail(Problem::not_found(), req);
              auto st = db.write([&](db::Connection& c) -> Status {
                auto before = load_team(c, ctx.workspace_id, id);
                if (!before) return Problem::not_found();
                c.prepare("DELETE FROM team_members WHERE workspace_id = ? AND team_id = ?").bind_all({ctx.workspace_id, id}).run();
                c.prepare("DELETE FROM teams WHERE workspace_id = ? AND id = ?").bind_all({ctx.workspace_id, id}).run();
                journal::audit(c, ctx, "teams", id, "delete", journal::diff(*before, json::object{}));
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              return http::no_content();
            },
            {.summary = "Delete a team (its members stay users; records keep their owners) (admin)", .tag = tag,
             .success_status = 204});
}

}  // namespace rapport::access
