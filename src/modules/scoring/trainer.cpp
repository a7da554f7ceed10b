#include "modules/scoring/trainer.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "platform/clock.hpp"

namespace rapport::scoring {
namespace json = boost::json;

namespace {

double round3(double x) { return std::round(x * 1000) / 1000; }

struct Part {
  std::vector<const Example*> rows;
  std::vector<int> y;
  std::size_t positives = 0;
};

Part part(const std::vector<const Example*>& sorted, std::size_t from, std::size_t to) {
  Part p;
  for (std::size_t i = from; i < to; ++i) {
    p.rows.push_back(sorted[i]);
    p.y.push_back(sorted[i]->label);
    p.positives += static_cast<std::size_t>(sorted[i]->label);
  }
  return p;
}

json::object describe_part(const Part& p) {
  json::object o{{"records", static_cast<int64_t>(p.rows.size())},
                 {"positives", static_cast<int64_t>(p.positives)},
                 {"negatives", static_cast<int64_t>(p.rows.size() - p.positives)}};
  if (!p.rows.empty()) {
    o["from"] = clock::format_ms(p.rows.front()->ref_ms);
    o["to"] = clock::format_ms(p.rows.back()->ref_ms);
  }
  return o;
}

std::vector<double> probabilities(const ScoringModel& m, const std::vector<const Example*>& rows) {
  auto margins = m.booster.margins(to_matrix(rows, m.features));
  std::vector<double> p;
  p.reserve(margins.size());
  for (float x : margins) p.push_back(m.platt.probability(x));
  return p;
}

// The baseline: each source's share of positives in the older records (smoothed toward the overall
// share by ten records' weight), the overall share for a source not seen.
std::vector<double> baseline(const std::vector<const Example*>& older, const std::vector<const Example*>& rows) {
  std::map<std::string, std::pair<double, double>> by_source;  // positives, records
  double pos = 0;
  for (const auto* e : older) {
    auto it = e->categories.find("source");
    auto& s = by_source[it == e->categories.end() ? "" : it->second];
    s.first += e->label;
    s.second += 1;
    pos += e->label;
  }
  const double overall = older.empty() ? 0.5 : pos / static_cast<double>(older.size());
  std::vector<double> p;
  for (const auto* e : rows) {
    auto it = e->categories.find("source");
    auto s = by_source.find(it == e->categories.end() ? "" : it->second);
    p.push_back(s == by_source.end() ? overall : (s->second.first + 10 * overall) / (s->second.second + 10));
  }
  return p;
}

json::object judged(const std::vector<double>& p, const std::vector<int>& y) {
  return {{"auc", round3(auc(p, y))}, {"log_loss", round3(log_loss(p, y))}};
}

}  // namespace

TrainResult train(const std::vector<Example>& closed, const std::map<std::string, std::string>& labels,
                  const ScoringModel* previous, const std::string& noun, const BoostParams& params) {
  TrainResult r;
  std::vector<const Example*> sorted;
  for (const auto& e : closed)
    if (e.label == 0 || e.label == 1) sorted.push_back(&e);
  std::sort(sorted.begin(), sorted.end(), [](const Example* l, const Example* x) {
    return l->ref_ms != x->ref_ms ? l->ref_ms < x->ref_ms : l->id < x->id;
  });
  const Part all = part(sorted, 0, sorted.size());
  const std::size_t positives = all.positives, negatives = sorted.size() - positives;
  r.evaluation["data"] = json::object{{"all", describe_part(all)}, {"minimum_each_outcome", static_cast<int64_t>(kMinEachOutcome)}};
  if (positives < kMinEachOutcome || negatives < kMinEachOutcome) {
    r.outcome = "insufficient_data";
    r.reason = "Scoring is off: it needs at least " + std::to_string(kMinEachOutcome) + " " + noun + " of each outcome; there are " +
               std::to_string(positives) + " positive and " + std::to_string(negatives) + " negative";
    return r;
  }
  const std::size_t a = sorted.size() * 6 / 10, b = sorted.size() * 8 / 10;
  Part learn = part(sorted, 0, a), calibrate = part(sorted, a, b), test = part(sorted, b, sorted.size());
  auto& data = r.evaluation["data"].as_object();
  data["train"] = describe_part(learn);
  data["calibration"] = describe_part(calibrate);
  data["test"] = describe_part(test);

  ScoringModel m;
  m.features = choose_features(learn.rows, labels);
  // Outcomes bunched in time (every conversion recent) leave a part with one outcome only: nothing
  // to learn from, calibrate on or judge by.
  for (const Part* q : {&learn, &calibrate, &test})
    if (q->positives == 0 || q->positives == q->rows.size() || m.features.empty()) {
      r.outcome = "rejected";
      r.reason = m.features.empty() ? "Not kept: the records have no facts to learn from"
                                    : "Not kept: a part of the time split holds records of one outcome only";
      return r;
    }
  std::vector<float> y(learn.y.begin(), learn.y.end());
  m.booster = Booster::train(to_matrix(learn.rows, m.features), y, params);
  auto cal_margins = m.booster.margins(to_matrix(calibrate.rows, m.features));
  m.platt = Platt::fit(std::vector<double>(cal_margins.begin(), cal_margins.end()), calibrate.y);

  const auto p = probabilities(m, test.rows);
  const double model_auc = auc(p, test.y), model_ll = log_loss(p, test.y);
  const double se = auc_standard_error(model_auc, test.positives, test.rows.size() - test.positives);
  std::vector<const Example*> older = learn.rows;
  older.insert(older.end(), calibrate.rows.begin(), calibrate.rows.end());
  const auto base_p = baseline(older, test.rows);
  const double base_auc = auc(base_p, test.y), base_ll = log_loss(base_p, test.y);

  r.evaluation["auc"] = round3(model_auc);
  r.evaluation["auc_lower_bound"] = round3(model_auc - 1.96 * se);
  r.evaluation["log_loss"] = round3(model_ll);
  r.evaluation["calibration_table"] = calibration_table(p, test.y);
  r.evaluation["calibration"] = json::object{{"method", "platt"}, {"a", m.platt.a}, {"b", m.platt.b}};
  json::object base = judged(base_p, test.y);
  base["description"] = "the historical rate per source of the older records";
  r.evaluation["baseline"] = std::move(base);
  std::optional<std::pair<double, double>> prev;
  if (previous) {
    const auto pp = probabilities(*previous, test.rows);
    prev = std::make_pair(auc(pp, test.y), log_loss(pp, test.y));
    r.evaluation["previous"] = judged(pp, test.y);
  } else {
    r.evaluation["previous"] = nullptr;
  }

  // Kept only when it tells more than chance (the AUC's 95% lower bound above 0.5), ranks better
  // and predicts closer than the per-source rate, and does not do worse than the model in place.
  std::string why_not;
  if (model_auc - 1.96 * se <= 0.5) why_not = "its AUC on the newest fifth is not surely above chance";
  else if (model_auc <= base_auc + 0.01 || model_ll >= base_ll) why_not = "it does not beat the historical rate per source";
  else if (prev && (model_auc < prev->first || model_ll > prev->second))
    why_not = "it does not beat the model in place on the newest records";
  if (!why_not.empty()) {
    r.outcome = "rejected";
    r.reason = "Not kept: " + why_not;
    return r;
  }
  r.outcome = "active";
  r.reason = fmt::format("Kept: AUC {:.3f} against {:.3f} for the rate per source on the newest records", model_auc, base_auc);
  r.model = std::move(m);
  return r;
}

std::vector<Scored> score(const ScoringModel& model, const std::vector<const Example*>& rows) {
  std::vector<Scored> out;
  if (rows.empty()) return out;
  const Matrix x = to_matrix(rows, model.features);
  const auto contrib = model.booster.contributions(x);
  const std::size_t width = model.features.size() + 1;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const float* phi = contrib.data() + r * width;
    double margin = 0;
    for (std::size_t c = 0; c < width; ++c) margin += phi[c];
    const double p = model.platt.probability(margin);
    Scored s;
    s.score = static_cast<int>(std::lround(std::clamp(p, 0.0, 1.0) * 100));
    std::vector<std::pair<int, std::size_t>> points;  // points, column
    for (std::size_t c = 0; c + 1 < width; ++c) {
      const int pts = static_cast<int>(std::lround(100 * (p - model.platt.probability(margin - phi[c]))));
      if (pts != 0) points.emplace_back(pts, c);
    }
    std::sort(points.begin(), points.end(), [](const auto& l, const auto& x2) { return l.first > x2.first; });
    auto add = [&](int pts, std::size_t c) {
      std::string text = model.features[c].describe(x.values[r * model.features.size() + c]);
      text += pts > 0 ? ": +" : ": ";
      text += std::to_string(pts);
      s.factors.push_back(std::move(text));
    };
    for (std::size_t i = 0; i < points.size() && i < 3 && points[i].first > 0; ++i) add(points[i].first, points[i].second);
    for (std::size_t i = 0; i < points.size() && i < 3 && points[points.size() - 1 - i].first < 0; ++i)
      add(points[points.size() - 1 - i].first, points[points.size() - 1 - i].second);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace rapport::scoring
