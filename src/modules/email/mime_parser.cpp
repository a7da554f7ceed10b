#include "modules/email/mime_parser.hpp"

#include <gmime/gmime.h>

#include <memory>
#include <mutex>

#include "modules/email/email_record.hpp"
#include "platform/formats.hpp"
#include "platform/utf8.hpp"

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

Problem invalid(const char* field, const char* code, std::string message) {
  return Problem::invalid({{field, code, std::move(message)}}, "The message cannot be read");
}

// Where the header block ends (the first empty line), or npos.
std::size_t header_end(std::string_view raw) {
  std::size_t crlf = raw.find("\r\n\r\n"), lf = raw.find("\n\n");
  if (crlf == std::string_view::npos) return lf;
  if (lf == std::string_view::npos) return crlf;
  return std::min(crlf, lf);
}

std::vector<std::string> addresses(GMimeMessage* m, GMimeAddressType type) {
  std::vector<std::string> out;
  InternetAddressList* list = g_mime_message_get_addresses(m, type);
  for (int i = 0; list && i < internet_address_list_length(list); ++i) {
    InternetAddress* a = internet_address_list_get_address(list, i);
    if (!INTERNET_ADDRESS_IS_MAILBOX(a)) continue;  // a group's members are not walked: rare in mail to a CRM
    const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a));
    if (addr && formats::is_email(addr)) out.emplace_back(addr);
  }
  return out;
}

struct Walk {
  std::size_t parts = 0;
  bool too_deep = false;
  GMimeTextPart* text = nullptr;
  GMimeTextPart* html = nullptr;
};

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
  if (!GMIME_IS_TEXT_PART(o) || g_mime_part_is_attachment(GMIME_PART(o))) return;
  GMimeContentType* ct = g_mime_object_get_content_type(o);
  if (!w.text && g_mime_content_type_is_type(ct, "text", "plain")) w.text = GMIME_TEXT_PART(o);
  if (!w.html && g_mime_content_type_is_type(ct, "text", "html")) w.html = GMIME_TEXT_PART(o);
}

// The part's content with its transfer encoding (base64, quoted-printable) undone.
std::string decoded_bytes(GMimeTextPart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(GMIME_PART(part));
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
    std::string bytes = decoded_bytes(part);
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

std::string unbracketed(const char* id) {
  std::unique_ptr<char, void (*)(void*)> decoded(g_mime_utils_decode_message_id(id), g_free);
  return decoded ? std::string(decoded.get()) : std::string();
}

}  // namespace

Result<InboundMessage> parse_inbound(std::string_view raw) {
  if (raw.size() > kMaxInboundBytes) return invalid("message", "too_large", counted("is larger than ", kMaxInboundBytes, " bytes"));
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
  out.to = addresses(m.get(), GMIME_ADDRESS_TYPE_TO);
  out.cc = addresses(m.get(), GMIME_ADDRESS_TYPE_CC);
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

  Walk w;
  if (GMimeObject* body = g_mime_message_get_mime_part(m.get())) walk(body, 0, w);
  if (w.parts > kMaxMimeParts) return invalid("message", "too_many_parts", counted("has more than ", kMaxMimeParts, " MIME parts"));
  if (w.too_deep) return invalid("message", "too_deep", counted("nests MIME parts deeper than ", kMaxMimeDepth, " levels"));
  for (auto [part, into, name] : {std::tuple{w.text, &out.text, "text"}, std::tuple{w.html, &out.html, "html"}}) {
    if (!part) continue;
    auto s = text_of(part);
    if (!s) return invalid(name, "charset", "does not decode to text (an unknown charset, or bytes not in the charset it names)");
    *into = std::move(*s);
  }
  return out;
}

}  // namespace rapport::email
