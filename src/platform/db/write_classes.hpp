// Two kinds of write beside a request's, for the writers that can tell them apart (SQLite's single
// writer above all): background writes, which nobody waits on as on a request's (the outbox relay's,
// the job runner's, an import's batches), and a large write kept out of any group commit (an import's
// batch). An import reads the requests' writes to decide how large its batches may be
// (modules/imports/run_import.cpp).
#pragma once
#include <cstdint>

#include "platform/db/database.hpp"

namespace rapport::db {

// Writes made on this thread while one lives are background writes.
class BackgroundWrites {
 public:
  BackgroundWrites() { ++depth(); }
  ~BackgroundWrites() { --depth(); }
  BackgroundWrites(const BackgroundWrites&) = delete;
  BackgroundWrites& operator=(const BackgroundWrites&) = delete;
  static bool active() { return depth() > 0; }

 private:
  static int& depth() {
    thread_local int d = 0;
    return d;
  }
};

struct RequestWrites {
  int64_t done = 0;     // committed or refused so far, background writes left out
  int64_t waiting = 0;  // queued for the writer now (SQLite; PostgreSQL's writes do not queue)
};
RequestWrites request_writes(Database& db);

// fn in a transaction of its own: on SQLite the writes queued before it are committed first and those
// queued after it wait for it alone, never for a group commit it joined. Elsewhere db.write(fn).
Status write_alone(Database& db, Database::WriteFn fn);

}  // namespace rapport::db
