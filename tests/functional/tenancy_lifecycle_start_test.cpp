// Starting the server: the first start and its generated password, the admin from the environment,
// demo data, schema versions and `rapport migrate`, the listen address and data directory from the
// environment. Every test starts and stops its own servers.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "platform/db/sqlite.hpp"
#include "build_paths.hpp"
#include "tenancy_lifecycle_helpers.hpp"

namespace rapport::testing {
namespace json = boost::json;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
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
    std::vector<std::string> all = {rapport_binary()};
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

std::vector<std::string> serve_args(const std::string& data, const std::string& port_file) {
  return {"serve", "--listen", "127.0.0.1:0", "--data", data, "--port-file", port_file, "--no-access-log"};
}

// ---- first start ----------------------------------------------------------------------------------

// Not on a terminal (systemd, docker, a pipe): the generated password goes to a file only the
// server's user can read, whose path the log names; the log stream never carries the password.
TEST(Lifecycle, FirstStartKeepsAGeneratedPasswordOutOfTheLog) {
  TempDir dir;
  const std::string data = dir.path + "/data", port_file = dir.path + "/port";
  const std::string password_file = data + "/initial-admin-password";
  std::string password;
  {
    Launched first(serve_args(data, port_file), Env{}, dir.path + "/first.log");
    unsigned short port = first.wait_port(port_file);
    ASSERT_NE(port, 0) << first.output();
    std::string out = first.output();
    std::string stored = read_file(password_file);
    ASSERT_FALSE(stored.empty()) << "no password file: " << out;
    password = stored.substr(0, stored.find('\n'));
    EXPECT_GE(password.size(), 12u);
    EXPECT_EQ(fs::status(password_file).permissions(), fs::perms::owner_read | fs::perms::owner_write);
    EXPECT_EQ(out.find(password), std::string::npos) << "the generated password is in the log: " << out;
    EXPECT_NE(out.find("admin@rapport.local"), std::string::npos) << out;
    EXPECT_NE(out.find(fs::absolute(password_file).lexically_normal().string()), std::string::npos)
        << "the log does not say where the password is: " << out;
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
  EXPECT_EQ(out.find("first start"), std::string::npos) << out;
  EXPECT_EQ(out.find(password), std::string::npos) << out;
  HttpClient c(port);
  EXPECT_FALSE(login(c, "admin@rapport.local", password).empty()) << "the first password no longer works";
  EXPECT_EQ(second.terminate(), 0);
}

// Where the generated password cannot be kept, the start stops before it makes an admin whose
// password nobody could learn, and says how to choose one.
TEST(Lifecycle, FirstStartMakesNoAdminWhenItCannotKeepTheGeneratedPassword) {
  TempDir dir;
  const std::string data = dir.path + "/data";
  fs::create_directories(data + "/initial-admin-password");  // a directory where the file would go
  Launched s(serve_args(data, dir.path + "/port"), Env{}, dir.path + "/s.log");
  auto code = s.wait_exit(20s);
  ASSERT_TRUE(code.has_value()) << "the server runs with an admin nobody knows the password of: " << s.output();
  EXPECT_NE(*code, 0);
  EXPECT_NE(s.output().find("RAPPORT_ADMIN_PASSWORD"), std::string::npos) << s.output();
  db::SqliteConnection db(data + "/rapport.db", true);
  EXPECT_EQ(std::get<int64_t>(db.scalar("SELECT count(*) FROM workspaces")), 0);
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

    // Deals in the pipelines, each with a company and one of that company's contacts, so that the
    // board, the home page and the reports have something to show.
    auto pipelines = c.call("GET", "/api/v1/pipelines", token);
    ASSERT_EQ(pipelines.status, 200) << pipelines.body;
    EXPECT_EQ(data_of(pipelines).size(), 3u);
    auto deals = c.call("GET", "/api/v1/deals?limit=200&count=true", token);
    ASSERT_EQ(deals.status, 200) << deals.body;
    EXPECT_EQ(deals.json().at("total").as_int64(), 120);
    for (const auto& deal : data_of(deals)) {
      const std::string company = text(deal, "company_id");
      ASSERT_FALSE(company.empty()) << deal;
      const auto& contacts = deal.at("contacts").as_array();
      ASSERT_EQ(contacts.size(), 1u) << deal;
      EXPECT_TRUE(contacts[0].at("role").is_string()) << "a role of the API's enum (the answers' check validates it): " << deal;
      auto contact = c.call("GET", "/api/v1/contacts/" + text(contacts[0], "contact_id"), token);
      ASSERT_EQ(contact.status, 200) << contact.body;
      EXPECT_EQ(text(contact.json(), "company_id"), company) << "a deal's contact works for the deal's company";
      auto owner = c.call("GET", "/api/v1/companies/" + company, token);
      ASSERT_EQ(owner.status, 200) << owner.body;
      EXPECT_EQ(text(deal, "name").rfind(text(owner.json(), "name") + " ", 0), 0u) << "named after its company: " << deal;
    }

    // Leads in every status, and an inbox: tickets made as the API makes them (numbered 1.., an SLA
    // state, the requester's company).
    auto leads = c.call("GET", "/api/v1/leads?limit=100&count=true", token);
    ASSERT_EQ(leads.status, 200) << leads.body;
    EXPECT_EQ(leads.json().at("total").as_int64(), 30);
    std::set<std::string> statuses;
    for (const auto& lead : data_of(leads)) statuses.insert(text(lead, "status"));
    EXPECT_EQ(statuses, (std::set<std::string>{"new", "contacted", "qualified", "unqualified"}));
    auto tickets = c.call("GET", "/api/v1/tickets?limit=100&count=true&sort=number", token);
    ASSERT_EQ(tickets.status, 200) << tickets.body;
    EXPECT_EQ(tickets.json().at("total").as_int64(), 24);
    int64_t number = 0;
    for (const auto& ticket : data_of(tickets)) {
      EXPECT_EQ(ticket.at("number").as_int64(), ++number) << ticket;
      ASSERT_TRUE(ticket.at("sla").is_object()) << ticket;
      EXPECT_FALSE(ticket.at("sla").at("policy_id").is_null()) << "under the demo's SLA policy: " << ticket;
      auto requester = c.call("GET", "/api/v1/contacts/" + text(ticket, "requester_id"), token);
      ASSERT_EQ(requester.status, 200) << requester.body;
      EXPECT_EQ(text(requester.json(), "company_id"), text(ticket, "company_id")) << ticket;
    }
    EXPECT_EQ(s.stop(), 0);
  }
  // --demo on a workspace that has data loads nothing more.
  ServerProcess again({"--demo"}, dir.path);
  HttpClient c(again.port());
  auto r = c.call("GET", "/api/v1/contacts?count=true", admin_token(c));
  EXPECT_EQ(r.json().at("total").as_int64(), contacts_total) << "demo data loaded twice";
}

// ---- schema versions ------------------------------------------------------------------------------

TEST(Lifecycle, NewerSchemaIsRefused) {
  TempDir dir;
  {
    ServerProcess s({}, dir.path);
    ASSERT_EQ(s.stop(), 0);
  }
  {
    db::SqliteConnection conn(dir.path + "/rapport.db", false);
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
  db::SqliteConnection conn(dir.path + "/rapport.db", true);
  EXPECT_EQ(std::get<int64_t>(conn.scalar("SELECT max(version) FROM schema_migrations")), 9999);
}

TEST(Lifecycle, MigrateNeedsADatabaseThenPrintsTheVersionTransition) {
  TempDir dir;
  const std::string data = dir.path + "/fresh";
  // Only init and serve create a database (commands_test.cpp has every command).
  auto none = run_rapport({"migrate", "--data", data});
  EXPECT_NE(none.exit_code, 0) << none.output;
  EXPECT_NE(none.output.find("`rapport init"), std::string::npos) << none.output;
  EXPECT_FALSE(fs::exists(data));
  ASSERT_EQ(run_rapport({"init", "--data", data}, {{"RAPPORT_ADMIN_PASSWORD", ServerProcess::admin_password()},
                                                   {"RAPPORT_ADMIN_EMAIL", ServerProcess::admin_email()}})
                .exit_code,
            0);
  auto second = run_rapport({"migrate", "--data", data});
  ASSERT_EQ(second.exit_code, 0) << second.output;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(second.output, m, std::regex(R"((\d+) -> (\d+))"))) << second.output;
  EXPECT_EQ(m[1], m[2]) << second.output;
  EXPECT_GE(std::stoi(m[2]), 1);
  EXPECT_NE(second.output.find("0 migrations"), std::string::npos) << second.output;
  // A server starts on the migrated directory.
  fs::create_directories(data);  // on PostgreSQL init made none; the harness writes its port file there
  ServerProcess s({}, data);
  HttpClient c(s.port());
  EXPECT_FALSE(admin_token(c).empty());
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
