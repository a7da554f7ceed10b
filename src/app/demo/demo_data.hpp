// The demo data set of `rapport serve --demo`, and finding the workspace and owner that `rapport
// generate` and --demo write into, on either engine.
#pragma once
#include <optional>
#include <string>

#include "app/demo/generate.hpp"
#include "platform/db/connection.hpp"
#include "platform/db/database.hpp"

namespace rapport::app {

struct GenerateTarget {
  std::string workspace_id, owner_id;
};

// The workspace named `workspace_name` (the first one created when empty) and its owner for generated
// rows: its first admin, else its first user. nullopt when there is no such workspace.
std::optional<GenerateTarget> find_generate_target(db::Connection& c, const std::string& workspace_name = "");

// Loads 40 companies, 200 contacts, 600 activities and, in three pipelines, 120 deals each with a company
// and one of its contacts (seed 42) into the first workspace unless it has contacts already; nullopt
// when it did not. On SQLite through the writer connection, holding off other writes; on PostgreSQL
// (database_url not empty) on a connection of its own, under an advisory lock, so that nodes started
// together with --demo load it once.
std::optional<GenerateReport> load_demo_data(db::Database& db, const std::string& database_url);

}  // namespace rapport::app
