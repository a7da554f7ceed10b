// GDPR export: GET /api/v1/contacts/{id}/export returns everything held about one contact as a
// JSON download, and is itself audited.
#include <string>
#include <vector>

#include "privacy_helpers.hpp"

namespace rapport::testing {
namespace json = boost::json;

class PrivacyExport : public RecordsBase {};

TEST_F(PrivacyExport, HoldsTheRecordActivitiesConsentsHistoryAndCompany) {
  const std::string cf = "tier_" + lower_text(unique("x").substr(2, 6));
  ASSERT_EQ(post("/api/v1/custom-fields", json::object{{"object_type", "contacts"}, {"name", cf}, {"type", "text"}}).status, 201);
  const std::string co = company(json::object{{"name", unique("Acme")}, {"domain", unique("acme") + ".example"}});
  const std::string email = unique("export") + "@example.com";
  const std::string id = contact(json::object{{"first_name", "Ada"}, {"last_name", "Export"}, {"email", email},
                                              {"company_id", co}, {"custom", json::object{{cf, "gold"}}}});
  ASSERT_EQ(patch(url("contacts", id), json::object{{"city", "Lyon"}}).status, 200);
  const std::string n1 = note(json::object{{"contact_id", id}}, "first", "2026-01-01T10:00:00Z");
  const std::string n2 = note(json::object{{"contact_id", id}}, "second", "2026-02-01T10:00:00Z");
  const std::string unrelated = note(json::object{{"company_id", co}}, "company only");
  ASSERT_EQ(del(url("activities", n2)).status, 204);  // deleted but still held: exported
  ASSERT_EQ(post(url("contacts", id, "consents"),
                 json::object{{"channel", "phone"}, {"status", "withdrawn"}, {"source", "api"}}).status, 201);

  auto r = get(url("contacts", id, "export"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-disposition"), "attachment; filename=\"contact-" + id + ".json\"");
  EXPECT_EQ(r.header("content-type"), "application/json");
  auto doc = r.json().as_object();
  EXPECT_EQ(doc.at("format"), "rapport.contact-export");
  EXPECT_EQ(doc.at("format_version"), json::value(1));
  EXPECT_FALSE(doc.at("exported_at").as_string().empty());
  // The record as GET returns it, custom fields included.
  EXPECT_EQ(doc.at("contact"), json::value(read("contacts", id)));
  EXPECT_EQ(doc.at("contact").at("custom").at(cf), "gold");
  EXPECT_EQ(doc.at("company").at("id"), json::value(co));
  std::vector<std::string> activity_ids;
  for (const auto& a : doc.at("activities").as_array()) activity_ids.emplace_back(a.at("id").as_string());
  EXPECT_EQ(activity_ids, (std::vector<std::string>{n1, n2}));
  EXPECT_FALSE(doc.at("activities").as_array()[1].at("deleted_at").is_null());
  EXPECT_EQ(doc.at("consents").at("current").at("phone").at("status"), "withdrawn");
  EXPECT_TRUE(doc.at("consents").at("current").at("email_marketing").is_null());
  EXPECT_EQ(doc.at("consents").at("history").as_array().size(), 1u);
  // History of the contact (create, update, consent) and of its activities (creates, delete).
  std::vector<std::string> actions;
  for (const auto& e : doc.at("audit_log").as_array()) {
    actions.push_back(std::string(e.at("object_type").as_string()) + ":" + std::string(e.at("action").as_string()));
    EXPECT_NE(e.at("object_id"), json::value(unrelated));
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"contacts:create", "contacts:update", "activities:create", "activities:create",
                                               "activities:delete", "contacts:consent"}));

  // The export is audited, and a second export shows the first.
  auto again = get(url("contacts", id, "export")).json().as_object();
  auto& log = again.at("audit_log").as_array();
  EXPECT_EQ(log.back().at("action"), "export");
  EXPECT_EQ(log.back().at("actor_id"), json::value(me()));
  EXPECT_EQ(log.back().at("changes"), json::value(json::array{}));
}

TEST_F(PrivacyExport, ExportsAContactInTheRecycleBin) {
  const std::string id = contact(json::object{{"last_name", unique("Binned")}});
  ASSERT_EQ(del(url("contacts", id)).status, 204);
  auto r = get(url("contacts", id, "export"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(r.json().at("contact").at("deleted_at").is_null());
  EXPECT_TRUE(r.json().at("company").is_null());
}

TEST_F(PrivacyExport, RefusesWhatItMustNotAnswer) {
  const std::string id = contact(json::object{{"last_name", unique("Private")}});
  EXPECT_EQ(get(url("contacts", "01890000-0000-7000-8000-000000000000", "export")).status, 404);
  EXPECT_EQ(get(url("contacts", "nope", "export")).status, 404);
  auto bad = get(url("contacts", id, "export") + "?format=csv");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.header("content-type"), "application/problem+json");
  // A company id is not a contact.
  EXPECT_EQ(get(url("contacts", company(), "export")).status, 404);
  // Erased: 404.
  const std::string gone = contact(json::object{{"last_name", unique("Gone")}});
  ASSERT_EQ(post(url("contacts", gone, "erase"), json::object{}).status, 200);
  EXPECT_EQ(get(url("contacts", gone, "export")).status, 404);
  // A role without the export grant (support agent): 403, and nothing audited.
  auto member = member_token(http(), server().data_dir(), std::string(get("/api/v1/auth/me").json().at("workspace_id").as_string()),
                             "support_agent");
  auto forbidden = http().call("GET", url("contacts", id, "export"), member);
  EXPECT_EQ(forbidden.status, 403) << forbidden.body;
  auto events = get("/api/v1/audit-events?object_id=" + id + "&action=export");
  ASSERT_EQ(events.status, 200) << events.body;
  EXPECT_TRUE(events.json().at("data").as_array().empty()) << events.body;
}

TEST(PrivacyExportTenancy, AnotherWorkspacesContactIs404) {
  ServerProcess server;
  HttpClient a(server.port()), b(server.port());
  auto token_a = login(a, ServerProcess::admin_email(), ServerProcess::admin_password());
  auto ws = run_rapport({"workspace", "create", "--name", "B", "--admin-email", "b@x.test", "--data", server.data_dir()},
                        {{"RAPPORT_ADMIN_PASSWORD", "workspace-b-password"}});
  ASSERT_EQ(ws.exit_code, 0) << ws.output;
  auto token_b = login(b, "b@x.test", "workspace-b-password");
  json::value body = json::object{{"last_name", "OfA"}, {"email", "a-only@example.com"}};
  auto created = a.call("POST", "/api/v1/contacts", token_a, &body);
  ASSERT_EQ(created.status, 201);
  const std::string id(created.json().at("id").as_string());
  EXPECT_EQ(b.call("GET", "/api/v1/contacts/" + id + "/export", token_b).status, 404);
  EXPECT_EQ(b.call("POST", "/api/v1/contacts/" + id + "/erase", token_b).status, 404);
  EXPECT_EQ(b.call("GET", "/api/v1/contacts/" + id + "/consents", token_b).status, 404);
  json::value consent = json::object{{"channel", "sms"}, {"status", "granted"}, {"source", "api"}};
  EXPECT_EQ(b.call("POST", "/api/v1/contacts/" + id + "/consents", token_b, &consent).status, 404);
  auto b_events = b.call("GET", "/api/v1/audit-events?object_id=" + id, token_b);
  ASSERT_EQ(b_events.status, 200);
  EXPECT_TRUE(b_events.json().at("data").as_array().empty());
  // A's contact is untouched.
  auto still = a.call("GET", "/api/v1/contacts/" + id, token_a);
  EXPECT_EQ(still.status, 200);
  EXPECT_EQ(still.json().at("email"), "a-only@example.com");
}

}  // namespace rapport::testing
