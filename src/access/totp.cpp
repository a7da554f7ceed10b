#include "access/totp.hpp"

#include <openssl/hmac.h>
#include <sodium.h>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <array>
#include <stdexcept>

namespace rapport::access::totp {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

}  // namespace

std::string new_secret() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  std::string s(20, '\0');
  randombytes_buf(s.data(), s.size());
  return s;
}

std::string base32_encode(std::string_view bytes) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kAlphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 31]);
  return out;
}

std::optional<std::string> base32_decode(std::string_view text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char ch : text) {
    if (ch == ' ' || ch == '=') continue;
    char up = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    auto pos = kAlphabet.find(up);
    if (pos == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 5) | static_cast<uint32_t>(pos);
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<char>((buffer >> (bits - 8)) & 0xff));
      bits -= 8;
    }
  }
  return out;
}

int64_t step_of(int64_t unix_seconds) { return unix_seconds / kStepSeconds; }

std::string code_at(std::string_view secret, int64_t step, int digits) {
  std::array<unsigned char, 8> counter{};
  for (int i = 7; i >= 0; --i) {
    counter[static_cast<std::size_t>(i)] = static_cast<unsigned char>(step & 0xff);
    step >>= 8;
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()), counter.data(), counter.size(), mac, &len) ||
      len < 20)
    throw std::runtime_error("HMAC-SHA-1 failed");
  // RFC 4226 dynamic truncation.
  int offset = mac[len - 1] & 0x0f;
  uint32_t binary = (static_cast<uint32_t>(mac[offset] & 0x7f) << 24) | (static_cast<uint32_t>(mac[offset + 1]) << 16) |
                    (static_cast<uint32_t>(mac[offset + 2]) << 8) | static_cast<uint32_t>(mac[offset + 3]);
  uint32_t mod = 1;
  for (int i = 0; i < digits; ++i) mod *= 10;
  std::string code = std::to_string(binary % mod);
  return std::string(static_cast<std::size_t>(digits) - code.size(), '0') + code;
}

std::optional<int64_t> verify(std::string_view secret, std::string_view code, int64_t unix_seconds,
                              int64_t last_used_step) {
  if (code.size() != static_cast<std::size_t>(kDigits)) return std::nullopt;
  int64_t now = step_of(unix_seconds);
  std::optional<int64_t> matched;
  // Every candidate is computed and compared, so the time taken does not tell which one matched.
  for (int64_t step = now - 1; step <= now + 1; ++step) {
    std::string expected = code_at(secret, step);
    bool same = sodium_memcmp(expected.data(), code.data(), expected.size()) == 0;
    if (same && step > last_used_step && !matched) matched = step;
  }
  return matched;
}

std::string otpauth_uri(std::string_view secret, std::string_view issuer, std::string_view account) {
  // Percent-encodes everything but RFC 3986's unreserved characters.
  auto uri_component = [](std::string_view s) { return boost::urls::encode(s, boost::urls::unreserved_chars); };
  std::string label = uri_component(issuer);
  label.append(":").append(uri_component(account));
  std::string uri = "otpauth://totp/";
  uri.append(label).append("?secret=").append(base32_encode(secret));
  uri.append("&issuer=").append(uri_component(issuer));
  uri.append("&algorithm=SHA1&digits=6&period=30");
  return uri;
}

}  // namespace rapport::access::totp
