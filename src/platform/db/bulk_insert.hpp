// Appending many rows to one table as cheaply as each engine allows, for high-rate writers that
// batch (the tracking recorder): on PostgreSQL one COPY ... FROM STDIN stream per call, which the
// server neither parses nor plans per row or chunk (in a psql test about twice a plain multi-row
// INSERT's rate: docs/benchmarks.md, "The recorder's write path"); on SQLite multi-row INSERT
// chunks (multi_row.hpp), which is what SQLite does best. Inside the caller's transaction; a constraint broken by any row fails the whole call.
#pragma once
#include <string>
#include <vector>

#include "platform/db/connection.hpp"

namespace rapport::db {

// Inserts `values` (row-major, columns.size() per row) into `table`(`columns`). `types` are the
// columns' SQL types as multi_row.hpp casts them (TEXT, BIGINT, DOUBLE PRECISION); PostgreSQL's
// COPY reads them from the table instead. Returns the rows inserted.
int64_t bulk_insert(Connection& c, const std::string& table, const std::vector<std::string>& columns,
                    const std::vector<std::string>& types, const std::vector<Value>& values);

// One value in COPY's text format: \N for NULL, backslash, tab, newline and carriage return escaped.
void append_copy_text(std::string& out, const Value& v);

}  // namespace rapport::db
