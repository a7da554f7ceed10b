// A read that walks a long range of the database (a report over a year of tickets) on the
// connection it is given: on SQLite the connection maps the file (mmap_size kScanMmapBytes) for the
// read's duration, so the pages it visits are read from the OS page cache in place rather than copied
// into SQLite's page cache one read() at a time (docs/benchmarks.md, "Support KPIs": the copying was
// about a third of a report's CPU), and goes back to no mapping after (sqlite.cpp says why the
// readers keep none); on PostgreSQL nothing changes. A guard: construct it inside the read.
#pragma once
#include <cstdint>

#include "platform/db/connection.hpp"

namespace rapport::db {

inline constexpr int64_t kScanMmapBytes = int64_t{2} << 30;  // SQLite caps it at its build's maximum

class ScanReading {
 public:
  explicit ScanReading(Connection& c);
  ~ScanReading();
  ScanReading(const ScanReading&) = delete;
  ScanReading& operator=(const ScanReading&) = delete;

 private:
  Connection* sqlite_ = nullptr;  // the connection when it is SQLite's
};

}  // namespace rapport::db
