// Time-based one-time passwords (RFC 6238 over RFC 4226): HMAC-SHA-1, 30-second steps, 6 digits —
// what common authenticator apps expect from an otpauth:// URI. Secrets are 160 random bits,
// shown to the user in base32 (RFC 4648, no padding).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rapport::access::totp {

inline constexpr int kStepSeconds = 30;
inline constexpr int kDigits = 6;

// 20 random bytes from libsodium's generator.
std::string new_secret();
std::string base32_encode(std::string_view bytes);
// Accepts upper or lower case, ignores spaces and '=' padding; nullopt for any other character.
std::optional<std::string> base32_decode(std::string_view text);

// The time step of a Unix time (seconds / 30).
int64_t step_of(int64_t unix_seconds);
// The code for a step with `digits` digits (zero-padded).
std::string code_at(std::string_view secret, int64_t step, int digits = kDigits);

// Checks `code` against the steps around now (one step of drift either way) and returns the step
// that matched, or nullopt. A step at or before `last_used_step` never matches, so a code is
// accepted once. Comparison is constant-time.
std::optional<int64_t> verify(std::string_view secret, std::string_view code, int64_t unix_seconds,
                              int64_t last_used_step);

// otpauth://totp/Rapport:<account>?secret=...&issuer=Rapport&algorithm=SHA1&digits=6&period=30
std::string otpauth_uri(std::string_view secret, std::string_view issuer, std::string_view account);

}  // namespace rapport::access::totp
