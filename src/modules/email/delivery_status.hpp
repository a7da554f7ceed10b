// Delivery status notifications (RFC 3464: a bounce is a multipart/report whose
// message/delivery-status part says, per recipient, what happened), read into what the inbound
// route needs to tie a bounce to the sent email it answers: the original's Message-ID and each
// recipient's action, status code and diagnostic. Pure functions from text to values (no GMime, no
// state; mime_parser.cpp finds the parts), bounded: at most kMaxReportRecipients recipients, each
// value cut to kMaxStatusValueBytes. Also the feedback reports of mailbox providers' feedback loops
// (RFC 5965, ARF: multipart/report; report-type=feedback-report), a recipient's "this is spam".
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::email {

inline constexpr std::size_t kMaxReportRecipients = 100;
inline constexpr std::size_t kMaxStatusValueBytes = 500;

struct RecipientStatus {
  std::string recipient;   // Final-Recipient's address (else Original-Recipient's), without its type
  std::string action;      // failed | delayed | delivered | relayed | expanded (lower-case)
  std::string status;      // e.g. 5.1.1
  std::string diagnostic;  // Diagnostic-Code's text, without its type (e.g. "550 5.1.1 no such user")
};

struct DeliveryReport {
  std::string original_message_id;  // the Message-ID of the message reported on, without brackets; empty: unknown
  std::vector<RecipientStatus> recipients;
};

// The recipient blocks of a message/delivery-status body (the per-message block first, then one block
// per recipient, separated by blank lines; header folding undone; CRLF or LF). Blocks without a
// recipient field are left out.
std::vector<RecipientStatus> read_delivery_status(std::string_view body);

// The Message-ID of a header block (a text/rfc822-headers part, or the head of a returned message),
// without angle brackets; empty when it has none.
std::string message_id_in_headers(std::string_view headers);

// A feedback report (RFC 5965): the message/feedback-report part's fields and the Message-ID of the
// message complained about (its message/rfc822 or text/rfc822-headers part).
struct FeedbackReport {
  std::string feedback_type;        // abuse | fraud | virus | other | not-spam | ... (lower-case)
  std::string original_rcpt_to;     // Original-Rcpt-To, often redacted by the provider
  std::string user_agent;           // the provider's software
  std::string original_message_id;  // without brackets; empty: unknown
};

// The fields of a message/feedback-report body (one block of header-like lines, folding undone).
FeedbackReport read_feedback_report(std::string_view body);

// Whether the report is a complaint (a recipient marking the message as spam or fraud): every
// Feedback-Type but "not-spam" (RFC 6650: a report of a message wrongly filtered).
bool is_complaint(const FeedbackReport& report);

// Why the report's message bounced: each recipient whose action is `failed`, with its status and
// diagnostic ("u@example.org: 5.1.1 550 5.1.1 no such user"; several joined by "; "); nullopt when
// no recipient failed (a delay or a delivery report is no bounce).
std::optional<std::string> bounce_reason(const DeliveryReport& report);

}  // namespace rapport::email
