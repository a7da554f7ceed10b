// Workspace A's data for the tenancy walks (tenancy_isolation_*_test.cpp): one of everything a
// workspace can own, made through the API where a route makes it (a job and a webhook delivery,
// which no route makes, written directly), with the secrets workspace B must never see.
#include <string>
#include <vector>

#include "modules/email/email_store.hpp"
#include "modules/webhooks/webhook_store.hpp"
#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "platform/jobs/enqueue.hpp"
#include "tenancy_fixture.hpp"

namespace rapport::testing {
namespace json = boost::json;

void Tenancy::seed_a() {
  SeedA& s = a_seed_;
  const std::string x = random_suffix();
  auto me = as_a("GET", "/api/v1/auth/me");
  ASSERT_EQ(me.status, 200) << me.body;
  s.user_id = text(me.json(), "user_id");
  s.workspace_id = text(me.json(), "workspace_id");
  ASSERT_FALSE(s.workspace_id.empty());
  ASSERT_NE(s.workspace_id, b_workspace_);

  s.custom_field_name = "alpha_tier_" + x;
  s.custom_field_label = "Alpha tier " + x;
  json::value cf_body = json::object{
      {"object_type", "contacts"}, {"name", s.custom_field_name}, {"label", s.custom_field_label}, {"type", "text"}};
  auto cf = as_a("POST", "/api/v1/custom-fields", &cf_body);
  ASSERT_EQ(cf.status, 201) << cf.body;
  s.custom_field = text(cf.json(), "id");

  s.company_name = "Alpha Holdings " + x;
  s.company_domain = "alpha-" + x + ".com";
  s.company = create_a("/api/v1/companies", json::object{{"name", s.company_name}, {"domain", s.company_domain}});
  s.contact_last_name = "Alphason" + x;
  s.contact_email = "alana." + x + "@alpha-" + x + ".com";
  s.custom_value = "gold-" + x;
  s.contact = create_a("/api/v1/contacts", json::object{{"first_name", "Alana"},
                                                        {"last_name", s.contact_last_name},
                                                        {"email", s.contact_email},
                                                        {"company_id", s.company},
                                                        {"custom", json::object{{s.custom_field_name, s.custom_value}}}});
  s.activity_subject = "Alpha call " + x;
  s.activity = create_a("/api/v1/activities",
                        json::object{{"type", "call"}, {"subject", s.activity_subject}, {"contact_id", s.contact}});

  s.deleted_company_name = "Alpha Deleted Co " + x;
  s.deleted_company = create_a("/api/v1/companies", json::object{{"name", s.deleted_company_name}});
  s.deleted_contact_last_name = "Alphadeleted" + x;
  s.deleted_contact = create_a("/api/v1/contacts", json::object{{"last_name", s.deleted_contact_last_name}});
  s.deleted_activity_subject = "Alpha deleted note " + x;
  s.deleted_activity = create_a("/api/v1/activities", json::object{{"type", "note"},
                                                                    {"subject", s.deleted_activity_subject},
                                                                    {"company_id", s.company}});
  for (const auto& [object, id] : {std::pair{"companies", s.deleted_company}, std::pair{"contacts", s.deleted_contact},
                                   std::pair{"activities", s.deleted_activity}}) {
    auto d = as_a("DELETE", "/api/v1/" + std::string(object) + "/" + id);
    ASSERT_EQ(d.status, 204) << object << " " << d.body;
  }

  s.api_key_name = "alpha-key-" + x;
  json::value key_body = json::object{{"name", s.api_key_name}};
  auto key = as_a("POST", "/api/v1/api-keys", &key_body);
  ASSERT_EQ(key.status, 201) << key.body;
  s.api_key_id = text(key.json(), "id");
  s.api_key = text(key.json(), "key");
  s.api_key_prefix = text(key.json(), "prefix");

  s.team_name = "Alpha team " + x;
  json::value team_body = json::object{{"name", s.team_name}, {"member_ids", json::array{json::value(s.user_id)}}};
  auto team = as_a("POST", "/api/v1/teams", &team_body);
  ASSERT_EQ(team.status, 201) << team.body;
  s.team = text(team.json(), "id");
  s.role_name = "alpha_role_" + x;
  s.role_label = "Alpha role " + x;
  json::value role_body = json::object{{"name", s.role_name}, {"label", s.role_label},
                                       {"permissions", json::object{{"contacts", json::object{{"read", "own"}}}}}};
  auto role = as_a("POST", "/api/v1/roles", &role_body);
  ASSERT_EQ(role.status, 201) << role.body;

  json::value pipeline_body = json::object{{"name", "Alpha pipeline " + x}, {"stages", json::array{json::object{{"name", "Open"}, {"type", "open"}}}}};
  auto pipeline = as_a("POST", "/api/v1/pipelines", &pipeline_body);
  ASSERT_EQ(pipeline.status, 201) << pipeline.body;
  s.pipeline = text(pipeline.json(), "id");
  s.stage = text(pipeline.json().at("stages").as_array()[0], "id");
  s.deal_name = "Alpha deal " + x;
  s.deal = create_a("/api/v1/deals", json::object{{"name", s.deal_name}, {"pipeline_id", s.pipeline}});
  s.lead_name = "Alphalead" + x;
  s.lead = create_a("/api/v1/leads", json::object{{"last_name", s.lead_name}});
  s.product_sku = "ALPHA-" + x;
  s.product = create_a("/api/v1/products", json::object{{"sku", s.product_sku}, {"name", "Alpha product"}, {"unit_price", 1}, {"currency", "EUR"}});
  json::value item_body = json::object{{"product_id", s.product}, {"quantity", 2}};
  auto item = as_a("POST", "/api/v1/deals/" + s.deal + "/line-items", &item_body);
  ASSERT_EQ(item.status, 201) << item.body;
  s.line_item = text(item.json().at("item"), "id");

  // Saved views, shared and private, filtering on A's custom field.
  for (auto [id, name, visibility] : {std::tuple{&s.view, &s.view_name, "workspace"}, std::tuple{&s.private_view, &s.private_view_name, "private"}}) {
    *name = std::string("Alpha ") + visibility + " view " + x;
    json::value view_body = json::object{{"object_type", "contacts"}, {"name", *name}, {"visibility", visibility},
                                         {"filters", json::array{json::object{{"field", "custom." + s.custom_field_name}, {"op", "eq"}, {"value", s.custom_value}}}}};
    auto view = as_a("POST", "/api/v1/views", &view_body);
    ASSERT_EQ(view.status, 201) << view.body;
    *id = text(view.json(), "id");
  }

  write_database(server_->data_dir(), [&](db::Connection& c) {
    s.job = jobs::enqueue(c, {.type = "test.unrun", .payload = json::object{{"secret", s.contact}}, .workspace_id = s.workspace_id});
  });

  // A webhook to a public address (literal: no DNS), subscribed to an event this test never causes,
  // and a row of its delivery log made directly (no delivery is attempted).
  s.webhook_url = "http://93.184.216.34/alpha-" + x;
  json::value hook_body = json::object{{"url", s.webhook_url}, {"event_types", json::array{"webhook.disabled"}}};
  auto hook = as_a("POST", "/api/v1/webhooks", &hook_body);
  ASSERT_EQ(hook.status, 201) << hook.body;
  s.webhook = text(hook.json(), "id");
  write_database(server_->data_dir(), [&](db::Connection& c) {
    webhooks::Delivery d;
    d.id = ids::uuid_v7();
    d.workspace_id = s.workspace_id;
    d.webhook_id = s.webhook;
    d.message_id = "msg_alpha" + x;
    d.event_type = "contact.created";
    d.object_type = "contacts";
    d.object_id = s.contact;
    d.occurred_at = d.created_at = clock::now_text();
    d.status = "failed";
    d.error = "alpha failure " + x;
    webhooks::store::insert_delivery(c, d);
    s.delivery = d.id;
  });

  for (const auto& v : data_of(as_a("GET", "/api/v1/auth/sessions")))
    if (v.at("current").as_bool()) s.session = text(v, "id");
  ASSERT_FALSE(s.session.empty());

  for (const auto* v : {&s.company, &s.contact, &s.activity, &s.deleted_company, &s.deleted_contact, &s.deleted_activity})
    ASSERT_FALSE(v->empty());
  // An automation rule of A's, on a change this test never makes.
  s.automation_name = "Alpha automation " + x;
  json::value rule_body = json::object{
      {"name", s.automation_name}, {"object_type", "contacts"},
      {"trigger", json::object{{"type", "field_changed"}, {"field", "job_title"}, {"to", "Alpha never " + x}}},
      {"actions", json::array{json::object{{"type", "create_activity"}, {"kind", "note"}, {"subject", "Alpha note"}}}}};
  auto rule = as_a("POST", "/api/v1/automations", &rule_body);
  ASSERT_EQ(rule.status, 201) << rule.body;
  s.automation = text(rule.json(), "id");
  // Linked to the deal: the contact's and company's timelines hold the call alone (checked below).
  s.meeting = create_a("/api/v1/activities", json::object{{"type", "meeting"}, {"subject", "Alpha meeting " + x},
                                                          {"deal_id", s.deal}, {"starts_at", "2030-01-01T10:00:00Z"},
                                                          {"ends_at", "2030-01-01T11:00:00Z"}});
  json::value feed_body = json::object{{"name", "Alpha feed " + x}};
  auto feed = as_a("POST", "/api/v1/calendar-feeds", &feed_body);
  ASSERT_EQ(feed.status, 201) << feed.body;
  s.calendar_feed = text(feed.json(), "id");
  s.ticket_subject = "Alpha ticket " + x;
  s.ticket = create_a("/api/v1/tickets", json::object{{"subject", s.ticket_subject}, {"team_id", s.team}});
  s.web_form_name = "Alpha form " + x;
  s.web_form = create_a("/api/v1/web-forms", json::object{{"name", s.web_form_name}, {"team_id", s.team}});
  json::value closed = json::object{{"status", "closed"}};
  ASSERT_EQ(as_a("PATCH", "/api/v1/tickets/" + s.ticket, &closed).status, 200);
  // After the close: a new policy re-times open tickets (support.sla_refresh), and A's is closed.
  s.business_hours = create_a("/api/v1/business-hours",
                              json::object{{"name", "Alpha hours " + x}, {"time_zone", "Europe/Berlin"},
                                           {"week", json::object{{"mon", json::array{json::object{{"open", "09:00"}, {"close", "17:00"}}}}}}});
  s.sla_policy = create_a("/api/v1/sla-policies", json::object{{"name", "Alpha SLA " + x}, {"targets", json::object{{"resolution", 480}}},
                                                               {"business_hours_id", s.business_hours}});
  json::value macro = json::object{{"name", "Alpha macro " + x}, {"kind", "note"}, {"body", "Alpha note " + x}, {"shared", true}};
  auto saved_macro = as_a("POST", "/api/v1/macros", &macro);
  ASSERT_EQ(saved_macro.status, 201) << saved_macro.body;
  s.macro = text(saved_macro.json(), "id");
  s.segment_name = "Alpha segment " + x;
  json::value segment = json::object{{"name", s.segment_name}, {"filter", json::object{{"last_name", json::object{{"eq", s.contact_last_name}}}}}};
  auto saved_segment = as_a("POST", "/api/v1/segments", &segment);
  ASSERT_EQ(saved_segment.status, 201) << saved_segment.body;
  s.segment = text(saved_segment.json(), "id");
  s.list_name = "Alpha list " + x;
  s.list = create_a("/api/v1/lists", json::object{{"name", s.list_name}});
  json::value members = json::object{{"contact_ids", json::array{json::value(s.contact)}}};
  ASSERT_EQ(as_a("POST", "/api/v1/lists/" + s.list + "/members", &members).status, 200);
  s.campaign_name = "Alpha campaign " + x;
  s.campaign = create_a("/api/v1/campaigns", json::object{{"name", s.campaign_name}, {"subject", "Alpha news"},
                                                          {"audience", json::object{{"list_ids", json::array{json::value(s.list)}}}}});
  s.saved_report_name = "Alpha report " + x;
  s.saved_report = create_a("/api/v1/saved-reports",
                            json::object{{"name", s.saved_report_name}, {"visibility", "workspace"},
                                         {"definition", json::object{{"object", "contacts"}, {"group_by", json::array{"last_name"}},
                                                                     {"measures", json::array{json::object{{"op", "count"}}}}}}});
  s.report_schedule = create_a("/api/v1/saved-reports/" + s.saved_report + "/schedules",
                               json::object{{"frequency", "daily"}, {"time", "07:00"}, {"emails", json::array{"alpha-boss@example.org"}}});
  s.dashboard = create_a("/api/v1/dashboards",
                         json::object{{"name", "Alpha dashboard " + x}, {"visibility", "workspace"},
                                      {"widgets", json::array{json::object{{"saved_report_id", s.saved_report}, {"type", "table"},
                                                                           {"x", 0}, {"y", 0}, {"w", 12}, {"h", 4}}}}});
  s.form_name = "Alpha form of leads " + x;
  s.form = create_a("/api/v1/forms", json::object{{"name", s.form_name},
                                                  {"fields", json::array{json::object{{"field", "email"}, {"required", true}}}}});

  // An email template of A's, and an email stored as the send route stores one (no SMTP server: it
  // is made `sent` directly, so no job tries to send it).
  s.email_template_name = "Alpha template " + x;
  json::value template_body = json::object{{"name", s.email_template_name}, {"subject", "Alpha {{contact.last_name}}"}, {"text", "..."}};
  auto tmpl = as_a("POST", "/api/v1/email-templates", &template_body);
  ASSERT_EQ(tmpl.status, 201) << tmpl.body;
  s.email_template = text(tmpl.json(), "id");
  s.email_subject = "Alpha email " + x;
  write_database(server_->data_dir(), [&](db::Connection& c) {
    email::Email e;
    e.id = ids::uuid_v7();
    e.workspace_id = s.workspace_id;
    e.created_by = s.user_id;
    e.status = "sent";
    e.sender = "alpha@example.com";
    e.to = {"alpha.to@example.com"};
    e.subject = s.email_subject;
    e.text_body = "...";
    e.message_id = e.id + "@example.com";
    e.created_at = clock::now_text();
    email::store::insert_email(c, e);
    s.email = e.id;
  });
  // A message A's inbound route received (posted with A's inbound secret; from no contact, so that
  // the timelines checked below keep their single activity).
  auto made = as_a("POST", "/api/v1/email/inbound-secret");
  ASSERT_EQ(made.status, 201) << made.body;
  s.received_subject = "Alpha received " + x;
  auto received = a_->request(
      "POST", "/api/v1/inbound-email",
      "From: alpha.sender." + x + "@example.com\r\nTo: alpha@example.com\r\nSubject: " + s.received_subject + "\r\nMessage-ID: <alpha." + x +
          "@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
          "Hello A.\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=alpha.pdf\r\n\r\n%PDF\r\n--b--\r\n",
      {{"Content-Type", "message/rfc822"}, {"Authorization", "Bearer " + text(made.json(), "secret")}});
  ASSERT_EQ(received.status, 200) << received.body;
  s.received_email = text(received.json().at("email"), "id");
  ASSERT_EQ(received.json().at("email").at("attachments").as_array().size(), 1u) << received.body;
  s.attachment = text(received.json().at("email").at("attachments").as_array()[0], "id");

  // An import of A's (a dry run of one contact: nothing written) and a saved mapping.
  s.import_file_name = "alpha-import-" + x + ".csv";
  auto imported = a_->request("POST", "/api/v1/imports?object=contacts&dry_run=true",
                              "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + s.import_file_name +
                                  "\"\r\n\r\nLast Name\r\nAlphaimport\r\n\r\n--b--",
                              {{"Authorization", "Bearer " + token_a_}, {"Content-Type", "multipart/form-data; boundary=b"}});
  ASSERT_EQ(imported.status, 202) << imported.body;
  s.import = text(imported.json(), "id");
  s.import_mapping_name = "Alpha mapping " + x;
  json::value mapping_body = json::object{{"name", s.import_mapping_name}, {"object", "contacts"}, {"mapping", json::object{{"date_order", "mdy"}}}};
  auto mapping = as_a("POST", "/api/v1/import-mappings", &mapping_body);
  ASSERT_EQ(mapping.status, 201) << mapping.body;
  s.import_mapping = text(mapping.json(), "id");

  s.secrets = {s.user_id,          s.workspace_id,      s.company,           s.contact,
               s.activity,         s.deleted_company,   s.deleted_contact,   s.deleted_activity,
               s.custom_field,     s.custom_field_name, s.custom_field_label, s.custom_value,
               s.api_key_id,       s.api_key,           s.api_key_prefix,    s.api_key_name,
               s.company_name,     s.company_domain,    s.contact_last_name, s.contact_email,
               s.activity_subject, s.deleted_company_name, s.deleted_contact_last_name, s.deleted_activity_subject,
               s.team,             s.team_name,         s.role_name,         s.role_label,
               s.pipeline,         s.deal,              s.deal_name,         s.lead,
               s.lead_name,        s.product,           s.product_sku,
               s.view,             s.view_name,         s.private_view,      s.private_view_name,
               s.webhook,          s.webhook_url,       "alpha failure " + x,
               s.automation,       s.automation_name,
               s.email_template,   s.email_template_name, s.email, s.email_subject,
               s.received_email,   s.received_subject, s.attachment,
               s.meeting,          s.calendar_feed,
               s.import,           s.import_file_name,  s.import_mapping,    s.import_mapping_name,
               s.ticket,           s.ticket_subject,
               s.segment,          s.segment_name,      s.list,              s.list_name,
               s.campaign,         s.campaign_name,
               s.form,             s.form_name,
               s.saved_report,     s.saved_report_name, s.dashboard,         s.report_schedule,
               ServerProcess::admin_email()};
}

}  // namespace rapport::testing
