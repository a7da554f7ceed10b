#include "modules/email/delivery_status.hpp"

#include <gtest/gtest.h>

#include "modules/email/mime_parser.hpp"
#include "modules/email/testdata/bounce_samples.hpp"

namespace rapport::email {
namespace {

std::string sample(const std::string& name, const std::string& original = "offer.42@rapport.example") {
  return testdata::bounce_sample(RAPPORT_SOURCE_DIR, name, original);
}

TEST(DeliveryStatus, PostfixBounceWithTheReturnedHeaders) {
  auto m = parse_inbound(sample("postfix_bounce.eml"));
  ASSERT_TRUE(m) << m.problem().detail;
  EXPECT_EQ(m->automatic, "Auto-Submitted: auto-replied");
  ASSERT_TRUE(m->report);
  EXPECT_EQ(m->report->original_message_id, "offer.42@rapport.example");
  ASSERT_EQ(m->report->recipients.size(), 1u);
  const auto& r = m->report->recipients[0];
  EXPECT_EQ(r.recipient, "nobody@example.org");
  EXPECT_EQ(r.action, "failed");
  EXPECT_EQ(r.status, "5.1.1");
  EXPECT_EQ(r.diagnostic, "550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in virtual mailbox table")
      << "the folded line joined";
  EXPECT_EQ(bounce_reason(*m->report),
            "nobody@example.org: 5.1.1 550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in virtual "
            "mailbox table");
  EXPECT_FALSE(m->text.empty()) << "the notification is the message's text";
}

TEST(DeliveryStatus, EximBounceWithTheWholeMessageReturned) {
  auto m = parse_inbound(sample("exim_bounce.eml", "renewal.7@rapport.example"));
  ASSERT_TRUE(m) << m.problem().detail;
  ASSERT_TRUE(m->report);
  EXPECT_EQ(m->report->original_message_id, "renewal.7@rapport.example") << "from the message/rfc822 part";
  ASSERT_EQ(m->report->recipients.size(), 1u);
  EXPECT_EQ(m->report->recipients[0].recipient, "gone@example.net");
  EXPECT_EQ(m->report->recipients[0].action, "failed") << "Action before Final-Recipient in its block";
  EXPECT_EQ(bounce_reason(*m->report), "gone@example.net: 5.0.0 550 5.2.1 The email account that you tried to reach is disabled.");
}

TEST(DeliveryStatus, OnlyFailedRecipientsMakeABounce) {
  DeliveryReport r;
  r.recipients = read_delivery_status(
      "Reporting-MTA: dns; mx.example\r\n\r\n"
      "Final-Recipient: rfc822; late@example.org\r\nAction: delayed\r\nStatus: 4.4.1\r\n\r\n"
      "Original-Recipient: rfc822; ok@example.org\r\nACTION: Delivered\r\nStatus: 2.0.0\r\n");
  ASSERT_EQ(r.recipients.size(), 2u);
  EXPECT_EQ(r.recipients[1].recipient, "ok@example.org") << "Original-Recipient when there is no Final-Recipient";
  EXPECT_EQ(r.recipients[1].action, "delivered");
  EXPECT_EQ(bounce_reason(r), std::nullopt) << "a delay or a delivery is no bounce";
  r.recipients = read_delivery_status(
      "Final-Recipient: rfc822; a@example.org\nAction: failed\nStatus: 5.1.1\n\n"
      "Final-Recipient: rfc822; b@example.org\nAction: failed\nStatus: 5.2.2\nDiagnostic-Code: smtp; 552 mailbox full\n");
  EXPECT_EQ(bounce_reason(r), "a@example.org: 5.1.1; b@example.org: 5.2.2 552 mailbox full") << "LF line ends too";
}

TEST(DeliveryStatus, OddAndHostileInputStaysBounded) {
  EXPECT_TRUE(read_delivery_status("").empty());
  EXPECT_TRUE(read_delivery_status("no fields at all\r\n\r\n: empty name\r\n").empty());
  EXPECT_TRUE(read_delivery_status("Action: failed\r\nStatus: 5.0.0\r\n").empty()) << "no recipient: nothing to tie it to";
  std::string many;
  for (int i = 0; i < 500; ++i) many += "Final-Recipient: rfc822; r" + std::to_string(i) + "@example.org\nAction: failed\n\n";
  EXPECT_EQ(read_delivery_status(many).size(), kMaxReportRecipients);
  std::string long_value = "Final-Recipient: rfc822; x@example.org\nDiagnostic-Code: smtp; ";  // += : GCC 12's false -Warray-bounds
  long_value += std::string(100000, 'a');
  for (int i = 0; i < 100; ++i) long_value += "\n " + std::string(1000, 'b');
  auto r = read_delivery_status(long_value + "\n");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_LE(r[0].diagnostic.size(), kMaxStatusValueBytes);
  auto odd = read_delivery_status("Final-Recipient: rfc822; \xff\xfe@example.org\nAction: failed\x01\n");
  ASSERT_EQ(odd.size(), 1u);
  EXPECT_EQ(odd[0].action, "failed") << "control characters dropped";
  EXPECT_EQ(message_id_in_headers("From: a@b.example\r\nMessage-ID:\r\n <folded.1@b.example>\r\n\r\nMessage-ID: <body@x>\r\n"), "folded.1@b.example");
  EXPECT_EQ(message_id_in_headers("Subject: none\r\n"), "");
  EXPECT_EQ(message_id_in_headers("Message-ID: <has space@x>\r\n"), "");
}

// Feedback-loop complaints (RFC 5965) as mailbox providers send them: the whole message returned, or
// its headers only; the recipient may be redacted, the Message-ID is what ties it to a send.
TEST(FeedbackReport, ComplaintWithTheWholeMessageReturned) {
  auto m = parse_inbound(sample("arf_complaint.eml", "news.9@rapport.example"));
  ASSERT_TRUE(m) << m.problem().detail;
  EXPECT_FALSE(m->report) << "a feedback report is no delivery report";
  ASSERT_TRUE(m->feedback);
  EXPECT_EQ(m->feedback->feedback_type, "abuse");
  EXPECT_EQ(m->feedback->user_agent, "MailboxFBL/1.0");
  EXPECT_EQ(m->feedback->original_rcpt_to, "reader@mailbox.example") << "without its angle brackets";
  EXPECT_EQ(m->feedback->original_message_id, "news.9@rapport.example") << "from the message/rfc822 part";
  EXPECT_TRUE(is_complaint(*m->feedback));
  EXPECT_EQ(m->automatic, "Content-Type: multipart/report") << "nothing answers it";
}

TEST(FeedbackReport, ComplaintWithTheHeadersOnly) {
  auto m = parse_inbound(sample("arf_headers_only.eml", "news.10@rapport.example"));
  ASSERT_TRUE(m) << m.problem().detail;
  ASSERT_TRUE(m->feedback);
  EXPECT_EQ(m->feedback->feedback_type, "abuse") << "after Version, a quoted report-type";
  EXPECT_EQ(m->feedback->original_rcpt_to, "redacted@isp.example");
  EXPECT_EQ(m->feedback->original_message_id, "news.10@rapport.example") << "from the text/rfc822-headers part";
  EXPECT_FALSE(parse_inbound(sample("postfix_bounce.eml"))->feedback) << "a bounce is no complaint";
}

TEST(FeedbackReport, NotSpamAndOddFieldsAreNoComplaint) {
  EXPECT_FALSE(is_complaint(read_feedback_report("Feedback-Type: not-spam\r\nVersion: 1\r\n")));
  EXPECT_FALSE(is_complaint(read_feedback_report("Version: 1\r\nUser-Agent: x\r\n"))) << "no type: nothing said";
  EXPECT_TRUE(is_complaint(read_feedback_report("FEEDBACK-TYPE:  Fraud \n")));
  auto r = read_feedback_report("Feedback-Type: abuse\n\nFeedback-Type: not-spam\n");
  EXPECT_EQ(r.feedback_type, "abuse") << "the fields end at the first blank line";
  std::string huge = "Feedback-Type: ";  // += : GCC 12's false -Warray-bounds
  huge += std::string(100000, 'x');
  huge += "\n";
  auto big = read_feedback_report(huge);
  EXPECT_LE(big.feedback_type.size(), kMaxStatusValueBytes);
}

}  // namespace
}  // namespace rapport::email
