// Email threads on records (issue 14 §3): GET /api/v1/emails lists a record's threads (sent mail
// naming it, received mail matched to it or to its company's contacts) to whoever can read the
// record; a reply sent with in_reply_to joins its thread with In-Reply-To and References; received
// mail is matched to contacts by their additional addresses too; HTML-only mail reads as text; and
// the operator's size limits (--email-message-max-bytes, --email-attachment-max-bytes) refuse
// with nothing stored. Both engines. The route in the walks: access_walk_test.cpp,
// tenancy_isolation_routes_test.cpp.
#include <algorithm>

#include "access_fixture.hpp"
#include "email_smtp_server.hpp"
#include "modules/email/mime_parser.hpp"

namespace rapport::testing {
namespace {

class EmailThreads : public Access {
 protected:
  static void SetUpTestSuite() {
    server_args_ = {"--webhook-allow-host", "127.0.0.1", "--email-message-max-bytes", "200000", "--email-attachment-max-bytes",
                    "4096"};
    Access::SetUpTestSuite();
    server_args_.clear();
  }

  std::string secret() {
    if (secret_.empty()) {
      auto r = http().call("POST", "/api/v1/email/inbound-secret", token());
      EXPECT_EQ(r.status, 201) << r.body;
      secret_ = text(r.json(), "secret");
    }
    return secret_;
  }
  HttpResponse deliver(const std::string& raw) {
    return http().request("POST", "/api/v1/inbound-email", raw, {{"Content-Type", "message/rfc822"}, {"Authorization", "Bearer " + secret()}});
  }
  static std::string message(const std::string& from, const std::string& message_id, const std::string& subject,
                             const std::string& extra_headers = "", const std::string& body = "Hello.\r\n",
                             const std::string& type = "text/plain; charset=utf-8") {
    return "From: " + from + "\r\nTo: sales@rapport.example\r\nSubject: " + subject + "\r\nMessage-ID: <" + message_id +
           ">\r\nDate: Fri, 04 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n" + extra_headers + "Content-Type: " + type +
           "\r\n\r\n" + body;
  }
  // The ids of a list's answer, in order.
  static std::vector<std::string> ids_of(const HttpResponse& r) {
    std::vector<std::string> out;
    for (const auto& e : data_of(r)) out.push_back(text(e, "id"));
    return out;
  }
  // Points the workspace's SMTP settings at `port`.
  void use_smtp(int port) {
    const json::value smtp = json::object{{"host", "127.0.0.1"}, {"port", port}, {"security", "none"}, {"sender", "sales@rapport.example"}};
    auto r = http().call("PUT", "/api/v1/email/settings", token(), &smtp);
    ASSERT_EQ(r.status, 200) << r.body;
  }

  static inline std::string secret_;
};

TEST_F(EmailThreads, ARecordListsItsThreadsNewestFirstToWhoeverReadsItAndARepliesJoinsTheThread) {
  SmtpServer smtp;
  use_smtp(smtp.port());
  const std::string x = random_suffix();
  const std::string company = create_as("rep1", "companies", json::object{{"name", "Thread Co " + x}});
  const std::string address = "c." + x + "@example.org";
  const std::string contact = create_as("rep1", "contacts", json::object{{"last_name", "Thread" + x}, {"email", address}, {"company_id", company}});

  // rep1 writes to the contact; the contact answers; rep1 replies to the answer.
  const json::value first = json::object{{"to", json::array{json::value(address)}}, {"subject", "Offer " + x}, {"body", "Our offer."},
                                         {"contact_id", contact}};
  auto sent = as("rep1", "POST", "/api/v1/emails", &first);
  ASSERT_EQ(sent.status, 202) << sent.body;
  const std::string s1 = text(sent.json(), "id"), s1_mid = text(sent.json(), "message_id");
  auto answer = deliver(message(address, "answer." + x + "@example.org", "Re: Offer " + x, "In-Reply-To: <" + s1_mid + ">\r\n"));
  ASSERT_EQ(answer.status, 200) << answer.body;
  const std::string r1 = text(answer.json().at("email"), "id");
  EXPECT_EQ(text(answer.json().at("email"), "thread_id"), s1);
  const json::value reply = json::object{{"to", json::array{json::value(address)}}, {"subject", "Re: Offer " + x}, {"body", "Thanks."},
                                         {"contact_id", contact}, {"in_reply_to", r1}};
  auto replied = as("rep1", "POST", "/api/v1/emails", &reply);
  ASSERT_EQ(replied.status, 202) << replied.body;
  const std::string s2 = text(replied.json(), "id");
  EXPECT_EQ(text(replied.json(), "thread_id"), s1);
  EXPECT_EQ(text(replied.json(), "in_reply_to"), "answer." + x + "@example.org");
  // Another message from the contact starts a thread of its own.
  auto other = deliver(message(address, "other." + x + "@example.org", "Another matter " + x));
  ASSERT_EQ(other.status, 200) << other.body;
  const std::string r2 = text(other.json().at("email"), "id");

  // The reply as it went out: In-Reply-To the answer, References the chain (the offer, the answer).
  // The two sends are separate jobs, so the sink may receive them in either order.
  auto mails = smtp.wait_for(2);
  ASSERT_EQ(mails.size(), 2u);
  const auto reply_mail =
      std::find_if(mails.begin(), mails.end(), [](const auto& m) { return m.raw.find("Subject: Re: Offer") != std::string::npos; });
  ASSERT_NE(reply_mail, mails.end()) << mails[0].raw << mails[1].raw;
  auto parsed = email::parse_inbound(reply_mail->raw);
  ASSERT_TRUE(parsed) << reply_mail->raw;
  EXPECT_EQ(parsed->in_reply_to.value_or(""), "answer." + x + "@example.org") << reply_mail->raw;
  EXPECT_EQ(parsed->references, (std::vector<std::string>{s1_mid, "answer." + x + "@example.org"})) << reply_mail->raw;

  // The contact's list: both threads, newest first; one thread; a direction; pages.
  auto list = as("rep1", "GET", "/api/v1/emails?contact_id=" + contact);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(ids_of(list), (std::vector<std::string>{r2, s2, r1, s1}));
  EXPECT_EQ(ids_of(as("rep1", "GET", "/api/v1/emails?contact_id=" + contact + "&thread_id=" + s1)), (std::vector<std::string>{s2, r1, s1}));
  EXPECT_EQ(ids_of(as("rep1", "GET", "/api/v1/emails?contact_id=" + contact + "&direction=inbound")), (std::vector<std::string>{r2, r1}));
  EXPECT_EQ(ids_of(as("rep1", "GET", "/api/v1/emails?contact_id=" + contact + "&status=received")), (std::vector<std::string>{r2, r1}));
  auto page1 = as("rep1", "GET", "/api/v1/emails?contact_id=" + contact + "&limit=3");
  ASSERT_EQ(page1.status, 200) << page1.body;
  EXPECT_EQ(ids_of(page1), (std::vector<std::string>{r2, s2, r1}));
  ASSERT_TRUE(page1.json().at("next_cursor").is_string()) << page1.body;
  auto page2 = as("rep1", "GET", "/api/v1/emails?contact_id=" + contact + "&limit=3&cursor=" + text(page1.json(), "next_cursor"));
  EXPECT_EQ(ids_of(page2), (std::vector<std::string>{s1}));
  EXPECT_TRUE(page2.json().at("next_cursor").is_null());
  // The company's list holds its contact's mail, received and sent in those threads.
  EXPECT_EQ(ids_of(as("rep1", "GET", "/api/v1/emails?company_id=" + company)), (std::vector<std::string>{r2, s2, r1, s1}));
  // Each item is what GET /api/v1/emails/{id} answers: received mail reads as its reader sees it.
  for (const auto& e : data_of(list))
    if (text(e, "id") == r1) {
      EXPECT_EQ(text(e, "from"), address);
      EXPECT_EQ(text(e, "text"), "Hello.\r\n");
      EXPECT_EQ(text(e, "status"), "received");
      EXPECT_EQ(text(e, "in_reply_to"), s1_mid);
    }

  // rep2 cannot read rep1's contact: 404 for its list and its mail, nothing of it shown. Every rep
  // reads every company, but a company's list holds only the threads its reader may read: none.
  ASSERT_EQ(as("rep2", "GET", "/api/v1/contacts/" + contact).status, 404) << "the premise: rep2 cannot read the contact";
  ASSERT_EQ(as("rep2", "GET", "/api/v1/companies/" + company).status, 200) << "the premise: rep2 reads the company";
  auto rep2 = as("rep2", "GET", "/api/v1/emails?contact_id=" + contact);
  EXPECT_EQ(rep2.status, 404) << rep2.body;
  EXPECT_EQ(rep2.body.find("Offer"), std::string::npos);
  auto rep2_company = as("rep2", "GET", "/api/v1/emails?company_id=" + company);
  ASSERT_EQ(rep2_company.status, 200) << rep2_company.body;
  EXPECT_TRUE(data_of(rep2_company).empty()) << rep2_company.body;
  for (const auto& id : {s1, r1, s2, r2}) EXPECT_EQ(as("rep2", "GET", "/api/v1/emails/" + id).status, 404) << id;
  // The manager of rep1's team reads rep1's contacts: the company's list is theirs whole.
  EXPECT_EQ(ids_of(as("manager", "GET", "/api/v1/emails?company_id=" + company)), (std::vector<std::string>{r2, s2, r1, s1}));
  // rep1 reads the received answer (its thread concerns rep1's contact) and may reply to it; rep2 may not.
  EXPECT_EQ(as("rep1", "GET", "/api/v1/emails/" + r1).status, 200);
  const json::value stranger_reply = json::object{{"to", json::array{json::value(address)}}, {"subject", "Re"}, {"body", "."}, {"in_reply_to", r1}};
  auto refused = as("rep2", "POST", "/api/v1/emails", &stranger_reply);
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(error_fields(refused), std::vector<std::string>{"in_reply_to"});

  // Without a record: the caller's own mail (admins: the workspace's).
  auto own = ids_of(as("rep1", "GET", "/api/v1/emails"));
  EXPECT_NE(std::find(own.begin(), own.end(), s1), own.end());
  EXPECT_EQ(std::find(own.begin(), own.end(), r1), own.end()) << "received from outside: not rep1's own";
  auto everything = ids_of(get("/api/v1/emails?thread_id=" + s1));
  EXPECT_EQ(everything, (std::vector<std::string>{s2, r1, s1}));

  // Bad queries: two records, an unknown direction.
  EXPECT_EQ(get("/api/v1/emails?contact_id=" + contact + "&company_id=" + company).status, 400);
  EXPECT_EQ(get("/api/v1/emails?direction=sideways").status, 400);
  EXPECT_EQ(get("/api/v1/emails?contact_id=01900000-0000-7000-8000-00000000beef").status, 404);
}

TEST_F(EmailThreads, ADealsThreadsHoldTheRepliesToItsMail) {
  use_smtp(9);  // nothing listens: the emails stay queued, their threads are what counts
  const std::string x = random_suffix();
  auto pipeline = post("/api/v1/pipelines", json::object{{"name", "Mail " + x},
                                                        {"stages", json::array{json::object{{"name", "Open"}, {"type", "open"}, {"probability", 10}},
                                                                               json::object{{"name", "Won"}, {"type", "won"}, {"probability", 100}}}}});
  ASSERT_EQ(pipeline.status, 201) << pipeline.body;
  const std::string deal = create_as("rep1", "deals", json::object{{"name", "Deal " + x}, {"pipeline_id", text(pipeline.json(), "id")},
                                                                  {"stage_id", text(pipeline.json().at("stages").as_array()[0], "id")}});
  const json::value mail = json::object{{"to", json::array{json::value("buyer." + x + "@example.org")}}, {"subject", "Deal " + x},
                                        {"body", "Terms."}, {"deal_id", deal}};
  auto sent = as("rep1", "POST", "/api/v1/emails", &mail);
  ASSERT_EQ(sent.status, 202) << sent.body;
  // The buyer is no contact: the answer is matched to nobody, yet it is in the deal's thread.
  auto answer = deliver(message("buyer." + x + "@example.org", "deal-answer." + x + "@example.org", "Re: Deal " + x,
                                "In-Reply-To: <" + text(sent.json(), "message_id") + ">\r\n"));
  ASSERT_EQ(answer.status, 200) << answer.body;
  auto list = as("rep1", "GET", "/api/v1/emails?deal_id=" + deal);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(ids_of(list), (std::vector<std::string>{text(answer.json().at("email"), "id"), text(sent.json(), "id")}));
  EXPECT_EQ(as("rep1", "GET", "/api/v1/emails/" + text(answer.json().at("email"), "id")).status, 200) << "its thread names rep1's deal";
  EXPECT_EQ(as("rep2", "GET", "/api/v1/emails?deal_id=" + deal).status, 404);
}

TEST_F(EmailThreads, InboundMailIsMatchedToContactsByTheirAdditionalAddresses) {
  const std::string x = random_suffix();
  const std::string primary = "main." + x + "@example.org", extra = "Home." + x + "@Example.net";
  const std::string contact =
      create("contacts", json::object{{"last_name", "Many" + x}, {"email", primary}, {"emails", json::array{json::value(extra)}}});
  // From the additional address, in another case: matched and logged on the contact.
  auto r = deliver(message("HOME." + x + "@example.NET", "extra1." + x + "@example.net", "From home " + x));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("email").at("contact_ids"), (json::array{json::value(contact)})) << r.body;
  EXPECT_EQ(ids_of(get("/api/v1/emails?contact_id=" + contact)), (std::vector<std::string>{text(r.json().at("email"), "id")}));
  // Once the address is no longer the contact's, mail from it matches nobody.
  auto changed = patch("/api/v1/contacts/" + contact, json::object{{"emails", json::array{json::value("work." + x + "@example.org")}}},
                       {});
  ASSERT_EQ(changed.status, 200) << changed.body;
  auto after = deliver(message(extra, "extra2." + x + "@example.net", "Still home " + x));
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_TRUE(after.json().at("email").at("contact_ids").as_array().empty()) << after.body;
  auto work = deliver(message("work." + x + "@example.org", "extra3." + x + "@example.org", "From work " + x));
  EXPECT_EQ(work.json().at("email").at("contact_ids"), (json::array{json::value(contact)})) << work.body;
  // A deleted contact is matched by none of its addresses.
  ASSERT_EQ(del("/api/v1/contacts/" + contact).status, 204);
  auto gone = deliver(message("work." + x + "@example.org", "extra4." + x + "@example.org", "After delete " + x));
  EXPECT_TRUE(gone.json().at("email").at("contact_ids").as_array().empty()) << gone.body;
}

TEST_F(EmailThreads, HtmlOnlyMailReadsAsTextAndKeepsItsHtml) {
  const std::string x = random_suffix();
  const std::string html = "<html><head><style>p{}</style></head><body><p>Dear team,</p><p>see <b>this</b> &amp; that.<script>x()</script></p></body></html>";
  auto r = deliver(message("html." + x + "@example.org", "html." + x + "@example.org", "Html " + x, "", html, "text/html; charset=utf-8"));
  ASSERT_EQ(r.status, 200) << r.body;
  auto read = get("/api/v1/emails/" + text(r.json().at("email"), "id"));
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(text(read.json(), "text"), "Dear team,\n\nsee this & that.");
  EXPECT_EQ(text(read.json(), "html"), html);
  // The secret's last use is recorded (Settings → Email shows it).
  EXPECT_TRUE(get("/api/v1/email/inbound-secret").json().at("last_used_at").is_string());
}

TEST_F(EmailThreads, MessagesAndFilesOverTheOperatorsLimitsAreRefusedAndNothingIsStored) {
  const std::string x = random_suffix();
  const std::string address = "limit." + x + "@example.org";
  const std::string contact = create("contacts", json::object{{"last_name", "Limit" + x}, {"email", address}});
  const std::string mid = "limit." + x + "@example.org";
  // Over --email-message-max-bytes (200000): 413.
  auto big = deliver(message(address, mid, "Big " + x, "", std::string(210000, 'a') + "\r\n"));
  EXPECT_EQ(big.status, 413) << big.body.substr(0, 300);
  // A file over --email-attachment-max-bytes (4096): 422 naming it.
  std::string file(5000, 'z');
  std::string raw = "From: " + address + "\r\nTo: sales@rapport.example\r\nSubject: File " + x + "\r\nMessage-ID: <" + mid +
                    ">\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
                    "See the file.\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=big.bin\r\n\r\n" +
                    file + "\r\n--b--\r\n";
  auto large_file = deliver(raw);
  EXPECT_EQ(large_file.status, 422) << large_file.body;
  EXPECT_EQ(error_fields(large_file), std::vector<std::string>{"attachments.0"});
  // Nothing stored: the contact has no mail and the Message-ID is still free.
  EXPECT_TRUE(data_of(get("/api/v1/emails?contact_id=" + contact)).empty());
  raw.replace(raw.find(file), file.size(), std::string(4000, 'z'));
  auto fits = deliver(raw);
  ASSERT_EQ(fits.status, 200) << fits.body;
  EXPECT_EQ(fits.json().at("stored"), true);
  ASSERT_EQ(fits.json().at("email").at("attachments").as_array().size(), 1u);
  EXPECT_EQ(fits.json().at("email").at("attachments").as_array()[0].at("size").as_int64(), 4000);

  // Uploads: over the file limit 413, within it 201.
  auto upload = [&](std::size_t n) {
    return http().request("POST", "/api/v1/attachments?file_name=f.bin", std::string(n, 'u'),
                          {{"Content-Type", "application/octet-stream"}, {"Authorization", "Bearer " + token()}});
  };
  EXPECT_EQ(upload(5000).status, 413);
  EXPECT_EQ(upload(4096).status, 201);
}

TEST(EmailServeHelp, NamesTheEmailLimits) {
  auto out = run_rapport({"serve", "--help"});
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_NE(out.output.find("--email-message-max-bytes"), std::string::npos) << out.output;
  EXPECT_NE(out.output.find("--email-attachment-max-bytes"), std::string::npos) << out.output;
}

}  // namespace
}  // namespace rapport::testing
