// Password hashing with Argon2id (libsodium), at or above OWASP's minimum (m = 19 MiB, t = 2, p = 1),
// and the policy a new password must meet (NIST SP 800-63B).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "platform/problem.hpp"

namespace rapport::access {

std::string hash_password(std::string_view password);
// Constant-time verification; false for a malformed hash.
bool verify_password(const std::string& hash, std::string_view password);
// A hash of a random password, verified against when the user does not exist, so that an unknown
// email costs the same time as a wrong password.
const std::string& decoy_hash();
// A readable random password for first start (about 120 bits).
std::string generate_password();

// The policy for a password someone chooses (a new user, a changed or reset password, a new
// workspace's admin), after NIST SP 800-63B 5.1.1.2: at least kMinPasswordLength characters,
// counted as Unicode code points; every printable character is allowed, control characters (NUL
// included) are not; one character repeated is refused, and so is any password of the list of
// common passwords shipped with the project (common_passwords.txt), compared case-insensitively.
inline constexpr std::size_t kMinPasswordLength = 12;
inline constexpr std::size_t kMaxPasswordBytes = 1024;
// Why `password` is refused, as a 422 field error of `field` (code "length", "format", "repeated" or
// "common"); nullopt when it is acceptable.
std::optional<FieldError> check_password(std::string_view field, std::string_view password);
// Whether `password` (any case) is on the shipped list of common passwords.
bool is_common_password(std::string_view password);

}  // namespace rapport::access
