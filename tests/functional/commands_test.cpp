// The administration commands cannot quietly do the wrong thing (issue 11, part 3): only `init` and
// `serve` create a database, `serve` checks its options before creating anything, a SQLite data
// directory has one server, `generate` keeps out of real data, `migrate` reports and rehearses,
// API keys are managed from the command line, and what Rapport writes is its user's only.
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <regex>
#include <thread>

#include "harness.hpp"
#include "platform/db/pg_connection_adapter.hpp"
#include "platform/db/pg_test_support.hpp"
#include "platform/db/postgres.hpp"
#include "platform/db/sqlite.hpp"
#include "tenancy_helpers.hpp"

namespace rapport::testing {
namespace {
namespace fs = std::filesystem;

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A directory path that does not exist yet (its parent does), removed afterwards with its database.
struct AbsentDir {
  std::string parent = make_temp_dir("rapport-cmd-");
  std::string path = parent + "/data";
  ~AbsentDir() {
    std::error_code ec;
    fs::remove_all(parent, ec);
  }
};

// Whether the data directory's database (its file on SQLite, its database on the PostgreSQL test
// backend) has any table: nothing may be created by a refused command.
bool database_created(const std::string& dir) {
  if (!on_postgres_backend()) return fs::exists(dir);
  auto rows = query_database(dir, "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = 'public'");
  return rows.at(0).at(0) != "0";
}

// Runs one statement that changes the data directory's database (the harness's query_database reads).
void change_database(const std::string& dir, const std::string& sql) {
  std::string url = backend_database_url(dir);
  if (url.empty()) {
    db::SqliteConnection c(dir + "/rapport.db", false);
    c.exec(sql);
    return;
  }
  db::PgConnection c(db::pg_admin_options(url));
  c.exec_script(sql);
}

const std::vector<std::pair<std::string, std::string>> kAdmin = {{"RAPPORT_ADMIN_EMAIL", ServerProcess::admin_email()},
                                                                  {"RAPPORT_ADMIN_PASSWORD", ServerProcess::admin_password()}};

// ---- only init and serve create a database --------------------------------------------------------

TEST(CommandsNeedADatabase, EveryOtherCommandRefusesAMissingOneAndCreatesNothing) {
  AbsentDir dir;
  std::vector<std::vector<std::string>> commands = {
      {"workspace", "create", "--name", "W", "--admin-email", "w@cmd.test"},
      {"apikey", "create", "--workspace", "Default", "--user", "a@cmd.test", "--name", "k"},
      {"apikey", "list", "--workspace", "Default"},
      {"apikey", "revoke", "--workspace", "Default", "--id", "x"},
      {"jobs", "list"},
      {"jobs", "cancel", "--id", "x"},
      {"generate", "--contacts", "10"},
      {"migrate"},
      {"migrate", "--status"},
      {"migrate", "--dry-run"},
  };
  if (!on_postgres_backend()) commands.push_back({"backup", "--out", dir.parent + "/b.db"});
  for (auto args : commands) {
    std::string shown;
    for (const auto& a : args) shown += a + " ";
    args.insert(args.end(), {"--data", dir.path});
    auto r = run_rapport(args, {{"RAPPORT_ADMIN_PASSWORD", "a-long-enough-password-1"}});
    EXPECT_NE(r.exit_code, 0) << shown << r.output;
    EXPECT_TRUE(has(r.output, "`rapport init") && has(r.output, "`rapport serve`")) << shown << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << shown << "one sentence: " << r.output;
    EXPECT_FALSE(database_created(dir.path)) << shown << "created the database";
  }
  EXPECT_FALSE(fs::exists(dir.parent + "/b.db"));
}

TEST(CommandsNeedADatabase, InitCreatesWhatTheFirstServeWouldThenRefusesToRunAgain) {
  AbsentDir dir;
  auto init = run_rapport({"init", "--data", dir.path}, kAdmin);
  ASSERT_EQ(init.exit_code, 0) << init.output;
  EXPECT_TRUE(has(init.output, "first start: created the workspace \\\"Default\\\" with the admin user " + ServerProcess::admin_email()))
      << init.output;
  if (!on_postgres_backend()) {
    EXPECT_TRUE(fs::exists(dir.path + "/rapport.db"));
    EXPECT_TRUE(fs::exists(dir.path + "/master.key"));
  }
  EXPECT_EQ(query_database(dir.path, "SELECT count(*) FROM workspaces").at(0).at(0), "1");

  auto again = run_rapport({"init", "--data", dir.path}, kAdmin);
  EXPECT_NE(again.exit_code, 0) << again.output;
  EXPECT_TRUE(has(again.output, "already holds a Rapport database")) << again.output;
  EXPECT_EQ(query_database(dir.path, "SELECT count(*) FROM workspaces").at(0).at(0), "1");

  // The other commands now work on it, and a server starts on it with the admin init made.
  auto ws = run_rapport({"workspace", "create", "--name", "Second", "--admin-email", "s@cmd.test", "--data", dir.path},
                        {{"RAPPORT_ADMIN_PASSWORD", "second-admin-password-1"}});
  EXPECT_EQ(ws.exit_code, 0) << ws.output;
  auto migrate = run_rapport({"migrate", "--data", dir.path});
  EXPECT_EQ(migrate.exit_code, 0) << migrate.output;
  EXPECT_TRUE(has(migrate.output, "(0 migrations applied)")) << migrate.output;
  fs::create_directories(dir.path);  // on PostgreSQL init made none; the harness writes its port file there
  ServerProcess server({}, dir.path);
  HttpClient c(server.port());
  EXPECT_FALSE(login(c, ServerProcess::admin_email(), ServerProcess::admin_password()).empty());
}

// ---- serve checks its options first ---------------------------------------------------------------

TEST(ServeChecksFirst, BadOptionsLeaveNothingBehind) {
  AbsentDir dir;
  using Env = std::vector<std::pair<std::string, std::string>>;
  struct Case {
    std::vector<std::string> args;
    std::string message;
    Env env;
  };
  // Each case is wrong in one way only (on the PostgreSQL backend the harness adds the database URL).
  const std::vector<Case> cases = {
      {{"--listen", "nonsense"}, "is not ADDRESS:PORT", {}},
      {{"--listen", "127.0.0.1:99999"}, "is not ADDRESS:PORT", {}},
      {{"--listen", "localhost:8080"}, "is not ADDRESS:PORT", {}},
      {{"--listen", "127.0.0.1:80x"}, "is not ADDRESS:PORT", {}},
      {{"--metrics-listen", "nonsense"}, "is not ADDRESS:PORT", {}},
      {{"--database", "mysql://u@h/db"}, "postgres://", {}},
      {{"--database", "postgres://u@h:notaport/db"}, "port that is not a number", {}},
      {{"--database", "postgres://u@h/db?nosuchoption=1"}, "not a valid PostgreSQL URL", {}},
      {{"--master-key-file", dir.parent + "/missing.key"}, "does not exist", {{"RAPPORT_MASTER_KEY", ""}}},
      {{"--port-file", dir.parent + "/no/such/dir/port"}, "is not a writable directory", {}},
  };
  for (const auto& [extra, message, env] : cases) {
    std::vector<std::string> args = {"serve", "--data", dir.path};
    if (extra[0] != "--listen") args.insert(args.end(), {"--listen", "127.0.0.1:0"});
    args.insert(args.end(), extra.begin(), extra.end());
    Env all = kAdmin;
    all.insert(all.end(), env.begin(), env.end());
    auto r = run_rapport(args, all);
    EXPECT_NE(r.exit_code, 0) << extra[1] << ": " << r.output;
    EXPECT_TRUE(has(r.output, message)) << extra[1] << ": " << r.output;
    EXPECT_FALSE(database_created(dir.path)) << extra[1] << " created the database";
    EXPECT_FALSE(fs::exists(dir.path)) << extra[1] << " created the data directory";
  }
  if (on_postgres_backend()) return;  // whether a PostgreSQL database is new is known once connected
  auto weak = run_rapport({"serve", "--data", dir.path, "--listen", "127.0.0.1:0"}, {{"RAPPORT_ADMIN_PASSWORD", "short"}});
  EXPECT_NE(weak.exit_code, 0) << weak.output;
  EXPECT_TRUE(has(weak.output, "RAPPORT_ADMIN_PASSWORD")) << weak.output;
  EXPECT_FALSE(fs::exists(dir.path));
}

TEST(ServeChecksFirst, APortInUseIsOneSentenceAndCreatesNothing) {
  ServerProcess first;
  AbsentDir dir;
  const std::string listen = "127.0.0.1:" + std::to_string(first.port());
  auto r = run_rapport({"serve", "--data", dir.path, "--listen", listen}, kAdmin);
  EXPECT_NE(r.exit_code, 0) << r.output;
  // serve's one log format: a JSON line whose message is the sentence.
  EXPECT_TRUE(has(r.output, "\"msg\":\"" + listen + " is already in use; ")) << r.output;
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
  EXPECT_FALSE(database_created(dir.path));
  // The metrics listener's address is checked the same way, before anything is created.
  auto metrics = run_rapport({"serve", "--data", dir.path, "--listen", "127.0.0.1:0", "--metrics-listen", listen}, kAdmin);
  EXPECT_NE(metrics.exit_code, 0) << metrics.output;
  EXPECT_TRUE(has(metrics.output, listen + " is already in use")) << metrics.output;
  EXPECT_FALSE(database_created(dir.path));
}

// ---- one server per SQLite data directory ---------------------------------------------------------

TEST(DataDirectoryLock, ASecondServerAndMigrateAreRefusedNamingTheHolder) {
  if (on_postgres_backend()) GTEST_SKIP() << "SQLite data directories only (PostgreSQL nodes share a database)";
  std::string dir = make_temp_dir("rapport-lock-");
  {
    ServerProcess first({}, dir);
    try {
      ServerProcess second({}, dir);
      ADD_FAILURE() << "a second server started on the same data directory";
    } catch (const std::runtime_error& e) {
      std::string out = e.what();
      EXPECT_TRUE(has(out, "the data directory " + dir + " is in use by rapport serve on 127.0.0.1:0, pid " +
                               std::to_string(first.pid()) + ", started "))
          << out;
    }
    auto migrate = run_rapport({"migrate", "--data", dir});
    EXPECT_NE(migrate.exit_code, 0) << migrate.output;
    EXPECT_TRUE(has(migrate.output, "in use by rapport serve")) << migrate.output;
    auto init = run_rapport({"init", "--data", dir}, kAdmin);
    EXPECT_NE(init.exit_code, 0) << init.output;
    // Commands that add rows write beside the server (WAL, busy timeout), and it sees their rows.
    auto key = run_rapport({"apikey", "create", "--workspace", "Default", "--user", ServerProcess::admin_email(), "--name", "beside",
                            "--data", dir});
    ASSERT_EQ(key.exit_code, 0) << key.output;
    HttpClient c(first.port());
    std::string k = key.output.substr(0, key.output.find('\n'));
    EXPECT_EQ(c.call("GET", "/api/v1/auth/me", k).status, 200);
    // The status reads only: it works beside the server.
    auto status = run_rapport({"migrate", "--status", "--data", dir});
    EXPECT_EQ(status.exit_code, 0) << status.output;
    // A crash releases the lock: the kernel drops it with the process.
    first.kill_hard();
    ServerProcess after_crash({}, dir);
  }
  auto migrate = run_rapport({"migrate", "--data", dir});
  EXPECT_EQ(migrate.exit_code, 0) << migrate.output;
  fs::remove_all(dir);
}

// ---- generate keeps out of real data --------------------------------------------------------------

TEST(GenerateOnlyIntoFakeData, RefusesAWorkspaceWithRealDataUnlessForced) {
  ServerProcess server;
  const std::string dir = server.data_dir();
  // Right after the first start, and again into what it generated: allowed.
  auto first = run_rapport({"generate", "--contacts", "20", "--data", dir});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  auto again = run_rapport({"generate", "--contacts", "20", "--data", dir});
  ASSERT_EQ(again.exit_code, 0) << again.output;
  // An API key (and signing in) is not real data.
  ASSERT_EQ(run_rapport({"apikey", "create", "--workspace", "Default", "--user", ServerProcess::admin_email(), "--name", "bench",
                         "--data", dir})
                .exit_code,
            0);
  HttpClient c(server.port());
  std::string token = login(c, ServerProcess::admin_email(), ServerProcess::admin_password());
  ASSERT_EQ(run_rapport({"generate", "--contacts", "5", "--data", dir}).exit_code, 0);
  // A contact made through the API is.
  json::value contact = json::object{{"first_name", "Real"}, {"last_name", "Person"}, {"email", "real.person@customer.test"}};
  ASSERT_EQ(c.call("POST", "/api/v1/contacts", token, &contact).status, 201);
  auto contacts = [&] { return query_database(dir, "SELECT count(*) FROM contacts").at(0).at(0); };
  const std::string before = contacts();
  auto refused = run_rapport({"generate", "--contacts", "20", "--data", dir});
  EXPECT_NE(refused.exit_code, 0) << refused.output;
  EXPECT_TRUE(has(refused.output, "holds real data")) << refused.output;
  EXPECT_TRUE(has(refused.output, "contacts create")) << refused.output;
  EXPECT_TRUE(has(refused.output, "--force")) << refused.output;
  EXPECT_EQ(contacts(), before);
  auto forced = run_rapport({"generate", "--contacts", "20", "--force", "--data", dir});
  EXPECT_EQ(forced.exit_code, 0) << forced.output;
  EXPECT_EQ(std::stoi(contacts()), std::stoi(before) + 20);
}

TEST(GenerateOnlyIntoFakeData, ASecondUserIsRealData) {
  ServerProcess server;
  HttpClient c(server.port());
  std::string token = login(c, ServerProcess::admin_email(), ServerProcess::admin_password());
  json::value user = json::object{{"email", "rep@generate.test"}, {"password", "rep-password-13579"}, {"role", "sales_rep"}};
  ASSERT_EQ(c.call("POST", "/api/v1/users", token, &user).status, 201);
  auto refused = run_rapport({"generate", "--contacts", "5", "--data", server.data_dir()});
  EXPECT_NE(refused.exit_code, 0) << refused.output;
  EXPECT_TRUE(has(refused.output, "holds real data")) << refused.output;
}

// ---- migrate: status and dry run on both engines --------------------------------------------------

TEST(MigrateCommand, StatusListsAppliedAndPendingAndDryRunChangesNothing) {
  std::string dir = make_temp_dir("rapport-mig-");
  { ServerProcess once({}, dir); }
  auto status = run_rapport({"migrate", "--status", "--data", dir});
  ASSERT_EQ(status.exit_code, 0) << status.output;
  EXPECT_TRUE(std::regex_search(status.output, std::regex(R"(\n  0001_spine +applied \d{4}-\d\d-\d\dT)"))) << status.output;
  EXPECT_TRUE(has(status.output, "\n0 migrations pending")) << status.output;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(status.output, m, std::regex(R"(version (\d+); this rapport's newest is (\d+))"))) << status.output;
  const int newest = std::stoi(m[2]);
  EXPECT_EQ(std::stoi(m[1]), newest);
  // Forget the newest migration: it is pending, and a dry run names it without applying it.
  auto row = query_database(dir, "SELECT name, applied_at FROM schema_migrations WHERE version = " + std::to_string(newest));
  ASSERT_EQ(row.size(), 1u);
  change_database(dir, "DELETE FROM schema_migrations WHERE version = " + std::to_string(newest));
  // Numbers may skip on one engine (migrations of the other engine only), so the one before is read.
  const std::string previous = query_database(dir, "SELECT max(version) FROM schema_migrations").at(0).at(0);
  auto pending = run_rapport({"migrate", "--status", "--data", dir});
  EXPECT_TRUE(std::regex_search(pending.output, std::regex(row[0][0] + " +pending\n"))) << pending.output;
  EXPECT_TRUE(has(pending.output, "\n1 migration pending")) << pending.output;
  auto dry = run_rapport({"migrate", "--dry-run", "--data", dir});
  ASSERT_EQ(dry.exit_code, 0) << dry.output;
  EXPECT_TRUE(has(dry.output, "Would apply 1 migration")) << dry.output;
  EXPECT_TRUE(has(dry.output, "(schema version " + previous + " -> " + std::to_string(newest) + ")")) << dry.output;
  EXPECT_TRUE(has(dry.output, row[0][0])) << dry.output;
  EXPECT_EQ(query_database(dir, "SELECT max(version) FROM schema_migrations").at(0).at(0), previous);
  auto both = run_rapport({"migrate", "--status", "--dry-run", "--data", dir});
  EXPECT_NE(both.exit_code, 0);
  change_database(dir, "INSERT INTO schema_migrations(version, name, applied_at) VALUES (" + std::to_string(newest) + ", '" +
                           row[0][0] + "', '" + row[0][1] + "')");
  auto nothing = run_rapport({"migrate", "--dry-run", "--data", dir});
  EXPECT_TRUE(has(nothing.output, "Nothing to apply")) << nothing.output;
  fs::remove_all(dir);
}

// An index added to an analysed SQLite table (as a migration adds or rebuilds one) is measured when
// the migrations run: without statistics SQLite 3.40 takes it for a ten-row index and prefers it to
// every measured one (db/planner_statistics.hpp). Tables never analysed stay unmeasured.
TEST(MigrateCommand, AnIndexAddedAfterAnAnalyzeGetsPlannerStatistics) {
  if (on_postgres_backend()) GTEST_SKIP() << "SQLite's planner statistics (a new index changes no PostgreSQL statistics)";
  std::string dir = make_temp_dir("rapport-stat-");
  { ServerProcess once({}, dir); }
  auto plain = run_rapport({"migrate", "--data", dir});
  ASSERT_EQ(plain.exit_code, 0) << plain.output;
  EXPECT_FALSE(has(plain.output, "Planner statistics")) << "never analysed: " << plain.output;
  // No statistics: the table may exist (the start's PRAGMA optimize creates it, empty, when it looks
  // at tables a migration's statements read) but holds no row.
  if (query_database(dir, "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'").at(0).at(0) != "0") {
    EXPECT_EQ(query_database(dir, "SELECT count(*) FROM sqlite_stat1").at(0).at(0), "0");
  }

  change_database(dir, "CREATE TABLE stat_probe (id INTEGER PRIMARY KEY, a TEXT, b TEXT)");
  change_database(dir, "CREATE INDEX stat_probe_a ON stat_probe(a)");
  change_database(dir, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) "
                       "INSERT INTO stat_probe(a, b) SELECT 'a' || i, 'b' || (i % 7) FROM n");
  change_database(dir, "ANALYZE stat_probe");
  change_database(dir, "CREATE INDEX stat_probe_b ON stat_probe(b)");
  auto measured = run_rapport({"migrate", "--data", dir});
  ASSERT_EQ(measured.exit_code, 0) << measured.output;
  EXPECT_TRUE(has(measured.output, "Planner statistics taken of 1 indexes that had none")) << measured.output;
  EXPECT_EQ(query_database(dir, "SELECT stat FROM sqlite_stat1 WHERE idx = 'stat_probe_b'").at(0).at(0), "500 72");
  auto again = run_rapport({"migrate", "--data", dir});
  EXPECT_FALSE(has(again.output, "Planner statistics")) << again.output;
  fs::remove_all(dir);
}

// ---- API keys from the command line ---------------------------------------------------------------

TEST(ApiKeyCommands, CreateWithRoleAndExpiryListAndRevoke) {
  ServerProcess server;
  const std::string dir = server.data_dir();
  HttpClient c(server.port());
  std::string admin = login(c, ServerProcess::admin_email(), ServerProcess::admin_password());
  json::value user = json::object{{"email", "rep@keys-cli.test"}, {"password", "rep-password-24680"}, {"role", "sales_rep"}};
  ASSERT_EQ(c.call("POST", "/api/v1/users", admin, &user).status, 201);
  auto create = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"apikey", "create", "--workspace", "Default", "--data", dir};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_rapport(args);
  };
  auto keys = [&] { return query_database(dir, "SELECT count(*) FROM api_keys").at(0).at(0); };

  auto made = create({"--user", ServerProcess::admin_email(), "--name", "reader", "--role", "read_only", "--expires", "90d"});
  ASSERT_EQ(made.exit_code, 0) << made.output;
  std::string key = made.output.substr(0, made.output.find('\n'));
  auto me = c.call("GET", "/api/v1/auth/me", key);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(text(me.json(), "role"), "read_only");
  json::value contact = json::object{{"first_name", "No"}};
  EXPECT_EQ(c.call("POST", "/api/v1/contacts", key, &contact).status, 403);

  const std::string count = keys();
  for (const auto& [extra, message] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"--user", "rep@keys-cli.test", "--name", "up", "--role", "admin"}, "grants more than rep@keys-cli.test's role"},
           {{"--user", "rep@keys-cli.test", "--name", "x", "--role", "no_such_role"}, "is not a role of workspace"},
           {{"--user", ServerProcess::admin_email(), "--name", "x", "--expires", "yesterday"}, "--expires"},
           {{"--user", ServerProcess::admin_email(), "--name", "x", "--expires", "2020-01-01"}, "not in the future"},
           {{"--user", ServerProcess::admin_email(), "--name", "x", "--expires", "0d"}, "--expires"}}) {
    auto r = create(extra);
    EXPECT_NE(r.exit_code, 0) << extra.back() << ": " << r.output;
    EXPECT_TRUE(has(r.output, message)) << extra.back() << ": " << r.output;
  }
  EXPECT_EQ(keys(), count) << "a refused key was stored";
  auto rep_key = create({"--user", "rep@keys-cli.test", "--name", "rep-own", "--role", "sales_rep", "--expires", "2030-06-30"});
  ASSERT_EQ(rep_key.exit_code, 0) << rep_key.output;

  auto list = run_rapport({"apikey", "list", "--workspace", "Default", "--data", dir});
  ASSERT_EQ(list.exit_code, 0) << list.output;
  std::string id = text(c.call("GET", "/api/v1/auth/me", key).json(), "api_key_id");
  for (const std::string& part : {std::string("ID"), std::string("LAST USED"), id, std::string("reader"),
                                  ServerProcess::admin_email(), std::string("read_only"), std::string("rep@keys-cli.test"),
                                  std::string("2030-06-30T00:00:00.000Z")})
    EXPECT_TRUE(has(list.output, part)) << part << "\n" << list.output;
  EXPECT_FALSE(has(list.output, key)) << "the list shows a secret";
  EXPECT_FALSE(has(list.output, key.substr(12))) << "the list shows a secret";

  auto revoked = run_rapport({"apikey", "revoke", "--workspace", "Default", "--id", id, "--data", dir});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.output;
  // The running server trusts a key it checked for at most a second (access/checked_keys.hpp): a
  // revocation by another process reaches it within that second (the wait allows a loaded machine's
  // slow answers on top of it; without the expiry the key would work until a restart).
  const auto revoked_at = std::chrono::steady_clock::now();
  int status = c.call("GET", "/api/v1/auth/me", key).status;
  while (status != 401 && std::chrono::steady_clock::now() - revoked_at < std::chrono::seconds(6)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    status = c.call("GET", "/api/v1/auth/me", key).status;
  }
  EXPECT_EQ(status, 401);
  auto audit = query_database(dir, "SELECT action, actor_id, request_id FROM audit_log WHERE object_type = 'api_keys' AND object_id = ? "
                                   "ORDER BY id",
                              {id});
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0][0], "create");
  EXPECT_EQ(audit[1][0], "revoke");
  EXPECT_EQ(audit[1][1], "\x01null");
  EXPECT_EQ(audit[1][2], "command-line");
  auto twice = run_rapport({"apikey", "revoke", "--workspace", "Default", "--id", id, "--data", dir});
  EXPECT_NE(twice.exit_code, 0);
  EXPECT_TRUE(has(twice.output, "no API key " + id)) << twice.output;
  auto elsewhere = run_rapport({"apikey", "list", "--workspace", "Nope", "--data", dir});
  EXPECT_NE(elsewhere.exit_code, 0);
  EXPECT_TRUE(has(elsewhere.output, "no workspace named \"Nope\"")) << elsewhere.output;
}

// ---- the command line itself ----------------------------------------------------------------------

TEST(CommandLineWords, AnUnknownCommandIsNamedAndTheCommandsListed) {
  auto top = run_rapport({"frobnicate"});
  EXPECT_NE(top.exit_code, 0);
  EXPECT_TRUE(has(top.output, "\"frobnicate\" is not a command of `rapport`; the commands are: serve, init, workspace, apikey,"))
      << top.output;
  auto sub = run_rapport({"apikey", "frobnicate", "--workspace", "x"});
  EXPECT_NE(sub.exit_code, 0);
  EXPECT_TRUE(has(sub.output, "\"frobnicate\" is not a command of `rapport apikey`; the commands are: create, list, revoke"))
      << sub.output;
}

// ---- files are Rapport's user's only ---------------------------------------------------------------

TEST(FileModes, EverythingRapportWritesIsItsUsersOnly) {
  if (on_postgres_backend()) GTEST_SKIP() << "the files of a SQLite data directory";
  AbsentDir dir;
  ASSERT_EQ(run_rapport({"init", "--data", dir.path}, kAdmin).exit_code, 0);
  {
    ServerProcess server({}, dir.path);
    HttpClient c(server.port());
    std::string token = login(c, ServerProcess::admin_email(), ServerProcess::admin_password());
    json::value contact = json::object{{"first_name", "Mode"}};
    ASSERT_EQ(c.call("POST", "/api/v1/contacts", token, &contact).status, 201);
    ASSERT_EQ(run_rapport({"backup", "--data", dir.path, "--out", dir.parent + "/backup.db"}).exit_code, 0);
    auto mode = [](const std::string& path) {
      struct stat st {};
      if (::stat(path.c_str(), &st) != 0) return -1;
      return static_cast<int>(st.st_mode & 0777);
    };
    EXPECT_EQ(mode(dir.path), 0700);
    for (const char* file : {"rapport.db", "rapport.db-wal", "rapport.db-shm", "master.key", "rapport.lock", "port"})
      EXPECT_EQ(mode(dir.path + "/" + file), 0600) << file;
    EXPECT_EQ(mode(dir.parent + "/backup.db"), 0600);
  }
}

}  // namespace
}  // namespace rapport::testing
