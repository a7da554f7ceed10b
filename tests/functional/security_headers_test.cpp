// Headers every answer carries (an API answer is data: never framed, sniffed, cached or loaded as a
// page) and credentials sent in the URL, which are refused rather than ignored.
#include "fixture.hpp"
#include "tenancy_helpers.hpp"

namespace rapport::testing {
namespace {

class SecurityHeaders : public ServerTest {};

TEST_F(SecurityHeaders, EveryAnswerForbidsFramingSniffingAndCaching) {
  for (const auto& r : {get("/api/v1/contacts"), get("/api/v1/contacts/00000000-0000-7000-8000-000000000000"),
                        client_->request("GET", "/healthz"), client_->request("GET", "/api/v1/contacts")}) {
    EXPECT_EQ(r.header("content-security-policy"), "default-src 'none'; frame-ancestors 'none'") << r.status;
    EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
    EXPECT_EQ(r.header("x-frame-options"), "DENY");
    EXPECT_EQ(r.header("referrer-policy"), "no-referrer");
    EXPECT_EQ(r.header("cache-control"), "no-store");
  }
}

TEST_F(SecurityHeaders, CredentialsInTheUrlAreRefused) {
  for (const std::string param : {"access_token", "api_key", "token", "password"}) {
    auto r = client_->request("GET", "/api/v1/contacts?" + param + "=" + token());
    EXPECT_EQ(r.status, 400) << param;
    EXPECT_NE(r.body.find("Authorization header"), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find(token()), std::string::npos) << "the answer must not echo the credential";
    // Refused even with valid credentials in the header.
    auto both = client_->call("GET", "/api/v1/contacts?" + param + "=x", token());
    EXPECT_EQ(both.status, 400) << param;
  }
  EXPECT_EQ(get("/api/v1/contacts?limit=1").status, 200);
}

}  // namespace
}  // namespace rapport::testing
