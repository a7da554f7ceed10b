// Reaching past the API into a server's database, for the custom-field tests: definitions stored by
// an older version, and the custom-field indexes that exist.
#pragma once
#include <set>
#include <string>
#include <vector>

#include "harness.hpp"
#include "platform/db/pg_connection_adapter.hpp"
#include "platform/db/pg_test_support.hpp"
#include "platform/db/postgres.hpp"
#include "platform/db/sqlite.hpp"

namespace rapport::testing {

// Runs one statement that changes the server's database behind its back (a definition stored by an
// older version), on either engine.
inline void exec_database(const std::string& data_dir, const std::string& sql, const std::vector<std::string>& params) {
  auto run = [&](db::Connection& c) {
    auto& st = c.prepare(sql);
    for (std::size_t i = 0; i < params.size(); ++i) st.bind(static_cast<int>(i + 1), params[i]);
    st.run();
    st.reset();
  };
  std::string url = backend_database_url(data_dir);
  if (url.empty()) {
    db::SqliteConnection c(data_dir + "/rapport.db", false);
    run(c);
    return;
  }
  db::PgConnection pg(db::pg_admin_options(url));
  db::PgAdapterConnection c(pg);
  run(c);
}

// The custom-field indexes (cf_... and cfu_...) that exist in a server's database.
inline std::set<std::string> custom_field_indexes(const std::string& data_dir) {
  auto rows = query_database(data_dir, on_postgres_backend()
                                           ? "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'cf%\\_%'"
                                           : "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'cf%'");
  std::set<std::string> out;
  for (const auto& r : rows) out.insert(r[0]);
  return out;
}

inline std::string index_suffix(const std::string& field_id) {
  std::string out;
  for (char ch : field_id)
    if (ch != '-') out.push_back(ch);
  return out;
}

}  // namespace rapport::testing
