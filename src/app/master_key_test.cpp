#include "app/master_key.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "platform/db/migrations.hpp"
#include "platform/db/sqlite.hpp"

namespace rapport::app {
namespace {
namespace fs = std::filesystem;

struct Dir {
  fs::path path;
  Dir() {
    std::string t = (fs::temp_directory_path() / "rapport-key-XXXXXX").string();
    path = mkdtemp(t.data());
  }
  ~Dir() { fs::remove_all(path); }
};

std::string message_of(db::Connection& c, const MasterKeySource& s) {
  try {
    open_vault(c, s);
  } catch (const VaultError& e) {
    return e.what();
  }
  return "";
}

TEST(MasterKey, FirstStartWritesTheCheckAndLaterStartsNeedTheSameKey) {
  Dir d;
  ::unsetenv("RAPPORT_MASTER_KEY");
  ::unsetenv("RAPPORT_MASTER_KEY_FILE");
  db::SqliteConnection c((d.path / "rapport.db").string(), false);
  db::migrate(c);
  MasterKeySource sqlite{"", d.path.string(), false};
  auto first = open_vault(c, sqlite);
  EXPECT_TRUE(fs::exists(d.path / "master.key"));
  EXPECT_EQ(fs::status(d.path / "master.key").permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(std::get<std::string>(c.scalar("SELECT key_id FROM vault_check")), first->key_id());
  EXPECT_EQ(open_vault(c, sqlite)->key_id(), first->key_id());

  // Another key from a file: refused, naming both ids.
  std::string other_text = Vault::generate_key_text();
  std::ofstream(d.path / "other.key") << other_text << "\n";
  std::string other_id = Vault(*Vault::parse_key_text(other_text)).key_id();
  auto msg = message_of(c, {(d.path / "other.key").string(), d.path.string(), false});
  EXPECT_NE(msg.find("wrong master key"), std::string::npos) << msg;
  EXPECT_NE(msg.find(first->key_id()), std::string::npos) << msg;
  EXPECT_NE(msg.find(other_id), std::string::npos) << msg;
  // The lost default file is not recreated.
  fs::remove(d.path / "master.key");
  msg = message_of(c, sqlite);
  EXPECT_NE(msg.find("does not exist"), std::string::npos) << msg;
  EXPECT_FALSE(fs::exists(d.path / "master.key"));
  // The same database flagged as PostgreSQL without any key: refused, nothing created.
  Dir e;
  db::SqliteConnection fresh((e.path / "rapport.db").string(), false);
  db::migrate(fresh);
  msg = message_of(fresh, {"", e.path.string(), true});
  EXPECT_NE(msg.find("no master key"), std::string::npos) << msg;
  EXPECT_FALSE(fs::exists(e.path / "master.key"));
}

}  // namespace
}  // namespace rapport::app
