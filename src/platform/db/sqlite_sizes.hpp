// The SQLite connections' memory and checkpoint sizes (sqlite.cpp applies them), apart from sqlite.hpp
// so that the server's configuration can name its defaults without SQLite's header.
#pragma once

namespace rapport::db {

// A reader's page cache. Each reader has its own, and a miss is a pread copying a page from the OS
// cache: at 8 MB the support inbox's pages (1M tickets) missed so often that the copies were a third
// of a request's CPU (docs/benchmarks.md, "Reader page caches"; 32 MiB took a third off, 64 MiB half).
// A cache fills only as far as pages are read, so a small database never reaches it; on a large one
// the four readers' and the writer's caches are 160 MiB, within the spine's 300 MB of RSS at 1M
// contacts. `rapport serve --reader-cache-mib` sets it.
constexpr int kReaderCacheMiB = 32;
constexpr int kReaderCacheKiB = kReaderCacheMiB * 1024;
constexpr int kWriterCacheKiB = 32000;
constexpr int kBulkCacheKiB = 256 * 1024;
constexpr int kCheckpointPages = 1000;
constexpr int kBulkCheckpointPages = 16000;

}  // namespace rapport::db
