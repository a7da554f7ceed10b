#include "platform/db/write_classes.hpp"

#include "platform/db/pg_database.hpp"
#include "platform/db/sqlite_database.hpp"

namespace rapport::db {

RequestWrites request_writes(Database& db) {
  if (auto* sqlite = dynamic_cast<SqliteDatabase*>(&db)) return sqlite->request_writes();
  if (auto* pg = dynamic_cast<PgDatabase*>(&db)) return pg->request_writes();
  return {.done = db.stats().write_jobs, .waiting = db.stats().write_queue_depth};
}

Status write_alone(Database& db, Database::WriteFn fn) {
  if (auto* sqlite = dynamic_cast<SqliteDatabase*>(&db)) return sqlite->write_alone(std::move(fn));
  return db.write(std::move(fn));
}

}  // namespace rapport::db
