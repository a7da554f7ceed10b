// Registers API routes that need a caller: the wrapper authenticates the request, turns a failure
// into 401 and hands the handler an access context. Public routes (login, health) skip it.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "platform/identity/context.hpp"
#include "platform/http/rate_limiter.hpp"
#include "platform/http/router.hpp"

namespace rapport::http {

using ApiHandler = std::function<Response(Request&, const identity::Context&)>;

class Api {
 public:
  using Authenticator = std::function<Result<identity::Context>(const Request&)>;
  Api(Router& router, Authenticator auth) : router_(router), auth_(std::move(auth)) {}

  Route& route(std::string method, std::string pattern, ApiHandler h, RouteDoc doc);
  // A route anyone may call; its body limit is kPublicBodyLimit (413 beyond).
  Route& public_route(std::string method, std::string pattern, Handler h, RouteDoc doc);
  static constexpr std::size_t kPublicBodyLimit = 16 * 1024;
  // A route whose caller holds a credential of the route's own instead of a person's (an MTA posting
  // mail with a workspace's inbound secret): `check` reads the request's header and answers the
  // context the handler acts in, or a problem (401, with WWW-Authenticate). It runs, with the rate
  // limit and the query check, before the body is read (Route::refuse_early), so a large body
  // (up to `body_limit`, 413 beyond) is read only for a caller who holds the credential.
  // doc.credential names the route's security scheme in the API document.
  Route& credential_route(std::string method, std::string pattern, Authenticator check, ApiHandler h, RouteDoc doc,
                          std::size_t body_limit);
  Router& router() { return router_; }
  // The answer the route's wrapper would give req before its handler, judged on the header alone:
  // credentials (401, or 403 for a cookie without its CSRF token), MFA enrolment (403), the caller's
  // rate (429, asked without taking a request from it) and undeclared query parameters (400);
  // nullopt when it would reach the handler. The server asks before reading a large body.
  std::optional<Response> refuse_early(Request& req, const RouteDoc& doc);
  // Limits each authenticated caller's request rate (429 with Retry-After beyond it); null: no limit.
  void set_rate_limiter(std::shared_ptr<RateLimiter> limiter) { limiter_ = std::move(limiter); }

 private:
  // What the wrapper checks before a handler, derived once from the route's doc.
  struct Gate {
    bool during_mfa_enrolment = false;
    std::optional<std::vector<std::string>> accepted_query;  // strict_query: the declared names
  };
  static Gate gate_of(const RouteDoc& doc);
  // The checks of refuse_early, in the wrapper's order, with `auth` the route's authenticator;
  // `charge` takes a request from the caller's rate.
  std::variant<identity::Context, Response> admit(Request& req, const Authenticator& auth, const Gate& gate, bool charge);

  Router& router_;
  Authenticator auth_;
  std::shared_ptr<RateLimiter> limiter_;
};

// A problem response whose `instance` is the request path.
Response fail(const Problem& p, const Request& req);
// ETag of a record version, and whether an If-Match header allows writing that version.
std::string etag(int64_t version);
bool if_match_allows(std::string_view if_match, int64_t version);

}  // namespace rapport::http
