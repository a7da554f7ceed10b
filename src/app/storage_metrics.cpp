#include "app/storage_metrics.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <memory>

#include "app/backup_record.hpp"
#include "platform/cached.hpp"
#include "platform/clock.hpp"

namespace rapport::app {
namespace fs = std::filesystem;

namespace {

constexpr std::chrono::seconds kQueryCacheAge{10};

// A cached query of one number; nullopt (the metric left out of the scrape) while the database
// does not answer.
std::shared_ptr<Cached<std::optional<double>>> cached_number(db::Database& db, std::string sql) {
  return std::make_shared<Cached<std::optional<double>>>(kQueryCacheAge, [&db, sql]() -> std::optional<double> {
    try {
      auto v = db.read_statement([&](db::Connection& c) { return c.scalar(sql); });
      if (auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
      if (auto* d = std::get_if<double>(&v)) return *d;
      return std::nullopt;
    } catch (const std::exception& e) {
      spdlog::warn("metrics: a storage query failed: {}", e.what());
      return std::nullopt;
    }
  });
}

std::optional<double> file_bytes(const fs::path& p) {
  std::error_code ec;
  auto n = fs::file_size(p, ec);
  return ec ? 0.0 : static_cast<double>(n);  // no WAL file yet: nothing waits in it
}

}  // namespace

void add_storage_metrics(Metrics& m, db::Database& db, const std::string& data_dir, bool on_postgres) {
  if (on_postgres) {
    auto size = cached_number(db, "SELECT pg_database_size(current_database())");
    m.add_gauge("rapport_db_size_bytes", "Size of the database in bytes (PostgreSQL: pg_database_size, refreshed every 10 s)",
                [size] { return size->get(); });
    m.add_counter("rapport_db_pool_waits_total", "Requests that found every PostgreSQL connection busy and waited for one",
                  [&db] { return static_cast<double>(db.stats().pool_waits); });
    m.add_counter("rapport_db_pool_wait_seconds_total", "Seconds requests waited for a PostgreSQL connection",
                  [&db] { return db.stats().pool_wait_seconds; });
  } else {
    fs::path file = fs::path(data_dir) / "rapport.db";
    fs::path wal = fs::path(data_dir) / "rapport.db-wal";
    m.add_gauge("rapport_db_size_bytes", "Size of the database file in bytes", [file] { return file_bytes(file); });
    m.add_gauge("rapport_db_wal_size_bytes", "Size of the database's write-ahead log in bytes", [wal] { return file_bytes(wal); });
  }
  auto backlog = cached_number(db, "SELECT count(*) FROM outbox WHERE processed_at IS NULL");
  m.add_gauge("rapport_outbox_pending_events", "Domain events not yet relayed (refreshed every 10 s)",
              [backlog] { return backlog->get(); });
  // `rapport backup` copies the SQLite file (PostgreSQL is backed up with pg_dump, outside Rapport).
  if (!on_postgres)
    m.add_gauge("rapport_backup_age_seconds",
                "Seconds since the last successful `rapport backup` of this data directory finished (absent: none recorded)",
                [data_dir]() -> std::optional<double> {
                  auto at = last_backup_ms(data_dir);
                  if (!at) return std::nullopt;
                  return static_cast<double>(clock::now_ms() - *at) / 1000.0;
                });
}

}  // namespace rapport::app
