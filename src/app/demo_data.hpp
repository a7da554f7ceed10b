// Realistic demo and benchmark data: companies, contacts and activities (with their timeline links)
// written straight into one workspace's tables. Used by `rapport serve --demo` (small counts) and
// `rapport generate --contacts N` (benchmarks: 1M contacts, 100k companies, 500k activities in well
// under a minute on two cores).
//
// Generated rows are an import, not user edits: no audit_log or outbox rows are written for them (so
// webhooks and workflows do not fire a million times), but record_counts is kept exact, batch by batch.
#pragma once
#include <cstdint>
#include <string>

#include "platform/db/sqlite.hpp"

namespace rapport::app {

struct GenerateCounts {
  int64_t companies = 0, contacts = 0, activities = 0;
};

struct GenerateReport {
  int64_t companies = 0, contacts = 0, activities = 0;
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
// - Activities need contacts: with counts.contacts == 0 no activities are generated. Negative counts
//   count as 0. The report gives what was actually inserted.
// - While it runs, the connection's synchronous pragma is lowered to NORMAL (WAL: still crash-safe) and
//   its page cache enlarged; both are restored at the end (also on error), followed by a WAL checkpoint.
//   On error the current batch is rolled back and earlier batches stay committed (with their counts).
GenerateReport generate_data(db::Connection& c, const std::string& workspace_id, const std::string& owner_user_id,
                             const GenerateCounts& counts, uint64_t seed);

}  // namespace rapport::app
