// Consent to be contacted, per contact and channel, kept as an append-only history (the newest row
// of a channel is its state), and the suppression list of erased people's addresses. may_contact is
// what marketing features ask before sending anything.
#pragma once
#include <boost/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "access/context.hpp"
#include "platform/db/database.hpp"

namespace rapport::privacy {

const std::vector<std::string>& consent_channels();  // email_marketing, phone, sms
const std::vector<std::string>& consent_statuses();  // granted, withdrawn
const std::vector<std::string>& consent_sources();   // web_form, import, api, unsubscribe_link, ...

// Whether marketing may use `channel` to reach the contact now. Every channel is opt-in: true only
// when the contact is live (not deleted or erased) and the newest consent of the channel is
// "granted". For email_marketing, the contact's primary email must also not be on the suppression
// list, unless the grant is newer than the suppression (the person came back and opted in again).
bool may_contact(db::Connection& c, const std::string& workspace_id, const std::string& contact_id,
                 std::string_view channel);

// The hex BLAKE2b-256 of the lower-cased address: the suppression list's key.
std::string email_hash(std::string_view email);
// Whether an address is on the workspace's suppression list (importers and campaigns ask this for
// addresses that have no contact yet).
bool is_suppressed(db::Connection& c, const std::string& workspace_id, std::string_view email);
// Puts an address on the suppression list (nothing when it is there already).
void suppress(db::Connection& c, const std::string& workspace_id, std::string_view email, const std::string& reason);

// {"contact_id", "current": {channel: {status, source, recorded_at} or null}, "history": [rows, newest first]}
boost::json::object consent_state(db::Connection& c, const std::string& workspace_id, const std::string& contact_id);

// The routes' use cases. A contact that is missing, erased or in another workspace is 404; one in
// the recycle bin still has its consents read and recorded (an unsubscribe must never be lost).
Result<boost::json::object> read_consents(db::Database& db, const access::Context& ctx, const std::string& contact_id);
// body: {"channel", "status", "source", "note"?}; 422 listing every bad field. Writes the row, an
// audit entry (action "consent", no note) and the event contact.consent_recorded.
Result<boost::json::object> record_consent(db::Database& db, const access::Context& ctx, const std::string& contact_id,
                                           const boost::json::object& body);

// Records one consent inside the caller's write transaction (the route's and a web form's): the
// row, the audit entry (action "consent", no note) and the event contact.consent_recorded; channel,
// status and source must be among the lists above. Answers the row as the route does.
boost::json::object insert_consent(db::Connection& c, const access::Context& ctx, const std::string& contact_id,
                                   const std::string& channel, const std::string& status, const std::string& source,
                                   const db::Value& note);

// A contact of the workspace that is not erased (live or in the recycle bin).
bool contact_held(db::Connection& c, const std::string& workspace_id, const std::string& contact_id);
// 404 unless the contact is held and readable to the caller; 403 when readable but `action` (update)
// is not allowed on it.
std::optional<Problem> contact_in_scope(db::Connection& c, const access::Context& ctx, const std::string& contact_id,
                                        access::Action action);

}  // namespace rapport::privacy
