// Email end to end against a real SMTP server (email_smtp_server.hpp: python3-aiosmtpd on
// 127.0.0.1, which the server is told to allow with --webhook-allow-host); RAPPORT_WEBHOOK_TIME_SCALE
// shortens the waits between attempts (1 min: 6 ms). Every route refused to non-admins and
// read-only users: access_walk_test.cpp; another workspace's templates and emails:
// tenancy_isolation_routes_test.cpp.
#include <thread>

#include "loopback_suite.hpp"
#include "email_smtp_server.hpp"

namespace rapport::testing {
namespace {

class Email : public LoopbackSuite {
 protected:
  HttpResponse put_settings(const json::value& body) { return http().call("PUT", "/api/v1/email/settings", token(), &body); }

  void use(const SmtpServer& smtp, const std::string& user = "", const std::string& password = "") {
    json::object body{{"host", "127.0.0.1"}, {"port", smtp.port()}, {"security", "none"}, {"sender", "sales@rapport.example"}};
    if (!user.empty()) {
      body["username"] = user;
      body["password"] = password;
    }
    auto r = put_settings(body);
    ASSERT_EQ(r.status, 200) << r.body;
  }

  // The email once its status is no longer queued (or the last answer after 10 s).
  json::value settled(const std::string& id) {
    json::value e;
    for (int i = 0; i < 200; ++i) {
      auto r = get("/api/v1/emails/" + id);
      EXPECT_EQ(r.status, 200) << r.body;
      e = r.json();
      if (text(e, "status") != "queued") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return e;
  }

  json::array timeline(const std::string& object, const std::string& id) {
    auto r = get("/api/v1/" + object + "/" + id + "/timeline");
    EXPECT_EQ(r.status, 200) << r.body;
    return data_of(r);
  }

  static std::vector<std::string> fields_of(const HttpResponse& r) {
    std::vector<std::string> out;
    const json::value body = r.json();
    if (const auto* errors = body.as_object().if_contains("errors"))
      for (const auto& e : errors->as_array()) out.push_back(text(e, "field"));
    return out;
  }
};

TEST_F(Email, SettingsAreValidatedThePasswordNeverShownAndChangesAudited) {
  if (get("/api/v1/email/settings").json().at("configured") == false) {
    // Not set up yet: sending is refused with a 409 saying so.
    auto unset = post("/api/v1/emails", json::object{{"to", json::array{"a@example.org"}}, {"subject", "x"}, {"body", "y"}});
    EXPECT_EQ(unset.status, 409) << unset.body;
  }
  auto bad = put_settings(json::object{{"host", "not a host!"}, {"port", 70000}, {"security", "ssl"}, {"sender", "nobody"}, {"extra", 1}});
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(fields_of(bad), (std::vector<std::string>{"extra", "host", "port", "security", "sender"})) << bad.body;
  auto missing = put_settings(json::object{});
  EXPECT_EQ(fields_of(missing), (std::vector<std::string>{"host", "port", "security", "sender"})) << missing.body;
  // A private address the operator did not allow: refused, nothing stored.
  auto private_host = put_settings(json::object{{"host", "10.1.2.3"}, {"port", 25}, {"security", "none"}, {"sender", "a@rapport.example"}});
  EXPECT_EQ(private_host.status, 422) << private_host.body;
  EXPECT_EQ(fields_of(private_host), std::vector<std::string>{"host"});

  const std::string password = "s3cret-" + random_suffix();
  auto ok = put_settings(json::object{{"host", "127.0.0.1"}, {"port", 2525}, {"security", "starttls"}, {"username", "mailer"},
                                      {"password", password}, {"sender", "sales@rapport.example"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json().at("password_set"), true);
  EXPECT_EQ(ok.body.find(password), std::string::npos);
  auto read = get("/api/v1/email/settings");
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(text(read.json(), "security"), "starttls");
  EXPECT_EQ(read.body.find(password), std::string::npos);
  // Absent, the password is kept; null removes it.
  auto kept = put_settings(json::object{{"host", "127.0.0.1"}, {"port", 2526}, {"security", "tls"}, {"username", "mailer"},
                                        {"sender", "sales@rapport.example"}});
  EXPECT_EQ(kept.json().at("password_set"), true) << kept.body;
  auto removed = put_settings(json::object{{"host", "127.0.0.1"}, {"port", 2526}, {"security", "tls"}, {"password", nullptr},
                                           {"sender", "sales@rapport.example"}});
  EXPECT_EQ(removed.json().at("password_set"), false) << removed.body;
  auto audit = get("/api/v1/audit-events?object_type=email_settings");
  EXPECT_NE(audit.body.find("starttls"), std::string::npos) << audit.body;
  EXPECT_EQ(audit.body.find(password), std::string::npos) << "the audit log never holds the password";
  // Only admins.
  EXPECT_EQ(as("rep1", "GET", "/api/v1/email/settings").status, 403);
}

TEST_F(Email, ASentEmailArrivesWithItsHeadersEncodingAndBodyAndIsOnTheTimeline) {
  SmtpServer smtp("accept", "mailer", "pa55-word");
  ASSERT_NO_FATAL_FAILURE(use(smtp, "mailer", "pa55-word"));
  const std::string contact = create("contacts", json::object{{"first_name", "Ada"}, {"last_name", unique_name("Mailed")},
                                                              {"email", "ada@example.org"}});
  const std::string company = create("companies", json::object{{"name", unique_name("Mailed Co")}});
  auto sent = post("/api/v1/emails", json::object{{"to", json::array{"ada@example.org"}},
                                                  {"cc", json::array{"boss@example.org"}},
                                                  {"subject", "Grüße aus Köln"},
                                                  {"body", "Schöne Grüße, Ada.\nSee you at the meeting next week, in the office by the river."},
                                                  {"html", "<p>Schöne Grüße, <b>Ada</b>.</p>"},
                                                  {"contact_id", contact},
                                                  {"company_id", company}});
  ASSERT_EQ(sent.status, 202) << sent.body;
  EXPECT_EQ(text(sent.json(), "status"), "queued");
  const std::string id = text(sent.json(), "id");
  json::value e = settled(id);
  ASSERT_EQ(text(e, "status"), "sent") << e;
  EXPECT_FALSE(e.at("sent_at").is_null());

  auto mails = smtp.wait_for(1);
  ASSERT_EQ(mails.size(), 1u);
  const std::string& raw = mails[0].raw;
  json::value envelope = json::parse(mails[0].envelope);
  EXPECT_EQ(text(envelope, "mail_from"), "sales@rapport.example");
  EXPECT_EQ(envelope.at("rcpt_tos"), (json::array{"ada@example.org", "boss@example.org"}));
  EXPECT_EQ(text(envelope, "auth_user"), "mailer") << "authenticated with the sealed password";
  const std::string headers = raw.substr(0, raw.find("\r\n\r\n"));
  EXPECT_NE(headers.find("From: sales@rapport.example"), std::string::npos) << raw;
  EXPECT_NE(headers.find("To: ada@example.org"), std::string::npos) << raw;
  EXPECT_NE(headers.find("Cc: boss@example.org"), std::string::npos) << raw;
  EXPECT_NE(headers.find("Subject: =?UTF-8?"), std::string::npos) << "RFC 2047: " << raw;
  EXPECT_NE(headers.find("Message-Id: <" + text(e, "message_id") + ">"), std::string::npos) << raw;
  EXPECT_NE(headers.find("Content-Type: multipart/alternative"), std::string::npos) << raw;
  EXPECT_NE(raw.find("Content-Type: text/plain; charset=utf-8"), std::string::npos) << raw;
  EXPECT_NE(raw.find("Content-Type: text/html; charset=utf-8"), std::string::npos) << raw;
  EXPECT_NE(raw.find("Sch=C3=B6ne Gr=C3=BC=C3=9Fe, Ada.\r\nSee you at the meeting next week"), std::string::npos) << "UTF-8 in quoted-printable: " << raw;
  for (unsigned char c : raw) ASSERT_LT(c, 0x80) << "7-bit on the wire";

  // Logged on the timeline of both records.
  for (const auto& [object, rid] : {std::pair{"contacts", contact}, std::pair{"companies", company}}) {
    bool found = false;
    for (const auto& a : timeline(object, rid))
      if (text(a, "type") == "email" && text(a, "subject") == "Grüße aus Köln") {
        found = true;
        EXPECT_EQ(text(a, "direction"), "outbound");
        EXPECT_EQ(text(a, "email_from"), "sales@rapport.example");
      }
    EXPECT_TRUE(found) << object << " timeline";
  }
  // Its sender and admins read it; a colleague does not.
  EXPECT_EQ(as("rep1", "GET", "/api/v1/emails/" + id).status, 404);
}

TEST_F(Email, TemplatesCheckMergeFieldsAtSaveAndEscapeValuesInHtml) {
  auto unknown = post("/api/v1/email-templates", json::object{{"name", "Bad"}, {"subject", "Hi {{contact.first_name}}"},
                                                              {"html", "<p>{{contact.frist_name}}</p>"}});
  ASSERT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_EQ(fields_of(unknown), std::vector<std::string>{"html"});
  EXPECT_NE(unknown.body.find("{{contact.frist_name}}"), std::string::npos) << unknown.body;
  EXPECT_EQ(as("rep1", "POST", "/api/v1/email-templates", nullptr).status, 403);

  auto t = post("/api/v1/email-templates", json::object{{"name", unique_name("Welcome")}, {"subject", "Welcome {{contact.first_name}}"},
                                                        {"text", "Hello {{ contact.first_name }} {{contact.last_name}}"},
                                                        {"html", "<p>Hello {{contact.last_name}}</p>"}});
  ASSERT_EQ(t.status, 201) << t.body;
  const std::string tid = text(t.json(), "id");
  EXPECT_EQ(as("rep1", "GET", "/api/v1/email-templates/" + tid).status, 200) << "members read templates";
  // If-Match: a stale version is refused.
  auto stale = patch("/api/v1/email-templates/" + tid, json::object{{"name", "Renamed"}}, {{"If-Match", "\"99\""}});
  EXPECT_EQ(stale.status, 412) << stale.body;

  SmtpServer smtp;
  ASSERT_NO_FATAL_FAILURE(use(smtp));
  const std::string contact = create("contacts", json::object{{"first_name", "Bob"}, {"last_name", "<b>Tables</b> & Sons"}});
  auto without_record = post("/api/v1/emails", json::object{{"to", json::array{"bob@example.org"}}, {"template_id", tid}});
  EXPECT_EQ(without_record.status, 422) << without_record.body;
  EXPECT_EQ(fields_of(without_record), std::vector<std::string>{"contact_id"});
  auto sent = post("/api/v1/emails", json::object{{"to", json::array{"bob@example.org"}}, {"template_id", tid}, {"contact_id", contact}});
  ASSERT_EQ(sent.status, 202) << sent.body;
  EXPECT_EQ(text(sent.json(), "subject"), "Welcome Bob");
  EXPECT_EQ(text(sent.json(), "text"), "Hello Bob <b>Tables</b> & Sons");
  EXPECT_EQ(text(sent.json(), "html"), "<p>Hello &lt;b&gt;Tables&lt;/b&gt; &amp; Sons</p>");
  EXPECT_EQ(text(settled(text(sent.json(), "id")), "status"), "sent");
  auto mails = smtp.wait_for(1);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails[0].raw.find("&lt;b&gt;Tables&lt;/b&gt; &amp; Sons"), std::string::npos) << mails[0].raw;
  EXPECT_EQ(del("/api/v1/email-templates/" + tid).status, 204);
}

TEST_F(Email, ARefusingServerLeadsToRetriesThenFailedOnTheEmailAndTheRecord) {
  SmtpServer smtp("refuse");
  ASSERT_NO_FATAL_FAILURE(use(smtp));
  const std::string contact = create("contacts", json::object{{"last_name", unique_name("Refused")}});
  auto sent = post("/api/v1/emails", json::object{{"to", json::array{"who@example.org"}}, {"subject", "Never arrives"},
                                                  {"body", "..."}, {"contact_id", contact}});
  ASSERT_EQ(sent.status, 202) << sent.body;
  json::value e = settled(text(sent.json(), "id"));
  ASSERT_EQ(text(e, "status"), "failed") << e;
  EXPECT_EQ(e.at("attempts"), 5) << e;
  EXPECT_NE(text(e, "error").find("451"), std::string::npos) << "the server's reply is the reason: " << e;
  bool logged = false;
  for (const auto& a : timeline("contacts", contact))
    if (text(a, "type") == "email" && text(a, "subject") == "Not sent: Never arrives") logged = true;
  EXPECT_TRUE(logged) << "the failure is on the record's timeline";
  EXPECT_TRUE(smtp.wait_for(0).empty());
}

TEST_F(Email, BadRecipientsAndRecordsTheSenderCannotReadAreRefused) {
  SmtpServer smtp;
  ASSERT_NO_FATAL_FAILURE(use(smtp));
  auto bad = post("/api/v1/emails", json::object{{"to", json::array{"not an address", "a@example.org", "A@example.org"}},
                                                 {"subject", "x\r\nBcc: spy@example.org"}, {"body", "..."}});
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(fields_of(bad), (std::vector<std::string>{"to.0", "to.2", "subject"})) << bad.body;
  EXPECT_EQ(post("/api/v1/emails", json::object{{"subject", "x"}, {"body", "y"}}).status, 422);
  // rep1 (East) cannot read rep3's (West) contact: a 422 naming contact_id, nothing queued.
  const std::string west = create_as("rep3", "contacts", json::object{{"last_name", unique_name("Westerly")}});
  json::value body = json::object{{"to", json::array{"w@example.org"}}, {"subject", "Hi"}, {"body", "..."}, {"contact_id", west}};
  auto refused = as("rep1", "POST", "/api/v1/emails", &body);
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(fields_of(refused), std::vector<std::string>{"contact_id"});
  // A read-only user may not send at all.
  EXPECT_EQ(as("reader", "POST", "/api/v1/emails", &body).status, 403);
  EXPECT_TRUE(smtp.wait_for(0).empty());
}

TEST_F(Email, AnAutomationRuleSendsATemplateToTheRecordItFiredOn) {
  SmtpServer smtp;
  ASSERT_NO_FATAL_FAILURE(use(smtp));
  const std::string marker = random_suffix();
  auto t = post("/api/v1/email-templates", json::object{{"name", unique_name("Auto welcome")}, {"subject", "Welcome {{contact.first_name}} " + marker},
                                                        {"text", "Hello {{contact.last_name}}"}});
  ASSERT_EQ(t.status, 201) << t.body;
  const std::string tid = text(t.json(), "id");
  // A template that uses deal fields cannot be sent by a rule on contacts.
  auto deal_template = post("/api/v1/email-templates", json::object{{"name", unique_name("Deal")}, {"subject", "{{deal.name}}"}, {"text", "x"}});
  ASSERT_EQ(deal_template.status, 201) << deal_template.body;
  auto wrong = post("/api/v1/automations", json::object{{"name", unique_name("Wrong")}, {"object_type", "contacts"},
                                                        {"trigger", json::object{{"type", "record_created"}}},
                                                        {"actions", json::array{json::object{{"type", "send_email"}, {"template_id", text(deal_template.json(), "id")}}}}});
  EXPECT_EQ(wrong.status, 422) << wrong.body;
  EXPECT_EQ(fields_of(wrong), std::vector<std::string>{"actions.0.template_id"});

  auto rule = post("/api/v1/automations", json::object{{"name", unique_name("Welcome mail")}, {"object_type", "contacts"},
                                                       {"trigger", json::object{{"type", "record_created"}}},
                                                       {"conditions", json::array{json::object{{"field", "job_title"}, {"op", "eq"}, {"value", marker}}}},
                                                       {"actions", json::array{json::object{{"type", "send_email"}, {"template_id", tid}}}}});
  ASSERT_EQ(rule.status, 201) << rule.body;
  const std::string contact = create("contacts", json::object{{"first_name", "Grace"}, {"last_name", "Hopper"}, {"job_title", marker},
                                                              {"email", "grace@example.org"}});
  auto mails = smtp.wait_for(1);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails[0].raw.find("Subject: Welcome Grace " + marker), std::string::npos) << mails[0].raw;
  EXPECT_NE(mails[0].raw.find("Hello Hopper"), std::string::npos) << mails[0].raw;
  EXPECT_EQ(json::parse(mails[0].envelope).at("rcpt_tos"), json::array{"grace@example.org"});
  bool logged = false;
  for (int i = 0; i < 100 && !logged; ++i) {
    for (const auto& a : timeline("contacts", contact))
      if (text(a, "type") == "email" && text(a, "subject") == "Welcome Grace " + marker) logged = true;
    if (!logged) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(logged) << "the rule's email is on the contact's timeline";
  EXPECT_EQ(del("/api/v1/automations/" + text(rule.json(), "id")).status, 204);
}

// A ticket's reply (modules/support/messages.*) is emailed to its requester with the ticket's number
// in the subject, and the message keeps the email's id; a note, or a reply to a requester without an
// address, sends nothing.
TEST_F(Email, ATicketsReplyIsSentToItsRequester) {
  SmtpServer smtp;
  ASSERT_NO_FATAL_FAILURE(use(smtp));
  const std::string address = "requester." + random_suffix() + "@example.org";
  const std::string contact = create("contacts", json::object{{"last_name", "Asker"}, {"email", address}});
  const std::string id = create("tickets", json::object{{"subject", "Broken widget"}, {"requester_id", contact}});
  const int64_t number = get("/api/v1/tickets/" + id).json().at("number").as_int64();
  const std::string path = "/api/v1/tickets/" + id + "/messages";
  auto note = post(path, json::object{{"kind", "note"}, {"body", "Internal: known bug"}});
  ASSERT_EQ(note.status, 201) << note.body;
  EXPECT_TRUE(note.json().at("email_id").is_null()) << "a note is never sent";
  auto reply = post(path, json::object{{"kind", "reply"}, {"body", "A fix ships on Monday."}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  const std::string email_id = text(reply.json(), "email_id");
  ASSERT_FALSE(email_id.empty()) << reply.body;
  EXPECT_EQ(text(data_of(get(path))[1], "email_id"), email_id);
  const auto mails = smtp.wait_for(1);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails[0].envelope.find(address), std::string::npos) << mails[0].envelope;
  EXPECT_NE(mails[0].raw.find("Re: [#" + std::to_string(number) + "] Broken widget"), std::string::npos) << mails[0].raw;
  EXPECT_NE(mails[0].raw.find("A fix ships on Monday."), std::string::npos) << mails[0].raw;
  EXPECT_EQ(mails[0].raw.find("known bug"), std::string::npos) << "the note stayed internal";
  EXPECT_EQ(text(settled(email_id), "status"), "sent");
  // No address to write to: the reply is stored, no email.
  const std::string silent = create("tickets", json::object{{"subject", "Phoned in"}});
  auto unsent = post("/api/v1/tickets/" + silent + "/messages", json::object{{"kind", "reply"}, {"body", "Noted"}});
  ASSERT_EQ(unsent.status, 201) << unsent.body;
  EXPECT_TRUE(unsent.json().at("email_id").is_null());
}

}  // namespace
}  // namespace rapport::testing
