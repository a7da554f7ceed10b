#include "modules/scoring/evaluation.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace rapport::scoring {

TEST(ScoringEvaluation, AucCountsOrderedPairsAndTiesHalf) {
  EXPECT_DOUBLE_EQ(auc({0.1, 0.2, 0.8, 0.9}, {0, 0, 1, 1}), 1.0);
  EXPECT_DOUBLE_EQ(auc({0.9, 0.8, 0.2, 0.1}, {0, 0, 1, 1}), 0.0);
  EXPECT_DOUBLE_EQ(auc({0.5, 0.5, 0.5, 0.5}, {0, 1, 0, 1}), 0.5);
  // 1 positive above 1 of 2 negatives and tied with the other: (1 + 0.5) / 2.
  EXPECT_DOUBLE_EQ(auc({0.3, 0.6, 0.6}, {0, 0, 1}), 0.75);
  EXPECT_DOUBLE_EQ(auc({0.3, 0.6}, {1, 1}), 0.5);  // one class only: nothing to rank
}

TEST(ScoringEvaluation, AucStandardErrorShrinksWithMoreRecords) {
  const double small = auc_standard_error(0.7, 20, 20), large = auc_standard_error(0.7, 2000, 2000);
  EXPECT_GT(small, 0.05);
  EXPECT_LT(large, 0.01);
}

TEST(ScoringEvaluation, LogLossOfCertaintyAndOfAFairCoin) {
  EXPECT_NEAR(log_loss({1.0, 0.0}, {1, 0}), 0.0, 1e-5);
  EXPECT_NEAR(log_loss({0.5, 0.5}, {1, 0}), std::log(2.0), 1e-12);
  EXPECT_GT(log_loss({0.0}, {1}), 13.0);  // clamped, not infinite
}

TEST(ScoringEvaluation, PlattRecoversTheTrueLinkOfMarginsToOutcomes) {
  // Outcomes drawn with P = sigmoid(0.5 * margin - 1): the fit finds a near 0.5 and b near -1.
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(0, 1), m(-6, 6);
  std::vector<double> margins;
  std::vector<int> y;
  for (int i = 0; i < 20000; ++i) {
    const double x = m(rng);
    margins.push_back(x);
    y.push_back(u(rng) < 1 / (1 + std::exp(-(0.5 * x - 1))) ? 1 : 0);
  }
  const Platt f = Platt::fit(margins, y);
  EXPECT_NEAR(f.a, 0.5, 0.05);
  EXPECT_NEAR(f.b, -1.0, 0.08);
  // Calibrated: in each bin the observed rate is close to the mean prediction.
  std::vector<double> p;
  for (double x : margins) p.push_back(f.probability(x));
  for (const auto& bin : calibration_table(p, y)) {
    const auto& o = bin.as_object();
    if (o.at("records").as_int64() < 500) continue;
    EXPECT_NEAR(o.at("observed_rate").to_number<double>(), o.at("mean_predicted").to_number<double>(), 0.05) << boost::json::serialize(o);
  }
}

TEST(ScoringEvaluation, CalibrationTableLeavesEmptyBinsOut) {
  auto t = calibration_table({0.05, 0.07, 0.95}, {0, 1, 1});
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].at("records").as_int64(), 2);
  EXPECT_EQ(t[0].at("observed_rate").to_number<double>(), 0.5);
  EXPECT_EQ(t[1].at("from").as_int64(), 90);
}

}  // namespace rapport::scoring
