// What listings and conflicts may reveal: the recycle bin names records only with fields the caller
// may see, and a uniqueness conflict names the existing record only when the caller may read it.
#include "access_fixture.hpp"

namespace rapport::testing {
namespace {

const json::object* bin_entry(const json::array& data, const std::string& id) {
  for (const auto& e : data)
    if (e.at("id") == json::value(id)) return &e.as_object();
  return nullptr;
}

TEST_F(Access, TheRecycleBinNamesRecordsWithVisibleFieldsOnly) {
  json::value role = json::object{
      {"name", "bin_viewer"},
      {"permissions", json::object{{"contacts", json::object{{"read", "all"}}}, {"companies", json::object{{"read", "all"}}}}},
      {"field_rules", json::object{{"contacts", json::object{{"last_name", "hidden"}, {"email", "hidden"}}},
                                   {"companies", json::object{{"name", "hidden"}}}}}};
  ASSERT_EQ(post("/api/v1/roles", role).status, 201);
  add_member("binner", "bin_viewer", {});
  const std::string suffix = random_suffix();
  std::string named = create("contacts", json::object{{"first_name", "Visible"}, {"last_name", "SecretSurname" + suffix}});
  std::string mailed = create("contacts", json::object{{"last_name", "OnlySecret" + suffix}, {"email", "secret-" + suffix + "@bin.test"}});
  std::string company = create("companies", json::object{{"name", "SecretCompany" + suffix}});
  for (const auto& path : {"/api/v1/contacts/" + named, "/api/v1/contacts/" + mailed, "/api/v1/companies/" + company})
    ASSERT_EQ(del(path).status, 204);

  auto r = as("binner", "GET", "/api/v1/recycle-bin?limit=500");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.find(suffix), std::string::npos) << "a hidden value is shown: " << r.body;
  auto data = data_of(r);
  auto* e1 = bin_entry(data, named);
  auto* e2 = bin_entry(data, mailed);
  auto* e3 = bin_entry(data, company);
  ASSERT_TRUE(e1 && e2 && e3) << r.body;
  EXPECT_EQ(e1->at("name"), "Visible");
  EXPECT_TRUE(e2->at("name").is_null()) << "every field naming it is hidden";
  EXPECT_TRUE(e3->at("name").is_null());

  auto admin = get("/api/v1/recycle-bin?limit=500");
  auto all = data_of(admin);
  ASSERT_TRUE(bin_entry(all, named) && bin_entry(all, mailed));
  EXPECT_EQ(bin_entry(all, named)->at("name"), json::value("Visible SecretSurname" + suffix));
  EXPECT_EQ(bin_entry(all, mailed)->at("name"), json::value("OnlySecret" + suffix));
}

TEST_F(Access, AConflictNamesTheExistingRecordOnlyWhenTheCallerMayReadIt) {
  const std::string email = "taken-" + random_suffix() + "@conflict.test";
  std::string theirs = create_as("rep1", "contacts", json::object{{"last_name", "First"}, {"email", email}});
  auto existing_id = [](const HttpResponse& r) -> json::value {
    auto j = r.json();
    if (!j.is_object() || !j.as_object().contains("errors")) return "no errors";
    const auto& e = j.at("errors").as_array().at(0).as_object();
    return e.contains("existing_id") ? e.at("existing_id") : json::value(nullptr);
  };
  json::value dup = json::object{{"last_name", "Second"}, {"email", email}};
  auto outside = as("rep2", "POST", "/api/v1/contacts", &dup);
  ASSERT_EQ(outside.status, 409) << outside.body;
  EXPECT_TRUE(existing_id(outside).is_null()) << "rep2 cannot read rep1's contact: " << outside.body;
  EXPECT_EQ(outside.body.find(theirs), std::string::npos);
  // Changing one's own contact to the taken value: the same.
  std::string own = create_as("rep2", "contacts", json::object{{"last_name", "Own"}});
  json::value take = json::object{{"email", email}};
  auto patched = as("rep2", "PATCH", "/api/v1/contacts/" + own, &take);
  ASSERT_EQ(patched.status, 409) << patched.body;
  EXPECT_EQ(patched.body.find(theirs), std::string::npos);
  // The owner and an admin are told which record holds it.
  auto inside = as("rep1", "POST", "/api/v1/contacts", &dup);
  ASSERT_EQ(inside.status, 409);
  EXPECT_EQ(existing_id(inside), json::value(theirs));
  EXPECT_EQ(existing_id(post("/api/v1/contacts", dup)), json::value(theirs));
}

}  // namespace
}  // namespace rapport::testing
