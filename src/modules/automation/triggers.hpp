// What starts a rule: the trigger types, the outbox event each listens to, and whether an event's
// payload satisfies the trigger's own options (a field changed from/to a value, a deal's stage).
//
// record_created, record_updated, record_deleted, record_restored: <singular>.created|updated|...
// field_changed {"field", optional "from", "to"}: <singular>.updated whose changes hold the field
//   (and its before/after equal from/to when given);
// stage_changed {optional "pipeline_id", "from_stage_id", "to_stage_id"}: deal.stage_changed (deals);
//   pipeline_id is the deal's, checked by the run against the record;
// lead_converted: lead.converted (leads);
// sla_warning, sla_breached: ticket.sla_warning, ticket.sla_breached (tickets; support's SLA scan);
// reply_bounced: ticket.reply_bounced (tickets; a delivery report for a reply, support's inbound mail);
// form_submitted {optional "form_id"}: form.submitted (marketing's lead capture forms), on rules on
//   leads or contacts: the run is for the lead or contact the submission created or updated, when
//   it is of the rule's object (a contact form starts no lead rule);
// date_relative {"field", "offset_days", "at"}: no event; the date scan (date_scan.hpp) starts it;
// schedule {"cron"}: no event; the rule's job schedule (schedule_trigger.hpp) starts it.
#pragma once
#include <boost/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::automation {

const std::vector<std::string>& trigger_types();
// Triggers whose event carries the record's changes (the "changed" condition operators apply).
bool update_like(std::string_view type);
// The event type the trigger listens to on an object whose singular is `singular` ("contact").
std::string event_type_of(const boost::json::object& trigger, std::string_view singular);
// The record a run of the trigger is for: the event's object, except for form_submitted (the event's
// object is the form): the payload's record_id when its record_type is object_type, else empty (no run).
std::string record_of(const boost::json::object& trigger, std::string_view object_type, const std::string& event_object_id,
                      const boost::json::value& payload);
// Whether the event's payload satisfies the trigger's options; true for triggers without options.
bool fires(const boost::json::object& trigger, const boost::json::value& payload);
// Two values the same for a rule: equal JSON, numbers by value (5 and 5.0).
bool same_value(const boost::json::value& a, const boost::json::value& b);

}  // namespace rapport::automation
