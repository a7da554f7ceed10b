// The journal of saved views, on a migrated SQLite database behind the group-committing writer:
// every change is audited; only shared views (before or after a change) reach the outbox, since
// events about objects without owners reach every member of the workspace; a change that changes
// nothing writes nothing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>

#include "modules/views/view_service.hpp"
#include "platform/db/migrations.hpp"
#include "platform/db/sqlite.hpp"
#include "platform/db/sqlite_database.hpp"
#include "platform/records/spec_test_support.hpp"
#include "platform/test_temp_dir.hpp"

namespace rapport::views {
namespace {

class ViewJournal : public ::testing::Test {
 protected:
  TempDir temp{"rapport-views"};
  const std::filesystem::path& dir = temp.dir;
  std::unique_ptr<db::SqliteDatabase> db;
  std::unique_ptr<ViewService> service;
  access::Context ctx;  // null grants: every right
  records::ObjectSpec contacts = records::test::person_spec();

  void SetUp() override {
    std::string path = (dir / "t.db").string();
    {
      db::SqliteConnection c(path, false);
      db::migrate(c);
      c.exec("INSERT INTO workspaces(id, name, created_at) VALUES ('ws1', 'W', '2026-01-01T00:00:00.000Z')");
      c.exec("INSERT INTO users(id, workspace_id, email, password_hash, role, created_at, updated_at) VALUES "
             "('01890000-0000-7000-8000-0000000000aa', 'ws1', 'a@example.com', 'x', 'admin', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')");
    }
    db = std::make_unique<db::SqliteDatabase>(path, 2);
    contacts.object = "contacts";  // a securable object's name, with the test person's fields
    service = std::make_unique<ViewService>(*db, std::vector<const records::ObjectSpec*>{&contacts});
    ctx.workspace_id = "ws1";
    ctx.user_id = "01890000-0000-7000-8000-0000000000aa";
    ctx.request_id = "req-1";
  }
  void TearDown() override {
    service.reset();
    db.reset();
  }
  int64_t count(const std::string& sql, const std::vector<db::Value>& params) {
    return db->read([&](db::Connection& c) { return std::get<int64_t>(c.scalar(sql, params)); });
  }
  int64_t audited(const std::string& id) { return count("SELECT count(*) FROM audit_log WHERE object_type = 'views' AND object_id = ?", {id}); }
  int64_t announced(const std::string& id) { return count("SELECT count(*) FROM outbox WHERE object_type = 'views' AND object_id = ?", {id}); }
  View save(const std::string& name, const std::string& visibility, std::vector<records::Filter> filters = {}) {
    ViewChange in;
    in.object_type = "contacts";
    in.name = name;
    in.visibility = visibility;
    in.filters = std::move(filters);
    auto v = service->create(ctx, in);
    EXPECT_TRUE(v.ok()) << (v.ok() ? "" : v.problem().detail);
    return *v;
  }
};

TEST_F(ViewJournal, PrivateViewsAreAuditedButNeverAnnounced) {
  View v = save("Mine", kPrivate);
  ViewChange rename;
  rename.name = "Still mine";
  ASSERT_TRUE(service->update(ctx, v.id, rename, "").ok());
  ASSERT_TRUE(service->remove(ctx, v.id, "").ok());
  EXPECT_EQ(audited(v.id), 3);
  EXPECT_EQ(announced(v.id), 0);
}

TEST_F(ViewJournal, SharedViewsAreAnnouncedAndANoOpWritesNothing) {
  View v = save("Ours", kShared);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE object_id = ? AND event_type = 'view.created' AND owner_id IS NULL", {v.id}), 1);
  ViewChange same;
  same.name = "Ours";
  auto unchanged = service->update(ctx, v.id, same, "");
  ASSERT_TRUE(unchanged.ok());
  EXPECT_EQ(unchanged->version, 1);
  EXPECT_EQ(audited(v.id), 1);
  // Made private: announced once more (its readers drop it), then no more.
  ViewChange unshare;
  unshare.visibility = kPrivate;
  ASSERT_TRUE(service->update(ctx, v.id, unshare, "").ok());
  ViewChange rename;
  rename.name = "Mine now";
  auto renamed = service->update(ctx, v.id, rename, "\"3\"");
  ASSERT_FALSE(renamed.ok());
  EXPECT_EQ(renamed.problem().status, 412);
  ASSERT_TRUE(service->update(ctx, v.id, rename, "\"2\"").ok());
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE object_id = ? AND event_type = 'view.updated'", {v.id}), 1);
  EXPECT_EQ(announced(v.id), 2);
  EXPECT_EQ(audited(v.id), 3);
  View shared = save("Gone", kShared);
  ASSERT_TRUE(service->remove(ctx, shared.id, "").ok());
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE object_id = ? AND event_type = 'view.deleted'", {shared.id}), 1);
}

TEST_F(ViewJournal, TheLimitOfViewsIsAConflict) {
  for (int64_t i = 0; i < kMaxViews; ++i) save(std::string("v").append(std::to_string(i)), kPrivate);
  ViewChange in;
  in.object_type = "contacts";
  in.name = "one too many";
  auto refused = service->create(ctx, in);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.problem().status, 409);
  EXPECT_EQ(count("SELECT count(*) FROM views WHERE name = 'one too many'", {}), 0);
  // Shared views count apart.
  in.visibility = kShared;
  EXPECT_TRUE(service->create(ctx, in).ok());
}

// Upkeep (forget_person here; forget_field shares its writing) runs in the caller's transaction:
// each changed view is audited, a shared one announced, an unchanged one left alone; the history
// of the views keeps no erased value, and a caller's problem undoes it all.
TEST_F(ViewJournal, UpkeepAuditsChangedViewsAnnouncesSharedOnesAndStandsOrFallsWithTheCaller) {
  View mine = save("Mine", kPrivate, {{"email", "eq", "jane@example.com"}, {"city", "eq", "Paris"}});
  View ours = save("Ours", kShared, {{"last_name", "in", "Doe,Roe"}});
  View other = save("Other", kShared, {{"city", "eq", "Jane"}});
  PersonValues jane;
  jane.add_folded("Jane@Example.com");
  jane.add_folded("Doe");
  // A caller whose own work fails: nothing of the upkeep stays.
  auto failed = db->write([&](db::Connection& c) -> Status {
    EXPECT_EQ(forget_person(c, ctx, jane, "[erased]"), 2);
    return Problem::conflict("the caller's own work failed");
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(count("SELECT count(*) FROM views WHERE version = 1", {}), 3);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'erase_filter'", {}), 0);

  int64_t changed = 0;
  ASSERT_TRUE(db->write([&](db::Connection& c) -> Status {
                  changed = forget_person(c, ctx, jane, "[erased]");
                  return ok_status();
                }).ok());
  EXPECT_EQ(changed, 2);
  auto after = [&](const View& v) { return *service->get(ctx, v.id); };
  EXPECT_EQ(boost::json::serialize(filters_json(after(mine).filters)), R"([{"field":"city","op":"eq","value":"Paris"}])");
  EXPECT_EQ(boost::json::serialize(filters_json(after(ours).filters)), R"([{"field":"last_name","op":"in","value":"Roe"}])");
  EXPECT_EQ(after(mine).version, 2);
  EXPECT_EQ(after(other).version, 1);
  EXPECT_EQ(audited(mine.id), 2);
  EXPECT_EQ(audited(other.id), 1);
  EXPECT_EQ(announced(mine.id), 0) << "a private view is never announced";
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE object_id = ? AND event_type = 'view.updated'", {ours.id}), 1);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE object_type = 'views' AND lower(changes) LIKE '%jane@%'", {}), 0);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE object_type = 'views' AND changes LIKE '%Doe%'", {}), 0);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE object_type = 'views' AND changes LIKE '%[erased]%'", {}), 4)
      << "the two creations and the two erase_filter entries";

  // forget_field: the same writing, for the views of one object.
  ASSERT_TRUE(db->write([&](db::Connection& c) -> Status {
                  EXPECT_EQ(forget_field(c, ctx, "contacts", "city"), 2);
                  EXPECT_EQ(forget_field(c, ctx, "companies", "city"), 0);
                  return ok_status();
                }).ok());
  EXPECT_TRUE(after(mine).filters.empty());
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'custom_field_deleted'", {}), 2);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE object_id = ? AND event_type = 'view.updated'", {other.id}), 1);
}

}  // namespace
}  // namespace rapport::views
