// Whether one record passes a list's filters: the same filter language as list pages
// (`filter[field][op]=value`, custom.<name> fields, the same operators, value rules and 400 wording),
// compiled by compile_list and asked of that one row, so a record "matches" exactly when a list
// filtered so would show it. Automation conditions and webhook filters use it.
#pragma once
#include <string>
#include <vector>

#include "platform/db/connection.hpp"
#include "platform/identity/context.hpp"
#include "platform/records/list_query.hpp"

namespace rapport::records {

// 400 when a filter is one compile_list refuses; false when the record does not exist in the
// workspace (or is deleted, unless include_deleted). No record scope applies: the caller decides
// whose question this is.
Result<bool> matches(db::Connection& c, const ObjectSpec& spec, const std::vector<CustomFieldDef>& custom_defs,
                     const std::vector<Filter>& filters, const std::string& workspace_id, const std::string& id,
                     bool include_deleted = false);

// The same question asked for `ctx`: the record must also be in their read scope (append_scope), as
// their list would show it. Hidden fields are the caller's to refuse first (is_hidden), as lists do.
Result<bool> matches_in_scope(db::Connection& c, const identity::Context& ctx, const ObjectSpec& spec,
                              const std::vector<CustomFieldDef>& custom_defs, const std::vector<Filter>& filters,
                              const std::string& id, bool include_deleted = false);

// Only whether compile_list takes the filters (no database): the same 400 it would answer.
Status check_filters(const ObjectSpec& spec, const std::vector<CustomFieldDef>& custom_defs,
                     const std::vector<Filter>& filters);

}  // namespace rapport::records
