// The administration subcommands of `rapport` (everything but `serve`). Each returns the exit code.
#pragma once
#include <cstdint>
#include <string>

namespace rapport::app {

struct WorkspaceCreate {
  std::string name, admin_email;
};
struct ApiKeyCreate {
  std::string workspace, user_email, name;
};
struct Generate {
  int64_t contacts = 0, companies = -1, activities = -1, deals = 0;
  std::string workspace;
  uint64_t seed = 1;
};

// With a postgres:// database_url these work on PostgreSQL, otherwise on <data_dir>/rapport.db. Each
// checks the master key against the database first (master_key_file: --master-key-file, may be empty).
int create_workspace_command(const std::string& data_dir, const std::string& database_url, const WorkspaceCreate& w,
                             const std::string& master_key_file);
int create_api_key_command(const std::string& data_dir, const std::string& database_url, const ApiKeyCreate& k,
                           const std::string& master_key_file);
int generate_command(const std::string& data_dir, const std::string& database_url, const Generate& g,
                     const std::string& master_key_file);
int migrate_command(const std::string& data_dir, const std::string& master_key_file);
// A consistent copy of <data_dir>/rapport.db written to out_path while the server may keep serving
// (SQLite's online backup: one read snapshot). Restoring is copying it back as rapport.db.
int backup_command(const std::string& data_dir, const std::string& database_url, const std::string& out_path);
int print_routes_command();

}  // namespace rapport::app
