#include "modules/imports/convert_date.hpp"

#include <gtest/gtest.h>

namespace rapport::imports {
namespace {

constexpr auto DMY = DateOrder::DayMonthYear;
constexpr auto MDY = DateOrder::MonthDayYear;

std::string date(std::string_view text, DateOrder order = DMY) {
  auto c = convert_date(text, order);
  return c.ok() ? c.value.value_or("(empty)") : "error: " + c.error;
}

std::string datetime(std::string_view text, const char* zone = "Europe/Paris", DateOrder order = DMY) {
  auto z = jobs::time_zone(zone);
  EXPECT_TRUE(z.ok());
  auto c = convert_datetime(text, order, *z);
  return c.ok() ? c.value.value_or("(empty)") : "error: " + c.error;
}

TEST(ConvertDate, IsoFormsWhateverTheOrder) {
  for (auto order : {DMY, MDY}) {
    EXPECT_EQ(date("2024-03-05", order), "2024-03-05");
    EXPECT_EQ(date("2024/3/5", order), "2024-03-05");
    EXPECT_EQ(date("2024.03.05", order), "2024-03-05");
    EXPECT_EQ(date("20240305", order), "2024-03-05");
    EXPECT_EQ(date("  2024-03-05 10:22:00 ", order), "2024-03-05") << "HubSpot writes a time after the date";
    EXPECT_EQ(date("2024-03-05T23:30:00-05:00", order), "2024-03-05") << "the date as written";
  }
  EXPECT_EQ(date(""), "(empty)");
  EXPECT_EQ(date(" \xC2\xA0 "), "(empty)");
}

TEST(ConvertDate, NumericDayAndMonthFollowTheStatedOrder) {
  EXPECT_EQ(date("05/03/2024", DMY), "2024-03-05");
  EXPECT_EQ(date("05/03/2024", MDY), "2024-05-03");
  EXPECT_EQ(date("5.3.2024", DMY), "2024-03-05");
  EXPECT_EQ(date("31-12-99", DMY), "1999-12-31");
  EXPECT_EQ(date("1/2/05", MDY), "2005-01-02");
  EXPECT_EQ(date("12/31/69", MDY), "2069-12-31") << "00-69 are 2000-2069";
  EXPECT_EQ(date("12/31/70", MDY), "1970-12-31");
  // Never read the other way round.
  EXPECT_EQ(date("03/25/2024", DMY),
            "error: \"03/25/2024\": month 25 does not exist: numeric dates are read day/month/year (the import's "
            "date_order)");
  EXPECT_NE(date("25/03/2024", MDY).find("month/day/year"), std::string::npos);
  EXPECT_NE(date("5/3-2024").find("not a date"), std::string::npos) << "two different separators";
}

TEST(ConvertDate, MonthNamesInEnglish) {
  for (const char* text : {"5 Mar 2024", "5-Mar-2024", "05-Mar-24", "5 March 2024", "5th March 2024", "5. March 2024",
                           "March 5, 2024", "Mar 5 2024", "mar-05-2024", "Tue, 5 Mar 2024", "Tuesday, March 5th, 2024",
                           "5 MAR 2024"})
    EXPECT_EQ(date(text, MDY), "2024-03-05") << text;
  EXPECT_EQ(date("1 Sept 2023"), "2023-09-01");
  EXPECT_NE(date("5 Mrz 2024").find("not a date"), std::string::npos);
}

TEST(ConvertDate, RealCalendarDatesOnly) {
  EXPECT_NE(date("2023-02-29").find("no such date"), std::string::npos);
  EXPECT_EQ(date("2024-02-29"), "2024-02-29");
  EXPECT_NE(date("31/04/2024").find("no such date"), std::string::npos);
  EXPECT_NE(date("0999-01-01").find("no such date"), std::string::npos);
  EXPECT_NE(date("2024-03-05 25:00").find("not a time"), std::string::npos);
  for (const char* junk : {"soon", "2024", "2024-03", "12/2024", "05/03/2024/1", "2024-03-05x", "2024-03-05 10", "44927"})
    EXPECT_NE(date(junk).find("error"), std::string::npos) << junk;
}

TEST(ConvertDate, TimesWithAndWithoutOffsets) {
  EXPECT_EQ(datetime("2024-03-05T10:22:00Z"), "2024-03-05T10:22:00.000Z");
  EXPECT_EQ(datetime("2024-03-05 10:22:00.5+01:00"), "2024-03-05T09:22:00.500Z");
  EXPECT_EQ(datetime("2024-03-05 10:22 +0530"), "2024-03-05T04:52:00.000Z");
  EXPECT_EQ(datetime("2024-03-05 10:22 -03"), "2024-03-05T13:22:00.000Z");
  EXPECT_EQ(datetime("2024-03-05 10:22:00 UTC"), "2024-03-05T10:22:00.000Z");
  // No offset: the workspace's clock (Paris: UTC+1 in March before the 31st, +2 after).
  EXPECT_EQ(datetime("2024-03-05 10:22"), "2024-03-05T09:22:00.000Z");
  EXPECT_EQ(datetime("2024-07-05 10:22"), "2024-07-05T08:22:00.000Z");
  EXPECT_EQ(datetime("03/05/2024 2:05 PM", "America/New_York", MDY), "2024-03-05T19:05:00.000Z");
  EXPECT_EQ(datetime("03/05/2024 12:05 a.m.", "UTC", MDY), "2024-03-05T00:05:00.000Z");
  EXPECT_EQ(datetime("5 Mar 2024, 09:00"), "2024-03-05T08:00:00.000Z");
  // A date alone is its midnight on the workspace's clock.
  EXPECT_EQ(datetime("2024-03-05"), "2024-03-04T23:00:00.000Z");
  // A wall time skipped by the clocks going forward: the instant the gap ends.
  EXPECT_EQ(datetime("2024-03-31 02:30"), "2024-03-31T01:00:00.000Z");
  EXPECT_NE(datetime("2024-03-05 13:00 PM").find("error"), std::string::npos);
  EXPECT_NE(datetime("2024-03-05 10:22 +25:00").find("error"), std::string::npos);
}

}  // namespace
}  // namespace rapport::imports
