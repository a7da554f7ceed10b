// Tests of the HTTP server: one request on a new connection, synchronously.
#pragma once

#include <sys/socket.h>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <string>

#include "platform/http/server.hpp"

namespace rapport::http::test_client {

// Sends one request to 127.0.0.1:port and returns the answer's body: "" when refused, closed, or (with
// a timeout) not answered in time.
inline std::string fetch(unsigned short port, bhttp::verb method, const std::string& target,
                         std::chrono::seconds timeout = std::chrono::seconds(0)) {
  boost::asio::io_context ioc;
  boost::beast::tcp_stream s(ioc);
  boost::beast::error_code ec;
  s.socket().connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port), ec);
  if (ec) return "";
  if (timeout.count() > 0) {
    const timeval wait{.tv_sec = static_cast<time_t>(timeout.count()), .tv_usec = 0};
    setsockopt(s.socket().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  }
  bhttp::request<bhttp::string_body> req(method, target, 11);
  req.set(bhttp::field::host, "localhost");
  req.prepare_payload();
  bhttp::write(s, req, ec);
  if (ec) return "";
  boost::beast::flat_buffer buf;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(s, buf, res, ec);
  return ec ? "" : res.body();
}

}  // namespace rapport::http::test_client
