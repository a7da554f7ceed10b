#include "modules/support/kpi_query.hpp"

#include <gtest/gtest.h>

#include "platform/clock.hpp"
#include "platform/test_time.hpp"

namespace rapport::support::kpi {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;
const int64_t kNow = *clock::parse_datetime("2026-12-04T20:15:00Z");
using test_time::at;

std::string detail_of(const Params& p) {
  auto q = read_query(p, kNow);
  return q ? std::string() : q.problem().detail;
}

TEST(KpiQuery, DatesAreMidnightsUtcAndToIsExclusive) {
  auto q = read_query({{"from", "2026-11-01"}, {"to", "2026-12-01"}}, kNow);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->from, at("2026-11-01T00:00:00Z"));
  EXPECT_EQ(q->to, at("2026-12-01T00:00:00Z"));
  auto [first, last] = day_span(*q);
  EXPECT_EQ(day_text(first), "2026-11-01");
  EXPECT_EQ(day_text(last), "2026-11-30") << "to is exclusive: its day is not in the range";
  auto t = read_query({{"from", "2026-11-01T10:00:00+02:00"}, {"to", "2026-11-02T00:00:00.001Z"}}, kNow);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->from, at("2026-11-01T08:00:00Z"));
  auto [tf, tl] = day_span(*t);
  EXPECT_EQ(day_text(tf), "2026-11-01");
  EXPECT_EQ(day_text(tl), "2026-11-02") << "one millisecond of the 2nd is in the range";
}

TEST(KpiQuery, DefaultsAreTheThirtyDaysEndingToday) {
  auto q = read_query({}, kNow);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->to, at("2026-12-05T00:00:00Z"));
  EXPECT_EQ(q->from, at("2026-11-05T00:00:00Z"));
  auto only_from = read_query({{"from", "2026-01-01"}}, kNow);
  ASSERT_TRUE(only_from);
  EXPECT_EQ(only_from->to, at("2026-01-31T00:00:00Z"));
  auto only_to = read_query({{"to", "2026-01-31"}}, kNow);
  ASSERT_TRUE(only_to);
  EXPECT_EQ(only_to->from, at("2026-01-01T00:00:00Z"));
}

TEST(KpiQuery, DatesAndDaysAreTheWorkspacesLocalOnes) {
  const auto berlin = *jobs::time_zone("Europe/Berlin");
  auto q = read_query({{"from", "2026-11-01"}, {"to", "2026-12-01"}}, kNow, berlin);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->from, at("2026-10-31T23:00:00Z")) << "Berlin's midnight, in winter time";
  EXPECT_EQ(q->to, at("2026-11-30T23:00:00Z"));
  auto [first, last] = day_span(*q);
  EXPECT_EQ(day_text(first), "2026-11-01");
  EXPECT_EQ(day_text(last), "2026-11-30");
  EXPECT_EQ(day_text(local_day(*q, at("2026-11-05T22:59:59Z"))), "2026-11-05");
  EXPECT_EQ(day_text(local_day(*q, at("2026-11-05T23:00:00Z"))), "2026-11-06") << "midnight in Berlin";
  // The day clocks go forward is 23 hours long; the range of 366 local days may be an hour more or less.
  auto spring = read_query({{"from", "2026-03-29"}, {"to", "2026-03-30"}}, kNow, berlin);
  ASSERT_TRUE(spring);
  EXPECT_EQ(spring->from, at("2026-03-28T23:00:00Z"));
  EXPECT_EQ(spring->to, at("2026-03-29T22:00:00Z"));
  EXPECT_EQ(day_span(*spring).first, day_span(*spring).second) << "one day";
  EXPECT_TRUE(read_query({{"from", "2026-03-01"}, {"to", "2027-03-02"}}, kNow, berlin)) << "366 local days";
  EXPECT_FALSE(read_query({{"from", "2026-03-01"}, {"to", "2027-03-03"}}, kNow, berlin));
  // The default: the 30 days ending with the local today. 20:15 UTC is still the 4th in Berlin, the
  // 5th in Kolkata (+05:30).
  auto d = read_query({}, kNow, berlin);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->to, at("2026-12-04T23:00:00Z"));
  EXPECT_EQ(d->from, at("2026-11-04T23:00:00Z"));
  auto k = read_query({}, kNow, *jobs::time_zone("Asia/Kolkata"));
  ASSERT_TRUE(k);
  EXPECT_EQ(k->to, at("2026-12-05T18:30:00Z"));
  EXPECT_EQ(day_text(day_span(*k).second), "2026-12-05");
}

TEST(KpiQuery, BadRangesAndFiltersAre400sNamingTheParameter) {
  EXPECT_NE(detail_of({{"from", "2026-13-01"}}).find("'from'"), std::string::npos);
  EXPECT_NE(detail_of({{"to", "yesterday"}}).find("'to'"), std::string::npos);
  EXPECT_NE(detail_of({{"from", "2026-12-01T10:00"}}).find("'from'"), std::string::npos) << "a date-time needs its zone";
  EXPECT_NE(detail_of({{"from", "2026-12-01"}, {"to", "2026-11-01"}}).find("before 'to'"), std::string::npos);
  EXPECT_NE(detail_of({{"from", "2026-12-01"}, {"to", "2026-12-01"}}).find("before 'to'"), std::string::npos) << "an empty range";
  EXPECT_NE(detail_of({{"from", "2025-01-01"}, {"to", "2026-01-03"}}).find("366 days"), std::string::npos);
  EXPECT_EQ(detail_of({{"from", "2025-01-01"}, {"to", "2026-01-02"}}), "") << "exactly 366 days";
  EXPECT_NE(detail_of({{"team_id", "sales"}}).find("team_id"), std::string::npos);
  EXPECT_NE(detail_of({{"assignee_id", "42"}}).find("assignee_id"), std::string::npos);
  EXPECT_NE(detail_of({{"channel", "fax"}}).find("channel"), std::string::npos);
  EXPECT_NE(detail_of({{"priority", "critical"}}).find("priority"), std::string::npos);
  auto q = read_query({{"team_id", "0190a3c4-0000-7000-8000-000000000001"}, {"channel", "web"}, {"priority", "urgent"},
                       {"assignee_id", "0190a3c4-0000-7000-8000-000000000002"}},
                      kNow);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->channel, "web");
  EXPECT_EQ(q->priority, "urgent");
}

}  // namespace
}  // namespace rapport::support::kpi
