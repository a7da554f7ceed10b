// The pipeline routes: they check that the caller is an admin (before reading anything else), read
// the path, the query and the body, and answer; the rules are pipeline_service's.
#include <set>

#include "access/admin_routes.hpp"
#include "modules/sales/pipeline_service.hpp"
#include "modules/sales/routes.hpp"
#include "platform/http/body_reader.hpp"
#include "platform/ids.hpp"

namespace rapport::sales {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

constexpr std::size_t kMaxStages = 50;

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
             .query_params = {{"include_archived", "Also list archived pipelines (default false)", "boolean"}}});

  api.route("GET", "/api/v1/pipelines/{id}",
            [&db](Request& req, const access::Context& ctx) -> Response {
              const std::string& id = req.param("id");
              if (!ids::is_uuid(id)) return http::fail(Problem::not_found(), req);
              auto p = db.read([&](db::Connection& c) { return load_pipeline(c, ctx.workspace_id, id); });
              if (!p) return http::fail(Problem::not_found(), req);
              return http::json(200, pipeline_json(*p));
            },
            {.summary = "Read a pipeline and its stages", .tag = tag, .response_schema = "Pipeline"});

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
              auto created = create_pipeline(db, ctx, *name, stages);
              if (!created) return http::fail(created.problem(), req);
              Response r = http::json(201, pipeline_json(*created));
              r.header("Location", "/api/v1/pipelines/" + created->id);
              return r;
            },
            {.summary = "Create a pipeline with its stages (admin)", .tag = tag, .request_schema = "PipelineInput",
             .response_schema = "Pipeline", .success_status = 201, .sends_location = true});

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
              auto after = update_pipeline(db, ctx, id, name, has_stages ? std::optional(std::move(stages)) : std::nullopt);
              if (!after) return http::fail(after.problem(), req);
              return http::json(200, pipeline_json(*after));
            },
            {.summary = "Rename a pipeline; rename, reorder, re-type its stages or add new ones (admin)", .tag = tag,
             .request_schema = "PipelineInput", .response_schema = "Pipeline"});

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
              auto st = remove_stage(db, ctx, id, stage_id, move_to, lost_reason);
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
             .problems = {{409, "The stage cannot go (the pipeline's last stage of its type)"},
                          {422, "move_to missing, unknown or the stage itself; moved deals that would need a lost reason"}}});

  api.route("DELETE", "/api/v1/pipelines/{id}",
            [&db](Request& req, const access::Context& ctx) -> Response {
              if (!ctx.is_admin()) return http::fail(access::admin_only("archive pipelines"), req);
              const std::string& id = req.param("id");
              if (!ids::is_uuid(id)) return http::fail(Problem::not_found(), req);
              auto st = archive_pipeline(db, ctx, id);
              if (!st) return http::fail(st.problem(), req);
              return http::no_content();
            },
            {.summary = "Archive a pipeline that holds no live deals (admin)", .tag = tag, .success_status = 204,
             .problems = {{409, "The pipeline holds live deals"}}});
}

}  // namespace rapport::sales
