// Real-time notices across nodes, through the shipped nginx configuration: a WebSocket client
// connected through nginx (location = /api/v1/ws) hears writes made directly on either node, since
// each node's relay NOTIFYs and each node's listener passes notices on to its own clients.
#include "multinode_deployment.hpp"
#include "platform/db/pg_test_support.hpp"
#include "tenancy_helpers.hpp"
#include "ws_client.hpp"

namespace rapport::testing {
namespace {

// Reads until an event notice about object_id arrives; its type, or "" when none came in time.
std::string event_type_for(WsClient& ws, const std::string& object_id) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);  // spent only when no notice comes
  while (std::chrono::steady_clock::now() < deadline) {
    auto m = ws.next(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
    if (!m) return "";
    auto j = json::parse(*m);
    if (text(j, "op") == "event" && text(j, "object_id") == object_id) return text(j, "type");
  }
  return "";
}

TEST(MultiNode, WebSocketThroughNginxHearsWritesMadeOnEitherNode) {
  RAPPORT_REQUIRE_PG();
  if (nginx_binary().empty()) {
    if (db::pg_test_required()) FAIL() << "nginx is not installed (scripts/install-deps.sh installs it)";
    GTEST_SKIP() << "nginx is not installed";
  }
  SharedDatabase db;
  Node a(db.url());
  Node b(db.url());
  Nginx lb({a.port(), b.port()});
  HttpClient front(lb.port());
  const std::string token = login(front, ServerProcess::admin_email(), ServerProcess::admin_password());
  ASSERT_FALSE(token.empty()) << lb.error_log();

  WsClient ws;
  ASSERT_EQ(ws.connect(lb.port(), token), 101) << lb.error_log();
  auto ready = ws.next();
  ASSERT_TRUE(ready);
  EXPECT_EQ(*ready, R"({"op":"ready"})");

  for (auto* node : {&a, &b}) {
    HttpClient direct(node->port());
    json::value body = json::object{{"first_name", "Heard"}, {"last_name", "Through nginx"}};
    auto r = direct.call("POST", "/api/v1/contacts", token, &body);
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(event_type_for(ws, text(r.json(), "id")), "contact.created")
        << "the client did not hear a write made on the node at port " << node->port();
  }
  // The client's connection stays usable through nginx.
  ws.send(R"({"op":"ping"})");
  auto pong = ws.next();
  ASSERT_TRUE(pong);
  EXPECT_EQ(*pong, R"({"op":"pong"})");
}

}  // namespace
}  // namespace rapport::testing
