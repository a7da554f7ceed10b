// Saved reports and dashboards: CRUD with ETag and If-Match, who sees and changes them (private,
// team, workspace), the definition checked under the author's role, and a dashboard's figures run for
// the reader, with a KPI tile's current and previous period.
#include "access_fixture.hpp"

namespace rapport::testing {
namespace {

class SavedReports : public Access {
 protected:
  static json::value report_body(const std::string& name, const std::string& marker, const std::string& visibility = "private",
                                 const std::string& team = "") {
    json::object b{{"name", name},
                   {"visibility", visibility},
                   {"definition", json::object{{"object", "leads"},
                                               {"filter", json::object{{"last_name", json::object{{"eq", marker}}}}},
                                               {"group_by", json::array{"owner_id"}},
                                               {"measures", json::array{json::object{{"op", "count"}}}}}}};
    if (!team.empty()) b["team_id"] = team;
    return b;
  }
};

TEST_F(SavedReports, CrudWithEtagsAndVisibility) {
  const std::string marker = "Saved" + random_suffix();
  for (const char* who : {"rep1", "rep2", "rep3"}) create_as(who, "leads", json::object{{"last_name", marker}});
  // rep1's private report: only rep1 sees it.
  json::value body = report_body("Mine " + marker, marker);
  auto created = as("rep1", "POST", "/api/v1/saved-reports", &body);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = text(created.json(), "id");
  EXPECT_EQ(created.header("etag"), "\"1\"");
  EXPECT_EQ(created.header("location"), "/api/v1/saved-reports/" + id);
  EXPECT_EQ(created.json().at("definition").at("group_by").as_array()[0].at("field"), "owner_id");  // normalised
  EXPECT_EQ(as("rep2", "GET", "/api/v1/saved-reports/" + id).status, 404);
  EXPECT_EQ(get("/api/v1/saved-reports/" + id).status, 404);  // private: not even an admin's
  // Shared with East: rep2 (East) sees it, rep3 (West) does not; rep2 cannot change it.
  json::value share = json::object{{"visibility", "team"}, {"team_id", east_}};
  auto stale = as("rep1", "PATCH", "/api/v1/saved-reports/" + id, &share, {{"If-Match", "\"7\""}});
  EXPECT_EQ(stale.status, 412) << stale.body;
  auto shared = as("rep1", "PATCH", "/api/v1/saved-reports/" + id, &share, {{"If-Match", "\"1\""}});
  ASSERT_EQ(shared.status, 200) << shared.body;
  EXPECT_EQ(shared.header("etag"), "\"2\"");
  EXPECT_EQ(as("rep2", "GET", "/api/v1/saved-reports/" + id).status, 200);
  EXPECT_EQ(as("rep3", "GET", "/api/v1/saved-reports/" + id).status, 404);
  json::value rename = json::object{{"name", "Renamed"}};
  EXPECT_EQ(as("rep2", "PATCH", "/api/v1/saved-reports/" + id, &rename, {{"If-Match", "\"2\""}}).status, 403);
  // rep3 cannot share with a team they are not in.
  json::value west_only = report_body("West " + marker, marker, "team", east_);
  auto refused = as("rep3", "POST", "/api/v1/saved-reports", &west_only);
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(error_fields(refused), std::vector<std::string>{"team_id"});
  // A bad definition names its path.
  json::value bad = json::object{{"name", "Bad"}, {"definition", json::object{{"object", "leads"}, {"measures", json::array{}}}}};
  auto r = as("rep1", "POST", "/api/v1/saved-reports", &bad);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(error_fields(r), std::vector<std::string>{"definition.measures"});
  // The lists: rep2 sees the East report, rep3 does not.
  auto has = [&](const std::string& who) {
    auto l = as(who, "GET", "/api/v1/saved-reports");
    return l.body.find(id) != std::string::npos;
  };
  EXPECT_TRUE(has("rep1"));
  EXPECT_TRUE(has("rep2"));
  EXPECT_FALSE(has("rep3"));
  // Deleted by its owner with If-Match.
  EXPECT_EQ(as("rep1", "DELETE", "/api/v1/saved-reports/" + id, nullptr, {{"If-Match", "\"2\""}}).status, 204);
  EXPECT_EQ(as("rep1", "GET", "/api/v1/saved-reports/" + id).status, 404);
  // Every write is audited.
  auto audit = query_database(server().data_dir(), "SELECT action FROM audit_log WHERE object_type = 'saved_reports' AND object_id = ? ORDER BY id", {id});
  ASSERT_EQ(audit.size(), 3u);
  EXPECT_EQ(audit[0][0], "create");
  EXPECT_EQ(audit[2][0], "delete");
}

TEST_F(SavedReports, ADashboardRunsEachWidgetForItsReader) {
  const std::string marker = "Board" + random_suffix();
  for (const char* who : {"rep1", "rep2", "rep3"}) create_as(who, "leads", json::object{{"last_name", marker}});
  json::value body = report_body("Shared " + marker, marker, "workspace");
  auto report = post("/api/v1/saved-reports", body);
  ASSERT_EQ(report.status, 201) << report.body;
  const std::string report_id = text(report.json(), "id");
  json::value board = json::object{
      {"name", "Board " + marker},
      {"visibility", "workspace"},
      {"widgets", json::array{json::object{{"saved_report_id", report_id}, {"type", "chart"}, {"x", 0}, {"y", 0}, {"w", 6}, {"h", 4}},
                              json::object{{"saved_report_id", report_id}, {"type", "kpi"}, {"x", 6}, {"y", 0}, {"w", 6}, {"h", 2},
                                           {"period", json::object{{"field", "created_at"}, {"bucket", "month"}}}}}}};
  auto created = post("/api/v1/dashboards", board);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = text(created.json(), "id");
  // No chart type of its own: the widget draws its report's (definition.chart).
  EXPECT_FALSE(created.json().at("widgets").as_array()[0].as_object().contains("chart")) << created.body;
  // The admin's figures count all three leads; rep1's only their own (their scope, not the author's).
  auto totals = [&](const std::string& who) -> int64_t {
    auto r = who.empty() ? get("/api/v1/dashboards/" + id + "/data") : as(who, "GET", "/api/v1/dashboards/" + id + "/data");
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) return -1;
    const json::value data = r.json();
    const auto& w = data.at("widgets").as_array();
    // This month's leads (just created) in the KPI tile: as many as the chart counts, none the month before.
    const auto& kpi = w[1].at("kpi");
    EXPECT_EQ(kpi.at("current").at("totals").as_array()[0].at("values").at("count"), w[0].at("report").at("totals").as_array()[0].at("values").at("count"));
    EXPECT_EQ(kpi.at("previous").at("totals").as_array()[0].at("values").at("count"), 0);
    return w[0].at("report").at("totals").as_array()[0].at("values").at("count").as_int64();
  };
  EXPECT_EQ(totals(""), 3);
  EXPECT_EQ(totals("rep1"), 1);
  // Widgets are checked: an unknown report, a chart type on a table, a grid overflow.
  json::value bad = json::object{{"name", "Bad"},
                                 {"widgets", json::array{json::object{{"saved_report_id", "01900000-0000-7000-8000-0000000000ab"}, {"type", "table"},
                                                                      {"chart", "pie"}, {"x", 8}, {"y", 0}, {"w", 6}, {"h", 1}}}}};
  auto r = post("/api/v1/dashboards", bad);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(error_fields(r), (std::vector<std::string>{"widgets.0.saved_report_id", "widgets.0.chart", "widgets.0.w"}));
  // A report deleted under a dashboard: the widget says so, the dashboard still answers.
  ASSERT_EQ(del("/api/v1/saved-reports/" + report_id, {{"If-Match", "\"1\""}}).status, 204);
  auto after = get("/api/v1/dashboards/" + id + "/data");
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(after.json().at("widgets").as_array()[0].at("problem").at("status"), 404);
  // Deleted with its ETag, the dashboard is gone.
  auto current = get("/api/v1/dashboards/" + id);
  ASSERT_EQ(current.status, 200) << current.body;
  ASSERT_EQ(del("/api/v1/dashboards/" + id, {{"If-Match", current.header("etag")}}).status, 204);
  EXPECT_EQ(get("/api/v1/dashboards/" + id).status, 404);
}

}  // namespace
}  // namespace rapport::testing
