// The access module's retention rules (and the records' idempotency rule) against the real schema on
// both engines: what has ended goes, what is still in use stays.
#include "access/retention_rules.hpp"

#include <gtest/gtest.h>

#include "access/provisioning.hpp"
#include "platform/clock.hpp"
#include "platform/db/pg_database.hpp"
#include "platform/db/test_databases.hpp"
#include "platform/records/idempotency.hpp"

namespace rapport::access {
namespace {

constexpr int64_t kIdleS = 2 * 3600, kWindowS = 3600;

std::string ago(int64_t seconds) { return clock::format_ms(clock::now_ms() - seconds * 1000); }

int64_t count(db::Database& d, const std::string& sql) {
  return d.read([&](db::Connection& c) { return std::get<int64_t>(c.scalar(sql)); });
}

void run(db::Database& d, const std::function<void(db::Connection&)>& fn) {
  ASSERT_TRUE(d.write([&](db::Connection& c) -> Status {
    fn(c);
    return ok_status();
  }).ok());
}

void keeps_what_is_in_use(db::Database& d) {
  NewWorkspace ws;
  run(d, [&](db::Connection& c) { ws = *create_workspace(c, "Retention", "admin@example.com", "a long password 123"); });
  const std::string future = clock::format_ms(clock::now_ms() + 3600'000);
  run(d, [&](db::Connection& c) {
    auto session = [&](const std::string& name, const std::string& expires, db::Value revoked, const std::string& seen) {
      c.prepare(
           "INSERT INTO sessions(token_hash, workspace_id, user_id, created_at, expires_at, revoked_at, id, last_seen_at) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
          .bind_all({name, ws.workspace_id, ws.admin_user_id, ago(86400), expires, revoked, name, seen})
          .run();
    };
    session("expired", ago(60), nullptr, ago(120));
    session("revoked", future, ago(60), ago(120));
    session("idle", future, nullptr, ago(kIdleS + 60));
    session("live", future, nullptr, ago(kIdleS - 60));
    for (const char* code : {"used", "unused"})
      c.prepare("INSERT INTO mfa_recovery_codes(user_id, code_hash, created_at, used_at) VALUES (?, ?, ?, ?)")
          .bind_all({ws.admin_user_id, code, ago(86400), code == std::string("used") ? db::Value(ago(60)) : db::Value(nullptr)})
          .run();
    c.prepare(
         "INSERT INTO user_mfa(user_id, workspace_id, secret_sealed, enabled, last_step, created_at, confirmed_at) "
         "VALUES (?, ?, 'sealed', 1, -1, ?, ?)")
        .bind_all({ws.admin_user_id, ws.workspace_id, ago(3 * 86400), ago(3 * 86400)})
        .run();
    for (auto [id, age] : {std::pair{"old", kWindowS + 60}, std::pair{"recent", kWindowS - 60}})
      c.prepare("INSERT INTO login_failures(key, id, at) VALUES ('acct:admin@example.com', ?, ?)").bind_all({id, ago(age)}).run();
    for (auto [key, age] : {std::pair{"old", 25 * 3600}, std::pair{"recent", 23 * 3600}})
      c.prepare(
           "INSERT INTO idempotency_keys(workspace_id, actor_id, key, request_hash, status, body, created_at) "
           "VALUES (?, ?, ?, 'h', 201, '{}', ?)")
          .bind_all({ws.workspace_id, ws.admin_user_id, key, ago(age)})
          .run();
  });

  auto rules = retention_rules(kIdleS, kWindowS);
  rules.push_back(records::idempotency_retention());
  Retention retention(d, rules);
  retention.purge();
  EXPECT_EQ(count(d, "SELECT count(*) FROM sessions"), 1);
  EXPECT_EQ(count(d, "SELECT count(*) FROM sessions WHERE id = 'live'"), 1);
  EXPECT_EQ(count(d, "SELECT count(*) FROM mfa_recovery_codes WHERE code_hash = 'unused'"), 1);
  EXPECT_EQ(count(d, "SELECT count(*) FROM mfa_recovery_codes"), 1);
  EXPECT_EQ(count(d, "SELECT count(*) FROM user_mfa"), 1) << "a confirmed enrolment stays however old";
  EXPECT_EQ(count(d, "SELECT count(*) FROM login_failures WHERE id = 'recent'"), 1);
  EXPECT_EQ(count(d, "SELECT count(*) FROM login_failures"), 1);
  EXPECT_EQ(count(d, "SELECT count(*) FROM idempotency_keys WHERE key = 'recent'"), 1);
  EXPECT_EQ(count(d, "SELECT count(*) FROM idempotency_keys"), 1);

  run(d, [&](db::Connection& c) { c.exec("UPDATE user_mfa SET enabled = 0, confirmed_at = NULL"); });
  retention.purge();
  EXPECT_EQ(count(d, "SELECT count(*) FROM user_mfa"), 0) << "an enrolment never confirmed for a day goes";
}

TEST(AccessRetention, KeepsWhatIsInUseOnSqlite) {
  db::SqliteTestDatabase t;
  keeps_what_is_in_use(*t.db);
}

TEST(AccessRetention, KeepsWhatIsInUseOnPostgres) {
  RAPPORT_REQUIRE_PG();
  db::PgTestDatabase t("access_retention");
  db::PgDatabase d(t.opts(), 2);
  keeps_what_is_in_use(d);
}

}  // namespace
}  // namespace rapport::access
