// Inbound email end to end (and the files of outbound email): the workspace's inbound secret (made, rotated, revoked by admins), raw
// messages posted to POST /api/v1/inbound-email as an MTA would (stored, threaded with received and
// sent mail, matched to contacts, logged on their timelines and their companies'), redeliveries,
// malformed messages (nothing stored) and who may read what was received. Every route refused to
// non-admins: access_walk_test.cpp; another workspace's secret and mail: tenancy_isolation_mail_test.cpp.
#include "access_fixture.hpp"
#include "email_smtp_server.hpp"
#include "modules/email/mime_parser.hpp"
#include "platform/ids.hpp"
#include "tenancy_lifecycle_helpers.hpp"

namespace rapport::testing {
namespace {

class InboundEmail : public Access {
 protected:
  static void SetUpTestSuite() {
    server_args_ = {"--webhook-allow-host", "127.0.0.1"};  // the SMTP settings of the sent-mail thread test
    Access::SetUpTestSuite();
    server_args_.clear();
  }

  // The workspace's secret, made once for the suite's tests (a test that rotates it makes a new one).
  std::string secret() {
    if (secret_.empty()) secret_ = new_secret();
    return secret_;
  }
  std::string new_secret() {
    auto r = http().call("POST", "/api/v1/email/inbound-secret", token());
    EXPECT_EQ(r.status, 201) << r.body;
    return text(r.json(), "secret");
  }

  HttpResponse deliver(const std::string& raw, const std::string& with_secret, const std::string& type = "message/rfc822") {
    std::vector<std::pair<std::string, std::string>> headers{{"Content-Type", type}};
    if (!with_secret.empty()) headers.push_back({"Authorization", "Bearer " + with_secret});
    return http().request("POST", "/api/v1/inbound-email", raw, headers);
  }
  HttpResponse deliver(const std::string& raw) { return deliver(raw, secret()); }

  static std::string message(const std::string& from, const std::string& to, const std::string& message_id,
                             const std::string& subject, const std::string& extra_headers = "", const std::string& body = "Hello.\r\n") {
    return "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nMessage-ID: <" + message_id +
           ">\r\nDate: Fri, 04 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n" + extra_headers +
           "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body;
  }

  json::array timeline(const std::string& object, const std::string& id) {
    auto r = get("/api/v1/" + object + "/" + id + "/timeline");
    EXPECT_EQ(r.status, 200) << r.body;
    return data_of(r);
  }
  static std::size_t emails_in(const json::array& tl, const std::string& subject) {
    std::size_t n = 0;
    for (const auto& a : tl)
      if (text(a, "type") == "email" && text(a, "subject") == subject) ++n;
    return n;
  }

  static inline std::string secret_;
};

TEST_F(InboundEmail, TheSecretIsMadeRotatedAndRevokedByAdminsAndShownOnce) {
  auto made = http().call("POST", "/api/v1/email/inbound-secret", token());
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string first = text(made.json(), "secret");
  EXPECT_EQ(first.rfind("rpi_", 0), 0u) << made.body;
  auto shown = get("/api/v1/email/inbound-secret");
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(shown.json().at("configured"), true);
  EXPECT_EQ(shown.body.find(first), std::string::npos) << "the secret is shown once";
  const std::string m1 = "rotate-1." + random_suffix() + "@example.net";
  EXPECT_EQ(deliver(message("someone@example.net", "crm@example.org", m1, "Rotate"), first).status, 200);

  // Rotating: the one before stops at once.
  const std::string second = new_secret();
  auto old = deliver(message("someone@example.net", "crm@example.org", "rotate-2." + random_suffix() + "@example.net", "Rotate"), first);
  EXPECT_EQ(old.status, 401) << old.body;
  EXPECT_EQ(old.header("www-authenticate"), "Bearer");
  EXPECT_EQ(deliver(message("someone@example.net", "crm@example.org", "rotate-3." + random_suffix() + "@example.net", "Rotate"), second).status, 200);

  // Only admins; a user's own credential is no inbound secret.
  for (const char* method : {"GET", "POST", "DELETE"})
    EXPECT_EQ(as("rep1", method, "/api/v1/email/inbound-secret").status, 403) << method;
  EXPECT_EQ(deliver(message("someone@example.net", "crm@example.org", "rotate-4." + random_suffix() + "@example.net", "Rotate"), token()).status, 401);

  // Revoked: 401, and a second revocation finds none.
  EXPECT_EQ(del("/api/v1/email/inbound-secret").status, 204);
  EXPECT_EQ(get("/api/v1/email/inbound-secret").json().at("configured"), false);
  EXPECT_EQ(deliver(message("someone@example.net", "crm@example.org", "rotate-5." + random_suffix() + "@example.net", "Rotate"), second).status, 401);
  EXPECT_EQ(del("/api/v1/email/inbound-secret").status, 404);
  secret_.clear();
  auto audit = get("/api/v1/audit-events?object_type=email_inbound_secrets");
  EXPECT_NE(audit.body.find("revoke"), std::string::npos) << audit.body;
  EXPECT_EQ(audit.body.find(second), std::string::npos);
}

TEST_F(InboundEmail, AMessageIsStoredMatchedToContactsLoggedOnTimelinesAndARedeliveryStoresNothing) {
  const std::string x = random_suffix();
  const std::string company = create("companies", json::object{{"name", "Inbound Co " + x}});
  const std::string ada = create("contacts", json::object{{"last_name", "Inbound" + x}, {"email", "ada." + x + "@example.org"},
                                                          {"company_id", company}});
  const std::string bob = create("contacts", json::object{{"last_name", "Cced" + x}, {"email", "bob." + x + "@example.org"}});
  const std::string subject = "Question about the offer " + x;
  const std::string id1 = "q1." + x + "@mail.example.org";
  // The From in another case than the contact's email: matched by the folded key.
  std::string raw = message("Ada <ADA." + x + "@Example.org>", "sales@rapport.example", id1, subject,
                            "Cc: bob." + x + "@example.org, stranger@example.com\r\n");
  auto r = deliver(raw);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("stored"), true);
  const json::value e = r.json().at("email");
  const std::string id = text(e, "id");
  EXPECT_EQ(text(e, "status"), "received");
  EXPECT_EQ(text(e, "direction"), "inbound");
  EXPECT_EQ(text(e, "thread_id"), id);
  EXPECT_EQ(text(e, "message_id"), id1);
  EXPECT_EQ(e.at("contact_ids").as_array().size(), 2u) << e;
  EXPECT_TRUE(e.at("created_by").is_null());

  auto read = get("/api/v1/emails/" + id);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(text(read.json(), "subject"), subject);
  EXPECT_EQ(text(read.json(), "text"), "Hello.\r\n");

  // Logged once, inbound, on both contacts' timelines and Ada's company's.
  auto tl = timeline("contacts", ada);
  ASSERT_EQ(emails_in(tl, subject), 1u) << json::serialize(tl);
  for (const auto& a : tl)
    if (text(a, "subject") == subject) {
      EXPECT_EQ(text(a, "direction"), "inbound");
      EXPECT_EQ(text(a, "email_from"), "ADA." + x + "@Example.org");
    }
  EXPECT_EQ(emails_in(timeline("contacts", bob), subject), 1u);
  EXPECT_EQ(emails_in(timeline("companies", company), subject), 1u);

  // The MTA delivers it again: 200, the same message, nothing new stored or logged.
  auto again = deliver(raw);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json().at("stored"), false);
  EXPECT_EQ(text(again.json().at("email"), "id"), id);
  EXPECT_EQ(emails_in(timeline("contacts", ada), subject), 1u);

  // No contact matched: stored, logged nowhere.
  auto stranger = deliver(message("stranger@example.com", "sales@rapport.example", "s." + x + "@example.com", "Cold " + x));
  ASSERT_EQ(stranger.status, 200) << stranger.body;
  EXPECT_TRUE(stranger.json().at("email").at("contact_ids").as_array().empty());
}

TEST_F(InboundEmail, RepliesAreThreadedByInReplyToThenReferencesWithReceivedAndSentMail) {
  const std::string x = random_suffix();
  create("contacts", json::object{{"last_name", "Threaded" + x}, {"email", "t." + x + "@example.org"}});
  const std::string from = "t." + x + "@example.org";
  auto first = deliver(message(from, "sales@rapport.example", "root." + x + "@example.org", "Thread " + x));
  ASSERT_EQ(first.status, 200) << first.body;
  const std::string root = text(first.json().at("email"), "id");

  auto reply = deliver(message(from, "sales@rapport.example", "reply." + x + "@example.org", "Re: Thread " + x,
                               "In-Reply-To: <root." + x + "@example.org>\r\n"));
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(text(reply.json().at("email"), "thread_id"), root);
  EXPECT_EQ(text(reply.json().at("email"), "in_reply_to"), "root." + x + "@example.org");

  // In-Reply-To names a message never seen: the nearest known of References decides.
  auto deep = deliver(message(from, "sales@rapport.example", "deep." + x + "@example.org", "Re: Re: Thread " + x,
                              "In-Reply-To: <unknown." + x + "@example.org>\r\nReferences: <root." + x + "@example.org> <reply." + x +
                                  "@example.org> <unknown." + x + "@example.org>\r\n"));
  ASSERT_EQ(deep.status, 200) << deep.body;
  EXPECT_EQ(text(deep.json().at("email"), "thread_id"), root);

  // A reply to an email sent from the workspace joins the sent email's thread.
  // (Port 9: nothing listens, so the email stays queued; its thread is what counts here.)
  const json::value smtp = json::object{{"host", "127.0.0.1"}, {"port", 9}, {"security", "none"}, {"sender", "sales@rapport.example"}};
  auto settings = http().call("PUT", "/api/v1/email/settings", token(), &smtp);
  ASSERT_EQ(settings.status, 200) << settings.body;
  auto sent = post("/api/v1/emails", json::object{{"to", json::array{json::value(from)}}, {"subject", "Offer " + x}, {"body", "..."}});
  ASSERT_EQ(sent.status, 202) << sent.body;
  auto answer = deliver(message(from, "sales@rapport.example", "answer." + x + "@example.org", "Re: Offer " + x,
                                "In-Reply-To: <" + text(sent.json(), "message_id") + ">\r\n"));
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(text(answer.json().at("email"), "thread_id"), text(sent.json(), "id"));
  EXPECT_EQ(text(get("/api/v1/emails/" + text(sent.json(), "id")).json(), "thread_id"), text(sent.json(), "id"));
}

TEST_F(InboundEmail, MailToAUsersBccAddressIsLoggedAsSentByThem) {
  const std::string x = random_suffix();
  const json::value smtp = json::object{{"host", "127.0.0.1"}, {"port", 9}, {"security", "none"}, {"sender", "sales@rapport.example"},
                                        {"inbound_domain", "In.Rapport.Example"}};
  auto settings = http().call("PUT", "/api/v1/email/settings", token(), &smtp);
  ASSERT_EQ(settings.status, 200) << settings.body;
  EXPECT_EQ(text(settings.json(), "inbound_domain"), "in.rapport.example");
  const json::value bad_domain = json::object{{"host", "127.0.0.1"}, {"port", 9}, {"security", "none"},
                                              {"sender", "sales@rapport.example"}, {"inbound_domain", "not a domain"}};
  EXPECT_EQ(error_fields(http().call("PUT", "/api/v1/email/settings", token(), &bad_domain)), std::vector<std::string>{"inbound_domain"});

  // None until made; a read-only user may not make one (mail to it would log activities).
  EXPECT_TRUE(as("rep1", "GET", "/api/v1/email/bcc-address").json().at("address").is_null());
  EXPECT_EQ(as("reader", "POST", "/api/v1/email/bcc-address").status, 403);
  auto made = as("rep1", "POST", "/api/v1/email/bcc-address");
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string address = text(made.json(), "address");
  EXPECT_EQ(address.rfind("bcc-", 0), 0u) << address;
  EXPECT_TRUE(address.ends_with("@in.rapport.example")) << address;
  EXPECT_EQ(text(as("rep1", "GET", "/api/v1/email/bcc-address").json(), "address"), address);

  const std::string contact = create_as("rep1", "contacts", json::object{{"last_name", "Bccd" + x}, {"email", "client." + x + "@example.org"}});
  // In Bcc (in another case, as some MTAs write it).
  std::string upper = address;
  for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  auto r = deliver(message(m("rep1").email, "client." + x + "@example.org", "bcc1." + x + "@rapport.example", "Offer " + x,
                           "Bcc: " + upper + "\r\n"));
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value e = r.json().at("email");
  EXPECT_EQ(text(e, "direction"), "outbound");
  EXPECT_EQ(text(e, "created_by"), m("rep1").id);
  EXPECT_EQ(e.at("contact_ids"), (json::array{json::value(contact)}));
  EXPECT_EQ(as("rep1", "GET", "/api/v1/emails/" + text(e, "id")).status, 200) << "its sender reads it";
  bool logged = false;
  for (const auto& a : timeline("contacts", contact))
    if (text(a, "subject") == "Offer " + x) {
      logged = true;
      EXPECT_EQ(text(a, "direction"), "outbound");
      EXPECT_EQ(text(a, "owner_id"), m("rep1").id);
    }
  EXPECT_TRUE(logged);

  // Named only by the envelope the MTA passes (?recipient=).
  auto envelope = http().request("POST", "/api/v1/inbound-email?recipient=" + address,
                                 message(m("rep1").email, "client." + x + "@example.org", "bcc2." + x + "@rapport.example", "Follow-up " + x),
                                 {{"Content-Type", "message/rfc822"}, {"Authorization", "Bearer " + secret()}});
  ASSERT_EQ(envelope.status, 200) << envelope.body;
  EXPECT_EQ(text(envelope.json().at("email"), "direction"), "outbound");

  // Rotated: the old address is no longer rep1's; the message is an inbound one.
  ASSERT_EQ(as("rep1", "POST", "/api/v1/email/bcc-address").status, 201);
  auto old = deliver(message(m("rep1").email, "client." + x + "@example.org", "bcc3." + x + "@rapport.example", "Old " + x,
                             "Bcc: " + address + "\r\n"));
  ASSERT_EQ(old.status, 200) << old.body;
  EXPECT_EQ(text(old.json().at("email"), "direction"), "inbound");
  EXPECT_TRUE(old.json().at("email").at("created_by").is_null());
}

TEST_F(InboundEmail, MalformedOrUnauthenticatedMessagesGetA4xxAndNothingIsStored) {
  const std::string x = random_suffix();
  const std::string contact = create("contacts", json::object{{"last_name", "Malformed" + x}, {"email", "m." + x + "@example.org"}});
  const std::string from = "m." + x + "@example.org";
  const std::string mid = "bad." + x + "@example.org";
  auto field_of = [](const HttpResponse& r) {
    auto f = error_fields(r);
    return f.empty() ? std::string() : f.front();
  };

  // No From, no Message-ID.
  auto no_from = deliver("To: a@example.org\r\nSubject: x\r\nMessage-ID: <" + mid + ">\r\n\r\nbody");
  EXPECT_EQ(no_from.status, 422) << no_from.body;
  EXPECT_EQ(field_of(no_from), "from");
  auto no_id = deliver("From: " + from + "\r\nSubject: x\r\n\r\nbody");
  EXPECT_EQ(no_id.status, 422) << no_id.body;
  EXPECT_EQ(field_of(no_id), "message_id");
  // Huge headers (over 64 KiB).
  auto huge = deliver(message(from, "a@example.org", mid, "Huge", "X-Padding: " + std::string(70 * 1024, 'a') + "\r\n"));
  EXPECT_EQ(huge.status, 422) << huge.body.substr(0, 300);
  EXPECT_EQ(field_of(huge), "headers");
  // Wrong charsets: bytes that are not the UTF-8 the part claims; a charset nobody knows.
  auto latin1 = deliver(message(from, "a@example.org", mid, "Latin", "", "Gr\xfc\xdf" "e\r\n"));
  EXPECT_EQ(latin1.status, 422) << latin1.body;
  EXPECT_EQ(field_of(latin1), "text");
  std::string unknown = message(from, "a@example.org", mid, "Unknown", "", "hello\r\n");
  unknown.replace(unknown.find("charset=utf-8"), 13, "charset=x-no-such-charset");
  auto unknown_charset = deliver(unknown);
  EXPECT_EQ(unknown_charset.status, 422) << unknown_charset.body;
  // Broken MIME: a multipart nested deeper than 10 levels.
  std::string nested = "From: " + from + "\r\nMessage-ID: <" + mid + ">\r\nMIME-Version: 1.0\r\n";
  for (int i = 0; i < 12; ++i) {
    std::string b = "b";
    b += std::to_string(i);
    nested += "Content-Type: multipart/mixed; boundary=\"" + b + "\"\r\n\r\n--" + b + "\r\n";
  }
  nested += "Content-Type: text/plain\r\n\r\ndeep\r\n";
  auto deep = deliver(nested);
  EXPECT_EQ(deep.status, 422) << deep.body;
  // Not message/rfc822.
  EXPECT_EQ(deliver(message(from, "a@example.org", mid, "Typed"), secret(), "application/json").status, 415);
  // (Over 10 MiB: 413 to the header, TheSecretIsCheckedBeforeTheBodyIsRead.)
  // No secret, a made-up one, a session token.
  EXPECT_EQ(deliver(message(from, "a@example.org", mid, "Anon"), "").status, 401);
  EXPECT_EQ(deliver(message(from, "a@example.org", mid, "Forged"), "rpi_" + std::string(43, 'A')).status, 401);

  // Nothing of any of them was stored: the contact's timeline is empty and the Message-ID is free.
  EXPECT_TRUE(timeline("contacts", contact).empty());
  auto good = deliver(message(from, "a@example.org", mid, "Finally " + x));
  ASSERT_EQ(good.status, 200) << good.body;
  EXPECT_EQ(good.json().at("stored"), true);
  EXPECT_EQ(emails_in(timeline("contacts", contact), "Finally " + x), 1u);
}

TEST_F(InboundEmail, TheSecretIsCheckedBeforeTheBodyIsRead) {
  // A client that waits for 100 Continue (curl, for bodies over 1 KiB) with a wrong secret or none
  // gets its final answer to the header alone; a body beyond 10 MiB, 413 to the header.
  auto head = [](const std::string& bearer, std::size_t length) {
    std::string h = "POST /api/v1/inbound-email HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: message/rfc822\r\n";
    if (!bearer.empty()) h += "Authorization: Bearer " + bearer + "\r\n";
    h += "Expect: 100-continue\r\nContent-Length: ";
    h += std::to_string(length);
    return h + "\r\n\r\n";
  };
  for (const auto& [bearer, length, status] : std::vector<std::tuple<std::string, std::size_t, int>>{
           {"", 5'000'000, 401}, {"rpi_" + std::string(43, 'B'), 5'000'000, 401}, {secret(), 11 * 1024 * 1024, 413}}) {
    RawConn conn;
    ASSERT_TRUE(conn.connect(server().port(), 10));
    ASSERT_TRUE(conn.send_all(head(bearer, length)));
    RawConn::Response res;
    ASSERT_EQ(conn.read_response(res), RawConn::Read::Complete);
    EXPECT_EQ(res.status, status) << res.head << res.body;
  }
}

TEST_F(InboundEmail, AReceivedMessageAndItsFilesAreReadOnlyByWhoeverCanReadAContactItWasMatchedTo) {
  const std::string x = random_suffix();
  const std::string contact = create_as("rep2", "contacts", json::object{{"last_name", "Scoped" + x}, {"email", "s." + x + "@example.org"}});
  // With a file that claims to be a web page: downloaded as bytes, never rendered.
  const std::string page = "<script>alert(1)</script>";
  auto r = deliver("From: s." + x + "@example.org\r\nTo: sales@rapport.example\r\nSubject: Scoped " + x + "\r\nMessage-ID: <scoped." + x +
                   "@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                   "--b\r\nContent-Type: text/plain\r\n\r\nSee the file.\r\n--b\r\nContent-Type: text/html\r\n"
                   "Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"Pr\xc3\xbc" "fung \\\"1\\\".html\"\r\n\r\n" +
                   ids::base64_encode(page) + "\r\n--b--\r\n");
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string id = text(r.json().at("email"), "id");
  ASSERT_EQ(r.json().at("email").at("attachments").as_array().size(), 1u) << r.body;
  const json::value file = r.json().at("email").at("attachments").as_array()[0];
  EXPECT_EQ(text(file, "content_type"), "text/html");
  EXPECT_EQ(file.at("size").as_int64(), static_cast<int64_t>(page.size()));
  EXPECT_EQ(text(file, "sha256").size(), 64u);
  const std::string download = "/api/v1/attachments/" + text(file, "id");
  auto bytes = as("rep2", "GET", download);
  ASSERT_EQ(bytes.status, 200) << bytes.body;
  EXPECT_EQ(bytes.body, page);
  EXPECT_EQ(bytes.header("content-type"), "application/octet-stream");
  EXPECT_EQ(bytes.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(bytes.header("content-disposition").rfind("attachment; filename=\"Pr__fung _1_.html\"; filename*=UTF-8''Pr%C3%BCfung%20%221%22.html", 0), 0u)
      << bytes.header("content-disposition");
  EXPECT_EQ(as("rep2", "GET", "/api/v1/emails/" + id).status, 200) << "rep2 reads the contact";
  auto rep1 = as("rep1", "GET", "/api/v1/emails/" + id);
  EXPECT_EQ(rep1.status, 404) << "rep1 cannot read rep2's contact: " << rep1.body;
  EXPECT_EQ(rep1.body.find("Scoped " + x), std::string::npos);
  auto rep1_file = as("rep1", "GET", download);
  EXPECT_EQ(rep1_file.status, 404) << rep1_file.body;
  EXPECT_EQ(rep1_file.body.find("alert"), std::string::npos);
  EXPECT_EQ(get("/api/v1/emails/" + id).status, 200) << "the admin";
  // The activity belongs to the contact's owner.
  for (const auto& a : timeline("contacts", contact))
    if (text(a, "subject") == "Scoped " + x) {
      EXPECT_EQ(text(a, "owner_id"), m("rep2").id);
    }
}

TEST_F(InboundEmail, UploadedFilesAreSentWithAnEmailAndDownloadedOnlyByWhoMayReadThem) {
  SmtpServer smtp;
  const json::value settings = json::object{{"host", "127.0.0.1"}, {"port", smtp.port()}, {"security", "none"},
                                            {"sender", "sales@rapport.example"}};
  ASSERT_EQ(http().call("PUT", "/api/v1/email/settings", token(), &settings).status, 200);
  std::string binary;
  for (int i = 0; i < 256; ++i) binary += static_cast<char>(i);
  auto upload = [&](const std::string& who, const std::string& query, const std::string& bytes, const std::string& type) {
    auto& c = who == "admin" ? http() : *m(who).client;
    return c.request("POST", "/api/v1/attachments" + query, bytes,
                     {{"Content-Type", type}, {"Authorization", "Bearer " + (who == "admin" ? token() : m(who).token)}});
  };
  auto up = upload("admin", "?file_name=Angebot%20K%C3%B6ln.pdf", binary, "Application/PDF; name=x");
  ASSERT_EQ(up.status, 201) << up.body;
  const std::string file = text(up.json(), "id");
  EXPECT_EQ(text(up.json(), "file_name"), "Angebot Köln.pdf");
  EXPECT_EQ(text(up.json(), "content_type"), "application/pdf");
  EXPECT_EQ(up.json().at("size").as_int64(), 256);
  // Refused: no name, an empty file, a role that cannot send; an upload is its uploader's until sent.
  EXPECT_EQ(error_fields(upload("admin", "", "x", "text/plain")), std::vector<std::string>{"file_name"});
  EXPECT_EQ(error_fields(upload("admin", "?file_name=a.txt", "", "text/plain")), std::vector<std::string>{"file"});
  EXPECT_EQ(upload("reader", "?file_name=a.txt", "x", "text/plain").status, 403);
  EXPECT_EQ(as("rep1", "GET", "/api/v1/attachments/" + file).status, 404);
  auto own = get("/api/v1/attachments/" + file);
  ASSERT_EQ(own.status, 200);
  EXPECT_EQ(own.body, binary);

  auto sent = post("/api/v1/emails", json::object{{"to", json::array{"ada@example.org"}}, {"subject", "The offer"}, {"body", "Attached."},
                                                  {"attachment_ids", json::array{json::value(file)}}});
  ASSERT_EQ(sent.status, 202) << sent.body;
  ASSERT_EQ(sent.json().at("attachments").as_array().size(), 1u) << sent.body;
  auto mails = smtp.wait_for(1);
  ASSERT_EQ(mails.size(), 1u);
  auto parsed = email::parse_inbound(mails[0].raw);
  ASSERT_TRUE(parsed) << mails[0].raw;
  EXPECT_EQ(parsed->text, "Attached.");
  ASSERT_EQ(parsed->attachments.size(), 1u) << mails[0].raw;
  EXPECT_EQ(parsed->attachments[0].file_name, "Angebot Köln.pdf");
  EXPECT_EQ(parsed->attachments[0].content_type, "application/pdf");
  EXPECT_EQ(parsed->attachments[0].bytes, binary);
  // Sent once: naming it again, or a file that is not one's own, is refused.
  auto again = post("/api/v1/emails", json::object{{"to", json::array{"ada@example.org"}}, {"subject", "Again"}, {"body", "."},
                                                   {"attachment_ids", json::array{json::value(file)}}});
  EXPECT_EQ(again.status, 422) << again.body;
  EXPECT_EQ(error_fields(again), std::vector<std::string>{"attachment_ids"});
  EXPECT_EQ(get("/api/v1/attachments/" + file).status, 200) << "the sender (an admin) reads the sent email";
}

}  // namespace
}  // namespace rapport::testing
