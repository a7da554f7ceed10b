#include "modules/scoring/evaluation.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace rapport::scoring {

double auc(const std::vector<double>& p, const std::vector<int>& y) {
  std::vector<std::size_t> order(p.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t l, std::size_t r) { return p[l] < p[r]; });
  // Mann-Whitney: the sum of the positives' ranks, tied values sharing their mean rank.
  double rank_sum = 0, positives = 0;
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j < order.size() && p[order[j]] == p[order[i]]) ++j;
    const double mean_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
    for (std::size_t k = i; k < j; ++k)
      if (y[order[k]] == 1) {
        rank_sum += mean_rank;
        ++positives;
      }
    i = j;
  }
  const double negatives = static_cast<double>(p.size()) - positives;
  if (positives == 0 || negatives == 0) return 0.5;
  return (rank_sum - positives * (positives + 1) / 2.0) / (positives * negatives);
}

double auc_standard_error(double a, std::size_t positives, std::size_t negatives) {
  if (positives == 0 || negatives == 0) return 0.5;
  const double np = static_cast<double>(positives), nn = static_cast<double>(negatives);
  const double q1 = a / (2 - a), q2 = 2 * a * a / (1 + a);
  const double v = (a * (1 - a) + (np - 1) * (q1 - a * a) + (nn - 1) * (q2 - a * a)) / (np * nn);
  return std::sqrt(std::max(v, 0.0));
}

double log_loss(const std::vector<double>& p, const std::vector<int>& y) {
  if (p.empty()) return 0;
  double sum = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double q = std::clamp(p[i], 1e-6, 1 - 1e-6);
    sum -= y[i] == 1 ? std::log(q) : std::log(1 - q);
  }
  return sum / static_cast<double>(p.size());
}

double Platt::probability(double margin) const { return 1.0 / (1.0 + std::exp(-(a * margin + b))); }

Platt Platt::fit(const std::vector<double>& m, const std::vector<int>& y) {
  double np = 0;
  for (int v : y) np += v;
  const double nn = static_cast<double>(y.size()) - np;
  // Platt's targets: (N+ + 1) / (N+ + 2) and 1 / (N- + 2), which keep a small sample from certainty.
  const double hi = (np + 1) / (np + 2), lo = 1 / (nn + 2);
  auto loss = [&](const Platt& g) {
    double sum = 0;
    for (std::size_t i = 0; i < m.size(); ++i) {
      const double q = std::clamp(g.probability(m[i]), 1e-12, 1 - 1e-12), t = y[i] == 1 ? hi : lo;
      sum -= t * std::log(q) + (1 - t) * std::log(1 - q);
    }
    return sum;
  };
  // From the flat prediction (the base rate), Newton steps halved until the loss falls.
  Platt f{0, std::log((np + 1) / (nn + 1))};
  double current = loss(f);
  for (int iter = 0; iter < 100; ++iter) {
    double ga = 0, gb = 0, haa = 1e-12, hab = 0, hbb = 1e-12;
    for (std::size_t i = 0; i < m.size(); ++i) {
      const double q = f.probability(m[i]), t = y[i] == 1 ? hi : lo, d = q - t, w = q * (1 - q);
      ga += d * m[i];
      gb += d;
      haa += w * m[i] * m[i];
      hab += w * m[i];
      hbb += w;
    }
    const double det = haa * hbb - hab * hab;
    if (std::abs(det) < 1e-18) break;
    double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
    double step = 1;
    Platt next{f.a - da, f.b - db};
    double l = loss(next);
    while (l > current && step > 1e-6) {
      step /= 2;
      next = {f.a - step * da, f.b - step * db};
      l = loss(next);
    }
    if (l > current) break;
    const bool done = current - l < 1e-12 * std::max(1.0, current);
    f = next;
    current = l;
    if (done) break;
  }
  if (!std::isfinite(f.a) || !std::isfinite(f.b)) return Platt{};
  return f;
}

boost::json::array calibration_table(const std::vector<double>& p, const std::vector<int>& y) {
  struct Bin {
    double predicted = 0, observed = 0;
    int64_t count = 0;
  };
  Bin bins[10];
  for (std::size_t i = 0; i < p.size(); ++i) {
    auto& b = bins[std::clamp(static_cast<int>(p[i] * 10), 0, 9)];
    b.predicted += p[i];
    b.observed += y[i];
    ++b.count;
  }
  boost::json::array out;
  for (int i = 0; i < 10; ++i) {
    if (bins[i].count == 0) continue;
    const double n = static_cast<double>(bins[i].count);
    out.push_back(boost::json::object{{"from", i * 10},
                                      {"to", (i + 1) * 10},
                                      {"records", bins[i].count},
                                      {"mean_predicted", std::round(bins[i].predicted / n * 1000) / 1000},
                                      {"observed_rate", std::round(bins[i].observed / n * 1000) / 1000}});
  }
  return out;
}

}  // namespace rapport::scoring
