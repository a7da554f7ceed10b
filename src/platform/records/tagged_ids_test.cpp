// A tags filter read as the tag's size asks (tagged_ids.hpp), on both engines: a rare tag by its
// records' ids, an absent one by nothing, a common one (over kFewTagged records) by a correlated
// EXISTS; the other conditions and their values kept in place; each condition of `all` sized on its
// own. The forms answer alike: the same records in the same order as the tags subquery, whichever
// form each condition takes.
#include "platform/records/tagged_ids.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "platform/db/pg_database.hpp"
#include "platform/db/test_databases.hpp"
#include "platform/records/spec_test_support.hpp"

namespace rapport::records {
namespace {

class TaggedIds : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      RAPPORT_REQUIRE_PG();
      pg_ = std::make_unique<db::PgTestDatabase>("taggedids");
      pgdb_ = std::make_unique<db::PgDatabase>(pg_->opts(), 2);
    } else {
      sqlite_ = std::make_unique<db::SqliteTestDatabase>();
    }
    // rare: 3 records; common: kFewTagged + 1; every record of both also "both".
    ASSERT_TRUE(db().write([](db::Connection& c) -> Status {
      auto tag = [&](const std::string& key, int from, int to) {
        for (int i = from; i < to; ++i) {
          std::string id = "r";
          id += std::to_string(i);
          c.prepare("INSERT INTO record_tags(workspace_id, object_type, field, tag_key, record_id) VALUES ('w1', 'organisations', 'tags', ?, ?)")
              .bind_all({key, id})
              .run();
        }
      };
      tag("rare", 0, 3);
      tag("common", 100, 100 + static_cast<int>(kFewTagged) + 1);
      tag("both", 0, 3);
      tag("some", 95, 131);  // five untagged otherwise, then 31 of the common ones
      // The records themselves, for the answers (names out of the ids' order, a few deleted).
      c.exec("CREATE TABLE organisations (id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, name TEXT NOT NULL, deleted_at TEXT)");
      for (int i = 0; i < 1200; ++i) {
        std::string id = "r", name = "n";
        id += std::to_string(i);
        name += std::to_string((i * 7919) % 1201);
        c.prepare("INSERT INTO organisations(id, workspace_id, name, deleted_at) VALUES (?, 'w1', ?, ?)")
            .bind_all({id, name, i % 97 == 5 ? db::Value(std::string("2026-01-01T00:00:00Z")) : db::Value(nullptr)})
            .run();
      }
      return ok_status();
    }).ok());
  }
  db::Database& db() { return sqlite_ ? static_cast<db::Database&>(*sqlite_->db) : *pgdb_; }
  CompiledList compiled(const std::vector<std::pair<std::string, std::string>>& query) {
    auto p = parse_list_params(query);
    auto q = compile_list(test::organisation_spec(), {}, *p, sqlite_ ? db::Dialect::Sqlite : db::Dialect::Postgres, "w1");
    EXPECT_TRUE(q.ok());
    return *q;
  }
  CompiledList sized(const CompiledList& q, std::size_t few = kFewTagged) {
    return db().read([&](db::Connection& c) { return for_tag_size(c, q, "organisations", few); });
  }
  // The live records q selects, in the order of a list sorted by name.
  std::vector<std::string> answer(const CompiledList& q) {
    return db().read([&](db::Connection& c) {
      std::vector<db::Value> params{std::string("w1")};
      params.insert(params.end(), q.params.begin(), q.params.end());
      auto& st = c.prepare("SELECT id FROM organisations WHERE workspace_id = ? AND deleted_at IS NULL" + q.where + " ORDER BY name, id");
      st.bind_all(params);
      std::vector<std::string> ids;
      while (st.step()) ids.push_back(st.text(0));
      st.reset();
      return ids;
    });
  }

  std::unique_ptr<db::SqliteTestDatabase> sqlite_;
  std::unique_ptr<db::PgTestDatabase> pg_;
  std::unique_ptr<db::PgDatabase> pgdb_;
};

TEST_P(TaggedIds, ARareTagIsReadByIdsACommonOneByExists) {
  const auto rare = sized(compiled({{"filter[domain][eq]", "a.example"}, {"filter[tags][eq]", "Rare"}, {"filter[name][eq]", "x"}}));
  EXPECT_EQ(rare.where, " AND domain = ? AND name = ? AND id IN (?, ?, ?, ?)") << "three ids, padded to four";
  ASSERT_EQ(rare.params.size(), 6u);
  EXPECT_EQ(rare.params[0], db::Value(std::string("a.example")));
  EXPECT_EQ(rare.params[1], db::Value(std::string("x")));
  std::vector<std::string> ids;
  for (std::size_t i = 2; i < 6; ++i) ids.push_back(std::get<std::string>(rare.params[i]));
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"r0", "r1", "r2"})) << "the list padded with one of them";

  const auto absent = sized(compiled({{"filter[tags][eq]", "nobody"}}));
  EXPECT_EQ(absent.where, " AND 1 = 0");
  EXPECT_TRUE(absent.params.empty());

  const auto any = sized(compiled({{"filter[tags][in]", "rare,both"}}));
  EXPECT_EQ(any.where, " AND id IN (?, ?, ?, ?)") << "a record holding both tags once";

  const auto asked = compiled({{"filter[tags][eq]", "common"}, {"filter[name][eq]", "x"}});
  const auto common = sized(asked);
  EXPECT_EQ(common.where, " AND name = ? AND EXISTS (SELECT 1 FROM record_tags WHERE workspace_id = ? AND object_type = ? AND field = ? "
                          "AND tag_key = ? AND record_id = organisations.id)");
  EXPECT_EQ(common.params, asked.params) << "the same values in the same places";

  const auto all = compiled({{"filter[tags][all]", "rare,both"}});
  EXPECT_EQ(sized(all).where, " AND id IN (?, ?, ?, ?) AND id IN (?, ?, ?, ?)") << "one condition per tag, each sized";
  const auto mixed = compiled({{"filter[tags][all]", "common,rare"}, {"filter[name][eq]", "x"}});
  const auto mixed_sized = sized(mixed);
  EXPECT_EQ(mixed_sized.where, " AND name = ? AND EXISTS (SELECT 1 FROM record_tags WHERE workspace_id = ? AND object_type = ? AND field = ? "
                               "AND tag_key = ? AND record_id = organisations.id) AND id IN (?, ?, ?, ?)");
  ASSERT_EQ(mixed_sized.params.size(), 9u);
  EXPECT_EQ(mixed_sized.params[0], db::Value(std::string("x")));
  EXPECT_EQ(mixed_sized.params[4], db::Value(std::string("common")));
  const auto none = compiled({{"filter[name][eq]", "x"}});
  EXPECT_EQ(sized(none).where, none.where);
}

TEST_P(TaggedIds, EveryFormAnswersAsTheSubqueryDoes) {
  const std::vector<std::vector<std::pair<std::string, std::string>>> queries = {
      {{"filter[tags][eq]", "rare"}},
      {{"filter[tags][eq]", "common"}},
      {{"filter[tags][eq]", "nobody"}},
      {{"filter[tags][contains]", "SOME"}},
      {{"filter[tags][in]", "rare,common"}},
      {{"filter[tags][in]", "some,both,nobody"}},
      {{"filter[tags][all]", "common,some"}},
      {{"filter[tags][all]", "some,rare"}},
      {{"filter[tags][all]", "rare,both"}},
      {{"filter[tags][all]", "common,nobody"}},
      {{"filter[tags][eq]", "common"}, {"filter[name][starts_with]", "n1"}},
  };
  for (const auto& query : queries) {
    const auto asked = compiled(query);
    const auto expected = answer(asked);
    SCOPED_TRACE(query.back().first + "=" + query.back().second);
    EXPECT_EQ(answer(sized(asked, 0)), expected) << "every tag read by EXISTS";
    EXPECT_EQ(answer(sized(asked, 100000)), expected) << "every tag read by its ids";
    EXPECT_EQ(answer(sized(asked)), expected) << "each tag by its size";
  }
  EXPECT_EQ(answer(compiled({{"filter[tags][eq]", "common"}})).size(), 1001u - 11u) << "the deleted ones left out (i % 97 == 5)";
  EXPECT_EQ(answer(compiled({{"filter[tags][all]", "common,some"}})).size(), 30u);
}

INSTANTIATE_TEST_SUITE_P(Engines, TaggedIds, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace rapport::records
