// The merge routes of contacts, companies and leads: POST /api/v1/{object}/merge (and its dry run,
// the field-by-field preview) and POST /api/v1/{object}/merges/{merge_id}/undo (unmerge).
#pragma once
#include <functional>
#include <string_view>

#include "platform/db/database.hpp"
#include "platform/http/api.hpp"
#include "platform/records/service.hpp"

namespace rapport::dedupe {

// The record service of an object ("contacts"), whose store the merge reads and writes through.
using Services = std::function<records::Service*(std::string_view object)>;

void add_merge_routes(http::Api& api, db::Database& db, const Services& services);

}  // namespace rapport::dedupe
