// Generic storage of one record type: SQL built once from the spec, every query scoped to the
// caller's workspace (the access context), rows converted to and from their JSON form.
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "platform/identity/context.hpp"
#include "platform/db/connection.hpp"
#include "platform/records/list_query.hpp"
#include "platform/records/spec.hpp"

namespace rapport::records {

struct Page {
  std::string data_json;  // the records, as JSON array text
  std::optional<std::string> next_cursor;
  std::optional<int64_t> total;
};

class Store {
 public:
  explicit Store(const ObjectSpec& spec);
  const ObjectSpec& spec() const { return spec_; }

  // The record with this id in the caller's workspace and the caller's scope for `action`; deleted
  // records only when include_deleted. Every field, hidden ones included (for merging writes).
  std::optional<boost::json::object> find(db::Connection& c, const identity::Context& ctx, std::string_view id,
                                          bool include_deleted = false,
                                          identity::Action action = identity::Action::Read) const;
  // The record as JSON text (without the caller's hidden fields) and its version, or nullopt (the
  // read path: no JSON values built).
  std::optional<int64_t> find_json(db::Connection& c, const identity::Context& ctx, std::string_view id,
                                   std::string& out) const;
  // Whether the record (live or deleted) is within the caller's scope for `action`.
  bool in_scope(db::Connection& c, const identity::Context& ctx, std::string_view id, identity::Action action) const;
  Page list(db::Connection& c, const identity::Context& ctx, const CompiledList& q, bool count) const;

  // Writes: `record` is the full JSON form (business, system and custom fields).
  void insert(db::Connection& c, const identity::Context& ctx, const boost::json::object& record) const;
  // The same for many records in multi-row INSERTs (platform/db/multi_row.hpp), in order. A
  // constraint that refuses one row refuses the statement: the DbError is the caller's.
  void insert_many(db::Connection& c, const identity::Context& ctx, const std::vector<boost::json::object>& records) const;
  // Replaces every column of the record with this id and version - 1 (the version was bumped by
  // the caller); false when no such row (a concurrent change).
  bool update(db::Connection& c, const identity::Context& ctx, const boost::json::object& record) const;
  void set_deleted(db::Connection& c, const identity::Context& ctx, const std::string& id,
                   const std::optional<std::string>& deleted_at, int64_t new_version) const;
  // Adds delta to the workspace's live count of this object.
  void count_live(db::Connection& c, const identity::Context& ctx, int64_t delta) const;

  // The id of another live record whose `expr` (a column or a custom field's expression) equals
  // value (for uniqueness rules), if any.
  std::optional<std::string> find_duplicate(db::Connection& c, const identity::Context& ctx, const std::string& expr,
                                            const db::Value& value, const std::string& exclude_id) const;
  // The same for a business field: by its folded key when the field is folded() (case-insensitively).
  std::optional<std::string> find_duplicate(db::Connection& c, const identity::Context& ctx, const FieldSpec& field,
                                            const std::string& value, const std::string& exclude_id) const;

  // find_duplicate for many values of one business field at once: the live records holding them, by
  // the value's key (the folded key when the field is folded(), else the value), one query a chunk.
  std::unordered_map<std::string, std::string> find_duplicates(db::Connection& c, const identity::Context& ctx,
                                                               const FieldSpec& field,
                                                               const std::vector<std::string>& values) const;
  // The key find_duplicates answers by for a value of `field`.
  static std::string duplicate_key(const FieldSpec& field, std::string_view value);

  // The column value of one field of `record` as update() binds it ("custom": the custom fields as
  // JSON text), and the SQL type to cast it to in a VALUES list (BIGINT or TEXT), for set-based
  // writes of many records (write_changes). Throws std::logic_error for a name that is no field.
  db::Value column_value(std::string_view field, const boost::json::object& record) const;
  std::string column_type(std::string_view field) const;

  boost::json::object row_to_json(const db::Statement& st) const;
  // Appends the current row as JSON text, with the module's decorations when it has any and without
  // the caller's hidden fields.
  void append_row_json(db::Connection& c, const identity::Context& ctx, const db::Statement& st, std::string& out) const;
  // The selected columns in row_to_json's order, each prefixed (e.g. "a.") for joins.
  std::string columns_sql(std::string_view prefix) const;
  // The position of a business or system field's column among columns_sql's (for reading a row).
  int column(std::string_view field) const;

 private:
  db::Value to_db(const FieldSpec& f, const boost::json::value& v) const;
  ObjectSpec spec_;
  std::vector<const FieldSpec*> all_;  // business then system fields, in column order
  std::vector<std::string> json_keys_;  // "{\"id\":", ",\"name\":", ... for the text writer
  std::vector<const FieldSpec*> folded_;  // business fields with a key column, in column order
  std::string columns_, get_sql_, get_any_sql_, insert_sql_, update_sql_;
  std::string insert_into_;                 // "<table>(<columns>, <key columns>, workspace_id)"
  std::vector<std::string> insert_types_;   // their SQL types, for a VALUES list
};

// The value of a folded field's key column for the record value v (platform/case_fold.hpp): the
// folded text, a JSON list of folded addresses for a list, NULL for no value.
db::Value folded_key(const boost::json::value* v);

// Whether a row of `table` with this id exists in the workspace and counts under `policy`.
bool reference_exists(db::Connection& c, const identity::Context& ctx, const std::string& table, const std::string& id,
                      ReferencePolicy policy = ReferencePolicy::ReadableRecord);
// The same for many ids at once: those that exist and count (one query a chunk of ids).
std::unordered_set<std::string> existing_references(db::Connection& c, const identity::Context& ctx, const std::string& table,
                                                    const std::vector<std::string>& ids, ReferencePolicy policy);

}  // namespace rapport::records
