#include "platform/db/scan_reading.hpp"

#include <string>

namespace rapport::db {

ScanReading::ScanReading(Connection& c) {
  if (c.dialect() != Dialect::Sqlite) return;
  std::string sql = "PRAGMA mmap_size=";
  sql += std::to_string(kScanMmapBytes);
  c.exec(sql);
  sqlite_ = &c;
}

ScanReading::~ScanReading() {
  if (!sqlite_) return;
  try {
    sqlite_->exec("PRAGMA mmap_size=0");
  } catch (...) {  // a connection that cannot take a pragma is discarded by its pool anyway
  }
}

}  // namespace rapport::db
