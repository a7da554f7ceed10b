// API keys over HTTP and from the command line: shown once, listed by prefix, used like a session and
// named as the author of what they write, revoked and expiring, and bound to their workspace.
#include <sstream>
#include <string>

#include "tenancy_fixture.hpp"

namespace rapport::testing {
namespace json = boost::json;

namespace {

// ---- API keys -------------------------------------------------------------------------------------

TEST_F(Tenancy, ApiKeyLifecycle) {
  json::value body = json::object{{"name", "ci"}};
  auto created = as_a("POST", "/api/v1/api-keys", &body);
  ASSERT_EQ(created.status, 201) << created.body;
  auto k = created.json();
  const std::string key = text(k, "key"), id = text(k, "id"), prefix = text(k, "prefix");
  EXPECT_EQ(key.rfind("rpk_", 0), 0u) << created.body;
  EXPECT_EQ(text(k, "name"), "ci");
  EXPECT_FALSE(prefix.empty());
  EXPECT_EQ(key.rfind(prefix, 0), 0u) << "the prefix is the start of the key";
  EXPECT_LT(prefix.size(), key.size() / 2);
  EXPECT_EQ(created.header("cache-control"), "no-store");
  EXPECT_EQ(created.header("location"), "/api/v1/api-keys/" + id);

  // Listed without the key, with its prefix.
  auto list = as_a("GET", "/api/v1/api-keys");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body.find(key), std::string::npos) << "the key is shown again: " << list.body;
  bool found = false;
  for (const auto& e : data_of(list)) {
    if (text(e, "id") != id) continue;
    found = true;
    EXPECT_FALSE(e.as_object().contains("key")) << json::serialize(e);
    EXPECT_EQ(text(e, "prefix"), prefix);
    EXPECT_EQ(text(e, "name"), "ci");
    EXPECT_TRUE(e.at("revoked_at").is_null());
  }
  EXPECT_TRUE(found) << list.body;

  // The key works like a session, and what it writes is attributed to it.
  auto me = a_->call("GET", "/api/v1/auth/me", key);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(text(me.json(), "api_key_id"), id);
  EXPECT_EQ(text(me.json(), "workspace_name"), "Default");
  json::value contact = json::object{{"last_name", "Keyed"}};
  auto c = a_->call("POST", "/api/v1/contacts", key, &contact);
  ASSERT_EQ(c.status, 201) << c.body;
  EXPECT_EQ(text(c.json(), "created_by"), id) << c.body;
  std::string contact_id = text(c.json(), "id");
  auto h = a_->call("GET", "/api/v1/contacts/" + contact_id + "/history", key);
  ASSERT_EQ(h.status, 200) << h.body;
  EXPECT_EQ(text(h.json().at("data").at(0), "actor_id"), id) << h.body;
  EXPECT_EQ(as_a("GET", "/api/v1/contacts/" + contact_id).status, 200);
  // B cannot use A's key to see B's things, nor B's session to see the contact.
  EXPECT_EQ(as_b("GET", "/api/v1/contacts/" + contact_id).status, 404);

  // Revoked: the key stops working at once, and stays in the list as revoked.
  auto revoke = as_a("DELETE", "/api/v1/api-keys/" + id);
  EXPECT_EQ(revoke.status, 204) << revoke.body;
  auto denied = a_->call("GET", "/api/v1/auth/me", key);
  EXPECT_EQ(denied.status, 401) << denied.body;
  EXPECT_EQ(a_->call("GET", "/api/v1/contacts", key).status, 401);
  EXPECT_EQ(as_a("DELETE", "/api/v1/api-keys/" + id).status, 404) << "revoking twice";
  for (const auto& e : data_of(as_a("GET", "/api/v1/api-keys")))
    if (text(e, "id") == id) {
      EXPECT_FALSE(e.at("revoked_at").is_null()) << json::serialize(e);
    }
  // Records it wrote keep their attribution.
  EXPECT_EQ(text(as_a("GET", "/api/v1/contacts/" + contact_id).json(), "created_by"), id);
}

TEST_F(Tenancy, ApiKeyExpiry) {
  json::value past = json::object{{"name", "old"}, {"expires_at", "2020-01-01T00:00:00Z"}};
  auto p = as_a("POST", "/api/v1/api-keys", &past);
  EXPECT_EQ(p.status, 422) << p.body;
  EXPECT_TRUE(contains(error_fields(p), "expires_at")) << p.body;
  json::value garbled = json::object{{"name", "bad"}, {"expires_at", "next tuesday"}};
  auto g = as_a("POST", "/api/v1/api-keys", &garbled);
  EXPECT_EQ(g.status, 422) << g.body;
  EXPECT_TRUE(contains(error_fields(g), "expires_at")) << g.body;
  json::value nameless = json::object{};
  auto n = as_a("POST", "/api/v1/api-keys", &nameless);
  EXPECT_EQ(n.status, 422) << n.body;
  EXPECT_TRUE(contains(error_fields(n), "name")) << n.body;
  for (const auto& e : data_of(as_a("GET", "/api/v1/api-keys")))
    ADD_FAILURE() << "a refused key was stored: " << json::serialize(e);

  json::value future = json::object{{"name", "soon"}, {"expires_at", "2099-01-01T00:00:00Z"}};
  auto f = as_a("POST", "/api/v1/api-keys", &future);
  ASSERT_EQ(f.status, 201) << f.body;
  EXPECT_EQ(text(f.json(), "expires_at"), "2099-01-01T00:00:00.000Z");
  EXPECT_EQ(a_->call("GET", "/api/v1/auth/me", text(f.json(), "key")).status, 200);
}

TEST_F(Tenancy, CommandLineApiKeyWorksAgainstTheRunningServer) {
  auto r = run_rapport({"apikey", "create", "--workspace", "Default", "--user", ServerProcess::admin_email(), "--name", "k",
                        "--data", server_->data_dir()});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::string key;
  std::istringstream in(r.output);
  for (std::string line; std::getline(in, line);)
    if (line.rfind("rpk_", 0) == 0) key = line;
  while (!key.empty() && (key.back() == '\r' || key.back() == ' ')) key.pop_back();
  ASSERT_FALSE(key.empty()) << "no key printed: " << r.output;
  auto me = a_->call("GET", "/api/v1/auth/me", key);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(text(me.json(), "email"), ServerProcess::admin_email());
  EXPECT_EQ(text(me.json(), "workspace_name"), "Default");
  const std::string key_id = text(me.json(), "api_key_id");
  EXPECT_FALSE(key_id.empty());
  json::value contact = json::object{{"last_name", "Cli"}};
  auto c = a_->call("POST", "/api/v1/contacts", key, &contact);
  ASSERT_EQ(c.status, 201) << c.body;
  EXPECT_EQ(text(c.json(), "created_by"), key_id);
  bool listed = false;
  for (const auto& e : data_of(as_a("GET", "/api/v1/api-keys")))
    if (text(e, "id") == key_id) {
      listed = true;
      EXPECT_EQ(text(e, "name"), "k");
      EXPECT_EQ(key.rfind(text(e, "prefix"), 0), 0u);
    }
  EXPECT_TRUE(listed);
  // A key of workspace B from the command line acts in B only.
  auto rb = run_rapport({"apikey", "create", "--workspace", "B", "--user", kBEmail, "--name", "kb", "--data", server_->data_dir()});
  ASSERT_EQ(rb.exit_code, 0) << rb.output;
  std::string key_b = rb.output.substr(0, rb.output.find('\n'));
  EXPECT_EQ(text(a_->call("GET", "/api/v1/auth/me", key_b).json(), "workspace_name"), "B");
  EXPECT_EQ(a_->call("GET", "/api/v1/contacts/" + text(c.json(), "id"), key_b).status, 404);

  auto unknown_user = run_rapport({"apikey", "create", "--workspace", "Default", "--user", "ghost@nowhere.test", "--name",
                                   "k", "--data", server_->data_dir()});
  EXPECT_NE(unknown_user.exit_code, 0) << unknown_user.output;
  EXPECT_NE(unknown_user.output.find("ghost@nowhere.test"), std::string::npos) << unknown_user.output;
  EXPECT_EQ(unknown_user.output.find("rpk_"), std::string::npos) << unknown_user.output;
  // The admin of B is not a user of Default.
  auto wrong_ws = run_rapport({"apikey", "create", "--workspace", "Default", "--user", kBEmail, "--name", "k", "--data",
                               server_->data_dir()});
  EXPECT_NE(wrong_ws.exit_code, 0) << wrong_ws.output;
  EXPECT_EQ(wrong_ws.output.find("rpk_"), std::string::npos) << wrong_ws.output;
  auto unknown_ws = run_rapport({"apikey", "create", "--workspace", "Nope", "--user", ServerProcess::admin_email(), "--name",
                                 "k", "--data", server_->data_dir()});
  EXPECT_NE(unknown_ws.exit_code, 0) << unknown_ws.output;
  EXPECT_NE(unknown_ws.output.find("Nope"), std::string::npos) << unknown_ws.output;
}

}  // namespace
}  // namespace rapport::testing
