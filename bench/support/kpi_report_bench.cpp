// The support report's own cost (bench/kpi_report.sh runs it) on an existing SQLite data directory
// (the million tickets of `BENCH_SEED_ONLY=1 bash bench/tickets.sh --data DIR`, opened once by
// `rapport serve` so that it is migrated and its KPI durations are stored): support_report for the
// last 30 days (all teams, and one team), the year, the year of one team and of urgent tickets, on a
// read-only connection as the server's readers open it, read two ways: from the tickets alone
// (ReportOptions::kept false: the passes of the report before migration 0082) and with the kept
// counts where they answer (the server's way). Measured in this thread's CPU time
// (CLOCK_THREAD_CPUTIME_ID), so the figures hold on a machine loaded by other work, where the
// server's process CPU also counts its background jobs. Prints one line per request kind and way: the
// CPU and wall times of each run and the best; each section's least CPU over the runs; and the ratio
// of the kept way to the tickets'. Checks that both ways answer the same report, to the byte. Then
// the backlog alone both ways (kpi_backlog.hpp: from the open tickets, and from the kept counts of
// ticket_open_days, migration 0071), unfiltered and for urgent tickets: best CPU of each, the ratio,
// and a check that both give the same counts.
// Usage: rapport_kpi_report_bench --sqlite DIR [--runs N] [--kind NAME] [--mapped 1]
//   --kind: one request kind only (e.g. month), and no backlog lines: for a profile of one report;
//   --mapped 1: every read with the file mapped (db::ScanReading).
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "modules/support/kpi_backlog.hpp"
#include "modules/support/kpi_report.hpp"
#include "platform/clock.hpp"
#include "platform/db/scan_reading.hpp"
#include "platform/db/sqlite.hpp"
#include "platform/identity/server_context.hpp"

using namespace rapport;
namespace json = boost::json;

namespace {

int64_t thread_cpu_us() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return int64_t{ts.tv_sec} * 1'000'000 + ts.tv_nsec / 1000;
}

struct Kind {
  const char* name;
  int64_t days;
  std::string team_id, priority;
};

}  // namespace

int main(int argc, char** argv) {
  std::string dir, only;
  int runs = 5;
  bool mapped = false;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    if (k == "--sqlite") dir = argv[i + 1];
    else if (k == "--runs") runs = std::atoi(argv[i + 1]);
    else if (k == "--kind") only = argv[i + 1];
    else if (k == "--mapped") mapped = std::atoi(argv[i + 1]) != 0;
  }
  if (dir.empty() || runs < 1) {
    std::fprintf(stderr, "usage: rapport_kpi_report_bench --sqlite DIR [--runs N] [--kind NAME] [--mapped 1]\n");
    return 2;
  }
  db::SqliteConnection c(dir + "/rapport.db", true);
  const std::string workspace = std::get<std::string>(c.scalar("SELECT id FROM workspaces WHERE name = 'Bench'"));
  const auto ctx = identity::server_context(workspace);
  const int64_t now = clock::now_ms();
  const std::vector<Kind> kinds = {{"month", 30, "", ""},
                                   {"month_team", 30, "0190aaaa-0000-7000-8000-000000000003", ""},
                                   {"year", 366, "", ""},
                                   {"year_team", 366, "0190aaaa-0000-7000-8000-000000000003", ""},
                                   {"year_urgent", 366, "", "urgent"}};
  for (const auto& k : kinds) {
    if (!only.empty() && only != k.name) continue;
    support::kpi::Query q;
    q.to = now;
    q.from = now - k.days * 86'400'000;
    q.team_id = k.team_id;
    q.priority = k.priority;
    int64_t best[2] = {INT64_MAX, INT64_MAX};
    std::string answers[2];
    for (int kept = 0; kept < 2; ++kept) {
      std::string cpu_list, wall_list;
      std::vector<std::pair<std::string, int64_t>> best_sections;  // each section's least CPU over the runs
      for (int r = 0; r <= runs; ++r) {  // run 0 warms the OS page cache
        std::vector<std::pair<std::string, int64_t>> sections;
        support::ReportOptions options{kept == 1, &sections};
        const int64_t c0 = thread_cpu_us();
        const auto w0 = std::chrono::steady_clock::now();
        json::object report;
        {
          std::optional<db::ScanReading> scan;
          if (mapped) scan.emplace(c);
          report = support::support_report(c, ctx, q, now, options);
        }
        const int64_t cpu = (thread_cpu_us() - c0) / 1000;
        const int64_t wall = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - w0).count();
        if (r == 0) {
          report.erase("as_of");
          answers[kept] = json::serialize(report);
          continue;
        }
        if (best_sections.empty()) best_sections = sections;
        for (std::size_t i = 0; i < sections.size() && i < best_sections.size(); ++i)
          best_sections[i].second = std::min(best_sections[i].second, sections[i].second);
        best[kept] = std::min(best[kept], cpu);
        if (!cpu_list.empty()) cpu_list += '/', wall_list += '/';
        cpu_list += std::to_string(cpu);
        wall_list += std::to_string(wall);
      }
      std::printf("%s %s cpu_ms=%s best_cpu_ms=%lld wall_ms=%s\n", k.name, kept ? "kept" : "tickets", cpu_list.c_str(),
                  static_cast<long long>(best[kept]), wall_list.c_str());
      std::printf("%s %s sections_best_cpu_ms:", k.name, kept ? "kept" : "tickets");
      for (const auto& [name, us] : best_sections) std::printf(" %s=%.1f;", name.c_str(), static_cast<double>(us) / 1000.0);
      std::printf("\n");
    }
    if (answers[0] != answers[1]) {
      std::fprintf(stderr, "%s: the kept counts answered another report than the tickets\n", k.name);
      return 1;
    }
    std::printf("%s kept/tickets=%.2f (same report)\n", k.name, static_cast<double>(best[1]) / static_cast<double>(std::max<int64_t>(best[0], 1)));
  }
  if (!only.empty()) return 0;
  const std::vector<int64_t> bounds = {now - 86'400'000, now - int64_t{3} * 86'400'000, now - int64_t{7} * 86'400'000, now - int64_t{30} * 86'400'000};
  for (const std::string priority : {"", "urgent"}) {
    support::kpi::Query q;
    q.to = now;
    q.from = now - int64_t{30} * 86'400'000;
    q.priority = priority;
    int64_t best[2] = {INT64_MAX, INT64_MAX};
    std::string answers[2];
    for (int kept = 0; kept < 2; ++kept) {
      for (int r = 0; r <= runs; ++r) {
        const int64_t c0 = thread_cpu_us();
        const auto counts = kept ? support::kpi::open_counts_kept(c, workspace, priority, bounds)
                                 : support::kpi::open_counts_from_tickets(c, ctx, q, bounds);
        const int64_t us = thread_cpu_us() - c0;
        if (r == 0) {
          for (const auto& [status, n] : counts) {
            answers[kept] += status + ':' + std::to_string(n.total);
            for (const int64_t y : n.younger) answers[kept] += ',' + std::to_string(y);
            answers[kept] += ' ';
          }
          continue;
        }
        best[kept] = std::min(best[kept], us);
      }
    }
    if (answers[0] != answers[1]) {
      std::fprintf(stderr, "backlog %s: the kept counts answered %s, the tickets %s\n", priority.c_str(), answers[1].c_str(), answers[0].c_str());
      return 1;
    }
    std::printf("backlog%s%s tickets_cpu_us=%lld kept_cpu_us=%lld kept/tickets=%.4f counts=%s\n", priority.empty() ? "" : " ",
                priority.c_str(), static_cast<long long>(best[0]), static_cast<long long>(best[1]),
                static_cast<double>(best[1]) / static_cast<double>(std::max<int64_t>(best[0], 1)), answers[0].c_str());
  }
  return 0;
}
