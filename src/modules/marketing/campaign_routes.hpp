#pragma once
#include <memory>

#include "modules/marketing/campaign_service.hpp"
#include "platform/http/api.hpp"

namespace rapport::marketing {

// /api/v1/campaigns (list, create), /api/v1/campaigns/{id} (read, change, delete), and of a campaign:
// POST send, pause, resume, test-send; GET recipients, report.
void add_campaign_routes(http::Api& api, std::shared_ptr<CampaignService> service);

}  // namespace rapport::marketing
