// The body of POST and PATCH /api/v1/webhooks: every bound and the event types against the known
// list, each refusal naming its field; and the event type list's own rules.
#include "modules/webhooks/webhook_input.hpp"

#include <gtest/gtest.h>

#include <set>

#include "modules/webhooks/event_types.hpp"
#include "modules/webhooks/webhook.hpp"

namespace rapport::webhooks {
namespace {
namespace json = boost::json;

std::vector<std::string> fields_of(const Result<WebhookChange>& r) {
  std::vector<std::string> out;
  if (r) return out;
  for (const auto& e : r.problem().errors) out.push_back(e.field);
  return out;
}

json::object valid() {
  return json::object{{"url", "https://hooks.example.com/in"}, {"event_types", json::array{"contact.created"}}};
}

TEST(WebhookInput, AValidBodyIsRead) {
  json::object body = valid();
  body["description"] = "CRM to ERP";
  body["enabled"] = false;
  auto r = read_webhook_body(body, true);
  ASSERT_TRUE(r) << r.problem().detail;
  EXPECT_EQ(*r->url, "https://hooks.example.com/in");
  EXPECT_EQ(*r->event_types, std::vector<std::string>{"contact.created"});
  EXPECT_EQ(*r->description, "CRM to ERP");
  EXPECT_FALSE(*r->enabled);
  auto all = read_webhook_body(json::object{{"url", "http://x.example"}, {"event_types", json::array{"*"}}}, true);
  ASSERT_TRUE(all);
  EXPECT_EQ(*all->event_types, std::vector<std::string>{"*"});
}

TEST(WebhookInput, CreatingRequiresUrlAndEventTypesAPatchDoesNot) {
  auto r = read_webhook_body(json::object{}, true);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.problem().status, 422);
  EXPECT_EQ(fields_of(r), (std::vector<std::string>{"url", "event_types"}));
  auto patch = read_webhook_body(json::object{{"enabled", true}}, false);
  ASSERT_TRUE(patch);
  EXPECT_FALSE(patch->url);
  EXPECT_FALSE(patch->event_types);
}

TEST(WebhookInput, UnknownKeysAndWrongTypesAreNamed) {
  json::object body = valid();
  body["secret"] = "whsec_mine";
  body["enabled"] = "yes";
  body["url"] = 12;
  EXPECT_EQ(fields_of(read_webhook_body(body, true)), (std::vector<std::string>{"secret", "url", "enabled"}));
}

TEST(WebhookInput, EventTypesMustBeKnownUniqueBoundedAndStarAlone) {
  auto with = [](json::value types) {
    json::object b = valid();
    b["event_types"] = std::move(types);
    return read_webhook_body(b, true);
  };
  EXPECT_EQ(fields_of(with(json::array{})), std::vector<std::string>{"event_types"});
  EXPECT_EQ(fields_of(with("contact.created")), std::vector<std::string>{"event_types"});
  EXPECT_EQ(fields_of(with(json::array{"contact.created", "contact.exploded"})), std::vector<std::string>{"event_types.1"});
  EXPECT_EQ(fields_of(with(json::array{"contact.created", "contact.created"})), std::vector<std::string>{"event_types.1"});
  EXPECT_EQ(fields_of(with(json::array{"*", "contact.created"})), std::vector<std::string>{"event_types"});
  EXPECT_EQ(fields_of(with(json::array{7})), std::vector<std::string>{"event_types.0"});
  json::array many;
  for (std::size_t i = 0; i <= kMaxEventTypes; ++i) many.push_back("contact.created");
  EXPECT_EQ(fields_of(with(many)), std::vector<std::string>{"event_types"});
  // A caller's bytes that are not UTF-8 come back scrubbed, so the answer stays JSON.
  auto bad = with(json::array{json::value(std::string("contact.\xff"))});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.problem().errors.at(0).message.find("\xEF\xBF\xBD"), std::string::npos);
}

TEST(WebhookInput, UrlAndDescriptionAreBounded) {
  json::object b = valid();
  b["url"] = "https://example.com/" + std::string(2048, 'a');
  b["description"] = std::string(501, 'd');
  EXPECT_EQ(fields_of(read_webhook_body(b, true)), (std::vector<std::string>{"url", "description"}));
  b = valid();
  // 500 characters of two bytes each: within the bound, which counts characters.
  std::string ae;
  for (int i = 0; i < 500; ++i) ae += "\xC3\xA9";
  b["description"] = ae;
  EXPECT_TRUE(read_webhook_body(b, true));
  b["url"] = "";
  EXPECT_EQ(fields_of(read_webhook_body(b, true)), std::vector<std::string>{"url"});
}

TEST(EventTypes, TheListCoversEveryRecordObjectAndIsUnique) {
  std::set<std::string> names;
  for (const auto& e : event_types()) {
    EXPECT_TRUE(names.insert(e.name).second) << e.name << " is listed twice";
    EXPECT_FALSE(e.description.empty()) << e.name;
    EXPECT_NE(e.name.find('.'), std::string::npos) << e.name;
  }
  for (const char* s : {"company", "contact", "activity", "lead", "deal", "product"})
    for (const char* verb : {"created", "updated", "deleted", "restored"})
      EXPECT_TRUE(is_event_type(std::string(s) + "." + verb)) << s << "." << verb;
  for (const char* t : {"deal.stage_changed", "lead.converted", "contact.erased", "contact.consent_recorded",
                        "custom_field.created", "view.deleted", "pipeline.updated", "webhook.disabled", "ticket.sla_warning",
                        "ticket.sla_breached", "contact.merged", "company.unmerged", "lead.merged"})
    EXPECT_TRUE(is_event_type(t)) << t;
  EXPECT_FALSE(is_event_type("*"));
  EXPECT_FALSE(is_event_type("contact.exploded"));
}

TEST(EventTypes, SubscriptionsAndWhatCarriesTheRecord) {
  EXPECT_TRUE(subscribes({"*"}, "deal.updated"));
  EXPECT_TRUE(subscribes({"contact.created", "deal.updated"}, "deal.updated"));
  EXPECT_FALSE(subscribes({"contact.created"}, "contact.updated"));
  EXPECT_FALSE(subscribes({}, "contact.created"));
  EXPECT_TRUE(carries_record("contact.created"));
  EXPECT_TRUE(carries_record("deal.stage_changed"));
  EXPECT_FALSE(carries_record("contact.deleted")) << "a deleted record sends its id only";
  EXPECT_FALSE(carries_record("view.created")) << "not a record";
  EXPECT_FALSE(carries_record("unknown.type"));
}

}  // namespace
}  // namespace rapport::webhooks
