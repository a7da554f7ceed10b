#include "modules/marketing/prepare_campaign_message.hpp"

#include "modules/email/html_text.hpp"
#include "modules/email/template_engine.hpp"

namespace rapport::marketing {

Result<email::OutgoingMessage> prepare_campaign_message(db::Connection& c, const CampaignMessageInput& in) {
  email::OutgoingMessage m;
  m.from = in.campaign.from;
  m.to = {in.to};
  m.subject = email::render(in.content.subject, in.values, false);
  m.html = email::render(in.content.html, in.values, true);
  m.text = in.campaign.text.empty() ? email::html_text(m.html) : email::render(in.content.text, in.values, false);
  m.message_id = in.message_id;
  m.date_ms = in.date_ms;
  if (in.test) return m;
  if (!in.tracking || in.tracking->public_url.empty())
    return Problem::invalid({{"public_url", "required", "the server has no --public-url: recipients could not unsubscribe"}});
  const TrackedMessage tracked{.workspace_id = in.workspace_id, .campaign_id = in.campaign.id, .contact_id = in.contact_id,
                               .utm = in.campaign.link_utm(), .now_ms = in.date_ms};
  if (!m.html.empty()) {
    auto html = register_links(c, *in.tracking, tracked, m.html);
    if (!html) return html.take_problem();
    m.html = std::move(*html);
  }
  const auto headers = list_unsubscribe_headers(*in.tracking, tracked);
  m.headers.emplace_back("List-Unsubscribe", headers.list_unsubscribe);
  m.headers.emplace_back("List-Unsubscribe-Post", headers.list_unsubscribe_post);
  // Readers of the text part reach the same page (the HTML's footer is the author's to write).
  m.text += "\n\n--\nUnsubscribe: ";
  m.text += unsubscribe_url(*in.tracking, tracked);
  m.text += "\n";
  return m;
}

}  // namespace rapport::marketing
