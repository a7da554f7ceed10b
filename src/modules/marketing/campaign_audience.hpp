// A campaign's audience in SQL: the contacts of any of its segments (each filter compiled now, as
// the segment's members are read) or lists, and of none of its exclusion segments and lists, as one
// condition over `contacts` that recipient_store::freeze inserts from in one statement.
#pragma once
#include <functional>
#include <string>

#include "modules/marketing/campaign.hpp"
#include "modules/marketing/segment_filter.hpp"
#include "platform/db/connection.hpp"

namespace rapport::marketing {

// A segment's filter as SQL over contacts (SegmentService::compile for the caller).
using FilterCompiler = std::function<Result<Sql>(db::Connection& c, const boost::json::value& filter)>;

// Every id of the audience names a segment or list of the workspace: 422 naming each other one
// (audience.segment_ids.0, ...).
Status check_audience(db::Connection& c, const std::string& workspace_id, const Audience& a);

// " AND (<in any>) [AND NOT (<in any exclusion>)]". 409 naming the part when a segment or list is gone
// or a segment's filter no longer compiles. An audience without segments or lists holds no one.
Result<Sql> audience_sql(db::Connection& c, const std::string& workspace_id, const Audience& a, const FilterCompiler& compile);

}  // namespace rapport::marketing
