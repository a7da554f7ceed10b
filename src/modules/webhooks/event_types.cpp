#include "modules/webhooks/event_types.hpp"

#include <algorithm>

namespace rapport::webhooks {

namespace {

// The record objects (platform/records specs of customers, activities, sales) with their singular.
struct RecordObject {
  const char* object;
  const char* singular;
};
constexpr RecordObject kRecords[] = {{"companies", "company"}, {"contacts", "contact"}, {"activities", "activity"},
                                     {"leads", "lead"},         {"deals", "deal"},       {"products", "product"}};

std::vector<EventType> build() {
  std::vector<EventType> out;
  for (const auto& r : kRecords) {
    const std::string s = r.singular;
    out.push_back({s + ".created", r.object, "A " + s + " was created", true});
    out.push_back({s + ".updated", r.object, "A " + s + " was changed (by a person, an import or the server)", true});
    out.push_back({s + ".deleted", r.object, "A " + s + " was moved to the recycle bin (data: its id and object_type only)", false});
    out.push_back({s + ".restored", r.object, "A " + s + " was restored from the recycle bin", true});
  }
  // Merges of duplicates (modules/dedupe): the survivor is the event's record.
  for (const char* s : {"contact", "company", "lead"}) {
    const std::string one = s;
    const char* object = one == "contact" ? "contacts" : one == "company" ? "companies" : "leads";
    out.push_back({one + ".merged", object,
                   "Duplicate " + std::string(object) + " were merged into this " + one +
                       " (data: the survivor; the merged ones went to the recycle bin without " + one + ".deleted)",
                   true});
    out.push_back({one + ".unmerged", object,
                   "A merge into this " + one + " was undone (data: the survivor; each merged " + one + " comes back with " +
                       one + ".restored)",
                   true});
  }
  out.push_back({"deal.stage_changed", "deals", "A deal moved to another stage of its pipeline", true});
  out.push_back({"lead.converted", "leads", "A lead was converted into a contact, a company and a deal", true});
  out.push_back({"contact.erased", "contacts", "A contact's personal data was erased (right to erasure)", true});
  out.push_back({"contact.consent_recorded", "contacts", "A contact's consent was granted or withdrawn", true});
  out.push_back({"form.submitted", "forms",
                 "A visitor sent a lead capture form (data: the form's id, the submission's id, the lead or contact it made "
                 "or updated and the consents ticked)",
                 false});
  out.push_back({"ticket.sla_warning", "tickets",
                 "A ticket's SLA target (first response, next response or resolution) comes close to its due time (the "
                 "policy's warning); data: the ticket, whose sla shows its targets",
                 true});
  out.push_back({"ticket.sla_breached", "tickets",
                 "A ticket's SLA target passed its due time unmet; data: the ticket, whose sla shows its targets", true});
  out.push_back({"ticket.reply_bounced", "tickets",
                 "A public reply emailed from a ticket bounced (a delivery report came back for it); data: the ticket, "
                 "whose messages show the reply's delivery as bounced and an internal note saying why",
                 true});
  for (const char* verb : {"created", "updated", "deleted"})
    out.push_back({std::string("custom_field.") + verb, "custom_fields",
                   std::string("A custom field definition was ") + verb + " (data: its id and object_type only)", false});
  for (const char* verb : {"created", "updated", "deleted"})
    out.push_back({std::string("view.") + verb, "views",
                   std::string("A shared saved view was ") + verb + " (data: its id and object_type only)", false});
  out.push_back({"pipeline.updated", "pipelines", "A pipeline or its stages changed (data: its id and object_type only)", false});
  out.push_back({"webhook.disabled", "webhooks",
                 "The server disabled a webhook after persistent failure or because its creator left (data: its id and "
                 "object_type only)",
                 false});
  out.push_back({"automation.paused", "automations",
                 "The server paused an automation rule that ran too often on one record (data: its id and object_type "
                 "only)",
                 false});
  return out;
}

const EventType* find(std::string_view name) {
  const auto& all = event_types();
  auto it = std::find_if(all.begin(), all.end(), [&](const EventType& e) { return e.name == name; });
  return it == all.end() ? nullptr : &*it;
}

}  // namespace

const std::vector<EventType>& event_types() {
  static const std::vector<EventType> all = build();
  return all;
}

bool is_event_type(std::string_view name) { return find(name) != nullptr; }

bool subscribes(const std::vector<std::string>& subscribed, std::string_view type) {
  return std::any_of(subscribed.begin(), subscribed.end(), [&](const std::string& s) { return s == kAllEvents || s == type; });
}

std::optional<std::string> record_object(const std::vector<std::string>& subscribed) {
  std::optional<std::string> object;
  for (const auto& name : subscribed) {
    const EventType* e = find(name);
    if (!e || (object && *object != e->object_type)) return std::nullopt;
    object = e->object_type;
  }
  if (!object || std::none_of(std::begin(kRecords), std::end(kRecords), [&](const RecordObject& r) { return *object == r.object; }))
    return std::nullopt;
  return object;
}

bool carries_record(std::string_view type) {
  const EventType* e = find(type);
  return e && e->carries_record;
}

}  // namespace rapport::webhooks
