#include "modules/support/macro_input.hpp"

#include <gtest/gtest.h>

#include "modules/support/macro_apply.hpp"

namespace rapport::support {
namespace {
namespace json = boost::json;

std::vector<std::string> fields_of(const Result<MacroChange>& r) {
  std::vector<std::string> out;
  if (!r) for (const auto& e : r.problem().errors) out.push_back(e.field);
  std::sort(out.begin(), out.end());
  return out;
}

TEST(MacroInput, ReadsAndNormalisesAMacro) {
  auto m = read_macro_body(json::parse(R"({"name": "Refund", "kind": "reply", "body": "Hi {{contact.first_name}}",
    "changes": {"status": "solved", "assignee_id": null, "add_tags": [" Refund ", "refund", "VIP"], "remove_tags": []},
    "shared": true})").as_object(), true);
  ASSERT_TRUE(m.ok()) << m.problem().detail;
  EXPECT_EQ(*m->name, "Refund");
  EXPECT_EQ(*m->kind, "reply");
  EXPECT_TRUE(*m->shared);
  EXPECT_EQ(m->changes->at("add_tags"), (json::array{"Refund", "VIP"})) << "tags as a ticket keeps them";
  EXPECT_TRUE(m->changes->at("assignee_id").is_null()) << "null unassigns";
  EXPECT_EQ(m->changes->at("status"), "solved");
}

TEST(MacroInput, NamesEveryBadField) {
  auto m = read_macro_body(json::parse(R"({"name": "", "kind": "shout", "body": 5, "colour": "red",
    "changes": {"status": "sleeping", "priority": null, "assignee_id": "bob", "team_id": null, "add_tags": [""],
                "due": "tomorrow"}})").as_object(), true);
  EXPECT_EQ(fields_of(m), (std::vector<std::string>{"body", "changes.add_tags", "changes.assignee_id", "changes.due", "changes.priority",
                                                    "changes.status", "changes.team_id", "colour", "kind", "name"}));
  EXPECT_EQ(fields_of(read_macro_body(json::object{}, true)), (std::vector<std::string>{"kind", "name"}));
  EXPECT_EQ(fields_of(read_macro_body(json::parse(R"({"name": "x", "kind": "note"})").as_object(), true)),
            (std::vector<std::string>{"body"})) << "a macro does something";
  EXPECT_TRUE(read_macro_body(json::parse(R"({"name": "x"})").as_object(), false).ok()) << "a change names what changes";
  EXPECT_EQ(fields_of(read_macro_body(json::parse(R"({"changes": []})").as_object(), false)), (std::vector<std::string>{"changes"}));
}

TEST(MacroApply, TagsAreAddedAndRemovedRegardlessOfCase) {
  EXPECT_EQ(merged_tags(json::array{"VIP", "Refund", "late"}, json::array{"vip", "Urgent"}, json::array{"REFUND", "absent"}),
            (json::array{"VIP", "late", "Urgent"}));
  EXPECT_EQ(merged_tags(json::array{}, json::array{"a"}, json::array{"a"}), (json::array{"a"})) << "removed first, then added";
}

TEST(MacroApply, TheBodyNamesOneMacro) {
  EXPECT_TRUE(read_apply_body(json::parse(R"({"macro_id": "0190a000-0000-7000-8000-00000000000a"})").as_object()).ok());
  for (const char* bad : {R"({})", R"({"macro_id": "x"})", R"({"macro_id": 1})", R"({"macro_id": "0190a000-0000-7000-8000-00000000000a", "x": 1})"}) {
    auto r = read_apply_body(json::parse(bad).as_object());
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.problem().status, 422) << bad;
    }
  }
}

}  // namespace
}  // namespace rapport::support
