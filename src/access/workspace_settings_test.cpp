// The workspace's settings against the real schema on both engines: the time zone starts at UTC,
// takes only IANA names, and changes one workspace only; a rename to another workspace's name is a
// conflict; every change leaves one audit entry with before and after, and a bad one nothing.
#include "access/workspace_settings.hpp"

#include <gtest/gtest.h>

#include "access/provisioning.hpp"
#include "platform/db/pg_database.hpp"
#include "platform/db/test_databases.hpp"

namespace rapport::access {
namespace {
namespace json = boost::json;

NewWorkspace make(db::Database& d, const std::string& name) {
  NewWorkspace ws;
  EXPECT_TRUE(d.write([&](db::Connection& c) -> Status {
                 auto r = create_workspace(c, name, "admin@example.com", "a long password 123");
                 if (!r) return r.take_problem();
                 ws = *r;
                 return ok_status();
               }).ok());
  return ws;
}

// The change as the workspace's admin; the problem when it is refused.
Result<json::object> change(db::Database& d, const NewWorkspace& ws, WorkspaceChange ch) {
  Context ctx;
  ctx.workspace_id = ws.workspace_id;
  ctx.user_id = ws.admin_user_id;
  std::optional<json::object> after;
  auto st = d.write([&](db::Connection& c) -> Status {
    auto r = change_workspace(c, ctx, ch);
    if (!r) return r.take_problem();
    after = std::move(*r);
    return ok_status();
  });
  if (!st) return st.problem();
  return *after;
}

std::string zone(db::Database& d, const NewWorkspace& ws) {
  return d.read([&](db::Connection& c) { return workspace_time_zone(c, ws.workspace_id); });
}

int64_t audits(db::Database& d, const NewWorkspace& ws) {
  return d.read([&](db::Connection& c) {
    return std::get<int64_t>(c.scalar("SELECT count(*) FROM audit_log WHERE workspace_id = ? AND object_type = 'workspaces'",
                                      {ws.workspace_id}));
  });
}

void settings_hold_per_workspace(db::Database& d) {
  auto a = make(d, "Alpha"), b = make(d, "Bravo");
  EXPECT_EQ(zone(d, a), "UTC");

  auto r = change(d, a, {.time_zone = "Europe/Paris"});
  ASSERT_TRUE(r) << r.problem().detail;
  EXPECT_EQ(r->at("time_zone").as_string(), "Europe/Paris");
  EXPECT_EQ(r->at("name").as_string(), "Alpha");
  EXPECT_EQ(zone(d, a), "Europe/Paris");
  EXPECT_EQ(zone(d, b), "UTC") << "another workspace's zone changed";
  EXPECT_EQ(audits(d, a), 1);
  auto changes = d.read([&](db::Connection& c) {
    return std::get<std::string>(c.scalar("SELECT changes FROM audit_log WHERE object_type = 'workspaces' AND object_id = ?", {a.workspace_id}));
  });
  EXPECT_EQ(json::parse(changes),
            json::parse(R"([{"field":"time_zone","before":"UTC","after":"Europe/Paris"}])"));

  for (const std::string& bad :
       std::vector<std::string>{"Mars/Olympus", "", std::string(65, 'A'), "europe/paris", "IST", "GMT+05:00", "Europe/Paris\n"}) {
    auto refused = change(d, a, {.time_zone = bad});
    ASSERT_FALSE(refused) << bad;
    EXPECT_EQ(refused.problem().status, 422) << bad;
    ASSERT_EQ(refused.problem().errors.size(), 1u) << bad;
    EXPECT_EQ(refused.problem().errors[0].field, "time_zone") << bad;
  }
  EXPECT_EQ(zone(d, a), "Europe/Paris") << "a refused zone was stored";

  // Names are unique across the server, by case folding; a workspace may keep (or recase) its own.
  auto taken = change(d, a, {.name = "BRAVO", .time_zone = "Asia/Tokyo"});
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.problem().status, 409);
  EXPECT_EQ(taken.problem().detail.find(b.workspace_id), std::string::npos);
  EXPECT_EQ(zone(d, a), "Europe/Paris") << "the conflicting change stored its zone";
  auto recased = change(d, a, {.name = "ALPHA"});
  ASSERT_TRUE(recased) << recased.problem().detail;
  EXPECT_EQ(recased->at("name").as_string(), "ALPHA");
  EXPECT_EQ(audits(d, a), 2);
  ASSERT_TRUE(change(d, a, {.name = "ALPHA"}));
  EXPECT_EQ(audits(d, a), 2) << "a change that changes nothing is not audited";
  EXPECT_EQ(audits(d, b), 0);

  EXPECT_THROW(d.read([&](db::Connection& c) { return workspace_time_zone(c, "01900000-0000-7000-8000-00000000dead"); }),
               std::runtime_error);
}

TEST(WorkspaceSettings, HoldPerWorkspaceOnSqlite) {
  db::SqliteTestDatabase t;
  settings_hold_per_workspace(*t.db);
}

TEST(WorkspaceSettings, HoldPerWorkspaceOnPostgres) {
  RAPPORT_REQUIRE_PG();
  db::PgTestDatabase t("workspace_settings");
  db::PgDatabase d(t.opts(), 2);
  settings_hold_per_workspace(d);
}

}  // namespace
}  // namespace rapport::access
