// Every event type the server writes to the outbox, which webhooks may subscribe to: the one list
// the input check, the OpenAPI document and the README take. A new journal::emit of a new type must
// add it here (or webhooks cannot subscribe to it).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::webhooks {

struct EventType {
  std::string name;         // e.g. "contact.created"
  std::string object_type;  // the object it is about, as in the event: "contacts"
  std::string description;
  // The payload's data: the record as GET returns it to the webhook's creator, or only
  // {"id", "object_type"} (a deleted record, or an object that is not a record).
  bool carries_record = false;
};

const std::vector<EventType>& event_types();
bool is_event_type(std::string_view name);
// "*" subscribes to every type.
inline constexpr std::string_view kAllEvents = "*";
// Whether a subscription (its event_types) covers `type`.
bool subscribes(const std::vector<std::string>& subscribed, std::string_view type);
// The one record object (companies, contacts, activities, leads, deals, products) every subscribed
// type is about, which a webhook's filter is written for; nullopt for "*", for types about several
// objects or about objects that are not records.
std::optional<std::string> record_object(const std::vector<std::string>& subscribed);
// Whether events of this type send the record (EventType::carries_record); false for unknown types.
bool carries_record(std::string_view type);

}  // namespace rapport::webhooks
