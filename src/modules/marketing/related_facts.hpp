// Related facts: segment conditions about records linked to a contact rather than its own fields.
// Each compiles to `id IN (...)` or `id NOT IN (...)` over an index of the linked table, so the
// engine can start from the linked rows:
//
// - "has_open_deal": true, false, or {"pipeline_id"?, "stage_id"?}: a live deal the contact is a
//   contact of (deal_contacts) that is not closed (won or lost), optionally in that pipeline or stage.
//   Whether such a deal exists only: no amount is read, so a role that reads no deals (marketing)
//   learns no deal's value.
// - "activity_within_days": N (1..3650), or {"days": N, "type"?: "call"}: a live activity linked to
//   the contact that occurred in the last N days (up to now).
// - "consent": {"channel": "email_marketing" | "phone" | "sms", "state": "granted" | "withdrawn" |
//   "none"}: the channel's newest consent (privacy's rule), or no consent recorded for it.
//
// - "opened_campaign", "clicked_campaign": true, false or {"campaign_id"?, "days"?}, read from the
//   tracking events (tracking_facts.hpp).
//
// Extension point: a new fact is a FactCompiler added to related_facts().
#pragma once
#include <functional>
#include <map>
#include <string>

#include "modules/marketing/segment_filter.hpp"

namespace rapport::marketing {

// Compiles one fact's value at `path`; adds field errors (and returns nothing) for a bad value.
using FactCompiler =
    std::function<std::optional<Sql>(const boost::json::value& value, const std::string& path, const FilterScope& scope,
                                      std::vector<FieldError>& errors)>;

const std::map<std::string, FactCompiler>& related_facts();

}  // namespace rapport::marketing
