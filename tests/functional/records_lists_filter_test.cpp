// Record lists, filters and counts: every operator on text, enum, date-time, integer and boolean
// fields, stored formats, refused filters, and the total of count=true.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "records_fixture.hpp"

namespace rapport::testing {
namespace json = boost::json;

// ---------------------------------------------------------------------------------------------
// Lists: filters and counts
// ---------------------------------------------------------------------------------------------

TEST_F(Lists, TextEnumAndNullFilters) {
  std::string m = unique("filt");
  std::string c1 = marked_contact(m, {{"first_name", "Ann"}, {"last_name", "Archer"}, {"lifecycle_stage", "lead"}, {"job_title", "50% off"}});
  std::string c2 = marked_contact(m, {{"first_name", "Bo"}, {"last_name", "Baker"}, {"lifecycle_stage", "customer"}, {"job_title", "500 off"}});
  std::string c3 = marked_contact(m, {{"first_name", "Cy"}, {"last_name", "Carter"}, {"lifecycle_stage", "lead"}, {"job_title", "a_b"}});
  std::string c4 = marked_contact(m, {{"first_name", "Di"}, {"last_name", "Dunn"}, {"lifecycle_stage", "opportunity"}, {"job_title", "axb"}});
  std::string c5 = marked_contact(m, {{"first_name", "Ed"}});  // no last name, no stage, no title

  auto find = [&](const std::string& field, const std::string& op, const std::string& value) {
    return id_set(list_ids("contacts", {{filter("lead_source", "eq"), m}, {filter(field, op), value}}));
  };
  using S = std::set<std::string>;
  EXPECT_EQ(find("last_name", "eq", "Baker"), (S{c2}));
  EXPECT_EQ(find("last_name", "ne", "Baker"), (S{c1, c3, c4, c5})) << "ne includes records without a value";
  EXPECT_EQ(find("last_name", "lt", "Carter"), (S{c1, c2}));
  EXPECT_EQ(find("last_name", "lte", "Carter"), (S{c1, c2, c3}));
  EXPECT_EQ(find("last_name", "gt", "Carter"), (S{c4}));
  EXPECT_EQ(find("last_name", "gte", "Carter"), (S{c3, c4}));
  EXPECT_EQ(find("last_name", "in", "Archer,Dunn,Nobody"), (S{c1, c4}));
  EXPECT_EQ(find("last_name", "contains", "rte"), (S{c3}));
  EXPECT_EQ(find("last_name", "starts_with", "Ba"), (S{c2}));
  EXPECT_EQ(find("last_name", "is_null", "true"), (S{c5}));
  EXPECT_EQ(find("last_name", "is_null", "false"), (S{c1, c2, c3, c4}));
  EXPECT_EQ(id_set(list_ids("contacts", {{filter("lead_source", "eq"), m}, {"filter[last_name]", "Dunn"}})), (S{c4}))
      << "filter[field] without an operator means eq";

  EXPECT_EQ(find("lifecycle_stage", "eq", "lead"), (S{c1, c3}));
  EXPECT_EQ(find("lifecycle_stage", "in", "customer,opportunity"), (S{c2, c4}));
  EXPECT_EQ(find("lifecycle_stage", "ne", "lead"), (S{c2, c4, c5}));
  EXPECT_EQ(find("lifecycle_stage", "is_null", "true"), (S{c5}));

  // contains and starts_with take % and _ literally.
  EXPECT_EQ(find("job_title", "contains", "50%"), (S{c1}));
  EXPECT_EQ(find("job_title", "contains", "a_b"), (S{c3}));
  EXPECT_EQ(find("job_title", "starts_with", "50"), (S{c1, c2}));
  EXPECT_EQ(find("job_title", "starts_with", "%"), (S{}));

  // Several filters combine with AND.
  EXPECT_EQ(id_set(list_ids("contacts", {{filter("lead_source", "eq"), m},
                                         {filter("lifecycle_stage", "eq"), "lead"},
                                         {filter("last_name", "gt"), "B"}})),
            (S{c3}));
}

TEST_F(Lists, FiltersNormaliseStoredFormats) {
  std::string city = unique("norm");
  std::string domain = unique("norm") + ".example.org";
  std::string upper_domain = domain;
  std::transform(upper_domain.begin(), upper_domain.end(), upper_domain.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  std::string co = company({{"city", city}, {"domain", upper_domain}, {"country", "de"}});
  std::string other = company({{"city", city}, {"country", "FR"}});
  EXPECT_EQ(str(read("companies", co), "domain"), domain) << "domains are stored lower case";
  EXPECT_EQ(str(read("companies", co), "country"), "DE") << "countries are stored upper case";
  EXPECT_EQ(list_ids("companies", {{filter("domain", "eq"), upper_domain}}), std::vector<std::string>{co});
  EXPECT_EQ(list_ids("companies", {{filter("city", "eq"), city}, {filter("country", "eq"), "de"}}), std::vector<std::string>{co});
  EXPECT_EQ(id_set(list_ids("companies", {{filter("city", "eq"), city}, {filter("country", "in"), "de,fr"}})),
            (std::set<std::string>{co, other}));
  // A reference filter finds the contacts of a company, whatever the case of the id.
  std::string member_id = contact({{"last_name", unique("Emp")}, {"company_id", co}});
  contact({{"last_name", unique("Emp")}, {"company_id", other}});
  std::string co_upper = co;
  std::transform(co_upper.begin(), co_upper.end(), co_upper.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  EXPECT_EQ(list_ids("contacts", {{filter("company_id", "eq"), co}}), std::vector<std::string>{member_id});
  EXPECT_EQ(list_ids("contacts", {{filter("company_id", "eq"), co_upper}}), std::vector<std::string>{member_id});
}

TEST_F(Lists, EmailEqualityIgnoresCase) {
  std::string local = unique("Mixed.Case");
  std::string email = local + "@Example.COM";
  std::string id = contact({{"email", email}});
  ASSERT_FALSE(id.empty());
  std::string lower = email, upper = email;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  EXPECT_EQ(list_ids("contacts", {{filter("email", "eq"), lower}}), std::vector<std::string>{id});
  EXPECT_EQ(list_ids("contacts", {{filter("email", "eq"), upper}}), std::vector<std::string>{id});
  EXPECT_EQ(list_ids("contacts", {{filter("email", "in"), upper + ",nobody@example.com"}}), std::vector<std::string>{id});
  // The same address in another case is taken.
  auto dup = post(url("contacts"), json::object{{"email", upper}});
  EXPECT_EQ(dup.status, 409) << dup.body;
}

TEST_F(Lists, DateTimeFilters) {
  std::string m = unique("when");
  std::string a = marked_contact(m);
  std::string b = marked_contact(m);
  pause_ms(5);
  std::string c = marked_contact(m);
  std::string d = marked_contact(m);
  std::string b_at = str(read("contacts", b), "created_at");
  std::string c_at = str(read("contacts", c), "created_at");
  ASSERT_LT(b_at, c_at);
  auto find = [&](const std::string& op, const std::string& value) {
    return id_set(list_ids("contacts", {{filter("lead_source", "eq"), m}, {filter("created_at", op), value}}));
  };
  using S = std::set<std::string>;
  EXPECT_EQ(find("gte", c_at), (S{c, d}));
  EXPECT_EQ(find("gt", b_at), (S{c, d}));
  EXPECT_EQ(find("lt", c_at), (S{a, b}));
  EXPECT_EQ(find("lte", b_at), (S{a, b}));
  EXPECT_EQ(find("eq", c_at), id_set(list_ids("contacts", {{filter("lead_source", "eq"), m}, {filter("created_at", "gte"), c_at}, {filter("created_at", "lte"), c_at}})));
  EXPECT_EQ(find("gt", "2000-01-01"), (S{a, b, c, d})) << "a date means its midnight";
  EXPECT_EQ(find("lt", "2000-01-01T00:00:00Z"), (S{}));
  EXPECT_EQ(find("gt", "2999-01-01T00:00:00+02:00"), (S{}));
  expect_problem(list("contacts", {{filter("created_at", "gt"), "yesterday"}}), 400, "created_at gt yesterday");
  expect_problem(list("contacts", {{filter("created_at", "contains"), "2020"}}), 400, "contains on a date-time");
}

TEST_F(Lists, IntegerFilters) {
  std::string city = unique("ints");
  std::string c5 = company({{"city", city}, {"employee_count", 5}});
  std::string c50 = company({{"city", city}, {"employee_count", 50}});
  std::string c500 = company({{"city", city}, {"employee_count", 500}});
  std::string cnull = company({{"city", city}});
  auto find = [&](const std::string& op, const std::string& value) {
    return id_set(list_ids("companies", {{filter("city", "eq"), city}, {filter("employee_count", op), value}}));
  };
  using S = std::set<std::string>;
  EXPECT_EQ(find("eq", "50"), (S{c50}));
  EXPECT_EQ(find("ne", "50"), (S{c5, c500, cnull}));
  EXPECT_EQ(find("lt", "50"), (S{c5}));
  EXPECT_EQ(find("lte", "50"), (S{c5, c50}));
  EXPECT_EQ(find("gt", "50"), (S{c500}));
  EXPECT_EQ(find("gte", "50"), (S{c50, c500}));
  EXPECT_EQ(find("gt", "6"), (S{c50, c500})) << "integers compare as numbers, not text";
  EXPECT_EQ(find("in", "5,500"), (S{c5, c500}));
  EXPECT_EQ(find("is_null", "true"), (S{cnull}));
  EXPECT_EQ(find("is_null", "false"), (S{c5, c50, c500}));
  expect_problem(list("companies", {{filter("employee_count", "gt"), "abc"}}), 400, "employee_count gt abc");
  expect_problem(list("companies", {{filter("employee_count", "eq"), "1.5"}}), 400, "employee_count eq 1.5");
  expect_problem(list("companies", {{filter("employee_count", "in"), "5,x"}}), 400, "employee_count in 5,x");
  expect_problem(list("companies", {{filter("employee_count", "contains"), "5"}}), 400, "contains on an integer");
  expect_problem(list("companies", {{filter("employee_count", "is_null"), "maybe"}}), 400, "is_null maybe");
}

TEST_F(Lists, BooleanFilters) {
  std::string cid = contact({{"last_name", unique("Tasks")}});
  std::string m = unique("bool");
  auto task = [&](const char* suffix, std::optional<bool> done) {
    json::object body{{"type", "task"}, {"subject", m + suffix}, {"contact_id", cid}};
    if (done) body["done"] = *done;
    return create("activities", body);
  };
  std::string t_done = task("-done", true);
  std::string t_open = task("-open", false);
  std::string t_default = task("-default", std::nullopt);
  std::string n = note({{"contact_id", cid}}, m + "-note");
  auto find = [&](const std::string& op, const std::string& value) {
    return id_set(list_ids("activities", {{filter("subject", "starts_with"), m}, {filter("done", op), value}}));
  };
  using S = std::set<std::string>;
  EXPECT_EQ(find("eq", "true"), (S{t_done}));
  EXPECT_EQ(find("eq", "false"), (S{t_open, t_default}));
  EXPECT_EQ(find("ne", "true"), (S{t_open, t_default, n}));
  EXPECT_EQ(find("is_null", "true"), (S{n}));
  EXPECT_EQ(find("in", "true,false"), (S{t_done, t_open, t_default}));
  expect_problem(list("activities", {{filter("done", "eq"), "yes"}}), 400, "done eq yes");
  expect_problem(list("activities", {{filter("done", "lt"), "true"}}), 400, "done lt true");
  expect_problem(list("activities", {{filter("done", "starts_with"), "t"}}), 400, "done starts_with t");
}

TEST_F(Lists, BadFiltersAreRefused) {
  expect_problem(list("contacts", {{filter("shoe_size", "eq"), "44"}}), 400, "unknown field");
  expect_problem(list("contacts", {{filter("custom.nothing", "eq"), "x"}}), 400, "unknown custom field");
  expect_problem(list("contacts", {{filter("last_name", "like"), "x"}}), 400, "unknown operator");
  expect_problem(list("contacts", {{filter("last_name", "EQ"), "x"}}), 400, "operator in upper case");
  for (const char* key : {"filter[x", "filter[]", "filter[last_name]x", "filter[last_name][", "filter[last_name][]",
                          "filter[last_name][eq", "filter[last_name]eq]"})
    expect_problem(list("contacts", {{key, "x"}}), 400, std::string("malformed key ") + key);
  expect_problem(list("contacts", {{filter("first_name", "is_null"), "yes"}}), 400, "is_null yes");
  Query many;
  for (int i = 0; i < 21; ++i) many.emplace_back(filter("last_name", "ne"), numbered("x", i));
  expect_problem(list("contacts", many), 400, "21 filters");
}

TEST_F(Lists, CountGivesTheTotal) {
  auto total_of = [&](const Query& q) -> int64_t {
    auto r = list("contacts", q);
    EXPECT_EQ(r.status, 200) << r.body;
    auto t = member(r.json(), "total");
    EXPECT_TRUE(t.is_int64()) << r.body;
    return t.is_int64() ? t.as_int64() : -1;
  };
  // Without count=true there is no total.
  EXPECT_FALSE(list("contacts", {}).json().as_object().contains("total"));
  EXPECT_FALSE(list("contacts", {{"count", "false"}}).json().as_object().contains("total"));

  std::string m = unique("count");
  int64_t before = total_of({{"count", "true"}});
  std::vector<std::string> made;
  for (int i = 0; i < 7; ++i) made.push_back(marked_contact(m));
  int64_t after = total_of({{"count", "true"}, {"limit", "1"}});
  EXPECT_EQ(after, before + 7);
  // The unfiltered total is the number of live records a full walk finds.
  auto walk = page_all(url("contacts"), {}, 500);
  EXPECT_EQ(static_cast<int64_t>(walk.records.size()), after);

  auto filtered = list("contacts", {{filter("lead_source", "eq"), m}, {"count", "true"}, {"limit", "2"}});
  ASSERT_EQ(filtered.status, 200);
  EXPECT_EQ(member(filtered.json(), "total"), json::value(7));
  EXPECT_EQ(page_data(filtered.json()).size(), 2u);
  // The total stays the same on later pages.
  auto page2 = list("contacts", {{filter("lead_source", "eq"), m}, {"count", "true"}, {"limit", "2"},
                                 {"cursor", next_cursor(filtered.json())}});
  EXPECT_EQ(member(page2.json(), "total"), json::value(7)) << page2.body;

  // Deletes and restores move both totals.
  ASSERT_EQ(del(url("contacts", made[0])).status, 204);
  ASSERT_EQ(del(url("contacts", made[1])).status, 204);
  EXPECT_EQ(total_of({{"count", "true"}}), before + 5);
  EXPECT_EQ(total_of({{filter("lead_source", "eq"), m}, {"count", "true"}}), 5);
  ASSERT_EQ(post(url("contacts", made[0], "restore"), json::object{}).status, 200);
  EXPECT_EQ(total_of({{"count", "true"}}), before + 6);
  EXPECT_EQ(total_of({{filter("lead_source", "eq"), m}, {"count", "true"}}), 6);
  EXPECT_EQ(total_of({{filter("lead_source", "eq"), m + "-none"}, {"count", "true"}}), 0);
  // An idempotent replay adds nothing.
  std::string key = unique("key");
  json::object body{{"last_name", "Replay"}, {"lead_source", m}};
  ASSERT_EQ(post(url("contacts"), body, {{"Idempotency-Key", key}}).status, 201);
  ASSERT_EQ(post(url("contacts"), body, {{"Idempotency-Key", key}}).status, 201);
  EXPECT_EQ(total_of({{"count", "true"}}), before + 7);
  EXPECT_EQ(total_of({{filter("lead_source", "eq"), m}, {"count", "true"}}), 7);
}

}  // namespace rapport::testing
