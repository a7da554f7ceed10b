// A tags filter read as the tag's size asks (tagged_ids.hpp), on both engines: a rare tag by its
// records' ids, an absent one by nothing, a common one (over kFewTagged records) by a correlated
// EXISTS; the other conditions and their values kept in place; `all` left as it is.
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
      return ok_status();
    }).ok());
  }
  db::Database& db() { return sqlite_ ? static_cast<db::Database&>(*sqlite_->db) : *pgdb_; }
  CompiledList compiled(const std::vector<std::pair<std::string, std::string>>& query) {
    auto p = parse_list_params(query);
    auto q = compile_list(test::organisation_spec(), {}, *p, db::Dialect::Sqlite, "w1");
    EXPECT_TRUE(q.ok());
    return *q;
  }
  CompiledList sized(const CompiledList& q) {
    return db().read([&](db::Connection& c) { return for_tag_size(c, q, "organisations"); });
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
  EXPECT_EQ(sized(all).where, all.where) << "one condition per tag: left as it is";
  const auto none = compiled({{"filter[name][eq]", "x"}});
  EXPECT_EQ(sized(none).where, none.where);
}

INSTANTIATE_TEST_SUITE_P(Engines, TaggedIds, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace rapport::records
