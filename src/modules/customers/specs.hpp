// What a company and a contact are: fields, rules and uniqueness, for the record engine.
#pragma once
#include <vector>

#include "access/context.hpp"
#include "platform/records/spec.hpp"

namespace rapport::customers {

const records::ObjectSpec& company_spec();
const records::ObjectSpec& contact_spec();

// Adds companies and contacts to the application's record objects, which roles grant access to
// (identity::securable_objects()). Called once at start by app/modules.cpp.
void register_objects(std::vector<const records::ObjectSpec*>& specs);

}  // namespace rapport::customers
