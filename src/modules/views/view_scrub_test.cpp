// What a view loses when an erased person's values or a deleted custom field go away: exactly the
// conditions, items, column and sort that name them, nothing else.
#include "modules/views/view_scrub.hpp"

#include <gtest/gtest.h>

namespace rapport::views {
namespace {
namespace json = boost::json;

using Filters = std::vector<records::Filter>;

PersonValues jane() {
  PersonValues p;
  p.add_folded("jane.doe@example.com");
  p.add_folded("JD@Example.org");
  p.add_folded("Jane");
  p.add_folded("Doe");
  p.add_folded("Jane Doe");
  p.add_folded("Jürgen");
  p.add_exact("+4930901820");
  p.add_folded("");  // an empty value of the contact matches nothing
  p.add_exact("  ");
  return p;
}

std::string dump(const Filters& fs) { return json::serialize(filters_json(fs)); }

TEST(PersonValues, EmailsAndNamesMatchByTheirFoldedKeysPhonesExactly) {
  const PersonValues p = jane();
  for (const char* yes : {"jane.doe@example.com", "JANE.DOE@EXAMPLE.COM", "jd@example.org", "  jane  ", "jane doe", "JÜRGEN",
                          "+4930901820", " +4930901820\t"})
    EXPECT_TRUE(p.matches(yes)) << yes;
  for (const char* no : {"", "   ", "jane.doe@example", "Jane Doe Smith", "Janet", "Jane  Doe", "+49 30 901820", "4930901820",
                         "doe@example.com", "jürg"})
    EXPECT_FALSE(p.matches(no)) << no;
  EXPECT_TRUE(PersonValues{}.empty());
  EXPECT_FALSE(PersonValues{}.matches("jane"));
  EXPECT_FALSE(p.empty());
}

TEST(DropPersonValues, RemovesTheConditionsThatHoldAValueOfTheirsAndNothingElse) {
  Filters fs = {{"email", "eq", "Jane.Doe@example.com"},
                {"lifecycle_stage", "eq", "customer"},
                {"last_name", "ne", "doe"},
                {"custom.referrer", "contains", "Jane Doe"},
                {"phone", "eq", "+4930901820"},
                {"city", "starts_with", "Jane"},
                {"email", "contains", "jane.doe@"},  // a part of the address: not theirs as a value
                {"email", "is_null", "false"},
                {"first_name", "eq", "Janet"}};
  ASSERT_TRUE(drop_person_values(fs, jane()));
  EXPECT_EQ(dump(fs), dump({{"lifecycle_stage", "eq", "customer"},
                            {"email", "contains", "jane.doe@"},
                            {"email", "is_null", "false"},
                            {"first_name", "eq", "Janet"}}));
  EXPECT_FALSE(drop_person_values(fs, jane())) << "a second pass finds nothing";
}

TEST(DropPersonValues, AnInConditionLosesTheirItemsAndGoesWhenNoneIsLeft) {
  Filters fs = {{"email", "in", "a@example.com,JANE.DOE@example.com, jd@example.org,b@example.com"},
                {"last_name", "in", "Doe,jane doe"},
                {"first_name", "in", "Ann,Bob"}};
  ASSERT_TRUE(drop_person_values(fs, jane()));
  EXPECT_EQ(dump(fs), dump({{"email", "in", "a@example.com,b@example.com"}, {"first_name", "in", "Ann,Bob"}}));
}

TEST(DropPersonValues, IsNullNeverMatchesEvenForAPersonCalledTrue) {
  PersonValues p;
  p.add_folded("True");
  Filters fs = {{"email", "is_null", "true"}, {"last_name", "eq", "true"}};
  ASSERT_TRUE(drop_person_values(fs, p));
  EXPECT_EQ(dump(fs), dump({{"email", "is_null", "true"}}));
}

TEST(RedactPersonValues, ReplacesTheirValuesAndItemsInPlace) {
  Filters fs = {{"email", "eq", "jane.doe@example.com"},
                {"email", "in", "a@example.com,jd@example.org"},
                {"last_name", "in", "Doe"},
                {"city", "eq", "Berlin"}};
  ASSERT_TRUE(redact_person_values(fs, jane(), "[erased]"));
  EXPECT_EQ(dump(fs), dump({{"email", "eq", "[erased]"},
                            {"email", "in", "a@example.com,[erased]"},
                            {"last_name", "in", "[erased]"},
                            {"city", "eq", "Berlin"}}));
  EXPECT_FALSE(redact_person_values(fs, jane(), "[erased]"));
}

TEST(RedactFilterChanges, RedactsOnlyTheFiltersOfAnAuditEntry) {
  json::array changes = {
      json::object{{"field", "filters"},
                   {"before", json::array{json::object{{"field", "email"}, {"op", "eq"}, {"value", "JANE.DOE@example.com"}}}},
                   {"after", json::array{json::object{{"field", "email"}, {"op", "in"}, {"value", "x@example.com,Jane Doe"}},
                                         json::object{{"field", "city"}, {"op", "eq"}, {"value", "Berlin"}}}}},
      json::object{{"field", "filters"}, {"before", nullptr}, {"after", json::array{json::value("jane")}}},  // not conditions
      json::object{{"field", "name"}, {"before", "jane"}, {"after", "Jane"}},
      json::object{{"field", "columns"}, {"before", json::array{}}, {"after", json::array{json::value("Jane")}}}};
  json::array expected = changes;
  expected[0].as_object()["before"].as_array()[0].as_object()["value"] = "[erased]";
  expected[0].as_object()["after"].as_array()[0].as_object()["value"] = "x@example.com,[erased]";
  ASSERT_TRUE(redact_filter_changes(changes, jane(), "[erased]"));
  EXPECT_EQ(changes, expected);
  EXPECT_FALSE(redact_filter_changes(changes, jane(), "[erased]"));
}

TEST(DropField, RemovesItsConditionsColumnAndSort) {
  View v;
  v.filters = {{"custom.tier", "gte", "2"}, {"city", "eq", "Paris"}, {"custom.tier", "is_null", "false"}, {"custom.tiers", "eq", "1"}};
  v.columns = {"name", "custom.tier", "custom.tiers"};
  v.sort = "-custom.tier";
  ASSERT_TRUE(drop_field(v, "custom.tier"));
  EXPECT_EQ(dump(v.filters), dump({{"city", "eq", "Paris"}, {"custom.tiers", "eq", "1"}}));
  EXPECT_EQ(v.columns, (std::vector<std::string>{"name", "custom.tiers"}));
  EXPECT_FALSE(v.sort.has_value()) << "the list's default order";
  EXPECT_FALSE(drop_field(v, "custom.tier"));

  View ascending;
  ascending.sort = "custom.tier";
  ASSERT_TRUE(drop_field(ascending, "custom.tier"));
  EXPECT_FALSE(ascending.sort.has_value());
}

TEST(DropField, LeavesAViewThatDoesNotNameItAlone) {
  View v;
  v.filters = {{"custom.tiers", "eq", "1"}, {"city", "eq", "custom.tier"}};  // a value naming it is a value
  v.columns = {"custom.tiers"};
  v.sort = "-custom.tiers";
  const View before = v;
  EXPECT_FALSE(drop_field(v, "custom.tier"));
  EXPECT_EQ(v.to_json(), before.to_json());
}

}  // namespace
}  // namespace rapport::views
