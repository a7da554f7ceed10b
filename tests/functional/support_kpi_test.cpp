// Support KPIs through the API (GET /api/v1/reports/support; the figures at known instants on both
// engines: src/modules/support/kpi_report_test.cpp): a ticket's solved_at follows its status; a
// support agent's report counts only their team's tickets (the admin's, filtered by that team, the
// same); a reply, a solve and a rating show up in first_response, resolution, volume and
// satisfaction; a role without ticket reads gets 403; every bad parameter is a 400 naming it.
#include "access_fixture.hpp"

namespace rapport::testing {
namespace {

class SupportKpi : public Access {
 protected:
  static void SetUpTestSuite() {
    Access::SetUpTestSuite();
    json::value body = json::object{{"name", unique_name("KPI desk ")}};
    auto r = client_->call("POST", "/api/v1/teams", token_, &body);
    ASSERT_EQ(r.status, 201) << r.body;
    team_ = text(r.json(), "id");
    add_member("kpi_agent", "support_agent", {json::value(team_)});
    add_member("kpi_marketing", "marketing", {});
  }
  json::value report(const std::string& who, const std::string& query = "") {
    auto r = who.empty() ? get("/api/v1/reports/support" + query) : as(who, "GET", "/api/v1/reports/support" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  bool untimed(const std::string& id) {
    auto r = get("/api/v1/tickets/" + id);
    return r.json().at("first_response_seconds").is_null() && r.json().at("resolution_seconds").is_null();
  }
  static int64_t count(const json::value& report, const char* section, const char* field) {
    return report.at(section).at(field).as_int64();
  }
  static inline std::string team_;
};

TEST_F(SupportKpi, AnAgentSeesTheFiguresOfTheirTeamsTicketsOnly) {
  const json::value agent_before = report("kpi_agent");
  const json::value admin_before = report("");
  // Two tickets in the agent's team, one outside it.
  const std::string a = create("tickets", json::object{{"subject", "Printer"}, {"team_id", team_}, {"priority", "high"}});
  const std::string b = create("tickets", json::object{{"subject", "Login"}, {"team_id", team_}, {"channel", "phone"}});
  create("tickets", json::object{{"subject", "Elsewhere"}});

  // A reply answers a; solving it stamps solved_at, reopening clears it, solving again stamps it anew.
  json::value reply = json::object{{"kind", "reply"}, {"body", "Looking into it"}};
  ASSERT_EQ(http().call("POST", "/api/v1/tickets/" + a + "/messages", token(), &reply).status, 201);
  auto solved = patch("/api/v1/tickets/" + a, json::object{{"status", "solved"}});
  ASSERT_EQ(solved.status, 200) << solved.body;
  EXPECT_TRUE(solved.json().at("solved_at").is_string()) << solved.body;
  // The KPI durations are stored with them: the first response's stays, the resolution's follows solved_at.
  EXPECT_GE(solved.json().at("first_response_seconds").as_int64(), 0) << solved.body;
  EXPECT_GE(solved.json().at("resolution_business_seconds").as_int64(), 0) << solved.body;
  auto reopened = patch("/api/v1/tickets/" + a, json::object{{"status", "open"}});
  EXPECT_TRUE(reopened.json().at("solved_at").is_null()) << reopened.body;
  EXPECT_TRUE(reopened.json().at("resolution_seconds").is_null()) << reopened.body;
  EXPECT_TRUE(reopened.json().at("resolution_business_seconds").is_null()) << reopened.body;
  EXPECT_EQ(reopened.json().at("first_response_seconds"), solved.json().at("first_response_seconds"));
  auto again = patch("/api/v1/tickets/" + a, json::object{{"status", "solved"}});
  EXPECT_TRUE(again.json().at("solved_at").is_string()) << again.body;
  EXPECT_GE(again.json().at("resolution_seconds").as_int64(), 0) << again.body;
  EXPECT_TRUE(untimed(b)) << "b is unanswered";
  auto closed = patch("/api/v1/tickets/" + a, json::object{{"status", "closed"}});
  EXPECT_EQ(closed.json().at("solved_at"), again.json().at("solved_at")) << "closing a solved ticket keeps when it was solved";
  // The requester rates a (as the survey's page records it).
  const std::string rated_at = text(closed.json(), "updated_at");
  write_database(server().data_dir(), [&](db::Connection& c) {
    c.prepare("UPDATE tickets SET satisfaction = 'good', satisfaction_at = ? WHERE id = ?").bind_all({rated_at, a}).run();
  });

  const json::value agent = report("kpi_agent");
  EXPECT_EQ(count(agent, "volume", "created") - count(agent_before, "volume", "created"), 2) << "not the ticket outside the team";
  EXPECT_EQ(count(agent, "first_response", "count") - count(agent_before, "first_response", "count"), 1);
  EXPECT_EQ(count(agent, "resolution", "count") - count(agent_before, "resolution", "count"), 1);
  EXPECT_EQ(count(agent, "backlog", "total") - count(agent_before, "backlog", "total"), 1) << "b is still open";
  EXPECT_EQ(count(agent, "satisfaction", "good") - count(agent_before, "satisfaction", "good"), 1);
  const json::value admin = report("");
  EXPECT_EQ(count(admin, "volume", "created") - count(admin_before, "volume", "created"), 3);
  // The admin filtered by the team sees what the agent sees.
  const json::value by_team = report("", "?team_id=" + team_);
  for (const char* section : {"first_response", "resolution", "volume", "backlog", "satisfaction", "sla"})
    EXPECT_EQ(json::serialize(by_team.at(section)), json::serialize(agent.at(section))) << section;
  // Per day: today's entry holds the new tickets; per channel: b came by phone.
  const auto& days = agent.at("volume").at("by_day").as_array();
  ASSERT_EQ(days.size(), 30u) << "the default range: the 30 days ending today";
  EXPECT_GE(days.back().at("created").as_int64(), 2);
  EXPECT_EQ(text(agent.at("volume").at("by_channel").at(2), "key"), "phone");
  EXPECT_GE(agent.at("volume").at("by_channel").at(2).at("created").as_int64(), 1);
  EXPECT_EQ(text(agent.at("volume").at("by_team").at(0), "key"), team_);
  EXPECT_EQ(text(agent, "percentile"), "nearest-rank");
}

TEST_F(SupportKpi, ARoleWithoutTicketReadsIsRefusedAndBadQueriesAre400s) {
  auto refused = as("kpi_marketing", "GET", "/api/v1/reports/support");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(as("reader", "GET", "/api/v1/reports/support").status, 200) << "a read-only user reads every ticket";
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"?from=2026-02-30", "'from'"},
      {"?to=soon", "'to'"},
      {"?from=2026-12-01&to=2026-11-01", "before 'to'"},
      {"?from=2025-01-01&to=2026-01-03", "366 days"},
      {"?team_id=sales", "team_id"},
      {"?assignee_id=1", "assignee_id"},
      {"?channel=fax", "channel"},
      {"?priority=critical", "priority"},
      {"?owner_id=" + team_, "owner_id"}};
  for (const auto& [query, named] : bad) {
    auto r = get("/api/v1/reports/support" + query);
    EXPECT_EQ(r.status, 400) << query << ": " << r.body;
    EXPECT_NE(text(r.json(), "detail").find(named), std::string::npos) << query << ": " << r.body;
  }
  auto year = get("/api/v1/reports/support?from=2025-01-01&to=2026-01-02");
  ASSERT_EQ(year.status, 200) << "366 days exactly: " << year.body;
  EXPECT_EQ(year.json().at("volume").at("by_day").as_array().size(), 366u);
  auto times = get("/api/v1/reports/support?from=2026-03-01T10:00:00%2B01:00&to=2026-03-02T09:00:00Z");
  ASSERT_EQ(times.status, 200) << times.body;
  EXPECT_EQ(text(times.json(), "from"), "2026-03-01T09:00:00.000Z");
  EXPECT_EQ(times.json().at("volume").at("by_day").as_array().size(), 2u);
}

}  // namespace
}  // namespace rapport::testing
