#include "access/browser_session.hpp"

#include <gtest/gtest.h>

#include "platform/ids.hpp"

namespace rapport::access {

TEST(BrowserSession, CsrfTokenIsTheHmacOfTheSessionToken) {
  // base64url(HMAC-SHA256(key = "rps_example-session-token", "rapport-csrf")), computed apart (Node's crypto).
  EXPECT_EQ(csrf_token_of("rps_example-session-token"), "qUG39eAlocYqT6eQRAiUmkGydy-yP6Zv4KeYoNPClMk");
  EXPECT_NE(csrf_token_of("rps_example-session-token"), csrf_token_of("rps_example-session-tokeN"));
  EXPECT_EQ(csrf_token_of("rps_x").size(), 43u);  // 256 bits
}

TEST(BrowserSession, CsrfCheckComparesTheStoredHash) {
  http::Request req;
  req.raw.method(http::bhttp::verb::patch);
  const std::string token = csrf_token_of("rps_session");
  const std::string stored = ids::token_hash(token);
  EXPECT_FALSE(csrf_allows(req, stored));  // no header
  req.raw.set("X-CSRF-Token", token + "x");
  EXPECT_FALSE(csrf_allows(req, stored));
  req.raw.set("X-CSRF-Token", token);
  EXPECT_TRUE(csrf_allows(req, stored));
  EXPECT_FALSE(csrf_allows(req, ""));  // a session without a CSRF token (Bearer) never passes a cookie write
  req.raw.method(http::bhttp::verb::get);
  req.raw.erase("X-CSRF-Token");
  EXPECT_TRUE(csrf_allows(req, stored));  // reads need none
}

}  // namespace rapport::access
