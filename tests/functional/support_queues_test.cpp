// The support queues as the list engine reads them at scale (bench/tickets.sh): a list page's SLA,
// read for the whole page at once (the tickets' page decorator), is what each ticket shows alone, in
// every SLA state; `status in (...)` (written as literals to meet the queues' partial indexes,
// migration 0045) pages in the same order as one sorted read, alone or with other filters, in any
// page size; a tag filter held by few tickets (read by their ids, tagged_ids.hpp) answers the same.
#include <algorithm>
#include <functional>
#include <map>
#include <tuple>

#include "access_fixture.hpp"

namespace rapport::testing {
namespace {

using Names = std::vector<std::string>;

class SupportQueues : public Access {
 protected:
  // Every page of `query` at `limit` a page, their rows in order.
  json::array all_pages(const std::string& query, int limit) {
    json::array rows;
    std::string cursor;
    for (int pages = 0; pages < 100; ++pages) {
      std::string target = "/api/v1/tickets?limit=" + std::to_string(limit) + "&" + query;
      if (!cursor.empty()) target += "&cursor=" + cursor;
      auto r = get(target);
      EXPECT_EQ(r.status, 200) << target << ": " << r.body;
      if (r.status != 200) break;
      for (const auto& row : data_of(r)) rows.push_back(row);
      cursor = text(r.json(), "next_cursor");
      if (cursor.empty()) break;
    }
    return rows;
  }
  static Names ids_of(const json::array& rows) {
    Names out;
    for (const auto& r : rows) out.push_back(text(r, "id"));
    return out;
  }
};

// The tickets of one run: a policy on its tag times all but one, each in another SLA state.
TEST_F(SupportQueues, AListPageShowsEachTicketsOwnSlaAndQueuesPageInOrder) {
  const std::string tag = unique_name("queue"), other = unique_name("nopolicy");
  auto policy = post("/api/v1/sla-policies", json::object{{"name", unique_name("Queues ")},
                                                          {"conditions", json::object{{"tags", json::array{json::value(tag)}}}},
                                                          {"targets", json::object{{"first_response", 60}, {"resolution", 240}}},
                                                          {"calendar_time", true},
                                                          {"warning", nullptr}});
  ASSERT_EQ(policy.status, 201) << policy.body;
  auto ticket = [&](const std::string& subject, const std::string& status, const std::string& priority, const std::string& t,
                    const std::string& team) {
    json::object body{{"subject", subject}, {"status", status}, {"priority", priority}, {"tags", json::array{json::value(t)}}};
    if (!team.empty()) body["team_id"] = team;
    return create("tickets", body);
  };
  const std::string fresh = ticket("a fresh", "new", "high", tag, east_);
  const std::string waiting = ticket("b waiting", "pending", "normal", tag, east_);
  const std::string answered = ticket("c answered", "open", "normal", tag, west_);
  ASSERT_EQ(post("/api/v1/tickets/" + answered + "/messages", json::object{{"kind", "reply"}, {"body", "On it"}}).status, 201);
  const std::string solved = ticket("d solved", "open", "urgent", tag, east_);
  ASSERT_EQ(patch("/api/v1/tickets/" + solved, json::object{{"status", "solved"}}).status, 200);
  const std::string untimed = ticket("e untimed", "open", "low", other, east_);
  ticket("f second", "new", "normal", tag, west_);
  ticket("g third", "open", "high", tag, east_);
  ticket("h held", "on_hold", "low", tag, "");

  // Each row of a page, SLA included, is the ticket as GET /api/v1/tickets/{id} shows it.
  const json::array rows = all_pages("filter[tags][in]=" + tag + "," + other, 3);
  ASSERT_EQ(rows.size(), 8u);
  std::map<std::string, std::string> state;
  for (const auto& row : rows) {
    auto alone = get("/api/v1/tickets/" + text(row, "id"));
    ASSERT_EQ(alone.status, 200);
    EXPECT_EQ(row, alone.json()) << text(row, "subject");
    state[text(row, "id")] = json::serialize(row.at("sla"));
  }
  EXPECT_EQ(state[untimed], "null") << "no policy";
  const json::value fresh_sla = json::parse(state[fresh]);
  EXPECT_TRUE(fresh_sla.at("first_response").at("met_at").is_null());
  EXPECT_FALSE(fresh_sla.at("first_response").at("due_at").is_null());
  EXPECT_TRUE(json::parse(state[waiting]).at("resolution").at("paused").as_bool());
  EXPECT_FALSE(json::parse(state[answered]).at("first_response").at("met_at").is_null());
  EXPECT_FALSE(json::parse(state[solved]).at("resolution").at("met_at").is_null());

  // Queues with `status in` under another sort page as the sorted set does, whatever the page size.
  const json::array everything = all_pages("filter[tags][in]=" + tag + "," + other, 500);
  struct Queue {
    std::string query, sort_field;
    bool descending;
    std::function<bool(const json::value&)> keeps;
  };
  auto status_in = [](std::initializer_list<const char*> s) {
    return [names = Names(s.begin(), s.end())](const json::value& r) {
      return std::find(names.begin(), names.end(), text(r, "status")) != names.end();
    };
  };
  const std::vector<Queue> queues{
      {"filter[status][in]=new,open&sort=sla_due_at", "sla_due_at", false, status_in({"new", "open"})},
      {"filter[status][in]=open,new,open,pending&sort=-updated_at", "updated_at", true, status_in({"new", "open", "pending"})},
      {"filter[status][in]=new,open,on_hold&sort=subject", "subject", false, status_in({"new", "open", "on_hold"})},
      {"filter[team_id][eq]=" + east_ + "&filter[status][in]=new,open,solved&sort=sla_due_at", "sla_due_at", false,
       [&](const json::value& r) { return text(r, "team_id") == east_ && text(r, "status") != "pending"; }},
      {"filter[priority][in]=high,normal&filter[status][in]=new,open&sort=-number", "number", true,
       [&](const json::value& r) {
         return (text(r, "priority") == "high" || text(r, "priority") == "normal") && status_in({"new", "open"})(r);
       }},
  };
  for (const auto& q : queues) {
    json::array expected;
    for (const auto& r : everything)
      if (q.keeps(r)) expected.push_back(r);
    // The list order: the value (NULL first ascending, last descending), then the id.
    auto key = [&](const json::value& r) {
      const json::value& v = r.at(q.sort_field);
      std::string value;  // numbers (below 10^9 here) as text of one width
      if (v.is_int64()) value = std::to_string(1000000000 + v.as_int64());
      else if (v.is_string()) value = v.as_string();
      return std::make_tuple(!v.is_null(), value, text(r, "id"));
    };
    std::sort(expected.begin(), expected.end(), [&](const json::value& a, const json::value& b) {
      return q.descending ? key(b) < key(a) : key(a) < key(b);
    });
    ASSERT_FALSE(expected.empty()) << q.query;
    const std::string query = "filter[tags][in]=" + tag + "," + other + "&" + q.query;
    for (int limit : {1, 2, 500}) EXPECT_EQ(ids_of(all_pages(query, limit)), ids_of(expected)) << q.query << " limit " << limit;
  }
}

}  // namespace
}  // namespace rapport::testing
