// Realistic demo and benchmark data: companies, contacts and activities (with their timeline links)
// written straight into one workspace's tables, on SQLite or PostgreSQL. Used by `rapport serve --demo`
// (small counts) and `rapport generate --contacts N` (benchmarks: 1M contacts, 100k companies, 500k
// activities in well under a minute on two cores with SQLite, a little over one with PostgreSQL).
//
// Generated rows are an import, not user edits: no audit_log or outbox rows are written for them (so
// webhooks and workflows do not fire a million times), but record_counts is kept exact, batch by batch.
//
// The pieces, in this folder: vocabulary.* (word lists, cities, the random generator), columns.hpp
// (row layouts and their INSERTs), rows.* and activity_rows.cpp (building rows), generate.cpp (the
// phases, and a second thread building rows while the first inserts), sink.hpp with sqlite_sink.cpp
// and pg_sink.cpp + pg_statements.* (inserting: transactions, collisions, connection settings), and
// demo_data.* (--demo, and which workspace to fill).
#pragma once
#include <cstdint>
#include <string>

#include "platform/db/sqlite.hpp"

namespace rapport::db {
struct PgOptions;
}

namespace rapport::app {

struct GenerateCounts {
  int64_t companies = 0, contacts = 0, activities = 0;
  int64_t deals = 0;  // > 0: also three pipelines and this many deals (demo/deal_rows.hpp)
  bool deals_with_customers = false;  // each deal with a company and one of its contacts (the demo)
};

struct GenerateReport {
  int64_t companies = 0, contacts = 0, activities = 0;
  int64_t pipelines = 0, deals = 0;
  double seconds = 0;
};

// Inserts realistic companies, contacts (most linked to a company) and activities (notes, tasks, calls,
// meetings, emails; each linked to one contact and that contact's company) into one workspace, owned by
// owner_user_id. Runs its own transactions on `c` (a read-write connection not inside a transaction),
// committing in batches of ~50k rows. Deterministic for a given seed. Keeps record_counts right.
//
// Details:
// - Determinism covers content (names, domains, emails, phones, field values, which contact each
//   activity belongs to) for a given seed and a given starting state of the workspace. Ids are
//   ids::uuid_v7() and timestamps are spread over the ~2 years before "now", so those differ per run.
// - Domain and email numbering continues after the rows already in the workspace, so running the
//   generator twice on one workspace does not collide; should a user-made row still hold a generated
//   domain or email, that one row gets a different suffix.
// - With counts.deals > 0, after the activities: three pipelines and that many deals with their
//   stage-history entries (see demo/deal_rows.hpp), through multi-row INSERTs on `c` (SQLite) or the
//   reads connection (PostgreSQL), in transactions of 25k deals. Deals do not depend on contacts.
// - Activities need contacts: with counts.contacts == 0 no activities are generated. Negative counts
//   count as 0. The report gives what was actually inserted.
// - Throws std::invalid_argument when the workspace does not exist. On any error the current batch is
//   rolled back and earlier batches stay committed (with their counts).
// - While it runs, the connection's pragmas are changed and restored at the end (also on error):
//   synchronous=NORMAL (in WAL mode still crash-safe; only the last commits may be lost), a 256 MB page
//   cache, and foreign_keys=OFF (the rows reference only the checked workspace and rows inserted
//   before them). Then the WAL is checkpointed (TRUNCATE after big runs, PASSIVE after small ones).
// - Big runs (~100k rows or more) use two helper threads: one builds rows while `c`'s thread inserts
//   them, and one checkpoints the WAL through a second connection to the same file (so it needs a
//   file-backed database; otherwise it is skipped). Small runs (the demo) stay on the calling thread.
// - Contacts have emails "first.last.<n>@<company domain>" (or @example.com/.net/.org without a
//   company), company domains like "northwind-logistics.example"; phones are valid E.164 numbers in
//   fictional or drama ranges (US/CA 555-01xx, GB Ofcom drama numbers) or plausible landlines elsewhere.
GenerateReport generate_data(db::SqliteConnection& c, const std::string& workspace_id, const std::string& owner_user_id,
                             const GenerateCounts& counts, uint64_t seed);

// The same on PostgreSQL, with the same rows for a given seed and starting state, and the same
// contract except for the SQLite-specific settings above. Opens its own connections with opts: one for
// the reads up front, and for inserting one (small runs) or two (big runs, so that two server processes
// share the work). These stream multi-row INSERTs in pipeline mode (platform/db/pg_pipeline.hpp)
// without waiting for each answer, each in transactions of ~50k rows; every phase is committed before
// the next starts. On an error each connection's open batch is rolled back. Foreign keys stay checked.
// A generated domain or email that a user-made row holds is found with ON CONFLICT DO NOTHING (also
// when another session inserts it meanwhile) and inserted again with a suffix, as above.
GenerateReport generate_data(const db::PgOptions& opts, const std::string& workspace_id, const std::string& owner_user_id,
                             const GenerateCounts& counts, uint64_t seed);

}  // namespace rapport::app
