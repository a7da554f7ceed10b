#include "modules/dedupe/merge_relations.hpp"

#include <algorithm>
#include <tuple>

#include <boost/json.hpp>

#include "platform/clock.hpp"

namespace rapport::dedupe {
namespace json = boost::json;

namespace {

// How a table names a record: a column (with the columns that identify its row), a key of a JSON
// object column (an email's links), or an element of a JSON array column (the contacts a received
// email matched).
enum class RelationKind { Column, JsonKey, JsonArray };

struct Relation {
  const char* name;
  const char* object;  // the object whose records it names
  const char* table;
  const char* column;
  std::vector<const char*> key;  // the columns identifying a row beside workspace_id and `column`
  const char* filter_column = nullptr;  // the row names an `object` record only when this column = object
  bool unique = false;  // (workspace_id, key, column) is unique: a row the survivor has as well is dropped
  bool record = false;  // a record table: its version and updated_at follow the change
  RelationKind kind = RelationKind::Column;
  const char* json_key = nullptr;  // JsonKey: the key in the object
};

// Every foreign key to contacts, companies and leads in migrations/ (REFERENCES, *_id columns, the
// polymorphic (object, record) pairs and the JSON links), grep-checked when a table is added.
// Audit entries, automation runs, import rows and events keep the ids they were written with: they
// are history, not links.
const std::vector<Relation>& relations() {
  static const std::vector<Relation> all = {
      // Contacts
      {"activity_links.contacts", "contacts", "activity_links", "target_id", {"activity_id", "target_type"}, "target_type", true},
      {"deal_contacts", "contacts", "deal_contacts", "contact_id", {"deal_id"}, nullptr, true},
      {"tickets.requester_id", "contacts", "tickets", "requester_id", {"id"}, nullptr, false, true},
      {"consents", "contacts", "consents", "contact_id", {"id"}},
      {"marketing_list_members", "contacts", "marketing_list_members", "contact_id", {"list_id"}, nullptr, true},
      {"campaign_recipients", "contacts", "campaign_recipients", "contact_id", {"campaign_id"}, nullptr, true},
      {"tracking_events", "contacts", "tracking_events", "contact_id", {"id"}},
      {"form_submissions.contacts", "contacts", "form_submissions", "record_id", {"id"}, "object_type"},
      {"leads.converted_contact_id", "contacts", "leads", "converted_contact_id", {"id"}, nullptr, false, true},
      {"record_external_ids.contacts", "contacts", "record_external_ids", "record_id", {"external_id"}, "object"},
      {"emails.contact_id", "contacts", "emails", "links", {"id"}, nullptr, false, false, RelationKind::JsonKey, "contact_id"},
      {"received_emails.contact_ids", "contacts", "received_emails", "contact_ids", {"id"}, nullptr, false, false, RelationKind::JsonArray},
      // Companies
      {"activity_links.companies", "companies", "activity_links", "target_id", {"activity_id", "target_type"}, "target_type", true},
      {"contacts.company_id", "companies", "contacts", "company_id", {"id"}, nullptr, false, true},
      {"deals.company_id", "companies", "deals", "company_id", {"id"}, nullptr, false, true},
      {"tickets.company_id", "companies", "tickets", "company_id", {"id"}, nullptr, false, true},
      {"leads.converted_company_id", "companies", "leads", "converted_company_id", {"id"}, nullptr, false, true},
      {"record_external_ids.companies", "companies", "record_external_ids", "record_id", {"external_id"}, "object"},
      {"emails.company_id", "companies", "emails", "links", {"id"}, nullptr, false, false, RelationKind::JsonKey, "company_id"},
      // Leads
      {"activity_links.leads", "leads", "activity_links", "target_id", {"activity_id", "target_type"}, "target_type", true},
      {"form_submissions.leads", "leads", "form_submissions", "record_id", {"id"}, "object_type"},
      {"record_external_ids.leads", "leads", "record_external_ids", "record_id", {"external_id"}, "object"},
      {"emails.lead_id", "leads", "emails", "links", {"id"}, nullptr, false, false, RelationKind::JsonKey, "lead_id"},
  };
  return all;
}

const Relation* relation_named(std::string_view name) {
  for (const auto& r : relations())
    if (name == r.name) return &r;
  return nullptr;
}

// The condition of the rows of `r` naming a record (bound: workspace_id, the record's id), on the
// table aliased `m`. The JSON forms are the text the indexes of migration 0048 are on (emails'
// links), or a scan of the workspace's received mail.
std::string naming(db::Dialect d, const Relation& r) {
  std::string w = "m.workspace_id = ? AND ";
  switch (r.kind) {
    case RelationKind::Column:
      w += "m.";
      w += r.column;
      w += " = ?";
      if (r.filter_column) {
        w += " AND m.";
        w += r.filter_column;
        w += " = '";
        w += r.object;
        w += '\'';
      }
      return w;
    case RelationKind::JsonKey:
      w += d == db::Dialect::Postgres ? "(links::jsonb ->> '" : "json_extract(links, '$.";
      w += r.json_key;
      w += "') = ?";
      return w;
    case RelationKind::JsonArray:
      w += d == db::Dialect::Postgres ? "EXISTS (SELECT 1 FROM jsonb_array_elements_text(m.contact_ids::jsonb) AS e(value) WHERE e.value = ?)"
                                      : "EXISTS (SELECT 1 FROM json_each(m.contact_ids) AS e WHERE e.value = ?)";
      return w;
  }
  return w;
}

std::string key_list(const Relation& r, std::string_view prefix) {
  std::string out;
  for (const char* k : r.key) {
    if (!out.empty()) out += ", ";
    out += prefix;
    out += k;
  }
  return out;
}

// "AND m.k1 = ? AND m.k2 = ?" for a row's key.
std::string key_match(const Relation& r) {
  std::string out;
  for (const char* k : r.key) {
    out += " AND m.";
    out += k;
    out += " = ?";
  }
  return out;
}

json::value to_json(const db::Value& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* s = std::get_if<std::string>(&v)) return json::string(*s);
  return nullptr;
}

db::Value to_db(const json::value& v) {
  if (v.is_int64()) return v.as_int64();
  if (v.is_uint64()) return static_cast<int64_t>(v.as_uint64());
  if (v.is_double()) return v.as_double();
  if (v.is_string()) return std::string(v.as_string());
  return nullptr;
}

void journal(db::Connection& c, const std::string& workspace_id, const std::string& merge_id, int64_t& seq,
             const Relation& r, const json::array& key, const std::string& from, const db::Value& old_value,
             const db::Value& new_value) {
  c.prepare("INSERT INTO record_merge_moves(workspace_id, merge_id, seq, relation, row_key, from_id, old_value, new_value) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({workspace_id, merge_id, seq++, std::string(r.name), json::serialize(key), from, old_value, new_value})
      .run();
}

// A JSON column's text with `from` replaced by `to`.
std::string relinked(const Relation& r, std::string_view text, const std::string& from, const std::string& to) {
  json::value v = json::parse(text);
  if (r.kind == RelationKind::JsonKey) {
    if (auto* o = v.if_object()) (*o)[r.json_key] = to;
  } else if (auto* a = v.if_array()) {
    json::array out;
    for (const auto& e : *a) {
      json::value id = e.is_string() && e.as_string() == from ? json::value(json::string(to)) : e;
      if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(std::move(id));
    }
    *a = std::move(out);
  }
  return json::serialize(v);
}

void move_column(db::Connection& c, const std::string& ws, const Relation& r, const std::string& merge_id, const std::string& from,
                 const std::string& to, int64_t& seq, int64_t& moved) {
  const std::string table = std::string(r.table) + " AS m";
  const std::string where = naming(c.dialect(), r);
  if (r.unique) {
    // The rows the survivor has as well (both contacts on one list): dropped, kept whole in the journal.
    std::string sql = "SELECT m.* FROM " + table + " WHERE " + where + " AND EXISTS (SELECT 1 FROM " + r.table +
                      " s WHERE s.workspace_id = m.workspace_id AND s." + r.column + " = ?";
    for (const char* k : r.key) sql += std::string(" AND s.") + k + " = m." + k;
    sql += ")";
    std::vector<json::object> dropped;
    auto& st = c.prepare(sql);
    st.bind_all({ws, from, to});
    while (st.step()) {
      json::object row;
      for (int i = 0; i < st.column_count(); ++i) row[st.column_name(i)] = to_json(st.value(i));
      dropped.push_back(std::move(row));
    }
    for (const auto& row : dropped) {
      json::array key;
      std::vector<db::Value> params{ws, from};
      for (const char* k : r.key) {
        key.push_back(row.at(k));
        params.push_back(to_db(row.at(k)));
      }
      c.prepare("DELETE FROM " + table + " WHERE " + where + key_match(r)).bind_all(params).run();
      journal(c, ws, merge_id, seq, r, key, from, json::serialize(row), nullptr);
      ++moved;
    }
  }
  // The rows that move, journalled by one INSERT ... SELECT (their keys as a JSON array, numbered on
  // from seq), then moved by one UPDATE: two statements whatever their number.
  const std::string key_json = c.dialect() == db::Dialect::Postgres ? "json_build_array(" + key_list(r, "m.") + ")::text"
                                                                    : "json_array(" + key_list(r, "m.") + ")";
  c.prepare("INSERT INTO record_merge_moves(workspace_id, merge_id, seq, relation, row_key, from_id, old_value, new_value) "
            "SELECT ?, ?, ? + ROW_NUMBER() OVER (ORDER BY " + key_list(r, "m.") + ") - 1, ?, " + key_json + ", ?, NULL, NULL FROM " +
            table + " WHERE " + where)
      .bind_all({ws, merge_id, seq, std::string(r.name), from, ws, from})
      .run();
  const int64_t journalled = c.changes();
  if (journalled == 0) return;
  seq += journalled;
  // PostgreSQL does not take an alias in UPDATE's SET; both take one in its table.
  std::string set = std::string(r.column) + " = ?";
  std::vector<db::Value> params{to};
  if (r.record) {
    set += ", version = version + 1, updated_at = ?";
    params.emplace_back(clock::now_text());
  }
  params.insert(params.end(), {ws, from});
  c.prepare("UPDATE " + table + " SET " + set + " WHERE " + where).bind_all(params).run();
  moved += journalled;
}

void move_json(db::Connection& c, const std::string& ws, const Relation& r, const std::string& merge_id, const std::string& from,
               const std::string& to, int64_t& seq, int64_t& moved) {
  std::vector<std::pair<std::string, std::string>> rows;  // id, text
  auto& st = c.prepare(std::string("SELECT m.id, m.") + r.column + " FROM " + r.table + " AS m WHERE " + naming(c.dialect(), r));
  st.bind_all({ws, from});
  while (st.step()) rows.emplace_back(st.text(0), st.text(1));
  for (const auto& [id, text] : rows) {
    std::string after = relinked(r, text, from, to);
    c.prepare(std::string("UPDATE ") + r.table + " SET " + r.column + " = ? WHERE workspace_id = ? AND id = ?")
        .bind_all({after, ws, id})
        .run();
    journal(c, ws, merge_id, seq, r, json::array{json::string(id)}, from, text, after);
    ++moved;
  }
}

}  // namespace

std::map<std::string, int64_t> count_related(db::Connection& c, const std::string& workspace_id, std::string_view object,
                                             const std::string& id) {
  std::map<std::string, int64_t> out;
  for (const auto& r : relations()) {
    if (object != r.object) continue;
    auto n = c.scalar(std::string("SELECT COUNT(*) FROM ") + r.table + " AS m WHERE " + naming(c.dialect(), r), {workspace_id, id});
    out[r.name] = std::holds_alternative<int64_t>(n) ? std::get<int64_t>(n) : 0;
  }
  return out;
}

int64_t move_related(db::Connection& c, const std::string& workspace_id, std::string_view object, const std::string& merge_id,
                     const std::string& from, const std::string& to, int64_t& seq) {
  int64_t moved = 0;
  for (const auto& r : relations()) {
    if (object != r.object) continue;
    if (r.kind == RelationKind::Column)
      move_column(c, workspace_id, r, merge_id, from, to, seq, moved);
    else
      move_json(c, workspace_id, r, merge_id, from, to, seq, moved);
  }
  // The probable pairs naming the merged record: the merge settles them (a rescan finds the
  // survivor's others); kept whole for the undo.
  static const Relation pairs{"duplicate_pairs", "", "duplicate_pairs", "record_a", {"record_a", "record_b"}};
  std::vector<json::object> dropped;
  auto& st = c.prepare("SELECT * FROM duplicate_pairs WHERE workspace_id = ? AND object_type = ? AND (record_a = ? OR record_b = ?)");
  st.bind_all({workspace_id, std::string(object), from, from});
  while (st.step()) {
    json::object row;
    for (int i = 0; i < st.column_count(); ++i) row[st.column_name(i)] = to_json(st.value(i));
    dropped.push_back(std::move(row));
  }
  for (const auto& row : dropped) {
    c.prepare("DELETE FROM duplicate_pairs WHERE workspace_id = ? AND object_type = ? AND record_a = ? AND record_b = ?")
        .bind_all({workspace_id, std::string(object), to_db(row.at("record_a")), to_db(row.at("record_b"))})
        .run();
    journal(c, workspace_id, merge_id, seq, pairs, json::array{row.at("record_a"), row.at("record_b")}, from, json::serialize(row),
            nullptr);
  }
  return moved;
}

MovedBack move_back(db::Connection& c, const std::string& ws, std::string_view object, const std::string& merge_id,
                    const std::string& to) {
  struct Move {
    std::string relation, from;
    json::array key;
    db::Value old_value, new_value;
  };
  MovedBack out;
  const std::string now = clock::now_text();
  // Rows that moved (no old value): by one UPDATE per relation and merged record, matching the
  // journal's keys; a row that no longer names the survivor (changed or gone since) stays, and so
  // does a link the merged record holds again (made while it was in the recycle bin).
  std::vector<std::tuple<std::string, std::string, int64_t>> groups;  // relation, from, rows
  {
    auto& g = c.prepare("SELECT relation, from_id, COUNT(*) FROM record_merge_moves WHERE workspace_id = ? AND merge_id = ? "
                        "AND old_value IS NULL GROUP BY relation, from_id ORDER BY relation, from_id");
    g.bind_all({ws, merge_id});
    while (g.step()) groups.emplace_back(g.text(0), g.text(1), g.int64(2));
    g.reset();
  }
  for (const auto& [name, from, count] : groups) {
    const Relation* r = relation_named(name);
    if (!r || object != r->object || r->kind != RelationKind::Column) {
      out.left += count;
      continue;
    }
    std::string set = std::string(r->column) + " = ?";
    std::vector<db::Value> params{from};
    if (r->record) {
      set += ", version = version + 1, updated_at = ?";
      params.emplace_back(now);
    }
    params.insert(params.end(), {ws, to});
    // The journal's first key column identifies the row among those naming the survivor (the
    // second, where there is one, is activity_links' target_type: the relation's filter). Read here
    // and bound by chunks of 500: a join with the journal depended on the planner's statistics of
    // freshly written rows (PostgreSQL chose a nested loop over 50,000 x 50,000 rows).
    std::vector<std::string> keys;
    auto& k = c.prepare("SELECT row_key FROM record_merge_moves WHERE workspace_id = ? AND merge_id = ? AND relation = ? "
                        "AND from_id = ? AND old_value IS NULL");
    k.bind_all({ws, merge_id, name, from});
    while (k.step()) {
      const json::value key = json::parse(k.text_view(0));
      keys.emplace_back(key.as_array().at(0).as_string());
    }
    k.reset();
    int64_t back = 0;
    for (std::size_t at = 0; at < keys.size(); at += 500) {
      const std::size_t n = std::min<std::size_t>(500, keys.size() - at);
      std::string sql = "UPDATE " + std::string(r->table) + " AS m SET " + set + " WHERE " + naming(c.dialect(), *r) + " AND m." +
                        r->key[0] + " IN (?";
      for (std::size_t i = 1; i < n; ++i) sql += ", ?";
      sql += ")";
      std::vector<db::Value> bound = params;
      for (std::size_t i = 0; i < n; ++i) bound.emplace_back(keys[at + i]);
      if (r->unique) {
        sql += " AND NOT EXISTS (SELECT 1 FROM " + std::string(r->table) + " s WHERE s.workspace_id = m.workspace_id AND s." +
               r->column + " = ?";
        for (const char* key : r->key) sql += std::string(" AND s.") + key + " = m." + key;
        sql += ")";
        bound.emplace_back(from);
      }
      c.prepare(sql).bind_all(bound).run();
      back += c.changes();
    }
    out.returned += back;
    out.left += count - back;
  }
  // The rest, one by one, newest first: dropped rows and JSON columns.
  std::vector<Move> moves;
  auto& st = c.prepare("SELECT relation, row_key, from_id, old_value, new_value FROM record_merge_moves "
                       "WHERE workspace_id = ? AND merge_id = ? AND old_value IS NOT NULL ORDER BY seq DESC");
  st.bind_all({ws, merge_id});
  while (st.step())
    moves.push_back({st.text(0), st.text(2), json::parse(st.text_view(1)).as_array(), st.value(3), st.value(4)});
  for (const auto& m : moves) {
    if (m.relation == "duplicate_pairs" || (std::holds_alternative<std::string>(m.old_value) &&
                                            std::holds_alternative<std::nullptr_t>(m.new_value))) {
      // A dropped row comes back as it was, unless an equal one was made meanwhile.
      const std::string table = m.relation == "duplicate_pairs" ? "duplicate_pairs" : relation_named(m.relation)->table;
      const json::object row = json::parse(std::get<std::string>(m.old_value)).as_object();
      std::string cols, marks;
      std::vector<db::Value> params;
      for (const auto& kv : row) {
        cols += (cols.empty() ? "" : ", ") + std::string(kv.key());
        marks += marks.empty() ? "?" : ", ?";
        params.push_back(to_db(kv.value()));
      }
      c.prepare("INSERT INTO " + table + "(" + cols + ") VALUES (" + marks + ") ON CONFLICT DO NOTHING").bind_all(params).run();
      (c.changes() > 0 ? out.returned : out.left) += 1;
      continue;
    }
    const Relation* r = relation_named(m.relation);
    if (!r || object != r->object || r->kind == RelationKind::Column) continue;
    // A JSON column as the merge wrote it goes back to its text before; changed since, it stays.
    std::vector<db::Value> params{std::get<std::string>(m.old_value), ws};
    for (const auto& k : m.key) params.push_back(to_db(k));
    params.push_back(m.new_value);
    c.prepare(std::string("UPDATE ") + r->table + " SET " + r->column + " = ? WHERE workspace_id = ? AND id = ? AND " + r->column +
              " = ?")
        .bind_all(params)
        .run();
    (c.changes() > 0 ? out.returned : out.left) += 1;
  }
  return out;
}

}  // namespace rapport::dedupe
