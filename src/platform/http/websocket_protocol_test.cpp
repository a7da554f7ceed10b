// What the server answers to a client's WebSocket message (websocket_protocol.hpp); the frames around
// it are Beast's, fuzzed with the server's settings by tests/fuzz/websocket_fuzz.cpp, and the
// connection end to end is tests/functional/realtime_test.cpp's.
#include "platform/http/websocket_protocol.hpp"

#include <gtest/gtest.h>

namespace rapport::http {
namespace {

TEST(WebSocketProtocol, APingIsAnsweredWithAPong) {
  EXPECT_EQ(answer_client_message(R"({"op":"ping"})"), R"({"op":"pong"})");
  EXPECT_EQ(answer_client_message(R"( {"id": 7, "op": "ping"} )"), R"({"op":"pong"})") << "other keys are ignored";
}

TEST(WebSocketProtocol, AnythingElseIsIgnored) {
  for (const char* text : {"", "ping", R"({"op":"PING"})", R"({"op":["ping"]})", R"(["ping"])", R"({"op":"subscribe"})",
                           R"({"op":"ping")", "{\"op\":\"ping\"}\xff", R"({"type":"ping"})"})
    EXPECT_EQ(answer_client_message(text), std::nullopt) << text;
}

}  // namespace
}  // namespace rapport::http
