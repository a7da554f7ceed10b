// The SLA re-timing walk's cost (bench/sla_refresh.sh runs it): N open tickets under no policy, then
// a policy that covers them all, then refresh_tickets (the support.sla_refresh job's walk) re-times
// every one. Prints key=value figures: the time, tickets per second, the write transactions taken and
// the longest of them against the batch budget (kSlaRefreshBudgetMs). The correctness of the walk is
// sla_scan_test.cpp's; this program only measures (it checks the counts so a figure is never of a
// walk that did nothing).
// Usage: rapport_sla_refresh_bench --sqlite DIR | --postgres URL [--tickets N]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "modules/support/sla_refresh.hpp"
#include "modules/support/sla_store.hpp"
#include "../bench_database.hpp"
#include "platform/clock.hpp"

using namespace rapport;
using Clock = std::chrono::steady_clock;
namespace json = boost::json;
using bench::must;

namespace {

constexpr const char* kCreated = "2026-12-04T15:30:00.000Z";  // Friday 16:30 in Berlin
constexpr const char* kPolicy = "01900000-0000-7000-8000-0000000000a1";
constexpr int kInsertBatch = 10000;

struct Args {
  std::string sqlite_dir, pg_url;
  int tickets = 100000;
};

// The workspace, a Berlin Monday-to-Friday calendar and a policy for normal and high tickets (so the
// low tickets made next have no SLA until the policy is widened).
void seed(db::Database& d, int tickets) {
  const std::string t = "2026-01-01T00:00:00.000Z";
  must(d.write([&](db::Connection& c) -> Status {
    c.prepare("INSERT INTO workspaces (id, name, time_zone, created_at) VALUES ('w1', 'Bench', 'UTC', ?)").bind_all({t}).run();
    support::BusinessHours b;
    b.id = "01900000-0000-7000-8000-0000000000b1";
    b.workspace_id = "w1";
    b.name = "Berlin";
    json::array nine_to_five{json::object{{"open", "09:00"}, {"close", "17:00"}}};
    b.calendar = json::object{{"time_zone", "Europe/Berlin"},
                              {"week", json::object{{"mon", nine_to_five}, {"tue", nine_to_five}, {"wed", nine_to_five},
                                                    {"thu", nine_to_five}, {"fri", nine_to_five}}},
                              {"holidays", json::array{}}};
    b.is_default = true;
    b.created_at = b.updated_at = t;
    support::SlaPolicy p;
    p.id = kPolicy;
    p.workspace_id = "w1";
    p.name = "Standard";
    p.priorities = {"normal", "high"};
    p.targets = json::object{{"first_response", 60}, {"next_response", 30}, {"resolution", json::object{{"high", 120}}}};
    p.created_at = p.updated_at = t;
    support::sla_store::insert_calendar(c, b);
    support::sla_store::insert_policy(c, p);
    return ok_status();
  }), "the workspace, calendar and policy");
  for (int from = 1; from <= tickets; from += kInsertBatch) {
    must(d.write([&](db::Connection& c) -> Status {
      for (int i = from; i < from + kInsertBatch && i <= tickets; ++i) {
        std::string id = "t-";
        id += std::to_string(1000000 + i);
        c.prepare("INSERT INTO tickets (id, workspace_id, number, subject, status, priority, channel, created_at, updated_at) "
                  "VALUES (?, 'w1', ?, 'Help', 'open', 'low', 'api', ?, ?)")
            .bind_all({id, int64_t{i}, std::string(kCreated), std::string(kCreated)})
            .run();
      }
      return ok_status();
    }), "the tickets");
  }
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--sqlite") a.sqlite_dir = v;
    else if (k == "--postgres") a.pg_url = v;
    else if (k == "--tickets") a.tickets = std::stoi(v);
    else {
      std::fprintf(stderr, "unknown option %s\n", k.c_str());
      return 2;
    }
  }
  if (a.sqlite_dir.empty() == a.pg_url.empty() || a.tickets <= 0) {
    std::fprintf(stderr, "usage: rapport_sla_refresh_bench --sqlite DIR | --postgres URL [--tickets N]\n");
    return 2;
  }
  auto d = bench::open_migrated(a.sqlite_dir, a.pg_url);
  const auto seeding = Clock::now();
  seed(*d, a.tickets);
  const double seed_s = std::chrono::duration<double>(Clock::now() - seeding).count();

  // The configuration change: the policy now covers low tickets too.
  must(d->write([](db::Connection& c) -> Status {
    c.prepare("UPDATE sla_policies SET conditions = ? WHERE id = ?")
        .bind_all({std::string(R"({"priority": ["low", "normal"]})"), std::string(kPolicy)})
        .run();
    return ok_status();
  }), "the policy change");
  const auto began = Clock::now();
  auto r = support::refresh_tickets(*d, "w1", *clock::parse_datetime("2026-12-04T16:00:00Z"));
  const double s = std::chrono::duration<double>(Clock::now() - began).count();
  if (!r) {
    std::fprintf(stderr, "refresh_tickets failed: %s\n", r.problem().detail.c_str());
    return 1;
  }
  if (r->seen != a.tickets || r->changed != a.tickets) {
    std::fprintf(stderr, "the walk saw %d and changed %d of %d tickets\n", r->seen, r->changed, a.tickets);
    return 1;
  }
  std::printf("engine=%s tickets=%d seed_s=%.1f refresh_s=%.2f tickets_per_s=%.0f ms_per_ticket=%.3f transactions=%d "
              "tickets_per_transaction=%.0f longest_transaction_ms=%lld budget_ms=%lld batch=%d longest_over_budget=%.2f\n",
              a.pg_url.empty() ? "sqlite" : "postgres", a.tickets, seed_s, s, a.tickets / s, 1000.0 * s / a.tickets,
              r->transactions, static_cast<double>(a.tickets) / r->transactions, static_cast<long long>(r->longest_batch_ms),
              static_cast<long long>(support::kSlaRefreshBudgetMs), support::kSlaRefreshBatch,
              static_cast<double>(r->longest_batch_ms) / static_cast<double>(support::kSlaRefreshBudgetMs));
  d->shutdown();
  return 0;
}
