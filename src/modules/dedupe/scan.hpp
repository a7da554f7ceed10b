// Finding duplicates: the dedupe.scan job, which compares every live record of one object in a
// workspace through the matcher's blocking keys and replaces the object's stored pairs, and the
// check of a record just created, which stores its own pairs in the creating transaction and says
// how many it found (the create's Possible-Duplicates header). Neither refuses anything.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "platform/db/database.hpp"
#include "platform/identity/context.hpp"
#include "platform/jobs/job.hpp"
#include "platform/records/routes.hpp"

namespace rapport::dedupe {

inline constexpr const char* kScanJob = "dedupe.scan";

struct ScanResult {
  std::size_t records = 0, pairs = 0;
  int64_t read_ms = 0, match_ms = 0, write_ms = 0;
};
// Scans one object of a workspace now (the job's work; also the benchmark's).
ScanResult scan(db::Database& db, const std::string& workspace_id, std::string_view object);

// The dedupe.scan job: payload {"object": "contacts"}, in the job's workspace.
jobs::JobType scan_job_type(db::Database& db);
// Enqueues a scan of the object in the caller's transaction (one pending per workspace and
// object); returns the job's id.
std::string enqueue_scan(db::Connection& c, const std::string& workspace_id, std::string_view object);

// Right after a record was created (the create route's notice): its pairs with the workspace's live
// records, looked up in a read and stored by a write only when there are some; returns how many of
// them the caller can see (both records readable: GET /api/v1/duplicates lists those), so that the
// count tells nothing of records outside their scope.
// Outside the create's transaction, so that the create does not wait for it: should the process
// stop in between, the next scan finds the pairs.
std::size_t check_created(db::Database& db, const identity::Context& ctx, std::string_view object, const std::string& id);
// That check as the create route's notice: header Possible-Duplicates: <count> when it found some.
// Empty for an object without duplicates.
records::CreatedNotice created_notice(db::Database& db, std::string_view object);

}  // namespace rapport::dedupe
