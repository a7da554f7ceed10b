// A user's sessions: list them, end one (an admin may end anyone's in the workspace), and change the
// password (throttled like a sign-in, with a session only), which ends every other session of the user.
#include "access/passwords.hpp"
#include "access/reauthentication.hpp"
#include "access/routes.hpp"
#include "platform/clock.hpp"
#include "platform/http/body_reader.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"

namespace rapport::access {
namespace json = boost::json;
using http::Request;
using http::Response;

void add_session_routes(http::Api& api, db::Database& db, const LoginThrottle& throttle,
                        const http::ClientAddress& client_address) {
  const std::string tag = "Auth";
  api.route("GET", "/api/v1/auth/sessions",
            [&db](Request&, const Context& ctx) -> Response {
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
            [&db, &throttle, &client_address](Request& req, const Context& ctx) -> Response {
              // A key is a credential of its own: changing the password behind it needs the person.
              if (!ctx.api_key_id.empty())
                return http::fail(Problem::forbidden("A password is changed with a session (sign in), not an API key"), req);
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              http::BodyReader in(*body);
              in.only({"current_password", "new_password"}, "a password change");
              auto current = in.text("current_password", 1, kMaxPasswordBytes, true);
              auto next = in.text("new_password", 0, kMaxPasswordBytes, true);
              if (next)
                if (auto weak = check_password("new_password", *next)) in.errors().push_back(std::move(*weak));
              if (!in.ok()) return http::fail(in.problem(), req);
              Reauthentication reauth(db, throttle, ctx, client_address.of(req));
              if (auto refused = reauth.begin(req)) return std::move(*refused);
              if (!reauth.password_matches(*current))
                return http::fail(Problem::forbidden("The current password is wrong; nothing was changed"), req);
              std::string new_hash = hash_password(*next);
              auto st = db.write([&](db::Connection& c) -> Status {
                std::string now = clock::now_text();
                c.prepare("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?").bind_all({new_hash, now, ctx.user_id}).run();
                // Everyone else holding this user's sessions is signed out; the caller stays.
                c.prepare("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND (id IS NULL OR id != ?)")
                    .bind_all({now, ctx.user_id, ctx.session_id})
                    .run();
                reauth.check().forget(c);
                journal::audit(c, ctx, "users", ctx.user_id, "password_change",
                               json::array{json::object{{"field", "password"}, {"before", nullptr}, {"after", "[changed]"}}});
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              return http::no_content();
            },
            {.summary = "Change your password (with a session, not an API key); your other sessions end",
             .description = "The new password must meet the password policy (at least 12 characters counted as Unicode "
                            "code points, no control characters, not one character repeated, not a commonly used "
                            "password): 422 naming new_password otherwise. A wrong current password is 403 and counts "
                            "as a failed sign-in of your account and address: after repeated failures 429 with "
                            "Retry-After, as at login. With an API key: 403 (a key cannot change the password of its "
                            "user). Every other session of yours ends; the one making the request stays, and API keys "
                            "stay (revoke them at /api/v1/api-keys).",
             .tag = tag, .request_schema = "PasswordChange", .success_status = 204, .session_only = true,
             .sign_in_attempt = true});
}

}  // namespace rapport::access
