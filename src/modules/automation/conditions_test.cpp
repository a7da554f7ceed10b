// The parts of a rule evaluated against an event rather than the record: the "changed" operators
// and the triggers' own options (pure functions).
#include "modules/automation/conditions.hpp"

#include <gtest/gtest.h>

#include "modules/automation/triggers.hpp"

namespace rapport::automation {
namespace {
namespace json = boost::json;

const json::array kChanges{json::object{{"field", "status"}, {"before", "new"}, {"after", "qualified"}},
                           json::object{{"field", "custom.score"}, {"before", 1}, {"after", 5.0}}};

TEST(Conditions, ChangedOperatorsLookAtTheChanges) {
  auto holds = [](json::object cond) { return changes_hold(json::array{std::move(cond)}, kChanges); };
  EXPECT_TRUE(holds({{"field", "status"}, {"op", "changed"}}));
  EXPECT_FALSE(holds({{"field", "city"}, {"op", "changed"}}));
  EXPECT_TRUE(holds({{"field", "status"}, {"op", "changed_from"}, {"value", "new"}}));
  EXPECT_FALSE(holds({{"field", "status"}, {"op", "changed_from"}, {"value", "qualified"}}));
  EXPECT_TRUE(holds({{"field", "status"}, {"op", "changed_to"}, {"value", "qualified"}}));
  EXPECT_TRUE(holds({{"field", "custom.score"}, {"op", "changed_to"}, {"value", 5}})) << "numbers by value";
  // List conditions are not the changes' business, and are left to records::matches.
  EXPECT_TRUE(holds({{"field", "city"}, {"op", "eq"}, {"value", "Paris"}}));
  EXPECT_FALSE(changes_hold(json::array{json::object{{"field", "status"}, {"op", "changed"}}}, json::array{}));
}

TEST(Conditions, ListConditionsBecomeFilters) {
  auto filters = list_filters(json::array{json::object{{"field", "city"}, {"op", "in"}, {"value", json::array{"Paris", "Lyon"}}},
                                          json::object{{"field", "status"}, {"op", "changed"}},
                                          json::object{{"field", "score"}, {"op", "gt"}, {"value", 3}},
                                          json::object{{"field", "active"}, {"op", "eq"}, {"value", true}}});
  ASSERT_EQ(filters.size(), 3u);
  EXPECT_EQ(filters[0].value, "Paris,Lyon");
  EXPECT_EQ(filters[1].value, "3");
  EXPECT_EQ(filters[2].value, "true");
}

TEST(Triggers, EventTypesAndOptions) {
  EXPECT_EQ(event_type_of(json::object{{"type", "record_created"}}, "contact"), "contact.created");
  EXPECT_EQ(event_type_of(json::object{{"type", "field_changed"}, {"field", "status"}}, "lead"), "lead.updated");
  EXPECT_EQ(event_type_of(json::object{{"type", "stage_changed"}}, "deal"), "deal.stage_changed");
  EXPECT_EQ(event_type_of(json::object{{"type", "lead_converted"}}, "lead"), "lead.converted");
  const json::value update = json::object{{"record", json::object{}}, {"changes", kChanges}};
  EXPECT_TRUE(fires(json::object{{"type", "field_changed"}, {"field", "status"}}, update));
  EXPECT_TRUE(fires(json::object{{"type", "field_changed"}, {"field", "status"}, {"from", "new"}, {"to", "qualified"}}, update));
  EXPECT_FALSE(fires(json::object{{"type", "field_changed"}, {"field", "status"}, {"to", "lost"}}, update));
  EXPECT_FALSE(fires(json::object{{"type", "field_changed"}, {"field", "city"}}, update));
  const json::value move = json::object{{"id", "d1"}, {"from_stage_id", "s1"}, {"to_stage_id", "s2"}};
  EXPECT_TRUE(fires(json::object{{"type", "stage_changed"}, {"to_stage_id", "s2"}}, move));
  EXPECT_FALSE(fires(json::object{{"type", "stage_changed"}, {"from_stage_id", "s2"}}, move));
  EXPECT_TRUE(fires(json::object{{"type", "record_updated"}}, update));
}

}  // namespace
}  // namespace rapport::automation
