#include "modules/marketing/tracking_flags.hpp"

#include <gtest/gtest.h>

namespace rapport::marketing {
namespace {

constexpr int64_t kIssued = 1'780'000'000;
constexpr int64_t kLater = (kIssued + 3600) * 1000;
const char* kPhone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148";

TEST(TrackingFlags, APersonsClientAnHourLaterIsNotFlagged) {
  auto f = judge_event(kPhone, kIssued, kLater);
  EXPECT_FALSE(f.bot);
  EXPECT_FALSE(f.prefetch);
  EXPECT_FALSE(judge_event("Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0 Safari/537.36", kIssued, kLater).bot);
}

TEST(TrackingFlags, ScannersAndAgentlessRequestsAreBots) {
  for (const char* ua : {"", "Mozilla/5.0 (compatible; Googlebot/2.1)", "Barracuda Sentinel (EE)", "python-requests/2.31",
                         "curl/8.5.0", "Mozilla/5.0 HeadlessChrome/120", "Proofpoint URL Defense", "Go-http-client/1.1"})
    EXPECT_TRUE(judge_event(ua, kIssued, kLater).bot) << ua;
  EXPECT_TRUE(judge_event(std::string(600, 'a') + "bot", kIssued, kLater).bot == false) << "only the first 512 bytes are read";
}

TEST(TrackingFlags, AnInstantFetchOrApplesProxyIsAPrefetch) {
  EXPECT_TRUE(judge_event(kPhone, kIssued, (kIssued + 3) * 1000).prefetch);
  EXPECT_FALSE(judge_event(kPhone, kIssued, (kIssued + kPrefetchWindowS) * 1000).prefetch);
  EXPECT_TRUE(judge_event("Mozilla/5.0", kIssued, kLater).prefetch);
  EXPECT_FALSE(judge_event("Mozilla/5.0", kIssued, kLater).bot);
}

}  // namespace
}  // namespace rapport::marketing
