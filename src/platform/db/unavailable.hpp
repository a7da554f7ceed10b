// The database cannot do it now but may shortly: SQLite's storage failed a read, write or fsync
// (SQLITE_IOERR), or another process held its lock past the busy timeout (SQLITE_BUSY); a
// PostgreSQL statement was cancelled by statement_timeout (57014). Nothing of the write is kept; the
// HTTP layer answers 503 with Retry-After (Application::dispatch), as it does for PgUnavailable (a
// lost PostgreSQL connection, which the pool also reconnects: postgres.hpp).
#pragma once
#include "platform/db/connection.hpp"

namespace rapport::db {

struct Unavailable : DbError {
  using DbError::DbError;
};

}  // namespace rapport::db
