// The KPI durations' backfill (src/modules/support/kpi_backfill.hpp) runs as a job, not before the
// server listens: a server started on a database whose answered and solved tickets have no stored
// durations (as after migration 0050) answers at once, queues support.kpi_backfill, reports the
// same figures while the job has not run (the report times those tickets itself) and after it ran
// (the durations stored again, as track_sla stored them). On both engines.
#include <chrono>
#include <thread>

#include "fixture.hpp"
#include "tenancy_helpers.hpp"

namespace rapport::testing {
namespace {

// The report's duration sections (as_of and the backlog's ages move with the clock).
std::string durations_of(HttpClient& c, const std::string& token) {
  auto r = c.call("GET", "/api/v1/reports/support", token);
  EXPECT_EQ(r.status, 200) << r.body;
  return json::serialize(r.json().at("first_response")) + json::serialize(r.json().at("resolution"));
}

std::string stored_durations(const std::string& dir) {
  std::string out;
  for (const auto& row : query_database(dir, "SELECT id, first_response_seconds, first_response_business_seconds, resolution_seconds, "
                                             "resolution_business_seconds FROM tickets ORDER BY id"))
    for (const auto& cell : row) out += cell + ' ';
  return out;
}

TEST(SupportKpiBackfill, ServerListensAtOnceAndTheJobTimesTheTicketsTheReportAlreadyCounted) {
  const std::string dir = make_temp_dir("kpi-backfill");
  std::string before, stored;
  {
    ServerProcess server({}, dir);
    HttpClient c(server.port());
    const std::string token = login(c, ServerProcess::admin_email(), ServerProcess::admin_password());
    for (int i = 0; i < 6; ++i) {
      json::value body = json::object{{"subject", "Backfill " + std::to_string(i)}, {"priority", i % 2 ? "high" : "normal"}};
      auto t = c.call("POST", "/api/v1/tickets", token, &body);
      ASSERT_EQ(t.status, 201) << t.body;
      const std::string id = text(t.json(), "id");
      if (i == 5) continue;  // one unanswered
      json::value reply = json::object{{"kind", "reply"}, {"body", "On it"}};
      ASSERT_EQ(c.call("POST", "/api/v1/tickets/" + id + "/messages", token, &reply).status, 201);
      if (i % 2 == 0) continue;
      json::value solve = json::object{{"status", "solved"}};
      ASSERT_EQ(c.call("PATCH", "/api/v1/tickets/" + id, token, &solve).status, 200);
    }
    before = durations_of(c, token);
    stored = stored_durations(dir);
    EXPECT_NE(before.find("\"count\":5"), std::string::npos) << before;
  }
  // The tickets as migration 0050 found them: answered and solved, without durations.
  write_database(dir, [](db::Connection& c) {
    c.exec("UPDATE tickets SET first_response_seconds = NULL, first_response_business_seconds = NULL, resolution_seconds = NULL, "
           "resolution_business_seconds = NULL, sla_policy_id = NULL, first_response_sla_met = NULL, resolution_sla_met = NULL");
  });
  ASSERT_NE(stored_durations(dir), stored);

  ServerProcess server({}, dir);
  HttpClient c(server.port());
  EXPECT_EQ(c.request("GET", "/healthz").status, 200);
  const std::string token = login(c, ServerProcess::admin_email(), ServerProcess::admin_password());
  // The same figures whether or not the job has run yet.
  EXPECT_EQ(durations_of(c, token), before);
  // The job the start queued runs and stores the durations as track_sla stored them.
  std::string state;
  for (int i = 0; i < 300 && state != "succeeded"; ++i) {
    auto rows = query_database(dir, "SELECT state FROM jobs WHERE type = 'support.kpi_backfill'");
    ASSERT_LE(rows.size(), 1u);
    state = rows.empty() ? "" : rows[0][0];
    if (state != "succeeded") std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(state, "succeeded") << server.output();
  EXPECT_EQ(stored_durations(dir), stored);
  EXPECT_EQ(durations_of(c, token), before);
  EXPECT_NE(server.output().find("timed the KPI durations of 5 tickets"), std::string::npos) << server.output();

  // Nothing untimed: the next start queues nothing.
  server.stop();
  ServerProcess again({}, dir);
  EXPECT_EQ(query_database(dir, "SELECT count(*) FROM jobs WHERE type = 'support.kpi_backfill'").at(0).at(0), "1");
}

}  // namespace
}  // namespace rapport::testing
