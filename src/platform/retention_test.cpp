// The retention task on both engines: rows past their age go, younger ones and rows the condition
// does not name stay, a backlog larger than a batch goes in several transactions, a rule whose
// placeholders and ages disagree is refused, and a started task purges on its own.
#include "platform/retention.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "platform/clock.hpp"
#include "platform/db/pg_database.hpp"
#include "platform/db/test_databases.hpp"

namespace rapport {
namespace {
using std::chrono::hours;
using std::chrono::seconds;

// A table of its own in the test database: key (a, b), an age and an optional end.
void make_table(db::Database& d) {
  ASSERT_TRUE(d.write([](db::Connection& c) -> Status {
    c.exec("CREATE TABLE kept_rows (a TEXT NOT NULL, b TEXT NOT NULL, at TEXT NOT NULL, ended_at TEXT, PRIMARY KEY (a, b))");
    return ok_status();
  }).ok());
}

void add_rows(db::Database& d, const std::string& a, int n, hours age, bool ended = false) {
  const std::string at = clock::format_ms(clock::now_ms() - std::chrono::milliseconds(age).count());
  ASSERT_TRUE(d.write([&](db::Connection& c) -> Status {
    for (int i = 0; i < n; ++i)
      c.prepare("INSERT INTO kept_rows(a, b, at, ended_at) VALUES (?, ?, ?, ?)")
          .bind_all({a, std::to_string(i), at, ended ? db::Value(at) : db::Value(nullptr)})
          .run();
    return ok_status();
  }).ok());
}

int64_t rows(db::Database& d, const std::string& a) {
  return d.read([&](db::Connection& c) {
    return std::get<int64_t>(c.scalar("SELECT count(*) FROM kept_rows WHERE a = ?", {a}));
  });
}

void deletes_only_what_is_past_its_age(db::Database& d) {
  make_table(d);
  add_rows(d, "old", 23, hours(25));
  add_rows(d, "young", 5, hours(23));
  add_rows(d, "ended", 4, hours(2), true);
  add_rows(d, "open", 3, hours(2));
  RetentionOptions o;
  o.batch = 7;  // 23 old rows: four transactions
  Retention r(d,
              {{"old rows", "kept_rows", "a, b", "at < ?", {hours(24)}},
               {"ended rows", "kept_rows", "a, b", "ended_at < ? OR at < ?", {hours(1), hours(48)}}},
              o);
  auto deleted = r.purge();
  ASSERT_EQ(deleted.size(), 2u);
  EXPECT_EQ(deleted[0], 23);
  EXPECT_EQ(deleted[1], 4);
  EXPECT_EQ(rows(d, "old"), 0);
  EXPECT_EQ(rows(d, "young"), 5);
  EXPECT_EQ(rows(d, "ended"), 0);
  EXPECT_EQ(rows(d, "open"), 3);
  EXPECT_EQ(r.purge(), (std::vector<int64_t>{0, 0}));  // nothing more to do
}

TEST(Retention, DeletesOnlyWhatIsPastItsAgeOnSqlite) {
  db::SqliteTestDatabase t;
  deletes_only_what_is_past_its_age(*t.db);
}

TEST(Retention, DeletesOnlyWhatIsPastItsAgeOnPostgres) {
  RAPPORT_REQUIRE_PG();
  db::PgTestDatabase t("retention");
  db::PgDatabase d(t.opts(), 2);
  deletes_only_what_is_past_its_age(d);
}

TEST(Retention, ARuleNeedsOneAgePerPlaceholder) {
  db::SqliteTestDatabase t;
  EXPECT_THROW(Retention(*t.db, {{"x", "kept_rows", "a, b", "at < ? OR ended_at < ?", {hours(1)}}}), std::logic_error);
}

TEST(Retention, AStartedTaskPurgesOnItsOwn) {
  db::SqliteTestDatabase t;
  make_table(*t.db);
  add_rows(*t.db, "old", 3, hours(2));
  Retention r(*t.db, {{"old rows", "kept_rows", "a, b", "at < ?", {hours(1)}}});
  r.start();
  for (int i = 0; i < 500 && rows(*t.db, "old") > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  r.stop();
  EXPECT_EQ(rows(*t.db, "old"), 0);
}

}  // namespace
}  // namespace rapport
