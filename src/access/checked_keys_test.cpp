#include "access/checked_keys.hpp"

#include <gtest/gtest.h>

namespace rapport::access {
namespace {

Context key_context(const std::string& key_id) {
  Context c;
  c.workspace_id = "w1";
  c.user_id = "u1";
  c.role = "admin";
  c.api_key_id = key_id;
  c.request_id = "r-of-the-lookup";
  return c;
}

TEST(CheckedKeys, RemembersAKeyForItsTimeToLiveOnly) {
  CheckedKeys keys(1000);
  EXPECT_FALSE(keys.find("h1", 0)) << "nothing checked yet";
  keys.remember("h1", key_context("k1"), keys.epoch(), 10'000, 0);
  auto found = keys.find("h1", 10'999);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->api_key_id, "k1");
  EXPECT_EQ(found->workspace_id, "w1");
  EXPECT_TRUE(found->request_id.empty()) << "a request id belongs to one request, never to the next";
  EXPECT_FALSE(keys.find("h1", 11'000)) << "a second later it is looked up again";
  EXPECT_FALSE(keys.find("h2", 10'500)) << "another key's hash";
}

TEST(CheckedKeys, NeverPastTheKeysExpiry) {
  CheckedKeys keys(1000);
  keys.remember("h1", key_context("k1"), keys.epoch(), 10'000, 10'300);
  EXPECT_TRUE(keys.find("h1", 10'299));
  EXPECT_FALSE(keys.find("h1", 10'300)) << "the key expired: the database says so, not the cache";
  keys.remember("h2", key_context("k2"), keys.epoch(), 10'000, 9'000);
  EXPECT_FALSE(keys.find("h2", 10'000)) << "an expired key is not kept at all";
}

TEST(CheckedKeys, ForgettingDropsEverythingAndLookupsThatBeganBefore) {
  CheckedKeys keys(1000);
  keys.remember("h1", key_context("k1"), keys.epoch(), 10'000, 0);
  // A lookup begins (reading the epoch), a revocation commits and is forgotten, then the lookup's
  // answer, read before the revocation, arrives: it must not be kept.
  const uint64_t before = keys.epoch();
  keys.forget_all();
  EXPECT_FALSE(keys.find("h1", 10'001)) << "forgotten";
  keys.remember("h1", key_context("k1"), before, 10'002, 0);
  EXPECT_FALSE(keys.find("h1", 10'003)) << "an answer from before the change was kept";
  keys.remember("h1", key_context("k1"), keys.epoch(), 10'004, 0);
  EXPECT_TRUE(keys.find("h1", 10'005)) << "a lookup after the change is";
}

TEST(CheckedKeys, BoundedInEntriesAndOffWithoutATimeToLive) {
  CheckedKeys keys(1000, 3);
  for (const char* hash : {"h0", "h1", "h2"}) keys.remember(hash, key_context("k"), keys.epoch(), 10'000, 0);
  EXPECT_TRUE(keys.find("h0", 10'001));
  keys.remember("h3", key_context("k"), keys.epoch(), 10'000, 0);  // over capacity: the rest is dropped
  EXPECT_FALSE(keys.find("h0", 10'001));
  EXPECT_TRUE(keys.find("h3", 10'001));

  CheckedKeys off(0);
  off.remember("h1", key_context("k1"), off.epoch(), 10'000, 0);
  EXPECT_FALSE(off.find("h1", 10'000));
}

}  // namespace
}  // namespace rapport::access
