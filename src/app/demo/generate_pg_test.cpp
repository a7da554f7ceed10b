// The generator on PostgreSQL: the same assertions as generate_test.cpp (SQLite), plus the same content
// on both engines for a seed, and what a failure in the middle leaves behind. Needs the private cluster
// of scripts/test.sh (RAPPORT_TEST_PG_URL); every database of a test is a schema of its own, so tests
// run in parallel.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/demo/generate.hpp"
#include "app/demo/generate_test_support.hpp"
#include "platform/case_fold.hpp"
#include "platform/clock.hpp"
#include "platform/db/migrations.hpp"
#include "platform/db/pg_connection_adapter.hpp"
#include "platform/db/pg_migrations.hpp"
#include "platform/db/pg_test_support.hpp"
#include "platform/db/postgres.hpp"
#include "platform/ids.hpp"

namespace rapport::app {
namespace {

namespace fs = std::filesystem;
using testing::column;
using testing::int_of;
using testing::text_of;

db::PgOptions options() {
  db::PgOptions o;
  o.url = db::pg_test_url();
  return o;
}

// A migrated schema on the test cluster: options whose connections work in it (the generator opens its
// own), and a connection for the tests' own queries.
struct Scratch {
  std::string schema;
  db::PgOptions opts;
  std::unique_ptr<db::PgConnection> pg;
  std::unique_ptr<db::PgAdapterConnection> sql;
};

class DemoDataPgTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RAPPORT_REQUIRE_PG();
    open();
  }
  void TearDown() override {
    if (scratch_.empty()) return;
    try {
      db::PgConnection admin(options());
      for (const auto& s : scratch_) admin.exec_script("DROP SCHEMA IF EXISTS " + s->schema + " CASCADE");
    } catch (...) {
    }
  }

  // Another fresh database (schema) with the workspace and its owner; the first one is `db()`/`c()`.
  Scratch& open() {
    auto s = std::make_unique<Scratch>();
    s->schema = "gen_" + std::to_string(::getpid()) + "_" + std::to_string(std::rand() % 1000000) + "_" +
                std::to_string(scratch_.size());
    s->opts = options();
    s->opts.url += (s->opts.url.find('?') == std::string::npos ? "?" : "&");
    s->opts.url += "options=-csearch_path%3D" + s->schema;
    db::PgConnection(options()).exec_script("CREATE SCHEMA " + s->schema);
    s->pg = std::make_unique<db::PgConnection>(s->opts);
    db::migrate_pg(*s->pg);
    s->sql = std::make_unique<db::PgAdapterConnection>(*s->pg);
    const std::string now = clock::now_text();
    s->sql->prepare("INSERT INTO workspaces(id, name, created_at) VALUES (?, ?, ?)")
        .bind_all({ws_, std::string("Acme"), now})
        .run();
    s->sql->prepare(
              "INSERT INTO users(id, workspace_id, email, name, password_hash, role, created_at, updated_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all({owner_, ws_, std::string("owner@acme.test"), std::string("Owner"), std::string("x"),
                   std::string("owner"), now, now})
        .run();
    scratch_.push_back(std::move(s));
    return *scratch_.back();
  }
  const db::PgOptions& db() { return scratch_.front()->opts; }
  db::Connection& c() { return *scratch_.front()->sql; }

  void expect_consistent(db::Connection& conn) { testing::expect_consistent(conn, ws_, owner_); }

  std::string ws_ = ids::uuid_v7();
  std::string owner_ = ids::uuid_v7();
  std::vector<std::unique_ptr<Scratch>> scratch_;
};

TEST_F(DemoDataPgTest, GeneratesRequestedCountsConsistently) {
  GenerateReport r = generate_data(db(), ws_, owner_, {20, 100, 50}, 42);
  EXPECT_EQ(r.companies, 20);
  EXPECT_EQ(r.contacts, 100);
  EXPECT_EQ(r.activities, 50);
  EXPECT_GE(r.seconds, 0.0);
  EXPECT_EQ(int_of(c(), "SELECT count(*) FROM companies"), 20);
  EXPECT_EQ(int_of(c(), "SELECT count(*) FROM contacts"), 100);
  EXPECT_EQ(int_of(c(), "SELECT count(*) FROM activities"), 50);
  EXPECT_EQ(int_of(c(), "SELECT live FROM record_counts WHERE object_type = 'contacts'"), 100);
  EXPECT_GE(int_of(c(), "SELECT count(*) FROM activity_links"), 50);
  EXPECT_GE(int_of(c(), "SELECT count(*) FROM contacts WHERE company_id IS NOT NULL"), 70);
  EXPECT_GE(int_of(c(), "SELECT count(*) FROM contacts WHERE lifecycle_stage = 'customer'"), 5);
  expect_consistent(c());
}

TEST_F(DemoDataPgTest, SameSeedSameContentAsOnSqlite) {
  Scratch& other = open();
  Scratch& third = open();
  generate_data(db(), ws_, owner_, {10, 60, 40}, 7);
  generate_data(other.opts, ws_, owner_, {10, 60, 40}, 7);
  generate_data(third.opts, ws_, owner_, {10, 60, 40}, 8);
  for (const auto* sql : {&testing::kContactContent, &testing::kCompanyContent, &testing::kActivityContent})
    EXPECT_EQ(column(c(), *sql), column(*other.sql, *sql)) << *sql;
  EXPECT_NE(column(c(), testing::kContactContent), column(*third.sql, testing::kContactContent));

  // The rows do not depend on the engine they are written to.
  const std::string path = (fs::temp_directory_path() / ("rapport_demo_pg_" + ids::uuid_v7() + ".db")).string();
  {
    db::SqliteConnection lite(path, false);
    db::migrate(lite);
    const std::string now = clock::now_text();
    lite.prepare("INSERT INTO workspaces(id, name, created_at) VALUES (?, ?, ?)").bind_all({ws_, std::string("Acme"), now}).run();
    lite.prepare(
            "INSERT INTO users(id, workspace_id, email, name, password_hash, role, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all({owner_, ws_, std::string("owner@acme.test"), std::string("Owner"), std::string("x"),
                   std::string("owner"), now, now})
        .run();
    generate_data(lite, ws_, owner_, {10, 60, 40}, 7);
    for (const auto* sql : {&testing::kContactContent, &testing::kCompanyContent, &testing::kActivityContent})
      EXPECT_EQ(column(c(), *sql), column(lite, *sql)) << *sql;
  }
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix, ec);
}

TEST_F(DemoDataPgTest, SecondRunAddsWithoutCollisions) {
  generate_data(db(), ws_, owner_, {15, 80, 30}, 1);
  generate_data(db(), ws_, owner_, {15, 80, 30}, 1);
  EXPECT_EQ(int_of(c(), "SELECT live FROM record_counts WHERE object_type = 'companies'"), 30);
  EXPECT_EQ(int_of(c(), "SELECT live FROM record_counts WHERE object_type = 'contacts'"), 160);
  EXPECT_EQ(int_of(c(), "SELECT live FROM record_counts WHERE object_type = 'activities'"), 60);
  expect_consistent(c());
}

TEST_F(DemoDataPgTest, UserRowsHoldingGeneratedDomainOrEmailAreWorkedAround) {
  // Learn what seed 3 generates in a fresh workspace...
  generate_data(db(), ws_, owner_, {12, 40, 20}, 3);
  const std::string second_domain = text_of(c(), "SELECT domain FROM companies ORDER BY id LIMIT 1 OFFSET 1");
  const std::string first_email = text_of(c(), "SELECT email FROM contacts WHERE email LIKE '%.1@%'");
  ASSERT_FALSE(second_domain.empty());
  ASSERT_FALSE(first_email.empty());
  const std::string now = clock::now_text();

  // ...then, with one user-made company already there, company numbering moves up by one: the company
  // generated first takes the second one's name and domain, which the user's company holds.
  Scratch& with_company = open();
  with_company.sql->prepare("INSERT INTO companies(id, workspace_id, name, name_key, domain, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind_all({ids::uuid_v7(), ws_, std::string("Mine"), std::string("mine"), second_domain, now, now})
      .run();
  with_company.sql->exec("INSERT INTO record_counts(workspace_id, object_type, live) SELECT id, 'companies', 1 FROM workspaces");
  GenerateReport r = generate_data(with_company.opts, ws_, owner_, {12, 40, 20}, 3);
  EXPECT_EQ(r.companies, 12);
  std::string moved_domain = second_domain;
  moved_domain.insert(moved_domain.rfind(".example"), "-2");
  EXPECT_EQ(int_of(*with_company.sql, "SELECT count(*) FROM companies WHERE domain = ?", {moved_domain}), 1);
  // Contacts of the moved company use its new domain.
  EXPECT_EQ(int_of(*with_company.sql,
                   "SELECT count(*) FROM contacts ct JOIN companies co ON co.id = ct.company_id "
                   "WHERE co.domain = ? AND ct.email NOT LIKE ?",
                   {moved_domain, "%@" + moved_domain}),
            0);
  expect_consistent(*with_company.sql);

  // Likewise with one user-made contact, whose email differs from the generated one only in case (the
  // unique index is on lower(email)).
  Scratch& with_contact = open();
  std::string taken_email = first_email;
  taken_email.replace(taken_email.find(".1@"), 3, ".2@");
  std::string upper = taken_email;
  upper[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(upper[0])));
  with_contact.sql->prepare("INSERT INTO contacts(id, workspace_id, email, email_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)")
      .bind_all({ids::uuid_v7(), ws_, upper, case_fold::key(upper), now, now})
      .run();
  with_contact.sql->exec("INSERT INTO record_counts(workspace_id, object_type, live) SELECT id, 'contacts', 1 FROM workspaces");
  r = generate_data(with_contact.opts, ws_, owner_, {12, 40, 20}, 3);
  EXPECT_EQ(r.contacts, 40);
  std::string moved_email = taken_email;
  moved_email.insert(moved_email.find('@'), "-2");
  EXPECT_EQ(int_of(*with_contact.sql, "SELECT count(*) FROM contacts WHERE email = ?", {moved_email}), 1);
  // Activities addressed to that contact use the email it was stored with.
  EXPECT_EQ(int_of(*with_contact.sql, "SELECT count(*) FROM activities WHERE attendees LIKE ? OR email_to LIKE ?",
                   {"%\"" + taken_email + "\"%", "%\"" + taken_email + "\"%"}),
            0);
  expect_consistent(*with_contact.sql);
}

TEST_F(DemoDataPgTest, NoContactsMeansNoActivities) {
  GenerateReport r = generate_data(db(), ws_, owner_, {5, 0, 10}, 1);
  EXPECT_EQ(r.companies, 5);
  EXPECT_EQ(r.contacts, 0);
  EXPECT_EQ(r.activities, 0);
  EXPECT_EQ(int_of(c(), "SELECT count(*) FROM activities"), 0);
  EXPECT_EQ(int_of(c(), "SELECT count(*) FROM record_counts WHERE object_type = 'activities'"), 0);
}

TEST_F(DemoDataPgTest, ContactsWithoutCompanies) {
  generate_data(db(), ws_, owner_, {0, 30, 10}, 1);
  EXPECT_EQ(int_of(c(), "SELECT count(*) FROM contacts WHERE company_id IS NOT NULL"), 0);
  EXPECT_EQ(int_of(c(), "SELECT count(*) FROM activity_links WHERE target_type = 'companies'"), 0);
  expect_consistent(c());
}

TEST_F(DemoDataPgTest, UnknownWorkspaceIsRejected) {
  EXPECT_THROW(generate_data(db(), ids::uuid_v7(), owner_, {1, 1, 1}, 1), std::invalid_argument);
  EXPECT_EQ(int_of(c(), "SELECT count(*) FROM contacts"), 0);
}

// Several chunks per phase, several batches (transactions), statements of every size.
TEST_F(DemoDataPgTest, LargerRunStaysConsistent) {
  GenerateReport r = generate_data(db(), ws_, owner_, {9000, 40000, 20000}, 99);
  EXPECT_EQ(r.companies, 9000);
  EXPECT_EQ(r.contacts, 40000);
  EXPECT_EQ(r.activities, 20000);
  EXPECT_EQ(int_of(c(), "SELECT count(*) FROM contacts"), 40000);
  expect_consistent(c());
}

// A failure in the middle rolls back the batch under way; the batches committed before stay, with
// their counts, and the connection is usable.
TEST_F(DemoDataPgTest, AFailureKeepsTheCommittedBatchesAndTheirCounts) {
  c().exec(
      "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
      "$$ BEGIN RAISE EXCEPTION 'refused on purpose'; END $$");
  // Contact number 70000 fails, in the second batch (the first holds the companies and ~49k contacts).
  c().exec(
      "CREATE TRIGGER refuse BEFORE INSERT ON contacts FOR EACH ROW WHEN (NEW.email LIKE '%.70000@%') "
      "EXECUTE FUNCTION refuse()");
  try {
    generate_data(db(), ws_, owner_, {1000, 80000, 1000}, 5);
    ADD_FAILURE() << "the refused contact did not stop the run";
  } catch (const db::DbError& e) {
    EXPECT_NE(std::string(e.what()).find("refused on purpose"), std::string::npos) << e.what();
  }
  const int64_t contacts = int_of(c(), "SELECT count(*) FROM contacts");
  EXPECT_GT(contacts, 40000);
  EXPECT_LT(contacts, 70000);
  EXPECT_EQ(int_of(c(), "SELECT count(*) FROM companies"), 1000);
  EXPECT_EQ(int_of(c(), "SELECT count(*) FROM activities"), 0);
  EXPECT_EQ(int_of(c(), "SELECT live FROM record_counts WHERE object_type = 'contacts'"), contacts);
  EXPECT_EQ(int_of(c(), "SELECT live FROM record_counts WHERE object_type = 'companies'"), 1000);
}

}  // namespace
}  // namespace rapport::app

namespace rapport::app {
namespace {

TEST(DemoDealsPgTest, GeneratesPipelinesAndConsistentDeals) {
  RAPPORT_REQUIRE_PG();
  db::PgOptions opts;
  opts.url = db::pg_test_url();
  const std::string schema = "gen_deals_" + std::to_string(::getpid());
  opts.url += (opts.url.find('?') == std::string::npos ? "?" : "&");
  opts.url += "options=-csearch_path%3D" + schema;
  db::PgOptions admin_opts;
  admin_opts.url = db::pg_test_url();
  db::PgConnection(admin_opts).exec_script("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema);
  {
    db::PgConnection pg(opts);
    db::migrate_pg(pg);
    db::PgAdapterConnection c(pg);
    const std::string ws = ids::uuid_v7(), owner = ids::uuid_v7(), now = clock::now_text();
    c.prepare("INSERT INTO workspaces(id, name, created_at) VALUES (?, ?, ?)").bind_all({ws, std::string("Acme"), now}).run();
    c.prepare("INSERT INTO users(id, workspace_id, email, name, password_hash, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all({owner, ws, std::string("owner@acme.test"), std::string("O"), std::string("x"), std::string("owner"), now, now})
        .run();
    GenerateReport r = generate_data(opts, ws, owner, {0, 0, 0, 1500}, 11);
    EXPECT_EQ(r.pipelines, 3);
    EXPECT_EQ(r.deals, 1500);
    testing::expect_deals_consistent(c, ws, 1500, 3);
  }
  db::PgConnection(admin_opts).exec_script("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
}

}  // namespace
}  // namespace rapport::app
