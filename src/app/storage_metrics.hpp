// Metrics about where the data lives, read at scrape time: the database's size (and its WAL on
// SQLite), the outbox events not yet relayed, PostgreSQL pool waits and the age of the last backup.
// Values that cost a query are cached for a few seconds, so frequent or concurrent scrapes never
// add up to a load on the database.
#pragma once
#include <string>

#include "platform/db/database.hpp"
#include "platform/metrics.hpp"

namespace rapport::app {

// on_postgres: the database is PostgreSQL (sizes from pg_database_size, pool waits); otherwise
// <data_dir>/rapport.db and its -wal file. The backup's age comes from <data_dir>/last-backup.
void add_storage_metrics(Metrics& m, db::Database& db, const std::string& data_dir, bool on_postgres);

}  // namespace rapport::app
