// Who sees and changes saved views: a private view is its owner's alone (404 to anyone else, API
// keys acting as their user); a shared one is read by every member whose role reads its object type
// and changed or deleted only by its owner or an admin (403 to other members); a role that reads
// none of an object has no views of it; a field the role hides cannot be filtered on; a deactivated
// owner's views stay.
#include "views_helpers.hpp"

namespace rapport::testing {
namespace {

class ViewsAccess : public Views {};

TEST_F(ViewsAccess, APrivateViewIsItsOwnersAlone) {
  const std::string x = random_suffix();
  auto v = saved("rep1", {{"name", "Private " + x}, {"filters", json::array{filter("last_name", "eq", "Secret" + x)}}});
  const std::string id = text(v, "id");
  EXPECT_TRUE(has(listed("rep1"), id));
  json::value change = json::object{{"name", "Taken over " + x}};
  // Another rep, a manager of the same team and the admin: no such view.
  for (const std::string who : {"rep2", "manager", "reader", "admin"}) {
    EXPECT_FALSE(has(listed(who), id)) << who;
    for (const auto& [method, body] : std::vector<std::pair<std::string, const json::value*>>{
             {"GET", nullptr}, {"PATCH", &change}, {"DELETE", nullptr}}) {
      auto r = call(who, method, "/api/v1/views/" + id, body);
      EXPECT_EQ(r.status, 404) << who << " " << method << ": " << r.body;
      EXPECT_EQ(r.body.find("Secret" + x), std::string::npos) << who << " " << method;
    }
  }
  EXPECT_EQ(as("rep1", "GET", "/api/v1/views/" + id).json(), v) << "nobody changed it";
  // The owner's API key acts as the owner.
  json::value key_body = json::object{{"name", "views " + x}};
  auto key = as("rep1", "POST", "/api/v1/api-keys", &key_body);
  ASSERT_EQ(key.status, 201) << key.body;
  const std::string api_key = text(key.json(), "key");
  EXPECT_EQ(http().call("GET", "/api/v1/views/" + id, api_key).status, 200);
  auto by_key = http().call("PATCH", "/api/v1/views/" + id, api_key, &change);
  EXPECT_EQ(by_key.status, 200) << by_key.body;
  json::value keyed = json::object{{"object_type", "contacts"}, {"name", "By key " + x}};
  auto created = http().call("POST", "/api/v1/views", api_key, &keyed);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(text(created.json(), "owner_id"), m("rep1").id);
  EXPECT_TRUE(has(listed("rep1"), text(created.json(), "id")));
  EXPECT_EQ(as("rep1", "DELETE", "/api/v1/views/" + id).status, 204);
}

TEST_F(ViewsAccess, ASharedViewIsReadByAllAndChangedByItsOwnerOrAnAdmin) {
  const std::string x = random_suffix();
  auto v = saved("rep1", {{"name", "Shared " + x}, {"visibility", "workspace"}});
  const std::string id = text(v, "id");
  json::value change = json::object{{"name", "Changed " + x}};
  for (const std::string who : {"rep2", "rep3", "manager", "support", "reader"}) {
    EXPECT_TRUE(has(listed(who), id)) << who;
    EXPECT_EQ(call(who, "GET", "/api/v1/views/" + id).status, 200) << who;
    auto patched = call(who, "PATCH", "/api/v1/views/" + id, &change);
    EXPECT_EQ(patched.status, 403) << who << ": " << patched.body;
    EXPECT_EQ(call(who, "DELETE", "/api/v1/views/" + id).status, 403) << who;
  }
  EXPECT_EQ(get("/api/v1/views/" + id).json(), v) << "a member who may not change it changed it";
  // The owner may; so may an admin, who may also make it private again (it stays its owner's).
  EXPECT_EQ(as("rep1", "PATCH", "/api/v1/views/" + id, &change).status, 200);
  json::value unshare = json::object{{"visibility", "private"}, {"name", "Admin's choice " + x}};
  auto by_admin = patch("/api/v1/views/" + id, unshare);
  ASSERT_EQ(by_admin.status, 200) << by_admin.body;
  EXPECT_EQ(text(by_admin.json(), "owner_id"), m("rep1").id);
  EXPECT_EQ(get("/api/v1/views/" + id).status, 404) << "private now: the admin no longer sees it";
  EXPECT_TRUE(has(listed("rep1"), id));
  EXPECT_FALSE(has(listed("rep2"), id));
  // An admin deletes a member's shared view.
  auto other = saved("rep2", {{"name", "To remove " + x}, {"visibility", "workspace"}});
  EXPECT_EQ(del("/api/v1/views/" + text(other, "id")).status, 204);
  EXPECT_FALSE(has(listed("rep2"), text(other, "id")));
  // The admin's shared view: reps read it and cannot change it.
  auto admins = saved("admin", {{"name", "Admin's " + x}, {"visibility", "workspace"}});
  EXPECT_EQ(as("rep1", "PATCH", "/api/v1/views/" + text(admins, "id"), &change).status, 403);
  EXPECT_EQ(as("rep1", "GET", "/api/v1/views/" + text(admins, "id")).status, 200);
}

TEST_F(ViewsAccess, ARoleThatReadsNoneOfAnObjectHasNoViewsOfIt) {
  const std::string x = random_suffix();
  // The support agent reads no leads.
  auto leads = saved("admin", {{"object_type", "leads"}, {"name", "Leads " + x}, {"visibility", "workspace"}});
  EXPECT_TRUE(has(listed("rep1", "leads"), text(leads, "id")));
  auto none = as("support", "GET", "/api/v1/views?object_type=leads");
  ASSERT_EQ(none.status, 200);
  EXPECT_TRUE(data_of(none).empty()) << none.body;
  EXPECT_EQ(as("support", "GET", "/api/v1/views/" + text(leads, "id")).status, 404);
  json::value mine = json::object{{"object_type", "leads"}, {"name", "Support leads " + x}};
  EXPECT_EQ(as("support", "POST", "/api/v1/views", &mine).status, 403);
  // A read-only user may keep views of what it reads.
  json::value reader = json::object{{"object_type", "deals"}, {"name", "Reader " + x}};
  EXPECT_EQ(as("reader", "POST", "/api/v1/views", &reader).status, 201);
}

TEST_F(ViewsAccess, AFieldTheRoleHidesCannotBeFilteredOrSortedOn) {
  const std::string x = random_suffix();
  // The support agent's role hides deal amounts: the list refuses to filter on them, and so do views.
  EXPECT_EQ(as("support", "GET", "/api/v1/deals?filter%5Bamount%5D%5Bgt%5D=1").status, 403);
  json::value body = json::object{{"object_type", "deals"}, {"name", "Big " + x}, {"filters", json::array{filter("amount", "gt", "1")}}};
  auto r = as("support", "POST", "/api/v1/views", &body);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(error_fields(r), std::vector<std::string>{"filters.0.field"});
  EXPECT_EQ(text(r.json().at("errors").as_array()[0], "code"), "forbidden");
  // The admin, who sees amounts, may save it.
  EXPECT_EQ(save("admin", body).status, 201);
}

TEST_F(ViewsAccess, ADeactivatedOwnersViewsStay) {
  const std::string x = random_suffix();
  add_member("leaver", "sales_rep", {json::value(east_)});
  auto own = saved("leaver", {{"name", "Leaver's " + x}});
  auto shared = saved("leaver", {{"name", "Leaver's shared " + x}, {"visibility", "workspace"}});
  json::value deactivate = json::object{{"active", false}};
  ASSERT_EQ(patch("/api/v1/users/" + m("leaver").id, deactivate).status, 200);
  // The shared view stays for everyone; an admin may change or delete it.
  EXPECT_TRUE(has(listed("rep1"), text(shared, "id")));
  json::value rename = json::object{{"name", "Kept " + x}};
  EXPECT_EQ(patch("/api/v1/views/" + text(shared, "id"), rename).status, 200);
  // The private view stays, unseen, and is back when the user is.
  EXPECT_EQ(get("/api/v1/views/" + text(own, "id")).status, 404);
  json::value activate = json::object{{"active", true}};
  ASSERT_EQ(patch("/api/v1/users/" + m("leaver").id, activate).status, 200);
  m("leaver").token = login(*m("leaver").client, m("leaver").email, "password-of-leaver-123");
  EXPECT_EQ(as("leaver", "GET", "/api/v1/views/" + text(own, "id")).json(), own);
}

}  // namespace
}  // namespace rapport::testing
