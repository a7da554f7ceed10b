// SQLite behind the Connection interface: statements are cached per connection by SQL text (the
// 256 most recently used; statement_cache.hpp), and
// every connection sets Rapport's pragmas explicitly (Debian's build defaults differ).
#pragma once
#include <sqlite3.h>

#include <memory>
#include <vector>

#include "platform/db/connection.hpp"
#include "platform/db/sqlite_sizes.hpp"
#include "platform/db/sqlite_profile.hpp"
#include "platform/db/statement_cache.hpp"

namespace rapport::db {

class SqliteStatement final : public Statement {
 public:
  explicit SqliteStatement(sqlite3_stmt* s) : s_(s) {}
  SqliteStatement(const SqliteStatement&) = delete;
  ~SqliteStatement() override { sqlite3_finalize(s_); }

  void reset() override;
  Statement& bind(int index, const Value& v) override;
  bool step() override;
  bool is_null(int col) const override { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  int64_t int64(int col) const override { return sqlite3_column_int64(s_, col); }
  double real(int col) const override { return sqlite3_column_double(s_, col); }
  std::string text(int col) const override { return std::string(text_view(col)); }
  std::string_view text_view(int col) const override {
    const unsigned char* p = sqlite3_column_text(s_, col);
    if (!p) return {};
    return {reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(s_, col))};
  }
  Value value(int col) const override;
  int column_count() const override { return sqlite3_column_count(s_); }
  std::string column_name(int col) const override { return sqlite3_column_name(s_, col); }

 private:
  sqlite3_stmt* s_;
};

class SqliteConnection final : public Connection {
 public:
  // Opens (creating when read_only is false) the database file: WAL, synchronous=FULL (an
  // acknowledged commit survives power loss), foreign keys, busy timeout. cache_kib: the page
  // cache's bound (0: kReaderCacheKiB for a reader, kWriterCacheKiB for the writer).
  SqliteConnection(const std::string& path, bool read_only, int cache_kib = 0);
  SqliteConnection(const SqliteConnection&) = delete;
  ~SqliteConnection() override;

  Dialect dialect() const override { return Dialect::Sqlite; }
  void exec(std::string_view sql) override;
  Statement& prepare(const std::string& sql) override;
  int64_t changes() const override { return sqlite3_changes64(db_); }
  void trim_cache(std::size_t max_statements) override;
  void reset_used() override;
  // While an import writes (on) or not: the writer's page cache, kBulkCacheKiB instead of
  // kWriterCacheKiB (its indexes take keys all over: first names, the full-name and full-text
  // indexes; a miss is a read of the file), a fixed bound either way so memory stays flat; and the
  // WAL checkpointed every kBulkCheckpointPages instead of SQLite's default kCheckpointPages (a batch
  // of 1000 contacts writes more than that: each commit checkpointed, writing the pages every batch
  // changes, the indexes' last leaves, again and again).
  void set_bulk_writing(bool on);
  sqlite3* handle() { return db_; }

 private:
  // The connection's settings, applied once it is open (the constructor closes it if one fails).
  void configure(bool read_only, int cache_kib);
  sqlite3* db_ = nullptr;
  std::unique_ptr<SqliteProfile> profile_;  // RAPPORT_SQLITE_PROFILE (sqlite_profile.hpp)
  StatementCache<std::unique_ptr<SqliteStatement>> cache_;
  std::vector<SqliteStatement*> used_;
};

[[noreturn]] void throw_error(sqlite3* db, int rc, std::string_view context);

}  // namespace rapport::db
