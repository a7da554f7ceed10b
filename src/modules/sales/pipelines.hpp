// Pipelines and their ordered stages: configuration that deals point at. Stages carry a default win
// probability and a type (open, won, lost); they are renamed, reordered and re-typed through the
// pipeline, and removed only by moving their deals to another stage first.
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "access/context.hpp"
#include "platform/db/connection.hpp"

namespace rapport::sales {

struct Stage {
  std::string id, pipeline_id, name, type;
  int64_t position = 0;
  int64_t probability = 0;
  bool archived = false;
};

struct Pipeline {
  std::string id, name, created_at, updated_at;
  int64_t version = 1;
  bool archived = false;
  std::vector<Stage> stages;  // in board order; archived ones only when asked for
};

std::optional<Pipeline> load_pipeline(db::Connection& c, const std::string& workspace_id, const std::string& id,
                                      bool with_archived_stages = false);
std::vector<Pipeline> list_pipelines(db::Connection& c, const std::string& workspace_id, bool include_archived);
std::optional<Stage> load_stage(db::Connection& c, const std::string& workspace_id, const std::string& stage_id);
// The first open stage of a pipeline (where new deals start when no stage is named).
std::optional<Stage> first_open_stage(db::Connection& c, const std::string& workspace_id, const std::string& pipeline_id);

boost::json::object stage_json(const Stage& s);
boost::json::object pipeline_json(const Pipeline& p);

}  // namespace rapport::sales
