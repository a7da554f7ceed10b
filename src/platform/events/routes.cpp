#include "platform/events/routes.hpp"

#include <algorithm>
#include <cctype>

#include "platform/http/websocket.hpp"
#include "platform/ascii.hpp"

namespace rapport::events {

namespace {

using ascii::lower;

std::string_view trim_slash(std::string_view s) {
  while (!s.empty() && s.back() == '/') s.remove_suffix(1);
  return s;
}

// The audience of a context as the subscriber's filter (see audience.hpp); a database read only for
// a role with a "team" scope.
Audience read_audience(db::Database& db, const identity::Context& ctx) {
  if (!needs_team(ctx)) return Audience{ctx, {}};
  return db.read([&](db::Connection& c) { return audience_of(c, ctx); });
}

}  // namespace

bool origin_allowed(std::string_view origin, std::string_view host, const std::vector<std::string>& allowed) {
  if (origin.empty()) return true;
  std::string o = lower(trim_slash(origin));
  for (const auto& a : allowed)
    if (o == lower(trim_slash(a))) return true;
  // scheme://host[:port]: the part after the scheme must be the Host the browser sent the upgrade to.
  auto sep = o.find("://");
  if (sep == std::string::npos || host.empty()) return false;
  std::string_view authority = std::string_view(o).substr(sep + 3);
  if (authority.find_first_of("/?#@") != std::string_view::npos) return false;
  return authority == lower(host);
}

void add_routes(http::Api& api, Hub& hub, db::Database& db, Rechecker rechecker, RealtimeOptions options) {
  http::RouteDoc doc;
  doc.summary = "Real-time notices of the workspace's changes you may read (WebSocket)";
  doc.description =
      "Messages are JSON text: {\"op\":\"ready\"} once subscribed; {\"op\":\"event\",\"id\",\"type\",\"object\",\"object_id\",\"occurred_at\"} per change "
      "of a record your role lets you read (its read scope on the object; fetch the record through the API); "
      "{\"op\":\"resync\"} when notices may have been missed; {\"op\":\"import\",\"import\":{id, object, state, dry_run, counts, progress, error, created_by}} while an import you started (or, for admins, any import) runs, at most 4 a second and at each change of state; {\"op\":\"pong\"} answering {\"op\":\"ping\"}. The server "
      "closes the socket with 1008 when its credential ends (logout, revoked session or key, deactivated user, password "
      "change) or the role reads less, within a few seconds. An Origin other than the server's own (or a configured "
      "one, --allowed-origin) is refused with 403.";
  doc.tag = "Realtime";
  doc.success_status = 101;
  doc.response_content_type = "";
  api.route(
      "GET", "/api/v1/ws",
      [&hub, &db, rechecker = std::move(rechecker), options = std::move(options)](http::Request& req,
                                                                                   const identity::Context& ctx) -> http::Response {
        if (!origin_allowed(req.header("Origin"), req.header("Host"), options.allowed_origins))
          return http::fail(Problem{403, "Forbidden", "WebSocket connections from this origin are not allowed", {}, "origin-not-allowed"},
                            req);
        if (!http::is_websocket_upgrade(req)) {
          Problem p{426, "Upgrade Required", "This endpoint speaks WebSocket only: send an Upgrade: websocket request",
                    {}, "upgrade-required"};
          http::Response r = http::fail(p, req);
          r.header("Upgrade", "websocket");
          return r;
        }
        // Read before the upgrade (on a worker): whose events this socket may carry.
        auto audience = std::make_shared<Audience>(read_audience(db, ctx));
        Recheck recheck = rechecker(req);
        http::Response r;
        r.status = 101;
        r.content_type.clear();
        r.upgrade = [&hub, &db, audience, recheck, workspace = ctx.workspace_id](std::shared_ptr<http::WebSocket> ws) {
          // "ready" is queued before subscribing, so it is always the first message; an event in
          // between is one that committed before the client connected.
          ws->send(std::make_shared<const std::string>(R"({"op":"ready"})"));
          std::weak_ptr<http::WebSocket> weak = ws;
          Hub::Subscriber sub;
          sub.deliver = [weak](const std::shared_ptr<const std::string>& m) {
            auto s = weak.lock();
            return s && s->send(m);
          };
          sub.recheck = [&db, recheck, workspace]() -> std::optional<Audience> {
            auto now = recheck();
            // A credential that ended, or one that must enrol in MFA first (the route is closed then).
            if (!now || now->workspace_id != workspace || now->mfa_enrollment_required) return std::nullopt;
            return read_audience(db, *now);
          };
          sub.close = [weak](const char* reason) {
            if (auto s = weak.lock()) s->close_for_policy(reason);
          };
          auto token = hub.subscribe(workspace, std::move(*audience), std::move(sub));
          ws->on_close([&hub, token] { hub.unsubscribe(token); });
        };
        return r;
      },
      doc);
}

}  // namespace rapport::events
