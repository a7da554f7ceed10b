// The multi-node test: PostgreSQL, two nodes and nginx (deploy/nginx as shipped) on
// loopback; a bounded write load through nginx; node A is killed with SIGKILL mid-load and started
// again on its port a second later. The load's clients do what a real client does: a create that
// failed (no answer, 502, 503, 504) is sent again with the same Idempotency-Key. Afterwards every
// create that got a 2xx is in the database with its marker, no marker is stored twice, only requests
// in flight on the killed node failed at all, none failed for good, and node A serves again.
#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "multinode_deployment.hpp"
#include "platform/db/pg_test_support.hpp"
#include "tenancy_helpers.hpp"

namespace rapport::testing {
namespace {
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int kThreads = 4;
constexpr int kPerThread = 600;
constexpr int kAttempts = 6;

struct Create {
  std::string marker, id;  // id: from the 2xx answer
  int attempts = 0;
  bool replayed = false;   // the 2xx was a replay: an earlier attempt had been committed
  int final_status = 0;    // when it never got a 2xx
  std::string final_body;
};

struct FailedAttempt {
  Clock::time_point sent;
  int status;  // 0: no answer at all
  std::string what;
};

long ms_between(Clock::time_point from, Clock::time_point to) {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(to - from).count());
}

// "+1.3 ms", "-0.4 ms": `t` relative to `ref`.
std::string offset(Clock::time_point t, Clock::time_point ref) {
  long us = static_cast<long>(std::chrono::duration_cast<std::chrono::microseconds>(t - ref).count());
  std::string s = us >= 0 ? "+" : "-";
  long a = us >= 0 ? us : -us;
  s.append(std::to_string(a / 1000)).append(".").append(std::to_string(a % 1000 / 100)).append(" ms");
  return s;
}

TEST(MultiNode, WritesThroughNginxSurviveANodeKilledMidLoad) {
  RAPPORT_REQUIRE_PG();
  if (nginx_binary().empty()) {
    if (db::pg_test_required()) FAIL() << "nginx is not installed (scripts/install-deps.sh installs it)";
    GTEST_SKIP() << "nginx is not installed";
  }
  auto test_started = Clock::now();
  SharedDatabase db;
  Node a(db.url());
  Node b(db.url());
  Nginx lb({a.port(), b.port()});
  HttpClient front(lb.port());
  const std::string token = login(front, ServerProcess::admin_email(), ServerProcess::admin_password());
  ASSERT_FALSE(token.empty()) << lb.error_log();
  const std::string tag = "load-" + random_suffix();

  std::vector<std::vector<Create>> creates(kThreads);
  std::vector<FailedAttempt> failed;
  std::mutex failed_mu;
  std::atomic<int> acknowledged{0};
  auto load_started = Clock::now();
  std::vector<std::thread> clients;
  struct JoinAll {  // also when an assertion or exception leaves the test early
    std::vector<std::thread>& threads;
    ~JoinAll() {
      for (auto& t : threads)
        if (t.joinable()) t.join();
    }
  } join_all{clients};
  for (int t = 0; t < kThreads; ++t)
    clients.emplace_back([&, t] {
      HttpClient c(lb.port());
      for (int i = 0; i < kPerThread; ++i) {
        Create out;
        out.marker = tag + "-" + std::to_string(t) + "-" + std::to_string(i);
        json::value body = json::object{{"last_name", out.marker}, {"lead_source", tag}};
        for (int attempt = 1; attempt <= kAttempts; ++attempt) {
          out.attempts = attempt;
          auto sent = Clock::now();
          HttpResponse r;
          std::string error;
          try {
            r = c.call("POST", "/api/v1/contacts", token, &body, {{"Idempotency-Key", out.marker}});
          } catch (const std::exception& e) {
            error = e.what();
          }
          if (r.status / 100 == 2) {
            out.id = text(r.json(), "id");
            out.replayed = r.header("idempotent-replayed") == "true";
            ++acknowledged;
            break;
          }
          {
            std::lock_guard lock(failed_mu);
            failed.push_back({sent, r.status, error.empty() ? r.body.substr(0, 200) : error});
          }
          bool retryable = r.status == 0 || r.status == 502 || r.status == 503 || r.status == 504;
          if (!retryable || attempt == kAttempts) {
            out.final_status = r.status;
            out.final_body = error.empty() ? r.body : error;
            break;
          }
          std::this_thread::sleep_for(attempt * 100ms);
        }
        creates[t].push_back(std::move(out));
      }
    });

  // Mid-load: a fifth of the creates acknowledged, node A dies without warning and comes back.
  constexpr int kTotal = kThreads * kPerThread;
  // Conditions, not times: the deadlines below are generous and only spent when something is wrong.
  while (acknowledged < kTotal / 5 && Clock::now() - load_started < 120s) std::this_thread::sleep_for(1ms);
  int acknowledged_at_kill = acknowledged;
  auto killed = Clock::now();
  a.kill();
  auto dead = Clock::now();  // reaped: its sockets are closed
  std::this_thread::sleep_for(1s);
  a.restart();
  auto restarted = Clock::now();
  int acknowledged_at_restart = acknowledged;
  for (auto& c : clients) c.join();
  auto load_ended = Clock::now();

  // Node A rejoins by itself: it answers requests passed on by nginx again (nginx tries a failed
  // node again after the upstream's fail_timeout).
  long a_creates_after_restart = node_requests(a.port(), "POST", "/api/v1/contacts", "2xx");
  long a_reads_after_restart = 0;
  while (a_creates_after_restart + a_reads_after_restart == 0 && Clock::now() - restarted < 60s) {
    front.call("GET", "/api/v1/contacts?limit=1", token);
    a_reads_after_restart = node_requests(a.port(), "GET", "/api/v1/contacts", "2xx");
    if (a_reads_after_restart == 0) std::this_thread::sleep_for(100ms);
  }
  long rejoined_ms = ms_between(restarted, Clock::now());

  // What the database holds.
  auto rows = db.sql().exec("SELECT id, last_name FROM contacts WHERE lead_source = $1", {tag});
  std::map<std::string, std::string> marker_of_id;
  std::map<std::string, int> stored_per_marker;
  for (int i = 0; i < rows.rows(); ++i) {
    marker_of_id[rows.text(i, 0)] = rows.text(i, 1);
    ++stored_per_marker[rows.text(i, 1)];
  }
  long live = db.sql().exec("SELECT coalesce(sum(live), 0) FROM record_counts WHERE object_type = 'contacts'").int64(0, 0);
  long all_contacts = db.sql().exec("SELECT count(*) FROM contacts WHERE deleted_at IS NULL").int64(0, 0);

  int ok_first_try = 0, retried_ok = 0, replayed = 0, final_errors = 0;
  for (const auto& per_thread : creates)
    for (const auto& c : per_thread) {
      if (c.id.empty()) {
        ++final_errors;
        ADD_FAILURE() << c.marker << " failed for good after " << c.attempts << " attempts: " << c.final_status << " "
                      << c.final_body;
        continue;
      }
      (c.attempts == 1 ? ok_first_try : retried_ok)++;
      if (c.replayed) ++replayed;
      auto it = marker_of_id.find(c.id);
      if (it == marker_of_id.end()) ADD_FAILURE() << c.marker << " got a 2xx with id " << c.id << " but is not stored";
      else EXPECT_EQ(it->second, c.marker) << "id " << c.id << " holds another create";
    }
  for (const auto& [marker, count] : stored_per_marker) EXPECT_EQ(count, 1) << marker << " is stored " << count << " times";
  EXPECT_EQ(rows.rows(), kTotal) << "every create was acknowledged once and is stored once";
  EXPECT_EQ(live, all_contacts) << "the live count kept with every create matches the rows";

  // Only the requests in flight on node A when it died may fail: at most one per client (each has
  // one request outstanding), all sent before A was gone. A request sent after that found A's
  // connections closed (nginx sees those closes before any later request) or its port refusing,
  // and nginx must have passed it to node B.
  int late_failures = 0;
  for (const auto& f : failed)
    if (f.sent > dead) {
      ++late_failures;
      ADD_FAILURE() << "an attempt sent " << offset(f.sent, dead) << " after node A died failed: " << f.status << " " << f.what;
    }
  EXPECT_LE(failed.size(), static_cast<std::size_t>(kThreads));
  EXPECT_LT(acknowledged_at_kill, kTotal) << "the kill must land mid-load";
  EXPECT_GT(a_creates_after_restart + a_reads_after_restart, 0) << "node A did not serve again after its restart";

  std::string statuses;  // each failed attempt: its status and when it was sent, relative to A's death
  for (const auto& f : failed) {
    statuses += statuses.empty() ? "" : ", ";
    statuses += (f.status ? std::to_string(f.status) : std::string("no answer")) + " sent at " + offset(f.sent, dead);
  }
  std::cout << "  [multinode] " << kTotal << " creates through nginx by " << kThreads << " clients in "
            << ms_between(load_started, load_ended) << " ms; node A killed at " << ms_between(load_started, killed)
            << " ms (dead " << offset(dead, killed) << " later, "
            << acknowledged_at_kill << " acknowledged), restarted at " << ms_between(load_started, restarted) << " ms ("
            << acknowledged_at_restart << " acknowledged)\n"
            << "  [multinode] 2xx on the first try: " << ok_first_try << ", 2xx after a retry: " << retried_ok
            << " (replays of a committed create: " << replayed << "), failed attempts: " << failed.size()
            << (statuses.empty() ? "" : " (" + statuses + ", relative to A's death)")
            << ", failed for good: " << final_errors << ", failed attempts sent after A was gone: " << late_failures << "\n"
            << "  [multinode] stored: " << rows.rows() << " rows, " << stored_per_marker.size()
            << " distinct markers; node A after its restart: "
            << (a_creates_after_restart > 0 ? std::to_string(a_creates_after_restart) + " creates during the load"
                                            : "first read " + std::to_string(rejoined_ms) + " ms after it")
            << "; whole test " << ms_between(test_started, Clock::now()) << " ms\n";
  if (HasFailure()) std::cout << "nginx log:\n" << lb.error_log() << "\n";
}

}  // namespace
}  // namespace rapport::testing
