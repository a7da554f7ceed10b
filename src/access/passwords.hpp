// Password hashing with Argon2id (libsodium), at or above OWASP's minimum (m = 19 MiB, t = 2, p = 1).
#pragma once
#include <string>
#include <string_view>

namespace rapport::access {

std::string hash_password(std::string_view password);
// Constant-time verification; false for a malformed hash.
bool verify_password(const std::string& hash, std::string_view password);
// A hash of a random password, verified against when the user does not exist, so that an unknown
// email costs the same time as a wrong password.
const std::string& decoy_hash();
// A readable random password for first start (about 120 bits).
std::string generate_password();

}  // namespace rapport::access
