#include "platform/http/api.hpp"

#include <algorithm>
#include <optional>

#include "platform/clock.hpp"

namespace rapport::http {

namespace {

Response refusal(const Problem& p, const Request& req) {
  Response r = fail(p, req);
  if (p.status == 401) r.header("WWW-Authenticate", "Bearer");
  return r;
}

// 400 for the first query parameter that is not among the accepted names (filter[...] counts as filter).
std::optional<Response> undeclared_query(const Request& req, const std::vector<std::string>& accepted) {
  for (const auto& [k, v] : req.query) {
    std::string_view name = k;
    if (auto bracket = name.find('['); bracket != std::string_view::npos && name.substr(0, bracket) == "filter") name = "filter";
    if (std::find(accepted.begin(), accepted.end(), name) == accepted.end()) {
      std::string names;
      for (const auto& a : accepted) names += (names.empty() ? "" : ", ") + a;
      return fail(Problem::bad_request("Unknown query parameter '" + k + "'" + (names.empty() ? " (this route takes none)" : " (" + names + ")")), req);
    }
  }
  return std::nullopt;
}

}  // namespace

Api::Gate Api::gate_of(const RouteDoc& doc) {
  Gate g;
  g.during_mfa_enrolment = doc.during_mfa_enrolment;
  if (doc.strict_query) {
    g.accepted_query.emplace();
    for (const auto& q : doc.query_params) g.accepted_query->push_back(q.name);
    if (doc.list) g.accepted_query->insert(g.accepted_query->end(), {"limit", "cursor", "sort", "count", "filter"});
    else if (doc.list_filters) g.accepted_query->insert(g.accepted_query->end(), {"sort", "filter"});
  }
  return g;
}

std::variant<identity::Context, Response> Api::admit(Request& req, const Authenticator& auth, const Gate& gate, bool charge) {
  auto ctx = auth(req);
  if (!ctx) return refusal(ctx.problem(), req);
  ctx->request_id = req.request_id;
  req.workspace_id = ctx->workspace_id;
  req.user_id = ctx->user_id;
  req.api_key_id = ctx->api_key_id;
  if (ctx->mfa_enrollment_required && !gate.during_mfa_enrolment)
    return fail(Problem{403, "Forbidden",
                        "Your role requires multi-factor authentication: enrol at POST /api/v1/auth/mfa/enroll and "
                        "confirm at POST /api/v1/auth/mfa/confirm first",
                        {}, "mfa-enrollment-required"},
                req);
  if (limiter_) {
    const int64_t now = clock::now_ms();
    if (int wait = charge ? limiter_->take(ctx->actor(), now) : limiter_->wait(ctx->actor(), now); wait > 0) {
      Response r = fail(Problem{429, "Too Many Requests",
                                "This caller sent more requests than the server's rate limit allows; retry after " +
                                    std::to_string(wait) + " s",
                                {}, "rate-limited"},
                        req);
      r.header("Retry-After", std::to_string(wait));
      return r;
    }
  }
  if (gate.accepted_query)
    if (auto refused = undeclared_query(req, *gate.accepted_query)) return std::move(*refused);
  return std::move(*ctx);
}

std::optional<Response> Api::refuse_early(Request& req, const RouteDoc& doc) {
  auto admitted = admit(req, auth_, gate_of(doc), false);
  if (auto* refused = std::get_if<Response>(&admitted)) return std::move(*refused);
  return std::nullopt;
}

Route& Api::route(std::string method, std::string pattern, ApiHandler h, RouteDoc doc) {
  auto wrapped = [this, gate = gate_of(doc), h = std::move(h)](Request& req) -> Response {
    auto admitted = admit(req, auth_, gate, true);
    if (auto* refused = std::get_if<Response>(&admitted)) return std::move(*refused);
    return h(req, std::get<identity::Context>(admitted));
  };
  return router_.add(std::move(method), std::move(pattern), std::move(wrapped), std::move(doc));
}

Route& Api::credential_route(std::string method, std::string pattern, Authenticator check, ApiHandler h, RouteDoc doc,
                             std::size_t body_limit) {
  auto gate = gate_of(doc);
  auto wrapped = [this, gate, check, h = std::move(h)](Request& req) -> Response {
    auto admitted = admit(req, check, gate, true);
    if (auto* refused = std::get_if<Response>(&admitted)) return std::move(*refused);
    return h(req, std::get<identity::Context>(admitted));
  };
  Route& r = router_.add(std::move(method), std::move(pattern), std::move(wrapped), std::move(doc));
  r.body_limit = body_limit;
  r.refuse_early = [this, gate, check = std::move(check)](Request& req) -> std::optional<Response> {
    auto admitted = admit(req, check, gate, false);
    if (auto* refused = std::get_if<Response>(&admitted)) return std::move(*refused);
    return std::nullopt;
  };
  return r;
}

Route& Api::public_route(std::string method, std::string pattern, Handler h, RouteDoc doc) {
  doc.is_public = true;
  if (auto accepted = gate_of(doc).accepted_query)
    h = [accepted = std::move(*accepted), h = std::move(h)](Request& req) -> Response {
      if (auto refused = undeclared_query(req, accepted)) return std::move(*refused);
      return h(req);
    };
  Route& r = router_.add(std::move(method), std::move(pattern), std::move(h), std::move(doc));
  // Anyone may call a public route, so none makes the server hold a large body for an anonymous
  // client (a sign-in is a few hundred bytes).
  r.body_limit = kPublicBodyLimit;
  return r;
}

Response fail(const Problem& p, const Request& req) { return problem(p, req.path); }

std::string etag(int64_t version) {
  std::string tag(1, '"');
  tag.append(std::to_string(version)).push_back('"');
  return tag;
}

bool if_match_allows(std::string_view h, int64_t version) {
  if (h.empty()) return true;
  std::string want = etag(version);
  // A list of entity tags separated by commas; weak tags (W/"...") compare by their value.
  std::size_t i = 0;
  while (i < h.size()) {
    std::size_t j = h.find(',', i);
    if (j == std::string_view::npos) j = h.size();
    std::string_view tag = h.substr(i, j - i);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag == "*") return true;
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (tag == want) return true;
    i = j + 1;
  }
  return false;
}

}  // namespace rapport::http
