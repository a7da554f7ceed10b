#include "modules/sales/pipeline_service.hpp"

#include <algorithm>
#include <set>

#include "modules/sales/stage_removal.hpp"
#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"
#include "platform/must.hpp"

namespace rapport::sales {
namespace json = boost::json;

namespace {

Problem name_conflict() { return Problem::conflict("A pipeline with this name exists", {{"name", "unique", "is already used"}}); }

// The list is the new order of every current stage (by id) plus new ones.
std::vector<FieldError> check_stage_list(const Pipeline& before, const std::vector<StageInput>& stages) {
  std::set<std::string> current, listed;
  for (const auto& s : before.stages) current.insert(s.id);
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < stages.size(); ++i) {
    if (stages[i].id.empty()) continue;
    if (!current.count(stages[i].id))
      errors.push_back({"stages." + std::to_string(i) + ".id", "not_found", "is not a current stage of this pipeline"});
    else if (!listed.insert(stages[i].id).second)
      errors.push_back({"stages." + std::to_string(i) + ".id", "unique", "is listed twice"});
  }
  for (const auto& s : before.stages)
    if (!listed.count(s.id) && errors.empty())
      errors.push_back({"stages", "required",
                        "must list every current stage; stage '" + s.name + "' (" + s.id +
                            ") is missing: remove a stage with DELETE /api/v1/pipelines/{id}/stages/{stage_id}"});
  return errors;
}

}  // namespace

Result<Pipeline> create_pipeline(db::Database& db, const access::Context& ctx, const std::string& name,
                                 const std::vector<StageInput>& stages) {
  std::string id = ids::uuid_v7();
  std::optional<Pipeline> created;
  auto st = db.write([&](db::Connection& c) -> Status {
    if (pipeline_name_taken(c, ctx.workspace_id, name, "")) return name_conflict();
    std::string now = clock::now_text();
    insert_pipeline(c, ctx.workspace_id, id, name, now);
    write_stages(c, ctx.workspace_id, id, stages, now);
    created = must(load_pipeline(c, ctx.workspace_id, id), "the pipeline just created");
    journal::audit(c, ctx, "pipelines", id, "create", journal::diff(json::object{}, pipeline_json(*created)));
    return ok_status();
  });
  if (!st) return st.take_problem();
  return std::move(*created);
}

Result<Pipeline> update_pipeline(db::Database& db, const access::Context& ctx, const std::string& id,
                                 const std::optional<std::string>& name, const std::optional<std::vector<StageInput>>& stages) {
  std::optional<Pipeline> after;
  auto st = db.write([&](db::Connection& c) -> Status {
    auto before = load_pipeline(c, ctx.workspace_id, id);
    if (!before || before->archived) return Problem::not_found();
    if (name && pipeline_name_taken(c, ctx.workspace_id, *name, id)) return name_conflict();
    if (stages)
      if (auto errors = check_stage_list(*before, *stages); !errors.empty()) return Problem::invalid(std::move(errors));
    std::string now = clock::now_text();
    if (name) rename_pipeline(c, id, *name);
    if (stages) write_stages(c, ctx.workspace_id, id, *stages, now);
    after = must(load_pipeline(c, ctx.workspace_id, id), "the pipeline just changed");
    auto changes = journal::diff(pipeline_json(*before), pipeline_json(*after));
    if (changes.empty()) return ok_status();
    touch_pipeline(c, id, now);
    after = must(load_pipeline(c, ctx.workspace_id, id), "the pipeline just changed");
    journal::audit(c, ctx, "pipelines", id, "update", changes);
    journal::emit(c, ctx, "pipeline.updated", "pipelines", id, json::object{{"id", id}});
    return ok_status();
  });
  if (!st) return st.take_problem();
  return std::move(*after);
}

Status remove_stage(db::Database& db, const access::Context& ctx, const std::string& pipeline_id, const std::string& stage_id,
                    const std::string& move_to, const std::optional<std::string>& lost_reason) {
  return db.write([&](db::Connection& c) -> Status {
    auto p = load_pipeline(c, ctx.workspace_id, pipeline_id);
    if (!p || p->archived) return Problem::not_found();
    auto stage = std::find_if(p->stages.begin(), p->stages.end(), [&](const Stage& s) { return s.id == stage_id; });
    if (stage == p->stages.end()) return Problem::not_found("No such stage in this pipeline");
    // Deals in the recycle bin move too: restored, they must not point at a removed stage.
    auto deals = deals_in_stage(c, ctx.workspace_id, stage_id);
    const Stage* target = nullptr;
    if (!move_to.empty()) {
      auto t = std::find_if(p->stages.begin(), p->stages.end(), [&](const Stage& s) { return s.id == move_to; });
      if (t == p->stages.end() || t->id == stage_id)
        return Problem::invalid({{"move_to", "not_found", "must be another current stage of this pipeline"}});
      target = &*t;
    }
    if (lost_reason && (!target || target->type != "lost"))
      return Problem::invalid({{"lost_reason", "consistency", "applies only when move_to is a lost stage"}});
    if (deals.live + deals.deleted > 0 && !target)
      return Problem::conflict("The stage holds " + std::to_string(deals.live) + " deals (and " + std::to_string(deals.deleted) +
                               " in the recycle bin): name the stage they move to with ?move_to=<stage id>");
    if (p->stages.size() == 1) return Problem::conflict("A pipeline keeps at least one stage");
    std::string now = clock::now_text();
    if (target) {
      auto moved = move_stage_deals(c, ctx, *stage, *target, lost_reason);
      if (!moved) return moved.take_problem();
    }
    archive_stage(c, stage_id, now);
    touch_pipeline(c, pipeline_id, now);
    journal::audit(c, ctx, "pipelines", pipeline_id, "stage_removed",
                   json::array{json::object{{"field", "stage"}, {"before", stage_json(*stage)}, {"after", nullptr}},
                               json::object{{"field", "deals_moved_to"}, {"before", nullptr},
                                            {"after", target ? json::value(target->id) : json::value(nullptr)}}});
    return ok_status();
  });
}

Status archive_pipeline(db::Database& db, const access::Context& ctx, const std::string& id) {
  return db.write([&](db::Connection& c) -> Status {
    auto p = load_pipeline(c, ctx.workspace_id, id);
    if (!p || p->archived) return Problem::not_found();
    if (int64_t deals = live_deals_in_pipeline(c, ctx.workspace_id, id); deals > 0)
      return Problem::conflict("The pipeline holds " + std::to_string(deals) + " deals; move or delete them first");
    touch_pipeline(c, id, clock::now_text(), true);
    journal::audit(c, ctx, "pipelines", id, "archive", json::array{json::object{{"field", "archived"}, {"before", false}, {"after", true}}});
    return ok_status();
  });
}

}  // namespace rapport::sales
