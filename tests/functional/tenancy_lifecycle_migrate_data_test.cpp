// `rapport migrate-data` from SQLite to PostgreSQL and back: every API answer is byte-for-byte the
// same on the copy as on the original; a copy that differs from its source is refused with nothing
// written; deal_totals (never copied, kept by the target's triggers) agrees with the deals on every
// copy, and so do the contacts' kept segment facts (copied, then recomputed by the triggers). Needs
// the test cluster of scripts/test.sh.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "fixture.hpp"
#include "platform/db/migrations.hpp"
#include "platform/db/pg_migrations.hpp"
#include "platform/db/pg_test_support.hpp"
#include "platform/db/postgres.hpp"
#include "platform/db/sqlite.hpp"

namespace rapport::testing {
namespace {
namespace json = boost::json;
namespace fs = std::filesystem;

std::string fresh_pg_database(const std::string& name) {
  const char* base = std::getenv("RAPPORT_TEST_PG_URL");
  db::PgConnection c(db::pg_admin_options(base));
  c.exec_script("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  c.exec_script("CREATE DATABASE " + name);
  std::string url(base);
  return url.substr(0, url.rfind('/') + 1) + name;
}

// The answers a user would see, by path.
std::map<std::string, std::string> answers(HttpClient& c, const std::string& token, const std::vector<std::string>& paths) {
  std::map<std::string, std::string> out;
  for (const auto& p : paths) {
    auto r = c.call("GET", p, token);
    EXPECT_EQ(r.status, 200) << p << ": " << r.body;
    out[p] = r.body;
  }
  return out;
}

// Rows of a query on a PostgreSQL database, as text, sorted (engines order text differently).
std::vector<std::vector<std::string>> pg_rows(const std::string& url, const std::string& sql) {
  db::PgConnection c(db::pg_admin_options(url));
  auto r = c.exec(sql);
  std::vector<std::vector<std::string>> out(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i)
    for (int j = 0; j < r.columns(); ++j) out[static_cast<std::size_t>(i)].push_back(r.is_null(i, j) ? "\x01null" : r.text(i, j));
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::vector<std::string>> sqlite_rows(const std::string& dir, const std::string& sql) {
  auto out = query_database(dir, sql);
  std::sort(out.begin(), out.end());
  return out;
}

// deal_totals as the reports read it (rows a change brought to zero may stay), and the same figures
// aggregated from the live deals themselves: equal when the triggers kept the totals right.
const std::string kDealTotals =
    "SELECT workspace_id, pipeline_id, stage_id, owner_id, currency, close_month, closed_month, deals, amount_high, "
    "amount_low, amounts FROM deal_totals WHERE deals <> 0 OR amount_high <> 0 OR amount_low <> 0 OR amounts <> 0";
const std::string kDealsAggregated =
    "SELECT workspace_id, pipeline_id, stage_id, coalesce(owner_id, ''), coalesce(currency, ''), "
    "coalesce(substr(expected_close_date, 1, 7), ''), coalesce(substr(closed_at, 1, 7), ''), count(*), "
    "CAST(coalesce(sum(amount / 1000000000), 0) AS BIGINT), CAST(coalesce(sum(amount % 1000000000), 0) AS BIGINT), "
    "count(amount) FROM deals WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7";
// deal_created_totals (migration 0077) likewise, by creation month.
const std::string kDealCreatedTotals =
    "SELECT workspace_id, pipeline_id, created_month, owner_id, currency, stage_id, deals, amounts, amount_high, amount_low "
    "FROM deal_created_totals WHERE deals <> 0 OR amounts <> 0 OR amount_high <> 0 OR amount_low <> 0";
const std::string kDealsAggregatedByCreation =
    "SELECT workspace_id, pipeline_id, substr(created_at, 1, 7), coalesce(owner_id, ''), coalesce(currency, ''), stage_id, count(*), "
    "count(amount), CAST(coalesce(sum(amount / 1000000000), 0) AS BIGINT), CAST(coalesce(sum(amount % 1000000000), 0) AS BIGINT) "
    "FROM deals WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6";

// The amounts' kept buckets (migration 0084; equal to the deals bucketed independently:
// kept_median_test.cpp, report_builder_kept_test.cpp): rebuilt on the copy as the source's.
const std::string kDealAmountBuckets = "SELECT workspace_id, owner_id, currency, bucket, deals FROM deal_amount_buckets WHERE deals <> 0";
// The same per stage with the sums (migration 0089; kept_range_test.cpp, report_builder_kept_test.cpp).
const std::string kDealStageAmountBuckets =
    "SELECT workspace_id, bucket, pipeline_id, stage_id, currency, deals, amount_high, amount_low FROM deal_stage_amount_buckets "
    "WHERE deals <> 0 OR amount_high <> 0 OR amount_low <> 0";

// The funnel's kept figures (migration 0080): the stage history's ends and the two aggregates.
const std::string kStageHistoryEnds = "SELECT id, deal_id, coalesce(left_at, '') FROM deal_stage_history";
const std::string kDealStageTimes =
    "SELECT workspace_id, entered_month, stage_id, owner_id, entries, open_entries, start_ms, end_ms FROM deal_stage_times "
    "WHERE entries <> 0 OR open_entries <> 0 OR start_ms <> 0 OR end_ms <> 0";
const std::string kDealClosedTotals =
    "SELECT workspace_id, closed_month, pipeline_id, owner_id, currency, stage_id, deals, amounts, amount_high, amount_low, cycle_ms "
    "FROM deal_closed_totals WHERE deals <> 0 OR amounts <> 0 OR amount_high <> 0 OR amount_low <> 0 OR cycle_ms <> 0";

// The segment facts kept on the contacts (migration 0083), and the same recomputed from the rows.
const std::string kContactFacts =
    "SELECT id, open_deals, coalesce(consent_email_marketing, ''), coalesce(consent_phone, ''), coalesce(consent_sms, ''), "
    "coalesce(last_activity_at, '') FROM contacts";
const std::string kContactFactsComputed =
    "SELECT c.id, (SELECT count(*) FROM deal_contacts dc JOIN deals d ON d.id = dc.deal_id WHERE dc.workspace_id = c.workspace_id "
    "AND dc.contact_id = c.id AND d.workspace_id = c.workspace_id AND d.deleted_at IS NULL AND d.closed_at IS NULL), "
    "coalesce((SELECT k.status FROM consents k WHERE k.workspace_id = c.workspace_id AND k.contact_id = c.id AND k.channel = "
    "'email_marketing' ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1), ''), "
    "coalesce((SELECT k.status FROM consents k WHERE k.workspace_id = c.workspace_id AND k.contact_id = c.id AND k.channel = 'phone' "
    "ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1), ''), "
    "coalesce((SELECT k.status FROM consents k WHERE k.workspace_id = c.workspace_id AND k.contact_id = c.id AND k.channel = 'sms' "
    "ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1), ''), "
    "coalesce((SELECT max(l.occurred_at) FROM activity_links l JOIN activities a ON a.id = l.activity_id WHERE l.workspace_id = "
    "c.workspace_id AND l.target_type = 'contacts' AND l.target_id = c.id AND a.deleted_at IS NULL), '') FROM contacts c";

#define REQUIRE_TEST_CLUSTER()                                                               \
  do {                                                                                       \
    const char* url_ = std::getenv("RAPPORT_TEST_PG_URL");                                   \
    if (!url_ || !*url_) {                                                                   \
      const char* req = std::getenv("RAPPORT_REQUIRE_PG");                                   \
      if (req && std::string(req) == "1") FAIL() << "RAPPORT_TEST_PG_URL is not set";       \
      GTEST_SKIP() << "needs the PostgreSQL test cluster (RAPPORT_TEST_PG_URL)";             \
    }                                                                                        \
  } while (0)

// A SQLite data directory with a workspace (a server started once) and generated records and deals.
std::string generated_source(int contacts, int deals) {
  std::string dir = make_temp_dir("rapport-md-src-");
  { ServerProcess once({}, dir); }
  auto gen = run_rapport({"generate", "--contacts", std::to_string(contacts), "--deals", std::to_string(deals), "--data", dir});
  EXPECT_EQ(gen.exit_code, 0) << gen.output;
  return dir;
}

TEST(MigrateData, SqliteToPostgresAndBackGivesTheSameAnswers) {
  REQUIRE_TEST_CLUSTER();
  std::string source_dir = make_temp_dir("rapport-md-src-");
  std::vector<std::string> paths;
  {
    ServerProcess a({}, source_dir);
    HttpClient c(a.port());
    std::string t = login(c, ServerProcess::admin_email(), ServerProcess::admin_password());
    json::value field = json::object{{"object_type", "contacts"}, {"name", "tier"}, {"type", "select"}, {"options", json::array{"gold", "silver"}}};
    ASSERT_EQ(c.call("POST", "/api/v1/custom-fields", t, &field).status, 201);
    json::value company = json::object{{"name", "Acme Ltd"}, {"domain", "acme.example"}, {"country", "de"}, {"annual_revenue", 250000}, {"currency", "EUR"}};
    auto co = c.call("POST", "/api/v1/companies", t, &company);
    ASSERT_EQ(co.status, 201) << co.body;
    std::string company_id(co.json().at("id").as_string());
    std::vector<std::string> contact_ids;
    for (const char* name : {"Zimmer", "adams", "Brown", "Émile"}) {
      json::value contact = json::object{{"first_name", "Pat"}, {"last_name", name}, {"email", std::string(name == std::string("Émile") ? "emile" : name) + "@acme.example"},
                                         {"phone", "+4930123456"}, {"company_id", company_id}, {"custom", json::object{{"tier", "gold"}}}};
      auto r = c.call("POST", "/api/v1/contacts", t, &contact);
      ASSERT_EQ(r.status, 201) << r.body;
      contact_ids.emplace_back(r.json().at("id").as_string());
    }
    json::value change = json::object{{"job_title", "CTO"}, {"custom", json::object{{"tier", "silver"}}}};
    ASSERT_EQ(c.call("PATCH", "/api/v1/contacts/" + contact_ids[0], t, &change).status, 200);
    json::value meeting = json::object{{"type", "meeting"}, {"subject", "Kickoff"}, {"starts_at", "2026-03-01T10:00:00Z"},
                                       {"ends_at", "2026-03-01T11:00:00Z"}, {"contact_ids", json::array{json::value(contact_ids[0]), json::value(contact_ids[1])}},
                                       {"company_id", company_id}, {"attendees", json::array{"a@acme.example"}}};
    ASSERT_EQ(c.call("POST", "/api/v1/activities", t, &meeting).status, 201);
    ASSERT_EQ(c.call("DELETE", "/api/v1/contacts/" + contact_ids[3], t).status, 204);
    // Privacy tables: a consent, and an erasure (tombstone, suppression).
    json::value consent = json::object{{"channel", "email_marketing"}, {"status", "granted"}, {"source", "web_form"}, {"note", "fair"}};
    ASSERT_EQ(c.call("POST", "/api/v1/contacts/" + contact_ids[1] + "/consents", t, &consent).status, 201);
    ASSERT_EQ(c.call("POST", "/api/v1/contacts/" + contact_ids[2] + "/erase", t).status, 200);
    // A saved view (its JSON columns and the case-folded name key move as they are).
    json::value view = json::object{{"object_type", "contacts"}, {"name", "Silver Étage"}, {"visibility", "workspace"},
                                    {"filters", json::array{json::object{{"field", "custom.tier"}, {"op", "eq"}, {"value", "silver"}}}},
                                    {"sort", "-last_name"}, {"columns", json::array{"last_name", "custom.tier"}}};
    ASSERT_EQ(c.call("POST", "/api/v1/views", t, &view).status, 201);
    // A webhook (its sealed secret moves with the vault's check value; a public address, no DNS).
    json::value hook = json::object{{"url", "http://93.184.216.34/migrate"}, {"event_types", json::array{"webhook.disabled"}}};
    ASSERT_EQ(c.call("POST", "/api/v1/webhooks", t, &hook).status, 201);
    // Email settings (a sealed SMTP password; nothing is sent) and a template with merge fields.
    json::value smtp = json::object{{"host", "93.184.216.34"}, {"port", 587}, {"security", "starttls"}, {"username", "mailer"},
                                    {"password", "migrated secret"}, {"sender", "sales@acme.example"}};
    ASSERT_EQ(c.call("PUT", "/api/v1/email/settings", t, &smtp).status, 200);
    json::value email_template = json::object{{"name", "Tier"}, {"subject", "Your tier: {{contact.custom.tier}}"}, {"text", "Hi {{contact.first_name}}"}};
    ASSERT_EQ(c.call("POST", "/api/v1/email-templates", t, &email_template).status, 201);
    // A ticket with a note (its workspace's number counter moves too).
    json::value ticket = json::object{{"subject", "Migrated ticket"}};
    auto made_ticket = c.call("POST", "/api/v1/tickets", t, &ticket);
    ASSERT_EQ(made_ticket.status, 201) << made_ticket.body;
    const std::string ticket_id(made_ticket.json().at("id").as_string());
    json::value note = json::object{{"kind", "note"}, {"body", "Moved with its ticket"}};
    ASSERT_EQ(c.call("POST", "/api/v1/tickets/" + ticket_id + "/messages", t, &note).status, 201);
    // A segment over the custom field and the company, and a static list with two members.
    json::value segment = json::object{{"name", "Gold at Acme"}, {"filter", json::object{{"custom.tier", json::object{{"in", json::array{"gold", "silver"}}}},
                                                                                         {"company.country", json::object{{"eq", "DE"}}}}}};
    auto made_segment = c.call("POST", "/api/v1/segments", t, &segment);
    ASSERT_EQ(made_segment.status, 201) << made_segment.body;
    json::value list = json::object{{"name", "Trade fair"}, {"description", "Met at the fair"}};
    auto made_list = c.call("POST", "/api/v1/lists", t, &list);
    ASSERT_EQ(made_list.status, 201) << made_list.body;
    const std::string segment_id(made_segment.json().at("id").as_string()), list_id(made_list.json().at("id").as_string());
    json::value members = json::object{{"contact_ids", json::array{json::value(contact_ids[0]), json::value(contact_ids[1])}}};
    ASSERT_EQ(c.call("POST", "/api/v1/lists/" + list_id + "/members", t, &members).status, 200);
    paths = {"/api/v1/segments", "/api/v1/segments/" + segment_id + "/members?count=true", "/api/v1/lists",
             "/api/v1/lists/" + list_id + "/members?count=true",
             "/api/v1/companies", "/api/v1/contacts?sort=last_name&count=true", "/api/v1/contacts?sort=-last_name&limit=2",
             "/api/v1/contacts?filter[custom.tier][eq]=silver", "/api/v1/activities", "/api/v1/custom-fields",
             "/api/v1/recycle-bin", "/api/v1/companies/" + company_id + "/timeline",
             "/api/v1/contacts/" + contact_ids[0], "/api/v1/contacts/" + contact_ids[0] + "/history",
             "/api/v1/companies/" + company_id + "/history", "/api/v1/contacts/" + contact_ids[1] + "/consents",
             "/api/v1/audit-events?object_type=contacts&limit=500", "/api/v1/views?object_type=contacts",
             "/api/v1/webhooks", "/api/v1/email/settings", "/api/v1/email-templates", "/api/v1/tickets",
             "/api/v1/tickets/" + ticket_id + "/messages"};
    auto original = answers(c, t, paths);

    // SQLite -> PostgreSQL (the source server keeps running: the copy reads one snapshot).
    std::string pg = fresh_pg_database("rft_migrate_data");
    auto up = run_rapport({"migrate-data", "--from", "sqlite:" + source_dir, "--to", pg});
    ASSERT_EQ(up.exit_code, 0) << up.output;
    EXPECT_NE(up.output.find("Copied and verified 84 tables"), std::string::npos) << up.output;
    EXPECT_NE(up.output.find("ticket_messages: 1 rows"), std::string::npos) << up.output;
    EXPECT_NE(up.output.find("views: 1 rows"), std::string::npos) << up.output;
    EXPECT_NE(up.output.find("marketing_list_members: 2 rows"), std::string::npos) << up.output;
    EXPECT_NE(up.output.find("webhooks: 1 rows"), std::string::npos) << up.output;
    EXPECT_NE(up.output.find("email_settings: 1 rows"), std::string::npos) << up.output;
    EXPECT_NE(up.output.find("email_templates: 1 rows"), std::string::npos) << up.output;
    // The support report's kept counts (migration 0082) are not copied: the target's triggers
    // rebuild them from the copied tickets.
    const std::string kept_volume =
        "SELECT workspace_id, quarter, kind, CAST(tickets AS TEXT) FROM ticket_volume_quarters WHERE tickets <> 0 UNION ALL "
        "SELECT workspace_id, day || '/' || dimension || '/' || value, kind, CAST(tickets AS TEXT) FROM ticket_volume_days WHERE tickets <> 0";
    const auto source_kept = sqlite_rows(source_dir, kept_volume);
    EXPECT_EQ(source_kept.size(), 4u) << "the ticket's quarter, channel, assignee and team";
    EXPECT_EQ(pg_rows(pg, kept_volume), source_kept);
    auto again = run_rapport({"migrate-data", "--from", "sqlite:" + source_dir, "--to", pg});
    EXPECT_NE(again.exit_code, 0) << "copying into a database that holds data must be refused";
    {
      // The sealed secrets (and their check value) moved: the copy needs the source's master key.
      std::ifstream key_file(source_dir + "/master.key");
      std::string source_key;
      key_file >> source_key;
      ServerProcess b({"--database", pg}, "", "127.0.0.1:0", {{"RAPPORT_MASTER_KEY", source_key}});
      HttpClient cb(b.port());
      std::string tb = login(cb, ServerProcess::admin_email(), ServerProcess::admin_password());
      auto on_pg = answers(cb, tb, paths);
      for (const auto& p : paths) EXPECT_EQ(on_pg[p], original[p]) << p;
      // The copy is a working database: new writes continue the audit sequence.
      json::value more = json::object{{"last_name", "After"}};
      EXPECT_EQ(cb.call("POST", "/api/v1/contacts", tb, &more).status, 201);
    }
    // ... and back into a new SQLite file.
    std::string back_dir = make_temp_dir("rapport-md-back-");
    auto down = run_rapport({"migrate-data", "--from", pg, "--to", "sqlite:" + back_dir});
    ASSERT_EQ(down.exit_code, 0) << down.output;
    EXPECT_EQ(sqlite_rows(back_dir, kept_volume), source_kept) << "rebuilt on the SQLite copy";
    fs::copy_file(source_dir + "/master.key", back_dir + "/master.key");
    {
      ServerProcess d({}, back_dir);
      HttpClient cd(d.port());
      std::string td = login(cd, ServerProcess::admin_email(), ServerProcess::admin_password());
      auto back = answers(cd, td, {"/api/v1/contacts/" + contact_ids[0], "/api/v1/companies/" + company_id + "/timeline",
                                   "/api/v1/custom-fields", "/api/v1/contacts/" + contact_ids[0] + "/history"});
      for (const auto& [p, body] : back) EXPECT_EQ(body, original[p]) << p;
    }
    fs::remove_all(back_dir);
  }
  fs::remove_all(source_dir);
}

// The copy of every table is verified against its source before anything commits. A target that
// does not store what it was given (here a trigger on contacts, installed in the target between its
// migrations and the copy) fails that check: migrate-data refuses, names the table, and the target
// holds nothing. Both directions, so both engines' verify paths are exercised.
TEST(MigrateData, RefusesACopyThatDiffersFromItsSourceAndWritesNothing) {
  REQUIRE_TEST_CLUSTER();
  std::string source_dir = generated_source(40, 0);
  const std::string contacts = query_database(source_dir, "SELECT count(*) FROM contacts")[0][0];
  ASSERT_NE(contacts, "0");
  const std::string refusal = "the copy of contacts differs from its source (" + contacts + " rows vs " + contacts + ")";

  // SQLite -> PostgreSQL, the PostgreSQL target altering each contact as it is inserted.
  std::string pg = fresh_pg_database("rft_migrate_tampered");
  {
    db::PgConnection c(db::pg_admin_options(pg));
    db::migrate_pg(c);
    c.exec_script(
        "CREATE FUNCTION tamper() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "NEW.last_name := coalesce(NEW.last_name, '') || ' (altered)'; RETURN NEW; END $$; "
        "CREATE TRIGGER tamper BEFORE INSERT ON contacts FOR EACH ROW EXECUTE FUNCTION tamper()");
  }
  auto up = run_rapport({"migrate-data", "--from", "sqlite:" + source_dir, "--to", pg});
  EXPECT_NE(up.exit_code, 0) << up.output;
  EXPECT_NE(up.output.find(refusal), std::string::npos) << up.output;
  EXPECT_NE(up.output.find("nothing was committed"), std::string::npos) << up.output;
  for (const char* table : {"workspaces", "users", "companies", "contacts", "audit_log"})
    EXPECT_EQ(pg_rows(pg, std::string("SELECT count(*) FROM ") + table), (std::vector<std::vector<std::string>>{{"0"}})) << table;

  // The same source copied to PostgreSQL untouched, then back into a SQLite target that alters contacts.
  std::string clean = fresh_pg_database("rft_migrate_clean");
  auto ok = run_rapport({"migrate-data", "--from", "sqlite:" + source_dir, "--to", clean});
  ASSERT_EQ(ok.exit_code, 0) << ok.output;
  std::string back_dir = make_temp_dir("rapport-md-tampered-");
  {
    db::SqliteConnection c(back_dir + "/rapport.db", false);
    db::migrate(c);
    // It alters a column the search index (0018) does not hold: an update of an indexed column from
    // inside an insert trigger would run before the index's own insert trigger, and SQLite's
    // contentless FTS5 table cannot delete a row it was never given.
    c.exec("CREATE TRIGGER tamper AFTER INSERT ON contacts BEGIN "
           "UPDATE contacts SET job_title = coalesce(job_title, '') || ' (altered)' WHERE id = new.id; END");
  }
  auto down = run_rapport({"migrate-data", "--from", clean, "--to", "sqlite:" + back_dir});
  EXPECT_NE(down.exit_code, 0) << down.output;
  EXPECT_NE(down.output.find(refusal), std::string::npos) << down.output;
  for (const char* table : {"workspaces", "users", "companies", "contacts", "audit_log"})
    EXPECT_EQ(query_database(back_dir, std::string("SELECT count(*) FROM ") + table)[0][0], "0") << table;
  fs::remove_all(back_dir);
  fs::remove_all(source_dir);
}

// deal_totals, deal_created_totals and the funnel's kept figures (0080) are never copied: the target's triggers
// rebuild them as the deals and their stage history arrive. After
// SQLite -> PostgreSQL -> SQLite it equals an aggregation over the deals on every copy, with deals
// made by `rapport generate --deals` and changed through the API (a soft delete, a new amount, a
// move to another stage) before the copy.
TEST(MigrateData, DealTotalsMatchTheDealsOnEveryCopy) {
  REQUIRE_TEST_CLUSTER();
  std::string source_dir = generated_source(100, 300);
  {
    ServerProcess s({}, source_dir);
    HttpClient c(s.port());
    std::string t = login(c, ServerProcess::admin_email(), ServerProcess::admin_password());
    auto deals = query_database(source_dir,
                                "SELECT id, pipeline_id, stage_id FROM deals WHERE deleted_at IS NULL AND amount IS NOT NULL "
                                "AND closed_at IS NULL ORDER BY id LIMIT 3");
    ASSERT_EQ(deals.size(), 3u);
    EXPECT_EQ(c.call("DELETE", "/api/v1/deals/" + deals[0][0], t).status, 204);
    json::value amount = json::object{{"amount", 123457}};
    auto patched = c.call("PATCH", "/api/v1/deals/" + deals[1][0], t, &amount);
    EXPECT_EQ(patched.status, 200) << patched.body;
    auto other_stage = query_database(source_dir,
                                      "SELECT id FROM pipeline_stages WHERE pipeline_id = ? AND id <> ? AND type = 'open' "
                                      "AND archived_at IS NULL LIMIT 1",
                                      {deals[2][1], deals[2][2]});
    ASSERT_EQ(other_stage.size(), 1u);
    json::value move = json::object{{"stage_id", other_stage[0][0]}};
    auto moved = c.call("POST", "/api/v1/deals/" + deals[2][0] + "/move", t, &move);
    EXPECT_EQ(moved.status, 200) << moved.body;
  }
  auto source_totals = sqlite_rows(source_dir, kDealTotals);
  ASSERT_GT(source_totals.size(), 10u);
  EXPECT_EQ(source_totals, sqlite_rows(source_dir, kDealsAggregated));
  auto source_created = sqlite_rows(source_dir, kDealCreatedTotals);
  ASSERT_FALSE(source_created.empty());
  EXPECT_EQ(source_created, sqlite_rows(source_dir, kDealsAggregatedByCreation));
  const auto source_buckets = sqlite_rows(source_dir, kDealAmountBuckets);
  ASSERT_GT(source_buckets.size(), 10u);
  const auto source_stage_buckets = sqlite_rows(source_dir, kDealStageAmountBuckets);
  ASSERT_GT(source_stage_buckets.size(), 10u);

  const auto source_ends = sqlite_rows(source_dir, kStageHistoryEnds), source_times = sqlite_rows(source_dir, kDealStageTimes),
             source_closed = sqlite_rows(source_dir, kDealClosedTotals);
  ASSERT_FALSE(source_times.empty());
  ASSERT_FALSE(source_closed.empty());

  std::string pg = fresh_pg_database("rft_migrate_deal_totals");
  auto up = run_rapport({"migrate-data", "--from", "sqlite:" + source_dir, "--to", pg});
  ASSERT_EQ(up.exit_code, 0) << up.output;
  EXPECT_EQ(pg_rows(pg, kDealTotals), pg_rows(pg, kDealsAggregated)) << "on the PostgreSQL copy";
  EXPECT_EQ(pg_rows(pg, kDealTotals), source_totals) << "the PostgreSQL copy's totals are the source's";
  EXPECT_EQ(pg_rows(pg, kDealCreatedTotals), pg_rows(pg, kDealsAggregatedByCreation)) << "on the PostgreSQL copy";
  EXPECT_EQ(pg_rows(pg, kDealCreatedTotals), source_created);
  EXPECT_EQ(pg_rows(pg, kStageHistoryEnds), source_ends) << "the funnel's kept figures, rebuilt on the PostgreSQL copy";
  EXPECT_EQ(pg_rows(pg, kDealStageTimes), source_times);
  EXPECT_EQ(pg_rows(pg, kDealClosedTotals), source_closed);
  EXPECT_EQ(pg_rows(pg, kDealAmountBuckets), source_buckets) << "the amounts' buckets, rebuilt on the PostgreSQL copy";
  EXPECT_EQ(pg_rows(pg, kDealStageAmountBuckets), source_stage_buckets) << "the amounts' buckets by stage, rebuilt on the PostgreSQL copy";

  std::string back_dir = make_temp_dir("rapport-md-totals-back-");
  auto down = run_rapport({"migrate-data", "--from", pg, "--to", "sqlite:" + back_dir});
  ASSERT_EQ(down.exit_code, 0) << down.output;
  EXPECT_EQ(sqlite_rows(back_dir, kDealTotals), sqlite_rows(back_dir, kDealsAggregated)) << "on the SQLite copy";
  EXPECT_EQ(sqlite_rows(back_dir, kDealTotals), source_totals);
  EXPECT_EQ(sqlite_rows(back_dir, kDealCreatedTotals), source_created) << "on the SQLite copy";
  EXPECT_EQ(sqlite_rows(back_dir, kStageHistoryEnds), source_ends) << "the funnel's kept figures, rebuilt on the SQLite copy";
  EXPECT_EQ(sqlite_rows(back_dir, kDealStageTimes), source_times);
  EXPECT_EQ(sqlite_rows(back_dir, kDealClosedTotals), source_closed);
  EXPECT_EQ(sqlite_rows(back_dir, kDealAmountBuckets), source_buckets) << "the amounts' buckets, rebuilt on the SQLite copy";
  EXPECT_EQ(sqlite_rows(back_dir, kDealStageAmountBuckets), source_stage_buckets) << "the amounts' buckets by stage, rebuilt on the SQLite copy";
  fs::remove_all(back_dir);
  fs::remove_all(source_dir);
}

// The segment facts kept on the contacts (migration 0083) are copied with the contacts; the target's
// triggers then recompute them from the rows arriving after them (deals' contacts, consents,
// activities' links) rather than adding to them, so on every copy they equal both the source's
// values and a recomputation from the copied rows.
TEST(MigrateData, ContactSegmentFactsMatchTheirRowsOnEveryCopy) {
  REQUIRE_TEST_CLUSTER();
  std::string source_dir = generated_source(200, 60);
  write_database(source_dir, [](db::Connection& c) {
    c.exec("INSERT INTO deal_contacts (workspace_id, deal_id, contact_id) SELECT d.workspace_id, d.id, c.id FROM "
           "(SELECT id, workspace_id, row_number() OVER (ORDER BY id) AS n FROM deals) d JOIN "
           "(SELECT id, workspace_id, row_number() OVER (ORDER BY id) AS n FROM contacts) c ON c.workspace_id = d.workspace_id "
           "AND (c.n = d.n OR c.n = d.n * 3)");
    c.exec("UPDATE deals SET closed_at = '2026-11-01T00:00:00.000Z' WHERE id IN (SELECT id FROM deals ORDER BY id LIMIT 10)");
    c.exec("INSERT INTO consents (id, workspace_id, contact_id, channel, status, source, recorded_at) SELECT 'g' || id, workspace_id, id, "
           "'email_marketing', 'granted', 'import', '2026-01-01T00:00:00.000Z' FROM contacts WHERE substr(id, 36, 1) IN ('0', '1', '2', '3')");
    c.exec("INSERT INTO consents (id, workspace_id, contact_id, channel, status, source, recorded_at) SELECT 'w' || id, workspace_id, id, "
           "'email_marketing', 'withdrawn', 'api', '2026-02-01T00:00:00.000Z' FROM contacts WHERE substr(id, 36, 1) = '0'");
    c.exec("UPDATE activities SET deleted_at = '2026-11-01T00:00:00.000Z' WHERE id IN (SELECT id FROM activities ORDER BY id LIMIT 20)");
  });
  const auto source = sqlite_rows(source_dir, kContactFacts);
  EXPECT_EQ(source, sqlite_rows(source_dir, kContactFactsComputed)) << "on the source";
  auto some = [&](std::size_t column) {
    return std::count_if(source.begin(), source.end(), [&](const auto& row) { return row[column] != "0" && !row[column].empty(); });
  };
  ASSERT_GT(some(1), 10) << "contacts with an open deal";
  ASSERT_GT(some(2), 10) << "contacts with a consent";
  ASSERT_GT(some(5), 10) << "contacts with an activity";

  std::string pg = fresh_pg_database("rft_migrate_contact_facts");
  auto up = run_rapport({"migrate-data", "--from", "sqlite:" + source_dir, "--to", pg});
  ASSERT_EQ(up.exit_code, 0) << up.output;
  EXPECT_EQ(pg_rows(pg, kContactFacts), source) << "the PostgreSQL copy's";
  EXPECT_EQ(pg_rows(pg, kContactFactsComputed), source) << "recomputed on the PostgreSQL copy";

  std::string back_dir = make_temp_dir("rapport-md-facts-back-");
  auto down = run_rapport({"migrate-data", "--from", pg, "--to", "sqlite:" + back_dir});
  ASSERT_EQ(down.exit_code, 0) << down.output;
  EXPECT_EQ(sqlite_rows(back_dir, kContactFacts), source) << "the SQLite copy's";
  EXPECT_EQ(sqlite_rows(back_dir, kContactFactsComputed), source) << "recomputed on the SQLite copy";
  fs::remove_all(back_dir);
  fs::remove_all(source_dir);
}

}  // namespace
}  // namespace rapport::testing
