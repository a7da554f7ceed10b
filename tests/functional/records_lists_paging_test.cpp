// Record lists, paging: the limit, keyset pages that return every record once, and cursors that stay
// stable while records are inserted and deleted between pages.
#include <algorithm>
#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "records_fixture.hpp"

namespace rapport::testing {
namespace json = boost::json;

namespace {

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Lists: limit, keyset pages, cursor stability
// ---------------------------------------------------------------------------------------------

TEST_F(Lists, DefaultLimitIsFiftyAndLimitIsChecked) {
  std::string m = unique("lim");
  for (int i = 0; i < 51; ++i) marked_contact(m);
  Query f{{filter("lead_source", "eq"), m}};
  auto def = list("contacts", f);
  ASSERT_EQ(def.status, 200) << def.body;
  EXPECT_EQ(page_data(def.json()).size(), 50u);
  EXPECT_FALSE(next_cursor(def.json()).empty());
  auto all = list("contacts", {{filter("lead_source", "eq"), m}, {"limit", "500"}});
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(page_data(all.json()).size(), 51u);
  EXPECT_TRUE(member(all.json(), "next_cursor").is_null());
  EXPECT_EQ(page_data(list("contacts", {{filter("lead_source", "eq"), m}, {"limit", "1"}}).json()).size(), 1u);
  for (const char* bad : {"0", "501", "abc", "-1", "", "10x", "1.5"})
    expect_problem(list("contacts", {{"limit", bad}}), 400, std::string("limit=") + bad);
  expect_problem(list("contacts", {{"limit", "10"}, {"limit", "20"}}), 400, "limit given twice");
}

TEST_F(Lists, KeysetPagesReturnEveryRecordOnce) {
  std::string m = unique("pages");
  std::vector<std::string> made;
  for (int i = 0; i < 25; ++i) made.push_back(marked_contact(m));
  for (const char* sort : {"", "-created_at", "created_at", "updated_at", "-updated_at"}) {
    Query q{{filter("lead_source", "eq"), m}};
    if (*sort) q.emplace_back("sort", sort);
    auto paged = page_all(url("contacts"), q, 10);
    EXPECT_TRUE(paged.complete) << sort;
    EXPECT_EQ(paged.sizes, (std::vector<std::size_t>{10, 10, 5})) << sort;
    auto ids = ids_of(paged.records);
    EXPECT_EQ(sorted(ids), sorted(made)) << "sort=" << sort;
  }
  // The default order is newest first.
  auto paged = page_all(url("contacts"), {{filter("lead_source", "eq"), m}}, 10);
  std::vector<std::string> newest_first(made.rbegin(), made.rend());
  EXPECT_EQ(ids_of(paged.records), newest_first);
  EXPECT_EQ(ids_of(paged.records), expected_order(paged.records, "created_at", true));
}

TEST_F(Lists, ExactMultipleOfTheLimitEndsWithoutAnEmptyPage) {
  std::string m = unique("exact");
  for (int i = 0; i < 20; ++i) marked_contact(m);
  auto paged = page_all(url("contacts"), {{filter("lead_source", "eq"), m}}, 10);
  EXPECT_TRUE(paged.complete);
  EXPECT_EQ(paged.sizes, (std::vector<std::size_t>{10, 10}));
}

TEST_F(Lists, CursorIsStableWhileRecordsAreInserted) {
  std::string m = unique("stable");
  std::vector<std::string> originals;
  for (int i = 0; i < 15; ++i) originals.push_back(marked_contact(m));
  std::vector<std::string> seen;
  std::string cursor;
  for (int page = 0; page < 20; ++page) {
    Query q{{filter("lead_source", "eq"), m}, {"sort", "-created_at"}, {"limit", "4"}};
    if (!cursor.empty()) q.emplace_back("cursor", cursor);
    auto r = list("contacts", q);
    ASSERT_EQ(r.status, 200) << r.body;
    for (const auto& id : ids_of(page_data(r.json()))) seen.push_back(id);
    cursor = next_cursor(r.json());
    if (cursor.empty()) break;
    // New records arrive between pages.
    marked_contact(m);
    marked_contact(m);
  }
  EXPECT_EQ(id_set(seen).size(), seen.size()) << "a record was returned twice";
  for (const auto& id : originals)
    EXPECT_EQ(std::count(seen.begin(), seen.end(), id), 1) << id << " was skipped or repeated";
}

TEST_F(Lists, CursorIsStableWhileRecordsAreInsertedAroundNulls) {
  std::string m = unique("stable-null");
  const std::vector<const char*> firsts = {"Kim", nullptr, "Al", "Zed", nullptr, "Kim", "Mo", nullptr, "Bo", "Yu"};
  std::vector<std::string> originals;
  for (const char* f : firsts)
    originals.push_back(f ? marked_contact(m, {{"first_name", f}}) : marked_contact(m, {{"last_name", unique("Null")}}));
  for (const char* sort : {"first_name", "-first_name"}) {
    std::vector<std::string> seen;
    std::string cursor;
    int added = 0;
    for (int page = 0; page < 30; ++page) {
      Query q{{filter("lead_source", "eq"), m}, {"sort", sort}, {"limit", "3"}};
      if (!cursor.empty()) q.emplace_back("cursor", cursor);
      auto r = list("contacts", q);
      ASSERT_EQ(r.status, 200) << r.body;
      for (const auto& id : ids_of(page_data(r.json()))) seen.push_back(id);
      cursor = next_cursor(r.json());
      if (cursor.empty()) break;
      // Newcomers sort before, among and after the records already seen.
      marked_contact(m, {{"first_name", "Aa"}});
      marked_contact(m, {{"last_name", unique("Null")}});
      marked_contact(m, {{"first_name", "Zz"}});
      added += 3;
    }
    EXPECT_GT(added, 0);
    EXPECT_EQ(id_set(seen).size(), seen.size()) << sort << ": a record was returned twice";
    for (const auto& id : originals)
      EXPECT_EQ(std::count(seen.begin(), seen.end(), id), 1) << sort << ": " << id << " was skipped or repeated";
  }
}

TEST_F(Lists, CursorIsStableWhileRecordsAreDeleted) {
  std::string m = unique("stable-del");
  for (int i = 0; i < 12; ++i) marked_contact(m, {{"first_name", numbered("N", i % 5)}});
  std::vector<std::string> seen;
  std::set<std::string> deleted;
  std::string cursor;
  for (int page = 0; page < 20; ++page) {
    Query q{{filter("lead_source", "eq"), m}, {"sort", "first_name"}, {"limit", "3"}};
    if (!cursor.empty()) q.emplace_back("cursor", cursor);
    auto r = list("contacts", q);
    ASSERT_EQ(r.status, 200) << r.body;
    auto ids = ids_of(page_data(r.json()));
    for (const auto& id : ids) seen.push_back(id);
    cursor = next_cursor(r.json());
    if (cursor.empty()) break;
    // Deleting the last record of the page must not lose the place.
    ASSERT_EQ(del(url("contacts", ids.back())).status, 204);
    deleted.insert(ids.back());
  }
  EXPECT_EQ(id_set(seen).size(), seen.size());
  auto rest = list_ids("contacts", {{filter("lead_source", "eq"), m}});
  for (const auto& id : rest) EXPECT_EQ(std::count(seen.begin(), seen.end(), id), 1) << id;
  EXPECT_EQ(seen.size(), rest.size() + deleted.size());
}

}  // namespace rapport::testing
