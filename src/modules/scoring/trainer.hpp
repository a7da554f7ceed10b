// Training and judging one model from a workspace's closed leads or deals: the examples ordered by
// when their outcome was known and split by time (oldest 60% to learn from, the next 20% to
// calibrate on, the newest 20% to judge), the model judged against the historical rate per source
// and against the model it would replace. Explaining a score in words. Pure apart from XGBoost,
// tested in trainer_test.cpp with generated data with and without a signal.
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "modules/scoring/booster.hpp"
#include "modules/scoring/evaluation.hpp"
#include "modules/scoring/features.hpp"

namespace rapport::scoring {

// Below this many of each outcome scoring is off: a held-out fifth of fewer than 20 records of a
// class says too little to claim anything.
inline constexpr std::size_t kMinEachOutcome = 50;
// The newest closed records a training reads at most (bounded time and memory).
inline constexpr std::size_t kMaxTrainingRows = 200'000;

// A model that scores: its columns, trees and calibration.
struct ScoringModel {
  std::vector<Feature> features;
  Booster booster;
  Platt platt;
};

struct TrainResult {
  std::string outcome;  // active (kept), rejected or insufficient_data
  std::string reason;
  boost::json::object evaluation;
  std::optional<ScoringModel> model;  // when kept
};

// `previous`: the model scoring now, if any, judged on the same newest fifth.
TrainResult train(const std::vector<Example>& closed, const std::map<std::string, std::string>& labels,
                  const ScoringModel* previous, const std::string& noun, const BoostParams& params = {});

// A record's score (0..100) and its factors: the three that raise it most and the three that
// lower it most (at least one point each), "3 meetings in the last 14 days: +12". A factor's
// points are what the score would lose without it (its tree SHAP share of the log-odds, through
// the calibration).
struct Scored {
  int score = 0;
  std::vector<std::string> factors;
};
std::vector<Scored> score(const ScoringModel& model, const std::vector<const Example*>& rows);

}  // namespace rapport::scoring
