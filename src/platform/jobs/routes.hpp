// /api/v1/jobs: an admin's view of the workspace's background jobs (state, attempts, errors) and the
// two things they may do about one: retry a dead or cancelled job, cancel a pending one. Jobs of
// the installation itself (no workspace) are not shown here (`rapport jobs` lists them).
#pragma once
#include "platform/db/database.hpp"
#include "platform/http/api.hpp"

namespace rapport::jobs {

void add_routes(http::Api& api, db::Database& db);

}  // namespace rapport::jobs
