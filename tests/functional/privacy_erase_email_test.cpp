// GDPR erasure of a contact's mail: the emails sent to them and received from them, with their
// files, are deleted in the erasure's transaction; mail that names other contacts too keeps their
// part without the person; another contact's mail is untouched. Afterwards the person's address is
// in no table (either engine).
#include <chrono>
#include <thread>

#include "email_smtp_server.hpp"
#include "platform/ids.hpp"
#include "privacy_helpers.hpp"

namespace rapport::testing {
namespace json = boost::json;

class PrivacyEraseEmail : public RecordsBase {
 protected:
  static void SetUpTestSuite() {
    server_args_ = {"--webhook-allow-host", "127.0.0.1"};  // the local SMTP server
    RecordsBase::SetUpTestSuite();
    server_args_.clear();
  }

  // Sends through POST /api/v1/emails and waits until the job has sent it (so that its timeline
  // activity exists before the erasure).
  std::string send(const json::object& body) {
    auto r = post("/api/v1/emails", body);
    EXPECT_EQ(r.status, 202) << r.body;
    const std::string id(r.json().at("id").as_string());
    for (int i = 0; i < 100; ++i) {
      auto e = get("/api/v1/emails/" + id);
      if (e.status == 200 && e.json().at("status") == "sent") return id;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "email " << id << " was not sent";
    return id;
  }

  // Posts a raw message to the inbound route; returns the stored email.
  json::value deliver(const std::string& secret, const std::string& raw) {
    auto r = http().request("POST", "/api/v1/inbound-email", raw,
                            {{"Content-Type", "message/rfc822"}, {"Authorization", "Bearer " + secret}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().at("email");
  }
  static std::string message(const std::string& from, const std::string& to, const std::string& cc, const std::string& message_id,
                             const std::string& subject, const std::string& file) {
    return "From: " + from + "\r\nTo: " + to + (cc.empty() ? "" : "\r\nCc: " + cc) + "\r\nSubject: " + subject + "\r\nMessage-ID: <" +
           message_id + ">\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n" +
           "Regards, " + from + "\r\n--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n" +
           "Content-Disposition: attachment; filename=\"card.txt\"\r\n\r\n" + ids::base64_encode(file) + "\r\n--b--\r\n";
  }
  static std::string first_file(const json::value& email) {
    return std::string(email.at("attachments").as_array().at(0).at("id").as_string());
  }
};

TEST_F(PrivacyEraseEmail, MailOfThePersonGoesSharedMailLosesThemOthersMailStays) {
  SmtpServer smtp;
  const json::value settings = json::object{{"host", "127.0.0.1"}, {"port", smtp.port()}, {"security", "none"},
                                            {"sender", "sales@rapport.example"}};
  ASSERT_EQ(http().call("PUT", "/api/v1/email/settings", token(), &settings).status, 200);
  auto made = http().call("POST", "/api/v1/email/inbound-secret", token());
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string secret(made.json().at("secret").as_string());

  const std::string x = unique("m");
  const std::string person_email = "erin." + x + "@example.org", other_email = "olaf." + x + "@example.org";
  const std::string person = contact(json::object{{"last_name", "Erin" + x}, {"email", person_email}});
  const std::string other = contact(json::object{{"last_name", "Olaf" + x}, {"email", other_email}});

  // Sent: to the person with a file; to the other contact; to the other with the person in Cc.
  auto up = http().request("POST", "/api/v1/attachments?file_name=offer.txt", "Offer for " + person_email,
                           {{"Content-Type", "text/plain"}, {"Authorization", "Bearer " + token()}});
  ASSERT_EQ(up.status, 201) << up.body;
  const std::string sent_file(up.json().at("id").as_string());
  const std::string sent = send({{"to", json::array{json::value(person_email)}}, {"subject", "Offer " + x}, {"body", "Private-" + x},
                                 {"contact_id", person}, {"attachment_ids", json::array{json::value(sent_file)}}});
  const std::string sent_other = send({{"to", json::array{json::value(other_email)}}, {"subject", "Other " + x}, {"body", "Hello"},
                                       {"contact_id", other}});
  const std::string sent_shared = send({{"to", json::array{json::value(other_email)}}, {"cc", json::array{json::value(person_email)}},
                                        {"subject", "Both " + x}, {"body", "Copy to " + person_email}, {"contact_id", other}});
  smtp.wait_for(3);

  // Received: from the person with a file; from the other with the person in Cc; from the other alone.
  const json::value received = deliver(secret, message(person_email, "sales@rapport.example", "", "r1." + x + "@example.org", "From Erin " + x,
                                                       "Erin's card " + person_email));
  const std::string received_file = first_file(received);
  const json::value shared = deliver(secret, message(other_email, "sales@rapport.example", person_email, "r2." + x + "@example.org",
                                                     "From Olaf " + x, "Olaf's card"));
  const json::value others = deliver(secret, message(other_email, "sales@rapport.example", "", "r3." + x + "@example.org",
                                                     "Olaf alone " + x, "Olaf's other card"));
  const std::string received_id(received.at("id").as_string()), shared_id(shared.at("id").as_string()),
      others_id(others.at("id").as_string());
  EXPECT_EQ(shared.at("contact_ids").as_array().size(), 2u) << shared;
  ASSERT_FALSE(database_hits(server().data_dir(), {person_email}).empty()) << "the scan proves nothing";

  auto erased = post(url("contacts", person, "erase"), json::object{});
  ASSERT_EQ(erased.status, 200) << erased.body;
  EXPECT_EQ(erased.json().at("emails_erased"), json::value(2)) << erased.body;
  EXPECT_EQ(erased.json().at("emails_scrubbed"), json::value(2)) << erased.body;
  EXPECT_EQ(erased.json().at("attachments_erased"), json::value(2)) << erased.body;

  // The person's own mail and files are gone.
  for (const auto& id : {sent, received_id}) EXPECT_EQ(get("/api/v1/emails/" + id).status, 404) << id;
  for (const auto& id : {sent_file, received_file}) EXPECT_EQ(get("/api/v1/attachments/" + id).status, 404) << id;
  // Shared mail stays for the other contact, without the person.
  auto copy = get("/api/v1/emails/" + sent_shared);
  ASSERT_EQ(copy.status, 200) << copy.body;
  EXPECT_EQ(copy.json().at("to"), json::value(json::array{json::value(other_email)}));
  EXPECT_EQ(copy.json().at("cc"), json::value(json::array{}));
  EXPECT_EQ(copy.json().at("text"), "Copy to [erased]");
  auto cc = get("/api/v1/emails/" + shared_id);
  ASSERT_EQ(cc.status, 200) << cc.body;
  EXPECT_EQ(cc.json().at("contact_ids"), json::value(json::array{json::value(other)}));
  EXPECT_EQ(cc.json().at("cc"), json::value(json::array{}));
  EXPECT_EQ(get("/api/v1/attachments/" + first_file(shared)).status, 200) << "a file that does not name the person stays";
  // The other contact's own mail is untouched.
  auto mine = get("/api/v1/emails/" + sent_other);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.json().at("subject"), json::value("Other " + x));
  EXPECT_EQ(mine.json().at("to"), json::value(json::array{json::value(other_email)}));
  auto theirs = get("/api/v1/emails/" + others_id);
  ASSERT_EQ(theirs.status, 200) << theirs.body;
  EXPECT_EQ(theirs.json().at("subject"), json::value("Olaf alone " + x));
  EXPECT_EQ(get("/api/v1/attachments/" + first_file(others)).status, 200);

  // No row keeps the address, nor the deleted mail's body.
  auto hits = database_hits(server().data_dir(), {person_email, "Private-" + x});
  EXPECT_TRUE(hits.empty()) << json::serialize(json::value_from(hits));
  if (!on_postgres()) {
    auto raw = file_hits(server().data_dir(), {person_email, "Private-" + x});
    EXPECT_TRUE(raw.empty()) << json::serialize(json::value_from(raw));
  }
  with_database(server().data_dir(), [&](db::Connection& c) {
    EXPECT_EQ(std::get<int64_t>(c.scalar("SELECT count(*) FROM email_attachments WHERE id IN (?, ?)", {sent_file, received_file})), 0);
  });
}

}  // namespace rapport::testing
