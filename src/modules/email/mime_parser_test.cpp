#include "modules/email/mime_parser.hpp"

#include <gtest/gtest.h>

#include "modules/email/mime_builder.hpp"

namespace rapport::email {
namespace {

// The field and code of a refusal, "parsed" when the message was read.
std::string refusal(std::string_view raw) {
  auto m = parse_inbound(raw);
  if (m) return "parsed";
  EXPECT_EQ(m.problem().status, 422);
  return m.problem().errors.at(0).field + " " + m.problem().errors.at(0).code;
}

const char* kReply =
    "From: =?ISO-8859-1?Q?J=FCrgen?= <juergen@example.org>\r\n"
    "To: Sales <sales@rapport.example>, other@example.com\r\n"
    "Cc: boss@example.org\r\n"
    "Subject: =?ISO-8859-1?Q?Re:_Gr=FC=DFe?=\r\n"
    "Message-ID: <reply-1@example.org>\r\n"
    "In-Reply-To: <orig-1@rapport.example>\r\n"
    "References: <first@rapport.example>\r\n <orig-1@rapport.example>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=iso-8859-1\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "Sch=F6ne Gr=FC=DFe\r\n";

TEST(MimeParser, ReadsAReplyWithItsThreadAndDecodesHeadersAndBody) {
  auto m = parse_inbound(kReply);
  ASSERT_TRUE(m.ok()) << m.problem().errors.at(0).message;
  EXPECT_EQ(m->from, "juergen@example.org");
  EXPECT_EQ(m->to, (std::vector<std::string>{"sales@rapport.example", "other@example.com"}));
  EXPECT_EQ(m->cc, std::vector<std::string>{"boss@example.org"});
  EXPECT_EQ(m->subject, "Re: Grüße");
  EXPECT_EQ(m->message_id, "reply-1@example.org");
  EXPECT_EQ(m->in_reply_to, "orig-1@rapport.example");
  EXPECT_EQ(m->references, (std::vector<std::string>{"first@rapport.example", "orig-1@rapport.example"}));
  EXPECT_EQ(m->text, "Schöne Grüße\r\n");
  EXPECT_TRUE(m->html.empty());
}

TEST(MimeParser, TakesTheTextAndHtmlOfAnAlternativeAndSkipsAttachments) {
  std::string raw =
      "From: a@example.org\nMessage-ID: <m2@example.org>\nSubject: plain LF line ends\nMIME-Version: 1.0\n"
      "Content-Type: multipart/mixed; boundary=outer\n\n"
      "--outer\nContent-Type: text/plain; charset=utf-8\nContent-Disposition: attachment; filename=notes.txt\n\nnot the body\n"
      "--outer\nContent-Type: multipart/alternative; boundary=inner\n\n"
      "--inner\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\nSGVsbG8gw6lsw6hyZQ==\n"
      "--inner\nContent-Type: text/html; charset=utf-8\n\n<p>Hello</p>\n"
      "--inner--\n--outer--\n";
  auto m = parse_inbound(raw);
  ASSERT_TRUE(m.ok()) << m.problem().errors.at(0).message;
  EXPECT_EQ(m->text, "Hello élère");
  EXPECT_EQ(m->html, "<p>Hello</p>");
  EXPECT_EQ(m->subject, "plain LF line ends");
  EXPECT_FALSE(m->in_reply_to);
}

TEST(MimeParser, RefusesWhatItCannotReadWhole) {
  EXPECT_EQ(refusal(""), "message format");
  EXPECT_EQ(refusal("this is not an email at all"), "message format");
  EXPECT_EQ(refusal("Subject: no sender\r\nMessage-ID: <x@y>\r\n\r\nbody"), "from required");
  EXPECT_EQ(refusal("From: a@example.org\r\nSubject: no id\r\n\r\nbody"), "message_id required");
  // Built with += (GCC 12 warns falsely, -Warray-bounds, on "literal" + std::string(n, c)).
  std::string huge = "From: a@example.org\r\nMessage-ID: <h@y>\r\nX-Filler: ";
  huge += std::string(kMaxHeaderBytes, 'x');
  huge += "\r\n\r\nbody";
  EXPECT_EQ(refusal(huge), "headers too_large");
  std::string endless = "From: a@example.org\r\nX-Filler: ";
  endless += std::string(kMaxHeaderBytes, 'x');
  EXPECT_EQ(refusal(endless), "headers too_large");
  EXPECT_EQ(refusal(std::string("From: a@example.org\r\nX-Nul: a\0b\r\n\r\nbody", 40)), "headers format");
}

TEST(MimeParser, RefusesUnknownAndWrongCharsets) {
  EXPECT_EQ(refusal("From: a@example.org\r\nMessage-ID: <c1@y>\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\nqapla'"),
            "text charset");
  // Says UTF-8, holds Latin-1 bytes.
  EXPECT_EQ(refusal("From: a@example.org\r\nMessage-ID: <c2@y>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\ncaf\xe9"),
            "text charset");
  EXPECT_EQ(refusal("From: a@example.org\r\nMessage-ID: <c3@y>\r\nContent-Type: text/plain; charset=windows-1252\r\n\r\ncaf\xe9"),
            "parsed");
}

TEST(MimeParser, RefusesMimeBombs) {
  std::string deep = "From: a@example.org\r\nMessage-ID: <d@y>\r\nMIME-Version: 1.0\r\n";
  for (int i = 0; i < 12; ++i) {
    std::string b = "b";
    b += std::to_string(i);
    deep += "Content-Type: multipart/mixed; boundary=" + b + "\r\n\r\n--" + b + "\r\n";
  }
  deep += "Content-Type: text/plain\r\n\r\nbottom\r\n";
  EXPECT_EQ(refusal(deep), "message too_deep");
  std::string wide = "From: a@example.org\r\nMessage-ID: <w@y>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=w\r\n\r\n";
  for (std::size_t i = 0; i <= kMaxMimeParts; ++i) wide += "--w\r\nContent-Type: text/plain\r\n\r\npart\r\n";
  wide += "--w--\r\n";
  EXPECT_EQ(refusal(wide), "message too_many_parts");
}

TEST(MimeParser, ReadsBackWhatTheBuilderWrites) {
  OutgoingMessage out{.from = "sales@rapport.example", .to = {"ada@example.org"}, .cc = {"bob@example.org"},
                      .subject = "Grüße — 東京", .text = "Schöne Grüße\n", .html = "<p>Schöne <b>Grüße</b></p>",
                      .message_id = "round-trip@rapport.example", .in_reply_to = "parent@example.org",
                      .references = {"first@example.org", "parent@example.org"}, .date_ms = 1767225600000};
  auto in = parse_inbound(build_mime(out));
  ASSERT_TRUE(in.ok()) << in.problem().errors.at(0).message;
  EXPECT_EQ(in->from, out.from);
  EXPECT_EQ(in->to, out.to);
  EXPECT_EQ(in->cc, out.cc);
  EXPECT_EQ(in->subject, out.subject);
  EXPECT_EQ(in->message_id, out.message_id);
  EXPECT_EQ(in->text, "Schöne Grüße\r\n");
  EXPECT_EQ(in->html, out.html);
  EXPECT_EQ(in->in_reply_to, out.in_reply_to);
  EXPECT_EQ(in->references, out.references);
  EXPECT_TRUE(in->automatic.empty()) << in->automatic;
}

TEST(MimeParser, ReadsTheSendersNameAndWhetherAMachineWroteTheMessage) {
  auto m = parse_inbound(kReply);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->from_name, "Jürgen");
  EXPECT_TRUE(m->automatic.empty()) << "a person's reply: " << m->automatic;
  auto with = [](const std::string& headers, const std::string& type = "text/plain") {
    auto r = parse_inbound("From: robot@example.org\r\nTo: support@example.com\r\nSubject: Out of office\r\n"
                           "Message-ID: <auto@example.org>\r\n" + headers + "Content-Type: " + type +
                           "\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nAway.\r\n--b--\r\n");
    EXPECT_TRUE(r.ok());
    return r ? r->automatic : std::string("unreadable");
  };
  EXPECT_EQ(with("Auto-Submitted: auto-replied\r\n"), "Auto-Submitted: auto-replied");
  EXPECT_EQ(with("Auto-Submitted: Auto-Generated; owner-email=\"x@example.org\"\r\n"), "Auto-Submitted: auto-generated");
  EXPECT_EQ(with("Auto-Submitted: no\r\n"), "") << "RFC 3834: 'no' is a person's message";
  EXPECT_EQ(with("Precedence: bulk\r\n"), "Precedence: bulk");
  EXPECT_EQ(with("Precedence: auto_reply\r\n"), "Precedence: auto_reply");
  EXPECT_EQ(with("Precedence: first-class\r\n"), "");
  EXPECT_EQ(with("X-Autoreply: yes\r\n"), "X-Autoreply");
  EXPECT_EQ(with("", "multipart/report; report-type=delivery-status; boundary=b"), "Content-Type: multipart/report");
  EXPECT_EQ(with(""), "");
}

}  // namespace
}  // namespace rapport::email

namespace rapport::email {
namespace {

TEST(MimeParser, ReadsBccAndTheRecipientsTheMtaAdded) {
  auto m = parse_inbound(
      "Delivered-To: bcc-abc@in.rapport.example\r\n"
      "X-Original-To: Bcc-Abc@In.Rapport.Example\r\n"
      "Delivered-To: sales@rapport.example\r\n"
      "From: rep@rapport.example\r\n"
      "To: client@example.org\r\n"
      "Bcc: Logger <bcc-def@in.rapport.example>\r\n"
      "Message-ID: <bcc-1@rapport.example>\r\n"
      "\r\n"
      "Hi.\r\n");
  ASSERT_TRUE(m) << m.problem().detail;
  EXPECT_EQ(m->bcc, std::vector<std::string>{"bcc-def@in.rapport.example"});
  EXPECT_EQ(m->delivered_to,
            (std::vector<std::string>{"bcc-abc@in.rapport.example", "Bcc-Abc@In.Rapport.Example", "sales@rapport.example"}));
  auto none = parse_inbound("From: a@example.org\r\nMessage-ID: <n@example.org>\r\nDelivered-To: not an address\r\n\r\n");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->delivered_to.empty());
  EXPECT_TRUE(none->bcc.empty());
}

}  // namespace
}  // namespace rapport::email

namespace rapport::email {
namespace {

TEST(MimeParser, KeepsAttachmentsWithTheirNamesTypesAndDecodedBytes) {
  std::string raw =
      "From: a@example.org\r\nMessage-ID: <att@example.org>\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
      "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe body\r\n"
      "--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: attachment; filename=notes.txt\r\n\r\nnotes\r\n"
      "--b\r\nContent-Type: Image/PNG\r\nContent-Transfer-Encoding: base64\r\n"
      "Content-Disposition: inline; filename*=UTF-8''Gr%C3%BC%C3%9Fe.png\r\n\r\nAAECAw==\r\n"
      "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\nAP8=\r\n"
      "--b--\r\n";
  auto m = parse_inbound(raw);
  ASSERT_TRUE(m) << m.problem().errors.at(0).message;
  EXPECT_EQ(m->text, "The body") << "the line break before a boundary is the boundary's (RFC 2046)";
  ASSERT_EQ(m->attachments.size(), 3u);
  EXPECT_EQ(m->attachments[0].file_name, "notes.txt");
  EXPECT_EQ(m->attachments[0].content_type, "text/plain");
  EXPECT_EQ(m->attachments[0].bytes, "notes");
  EXPECT_EQ(m->attachments[1].file_name, "Grüße.png") << "RFC 2231";
  EXPECT_EQ(m->attachments[1].content_type, "image/png");
  EXPECT_EQ(m->attachments[1].bytes, std::string("\x00\x01\x02\x03", 4));
  EXPECT_EQ(m->attachments[2].file_name, "attachment") << "no name given";
  EXPECT_EQ(m->attachments[2].bytes, std::string("\x00\xff", 2));
}

TEST(MimeParser, RefusesMoreAttachmentsThanItKeeps) {
  std::string raw = "From: a@example.org\r\nMessage-ID: <many@example.org>\r\nMIME-Version: 1.0\r\n"
                    "Content-Type: multipart/mixed; boundary=b\r\n\r\n";
  for (std::size_t i = 0; i <= kMaxAttachments; ++i) raw += "--b\r\nContent-Type: application/octet-stream\r\n\r\nx\r\n";
  raw += "--b--\r\n";
  auto m = parse_inbound(raw);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.problem().errors.at(0).field, "attachments");
}

TEST(MimeParser, RefusesAMessageOrAFileOverTheLimitsItIsGiven) {
  // Built by appending (GCC 12 warns falsely on "literal" + std::string).
  std::string raw = "From: a@example.org\r\nMessage-ID: <big@example.org>\r\nMIME-Version: 1.0\r\n"
                    "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n";
  raw += "--b\r\nContent-Type: application/octet-stream\r\n\r\n";
  raw += std::string(100, 'x');
  raw += "\r\n--b\r\nContent-Type: application/octet-stream\r\n\r\n";
  raw += std::string(300, 'y');
  raw += "\r\n--b--\r\n";
  ASSERT_TRUE(parse_inbound(raw, raw.size(), 300));
  auto file = parse_inbound(raw, raw.size(), 299);
  ASSERT_FALSE(file);
  EXPECT_EQ(file.problem().errors.at(0).field, "attachments.1") << "the second file is the one too large";
  auto message = parse_inbound(raw, raw.size() - 1, 300);
  ASSERT_FALSE(message);
  EXPECT_EQ(message.problem().errors.at(0).field, "message");
}

}  // namespace
}  // namespace rapport::email

namespace rapport::email {
namespace {

TEST(MimeParser, ReadsBackTheAttachmentsTheBuilderWrites) {
  OutgoingMessage out{.from = "sales@rapport.example", .to = {"ada@example.org"}, .subject = "Files", .text = "See attached.",
                      .html = "<p>See attached.</p>", .message_id = "files-1@rapport.example", .date_ms = 1'700'000'000'000};
  std::string binary;
  for (int i = 0; i < 256; ++i) binary += static_cast<char>(i);
  out.attachments = {{.file_name = "Angebot Köln.pdf", .content_type = "application/pdf", .bytes = binary},
                     {.file_name = "notes.txt", .content_type = "text/plain", .bytes = "plain\r\nnotes"}};
  std::string raw = build_mime(out);
  EXPECT_NE(raw.find("Content-Type: multipart/mixed"), std::string::npos) << raw;
  EXPECT_NE(raw.find("Content-Disposition: attachment"), std::string::npos) << raw;
  auto m = parse_inbound(raw);
  ASSERT_TRUE(m) << m.problem().errors.at(0).message;
  EXPECT_EQ(m->text, "See attached.");
  EXPECT_EQ(m->html, "<p>See attached.</p>");
  ASSERT_EQ(m->attachments.size(), 2u);
  EXPECT_EQ(m->attachments[0].file_name, "Angebot Köln.pdf");
  EXPECT_EQ(m->attachments[0].content_type, "application/pdf");
  EXPECT_EQ(m->attachments[0].bytes, binary);
  EXPECT_EQ(m->attachments[1].content_type, "text/plain");
  EXPECT_EQ(m->attachments[1].bytes, "plain\r\nnotes");
}

}  // namespace
}  // namespace rapport::email
