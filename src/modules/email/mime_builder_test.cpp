#include "modules/email/mime_builder.hpp"

#include <gtest/gtest.h>

namespace rapport::email {
namespace {

OutgoingMessage sample() {
  return OutgoingMessage{.from = "sales@example.com",
                         .to = {"ada@example.org", "bob@example.net"},
                         .cc = {"carol@example.com"},
                         .subject = "Hello",
                         .text = "Hi Ada,\nsee you soon.\n",
                         .message_id = "abc123@example.com",
                         .date_ms = 1767225600000};  // 2026-01-01T00:00:00Z
}

// The header block: everything before the first empty line.
std::string headers_of(const std::string& raw) { return raw.substr(0, raw.find("\r\n\r\n") + 2); }

bool has_header_line(const std::string& raw, std::string_view line) {
  return ("\r\n" + headers_of(raw)).find("\r\n" + std::string(line)) != std::string::npos;
}

TEST(MimeBuilder, ATextEmailHasTheHeadersAndOnlyCrlfLineEnds) {
  std::string raw = build_mime(sample());
  EXPECT_TRUE(has_header_line(raw, "From: sales@example.com\r\n")) << raw;
  EXPECT_TRUE(has_header_line(raw, "To: ada@example.org, bob@example.net\r\n")) << raw;
  EXPECT_TRUE(has_header_line(raw, "Cc: carol@example.com\r\n")) << raw;
  EXPECT_TRUE(has_header_line(raw, "Subject: Hello\r\n")) << raw;
  EXPECT_TRUE(has_header_line(raw, "Message-Id: <abc123@example.com>\r\n")) << raw;
  EXPECT_TRUE(has_header_line(raw, "Date: Thu, 01 Jan 2026 00:00:00 +0000\r\n")) << raw;
  EXPECT_TRUE(has_header_line(raw, "MIME-Version: 1.0\r\n")) << raw;
  EXPECT_TRUE(has_header_line(raw, "Content-Type: text/plain; charset=utf-8\r\n")) << raw;
  for (std::size_t i = raw.find('\n'); i != std::string::npos; i = raw.find('\n', i + 1))
    ASSERT_TRUE(i > 0 && raw[i - 1] == '\r') << "a bare LF at " << i;
  EXPECT_NE(raw.find("Hi Ada,\r\nsee you soon."), std::string::npos) << raw;
}

TEST(MimeBuilder, ExtraHeadersAreWrittenAndOnesWithLineBreaksLeftOut) {
  OutgoingMessage m = sample();
  m.headers = {{"List-Unsubscribe", "<https://crm.example/u/tok>"},
               {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"},
               {"X-Evil", "a\r\nBcc: victim@example.com"},
               {"X-Bad\r\nBcc", "victim@example.com"}};
  std::string raw = build_mime(m);
  EXPECT_TRUE(has_header_line(raw, "List-Unsubscribe: <https://crm.example/u/tok>\r\n")) << raw;
  EXPECT_TRUE(has_header_line(raw, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n")) << raw;
  EXPECT_EQ(raw.find("victim@example.com"), std::string::npos) << raw;
  EXPECT_EQ(raw.find("X-Evil"), std::string::npos) << raw;
}

// A real unsubscribe address is one long word (a sealed token): it stays one URL on one line, never
// RFC 2047 encoded-words a mail client cannot read as a URL.
TEST(MimeBuilder, ALongAsciiHeaderIsWrittenAsItIs) {
  OutgoingMessage m = sample();
  const std::string url = "<https://mail.example/u/" + std::string(150, 'A') + "-_.x>";
  m.headers = {{"List-Unsubscribe", url}};
  std::string raw = build_mime(m);
  EXPECT_TRUE(has_header_line(raw, "List-Unsubscribe: " + url + "\r\n")) << raw;
  EXPECT_EQ(raw.find("=?us-ascii?"), std::string::npos) << raw;
}

TEST(MimeBuilder, NonAsciiIsEncodedSoTheMessageIsSevenBit) {
  OutgoingMessage m = sample();
  m.subject = "Grüße aus Köln — 東京";
  m.text = "Schöne Grüße aus Köln, see you soon at the office\n";
  std::string raw = build_mime(m);
  for (unsigned char c : raw) ASSERT_LT(c, 0x80) << raw;
  // The subject as an encoded-word of the UTF-8 bytes (GMime writes the charset in upper case).
  EXPECT_NE(headers_of(raw).find("Subject: =?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4g4oCUIOadseS6rA==?="), std::string::npos) << raw;
  // Mostly ASCII: quoted-printable of the UTF-8 bytes (not of another charset).
  EXPECT_TRUE(has_header_line(raw, "Content-Transfer-Encoding: quoted-printable\r\n")) << raw;
  EXPECT_NE(raw.find("Sch=C3=B6ne Gr=C3=BC=C3=9Fe aus K=C3=B6ln, see you soon at the office\r\n"), std::string::npos) << raw;
}

TEST(MimeBuilder, HtmlMakesAMultipartAlternativeWithTheTextFirst) {
  OutgoingMessage m = sample();
  m.html = "<p>Hi <b>Ada</b></p>";
  std::string raw = build_mime(m);
  EXPECT_NE(headers_of(raw).find("Content-Type: multipart/alternative; boundary="), std::string::npos) << raw;
  auto text = raw.find("Content-Type: text/plain; charset=utf-8");
  auto html = raw.find("Content-Type: text/html; charset=utf-8");
  ASSERT_NE(text, std::string::npos) << raw;
  ASSERT_NE(html, std::string::npos) << raw;
  EXPECT_LT(text, html);
  EXPECT_NE(raw.find("<p>Hi <b>Ada</b></p>"), std::string::npos) << raw;
}

TEST(MimeBuilder, MostlyNonAsciiTextIsBase64OfTheUtf8Bytes) {
  OutgoingMessage m = sample();
  m.text = "東京\n";
  std::string raw = build_mime(m);
  EXPECT_TRUE(has_header_line(raw, "Content-Transfer-Encoding: base64\r\n")) << raw;
  EXPECT_NE(raw.find("\r\n\r\n5p2x5LqsDQo=\r\n"), std::string::npos) << raw;  // base64 of "東京\r\n"
}

TEST(MimeBuilder, LineBreaksOfAnyKindBecomeCrlf) {
  OutgoingMessage m = sample();
  m.text = "a\nb\r\nc\rd";
  EXPECT_NE(build_mime(m).find("\r\n\r\na\r\nb\r\nc\r\nd"), std::string::npos) << build_mime(m);
}

TEST(MimeBuilder, LongLinesAreWrappedByTheTransferEncoding) {
  OutgoingMessage m = sample();
  m.text = std::string(5000, 'x');
  std::string raw = build_mime(m);
  std::size_t start = 0;
  for (std::size_t end = raw.find("\r\n"); end != std::string::npos; start = end + 2, end = raw.find("\r\n", start))
    ASSERT_LE(end - start, 998u);
}

TEST(MimeBuilder, ALineBreakInTheSubjectAddsNoHeader) {
  OutgoingMessage m = sample();
  m.subject = "Hi\r\nBcc: spy@evil.example";
  std::string raw = build_mime(m);
  EXPECT_FALSE(has_header_line(raw, "Bcc:")) << raw;
}

TEST(MimeBuilder, AReplyNamesItsParentAndItsThread) {
  OutgoingMessage m = sample();
  EXPECT_EQ(headers_of(build_mime(m)).find("In-Reply-To"), std::string::npos) << "a new thread names no parent";
  EXPECT_EQ(headers_of(build_mime(m)).find("References"), std::string::npos);
  m.in_reply_to = "customer-2@example.org";
  m.references = {"customer-1@example.org", "reply-1@example.com", "customer-2@example.org"};
  std::string raw = build_mime(m);
  EXPECT_TRUE(has_header_line(raw, "In-Reply-To: <customer-2@example.org>\r\n")) << raw;
  // Folded (GMime folds at a space, with CRLF TAB) or not, the header holds the ids in order, each in
  // angle brackets.
  std::string headers = headers_of(raw);
  auto at = headers.find("References: ");
  ASSERT_NE(at, std::string::npos) << raw;
  std::string refs;
  for (std::size_t i = at; i < headers.size() && headers.compare(i, 2, "\r\n") != 0; ++i) {
    refs += headers[i];
    if (headers.compare(i + 1, 3, "\r\n\t") == 0 || headers.compare(i + 1, 3, "\r\n ") == 0) {
      refs += ' ';
      i += 3;
    }
  }
  EXPECT_EQ(refs, "References: <customer-1@example.org> <reply-1@example.com> <customer-2@example.org>") << raw;
}

TEST(MimeBuilder, AReplyNamesItsParentAndTheChainBeforeIt) {
  OutgoingMessage m = sample();
  m.in_reply_to = "parent@example.org";
  m.references = {"root@example.com", "parent@example.org"};
  std::string raw = build_mime(m);
  EXPECT_TRUE(has_header_line(raw, "In-Reply-To: <parent@example.org>\r\n")) << raw;
  EXPECT_TRUE(has_header_line(raw, "References: <root@example.com> <parent@example.org>\r\n")) << raw;
  EXPECT_FALSE(has_header_line(build_mime(sample()), "In-Reply-To:")) << "not a reply: no header";
}

TEST(MimeBuilder, MessageIdsNameTheSendersDomainAndDiffer) {
  std::string a = new_message_id("sales@example.com"), b = new_message_id("sales@example.com");
  EXPECT_TRUE(a.ends_with("@example.com")) << a;
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace rapport::email
