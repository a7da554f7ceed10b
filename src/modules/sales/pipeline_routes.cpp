#include "modules/sales/routes.hpp"

#include <set>

#include "access/admin_routes.hpp"
#include "modules/sales/pipelines.hpp"
#include "modules/sales/stage_removal.hpp"
#include "platform/clock.hpp"
#include "platform/http/body_reader.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"

namespace rapport::sales {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

constexpr std::size_t kMaxStages = 50;

struct StageInput {
  std::string id;  // empty: a new stage
  std::string name, type;
  int64_t probability = 0;
};

// Reads "stages": [{id?, name, probability, type}] into `out`; field errors name stages.<i>.<key>.
bool read_stages(const json::object& body, bool allow_ids, std::vector<StageInput>& out, std::vector<FieldError>& errors) {
  auto* v = body.if_contains("stages");
  if (!v) return false;
  if (!v->is_array() || v->as_array().empty() || v->as_array().size() > kMaxStages) {
    errors.push_back({"stages", "type", "must be an array of 1 to 50 stages"});
    return true;
  }
  std::set<std::string> names;
  bool any_open = false;
  std::size_t i = 0;
  for (const auto& e : v->as_array()) {
    std::string path = "stages." + std::to_string(i++);
    if (!e.is_object()) {
      errors.push_back({path, "type", "must be an object with name, probability and type"});
      continue;
    }
    const auto& o = e.as_object();
    StageInput s;
    for (const auto& kv : o) {
      std::string key(kv.key());
      const auto& val = kv.value();
      if (key == "id" && allow_ids) {
        if (!val.is_string() || !ids::is_uuid(val.as_string())) errors.push_back({path + ".id", "format", "must be a stage id"});
        else s.id = std::string(val.as_string());
      } else if (key == "name") {
        if (!val.is_string() || val.as_string().empty() || val.as_string().size() > 100)
          errors.push_back({path + ".name", "length", "must be a string of 1 to 100 characters"});
        else s.name = std::string(val.as_string());
      } else if (key == "probability") {
        if (!val.is_int64() || val.as_int64() < 0 || val.as_int64() > 100)
          errors.push_back({path + ".probability", "range", "must be an integer from 0 to 100"});
        else s.probability = val.as_int64();
      } else if (key == "type") {
        if (val != "open" && val != "won" && val != "lost") errors.push_back({path + ".type", "enum", "must be open, won or lost"});
        else s.type = std::string(val.as_string());
      } else {
        errors.push_back({path + "." + key, "unknown", "is not a field of a stage"});
      }
    }
    if (s.name.empty() && !o.contains("name")) errors.push_back({path + ".name", "required", "is required"});
    if (!o.contains("type")) errors.push_back({path + ".type", "required", "is required"});
    if (!o.contains("probability")) {
      // A stage's default probability follows its type when not given.
      s.probability = s.type == "won" ? 100 : 0;
    }
    if (!s.name.empty()) {
      std::string lower = s.name;
      for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (!names.insert(lower).second) errors.push_back({path + ".name", "unique", "is the name of another stage of this pipeline"});
    }
    any_open = any_open || s.type == "open";
    out.push_back(std::move(s));
  }
  if (errors.empty() && !any_open) errors.push_back({"stages", "required", "a pipeline needs at least one open stage"});
  return true;
}

bool name_taken(db::Connection& c, const std::string& workspace_id, const std::string& name, const std::string& except) {
  return !std::holds_alternative<std::nullptr_t>(c.scalar(
      "SELECT 1 FROM pipelines WHERE workspace_id = ? AND lower(name) = lower(?) AND archived_at IS NULL AND id != ?",
      {workspace_id, name, except}));
}

int64_t live_deals_in(db::Connection& c, const std::string& workspace_id, const std::string& column, const std::string& id) {
  return std::get<int64_t>(c.scalar("SELECT count(*) FROM deals WHERE workspace_id = ? AND " + column + " = ? AND deleted_at IS NULL",
                                    {workspace_id, id}));
}

void write_stages(db::Connection& c, const std::string& workspace_id, const std::string& pipeline_id,
                  const std::vector<StageInput>& stages, const std::string& now) {
  int64_t position = 0;
  for (const auto& s : stages) {
    ++position;
    if (s.id.empty())
      c.prepare("INSERT INTO pipeline_stages(id, workspace_id, pipeline_id, name, position, probability, type, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
          .bind_all({ids::uuid_v7(), workspace_id, pipeline_id, s.name, position, s.probability, s.type, now, now})
          .run();
    else
      c.prepare("UPDATE pipeline_stages SET name = ?, position = ?, probability = ?, type = ?, updated_at = ? "
                "WHERE workspace_id = ? AND id = ?")
          .bind_all({s.name, position, s.probability, s.type, now, workspace_id, s.id})
          .run();
  }
}

}  // namespace

void add_pipeline_routes(http::Api& api, db::Database& db) {
  const std::string tag = "Pipelines";
  api.route("GET", "/api/v1/pipelines",
            [&db](Request& req, const access::Context& ctx) -> Response {
              bool archived = false;
              for (const auto& [k, v] : req.query) {
                if (k == "include_archived" && (v == "true" || v == "false")) archived = v == "true";
                else return http::fail(Problem::bad_request("Unknown query parameter '" + k + "' (include_archived=true|false)"), req);
              }
              auto pipelines = db.read([&](db::Connection& c) { return list_pipelines(c, ctx.workspace_id, archived); });
              json::array data;
              for (const auto& p : pipelines) data.push_back(pipeline_json(p));
              return http::json(200, json::object{{"data", std::move(data)}, {"next_cursor", nullptr}});
            },
            {.summary = "List pipelines with their stages in board order", .tag = tag, .response_schema = "PipelinePage",
             .query_params = {{"include_archived", "Also list archived pipelines (default false)", "boolean"}},
             .strict_query = true});

  api.route("GET", "/api/v1/pipelines/{id}",
            [&db](Request& req, const access::Context& ctx) -> Response {
              const std::string& id = req.param("id");
              if (!ids::is_uuid(id)) return http::fail(Problem::not_found(), req);
              auto p = db.read([&](db::Connection& c) { return load_pipeline(c, ctx.workspace_id, id); });
              if (!p) return http::fail(Problem::not_found(), req);
              return http::json(200, pipeline_json(*p));
            },
            {.summary = "Read a pipeline and its stages", .tag = tag, .response_schema = "Pipeline", .strict_query = true});

  api.route("POST", "/api/v1/pipelines",
            [&db](Request& req, const access::Context& ctx) -> Response {
              if (!ctx.is_admin()) return http::fail(access::admin_only("create pipelines"), req);
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              http::BodyReader in(*body);
              in.only({"name", "stages"}, "a pipeline");
              auto name = in.text("name", 1, 100, true);
              std::vector<StageInput> stages;
              if (!read_stages(*body, false, stages, in.errors())) in.error("stages", "required", "is required");
              if (!in.ok()) return http::fail(in.problem(), req);
              std::string id = ids::uuid_v7();
              std::optional<Pipeline> created;
              auto st = db.write([&](db::Connection& c) -> Status {
                if (name_taken(c, ctx.workspace_id, *name, ""))
                  return Problem::conflict("A pipeline with this name exists", {{"name", "unique", "is already used"}});
                std::string now = clock::now_text();
                int64_t position = std::get<int64_t>(c.scalar("SELECT coalesce(max(position), 0) + 1 FROM pipelines WHERE workspace_id = ?", {ctx.workspace_id}));
                c.prepare("INSERT INTO pipelines(id, workspace_id, name, position, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, 1)")
                    .bind_all({id, ctx.workspace_id, *name, position, now, now})
                    .run();
                write_stages(c, ctx.workspace_id, id, stages, now);
                created = load_pipeline(c, ctx.workspace_id, id);
                journal::audit(c, ctx, "pipelines", id, "create", journal::diff(json::object{}, pipeline_json(*created)));
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              Response r = http::json(201, pipeline_json(*created));
              r.header("Location", "/api/v1/pipelines/" + id);
              return r;
            },
            {.summary = "Create a pipeline with its stages (admin)", .tag = tag, .request_schema = "PipelineInput",
             .response_schema = "Pipeline", .success_status = 201, .strict_query = true});

  api.route("PATCH", "/api/v1/pipelines/{id}",
            [&db](Request& req, const access::Context& ctx) -> Response {
              if (!ctx.is_admin()) return http::fail(access::admin_only("change pipelines"), req);
              const std::string& id = req.param("id");
              if (!ids::is_uuid(id)) return http::fail(Problem::not_found(), req);
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              http::BodyReader in(*body);
              in.only({"name", "stages"}, "a pipeline");
              auto name = in.text("name", 1, 100);
              std::vector<StageInput> stages;
              bool has_stages = read_stages(*body, true, stages, in.errors());
              if (!in.ok()) return http::fail(in.problem(), req);
              std::optional<Pipeline> after;
              auto st = db.write([&](db::Connection& c) -> Status {
                auto before = load_pipeline(c, ctx.workspace_id, id);
                if (!before || before->archived) return Problem::not_found();
                if (name && name_taken(c, ctx.workspace_id, *name, id))
                  return Problem::conflict("A pipeline with this name exists", {{"name", "unique", "is already used"}});
                if (has_stages) {
                  // The list is the new order of every current stage (by id) plus new ones: a stage
                  // leaves only through DELETE .../stages/{stage_id}, which says where its deals go.
                  std::set<std::string> current, listed;
                  for (const auto& s : before->stages) current.insert(s.id);
                  std::vector<FieldError> errors;
                  for (std::size_t i = 0; i < stages.size(); ++i) {
                    if (stages[i].id.empty()) continue;
                    if (!current.count(stages[i].id))
                      errors.push_back({"stages." + std::to_string(i) + ".id", "not_found", "is not a current stage of this pipeline"});
                    else if (!listed.insert(stages[i].id).second)
                      errors.push_back({"stages." + std::to_string(i) + ".id", "unique", "is listed twice"});
                  }
                  for (const auto& s : before->stages)
                    if (!listed.count(s.id) && errors.empty())
                      errors.push_back({"stages", "required",
                                        "must list every current stage; stage '" + s.name + "' (" + s.id +
                                            ") is missing: remove a stage with DELETE /api/v1/pipelines/{id}/stages/{stage_id}"});
                  if (!errors.empty()) return Problem::invalid(std::move(errors));
                }
                std::string now = clock::now_text();
                if (name) c.prepare("UPDATE pipelines SET name = ? WHERE id = ?").bind_all({*name, id}).run();
                if (has_stages) write_stages(c, ctx.workspace_id, id, stages, now);
                after = load_pipeline(c, ctx.workspace_id, id);
                auto changes = journal::diff(pipeline_json(*before), pipeline_json(*after));
                if (changes.empty()) return ok_status();
                c.prepare("UPDATE pipelines SET updated_at = ?, version = version + 1 WHERE id = ?").bind_all({now, id}).run();
                after = load_pipeline(c, ctx.workspace_id, id);
                journal::audit(c, ctx, "pipelines", id, "update", changes);
                journal::emit(c, ctx, "pipeline.updated", "pipelines", id, json::object{{"id", id}});
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              return http::json(200, pipeline_json(*after));
            },
            {.summary = "Rename a pipeline; rename, reorder, re-type its stages or add new ones (admin)", .tag = tag,
             .request_schema = "PipelineInput", .response_schema = "Pipeline", .strict_query = true});

  api.route("DELETE", "/api/v1/pipelines/{id}/stages/{stage_id}",
            [&db](Request& req, const access::Context& ctx) -> Response {
              if (!ctx.is_admin()) return http::fail(access::admin_only("remove stages"), req);
              const std::string& id = req.param("id");
              const std::string& stage_id = req.param("stage_id");
              if (!ids::is_uuid(id) || !ids::is_uuid(stage_id)) return http::fail(Problem::not_found(), req);
              std::string move_to;
              std::optional<std::string> lost_reason;
              for (const auto& [k, v] : req.query) {
                if (k == "move_to") move_to = v;
                else if (k == "lost_reason") lost_reason = v;
                else return http::fail(Problem::bad_request("Unknown query parameter '" + k + "' (move_to=<stage id>, lost_reason=<text>)"), req);
              }
              if (lost_reason && (lost_reason->empty() || lost_reason->size() > 1000))
                return http::fail(Problem::invalid({{"lost_reason", "length", "must be 1 to 1000 characters"}}), req);
              auto st = db.write([&](db::Connection& c) -> Status {
                auto p = load_pipeline(c, ctx.workspace_id, id);
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
                c.prepare("UPDATE pipeline_stages SET archived_at = ?, updated_at = ? WHERE id = ?").bind_all({now, now, stage_id}).run();
                c.prepare("UPDATE pipelines SET updated_at = ?, version = version + 1 WHERE id = ?").bind_all({now, id}).run();
                journal::audit(c, ctx, "pipelines", id, "stage_removed",
                               json::array{json::object{{"field", "stage"}, {"before", stage_json(*stage)}, {"after", nullptr}},
                                           json::object{{"field", "deals_moved_to"}, {"before", nullptr},
                                                        {"after", target ? json::value(target->id) : json::value(nullptr)}}});
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              return http::no_content();
            },
            {.summary = "Remove a stage; its deals move to ?move_to=<stage id> (required when it holds deals) (admin)",
             .description = "Every deal of the stage, live or in the recycle bin, moves to `move_to` as a change of the deal "
                            "(version + 1, audit entry, `deal.updated` and `deal.stage_changed` events, stage-history entry), "
                            "live deals below the deals already there in their order. Into a won or lost stage a deal is closed "
                            "(`closed_at` now) and one without `expected_close_date` gets today's date (UTC); into a lost stage "
                            "a deal without `lost_reason` gets `lost_reason` from the query, and without it such deals make the "
                            "request a 422 naming them (nothing moves). All in one transaction.",
             .tag = tag, .success_status = 204,
             .query_params = {{"move_to", "The stage (of this pipeline) the deals move to; required when the stage holds deals, live or in the recycle bin", "string", "uuid"},
                              {"lost_reason", "Only with a lost move_to: the lost reason given to moved deals that have none (1 to 1000 characters)"}},
             .strict_query = true});

  api.route("DELETE", "/api/v1/pipelines/{id}",
            [&db](Request& req, const access::Context& ctx) -> Response {
              if (!ctx.is_admin()) return http::fail(access::admin_only("archive pipelines"), req);
              const std::string& id = req.param("id");
              if (!ids::is_uuid(id)) return http::fail(Problem::not_found(), req);
              auto st = db.write([&](db::Connection& c) -> Status {
                auto p = load_pipeline(c, ctx.workspace_id, id);
                if (!p || p->archived) return Problem::not_found();
                if (int64_t deals = live_deals_in(c, ctx.workspace_id, "pipeline_id", id); deals > 0)
                  return Problem::conflict("The pipeline holds " + std::to_string(deals) + " deals; move or delete them first");
                std::string now = clock::now_text();
                c.prepare("UPDATE pipelines SET archived_at = ?, updated_at = ?, version = version + 1 WHERE id = ?").bind_all({now, now, id}).run();
                journal::audit(c, ctx, "pipelines", id, "archive", json::array{json::object{{"field", "archived"}, {"before", false}, {"after", true}}});
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              return http::no_content();
            },
            {.summary = "Archive a pipeline that holds no live deals (admin)", .tag = tag, .success_status = 204, .strict_query = true});
}

}  // namespace rapport::sales
