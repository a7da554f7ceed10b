// The Access fixture: one server per suite with a small sales organisation in its workspace —
// teams East and West, two sales reps in East, one in West, an East sales manager, a support agent
// and a read-only user — each logged in with their own client.
#pragma once
#include <map>
#include <memory>
#include <string>

#include "fixture.hpp"
#include "tenancy_helpers.hpp"

namespace rapport::testing {

struct Member {
  std::string id, email, token;
  std::unique_ptr<HttpClient> client;
};

class Access : public ServerTest {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite() {
    members_.clear();
    ServerTest::TearDownTestSuite();
  }

  // Adds a user with that role (and teams) and logs them in.
  static Member& add_member(const std::string& key, const std::string& role, const json::array& team_ids);
  static Member& m(const std::string& key) { return *members_.at(key); }

  HttpResponse as(const std::string& key, const std::string& method, const std::string& target,
                  const json::value* body = nullptr, std::vector<std::pair<std::string, std::string>> headers = {}) {
    auto& who = m(key);
    return who.client->call(method, target, who.token, body, std::move(headers));
  }
  // Creates a record as that member; returns its id.
  std::string create_as(const std::string& key, const std::string& object, const json::value& body) {
    auto r = as(key, "POST", "/api/v1/" + object, &body);
    EXPECT_EQ(r.status, 201) << key << " POST " << object << ": " << r.body;
    return text(r.json(), "id");
  }

  static inline std::map<std::string, std::unique_ptr<Member>> members_;
  static inline std::string east_, west_;
};

}  // namespace rapport::testing
