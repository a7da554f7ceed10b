// A delete or a restore that loses a race is run again, as creates and updates are
// (records::Service, write_until_settled), instead of answering 409: on PostgreSQL a record's delete
// can deadlock with another record's write through the kept rows their triggers share (found by
// bench/crash.sh: a deal's delete against another deal's move, docs/reliability.md), a conflict the
// caller cannot resolve by reading again. The race is made certain here by a trigger that raises
// PostgreSQL's deadlock error (40P01) the first time the contact's deleted_at changes: a sequence
// counts the attempts, since the aborted transaction takes back everything else it did.
#include <gtest/gtest.h>

#include "access/user_context.hpp"
#include "modules/customers/specs.hpp"
#include "platform/db/pg_database.hpp"
#include "platform/db/test_databases.hpp"
#include "platform/records/service.hpp"

namespace rapport::customers {
namespace {

TEST(RemoveRace, ADeleteAndARestoreThatLoseADeadlockRunAgain) {
  RAPPORT_REQUIRE_PG();
  db::PgTestDatabase pg("removerace");
  db::PgDatabase db(pg.opts(), 2);
  const std::string t = "2026-01-01T00:00:00.000Z";
  ASSERT_TRUE(db.write([&](db::Connection& c) -> Status {
    c.prepare("INSERT INTO workspaces (id, name, created_at) VALUES ('w1', 'W1', ?)").bind_all({t}).run();
    c.prepare("INSERT INTO users (id, workspace_id, email, password_hash, role, created_at, updated_at) "
              "VALUES ('u1', 'w1', 'admin@example.com', 'x', 'admin', ?, ?)")
        .bind_all({t, t})
        .run();
    c.exec("CREATE SEQUENCE test_attempts");
    c.exec(
        "CREATE FUNCTION test_lose_first_race() RETURNS trigger AS $$ BEGIN "
        "IF nextval('test_attempts') = 1 THEN RAISE EXCEPTION 'test: lost a race' USING ERRCODE = '40P01'; END IF; "
        "RETURN NEW; END $$ LANGUAGE plpgsql");
    c.exec("CREATE TRIGGER test_lose_first_race BEFORE UPDATE OF deleted_at ON contacts FOR EACH ROW "
           "EXECUTE FUNCTION test_lose_first_race()");
    return ok_status();
  }).ok());
  records::Service contacts(db, contact_spec());
  auto ctx = db.read([&](db::Connection& c) { return access::user_context(c, "w1", "u1"); });
  ASSERT_TRUE(ctx);
  auto created = contacts.create(*ctx, boost::json::object{{"last_name", "Racer"}}, "", "");
  ASSERT_TRUE(created) << created.problem().detail;
  const std::string id(boost::json::parse(created->body).at("id").as_string());

  Status removed = contacts.remove(*ctx, id, "");
  EXPECT_TRUE(removed.ok()) << removed.problem().type_slug << ": " << removed.problem().detail;
  EXPECT_FALSE(contacts.get(*ctx, id)) << "deleted";

  ASSERT_TRUE(db.write([](db::Connection& c) -> Status {
    c.exec("ALTER SEQUENCE test_attempts RESTART");
    return ok_status();
  }).ok());
  auto restored = contacts.restore(*ctx, id);
  EXPECT_TRUE(restored) << restored.problem().type_slug << ": " << restored.problem().detail;
  EXPECT_TRUE(contacts.get(*ctx, id)) << "restored";
  const auto attempts = db.read([](db::Connection& c) { return std::get<int64_t>(c.scalar("SELECT last_value FROM test_attempts")); });
  EXPECT_EQ(attempts, 2) << "the restore lost its first run and won its second";
}

}  // namespace
}  // namespace rapport::customers
