#include "platform/db/sqlite.hpp"

#include <algorithm>

#include "platform/db/bulk_writing.hpp"
#include "platform/db/unavailable.hpp"

namespace rapport::db {

namespace {
// The exception for a failed call's result code: what the caller may catch by kind.
[[noreturn]] void throw_code(int rc, const std::string& msg) {
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT: throw ConstraintError(rc, msg);
    case SQLITE_FULL: throw StorageFull(rc, msg);
    // The storage failed a read, write or fsync, or another process held the lock past the busy
    // timeout: nothing was done, and the same call may succeed later (503).
    case SQLITE_IOERR:
    case SQLITE_BUSY: throw Unavailable(rc, msg);
    default: throw DbError(rc, msg);
  }
}
}  // namespace

void throw_error(sqlite3* db, int rc, std::string_view context) {
  throw_code(rc, std::string(context) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
}

void SqliteStatement::reset() {
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
}

Statement& SqliteStatement::bind(int index, const Value& v) {
  int rc = SQLITE_OK;
  if (std::holds_alternative<std::nullptr_t>(v)) {
    rc = sqlite3_bind_null(s_, index);
  } else if (auto* i = std::get_if<int64_t>(&v)) {
    rc = sqlite3_bind_int64(s_, index, *i);
  } else if (auto* d = std::get_if<double>(&v)) {
    rc = sqlite3_bind_double(s_, index, *d);
  } else {
    const auto& s = std::get<std::string>(v);
    rc = sqlite3_bind_text(s_, index, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
  }
  if (rc != SQLITE_OK) throw_error(sqlite3_db_handle(s_), rc, "bind");
  return *this;
}

bool SqliteStatement::step() {
  int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // sqlite3_step leaves the statement needing a reset after an error; do it so the cache stays usable.
  sqlite3* db = sqlite3_db_handle(s_);
  std::string msg = std::string("step: ") + sqlite3_errmsg(db);
  sqlite3_reset(s_);
  throw_code(rc, msg);
}

Value SqliteStatement::value(int col) const {
  switch (sqlite3_column_type(s_, col)) {
    case SQLITE_NULL: return nullptr;
    case SQLITE_INTEGER: return int64(col);
    case SQLITE_FLOAT: return real(col);
    default: return text(col);
  }
}

namespace {
// Every connection is used by one thread at a time, so SQLite's own mutexes (on by default in
// Debian's serialized build) only cost time: a tenth of the writer's profile. Must run before the
// first connection opens.
const bool kConfigured = [] {
  sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  return true;
}();
}  // namespace

SqliteConnection::SqliteConnection(const std::string& path, bool read_only, int cache_kib) {
  (void)kConfigured;
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;  // each connection is used by one thread at a time
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw DbError(rc, "cannot open database " + path + ": " + msg);
  }
  try {
    configure(read_only, cache_kib);
  } catch (...) {
    // A constructor that throws runs no destructor: the connection is closed here (a setting refused
    // by a failing disk left it open, ~100 KB each time: LeakSanitizer, BackupFaults.* under
    // scripts/sanitize.sh). Nothing is prepared yet but what exec finalized.
    profile_.reset();
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw;
  }
}

void SqliteConnection::configure(bool read_only, int cache_kib) {
  sqlite3_extended_result_codes(db_, 1);
  profile_ = SqliteProfile::attach(db_, read_only);
  sqlite3_busy_timeout(db_, 5000);
  if (!read_only) exec("PRAGMA journal_mode=WAL");
  // Debian's build defaults differ from upstream's; state every setting that matters.
  exec("PRAGMA synchronous=FULL");
  exec("PRAGMA foreign_keys=ON");
  exec("PRAGMA temp_store=MEMORY");
  // Page cache per connection: the writer keeps more of the indexes it updates. No mmap: mapped pages
  // count in every connection's share of the process's memory, while the OS page cache does not.
  std::string cache = "PRAGMA cache_size=-";
  cache += std::to_string(cache_kib > 0 ? cache_kib : read_only ? kReaderCacheKiB : kWriterCacheKiB);
  exec(cache);
  exec("PRAGMA mmap_size=0");
  // Deleted and overwritten content is zeroed in the file, so that an erased contact's data does not
  // linger in free space (modules/privacy). Debian builds default to it; stated for other builds.
  if (!read_only) exec("PRAGMA secure_delete=ON");
  if (read_only) exec("PRAGMA query_only=1");
}

SqliteConnection::~SqliteConnection() {
  used_.clear();
  cache_.clear();  // finalize statements before closing
  profile_.reset();
  if (db_) sqlite3_close(db_);
}

void SqliteConnection::exec(std::string_view sql) {
  char* err = nullptr;
  std::string s(sql);
  int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw_code(rc, "exec: " + msg);
  }
}

Statement& SqliteConnection::prepare(const std::string& sql) {
  if (auto* cached = cache_.find(sql)) {
    SqliteStatement* st = cached->get();
    st->reset();
    if (std::find(used_.begin(), used_.end(), st) == used_.end()) used_.push_back(st);
    return *st;
  }
  // A statement used in this unit of work may still be referenced by the caller: it stays (the
  // cache then holds more than its capacity until the next prepare after reset_used()).
  cache_.make_room([&](const std::string&, const std::unique_ptr<SqliteStatement>& st) {
    return std::find(used_.begin(), used_.end(), st.get()) == used_.end();
  });
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &s, nullptr);
  if (rc != SQLITE_OK) throw_error(db_, rc, "prepare");
  auto& st = cache_.insert(sql, std::make_unique<SqliteStatement>(s));
  used_.push_back(st.get());
  return *st;
}

void SqliteConnection::trim_cache(std::size_t max_statements) {
  used_.clear();
  cache_.evict_to(max_statements, [](const std::string&, const auto&) { return true; });
}

void SqliteConnection::set_bulk_writing(bool on) {
  std::string sql = "PRAGMA cache_size=-";
  sql += std::to_string(on ? kBulkCacheKiB : kWriterCacheKiB);
  exec(sql);
  sql = "PRAGMA wal_autocheckpoint=";
  sql += std::to_string(on ? kBulkCheckpointPages : kCheckpointPages);
  exec(sql);
}

void set_bulk_writing(Connection& c, bool on) {
  if (auto* sqlite = dynamic_cast<SqliteConnection*>(&c)) sqlite->set_bulk_writing(on);
}

void SqliteConnection::reset_used() {
  for (auto* st : used_) st->reset();
  used_.clear();
}


}  // namespace rapport::db
