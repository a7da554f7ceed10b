// The database as the stores see it, whatever engine is behind: a Connection hands out prepared
// Statements (cached by SQL text, `?` placeholders), which bind Values and step through rows.
// SQLite implements it today (sqlite.hpp); PostgreSQL is next (issue 3).
// Errors are exceptions of type DbError: a failing statement is never something a caller caused
// (their mistakes are caught by validation before SQL runs), except a constraint violation, which
// callers may catch as ConstraintError.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace rapport::db {

using Value = std::variant<std::nullptr_t, int64_t, double, std::string>;

// The few places where SQL differs between engines ask the connection which one it is.
enum class Dialect { Sqlite, Postgres };

struct DbError : std::runtime_error {
  int code;
  DbError(int c, const std::string& what) : std::runtime_error(what), code(c) {}
};
struct ConstraintError : DbError {
  using DbError::DbError;
};
// The database's storage is full (SQLite's SQLITE_FULL: the disk, or max_page_count; PostgreSQL's
// disk_full, 53100): the write is not done, the HTTP layer answers 507, and writes work again once
// space is freed.
struct StorageFull : DbError {
  using DbError::DbError;
};

class Statement {
 public:
  virtual ~Statement() = default;
  // Clears bindings and resets; call before reuse (Connection::prepare does it for you).
  virtual void reset() = 0;
  virtual Statement& bind(int index, const Value& v) = 0;
  Statement& bind_all(const std::vector<Value>& values) {
    for (std::size_t i = 0; i < values.size(); ++i) bind(static_cast<int>(i + 1), values[i]);
    return *this;
  }
  // Advances to the next row: true while a row is available, false when done.
  virtual bool step() = 0;
  // Runs a statement that returns no rows.
  void run() {
    while (step()) {
    }
  }
  virtual bool is_null(int col) const = 0;
  virtual int64_t int64(int col) const = 0;
  virtual double real(int col) const = 0;
  virtual std::string text(int col) const = 0;
  // The column's text without a copy; valid until the next step() or reset().
  virtual std::string_view text_view(int col) const = 0;
  virtual Value value(int col) const = 0;
  // The result's shape (after the first step()).
  virtual int column_count() const = 0;
  virtual std::string column_name(int col) const = 0;
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // Runs statements without parameters or results (DDL, PRAGMA, BEGIN/COMMIT).
  virtual void exec(std::string_view sql) = 0;
  // A cached prepared statement for this SQL text, reset and ready to bind.
  virtual Statement& prepare(const std::string& sql) = 0;
  // Rows changed by the last statement.
  virtual int64_t changes() const = 0;
  // Dynamic list queries produce many distinct SQL texts; the pool calls this between units of work
  // (when no statement is in use) so the cache cannot grow without limit.
  virtual void trim_cache(std::size_t max_statements) = 0;
  // Resets every statement handed out by prepare() since the last call. A statement left mid-rows
  // would keep its transaction open (COMMIT fails while statements are active), so the pool calls
  // this at the end of each unit of work.
  virtual void reset_used() = 0;

  // First column of the first row, or a null Value when there is no row.
  Value scalar(const std::string& sql, const std::vector<Value>& params = {}) {
    auto& st = prepare(sql);
    st.bind_all(params);
    Value v = nullptr;
    if (st.step()) v = st.value(0);
    st.reset();
    return v;
  }
};

}  // namespace rapport::db
