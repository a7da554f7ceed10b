// Workspace isolation of writes: the workspace's settings are the caller's own, writes cannot
// reference another workspace's records, and unique values, custom field names and Idempotency-Keys
// are per workspace. Tests run as
// workspace B (the fixture's second workspace) against workspace A, seeded with one of everything
// (tenancy_seed.cpp). The other concerns: tenancy_isolation_{routes,lists,mail,writes}_test.cpp.
#include <cctype>
#include <cstdint>
#include <string>
#include <vector>

#include "tenancy_fixture.hpp"
#include "tenancy_isolation_helpers.hpp"

namespace rapport::testing {
namespace json = boost::json;

namespace {

// /api/v1/workspace has no id: each caller reads and changes its own workspace only; a name taken by
// another workspace is a 409 that does not point at it.
TEST_F(Tenancy, WorkspaceSettingsAreTheCallersOwn) {
  ASSERT_NO_FATAL_FAILURE(seed_a());
  const SeedA& s = a_seed_;
  json::value paris = json::object{{"time_zone", "Europe/Paris"}};
  ASSERT_EQ(as_a("PATCH", "/api/v1/workspace", &paris).status, 200);
  const json::value a_before = as_a("GET", "/api/v1/workspace").json();
  EXPECT_EQ(text(a_before, "id"), s.workspace_id);

  auto b = as_b("GET", "/api/v1/workspace");
  ASSERT_EQ(b.status, 200) << b.body;
  EXPECT_EQ(text(b.json(), "id"), b_workspace_);
  EXPECT_EQ(text(b.json(), "name"), "B");
  EXPECT_EQ(text(b.json(), "time_zone"), "UTC") << "A's zone shows in B";
  expect_no_leak(b, "GET /api/v1/workspace as B", "/api/v1/workspace", s.secrets);

  json::value tokyo = json::object{{"time_zone", "Asia/Tokyo"}};
  auto changed = as_b("PATCH", "/api/v1/workspace", &tokyo);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(text(changed.json(), "id"), b_workspace_);
  std::string a_name(a_before.at("name").as_string());
  for (auto& ch : a_name) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  json::value takeover = json::object{{"name", a_name}};
  auto taken = as_b("PATCH", "/api/v1/workspace", &takeover);
  EXPECT_EQ(taken.status, 409) << taken.body;
  EXPECT_EQ(error_fields(taken), std::vector<std::string>{"name"}) << taken.body;
  expect_no_leak(taken, "B renaming itself as A", "/api/v1/workspace", a_ids());

  EXPECT_EQ(as_a("GET", "/api/v1/workspace").json(), a_before) << "B's changes reached A's workspace";
  EXPECT_EQ(text(as_b("GET", "/api/v1/workspace").json(), "name"), "B");
  EXPECT_EQ(text(as_b("GET", "/api/v1/workspace").json(), "time_zone"), "Asia/Tokyo");
  auto a_audit = as_a("GET", "/api/v1/audit-events?object_type=workspaces&limit=500");
  ASSERT_EQ(a_audit.status, 200) << a_audit.body;
  EXPECT_EQ(data_of(a_audit).size(), 1u) << "A's audit log holds B's change: " << a_audit.body;
  auto b_audit = as_b("GET", "/api/v1/audit-events?object_type=workspaces&limit=500");
  ASSERT_EQ(data_of(b_audit).size(), 1u) << b_audit.body;
  EXPECT_EQ(text(data_of(b_audit)[0], "object_id"), b_workspace_);
}


TEST_F(Tenancy, WritesCannotReferenceAnotherWorkspacesRecords) {
  ASSERT_NO_FATAL_FAILURE(seed_a());
  const SeedA& s = a_seed_;
  auto expect_not_found = [&](const HttpResponse& r, const std::string& what) {
    EXPECT_EQ(r.status, 422) << what << ": " << r.body;
    auto codes = error_codes(r);
    EXPECT_TRUE(contains(codes, "not_found")) << what << ": " << r.body;
  };
  json::value contact_body = json::object{{"last_name", "Bee"}, {"company_id", s.company}};
  expect_not_found(as_b("POST", "/api/v1/contacts", &contact_body), "contact of B with A's company_id");
  EXPECT_TRUE(contains(error_fields(as_b("POST", "/api/v1/contacts", &contact_body)), "company_id"));

  json::value act1 = json::object{{"type", "note"}, {"subject", "x"}, {"contact_id", s.contact}};
  expect_not_found(as_b("POST", "/api/v1/activities", &act1), "activity of B with A's contact_id");
  json::value act2 = json::object{{"type", "note"}, {"subject", "x"}, {"company_id", s.company}};
  expect_not_found(as_b("POST", "/api/v1/activities", &act2), "activity of B with A's company_id");

  std::string own_contact = create_b("/api/v1/contacts", json::object{{"last_name", "Beeson"}});
  std::string own_company = create_b("/api/v1/companies", json::object{{"name", "Bee Co"}});
  json::value act3 = json::object{{"type", "note"}, {"subject", "x"}, {"contact_ids", json::array{json::value(own_contact), json::value(s.contact)}}};
  expect_not_found(as_b("POST", "/api/v1/activities", &act3), "activity of B linked to its own and A's contact");

  json::value patch_company = json::object{{"company_id", s.company}};
  expect_not_found(as_b("PATCH", "/api/v1/contacts/" + own_contact, &patch_company), "B's contact moved to A's company");
  std::string own_activity =
      create_b("/api/v1/activities", json::object{{"type", "note"}, {"subject", "mine"}, {"company_id", own_company}});
  json::value patch_links = json::object{{"contact_id", s.contact}};
  expect_not_found(as_b("PATCH", "/api/v1/activities/" + own_activity, &patch_links), "B's activity linked to A's contact");

  // Nothing of that was written on either side.
  auto c = as_b("GET", "/api/v1/contacts/" + own_contact);
  EXPECT_EQ(integer(c.json(), "version"), 1) << c.body;
  EXPECT_TRUE(c.json().at("company_id").is_null()) << c.body;
  auto a = as_b("GET", "/api/v1/activities/" + own_activity);
  EXPECT_EQ(integer(a.json(), "version"), 1) << a.body;
  EXPECT_EQ(a.json().at("contact_ids"), json::array{}) << a.body;
  auto b_acts = as_b("GET", "/api/v1/activities?count=true");
  EXPECT_EQ(integer(b_acts.json(), "total"), 1) << b_acts.body;
  auto timeline = as_a("GET", "/api/v1/contacts/" + s.contact + "/timeline");
  ASSERT_EQ(timeline.status, 200);
  EXPECT_EQ(ids_of(timeline), (std::vector<std::string>{s.activity})) << timeline.body;
  auto company_timeline = as_a("GET", "/api/v1/companies/" + s.company + "/timeline");
  EXPECT_EQ(ids_of(company_timeline), (std::vector<std::string>{s.activity})) << company_timeline.body;
  auto a_contacts = as_a("GET", "/api/v1/contacts?filter%5Bcompany_id%5D%5Beq%5D=" + s.company);
  EXPECT_EQ(ids_of(a_contacts), (std::vector<std::string>{s.contact})) << a_contacts.body;
}

TEST_F(Tenancy, UniqueValuesNamesAndIdempotencyKeysArePerWorkspace) {
  ASSERT_NO_FATAL_FAILURE(seed_a());
  const SeedA& s = a_seed_;
  // The same email, domain and custom field name are free in another workspace, and a conflict
  // never points at a record of A's.
  json::value contact = json::object{{"last_name", "Twin"}, {"email", s.contact_email}};
  auto c = as_b("POST", "/api/v1/contacts", &contact);
  EXPECT_EQ(c.status, 201) << c.body;
  expect_no_leak(c, "B's contact with A's email", "/api/v1/contacts", a_ids());
  json::value company = json::object{{"name", "Twin Co"}, {"domain", s.company_domain}};
  auto co = as_b("POST", "/api/v1/companies", &company);
  EXPECT_EQ(co.status, 201) << co.body;
  expect_no_leak(co, "B's company with A's domain", "/api/v1/companies", a_ids());

  json::value cf = json::object{{"object_type", "contacts"}, {"name", s.custom_field_name}, {"type", "text"}};
  auto b_cf = as_b("POST", "/api/v1/custom-fields", &cf);
  ASSERT_EQ(b_cf.status, 201) << b_cf.body;
  EXPECT_NE(text(b_cf.json(), "id"), s.custom_field);
  expect_no_leak(b_cf, "B's custom field named like A's", "/api/v1/custom-fields", a_ids());
  // B uses the field, then deletes it with its values: A's values stay.
  std::string b_contact = create_b("/api/v1/contacts", json::object{{"last_name", "Valued"}, {"custom", json::object{{s.custom_field_name, "silver"}}}});
  auto del = as_b("DELETE", "/api/v1/custom-fields/" + text(b_cf.json(), "id"));
  EXPECT_EQ(del.status, 204) << del.body;
  auto mine = as_b("GET", "/api/v1/contacts/" + b_contact);
  EXPECT_TRUE(mine.json().at("custom").as_object().empty()) << mine.body;
  auto theirs = as_a("GET", "/api/v1/contacts/" + s.contact);
  EXPECT_EQ(text(theirs.json().at("custom"), s.custom_field_name), s.custom_value) << theirs.body;
  EXPECT_EQ(as_a("GET", "/api/v1/custom-fields/" + s.custom_field).status, 200);
  auto filtered = as_a("GET", "/api/v1/contacts?filter%5Bcustom." + s.custom_field_name + "%5D%5Beq%5D=" + s.custom_value);
  EXPECT_EQ(ids_of(filtered), (std::vector<std::string>{s.contact})) << filtered.body;

  // An Idempotency-Key used by A does not replay A's answer to B.
  const std::string key = "shared-key-" + random_suffix();
  json::value body = json::object{{"last_name", "Idem"}};
  auto first = as_a("POST", "/api/v1/contacts", &body, {{"Idempotency-Key", key}});
  ASSERT_EQ(first.status, 201) << first.body;
  auto other = as_b("POST", "/api/v1/contacts", &body, {{"Idempotency-Key", key}});
  EXPECT_EQ(other.status, 201) << other.body;
  EXPECT_TRUE(other.header("idempotent-replayed").empty()) << "B got A's replayed answer: " << other.body;
  EXPECT_NE(text(other.json(), "id"), text(first.json(), "id"));
  EXPECT_NE(text(other.json(), "created_by"), s.user_id);
  expect_no_leak(other, "B's POST with A's Idempotency-Key", "/api/v1/contacts", s.secrets);
  auto again = as_a("POST", "/api/v1/contacts", &body, {{"Idempotency-Key", key}});
  EXPECT_EQ(again.header("idempotent-replayed"), "true");
  EXPECT_EQ(text(again.json(), "id"), text(first.json(), "id"));
}

}  // namespace
}  // namespace rapport::testing
