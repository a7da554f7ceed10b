#include "platform/e164_memo.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "platform/formats.hpp"

namespace rapport::formats {
namespace {

TEST(E164Memo, KnowsTheNumbersItWasToldOfAndStaysBounded) {
  E164Memo memo(3);
  EXPECT_FALSE(memo.knows("+16502530000"));
  memo.remember("+16502530000");
  EXPECT_TRUE(memo.knows("+16502530000"));
  EXPECT_FALSE(memo.knows("16502530000")) << "only the E.164 text itself";
  EXPECT_FALSE(memo.knows("+1 650 253 0000"));
  EXPECT_FALSE(memo.knows("+"));
  memo.remember("+442079460958");
  memo.remember("+4930123456");
  EXPECT_EQ(memo.size(), 3u);
  memo.remember("+33142685300");  // full: starts again
  EXPECT_EQ(memo.size(), 1u);
  EXPECT_TRUE(memo.knows("+33142685300"));
  EXPECT_FALSE(memo.knows("+16502530000"));
}

TEST(E164Memo, TakesManyThreadsAtOnce) {
  E164Memo memo(1000);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&memo, t] {
      for (int i = 0; i < 5000; ++i) {
        std::string n = "+1650253";
        n += std::to_string(1000 + (i * 4 + t) % 9000);
        memo.remember(n);
        (void)memo.knows(n);
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_LE(memo.size(), 1000u);
}

// The second check of a number, given as the first one's answer, does not parse it again; a number
// written another way is parsed (and gives the same answer).
TEST(E164Memo, ToE164ParsesANumberOnce) {
  const uint64_t before = known_e164_numbers().parses();
  auto first = to_e164("+44 20 7946 0321", "");
  ASSERT_EQ(first, std::optional<std::string>("+442079460321"));
  EXPECT_EQ(known_e164_numbers().parses(), before + 1);
  EXPECT_EQ(to_e164(*first, "US"), first) << "an E.164 text is the same number whatever the region";
  EXPECT_EQ(to_e164(*first, ""), first);
  EXPECT_EQ(known_e164_numbers().parses(), before + 1);
  EXPECT_EQ(to_e164("020 7946 0321", "GB"), first);
  EXPECT_EQ(known_e164_numbers().parses(), before + 2);
  EXPECT_EQ(to_e164("+999 123", ""), std::nullopt);
  EXPECT_EQ(to_e164("+999 123", ""), std::nullopt) << "an invalid number is never remembered";
  EXPECT_EQ(known_e164_numbers().parses(), before + 4);
}

}  // namespace
}  // namespace rapport::formats
