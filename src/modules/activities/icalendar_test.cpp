#include "modules/activities/icalendar.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace rapport::activities {
namespace {
namespace json = boost::json;

std::string component(const json::value& v) {
  std::string out;
  append_component(v.as_object(), out);
  return out;
}

TEST(Icalendar, AMeetingIsAnEventInUtc) {
  json::value m = json::parse(R"({"id":"0190a000-0000-7000-8000-000000000009","type":"meeting","subject":"Kick-off; budget, scope",
    "body":"Agenda:\n1. Intro","starts_at":"2026-03-02T09:00:00.000Z","ends_at":"2026-03-02T10:30:00.000Z",
    "location":"Room 4","attendees":["ada@example.com","bob@example.org"],"created_at":"2026-02-01T08:00:00.000Z",
    "updated_at":"2026-02-03T12:00:00.500Z","version":3})");
  EXPECT_EQ(component(m),
            "BEGIN:VEVENT\r\n"
            "UID:0190a000-0000-7000-8000-000000000009\r\n"
            "DTSTAMP:20260203T120000Z\r\n"
            "DTSTART:20260302T090000Z\r\n"
            "DTEND:20260302T103000Z\r\n"
            "SUMMARY:Kick-off\\; budget\\, scope\r\n"
            "DESCRIPTION:Agenda:\\n1. Intro\r\n"
            "LOCATION:Room 4\r\n"
            "ATTENDEE:mailto:ada@example.com\r\n"
            "ATTENDEE:mailto:bob@example.org\r\n"
            "CREATED:20260201T080000Z\r\n"
            "LAST-MODIFIED:20260203T120000Z\r\n"
            "SEQUENCE:2\r\n"
            "END:VEVENT\r\n");
}

TEST(Icalendar, ATaskIsATodo) {
  json::value open = json::parse(R"({"id":"t1","type":"task","subject":"Call back","due_at":"2026-03-05T17:00:00.000Z",
    "done":false,"updated_at":"2026-03-01T00:00:00.000Z","version":1})");
  std::string out = component(open);
  EXPECT_NE(out.find("BEGIN:VTODO\r\nUID:t1\r\nDTSTAMP:20260301T000000Z\r\nDUE:20260305T170000Z\r\nSTATUS:NEEDS-ACTION\r\n"), std::string::npos) << out;
  EXPECT_NE(out.find("SEQUENCE:0\r\nEND:VTODO\r\n"), std::string::npos) << out;
  json::value done = json::parse(R"({"id":"t2","type":"task","done":true,"completed_at":"2026-03-04T10:00:00.000Z","version":2})");
  out = component(done);
  EXPECT_NE(out.find("STATUS:COMPLETED\r\nCOMPLETED:20260304T100000Z\r\n"), std::string::npos) << out;
  EXPECT_NE(out.find("DTSTAMP:19700101T000000Z"), std::string::npos) << "DTSTAMP is required even without times";
}

TEST(Icalendar, OtherActivitiesHaveNoComponent) {
  std::string out;
  EXPECT_FALSE(append_component(json::parse(R"({"id":"n","type":"note","subject":"x"})").as_object(), out));
  EXPECT_FALSE(append_component(json::parse(R"({"id":"m","type":"meeting","starts_at":null})").as_object(), out));
  EXPECT_TRUE(out.empty());
}

TEST(Icalendar, AnEndBeforeTheStartIsLeftOutAndLongTextFolds) {
  json::value m = json::object{{"id", "m"}, {"type", "meeting"}, {"starts_at", "2026-03-02T09:00:00Z"},
                               {"ends_at", "2026-03-02T08:00:00Z"}, {"body", std::string(300, 'b')}};
  std::string out = component(m);
  EXPECT_EQ(out.find("DTEND"), std::string::npos);
  for (std::size_t start = 0; start < out.size();) {
    auto end = out.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end - start, 75u);
    start = end + 2;
  }
}

TEST(Icalendar, ACalendarHasTheSubscriptionHints) {
  std::string cal = calendar_begin("Ada's CRM, tasks");
  EXPECT_EQ(cal.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:", 0), 0u);
  EXPECT_NE(cal.find("METHOD:PUBLISH\r\n"), std::string::npos);
  EXPECT_NE(cal.find("X-WR-CALNAME:Ada's CRM\\, tasks\r\n"), std::string::npos);
  EXPECT_NE(cal.find("REFRESH-INTERVAL;VALUE=DURATION:PT15M\r\n"), std::string::npos);
  EXPECT_EQ(kCalendarEnd, "END:VCALENDAR\r\n");
}

}  // namespace
}  // namespace rapport::activities
