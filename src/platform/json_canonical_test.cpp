#include "platform/json_canonical.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace rapport {
namespace {

std::string canon(const char* text) { return json_canonical::text(boost::json::parse(text)); }

TEST(JsonCanonical, SpacingAndKeyOrderDoNotMatter) {
  EXPECT_EQ(canon(R"({"b": 1, "a": {"y": [1, 2], "x": null}})"), R"({"a":{"x":null,"y":[1,2]},"b":1})");
  EXPECT_EQ(canon("{\n  \"a\" : \"\\u00e9\"\n}"), canon(R"({"a":"é"})"));
}

TEST(JsonCanonical, DifferentValuesStayDifferent) {
  EXPECT_NE(canon(R"({"a": [1, 2]})"), canon(R"({"a": [2, 1]})"));  // arrays keep their order
  EXPECT_NE(canon(R"({"a": "1"})"), canon(R"({"a": 1})"));
  EXPECT_NE(canon(R"({"a": 1})"), canon(R"({"a": 1, "b": null})"));  // an explicit null is a field
  EXPECT_NE(canon(R"({"a": true})"), canon(R"({"a": 1})"));
}

TEST(JsonCanonical, KeysSortByCodePoint) {
  // "é" (U+00E9) after "z", and "Z" before "a": bytes, not a locale's collation.
  EXPECT_EQ(canon(R"({"é": 1, "z": 2, "a": 3, "Z": 4})"), R"({"Z":4,"a":3,"z":2,"é":1})");
}

TEST(JsonCanonical, StringsAreEscapedAsJson) {
  EXPECT_EQ(canon(R"({"q\"uote": "line\nbreak"})"), R"({"q\"uote":"line\nbreak"})");
}

}  // namespace
}  // namespace rapport
