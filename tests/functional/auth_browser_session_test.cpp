// Browser sessions: the token lives only in an HttpOnly, SameSite=Strict cookie; writes made with the
// cookie need the session's CSRF token, and without it change nothing.
#include "fixture.hpp"
#include "tenancy_helpers.hpp"

namespace rapport::testing {
namespace {

std::string cookie_value(const std::string& set_cookie) {
  auto eq = set_cookie.find('=');
  return set_cookie.substr(eq + 1, set_cookie.find(';') - eq - 1);
}

TEST(BrowserSession, CookieSessionsNeedTheCsrfTokenToWrite) {
  ServerProcess server;
  HttpClient c(server.port());
  json::value creds = json::object{{"email", ServerProcess::admin_email()}, {"password", ServerProcess::admin_password()}, {"cookie", true}};
  auto login = c.call("POST", "/api/v1/auth/login", "", &creds);
  ASSERT_EQ(login.status, 200) << login.body;
  std::string set_cookie = login.header("set-cookie");
  EXPECT_EQ(set_cookie.rfind("rapport_session=rps_", 0), 0u) << set_cookie;
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(set_cookie.find("Secure"), std::string::npos) << "plain HTTP without a TLS proxy";
  EXPECT_FALSE(login.json().as_object().contains("token")) << "page scripts never see the session token";
  std::string csrf = text(login.json(), "csrf_token");
  ASSERT_GE(csrf.size(), 40u);
  std::string cookie = "theme=dark; rapport_session=" + cookie_value(set_cookie);

  auto me = c.request("GET", "/api/v1/auth/me", "", {{"Cookie", cookie}});
  EXPECT_EQ(me.status, 200) << me.body;
  auto count = [&] {
    auto r = c.request("GET", "/api/v1/contacts?count=true&limit=1", "", {{"Cookie", cookie}});
    return r.json().at("total").as_int64();
  };
  int64_t before = count();
  std::string body = R"({"last_name":"Csrf"})";
  auto no_token = c.request("POST", "/api/v1/contacts", body, {{"Cookie", cookie}, {"Content-Type", "application/json"}});
  EXPECT_EQ(no_token.status, 403) << no_token.body;
  EXPECT_NE(no_token.body.find("csrf"), std::string::npos) << no_token.body;
  auto wrong = c.request("POST", "/api/v1/contacts", body,
                         {{"Cookie", cookie}, {"Content-Type", "application/json"}, {"X-CSRF-Token", csrf + "x"}});
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(count(), before) << "refused writes change nothing";
  auto ok = c.request("POST", "/api/v1/contacts", body,
                      {{"Cookie", cookie}, {"Content-Type", "application/json"}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(count(), before + 1);

  // Logging out ends the session and expires the cookie.
  EXPECT_EQ(c.request("POST", "/api/v1/auth/logout", "", {{"Cookie", cookie}}).status, 403) << "logout is a write too";
  auto out = c.request("POST", "/api/v1/auth/logout", "", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(out.status, 204) << out.body;
  EXPECT_NE(out.header("set-cookie").find("Max-Age=0"), std::string::npos) << out.header("set-cookie");
  EXPECT_EQ(c.request("GET", "/api/v1/auth/me", "", {{"Cookie", cookie}}).status, 401);
}

TEST(BrowserSession, CookiesAreSecureBehindATlsProxy) {
  ServerProcess server;
  HttpClient c(server.port());
  std::string body = json::serialize(json::object{{"email", ServerProcess::admin_email()},
                                                  {"password", ServerProcess::admin_password()}, {"cookie", true}});
  auto login = c.request("POST", "/api/v1/auth/login", body, {{"Content-Type", "application/json"}, {"X-Forwarded-Proto", "https"}});
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_NE(login.header("set-cookie").find("; Secure"), std::string::npos) << login.header("set-cookie");
  // A bearer session (no cookie asked for) needs no CSRF token: browsers never send it by themselves.
  std::string token = rapport::testing::login(c, ServerProcess::admin_email(), ServerProcess::admin_password());
  json::value contact = json::object{{"last_name", "Bearer"}};
  EXPECT_EQ(c.call("POST", "/api/v1/contacts", token, &contact).status, 201);
}

}  // namespace
}  // namespace rapport::testing
