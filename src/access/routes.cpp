#include "access/routes.hpp"

#include "access/api_keys.hpp"
#include "access/browser_session.hpp"
#include "access/provisioning.hpp"
#include "access/role_store.hpp"
#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"

namespace rapport::access {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

json::object api_key_json(const ApiKeyInfo& k) {
  auto opt = [](const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); };
  return json::object{{"id", k.id},           {"name", k.name},         {"prefix", k.prefix},
                      {"user_id", k.user_id}, {"created_at", k.created_at}, {"expires_at", opt(k.expires_at)},
                      {"last_used_at", opt(k.last_used_at)}, {"revoked_at", opt(k.revoked_at)}, {"role", opt(k.role)}};
}

// Whose keys the caller sees and revokes: everyone's for a caller whose effective grants administer
// the workspace (a key's role is intersected with its user's current one, so a demoted admin's
// "admin" key reaches only its user's keys), else the caller's own.
std::optional<std::string> keys_of(const Context& ctx) {
  return ctx.is_admin() ? std::nullopt : std::optional<std::string>(ctx.user_id);
}

// The CSRF token of the caller's browser session, when the request was authenticated by the session
// cookie (as Application::build_routes reads it: no Authorization header) and that session's stored
// hash is of the derived token (a session signed in before tokens were derived has a random one).
std::optional<std::string> cookie_session_csrf(const Request& req, const Context& ctx) {
  if (!req.header("Authorization").empty() || ctx.session_id.empty() || ctx.csrf_hash.empty()) return std::nullopt;
  auto cookie = session_cookie(req);
  if (!cookie) return std::nullopt;
  std::string csrf = csrf_token_of(*cookie);
  if (ids::token_hash(csrf) != ctx.csrf_hash) return std::nullopt;
  return csrf;
}

}  // namespace

void add_routes(http::Api& api, Auth& auth, db::Database& db, const http::ClientAddress& client_address, bool secure_cookies) {
  api.public_route(
      "POST", "/api/v1/auth/login",
      [&auth, &db, &client_address, secure_cookies](Request& req) -> Response {
        auto body = http::parse_json_object(req);
        if (!body) return http::fail(body.problem(), req);
        std::vector<FieldError> errors;
        auto text = [&](const char* k, bool required) -> std::string {
          auto* v = body->if_contains(k);
          if (!v || v->is_null()) {
            if (required) errors.push_back({k, "required", "is required"});
            return {};
          }
          if (!v->is_string()) {
            errors.push_back({k, "type", "must be a string"});
            return {};
          }
          if (v->as_string().size() > 1024) {
            errors.push_back({k, "length", "is too long"});
            return {};
          }
          return std::string(v->as_string());
        };
        bool cookie = false;
        for (const auto& kv : *body) {
          if (kv.key() == "cookie") {
            if (kv.value().is_bool()) cookie = kv.value().as_bool();
            else errors.push_back({"cookie", "type", "must be true or false"});
          } else if (kv.key() != "email" && kv.key() != "password" && kv.key() != "workspace" && kv.key() != "code") {
            errors.push_back({std::string(kv.key()), "unknown", "is not a login field"});
          }
        }
        LoginAttempt attempt;
        attempt.email = text("email", true);
        attempt.password = text("password", true);
        attempt.workspace = text("workspace", false);
        attempt.code = text("code", false);
        if (!errors.empty()) return http::fail(Problem::invalid(std::move(errors)), req);
        attempt.client_address = client_address.of(req);
        attempt.request_id = req.request_id;
        int64_t retry_after = 0;
        auto r = auth.login(attempt, &retry_after);
        if (!r) {
          Response res = http::fail(r.problem(), req);
          if (retry_after > 0) res.header("Retry-After", std::to_string(retry_after));
          return res;
        }
        if (cookie) {
          // A browser session: the token goes only into the HttpOnly cookie; the page gets the CSRF
          // token to send back in X-CSRF-Token (derived from the session token: /auth/me answers it
          // again after a reload).
          std::string csrf = csrf_token_of(r->token);
          auto st = db.write([&](db::Connection& c) -> Status {
            c.prepare("UPDATE sessions SET csrf_hash = ? WHERE token_hash = ?").bind_all({ids::token_hash(csrf), ids::token_hash(r->token)}).run();
            return ok_status();
          });
          if (!st) return http::fail(st.problem(), req);
          int64_t max_age = std::max<int64_t>(0, (clock::parse_datetime(r->expires_at).value_or(0) - clock::now_ms()) / 1000);
          Response res = http::json(200, json::object{{"token_type", "cookie"},
                                                      {"csrf_token", csrf},
                                                      {"expires_at", r->expires_at},
                                                      {"user_id", r->user_id},
                                                      {"workspace_id", r->workspace_id},
                                                      {"role", r->role},
                                                      {"mfa_enrollment_required", r->mfa_enrollment_required}});
          res.header("Set-Cookie", session_cookie_header(r->token, max_age, wants_secure_cookie(req, secure_cookies)));
          res.header("Cache-Control", "no-store");
          return res;
        }
        Response res = http::json(200, json::object{{"token", r->token},
                                                    {"token_type", "Bearer"},
                                                    {"expires_at", r->expires_at},
                                                    {"user_id", r->user_id},
                                                    {"workspace_id", r->workspace_id},
                                                    {"role", r->role},
                                                    {"mfa_enrollment_required", r->mfa_enrollment_required}});
        res.header("Cache-Control", "no-store");
        return res;
      },
      {.summary = "Log in with email and password (and a TOTP or recovery code when MFA is on); returns a session token "
                  "(with \"cookie\": true, a browser session: an HttpOnly cookie and a CSRF token for X-CSRF-Token)",
       .description = "401 with type .../mfa-required when the account has MFA and no valid, unused code was sent; "
                      "429 with Retry-After after repeated failures for the account or the client address.",
       .tag = "Auth", .request_schema = "LoginInput", .response_schema = "Session", .sign_in_attempt = true});

  api.route("POST", "/api/v1/auth/logout",
            [&auth, &db, secure_cookies](Request& req, const Context& ctx) -> Response {
              Status st = ok_status();
              if (!ctx.session_id.empty())
                st = db.write([&](db::Connection& c) -> Status {
                  c.prepare("UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                      .bind_all({clock::now_text(), ctx.session_id})
                      .run();
                  return ok_status();
                });
              else if (ctx.api_key_id.empty())
                st = auth.logout(req.header("Authorization"));
              if (!st) return http::fail(st.problem(), req);
              Response res = http::no_content();
              if (session_cookie(req)) res.header("Set-Cookie", expired_cookie_header(wants_secure_cookie(req, secure_cookies)));
              return res;
            },
            {.summary = "End the current session", .tag = "Auth", .success_status = 204, .during_mfa_enrolment = true});

  api.route("GET", "/api/v1/auth/me",
            [&db](Request& req, const Context& ctx) -> Response {
              auto me = db.read([&](db::Connection& c) -> std::optional<json::object> {
                auto& st = c.prepare(
                    "SELECT u.id, u.email, u.name, u.role, w.id, w.name FROM users u JOIN workspaces w ON w.id = "
                    "u.workspace_id WHERE u.id = ? AND u.workspace_id = ?");
                st.bind_all({ctx.user_id, ctx.workspace_id});
                if (!st.step()) return std::nullopt;
                json::object o{{"user_id", st.text(0)}, {"email", st.text(1)}, {"name", st.text(2)},
                               {"role", ctx.role},    {"workspace_id", st.text(4)}, {"workspace_name", st.text(5)}};
                o["api_key_id"] = ctx.api_key_id.empty() ? json::value(nullptr) : json::value(ctx.api_key_id);
                // What the caller may do (for an API key: its role within the user's).
                if (ctx.grants) o["grants"] = role_to_json(as_held(ctx.role, *ctx.grants));
                st.reset();
                return o;
              });
              if (!me) return http::fail(Problem::not_found(), req);
              if (auto csrf = cookie_session_csrf(req, ctx)) (*me)["csrf_token"] = *csrf;
              return http::json(200, *me);
            },
            {.summary = "Who the caller is (and, for a browser session, its CSRF token again)",
             .description = "A request authenticated by the session cookie (no Authorization header) also gets "
                            "csrf_token, the session's token for X-CSRF-Token, so that a page that reloaded can go "
                            "on writing without keeping the token anywhere; a Bearer token or API key caller never "
                            "does.",
             .tag = "Auth", .response_schema = "Me", .during_mfa_enrolment = true});

  api.route("GET", "/api/v1/api-keys",
            [&db](Request&, const Context& ctx) -> Response {
              json::array data = db.read([&](db::Connection& c) {
                json::array out;
                for (const auto& k : list_api_keys(c, ctx.workspace_id, keys_of(ctx))) out.push_back(api_key_json(k));
                return out;
              });
              return http::json(200, json::object{{"data", std::move(data)}, {"next_cursor", nullptr}});
            },
            {.summary = "List API keys (yours; all of the workspace for an admin)",
             .description = "Admin means the caller's effective grants: a key acts with its role within its user's "
                            "current role, so the key of a demoted admin lists only its user's keys, whatever its role's name.",
             .tag = "API keys", .response_schema = "ApiKeyPage"});

  api.route("POST", "/api/v1/api-keys",
            [&db](Request& req, const Context& ctx) -> Response {
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              std::vector<FieldError> errors;
              std::string name;
              std::optional<std::string> expires, role;
              for (const auto& kv : *body) {
                if (kv.key() == "name") {
                  if (!kv.value().is_string() || kv.value().as_string().empty() || kv.value().as_string().size() > 100)
                    errors.push_back({"name", "type", "must be a string of 1 to 100 characters"});
                  else
                    name = std::string(kv.value().as_string());
                } else if (kv.key() == "expires_at") {
                  if (kv.value().is_null()) continue;
                  auto ms = kv.value().is_string() ? clock::parse_datetime(kv.value().as_string()) : std::nullopt;
                  if (!ms) errors.push_back({"expires_at", "format", "must be an RFC 3339 date-time"});
                  else if (*ms <= clock::now_ms()) errors.push_back({"expires_at", "range", "must be in the future"});
                  else expires = clock::format_ms(*ms);
                } else if (kv.key() == "role") {
                  if (kv.value().is_null()) continue;
                  if (!kv.value().is_string() || kv.value().as_string().empty() || kv.value().as_string().size() > 50)
                    errors.push_back({"role", "type", "must be the name of a role"});
                  else
                    role = std::string(kv.value().as_string());
                } else {
                  errors.push_back({std::string(kv.key()), "unknown", "is not a field of an API key"});
                }
              }
              if (name.empty() && errors.empty()) errors.push_back({"name", "required", "is required"});
              if (!errors.empty()) return http::fail(Problem::invalid(std::move(errors)), req);
              NewApiKey key;
              auto st = db.write([&](db::Connection& c) -> Status {
                if (role)
                  if (auto allowed = check_key_role(c, ctx.workspace_id, *role, ctx.grants.get()); !allowed)
                    return allowed.take_problem();
                key = issue_api_key(c, ctx, ctx.user_id, name, expires, role);
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              json::object out{{"id", key.id}, {"name", name}, {"prefix", key.prefix}, {"key", key.key},
                               {"user_id", ctx.user_id}};
              out["expires_at"] = expires ? json::value(*expires) : json::value(nullptr);
              out["role"] = role ? json::value(*role) : json::value(nullptr);
              Response r = http::json(201, out);
              r.header("Location", "/api/v1/api-keys/" + key.id).header("Cache-Control", "no-store");
              return r;
            },
            {.summary = "Create an API key for yourself; the key is shown only in this response", .tag = "API keys",
             .request_schema = "ApiKeyInput", .response_schema = "NewApiKey", .success_status = 201,
             .sends_location = true});

  api.route("DELETE", "/api/v1/api-keys/{id}",
            [&db](Request& req, const Context& ctx) -> Response {
              const std::string& id = req.param("id");
              auto st = db.write([&](db::Connection& c) -> Status {
                if (!revoke_api_key(c, ctx, id, keys_of(ctx))) return Problem::not_found();
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              return http::no_content();
            },
            {.summary = "Revoke an API key (yours; any of the workspace for an admin, by effective grants as in the list)",
             .tag = "API keys", .success_status = 204});
}

}  // namespace rapport::access
