#include "modules/marketing/prepare_campaign_message.hpp"

#include "modules/email/html_text.hpp"
#include "modules/email/template_engine.hpp"

namespace rapport::marketing {

email::OutgoingMessage prepare_campaign_message(db::Connection& /*c: tracking's links are registered through it*/,
                                                const CampaignMessageInput& in) {
  email::OutgoingMessage m;
  m.from = in.campaign.from;
  m.to = {in.to};
  m.subject = email::render(in.content.subject, in.values, false);
  m.html = email::render(in.content.html, in.values, true);
  m.text = in.campaign.text.empty() ? email::html_text(m.html) : email::render(in.content.text, in.values, false);
  m.message_id = in.message_id;
  m.date_ms = in.date_ms;
  return m;
}

}  // namespace rapport::marketing
