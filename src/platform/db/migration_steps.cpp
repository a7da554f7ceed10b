#include "platform/db/migration_steps.hpp"

#include <boost/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/case_fold.hpp"

namespace rapport::db {

namespace {

// Case-folded keys (platform/case_fold.hpp) for rows that existed before their key column did.
struct KeyColumn {
  const char* table;
  const char* column;
  bool list;  // a JSON array of e-mail addresses: its key is the array of their keys
};
// A key that a unique index built by the next migration covers.
struct UniqueKey {
  const char* table;
  const char* key;
  const char* live;    // the rows the index covers
  const char* within;  // what the key is unique within ("": the whole table)
};

std::string list_key(const std::string& json_text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(json_text, ec);
  if (ec || !v.is_array()) return "[]";
  boost::json::array keys;
  for (const auto& e : v.as_array())
    if (e.is_string()) keys.push_back(boost::json::value(case_fold::key(e.as_string())));
  return boost::json::serialize(keys);
}

// Rows are read in id order a page at a time, so memory stays bounded.
void fill_keys(Connection& c, std::span<const KeyColumn> columns) {
  constexpr int kPage = 1000;
  for (const auto& k : columns) {
    const std::string table = k.table, column = k.column, key = column + "_key";
    auto& update = c.prepare("UPDATE " + table + " SET " + key + " = ? WHERE id = ?");
    std::string after;
    for (;;) {
      std::vector<std::pair<std::string, std::string>> rows;
      auto& select = c.prepare("SELECT id, " + column + " FROM " + table + " WHERE id > ? AND " + column +
                               " IS NOT NULL ORDER BY id LIMIT " + std::to_string(kPage));
      select.bind_all({after});
      while (select.step()) rows.emplace_back(select.text(0), select.text(1));
      select.reset();
      for (const auto& [id, value] : rows) {
        update.bind_all({k.list ? list_key(value) : case_fold::key(value), id}).run();
        update.reset();
      }
      if (rows.size() < static_cast<std::size_t>(kPage)) break;
      after = rows.back().first;
    }
  }
}

// The keys must not make two rows equal where the next migration builds a unique index on them:
// SQLite compared ASCII letters only, so "ÄNN@example.com" and "änn@example.com" could both be live
// there. The migration stops naming the rows to merge (ids, never values) rather than failing on the
// index.
void refuse_duplicate_keys(Connection& c, int version, std::span<const UniqueKey> uniques) {
  for (const auto& u : uniques) {
    const std::string key = u.key;
    auto& st = c.prepare("SELECT min(id), max(id) FROM " + std::string(u.table) + " WHERE " + u.live + " AND " + key +
                         " IS NOT NULL GROUP BY " + (*u.within ? std::string(u.within) + ", " : "") + key +
                         " HAVING count(*) > 1 LIMIT 1");
    if (st.step()) {
      std::string msg = "migration " + std::to_string(version) + ": " + u.table + " " + st.text(0) + " and " + st.text(1) +
                        " differ only in letter case in " + key.substr(0, key.size() - 4) +
                        ", which must be unique; change or remove one with the previous rapport version, then start again";
      st.reset();
      throw DbError(0, msg);
    }
    st.reset();
  }
}

// Version 11 added `<column>_key` beside every case-insensitive name and e-mail column of records,
// users and workspaces; version 12 indexes them.
void fill_record_keys(Connection& c) {
  static constexpr KeyColumn kColumns[] = {
      {"workspaces", "name", false},       {"companies", "name", false},        {"contacts", "first_name", false},
      {"contacts", "last_name", false},    {"contacts", "email", false},        {"contacts", "emails", true},
      {"leads", "first_name", false},      {"leads", "last_name", false},       {"leads", "company_name", false},
      {"leads", "email", false},           {"deals", "name", false},            {"products", "sku", false},
      {"products", "name", false},         {"activities", "email_from", false}, {"activities", "attendees", true},
      {"activities", "email_to", true},    {"users", "email", false},
  };
  static constexpr UniqueKey kUnique[] = {{"workspaces", "name_key", "1 = 1", ""},
                                          {"contacts", "email_key", "deleted_at IS NULL", "workspace_id"},
                                          {"products", "sku_key", "deleted_at IS NULL", "workspace_id"},
                                          {"users", "email_key", "1 = 1", "workspace_id"}};
  fill_keys(c, kColumns);
  refuse_duplicate_keys(c, 11, kUnique);
}

// Version 13 did the same for the names of teams and pipelines, unique within a workspace.
void fill_configuration_keys(Connection& c) {
  static constexpr KeyColumn kColumns[] = {{"teams", "name", false}, {"pipelines", "name", false}};
  static constexpr UniqueKey kUnique[] = {{"teams", "name_key", "1 = 1", "workspace_id"},
                                          {"pipelines", "name_key", "archived_at IS NULL", "workspace_id"}};
  fill_keys(c, kColumns);
  refuse_duplicate_keys(c, 13, kUnique);
}

}  // namespace

MigrationStep migration_step(int version) {
  switch (version) {
    case 11: return fill_record_keys;
    case 13: return fill_configuration_keys;
    default: return nullptr;
  }
}

}  // namespace rapport::db
