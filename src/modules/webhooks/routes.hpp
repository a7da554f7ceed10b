#pragma once
#include <memory>

#include "modules/webhooks/webhook_service.hpp"
#include "platform/http/api.hpp"

namespace rapport::webhooks {

// /api/v1/webhooks (list, create), /api/v1/webhooks/{id} (read, change, delete),
// /api/v1/webhooks/{id}/rotate-secret, /api/v1/webhooks/{id}/deliveries and
// /api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver: admins only (webhook_service.hpp).
void add_routes(http::Api& api, std::shared_ptr<WebhookService> service);

}  // namespace rapport::webhooks
