// The modules' record objects. Each module registers its own (their specs, and their names as
// objects roles grant access to, identity::securable_objects()); the order here is the order the API
// lists them in (role JSON, the OpenAPI document, messages).
#pragma once
#include <vector>

#include "platform/records/spec.hpp"

namespace rapport::app {

// Registers every module's record objects, once per process (later calls do nothing). main() calls
// it before any command runs, since a write's event, a role's parsing and a custom field's
// validation all read the list; the Application calls it too for in-process use.
void register_modules();
// The record objects of every module (registers them first when need be).
const std::vector<const records::ObjectSpec*>& record_specs();

}  // namespace rapport::app
