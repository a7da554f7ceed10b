// Time triggers end to end through the server's own job scheduler. The server's clock starts 20 s
// before 2030-01-15 09:00 UTC (RAPPORT_TEST_CLOCK, a test-only variable: docs/operations.md), so the
// installation's date scan (every 5 minutes) and a schedule rule's "0 9 * * *" both come due within
// seconds: a date_relative rule "3 days before expected_close_date at 09:00" changes the deal
// closing on 2030-01-18, a schedule rule changes the deal its conditions match, each run is in the
// rule's run log, and neither touches the other deal. A change of the workspace's time zone (PATCH
// /api/v1/workspace) moves a schedule rule's next run in the same request. The clock arithmetic of
// both triggers: src/modules/automation/time_triggers_test.cpp.
#include <thread>

#include "fixture.hpp"
#include "tenancy_helpers.hpp"

namespace rapport::testing {
namespace {

using Ms = std::chrono::milliseconds;

class AutomationTime : public ServerTest {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess({}, "", "127.0.0.1:0", {{"RAPPORT_TEST_CLOCK", "2030-01-15T08:59:40Z"}});
    client_ = new HttpClient(server_->port());
    token_ = login(*client_, ServerProcess::admin_email(), ServerProcess::admin_password());
  }
  void TearDown() override {
    for (const auto& r : data_of(get("/api/v1/automations"))) EXPECT_EQ(del("/api/v1/automations/" + text(r, "id")).status, 204);
  }

  std::string make_rule(json::object body) {
    body["name"] = unique_name("Timed ");
    auto r = post("/api/v1/automations", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return text(r.json(), "id");
  }
  // The rule's finished runs once there is one (fails the test when none comes).
  json::array finished_runs(const std::string& rule, Ms timeout = Ms(60000)) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      json::array done;
      for (const auto& run : data_of(get("/api/v1/automations/" + rule + "/runs")))
        if (text(run, "status") != "running") done.push_back(run);
      if (!done.empty()) return done;
      std::this_thread::sleep_for(Ms(100));
    }
    ADD_FAILURE() << "no finished run of " << rule;
    return {};
  }
  std::string next_run_of(const std::string& rule) {
    auto rows = query_database(server().data_dir(), "SELECT next_run_at FROM job_schedules WHERE name = ?", {"automation:" + rule});
    return rows.size() == 1 ? rows[0][0] : "";
  }
  static json::object update_name(const std::string& name) {
    return json::object{{"type", "update_fields"}, {"fields", json::object{{"name", name}}}};
  }
};

TEST_F(AutomationTime, ADateRuleAndAScheduleRuleFireThroughTheServersScheduler) {
  json::value pipeline_body = json::object{{"name", unique_name("Timed pipeline ")},
                                           {"stages", json::array{json::object{{"name", "Open"}, {"probability", 10}, {"type", "open"}},
                                                                  json::object{{"name", "Won"}, {"type", "won"}}}}};
  auto pipeline = post("/api/v1/pipelines", pipeline_body);
  ASSERT_EQ(pipeline.status, 201) << pipeline.body;
  const std::string pid = text(pipeline.json(), "id"), open = text(pipeline.json().at("stages").at(0), "id");
  auto deal = [&](const char* name, const char* close) {
    return create("deals", json::object{{"name", name}, {"pipeline_id", pid}, {"stage_id", open}, {"expected_close_date", close}});
  };
  const std::string closing = deal("Closing soon", "2030-01-18"), later = deal("Closing later", "2030-01-25");
  const std::string dated = make_rule(
      {{"object_type", "deals"},
       {"trigger", json::object{{"type", "date_relative"}, {"field", "expected_close_date"}, {"offset_days", -3}, {"at", "09:00"}}},
       {"actions", json::array{update_name("Three days to close")}}});
  const std::string daily = make_rule(
      {{"object_type", "deals"},
       {"trigger", json::object{{"type", "schedule"}, {"cron", "0 9 * * *"}}},
       {"conditions", json::array{json::object{{"field", "expected_close_date"}, {"op", "gte"}, {"value", "2030-01-20"}}}},
       {"actions", json::array{update_name("Checked at nine")}}});
  EXPECT_EQ(next_run_of(daily), "2030-01-15T09:00:00.000Z");
  EXPECT_TRUE(data_of(get("/api/v1/automations/" + dated + "/runs")).empty()) << "nothing before 09:00";

  auto date_runs = finished_runs(dated);
  ASSERT_EQ(date_runs.size(), 1u) << json::serialize(date_runs);
  EXPECT_EQ(text(date_runs[0], "status"), "succeeded") << date_runs[0];
  EXPECT_EQ(text(date_runs[0], "trigger_type"), "date_relative");
  EXPECT_EQ(text(date_runs[0], "record_id"), closing);
  auto schedule_runs = finished_runs(daily);
  ASSERT_EQ(schedule_runs.size(), 1u) << json::serialize(schedule_runs);
  EXPECT_EQ(text(schedule_runs[0], "status"), "succeeded") << schedule_runs[0];
  EXPECT_EQ(text(schedule_runs[0], "record_id"), later) << "the deal its conditions match";

  EXPECT_EQ(text(get("/api/v1/deals/" + closing).json(), "name"), "Three days to close");
  EXPECT_EQ(text(get("/api/v1/deals/" + later).json(), "name"), "Checked at nine");
  EXPECT_EQ(next_run_of(daily), "2030-01-16T09:00:00.000Z") << "the next period";
}

TEST_F(AutomationTime, AZoneChangeMovesAScheduleRulesNextRun) {
  const std::string daily = make_rule({{"object_type", "deals"},
                                       {"trigger", json::object{{"type", "schedule"}, {"cron", "0 9 * * *"}}},
                                       {"actions", json::array{update_name("Daily")}}});
  const std::string utc = next_run_of(daily);
  EXPECT_TRUE(utc == "2030-01-15T09:00:00.000Z" || utc == "2030-01-16T09:00:00.000Z") << utc;
  auto tokyo = patch("/api/v1/workspace", json::object{{"time_zone", "Asia/Tokyo"}});
  ASSERT_EQ(tokyo.status, 200) << tokyo.body;
  EXPECT_EQ(next_run_of(daily), "2030-01-16T00:00:00.000Z") << "09:00 in Tokyo is 00:00 UTC";
  ASSERT_EQ(patch("/api/v1/workspace", json::object{{"time_zone", "UTC"}}).status, 200);
  EXPECT_EQ(next_run_of(daily).substr(10), "T09:00:00.000Z");
}

}  // namespace
}  // namespace rapport::testing
