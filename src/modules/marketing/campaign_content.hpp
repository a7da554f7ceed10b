// A campaign's message as the template engine reads it: subject, text and HTML with merge fields
// over the contact it goes to ({{contact.first_name}}, {{contact.custom.<name>}}), compiled by the
// email module's engine (linear, at most 100 KB and 200 fields a part), and the values of one
// contact. Compiled at save (422 naming the part) and again when sent (a custom field deleted since).
#pragma once
#include <map>
#include <optional>
#include <string>

#include "modules/email/template_service.hpp"
#include "modules/marketing/campaign.hpp"
#include "platform/db/connection.hpp"
#include "platform/records/store.hpp"

namespace rapport::marketing {

// 422 naming subject, text or html for each merge field the workspace's contacts do not have.
Result<email::CompiledParts> compile_content(db::Connection& c, const std::string& workspace_id, const Campaign& v,
                                             const records::ObjectSpec& contacts);

// The contact's values under "contact.<field>", read with every right (the campaign goes to the
// contact itself); empty when the contact is gone.
std::map<std::string, std::string> contact_values(db::Connection& c, const std::string& workspace_id,
                                                  const records::Store& contacts, const std::string& contact_id);
// The same as `ctx` reads the contact (its scope, without the fields its role hides), for a test
// message that goes to addresses the caller picks; nullopt when the caller cannot read the contact.
std::optional<std::map<std::string, std::string>> contact_values_as(db::Connection& c, const identity::Context& ctx,
                                                                    const records::Store& contacts,
                                                                    const std::string& contact_id);

}  // namespace rapport::marketing
