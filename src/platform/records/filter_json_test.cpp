// The list filter language as JSON: values as a list's query text, and the shape of conditions
// (each failing part a field error under the caller's path).
#include "platform/records/filter_json.hpp"

#include <gtest/gtest.h>

namespace rapport::records {
namespace {
namespace json = boost::json;

TEST(FilterJson, ValuesBecomeQueryText) {
  EXPECT_EQ(filter_value(json::value("Paris")), "Paris");
  EXPECT_EQ(filter_value(json::value(3)), "3");
  EXPECT_EQ(filter_value(json::value(true)), "true");
  EXPECT_EQ(filter_value(json::array{"Paris", "Lyon", 2}), "Paris,Lyon,2");
  EXPECT_FALSE(filter_value(json::object{}));
  EXPECT_FALSE(filter_value(json::array{json::array{}}));
  EXPECT_FALSE(filter_value(json::array{nullptr}));
  const Filter f = to_filter(json::object{{"field", "amount"}, {"op", "gte"}, {"value", 1000}});
  EXPECT_EQ(f.field, "amount");
  EXPECT_EQ(f.op, "gte");
  EXPECT_EQ(f.value, "1000");
  EXPECT_EQ(to_filter(json::object{{"field", "email"}, {"op", "is_null"}}).value, "");
}

TEST(FilterJson, ConditionsAreCheckedForShapeUnderThePath) {
  std::vector<FieldError> errors;
  auto ok = read_conditions(json::array{json::object{{"field", "city"}, {"op", "eq"}, {"value", "Paris"}}}, "filter", 2, errors);
  ASSERT_TRUE(ok);
  EXPECT_TRUE(errors.empty());
  EXPECT_FALSE(read_conditions(json::value("city=Paris"), "filter", 2, errors));
  EXPECT_FALSE(read_conditions(json::array{1, 2, 3}, "filter", 2, errors)) << "more than max";
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "filter");
  errors.clear();
  EXPECT_FALSE(read_conditions(json::array{json::object{{"field", "city"}, {"op", ""}, {"value", json::object{}}, {"x", 1}}, 7},
                               "conditions", 5, errors));
  EXPECT_FALSE(read_conditions(json::array{json::object{{"field", "city"}, {"op", "eq"}, {"value", std::string(4097, 'x')}}},
                               "conditions", 5, errors));
  std::vector<std::string> fields;
  for (const auto& e : errors) fields.push_back(e.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"conditions.0.x", "conditions.0.op", "conditions.0.value", "conditions.1",
                                              "conditions.0.value"}));
}

}  // namespace
}  // namespace rapport::records
