// Campaign tracking and unsubscribing (src/modules/marketing/tracking_*, unsubscribe*): a message
// prepared with register_links (as the campaigns' send does, here straight on the server's database)
// has its links and open pixel going through signed tokens; a click redirects to the stored link
// only, an open answers the GIF, both are recorded (flagged for bots and prefetches) and read by the
// segment conditions; a tampered, foreign or other-kind token is 404; erasure takes the events
// away. The unsubscribe link's page and its RFC 8058 one-click POST change the contact's consent
// (may_contact false after). Run on both engines.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "fixture.hpp"
#include "modules/marketing/tracking_links.hpp"
#include "modules/marketing/tracking_token.hpp"
#include "modules/privacy/consents.hpp"
#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "tenancy_helpers.hpp"

namespace rapport::testing {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;
using marketing::TokenKind;
const std::string kPublicUrl = "https://mail.rapport.test";
const char* kChrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36";

// The path of the first address after `prefix` in html ("/t/c/<token>").
std::string path_after(const std::string& html, const std::string& route, std::size_t nth = 0) {
  std::size_t at = 0;
  for (std::size_t i = 0; i <= nth; ++i) {
    at = html.find(kPublicUrl + route, i == 0 ? 0 : at + 1);
    if (at == std::string::npos) return "";
  }
  const auto end = html.find_first_of("\"'>", at);
  return html.substr(at + kPublicUrl.size(), end - at - kPublicUrl.size());
}

class MarketingTracking : public ServerTest {
 protected:
  static void SetUpTestSuite() {
    server_args_ = {"--public-url", kPublicUrl + "/"};
    ServerTest::SetUpTestSuite();
    server_args_.clear();
  }

  // The server's own key: the tokens a campaign's send makes are the server's.
  Vault vault() {
    return Vault::load(on_postgres_backend() ? test_master_key() : "",
                       (std::filesystem::path(server().data_dir()) / "master.key").string(), false);
  }

  std::string contact(const std::string& last_name) {
    return create("contacts", json::object{{"first_name", "Tess"}, {"last_name", last_name}, {"email", unique_name("t") + "@example.com"}});
  }
  std::string workspace_of(const std::string& contact_id) {
    return query_database(server().data_dir(), "SELECT workspace_id FROM contacts WHERE id = ?", {contact_id}).at(0).at(0);
  }

  // The campaign message for the contact, prepared `age_s` seconds ago, as the send would prepare it
  // (the campaign's row made first when missing: the recorder writes events of existing campaigns only).
  std::string prepare(const marketing::TrackedMessage& m, const std::string& html) {
    Vault v = vault();
    const marketing::TrackingSetup setup{v, kPublicUrl};
    std::string out;
    on_database([&](db::Connection& c) {
      const std::string now = clock::now_text();
      std::string name = "tracking ";
      name += m.campaign_id;
      c.prepare("INSERT INTO campaigns(id, workspace_id, name, name_key, status, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, 'sent', ?, ?) ON CONFLICT DO NOTHING")
          .bind_all({m.campaign_id, m.workspace_id, name, name, now, now})
          .run();
      auto r = marketing::register_links(c, setup, m, html);
      ASSERT_TRUE(r) << r.problem().detail;
      out = *r;
    });
    return out;
  }

  // write_database, again when SQLite finds the server's writer (the recorder's batches) in the way:
  // the harness's deferred transaction cannot wait for it once it has read.
  void on_database(const std::function<void(db::Connection&)>& fn) {
    for (int attempt = 0;; ++attempt) {
      try {
        write_database(server().data_dir(), fn);
        return;
      } catch (const std::exception& e) {
        if (attempt >= 50 || std::string(e.what()).find("locked") == std::string::npos) throw;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
  }

  // The tracking events of a contact (kind, link, bot, prefetch, campaign), sorted, once `n` are written (the recorder writes within a fraction of a second).
  std::vector<std::vector<std::string>> events(const std::string& contact_id, std::size_t n) {
    std::vector<std::vector<std::string>> rows;
    for (int i = 0; i < 100; ++i) {
      rows = query_database(server().data_dir(),
                            "SELECT kind, COALESCE(CAST(link_idx AS TEXT), '-'), bot, prefetch, campaign_id FROM tracking_events "
                            "WHERE contact_id = ? ORDER BY occurred_at, id",
                            {contact_id});
      if (rows.size() >= n) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::sort(rows.begin(), rows.end());  // events of one millisecond have no order
    return rows;
  }

  HttpResponse visit(const std::string& method, const std::string& path, const std::string& body = "", Headers headers = {}) {
    HttpClient anon(server().port());
    if (method == "POST" && headers.empty()) headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    headers.emplace_back("User-Agent", kChrome);
    return anon.request(method, path, body, headers);
  }

  int64_t preview_total(const json::object& filter) {
    json::value body = json::object{{"filter", filter}};
    auto r = post("/api/v1/segments/preview", body);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().at("total").as_int64();
  }

  std::string current_consent(const std::string& contact_id, const std::string& channel) {
    auto r = get("/api/v1/contacts/" + contact_id + "/consents");
    EXPECT_EQ(r.status, 200) << r.body;
    const json::value state = r.json();
    const auto& now = state.at("current").at(channel);
    return now.is_null() ? "none" : std::string(now.at("status").as_string());
  }
  bool may_contact(const std::string& ws, const std::string& contact_id) {
    bool out = false;
    on_database([&](db::Connection& c) { out = privacy::may_contact(c, ws, contact_id, "email_marketing"); });
    return out;
  }
};

TEST_F(MarketingTracking, ClicksGoToTheStoredLinkOnlyAndOpensAnswerThePixel) {
  const std::string name = unique_name("Reader");
  const std::string person = contact(name);
  const std::string ws = workspace_of(person);
  const std::string campaign = ids::uuid_v7();
  marketing::TrackedMessage m{ws, campaign, person, {"newsletter", "email", "spring"}, true, clock::now_ms() - 3'600'000};
  const std::string html = prepare(m,
                                   "<html><body><p><a href=\"https://shop.example/sale?x=1&amp;y=2\">Sale</a> "
                                   "<a href='https://shop.example/about#team'>About</a> <a href=\"mailto:help@shop.example\">Mail us</a>"
                                   "</p></body></html>");
  EXPECT_NE(html.find("href=\"mailto:help@shop.example\""), std::string::npos) << "other links stay as they are: " << html;
  EXPECT_EQ(html.find("shop.example/sale"), std::string::npos) << html;
  const std::string sale = path_after(html, "/t/c/"), about = path_after(html, "/t/c/", 1), pixel = path_after(html, "/t/o/");
  ASSERT_FALSE(sale.empty()) << html;
  ASSERT_FALSE(about.empty()) << html;
  ASSERT_FALSE(pixel.empty()) << html;
  EXPECT_LT(html.find("/t/o/"), html.find("</body>"));
  // The same link in the next recipient's message keeps its index.
  const std::string other = contact(name);
  const std::string again = prepare({ws, campaign, other, {"newsletter", "email", "spring"}, false, clock::now_ms() - 3'600'000},
                                    "<a href=\"https://shop.example/about#team\">About</a>");
  EXPECT_EQ(path_after(again, "/t/o/"), "") << "no pixel when not asked";
  EXPECT_EQ(query_database(server().data_dir(), "SELECT COUNT(*) FROM tracking_links WHERE campaign_id = ?", {campaign}).at(0).at(0), "2");

  auto click = visit("GET", sale);
  ASSERT_EQ(click.status, 302) << click.body;
  EXPECT_EQ(click.header("location"), "https://shop.example/sale?x=1&y=2&utm_source=newsletter&utm_medium=email&utm_campaign=spring");
  EXPECT_NE(click.header("cache-control").find("no-store"), std::string::npos);
  auto second = visit("GET", about);
  ASSERT_EQ(second.status, 302);
  EXPECT_EQ(second.header("location"), "https://shop.example/about?utm_source=newsletter&utm_medium=email&utm_campaign=spring#team");
  auto open = visit("GET", pixel);
  ASSERT_EQ(open.status, 200) << open.body;
  EXPECT_EQ(open.header("content-type"), "image/gif");
  EXPECT_EQ(open.body.size(), 43u);
  EXPECT_EQ(open.body.substr(0, 6), "GIF89a");
  EXPECT_NE(open.header("cache-control").find("no-store"), std::string::npos);

  const auto rows = events(person, 3);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"click", "0", "0", "0", campaign}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"click", "1", "0", "0", campaign}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"open", "-", "0", "0", campaign}));

  // The segment conditions read them: this campaign's clickers, anyone's opens, within days.
  const json::object mine{{"last_name", json::object{{"eq", name}}}};
  auto with = [&](const char* fact, json::value v) {
    json::object f = mine;
    f[fact] = std::move(v);
    return preview_total(f);
  };
  EXPECT_EQ(with("clicked_campaign", json::object{{"campaign_id", campaign}}), 1);
  EXPECT_EQ(with("clicked_campaign", json::object{{"campaign_id", ids::uuid_v7()}}), 0);
  EXPECT_EQ(with("opened_campaign", true), 1);
  EXPECT_EQ(with("opened_campaign", json::object{{"days", 1}}), 1);
  EXPECT_EQ(with("opened_campaign", false), 1) << "the other recipient opened nothing";
  json::value bad = json::object{{"filter", json::object{{"opened_campaign", json::object{{"days", 0}, {"x", 1}}}}}};
  auto refused = post("/api/v1/segments/preview", bad);
  EXPECT_EQ(refused.status, 422) << refused.body;

  // Erasure takes the person's events away.
  ASSERT_EQ(post("/api/v1/contacts/" + person + "/erase", json::object{}).status, 200);
  EXPECT_TRUE(events(person, 0).empty());
  EXPECT_EQ(visit("GET", pixel).status, 200) << "the pixel still answers";
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  EXPECT_TRUE(events(person, 0).empty()) << "an erased contact's new events are not written";
}

// The value of an unlabelled sample in /metrics (0 when absent).
double metric(HttpClient& client, const std::string& name) {
  const std::string text = client.request("GET", "/metrics").body;
  const auto at = text.find("\n" + name + " ");
  return at == std::string::npos ? 0 : std::stod(text.substr(at + name.size() + 2));
}

TEST_F(MarketingTracking, EveryHitOfManyConcurrentReadersIsWrittenExactlyOnce) {
  // Issue 16: the PostgreSQL writer lost events under load. N hits from concurrent connections are
  // N rows, on both engines, and /metrics counts them written and none dropped.
  const std::string person = contact(unique_name("Crowd"));
  const std::string ws = workspace_of(person);
  const std::string campaign = ids::uuid_v7();
  const std::string html =
      prepare({ws, campaign, person, {}, true, clock::now_ms() - 3'600'000}, "<a href=\"https://shop.example/crowd\">Crowd</a>");
  const std::string pixel = path_after(html, "/t/o/"), link = path_after(html, "/t/c/");
  ASSERT_FALSE(pixel.empty()) << html;
  ASSERT_FALSE(link.empty()) << html;
  HttpClient watcher(server().port());
  watcher.not_the_api();
  const double dropped_before = metric(watcher, "rapport_tracking_events_dropped_total");
  const double written_before = metric(watcher, "rapport_tracking_events_written_total");
  constexpr int kThreads = 8, kEach = 60;
  std::atomic<int> answered{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < kThreads; ++t)
    readers.emplace_back([&, t] {
      HttpClient client(server().port());
      for (int i = 0; i < kEach; ++i) {
        const bool open = (t + i) % 2 == 0;
        auto r = client.request("GET", open ? pixel : link, "", {{"User-Agent", kChrome}});
        if (r.status == (open ? 200 : 302)) ++answered;
      }
    });
  for (auto& r : readers) r.join();
  constexpr int kHits = kThreads * kEach;
  ASSERT_EQ(answered.load(), kHits);
  auto rows = events(person, kHits);
  EXPECT_EQ(rows.size(), static_cast<std::size_t>(kHits));
  std::this_thread::sleep_for(std::chrono::milliseconds(400));  // a batch more: nothing written twice
  rows = events(person, kHits);
  ASSERT_EQ(rows.size(), static_cast<std::size_t>(kHits));
  EXPECT_EQ(std::count_if(rows.begin(), rows.end(), [](const auto& r) { return r[0] == "open"; }), kHits / 2);
  EXPECT_EQ(metric(watcher, "rapport_tracking_events_dropped_total"), dropped_before);
  EXPECT_GE(metric(watcher, "rapport_tracking_events_written_total") - written_before, kHits);
  EXPECT_EQ(metric(watcher, "rapport_tracking_events_pending"), 0);
}

TEST_F(MarketingTracking, TamperedForeignAndOtherKindTokensAreRefusedAndNothingRedirectsElsewhere) {
  const std::string person = contact(unique_name("Guard"));
  const std::string ws = workspace_of(person);
  const std::string campaign = ids::uuid_v7();
  const std::string html = prepare({ws, campaign, person, {}, true, clock::now_ms() - 3'600'000}, "<a href=\"https://good.example/\">x</a>");
  const std::string link = path_after(html, "/t/c/"), pixel = path_after(html, "/t/o/");
  ASSERT_EQ(visit("GET", link).status, 302);

  std::string tampered = link;
  tampered[tampered.size() - 4] = tampered[tampered.size() - 4] == 'A' ? 'B' : 'A';
  Vault v = vault();
  const std::string foreign_ws = ids::uuid_v7();  // the same campaign and link under another workspace
  const std::string foreign = "/t/c/" + marketing::make_token(v, {TokenKind::Click, foreign_ws, campaign, person, 0, 0});
  const std::string unknown_link = "/t/c/" + marketing::make_token(v, {TokenKind::Click, ws, campaign, person, 0, 7});
  const std::string swapped = "/t/c/" + link.substr(5, 22) + foreign.substr(5 + 22);  // a workspace prefix on another's seal
  for (const std::string& path : {tampered, foreign, unknown_link, swapped, "/t/c/" + pixel.substr(5), std::string("/t/c/nonsense"),
                                  std::string("/t/o/") + link.substr(5)}) {
    auto r = visit("GET", path);
    EXPECT_EQ(r.status, 404) << path << ": " << r.body;
    EXPECT_EQ(r.header("location"), "") << path;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << path;
    EXPECT_EQ(r.body.find("good.example"), std::string::npos);
  }
  // An address in the request is never followed: an unknown parameter is refused outright.
  auto redirect = visit("GET", link + "?url=https%3A%2F%2Fevil.example%2F");
  EXPECT_EQ(redirect.status, 400) << redirect.body;
  EXPECT_EQ(redirect.header("location"), "");
  // A message with too many links, or too long a link, is refused and registers nothing.
  std::string many;
  for (int i = 0; i <= 100; ++i) many += "<a href=\"https://many.example/" + std::to_string(i) + "\">l</a>";
  const marketing::TrackingSetup setup{v, kPublicUrl};
  const std::string other_campaign = ids::uuid_v7();
  on_database([&](db::Connection& c) {
    auto r = marketing::register_links(c, setup, {ws, other_campaign, person, {}, true, clock::now_ms()}, many);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.problem().status, 422);
    auto longer = marketing::register_links(c, setup, {ws, other_campaign, person, {}, true, clock::now_ms()},
                                            "<a href=\"https://long.example/" + std::string(2100, 'a') + "\">l</a>");
    ASSERT_FALSE(longer);
    EXPECT_EQ(longer.problem().errors.at(0).code, "link_too_long");
  });
  EXPECT_EQ(query_database(server().data_dir(), "SELECT COUNT(*) FROM tracking_links WHERE campaign_id = ?", {other_campaign}).at(0).at(0), "0");
}

TEST_F(MarketingTracking, ScannersAndInstantFetchesAreFlaggedAndLeftOutOfSegments) {
  const std::string name = unique_name("Scanned");
  const std::string person = contact(name);
  const std::string ws = workspace_of(person);
  const std::string campaign = ids::uuid_v7();
  // Prepared just now: a fetch within seconds is a prefetch; a scanner's agent is a bot.
  const std::string html = prepare({ws, campaign, person, {}, true, clock::now_ms()}, "<a href=\"https://scan.example/\">x</a>");
  HttpClient anon(server().port());
  ASSERT_EQ(anon.request("GET", path_after(html, "/t/c/"), "", {{"User-Agent", "Barracuda Sentinel (EE)"}}).status, 302);
  ASSERT_EQ(anon.request("GET", path_after(html, "/t/o/"), "", {{"User-Agent", kChrome}}).status, 200);
  const auto rows = events(person, 2);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"click", "0", "1", "1", campaign}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"open", "-", "0", "1", campaign}));
  json::object filter{{"last_name", json::object{{"eq", name}}}, {"opened_campaign", true}};
  EXPECT_EQ(preview_total(filter), 0) << "flagged events are no person reading";
  filter.erase("opened_campaign");
  filter["clicked_campaign"] = false;
  EXPECT_EQ(preview_total(filter), 1);
}

TEST_F(MarketingTracking, OneClickUnsubscribeWithdrawsTheConsentAndThePageChangesChannels) {
  const std::string person = contact(unique_name("Subscriber"));
  const std::string ws = workspace_of(person);
  const std::string campaign = ids::uuid_v7();
  json::value grant = json::object{{"channel", "email_marketing"}, {"status", "granted"}, {"source", "api"}};
  ASSERT_EQ(post("/api/v1/contacts/" + person + "/consents", grant).status, 201);
  ASSERT_TRUE(may_contact(ws, person));

  Vault v = vault();
  const marketing::TrackingSetup setup{v, kPublicUrl};
  const marketing::TrackedMessage m{ws, campaign, person, {}, true, clock::now_ms()};
  const auto headers = marketing::list_unsubscribe_headers(setup, m);
  EXPECT_EQ(headers.list_unsubscribe_post, "List-Unsubscribe=One-Click");
  ASSERT_EQ(headers.list_unsubscribe.rfind("<" + kPublicUrl + "/u/", 0), 0u) << headers.list_unsubscribe;
  ASSERT_EQ(headers.list_unsubscribe.back(), '>');
  const std::string page = headers.list_unsubscribe.substr(1 + kPublicUrl.size(), headers.list_unsubscribe.size() - 2 - kPublicUrl.size());

  auto shown = visit("GET", page);
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(shown.header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(shown.body.find("value=\"email_marketing\" checked"), std::string::npos) << shown.body;
  EXPECT_EQ(current_consent(person, "email_marketing"), "granted") << "opening the page changes nothing";

  // Bad requests change nothing.
  std::string tampered = page;
  tampered[tampered.size() - 3] = tampered[tampered.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_EQ(visit("POST", tampered, "List-Unsubscribe=One-Click").status, 404);
  const std::string click_token = marketing::make_token(v, {TokenKind::Click, ws, campaign, person, 0, 0});
  EXPECT_EQ(visit("POST", "/u/" + click_token, "List-Unsubscribe=One-Click").status, 404) << "another kind's token";
  EXPECT_EQ(visit("POST", page, "{\"x\":1}", {{"Content-Type", "application/json"}}).status, 415);
  EXPECT_EQ(visit("POST", page, "something=else").status, 422);
  EXPECT_EQ(visit("POST", page, "form=preferences&channel=fax").status, 422);
  EXPECT_EQ(current_consent(person, "email_marketing"), "granted");

  // RFC 8058 one-click.
  auto done = visit("POST", page, "List-Unsubscribe=One-Click");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_NE(done.body.find("You are unsubscribed"), std::string::npos);
  auto consents = get("/api/v1/contacts/" + person + "/consents").json();
  const auto& newest = consents.at("history").as_array().at(0);
  EXPECT_EQ(newest.at("status"), "withdrawn");
  EXPECT_EQ(newest.at("source"), "unsubscribe_link");
  EXPECT_EQ(text(newest, "note"), "campaign " + campaign);
  EXPECT_EQ(newest.at("recorded_by"), "unsubscribe-link");
  EXPECT_FALSE(may_contact(ws, person));
  EXPECT_EQ(visit("POST", page, "List-Unsubscribe=One-Click").status, 200) << "again: nothing more to do";
  EXPECT_EQ(get("/api/v1/contacts/" + person + "/consents").json().at("history").as_array().size(), 2u);

  // The page's form: take up SMS, keep email off.
  auto chosen = visit("POST", page, "form=preferences&channel=sms");
  ASSERT_EQ(chosen.status, 200) << chosen.body;
  EXPECT_NE(chosen.body.find("value=\"sms\" checked"), std::string::npos);
  EXPECT_EQ(current_consent(person, "sms"), "granted");
  EXPECT_EQ(current_consent(person, "email_marketing"), "withdrawn");
  EXPECT_EQ(current_consent(person, "phone"), "none");

  // A mail client's multipart one-click, for a contact who never recorded a consent: the withdrawal is recorded.
  const std::string quiet = contact(unique_name("Quiet"));
  const std::string quiet_page = "/u/" + marketing::make_token(v, {TokenKind::Unsubscribe, ws, campaign, quiet, 0, 0});
  const std::string multipart = "--b\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--b--\r\n";
  auto by_client = visit("POST", quiet_page, multipart, {{"Content-Type", "multipart/form-data; boundary=b"}});
  ASSERT_EQ(by_client.status, 200) << by_client.body;
  EXPECT_EQ(current_consent(quiet, "email_marketing"), "withdrawn");
  // An erased contact's link no longer works.
  ASSERT_EQ(post("/api/v1/contacts/" + quiet + "/erase", json::object{}).status, 200);
  EXPECT_EQ(visit("GET", quiet_page).status, 404);
}

}  // namespace
}  // namespace rapport::testing
