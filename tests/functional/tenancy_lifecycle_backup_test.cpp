// `rapport backup` while the server keeps serving and writing, and a restore that serves the same
// data (SQLite; PostgreSQL deployments use pg_dump).
#include <atomic>
#include <filesystem>
#include <set>
#include <thread>

#include "fixture.hpp"

namespace rapport::testing {
namespace {
namespace json = boost::json;
namespace fs = std::filesystem;

std::string create_contact(HttpClient& c, const std::string& token, const std::string& email) {
  json::value body = json::object{{"last_name", "Backup"}, {"email", email}};
  auto r = c.call("POST", "/api/v1/contacts", token, &body);
  return r.status == 201 ? std::string(r.json().at("id").as_string()) : "";
}

// Every contact id of the workspace, by paging through the list.
std::set<std::string> all_contacts(HttpClient& c, const std::string& token, int64_t& total) {
  std::set<std::string> ids;
  std::string cursor;
  for (;;) {
    auto r = c.call("GET", "/api/v1/contacts?limit=500&count=true" + (cursor.empty() ? "" : "&cursor=" + cursor), token);
    EXPECT_EQ(r.status, 200) << r.body;
    auto j = r.json();
    total = j.at("total").as_int64();
    for (const auto& rec : j.at("data").as_array()) ids.insert(std::string(rec.at("id").as_string()));
    if (j.at("next_cursor").is_null()) break;
    cursor = std::string(j.at("next_cursor").as_string());
  }
  return ids;
}

TEST(Backup, ACopyTakenUnderWriteLoadRestoresConsistently) {
  ServerProcess server;
  HttpClient c(server.port());
  std::string token = login(c, ServerProcess::admin_email(), ServerProcess::admin_password());
  std::vector<std::string> before;
  for (int i = 0; i < 30; ++i) before.push_back(create_contact(c, token, "before" + std::to_string(i) + "@backup.test"));

  std::atomic<bool> stop{false};
  std::atomic<int> during{0};
  std::thread writer([&] {
    HttpClient w(server.port());
    for (int i = 0; !stop && i < 2000; ++i)
      if (!create_contact(w, token, "during" + std::to_string(i) + "@backup.test").empty()) ++during;
  });
  while (during < 5) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::string dir = make_temp_dir("rapport-restore-");
  auto backup = run_rapport({"backup", "--data", server.data_dir(), "--out", dir + "/rapport.db"});
  stop = true;
  writer.join();
  ASSERT_EQ(backup.exit_code, 0) << backup.output;
  EXPECT_NE(backup.output.find("Backed up"), std::string::npos);
  EXPECT_GT(during.load(), 0);

  // The server kept serving: its data is all there.
  int64_t live_total = 0;
  auto live = all_contacts(c, token, live_total);
  EXPECT_EQ(live_total, static_cast<int64_t>(live.size()));
  EXPECT_EQ(live.size(), 30u + static_cast<std::size_t>(during.load()));

  // A server on the copy: every contact made before the backup, a consistent count, nothing torn.
  // The backup holds no master key (kept apart on purpose): the restore brings the key file back.
  fs::copy_file(server.data_dir() + "/master.key", dir + "/master.key");
  {
    ServerProcess restored({}, dir);
    HttpClient r(restored.port());
    std::string t = login(r, ServerProcess::admin_email(), ServerProcess::admin_password());
    int64_t total = 0;
    auto ids = all_contacts(r, t, total);
    EXPECT_EQ(total, static_cast<int64_t>(ids.size())) << "the live count and the rows disagree";
    for (const auto& id : before) EXPECT_TRUE(ids.count(id)) << id;
    for (const auto& id : ids) EXPECT_TRUE(live.count(id)) << id << " was never created";
    EXPECT_GE(ids.size(), 30u);
    auto history = r.call("GET", "/api/v1/contacts/" + before.front() + "/history", t);
    EXPECT_EQ(history.status, 200);
    EXPECT_EQ(history.json().at("data").as_array().size(), 1u);
  }
  fs::remove_all(dir);
}

TEST(Backup, RefusesToOverwriteAndPointsPostgresToPgDump) {
  ServerProcess server;
  std::string dir = make_temp_dir("rapport-backup-");
  ASSERT_EQ(run_rapport({"backup", "--data", server.data_dir(), "--out", dir + "/b.db"}).exit_code, 0);
  auto again = run_rapport({"backup", "--data", server.data_dir(), "--out", dir + "/b.db"});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.output.find("exists"), std::string::npos) << again.output;
  auto pg = run_rapport({"backup", "--database", "postgres://x@127.0.0.1:1/none", "--out", dir + "/p.db"});
  EXPECT_NE(pg.exit_code, 0);
  EXPECT_NE(pg.output.find("pg_dump"), std::string::npos) << pg.output;
  auto missing = run_rapport({"backup", "--data", dir + "/nothing-here", "--out", dir + "/m.db"});
  EXPECT_NE(missing.exit_code, 0);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace rapport::testing
