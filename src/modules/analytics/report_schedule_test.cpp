#include "modules/analytics/report_schedule.hpp"

#include <gtest/gtest.h>

#include "platform/jobs/cron.hpp"

namespace rapport::analytics {
namespace {
namespace json = boost::json;

std::vector<std::string> fields_of(const Status& st) {
  std::vector<std::string> out;
  if (!st) for (const auto& e : st.problem().errors) out.push_back(e.field);
  return out;
}

TEST(ReportSchedule, EachFrequencyIsItsCronOnTheWallClock) {
  ReportSchedule s;
  bool zone = false;
  ASSERT_TRUE(read_schedule_body(json::parse(R"({"frequency":"daily","time":"07:05","emails":["a@example.org"]})").as_object(), s, zone));
  EXPECT_EQ(s.cron(), "5 7 * * *");
  EXPECT_FALSE(zone);
  ASSERT_TRUE(read_schedule_body(json::parse(R"({"frequency":"weekly","time":"18:30","weekday":0,"time_zone":"Asia/Tokyo","emails":["a@example.org"]})").as_object(), s, zone));
  EXPECT_EQ(s.cron(), "30 18 * * 0");
  EXPECT_TRUE(zone);
  EXPECT_EQ(s.time_zone, "Asia/Tokyo");
  ReportSchedule m;
  ASSERT_TRUE(read_schedule_body(json::parse(R"({"frequency":"monthly","time":"00:00","month_day":28,"emails":["a@example.org"]})").as_object(), m, zone));
  EXPECT_EQ(m.cron(), "0 0 28 * *");
  // Every cron made this way is one the job schedules take.
  for (const auto* c : {"5 7 * * *", "30 18 * * 0", "0 0 28 * *"}) EXPECT_TRUE(jobs::parse_cron(c)) << c;
}

TEST(ReportSchedule, ABadBodyNamesEachBadMember) {
  ReportSchedule s;
  bool zone = false;
  auto st = read_schedule_body(json::parse(R"({"frequency":"yearly","time":"7:5","weekday":2,"month_day":0,"emails":["x", 3],"other":1})").as_object(), s, zone);
  EXPECT_EQ(fields_of(st), (std::vector<std::string>{"other", "frequency", "time", "weekday", "month_day", "emails.0", "emails.1"}));
  for (const char* t : {"24:00", "23:60", "ab:cd", "12:345"}) {
    json::object b{{"frequency", "daily"}, {"time", t}, {"emails", json::array{"a@example.org"}}};
    EXPECT_EQ(fields_of(read_schedule_body(b, s, zone)), std::vector<std::string>{"time"}) << t;
  }
  json::object weekly{{"frequency", "weekly"}, {"time", "08:00"}, {"weekday", 7}, {"emails", json::array{"a@example.org"}}};
  EXPECT_EQ(fields_of(read_schedule_body(weekly, s, zone)), std::vector<std::string>{"weekday"});
  json::object monthly{{"frequency", "monthly"}, {"time", "08:00"}, {"month_day", 29}, {"emails", json::array{"a@example.org"}}};
  EXPECT_EQ(fields_of(read_schedule_body(monthly, s, zone)), std::vector<std::string>{"month_day"});
  json::object twice{{"frequency", "daily"}, {"time", "08:00"}, {"emails", json::array{"a@example.org", "a@example.org"}}};
  EXPECT_EQ(fields_of(read_schedule_body(twice, s, zone)), std::vector<std::string>{"emails.1"});
}

TEST(ReportSchedule, RecipientsAreOneToTwentyInAll) {
  ReportSchedule s;
  bool zone = false;
  json::object none{{"frequency", "daily"}, {"time", "08:00"}};
  EXPECT_EQ(fields_of(read_schedule_body(none, s, zone)), std::vector<std::string>{"emails"});
  json::array emails, users;
  for (int i = 0; i < 15; ++i) {
    std::string e = "p";
    e += std::to_string(i);
    e += "@example.org";
    emails.push_back(json::value(e));
  }
  for (int i = 0; i < 6; ++i) {
    std::string u = "01900000-0000-7000-8000-00000000000";
    u += std::to_string(i);
    users.push_back(json::value(u));
  }
  json::object many{{"frequency", "daily"}, {"time", "08:00"}, {"emails", emails}, {"user_ids", users}};
  ReportSchedule t;
  EXPECT_EQ(fields_of(read_schedule_body(many, t, zone)), std::vector<std::string>{"emails"});
  users.pop_back();
  many["user_ids"] = users;
  ReportSchedule u;
  EXPECT_TRUE(read_schedule_body(many, u, zone));
  EXPECT_EQ(u.user_ids.size() + u.emails.size(), kMaxRecipients);
}

}  // namespace
}  // namespace rapport::analytics
