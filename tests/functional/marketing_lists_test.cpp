// Static lists: members added and removed by hand (bounded, idempotent, only contacts the caller may
// read), read a page at a time with a count; a deleted contact leaves its lists; who may do what.
#include <set>

#include "privacy_helpers.hpp"

namespace rapport::testing {
namespace json = boost::json;

class MarketingLists : public RecordsBase {
 protected:
  std::string make_list() {
    json::value body = json::object{{"name", unique("List")}, {"description", "Met at the fair"}};
    auto r = post("/api/v1/lists", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return str(r.json(), "id");
  }

  HttpResponse change(const char* method, const std::string& list, const std::vector<std::string>& contacts,
                      const std::string& token = "") {
    json::array ids;
    for (const auto& c : contacts) ids.emplace_back(c);
    json::value body = json::object{{"contact_ids", ids}};
    return http().call(method, url("lists", list, "members"), token.empty() ? token_ : token, &body);
  }

  std::set<std::string> members(const std::string& list) {
    auto paged = page_all(url("lists", list, "members"), {}, 2, 50);
    EXPECT_TRUE(paged.complete);
    std::set<std::string> out;
    for (const auto& r : paged.records) out.insert(str(r, "id"));
    auto counted = get(url("lists", list, "members") + "?count=true");
    EXPECT_EQ(counted.status, 200) << counted.body;
    if (counted.status == 200) {
      EXPECT_EQ(counted.json().at("total").as_int64(), static_cast<int64_t>(out.size()));
    }
    return out;
  }
};

using Ids = std::set<std::string>;

TEST_F(MarketingLists, MembersAreAddedAndRemovedIdempotently) {
  const std::string list = make_list();
  std::vector<std::string> people;
  for (int i = 0; i < 5; ++i) people.push_back(contact({{"last_name", unique("Member")}}));

  auto added = change("POST", list, {people[0], people[1], people[2], people[0]});  // a repeat counts once
  ASSERT_EQ(added.status, 200) << added.body;
  EXPECT_EQ(added.json().at("added").as_int64(), 3);
  EXPECT_EQ(added.json().at("already_members").as_int64(), 0);
  auto again = change("POST", list, {people[1], people[2], people[3]});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json().at("added").as_int64(), 1);
  EXPECT_EQ(again.json().at("already_members").as_int64(), 2);
  EXPECT_EQ(members(list), (Ids{people[0], people[1], people[2], people[3]}));

  auto removed = change("DELETE", list, {people[1], people[4]});
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_EQ(removed.json().at("removed").as_int64(), 1);
  EXPECT_EQ(removed.json().at("not_members").as_int64(), 1);
  EXPECT_EQ(change("DELETE", list, {people[1]}).json().at("removed").as_int64(), 0);
  EXPECT_EQ(members(list), (Ids{people[0], people[2], people[3]}));

  // A deleted contact leaves the list, and a restored one is not put back.
  ASSERT_EQ(del(url("contacts", people[2])).status, 204);
  EXPECT_EQ(members(list), (Ids{people[0], people[3]}));
  ASSERT_EQ(post(url("contacts", people[2], "restore"), json::object{}).status, 200);
  EXPECT_EQ(members(list), (Ids{people[0], people[3]}));

  // The changes are audited on the list.
  auto history = get("/api/v1/audit-events?object_type=lists&object_id=" + list);
  ASSERT_EQ(history.status, 200) << history.body;
  EXPECT_EQ(page_data(history.json()).size(), 4u) << history.body;  // create, 2 additions, 1 removal
}

TEST_F(MarketingLists, BadIdsAndBatchesAreRefusedWithNothingAdded) {
  const std::string list = make_list();
  const std::string live = contact({{"last_name", unique("Live")}});
  const std::string gone = contact({{"last_name", unique("Gone")}});
  ASSERT_EQ(del(url("contacts", gone)).status, 204);
  auto r = change("POST", list, {live, gone, "01900000-0000-7000-8000-0000000000bb"});
  EXPECT_EQ(r.status, 422) << r.body;
  std::set<std::string> paths;
  const json::value answer = r.json();  // kept: a range-for would not extend a temporary's life
  for (const auto& e : answer.at("errors").as_array()) paths.insert(str(e, "field"));
  EXPECT_EQ(paths, (Ids{"contact_ids.1", "contact_ids.2"}));
  EXPECT_EQ(members(list), Ids{});
  EXPECT_EQ(change("POST", list, {"not-an-id"}).status, 422);
  EXPECT_EQ(change("POST", list, {}).status, 422);
  std::vector<std::string> too_many(501, live);
  EXPECT_EQ(change("POST", list, too_many).status, 422);
  EXPECT_EQ(change("POST", "01900000-0000-7000-8000-0000000000cc", {live}).status, 404);
  EXPECT_EQ(members(list), Ids{});
}

TEST_F(MarketingLists, CrudAndAccess) {
  json::value body = json::object{{"name", unique("Fair")}};
  auto made = post("/api/v1/lists", body);
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string id = str(made.json(), "id");
  EXPECT_TRUE(made.json().at("description").is_null());
  EXPECT_EQ(post("/api/v1/lists", body).status, 409);
  auto all = get("/api/v1/lists");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_NE(all.body.find(id), std::string::npos);
  json::value rename = json::object{{"description", "Autumn"}};
  auto renamed = patch(url("lists", id), rename, {{"If-Match", made.header("etag")}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(str(renamed.json(), "description"), "Autumn");
  EXPECT_EQ(patch(url("lists", id), rename, {{"If-Match", made.header("etag")}}).status, 412);

  const std::string workspace = str(get("/api/v1/auth/me").json(), "workspace_id");
  const std::string marketer = member_token(http(), server().data_dir(), workspace, "marketing");
  const std::string agent = member_token(http(), server().data_dir(), workspace, "support_agent");
  const std::string person = contact({{"last_name", unique("Listed")}});
  EXPECT_EQ(change("POST", id, {person}, marketer).status, 200);
  EXPECT_EQ(change("POST", id, {person}, agent).status, 403);
  EXPECT_EQ(change("DELETE", id, {person}, agent).status, 403);
  EXPECT_EQ(http().call("GET", url("lists", id, "members"), agent).status, 200);
  EXPECT_EQ(http().call("DELETE", url("lists", id), agent).status, 403);
  EXPECT_EQ(members(id), (Ids{person}));

  EXPECT_EQ(del(url("lists", id)).status, 204);
  EXPECT_EQ(get(url("lists", id)).status, 404);
  EXPECT_EQ(get(url("lists", id, "members")).status, 404);
  EXPECT_EQ(get(url("contacts", person)).status, 200) << "deleting a list deletes no contact";
}

}  // namespace rapport::testing
