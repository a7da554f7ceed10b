// PostgreSQL misbehaving under load while it stays up: its backends killed (pg_terminate_backend,
// as an operator or a failover tool does), and statements running past statement_timeout (a table
// locked by a long maintenance transaction). Every request gets an answer of its own (2xx, or 503
// with Retry-After; never a 500, a dropped connection or a hang), the server recovers without a
// restart when the disturbance ends, and every acknowledged write is in the database. A private
// cluster of its own (pg_private_cluster.hpp), so that the other tests' connections are left alone.
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "pg_private_cluster.hpp"
#include "platform/db/postgres.hpp"

namespace rapport::testing {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;

// Creates contacts and reads them back, on `clients` connections, until stopped; keeps what was
// acknowledged and counts every other answer.
struct Load {
  unsigned short port;
  std::string token;
  std::string tag;
  std::atomic<bool> stop{false};
  std::atomic<int> created{0}, read{0}, unavailable{0}, slow{0};
  std::mutex mu;
  std::vector<std::string> acknowledged;  // contact ids
  std::vector<std::string> other;         // what no request may get
  std::vector<std::thread> threads;

  void start(int clients) {
    for (int t = 0; t < clients; ++t) threads.emplace_back([this, t] { run(t); });
  }
  void finish() {
    stop = true;
    for (auto& th : threads)
      if (th.joinable()) th.join();
  }
  void note(const std::string& what) {
    std::lock_guard lock(mu);
    other.push_back(what);
  }
  void run(int client) {
    HttpClient w(port);
    std::string last_id;
    for (int i = 0; !stop; ++i) {
      std::string email(tag);
      email.append(std::to_string(client)).append("-").append(std::to_string(i)).append("@faults.test");
      json::value body = json::object{{"last_name", "Fault"}, {"email", email}};
      bool write = last_id.empty() || i % 2 == 0;
      std::string target = "/api/v1/contacts";
      if (!write) target.append("/").append(last_id);
      auto started = std::chrono::steady_clock::now();
      HttpResponse r;
      try {
        r = write ? w.call("POST", target, token, &body) : w.call("GET", target, token);
      } catch (const std::exception& e) {
        note(std::string("no answer: ") + e.what());
        continue;
      }
      if (std::chrono::steady_clock::now() - started > 8s) ++slow;
      if (write && r.status == 201) {
        ++created;
        last_id = std::string(r.json().at("id").as_string());
        std::lock_guard lock(mu);
        acknowledged.push_back(last_id);
      } else if (!write && r.status == 200) {
        ++read;
      } else if (r.status == 503) {
        ++unavailable;
        if (r.header("retry-after") != "1") note("a 503 without Retry-After");
        if (r.header("content-type").find("application/problem+json") != 0) note("a 503 that is not a problem document");
        std::this_thread::sleep_for(10ms);
      } else {
        note(std::to_string(r.status) + " " + r.body.substr(0, 200));
      }
    }
  }
  std::string others() {
    std::lock_guard lock(mu);
    std::string out;
    for (std::size_t i = 0; i < other.size() && i < 5; ++i) out += other[i] + "\n";
    return out;
  }
};

std::set<std::string> contact_ids(const std::string& url, const std::string& tag) {
  db::PgOptions o;
  o.url = url;
  db::PgConnection check(o);
  auto r = check.exec("SELECT id FROM contacts WHERE email LIKE $1", {tag + "%@faults.test"});
  std::set<std::string> ids;
  for (int i = 0; i < r.rows(); ++i) ids.insert(r.text(i, 0));
  return ids;
}

// Waits up to `limit` for `n` more creates than `from`; how long it took.
std::chrono::milliseconds wait_for_creates(Load& load, int from, int n, std::chrono::seconds limit) {
  auto begin = std::chrono::steady_clock::now();
  while (load.created < from + n && std::chrono::steady_clock::now() - begin < limit) std::this_thread::sleep_for(10ms);
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - begin);
}

// A server on a private cluster under the Load of 4 clients, who have made their first 20 creates.
struct LoadedServer {
  PrivateCluster pg;
  ServerProcess server{checked({"--database", pg.url})};
  HttpClient c{server.port()};
  Load load;
  explicit LoadedServer(const std::string& tag)
      : load{server.port(), login(c, ServerProcess::admin_email(), ServerProcess::admin_password()), tag} {
    load.start(4);
    wait_for_creates(load, 0, 20, 30s);
  }
  ~LoadedServer() { load.finish(); }
  // A connection of the test's own to the cluster.
  db::PgOptions options() const {
    db::PgOptions o;
    o.url = pg.url;
    return o;
  }
  static std::vector<std::string> checked(std::vector<std::string> args) {
    if (args[1].rfind("postgres://", 0) != 0) throw std::runtime_error("the private cluster did not start: " + args[1]);
    return args;
  }
};

TEST(PostgresOutage, KilledConnectionsAnswer503AndLoseNothingAcknowledged) {
  if (!postgres_installed()) GTEST_SKIP() << "PostgreSQL 15 is not installed";
  LoadedServer s("k");
  Load& load = s.load;

  // Every 50 ms, every backend of the database but the killer's own: the server's pool, its
  // listening connection, whatever is mid-transaction.
  db::PgConnection killer(s.options());
  int killed = 0;
  auto until = std::chrono::steady_clock::now() + 4s;
  while (std::chrono::steady_clock::now() < until) {
    auto r = killer.exec(
        "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'");
    killed += static_cast<int>(r.int64(0, 0));
    std::this_thread::sleep_for(50ms);
  }
  int created_when_stopped = load.created;
  auto recovered = wait_for_creates(load, created_when_stopped, 20, 20s);
  load.finish();

  EXPECT_GT(killed, 10);
  EXPECT_GT(load.unavailable.load(), 0) << "requests on a killed connection answer 503";
  EXPECT_TRUE(load.others().empty()) << load.others();
  EXPECT_EQ(load.slow.load(), 0) << "no request may hang";
  EXPECT_LT(recovered, 10s) << "the server must serve again by itself once the kills stop";
  EXPECT_EQ(s.c.request("GET", "/readyz").status, 200);
  std::set<std::string> present = contact_ids(s.pg.url, "k");
  for (const auto& id : load.acknowledged) EXPECT_TRUE(present.count(id)) << "acknowledged contact " << id << " lost";
  std::cout << "  [kills] " << killed << " backends killed; " << load.created << " created, " << load.read << " read, "
            << load.unavailable << " answered 503; served again " << recovered.count() << " ms after the last kill\n";
}

// statement_timeout (5 s, PgOptions) cancels statements stuck behind a lock that a maintenance
// transaction holds: their requests answer 503 instead of 500 and write nothing, and the requests
// after the lock is released succeed on the same connections.
TEST(PostgresOutage, StatementsPastTheirTimeoutAnswer503AndTheServerGoesOn) {
  if (!postgres_installed()) GTEST_SKIP() << "PostgreSQL 15 is not installed";
  LoadedServer s("t");
  Load& load = s.load;

  db::PgOptions o = s.options();
  o.statement_timeout = std::chrono::milliseconds(0);
  db::PgConnection locker(o);
  locker.exec_script("BEGIN; LOCK TABLE contacts IN ACCESS EXCLUSIVE MODE");
  auto held = std::chrono::steady_clock::now();
  while (load.unavailable < 4 && std::chrono::steady_clock::now() - held < 20s) std::this_thread::sleep_for(50ms);
  int created_while_locked = load.created;
  locker.exec_script("COMMIT");
  auto recovered = wait_for_creates(load, created_while_locked, 20, 20s);
  load.finish();

  EXPECT_GE(load.unavailable.load(), 4) << "statements past their timeout answer 503";
  EXPECT_TRUE(load.others().empty()) << load.others();
  EXPECT_LT(recovered, 10s);
  std::set<std::string> present = contact_ids(s.pg.url, "t");
  for (const auto& id : load.acknowledged) EXPECT_TRUE(present.count(id)) << "acknowledged contact " << id << " lost";
  std::cout << "  [timeouts] " << load.created << " created, " << load.read << " read, " << load.unavailable
            << " answered 503 after the statement timeout\n";
}

}  // namespace
}  // namespace rapport::testing
