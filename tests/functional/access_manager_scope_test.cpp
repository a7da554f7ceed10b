// The built-in sales manager is team-scoped for reads: another team's deal is as absent to them as a
// missing one, on the board, in lists and in the reports.
#include <fstream>
#include <sstream>

#include "access_fixture.hpp"
#include "build_paths.hpp"

namespace rapport::testing {
namespace {

TEST_F(Access, AManagerReadsOnlyTheirTeamsDeals) {
  std::string mark = unique_name("Mgr ");
  json::value pipeline = json::object{
      {"name", mark}, {"stages", json::array{json::object{{"name", "Open"}, {"type", "open"}, {"probability", 50}}}}};
  auto made = post("/api/v1/pipelines", pipeline);
  ASSERT_EQ(made.status, 201) << made.body;
  std::string p = text(made.json(), "id");
  auto deal = [&](const std::string& who, int64_t amount) {
    json::value body = json::object{{"name", mark + " " + who}, {"pipeline_id", p}, {"amount", amount}, {"currency", "EUR"}};
    return create_as(who, "deals", body);
  };
  std::string east = deal("rep1", 1000);  // rep1 is in the manager's team (East)
  std::string west = deal("rep3", 7000);  // rep3 is in West

  EXPECT_EQ(as("manager", "GET", "/api/v1/deals/" + east).status, 200);
  EXPECT_EQ(as("manager", "GET", "/api/v1/deals/" + west).status, 404);
  auto list = as("manager", "GET", "/api/v1/deals?limit=500&count=true&filter[pipeline_id][eq]=" + p);
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(data_of(list).size(), 1u) << list.body;
  EXPECT_EQ(text(data_of(list)[0], "id"), east);
  EXPECT_EQ(list.json().at("total").as_int64(), 1);
  auto board = as("manager", "GET", "/api/v1/pipelines/" + p + "/board?totals=true");
  ASSERT_EQ(board.status, 200) << board.body;
  EXPECT_EQ(board.body.find(west), std::string::npos) << board.body;
  EXPECT_EQ(board.json().at("stages").as_array()[0].at("count").as_int64(), 1);

  // The pipeline report counts the team's deals and money only; the admin's counts both.
  auto report = as("manager", "GET", "/api/v1/reports/pipeline?pipeline_id=" + p);
  ASSERT_EQ(report.status, 200) << report.body;
  const json::value answer = report.json();
  const auto& totals = answer.at("totals");
  EXPECT_EQ(totals.at("count").as_int64(), 1) << report.body;
  ASSERT_EQ(totals.at("amounts").as_array().size(), 1u) << report.body;
  EXPECT_EQ(totals.at("amounts").as_array()[0].at("amount").as_int64(), 1000) << report.body;
  auto all = get("/api/v1/reports/pipeline?pipeline_id=" + p);
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.json().at("totals").at("count").as_int64(), 2) << all.body;
}

// docs/roles.md is the whole built-in matrix: each row of its table against what GET /api/v1/roles
// answers (every scope of every object and action, and every field rule), both ways.
TEST_F(Access, TheRolesTableIsWhatTheBuiltInRolesGrant) {
  std::ifstream in(std::string(source_dir()) + "/docs/roles.md");
  ASSERT_TRUE(in) << "docs/roles.md";
  const std::vector<std::string> actions{"read", "create", "update", "delete", "export"};
  json::object documented;  // role -> {permissions, field_rules} as the API writes them
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("| `", 0) != 0) continue;
    std::vector<std::string> cells;
    std::stringstream row(line.substr(1));
    for (std::string cell; std::getline(row, cell, '|');) {
      auto b = cell.find_first_not_of(' '), e = cell.find_last_not_of(' ');
      cells.push_back(b == std::string::npos ? "" : cell.substr(b, e - b + 1));
    }
    ASSERT_GE(cells.size(), 8u) << line;
    std::string role = cells[0].substr(1, cells[0].size() - 2);
    auto& entry = documented[role];
    if (!entry.is_object()) entry = json::object{{"permissions", json::object{}}, {"field_rules", json::object{}}};
    std::vector<std::string> objects{cells[1]};
    if (cells[1] == "every object") objects = {"companies", "contacts", "activities", "leads", "deals", "products", "tickets"};
    for (const auto& object : objects) {
      json::object grants;
      for (std::size_t a = 0; a < actions.size(); ++a) grants[actions[a]] = cells[2 + a] == "—" ? "none" : cells[2 + a];
      entry.as_object()["permissions"].as_object()[object] = grants;
      if (cells[7] != "—") {  // "`field` hidden" or "`field` read-only"
        auto close = cells[7].find('`', 1);
        std::string field = cells[7].substr(1, close - 1);
        std::string rule = cells[7].substr(close + 2) == "hidden" ? "hidden" : "read_only";
        entry.as_object()["field_rules"].as_object()[object] = json::object{{field, rule}};
      }
    }
  }
  auto roles = get("/api/v1/roles");
  ASSERT_EQ(roles.status, 200) << roles.body;
  std::size_t builtins = 0;
  for (const auto& r : data_of(roles)) {
    if (!r.at("builtin").as_bool()) continue;
    ++builtins;
    std::string name(r.at("name").as_string());
    ASSERT_TRUE(documented.contains(name)) << name << " is missing from docs/roles.md";
    EXPECT_EQ(documented[name].at("permissions"), r.at("permissions")) << name;
    EXPECT_EQ(documented[name].at("field_rules"), r.at("field_rules")) << name;
  }
  EXPECT_EQ(builtins, 6u);
  EXPECT_EQ(documented.size(), builtins) << "docs/roles.md names a role that is not built in";
}

}  // namespace
}  // namespace rapport::testing
