// Shared by the privacy tests: a fixture with a contact's worth of personal data, and scans of the
// whole database (every text value of every table, and on SQLite the raw bytes of the files) for
// strings that must not be there.
#pragma once
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "platform/db/postgres.hpp"
#include "platform/db/sqlite.hpp"
#include "records_fixture.hpp"

namespace rapport::testing {

inline std::string lower_text(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "table.column: needle" for every text value of every table that contains a needle
// (case-insensitively), through SQL on either engine.
inline std::vector<std::string> database_hits(const std::string& data_dir, const std::vector<std::string>& needles) {
  std::vector<std::string> hits;
  auto check = [&](const std::string& where, std::string_view value) {
    std::string l = lower_text(std::string(value));
    for (const auto& n : needles)
      if (l.find(lower_text(n)) != std::string::npos) hits.push_back(where + ": " + n);
  };
  std::string url = backend_database_url(data_dir);
  if (!url.empty()) {
    db::PgOptions o;
    o.url = url;
    db::PgConnection c(o);
    auto tables = c.exec("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
    for (int t = 0; t < tables.rows(); ++t) {
      std::string table = tables.text(t, 0);
      auto rows = c.exec("SELECT * FROM \"" + table + "\"");
      for (int r = 0; r < rows.rows(); ++r)
        for (int col = 0; col < rows.columns(); ++col)
          if (!rows.is_null(r, col)) check(table + "." + std::to_string(col), rows.view(r, col));
    }
    return hits;
  }
  db::SqliteConnection c(data_dir + "/rapport.db", true);
  std::vector<std::string> tables;
  // Virtual tables (the contentless FTS5 search indexes) cannot be scanned; their words live in
  // their shadow tables (`*_search_data`), which are scanned like any other.
  auto& st = c.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'");
  while (st.step()) tables.push_back(st.text(0));
  st.reset();
  for (const auto& table : tables) {
    auto& rows = c.prepare("SELECT * FROM \"" + table + "\"");
    while (rows.step())
      for (int col = 0; col < rows.column_count(); ++col)
        if (auto v = rows.value(col); std::holds_alternative<std::string>(v))
          check(table + "." + rows.column_name(col), std::get<std::string>(v));
    rows.reset();
  }
  return hits;
}

// The needles found in the raw bytes of the SQLite files (database, WAL), case-sensitively and
// lower-cased: what a copy of the disk would show, free pages included.
inline std::vector<std::string> file_hits(const std::string& data_dir, const std::vector<std::string>& needles) {
  std::vector<std::string> hits;
  for (const char* name : {"rapport.db", "rapport.db-wal", "rapport.db-journal"}) {
    std::string path = data_dir + "/" + name;
    if (!std::filesystem::exists(path)) continue;
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string low = lower_text(bytes);
    for (const auto& n : needles)
      if (bytes.find(n) != std::string::npos || low.find(lower_text(n)) != std::string::npos)
        hits.push_back(std::string(name) + ": " + n);
  }
  return hits;
}

inline bool on_postgres() {
  const char* b = std::getenv("RAPPORT_TEST_BACKEND");
  return b && std::string(b) == "postgres";
}

}  // namespace rapport::testing

#include "access/passwords.hpp"
#include "platform/case_fold.hpp"
#include "platform/clock.hpp"
#include "platform/db/pg_connection_adapter.hpp"
#include "platform/ids.hpp"

namespace rapport::testing {

// Runs fn on a writable connection to the server's database (either engine), beside the server.
template <class Fn>
void with_database(const std::string& data_dir, Fn&& fn) {
  std::string url = backend_database_url(data_dir);
  if (!url.empty()) {
    db::PgOptions o;
    o.url = url;
    db::PgConnection pg(o);
    db::PgAdapterConnection c(pg);
    fn(static_cast<db::Connection&>(c));
    c.reset_used();
    return;
  }
  db::SqliteConnection c(data_dir + "/rapport.db", false);
  fn(static_cast<db::Connection&>(c));
  c.reset_used();
}

// A user without the admin role in the workspace (roles have no API yet): returns a session token.
// A signed-in user with a built-in role other than admin (marketing by default: reads, changes and
// exports every contact; support_agent: no export), written straight into the database.
inline std::string member_token(HttpClient& http, const std::string& data_dir, const std::string& workspace_id,
                                const std::string& role = "marketing") {
  const std::string email = unique("member") + "@example.com";
  const std::string password = "member-password-123";
  with_database(data_dir, [&](db::Connection& c) {
    std::string now = clock::now_text();
    c.prepare(
         "INSERT INTO users(id, workspace_id, email, email_key, name, password_hash, role, active, created_at, updated_at) "
         "VALUES (?, ?, ?, ?, 'Member', ?, ?, 1, ?, ?)")
        .bind_all({ids::uuid_v7(), workspace_id, email, case_fold::key(email), access::hash_password(password), role, now, now})
        .run();
  });
  return login(http, email, password);
}

}  // namespace rapport::testing
