#include "app/key_expiry.hpp"

#include <gtest/gtest.h>

#include "platform/clock.hpp"

namespace rapport::app {
namespace {

const int64_t kNow = *clock::parse_datetime("2026-12-03T12:00:00Z");

std::string expiry(std::string_view text) {
  auto r = parse_key_expiry(text, kNow);
  return r ? *r : "error: " + r.problem().errors.at(0).message;
}

TEST(KeyExpiry, DurationsCountFromNow) {
  EXPECT_EQ(expiry("90d"), "2027-03-03T12:00:00.000Z");
  EXPECT_EQ(expiry("12h"), "2026-12-04T00:00:00.000Z");
  EXPECT_EQ(expiry("2w"), "2026-12-17T12:00:00.000Z");
}

TEST(KeyExpiry, DatesAndDateTimes) {
  EXPECT_EQ(expiry("2027-01-31"), "2027-01-31T00:00:00.000Z");
  EXPECT_EQ(expiry("2027-01-31T08:30:00+01:00"), "2027-01-31T07:30:00.000Z");
}

TEST(KeyExpiry, RefusesWhatIsNotAFutureMomentWithinTenYears) {
  for (const char* text : {"", "d", "0d", "-5d", "1.5d", "90 d", "90m", "soon", "2027-02-30", "2025-01-01", "2026-12-03",
                           "2037-01-01", "100000000w"})
    EXPECT_EQ(expiry(text).rfind("error: --expires", 0), 0u) << text << " -> " << expiry(text);
}

}  // namespace
}  // namespace rapport::app
