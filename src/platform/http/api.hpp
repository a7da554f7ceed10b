// Registers API routes that need a caller: the wrapper authenticates the request, turns a failure
// into 401 and hands the handler an access context. Public routes (login, health) skip it.
#pragma once
#include <functional>
#include <memory>
#include <optional>

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
  Router& router() { return router_; }
  // The answer refusing req's credentials (401, or 403 for a cookie without its CSRF token), judged
  // on the header alone; nullopt when they are good. The server asks before reading a large body.
  std::optional<Response> refuse_credentials(const Request& req);
  // Limits each authenticated caller's request rate (429 with Retry-After beyond it); null: no limit.
  void set_rate_limiter(std::shared_ptr<RateLimiter> limiter) { limiter_ = std::move(limiter); }

 private:
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
