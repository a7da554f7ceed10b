#include "platform/events/routes.hpp"

#include "platform/http/websocket.hpp"

namespace rapport::events {

void add_routes(http::Api& api, Hub& hub) {
  http::RouteDoc doc;
  doc.summary = "Real-time notices of the workspace's changes (WebSocket)";
  doc.description =
      "Messages are JSON text: {\"op\":\"ready\"} once subscribed; {\"op\":\"event\",\"id\",\"type\",\"object\",\"object_id\",\"occurred_at\"} per change "
      "(fetch the record through the API); {\"op\":\"resync\"} when notices may have been missed; "
      "{\"op\":\"pong\"} answering {\"op\":\"ping\"}.";
  doc.tag = "Realtime";
  doc.success_status = 101;
  doc.response_content_type = "";
  api.route(
      "GET", "/api/v1/ws",
      [&hub](http::Request& req, const access::Context& ctx) -> http::Response {
        if (!http::is_websocket_upgrade(req)) {
          Problem p{426, "Upgrade Required", "This endpoint speaks WebSocket only: send an Upgrade: websocket request",
                    {}, "upgrade-required"};
          http::Response r = http::fail(p, req);
          r.header("Upgrade", "websocket");
          return r;
        }
        http::Response r;
        r.status = 101;
        r.content_type.clear();
        r.upgrade = [&hub, workspace = ctx.workspace_id](std::shared_ptr<http::WebSocket> ws) {
          // "ready" is queued before subscribing, so it is always the first message; an event in
          // between is one that committed before the client connected.
          ws->send(std::make_shared<const std::string>(R"({"op":"ready"})"));
          std::weak_ptr<http::WebSocket> weak = ws;
          auto token = hub.subscribe(workspace, [weak](const std::shared_ptr<const std::string>& m) {
            auto s = weak.lock();
            return s && s->send(m);
          });
          ws->on_close([&hub, token] { hub.unsubscribe(token); });
        };
        return r;
      },
      doc);
}

}  // namespace rapport::events
