// Running an import: the `import.run` job (and `rapport import`, which runs the same function in its
// own process) reads the file from import_files piece by piece through the reader of its kind
// (open_reader: CSV text, or a vCard or XLSX file's bytes; memory flat whatever the file's length), plans each record (RowPlanner) and writes the planned rows in
// batches (sized by batch_size.hpp: kBatchRows to begin with), each its own write transaction (RowWriter) with the import's progress, so
// the writer is free for the API between batches. A batch is written on a thread of its own while
// the job reads and plans the next (one batch in flight: memory stays flat). A dry run writes each batch and rolls it back,
// keeping only its failed rows and counts. The import runs as the user who uploaded it, with their
// role as it is now. Jobs are not throttled by the API's rate limits.
//
// A run resumes after a crash: each batch's transaction also saves the counts and the file's records
// the committed batches hold (imports.records_done), so the queue's next run of the job (a node that
// died leaves it to the lease's expiry; a node stopping hands it back at once) skips those records and
// goes on with the counts: every row written once. A run whose lease expired meanwhile (its node
// stalled) commits no batch after another run took the job over (jobs::attempt_holds in each batch's
// transaction). One run at a time per node.
//
// `import.undo` reverses an import in batches: created records go to the recycle bin, updated ones
// get back their before-image (write_change, audited as `import_undo`), then the state is `undone`.
#pragma once
#include <functional>
#include <stop_token>

#include "modules/imports/row_writer.hpp"
#include "platform/db/database.hpp"
#include "platform/jobs/job.hpp"

namespace rapport::imports {

// Rows a write transaction: a batch is written set-based (row_writer.hpp), so its cost is a few
// statements a table plus the rows' own work; 1000 rows hold the writer ~30-60 ms (docs/benchmarks.md).
constexpr std::size_t kBatchRows = 1000;
// Records an undo transaction reverses (one by one: each is a record-engine write).
constexpr std::size_t kUndoBatchRows = 100;
// Runs of the import.run job: the first, and those that resume it after its node died or its storage
// refused a batch (full or failing). With the back-off (1 s doubling, at most 5 min) the last run comes
// some 4 to 8 minutes after the first failure: the time an operator has to free space.
constexpr int kRunAttempts = 10;

// Called after each batch with the import as stored then (the command line's progress bar, the
// job's real-time notices: progress_notice.hpp).
using OnProgress = std::function<void(const Import&)>;

struct RunDeps {
  db::Database& db;
  Services services;
  OnProgress on_progress = {};  // the jobs': each run's progress and state, an undo's end
};

// Runs import `id` to its end; `jc` (the job's context) makes the last write the job's success, and
// lets the run take over an import left running (resumed). The Problem says why the import could not
// run at all (gone, not queued), or that the job's node is stopping (the import stays running).
Status run_import(RunDeps& deps, const std::string& workspace_id, const std::string& id, std::stop_token stop,
                  const OnProgress& on_progress = {}, jobs::JobContext* jc = nullptr);
// Undoes import `id` as user `user_id` (the caller who asked).
Status undo_import(RunDeps& deps, const std::string& workspace_id, const std::string& id, const std::string& user_id,
                   jobs::JobContext* jc = nullptr);

jobs::JobType run_job_type(RunDeps deps);
jobs::JobType undo_job_type(RunDeps deps);

}  // namespace rapport::imports
