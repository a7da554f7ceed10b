// The server side of one WebSocket connection (Boost.Beast), made from an HTTP connection whose
// handler accepted the upgrade. Everything runs on the connection's strand: one read always pending
// (control frames; {"op":"ping"} is answered with {"op":"pong"}, other messages are ignored), a queue
// of outgoing text written one message at a time. Idle connections get pings from the server and
// are dropped when the peer stops answering.
#pragma once
#include <atomic>
#include <deque>
#include <mutex>
#include <vector>

#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include "platform/http/websocket.hpp"

namespace rapport::http {

class WsSession final : public WebSocket, public std::enable_shared_from_this<WsSession> {
 public:
  using Ended = std::function<void(WebSocket*)>;
  WsSession(boost::beast::tcp_stream stream, Ended ended);

  // Completes the handshake for req, then calls opened with this connection.
  void run(std::shared_ptr<const Request> req, std::function<void(std::shared_ptr<WebSocket>)> opened);

  bool send(std::shared_ptr<const std::string> text) override;
  void close() override;
  void close_for_policy(const char* reason) override;
  void on_close(std::function<void()> fn) override;

 private:
  void read_loop();
  void write_next();
  void close_with(boost::beast::websocket::close_code code, const char* reason);
  void end();

  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  Ended ended_cb_;
  boost::beast::flat_buffer in_;
  std::deque<std::shared_ptr<const std::string>> out_;  // strand only
  bool closing_ = false;                                // strand only
  std::atomic<std::size_t> queued_{0};
  std::atomic<bool> ended_{false};
  std::mutex mu_;
  std::vector<std::function<void()>> on_close_;
};

}  // namespace rapport::http
