// Authentication: login, the caller's identity and logout, failed logins that tell nothing about
// which emails exist, and one email that is an admin in two workspaces.
#include <string>

#include "platform/clock.hpp"
#include "tenancy_fixture.hpp"

namespace rapport::testing {
namespace json = boost::json;

namespace {

// ---- authentication -------------------------------------------------------------------------------

TEST_F(Tenancy, LoginMeAndLogout) {
  json::value creds = json::object{{"email", ServerProcess::admin_email()}, {"password", ServerProcess::admin_password()}};
  auto r = a_->call("POST", "/api/v1/auth/login", "", &creds);
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = r.json();
  std::string token = text(j, "token");
  EXPECT_FALSE(token.empty());
  EXPECT_EQ(text(j, "token_type"), "Bearer");
  auto expires = clock::parse_datetime(text(j, "expires_at"));
  ASSERT_TRUE(expires.has_value()) << r.body;
  EXPECT_GT(*expires, clock::now_ms() + 60'000) << "a new session expires at once: " << r.body;
  EXPECT_EQ(r.header("cache-control"), "no-store");

  auto me = a_->call("GET", "/api/v1/auth/me", token);
  ASSERT_EQ(me.status, 200) << me.body;
  auto m = me.json();
  EXPECT_EQ(text(m, "email"), ServerProcess::admin_email());
  EXPECT_EQ(text(m, "role"), "admin");
  EXPECT_EQ(text(m, "workspace_name"), "Default");
  EXPECT_EQ(text(m, "user_id"), text(j, "user_id"));
  EXPECT_EQ(text(m, "workspace_id"), text(j, "workspace_id"));
  EXPECT_TRUE(m.at("api_key_id").is_null());

  auto me_b = as_b("GET", "/api/v1/auth/me");
  EXPECT_EQ(text(me_b.json(), "workspace_name"), "B") << me_b.body;
  EXPECT_EQ(text(me_b.json(), "email"), kBEmail);
  EXPECT_NE(text(me_b.json(), "workspace_id"), text(m, "workspace_id"));

  // Logging out ends this session only.
  auto out = a_->call("POST", "/api/v1/auth/logout", token);
  EXPECT_EQ(out.status, 204) << out.body;
  auto after = a_->call("GET", "/api/v1/auth/me", token);
  EXPECT_EQ(after.status, 401) << after.body;
  EXPECT_EQ(after.header("www-authenticate"), "Bearer");
  EXPECT_EQ(a_->call("GET", "/api/v1/contacts", token).status, 401);
  EXPECT_EQ(a_->call("POST", "/api/v1/auth/logout", token).status, 401);
  EXPECT_EQ(as_a("GET", "/api/v1/auth/me").status, 200) << "the other session of the same user ended too";

  // No or malformed credentials.
  EXPECT_EQ(a_->call("GET", "/api/v1/auth/me", "").status, 401);
  EXPECT_EQ(a_->call("GET", "/api/v1/auth/me", "rps_not-a-real-token").status, 401);
  EXPECT_EQ(a_->call("GET", "/api/v1/auth/me", "garbage").status, 401);
  auto basic = a_->request("GET", "/api/v1/auth/me", "", {{"Authorization", "Basic YWRtaW46eA=="}});
  EXPECT_EQ(basic.status, 401);
}

TEST_F(Tenancy, WrongPasswordAndUnknownEmailAnswerAlike) {
  json::value wrong = json::object{{"email", ServerProcess::admin_email()}, {"password", "not-the-password"}};
  json::value unknown = json::object{{"email", "nobody@functional.test"}, {"password", "not-the-password"}};
  json::value other_ws = json::object{{"email", kBEmail}, {"password", ServerProcess::admin_password()}};
  auto w = a_->call("POST", "/api/v1/auth/login", "", &wrong);
  auto u = a_->call("POST", "/api/v1/auth/login", "", &unknown);
  auto o = a_->call("POST", "/api/v1/auth/login", "", &other_ws);
  for (const auto* r : {&w, &u, &o}) {
    EXPECT_EQ(r->status, 401) << r->body;
    EXPECT_EQ(r->header("content-type"), "application/problem+json");
    EXPECT_EQ(r->body.find("token"), std::string::npos) << r->body;
  }
  ASSERT_TRUE(w.json().is_object());
  ASSERT_TRUE(u.json().is_object());
  EXPECT_EQ(w.json(), u.json()) << "the answers tell which emails exist:\n" << w.body << "\n" << u.body;
  EXPECT_EQ(w.json(), o.json());
}

TEST_F(Tenancy, SameEmailInTwoWorkspacesNeedsTheWorkspaceName) {
  auto ws = run_rapport({"workspace", "create", "--name", "Charlie", "--admin-email", ServerProcess::admin_email(), "--data",
                         server_->data_dir()},
                        {{"RAPPORT_ADMIN_PASSWORD", "charlie-password-123"}});
  ASSERT_EQ(ws.exit_code, 0) << ws.output;
  auto dup = run_rapport({"workspace", "create", "--name", "charlie", "--admin-email", "c2@x.test", "--data", server_->data_dir()},
                         {{"RAPPORT_ADMIN_PASSWORD", "charlie-password-123"}});
  EXPECT_NE(dup.exit_code, 0) << "workspace names are unique case-insensitively: " << dup.output;

  json::value ambiguous = json::object{{"email", ServerProcess::admin_email()}, {"password", ServerProcess::admin_password()}};
  auto r = a_->call("POST", "/api/v1/auth/login", "", &ambiguous);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_TRUE(contains(error_fields(r), "workspace")) << r.body;

  json::value in_c = json::object{{"email", ServerProcess::admin_email()}, {"password", "charlie-password-123"}, {"workspace", "Charlie"}};
  auto c = a_->call("POST", "/api/v1/auth/login", "", &in_c);
  ASSERT_EQ(c.status, 200) << c.body;
  auto me = a_->call("GET", "/api/v1/auth/me", text(c.json(), "token"));
  EXPECT_EQ(text(me.json(), "workspace_name"), "Charlie") << me.body;

  json::value in_default = json::object{{"email", ServerProcess::admin_email()}, {"password", ServerProcess::admin_password()}, {"workspace", "Default"}};
  auto d = a_->call("POST", "/api/v1/auth/login", "", &in_default);
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_NE(text(d.json(), "workspace_id"), text(c.json(), "workspace_id"));

  // Charlie's password does not open Default's account of the same email.
  json::value crossed = json::object{{"email", ServerProcess::admin_email()}, {"password", "charlie-password-123"}, {"workspace", "Default"}};
  EXPECT_EQ(a_->call("POST", "/api/v1/auth/login", "", &crossed).status, 401);
}

}  // namespace
}  // namespace rapport::testing
