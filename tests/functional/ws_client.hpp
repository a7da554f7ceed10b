// A WebSocket client for the functional tests (Boost.Beast): connects to a server's /api/v1/ws with a
// bearer token and reads text messages with a timeout.
#pragma once
#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace rapport::testing {

class WsClient {
 public:
  WsClient();
  ~WsClient();
  // Opens the connection; returns the HTTP status of the handshake (101 when it succeeded). `origin`
  // is sent as the Origin header when not empty (as a browser does).
  int connect(unsigned short port, const std::string& token, const std::string& target = "/api/v1/ws",
              const std::string& origin = "");
  // The next text message, or nullopt when none arrived within `wait` (or the connection closed).
  // The default wait is generous: it is spent only when the expected message never comes.
  std::optional<std::string> next(std::chrono::milliseconds wait = std::chrono::seconds(20));
  void send(const std::string& text);
  bool open() const;
  // The close code the server sent (e.g. 1008), once next() found the connection closed; 0 before.
  int close_code() const;
  // Reads (and drops) messages until the connection closes or `wait` passes; whether it closed.
  bool wait_closed(std::chrono::milliseconds wait);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rapport::testing
