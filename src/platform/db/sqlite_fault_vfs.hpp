// Fault injection for SQLite's storage, for tests: a VFS shim over the default VFS ("unix") that
// passes every call through, except the reads, writes and fsyncs it is told to fail. While it is
// installed it is the default VFS, so every connection opened meanwhile (SqliteDatabase's writer and
// readers, a backup's destination, a migration's connection) goes through it; with no fault armed it
// changes nothing. The failed call returns what the unix VFS returns for a failing disk
// (SQLITE_IOERR_READ, _WRITE, _FSYNC; or SQLITE_FULL for a write, as ENOSPC does) without touching
// the file.
//
//   SqliteFaultVfs faults;                              // installed until it goes out of scope
//   faults.fail(FaultCall::Sync, 3);                    // the 4th fsync from now fails, and every one after
//   faults.fail(FaultCall::Write, 0, 1);                // only the next write fails
//   faults.clear();                                     // the disk is healthy again
//
// One at a time per process; install it before opening the connections it is to see, and destroy it
// after closing them.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <limits>
#include <mutex>

namespace rapport::db {

enum class FaultCall { Read, Write, Sync };

class SqliteFaultVfs {
 public:
  static constexpr int64_t kEvery = std::numeric_limits<int64_t>::max();

  SqliteFaultVfs();
  ~SqliteFaultVfs();
  SqliteFaultVfs(const SqliteFaultVfs&) = delete;
  SqliteFaultVfs& operator=(const SqliteFaultVfs&) = delete;

  // After `pass` more calls of the kind succeed, the next `times` fail with `code` (0: the unix VFS's
  // own code for the kind). Replaces what was armed for that kind.
  void fail(FaultCall call, int64_t pass, int64_t times = kEvery, int code = 0);
  // Every kind healthy again.
  void clear();
  // Calls of the kind seen since installation, and how many of them were failed.
  int64_t calls(FaultCall call) const;
  int64_t failed(FaultCall call) const;

  // The decision for one call (used by the shim's file methods): 0 to pass it on, or the code to fail it with.
  int decide(FaultCall call);
  // The VFS the shim passes calls on to (the default when it was installed).
  sqlite3_vfs* root() const { return root_; }

 private:
  struct Plan {
    int64_t calls = 0, failed = 0;
    int64_t pass = kEvery;  // calls still to pass before failing
    int64_t times = 0;      // failures still to give
    int code = 0;
  };
  // The writer and the readers call from their own threads.
  mutable std::mutex mu_;
  Plan plans_[3];
  sqlite3_vfs vfs_{};
  sqlite3_vfs* root_ = nullptr;
};

}  // namespace rapport::db
