// Validation of record writes: field rules (required, type, length, unknown and read-only fields),
// formats, ranges, uniqueness, cross-field and cross-record consistency, and custom fields. Every
// rejection is one RFC 9457 problem document that lists every failing field, and writes nothing.
#include <unistd.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <set>

#include "fixture.hpp"

namespace rapport::testing {
namespace json = boost::json;

namespace {

// Lower-case letters and digits only, so it also fits custom field names and domain labels.
std::string uniq() {
  static int n = 0;
  std::string out(1, 'p');
  out.append(std::to_string(getpid())).push_back('n');
  out.append(std::to_string(++n));
  return out;
}

std::string repeat(const std::string& s, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += s;
  return out;
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// A percent-encoded filter[field][op]=value query parameter.
std::string fq(const std::string& field, const std::string& op, const std::string& value) {
  std::string v;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      v.push_back(static_cast<char>(c));
    } else {
      static const char* hex = "0123456789ABCDEF";
      v.push_back('%');
      v.push_back(hex[c >> 4]);
      v.push_back(hex[c & 15]);
    }
  }
  return "filter%5B" + field + "%5D%5B" + op + "%5D=" + v;
}

// A well-formed UUID that names no record.
const char* kNoSuchId = "01900000-0000-7000-8000-000000000000";

// The first entry of `errors` for a field, or nullopt.
std::optional<json::object> error_for(const HttpResponse& r, const std::string& field) {
  auto j = r.json();
  if (!j.is_object() || !j.as_object().contains("errors") || !j.at("errors").is_array()) return std::nullopt;
  for (const auto& e : j.at("errors").as_array())
    if (e.is_object() && e.as_object().contains("field") && e.at("field") == field.c_str()) return e.as_object();
  return std::nullopt;
}

std::string code_of(const HttpResponse& r, const std::string& field) {
  auto e = error_for(r, field);
  if (!e || !e->contains("code") || !e->at("code").is_string()) return "";
  return std::string(e->at("code").as_string());
}

std::set<std::string> field_set(const HttpResponse& r) {
  auto v = error_fields(r);
  return {v.begin(), v.end()};
}

// Runs a function when it goes out of scope (to remove custom field definitions a test made, so
// that the tests stay independent when they share one server).
struct Cleanup {
  std::function<void()> f;
  ~Cleanup() {
    if (f) f();
  }
};

}  // namespace

class Validation : public ServerTest {
 protected:
  // Asserts the shape of an RFC 9457 problem document with the given status; for 409 and 422 also
  // that every entry of `errors` has field, code and message.
  void expect_problem(const HttpResponse& r, int status) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << r.body;
    auto j = r.json();
    ASSERT_TRUE(j.is_object()) << r.body;
    const auto& o = j.as_object();
    EXPECT_TRUE(o.contains("type") && o.at("type").is_string()) << r.body;
    EXPECT_TRUE(o.contains("title") && o.at("title").is_string()) << r.body;
    ASSERT_TRUE(o.contains("status")) << r.body;
    EXPECT_EQ(o.at("status"), status) << r.body;
    if (status == 422 || status == 409) {
      ASSERT_TRUE(o.contains("errors") && o.at("errors").is_array()) << r.body;
      EXPECT_FALSE(o.at("errors").as_array().empty()) << r.body;
      for (const auto& e : o.at("errors").as_array()) {
        ASSERT_TRUE(e.is_object()) << r.body;
        for (const char* k : {"field", "code", "message"}) {
          ASSERT_TRUE(e.as_object().contains(k)) << k << " missing in " << r.body;
          ASSERT_TRUE(e.at(k).is_string()) << r.body;
          EXPECT_FALSE(e.at(k).as_string().empty()) << k << " empty in " << r.body;
        }
      }
    }
  }

  // Expects a 422 with an error for `field` (and with `code` unless empty).
  void expect_invalid(const HttpResponse& r, const std::string& field, const std::string& code = "") {
    expect_problem(r, 422);
    auto e = error_for(r, field);
    EXPECT_TRUE(e.has_value()) << "no error for '" << field << "' in " << r.body;
    if (e && !code.empty()) {
      EXPECT_EQ(e->at("code"), code.c_str()) << r.body;
    }
  }

  int64_t count(const std::string& object, const std::string& filter = "") {
    auto r = get("/api/v1/" + object + "?count=true&limit=1" + (filter.empty() ? "" : "&" + filter));
    EXPECT_EQ(r.status, 200) << r.body;
    auto j = r.json();
    if (!j.is_object() || !j.as_object().contains("total")) return -1;
    return j.at("total").to_number<int64_t>();
  }

  json::object read(const std::string& object, const std::string& id) {
    auto r = get("/api/v1/" + object + "/" + id);
    EXPECT_EQ(r.status, 200) << r.body;
    auto j = r.json();
    return j.is_object() ? j.as_object() : json::object{};
  }

  // Posts a body that must be rejected with 422 for `field`, and checks that nothing was written.
  HttpResponse reject_create(const std::string& object, const json::value& body, const std::string& field,
                             const std::string& code = "") {
    int64_t before = count(object);
    auto r = post("/api/v1/" + object, body);
    expect_invalid(r, field, code);
    EXPECT_EQ(count(object), before) << "a rejected create wrote a record: " << json::serialize(body);
    return r;
  }

  // Patches with a body that must be rejected with `status`, and checks that the record did not change.
  HttpResponse reject_patch(const std::string& object, const std::string& id, const json::value& body, int status,
                            const std::string& field, const std::string& code = "") {
    auto before = read(object, id);
    auto r = patch("/api/v1/" + object + "/" + id, body);
    expect_problem(r, status);
    auto e = error_for(r, field);
    EXPECT_TRUE(e.has_value()) << "no error for '" << field << "' in " << r.body;
    if (e && !code.empty()) {
      EXPECT_EQ(e->at("code"), code.c_str()) << r.body;
    }
    EXPECT_EQ(read(object, id), before) << "a rejected PATCH changed the record: " << json::serialize(body);
    return r;
  }

  std::string contact(const std::string& last_name = "") {
    return create("contacts", json::object{{"first_name", "Val"}, {"last_name", last_name.empty() ? "Idation" + uniq() : last_name}});
  }

  // Defines a custom field and returns its id (fails the test otherwise).
  std::string define(const json::object& def) {
    auto r = post("/api/v1/custom-fields", def);
    EXPECT_EQ(r.status, 201) << json::serialize(def) << " -> " << r.body;
    auto j = r.json();
    return j.is_object() && j.as_object().contains("id") ? std::string(j.at("id").as_string()) : "";
  }
  void drop(const std::string& id) {
    if (!id.empty()) del("/api/v1/custom-fields/" + id);
  }
  int64_t definition_count() {
    auto r = get("/api/v1/custom-fields?object=contacts");
    EXPECT_EQ(r.status, 200) << r.body;
    auto j = r.json();
    return j.is_object() ? static_cast<int64_t>(j.at("data").as_array().size()) : -1;
  }
};

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

// ---------------------------------------------------------------------------------------------
// Custom fields

TEST_F(Validation, CustomFieldDefinitionsOfEveryType) {
  const auto u = uniq();
  std::vector<std::string> ids;
  Cleanup cleanup{[&] { for (const auto& id : ids) drop(id); }};
  auto def = [&](json::object body) {
    body["object"] = "contacts";
    auto r = post("/api/v1/custom-fields", body);
    EXPECT_EQ(r.status, 201) << json::serialize(body) << " -> " << r.body;
    auto j = r.json();
    if (r.status == 201) ids.emplace_back(j.at("id").as_string());
    return j.is_object() ? j.as_object() : json::object{};
  };
  auto text = def({{"name", "nick_" + u}, {"type", "text"}, {"max_length", 10}, {"pattern", "^[A-Z][a-z]+$"}, {"label", "Nickname"}});
  EXPECT_EQ(text.at("type"), "text");
  EXPECT_EQ(text.at("max_length"), 10);
  EXPECT_EQ(text.at("pattern"), "^[A-Z][a-z]+$");
  EXPECT_EQ(text.at("label"), "Nickname");
  auto number = def({{"name", "score_" + u}, {"type", "number"}, {"min", 0}, {"max", 100}});
  EXPECT_EQ(number.at("min").to_number<double>(), 0.0);
  EXPECT_EQ(number.at("max").to_number<double>(), 100.0);
  auto money = def({{"name", "budget_" + u}, {"type", "money"}, {"currency", "EUR"}});
  EXPECT_EQ(money.at("currency"), "EUR");
  def({{"name", "renewal_" + u}, {"type", "date"}});
  def({{"name", "vip_" + u}, {"type", "bool"}});
  auto select = def({{"name", "tier_" + u}, {"type", "select"}, {"options", json::array{"gold", "silver", "bronze"}}});
  EXPECT_EQ(select.at("options"), (json::array{"gold", "silver", "bronze"}));
  def({{"name", "tags_" + u}, {"type", "multi_select"}, {"options", json::array{"red", "green", "blue"}}});
  def({{"name", "alt_email_" + u}, {"type", "email"}});
  def({{"name", "mobile_" + u}, {"type", "phone"}});
  def({{"name", "homepage_" + u}, {"type", "url"}});
  ASSERT_EQ(ids.size(), 10u);

  auto list = get("/api/v1/custom-fields?object=contacts");
  ASSERT_EQ(list.status, 200);
  std::set<std::string> names;
  const auto lj = list.json();
  for (const auto& d : lj.at("data").as_array()) names.insert(std::string(d.at("name").as_string()));
  for (const char* n : {"nick_", "score_", "budget_", "renewal_", "vip_", "tier_", "tags_", "alt_email_", "mobile_", "homepage_"})
    EXPECT_TRUE(names.count(n + u)) << n << u;
}

TEST_F(Validation, InvalidCustomFieldDefinitions) {
  const auto u = uniq();
  int64_t before = definition_count();
  auto bad = [&](json::object body, const std::string& field) {
    body["object"] = "contacts";
    auto r = post("/api/v1/custom-fields", body);
    expect_invalid(r, field);
    return r;
  };
  bad({{"name", "Bad Name"}, {"type", "text"}}, "name");
  bad({{"name", "1st_" + u}, {"type", "text"}}, "name");
  bad({{"name", "colour_" + u}, {"type", "colour"}}, "type");
  bad({{"name", "tier_" + u}, {"type", "select"}}, "options");
  bad({{"name", "tier_" + u}, {"type", "select"}, {"options", json::array{}}}, "options");
  bad({{"name", "tags_" + u}, {"type", "multi_select"}}, "options");
  bad({{"name", "budget_" + u}, {"type", "money"}}, "currency");
  bad({{"name", "budget_" + u}, {"type", "money"}, {"currency", "ABC"}}, "currency");
  bad({{"name", "code_" + u}, {"type", "text"}, {"pattern", "([a-z"}}, "pattern");
  bad({{"name", "score_" + u}, {"type", "number"}, {"min", 10}, {"max", 1}}, "min");
  bad({{"name", "what_" + u}, {"type", "text"}, {"colour", "red"}}, "colour");
  bad({{"type", "text"}}, "name");
  {
    auto r = post("/api/v1/custom-fields", json::object{{"object", "deals"}, {"name", "x_" + u}, {"type", "text"}});
    expect_invalid(r, "object");
  }
  // Several problems in one definition: all listed.
  auto many = bad({{"name", "Bad Name"}, {"type", "colour"}, {"max_length", 0}}, "name");
  EXPECT_EQ(field_set(many), (std::set<std::string>{"name", "type", "max_length"})) << many.body;
  EXPECT_EQ(definition_count(), before);

  auto id = define({{"object", "contacts"}, {"name", "dup_" + u}, {"type", "text"}});
  Cleanup cleanup{[&] { drop(id); }};
  auto dup = post("/api/v1/custom-fields", json::object{{"object", "contacts"}, {"name", "dup_" + u}, {"type", "number"}});
  expect_problem(dup, 409);
  auto e = error_for(dup, "name");
  ASSERT_TRUE(e.has_value()) << dup.body;
  EXPECT_EQ(e->at("code"), "unique");
  EXPECT_EQ(e->at("existing_id"), id.c_str());
  EXPECT_EQ(definition_count(), before + 1);
  // The same name on another object is a different field.
  auto other = define({{"object", "companies"}, {"name", "dup_" + u}, {"type", "text"}});
  drop(other);
}

TEST_F(Validation, CustomFieldValues) {
  const auto u = uniq();
  std::vector<std::string> ids;
  Cleanup cleanup{[&] { for (const auto& id : ids) drop(id); }};
  auto def = [&](json::object body) {
    body["object"] = "contacts";
    ids.push_back(define(body));
  };
  const std::string nick = "nick_" + u, score = "score_" + u, budget = "budget_" + u, renewal = "renewal_" + u,
                    vip = "vip_" + u, tier = "tier_" + u, tags = "tags_" + u, alt = "alt_email_" + u,
                    mobile = "mobile_" + u, home = "homepage_" + u;
  def({{"name", nick}, {"type", "text"}, {"max_length", 10}, {"pattern", "^[A-Z][a-z]+$"}});
  def({{"name", score}, {"type", "number"}, {"min", 0}, {"max", 100}});
  def({{"name", budget}, {"type", "money"}, {"currency", "EUR"}});
  def({{"name", renewal}, {"type", "date"}});
  def({{"name", vip}, {"type", "bool"}});
  def({{"name", tier}, {"type", "select"}, {"options", json::array{"gold", "silver", "bronze"}}});
  def({{"name", tags}, {"type", "multi_select"}, {"options", json::array{"red", "green", "blue"}}});
  def({{"name", alt}, {"type", "email"}});
  def({{"name", mobile}, {"type", "phone"}});
  def({{"name", home}, {"type", "url"}});

  json::object good{{nick, "Anna"},          {score, 42.5},        {budget, 150000},        {renewal, "2026-06-30"},
                    {vip, true},             {tier, "gold"},       {tags, json::array{"red", "blue", "red"}},
                    {alt, "anna@example.org"}, {mobile, "+1 650-253-0000"}, {home, "https://example.org/anna"}};
  auto r = post("/api/v1/contacts", json::object{{"first_name", "Custom"}, {"custom", good}});
  ASSERT_EQ(r.status, 201) << r.body;
  std::string id(r.json().at("id").as_string());
  for (const auto& rec : {r.json().as_object(), read("contacts", id)}) {
    ASSERT_TRUE(rec.contains("custom") && rec.at("custom").is_object()) << json::serialize(rec);
    const auto& c = rec.at("custom").as_object();
    EXPECT_EQ(c.at(nick), "Anna");
    EXPECT_EQ(c.at(score).to_number<double>(), 42.5);
    EXPECT_EQ(c.at(budget), 150000);
    EXPECT_EQ(c.at(renewal), "2026-06-30");
    EXPECT_EQ(c.at(vip), true);
    EXPECT_EQ(c.at(tier), "gold");
    EXPECT_EQ(c.at(tags), (json::array{"red", "blue"}));
    EXPECT_EQ(c.at(alt), "anna@example.org");
    EXPECT_EQ(c.at(mobile), "+16502530000");
    EXPECT_EQ(c.at(home), "https://example.org/anna");
  }

  // Every invalid value is refused on its own, naming custom.<name>...
  std::vector<std::pair<std::string, json::value>> bad = {
      {nick, "anna"},          {nick, "Abcdefghijk"}, {nick, 5},          {score, 101},      {score, -1},
      {score, "42"},           {budget, 12.5},        {budget, "100"},    {renewal, "2026-02-30"},
      {vip, "yes"},            {tier, "platinum"},    {tier, json::array{"gold"}}, {tags, json::array{"purple"}},
      {tags, "red"},           {alt, "nope"},         {mobile, "12345"},  {home, "ftp://x"}};
  int64_t before = count("contacts");
  for (const auto& [name, value] : bad) {
    auto b = post("/api/v1/contacts", json::object{{"first_name", "Bad"}, {"custom", json::object{{name, value}}}});
    expect_invalid(b, "custom." + name);
  }
  // ... all of them at once in one document ...
  json::object all_bad{{nick, "anna"}, {score, 101}, {budget, 12.5}, {renewal, "2026-02-30"}, {vip, "yes"},
                       {tier, "platinum"}, {tags, json::array{"purple"}}, {alt, "nope"}, {mobile, "12345"}, {home, "ftp://x"}};
  auto all = post("/api/v1/contacts", json::object{{"first_name", "Bad"}, {"custom", all_bad}});
  expect_problem(all, 422);
  std::set<std::string> want;
  for (const auto& kv : all_bad) want.insert("custom." + std::string(kv.key()));
  EXPECT_EQ(field_set(all), want) << all.body;
  // ... and so are an unknown custom key and a custom value that is not an object.
  auto unknown = post("/api/v1/contacts", json::object{{"first_name", "Bad"}, {"custom", json::object{{"nope_" + u, 1}}}});
  expect_invalid(unknown, "custom.nope_" + u, "unknown");
  auto not_object = post("/api/v1/contacts", json::object{{"first_name", "Bad"}, {"custom", json::array{}}});
  expect_invalid(not_object, "custom", "type");
  EXPECT_EQ(count("contacts"), before);

  // A rejected PATCH of custom values changes nothing.
  reject_patch("contacts", id, json::object{{"custom", json::object{{score, 500}, {nick, "Bob"}}}}, 422, "custom." + score, "range");
}

// max_length of a custom text field counts characters like the built-in fields do.
TEST_F(Validation, CustomTextMaxLengthCountsCharacters) {
  const auto u = uniq();
  const std::string name = "short_" + u;
  auto id = define({{"object", "contacts"}, {"name", name}, {"type", "text"}, {"max_length", 5}});
  Cleanup cleanup{[&] { drop(id); }};
  const std::string e_acute = "\xc3\xa9";
  auto ok = post("/api/v1/contacts", json::object{{"first_name", "Chars"}, {"custom", json::object{{name, repeat(e_acute, 5)}}}});
  EXPECT_EQ(ok.status, 201) << "5 characters (10 bytes) within max_length 5: " << ok.body;
  auto too_long = post("/api/v1/contacts", json::object{{"first_name", "Chars"}, {"custom", json::object{{name, repeat(e_acute, 6)}}}});
  expect_invalid(too_long, "custom." + name, "length");
}

TEST_F(Validation, RequiredCustomFieldMustBeGivenOnCreate) {
  const auto u = uniq();
  const std::string name = "must_" + u;
  auto id = define({{"object", "contacts"}, {"name", name}, {"type", "text"}, {"required", true}});
  Cleanup cleanup{[&] { drop(id); }};
  int64_t before = count("contacts");
  auto missing = post("/api/v1/contacts", json::object{{"first_name", "NoCustom"}});
  expect_invalid(missing, "custom." + name, "required");
  auto empty = post("/api/v1/contacts", json::object{{"first_name", "NoCustom"}, {"custom", json::object{{name, ""}}}});
  expect_invalid(empty, "custom." + name, "required");
  EXPECT_EQ(count("contacts"), before);
  auto ok = post("/api/v1/contacts", json::object{{"first_name", "HasCustom"}, {"custom", json::object{{name, "here"}}}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  std::string cid(ok.json().at("id").as_string());
  // It cannot be cleared either.
  reject_patch("contacts", cid, json::object{{"custom", json::object{{name, nullptr}}}}, 422, "custom." + name, "required");
}

TEST_F(Validation, UniqueCustomFieldRefusesDuplicates) {
  const auto u = uniq();
  const std::string name = "badge_" + u;
  auto id = define({{"object", "contacts"}, {"name", name}, {"type", "text"}, {"unique", true}});
  Cleanup cleanup{[&] { drop(id); }};
  auto first = create("contacts", json::object{{"first_name", "One"}, {"custom", json::object{{name, "B-1"}}}});
  int64_t before = count("contacts");
  auto dup = post("/api/v1/contacts", json::object{{"first_name", "Two"}, {"custom", json::object{{name, "B-1"}}}});
  expect_problem(dup, 409);
  auto e = error_for(dup, "custom." + name);
  ASSERT_TRUE(e.has_value()) << dup.body;
  EXPECT_EQ(e->at("code"), "unique");
  EXPECT_EQ(e->at("existing_id"), first.c_str());
  EXPECT_EQ(count("contacts"), before);
  auto second = create("contacts", json::object{{"first_name", "Two"}, {"custom", json::object{{name, "B-2"}}}});
  reject_patch("contacts", second, json::object{{"custom", json::object{{name, "B-1"}}}}, 409, "custom." + name, "unique");
}

TEST_F(Validation, FilterAndSortOnCustomFields) {
  const auto u = uniq();
  const std::string rank = "rank_" + u, code = "code_" + u, tier = "tier_" + u;
  auto rank_id = define({{"object", "contacts"}, {"name", rank}, {"type", "number"}});
  auto code_id = define({{"object", "contacts"}, {"name", code}, {"type", "text"}});
  auto tier_id = define({{"object", "contacts"}, {"name", tier}, {"type", "select"}, {"options", json::array{"gold", "silver"}}});
  Cleanup cleanup{[&] {
    drop(rank_id);
    drop(code_id);
    drop(tier_id);
  }};
  const std::string family = "Family" + u;
  auto c30 = create("contacts", json::object{{"first_name", "Thirty"}, {"last_name", family},
                                             {"custom", json::object{{rank, 30}, {code, "alpha-x"}, {tier, "gold"}}}});
  auto c10 = create("contacts", json::object{{"first_name", "Ten"}, {"last_name", family},
                                             {"custom", json::object{{rank, 10}, {code, "beta-y"}, {tier, "silver"}}}});
  auto c20 = create("contacts", json::object{{"first_name", "Twenty"}, {"last_name", family},
                                             {"custom", json::object{{rank, 20}, {code, "gamma-x"}, {tier, "gold"}}}});
  const std::string base = "/api/v1/contacts?" + fq("last_name", "eq", family);
  auto ids_of = [&](const std::string& target) {
    auto r = get(target);
    EXPECT_EQ(r.status, 200) << target << " -> " << r.body;
    std::vector<std::string> out;
    if (r.status != 200) return out;
    const auto j = r.json();
    for (const auto& d : j.at("data").as_array()) out.emplace_back(d.at("id").as_string());
    return out;
  };
  auto as_set = [](std::vector<std::string> v) { return std::set<std::string>(v.begin(), v.end()); };

  EXPECT_EQ(ids_of(base + "&" + fq("custom." + rank, "eq", "20")), (std::vector<std::string>{c20}));
  EXPECT_EQ(as_set(ids_of(base + "&" + fq("custom." + rank, "gt", "15"))), (std::set<std::string>{c20, c30}));
  EXPECT_EQ(as_set(ids_of(base + "&" + fq("custom." + code, "contains", "-x"))), (std::set<std::string>{c20, c30}));
  EXPECT_EQ(as_set(ids_of(base + "&" + fq("custom." + tier, "eq", "gold"))), (std::set<std::string>{c20, c30}));
  EXPECT_EQ(ids_of(base + "&sort=custom." + rank), (std::vector<std::string>{c10, c20, c30}));
  EXPECT_EQ(ids_of(base + "&sort=-custom." + rank), (std::vector<std::string>{c30, c20, c10}));
  EXPECT_EQ(ids_of(base + "&sort=custom." + code), (std::vector<std::string>{c30, c10, c20}));
  // Paging through a custom sort keeps the order.
  auto page1 = get(base + "&sort=custom." + rank + "&limit=2");
  ASSERT_EQ(page1.status, 200) << page1.body;
  auto j1 = page1.json();
  ASSERT_EQ(j1.at("data").as_array().size(), 2u);
  ASSERT_TRUE(j1.at("next_cursor").is_string()) << page1.body;
  auto page2 = get(base + "&sort=custom." + rank + "&limit=2&cursor=" + std::string(j1.at("next_cursor").as_string()));
  ASSERT_EQ(page2.status, 200) << page2.body;
  ASSERT_EQ(page2.json().at("data").as_array().size(), 1u);
  EXPECT_EQ(page2.json().at("data").as_array()[0].at("id"), c30.c_str());
  // A select value that is not among the options matches nothing.
  EXPECT_TRUE(ids_of(base + "&" + fq("custom." + tier, "eq", "platinum")).empty());
  // A filter value that does not fit the type, and an unknown custom field, are bad requests.
  EXPECT_EQ(get(base + "&" + fq("custom." + rank, "gt", "many")).status, 400);
  EXPECT_EQ(get(base + "&" + fq("custom.nope_" + u, "eq", "1")).status, 400);
}

TEST_F(Validation, PatchingACustomValueWithNullRemovesIt) {
  const auto u = uniq();
  const std::string a = "keep_" + u, b = "drop_" + u;
  auto ida = define({{"object", "contacts"}, {"name", a}, {"type", "text"}});
  auto idb = define({{"object", "contacts"}, {"name", b}, {"type", "number"}});
  Cleanup cleanup{[&] {
    drop(ida);
    drop(idb);
  }};
  auto id = create("contacts", json::object{{"first_name", "Nulls"}, {"custom", json::object{{a, "stay"}, {b, 7}}}});
  auto p = patch("/api/v1/contacts/" + id, json::object{{"custom", json::object{{b, nullptr}}}});
  ASSERT_EQ(p.status, 200) << p.body;
  auto rec = read("contacts", id);
  const auto& custom = rec.at("custom").as_object();
  EXPECT_FALSE(custom.contains(b)) << json::serialize(rec);
  EXPECT_EQ(custom.at(a), "stay") << "a PATCH of one custom value must keep the others";
  EXPECT_EQ(rec.at("version"), 2);
}

TEST_F(Validation, DeletingADefinitionRemovesItsValues) {
  const auto u = uniq();
  const std::string a = "temp_" + u, b = "other_" + u;
  auto ida = define({{"object", "contacts"}, {"name", a}, {"type", "text"}});
  auto idb = define({{"object", "contacts"}, {"name", b}, {"type", "text"}});
  Cleanup cleanup{[&] { drop(idb); }};
  auto live = create("contacts", json::object{{"first_name", "Live"}, {"custom", json::object{{a, "x"}, {b, "y"}}}});
  auto binned = create("contacts", json::object{{"first_name", "Binned"}, {"custom", json::object{{a, "x"}}}});
  ASSERT_EQ(del("/api/v1/contacts/" + binned).status, 204);

  ASSERT_EQ(del("/api/v1/custom-fields/" + ida).status, 204);
  EXPECT_EQ(get("/api/v1/custom-fields/" + ida).status, 404);
  auto rec = read("contacts", live);
  EXPECT_FALSE(rec.at("custom").as_object().contains(a)) << json::serialize(rec);
  EXPECT_EQ(rec.at("custom").at(b), "y");
  // The record in the recycle bin loses it too: restoring does not bring it back.
  ASSERT_EQ(post("/api/v1/contacts/" + binned + "/restore", json::object{}).status, 200);
  EXPECT_FALSE(read("contacts", binned).at("custom").as_object().contains(a));
  // The name is no longer a custom field: filtering on it or writing it is refused.
  EXPECT_EQ(get("/api/v1/contacts?" + fq("custom." + a, "eq", "x")).status, 400);
  auto w = post("/api/v1/contacts", json::object{{"first_name", "Late"}, {"custom", json::object{{a, "x"}}}});
  expect_invalid(w, "custom." + a, "unknown");
}

// README documents the list filter as `filter[field][op]=value`; that is how people type it (curl -g,
// a browser's address bar), so the square brackets must not need percent-encoding.
TEST_F(Validation, FilterBracketsNeedNotBePercentEncoded) {
  const std::string name = "Bracket" + uniq();
  auto id = create("contacts", json::object{{"first_name", name}});
  auto r = get("/api/v1/contacts?filter[first_name][eq]=" + name);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json().at("data").as_array().size(), 1u) << r.body;
  EXPECT_EQ(r.json().at("data").as_array()[0].at("id"), id.c_str());
}

}  // namespace rapport::testing
