// records::write_changes (service.hpp): write_change for many records in a few set-based statements.
#include <algorithm>

#include "platform/clock.hpp"
#include "platform/db/multi_row.hpp"
#include "platform/journal.hpp"
#include "platform/records/service.hpp"

namespace rapport::records {
namespace json = boost::json;

Result<std::vector<json::object>> write_changes(db::Connection& c, const identity::Context& ctx, const Store& store,
                                                std::vector<Change> changes, const std::vector<std::string>& fields,
                                                const std::string& action, const std::vector<Column>& also) {
  const ObjectSpec& spec = store.spec();
  // A folded field's key column is written with it, and the kept columns (Store::insert/update do the same).
  std::vector<const FieldSpec*> keyed;
  for (const auto& f : fields)
    if (const FieldSpec* fs = spec.field(f); fs && fs->folded()) keyed.push_back(fs);
  const std::string now = clock::now_text();
  std::vector<json::object> written;
  std::vector<journal::AuditEntry> audits;
  std::vector<journal::Event> events;
  // VALUES rows: id, the new version, updated_at, then `fields`, then `also`.
  std::vector<std::string> types{"TEXT", "BIGINT", "TEXT"};
  for (const auto& f : fields) types.push_back(store.column_type(f));
  for (std::size_t i = 0; i < keyed.size(); ++i) types.push_back("TEXT");
  for (std::size_t i = 0; i < spec.kept_columns.size(); ++i) types.push_back("TEXT");
  for (const auto& col : also) types.push_back(col.sql_type);
  std::vector<db::Value> values;
  for (auto& ch : changes) {
    json::array diff = journal::diff(ch.before, ch.after);
    if (diff.empty()) continue;
    for (const auto& d : diff) {
      std::string field(d.at("field").as_string());
      std::string column = field.rfind("custom.", 0) == 0 ? "custom" : field;
      if (std::find(fields.begin(), fields.end(), column) == fields.end())
        throw std::logic_error("write_changes: " + field + " changed but is not among the fields written");
    }
    json::object& after = ch.after;
    const std::string id(after.at("id").as_string());
    after["version"] = ch.before.at("version").as_int64() + 1;
    after["updated_at"] = now;
    values.insert(values.end(), {id, after["version"].as_int64(), now});
    for (const auto& f : fields) values.push_back(store.column_value(f, after));
    for (const auto* f : keyed) values.push_back(folded_key(after.if_contains(f->name)));
    for (const auto& k : spec.kept_columns) values.push_back(k.value(after));
    if (ch.also.size() != also.size()) throw std::logic_error("write_changes: a change without its values of the also columns");
    values.insert(values.end(), ch.also.begin(), ch.also.end());
    audits.push_back({spec.object, id, action, diff});
    events.push_back({spec.singular + ".updated", spec.object, id,
                      json::serialize(json::object{{"record", after}, {"changes", std::move(diff)}}), journal::owner_of_record(after)});
    written.push_back(std::move(after));
  }
  if (written.empty()) return written;
  std::string columns = "id, version, updated_at", sets = "version = v.version, updated_at = v.updated_at";
  for (const auto& f : fields) {
    columns += ", " + f;
    sets += ", " + f + " = v." + f;
  }
  for (const auto* f : keyed) {
    columns += ", " + f->key_column();
    sets += ", " + f->key_column() + " = v." + f->key_column();
  }
  const std::string& t = spec.object;
  for (const auto& k : spec.kept_columns) {
    columns += ", " + k.column;
    sets += ", " + k.column + " = COALESCE(v." + k.column + ", " + t + "." + k.column + ")";
  }
  for (const auto& col : also) {
    columns += ", " + col.name;
    sets += ", " + col.name + " = v." + col.name;
  }
  // The version condition is write_change's: a row changed since it was read is not written, and
  // the count of rows written tells.
  int64_t updated = db::run_rows(c, types, values, [&](std::string_view rows) {
    return "WITH v(" + columns + ") AS (VALUES " + std::string(rows) + ") UPDATE " + t + " SET " + sets + " FROM v WHERE " + t +
           ".workspace_id = ? AND " + t + ".id = v.id AND " + t + ".version = v.version - 1";
  }, {ctx.workspace_id});
  if (updated != static_cast<int64_t>(written.size())) return Problem::concurrent_change();
  journal::audit_many(c, ctx, audits);
  journal::emit_many(c, ctx, events);
  return written;
}

}  // namespace rapport::records
