#include "platform/records/history_restore.hpp"

#include <gtest/gtest.h>

#include "platform/records/spec_test_support.hpp"

namespace rapport::records {
namespace {
namespace json = boost::json;

HistoryEntry entry(int64_t id, std::string action, json::array changes) {
  return {id, std::move(action), json::value(std::move(changes))};
}
json::object change(const char* field, json::value before, json::value after) {
  return {{"field", field}, {"before", std::move(before)}, {"after", std::move(after)}};
}

TEST(HistoryRestore, TakesTheOldestBeforeValueOfEachFieldAndOnlyWhatDiffers) {
  json::object current{{"id", "x"}, {"city", "Paris"}, {"country", "FR"}, {"email", "a@b.org"},
                       {"custom", json::object{{"tier", "gold"}}}};
  // Newest first: city went Berlin -> Rome -> Paris, tier was added, email changed and changed back.
  std::vector<HistoryEntry> newer{
      entry(9, "update", {change("city", "Rome", "Paris"), change("custom.tier", nullptr, "gold")}),
      entry(8, "export", {}),
      entry(7, "update", {change("city", "Berlin", "Rome"), change("email", "a@b.org", "c@d.org")}),
      entry(6, "update", {change("email", "c@d.org", "a@b.org")}),
  };
  std::string reason;
  auto r = reverse_entries(test::person_spec(), current, newer, reason);
  ASSERT_TRUE(r) << reason;
  EXPECT_EQ(json::serialize(r->body), R"({"city":"Berlin","email":"c@d.org","custom":{"tier":null}})");
  EXPECT_EQ(r->undone, (std::vector<int64_t>{9, 8, 7, 6}));
}

TEST(HistoryRestore, PassesByTheRecycleBinServerFieldsAndMarkers) {
  json::object current{{"id", "x"}, {"city", "Oslo"}, {"deleted_at", nullptr}, {"updated_at", "2026-01-02"}};
  std::vector<HistoryEntry> newer{
      entry(5, "revert", {change("city", "Bergen", "Oslo"), change(kRestoredToField, nullptr, 2)}),
      entry(4, "restore", {change("deleted_at", "2026-01-01", nullptr)}),
      entry(3, "delete", {change("deleted_at", nullptr, "2026-01-01")}),
      entry(2, "update", {change("id", "y", "x"), change("members", json::array{}, json::array{"z"})}),
  };
  std::string reason;
  auto r = reverse_entries(test::person_spec(), current, newer, reason);
  ASSERT_TRUE(r);
  EXPECT_EQ(json::serialize(r->body), R"({"city":"Bergen"})");
  EXPECT_EQ(r->derived, (std::vector<std::string>{"id"}));  // a system field: it follows, never written
}

TEST(HistoryRestore, NoChangeWhenTheEntriesChangedNothingThatDiffers) {
  json::object current{{"id", "x"}, {"city", "Oslo"}};
  std::string reason;
  auto r = reverse_entries(test::person_spec(), current, {entry(3, "update", {change("city", "Oslo", "Oslo")})}, reason);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->body.empty());
}

TEST(HistoryRestore, ErasedDataCannotComeBack) {
  json::object current{{"id", "x"}};
  std::string reason;
  auto r = reverse_entries(test::person_spec(), current,
                           {entry(4, "update", {}), entry(3, "erase", {change("email", "a@b.org", nullptr)})}, reason);
  EXPECT_FALSE(r);
  EXPECT_NE(reason.find("erased"), std::string::npos);
}

}  // namespace
}  // namespace rapport::records
