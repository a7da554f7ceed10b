// Pipelines and their ordered stages: configuration that deals point at. Stages carry a default win
// probability and a type (open, won, lost); they are renamed, reordered and re-typed through the
// pipeline, and removed only by moving their deals to another stage first. This is their store (the
// SQL); the rules are pipeline_service's.
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

// Whether another live (not archived) pipeline than `except` has this name, compared case-insensitively.
bool pipeline_name_taken(db::Connection& c, const std::string& workspace_id, const std::string& name, const std::string& except);
// Live deals of the pipeline.
int64_t live_deals_in_pipeline(db::Connection& c, const std::string& workspace_id, const std::string& pipeline_id);
// Inserts a pipeline (version 1) after the workspace's last one.
void insert_pipeline(db::Connection& c, const std::string& workspace_id, const std::string& id, const std::string& name,
                     const std::string& now);
void rename_pipeline(db::Connection& c, const std::string& pipeline_id, const std::string& name);
// updated_at = now, version + 1 (and archived_at = now when `archive`).
void touch_pipeline(db::Connection& c, const std::string& pipeline_id, const std::string& now, bool archive = false);
void archive_stage(db::Connection& c, const std::string& stage_id, const std::string& now);

// A stage as a request lists it; an empty id is a new stage.
struct StageInput {
  std::string id;
  std::string name, type;
  int64_t probability = 0;
};
// Writes the stages in this order (positions 1, 2, ...): inserts the new ones, updates the others.
void write_stages(db::Connection& c, const std::string& workspace_id, const std::string& pipeline_id,
                  const std::vector<StageInput>& stages, const std::string& now);

boost::json::object stage_json(const Stage& s);
boost::json::object pipeline_json(const Pipeline& p);

}  // namespace rapport::sales
