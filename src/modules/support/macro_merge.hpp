// The merge fields of a macro's body: {{ticket.<field>}}, {{contact.<field>}} (the ticket's
// requester) and {{company.<field>}} (the ticket's company), custom fields as custom.<name>, in the
// template language of email templates (modules/email/template_engine.hpp).
#pragma once
#include <boost/json.hpp>
#include <string>
#include <vector>

#include "access/context.hpp"
#include "platform/db/connection.hpp"
#include "platform/problem.hpp"
#include "platform/records/spec.hpp"

namespace rapport::support {

// 422 naming "body" for an unclosed, malformed or unknown merge field.
Status check_macro_body(db::Connection& c, const std::string& workspace_id, const std::vector<const records::ObjectSpec*>& specs,
                        const std::string& body);

// The body with the ticket's values, its requester's and company's as the caller reads them (a
// field their role hides, or a record they cannot read, renders empty). 422 naming "body" when the
// result is longer than a message may be.
Result<std::string> render_macro_body(db::Connection& c, const access::Context& ctx, const std::vector<const records::ObjectSpec*>& specs,
                                      const std::string& body, const boost::json::object& ticket);

}  // namespace rapport::support
