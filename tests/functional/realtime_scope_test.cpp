// The WebSocket feed under the receiver's role: notices only about records its read scope covers (own,
// team, none), sockets closed when their credential ends (logout, a revoked session, deactivation, a
// password change, a role that reads less) on every node, and upgrades from foreign origins refused.
// The suite's server rechecks sockets every 200 ms (--ws-recheck-ms).
#include <algorithm>
#include <cstdlib>

#include "access_fixture.hpp"
#include "ws_client.hpp"

namespace rapport::testing {
namespace {

constexpr const char* kAllowedOrigin = "https://app.example.test";

class RealtimeScope : public Access {
 protected:
  static void SetUpTestSuite() {
    server_args_ = {"--ws-recheck-ms", "200", "--allowed-origin", kAllowedOrigin};
    Access::SetUpTestSuite();
    server_args_.clear();
    // Reads its teams' contacts and nothing else.
    json::value role = json::object{{"name", "team_contacts"},
                                    {"permissions", json::object{{"contacts", json::object{{"read", "team"}}}}}};
    auto r = client_->call("POST", "/api/v1/roles", token_, &role);
    ASSERT_EQ(r.status, 201) << r.body;
    add_member("east_viewer", "team_contacts", {json::value(east_)});
  }

  // Opens a socket as `token` and reads its "ready".
  static std::unique_ptr<WsClient> socket(const std::string& token, unsigned short port = 0) {
    auto ws = std::make_unique<WsClient>();
    EXPECT_EQ(ws->connect(port ? port : server_->port(), token), 101);
    auto m = ws->next();
    EXPECT_TRUE(m && *m == R"({"op":"ready"})");
    return ws;
  }

  // The object ids of the event notices `ws` receives up to (and including) the one about `last`.
  static std::vector<std::string> heard_until(WsClient& ws, const std::string& last) {
    std::vector<std::string> ids;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      auto m = ws.next(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
      if (!m) break;
      auto j = json::parse(*m);
      if (text(j, "op") != "event") continue;
      ids.push_back(text(j, "object_id"));
      if (ids.back() == last) return ids;
    }
    ADD_FAILURE() << "no notice about " << last;
    return ids;
  }

  static bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  }

  // Whether `ws` comes to hear about contacts of `owner_key` (within 10 s, once a recheck took in a
  // change): creates one, then one of `heard_key` that `ws` always hears, until the first is heard too.
  bool eventually_hears(WsClient& ws, const std::string& owner_key, const std::string& heard_key) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      std::string id = contact_of(owner_key, "Probe");
      if (contains(heard_until(ws, contact_of(heard_key, "ProbeSentinel")), id)) return true;
    }
    return false;
  }

  std::string contact_of(const std::string& owner_key, const std::string& name) {
    return create("contacts", json::object{{"last_name", name}, {"owner_id", m(owner_key).id}});
  }
};

TEST_F(RealtimeScope, EachReceiverHearsOnlyWhatItsReadScopeCovers) {
  auto rep1 = socket(m("rep1").token);        // contacts: own
  auto rep3 = socket(m("rep3").token);        // contacts: own (team West)
  auto viewer = socket(m("east_viewer").token);  // contacts: team East (rep1, rep2); no companies
  auto reader = socket(m("reader").token);    // everything

  std::string of_rep1 = contact_of("rep1", "OfRep1");
  std::string of_rep2 = contact_of("rep2", "OfRep2");
  std::string of_rep3 = contact_of("rep3", "OfRep3");
  std::string company = create("companies", json::object{{"name", "Somewhere"}});
  ASSERT_EQ(del("/api/v1/contacts/" + of_rep3).status, 204);  // a delete's owner is looked up
  std::string sentinel = contact_of("rep1", "Sentinel");       // heard by rep1, the viewer and the reader

  auto r1 = heard_until(*rep1, sentinel);
  EXPECT_TRUE(contains(r1, of_rep1));
  EXPECT_FALSE(contains(r1, of_rep2)) << "a colleague's contact";
  EXPECT_FALSE(contains(r1, of_rep3)) << "another rep's contact (created, deleted)";
  auto v = heard_until(*viewer, sentinel);
  EXPECT_TRUE(contains(v, of_rep1));
  EXPECT_TRUE(contains(v, of_rep2)) << "a team mate's contact";
  EXPECT_FALSE(contains(v, of_rep3)) << "another team's contact";
  EXPECT_FALSE(contains(v, company)) << "an object the role cannot read at all";
  auto all = heard_until(*reader, sentinel);
  for (const auto& id : {of_rep1, of_rep2, of_rep3, company}) EXPECT_TRUE(contains(all, id)) << id;
  EXPECT_EQ(std::count(all.begin(), all.end(), of_rep3), 2) << "created and deleted";

  std::string west_sentinel = contact_of("rep3", "WestSentinel");
  auto r3 = heard_until(*rep3, west_sentinel);
  EXPECT_TRUE(contains(r3, of_rep3));
  EXPECT_FALSE(contains(r3, of_rep1));
  EXPECT_FALSE(contains(r3, sentinel));
}

// A support agent (tickets: team scope) hears about its team's tickets whoever owns them, as it reads
// them (the ticket's team_id), and never about another team's or an unqueued ticket of an outsider.
TEST_F(RealtimeScope, ASupportAgentHearsItsTeamsTicketsAndNoOthers) {
  add_member("east_agent", "support_agent", {json::value(east_)});
  auto agent = socket(m("east_agent").token);
  auto ticket = [&](const char* subject, const json::value& team) {
    return create("tickets", json::object{{"subject", subject}, {"team_id", team}});  // owned by the admin, outside East
  };
  std::string east_ticket = ticket("EastQueue", json::value(east_));
  std::string west_ticket = ticket("WestQueue", json::value(west_));
  std::string no_team = ticket("NoQueue", nullptr);
  ASSERT_EQ(patch("/api/v1/tickets/" + east_ticket, json::object{{"priority", "high"}}).status, 200);
  std::string moved_west = ticket("MovedWest", json::value(east_));
  ASSERT_EQ(patch("/api/v1/tickets/" + moved_west, json::object{{"team_id", west_}}).status, 200);
  ASSERT_EQ(del("/api/v1/tickets/" + west_ticket).status, 204);  // a delete's team is looked up
  std::string sentinel = ticket("EastSentinel", json::value(east_));

  auto heard = heard_until(*agent, sentinel);
  EXPECT_EQ(std::count(heard.begin(), heard.end(), east_ticket), 2) << "created and updated";
  EXPECT_FALSE(contains(heard, west_ticket)) << "another team's ticket (created, deleted)";
  EXPECT_FALSE(contains(heard, no_team)) << "a ticket in no queue, owned by someone outside the team";
  EXPECT_EQ(std::count(heard.begin(), heard.end(), moved_west), 1) << "heard while in East, not once moved to West";
  EXPECT_EQ(as("east_agent", "GET", "/api/v1/tickets/" + east_ticket).status, 200) << "as reads: the team's ticket";
  EXPECT_EQ(as("east_agent", "GET", "/api/v1/tickets/" + moved_west).status, 404) << "as reads: now another team's";
  auto rep1 = socket(m("rep1").token);  // a sales rep reads only the tickets it owns
  std::string after = ticket("EastAgain", json::value(east_));
  EXPECT_TRUE(contains(heard_until(*agent, after), after));
  std::string contact = contact_of("rep1", "RepSentinel");
  EXPECT_FALSE(contains(heard_until(*rep1, contact), after)) << "the admin's ticket is not a rep's";
}

TEST_F(RealtimeScope, TeamChangesApplyWithoutReconnecting) {
  auto& joiner = add_member("joiner", "sales_rep", {});
  auto viewer = socket(m("east_viewer").token);
  std::string before = contact_of("joiner", "BeforeJoining");
  EXPECT_FALSE(contains(heard_until(*viewer, contact_of("rep1", "Sentinel1")), before));
  json::value teams = json::object{{"team_ids", json::array{json::value(east_)}}};
  ASSERT_EQ(patch("/api/v1/users/" + joiner.id, teams).status, 200);
  EXPECT_TRUE(eventually_hears(*viewer, "joiner", "rep1")) << "the new team mate's contacts are heard after a recheck";
}

TEST_F(RealtimeScope, SocketsCloseWhenTheirCredentialEnds) {
  const auto wait = std::chrono::seconds(10);
  // Logout.
  auto& a = add_member("logout_user", "sales_rep", {});
  auto ws_a = socket(a.token);
  ASSERT_EQ(as("logout_user", "POST", "/api/v1/auth/logout").status, 204);
  EXPECT_TRUE(ws_a->wait_closed(wait)) << "logout";
  EXPECT_EQ(ws_a->close_code(), 1008);

  // A session ended by an admin.
  auto& b = add_member("revoked_user", "sales_rep", {});
  auto ws_b = socket(b.token);
  auto sessions = data_of(as("revoked_user", "GET", "/api/v1/auth/sessions"));
  ASSERT_EQ(sessions.size(), 1u);
  ASSERT_EQ(del("/api/v1/auth/sessions/" + text(sessions[0], "id")).status, 204);
  EXPECT_TRUE(ws_b->wait_closed(wait)) << "session revoked";

  // Deactivation.
  auto& c = add_member("deactivated_user", "sales_rep", {});
  auto ws_c = socket(c.token);
  json::value off = json::object{{"active", false}};
  ASSERT_EQ(patch("/api/v1/users/" + c.id, off).status, 200);
  EXPECT_TRUE(ws_c->wait_closed(wait)) << "deactivated";

  // A password change ends the user's other sessions, and their sockets.
  auto& d = add_member("password_user", "sales_rep", {});
  std::string other = login(*d.client, d.email, "password-of-password_user-123");
  auto ws_d = socket(other);
  auto ws_kept = socket(d.token);
  json::value change = json::object{{"current_password", "password-of-password_user-123"},
                                    {"new_password", "a-new-password-of-password-user-456"}};
  ASSERT_EQ(as("password_user", "POST", "/api/v1/auth/password", &change).status, 204);
  EXPECT_TRUE(ws_d->wait_closed(wait)) << "password changed";
  EXPECT_FALSE(ws_kept->wait_closed(std::chrono::milliseconds(1000))) << "the session that changed it stays";

  // A role that reads less closes the socket; one that reads more keeps it.
  auto& e = add_member("demoted_user", "read_only", {});
  auto ws_e = socket(e.token);
  auto& f = add_member("promoted_user", "sales_rep", {});
  auto ws_f = socket(f.token);
  json::value rep = json::object{{"role", "sales_rep"}};
  ASSERT_EQ(patch("/api/v1/users/" + e.id, rep).status, 200);
  json::value reader = json::object{{"role", "read_only"}};
  ASSERT_EQ(patch("/api/v1/users/" + f.id, reader).status, 200);
  EXPECT_TRUE(ws_e->wait_closed(wait)) << "role reads less";
  EXPECT_EQ(ws_e->close_code(), 1008);
  EXPECT_TRUE(eventually_hears(*ws_f, "rep2", "promoted_user")) << "the wider role applies to the open socket";
  EXPECT_TRUE(ws_f->open());
}

// A revocation made through one node closes the socket held by another (PostgreSQL, two nodes).
TEST_F(RealtimeScope, ARevocationClosesSocketsOnEveryNode) {
  const char* backend = std::getenv("RAPPORT_TEST_BACKEND");
  if (!backend || std::string(backend) != "postgres") GTEST_SKIP() << "several nodes need PostgreSQL";
  ServerProcess node2({"--ws-recheck-ms", "200"}, server_->data_dir());
  auto& u = add_member("two_nodes_user", "sales_rep", {});
  auto on2 = socket(u.token, node2.port());
  std::string of_other = contact_of("rep2", "OtherNodeSecret");
  std::string mine = contact_of("two_nodes_user", "OtherNodeMine");
  auto heard = heard_until(*on2, mine);
  EXPECT_FALSE(contains(heard, of_other)) << "scope applies on the other node too";
  ASSERT_EQ(as("two_nodes_user", "POST", "/api/v1/auth/logout").status, 204);  // through node 1
  EXPECT_TRUE(on2->wait_closed(std::chrono::seconds(10)));
  EXPECT_EQ(on2->close_code(), 1008);
}

TEST_F(RealtimeScope, ForeignOriginsAreRefused) {
  const std::string own = "http://127.0.0.1:" + std::to_string(server_->port());
  WsClient foreign;
  EXPECT_EQ(foreign.connect(server_->port(), m("rep1").token, "/api/v1/ws", "https://evil.example"), 403);
  WsClient lookalike;
  EXPECT_EQ(lookalike.connect(server_->port(), m("rep1").token, "/api/v1/ws", own + ".evil.example"), 403);
  WsClient null_origin;
  EXPECT_EQ(null_origin.connect(server_->port(), m("rep1").token, "/api/v1/ws", "null"), 403);
  WsClient same;
  EXPECT_EQ(same.connect(server_->port(), m("rep1").token, "/api/v1/ws", own), 101);
  WsClient configured;
  EXPECT_EQ(configured.connect(server_->port(), m("rep1").token, "/api/v1/ws", kAllowedOrigin), 101);
  WsClient without;
  EXPECT_EQ(without.connect(server_->port(), m("rep1").token), 101) << "non-browser clients send no Origin";
}

}  // namespace
}  // namespace rapport::testing
