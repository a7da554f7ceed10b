#include "modules/customers/specs.hpp"
#include "platform/identity/securable_objects.hpp"

namespace rapport::customers {

void register_objects(std::vector<const records::ObjectSpec*>& specs) {
  for (const auto* s : {&company_spec(), &contact_spec()}) {
    specs.push_back(s);
    identity::add_securable_object(s->object);
  }
}

}  // namespace rapport::customers
