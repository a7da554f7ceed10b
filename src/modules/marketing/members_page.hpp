// A page of the contacts meeting an audience's condition, as the contacts list answers it: the
// caller's contact read scope and hidden fields, keyset paging in the list's default order, and
// `total` when count=true. One query for the page and one for the count, whatever the condition.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "modules/marketing/segment_filter.hpp"
#include "platform/records/store.hpp"

namespace rapport::marketing {

// limit (1..500, default 50), cursor and count, as the contacts list takes them (400 otherwise).
Result<records::ListParams> read_page_params(const std::vector<std::pair<std::string, std::string>>& query);

// {"data": [contacts], "next_cursor", "total"?} as JSON text; `condition` is " AND ..." over contacts.
Result<std::string> members_page(db::Connection& c, const identity::Context& ctx, const records::Store& contacts,
                                 const Sql& condition, const records::ListParams& params);

}  // namespace rapport::marketing
