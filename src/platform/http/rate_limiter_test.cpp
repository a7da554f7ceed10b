#include "platform/http/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace rapport::http {

TEST(RateLimiter, AllowsTheBurstThenTheRate) {
  RateLimiter l(10, 20);  // 10/s, bursts of 20
  int64_t t = 1'000'000;
  for (int i = 0; i < 20; ++i) EXPECT_EQ(l.take("a", t), 0) << i;
  EXPECT_EQ(l.take("a", t), 1);          // empty: wait a second at most
  EXPECT_EQ(l.take("b", t), 0);          // callers are separate
  EXPECT_EQ(l.take("a", t + 100), 0);    // 100 ms refill one token at 10/s
  EXPECT_EQ(l.take("a", t + 100), 1);
  int allowed = 0;
  for (int ms = 200; ms <= 10'100; ms += 10) allowed += l.take("a", t + ms) == 0;
  EXPECT_NEAR(allowed, 100, 2);  // ten seconds at 10/s
}

TEST(RateLimiter, RetryAfterFollowsASlowRate) {
  RateLimiter l(0.5, 1);  // one request every two seconds
  EXPECT_EQ(l.take("a", 0), 0);
  EXPECT_EQ(l.take("a", 0), 2);
  EXPECT_EQ(l.take("a", 2000), 0);
}

TEST(RateLimiter, IdleCallersAreForgotten) {
  RateLimiter l(10, 10);
  for (int i = 0; i < 1000; ++i) l.take("caller-" + std::to_string(i), 0);
  EXPECT_EQ(l.callers(), 1000u);
  l.take("late", 120'000);  // a sweep: everyone else has refilled
  EXPECT_EQ(l.callers(), 1u);
}

TEST(RateLimiter, WaitTellsWithoutTaking) {
  RateLimiter l(0.5, 2);
  EXPECT_EQ(l.wait("a", 0), 0);
  EXPECT_EQ(l.wait("a", 0), 0);  // asking twice takes nothing
  EXPECT_EQ(l.take("a", 0), 0);
  EXPECT_EQ(l.take("a", 0), 0);
  EXPECT_EQ(l.wait("a", 0), 2);  // empty: what take() would answer
  EXPECT_EQ(l.take("a", 0), 2);
  EXPECT_EQ(l.wait("a", 2000), 0);
  EXPECT_EQ(l.take("a", 2000), 0);
}

}  // namespace rapport::http
