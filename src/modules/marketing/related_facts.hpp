// Related facts: segment conditions about records linked to a contact rather than its own fields.
// The deal, activity and consent facts read values kept on the contact row by triggers in the
// transaction of every write of the linked rows (migration 0083: open_deals, last_activity_at,
// consent_<channel>), each under a partial index of the live contacts, so that a segment's count is
// a range count of one index rather than a subquery over the linked table (docs/benchmarks.md,
// "Segment counts on kept facts"):
//
// - "has_open_deal": true, false, or {"pipeline_id"?, "stage_id"?}: a live deal the contact is a
//   contact of (deal_contacts) that is not closed (won or lost), optionally in that pipeline or stage
//   (then those contacts' deals are read). Whether such a deal exists only: no amount is read, so a
//   role that reads no deals (marketing) learns no deal's value.
// - "activity_within_days": N (1..3650): a live activity linked to the contact that occurred in the
//   last N days (up to now).
// - "consent": {"channel": "email_marketing" | "phone" | "sms", "state": "granted" | "withdrawn" |
//   "none"}: the channel's newest consent (privacy's rule), or no consent recorded for it.
//
// - "opened_campaign", "clicked_campaign": true, false or {"campaign_id"?, "days"?}, read from the
//   tracking events (tracking_facts.hpp), as `id IN (...)` over their index.
//
// Extension point: a new fact is a FactCompiler added to related_facts(); a fact asked of many
// contacts at once is kept on the contact the same way.
#pragma once
#include <functional>
#include <map>
#include <string>

#include "modules/marketing/segment_filter.hpp"

namespace rapport::marketing {

// `ids` (a subquery selecting contact ids), made the condition "the contact is among them" or, when
// `among` is false, "is not": `id IN (...)` / `id NOT IN (...)` on SQLite (which builds the list once
// and probes it per contact). On PostgreSQL "not among" is `NOT EXISTS (SELECT 1 FROM (...) AS
// absent(contact_id) WHERE absent.contact_id = contacts.id)` (the contacts' table as scope names it): PostgreSQL never turns NOT IN into an
// anti-join (NULLs would change its answer), and a list larger than work_mem (4 MB: about 100,000
// ids) is then rescanned for every contact; at 1M contacts and 333,000 consents the plan cost 2.9
// billion (hours), the NOT EXISTS form a hash anti-join of about a second (docs/benchmarks.md,
// "Tracking (session 24)"). The callers' queries read the contacts' table without an alias.
Sql among_ids(const FilterScope& scope, Sql ids, bool among);

// Compiles one fact's value at `path`; adds field errors (and returns nothing) for a bad value.
using FactCompiler =
    std::function<std::optional<Sql>(const boost::json::value& value, const std::string& path, const FilterScope& scope,
                                      std::vector<FieldError>& errors)>;

const std::map<std::string, FactCompiler>& related_facts();

}  // namespace rapport::marketing
