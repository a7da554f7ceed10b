#include "ws_client.hpp"

#include "harness_answers.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

namespace rapport::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

struct WsClient::Impl {
  asio::io_context ioc;
  std::optional<websocket::stream<tcp::socket>> ws;
  beast::flat_buffer buffer;
  bool reading = false;
  bool closed = false;
  std::optional<std::string> ready;  // a message read while nobody was waiting
};

WsClient::WsClient() : impl_(std::make_unique<Impl>()) {}
WsClient::~WsClient() {
  if (impl_->ws && impl_->ws->is_open()) {
    beast::error_code ec;
    impl_->ws->next_layer().close(ec);
  }
}

int WsClient::connect(unsigned short port, const std::string& token, const std::string& target, const std::string& origin) {
  impl_->ws.emplace(impl_->ioc);
  impl_->ws->next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  impl_->ws->set_option(websocket::stream_base::decorator([token, origin](websocket::request_type& req) {
    if (!token.empty()) req.set(beast::http::field::authorization, "Bearer " + token);
    if (!origin.empty()) req.set(beast::http::field::origin, origin);
  }));
  websocket::response_type res;
  beast::error_code ec;
  // Host with the port, as browsers send it (the server compares it with Origin).
  impl_->ws->handshake(res, "127.0.0.1:" + std::to_string(port), target, ec);
  HttpResponse answer{.status = static_cast<int>(res.result_int()), .headers = {}, .body = res.body()};
  if (auto ct = res.find(beast::http::field::content_type); ct != res.end()) answer.headers["content-type"] = std::string(ct->value());
  if (answer.status != 0) record_answer("GET", target, answer);
  return answer.status;
}

std::optional<std::string> WsClient::next(std::chrono::milliseconds wait) {
  auto& im = *impl_;
  if (im.closed) return std::nullopt;
  if (!im.reading) {
    im.reading = true;
    im.ws->async_read(im.buffer, [&im](beast::error_code ec, std::size_t) {
      im.reading = false;
      if (ec) {
        im.closed = true;
        return;
      }
      im.ready = beast::buffers_to_string(im.buffer.data());
      im.buffer.consume(im.buffer.size());
    });
  }
  im.ioc.restart();
  auto deadline = std::chrono::steady_clock::now() + wait;
  while (im.reading && std::chrono::steady_clock::now() < deadline) im.ioc.run_one_for(deadline - std::chrono::steady_clock::now());
  if (im.reading) return std::nullopt;  // the read stays pending for the next call
  auto out = std::move(im.ready);
  im.ready.reset();
  return out;
}

void WsClient::send(const std::string& text) {
  impl_->ws->text(true);
  impl_->ws->write(asio::buffer(text));
}

bool WsClient::open() const { return impl_->ws && impl_->ws->is_open() && !impl_->closed; }

int WsClient::close_code() const { return impl_->closed && impl_->ws ? static_cast<int>(impl_->ws->reason().code) : 0; }

bool WsClient::wait_closed(std::chrono::milliseconds wait) {
  auto deadline = std::chrono::steady_clock::now() + wait;
  while (!impl_->closed && std::chrono::steady_clock::now() < deadline)
    next(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
  return impl_->closed;
}

}  // namespace rapport::testing
