// Only `rapport serve` (its first start) and `rapport init` create a database. Every other command
// works on one that exists and has this binary's schema, and otherwise fails with a sentence saying
// what to run first, having created nothing (not even the data directory).
#pragma once
#include <stdexcept>
#include <string>

#include "platform/db/connection.hpp"

namespace rapport::app {

struct NoDatabase : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// How messages name a database: "the data directory DIR", or "the PostgreSQL database host:port/db"
// (never the URL's user or password).
std::string describe_database(const std::string& data_dir, const std::string& database_url);
// <data_dir>/rapport.db, which must exist (else NoDatabase).
std::string existing_sqlite_file(const std::string& data_dir);
// Throws NoDatabase when `c` has no Rapport schema; with `current`, also when the schema is older
// than this binary's (run `rapport migrate`). A newer schema is refused as migrations do.
void require_schema(db::Connection& c, const std::string& where, bool current);

}  // namespace rapport::app
