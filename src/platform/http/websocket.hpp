// A WebSocket connection as handlers see it. A route accepts an upgrade by answering 101 with
// Response::upgrade set; the server does the handshake and hands over the open connection. Messages
// are text; sending only queues (never blocks), and a client that falls too far behind is closed.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "platform/http/message.hpp"

namespace rapport::http {

class WebSocket {
 public:
  virtual ~WebSocket() = default;
  // Queues a text message. False when the connection is closed, or it was just closed because the
  // client had not read the last kMaxQueued messages.
  virtual bool send(std::shared_ptr<const std::string> text) = 0;
  // Sends a close frame ("going away") and ends the connection.
  virtual void close() = 0;
  // Sends a close frame 1008 (policy violation) with `reason` (a string literal) and ends the
  // connection: the caller's credential ended or their access changed.
  virtual void close_for_policy(const char* reason) = 0;
  // fn runs once, on an I/O thread, when the connection has ended (either side closed it or it broke).
  // Registered after the end, it runs at once.
  virtual void on_close(std::function<void()> fn) = 0;

  static constexpr std::size_t kMaxQueued = 4096;
};

// True when the request asks to switch to the WebSocket protocol (GET with Upgrade: websocket).
bool is_websocket_upgrade(const Request& req);

}  // namespace rapport::http
