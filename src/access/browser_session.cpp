#include "access/browser_session.hpp"

#include <sodium.h>

#include "platform/ids.hpp"

namespace rapport::access {

std::optional<std::string> session_cookie(const http::Request& req) {
  std::string_view h = req.header("Cookie");
  // "a=1; rapport_session=rps_...; b=2"
  while (!h.empty()) {
    auto semi = h.find(';');
    std::string_view pair = h.substr(0, semi);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == kSessionCookie) {
      std::string_view value = pair.substr(eq + 1);
      while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
      if (!value.empty()) return std::string(value);
    }
    if (semi == std::string_view::npos) break;
    h.remove_prefix(semi + 1);
  }
  return std::nullopt;
}

bool wants_secure_cookie(const http::Request& req, bool always_secure) {
  if (always_secure) return true;
  std::string_view proto = req.header("X-Forwarded-Proto");
  return proto.size() == 5 && (proto == "https" || proto == "HTTPS");
}

std::string session_cookie_header(const std::string& token, int64_t max_age_s, bool secure) {
  std::string h(kSessionCookie);
  h += "=" + token + "; Path=/; Max-Age=" + std::to_string(max_age_s) + "; HttpOnly; SameSite=Strict";
  if (secure) h += "; Secure";
  return h;
}

std::string expired_cookie_header(bool secure) {
  std::string h(kSessionCookie);
  h += "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict";
  if (secure) h += "; Secure";
  return h;
}

std::string csrf_token_of(std::string_view session_token) {
  constexpr std::string_view kLabel = "rapport-csrf";
  crypto_auth_hmacsha256_state state;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(session_token.data()), session_token.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(kLabel.data()), kLabel.size());
  crypto_auth_hmacsha256_final(&state, mac);
  return ids::base64url_encode(std::string_view(reinterpret_cast<const char*>(mac), sizeof mac));
}

bool csrf_allows(const http::Request& req, const std::string& stored_csrf_hash) {
  auto m = req.method();
  if (m == "GET" || m == "HEAD" || m == "OPTIONS") return true;
  std::string_view token = req.header(kCsrfHeader);
  if (token.empty() || stored_csrf_hash.empty()) return false;
  std::string hash = ids::token_hash(token);
  return hash.size() == stored_csrf_hash.size() &&
         sodium_memcmp(hash.data(), stored_csrf_hash.data(), hash.size()) == 0;
}

}  // namespace rapport::access
