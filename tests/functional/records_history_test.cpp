// The change history of a record: one entry per create, update, delete and restore, newest first,
// with the actor, the request id and the changed fields; paged with limit and cursor.
#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "records_fixture.hpp"

namespace rapport::testing {
namespace json = boost::json;

// ---------------------------------------------------------------------------------------------
// History
// ---------------------------------------------------------------------------------------------

TEST_F(Records, HistoryRecordsEveryChangeNewestFirst) {
  const std::string user = me();
  const std::string rid_create = unique("req-create"), rid_update = unique("req-update"),
                    rid_delete = unique("req-delete"), rid_restore = unique("req-restore");
  std::string last = unique("Hist");
  auto c = post(url("contacts"), json::object{{"first_name", "Hal"}, {"last_name", last}, {"job_title", "A"}},
                {{"X-Request-Id", rid_create}});
  ASSERT_EQ(c.status, 201) << c.body;
  std::string id = str(c.json(), "id");
  pause_ms(2);
  auto u = patch(url("contacts", id), json::object{{"job_title", "B"}, {"city", "Paris"}, {"first_name", "Hal"}},
                 {{"X-Request-Id", rid_update}});
  ASSERT_EQ(u.status, 200) << u.body;
  pause_ms(2);
  ASSERT_EQ(del(url("contacts", id), {{"X-Request-Id", rid_delete}}).status, 204);
  pause_ms(2);
  ASSERT_EQ(post(url("contacts", id, "restore"), json::object{}, {{"X-Request-Id", rid_restore}}).status, 200);

  auto h = get(url("contacts", id, "history"));
  ASSERT_EQ(h.status, 200) << h.body;
  auto data = page_data(h.json());
  ASSERT_EQ(data.size(), 4u) << h.body;
  EXPECT_TRUE(member(h.json(), "next_cursor").is_null());
  std::vector<std::string> actions, rids;
  for (const auto& e : data) {
    actions.push_back(str(e, "action"));
    rids.push_back(str(e, "request_id"));
    EXPECT_EQ(str(e, "actor_id"), user);
    EXPECT_FALSE(str(e, "at").empty());
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"restore", "delete", "update", "create"}));
  EXPECT_EQ(rids, (std::vector<std::string>{rid_restore, rid_delete, rid_update, rid_create}));
  for (std::size_t i = 1; i < data.size(); ++i) EXPECT_GE(str(data[i - 1], "at"), str(data[i], "at")) << "newest first";

  // The update names exactly the changed fields with their before and after values.
  std::map<std::string, std::pair<json::value, json::value>> changes;
  auto update_changes = member(data[2], "changes");
  ASSERT_TRUE(update_changes.is_array()) << data[2];
  for (const auto& ch : update_changes.as_array())
    changes[str(ch, "field")] = {member(ch, "before"), member(ch, "after")};
  EXPECT_EQ(changes.size(), 2u) << data[2];
  EXPECT_EQ(changes["job_title"].first, json::value("A"));
  EXPECT_EQ(changes["job_title"].second, json::value("B"));
  EXPECT_TRUE(changes["city"].first.is_null());
  EXPECT_EQ(changes["city"].second, json::value("Paris"));
  EXPECT_FALSE(changes.count("first_name")) << "an unchanged field is in the diff";

  // The create lists the values set; delete and restore toggle deleted_at.
  bool has_last = false;
  auto create_changes = member(data[3], "changes");
  ASSERT_TRUE(create_changes.is_array()) << data[3];
  for (const auto& ch : create_changes.as_array())
    if (str(ch, "field") == "last_name") {
      has_last = true;
      EXPECT_TRUE(member(ch, "before").is_null());
      EXPECT_EQ(member(ch, "after"), json::value(last));
    }
  EXPECT_TRUE(has_last) << data[3];
  auto del_changes = member(data[1], "changes").as_array();
  ASSERT_EQ(del_changes.size(), 1u);
  EXPECT_EQ(str(del_changes[0], "field"), "deleted_at");
  EXPECT_TRUE(member(del_changes[0], "before").is_null());
  std::string deleted_at = str(del_changes[0], "after");
  EXPECT_FALSE(deleted_at.empty());
  auto res_changes = member(data[0], "changes").as_array();
  ASSERT_EQ(res_changes.size(), 1u);
  EXPECT_EQ(str(res_changes[0], "field"), "deleted_at");
  EXPECT_EQ(str(res_changes[0], "before"), deleted_at);
  EXPECT_TRUE(member(res_changes[0], "after").is_null());
}

TEST_F(Records, HistoryPagesWithLimitAndCursor) {
  std::string id = contact({{"last_name", unique("Pages")}});
  for (const char* city : {"A", "B", "C"}) ASSERT_EQ(patch(url("contacts", id), json::object{{"city", city}}).status, 200);
  auto full = page_data(get(url("contacts", id, "history")).json());
  ASSERT_EQ(full.size(), 4u);
  auto paged = page_all(url("contacts", id, "history"), {}, 1);
  EXPECT_TRUE(paged.complete);
  EXPECT_EQ(paged.sizes, (std::vector<std::size_t>{1, 1, 1, 1}));
  ASSERT_EQ(paged.records.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(json::value(paged.records[i]), full[i]) << "entry " << i;
  // The newest update comes first and says city B -> C.
  auto first = member(json::value(paged.records[0]), "changes").as_array();
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(member(first[0], "before"), json::value("B"));
  EXPECT_EQ(member(first[0], "after"), json::value("C"));

  auto two = get(with_query(url("contacts", id, "history"), {{"limit", "2"}}));
  EXPECT_EQ(page_data(two.json()).size(), 2u);
  EXPECT_FALSE(next_cursor(two.json()).empty());
  expect_problem(get(with_query(url("contacts", id, "history"), {{"limit", "0"}})), 400, "history limit=0");
  expect_problem(get(with_query(url("contacts", id, "history"), {{"limit", "501"}})), 400, "history limit=501");
  expect_problem(get(with_query(url("contacts", id, "history"), {{"cursor", "@@@"}})), 400, "history garbage cursor");
  expect_problem(get(with_query(url("contacts", id, "history"), {{"sort", "at"}})), 400, "history unknown parameter");
  expect_problem(get(url("contacts", "00000000-0000-7000-8000-000000000000", "history")), 404, "history of unknown id");
}

TEST_F(Records, HistoryRecordsTheServersRequestIdWhenNoneIsSent) {
  auto c = post(url("contacts"), json::object{{"last_name", unique("NoRid")}});
  ASSERT_EQ(c.status, 201) << c.body;
  std::string rid = c.header("x-request-id");
  ASSERT_FALSE(rid.empty());
  auto data = page_data(get(url("contacts", str(c.json(), "id"), "history")).json());
  ASSERT_EQ(data.size(), 1u);
  EXPECT_EQ(str(data[0], "request_id"), rid);
}

TEST_F(Records, HistoryOfAnActivityRecordsLinkChanges) {
  std::string c1 = contact({{"last_name", unique("Link1")}});
  std::string c2 = contact({{"last_name", unique("Link2")}});
  std::string act = note({{"contact_id", c1}}, "linked");
  ASSERT_EQ(patch(url("activities", act), json::object{{"contact_ids", json::array{json::value(c2)}}}).status, 200);
  auto data = page_data(get(url("activities", act, "history")).json());
  ASSERT_EQ(data.size(), 2u);
  EXPECT_EQ(str(data[0], "action"), "update");
  auto changes = member(data[0], "changes");
  ASSERT_TRUE(changes.is_array()) << data[0];
  bool found = false;
  for (const auto& ch : changes.as_array())
    if (str(ch, "field") == "contact_ids") {
      found = true;
      EXPECT_EQ(member(ch, "before"), json::value(json::array{json::value(c1)}));
      EXPECT_EQ(member(ch, "after"), json::value(json::array{json::value(c2)}));
    }
  EXPECT_TRUE(found) << data[0];
  EXPECT_EQ(read("activities", act).at("version"), json::value(2));
}

TEST_F(Records, HistoryOfADeletedRecordIsReadable) {
  std::string id = company();
  ASSERT_EQ(del(url("companies", id)).status, 204);
  auto h = get(url("companies", id, "history"));
  ASSERT_EQ(h.status, 200) << h.body;
  auto data = page_data(h.json());
  ASSERT_EQ(data.size(), 2u);
  EXPECT_EQ(str(data[0], "action"), "delete");
  EXPECT_EQ(str(data[1], "action"), "create");
}

}  // namespace rapport::testing
