// /metrics as Prometheus reads it: promtool accepts the real output, counters are typed counter,
// the process, storage and backup metrics are there, and --metrics-listen serves them apart from
// the API.
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <regex>

#include "fixture.hpp"

namespace rapport::testing {
namespace json = boost::json;

namespace {

// The value of an unlabelled sample, or nullopt when the metric is not in the text.
std::optional<double> sample(const std::string& text, const std::string& name) {
  std::smatch m;
  if (!std::regex_search(text, m, std::regex("(^|\n)" + name + " ([^\n]+)\n"))) return std::nullopt;
  return std::stod(m[2]);
}

// Runs `promtool check metrics` on the text; returns its exit status and what it printed.
std::pair<int, std::string> promtool_check(const std::string& text) {
  std::string path = make_temp_dir("rapport-promtool-") + "/metrics.txt";
  std::ofstream(path) << text;
  std::FILE* p = ::popen(("promtool check metrics < " + path + " 2>&1").c_str(), "r");
  if (!p) return {-1, "cannot run promtool"};
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  int status = ::pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

class OperationsMetrics : public ServerTest {};

TEST_F(OperationsMetrics, PromtoolAcceptsTheMetricsOfABusyServer) {
  // Traffic of every kind first, so that every family has samples: a create, a list, an error.
  create("contacts", json::object{{"last_name", "Metrics"}});
  get("/api/v1/contacts");
  get("/api/v1/contacts/00000000-0000-0000-0000-000000000000");
  auto m = http().request("GET", "/metrics");
  ASSERT_EQ(m.status, 200);
  auto [code, out] = promtool_check(m.body);
  EXPECT_EQ(code, 0) << "promtool check metrics:\n" << out << "\non:\n" << m.body;
  EXPECT_EQ(out, "") << "promtool's lint found problems:\n" << out;
}

TEST_F(OperationsMetrics, CountersAreTypedCounterAndEndInTotal) {
  create("contacts", json::object{{"last_name", "Counted"}});
  std::string text = http().request("GET", "/metrics").body;
  std::regex type_line("# TYPE ([a-z_:]+) ([a-z]+)\n");
  int counters = 0;
  for (std::sregex_iterator it(text.begin(), text.end(), type_line), end; it != end; ++it) {
    std::string name = (*it)[1], type = (*it)[2];
    bool total = name.size() > 6 && name.compare(name.size() - 6, 6, "_total") == 0;
    if (type == "counter") {
      ++counters;
      EXPECT_TRUE(total) << name << " is a counter without _total";
    } else {
      EXPECT_FALSE(total) << name << " ends in _total but is a " << type;
    }
  }
  EXPECT_GE(counters, 10) << text;
  for (const char* counter : {"rapport_db_write_jobs_total", "rapport_http_refused_connections_total",
                              "rapport_events_relayed_total", "rapport_logins_total", "process_cpu_seconds_total"})
    EXPECT_NE(text.find(std::string("# TYPE ") + counter + " counter\n"), std::string::npos) << counter << "\n" << text;
  EXPECT_GE(sample(text, "rapport_db_write_jobs_total").value_or(0), 1) << text;
  EXPECT_NE(text.find("le=\"10\"}"), std::string::npos) << "latency buckets reach 10 s";
}

TEST_F(OperationsMetrics, ProcessAndStorageAreMeasured) {
  std::string text = http().request("GET", "/metrics").body;
  EXPECT_GT(sample(text, "process_resident_memory_bytes").value_or(0), 1e6) << text;
  EXPECT_GT(sample(text, "process_open_fds").value_or(0), 3) << text;
  EXPECT_GT(sample(text, "process_max_fds").value_or(0), sample(text, "process_open_fds").value_or(0)) << text;
  EXPECT_GT(sample(text, "process_start_time_seconds").value_or(0), 1.6e9) << text;
  EXPECT_GT(sample(text, "rapport_db_size_bytes").value_or(0), 4096) << text;
  EXPECT_GE(sample(text, "rapport_outbox_pending_events").value_or(-1), 0) << text;
  if (on_postgres_backend()) {
    EXPECT_TRUE(sample(text, "rapport_db_pool_waits_total").has_value()) << text;
    EXPECT_TRUE(sample(text, "rapport_db_pool_wait_seconds_total").has_value()) << text;
  } else {
    EXPECT_TRUE(sample(text, "rapport_db_wal_size_bytes").has_value()) << text;
  }
}

TEST_F(OperationsMetrics, BackupAgeAppearsOnceABackupIsTaken) {
  EXPECT_FALSE(sample(http().request("GET", "/metrics").body, "rapport_backup_age_seconds").has_value())
      << "an age without a backup";
  // rapport backup copies the SQLite file; PostgreSQL is backed up with pg_dump, outside Rapport.
  if (on_postgres_backend()) return;
  std::string dir = make_temp_dir("rapport-metrics-backup-");
  auto b = run_rapport({"backup", "--data", server().data_dir(), "--out", dir + "/b.db"});
  ASSERT_EQ(b.exit_code, 0) << b.output;
  auto age = sample(http().request("GET", "/metrics").body, "rapport_backup_age_seconds");
  ASSERT_TRUE(age.has_value());
  EXPECT_GE(*age, 0);
  EXPECT_LT(*age, 60);
}

TEST(MetricsListener, ServesMetricsApartFromTheApi) {
  ServerProcess s({"--metrics-listen", "127.0.0.1:0"});
  std::smatch m;
  std::string out = s.output();
  ASSERT_TRUE(std::regex_search(out, m, std::regex(R"(serving /metrics and /healthz on http://127\.0\.0\.1:(\d+))"))) << out;
  auto port = static_cast<unsigned short>(std::stoi(m[1]));
  ASSERT_NE(port, s.port());
  HttpClient ops(port), api(s.port());
  ops.not_the_api();
  auto metrics = ops.request("GET", "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("rapport_build_info{"), std::string::npos) << metrics.body;
  EXPECT_EQ(ops.request("GET", "/healthz").status, 200);
  EXPECT_EQ(ops.request("GET", "/api/v1/contacts").status, 404) << "the API is not served on the metrics listener";
  EXPECT_EQ(ops.request("POST", "/metrics").status, 405);
  auto hidden = api.request("GET", "/metrics");
  EXPECT_EQ(hidden.status, 404) << "with --metrics-listen the API listener does not answer /metrics";
  EXPECT_EQ(hidden.body.find("rapport_build_info"), std::string::npos);
  EXPECT_EQ(api.request("GET", "/healthz").status, 200);
}

TEST(MetricsListener, TakesItsAddressFromTheEnvironment) {
  ServerProcess s({}, "", "127.0.0.1:0", {{"RAPPORT_METRICS_LISTEN", "127.0.0.1:0"}});
  EXPECT_NE(s.output().find("serving /metrics and /healthz on"), std::string::npos) << s.output();
  HttpClient api(s.port());
  EXPECT_EQ(api.request("GET", "/metrics").status, 404);
}

}  // namespace
}  // namespace rapport::testing
