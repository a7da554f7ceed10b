#include "access/admin_routes.hpp"
#include "access/workspace_settings.hpp"
#include "platform/http/body_reader.hpp"
#include "platform/must.hpp"

namespace rapport::access {
namespace json = boost::json;
using http::Request;
using http::Response;

void add_workspace_routes(http::Api& api, db::Database& db, std::vector<TimeZoneObserver> observers) {
  const std::string tag = "Workspace";
  api.route("GET", "/api/v1/workspace",
            [&db](Request&, const Context& ctx) -> Response {
              auto w = db.read([&](db::Connection& c) { return load_workspace(c, ctx.workspace_id); });
              return http::json(200, must(w, "the signed-in caller's workspace"));
            },
            {.summary = "Read the caller's workspace: its name and time zone", .tag = tag, .response_schema = "Workspace"});

  api.route("PATCH", "/api/v1/workspace",
            [&db, observers = std::move(observers)](Request& req, const Context& ctx) -> Response {
              if (!ctx.is_admin()) return http::fail(admin_only("change the workspace's settings"), req);
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              http::BodyReader in(*body);
              in.only({"name", "time_zone"}, "a workspace");
              WorkspaceChange change;
              change.name = in.text("name", 1, 100);
              // Empty and unknown names are refused by jobs::time_zone, with the same words as a schedule's.
              change.time_zone = in.text("time_zone", 0, 64);
              if (!in.ok()) return http::fail(in.problem(), req);
              std::optional<json::object> after;
              auto st = db.write([&](db::Connection& c) -> Status {
                auto r = change_workspace(c, ctx, change, observers);
                if (!r) return r.take_problem();
                after = std::move(*r);
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              return http::json(200, *after);
            },
            {.summary = "Change the workspace's name or time zone (admin)",
             .description = "time_zone is an IANA name (Europe/Paris, America/New_York, UTC): recurring jobs and date "
                            "rules run on its wall clock; a new zone moves the automation schedules at once. The name is "
                            "unique across the server (409 when taken).",
             .tag = tag, .request_schema = "WorkspaceInput", .response_schema = "Workspace", .restricted = true});
}

}  // namespace rapport::access
