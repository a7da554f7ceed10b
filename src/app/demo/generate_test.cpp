#include "app/demo/generate.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "platform/clock.hpp"
#include "platform/db/migrations.hpp"
#include "platform/ids.hpp"

namespace rapport::app {
namespace {

namespace fs = std::filesystem;

int64_t int_of(db::Connection& c, const std::string& sql, const std::vector<db::Value>& params = {}) {
  db::Value v = c.scalar(sql, params);
  return std::holds_alternative<int64_t>(v) ? std::get<int64_t>(v) : -1;
}

std::string text_of(db::Connection& c, const std::string& sql, const std::vector<db::Value>& params = {}) {
  db::Value v = c.scalar(sql, params);
  return std::holds_alternative<std::string>(v) ? std::get<std::string>(v) : std::string();
}

std::vector<std::string> column(db::Connection& c, const std::string& sql, const std::vector<db::Value>& params = {}) {
  std::vector<std::string> out;
  auto& st = c.prepare(sql);
  st.bind_all(params);
  while (st.step()) out.push_back(st.is_null(0) ? std::string("<null>") : st.text(0));
  st.reset();
  return out;
}

// A fresh, migrated database file with one workspace and its owner.
class DemoDataTest : public ::testing::Test {
 protected:
  void SetUp() override { open(); }
  void TearDown() override {
    conns_.clear();
    for (const auto& p : paths_) {
      std::error_code ec;
      for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(p + suffix, ec);
    }
  }

  // Opens another fresh database; returns its connection (the first one is `c()`).
  db::SqliteConnection& open() {
    std::string path = (fs::temp_directory_path() / ("rapport_demo_data_" + ids::uuid_v7() + ".db")).string();
    paths_.push_back(path);
    conns_.push_back(std::make_unique<db::SqliteConnection>(path, false));
    db::SqliteConnection& conn = *conns_.back();
    db::migrate(conn);
    const std::string now = clock::now_text();
    conn.prepare("INSERT INTO workspaces(id, name, created_at) VALUES (?, ?, ?)")
        .bind_all({ws_, std::string("Acme ") + std::to_string(conns_.size()), now})
        .run();
    conn.prepare(
            "INSERT INTO users(id, workspace_id, email, name, password_hash, role, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all({owner_, ws_, std::string("owner@acme.test"), std::string("Owner"), std::string("x"),
                   std::string("owner"), now, now})
        .run();
    return conn;
  }
  db::SqliteConnection& c() { return *conns_.front(); }

  // Everything the API would check of generated rows, and the bookkeeping around them.
  void expect_consistent(db::Connection& conn) {
    const std::vector<db::Value> ws{ws_};
    // record_counts matches the live rows.
    for (const char* table : {"companies", "contacts", "activities"}) {
      EXPECT_EQ(int_of(conn,
                       "SELECT coalesce((SELECT live FROM record_counts WHERE workspace_id = ? AND object_type = ?), 0)",
                       {ws_, std::string(table)}),
                int_of(conn, std::string("SELECT count(*) FROM ") + table + " WHERE workspace_id = ? AND deleted_at IS NULL",
                       ws))
          << table;
    }
    // Unique emails (case-insensitively) and domains; every contact has one.
    EXPECT_EQ(int_of(conn, "SELECT count(*) - count(DISTINCT lower(email)) FROM contacts WHERE workspace_id = ?", ws), 0);
    EXPECT_EQ(int_of(conn, "SELECT count(*) FROM contacts WHERE workspace_id = ? AND email IS NULL", ws), 0);
    EXPECT_EQ(int_of(conn, "SELECT count(*) - count(DISTINCT domain) FROM companies WHERE workspace_id = ?", ws), 0);
    // Every activity has its contact link (and company link when the contact has a company), with
    // occurred_at copied.
    EXPECT_EQ(int_of(conn,
                     "SELECT count(*) FROM activities a WHERE a.workspace_id = ? AND NOT EXISTS "
                     "(SELECT 1 FROM activity_links l WHERE l.activity_id = a.id AND l.target_type = 'contacts')",
                     ws),
              0);
    EXPECT_EQ(int_of(conn,
                     "SELECT count(*) FROM activity_links l JOIN activities a ON a.id = l.activity_id "
                     "WHERE l.workspace_id = ? AND l.occurred_at <> a.occurred_at",
                     ws),
              0);
    EXPECT_EQ(int_of(conn,
                     "SELECT count(*) FROM activity_links lc JOIN contacts ct ON ct.id = lc.target_id "
                     "WHERE lc.workspace_id = ? AND lc.target_type = 'contacts' AND "
                     "ct.company_id IS NOT (SELECT target_id FROM activity_links lo "
                     "WHERE lo.activity_id = lc.activity_id AND lo.target_type = 'companies')",
                     ws),
              0);
    // Per-type fields.
    EXPECT_EQ(int_of(conn,
                     "SELECT count(*) FROM activities WHERE workspace_id = ? AND type = 'meeting' AND "
                     "NOT (starts_at < ends_at)",
                     ws),
              0);
    EXPECT_EQ(int_of(conn,
                     "SELECT count(*) FROM activities WHERE workspace_id = ? AND type = 'task' AND "
                     "(due_at IS NULL OR done NOT IN (0, 1) OR (done = 1) <> (completed_at IS NOT NULL))",
                     ws),
              0);
    EXPECT_EQ(int_of(conn,
                     "SELECT count(*) FROM activities WHERE workspace_id = ? AND type = 'call' AND "
                     "(direction NOT IN ('inbound', 'outbound') OR duration_seconds < 0 OR outcome NOT IN "
                     "('connected', 'no_answer', 'left_voicemail', 'busy', 'wrong_number'))",
                     ws),
              0);
    EXPECT_EQ(int_of(conn,
                     "SELECT count(*) FROM activities WHERE workspace_id = ? AND type = 'email' AND "
                     "(direction NOT IN ('inbound', 'outbound') OR email_from IS NULL OR json_array_length(email_to) < 1)",
                     ws),
              0);
    EXPECT_EQ(int_of(conn,
                     "SELECT count(*) FROM activities WHERE workspace_id = ? AND type NOT IN "
                     "('note', 'task', 'call', 'meeting', 'email')",
                     ws),
              0);
    EXPECT_EQ(int_of(conn,
                     "SELECT count(*) FROM contacts WHERE workspace_id = ? AND lifecycle_stage NOT IN ('subscriber', "
                     "'lead', 'marketing_qualified', 'sales_qualified', 'opportunity', 'customer', 'evangelist', 'other')",
                     ws),
              0);
    EXPECT_EQ(int_of(conn,
                     "SELECT count(*) FROM companies WHERE workspace_id = ? AND size NOT IN "
                     "('1-10', '11-50', '51-200', '201-1000', '1001-5000', '5000+')",
                     ws),
              0);
    // Common columns; no audit or outbox rows for an import.
    for (const char* table : {"companies", "contacts", "activities"}) {
      EXPECT_EQ(int_of(conn,
                       std::string("SELECT count(*) FROM ") + table +
                           " WHERE workspace_id = ? AND (version <> 1 OR owner_id <> ? OR created_by <> ? OR "
                           "custom <> '{}' OR updated_at < created_at)",
                       {ws_, owner_, owner_}),
                0)
          << table;
    }
    EXPECT_EQ(int_of(conn, "SELECT count(*) FROM audit_log"), 0);
    EXPECT_EQ(int_of(conn, "SELECT count(*) FROM outbox"), 0);
    EXPECT_EQ(int_of(conn, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    // Text formats the API validates.
    const std::regex host("([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]+");
    for (const auto& d : column(conn, "SELECT domain FROM companies WHERE workspace_id = ?", ws))
      EXPECT_TRUE(std::regex_match(d, host)) << d;
    const std::regex email("[a-z0-9.-]+@([a-z0-9-]+\\.)+[a-z]+");
    for (const auto& e : column(conn, "SELECT email FROM contacts WHERE workspace_id = ?", ws))
      EXPECT_TRUE(std::regex_match(e, email)) << e;
    const std::regex e164("\\+[1-9][0-9]{7,14}");
    for (const auto& p : column(conn,
                                "SELECT phone FROM contacts WHERE workspace_id = ? AND phone IS NOT NULL UNION ALL "
                                "SELECT phone FROM companies WHERE workspace_id = ? AND phone IS NOT NULL",
                                {ws_, ws_}))
      EXPECT_TRUE(std::regex_match(p, e164)) << p;
    const std::set<std::string> countries = {"US", "DE", "FR", "GB", "NL", "ES", "IT", "SE", "CA", "AU"};
    for (const auto& cc : column(conn,
                                 "SELECT DISTINCT country FROM contacts WHERE workspace_id = ? AND owner_id = ? UNION "
                                 "SELECT DISTINCT country FROM companies WHERE workspace_id = ? AND owner_id = ?",
                                 {ws_, owner_, ws_, owner_}))
      EXPECT_TRUE(countries.count(cc)) << cc;
    for (const auto& t : column(conn,
                                "SELECT created_at FROM contacts WHERE workspace_id = ? UNION ALL "
                                "SELECT occurred_at FROM activities WHERE workspace_id = ? UNION ALL "
                                "SELECT due_at FROM activities WHERE workspace_id = ? AND due_at IS NOT NULL",
                                {ws_, ws_, ws_})) {
      EXPECT_TRUE(clock::parse_datetime(t).has_value()) << t;
      EXPECT_EQ(t.size(), 24u) << t;  // 2026-01-02T03:04:05.678Z
    }
    for (const auto& ids : column(conn, "SELECT id FROM contacts WHERE workspace_id = ? LIMIT 50", ws))
      EXPECT_TRUE(ids::is_uuid(ids)) << ids;
  }

  std::string ws_ = ids::uuid_v7();
  std::string owner_ = ids::uuid_v7();
  std::vector<std::string> paths_;
  std::vector<std::unique_ptr<db::SqliteConnection>> conns_;
};

TEST_F(DemoDataTest, GeneratesRequestedCountsConsistently) {
  const int64_t synchronous = int_of(c(), "PRAGMA synchronous"), cache_size = int_of(c(), "PRAGMA cache_size");
  const int64_t foreign_keys = int_of(c(), "PRAGMA foreign_keys");
  const int64_t autocheckpoint = int_of(c(), "PRAGMA wal_autocheckpoint");
  GenerateReport r = generate_data(c(), ws_, owner_, {20, 100, 50}, 42);
  EXPECT_EQ(r.companies, 20);
  EXPECT_EQ(r.contacts, 100);
  EXPECT_EQ(r.activities, 50);
  EXPECT_GE(r.seconds, 0.0);
  EXPECT_EQ(int_of(c(), "SELECT count(*) FROM companies"), 20);
  EXPECT_EQ(int_of(c(), "SELECT count(*) FROM contacts"), 100);
  EXPECT_EQ(int_of(c(), "SELECT count(*) FROM activities"), 50);
  EXPECT_EQ(int_of(c(), "SELECT live FROM record_counts WHERE object_type = 'contacts'"), 100);
  EXPECT_GE(int_of(c(), "SELECT count(*) FROM activity_links"), 50);
  // Most contacts belong to a company, and a good share are customers.
  EXPECT_GE(int_of(c(), "SELECT count(*) FROM contacts WHERE company_id IS NOT NULL"), 70);
  EXPECT_GE(int_of(c(), "SELECT count(*) FROM contacts WHERE lifecycle_stage = 'customer'"), 5);
  expect_consistent(c());
  // The connection's settings are back to what they were.
  EXPECT_EQ(int_of(c(), "PRAGMA synchronous"), synchronous);
  EXPECT_EQ(int_of(c(), "PRAGMA foreign_keys"), foreign_keys);
  EXPECT_EQ(int_of(c(), "PRAGMA cache_size"), cache_size);
  EXPECT_EQ(int_of(c(), "PRAGMA wal_autocheckpoint"), autocheckpoint);
  EXPECT_FALSE(sqlite3_get_autocommit(c().handle()) == 0);  // no transaction left open
}

TEST_F(DemoDataTest, SameSeedSameContent) {
  db::SqliteConnection& other = open();
  db::SqliteConnection& third = open();
  generate_data(c(), ws_, owner_, {10, 60, 40}, 7);
  generate_data(other, ws_, owner_, {10, 60, 40}, 7);
  generate_data(third, ws_, owner_, {10, 60, 40}, 8);
  const std::string contacts =
      "SELECT first_name || '|' || last_name || '|' || email || '|' || coalesce(phone, '') || '|' || "
      "coalesce(job_title, '') || '|' || lifecycle_stage || '|' || city FROM contacts ORDER BY email";
  const std::string companies = "SELECT name || '|' || domain || '|' || size || '|' || city FROM companies ORDER BY name";
  const std::string activities = "SELECT type || '|' || subject || '|' || coalesce(body, '') FROM activities ORDER BY rowid";
  EXPECT_EQ(column(c(), contacts), column(other, contacts));
  EXPECT_EQ(column(c(), companies), column(other, companies));
  EXPECT_EQ(column(c(), activities), column(other, activities));
  EXPECT_NE(column(c(), contacts), column(third, contacts));
}

TEST_F(DemoDataTest, SecondRunAddsWithoutCollisions) {
  generate_data(c(), ws_, owner_, {15, 80, 30}, 1);
  generate_data(c(), ws_, owner_, {15, 80, 30}, 1);
  EXPECT_EQ(int_of(c(), "SELECT live FROM record_counts WHERE object_type = 'companies'"), 30);
  EXPECT_EQ(int_of(c(), "SELECT live FROM record_counts WHERE object_type = 'contacts'"), 160);
  EXPECT_EQ(int_of(c(), "SELECT live FROM record_counts WHERE object_type = 'activities'"), 60);
  expect_consistent(c());
}

TEST_F(DemoDataTest, UserRowsHoldingGeneratedDomainOrEmailAreWorkedAround) {
  // Learn what seed 3 generates in a fresh workspace...
  generate_data(c(), ws_, owner_, {12, 40, 20}, 3);
  const std::string second_domain = text_of(c(), "SELECT domain FROM companies ORDER BY rowid LIMIT 1 OFFSET 1");
  const std::string first_email = text_of(c(), "SELECT email FROM contacts WHERE email LIKE '%.1@%'");
  ASSERT_FALSE(second_domain.empty());
  ASSERT_FALSE(first_email.empty());
  const std::string now = clock::now_text();

  // ...then, with one user-made company already there, company numbering moves up by one: the company
  // generated first takes the second one's name and domain, which the user's company holds.
  db::SqliteConnection& with_company = open();
  with_company.prepare("INSERT INTO companies(id, workspace_id, name, domain, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)")
      .bind_all({ids::uuid_v7(), ws_, std::string("Mine"), second_domain, now, now})
      .run();
  with_company.exec("INSERT INTO record_counts(workspace_id, object_type, live) SELECT id, 'companies', 1 FROM workspaces");
  GenerateReport r = generate_data(with_company, ws_, owner_, {12, 40, 20}, 3);
  EXPECT_EQ(r.companies, 12);
  std::string moved_domain = second_domain;
  moved_domain.insert(moved_domain.rfind(".example"), "-2");
  EXPECT_EQ(int_of(with_company, "SELECT count(*) FROM companies WHERE domain = ?", {moved_domain}), 1);
  // Contacts of the moved company use its new domain.
  EXPECT_EQ(int_of(with_company,
                   "SELECT count(*) FROM contacts ct JOIN companies co ON co.id = ct.company_id "
                   "WHERE co.domain = ? AND ct.email NOT LIKE ?",
                   {moved_domain, "%@" + moved_domain}),
            0);
  expect_consistent(with_company);

  // Likewise with one user-made contact: the contact generated first would be "<same names>.2@<same
  // domain>", which the user's contact holds.
  db::SqliteConnection& with_contact = open();
  std::string taken_email = first_email;
  taken_email.replace(taken_email.find(".1@"), 3, ".2@");
  with_contact.prepare("INSERT INTO contacts(id, workspace_id, email, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
      .bind_all({ids::uuid_v7(), ws_, taken_email, now, now})
      .run();
  with_contact.exec("INSERT INTO record_counts(workspace_id, object_type, live) SELECT id, 'contacts', 1 FROM workspaces");
  r = generate_data(with_contact, ws_, owner_, {12, 40, 20}, 3);
  EXPECT_EQ(r.contacts, 40);
  std::string moved_email = taken_email;
  moved_email.insert(moved_email.find('@'), "-2");
  EXPECT_EQ(int_of(with_contact, "SELECT count(*) FROM contacts WHERE email = ?", {moved_email}), 1);
  expect_consistent(with_contact);
}

TEST_F(DemoDataTest, NoContactsMeansNoActivities) {
  GenerateReport r = generate_data(c(), ws_, owner_, {5, 0, 10}, 1);
  EXPECT_EQ(r.companies, 5);
  EXPECT_EQ(r.contacts, 0);
  EXPECT_EQ(r.activities, 0);
  EXPECT_EQ(int_of(c(), "SELECT count(*) FROM activities"), 0);
  EXPECT_EQ(int_of(c(), "SELECT count(*) FROM record_counts WHERE object_type = 'activities'"), 0);
}

TEST_F(DemoDataTest, ContactsWithoutCompanies) {
  generate_data(c(), ws_, owner_, {0, 30, 10}, 1);
  EXPECT_EQ(int_of(c(), "SELECT count(*) FROM contacts WHERE company_id IS NOT NULL"), 0);
  EXPECT_EQ(int_of(c(), "SELECT count(*) FROM activity_links WHERE target_type = 'companies'"), 0);
  expect_consistent(c());
}

TEST_F(DemoDataTest, UnknownWorkspaceIsRejected) {
  EXPECT_THROW(generate_data(c(), ids::uuid_v7(), owner_, {1, 1, 1}, 1), std::invalid_argument);
  EXPECT_EQ(int_of(c(), "SELECT count(*) FROM contacts"), 0);
  EXPECT_EQ(int_of(c(), "PRAGMA foreign_keys"), 1);
}

// Big enough for several chunks per phase (the producer thread), more than one commit and the
// background checkpointer.
TEST_F(DemoDataTest, LargerRunStaysConsistent) {
  const int64_t synchronous = int_of(c(), "PRAGMA synchronous");
  const int64_t autocheckpoint = int_of(c(), "PRAGMA wal_autocheckpoint");
  GenerateReport r = generate_data(c(), ws_, owner_, {9000, 40000, 20000}, 99);
  EXPECT_EQ(r.companies, 9000);
  EXPECT_EQ(r.contacts, 40000);
  EXPECT_EQ(r.activities, 20000);
  EXPECT_EQ(int_of(c(), "SELECT count(*) FROM contacts"), 40000);
  expect_consistent(c());
  EXPECT_EQ(int_of(c(), "PRAGMA synchronous"), synchronous);
  EXPECT_EQ(int_of(c(), "PRAGMA wal_autocheckpoint"), autocheckpoint);
}

}  // namespace
}  // namespace rapport::app
