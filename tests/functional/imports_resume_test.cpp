// An import survives its server's crash: the server is killed (SIGKILL) while the import.run job
// writes its batches, a server started again on the same data takes the job over once the dead node's
// lease expires, and the import resumes after the last committed batch: every row of the file is
// written exactly once (counts, records, failed rows), and undo removes everything it wrote.
// And its server's orderly stop: SIGTERM mid-import hands the job back at once (the import stays
// `running` with the counts of its committed batches, which match the records written), and the
// next start resumes it without waiting for a lease.
// Every test starts and stops its own servers. Runs on SQLite and on PostgreSQL (functional_postgres).
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "tenancy_lifecycle_helpers.hpp"

namespace rapport::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

// A short lease, so the restarted server takes the dead node's job over within seconds.
const std::vector<std::string> kArgs = {"--job-lease-ms", "3000"};

json::value get_json(HttpClient& c, const std::string& token, const std::string& target) {
  auto r = c.call("GET", target, token);
  EXPECT_EQ(r.status, 200) << target << ": " << r.body;
  return r.json();
}

int64_t total(HttpClient& c, const std::string& token, const std::string& target) {
  json::value v = get_json(c, token, target + (target.find('?') == std::string::npos ? "?" : "&") + "count=true");
  return v.is_object() && v.as_object().contains("total") ? v.at("total").as_int64() : -1;
}

int64_t counted(const json::value& import, const char* key) { return import.at("counts").at(key).as_int64(); }

// 20,000 rows in batches of 1,000: the run is under way for seconds. Every 997th row has a bad
// address (it fails alone), a blank line sits in the middle (no row, still a record of the file),
// and the contacts name 40 companies by domain, which the lookups create once.
constexpr int kRows = 20000, kCompanies = 40;
struct ResumeFile {
  std::string csv;
  int bad = 0;
};
ResumeFile resume_file(const std::string& x) {
  ResumeFile f;
  f.csv = "First Name,Last Name,Email,Company Name,Company Domain Name\r\n";
  for (int i = 0; i < kRows; ++i) {
    std::string n = std::to_string(i), k = std::to_string(i % kCompanies);
    const bool fails = i % 997 == 500;
    f.bad += fails ? 1 : 0;
    f.csv += "R" + n + ",Resume" + x + "," + (fails ? std::string("not-an-address") : "r" + n + "." + x + "@example.com") +
             ",Co " + k + " " + x + ",co" + k + "-" + x + ".example\r\n";
    if (i == kRows / 2) f.csv += ",,,,\r\n";
  }
  return f;
}

// Polls the import until it has read at least `rows` rows (asserting it is still under way).
int64_t read_at_least(HttpClient& c, const std::string& token, const std::string& id, int64_t rows) {
  int64_t read = 0;
  for (int i = 0; i < 2400 && read < rows; ++i) {
    json::value now = get_json(c, token, "/api/v1/imports/" + id);
    const std::string state = text(now, "state");
    EXPECT_TRUE(state == "queued" || state == "running") << json::serialize(now);
    if (state != "queued" && state != "running") return read;
    read = counted(now, "read");
    if (read < rows) std::this_thread::sleep_for(25ms);
  }
  return read;
}

// Polls until the import has ended (or been undone); answers its last state.
json::value wait_end(HttpClient& c, const std::string& token, const std::string& id, const std::string& until = "") {
  json::value last;
  for (int i = 0; i < 2400; ++i) {  // up to 4 minutes on a loaded machine
    last = get_json(c, token, "/api/v1/imports/" + id);
    std::string state = text(last, "state");
    if (until.empty() ? state != "queued" && state != "running" : state == until) break;
    std::this_thread::sleep_for(100ms);
  }
  return last;
}

// The import's contacts and companies (their names carry the test's suffix).
std::string contacts_of(const std::string& x) { return "/api/v1/contacts?filter[last_name][eq]=Resume" + x; }
std::string companies_of(const std::string& x) { return "/api/v1/companies?filter[name][contains]=" + x; }

// After the run: every row once (the rows read before the stop too), and the failed rows once.
void expect_every_row_once(HttpClient& c, const std::string& token, const std::string& id, const std::string& x, int bad,
                           int64_t read_before_stop) {
  const std::string contacts = contacts_of(x), companies = companies_of(x);
  json::value last = wait_end(c, token, id);
  ASSERT_EQ(text(last, "state"), "done") << json::serialize(last);
  EXPECT_EQ(counted(last, "read"), kRows);
  EXPECT_EQ(counted(last, "created"), kRows - bad);
  EXPECT_EQ(counted(last, "failed"), bad);
  EXPECT_EQ(counted(last, "skipped"), 0);
  EXPECT_EQ(last.at("progress").at("fraction").as_double(), 1.0);
  // The records: each once (a row written twice would be a second contact with its address).
  EXPECT_EQ(total(c, token, contacts), kRows - bad);
  EXPECT_EQ(total(c, token, "/api/v1/contacts?filter[email][eq]=r" + std::to_string(kRows - 1) + "." + x + "@example.com"), 1);
  EXPECT_EQ(total(c, token, "/api/v1/contacts?filter[email][eq]=r" + std::to_string(read_before_stop) + "." + x + "@example.com"), 1);
  EXPECT_EQ(total(c, token, companies), kCompanies);
  json::value failed = get_json(c, token, "/api/v1/imports/" + id + "/failed-rows?limit=100");
  EXPECT_EQ(failed.at("total").as_int64(), bad);
}

// Undo removes everything the import wrote, before and after the stop.
void expect_undo_removes_all(HttpClient& c, const std::string& token, const std::string& id, const std::string& x) {
  const std::string contacts = contacts_of(x), companies = companies_of(x);
  auto u = c.call("POST", "/api/v1/imports/" + id + "/undo", token);
  ASSERT_EQ(u.status, 202) << u.body;
  json::value last = wait_end(c, token, id, "undone");
  ASSERT_EQ(text(last, "state"), "undone") << json::serialize(last);
  EXPECT_EQ(total(c, token, contacts), 0);
  EXPECT_EQ(total(c, token, companies), 0);
}

TEST(ImportResume, AServerKilledMidImportResumesItWithEveryRowOnce) {
  TempDir dir;
  const std::string x = random_suffix();
  const ResumeFile file = resume_file(x);
  std::string id;
  int64_t read_before_kill = 0;
  {
    ServerProcess s(kArgs, dir.path);
    HttpClient c(s.port());
    const std::string token = admin_token(c);
    auto r = c.request("POST", "/api/v1/imports?object=contacts", file.csv, {{"Authorization", "Bearer " + token}, {"Content-Type", "text/csv"}});
    ASSERT_EQ(r.status, 202) << r.body;
    id = text(r.json(), "id");
    // Killed once some batches are committed, long before the last.
    read_before_kill = read_at_least(c, token, id, 3000);
    ASSERT_GE(read_before_kill, 3000) << "the import never got under way";
    s.kill_hard();
  }
  ASSERT_LT(read_before_kill, kRows) << "killed too late to test a resume";

  ServerProcess restarted(kArgs, dir.path);
  HttpClient c(restarted.port());
  const std::string token = admin_token(c);
  expect_every_row_once(c, token, id, x, file.bad, read_before_kill);
  // The job ran again: the killed node's attempt ended by its lease's expiry, and a later one resumed
  // it (on a loaded machine a lease may lapse once more meanwhile: that run then commits nothing more,
  // jobs::attempt_holds, and the next goes on; the counts above hold all the same).
  auto job = query_database(restarted.data_dir(), "SELECT id, state, attempts FROM jobs WHERE type = 'import.run' AND payload LIKE ?",
                            {"%" + id + "%"});
  ASSERT_EQ(job.size(), 1u);
  EXPECT_EQ(job[0][1], "succeeded");
  EXPECT_GE(std::stoi(job[0][2]), 2);
  auto first = query_database(restarted.data_dir(), "SELECT outcome FROM job_attempts WHERE job_id = ? AND attempt = 1", {job[0][0]});
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0][0], "lease_expired") << "the killed node's attempt";
  EXPECT_EQ(query_database(restarted.data_dir(), "SELECT records_done FROM imports WHERE id = ?", {id})[0][0],
            std::to_string(kRows + 1)) << "the blank line is a record of the file too";
  expect_undo_removes_all(c, token, id, x);
}

TEST(ImportResume, SigtermMidImportHandsTheJobBackAndTheNextStartResumesIt) {
  TempDir dir;
  const std::string x = random_suffix();
  const ResumeFile file = resume_file(x);
  std::string id;
  int64_t read_before_stop = 0;
  int exit_code = -1;
  {
    ServerProcess s(kArgs, dir.path);
    HttpClient c(s.port());
    const std::string token = admin_token(c);
    auto r = c.request("POST", "/api/v1/imports?object=contacts", file.csv, {{"Authorization", "Bearer " + token}, {"Content-Type", "text/csv"}});
    ASSERT_EQ(r.status, 202) << r.body;
    id = text(r.json(), "id");
    read_before_stop = read_at_least(c, token, id, 3000);
    ASSERT_GE(read_before_stop, 3000) << "the import never got under way";
    exit_code = s.stop();  // SIGTERM, and waits for the process to end
  }
  EXPECT_EQ(exit_code, 0) << "the server did not stop cleanly";
  ASSERT_LT(read_before_stop, kRows) << "stopped too late to test a resume";

  // Stopped: the import is still `running` (to be resumed), its job back in the queue without an
  // attempt spent, and its saved counts are exactly what its committed batches wrote.
  auto imp = query_database(dir.path, "SELECT state, rows_read, rows_created, rows_failed, records_done FROM imports WHERE id = ?", {id});
  ASSERT_EQ(imp.size(), 1u);
  EXPECT_EQ(imp[0][0], "running") << "SIGTERM handed the import back before its end";
  const int64_t read = std::stoll(imp[0][1]), created = std::stoll(imp[0][2]), failed = std::stoll(imp[0][3]);
  EXPECT_LT(read, kRows);
  EXPECT_EQ(read, created + failed);
  auto written = query_database(dir.path, "SELECT count(*) FROM contacts WHERE last_name = ? AND deleted_at IS NULL", {"Resume" + x});
  EXPECT_EQ(std::stoll(written[0][0]), created) << "the records written are those the counts say";
  auto rows = query_database(dir.path, "SELECT count(*) FROM import_rows WHERE import_id = ? AND kind = 'created' AND object = 'contacts'", {id});
  EXPECT_EQ(std::stoll(rows[0][0]), created) << "the undo log holds every record written";
  auto errors = query_database(dir.path, "SELECT count(*) FROM import_rows WHERE import_id = ? AND kind = 'error'", {id});
  EXPECT_EQ(std::stoll(errors[0][0]), failed);
  auto job = query_database(dir.path, "SELECT state, attempts, coalesce(last_error, '') FROM jobs WHERE type = 'import.run' AND payload LIKE ?",
                            {"%" + id + "%"});
  ASSERT_EQ(job.size(), 1u);
  EXPECT_EQ(job[0][0], "queued") << "handed back, not left to its lease";
  EXPECT_EQ(job[0][1], "0") << "a hand-back spends no attempt; the job's last error: " << job[0][2];

  // The next start takes it up at once (no lease to wait for) and ends it with every row once.
  ServerProcess restarted(kArgs, dir.path);
  HttpClient c(restarted.port());
  const std::string token = admin_token(c);
  expect_every_row_once(c, token, id, x, file.bad, read_before_stop);
  expect_undo_removes_all(c, token, id, x);
}

}  // namespace
}  // namespace rapport::testing
