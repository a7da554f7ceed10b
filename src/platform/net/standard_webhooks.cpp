#include "platform/net/standard_webhooks.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <charconv>

#include "platform/ids.hpp"
#include "platform/must.hpp"

namespace rapport::net::standard_webhooks {
namespace {

using Mac = std::array<unsigned char, crypto_auth_hmacsha256_BYTES>;

Mac hmac(std::string_view key, std::string_view msg_id, std::string_view timestamp, std::string_view body) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  auto update = [&](std::string_view part) {
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(part.data()), part.size());
  };
  update(msg_id);
  update(".");
  update(timestamp);
  update(".");
  update(body);
  Mac mac;
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  return mac;
}

std::optional<std::int64_t> parse_timestamp(std::string_view text) {
  if (text.empty() || text.size() > 18 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  std::int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

}  // namespace

std::string generate_secret(std::size_t bytes) {
  if (sodium_init() < 0) invariant_broken("libsodium could not be initialised");
  std::string raw(std::clamp(bytes, kMinSecretBytes, kMaxSecretBytes), '\0');
  randombytes_buf(raw.data(), raw.size());
  auto secret = std::string(kSecretPrefix) + ids::base64_encode(raw);
  sodium_memzero(raw.data(), raw.size());
  return secret;
}

std::optional<std::string> secret_key(std::string_view secret) {
  if (!secret.starts_with(kSecretPrefix)) return std::nullopt;
  std::string key;
  if (!ids::base64_decode(secret.substr(kSecretPrefix.size()), key) || key.size() < kMinSecretBytes ||
      key.size() > kMaxSecretBytes)
    return std::nullopt;
  std::optional<std::string> out;
  out.emplace(key.data(), key.size());
  sodium_memzero(key.data(), key.size());
  return out;
}

std::string sign(std::string_view msg_id, std::int64_t timestamp, std::string_view body,
                 const std::vector<std::string>& secrets) {
  // A '.' in the id would let "a.b" + "c" and "a" + "b.c" sign alike (the spec forbids it).
  if (msg_id.empty() || msg_id.find('.') != std::string_view::npos)
    invariant_broken("a Standard Webhooks message id that is empty or holds a '.'");
  std::string ts = std::to_string(timestamp);
  std::string header;
  for (const auto& secret : secrets) {
    auto key = must(secret_key(secret), "a webhook secret of the whsec_ form (24 to 64 bytes)");
    auto mac = hmac(key, msg_id, ts, body);
    sodium_memzero(key.data(), key.size());
    if (!header.empty()) header += ' ';
    header += "v1,";
    header += ids::base64_encode(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
  }
  return header;
}

Headers headers(std::string_view msg_id, std::int64_t timestamp, std::string_view body,
                const std::vector<std::string>& secrets) {
  return {std::string(msg_id), std::to_string(timestamp), sign(msg_id, timestamp, body, secrets)};
}

Verification verify(std::string_view msg_id, std::string_view timestamp, std::string_view body,
                    std::string_view signature_header, const std::vector<std::string>& secrets, std::int64_t now,
                    std::chrono::seconds tolerance) {
  auto ts = parse_timestamp(timestamp);
  if (msg_id.empty() || msg_id.find('.') != std::string_view::npos || !ts || signature_header.empty())
    return Verification::malformed;
  if (*ts < now - tolerance.count()) return Verification::too_old;
  if (*ts > now + tolerance.count()) return Verification::too_new;

  std::vector<Mac> expected;
  for (const auto& secret : secrets)
    if (auto key = secret_key(secret)) {
      expected.push_back(hmac(*key, msg_id, timestamp, body));
      sodium_memzero(key->data(), key->size());
    }
  bool match = false;
  while (!signature_header.empty()) {
    auto space = signature_header.find(' ');
    auto item = signature_header.substr(0, space);
    signature_header.remove_prefix(space == std::string_view::npos ? signature_header.size() : space + 1);
    if (!item.starts_with("v1,")) continue;
    std::string given;
    if (!ids::base64_decode(item.substr(3), given) || given.size() != crypto_auth_hmacsha256_BYTES) continue;
    for (const auto& mac : expected)
      match |= crypto_verify_32(mac.data(), reinterpret_cast<const unsigned char*>(given.data())) == 0;
  }
  return match ? Verification::ok : Verification::no_signature;
}

}  // namespace rapport::net::standard_webhooks
