// Safe requests handled on the I/O threads (ServerOptions::inline_reads): they are, up to the bound,
// and however slowly they run, one I/O thread stays free: another connection is still accepted, read,
// handled and answered while every slot and every read worker is held by a blocked read.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "platform/http/server.hpp"
#include "platform/http/test_fetch.hpp"

namespace rapport::http {
namespace {

using test_client::fetch;

// A server whose GET /slow blocks until released; anything else answers at once.
struct InlineReadsServer {
  std::mutex mu;
  std::condition_variable cv;
  int entered = 0;
  bool released = false;
  std::unique_ptr<Server> server;
  unsigned short port = 0;

  InlineReadsServer(int io_threads, int read_workers, int inline_reads = -1) {
    ServerOptions o;
    o.port = 0;
    o.io_threads = io_threads;
    o.read_workers = read_workers;
    o.inline_reads = inline_reads;
    o.workers = 2;
    server = std::make_unique<Server>(
        o,
        [this](Request& req) {
          Response r;
          if (req.path == "/slow") {
            std::unique_lock lock(mu);
            ++entered;
            cv.notify_all();
            cv.wait(lock, [this] { return released; });
          }
          r.body = std::string(req.method()) + " " + req.path;
          return r;
        },
        [](std::string_view, std::string_view) { return std::size_t{1024}; }, nullptr);
    port = server->start();
  }
  ~InlineReadsServer() {
    release();
    server->stop(std::chrono::seconds(2));
  }
  // Waits (up to 5 s) until `n` slow requests are being handled at once.
  bool wait_entered(int n) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, std::chrono::seconds(5), [&] { return entered >= n; });
  }
  int entered_now() {
    std::lock_guard lock(mu);
    return entered;
  }
  void release() {
    std::lock_guard lock(mu);
    released = true;
    cv.notify_all();
  }
};

// Every slot on the I/O threads and every read worker is held by a blocked GET; an unsafe request
// on a new connection must still be accepted, read and answered (by the free I/O thread and a worker).
void expect_free_io_thread(int io_threads, int read_workers) {
  InlineReadsServer f(io_threads, read_workers);
  const int blocked = (io_threads - 1) + read_workers;
  std::vector<std::future<std::string>> slow;
  for (int i = 0; i < blocked; ++i) slow.push_back(std::async(std::launch::async, [&f] { return fetch(f.port, bhttp::verb::get, "/slow"); }));
  // The read workers alone cannot hold this many: the others run on I/O threads.
  ASSERT_TRUE(f.wait_entered(blocked)) << f.entered_now() << " of " << blocked << " slow reads started";
  auto other = std::async(std::launch::async, [&f] { return fetch(f.port, bhttp::verb::post, "/hello"); });
  const auto answered = other.wait_for(std::chrono::seconds(5));
  f.release();
  ASSERT_EQ(answered, std::future_status::ready) << "the other connection waited for the slow reads";
  EXPECT_EQ(other.get(), "POST /hello");
  for (auto& s : slow) EXPECT_EQ(s.get(), "GET /slow");
}

TEST(ServerInlineReads, SlowReadsOnTheIoThreadDoNotStallOtherConnections) { expect_free_io_thread(2, 1); }

TEST(ServerInlineReads, AllButOneIoThreadMayHoldASlowRead) { expect_free_io_thread(3, 1); }

// The bound: with one inline slot and one read worker, a third slow GET waits for one of them.
TEST(ServerInlineReads, NoMoreReadsRunOnIoThreadsThanTheBound) {
  InlineReadsServer f(3, 1, 1);
  std::vector<std::future<std::string>> slow;
  for (int i = 0; i < 3; ++i) slow.push_back(std::async(std::launch::async, [&f] { return fetch(f.port, bhttp::verb::get, "/slow"); }));
  ASSERT_TRUE(f.wait_entered(2));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(f.entered_now(), 2) << "a read ran beyond the inline bound";
  f.release();
  for (auto& s : slow) EXPECT_EQ(s.get(), "GET /slow");
  EXPECT_EQ(f.entered_now(), 3);
}

// One I/O thread: nothing runs on it, every read goes to the read workers.
TEST(ServerInlineReads, ASingleIoThreadRunsNoHandler) {
  InlineReadsServer f(1, 1);
  auto slow = std::async(std::launch::async, [&f] { return fetch(f.port, bhttp::verb::get, "/slow"); });
  ASSERT_TRUE(f.wait_entered(1));
  auto other = std::async(std::launch::async, [&f] { return fetch(f.port, bhttp::verb::post, "/hello"); });
  const auto answered = other.wait_for(std::chrono::seconds(5));
  f.release();
  ASSERT_EQ(answered, std::future_status::ready);
  EXPECT_EQ(other.get(), "POST /hello");
  EXPECT_EQ(slow.get(), "GET /slow");
}

}  // namespace
}  // namespace rapport::http
