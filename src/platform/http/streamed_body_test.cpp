// The server's streamed bodies (BodyStream): chunked pieces in order, produced off the I/O threads,
// a connection kept alive after the last chunk, a failing producer cutting the body short, and a
// client that leaves making the producer hear of it.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <thread>

#include "platform/http/server.hpp"

namespace rapport::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;

class Pieces final : public BodyStream {
 public:
  Pieces(int count, std::size_t size, std::atomic<int>& abandoned, int fail_at = -1)
      : count_(count), size_(size), abandoned_(abandoned), fail_at_(fail_at) {}
  bool next(std::string& out) override {
    if (sent_ == fail_at_) throw std::runtime_error("the producer failed");
    if (sent_ % 2 == 1 && !skipped_) {  // a call that produces nothing yet
      skipped_ = true;
      return true;
    }
    skipped_ = false;
    out.append(size_, static_cast<char>('a' + sent_ % 26));
    return ++sent_ < count_;
  }
  void abandoned() override { ++abandoned_; }

 private:
  int count_;
  std::size_t size_;
  std::atomic<int>& abandoned_;
  int fail_at_;
  int sent_ = 0;
  bool skipped_ = false;
};

struct Fixture {
  std::atomic<int> abandoned{0};
  std::atomic<int> fail_at{-1};
  std::atomic<std::size_t> piece{10};
  std::atomic<int> pieces{5};
  std::unique_ptr<Server> server;
  unsigned short port = 0;

  Fixture() {
    ServerOptions o;
    o.port = 0;
    o.io_threads = 1;
    o.read_workers = 2;
    o.workers = 2;
    server = std::make_unique<Server>(
        o,
        [this](Request& req) {
          Response r;
          if (req.path == "/plain") {
            r.body = "plain";
            return r;
          }
          r.content_type = "text/plain";
          r.stream = std::make_shared<Pieces>(pieces.load(), piece.load(), abandoned, fail_at.load());
          return r;
        },
        [](std::string_view, std::string_view) { return std::size_t{1024}; }, nullptr);
    port = server->start();
  }
  ~Fixture() { server->stop(std::chrono::seconds(2)); }
};

beast::tcp_stream connect(asio::io_context& ioc, unsigned short port) {
  beast::tcp_stream s(ioc);
  s.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  return s;
}

bhttp::response<bhttp::string_body> get(beast::tcp_stream& s, const std::string& target, beast::error_code& ec, int version = 11) {
  bhttp::request<bhttp::empty_body> req(bhttp::verb::get, target, version);
  req.set(bhttp::field::host, "localhost");
  bhttp::write(s, req);
  beast::flat_buffer buf;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(s, buf, res, ec);
  return res;
}

TEST(StreamedBody, PiecesArriveChunkedInOrderAndTheConnectionStaysOpen) {
  Fixture f;
  asio::io_context ioc;
  auto s = connect(ioc, f.port);
  beast::error_code ec;
  auto res = get(s, "/export", ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_TRUE(res.chunked());
  EXPECT_EQ(res[bhttp::field::content_type], "text/plain");
  EXPECT_EQ(res.body(), std::string(10, 'a') + std::string(10, 'b') + std::string(10, 'c') + std::string(10, 'd') + std::string(10, 'e'));
  auto again = get(s, "/plain", ec);  // the same connection
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(again.body(), "plain");
  EXPECT_EQ(f.abandoned.load(), 0);
}

TEST(StreamedBody, AnHttp10ClientGetsTheBodyUntilTheConnectionCloses) {
  Fixture f;
  asio::io_context ioc;
  auto s = connect(ioc, f.port);
  beast::error_code ec;
  auto res = get(s, "/export", ec, 10);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_FALSE(res.chunked());
  EXPECT_EQ(res.body().size(), 50u);
}

TEST(StreamedBody, AFailingProducerCutsTheBodyShort) {
  Fixture f;
  f.fail_at = 2;
  asio::io_context ioc;
  auto s = connect(ioc, f.port);
  beast::error_code ec;
  auto res = get(s, "/export", ec);
  EXPECT_TRUE(ec) << "the body must not look complete";
  EXPECT_EQ(f.abandoned.load(), 0) << "a producer that failed is not told again";
}

TEST(StreamedBody, AClientThatLeavesIsNoticed) {
  Fixture f;
  f.pieces = 100000;
  f.piece = 64 * 1024;  // far more than the socket buffers hold
  {
    asio::io_context ioc;
    auto s = connect(ioc, f.port);
    bhttp::request<bhttp::empty_body> req(bhttp::verb::get, "/export", 11);
    req.set(bhttp::field::host, "localhost");
    bhttp::write(s, req);
    char some[4096];
    beast::error_code ec;
    s.socket().read_some(asio::buffer(some), ec);  // the answer has started
    ASSERT_FALSE(ec);
    s.socket().close();
  }
  for (int i = 0; i < 100 && f.abandoned.load() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(f.abandoned.load(), 1);
}

}  // namespace
}  // namespace rapport::http
