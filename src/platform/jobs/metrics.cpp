#include "platform/jobs/metrics.hpp"

#include <fmt/format.h>

#include "platform/clock.hpp"

namespace rapport::jobs {
namespace {

// A label value as Prometheus' text format writes it.
std::string label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

void add_metrics(Metrics& metrics, db::Database& db, const Runner& runner) {
  metrics.add_family("rapport_jobs", "Jobs waiting (queued), running and dead, by type (the whole queue)", "gauge", [&db] {
    return db.read([](db::Connection& c) {
      std::vector<Metrics::Sample> out;
      auto& st = c.prepare("SELECT state, type, count(*) FROM jobs WHERE state IN ('queued', 'running', 'dead') GROUP BY state, type");
      while (st.step())
        out.push_back({"", fmt::format("state=\"{}\",type=\"{}\"", label(st.text_view(0)), label(st.text_view(1))),
                       static_cast<double>(st.int64(2))});
      st.reset();
      return out;
    });
  });
  metrics.add_gauge("rapport_jobs_oldest_due_age_seconds", "How long the longest-waiting due job has waited (0: none due)", [&db] {
    return db.read([](db::Connection& c) -> std::optional<double> {
      const int64_t now = clock::now_ms();
      auto v = c.scalar("SELECT min(run_at) FROM jobs WHERE state = 'queued' AND run_at <= ?", {clock::format_ms(now)});
      auto* s = std::get_if<std::string>(&v);
      if (!s) return 0.0;
      auto at = clock::parse_datetime(*s);
      return at ? static_cast<double>(now - *at) / 1000.0 : 0.0;
    });
  });
  metrics.add_family("rapport_job_runs_total", "Attempts this node finished, by type and outcome (lost: its lease was no longer ours)",
                     "counter", [&runner] {
                       std::vector<Metrics::Sample> out;
                       for (const auto& [type, s] : runner.stats())
                         for (auto [outcome, n] : {std::pair{"succeeded", s.succeeded}, {"failed", s.failed}, {"lost", s.lost}})
                           out.push_back({"", fmt::format("type=\"{}\",outcome=\"{}\"", label(type), outcome), static_cast<double>(n)});
                       return out;
                     });
  metrics.add_family("rapport_job_dead_total", "Jobs this node moved to the dead letters (out of attempts or failed for good)", "counter",
                     [&runner] {
                       std::vector<Metrics::Sample> out;
                       for (const auto& [type, s] : runner.stats())
                         out.push_back({"", fmt::format("type=\"{}\"", label(type)), static_cast<double>(s.dead)});
                       return out;
                     });
  metrics.add_family("rapport_job_run_seconds", "Run time of each attempt on this node, by type", "histogram", [&runner] {
    std::vector<Metrics::Sample> out;
    for (const auto& [type, s] : runner.stats()) {
      if (s.buckets.empty()) continue;
      const std::string t = "type=\"" + label(type) + "\"";
      uint64_t cum = 0;
      for (std::size_t b = 0; b < Metrics::kBuckets.size(); ++b) {
        cum += s.buckets[b];
        out.push_back({"_bucket", fmt::format("{},le=\"{}\"", t, Metrics::kBuckets[b]), static_cast<double>(cum)});
      }
      cum += s.buckets.back();
      out.push_back({"_bucket", t + ",le=\"+Inf\"", static_cast<double>(cum)});
      out.push_back({"_sum", t, s.seconds});
      out.push_back({"_count", t, static_cast<double>(cum)});
    }
    return out;
  });
}

}  // namespace rapport::jobs
