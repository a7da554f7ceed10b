// Record scope as SQL: the condition that limits a query on an object to the rows the caller's role
// lets them act on ("own": they own it; "team": its owner shares a team with them). It is part of
// every query's WHERE clause, so a row outside the scope is never loaded, and so is a 404 exactly
// like a missing one.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "platform/identity/context.hpp"
#include "platform/db/connection.hpp"
#include "platform/problem.hpp"

namespace rapport::records {

// Appends " AND <condition>" (nothing for scope all) with its parameters; `prefix` qualifies
// owner_id for joins ("a."). Scope none appends a condition no row meets.
void append_scope(std::string& sql, std::vector<db::Value>& params, const identity::Context& ctx,
                  std::string_view object, identity::Action action, std::string_view prefix = "");

// Whether a field of `object` is hidden from the caller ("custom.x" for custom fields).
bool is_hidden(const identity::Context& ctx, std::string_view object, std::string_view field);
// Removes the caller's hidden fields (and hidden custom fields) from a record read for output.
void strip_hidden(const identity::Context& ctx, std::string_view object, boost::json::object& record);
// Whether any field of `object` is hidden from the caller.
bool hides_fields(const identity::Context& ctx, std::string_view object);

// The fields of a write body (incl. "custom.x") the caller's role makes hidden or read-only.
std::vector<FieldError> forbidden_fields(const identity::Context& ctx, std::string_view object,
                                         const boost::json::object& body);
// 403 naming the fields a role keeps the caller from writing.
Problem forbidden_write(std::vector<FieldError> fields);
// 403 for an action the role does not grant on an object (or on this record).
Problem not_allowed(identity::Action action, std::string_view singular);

}  // namespace rapport::records
