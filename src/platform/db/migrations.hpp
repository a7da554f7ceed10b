// Versioned schema migrations (migrations/sqlite/NNNN_name.sql, compiled into the binary), applied in
// order at start inside one transaction each and recorded in schema_migrations. A version may also
// have a code step (migration_steps.hpp) that runs after its SQL in the same transaction.
#pragma once
#include <string>
#include <vector>

#include "platform/db/connection.hpp"

namespace rapport::db {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

const std::vector<Migration>& embedded_migrations();

struct MigrationReport {
  int from_version = 0;
  int to_version = 0;
  std::vector<std::string> applied;
  std::vector<std::string> analyzed;  // indexes given planner statistics (planner_statistics.hpp)
};

// Applies what is missing, then measures the indexes of analysed tables that lack statistics
// (analyze_unmeasured_indexes, planner_statistics.hpp: a new index must not be taken for a tiny one). Throws DbError when the database records a version newer than the newest
// migration this binary knows (an older binary must not write to a newer schema).
MigrationReport migrate(Connection& conn, const std::vector<Migration>& migrations = embedded_migrations());

// The newest version among migrations; throws DbError when the database is already past it.
// Shared by both engines' runners.
int newest_known_version(int database_version, const std::vector<Migration>& migrations);

// Throws DbError naming a migration this binary has that is older than the database's version but
// not among its recorded ones: the runner applies only versions above the newest recorded, so such a
// migration (one numbered below a version a database already had when it was added) would never be
// applied, and the server would run on a schema without it. Renumbering it above the newest is the fix.
void refuse_skipped(const std::vector<int>& recorded, int database_version, const std::vector<Migration>& migrations);

// What a database records of its schema, on either engine (for `rapport migrate --status`, and for
// commands that must not create or upgrade a database). Reads only.
struct AppliedMigration {
  int version = 0;
  std::string name, applied_at;
};
// False when the database has no schema_migrations table: it is not (yet) a Rapport database.
bool has_schema(Connection& conn);
// The recorded migrations by version; empty without a schema.
std::vector<AppliedMigration> applied_migrations(Connection& conn);
// The known migrations newer than database_version, in order.
std::vector<Migration> pending_migrations(int database_version, const std::vector<Migration>& migrations);

}  // namespace rapport::db
