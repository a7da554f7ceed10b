// Email (modules/email): the schemas of the settings, template and email routes.
#include "app/openapi_schema.hpp"
#include "modules/email/email_record.hpp"
#include "modules/email/settings.hpp"
#include "modules/email/template_engine.hpp"
#include "modules/email/template_input.hpp"

namespace rapport::app {
namespace json = boost::json;

namespace {

json::object bounded(std::size_t max_length, std::size_t min_length = 0) {
  json::object o{{"type", "string"}, {"maxLength", static_cast<int64_t>(max_length)}};
  if (min_length) o["minLength"] = static_cast<int64_t>(min_length);
  return o;
}

}  // namespace

void add_email_schemas(json::object& schemas) {
  using namespace email;
  json::object dt{{"type", "string"}, {"format", "date-time"}};
  json::object ndt{{"type", json::array{"string", "null"}}, {"format", "date-time"}};
  json::object uuid{{"type", "string"}, {"format", "uuid"}};
  json::object nuuid{{"type", json::array{"string", "null"}}};
  json::array securities;
  for (const char* s : kSecurities) securities.push_back(json::value(s));
  json::object security{{"type", "string"},
                        {"enum", securities},
                        {"description", "none: plain SMTP; starttls: STARTTLS required; tls: TLS from the start (smtps)"}};
  json::object port{{"type", "integer"}, {"minimum", 1}, {"maximum", 65535}};
  json::object host = described(bounded(kMaxHostBytes, 1), "Host name or IP address of the SMTP server");
  json::object email_address{{"type", "string"}, {"format", "email"}};

  schemas["EmailSettings"] = obj({{"configured", described(boolean(), "false until an admin sets them (host and sender null)")},
                                  {"host", described(nstr(), "Host name or IP address of the SMTP server")},
                                  {"port", described(json::object{{"type", "integer"}, {"minimum", 0}, {"maximum", 65535}}, "0 when not configured")},
                                  {"security", security},
                                  {"username", described(str(), "Empty: no authentication")},
                                  {"password_set", described(boolean(), "Whether a password is stored (it is never answered)")},
                                  {"sender", described(json::object{{"type", json::array{"string", "null"}}, {"format", "email"}},
                                                       "The From of every email sent")},
                                  {"inbound_domain", described(nstr(), "The domain of the users' BCC addresses (bcc-<token>@it)")},
                                  {"version", described(json::object{{"type", "integer"}, {"minimum", 0}}, "0 when not configured")},
                                  {"updated_at", ndt}},
                                 {"configured", "host", "port", "security", "username", "password_set", "sender", "inbound_domain",
                                  "version", "updated_at"});
  schemas["EmailSettingsInput"] = closed(obj(
      {{"host", host},
       {"port", port},
       {"security", security},
       {"username", json::object{{"type", json::array{"string", "null"}}, {"maxLength", static_cast<int64_t>(kMaxUsernameBytes)}}},
       {"password", described(json::object{{"type", json::array{"string", "null"}}, {"maxLength", static_cast<int64_t>(kMaxPasswordBytes)}},
                              "Write-only. Absent: the stored one is kept; null or \"\": removed")},
       {"sender", email_address},
       {"inbound_domain", described(json::object{{"type", json::array{"string", "null"}}, {"maxLength", static_cast<int64_t>(kMaxHostBytes)}},
                                    "The domain of the users' BCC addresses, whose MTA posts to POST /api/v1/inbound-email; "
                                    "absent or null: none")}},
      {"host", "port", "security", "sender"}));

  json::object subject = described(bounded(kMaxSubjectChars, 1), "One line; may hold merge fields {{object.field}}");
  json::object part = described(bounded(kMaxTemplateBytes), "May hold merge fields {{object.field}}");
  json::object name = bounded(kMaxTemplateNameChars, 1);
  schemas["EmailTemplate"] = obj({{"id", uuid},
                                  {"name", name},
                                  {"subject", subject},
                                  {"text", part},
                                  {"html", described(part, "Merge field values are HTML-escaped here")},
                                  {"version", json::object{{"type", "integer"}, {"minimum", 1}}},
                                  {"created_by", str()},
                                  {"created_at", dt},
                                  {"updated_at", dt}},
                                 {"id", "name", "subject", "text", "html", "version", "created_by", "created_at", "updated_at"});
  schemas["EmailTemplateList"] = obj({{"data", array_of(ref("EmailTemplate"))}}, {"data"});
  schemas["EmailTemplateInput"] = closed(obj({{"name", name}, {"subject", subject}, {"text", part}, {"html", part}}, {"name", "subject"}));
  schemas["EmailTemplatePatch"] = closed(obj({{"name", name}, {"subject", subject}, {"text", part}, {"html", part}}));

  json::object addresses = array_of(email_address);
  addresses["maxItems"] = static_cast<int64_t>(kMaxRecipients);
  json::object to = addresses;
  to["minItems"] = 1;
  json::object input_props{{"to", to},
                           {"cc", addresses},
                           {"subject", described(bounded(kMaxSubjectChars, 1), "With body, unless template_id is given")},
                           {"body", described(bounded(kMaxBodyBytes), "The text/plain part")},
                           {"html", described(bounded(kMaxBodyBytes), "An optional text/html part")},
                           {"template_id", described(str(), "Instead of subject, body and html")},
                           {"in_reply_to", described(uuid, "The email (sent or received) this one answers: it joins that email's "
                                                           "thread and carries In-Reply-To and References; you must be able to "
                                                           "read it (GET /api/v1/emails/{id})")},
                           {"attachment_ids", described(json::object{{"type", "array"}, {"items", uuid},
                                                                     {"maxItems", static_cast<int64_t>(kMaxOutboundAttachments)}},
                                                        "Files you uploaded (POST /api/v1/attachments) and have not sent yet")}};
  json::object email_props{{"id", uuid},
                           {"status", described(json::object{{"type", "string"}, {"enum", json::array{"queued", "sent", "failed", "bounced", "received"}}},
                                                "received: stored by POST /api/v1/inbound-email; bounced: sent, then a delivery "
                                                "status notification naming it came back on that route (error says why)")},
                           {"direction", described(json::object{{"type", "string"}, {"enum", json::array{"inbound", "outbound"}}},
                                                   "outbound: sent from here, or a user's own mail received through their BCC address")},
                           {"thread_id", described(uuid, "The first message of its thread (its own id when it starts one)")},
                           {"contact_ids", described(array_of(uuid), "Received only: the contacts its addresses matched")},
                           {"in_reply_to", described(nstr(), "The Message-ID it answers (received mail's header, or a reply sent from here)")},
                           {"attachments", described(array_of(ref("EmailAttachment")),
                                                     "Its files; GET /api/v1/attachments/{id} downloads one")},
                           {"from", described(json::object{{"anyOf", json::array{email_address, json::object{{"type", "string"}, {"const", "[erased]"}}}}},
                                              "The sender's address; \"[erased]\" once the sender's contact was erased (GDPR) on a "
                                              "message kept for the other contacts it concerns")},
                           {"to", addresses},
                           {"cc", addresses},
                           {"subject", str()},
                           {"text", described(str(), "The text part; for mail that came with HTML alone, the text of its HTML")},
                           {"html", described(str(), "The HTML part as it came: from outside, never safe to render as it is "
                                                     "(the web UI shows text)")},
                           {"template_id", nuuid},
                           {"message_id", described(str(), "The Message-ID header, without angle brackets")},
                           {"attempts", json::object{{"type", "integer"}, {"minimum", 0}}},
                           {"error", described(nstr(), "Why the last attempt failed (failed: why it was given up; bounced: the failed "
                                                      "recipients with their status and the remote server's answer)")},
                           {"job_id", nstr()},
                           {"created_by", described(nstr(), "The user it was sent by (null: received from outside)")},
                           {"created_at", described(dt, "When it was queued, or received")},
                           {"sent_at", ndt}};
  schemas["EmailAttachment"] = obj({{"id", uuid},
                                    {"file_name", str()},
                                    {"content_type", described(str(), "As the message named it (the download is always application/octet-stream)")},
                                    {"size", json::object{{"type", "integer"}, {"minimum", 0}}},
                                    {"sha256", described(str(), "Hex SHA-256 of the file")}},
                                   {"id", "file_name", "content_type", "size", "sha256"});
  json::array email_required{"attachments", "id", "status", "direction", "thread_id", "in_reply_to", "from", "to", "cc", "subject", "text", "html",
                             "template_id", "message_id", "attempts", "error", "job_id", "created_by", "created_at", "sent_at"};
  for (const char* k : kLinkKeys) {
    input_props[k] = described(str(), "A record the email concerns; its timeline logs the email");
    email_props[k] = nstr();
    email_required.push_back(json::value(k));
  }
  schemas["EmailInput"] = closed(obj(input_props, {"to"}));
  schemas["Email"] = obj(email_props, email_required);
  schemas["EmailPage"] = page_of("Email");
  schemas["BccAddress"] = obj({{"address", described(json::object{{"type", json::array{"string", "null"}}, {"format", "email"}},
                                                     "bcc-<token>@<inbound domain>; null until made or without an inbound domain")},
                               {"domain", described(nstr(), "The workspace's inbound domain (email settings)")},
                               {"created_at", ndt}},
                              {"address", "domain", "created_at"});
  schemas["InboundReceipt"] = obj({{"stored", described(boolean(), "false: a redelivery of a message stored before; nothing new was stored")},
                                   {"email", ref("Email")},
                                   {"ticket", described(json::object{{"oneOf", json::array{ref("InboundTicket"), json::object{{"type", "null"}}}}},
                                                        "What the support desk did with it (modules/support); null: not mail to "
                                                        "support (no support mailbox among its recipients, no ticket's message "
                                                        "named by its headers) or a user's BCC copy")}},
                                  {"stored", "email", "ticket"});
  json::object secret_props{{"configured", boolean()},
                            {"id", nstr()},
                            {"created_by", described(nstr(), "The admin it acts for")},
                            {"created_at", ndt},
                            {"last_used_at", ndt}};
  schemas["InboundSecret"] = obj(secret_props, {"configured", "id", "created_by", "created_at", "last_used_at"});
  secret_props["secret"] = described(str(), "rpi_...: shown this once; the MTA sends it as Authorization: Bearer <secret>");
  schemas["NewInboundSecret"] = obj(secret_props, {"configured", "id", "created_by", "created_at", "last_used_at", "secret"});
}

}  // namespace rapport::app
