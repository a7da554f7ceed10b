// Reads an inbound RFC 5322 message (what an MTA pipes or a forwarding service posts) with GMime:
// the sender, recipients, subject, Message-ID, In-Reply-To and References (for threading), and the
// first text/plain and text/html parts, decoded to UTF-8. A pure function from bytes to a result
// (no state, fuzzable): a message it cannot read whole is a 422 naming what is wrong, so nothing of
// it is stored half.
//
// Refused: more than max_message_bytes (default kMaxInboundBytes); a file larger than max_file_bytes
// (attachments.N, too_large); a header block over kMaxHeaderBytes (or no end to it within
// that); no From address; no Message-ID; more than kMaxMimeParts parts or nesting deeper than
// kMaxMimeDepth (a MIME bomb); more than kMaxAttachments attachments; a subject or text part that
// does not decode to valid UTF-8 (an unknown charset, or bytes that are not in the charset the
// message names). Attachments together are never larger than the message.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modules/email/delivery_status.hpp"
#include "platform/problem.hpp"

namespace rapport::email {

inline constexpr std::size_t kMaxInboundBytes = 10 * 1024 * 1024;
inline constexpr std::size_t kMaxHeaderBytes = 64 * 1024;
inline constexpr std::size_t kMaxMimeParts = 200;
inline constexpr std::size_t kMaxMimeDepth = 10;
inline constexpr std::size_t kMaxReferences = 100;
inline constexpr std::size_t kMaxAttachments = 50;
inline constexpr std::size_t kMaxFileNameChars = 255;

// A part the message carries as a file: a part marked as an attachment, or one with a file name,
// or one that is not text. Its bytes with the transfer encoding undone.
struct InboundAttachment {
  std::string file_name;     // as the part names it (RFC 2231 / 2047 decoded), "attachment" when none
  std::string content_type;  // type/subtype, lower-case
  std::string bytes;
};

struct InboundMessage {
  std::string message_id;                 // without angle brackets
  std::optional<std::string> in_reply_to;  // the first message id it names
  std::vector<std::string> references;     // oldest first
  std::string from;                        // the first From mailbox's address
  std::string from_name;                   // its display name (decoded), empty when none
  std::vector<std::string> to, cc, bcc;    // addresses
  // Where the MTA delivered it (X-Original-To, Delivered-To: the envelope recipients it adds), which
  // a Bcc'd copy may name alone.
  std::vector<std::string> delivered_to;
  std::string subject;                     // decoded (RFC 2047), UTF-8
  std::string text, html;                  // the first of each, UTF-8
  std::vector<InboundAttachment> attachments;  // in the order of the message
  // Why the message is machine-made, so nothing should answer it (RFC 3834): "Auto-Submitted:
  // auto-replied", "Precedence: bulk", "X-Autoreply: yes", "Content-Type: multipart/report" (a
  // bounce); empty for mail a person wrote.
  std::string automatic;
  // A delivery status notification (a bounce, a delay): what it says of the message it returns.
  std::optional<DeliveryReport> report;
  // A feedback-loop report (RFC 5965: a recipient marked a message as spam): what it says and the
  // Message-ID of the message it is about.
  std::optional<FeedbackReport> feedback;
};

// The header (and value) that marks `m`'s raw headers as machine-made, or empty; see
// InboundMessage::automatic. Auto-Submitted other than "no"; Precedence bulk, junk, list or
// auto_reply; X-Autoreply, X-Autorespond; a delivery report (multipart/report).
std::string automatic_reason(std::string_view auto_submitted, std::string_view precedence, bool x_autoreply, bool report);

Result<InboundMessage> parse_inbound(std::string_view raw, std::size_t max_message_bytes = kMaxInboundBytes,
                                     std::size_t max_file_bytes = kMaxInboundBytes);

}  // namespace rapport::email
