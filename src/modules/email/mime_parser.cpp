#include "modules/email/mime_parser.hpp"

#include <memory>

#include "modules/email/email_record.hpp"
#include "modules/email/mime_gmime.hpp"
#include "platform/formats.hpp"
#include "platform/utf8.hpp"

namespace rapport::email {

namespace {

using gmime::init_once;
using gmime::Ref;

Problem invalid(std::string field, const char* code, std::string message) {
  return Problem::invalid({{std::move(field), code, std::move(message)}}, "The message cannot be read");
}

// Where the header block ends (the first empty line), or npos.
std::size_t header_end(std::string_view raw) {
  std::size_t crlf = raw.find("\r\n\r\n"), lf = raw.find("\n\n");
  if (crlf == std::string_view::npos) return lf;
  if (lf == std::string_view::npos) return crlf;
  return std::min(crlf, lf);
}

void add_mailboxes(InternetAddressList* list, std::vector<std::string>& out) {
  for (int i = 0; list && i < internet_address_list_length(list); ++i) {
    InternetAddress* a = internet_address_list_get_address(list, i);
    if (!INTERNET_ADDRESS_IS_MAILBOX(a)) continue;  // a group's members are not walked: rare in mail to a CRM
    const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a));
    if (addr && formats::is_email(addr)) out.emplace_back(addr);
  }
}

std::vector<std::string> addresses(GMimeMessage* m, GMimeAddressType type) {
  std::vector<std::string> out;
  add_mailboxes(g_mime_message_get_addresses(m, type), out);
  return out;
}

// The addresses of every X-Original-To and Delivered-To header (an MTA may add several).
std::vector<std::string> delivered_to(GMimeMessage* m) {
  std::vector<std::string> out;
  GMimeHeaderList* headers = g_mime_object_get_header_list(GMIME_OBJECT(m));
  for (int i = 0; headers && i < g_mime_header_list_get_count(headers); ++i) {
    GMimeHeader* h = g_mime_header_list_get_header_at(headers, i);
    const char* name = g_mime_header_get_name(h);
    if (g_ascii_strcasecmp(name, "X-Original-To") != 0 && g_ascii_strcasecmp(name, "Delivered-To") != 0) continue;
    if (const char* value = g_mime_header_get_value(h)) {
      Ref<InternetAddressList> list(internet_address_list_parse(nullptr, value));
      add_mailboxes(list.get(), out);
    }
  }
  return out;
}

struct Walk {
  std::size_t parts = 0;
  bool too_deep = false;
  GMimeTextPart* text = nullptr;
  GMimeTextPart* html = nullptr;
  std::vector<GMimePart*> files;
};

// A leaf part the message carries as a file rather than as its text.
bool is_file(GMimeObject* o) {
  if (!GMIME_IS_PART(o)) return false;  // a message/rfc822 part (forwarded mail) is not walked
  GMimePart* part = GMIME_PART(o);
  return g_mime_part_is_attachment(part) || g_mime_part_get_filename(part) || !GMIME_IS_TEXT_PART(o);
}

void walk(GMimeObject* o, std::size_t depth, Walk& w) {
  if (++w.parts > kMaxMimeParts || depth > kMaxMimeDepth) {
    w.too_deep = depth > kMaxMimeDepth;
    return;
  }
  if (GMIME_IS_MULTIPART(o)) {
    GMimeMultipart* mp = GMIME_MULTIPART(o);
    for (int i = 0; i < g_mime_multipart_get_count(mp) && w.parts <= kMaxMimeParts && !w.too_deep; ++i)
      walk(g_mime_multipart_get_part(mp, i), depth + 1, w);
    return;
  }
  if (is_file(o)) {
    w.files.push_back(GMIME_PART(o));
    return;
  }
  if (!GMIME_IS_TEXT_PART(o)) return;
  GMimeContentType* ct = g_mime_object_get_content_type(o);
  if (!w.text && g_mime_content_type_is_type(ct, "text", "plain")) w.text = GMIME_TEXT_PART(o);
  if (!w.html && g_mime_content_type_is_type(ct, "text", "html")) w.html = GMIME_TEXT_PART(o);
}

// The part's content with its transfer encoding (base64, quoted-printable) undone.
std::string decoded_bytes(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (!content) return {};
  Ref<GMimeStream> out(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(content, out.get());
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.get()));
  return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

bool is_utf8_name(const char* charset) {
  return !charset || g_ascii_strcasecmp(charset, "utf-8") == 0 || g_ascii_strcasecmp(charset, "utf8") == 0 ||
         g_ascii_strcasecmp(charset, "us-ascii") == 0;
}

// The part's text in UTF-8, or nullopt when its charset is unknown or its bytes are not in it.
// GMime would guess another charset for bytes that are not UTF-8 in a part labelled UTF-8: here a
// mislabelled part is refused instead of stored as a guess.
std::optional<std::string> text_of(GMimeTextPart* part) {
  const char* label = g_mime_text_part_get_charset(part);
  if (is_utf8_name(label)) {
    std::string bytes = decoded_bytes(GMIME_PART(part));
    if (!utf8::valid(bytes)) return std::nullopt;
    return bytes;
  }
  if (const char* charset = label) {
    iconv_t cd = g_mime_iconv_open("UTF-8", charset);
    if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
    g_mime_iconv_close(cd);
  }
  std::unique_ptr<char, void (*)(void*)> text(g_mime_text_part_get_text(part), g_free);
  if (!text) return std::string();
  std::string s(text.get());
  if (!utf8::valid(s)) return std::nullopt;
  return s;
}

// The first From mailbox's display name, or empty.
std::string from_name(GMimeMessage* m) {
  InternetAddressList* list = g_mime_message_get_addresses(m, GMIME_ADDRESS_TYPE_FROM);
  for (int i = 0; list && i < internet_address_list_length(list); ++i) {
    InternetAddress* a = internet_address_list_get_address(list, i);
    if (!INTERNET_ADDRESS_IS_MAILBOX(a)) continue;
    const char* name = internet_address_get_name(a);
    return name && utf8::valid(name) ? std::string(name) : std::string();
  }
  return {};
}

std::string lower_trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  std::string out(s.substr(0, s.find(';')));
  while (!out.empty() && out.back() == ' ') out.pop_back();
  for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

std::string unbracketed(const char* id) {
  std::unique_ptr<char, void (*)(void*)> decoded(g_mime_utils_decode_message_id(id), g_free);
  return decoded ? std::string(decoded.get()) : std::string();
}

// The parts of a multipart/report of that report-type (RFC 6522), or false for any other body:
// `on_report(part)` for each leaf part that is not the returned message, and the Message-ID of the
// message reported on (a message/rfc822 part, or the text/rfc822-headers of one) in `original`.
template <class OnPart>
bool read_report(GMimeObject* body, const char* report_type, std::string& original, OnPart&& on_part) {
  if (!body || !GMIME_IS_MULTIPART(body)) return false;
  GMimeContentType* ct = g_mime_object_get_content_type(body);
  const char* kind = g_mime_content_type_get_parameter(ct, "report-type");
  if (!g_mime_content_type_is_type(ct, "multipart", "report") || !kind || g_ascii_strcasecmp(kind, report_type) != 0) return false;
  GMimeMultipart* mp = GMIME_MULTIPART(body);
  for (int i = 0; i < g_mime_multipart_get_count(mp); ++i) {
    GMimeObject* part = g_mime_multipart_get_part(mp, i);
    GMimeContentType* type = g_mime_object_get_content_type(part);
    if (GMIME_IS_MESSAGE_PART(part)) {
      GMimeMessage* m = g_mime_message_part_get_message(GMIME_MESSAGE_PART(part));
      const char* id = m ? g_mime_message_get_message_id(m) : nullptr;
      if (id && *id && original.empty()) original = id;
    } else if (GMIME_IS_PART(part) && g_mime_content_type_is_type(type, "text", "rfc822-headers")) {
      if (original.empty()) original = message_id_in_headers(decoded_bytes(GMIME_PART(part)));
    } else if (GMIME_IS_PART(part)) {
      on_part(type, GMIME_PART(part));
    }
  }
  return true;
}

// A delivery report (RFC 3464: report-type=delivery-status): its message/delivery-status part
// read, and the Message-ID of the message it returns. nullopt for any other body.
std::optional<DeliveryReport> delivery_report(GMimeObject* body) {
  DeliveryReport report;
  const bool is = read_report(body, "delivery-status", report.original_message_id, [&](GMimeContentType* type, GMimePart* part) {
    if ((g_mime_content_type_is_type(type, "message", "delivery-status") || g_mime_content_type_is_type(type, "message", "global-delivery-status")) &&
        report.recipients.empty())
      report.recipients = read_delivery_status(decoded_bytes(part));
  });
  if (!is) return std::nullopt;
  return report;
}

// A feedback report (RFC 5965: report-type=feedback-report): its message/feedback-report part
// read, and the Message-ID of the message complained about. nullopt for any other body.
std::optional<FeedbackReport> feedback_report(GMimeObject* body) {
  FeedbackReport report;
  std::string original;
  const bool is = read_report(body, "feedback-report", original, [&](GMimeContentType* type, GMimePart* part) {
    if (g_mime_content_type_is_type(type, "message", "feedback-report") && report.feedback_type.empty())
      report = read_feedback_report(decoded_bytes(part));
  });
  if (!is) return std::nullopt;
  report.original_message_id = std::move(original);
  return report;
}

}  // namespace

std::string automatic_reason(std::string_view auto_submitted, std::string_view precedence, bool x_autoreply, bool report) {
  if (std::string v = lower_trimmed(auto_submitted); !v.empty() && v != "no") return "Auto-Submitted: " + v;
  if (std::string v = lower_trimmed(precedence); v == "bulk" || v == "junk" || v == "list" || v == "auto_reply")
    return "Precedence: " + v;
  if (x_autoreply) return "X-Autoreply";
  if (report) return "Content-Type: multipart/report";
  return {};
}

Result<InboundMessage> parse_inbound(std::string_view raw, std::size_t max_message_bytes, std::size_t max_file_bytes) {
  if (raw.size() > max_message_bytes) return invalid("message", "too_large", counted("is larger than ", max_message_bytes, " bytes"));
  std::size_t end = header_end(raw);
  if ((end == std::string_view::npos ? raw.size() : end) > kMaxHeaderBytes)
    return invalid("headers", "too_large", counted("are larger than ", kMaxHeaderBytes, " bytes"));
  if (raw.find('\0') < (end == std::string_view::npos ? raw.size() : end))
    return invalid("headers", "format", "hold a NUL byte");

  init_once();
  Ref<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
  Ref<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
  Ref<GMimeMessage> m(g_mime_parser_construct_message(parser.get(), nullptr));
  if (!m) return invalid("message", "format", "is not an RFC 5322 message");

  InboundMessage out;
  auto from = addresses(m.get(), GMIME_ADDRESS_TYPE_FROM);
  if (from.empty()) return invalid("from", "required", "the message has no From address");
  out.from = from.front();
  out.from_name = from_name(m.get());
  out.to = addresses(m.get(), GMIME_ADDRESS_TYPE_TO);
  out.cc = addresses(m.get(), GMIME_ADDRESS_TYPE_CC);
  out.bcc = addresses(m.get(), GMIME_ADDRESS_TYPE_BCC);
  out.delivered_to = delivered_to(m.get());
  const char* id = g_mime_message_get_message_id(m.get());
  if (!id || !*id) return invalid("message_id", "required", "the message has no Message-ID");
  out.message_id = id;
  if (out.message_id.size() > 998 || !utf8::valid(out.message_id)) return invalid("message_id", "format", "is not a message id");
  if (const char* irt = g_mime_object_get_header(GMIME_OBJECT(m.get()), "In-Reply-To"))
    if (std::string parent = unbracketed(irt); !parent.empty()) out.in_reply_to = parent;
  if (const char* refs = g_mime_object_get_header(GMIME_OBJECT(m.get()), "References")) {
    std::unique_ptr<GMimeReferences, void (*)(GMimeReferences*)> list(g_mime_references_parse(nullptr, refs), g_mime_references_free);
    for (int i = 0; list && i < g_mime_references_length(list.get()); ++i) {
      if (out.references.size() == kMaxReferences) return invalid("references", "too_many", counted("names more than ", kMaxReferences, " messages"));
      out.references.emplace_back(g_mime_references_get_message_id(list.get(), i));
    }
  }
  const char* subject = g_mime_message_get_subject(m.get());
  out.subject = subject ? subject : "";
  if (!utf8::valid(out.subject)) return invalid("subject", "charset", "does not decode to text (an unknown or wrong charset)");

  GMimeObject* top = GMIME_OBJECT(m.get());
  auto header = [&](const char* name) -> std::string_view {
    const char* v = g_mime_object_get_header(top, name);
    return v ? std::string_view(v) : std::string_view();
  };
  GMimeObject* body = g_mime_message_get_mime_part(m.get());
  out.automatic = automatic_reason(header("Auto-Submitted"), header("Precedence"),
                                   g_mime_object_get_header(top, "X-Autoreply") || g_mime_object_get_header(top, "X-Autorespond"),
                                   body && g_mime_content_type_is_type(g_mime_object_get_content_type(body), "multipart", "report"));

  Walk w;
  if (body) walk(body, 0, w);
  if (w.parts > kMaxMimeParts) return invalid("message", "too_many_parts", counted("has more than ", kMaxMimeParts, " MIME parts"));
  if (w.too_deep) return invalid("message", "too_deep", counted("nests MIME parts deeper than ", kMaxMimeDepth, " levels"));
  out.report = delivery_report(body);  // after the count: its parts are among those counted
  out.feedback = feedback_report(body);
  for (auto [part, into, name] : {std::tuple{w.text, &out.text, "text"}, std::tuple{w.html, &out.html, "html"}}) {
    if (!part) continue;
    auto s = text_of(part);
    if (!s) return invalid(name, "charset", "does not decode to text (an unknown charset, or bytes not in the charset it names)");
    *into = std::move(*s);
  }
  if (w.files.size() > kMaxAttachments)
    return invalid("attachments", "too_many", counted("are more than ", kMaxAttachments, ""));
  for (GMimePart* part : w.files) {
    InboundAttachment a;
    const char* name = g_mime_part_get_filename(part);
    a.file_name = name && *name ? name : "attachment";
    // A name is shown and sent back in Content-Disposition: valid UTF-8, one line, bounded.
    a.file_name = utf8::scrub(a.file_name);
    for (auto& ch : a.file_name)
      if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ch = '_';
    if (utf8::decode(a.file_name)->size() > kMaxFileNameChars) a.file_name = "attachment";
    std::unique_ptr<char, void (*)(void*)> type(g_mime_content_type_get_mime_type(g_mime_object_get_content_type(GMIME_OBJECT(part))), g_free);
    a.content_type = type ? type.get() : "application/octet-stream";
    for (auto& ch : a.content_type) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    a.bytes = decoded_bytes(part);
    if (a.bytes.size() > max_file_bytes)
      return invalid(counted("attachments.", out.attachments.size(), ""), "too_large",
                     counted("is a file larger than ", max_file_bytes, " bytes (" + a.file_name + ")"));
    out.attachments.push_back(std::move(a));
  }
  return out;
}

}  // namespace rapport::email
