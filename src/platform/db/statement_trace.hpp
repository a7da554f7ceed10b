// For tests that check the plans SQLite chooses for what a piece of code really runs
// (report_plan_test.cpp, kpi_plan_test.cpp): the text of every statement `run` steps on the
// connection (sqlite3_trace_v2), and a statement's plan (EXPLAIN QUERY PLAN, one line a step); and
// for PostgreSQL's, a statement's plan with its parameters bound (EXPLAIN, one line a plan row).
#pragma once
#include <sqlite3.h>

#include <string>
#include <vector>

#include "platform/db/sqlite.hpp"

namespace rapport::db {

template <class Run>
std::vector<std::string> traced_statements(SqliteConnection& c, Run&& run) {
  std::vector<std::string> statements;
  sqlite3_trace_v2(
      c.handle(), SQLITE_TRACE_STMT,
      [](unsigned, void* out, void* stmt, void*) {
        static_cast<std::vector<std::string>*>(out)->emplace_back(sqlite3_sql(static_cast<sqlite3_stmt*>(stmt)));
        return 0;
      },
      &statements);
  run();
  sqlite3_trace_v2(c.handle(), 0, nullptr, nullptr);
  return statements;
}

inline std::string query_plan(Connection& c, const std::string& sql) {
  auto& st = c.prepare("EXPLAIN QUERY PLAN " + sql);
  std::string plan;
  while (st.step()) plan += st.text(3) + "\n";
  st.reset();
  return plan;
}

inline std::string pg_query_plan(Connection& c, const std::string& sql, const std::vector<Value>& params) {
  auto& st = c.prepare("EXPLAIN " + sql);
  st.bind_all(params);
  std::string plan;
  while (st.step()) plan += st.text(0) + "\n";
  st.reset();
  return plan;
}

}  // namespace rapport::db
