// PostgreSQL behind db::Database: a pool of connections; each write is its own transaction (the
// server orders concurrent writers; a unique index that a concurrent write beat us to becomes a 409);
// each read is a read-only REPEATABLE READ transaction, one snapshot for the whole request. While
// the server is unreachable, writes answer 503 and reads throw PgUnavailable (which the HTTP layer
// also answers with 503); both recover by themselves when it is back.
#pragma once
#include <atomic>

#include "platform/db/database.hpp"
#include "platform/db/pg_connection_adapter.hpp"
#include "platform/db/postgres.hpp"
#include "platform/db/write_classes.hpp"

namespace rapport::db {

class PgDatabase final : public Database {
 public:
  PgDatabase(PgOptions opts, int pool_size) : pool_(std::move(opts), pool_size) {}

  Status write(WriteFn fn) override;
  void shutdown() override { stopping_ = true; }
  PoolStats stats() override;
  RequestWrites request_writes();  // write_classes.hpp

 protected:
  void run_read(const std::function<void(Connection&)>& fn) override;
  void run_read_statement(const std::function<void(Connection&)>& fn) override;

 private:
  PgPool pool_;
  std::atomic<bool> stopping_{false};
  std::atomic<int64_t> writes_{0};
  std::atomic<int64_t> background_writes_{0};
};

}  // namespace rapport::db
