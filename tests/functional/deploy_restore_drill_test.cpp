// The single-server recipe's backup and restore drill (deploy/single-server/backup.sh and
// restore-drill.sh) run as shipped against a real server: backups are taken while it serves, the
// drill restores the newest one and passes only when a server on it reports the records the backup
// holds, and fails (non-zero, FAIL) when the master key is not the one the backup was sealed with
// or the backup is damaged. SQLite only (PostgreSQL is backed up with pg_dump).
#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "fixture.hpp"
#include "build_paths.hpp"
#include "platform/db/sqlite.hpp"

namespace rapport::testing {
namespace {
namespace json = boost::json;
namespace fs = std::filesystem;

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char ch : s) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

// Runs a script of deploy/single-server with bash and the given environment; stdout and stderr.
CommandResult run_script(const std::string& name, const std::vector<std::pair<std::string, std::string>>& env) {
  std::string cmd = "env -u RAPPORT_MASTER_KEY -u RAPPORT_MASTER_KEY_FILE RAPPORT_BIN=" + quote(rapport_binary());
  for (const auto& [k, v] : env) cmd += " " + k + "=" + quote(v);
  cmd += " bash " + quote(std::string(source_dir()) + "/deploy/single-server/" + name) + " 2>&1";
  CommandResult r{-1, ""};
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
  int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::vector<std::string> backups_in(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".db") out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

class RestoreDrill : public ::testing::Test {
 protected:
  void SetUp() override {
    backups_ = make_temp_dir("rapport-drill-backups-");
    HttpClient c(server_.port());
    token_ = login(c, ServerProcess::admin_email(), ServerProcess::admin_password());
    for (int i = 0; i < 3; ++i) create(c, "companies", json::object{{"name", "Drill Co " + std::to_string(i)}});
    std::string gone;
    for (int i = 0; i < 5; ++i) {
      std::string email = std::to_string(i);
      email += "@drill.test";
      gone = create(c, "contacts", json::object{{"last_name", "Drill"}, {"email", email}});
    }
    // A deleted contact is in the recycle bin, not among the live ones the drill counts.
    EXPECT_EQ(c.call("DELETE", "/api/v1/contacts/" + gone, token_).status, 204);
    json::value pipeline = json::object{
        {"name", "Drill"},
        {"stages", json::array{json::object{{"name", "Open"}, {"probability", 10}, {"type", "open"}},
                               json::object{{"name", "Won"}, {"type", "won"}},
                               json::object{{"name", "Lost"}, {"type", "lost"}}}}};
    auto p = c.call("POST", "/api/v1/pipelines", token_, &pipeline);
    ASSERT_EQ(p.status, 201) << p.body;
    std::string pipeline_id(p.json().at("id").as_string());
    for (int i = 0; i < 2; ++i) create(c, "deals", json::object{{"name", "Deal " + std::to_string(i)}, {"pipeline_id", pipeline_id}});
    // A second workspace with records of its own: the drill checks every workspace.
    auto ws = run_rapport({"workspace", "create", "--data", server_.data_dir(), "--name", "Second", "--admin-email",
                           "second@drill.test"},
                          {{"RAPPORT_ADMIN_PASSWORD", "second-drill-password-1"}});
    ASSERT_EQ(ws.exit_code, 0) << ws.output;
    std::string t2 = login(c, "second@drill.test", "second-drill-password-1");
    json::value other = json::object{{"name", "Other"}};
    auto r = c.call("POST", "/api/v1/companies", t2, &other);
    ASSERT_EQ(r.status, 201) << r.body;
  }
  void TearDown() override { fs::remove_all(backups_); }

  std::string create(HttpClient& c, const std::string& object, json::object body) {
    json::value v = std::move(body);
    auto r = c.call("POST", "/api/v1/" + object, token_, &v);
    EXPECT_EQ(r.status, 201) << object << ": " << r.body;
    return r.status == 201 ? std::string(r.json().at("id").as_string()) : "";
  }
  CommandResult backup(std::vector<std::pair<std::string, std::string>> extra = {}) {
    extra.insert(extra.begin(), {{"RAPPORT_DATA", server_.data_dir()}, {"RAPPORT_BACKUP_DIR", backups_}});
    return run_script("backup.sh", extra);
  }
  CommandResult drill(const std::string& key_file) {
    return run_script("restore-drill.sh", {{"RAPPORT_BACKUP_DIR", backups_}, {"RAPPORT_MASTER_KEY_FILE", key_file}});
  }
  std::string key_file() const { return server_.data_dir() + "/master.key"; }

  ServerProcess server_;
  std::string token_, backups_;
};

TEST_F(RestoreDrill, TheNewestBackupRestoresAndServesWhatItHolds) {
  auto b = backup();
  ASSERT_EQ(b.exit_code, 0) << b.output;
  ASSERT_EQ(backups_in(backups_).size(), 1u);
  // Backups hold data that is readable by their owner only.
  struct stat st{};
  ASSERT_EQ(::stat((backups_ + "/" + backups_in(backups_)[0]).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  auto d = drill(key_file());
  EXPECT_EQ(d.exit_code, 0) << d.output;
  EXPECT_NE(d.output.find("restore drill: PASS"), std::string::npos) << d.output;
  // What it compared: both workspaces' live records, the deleted contact left out.
  EXPECT_NE(d.output.find("2 workspace(s): 4 companies, 4 contacts, 2 deals"), std::string::npos) << d.output;
  // The server keeps serving, and the backup was not touched by the drill.
  HttpClient c(server_.port());
  EXPECT_EQ(c.call("GET", "/api/v1/contacts?limit=1", token_).status, 200);
  EXPECT_EQ(backups_in(backups_).size(), 1u);
}

TEST_F(RestoreDrill, AnotherMasterKeyFails) {
  ASSERT_EQ(backup().exit_code, 0);
  std::string keys = make_temp_dir("rapport-drill-key-");
  auto key = run_rapport({"generate-key"});
  ASSERT_EQ(key.exit_code, 0);
  std::ofstream(keys + "/wrong.key") << key.output;
  auto d = drill(keys + "/wrong.key");
  fs::remove_all(keys);
  EXPECT_EQ(d.exit_code, 1) << d.output;
  EXPECT_NE(d.output.find("restore drill: FAIL"), std::string::npos) << d.output;
  EXPECT_NE(d.output.find("wrong master key"), std::string::npos) << d.output;
  EXPECT_EQ(d.output.find("PASS"), std::string::npos) << d.output;

  auto missing = drill(backups_ + "/no-such.key");
  EXPECT_EQ(missing.exit_code, 1) << missing.output;
  EXPECT_NE(missing.output.find("restore drill: FAIL"), std::string::npos) << missing.output;
}

TEST_F(RestoreDrill, ADamagedBackupFails) {
  ASSERT_EQ(backup().exit_code, 0);
  // The newest backup (a later name) has pages overwritten in its middle.
  std::string good = backups_ + "/" + backups_in(backups_)[0];
  std::string bad = backups_ + "/rapport-29991231T235959Z.db";
  fs::copy_file(good, bad);
  {
    std::fstream f(bad, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(fs::file_size(bad) / 2));
    for (int i = 0; i < 2000; ++i) f << "garbage!";
  }
  auto d = drill(key_file());
  EXPECT_EQ(d.exit_code, 1) << d.output;
  EXPECT_NE(d.output.find("rapport-29991231T235959Z.db"), std::string::npos) << "the newest backup is drilled: " << d.output;
  EXPECT_NE(d.output.find("restore drill: FAIL"), std::string::npos) << d.output;
  EXPECT_EQ(d.output.find("PASS"), std::string::npos) << d.output;
}

TEST_F(RestoreDrill, CountsTheServerDoesNotReportFail) {
  ASSERT_EQ(backup().exit_code, 0);
  // A newer backup whose live count of contacts (what the server reports) is one more than its rows.
  std::string bad = backups_ + "/rapport-29991231T235959Z.db";
  fs::copy_file(backups_ + "/" + backups_in(backups_)[0], bad);
  {
    db::SqliteConnection c(bad, false);
    c.exec("UPDATE record_counts SET live = live + 1 WHERE object_type = 'contacts' AND slot = 0 AND workspace_id = "
           "(SELECT id FROM workspaces ORDER BY created_at, id LIMIT 1)");
  }
  auto d = drill(key_file());
  EXPECT_EQ(d.exit_code, 1) << d.output;
  EXPECT_NE(d.output.find("the backup holds 4 contacts, the restored server reports 5"), std::string::npos) << d.output;
}

TEST_F(RestoreDrill, AStaleBackupFails) {
  ASSERT_EQ(backup().exit_code, 0);
  std::string path = backups_ + "/" + backups_in(backups_)[0];
  fs::last_write_time(path, fs::last_write_time(path) - std::chrono::hours(40));
  auto d = drill(key_file());
  EXPECT_EQ(d.exit_code, 1) << d.output;
  EXPECT_NE(d.output.find("40 hours old"), std::string::npos) << d.output;
}

TEST_F(RestoreDrill, NoBackupFails) {
  auto d = drill(key_file());
  EXPECT_EQ(d.exit_code, 1) << d.output;
  EXPECT_NE(d.output.find("FAIL: no backup"), std::string::npos) << d.output;
}

TEST_F(RestoreDrill, RetentionKeepsTheNewestAndDropsTheOld) {
  // Five backups; with nothing young enough to keep by age (0 days), the newest 2 stay.
  for (int i = 0; i < 5; ++i) {
    auto b = backup({{"RAPPORT_BACKUP_KEEP_DAYS", "0"}, {"RAPPORT_BACKUP_KEEP_MIN", i < 4 ? "10" : "2"}});
    ASSERT_EQ(b.exit_code, 0) << b.output;
    if (i < 4) std::this_thread::sleep_for(std::chrono::milliseconds(1050));  // one name a second
  }
  auto left = backups_in(backups_);
  ASSERT_EQ(left.size(), 2u);
  // Young backups are kept whatever their number.
  auto b = backup({{"RAPPORT_BACKUP_KEEP_DAYS", "14"}, {"RAPPORT_BACKUP_KEEP_MIN", "1"}});
  ASSERT_EQ(b.exit_code, 0) << b.output;
  EXPECT_EQ(backups_in(backups_).size(), 3u);
  // The two kept before are the newest two of the five.
  auto now = backups_in(backups_);
  EXPECT_EQ(now[0], left[0]);
  EXPECT_EQ(now[1], left[1]);
}

TEST_F(RestoreDrill, TheOffMachineCopyRunsAndItsFailureIsReported) {
  std::string offsite = make_temp_dir("rapport-offsite-");
  auto b = backup({{"RAPPORT_BACKUP_COPY", "cp \"$1\" " + quote(offsite) + "/"}});
  ASSERT_EQ(b.exit_code, 0) << b.output;
  ASSERT_EQ(backups_in(offsite).size(), 1u);
  EXPECT_EQ(backups_in(offsite)[0], backups_in(backups_)[0]);
  // A copy that fails fails the run (the timer's unit shows failed) but keeps the local backup.
  std::this_thread::sleep_for(std::chrono::milliseconds(1050));
  auto failed = backup({{"RAPPORT_BACKUP_COPY", "false"}});
  EXPECT_EQ(failed.exit_code, 1) << failed.output;
  EXPECT_NE(failed.output.find("off-machine copy failed"), std::string::npos) << failed.output;
  EXPECT_EQ(backups_in(backups_).size(), 2u);
  fs::remove_all(offsite);
}

}  // namespace
}  // namespace rapport::testing
