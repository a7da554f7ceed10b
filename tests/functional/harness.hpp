// Functional-test harness: starts the real `rapport` binary on a free loopback port with its own data
// directory, and speaks HTTP/1.1 to it.
#pragma once
#include <boost/json.hpp>
#include <map>
#include <memory>
#include <functional>
#include <string>
#include <vector>

#include "platform/db/connection.hpp"

namespace rapport::testing {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  boost::json::value json() const;  // parses body; null when it is not JSON
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

// One keep-alive connection; reconnects when the server closed it.
class HttpClient {
 public:
  explicit HttpClient(unsigned short port);
  ~HttpClient();
  HttpResponse request(const std::string& method, const std::string& target, const std::string& body = "",
                       const std::vector<std::pair<std::string, std::string>>& headers = {});
  // JSON convenience with a bearer token (empty token: no Authorization header).
  HttpResponse call(const std::string& method, const std::string& target, const std::string& token,
                    const boost::json::value* body = nullptr,
                    std::vector<std::pair<std::string, std::string>> headers = {});
  // Sends raw bytes and reads one response (for malformed requests).
  HttpResponse raw(const std::string& bytes);
  // A client of a listener that is not the API (--metrics-listen): its answers are not the API's,
  // so they are not recorded for the OpenAPI check (harness_answers.hpp).
  void not_the_api() { records_answers_ = false; }

 private:
  bool records_answers_ = true;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class ServerProcess {
 public:
  // Starts `rapport serve` on a free port with a fresh data directory (or `data_dir` when given).
  // `listen` chooses the address instead (a node restarted on its port). When extra_args name a
  // --database, that database is used even on the PostgreSQL test backend (nodes sharing one).
  // On PostgreSQL (the test backend, or a --database in extra_args) the server gets the fixed
  // test_master_key() in RAPPORT_MASTER_KEY, since nodes sharing a database must share the key.
  // `env` is applied last: a pair with an empty value removes that variable. The access log is off
  // unless extra_args hold kWithAccessLog (which is not passed on).
  static constexpr const char* kWithAccessLog = "(with access log)";
  explicit ServerProcess(std::vector<std::string> extra_args = {}, std::string data_dir = "",
                         std::string listen = "127.0.0.1:0",
                         std::vector<std::pair<std::string, std::string>> env = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;

  unsigned short port() const { return port_; }
  const std::string& data_dir() const { return data_dir_; }
  int pid() const { return pid_; }
  // Sends SIGTERM and waits; returns the exit status (or -signal).
  int stop();
  void kill_hard();
  bool running() const;
  std::string output() const;  // what the server printed on stdout and stderr so far

  static const std::string& admin_email();
  static const std::string& admin_password();

 private:
  int pid_ = -1;
  unsigned short port_ = 0;
  std::string data_dir_;
  std::string log_path_;
  bool own_dir_ = false;
};

// The master key every server and command on PostgreSQL gets (base64 of 32 bytes).
const std::string& test_master_key();
// True when RAPPORT_TEST_BACKEND=postgres: servers run on databases of the test cluster.
bool on_postgres_backend();

// Runs the rapport binary with arguments and environment additions; returns exit code and output.
// On PostgreSQL (as for ServerProcess) RAPPORT_MASTER_KEY is test_master_key() unless env sets it.
struct CommandResult {
  int exit_code;
  std::string output;
};
CommandResult run_rapport(const std::vector<std::string>& args,
                          const std::vector<std::pair<std::string, std::string>>& env = {});

// The PostgreSQL database a data directory's server uses on the PostgreSQL test backend, or "" on
// SQLite (the database is then <data_dir>/rapport.db).
std::string backend_database_url(const std::string& data_dir);
// Runs one query with text parameters on the database of a server's data directory (SQLite file or
// its PostgreSQL database) and returns the rows as text (NULL as "\x01null"). For checks of rows no
// route shows (audit entries, sealed columns).
std::vector<std::vector<std::string>> query_database(const std::string& data_dir, const std::string& sql,
                                                     const std::vector<std::string>& params = {});

// Runs fn in one transaction on the database of a server's data directory (as query_database), for
// rows no route creates yet (a job of a type no node runs).
void write_database(const std::string& data_dir, const std::function<void(db::Connection&)>& fn);

// Logs in and returns the session token (fails the test when login fails).
std::string login(HttpClient& c, const std::string& email, const std::string& password);
std::string make_temp_dir(const std::string& prefix);

}  // namespace rapport::testing
