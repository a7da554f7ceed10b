// The data-subject requests on a contact: export everything held about the person, and erase it.
#pragma once
#include <boost/json.hpp>
#include <string>

#include "access/context.hpp"
#include "platform/db/database.hpp"

namespace rapport::privacy {

inline constexpr int kExportFormatVersion = 1;

// Everything held about one contact (export.cpp): the record with its custom fields, its company
// reference, its activities (through activity_links, deleted ones included), its consents and the
// audit entries of the contact and of those activities. Writes an audit entry (action "export").
// 404 for a missing, erased or foreign contact; one in the recycle bin is still exported.
Result<boost::json::object> export_contact(db::Database& db, const access::Context& ctx, const std::string& id);

// Erases one contact in one transaction (erase.cpp; what is removed is listed in README.md) and
// returns the tombstone {id, object_type, object_id, erased_by, erased_at, request_id, reason} with
// what else changed: activities_erased, activities_unlinked, views_changed (saved views that lost
// filter conditions holding the person's values, views::forget_person), reports_changed (saved
// reports whose definitions lost such conditions, analytics::forget_person), emails_erased,
// emails_scrubbed and attachments_erased (erase_emails.hpp).
// `reason` is the operator's note (at most 500 characters, no personal data). 404 for a missing,
// already erased or foreign contact.
Result<boost::json::object> erase_contact(db::Database& db, const access::Context& ctx, const std::string& id,
                                          const std::string& reason);

}  // namespace rapport::privacy
