// A view's body and its filters, sort and columns: the body's shape (view_input) and the list's own
// checks against an object (view_check), each failing part named by its JSON path.
#include <gtest/gtest.h>

#include "modules/views/view_check.hpp"
#include "platform/records/spec_test_support.hpp"

namespace rapport::views {
namespace {
namespace json = boost::json;

std::vector<std::string> fields_of(const Problem& p) {
  std::vector<std::string> out;
  for (const auto& e : p.errors) out.push_back(e.field);
  return out;
}

std::vector<std::string> fields_of(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field);
  return out;
}

ViewChange read_ok(const json::value& body, bool creating = true) {
  auto c = read_view_body(body.as_object(), creating);
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : json::serialize(c.problem().to_json()));
  return c.ok() ? *c : ViewChange{};
}

records::CustomFieldDef tier() {
  records::CustomFieldDef d;
  d.object = "people";
  d.name = "tier";
  d.type = "number";
  return d;
}

TEST(ViewBody, ACompleteBodyIsRead) {
  auto c = read_ok(json::object{{"object_type", "contacts"},
                                {"name", "Hot — München"},
                                {"visibility", "workspace"},
                                {"filters", json::array{json::object{{"field", "last_name"}, {"op", "eq"}, {"value", ""}}}},
                                {"sort", "-created_at"},
                                {"columns", json::array{"last_name", "email"}},
                                {"position", 1000000}});
  EXPECT_EQ(*c.object_type, "contacts");
  EXPECT_EQ(*c.visibility, "workspace");
  ASSERT_EQ(c.filters->size(), 1u);
  EXPECT_EQ((*c.filters)[0].op, "eq");
  EXPECT_EQ(**c.sort, "-created_at");
  EXPECT_EQ(c.columns->size(), 2u);
  EXPECT_EQ(*c.position, 1000000);
  // null sort: given, and the list's default.
  auto cleared = read_ok(json::object{{"sort", nullptr}}, false);
  ASSERT_TRUE(cleared.sort.has_value());
  EXPECT_FALSE(cleared.sort->has_value());
  EXPECT_FALSE(read_ok(json::object{{"name", "x"}}, false).sort.has_value());
}

TEST(ViewBody, EveryBadPartIsNamed) {
  json::array many_filters, many_columns;
  for (int i = 0; i < 21; ++i) many_filters.push_back(json::object{{"field", "city"}, {"op", "eq"}, {"value", "x"}});
  for (int i = 0; i < 51; ++i) many_columns.push_back(json::value(std::string(1, 'c').append(std::to_string(i))));
  struct Case {
    json::object body;
    bool creating;
    std::vector<std::string> fields;
  };
  const std::vector<Case> cases = {
      {{}, true, {"object_type", "name"}},
      {{{"object_type", "planets"}, {"name", "x"}}, true, {"object_type"}},
      {{{"object_type", "contacts"}}, false, {"object_type"}},  // cannot change
      {{{"name", ""}}, false, {"name"}},
      {{{"name", "  \t "}}, false, {"name"}},
      {{{"name", std::string(101, 'x')}}, false, {"name"}},
      {{{"name", 7}}, false, {"name"}},
      {{{"visibility", "team"}}, false, {"visibility"}},
      {{{"filters", many_filters}}, false, {"filters"}},
      {{{"filters", json::array{json::object{{"field", "city"}, {"op", "eq"}}, 3,
                                json::object{{"field", ""}, {"op", "eq"}, {"value", 1}, {"extra", true}}}}},
       false, {"filters.0.value", "filters.1", "filters.2.extra", "filters.2.field", "filters.2.value"}},
      {{{"filters", json::array{json::object{{"field", "city"}, {"op", "eq"}, {"value", std::string(4001, 'x')}}}}}, false, {"filters.0.value"}},
      {{{"sort", ""}}, false, {"sort"}},
      {{{"columns", many_columns}}, false, {"columns"}},
      {{{"columns", json::array{"city", "city", 1}}}, false, {"columns.1", "columns.2"}},
      {{{"position", -1}}, false, {"position"}},
      {{{"position", 1000001}}, false, {"position"}},
      {{{"position", 1.5}}, false, {"position"}},
      {{{"owner_id", "x"}, {"version", 2}}, false, {"owner_id", "version"}},
  };
  for (const auto& c : cases) {
    auto r = read_view_body(c.body, c.creating);
    ASSERT_FALSE(r.ok()) << json::serialize(c.body);
    EXPECT_EQ(r.problem().status, 422);
    EXPECT_EQ(fields_of(r.problem()), c.fields) << json::serialize(c.body);
  }
  // Exactly at the bounds is fine.
  many_filters.pop_back();
  many_columns.pop_back();
  read_ok(json::object{{"name", std::string(100, 'x')}, {"filters", many_filters}, {"columns", many_columns}, {"position", 0}}, false);
  read_ok(json::object{{"name", std::string("ü").append(99, 'x')}}, false);  // characters, not bytes
}

TEST(ViewCheck, FiltersAndSortAreRefusedAsTheListRefusesThem) {
  access::Context ctx;  // every right
  const auto& spec = records::test::person_spec();
  auto change = read_ok(json::object{
      {"filters", json::array{json::object{{"field", "nope"}, {"op", "eq"}, {"value", "x"}},
                              json::object{{"field", "city"}, {"op", "between"}, {"value", "x"}},
                              json::object{{"field", "created_at"}, {"op", "gt"}, {"value", "soon"}},
                              json::object{{"field", "city"}, {"op", "contains"}, {"value", "Par"}},
                              json::object{{"field", "custom.tier"}, {"op", "gte"}, {"value", "2"}},
                              json::object{{"field", "custom.tier"}, {"op", "gte"}, {"value", "two"}},
                              json::object{{"field", "emails"}, {"op", "gt"}, {"value", "a@example.com"}}}},
      {"sort", "-city"}},
      false);
  auto errors = check_against_object(spec, {tier()}, ctx, change);
  EXPECT_EQ(fields_of(errors), (std::vector<std::string>{"filters.0", "filters.1", "filters.2", "filters.5", "filters.6", "sort"}));
  EXPECT_EQ(errors[0].message, "Cannot filter on unknown field 'nope'");  // the list's own words
  // Without the custom field's definition, custom.tier is unknown to the list, and so here.
  auto custom = read_ok(json::object{{"filters", json::array{json::object{{"field", "custom.tier"}, {"op", "eq"}, {"value", "1"}}}},
                                     {"sort", "custom.tier"}},
                        false);
  EXPECT_EQ(fields_of(check_against_object(spec, {}, ctx, custom)), (std::vector<std::string>{"filters.0", "sort"}));
  EXPECT_TRUE(check_against_object(spec, {tier()}, ctx, custom).empty());
  EXPECT_TRUE(check_against_object(spec, {}, ctx, read_ok(json::object{{"sort", "-last_name"}}, false)).empty());
  EXPECT_TRUE(check_against_object(spec, {}, ctx, read_ok(json::object{{"sort", nullptr}}, false)).empty());
}

TEST(ViewCheck, AHiddenFieldCannotBeFilteredOrSortedOn) {
  auto grants = std::make_shared<identity::Permissions>();
  grants->defaults.fill(identity::Scope::All);
  grants->fields["people"]["last_name"] = identity::FieldAccess::Hidden;
  access::Context ctx;
  ctx.grants = grants;
  auto change = read_ok(json::object{{"filters", json::array{json::object{{"field", "last_name"}, {"op", "eq"}, {"value", "x"}}}},
                                     {"sort", "-last_name"},
                                     {"columns", json::array{"last_name"}}},
                        false);
  auto errors = check_against_object(records::test::person_spec(), {}, ctx, change);
  EXPECT_EQ(fields_of(errors), (std::vector<std::string>{"filters.0.field", "sort"}));
  EXPECT_EQ(errors[0].code, "forbidden");
}

TEST(ViewCheck, ColumnsAreFieldsOfTheObject) {
  access::Context ctx;
  auto change = read_ok(json::object{{"columns", json::array{"last_name", "owner_id", "created_at", "custom.tier", "custom.none", "name"}}}, false);
  auto errors = check_against_object(records::test::person_spec(), {tier()}, ctx, change);
  EXPECT_EQ(fields_of(errors), (std::vector<std::string>{"columns.4", "columns.5"}));
}

}  // namespace
}  // namespace rapport::views
