#include "modules/email/mime_builder.hpp"

#include <gmime/gmime.h>

#include <memory>
#include <mutex>

#include "platform/ids.hpp"

namespace rapport::email {

namespace {

void init_once() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

struct Unref {
  void operator()(void* p) const { g_object_unref(p); }
};
template <class T>
using Ref = std::unique_ptr<T, Unref>;

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
  std::unique_ptr<GDateTime, void (*)(GDateTime*)> date(g_date_time_new_from_unix_utc(in.date_ms / 1000), g_date_time_unref);
  g_mime_message_set_date(m.get(), date.get());

  Ref<GMimeTextPart> text(text_part("plain", in.text));
  if (in.html.empty()) {
    g_mime_message_set_mime_part(m.get(), GMIME_OBJECT(text.get()));
  } else {
    Ref<GMimeMultipart> alternative(g_mime_multipart_new_with_subtype("alternative"));
    Ref<GMimeTextPart> html(text_part("html", in.html));
    g_mime_multipart_add(alternative.get(), GMIME_OBJECT(text.get()));
    g_mime_multipart_add(alternative.get(), GMIME_OBJECT(html.get()));
    g_mime_message_set_mime_part(m.get(), GMIME_OBJECT(alternative.get()));
  }

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
