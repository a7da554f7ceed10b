// The master key at start-up: where it comes from, and whether it is the key this database's
// secrets are sealed with.
//
// RAPPORT_MASTER_KEY (base64) wins; else the key file (--master-key-file, env
// RAPPORT_MASTER_KEY_FILE; on SQLite <data dir>/master.key by default, created with mode 0600 on the
// first start). On PostgreSQL nothing is ever created: several nodes must share one key, so a missing
// key is an error at start. The database keeps a check value sealed with the key (vault_check):
// the first start writes it, every later start must open it, or the start fails naming both key ids.
#pragma once
#include <memory>
#include <string>

#include "platform/db/connection.hpp"
#include "platform/vault.hpp"

namespace rapport::app {

struct MasterKeySource {
  std::string key_file;  // --master-key-file / RAPPORT_MASTER_KEY_FILE; empty: the default
  std::string data_dir;  // SQLite's data directory (the default key file's home)
  bool postgres = false;
};

// Before anything is created: the key named by the environment or the key file can be read, and on
// PostgreSQL there is one. Reads no database. Throws VaultError with what to do.
void check_master_key_source(const MasterKeySource& source);

// Loads the key and checks it against `c` (a migrated database, autocommit), writing the check value
// when there is none. Throws VaultError with what to do when the key is missing or the wrong one.
std::unique_ptr<Vault> open_vault(db::Connection& c, const MasterKeySource& source);

}  // namespace rapport::app
