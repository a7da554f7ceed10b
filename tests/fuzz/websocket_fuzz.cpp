// libFuzzer target for what a client sends over a WebSocket after the handshake: the bytes are its
// frames, read by Beast's websocket stream as the server configures it (websocket_session.cpp: the
// message bound kMaxWebSocketMessage, no compression) with the server's asynchronous reads, and each
// text message answered by answer_client_message (websocket_protocol.hpp). The stream is Beast's
// in-memory test stream, fed whole and in pieces of 1 to 64 bytes (the first byte chooses).
// Checked beyond "no crash, no leak, no undefined behaviour" (ASan + UBSan): the same messages and
// the same end either way; no message longer than the bound; only a ping gets an answer, and the
// answer is a pong; every connection ends (an error, a close or the end of the bytes).
// Build and run: bash scripts/fuzz.sh [seconds] websocket
#include <boost/beast/_experimental/test/stream.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "platform/http/websocket_protocol.hpp"

namespace beast = boost::beast;
namespace websocket = beast::websocket;
using rapport::http::answer_client_message;
using rapport::http::kMaxWebSocketMessage;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

struct Message {
  bool text = false;
  std::string payload;
  bool answered = false;
  bool operator==(const Message&) const = default;
};

struct Outcome {
  std::vector<Message> messages;
  beast::error_code end;
  bool ended = false;
};

// The server's side of one connection that has sent `bytes` after its upgrade request.
Outcome serve(std::string_view bytes, std::size_t piece) {
  boost::asio::io_context ioc;
  beast::test::stream client(ioc);
  websocket::stream<beast::test::stream> ws(ioc);
  ws.next_layer().connect(client);
  ws.next_layer().read_size(piece);
  ws.next_layer().append(bytes);
  ws.next_layer().close_remote();  // the client's bytes end here
  ws.read_message_max(kMaxWebSocketMessage);

  beast::http::request<beast::http::string_body> req{beast::http::verb::get, "/api/v1/events", 11};
  req.set(beast::http::field::host, "rapport.example");
  req.set(beast::http::field::upgrade, "websocket");
  req.set(beast::http::field::connection, "Upgrade");
  req.set(beast::http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
  req.set(beast::http::field::sec_websocket_version, "13");

  Outcome out;
  beast::flat_buffer in;
  std::function<void()> read_loop = [&] {
    ws.async_read(in, [&](beast::error_code ec, std::size_t) {
      if (ec) {
        out.end = ec;
        out.ended = true;
        return;
      }
      Message m{ws.got_text(), beast::buffers_to_string(in.data())};
      in.consume(in.size());
      check(m.payload.size() <= kMaxWebSocketMessage);
      if (m.text) {
        if (auto answer = answer_client_message(m.payload)) {
          check(*answer == R"({"op":"pong"})");
          m.answered = true;
          ws.text(true);
          beast::error_code wec;
          ws.write(boost::asio::buffer(*answer), wec);
        }
      }
      out.messages.push_back(std::move(m));
      read_loop();
    });
  };
  ws.async_accept(req, [&](beast::error_code ec) {
    check(!ec);
    read_loop();
  });
  ioc.run();
  check(out.ended);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  Outcome whole = serve(bytes, bytes.size() + 1);
  Outcome pieces = serve(bytes, 1 + data[0] % 64);
  check(whole.messages == pieces.messages);
  check(whole.end == pieces.end);
  // A ping is answered whatever else the object holds; nothing else is.
  if (bytes.size() <= 256) {
    auto answer = answer_client_message(bytes);
    check(!answer || *answer == R"({"op":"pong"})");
  }
  return 0;
}
