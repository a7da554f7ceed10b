// How good a yes/no prediction is, and its calibration: pure functions over probabilities and
// outcomes (1 converted or won, 0 not), unit-tested in evaluation_test.cpp.
#pragma once
#include <boost/json.hpp>
#include <vector>

namespace rapport::scoring {

// Area under the ROC curve (ties count half): the chance that a random positive ranks above a
// random negative. 0.5 when either class is empty.
double auc(const std::vector<double>& p, const std::vector<int>& y);
// Hanley and McNeil's standard error of that AUC.
double auc_standard_error(double auc, std::size_t positives, std::size_t negatives);
// Mean negative log-likelihood, probabilities clamped to [1e-6, 1 - 1e-6].
double log_loss(const std::vector<double>& p, const std::vector<int>& y);

// Platt scaling: P(y = 1) = 1 / (1 + exp(-(a * margin + b))), fitted by Newton's method on held-out
// margins with Platt's smoothed targets, so that a score of 70 means about 70% do.
struct Platt {
  double a = 1, b = 0;
  double probability(double margin) const;
  static Platt fit(const std::vector<double>& margins, const std::vector<int>& y);
};

// Ten bins of predicted probability (0-10%, ..., 90-100%): how many records, the mean prediction and
// the share that did convert or win; empty bins left out.
boost::json::array calibration_table(const std::vector<double>& p, const std::vector<int>& y);

}  // namespace rapport::scoring
