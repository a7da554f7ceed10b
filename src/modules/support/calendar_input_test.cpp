// A business-hours calendar read from its JSON (calendar_input.hpp): what it takes, and a 422 naming
// each bad part.
#include "modules/support/calendar_input.hpp"

#include <gtest/gtest.h>

#include "platform/clock.hpp"

namespace rapport::support {
namespace {

namespace json = boost::json;

std::vector<std::string> fields(const Result<Calendar>& r) {
  std::vector<std::string> out;
  if (!r.ok())
    for (const auto& e : r.problem().errors) out.push_back(e.field);
  return out;
}

TEST(CalendarInput, ReadsWeekHolidaysAndZone) {
  auto cal = read_calendar(json::parse(R"({"time_zone": "Europe/Berlin",
      "week": {"mon": [{"open": "09:00", "close": "12:00"}, {"open": "13:00", "close": "17:00"}],
               "fri": [{"open": "22:00", "close": "02:00"}], "sun": []},
      "holidays": ["2026-12-25"]})").as_object());
  ASSERT_TRUE(cal.ok()) << cal.problem().detail;
  EXPECT_EQ(cal->zone.id(), "Europe/Berlin");
  EXPECT_EQ(cal->week[1].size(), 2u);
  ASSERT_EQ(cal->week[6].size(), 1u) << "Friday night runs into Saturday";
  EXPECT_EQ(cal->week[6][0].close, 120);
  EXPECT_EQ(cal->holidays, std::vector<int64_t>{*day_number("2026-12-25")});
  // Monday 2026-12-07, 11:00 Berlin (10:00 UTC) plus two business hours: 14:00 Berlin after lunch.
  EXPECT_EQ(clock::format_ms(*add_business_minutes(*cal, *clock::parse_datetime("2026-12-07T10:00:00Z"), 120)),
            "2026-12-07T13:00:00.000Z");
  auto whole_day = read_calendar(json::parse(R"({"time_zone": "UTC", "week": {"tue": [{"open": "00:00", "close": "24:00"}]}})").as_object());
  ASSERT_TRUE(whole_day.ok());
  EXPECT_EQ(whole_day->week_ms, 24 * 3'600'000);
}

TEST(CalendarInput, NamesEveryBadPart) {
  auto r = read_calendar(json::parse(R"({"time_zone": "Mars/Olympus", "colour": "red",
      "week": {"mon": [{"open": "9:00", "close": "24:01"}, {"open": "10:00", "close": "11:00", "lunch": true}, "x"],
               "someday": [], "tue": {}},
      "holidays": ["2026-02-30", 7]})").as_object());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.problem().status, 422);
  auto f = fields(r);
  std::sort(f.begin(), f.end());
  EXPECT_EQ(f, (std::vector<std::string>{"colour", "holidays[0]", "holidays[1]", "time_zone", "week.mon[0].close",
                                          "week.mon[0].open", "week.mon[1].lunch", "week.mon[2]", "week.someday", "week.tue"}));
  EXPECT_EQ(fields(read_calendar(json::object{})), std::vector<std::string>{"time_zone"});
  // Well-formed but never open: refused by the clock, naming the week.
  EXPECT_EQ(fields(read_calendar(json::parse(R"({"time_zone": "UTC", "week": {}})").as_object())), std::vector<std::string>{"week"});
  EXPECT_EQ(fields(read_calendar(json::parse(R"({"time_zone": "UTC", "week": {"wed": [{"open": "09:00", "close": "09:00"}]}})").as_object())),
            std::vector<std::string>{"week.wed[0]"});
  json::array many;
  for (int i = 0; i < 9; ++i) many.push_back(json::object{{"open", "09:00"}, {"close", "10:00"}});
  EXPECT_EQ(fields(read_calendar(json::object{{"time_zone", "UTC"}, {"week", json::object{{"thu", many}}}})),
            std::vector<std::string>{"week.thu"});
}

}  // namespace
}  // namespace rapport::support
