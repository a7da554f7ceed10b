#include "multinode_deployment.hpp"
#include "build_paths.hpp"

#include "platform/db/pg_test_support.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace rapport::testing {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

// Replaces every occurrence of `from`; a token that is not there means deploy/nginx changed in a way
// this rendering does not know, which must fail the test rather than test something else.
void replace_all(std::string& text, const std::string& from, const std::string& to, const std::string& file) {
  std::size_t n = 0;
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
    ++n;
  }
  if (n == 0) throw std::runtime_error(file + " no longer contains \"" + from + "\"; update the multi-node test's rendering");
}

// A loopback port nothing listens on right now (the caller retries if another process takes it).
unsigned short free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("no free loopback port");
  }
  ::close(fd);
  return ntohs(a.sin_port);
}

bool accepts_connections(unsigned short port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  if (fd >= 0) ::close(fd);
  return ok;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// SharedDatabase
// ---------------------------------------------------------------------------------------------

SharedDatabase::SharedDatabase() {
  const char* base = std::getenv("RAPPORT_TEST_PG_URL");
  if (!base || !*base) throw std::runtime_error("RAPPORT_TEST_PG_URL is not set");
  admin_url_ = base;
  static std::atomic<int> counter{0};
  std::mt19937 rng(std::random_device{}());
  name_ = "rmn_" + std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" + std::to_string(rng() % 100000);
  url_ = admin_url_.substr(0, admin_url_.rfind('/') + 1) + name_;
  db::PgConnection admin(db::pg_admin_options(admin_url_));
  admin.exec_script("CREATE DATABASE " + name_);
}

SharedDatabase::~SharedDatabase() {
  sql_.reset();
  try {
    db::PgConnection admin(db::pg_admin_options(admin_url_));
    admin.exec_script("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception&) {
  }
}

db::PgConnection& SharedDatabase::sql() {
  if (!sql_) {
    db::PgOptions o;
    o.url = url_;
    o.statement_timeout = std::chrono::milliseconds(30000);
    sql_ = std::make_unique<db::PgConnection>(o);
  }
  return *sql_;
}

// ---------------------------------------------------------------------------------------------
// Node
// ---------------------------------------------------------------------------------------------

Node::Node(const std::string& database_url) : database_url_(database_url), dir_(make_temp_dir("rapport-node-")) {
  try {
    process_ = std::make_unique<ServerProcess>(std::vector<std::string>{"--database", database_url_}, dir_);
  } catch (...) {
    fs::remove_all(dir_);
    throw;
  }
  port_ = process_->port();
}

Node::~Node() {
  process_.reset();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

void Node::kill() {
  if (process_) process_->kill_hard();
}

void Node::restart() {
  process_.reset();
  process_ = std::make_unique<ServerProcess>(std::vector<std::string>{"--database", database_url_}, dir_,
                                             "127.0.0.1:" + std::to_string(port_));
  if (process_->port() != port_) throw std::runtime_error("the node came back on another port");
}

// ---------------------------------------------------------------------------------------------
// Nginx
// ---------------------------------------------------------------------------------------------

std::string nginx_binary() {
  for (const char* p : {"/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"})
    if (::access(p, X_OK) == 0) return p;
  return "";
}

Nginx::Nginx(const std::vector<unsigned short>& node_ports) : dir_(make_temp_dir("rapport-nginx-")) {
  // Running as root, nginx's workers run as nobody: they must reach the temporary directories.
  ::chmod(dir_.c_str(), 0755);
  std::string failure;
  try {
    for (int attempt = 0; attempt < 5; ++attempt) {
      unsigned short port = free_port();
      render(node_ports, port);
      if (start(port)) {
        port_ = port;
        return;
      }
    }
    failure = "nginx did not start: " + error_log();
  } catch (const std::exception& e) {
    failure = e.what();
  }
  stop();
  fs::remove_all(dir_);
  throw std::runtime_error(failure);
}

Nginx::~Nginx() {
  stop();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

void Nginx::render(const std::vector<unsigned short>& node_ports, unsigned short port) const {
  const std::string deploy = std::string(source_dir()) + "/deploy/nginx/";
  std::string site = read_text(deploy + "rapport.conf");
  if (node_ports.size() != 2) throw std::runtime_error("deploy/nginx/rapport.conf lists two nodes");
  replace_all(site, "127.0.0.1:8081", "127.0.0.1:" + std::to_string(node_ports[0]), "rapport.conf");
  replace_all(site, "127.0.0.1:8082", "127.0.0.1:" + std::to_string(node_ports[1]), "rapport.conf");
  replace_all(site, "listen 80;", "listen 127.0.0.1:" + std::to_string(port) + ";", "rapport.conf");
  replace_all(site, "/var/log/nginx/", dir_ + "/", "rapport.conf");
  replace_all(site, "/etc/nginx/snippets/", dir_ + "/", "rapport.conf");
  write_text(dir_ + "/rapport.conf", site);
  write_text(dir_ + "/rapport-proxy.conf", read_text(deploy + "rapport-proxy.conf"));
  // The main file is Debian's nginx.conf reduced to what the site needs, with every path in dir_.
  const std::string& d = dir_;
  write_text(dir_ + "/nginx.conf",
             "worker_processes 1;\n"
             "pid " + d + "/nginx.pid;\n"
             "events { worker_connections 1024; }\n"
             "http {\n"
             "  client_body_temp_path " + d + "/client_body;\n"
             "  proxy_temp_path " + d + "/proxy;\n"
             "  fastcgi_temp_path " + d + "/fastcgi;\n"
             "  uwsgi_temp_path " + d + "/uwsgi;\n"
             "  scgi_temp_path " + d + "/scgi;\n"
             "  default_type application/octet-stream;\n"
             "  include " + d + "/rapport.conf;\n"
             "}\n");
}

bool Nginx::start(unsigned short port) {
  std::string bin = nginx_binary();
  if (bin.empty()) throw std::runtime_error("nginx is not installed (scripts/install-deps.sh installs it)");
  std::vector<std::string> args = {bin, "-p", dir_ + "/", "-e", dir_ + "/error.log", "-c", dir_ + "/nginx.conf",
                                   "-g", "daemon off;"};
  pid_ = fork();
  if (pid_ == 0) {
    int fd = open((dir_ + "/nginx.out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < deadline) {
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {  // exited: most likely the port was taken
      pid_ = -1;
      return false;
    }
    if (accepts_connections(port)) return true;
    std::this_thread::sleep_for(20ms);
  }
  stop();
  return false;
}

void Nginx::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  int status;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string Nginx::error_log() const {
  return read_text(dir_ + "/nginx.out") + read_text(dir_ + "/error.log") + read_text(dir_ + "/rapport.error.log");
}

// ---------------------------------------------------------------------------------------------

long node_requests(unsigned short node_port, const std::string& method, const std::string& route,
                   const std::string& status_class) {
  HttpClient c(node_port);
  auto r = c.request("GET", "/metrics");
  std::string key = "rapport_http_requests_total{method=\"" + method + "\",route=\"" + route + "\",status=\"" +
                    status_class + "\"} ";
  auto at = r.body.find(key);
  if (at == std::string::npos) return 0;
  return std::atol(r.body.c_str() + at + key.size());
}

}  // namespace rapport::testing
