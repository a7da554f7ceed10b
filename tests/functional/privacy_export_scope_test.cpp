// GDPR export under the caller's role: the export grant and its scope decide which contacts, and every
// part of the document (contact, company, activities, audit entries) follows the read rules of GET
// (record scope and hidden fields).
#include "access_fixture.hpp"

namespace rapport::testing {
namespace {

class ExportScope : public Access {
 protected:
  static void SetUpTestSuite() {
    Access::SetUpTestSuite();
    // Exports its own contacts; reads its own companies and activities; some fields hidden.
    json::value role = json::object{
        {"name", "own_exporter"},
        {"permissions", json::object{{"contacts", json::object{{"read", "own"}, {"create", "own"}, {"export", "own"}}},
                                     {"companies", json::object{{"read", "own"}, {"create", "own"}}},
                                     {"activities", json::object{{"read", "own"}, {"create", "own"}}}}},
        {"field_rules", json::object{{"contacts", json::object{{"job_title", "hidden"}, {"custom.secret_note", "hidden"}}},
                                     {"companies", json::object{{"domain", "hidden"}}},
                                     {"activities", json::object{{"body", "hidden"}}}}}};
    auto r = client_->call("POST", "/api/v1/roles", token_, &role);
    ASSERT_EQ(r.status, 201) << r.body;
    json::value field = json::object{{"object_type", "contacts"}, {"name", "secret_note"}, {"type", "text"}};
    ASSERT_EQ(client_->call("POST", "/api/v1/custom-fields", token_, &field).status, 201);
    add_member("exp1", "own_exporter", {});
    add_member("exp2", "own_exporter", {});
  }
};

TEST_F(ExportScope, AColleaguesContactIsNotFound) {
  std::string mine = create_as("exp1", "contacts", json::object{{"last_name", "Mine"}});
  std::string theirs = create_as("exp2", "contacts", json::object{{"last_name", "Theirs"}});
  EXPECT_EQ(as("exp1", "GET", "/api/v1/contacts/" + mine + "/export").status, 200);
  auto r = as("exp1", "GET", "/api/v1/contacts/" + theirs + "/export");
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(r.body.find("Theirs"), std::string::npos);
  // A role without an export grant is refused outright; the manager exports their team's contacts.
  std::string reps = create_as("rep1", "contacts", json::object{{"last_name", "Rep's"}});
  EXPECT_EQ(as("rep1", "GET", "/api/v1/contacts/" + reps + "/export").status, 403);
  EXPECT_EQ(as("manager", "GET", "/api/v1/contacts/" + reps + "/export").status, 200);
  EXPECT_EQ(as("manager", "GET", "/api/v1/contacts/" + create_as("rep3", "contacts", json::object{{"last_name", "West"}}) + "/export").status, 404)
      << "a manager exports their teams' contacts only";
}

TEST_F(ExportScope, HiddenFieldsAndUnreadableRecordsAreLeftOut) {
  // exp1's contact at exp1's company, with an activity of exp1's and one of the admin's.
  std::string company = create_as("exp1", "companies", json::object{{"name", "Visible Co"}});
  json::value secret_domain = json::object{{"domain", "hidden-domain.example"}};
  auto set_domain = patch("/api/v1/companies/" + company, secret_domain);
  ASSERT_EQ(set_domain.status, 200) << set_domain.body;
  std::string id = create_as("exp1", "contacts", json::object{{"last_name", "Exported"}, {"company_id", company}});
  json::value secrets = json::object{{"job_title", "Hidden Title"}, {"custom", json::object{{"secret_note", "hidden note"}}}};
  ASSERT_EQ(patch("/api/v1/contacts/" + id, secrets).status, 200);
  std::string own_note = create_as("exp1", "activities",
                                   json::object{{"type", "note"}, {"subject", "My note"}, {"contact_ids", json::array{json::value(id)}}});
  json::value body = json::object{{"body", "hidden body"}};
  ASSERT_EQ(patch("/api/v1/activities/" + own_note, body).status, 200);
  std::string admins_note = create("activities", json::object{{"type", "note"}, {"subject", "Admin's private call notes"},
                                                               {"contact_ids", json::array{json::value(id)}}});

  auto r = as("exp1", "GET", "/api/v1/contacts/" + id + "/export");
  ASSERT_EQ(r.status, 200) << r.body;
  for (const char* secret : {"Hidden Title", "hidden note", "hidden-domain.example", "hidden body", "Admin's private"})
    EXPECT_EQ(r.body.find(secret), std::string::npos) << secret << " leaked: " << r.body;
  auto doc = r.json().as_object();
  // The contact as GET shows it to the same caller.
  EXPECT_EQ(doc.at("contact"), as("exp1", "GET", "/api/v1/contacts/" + id).json());
  EXPECT_FALSE(doc.at("contact").as_object().contains("job_title"));
  EXPECT_EQ(doc.at("company").at("name"), "Visible Co");
  EXPECT_FALSE(doc.at("company").as_object().contains("domain"));
  auto& acts = doc.at("activities").as_array();
  ASSERT_EQ(acts.size(), 1u) << r.body;
  EXPECT_EQ(acts[0].at("id"), json::value(own_note));
  EXPECT_FALSE(acts[0].as_object().contains("body"));
  for (const auto& e : doc.at("audit_log").as_array()) EXPECT_NE(e.at("object_id"), json::value(admins_note));

  // The admin sees everything in the same export.
  auto all = get("/api/v1/contacts/" + id + "/export");
  ASSERT_EQ(all.status, 200);
  for (const char* secret : {"Hidden Title", "hidden note", "hidden-domain.example", "hidden body", "Admin's private"})
    EXPECT_NE(all.body.find(secret), std::string::npos) << secret;

  // A company the caller may not read is not shown (only its id, in the contact).
  std::string other_company = create("companies", json::object{{"name", "Unreadable Co"}});
  json::value move = json::object{{"company_id", other_company}};
  ASSERT_EQ(patch("/api/v1/contacts/" + id, move).status, 200);
  auto again = as("exp1", "GET", "/api/v1/contacts/" + id + "/export");
  ASSERT_EQ(again.status, 200);
  EXPECT_TRUE(again.json().at("company").is_null()) << again.body;
  EXPECT_EQ(again.body.find("Unreadable Co"), std::string::npos);
}

}  // namespace
}  // namespace rapport::testing
