// For the sales module's unit tests: a migrated SQLite database in a temporary directory behind the
// group-committing writer (what the server runs), a workspace with one user, and helpers to make
// pipelines and deals through the module's own use cases.
#pragma once
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>

#include "modules/sales/pipeline_service.hpp"
#include "modules/sales/specs.hpp"
#include "platform/db/migrations.hpp"
#include "platform/db/sqlite.hpp"
#include "platform/db/sqlite_database.hpp"
#include "platform/records/service.hpp"
#include "platform/test_temp_dir.hpp"

namespace rapport::sales::testing {

// A second user of ws1 (tests that add one insert it themselves), beside SalesDb's admin ...aa.
constexpr const char* kUser2 = "01890000-0000-7000-8000-0000000000bb";

// prefix + n (built by appending: GCC 12 warns wrongly about "literal" + std::to_string(n)).
inline std::string numbered(const char* prefix, int64_t n) {
  std::string out(prefix);
  out += std::to_string(n);
  return out;
}

class SalesDb : public ::testing::Test {
 protected:
  TempDir temp{"rapport-sales"};
  const std::filesystem::path& dir = temp.dir;
  std::unique_ptr<db::SqliteDatabase> db;
  access::Context ctx;  // null grants: every right
  const records::Store deals{deal_spec()};

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
    ctx.workspace_id = "ws1";
    ctx.user_id = "01890000-0000-7000-8000-0000000000aa";
    ctx.request_id = "req-1";
  }
  void TearDown() override {
    db.reset();
  }

  // A pipeline with stages of these types ("open", "won", "lost"), named s0, s1, ...
  Pipeline pipeline(const std::string& name, const std::vector<std::string>& types) {
    std::vector<StageInput> stages;
    for (std::size_t i = 0; i < types.size(); ++i) stages.push_back({"", numbered("s", static_cast<int64_t>(i)), types[i], types[i] == "won" ? 100 : 10});
    auto p = create_pipeline(*db, ctx, name, stages);
    EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.problem().detail);
    return *p;
  }
  // A deal created as POST /api/v1/deals creates it; `extra` adds fields.
  std::string deal(const Pipeline& p, const Stage& s, const std::string& name, boost::json::object extra = {}) {
    extra["name"] = name;
    extra["pipeline_id"] = p.id;
    extra["stage_id"] = s.id;
    std::string id;
    auto st = db->write([&](db::Connection& c) -> Status {
      auto rec = records::insert_new(c, ctx, deals, extra);
      if (!rec) return rec.take_problem();
      id = std::string(rec->at("id").as_string());
      return ok_status();
    });
    EXPECT_TRUE(st.ok()) << (st.ok() ? "" : st.problem().detail);
    return id;
  }
  // Runs one statement in its own write transaction (the triggers follow it as any write).
  void exec(const std::string& sql, const std::vector<db::Value>& params = {}) {
    auto st = db->write([&](db::Connection& c) -> Status {
      c.prepare(sql).bind_all(params).run();
      return ok_status();
    });
    ASSERT_TRUE(st.ok());
  }
  // Every row as text, each column followed by '|'.
  std::vector<std::string> rows(const std::string& sql) {
    return db->read([&](db::Connection& c) {
      std::vector<std::string> out;
      auto& st = c.prepare(sql);
      while (st.step()) {
        std::string row;
        for (int i = 0; i < st.column_count(); ++i) row += st.text(i) + "|";
        out.push_back(row);
      }
      st.reset();
      return out;
    });
  }
  // First column of every row, as text (NULL as "null").
  std::vector<std::string> column(const std::string& sql, const std::vector<db::Value>& params = {}) {
    return db->read([&](db::Connection& c) {
      std::vector<std::string> out;
      auto& st = c.prepare(sql);
      st.bind_all(params);
      while (st.step()) out.push_back(st.is_null(0) ? "null" : st.text(0));
      st.reset();
      return out;
    });
  }
  int64_t count(const std::string& sql, const std::vector<db::Value>& params = {}) {
    return db->read([&](db::Connection& c) { return std::get<int64_t>(c.scalar(sql, params)); });
  }
};

}  // namespace rapport::sales::testing
