// Custom fields: definitions of every type and the invalid ones, values checked against their
// definition, required and unique custom fields, filtering and sorting on them, removing values and
// definitions, and list filters typed with unencoded brackets.
#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "validation_fixture.hpp"

namespace rapport::testing {
namespace json = boost::json;

// ---------------------------------------------------------------------------------------------
// Custom fields

TEST_F(Validation, CustomFieldDefinitionsOfEveryType) {
  const auto u = uniq();
  std::vector<std::string> ids;
  Cleanup cleanup{[&] { for (const auto& id : ids) drop(id); }};
  auto def = [&](json::object body) {
    body["object_type"] = "contacts";
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

  auto list = get("/api/v1/custom-fields?object_type=contacts");
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
    body["object_type"] = "contacts";
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
    auto r = post("/api/v1/custom-fields", json::object{{"object_type", "invoices"}, {"name", "x_" + u}, {"type", "text"}});
    expect_invalid(r, "object_type");
    // The record type is spelled object_type, as everywhere in the API; "object" is no field.
    auto old = post("/api/v1/custom-fields", json::object{{"object", "contacts"}, {"name", "x_" + u}, {"type", "text"}});
    expect_invalid(old, "object", "unknown");
    expect_invalid(old, "object_type", "required");
  }
  // Several problems in one definition: all listed.
  auto many = bad({{"name", "Bad Name"}, {"type", "colour"}, {"max_length", 0}}, "name");
  EXPECT_EQ(field_set(many), (std::set<std::string>{"name", "type", "max_length"})) << many.body;
  EXPECT_EQ(definition_count(), before);

  auto id = define({{"object_type", "contacts"}, {"name", "dup_" + u}, {"type", "text"}});
  Cleanup cleanup{[&] { drop(id); }};
  auto dup = post("/api/v1/custom-fields", json::object{{"object_type", "contacts"}, {"name", "dup_" + u}, {"type", "number"}});
  expect_problem(dup, 409);
  auto e = error_for(dup, "name");
  ASSERT_TRUE(e.has_value()) << dup.body;
  EXPECT_EQ(e->at("code"), "unique");
  EXPECT_EQ(e->at("existing_id"), id.c_str());
  EXPECT_EQ(definition_count(), before + 1);
  // The same name on another object is a different field.
  auto other = define({{"object_type", "companies"}, {"name", "dup_" + u}, {"type", "text"}});
  drop(other);
}

TEST_F(Validation, CustomFieldValues) {
  const auto u = uniq();
  std::vector<std::string> ids;
  Cleanup cleanup{[&] { for (const auto& id : ids) drop(id); }};
  auto def = [&](json::object body) {
    body["object_type"] = "contacts";
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
  auto id = define({{"object_type", "contacts"}, {"name", name}, {"type", "text"}, {"max_length", 5}});
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
  auto id = define({{"object_type", "contacts"}, {"name", name}, {"type", "text"}, {"required", true}});
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
  auto id = define({{"object_type", "contacts"}, {"name", name}, {"type", "text"}, {"unique", true}});
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
  auto rank_id = define({{"object_type", "contacts"}, {"name", rank}, {"type", "number"}});
  auto code_id = define({{"object_type", "contacts"}, {"name", code}, {"type", "text"}});
  auto tier_id = define({{"object_type", "contacts"}, {"name", tier}, {"type", "select"}, {"options", json::array{"gold", "silver"}}});
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
  auto ida = define({{"object_type", "contacts"}, {"name", a}, {"type", "text"}});
  auto idb = define({{"object_type", "contacts"}, {"name", b}, {"type", "number"}});
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
  auto ida = define({{"object_type", "contacts"}, {"name", a}, {"type", "text"}});
  auto idb = define({{"object_type", "contacts"}, {"name", b}, {"type", "text"}});
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
