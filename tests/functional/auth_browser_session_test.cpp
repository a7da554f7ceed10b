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

// A page that reloads has lost the CSRF token (it is kept in memory only): /auth/me, called with the
// cookie alone, answers the same token again, and only to the cookie's holder.
TEST(BrowserSession, AuthMeAnswersTheCsrfTokenAgainToTheCookieOnly) {
  ServerProcess server;
  HttpClient c(server.port());
  json::value creds = json::object{{"email", ServerProcess::admin_email()}, {"password", ServerProcess::admin_password()}, {"cookie", true}};
  auto login = c.call("POST", "/api/v1/auth/login", "", &creds);
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string signed_in_csrf = text(login.json(), "csrf_token");
  const std::string cookie = "rapport_session=" + cookie_value(login.header("set-cookie"));

  auto me = c.request("GET", "/api/v1/auth/me", "", {{"Cookie", cookie}});
  ASSERT_EQ(me.status, 200) << me.body;
  const std::string csrf = text(me.json(), "csrf_token");
  EXPECT_EQ(csrf, signed_in_csrf);
  EXPECT_EQ(me.header("cache-control"), "no-store");

  // A write with the token from /auth/me goes through; with another token it is refused and changes nothing.
  std::string token = rapport::testing::login(c, ServerProcess::admin_email(), ServerProcess::admin_password());
  json::value contact = json::object{{"last_name", "Reload"}};
  auto created = c.call("POST", "/api/v1/contacts", token, &contact);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = text(created.json(), "id");
  const std::vector<std::pair<std::string, std::string>> json_cookie = {{"Cookie", cookie}, {"Content-Type", "application/json"}};
  auto with = [&](std::string token_header) {
    auto h = json_cookie;
    h.emplace_back("X-CSRF-Token", std::move(token_header));
    return h;
  };
  auto wrong = c.request("PATCH", "/api/v1/contacts/" + id, R"({"last_name":"Forged"})", with(csrf.substr(1) + "A"));
  EXPECT_EQ(wrong.status, 403) << wrong.body;
  EXPECT_NE(wrong.body.find("csrf-token-missing"), std::string::npos) << wrong.body;
  EXPECT_EQ(text(c.call("GET", "/api/v1/contacts/" + id, token).json(), "last_name"), "Reload");
  auto ok = c.request("PATCH", "/api/v1/contacts/" + id, R"({"last_name":"Reloaded"})", with(csrf));
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(text(c.call("GET", "/api/v1/contacts/" + id, token).json(), "last_name"), "Reloaded");

  // Every other caller: no token (a Bearer session, an API key, the cookie beside an Authorization header).
  auto bearer = c.call("GET", "/api/v1/auth/me", token);
  ASSERT_EQ(bearer.status, 200);
  EXPECT_FALSE(bearer.json().as_object().contains("csrf_token")) << bearer.body;
  json::value key_body = json::object{{"name", "reload test"}};
  auto key = c.call("POST", "/api/v1/api-keys", token, &key_body);
  ASSERT_EQ(key.status, 201) << key.body;
  auto by_key = c.call("GET", "/api/v1/auth/me", text(key.json(), "key"));
  ASSERT_EQ(by_key.status, 200) << by_key.body;
  EXPECT_FALSE(by_key.json().as_object().contains("csrf_token")) << by_key.body;
  auto both = c.request("GET", "/api/v1/auth/me", "", {{"Cookie", cookie}, {"Authorization", "Bearer " + token}});
  ASSERT_EQ(both.status, 200);
  EXPECT_FALSE(both.json().as_object().contains("csrf_token")) << both.body;

  // Each browser session has its own token.
  auto second = c.call("POST", "/api/v1/auth/login", "", &creds);
  ASSERT_EQ(second.status, 200);
  EXPECT_NE(text(second.json(), "csrf_token"), csrf);
  auto other = c.request("GET", "/api/v1/auth/me", "", {{"Cookie", "rapport_session=" + cookie_value(second.header("set-cookie"))}});
  EXPECT_EQ(text(other.json(), "csrf_token"), text(second.json(), "csrf_token"));
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
