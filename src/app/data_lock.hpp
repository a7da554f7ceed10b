// One process at a time changes a SQLite data directory's schema or serves it: `rapport serve`,
// `rapport init` and `rapport migrate` hold an exclusive lock on <data dir>/rapport.lock (flock, so
// the kernel releases it when the process ends, crash included) and write into the file who they
// are. A second one is refused with that text. Commands that only add rows (workspace create,
// apikey, generate) and backup do not take it: SQLite's WAL lets them write beside a running server
// (docs/operations.md, "Commands beside a running server"). PostgreSQL deployments have no lock
// file: several nodes share the database, and its migrations take an advisory lock.
#pragma once
#include <stdexcept>
#include <string>

namespace rapport::app {

// The directory is held by another process; what() names it.
struct DataDirectoryInUse : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class DataLock {
 public:
  // Takes the lock of `data_dir` (which must exist) for `holder`, e.g. "rapport serve on 127.0.0.1:8080";
  // the file then reads "<holder>, pid N, started <time>". Throws DataDirectoryInUse naming the
  // holder when another process has it, std::runtime_error when the file cannot be opened.
  DataLock(const std::string& data_dir, const std::string& holder);
  ~DataLock();
  DataLock(const DataLock&) = delete;
  DataLock& operator=(const DataLock&) = delete;

  static std::string file_in(const std::string& data_dir);

 private:
  int fd_ = -1;
};

}  // namespace rapport::app
