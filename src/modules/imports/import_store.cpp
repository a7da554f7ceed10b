#include "modules/imports/import_store.hpp"

namespace rapport::imports::store {
namespace json = boost::json;

namespace {

std::optional<std::string> opt_text(const db::Statement& st, int col) {
  return st.is_null(col) ? std::nullopt : std::optional<std::string>(st.text(col));
}
db::Value value_of(const std::optional<std::string>& s) { return s ? db::Value(*s) : db::Value(nullptr); }

constexpr const char* kImportColumns =
    "id, workspace_id, object, state, dry_run, file_name, file_bytes, text_bytes, encoding, options, headers, rows_read, "
    "rows_created, rows_updated, rows_skipped, rows_failed, bytes_done, error, created_by, created_at, started_at, "
    "finished_at, undone_at, file_kind, sheet";

Import read_import(const db::Statement& st) {
  Import i;
  i.id = st.text(0);
  i.workspace_id = st.text(1);
  i.object = st.text(2);
  i.state = st.text(3);
  i.dry_run = st.int64(4) != 0;
  i.file_name = st.text(5);
  i.file_bytes = st.int64(6);
  i.text_bytes = st.int64(7);
  i.encoding = st.text(8);
  i.options = st.text(9);
  i.headers = st.text(10);
  i.counts = {st.int64(11), st.int64(12), st.int64(13), st.int64(14), st.int64(15)};
  i.bytes_done = st.int64(16);
  i.error = opt_text(st, 17);
  i.created_by = st.text(18);
  i.created_at = st.text(19);
  i.started_at = opt_text(st, 20);
  i.finished_at = opt_text(st, 21);
  i.undone_at = opt_text(st, 22);
  i.file_kind = st.text(23);
  i.sheet = st.text(24);
  return i;
}

constexpr const char* kMappingColumns = "id, workspace_id, object, name, body, version, created_by, created_at, updated_at";

SavedMapping read_mapping_row(const db::Statement& st) {
  boost::system::error_code ec;
  json::value body = json::parse(st.text_view(4), ec);
  return SavedMapping{.id = st.text(0), .workspace_id = st.text(1), .object = st.text(2), .name = st.text(3),
                      .body = !ec && body.is_object() ? std::move(body.as_object()) : json::object{},
                      .version = st.int64(5), .created_by = st.text(6), .created_at = st.text(7), .updated_at = st.text(8)};
}

}  // namespace

void insert_import(db::Connection& c, const Import& i) {
  c.prepare(std::string("INSERT INTO imports(") + kImportColumns +
            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, NULL, ?, ?, NULL, NULL, NULL, ?, ?)")
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

void save_progress(db::Connection& c, const std::string& id, const Counts& n, int64_t bytes_done) {
  c.prepare(
       "UPDATE imports SET rows_read = ?, rows_created = ?, rows_updated = ?, rows_skipped = ?, rows_failed = ?, "
       "bytes_done = ? WHERE id = ?")
      .bind_all({n.read, n.created, n.updated, n.skipped, n.failed, bytes_done, id})
      .run();
}

void end_import(db::Connection& c, const std::string& id, const std::string& state, const std::optional<std::string>& error,
                const std::string& now) {
  c.prepare("UPDATE imports SET state = ?, error = ?, finished_at = ? WHERE id = ?").bind_all({state, value_of(error), now, id}).run();
}

void add_failed(db::Connection& c, const std::string& import_id, const std::string& object, const FailedRow& r) {
  c.prepare("INSERT INTO import_rows(import_id, kind, line, object, col, value, message, raw) VALUES (?, 'error', ?, ?, ?, ?, ?, ?)")
      .bind_all({import_id, r.line, object, r.column, r.value, r.message, r.cells})
      .run();
}

void for_each_failed(db::Connection& c, const std::string& import_id, const std::function<void(const FailedRow&)>& fn) {
  auto& st = c.prepare("SELECT line, col, value, message, raw FROM import_rows WHERE import_id = ? AND kind = 'error' ORDER BY id");
  st.bind_all({import_id});
  while (st.step()) fn(FailedRow{st.int64(0), st.text(1), st.text(2), st.text(3), st.text(4)});
}

void add_written(db::Connection& c, const std::string& import_id, const WrittenRow& r) {
  c.prepare("INSERT INTO import_rows(import_id, kind, line, object, record_id, raw) VALUES (?, ?, ?, ?, ?, ?)")
      .bind_all({import_id, r.kind, r.line, r.object, r.record_id, r.before.empty() ? db::Value(nullptr) : db::Value(r.before)})
      .run();
}

std::vector<WrittenRow> written_to_undo(db::Connection& c, const std::string& import_id, int64_t limit) {
  auto& st = c.prepare(
      "SELECT id, line, kind, record_id, raw, object FROM import_rows WHERE import_id = ? AND kind IN ('created', 'updated') "
      "AND undone = 0 ORDER BY id DESC LIMIT ?");
  st.bind_all({import_id, limit});
  std::vector<WrittenRow> out;
  while (st.step())
    out.push_back(WrittenRow{st.int64(0), st.int64(1), st.text(2), st.text(3), st.is_null(4) ? std::string() : st.text(4), st.text(5)});
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
