// The table scoring_models (migration 0067): one row a training run of a workspace's lead or deal
// model. At most one row per workspace and object is `active` and holds its XGBoost model; when a
// new one is kept the old one becomes `retired` and loses its trees (its evaluation stays). A
// workspace keeps its newest kKeptRuns runs of each object.
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "modules/scoring/trainer.hpp"
#include "platform/db/connection.hpp"

namespace rapport::scoring {

inline constexpr int kKeptRuns = 20;

// Stores a run in the caller's transaction (retiring the active model when this one is kept);
// returns its id.
std::string store_run(db::Connection& c, const std::string& workspace_id, std::string_view object, const TrainResult& r,
                      const std::string& now);

struct ActiveModel {
  std::string id;
  ScoringModel model;
};
// The model scoring the object now, loaded into XGBoost; none while scoring is off.
std::optional<ActiveModel> load_active(db::Connection& c, const std::string& workspace_id, std::string_view object);

// What GET /api/v1/scoring/models answers for one object: its state and its runs, newest first.
boost::json::object describe_object(db::Connection& c, const std::string& workspace_id, std::string_view object);

}  // namespace rapport::scoring
