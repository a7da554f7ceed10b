// GET /api/v1/audit-events: the workspace's audit log, newest first, with keyset pages, filters and
// strict parameters; admins only.
#include <set>
#include <string>
#include <vector>

#include "privacy_helpers.hpp"

namespace rapport::testing {
namespace json = boost::json;

class AuditEvents : public RecordsBase {
 protected:
  std::vector<json::object> events(const Query& q) {
    auto r = get(with_query("/api/v1/audit-events", q));
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<json::object> out;
    for (const auto& e : page_data(r.json())) out.push_back(e.as_object());
    return out;
  }
};

TEST_F(AuditEvents, ListsNewestFirstAndFilters) {
  const std::string id = contact(json::object{{"last_name", unique("Audited")}});
  ASSERT_EQ(patch(url("contacts", id), json::object{{"city", "Oslo"}}).status, 200);
  ASSERT_EQ(del(url("contacts", id)).status, 204);
  auto mine = events({{"object_type", "contacts"}, {"object_id", id}});
  ASSERT_EQ(mine.size(), 3u);
  EXPECT_EQ(mine[0].at("action"), "delete");
  EXPECT_EQ(mine[1].at("action"), "update");
  EXPECT_EQ(mine[2].at("action"), "create");
  EXPECT_GT(mine[0].at("id").as_int64(), mine[1].at("id").as_int64());
  EXPECT_EQ(mine[1].at("changes"), json::parse(R"([{"field":"city","before":null,"after":"Oslo"}])"));
  EXPECT_EQ(mine[1].at("actor_id"), json::value(me()));
  for (const char* k : {"object_type", "object_id", "request_id", "at"}) EXPECT_TRUE(mine[0].contains(k)) << k;

  auto updates = events({{"object_id", id}, {"action", "update"}});
  ASSERT_EQ(updates.size(), 1u);
  for (const auto& e : events({{"actor_id", me()}, {"limit", "500"}})) EXPECT_EQ(e.at("actor_id"), json::value(me()));
  EXPECT_TRUE(events({{"actor_id", "01890000-0000-7000-8000-000000000000"}}).empty());

  // Time window: since inclusive, until exclusive, any RFC 3339 offset.
  const std::string at(mine[1].at("at").as_string());
  auto from_update = events({{"object_id", id}, {"since", at}});
  EXPECT_GE(from_update.size(), 2u);
  for (const auto& e : from_update) EXPECT_GE(std::string(e.at("at").as_string()), at);
  auto before_update = events({{"object_id", id}, {"until", at}});
  for (const auto& e : before_update) EXPECT_LT(std::string(e.at("at").as_string()), at);
  EXPECT_EQ(from_update.size() + before_update.size(), 3u);
  EXPECT_EQ(events({{"object_id", id}, {"since", "2000-01-01T01:00:00+01:00"}, {"until", "2100-01-01T00:00:00Z"}}).size(), 3u);
  EXPECT_TRUE(events({{"object_id", id}, {"until", "2000-01-01T00:00:00Z"}}).empty());
}

TEST_F(AuditEvents, PagesWithoutSkipsOrRepeats) {
  const std::string marker = unique("paged");
  std::vector<std::string> made;
  for (int i = 0; i < 7; ++i) made.push_back(contact(json::object{{"last_name", marker + "-" + std::to_string(i)}}));
  auto paged = page_all("/api/v1/audit-events", {{"object_type", "contacts"}, {"action", "create"}}, 3);
  ASSERT_TRUE(paged.complete);
  std::set<int64_t> seen;
  int64_t previous = INT64_MAX;
  for (const auto& e : paged.records) {
    int64_t id = e.at("id").as_int64();
    EXPECT_LT(id, previous);
    previous = id;
    EXPECT_TRUE(seen.insert(id).second) << "repeated " << id;
  }
  std::set<std::string> objects;
  for (const auto& e : paged.records) objects.insert(std::string(e.at("object_id").as_string()));
  for (const auto& id : made) EXPECT_TRUE(objects.count(id)) << id;
  for (auto s : paged.sizes) EXPECT_LE(s, 3u);
}

TEST_F(AuditEvents, RefusesBadParametersAndNonAdmins) {
  for (const std::string& q : std::vector<std::string>{"?limit=0", "?limit=501", "?limit=x", "?cursor=bogus", "?since=yesterday",
                               "?until=2026-13-01T00:00:00Z", "?since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z",
                               "?object_type=", "?sort=id", "?filter[action][eq]=create", "?action=a&action=b",
                               "?object_id=" + std::string(256, 'x')}) {
    auto r = get("/api/v1/audit-events" + q);
    EXPECT_EQ(r.status, 400) << q << ": " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << q;
  }
  // A cursor of another list is refused.
  contact(json::object{{"last_name", unique("One")}});
  contact(json::object{{"last_name", unique("Two")}});
  auto contacts = get(url("contacts") + "?limit=1");
  std::string foreign = next_cursor(contacts.json());
  ASSERT_FALSE(foreign.empty()) << contacts.body;
  EXPECT_EQ(get("/api/v1/audit-events?cursor=" + foreign).status, 400);
  auto member = member_token(http(), server().data_dir(), std::string(get("/api/v1/auth/me").json().at("workspace_id").as_string()));
  auto r = http().call("GET", "/api/v1/audit-events", member);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(http().call("GET", "/api/v1/audit-events", "").status, 401);
}

}  // namespace rapport::testing
