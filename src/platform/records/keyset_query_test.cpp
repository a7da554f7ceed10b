#include "platform/records/keyset_query.hpp"

#include <gtest/gtest.h>

namespace rapport::records::keyset {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

const Order& order() {
  static const Order o{.name = "things", .descending = true};
  return o;
}

const QuerySpec& spec() {
  static const QuerySpec s{.filters = {{.name = "state", .values = {"open", "closed"}}, {.name = "kind", .max_size = 5}},
                           .time_window = true};
  return s;
}

// The 400's detail for a refused query ("" when it was taken).
std::string refusal(const Params& p, const QuerySpec& s = spec()) {
  auto q = parse_query(order(), s, p);
  if (q) return "";
  EXPECT_EQ(q.problem().status, 400);
  return q.problem().detail;
}

TEST(KeysetQuery, DefaultsWhenNothingIsGiven) {
  auto q = parse_query(order(), spec(), {});
  ASSERT_TRUE(q);
  EXPECT_EQ(q->limit, 50);
  EXPECT_FALSE(q->after);
  EXPECT_TRUE(q->equal.empty());
  EXPECT_TRUE(q->since.empty() && q->until.empty());
  std::string sql = "SELECT id FROM things WHERE workspace_id = ?";
  std::vector<db::Value> params{std::string("w")};
  q->append_where(order(), "created_at", sql, params);
  EXPECT_EQ(sql, "SELECT id FROM things WHERE workspace_id = ?");
  EXPECT_EQ(params.size(), 1u);
}

TEST(KeysetQuery, TakesLimitCursorFiltersAndWindow) {
  const std::string cursor = make_cursor(order(), {.id = std::string("0190a000-0000-7000-8000-00000000abcd")});
  auto q = parse_query(order(), spec(),
                       {{"kind", "a"}, {"limit", "7"}, {"state", "open"}, {"cursor", cursor},
                        {"since", "2026-01-01T01:00:00+01:00"}, {"until", "2026-02-01T00:00:00Z"}});
  ASSERT_TRUE(q) << q.problem().detail;
  EXPECT_EQ(q->limit, 7);
  ASSERT_TRUE(q->after);
  EXPECT_EQ(std::get<std::string>(q->after->id), "0190a000-0000-7000-8000-00000000abcd");
  EXPECT_EQ(q->value("state"), "open");
  EXPECT_EQ(q->value("kind"), "a");
  EXPECT_FALSE(q->value("colour"));
  EXPECT_EQ(q->since, "2026-01-01T00:00:00.000Z") << "the window is kept as UTC text, comparable with stored times";
  EXPECT_EQ(q->until, "2026-02-01T00:00:00.000Z");

  std::string sql = "SELECT id FROM things WHERE workspace_id = ?";
  std::vector<db::Value> params{std::string("w")};
  q->append_where(order(), "created_at", sql, params);
  const std::string filters =
      "SELECT id FROM things WHERE workspace_id = ? AND kind = ? AND state = ? AND created_at >= ? AND created_at < ? AND ";
  EXPECT_EQ(sql.substr(0, filters.size()), filters);
  EXPECT_GT(sql.size(), filters.size()) << "the cursor's condition comes last";
  ASSERT_GE(params.size(), 6u);
  EXPECT_EQ(std::get<std::string>(params[1]), "a");
  EXPECT_EQ(std::get<std::string>(params[2]), "open");
  EXPECT_EQ(std::get<std::string>(params[3]), "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(std::get<std::string>(params[4]), "2026-02-01T00:00:00.000Z");
  EXPECT_EQ(std::get<std::string>(params[5]), "0190a000-0000-7000-8000-00000000abcd") << "the cursor's id follows";

  std::string no_window = "SELECT";
  std::vector<db::Value> none;
  parse_query(order(), spec(), {{"since", "2026-01-01T00:00:00Z"}})->append_where(order(), "", no_window, none);
  EXPECT_EQ(no_window, "SELECT") << "a route without a time column adds no window";
}

TEST(KeysetQuery, RefusesBadInputWithTheRoutesWords) {
  EXPECT_EQ(refusal({{"state", "open"}, {"state", "closed"}}), "Query parameter 'state' is given more than once");
  EXPECT_EQ(refusal({{"limit", "0"}}), "limit must be an integer from 1 to 500");
  EXPECT_EQ(refusal({{"limit", "501"}}), "limit must be an integer from 1 to 500");
  EXPECT_EQ(refusal({{"limit", "x"}}), "limit must be an integer from 1 to 500");
  EXPECT_NE(refusal({{"cursor", "garbage"}}), "");
  const std::string foreign = make_cursor({.name = "other"}, {.id = std::string("0190a000-0000-7000-8000-00000000abcd")});
  EXPECT_NE(refusal({{"cursor", foreign}}), "") << "a cursor of another order";
  EXPECT_EQ(refusal({{"state", "waiting"}}), "state must be one of open, closed");
  EXPECT_EQ(refusal({{"kind", ""}}), "kind must have 1 to 5 characters");
  EXPECT_EQ(refusal({{"kind", "abcdef"}}), "kind must have 1 to 5 characters");
  EXPECT_EQ(refusal({{"kind", "abcde"}}), "");
  EXPECT_EQ(refusal({{"since", "yesterday"}}), "since must be an RFC 3339 date-time, e.g. 2026-01-31T12:00:00Z");
  EXPECT_EQ(refusal({{"until", "2026-13-01T00:00:00Z"}}), "until must be an RFC 3339 date-time, e.g. 2026-01-31T12:00:00Z");
  EXPECT_EQ(refusal({{"since", "2026-02-01T00:00:00Z"}, {"until", "2026-01-01T00:00:00Z"}}), "since must be before until");
  EXPECT_EQ(refusal({{"since", "2026-02-01T00:00:00Z"}, {"until", "2026-02-01T00:00:00Z"}}), "since must be before until");
  EXPECT_EQ(refusal({{"colour", "red"}}),
            "Unknown query parameter 'colour'; accepted: limit, cursor, state, kind, since, until");
  // Without a time window, since and until are parameters like any other unknown one.
  const QuerySpec bare{.filters = {{.name = "object_type", .values = {"contacts"}}}};
  EXPECT_EQ(refusal({{"since", "2026-01-01T00:00:00Z"}}, bare),
            "Unknown query parameter 'since'; accepted: limit, cursor, object_type");
  EXPECT_EQ(refusal({{"object_type", "planets"}}, bare), "object_type must be one of contacts");
}

}  // namespace
}  // namespace rapport::records::keyset
