// Sessions: listed with the current one marked, ended one by one (by their user or an admin), all
// but the current ended by a password change, and ended after the idle timeout.
#include <thread>

#include "fixture.hpp"
#include "tenancy_helpers.hpp"

namespace rapport::testing {
namespace {

struct SessionUser {
  std::string email, password, id;
};

SessionUser add_session_user(HttpClient& admin, const std::string& token) {
  SessionUser u{"sess-" + random_suffix(), "first-password-123", ""};
  u.email += "@sessions.test";
  json::value body = json::object{{"email", u.email}, {"password", u.password}, {"role", "sales_rep"}};
  auto r = admin.call("POST", "/api/v1/users", token, &body);
  EXPECT_EQ(r.status, 201) << r.body;
  u.id = text(r.json(), "id");
  return u;
}

TEST(Sessions, ListEndAndPasswordChange) {
  ServerProcess server;
  HttpClient c(server.port());
  std::string admin = login(c, ServerProcess::admin_email(), ServerProcess::admin_password());
  SessionUser u = add_session_user(c, admin);
  std::string s1 = login(c, u.email, u.password), s2 = login(c, u.email, u.password), s3 = login(c, u.email, u.password);

  auto list = c.call("GET", "/api/v1/auth/sessions", s1);
  ASSERT_EQ(list.status, 200) << list.body;
  auto sessions = data_of(list);
  ASSERT_EQ(sessions.size(), 3u);
  int current = 0;
  std::string other;
  for (const auto& s : sessions) {
    if (s.at("current").as_bool()) ++current;
    else other = text(s, "id");
    EXPECT_EQ(list.body.find(s1), std::string::npos) << "tokens are never listed";
  }
  EXPECT_EQ(current, 1);

  // Ending one: that token stops working at once; another user's session is not theirs to end.
  SessionUser v = add_session_user(c, admin);
  std::string vs = login(c, v.email, v.password);
  std::string v_session = text(data_of(c.call("GET", "/api/v1/auth/sessions", vs))[0], "id");
  EXPECT_EQ(c.call("DELETE", "/api/v1/auth/sessions/" + v_session, s1).status, 404);
  EXPECT_EQ(c.call("GET", "/api/v1/auth/me", vs).status, 200);
  EXPECT_EQ(c.call("DELETE", "/api/v1/auth/sessions/" + other, s1).status, 204);
  int alive = (c.call("GET", "/api/v1/auth/me", s2).status == 200) + (c.call("GET", "/api/v1/auth/me", s3).status == 200);
  EXPECT_EQ(alive, 1);
  // An admin may end anyone's.
  EXPECT_EQ(c.call("DELETE", "/api/v1/auth/sessions/" + v_session, admin).status, 204);
  EXPECT_EQ(c.call("GET", "/api/v1/auth/me", vs).status, 401);

  // A password change needs the current password; a wrong one changes nothing.
  json::value wrong = json::object{{"current_password", "not-it-at-all"}, {"new_password", "second-password-456"}};
  EXPECT_EQ(c.call("POST", "/api/v1/auth/password", s1, &wrong).status, 403);
  json::value too_short = json::object{{"current_password", u.password}, {"new_password", "short"}};
  EXPECT_EQ(c.call("POST", "/api/v1/auth/password", s1, &too_short).status, 422);
  EXPECT_FALSE(login(c, u.email, u.password).empty());
  std::string s4 = login(c, u.email, u.password);
  json::value change = json::object{{"current_password", u.password}, {"new_password", "second-password-456"}};
  ASSERT_EQ(c.call("POST", "/api/v1/auth/password", s1, &change).status, 204);
  EXPECT_EQ(c.call("GET", "/api/v1/auth/me", s1).status, 200) << "the session that changed it stays";
  EXPECT_EQ(c.call("GET", "/api/v1/auth/me", s4).status, 401) << "every other session ends";
  json::value old_creds = json::object{{"email", u.email}, {"password", u.password}};
  EXPECT_EQ(c.call("POST", "/api/v1/auth/login", "", &old_creds).status, 401);
  EXPECT_FALSE(login(c, u.email, "second-password-456").empty());
}

TEST(Sessions, IdleSessionsEnd) {
  // The session in use is used every 200 ms until the other one has been unused for longer than the
  // timeout (its last use is its login, which ended before `idle_since`), then the other one is tried
  // once: the test waits for that condition, not for a fixed time, and a loaded machine only makes it
  // last longer. A use recorded every quarter of the timeout leaves the session in use 3.75 s of slack.
  constexpr auto kIdle = std::chrono::seconds(5);
  ServerProcess server({"--session-idle-timeout", "5"});
  HttpClient c(server.port());
  std::string idle = login(c, ServerProcess::admin_email(), ServerProcess::admin_password());
  const auto idle_since = std::chrono::steady_clock::now();
  std::string active = login(c, ServerProcess::admin_email(), ServerProcess::admin_password());
  int uses = 0;
  while (std::chrono::steady_clock::now() - idle_since < kIdle + std::chrono::milliseconds(200)) {
    EXPECT_EQ(c.call("GET", "/api/v1/auth/me", active).status, 200) << "use " << uses;
    ++uses;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_GE(uses, 2);
  EXPECT_EQ(c.call("GET", "/api/v1/auth/me", active).status, 200) << "a session in use stays";
  EXPECT_EQ(c.call("GET", "/api/v1/auth/me", idle).status, 401) << "a session unused for longer than the idle timeout ends";
}

}  // namespace
}  // namespace rapport::testing
