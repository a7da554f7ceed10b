#include "modules/support/assignment_routes.hpp"

#include "modules/support/assignment.hpp"
#include "platform/http/admins_only.hpp"
#include "platform/http/body_reader.hpp"
#include "platform/ids.hpp"

namespace rapport::support {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

// The setting, with the team's members marked away (whom a skip_away round robin passes over).
struct TeamAssignment {
  AssignmentSettings settings;
  std::vector<std::string> away;
};

TeamAssignment read_assignment(db::Connection& c, const std::string& workspace_id, const std::string& team_id) {
  return {find_assignment(c, workspace_id, team_id), away_members(c, workspace_id, team_id)};
}

json::object settings_json(const TeamAssignment& a) {
  const AssignmentSettings& s = a.settings;
  json::array away;
  for (const auto& id : a.away) away.emplace_back(id);
  return json::object{{"team_id", s.team_id},
                      {"round_robin", s.round_robin},
                      {"skip_away", s.skip_away},
                      {"max_open", s.max_open ? json::value(*s.max_open) : json::value(nullptr)},
                      {"last_assignee_id", s.last_user_id.empty() ? json::value(nullptr) : json::value(s.last_user_id)},
                      {"updated_at", s.updated_at.empty() ? json::value(nullptr) : json::value(s.updated_at)},
                      {"away_member_ids", std::move(away)}};
}

bool team_exists(db::Connection& c, const std::string& workspace_id, const std::string& team_id) {
  return ids::is_uuid(team_id) &&
         !std::holds_alternative<std::nullptr_t>(c.scalar("SELECT 1 FROM teams WHERE workspace_id = ? AND id = ?", {workspace_id, team_id}));
}

// {"round_robin": bool (required), "skip_away": bool (default true), "max_open": 1..kMaxOpenCap or null}
Result<AssignmentSettings> read_settings(const json::object& body, const std::string& team_id) {
  http::BodyReader in(body);
  in.only({"round_robin", "skip_away", "max_open"}, "a team's assignment (round_robin, skip_away, max_open)");
  AssignmentSettings s;
  s.team_id = team_id;
  if (auto rr = in.boolean("round_robin")) s.round_robin = *rr;
  else if (!in.has("round_robin")) in.error("round_robin", "required", "is required: true or false");
  if (auto skip = in.boolean("skip_away")) s.skip_away = *skip;
  if (const auto* cap = body.if_contains("max_open"); cap && !cap->is_null()) {
    if (!cap->is_int64() || cap->as_int64() < 1 || cap->as_int64() > kMaxOpenCap)
      in.error("max_open", "range", "must be an integer from 1 to " + std::to_string(kMaxOpenCap) + ", or null for no cap");
    else s.max_open = cap->as_int64();
  }
  if (!in.ok()) return in.problem();
  return s;
}

}  // namespace

void add_assignment_routes(http::Api& api, db::Database& db) {
  db::Database* database = &db;
  const std::string tag = "Ticket";
  api.route("GET", "/api/v1/teams/{id}/assignment",
            [database](Request& req, const identity::Context& ctx) -> Response {
              const std::string team_id = req.param("id");
              auto s = database->read([&](db::Connection& c) -> std::optional<TeamAssignment> {
                if (!team_exists(c, ctx.workspace_id, team_id)) return std::nullopt;
                return read_assignment(c, ctx.workspace_id, team_id);
              });
              if (!s) return http::fail(Problem::not_found("No team " + team_id + " in this workspace"), req);
              return http::json(200, settings_json(*s));
            },
            {.summary = "A team's round-robin assignment of new tickets",
             .description = "Off until an admin turns it on (PUT).", .tag = tag, .response_schema = "TeamAssignment"});
  api.route("PUT", "/api/v1/teams/{id}/assignment",
            http::admins_only("set a team's assignment", [database](Request& req, const identity::Context& ctx) -> Response {
              const std::string team_id = req.param("id");
              // Another workspace's team is no team, whatever the body.
              if (!database->read([&](db::Connection& c) { return team_exists(c, ctx.workspace_id, team_id); }))
                return http::fail(Problem::not_found("No team " + team_id + " in this workspace"), req);
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto in = read_settings(*body, team_id);
              if (!in) return http::fail(in.problem(), req);
              std::optional<TeamAssignment> stored;
              Status st = database->write([&](db::Connection& c) -> Status {
                if (!team_exists(c, ctx.workspace_id, team_id)) return Problem::not_found("No team " + team_id + " in this workspace");
                put_assignment(c, ctx.workspace_id, *in);
                stored = read_assignment(c, ctx.workspace_id, team_id);
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              return http::json(200, settings_json(*stored));
            }),
            {.summary = "Set a team's round-robin assignment; admins only",
             .description = "round_robin: a new ticket of the team without an assignee goes to the team's next member "
                            "(active users in turn); skip_away (default true): members marked away are passed over; "
                            "max_open: a member holding that many open tickets (not solved or closed) is passed over.",
             .tag = tag, .request_schema = "TeamAssignmentInput", .response_schema = "TeamAssignment", .restricted = true});
  api.route("GET", "/api/v1/me/availability",
            [database](Request&, const identity::Context& ctx) -> Response {
              bool away = !ctx.user_id.empty() &&
                          database->read([&](db::Connection& c) { return is_away(c, ctx.workspace_id, ctx.user_id); });
              return http::json(200, json::object{{"away", away}});
            },
            {.summary = "Whether the caller is marked away (round-robin assignment passes them over)", .tag = tag,
             .response_schema = "Availability"});
  api.route("PUT", "/api/v1/me/availability",
            [database](Request& req, const identity::Context& ctx) -> Response {
              if (ctx.user_id.empty()) return http::fail(Problem::forbidden("An API key without a user has no availability"), req);
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              http::BodyReader in(*body);
              in.only({"away"}, "an availability (away)");
              auto away = in.boolean("away");
              if (!away && !in.has("away")) in.error("away", "required", "is required: true or false");
              if (!in.ok()) return http::fail(in.problem(), req);
              Status st = database->write([&](db::Connection& c) -> Status {
                set_away(c, ctx.workspace_id, ctx.user_id, *away);
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              return http::json(200, json::object{{"away", *away}});
            },
            {.summary = "Mark oneself away or back", .description = "Teams that skip away agents assign them no new tickets.",
             .tag = tag, .request_schema = "Availability", .response_schema = "Availability", .restricted = true});
}

}  // namespace rapport::support
