#include "modules/dedupe/merge_plan.hpp"

#include <gtest/gtest.h>

namespace rapport::dedupe {
namespace {
namespace json = boost::json;

const std::string A = "0190a000-0000-7000-8000-00000000000a", B = "0190a000-0000-7000-8000-00000000000b",
                  C = "0190a000-0000-7000-8000-00000000000c";

TEST(MergePlan, TheRequestNeedsTwoToTenDistinctIdsAndChoicesAmongThem) {
  auto ok = parse_merge_request(json::object{{"ids", json::array{A, B}}, {"values", json::object{{"email", B}}}, {"dry_run", true}});
  ASSERT_TRUE(ok) << ok.problem().detail;
  EXPECT_EQ(ok->ids, (std::vector<std::string>{A, B}));
  ASSERT_EQ(ok->values.size(), 1u);
  EXPECT_EQ(ok->values[0].second, B);
  EXPECT_TRUE(ok->dry_run);

  auto fields_of = [](const json::object& body) {
    std::vector<std::string> out;
    auto r = parse_merge_request(body);
    EXPECT_FALSE(r);
    if (!r)
      for (const auto& e : r.problem().errors) out.push_back(e.field + ":" + e.code);
    return out;
  };
  EXPECT_EQ(fields_of(json::object{{"ids", json::array{A}}}), std::vector<std::string>{"ids:length"});
  EXPECT_EQ(fields_of(json::object{{"ids", json::array{A, A}}}), std::vector<std::string>{"ids[1]:duplicate"});
  EXPECT_EQ(fields_of(json::object{{"ids", json::array{A, "nope"}}}), std::vector<std::string>{"ids[1]:type"});
  EXPECT_EQ(fields_of(json::object{}), std::vector<std::string>{"ids:required"});
  EXPECT_EQ(fields_of(json::object{{"ids", json::array{A, B}}, {"values", json::object{{"email", C}}}}),
            std::vector<std::string>{"values.email:invalid"});
  EXPECT_EQ(fields_of(json::object{{"ids", json::array{A, B}}, {"dry_run", "yes"}, {"extra", 1}}),
            (std::vector<std::string>{"extra:unknown", "dry_run:type"}));
  json::array eleven;
  for (int i = 0; i < 11; ++i) {
    std::string id = A;
    id.back() = static_cast<char>('0' + i % 10);
    id[id.size() - 2] = static_cast<char>('0' + i / 10);
    eleven.emplace_back(id);
  }
  EXPECT_EQ(fields_of(json::object{{"ids", eleven}}), std::vector<std::string>{"ids:length"});
}

TEST(MergePlan, TheSurvivorKeepsItsValuesFillsItsGapsAndTakesWhatIsChosen) {
  std::vector<json::object> records = {
      {{"id", A}, {"first_name", "Ada"}, {"email", nullptr}, {"phone", ""}, {"city", "London"}, {"custom", json::object{{"tier", "gold"}}}},
      {{"id", B}, {"first_name", "Augusta"}, {"email", "ada@example.org"}, {"phone", nullptr}, {"city", "Paris"}, {"custom", json::object{}}},
      {{"id", C}, {"first_name", nullptr}, {"email", "ada@other.org"}, {"phone", "+441234"}, {"city", "Rome"},
       {"custom", json::object{{"tier", "silver"}, {"size", 3}}}}};
  MergeRequest req{.ids = {A, B, C}, .values = {{"city", C}, {"custom.tier", B}}};
  auto plan = plan_fields(records, {"first_name", "email", "phone", "city"}, {"tier", "size"}, req);
  ASSERT_TRUE(plan) << plan.problem().detail;
  auto chosen = [&](const std::string& field) {
    for (const auto& f : *plan)
      if (f.field == field) return f.chosen;
    ADD_FAILURE() << field;
    return std::size_t{99};
  };
  EXPECT_EQ(chosen("first_name"), 0u);   // the survivor has one
  EXPECT_EQ(chosen("email"), 1u);        // the survivor has none: the first other record's
  EXPECT_EQ(chosen("phone"), 2u);        // "" is no value either
  EXPECT_EQ(chosen("city"), 2u);         // chosen
  EXPECT_EQ(chosen("custom.tier"), 1u);  // chosen: B has none, so the survivor loses it
  EXPECT_EQ(chosen("custom.size"), 2u);
  json::object merged = merged_record(records[0], *plan);
  EXPECT_EQ(merged.at("first_name"), "Ada");
  EXPECT_EQ(merged.at("email"), "ada@example.org");
  EXPECT_EQ(merged.at("phone"), "+441234");
  EXPECT_EQ(merged.at("city"), "Rome");
  EXPECT_EQ(merged.at("custom"), (json::object{{"size", 3}}));
  EXPECT_EQ(merged.at("id"), json::value(A));

  // A field the caller cannot choose (hidden, server-set or no field at all) is refused.
  MergeRequest hidden{.ids = {A, B}, .values = {{"owner_id", B}}};
  auto refused = plan_fields({records[0], records[1]}, {"first_name"}, {}, hidden);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.problem().status, 422);
  EXPECT_EQ(refused.problem().errors.at(0).field, "values.owner_id");
}

}  // namespace
}  // namespace rapport::dedupe
