// Where generated rows go: one Sink per database engine. The runner (generate.cpp) hands a sink the
// chunks the Generator built, phase by phase (all companies, then all contacts, then all activities),
// on the calling thread. A sink inserts them in transactions of ~50k rows, keeps record_counts exact
// with every batch, counts what it inserted in the report, and records in the Generator's
// domain_override / email_override maps every row whose domain or email had to change because a row
// made by a user already holds it (a suffix "-2" .. "-5" at the chunk's suffix_at, else NULL).
//
// sqlite_sink.cpp: prepared statements row by row on the calling thread, tuned pragmas, a background
// WAL checkpointer. pg_sink.cpp: multi-row INSERTs through libpq's pipeline mode, on one or two
// connections.
#pragma once
#include <memory>
#include <string>

#include "app/demo/columns.hpp"
#include "app/demo/generate.hpp"
#include "platform/db/postgres.hpp"

namespace rapport::app::demo {

class Generator;

class Sink {
 public:
  // When destroyed before finish() (an exception), rolls the open batch back and restores settings;
  // batches committed before stay.
  virtual ~Sink() = default;
  virtual void companies(Chunk& ch) = 0;
  virtual void contacts(Chunk& ch) = 0;
  virtual void activities(Chunk& ch) = 0;
  // After each phase: every row handed over is inserted (in the open batch) and the override maps are
  // final, as the next phase's rows are built from them.
  virtual void end_phase() = 0;
  // Commits the last batch and restores whatever the sink changed on the connection.
  virtual void finish() = 0;
};

// `large`: a big run (~100k rows or more), for which the SQLite sink checkpoints in the background.
std::unique_ptr<Sink> make_sqlite_sink(db::SqliteConnection& c, const std::string& ws, Generator& gen,
                                       GenerateReport& report, bool large);
// Inserts through `lanes` connections of its own, opened with opts.
std::unique_ptr<Sink> make_pg_sink(const db::PgOptions& opts, std::size_t lanes, const std::string& ws, Generator& gen,
                                   GenerateReport& report);

}  // namespace rapport::app::demo
