// Secrets at rest: what the server must keep and use later (TOTP secrets, webhook signing secrets,
// SMTP passwords) is sealed with XChaCha20-Poly1305 (libsodium) under a 256-bit master key that never
// enters the database. Each sealed value is bound to a context string (e.g. "totp:<user id>"), so a
// sealed value copied into another row does not open there.
//
// The master key comes from RAPPORT_MASTER_KEY (base64) or a key file (base64, mode 0600). The
// database keeps a sealed check value, so a node started with another key refuses to start with a
// message saying so, instead of failing later on every secret.
#pragma once
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace rapport {

struct VaultError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Vault {
 public:
  // key: 32 bytes.
  explicit Vault(std::string key);
  Vault(const Vault&) = default;
  ~Vault();

  // 32 random bytes, base64 (standard alphabet, padded): the text a key file or the variable holds.
  static std::string generate_key_text();
  // Decodes a key text (surrounding whitespace ignored); nullopt unless it is base64 of 32 bytes.
  static std::optional<std::string> parse_key_text(std::string_view text);
  // The key from `env_value` when not empty, else from the file at `file_path`. When neither exists
  // and create_if_missing is set, writes a new key to file_path (mode 0600) and says so in *created.
  // Throws VaultError with what to do when no key can be had or the text is not a key.
  static Vault load(const std::string& env_value, const std::string& file_path, bool create_if_missing,
                    bool* created = nullptr);

  // "v1." + base64url(nonce || ciphertext || tag)
  std::string seal(std::string_view plaintext, std::string_view context) const;
  // nullopt when the value was sealed under another key or context, or was altered.
  std::optional<std::string> open(std::string_view sealed, std::string_view context) const;
  // A short public fingerprint of the key (16 hex digits of a keyed BLAKE2b), for messages and logs.
  std::string key_id() const;

 private:
  std::string key_;
};

}  // namespace rapport
