// Validation of single fields: required fields, lengths in characters, unknown and read-only fields,
// formats (email, URL, domain, country, currency, dates, phone numbers), ranges, and JSON types that
// are checked, never coerced.
#include <set>
#include <string>

#include "validation_fixture.hpp"

namespace rapport::testing {
namespace json = boost::json;

// ---------------------------------------------------------------------------------------------
// Field level: required, length, unknown and read-only fields

TEST_F(Validation, RequiredFields) {
  auto r = reject_create("companies", json::object{{"industry", "Software"}}, "name", "required");
  EXPECT_EQ(r.json().at("type"), "https://rapport.dev/problems/validation");
  reject_create("companies", json::object{{"name", ""}}, "name", "required");
  reject_create("companies", json::object{{"name", nullptr}}, "name", "required");

  // A contact needs at least one of first_name, last_name and email.
  int64_t before = count("contacts");
  auto c = post("/api/v1/contacts", json::object{{"job_title", "CTO"}});
  expect_problem(c, 422);
  auto fields = field_set(c);
  EXPECT_TRUE(fields.count("first_name") || fields.count("last_name") || fields.count("email")) << c.body;
  const auto cj = c.json();
  for (const auto& e : cj.at("errors").as_array()) EXPECT_EQ(e.at("code"), "required") << c.body;
  EXPECT_EQ(count("contacts"), before);
  // Any one of them is enough.
  create("contacts", json::object{{"first_name", "Only"}});
  create("contacts", json::object{{"email", "only." + uniq() + "@example.com"}});

  // Clearing a required field on update is refused and changes nothing.
  auto id = create("companies", json::object{{"name", "Required Ltd"}});
  reject_patch("companies", id, json::object{{"name", nullptr}}, 422, "name", "required");
  reject_patch("companies", id, json::object{{"name", ""}}, 422, "name", "required");
}

TEST_F(Validation, LengthCountsCharactersNotBytes) {
  reject_create("companies", json::object{{"name", std::string(256, 'a')}}, "name", "length");
  auto ok = post("/api/v1/companies", json::object{{"name", std::string(255, 'a')}});
  EXPECT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.json().at("name").as_string().size(), 255u);

  // 255 'é' are 255 characters (510 bytes): allowed. 256 are one too many.
  const std::string e_acute = "\xc3\xa9";
  auto wide = post("/api/v1/companies", json::object{{"name", repeat(e_acute, 255)}});
  EXPECT_EQ(wide.status, 201) << wide.body;
  if (wide.status == 201) {
    EXPECT_EQ(wide.json().at("name"), repeat(e_acute, 255).c_str());
  }
  reject_create("companies", json::object{{"name", repeat(e_acute, 256)}}, "name", "length");

  // The limit of a shorter field (contact first_name: 100) and on update.
  reject_create("contacts", json::object{{"first_name", std::string(101, 'x')}}, "first_name", "length");
  auto id = contact();
  reject_patch("contacts", id, json::object{{"first_name", std::string(101, 'x')}}, 422, "first_name", "length");
  auto p = patch("/api/v1/contacts/" + id, json::object{{"first_name", repeat(e_acute, 100)}});
  EXPECT_EQ(p.status, 200) << p.body;
}

TEST_F(Validation, UnknownAndReadOnlyFields) {
  reject_create("companies", json::object{{"name", "Unknown Fields"}, {"nickname", "UF"}}, "nickname", "unknown");

  // id, created_at and version are set by the server; workspace_id is not a field at all. One body
  // with all four: one 422 listing all four.
  int64_t before = count("companies");
  auto r = post("/api/v1/companies", json::object{{"name", "Read Only"},
                                                  {"id", kNoSuchId},
                                                  {"created_at", "2020-01-01T00:00:00Z"},
                                                  {"version", 7},
                                                  {"workspace_id", kNoSuchId}});
  expect_problem(r, 422);
  EXPECT_EQ(field_set(r), (std::set<std::string>{"id", "created_at", "version", "workspace_id"})) << r.body;
  EXPECT_EQ(code_of(r, "id"), "read_only");
  EXPECT_EQ(code_of(r, "created_at"), "read_only");
  EXPECT_EQ(code_of(r, "version"), "read_only");
  EXPECT_EQ(code_of(r, "workspace_id"), "unknown");
  EXPECT_EQ(count("companies"), before);

  auto id = create("companies", json::object{{"name", "Read Only Target"}});
  reject_patch("companies", id, json::object{{"id", kNoSuchId}}, 422, "id", "read_only");
  reject_patch("companies", id, json::object{{"version", 99}}, 422, "version", "read_only");
  reject_patch("companies", id, json::object{{"updated_at", "2020-01-01T00:00:00Z"}}, 422, "updated_at", "read_only");
  reject_patch("companies", id, json::object{{"deleted_at", "2020-01-01T00:00:00Z"}}, 422, "deleted_at", "read_only");
  reject_patch("companies", id, json::object{{"workspace_id", kNoSuchId}}, 422, "workspace_id", "unknown");
  reject_patch("companies", id, json::object{{"colour", "red"}}, 422, "colour", "unknown");
}

// ---------------------------------------------------------------------------------------------
// Formats

TEST_F(Validation, EmailUrlAndDomainFormats) {
  reject_create("contacts", json::object{{"first_name", "Bad"}, {"email", "not-an-email"}}, "email", "format");
  reject_create("contacts", json::object{{"first_name", "Bad"}, {"emails", json::array{"ok@example.com", "nope"}}}, "emails", "format");
  reject_create("contacts", json::object{{"first_name", "Bad"}, {"linkedin_url", "ftp://x"}}, "linkedin_url", "format");
  reject_create("companies", json::object{{"name", "Bad Web"}, {"website", "ftp://x"}}, "website", "format");
  reject_create("companies", json::object{{"name", "Bad Web"}, {"website", "not a url"}}, "website", "format");
  reject_create("companies", json::object{{"name", "Bad Domain"}, {"domain", "not a domain"}}, "domain", "format");

  auto u = uniq();
  auto ok = post("/api/v1/companies", json::object{{"name", "Good Formats"},
                                                   {"website", "https://www.good-" + u + ".com/about#team"},
                                                   {"domain", "good-" + u + ".com"}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  auto id = std::string(ok.json().at("id").as_string());
  reject_patch("companies", id, json::object{{"domain", "not a domain"}}, 422, "domain", "format");
  reject_patch("companies", id, json::object{{"website", "javascript:alert(1)"}}, 422, "website", "format");
}

TEST_F(Validation, CountryAndCurrencyCodes) {
  reject_create("contacts", json::object{{"first_name", "Bad"}, {"country", "XX"}}, "country", "format");
  reject_create("contacts", json::object{{"first_name", "Bad"}, {"country", "Germany"}}, "country");
  auto c = post("/api/v1/contacts", json::object{{"first_name", "Lower"}, {"country", "de"}});
  ASSERT_EQ(c.status, 201) << c.body;
  EXPECT_EQ(c.json().at("country"), "DE");
  EXPECT_EQ(read("contacts", std::string(c.json().at("id").as_string())).at("country"), "DE");

  reject_create("companies", json::object{{"name", "Bad Money"}, {"currency", "ABC"}}, "currency", "format");
  auto m = post("/api/v1/companies", json::object{{"name", "Lower Money"}, {"currency", "eur"}, {"annual_revenue", 100}});
  ASSERT_EQ(m.status, 201) << m.body;
  EXPECT_EQ(m.json().at("currency"), "EUR");
}

TEST_F(Validation, DateAndDateTimeFormats) {
  auto who = contact();
  int64_t before = count("activities");
  auto r = post("/api/v1/activities", json::object{{"type", "meeting"},
                                                   {"subject", "Bad month"},
                                                   {"starts_at", "2026-13-01T00:00:00Z"},
                                                   {"ends_at", "2026-01-01T01:00:00Z"},
                                                   {"contact_id", who}});
  expect_invalid(r, "starts_at", "format");
  EXPECT_EQ(count("activities"), before);

  reject_create("contacts", json::object{{"first_name", "Bad"}, {"birthday", "2026-02-30"}}, "birthday", "format");
  reject_create("contacts", json::object{{"first_name", "Bad"}, {"birthday", "30.01.1990"}}, "birthday", "format");
  auto leap = post("/api/v1/contacts", json::object{{"first_name", "Leap"}, {"birthday", "2024-02-29"}});
  EXPECT_EQ(leap.status, 201) << leap.body;

  // A valid date-time with an offset is stored normalised to UTC.
  auto ok = post("/api/v1/activities", json::object{{"type", "meeting"},
                                                    {"subject", "Offset"},
                                                    {"starts_at", "2026-03-01T10:00:00+01:00"},
                                                    {"ends_at", "2026-03-01T11:00:00+01:00"},
                                                    {"contact_id", who}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.json().at("starts_at"), "2026-03-01T09:00:00.000Z");
}

TEST_F(Validation, PhoneNumbersAreNormalisedToE164) {
  auto a = post("/api/v1/contacts", json::object{{"first_name", "Intl"}, {"phone", "+1 650-253-0000"}});
  ASSERT_EQ(a.status, 201) << a.body;
  EXPECT_EQ(a.json().at("phone"), "+16502530000");

  auto b = post("/api/v1/contacts", json::object{{"first_name", "National"}, {"phone", "030 1234567"}, {"country", "DE"}});
  ASSERT_EQ(b.status, 201) << b.body;
  EXPECT_EQ(b.json().at("phone"), "+49301234567");
  EXPECT_EQ(read("contacts", std::string(b.json().at("id").as_string())).at("phone"), "+49301234567");

  // Without a country a national number has no meaning.
  reject_create("contacts", json::object{{"first_name", "NoRegion"}, {"phone", "12345"}}, "phone", "format");
  reject_create("contacts", json::object{{"first_name", "NoRegion"}, {"phone", "030 1234567"}}, "phone", "format");

  // The list of further numbers is normalised too (and repeats collapse).
  auto l = post("/api/v1/contacts", json::object{{"first_name", "List"},
                                                 {"phones", json::array{"+1 (650) 253-0000", "+49 30 1234567", "+16502530000"}}});
  ASSERT_EQ(l.status, 201) << l.body;
  EXPECT_EQ(l.json().at("phones"), (json::array{"+16502530000", "+49301234567"})) << l.body;
  reject_create("contacts", json::object{{"first_name", "List"}, {"phones", json::array{"+16502530000", "12345"}}}, "phones", "format");

  // On update, a national number takes the record's stored country.
  auto id = std::string(b.json().at("id").as_string());
  auto p = patch("/api/v1/contacts/" + id, json::object{{"phone", "030 7654321"}});
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_EQ(p.json().at("phone"), "+49307654321");
}

// ---------------------------------------------------------------------------------------------
// Ranges

TEST_F(Validation, NumericRanges) {
  reject_create("companies", json::object{{"name", "Negative"}, {"employee_count", -1}}, "employee_count", "range");
  reject_create("companies", json::object{{"name", "Huge"}, {"employee_count", 10'000'001}}, "employee_count", "range");
  reject_create("companies", json::object{{"name", "Negative"}, {"annual_revenue", -100}, {"currency", "EUR"}},
                "annual_revenue", "range");
  auto ok = post("/api/v1/companies", json::object{{"name", "Zero"}, {"employee_count", 0}, {"annual_revenue", 0}, {"currency", "EUR"}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  auto id = std::string(ok.json().at("id").as_string());
  reject_patch("companies", id, json::object{{"employee_count", -5}}, 422, "employee_count", "range");
  reject_patch("companies", id, json::object{{"annual_revenue", -1}}, 422, "annual_revenue", "range");
}

// ---------------------------------------------------------------------------------------------
// Data types are checked, never coerced

TEST_F(Validation, DataTypesAreNotCoerced) {
  reject_create("companies", json::object{{"name", "Typed"}, {"employee_count", "12"}}, "employee_count", "type");
  reject_create("companies", json::object{{"name", "Typed"}, {"employee_count", 12.5}}, "employee_count", "type");
  reject_create("companies", json::object{{"name", 42}}, "name", "type");
  reject_create("companies", json::object{{"name", json::array{"a"}}}, "name", "type");
  reject_create("companies", json::object{{"name", json::object{{"a", 1}}}}, "name", "type");
  reject_create("contacts", json::object{{"first_name", "Typed"}, {"emails", "one@example.com"}}, "emails", "type");
  reject_create("contacts", json::object{{"first_name", true}}, "first_name", "type");

  auto who = contact();
  int64_t before = count("activities");
  auto t = post("/api/v1/activities", json::object{{"type", "task"}, {"subject", "Typed"}, {"done", "true"}, {"contact_id", who}});
  expect_invalid(t, "done", "type");
  auto n = post("/api/v1/activities", json::object{{"type", "task"}, {"subject", "Typed"}, {"done", 1}, {"contact_id", who}});
  expect_invalid(n, "done", "type");
  EXPECT_EQ(count("activities"), before);

  auto id = create("companies", json::object{{"name", "Typed Target"}, {"employee_count", 3}});
  reject_patch("companies", id, json::object{{"employee_count", "12"}}, 422, "employee_count", "type");
  reject_patch("companies", id, json::object{{"name", 7}}, 422, "name", "type");
}

}  // namespace rapport::testing
