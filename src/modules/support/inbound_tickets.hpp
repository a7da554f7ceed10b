// Email to the support desk: what modules/email's inbound route (POST /api/v1/inbound-email) does
// with a message from outside, in the transaction that stores it (the app wires this as email's
// InboundHook). A message is support's when its headers name a ticket's message, or when it is
// addressed to a support mailbox of the workspace (mailboxes.hpp); other mail is left alone (null).
//
// - Machine-made mail (Auto-Submitted, Precedence bulk/junk/list/auto_reply, X-Autoreply, a delivery
//   report) and mail from a support mailbox itself (a loop) is ignored: no ticket, no message, the
//   decision audited (object received_emails, action support_ignored, with the reason).
// - It joins a ticket when its In-Reply-To or References (nearest first) name one of the ticket's
//   messages (sent replies and received emails), or, sent to a mailbox, when its subject carries
//   [#N] of a live ticket whose requester is the sender's contact. A closed ticket is final: the
//   message opens a follow-up of it (follow_up.hpp) instead.
// - Otherwise, sent to a mailbox, it opens a ticket: channel email, subject and description from
//   the message, requester the live contact whose email is the sender's (made from the sender's
//   address and name when there is none, in the company whose domain is the sender's if one
//   exists), company the requester's (else the sender's domain's), team the mailbox's.
// - Joined or opening, the email becomes a message of kind `customer` (no author; its files are
//   the received email's), recorded in the ticket's history; joining a solved or pending ticket
//   sets it back to open.
// The answer ({"outcome", "ticket_id", "number", "message_id", "reason"}) is the receipt's `ticket`:
// outcome created, joined, follow_up, ignored, or redelivered (a message stored before: the ticket
// it joined then, nothing new).
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "modules/email/inbound_service.hpp"
#include "platform/records/spec.hpp"

namespace rapport::support {

// The hook, given the application's record specs (contacts are made through the record engine).
email::InboundHook inbound_hook(const std::vector<const records::ObjectSpec*>& specs);

// The number N of the first "[#N]" in a subject (1 to 18 digits), or nullopt. Pure.
std::optional<int64_t> number_in_subject(std::string_view subject);

}  // namespace rapport::support
