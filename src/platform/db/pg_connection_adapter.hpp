// PostgreSQL behind the engine-neutral db::Connection interface, so that the stores can run on it:
// `?` and `?NNN` placeholders become `$n`, a statement executes on its first step() and then walks
// the result's rows, values come back typed by the column's type (integers, floating point, text).
#pragma once
#include <memory>
#include <optional>
#include <unordered_map>

#include "platform/db/connection.hpp"
#include "platform/db/postgres.hpp"

namespace rapport::db {

// Rewrites SQLite-style placeholders (`?`, `?NNN`) to PostgreSQL's (`$n`, `$NNN`), leaving quoted
// strings and identifiers alone.
std::string to_pg_placeholders(std::string_view sql);

class PgAdapterStatement final : public Statement {
 public:
  // `last` is where the connection remembers the statement that ran last (for changes()).
  PgAdapterStatement(PgConnection& c, std::string sql, PgAdapterStatement** last)
      : c_(c), sql_(std::move(sql)), last_(last) {}
  void reset() override;
  Statement& bind(int index, const Value& v) override;
  bool step() override;
  bool is_null(int col) const override { return result_->is_null(row_, col); }
  int64_t int64(int col) const override;
  double real(int col) const override { return result_->real(row_, col); }
  std::string text(int col) const override { return result_->text(row_, col); }
  std::string_view text_view(int col) const override;
  Value value(int col) const override;
  int64_t affected() const { return result_ ? result_->affected() : 0; }
  int column_count() const override { return result_ ? result_->columns() : 0; }
  std::string column_name(int col) const override { return result_->column_name(col); }

 private:
  PgConnection& c_;
  std::string sql_;
  std::vector<Value> params_;
  std::optional<PgResult> result_;
  int row_ = -1;
  PgAdapterStatement** last_;
};

class PgAdapterConnection final : public Connection {
 public:
  explicit PgAdapterConnection(PgConnection& c) : c_(c) {}
  Dialect dialect() const override { return Dialect::Postgres; }
  void exec(std::string_view sql) override { c_.exec_script(std::string(sql)); }
  Statement& prepare(const std::string& sql) override;
  int64_t changes() const override { return last_ ? last_->affected() : 0; }
  void trim_cache(std::size_t max_statements) override;
  void reset_used() override;
  // The libpq connection underneath, for what the engine-neutral interface has no words for (COPY).
  PgConnection& pg() { return c_; }

 private:
  PgConnection& c_;
  std::unordered_map<std::string, std::unique_ptr<PgAdapterStatement>> cache_;
  std::vector<PgAdapterStatement*> used_;
  PgAdapterStatement* last_ = nullptr;
};

}  // namespace rapport::db
