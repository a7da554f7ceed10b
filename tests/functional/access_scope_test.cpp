// Record scopes: "own" and "team" apply to every way of reaching a record (get, list, count, update,
// delete, restore, history, timeline, recycle bin, references), and a record outside the scope is a
// 404 exactly like a missing one.
#include "access_fixture.hpp"

namespace rapport::testing {
namespace {

json::value contact(const std::string& last) { return json::object{{"last_name", last}}; }

std::vector<std::string> ids_of(const HttpResponse& r) {
  std::vector<std::string> out;
  for (const auto& v : data_of(r)) out.push_back(text(v, "id"));
  return out;
}

bool holds(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

TEST_F(Access, OwnScopeHidesAColleaguesRecordEverywhere) {
  std::string mark = "Own" + random_suffix();
  std::string mine = create_as("rep1", "contacts", contact(mark));
  std::string theirs = create_as("rep2", "contacts", contact(mark));
  json::value note = json::object{{"type", "note"}, {"subject", "about " + mark}, {"contact_ids", json::array{json::value(theirs)}}};
  std::string their_note = create_as("rep2", "activities", note);

  // rep1 sees their own and not rep2's, in every read path.
  EXPECT_EQ(as("rep1", "GET", "/api/v1/contacts/" + mine).status, 200);
  auto got = as("rep1", "GET", "/api/v1/contacts/" + theirs);
  EXPECT_EQ(got.status, 404);
  EXPECT_EQ(got.body.find(mark), std::string::npos);
  auto list = as("rep1", "GET", "/api/v1/contacts?filter[last_name][eq]=" + mark + "&count=true");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(ids_of(list), std::vector<std::string>{mine});
  EXPECT_EQ(list.json().at("total").as_int64(), 1);
  auto unfiltered = as("rep1", "GET", "/api/v1/contacts?count=true&limit=500");
  for (const auto& id : ids_of(unfiltered)) EXPECT_NE(id, theirs);
  EXPECT_EQ(unfiltered.json().at("total").as_int64(), static_cast<int64_t>(ids_of(unfiltered).size()))
      << "the count is of the caller's records, not of the workspace's";
  EXPECT_EQ(as("rep1", "GET", "/api/v1/contacts/" + theirs + "/history").status, 404);
  EXPECT_EQ(as("rep1", "GET", "/api/v1/contacts/" + theirs + "/timeline").status, 404);
  EXPECT_EQ(as("rep1", "GET", "/api/v1/activities/" + their_note).status, 404);
  // Writes: 404 too, and nothing changed.
  json::value rename = json::object{{"last_name", "Taken"}};
  EXPECT_EQ(as("rep1", "PATCH", "/api/v1/contacts/" + theirs, &rename).status, 404);
  EXPECT_EQ(as("rep1", "DELETE", "/api/v1/contacts/" + theirs).status, 404);
  EXPECT_EQ(as("rep1", "POST", "/api/v1/contacts/" + theirs + "/restore").status, 404);
  auto still = get("/api/v1/contacts/" + theirs);
  EXPECT_EQ(text(still.json(), "last_name"), mark);
  EXPECT_EQ(still.json().at("version").as_int64(), 1);
  // A reference to a record the caller cannot read is refused like a missing one.
  json::value link = json::object{{"type", "note"}, {"subject", "x"}, {"contact_ids", json::array{json::value(theirs)}}};
  auto linked = as("rep1", "POST", "/api/v1/activities", &link);
  EXPECT_EQ(linked.status, 422) << linked.body;
  // The recycle bin shows only what the caller may read.
  ASSERT_EQ(as("rep2", "DELETE", "/api/v1/contacts/" + theirs).status, 204);
  auto bin = as("rep1", "GET", "/api/v1/recycle-bin?object_type=contacts&limit=500");
  ASSERT_EQ(bin.status, 200);
  EXPECT_FALSE(holds(ids_of(bin), theirs));
  EXPECT_TRUE(holds(ids_of(as("rep2", "GET", "/api/v1/recycle-bin?object_type=contacts&limit=500")), theirs));
  // The admin (scope all) sees both.
  EXPECT_EQ(ids_of(get("/api/v1/contacts?filter[last_name][eq]=" + mark)).size(), 1u);  // theirs is deleted now
}

TEST_F(Access, TeamScopeReachesTeammatesOnly) {
  std::string mark = "Team" + random_suffix();
  std::string east = create_as("rep1", "contacts", contact(mark));
  std::string west = create_as("rep3", "contacts", contact(mark));
  // The East manager reads and changes East's records only (read and update: team); West's are as
  // absent to them as a missing record.
  EXPECT_EQ(as("manager", "GET", "/api/v1/contacts/" + east).status, 200);
  EXPECT_EQ(as("manager", "GET", "/api/v1/contacts/" + west).status, 404);
  json::value body = json::object{{"job_title", "Buyer"}};
  auto ok = as("manager", "PATCH", "/api/v1/contacts/" + east, &body);
  EXPECT_EQ(ok.status, 200) << ok.body;
  auto denied = as("manager", "PATCH", "/api/v1/contacts/" + west, &body);
  EXPECT_EQ(denied.status, 404) << denied.body;
  EXPECT_EQ(get("/api/v1/contacts/" + west).json().at("version").as_int64(), 1);
  EXPECT_EQ(as("manager", "DELETE", "/api/v1/contacts/" + west).status, 404);
  EXPECT_EQ(as("manager", "DELETE", "/api/v1/contacts/" + east).status, 204);
  // Team membership is read at each request: moving rep3 into East brings their records in scope.
  json::value move = json::object{{"team_ids", json::array{json::value(east_)}}};
  ASSERT_EQ(patch("/api/v1/users/" + m("rep3").id, move).status, 200);
  EXPECT_EQ(as("manager", "PATCH", "/api/v1/contacts/" + west, &body).status, 200);
  json::value back = json::object{{"team_ids", json::array{json::value(west_)}}};
  ASSERT_EQ(patch("/api/v1/users/" + m("rep3").id, back).status, 200);
}

TEST_F(Access, ReadOnlyUserChangesNothing) {
  std::string id = create("contacts", contact("Readonly" + random_suffix()));
  EXPECT_EQ(as("reader", "GET", "/api/v1/contacts/" + id).status, 200);
  json::value body = json::object{{"last_name", "Nope"}};
  auto created = as("reader", "POST", "/api/v1/contacts", &body);
  EXPECT_EQ(created.status, 403) << created.body;
  EXPECT_EQ(text(created.json(), "type").find("forbidden") != std::string::npos, true) << created.body;
  EXPECT_EQ(as("reader", "PATCH", "/api/v1/contacts/" + id, &body).status, 403);
  EXPECT_EQ(as("reader", "DELETE", "/api/v1/contacts/" + id).status, 403);
  EXPECT_EQ(get("/api/v1/contacts/" + id).json().at("version").as_int64(), 1);
  // Nor can they administer the workspace.
  json::value team = json::object{{"name", "Mine"}};
  EXPECT_EQ(as("reader", "POST", "/api/v1/teams", &team).status, 403);
  json::value role = json::object{{"role", "admin"}};
  EXPECT_EQ(as("reader", "PATCH", "/api/v1/users/" + m("reader").id, &role).status, 403);
  EXPECT_EQ(text(as("reader", "GET", "/api/v1/auth/me").json(), "role"), "read_only");
}

TEST_F(Access, HiddenAndReadOnlyFields) {
  std::string company = create("companies", json::object{{"name", "Revenue " + random_suffix()}, {"annual_revenue", 123456789}, {"currency", "EUR"}});
  // The support agent's role hides company revenue: absent from reads, refused in filters and sorts.
  auto got = as("support", "GET", "/api/v1/companies/" + company);
  ASSERT_EQ(got.status, 200);
  EXPECT_FALSE(got.json().as_object().contains("annual_revenue")) << got.body;
  EXPECT_EQ(got.body.find("123456789"), std::string::npos);
  auto list = as("support", "GET", "/api/v1/companies?limit=500");
  EXPECT_EQ(list.body.find("annual_revenue"), std::string::npos);
  EXPECT_EQ(as("support", "GET", "/api/v1/companies?filter[annual_revenue][gt]=1").status, 403);
  EXPECT_EQ(as("support", "GET", "/api/v1/companies?sort=-annual_revenue").status, 403);
  auto history = as("support", "GET", "/api/v1/companies/" + company + "/history");
  ASSERT_EQ(history.status, 200);
  EXPECT_EQ(history.body.find("123456789"), std::string::npos);

  // A custom role with a read-only field: writing it is a 403 that changes nothing.
  json::value role = json::object{
      {"name", "stage_keeper"},
      {"permissions", json::object{{"contacts", json::object{{"read", "all"}, {"create", "own"}, {"update", "all"}}}}},
      {"field_rules", json::object{{"contacts", json::object{{"lifecycle_stage", "read_only"}}}}}};
  auto made = post("/api/v1/roles", role);
  ASSERT_EQ(made.status, 201) << made.body;
  add_member("keeper", "stage_keeper", {});
  std::string id = create("contacts", json::object{{"last_name", "Stage"}, {"lifecycle_stage", "lead"}});
  json::value both = json::object{{"job_title", "CTO"}, {"lifecycle_stage", "customer"}};
  auto refused = as("keeper", "PATCH", "/api/v1/contacts/" + id, &both);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(error_fields(refused), std::vector<std::string>{"lifecycle_stage"});
  auto unchanged = get("/api/v1/contacts/" + id);
  EXPECT_EQ(text(unchanged.json(), "lifecycle_stage"), "lead");
  EXPECT_TRUE(unchanged.json().at("job_title").is_null());
  json::value title = json::object{{"job_title", "CTO"}};
  EXPECT_EQ(as("keeper", "PATCH", "/api/v1/contacts/" + id, &title).status, 200);
  // Objects the custom role does not name are out of reach.
  EXPECT_EQ(as("keeper", "GET", "/api/v1/companies").body.find("\"id\""), std::string::npos);
  EXPECT_EQ(as("keeper", "GET", "/api/v1/companies/" + company).status, 404);
}

TEST_F(Access, OwnerIsNeverTakenFromTheBodyWithoutTheRightToReassign) {
  json::value body = json::object{{"last_name", "Gift"}, {"owner_id", m("rep2").id}};
  auto r = as("rep1", "POST", "/api/v1/contacts", &body);
  EXPECT_EQ(r.status, 403) << r.body;
  std::string id = create_as("rep1", "contacts", contact("Kept"));
  json::value give = json::object{{"owner_id", m("rep2").id}};
  EXPECT_EQ(as("rep1", "PATCH", "/api/v1/contacts/" + id, &give).status, 403);
  EXPECT_EQ(text(as("rep1", "GET", "/api/v1/contacts/" + id).json(), "owner_id"), m("rep1").id);
  // A manager may reassign.
  std::string theirs = create_as("manager", "contacts", contact("Handed"));
  auto handed = as("manager", "PATCH", "/api/v1/contacts/" + theirs, &give);
  EXPECT_EQ(handed.status, 200) << handed.body;
  EXPECT_EQ(as("rep2", "GET", "/api/v1/contacts/" + theirs).status, 200);
  // System fields in a body never become the record's.
  json::value forged = json::object{{"last_name", "Forged"}, {"id", "0190a000-0000-7000-8000-000000000000"}, {"version", 99},
                                    {"created_at", "2001-01-01T00:00:00.000Z"}, {"workspace_id", "x"}};
  auto f = as("rep1", "POST", "/api/v1/contacts", &forged);
  EXPECT_EQ(f.status, 422) << f.body;
}

}  // namespace
}  // namespace rapport::testing
