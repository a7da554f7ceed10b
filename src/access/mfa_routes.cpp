// The MFA API: a user enrols (a new TOTP secret, pending), confirms with a first code (MFA on, ten
// recovery codes shown once), regenerates recovery codes or disables MFA with a current code; an
// admin chooses the roles that must have MFA. Changing MFA needs a session, not an API key, so a
// leaked key cannot turn a user's second factor off or read a new secret. Every change is audited
// (object "users", the user's id; the policy as object "workspaces"), never with a secret or code.
#include "access/mfa_routes.hpp"

#include <algorithm>

#include "access/mfa.hpp"
#include "access/passwords.hpp"
#include "access/reauthentication.hpp"
#include "access/totp.hpp"
#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"

namespace rapport::access {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

const Problem kNeedsSession = Problem::forbidden("Multi-factor authentication is managed with a session, not an API key");

// The body's string fields, all required; unknown fields, wrong types and oversize values are errors.
Result<std::vector<std::string>> string_fields(const Request& req, const std::vector<std::string>& names) {
  auto body = http::parse_json_object(req);
  if (!body) return body.take_problem();
  std::vector<FieldError> errors;
  std::vector<std::string> out(names.size());
  for (const auto& kv : *body)
    if (std::find(names.begin(), names.end(), std::string(kv.key())) == names.end())
      errors.push_back({std::string(kv.key()), "unknown", "is not a field of this request"});
  for (std::size_t i = 0; i < names.size(); ++i) {
    auto* v = body->if_contains(names[i]);
    if (!v || v->is_null()) errors.push_back({names[i], "required", "is required"});
    else if (!v->is_string()) errors.push_back({names[i], "type", "must be a string"});
    else if (v->as_string().empty() || v->as_string().size() > 1024) errors.push_back({names[i], "length", "must be 1 to 1024 characters"});
    else out[i] = std::string(v->as_string());
  }
  if (!errors.empty()) return Problem::invalid(std::move(errors));
  return out;
}

json::array factor_change(mfa::Factor f) {
  return json::array{json::object{{"field", "verified_with"},
                                  {"before", nullptr},
                                  {"after", f == mfa::Factor::Totp ? "totp" : "recovery_code"}}};
}

Problem wrong_code() {
  return Problem::invalid({{"code", "invalid", "is wrong, expired or was used already"}});
}

json::array to_array(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.push_back(json::value(s));
  return a;
}

Response no_store(Response r) {
  r.header("Cache-Control", "no-store");
  return r;
}

bool valid_role(const std::string& r) {
  if (r.empty() || r.size() > 64) return false;
  for (char ch : r)
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-')) return false;
  return true;
}

}  // namespace

void add_mfa_routes(http::Api& api, db::Database& db, const Vault& vault, const LoginThrottle& throttle,
                    const http::ClientAddress& client_address) {
  api.route("GET", "/api/v1/auth/mfa",
            [&db](Request&, const Context& ctx) -> Response {
              json::object out = db.read([&](db::Connection& c) {
                auto s = mfa::load(c, ctx.user_id);
                bool enabled = s && s->enabled;
                json::object o{{"enabled", enabled},
                               {"pending", s && !s->enabled},
                               {"confirmed_at", enabled && s->confirmed_at ? json::value(*s->confirmed_at) : json::value(nullptr)},
                               {"recovery_codes_left", enabled ? mfa::recovery_codes_left(c, ctx.user_id) : 0},
                               {"required", mfa::user_requires_mfa(c, ctx.workspace_id, ctx.user_id)}};
                return o;
              });
              return http::json(200, out);
            },
            {.summary = "Your multi-factor authentication: enabled, since when, recovery codes left", .tag = "MFA",
             .response_schema = "MfaStatus", .during_mfa_enrolment = true});

  api.route("POST", "/api/v1/auth/mfa/enroll",
            [&db, &vault](Request& req, const Context& ctx) -> Response {
              if (!ctx.api_key_id.empty()) return http::fail(kNeedsSession, req);
              if (!req.body().empty()) {  // no fields; an empty object is fine
                auto body = http::parse_json_object(req);
                if (!body) return http::fail(body.problem(), req);
                std::vector<FieldError> errors;
                for (const auto& kv : *body) errors.push_back({std::string(kv.key()), "unknown", "is not a field of this request"});
                if (!errors.empty()) return http::fail(Problem::invalid(std::move(errors)), req);
              }
              std::string secret, email;
              auto st = db.write([&](db::Connection& c) -> Status {
                auto s = mfa::load(c, ctx.user_id);
                if (s && s->enabled)
                  return Problem::conflict("Multi-factor authentication is on already; disable it first to enrol a new device");
                email = std::get<std::string>(c.scalar("SELECT email FROM users WHERE id = ?", {ctx.user_id}));
                secret = mfa::enroll(c, vault, ctx.workspace_id, ctx.user_id);
                journal::audit(c, ctx, "users", ctx.user_id, "mfa_enrolled", json::array{});
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              json::object out{{"secret", totp::base32_encode(secret)},
                               {"otpauth_uri", totp::otpauth_uri(secret, "Rapport", email)},
                               {"confirmed", false}};
              return no_store(http::json(200, out));
            },
            {.summary = "Start enrolling an authenticator app: a new TOTP secret, pending until confirmed",
             .description = "Shows the secret (base32) and an otpauth:// URI for a QR code once. Send no body or {}.",
             .tag = "MFA", .response_schema = "MfaEnrollment", .during_mfa_enrolment = true, .session_only = true,
             .problems = {{422, "A body other than none or {}"}}});

  api.route("POST", "/api/v1/auth/mfa/confirm",
            [&db, &vault](Request& req, const Context& ctx) -> Response {
              if (!ctx.api_key_id.empty()) return http::fail(kNeedsSession, req);
              auto fields = string_fields(req, {"code"});
              if (!fields) return http::fail(fields.problem(), req);
              const std::string now = clock::now_text();
              std::vector<std::string> codes;
              auto st = db.write([&](db::Connection& c) -> Status {
                auto s = mfa::load(c, ctx.user_id);
                if (!s) return Problem::conflict("No enrolment to confirm: start with POST /api/v1/auth/mfa/enroll");
                if (s->enabled) return Problem::conflict("Multi-factor authentication is on already");
                if (mfa::consume(c, vault, ctx.user_id, (*fields)[0], clock::now_ms() / 1000, true) != mfa::Factor::Totp)
                  return wrong_code();
                mfa::enable(c, ctx.user_id, now);
                codes = mfa::new_recovery_codes(c, ctx.user_id);
                journal::audit(c, ctx, "users", ctx.user_id, "mfa_enabled", json::array{});
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              return no_store(http::json(200, json::object{{"enabled", true}, {"confirmed_at", now}, {"recovery_codes", to_array(codes)}}));
            },
            {.summary = "Confirm an enrolment with a current code: MFA is on; returns ten recovery codes, shown once",
             .tag = "MFA", .request_schema = "MfaCode", .response_schema = "MfaConfirmation", .during_mfa_enrolment = true,
             .session_only = true});

  api.route("POST", "/api/v1/auth/mfa/disable",
            [&db, &vault, &throttle, &client_address](Request& req, const Context& ctx) -> Response {
              if (!ctx.api_key_id.empty()) return http::fail(kNeedsSession, req);
              auto fields = string_fields(req, {"password", "code"});
              if (!fields) return http::fail(fields.problem(), req);
              Reauthentication reauth(db, throttle, ctx, client_address.of(req));
              if (auto refused = reauth.begin(req)) return std::move(*refused);
              if (!reauth.password_matches((*fields)[0]))
                return http::fail(Problem::invalid({{"password", "invalid", "is wrong"}}), req);
              bool code_wrong = false;
              auto st = db.write([&](db::Connection& c) -> Status {
                code_wrong = false;
                auto s = mfa::load(c, ctx.user_id);
                if (!s || !s->enabled) return Problem::conflict("Multi-factor authentication is not on");
                auto factor = mfa::consume(c, vault, ctx.user_id, (*fields)[1], clock::now_ms() / 1000);
                if (factor == mfa::Factor::None) {
                  code_wrong = true;
                  return wrong_code();
                }
                mfa::remove(c, ctx.user_id);
                reauth.check().forget(c);
                journal::audit(c, ctx, "users", ctx.user_id, "mfa_disabled", factor_change(factor));
                return ok_status();
              });
              if (!st) {
                if (code_wrong) reauth.failed();
                else (void)db.write([&](db::Connection& c) -> Status {  // not a guess: MFA was off
                  reauth.check().forget(c);
                  return ok_status();
                });
                return http::fail(st.problem(), req);
              }
              return http::no_content();
            },
            {.summary = "Turn MFA off: needs your password and a current code or a recovery code",
             .description = "Wrong passwords and codes count as failed sign-ins of your account (429 with Retry-After "
                            "when throttled).",
             .tag = "MFA", .request_schema = "MfaDisableInput", .success_status = 204, .session_only = true,
             .sign_in_attempt = true});

  api.route("POST", "/api/v1/auth/mfa/recovery-codes",
            [&db, &vault](Request& req, const Context& ctx) -> Response {
              if (!ctx.api_key_id.empty()) return http::fail(kNeedsSession, req);
              auto fields = string_fields(req, {"code"});
              if (!fields) return http::fail(fields.problem(), req);
              std::vector<std::string> codes;
              auto st = db.write([&](db::Connection& c) -> Status {
                auto s = mfa::load(c, ctx.user_id);
                if (!s || !s->enabled) return Problem::conflict("Multi-factor authentication is not on");
                auto factor = mfa::consume(c, vault, ctx.user_id, (*fields)[0], clock::now_ms() / 1000);
                if (factor == mfa::Factor::None) return wrong_code();
                codes = mfa::new_recovery_codes(c, ctx.user_id);
                journal::audit(c, ctx, "users", ctx.user_id, "mfa_recovery_codes_regenerated", factor_change(factor));
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              return no_store(http::json(200, json::object{{"recovery_codes", to_array(codes)}}));
            },
            {.summary = "Replace your recovery codes with ten new ones (needs a current code); the old ones stop working",
             .tag = "MFA", .request_schema = "MfaCode", .response_schema = "MfaRecoveryCodes", .session_only = true});

  api.route("GET", "/api/v1/auth/mfa/policy",
            [&db](Request& req, const Context& ctx) -> Response {
              if (!ctx.is_admin()) return http::fail(Problem::forbidden("Only an admin reads the MFA policy"), req);
              auto roles = db.read([&](db::Connection& c) { return mfa::required_roles(c, ctx.workspace_id); });
              return http::json(200, json::object{{"required_roles", to_array(roles)}});
            },
            {.summary = "The roles whose users must use MFA (admin only)", .tag = "MFA", .response_schema = "MfaPolicy"});

  api.route("PUT", "/api/v1/auth/mfa/policy",
            [&db](Request& req, const Context& ctx) -> Response {
              if (!ctx.is_admin()) return http::fail(Problem::forbidden("Only an admin changes the MFA policy"), req);
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              std::vector<FieldError> errors;
              std::vector<std::string> roles;
              for (const auto& kv : *body)
                if (kv.key() != "required_roles") errors.push_back({std::string(kv.key()), "unknown", "is not a field of the policy"});
              auto* list = body->if_contains("required_roles");
              if (!list || list->is_null()) {
                errors.push_back({"required_roles", "required", "is required (an empty list requires MFA of no role)"});
              } else if (!list->is_array() || list->as_array().size() > 50) {
                errors.push_back({"required_roles", "type", "must be a list of at most 50 role names"});
              } else {
                for (std::size_t i = 0; i < list->as_array().size(); ++i) {
                  const auto& v = list->as_array()[i];
                  if (!v.is_string() || !valid_role(std::string(v.as_string())))
                    errors.push_back({"required_roles[" + std::to_string(i) + "]", "format",
                                      "must be a role name (1 to 64 of a-z, 0-9, _ and -)"});
                  else
                    roles.emplace_back(v.as_string());
                }
              }
              if (!errors.empty()) return http::fail(Problem::invalid(std::move(errors)), req);
              std::sort(roles.begin(), roles.end());
              roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
              auto st = db.write([&](db::Connection& c) -> Status {
                auto before = mfa::required_roles(c, ctx.workspace_id);
                if (before == roles) return ok_status();
                c.prepare("DELETE FROM mfa_policies WHERE workspace_id = ?").bind_all({ctx.workspace_id}).run();
                std::string now = clock::now_text();
                for (const auto& r : roles)
                  c.prepare("INSERT INTO mfa_policies(workspace_id, role, created_at) VALUES (?, ?, ?)")
                      .bind_all({ctx.workspace_id, r, now})
                      .run();
                journal::audit(c, ctx, "workspaces", ctx.workspace_id, "mfa_policy_changed",
                               json::array{json::object{{"field", "mfa_required_roles"}, {"before", to_array(before)}, {"after", to_array(roles)}}});
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              return http::json(200, json::object{{"required_roles", to_array(roles)}});
            },
            {.summary = "Choose the roles whose users must use MFA (admin only); they can sign in but use nothing else "
                        "until they have confirmed MFA",
             .tag = "MFA", .request_schema = "MfaPolicy", .response_schema = "MfaPolicy"});
}

}  // namespace rapport::access
