// The rules of pipelines and stages, each use case one write transaction: names unique among live
// pipelines, a stage list that names every current stage, removing a stage by moving its deals
// (stage_removal.hpp), archiving only an empty pipeline; every change audited, a change of an
// existing pipeline announced as pipeline.updated. Callers (pipeline_routes.cpp) have checked that
// the caller is an admin and the shape of the input.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "access/context.hpp"
#include "modules/sales/pipelines.hpp"
#include "platform/db/database.hpp"
#include "platform/problem.hpp"

namespace rapport::sales {

// 409 when the name is taken.
Result<Pipeline> create_pipeline(db::Database& db, const access::Context& ctx, const std::string& name,
                                 const std::vector<StageInput>& stages);
// `stages`, when given, is the new order of every current stage (by id) plus new ones: 422 naming a
// listed id that is not a current stage, one listed twice, or a current stage left out (a stage leaves
// only through remove_stage). 404 for a missing or archived pipeline, 409 for a taken name.
Result<Pipeline> update_pipeline(db::Database& db, const access::Context& ctx, const std::string& id,
                                 const std::optional<std::string>& name, const std::optional<std::vector<StageInput>>& stages);
// Removes a stage; its deals, live or in the recycle bin, move to `move_to` (required when it holds
// any: 409), with `lost_reason` for those without one when it is a lost stage (see stage_removal.hpp).
// 422 when move_to is not another current stage of the pipeline or lost_reason goes with a stage that
// is not lost; 409 for the pipeline's last stage.
Status remove_stage(db::Database& db, const access::Context& ctx, const std::string& pipeline_id, const std::string& stage_id,
                    const std::string& move_to, const std::optional<std::string>& lost_reason);
// 409 while the pipeline holds live deals.
Status archive_pipeline(db::Database& db, const access::Context& ctx, const std::string& id);

}  // namespace rapport::sales
