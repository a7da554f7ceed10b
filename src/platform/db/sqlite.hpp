// Thin RAII layer over SQLite: a Connection caches its prepared statements by SQL text, a Statement
// binds Values and steps rows. Errors are exceptions of type DbError: a failing statement is never
// something a caller caused (their mistakes are caught by validation before SQL runs), except a
// constraint violation, which callers may catch as ConstraintError.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

namespace rapport::db {

using Value = std::variant<std::nullptr_t, int64_t, double, std::string>;

struct DbError : std::runtime_error {
  int code;
  DbError(int c, const std::string& what) : std::runtime_error(what), code(c) {}
};
struct ConstraintError : DbError {
  using DbError::DbError;
};

class Statement {
 public:
  explicit Statement(sqlite3_stmt* s) : s_(s) {}
  Statement(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(s_); }

  // Clears bindings and resets; call before reuse (Connection::prepare does it for you).
  void reset();
  Statement& bind(int index, const Value& v);
  Statement& bind_all(const std::vector<Value>& values);
  // Advances to the next row: true while a row is available, false when done.
  bool step();
  // Runs a statement that returns no rows.
  void run() {
    while (step()) {
    }
  }

  int columns() const { return sqlite3_column_count(s_); }
  bool is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  int64_t int64(int col) const { return sqlite3_column_int64(s_, col); }
  double real(int col) const { return sqlite3_column_double(s_, col); }
  std::string text(int col) const;
  // The column's text without a copy; valid until the next step() or reset().
  std::string_view text_view(int col) const {
    const unsigned char* p = sqlite3_column_text(s_, col);
    if (!p) return {};
    return {reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(s_, col))};
  }
  int type(int col) const { return sqlite3_column_type(s_, col); }
  const char* column_name(int col) const { return sqlite3_column_name(s_, col); }
  Value value(int col) const;

 private:
  sqlite3_stmt* s_;
};

class Connection {
 public:
  // Opens (creating when read_only is false) the database file and sets Rapport's pragmas explicitly:
  // WAL, synchronous=FULL (an acknowledged commit survives power loss), foreign keys, busy timeout.
  Connection(const std::string& path, bool read_only);
  Connection(const Connection&) = delete;
  ~Connection();

  void exec(std::string_view sql);
  // A cached prepared statement for this SQL text, reset and ready to bind.
  Statement& prepare(const std::string& sql);
  // Dynamic list queries produce many distinct SQL texts; the pool calls this between units of work
  // (when no statement is in use) so the cache cannot grow without limit.
  void trim_cache(std::size_t max_statements);
  // Resets every statement handed out by prepare() since the last call. A statement left mid-rows
  // would keep its transaction open (COMMIT fails while statements are active), so the pool calls
  // this at the end of each unit of work.
  void reset_used();
  int64_t changes() const { return sqlite3_changes64(db_); }
  sqlite3* handle() { return db_; }

  // Convenience: first column of the first row, or nullopt-like null Value when no row.
  Value scalar(const std::string& sql, const std::vector<Value>& params = {});

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
  std::vector<Statement*> used_;
};

[[noreturn]] void throw_error(sqlite3* db, int rc, std::string_view context);

}  // namespace rapport::db
