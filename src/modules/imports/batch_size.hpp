// How many rows an import's next batch takes (run_import.cpp). Alone on the writer (no request wrote
// beside the last batch) a batch takes kBulkBatchRows: fewer commits write each page of the contacts'
// randomly keyed indexes to the WAL fewer times (docs/benchmarks.md, session 23). With requests
// writing beside it, a batch is sized to hold the writer for about kBatchBudget, from the time the
// last batch took a row: a request's write waits for at most the batch under way (Database::write_alone),
// so that time is what a write waits for. At 1M contacts a row takes ~200 µs on this schema's indexes,
// and a fixed 1,000-row batch held every POST ~250 ms during an import (bench/import.sh, session 25).
#pragma once
#include <chrono>
#include <cstddef>
#include <optional>

namespace rapport::imports {

inline constexpr std::size_t kBulkBatchRows = 4000;
// The writer time a batch may take while requests write beside the import.
inline constexpr std::chrono::milliseconds kBatchBudget{20};
// A batch's rows at least: each commit costs its own WAL writes, so fewer rows a batch would cost the
// import more than they save a request.
inline constexpr std::size_t kMinBatchRows = 100;

// The last batch written: its rows and the time its write took.
struct BatchTiming {
  std::size_t rows = 0;
  std::chrono::steady_clock::duration took{};
};

// `first`: rows before any batch was timed (kBatchRows: small, as the writer may be busy).
std::size_t next_batch_rows(bool requests_writing, const std::optional<BatchTiming>& last, std::size_t first);

}  // namespace rapport::imports
