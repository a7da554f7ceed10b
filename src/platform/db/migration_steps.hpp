// Migrations that need code as well as SQL: a step runs right after the SQL of its version, in the
// same transaction, on either engine (e.g. computing values SQL cannot: case-folded keys). A step is
// part of the migration's history: it is written for the schema of its version and never changes.
#pragma once
#include "platform/db/connection.hpp"

namespace rapport::db {

using MigrationStep = void (*)(Connection&);

// The step of this migration version, or nullptr when the version is SQL only.
MigrationStep migration_step(int version);

}  // namespace rapport::db
