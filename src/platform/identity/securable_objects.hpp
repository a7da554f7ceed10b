// The record objects roles grant access to ("companies", "deals", ...), in the order the API lists
// them (role JSON, the OpenAPI document, messages naming the choices). The platform knows none by
// name: each module adds its own at start (app/modules.cpp, before the first request or command),
// and the list is read-only from its first read on, so no thread ever sees it change.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace rapport::identity {

// Appends an object. Throws std::logic_error for a name already added, or once the list was read
// (an object added late would be unknown to whatever read the list before).
void add_securable_object(std::string object);
const std::vector<std::string>& securable_objects();
bool is_securable(std::string_view object);
// "companies, contacts, ..." for messages listing the choices.
std::string securable_objects_text();

}  // namespace rapport::identity
