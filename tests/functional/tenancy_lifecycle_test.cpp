// The server's life: first start and its generated password, demo data, graceful shutdown under load,
// durability after SIGKILL, schema versions, request limits and timeouts, configuration from the
// environment. Every test starts and stops its own servers.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <random>
#include <regex>
#include <sstream>
#include <thread>

#include "harness.hpp"
#include "platform/db/sqlite.hpp"

#include <gtest/gtest.h>

namespace rapport::testing {
namespace json = boost::json;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// ---- helpers --------------------------------------------------------------------------------------

struct TempDir {
  std::string path;
  explicit TempDir(const std::string& prefix = "rapport-life-") : path(make_temp_dir(prefix)) {}
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string random_suffix() {
  static std::mt19937_64 rng(std::random_device{}());
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < 10; ++i) s.push_back(hex[rng() % 16]);
  return s;
}

std::string text(const json::value& v, std::string_view key) {
  if (!v.is_object()) return "";
  auto* m = v.as_object().if_contains(key);
  return m && m->is_string() ? std::string(m->as_string()) : "";
}

// The `data` array of a list answer, by value (so that it outlives the response's parsed JSON).
json::array data_of(const HttpResponse& r) {
  auto j = r.json();
  if (!j.is_object() || !j.as_object().contains("data") || !j.at("data").is_array()) return {};
  return j.at("data").as_array();
}

struct Env {
  std::vector<std::pair<std::string, std::string>> set;
  std::vector<std::string> unset = {"RAPPORT_ADMIN_EMAIL", "RAPPORT_ADMIN_PASSWORD", "RAPPORT_LISTEN", "RAPPORT_DATA"};
};

// The rapport binary started with exactly the given arguments and environment changes, its stdout and
// stderr going to a file. Unlike ServerProcess it sets no environment of its own.
class Launched {
 public:
  Launched(std::vector<std::string> args, const Env& env, const std::string& log_path, const std::string& cwd = "")
      : log_path_(log_path) {
    std::vector<std::string> all = {RAPPORT_BINARY};
    all.insert(all.end(), args.begin(), args.end());
    pid_ = fork();
    if (pid_ == 0) {
      int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      dup2(fd, 1);
      dup2(fd, 2);
      for (const auto& k : env.unset) unsetenv(k.c_str());
      for (const auto& [k, v] : env.set) setenv(k.c_str(), v.c_str(), 1);
      if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(126);
      std::vector<char*> argv;
      for (auto& a : all) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
  }
  ~Launched() {
    if (running()) {
      ::kill(pid_, SIGKILL);
      reap(true);
    }
  }
  Launched(const Launched&) = delete;

  bool running() {
    if (exited_) return false;
    return !reap(false);
  }
  // Waits for the bound port in `port_file`; 0 when the process ended or the time ran out.
  unsigned short wait_port(const std::string& port_file, std::chrono::seconds limit = 20s) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      std::ifstream in(port_file);
      int p = 0;
      if (in >> p && p > 0) return static_cast<unsigned short>(p);
      if (!running()) return 0;
      std::this_thread::sleep_for(20ms);
    }
    return 0;
  }
  // Waits for the process to end by itself; nullopt (and the process killed) when it did not.
  std::optional<int> wait_exit(std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (!running()) return code_;
      std::this_thread::sleep_for(20ms);
    }
    ::kill(pid_, SIGKILL);
    reap(true);
    return std::nullopt;
  }
  int terminate() {
    if (!running()) return code_;
    ::kill(pid_, SIGTERM);
    reap(true);
    return code_;
  }
  std::string output() const { return read_file(log_path_); }

 private:
  bool reap(bool block) {
    if (exited_) return true;
    int status = 0;
    pid_t r = waitpid(pid_, &status, block ? 0 : WNOHANG);
    if (r != pid_) return false;
    exited_ = true;
    code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    return true;
  }
  pid_t pid_ = -1;
  bool exited_ = false;
  int code_ = -1;
  std::string log_path_;
};

// A plain blocking TCP connection speaking just enough HTTP/1.1 to tell a complete response from a
// cut one.
class RawConn {
 public:
  enum class Read { Complete, ClosedBeforeResponse, Truncated, Timeout };
  struct Response {
    int status = 0;
    std::string head, body;
    bool close = false;
  };

  ~RawConn() { close(); }
  bool connect(unsigned short port, int timeout_s = 30) {
    close();
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) return false;
    timeval tv{timeout_s, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      close();
      return false;
    }
    return true;
  }
  bool is_open() const { return fd_ >= 0; }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  bool send_all(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  Read read_response(Response& out) {
    std::string buf;
    std::size_t header_end = std::string::npos, need = 0;
    for (;;) {
      if (header_end == std::string::npos) {
        header_end = buf.find("\r\n\r\n");
        if (header_end != std::string::npos) {
          out.head = buf.substr(0, header_end);
          std::string lower = out.head;
          for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
          out.status = std::atoi(out.head.substr(out.head.find(' ') + 1, 3).c_str());
          auto cl = lower.find("\r\ncontent-length:");
          need = cl == std::string::npos ? 0 : std::strtoul(lower.c_str() + cl + 17, nullptr, 10);
          out.close = lower.find("\r\nconnection: close") != std::string::npos;
        }
      }
      if (header_end != std::string::npos && buf.size() >= header_end + 4 + need) {
        out.body = buf.substr(header_end + 4, need);
        return Read::Complete;
      }
      char chunk[16384];
      ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n > 0) {
        buf.append(chunk, static_cast<std::size_t>(n));
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return Read::Timeout;
      return buf.empty() ? Read::ClosedBeforeResponse : Read::Truncated;
    }
  }
  // Waits until the peer closes; true when it did within `limit`.
  bool wait_closed(std::chrono::seconds limit) {
    pollfd p{fd_, POLLIN, 0};
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
      if (poll(&p, 1, std::max(left, 1)) <= 0) continue;
      char c;
      ssize_t n = ::recv(fd_, &c, 1, 0);
      if (n <= 0 && !(n < 0 && (errno == EAGAIN || errno == EINTR))) return true;
    }
    return false;
  }

 private:
  int fd_ = -1;
};

std::string http_post(const std::string& target, const std::string& token, const std::string& body) {
  return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string admin_token(HttpClient& c) { return login(c, ServerProcess::admin_email(), ServerProcess::admin_password()); }

std::vector<std::string> serve_args(const std::string& data, const std::string& port_file) {
  return {"serve", "--listen", "127.0.0.1:0", "--data", data, "--port-file", port_file, "--no-access-log"};
}

// ---- first start ----------------------------------------------------------------------------------

TEST(Lifecycle, FirstStartPrintsAGeneratedPasswordOnce) {
  TempDir dir;
  const std::string data = dir.path + "/data", port_file = dir.path + "/port";
  std::string password;
  {
    Launched first(serve_args(data, port_file), Env{}, dir.path + "/first.log");
    unsigned short port = first.wait_port(port_file);
    ASSERT_NE(port, 0) << first.output();
    std::string out = first.output();
    std::smatch m;
    ASSERT_TRUE(std::regex_search(out, m, std::regex(R"(Password: (\S+))"))) << "no generated password printed: " << out;
    password = m[1];
    EXPECT_GE(password.size(), 12u);
    EXPECT_NE(out.find("admin@rapport.local"), std::string::npos) << out;
    EXPECT_EQ(out.find("Password:", out.find("Password:") + 1), std::string::npos) << "printed twice: " << out;
    HttpClient c(port);
    json::value creds = json::object{{"email", "admin@rapport.local"}, {"password", password}};
    auto r = c.call("POST", "/api/v1/auth/login", "", &creds);
    ASSERT_EQ(r.status, 200) << r.body;
    auto me = c.call("GET", "/api/v1/auth/me", text(r.json(), "token"));
    EXPECT_EQ(text(me.json(), "workspace_name"), "Default") << me.body;
    EXPECT_EQ(text(me.json(), "role"), "admin");
    EXPECT_EQ(first.terminate(), 0) << first.output();
  }
  fs::remove(port_file);
  Launched second(serve_args(data, port_file), Env{}, dir.path + "/second.log");
  unsigned short port = second.wait_port(port_file);
  ASSERT_NE(port, 0) << second.output();
  std::string out = second.output();
  EXPECT_EQ(out.find("Password:"), std::string::npos) << "the second start printed a password: " << out;
  EXPECT_EQ(out.find("First start"), std::string::npos) << out;
  EXPECT_EQ(out.find(password), std::string::npos) << out;
  HttpClient c(port);
  EXPECT_FALSE(login(c, "admin@rapport.local", password).empty()) << "the first password no longer works";
  EXPECT_EQ(second.terminate(), 0);
}

TEST(Lifecycle, FirstStartTakesAdminFromTheEnvironment) {
  TempDir dir;
  const std::string port_file = dir.path + "/port";
  Env env;
  env.set = {{"RAPPORT_ADMIN_EMAIL", "boss@env.test"}, {"RAPPORT_ADMIN_PASSWORD", "env-chosen-password"}};
  Launched s(serve_args(dir.path + "/data", port_file), env, dir.path + "/s.log");
  unsigned short port = s.wait_port(port_file);
  ASSERT_NE(port, 0) << s.output();
  EXPECT_EQ(s.output().find("env-chosen-password"), std::string::npos) << "the chosen password is echoed: " << s.output();
  HttpClient c(port);
  EXPECT_FALSE(login(c, "boss@env.test", "env-chosen-password").empty());
  EXPECT_EQ(s.terminate(), 0);
}

TEST(Lifecycle, ShortAdminPasswordIsRefusedAtFirstStart) {
  TempDir dir;
  Env env;
  env.set = {{"RAPPORT_ADMIN_PASSWORD", "short"}};
  Launched s(serve_args(dir.path + "/data", dir.path + "/port"), env, dir.path + "/s.log");
  auto code = s.wait_exit(20s);
  ASSERT_TRUE(code.has_value()) << "the server runs with an admin it could not create: " << s.output();
  EXPECT_NE(*code, 0);
  EXPECT_NE(s.output().find("12"), std::string::npos) << s.output();
}

// ---- demo data ------------------------------------------------------------------------------------

TEST(Lifecycle, DemoLoadsData) {
  TempDir dir;
  int64_t contacts_total = 0;
  {
    ServerProcess s({"--demo"}, dir.path);
    HttpClient c(s.port());
    std::string token = admin_token(c);
    for (const char* object : {"companies", "contacts", "activities"}) {
      auto r = c.call("GET", std::string("/api/v1/") + object + "?count=true", token);
      ASSERT_EQ(r.status, 200) << r.body;
      EXPECT_GT(r.json().at("total").as_int64(), 0) << object;
      EXPECT_FALSE(r.json().at("data").as_array().empty()) << object;
      if (std::string(object) == "contacts") contacts_total = r.json().at("total").as_int64();
    }
    // Page through the contacts until one has a non-empty timeline.
    bool found = false;
    std::string cursor;
    int pages = 0;
    while (!found && pages++ < 20) {
      auto page = c.call("GET", "/api/v1/contacts?limit=100" + (cursor.empty() ? "" : "&cursor=" + cursor), token);
      ASSERT_EQ(page.status, 200) << page.body;
      for (const auto& contact : data_of(page)) {
        auto t = c.call("GET", "/api/v1/contacts/" + text(contact, "id") + "/timeline", token);
        ASSERT_EQ(t.status, 200) << t.body;
        if (!t.json().at("data").as_array().empty()) {
          found = true;
          break;
        }
      }
      auto next = page.json().at("next_cursor");
      if (!next.is_string()) break;
      cursor = std::string(next.as_string());
    }
    EXPECT_TRUE(found) << "no demo contact has an activity on its timeline";
    EXPECT_EQ(s.stop(), 0);
  }
  // --demo on a workspace that has data loads nothing more.
  ServerProcess again({"--demo"}, dir.path);
  HttpClient c(again.port());
  auto r = c.call("GET", "/api/v1/contacts?count=true", admin_token(c));
  EXPECT_EQ(r.json().at("total").as_int64(), contacts_total) << "demo data loaded twice";
}

// ---- graceful shutdown ----------------------------------------------------------------------------

TEST(Lifecycle, SigtermFinishesInFlightRequests) {
  TempDir dir;
  const std::string x = random_suffix();
  constexpr int kThreads = 10, kPerThread = 5, kTotal = kThreads * kPerThread;
  enum class Kind { Pending, Created, NotSent, ClosedWithoutResponse, Truncated, NotSuccess, Timeout };
  struct Outcome {
    Kind kind = Kind::Pending;
    int status = 0;
    std::string id, email, detail;
  };
  std::vector<Outcome> outcomes(kTotal);
  int exit_code = -99;
  {
    ServerProcess s({}, dir.path);
    HttpClient login_client(s.port());
    const std::string token = admin_token(login_client);
    ASSERT_FALSE(token.empty());
    const unsigned short port = s.port();
    std::atomic<int> finished{0}, ready{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        RawConn conn;
        ++ready;
        while (!go) std::this_thread::yield();
        for (int i = t * kPerThread; i < (t + 1) * kPerThread; ++i) {
          Outcome& o = outcomes[static_cast<std::size_t>(i)];
          o.email = "shutdown-" + std::to_string(i) + "-" + x + "@example.com";
          std::string body = json::serialize(json::object{{"last_name", "Shutdown"}, {"email", o.email}});
          if (!conn.is_open() && !conn.connect(port)) {
            o.kind = Kind::NotSent;
            ++finished;
            continue;
          }
          if (!conn.send_all(http_post("/api/v1/contacts", token, body))) {
            o.kind = Kind::NotSent;
            conn.close();
            ++finished;
            continue;
          }
          RawConn::Response res;
          switch (conn.read_response(res)) {
            case RawConn::Read::Complete:
              o.status = res.status;
              if (res.status >= 200 && res.status < 300) {
                o.kind = Kind::Created;
                boost::system::error_code ec;
                auto j = json::parse(res.body, ec);
                o.id = ec ? "" : text(j, "id");
              } else {
                o.kind = Kind::NotSuccess;
                o.detail = res.head + "\n" + res.body;
              }
              if (res.close) conn.close();
              break;
            case RawConn::Read::ClosedBeforeResponse:
              o.kind = Kind::ClosedWithoutResponse;
              conn.close();
              break;
            case RawConn::Read::Truncated:
              o.kind = Kind::Truncated;
              conn.close();
              break;
            case RawConn::Read::Timeout:
              o.kind = Kind::Timeout;
              conn.close();
              break;
          }
          ++finished;
        }
      });
    }
    while (ready < kThreads) std::this_thread::yield();
    go = true;
    // SIGTERM while most requests are still to come or in flight.
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (finished < 8 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
    exit_code = s.stop();
    for (auto& th : threads) th.join();
  }
  EXPECT_EQ(exit_code, 0) << "the server did not exit cleanly on SIGTERM";

  int created = 0, not_sent = 0, closed = 0;
  for (int i = 0; i < kTotal; ++i) {
    const Outcome& o = outcomes[static_cast<std::size_t>(i)];
    switch (o.kind) {
      case Kind::Created: ++created; break;
      case Kind::NotSent: ++not_sent; break;
      case Kind::ClosedWithoutResponse: ++closed; break;
      case Kind::Truncated: ADD_FAILURE() << "request " << i << " got a truncated response"; break;
      case Kind::NotSuccess: ADD_FAILURE() << "request " << i << " got " << o.status << ": " << o.detail; break;
      case Kind::Timeout: ADD_FAILURE() << "request " << i << " got no answer within 30 s"; break;
      case Kind::Pending: ADD_FAILURE() << "request " << i << " never ran"; break;
    }
  }
  std::cout << "  [shutdown] " << created << " created, " << not_sent << " refused before sending, " << closed
            << " closed before any response byte\n";
  EXPECT_GT(created, 0);

  ServerProcess restarted({}, dir.path);
  HttpClient c(restarted.port());
  const std::string token = admin_token(c);
  for (int i = 0; i < kTotal; ++i) {
    const Outcome& o = outcomes[static_cast<std::size_t>(i)];
    if (o.kind == Kind::Created) {
      ASSERT_FALSE(o.id.empty());
      auto g = c.call("GET", "/api/v1/contacts/" + o.id, token);
      EXPECT_EQ(g.status, 200) << "contact " << o.id << " was acknowledged with 201 but is gone after restart";
      EXPECT_EQ(text(g.json(), "email"), o.email);
    } else if (o.kind == Kind::ClosedWithoutResponse || o.kind == Kind::NotSent) {
      // A request the server closed on without answering must not have been carried out.
      auto l = c.call("GET", "/api/v1/contacts?filter%5Bemail%5D%5Beq%5D=" + o.email, token);
      ASSERT_EQ(l.status, 200) << l.body;
      EXPECT_TRUE(l.json().at("data").as_array().empty())
          << "request " << i << " was written although the connection closed without a response";
    }
  }
  auto count = c.call("GET", "/api/v1/contacts?count=true", token);
  EXPECT_EQ(count.json().at("total").as_int64(), created) << "the live count disagrees with the acknowledged creates";
}

// ---- durability -----------------------------------------------------------------------------------

TEST(Lifecycle, AcknowledgedWritesSurviveSigkill) {
  TempDir dir;
  std::vector<std::string> ids;
  auto name_of = [](int i) {
    std::string n = std::to_string(i);
    n.insert(n.begin(), 'N');
    return n;
  };
  {
    ServerProcess s({}, dir.path);
    HttpClient c(s.port());
    const std::string token = admin_token(c);
    for (int i = 0; i < 100; ++i) {
      json::value body = json::object{{"first_name", "Durable"}, {"last_name", name_of(i)}};
      auto r = c.call("POST", "/api/v1/contacts", token, &body);
      ASSERT_EQ(r.status, 201) << r.body;
      ids.push_back(text(r.json(), "id"));
    }
    s.kill_hard();
  }
  ServerProcess restarted({}, dir.path);
  HttpClient c(restarted.port());
  const std::string token = admin_token(c);
  int missing = 0;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto g = c.call("GET", "/api/v1/contacts/" + ids[i], token);
    if (g.status != 200) {
      ++missing;
      ADD_FAILURE() << "contact " << i << " (" << ids[i] << ") lost after SIGKILL: " << g.status;
      continue;
    }
    EXPECT_EQ(text(g.json(), "last_name"), name_of(static_cast<int>(i)));
    auto h = c.call("GET", "/api/v1/contacts/" + ids[i] + "/history", token);
    ASSERT_EQ(h.status, 200) << h.body;
    bool has_create = false;
    for (const auto& e : data_of(h)) has_create |= text(e, "action") == "create";
    EXPECT_TRUE(has_create) << "contact " << i << " lost its audit history: " << h.body;
  }
  EXPECT_EQ(missing, 0);
  auto count = c.call("GET", "/api/v1/contacts?count=true", token);
  EXPECT_EQ(count.json().at("total").as_int64(), 100);
}

// ---- schema versions ------------------------------------------------------------------------------

TEST(Lifecycle, NewerSchemaIsRefused) {
  TempDir dir;
  {
    ServerProcess s({}, dir.path);
    ASSERT_EQ(s.stop(), 0);
  }
  {
    db::Connection conn(dir.path + "/rapport.db", false);
    conn.exec("INSERT INTO schema_migrations VALUES (9999, 'future', '2030-01-01T00:00:00.000Z')");
  }
  Env env;
  env.set = {{"RAPPORT_ADMIN_PASSWORD", ServerProcess::admin_password()}};
  Launched serve(serve_args(dir.path, dir.path + "/port2"), env, dir.path + "/serve.log");
  auto code = serve.wait_exit(20s);
  ASSERT_TRUE(code.has_value()) << "rapport serve kept running on a database of a newer schema: " << serve.output();
  EXPECT_NE(*code, 0);
  std::string out = serve.output();
  EXPECT_NE(out.find("9999"), std::string::npos) << out;
  EXPECT_NE(out.find("schema"), std::string::npos) << out;
  EXPECT_FALSE(fs::exists(dir.path + "/port2")) << "it served anyway";

  auto migrate = run_rapport({"migrate", "--data", dir.path});
  EXPECT_NE(migrate.exit_code, 0) << migrate.output;
  EXPECT_NE(migrate.output.find("9999"), std::string::npos) << migrate.output;
  // The database was left as it was.
  db::Connection conn(dir.path + "/rapport.db", true);
  EXPECT_EQ(std::get<int64_t>(conn.scalar("SELECT max(version) FROM schema_migrations")), 9999);
}

TEST(Lifecycle, MigratePrintsTheVersionTransition) {
  TempDir dir;
  const std::string data = dir.path + "/fresh";
  auto first = run_rapport({"migrate", "--data", data});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(first.output, m, std::regex(R"((\d+) -> (\d+))"))) << first.output;
  EXPECT_EQ(m[1], "0") << first.output;
  int newest = std::stoi(m[2]);
  EXPECT_GE(newest, 1);
  EXPECT_TRUE(fs::exists(data + "/rapport.db"));
  auto second = run_rapport({"migrate", "--data", data});
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_NE(second.output.find(std::to_string(newest) + " -> " + std::to_string(newest)), std::string::npos) << second.output;
  EXPECT_NE(second.output.find("0 migrations"), std::string::npos) << second.output;
  // A server starts on the migrated directory.
  ServerProcess s({}, data);
  HttpClient c(s.port());
  EXPECT_FALSE(admin_token(c).empty());
}

// ---- request limits and timeouts ------------------------------------------------------------------

TEST(Lifecycle, OversizedBodyIs413) {
  ServerProcess s;
  HttpClient c(s.port());
  const std::string token = admin_token(c);
  RawConn conn;
  ASSERT_TRUE(conn.connect(s.port(), 20));
  std::string head = "POST /api/v1/contacts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
                     "\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n{\"last_name\":\"";
  ASSERT_TRUE(conn.send_all(head));
  auto started = std::chrono::steady_clock::now();
  RawConn::Response res;
  auto got = conn.read_response(res);
  ASSERT_EQ(got, RawConn::Read::Complete) << "no response to an oversized request";
  EXPECT_EQ(res.status, 413) << res.head << "\n" << res.body;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s) << "the server waited for the body before refusing it";
  EXPECT_NE(res.head.find("application/problem+json"), std::string::npos) << res.head;
  // The same when the size shows only in a chunk header.
  RawConn chunked;
  ASSERT_TRUE(chunked.connect(s.port(), 20));
  ASSERT_TRUE(chunked.send_all("POST /api/v1/contacts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
                               "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n4C4B40\r\n{\"last_name\":\""));
  RawConn::Response res2;
  ASSERT_EQ(chunked.read_response(res2), RawConn::Read::Complete) << "no response to an oversized chunked request";
  EXPECT_EQ(res2.status, 413) << res2.head << "\n" << res2.body;
  // The server is fine, and nothing was created.
  EXPECT_EQ(c.request("GET", "/healthz").status, 200);
  auto count = c.call("GET", "/api/v1/contacts?count=true", token);
  EXPECT_EQ(count.json().at("total").as_int64(), 0);
  // A body within the limit is accepted.
  json::value ok = json::object{{"last_name", "Small"}, {"description", std::string(9000, 'x')}};
  EXPECT_EQ(c.call("POST", "/api/v1/contacts", token, &ok).status, 201);
}

TEST(Lifecycle, HalfARequestDoesNotBlockOthers) {
  ServerProcess s;
  RawConn slow;
  ASSERT_TRUE(slow.connect(s.port()));
  ASSERT_TRUE(slow.send_all("GET /heal"));
  HttpClient c(s.port());
  for (int i = 0; i < 3; ++i) EXPECT_EQ(c.request("GET", "/healthz").status, 200);
  // A second stalled connection in the middle of its headers does not either.
  RawConn slow2;
  ASSERT_TRUE(slow2.connect(s.port()));
  ASSERT_TRUE(slow2.send_all("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: "));
  EXPECT_EQ(c.request("GET", "/healthz").status, 200);
  EXPECT_EQ(s.stop(), 0) << "a stalled connection kept the server from stopping cleanly";
}

// The read timeout bounds a request from its first byte (here 2 s instead of the default 30 s).
TEST(Lifecycle, HalfARequestLineIsClosedWithinTheReadTimeout) {
  ServerProcess s({"--read-timeout", "2", "--idle-timeout", "60"});
  RawConn conn;
  ASSERT_TRUE(conn.connect(s.port()));
  ASSERT_TRUE(conn.send_all("GET /heal"));
  auto started = std::chrono::steady_clock::now();
  bool closed = conn.wait_closed(20s);
  auto took = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started);
  ASSERT_TRUE(closed) << "the server kept a connection with half a request line open for over 20 s";
  EXPECT_LE(took.count(), 5) << "closed only after " << took.count() << " s (the idle timeout is 60 s)";
  std::cout << "  [timeout] half a request line was closed after " << took.count() << " s\n";
}

// ---- configuration from the environment -----------------------------------------------------------

TEST(Lifecycle, ListenAddressFromTheEnvironment) {
  TempDir dir;
  const std::string port_file = dir.path + "/port";
  Env env;
  env.set = {{"RAPPORT_LISTEN", "127.0.0.1:0"}, {"RAPPORT_ADMIN_PASSWORD", ServerProcess::admin_password()}};
  {
    Launched s({"serve", "--data", dir.path + "/data", "--port-file", port_file, "--no-access-log"}, env, dir.path + "/s.log");
    unsigned short port = s.wait_port(port_file);
    ASSERT_NE(port, 0) << s.output();
    EXPECT_NE(port, 8080) << "RAPPORT_LISTEN was ignored";
    HttpClient c(port);
    EXPECT_EQ(c.request("GET", "/healthz").status, 200);
    EXPECT_NE(s.output().find("127.0.0.1:" + std::to_string(port)), std::string::npos) << s.output();
    EXPECT_EQ(s.terminate(), 0);
  }
  // --listen wins over the environment.
  fs::remove(port_file);
  env.set[0].second = "this is not an address";
  Launched s({"serve", "--listen", "127.0.0.1:0", "--data", dir.path + "/data", "--port-file", port_file, "--no-access-log"},
             env, dir.path + "/s2.log");
  unsigned short port = s.wait_port(port_file);
  ASSERT_NE(port, 0) << s.output();
  HttpClient c(port);
  EXPECT_EQ(c.request("GET", "/healthz").status, 200);
  EXPECT_EQ(s.terminate(), 0);
}

TEST(Lifecycle, DataDirectoryFromTheEnvironment) {
  TempDir dir;
  const std::string data = dir.path + "/env-data", cwd = dir.path + "/cwd", port_file = dir.path + "/port";
  fs::create_directories(cwd);
  Env env;
  env.set = {{"RAPPORT_DATA", data}, {"RAPPORT_ADMIN_PASSWORD", ServerProcess::admin_password()},
             {"RAPPORT_ADMIN_EMAIL", ServerProcess::admin_email()}};
  std::string contact_id;
  {
    Launched s({"serve", "--listen", "127.0.0.1:0", "--port-file", port_file, "--no-access-log"}, env, dir.path + "/s.log", cwd);
    unsigned short port = s.wait_port(port_file);
    ASSERT_NE(port, 0) << s.output();
    EXPECT_TRUE(fs::exists(data + "/rapport.db")) << "RAPPORT_DATA was ignored";
    EXPECT_FALSE(fs::exists(cwd + "/rapport-data")) << "the default data directory was used";
    EXPECT_NE(s.output().find(fs::path(data).lexically_normal().string()), std::string::npos) << s.output();
    HttpClient c(port);
    std::string token = admin_token(c);
    json::value body = json::object{{"last_name", "FromEnv"}};
    auto r = c.call("POST", "/api/v1/contacts", token, &body);
    ASSERT_EQ(r.status, 201) << r.body;
    contact_id = text(r.json(), "id");
    EXPECT_EQ(s.terminate(), 0);
  }
  // The data is where RAPPORT_DATA said: a server given that directory explicitly has it.
  ServerProcess explicit_dir({}, data);
  HttpClient c(explicit_dir.port());
  EXPECT_EQ(c.call("GET", "/api/v1/contacts/" + contact_id, admin_token(c)).status, 200);
  explicit_dir.stop();
  // The administration commands read it too.
  Env cli_env;
  cli_env.set = {{"RAPPORT_DATA", data}};
  Launched key({"apikey", "create", "--workspace", "Default", "--user", ServerProcess::admin_email(), "--name", "env"},
               cli_env, dir.path + "/key.log", cwd);
  auto code = key.wait_exit(20s);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0) << key.output();
  EXPECT_NE(key.output().find("rpk_"), std::string::npos) << key.output();
  EXPECT_FALSE(fs::exists(cwd + "/rapport-data"));
}

}  // namespace
}  // namespace rapport::testing
