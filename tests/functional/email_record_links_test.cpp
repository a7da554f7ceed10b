// The records each email concerns (email_record_links, migration 0069), as the list of a record's
// emails (GET /api/v1/emails?contact_id=|company_id=|lead_id=) reads them: right after sent and
// received mail, right after an erasure deletes or scrubs mail, and never another workspace's mail,
// not even a row of it naming this workspace's record. Both engines.
#include "access_fixture.hpp"
#include "modules/email/email_store.hpp"
#include "platform/clock.hpp"
#include "platform/ids.hpp"

namespace rapport::testing {
namespace {

class EmailRecordLinks : public Access {
 protected:
  static void SetUpTestSuite() {
    server_args_ = {"--webhook-allow-host", "127.0.0.1"};
    Access::SetUpTestSuite();
    server_args_.clear();
  }
  // Posts a raw message to the inbound route with `secret`; answers the stored email's id.
  std::string deliver(const std::string& secret, const std::string& from, const std::string& cc, const std::string& message_id) {
    const std::string raw = "From: " + from + "\r\nTo: sales@rapport.example\r\n" + (cc.empty() ? "" : "Cc: " + cc + "\r\n") +
                            "Subject: About " + message_id + "\r\nMessage-ID: <" + message_id +
                            ">\r\nContent-Type: text/plain\r\n\r\nHello.\r\n";
    auto r = http().request("POST", "/api/v1/inbound-email", raw, {{"Content-Type", "message/rfc822"}, {"Authorization", "Bearer " + secret}});
    EXPECT_EQ(r.status, 200) << r.body;
    return text(r.json().at("email"), "id");
  }
  // Sends as the admin (nothing listens on port 9: the email stays queued, its links are what count).
  std::string send(const std::string& to, json::object links) {
    json::object body{{"to", json::array{json::value(to)}}, {"subject", "Note"}, {"body", "Hello."}};
    for (auto& [k, v] : links) body[k] = v;
    const json::value mail = body;
    auto r = http().call("POST", "/api/v1/emails", token(), &mail);
    EXPECT_EQ(r.status, 202) << r.body;
    return text(r.json(), "id");
  }
  std::vector<std::string> listed(HttpClient& client, const std::string& tok, const std::string& query) {
    auto r = client.call("GET", "/api/v1/emails?" + query, tok);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    std::vector<std::string> out;
    if (r.status == 200)
      for (const auto& e : data_of(r)) out.push_back(text(e, "id"));
    return out;
  }
  std::vector<std::string> listed(const std::string& query) { return listed(http(), token(), query); }
  int64_t link_rows(const std::string& column, const std::string& value) {
    return std::stoll(query_database(server().data_dir(), "SELECT count(*) FROM email_record_links WHERE " + column + " = ?", {value})[0][0]);
  }
};

TEST_F(EmailRecordLinks, ARecordsMailIsRightAfterSendingReceivingAndErasureAndNeverAnotherWorkspaces) {
  const json::value smtp = json::object{{"host", "127.0.0.1"}, {"port", 9}, {"security", "none"}, {"sender", "sales@rapport.example"}};
  ASSERT_EQ(http().call("PUT", "/api/v1/email/settings", token(), &smtp).status, 200);
  auto made = http().call("POST", "/api/v1/email/inbound-secret", token());
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string secret = text(made.json(), "secret");
  const std::string x = random_suffix();
  const std::string ann_email = "ann." + x + "@example.org", bob_email = "bob." + x + "@example.org";
  const std::string company = create_as("rep1", "companies", json::object{{"name", "Linked Co " + x}});
  const std::string ann = create_as("rep1", "contacts", json::object{{"last_name", "Ann" + x}, {"email", ann_email}, {"company_id", company}});
  const std::string bob = create_as("rep1", "contacts", json::object{{"last_name", "Bob" + x}, {"email", bob_email}});
  const std::string lead = create_as("rep1", "leads", json::object{{"last_name", "Lead" + x}});

  // Outbound and inbound: each written with its records.
  const std::string sent_ann = send(ann_email, {{"contact_id", ann}});
  const std::string from_ann = deliver(secret, ann_email, "", "a1." + x + "@example.org");
  const std::string sent_bob = send(bob_email, {{"contact_id", bob}, {"lead_id", lead}});
  const std::string from_bob_cc_ann = deliver(secret, bob_email, ann_email, "b1." + x + "@example.org");
  const std::string from_bob = deliver(secret, bob_email, "", "b2." + x + "@example.org");
  EXPECT_EQ(listed("contact_id=" + ann), (std::vector<std::string>{from_bob_cc_ann, from_ann, sent_ann}));
  EXPECT_EQ(listed("contact_id=" + bob), (std::vector<std::string>{from_bob, from_bob_cc_ann, sent_bob}));
  EXPECT_EQ(listed("company_id=" + company), (std::vector<std::string>{from_bob_cc_ann, from_ann})) << "its contacts' received mail";
  EXPECT_EQ(listed("lead_id=" + lead), (std::vector<std::string>{sent_bob}));
  EXPECT_EQ(listed("contact_id=" + ann + "&limit=2"), (std::vector<std::string>{from_bob_cc_ann, from_ann}));

  // Another workspace: its own contact at Ann's address receives mail, and rows written there that
  // name this workspace's Ann (which no route would write) show nowhere here.
  const std::string b_email = "b." + x + "@x.test", b_password = "workspace-b-password-" + x;
  auto ws = run_rapport({"workspace", "create", "--name", "B" + x, "--admin-email", b_email, "--data", server().data_dir()},
                        {{"RAPPORT_ADMIN_PASSWORD", b_password}});
  ASSERT_EQ(ws.exit_code, 0) << ws.output;
  HttpClient b(server().port());
  const std::string b_token = login(b, b_email, b_password);
  auto me = b.call("GET", "/api/v1/auth/me", b_token);
  ASSERT_EQ(me.status, 200) << me.body;
  const std::string b_workspace = text(me.json(), "workspace_id"), b_user = text(me.json(), "user_id");
  auto b_secret = b.call("POST", "/api/v1/email/inbound-secret", b_token);
  ASSERT_EQ(b_secret.status, 201) << b_secret.body;
  const json::value b_contact_body = json::object{{"last_name", "Ann" + x}, {"email", ann_email}};
  auto b_contact = b.call("POST", "/api/v1/contacts", b_token, &b_contact_body);
  ASSERT_EQ(b_contact.status, 201) << b_contact.body;
  const std::string b_received = deliver(text(b_secret.json(), "secret"), ann_email, "", "a2." + x + "@example.org");
  EXPECT_EQ(listed(b, b_token, "contact_id=" + text(b_contact.json(), "id")), (std::vector<std::string>{b_received}));
  std::string b_sent_id, b_received_id;
  write_database(server().data_dir(), [&](db::Connection& c) {
    email::Email sent;
    sent.id = b_sent_id = ids::uuid_v7();
    sent.workspace_id = b_workspace;
    sent.created_by = b_user;
    sent.thread_id = sent.id;
    sent.sender = "b@x.test";
    sent.to = {ann_email};
    sent.subject = "B's";
    sent.links = json::object{{"contact_id", ann}, {"company_id", company}, {"lead_id", lead}};
    sent.message_id = sent.id + "@x.test";
    sent.created_at = clock::now_text();
    email::store::insert_email(c, sent);
    email::Email got = sent;
    got.id = b_received_id = ids::uuid_v7();
    got.thread_id = got.id;
    got.status = "received";
    got.direction = "inbound";
    got.links = {};
    got.contact_ids = {ann, bob};
    got.message_id = got.id + "@x.test";
    email::store::insert_received(c, got);
  });
  EXPECT_EQ(link_rows("email_id", b_sent_id), 3) << "written with the email";
  EXPECT_EQ(link_rows("email_id", b_received_id), 2);
  EXPECT_EQ(listed("contact_id=" + ann), (std::vector<std::string>{from_bob_cc_ann, from_ann, sent_ann}));
  EXPECT_EQ(listed("company_id=" + company), (std::vector<std::string>{from_bob_cc_ann, from_ann}));
  EXPECT_EQ(listed("lead_id=" + lead), (std::vector<std::string>{sent_bob}));
  EXPECT_EQ(b.call("GET", "/api/v1/emails?contact_id=" + ann, b_token).status, 404) << "another workspace's contact";
  EXPECT_EQ(http().call("GET", "/api/v1/emails/" + b_sent_id, token()).status, 404);

  // Erasing Bob deletes his own mail (with its rows) and takes him off the mail he shares with Ann.
  const json::value nothing = json::object{};
  auto erased = http().call("POST", "/api/v1/contacts/" + bob + "/erase", token(), &nothing);
  ASSERT_EQ(erased.status, 200) << erased.body;
  EXPECT_EQ(listed("contact_id=" + ann), (std::vector<std::string>{from_bob_cc_ann, from_ann, sent_ann}));
  EXPECT_EQ(listed("lead_id=" + lead), (std::vector<std::string>{})) << "the email naming the lead and Bob is gone";
  EXPECT_EQ(link_rows("email_id", sent_bob), 0);
  EXPECT_EQ(link_rows("email_id", from_bob), 0);
  EXPECT_EQ(link_rows("email_id", from_bob_cc_ann), 1) << "Ann's row stays";
  // Workspace B's rows name Bob's id too: an erasure in this workspace leaves them (they are B's).
  EXPECT_EQ(std::stoll(query_database(server().data_dir(), "SELECT count(*) FROM email_record_links WHERE record_id = ? AND workspace_id <> ?",
                                      {bob, b_workspace})[0][0]),
            0);
}

}  // namespace
}  // namespace rapport::testing
