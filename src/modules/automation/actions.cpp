#include "modules/automation/actions.hpp"

#include "modules/automation/action_kinds.hpp"

namespace rapport::automation {

namespace {

const std::vector<const Action*>& registry() {
  static const std::vector<const Action*> all = {&update_fields_action(), &assign_owner_action(), &create_task_action(),
                                                 &create_activity_action(), &move_deal_action(),  &add_tag_action(),
                                                 &call_webhook_action(),    &send_email_action(),
                                                 &assign_round_robin_action()};
  return all;
}

}  // namespace

const Action* find_action(std::string_view type) {
  for (const Action* a : registry())
    if (a->type() == type) return a;
  return nullptr;
}

const std::vector<std::string>& action_types() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const Action* a : registry()) out.emplace_back(a->type());
    return out;
  }();
  return names;
}

}  // namespace rapport::automation
