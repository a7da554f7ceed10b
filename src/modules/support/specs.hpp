// What a ticket is, for the record engine: fields, rules and the hooks that number tickets per
// workspace, keep a closed ticket closed and link a follow-up to the closed ticket it follows.
#pragma once
#include <vector>

#include "access/context.hpp"
#include "platform/records/spec.hpp"
#include "platform/records/store.hpp"

namespace rapport::support {

const records::ObjectSpec& ticket_spec();
// The tickets' store, for support's own writes of a ticket (a reply, a customer's message, a macro).
const records::Store& ticket_store();

// Adds tickets to the application's record objects, which roles grant access to, with team_id as
// their team column (the "team" scope covers the tickets of the caller's teams). Called once at
// start by app/modules.cpp.
void register_objects(std::vector<const records::ObjectSpec*>& specs);

}  // namespace rapport::support
