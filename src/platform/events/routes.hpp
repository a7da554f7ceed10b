// GET /api/v1/ws: the real-time feed of a workspace over WebSocket. The caller authenticates like
// any API call (Authorization header, or a browser's session cookie). After the handshake the server
// sends {"op":"ready"}, then one notice per event of the caller's workspace that the caller's role
// lets them read (audience.hpp), {"op":"import"} notices of the imports they started (admins: all;
// notice.hpp), {"op":"resync"} when notices may have been missed, and {"op":"pong"}
// for each {"op":"ping"} the client sends. The socket is closed (1008) when its credential ends or
// its role reads less (hub.hpp: rechecked every period).
//
// A browser sends the page's Origin with the upgrade: an origin other than the server's own (the
// Host the request was sent to) or one of `allowed_origins` is refused with 403, so another site
// cannot open a socket with the user's session cookie. Requests without Origin (non-browser
// clients, which hold their own credential) are accepted.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "platform/db/database.hpp"
#include "platform/events/hub.hpp"
#include "platform/http/api.hpp"

namespace rapport::events {

// Given the upgrade request, a function that reads the same credential again later: the caller's
// current context, or a problem once the credential ended (revoked, expired, user deactivated).
using Recheck = std::function<Result<identity::Context>()>;
using Rechecker = std::function<Recheck(const http::Request&)>;

struct RealtimeOptions {
  std::vector<std::string> allowed_origins;  // "https://app.example.com", besides the server's own
};

void add_routes(http::Api& api, Hub& hub, db::Database& db, Rechecker rechecker, RealtimeOptions options = {});

// Whether a WebSocket upgrade's Origin header may open a socket: absent, the server's own (its host
// and port equal the Host header, case-insensitively) or one of `allowed` (scheme://host[:port]).
bool origin_allowed(std::string_view origin, std::string_view host, const std::vector<std::string>& allowed);

}  // namespace rapport::events
