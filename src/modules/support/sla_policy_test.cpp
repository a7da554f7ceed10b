// SLA policies read from their JSON (every bad part named, defaults, a change merged onto the stored
// policy) and matched against tickets (priority, company, tags: a ticket without tags never matches
// a tags condition); business-hours calendars read likewise.
#include "modules/support/sla_policy.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "modules/support/business_hours.hpp"

namespace rapport::support {
namespace {
namespace json = boost::json;

std::vector<std::string> fields_of(const Problem& p) {
  std::vector<std::string> out;
  for (const auto& e : p.errors) out.push_back(e.field);
  std::sort(out.begin(), out.end());
  return out;
}

constexpr const char* kCompany = "01900000-0000-7000-8000-0000000000c1";

TEST(SlaPolicy, ReadsAPolicyWithItsDefaults) {
  auto p = read_policy(json::object{{"name", "Standard"}, {"targets", json::object{{"first_response", 60}, {"resolution", json::object{{"urgent", 120}}}}}},
                       nullptr);
  ASSERT_TRUE(p) << p.problem().detail;
  EXPECT_EQ(p->position, -1) << "placed after the others by the service";
  EXPECT_EQ(p->pause_statuses, (std::vector<std::string>{"pending", "on_hold"}));
  EXPECT_EQ(p->minutes("first_response", "low"), 60);
  EXPECT_EQ(p->minutes("resolution", "urgent"), 120);
  EXPECT_EQ(p->minutes("resolution", "normal"), std::nullopt);
  EXPECT_EQ(p->minutes("next_response", "urgent"), std::nullopt);
  EXPECT_EQ(p->warn_after(60), 48) << "80 % by default";
  EXPECT_TRUE(p->pauses("pending"));
  EXPECT_FALSE(p->pauses("open"));
  EXPECT_EQ(p->to_json().at("warning"), (json::object{{"percent", 80}}));
}

TEST(SlaPolicy, NamesEveryBadPart) {
  auto p = read_policy(json::object{{"position", -3},
                                    {"conditions", json::object{{"priority", json::array{"high", "asap"}}, {"company_id", json::array{"acme"}},
                                                                {"tags", json::array{""}}, {"mood", json::array{}}}},
                                    {"targets", json::object{{"first_response", 0}, {"resolution", json::object{{"urgent", 600000}, {"someday", 5}}}}},
                                    {"business_hours_id", "nope"},
                                    {"pause_statuses", json::array{"closed"}},
                                    {"warning", json::object{{"percent", 50}, {"minutes_before", 5}}},
                                    {"colour", "red"}},
                       nullptr);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.problem().status, 422);
  EXPECT_EQ(fields_of(p.problem()),
            (std::vector<std::string>{"business_hours_id", "colour", "conditions.company_id[0]", "conditions.mood", "conditions.priority[1]",
                                      "conditions.tags[0]", "name", "pause_statuses[0]", "position", "targets.first_response",
                                      "targets.resolution.someday", "targets.resolution.urgent", "warning"}));
  auto none = read_policy(json::object{{"name", "Empty"}, {"targets", json::object{}}}, nullptr);
  ASSERT_FALSE(none);
  EXPECT_EQ(fields_of(none.problem()), std::vector<std::string>{"targets"});
  auto both = read_policy(json::object{{"name", "Both"}, {"targets", json::object{{"resolution", 5}}}, {"calendar_time", true},
                                       {"business_hours_id", kCompany}},
                          nullptr);
  ASSERT_FALSE(both);
  EXPECT_EQ(fields_of(both.problem()), std::vector<std::string>{"calendar_time"});
}

TEST(SlaPolicy, AChangeKeepsWhatItDoesNotName) {
  auto stored = read_policy(json::object{{"name", "Standard"}, {"targets", json::object{{"resolution", 480}}},
                                         {"warning", json::object{{"minutes_before", 30}}}},
                            nullptr);
  ASSERT_TRUE(stored);
  auto changed = read_policy(json::object{{"name", "Renamed"}, {"warning", nullptr}}, &*stored);
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->name, "Renamed");
  EXPECT_EQ(changed->minutes("resolution", "low"), 480);
  EXPECT_EQ(changed->warn_after(480), std::nullopt) << "warning: null turns warnings off";
  EXPECT_EQ(stored->warn_after(480), 450);
  EXPECT_EQ(stored->warn_after(20), 0) << "a target shorter than the warning warns at its start";
}

TEST(SlaPolicy, MatchesOnPriorityCompanyAndTags) {
  auto p = read_policy(json::object{{"name", "VIP"},
                                    {"targets", json::object{{"resolution", 60}}},
                                    {"conditions", json::object{{"priority", json::array{"high", "urgent"}},
                                                                {"company_id", json::array{kCompany}},
                                                                {"tags", json::array{"vip", "gold"}}}}},
                       nullptr);
  ASSERT_TRUE(p);
  json::object t{{"priority", "urgent"}, {"company_id", kCompany}, {"tags", json::array{"new", "gold"}}};
  EXPECT_TRUE(p->matches(t));
  t["priority"] = "normal";
  EXPECT_FALSE(p->matches(t)) << "priority";
  t["priority"] = "high";
  t["company_id"] = nullptr;
  EXPECT_FALSE(p->matches(t)) << "company";
  t["company_id"] = kCompany;
  t["tags"] = json::array{"silver"};
  EXPECT_FALSE(p->matches(t)) << "no tag of the list";
  t.erase("tags");
  EXPECT_FALSE(p->matches(t)) << "a ticket without tags never matches a tags condition";
  auto any = read_policy(json::object{{"name", "Any"}, {"targets", json::object{{"resolution", 60}}}}, nullptr);
  ASSERT_TRUE(any);
  EXPECT_TRUE(any->matches(t)) << "no condition: every ticket";
}

TEST(BusinessHoursInput, ReadsACalendarAndNamesItsBadParts) {
  json::object body{{"name", "Berlin"}, {"time_zone", "Europe/Berlin"},
                    {"week", json::object{{"mon", json::array{json::object{{"open", "09:00"}, {"close", "17:00"}}}}}}};
  auto b = read_business_hours(body, nullptr);
  ASSERT_TRUE(b) << b.problem().detail;
  EXPECT_TRUE(b->clock_calendar());
  EXPECT_EQ(b->to_json().at("holidays"), json::array{}) << "holidays default to none";
  EXPECT_TRUE(b->to_json().at("team_id").is_null());

  auto bad = read_business_hours(json::object{{"time_zone", "Nowhere/City"}, {"week", json::object{{"funday", json::array{}}}},
                                              {"team_id", 5}, {"is_default", "yes"}},
                                 nullptr);
  ASSERT_FALSE(bad);
  EXPECT_EQ(fields_of(bad.problem()), (std::vector<std::string>{"is_default", "name", "team_id", "time_zone", "week.funday"}));

  auto renamed = read_business_hours(json::object{{"name", "Berlin HQ"}}, &*b);
  ASSERT_TRUE(renamed);
  EXPECT_EQ(renamed->calendar.at("time_zone"), "Europe/Berlin") << "the calendar stays";
  auto closed = read_business_hours(json::object{{"week", json::object{}}}, &*b);
  ASSERT_FALSE(closed) << "a week without open hours times nothing";
  EXPECT_EQ(fields_of(closed.problem()), std::vector<std::string>{"week"});
}

}  // namespace
}  // namespace rapport::support
