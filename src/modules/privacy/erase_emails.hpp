// The erasure of a contact's mail (migrations 0028, 0032, 0069): sent emails (`emails`), received and
// BCC-logged ones (`received_emails`), their files (`email_attachments`) and the records they concern
// (`email_record_links`). Run in the erasure's transaction by erase_contact; the `email` activities
// on the timeline are activities, erased or unlinked with the others (erase.cpp).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "access/context.hpp"
#include "modules/privacy/scrub.hpp"
#include "platform/db/connection.hpp"

namespace rapport::privacy {

struct EmailsErased {
  int64_t erased = 0;       // rows deleted (sent and received)
  int64_t scrubbed = 0;     // rows that name other contacts too: the person's part removed
  int64_t attachments = 0;  // files deleted
};

// An email names the person when it is linked to the contact (a sent email's `links.contact_id`, a
// received one's `contact_ids`) or one of the person's `addresses` is its sender, a To or a Cc.
// Deleted, with its files, when it concerns no other contact: a sent email linked to this contact or
// sent to the person's addresses only; a received one matched to no other contact. Otherwise
// scrubbed: the link and the person's addresses leave it, `needles` (addresses, phones, full name)
// become "[erased]" in its subject, bodies and error, and its files whose name or bytes hold a
// needle are deleted. The email's audit entries and its send job's errors are blanked or redacted.
EmailsErased erase_emails(db::Connection& c, const access::Context& ctx, const std::string& contact_id,
                          const std::vector<std::string>& addresses, const Needles& needles);

}  // namespace rapport::privacy
