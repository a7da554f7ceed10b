#include "modules/sales/pipelines.hpp"

#include "platform/case_fold.hpp"
#include "platform/ids.hpp"

namespace rapport::sales {
namespace json = boost::json;

namespace {

constexpr const char* kStageColumns = "id, pipeline_id, name, type, position, probability, archived_at";

Stage read_stage(const db::Statement& st) {
  return Stage{st.text(0), st.text(1), st.text(2), st.text(3), st.int64(4), st.int64(5), !st.is_null(6)};
}

std::vector<Stage> stages_of(db::Connection& c, const std::string& workspace_id, const std::string& pipeline_id,
                             bool with_archived) {
  std::vector<Stage> out;
  auto& st = c.prepare(std::string("SELECT ") + kStageColumns +
                       " FROM pipeline_stages WHERE workspace_id = ? AND pipeline_id = ? AND (? = 1 OR archived_at IS NULL) "
                       "ORDER BY position, id");
  st.bind_all({workspace_id, pipeline_id, int64_t{with_archived ? 1 : 0}});
  while (st.step()) out.push_back(read_stage(st));
  return out;
}

}  // namespace

std::optional<Pipeline> load_pipeline(db::Connection& c, const std::string& workspace_id, const std::string& id,
                                      bool with_archived_stages) {
  auto& st = c.prepare("SELECT id, name, created_at, updated_at, version, archived_at FROM pipelines WHERE workspace_id = ? AND id = ?");
  st.bind_all({workspace_id, id});
  if (!st.step()) return std::nullopt;
  Pipeline p{st.text(0), st.text(1), st.text(2), st.text(3), st.int64(4), !st.is_null(5), {}};
  st.reset();
  p.stages = stages_of(c, workspace_id, id, with_archived_stages);
  return p;
}

std::vector<Pipeline> list_pipelines(db::Connection& c, const std::string& workspace_id, bool include_archived) {
  std::vector<std::string> ids;
  auto& st = c.prepare("SELECT id FROM pipelines WHERE workspace_id = ? AND (? = 1 OR archived_at IS NULL) ORDER BY position, id");
  st.bind_all({workspace_id, int64_t{include_archived ? 1 : 0}});
  while (st.step()) ids.push_back(st.text(0));
  std::vector<Pipeline> out;
  for (const auto& id : ids)
    if (auto p = load_pipeline(c, workspace_id, id)) out.push_back(std::move(*p));
  return out;
}

std::optional<Stage> load_stage(db::Connection& c, const std::string& workspace_id, const std::string& stage_id) {
  auto& st = c.prepare(std::string("SELECT ") + kStageColumns + " FROM pipeline_stages WHERE workspace_id = ? AND id = ?");
  st.bind_all({workspace_id, stage_id});
  if (!st.step()) return std::nullopt;
  Stage s = read_stage(st);
  st.reset();
  return s;
}

std::optional<Stage> first_open_stage(db::Connection& c, const std::string& workspace_id, const std::string& pipeline_id) {
  for (auto& s : stages_of(c, workspace_id, pipeline_id, false))
    if (s.type == "open") return s;
  return std::nullopt;
}

bool pipeline_name_taken(db::Connection& c, const std::string& workspace_id, const std::string& name, const std::string& except) {
  return !std::holds_alternative<std::nullptr_t>(c.scalar(
      "SELECT 1 FROM pipelines WHERE workspace_id = ? AND name_key = ? AND archived_at IS NULL AND id != ?",
      {workspace_id, case_fold::key(name), except}));
}

int64_t live_deals_in_pipeline(db::Connection& c, const std::string& workspace_id, const std::string& pipeline_id) {
  return std::get<int64_t>(
      c.scalar("SELECT count(*) FROM deals WHERE workspace_id = ? AND pipeline_id = ? AND deleted_at IS NULL", {workspace_id, pipeline_id}));
}

void insert_pipeline(db::Connection& c, const std::string& workspace_id, const std::string& id, const std::string& name,
                     const std::string& now) {
  int64_t position = std::get<int64_t>(c.scalar("SELECT coalesce(max(position), 0) + 1 FROM pipelines WHERE workspace_id = ?", {workspace_id}));
  c.prepare("INSERT INTO pipelines(id, workspace_id, name, name_key, position, created_at, updated_at, version) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, 1)")
      .bind_all({id, workspace_id, name, case_fold::key(name), position, now, now})
      .run();
}

void rename_pipeline(db::Connection& c, const std::string& pipeline_id, const std::string& name) {
  c.prepare("UPDATE pipelines SET name = ?, name_key = ? WHERE id = ?").bind_all({name, case_fold::key(name), pipeline_id}).run();
}

void touch_pipeline(db::Connection& c, const std::string& pipeline_id, const std::string& now, bool archive) {
  if (archive)
    c.prepare("UPDATE pipelines SET archived_at = ?, updated_at = ?, version = version + 1 WHERE id = ?").bind_all({now, now, pipeline_id}).run();
  else
    c.prepare("UPDATE pipelines SET updated_at = ?, version = version + 1 WHERE id = ?").bind_all({now, pipeline_id}).run();
}

void archive_stage(db::Connection& c, const std::string& stage_id, const std::string& now) {
  c.prepare("UPDATE pipeline_stages SET archived_at = ?, updated_at = ? WHERE id = ?").bind_all({now, now, stage_id}).run();
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

json::object stage_json(const Stage& s) {
  return json::object{{"id", s.id},
                      {"name", s.name},
                      {"position", s.position},
                      {"probability", s.probability},
                      {"type", s.type},
                      {"archived", s.archived}};
}

json::object pipeline_json(const Pipeline& p) {
  json::array stages;
  for (const auto& s : p.stages) stages.push_back(stage_json(s));
  return json::object{{"id", p.id},
                      {"name", p.name},
                      {"archived", p.archived},
                      {"stages", std::move(stages)},
                      {"created_at", p.created_at},
                      {"updated_at", p.updated_at},
                      {"version", p.version}};
}

}  // namespace rapport::sales
