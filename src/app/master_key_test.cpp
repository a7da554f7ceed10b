#include "app/master_key.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "platform/db/migrations.hpp"
#include "platform/db/sqlite.hpp"
#include "platform/test_temp_dir.hpp"

namespace rapport::app {
namespace {
namespace fs = std::filesystem;


std::string message_of(db::Connection& c, const MasterKeySource& s) {
  try {
    open_vault(c, s);
  } catch (const VaultError& e) {
    return e.what();
  }
  return "";
}

TEST(MasterKey, FirstStartWritesTheCheckAndLaterStartsNeedTheSameKey) {
  TempDir d{"rapport-key"};
  ::unsetenv("RAPPORT_MASTER_KEY");
  ::unsetenv("RAPPORT_MASTER_KEY_FILE");
  db::SqliteConnection c((d.dir / "rapport.db").string(), false);
  db::migrate(c);
  MasterKeySource sqlite{"", d.dir.string(), false};
  auto first = open_vault(c, sqlite);
  EXPECT_TRUE(fs::exists(d.dir / "master.key"));
  EXPECT_EQ(fs::status(d.dir / "master.key").permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(std::get<std::string>(c.scalar("SELECT key_id FROM vault_check")), first->key_id());
  EXPECT_EQ(open_vault(c, sqlite)->key_id(), first->key_id());

  // Another key from a file: refused, naming both ids.
  std::string other_text = Vault::generate_key_text();
  std::ofstream(d.dir / "other.key") << other_text << "\n";
  std::string other_id = Vault(*Vault::parse_key_text(other_text)).key_id();
  auto msg = message_of(c, {(d.dir / "other.key").string(), d.dir.string(), false});
  EXPECT_NE(msg.find("wrong master key"), std::string::npos) << msg;
  EXPECT_NE(msg.find(first->key_id()), std::string::npos) << msg;
  EXPECT_NE(msg.find(other_id), std::string::npos) << msg;
  // The lost default file is not recreated.
  fs::remove(d.dir / "master.key");
  msg = message_of(c, sqlite);
  EXPECT_NE(msg.find("does not exist"), std::string::npos) << msg;
  EXPECT_FALSE(fs::exists(d.dir / "master.key"));
  // The same database flagged as PostgreSQL without any key: refused, nothing created.
  TempDir e{"rapport-key"};
  db::SqliteConnection fresh((e.dir / "rapport.db").string(), false);
  db::migrate(fresh);
  msg = message_of(fresh, {"", e.dir.string(), true});
  EXPECT_NE(msg.find("no master key"), std::string::npos) << msg;
  EXPECT_FALSE(fs::exists(e.dir / "master.key"));
}

}  // namespace
}  // namespace rapport::app
