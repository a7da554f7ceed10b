// Validation across fields and records: uniqueness of emails and domains, consistency between
// fields and with other records, and one problem document that lists every failing field.
#include <cctype>
#include <set>
#include <string>

#include "validation_fixture.hpp"
#include "platform/ascii.hpp"

namespace rapport::testing {
namespace json = boost::json;

namespace {

using ascii::upper;

}  // namespace

// ---------------------------------------------------------------------------------------------
// Uniqueness

TEST_F(Validation, ContactEmailIsUniqueAmongLiveContactsCaseInsensitively) {
  const std::string email = "Unique." + uniq() + "@Example.com";
  auto first = create("contacts", json::object{{"first_name", "First"}, {"email", email}});
  ASSERT_FALSE(first.empty());

  int64_t before = count("contacts");
  auto dup = post("/api/v1/contacts", json::object{{"first_name", "Second"}, {"email", upper(email)}});
  expect_problem(dup, 409);
  auto errors = dup.json().at("errors").as_array();
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0].at("field"), "email") << dup.body;
  EXPECT_EQ(errors[0].at("code"), "unique") << dup.body;
  ASSERT_TRUE(errors[0].as_object().contains("existing_id")) << dup.body;
  EXPECT_EQ(errors[0].at("existing_id"), first.c_str()) << dup.body;
  EXPECT_EQ(count("contacts"), before);

  // Only live contacts count: once the first is in the recycle bin, the address is free.
  ASSERT_EQ(del("/api/v1/contacts/" + first).status, 204);
  auto second = post("/api/v1/contacts", json::object{{"first_name", "Second"}, {"email", upper(email)}});
  ASSERT_EQ(second.status, 201) << second.body;
  std::string second_id(second.json().at("id").as_string());

  // Restoring the first would make two live contacts with one address.
  auto restore = post("/api/v1/contacts/" + first + "/restore", json::object{});
  expect_problem(restore, 409);
  auto e = error_for(restore, "email");
  ASSERT_TRUE(e.has_value()) << restore.body;
  EXPECT_EQ(e->at("code"), "unique");
  EXPECT_EQ(e->at("existing_id"), second_id.c_str());
  EXPECT_EQ(get("/api/v1/contacts/" + first).status, 404) << "the refused restore brought the record back";
  EXPECT_EQ(count("contacts", fq("email", "eq", email)), 1);
}

TEST_F(Validation, CompanyDomainIsUniqueAndStoredLowerCase) {
  const std::string domain = "Unique-" + uniq() + ".Example.COM";
  std::string lower = domain;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto first = post("/api/v1/companies", json::object{{"name", "First"}, {"domain", domain}});
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.json().at("domain"), lower.c_str());
  std::string first_id(first.json().at("id").as_string());

  int64_t before = count("companies");
  for (const auto& variant : {lower, upper(domain)}) {
    auto dup = post("/api/v1/companies", json::object{{"name", "Second"}, {"domain", variant}});
    expect_problem(dup, 409);
    auto errors = dup.json().at("errors").as_array();
    ASSERT_FALSE(errors.empty());
    EXPECT_EQ(errors[0].at("field"), "domain");
    EXPECT_EQ(errors[0].at("code"), "unique");
    EXPECT_EQ(errors[0].at("existing_id"), first_id.c_str()) << dup.body;
  }
  EXPECT_EQ(count("companies"), before);

  // Also on update.
  auto other = create("companies", json::object{{"name", "Other"}});
  reject_patch("companies", other, json::object{{"domain", upper(domain)}}, 409, "domain", "unique");
}

TEST_F(Validation, PatchToATakenEmailConflictsAndChangesNothing) {
  const std::string a_email = "taken." + uniq() + "@example.com";
  auto a = create("contacts", json::object{{"first_name", "A"}, {"email", a_email}});
  auto b = create("contacts", json::object{{"first_name", "B"}, {"email", "free." + uniq() + "@example.com"}});
  auto r = reject_patch("contacts", b, json::object{{"email", upper(a_email)}, {"first_name", "Changed"}}, 409, "email", "unique");
  if (auto e = error_for(r, "email")) {
    EXPECT_EQ(e->at("existing_id"), a.c_str());
  }
  // Writing the record's own address again is not a conflict.
  auto self = patch("/api/v1/contacts/" + a, json::object{{"email", upper(a_email)}});
  EXPECT_EQ(self.status, 200) << self.body;
}

// ---------------------------------------------------------------------------------------------
// Consistency across fields and records

TEST_F(Validation, MeetingMustEndAfterItStarts) {
  auto who = contact();
  int64_t before = count("activities");
  auto r = post("/api/v1/activities", json::object{{"type", "meeting"},
                                                   {"subject", "Backwards"},
                                                   {"starts_at", "2026-03-01T10:00:00Z"},
                                                   {"ends_at", "2026-03-01T09:00:00Z"},
                                                   {"contact_id", who}});
  expect_invalid(r, "ends_at");
  EXPECT_EQ(count("activities"), before);

  auto ok = post("/api/v1/activities", json::object{{"type", "meeting"},
                                                    {"subject", "Forwards"},
                                                    {"starts_at", "2026-03-01T10:00:00Z"},
                                                    {"ends_at", "2026-03-01T11:00:00Z"},
                                                    {"contact_id", who}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  std::string id(ok.json().at("id").as_string());
  reject_patch("activities", id, json::object{{"ends_at", "2026-03-01T08:00:00Z"}}, 422, "ends_at");
}

TEST_F(Validation, ContactCompanyMustBeALiveCompany) {
  reject_create("contacts", json::object{{"first_name", "Orphan"}, {"company_id", kNoSuchId}}, "company_id", "not_found");
  reject_create("contacts", json::object{{"first_name", "Orphan"}, {"company_id", "not-a-uuid"}}, "company_id");

  auto gone = create("companies", json::object{{"name", "Gone Inc"}});
  ASSERT_EQ(del("/api/v1/companies/" + gone).status, 204);
  reject_create("contacts", json::object{{"first_name", "Orphan"}, {"company_id", gone}}, "company_id", "not_found");

  auto live = create("companies", json::object{{"name", "Live Inc"}});
  auto c = post("/api/v1/contacts", json::object{{"first_name", "Employee"}, {"company_id", live}});
  ASSERT_EQ(c.status, 201) << c.body;
  std::string id(c.json().at("id").as_string());
  reject_patch("contacts", id, json::object{{"company_id", gone}}, 422, "company_id", "not_found");
  reject_patch("contacts", id, json::object{{"owner_id", kNoSuchId}}, 422, "owner_id", "not_found");
}

TEST_F(Validation, RevenueNeedsACurrency) {
  reject_create("companies", json::object{{"name", "No Currency"}, {"annual_revenue", 100000}}, "currency");
  auto ok = post("/api/v1/companies", json::object{{"name", "With Currency"}, {"annual_revenue", 100000}, {"currency", "USD"}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  std::string id(ok.json().at("id").as_string());
  reject_patch("companies", id, json::object{{"currency", nullptr}}, 422, "currency");
}

// ---------------------------------------------------------------------------------------------
// Several errors: one document lists them all

TEST_F(Validation, OneDocumentListsEveryFailingField) {
  int64_t before = count("contacts");
  auto r = post("/api/v1/contacts", json::object{{"first_name", "Many"},
                                                 {"email", "not-an-email"},
                                                 {"country", "XX"},
                                                 {"birthday", "2026-02-30"},
                                                 {"linkedin_url", "ftp://x"}});
  expect_problem(r, 422);
  EXPECT_EQ(r.json().at("errors").as_array().size(), 4u) << r.body;
  EXPECT_EQ(field_set(r), (std::set<std::string>{"email", "country", "birthday", "linkedin_url"})) << r.body;
  EXPECT_EQ(count("contacts"), before);

  // Different kinds at once on a company: length, format, range, type.
  auto c = post("/api/v1/companies", json::object{{"name", std::string(300, 'n')},
                                                  {"domain", "not a domain"},
                                                  {"employee_count", -1},
                                                  {"annual_revenue", "lots"},
                                                  {"currency", "EUR"}});
  expect_problem(c, 422);
  EXPECT_EQ(field_set(c), (std::set<std::string>{"name", "domain", "employee_count", "annual_revenue"})) << c.body;
  EXPECT_EQ(code_of(c, "name"), "length");
  EXPECT_EQ(code_of(c, "domain"), "format");
  EXPECT_EQ(code_of(c, "employee_count"), "range");
  EXPECT_EQ(code_of(c, "annual_revenue"), "type");

  // The same on update, and nothing changes.
  auto id = contact();
  auto before_rec = read("contacts", id);
  auto p = patch("/api/v1/contacts/" + id, json::object{{"email", "nope"}, {"country", "XX"}, {"birthday", "2026-02-30"}, {"nickname", "x"}});
  expect_problem(p, 422);
  EXPECT_EQ(field_set(p), (std::set<std::string>{"email", "country", "birthday", "nickname"})) << p.body;
  EXPECT_EQ(read("contacts", id), before_rec);
}

// A field-level error must not hide the record-level ones (required fields, references, cross-field
// rules): the caller should learn everything that is wrong with the body in one round trip.
TEST_F(Validation, FieldErrorsDoNotHideRecordErrors) {
  int64_t before = count("companies");
  // No name (required), a bad domain (format), revenue without currency (consistency).
  auto r = post("/api/v1/companies", json::object{{"domain", "not a domain"}, {"annual_revenue", 5}});
  expect_problem(r, 422);
  EXPECT_EQ(field_set(r), (std::set<std::string>{"name", "domain", "currency"})) << r.body;
  EXPECT_EQ(count("companies"), before);

  // A bad email (format) and a company that does not exist (reference).
  auto c = post("/api/v1/contacts", json::object{{"first_name", "Both"}, {"email", "not-an-email"}, {"company_id", kNoSuchId}});
  expect_problem(c, 422);
  EXPECT_EQ(field_set(c), (std::set<std::string>{"email", "company_id"})) << c.body;
}

}  // namespace rapport::testing
