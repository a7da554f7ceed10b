#include "modules/support/specs.hpp"
#include "platform/identity/securable_objects.hpp"
#include "platform/identity/team_columns.hpp"

namespace rapport::support {

void register_objects(std::vector<const records::ObjectSpec*>& specs) {
  specs.push_back(&ticket_spec());
  identity::add_securable_object(ticket_spec().object);
  identity::add_team_column(ticket_spec().object, "team_id");
}

}  // namespace rapport::support
