#include "app/start_checks.hpp"

#include <libpq-fe.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <charconv>
#include <cstdlib>
#include <filesystem>

#include "access/passwords.hpp"
#include "app/data_directory.hpp"
#include "app/master_key.hpp"
#include "platform/net/address_policy.hpp"

namespace rapport::app {
namespace asio = boost::asio;

namespace {

struct Endpoint {
  std::string host;
  int port = 0;
};

std::optional<Endpoint> parse_listen(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  Endpoint e;
  e.host = listen.substr(0, colon);
  if (e.host.size() > 2 && e.host.front() == '[' && e.host.back() == ']') e.host = e.host.substr(1, e.host.size() - 2);
  std::string_view port(listen.data() + colon + 1, listen.size() - colon - 1);
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), e.port);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() || e.port < 0 || e.port > 65535) return std::nullopt;
  boost::system::error_code bad;
  asio::ip::make_address(e.host, bad);
  if (bad) return std::nullopt;
  return e;
}

std::optional<std::string> database_url_problem(const std::string& url) {
  if (url.rfind("postgres://", 0) != 0 && url.rfind("postgresql://", 0) != 0)
    return "--database must be a postgres:// or postgresql:// URL (postgres://user:password@host:port/database)";
  char* err = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &err);
  if (!options) {
    std::string why = err ? err : "cannot be read";
    PQfreemem(err);
    while (!why.empty() && why.back() == '\n') why.pop_back();
    return "--database is not a valid PostgreSQL URL: " + why;
  }
  std::optional<std::string> problem;
  for (auto* o = options; o->keyword; ++o) {
    // libpq reads the port only when connecting: check it here (a list for several hosts).
    if (std::string_view(o->keyword) == "port" && o->val && (!*o->val || std::string_view(o->val).find_first_not_of("0123456789,") != std::string_view::npos))
      problem = "--database has a port that is not a number: \"" + std::string(o->val) + "\"";
  }
  PQconninfoFree(options);
  return problem;
}

}  // namespace

std::optional<std::string> listen_problem(const std::string& option, const std::string& listen) {
  if (parse_listen(listen)) return std::nullopt;
  return option + " \"" + listen +
         "\" is not ADDRESS:PORT with an IP address and a port from 0 to 65535 (e.g. 127.0.0.1:8080, [::1]:8080, 0.0.0.0:8080)";
}

std::optional<std::string> bind_problem(const std::string& listen) {
  auto e = parse_listen(listen);
  if (!e || e->port == 0) return std::nullopt;
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io);
  asio::ip::tcp::endpoint ep(asio::ip::make_address(e->host), static_cast<unsigned short>(e->port));
  boost::system::error_code ec;
  acceptor.open(ep.protocol(), ec);
  // As the server binds: SO_REUSEADDR, so only a socket listening there now is in the way.
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(ep, ec);
  if (!ec) return std::nullopt;
  if (ec == asio::error::address_in_use)
    return listen + " is already in use; stop the process listening there or choose another --listen";
  if (ec == asio::error::access_denied)
    return "cannot listen on " + listen + ": ports below 1024 need privileges; choose another --listen";
  return "cannot listen on " + listen + ": " + ec.message();
}

void check_start_options(const Config& cfg, bool listens) {
  if (listens) {
    if (auto p = listen_problem("--listen", cfg.listen)) throw std::runtime_error(*p);
    if (!cfg.metrics_listen.empty())
      if (auto p = listen_problem("--metrics-listen", cfg.metrics_listen)) throw std::runtime_error(*p);
  }
  if (!cfg.database_url.empty()) {
    if (auto p = database_url_problem(cfg.database_url)) throw std::runtime_error(*p);
  } else if (auto p = data_directory_problem(cfg.data_dir)) {
    throw std::runtime_error(*p);
  }
  check_master_key_source({cfg.master_key_file, cfg.data_dir, !cfg.database_url.empty()});
  try {
    (void)net::AllowList::from_options(cfg.webhook_allow_hosts, cfg.webhook_allow_hosts_env);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(std::string(cfg.webhook_allow_hosts.empty() ? "RAPPORT_WEBHOOK_ALLOW_HOSTS" : "--webhook-allow-host") +
                             ": " + e.what());
  }
  if (!(cfg.webhook_time_scale > 0 && cfg.webhook_time_scale <= 1))
    throw std::runtime_error("RAPPORT_WEBHOOK_TIME_SCALE must be a number above 0 and at most 1");
  // The first start's admin (first_start) on a data directory without a database yet. (On
  // PostgreSQL whether the database is new is known only once connected; first_start checks it then.)
  std::error_code ec;
  if (cfg.database_url.empty() && !std::filesystem::exists(std::filesystem::path(cfg.data_dir) / "rapport.db", ec)) {
    const char* email = std::getenv("RAPPORT_ADMIN_EMAIL");
    if (email && *email && std::string_view(email).find('@') == std::string_view::npos)
      throw std::runtime_error("RAPPORT_ADMIN_EMAIL must be an email address");
    const char* password = std::getenv("RAPPORT_ADMIN_PASSWORD");
    if (password && *password)
      if (auto weak = access::check_password("RAPPORT_ADMIN_PASSWORD", password))
        throw std::runtime_error("RAPPORT_ADMIN_PASSWORD " + weak->message);
  }
  if (!cfg.web_dir.empty() && !std::filesystem::is_directory(cfg.web_dir, ec))
    throw std::runtime_error("--web-dir " + cfg.web_dir + " is not a directory (it should hold the web UI's index.html "
                             "and assets/, e.g. a `npm run build` of web/)");
  if (!cfg.port_file.empty()) {
    namespace fs = std::filesystem;
    auto dir = fs::absolute(cfg.port_file).lexically_normal().parent_path();
    // In the data directory (made once the checks pass), or in a writable directory that exists.
    fs::path data = fs::absolute(cfg.data_dir).lexically_normal();
    if (!data.has_filename()) data = data.parent_path();  // "dir/"
    bool in_data_dir = cfg.database_url.empty() && dir == data;
    if (!in_data_dir && (!fs::is_directory(dir) || ::access(dir.c_str(), W_OK | X_OK) != 0))
      throw std::runtime_error("--port-file " + cfg.port_file + ": " + dir.string() + " is not a writable directory");
  }
  if (listens) {
    if (auto p = bind_problem(cfg.listen)) throw std::runtime_error(*p);
    if (!cfg.metrics_listen.empty())
      if (auto p = bind_problem(cfg.metrics_listen)) throw std::runtime_error(*p);
  }
}

}  // namespace rapport::app
