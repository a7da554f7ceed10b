#include "access/login_throttle.hpp"

#include <gtest/gtest.h>

#include "platform/http/client_address.hpp"

namespace rapport::access {
namespace {

constexpr int64_t kHour = 3600;
constexpr int64_t kNow = 1'800'000'000'000;  // ms

TEST(ThrottlePolicy, FreeFailuresThenDoublingWaitsUpToTheCap) {
  ThrottleLimits l{5, 900, 100};
  for (int64_t f = 0; f < 5; ++f) EXPECT_EQ(throttle_wait_seconds(l, kHour, f, kNow, kNow - 1000, kNow), 0) << f;
  // Measured from the newest failure: 2 s after the fifth, then 4, 8, ...
  EXPECT_EQ(throttle_wait_seconds(l, kHour, 5, kNow, kNow - 60'000, kNow), 2);
  EXPECT_EQ(throttle_wait_seconds(l, kHour, 6, kNow, kNow - 60'000, kNow), 4);
  EXPECT_EQ(throttle_wait_seconds(l, kHour, 7, kNow, kNow - 60'000, kNow), 8);
  EXPECT_EQ(throttle_wait_seconds(l, kHour, 14, kNow, kNow - 60'000, kNow), 900) << "capped";
  EXPECT_EQ(throttle_wait_seconds(l, kHour, 60, kNow, kNow - 60'000, kNow), 900) << "no overflow for large counts";
  // Time already waited counts; partial seconds round up; a wait that is over is no wait.
  EXPECT_EQ(throttle_wait_seconds(l, kHour, 7, kNow - 5'500, kNow - 60'000, kNow), 3);
  EXPECT_EQ(throttle_wait_seconds(l, kHour, 7, kNow - 8'000, kNow - 60'000, kNow), 0);
}

TEST(ThrottlePolicy, TheHourlyCapBlocksUntilTheOldestFailureIsAnHourOld) {
  ThrottleLimits l{5, 0, 100};  // back-off off: only the cap
  EXPECT_EQ(throttle_wait_seconds(l, kHour, 99, kNow, kNow - 10'000, kNow), 0);
  EXPECT_EQ(throttle_wait_seconds(l, kHour, 100, kNow, kNow - 10'000, kNow), kHour - 10);
  EXPECT_EQ(throttle_wait_seconds(l, kHour, 100, kNow, kNow - kHour * 1000 + 200, kNow), 1) << "never 0 while at the cap";
  ThrottleLimits with_backoff{5, 900, 100};
  EXPECT_EQ(throttle_wait_seconds(with_backoff, kHour, 150, kNow - 2000'000, kNow - 3000'000, kNow), kHour - 3000);
}

TEST(ThrottlePolicy, KeysNameTheAccountCaseInsensitivelyAndTheAddress) {
  EXPECT_EQ(account_key("Admin@Example.COM"), "acct:admin@example.com");
  EXPECT_EQ(address_key("192.0.2.7"), "ip:192.0.2.7");
}

http::Request from(std::string remote, std::string xff = "") {
  http::Request r;
  r.remote = std::move(remote);
  if (!xff.empty()) r.raw.set("X-Forwarded-For", xff);
  return r;
}

TEST(ClientAddress, ForwardedForCountsOnlyFromATrustedProxy) {
  http::ClientAddress none;
  EXPECT_EQ(none.of(from("203.0.113.9", "198.51.100.1")), "203.0.113.9") << "no proxy trusted: the header is ignored";

  http::ClientAddress proxy({"127.0.0.1", "10.0.0.2"});
  EXPECT_EQ(proxy.of(from("203.0.113.9", "198.51.100.1")), "203.0.113.9") << "an untrusted peer's header is ignored";
  EXPECT_EQ(proxy.of(from("127.0.0.1", "198.51.100.1")), "198.51.100.1");
  // A client's own X-Forwarded-For comes first; nginx appends the address it saw: the rightmost
  // untrusted entry is the client.
  EXPECT_EQ(proxy.of(from("127.0.0.1", "1.2.3.4, 198.51.100.1")), "198.51.100.1");
  EXPECT_EQ(proxy.of(from("127.0.0.1", "198.51.100.1, 10.0.0.2")), "198.51.100.1") << "a chain of trusted proxies";
  EXPECT_EQ(proxy.of(from("127.0.0.1", "evil, 198.51.100.1")), "198.51.100.1");
  EXPECT_EQ(proxy.of(from("127.0.0.1", "not-an-address")), "127.0.0.1");
  EXPECT_EQ(proxy.of(from("127.0.0.1")), "127.0.0.1") << "no header: the proxy itself";
  EXPECT_EQ(proxy.of(from("::ffff:127.0.0.1", "198.51.100.1")), "198.51.100.1") << "IPv4-mapped peers";
  EXPECT_THROW(http::ClientAddress({"proxy.example"}), std::invalid_argument);
  EXPECT_EQ(http::ClientAddress::split_list(" 127.0.0.1, ,10.0.0.2 "), (std::vector<std::string>{"127.0.0.1", "10.0.0.2"}));
}

}  // namespace
}  // namespace rapport::access
