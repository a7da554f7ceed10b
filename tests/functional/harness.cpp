#include "harness.hpp"
#include "build_paths.hpp"

#include "harness_answers.hpp"

#include "platform/db/pg_connection_adapter.hpp"
#include "platform/db/pg_test_support.hpp"
#include "platform/db/postgres.hpp"
#include "platform/db/sqlite.hpp"
#include "platform/db/test_databases.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <thread>

namespace rapport::testing {
namespace {

// With RAPPORT_TEST_BACKEND=postgres the same tests run on PostgreSQL: every data directory gets a
// database of its own on the test cluster (RAPPORT_TEST_PG_URL), so a restart on the same directory
// finds the same data. Returns the database's URL, or "" for SQLite. `migrated`: a new database is a
// copy of a migrated template (a server's: it would migrate it first thing); else it is empty (a
// command's, such as `rapport init`, which refuses a database that has a schema).
std::string backend_database(const std::string& data_dir, bool create, bool migrated = false) {
  const char* backend = std::getenv("RAPPORT_TEST_BACKEND");
  const char* base = std::getenv("RAPPORT_TEST_PG_URL");
  if (!backend || std::string(backend) != "postgres") return "";
  if (!base || !*base) throw std::runtime_error("RAPPORT_TEST_BACKEND=postgres needs RAPPORT_TEST_PG_URL");
  char name[32];
  std::snprintf(name, sizeof name, "rft_%016zx", std::hash<std::string>{}(data_dir));
  std::string url(base);
  url = url.substr(0, url.rfind('/') + 1) + name;
  db::PgConnection c(db::pg_admin_options(base));
  bool exists = c.exec("SELECT count(*) FROM pg_database WHERE datname = $1", {std::string(name)}).int64(0, 0) > 0;
  if (create && !exists && migrated) db::create_migrated_pg_database(name, base);
  if (create && !exists && !migrated) c.exec_script(std::string("CREATE DATABASE ") + name);
  if (!create && exists) c.exec_script(std::string("DROP DATABASE ") + name + " WITH (FORCE)");
  return url;
}

}  // namespace

std::string backend_database_url(const std::string& data_dir) { return backend_database(data_dir, true); }

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace fs = std::filesystem;
using tcp = asio::ip::tcp;

boost::json::value HttpResponse::json() const {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  return ec ? boost::json::value(nullptr) : v;
}

struct HttpClient::Impl {
  unsigned short port;
  asio::io_context ioc;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;

  void connect() {
    stream.emplace(ioc);
    stream->connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    buffer.clear();
  }
  // head: the answer to a HEAD request, which has a Content-Length but no body.
  HttpResponse read_response(bool head = false) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    parser.skip(head);
    stream->expires_after(std::chrono::seconds(30));
    bhttp::read(*stream, buffer, parser);
    auto res = parser.release();
    HttpResponse out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& f : res) {
      std::string name(f.name_string());
      for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      out.headers[name] = std::string(f.value());
    }
    out.body = std::move(res.body());
    if (!res.keep_alive()) stream.reset();
    return out;
  }
};

HttpClient::HttpClient(unsigned short port) : impl_(std::make_unique<Impl>()) { impl_->port = port; }
HttpClient::~HttpClient() = default;

HttpResponse HttpClient::request(const std::string& method, const std::string& target, const std::string& body,
                                 const std::vector<std::pair<std::string, std::string>>& headers) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      if (!impl_->stream) impl_->connect();
      bhttp::request<bhttp::string_body> req;
      req.method_string(method);
      req.target(target);
      req.version(11);
      req.set(bhttp::field::host, "127.0.0.1");
      req.keep_alive(true);
      for (const auto& [k, v] : headers) req.set(k, v);
      req.body() = body;
      req.prepare_payload();
      impl_->stream->expires_after(std::chrono::seconds(30));
      bhttp::write(*impl_->stream, req);
      auto res = impl_->read_response(method == "HEAD");
      if (records_answers_) record_answer(method, target, res);
      return res;
    } catch (const std::exception&) {
      impl_->stream.reset();
      if (attempt == 1) throw;
    }
  }
  return {};
}

HttpResponse HttpClient::call(const std::string& method, const std::string& target, const std::string& token,
                              const boost::json::value* body, std::vector<std::pair<std::string, std::string>> headers) {
  if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
  std::string payload;
  if (body) {
    headers.emplace_back("Content-Type", "application/json");
    payload = boost::json::serialize(*body);
  }
  return request(method, target, payload, headers);
}

HttpResponse HttpClient::raw(const std::string& bytes) {
  impl_->connect();
  asio::write(impl_->stream->socket(), asio::buffer(bytes));
  auto res = impl_->read_response();
  // Recorded when the request line names a method and a target (the answer to a malformed request
  // is still a problem document).
  std::istringstream line(bytes.substr(0, bytes.find('\r')));
  std::string method, target;
  if (records_answers_ && line >> method >> target && target.starts_with('/')) record_answer(method, target, res);
  return res;
}

const std::string& ServerProcess::admin_email() {
  static const std::string e = "admin@functional.test";
  return e;
}
const std::string& ServerProcess::admin_password() {
  static const std::string p = "functional-test-password";
  return p;
}

std::string make_temp_dir(const std::string& prefix) {
  std::string tmpl = (fs::temp_directory_path() / (prefix + "XXXXXX")).string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  return tmpl;
}

const std::string& test_master_key() {
  static const std::string k = "cmFwcG9ydC1mdW5jdGlvbmFsLXRlc3RzLWtleS0zMmI=";  // "rapport-functional-tests-key-32b"
  return k;
}

bool on_postgres_backend() {
  const char* backend = std::getenv("RAPPORT_TEST_BACKEND");
  return backend && std::string(backend) == "postgres";
}

namespace {

void apply_env(const std::vector<std::pair<std::string, std::string>>& env) {
  for (const auto& [k, v] : env) {
    if (v.empty()) unsetenv(k.c_str());
    else setenv(k.c_str(), v.c_str(), 1);
  }
}

}  // namespace

ServerProcess::ServerProcess(std::vector<std::string> extra_args, std::string data_dir, std::string listen,
                             std::vector<std::pair<std::string, std::string>> env) {
  if (data_dir.empty()) {
    data_dir_ = make_temp_dir("rapport-ft-");
    own_dir_ = true;
  } else {
    data_dir_ = data_dir;
  }
  std::string port_file = data_dir_ + "/port";
  fs::remove(port_file);
  log_path_ = data_dir_ + "/server-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + ".log";
  std::vector<std::string> args = {rapport_binary(), "serve", "--listen", listen, "--data", data_dir_, "--port-file", port_file};
  if (auto on = std::find(extra_args.begin(), extra_args.end(), kWithAccessLog); on != extra_args.end())
    extra_args.erase(on);
  else
    args.push_back("--no-access-log");
  bool own_database = std::find(extra_args.begin(), extra_args.end(), "--database") != extra_args.end();
  bool postgres = own_database;
  if (auto url = own_database ? "" : backend_database(data_dir_, true, true); !url.empty()) {
    args.push_back("--database");
    args.push_back(url);
    postgres = true;
  }
  // Tests send bursts far above a person's pace with one token; the rate limit has its own test.
  if (std::find(extra_args.begin(), extra_args.end(), "--rate-limit") == extra_args.end()) {
    args.push_back("--rate-limit");
    args.push_back("0");
  }
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  pid_ = fork();
  if (pid_ == 0) {
    int fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    setenv("RAPPORT_ADMIN_EMAIL", admin_email().c_str(), 1);
    setenv("RAPPORT_ADMIN_PASSWORD", admin_password().c_str(), 1);
    if (postgres) setenv("RAPPORT_MASTER_KEY", test_master_key().c_str(), 1);
    apply_env(env);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(port_file);
    int p = 0;
    if (in >> p && p > 0) {
      port_ = static_cast<unsigned short>(p);
      return;
    }
    if (!running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::string out = output();
  kill_hard();
  throw std::runtime_error("rapport did not start: " + out);
}

ServerProcess::~ServerProcess() {
  if (running()) stop();
  if (own_dir_) {
    fs::remove_all(data_dir_);
    try {
      backend_database(data_dir_, false);
    } catch (const std::exception&) {
    }
  }
}

bool ServerProcess::running() const {
  if (pid_ <= 0) return false;
  int status;
  return waitpid(pid_, &status, WNOHANG) == 0;
}

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return -WTERMSIG(status);
}

void ServerProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string ServerProcess::output() const {
  std::ifstream in(log_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

CommandResult run_rapport(const std::vector<std::string>& args,
                          const std::vector<std::pair<std::string, std::string>>& env) {
  std::string out_path = (fs::temp_directory_path() / ("rapport-cmd-" + std::to_string(getpid()) + ".out")).string();
  // On the PostgreSQL backend, a command naming a data directory works on that directory's database.
  std::string database_url;
  for (std::size_t i = 0; i + 1 < args.size(); ++i)
    if (args[i] == "--data") database_url = backend_database(args[i + 1], true);
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    bool postgres = !database_url.empty() || std::find(args.begin(), args.end(), "--database") != args.end();
    if (postgres) setenv("RAPPORT_MASTER_KEY", test_master_key().c_str(), 1);
    apply_env(env);
    if (!database_url.empty()) setenv("RAPPORT_DATABASE_URL", database_url.c_str(), 1);
    std::vector<std::string> all = {rapport_binary()};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  std::ifstream in(out_path);
  std::stringstream ss;
  ss << in.rdbuf();
  fs::remove(out_path);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), ss.str()};
}

std::vector<std::vector<std::string>> query_database(const std::string& data_dir, const std::string& sql,
                                                     const std::vector<std::string>& params) {
  auto rows_of = [&](db::Connection& c) {
    std::vector<std::vector<std::string>> rows;
    auto& st = c.prepare(sql);
    for (std::size_t i = 0; i < params.size(); ++i) st.bind(static_cast<int>(i + 1), params[i]);
    while (st.step()) {
      std::vector<std::string> row;
      for (int i = 0; i < st.column_count(); ++i) {
        if (st.is_null(i)) {
          row.emplace_back("\x01null");
        } else {
          auto v = st.value(i);
          row.push_back(std::holds_alternative<int64_t>(v) ? std::to_string(std::get<int64_t>(v)) : st.text(i));
        }
      }
      rows.push_back(std::move(row));
    }
    st.reset();
    return rows;
  };
  std::string url = backend_database(data_dir, true);
  if (url.empty()) {
    db::SqliteConnection c((fs::path(data_dir) / "rapport.db").string(), true);
    return rows_of(c);
  }
  db::PgConnection pg(db::pg_admin_options(url));
  db::PgAdapterConnection c(pg);
  return rows_of(c);
}

void write_database(const std::string& data_dir, const std::function<void(db::Connection&)>& fn) {
  auto in_transaction = [&](db::Connection& c) {
    c.exec("BEGIN");
    try {
      fn(c);
      c.reset_used();
      c.exec("COMMIT");
    } catch (...) {
      c.reset_used();
      c.exec("ROLLBACK");
      throw;
    }
  };
  std::string url = backend_database(data_dir, true);
  if (url.empty()) {
    db::SqliteConnection c((fs::path(data_dir) / "rapport.db").string(), false);
    c.exec("PRAGMA busy_timeout=10000");
    in_transaction(c);
    return;
  }
  db::PgConnection pg(db::pg_admin_options(url));
  db::PgAdapterConnection c(pg);
  in_transaction(c);
}

std::string login(HttpClient& c, const std::string& email, const std::string& password) {
  boost::json::value body = boost::json::object{{"email", email}, {"password", password}};
  auto r = c.call("POST", "/api/v1/auth/login", "", &body);
  EXPECT_EQ(r.status, 200) << r.body;
  auto j = r.json();
  if (!j.is_object() || !j.as_object().contains("token")) return "";
  return std::string(j.at("token").as_string());
}

}  // namespace rapport::testing
