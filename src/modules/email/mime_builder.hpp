// Builds the RFC 5322 bytes of an outgoing email with GMime: From, To, Cc, Subject (RFC 2047
// encoded-words when it is not ASCII), Date, Message-ID, In-Reply-To and References when it answers
// a thread, and MIME-Version, and a body that is
// text/plain alone or multipart/alternative (text/plain, then text/html), each part UTF-8 in
// quoted-printable or base64 as GMime judges best for 7-bit transport, followed by the attachments in
// a multipart/mixed when there are any. Lines end in CRLF, as SMTP
// sends them. A pure function: no state, no I/O (GMime is initialised once per process).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rapport::email {

// A file sent with the message: a base64 part with Content-Disposition: attachment and its name
// (RFC 2231 encoded when it is not ASCII).
struct OutgoingAttachment {
  std::string file_name, content_type, bytes;
};

struct OutgoingMessage {
  std::string from;
  std::vector<std::string> to, cc;
  std::string subject;
  std::string text;  // required (an HTML-only email gets none from the builder: the caller makes one)
  std::string html;  // empty: a text/plain message
  std::string message_id;  // without angle brackets, e.g. "0190...@example.com"
  // Threading (RFC 5322 3.6.4), without angle brackets: the parent's Message-ID (empty: none) and
  // the thread's, oldest first.
  std::string in_reply_to;
  std::vector<std::string> references;
  int64_t date_ms = 0;     // the Date header, UTC
  std::vector<OutgoingAttachment> attachments;  // any: multipart/mixed, the body first
  // More headers, as they are (e.g. List-Unsubscribe, List-Unsubscribe-Post: RFC 8058); a pair whose
  // name or value holds a line break is left out.
  std::vector<std::pair<std::string, std::string>> headers;
};

std::string build_mime(const OutgoingMessage& m);

// "<random>@<domain of the sender>": unique, and naming the sender's domain as RFC 5322 suggests.
std::string new_message_id(std::string_view sender);

}  // namespace rapport::email
