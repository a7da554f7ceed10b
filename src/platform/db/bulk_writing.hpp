// A long run of writes (an import) begins or ends on the connection it is given: on SQLite the
// writer's page cache grows to kBulkCacheKiB meanwhile (sqlite.hpp says why); on PostgreSQL nothing
// changes. Call it inside a write (the writer's connection), with `on` false when the run ends.
#pragma once
#include "platform/db/connection.hpp"

namespace rapport::db {

void set_bulk_writing(Connection& c, bool on);

}  // namespace rapport::db
