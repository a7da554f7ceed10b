// Administering users, teams and roles: who may, what bad input answers, and what a change does at
// once (deactivation, role changes, API key roles).
#include "access_fixture.hpp"

namespace rapport::testing {
namespace {

std::string unique_email() {
  std::string e = "x";
  e += random_suffix();
  e += "@a.test";
  return e;
}

TEST_F(Access, UserInputIsValidated) {
  json::value bad = json::object{{"email", "not-an-email"}, {"password", "short"}, {"role", "no_such_role"}, {"colour", "red"}};
  auto r = post("/api/v1/users", bad);
  ASSERT_EQ(r.status, 422) << r.body;
  auto fields = error_fields(r);
  for (const char* f : {"email", "password", "colour"}) EXPECT_TRUE(std::find(fields.begin(), fields.end(), f) != fields.end()) << f;
  json::value unknown_role = json::object{{"email", unique_email()}, {"password", "long-enough-password"}, {"role", "no_such_role"}};
  EXPECT_EQ(error_fields(post("/api/v1/users", unknown_role)), std::vector<std::string>{"role"});
  json::value unknown_team = json::object{{"email", unique_email()}, {"password", "long-enough-password"},
                                          {"role", "sales_rep"}, {"team_ids", json::array{"0190a000-0000-7000-8000-000000000000"}}};
  EXPECT_EQ(error_fields(post("/api/v1/users", unknown_team)), std::vector<std::string>{"team_ids"});
  json::value dup = json::object{{"email", m("rep1").email}, {"password", "long-enough-password"}, {"role", "sales_rep"}};
  EXPECT_EQ(post("/api/v1/users", dup).status, 409);
  json::value role = json::object{{"name", "Bad Name"}, {"permissions", json::object{{"invoices", json::object{}}, {"contacts", json::object{{"read", "most"}}}}}};
  auto rr = post("/api/v1/roles", role);
  ASSERT_EQ(rr.status, 422) << rr.body;
  auto rf = error_fields(rr);
  EXPECT_TRUE(std::find(rf.begin(), rf.end(), "name") != rf.end());
  EXPECT_TRUE(std::find(rf.begin(), rf.end(), "permissions.invoices") != rf.end());
  EXPECT_TRUE(std::find(rf.begin(), rf.end(), "permissions.contacts.read") != rf.end());
  json::value builtin = json::object{{"name", "admin"}};
  EXPECT_EQ(post("/api/v1/roles", builtin).status, 422);
  json::value relabel = json::object{{"label", "Boss"}};
  EXPECT_EQ(patch("/api/v1/roles/sales_rep", relabel).status, 409);
  EXPECT_EQ(del("/api/v1/roles/admin").status, 409);
}

TEST_F(Access, ACustomRoleNobodyHoldsIsDeleted) {
  json::value role = json::object{{"name", "auditor"}, {"permissions", json::object{{"contacts", json::object{{"read", "all"}}}}}};
  ASSERT_EQ(post("/api/v1/roles", role).status, 201);
  ASSERT_EQ(get("/api/v1/roles/auditor").status, 200);
  EXPECT_EQ(del("/api/v1/roles/auditor").status, 204);
  EXPECT_EQ(get("/api/v1/roles/auditor").status, 404);
  EXPECT_EQ(del("/api/v1/roles/auditor").status, 404);
}

TEST_F(Access, RolesAreListedWithTheirGrants) {
  auto r = get("/api/v1/roles");
  ASSERT_EQ(r.status, 200);
  std::vector<std::string> names;
  for (const auto& v : data_of(r)) names.push_back(text(v, "name"));
  for (const char* n : {"admin", "sales_manager", "sales_rep", "marketing", "support_agent", "read_only"})
    EXPECT_TRUE(std::find(names.begin(), names.end(), n) != names.end()) << n;
  auto rep = get("/api/v1/roles/sales_rep");
  ASSERT_EQ(rep.status, 200);
  EXPECT_EQ(rep.json().at("permissions").at("contacts").at("read").as_string(), "own");
  EXPECT_EQ(get("/api/v1/roles/nobody").status, 404);
  auto me = as("rep1", "GET", "/api/v1/auth/me");
  EXPECT_EQ(me.json().at("grants").at("permissions").at("contacts").at("update").as_string(), "own");
}

TEST_F(Access, DeactivationEndsSessionsAtOnceAndKeepsRecords) {
  auto& leaver = add_member("leaver", "sales_rep", {});
  std::string id = create_as("leaver", "contacts", json::object{{"last_name", "Left behind"}});
  json::value off = json::object{{"active", false}};
  auto r = patch("/api/v1/users/" + leaver.id, off);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(as("leaver", "GET", "/api/v1/auth/me").status, 401);
  auto kept = get("/api/v1/contacts/" + id);
  EXPECT_EQ(kept.status, 200);
  EXPECT_EQ(text(kept.json(), "owner_id"), leaver.id);
  HttpClient again(server().port());
  json::value creds = json::object{{"email", leaver.email}, {"password", "password-of-leaver-123"}};
  EXPECT_EQ(again.call("POST", "/api/v1/auth/login", "", &creds).status, 401);
  // The change is an audit event: a "deactivate" entry on the user, by the admin, naming the field.
  auto admin_id = text(get("/api/v1/auth/me").json(), "user_id");
  auto events = get("/api/v1/audit-events?object_type=users&object_id=" + leaver.id + "&action=deactivate");
  ASSERT_EQ(events.status, 200) << events.body;
  auto entries = data_of(events);
  ASSERT_EQ(entries.size(), 1u) << events.body;
  EXPECT_EQ(text(entries[0], "actor_id"), admin_id);
  EXPECT_EQ(entries[0].at("changes"), json::parse(R"([{"field":"active","before":true,"after":false}])")) << events.body;
}

TEST_F(Access, TheLastAdminStays) {
  auto me = get("/api/v1/auth/me");
  std::string admin_id = text(me.json(), "user_id");
  json::value demote = json::object{{"role", "sales_rep"}};
  auto r = patch("/api/v1/users/" + admin_id, demote);
  EXPECT_EQ(r.status, 409) << r.body;
  json::value off = json::object{{"active", false}};
  EXPECT_EQ(patch("/api/v1/users/" + admin_id, off).status, 409);
  EXPECT_EQ(text(get("/api/v1/auth/me").json(), "role"), "admin");
}

TEST_F(Access, RoleChangesApplyOnTheNextRequest) {
  auto& temp = add_member("temp", "read_only", {});
  json::value body = json::object{{"last_name", "Promoted"}};
  EXPECT_EQ(as("temp", "POST", "/api/v1/contacts", &body).status, 403);
  json::value promote = json::object{{"role", "sales_rep"}};
  ASSERT_EQ(patch("/api/v1/users/" + temp.id, promote).status, 200);
  EXPECT_EQ(as("temp", "POST", "/api/v1/contacts", &body).status, 201);
  // A custom role's change reaches its holders too.
  json::value role = json::object{{"name", "scout"}, {"permissions", json::object{{"contacts", json::object{{"read", "all"}}}}}};
  ASSERT_EQ(post("/api/v1/roles", role).status, 201);
  json::value to_scout = json::object{{"role", "scout"}};
  ASSERT_EQ(patch("/api/v1/users/" + temp.id, to_scout).status, 200);
  EXPECT_EQ(as("temp", "POST", "/api/v1/contacts", &body).status, 403);
  json::value widen = json::object{{"permissions", json::object{{"contacts", json::object{{"read", "all"}, {"create", "own"}}}}}};
  ASSERT_EQ(patch("/api/v1/roles/scout", widen).status, 200);
  EXPECT_EQ(as("temp", "POST", "/api/v1/contacts", &body).status, 201);
  // A role held by a user cannot be deleted.
  EXPECT_EQ(del("/api/v1/roles/scout").status, 409);
}

TEST_F(Access, ApiKeysCarryARoleNoWiderThanTheirCreator) {
  json::value wide = json::object{{"name", "too wide"}, {"role", "admin"}};
  auto r = as("rep1", "POST", "/api/v1/api-keys", &wide);
  EXPECT_EQ(r.status, 403) << r.body;
  json::value narrow = json::object{{"name", "reporting"}, {"role", "read_only"}};
  auto k = post("/api/v1/api-keys", narrow);
  ASSERT_EQ(k.status, 201) << k.body;
  EXPECT_EQ(text(k.json(), "role"), "read_only");
  std::string key = text(k.json(), "key");
  HttpClient c(server().port());
  EXPECT_EQ(c.call("GET", "/api/v1/contacts", key).status, 200);
  json::value body = json::object{{"last_name", "By key"}};
  EXPECT_EQ(c.call("POST", "/api/v1/contacts", key, &body).status, 403);
  EXPECT_EQ(c.call("GET", "/api/v1/users", key).status, 200);
  json::value team = json::object{{"name", "Key team"}};
  EXPECT_EQ(c.call("POST", "/api/v1/teams", key, &team).status, 403);
  // A rep's key without a role acts as the rep (own scope).
  json::value plain = json::object{{"name", "rep key"}};
  auto rk = as("rep1", "POST", "/api/v1/api-keys", &plain);
  ASSERT_EQ(rk.status, 201);
  std::string theirs = create_as("rep2", "contacts", json::object{{"last_name", "Not via key"}});
  EXPECT_EQ(c.call("GET", "/api/v1/contacts/" + theirs, text(rk.json(), "key")).status, 404);
}

TEST_F(Access, TeamsAreManagedByAdmins) {
  json::value body = json::object{{"name", "North"}, {"member_ids", json::array{json::value(m("rep1").id)}}};
  auto r = post("/api/v1/teams", body);
  ASSERT_EQ(r.status, 201) << r.body;
  std::string id = text(r.json(), "id");
  EXPECT_EQ(post("/api/v1/teams", body).status, 409);
  json::value bad = json::object{{"member_ids", json::array{"0190a000-0000-7000-8000-000000000000"}}};
  EXPECT_EQ(patch("/api/v1/teams/" + id, bad).status, 422);
  json::value rename = json::object{{"name", "North-East"}, {"member_ids", json::array{json::value(m("rep1").id), json::value(m("rep2").id)}}};
  auto renamed = patch("/api/v1/teams/" + id, rename);
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(text(renamed.json(), "name"), "North-East");
  EXPECT_EQ(renamed.json().at("member_ids").as_array().size(), 2u);
  EXPECT_EQ(text(get("/api/v1/teams/" + id).json(), "name"), "North-East");
  auto user = get("/api/v1/users/" + m("rep1").id);
  auto teams = user.json().at("team_ids").as_array();
  EXPECT_TRUE(std::find(teams.begin(), teams.end(), json::value(id)) != teams.end());
  EXPECT_EQ(as("manager", "DELETE", "/api/v1/teams/" + id).status, 403);
  EXPECT_EQ(del("/api/v1/teams/" + id).status, 204);
  EXPECT_EQ(get("/api/v1/teams/" + id).status, 404);
}

}  // namespace
}  // namespace rapport::testing
