#include "modules/imports/convert_value.hpp"

#include <gtest/gtest.h>

namespace rapport::imports {
namespace {

TEST(ConvertValue, Booleans) {
  for (const char* yes : {"true", "TRUE", "Yes", "y", "1", "x", "X", "on", "checked", "\xE2\x9C\x93", "Ja", "oui", "s\xC3\xAD"})
    EXPECT_EQ(convert_boolean(yes).value, std::optional<bool>(true)) << yes;
  for (const char* no : {"false", "No", "N", "0", "off", "unchecked", "nein", "Non", "FAUX"})
    EXPECT_EQ(convert_boolean(no).value, std::optional<bool>(false)) << no;
  EXPECT_FALSE(convert_boolean(" ").value.has_value());
  EXPECT_TRUE(convert_boolean(" ").ok());
  EXPECT_EQ(convert_boolean("maybe").error, "\"maybe\" is neither yes nor no");
}

TEST(ConvertValue, OptionsByTheirLettersAndAliases) {
  std::vector<std::string> stages = {"subscriber", "lead", "marketing_qualified", "sales_qualified", "customer"};
  for (const char* text : {"Marketing Qualified", "marketing-qualified", "MARKETING_QUALIFIED", " marketing qualified "})
    EXPECT_EQ(convert_option(text, stages).value, std::optional<std::string>("marketing_qualified")) << text;
  OptionAliases hubspot = {{"Marketing Qualified Lead", "marketing_qualified"}, {"salesqualifiedlead", "sales_qualified"}};
  EXPECT_EQ(convert_option("marketingqualifiedlead", stages, hubspot).value,
            std::optional<std::string>("marketing_qualified"));
  EXPECT_EQ(convert_option("Sales Qualified Lead", stages, hubspot).value, std::optional<std::string>("sales_qualified"));
  auto bad = convert_option("Evangelist", stages);
  EXPECT_EQ(bad.error,
            "\"Evangelist\" is not one of the options (subscriber, lead, marketing_qualified, sales_qualified, customer)");
  EXPECT_EQ(convert_option("Stra\xC3\x9F" "e", {"STRASSE"}).value, std::optional<std::string>("STRASSE"))
      << "Unicode case folding";
}

TEST(ConvertValue, PhonesWithADefaultRegion) {
  EXPECT_EQ(convert_phone("(650) 253-0000", "US").value, std::optional<std::string>("+16502530000"));
  EXPECT_EQ(convert_phone("+44 20 7946 0958", "US").value, std::optional<std::string>("+442079460958"));
  EXPECT_EQ(convert_phone("0044 20 7946 0958", "FR").value, std::optional<std::string>("+442079460958"));
  EXPECT_EQ(convert_phone("01 42 68 53 00", "FR").value, std::optional<std::string>("+33142685300"));
  EXPECT_EQ(convert_phone("'+33 1 42 68 53 00", "").value, std::optional<std::string>("+33142685300"))
      << "Excel's text marker";
  EXPECT_EQ(convert_phone("tel:+1-650-253-0000", "").value, std::optional<std::string>("+16502530000"));
  EXPECT_NE(convert_phone("1.6502530000E+10", "US").error.find("scientific notation"), std::string::npos);
  EXPECT_NE(convert_phone("650 253 0000", "").error.find("no country code"), std::string::npos);
  EXPECT_NE(convert_phone("12", "FR").error.find("not a valid phone number of FR"), std::string::npos);
  EXPECT_TRUE(convert_phone("", "FR").ok());
}

TEST(ConvertValue, CountriesByCodeOrEnglishName) {
  for (const char* de : {"DE", "de", "DEU", "Germany", " germany ", "Deutschland"})
    EXPECT_EQ(convert_country(de).value, std::optional<std::string>("DE")) << de;
  for (const char* us : {"US", "USA", "United States", "United States of America"})
    EXPECT_EQ(convert_country(us).value, std::optional<std::string>("US")) << us;
  EXPECT_EQ(convert_country("United Kingdom").value, std::optional<std::string>("GB"));
  EXPECT_EQ(convert_country("UK").value, std::optional<std::string>("GB"));
  EXPECT_EQ(convert_country("C\xC3\xB4te d\xE2\x80\x99Ivoire").value, std::optional<std::string>("CI"));
  EXPECT_EQ(convert_country("Ivory Coast").value, std::optional<std::string>("CI"));
  EXPECT_NE(convert_country("Atlantis").error.find("not a country"), std::string::npos);
  EXPECT_TRUE(convert_country("").ok());
}

TEST(ConvertValue, ListsAndWholeNumbers) {
  EXPECT_EQ(split_list(" a@x.com; b@y.org ,, c@z.net\n"), (std::vector<std::string_view>{"a@x.com", "b@y.org", "c@z.net"}));
  EXPECT_TRUE(split_list(" ; ").empty());
  EXPECT_EQ(convert_integer("1,200", 0, 10000).value, std::optional<int64_t>(1200));
  EXPECT_EQ(convert_integer("12.0", 0, 100).value, std::optional<int64_t>(12));
  EXPECT_EQ(convert_integer("-7", -10, 10).value, std::optional<int64_t>(-7));
  EXPECT_NE(convert_integer("12.5", 0, 100).error.find("not a whole number"), std::string::npos);
  EXPECT_NE(convert_integer("101", 0, 100).error.find("out of range"), std::string::npos);
  EXPECT_NE(convert_integer("99999999999999999999999", 0, 100).error.find("out of range"), std::string::npos);
  EXPECT_NE(convert_integer("-", 0, 100).error.find("not a whole number"), std::string::npos);
}

}  // namespace
}  // namespace rapport::imports
