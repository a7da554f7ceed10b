// Email campaigns (modules/marketing, campaign_*): the campaign, its send and test-send bodies, its
// recipients and its report.
#include "app/openapi_schema.hpp"
#include "modules/marketing/campaign.hpp"
#include "modules/marketing/campaign_attribution.hpp"
#include "modules/marketing/campaign_input.hpp"
#include "modules/marketing/campaign_recipient.hpp"
#include "modules/marketing/segment.hpp"

namespace rapport::app {
namespace json = boost::json;

void add_campaign_schemas(json::object& schemas) {
  using namespace marketing;
  json::object uuid{{"type", "string"}, {"format", "uuid"}};
  json::object date_time{{"type", "string"}, {"format", "date-time"}};
  json::object ndate_time{{"type", json::array{"string", "null"}}, {"format", "date-time"}};
  json::object count{{"type", "integer"}, {"minimum", 0}};
  json::object name{{"type", "string"}, {"minLength", 1}, {"maxLength", static_cast<int64_t>(kMaxNameChars)},
                    {"description", "Unique in the workspace, case-insensitively"}};
  json::object subject{{"type", "string"}, {"maxLength", static_cast<int64_t>(kMaxSubjectChars)},
                       {"description", "One line, with merge fields ({{contact.first_name}})"}};
  json::object from{{"type", "string"}, {"format", "email"},
                    {"description", "The workspace's sender (email settings); absent: it is used when the campaign is sent"}};
  json::object part{{"type", "string"}, {"maxLength", 102400},
                    {"description", "At most 100 KB and 200 merge fields ({{contact.<field>}}, {{contact.custom.<name>}})"}};
  json::object text_part = described(part, "The plain-text part with merge fields; empty: the HTML's visible text");
  json::object ids = array_of(uuid);
  ids["maxItems"] = static_cast<int64_t>(kMaxAudienceIds);
  json::object audience = closed(obj({{"segment_ids", described(ids, "Contacts of any of these segments")},
                                      {"list_ids", described(ids, "and of any of these static lists")},
                                      {"exclude_segment_ids", described(ids, "less those of these segments")},
                                      {"exclude_list_ids", described(ids, "and of these lists")}}));
  json::object audience_out = obj(audience["properties"].as_object(),
                                  {"segment_ids", "list_ids", "exclude_segment_ids", "exclude_list_ids"});
  json::object rate{{"type", "integer"}, {"minimum", 1}, {"maximum", kMaxRatePerMinute}, {"default", kDefaultRatePerMinute},
                    {"description", "Messages a minute at most"}};
  json::object utm_text{{"type", "string"}, {"maxLength", static_cast<int64_t>(kMaxUtmChars)}};
  json::object utm_in = closed(obj({{"source", described(utm_text, std::string("utm_source; absent or empty: ") + kDefaultUtmSource)},
                                    {"medium", described(utm_text, std::string("utm_medium; absent or empty: ") + kDefaultUtmMedium)},
                                    {"campaign", described(utm_text, "utm_campaign; absent or empty: the campaign's name")}}));
  utm_in["type"] = json::array{"object", "null"};
  utm_in["description"] = "UTM parameters added to each tracked link (a parameter the link holds already is kept); null: none";
  json::object utm_out = obj({{"source", str()}, {"medium", str()}, {"campaign", str()}}, {"source", "medium", "campaign"});
  utm_out["type"] = json::array{"object", "null"};
  utm_out["description"] = "The UTM parameters its links get, defaults applied; null: none";
  json::array statuses;
  for (const char* s : kCampaignStatuses) statuses.emplace_back(s);
  json::object status{{"type", "string"}, {"enum", statuses},
                      {"description", "draft -> scheduled -> sending -> sent; paused from scheduled or sending"}};

  schemas["Campaign"] = obj({{"id", uuid}, {"name", name}, {"subject", subject}, {"from", {{"type", json::array{"string", "null"}}, {"format", "email"}}},
                             {"html", part}, {"text", text_part}, {"audience", audience_out}, {"rate_per_minute", rate},
                             {"utm", utm_out}, {"status", status},
                             {"scheduled_at", described(ndate_time, "When it was (or is to be) started")},
                             {"frozen_at", described(ndate_time, "When its audience was frozen into recipients")},
                             {"finished_at", described(ndate_time, "When its last recipient was settled")},
                             {"error", described(nstr(), "Why it paused by itself (a segment gone, no email settings, ...)")},
                             {"created_by", {{"type", json::array{"string", "null"}}, {"format", "uuid"}}},
                             {"version", {{"type", "integer"}, {"minimum", 1}}}, {"created_at", date_time}, {"updated_at", date_time}},
                            {"id", "name", "subject", "from", "html", "text", "audience", "rate_per_minute", "utm", "status", "scheduled_at",
                             "frozen_at", "finished_at", "error", "created_by", "version", "created_at", "updated_at"});
  schemas["CampaignList"] = obj({{"data", array_of(ref("Campaign"))}}, {"data"});
  json::object input_props{{"name", name},   {"subject", subject}, {"from", from},
                           {"html", part},   {"text", text_part},  {"audience", audience},
                           {"rate_per_minute", rate}, {"utm", utm_in}};
  schemas["CampaignInput"] = closed(obj(input_props, {"name"}));
  schemas["CampaignPatch"] = closed(obj(input_props));
  schemas["CampaignSendInput"] = closed(obj({{"scheduled_at", described(ndate_time, "When to start, at most a year ahead; "
                                                                                     "absent, null or past: now")}}));
  json::object to = array_of({{"type", "string"}, {"format", "email"}});
  to["minItems"] = 1;
  to["maxItems"] = static_cast<int64_t>(kMaxTestAddresses);
  schemas["CampaignTestSendInput"] = closed(obj({{"to", to},
                                                 {"contact_id", described({{"type", json::array{"string", "null"}}, {"format", "uuid"}},
                                                                          "The contact whose values fill the merge fields; "
                                                                          "absent: they render empty")}},
                                                {"to"}));
  schemas["CampaignTestSend"] = obj({{"sent", boolean()}, {"to", array_of({{"type", "string"}})},
                                     {"error", described(str(), "Why the SMTP server did not take it (only when sent is false)")}},
                                    {"sent", "to"});
  json::array states, reasons;
  for (const char* s : kRecipientStates) states.emplace_back(s);
  for (const char* s : kSkipReasons) reasons.emplace_back(s);
  schemas["CampaignRecipient"] = obj({{"contact_id", uuid},
                                      {"email", described(nstr(), "The address it was frozen with; null once the contact is erased")},
                                      {"state", {{"type", "string"}, {"enum", states}}},
                                      {"skip_reason", {{"type", json::array{"string", "null"}}, {"enum", [&] {
                                                         json::array a = reasons;
                                                         a.emplace_back(nullptr);
                                                         return a;
                                                       }()}}},
                                      {"error", described(nstr(), "Why it failed (the SMTP server's answer, or interrupted)")},
                                      {"sent_at", ndate_time},
                                      {"opened_at", described(ndate_time, "Its first open or click (not flagged bot or prefetch)")},
                                      {"clicked_at", described(ndate_time, "Its first click (not flagged bot or prefetch)")},
                                      {"unsubscribed_at", described(ndate_time, "When it unsubscribed through this message's link")},
                                      {"bounced_at", described(ndate_time, "When a bounce of this message came back")},
                                      {"complained_at", described(ndate_time, "When a feedback-loop complaint (RFC 5965) about this message came back")},
                                      {"updated_at", date_time},
                                      {"attempts", described({{"type", "integer"}, {"minimum", 0}},
                                                             "SMTP exchanges its message had: each transient retry (a 4xx reply "
                                                             "or a 4.x.x bounce) counts the one before it")},
                                      {"retry_at", described(ndate_time, "When its next try is due, while it waits in the queue "
                                                                         "after a transient failure; else null")},
                                      {"smtp_reply_code", described({{"type", json::array{"integer", "null"}}, {"minimum", 200}, {"maximum", 599}},
                                                                    "The SMTP server's last reply code to its message (250 taken, "
                                                                    "4xx try later, 5xx refused; its text is in error); null "
                                                                    "before its first exchange or when no reply came")}},
                                     {"contact_id", "email", "state", "skip_reason", "error", "sent_at", "opened_at", "clicked_at",
                                      "unsubscribed_at", "bounced_at", "complained_at", "updated_at", "attempts", "retry_at",
                                      "smtp_reply_code"});
  schemas["CampaignRecipientPage"] = obj({{"data", array_of(ref("CampaignRecipient"))},
                                          {"next_cursor", described(nstr(), "Pass as cursor for the next page; null: the last")}},
                                         {"data", "next_cursor"});
  json::object by_state, by_reason;
  for (const char* s : kRecipientStates) by_state[s] = count;
  for (const char* s : kSkipReasons) by_reason[s] = count;
  json::array state_keys = states, reason_keys = reasons;
  json::object ratio{{"type", json::array{"number", "null"}}, {"minimum", 0}, {"maximum", 1}};
  json::object rates = obj({{"delivery", described(ratio, "results.delivered / messages handed to the SMTP server (sent or failed)")},
                            {"bounce", described(ratio, "results.bounced / messages handed to the SMTP server (sent or failed)")},
                            {"open", described(ratio, "results.opened / results.delivered")},
                            {"click", described(ratio, "results.clicked / results.delivered")},
                            {"unsubscribe", described(ratio, "results.unsubscribed / results.delivered")},
                            {"complaint", described(ratio, "results.complained / results.delivered")}},
                           {"delivery", "bounce", "open", "click", "unsubscribe", "complaint"});
  json::object results = obj({{"sent", described(count, "Taken by the SMTP server")},
                              {"delivered", described(count, "Sent, and no bounce came back")},
                              {"opened", described(count, "Of the delivered: opened or clicked (not flagged bot or prefetch)")},
                              {"clicked", described(count, "Of the delivered: clicked")},
                              {"unsubscribed", described(count, "Of the delivered: unsubscribed through the message's link")},
                              {"bounced", described(count, "A bounce came back")},
                              {"complained", described(count, "Of the delivered: a feedback-loop complaint came back (the address suppressed)")}},
                             {"sent", "delivered", "opened", "clicked", "unsubscribed", "bounced", "complained"});
  results["description"] = "Each recipient once per kind, whatever its state shows (the state is the furthest one)";
  json::object money = obj({{"currency", str()}, {"amount", {{"type", "integer"}, {"description", "Minor units"}}}}, {"currency", "amount"});
  json::object amounts = array_of(money);
  amounts["type"] = json::array{"array", "null"};
  json::object attribution = obj({{"model", {{"type", "string"}, {"enum", json::array{"last_touch", "first_touch"}}}},
                                  {"window_days", {{"type", "integer"}, {"minimum", 1}, {"maximum", kMaxAttributionDays}}},
                                  {"touch", {{"type", "string"}, {"enum", json::array{"click"}}}},
                                  {"deals", described(count, "Live deals credited to this campaign")},
                                  {"open_deals", count},
                                  {"won_deals", count},
                                  {"lost_deals", count},
                                  {"amounts_shown", described(boolean(), "false: the caller's role does not read every deal's amount")},
                                  {"open_amount", described(amounts, "Per currency; null when amounts_shown is false")},
                                  {"won_amount", described(amounts, "Per currency; null when amounts_shown is false")}},
                                 {"model", "window_days", "touch", "deals", "open_deals", "won_deals", "lost_deals", "amounts_shown",
                                  "open_amount", "won_amount"});
  attribution["description"] =
      "The live deals created within window_days after a click of one of their contacts whose first (first_touch) or last "
      "(last_touch) click of any campaign in that window is this campaign's";
  schemas["CampaignReport"] = obj({{"campaign_id", uuid}, {"status", status}, {"recipients", count},
                                   {"counts", obj(by_state, state_keys)}, {"skipped_by_reason", obj(by_reason, reason_keys)},
                                   {"delivered", described(count, "results.delivered")}, {"results", results},
                                   {"rates", rates}, {"attribution", attribution}},
                                  {"campaign_id", "status", "recipients", "counts", "skipped_by_reason", "delivered", "results",
                                   "rates", "attribution"});
  schemas["CampaignAudience"] = obj({{"campaign_id", uuid},
                                     {"contacts", described(count, "Live contacts of the audience now")},
                                     {"will_receive", described(count, "Those the send would mail")},
                                     {"excluded", obj({{"no_email", described(count, "No email address")},
                                                       {"no_consent", described(count, "No email_marketing consent granted")},
                                                       {"suppressed", described(count, "The address is on the suppression list")}},
                                                      {"no_email", "no_consent", "suppressed"})}},
                                    {"campaign_id", "contacts", "will_receive", "excluded"});
}

}  // namespace rapport::app
