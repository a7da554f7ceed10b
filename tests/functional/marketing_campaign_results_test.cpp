// What comes back from a campaign (issue 16 §4, §5, §7), end to end: a real send to the test's SMTP
// server, then real hits on the messages' pixel (/t/o) and links (/t/c), a one-click unsubscribe and
// a bounce posted to the inbound route move each recipient's state (filterable) and the report's
// counts and rates; a hit within the prefetch window counts for nothing. The links carry the
// campaign's UTM parameters. Deleting the campaign takes its links and events with it (a link followed
// before is not redirected from the node's cache). A feedback-loop complaint marks its recipient. And the
// refusals: more than 100 links at /send (too_many_links), bad UTM parameters. Runs on SQLite and on
// PostgreSQL (functional_postgres).
#include <chrono>
#include <map>
#include <thread>
#include <tuple>

#include "marketing_campaign_suite.hpp"
#include "modules/email/mime_parser.hpp"
#include "build_paths.hpp"
#include "modules/email/testdata/bounce_samples.hpp"
#include "modules/marketing/campaign_recipient.hpp"
#include "modules/marketing/tracking_flags.hpp"
#include "modules/privacy/consents.hpp"
#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "tenancy_lifecycle_helpers.hpp"

namespace rapport::testing {
namespace {

using namespace std::chrono_literals;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr const char* kBrowser = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0";

// The path after the public URL of the nth `route` address (/t/o/, /t/c/) in a message's HTML.
std::string tracked_path(const std::string& html, const std::string& route, int nth = 0) {
  auto from = html.find(kCampaignPublicUrl + route);
  for (int i = 0; i < nth && from != std::string::npos; ++i) from = html.find(kCampaignPublicUrl + route, from + 1);
  if (from == std::string::npos) return {};
  from += kCampaignPublicUrl.size();
  return html.substr(from, html.find('"', from) - from);
}

class CampaignResults : public CampaignSuite {
 protected:
  // A contact with an email_marketing consent, in `list`.
  std::string consenting(const std::string& name, const std::string& list) {
    const std::string id = create("contacts", json::object{{"first_name", name}, {"last_name", "Result"},
                                                           {"email", name + "@results.example"}});
    json::value consent = json::object{{"channel", "email_marketing"}, {"status", "granted"}, {"source", "api"}};
    EXPECT_EQ(post("/api/v1/contacts/" + id + "/consents", consent).status, 201);
    EXPECT_EQ(post("/api/v1/lists/" + list + "/members", json::object{{"contact_ids", json::array{json::value(id)}}}).status, 200);
    return id;
  }

  HttpResponse visit(const std::string& method, const std::string& path, const std::string& body = "", Headers headers = {}) {
    HttpClient anon(server().port());
    headers.emplace_back("User-Agent", kBrowser);
    return anon.request(method, path, body, headers);
  }

  // The recipients of `state`, by contact id.
  std::vector<std::string> in_state(const std::string& id, const std::string& state) {
    auto r = get("/api/v1/campaigns/" + id + "/recipients?state=" + state);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    const json::value page = r.json();
    for (const auto& row : page.at("data").as_array()) out.push_back(text(row, "contact_id"));
    return out;
  }
  // The recipient row of a contact, once `done` holds for it (the recorder writes within a fraction of a second).
  json::value recipient(const std::string& id, const std::string& contact, const std::function<bool(const json::value&)>& done) {
    json::value row;
    for (int i = 0; i < 100; ++i) {
      const json::value page = get("/api/v1/campaigns/" + id + "/recipients").json();
      for (const auto& r : page.at("data").as_array())
        if (text(r, "contact_id") == contact) row = r;
      if (!row.is_null() && done(row)) break;
      std::this_thread::sleep_for(50ms);
    }
    return row;
  }

  HttpResponse deliver_inbound(const std::string& raw) {
    if (secret_.empty()) {
      auto r = http().call("POST", "/api/v1/email/inbound-secret", token());
      EXPECT_EQ(r.status, 201) << r.body;
      secret_ = text(r.json(), "secret");
    }
    return http().request("POST", "/api/v1/inbound-email", raw, {{"Content-Type", "message/rfc822"}, {"Authorization", "Bearer " + secret_}});
  }
  std::string secret_;
};

TEST_F(CampaignResults, OpensClicksUnsubscribesAndBouncesMoveRecipientsAndTheReport) {
  SmtpServer smtp;
  use(smtp);
  const std::string x = random_suffix();
  const std::string list = create("lists", json::object{{"name", "Results list " + x}});
  std::map<std::string, std::string> who;  // address -> contact
  std::vector<std::string> ids;
  for (const char* n : {"opener", "clicker", "leaver", "bouncer"}) {
    const std::string name = std::string(n) + "." + x;
    ids.push_back(consenting(name, list));
    who[name + "@results.example"] = ids.back();
  }
  const std::string &opener = ids[0], &clicker = ids[1], &leaver = ids[2], &bouncer = ids[3];
  const std::string name = "Results-" + x;
  const std::string id = create("campaigns", json::object{{"name", name}, {"subject", "Sale"},
                                                          {"html", "<html><body><p>See <a href=\"https://shop.example/sale?x=1\">the sale</a>"
                                                                   " and <a href=\"https://shop.example/terms\">its terms</a></p></body></html>"},
                                                          {"audience", json::object{{"list_ids", json::array{json::value(list)}}}},
                                                          {"utm", json::object{{"source", "newsletter"}}},
                                                          {"rate_per_minute", 100}});
  ASSERT_EQ(post("/api/v1/campaigns/" + id + "/send", json::object{}).status, 200);
  auto mail = smtp.wait_for(4);
  ASSERT_EQ(mail.size(), 4u);
  const auto sent_at = std::chrono::steady_clock::now();
  std::map<std::string, email::InboundMessage> message;  // contact -> its message
  for (const auto& m : mail) {
    auto parsed = email::parse_inbound(m.raw);
    ASSERT_TRUE(parsed.ok()) << parsed.problem().detail;
    const std::string to = std::string(json::parse(m.envelope).at("rcpt_tos").at(0).as_string());
    message[who.at(to)] = *parsed;
  }
  report_when(id, [](const json::value& v) { return text(v, "status") == "sent"; }, 60s);

  // The link leads to its URL with the campaign's UTM parameters (source given, medium and
  // campaign their defaults).
  const std::string click = tracked_path(message[clicker].html, "/t/c/"), open = tracked_path(message[opener].html, "/t/o/");
  ASSERT_FALSE(click.empty()) << message[clicker].html;
  ASSERT_FALSE(open.empty()) << message[opener].html;
  // Within the prefetch window (a mail client fetching ahead): recorded, flagged, no state.
  auto early = visit("GET", open);
  EXPECT_EQ(early.status, 200);
  const std::string html_of_leaver = message[leaver].html;
  std::this_thread::sleep_until(sent_at + std::chrono::seconds(marketing::kPrefetchWindowS) + 1s);
  EXPECT_EQ(text(recipient(id, opener, [](const json::value&) { return true; }), "state"), "sent");

  auto followed = visit("GET", click);
  ASSERT_EQ(followed.status, 302) << followed.body;
  EXPECT_EQ(followed.header("location"), "https://shop.example/sale?x=1&utm_source=newsletter&utm_medium=email&utm_campaign=" + name);
  EXPECT_EQ(visit("GET", open).status, 200);
  EXPECT_EQ(visit("GET", tracked_path(html_of_leaver, "/t/o/")).status, 200);

  auto opened = recipient(id, opener, [](const json::value& r) { return text(r, "state") == "opened"; });
  EXPECT_EQ(text(opened, "state"), "opened") << json::serialize(opened);
  EXPECT_FALSE(opened.at("opened_at").is_null());
  EXPECT_TRUE(opened.at("clicked_at").is_null());
  auto clicked = recipient(id, clicker, [](const json::value& r) { return text(r, "state") == "clicked"; });
  EXPECT_EQ(text(clicked, "state"), "clicked") << json::serialize(clicked);
  EXPECT_FALSE(clicked.at("opened_at").is_null()) << "a click implies an open";
  recipient(id, leaver, [](const json::value& r) { return text(r, "state") == "opened"; });

  // The leaver unsubscribes in one click (after opening): unsubscribed, the open still counted.
  std::string page;
  for (const auto& m : mail)
    if (std::string(json::parse(m.envelope).at("rcpt_tos").at(0).as_string()) == "leaver." + x + "@results.example") {
      const std::string h = header_of(m.raw, "List-Unsubscribe");
      page = h.substr(1 + kCampaignPublicUrl.size(), h.size() - 2 - kCampaignPublicUrl.size());
    }
  ASSERT_FALSE(page.empty());
  auto done = visit("POST", page, "List-Unsubscribe=One-Click", {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(done.status, 200) << done.body;
  auto left = recipient(id, leaver, [](const json::value&) { return true; });
  EXPECT_EQ(text(left, "state"), "unsubscribed") << json::serialize(left);
  EXPECT_FALSE(left.at("opened_at").is_null());
  EXPECT_FALSE(left.at("unsubscribed_at").is_null());

  // A bounce of the bouncer's message (a permanent failure): bounced, the address suppressed.
  std::string dsn = email::testdata::bounce_sample(source_dir(), "postfix_bounce.eml", message[bouncer].message_id);
  if (auto at_id = dsn.find("Message-Id: <"); at_id != std::string::npos) dsn.insert(at_id + 13, "b" + x + ".");
  auto delivered = deliver_inbound(dsn);
  ASSERT_EQ(delivered.status, 200) << delivered.body;
  auto bounced = recipient(id, bouncer, [](const json::value&) { return true; });
  EXPECT_EQ(text(bounced, "state"), "bounced") << json::serialize(bounced);
  EXPECT_FALSE(bounced.at("bounced_at").is_null());
  EXPECT_NE(text(bounced, "error").find("5.1.1"), std::string::npos) << json::serialize(bounced);
  EXPECT_EQ(query_database(server().data_dir(), "SELECT reason FROM suppressions WHERE workspace_id = ? AND email_hash = ?",
                           {workspace(), privacy::email_hash("bouncer." + x + "@results.example")}),
            (std::vector<std::vector<std::string>>{{"bounce"}}))
      << "a hard bounce suppresses the address";

  // Each state filters.
  EXPECT_EQ(in_state(id, "opened"), std::vector<std::string>{opener});
  EXPECT_EQ(in_state(id, "clicked"), std::vector<std::string>{clicker});
  EXPECT_EQ(in_state(id, "unsubscribed"), std::vector<std::string>{leaver});
  EXPECT_EQ(in_state(id, "bounced"), std::vector<std::string>{bouncer});
  EXPECT_TRUE(in_state(id, "sent").empty());

  // The report: 4 sent, 3 delivered, 3 of them opened (the leaver too), 1 clicked, 1 unsubscribed, 1 bounced.
  const json::value r = report(id);
  EXPECT_EQ(at(r, "results", "sent"), 4) << json::serialize(r);
  EXPECT_EQ(at(r, "results", "delivered"), 3);
  EXPECT_EQ(at(r, "results", "opened"), 3);
  EXPECT_EQ(at(r, "results", "clicked"), 1);
  EXPECT_EQ(at(r, "results", "unsubscribed"), 1);
  EXPECT_EQ(at(r, "results", "bounced"), 1);
  EXPECT_EQ(r.at("delivered").as_int64(), 3);
  const auto& rates = r.at("rates");
  EXPECT_DOUBLE_EQ(rates.at("delivery").as_double(), 0.75);
  EXPECT_DOUBLE_EQ(rates.at("bounce").as_double(), 0.25);
  EXPECT_DOUBLE_EQ(rates.at("open").as_double(), 1.0);
  EXPECT_DOUBLE_EQ(rates.at("click").as_double(), 0.3333);
  EXPECT_DOUBLE_EQ(rates.at("unsubscribe").as_double(), 0.3333);
  EXPECT_EQ(at(r, "counts", "opened"), 1);
  EXPECT_EQ(at(r, "counts", "clicked"), 1);

  // Deleting the campaign takes its links and events: the old link is 404, a later open writes nothing.
  auto count = [&](const char* table) {
    return query_database(server().data_dir(), std::string("SELECT COUNT(*) FROM ") + table + " WHERE campaign_id = ?", {id}).at(0).at(0);
  };
  EXPECT_NE(count("tracking_events"), "0");
  ASSERT_EQ(del("/api/v1/campaigns/" + id).status, 204);
  EXPECT_EQ(count("tracking_links"), "0");
  EXPECT_EQ(count("tracking_events"), "0");
  EXPECT_EQ(count("campaign_recipients"), "0");
  EXPECT_EQ(visit("GET", tracked_path(message[bouncer].html, "/t/c/", 1)).status, 404) << "the link went with the campaign";
  // The link the clicker followed (kept in this node's link cache) went too: no cached redirect.
  auto after = visit("GET", click);
  EXPECT_EQ(after.status, 404) << after.header("location");
  EXPECT_EQ(visit("GET", open).status, 200) << "the pixel still answers";
  std::this_thread::sleep_for(600ms);  // three recorder rounds
  EXPECT_EQ(count("tracking_events"), "0");
}

// A feedback-loop complaint (RFC 5965, as a mailbox provider sends it) about one recipient's message,
// posted to the inbound route: complained, counted in the report and its rate, the address
// suppressed so the next campaign skips it; a "not-spam" report and a complaint about no campaign
// message change nothing.
TEST_F(CampaignResults, AFeedbackLoopComplaintMarksTheRecipientAndSuppressesTheAddress) {
  SmtpServer smtp;
  use(smtp);
  const std::string x = random_suffix();
  const std::string list = create("lists", json::object{{"name", "Complaint list " + x}});
  const std::string reader = consenting("reader." + x, list), angry = consenting("angry." + x, list);
  auto campaign = [&](const std::string& name) {
    return create("campaigns", json::object{{"name", name + " " + x}, {"subject", "News"}, {"html", "<p>News</p>"},
                                            {"audience", json::object{{"list_ids", json::array{json::value(list)}}}}});
  };
  const std::string id = campaign("Complained");
  ASSERT_EQ(post("/api/v1/campaigns/" + id + "/send", json::object{}).status, 200);
  auto mail = smtp.wait_for(2);
  ASSERT_EQ(mail.size(), 2u);
  report_when(id, [](const json::value& v) { return text(v, "status") == "sent"; }, 60s);
  std::string angry_message_id;
  for (const auto& m : mail)
    if (std::string(json::parse(m.envelope).at("rcpt_tos").at(0).as_string()) == "angry." + x + "@results.example")
      angry_message_id = email::parse_inbound(m.raw)->message_id;
  ASSERT_FALSE(angry_message_id.empty());
  // Each report a message of its own (the inbound route keeps one message per Message-ID).
  auto report_of = [&](const std::string& file, const std::string& about, const std::string& tag) {
    std::string raw = email::testdata::bounce_sample(source_dir(), file, about);
    auto at_id = raw.find("Message-ID: <");
    if (at_id == std::string::npos) at_id = raw.find("Message-Id: <");
    raw.insert(at_id + 13, tag + x + ".");
    return raw;
  };

  std::string not_spam = report_of("arf_headers_only.eml", angry_message_id, "ns");
  const auto type_at = not_spam.find("Feedback-Type: abuse") + 15;
  not_spam.erase(type_at, 5);
  not_spam.insert(type_at, "not-spam");
  ASSERT_EQ(deliver_inbound(not_spam).status, 200);
  ASSERT_EQ(deliver_inbound(report_of("arf_complaint.eml", "unknown.1@elsewhere.example", "u")).status, 200);
  EXPECT_EQ(text(recipient(id, angry, [](const json::value&) { return true; }), "state"), "sent") << "no complaint yet";

  auto delivered = deliver_inbound(report_of("arf_complaint.eml", angry_message_id, "c"));
  ASSERT_EQ(delivered.status, 200) << delivered.body;
  auto row = recipient(id, angry, [](const json::value&) { return true; });
  EXPECT_EQ(text(row, "state"), "complained") << json::serialize(row);
  EXPECT_FALSE(row.at("complained_at").is_null());
  EXPECT_EQ(text(recipient(id, reader, [](const json::value&) { return true; }), "state"), "sent");
  EXPECT_EQ(in_state(id, "complained"), std::vector<std::string>{angry});
  EXPECT_EQ(query_database(server().data_dir(), "SELECT reason FROM suppressions WHERE workspace_id = ? AND email_hash = ?",
                           {workspace(), privacy::email_hash("angry." + x + "@results.example")}),
            (std::vector<std::vector<std::string>>{{"complaint"}}));
  // The same complaint again (a provider resending it under another Message-ID) changes nothing more.
  const std::string first_at = text(row, "complained_at");
  ASSERT_EQ(deliver_inbound(report_of("arf_complaint.eml", angry_message_id, "again")).status, 200);
  EXPECT_EQ(text(recipient(id, angry, [](const json::value&) { return true; }), "complained_at"), first_at);

  const json::value r = report(id);
  EXPECT_EQ(at(r, "results", "complained"), 1) << json::serialize(r);
  EXPECT_EQ(at(r, "results", "delivered"), 2);
  EXPECT_EQ(at(r, "counts", "complained"), 1);
  EXPECT_DOUBLE_EQ(r.at("rates").at("complaint").as_double(), 0.5);

  // The next campaign to the same list skips the complainer as suppressed.
  const std::string next = campaign("After complaint");
  ASSERT_EQ(post("/api/v1/campaigns/" + next + "/send", json::object{}).status, 200);
  const json::value n = report_when(next, [](const json::value& v) { return text(v, "status") == "sent"; }, 60s);
  EXPECT_EQ(at(n, "counts", "sent"), 1) << json::serialize(n);
  EXPECT_EQ(at(n, "skipped_by_reason", "suppressed"), 1) << json::serialize(n);
}

// A transient bounce (4.2.2, mailbox full) of a sent campaign's message: the recipient is queued
// again, due after the backoff, and the campaign sends again when it is due; each retry's transient
// bounce queues it again until the retries are used up; the next one is final, a bounce that
// suppresses the address as a hard bounce does. (The test moves the due time instead of waiting it.)
TEST_F(CampaignResults, ATransientBounceIsRetriedWithBackoffThenSuppressed) {
  SmtpServer smtp;
  use(smtp);
  const std::string x = random_suffix();
  const std::string list = create("lists", json::object{{"name", "Soft bounce list " + x}});
  const std::string full = consenting("full." + x, list);
  const std::string id = create("campaigns", json::object{{"name", "Soft " + x}, {"subject", "News"}, {"html", "<p>News</p>"},
                                                          {"audience", json::object{{"list_ids", json::array{json::value(list)}}}}});
  ASSERT_EQ(post("/api/v1/campaigns/" + id + "/send", json::object{}).status, 200);
  report_when(id, [](const json::value& v) { return text(v, "status") == "sent"; }, 60s);
  // The mailbox-full report of the latest message, each its own Message-ID.
  auto mailbox_full = [&](int n) {
    auto mail = smtp.wait_for(n);
    EXPECT_EQ(mail.size(), static_cast<std::size_t>(n));
    std::string dsn = email::testdata::bounce_sample(source_dir(), "postfix_bounce.eml", email::parse_inbound(mail.back().raw)->message_id);
    for (auto at = dsn.find("5.1.1"); at != std::string::npos; at = dsn.find("5.1.1", at)) {
      dsn.erase(at, 5);
      dsn.insert(at, "4.2.2");
    }
    const auto at_id = dsn.find("Message-Id: <") + 13;
    dsn.insert(at_id, "soft" + std::to_string(n) + x + ".");
    auto r = deliver_inbound(dsn);
    EXPECT_EQ(r.status, 200) << r.body;
  };
  const int64_t bounced_ms = clock::now_ms();
  for (int retry = 1; retry <= marketing::kTransientRetries; ++retry) {
    mailbox_full(retry);
    auto row = recipient(id, full, [](const json::value& r) { return text(r, "state") == "queued"; });
    ASSERT_EQ(text(row, "state"), "queued") << "retry " << retry << ": " << json::serialize(row);
    EXPECT_NE(text(row, "error").find("4.2.2"), std::string::npos) << json::serialize(row);
    EXPECT_TRUE(row.at("sent_at").is_null()) << "the message did not arrive";
    const auto stored = query_database(server().data_dir(), "SELECT transient_retries, retry_at FROM campaign_recipients WHERE campaign_id = ?", {id});
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0][0], std::to_string(retry));
    const int64_t due = *clock::parse_datetime(stored[0][1]);
    EXPECT_GE(due, bounced_ms + marketing::transient_retry_delay_ms(retry - 1)) << "backoff grows: " << stored[0][1];
    // The retry state as the API shows it: each try so far, the next one's time, the server's
    // 250 of the exchange that bounced (a DSN is not an SMTP reply).
    EXPECT_EQ(row.at("attempts").as_int64(), retry) << json::serialize(row);
    EXPECT_EQ(text(row, "retry_at"), stored[0][1]) << json::serialize(row);
    EXPECT_EQ(row.at("smtp_reply_code").as_int64(), 250) << json::serialize(row);
    EXPECT_EQ(text(get("/api/v1/campaigns/" + id).json(), "status"), "sending") << "sending again, for the retry";
    std::this_thread::sleep_for(1500ms);  // the job runner's poll, and more
    EXPECT_EQ(smtp.wait_for(retry).size(), static_cast<std::size_t>(retry)) << "not sent again before it is due";
    // Time passes: the retry and the chain's next job are due now.
    write_database(server().data_dir(), [&](db::Connection& c) {
      c.prepare("UPDATE campaign_recipients SET retry_at = ? WHERE campaign_id = ?").bind_all({clock::format_ms(clock::now_ms() - 1000), id}).run();
      c.prepare("UPDATE jobs SET run_at = ? WHERE type = 'campaign.send' AND state = 'queued' AND payload LIKE ?")
          .bind_all({clock::format_ms(clock::now_ms() - 1000), "%" + id + "%"})
          .run();
    });
    report_when(id, [](const json::value& v) { return text(v, "status") == "sent"; }, 60s);
    EXPECT_EQ(smtp.wait_for(retry + 1).size(), static_cast<std::size_t>(retry + 1)) << "sent again";
    EXPECT_EQ(text(recipient(id, full, [](const json::value&) { return true; }), "state"), "sent");
  }
  // The retries used up: the next transient bounce is final.
  mailbox_full(marketing::kTransientRetries + 1);
  auto row = recipient(id, full, [](const json::value& r) { return text(r, "state") == "bounced"; });
  EXPECT_EQ(text(row, "state"), "bounced") << json::serialize(row);
  EXPECT_EQ(text(get("/api/v1/campaigns/" + id).json(), "status"), "sent");
  EXPECT_EQ(query_database(server().data_dir(), "SELECT reason FROM suppressions WHERE workspace_id = ? AND email_hash = ?",
                           {workspace(), privacy::email_hash("full." + x + "@results.example")}),
            (std::vector<std::vector<std::string>>{{"bounce"}}));
  const json::value r = report(id);
  EXPECT_EQ(at(r, "results", "bounced"), 1) << json::serialize(r);
  EXPECT_EQ(at(r, "results", "delivered"), 0);
}

// An SMTP server answering 451 (try again later) to the recipient: not failed, queued again with the
// backoff, the campaign still sending, waiting for it.
TEST_F(CampaignResults, ATemporarySmtpRefusalIsRetriedLater) {
  SmtpServer smtp("refuse");
  use(smtp);
  const std::string x = random_suffix();
  const std::string list = create("lists", json::object{{"name", "Refused list " + x}});
  const std::string later = consenting("later." + x, list);
  const std::string id = create("campaigns", json::object{{"name", "Refused " + x}, {"subject", "News"}, {"html", "<p>News</p>"},
                                                          {"audience", json::object{{"list_ids", json::array{json::value(list)}}}}});
  ASSERT_EQ(post("/api/v1/campaigns/" + id + "/send", json::object{}).status, 200);
  auto row = recipient(id, later, [](const json::value& r) { return text(r, "error").find("451") != std::string::npos; });
  EXPECT_EQ(text(row, "state"), "queued") << json::serialize(row);
  EXPECT_NE(text(row, "error").find("transient failure, try 2 due"), std::string::npos) << json::serialize(row);
  // The retry state: one try made, the next one's time (the one the error names), the reply code.
  EXPECT_EQ(row.at("attempts").as_int64(), 1) << json::serialize(row);
  EXPECT_EQ(row.at("smtp_reply_code").as_int64(), 451) << json::serialize(row);
  ASSERT_TRUE(row.at("retry_at").is_string()) << json::serialize(row);
  EXPECT_NE(text(row, "error").find("due " + text(row, "retry_at")), std::string::npos) << json::serialize(row);
  EXPECT_GT(*clock::parse_datetime(text(row, "retry_at")), clock::now_ms()) << "due later";
  EXPECT_EQ(query_database(server().data_dir(), "SELECT transient_retries FROM campaign_recipients WHERE campaign_id = ?", {id}),
            (std::vector<std::vector<std::string>>{{"1"}}));
  const json::value r = report(id);
  EXPECT_EQ(text(r, "status"), "sending") << "waiting for the retry: " << json::serialize(r);
  EXPECT_EQ(at(r, "counts", "failed"), 0);
  EXPECT_EQ(at(r, "counts", "queued"), 1);
}

TEST_F(CampaignResults, MoreThanAHundredLinksAndBadUtmParametersAreRefused) {
  SmtpServer smtp;
  use(smtp);
  const std::string x = random_suffix();
  const std::string list = create("lists", json::object{{"name", "Links list " + x}});
  consenting("links." + x, list);
  std::string html = "<html><body>";
  for (int i = 0; i <= 100; ++i) {
    html += "<a href=\"https://shop.example/item/";
    html += std::to_string(i);
    html += "\">item</a> ";
  }
  html += "</body></html>";
  const std::string id = create("campaigns", json::object{{"name", "Links " + x}, {"subject", "Many"}, {"html", html},
                                                          {"audience", json::object{{"list_ids", json::array{json::value(list)}}}}});
  auto refused = post("/api/v1/campaigns/" + id + "/send", json::object{});
  ASSERT_EQ(refused.status, 422) << refused.body;
  bool named = false;
  const json::value problem = refused.json();
  for (const auto& e : problem.at("errors").as_array())
    if (text(e, "field") == "html" && text(e, "code") == "too_many_links") named = true;
  EXPECT_TRUE(named) << refused.body;
  auto still = get("/api/v1/campaigns/" + id).json();
  EXPECT_EQ(text(still, "status"), "draft");
  EXPECT_EQ(still.at("version").as_int64(), 1);
  EXPECT_EQ(report(id).at("recipients").as_int64(), 0) << "no audience was frozen";

  // UTM parameters: null or an object of source, medium, campaign (bounded text).
  EXPECT_TRUE(still.at("utm").is_null()) << "none unless asked";
  const std::vector<std::pair<json::value, std::string>> bad = {
      {json::object{{"utm", "yes"}}, "utm"},
      {json::object{{"utm", json::object{{"term", "x"}}}}, "utm.term"},
      {json::object{{"utm", json::object{{"source", 5}}}}, "utm.source"},
      {json::object{{"utm", json::object{{"medium", std::string(201, 'm')}}}}, "utm.medium"},
      {json::object{{"utm", json::object{{"campaign", "a\nb"}}}}, "utm.campaign"}};
  for (const auto& [body, field] : bad) {
    auto r = patch("/api/v1/campaigns/" + id, body);
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(error_fields(r), std::vector<std::string>{field}) << r.body;
  }
  EXPECT_EQ(get("/api/v1/campaigns/" + id).json().at("version").as_int64(), 1) << "nothing changed";
  auto set = patch("/api/v1/campaigns/" + id, json::object{{"utm", json::object{{"medium", "mail"}}}});
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(json::serialize(set.json().at("utm")),
            json::serialize(json::value(json::object{{"source", "rapport"}, {"medium", "mail"}, {"campaign", "Links " + x}})));
  auto off = patch("/api/v1/campaigns/" + id, json::object{{"utm", nullptr}});
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_TRUE(off.json().at("utm").is_null());
}

// Attribution: a contact clicked campaign A 5 days ago and B 2 days ago (a scanner clicked A since:
// no touch); two deals of the contact made now, one open (EUR), one won (USD). Last touch credits B,
// first touch A, first touch within 3 days B again; the marketer sees the counts, not the amounts.
TEST_F(CampaignResults, InfluencedDealsAreCreditedByFirstOrLastTouchWithAmountsPerCurrency) {
  const std::string x = random_suffix();
  const std::string person = create("contacts", json::object{{"last_name", "Touch" + x}, {"email", "touch." + x + "@results.example"}});
  const std::string a = create("campaigns", json::object{{"name", "Touch A " + x}});
  const std::string b = create("campaigns", json::object{{"name", "Touch B " + x}});
  const int64_t now = clock::now_ms(), day = 86'400'000;
  write_database(server().data_dir(), [&](db::Connection& c) {
    for (const auto& [campaign, at_ms, bot] : std::vector<std::tuple<std::string, int64_t, int64_t>>{
             {a, now - 5 * day, 0}, {b, now - 2 * day, 0}, {a, now - day, 1}})
      c.prepare("INSERT INTO tracking_events(id, workspace_id, campaign_id, contact_id, kind, link_idx, occurred_at, bot, prefetch) "
                "VALUES (?, ?, ?, ?, 'click', 0, ?, ?, 0)")
          .bind_all({ids::uuid_v7(), workspace(), campaign, person, clock::format_ms(at_ms), bot})
          .run();
  });
  json::value pipeline_body = json::object{{"name", "Touch pipeline " + x},
                                           {"stages", json::array{json::object{{"name", "Open"}, {"probability", 20}, {"type", "open"}},
                                                                  json::object{{"name", "Won"}, {"type", "won"}}}}};
  auto pipeline = post("/api/v1/pipelines", pipeline_body);
  ASSERT_EQ(pipeline.status, 201) << pipeline.body;
  const std::string pid = text(pipeline.json(), "id");
  const auto stages = pipeline.json().at("stages").as_array();
  const json::array contacts{json::object{{"contact_id", person}}};
  create("deals", json::object{{"name", "Open " + x}, {"pipeline_id", pid}, {"stage_id", text(stages[0], "id")}, {"amount", 100000},
                               {"currency", "EUR"}, {"contacts", contacts}});
  create("deals", json::object{{"name", "Won " + x}, {"pipeline_id", pid}, {"stage_id", text(stages[1], "id")}, {"amount", 50000},
                               {"currency", "USD"}, {"expected_close_date", clock::now_text().substr(0, 10)}, {"contacts", contacts}});

  auto deals = [&](const std::string& id, const std::string& query) { return at(report(id, query), "attribution", "deals"); };
  EXPECT_EQ(deals(b, ""), 2) << "last touch in 30 days by default";
  EXPECT_EQ(deals(a, ""), 0);
  EXPECT_EQ(deals(a, "?model=first_touch"), 2);
  EXPECT_EQ(deals(b, "?model=first_touch"), 0);
  EXPECT_EQ(deals(b, "?model=first_touch&window_days=3"), 2) << "A's click is outside 3 days";
  EXPECT_EQ(deals(a, "?model=first_touch&window_days=3"), 0);

  const json::value r = report(a, "?model=first_touch");
  const auto& got = r.at("attribution");
  EXPECT_EQ(text(got, "model"), "first_touch");
  EXPECT_EQ(got.at("window_days").as_int64(), 30);
  EXPECT_EQ(got.at("open_deals").as_int64(), 1);
  EXPECT_EQ(got.at("won_deals").as_int64(), 1);
  EXPECT_TRUE(got.at("amounts_shown").as_bool());
  EXPECT_EQ(json::serialize(got.at("open_amount")), R"([{"currency":"EUR","amount":100000}])");
  EXPECT_EQ(json::serialize(got.at("won_amount")), R"([{"currency":"USD","amount":50000}])");

  // The marketing role reads no deals: the counts, no amounts.
  auto seen = as("marketer", "GET", "/api/v1/campaigns/" + a + "/report?model=first_touch");
  ASSERT_EQ(seen.status, 200) << seen.body;
  const json::value body = seen.json();
  const auto& theirs = body.at("attribution");
  EXPECT_EQ(theirs.at("deals").as_int64(), 2);
  EXPECT_FALSE(theirs.at("amounts_shown").as_bool());
  EXPECT_TRUE(theirs.at("open_amount").is_null());
  EXPECT_TRUE(theirs.at("won_amount").is_null());

  for (const char* bad : {"?model=linear", "?window_days=0", "?window_days=366", "?window_days=x"})
    EXPECT_EQ(get("/api/v1/campaigns/" + a + "/report" + bad).status, 400) << bad;
}

}  // namespace
}  // namespace rapport::testing
