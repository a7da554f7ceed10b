#pragma once
#include <vector>

#include "platform/http/api.hpp"
#include "platform/records/service.hpp"

namespace rapport::records {

// GET /api/v1/recycle-bin: deleted records of every object, most recently deleted first, with
// `object` to narrow to one, `limit` and `cursor`. Restoring is POST /api/v1/{object}/{id}/restore.
// Names are built from the fields the caller may see (display_sql), so a name never shows a hidden one.
void add_recycle_bin_route(http::Api& api, db::Database& db, std::vector<const ObjectSpec*> specs);

// The SQL expression naming a record of `spec` (ObjectSpec::display) with the fields hidden from the
// caller left out; "NULL" when every field it would use is hidden.
std::string display_sql(const ObjectSpec& spec, const identity::Context& ctx);

}  // namespace rapport::records
