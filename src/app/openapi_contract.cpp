// What every operation of the OpenAPI document shares beyond its own schemas: the headers of its
// answers, the answers of the guards in front of every handler (429, 503), the problem types and the
// ways to authenticate. Each statement here follows the code that makes it true (named beside it).
#include "app/openapi_schema.hpp"
#include "platform/problem.hpp"

namespace rapport::app {
namespace json = boost::json;

namespace {

json::object header_ref(const char* name) { return {{"$ref", "#/components/headers/" + std::string(name)}}; }

json::object header(const char* description, json::object schema) {
  return {{"description", description}, {"schema", std::move(schema)}};
}

}  // namespace

json::object contract_headers() {
  return {
      // http/server.cpp (respond, Refusal, fail) and websocket_session.cpp (the 101): every answer.
      {"X-Request-Id",
       header("The request's id: the client's X-Request-Id when it is 1 to 64 letters, digits, '-', '_' or '.', "
              "else one the server made. Every answer carries it; the access log and audit entries name it.",
              str())},
      // http::etag: the record's version in quotes.
      {"ETag", header("The version of the record in this answer as a strong entity tag (e.g. \"3\"); send it in "
                      "If-Match to change the record only if nobody changed it since (412 otherwise).",
                      str())},
      {"Location", header("The path of the resource this request created.", str())},
      // records::write_response: a stored answer sent again for the same Idempotency-Key.
      {"Idempotent-Replayed",
       header("Present (\"true\") when this answer is the stored answer of an earlier request with the same "
              "Idempotency-Key (nothing was written again); absent on the first answer.",
              json::object{{"type", "string"}, {"enum", json::array{"true"}}})},
      // Api::admit and the login throttle (429); http::problem, the connection limit (503).
      {"Retry-After", header("Whole seconds to wait before sending the request again.",
                             json::object{{"type", "integer"}, {"minimum", 1}})},
      {"WWW-Authenticate", header("Bearer: send a session token or an API key in Authorization.", str())},
  };
}

json::object security_schemes() {
  return {
      {"sessionToken",
       json::object{{"type", "http"},
                    {"scheme", "bearer"},
                    {"description", "A session token (rps_...) from POST /api/v1/auth/login, sent as Authorization: "
                                    "Bearer <token>. It acts as the signed-in person."}}},
      {"apiKey",
       json::object{{"type", "http"},
                    {"scheme", "bearer"},
                    {"description", "An API key (rpk_...) from POST /api/v1/api-keys, sent as Authorization: Bearer "
                                    "<key>. It acts with its own role (at most its user's); routes that need the person "
                                    "(password, MFA) refuse it with 403."}}},
      // modules/email/inbound_secret.hpp: POST /api/v1/inbound-email only.
      {"inboundSecret",
       json::object{{"type", "http"},
                    {"scheme", "bearer"},
                    {"description", "The workspace's inbound-email secret (rpi_...) from POST /api/v1/email/inbound-secret, "
                                    "sent as Authorization: Bearer <secret> by the MTA or forwarding service. It does "
                                    "nothing but post mail to POST /api/v1/inbound-email."}}},
      // access/browser_session.hpp; checked in Application::build_routes.
      {"sessionCookie",
       json::object{{"type", "apiKey"},
                    {"in", "cookie"},
                    {"name", "rapport_session"},
                    {"description", "A browser session: POST /api/v1/auth/login with \"cookie\": true sets this HttpOnly, "
                                    "SameSite=Strict cookie and answers a csrf_token (GET /api/v1/auth/me with the cookie "
                                    "answers it again). Every request made with the cookie "
                                    "other than GET, HEAD and OPTIONS must send that token in the X-CSRF-Token header "
                                    "(403, type .../csrf-token-missing, without it). Used only when the request has no "
                                    "Authorization header."}}},
  };
}

json::object problem_type_schema() {
  json::array uris{"about:blank"};
  json::array listed;
  std::string text = "What the problem is; clients branch on it. about:blank: an unexpected error (500).";
  for (const auto& t : kProblemTypes) {
    const std::string uri = problem_type_uri(t.slug);
    uris.push_back(json::value(uri));
    listed.push_back(json::object{{"type", uri}, {"status", t.status}, {"meaning", t.meaning}});
    text += "\n- `" + uri + "` (" + std::to_string(t.status) + "): " + std::string(t.meaning);
  }
  return {{"type", "string"}, {"enum", std::move(uris)}, {"description", std::move(text)}, {"x-problem-types", std::move(listed)}};
}

void add_contract(const http::Route& r, json::object& op, json::object& responses) {
  const auto& d = r.doc;
  auto problem = [](std::string description) {
    return json::object{{"description", std::move(description)},
                        {"content", json::object{{"application/problem+json", json::object{{"schema", ref("Problem")}}}}}};
  };
  auto type = [](const char* slug) {
    std::string quoted(1, '`');
    quoted.append(problem_type_uri(slug)).push_back('`');
    return quoted;
  };
  if (!d.is_public) {
    // Api::admit: every authenticated route is behind the caller's rate limit (--rate-limit, on by default).
    std::string why = "Too many requests: " + type("rate-limited") + ", this caller's rate beyond --rate-limit";
    if (d.sign_in_attempt) why += "; or " + type("login-throttled") + ", repeated wrong passwords or codes";
    responses["429"] = problem(why);
  } else if (d.sign_in_attempt) {
    responses["429"] = problem("Too many failed sign-ins for this account or address: " + type("login-throttled"));
    // access/login.cpp: a sign-in that fails answers 401 (no WWW-Authenticate: it is not a credential check).
    responses["401"] = problem("Unknown e-mail address or wrong password (" + type("unauthorized") + "), or the account "
                               "uses MFA and no valid code was sent (" + type("mfa-required") + ")");
  }
  // Any request: a connection beyond --max-connections (http/server.cpp Refusal), and on any route that
  // reads or writes the database, the database unreachable or the server shutting down.
  // A route that says more about its own 503 (readiness) keeps its words; the type is the same.
  const std::string unavailable = type("unavailable");
  if (auto* own = responses.if_contains("503"))
    own->as_object()["description"] = unavailable + ": " + std::string(own->as_object().at("description").as_string());
  else
    responses["503"] = problem(unavailable + ": temporarily unavailable (the database is not reachable, the server is "
                                             "shutting down or has as many connections open as it accepts); nothing was written, unless "
                                             "the detail says the database went while committing (then the write is in doubt: "
                                             "read it back or retry with the same Idempotency-Key)");
  // Any write: the database's storage full (db::StorageFull: SQLite's SQLITE_FULL, PostgreSQL's disk_full).
  if (r.method != "GET" && r.method != "HEAD")
    responses["507"] = problem(type("insufficient-storage") + ": the database's storage is full; nothing was written, "
                                                               "reads go on, writes work again once space is freed");
  if (!d.credential.empty()) {
    // Api::credential_route: the route's own credential only (no session, key or cookie, so no CSRF).
    op["security"] = json::array{json::object{{d.credential, json::array{}}}};
    if (auto* unauthorized = responses.if_contains("401"))
      unauthorized->as_object()["headers"] = json::object{{"WWW-Authenticate", header_ref("WWW-Authenticate")}};
  } else if (!d.is_public) {
    std::string forbidden = responses.contains("403") ? std::string(responses["403"].at("description").as_string()) : "";
    forbidden += (forbidden.empty() ? "" : "; ") + std::string("with the session cookie, a request other than GET without "
                                                               "X-CSRF-Token: ") +
                 type("csrf-token-missing");
    if (d.session_only) forbidden += "; an API key: this route needs the signed-in person (" + type("forbidden") + ")";
    responses["403"] = problem(forbidden);
    json::array security{json::object{{"sessionToken", json::array{}}}, json::object{{"sessionCookie", json::array{}}}};
    if (!d.session_only) security.emplace(security.begin() + 1, json::object{{"apiKey", json::array{}}});
    op["security"] = std::move(security);
    if (r.method != "GET") {
      auto& params = op["parameters"];
      if (!params.is_array()) params = json::array{};
      params.as_array().push_back(json::object{
          {"name", "X-CSRF-Token"},
          {"in", "header"},
          {"description", "Required with the session cookie (sessionCookie): the csrf_token of the sign-in. Not needed "
                          "with Authorization."},
          {"schema", str()}});
    }
    if (auto* unauthorized = responses.if_contains("401"))
      unauthorized->as_object()["headers"] = json::object{{"WWW-Authenticate", header_ref("WWW-Authenticate")}};
  }
  for (auto& [status, response] : responses) {
    json::object headers{{"X-Request-Id", header_ref("X-Request-Id")}};
    if (status == "429" || status == "503") headers["Retry-After"] = header_ref("Retry-After");
    if (status == std::to_string(d.success_status)) {
      if (d.sends_etag) headers["ETag"] = header_ref("ETag");
      if (d.sends_location) headers["Location"] = header_ref("Location");
      if (d.idempotent_post) headers["Idempotent-Replayed"] = header_ref("Idempotent-Replayed");
    }
    auto& o = response.as_object();
    if (auto* existing = o.if_contains("headers"))
      for (const auto& [k, v] : existing->as_object()) headers[k] = v;
    o["headers"] = std::move(headers);
  }
}

}  // namespace rapport::app
