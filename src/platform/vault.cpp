#include "platform/vault.hpp"

#include <sodium.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "platform/ids.hpp"

namespace rapport {
namespace {

void init_sodium() {
  if (sodium_init() < 0) throw VaultError("libsodium could not be initialised");
}

constexpr std::string_view kPrefix = "v1.";

}  // namespace

Vault::Vault(std::string key) : key_(std::move(key)) {
  init_sodium();
  if (key_.size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES) throw VaultError("a master key must be 32 bytes");
}

Vault::~Vault() { sodium_memzero(key_.data(), key_.size()); }

std::string Vault::generate_key_text() {
  init_sodium();
  unsigned char key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
  crypto_aead_xchacha20poly1305_ietf_keygen(key);
  auto text = ids::base64_encode(std::string_view(reinterpret_cast<const char*>(key), sizeof key));
  sodium_memzero(key, sizeof key);
  return text;
}

std::optional<std::string> Vault::parse_key_text(std::string_view text) {
  init_sodium();
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  std::string key;
  if (!ids::base64_decode(text, key) || key.size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES)
    return std::nullopt;
  std::optional<std::string> out;
  out.emplace(key.data(), key.size());
  sodium_memzero(key.data(), key.size());
  return out;
}

Vault Vault::load(const std::string& env_value, const std::string& file_path, bool create_if_missing, bool* created) {
  if (created) *created = false;
  if (!env_value.empty()) {
    auto key = parse_key_text(env_value);
    if (!key) throw VaultError("RAPPORT_MASTER_KEY is not a master key: it must be base64 of 32 bytes (`rapport generate-key` makes one)");
    return Vault(*key);
  }
  namespace fs = std::filesystem;
  if (!file_path.empty() && fs::exists(file_path)) {
    std::ifstream in(file_path);
    std::stringstream ss;
    ss << in.rdbuf();
    auto key = parse_key_text(ss.str());
    if (!key) throw VaultError("the master key file " + file_path + " does not hold a master key (base64 of 32 bytes)");
    return Vault(*key);
  }
  if (!create_if_missing || file_path.empty())
    throw VaultError(
        "no master key: set RAPPORT_MASTER_KEY or --master-key-file to the key this deployment's secrets are sealed "
        "with (every node needs the same one; `rapport generate-key` makes a new one for a new deployment)");
  auto text = generate_key_text();
  {
    fs::create_directories(fs::path(file_path).parent_path().empty() ? fs::path(".") : fs::path(file_path).parent_path());
    auto tmp = file_path + ".tmp";
    mode_t old = ::umask(077);
    {
      std::ofstream out(tmp, std::ios::trunc);
      out << text << "\n";
      out.flush();
      if (!out) {
        ::umask(old);
        throw VaultError("could not write the master key file " + file_path);
      }
    }
    ::umask(old);
    fs::permissions(tmp, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
    fs::rename(tmp, file_path);
  }
  if (created) *created = true;
  return Vault(*parse_key_text(text));
}

std::string Vault::seal(std::string_view plaintext, std::string_view context) const {
  std::string buf(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES,
                  '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(buf.data());
  randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &clen, reinterpret_cast<const unsigned char*>(plaintext.data()),
      plaintext.size(), reinterpret_cast<const unsigned char*>(context.data()), context.size(), nullptr, nonce,
      reinterpret_cast<const unsigned char*>(key_.data()));
  std::string out(kPrefix);
  out.append(ids::base64url_encode(
      std::string_view(reinterpret_cast<const char*>(nonce), crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + clen)));
  return out;
}

std::optional<std::string> Vault::open(std::string_view sealed, std::string_view context) const {
  if (sealed.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  std::string raw;
  constexpr std::size_t overhead = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (!ids::base64url_decode(sealed.substr(kPrefix.size()), raw) || raw.size() < overhead)
    return std::nullopt;
  const auto* nonce = reinterpret_cast<const unsigned char*>(raw.data());
  const auto* cipher = nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::size_t clen = raw.size() - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::string plain(clen - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long plen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plain.data()), &plen, nullptr, cipher,
                                                 clen, reinterpret_cast<const unsigned char*>(context.data()),
                                                 context.size(), nonce,
                                                 reinterpret_cast<const unsigned char*>(key_.data())) != 0)
    return std::nullopt;
  plain.resize(plen);
  return plain;
}

std::string Vault::key_id() const {
  unsigned char h[8];
  static const char kLabel[] = "rapport master key id";
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(kLabel), sizeof kLabel - 1,
                     reinterpret_cast<const unsigned char*>(key_.data()), key_.size());
  char hex[17];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return hex;
}

}  // namespace rapport
