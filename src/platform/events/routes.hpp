// GET /api/v1/ws: the real-time feed of a workspace over WebSocket. The caller authenticates like
// any API call (Authorization header; a browser's session cookie once there is one). After the
// handshake the server sends {"op":"ready"}, then one notice per event of the caller's workspace
// (see event.hpp), {"op":"resync"} when notices may have been missed, and {"op":"pong"} for each
// {"op":"ping"} the client sends.
#pragma once
#include "platform/events/hub.hpp"
#include "platform/http/api.hpp"

namespace rapport::events {

void add_routes(http::Api& api, Hub& hub);

}  // namespace rapport::events
