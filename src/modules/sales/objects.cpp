#include "modules/sales/specs.hpp"
#include "platform/identity/securable_objects.hpp"

namespace rapport::sales {

void register_objects(std::vector<const records::ObjectSpec*>& specs) {
  for (const auto* s : {&lead_spec(), &deal_spec(), &product_spec()}) {
    specs.push_back(s);
    identity::add_securable_object(s->object);
  }
}

}  // namespace rapport::sales
