// POST /api/v1/tickets/{id}/apply-macro: a macro's changes and its message, in one transaction. The
// caller must be allowed to change the ticket (404 when they cannot read it, 403 when they cannot
// change it, as for messages) and see the macro (422 macro_id otherwise); If-Match, when given, must
// name the ticket's version (412). The changes go through the record engine as a PATCH would (the
// caller's field rules, the ticket's checks, its history and `ticket.updated`); tags are added and
// removed regardless of case; the message is rendered with the ticket's values as changed and
// posted through the messages service (a reply is emailed to the requester). The ticket's
// history also records which macro was applied (action "macro"). The message is written before the
// changes (rendered with their result), so a change that moves the ticket out of the caller's reach
// does not refuse the message; a refused change undoes the message with everything else.
#pragma once
#include <boost/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "access/context.hpp"
#include "platform/db/database.hpp"
#include "platform/problem.hpp"
#include "platform/records/spec.hpp"

namespace rapport::support {

struct AppliedMacro {
  boost::json::object ticket;   // as the caller reads it afterwards
  boost::json::value message;   // the message posted, or null
  int64_t version = 0;          // the ticket's, for the ETag
};

// The body: {"macro_id": "<uuid>"}; 422 naming macro_id (or an unknown key) otherwise.
Result<std::string> read_apply_body(const boost::json::object& body);

Result<AppliedMacro> apply_macro(db::Database& db, const access::Context& ctx, const std::string& ticket_id,
                                 const std::string& macro_id, std::string_view if_match,
                                 const std::vector<const records::ObjectSpec*>& specs);

// The ticket's tags after a macro: `current` without the tags of `remove`, then those of `add` it
// lacks, each compared by its case-folded key (the first spelling stays).
boost::json::array merged_tags(const boost::json::array& current, const boost::json::array& add, const boost::json::array& remove);

}  // namespace rapport::support
