#include "platform/records/custom_field_indexes.hpp"

#include <set>
#include <stdexcept>

#include "platform/db/planner_statistics.hpp"
#include "platform/ids.hpp"

namespace rapport::records {

namespace {

std::string hex_of(const std::string& id) {
  std::string out;
  for (char ch : id)
    if (ch != '-') out.push_back(ch);
  return out;
}

// The partial predicate holds the workspace id as a literal (the planner matches it against the
// query's `workspace_id = ?`). Ids are UUIDs the server made; anything else is refused, never quoted.
std::string in_workspace(const std::string& workspace_id) {
  if (!ids::is_uuid(workspace_id)) throw std::invalid_argument("not a workspace id: " + workspace_id);
  return " WHERE workspace_id = '" + workspace_id + "' AND deleted_at IS NULL";
}

std::string sort_index_sql(db::Dialect dialect, const std::string& workspace_id, const CustomFieldDef& d) {
  return "CREATE INDEX IF NOT EXISTS " + sort_index_name(d) + " ON " + d.object + "(workspace_id, " +
         d.sql_expr(dialect) + (dialect == db::Dialect::Postgres ? " NULLS FIRST" : "") + ", id)" +
         in_workspace(workspace_id);
}

std::string unique_index_sql(db::Dialect dialect, const std::string& workspace_id, const CustomFieldDef& d) {
  // NULLs are distinct on both engines: records without a value never conflict.
  return "CREATE UNIQUE INDEX IF NOT EXISTS " + unique_index_name(d) + " ON " + d.object + "(" + d.sql_expr(dialect) +
         ")" + in_workspace(workspace_id);
}

// The names of the custom-field indexes that exist (older versions named theirs cf_<object>_<name>).
std::set<std::string> existing_indexes(db::Connection& c) {
  const std::string sql = c.dialect() == db::Dialect::Postgres
                              ? "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND "
                                "(indexname LIKE 'cf\\_%' OR indexname LIKE 'cfu\\_%')"
                              : "SELECT name FROM sqlite_master WHERE type = 'index' AND "
                                "(name LIKE 'cf\\_%' ESCAPE '\\' OR name LIKE 'cfu\\_%' ESCAPE '\\')";
  auto& st = c.prepare(sql);
  std::set<std::string> out;
  while (st.step()) out.insert(st.text(0));
  st.reset();
  return out;
}

}  // namespace

std::string sort_index_name(const CustomFieldDef& d) { return "cf_" + hex_of(d.id); }
std::string unique_index_name(const CustomFieldDef& d) { return "cfu_" + hex_of(d.id); }

Status ensure_custom_field_indexes(db::Connection& c, const std::string& workspace_id, const CustomFieldDef& d) {
  if (d.sortable()) {
    c.exec(sort_index_sql(c.dialect(), workspace_id, d));
    // On an analysed SQLite database a new index without statistics looks tiny to the planner, which
    // then takes it for the workspace's other lists of the object (planner_statistics.hpp).
    db::analyze_unmeasured_indexes(c);
  }
  if (!d.unique) {
    c.exec("DROP INDEX IF EXISTS " + unique_index_name(d));
    return ok_status();
  }
  // The index would refuse to build; say which record stands in the way instead.
  const std::string expr = d.sql_expr(c.dialect());
  auto dup = c.scalar("SELECT min(id) FROM " + d.object + " WHERE workspace_id = ? AND deleted_at IS NULL AND " + expr +
                          " IN (SELECT " + expr + " FROM " + d.object + " WHERE workspace_id = ? AND deleted_at IS NULL AND " +
                          expr + " IS NOT NULL GROUP BY " + expr + " HAVING count(*) > 1)",
                      {workspace_id, workspace_id});
  if (auto* id = std::get_if<std::string>(&dup)) {
    FieldError e{"unique", "unique", "live records share a value of this field; make their values unique first"};
    e.extra["existing_id"] = *id;
    return Problem::conflict("The field cannot be unique: some of its values are not", {std::move(e)});
  }
  c.exec(unique_index_sql(c.dialect(), workspace_id, d));
  return ok_status();
}

void drop_custom_field_indexes(db::Connection& c, const CustomFieldDef& d) {
  c.exec("DROP INDEX IF EXISTS " + sort_index_name(d));
  c.exec("DROP INDEX IF EXISTS " + unique_index_name(d));
}

void sync_custom_field_indexes(db::Connection& c) {
  auto& st = c.prepare("SELECT DISTINCT workspace_id, object_type FROM custom_fields");
  std::vector<std::pair<std::string, std::string>> scopes;
  while (st.step()) scopes.emplace_back(st.text(0), st.text(1));
  st.reset();
  std::set<std::string> wanted;
  for (const auto& [ws, object] : scopes) {
    for (const auto& d : load_custom_fields(c, ws, object)) {
      if (d.sortable()) {
        c.exec(sort_index_sql(c.dialect(), ws, d));
        wanted.insert(sort_index_name(d));
      }
      // Stored values that already break uniqueness (written before the index existed) keep the
      // field on the check that runs before each write; the database cannot enforce it yet.
      if (d.unique && ensure_custom_field_indexes(c, ws, d)) wanted.insert(unique_index_name(d));
    }
  }
  for (const auto& name : existing_indexes(c))
    if (!wanted.count(name)) c.exec("DROP INDEX IF EXISTS " + name);
  db::analyze_unmeasured_indexes(c);  // the indexes it created, as ensure_custom_field_indexes does
}

void sync_custom_field_indexes_at_start(db::Connection& c) {
  const bool pg = c.dialect() == db::Dialect::Postgres;
  c.exec(pg ? "BEGIN" : "BEGIN IMMEDIATE");
  try {
    if (pg) c.scalar("SELECT pg_advisory_xact_lock(7261707463)");  // "rapptc"
    sync_custom_field_indexes(c);
    c.exec("COMMIT");
  } catch (...) {
    try {
      c.exec("ROLLBACK");
    } catch (...) {
    }
    throw;
  }
}

}  // namespace rapport::records
