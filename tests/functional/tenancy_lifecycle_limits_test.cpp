// Request limits and timeouts: an oversized body is refused before it is read, and a stalled
// request neither blocks others nor stays open past the read timeout. Every test starts and stops
// its own servers.
#include <chrono>
#include <iostream>
#include <string>

#include <gtest/gtest.h>

#include "tenancy_lifecycle_helpers.hpp"

namespace rapport::testing {
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

// ---- request limits and timeouts ------------------------------------------------------------------

TEST(Lifecycle, OversizedBodyIs413) {
  ServerProcess s;
  HttpClient c(s.port());
  const std::string token = admin_token(c);
  RawConn conn;
  ASSERT_TRUE(conn.connect(s.port(), 20));
  std::string head = "POST /api/v1/contacts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
                     "\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n{\"last_name\":\"";
  ASSERT_TRUE(conn.send_all(head));
  auto started = std::chrono::steady_clock::now();
  RawConn::Response res;
  auto got = conn.read_response(res);
  ASSERT_EQ(got, RawConn::Read::Complete) << "no response to an oversized request";
  EXPECT_EQ(res.status, 413) << res.head << "\n" << res.body;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s) << "the server waited for the body before refusing it";
  EXPECT_NE(res.head.find("application/problem+json"), std::string::npos) << res.head;
  // The same when the size shows only in a chunk header.
  RawConn chunked;
  ASSERT_TRUE(chunked.connect(s.port(), 20));
  ASSERT_TRUE(chunked.send_all("POST /api/v1/contacts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
                               "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n4C4B40\r\n{\"last_name\":\""));
  RawConn::Response res2;
  ASSERT_EQ(chunked.read_response(res2), RawConn::Read::Complete) << "no response to an oversized chunked request";
  EXPECT_EQ(res2.status, 413) << res2.head << "\n" << res2.body;
  // The server is fine, and nothing was created.
  EXPECT_EQ(c.request("GET", "/healthz").status, 200);
  auto count = c.call("GET", "/api/v1/contacts?count=true", token);
  EXPECT_EQ(count.json().at("total").as_int64(), 0);
  // A body within the limit is accepted.
  json::value ok = json::object{{"last_name", "Small"}, {"description", std::string(9000, 'x')}};
  EXPECT_EQ(c.call("POST", "/api/v1/contacts", token, &ok).status, 201);
}

TEST(Lifecycle, HalfARequestDoesNotBlockOthers) {
  ServerProcess s;
  RawConn slow;
  ASSERT_TRUE(slow.connect(s.port()));
  ASSERT_TRUE(slow.send_all("GET /heal"));
  HttpClient c(s.port());
  for (int i = 0; i < 3; ++i) EXPECT_EQ(c.request("GET", "/healthz").status, 200);
  // A second stalled connection in the middle of its headers does not either.
  RawConn slow2;
  ASSERT_TRUE(slow2.connect(s.port()));
  ASSERT_TRUE(slow2.send_all("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: "));
  EXPECT_EQ(c.request("GET", "/healthz").status, 200);
  EXPECT_EQ(s.stop(), 0) << "a stalled connection kept the server from stopping cleanly";
}

// The read timeout bounds a request from its first byte (here 2 s instead of the default 30 s).
TEST(Lifecycle, HalfARequestLineIsClosedWithinTheReadTimeout) {
  ServerProcess s({"--read-timeout", "2", "--idle-timeout", "60"});
  RawConn conn;
  ASSERT_TRUE(conn.connect(s.port()));
  ASSERT_TRUE(conn.send_all("GET /heal"));
  auto started = std::chrono::steady_clock::now();
  // Bounds far from both timeouts, so a loaded machine cannot blur them: closed, and well before the
  // 60 s idle timeout could have done it.
  bool closed = conn.wait_closed(45s);
  auto took = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started);
  ASSERT_TRUE(closed) << "the server kept a connection with half a request line open for over 45 s";
  EXPECT_LE(took.count(), 30) << "closed only after " << took.count() << " s (the idle timeout is 60 s)";
  std::cout << "  [timeout] half a request line was closed after " << took.count() << " s\n";
}

}  // namespace
}  // namespace rapport::testing
