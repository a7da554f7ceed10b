#include "app/start_checks.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace rapport::app {
namespace {

TEST(StartChecks, ListenAddresses) {
  for (const char* good : {"127.0.0.1:8080", "0.0.0.0:0", "[::1]:8080", "::1:65535", "10.1.2.3:1"})
    EXPECT_EQ(listen_problem("--listen", good), std::nullopt) << good;
  for (const char* bad : {"", "nonsense", ":8080", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1",
                          "127.0.0.1:80x", "localhost:8080", "1.2.3:80", "[::1:80"}) {
    auto p = listen_problem("--listen", bad);
    ASSERT_TRUE(p) << bad;
    EXPECT_EQ(p->rfind("--listen \"" + std::string(bad) + "\" is not ADDRESS:PORT", 0), 0u) << *p;
  }
}

TEST(StartChecks, APortInUseIsOneSentence) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor busy(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  const std::string listen = "127.0.0.1:" + std::to_string(busy.local_endpoint().port());
  EXPECT_EQ(bind_problem(listen), listen + " is already in use; stop the process listening there or choose another --listen");
  busy.close();
  EXPECT_EQ(bind_problem(listen), std::nullopt);
  EXPECT_EQ(bind_problem("127.0.0.1:0"), std::nullopt);
}

}  // namespace
}  // namespace rapport::app
