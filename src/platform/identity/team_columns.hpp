// Objects whose records belong to a team (a ticket's queue): the column holding the team's id. The
// "team" scope of such an object also covers the records of the caller's teams, not only those
// owned by their teammates (records/scope.cpp). Filled at start by the modules (app/modules.cpp)
// like the securable objects, and read-only from its first read on.
#pragma once
#include <string>
#include <string_view>

namespace rapport::identity {

// Throws std::logic_error once the columns were read, or for an object given a column twice.
void add_team_column(std::string object, std::string column);
// The object's team column ("" when it has none).
std::string_view team_column(std::string_view object);

}  // namespace rapport::identity
