// What the server reads from a client over a WebSocket (websocket_session.cpp), apart from the
// connection itself, so that the fuzz target (tests/fuzz/websocket_fuzz.cpp) runs the same rules:
// the largest message taken, and the answer to a client's text message.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace rapport::http {

// A longer message (its frames together) fails the connection (1009, message too big).
constexpr std::size_t kMaxWebSocketMessage = 64 * 1024;

// The answer to a client's text message: {"op":"pong"} to {"op":"ping"} (an object whose "op" is
// "ping"); nothing to anything else, which is ignored (not JSON, another op, a binary message).
std::optional<std::string> answer_client_message(std::string_view text);

}  // namespace rapport::http
