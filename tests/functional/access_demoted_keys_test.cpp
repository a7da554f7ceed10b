// An API key acts with its role within its user's current role (access/auth.cpp): demoting the user
// narrows the key at once and deactivating the user stops it. The routes that administer keys (and
// every other admin check) follow those effective grants, never the name of the key's role: an
// admin's key with the role "admin" manages nobody else's keys once its user is a sales rep.
#include <algorithm>

#include "fixture.hpp"
#include "tenancy_helpers.hpp"

namespace rapport::testing {
namespace {

struct Person {
  std::string id, email, password, session;
};

Person add_person(HttpClient& c, const std::string& admin, const std::string& name, const std::string& role) {
  Person p{"", unique_name(name + "-") + "@keys.test", "password-of-" + name + "-2468", ""};
  json::value body = json::object{{"email", p.email}, {"password", p.password}, {"role", role}};
  auto r = c.call("POST", "/api/v1/users", admin, &body);
  EXPECT_EQ(r.status, 201) << r.body;
  p.id = text(r.json(), "id");
  p.session = login(c, p.email, p.password);
  return p;
}

// Creates an API key as `token`; returns {id, key}.
std::pair<std::string, std::string> add_key(HttpClient& c, const std::string& token, const std::string& name,
                                            const std::string& role = "") {
  json::object body{{"name", name}};
  if (!role.empty()) body["role"] = role;
  json::value v = body;
  auto r = c.call("POST", "/api/v1/api-keys", token, &v);
  EXPECT_EQ(r.status, 201) << r.body;
  return {text(r.json(), "id"), text(r.json(), "key")};
}

std::vector<std::string> listed_key_ids(HttpClient& c, const std::string& key) {
  auto r = c.call("GET", "/api/v1/api-keys", key);
  EXPECT_EQ(r.status, 200) << r.body;
  std::vector<std::string> ids;
  for (const auto& e : data_of(r)) ids.push_back(text(e, "id"));
  return ids;
}

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

TEST(DemotedKeys, AnAdminsKeysNarrowWhenTheUserIsDemotedAndStopWhenDeactivated) {
  ServerProcess server;
  HttpClient c(server.port());
  const std::string admin = login(c, ServerProcess::admin_email(), ServerProcess::admin_password());
  Person boss = add_person(c, admin, "boss", "admin");
  Person rep = add_person(c, admin, "rep", "sales_rep");
  auto [admin_key_id, admin_key] = add_key(c, boss.session, "boss with role admin", "admin");
  auto [plain_key_id, plain_key] = add_key(c, boss.session, "boss without a role");
  auto [rep_key_id, rep_key] = add_key(c, rep.session, "rep's key");
  json::value contact = json::object{{"last_name", "Owned by the rep"}};
  auto rc = c.call("POST", "/api/v1/contacts", rep.session, &contact);
  ASSERT_EQ(rc.status, 201) << rc.body;
  const std::string rep_contact = text(rc.json(), "id");

  // While boss is an admin, both keys administer the workspace.
  for (const auto& key : {admin_key, plain_key}) {
    EXPECT_TRUE(has(listed_key_ids(c, key), rep_key_id)) << "an admin's key lists everyone's keys";
    EXPECT_EQ(c.call("GET", "/api/v1/audit-events", key).status, 200);
    EXPECT_EQ(c.call("GET", "/api/v1/contacts/" + rep_contact, key).status, 200);
  }

  json::value demote = json::object{{"role", "sales_rep"}};
  ASSERT_EQ(c.call("PATCH", "/api/v1/users/" + boss.id, admin, &demote).status, 200);

  // At once, both keys act as a sales rep: the key whose role is named "admin" too.
  for (const auto& key : {admin_key, plain_key}) {
    auto me = c.call("GET", "/api/v1/auth/me", key);
    ASSERT_EQ(me.status, 200) << me.body;
    const json::value me_json = me.json();
    const auto& grants = me_json.at("grants");
    EXPECT_FALSE(grants.at("admin").as_bool()) << me.body;
    EXPECT_EQ(grants.at("permissions").at("contacts").at("read").as_string(), "own") << me.body;
    EXPECT_EQ(grants.at("permissions").at("contacts").at("export").as_string(), "none") << me.body;
    EXPECT_EQ(c.call("GET", "/api/v1/contacts/" + rep_contact, key).status, 404) << "own scope only";

    // Their own keys only: the rep's key is neither listed nor revocable.
    auto ids = listed_key_ids(c, key);
    EXPECT_FALSE(has(ids, rep_key_id)) << "a demoted admin's key still lists other users' keys";
    EXPECT_TRUE(has(ids, admin_key_id));
    for (const auto& e : data_of(c.call("GET", "/api/v1/api-keys", key))) EXPECT_EQ(text(e, "user_id"), boss.id);
    EXPECT_EQ(c.call("DELETE", "/api/v1/api-keys/" + rep_key_id, key).status, 404);
    EXPECT_EQ(c.call("GET", "/api/v1/auth/me", rep_key).status, 200) << "the rep's key was revoked by a demoted key";

    // Nothing else that needs an admin either.
    json::value team = json::object{{"name", unique_name("keyteam-")}};
    EXPECT_EQ(c.call("POST", "/api/v1/teams", key, &team).status, 403);
    EXPECT_EQ(c.call("GET", "/api/v1/audit-events", key).status, 403);
    json::value promote_self = json::object{{"role", "admin"}};
    EXPECT_EQ(c.call("PATCH", "/api/v1/users/" + boss.id, key, &promote_self).status, 403);
  }
  // The demotion did not change what the keys are: a key still revokes its own user's keys.
  EXPECT_EQ(c.call("DELETE", "/api/v1/api-keys/" + plain_key_id, admin_key).status, 204);
  EXPECT_EQ(c.call("GET", "/api/v1/auth/me", plain_key).status, 401);
  // The workspace's admin still manages every key.
  EXPECT_TRUE(has(listed_key_ids(c, admin), rep_key_id));

  // Deactivating the user stops the remaining key at once.
  json::value off = json::object{{"active", false}};
  ASSERT_EQ(c.call("PATCH", "/api/v1/users/" + boss.id, admin, &off).status, 200);
  EXPECT_EQ(c.call("GET", "/api/v1/auth/me", admin_key).status, 401);
  EXPECT_EQ(c.call("GET", "/api/v1/api-keys", admin_key).status, 401);
  EXPECT_EQ(c.call("GET", "/api/v1/auth/me", boss.session).status, 401);
  // Active again (still a rep): the key works again, narrowed.
  json::value on = json::object{{"active", true}};
  ASSERT_EQ(c.call("PATCH", "/api/v1/users/" + boss.id, admin, &on).status, 200);
  auto back = c.call("GET", "/api/v1/auth/me", admin_key);
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_FALSE(back.json().at("grants").at("admin").as_bool());
}

}  // namespace
}  // namespace rapport::testing
