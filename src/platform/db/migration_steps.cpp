#include "platform/db/migration_steps.hpp"

#include <boost/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/case_fold.hpp"

namespace rapport::db {

namespace {

// Version 11 added `<column>_key` beside every case-insensitive name and e-mail column; this fills
// the keys of the rows that existed before it (platform/case_fold.hpp), and version 12 builds the
// indexes on them. Rows are read in id order a page at a time, so memory stays bounded.
struct KeyColumn {
  const char* table;
  const char* column;
  bool list;  // a JSON array of e-mail addresses: its key is the array of their keys
};
constexpr KeyColumn kFoldedColumns[] = {
    {"workspaces", "name", false},       {"companies", "name", false},        {"contacts", "first_name", false}, {"contacts", "last_name", false},
    {"contacts", "email", false},        {"contacts", "emails", true},      {"leads", "first_name", false},
    {"leads", "last_name", false},       {"leads", "company_name", false},  {"leads", "email", false},
    {"deals", "name", false},            {"products", "sku", false},        {"products", "name", false},
    {"activities", "email_from", false}, {"activities", "attendees", true}, {"activities", "email_to", true},
    {"users", "email", false},
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

// The keys must not make two live rows equal where a unique index is built on them next (version
// 12): SQLite compared ASCII letters only, so "ÄNN@example.com" and "änn@example.com" could both be
// live there. The migration stops with the rows to merge rather than failing on the index.
void refuse_duplicate_keys(Connection& c) {
  struct Unique {
    const char* table;
    const char* key;
    const char* live;
    const char* within;  // what the key is unique within ("": the whole table)
  };
  constexpr Unique kUnique[] = {{"workspaces", "name_key", "1 = 1", ""},
                                {"contacts", "email_key", "deleted_at IS NULL", "workspace_id"},
                                {"products", "sku_key", "deleted_at IS NULL", "workspace_id"},
                                {"users", "email_key", "1 = 1", "workspace_id"}};
  for (const auto& u : kUnique) {
    const std::string key = u.key;
    auto& st = c.prepare("SELECT min(id), max(id) FROM " + std::string(u.table) + " WHERE " + u.live + " AND " + key +
                         " IS NOT NULL GROUP BY " + (*u.within ? std::string(u.within) + ", " : "") + key + " HAVING count(*) > 1 LIMIT 1");
    if (st.step()) {
      std::string msg = "migration 11: " + std::string(u.table) + " " + st.text(0) + " and " + st.text(1) +
                        " differ only in letter case in " + key.substr(0, key.size() - 4) +
                        ", which must be unique; change or remove one with the previous rapport version, then start again";
      st.reset();
      throw DbError(0, msg);
    }
    st.reset();
  }
}

void fill_fold_keys(Connection& c) {
  constexpr int kPage = 1000;
  for (const auto& k : kFoldedColumns) {
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
  refuse_duplicate_keys(c);
}

}  // namespace

MigrationStep migration_step(int version) {
  switch (version) {
    case 11: return fill_fold_keys;
    default: return nullptr;
  }
}

}  // namespace rapport::db
