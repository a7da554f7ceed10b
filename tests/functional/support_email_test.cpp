// Email conversations on tickets end to end (modules/support: mailboxes.*, inbound_tickets.*,
// messages.*): mail posted to the inbound route at a support mailbox opens a ticket, an agent's
// reply reaches a real SMTP server (email_smtp_server.hpp) threaded onto it, the customer's answer
// with those headers joins the ticket (and reopens it), [#N] in a subject joins it, a closed ticket
// gets a follow-up, machine-made mail is ignored, a malformed message stores nothing, and two
// agents replying at once get the collision notice; a web form's confirmation threads the
// customer's answer onto the ticket, and a bounced reply shows on its ticket. The mailbox routes in the access walk
// (admins only) and another workspace's mailbox in tenancy_isolation_mail_test.cpp.
#include <thread>

#include "loopback_suite.hpp"
#include "email_smtp_server.hpp"
#include "webhooks_receiver.hpp"
#include "build_paths.hpp"
#include "modules/email/testdata/bounce_samples.hpp"

namespace rapport::testing {
namespace {

class SupportEmail : public LoopbackSuite {
 protected:
  void SetUp() override {
    x_ = random_suffix();
    desk_ = "help-" + x_ + "@acme.example";
  }

  // Email settings pointing at `smtp`, the suite's inbound secret and the desk's mailbox.
  void open_desk(const SmtpServer& smtp) {
    json::value settings = json::object{{"host", "127.0.0.1"}, {"port", smtp.port()}, {"security", "none"}, {"sender", desk_}};
    auto r = http().call("PUT", "/api/v1/email/settings", token(), &settings);
    ASSERT_EQ(r.status, 200) << r.body;
    json::value boxes = json::object{{"mailboxes", json::array{json::object{{"address", desk_}, {"team_id", east_}}}}};
    auto m = http().call("PUT", "/api/v1/support/mailboxes", token(), &boxes);
    ASSERT_EQ(m.status, 200) << m.body;
    if (secret_.empty()) {
      auto s = http().call("POST", "/api/v1/email/inbound-secret", token());
      ASSERT_EQ(s.status, 201) << s.body;
      secret_ = text(s.json(), "secret");
    }
  }

  HttpResponse deliver(const std::string& raw) {
    return http().request("POST", "/api/v1/inbound-email", raw, {{"Content-Type", "message/rfc822"}, {"Authorization", "Bearer " + secret_}});
  }

  static std::string mail(const std::string& from, const std::string& to, const std::string& message_id, const std::string& subject,
                          const std::string& extra_headers = "", const std::string& body = "Hello desk.\r\n") {
    return "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nMessage-ID: <" + message_id +
           ">\r\nDate: Fri, 04 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n" + extra_headers +
           "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body;
  }

  // The receipt's `ticket` of a delivery that must be accepted.
  json::value ticket_of(const HttpResponse& r) {
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json().at("ticket") : json::value(nullptr);
  }

  json::array messages(const std::string& ticket) {
    auto r = get("/api/v1/tickets/" + ticket + "/messages");
    EXPECT_EQ(r.status, 200) << r.body;
    return data_of(r);
  }

  int64_t ticket_count() {
    auto r = get("/api/v1/tickets?count=true&limit=1");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().at("total").as_int64();
  }

  // The value of a header line of a raw message, unfolded (a line break and the white space after it
  // read as one space), or empty.
  static std::string header(const std::string& raw, const std::string& name) {
    std::string head = "\r\n" + raw.substr(0, raw.find("\r\n\r\n"));
    auto at = head.find("\r\n" + name + ": ");
    if (at == std::string::npos) return "";
    std::string value;
    for (std::size_t i = at + name.size() + 4; i < head.size(); ++i) {
      if (head.compare(i, 2, "\r\n") == 0) {
        if (i + 2 < head.size() && (head[i + 2] == ' ' || head[i + 2] == '\t')) {
          value += ' ';  // a folded line goes on
          i += 2;
          continue;
        }
        break;
      }
      value += head[i];
    }
    return value;
  }

  // The tickets of the requester with this address (none: no such contact).
  json::array tickets_of(const std::string& address) {
    auto contacts = data_of(get("/api/v1/contacts?filter[email][eq]=" + address));
    if (contacts.size() != 1) return {};
    return data_of(get("/api/v1/tickets?filter[requester_id][eq]=" + text(contacts[0], "id")));
  }

  // The message's delivery once its email has left the queue (the send job ran).
  json::value settled_delivery(const std::string& ticket, const std::string& message) {
    json::value d;
    for (int i = 0; i < 200; ++i) {
      for (const auto& m : messages(ticket))
        if (text(m, "id") == message) d = m.at("delivery");
      if (!d.is_object() || text(d, "state") != "queued") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return d;
  }

  // The Message-ID of a raw message, without its angle brackets.
  static std::string message_id_of(const std::string& raw) {
    std::string id = header(raw, "Message-Id");
    return id.size() >= 3 ? id.substr(1, id.size() - 2) : id;
  }

  std::string x_, desk_;
  static inline std::string secret_;
};

// A web form confirms the request to the requester through the SMTP server ("We got your request
// #N"), kept as the ticket's first message without an author; the customer's answer to it joins the
// ticket by its headers, and the agent's first reply answers it. A form that says not to sends
// nothing; the confirmation is no response by the desk (first_response_at stays null).
TEST_F(SupportEmail, AWebFormConfirmsTheRequestAndTheAnswerJoinsTheTicket) {
  SmtpServer smtp;
  ASSERT_NO_FATAL_FAILURE(open_desk(smtp));
  auto made = post("/api/v1/web-forms", json::object{{"name", "Confirming " + x_}, {"team_id", east_}});
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_TRUE(made.json().at("confirm_email").as_bool()) << "on by default";
  const std::string ana = "ana." + x_ + "@customer.example";
  HttpClient visitor(server().port());
  auto sent = visitor.request("POST", "/api/v1/public/web-forms/" + text(made.json(), "key"),
                              "name=Ana+Lima&email=" + ana + "&subject=Printer+on+fire&message=It+smokes.",
                              {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(sent.status, 200) << sent.body;
  auto tickets = tickets_of(ana);
  ASSERT_EQ(tickets.size(), 1u);
  const std::string ticket = text(tickets[0], "id");
  const std::string number = std::to_string(tickets[0].at("number").as_int64());

  auto mails = smtp.wait_for(1);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(header(mails[0].raw, "To").find(ana), std::string::npos) << mails[0].raw;
  EXPECT_EQ(header(mails[0].raw, "Subject"), "[#" + number + "] We got your request: Printer on fire") << mails[0].raw;
  EXPECT_NE(mails[0].raw.find("Hello Ana,"), std::string::npos) << mails[0].raw;
  EXPECT_NE(mails[0].raw.find("We got your request #" + number), std::string::npos) << mails[0].raw;
  const std::string confirmation_id = message_id_of(mails[0].raw);
  auto thread = messages(ticket);
  ASSERT_EQ(thread.size(), 1u);
  EXPECT_EQ(text(thread[0], "kind"), "reply");
  EXPECT_TRUE(thread[0].at("author_id").is_null()) << "written by the form, not an agent";
  EXPECT_FALSE(thread[0].at("email_id").is_null());
  EXPECT_EQ(text(settled_delivery(ticket, text(thread[0], "id")), "state"), "sent");
  EXPECT_TRUE(get("/api/v1/tickets/" + ticket).json().at("first_response_at").is_null()) << "no response by the desk yet";

  // Ana answers the confirmation from her mail client (to the desk's sender address): it joins the ticket.
  const std::string answer_id = "answer." + x_ + "@customer.example";
  const json::value joined = ticket_of(deliver(mail(ana, desk_, answer_id, "Re: [#" + number + "] We got your request: Printer on fire",
                                                    "In-Reply-To: <" + confirmation_id + ">\r\nReferences: <" + confirmation_id + ">\r\n",
                                                    "It is a Laserjet 4.\r\n")));
  EXPECT_EQ(text(joined, "outcome"), "joined") << joined;
  EXPECT_EQ(text(joined, "ticket_id"), ticket);
  // The agent's first reply answers her, in the same thread.
  auto reply = post("/api/v1/tickets/" + ticket + "/messages", json::object{{"kind", "reply"}, {"body", "On our way."}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  mails = smtp.wait_for(2);
  ASSERT_EQ(mails.size(), 2u);
  EXPECT_EQ(header(mails[1].raw, "In-Reply-To"), "<" + answer_id + ">") << mails[1].raw;
  EXPECT_EQ(header(mails[1].raw, "References"), "<" + confirmation_id + "> <" + answer_id + ">") << mails[1].raw;
  EXPECT_FALSE(get("/api/v1/tickets/" + ticket).json().at("first_response_at").is_null());

  // A form without confirmations: the ticket, no email, no message.
  auto quiet = post("/api/v1/web-forms", json::object{{"name", "Quiet " + x_}, {"confirm_email", false}});
  ASSERT_EQ(quiet.status, 201) << quiet.body;
  EXPECT_FALSE(quiet.json().at("confirm_email").as_bool());
  const std::string bo = "bo." + x_ + "@customer.example";
  auto js = visitor.request("POST", "/api/v1/public/web-forms/" + text(quiet.json(), "key"),
                            json::serialize(json::object{{"email", bo}, {"subject", "Quiet one"}, {"message", "No mail please"}}),
                            {{"Content-Type", "application/json"}});
  ASSERT_EQ(js.status, 202) << js.body;
  auto bo_tickets = tickets_of(bo);
  ASSERT_EQ(bo_tickets.size(), 1u);
  EXPECT_TRUE(messages(text(bo_tickets[0], "id")).empty());
  EXPECT_TRUE(data_of(get("/api/v1/emails?contact_id=" + text(bo_tickets[0], "requester_id"))).empty()) << "nothing queued for Bo";
  // Turned on again by a change; a bad value is refused and changes nothing.
  const std::string quiet_path = "/api/v1/web-forms/" + text(quiet.json(), "id");
  EXPECT_EQ(patch(quiet_path, json::object{{"confirm_email", "yes"}}).status, 422);
  EXPECT_FALSE(get(quiet_path).json().at("confirm_email").as_bool());
  auto on = patch(quiet_path, json::object{{"confirm_email", true}});
  ASSERT_EQ(on.status, 200) << on.body;
  EXPECT_TRUE(on.json().at("confirm_email").as_bool());
}

// A reply that bounces: the delivery report (a Postfix DSN naming the reply's Message-ID) on the
// inbound route marks the reply's email bounced, the message's delivery reads bounced with the
// reason, and the ticket gets an internal note saying so and a history entry; ticket.reply_bounced
// goes to a subscribed webhook (with the ticket) and starts a rule on reply_bounced; a redelivery
// of the report adds nothing.
TEST_F(SupportEmail, ABouncedReplyShowsOnItsTicket) {
  SmtpServer smtp;
  ASSERT_NO_FATAL_FAILURE(open_desk(smtp));
  WebhookReceiver receiver;
  auto hook = post("/api/v1/webhooks", json::object{{"url", receiver.url()}, {"event_types", json::array{"ticket.reply_bounced"}}});
  ASSERT_EQ(hook.status, 201) << hook.body;
  auto rule = post("/api/v1/automations",
                   json::object{{"name", unique_name("Bounced ")}, {"object_type", "tickets"},
                                {"trigger", json::object{{"type", "reply_bounced"}}},
                                {"actions", json::array{json::object{{"type", "update_fields"}, {"fields", json::object{{"priority", "high"}}}}}}});
  ASSERT_EQ(rule.status, 201) << rule.body;
  auto wrong = post("/api/v1/automations", json::object{{"name", unique_name("Bounced deal ")}, {"object_type", "deals"},
                                                        {"trigger", json::object{{"type", "reply_bounced"}}},
                                                        {"actions", json::array{json::object{{"type", "update_fields"},
                                                                                             {"fields", json::object{{"name", "x"}}}}}}});
  EXPECT_EQ(wrong.status, 422) << "reply_bounced is a ticket's: " << wrong.body;
  EXPECT_NE(wrong.body.find("trigger.type"), std::string::npos) << wrong.body;
  const std::string address = "nobody." + x_ + "@example.org";
  const std::string contact = create("contacts", json::object{{"last_name", "Nobody"}, {"email", address}});
  const std::string ticket = create("tickets", json::object{{"subject", "Lost mail"}, {"requester_id", contact}});
  auto reply = post("/api/v1/tickets/" + ticket + "/messages", json::object{{"kind", "reply"}, {"body", "Here is the answer."}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_EQ(reply.json().at("delivery"), (json::value{{"state", "queued"}, {"reason", nullptr}}));
  const std::string reply_id = text(reply.json(), "id");
  auto mails = smtp.wait_for(1);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(text(settled_delivery(ticket, reply_id), "state"), "sent");
  // A note has no delivery.
  auto note = post("/api/v1/tickets/" + ticket + "/messages", json::object{{"kind", "note"}, {"body", "Waiting."}});
  ASSERT_EQ(note.status, 201) << note.body;
  EXPECT_TRUE(note.json().at("delivery").is_null());

  std::string report = email::testdata::bounce_sample(source_dir(), "postfix_bounce.eml", message_id_of(mails[0].raw));
  report.insert(report.find("Message-Id: <") + 13, "b" + x_ + ".");
  const json::value bounced = ticket_of(deliver(report));
  EXPECT_EQ(text(bounced, "outcome"), "bounced") << bounced;
  EXPECT_EQ(text(bounced, "ticket_id"), ticket);
  auto thread = messages(ticket);
  ASSERT_EQ(thread.size(), 3u);
  EXPECT_EQ(text(thread[0], "id"), reply_id);
  const json::value delivery = thread[0].at("delivery");
  EXPECT_EQ(text(delivery, "state"), "bounced") << delivery;
  EXPECT_NE(text(delivery, "reason").find("5.1.1"), std::string::npos) << delivery;
  EXPECT_EQ(text(get("/api/v1/emails/" + text(thread[0], "email_id")).json(), "status"), "bounced");
  EXPECT_EQ(text(thread[2], "kind"), "note");
  EXPECT_EQ(text(thread[2], "id"), text(bounced, "message_id"));
  EXPECT_TRUE(thread[2].at("author_id").is_null());
  EXPECT_NE(text(thread[2], "body").find("could not be delivered"), std::string::npos) << thread[2];
  EXPECT_NE(text(thread[2], "body").find("User unknown"), std::string::npos) << thread[2];
  auto history = get("/api/v1/tickets/" + ticket + "/history");
  ASSERT_EQ(history.status, 200) << history.body;
  EXPECT_NE(history.body.find("\"bounce\""), std::string::npos) << history.body;
  // The event: to the webhook with the ticket, and to the rule, which raises the priority.
  auto got = receiver.wait_for(1);
  ASSERT_EQ(got.size(), 1u);
  const json::value event = json::parse(got[0].body);
  EXPECT_EQ(text(event, "type"), "ticket.reply_bounced");
  EXPECT_EQ(text(event.at("data"), "id"), ticket) << got[0].body;
  std::string priority;
  for (int i = 0; i < 150 && priority != "high"; ++i) {
    priority = text(get("/api/v1/tickets/" + ticket).json(), "priority");
    if (priority != "high") std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(priority, "high") << "the reply_bounced rule ran";
  // The same report again: stored before, nothing new on the ticket, no second event.
  const json::value again = ticket_of(deliver(report));
  EXPECT_EQ(text(again, "outcome"), "redelivered") << again;
  EXPECT_EQ(messages(ticket).size(), 3u);
  EXPECT_EQ(text(get("/api/v1/tickets/" + ticket).json(), "status"), "new") << "the status is the agent's to change";
  EXPECT_EQ(query_database(server().data_dir(), "SELECT count(*) FROM outbox WHERE event_type = 'ticket.reply_bounced' AND object_id = ?",
                           {ticket})
                .at(0)
                .at(0),
            "1");
  EXPECT_EQ(http().call("DELETE", "/api/v1/automations/" + text(rule.json(), "id"), token()).status, 204);
  EXPECT_EQ(http().call("DELETE", "/api/v1/webhooks/" + text(hook.json(), "id"), token()).status, 204);
}

TEST_F(SupportEmail, AConversationByEmailOpensATicketThreadsRepliesAndJoinsAnswers) {
  SmtpServer smtp;
  ASSERT_NO_FATAL_FAILURE(open_desk(smtp));
  const std::string domain = "lovelace-" + x_ + ".example";
  const std::string company = create("companies", json::object{{"name", "Lovelace " + x_}, {"domain", domain}});
  const std::string ada = "ada@" + domain;

  // 1. An unknown sender writes to the desk: ticket #N, channel email, in the mailbox's team, the
  // sender made a contact of the company of their domain, the email its first message with its file.
  const std::string first_id = "first." + x_ + "@" + domain;
  auto opened = deliver(
      "From: Ada Lovelace <" + ada + ">\r\nTo: " + desk_ + "\r\nSubject: Engine stalls\r\nMessage-ID: <" + first_id +
      ">\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
      "The engine stalls at step 3.\r\n--b\r\nContent-Type: image/png\r\nContent-Disposition: attachment; filename=stall.png\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--b--\r\n");
  const json::value created = ticket_of(opened);
  ASSERT_TRUE(created.is_object()) << opened.body;
  EXPECT_EQ(text(created, "outcome"), "created");
  const std::string ticket = text(created, "ticket_id");
  const int64_t number = created.at("number").as_int64();
  auto t = get("/api/v1/tickets/" + ticket).json();
  EXPECT_EQ(text(t, "subject"), "Engine stalls");
  EXPECT_EQ(text(t, "channel"), "email");
  EXPECT_EQ(text(t, "status"), "new");
  EXPECT_EQ(text(t, "team_id"), east_);
  EXPECT_EQ(text(t, "company_id"), company);
  EXPECT_EQ(text(t, "description"), "The engine stalls at step 3.");  // trimmed, as every text field
  const std::string requester = text(t, "requester_id");
  auto contact = get("/api/v1/contacts/" + requester).json();
  EXPECT_EQ(text(contact, "email"), ada);
  EXPECT_EQ(text(contact, "first_name"), "Ada");
  EXPECT_EQ(text(contact, "last_name"), "Lovelace");
  EXPECT_EQ(text(contact, "company_id"), company);
  auto thread = messages(ticket);
  ASSERT_EQ(thread.size(), 1u);
  EXPECT_EQ(text(thread[0], "kind"), "customer");
  EXPECT_TRUE(thread[0].at("author_id").is_null());
  EXPECT_EQ(text(thread[0], "received_email_id"), text(opened.json().at("email"), "id"));
  ASSERT_EQ(thread[0].at("attachments").as_array().size(), 1u) << json::serialize(thread[0]);
  EXPECT_EQ(text(thread[0].at("attachments").as_array()[0], "file_name"), "stall.png");
  const std::string customer_message = text(thread[0], "id");

  // 2. The agent replies: the email reaches the SMTP server threaded onto the customer's.
  const std::string path = "/api/v1/tickets/" + ticket + "/messages";
  auto reply = post(path, json::object{{"kind", "reply"}, {"body", "Try the new cam."}, {"after_message_id", customer_message}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  const std::string reply_id = text(reply.json(), "id");
  auto mails = smtp.wait_for(1);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(header(mails[0].raw, "In-Reply-To"), "<" + first_id + ">") << mails[0].raw;
  EXPECT_EQ(header(mails[0].raw, "References"), "<" + first_id + ">") << mails[0].raw;
  EXPECT_NE(header(mails[0].raw, "Subject").find("[#" + std::to_string(number) + "]"), std::string::npos) << mails[0].raw;
  std::string our_id = header(mails[0].raw, "Message-Id");
  ASSERT_GE(our_id.size(), 3u) << mails[0].raw;
  our_id = our_id.substr(1, our_id.size() - 2);
  EXPECT_EQ(text(get("/api/v1/emails/" + text(reply.json(), "email_id")).json(), "message_id"), our_id);

  // 3. Solved; the customer answers the reply (In-Reply-To, References): the answer joins #N and
  // reopens it.
  ASSERT_EQ(patch("/api/v1/tickets/" + ticket, json::object{{"status", "solved"}}).status, 200);
  const std::string answer_id = "answer." + x_ + "@" + domain;
  const json::value joined = ticket_of(deliver(mail(ada, desk_, answer_id, "Re: [#" + std::to_string(number) + "] Engine stalls",
                                                    "In-Reply-To: <" + our_id + ">\r\nReferences: <" + first_id + "> <" + our_id + ">\r\n",
                                                    "Still stalls.\r\n")));
  EXPECT_EQ(text(joined, "outcome"), "joined") << joined;
  EXPECT_EQ(text(joined, "ticket_id"), ticket);
  EXPECT_EQ(text(get("/api/v1/tickets/" + ticket).json(), "status"), "open") << "a customer's answer reopens a solved ticket";
  thread = messages(ticket);
  ASSERT_EQ(thread.size(), 3u);
  EXPECT_EQ(text(thread[1], "id"), reply_id);
  EXPECT_EQ(text(thread[2], "kind"), "customer");
  EXPECT_EQ(text(thread[2], "body"), "Still stalls.\r\n");

  // The next reply answers the customer's latest email and carries the whole chain.
  auto second = post(path, json::object{{"kind", "reply"}, {"body", "Swapping the cam."}});
  ASSERT_EQ(second.status, 201) << second.body;
  mails = smtp.wait_for(2);
  ASSERT_EQ(mails.size(), 2u);
  EXPECT_EQ(header(mails[1].raw, "In-Reply-To"), "<" + answer_id + ">") << mails[1].raw;
  EXPECT_EQ(header(mails[1].raw, "References"), "<" + first_id + "> <" + our_id + "> <" + answer_id + ">") << mails[1].raw;

  // 4. Pending; a new email from the requester with [#N] in its subject (no threading headers) joins.
  ASSERT_EQ(patch("/api/v1/tickets/" + ticket, json::object{{"status", "pending"}}).status, 200);
  const json::value by_number = ticket_of(deliver(mail("ADA@" + domain, desk_, "n." + x_ + "@" + domain,
                                                      "About [#" + std::to_string(number) + "] again")));
  EXPECT_EQ(text(by_number, "outcome"), "joined") << by_number;
  EXPECT_EQ(text(by_number, "ticket_id"), ticket);
  EXPECT_EQ(text(get("/api/v1/tickets/" + ticket).json(), "status"), "open");
  // The same subject from someone else is a ticket of their own.
  const json::value stranger = ticket_of(deliver(mail("eve." + x_ + "@example.net", desk_, "eve." + x_ + "@example.net",
                                                      "About [#" + std::to_string(number) + "] again")));
  EXPECT_EQ(text(stranger, "outcome"), "created") << stranger;
  EXPECT_NE(text(stranger, "ticket_id"), ticket);

  // A redelivery of the answer stores nothing new and names the ticket it joined.
  const json::value again = ticket_of(deliver(mail(ada, desk_, answer_id, "Re: Engine stalls", "In-Reply-To: <" + our_id + ">\r\n",
                                                   "Still stalls.\r\n")));
  EXPECT_EQ(text(again, "outcome"), "redelivered");
  EXPECT_EQ(text(again, "ticket_id"), ticket);
  EXPECT_EQ(messages(ticket).size(), 5u);

  // 5. Closed is final: an answer to it opens a follow-up with the email as its first message.
  ASSERT_EQ(patch("/api/v1/tickets/" + ticket, json::object{{"status", "closed"}}).status, 200);
  const json::value follow = ticket_of(deliver(mail(ada, desk_, "late." + x_ + "@" + domain, "Re: Engine stalls",
                                                    "In-Reply-To: <" + our_id + ">\r\n", "It is back.\r\n")));
  EXPECT_EQ(text(follow, "outcome"), "follow_up") << follow;
  const std::string follow_up = text(follow, "ticket_id");
  ASSERT_NE(follow_up, ticket);
  auto f = get("/api/v1/tickets/" + follow_up).json();
  EXPECT_EQ(text(f, "follow_up_of"), ticket);
  EXPECT_EQ(text(f, "requester_id"), requester);
  EXPECT_EQ(text(f, "subject"), "Engine stalls");
  EXPECT_EQ(text(f, "channel"), "email");
  EXPECT_EQ(messages(follow_up).size(), 1u);
  EXPECT_EQ(messages(ticket).size(), 5u) << "the closed ticket is left as it was";
}

TEST_F(SupportEmail, MachineMadeMailLoopsAndMalformedMessagesMakeNoTicket) {
  SmtpServer smtp;
  ASSERT_NO_FATAL_FAILURE(open_desk(smtp));
  const int64_t before = ticket_count();
  for (const std::string& headers : {std::string("Auto-Submitted: auto-replied\r\n"), std::string("Precedence: bulk\r\n"),
                                     std::string("X-Autoreply: yes\r\n")}) {
    auto r = deliver(mail("robot." + x_ + "@example.org", desk_, random_suffix() + "@example.org", "Out of office", headers));
    const json::value t = ticket_of(r);
    EXPECT_EQ(text(t, "outcome"), "ignored") << headers << r.body;
    EXPECT_TRUE(t.at("ticket_id").is_null());
    EXPECT_NE(text(t, "reason").find("automatic"), std::string::npos) << t;
    // Recorded: the received email's audit entry says why.
    auto audit = get("/api/v1/audit-events?object_type=received_emails&object_id=" + text(r.json().at("email"), "id"));
    ASSERT_EQ(data_of(audit).size(), 1u) << audit.body;
    EXPECT_EQ(text(data_of(audit)[0], "action"), "support_ignored");
  }
  // Mail from the desk's own address (a loop through an autoresponder) is ignored too.
  EXPECT_EQ(text(ticket_of(deliver(mail(desk_, desk_, "loop." + x_ + "@acme.example", "Re: Out of office"))), "outcome"), "ignored");
  // Mail to no mailbox is not support's.
  EXPECT_TRUE(ticket_of(deliver(mail("someone." + x_ + "@example.org", "sales@acme.example", "s." + x_ + "@example.org", "Hi"))).is_null());
  // A message that cannot be read whole: 422, and no ticket, contact or email stored.
  const std::string sender = "broken." + x_ + "@example.org";
  auto broken = deliver("From: " + sender + "\r\nTo: " + desk_ + "\r\nSubject: No id\r\n\r\nHello.\r\n");
  EXPECT_EQ(broken.status, 422) << broken.body;
  auto wrong_charset = deliver(mail(sender, desk_, "cs." + x_ + "@example.org", "Bad bytes", "", "caf\xe9\r\n"));
  EXPECT_EQ(wrong_charset.status, 422) << wrong_charset.body;
  EXPECT_EQ(ticket_count(), before);
  EXPECT_EQ(data_of(get("/api/v1/contacts?filter[email][eq]=" + sender)).size(), 0u);
}

TEST_F(SupportEmail, TheSecondOfTwoAgentsReplyingGetsTheCollisionNotice) {
  const std::string ticket = create("tickets", json::object{{"subject", "Two agents " + x_}});
  const std::string path = "/api/v1/tickets/" + ticket + "/messages";
  // Both saw no message yet (null); the first note goes in, the second writer is told about it.
  auto first = post(path, json::object{{"kind", "note"}, {"body", "Mine"}, {"after_message_id", nullptr}});
  ASSERT_EQ(first.status, 201) << first.body;
  const std::string first_id = text(first.json(), "id");
  auto late = post(path, json::object{{"kind", "reply"}, {"body", "Also mine"}, {"after_message_id", nullptr}});
  ASSERT_EQ(late.status, 409) << late.body;
  const json::value err = late.json().at("errors").as_array()[0];
  EXPECT_EQ(text(err, "field"), "after_message_id");
  EXPECT_EQ(text(err, "code"), "newer_message");
  EXPECT_EQ(text(err.at("newer_message"), "id"), first_id);
  EXPECT_EQ(text(err.at("newer_message"), "kind"), "note");
  EXPECT_EQ(messages(ticket).size(), 1u) << "nothing stored";
  // Having read it, the writer says so and goes in; without after_message_id no check is made.
  auto seen = post(path, json::object{{"kind", "note"}, {"body", "Also mine"}, {"after_message_id", first_id}});
  ASSERT_EQ(seen.status, 201) << seen.body;
  EXPECT_EQ(post(path, json::object{{"kind", "note"}, {"body", "Unchecked"}}).status, 201);
  EXPECT_EQ(post(path, json::object{{"kind", "note"}, {"body", "Stale"}, {"after_message_id", first_id}}).status, 409);
  // A message of another ticket, or no id: 422.
  const std::string other = create("tickets", json::object{{"subject", "Other " + x_}});
  auto elsewhere = post("/api/v1/tickets/" + other + "/messages", json::object{{"kind", "note"}, {"body", "x"}, {"after_message_id", first_id}});
  EXPECT_EQ(elsewhere.status, 422) << elsewhere.body;
  EXPECT_EQ(error_fields(elsewhere), std::vector<std::string>{"after_message_id"});
  EXPECT_EQ(post(path, json::object{{"kind", "note"}, {"body", "x"}, {"after_message_id", "yes"}}).status, 422);
  EXPECT_EQ(messages(other).size(), 0u);
}

TEST_F(SupportEmail, AReplyCarriesTheAgentsUploadsToTheRequester) {
  SmtpServer smtp;
  ASSERT_NO_FATAL_FAILURE(open_desk(smtp));
  const std::string address = "files." + x_ + "@example.org";
  const std::string contact = create("contacts", json::object{{"last_name", "Files"}, {"email", address}});
  const std::string ticket = create("tickets", json::object{{"subject", "Send the manual"}, {"requester_id", contact}});
  auto upload = http().request("POST", "/api/v1/attachments?file_name=manual.txt", "Step 1: open the lid.",
                               {{"Content-Type", "text/plain"}, {"Authorization", "Bearer " + token()}});
  ASSERT_EQ(upload.status, 201) << upload.body;
  const std::string file = text(upload.json(), "id");
  const std::string path = "/api/v1/tickets/" + ticket + "/messages";
  auto reply = post(path, json::object{{"kind", "reply"}, {"body", "The manual is attached."}, {"attachment_ids", json::array{json::value(file)}}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  ASSERT_EQ(reply.json().at("attachments").as_array().size(), 1u) << reply.body;
  EXPECT_EQ(text(reply.json().at("attachments").as_array()[0], "file_name"), "manual.txt");
  auto listed = messages(ticket);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].at("attachments"), reply.json().at("attachments"));
  auto mails = smtp.wait_for(1);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails[0].raw.find("filename=manual.txt"), std::string::npos) << mails[0].raw;
  // The same file again: it went with the first reply (422), nothing stored.
  auto twice = post(path, json::object{{"kind", "reply"}, {"body", "Again"}, {"attachment_ids", json::array{json::value(file)}}});
  EXPECT_EQ(twice.status, 422) << twice.body;
  EXPECT_EQ(messages(ticket).size(), 1u);
}

// An internal note keeps the agent's uploads as its own files: listed with the note, downloaded by
// whoever reads the ticket (an agent of another team: 404), never emailed nor sendable afterwards.
TEST_F(SupportEmail, ANoteKeepsTheAgentsUploadsAndNeverEmailsThem) {
  SmtpServer smtp;
  ASSERT_NO_FATAL_FAILURE(open_desk(smtp));
  add_member("note_east", "support_agent", {json::value(east_)});
  add_member("note_west", "support_agent", {json::value(west_)});
  const std::string contact = create("contacts", json::object{{"last_name", "Noted"}, {"email", "noted." + x_ + "@example.org"}});
  const std::string ticket =
      create("tickets", json::object{{"subject", "Internal files"}, {"requester_id", contact}, {"team_id", east_}});
  auto upload = http().request("POST", "/api/v1/attachments?file_name=log.txt", "kernel: oops",
                               {{"Content-Type", "text/plain"}, {"Authorization", "Bearer " + token()}});
  ASSERT_EQ(upload.status, 201) << upload.body;
  const std::string file = text(upload.json(), "id");
  const std::string path = "/api/v1/tickets/" + ticket + "/messages";
  auto unknown = post(path, json::object{{"kind", "note"}, {"body", "x"},
                                         {"attachment_ids", json::array{"01900000-0000-7000-8000-00000000dead"}}});
  EXPECT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_EQ(error_fields(unknown), std::vector<std::string>{"attachment_ids"});
  EXPECT_TRUE(messages(ticket).empty()) << "nothing stored";

  auto note = post(path, json::object{{"kind", "note"}, {"body", "The log, for us."}, {"attachment_ids", json::array{json::value(file)}}});
  ASSERT_EQ(note.status, 201) << note.body;
  ASSERT_EQ(note.json().at("attachments").as_array().size(), 1u) << note.body;
  EXPECT_EQ(text(note.json().at("attachments").as_array()[0], "file_name"), "log.txt");
  EXPECT_TRUE(note.json().at("email_id").is_null());
  auto listed = messages(ticket);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].at("attachments"), note.json().at("attachments"));

  auto mine = http().call("GET", "/api/v1/attachments/" + file, token());
  EXPECT_EQ(mine.status, 200);
  EXPECT_EQ(mine.body, "kernel: oops");
  EXPECT_EQ(as("note_east", "GET", "/api/v1/attachments/" + file).status, 200) << "an agent of the ticket's team";
  EXPECT_EQ(as("note_west", "GET", "/api/v1/attachments/" + file).status, 404) << "an agent of another team";

  // The file is the note's: a reply cannot send it, and the reply goes without it.
  auto resend = post(path, json::object{{"kind", "reply"}, {"body", "Here"}, {"attachment_ids", json::array{json::value(file)}}});
  EXPECT_EQ(resend.status, 422) << resend.body;
  auto reply = post(path, json::object{{"kind", "reply"}, {"body", "We are on it."}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  auto mails = smtp.wait_for(1);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].raw.find("log.txt"), std::string::npos) << "the note's file is never emailed";
  EXPECT_EQ(mails[0].raw.find("for us"), std::string::npos) << "nor the note";
}

// Erasing a requester (modules/privacy) deletes the mail they sent and received; the ticket's
// messages do not hold it back (no foreign keys to the emails since migration 0038).
TEST_F(SupportEmail, ErasingARequesterIsNotBlockedByTheirTicketsEmails) {
  SmtpServer smtp;
  ASSERT_NO_FATAL_FAILURE(open_desk(smtp));
  const std::string person = "erased." + x_ + "@example.org";
  const json::value opened = ticket_of(deliver(mail("Erin Erased <" + person + ">", desk_, "e1." + x_ + "@example.org", "Forget me")));
  ASSERT_EQ(text(opened, "outcome"), "created") << opened;
  const std::string ticket = text(opened, "ticket_id");
  const std::string contact = text(get("/api/v1/tickets/" + ticket).json(), "requester_id");
  auto reply = post("/api/v1/tickets/" + ticket + "/messages", json::object{{"kind", "reply"}, {"body", "Noted."}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  ASSERT_EQ(smtp.wait_for(1).size(), 1u);
  auto erased = post("/api/v1/contacts/" + contact + "/erase", json::object{});
  ASSERT_EQ(erased.status, 200) << erased.body;
  EXPECT_EQ(erased.json().at("emails_erased"), json::value(2)) << erased.body;
  EXPECT_EQ(get("/api/v1/emails/" + text(reply.json(), "email_id")).status, 404);
  EXPECT_EQ(messages(ticket).size(), 2u);
}

TEST_F(SupportEmail, MailboxesAreForAdminsValidatedAndAudited) {
  json::value bad = json::object{{"mailboxes", json::array{json::object{{"address", "not an address"}},
                                                           json::object{{"address", "a@x.example"}, {"team_id", "no-such-team"}},
                                                           json::object{{"address", "A@x.example"}}}}};
  auto r = http().call("PUT", "/api/v1/support/mailboxes", token(), &bad);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(error_fields(r), (std::vector<std::string>{"mailboxes.0.address", "mailboxes.2.address"})) << r.body;
  json::value unknown_team = json::object{{"mailboxes", json::array{json::object{{"address", "a@x.example"}, {"team_id", "no-such-team"}}}}};
  r = http().call("PUT", "/api/v1/support/mailboxes", token(), &unknown_team);
  EXPECT_EQ(error_fields(r), std::vector<std::string>{"mailboxes.0.team_id"}) << r.body;
  json::value good = json::object{{"mailboxes", json::array{json::object{{"address", "audit-" + x_ + "@x.example"}, {"team_id", nullptr}}}}};
  r = http().call("PUT", "/api/v1/support/mailboxes", token(), &good);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(get("/api/v1/support/mailboxes").json(), r.json());
  EXPECT_EQ(as("support", "GET", "/api/v1/support/mailboxes").status, 403);
  EXPECT_EQ(as("rep1", "PUT", "/api/v1/support/mailboxes", &good).status, 403);
  auto audit = get("/api/v1/audit-events?object_type=support_mailboxes&limit=500");
  EXPECT_NE(audit.body.find("audit-" + x_), std::string::npos) << audit.body;
}

}  // namespace
}  // namespace rapport::testing
