// Email campaigns end to end against a real SMTP server (email_smtp_server.hpp): bad inputs refused
// with nothing written; 10,000 recipients mailed, exactly those without consent or suppressed
// skipped; pause and resume; a server killed (SIGKILL) while sending, restarted, mailing no one
// twice. The contacts are written straight into the database (10,000 requests would be the test's
// whole time), with their consents and suppressions, and put in a static list the audience names.
// Runs on SQLite and on PostgreSQL (functional_postgres). Who may call the routes: access_walk_test.cpp;
// another workspace's campaign: tenancy_isolation_test.cpp.
#include <chrono>
#include <iostream>
#include <map>
#include <set>
#include <thread>

#include "custom_field_db.hpp"
#include "marketing_campaign_suite.hpp"
#include "modules/email/mime_parser.hpp"
#include "modules/marketing/campaign_jobs.hpp"
#include "modules/privacy/consents.hpp"
#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "tenancy_lifecycle_helpers.hpp"

namespace rapport::testing {
namespace {

using namespace std::chrono_literals;

// What the seeded contacts are: every index gets an address; those `no_consent` names get no
// email_marketing consent, those `suppressed` names get one (older) and their address suppressed.
struct Seed {
  std::string tag;
  int count = 0;
  std::function<bool(int)> no_consent = [](int) { return false; };
  std::function<bool(int)> suppressed = [](int) { return false; };
  std::string address(int i) const {
    std::string a = "c";  // += : GCC 12 warns falsely on "literal" + std::to_string
    a += std::to_string(i);
    return a + "." + tag + "@example.com";
  }
};

std::string first_name(int i) {
  std::string n = "First";
  n += std::to_string(i);
  return n;
}

// Writes the contacts, their consents and suppressions, and the list's memberships in one transaction.
void seed_contacts(const std::string& data_dir, const std::string& workspace, const std::string& list_id, const Seed& s) {
  const std::string now = clock::now_text(), granted = "2026-01-01T00:00:00.000Z";
  write_database(data_dir, [&](db::Connection& c) {
    for (int i = 0; i < s.count; ++i) {
      const std::string id = ids::uuid_v7(), email = s.address(i);
      c.prepare("INSERT INTO contacts(id, workspace_id, first_name, last_name, email, email_key, created_at, updated_at, version) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)")
          .bind_all({id, workspace, first_name(i), "Camp" + s.tag, email, email, now, now})
          .run();
      c.prepare("INSERT INTO marketing_list_members(workspace_id, list_id, contact_id, added_at) VALUES (?, ?, ?, ?)")
          .bind_all({workspace, list_id, id, now})
          .run();
      if (!s.no_consent(i))
        c.prepare("INSERT INTO consents(id, workspace_id, contact_id, channel, status, source, recorded_at) "
                  "VALUES (?, ?, ?, 'email_marketing', 'granted', 'import', ?)")
            .bind_all({ids::uuid_v7(), workspace, id, granted})
            .run();
      if (s.suppressed(i)) privacy::suppress(c, workspace, email, "test");
    }
  });
}

// The recipients each message went to (the envelope's RCPT TO), counted.
std::map<std::string, int> mailed(const std::vector<ReceivedMail>& mail) {
  std::map<std::string, int> out;
  for (const auto& m : mail) {
    const json::value envelope = boost::json::parse(m.envelope);
    for (const auto& to : envelope.at("rcpt_tos").as_array()) ++out[std::string(to.as_string())];
  }
  return out;
}

class Campaigns : public CampaignSuite {
 protected:
  // A list holding `s`'s contacts, and a draft campaign to it.
  std::string campaign_to(const Seed& s, int64_t rate) {
    const std::string list = create("lists", json::object{{"name", "Campaign list " + s.tag}});
    seed_contacts(server().data_dir(), workspace(), list, s);
    return create("campaigns", json::object{{"name", "Campaign " + s.tag},
                                            {"subject", "News for {{contact.first_name}}"},
                                            {"html", "<p>Hello {{contact.first_name}} &amp; co</p>"},
                                            {"audience", json::object{{"list_ids", json::array{json::value(list)}}}},
                                            {"rate_per_minute", rate}});
  }
};

TEST_F(Campaigns, BadInputsAreRefusedWithNothingWritten) {
  const std::string x = random_suffix();
  const std::string list = create("lists", json::object{{"name", "Bad input list " + x}});
  auto count = [&] { return get("/api/v1/campaigns").json().at("data").as_array().size(); };
  const auto before = count();
  const std::vector<std::pair<json::value, std::vector<std::string>>> bad = {
      {json::object{{"subject", "no name"}}, {"name"}},
      {json::object{{"name", "x"}, {"colour", "red"}}, {"colour"}},
      {json::object{{"name", "x"}, {"rate_per_minute", 0}}, {"rate_per_minute"}},
      {json::object{{"name", "x"}, {"rate_per_minute", 100001}}, {"rate_per_minute"}},
      {json::object{{"name", "x"}, {"subject", "two\nlines"}}, {"subject"}},
      {json::object{{"name", "x"}, {"from", "not an address"}}, {"from"}},
      {json::object{{"name", "x"}, {"html", std::string(102401, 'a')}}, {"html"}},
      {json::object{{"name", "x"}, {"audience", json::object{{"list_ids", json::array{"nope"}}}}}, {"audience.list_ids.0"}},
      {json::object{{"name", "x"}, {"audience", json::object{{"lists", json::array{}}}}}, {"audience.lists"}},
      // Checked against the workspace: a list that is not one, a merge field contacts do not have.
      {json::object{{"name", "x"}, {"audience", json::object{{"segment_ids", json::array{json::value(list)}}}}}, {"audience.segment_ids.0"}},
      {json::object{{"name", "x"}, {"html", "Hi {{contact.shoe_size}}"}}, {"html"}},
      {json::object{{"name", "x"}, {"subject", "Hi {{deal.name}}"}}, {"subject"}},
  };
  for (const auto& [body, fields] : bad) {
    auto r = post("/api/v1/campaigns", body);
    EXPECT_EQ(r.status, 422) << json::serialize(body) << ": " << r.body;
    for (const auto& f : fields) {
      auto got = error_fields(r);
      EXPECT_NE(std::find(got.begin(), got.end(), f), got.end()) << f << " in " << r.body;
    }
  }
  EXPECT_EQ(count(), before) << "a refused body stored a campaign";

  // A draft saves with what it has; a marketer may create, a rep may not.
  json::value draft = json::object{{"name", "Draft " + x}, {"audience", json::object{{"list_ids", json::array{json::value(list)}}}}};
  auto d = as("marketer", "POST", "/api/v1/campaigns", &draft);
  ASSERT_EQ(d.status, 201) << d.body;
  const std::string id = text(d.json(), "id");
  EXPECT_EQ(text(d.json(), "status"), "draft");
  json::value other = json::object{{"name", "By a rep " + x}};
  EXPECT_EQ(as("rep1", "POST", "/api/v1/campaigns", &other).status, 403);
  EXPECT_EQ(as("rep1", "GET", "/api/v1/campaigns/" + id).status, 200) << "a role that reads contacts reads campaigns";
  EXPECT_EQ(as("rep1", "GET", "/api/v1/campaigns/" + id + "/report").status, 403);
  auto dup = post("/api/v1/campaigns", json::object{{"name", "DRAFT " + x}});
  EXPECT_EQ(dup.status, 409) << dup.body;

  // A stale If-Match, a send that lacks what sending needs, a test send to a bad address, a bad filter.
  auto stale = patch("/api/v1/campaigns/" + id, json::object{{"subject", "x"}}, {{"If-Match", "\"99\""}});
  EXPECT_EQ(stale.status, 412) << stale.body;
  auto no_settings = post("/api/v1/campaigns/" + id + "/send", json::object{});
  EXPECT_TRUE(no_settings.status == 409 || no_settings.status == 422) << no_settings.body;
  SmtpServer smtp;
  use(smtp);
  auto incomplete = post("/api/v1/campaigns/" + id + "/send", json::object{});
  EXPECT_EQ(incomplete.status, 422) << incomplete.body;
  auto fields = error_fields(incomplete);
  EXPECT_NE(std::find(fields.begin(), fields.end(), "subject"), fields.end()) << incomplete.body;
  EXPECT_NE(std::find(fields.begin(), fields.end(), "html"), fields.end()) << incomplete.body;
  auto late = post("/api/v1/campaigns/" + id + "/send", json::object{{"scheduled_at", "2999-01-01T00:00:00Z"}});
  EXPECT_EQ(late.status, 422) << late.body;
  auto from = patch("/api/v1/campaigns/" + id, json::object{{"from", "someone@else.example"}});
  EXPECT_EQ(from.status, 422) << from.body;
  auto test_bad = post("/api/v1/campaigns/" + id + "/test-send", json::object{{"to", json::array{"nope"}}});
  EXPECT_EQ(test_bad.status, 422) << test_bad.body;
  auto test_many = post("/api/v1/campaigns/" + id + "/test-send",
                        json::object{{"to", json::array{"a@x.example", "b@x.example", "c@x.example", "d@x.example", "e@x.example", "f@x.example"}}});
  EXPECT_EQ(test_many.status, 422) << test_many.body;
  EXPECT_EQ(get("/api/v1/campaigns/" + id + "/recipients?state=lost").status, 400);
  EXPECT_EQ(get("/api/v1/campaigns/" + id + "/recipients?limit=0").status, 400);
  EXPECT_EQ(get("/api/v1/campaigns/" + id + "/recipients?cursor=zzz").status, 400);
  EXPECT_EQ(post("/api/v1/campaigns/" + id + "/pause", json::object{}).status, 409) << "a draft does not pause";
  EXPECT_EQ(post("/api/v1/campaigns/" + id + "/resume", json::object{}).status, 409) << "a draft does not resume";
  auto unchanged = get("/api/v1/campaigns/" + id);
  EXPECT_EQ(text(unchanged.json(), "status"), "draft");
  EXPECT_EQ(unchanged.json().at("version").as_int64(), 1) << unchanged.body;

  // A test send renders for the chosen contact and changes nothing.
  auto ok = patch("/api/v1/campaigns/" + id, json::object{{"subject", "Hi {{contact.first_name}}"}, {"text", "Dear {{contact.last_name}}"}},
                  {{"If-Match", "\"1\""}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  const std::string contact = create("contacts", json::object{{"first_name", "Ada"}, {"last_name", "Lovelace" + x}});
  auto t = post("/api/v1/campaigns/" + id + "/test-send", json::object{{"to", json::array{"qa@example.com"}}, {"contact_id", contact}});
  ASSERT_EQ(t.status, 200) << t.body;
  EXPECT_TRUE(t.json().at("sent").as_bool()) << t.body;
  auto mail = smtp.wait_for(1);
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_NE(mail[0].raw.find("Subject: [Test] Hi Ada"), std::string::npos) << mail[0].raw;
  EXPECT_NE(mail[0].raw.find("Dear Lovelace" + x), std::string::npos) << mail[0].raw;
  EXPECT_EQ(text(get("/api/v1/campaigns/" + id).json(), "status"), "draft");
  auto nobody = post("/api/v1/campaigns/" + id + "/test-send",
                     json::object{{"to", json::array{"qa@example.com"}}, {"contact_id", "01900000-0000-7000-8000-000000000000"}});
  EXPECT_EQ(nobody.status, 422) << nobody.body;

  // A draft is deleted with If-Match; then it is gone.
  auto now = get("/api/v1/campaigns/" + id);
  EXPECT_EQ(del("/api/v1/campaigns/" + id, {{"If-Match", now.header("etag")}}).status, 204);
  EXPECT_EQ(get("/api/v1/campaigns/" + id).status, 404);
}

// A test message goes to addresses its sender picks, so its merge fields are filled as the sender
// reads the contact: a role that manages campaigns (exports every contact) but reads only its own and
// has job titles hidden mailed itself any contact's hidden fields before (the values were read with
// the server's rights, as the campaign's real send reads them for the contact it goes to).
TEST_F(Campaigns, ATestSendFillsMergeFieldsAsItsSenderReadsTheContact) {
  const std::string x = random_suffix();
  json::value role = json::object{
      {"name", "campaigns_own_" + x},
      {"permissions", json::object{{"contacts", json::object{{"read", "own"}, {"create", "own"}, {"update", "own"}, {"export", "all"}}}}},
      {"field_rules", json::object{{"contacts", json::object{{"job_title", "hidden"}}}}}};
  auto made = post("/api/v1/roles", role);
  ASSERT_EQ(made.status, 201) << made.body;
  add_member("own_marketer" + x, "campaigns_own_" + x, {});
  SmtpServer smtp;
  use(smtp);
  json::value draft = json::object{{"name", "Titles " + x}, {"subject", "Hi {{contact.first_name}}"},
                                   {"text", "Title: [{{contact.job_title}}]"}};
  auto d = as("own_marketer" + x, "POST", "/api/v1/campaigns", &draft);
  ASSERT_EQ(d.status, 201) << d.body;
  const std::string id = text(d.json(), "id");
  const std::string someone_elses = create("contacts", json::object{{"first_name", "Grace"}, {"job_title", "CFO " + x}});
  // Theirs, with a title they cannot see (nor write: the admin gives it to them).
  const std::string mine = create("contacts", json::object{{"first_name", "Alan"}, {"job_title", "Secret " + x},
                                                           {"owner_id", m("own_marketer" + x).id}});
  ASSERT_FALSE(mine.empty());

  json::value other = json::object{{"to", json::array{"me@outside.example"}}, {"contact_id", someone_elses}};
  auto refused = as("own_marketer" + x, "POST", "/api/v1/campaigns/" + id + "/test-send", &other);
  EXPECT_EQ(refused.status, 422) << "a contact outside the sender's scope: " << refused.body;
  json::value own = json::object{{"to", json::array{"me@outside.example"}}, {"contact_id", mine}};
  auto sent = as("own_marketer" + x, "POST", "/api/v1/campaigns/" + id + "/test-send", &own);
  ASSERT_EQ(sent.status, 200) << sent.body;
  auto mail = smtp.wait_for(1);
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_NE(mail[0].raw.find("Subject: [Test] Hi Alan"), std::string::npos) << mail[0].raw;
  EXPECT_NE(mail[0].raw.find("Title: []"), std::string::npos) << "the hidden field stays empty: " << mail[0].raw;
  EXPECT_EQ(mail[0].raw.find("Secret " + x), std::string::npos) << mail[0].raw;
  EXPECT_EQ(mail[0].raw.find("CFO " + x), std::string::npos) << mail[0].raw;
}

TEST_F(Campaigns, TenThousandRecipientsAreMailedExceptExactlyThoseWithoutConsentOrSuppressed) {
  SmtpServer smtp;
  use(smtp);
  // 5% without consent, 1% suppressed (their consent older than the suppression).
  Seed s{.tag = random_suffix(), .count = 10000, .no_consent = [](int i) { return i % 20 == 7; },
         .suppressed = [](int i) { return i % 100 == 3; }};
  const std::string id = campaign_to(s, 100000);
  // No ANALYZE: the tables were just filled (PostgreSQL has no statistics of these rows yet), and
  // the audience is counted and frozen in a shape whose cost does not depend on them.
  // Before sending, the send confirmation's numbers: exactly those the send will skip.
  const auto asked = std::chrono::steady_clock::now();
  auto reach = get("/api/v1/campaigns/" + id + "/audience");
  std::cout << "[ campaign ] audience of 10,000 counted in "
            << std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - asked).count() << " ms\n";
  ASSERT_EQ(reach.status, 200) << reach.body;
  EXPECT_EQ(reach.json().at("contacts").as_int64(), 10000) << reach.body;
  EXPECT_EQ(reach.json().at("will_receive").as_int64(), 9400) << reach.body;
  EXPECT_EQ(at(reach.json(), "excluded", "no_consent"), 500) << reach.body;
  EXPECT_EQ(at(reach.json(), "excluded", "suppressed"), 100) << reach.body;
  EXPECT_EQ(at(reach.json(), "excluded", "no_email"), 0) << reach.body;
  EXPECT_EQ(as("rep1", "GET", "/api/v1/campaigns/" + id + "/audience").status, 403);
  const auto started = std::chrono::steady_clock::now();
  auto sent = post("/api/v1/campaigns/" + id + "/send", json::object{});
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_EQ(text(sent.json(), "status"), "scheduled");
  json::value r = report_when(id, [](const json::value& v) { return text(v, "status") == "sent"; }, 300s);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "[ campaign ] 10,000 recipients settled in " << seconds << " s\n";
  ASSERT_EQ(text(r, "status"), "sent") << json::serialize(r);
  EXPECT_EQ(r.at("recipients").as_int64(), 10000);
  EXPECT_EQ(at(r, "counts", "sent"), 9400) << json::serialize(r);
  EXPECT_EQ(at(r, "counts", "skipped"), 600);
  EXPECT_EQ(at(r, "skipped_by_reason", "no_consent"), 500);
  EXPECT_EQ(at(r, "skipped_by_reason", "suppressed"), 100);
  EXPECT_EQ(at(r, "counts", "failed"), 0);
  EXPECT_EQ(r.at("rates").at("delivery").as_double(), 1.0);

  // At the SMTP server: each consenting contact once, no one else; on connections reused from
  // message to message (at most 8 at once in each of at most 2 send jobs: campaign_jobs.hpp).
  auto mail = smtp.wait_for(9400);
  auto to = mailed(mail);
  EXPECT_EQ(mail.size(), 9400u);
  std::cout << "[ campaign ] 9,400 messages on " << smtp.connections() << " SMTP connections\n";
  EXPECT_LE(smtp.connections(), 16u);
  EXPECT_EQ(to.size(), 9400u);
  for (int i = 0; i < s.count; ++i) {
    const bool skipped = s.no_consent(i) || s.suppressed(i);
    auto it = to.find(s.address(i));
    if (skipped) EXPECT_EQ(it, to.end()) << s.address(i) << " was mailed";
    else EXPECT_TRUE(it != to.end() && it->second == 1) << s.address(i) << " mailed " << (it == to.end() ? 0 : it->second) << " times";
  }
  // The merge fields, each message its own contact's.
  for (const auto& m : mail) {
    auto rcpt = std::string(boost::json::parse(m.envelope).at("rcpt_tos").as_array()[0].as_string());
    std::string n = rcpt.substr(1, rcpt.find('.') - 1);
    EXPECT_NE(m.raw.find("Subject: News for First" + n), std::string::npos) << m.raw.substr(0, 600);
    if (::testing::Test::HasFailure()) break;
  }

  // The recipients: paged, by state, with the reason.
  auto skipped = get("/api/v1/campaigns/" + id + "/recipients?state=skipped&limit=500");
  ASSERT_EQ(skipped.status, 200) << skipped.body;
  auto page = skipped.json();
  EXPECT_EQ(page.at("data").as_array().size(), 500u);
  const std::string next = text(page, "next_cursor");
  auto rest = get("/api/v1/campaigns/" + id + "/recipients?state=skipped&limit=500&cursor=" + next).json();
  EXPECT_EQ(rest.at("data").as_array().size(), 100u);
  EXPECT_TRUE(rest.at("next_cursor").is_null());
  for (const auto& row : page.at("data").as_array()) {
    const std::string reason = text(row, "skip_reason");
    EXPECT_TRUE(reason == "no_consent" || reason == "suppressed") << json::serialize(row);
    EXPECT_EQ(row.at("attempts").as_int64(), 0) << "never handed to the SMTP server: " << json::serialize(row);
    EXPECT_TRUE(row.at("smtp_reply_code").is_null()) << json::serialize(row);
  }
  // A sent one: one exchange, the server's 250, no retry waiting.
  auto sent_rows = get("/api/v1/campaigns/" + id + "/recipients?state=sent&limit=100").json();
  ASSERT_EQ(sent_rows.at("data").as_array().size(), 100u);
  for (const auto& row : sent_rows.at("data").as_array()) {
    EXPECT_EQ(row.at("attempts").as_int64(), 1) << json::serialize(row);
    EXPECT_EQ(row.at("smtp_reply_code").as_int64(), 250) << json::serialize(row);
    EXPECT_TRUE(row.at("retry_at").is_null()) << json::serialize(row);
  }
  // Sent, it neither changes nor sends again.
  EXPECT_EQ(post("/api/v1/campaigns/" + id + "/send", json::object{}).status, 409);
  EXPECT_EQ(patch("/api/v1/campaigns/" + id, json::object{{"subject", "again"}}).status, 409);
}

// The send confirmation's numbers (GET …/audience) before anything is sent: the audience less its
// exclusions, then who the send would skip and why, by the send's own rules (a grant newer than the
// suppression is mailed again, as privacy::may_contact says).
TEST_F(Campaigns, TheAudienceIsCountedAsTheSendWillCountIt) {
  Seed s{.tag = random_suffix(), .count = 20, .no_consent = [](int i) { return i % 5 == 1; }, .suppressed = [](int i) { return i % 5 == 2; }};
  const std::string id = campaign_to(s, 1000);
  const json::value campaign = get("/api/v1/campaigns/" + id).json();
  const std::string list = std::string(campaign.at("audience").at("list_ids").as_array()[0].as_string());
  // One member without an address; one left out by a segment; one suppressed who opted in again since.
  const std::string nomail = create("contacts", json::object{{"first_name", "Nomail" + s.tag}});
  ASSERT_EQ(post("/api/v1/lists/" + list + "/members", json::object{{"contact_ids", json::array{json::value(nomail)}}}).status, 200);
  const std::string out = create("segments", json::object{{"name", "Left out " + s.tag}, {"object", "contacts"},
                                                           {"filter", json::object{{"email", json::object{{"eq", s.address(3)}}}}}});
  auto p = patch("/api/v1/campaigns/" + id, json::object{{"audience", json::object{{"list_ids", json::array{json::value(list)}},
                                                                                    {"exclude_segment_ids", json::array{json::value(out)}}}}});
  ASSERT_EQ(p.status, 200) << p.body;
  auto again = get("/api/v1/contacts?filter[email][eq]=" + s.address(7)).json().at("data").as_array();
  ASSERT_EQ(again.size(), 1u);
  auto g = post("/api/v1/contacts/" + text(again[0], "id") + "/consents",
                json::object{{"channel", "email_marketing"}, {"status", "granted"}, {"source", "manual"}});
  ASSERT_EQ(g.status, 201) << g.body;

  auto r = get("/api/v1/campaigns/" + id + "/audience");
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value v = r.json();
  EXPECT_EQ(text(v, "campaign_id"), id);
  EXPECT_EQ(v.at("contacts").as_int64(), 20) << r.body;  // 20 seeded + 1 without address - 1 left out
  EXPECT_EQ(at(v, "excluded", "no_email"), 1) << r.body;
  EXPECT_EQ(at(v, "excluded", "no_consent"), 4) << r.body;
  EXPECT_EQ(at(v, "excluded", "suppressed"), 3) << r.body;
  EXPECT_EQ(v.at("will_receive").as_int64(), 12) << r.body;
  EXPECT_EQ(text(get("/api/v1/campaigns/" + id).json(), "status"), "draft") << "counting sends nothing";

  // Not a campaign of this workspace: 404; a segment of the audience deleted since: 409 naming it.
  EXPECT_EQ(get("/api/v1/campaigns/01900000-0000-7000-8000-000000000000/audience").status, 404);
  EXPECT_EQ(get("/api/v1/campaigns/nope/audience").status, 404);
  auto seg = get("/api/v1/segments/" + out);
  ASSERT_EQ(del("/api/v1/segments/" + out, {{"If-Match", seg.header("etag")}}).status, 204);
  auto gone = get("/api/v1/campaigns/" + id + "/audience");
  EXPECT_EQ(gone.status, 409) << gone.body;
  auto fields = error_fields(gone);
  EXPECT_NE(std::find(fields.begin(), fields.end(), "audience.exclude_segment_ids.0"), fields.end()) << gone.body;
}

TEST_F(Campaigns, PauseStopsTheSendingAndResumeFinishesIt) {
  SmtpServer smtp;
  use(smtp);
  // 150 recipients at 100 a minute: the first batch (100) goes at once, the next one a minute later
  // unless resumed.
  Seed s{.tag = random_suffix(), .count = 150};
  const std::string id = campaign_to(s, 100);
  ASSERT_EQ(post("/api/v1/campaigns/" + id + "/send", json::object{}).status, 200);
  json::value r = report_when(id, [](const json::value& v) { return at(v, "counts", "sent") >= 100; }, 60s);
  ASSERT_EQ(at(r, "counts", "sent"), 100) << json::serialize(r);
  EXPECT_EQ(del("/api/v1/campaigns/" + id).status, 409) << "a sending campaign is paused before it is deleted";
  auto paused = post("/api/v1/campaigns/" + id + "/pause", json::object{});
  ASSERT_EQ(paused.status, 200) << paused.body;
  EXPECT_EQ(text(paused.json(), "status"), "paused");
  EXPECT_EQ(post("/api/v1/campaigns/" + id + "/pause", json::object{}).status, 409) << "paused already";
  std::this_thread::sleep_for(1500ms);
  r = report(id);
  EXPECT_EQ(at(r, "counts", "sent"), 100);
  EXPECT_EQ(at(r, "counts", "queued"), 50);
  auto resumed = post("/api/v1/campaigns/" + id + "/resume", json::object{});
  ASSERT_EQ(resumed.status, 200) << resumed.body;
  EXPECT_EQ(text(resumed.json(), "status"), "sending");
  r = report_when(id, [](const json::value& v) { return text(v, "status") == "sent"; }, 60s);
  EXPECT_EQ(text(r, "status"), "sent") << json::serialize(r);
  EXPECT_EQ(at(r, "counts", "sent"), 150);
  auto to = mailed(smtp.wait_for(150));
  EXPECT_EQ(to.size(), 150u);
  for (const auto& [address, n] : to) EXPECT_EQ(n, 1) << address;
}

// The seam of tracking: a sent message's links lead through /t/c/ to where they pointed, it carries
// the open pixel and the RFC 8058 headers, and the one-click POST to its List-Unsubscribe address
// withdraws the recipient's consent.
TEST_F(Campaigns, ASentMessageIsTrackedAndUnsubscribesInOneClick) {
  SmtpServer smtp;
  use(smtp);
  const std::string x = random_suffix();
  const std::string person = create("contacts", json::object{{"first_name", "Tracy"}, {"last_name", "Tracked" + x},
                                                             {"email", "tracy." + x + "@example.com"}});
  json::value consent = json::object{{"channel", "email_marketing"}, {"status", "granted"}, {"source", "api"}};
  ASSERT_EQ(post("/api/v1/contacts/" + person + "/consents", consent).status, 201);
  const std::string list = create("lists", json::object{{"name", "Tracked list " + x}});
  ASSERT_EQ(post("/api/v1/lists/" + list + "/members", json::object{{"contact_ids", json::array{json::value(person)}}}).status, 200);
  const std::string id = create("campaigns", json::object{{"name", "Tracked " + x}, {"subject", "Sale"},
                                                          {"html", "<html><body><p>Hi {{contact.first_name}}, see "
                                                                   "<a href=\"https://shop.example/sale?x=1\">the sale</a></p></body></html>"},
                                                          {"audience", json::object{{"list_ids", json::array{json::value(list)}}}},
                                                          {"rate_per_minute", 100}});
  ASSERT_EQ(post("/api/v1/campaigns/" + id + "/send", json::object{}).status, 200);
  auto mail = smtp.wait_for(1);
  ASSERT_EQ(mail.size(), 1u);
  const std::string& raw = mail[0].raw;
  EXPECT_EQ(header_of(raw, "List-Unsubscribe-Post"), "List-Unsubscribe=One-Click");
  const std::string unsubscribe = header_of(raw, "List-Unsubscribe");
  ASSERT_EQ(unsubscribe.rfind("<" + kCampaignPublicUrl + "/u/", 0), 0u) << unsubscribe;
  ASSERT_EQ(unsubscribe.back(), '>');

  auto parsed = email::parse_inbound(raw);
  ASSERT_TRUE(parsed.ok()) << parsed.problem().detail;
  EXPECT_EQ(parsed->html.find("https://shop.example/sale"), std::string::npos) << "the link is tracked: " << parsed->html;
  auto click_at = parsed->html.find(kCampaignPublicUrl + "/t/c/");
  ASSERT_NE(click_at, std::string::npos) << parsed->html;
  EXPECT_NE(parsed->html.find(kCampaignPublicUrl + "/t/o/"), std::string::npos) << "the open pixel: " << parsed->html;
  EXPECT_NE(parsed->text.find(kCampaignPublicUrl + "/u/"), std::string::npos) << "the text part names the page: " << parsed->text;

  HttpClient anon(server().port());
  const std::string click = parsed->html.substr(click_at + kCampaignPublicUrl.size(),
                                                parsed->html.find('"', click_at) - click_at - kCampaignPublicUrl.size());
  auto followed = anon.request("GET", click, "", {{"User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"}});
  EXPECT_EQ(followed.status, 302) << followed.body;
  EXPECT_EQ(followed.header("location"), "https://shop.example/sale?x=1");

  const std::string page = unsubscribe.substr(1 + kCampaignPublicUrl.size(), unsubscribe.size() - 2 - kCampaignPublicUrl.size());
  auto done = anon.request("POST", page, "List-Unsubscribe=One-Click", {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(done.status, 200) << done.body;
  auto consents = get("/api/v1/contacts/" + person + "/consents");
  ASSERT_EQ(consents.status, 200) << consents.body;
  EXPECT_EQ(text(consents.json().at("current").at("email_marketing"), "status"), "withdrawn") << consents.body;
}

TEST_F(Campaigns, ErasingAContactTakesItsAddressOutOfCampaigns) {
  SmtpServer smtp;
  use(smtp);
  const std::string x = random_suffix();
  std::vector<std::string> contacts;
  for (int i = 0; i < 3; ++i) {
    std::string n = std::to_string(i);
    contacts.push_back(create("contacts", json::object{{"first_name", std::string("Erin").append(n)}, {"last_name", "Erase" + x},
                                                       {"email", std::string("erin").append(n).append(".").append(x).append("@example.com")}}));
    json::value consent = json::object{{"channel", "email_marketing"}, {"status", "granted"}, {"source", "api"}};
    ASSERT_EQ(post("/api/v1/contacts/" + contacts.back() + "/consents", consent).status, 201);
  }
  const std::string list = create("lists", json::object{{"name", "Erase list " + x}});
  ASSERT_EQ(post("/api/v1/lists/" + list + "/members", json::object{{"contact_ids", json::array(contacts.begin(), contacts.end())}}).status, 200);
  // One a minute: the first is sent at once, the others wait.
  const std::string id = create("campaigns", json::object{{"name", "Erase " + x}, {"subject", "Hi"}, {"text", "Hello"},
                                                          {"audience", json::object{{"list_ids", json::array{json::value(list)}}}},
                                                          {"rate_per_minute", 1}});
  ASSERT_EQ(post("/api/v1/campaigns/" + id + "/send", json::object{}).status, 200);
  json::value r = report_when(id, [](const json::value& v) { return at(v, "counts", "sent") == 1; }, 60s);
  ASSERT_EQ(at(r, "counts", "sent"), 1) << json::serialize(r);
  for (const std::size_t i : {std::size_t{0}, std::size_t{2}})
    ASSERT_EQ(post("/api/v1/contacts/" + contacts[i] + "/erase", json::object{}).status, 200);
  auto rows = get("/api/v1/campaigns/" + id + "/recipients").json().at("data").as_array();
  ASSERT_EQ(rows.size(), 3u);
  std::map<std::string, json::value> by_contact;
  for (const auto& row : rows) by_contact[text(row, "contact_id")] = row;
  EXPECT_EQ(text(by_contact[contacts[0]], "state"), "sent") << json::serialize(by_contact[contacts[0]]);
  EXPECT_TRUE(by_contact[contacts[0]].at("email").is_null());
  EXPECT_EQ(text(by_contact[contacts[2]], "state"), "skipped");
  EXPECT_EQ(text(by_contact[contacts[2]], "skip_reason"), "erased");
  EXPECT_TRUE(by_contact[contacts[2]].at("email").is_null());
  EXPECT_EQ(text(by_contact[contacts[1]], "email"), "erin1." + x + "@example.com");
  EXPECT_TRUE(query_database(server().data_dir(), "SELECT 1 FROM campaign_recipients WHERE email LIKE ?", {"erin0." + x + "%"}).empty());
  ASSERT_EQ(post("/api/v1/campaigns/" + id + "/pause", json::object{}).status, 200);
}

// A server killed (SIGKILL) while it sends, started again on the same data: the campaign finishes,
// and no one is mailed twice. The messages that may have been in flight (at most kInFlight) are
// failed "interrupted" and not sent again (at most once: campaign_jobs.hpp).
TEST(CampaignCrash, AServerKilledMidSendMailsNoOneTwice) {
  TempDir dir;
  const std::vector<std::string> args = {"--job-lease-ms", "1500", "--webhook-allow-host", "127.0.0.1", "--public-url", kCampaignPublicUrl};
  SmtpServer smtp;
  Seed s{.tag = random_suffix(), .count = 3000};
  std::string id;
  {
    ServerProcess first(args, dir.path);
    HttpClient c(first.port());
    const std::string token = admin_token(c);
    json::value settings = json::object{{"host", "127.0.0.1"}, {"port", smtp.port()}, {"security", "none"}, {"sender", "news@rapport.example"}};
    ASSERT_EQ(c.call("PUT", "/api/v1/email/settings", token, &settings).status, 200);
    const std::string workspace = text(c.call("GET", "/api/v1/auth/me", token).json(), "workspace_id");
    json::value list_body = json::object{{"name", "Crash list"}};
    auto list = c.call("POST", "/api/v1/lists", token, &list_body);
    ASSERT_EQ(list.status, 201) << list.body;
    seed_contacts(dir.path, workspace, text(list.json(), "id"), s);
    json::value campaign = json::object{{"name", "Crash"}, {"subject", "Hi {{contact.first_name}}"}, {"text", "Hello"},
                                        {"audience", json::object{{"list_ids", json::array{list.json().at("id")}}}},
                                        {"rate_per_minute", 100000}};
    auto made = c.call("POST", "/api/v1/campaigns", token, &campaign);
    ASSERT_EQ(made.status, 201) << made.body;
    id = text(made.json(), "id");
    json::value none = json::object{};
    ASSERT_EQ(c.call("POST", "/api/v1/campaigns/" + id + "/send", token, &none).status, 200);
    int64_t sent = 0;
    for (int i = 0; i < 1200 && sent < 400; ++i) {
      auto r = c.call("GET", "/api/v1/campaigns/" + id + "/report", token);
      sent = r.json().at("counts").at("sent").as_int64();
      if (sent < 400) std::this_thread::sleep_for(20ms);
    }
    ASSERT_GE(sent, 400) << "the sending never got under way";
    first.kill_hard();
    ASSERT_LT(sent, s.count) << "killed too late to test a restart";
  }
  ServerProcess restarted(args, dir.path);
  HttpClient c(restarted.port());
  const std::string token = admin_token(c);
  json::value r;
  for (int i = 0; i < 3000; ++i) {
    r = c.call("GET", "/api/v1/campaigns/" + id + "/report", token).json();
    if (text(r, "status") == "sent") break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(text(r, "status"), "sent") << json::serialize(r);
  const int64_t sent = at(r, "counts", "sent"), failed = at(r, "counts", "failed");
  EXPECT_EQ(sent + failed, s.count) << json::serialize(r);
  EXPECT_LE(failed, marketing::kInFlight) << "at most the window in flight is in doubt: " << json::serialize(r);
  auto mail = smtp.wait_for(static_cast<std::size_t>(sent));
  auto to = mailed(mail);
  for (const auto& [address, n] : to) EXPECT_EQ(n, 1) << address << " was mailed " << n << " times";
  // Everyone recorded sent got it; those in doubt may have too (the server accepted it before the kill).
  EXPECT_GE(static_cast<int64_t>(to.size()), sent);
  EXPECT_LE(static_cast<int64_t>(to.size()), sent + failed);
  auto failed_rows = c.call("GET", "/api/v1/campaigns/" + id + "/recipients?state=failed", token).json();
  for (const auto& row : failed_rows.at("data").as_array())
    EXPECT_NE(text(row, "error").find("interrupted"), std::string::npos) << json::serialize(row);
}

}  // namespace
}  // namespace rapport::testing
