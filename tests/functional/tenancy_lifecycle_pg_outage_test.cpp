// PostgreSQL goes away under load and comes back: rapport answers 503 quickly while it is gone (no
// crash, no hang), recovers by itself within seconds of its return, and every write that got a 2xx
// is in the database afterwards. Uses a private cluster of its own (scripts/pg-cluster.sh), so that
// stopping it disturbs no other test.
#include <atomic>
#include <set>
#include <thread>

#include "pg_private_cluster.hpp"
#include "platform/db/postgres.hpp"

namespace rapport::testing {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;

TEST(PostgresOutage, Answers503WhileDownAndRecoversWithoutARestart) {
  if (!postgres_installed()) GTEST_SKIP() << "PostgreSQL 15 is not installed";
  PrivateCluster pg;
  ASSERT_EQ(pg.url.rfind("postgres://", 0), 0u) << pg.url;
  ServerProcess server({"--database", pg.url});
  HttpClient c(server.port());
  std::string token = login(c, ServerProcess::admin_email(), ServerProcess::admin_password());

  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, unavailable{0}, other{0}, slow{0};
  std::mutex mu;
  std::vector<std::string> acknowledged;
  std::vector<std::string> refused;  // emails of creates answered 503 "nothing was written"
  std::atomic<int> in_doubt{0};      // answered 503 without that promise
  std::thread load([&] {
    HttpClient w(server.port());
    for (int i = 0; !stop && i < 100000; ++i) {
      std::string email(1, 'o');
      email.append(std::to_string(i)).append("@outage.test");
      json::value body = json::object{{"last_name", "Outage"}, {"email", email}};
      auto started = std::chrono::steady_clock::now();
      HttpResponse r;
      try {
        r = w.call("POST", "/api/v1/contacts", token, &body);
      } catch (const std::exception&) {
        ++other;
        continue;
      }
      if (std::chrono::steady_clock::now() - started > 6s) ++slow;
      if (r.status == 201) {
        ++ok;
        std::lock_guard lock(mu);
        acknowledged.emplace_back(r.json().at("id").as_string());
      } else if (r.status == 503) {
        ++unavailable;
        if (r.header("retry-after") != "1") ++other;  // every 503 says when to retry (OpenAPI)
        const std::string detail(r.json().at("detail").as_string());
        if (detail.find("nothing was written") != std::string::npos) {
          std::lock_guard lock(mu);
          refused.push_back(email);
        } else {
          ++in_doubt;  // "may or may not have been saved", or a failure outside the write's transaction
        }
        std::this_thread::sleep_for(20ms);
      } else {
        ++other;
      }
    }
  });

  while (ok < 20) std::this_thread::sleep_for(10ms);
  pg.pause();
  std::this_thread::sleep_for(3s);
  EXPECT_EQ(c.request("GET", "/healthz").status, 200) << "the process must keep serving";
  auto not_ready = c.request("GET", "/readyz");
  EXPECT_EQ(not_ready.status, 503) << "not ready while its database is gone";
  EXPECT_EQ(not_ready.header("retry-after"), "1");
  int ok_while_down = ok;
  pg.resume();
  auto back = std::chrono::steady_clock::now();
  while (ok < ok_while_down + 20 && std::chrono::steady_clock::now() - back < 20s) std::this_thread::sleep_for(20ms);
  auto recovered_after = std::chrono::steady_clock::now() - back;
  stop = true;
  load.join();

  EXPECT_GT(unavailable.load(), 0) << "writes during the outage must get 503";
  EXPECT_EQ(other.load(), 0) << "no 5xx other than 503, no dropped connections";
  EXPECT_EQ(slow.load(), 0) << "no request may hang past the connect timeout";
  EXPECT_LT(recovered_after, 10s) << "service must resume within seconds of the database's return";
  EXPECT_EQ(c.request("GET", "/readyz").status, 200);
  std::cout << "  [outage] " << ok << " created, " << unavailable << " answered 503; recovered "
            << std::chrono::duration_cast<std::chrono::milliseconds>(recovered_after).count() << " ms after the database returned\n";

  // Every acknowledged write is there, once; none answered "nothing was written" is. A COMMIT the
  // paused server received but had not answered when its connection was given up is in doubt (seen
  // once in 150 creates, 2026-12-05): its 503 says it may or may not have been saved, and it may be
  // there or not, as in the crash cycles.
  db::PgOptions o;
  o.url = pg.url;
  db::PgConnection check(o);
  auto rows = check.exec("SELECT id FROM contacts WHERE email LIKE '%@outage.test'");
  std::set<std::string> present;
  for (int i = 0; i < rows.rows(); ++i) present.insert(rows.text(i, 0));
  EXPECT_EQ(present.size(), static_cast<std::size_t>(rows.rows()));
  for (const auto& id : acknowledged) EXPECT_TRUE(present.count(id)) << "acknowledged contact " << id << " lost";
  EXPECT_LE(present.size(), acknowledged.size() + static_cast<std::size_t>(in_doubt.load()));
  for (const auto& email : refused)
    EXPECT_EQ(check.exec("SELECT id FROM contacts WHERE email = '" + email + "'").rows(), 0) << email << " was said not written";
}

}  // namespace
}  // namespace rapport::testing
