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
// Whether a request authenticated by the cookie may go on: safe methods always; others only with the
// session's CSRF token (compared in constant time with the stored hash).
bool csrf_allows(const http::Request& req, const std::string& stored_csrf_hash);

}  // namespace rapport::access
