// The action classes the registry (actions.cpp) holds, one per kind.
#pragma once
#include "modules/automation/actions.hpp"

namespace rapport::automation {

const Action& update_fields_action();
const Action& move_deal_action();
const Action& add_tag_action();
const Action& assign_owner_action();
const Action& assign_round_robin_action();
const Action& create_task_action();
const Action& create_activity_action();
const Action& call_webhook_action();
const Action& send_email_action();

}  // namespace rapport::automation
