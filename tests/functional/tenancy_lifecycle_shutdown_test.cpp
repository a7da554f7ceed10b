// Stopping the server: SIGTERM under load finishes the requests in flight and carries out none it
// did not answer, and writes acknowledged before a SIGKILL survive it. Every test starts and stops
// its own servers.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tenancy_lifecycle_helpers.hpp"

namespace rapport::testing {
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

std::string http_post(const std::string& target, const std::string& token, const std::string& body) {
  return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// ---- graceful shutdown ----------------------------------------------------------------------------

TEST(Lifecycle, SigtermFinishesInFlightRequests) {
  TempDir dir;
  const std::string x = random_suffix();
  constexpr int kThreads = 10, kPerThread = 5, kTotal = kThreads * kPerThread;
  enum class Kind { Pending, Created, NotSent, ClosedWithoutResponse, Truncated, NotSuccess, Timeout };
  struct Outcome {
    Kind kind = Kind::Pending;
    int status = 0;
    std::string id, email, detail;
  };
  std::vector<Outcome> outcomes(kTotal);
  int exit_code = -99;
  {
    ServerProcess s({}, dir.path);
    HttpClient login_client(s.port());
    const std::string token = admin_token(login_client);
    ASSERT_FALSE(token.empty());
    const unsigned short port = s.port();
    std::atomic<int> finished{0}, ready{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        RawConn conn;
        ++ready;
        while (!go) std::this_thread::yield();
        for (int i = t * kPerThread; i < (t + 1) * kPerThread; ++i) {
          Outcome& o = outcomes[static_cast<std::size_t>(i)];
          o.email = "shutdown-" + std::to_string(i) + "-" + x + "@example.com";
          std::string body = json::serialize(json::object{{"last_name", "Shutdown"}, {"email", o.email}});
          if (!conn.is_open() && !conn.connect(port)) {
            o.kind = Kind::NotSent;
            ++finished;
            continue;
          }
          if (!conn.send_all(http_post("/api/v1/contacts", token, body))) {
            o.kind = Kind::NotSent;
            conn.close();
            ++finished;
            continue;
          }
          RawConn::Response res;
          switch (conn.read_response(res)) {
            case RawConn::Read::Complete:
              o.status = res.status;
              if (res.status >= 200 && res.status < 300) {
                o.kind = Kind::Created;
                boost::system::error_code ec;
                auto j = json::parse(res.body, ec);
                o.id = ec ? "" : text(j, "id");
              } else {
                o.kind = Kind::NotSuccess;
                o.detail = res.head + "\n" + res.body;
              }
              if (res.close) conn.close();
              break;
            case RawConn::Read::ClosedBeforeResponse:
              o.kind = Kind::ClosedWithoutResponse;
              conn.close();
              break;
            case RawConn::Read::Truncated:
              o.kind = Kind::Truncated;
              conn.close();
              break;
            case RawConn::Read::Timeout:
              o.kind = Kind::Timeout;
              conn.close();
              break;
          }
          ++finished;
        }
      });
    }
    while (ready < kThreads) std::this_thread::yield();
    go = true;
    // SIGTERM while most requests are still to come or in flight.
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (finished < 8 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
    exit_code = s.stop();
    for (auto& th : threads) th.join();
  }
  EXPECT_EQ(exit_code, 0) << "the server did not exit cleanly on SIGTERM";

  int created = 0, not_sent = 0, closed = 0;
  for (int i = 0; i < kTotal; ++i) {
    const Outcome& o = outcomes[static_cast<std::size_t>(i)];
    switch (o.kind) {
      case Kind::Created: ++created; break;
      case Kind::NotSent: ++not_sent; break;
      case Kind::ClosedWithoutResponse: ++closed; break;
      case Kind::Truncated: ADD_FAILURE() << "request " << i << " got a truncated response"; break;
      case Kind::NotSuccess: ADD_FAILURE() << "request " << i << " got " << o.status << ": " << o.detail; break;
      case Kind::Timeout: ADD_FAILURE() << "request " << i << " got no answer within 30 s"; break;
      case Kind::Pending: ADD_FAILURE() << "request " << i << " never ran"; break;
    }
  }
  std::cout << "  [shutdown] " << created << " created, " << not_sent << " refused before sending, " << closed
            << " closed before any response byte\n";
  EXPECT_GT(created, 0);

  ServerProcess restarted({}, dir.path);
  HttpClient c(restarted.port());
  const std::string token = admin_token(c);
  for (int i = 0; i < kTotal; ++i) {
    const Outcome& o = outcomes[static_cast<std::size_t>(i)];
    if (o.kind == Kind::Created) {
      ASSERT_FALSE(o.id.empty());
      auto g = c.call("GET", "/api/v1/contacts/" + o.id, token);
      EXPECT_EQ(g.status, 200) << "contact " << o.id << " was acknowledged with 201 but is gone after restart";
      EXPECT_EQ(text(g.json(), "email"), o.email);
    } else if (o.kind == Kind::ClosedWithoutResponse || o.kind == Kind::NotSent) {
      // A request the server closed on without answering must not have been carried out.
      auto l = c.call("GET", "/api/v1/contacts?filter%5Bemail%5D%5Beq%5D=" + o.email, token);
      ASSERT_EQ(l.status, 200) << l.body;
      EXPECT_TRUE(l.json().at("data").as_array().empty())
          << "request " << i << " was written although the connection closed without a response";
    }
  }
  auto count = c.call("GET", "/api/v1/contacts?count=true", token);
  EXPECT_EQ(count.json().at("total").as_int64(), created) << "the live count disagrees with the acknowledged creates";
}

// ---- durability -----------------------------------------------------------------------------------

TEST(Lifecycle, AcknowledgedWritesSurviveSigkill) {
  TempDir dir;
  std::vector<std::string> ids;
  auto name_of = [](int i) {
    std::string n = std::to_string(i);
    n.insert(n.begin(), 'N');
    return n;
  };
  {
    ServerProcess s({}, dir.path);
    HttpClient c(s.port());
    const std::string token = admin_token(c);
    for (int i = 0; i < 100; ++i) {
      json::value body = json::object{{"first_name", "Durable"}, {"last_name", name_of(i)}};
      auto r = c.call("POST", "/api/v1/contacts", token, &body);
      ASSERT_EQ(r.status, 201) << r.body;
      ids.push_back(text(r.json(), "id"));
    }
    s.kill_hard();
  }
  ServerProcess restarted({}, dir.path);
  HttpClient c(restarted.port());
  const std::string token = admin_token(c);
  int missing = 0;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto g = c.call("GET", "/api/v1/contacts/" + ids[i], token);
    if (g.status != 200) {
      ++missing;
      ADD_FAILURE() << "contact " << i << " (" << ids[i] << ") lost after SIGKILL: " << g.status;
      continue;
    }
    EXPECT_EQ(text(g.json(), "last_name"), name_of(static_cast<int>(i)));
    auto h = c.call("GET", "/api/v1/contacts/" + ids[i] + "/history", token);
    ASSERT_EQ(h.status, 200) << h.body;
    bool has_create = false;
    for (const auto& e : data_of(h)) has_create |= text(e, "action") == "create";
    EXPECT_TRUE(has_create) << "contact " << i << " lost its audit history: " << h.body;
  }
  EXPECT_EQ(missing, 0);
  auto count = c.call("GET", "/api/v1/contacts?count=true", token);
  EXPECT_EQ(count.json().at("total").as_int64(), 100);
}

}  // namespace
}  // namespace rapport::testing
