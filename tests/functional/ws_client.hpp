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
  // Opens the connection; returns the HTTP status of the handshake (101 when it succeeded).
  int connect(unsigned short port, const std::string& token, const std::string& target = "/api/v1/ws");
  // The next text message, or nullopt when none arrived within `wait` (or the connection closed).
  // The default wait is generous: it is spent only when the expected message never comes.
  std::optional<std::string> next(std::chrono::milliseconds wait = std::chrono::seconds(20));
  void send(const std::string& text);
  bool open() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rapport::testing
