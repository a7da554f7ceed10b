#include "platform/metrics.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace rapport {

void Metrics::define_routes(const std::vector<std::pair<std::string, std::string>>& routes) {
  slots_.clear();
  for (const auto& [m, r] : routes) {
    auto s = std::make_unique<Slot>();
    s->method = m;
    s->route = r;
    slots_.push_back(std::move(s));
  }
  auto s = std::make_unique<Slot>();
  s->method = "any";
  s->route = "unmatched";
  slots_.push_back(std::move(s));
}

void Metrics::record(std::size_t slot, int status, double seconds) {
  if (slot >= slots_.size()) return;
  Slot& s = *slots_[slot];
  int cls = status / 100 - 1;
  if (cls >= 0 && cls < 5) s.by_class[static_cast<std::size_t>(cls)].fetch_add(1, std::memory_order_relaxed);
  std::size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  s.buckets[b].fetch_add(1, std::memory_order_relaxed);
  s.count.fetch_add(1, std::memory_order_relaxed);
  s.sum_us.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

namespace {

bool ends_with_total(const std::string& name) {
  return name.size() >= 6 && name.compare(name.size() - 6, 6, "_total") == 0;
}

// Prometheus' text format spells the special values its own way.
std::string sample_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", v);
}

}  // namespace

void Metrics::add_gauge(std::string name, std::string help, Reader read) {
  if (ends_with_total(name)) throw std::invalid_argument("gauge " + name + " ends in _total, which names counters");
  scalars_.push_back({std::move(name), std::move(help), false, std::move(read)});
}

void Metrics::add_counter(std::string name, std::string help, Reader read) {
  if (!ends_with_total(name)) throw std::invalid_argument("counter " + name + " must end in _total");
  scalars_.push_back({std::move(name), std::move(help), true, std::move(read)});
}

void Metrics::add_family(std::string name, std::string help, std::string type, FamilyReader read) {
  if (type != "gauge" && type != "counter" && type != "histogram") throw std::invalid_argument("metric type " + type);
  if ((type == "counter") != ends_with_total(name)) throw std::invalid_argument("counter names, and only they, end in _total: " + name);
  families_.push_back({std::move(name), std::move(help), std::move(type), std::move(read)});
}

void Metrics::set_build_info(std::string version, std::string commit) {
  build_version_ = std::move(version);
  build_commit_ = std::move(commit);
}

std::string Metrics::render() const {
  std::string out;
  if (!build_version_.empty())
    out += fmt::format("# HELP rapport_build_info The running build: version and git commit.\n# TYPE rapport_build_info gauge\n"
                       "rapport_build_info{{version=\"{}\",commit=\"{}\"}} 1\n",
                       build_version_, build_commit_);
  out += "# HELP rapport_http_requests_total HTTP requests by route, method and status class.\n";
  out += "# TYPE rapport_http_requests_total counter\n";
  for (const auto& s : slots_) {
    for (std::size_t c = 0; c < 5; ++c) {
      auto v = s->by_class[c].load(std::memory_order_relaxed);
      if (v == 0) continue;
      out += fmt::format("rapport_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}xx\"}} {}\n", s->method,
                         s->route, c + 1, v);
    }
  }
  out += "# HELP rapport_http_request_duration_seconds Time from a request's last byte read to its response.\n";
  out += "# TYPE rapport_http_request_duration_seconds histogram\n";
  for (const auto& s : slots_) {
    uint64_t n = s->count.load(std::memory_order_relaxed);
    if (n == 0) continue;
    uint64_t cum = 0;
    std::string labels = fmt::format("method=\"{}\",route=\"{}\"", s->method, s->route);
    for (std::size_t b = 0; b < kBuckets.size(); ++b) {
      cum += s->buckets[b].load(std::memory_order_relaxed);
      out += fmt::format("rapport_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", labels, kBuckets[b], cum);
    }
    cum += s->buckets[kBuckets.size()].load(std::memory_order_relaxed);
    out += fmt::format("rapport_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", labels, cum);
    out += fmt::format("rapport_http_request_duration_seconds_sum{{{}}} {}\n", labels,
                       static_cast<double>(s->sum_us.load(std::memory_order_relaxed)) / 1e6);
    out += fmt::format("rapport_http_request_duration_seconds_count{{{}}} {}\n", labels, cum);
  }
  for (const auto& f : families_) {
    auto samples = f.read();
    if (samples.empty()) continue;
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", f.name, f.help, f.name, f.type);
    for (const auto& x : samples)
      out += x.labels.empty() ? fmt::format("{}{} {}\n", f.name, x.suffix, sample_value(x.value))
                              : fmt::format("{}{}{{{}}} {}\n", f.name, x.suffix, x.labels, sample_value(x.value));
  }
  for (const auto& m : scalars_) {
    std::optional<double> v = m.read();
    if (!v) continue;
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n{} {}\n", m.name, m.help, m.name, m.counter ? "counter" : "gauge", m.name,
                       sample_value(*v));
  }
  return out;
}

}  // namespace rapport
