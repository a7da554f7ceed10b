#include "platform/db/pg_database.hpp"

#include <spdlog/spdlog.h>

#include "platform/db/unavailable.hpp"

namespace rapport::db {

namespace {

constexpr const char* kNotWritten = "The database is not reachable or did not answer in time; nothing was written. Retry shortly";
// The connection broke after COMMIT was sent: the server may have committed before it went.
constexpr const char* kInDoubt =
    "The database stopped answering while the change was being committed: it may or may not have been saved. Read it "
    "back, or retry with the same Idempotency-Key";

// Ends a transaction that did not commit; a broken connection has nothing left to roll back.
void rollback_quietly(PgConnection& c) {
  try {
    if (c.healthy()) c.exec_script("ROLLBACK");
  } catch (const std::exception& e) {
    spdlog::warn("rollback failed: {}", e.what());
  }
}

}  // namespace

void PgDatabase::run_read(const std::function<void(Connection&)>& fn) {
  pool_.with([&](PgConnection& pg) {
    PgAdapterConnection c(pg);
    // BEGIN goes with the first command (a search's settings share its message); a read that ran
    // nothing has no transaction to end. The snapshot is taken by the first statement either way.
    pg.defer("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    try {
      fn(c);
      c.reset_used();
      if (pg.drop_deferred()) pg.exec_script("COMMIT");
    } catch (...) {
      if (pg.drop_deferred()) rollback_quietly(pg);
      throw;
    }
    return 0;
  });
}

void PgDatabase::run_read_statement(const std::function<void(Connection&)>& fn) {
  // Autocommit: the one statement is its own transaction and snapshot.
  pool_.with([&](PgConnection& pg) {
    PgAdapterConnection c(pg);
    fn(c);
    c.reset_used();
    return 0;
  });
}

Status PgDatabase::write(WriteFn fn) {
  if (stopping_) return Problem::unavailable("The server is shutting down");
  bool committing = false;
  try {
    return pool_.with([&](PgConnection& pg) -> Status {
      PgAdapterConnection c(pg);
      // BEGIN goes with the first statement (one round trip, PgConnection::exec); a write that ran
      // nothing opened no transaction.
      pg.defer("BEGIN");
      // Whatever leaves this function, the held-back BEGIN is never left for the connection's next user.
      struct DropDeferred {
        PgConnection& pg;
        ~DropDeferred() { pg.drop_deferred(); }
      } drop_deferred_on_exit{pg};
      Status st = Problem::internal();
      try {
        st = fn(c);
      } catch (const PgUnavailable&) {
        throw;
      } catch (const Unavailable& e) {  // statement_timeout: the connection is sound, the transaction is rolled back
        spdlog::warn("write not done: {}", e.what());
        st = Problem::unavailable(kNotWritten);
      } catch (const StorageFull& e) {
        spdlog::error("write refused, the database's storage is full: {}", e.what());
        st = Problem::insufficient_storage();
      } catch (const ConstraintError& e) {
        // The checks inside fn passed, but a concurrent transaction committed the same unique value
        // first (possibly on another node): the index is the final word.
        spdlog::info("write refused by a constraint: {}", e.what());
        st = Problem::concurrent_change();
      } catch (const TransactionConflict& e) {  // a deadlock broken by PostgreSQL: nothing written, may be run again
        spdlog::info("write lost a race: {}", e.what());
        st = Problem::concurrent_change();
      } catch (const std::exception& e) {
        spdlog::error("write failed: {}", e.what());
        st = Problem::internal();
      }
      c.reset_used();
      const bool began = pg.drop_deferred();
      if (!st) {
        if (began) rollback_quietly(pg);
        return st;
      }
      if (!began) {  // nothing was written: nothing to commit
        ++writes_;
        if (BackgroundWrites::active()) ++background_writes_;
        return st;
      }
      try {
        committing = true;
        pg.exec_script("COMMIT");
      } catch (const ConstraintError&) {  // a deferred constraint
        return Problem::concurrent_change();
      } catch (const TransactionConflict&) {  // a serialization failure found at COMMIT
        rollback_quietly(pg);
        return Problem::concurrent_change();
      } catch (const StorageFull& e) {
        spdlog::error("commit refused, the database's storage is full: {}", e.what());
        return Problem::insufficient_storage();
      } catch (const PgUnavailable&) {
        throw;  // the connection broke: whether the COMMIT reached the server is unknown (503, in doubt)
      } catch (const Unavailable& e) {
        spdlog::warn("commit not done: {}", e.what());
        rollback_quietly(pg);
        return Problem::unavailable(kNotWritten);
      } catch (const DbError& e) {
        // Any other error PostgreSQL answered to the COMMIT (a deferred trigger's own exception, say):
        // the transaction ended without its writes, and the connection is sound.
        spdlog::error("commit failed: {}", e.what());
        rollback_quietly(pg);
        return Problem::internal();
      }
      ++writes_;
      if (BackgroundWrites::active()) ++background_writes_;
      notify_committed();
      return st;
    });
  } catch (const PgUnavailable& e) {
    if (committing) {
      spdlog::warn("write in doubt, the database went while committing: {}", e.what());
      return Problem::unavailable(kInDoubt);
    }
    spdlog::warn("write not done, database unavailable: {}", e.what());
    return Problem::unavailable(kNotWritten);
  }
}

RequestWrites PgDatabase::request_writes() { return {.done = writes_.load() - background_writes_.load(), .waiting = 0}; }

PoolStats PgDatabase::stats() {
  PoolStats s;
  s.readers_total = pool_.size();
  s.readers_in_use = pool_.in_use();
  s.write_jobs = writes_.load();
  s.pool_waits = static_cast<int64_t>(pool_.waits());
  s.pool_wait_seconds = pool_.wait_seconds();
  return s;
}

}  // namespace rapport::db
