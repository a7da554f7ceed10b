// The master key at start: SQLite creates <data>/master.key (0600) once and says so; a start or a
// command with another key is refused naming both key ids; a lost key file is not silently replaced;
// PostgreSQL never creates a key.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "fixture.hpp"
#include "platform/vault.hpp"

namespace rapport::testing {
namespace {
namespace fs = std::filesystem;

std::string key_id_of(const std::string& key_text) { return Vault(*Vault::parse_key_text(key_text)).key_id(); }

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::string s;
  in >> s;
  return s;
}

// The output of a start that must fail (empty when it started).
std::string failed_start(const std::string& dir, std::vector<std::pair<std::string, std::string>> env) {
  try {
    ServerProcess s({}, dir, "127.0.0.1:0", std::move(env));
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(VaultStart, SqliteCreatesTheKeyFileOnceWithMode0600) {
  if (on_postgres_backend()) GTEST_SKIP() << "SQLite only: PostgreSQL never creates a key";
  std::string dir = make_temp_dir("rapport-vault-");
  {
    ServerProcess s({}, dir);
    std::string key_path = dir + "/master.key";
    ASSERT_TRUE(fs::exists(key_path));
    struct stat st {};
    ASSERT_EQ(::stat(key_path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    std::string key = read_file(key_path);
    ASSERT_TRUE(Vault::parse_key_text(key)) << key;
    EXPECT_NE(s.output().find("created a new master key in " + key_path), std::string::npos) << s.output();
    EXPECT_NE(s.output().find(key_id_of(key)), std::string::npos);
  }
  {
    ServerProcess again({}, dir);
    EXPECT_EQ(again.output().find("created a new master key"), std::string::npos) << again.output();
  }
  // A lost key file is not replaced by a new key: the start fails and says what to do.
  fs::rename(dir + "/master.key", dir + "/master.key.bak");
  std::string out = failed_start(dir, {});
  EXPECT_NE(out.find("does not exist: restore that file"), std::string::npos) << out;
  EXPECT_FALSE(fs::exists(dir + "/master.key"));
  fs::rename(dir + "/master.key.bak", dir + "/master.key");
  // --master-key-file elsewhere works the same.
  fs::rename(dir + "/master.key", dir + "/elsewhere.key");
  { ServerProcess moved({"--master-key-file", dir + "/elsewhere.key"}, dir); }
  fs::remove_all(dir);
}

TEST(VaultStart, AnotherKeyIsRefusedNamingBothKeys) {
  std::string dir = make_temp_dir("rapport-vault-");
  { ServerProcess first({}, dir); }
  std::string used = on_postgres_backend() ? test_master_key() : read_file(dir + "/master.key");
  std::string other = Vault::generate_key_text();
  std::string out = failed_start(dir, {{"RAPPORT_MASTER_KEY", other}});
  ASSERT_FALSE(out.empty()) << "a server started with another key";
  EXPECT_NE(out.find("wrong master key"), std::string::npos) << out;
  EXPECT_NE(out.find(key_id_of(used)), std::string::npos) << out;
  EXPECT_NE(out.find(key_id_of(other)), std::string::npos) << out;
  EXPECT_NE(out.find("set RAPPORT_MASTER_KEY"), std::string::npos) << out;
  // Commands that open the database refuse it too.
  auto cmd = run_rapport({"workspace", "create", "--name", "X", "--admin-email", "x@x.test", "--data", dir},
                         {{"RAPPORT_MASTER_KEY", other}, {"RAPPORT_ADMIN_PASSWORD", "x-password-123"}});
  EXPECT_NE(cmd.exit_code, 0);
  EXPECT_NE(cmd.output.find("wrong master key"), std::string::npos) << cmd.output;
  auto bad = run_rapport({"workspace", "create", "--name", "X", "--admin-email", "x@x.test", "--data", dir},
                         {{"RAPPORT_MASTER_KEY", "bm90IGEga2V5"}, {"RAPPORT_ADMIN_PASSWORD", "x-password-123"}});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.output.find("RAPPORT_MASTER_KEY is not a master key"), std::string::npos) << bad.output;
  // The right key still works (the same data directory, its database on either engine).
  { ServerProcess right({}, dir, "127.0.0.1:0", {{"RAPPORT_MASTER_KEY", used}}); }
  fs::remove_all(dir);
}

TEST(VaultStart, PostgresWithoutAKeyIsRefused) {
  if (!on_postgres_backend()) GTEST_SKIP() << "PostgreSQL only (RAPPORT_TEST_BACKEND=postgres)";
  std::string dir = make_temp_dir("rapport-vault-");
  std::string out = failed_start(dir, {{"RAPPORT_MASTER_KEY", ""}, {"RAPPORT_MASTER_KEY_FILE", ""}});
  EXPECT_NE(out.find("no master key: on PostgreSQL set RAPPORT_MASTER_KEY"), std::string::npos) << out;
  EXPECT_FALSE(fs::exists(dir + "/master.key"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace rapport::testing
