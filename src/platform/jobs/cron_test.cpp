#include "platform/jobs/cron.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace rapport::jobs {
namespace {

// Epoch ms of a UTC date and time.
int64_t utc(int y, unsigned m, unsigned d, int h = 0, int mi = 0) {
  using namespace std::chrono;
  const sys_days date{year(y) / month(m) / day(d)};
  return duration_cast<milliseconds>(date.time_since_epoch()).count() + (h * 60LL + mi) * 60'000;
}

Cron cron(std::string_view text) {
  auto c = parse_cron(text);
  EXPECT_TRUE(c.ok()) << text << ": " << (c.ok() ? "" : c.problem().detail);
  return c.ok() ? *c : *parse_cron("* * * * *");
}

TimeZone zone(std::string_view id) {
  auto z = time_zone(id);
  EXPECT_TRUE(z.ok()) << id;
  return z.ok() ? *z : *time_zone("UTC");
}

int64_t next(std::string_view expr, std::string_view tz, int64_t after) {
  auto n = next_after(cron(expr), zone(tz), after);
  EXPECT_TRUE(n.has_value()) << expr << " in " << tz;
  return n.value_or(-1);
}

// The 422 for `text`: its single error names `field` and the message contains `says`.
void expect_refused(std::string_view text, std::string_view says, std::string_view code = {}) {
  auto c = parse_cron(text, "schedule");
  ASSERT_FALSE(c.ok()) << "accepted: " << text;
  const Problem& p = c.problem();
  EXPECT_EQ(p.status, 422) << text;
  ASSERT_EQ(p.errors.size(), 1u) << text;
  EXPECT_EQ(p.errors[0].field, "schedule") << text;
  EXPECT_NE(p.errors[0].message.find(says), std::string::npos) << text << " -> " << p.errors[0].message;
  EXPECT_NE(p.detail.find(says), std::string::npos) << text << " -> " << p.detail;
  if (!code.empty()) {
    EXPECT_EQ(p.errors[0].code, code) << text;
  }
}

uint64_t bits(std::initializer_list<int> values) {
  uint64_t b = 0;
  for (int v : values) b |= uint64_t{1} << v;
  return b;
}

// --- syntax ------------------------------------------------------------------------------------------

TEST(CronParse, EachSyntaxElement) {
  EXPECT_EQ(cron("* * * * *").minutes(), (uint64_t{1} << 60) - 1);
  EXPECT_EQ(cron("* * * * *").hours(), (1u << 24) - 1);
  EXPECT_EQ(cron("* * * * *").days(), 0xFFFFFFFEu);  // 1-31
  EXPECT_EQ(cron("* * * * *").months(), 0x1FFE);     // 1-12
  EXPECT_EQ(cron("* * * * *").weekdays(), 0x7F);
  EXPECT_EQ(cron("1,5 * * * *").minutes(), bits({1, 5}));
  EXPECT_EQ(cron("1-5 * * * *").minutes(), bits({1, 2, 3, 4, 5}));
  EXPECT_EQ(cron("*/15 * * * *").minutes(), bits({0, 15, 30, 45}));
  EXPECT_EQ(cron("10-50/10 * * * *").minutes(), bits({10, 20, 30, 40, 50}));
  EXPECT_EQ(cron("0-5,30,*/20 * * * *").minutes(), bits({0, 1, 2, 3, 4, 5, 20, 30, 40}));
  EXPECT_EQ(cron("0 */6 * * *").hours(), bits({0, 6, 12, 18}));
  EXPECT_EQ(cron("0 0 */10 * *").days(), bits({1, 11, 21, 31}));
  EXPECT_EQ(cron("0 0 1 */3 *").months(), bits({1, 4, 7, 10}));
  EXPECT_EQ(cron("0 0 * * */2").weekdays(), bits({0, 2, 4, 6}));  // `*` is 0-6 on day-of-week
  EXPECT_EQ(cron("59 23 31 12 6").minutes(), bits({59}));
  EXPECT_EQ(cron("*/59 * * * *").minutes(), bits({0, 59}));  // a step as large as the range
  EXPECT_EQ(cron("  0\t12  * *   *  ").text(), "0 12 * * *");  // spaces and tabs
}

TEST(CronParse, NamesAnyCase) {
  EXPECT_EQ(cron("0 0 * JAN-MAR mon-fri"), cron("0 0 * 1-3 1-5"));
  EXPECT_EQ(cron("0 0 * jan,Jun,DEC *").months(), bits({1, 6, 12}));
  EXPECT_EQ(cron("0 0 * * SUN,sat").weekdays(), bits({0, 6}));
  EXPECT_EQ(cron("0 0 * feb-nov/3 *").months(), bits({2, 5, 8, 11}));
  EXPECT_EQ(cron("0 0 * * Tue").text(), "0 0 * * 2");
  EXPECT_EQ(cron("0 0 * Sep *").text(), "0 0 * 9 *");
}

TEST(CronParse, SevenIsSunday) {
  EXPECT_EQ(cron("0 0 * * 7"), cron("0 0 * * 0"));
  EXPECT_EQ(cron("0 0 * * 7").weekdays(), bits({0}));
  EXPECT_EQ(cron("0 0 * * 5-7").weekdays(), bits({0, 5, 6}));  // Friday to Sunday
  EXPECT_EQ(cron("0 0 * * 0-7").weekdays(), 0x7F);
}

TEST(CronParse, Macros) {
  EXPECT_EQ(cron("@hourly"), cron("0 * * * *"));
  EXPECT_EQ(cron("@daily"), cron("0 0 * * *"));
  EXPECT_EQ(cron("@midnight"), cron("0 0 * * *"));
  EXPECT_EQ(cron("@weekly"), cron("0 0 * * 0"));
  EXPECT_EQ(cron("@monthly"), cron("0 0 1 * *"));
  EXPECT_EQ(cron("@yearly"), cron("0 0 1 1 *"));
  EXPECT_EQ(cron("@annually"), cron("0 0 1 1 *"));
  EXPECT_EQ(cron("@ANNUALLY").text(), "@yearly");
  EXPECT_EQ(cron(" @midnight ").text(), "@daily");
  EXPECT_EQ(cron("@weekly").text(), "@weekly");
  EXPECT_EQ(cron("0 0 * * *").text(), "0 0 * * *");  // written as fields, kept as fields
}

TEST(CronParse, NormalisedTextParsesToTheSameSchedule) {
  for (const char* t : {"*/15 9-17 * * MON-FRI", "0 0 1,15 jan-jun/2 *", "5 4 * * sun", "0 22 * * 1-5",
                        "23 0-20/2 * * *", "0 0 29 2 1", "0 0 * * 7", "@monthly", "0,30 * 13 * fri"}) {
    const Cron c = cron(t);
    EXPECT_EQ(cron(c.text()), c) << t << " -> " << c.text();
    EXPECT_EQ(cron(c.text()).days_or(), c.days_or()) << t;
  }
  EXPECT_EQ(cron("*/15 9-17 * * MON-FRI").text(), "*/15 9-17 * * 1-5");
  EXPECT_EQ(cron("0 0 1,15 jan-jun/2 *").text(), "0 0 1,15 1-6/2 *");
}

// --- refusals ----------------------------------------------------------------------------------------

TEST(CronParse, RefusesOutOfRangeValues) {
  expect_refused("60 * * * *", "the minute field has 60, out of its range 0-59", "range");
  expect_refused("* 24 * * *", "the hour field has 24, out of its range 0-23", "range");
  expect_refused("* * 0 * *", "the day-of-month field has 0, out of its range 1-31", "range");
  expect_refused("* * 32 * *", "day-of-month field has 32", "range");
  expect_refused("* * * 0 *", "the month field has 0, out of its range 1-12", "range");
  expect_refused("* * * 13 *", "month field has 13", "range");
  expect_refused("* * * * 8", "the day-of-week field has 8, out of its range 0-7", "range");
  expect_refused("99999999999999999999 * * * *", "minute field has 99999999999999999999", "range");
  expect_refused("0-60 * * * *", "minute field has 60", "range");
}

TEST(CronParse, RefusesReversedRangesAndBadSteps) {
  expect_refused("5-1 * * * *", "the minute field has the reversed range `5-1`", "range");
  expect_refused("0 0 * * FRI-SUN", "day-of-week field has the reversed range `FRI-SUN` (write 7 for Sunday", "range");
  expect_refused("*/0 * * * *", "minute field has `*/0`: the step must be from 1 to 59", "range");
  expect_refused("*/60 * * * *", "minute field has `*/60`: the step must be from 1 to 59", "range");
  expect_refused("0 */24 * * *", "hour field has `*/24`", "range");
  expect_refused("10-20/11 * * * *", "minute field has `10-20/11`: the step must be from 1 to 10", "range");
  expect_refused("0 0 * * */7", "day-of-week field has `*/7`", "range");
  expect_refused("5/15 * * * *", "minute field has `5/15`: a step follows * or a range", "format");
  expect_refused("*/x * * * *", "minute field has `*/x`, whose step is not a number", "format");
  expect_refused("*/ * * * *", "whose step is not a number", "format");
  expect_refused("*/-2 * * * *", "whose step is not a number", "format");
  expect_refused("*/2/3 * * * *", "whose step is not a number", "format");
}

TEST(CronParse, RefusesGarbage) {
  expect_refused("", "is empty", "required");
  expect_refused("   ", "is empty", "required");
  expect_refused("x * * * *", "the minute field has `x`, which is not a number", "format");
  expect_refused("1x * * * *", "the minute field has `1x`, which is not a number", "format");
  expect_refused("* * * FOO *", "the month field has `FOO`, which is neither a number nor a name (JAN-DEC)", "format");
  expect_refused("* * * * MONDAY", "day-of-week field has `MONDAY`, which is neither a number nor a name (SUN-SAT)");
  expect_refused("* * * * JAN", "day-of-week field has `JAN`");
  expect_refused("* * MON * *", "day-of-month field has `MON`, which is not a number");
  expect_refused("1,,2 * * * *", "the minute field has an empty list item", "format");
  expect_refused(",1 * * * *", "has an empty list item");
  expect_refused("1, * * * *", "has an empty list item");
  expect_refused("1- * * * *", "minute field has a range or step with a missing number");
  expect_refused("-1 * * * *", "missing number");
  expect_refused("*-5 * * * *", "has `*`, which is not a number");
  expect_refused("0 0 ? * MON", "`?`, which is not cron syntax (Quartz's ? and # are not supported", "format");
  expect_refused("0 0 * * 1#2", "`#`");
  expect_refused("0 0 L * *", "day-of-month field has `L`");
  expect_refused("0 0 * * *;", "`;`, which is not cron syntax");
  expect_refused("0 0 * * *\n", "has a character that is not cron syntax");
  expect_refused("0 0 * * \xC3\xA9", "has a character that is not cron syntax");
}

TEST(CronParse, RefusesWrongFieldCounts) {
  expect_refused("0 0 0 * * *", "has 6 fields: seconds are not supported; expected 5, minute hour day-of-month",
                 "format");
  expect_refused("0 0 * *", "has 4 fields; expected 5");
  expect_refused("0", "has 1 field; expected 5");
  expect_refused("0 0 * * * * 2026", "has 7 fields");
}

TEST(CronParse, RefusesBadMacros) {
  expect_refused("@reboot", "uses @reboot", "format");
  expect_refused("@every5m", "has the unknown macro `@every5m` (macros: @hourly", "format");
  expect_refused("@", "unknown macro `@`");
  expect_refused("@daily 5", "has text after the macro `@daily`", "format");
  expect_refused("0 @daily * * *", "hour field has `@daily`");
}

TEST(CronParse, RefusesOverLongInputs) {
  std::string text(kMaxCronBytes, ' ');  // exactly 200 bytes
  text.replace(0, 9, "0 0 * * *");
  EXPECT_TRUE(parse_cron(text).ok());
  text += ' ';
  expect_refused(text, "is longer than 200 bytes", "length");

  std::string sixty, sixty_one;
  for (int i = 0; i < 60; ++i) {
    if (i > 0) sixty += ',';
    sixty += std::to_string(i);
  }
  sixty_one = sixty;
  sixty_one += ",0";
  EXPECT_TRUE(parse_cron(sixty + " * * * *").ok());
  expect_refused(sixty_one + " * * * *", "the minute field has more than 60 list items", "format");
}

TEST(CronParse, RefusesExpressionsThatNeverFire) {
  expect_refused("0 0 30 2 *", "never fires", "never_fires");
  expect_refused("0 0 31 2 *", "never fires");
  expect_refused("0 0 31 4,6,9,11 *", "never fires");
  expect_refused("0 0 30,31 feb *", "never fires");
  expect_refused("0 0 31 2 */2", "never fires");  // `*/2` counts as `*`: February 31st AND a weekday
}

TEST(CronParse, AcceptsRareButPossibleDays) {
  EXPECT_TRUE(parse_cron("0 0 29 2 *").ok());       // leap days
  EXPECT_TRUE(parse_cron("0 0 30 2 1").ok());       // OR rule: Mondays of February
  EXPECT_TRUE(parse_cron("0 0 31 1-4 *").ok());     // January and March have a 31st
  EXPECT_TRUE(parse_cron("0 0 */30 2 */2").ok());   // AND rule: February 1st on an even weekday
}

TEST(CronParse, FieldNameIsTheCallers) {
  auto c = parse_cron("61 * * * *");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.problem().errors[0].field, "cron");
  EXPECT_EQ(c.problem().detail, "cron: the minute field has 61, out of its range 0-59");
  EXPECT_EQ(c.problem().type_slug, "validation");
}

// --- days: Vixie's OR rule ----------------------------------------------------------------------------

TEST(CronDays, BothRestrictedMatchesEither) {
  const Cron c = cron("0 0 13 * 5");  // the 13th, and every Friday
  EXPECT_TRUE(c.days_or());
  const TimeZone z = zone("UTC");
  EXPECT_EQ(next_after(c, z, utc(2026, 2, 1)), utc(2026, 2, 6));   // Friday the 6th
  EXPECT_EQ(next_after(c, z, utc(2026, 2, 6)), utc(2026, 2, 13));  // the 13th, a Friday too: once
  EXPECT_EQ(next_after(c, z, utc(2026, 2, 13)), utc(2026, 2, 20));
  EXPECT_EQ(next_after(c, z, utc(2026, 3, 7)), utc(2026, 3, 13));  // Friday the 13th (March 2026)
  EXPECT_EQ(next_after(c, z, utc(2026, 4, 10)), utc(2026, 4, 13)); // Monday the 13th
}

TEST(CronDays, StarMeansTheOtherFieldAlone) {
  const TimeZone z = zone("UTC");
  EXPECT_FALSE(cron("0 0 * * 1").days_or());
  EXPECT_EQ(next_after(cron("0 0 * * 1"), z, utc(2026, 2, 1)), utc(2026, 2, 2));    // Mondays only
  EXPECT_EQ(next_after(cron("0 0 13 * *"), z, utc(2026, 2, 1)), utc(2026, 2, 13));  // the 13th only
}

TEST(CronDays, StarStepCountsAsStarAsInVixieCron) {
  // `*/2` starts with `*`: both must match, so odd days that are Mondays.
  const Cron c = cron("0 0 */2 * 1");
  EXPECT_FALSE(c.days_or());
  const TimeZone z = zone("UTC");
  EXPECT_EQ(next_after(c, z, utc(2026, 2, 1)), utc(2026, 2, 9));    // Feb 2 is an even Monday; the 9th odd
  EXPECT_EQ(next_after(c, z, utc(2026, 2, 9)), utc(2026, 2, 23));   // the 16th is even
  // A range does not: 1-31/2 and Monday is odd days OR Mondays.
  EXPECT_TRUE(cron("0 0 1-31/2 * 1").days_or());
  EXPECT_EQ(next_after(cron("0 0 1-31/2 * 1"), z, utc(2026, 2, 1)), utc(2026, 2, 2));
}

// --- next_after --------------------------------------------------------------------------------------

TEST(CronNext, StrictlyAfter) {
  EXPECT_EQ(next("0 12 * * *", "UTC", utc(2026, 5, 1, 12, 0)), utc(2026, 5, 2, 12, 0));
  EXPECT_EQ(next("0 12 * * *", "UTC", utc(2026, 5, 1, 12, 0) - 1), utc(2026, 5, 1, 12, 0));
  EXPECT_EQ(next("* * * * *", "UTC", utc(2026, 5, 1, 12, 0)), utc(2026, 5, 1, 12, 1));
  EXPECT_EQ(next("* * * * *", "UTC", utc(2026, 5, 1, 12, 0) + 59'999), utc(2026, 5, 1, 12, 1));
  EXPECT_EQ(next("*/15 * * * *", "UTC", utc(2026, 5, 1, 12, 7)), utc(2026, 5, 1, 12, 15));
}

TEST(CronNext, RollsOverHoursDaysMonthsYears) {
  EXPECT_EQ(next("30 * * * *", "UTC", utc(2026, 5, 1, 23, 45)), utc(2026, 5, 2, 0, 30));
  EXPECT_EQ(next("0 9 * * *", "UTC", utc(2026, 12, 31, 10)), utc(2027, 1, 1, 9));
  EXPECT_EQ(next("0 0 1 * *", "UTC", utc(2026, 12, 15)), utc(2027, 1, 1));
  EXPECT_EQ(next("@yearly", "UTC", utc(2026, 1, 1)), utc(2027, 1, 1));
  EXPECT_EQ(next("15 10 * 3 *", "UTC", utc(2026, 3, 31, 10, 15)), utc(2027, 3, 1, 10, 15));
  EXPECT_EQ(next("0 8-10 * * *", "UTC", utc(2026, 5, 1, 10, 30)), utc(2026, 5, 2, 8));
}

TEST(CronNext, MonthEnds) {
  EXPECT_EQ(next("0 0 31 * *", "UTC", utc(2026, 4, 1)), utc(2026, 5, 31));  // April has no 31st
  EXPECT_EQ(next("0 0 31 * *", "UTC", utc(2026, 5, 31)), utc(2026, 7, 31));
  EXPECT_EQ(next("0 0 30 * *", "UTC", utc(2026, 2, 1)), utc(2026, 3, 30));
  EXPECT_EQ(next("0 0 29 * *", "UTC", utc(2026, 2, 1)), utc(2026, 3, 29));  // 2026 is not a leap year
  EXPECT_EQ(next("0 0 29 * *", "UTC", utc(2028, 2, 1)), utc(2028, 2, 29));
}

TEST(CronNext, LeapDays) {
  EXPECT_EQ(next("0 0 29 2 *", "UTC", utc(2026, 1, 1)), utc(2028, 2, 29));
  EXPECT_EQ(next("0 0 29 2 *", "UTC", utc(2028, 2, 29)), utc(2032, 2, 29));
  EXPECT_EQ(next("0 0 29 2 *", "UTC", utc(2096, 3, 1)), utc(2104, 2, 29));  // 2100 is not a leap year
  // Feb 29 or any Monday of February.
  EXPECT_EQ(next("0 0 29 2 1", "UTC", utc(2026, 3, 1)), utc(2027, 2, 1));
  EXPECT_EQ(next("0 0 29 2 1", "UTC", utc(2028, 2, 28)), utc(2028, 2, 29));
  // Rare AND: February 1st or 29th... on a Sunday (*/28 is 1 and 29): Feb 1 2026 is a Sunday.
  EXPECT_EQ(next("0 0 */28 2 0", "UTC", utc(2025, 3, 1)), utc(2026, 2, 1));
}

TEST(CronNext, TimeZonesWithoutDst) {
  EXPECT_EQ(next("0 9 * * *", "Asia/Kolkata", utc(2026, 1, 1)), utc(2026, 1, 1, 3, 30));  // +05:30
  EXPECT_EQ(next("0 9 * * *", "Asia/Kolkata", utc(2026, 1, 1, 3, 30)), utc(2026, 1, 2, 3, 30));
  EXPECT_EQ(next("0 0 * * *", "Asia/Kolkata", utc(2026, 1, 1)), utc(2026, 1, 1, 18, 30));
  // The local day decides the weekday: Monday 00:30 in Tokyo is Sunday 15:30 UTC.
  EXPECT_EQ(next("30 0 * * 1", "Asia/Tokyo", utc(2026, 3, 1)), utc(2026, 3, 1, 15, 30));
  EXPECT_EQ(next("0 9 * * *", "America/Argentina/Buenos_Aires", utc(2026, 1, 1)), utc(2026, 1, 1, 12));
}

// Europe/Paris: 2026-03-29 02:00 CET -> 03:00 CEST at 01:00 UTC; 2026-10-25 03:00 CEST -> 02:00 CET
// at 01:00 UTC.
TEST(CronDst, SpringForwardGapFiresWhenTheGapEnds) {
  EXPECT_EQ(next("30 2 * * *", "Europe/Paris", utc(2026, 3, 28, 12)), utc(2026, 3, 29, 1, 0));  // 03:00 CEST
  EXPECT_EQ(next("30 2 * * *", "Europe/Paris", utc(2026, 3, 29, 1, 0)), utc(2026, 3, 30, 0, 30));
  EXPECT_EQ(next("30 2 * * *", "Europe/Paris", utc(2026, 3, 27, 12)), utc(2026, 3, 28, 1, 30));  // CET
  // Every quarter hour: 02:00-02:45 do not exist; they and 03:00 fire once, at 01:00 UTC.
  EXPECT_EQ(next("*/15 * * * *", "Europe/Paris", utc(2026, 3, 29, 0, 45)), utc(2026, 3, 29, 1, 0));
  EXPECT_EQ(next("*/15 * * * *", "Europe/Paris", utc(2026, 3, 29, 1, 0)), utc(2026, 3, 29, 1, 15));
  // Just before the gap.
  EXPECT_EQ(next("59 1 * * *", "Europe/Paris", utc(2026, 3, 28, 12)), utc(2026, 3, 29, 0, 59));
  EXPECT_EQ(next("0 3 * * *", "Europe/Paris", utc(2026, 3, 28, 12)), utc(2026, 3, 29, 1, 0));
  // America/New_York: 2026-03-08 02:00 EST -> 03:00 EDT at 07:00 UTC.
  EXPECT_EQ(next("30 2 * * *", "America/New_York", utc(2026, 3, 7, 12)), utc(2026, 3, 8, 7, 0));
  EXPECT_EQ(next("30 2 * * *", "America/New_York", utc(2026, 3, 8, 7, 0)), utc(2026, 3, 9, 6, 30));
}

TEST(CronDst, FallBackOverlapFiresOnceAtTheFirstOccurrence) {
  // 02:30 happens at 00:30 UTC (CEST) and 01:30 UTC (CET): only the first.
  EXPECT_EQ(next("30 2 * * *", "Europe/Paris", utc(2026, 10, 24, 12)), utc(2026, 10, 25, 0, 30));
  EXPECT_EQ(next("30 2 * * *", "Europe/Paris", utc(2026, 10, 25, 0, 30)), utc(2026, 10, 26, 1, 30));
  // Hourly: 02:00 fires in summer time; the repeated 02:00 does not; 03:00 is at 02:00 UTC.
  EXPECT_EQ(next("0 * * * *", "Europe/Paris", utc(2026, 10, 24, 23, 30)), utc(2026, 10, 25, 0, 0));
  EXPECT_EQ(next("0 * * * *", "Europe/Paris", utc(2026, 10, 25, 0, 0)), utc(2026, 10, 25, 2, 0));
  // From inside the repeated hour (02:10 CET, the second time): its minutes already fired.
  EXPECT_EQ(next("* * * * *", "Europe/Paris", utc(2026, 10, 25, 1, 10)), utc(2026, 10, 25, 2, 0));
  EXPECT_EQ(next("0 3 * * *", "Europe/Paris", utc(2026, 10, 25, 1, 0)), utc(2026, 10, 25, 2, 0));
  EXPECT_EQ(next("0 1 * * *", "Europe/Paris", utc(2026, 10, 25, 1, 10)), utc(2026, 10, 26, 0, 0));
  // America/New_York: 2026-11-01 02:00 EDT -> 01:00 EST at 06:00 UTC; 01:30 first at 05:30 UTC.
  EXPECT_EQ(next("30 1 * * *", "America/New_York", utc(2026, 10, 31, 12)), utc(2026, 11, 1, 5, 30));
  EXPECT_EQ(next("30 1 * * *", "America/New_York", utc(2026, 11, 1, 5, 30)), utc(2026, 11, 2, 6, 30));
}

TEST(CronDst, HalfHourShiftOnLordHowe) {
  // Australia/Lord_Howe: +10:30, +11:00 in summer. 2026-10-04 02:00 -> 02:30 at 15:30 UTC the day
  // before; 2026-04-05 02:00 -> 01:30 at 15:00 UTC the day before.
  EXPECT_EQ(next("15 2 * * *", "Australia/Lord_Howe", utc(2026, 10, 3, 0)), utc(2026, 10, 3, 15, 30));
  EXPECT_EQ(next("45 2 * * *", "Australia/Lord_Howe", utc(2026, 10, 3, 0)), utc(2026, 10, 3, 15, 45));
  EXPECT_EQ(next("45 1 * * *", "Australia/Lord_Howe", utc(2026, 4, 4, 0)), utc(2026, 4, 4, 14, 45));  // +11
  EXPECT_EQ(next("45 1 * * *", "Australia/Lord_Howe", utc(2026, 4, 4, 14, 45)), utc(2026, 4, 5, 15, 15));
}

TEST(CronNext, OutsideTheSupportedRange) {
  const Cron c = cron("0 0 * * *");
  const TimeZone z = zone("UTC");
  EXPECT_FALSE(next_after(c, z, -1).has_value());
  EXPECT_EQ(next_after(c, z, 0), utc(1970, 1, 2));
  EXPECT_EQ(next_after(c, z, utc(9999, 12, 30, 12)), utc(9999, 12, 31));
  EXPECT_FALSE(next_after(c, z, utc(9999, 12, 31)).has_value());  // the next midnight is in year 10000
  EXPECT_FALSE(next_after(c, z, utc(10000, 1, 1)).has_value());
}

TEST(CronNext, ChainsThroughAYearWithoutRepeatsOrGaps) {
  // Every fire of `*/30 * * * *` in Paris over 2026, each strictly after the last: 2 per hour of the
  // wall clock's year less 2 in the gap (02:00 and 02:30 fire once, at 03:00 with it); the repeated
  // hour's wall times fire once each.
  const Cron c = cron("*/30 * * * *");
  const TimeZone z = zone("Europe/Paris");
  int64_t t = utc(2025, 12, 31, 23, 0) - 1;  // just before 2026-01-01 00:00 CET
  int count = 0;
  while (true) {
    auto n = next_after(c, z, t);
    ASSERT_TRUE(n.has_value());
    ASSERT_GT(*n, t);
    if (*n >= utc(2026, 12, 31, 23, 0)) break;
    t = *n;
    ++count;
  }
  EXPECT_EQ(count, 365 * 48 - 2);
}

TEST(CronPerformance, HundredThousandCalls) {
  // Not timed: 100,000 calls chained through rare and frequent schedules must finish (the search
  // jumps field by field; a minute-by-minute search over 8 years would take minutes).
  const TimeZone z = zone("Europe/Paris");
  const Cron rare = cron("0 0 29 2 *");
  const Cron often = cron("*/5 9-17 * * mon-fri");
  int64_t a = utc(2026, 1, 1), b = utc(2026, 1, 1);
  for (int i = 0; i < 50'000; ++i) {
    auto n = next_after(often, z, b);
    ASSERT_TRUE(n.has_value());
    b = *n;
    // The rare one from a moving start: years apart each time.
    auto r = next_after(rare, z, a + (i % 1000) * 86'400'000LL);
    ASSERT_TRUE(r.has_value());
  }
  EXPECT_GT(b, utc(2027, 6, 1));  // 108 fires a weekday: about 463 weekdays
  EXPECT_LT(b, utc(2028, 1, 1));
}

// --- time zones --------------------------------------------------------------------------------------

TEST(CronTimeZone, AcceptsIanaNames) {
  for (const char* id : {"UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe",
                         "America/Argentina/Buenos_Aires", "Etc/GMT+5", "Asia/Calcutta", "Etc/UTC"}) {
    auto z = time_zone(id);
    ASSERT_TRUE(z.ok()) << id;
    EXPECT_EQ(z->id(), id);
  }
  EXPECT_EQ(zone("Europe/Paris").offset_ms(utc(2026, 1, 15)), 3'600'000);
  EXPECT_EQ(zone("Europe/Paris").offset_ms(utc(2026, 7, 15)), 7'200'000);
  EXPECT_EQ(zone("Asia/Kolkata").offset_ms(utc(2026, 7, 15)), 19'800'000);
  EXPECT_EQ(zone("Etc/GMT+5").offset_ms(utc(2026, 7, 15)), -18'000'000);  // POSIX sign: GMT+5 is UTC-5
}

TEST(CronTimeZone, RefusesUnknownAndNonIanaNames) {
  for (const char* id : {"", "Nope/Zone", "europe/paris", "Etc/Unknown", "GMT+05:00", "PST", "IST", "BST", "EST",
                         "Europe/Paris ", "Europe/Paris\n", "../../etc/passwd", "Z", "+01:00"}) {
    auto z = time_zone(id, "settings.time_zone");
    ASSERT_FALSE(z.ok()) << id;
    EXPECT_EQ(z.problem().status, 422) << id;
    ASSERT_EQ(z.problem().errors.size(), 1u);
    EXPECT_EQ(z.problem().errors[0].field, "settings.time_zone") << id;
    EXPECT_EQ(z.problem().errors[0].code, "unknown") << id;
  }
  std::string long_id(65, 'A');
  long_id += "/B";
  EXPECT_FALSE(time_zone(long_id).ok());
  EXPECT_EQ(time_zone("Mars/Olympus").problem().errors[0].field, "time_zone");
}

TEST(CronTimeZone, FirstInstantShowing) {
  const TimeZone paris = zone("Europe/Paris");
  // Local wall times, written as if UTC.
  EXPECT_EQ(paris.first_instant_showing(utc(2026, 1, 15, 9)), utc(2026, 1, 15, 8));
  EXPECT_EQ(paris.first_instant_showing(utc(2026, 3, 29, 2, 0)), utc(2026, 3, 29, 1, 0));   // gap
  EXPECT_EQ(paris.first_instant_showing(utc(2026, 3, 29, 2, 59)), utc(2026, 3, 29, 1, 0));  // gap
  EXPECT_EQ(paris.first_instant_showing(utc(2026, 3, 29, 3, 0)), utc(2026, 3, 29, 1, 0));
  EXPECT_EQ(paris.first_instant_showing(utc(2026, 3, 29, 1, 59)), utc(2026, 3, 29, 0, 59));
  EXPECT_EQ(paris.first_instant_showing(utc(2026, 10, 25, 2, 0)), utc(2026, 10, 25, 0, 0));  // overlap
  EXPECT_EQ(paris.first_instant_showing(utc(2026, 10, 25, 3, 0)), utc(2026, 10, 25, 2, 0));
}

}  // namespace
}  // namespace rapport::jobs
