#include "app/modules.hpp"

#include "modules/activities/activities.hpp"
#include "modules/customers/specs.hpp"
#include "modules/sales/specs.hpp"
#include "modules/support/specs.hpp"

namespace rapport::app {

const std::vector<const records::ObjectSpec*>& record_specs() {
  static const std::vector<const records::ObjectSpec*> specs = [] {
    std::vector<const records::ObjectSpec*> v;
    customers::register_objects(v);
    activities::register_objects(v);
    sales::register_objects(v);
    support::register_objects(v);
    return v;
  }();
  return specs;
}

void register_modules() { record_specs(); }

}  // namespace rapport::app
