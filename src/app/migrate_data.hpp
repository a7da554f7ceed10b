// `rapport migrate-data --from sqlite:PATH --to postgres://...` (and back): copies a whole Rapport
// database into an empty one of either engine, table by table in foreign-key order, from one
// consistent snapshot of the source, and proves the copy by comparing each table's row count and a
// BLAKE2b checksum of its rows in primary-key order.
#pragma once
#include <string>
#include <vector>

#include "platform/db/connection.hpp"

namespace rapport::app {

struct TableCopy {
  std::string table;
  int64_t rows = 0;
  std::string checksum;  // hex, equal on both sides
};

// from must be inside a read transaction, to inside a write transaction (the caller commits).
// Throws DbError when a count or checksum differs.
std::vector<TableCopy> copy_database(db::Connection& from, db::Connection& to);
// Checksum of one table's rows in primary-key order (engine-independent canonical text).
TableCopy table_checksum(db::Connection& c, const std::string& table);

int migrate_data_command(const std::string& from, const std::string& to);

}  // namespace rapport::app
