// Tests of the HTTP server: one request on a new connection, with a deadline.
#pragma once

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <string>

#include "platform/http/server.hpp"

namespace rapport::http::test_client {

// Sends one request to 127.0.0.1:port and returns the answer's body: "" when refused, closed, or not
// answered within the timeout (connect, write and read together). The deadline is the stream's own
// timer on asynchronous operations: SO_RCVTIMEO does not bound a synchronous asio read, which polls
// again without a limit when recv times out (a ServerStop run hung there for 300 s in CI).
inline std::string fetch(unsigned short port, bhttp::verb method, const std::string& target,
                         std::chrono::seconds timeout = std::chrono::seconds(30)) {
  boost::asio::io_context ioc;
  boost::beast::tcp_stream s(ioc);
  bhttp::request<bhttp::string_body> req(method, target, 11);
  req.set(bhttp::field::host, "localhost");
  req.prepare_payload();
  boost::beast::flat_buffer buf;
  bhttp::response<bhttp::string_body> res;
  std::string body;
  s.expires_after(timeout);  // one deadline for the whole exchange: not renewed between the steps
  s.async_connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port),
                  [&](boost::beast::error_code ec) {
                    if (ec) return;
                    bhttp::async_write(s, req, [&](boost::beast::error_code ec, std::size_t) {
                      if (ec) return;
                      bhttp::async_read(s, buf, res, [&](boost::beast::error_code ec, std::size_t) {
                        if (!ec) body = res.body();
                      });
                    });
                  });
  ioc.run();
  return body;
}

}  // namespace rapport::http::test_client
