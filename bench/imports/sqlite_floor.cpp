// SQLite's own floor for an import: the same rows bench/imports/contacts_csv.py generates (a company
// for every ten contacts, created by domain) inserted straight into a migrated Rapport database with
// prepared statements, in the import's transactions (4,000 rows) and the writer's settings (WAL,
// synchronous=FULL, foreign keys on, the bulk-writing cache). The tables keep everything they carry in
// the product: every index, the search triggers, the email-key triggers. Nothing of Rapport runs: no
// parsing, mapping, lookups, audit, outbox or undo rows. bench/import_cpu.sh and bench/import.sh print
// the import's time against this one, measured in the same run: the import's cost over the physical
// limit of this schema on this machine.
// Usage: rapport_import_sqlite_floor DATABASE CONTACTS   (DATABASE: a fresh `rapport init` database)
#include <sqlite3.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "platform/ids.hpp"

namespace {

void check(sqlite3* db, int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
}

void exec(sqlite3* db, const std::string& sql) {
  check(db, sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), sql.c_str());
}

std::string one_text(sqlite3* db, const char* sql) {
  sqlite3_stmt* s = nullptr;
  check(db, sqlite3_prepare_v2(db, sql, -1, &s, nullptr), sql);
  std::string out;
  if (sqlite3_step(s) == SQLITE_ROW) out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
  sqlite3_finalize(s);
  if (out.empty()) throw std::runtime_error(std::string("no row: ") + sql);
  return out;
}

// Binds texts in order and runs the statement once.
void run(sqlite3* db, sqlite3_stmt* s, const std::vector<std::string>& values) {
  for (std::size_t i = 0; i < values.size(); ++i)
    sqlite3_bind_text(s, static_cast<int>(i + 1), values[i].data(), static_cast<int>(values[i].size()),
                      SQLITE_STATIC);
  check(db, sqlite3_step(s), "insert");
  sqlite3_reset(s);
}

std::string now_iso() {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: rapport_import_sqlite_floor DATABASE CONTACTS\n");
    return 2;
  }
  const long contacts = std::atol(argv[2]);
  sqlite3* db = nullptr;
  if (sqlite3_open(argv[1], &db) != SQLITE_OK) {
    std::fprintf(stderr, "cannot open %s\n", argv[1]);
    return 1;
  }
  try {
    // The writer connection's settings (platform/db/sqlite.cpp) with the import's bulk cache.
    exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
             "PRAGMA temp_store=MEMORY; PRAGMA mmap_size=0; PRAGMA secure_delete=ON; "
             "PRAGMA cache_size=-262144; PRAGMA wal_autocheckpoint=16000");
    const std::string workspace = one_text(db, "SELECT id FROM workspaces ORDER BY created_at LIMIT 1");
    const std::string owner = one_text(db, "SELECT id FROM users ORDER BY created_at LIMIT 1");
    sqlite3_stmt* company = nullptr;
    sqlite3_stmt* contact = nullptr;
    const char* company_sql =
        "INSERT INTO companies(id, workspace_id, name, domain, owner_id, custom, created_at, updated_at, "
        "created_by, version, name_key) VALUES (?, ?, ?, ?, ?, '{}', ?, ?, ?, 1, ?)";
    const char* contact_sql =
        "INSERT INTO contacts(id, workspace_id, first_name, last_name, email, emails, phones, company_id, "
        "job_title, lifecycle_stage, owner_id, custom, created_at, updated_at, created_by, version, "
        "first_name_key, last_name_key, email_key, emails_key) "
        "VALUES (?, ?, ?, ?, ?, '[]', '[]', ?, ?, ?, ?, '{}', ?, ?, ?, 1, ?, ?, ?, '[]')";
    check(db, sqlite3_prepare_v2(db, company_sql, -1, &company, nullptr), company_sql);
    check(db, sqlite3_prepare_v2(db, contact_sql, -1, &contact, nullptr), contact_sql);
    // contacts_csv.py's values, row for row.
    static const char* stages[] = {"lead", "subscriber", "opportunity", "other",      "customer",
                                   "lead", "lead",       "subscriber",  "other", "opportunity"};
    const auto started = std::chrono::steady_clock::now();
    const double cpu_started = cpu_seconds();
    std::string company_id;
    constexpr long kBatch = 4000;
    for (long i = 0; i < contacts; ++i) {
      if (i % kBatch == 0) exec(db, "BEGIN IMMEDIATE");
      const std::string at = now_iso();
      const std::string n = std::to_string(i);
      const std::string first = std::to_string(i % 997);
      if (i % 10 == 0) {
        const std::string c = std::to_string(i / 10);
        company_id = rapport::ids::uuid_v7();
        run(db, company, {company_id, workspace, "Company " + c, "company" + c + ".example", owner, at, at,
                          owner, "company " + c});
      }
      std::string email = "person" + n;
      email += "@mail";
      email += std::to_string(i % 101);
      email += ".example";
      run(db, contact,
          {rapport::ids::uuid_v7(), workspace, "First" + first, "Last" + n, email, company_id,
           "Title " + std::to_string(i % 37), stages[i % 10], owner, at, at, owner, "first" + first, "last" + n,
           email});
      if (i % kBatch == kBatch - 1 || i == contacts - 1) exec(db, "COMMIT");
    }
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const double cpu = cpu_seconds() - cpu_started;
    std::printf("{\"contacts\": %ld, \"wall_s\": %.2f, \"cpu_s\": %.2f, \"us_per_row_cpu\": %.1f}\n", contacts,
                wall, cpu, cpu * 1e6 / static_cast<double>(contacts));
    sqlite3_finalize(company);
    sqlite3_finalize(contact);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    sqlite3_close(db);
    return 1;
  }
  sqlite3_close(db);
  return 0;
}
