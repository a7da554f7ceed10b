// A webhook's optional filter: conditions {"field", "op", "value"} in the list filter language of
// the one record object its event types are about (record_object in event_types.hpp), e.g.
// [{"field": "amount", "op": "gte", "value": 10000}] on deal.created and deal.updated.
// - check_filter, at creation and at every change of the filter or the event types: the object, each
//   condition compiled as that object's list compiles it (the list's 400 wording, here a field error
//   naming filter.<i>), and no condition on a field hidden from a reader (the admin making the
//   change, the webhook's creator), refused with the list's words: nothing is stored.
// - FilterGate, in the relay's transaction before a delivery is enqueued: the record as it is now (as
//   the delivery will send it, soft-deleted ones included for *.deleted events) must match every
//   condition and be in the creator's read scope (records::matches_in_scope); an event it fails makes
//   no delivery. A filter the creator's role can no longer use (a field hidden since) or that no
//   longer compiles (a custom field deleted since) holds every event back, each logged as a skipped
//   delivery saying why, so the admin sees it in the delivery log.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "modules/webhooks/webhook.hpp"
#include "platform/db/connection.hpp"
#include "platform/events/event.hpp"
#include "platform/identity/context.hpp"
#include "platform/records/custom_fields.hpp"
#include "platform/records/spec_of.hpp"

namespace rapport::webhooks {

using Specs = std::vector<const records::ObjectSpec*>;

// The field errors of w's filter (none when it has no filter); `readers` may not filter on a field
// hidden from them.
std::vector<FieldError> check_filter(db::Connection& c, const Specs& specs, const Webhook& w,
                                     const std::vector<const identity::Context*>& readers);

// Asks the filters of one relay batch, reading each webhook's creator and each object's custom
// fields once.
class FilterGate {
 public:
  FilterGate(db::Connection& c, const Specs& specs) : c_(c), specs_(specs) {}

  struct Verdict {
    bool deliver = true;
    std::optional<std::string> held_back;  // why the filter could not be asked (log it as skipped)
  };
  Verdict ask(const Webhook& w, const events::Event& e);

 private:
  db::Connection& c_;
  const Specs& specs_;
  std::map<std::string, std::optional<identity::Context>> creators_;  // by user id
  std::map<std::pair<std::string, std::string>, std::vector<records::CustomFieldDef>> defs_;  // by (workspace, object)
};

}  // namespace rapport::webhooks
