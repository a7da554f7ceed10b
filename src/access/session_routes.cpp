// A user's sessions: list them, end one (an admin may end anyone's in the workspace), and change the
// password, which ends every other session of the user.
#include "access/passwords.hpp"
#include "access/routes.hpp"
#include "platform/clock.hpp"
#include "platform/http/body_reader.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"

namespace rapport::access {
namespace json = boost::json;
using http::Request;
using http::Response;

void add_session_routes(http::Api& api, db::Database& db) {
  const std::string tag = "Auth";
  api.route("GET", "/api/v1/auth/sessions",
            [&db](Request& req, const Context& ctx) -> Response {
              if (!req.query.empty()) return http::fail(Problem::bad_request("This list takes no query parameters"), req);
              std::string now = clock::now_text();
              json::array data = db.read([&](db::Connection& c) {
                json::array out;
                auto& st = c.prepare(
                    "SELECT id, created_at, expires_at, last_seen_at FROM sessions WHERE workspace_id = ? AND user_id = ? "
                    "AND revoked_at IS NULL AND expires_at > ? AND id IS NOT NULL ORDER BY created_at DESC LIMIT 500");
                st.bind_all({ctx.workspace_id, ctx.user_id, now});
                while (st.step())
                  out.push_back(json::object{{"id", st.text(0)},
                                             {"created_at", st.text(1)},
                                             {"expires_at", st.text(2)},
                                             {"last_seen_at", st.is_null(3) ? json::value(nullptr) : json::value(st.text(3))},
                                             {"current", st.text(0) == ctx.session_id}});
                return out;
              });
              return http::json(200, json::object{{"data", std::move(data)}, {"next_cursor", nullptr}});
            },
            {.summary = "Your open sessions (the one making this request has current: true)", .tag = tag,
             .response_schema = "SessionInfoPage"});

  api.route("DELETE", "/api/v1/auth/sessions/{id}",
            [&db](Request& req, const Context& ctx) -> Response {
              const std::string& id = req.param("id");
              if (!ids::is_uuid(id)) return http::fail(Problem::not_found(), req);
              auto st = db.write([&](db::Connection& c) -> Status {
                auto owner = c.scalar("SELECT user_id FROM sessions WHERE workspace_id = ? AND id = ? AND revoked_at IS NULL",
                                      {ctx.workspace_id, id});
                auto* user = std::get_if<std::string>(&owner);
                if (!user || (*user != ctx.user_id && !ctx.is_admin())) return Problem::not_found();
                c.prepare("UPDATE sessions SET revoked_at = ? WHERE id = ?").bind_all({clock::now_text(), id}).run();
                journal::audit(c, ctx, "users", *user, "session_revoked", json::array{json::object{{"field", "session"}, {"before", id}, {"after", nullptr}}});
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              return http::no_content();
            },
            {.summary = "End a session (yours; an admin may end any in the workspace)", .tag = tag, .success_status = 204});

  api.route("POST", "/api/v1/auth/password",
            [&db](Request& req, const Context& ctx) -> Response {
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              http::BodyReader in(*body);
              in.only({"current_password", "new_password"}, "a password change");
              auto current = in.text("current_password", 1, 1024, true);
              auto next = in.text("new_password", 12, 1024, true);
              if (!in.ok()) return http::fail(in.problem(), req);
              auto stored = db.read([&](db::Connection& c) {
                return c.scalar("SELECT password_hash FROM users WHERE workspace_id = ? AND id = ?", {ctx.workspace_id, ctx.user_id});
              });
              auto* hash = std::get_if<std::string>(&stored);
              if (!hash || !verify_password(*hash, *current))
                return http::fail(Problem::forbidden("The current password is wrong; nothing was changed"), req);
              std::string new_hash = hash_password(*next);
              auto st = db.write([&](db::Connection& c) -> Status {
                std::string now = clock::now_text();
                c.prepare("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?").bind_all({new_hash, now, ctx.user_id}).run();
                // Everyone else holding this user's sessions is signed out; the caller stays.
                c.prepare("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND (id IS NULL OR id != ?)")
                    .bind_all({now, ctx.user_id, ctx.session_id})
                    .run();
                journal::audit(c, ctx, "users", ctx.user_id, "password_change",
                               json::array{json::object{{"field", "password"}, {"before", nullptr}, {"after", "[changed]"}}});
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              return http::no_content();
            },
            {.summary = "Change your password; your other sessions end", .tag = tag, .request_schema = "PasswordChange",
             .success_status = 204});
}

}  // namespace rapport::access
