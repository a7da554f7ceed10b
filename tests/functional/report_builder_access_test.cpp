// The report builder under the caller's record scope and field rules: a rep's report counts their own
// leads, a manager's their team's, the admin's everyone's (checked against SQL), grouping by team
// follows the owners' teams, and a field the role hides can be neither filtered, grouped nor measured.
#include "access_fixture.hpp"

namespace rapport::testing {
namespace {

class ReportAccess : public Access {
 protected:
  static json::value definition(const std::string& marker, const std::string& group) {
    return json::object{{"object", "leads"},
                        {"filter", json::object{{"last_name", json::object{{"eq", marker}}}}},
                        {"group_by", json::array{json::value(group)}},
                        {"measures", json::array{json::object{{"op", "count"}}}}};
  }
  // {group value (or "null"): count} of a report on the leads named `marker`, as `who` ("" for the admin).
  std::map<std::string, int64_t> counts(const std::string& who, const std::string& marker, const std::string& group) {
    json::value def = definition(marker, group);
    auto r = who.empty() ? post("/api/v1/reports/run", def) : as(who, "POST", "/api/v1/reports/run", &def);
    EXPECT_EQ(r.status, 200) << who << ": " << r.body;
    std::map<std::string, int64_t> out;
    if (r.status != 200) return out;
    const json::value answer = r.json();
    for (const auto& row : answer.at("rows").as_array()) {
      const auto& g = row.at("groups").as_array()[0];
      out[g.is_null() ? "null" : std::string(g.as_string())] = row.at("values").at("count").as_int64();
    }
    return out;
  }
};

TEST_F(ReportAccess, EachCallerCountsWhatTheirScopeReadsAndTeamsFollowOwners) {
  const std::string marker = "Reported" + random_suffix();
  for (const char* who : {"rep1", "rep1", "rep2", "rep3", "rep3", "rep3"}) create_as(who, "leads", json::object{{"last_name", marker}});
  // The admin reads every lead: per owner and per team as SQL counts them.
  std::map<std::string, int64_t> want_owners, want_teams;
  for (const auto& row : query_database(server().data_dir(), "SELECT owner_id, CAST(count(*) AS TEXT) FROM leads WHERE last_name = ? GROUP BY 1", {marker}))
    want_owners[row[0]] = std::stoll(row[1]);
  for (const auto& row : query_database(server().data_dir(),
                                        "SELECT m.team_id, CAST(count(*) AS TEXT) FROM leads l JOIN team_members m ON m.user_id = l.owner_id "
                                        "WHERE l.last_name = ? GROUP BY 1",
                                        {marker}))
    want_teams[row[0]] = std::stoll(row[1]);
  EXPECT_EQ(counts("", marker, "owner_id"), want_owners);
  EXPECT_EQ(counts("", marker, "team"), want_teams);
  EXPECT_EQ(want_teams, (std::map<std::string, int64_t>{{east_, 3}, {west_, 3}}));
  // A rep counts their own leads only; the East manager (team scope) East's.
  EXPECT_EQ(counts("rep1", marker, "owner_id"), (std::map<std::string, int64_t>{{m("rep1").id, 2}}));
  EXPECT_EQ(counts("rep3", marker, "team"), (std::map<std::string, int64_t>{{west_, 3}}));
  EXPECT_EQ(counts("manager", marker, "team"), (std::map<std::string, int64_t>{{east_, 3}}));
  EXPECT_EQ(counts("manager", marker, "owner_id"), (std::map<std::string, int64_t>{{m("rep1").id, 2}, {m("rep2").id, 1}}));
}

TEST_F(ReportAccess, AHiddenFieldCannotBeFilteredGroupedOrMeasured) {
  json::value role = json::object{{"name", "report_hidden"},
                                  {"permissions", json::object{{"leads", json::object{{"read", "all"}}}, {"deals", json::object{{"read", "all"}}}}},
                                  {"field_rules", json::object{{"leads", json::object{{"email", "hidden"}}}, {"deals", json::object{{"currency", "hidden"}}}}}};
  ASSERT_EQ(post("/api/v1/roles", role).status, 201);
  add_member("hidden_reporter", "report_hidden", {});
  auto status = [&](const std::string& def) {
    json::value body = json::parse(def);
    auto r = as("hidden_reporter", "POST", "/api/v1/reports/run", &body);
    return r.status;
  };
  EXPECT_EQ(status(R"({"object": "leads", "filter": {"email": {"is_null": false}}, "measures": [{"op": "count"}]})"), 403);
  EXPECT_EQ(status(R"({"object": "leads", "group_by": ["email"], "measures": [{"op": "count"}]})"), 403);
  EXPECT_EQ(status(R"({"object": "leads", "measures": [{"op": "count", "field": "email"}]})"), 403);
  // Money is split by its currency: a role that hides the currency cannot sum the amount.
  EXPECT_EQ(status(R"({"object": "deals", "measures": [{"op": "sum", "field": "amount"}]})"), 403);
  EXPECT_EQ(status(R"({"object": "leads", "group_by": ["status"], "measures": [{"op": "count"}]})"), 200);
  // An object the role does not read at all.
  EXPECT_EQ(status(R"({"object": "contacts", "measures": [{"op": "count"}]})"), 403);
}

// The three sales reports take a team: the deals (and the funnel's leads) of its members, ANDed with
// owner_id and the caller's scope.
TEST_F(ReportAccess, SalesReportsFilterByTeam) {
  json::value body = json::object{{"name", "Team filter " + random_suffix()},
                                  {"stages", json::array{json::object{{"name", "Open"}, {"probability", 50}, {"type", "open"}},
                                                         json::object{{"name", "Won"}, {"type", "won"}}}}};
  auto p = post("/api/v1/pipelines", body);
  ASSERT_EQ(p.status, 201) << p.body;
  const std::string pipeline = text(p.json(), "id");
  for (const char* who : {"rep1", "rep2", "rep2", "rep3"}) {
    json::value deal = json::object{{"name", "Team deal"}, {"pipeline_id", pipeline}, {"amount", 100}, {"currency", "EUR"}};
    create_as(who, "deals", deal);
  }
  auto count = [&](const std::string& query) -> int64_t {
    auto r = get("/api/v1/reports/pipeline?pipeline_id=" + pipeline + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json().at("totals").at("count").as_int64() : -1;
  };
  EXPECT_EQ(count(""), 4);
  EXPECT_EQ(count("&team_id=" + east_), 3);
  EXPECT_EQ(count("&team_id=" + west_), 1);
  EXPECT_EQ(count("&team_id=" + west_ + "&owner_id=" + m("rep1").id), 0);  // rep1 is not in West
  EXPECT_EQ(count("&team_id=" + east_ + "&owner_id=" + m("rep1").id), 1);
  EXPECT_EQ(get("/api/v1/reports/pipeline?pipeline_id=" + pipeline + "&team_id=01900000-0000-7000-8000-0000000000ee").status, 404);
  // A rep's scope still applies: rep1 asking for East sees their own deal only.
  auto mine = as("rep1", "GET", "/api/v1/reports/pipeline?pipeline_id=" + pipeline + "&team_id=" + east_);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.json().at("totals").at("count"), 1);
  auto forecast = get("/api/v1/reports/forecast?pipeline_id=" + pipeline + "&team_id=" + west_);
  ASSERT_EQ(forecast.status, 200) << forecast.body;
  EXPECT_EQ(forecast.json().at("no_close_date").at("open_count"), 1);
  auto funnel = get("/api/v1/reports/funnel?pipeline_id=" + pipeline + "&team_id=" + east_);
  ASSERT_EQ(funnel.status, 200) << funnel.body;
  EXPECT_EQ(funnel.json().at("funnel").as_array()[0].at("count"), 3);  // deals_created (one pipeline: no lead steps)
}

}  // namespace
}  // namespace rapport::testing
