// Workspace isolation of lists, reports and the audit log: B's lists show only B's records, and no
// list, report or audit route answers with anything of A's. Tests run as
// workspace B (the fixture's second workspace) against workspace A, seeded with one of everything
// (tenancy_seed.cpp). The other concerns: tenancy_isolation_{routes,lists,mail,writes}_test.cpp.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "tenancy_fixture.hpp"
#include "tenancy_isolation_helpers.hpp"

namespace rapport::testing {
namespace json = boost::json;

namespace {

TEST_F(Tenancy, ListsShowOnlyTheCallersWorkspace) {
  ASSERT_NO_FATAL_FAILURE(seed_a());
  const SeedA& s = a_seed_;
  // B's own records, so that each list has something to show.
  const std::string x = random_suffix();
  std::string b_company = create_b("/api/v1/companies", json::object{{"name", "Bravo " + x}});
  std::string b_contact = create_b("/api/v1/contacts", json::object{{"last_name", "Bravoson" + x}, {"company_id", b_company}});
  std::string b_activity = create_b("/api/v1/activities", json::object{{"type", "note"}, {"body", "hello"}, {"contact_id", b_contact}});
  std::string b_deleted = create_b("/api/v1/contacts", json::object{{"last_name", "Bravogone" + x}});
  ASSERT_EQ(as_b("DELETE", "/api/v1/contacts/" + b_deleted).status, 204);
  json::value cf_body = json::object{{"object_type", "companies"}, {"name", "bravo_" + x}, {"type", "number"}};
  auto b_cf = as_b("POST", "/api/v1/custom-fields", &cf_body);
  ASSERT_EQ(b_cf.status, 201) << b_cf.body;
  json::value key_body = json::object{{"name", "bravo-key"}};
  auto b_key = as_b("POST", "/api/v1/api-keys", &key_body);
  ASSERT_EQ(b_key.status, 201) << b_key.body;
  json::value view_body = json::object{{"object_type", "contacts"}, {"name", "Bravo view " + x}, {"visibility", "workspace"}};
  auto b_view = as_b("POST", "/api/v1/views", &view_body);
  ASSERT_EQ(b_view.status, 201) << b_view.body;

  struct Expect {
    std::string target;
    std::vector<std::string> own;
    int64_t total;  // with count=true, -1 when the list has no count
  };
  const std::vector<Expect> lists = {
      {"/api/v1/companies?count=true", {b_company}, 1},
      {"/api/v1/contacts?count=true", {b_contact}, 1},
      {"/api/v1/activities?count=true", {b_activity}, 1},
      {"/api/v1/recycle-bin", {b_deleted}, -1},
      {"/api/v1/recycle-bin?object_type=companies", {}, -1},
      {"/api/v1/recycle-bin?object_type=activities", {}, -1},
      {"/api/v1/custom-fields", {text(b_cf.json(), "id")}, -1},
      {"/api/v1/custom-fields?object_type=contacts", {}, -1},
      {"/api/v1/api-keys", {text(b_key.json(), "id")}, -1},
      {"/api/v1/views?object_type=contacts", {text(b_view.json(), "id")}, -1},
      {"/api/v1/views?object_type=companies", {}, -1},
      {"/api/v1/contacts?sort=last_name&limit=500", {b_contact}, -1},
      {"/api/v1/contacts?filter%5Bcompany_id%5D%5Beq%5D=" + s.company + "&count=true", {}, 0},
      {"/api/v1/contacts?filter%5Bemail%5D%5Beq%5D=" + s.contact_email + "&count=true", {}, 0},
      {"/api/v1/contacts?filter%5Blast_name%5D%5Bstarts_with%5D=Alpha&count=true", {}, 0},
      {"/api/v1/companies?filter%5Bdomain%5D%5Beq%5D=" + s.company_domain + "&count=true", {}, 0},
      {"/api/v1/contacts/" + b_contact + "/timeline", {b_activity}, -1},
      {"/api/v1/companies/" + b_company + "/timeline", {b_activity}, -1},
  };
  for (const auto& l : lists) {
    auto r = as_b("GET", l.target);
    ASSERT_EQ(r.status, 200) << l.target << ": " << r.body;
    auto got = ids_of(r);
    EXPECT_EQ(std::set<std::string>(got.begin(), got.end()), std::set<std::string>(l.own.begin(), l.own.end()))
        << "GET " << l.target << " as B: " << r.body;
    if (l.total >= 0) {
      EXPECT_EQ(integer(r.json(), "total"), l.total) << l.target << ": " << r.body;
    }
    expect_no_leak(r, "GET " + l.target + " as B", l.target,
                   l.target.find(s.company) != std::string::npos ? secrets_except(s.company) : s.secrets);
  }
  // A custom field of A's cannot be used by B to filter or sort.
  auto f = as_b("GET", "/api/v1/contacts?filter%5Bcustom." + s.custom_field_name + "%5D%5Beq%5D=" + s.custom_value);
  EXPECT_EQ(f.status, 400) << f.body;
  json::value custom_body = json::object{{"last_name", "Z"}, {"custom", json::object{{s.custom_field_name, "x"}}}};
  auto custom_write = as_b("POST", "/api/v1/contacts", &custom_body);
  EXPECT_EQ(custom_write.status, 422) << custom_write.body;

  // And the other way round: A sees none of B's.
  for (const auto& [target, id] : {std::pair<std::string, std::string>{"/api/v1/companies?limit=500", b_company},
                                   {"/api/v1/contacts?limit=500", b_contact},
                                   {"/api/v1/activities?limit=500", b_activity},
                                   {"/api/v1/recycle-bin", b_deleted},
                                   {"/api/v1/custom-fields", text(b_cf.json(), "id")},
                                   {"/api/v1/api-keys", text(b_key.json(), "id")},
                                   {"/api/v1/views?object_type=contacts", text(b_view.json(), "id")}}) {
    auto r = as_a("GET", target);
    ASSERT_EQ(r.status, 200) << target;
    EXPECT_FALSE(contains(ids_of(r), id)) << "A's " << target << " lists B's " << id;
  }
}

// Every list, report and audit route of the OpenAPI document (a GET without a path parameter),
// called by B with workspace A fully seeded: none answers with anything of A's; the sales lists show
// B's own records; reports aimed at A's pipeline find nothing.
TEST_F(Tenancy, EveryListReportAndAuditRouteShowsOnlyTheCallersWorkspace) {
  ASSERT_NO_FATAL_FAILURE(seed_a());
  const SeedA& s = a_seed_;
  const std::string x = random_suffix();
  json::value pipeline_body = json::object{{"name", "Bravo pipeline " + x},
                                           {"stages", json::array{json::object{{"name", "Open"}, {"type", "open"}},
                                                                  json::object{{"name", "Won"}, {"type", "won"}}}}};
  auto b_pipeline = as_b("POST", "/api/v1/pipelines", &pipeline_body);
  ASSERT_EQ(b_pipeline.status, 201) << b_pipeline.body;
  const std::string b_pipeline_id = text(b_pipeline.json(), "id");
  std::map<std::string, std::string> own = {
      {"/api/v1/pipelines", b_pipeline_id},
      {"/api/v1/deals", create_b("/api/v1/deals", json::object{{"name", "Bravo deal " + x}, {"pipeline_id", b_pipeline_id}, {"amount", 5}, {"currency", "EUR"}})},
      {"/api/v1/leads", create_b("/api/v1/leads", json::object{{"last_name", "Bravolead" + x}})},
      {"/api/v1/products", create_b("/api/v1/products", json::object{{"sku", "BRAVO-" + x}, {"name", "Bravo product"}, {"unit_price", 1}, {"currency", "EUR"}})},
      {"/api/v1/users", b_user_},
      {"/api/v1/views", [&] {
         json::value view_body = json::object{{"object_type", "contacts"}, {"name", "Bravo view " + x}};
         auto r = as_b("POST", "/api/v1/views", &view_body);
         EXPECT_EQ(r.status, 201) << r.body;
         return text(r.json(), "id");
       }()},
  };
  const json::value doc = b_->request("GET", "/api/v1/openapi.json").json();
  int walked = 0;
  for (const auto& p : doc.at("paths").as_object()) {
    const std::string pattern(p.key());
    if (pattern.find('{') != std::string::npos || !p.value().as_object().contains("get") || pattern == "/api/v1/ws") continue;
    // The report that needs a pipeline gets B's, the views an object type; everything else is called
    // without parameters.
    std::string target = pattern;
    if (pattern == "/api/v1/reports/pipeline") target += "?pipeline_id=" + b_pipeline_id;
    if (pattern == "/api/v1/views") target += "?object_type=contacts";  // a required parameter
    if (pattern == "/api/v1/duplicates") target += "?object=contacts";  // a required parameter
    if (pattern == "/api/v1/search") target += "?limit=50&q=alpha";  // the beginning of A's names
    auto r = as_b("GET", target);
    EXPECT_EQ(r.status, 200) << "GET " << target << " as B: " << r.body;
    expect_no_leak(r, "GET " + target + " as B", target, s.secrets);
    if (auto it = own.find(pattern); it != own.end()) {
      auto listed = ids_of(r);
      EXPECT_TRUE(contains(listed, it->second)) << "GET " << target << " does not list B's own " << it->second << ": " << r.body;
    }
    ++walked;
  }
  EXPECT_GE(walked, 20) << "the OpenAPI document lists fewer list routes than expected";
  // A's records are found in A by the words B's search was given; B finds its own.
  auto a_search = as_a("GET", "/api/v1/search?limit=50&q=alpha");
  EXPECT_TRUE(contains(ids_of(a_search), s.contact) && contains(ids_of(a_search), s.company)) << a_search.body;
  auto b_search = as_b("GET", "/api/v1/search?limit=50&q=bravo");
  EXPECT_TRUE(contains(ids_of(b_search), own.at("/api/v1/leads")) && contains(ids_of(b_search), own.at("/api/v1/products")))
      << b_search.body;
  for (const auto& l : {std::string("/api/v1/teams"), std::string("/api/v1/roles"), std::string("/api/v1/audit-events?limit=500"),
                        std::string("/api/v1/reports/forecast?pipeline_id=" + b_pipeline_id)}) {
    auto r = as_b("GET", l);
    EXPECT_EQ(r.status, 200) << l << ": " << r.body;
    expect_no_leak(r, "GET " + l + " as B", l, s.secrets);
  }
  // Aimed at A's pipeline, B's reports find no such pipeline (and say nothing of it).
  for (const char* report : {"pipeline", "forecast", "funnel"}) {
    std::string target = std::string("/api/v1/reports/") + report + "?pipeline_id=" + s.pipeline;
    auto r = as_b("GET", target);
    EXPECT_EQ(r.status, 404) << target << ": " << r.body;
    expect_no_leak(r, "GET " + target + " as B", target, secrets_except(s.pipeline));
  }
  // Filtered by A's user or A's contact, B's reports and deals hold nothing of A's (and B's own deal
  // is not linked to A's contact).
  for (const std::string& target : {"/api/v1/reports/pipeline?pipeline_id=" + b_pipeline_id + "&owner_id=" + s.user_id,
                                    "/api/v1/reports/forecast?owner_id=" + s.user_id, "/api/v1/reports/funnel?owner_id=" + s.user_id,
                                    "/api/v1/deals?filter[contact_id][eq]=" + s.contact}) {
    auto r = as_b("GET", target);
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    expect_no_leak(r, "GET " + target + " as B", target, secrets_except(target.find("contact_id") != std::string::npos ? s.contact : s.user_id));
    if (target.find("/deals") != std::string::npos) {
      EXPECT_TRUE(ids_of(r).empty()) << r.body;
    }
  }
  // Aimed at A's team, B's sales reports find no such team; B's report builder counts B's records only.
  for (const std::string& target : {"/api/v1/reports/pipeline?pipeline_id=" + b_pipeline_id + "&team_id=" + s.team,
                                    "/api/v1/reports/forecast?team_id=" + s.team, "/api/v1/reports/funnel?team_id=" + s.team}) {
    auto r = as_b("GET", target);
    EXPECT_EQ(r.status, 404) << target << ": " << r.body;
    expect_no_leak(r, "GET " + target + " as B", target, secrets_except(s.team));
  }
  for (const char* object : {"contacts", "companies", "deals", "leads", "activities", "products", "tickets"}) {
    json::value def = json::object{{"object", object}, {"group_by", json::array{"owner_id"}}, {"measures", json::array{json::object{{"op", "count"}}}}};
    auto r = as_b("POST", "/api/v1/reports/run", &def);
    EXPECT_EQ(r.status, 200) << object << ": " << r.body;
    expect_no_leak(r, std::string("POST /api/v1/reports/run of ") + object + " as B", "", s.secrets);
  }
  // The support KPIs filtered by A's team or A's user: nothing of A's ticket in B's figures (A sees it: the control).
  for (const auto& [filter, id] : std::vector<std::pair<std::string, std::string>>{{"team_id", s.team}, {"assignee_id", s.user_id}}) {
    const std::string target = "/api/v1/reports/support?" + filter + "=" + id;
    auto r = as_b("GET", target);
    ASSERT_EQ(r.status, 200) << target << ": " << r.body;
    expect_no_leak(r, "GET " + target + " as B", target, secrets_except(id));
    EXPECT_EQ(r.json().at("volume").at("created"), 0) << r.body;
    EXPECT_EQ(r.json().at("backlog").at("total"), 0) << r.body;
  }
  auto a_kpis = as_a("GET", "/api/v1/reports/support?team_id=" + s.team);
  ASSERT_EQ(a_kpis.status, 200) << a_kpis.body;
  EXPECT_GE(a_kpis.json().at("volume").at("created").as_int64(), 1) << "the control: A's report counts A's ticket";
}

}  // namespace
}  // namespace rapport::testing
