// Tags on tickets (the record engine's Tags field type): stored trimmed and without duplicates
// regardless of case, filtered by any of several (in) or all of them (all) through record_tags,
// kept in step on every change, exported as a "; "-separated cell, and never one workspace's
// tags matching another's records.
#include "access_fixture.hpp"
#include "tenancy_fixture.hpp"

namespace rapport::testing {
namespace {

using Names = std::vector<std::string>;

class SupportTags : public Access {
 protected:
  // The ids of the tickets a filtered list answers, among `among`.
  Names listed(const std::string& query, const Names& among) {
    auto r = get("/api/v1/tickets?limit=500&" + query);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    Names out;
    for (const auto& row : data_of(r))
      if (std::find(among.begin(), among.end(), text(row, "id")) != among.end()) out.push_back(text(row, "id"));
    std::sort(out.begin(), out.end());
    return out;
  }
};

TEST_F(SupportTags, StoredNormalisedAndFilteredByAnyOrAll) {
  const std::string tag = unique_name("vip");  // this run's tags, so earlier tickets do not count
  const std::string renewal = unique_name("renewal");
  auto r = post("/api/v1/tickets", json::object{{"subject", "Tagged"}, {"tags", json::array{" " + tag + " ", "X" + renewal, "x" + renewal}}});
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string both = text(r.json(), "id");
  EXPECT_EQ(r.json().at("tags"), (json::array{json::value(tag), json::value("X" + renewal)})) << "trimmed, the first spelling kept";
  const std::string only_vip = create("tickets", json::object{{"subject", "VIP only"}, {"tags", json::array{json::value(tag)}}});
  const std::string untagged = create("tickets", json::object{{"subject", "Untagged"}});
  EXPECT_EQ(get("/api/v1/tickets/" + untagged).json().at("tags"), json::array{}) << "never null";
  const Names all{both, only_vip, untagged};
  Names vip{both, only_vip};
  std::sort(vip.begin(), vip.end());

  // Regardless of case, one tag, any of several, all of them.
  EXPECT_EQ(listed("filter[tags][eq]=" + tag, all), vip);
  EXPECT_EQ(listed("filter[tags][contains]=" + tag, all), vip);
  EXPECT_EQ(listed("filter[tags][in]=x" + renewal + ",nothing-" + tag, all), Names{both});
  EXPECT_EQ(listed("filter[tags][in]=" + tag + ",X" + renewal, all), vip);
  EXPECT_EQ(listed("filter[tags][all]=" + tag + ",x" + renewal, all), Names{both});
  EXPECT_EQ(listed("filter[tags][all]=" + tag + ",X" + renewal + ",x" + renewal, all), Names{both}) << "a repeated tag counts once";
  EXPECT_EQ(listed("filter[tags][all]=" + tag + ",other-" + tag, all), Names{});
  EXPECT_EQ(listed("filter[tags][in]=" + tag + "&filter[subject][eq]=VIP%20only", all), Names{only_vip});

  // A change of the tags moves the ticket in and out of the filters; clearing leaves an empty list.
  auto changed = patch("/api/v1/tickets/" + both, json::object{{"tags", json::array{"X" + renewal}}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(listed("filter[tags][eq]=" + tag, all), Names{only_vip});
  EXPECT_EQ(listed("filter[tags][eq]=x" + renewal, all), Names{both});
  auto cleared = patch("/api/v1/tickets/" + both, json::object{{"tags", nullptr}});
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_EQ(cleared.json().at("tags"), json::array{});
  EXPECT_EQ(listed("filter[tags][in]=" + tag + ",x" + renewal, all), Names{only_vip});
  // The history shows the change like any field's.
  bool seen = false;
  for (const auto& e : data_of(get("/api/v1/tickets/" + both + "/history")))
    for (const auto& c : e.at("changes").as_array()) seen |= text(c, "field") == "tags";
  EXPECT_TRUE(seen);
  // A ticket in the recycle bin leaves the filter; restored, it is back.
  ASSERT_EQ(del("/api/v1/tickets/" + only_vip).status, 204);
  EXPECT_EQ(listed("filter[tags][eq]=" + tag, all), Names{});
  ASSERT_EQ(post("/api/v1/tickets/" + only_vip + "/restore", json::object{}).status, 200);
  EXPECT_EQ(listed("filter[tags][eq]=" + tag, all), Names{only_vip});
}

TEST_F(SupportTags, BadTagsAndBadFiltersAreRefused) {
  json::array many;
  for (int i = 0; i < 51; ++i) {
    std::string t = "tag-";
    t += std::to_string(i);
    many.push_back(json::value(t));
  }
  for (const json::value& bad : {json::value(many), json::value(json::array{""}), json::value(json::array{std::string(65, 'x')}),
                                 json::value("vip"), json::value(json::array{1})}) {
    auto r = post("/api/v1/tickets", json::object{{"subject", "Badly tagged"}, {"tags", bad}});
    EXPECT_EQ(r.status, 422) << json::serialize(bad) << ": " << r.body;
    EXPECT_EQ(error_fields(r), Names{"tags"});
  }
  for (const char* q : {"filter[tags][ne]=a", "filter[tags][in]=a,,b", "filter[tags][is_null]=true", "sort=tags",
                        "filter[subject][all]=a"})
    EXPECT_EQ(get(std::string("/api/v1/tickets?") + q).status, 400) << q;
}

TEST_F(SupportTags, ExportedAsOneCell) {
  const std::string tag = unique_name("export");
  create("tickets", json::object{{"subject", "Exported"}, {"tags", json::array{json::value(tag), "second"}}});
  auto csv = get("/api/v1/tickets/export?format=csv&filter[tags][eq]=" + tag);
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_NE(csv.body.find(tag + "; second"), std::string::npos) << csv.body;
}

// Two workspaces with tickets of the same tag: each workspace's filter finds its own only.
TEST_F(Tenancy, TagFiltersStayInTheirWorkspace) {
  const std::string tag = unique_name("shared-tag");
  const json::value body = json::object{{"subject", "Tagged"}, {"tags", json::array{json::value(tag)}}};
  const std::string a = create_a("/api/v1/tickets", body);
  const std::string b = create_b("/api/v1/tickets", body);
  for (const auto& [who, id] : {std::pair{'a', a}, std::pair{'b', b}}) {
    for (const std::string op : {"eq", "in", "all"}) {
      const std::string q = "/api/v1/tickets?filter[tags][" + op + "]=" + tag;
      auto r = who == 'a' ? as_a("GET", q) : as_b("GET", q);
      ASSERT_EQ(r.status, 200) << r.body;
      ASSERT_EQ(data_of(r).size(), 1u) << who << " " << op << ": " << r.body;
      EXPECT_EQ(text(data_of(r)[0], "id"), id);
    }
  }
}

}  // namespace
}  // namespace rapport::testing
