// The segment filter compiler (segment_filter.hpp) on a migrated SQLite database with the record
// engine's test specs (people and their organisations): the SQL each kind of condition makes, its
// parameters in order, and the path of every refusal. The members each kind selects, on both
// engines, are tests/functional/marketing_segments_test.cpp's.
#include "modules/marketing/segment_filter.hpp"

#include <gtest/gtest.h>

#include <set>

#include "platform/db/test_databases.hpp"
#include "platform/records/spec_test_support.hpp"

namespace rapport::marketing {
namespace {
namespace json = boost::json;

class SegmentFilter : public ::testing::Test {
 protected:
  Result<Sql> compile(const std::string& filter, const identity::Context* who = nullptr) {
    identity::Context admin;
    admin.workspace_id = "w1";
    const identity::Context& caller = who ? *who : admin;
    const std::vector<records::CustomFieldDef> none;
    return db_.db->read([&](db::Connection& c) {
      const FilterScope scope{.c = c, .caller = caller, .contacts = records::test::person_spec(),
                              .companies = records::test::organisation_spec(), .contact_fields = none, .company_fields = none,
                              .now_ms = 1'700'000'000'000};
      return compile_filter(json::parse(filter), scope);
    });
  }

  std::set<std::string> paths(const std::string& filter) {
    auto r = compile(filter);
    std::set<std::string> out;
    if (r) return out;
    EXPECT_EQ(r.problem().status, 422);
    for (const auto& e : r.problem().errors) out.insert(e.field);
    return out;
  }

  db::SqliteTestDatabase db_;
};

TEST_F(SegmentFilter, TheEmptyFilterHoldsEveryContact) {
  auto r = compile("{}");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->text, "");
  EXPECT_TRUE(r->params.empty());
}

TEST_F(SegmentFilter, FieldsCompileAsTheListCompilesThem) {
  auto r = compile(R"({"country": {"eq": "de"}, "city": {"starts_with": "Ber", "ne": "Bern"}})");
  ASSERT_TRUE(r) << r.problem().detail;
  EXPECT_EQ(r->text, " AND ((country = ?) AND ((city LIKE ? ESCAPE '\\') AND (city IS NOT ?)))");
  EXPECT_EQ(r->params, (std::vector<db::Value>{std::string("DE"), std::string("Ber%"), std::string("Bern")}));
  auto in = compile(R"({"lifecycle_stage": {"in": ["lead", "customer"]}})");
  ASSERT_TRUE(in) << in.problem().detail;
  EXPECT_NE(in->text.find("lifecycle_stage IN ("), std::string::npos) << in->text;
}

TEST_F(SegmentFilter, GroupsAndTheCompanyNest) {
  auto r = compile(R"({"any": [{"country": {"eq": "DE"}}, {"not": {"city": {"eq": "Paris"}}}], "company.domain": {"eq": "Example.COM"}})");
  ASSERT_TRUE(r) << r.problem().detail;
  EXPECT_EQ(r->text,
            " AND (((country = ?) OR NOT coalesce((city = ?), 0)) AND "
            "company_id IN (SELECT id FROM organisations WHERE workspace_id = ? AND deleted_at IS NULL AND (domain = ?)))");
  EXPECT_EQ(r->params, (std::vector<db::Value>{std::string("DE"), std::string("Paris"), std::string("w1"), std::string("example.com")}));
}

// The deal, activity and consent facts read the values kept on the contact (migration 0083);
// contact_facts_test.cpp checks their members against the former subqueries on both engines.
TEST_F(SegmentFilter, RelatedFactsReadTheKeptValuesAndBindTheirOwn) {
  auto deal = compile(R"({"has_open_deal": false})");
  ASSERT_TRUE(deal) << deal.problem().detail;
  EXPECT_EQ(deal->text, " AND open_deals = 0");
  auto recent = compile(R"({"activity_within_days": 2})");
  ASSERT_TRUE(recent);
  EXPECT_EQ(recent->text.rfind(" AND (last_activity_at >= ? AND (last_activity_at <= ? OR EXISTS (SELECT 1 FROM activity_links", 0), 0u)
      << recent->text;
  EXPECT_NE(recent->text.find("l.target_id = people.id"), std::string::npos) << recent->text;
  EXPECT_EQ(recent->params, (std::vector<db::Value>{std::string("2023-11-12T22:13:20.000Z"), std::string("2023-11-14T22:13:20.000Z"),
                                                    std::string("2023-11-14T22:13:20.000Z"), std::string("w1"),
                                                    std::string("2023-11-12T22:13:20.000Z"), std::string("2023-11-14T22:13:20.000Z")}));
  auto consent = compile(R"({"consent": {"channel": "sms", "state": "withdrawn"}})");
  ASSERT_TRUE(consent);
  EXPECT_EQ(consent->text, " AND consent_sms = ?");
  EXPECT_EQ(consent->params, (std::vector<db::Value>{std::string("withdrawn")}));
  auto none = compile(R"({"consent": {"channel": "sms", "state": "none"}})");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->text, " AND consent_sms IS NULL");
}

TEST_F(SegmentFilter, EveryRefusalNamesItsPath) {
  EXPECT_EQ(paths(R"([])"), (std::set<std::string>{"filter"}));
  EXPECT_EQ(paths(R"({"nope": {"eq": 1}, "country": {"eq": ["DE"]}})"), (std::set<std::string>{"filter.nope.eq", "filter.country.eq"}));
  EXPECT_EQ(paths(R"({"all": [{"city": {"eq": "x"}}, {"city": {"between": 1}}]})"), (std::set<std::string>{"filter.all.1.city.between"}));
  EXPECT_EQ(paths(R"({"any": {}})"), (std::set<std::string>{"filter.any"}));
  EXPECT_EQ(paths(R"({"has_open_deal": {"pipeline_id": "01900000-0000-7000-8000-000000000001", "x": 1}})"),
            (std::set<std::string>{"filter.has_open_deal.x"}));  // the first problem of the fact
  EXPECT_EQ(paths(R"({"has_open_deal": {"stage_id": "01900000-0000-7000-8000-000000000001"}})"),
            (std::set<std::string>{"filter.has_open_deal.stage_id"}));
  EXPECT_EQ(paths(R"({"activity_within_days": 3651})"), (std::set<std::string>{"filter.activity_within_days"}));
  EXPECT_EQ(paths(R"({"consent": {"channel": "sms"}})"), (std::set<std::string>{"filter.consent.state"}));
}

TEST_F(SegmentFilter, SizeAndDepthAreBounded) {
  std::string deep = R"({"city": {"eq": "x"}})";
  for (int i = 0; i < kMaxDepth; ++i) deep = R"({"not": )" + deep + "}";
  EXPECT_TRUE(compile(deep));
  EXPECT_EQ(paths(R"({"not": )" + deep + "}"), (std::set<std::string>{"filter.not.not.not.not.not"}));
  std::string many = R"({"any": [)";
  for (std::size_t i = 0; i <= kMaxConditions; ++i) many += std::string(i ? "," : "") + R"({"city": {"ne": "x"}})";
  many += "]}";
  EXPECT_EQ(paths(many), (std::set<std::string>{"filter.any.50.city.ne"}));
  std::string big = R"({"city": {"eq": ")" + std::string(kMaxFilterBytes, 'x') + R"("}})";
  EXPECT_EQ(paths(big), (std::set<std::string>{"filter"}));
}

TEST_F(SegmentFilter, AFieldTheCallersRoleHidesIsRefused) {
  identity::Context agent;
  agent.workspace_id = "w1";
  auto grants = std::make_shared<identity::Permissions>();
  grants->defaults.fill(identity::Scope::All);
  grants->fields["people"]["city"] = identity::FieldAccess::Hidden;
  agent.grants = grants;
  auto r = compile(R"({"city": {"eq": "x"}})", &agent);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.problem().errors.at(0).field, "filter.city");
  EXPECT_EQ(r.problem().errors.at(0).code, "forbidden");
}

}  // namespace
}  // namespace rapport::marketing
