// The data directory's filesystem full (issue 18 §4), on a real small filesystem: a tmpfs mounted for
// the test under the server's data directory, filled by a file while the server writes. Writes, an
// import under way and a backup each meet the full disk: every request answers a 507 (or 503)
// problem document, reads go on, the import waits (it stays running, its job tried again) instead of
// failing, a backup to the full disk leaves no file (one to another disk is kept whole); once the
// filling file is removed everything works again without a restart, and after a SIGKILL every
// acknowledged write is there and nothing refused is.
// SQLite only (the PostgreSQL backend's storage is its cluster's); skipped, saying why, where mounting
// a tmpfs is not permitted (it needs root or CAP_SYS_ADMIN).
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <fmt/format.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>

#include "fixture.hpp"

namespace rapport::testing {
namespace {
namespace json = boost::json;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr int64_t kMiB = 1024 * 1024;

// A tmpfs of `mib` MiB mounted on a fresh directory for the test's life.
class SmallFilesystem {
 public:
  explicit SmallFilesystem(int mib) : dir_(make_temp_dir("rapport-disk-full-")) {
    std::string options = "size=" + std::to_string(mib) + "m,mode=0700";
    if (::mount("tmpfs", dir_.c_str(), "tmpfs", 0, options.c_str()) == 0) mounted_ = true;
    else error_ = std::strerror(errno);
  }
  ~SmallFilesystem() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
    fs::remove_all(dir_);
  }
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }
  const std::string& dir() const { return dir_; }
  int64_t free_bytes() const {
    struct statvfs s{};
    return ::statvfs(dir_.c_str(), &s) == 0 ? static_cast<int64_t>(s.f_bavail) * static_cast<int64_t>(s.f_frsize) : -1;
  }
  // Writes `path` until the filesystem is full (or `bytes` are written); answers what it wrote.
  int64_t fill(const std::string& path, int64_t bytes = INT64_MAX) const {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) return 0;
    std::string chunk(1 << 20, 'x');
    int64_t written = 0;
    for (std::size_t step : {std::size_t{1} << 20, std::size_t{4096}}) {
      while (written < bytes) {
        const auto want = static_cast<std::size_t>(std::min<int64_t>(static_cast<int64_t>(step), bytes - written));
        ssize_t n = ::write(fd, chunk.data(), want);
        if (n <= 0) break;
        written += n;
      }
    }
    ::close(fd);
    return written;
  }

 private:
  std::string dir_;
  std::string error_;
  bool mounted_ = false;
};

// A refusal for want of storage: 507, or 503 when SQLite reported the failure as an I/O error,
// as a problem document saying so.
bool storage_problem(const HttpResponse& r) {
  if (r.status != 507 && r.status != 503) return false;
  auto j = r.json();
  return r.header("content-type").find("application/problem+json") != std::string::npos && j.is_object() &&
         j.as_object().contains("status") && j.at("status").as_int64() == r.status;
}

std::string text_of(const json::value& v, const char* key) {
  const auto* p = v.is_object() ? v.as_object().if_contains(key) : nullptr;
  return p && p->is_string() ? std::string(p->as_string()) : std::string();
}

TEST(DiskFull, WritesAnImportAndABackupMeetAFullDiskAndTheServerRecoversByItself) {
  if (on_postgres_backend()) GTEST_SKIP() << "the data directory's filesystem is SQLite's storage; PostgreSQL's is its cluster's";
  SmallFilesystem disk(64);
  if (!disk.mounted())
    GTEST_SKIP() << "mounting a tmpfs is not permitted here (" << disk.error() << "; it needs root or CAP_SYS_ADMIN): "
                 << "the disk-full test did not run";
  const std::string data = disk.dir() + "/data";
  std::vector<std::string> acked;  // contacts the server acknowledged (201)
  std::mutex acked_mu;
  std::string import_id;
  constexpr int kImportRows = 8000;
  {
    ServerProcess server({}, data);
    HttpClient c(server.port());
    const std::string token = login(c, ServerProcess::admin_email(), ServerProcess::admin_password());
    // Ballast: room for the writes below and the import's upload, not for the import's rows.
    const std::string ballast = disk.dir() + "/ballast";
    ASSERT_GT(disk.fill(ballast, disk.free_bytes() - 8 * kMiB), 0);

    // 1. Writes: three clients create contacts while the disk fills up.
    std::atomic<bool> stop{false};
    std::atomic<int> created{0}, refused{0}, other{0};
    std::string other_answer;
    std::vector<std::thread> writers;
    for (int w = 0; w < 3; ++w)
      writers.emplace_back([&, w] {
        HttpClient wc(server.port());
        for (int i = 0; !stop; ++i) {
          json::value body = json::object{{"last_name", "Full"}, {"first_name", fmt::format("w{}-{}", w, i)}};
          auto r = wc.call("POST", "/api/v1/contacts", token, &body);
          if (r.status == 201) {
            std::lock_guard lock(acked_mu);
            acked.push_back(text_of(r.json(), "id"));
            ++created;
          } else if (storage_problem(r)) {
            ++refused;
            std::this_thread::sleep_for(20ms);
          } else {
            std::lock_guard lock(acked_mu);
            if (other++ == 0) other_answer = std::to_string(r.status) + " " + r.body;
          }
        }
      });
    for (int i = 0; i < 600 && created < 30; ++i) std::this_thread::sleep_for(50ms);
    ASSERT_GE(created.load(), 30);
    const std::string filler = disk.dir() + "/filler";
    disk.fill(filler);
    for (int i = 0; i < 1200 && refused < 30; ++i) std::this_thread::sleep_for(50ms);
    EXPECT_GE(refused.load(), 30) << "the writes went on with a full disk";
    EXPECT_LT(disk.free_bytes(), 64 * 1024);

    // Reads go on; an upload is refused whole; a backup fails and leaves nothing behind. (A small
    // write may still fit in the pages SQLite's files hold already, its WAL's above all: the upload
    // is larger than those.)
    auto list = c.call("GET", "/api/v1/contacts?limit=5&count=true", token);
    EXPECT_EQ(list.status, 200) << list.body;
    std::string big = "first_name,last_name\n";
    while (big.size() < static_cast<std::size_t>(12 * kMiB)) big += "A,Upload\n";
    auto upload = c.request("POST", "/api/v1/imports?object=contacts", big, {{"Authorization", "Bearer " + token}, {"Content-Type", "text/csv"}});
    EXPECT_TRUE(storage_problem(upload)) << upload.status << " " << upload.body;
    auto backup = run_rapport({"backup", "--data", data, "--out", disk.dir() + "/backup.db"});
    EXPECT_NE(backup.exit_code, 0) << backup.output;
    EXPECT_NE(backup.output.find("full"), std::string::npos) << backup.output;
    for (const auto& e : fs::directory_iterator(disk.dir()))
      EXPECT_EQ(e.path().filename().string().rfind("backup.db", 0), std::string::npos) << e.path() << " left behind";
    // To another disk it is written whole; only its time cannot be recorded in the data directory.
    const std::string elsewhere = make_temp_dir("rapport-disk-full-backup-");
    auto outside = run_rapport({"backup", "--data", data, "--out", elsewhere + "/backup.db"});
    EXPECT_EQ(outside.exit_code, 0) << outside.output;
    EXPECT_NE(outside.output.find("not recorded"), std::string::npos) << outside.output;
    EXPECT_TRUE(fs::exists(elsewhere + "/backup.db"));
    EXPECT_FALSE(fs::exists(data + "/last-backup.tmp"));
    fs::remove_all(elsewhere);

    // Space freed: the writes succeed again, the server was not restarted.
    fs::remove(filler);
    const int before = created;
    for (int i = 0; i < 600 && created < before + 30; ++i) std::this_thread::sleep_for(50ms);
    EXPECT_GE(created.load(), before + 30) << "the writes did not come back once space was freed";
    stop = true;
    for (auto& t : writers) t.join();
    EXPECT_EQ(other.load(), 0) << "an answer neither 201 nor a storage problem: " << other_answer;
    EXPECT_TRUE(server.running());
    auto again = run_rapport({"backup", "--data", data, "--out", disk.dir() + "/backup.db"});
    EXPECT_EQ(again.exit_code, 0) << again.output;
    fs::remove(disk.dir() + "/backup.db");

    // 2. An import whose rows do not fit: it waits for space (running, not failed), and ends once
    // the ballast is removed, every row written once.
    std::string csv = "first_name,last_name,email,job_title\n";
    for (int i = 0; i < kImportRows; ++i) {
      std::string n = std::to_string(i);
      csv += "I" + n + ",Imported,i" + n + "@full.example,A title long enough to take some room " + n + "\n";
    }
    auto started = c.request("POST", "/api/v1/imports?object=contacts", csv, {{"Authorization", "Bearer " + token}, {"Content-Type", "text/csv"}});
    ASSERT_EQ(started.status, 202) << started.body;
    import_id = text_of(started.json(), "id");
    json::value state;
    auto poll = [&] {
      auto r = c.call("GET", "/api/v1/imports/" + import_id, token);
      EXPECT_EQ(r.status, 200) << r.body;
      state = r.json();
      return text_of(state, "state");
    };
    for (int i = 0; i < 1200 && disk.free_bytes() >= 64 * 1024 && poll() != "done"; ++i) std::this_thread::sleep_for(50ms);
    ASSERT_LT(disk.free_bytes(), 64 * 1024) << "the import fitted: " << json::serialize(state);
    std::this_thread::sleep_for(3s);  // its job meets the full disk again meanwhile
    EXPECT_EQ(poll(), "running") << json::serialize(state);
    // A single create fits in the pages the refused batch left in the WAL, or is refused likewise.
    json::value probe = json::object{{"last_name", "Full"}, {"first_name", "probe"}};
    auto r = c.call("POST", "/api/v1/contacts", token, &probe);
    if (r.status == 201) acked.push_back(text_of(r.json(), "id"));
    else EXPECT_TRUE(storage_problem(r)) << r.status << " " << r.body;
    fs::remove(ballast);
    for (int i = 0; i < 1800 && poll() == "running"; ++i) std::this_thread::sleep_for(100ms);
    ASSERT_EQ(text_of(state, "state"), "done") << json::serialize(state);
    EXPECT_EQ(state.at("counts").at("created").as_int64(), kImportRows) << json::serialize(state);
    EXPECT_EQ(state.at("counts").at("failed").as_int64(), 0) << json::serialize(state);

    // 3. A crash: nothing acknowledged may depend on an orderly stop.
    server.kill_hard();
  }
  ServerProcess restarted({}, data);
  HttpClient c(restarted.port());
  const std::string token = login(c, ServerProcess::admin_email(), ServerProcess::admin_password());
  for (const auto& id : acked) {
    auto r = c.call("GET", "/api/v1/contacts/" + id, token);
    ASSERT_EQ(r.status, 200) << id << " was acknowledged and is gone";
  }
  // Exactly the acknowledged ones and the import's: no refused create was written.
  auto rows = query_database(data, "SELECT count(*) FROM contacts WHERE deleted_at IS NULL AND last_name = 'Full'");
  EXPECT_EQ(rows.at(0).at(0), std::to_string(acked.size()));
  rows = query_database(data, "SELECT count(*) FROM contacts WHERE deleted_at IS NULL AND last_name = 'Imported'");
  EXPECT_EQ(rows.at(0).at(0), std::to_string(kImportRows));
  EXPECT_EQ(query_database(data, "SELECT count(*) FROM contacts WHERE last_name = 'Upload'").at(0).at(0), "0");
  EXPECT_EQ(query_database(data, "SELECT count(*) FROM imports").at(0).at(0), "1") << "the refused upload was kept";
  EXPECT_EQ(query_database(data, "PRAGMA integrity_check").at(0).at(0), "ok");
  auto import = c.call("GET", "/api/v1/imports/" + import_id, token);
  EXPECT_EQ(text_of(import.json(), "state"), "done");
  // Its job met the full disk and was run again: more than one attempt.
  auto attempts = query_database(data, "SELECT attempts FROM jobs WHERE type = 'import.run'");
  ASSERT_EQ(attempts.size(), 1u);
  EXPECT_GE(std::stoi(attempts[0][0]), 2);
  std::cout << "acknowledged creates " << acked.size() << ", import.run runs " << attempts[0][0] << "\n";
}

}  // namespace
}  // namespace rapport::testing
