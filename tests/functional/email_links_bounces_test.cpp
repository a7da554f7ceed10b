// Sent mail and the records it concerns, and bounces (issue 14 §3): the list of a record's emails
// (GET /api/v1/emails?contact_id=|company_id=|lead_id=|deal_id=) finds sent mail through the rows of
// email_record_links (migration 0069; the query plan names its key, no table is read whole),
// and a delivery status notification arriving on the inbound route (real Postfix and Exim samples,
// src/modules/email/testdata) marks the sent email it returns `bounced` with the reason, joins its
// thread, and is stored once. Both engines.
#include <thread>

#include "access_fixture.hpp"
#include "email_smtp_server.hpp"
#include "modules/email/record_links.hpp"
#include "build_paths.hpp"
#include "modules/email/testdata/bounce_samples.hpp"

namespace rapport::testing {
namespace {

// A bounce sample (testdata/bounce_samples.hpp) returning the message `original`, with a Message-ID of
// its own (each delivery is another report).
std::string bounce(const std::string& name, const std::string& original, const std::string& own_id) {
  std::string text = email::testdata::bounce_sample(source_dir(), name, original);
  const std::string id_header = "Message-Id: <";
  if (auto at = text.find(id_header); at != std::string::npos) text.insert(at + id_header.size(), own_id + ".");
  return text;
}

class EmailLinks : public Access {
 protected:
  static void SetUpTestSuite() {
    server_args_ = {"--webhook-allow-host", "127.0.0.1"};
    Access::SetUpTestSuite();
    server_args_.clear();
  }
  HttpResponse deliver(const std::string& raw) {
    if (secret_.empty()) {
      auto r = http().call("POST", "/api/v1/email/inbound-secret", token());
      EXPECT_EQ(r.status, 201) << r.body;
      secret_ = text(r.json(), "secret");
    }
    return http().request("POST", "/api/v1/inbound-email", raw, {{"Content-Type", "message/rfc822"}, {"Authorization", "Bearer " + secret_}});
  }
  void use_smtp(int port) {
    const json::value smtp = json::object{{"host", "127.0.0.1"}, {"port", port}, {"security", "none"}, {"sender", "sales@rapport.example"}};
    auto r = http().call("PUT", "/api/v1/email/settings", token(), &smtp);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  // Sends as rep1; answers the email as POST answered it.
  json::value send(const std::string& to, const std::string& subject, json::object links) {
    json::object body{{"to", json::array{json::value(to)}}, {"subject", subject}, {"body", "Hello."}};
    for (auto& [k, v] : links) body[k] = v;
    const json::value mail = body;
    auto r = as("rep1", "POST", "/api/v1/emails", &mail);
    EXPECT_EQ(r.status, 202) << r.body;
    return r.json();
  }
  json::value settled(const std::string& id) {
    json::value e;
    for (int i = 0; i < 200; ++i) {
      e = get("/api/v1/emails/" + id).json();
      if (text(e, "status") != "queued") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return e;
  }
  static std::vector<std::string> ids_of(const HttpResponse& r) {
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    for (const auto& e : data_of(r)) out.push_back(text(e, "id"));
    return out;
  }
  // The plan of the query that finds the threads concerning a record (the store's own SQL).
  std::string plan_of(const std::string& key, const std::string& record_id) {
    const bool pg = on_postgres_backend();
    std::vector<db::Value> params;
    const std::string sql = email::record_links::threads_sql(key, workspace_id_, record_id, params);
    std::string plan;
    write_database(server().data_dir(), [&](db::Connection& c) {
      // A test's few rows make a scan cheapest to PostgreSQL: asked not to, it shows the index it can use.
      if (pg) c.exec("SET LOCAL enable_seqscan = off");
      auto& st = c.prepare(std::string(pg ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + sql);
      st.bind_all(params);
      while (st.step()) plan += st.text(st.column_count() - 1) + "\n";
      st.reset();
    });
    return plan;
  }

  static inline std::string secret_;
  std::string workspace_id_;
};

TEST_F(EmailLinks, ARecordsSentMailIsFoundThroughItsLinkIndexWithTheSameAnswer) {
  use_smtp(9);  // nothing listens: the emails stay queued; what they name is what counts
  workspace_id_ = query_database(server().data_dir(), "SELECT workspace_id FROM users WHERE id = ?", {m("rep1").id})[0][0];
  const std::string x = random_suffix();
  const std::string company = create_as("rep1", "companies", json::object{{"name", "Links Co " + x}});
  const std::string ann = create_as("rep1", "contacts", json::object{{"last_name", "Ann" + x}, {"company_id", company}});
  const std::string bob = create_as("rep1", "contacts", json::object{{"last_name", "Bob" + x}});
  const std::string lead = create_as("rep1", "leads", json::object{{"last_name", "Lead" + x}});
  const std::string e1 = text(send("ann." + x + "@example.org", "One", {{"contact_id", ann}}), "id");
  const std::string e2 = text(send("bob." + x + "@example.org", "Two", {{"contact_id", bob}, {"company_id", company}}), "id");
  const std::string e3 = text(send("lead." + x + "@example.org", "Three", {{"lead_id", lead}}), "id");
  const std::string e4 = text(send("ann." + x + "@example.org", "Four", {{"contact_id", ann}}), "id");

  // The answers: each record's sent mail, newest first, and nothing of the others'.
  EXPECT_EQ(ids_of(as("rep1", "GET", "/api/v1/emails?contact_id=" + ann)), (std::vector<std::string>{e4, e1}));
  EXPECT_EQ(ids_of(as("rep1", "GET", "/api/v1/emails?contact_id=" + bob)), (std::vector<std::string>{e2}));
  EXPECT_EQ(ids_of(as("rep1", "GET", "/api/v1/emails?company_id=" + company)), (std::vector<std::string>{e2}));
  EXPECT_EQ(ids_of(as("rep1", "GET", "/api/v1/emails?lead_id=" + lead)), (std::vector<std::string>{e3}));
  EXPECT_EQ(ids_of(as("rep1", "GET", "/api/v1/emails?contact_id=" + ann + "&limit=1")), (std::vector<std::string>{e4}));

  // The plan: the links' primary key for each kind of record, then each email by its key; no table
  // of the workspace's mail (or, for a company, of its contacts) read whole.
  for (auto [key, id] : {std::pair{"contact_id", ann}, std::pair{"company_id", company}, std::pair{"lead_id", lead},
                         std::pair{"deal_id", ann}}) {
    std::string plan = plan_of(key, id);
    EXPECT_NE(plan.find(on_postgres_backend() ? "email_record_links_pkey" : "USING PRIMARY KEY"), std::string::npos) << key << ":\n" << plan;
    EXPECT_EQ(plan.find("Seq Scan"), std::string::npos) << key << ":\n" << plan;
    EXPECT_EQ(plan.find("SCAN "), std::string::npos) << key << ":\n" << plan;
  }
}

TEST_F(EmailLinks, ABounceMarksTheSentEmailItReturnsWithTheReason) {
  SmtpServer smtp;
  use_smtp(smtp.port());
  const std::string x = random_suffix();
  const std::string contact = create_as("rep1", "contacts", json::object{{"last_name", "Bounce" + x}, {"email", "nobody." + x + "@example.org"}});
  json::value offer = send("nobody." + x + "@example.org", "Offer " + x, {{"contact_id", contact}});
  json::value renewal = send("gone." + x + "@example.net", "Renewal " + x, {{"contact_id", contact}});
  json::value later = send("late." + x + "@example.net", "Later " + x, {{"contact_id", contact}});
  const std::string offer_id = text(offer, "id"), renewal_id = text(renewal, "id"), later_id = text(later, "id");
  for (const auto& id : {offer_id, renewal_id, later_id}) ASSERT_EQ(text(settled(id), "status"), "sent");

  // Postfix's report (the returned message's headers): the offer bounced, with the reason.
  auto r = deliver(bounce("postfix_bounce.eml", text(offer, "message_id"), "p" + x));
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value report = r.json().at("email");
  json::value got = get("/api/v1/emails/" + offer_id).json();
  EXPECT_EQ(text(got, "status"), "bounced") << got;
  EXPECT_EQ(text(got, "error"),
            "nobody@example.org: 5.1.1 550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in virtual "
            "mailbox table");
  EXPECT_FALSE(got.at("sent_at").is_null()) << "it was sent: the bounce came after";
  EXPECT_EQ(text(report, "thread_id"), text(got, "thread_id")) << "the report joins the offer's thread";
  EXPECT_EQ(text(report, "status"), "received");
  // The contact's list shows both, and the bounced one by its status.
  EXPECT_EQ(ids_of(as("rep1", "GET", "/api/v1/emails?contact_id=" + contact + "&status=bounced")), (std::vector<std::string>{offer_id}));
  auto list = ids_of(as("rep1", "GET", "/api/v1/emails?contact_id=" + contact));
  EXPECT_NE(std::find(list.begin(), list.end(), text(report, "id")), list.end());
  // Delivered again: stored once, nothing changes.
  auto again = deliver(bounce("postfix_bounce.eml", text(offer, "message_id"), "p" + x));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_FALSE(again.json().at("stored").as_bool());
  EXPECT_EQ(text(get("/api/v1/emails/" + offer_id).json(), "status"), "bounced");

  // Exim's report (the whole message returned as message/rfc822).
  ASSERT_EQ(deliver(bounce("exim_bounce.eml", text(renewal, "message_id"), "e" + x)).status, 200);
  got = get("/api/v1/emails/" + renewal_id).json();
  EXPECT_EQ(text(got, "status"), "bounced");
  EXPECT_EQ(text(got, "error"), "gone@example.net: 5.0.0 550 5.2.1 The email account that you tried to reach is disabled.");

  // A delay is no bounce; nor is a report of a message this workspace never sent.
  std::string delayed = bounce("exim_bounce.eml", text(later, "message_id"), "d" + x);
  delayed.replace(delayed.find("Action: failed"), 14, "Action: delayed");
  ASSERT_EQ(deliver(delayed).status, 200);
  EXPECT_EQ(text(get("/api/v1/emails/" + later_id).json(), "status"), "sent");
  auto stranger = deliver(bounce("postfix_bounce.eml", "never-sent." + x + "@elsewhere.example", "s" + x));
  ASSERT_EQ(stranger.status, 200) << stranger.body;
  EXPECT_EQ(text(stranger.json().at("email"), "thread_id"), text(stranger.json().at("email"), "id")) << "a thread of its own";
  EXPECT_EQ(text(get("/api/v1/emails/" + later_id).json(), "status"), "sent");
}

}  // namespace
}  // namespace rapport::testing
