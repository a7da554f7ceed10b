#include "access/passwords.hpp"

#include <sodium.h>

#include <stdexcept>

#include "platform/ids.hpp"

namespace rapport::access {
namespace {
constexpr unsigned long long kOpsLimit = 2;
constexpr std::size_t kMemLimit = 19u * 1024u * 1024u;
}  // namespace

std::string hash_password(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOpsLimit, kMemLimit, crypto_pwhash_ALG_ARGON2ID13) !=
      0)
    throw std::runtime_error("out of memory while hashing a password");
  return out;
}

bool verify_password(const std::string& hash, std::string_view password) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

const std::string& decoy_hash() {
  static const std::string h = hash_password(ids::random_token(24));
  return h;
}

std::string generate_password() { return ids::random_token(15); }

}  // namespace rapport::access
