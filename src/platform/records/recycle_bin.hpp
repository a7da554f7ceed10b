#pragma once
#include <vector>

#include "platform/http/api.hpp"
#include "platform/records/service.hpp"

namespace rapport::records {

// GET /api/v1/recycle-bin: deleted records of every object, most recently deleted first, with
// `object` to narrow to one, `limit` and `cursor`. Restoring is POST /api/v1/{object}/{id}/restore.
void add_recycle_bin_route(http::Api& api, db::Database& db, std::vector<const ObjectSpec*> specs);

}  // namespace rapport::records
