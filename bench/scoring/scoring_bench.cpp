// The scoring job's cost (bench/scoring.sh runs it): N closed leads (default 100,000) and M open
// ones (default 20,000) with sources, contact details and meetings, conversion following the
// meetings; then train_and_score (the scoring.train job's work): read the history, train and judge
// the model, score every open lead with its factors. Prints key=value figures: each phase's time,
// the open leads scored per second, the peak resident memory, and the model's AUC (so a figure is
// never of a model that learnt nothing).
// Usage: rapport_scoring_bench --sqlite DIR | --postgres URL [--closed N] [--open M]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>

#include "modules/scoring/model_store.hpp"
#include "modules/scoring/training_job.hpp"
#include "../bench_database.hpp"
#include "platform/clock.hpp"

using namespace rapport;
namespace json = boost::json;
using bench::must;

namespace {

constexpr int kInsertBatch = 5000;

struct Args {
  std::string sqlite_dir, pg_url;
  int closed = 100000, open = 20000;
};

std::string id_of(const char* prefix, int i) {
  std::string id = prefix;
  id += std::to_string(10'000'000 + i);
  return id;
}

// Leads over the last year; lead i has i % 4 meetings a day before its outcome (or now).
void seed(db::Database& d, const Args& a) {
  must(d.write([&](db::Connection& c) -> Status {
    c.prepare("INSERT INTO workspaces (id, name, time_zone, created_at) VALUES ('w1', 'Bench', 'UTC', '2025-01-01T00:00:00.000Z')").run();
    return ok_status();
  }), "the workspace");
  std::mt19937 rng(17);
  std::uniform_real_distribution<double> u(0, 1);
  const char* sources[] = {"web", "event", "referral", "partner", "ads"};
  const int64_t now = clock::now_ms(), year = 365LL * 86'400'000;
  const int total = a.closed + a.open;
  for (int from = 0; from < total; from += kInsertBatch) {
    must(d.write([&](db::Connection& c) -> Status {
      auto& lead = c.prepare(
          "INSERT INTO leads (id, workspace_id, last_name, email, source, status, converted_at, created_at, updated_at) "
          "VALUES (?, 'w1', ?, ?, ?, ?, ?, ?, ?)");
      auto& act = c.prepare(
          "INSERT INTO activities (id, workspace_id, type, subject, occurred_at, starts_at, ends_at, created_at, updated_at) "
          "VALUES (?, 'w1', 'meeting', 'Demo', ?, ?, ?, ?, ?)");
      auto& link = c.prepare("INSERT INTO activity_links (workspace_id, activity_id, target_type, target_id, occurred_at) VALUES ('w1', ?, 'leads', ?, ?)");
      for (int i = from; i < from + kInsertBatch && i < total; ++i) {
        const bool open = i >= a.closed;
        const int64_t ref = open ? now : now - year + (year * i) / a.closed;
        const int meetings = i % 4;
        const bool converts = u(rng) < 1 / (1 + std::exp(-(meetings - 1.5)));
        const std::string created = clock::format_ms(ref - 30LL * 86'400'000), at = clock::format_ms(ref);
        const std::string id = id_of("l", i);
        std::string name = "Lead ", email = id;
        name += std::to_string(i);
        email += "@example.com";
        lead.bind_all({id, name, u(rng) < 0.8 ? db::Value(email) : db::Value(nullptr),
                       std::string(sources[rng() % 5]), open ? "new" : converts ? "qualified" : "unqualified",
                       !open && converts ? db::Value(at) : db::Value(nullptr), created, at});
        lead.step();
        lead.reset();
        for (int m = 0; m < meetings; ++m) {
          const std::string when = clock::format_ms(ref - 86'400'000 - m * 3'600'000), aid = id_of("a", i * 4 + m);
          act.bind_all({aid, when, when, when, when, when});
          act.step();
          act.reset();
          link.bind_all({aid, id, when});
          link.step();
          link.reset();
        }
      }
      return ok_status();
    }), "the leads");
  }
}

int64_t peak_rss_kb() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::atoll(line.c_str() + 6);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--sqlite") a.sqlite_dir = v;
    else if (k == "--postgres") a.pg_url = v;
    else if (k == "--closed") a.closed = std::stoi(v);
    else if (k == "--open") a.open = std::stoi(v);
    else {
      std::fprintf(stderr, "unknown option %s\n", k.c_str());
      return 2;
    }
  }
  if (a.sqlite_dir.empty() == a.pg_url.empty() || a.closed <= 0 || a.open < 0) {
    std::fprintf(stderr, "usage: rapport_scoring_bench --sqlite DIR | --postgres URL [--closed N] [--open M]\n");
    return 2;
  }
  auto d = bench::open_migrated(a.sqlite_dir, a.pg_url);
  const auto t0 = std::chrono::steady_clock::now();
  seed(*d, a);
  const double seed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const int64_t rss_before = peak_rss_kb();
  auto f = scoring::train_and_score(*d, "w1", "leads");
  const int64_t rss_after = peak_rss_kb();
  auto state = d->read([](db::Connection& c) { return scoring::describe_object(c, "w1", "leads"); });
  const auto& run = state.at("models").as_array().at(0).as_object();
  if (f.outcome != "active" || f.scored != static_cast<std::size_t>(a.open)) {
    std::fprintf(stderr, "the model was not kept or did not score every open lead: %s\n", json::serialize(run).c_str());
    return 1;
  }
  std::printf("closed=%zu\nopen=%zu\nseed_s=%.1f\nread_ms=%lld\ntrain_ms=%lld\nscore_ms=%lld\n", f.closed, f.scored, seed_s,
              static_cast<long long>(f.read_ms), static_cast<long long>(f.train_ms), static_cast<long long>(f.score_ms));
  std::printf("scored_per_s=%.0f\n", f.score_ms > 0 ? 1000.0 * static_cast<double>(f.scored) / static_cast<double>(f.score_ms) : 0.0);
  std::printf("peak_rss_mb_before=%.0f\npeak_rss_mb=%.0f\n", rss_before / 1024.0, rss_after / 1024.0);
  std::printf("auc=%.3f\nbaseline_auc=%.3f\nfeatures=%zu\n", run.at("auc").to_number<double>(),
              run.at("baseline").at("auc").to_number<double>(), run.at("features").as_array().size());
  return 0;
}
