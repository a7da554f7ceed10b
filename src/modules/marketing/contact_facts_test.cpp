// The segment facts kept on the contact (migration 0083: open_deals, consent_<channel>,
// last_activity_at, kept by triggers; SQLite's open_deals by adding each write's change since 0091)
// and on its links to deals (0088: the open deal's pipeline and stage) on both engines: equal to a
// recomputation from the linked rows after every kind of write (deals won, lost, reopened, moved,
// moved to another workspace, deleted, restored, purged; contacts linked and unlinked; a merge of
// contacts and its undo; consents appended, back-dated and moved; an erasure's unlinking; activities
// deleted, restored, moved in time and purged; an import's multi-row inserts), and the segments
// compiled on them select the contacts the former subqueries (the reference forms below) select,
// for every form of each fact.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "modules/customers/specs.hpp"
#include "modules/dedupe/merge_relations.hpp"
#include "modules/marketing/segment_filter.hpp"
#include "platform/clock.hpp"
#include "platform/db/pg_database.hpp"
#include "platform/db/test_databases.hpp"

namespace rapport::marketing {
namespace {
namespace json = boost::json;

const int64_t kNow = *clock::parse_datetime("2026-12-05T12:00:00Z");
std::string days_from_now(double days) { return clock::format_ms(kNow + static_cast<int64_t>(days * 86'400'000)); }

// The pipelines' and stages' ids (UUIDs, as a filter requires), written "{p1}", "{s3}" in the texts below.
std::string named(std::string text) {
  static const std::vector<std::pair<std::string, std::string>> ids = {
      {"{p1}", "01900000-0000-7000-8000-0000000000a1"}, {"{p2}", "01900000-0000-7000-8000-0000000000a2"},
      {"{s1}", "01900000-0000-7000-8000-0000000000b1"}, {"{s2}", "01900000-0000-7000-8000-0000000000b2"},
      {"{s3}", "01900000-0000-7000-8000-0000000000b3"}};
  for (const auto& [name, id] : ids)
    for (std::size_t at; (at = text.find(name)) != std::string::npos;) text.replace(at, name.size(), id);
  return text;
}

class ContactFacts : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      RAPPORT_REQUIRE_PG();
      pg_ = std::make_unique<db::PgTestDatabase>("contactfacts");
      pgdb_ = std::make_unique<db::PgDatabase>(pg_->opts(), 2);
    } else {
      sqlite_ = std::make_unique<db::SqliteTestDatabase>();
    }
    const std::string t = "2026-01-01T00:00:00.000Z";
    for (const char* w : {"w1", "w2"}) sql("INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?)", {w, w, t});
    for (const char* c : {"c1", "c2", "c3", "c4", "c5", "c6"}) contact(c, "w1");
    contact("x1", "w2");
    pipeline("{p1}", {"{s1}", "{s2}"});
    pipeline("{p2}", {"{s3}"});
    deal("d1", "{p1}", "{s1}");
    deal("d2", "{p1}", "{s1}");
    deal("d3", "{p2}", "{s3}");
    deal("d4", "{p1}", "{s2}", t);  // closed (won)
    link("d1", "c1");
    link("d2", "c1");
    link("d3", "c2");
    link("d4", "c3");
    link("d3", "c4");
    consent("k1", "c1", "email_marketing", "granted", "2026-03-01T00:00:00.000Z");
    consent("k2", "c2", "email_marketing", "granted", "2026-03-01T00:00:00.000Z");
    consent("k3", "c2", "email_marketing", "withdrawn", "2026-04-01T00:00:00.000Z");
    consent("k4", "c3", "sms", "granted", "2026-03-01T00:00:00.000Z");
    consent("k5", "c3", "email_marketing", "withdrawn", "2026-03-01T00:00:00.000Z");
    activity("a1", days_from_now(-5), {"c1", "c2"});
    activity("a2", days_from_now(-40), {"c2", "c3"});
    activity("a3", days_from_now(-2), {"c3"});
    activity("a4", days_from_now(3), {"c3", "c4"});  // planned: still to come
    activity("a5", days_from_now(-0.5), {"c5"});
    activity("a6", days_from_now(-1), {"x1"});
  }

  db::Database& db() { return sqlite_ ? static_cast<db::Database&>(*sqlite_->db) : *pgdb_; }
  void sql(const std::string& text, const std::vector<db::Value>& params = {}) {
    ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
      c.prepare(named(text)).bind_all(params).run();
      return ok_status();
    }).ok()) << text;
  }
  void contact(const std::string& id, const std::string& ws) {
    sql("INSERT INTO contacts (id, workspace_id, last_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
        {id, ws, id, std::string("2026-01-01T00:00:00.000Z"), std::string("2026-01-01T00:00:00.000Z")});
  }
  void pipeline(const std::string& id, const std::vector<std::string>& stages) {
    const std::string t = "2026-01-01T00:00:00.000Z";
    sql("INSERT INTO pipelines (id, workspace_id, name, position, created_at, updated_at) VALUES (?, 'w1', ?, 0, ?, ?)", {named(id), id, t, t});
    int64_t position = 0;
    for (const auto& s : stages)
      sql("INSERT INTO pipeline_stages (id, workspace_id, pipeline_id, name, position, probability, type, created_at, updated_at) "
          "VALUES (?, 'w1', ?, ?, ?, 10, 'open', ?, ?)",
          {named(s), named(id), s, position++, t, t});
  }
  void deal(const std::string& id, const std::string& pipeline, const std::string& stage, const db::Value& closed = nullptr) {
    const std::string t = "2026-01-01T00:00:00.000Z";
    sql("INSERT INTO deals (id, workspace_id, name, pipeline_id, stage_id, closed_at, created_at, updated_at) VALUES (?, 'w1', ?, ?, ?, ?, ?, ?)",
        {id, id, named(pipeline), named(stage), closed, t, t});
  }
  void link(const std::string& deal, const std::string& contact) {
    sql("INSERT INTO deal_contacts (workspace_id, deal_id, contact_id) VALUES ('w1', ?, ?)", {deal, contact});
  }
  void consent(const std::string& id, const std::string& contact, const std::string& channel, const std::string& status,
               const std::string& at) {
    sql("INSERT INTO consents (id, workspace_id, contact_id, channel, status, source, recorded_at) VALUES (?, 'w1', ?, ?, ?, 'api', ?)",
        {id, contact, channel, status, at});
  }
  void activity(const std::string& id, const std::string& at, const std::vector<std::string>& contacts) {
    const std::string ws = contacts.front()[0] == 'x' ? "w2" : "w1";
    sql("INSERT INTO activities (id, workspace_id, type, occurred_at, created_at, updated_at) VALUES (?, ?, 'call', ?, ?, ?)",
        {id, ws, at, at, at});
    for (const auto& c : contacts)
      sql("INSERT INTO activity_links (workspace_id, activity_id, target_type, target_id, occurred_at) VALUES (?, ?, 'contacts', ?, ?)",
          {ws, id, c, at});
  }

  // "id:open_deals/email/phone/sms/last_activity ..." of every contact.
  std::string rows(const std::string& query) {
    return db().read([&](db::Connection& c) {
      auto& st = c.prepare(query);
      std::string out;
      while (st.step()) {
        out += st.text(0) + ':' + std::to_string(st.int64(1));
        for (int i = 2; i < 6; ++i) out += '/' + (st.is_null(i) ? std::string("-") : st.text(i));
        out += ' ';
      }
      st.reset();
      return out;
    });
  }
  std::string kept() {
    return rows("SELECT id, open_deals, consent_email_marketing, consent_phone, consent_sms, last_activity_at FROM contacts ORDER BY id");
  }
  std::string computed() {
    std::string newest;
    for (const char* channel : {"email_marketing", "phone", "sms"}) {
      newest += ", (SELECT k.status FROM consents k WHERE k.workspace_id = c.workspace_id AND k.contact_id = c.id AND k.channel = '";
      newest += channel;
      newest += "' ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1)";
    }
    return rows(
        "SELECT c.id, (SELECT count(*) FROM deal_contacts dc JOIN deals d ON d.id = dc.deal_id WHERE dc.workspace_id = c.workspace_id "
        "AND dc.contact_id = c.id AND d.workspace_id = c.workspace_id AND d.deleted_at IS NULL AND d.closed_at IS NULL)" +
        newest +
        ", (SELECT max(l.occurred_at) FROM activity_links l JOIN activities a ON a.id = l.activity_id WHERE l.workspace_id = c.workspace_id "
        "AND l.target_type = 'contacts' AND l.target_id = c.id AND a.deleted_at IS NULL) FROM contacts c ORDER BY c.id");
  }

  // The live contacts of w1 meeting `where` (" AND ..."), in id order.
  std::string members(const Sql& where) {
    return db().read([&](db::Connection& c) {
      auto& st = c.prepare(named("SELECT id FROM contacts WHERE workspace_id = 'w1' AND deleted_at IS NULL" + where.text + " ORDER BY id"));
      st.bind_all(where.params);
      std::string out;
      while (st.step()) out += st.text(0) + ' ';
      st.reset();
      return out;
    });
  }
  Sql compiled(const std::string& filter) {
    identity::Context admin;
    admin.workspace_id = "w1";
    const std::vector<records::CustomFieldDef> none;
    auto r = db().read([&](db::Connection& c) {
      const FilterScope scope{.c = c, .caller = admin, .contacts = customers::contact_spec(), .companies = customers::company_spec(),
                              .contact_fields = none, .company_fields = none, .now_ms = kNow};
      return compile_filter(json::parse(named(filter)), scope);
    });
    EXPECT_TRUE(r) << filter << ": " << r.problem().detail;
    return r ? std::move(*r) : Sql{" AND 1 = 0", {}};
  }

  // Every form of each fact, compiled on the kept values, against the former subquery.
  void answers(const std::string& step) {
    const std::string open_deals =
        "SELECT dc.contact_id FROM deal_contacts dc JOIN deals d ON d.id = dc.deal_id WHERE dc.workspace_id = 'w1' "
        "AND d.workspace_id = 'w1' AND d.deleted_at IS NULL AND d.closed_at IS NULL";
    auto activity = [](int days) {
      return " AND id IN (SELECT l.target_id FROM activity_links l JOIN activities a ON a.id = l.activity_id WHERE l.workspace_id = 'w1' "
             "AND l.target_type = 'contacts' AND l.occurred_at >= '" +
             days_from_now(-days) + "' AND l.occurred_at <= '" + days_from_now(0) + "' AND a.deleted_at IS NULL)";
    };
    auto consent = [](const std::string& channel, const std::string& state) {
      if (state == "none") return " AND id NOT IN (SELECT contact_id FROM consents WHERE workspace_id = 'w1' AND channel = '" + channel + "')";
      return " AND id IN (SELECT k.contact_id FROM consents k WHERE k.workspace_id = 'w1' AND k.channel = '" + channel +
             "' AND k.status = '" + state +
             "' AND NOT EXISTS (SELECT 1 FROM consents n WHERE n.workspace_id = k.workspace_id AND n.contact_id = k.contact_id "
             "AND n.channel = k.channel AND (n.recorded_at > k.recorded_at OR (n.recorded_at = k.recorded_at AND n.id > k.id))))";
    };
    const std::vector<std::pair<std::string, std::string>> cases = {
        {R"({"has_open_deal": true})", " AND id IN (" + open_deals + ")"},
        {R"({"has_open_deal": false})", " AND id NOT IN (" + open_deals + ")"},
        {R"({"has_open_deal": {}})", " AND id IN (" + open_deals + ")"},
        {R"({"has_open_deal": {"pipeline_id": "{p1}"}})", " AND id IN (" + open_deals + " AND d.pipeline_id = '{p1}')"},
        {R"({"has_open_deal": {"pipeline_id": "{p1}", "stage_id": "{s1}"}})",
         " AND id IN (" + open_deals + " AND d.pipeline_id = '{p1}' AND d.stage_id = '{s1}')"},
        {R"({"has_open_deal": {"stage_id": "{s3}"}})", " AND id IN (" + open_deals + " AND d.stage_id = '{s3}')"},
        {R"({"has_open_deal": {"stage_id": "{s2}"}})", " AND id IN (" + open_deals + " AND d.stage_id = '{s2}')"},
        {R"({"not": {"has_open_deal": {"pipeline_id": "{p2}"}}})", " AND id NOT IN (" + open_deals + " AND d.pipeline_id = '{p2}')"},
        {R"({"activity_within_days": 1})", activity(1)},
        {R"({"activity_within_days": 3})", activity(3)},
        {R"({"activity_within_days": 30})", activity(30)},
        {R"({"activity_within_days": 3650})", activity(3650)},
        {R"({"not": {"activity_within_days": 30}})", " AND NOT (1 = 1" + activity(30) + ")"},
    };
    for (const auto& [filter, reference] : cases)
      EXPECT_EQ(members(compiled(filter)), members(Sql{reference, {}})) << step << ": " << filter;
    for (const std::string channel : {"email_marketing", "phone", "sms"})
      for (const std::string state : {"granted", "withdrawn", "none"}) {
        const std::string filter = R"({"consent": {"channel": ")" + channel + R"(", "state": ")" + state + "\"}}";
        EXPECT_EQ(members(compiled(filter)), members(Sql{consent(channel, state), {}})) << step << ": " << filter;
      }
  }

  // "deal/contact:pipeline/stage ..." of every link: as kept (migration 0088) or read from its deal.
  std::string links(bool kept) {
    const std::string open = " FROM deals d WHERE d.id = dc.deal_id AND d.workspace_id = dc.workspace_id AND d.deleted_at IS NULL "
                             "AND d.closed_at IS NULL)";
    return db().read([&](db::Connection& c) {
      auto& st = c.prepare(kept ? "SELECT dc.deal_id, dc.contact_id, dc.open_pipeline_id, dc.open_stage_id FROM deal_contacts dc "
                                  "ORDER BY dc.deal_id, dc.contact_id"
                                : "SELECT dc.deal_id, dc.contact_id, (SELECT d.pipeline_id" + open + ", (SELECT d.stage_id" + open +
                                      " FROM deal_contacts dc ORDER BY dc.deal_id, dc.contact_id");
      std::string out;
      while (st.step())
        out += st.text(0) + '/' + st.text(1) + ':' + (st.is_null(2) ? "-" : st.text(2)) + '/' + (st.is_null(3) ? "-" : st.text(3)) + ' ';
      st.reset();
      return out;
    });
  }

  void check(const std::string& step) {
    EXPECT_EQ(kept(), computed()) << step;
    EXPECT_EQ(links(true), links(false)) << step;
    answers(step);
  }

  std::unique_ptr<db::SqliteTestDatabase> sqlite_;
  std::unique_ptr<db::PgTestDatabase> pg_;
  std::unique_ptr<db::PgDatabase> pgdb_;
};

TEST_P(ContactFacts, KeptFactsEqualARecomputationAfterEveryWrite) {
  check("seeded");
  EXPECT_EQ(kept().substr(0, 28), "c1:2/granted/-/-/" + days_from_now(-5).substr(0, 11)) << "the seed is counted";
  // Deals: won, reopened, moved to another pipeline, a write of nothing counted, deleted, restored.
  sql("UPDATE deals SET stage_id = '{s2}', closed_at = '2026-12-01T00:00:00.000Z' WHERE id = 'd1'");
  check("d1 won");
  sql("UPDATE deals SET stage_id = '{s1}', closed_at = NULL WHERE id = 'd1'");
  check("d1 reopened");
  sql("UPDATE deals SET stage_id = '{s2}' WHERE id = 'd1'");
  check("d1 moved to s2");
  sql("UPDATE deals SET stage_id = '{s1}' WHERE id = 'd1'");
  check("d1 moved back to s1");
  sql("UPDATE deals SET pipeline_id = '{p2}', stage_id = '{s3}' WHERE id = 'd2'");
  check("d2 moved to p2");
  sql("UPDATE deals SET name = 'renamed', updated_at = '2026-12-02T00:00:00.000Z', version = version + 1 WHERE id = 'd3'");
  check("d3 renamed");
  sql("UPDATE deals SET deleted_at = '2026-12-02T00:00:00.000Z' WHERE id = 'd3'");
  check("d3 deleted");
  sql("UPDATE deals SET closed_at = '2026-12-02T00:00:00.000Z' WHERE id = 'd3'");
  check("d3 closed in the recycle bin");
  sql("UPDATE deals SET deleted_at = NULL, closed_at = NULL WHERE id = 'd3'");
  check("d3 restored");
  // Contacts of deals: linked, unlinked, moved to another deal.
  link("d3", "c5");
  check("c5 linked to d3");
  sql("DELETE FROM deal_contacts WHERE deal_id = 'd3' AND contact_id = 'c2'");
  check("c2 unlinked from d3");
  sql("UPDATE deal_contacts SET deal_id = 'd4' WHERE deal_id = 'd3' AND contact_id = 'c4'");
  check("c4's link moved to the won d4");
  // A deal moved to another workspace: its link left behind no longer counts; moved after it, the
  // link counts for the other workspace's contact; both moved back.
  sql("UPDATE deals SET workspace_id = 'w2' WHERE id = 'd2'");
  check("d2 moved to w2, its link left in w1");
  sql("UPDATE deal_contacts SET workspace_id = 'w2', contact_id = 'x1' WHERE deal_id = 'd2'");
  check("d2's link moved to w2's x1");
  sql("UPDATE deal_contacts SET workspace_id = 'w1', contact_id = 'c1' WHERE deal_id = 'd2'");
  check("d2's link back in w1, the deal still in w2");
  sql("UPDATE deals SET workspace_id = 'w1' WHERE id = 'd2'");
  check("d2 back in w1");
  // Consents: a newer withdrawal, a back-dated grant (not the newest), the same instant with a greater id.
  consent("k6", "c1", "email_marketing", "withdrawn", "2026-05-01T00:00:00.000Z");
  check("c1 withdrew");
  consent("k7", "c1", "email_marketing", "granted", "2026-04-01T00:00:00.000Z");
  check("c1 back-dated grant");
  consent("k8", "c1", "email_marketing", "granted", "2026-05-01T00:00:00.000Z");
  check("c1 granted at the same instant, greater id");
  consent("k9", "c4", "phone", "granted", "2026-05-01T00:00:00.000Z");
  check("c4 phone granted");
  sql("UPDATE consents SET note = NULL WHERE workspace_id = 'w1' AND contact_id = 'c4'");  // an erasure keeps the record
  check("c4's consent notes erased");
  // Activities: the newest deleted (the next newest counts), restored, moved in time, unlinked, purged.
  sql("UPDATE activities SET deleted_at = '2026-12-05T00:00:00.000Z' WHERE id = 'a3'");
  check("a3 deleted");
  sql("UPDATE activities SET deleted_at = NULL WHERE id = 'a3'");
  check("a3 restored");
  sql("UPDATE activities SET occurred_at = ? WHERE id = 'a1'", {days_from_now(-50)});
  sql("UPDATE activity_links SET occurred_at = ? WHERE activity_id = 'a1'", {days_from_now(-50)});
  check("a1 moved back in time");
  sql("UPDATE activity_links SET occurred_at = ? WHERE activity_id = 'a4'", {days_from_now(-0.2)});
  check("a4 moved into the past");
  sql("DELETE FROM activity_links WHERE activity_id = 'a4' AND target_type = 'contacts' AND target_id = 'c3'");  // erasure's unlinking
  check("c3 unlinked from a4");
  sql("DELETE FROM activity_links WHERE activity_id = 'a5'");
  sql("DELETE FROM activities WHERE id = 'a5'");
  check("a5 purged");
  activity("a7", days_from_now(-0.1), {"c6"});
  check("a7 logged");
  // A merge of c2 into c1 (links, consents, activities move; a link c1 had as well is dropped) and its undo.
  link("d1", "c2");
  ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
    c.prepare("INSERT INTO record_merges (id, workspace_id, object_type, survivor_id, merged_ids, survivor_before, survivor_after, "
              "merged_at) VALUES ('m1', 'w1', 'contacts', 'c1', '[\"c2\"]', '{}', '{}', '2026-12-05T00:00:00.000Z')")
        .run();
    int64_t seq = 0;
    EXPECT_GT(dedupe::move_related(c, "w1", "contacts", "m1", "c2", "c1", seq), 0);
    return ok_status();
  }).ok());
  check("c2 merged into c1");
  ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
    EXPECT_GT(dedupe::move_back(c, "w1", "contacts", "m1", "c1").returned, 0);
    return ok_status();
  }).ok());
  check("the merge undone");
  // An import: many rows in one statement each.
  sql("INSERT INTO contacts (id, workspace_id, last_name, created_at, updated_at) SELECT 'i' || id, workspace_id, last_name, created_at, "
      "updated_at FROM contacts WHERE workspace_id = 'w1' AND id IN ('c1', 'c2', 'c3')");
  sql("INSERT INTO deal_contacts (workspace_id, deal_id, contact_id) SELECT 'w1', 'd1', id FROM contacts WHERE id LIKE 'i%'");
  sql("INSERT INTO consents (id, workspace_id, contact_id, channel, status, source, recorded_at) SELECT 'k' || id, 'w1', id, 'sms', "
      "'granted', 'import', '2026-06-01T00:00:00.000Z' FROM contacts WHERE id LIKE 'i%'");
  check("imported");
  // Purges: a deal (its links first), a closed deal, a contact with everything linked to it.
  sql("DELETE FROM deal_contacts WHERE deal_id = 'd1'");
  sql("DELETE FROM deals WHERE id = 'd1'");
  check("d1 purged");
  sql("UPDATE deals SET deleted_at = '2026-12-05T00:00:00.000Z' WHERE id = 'd4'");
  sql("DELETE FROM deal_contacts WHERE deal_id = 'd4'");
  sql("DELETE FROM deals WHERE id = 'd4'");
  check("d4 purged from the recycle bin");
  sql("DELETE FROM deal_contacts WHERE contact_id = 'c3'");
  sql("DELETE FROM consents WHERE contact_id = 'c3'");
  sql("DELETE FROM activity_links WHERE target_id = 'c3'");
  sql("DELETE FROM contacts WHERE id = 'c3'");
  check("c3 purged");
  sql("UPDATE contacts SET deleted_at = '2026-12-05T00:00:00.000Z' WHERE id = 'c1'");
  check("c1 deleted (not a member of any segment)");
  EXPECT_NE(rows("SELECT id, open_deals, consent_email_marketing, consent_phone, consent_sms, last_activity_at FROM contacts "
                 "WHERE id = 'x1'"),
            "") << "the other workspace's contact";
}

INSTANTIATE_TEST_SUITE_P(Engines, ContactFacts, ::testing::Values("sqlite", "postgres"));

// Linking many contacts at once (an import, migrate-data, a bench seed) recounts each linked
// contact's open deals from that contact's own links. PostgreSQL had planned the recount as a merge
// join walking the workspace's deals in id order up to the contact's deal (0.8 ms a contact at 4,000
// deals; a 1M-contact seed linking 50,000 did not finish in 12 minutes): migration 0087. The work is
// read from this transaction's own statistics of the deals table, not from a clock.
class ContactFactsPgWork : public ContactFacts {};

TEST_P(ContactFactsPgWork, LinkingManyContactsReadsOnlyTheirOwnDeals) {
  constexpr int kDeals = 3000, kLinks = 600;
  sql("INSERT INTO deals (id, workspace_id, name, pipeline_id, stage_id, created_at, updated_at) SELECT 'e' || lpad(n::text, 5, '0'), "
      "'w1', 'bulk', '{p1}', '{s1}', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z' FROM generate_series(1, " +
      std::to_string(kDeals) + ") n");
  sql("INSERT INTO contacts (id, workspace_id, last_name, created_at, updated_at) SELECT 'bulk' || lpad(n::text, 5, '0'), 'w1', 'bulk', "
      "'2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z' FROM generate_series(1, " +
      std::to_string(kLinks) + ") n");
  sql("ANALYZE deals");
  sql("ANALYZE deal_contacts");
  int64_t fetched = -1, scanned = -1;
  ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
    // The contacts are linked to the last deals, the far end of a walk in id order (their ids sort
    // after the seeded deals' d1-d4, the only ones the statistics of deal_contacts know).
    c.prepare("INSERT INTO deal_contacts (workspace_id, deal_id, contact_id) SELECT 'w1', 'e' || lpad((n + " + std::to_string(kDeals - kLinks) +
              ")::text, 5, '0'), 'bulk' || lpad(n::text, 5, '0') FROM generate_series(1, " + std::to_string(kLinks) + ") n")
        .run();
    auto& st = c.prepare("SELECT coalesce(idx_tup_fetch, 0), coalesce(seq_tup_read, 0) FROM pg_stat_xact_user_tables WHERE relname = 'deals'");
    EXPECT_TRUE(st.step());
    fetched = st.int64(0);
    scanned = st.int64(1);
    st.reset();
    return ok_status();
  }).ok());
  EXPECT_EQ(rows("SELECT 'linked', count(*), NULL, NULL, NULL, NULL FROM contacts WHERE id LIKE 'bulk%' AND open_deals = 1"), "linked:600/-/-/-/- ");
  // Each link's deal is read at most five times (for the link's kept stage, by the foreign key's
  // check, locked, rechecked, counted by the recount; the lock may read the table once instead: a
  // hashed set of the statement's deals). The merge join read 1.6M.
  EXPECT_LE(fetched, 6 * kLinks) << "deals read through indexes for " << kLinks << " links";
  EXPECT_LE(scanned, kDeals + 10) << "deals read by scans of the table";
}

// A link written while another transaction moves its deal to another stage: the link's trigger read
// the deal before that move committed, and its recheck, once it holds the deal's lock, keeps the
// stage the deal has (migration 0088). The move is held uncommitted until the link's insert waits
// for its lock.
TEST_P(ContactFactsPgWork, ALinkWrittenWhileItsDealMovesKeepsTheNewStage) {
  db::PgDatabase watcher(pg_->opts(), 1);
  auto waiting_for_a_lock = [&] {
    return watcher.read([](db::Connection& c) {
      return std::get<int64_t>(c.scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"));
    });
  };
  Status insert = Problem::internal();
  std::thread linker;
  const Status move = db().write([&](db::Connection& c) -> Status {
    c.prepare(named("UPDATE deals SET stage_id = '{s2}' WHERE id = 'd2'")).run();
    if (linker.joinable()) return Problem::internal();  // not run twice
    linker = std::thread([&] {
      insert = db().write([&](db::Connection& w) -> Status {
        w.prepare("INSERT INTO deal_contacts (workspace_id, deal_id, contact_id) VALUES ('w1', 'd2', 'c6')").run();
        return ok_status();
      });
    });
    for (int i = 0; i < 500 && waiting_for_a_lock() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_EQ(waiting_for_a_lock(), 1) << "the link's insert waits for the moved deal";
    return ok_status();
  });
  linker.join();
  ASSERT_TRUE(move.ok());
  ASSERT_TRUE(insert.ok());
  EXPECT_NE(links(true).find(named("d2/c6:{p1}/{s2}")), std::string::npos) << links(true);
  EXPECT_EQ(links(true), links(false));
  EXPECT_EQ(kept(), computed());
}

INSTANTIATE_TEST_SUITE_P(Engines, ContactFactsPgWork, ::testing::Values("postgres"));

}  // namespace
}  // namespace rapport::marketing
