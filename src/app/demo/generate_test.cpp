#include "app/demo/generate.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/demo/generate_test_support.hpp"
#include "platform/case_fold.hpp"
#include "platform/clock.hpp"
#include "platform/db/migrations.hpp"
#include "platform/ids.hpp"

namespace rapport::app {
namespace {

namespace fs = std::filesystem;
using testing::column;
using testing::int_of;
using testing::text_of;

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
  void expect_consistent(db::Connection& conn) { testing::expect_consistent(conn, ws_, owner_); }

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
  EXPECT_EQ(column(c(), testing::kContactContent), column(other, testing::kContactContent));
  EXPECT_EQ(column(c(), testing::kCompanyContent), column(other, testing::kCompanyContent));
  EXPECT_EQ(column(c(), testing::kActivityContent), column(other, testing::kActivityContent));
  EXPECT_NE(column(c(), testing::kContactContent), column(third, testing::kContactContent));
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
  with_company.prepare("INSERT INTO companies(id, workspace_id, name, name_key, domain, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind_all({ids::uuid_v7(), ws_, std::string("Mine"), std::string("mine"), second_domain, now, now})
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
  with_contact.prepare("INSERT INTO contacts(id, workspace_id, email, email_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)")
      .bind_all({ids::uuid_v7(), ws_, taken_email, case_fold::key(taken_email), now, now})
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

namespace rapport::app {
namespace {

class DemoDealsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() / ("rapport_demo_deals_" + ids::uuid_v7() + ".db")).string();
    c_ = std::make_unique<db::SqliteConnection>(path_, false);
    db::migrate(*c_);
    const std::string now = clock::now_text();
    c_->prepare("INSERT INTO workspaces(id, name, created_at) VALUES (?, ?, ?)").bind_all({ws_, std::string("Acme"), now}).run();
    for (const auto& [id, email] : {std::pair{owner_, "owner@acme.test"}, std::pair{seller_, "seller@acme.test"}})
      c_->prepare("INSERT INTO users(id, workspace_id, email, name, password_hash, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
          .bind_all({id, ws_, std::string(email), std::string("U"), std::string("x"), std::string("sales_rep"), now, now})
          .run();
  }
  void TearDown() override {
    c_.reset();
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix, ec);
  }
  std::string path_, ws_ = ids::uuid_v7(), owner_ = ids::uuid_v7(), seller_ = ids::uuid_v7();
  std::unique_ptr<db::SqliteConnection> c_;
};

TEST_F(DemoDealsTest, GeneratesPipelinesAndConsistentDeals) {
  GenerateReport r = generate_data(*c_, ws_, owner_, {0, 0, 0, 2000}, 11);
  EXPECT_EQ(r.pipelines, 3);
  EXPECT_EQ(r.deals, 2000);
  testing::expect_deals_consistent(*c_, ws_, 2000, 3);
  // Spread: every pipeline and stage type, both currencies and both users hold deals.
  EXPECT_EQ(testing::int_of(*c_, "SELECT count(DISTINCT pipeline_id) FROM deals"), 3);
  EXPECT_EQ(testing::int_of(*c_, "SELECT count(DISTINCT s.type) FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id"), 3);
  EXPECT_EQ(testing::int_of(*c_, "SELECT count(DISTINCT currency) FROM deals"), 2);
  EXPECT_EQ(testing::int_of(*c_, "SELECT count(DISTINCT owner_id) FROM deals"), 2);
  EXPECT_GE(testing::int_of(*c_, "SELECT count(DISTINCT substr(expected_close_date, 1, 7)) FROM deals d JOIN pipeline_stages s "
                                 "ON s.id = d.stage_id WHERE s.type = 'open'"), 12);
  // A second run adds three more pipelines under other names.
  generate_data(*c_, ws_, owner_, {0, 0, 0, 100}, 12);
  EXPECT_EQ(testing::int_of(*c_, "SELECT count(DISTINCT lower(name)) FROM pipelines"), 6);
  EXPECT_EQ(testing::int_of(*c_, "SELECT count(*) FROM deals"), 2100);
}

TEST_F(DemoDealsTest, NoDealsByDefault) {
  GenerateReport r = generate_data(*c_, ws_, owner_, {2, 10, 5}, 1);
  EXPECT_EQ(r.deals, 0);
  EXPECT_EQ(testing::int_of(*c_, "SELECT count(*) FROM pipelines"), 0);
}

}  // namespace
}  // namespace rapport::app
