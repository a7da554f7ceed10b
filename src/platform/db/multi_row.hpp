// Statements over many rows at once: a multi-row INSERT, or an UPDATE ... FROM a VALUES list, in
// place of one statement per row (batched work such as moving a stage's deals). The SQL text depends
// only on a size bucket, not on the exact row count: rows go in chunks of 512 (fewer when a row has
// more than 63 values, since SQLite binds at most 32766 in one statement), then in the powers of two
// that make up the rest, so any count uses at most 10 texts per statement (each prepared once per
// connection and cached, as in_list.hpp does for IN lists). Few statements matter on SQLite beyond
// their own cost: inside the group commit's savepoint every write statement ends by truncating the
// savepoint's in-memory statement journal, which SQLite walks from its start, and that journal grows
// with every page the job has changed.
#pragma once
#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "platform/db/connection.hpp"

namespace rapport::db {

constexpr std::size_t kMaxChunkRows = 512;
constexpr std::size_t kMaxValuesPerStatement = 32766;

// The most rows one statement takes for rows of `width` values: 512, halved while over the limit.
inline std::size_t max_chunk_rows(std::size_t width) {
  std::size_t n = kMaxChunkRows;
  while (n > 1 && n * width > kMaxValuesPerStatement) n /= 2;
  return n;
}

// The row counts of the chunks that cover `rows` rows: max_rows (a power of two) as often as it fits,
// then descending powers of two.
inline std::vector<std::size_t> row_chunks(std::size_t rows, std::size_t max_rows = kMaxChunkRows) {
  std::vector<std::size_t> out(rows / max_rows, max_rows);
  for (std::size_t bit = max_rows / 2; bit > 0; bit /= 2)
    if (rows & bit) out.push_back(bit);
  return out;
}

// "(CAST(? AS t1), CAST(? AS t2)), (...)" for `rows` rows with columns of these SQL types. Every
// placeholder is cast so that PostgreSQL types each column of a VALUES list even when a chunk holds
// only NULLs in it (an untyped column would be text); SQLite applies the same affinities.
inline std::string values_rows(const std::vector<std::string>& types, std::size_t rows) {
  std::string row = "(";
  for (std::size_t i = 0; i < types.size(); ++i) row += (i ? ", CAST(? AS " : "CAST(? AS ") + types[i] + ")";
  row += ")";
  std::string out;
  out.reserve(rows * (row.size() + 2));
  for (std::size_t r = 0; r < rows; ++r) out += (r ? ", " : "") + row;
  return out;
}

// Runs `make_sql(values_sql)` once per chunk of `values` (row-major, types.size() per row), binding
// the chunk's values first and then `trailing` (the statement's other placeholders, which must all
// follow the VALUES list). Returns the rows changed, summed over the chunks.
inline int64_t run_rows(Connection& c, const std::vector<std::string>& types, const std::vector<Value>& values,
                        const std::function<std::string(std::string_view values_sql)>& make_sql,
                        const std::vector<Value>& trailing = {}) {
  const std::size_t width = types.size();
  if (width == 0 || values.size() % width != 0) throw std::logic_error("run_rows: values must fill whole rows");
  int64_t changed = 0;
  std::size_t next = 0;
  for (std::size_t rows : row_chunks(values.size() / width, max_chunk_rows(width))) {
    auto& st = c.prepare(make_sql(values_rows(types, rows)));
    int i = 1;
    for (std::size_t k = 0; k < rows * width; ++k) st.bind(i++, values[next++]);
    for (const auto& v : trailing) st.bind(i++, v);
    st.run();
    changed += c.changes();
  }
  return changed;
}

// INSERT INTO <into> VALUES <rows>, e.g. into = "audit_log(workspace_id, action)".
inline void insert_rows(Connection& c, const std::string& into, const std::vector<std::string>& types,
                        const std::vector<Value>& values) {
  run_rows(c, types, values, [&](std::string_view rows) { return "INSERT INTO " + into + " VALUES " + std::string(rows); });
}

}  // namespace rapport::db
