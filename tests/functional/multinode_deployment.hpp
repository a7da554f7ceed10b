// What the multi-node tests run: a fresh database on the PostgreSQL test cluster, `rapport serve`
// nodes on it that can be killed and started again on their port, and nginx in front of them with
// the configuration shipped in deploy/nginx/.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "harness.hpp"
#include "platform/db/postgres.hpp"

namespace rapport::testing {

// A database of its own on the cluster named by RAPPORT_TEST_PG_URL, dropped at the end.
class SharedDatabase {
 public:
  SharedDatabase();
  ~SharedDatabase();
  SharedDatabase(const SharedDatabase&) = delete;
  const std::string& url() const { return url_; }
  // A connection for the checks a test makes on the stored rows.
  db::PgConnection& sql();

 private:
  std::string admin_url_, name_, url_;
  std::unique_ptr<db::PgConnection> sql_;
};

// One `rapport serve --database URL` process.
class Node {
 public:
  explicit Node(const std::string& database_url);
  ~Node();
  Node(const Node&) = delete;
  unsigned short port() const { return port_; }
  bool running() const { return process_ && process_->running(); }
  void kill();     // SIGKILL: no shutdown, no drain
  void restart();  // a new process on the same port and database
  std::string output() const { return process_ ? process_->output() : ""; }

 private:
  std::string database_url_, dir_;
  unsigned short port_ = 0;
  std::unique_ptr<ServerProcess> process_;
};

// nginx with deploy/nginx/rapport.conf and rapport-proxy.conf rendered for the given nodes: the
// node addresses, the listen port and the log and snippet directories replaced, nothing else.
class Nginx {
 public:
  explicit Nginx(const std::vector<unsigned short>& node_ports);
  ~Nginx();
  Nginx(const Nginx&) = delete;
  unsigned short port() const { return port_; }
  std::string error_log() const;

 private:
  bool start(unsigned short port);
  void render(const std::vector<unsigned short>& node_ports, unsigned short port) const;
  void stop();
  std::string dir_;
  int pid_ = -1;
  unsigned short port_ = 0;
};

// The path of the nginx binary, or "" when nginx is not installed.
std::string nginx_binary();

// The counter rapport_http_requests_total for one route, method and status class of a node's
// /metrics (0 when absent).
long node_requests(unsigned short node_port, const std::string& method, const std::string& route,
                   const std::string& status_class);

}  // namespace rapport::testing
