// Migrations 11 and 13's code steps on a database that has rows from before it: every case-insensitive name
// and e-mail address gets its folded key, on both engines, and rows that would collide on a unique
// key stop the migration with the ids to merge, leaving the database at version 10.
#include "platform/db/migration_steps.hpp"

#include <gtest/gtest.h>

#include "platform/db/migration_test_fixture.hpp"

namespace rapport::db {
namespace {

std::string text(Connection& c, const std::string& sql) {
  auto v = c.scalar(sql);
  return std::holds_alternative<std::string>(v) ? std::get<std::string>(v) : "<null>";
}

void seed(Connection& c, const std::string& second_contact_email) {
  const std::string now = "2026-01-01T00:00:00.000Z";
  c.exec("INSERT INTO workspaces(id, name, created_at) VALUES ('w1', '\xC3\x84rzte Nord', '" + now + "')");
  c.exec("INSERT INTO users(id, workspace_id, email, password_hash, role, created_at, updated_at) VALUES "
         "('u1', 'w1', 'J\xC3\xBCrgen@Example.COM', 'x', 'admin', '" + now + "', '" + now + "')");
  c.exec("INSERT INTO contacts(id, workspace_id, first_name, last_name, email, emails, created_at, updated_at) VALUES "
         "('c1', 'w1', '\xC3\x89LODIE', 'M\xC3\x9CLLER', '\xC3\x84NN@Example.com', '[\"B@X.io\",\"\xC3\x96@x.io\"]', '" +
         now + "', '" + now + "'), ('c2', 'w1', NULL, 'Stra\xC3\x9F" "e', " + second_contact_email + ", '[]', '" + now +
         "', '" + now + "')");
  c.exec("INSERT INTO companies(id, workspace_id, name, created_at, updated_at) VALUES ('k1', 'w1', 'A\xCC\x88" "BC', '" +
         now + "', '" + now + "')");  c.exec("INSERT INTO teams(id, workspace_id, name, created_at, updated_at) VALUES ('t1', 'w1', '\xC3\x9C" "bersee', '" + now +
         "', '" + now + "')");
  c.exec("INSERT INTO pipelines(id, workspace_id, name, position, created_at, updated_at) VALUES ('p1', 'w1', 'STRASSE', 1, '" +
         now + "', '" + now + "')");
}

void expect_keys(Connection& c) {
  EXPECT_EQ(text(c, "SELECT name_key FROM workspaces WHERE id = 'w1'"), "\xC3\xA4rzte nord");
  EXPECT_EQ(text(c, "SELECT email_key FROM users WHERE id = 'u1'"), "j\xC3\xBCrgen@example.com");
  EXPECT_EQ(text(c, "SELECT first_name_key FROM contacts WHERE id = 'c1'"), "\xC3\xA9lodie");
  EXPECT_EQ(text(c, "SELECT last_name_key FROM contacts WHERE id = 'c1'"), "m\xC3\xBCller");
  EXPECT_EQ(text(c, "SELECT email_key FROM contacts WHERE id = 'c1'"), "\xC3\xA4nn@example.com");
  EXPECT_EQ(text(c, "SELECT emails_key FROM contacts WHERE id = 'c1'"), "[\"b@x.io\",\"\xC3\xB6@x.io\"]");
  EXPECT_EQ(text(c, "SELECT last_name_key FROM contacts WHERE id = 'c2'"), "strasse");
  EXPECT_EQ(text(c, "SELECT first_name_key FROM contacts WHERE id = 'c2'"), "<null>") << "no value, no key";
  EXPECT_EQ(text(c, "SELECT name_key FROM companies WHERE id = 'k1'"), "\xC3\xA4" "bc") << "composed by NFKC";
  EXPECT_EQ(text(c, "SELECT name_key FROM teams WHERE id = 't1'"), "\xC3\xBC" "bersee") << "version 13";
  EXPECT_EQ(text(c, "SELECT name_key FROM pipelines WHERE id = 'p1'"), "strasse") << "version 13";
}

class FoldKeysMigration : public MigrationTest {};

TEST_P(FoldKeysMigration, FillsTheKeysOfExistingRows) {
  migrate_to(10);
  seed(conn(), "'ann2@example.com'");
  migrate_to(0);
  EXPECT_GE(version(), 14);
  expect_keys(conn());
}

TEST_P(FoldKeysMigration, RowsThatWouldCollideStopTheMigrationAndChangeNothing) {
  migrate_to(10);
  seed(conn(), "'\xC3\xA4nn@example.com'");  // "änn@": the same key as c1's "ÄNN@"
  try {
    migrate_to(0);
    ADD_FAILURE() << "the migration went through";
  } catch (const DbError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("c1 and c2"), std::string::npos) << what;
    EXPECT_NE(what.find("differ only in letter case in email"), std::string::npos) << what;
    EXPECT_EQ(what.find("example.com"), std::string::npos) << "ids, not addresses: " << what;
  }
  EXPECT_EQ(version(), 10);
  EXPECT_EQ(text(conn(), "SELECT email FROM contacts WHERE id = 'c2'"), "\xC3\xA4nn@example.com");
}

INSTANTIATE_TEST_SUITE_P(Engines, FoldKeysMigration, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace rapport::db
