// HTTP/1.1 server on Boost.Beast. A few I/O threads run one io_context; each connection has a strand
// and a deadline before every read and write. Handlers run on a separate worker pool (they may block
// on the database) and the response resumes on the connection's strand; a safe request (GET, HEAD)
// runs on the I/O thread that read it while fewer than `inline_reads` do, which saves the two
// thread hand-offs (the worker's wake-up and the strand's) that cost more than a read by id itself.
// At least one I/O thread never runs a handler, so a slow one cannot stall other connections. stop() closes the acceptor,
// lets in-flight requests finish and closes idle connections: nothing is cut off mid-response.
// A handler may accept a WebSocket upgrade (Response::upgrade); the connection then leaves HTTP.
// What an anonymous client can hold is bounded: a request whose body may exceed vet_body_over, or
// whose client waits for 100 Continue, is first vetted on its header alone (the API makes the checks
// it makes before a handler) and answered without reading its body when refused, else sent 100
// Continue when it waits for it; beyond max_connections a new connection gets 503 and is closed.
#pragma once
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include <boost/asio.hpp>

#include "platform/http/message.hpp"
#include "platform/http/websocket.hpp"

namespace rapport::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;
  int io_threads = 2;
  // Safe requests (GET, HEAD) only read: a few threads, about one per core and read connection,
  // keep them from queueing on each other. Writes mostly wait for the group commit, so many threads
  // let many of them share one fsync.
  int read_workers = 4;
  // Safe requests handled on the I/O threads at once (the rest go to read_workers); at most
  // io_threads - 1, so that one I/O thread always serves every connection's reads and writes.
  // -1: io_threads - 1.
  int inline_reads = -1;
  int workers = 32;
  std::chrono::seconds header_timeout{10};  // the request line and headers, once their first byte arrived (at most read_timeout)
  std::chrono::seconds read_timeout{30};    // the body, once the headers are in
  std::chrono::seconds idle_timeout{60};    // keep-alive wait for the next request
  std::chrono::seconds write_timeout{30};
  std::size_t header_limit = 16 * 1024;
  std::size_t max_body_limit = 64 * 1024 * 1024;  // no route may accept more
  std::size_t vet_body_over = 16 * 1024;          // larger (or chunked, or 100-continue) bodies wait for the vetting
  std::size_t max_connections = 10000;            // HTTP and WebSocket connections together
};

class Server {
 public:
  using Dispatch = std::function<Response(Request&)>;
  using BodyLimit = std::function<std::size_t(std::string_view method, std::string_view target)>;
  // Called once a response is ready to be written: its status and headers (the body has moved to
  // the socket; body_bytes is its size) and the seconds since the request's last byte was read.
  using Observer = std::function<void(const Request&, const Response&, std::size_t body_bytes, double seconds)>;
  // Runs on a worker with a request that has its header but no body yet: an answer refuses the
  // request without reading its body (the connection is then closed); nullopt lets it through.
  using Vet = std::function<std::optional<Response>(Request&)>;

  Server(ServerOptions opts, Dispatch dispatch, BodyLimit body_limit, Observer observer, Vet vet = nullptr);
  ~Server();

  // Binds and starts serving; returns the bound port (useful with port 0).
  unsigned short start();
  // Blocks until stop() completed.
  void wait();
  // Graceful: stops accepting, finishes in-flight requests (up to `grace`), then stops the threads.
  void stop(std::chrono::seconds grace = std::chrono::seconds(20));
  bool stopping() const { return stopping_.load(); }
  std::size_t open_connections();
  std::size_t open_websockets();
  // Connections answered 503 because max_connections were open.
  uint64_t refused_connections() const { return refused_.load(); }

  class Session;

 private:
  friend class Session;
  void do_accept();
  // Answers 503 to a connection beyond max_connections and closes it.
  void refuse(boost::asio::ip::tcp::socket socket);
  void forget(Session* s);
  // WebSockets live on after their HTTP session; the server keeps them to close them on stop().
  void adopt(std::shared_ptr<WebSocket> ws);
  void forget(WebSocket* ws);

  ServerOptions opts_;
  Dispatch dispatch_;
  BodyLimit body_limit_;
  Observer observer_;
  Vet vet_;
  boost::asio::io_context ioc_;
  boost::asio::thread_pool workers_;
  boost::asio::thread_pool read_workers_;
  // The acceptor lives on a strand of its own: its completions, the pause's and stop()'s close run
  // one at a time, whichever I/O threads pick them up (an acceptor is not safe for concurrent use:
  // ThreadSanitizer saw stop()'s close meet an accept's completion on another I/O thread).
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer accept_pause_;  // out of descriptors: accept again a little later
  std::atomic<uint64_t> refused_{0};
  std::atomic<int> refusing_{0};  // 503 answers being written
  int inline_limit_ = 0;  // inline_reads, bounded by io_threads - 1
  std::atomic<int> inline_running_{0};  // safe requests being handled on I/O threads now
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guard_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> cut_streams_{false};  // set when stop()'s grace is over
  std::mutex mu_;
  std::condition_variable cv_;
  std::set<std::shared_ptr<Session>> sessions_;
  std::set<std::shared_ptr<WebSocket>> websockets_;
  bool stopped_ = false;
};

}  // namespace rapport::http
