// Login throttling through the real server: after five failures an account waits (429 with
// Retry-After, before any password check), unknown emails are throttled and answered exactly like
// known ones, the 101st failure of an hour never runs, client addresses come from X-Forwarded-For
// only behind a trusted proxy, and failures of known accounts land in their audit log.
#include <algorithm>
#include <atomic>
#include <future>
#include <thread>

#include "auth_helpers.hpp"
#include "fixture.hpp"

namespace rapport::testing {
namespace {

const std::string kWrongPassword = "not-the-password";

TEST(LoginThrottle, BackoffAfterFiveFailuresAnswers429WithRetryAfter) {
  ServerProcess server;
  HttpClient c(server.port());
  const std::string email = ServerProcess::admin_email();
  // The unknown email goes first in each round, so that the sixth attempt follows the fifth failure
  // of the account directly: it waits 2 s after that failure, which a loaded machine must not use up.
  for (int i = 0; i < 5; ++i) {
    auto unknown = try_login(c, "ghost@functional.test", kWrongPassword);
    auto known = try_login(c, email, kWrongPassword);
    EXPECT_EQ(known.status, 401) << i << ": " << known.body;
    EXPECT_EQ(known.body, unknown.body) << "wrong password and unknown email answer alike";
  }
  // The sixth attempt waits, even with the right password, and is not checked at all.
  auto throttled = try_login(c, email, ServerProcess::admin_password());
  ASSERT_EQ(throttled.status, 429) << throttled.body;
  EXPECT_EQ(throttled.header("content-type"), "application/problem+json");
  EXPECT_EQ(slug(throttled), "login-throttled");
  int retry = std::stoi(throttled.header("retry-after"));
  EXPECT_GE(retry, 1);
  EXPECT_LE(retry, 2);
  auto ghost = try_login(c, "Ghost@Functional.test", kWrongPassword);
  EXPECT_EQ(ghost.status, 429) << "an unknown email is throttled the same way (case-insensitively)";
  EXPECT_EQ(ghost.header("retry-after").empty(), false);
  auto strip_detail = [](json::value j) {
    j.as_object().erase("detail");
    return j;
  };
  EXPECT_EQ(strip_detail(ghost.json()), strip_detail(throttled.json()));
  EXPECT_EQ(metric(c, "rapport_login_throttled_total"), 2);
  EXPECT_EQ(metric(c, "rapport_login_failures_total"), 5);
  EXPECT_EQ(metric(c, "rapport_login_failures_unknown_email_total"), 5);

  // Once the wait is over the right password works, and the account starts afresh.
  std::this_thread::sleep_for(std::chrono::seconds(retry) + std::chrono::milliseconds(200));
  auto ok = try_login(c, email, ServerProcess::admin_password());
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(try_login(c, email, kWrongPassword).status, 401) << "the success cleared the account's failures";

  std::string user_id(ok.json().at("user_id").as_string());
  auto actions = audit_actions(server.data_dir(), user_id);
  EXPECT_EQ(count_of(actions, "login_failed"), 6);
  EXPECT_EQ(count_of(actions, "login"), 1);
  auto ghost_rows = query_database(server.data_dir(), "SELECT count(*) FROM audit_log WHERE changes LIKE '%ghost%'");
  EXPECT_EQ(ghost_rows[0][0], "0");
  auto entry = query_database(server.data_dir(),
                              "SELECT actor_id, changes FROM audit_log WHERE object_id = ? AND action = 'login_failed' ORDER BY id LIMIT 1",
                              {user_id});
  EXPECT_EQ(entry[0][0], "\x01null") << "a failed login has no actor";
  EXPECT_EQ(json::parse(entry[0][1]),
            json::parse(R"([{"field":"reason","before":null,"after":"password"},{"field":"client_address","before":null,"after":"127.0.0.1"}])"));
}

TEST(LoginThrottle, AConcurrentBurstGetsOnlyTheFreeFailures) {
  // Each attempt is recorded before its password is checked, so ten at once cannot all pass the
  // check: five are checked (401), the others wait (429).
  ServerProcess server;
  // The ten connect first and then send together: attempts spread over more than the 2 s back-off
  // (threads starting slowly on a loaded machine) would be checked instead of waiting.
  std::vector<int> statuses(10);
  std::vector<std::thread> threads;
  std::atomic<int> connected{0};
  std::promise<void> go;
  std::shared_future<void> start = go.get_future().share();
  for (std::size_t i = 0; i < statuses.size(); ++i)
    threads.emplace_back([&, i] {
      HttpClient c(server.port());
      EXPECT_EQ(c.request("GET", "/healthz").status, 200);
      ++connected;
      start.wait();
      statuses[i] = try_login(c, ServerProcess::admin_email(), kWrongPassword).status;
    });
  while (connected.load() < 10) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  go.set_value();
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 401), 5);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 429), 5);
  HttpClient c(server.port());
  EXPECT_EQ(metric(c, "rapport_login_failures_total"), 5);
}

TEST(LoginThrottle, TheHundredAndFirstFailureInAnHourNeverRuns) {
  // Back-off off, so the hour's cap is reached at once.
  ServerProcess server({"--login-backoff-cap", "0"});
  const std::string email = ServerProcess::admin_email();
  // Four clients at once, 25 failures each.
  std::vector<std::thread> threads;
  std::atomic<int> unauthorized{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      HttpClient c(server.port());
      for (int i = 0; i < 25; ++i)
        if (try_login(c, email, kWrongPassword).status == 401) ++unauthorized;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(unauthorized.load(), 100);
  HttpClient c(server.port());
  auto r = try_login(c, email, ServerProcess::admin_password());
  ASSERT_EQ(r.status, 429) << r.body;
  int retry = std::stoi(r.header("retry-after"));
  EXPECT_GT(retry, 3500);
  EXPECT_LE(retry, 3600);
  EXPECT_EQ(metric(c, "rapport_login_failures_total"), 100) << "the 101st attempt was not checked";
  EXPECT_EQ(metric(c, "rapport_logins_total"), 0);
  EXPECT_EQ(metric(c, "rapport_login_throttled_total"), 1);
  auto rows = query_database(server.data_dir(), "SELECT count(*) FROM login_failures WHERE key = ?", {"acct:" + email});
  EXPECT_EQ(rows[0][0], "100");
}

TEST(LoginThrottle, ClientAddressesComeFromForwardedForOnlyBehindATrustedProxy) {
  ServerProcess server({"--trusted-proxy", "127.0.0.1"});
  HttpClient c(server.port());
  auto from = [](const std::string& a) { return std::vector<std::pair<std::string, std::string>>{{"X-Forwarded-For", a}}; };
  // Twenty failures (different accounts) from one client address: the address waits.
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ(try_login(c, "user" + std::to_string(i) + "@x.test", kWrongPassword, "", from("spoofed, 198.51.100.7")).status, 401);
  auto blocked = try_login(c, "someone@x.test", kWrongPassword, "", from("198.51.100.7"));
  EXPECT_EQ(blocked.status, 429) << blocked.body;
  // Another client behind the same proxy is not affected.
  auto other = try_login(c, ServerProcess::admin_email(), ServerProcess::admin_password(), "", from("203.0.113.5"));
  EXPECT_EQ(other.status, 200) << other.body;
  auto rows = query_database(server.data_dir(), "SELECT count(*) FROM login_failures WHERE key = 'ip:198.51.100.7'");
  EXPECT_EQ(rows[0][0], "20");

  // Without --trusted-proxy the header is ignored: the peer address counts.
  ServerProcess plain;
  HttpClient p(plain.port());
  EXPECT_EQ(try_login(p, "x@x.test", kWrongPassword, "", from("198.51.100.7")).status, 401);
  auto keys = query_database(plain.data_dir(), "SELECT key FROM login_failures WHERE key LIKE 'ip:%'");
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0][0], "ip:127.0.0.1");
}

}  // namespace
}  // namespace rapport::testing
