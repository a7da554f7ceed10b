// Reads the body of POST and PATCH /api/v1/macros: name, kind, body, changes and shared, each
// failure a field error so that one 422 names them all (changes.<key> for a change). Pure: the
// merge fields, the assignee and the team are checked by the service, which reads the workspace.
#pragma once
#include <boost/json.hpp>

#include "modules/support/macro.hpp"
#include "platform/problem.hpp"

namespace rapport::support {

// `creating`: name and kind are required, and a body or some change.
Result<MacroChange> read_macro_body(const boost::json::object& body, bool creating);

// The changes of a macro as they are stored: status and priority among the ticket's options,
// assignee_id a user id or null, team_id an id, add_tags and remove_tags lists of tags as a ticket's
// tags field takes them. Errors name "changes.<key>".
std::optional<boost::json::object> read_macro_changes(const boost::json::value& v, std::vector<FieldError>& errors);

}  // namespace rapport::support
