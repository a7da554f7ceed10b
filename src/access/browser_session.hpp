// Sessions for the browser: the session token travels in an HttpOnly, SameSite=Strict cookie that
// page scripts cannot read, and every state-changing request made with that cookie must carry the
// session's CSRF token in X-CSRF-Token (a cross-site page can make the browser send the cookie, but
// cannot read the token). Bearer tokens and API keys need no CSRF token: no browser adds them by
// itself.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "access/context.hpp"
#include "platform/http/message.hpp"

namespace rapport::access {

inline constexpr std::string_view kSessionCookie = "rapport_session";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

// The session token of the request's rapport_session cookie, if any.
std::optional<std::string> session_cookie(const http::Request& req);
// Secure when the request came over TLS (X-Forwarded-Proto: https from the proxy that ended it) or
// when the server is told so (--secure-cookies). A forged header could only make the cookie stricter.
bool wants_secure_cookie(const http::Request& req, bool always_secure);
std::string session_cookie_header(const std::string& token, int64_t max_age_s, bool secure);
std::string expired_cookie_header(bool secure);
// The CSRF token of a browser session: base64url(HMAC-SHA256(key = the session token, "rapport-csrf")).
// Derived rather than random, so that GET /api/v1/auth/me can hand it again to a page that reloaded
// (the page keeps it in memory only, never in localStorage): only who holds the session token, which
// lives in the HttpOnly cookie, can compute it. The session stores its hash (sessions.csrf_hash).
std::string csrf_token_of(std::string_view session_token);
// Whether a request authenticated by the cookie may go on: safe methods always; others only with the
// session's CSRF token (compared in constant time with the stored hash).
bool csrf_allows(const http::Request& req, const std::string& stored_csrf_hash);

}  // namespace rapport::access
