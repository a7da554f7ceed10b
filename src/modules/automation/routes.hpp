#pragma once
#include <memory>

#include "modules/automation/automation_service.hpp"
#include "platform/http/api.hpp"

namespace rapport::automation {

// /api/v1/automations (list, create), /api/v1/automations/{id} (read, change, delete), .../enable,
// .../disable, .../runs and .../test: admins only (automation_service.hpp).
void add_routes(http::Api& api, std::shared_ptr<AutomationService> service);

}  // namespace rapport::automation
