#include "modules/email/mime_builder.hpp"

#include <algorithm>
#include <memory>

#include "modules/email/mime_gmime.hpp"
#include "platform/ids.hpp"

namespace rapport::email {

namespace {

using gmime::init_once;
using gmime::Ref;

// Text in its canonical form (RFC 2045): every line break CRLF.
std::string crlf(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 32);
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out += "\r\n";
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else if (s[i] == '\n') {
      out += "\r\n";
    } else {
      out += s[i];
    }
  }
  return out;
}

// A UTF-8 text part with the transfer encoding that keeps it 7-bit (quoted-printable or base64).
// The bytes go in as they are: g_mime_text_part_set_text would convert them to a charset it prefers.
GMimeTextPart* text_part(const char* subtype, const std::string& content) {
  GMimeTextPart* part = g_mime_text_part_new_with_subtype(subtype);
  std::string canonical = crlf(content);
  Ref<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(canonical.data(), canonical.size()));
  Ref<GMimeDataWrapper> wrapper(g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
  GMimePart* p = GMIME_PART(part);
  g_mime_part_set_content(p, wrapper.get());
  g_mime_text_part_set_charset(part, "utf-8");
  g_mime_part_set_content_encoding(p, g_mime_part_get_best_content_encoding(p, GMIME_ENCODING_CONSTRAINT_7BIT));
  return part;
}

// A file as a base64 part with Content-Disposition: attachment and its name.
GMimePart* file_part(const OutgoingAttachment& a) {
  std::unique_ptr<GMimeContentType, void (*)(gpointer)> type(g_mime_content_type_parse(nullptr, a.content_type.c_str()), g_object_unref);
  GMimePart* part = type ? g_mime_part_new_with_type(g_mime_content_type_get_media_type(type.get()),
                                                      g_mime_content_type_get_media_subtype(type.get()))
                         : g_mime_part_new_with_type("application", "octet-stream");
  Ref<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(a.bytes.data(), a.bytes.size()));
  Ref<GMimeDataWrapper> wrapper(g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
  g_mime_part_set_content(part, wrapper.get());
  g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
  g_mime_object_set_disposition(GMIME_OBJECT(part), "attachment");
  g_mime_part_set_filename(part, a.file_name.c_str());
  return part;
}

void add_mailboxes(GMimeMessage* m, GMimeAddressType type, const std::vector<std::string>& addresses) {
  for (const auto& a : addresses) g_mime_message_add_mailbox(m, type, nullptr, a.c_str());
}

}  // namespace

std::string build_mime(const OutgoingMessage& in) {
  init_once();
  Ref<GMimeMessage> m(g_mime_message_new(TRUE));
  add_mailboxes(m.get(), GMIME_ADDRESS_TYPE_FROM, {in.from});
  add_mailboxes(m.get(), GMIME_ADDRESS_TYPE_TO, in.to);
  add_mailboxes(m.get(), GMIME_ADDRESS_TYPE_CC, in.cc);
  g_mime_message_set_subject(m.get(), in.subject.c_str(), "utf-8");
  g_mime_message_set_message_id(m.get(), in.message_id.c_str());
  if (!in.in_reply_to.empty()) g_mime_object_set_header(GMIME_OBJECT(m.get()), "In-Reply-To", ("<" + in.in_reply_to + ">").c_str(), nullptr);
  if (!in.references.empty()) {
    std::string refs;
    for (const auto& id : in.references) {
      if (!refs.empty()) refs += ' ';
      refs += "<" + id + ">";
    }
    g_mime_object_set_header(GMIME_OBJECT(m.get()), "References", refs.c_str(), nullptr);
  }
  // The caller's own headers (a campaign's List-Unsubscribe): a name or value with a line break
  // would inject headers, so such a pair is left out.
  // An ASCII value is written as it is: GMime would otherwise take it for unstructured text and
  // encode a long word (a List-Unsubscribe URL) as RFC 2047 encoded-words, which no client reads as
  // a URL; such a value cannot be folded, and stays under the 998-byte line limit or is left out.
  for (const auto& [name, value] : in.headers) {
    if (name.empty() || name.find_first_of("\r\n: ") != std::string::npos || value.find_first_of("\r\n") != std::string::npos) continue;
    const bool ascii = std::all_of(value.begin(), value.end(), [](char ch) { return ch >= 0x20 && ch < 0x7f; });
    if (ascii && name.size() + value.size() + 2 > 998) continue;
    g_mime_object_append_header(GMIME_OBJECT(m.get()), name.c_str(), value.c_str(), nullptr);
    if (!ascii) continue;
    GMimeHeaderList* list = g_mime_object_get_header_list(GMIME_OBJECT(m.get()));
    const std::string raw = " " + value + "\n";
    g_mime_header_set_raw_value(g_mime_header_list_get_header_at(list, g_mime_header_list_get_count(list) - 1), raw.c_str());
  }
  std::unique_ptr<GDateTime, void (*)(GDateTime*)> date(g_date_time_new_from_unix_utc(in.date_ms / 1000), g_date_time_unref);
  g_mime_message_set_date(m.get(), date.get());

  Ref<GMimeTextPart> text(text_part("plain", in.text));
  Ref<GMimeObject> body(GMIME_OBJECT(g_object_ref(text.get())));
  if (!in.html.empty()) {
    Ref<GMimeMultipart> alternative(g_mime_multipart_new_with_subtype("alternative"));
    Ref<GMimeTextPart> html(text_part("html", in.html));
    g_mime_multipart_add(alternative.get(), GMIME_OBJECT(text.get()));
    g_mime_multipart_add(alternative.get(), GMIME_OBJECT(html.get()));
    body.reset(GMIME_OBJECT(alternative.release()));
  }
  if (!in.attachments.empty()) {
    Ref<GMimeMultipart> mixed(g_mime_multipart_new_with_subtype("mixed"));
    g_mime_multipart_add(mixed.get(), body.get());
    for (const auto& a : in.attachments) {
      Ref<GMimePart> file(file_part(a));
      g_mime_multipart_add(mixed.get(), GMIME_OBJECT(file.get()));
    }
    body.reset(GMIME_OBJECT(mixed.release()));
  }
  g_mime_message_set_mime_part(m.get(), body.get());

  std::unique_ptr<GMimeFormatOptions, void (*)(GMimeFormatOptions*)> options(g_mime_format_options_clone(nullptr),
                                                                             g_mime_format_options_free);
  g_mime_format_options_set_newline_format(options.get(), GMIME_NEWLINE_FORMAT_DOS);
  Ref<GMimeStream> stream(g_mime_stream_mem_new());
  g_mime_object_write_to_stream(GMIME_OBJECT(m.get()), options.get(), stream.get());
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.get()));
  return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

std::string new_message_id(std::string_view sender) {
  auto at = sender.rfind('@');
  std::string domain = at == std::string_view::npos ? "rapport.invalid" : std::string(sender.substr(at + 1));
  return ids::uuid_v7() + "@" + domain;
}

}  // namespace rapport::email
