#include "modules/automation/automation_store.hpp"

#include "platform/db/row_reader.hpp"

namespace rapport::automation::store {
namespace json = boost::json;

namespace {

constexpr const char* kColumns =
    "id, workspace_id, name, description, enabled, object_type, trigger_def, conditions, actions, state, paused_reason, "
    "created_by, created_at, updated_at, version";

std::optional<std::string> opt_text(const db::Statement& st, int col) {
  return st.is_null(col) ? std::nullopt : std::optional<std::string>(st.text(col));
}
db::Value value_of(const std::optional<std::string>& s) { return s ? db::Value(*s) : db::Value(nullptr); }

json::value parse_or(std::string_view text, json::value fallback) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  return ec ? fallback : v;
}
json::object object_of(std::string_view text) {
  json::value v = parse_or(text, json::object{});
  return v.is_object() ? v.as_object() : json::object{};
}

Rule read(const db::Statement& st) {
  db::RowReader row(st);
  Rule r;
  r.id = row.text();
  r.workspace_id = row.text();
  r.name = row.text();
  r.description = row.text();
  r.enabled = row.boolean();
  r.object_type = row.text();
  r.trigger = row.object();
  r.conditions = row.array();
  r.actions = row.array();
  r.state = row.object();
  r.paused_reason = row.opt_text();
  r.created_by = row.text();
  r.created_at = row.text();
  r.updated_at = row.text();
  r.version = row.int64();
  return r;
}

std::vector<Rule> read_all(db::Statement& st) {
  std::vector<Rule> out;
  while (st.step()) out.push_back(read(st));
  st.reset();
  return out;
}

void insert_version(db::Connection& c, const Rule& r, const std::string& author) {
  c.prepare("INSERT INTO automation_rule_versions (workspace_id, rule_id, version, body, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)")
      .bind_all({r.workspace_id, r.id, r.version, json::serialize(r.definition()),
                 author.empty() ? db::Value(nullptr) : db::Value(author), r.updated_at})
      .run();
}

constexpr const char* kRunColumns =
    "id, workspace_id, rule_id, rule_version, trigger_key, trigger_type, event_id, object_type, record_id, depth, status, "
    "reason, steps, job_id, started_at, finished_at";

Run read_run(const db::Statement& st) {
  db::RowReader row(st);
  Run r;
  r.id = row.text();
  r.workspace_id = row.text();
  r.rule_id = row.text();
  r.rule_version = row.int64();
  r.trigger_key = row.text();
  r.trigger_type = row.text();
  r.event_id = row.opt_int64();
  r.object_type = row.text();
  r.record_id = row.text();
  r.depth = row.int64();
  r.status = row.text();
  r.reason = row.opt_text();
  r.steps = row.array();
  r.job_id = row.opt_text();
  r.started_at = row.text();
  r.finished_at = row.opt_text();
  return r;
}

}  // namespace

std::optional<Rule> find(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  auto& st = c.prepare(std::string("SELECT ") + kColumns + " FROM automation_rules WHERE workspace_id = ? AND id = ?");
  st.bind_all({workspace_id, id});
  auto all = read_all(st);
  if (all.empty()) return std::nullopt;
  return std::move(all.front());
}

std::vector<Rule> list(db::Connection& c, const std::string& workspace_id) {
  auto& st = c.prepare(std::string("SELECT ") + kColumns + " FROM automation_rules WHERE workspace_id = ? ORDER BY created_at, id");
  st.bind_all({workspace_id});
  return read_all(st);
}

std::vector<Rule> enabled(db::Connection& c, const std::string& workspace_id) {
  auto& st = c.prepare(std::string("SELECT ") + kColumns +
                       " FROM automation_rules WHERE workspace_id = ? AND enabled = 1 ORDER BY id");
  st.bind_all({workspace_id});
  return read_all(st);
}

int64_t count(db::Connection& c, const std::string& workspace_id) {
  auto n = c.scalar("SELECT count(*) FROM automation_rules WHERE workspace_id = ?", {workspace_id});
  auto* i = std::get_if<int64_t>(&n);
  return i ? *i : 0;
}

void insert(db::Connection& c, const Rule& r, const std::string& author) {
  c.prepare(std::string("INSERT INTO automation_rules (") + kColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({r.id, r.workspace_id, r.name, r.description, int64_t{r.enabled ? 1 : 0}, r.object_type,
                 json::serialize(r.trigger), json::serialize(r.conditions), json::serialize(r.actions),
                 json::serialize(r.state), value_of(r.paused_reason), r.created_by, r.created_at, r.updated_at, r.version})
      .run();
  insert_version(c, r, author);
}

void update(db::Connection& c, const Rule& r, bool new_version, const std::string& author) {
  c.prepare(
       "UPDATE automation_rules SET name = ?, description = ?, enabled = ?, object_type = ?, trigger_def = ?, conditions = ?, "
       "actions = ?, state = ?, paused_reason = ?, updated_at = ?, version = ? WHERE workspace_id = ? AND id = ?")
      .bind_all({r.name, r.description, int64_t{r.enabled ? 1 : 0}, r.object_type, json::serialize(r.trigger),
                 json::serialize(r.conditions), json::serialize(r.actions), json::serialize(r.state),
                 value_of(r.paused_reason), r.updated_at, r.version, r.workspace_id, r.id})
      .run();
  if (new_version) insert_version(c, r, author);
}

void save_state(db::Connection& c, const Rule& r) {
  c.prepare("UPDATE automation_rules SET state = ? WHERE workspace_id = ? AND id = ?")
      .bind_all({json::serialize(r.state), r.workspace_id, r.id})
      .run();
}

void remove(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  c.prepare("DELETE FROM automation_runs WHERE workspace_id = ? AND rule_id = ?").bind_all({workspace_id, id}).run();
  c.prepare("DELETE FROM automation_turns WHERE workspace_id = ? AND rule_id = ?").bind_all({workspace_id, id}).run();
  c.prepare("DELETE FROM automation_rule_versions WHERE workspace_id = ? AND rule_id = ?").bind_all({workspace_id, id}).run();
  c.prepare("DELETE FROM automation_rules WHERE workspace_id = ? AND id = ?").bind_all({workspace_id, id}).run();
}

std::optional<json::object> version(db::Connection& c, const std::string& workspace_id, const std::string& id, int64_t version) {
  auto v = c.scalar("SELECT body FROM automation_rule_versions WHERE workspace_id = ? AND rule_id = ? AND version = ?",
                    {workspace_id, id, version});
  auto* s = std::get_if<std::string>(&v);
  if (!s) return std::nullopt;
  return object_of(*s);
}

std::optional<Run> find_run(db::Connection& c, const std::string& workspace_id, const std::string& rule_id,
                            const std::string& trigger_key) {
  auto& st = c.prepare(std::string("SELECT ") + kRunColumns +
                       " FROM automation_runs WHERE workspace_id = ? AND rule_id = ? AND trigger_key = ?");
  st.bind_all({workspace_id, rule_id, trigger_key});
  std::optional<Run> r;
  if (st.step()) r = read_run(st);
  st.reset();
  return r;
}

bool insert_run(db::Connection& c, const Run& r) {
  // ON CONFLICT DO NOTHING: the same on SQLite and PostgreSQL; the unique index is (rule_id, trigger_key).
  auto& st = c.prepare(std::string("INSERT INTO automation_runs (") + kRunColumns +
                       ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
  st.bind_all({r.id, r.workspace_id, r.rule_id, r.rule_version, r.trigger_key, r.trigger_type,
               r.event_id ? db::Value(*r.event_id) : db::Value(nullptr), r.object_type, r.record_id, r.depth, r.status,
               value_of(r.reason), json::serialize(r.steps), value_of(r.job_id), r.started_at, value_of(r.finished_at)});
  st.run();
  return c.changes() > 0;
}

void update_run(db::Connection& c, const Run& r) {
  c.prepare("UPDATE automation_runs SET status = ?, reason = ?, steps = ?, finished_at = ? WHERE workspace_id = ? AND id = ?")
      .bind_all({r.status, value_of(r.reason), json::serialize(r.steps), value_of(r.finished_at), r.workspace_id, r.id})
      .run();
}

const records::keyset::Order& run_order() {
  static const records::keyset::Order o{.name = "automation_runs", .id_type = records::keyset::Type::Text, .descending = true};
  return o;
}

json::object runs_page(db::Connection& c, const std::string& workspace_id, const std::string& rule_id, int limit,
                       const std::optional<records::keyset::Position>& after) {
  std::string sql = std::string("SELECT ") + kRunColumns + " FROM automation_runs WHERE workspace_id = ? AND rule_id = ?";
  std::vector<db::Value> params{workspace_id, rule_id};
  if (after) sql += " AND " + records::keyset::after_sql(run_order(), *after, params);
  return records::keyset::page(c, run_order(), sql, params, limit, {.id = 0},
                               [](const db::Statement& row) -> json::value { return read_run(row).to_json(); });
}

int64_t recent_runs(db::Connection& c, const std::string& workspace_id, const std::string& rule_id,
                    const std::string& record_id, const std::string& since) {
  auto n = c.scalar(
      "SELECT count(*) FROM automation_runs WHERE workspace_id = ? AND rule_id = ? AND record_id = ? AND started_at >= ? "
      "AND status <> 'skipped'",
      {workspace_id, rule_id, record_id, since});
  auto* i = std::get_if<int64_t>(&n);
  return i ? *i : 0;
}

namespace {

std::optional<std::string> read_turn(db::Connection& c, const std::string& workspace_id, const std::string& rule_id,
                                     std::size_t index, bool lock) {
  std::string sql = "SELECT last_user_id FROM automation_turns WHERE workspace_id = ? AND rule_id = ? AND action_index = ?";
  if (lock && c.dialect() == db::Dialect::Postgres) sql += " FOR UPDATE";
  auto v = c.scalar(sql, {workspace_id, rule_id, static_cast<int64_t>(index)});
  auto* s = std::get_if<std::string>(&v);
  return s ? std::optional<std::string>(*s) : std::nullopt;
}

}  // namespace

std::optional<std::string> take_turn(db::Connection& c, const std::string& workspace_id, const std::string& rule_id,
                                     std::size_t index, const std::optional<std::string>& initial) {
  // A concurrent first run waits here for the other's row (PostgreSQL), then for its lock.
  c.prepare("INSERT INTO automation_turns (workspace_id, rule_id, action_index, last_user_id) VALUES (?, ?, ?, ?) "
            "ON CONFLICT DO NOTHING")
      .bind_all({workspace_id, rule_id, static_cast<int64_t>(index), value_of(initial)})
      .run();
  return read_turn(c, workspace_id, rule_id, index, true);
}

std::optional<std::string> last_turn(db::Connection& c, const std::string& workspace_id, const std::string& rule_id,
                                     std::size_t index) {
  return read_turn(c, workspace_id, rule_id, index, false);
}

void save_turn(db::Connection& c, const std::string& workspace_id, const std::string& rule_id, std::size_t index,
               const std::string& user_id) {
  c.prepare("UPDATE automation_turns SET last_user_id = ? WHERE workspace_id = ? AND rule_id = ? AND action_index = ?")
      .bind_all({user_id, workspace_id, rule_id, static_cast<int64_t>(index)})
      .run();
}

std::vector<ScanMark> scan_marks(db::Connection& c) {
  auto& st = c.prepare(
      "SELECT workspace_id, id, scan_watermark, scan_until, scan_cursor FROM automation_rules "
      "WHERE enabled = 1 AND scan_watermark IS NOT NULL ORDER BY created_at, id");
  std::vector<ScanMark> out;
  while (st.step()) out.push_back({st.text(0), st.text(1), st.text(2), opt_text(st, 3), opt_text(st, 4)});
  st.reset();
  return out;
}

std::optional<ScanMark> scan_mark(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  std::string sql =
      "SELECT workspace_id, id, scan_watermark, scan_until, scan_cursor FROM automation_rules "
      "WHERE workspace_id = ? AND id = ? AND enabled = 1 AND scan_watermark IS NOT NULL";
  if (c.dialect() == db::Dialect::Postgres) sql += " FOR UPDATE";
  auto& st = c.prepare(sql);
  st.bind_all({workspace_id, id});
  std::optional<ScanMark> out;
  if (st.step()) out = ScanMark{st.text(0), st.text(1), st.text(2), opt_text(st, 3), opt_text(st, 4)};
  st.reset();
  return out;
}

void reset_scan(db::Connection& c, const std::string& workspace_id, const std::string& id, const std::optional<std::string>& from) {
  c.prepare("UPDATE automation_rules SET scan_watermark = ?, scan_until = NULL, scan_cursor = NULL WHERE workspace_id = ? AND id = ?")
      .bind_all({value_of(from), workspace_id, id})
      .run();
}

void save_scan(db::Connection& c, const ScanMark& m) {
  c.prepare("UPDATE automation_rules SET scan_watermark = ?, scan_until = ?, scan_cursor = ? WHERE workspace_id = ? AND id = ?")
      .bind_all({m.watermark, value_of(m.until), value_of(m.cursor), m.workspace_id, m.rule_id})
      .run();
}

}  // namespace rapport::automation::store
