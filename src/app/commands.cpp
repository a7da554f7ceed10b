#include "app/commands.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "access/passwords.hpp"
#include "access/provisioning.hpp"
#include "app/application.hpp"
#include "app/backup_record.hpp"
#include "app/data_directory.hpp"
#include "app/data_lock.hpp"
#include "app/demo/demo_data.hpp"
#include "app/demo/generate.hpp"
#include "app/demo/real_data.hpp"
#include "app/existing_database.hpp"
#include "app/master_key.hpp"
#include "app/start_checks.hpp"
#include "platform/clock.hpp"
#include "platform/db/migrations.hpp"
#include "platform/db/pg_connection_adapter.hpp"
#include "platform/db/postgres.hpp"
#include "platform/db/sqlite.hpp"

namespace rapport::app {
namespace fs = std::filesystem;

int init_command(const Config& given) {
  Config cfg = given;
  cfg.readers = 1;
  cfg.pool_size = 1;
  check_start_options(cfg, false);
  const std::string where = describe_database(cfg.data_dir, cfg.database_url);
  const std::string exists = where + " already holds a Rapport database; `rapport init` only creates new ones (nothing was changed)";
  std::unique_ptr<DataLock> lock;
  if (cfg.database_url.empty()) {
    create_data_directory(cfg.data_dir);
    lock = std::make_unique<DataLock>(cfg.data_dir, "rapport init");
    // A rapport.db without a schema is what a first start cut short leaves: init finishes it.
    std::error_code ec;
    const fs::path file = fs::path(cfg.data_dir) / "rapport.db";
    if (fs::exists(file, ec)) {
      db::SqliteConnection c(file.string(), true);
      if (db::has_schema(c)) throw std::runtime_error(exists);
    }
  } else {
    db::PgOptions opts;
    opts.url = cfg.database_url;
    db::PgConnection c(opts);
    db::PgAdapterConnection adapter(c);
    if (db::has_schema(adapter)) throw std::runtime_error(exists);
  }
  Application app(cfg);
  app.first_start();
  std::cout << "Initialised " << where << "; start the server with `rapport serve`"
            << (cfg.database_url.empty() ? "" : " --database ...") << "\n";
  return 0;
}

int create_workspace_command(const std::string& data_dir, const std::string& database_url, const WorkspaceCreate& w,
                             const std::string& master_key_file) {
  auto db = open_database(data_dir, 1, database_url, 1, master_key_file, nullptr, Opening::Existing);
  const char* env_pw = std::getenv("RAPPORT_ADMIN_PASSWORD");
  std::string password = env_pw && *env_pw ? env_pw : access::generate_password();
  std::optional<access::NewWorkspace> created;
  auto st = db->write([&](db::Connection& c) -> Status {
    auto r = access::create_workspace(c, w.name, w.admin_email, password);
    if (!r) return r.take_problem();
    created = *r;
    return ok_status();
  });
  if (!st) {
    std::cerr << "rapport: " << st.problem().detail;
    for (const auto& e : st.problem().errors) std::cerr << "; " << e.field << " " << e.message;
    std::cerr << "\n";
    return 1;
  }
  std::cout << "Created workspace \"" << w.name << "\" (" << created->workspace_id << ") with admin " << w.admin_email << "\n";
  if (!(env_pw && *env_pw)) std::cout << "Password: " << password << "  (shown only this once)\n";
  return 0;
}

int generate_command(const std::string& data_dir, const std::string& database_url, const Generate& g,
                     const std::string& master_key_file) {
  std::unique_ptr<db::SqliteConnection> sqlite;
  db::PgOptions pg;
  std::optional<GenerateTarget> target;
  std::optional<std::string> real;
  if (database_url.empty()) {
    sqlite = std::make_unique<db::SqliteConnection>(existing_sqlite_file(data_dir), false);
    require_schema(*sqlite, describe_database(data_dir, database_url), true);
    open_vault(*sqlite, {master_key_file, data_dir, false});
    target = find_generate_target(*sqlite, g.workspace);
    if (target && !g.force) real = real_data_in(*sqlite, target->workspace_id);
  } else {
    open_database(data_dir, 1, database_url, 1, master_key_file, nullptr, Opening::Existing);  // the schema, the key
    pg.url = database_url;
    pg.statement_timeout = std::chrono::minutes(5);  // one INSERT of a few hundred rows: generous, for slow disks
    db::PgConnection c(pg);
    db::PgAdapterConnection reads(c);
    target = find_generate_target(reads, g.workspace);
    if (target && !g.force) real = real_data_in(reads, target->workspace_id);
  }
  if (!target) {
    if (!g.workspace.empty()) std::cerr << "rapport: no workspace named \"" << g.workspace << "\"\n";
    else std::cerr << "rapport: no workspace to generate into; run `rapport workspace create` first\n";
    return 1;
  }
  if (real) {
    std::cerr << "rapport: the workspace " << (g.workspace.empty() ? "" : "\"" + g.workspace + "\" ")
              << "holds real data (" << *real
              << "), and generate writes fake records without audit entries; generate into a workspace of its own "
                 "(`rapport workspace create`, then --workspace), or pass --force to mix them in anyway\n";
    return 1;
  }
  if (target->owner_id.empty()) {
    std::cerr << "rapport: the workspace has no user to own the generated records\n";
    return 1;
  }
  GenerateCounts counts{g.companies >= 0 ? g.companies : g.contacts / 10, g.contacts,
                        g.activities >= 0 ? g.activities : g.contacts / 2, g.deals};
  auto report = sqlite ? generate_data(*sqlite, target->workspace_id, target->owner_id, counts, g.seed)
                       : generate_data(pg, target->workspace_id, target->owner_id, counts, g.seed);
  std::cout << "Generated " << report.companies << " companies, " << report.contacts << " contacts, " << report.activities
            << " activities";
  if (report.deals > 0) std::cout << ", " << report.pipelines << " pipelines, " << report.deals << " deals";
  std::cout << " in " << report.seconds << " s\n";
  return 0;
}

int backup_command(const std::string& data_dir, const std::string& database_url, const std::string& out_path) {
  if (!database_url.empty()) {
    std::cerr << "rapport: on PostgreSQL, back up with pg_dump (see docs/operations.md); this command copies "
                 "the SQLite file\n";
    return 2;
  }
  fs::path src = existing_sqlite_file(data_dir);
  if (fs::exists(out_path)) {
    std::cerr << "rapport: " << out_path << " exists; choose a new file for the backup\n";
    return 1;
  }
  db::SqliteConnection from(src.string(), true);
  require_schema(from, describe_database(data_dir, database_url), false);
  sqlite3* to = nullptr;
  std::string tmp = out_path + ".partial";
  int rc = sqlite3_open_v2(tmp.c_str(), &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc == SQLITE_OK) {
    // All pages in one step: the copy is one consistent snapshot, and in WAL mode the server's
    // writers are not blocked meanwhile.
    sqlite3_backup* b = sqlite3_backup_init(to, "main", from.handle(), "main");
    if (b) {
      rc = sqlite3_backup_step(b, -1);
      sqlite3_backup_finish(b);
      if (rc == SQLITE_DONE) rc = SQLITE_OK;
    } else {
      rc = sqlite3_errcode(to);
    }
  }
  std::string err = to ? sqlite3_errmsg(to) : "cannot open the backup file";
  sqlite3_close(to);
  if (rc != SQLITE_OK) {
    // The copy and its rollback journal, which a failed write or fsync of the copy leaves behind.
    for (const char* side : {"", "-journal", "-wal", "-shm"}) fs::remove(tmp + side);
    std::cerr << "rapport: backup failed: " << err << "\n";
    return 1;
  }
  // It holds everything the database does: its owner's only, whatever the umask it was made under.
  fs::permissions(tmp, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  fs::rename(tmp, out_path);  // the backup appears whole or not at all
  // For the server's rapport_backup_age_seconds. The backup is whole already: a data directory too
  // full for this small file (a backup is most needed then) does not fail it, the age says the
  // backup before, and the operator is told.
  try {
    record_backup(data_dir, clock::now_ms());
  } catch (const std::exception& e) {
    std::cerr << "rapport: warning: the backup is whole, but its time was not recorded (" << e.what()
              << "): rapport_backup_age_seconds still counts from the backup before; free space in " << data_dir << "\n";
  }
  std::cout << "Backed up " << src.string() << " to " << out_path << " (" << fs::file_size(out_path) << " bytes)\n"
            << "The master key is not in the backup: keep a copy of " << (fs::path(data_dir) / "master.key").string()
            << " (or of RAPPORT_MASTER_KEY) apart from it; a restore needs both\n";
  return 0;
}

namespace {

// Builds the application against a throw-away database (the router and the document need one) and
// hands it to f.
template <typename F>
void with_throwaway_application(const std::string& purpose, F f) {
  fs::path tmp = fs::temp_directory_path() / ("rapport-" + purpose + "-" + std::to_string(::getpid()));
  spdlog::set_level(spdlog::level::err);  // stdout is the result, nothing else (not even the throw-away key)
  try {
    Config cfg;
    cfg.data_dir = tmp.string();
    cfg.readers = 1;
    Application app(cfg);
    f(app);
  } catch (...) {
    fs::remove_all(tmp);
    throw;
  }
  fs::remove_all(tmp);
}

}  // namespace

int print_routes_command() {
  with_throwaway_application("routes", [](const Application& app) {
    for (const auto& r : app.router().routes()) std::cout << r.method << " " << r.pattern << "\n";
  });
  return 0;
}

int openapi_command(const std::string& out_path) {
  std::string doc;
  with_throwaway_application("openapi", [&doc](const Application& app) { doc = app.openapi() + "\n"; });
  if (out_path.empty()) {
    std::cout << doc << std::flush;
    return 0;
  }
  std::ifstream existing(out_path, std::ios::binary);
  std::ostringstream old;
  old << existing.rdbuf();
  if (existing && old.str() == doc) return 0;
  const std::string tmp = out_path + ".tmp";
  std::ofstream(tmp, std::ios::binary) << doc;
  fs::rename(tmp, out_path);
  return 0;
}

}  // namespace rapport::app
