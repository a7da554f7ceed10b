// An email the workspace sends, as stored and as GET /api/v1/emails/{id} shows it, and a template.
#pragma once
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rapport::email {

inline constexpr std::size_t kMaxRecipients = 50;  // to and cc together
inline constexpr std::size_t kMaxSubjectChars = 998;  // RFC 5322's line limit
inline constexpr std::size_t kMaxBodyBytes = 1 << 20;
// Files sent with an email (POST /api/v1/attachments, then attachment_ids): each upload at most
// kMaxUploadBytes (413 beyond), at most kMaxOutboundAttachments an email and
// kMaxOutboundAttachmentBytes together (422 beyond), under what SMTP servers commonly accept.
inline constexpr std::size_t kMaxUploadBytes = 10 * 1024 * 1024;
inline constexpr std::size_t kMaxOutboundAttachments = 20;
inline constexpr std::size_t kMaxOutboundAttachmentBytes = 15 * 1024 * 1024;

// The sizes an operator sets (rapport serve --email-message-max-bytes, --email-attachment-max-bytes).
struct EmailLimits {
  std::size_t message_bytes = 10 * 1024 * 1024;       // a raw message posted to the inbound route (413 beyond)
  std::size_t attachment_bytes = kMaxUploadBytes;  // one file: an upload (413 beyond), a file of inbound mail (422)
  // The files of an email sent together (422 beyond): kMaxOutboundAttachmentBytes, or one file's limit
  // when that is larger (a file that may be uploaded may be sent).
  std::size_t outbound_files_bytes() const {
    return attachment_bytes > kMaxOutboundAttachmentBytes ? attachment_bytes : kMaxOutboundAttachmentBytes;
  }
};

// The records an email concerns: the keys of a POST and of the row's `links`.
inline constexpr const char* kLinkKeys[] = {"contact_id", "company_id", "lead_id", "deal_id"};

// before + n + after for messages, built by appending (GCC 12 warns falsely, -Wstringop-overflow and
// -Warray-bounds, on "literal" + std::to_string(n)).
std::string counted(std::string_view before, std::size_t n, std::string_view after);

// A file an email carries (its bytes are read only to download it).
struct Attachment {
  std::string id, file_name, content_type, sha256;
  int64_t size = 0;

  boost::json::object to_json() const;
};

// An email sent from the workspace (`emails`), or one the inbound route stored (`received_emails`:
// status "received"; direction inbound for mail from outside, outbound for a copy of a user's own
// mail that reached the route through their BCC address, created_by that user).
struct Email {
  std::string id, workspace_id, created_by;  // created_by: empty for mail received from outside
  std::string status = "queued";  // queued, sent, failed; received
  std::string direction = "outbound";
  std::string thread_id;  // the first message of its thread (here or among the sent); empty: its own id
  std::string sender;
  std::vector<std::string> to, cc;
  std::string subject, text_body, html_body;
  std::optional<std::string> template_id;
  boost::json::object links;  // {"contact_id": "...", ...}: only the ones given
  std::string message_id;     // without angle brackets
  int64_t attempts = 0;
  std::optional<std::string> error, job_id;
  std::string created_at;  // received: when the route stored it
  std::optional<std::string> sent_at;
  // The Message-ID it answers and the chain before it (oldest first): received mail's headers, or a
  // reply sent from here (POST /api/v1/emails in_reply_to).
  std::optional<std::string> in_reply_to;
  std::vector<std::string> references;
  // Received only: the contacts its addresses matched, the raw size.
  std::vector<std::string> contact_ids;
  int64_t size = 0;
  std::vector<Attachment> attachments;

  bool received() const { return status == "received"; }
  // As GET /api/v1/emails/{id} answers: `text` is the text part or, for mail that came with HTML
  // alone, the text of its HTML (html_text.hpp), so a reader never needs to render `html`.
  boost::json::object to_json() const;
};

struct Template {
  std::string id, workspace_id, name, subject, text_body, html_body;
  int64_t version = 1;
  std::string created_by, created_at, updated_at;

  boost::json::object to_json() const;
};

}  // namespace rapport::email
