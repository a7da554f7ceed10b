#include "platform/net/smtp_connections.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace rapport::net {
namespace {

SmtpConnections::Handle handle() {
  curl_init_once();
  return SmtpConnections::Handle(curl_easy_init());
}

TEST(SmtpConnectionsPool, AHandleComesBackOnlyForItsKeyNewestFirst) {
  SmtpConnections pool;
  EXPECT_EQ(pool.take("a"), nullptr);
  auto first = handle(), second = handle();
  CURL* newest = second.get();
  pool.give_back("a", std::move(first));
  pool.give_back("a", std::move(second));
  EXPECT_EQ(pool.idle(), 2u);
  EXPECT_EQ(pool.take("b"), nullptr);
  auto got = pool.take("a");
  EXPECT_EQ(got.get(), newest);
  EXPECT_EQ(pool.idle(), 1u);
}

TEST(SmtpConnectionsPool, IdleHandlesAreBoundedPerKeyAndInAll) {
  SmtpConnections pool({.per_key = 2, .total = 3, .idle = std::chrono::milliseconds(60'000)});
  for (int i = 0; i < 4; ++i) pool.give_back("a", handle());
  EXPECT_EQ(pool.idle(), 2u);  // the third and fourth were closed
  pool.give_back("b", handle());
  pool.give_back("c", handle());
  EXPECT_EQ(pool.idle(), 3u);  // c's was over the total
  EXPECT_EQ(pool.take("c"), nullptr);
  EXPECT_NE(pool.take("b"), nullptr);
}

TEST(SmtpConnectionsPool, AHandleIdleTooLongIsClosed) {
  SmtpConnections pool({.per_key = 2, .total = 3, .idle = std::chrono::milliseconds(20)});
  pool.give_back("a", handle());
  std::this_thread::sleep_for(std::chrono::milliseconds(40));
  EXPECT_EQ(pool.take("a"), nullptr);
  EXPECT_EQ(pool.idle(), 0u);
}

}  // namespace
}  // namespace rapport::net
