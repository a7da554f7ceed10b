#include "platform/records/store.hpp"

#include <random>

#include "platform/case_fold.hpp"
#include "platform/clock.hpp"
#include "platform/db/in_chunks.hpp"
#include "platform/db/multi_row.hpp"
#include "platform/json_text.hpp"
#include "platform/must.hpp"
#include "platform/records/page_decoration.hpp"
#include "platform/records/scope.hpp"
#include "platform/records/tagged_ids.hpp"

namespace rapport::records {
namespace json = boost::json;

Store::Store(const ObjectSpec& spec) : spec_(spec) {
  // id first, then the business fields, then the other system fields: the order of the JSON.
  all_.push_back(&system_fields().front());
  for (const auto& f : spec_.fields) all_.push_back(&f);
  for (const auto& f : system_fields())
    if (f.name != "id") all_.push_back(&f);
  for (const auto* f : all_) {
    std::string key = json_keys_.empty() ? "{" : ",";
    json_text::append_string(key, f->name);
    json_keys_.push_back(key + ":");
  }
  std::string placeholders, sets;
  for (const auto* f : all_) {
    columns_ += (columns_.empty() ? "" : ", ") + f->name;
    placeholders += placeholders.empty() ? "?" : ", ?";
    if (f->name != "id" && f->name != "created_at" && f->name != "created_by")
      sets += (sets.empty() ? "" : ", ") + f->name + " = ?";
  }
  columns_ += ", custom";
  placeholders += ", ?";
  sets += ", custom = ?";
  // The folded keys are written with the record and never read back as fields.
  std::string key_columns;
  for (const auto& f : spec_.fields) {
    if (!f.folded()) continue;
    folded_.push_back(&f);
    key_columns += ", " + f.key_column();
    placeholders += ", ?";
    sets += ", " + f.key_column() + " = ?";
  }
  // The kept columns likewise; an update keeps a column's text when the record does not know it.
  for (const auto& k : spec_.kept_columns) {
    key_columns += ", " + k.column;
    placeholders += ", ?";
    sets += ", " + k.column + " = COALESCE(?, " + k.column + ")";
  }
  const std::string& t = spec_.object;
  get_sql_ = "SELECT " + columns_ + " FROM " + t + " WHERE workspace_id = ? AND id = ? AND deleted_at IS NULL";
  get_any_sql_ = "SELECT " + columns_ + " FROM " + t + " WHERE workspace_id = ? AND id = ?";
  insert_sql_ = "INSERT INTO " + t + "(" + columns_ + key_columns + ", workspace_id) VALUES (" + placeholders + ", ?)";
  update_sql_ = "UPDATE " + t + " SET " + sets + " WHERE workspace_id = ? AND id = ? AND version = ?";
  insert_into_ = t + "(" + columns_ + key_columns + ", workspace_id)";
  for (const auto* f : all_) insert_types_.push_back(column_type(f->name));
  // custom, the folded keys, the kept columns, workspace_id
  insert_types_.resize(insert_types_.size() + 2 + folded_.size() + spec_.kept_columns.size(), "TEXT");
}

json::object Store::row_to_json(const db::Statement& st) const {
  json::object o;
  o.reserve(all_.size() + 1);
  int col = 0;
  for (const auto* f : all_) {
    if (st.is_null(col)) {
      o[f->name] = nullptr;
    } else {
      switch (f->type) {
        case FieldType::Integer:
        case FieldType::Money: o[f->name] = st.int64(col); break;
        case FieldType::Boolean: o[f->name] = st.int64(col) != 0; break;
        case FieldType::EmailList:
        case FieldType::PhoneList:
        case FieldType::Tags: {
          std::string t = st.text(col);
          if (t == "[]") o[f->name] = json::array{};  // the common case, without a parse
          else o[f->name] = json::parse(t);
          break;
        }
        default: o[f->name] = st.text(col); break;
      }
    }
    ++col;
  }
  std::string custom = st.is_null(col) ? std::string("{}") : st.text(col);
  if (custom == "{}") o["custom"] = json::object{};
  else o["custom"] = json::parse(custom);
  return o;
}

std::string Store::columns_sql(std::string_view prefix) const {
  std::string out;
  for (const auto* f : all_) out.append(out.empty() ? "" : ", ").append(prefix).append(f->name);
  return out.append(", ").append(prefix).append("custom");
}

int Store::column(std::string_view field) const {
  for (std::size_t i = 0; i < all_.size(); ++i)
    if (all_[i]->name == field) return static_cast<int>(i);
  invariant_broken("the store of " + spec_.object + " has no column " + std::string(field));
}

namespace {

// A row as JSON text, column by column (`fields` in column order, then custom), as stored: no
// decoration, no field taken out. `keys`: each field's "{\"name\":" / ",\"name\":".
void append_row_text(const std::vector<const FieldSpec*>& fields, const std::vector<std::string>& keys, const db::Statement& st,
                     std::string& out) {
  int col = 0;
  for (const auto* f : fields) {
    out.append(keys[static_cast<std::size_t>(col)]);
    if (st.is_null(col)) {
      out.append("null");
    } else {
      switch (f->type) {
        case FieldType::Integer:
        case FieldType::Money: json_text::append_int(out, st.int64(col)); break;
        case FieldType::Boolean: out.append(st.int64(col) != 0 ? "true" : "false"); break;
        case FieldType::EmailList:
        case FieldType::PhoneList:
        case FieldType::Tags: out.append(st.text_view(col)); break;  // stored as JSON text by the server
        default: json_text::append_string(out, st.text_view(col)); break;
      }
    }
    ++col;
  }
  out.append(",\"custom\":");
  if (st.is_null(col)) out.append("{}");
  else out.append(st.text_view(col));
  out.push_back('}');
}

// The members a page decorator gives a record, written before the closing brace of its JSON text.
void append_members(std::string& record_text, const json::object& members) {
  record_text.pop_back();
  for (const auto& [key, value] : members) {
    record_text.push_back(',');
    json_text::append_string(record_text, key);
    record_text.push_back(':');
    record_text += json::serialize(value);
  }
  record_text.push_back('}');
}

}  // namespace

void Store::append_row_json(db::Connection& c, const identity::Context& ctx, const db::Statement& st,
                            std::string& out) const {
  if (spec_.hooks.decorate || hides_fields(ctx, spec_.object)) {  // build the object, then write it
    auto o = row_to_json(st);
    if (spec_.hooks.decorate) spec_.hooks.decorate(c, ctx, o);
    strip_hidden(ctx, spec_.object, o);
    out += json::serialize(o);
    return;
  }
  append_row_text(all_, json_keys_, st, out);
}

std::optional<int64_t> Store::find_json(db::Connection& c, const identity::Context& ctx, std::string_view id,
                                        std::string& out) const {
  std::string sql = get_sql_;
  std::vector<db::Value> params{ctx.workspace_id, std::string(id)};
  append_scope(sql, params, ctx, spec_.object, identity::Action::Read);
  auto& st = c.prepare(sql);
  st.bind_all(params);
  if (!st.step()) return std::nullopt;
  int version_col = 0;
  for (const auto* f : all_) {
    if (f->name == "version") break;
    ++version_col;
  }
  int64_t version = st.int64(version_col);
  append_row_json(c, ctx, st, out);
  st.reset();
  return version;
}

db::Value Store::to_db(const FieldSpec& f, const json::value& v) const {
  if (v.is_null()) return nullptr;
  if (v.is_bool()) return int64_t{v.as_bool() ? 1 : 0};
  if (v.is_int64()) return v.as_int64();
  if (v.is_uint64()) return static_cast<int64_t>(v.as_uint64());
  if (v.is_double()) return v.as_double();
  if (v.is_string()) return std::string(v.as_string());
  (void)f;
  return json::serialize(v);  // lists and objects are stored as JSON text
}

db::Value Store::column_value(std::string_view field, const json::object& record) const {
  static const json::value null_value = nullptr;
  if (field == "custom") {
    auto* custom = record.if_contains("custom");
    return custom ? json::serialize(*custom) : std::string("{}");
  }
  for (const auto* f : all_)
    if (f->name == field) {
      auto* v = record.if_contains(f->name);
      return to_db(*f, v ? *v : null_value);
    }
  throw std::logic_error("no field " + std::string(field) + " in " + spec_.object);
}

std::string Store::column_type(std::string_view field) const {
  if (field == "custom") return "TEXT";
  for (const auto* f : all_)
    if (f->name == field)
      return f->type == FieldType::Integer || f->type == FieldType::Money || f->type == FieldType::Boolean ? "BIGINT" : "TEXT";
  throw std::logic_error("no field " + std::string(field) + " in " + spec_.object);
}

std::optional<json::object> Store::find(db::Connection& c, const identity::Context& ctx, std::string_view id,
                                        bool include_deleted, identity::Action action) const {
  std::string sql = include_deleted ? get_any_sql_ : get_sql_;
  std::vector<db::Value> params{ctx.workspace_id, std::string(id)};
  append_scope(sql, params, ctx, spec_.object, action);
  auto& st = c.prepare(sql);
  st.bind_all(params);
  if (!st.step()) return std::nullopt;
  auto o = row_to_json(st);
  st.reset();
  if (spec_.hooks.decorate) spec_.hooks.decorate(c, ctx, o);
  return o;
}

bool Store::in_scope(db::Connection& c, const identity::Context& ctx, std::string_view id, identity::Action action) const {
  if (ctx.scope(spec_.object, action) == identity::Scope::All) return true;
  std::string sql = "SELECT 1 FROM " + spec_.object + " WHERE workspace_id = ? AND id = ?";
  std::vector<db::Value> params{ctx.workspace_id, std::string(id)};
  append_scope(sql, params, ctx, spec_.object, action);
  return !std::holds_alternative<std::nullptr_t>(c.scalar(sql, params));
}

Page Store::list(db::Connection& c, const identity::Context& ctx, const CompiledList& asked, bool count) const {
  // A tags filter read as the tag's size asks (tagged_ids.hpp).
  std::optional<CompiledList> sized;
  if (asked.where.find(kTagsCondition) != std::string::npos) sized = for_tag_size(c, asked, spec_.object);
  const CompiledList& q = sized ? *sized : asked;
  Page page;
  std::string base = " FROM " + spec_.object + " WHERE workspace_id = ? AND deleted_at IS NULL";
  std::vector<db::Value> params{ctx.workspace_id};
  append_scope(base, params, ctx, spec_.object, identity::Action::Read);
  bool scoped = ctx.scope(spec_.object, identity::Action::Read) != identity::Scope::All;
  base += q.where;
  params.insert(params.end(), q.params.begin(), q.params.end());
  if (count) {
    if (q.where.empty() && !scoped) {
      // Kept in step with every create, delete and restore: one row read at any table size.
      auto v = c.scalar("SELECT CAST(coalesce(sum(live), 0) AS BIGINT) FROM record_counts WHERE workspace_id = ? AND object_type = ?",
                        {ctx.workspace_id, spec_.object});
      page.total = std::holds_alternative<int64_t>(v) ? std::get<int64_t>(v) : 0;
    } else {
      page.total = std::get<int64_t>(c.scalar("SELECT count(*)" + base, params));
    }
  }
  // The cursor records the sort value, selected after the record's columns and custom; id is the first column.
  std::string sql = "SELECT " + columns_ + ", " + q.order.value_sql;
  // A page decorator reads the kept columns (after the sort value).
  const auto decorate_page = page_decorator(spec_.object);
  const int kept_at = static_cast<int>(all_.size()) + 2;
  if (decorate_page)
    for (const auto& k : spec_.kept_columns) sql += ", " + k.column;
  sql += base;
  if (q.after) sql += " AND " + keyset::after_sql(q.order, *q.after, params);
  keyset::append_order_limit(q.order, q.limit, c.dialect(), sql, params);
  auto& st = c.prepare(sql);
  st.bind_all(params);
  const keyset::Columns cursor_columns{.value = static_cast<int>(all_.size()) + 1, .id = 0};  // after custom
  // A page decorator (page_decoration.hpp) stands in for decorate: the rows stay text unless fields
  // are hidden from the caller.
  const bool whole_rows = hides_fields(ctx, spec_.object) || (spec_.hooks.decorate && !decorate_page);
  int n = 0;
  page.data_json.reserve(static_cast<std::size_t>(q.limit) * 700);
  page.data_json.push_back('[');
  std::vector<json::object> to_decorate;  // decorations run queries, so they wait for this statement
  std::vector<PageRecord> records;  // what a page decorator is given
  std::vector<std::string> texts;   // the rows it adds to, as text
  page.next_cursor = keyset::read_page(q.order, st, q.limit, cursor_columns, [&](const db::Statement& row) {
    if (decorate_page) {
      auto& r = records.emplace_back(PageRecord{row.text(0), {}});
      for (int k = 0; k < static_cast<int>(spec_.kept_columns.size()); ++k)
        r.kept.push_back(row.is_null(kept_at + k) ? std::nullopt : std::optional<std::string>(row.text(kept_at + k)));
    }
    if (whole_rows) {
      to_decorate.push_back(row_to_json(row));
    } else if (decorate_page) {
      append_row_text(all_, json_keys_, row, texts.emplace_back());
    } else {
      if (n++ > 0) page.data_json.push_back(',');
      append_row_json(c, ctx, row, page.data_json);
    }
  });
  if (decorate_page) {
    const auto members = (*decorate_page)(c, ctx, records);
    for (std::size_t i = 0; i < texts.size(); ++i) {
      append_members(texts[i], members[i]);
      if (i > 0) page.data_json.push_back(',');
      page.data_json += texts[i];
    }
    for (std::size_t i = 0; i < to_decorate.size(); ++i)
      for (const auto& [key, value] : members[i]) to_decorate[i][key] = value;
  }
  for (std::size_t i = 0; i < to_decorate.size(); ++i) {
    if (spec_.hooks.decorate && !decorate_page) spec_.hooks.decorate(c, ctx, to_decorate[i]);
    strip_hidden(ctx, spec_.object, to_decorate[i]);
    if (i > 0) page.data_json.push_back(',');
    page.data_json += json::serialize(to_decorate[i]);
  }
  page.data_json.push_back(']');
  return page;
}

void Store::insert(db::Connection& c, const identity::Context& ctx, const json::object& record) const {
  auto& st = c.prepare(insert_sql_);
  int i = 1;
  static const json::value null_value = nullptr;
  for (const auto* f : all_) {
    auto* v = record.if_contains(f->name);
    st.bind(i++, to_db(*f, v ? *v : null_value));
  }
  auto* custom = record.if_contains("custom");
  st.bind(i++, custom ? json::serialize(*custom) : std::string("{}"));
  for (const auto* f : folded_) st.bind(i++, folded_key(record.if_contains(f->name)));
  for (const auto& k : spec_.kept_columns) st.bind(i++, k.value(record));
  st.bind(i++, ctx.workspace_id);
  st.run();
}

void Store::insert_many(db::Connection& c, const identity::Context& ctx, const std::vector<json::object>& records) const {
  if (records.empty()) return;
  static const json::value null_value = nullptr;
  std::vector<db::Value> values;
  values.reserve(records.size() * insert_types_.size());
  for (const auto& record : records) {
    for (const auto* f : all_) {
      auto* v = record.if_contains(f->name);
      values.push_back(to_db(*f, v ? *v : null_value));
    }
    auto* custom = record.if_contains("custom");
    values.emplace_back(custom ? json::serialize(*custom) : std::string("{}"));
    for (const auto* f : folded_) values.push_back(folded_key(record.if_contains(f->name)));
    for (const auto& k : spec_.kept_columns) values.push_back(k.value(record));
    values.emplace_back(ctx.workspace_id);
  }
  db::insert_rows(c, insert_into_, insert_types_, values);
}

bool Store::update(db::Connection& c, const identity::Context& ctx, const json::object& record) const {
  auto& st = c.prepare(update_sql_);
  int i = 1;
  static const json::value null_value = nullptr;
  for (const auto* f : all_) {
    if (f->name == "id" || f->name == "created_at" || f->name == "created_by") continue;
    auto* v = record.if_contains(f->name);
    st.bind(i++, to_db(*f, v ? *v : null_value));
  }
  auto* custom = record.if_contains("custom");
  st.bind(i++, custom ? json::serialize(*custom) : std::string("{}"));
  for (const auto* f : folded_) st.bind(i++, folded_key(record.if_contains(f->name)));
  for (const auto& k : spec_.kept_columns) st.bind(i++, k.value(record));
  st.bind(i++, ctx.workspace_id);
  st.bind(i++, std::string(record.at("id").as_string()));
  st.bind(i++, record.at("version").as_int64() - 1);
  st.run();
  return c.changes() == 1;
}

void Store::set_deleted(db::Connection& c, const identity::Context& ctx, const std::string& id,
                        const std::optional<std::string>& deleted_at, int64_t new_version) const {
  c.prepare("UPDATE " + spec_.object +
            " SET deleted_at = ?, deleted_by = ?, version = ?, updated_at = ? WHERE workspace_id = ? AND id = ?")
      .bind_all({deleted_at ? db::Value(*deleted_at) : db::Value(nullptr),
                 deleted_at ? db::Value(ctx.actor()) : db::Value(nullptr), new_version, clock::now_text(),
                 ctx.workspace_id, id})
      .run();
}

void Store::count_live(db::Connection& c, const identity::Context& ctx, int64_t delta) const {
  // On PostgreSQL concurrent writers each hold their row's lock until they commit, so the count is
  // spread over 16 slots picked at random (the live count is the sum). SQLite has one writer: slot 0.
  int64_t slot = 0;
  if (c.dialect() == db::Dialect::Postgres) {
    static thread_local std::minstd_rand rng(std::random_device{}());
    slot = static_cast<int64_t>(rng() % 16);
  }
  c.prepare(
       "INSERT INTO record_counts(workspace_id, object_type, slot, live) VALUES (?, ?, ?, ?) "
       "ON CONFLICT(workspace_id, object_type, slot) DO UPDATE SET live = record_counts.live + excluded.live")
      .bind_all({ctx.workspace_id, spec_.object, slot, delta})
      .run();
}

std::optional<std::string> Store::find_duplicate(db::Connection& c, const identity::Context& ctx, const std::string& expr,
                                                 const db::Value& value, const std::string& exclude_id) const {
  // "expr IS NOT NULL" lets SQLite use the partial unique indexes (... WHERE email_key IS NOT NULL).
  auto v = c.scalar("SELECT id FROM " + spec_.object + " WHERE workspace_id = ? AND deleted_at IS NULL AND " + expr +
                        " IS NOT NULL AND " + expr + " = ? AND id != ? LIMIT 1",
                    {ctx.workspace_id, value, exclude_id});
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  return std::nullopt;
}

std::optional<std::string> Store::find_duplicate(db::Connection& c, const identity::Context& ctx, const FieldSpec& field,
                                                 const std::string& value, const std::string& exclude_id) const {
  if (field.folded()) return find_duplicate(c, ctx, field.key_column(), case_fold::key(value), exclude_id);
  return find_duplicate(c, ctx, field.name, value, exclude_id);
}

std::string Store::duplicate_key(const FieldSpec& field, std::string_view value) {
  return field.folded() ? case_fold::key(value) : std::string(value);
}

std::unordered_map<std::string, std::string> Store::find_duplicates(db::Connection& c, const identity::Context& ctx,
                                                                    const FieldSpec& field,
                                                                    const std::vector<std::string>& values) const {
  std::unordered_map<std::string, std::string> out;
  const std::string column = field.folded() ? field.key_column() : field.name;
  std::vector<db::Value> keys;
  for (const auto& v : values) keys.emplace_back(duplicate_key(field, v));
  // Not find_duplicate's "IS NOT NULL" on SQLite: the IN list implies it for the partial unique index,
  // and with it SQLite (no statistics) takes a long list for a range `column > NULL` and walks the
  // whole index once a query: an import's batch got slower with every row the workspace had.
  const std::string not_null = c.dialect() == db::Dialect::Sqlite ? "" : column + " IS NOT NULL AND ";
  db::rows_in_chunks(c, "SELECT " + column + ", id FROM " + spec_.object + " WHERE workspace_id = ? AND deleted_at IS NULL AND " +
                            not_null + column + " IN ",
                     {ctx.workspace_id}, keys, "", [&](const db::Statement& st) { out.emplace(st.text(0), st.text(1)); });
  return out;
}

db::Value folded_key(const json::value* v) {
  if (!v || v->is_null()) return nullptr;
  if (v->is_string()) return case_fold::key(v->as_string());
  if (v->is_array()) {  // a list of e-mail addresses or tags: the list of their keys, in the same order
    json::array keys;
    for (const auto& e : v->as_array())
      keys.push_back(e.is_string() ? json::value(case_fold::key(e.as_string())) : e);
    return json::serialize(keys);
  }
  return nullptr;
}

namespace {

// The condition under which a row of `table` counts as a reference's target (after "... AND ").
void append_policy(std::string& sql, std::vector<db::Value>& params, const identity::Context& ctx, const std::string& table,
                   ReferencePolicy policy) {
  switch (policy) {
    case ReferencePolicy::ReadableRecord:
      sql += "deleted_at IS NULL";
      append_scope(sql, params, ctx, table, identity::Action::Read);
      break;
    case ReferencePolicy::Active: sql += "active = 1"; break;
    case ReferencePolicy::Unarchived: sql += "archived_at IS NULL"; break;
  }
}

}  // namespace

bool reference_exists(db::Connection& c, const identity::Context& ctx, const std::string& table, const std::string& id,
                      ReferencePolicy policy) {
  std::string sql = "SELECT 1 FROM " + table + " WHERE workspace_id = ? AND id = ? AND ";
  std::vector<db::Value> params{ctx.workspace_id, id};
  append_policy(sql, params, ctx, table, policy);
  return !std::holds_alternative<std::nullptr_t>(c.scalar(sql, params));
}

std::unordered_set<std::string> existing_references(db::Connection& c, const identity::Context& ctx, const std::string& table,
                                                    const std::vector<std::string>& ids, ReferencePolicy policy) {
  std::unordered_set<std::string> out;
  // By primary key: SQLite (no statistics) would otherwise walk one of the workspace's indexes, all
  // of its rows, for a long IN list; the unary plus keeps it off workspace_id (as search.cpp does).
  std::string head = std::string("SELECT id FROM ") + table + " WHERE " + (c.dialect() == db::Dialect::Sqlite ? "+" : "") +
                     "workspace_id = ? AND ";
  std::vector<db::Value> params{ctx.workspace_id};
  append_policy(head, params, ctx, table, policy);
  db::rows_in_chunks(c, head + " AND id IN ", params, {ids.begin(), ids.end()}, "",
                     [&](const db::Statement& st) { out.insert(st.text(0)); });
  return out;
}

}  // namespace rapport::records
