// GET /api/v1/ws: WebSocket clients hear about their own workspace's changes (and only those), the
// endpoint refuses callers without credentials and plain HTTP requests, and on PostgreSQL a client
// of one node hears about writes made through another node.
#include <cstdlib>

#include "tenancy_fixture.hpp"
#include "ws_client.hpp"

namespace rapport::testing {
namespace {

class Realtime : public Tenancy {
 protected:
  // Reads messages until one of type `type` about `object_id` arrives (skipping others); its JSON,
  // or null when none came within the wait.
  static json::value wait_for_event(WsClient& ws, const std::string& type, const std::string& object_id,
                                    std::chrono::milliseconds wait = std::chrono::seconds(20)) {
    auto deadline = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < deadline) {
      auto m = ws.next(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
      if (!m) break;
      auto j = json::parse(*m);
      if (text(j, "op") == "event" && text(j, "type") == type && text(j, "object_id") == object_id) return j;
    }
    return nullptr;
  }
  static void expect_ready(WsClient& ws) {
    auto m = ws.next();
    ASSERT_TRUE(m) << "no ready message";
    EXPECT_EQ(*m, R"({"op":"ready"})");
  }
};

TEST_F(Realtime, ClientsHearTheirWorkspacesChanges) {
  WsClient ws;
  ASSERT_EQ(ws.connect(server_->port(), token_a_), 101);
  expect_ready(ws);

  auto id = create_a("/api/v1/contacts", json::object{{"first_name", "Ada"}, {"last_name", "Lovelace"}});
  auto created = wait_for_event(ws, "contact.created", id);
  ASSERT_TRUE(created.is_object()) << "no contact.created notice";
  EXPECT_EQ(text(created, "object_type"), "contacts");
  EXPECT_TRUE(created.as_object().at("id").is_int64());
  EXPECT_FALSE(created.as_object().contains("payload")) << "notices never carry the record";
  EXPECT_EQ(json::serialize(created).find("Lovelace"), std::string::npos);

  json::value patch = json::object{{"job_title", "Analyst"}};
  ASSERT_EQ(as_a("PATCH", "/api/v1/contacts/" + id, &patch).status, 200);
  EXPECT_TRUE(wait_for_event(ws, "contact.updated", id).is_object());
  ASSERT_EQ(as_a("DELETE", "/api/v1/contacts/" + id).status, 204);
  EXPECT_TRUE(wait_for_event(ws, "contact.deleted", id).is_object());

  ws.send(R"({"op":"ping"})");
  auto pong = ws.next();
  ASSERT_TRUE(pong);
  EXPECT_EQ(*pong, R"({"op":"pong"})");

  auto metrics = a_->request("GET", "/metrics");
  EXPECT_NE(metrics.body.find("rapport_websocket_connections 1"), std::string::npos) << metrics.body;
}

TEST_F(Realtime, AnotherWorkspacesChangesAreNeverHeard) {
  WsClient ws_b;
  ASSERT_EQ(ws_b.connect(server_->port(), token_b_), 101);
  expect_ready(ws_b);
  auto a_id = create_a("/api/v1/contacts", json::object{{"first_name", "Only"}, {"last_name", "InA"}});
  auto b_id = create_b("/api/v1/contacts", json::object{{"first_name", "Only"}, {"last_name", "InB"}});
  // B's own event arrives; A's, relayed before it, never did (a resync notice may come first).
  std::optional<std::string> m;
  for (m = ws_b.next(); m && m->find("\"op\":\"event\"") == std::string::npos; m = ws_b.next()) {
  }
  ASSERT_TRUE(m);
  auto j = json::parse(*m);
  EXPECT_EQ(text(j, "object_id"), b_id) << *m;
  EXPECT_EQ(m->find(a_id), std::string::npos);
}

TEST_F(Realtime, RefusesCallersWithoutCredentialsAndPlainRequests) {
  WsClient anonymous;
  EXPECT_EQ(anonymous.connect(server_->port(), ""), 401);
  WsClient wrong;
  EXPECT_EQ(wrong.connect(server_->port(), "rps_not-a-real-token"), 401);
  auto plain = as_a("GET", "/api/v1/ws");
  EXPECT_EQ(plain.status, 426) << plain.body;
  EXPECT_EQ(plain.header("upgrade"), "websocket");
  EXPECT_EQ(text(plain.json(), "type"), "https://rapport.dev/problems/upgrade-required");
}

TEST_F(Realtime, ShutdownClosesWebSocketsAndStopsCleanly) {
  WsClient ws;
  ASSERT_EQ(ws.connect(server_->port(), token_a_), 101);
  expect_ready(ws);
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(server_->stop(), 0);
  // Far below the WebSocket's 60 s idle limit, which is what an open socket would make stop() wait.
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(30));
  EXPECT_FALSE(ws.next(std::chrono::seconds(2)));
  EXPECT_FALSE(ws.open()) << "the server closed the WebSocket";
}

// Two nodes on one PostgreSQL database: the second node runs on the first one's data directory,
// which the harness maps to the same database.
TEST_F(Realtime, ClientsOfOneNodeHearWritesMadeThroughAnother) {
  const char* backend = std::getenv("RAPPORT_TEST_BACKEND");
  if (!backend || std::string(backend) != "postgres") GTEST_SKIP() << "several nodes need PostgreSQL";
  ServerProcess node2({}, server_->data_dir());
  HttpClient c2(node2.port());
  auto token2 = login(c2, ServerProcess::admin_email(), ServerProcess::admin_password());
  // A node hears other nodes' writes once its listener has said LISTEN (before it, its clients are
  // told to resync instead): on a loaded machine that can come after the node answers requests.
  HttpClient c1(server_->port());
  for (HttpClient* node : {&c1, &c2}) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (node->request("GET", "/metrics").body.find("rapport_events_listener_up 1") == std::string::npos &&
           std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  WsClient on2;
  ASSERT_EQ(on2.connect(node2.port(), token2), 101);
  expect_ready(on2);
  WsClient on1;
  ASSERT_EQ(on1.connect(server_->port(), token_a_), 101);
  expect_ready(on1);
  auto id = create_a("/api/v1/contacts", json::object{{"first_name", "Cross"}, {"last_name", "Node"}});
  EXPECT_TRUE(wait_for_event(on2, "contact.created", id).is_object()) << "node 2's client did not hear node 1's write";
  EXPECT_TRUE(wait_for_event(on1, "contact.created", id).is_object()) << "node 1's client did not hear its own write";
  json::value body = json::object{{"first_name", "Back"}, {"last_name", "Again"}};
  auto r = c2.call("POST", "/api/v1/contacts", token2, &body);
  ASSERT_EQ(r.status, 201);
  EXPECT_TRUE(wait_for_event(on1, "contact.created", text(r.json(), "id")).is_object());
}

}  // namespace
}  // namespace rapport::testing
