#include "app/master_key.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>

#include "app/environment.hpp"
#include "platform/clock.hpp"

namespace rapport::app {
namespace {

constexpr std::string_view kCheckContext = "rapport vault check";
constexpr std::string_view kCheckText = "rapport master key check v1";

constexpr const char* kNoPostgresKey =
    "no master key: on PostgreSQL set RAPPORT_MASTER_KEY (or --master-key-file / RAPPORT_MASTER_KEY_FILE) to the key "
    "every node of this deployment shares; for a new deployment `rapport generate-key` prints one. It is never "
    "created automatically on PostgreSQL, because all nodes need the same key";

struct Check {
  std::string key_id, sealed;
};

std::optional<Check> read_check(db::Connection& c) {
  auto& st = c.prepare("SELECT key_id, sealed FROM vault_check WHERE id = 1");
  std::optional<Check> out;
  if (st.step()) out = Check{st.text(0), st.text(1)};
  st.reset();
  return out;
}

}  // namespace

void check_master_key_source(const MasterKeySource& source) {
  const std::string env_key = environment_value("RAPPORT_MASTER_KEY");
  const std::string file = source.key_file.empty() ? environment_value("RAPPORT_MASTER_KEY_FILE") : source.key_file;
  if (env_key.empty() && !file.empty() && !std::filesystem::exists(file))
    throw VaultError("the master key file " + file + " does not exist: restore it from your backup, or for a new "
                     "deployment write one with `rapport generate-key > " + file + "`");
  if (!env_key.empty() || !file.empty()) {
    Vault::load(env_key, file, false);  // throws when the text is not a key
    return;
  }
  if (source.postgres) throw VaultError(kNoPostgresKey);
}

std::unique_ptr<Vault> open_vault(db::Connection& c, const MasterKeySource& source) {
  const std::string env_key = environment_value("RAPPORT_MASTER_KEY");
  std::string file = source.key_file.empty() ? environment_value("RAPPORT_MASTER_KEY_FILE") : source.key_file;
  const bool default_file = file.empty() && !source.postgres;
  if (default_file) file = (std::filesystem::path(source.data_dir) / "master.key").string();
  const std::string where = !env_key.empty() ? "RAPPORT_MASTER_KEY" : file.empty() ? "" : "the key file " + file;

  auto check = read_check(c);
  if (env_key.empty() && check && !file.empty() && !std::filesystem::exists(file))
    throw VaultError("this database's secrets are sealed with the master key " + check->key_id + ", but " + file +
                     " does not exist: restore that file from your backup (or set RAPPORT_MASTER_KEY to the key). "
                     "Starting with a new key would leave every sealed secret unreadable");
  if (source.postgres && env_key.empty() && file.empty()) throw VaultError(kNoPostgresKey);
  bool created = false;
  // Only SQLite's own default file is created, and only for a database that has no check value yet.
  auto vault = std::make_unique<Vault>(Vault::load(env_key, file, default_file && !check, &created));
  if (created)
    spdlog::warn("created a new master key in {} (key id {}); it seals secrets such as TOTP seeds: back it up "
                 "apart from the database backups (a restore needs both; a stolen backup must not carry its key)",
                 file, vault->key_id());

  if (!check) {
    // Nodes starting together on an empty PostgreSQL database: one insert wins, the others compare.
    c.prepare("INSERT INTO vault_check(id, key_id, sealed, created_at) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO NOTHING")
        .bind_all({vault->key_id(), vault->seal(kCheckText, kCheckContext), clock::now_text()})
        .run();
    check = read_check(c);
    if (!check) throw VaultError("could not store the master key's check value");
  }
  auto opened = vault->open(check->sealed, kCheckContext);
  if (!opened || *opened != kCheckText)
    throw VaultError("wrong master key: this database's secrets are sealed with the key " + check->key_id + ", but " +
                     where + " holds the key " + vault->key_id() +
                     ". Restore the key file this database was used with, or set RAPPORT_MASTER_KEY to the key with id " +
                     check->key_id + " (every node must use the same key)");
  return vault;
}

}  // namespace rapport::app
