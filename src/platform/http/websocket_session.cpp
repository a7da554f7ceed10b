#include "platform/http/websocket_session.hpp"

#include <spdlog/spdlog.h>

#include "platform/http/websocket_protocol.hpp"

namespace rapport::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

bool is_websocket_upgrade(const Request& req) { return websocket::is_upgrade(req.raw); }

WsSession::WsSession(beast::tcp_stream stream, Ended ended) : ws_(std::move(stream)), ended_cb_(std::move(ended)) {}

void WsSession::run(std::shared_ptr<const Request> req, std::function<void(std::shared_ptr<WebSocket>)> opened) {
  // The WebSocket layer keeps its own timers; the TCP stream's deadline must be off.
  beast::get_lowest_layer(ws_).expires_never();
  websocket::stream_base::timeout t;
  t.handshake_timeout = std::chrono::seconds(10);  // also bounds the closing handshake
  t.idle_timeout = std::chrono::seconds(60);       // a ping after 30 s of silence, dropped after 60 s
  t.keep_alive_pings = true;
  ws_.set_option(t);
  ws_.set_option(websocket::stream_base::decorator(
      [rid = req->request_id](websocket::response_type& res) {
        res.set(beast::http::field::server, "rapport");
        res.set("X-Request-Id", rid);  // as on every answer
      }));
  ws_.read_message_max(kMaxWebSocketMessage);
  ws_.async_accept(req->raw, [self = shared_from_this(), req, opened = std::move(opened)](beast::error_code ec) {
    if (ec) return self->end();
    try {
      opened(self);
    } catch (const std::exception& e) {
      spdlog::error("websocket {}: opening failed: {}", req->request_id, e.what());
      return self->close_with(websocket::close_code::internal_error, "internal error");
    }
    self->read_loop();
  });
}

void WsSession::read_loop() {
  ws_.async_read(in_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
    if (ec) return self->end();
    if (self->ws_.got_text()) {
      if (auto answer = answer_client_message(beast::buffers_to_string(self->in_.data())))
        self->send(std::make_shared<const std::string>(std::move(*answer)));
    }
    self->in_.consume(self->in_.size());
    self->read_loop();
  });
}

bool WsSession::send(std::shared_ptr<const std::string> text) {
  if (ended_.load()) return false;
  if (queued_.fetch_add(1) >= kMaxQueued) {
    queued_.fetch_sub(1);
    close_with(websocket::close_code::try_again_later, "client too slow");
    return false;
  }
  asio::post(ws_.get_executor(), [self = shared_from_this(), text = std::move(text)] {
    if (self->ended_.load() || self->closing_) {
      self->queued_.fetch_sub(1);
      return;
    }
    self->out_.push_back(text);
    if (self->out_.size() == 1) self->write_next();
  });
  return true;
}

void WsSession::write_next() {
  ws_.text(true);
  ws_.async_write(asio::buffer(*out_.front()), [self = shared_from_this()](beast::error_code ec, std::size_t) {
    self->out_.pop_front();
    self->queued_.fetch_sub(1);
    if (ec) return self->end();
    if (!self->out_.empty()) self->write_next();
  });
}

void WsSession::close() { close_with(websocket::close_code::going_away, "server going away"); }

void WsSession::close_for_policy(const char* reason) { close_with(websocket::close_code::policy_error, reason); }

void WsSession::close_with(websocket::close_code code, const char* reason) {
  asio::post(ws_.get_executor(), [self = shared_from_this(), code, reason] {
    if (self->closing_ || self->ended_.load()) return;
    self->closing_ = true;
    // The pending read completes with `closed` once the peer answers (or the timeout drops it).
    // Ends here whatever the outcome: a pending read may not be there to notice (end() runs once).
    self->ws_.async_close(websocket::close_reason(code, reason), [self](beast::error_code) { self->end(); });
  });
}

void WsSession::end() {
  if (ended_.exchange(true)) return;
  beast::error_code ec;
  beast::get_lowest_layer(ws_).socket().close(ec);
  std::vector<std::function<void()>> fns;
  {
    std::lock_guard lock(mu_);
    fns.swap(on_close_);
  }
  for (auto& fn : fns) fn();
  if (ended_cb_) ended_cb_(this);
}

void WsSession::on_close(std::function<void()> fn) {
  {
    std::lock_guard lock(mu_);
    if (!ended_.load()) {
      on_close_.push_back(std::move(fn));
      return;
    }
  }
  fn();
}

}  // namespace rapport::http
