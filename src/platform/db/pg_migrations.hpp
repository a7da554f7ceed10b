// Versioned schema migrations for PostgreSQL (migrations/postgres/NNNN_name.sql, compiled in). Several
// nodes may start at once: a session-level advisory lock lets one of them migrate while the others
// wait, then find nothing left to do. A database newer than this binary is refused.
#pragma once
#include "platform/db/migrations.hpp"
#include "platform/db/postgres.hpp"

namespace rapport::db {

const std::vector<Migration>& embedded_pg_migrations();

MigrationReport migrate_pg(PgConnection& conn, const std::vector<Migration>& migrations = embedded_pg_migrations());

}  // namespace rapport::db
