// Workspace isolation of mail: inbound mail and support mail reach only the workspace of the secret
// they are posted with, and the email list never shows another workspace's mail. Tests run as
// workspace B (the fixture's second workspace) against workspace A, seeded with one of everything
// (tenancy_seed.cpp). The other concerns: tenancy_isolation_{routes,lists,mail,writes}_test.cpp.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "tenancy_fixture.hpp"
#include "tenancy_isolation_helpers.hpp"

namespace rapport::testing {
namespace json = boost::json;

namespace {

// Inbound mail: B's secret posts into B only. A message from A's contact's address, with A's
// Message-ID, is stored in B as new (Message-IDs are unique per workspace), matched to no contact
// of A's, and A's timelines and its message are untouched; A's secret is no credential for B's
// admin routes and B's session none for the inbound route.
TEST_F(Tenancy, InboundMailReachesOnlyTheWorkspaceOfItsSecret) {
  ASSERT_NO_FATAL_FAILURE(seed_a());
  const SeedA& s = a_seed_;
  auto b_secret = as_b("POST", "/api/v1/email/inbound-secret");
  ASSERT_EQ(b_secret.status, 201) << b_secret.body;
  const std::string a_before = json::serialize(data_of(as_a("GET", "/api/v1/contacts/" + s.contact + "/timeline")));
  const std::string a_message = as_a("GET", "/api/v1/emails/" + s.received_email).body;
  const std::string raw = "From: " + s.contact_email + "\r\nTo: b@example.com\r\nSubject: For B\r\nMessage-ID: <" +
                          text(json::parse(a_message), "message_id") + ">\r\n\r\nHello B.\r\n";
  auto r = b_->request("POST", "/api/v1/inbound-email", raw,
                       {{"Content-Type", "message/rfc822"}, {"Authorization", "Bearer " + text(b_secret.json(), "secret")}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("stored"), true) << "A's Message-ID is no redelivery in B";
  EXPECT_TRUE(r.json().at("email").at("contact_ids").as_array().empty()) << r.body;
  expect_no_leak(r, "B's inbound message", "/api/v1/inbound-email", a_ids());
  EXPECT_EQ(json::serialize(data_of(as_a("GET", "/api/v1/contacts/" + s.contact + "/timeline"))), a_before);
  EXPECT_EQ(as_a("GET", "/api/v1/emails/" + s.received_email).body, a_message);
  EXPECT_EQ(as_b("GET", "/api/v1/emails/" + text(r.json().at("email"), "id")).status, 200);
  // A user's session is no inbound secret.
  auto with_session = b_->request("POST", "/api/v1/inbound-email", raw, {{"Content-Type", "message/rfc822"}, {"Authorization", "Bearer " + token_b_}});
  EXPECT_EQ(with_session.status, 401) << with_session.body;
}

// Support mail (modules/support/inbound_tickets.*): a message to A's support mailbox posted with
// B's secret never touches A. B has no such mailbox (no ticket); a reply whose headers name A's
// ticket's message joins nothing of A's; once B names the same address the ticket is B's own.
TEST_F(Tenancy, MailToASupportMailboxReachesOnlyTheWorkspaceOfItsSecret) {
  ASSERT_NO_FATAL_FAILURE(seed_a());
  const std::string x = random_suffix();
  const std::string desk = "desk-" + x + "@alpha.example";
  json::value boxes = json::object{{"mailboxes", json::array{json::object{{"address", desk}}}}};
  ASSERT_EQ(as_a("PUT", "/api/v1/support/mailboxes", &boxes).status, 200);
  auto deliver = [&](HttpClient& c, const std::string& secret, const std::string& id, const std::string& extra) {
    return c.request("POST", "/api/v1/inbound-email",
                     "From: customer-" + x + "@example.net\r\nTo: " + desk + "\r\nSubject: Help\r\nMessage-ID: <" + id + ">\r\n" + extra +
                         "\r\nPlease help.\r\n",
                     {{"Content-Type", "message/rfc822"}, {"Authorization", "Bearer " + secret}});
  };
  auto a_secret = as_a("POST", "/api/v1/email/inbound-secret");
  ASSERT_EQ(a_secret.status, 201) << a_secret.body;
  const std::string first = "first-" + x + "@example.net";
  auto opened = deliver(*a_, text(a_secret.json(), "secret"), first, "");
  ASSERT_EQ(opened.status, 200) << opened.body;
  const std::string a_ticket = text(opened.json().at("ticket"), "ticket_id");
  ASSERT_FALSE(a_ticket.empty()) << opened.body;
  const std::string a_before = as_a("GET", "/api/v1/tickets/" + a_ticket).body + as_a("GET", "/api/v1/tickets/" + a_ticket + "/messages").body;
  const int64_t a_count = integer(as_a("GET", "/api/v1/tickets?count=true&limit=1").json(), "total");

  auto b_secret = as_b("POST", "/api/v1/email/inbound-secret");
  ASSERT_EQ(b_secret.status, 201) << b_secret.body;
  const std::string b_key = text(b_secret.json(), "secret");
  auto none = deliver(*b_, b_key, "b1-" + x + "@example.net", "");
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_TRUE(none.json().at("ticket").is_null()) << "B has no such mailbox: " << none.body;
  auto answer = deliver(*b_, b_key, "b2-" + x + "@example.net", "In-Reply-To: <" + first + ">\r\n");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_TRUE(answer.json().at("ticket").is_null()) << "A's ticket message is no parent in B: " << answer.body;
  ASSERT_EQ(as_b("PUT", "/api/v1/support/mailboxes", &boxes).status, 200);
  auto own = deliver(*b_, b_key, "b3-" + x + "@example.net", "In-Reply-To: <" + first + ">\r\n");
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(text(own.json().at("ticket"), "outcome"), "created") << own.body;
  const std::string b_ticket = text(own.json().at("ticket"), "ticket_id");
  EXPECT_NE(b_ticket, a_ticket);
  EXPECT_EQ(as_a("GET", "/api/v1/tickets/" + b_ticket).status, 404);
  EXPECT_EQ(as_b("GET", "/api/v1/tickets/" + a_ticket).status, 404);
  for (const auto* r : {&none, &answer, &own}) expect_no_leak(*r, "B's support mail", "/api/v1/inbound-email", a_ids());
  EXPECT_EQ(as_a("GET", "/api/v1/tickets/" + a_ticket).body + as_a("GET", "/api/v1/tickets/" + a_ticket + "/messages").body, a_before);
  EXPECT_EQ(integer(as_a("GET", "/api/v1/tickets?count=true&limit=1").json(), "total"), a_count);
}

// GET /api/v1/emails: A's records are unknown to B (404), and B's list, even an admin's, never
// holds A's mail, whatever thread it names.
TEST_F(Tenancy, TheEmailListNeverReachesAnotherWorkspace) {
  ASSERT_NO_FATAL_FAILURE(seed_a());
  const SeedA& s = a_seed_;
  for (const auto& [key, id] : {std::pair{"contact_id", s.contact}, std::pair{"company_id", s.company},
                                std::pair{"deal_id", s.deal}, std::pair{"lead_id", s.lead}}) {
    auto r = as_b("GET", std::string("/api/v1/emails?") + key + "=" + id);
    EXPECT_EQ(r.status, 404) << key << ": " << r.body;
    expect_no_leak(r, std::string("B's email list by A's ") + key, "/api/v1/emails", secrets_except(id));
  }
  for (const auto& thread : {s.email, s.received_email}) {
    auto r = as_b("GET", "/api/v1/emails?thread_id=" + thread);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(data_of(r).empty()) << r.body;
    // Control: A's admin finds it.
    EXPECT_EQ(data_of(as_a("GET", "/api/v1/emails?thread_id=" + thread)).size(), 1u);
  }
  auto all = as_b("GET", "/api/v1/emails?limit=500");
  ASSERT_EQ(all.status, 200) << all.body;
  expect_no_leak(all, "B's email list", "/api/v1/emails", a_ids());
}

}  // namespace
}  // namespace rapport::testing
