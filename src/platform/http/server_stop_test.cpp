// A server stopped while connections keep arriving, with several I/O threads: stop() returns, every
// client gets an answer or a closed connection, and afterwards nothing is accepted. The first
// ThreadSanitizer run (scripts/tsan.sh, which runs ServerStop.*) reported stop()'s close of the
// acceptor racing with an accept's completion on another I/O thread; the acceptor now has a strand
// of its own. In a plain build this checks the stop's outcome; under TSan, the race is the failure.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "platform/http/server.hpp"
#include "platform/http/test_fetch.hpp"

namespace rapport::http {
namespace {

// One GET /hello: its answer's body, or "" when refused, closed or not answered within 2 s (a
// request read just as the I/O threads stop is neither answered nor closed until the server goes).
std::string ask_hello(unsigned short port) { return test_client::fetch(port, bhttp::verb::get, "/hello", std::chrono::seconds(2)); }

TEST(ServerStop, StopsWhileConnectionsArriveOnEveryIoThread) {
  for (int round = 0; round < 10; ++round) {
    ServerOptions o;
    o.port = 0;
    o.io_threads = 3;
    o.read_workers = 1;
    o.workers = 1;
    const auto hello = [](Request&) {
      Response r;
      r.body = "hello";
      return r;
    };
    Server server(o, hello, [](std::string_view, std::string_view) { return std::size_t{1024}; }, nullptr);
    const unsigned short port = server.start();
    std::atomic<bool> done{false};
    std::atomic<int> answered{0};
    std::vector<std::thread> clients;
    for (int i = 0; i < 3; ++i)
      clients.emplace_back([&] {
        while (!done)
          if (ask_hello(port) == "hello") ++answered;
      });
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (answered < 5 && std::chrono::steady_clock::now() < until) std::this_thread::yield();
    EXPECT_GE(answered, 5) << "round " << round << ": the server answered too few before its stop";
    server.stop(std::chrono::seconds(2));
    done = true;
    for (auto& t : clients) t.join();
    EXPECT_EQ(ask_hello(port), "") << "round " << round << ": a stopped server answered";
  }
}

// The stop test relies on its client giving up: a server that accepts and never answers (as one whose
// I/O threads stopped just after reading a request) gets "" back once the deadline passes, not a hang.
TEST(ServerStop, TheTestClientGivesUpOnAConnectionNeverAnswered) {
  namespace ip = boost::asio::ip;
  boost::asio::io_context ioc;
  ip::tcp::acceptor listener(ioc, ip::tcp::endpoint(ip::make_address("127.0.0.1"), 0));
  ip::tcp::socket held(ioc);
  std::thread accept([&] { listener.accept(held); });  // accepted and read by no one
  const auto began = std::chrono::steady_clock::now();
  EXPECT_EQ(ask_hello(listener.local_endpoint().port()), "");
  EXPECT_LT(std::chrono::steady_clock::now() - began, std::chrono::seconds(10));
  accept.join();
}

}  // namespace
}  // namespace rapport::http
