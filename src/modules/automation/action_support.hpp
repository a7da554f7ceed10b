// What several actions share: reading their keys, the author's rights, and a record update made as
// the rule whose step commits with it.
#pragma once
#include <optional>
#include <set>
#include <string>

#include "modules/automation/actions.hpp"

namespace rapport::automation {

// Field errors for keys of the action other than "type" and `allowed`.
void refuse_unknown_keys(CheckEnv& env, const boost::json::object& params, const std::set<std::string>& allowed);
// A string of 1..max_chars characters under key; an error when absent and required, or malformed.
std::optional<std::string> text_param(CheckEnv& env, const boost::json::object& params, std::string_view key,
                                      std::size_t max_chars, bool required);
// An error at env.path unless the author's role may do `action` on `object` (some scope).
void require_scope(CheckEnv& env, std::string_view object, identity::Action action);
// Errors under `prefix` for the fields of `body` (a record body) hidden or read-only for the author.
void require_writable(CheckEnv& env, std::string_view object, const boost::json::object& body, const std::string& prefix);
// Whether the active user is in the workspace.
bool active_user(db::Connection& c, const std::string& workspace_id, const std::string& user_id);

// Updates the rule's record with `body` as PATCH would (validation, hooks, audit entry, event) as
// env.ctx, committing the step with `detail` in the same transaction; answers `detail`.
Result<boost::json::object> update_record(ActionEnv& env, const boost::json::object& body, boost::json::object detail);
// A record's field as a change shows it: {"field", "before", "after"}.
boost::json::object field_change(const boost::json::object& record, const std::string& field, const boost::json::value& after);

}  // namespace rapport::automation
