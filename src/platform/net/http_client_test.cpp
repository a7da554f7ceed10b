#include "platform/net/http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

namespace rapport::net {
namespace {

using namespace std::chrono_literals;

// A one-thread HTTP server on 127.0.0.1 that counts the connections it accepts and answers each
// request the way its mode says.
class TestServer {
 public:
  enum class Mode { ok, redirect, huge, silent };

  explicit TestServer(Mode mode) : mode_(mode) {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || listen(fd_, 16) != 0) std::abort();
    socklen_t len = sizeof a;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { run(); });
  }
  ~TestServer() {
    stop_ = true;
    thread_.join();
    close(fd_);
  }

  int port() const { return port_; }
  int accepts() const { return accepts_; }
  std::string last_request() const {
    std::lock_guard lock(mutex_);
    return last_request_;
  }

 private:
  void run() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 20) <= 0) continue;
      int c = accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (c < 0) continue;
      ++accepts_;
      serve(c);
      close(c);
    }
  }

  // Reads the head and a Content-Length body, then answers.
  void serve(int c) {
    std::string in;
    char buf[4096];
    auto deadline = std::chrono::steady_clock::now() + 2s;
    while (!stop_ && std::chrono::steady_clock::now() < deadline) {
      auto head_end = in.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        auto cl = in.find("Content-Length: ");
        std::size_t body = cl == std::string::npos ? 0 : std::stoul(in.substr(cl + 16));
        if (in.size() >= head_end + 4 + body) break;
      }
      pollfd p{c, POLLIN, 0};
      if (poll(&p, 1, 20) <= 0) continue;
      auto n = recv(c, buf, sizeof buf, 0);
      if (n <= 0) return;
      in.append(buf, std::size_t(n));
    }
    {
      std::lock_guard lock(mutex_);
      last_request_ = in;
    }
    std::string out;
    switch (mode_) {
      case Mode::ok:
        out = "HTTP/1.1 200 OK\r\nContent-Length: 8\r\nConnection: close\r\n\r\nreceived";
        break;
      case Mode::redirect:
        out = "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:" + std::to_string(port_) +
              "/elsewhere\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        break;
      case Mode::huge:
        out = "HTTP/1.1 200 OK\r\nContent-Length: 4194304\r\nConnection: close\r\n\r\n" + std::string(4 << 20, 'x');
        break;
      case Mode::silent:
        while (!stop_) std::this_thread::sleep_for(10ms);  // holds the connection, answers nothing
        return;
    }
    for (std::size_t sent = 0; sent < out.size() && !stop_;) {
      auto n = send(c, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;  // the client stopped reading
      sent += std::size_t(n);
    }
  }

  Mode mode_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepts_{0};
  mutable std::mutex mutex_;
  std::string last_request_;
  std::thread thread_;
};

HttpClient client(std::vector<std::string> allowed = {}) { return HttpClient({.allow = AllowList(allowed)}); }

HttpRequest post(const std::string& url) {
  return {.url = url, .headers = {{"Content-Type", "application/json"}, {"webhook-id", "msg_1"}}, .body = R"({"a":1})"};
}

std::string at(const TestServer& s, const std::string& host = "127.0.0.1") {
  return "http://" + host + ":" + std::to_string(s.port()) + "/hook";
}

TEST(HttpClient, RefusesLoopbackWithoutTheAllowListAndNeverConnects) {
  TestServer server(TestServer::Mode::ok);
  auto r = client().send(post(at(server)));
  EXPECT_EQ(r.failure, HttpFailure::refused);
  EXPECT_EQ(r.error.rfind("names 127.0.0.1, a loopback address", 0), 0u) << r.error;
  EXPECT_EQ(r.remote_address, "");
  auto by_name = client().send(post(at(server, "localhost")));
  EXPECT_EQ(by_name.failure, HttpFailure::refused);
  EXPECT_EQ(by_name.error.rfind("localhost resolves to 127.0.0.1, a loopback address", 0), 0u) << by_name.error;
  EXPECT_EQ(client().send(post("http://2130706433:" + std::to_string(server.port()) + "/")).failure,
            HttpFailure::refused);
  EXPECT_EQ(client().send(post("http://[::ffff:127.0.0.1]:" + std::to_string(server.port()) + "/")).failure,
            HttpFailure::refused);
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(server.accepts(), 0);
}

TEST(HttpClient, DeliversToAnAllowListedHost) {
  TestServer server(TestServer::Mode::ok);
  auto r = client({"127.0.0.1"}).send(post(at(server)));
  ASSERT_EQ(r.failure, HttpFailure::none) << r.error;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "received");
  EXPECT_FALSE(r.body_truncated);
  EXPECT_EQ(r.remote_address, "127.0.0.1");
  EXPECT_LT(r.duration, 1000ms);
  auto request = server.last_request();
  EXPECT_EQ(request.rfind("POST /hook HTTP/1.1\r\n", 0), 0u) << request;
  EXPECT_NE(request.find("\r\nwebhook-id: msg_1\r\n"), std::string::npos);
  EXPECT_NE(request.find("\r\nContent-Type: application/json\r\n"), std::string::npos);
  EXPECT_EQ(request.find("Expect:"), std::string::npos);
  EXPECT_EQ(request.substr(request.size() - 7), R"({"a":1})");

  auto by_name = client({"localhost"}).send(post(at(server, "localhost")));
  ASSERT_EQ(by_name.failure, HttpFailure::none) << by_name.error;
  EXPECT_EQ(by_name.status, 200);
  auto put = post(at(server));
  put.method = "PUT";
  EXPECT_EQ(client({"127.0.0.1"}).send(put).status, 200);
  EXPECT_EQ(server.last_request().rfind("PUT /hook HTTP/1.1\r\n", 0), 0u);
  EXPECT_EQ(server.accepts(), 3);
}

TEST(HttpClient, DoesNotFollowRedirects) {
  TestServer server(TestServer::Mode::redirect);
  auto r = client({"127.0.0.1"}).send(post(at(server)));
  ASSERT_EQ(r.failure, HttpFailure::none) << r.error;
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(server.accepts(), 1);
  EXPECT_EQ(server.last_request().rfind("POST /hook ", 0), 0u);
}

TEST(HttpClient, StopsReadingTheBodyAtTheLimit) {
  TestServer server(TestServer::Mode::huge);
  auto request = post(at(server));
  request.max_response_bytes = 64 * 1024;
  auto r = client({"127.0.0.1"}).send(request);
  ASSERT_EQ(r.failure, HttpFailure::none) << r.error;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.size(), 64u * 1024);
  EXPECT_TRUE(r.body_truncated);
  EXPECT_EQ(r.body, std::string(64 * 1024, 'x'));
}

TEST(HttpClient, ASilentServerHitsTheTotalTimeout) {
  TestServer server(TestServer::Mode::silent);
  auto request = post(at(server));
  request.total_timeout = 300ms;
  auto r = client({"127.0.0.1"}).send(request);
  EXPECT_EQ(r.failure, HttpFailure::timeout) << r.error;
  EXPECT_GE(r.duration, 290ms);
  EXPECT_LT(r.duration, 1000ms);
  EXPECT_EQ(r.status, 0);
}

TEST(HttpClient, ReportsConnectionAndRequestFailures) {
  int closed_port;
  {
    TestServer gone(TestServer::Mode::ok);
    closed_port = gone.port();
  }
  auto r = client({"127.0.0.1"}).send(post("http://127.0.0.1:" + std::to_string(closed_port) + "/"));
  EXPECT_EQ(r.failure, HttpFailure::connect) << r.error;
  EXPECT_EQ(client().send(post("ftp://example.com/")).failure, HttpFailure::invalid_request);
  EXPECT_EQ(client().send(post("http://user:pw@example.com/")).failure, HttpFailure::invalid_request);
  auto bad_header = post("http://127.0.0.1/");
  bad_header.headers.push_back({"X-Evil", "a\r\nHost: other"});
  EXPECT_EQ(client({"127.0.0.1"}).send(bad_header).failure, HttpFailure::invalid_request);
  auto bad_method = post("http://127.0.0.1/");
  bad_method.method = "POST /x";
  EXPECT_EQ(client({"127.0.0.1"}).send(bad_method).failure, HttpFailure::invalid_request);
  HttpClient no_dns({.resolver = [](const std::string&, std::chrono::milliseconds) {
    return Resolution{Resolution::Status::not_found, {}, "Name or service not known"};
  }});
  auto dns = no_dns.send(post("https://nowhere.example.com/"));
  EXPECT_EQ(dns.failure, HttpFailure::dns);
  EXPECT_EQ(dns.error, "nowhere.example.com does not resolve (Name or service not known)");
  EXPECT_EQ(to_string(dns.failure), "dns");
}

// The resolver of these tests answers the check with one address; curl must connect there or nowhere.
Resolver answering(const char* address) {
  return [address](const std::string&, std::chrono::milliseconds) {
    return Resolution{Resolution::Status::ok, {boost::asio::ip::make_address(address)}, ""};
  };
}

TEST(HttpClient, ConnectsOnlyToTheAddressesItChecked) {
  TestServer server(TestServer::Mode::ok);
  // Pinned: a name DNS does not know reaches the address the check resolved it to.
  HttpClient pinned({.allow = AllowList({"receiver.test"}), .resolver = answering("127.0.0.1")});
  auto r = pinned.send(post(at(server, "receiver.test")));
  ASSERT_EQ(r.failure, HttpFailure::none) << r.error;
  EXPECT_EQ(r.remote_address, "127.0.0.1");
  EXPECT_EQ(server.accepts(), 1);

  // The pin holds for the host however the URL writes it (capitals, a final dot).
  auto request = post(at(server, "RECEIVER.Test."));
  request.total_timeout = 1s;
  auto written_otherwise = pinned.send(request);
  ASSERT_EQ(written_otherwise.failure, HttpFailure::none) << written_otherwise.error;
  EXPECT_EQ(server.accepts(), 2);

  // Rebinding: the check saw a public address, curl's own resolution (pinning off) finds loopback;
  // the connect-time gate refuses it.
  HttpClient rebound({.resolver = answering("93.184.216.34"), .pin_addresses = false});
  auto refused = rebound.send(post(at(server, "localhost")));
  EXPECT_EQ(refused.failure, HttpFailure::refused) << refused.error;
  // curl knows localhost as 127.0.0.1 and, where IPv6 works, ::1: either may be the one it tried first.
  EXPECT_TRUE(refused.error == "refused a connection to 127.0.0.1, a loopback address, which was not among the "
                               "checked addresses" ||
              refused.error == "refused a connection to ::1, a loopback address, which was not among the checked "
                               "addresses")
      << refused.error;
  EXPECT_EQ(server.accepts(), 2);
}

TEST(HttpClient, MaySendFromSeveralThreadsAtOnce) {
  TestServer server(TestServer::Mode::ok);
  auto c = client({"127.0.0.1"});
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      for (int j = 0; j < 3; ++j) ok += c.send(post(at(server))).status == 200;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 12);
}

}  // namespace
}  // namespace rapport::net
