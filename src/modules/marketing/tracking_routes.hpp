// The public tracking routes (no sign-in, outside /api/v1: they are in every campaign message):
// GET /t/o/{token}, the open pixel (a 43-byte transparent GIF, never cached), and GET /t/c/{token},
// a tracked link (302 to the URL the campaign stored for the token's link index, and only there:
// never an open redirect). Each records an event through the recorder (tracking_recorder.hpp),
// flagged by tracking_flags.hpp; a token that does not open (tampered, another workspace's, another
// kind's) or a link the campaign does not hold is 404, the same answer whatever the reason.
#pragma once
#include <memory>

#include "modules/marketing/tracking_link_cache.hpp"
#include "modules/marketing/tracking_recorder.hpp"
#include "platform/db/database.hpp"
#include "platform/http/api.hpp"
#include "platform/vault.hpp"

namespace rapport::marketing {

// `cache`: the links this node followed, shared with CampaignService (which forgets a deleted
// campaign's).
void add_tracking_routes(http::Api& api, db::Database& db, const Vault& vault, TrackingRecorder& recorder,
                         std::shared_ptr<LinkCache> cache);

}  // namespace rapport::marketing
