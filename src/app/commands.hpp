// The administration subcommands of `rapport` (everything but `serve`). Each returns the exit code.
//
// Only `init` (and `serve`) create a database. The others need one that exists with this binary's
// schema and fail with a sentence saying to run `rapport init` or `rapport serve` first, creating
// nothing (app/existing_database.hpp). On SQLite, `init` and `migrate` hold the data directory's lock
// (app/data_lock.hpp), so they refuse to run beside a server; the others write beside one.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "app/application.hpp"

namespace rapport::app {

struct WorkspaceCreate {
  std::string name, admin_email;
};
struct ApiKeyCreate {
  std::string workspace, user_email, name;
  std::string role;     // empty: the key acts with its user's role
  std::string expires;  // empty: never; else app/key_expiry.hpp
};
struct ApiKeyRevoke {
  std::string workspace, id;
};
struct JobsCommand {
  std::string action;  // list, show, retry, cancel
  std::string id, workspace, state, type;
  int limit = 50;
};
struct ImportCommand {
  std::string file, object, mapping_file, workspace, as;
  std::string sheet;  // XLSX: the sheet to read
  bool dry_run = false;
};
struct Generate {
  int64_t contacts = 0, companies = -1, activities = -1, deals = 0;
  std::string workspace;
  uint64_t seed = 1;
  bool force = false;  // generate into a workspace holding real data (app/demo/real_data.hpp)
};
struct Migrate {
  bool status = false;   // list applied and pending migrations, change nothing
  bool dry_run = false;  // say what would be applied, change nothing
};

// Creates the database (SQLite data directory or PostgreSQL schema), the master key (SQLite's default
// file) and the first workspace with its admin as the first `serve` would, then exits. Refuses a
// database that exists. cfg: data_dir, database_url, master_key_file.
int init_command(const Config& cfg);

// With a postgres:// database_url these work on PostgreSQL, otherwise on <data_dir>/rapport.db. Each
// checks the master key against the database first (master_key_file: --master-key-file, may be empty).
int create_workspace_command(const std::string& data_dir, const std::string& database_url, const WorkspaceCreate& w,
                             const std::string& master_key_file);
int create_api_key_command(const std::string& data_dir, const std::string& database_url, const ApiKeyCreate& k,
                           const std::string& master_key_file);
int list_api_keys_command(const std::string& data_dir, const std::string& database_url, const std::string& workspace,
                          const std::string& master_key_file);
int revoke_api_key_command(const std::string& data_dir, const std::string& database_url, const ApiKeyRevoke& r,
                           const std::string& master_key_file);
// `rapport import FILE --object ...` (app/import_command.cpp).
int import_command(const std::string& data_dir, const std::string& database_url, const ImportCommand& ic,
                   const std::string& master_key_file);
// `rapport jobs list|show|retry|cancel` (app/jobs_command.cpp).
int jobs_command(const std::string& data_dir, const std::string& database_url, const JobsCommand& j,
                 const std::string& master_key_file);
int generate_command(const std::string& data_dir, const std::string& database_url, const Generate& g,
                     const std::string& master_key_file);
int migrate_command(const std::string& data_dir, const std::string& database_url, const Migrate& m,
                    const std::string& master_key_file);
// A consistent copy of <data_dir>/rapport.db written to out_path while the server may keep serving
// (SQLite's online backup: one read snapshot), readable by its owner only. Restoring is copying it
// back as rapport.db.
int backup_command(const std::string& data_dir, const std::string& database_url, const std::string& out_path);
int print_routes_command();
// The OpenAPI document the server would serve at /api/v1/openapi.json, built without serving: on
// stdout, or into out_path (rewritten only when it differs, so that a build depending on it reruns
// only then). The web UI's build generates its API types from it (cmake/web.cmake).
int openapi_command(const std::string& out_path);

}  // namespace rapport::app
