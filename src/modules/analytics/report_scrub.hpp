// What saved reports lose when a person is erased (GDPR, modules/privacy/erase.cpp): the filter
// conditions of their definitions whose value is one of the person's e-mail addresses, phone
// numbers, first, last or full names — matched as saved views' filters are (views::PersonValues,
// modules/views/view_scrub.hpp: a whole value, names and addresses case-insensitively, phones
// exactly; an `in` condition loses only their items). Dashboards hold no filters of their own.
// Report schedules lose the person's e-mail addresses among their recipients (the report is no
// longer sent to them), and their audit entries show those addresses as the replacement.
#pragma once
#include <boost/json.hpp>
#include <cstdint>
#include <string_view>

#include "modules/views/view_scrub.hpp"
#include "platform/db/connection.hpp"
#include "platform/identity/context.hpp"

namespace rapport::analytics {

// The conditions of a definition's "filter" ({field: {op: value}}, as stored) whose value is the
// person's: removed (`replacement` empty) or with the value replaced by `replacement` (what an audit
// entry may keep). Returns whether anything changed; a definition without filters is left alone.
bool scrub_definition_filter(boost::json::object& definition, const views::PersonValues& person, std::string_view replacement,
                             bool redact);

// Every saved report of the workspace (any owner's, any visibility) loses the person's filter
// conditions: version + 1 and an audit entry "erase_filter" that shows the removed values as
// `replacement`; in every earlier audit entry of the workspace's saved reports (deleted ones
// included) the person's values in a "definition" become `replacement`. In the caller's write
// transaction. Returns how many saved reports changed. Report schedules of the workspace sending to
// one of the person's addresses stop sending to it (their other recipients stay).
int64_t forget_person(db::Connection& c, const identity::Context& ctx, const views::PersonValues& person, std::string_view replacement);

}  // namespace rapport::analytics
