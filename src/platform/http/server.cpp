#include "platform/http/server.hpp"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <array>

#include "platform/http/request_target.hpp"
#include "platform/http/websocket_session.hpp"
#include "platform/ids.hpp"

namespace rapport::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

namespace {

bool valid_request_id(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
  return true;
}

// A fresh request id: 12 random bytes, base64url, like ids::random_token(12), but drawn from a
// per-thread buffer refilled 4 KiB at a time, so that a request costs no getrandom() system call.
std::string fresh_request_id() {
  constexpr std::size_t kBytes = 12, kBuffer = 4092;  // a multiple of kBytes
  thread_local std::array<char, kBuffer> pool;
  thread_local std::size_t used = kBuffer;
  if (used == kBuffer) {
    randombytes_buf(pool.data(), pool.size());
    used = 0;
  }
  std::string id = ids::base64url_encode(std::string_view(pool.data() + used, kBytes));
  used += kBytes;
  return id;
}

}  // namespace

class Server::Session : public std::enable_shared_from_this<Server::Session> {
 public:
  Session(Server& server, tcp::socket socket) : server_(server), stream_(std::move(socket)) {}

  void start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_header(); });
  }

  // Called on stop: closes the connection unless a request of it is being handled; that one
  // finishes first (its response carries Connection: close). A request still being received has
  // been acknowledged nothing and is dropped.
  void close_unless_handling() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->handling_) self->close();
    });
  }

 private:
  // Waits (up to the idle timeout) for the first byte of the next request, then gives the whole
  // request the read timeout, so a client trickling a request line cannot hold the connection longer.
  void read_header() {
    if (server_.stopping()) return close();
    if (buffer_.size() > 0) return read_rest_of_header();  // a pipelined request is already here
    stream_.expires_after(server_.opts_.idle_timeout);
    stream_.async_read_some(buffer_.prepare(4096), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      self->buffer_.commit(n);
      if (ec || self->closed_) return self->close();
      self->read_rest_of_header();
    });
  }

  void read_rest_of_header() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.opts_.header_limit));
    // The route's own limit is applied once the header says which route this is.
    parser_->body_limit(server_.opts_.max_body_limit);
    // One deadline for the whole header, not per byte: a client trickling it is cut off there.
    stream_.expires_after(std::min(server_.opts_.header_timeout, server_.opts_.read_timeout));
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (closed_) return;  // closed by a shutdown while the read was completing
    if (ec == bhttp::error::body_limit) return fail(413, "The request body is larger than this server accepts");
    if (ec) {
      if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted || ec == beast::error::timeout ||
          ec == asio::error::eof || ec == asio::error::connection_reset)
        return close();
      return fail(400, "The request could not be parsed: " + ec.message());
    }
    const auto& h = parser_->get();
    std::size_t limit = server_.body_limit_(h.method_string(), h.target());
    const auto declared = parser_->content_length();
    if (declared && *declared > limit)
      return fail(413, "The request body is larger than this route accepts (" + std::to_string(limit) + " bytes)");
    parser_->body_limit(limit);
    continue_pending_ = !parser_->is_done() && expects_continue(h);
    // A body that may be large is not read for a caller the API would refuse anyway. A client that
    // waits for 100 Continue before sending its body is vetted too, whatever the size: refused, it
    // need not send the body at all.
    if (server_.vet_ && !parser_->is_done() &&
        (continue_pending_ || !declared || *declared > server_.opts_.vet_body_over))
      return vet();
    read_body();
  }

  // Expect: 100-continue from an HTTP/1.1 client (RFC 9110 10.1.1; HTTP/1.0 ones are ignored).
  static bool expects_continue(const bhttp::request_parser<bhttp::string_body>::value_type& h) {
    if (h.version() < 11) return false;
    auto it = h.find(bhttp::field::expect);
    return it != h.end() && beast::iequals(it->value(), "100-continue");
  }

  void read_body() {
    if (continue_pending_) return send_continue();
    stream_.expires_after(server_.opts_.read_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  // Tells a client that waits for it to send the body (the header was accepted), then reads the body.
  void send_continue() {
    continue_pending_ = false;
    auto res = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, 11);
    stream_.expires_after(server_.opts_.write_timeout);
    bhttp::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
      if (ec || self->closed_) return self->close();
      self->read_body();
    });
  }

  // Asks the server's vetting (on a worker: it may read the database) about the request's header;
  // a refusal is answered at once, without reading the body, and the connection is closed.
  void vet() {
    auto req = std::make_shared<Request>();
    req->raw.base() = parser_->get().base();
    describe(*req);
    if (!parse_target(req->raw.target(), *req)) return fail(400, "The request target is not a valid URL path");
    started_ = std::chrono::steady_clock::now();
    stream_.expires_never();
    asio::post(server_.workers_, [self = shared_from_this(), req] {
      std::optional<Response> refusal;
      try {
        refusal = self->server_.vet_(*req);
      } catch (const std::exception& e) {
        spdlog::error("request {} failed: {}", req->request_id, e.what());
        refusal = problem(Problem::internal());
      }
      asio::post(self->stream_.get_executor(), [self, req, refusal = std::move(refusal)]() mutable {
        if (self->closed_) return;
        if (!refusal) {
          if (self->server_.stopping()) return self->close();
          return self->read_body();
        }
        req->raw.keep_alive(false);
        self->body_unread_ = true;
        self->respond(req, std::move(*refusal));
      });
    });
  }

  void describe(Request& req) {
    auto rid = req.header("X-Request-Id");
    req.request_id = valid_request_id(rid) ? std::string(rid) : fresh_request_id();
    // The peer's address, asked of the socket once per connection (a system call each time).
    if (!remote_known_) {
      remote_known_ = true;
      beast::error_code ep_ec;
      auto ep = stream_.socket().remote_endpoint(ep_ec);
      if (!ep_ec) remote_ = ep.address().to_string();
    }
    req.remote = remote_;
  }

  void on_read(beast::error_code ec) {
    // A shutdown may close the connection after the request arrived but before this ran: the
    // request must then not be handled, since its answer could never be sent.
    if (closed_) return;
    if (ec == bhttp::error::body_limit) {
      return fail(413, "The request body is larger than this route accepts");
    }
    if (ec) {
      if (ec == beast::error::timeout) return fail(408, "The request was not received in time");
      if (ec == asio::error::operation_aborted || ec == asio::error::eof || ec == asio::error::connection_reset)
        return close();
      return fail(400, "The request could not be parsed: " + ec.message());
    }
    auto req = std::make_shared<Request>();
    req->raw = parser_->release();
    started_ = std::chrono::steady_clock::now();
    describe(*req);
    if (!parse_target(req->raw.target(), *req)) {
      Response r = problem(Problem::bad_request("The request target is not a valid URL path"));
      return respond(req, std::move(r));
    }
    stream_.expires_never();
    handling_ = true;
    auto method = req->raw.method();
    bool safe = method == bhttp::verb::get || method == bhttp::verb::head;
    // A read runs here, on this I/O thread (within the connection's strand), while a slot is free;
    // the slots leave at least one I/O thread that runs no handler (Server::inline_limit_).
    if (safe && server_.inline_running_.fetch_add(1, std::memory_order_acq_rel) < server_.inline_limit_) {
      Response r = handle(*req);
      server_.inline_running_.fetch_sub(1, std::memory_order_acq_rel);
      return respond(std::move(req), std::move(r));
    }
    if (safe) server_.inline_running_.fetch_sub(1, std::memory_order_acq_rel);
    asio::post(safe ? server_.read_workers_ : server_.workers_, [self = shared_from_this(), req] {
      Response r = self->handle(*req);
      asio::post(self->stream_.get_executor(),
                 [self, req, r = std::move(r)]() mutable { self->respond(req, std::move(r)); });
    });
  }

  // The route's answer; a handler that throws answers 500.
  Response handle(Request& req) {
    try {
      return server_.dispatch_(req);
    } catch (const std::exception& e) {
      spdlog::error("request {} failed: {}", req.request_id, e.what());
      return problem(Problem::internal());
    }
  }

  void respond(std::shared_ptr<Request> req, Response r) {
    if (r.status == 101 && r.upgrade && is_websocket_upgrade(*req) && !server_.stopping())
      return upgrade(std::move(req), std::move(r));
    r.upgrade = nullptr;
    if (r.status == 101) r = problem(Problem::internal());  // never a 101 without the handshake
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>();
    res->version(req->raw.version());
    res->result(static_cast<unsigned>(r.status));
    res->set(bhttp::field::server, "rapport");
    if (!r.content_type.empty()) res->set(bhttp::field::content_type, r.content_type);
    res->set("X-Request-Id", req->request_id);
    for (auto& [k, v] : r.headers) res->insert(k, v);
    // API answers are data, never a page: nothing may be loaded, framed or cached from them unless
    // the handler said otherwise (the web UI sets its own policy, http/static_site.hpp). HSTS is set
    // where TLS ends (nginx).
    auto set_default = [&res](beast::string_view name, beast::string_view value) {
      if (res->find(name) == res->end()) res->set(name, value);
    };
    set_default("X-Content-Type-Options", "nosniff");
    set_default("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    set_default("Cache-Control", "no-store");
    set_default("Referrer-Policy", "no-referrer");
    // X-Frame-Options, for browsers that predate CSP's frame-ancestors: DENY, except on a page whose
    // own policy lets other sites frame it (an embeddable form, http/public_page.hpp): the header has
    // no value meaning "any site", and DENY would contradict that policy in those browsers.
    const beast::string_view policy = res->at("Content-Security-Policy");
    const bool framable = policy.find("frame-ancestors") != beast::string_view::npos &&
                          policy.find("frame-ancestors 'none'") == beast::string_view::npos;
    if (!framable) set_default("X-Frame-Options", "DENY");
    bool keep = req->raw.keep_alive() && !server_.stopping();
    res->keep_alive(keep);
    const bool head = req->raw.method() == bhttp::verb::head;
    if (r.stream && !head) return respond_streamed(std::move(req), std::move(r), std::move(res->base()), keep);
    r.stream = nullptr;  // HEAD: the header alone, without producing the body
    const std::size_t body_bytes = head ? 0 : r.body.size();
    res->body() = std::move(r.body);
    res->prepare_payload();
    // HEAD: the header GET would send, Content-Length included, and no body (RFC 9110 9.3.2).
    if (head) res->body().clear();
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    if (server_.observer_) {
      r.body.clear();
      server_.observer_(*req, r, body_bytes, secs);
    }
    stream_.expires_after(server_.opts_.write_timeout);
    bhttp::async_write(stream_, *res, [self = shared_from_this(), res, keep](beast::error_code ec, std::size_t) {
      self->handling_ = false;
      if (!ec && self->body_unread_) return self->linger_then_close();
      if (ec || !keep || self->server_.stopping()) return self->close();
      self->read_header();
    });
  }

  // A streamed body (BodyStream): the header with chunked transfer coding, then one chunk per
  // piece the body's next() produces on a worker, each written before the next is asked for (so a
  // slow client slows the producer instead of filling memory), then the last chunk. A failure after
  // the header can no longer change the status: the connection is closed without the last chunk,
  // which a client sees as an incomplete body.
  struct Streamed {
    std::shared_ptr<Request> req;
    Response r;
    bhttp::response<bhttp::empty_body> header;
    std::optional<bhttp::response_serializer<bhttp::empty_body>> serializer;
    std::string piece;
    std::size_t bytes = 0;
    bool keep = false;
    bool chunked = true;  // HTTP/1.0 knows no chunks: the body then ends where the connection does
  };

  void respond_streamed(std::shared_ptr<Request> req, Response r, bhttp::response_header<> fields, bool keep) {
    auto st = std::make_shared<Streamed>();
    st->req = std::move(req);
    st->r = std::move(r);
    st->chunked = st->req->raw.version() >= 11;
    st->keep = keep && st->chunked;
    st->header.base() = std::move(fields);
    st->header.keep_alive(st->keep);
    st->header.chunked(st->chunked);
    st->serializer.emplace(st->header);
    stream_.expires_after(server_.opts_.write_timeout);
    bhttp::async_write_header(stream_, *st->serializer, [self = shared_from_this(), st](beast::error_code ec, std::size_t) {
      if (ec || self->closed_) return self->abandon(st);
      self->produce(st);
    });
  }

  void produce(std::shared_ptr<Streamed> st) {
    // No deadline while the producer works (an XLSX file is assembled before its first byte); each
    // write has its own. A shutdown whose grace ran out cuts the body short.
    stream_.expires_never();
    if (server_.cut_streams_) return abandon(st);
    asio::post(server_.read_workers_, [self = shared_from_this(), st] {
      st->piece.clear();
      bool more = false, failed = false;
      try {
        more = st->r.stream->next(st->piece);
      } catch (const std::exception& e) {
        spdlog::error("request {} failed while streaming its body: {}", st->req->request_id, e.what());
        failed = true;
      }
      asio::post(self->stream_.get_executor(), [self, st, more, failed] {
        if (self->closed_ || failed) return self->abandon(st, failed);
        if (st->piece.empty()) return more ? self->produce(st) : self->finish_stream(st);
        st->bytes += st->piece.size();
        self->stream_.expires_after(self->server_.opts_.write_timeout);
        auto written = [self, st, more](beast::error_code ec, std::size_t) {
          if (ec || self->closed_) return self->abandon(st);
          if (more) return self->produce(st);
          self->finish_stream(st);
        };
        if (st->chunked) asio::async_write(self->stream_, bhttp::make_chunk(asio::buffer(st->piece)), std::move(written));
        else asio::async_write(self->stream_, asio::buffer(st->piece), std::move(written));
      });
    });
  }

  void finish_stream(std::shared_ptr<Streamed> st) {
    if (!st->chunked) {  // the end of the connection is the end of the body
      observe_stream(*st);
      handling_ = false;
      return close();
    }
    stream_.expires_after(server_.opts_.write_timeout);
    asio::async_write(stream_, bhttp::make_chunk_last(), [self = shared_from_this(), st](beast::error_code ec, std::size_t) {
      self->observe_stream(*st);
      self->handling_ = false;
      if (ec || !st->keep || self->server_.stopping()) return self->close();
      self->read_header();
    });
  }

  // The body will not be completed: the producer learns it (on a worker) and the connection closes.
  // `producer_failed`: the failure was the producer's own (it threw), so it is not told again.
  void abandon(std::shared_ptr<Streamed> st, bool producer_failed = false) {
    if (!producer_failed)
      asio::post(server_.read_workers_, [body = st->r.stream, id = st->req ? st->req->request_id : std::string()] {
        try {
          body->abandoned();
        } catch (const std::exception& e) {
          spdlog::error("request {}: abandoning its streamed body failed: {}", id, e.what());
        }
      });
    observe_stream(*st);
    handling_ = false;
    close();
  }

  void observe_stream(Streamed& st) {
    if (!server_.observer_ || !st.req) return;
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    server_.observer_(*st.req, st.r, st.bytes, secs);
    st.req.reset();  // observed once
  }

  // The client may still be sending a body this connection refused. Closing with unread bytes would
  // reset the connection, and a reset can destroy the answer before the client reads it; so stop
  // sending, read and discard for a moment (bounded in bytes and time), then close.
  void linger_then_close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(2));
    discard(0);
  }

  void discard(std::size_t so_far) {
    constexpr std::size_t kMaxDiscarded = 256 * 1024;
    if (closed_ || so_far > kMaxDiscarded) return close();
    buffer_.clear();
    stream_.async_read_some(buffer_.prepare(16 * 1024), [self = shared_from_this(), so_far](beast::error_code ec, std::size_t n) {
      if (ec) return self->close();
      self->discard(so_far + n);
    });
  }

  // Hands the connection to a WebSocket session, which completes the handshake. Bytes the client
  // sent after its upgrade request and before our answer are not expected and are dropped.
  void upgrade(std::shared_ptr<Request> req, Response r) {
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    auto opened = std::move(r.upgrade);
    if (server_.observer_) {
      r.upgrade = nullptr;
      server_.observer_(*req, r, 0, secs);
    }
    handling_ = false;
    closed_ = true;  // this HTTP session is over; the socket belongs to the WebSocket now
    Server& server = server_;
    auto ws = std::make_shared<WsSession>(std::move(stream_), [&server](WebSocket* w) { server.forget(w); });
    server.adopt(ws);
    server.forget(this);
    ws->run(std::move(req), std::move(opened));
  }

  // Answers a request that could not be read whole, then closes the connection.
  void fail(int status, std::string detail) {
    Problem p{status, status == 413 ? "Content Too Large" : status == 408 ? "Request Timeout" : "Bad Request",
              std::move(detail), {},
              status == 413   ? ProblemType("body-too-large")
              : status == 408 ? ProblemType("request-timeout")
                              : ProblemType("bad-request")};
    auto req = std::make_shared<Request>();
    req->request_id = ids::random_token(12);
    req->raw.version(11);
    req->raw.keep_alive(false);
    if (parser_) {
      req->raw.method_string(parser_->get().method_string());
      req->raw.target(parser_->get().target());
      req->path = std::string(parser_->get().target());
    }
    started_ = std::chrono::steady_clock::now();
    body_unread_ = true;
    respond(req, problem(p));
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
    server_.forget(this);
  }

  Server& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::chrono::steady_clock::time_point started_;
  bool handling_ = false;  // a request is with a handler or its response is being written
  std::string remote_;        // the peer's address (describe), once remote_known_
  bool remote_known_ = false;
  bool body_unread_ = false;  // answered without reading the whole request: linger, then close
  bool continue_pending_ = false;  // the client waits for 100 Continue before sending the body
  bool closed_ = false;
};

Server::Server(ServerOptions opts, Dispatch dispatch, BodyLimit body_limit, Observer observer, Vet vet)
    : opts_(std::move(opts)),
      dispatch_(std::move(dispatch)),
      body_limit_(std::move(body_limit)),
      observer_(std::move(observer)),
      vet_(std::move(vet)),
      ioc_(opts_.io_threads),
      workers_(static_cast<std::size_t>(opts_.workers)),
      read_workers_(static_cast<std::size_t>(opts_.read_workers)),
      acceptor_(asio::make_strand(ioc_)),
      accept_pause_(acceptor_.get_executor()) {
  const int most = std::max(0, opts_.io_threads - 1);
  inline_limit_ = opts_.inline_reads < 0 ? most : std::min(opts_.inline_reads, most);
}

Server::~Server() {
  if (!stopped_) stop(std::chrono::seconds(1));
}

unsigned short Server::start() {
  tcp::endpoint ep(asio::ip::make_address(opts_.address), opts_.port);
  acceptor_.open(ep.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(ep);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  unsigned short port = acceptor_.local_endpoint().port();
  guard_.emplace(ioc_.get_executor());
  do_accept();
  for (int i = 0; i < opts_.io_threads; ++i) threads_.emplace_back([this] { ioc_.run(); });
  return port;
}

void Server::do_accept() {
  acceptor_.async_accept(asio::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (!acceptor_.is_open() || stopping_) return;
      spdlog::warn("accept failed: {}", ec.message());
      if (ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space || ec == asio::error::no_memory) {
        // Accepting again at once would fail again at once, in a busy loop: wait a little.
        accept_pause_.expires_after(std::chrono::milliseconds(100));
        accept_pause_.async_wait([this](beast::error_code) {
          if (!stopping_) do_accept();
        });
        return;
      }
    } else {
      std::unique_lock lock(mu_);
      if (sessions_.size() + websockets_.size() >= opts_.max_connections) {
        lock.unlock();
        refuse(std::move(socket));
      } else {
        socket.set_option(tcp::no_delay(true), ec);
        auto s = std::make_shared<Session>(*this, std::move(socket));
        sessions_.insert(s);
        lock.unlock();
        s->start();
      }
    }
    if (!stopping_) do_accept();
  });
}

namespace {

// A 503 for a connection beyond max_connections. What the client already sent is read and dropped
// before closing (for at most 2 s), as after any refused request (Session::linger_then_close).
class Refusal : public std::enable_shared_from_this<Refusal> {
 public:
  Refusal(tcp::socket socket, std::atomic<int>& active) : stream_(std::move(socket)), active_(active) {
    Response body = problem(Problem::unavailable("The server has as many connections open as it accepts; retry shortly"));
    res_.version(11);
    res_.result(bhttp::status::service_unavailable);
    res_.set(bhttp::field::server, "rapport");
    res_.set(bhttp::field::content_type, body.content_type);
    res_.set(bhttp::field::retry_after, "1");
    res_.set("X-Request-Id", ids::random_token(12));  // every answer has one, even to no request read
    res_.set(bhttp::field::cache_control, "no-store");
    res_.keep_alive(false);
    res_.body() = std::move(body.body);
    res_.prepare_payload();
  }
  void run() {
    stream_.expires_after(std::chrono::seconds(2));
    bhttp::async_write(stream_, res_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->done();
      self->stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
      self->discard();
    });
  }

 private:
  void discard() {
    buffer_.clear();
    stream_.async_read_some(buffer_.prepare(4096), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->done();
      self->discard();
    });
  }
  void done() {
    beast::error_code ignored;
    stream_.socket().close(ignored);
    --active_;
  }
  beast::tcp_stream stream_;
  std::atomic<int>& active_;
  bhttp::response<bhttp::string_body> res_;
  beast::flat_buffer buffer_;
};

}  // namespace

void Server::refuse(tcp::socket socket) {
  ++refused_;
  // Refusals are bounded too: beyond this many being answered, a connection is just closed.
  if (refusing_.load() >= 256) {
    beast::error_code ignored;
    socket.close(ignored);
    return;
  }
  ++refusing_;
  std::make_shared<Refusal>(std::move(socket), refusing_)->run();
}

void Server::forget(Session* s) {
  std::lock_guard lock(mu_);
  for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
    if (it->get() == s) {
      sessions_.erase(it);
      break;
    }
  }
  cv_.notify_all();
}

void Server::adopt(std::shared_ptr<WebSocket> ws) {
  std::lock_guard lock(mu_);
  websockets_.insert(std::move(ws));
}

void Server::forget(WebSocket* ws) {
  std::lock_guard lock(mu_);
  for (auto it = websockets_.begin(); it != websockets_.end(); ++it) {
    if (it->get() == ws) {
      websockets_.erase(it);
      break;
    }
  }
  cv_.notify_all();
}

std::size_t Server::open_websockets() {
  std::lock_guard lock(mu_);
  return websockets_.size();
}

std::size_t Server::open_connections() {
  std::lock_guard lock(mu_);
  return sessions_.size();
}

void Server::stop(std::chrono::seconds grace) {
  if (stopping_.exchange(true)) {
    wait();
    return;
  }
  asio::post(acceptor_.get_executor(), [this] {
    beast::error_code ec;
    acceptor_.close(ec);
  });
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(mu_);
    live.assign(sessions_.begin(), sessions_.end());
  }
  for (auto& s : live) s->close_unless_handling();
  live.clear();
  std::vector<std::shared_ptr<WebSocket>> sockets;
  {
    std::lock_guard lock(mu_);
    sockets.assign(websockets_.begin(), websockets_.end());
  }
  for (auto& w : sockets) w->close();
  sockets.clear();
  {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, grace, [&] { return sessions_.empty(); });
    // Closing WebSockets wait for the client's close frame; one that does not answer is not waited
    // for long (the I/O threads stop below and drop it).
    cv_.wait_for(lock, std::min(grace, std::chrono::seconds(3)), [&] { return websockets_.empty(); });
  }
  cut_streams_ = true;  // a streamed body still being sent stops at its next piece
  workers_.join();
  read_workers_.join();
  guard_.reset();
  ioc_.stop();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  {
    std::lock_guard lock(mu_);
    sessions_.clear();
    websockets_.clear();
    stopped_ = true;
  }
  cv_.notify_all();
}

void Server::wait() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return stopped_; });
}

}  // namespace rapport::http
