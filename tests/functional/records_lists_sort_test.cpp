// Record lists, sorting: orders across NULLs and ties on every sortable field, page by page; sorts,
// cursors and parameters that are refused.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "records_fixture.hpp"

namespace rapport::testing {
namespace json = boost::json;

namespace {

std::string base64url(std::string_view raw) {
  static const char* abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < raw.size(); i += 3) {
    unsigned n = (static_cast<unsigned char>(raw[i]) << 16) | (static_cast<unsigned char>(raw[i + 1]) << 8) |
                 static_cast<unsigned char>(raw[i + 2]);
    out += {abc[(n >> 18) & 63], abc[(n >> 12) & 63], abc[(n >> 6) & 63], abc[n & 63]};
  }
  if (raw.size() - i == 1) {
    unsigned n = static_cast<unsigned char>(raw[i]) << 16;
    out += {abc[(n >> 18) & 63], abc[(n >> 12) & 63]};
  } else if (raw.size() - i == 2) {
    unsigned n = (static_cast<unsigned char>(raw[i]) << 16) | (static_cast<unsigned char>(raw[i + 1]) << 8);
    out += {abc[(n >> 18) & 63], abc[(n >> 12) & 63], abc[(n >> 6) & 63]};
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Lists: sorting (with NULLs), cursor and parameter errors
// ---------------------------------------------------------------------------------------------

TEST_F(Lists, SortingOrdersPagesAcrossNulls) {
  std::string m = unique("sort");
  struct Row {
    const char* first;
    const char* last;
  };
  // Several NULLs in each sort field, ties among values, mixed case (binary order).
  const std::vector<Row> rows = {{"Mia", "Young"}, {"Ben", nullptr}, {nullptr, "Xu"},  {"Ben", "Ng"},
                                 {nullptr, nullptr}, {"Zoe", "Abe"},   {"adam", "Berg"}, {"Mia", nullptr},
                                 {nullptr, "Lee"},  {"Carl", "Ng"},    {"Ben", "Ng"},    {nullptr, nullptr},
                                 {"Eve", "ng"}};
  std::vector<std::string> ids;
  for (const auto& row : rows) {
    json::object body;
    if (row.first) body["first_name"] = row.first;
    if (row.last) body["last_name"] = row.last;
    if (!row.first && !row.last) body["email"] = unique_email("nameless");
    ids.push_back(marked_contact(m, body));
  }
  // Touch a few records so that updated_at orders differently from created_at.
  pause_ms(3);
  for (std::size_t i : {0u, 4u, 2u}) ASSERT_EQ(patch(url("contacts", ids[i]), json::object{{"city", "Touched"}}).status, 200);

  auto all = page_all(url("contacts"), {{filter("lead_source", "eq"), m}}, 500);
  ASSERT_EQ(all.records.size(), rows.size());
  for (const char* field : {"first_name", "last_name", "created_at", "updated_at"}) {
    for (bool desc : {false, true}) {
      std::string sort = std::string(desc ? "-" : "").append(field);
      auto want = expected_order(all.records, field, desc);
      for (int limit : {2, 3, 5}) {
        auto paged = page_all(url("contacts"), {{filter("lead_source", "eq"), m}, {"sort", sort}}, limit);
        EXPECT_TRUE(paged.complete) << sort << " limit " << limit;
        EXPECT_EQ(ids_of(paged.records), want) << "sort=" << sort << " limit=" << limit;
      }
    }
  }
}

TEST_F(Lists, SortingActivitiesByDueDateAcrossNulls) {
  std::string cid = contact({{"last_name", unique("Due")}});
  std::string m = unique("due");
  const std::vector<const char*> dues = {"2030-01-02T00:00:00Z", nullptr, "2030-01-01T00:00:00Z", nullptr,
                                         "2030-01-02T00:00:00Z", "2029-12-31T00:00:00Z", nullptr};
  for (const char* d : dues) {
    json::object body{{"type", "task"}, {"subject", m}, {"contact_id", cid}};
    if (d) body["due_at"] = d;
    create("activities", body);
  }
  auto all = page_all(url("activities"), {{filter("subject", "eq"), m}}, 500);
  ASSERT_EQ(all.records.size(), dues.size());
  for (bool desc : {false, true}) {
    auto want = expected_order(all.records, "due_at", desc);
    for (int limit : {1, 2, 3}) {
      auto paged = page_all(url("activities"), {{filter("subject", "eq"), m}, {"sort", desc ? "-due_at" : "due_at"}}, limit);
      EXPECT_EQ(ids_of(paged.records), want) << (desc ? "-due_at" : "due_at") << " limit=" << limit;
    }
  }
}

TEST_F(Lists, SortingCompaniesByName) {
  std::string city = unique("city");
  std::vector<std::string> names = {"Delta", "alpha", "Charlie", "Bravo", "Charlie"};
  for (const auto& n : names) company({{"name", n + "-" + city}, {"city", city}});
  auto all = page_all(url("companies"), {{filter("city", "eq"), city}}, 500);
  for (bool desc : {false, true}) {
    auto paged = page_all(url("companies"), {{filter("city", "eq"), city}, {"sort", desc ? "-name" : "name"}}, 2);
    EXPECT_EQ(ids_of(paged.records), expected_order(all.records, "name", desc)) << (desc ? "-name" : "name");
  }
}

TEST_F(Lists, SortOnANonSortableFieldIsRefused) {
  for (const char* s : {"email", "-email", "lifecycle_stage", "emails", "nonexistent", "-", "", "id"}) {
    if (!*s) continue;  // an empty sort means the default
    expect_problem(list("contacts", {{"sort", s}}), 400, std::string("sort=") + s);
  }
  expect_problem(list("companies", {{"sort", "employee_count"}}), 400, "sort=employee_count");
  EXPECT_EQ(list("activities", {{"sort", "-due_at"}}).status, 200);
  EXPECT_EQ(list("activities", {{"sort", "occurred_at"}}).status, 200);
}

TEST_F(Lists, ForeignAndGarbageCursorsAreRefused) {
  std::string m = unique("cursor");
  for (int i = 0; i < 3; ++i) marked_contact(m, {{"first_name", numbered("F", i)}});
  Query base{{filter("lead_source", "eq"), m}, {"limit", "1"}};
  Query by_first = base;
  by_first.emplace_back("sort", "first_name");
  auto r = list("contacts", by_first);
  ASSERT_EQ(r.status, 200);
  std::string cursor = next_cursor(r.json());
  ASSERT_FALSE(cursor.empty());

  auto with = [&](Query q, const std::string& c) {
    q.emplace_back("cursor", c);
    return list("contacts", q);
  };
  // The cursor works with its own sort ...
  Query again = by_first;
  EXPECT_EQ(with(again, cursor).status, 200);
  // ... and not with another.
  Query by_last = base;
  by_last.emplace_back("sort", "last_name");
  expect_problem(with(by_last, cursor), 400, "cursor of sort=first_name with sort=last_name");
  Query by_first_desc = base;
  by_first_desc.emplace_back("sort", "-first_name");
  expect_problem(with(by_first_desc, cursor), 400, "cursor of sort=first_name with sort=-first_name");
  expect_problem(with(base, cursor), 400, "cursor of sort=first_name with the default sort");
  // Garbage.
  expect_problem(with(base, "not a cursor!"), 400, "garbage cursor");
  expect_problem(with(base, "AAAA"), 400, "cursor of three zero bytes");
  expect_problem(with(base, base64url("{}")), 400, "cursor of an empty object");
  expect_problem(with(base, base64url("[1,2]")), 400, "cursor of an array");
  expect_problem(with(base, base64url(R"({"s":"-created_at","v":"x","i":"nope"})")), 400, "cursor with a bad id");
  expect_problem(with(base, cursor.substr(0, cursor.size() / 2)), 400, "truncated cursor");
}

TEST_F(Lists, UnknownAndMalformedParametersAreRefused) {
  expect_problem(list("contacts", {{"colour", "red"}}), 400, "unknown parameter");
  expect_problem(list("contacts", {{"offset", "10"}}), 400, "offset");
  expect_problem(list("contacts", {{"count", "yes"}}), 400, "count=yes");
  expect_problem(list("contacts", {{"sort", "first_name"}, {"sort", "last_name"}}), 400, "sort given twice");
  expect_problem(list("companies", {{"filters[name][eq]", "x"}}), 400, "filters[...]");
}

}  // namespace rapport::testing
