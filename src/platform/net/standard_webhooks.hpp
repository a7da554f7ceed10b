// Signatures of the Standard Webhooks specification (https://www.standardwebhooks.com, spec 1.0.0,
// symmetric scheme): a secret is "whsec_" + base64 of 24 to 64 random bytes; the signed content is
// "{webhook-id}.{webhook-timestamp}.{body}"; a signature is "v1," + base64 of its HMAC-SHA256 under
// the decoded secret; the webhook-signature header holds one signature per secret, space-separated,
// so that an old and a new secret both sign while a rotation lasts.
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::net::standard_webhooks {

inline constexpr std::string_view kSecretPrefix = "whsec_";
inline constexpr std::size_t kMinSecretBytes = 24;
inline constexpr std::size_t kMaxSecretBytes = 64;
// How far a timestamp may be from the verifier's clock, either way (the spec's suggestion).
inline constexpr std::chrono::seconds kTolerance{5 * 60};

// A new secret of `bytes` random bytes (libsodium's generator), clamped to 24..64.
std::string generate_secret(std::size_t bytes = 32);

// The HMAC key a secret stands for; nullopt unless it is "whsec_" + standard base64 of 24 to 64 bytes.
std::optional<std::string> secret_key(std::string_view secret);

// The webhook-signature header's value: "v1,<base64>" for each secret, in the order given.
// msg_id must not contain '.' and every secret must pass secret_key (the sender made them both):
// anything else is a bug in the caller and stops the process.
std::string sign(std::string_view msg_id, std::int64_t timestamp, std::string_view body,
                 const std::vector<std::string>& secrets);

// The three headers a delivery carries.
struct Headers {
  std::string id;         // webhook-id
  std::string timestamp;  // webhook-timestamp: integer Unix seconds
  std::string signature;  // webhook-signature
};
Headers headers(std::string_view msg_id, std::int64_t timestamp, std::string_view body,
                const std::vector<std::string>& secrets);

enum class Verification {
  ok,
  malformed,     // a header missing or not of its form (the id holds a '.', the timestamp is not an integer)
  too_old,       // the timestamp is more than `tolerance` before now
  too_new,       // ... or after it
  no_signature,  // no v1 signature in the header matches any of the secrets
};

// What a receiver does: at least one "v1," signature of the header (others, "v1a," included, are
// skipped) must match one of the secrets (invalid secrets are skipped), compared in constant time,
// and the timestamp must be within `tolerance` of `now` (Unix seconds).
Verification verify(std::string_view msg_id, std::string_view timestamp, std::string_view body,
                    std::string_view signature_header, const std::vector<std::string>& secrets, std::int64_t now,
                    std::chrono::seconds tolerance = kTolerance);

}  // namespace rapport::net::standard_webhooks
