#include "platform/records/custom_field_indexes.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <set>

#include "platform/db/migrations.hpp"
#include "platform/db/sqlite.hpp"
#include "platform/test_temp_dir.hpp"

namespace rapport::records {
namespace {
namespace fs = std::filesystem;

struct Db {
  TempDir temp{"rapport-cfi"};
  const std::filesystem::path& dir = temp.dir;
  std::unique_ptr<db::SqliteConnection> c;
  std::string workspace;
  Db() {
    c = std::make_unique<db::SqliteConnection>((dir / "r.db").string(), false);
    db::migrate(*c);
    workspace = "01900000-0000-7000-8000-0000000000f1";
    c->prepare("INSERT INTO workspaces(id, name, created_at) VALUES (?, 'W', '2026-01-01T00:00:00.000Z')").bind_all({workspace}).run();
  }
  ~Db() {
    c.reset();
  }
  void define(const std::string& id, const std::string& name, const std::string& type, bool unique) {
    c->prepare(
         "INSERT INTO custom_fields(id, workspace_id, object_type, name, label, type, required, is_unique, pattern, "
         "options, currency, created_at, updated_at, version) VALUES (?, ?, 'contacts', ?, ?, ?, 0, ?, '', '[]', '', "
         "'2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 1)")
        .bind_all({id, workspace, name, name, type, int64_t{unique}})
        .run();
  }
  std::set<std::string> indexes() {
    std::set<std::string> out;
    auto& st = c->prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'cf%'");
    while (st.step()) out.insert(st.text(0));
    st.reset();
    return out;
  }
};

const std::string kScore = "01900000-0000-7000-8000-00000000000a";
const std::string kTags = "01900000-0000-7000-8000-00000000000b";

}  // namespace

// A database of an older version: one index per object and name, shared by every workspace.
TEST(CustomFieldIndexes, SyncReplacesSharedIndexesWithTheDefinitionsOwn) {
  Db d;
  d.define(kScore, "score", "number", true);
  d.define(kTags, "tags", "multi_select", false);
  d.c->exec("CREATE INDEX cf_contacts_score ON contacts(workspace_id, json_extract(custom, '$.score'), id) WHERE deleted_at IS NULL");
  d.c->exec("CREATE INDEX cf_contacts_gone ON contacts(workspace_id, json_extract(custom, '$.gone'), id) WHERE deleted_at IS NULL");
  sync_custom_field_indexes(*d.c);
  auto defs = load_custom_fields(*d.c, d.workspace, "contacts");
  ASSERT_EQ(defs.size(), 2u);
  const CustomFieldDef& score = defs[0].name == "score" ? defs[0] : defs[1];
  EXPECT_EQ(sort_index_name(score), "cf_0190000000007000800000000000000a");
  EXPECT_EQ(d.indexes(), (std::set<std::string>{sort_index_name(score), unique_index_name(score)}))
      << "multi_select has no sort index; the shared ones are gone";
  sync_custom_field_indexes(*d.c);  // idempotent
  EXPECT_EQ(d.indexes().size(), 2u);
  // The partial predicate names the workspace.
  auto sql = d.c->scalar("SELECT sql FROM sqlite_master WHERE name = ?", {unique_index_name(score)});
  ASSERT_TRUE(std::holds_alternative<std::string>(sql));
  EXPECT_NE(std::get<std::string>(sql).find("workspace_id = '" + d.workspace + "'"), std::string::npos) << std::get<std::string>(sql);
}

// On an analysed database the field's new index is measured with it (planner_statistics.hpp); on a
// database never analysed nothing is.
TEST(CustomFieldIndexes, ANewIndexOnAnAnalysedTableIsMeasured) {
  Db d;
  d.define(kScore, "score", "number", false);
  const CustomFieldDef def = load_custom_fields(*d.c, d.workspace, "contacts").at(0);
  for (int i = 0; i < 40; ++i) {
    std::string id = "01900000-0000-7000-8000-0000000001";
    id += std::to_string(10 + i);
    d.c->prepare(
         "INSERT INTO contacts(id, workspace_id, first_name, created_at, updated_at, version, custom) VALUES (?, ?, 'X', "
         "'2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 1, json_object('score', ?))")
        .bind_all({id, d.workspace, int64_t{i % 4}})
        .run();
  }
  auto stat = [&] {
    return d.c->scalar("SELECT stat FROM sqlite_stat1 WHERE idx = ?", {sort_index_name(def)});
  };
  ASSERT_TRUE(ensure_custom_field_indexes(*d.c, d.workspace, def).ok());
  EXPECT_EQ(std::get<int64_t>(d.c->scalar("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")), 0) << "never analysed";
  drop_custom_field_indexes(*d.c, def);
  d.c->exec("ANALYZE contacts");
  ASSERT_TRUE(ensure_custom_field_indexes(*d.c, d.workspace, def).ok());
  EXPECT_EQ(stat(), db::Value(std::string("40 40 10 1"))) << "40 entries, 1 workspace, 4 scores, unique with the id";
  d.c->exec("DELETE FROM sqlite_stat1 WHERE idx = '" + sort_index_name(def) + "'");
  sync_custom_field_indexes(*d.c);
  EXPECT_EQ(stat(), db::Value(std::string("40 40 10 1"))) << "and at start";
}

TEST(CustomFieldIndexes, UniqueNeedsUniqueLiveValuesAndDropsWithTheField) {
  Db d;
  d.define(kScore, "score", "number", false);
  auto defs = load_custom_fields(*d.c, d.workspace, "contacts");
  ASSERT_EQ(defs.size(), 1u);
  CustomFieldDef def = defs[0];
  ASSERT_TRUE(ensure_custom_field_indexes(*d.c, d.workspace, def).ok());
  EXPECT_EQ(d.indexes(), (std::set<std::string>{sort_index_name(def)}));
  for (const char* id : {"01900000-0000-7000-8000-0000000000c1", "01900000-0000-7000-8000-0000000000c2"})
    d.c->prepare(
         "INSERT INTO contacts(id, workspace_id, first_name, created_at, updated_at, version, custom) VALUES (?, ?, 'X', "
         "'2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 1, '{\"score\":5}')")
        .bind_all({std::string(id), d.workspace})
        .run();
  def.unique = true;
  auto refused = ensure_custom_field_indexes(*d.c, d.workspace, def);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.problem().status, 409);
  EXPECT_FALSE(d.indexes().count(unique_index_name(def)));
  d.c->exec("UPDATE contacts SET deleted_at = '2026-01-02T00:00:00.000Z' WHERE id = '01900000-0000-7000-8000-0000000000c2'");
  ASSERT_TRUE(ensure_custom_field_indexes(*d.c, d.workspace, def).ok()) << "a value in the recycle bin does not count";
  EXPECT_TRUE(d.indexes().count(unique_index_name(def)));
  EXPECT_THROW(d.c->exec("UPDATE contacts SET deleted_at = NULL WHERE id = '01900000-0000-7000-8000-0000000000c2'"), db::ConstraintError);
  drop_custom_field_indexes(*d.c, def);
  EXPECT_TRUE(d.indexes().empty());
}

TEST(CustomFieldIndexes, RefusesAWorkspaceIdThatIsNoUuid) {
  Db d;
  d.define(kScore, "score", "number", false);
  auto def = load_custom_fields(*d.c, d.workspace, "contacts").at(0);
  EXPECT_THROW(ensure_custom_field_indexes(*d.c, "x' OR '1'='1", def), std::invalid_argument);
}

}  // namespace rapport::records
