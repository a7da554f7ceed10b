// Passwords through the real server: the policy (code points, control characters, one repeated
// character, common passwords) on every route that sets one, the password change counted by the
// login throttle, and a password change refused to an API key.
#include <thread>

#include "auth_helpers.hpp"
#include "fixture.hpp"
#include "tenancy_helpers.hpp"

namespace rapport::testing {
namespace {

struct User {
  std::string id, email, password;
};

User add_user(HttpClient& c, const std::string& admin, const std::string& password = "first-password-2468") {
  User u{"", unique_name("pw-") + "@passwords.test", password};
  json::value body = json::object{{"email", u.email}, {"password", u.password}, {"role", "sales_rep"}};
  auto r = c.call("POST", "/api/v1/users", admin, &body);
  EXPECT_EQ(r.status, 201) << r.body;
  u.id = text(r.json(), "id");
  return u;
}

// The error of `field` in a 422 problem: its code, "" when the field is not named.
std::string error_code(const HttpResponse& r, const std::string& field) {
  auto j = r.json();
  if (!j.is_object() || !j.as_object().contains("errors")) return "";
  for (const auto& e : j.at("errors").as_array())
    if (e.at("field").as_string() == field) return std::string(e.at("code").as_string());
  return "";
}

std::string six_e_acute() {
  std::string s;
  for (int i = 0; i < 6; ++i) s += "\xC3\xA9";
  return s;
}

// Weak passwords and the error code each must get.
std::vector<std::pair<std::string, std::string>> weak_passwords() {
  return {{"aaaaaaaaaaaa", "repeated"}, {"password1234", "common"}, {"Password1234", "common"},
          {std::string(12, ' '), "repeated"}, {std::string(12, '\0'), "format"}, {six_e_acute(), "length"},
          {"line\nbreak-password", "format"}, {"qwertyuiopas", "common"}};
}

TEST(PasswordRules, EveryRouteThatSetsAPasswordRefusesWeakOnesAndChangesNothing) {
  ServerProcess server;
  HttpClient c(server.port());
  const std::string admin = login(c, ServerProcess::admin_email(), ServerProcess::admin_password());
  const auto users_before = data_of(c.call("GET", "/api/v1/users?limit=500", admin)).size();

  for (const auto& [weak, code] : weak_passwords()) {
    json::value body = json::object{{"email", unique_name("weak-") + "@passwords.test"}, {"password", weak}, {"role", "sales_rep"}};
    auto r = c.call("POST", "/api/v1/users", admin, &body);
    ASSERT_EQ(r.status, 422) << json::serialize(body) << ": " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
    EXPECT_EQ(error_code(r, "password"), code) << r.body;
  }
  EXPECT_EQ(data_of(c.call("GET", "/api/v1/users?limit=500", admin)).size(), users_before) << "no weak user was created";

  // An admin setting a user's password, and the user changing their own.
  User u = add_user(c, admin);
  std::string session = login(c, u.email, u.password), other = login(c, u.email, u.password);
  for (const auto& [weak, code] : weak_passwords()) {
    json::value reset = json::object{{"password", weak}};
    auto r = c.call("PATCH", "/api/v1/users/" + u.id, admin, &reset);
    ASSERT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(error_code(r, "password"), code) << r.body;
    json::value change = json::object{{"current_password", u.password}, {"new_password", weak}};
    auto p = c.call("POST", "/api/v1/auth/password", session, &change);
    ASSERT_EQ(p.status, 422) << p.body;
    EXPECT_EQ(error_code(p, "new_password"), code) << p.body;
  }
  // Nothing changed: the password is the old one and no session ended.
  EXPECT_EQ(try_login(c, u.email, u.password).status, 200);
  EXPECT_EQ(c.call("GET", "/api/v1/auth/me", other).status, 200);
  EXPECT_EQ(count_of(audit_actions(server.data_dir(), u.id), "password_change"), 0);

  // A good passphrase (non-ASCII letters counted as one character each) passes everywhere.
  const std::string passphrase = "gr\xC3\xBCne Birke am See";  // 18 code points
  json::value good_user = json::object{{"email", unique_name("good-") + "@passwords.test"}, {"password", passphrase}, {"role", "sales_rep"}};
  auto created = c.call("POST", "/api/v1/users", admin, &good_user);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(try_login(c, text(good_user, "email"), passphrase).status, 200);
  json::value change = json::object{{"current_password", u.password}, {"new_password", passphrase}};
  EXPECT_EQ(c.call("POST", "/api/v1/auth/password", session, &change).status, 204);
  EXPECT_EQ(try_login(c, u.email, passphrase).status, 200);
  json::value reset = json::object{{"password", "violet harbour kettle"}};
  EXPECT_EQ(c.call("PATCH", "/api/v1/users/" + u.id, admin, &reset).status, 200);

  // A new workspace's admin password from the command line follows the policy too.
  auto weak_ws = run_rapport({"workspace", "create", "--name", "Weak", "--admin-email", "w@passwords.test", "--data", server.data_dir()},
                             {{"RAPPORT_ADMIN_PASSWORD", "password1234"}});
  EXPECT_NE(weak_ws.exit_code, 0) << weak_ws.output;
  EXPECT_NE(weak_ws.output.find("common"), std::string::npos) << weak_ws.output;
  EXPECT_EQ(try_login(c, "w@passwords.test", "password1234").status, 401) << "no workspace and no admin were created";
}

TEST(PasswordChange, IsThrottledLikeALogin) {
  ServerProcess server;
  HttpClient c(server.port());
  const std::string admin = login(c, ServerProcess::admin_email(), ServerProcess::admin_password());
  User u = add_user(c, admin);
  const std::string session = login(c, u.email, u.password);
  json::value wrong = json::object{{"current_password", "not-the-password"}, {"new_password", "second-password-8642"}};
  for (int i = 0; i < 5; ++i) {
    auto r = c.call("POST", "/api/v1/auth/password", session, &wrong);
    EXPECT_EQ(r.status, 403) << i << ": " << r.body;
  }
  // The sixth attempt waits, even with the right password, and nothing is checked or changed.
  json::value right = json::object{{"current_password", u.password}, {"new_password", "second-password-8642"}};
  auto throttled = c.call("POST", "/api/v1/auth/password", session, &right);
  ASSERT_EQ(throttled.status, 429) << throttled.body;
  EXPECT_EQ(throttled.header("content-type"), "application/problem+json");
  EXPECT_EQ(slug(throttled), "login-throttled");
  int retry = std::stoi(throttled.header("retry-after"));
  EXPECT_GE(retry, 1);
  EXPECT_LE(retry, 2);
  // The failures are the account's: its sign-in waits as well.
  auto login_now = try_login(c, u.email, u.password);
  EXPECT_EQ(login_now.status, 429) << login_now.body;
  EXPECT_EQ(count_of(audit_actions(server.data_dir(), u.id), "password_change"), 0);

  std::this_thread::sleep_for(std::chrono::seconds(retry) + std::chrono::milliseconds(200));
  ASSERT_EQ(c.call("POST", "/api/v1/auth/password", session, &right).status, 204);
  EXPECT_EQ(c.call("GET", "/api/v1/auth/me", session).status, 200) << "the session that changed it stays";
  EXPECT_EQ(try_login(c, u.email, "second-password-8642").status, 200);
}

TEST(PasswordChange, NeedsASessionNotAnApiKey) {
  ServerProcess server;
  HttpClient c(server.port());
  const std::string admin = login(c, ServerProcess::admin_email(), ServerProcess::admin_password());
  User u = add_user(c, admin);
  const std::string s1 = login(c, u.email, u.password), s2 = login(c, u.email, u.password);
  json::value name = json::object{{"name", "script"}};
  auto k = c.call("POST", "/api/v1/api-keys", s1, &name);
  ASSERT_EQ(k.status, 201) << k.body;
  const std::string key = text(k.json(), "key");

  json::value change = json::object{{"current_password", u.password}, {"new_password", "second-password-8642"}};
  auto r = c.call("POST", "/api/v1/auth/password", key, &change);
  ASSERT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  EXPECT_NE(str_of(r.json(), "detail").find("API key"), std::string::npos) << r.body;
  // Nothing changed: the sessions live, the password is the old one.
  EXPECT_EQ(c.call("GET", "/api/v1/auth/me", s1).status, 200);
  EXPECT_EQ(c.call("GET", "/api/v1/auth/me", s2).status, 200);
  EXPECT_EQ(try_login(c, u.email, u.password).status, 200);
  EXPECT_EQ(count_of(audit_actions(server.data_dir(), u.id), "password_change"), 0);

  // With a session: every other session ends, the caller's and the API key stay.
  ASSERT_EQ(c.call("POST", "/api/v1/auth/password", s1, &change).status, 204);
  EXPECT_EQ(c.call("GET", "/api/v1/auth/me", s1).status, 200);
  EXPECT_EQ(c.call("GET", "/api/v1/auth/me", s2).status, 401);
  EXPECT_EQ(c.call("GET", "/api/v1/auth/me", key).status, 200);
  EXPECT_EQ(count_of(audit_actions(server.data_dir(), u.id), "password_change"), 1);
}

}  // namespace
}  // namespace rapport::testing
