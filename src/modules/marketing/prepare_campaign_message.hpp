// The one place a campaign's message is made for one recipient: the parts rendered with the
// contact's values, the From, To and Message-ID set; for a real send, its http(s) links rewritten
// through /t/c/{token}, the open pixel /t/o/{token} added and the List-Unsubscribe /
// List-Unsubscribe-Post headers (/u/{token}, RFC 8058) set (tracking_links.hpp), in the sender's
// write transaction `c` (the campaign's links are registered in it). The send job and the test send
// both call this.
#pragma once
#include <map>
#include <string>

#include "modules/email/mime_builder.hpp"
#include "modules/email/template_service.hpp"
#include "modules/marketing/campaign.hpp"
#include "modules/marketing/tracking_links.hpp"
#include "platform/db/connection.hpp"

namespace rapport::marketing {

struct CampaignMessageInput {
  const std::string& workspace_id;
  const Campaign& campaign;
  const email::CompiledParts& content;  // compile_content's (campaign_content.hpp)
  const std::string& contact_id;        // empty for a test send without a contact
  const std::string& to;                // the recipient's address (a test send: the first of its addresses)
  const std::map<std::string, std::string>& values;  // "contact.<field>" -> text
  const std::string& message_id;
  int64_t date_ms = 0;
  bool test = false;  // a test send: nothing is tracked, no unsubscribe link is a real one
  // The vault and public URL of this server; required for a real send (not read by a test send).
  const TrackingSetup* tracking = nullptr;
};

// The message to send. The text part is the rendered text (or the HTML's visible text when the
// campaign has none), followed on a real send by the unsubscribe page's address. 422 from
// register_links (too many links, a URL too long, no public URL), nothing registered then.
Result<email::OutgoingMessage> prepare_campaign_message(db::Connection& c, const CampaignMessageInput& in);

}  // namespace rapport::marketing
