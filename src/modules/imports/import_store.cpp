#include "modules/imports/import_store.hpp"

#include "platform/db/in_chunks.hpp"
#include "platform/db/multi_row.hpp"
#include "platform/db/row_reader.hpp"

namespace rapport::imports::store {
namespace json = boost::json;

namespace {

constexpr const char* kImportColumns =
    "id, workspace_id, object, state, dry_run, file_name, file_bytes, text_bytes, encoding, options, headers, rows_read, "
    "rows_created, rows_updated, rows_skipped, rows_failed, bytes_done, error, created_by, created_at, started_at, "
    "finished_at, undone_at, file_kind, sheet, records_done";

Import read_import(const db::Statement& st) {
  db::RowReader r(st);
  Import i;
  i.id = r.text();
  i.workspace_id = r.text();
  i.object = r.text();
  i.state = r.text();
  i.dry_run = r.boolean();
  i.file_name = r.text();
  i.file_bytes = r.int64();
  i.text_bytes = r.int64();
  i.encoding = r.text();
  i.options = r.text();
  i.headers = r.text();
  i.counts.read = r.int64();
  i.counts.created = r.int64();
  i.counts.updated = r.int64();
  i.counts.skipped = r.int64();
  i.counts.failed = r.int64();
  i.bytes_done = r.int64();
  i.error = r.opt_text();
  i.created_by = r.text();
  i.created_at = r.text();
  i.started_at = r.opt_text();
  i.finished_at = r.opt_text();
  i.undone_at = r.opt_text();
  i.file_kind = r.text();
  i.sheet = r.text();
  i.records_done = r.int64();
  return i;
}

constexpr const char* kMappingColumns = "id, workspace_id, object, name, body, version, created_by, created_at, updated_at";

SavedMapping read_mapping_row(const db::Statement& st) {
  db::RowReader r(st);
  SavedMapping m;
  m.id = r.text();
  m.workspace_id = r.text();
  m.object = r.text();
  m.name = r.text();
  m.body = r.object();
  m.version = r.int64();
  m.created_by = r.text();
  m.created_at = r.text();
  m.updated_at = r.text();
  return m;
}

}  // namespace

void insert_import(db::Connection& c, const Import& i) {
  c.prepare(std::string("INSERT INTO imports(") + kImportColumns +
            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, NULL, ?, ?, NULL, NULL, NULL, ?, ?, 0)")
      .bind_all({i.id, i.workspace_id, i.object, i.state, int64_t{i.dry_run ? 1 : 0}, i.file_name, i.file_bytes, i.text_bytes,
                 i.encoding, i.options, i.headers, i.created_by, i.created_at, i.file_kind, i.sheet})
      .run();
}

void add_text(db::Connection& c, const std::string& import_id, int64_t seq, std::string_view text) {
  c.prepare("INSERT INTO import_files(import_id, seq, text) VALUES (?, ?, ?)").bind_all({import_id, seq, std::string(text)}).run();
}

std::optional<std::string> read_text(db::Connection& c, const std::string& import_id, int64_t seq) {
  auto v = c.scalar("SELECT text FROM import_files WHERE import_id = ? AND seq = ?", {import_id, seq});
  if (auto* s = std::get_if<std::string>(&v)) return std::move(*s);
  return std::nullopt;
}

std::optional<Import> find_import(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  auto& st = c.prepare(std::string("SELECT ") + kImportColumns + " FROM imports WHERE workspace_id = ? AND id = ?");
  st.bind_all({workspace_id, id});
  std::optional<Import> out;
  if (st.step()) out = read_import(st);
  st.reset();
  return out;
}

std::vector<Import> list_imports(db::Connection& c, const std::string& workspace_id, const std::string& created_by, int64_t limit) {
  std::string sql = std::string("SELECT ") + kImportColumns + " FROM imports WHERE workspace_id = ?";
  std::vector<db::Value> params{workspace_id};
  if (!created_by.empty()) {
    sql += " AND created_by = ?";
    params.emplace_back(created_by);
  }
  sql += " ORDER BY created_at DESC, id DESC LIMIT ?";
  params.emplace_back(limit);
  auto& st = c.prepare(sql);
  st.bind_all(params);
  std::vector<Import> out;
  while (st.step()) out.push_back(read_import(st));
  return out;
}

bool start_import(db::Connection& c, const std::string& id, const std::string& now) {
  c.prepare("UPDATE imports SET state = 'running', started_at = ? WHERE id = ? AND state = 'queued'").bind_all({now, id}).run();
  return c.changes() == 1;
}

void save_progress(db::Connection& c, const std::string& id, const Counts& n, int64_t bytes_done, int64_t records_done) {
  c.prepare(
       "UPDATE imports SET rows_read = ?, rows_created = ?, rows_updated = ?, rows_skipped = ?, rows_failed = ?, "
       "bytes_done = ?, records_done = ? WHERE id = ?")
      .bind_all({n.read, n.created, n.updated, n.skipped, n.failed, bytes_done, records_done, id})
      .run();
}

void end_import(db::Connection& c, const std::string& id, const std::string& state, const std::optional<std::string>& error,
                const std::string& now) {
  c.prepare("UPDATE imports SET state = ?, error = ?, finished_at = ? WHERE id = ?").bind_all({state, db::nullable(error), now, id}).run();
}

void add_failed_many(db::Connection& c, const std::string& import_id, const std::string& object, const std::vector<FailedRow>& rows) {
  if (rows.empty()) return;
  std::vector<db::Value> values;
  values.reserve(rows.size() * 8);
  for (const auto& r : rows) values.insert(values.end(), {import_id, std::string("error"), r.line, object, r.column, r.value, r.message, r.cells});
  db::insert_rows(c, "import_rows(import_id, kind, line, object, col, value, message, raw)",
                  {"TEXT", "TEXT", "BIGINT", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT"}, values);
}

void for_each_failed(db::Connection& c, const std::string& import_id, const std::function<void(const FailedRow&)>& fn) {
  auto& st = c.prepare("SELECT line, col, value, message, raw FROM import_rows WHERE import_id = ? AND kind = 'error' ORDER BY id");
  st.bind_all({import_id});
  while (st.step()) {
    db::RowReader r(st);
    fn(FailedRow{.line = r.int64(), .column = r.text(), .value = r.text(), .message = r.text(), .cells = r.text()});
  }
}

void add_written_many(db::Connection& c, const std::string& import_id, const std::vector<WrittenRow>& rows) {
  if (rows.empty()) return;
  std::vector<db::Value> values;
  values.reserve(rows.size() * 6);
  for (const auto& r : rows)
    values.insert(values.end(), {import_id, r.kind, r.line, r.object, r.record_id, r.before.empty() ? db::Value(nullptr) : db::Value(r.before)});
  db::insert_rows(c, "import_rows(import_id, kind, line, object, record_id, raw)", {"TEXT", "TEXT", "BIGINT", "TEXT", "TEXT", "TEXT"}, values);
}

std::vector<WrittenRow> written_to_undo(db::Connection& c, const std::string& import_id, int64_t limit) {
  auto& st = c.prepare(
      "SELECT id, line, kind, record_id, raw, object FROM import_rows WHERE import_id = ? AND kind IN ('created', 'updated') "
      "AND undone = 0 ORDER BY id DESC LIMIT ?");
  st.bind_all({import_id, limit});
  std::vector<WrittenRow> out;
  while (st.step()) {
    db::RowReader r(st);
    out.push_back(WrittenRow{.row_id = r.int64(), .line = r.int64(), .kind = r.text(), .record_id = r.text(),
                             .before = r.opt_text().value_or(""), .object = r.text()});
  }
  return out;
}

void mark_undone(db::Connection& c, int64_t row_id) {
  c.prepare("UPDATE import_rows SET undone = 1 WHERE id = ?").bind_all({row_id}).run();
}

void set_undone(db::Connection& c, const std::string& id, const std::string& now) {
  c.prepare("UPDATE imports SET state = 'undone', undone_at = ? WHERE id = ?").bind_all({now, id}).run();
  c.prepare("DELETE FROM import_files WHERE import_id = ?").bind_all({id}).run();
}

std::optional<std::string> find_external_id(db::Connection& c, const std::string& workspace_id, const std::string& object,
                                            const std::string& external_id) {
  auto v = c.scalar("SELECT record_id FROM record_external_ids WHERE workspace_id = ? AND object = ? AND external_id = ?",
                    {workspace_id, object, external_id});
  if (auto* s = std::get_if<std::string>(&v)) return std::move(*s);
  return std::nullopt;
}

void put_external_id(db::Connection& c, const std::string& workspace_id, const std::string& object,
                     const std::string& external_id, const std::string& record_id) {
  c.prepare(
       "INSERT INTO record_external_ids(workspace_id, object, external_id, record_id) VALUES (?, ?, ?, ?) "
       "ON CONFLICT (workspace_id, object, external_id) DO UPDATE SET record_id = excluded.record_id")
      .bind_all({workspace_id, object, external_id, record_id})
      .run();
}

std::unordered_map<std::string, std::string> find_external_ids(db::Connection& c, const std::string& workspace_id,
                                                               const std::string& object, const std::vector<std::string>& external_ids) {
  std::unordered_map<std::string, std::string> out;
  db::rows_in_chunks(c, "SELECT external_id, record_id FROM record_external_ids WHERE workspace_id = ? AND object = ? AND external_id IN ",
                     {workspace_id, object}, {external_ids.begin(), external_ids.end()}, "",
                     [&](const db::Statement& st) { out.emplace(st.text(0), st.text(1)); });
  return out;
}

void put_external_ids(db::Connection& c, const std::string& workspace_id, const std::string& object,
                      const std::vector<std::pair<std::string, std::string>>& pairs) {
  // One statement may not upsert a key twice (PostgreSQL refuses it): the last pair of each key only.
  std::unordered_map<std::string, std::size_t> last;
  for (std::size_t i = 0; i < pairs.size(); ++i) last[pairs[i].first] = i;
  std::vector<db::Value> values;
  for (std::size_t i = 0; i < pairs.size(); ++i)
    if (last[pairs[i].first] == i) values.insert(values.end(), {workspace_id, object, pairs[i].first, pairs[i].second});
  if (values.empty()) return;
  db::run_rows(c, {"TEXT", "TEXT", "TEXT", "TEXT"}, values, [](std::string_view v) {
    return "INSERT INTO record_external_ids(workspace_id, object, external_id, record_id) VALUES " + std::string(v) +
           " ON CONFLICT (workspace_id, object, external_id) DO UPDATE SET record_id = excluded.record_id";
  });
}

void insert_mapping(db::Connection& c, const SavedMapping& m) {
  c.prepare(std::string("INSERT INTO import_mappings(") + kMappingColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({m.id, m.workspace_id, m.object, m.name, json::serialize(m.body), m.version, m.created_by, m.created_at,
                 m.updated_at})
      .run();
}

std::optional<SavedMapping> find_mapping(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  auto& st = c.prepare(std::string("SELECT ") + kMappingColumns + " FROM import_mappings WHERE workspace_id = ? AND id = ?");
  st.bind_all({workspace_id, id});
  std::optional<SavedMapping> out;
  if (st.step()) out = read_mapping_row(st);
  st.reset();
  return out;
}

std::vector<SavedMapping> list_mappings(db::Connection& c, const std::string& workspace_id) {
  auto& st = c.prepare(std::string("SELECT ") + kMappingColumns + " FROM import_mappings WHERE workspace_id = ? ORDER BY object, name, id");
  st.bind_all({workspace_id});
  std::vector<SavedMapping> out;
  while (st.step()) out.push_back(read_mapping_row(st));
  return out;
}

std::optional<std::string> mapping_named(db::Connection& c, const std::string& workspace_id, const std::string& object,
                                         const std::string& name, const std::string& except_id) {
  auto v = c.scalar("SELECT id FROM import_mappings WHERE workspace_id = ? AND object = ? AND lower(name) = lower(?) AND id <> ?",
                    {workspace_id, object, name, except_id});
  if (auto* s = std::get_if<std::string>(&v)) return std::move(*s);
  return std::nullopt;
}

bool update_mapping(db::Connection& c, const SavedMapping& m) {
  c.prepare("UPDATE import_mappings SET name = ?, body = ?, version = ?, updated_at = ? WHERE workspace_id = ? AND id = ? AND version = ?")
      .bind_all({m.name, json::serialize(m.body), m.version, m.updated_at, m.workspace_id, m.id, m.version - 1})
      .run();
  return c.changes() == 1;
}

void delete_mapping(db::Connection& c, const std::string& workspace_id, const std::string& id) {
  c.prepare("DELETE FROM import_mappings WHERE workspace_id = ? AND id = ?").bind_all({workspace_id, id}).run();
}

int64_t count_mappings(db::Connection& c, const std::string& workspace_id) {
  auto v = c.scalar("SELECT COUNT(*) FROM import_mappings WHERE workspace_id = ?", {workspace_id});
  return std::get<int64_t>(v);
}

}  // namespace rapport::imports::store
