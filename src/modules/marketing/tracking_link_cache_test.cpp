#include "modules/marketing/tracking_link_cache.hpp"

#include <gtest/gtest.h>

namespace rapport::marketing {
namespace {

TEST(LinkCache, KeepsALinkUntilItsCampaignIsForgottenOrItIsTooOld) {
  LinkCache cache;
  cache.keep("w1", "c1", 0, "https://a.example/", 1000);
  cache.keep("w1", "c1", 1, "https://b.example/", 1000);
  cache.keep("w1", "c2", 0, "https://c.example/", 1000);
  EXPECT_EQ(cache.find("w1", "c1", 1, 2000), "https://b.example/");
  EXPECT_EQ(cache.find("w2", "c1", 1, 2000), std::nullopt) << "another workspace's campaign";
  EXPECT_EQ(cache.find("w1", "c1", 0, 1000 + LinkCache::kEntryTtlMs + 1), std::nullopt) << "older than the TTL";
  cache.forget_campaign("w1", "c1");
  EXPECT_EQ(cache.find("w1", "c1", 1, 2000), std::nullopt) << "a deleted campaign's link";
  EXPECT_EQ(cache.find("w1", "c2", 0, 2000), "https://c.example/") << "another campaign's stays";
  cache.forget_campaign("w1", "nothing");  // nothing kept: nothing happens
}

TEST(LinkCache, StaysBounded) {
  LinkCache cache;
  for (int64_t i = 0; i < static_cast<int64_t>(LinkCache::kMaxCached); ++i) cache.keep("w", "c", i, "https://x.example/", 0);
  EXPECT_EQ(cache.find("w", "c", 5, 0), "https://x.example/");
  cache.keep("w", "d", 0, "https://y.example/", 0);  // full: emptied first
  EXPECT_EQ(cache.find("w", "c", 5, 0), std::nullopt);
  EXPECT_EQ(cache.find("w", "d", 0, 0), "https://y.example/");
}

}  // namespace
}  // namespace rapport::marketing
