// Activities linked to leads and deals, and the timelines of leads and deals (newest first, paged
// with a cursor, like a contact's).
#include "sales_helpers.hpp"

namespace rapport::testing {
namespace {

using Names = std::vector<std::string>;

class SalesTimeline : public Sales {
 protected:
  std::string activity(json::object links, const std::string& subject, const std::string& occurred_at) {
    links["type"] = "call";
    links["subject"] = subject;
    links["occurred_at"] = occurred_at;
    return create("activities", links);
  }
  // Every id of a timeline, a page of `limit` at a time, and the size of each page.
  std::pair<Names, std::vector<std::size_t>> walk(const std::string& path, int limit) {
    Names ids;
    std::vector<std::size_t> sizes;
    std::string cursor;
    for (int guard = 0; guard < 20; ++guard) {
      std::string target = path + "?limit=" + std::to_string(limit);
      if (!cursor.empty()) target += "&cursor=" + cursor;
      auto r = get(target);
      EXPECT_EQ(r.status, 200) << target << ": " << r.body;
      const json::value page = r.json();
      if (!page.is_object()) break;
      sizes.push_back(page.at("data").as_array().size());
      for (const auto& a : page.at("data").as_array()) ids.push_back(text(a, "id"));
      if (page.at("next_cursor").is_null()) break;
      cursor = std::string(page.at("next_cursor").as_string());
    }
    return {ids, sizes};
  }
};

TEST_F(SalesTimeline, ActivitiesLinkToLeadsAndDeals) {
  auto p = make_pipeline(unique_name("Links "));
  std::string deal = make_deal(p, "Linked deal");
  std::string lead = create("leads", json::object{{"last_name", unique_name("Linked ")}});
  // A lead or a deal alone is enough of a link.
  std::string on_lead = activity({{"lead_id", lead}}, "lead call", "2031-01-01T10:00:00Z");
  std::string on_deal = activity({{"deal_ids", json::array{json::value(deal)}}}, "deal call", "2031-01-02T10:00:00Z");
  const json::value a = get("/api/v1/activities/" + on_lead).json();
  EXPECT_EQ(a.at("lead_ids"), (json::value(json::array{json::value(lead)})));
  EXPECT_TRUE(a.at("deal_ids").as_array().empty());
  EXPECT_TRUE(a.at("contact_ids").as_array().empty());
  EXPECT_EQ(get("/api/v1/activities/" + on_deal).json().at("deal_ids"), (json::value(json::array{json::value(deal)})));
  // Unknown and malformed targets are refused; so is unlinking the last link.
  json::value unknown = json::object{{"type", "note"}, {"subject", "x"}, {"deal_id", "01890a5d-ac96-774b-b9aa-000000000000"}};
  auto u = post("/api/v1/activities", unknown);
  EXPECT_EQ(u.status, 422) << u.body;
  EXPECT_EQ(error_fields(u), Names{"deal_ids"});
  json::value malformed = json::object{{"type", "note"}, {"subject", "x"}, {"lead_ids", "nope"}};
  auto m = post("/api/v1/activities", malformed);
  EXPECT_EQ(m.status, 422) << m.body;
  auto mf = error_fields(m);
  EXPECT_TRUE(!mf.empty() && mf.front() == "lead_ids") << m.body;
  json::value none = json::object{{"lead_ids", json::array{}}};
  auto n = patch("/api/v1/activities/" + on_lead, none);
  EXPECT_EQ(n.status, 422) << n.body;
  EXPECT_EQ(error_fields(n), Names{"lead_ids"});
  // Moved from the lead to the deal: both timelines follow, and the change is in its history.
  json::value moved = json::object{{"lead_ids", json::array{}}, {"deal_id", deal}};
  ASSERT_EQ(patch("/api/v1/activities/" + on_lead, moved).status, 200);
  auto [deal_ids, deal_sizes] = walk("/api/v1/deals/" + deal + "/timeline", 50);
  EXPECT_EQ(deal_ids, (Names{on_deal, on_lead}));
  EXPECT_TRUE(walk("/api/v1/leads/" + lead + "/timeline", 50).first.empty());
  auto history = data_of(get("/api/v1/activities/" + on_lead + "/history"));
  ASSERT_FALSE(history.empty());
  EXPECT_NE(json::serialize(history[0].at("changes")).find("deal_ids"), std::string::npos) << json::serialize(history[0]);
  // A deleted deal has no timeline; nor has an unknown lead.
  ASSERT_EQ(del("/api/v1/deals/" + deal).status, 204);
  EXPECT_EQ(get("/api/v1/deals/" + deal + "/timeline").status, 404);
  EXPECT_EQ(get("/api/v1/leads/01890a5d-ac96-774b-b9aa-000000000000/timeline").status, 404);
}

TEST_F(SalesTimeline, DealAndLeadTimelinesPageNewestFirst) {
  auto p = make_pipeline(unique_name("Pages "));
  std::string deal = make_deal(p, "Paged deal");
  std::string other_deal = make_deal(p, "Other deal");
  std::string lead = create("leads", json::object{{"last_name", unique_name("Paged ")}});
  std::string contact = create("contacts", json::object{{"last_name", unique_name("Paged ")}});
  Names expected_deal, expected_lead;
  for (int i = 0; i < 5; ++i) {
    std::string day = "2032-01-0";
    day += std::to_string(i + 1);
    day += "T09:00:00Z";
    std::string subject = "step ";
    subject += std::to_string(i);
    expected_deal.insert(expected_deal.begin(), activity({{"deal_id", deal}, {"contact_id", contact}}, subject, day));
    expected_lead.insert(expected_lead.begin(), activity({{"lead_id", lead}}, subject, day));
  }
  // Two at the same time: the id breaks the tie, across pages.
  std::string tie_a = activity({{"deal_id", deal}, {"lead_id", lead}}, "tie a", "2032-02-01T09:00:00Z");
  std::string tie_b = activity({{"deal_id", deal}, {"lead_id", lead}}, "tie b", "2032-02-01T09:00:00Z");
  std::string first = std::max(tie_a, tie_b), second = std::min(tie_a, tie_b);
  for (auto* list : {&expected_deal, &expected_lead}) list->insert(list->begin(), {first, second});
  activity({{"deal_id", other_deal}}, "elsewhere", "2032-01-03T09:00:00Z");

  auto deal_pages = walk("/api/v1/deals/" + deal + "/timeline", 2);
  EXPECT_EQ(deal_pages.first, expected_deal);
  EXPECT_EQ(deal_pages.second, (std::vector<std::size_t>{2, 2, 2, 1}));
  auto lead_pages = walk("/api/v1/leads/" + lead + "/timeline", 3);
  EXPECT_EQ(lead_pages.first, expected_lead);
  EXPECT_EQ(lead_pages.second, (std::vector<std::size_t>{3, 3, 1}));
  // The contact's timeline has its own share; a deleted activity leaves every timeline.
  EXPECT_EQ(walk("/api/v1/contacts/" + contact + "/timeline", 50).first.size(), 5u);
  ASSERT_EQ(del("/api/v1/activities/" + first).status, 204);
  EXPECT_EQ(walk("/api/v1/deals/" + deal + "/timeline", 50).first.size(), 6u);
  EXPECT_EQ(walk("/api/v1/leads/" + lead + "/timeline", 50).first.size(), 6u);
  // A cursor of another listing and unknown parameters are refused.
  EXPECT_EQ(get("/api/v1/deals/" + deal + "/timeline?cursor=abc").status, 400);
  EXPECT_EQ(get("/api/v1/deals/" + deal + "/timeline?sort=name").status, 400);
}

}  // namespace
}  // namespace rapport::testing
