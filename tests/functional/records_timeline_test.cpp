// Timelines of contacts and companies (newest first, paged across ties, without deleted activities)
// and the links of activities to contacts and companies.
#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "records_fixture.hpp"

namespace rapport::testing {
namespace json = boost::json;

class Timeline : public RecordsBase {};

// ---------------------------------------------------------------------------------------------
// Timelines and activity links
// ---------------------------------------------------------------------------------------------

TEST_F(Timeline, ContactTimelineIsNewestFirst) {
  std::string cid = contact({{"last_name", unique("Time")}});
  std::string other = contact({{"last_name", unique("Other")}});
  std::string t2 = note({{"contact_id", cid}}, "second", "2030-02-01T10:00:00Z");
  std::string t1 = note({{"contact_id", cid}}, "first", "2030-01-01T10:00:00Z");
  std::string t3 = note({{"contact_id", cid}}, "third", "2030-03-01T10:00:00+02:00");
  note({{"contact_id", other}}, "someone else's", "2030-02-15T10:00:00Z");
  auto r = get(url("contacts", cid, "timeline"));
  ASSERT_EQ(r.status, 200) << r.body;
  auto data = page_data(r.json());
  EXPECT_EQ(ids_of(data), (std::vector<std::string>{t3, t2, t1}));
  EXPECT_TRUE(member(r.json(), "next_cursor").is_null());
  ASSERT_EQ(data.size(), 3u);
  EXPECT_EQ(str(data[0], "occurred_at"), "2030-03-01T08:00:00.000Z");
  EXPECT_EQ(member(data[0], "contact_ids"), json::value(json::array{json::value(cid)}));
}

TEST_F(Timeline, CompanyTimelineMergesItsContacts) {
  std::string co = company();
  std::string other_co = company();
  std::string member_contact = contact({{"last_name", unique("Member")}, {"company_id", co}});
  std::string outsider = contact({{"last_name", unique("Outsider")}, {"company_id", other_co}});
  std::string a_company = note({{"company_id", co}}, "company only", "2030-01-01T00:00:00Z");
  std::string a_contact = note({{"contact_id", member_contact}}, "contact only", "2030-01-02T00:00:00Z");
  std::string a_both = note({{"contact_id", member_contact}, {"company_id", co}}, "both", "2030-01-03T00:00:00Z");
  std::string a_both_list = note({{"contact_ids", json::array{json::value(member_contact), json::value(outsider)}},
                                  {"company_ids", json::array{json::value(co), json::value(other_co)}}},
                                 "both lists", "2030-01-04T00:00:00Z");
  note({{"contact_id", outsider}}, "outsider", "2030-01-05T00:00:00Z");
  note({{"company_id", other_co}}, "other company", "2030-01-06T00:00:00Z");

  auto r = get(url("companies", co, "timeline"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(ids_of(page_data(r.json())), (std::vector<std::string>{a_both_list, a_both, a_contact, a_company}));
  // The same, a page at a time.
  auto paged = page_all(url("companies", co, "timeline"), {}, 1);
  EXPECT_EQ(ids_of(paged.records), (std::vector<std::string>{a_both_list, a_both, a_contact, a_company}));
  EXPECT_EQ(paged.sizes, (std::vector<std::size_t>{1, 1, 1, 1}));
  // The contact's own timeline has what is linked to the contact only.
  EXPECT_EQ(ids_of(page_data(get(url("contacts", member_contact, "timeline")).json())),
            (std::vector<std::string>{a_both_list, a_both, a_contact}));
}

TEST_F(Timeline, DeletedActivitiesDisappear) {
  std::string co = company();
  std::string cid = contact({{"last_name", unique("Del")}, {"company_id", co}});
  std::string keep = note({{"contact_id", cid}}, "keep", "2030-01-01T00:00:00Z");
  std::string gone = note({{"contact_id", cid}, {"company_id", co}}, "gone", "2030-01-02T00:00:00Z");
  ASSERT_EQ(del(url("activities", gone)).status, 204);
  EXPECT_EQ(ids_of(page_data(get(url("contacts", cid, "timeline")).json())), std::vector<std::string>{keep});
  EXPECT_EQ(ids_of(page_data(get(url("companies", co, "timeline")).json())), std::vector<std::string>{keep});
  ASSERT_EQ(post(url("activities", gone, "restore"), json::object{}).status, 200);
  EXPECT_EQ(ids_of(page_data(get(url("contacts", cid, "timeline")).json())), (std::vector<std::string>{gone, keep}));
  EXPECT_EQ(ids_of(page_data(get(url("companies", co, "timeline")).json())), (std::vector<std::string>{gone, keep}));
}

TEST_F(Timeline, PagesWithLimitAndCursorAcrossTies) {
  std::string co = company();
  std::string cid = contact({{"last_name", unique("Ties")}, {"company_id", co}});
  // Five activities at the same moment among others: the id breaks the tie.
  for (int i = 0; i < 5; ++i) note({{"contact_id", cid}}, numbered("tie ", i), "2030-06-01T12:00:00Z");
  note({{"contact_id", cid}}, "late", "2030-07-01T12:00:00Z");
  note({{"company_id", co}}, "early", "2030-05-01T12:00:00Z");
  note({{"contact_id", cid}, {"company_id", co}}, "tie both", "2030-06-01T12:00:00Z");

  for (const auto& path : {url("contacts", cid, "timeline"), url("companies", co, "timeline")}) {
    auto whole = page_all(path, {}, 500);
    std::size_t n = path.find("companies") != std::string::npos ? 8u : 7u;
    ASSERT_EQ(whole.records.size(), n) << path;
    auto want = expected_order(whole.records, "occurred_at", true);
    EXPECT_EQ(ids_of(whole.records), want) << path << " is not ordered by occurred_at, id descending";
    for (int limit : {1, 2, 3}) {
      auto paged = page_all(path, {}, limit);
      EXPECT_TRUE(paged.complete);
      EXPECT_EQ(ids_of(paged.records), want) << path << " limit=" << limit;
    }
  }
  auto first = get(with_query(url("contacts", cid, "timeline"), {{"limit", "2"}}));
  EXPECT_EQ(page_data(first.json()).size(), 2u);
  EXPECT_FALSE(next_cursor(first.json()).empty());
}

TEST_F(Timeline, ChangingWhenAnActivityHappenedReordersTheTimeline) {
  std::string co = company();
  std::string cid = contact({{"last_name", unique("Move")}, {"company_id", co}});
  std::string a = note({{"contact_id", cid}}, "a", "2030-01-01T00:00:00Z");
  std::string b = note({{"contact_id", cid}}, "b", "2030-01-02T00:00:00Z");
  std::string c = note({{"company_id", co}}, "c", "2030-01-03T00:00:00Z");
  EXPECT_EQ(ids_of(page_data(get(url("companies", co, "timeline")).json())), (std::vector<std::string>{c, b, a}));
  ASSERT_EQ(patch(url("activities", a), json::object{{"occurred_at", "2030-02-01T00:00:00Z"}}).status, 200);
  EXPECT_EQ(ids_of(page_data(get(url("contacts", cid, "timeline")).json())), (std::vector<std::string>{a, b}));
  EXPECT_EQ(ids_of(page_data(get(url("companies", co, "timeline")).json())), (std::vector<std::string>{a, c, b}));
  auto paged = page_all(url("companies", co, "timeline"), {}, 1);
  EXPECT_EQ(ids_of(paged.records), (std::vector<std::string>{a, c, b}));
}

TEST_F(Timeline, ErrorsAndUnknownIds) {
  const std::string nobody = "00000000-0000-7000-8000-000000000000";
  expect_problem(get(url("contacts", nobody, "timeline")), 404, "timeline of an unknown contact");
  expect_problem(get(url("companies", nobody, "timeline")), 404, "timeline of an unknown company");
  expect_problem(get(url("contacts", "not-a-uuid", "timeline")), 404, "timeline of a malformed id");
  std::string cid = contact({{"last_name", unique("Gone")}});
  ASSERT_EQ(del(url("contacts", cid)).status, 204);
  expect_problem(get(url("contacts", cid, "timeline")), 404, "timeline of a deleted contact");
  std::string live = contact({{"last_name", unique("Live")}});
  expect_problem(get(with_query(url("contacts", live, "timeline"), {{"limit", "0"}})), 400, "timeline limit=0");
  expect_problem(get(with_query(url("contacts", live, "timeline"), {{"limit", "501"}})), 400, "timeline limit=501");
  expect_problem(get(with_query(url("contacts", live, "timeline"), {{"cursor", "garbage"}})), 400, "timeline garbage cursor");
  expect_problem(get(with_query(url("contacts", live, "timeline"), {{"sort", "occurred_at"}})), 400, "timeline sort");
  // A list cursor is not a timeline cursor.
  std::string m = unique("tlc");
  marked_contact(m);
  marked_contact(m);
  auto page = list("contacts", {{filter("lead_source", "eq"), m}, {"limit", "1"}});
  std::string foreign = next_cursor(page.json());
  ASSERT_FALSE(foreign.empty());
  expect_problem(get(with_query(url("contacts", live, "timeline"), {{"cursor", foreign}})), 400, "list cursor on a timeline");
}

TEST_F(Timeline, ActivityLinksAreAcceptedAndReported) {
  std::string c1 = contact({{"last_name", unique("L1")}});
  std::string c2 = contact({{"last_name", unique("L2")}});
  std::string co1 = company();
  std::string co2 = company();
  auto as_array = [](std::vector<std::string> ids) {
    std::sort(ids.begin(), ids.end());
    json::array a;
    for (auto& id : ids) a.push_back(json::value(id));
    return json::value(a);
  };

  auto one = post(url("activities"), json::object{{"type", "note"}, {"body", "x"}, {"contact_id", c1}});
  ASSERT_EQ(one.status, 201) << one.body;
  EXPECT_EQ(member(one.json(), "contact_ids"), as_array({c1}));
  EXPECT_EQ(member(one.json(), "company_ids"), as_array({}));

  auto comp = post(url("activities"), json::object{{"type", "note"}, {"body", "x"}, {"company_id", co1}});
  ASSERT_EQ(comp.status, 201) << comp.body;
  EXPECT_EQ(member(comp.json(), "contact_ids"), as_array({}));
  EXPECT_EQ(member(comp.json(), "company_ids"), as_array({co1}));

  auto many = post(url("activities"), json::object{{"type", "note"},
                                                   {"body", "x"},
                                                   {"contact_ids", json::array{json::value(c1), json::value(c2), json::value(c1)}},
                                                   {"company_ids", json::array{json::value(co1), json::value(co2)}}});
  ASSERT_EQ(many.status, 201) << many.body;
  std::string many_id = str(many.json(), "id");
  EXPECT_EQ(member(many.json(), "contact_ids"), as_array({c1, c2}));
  EXPECT_EQ(member(many.json(), "company_ids"), as_array({co1, co2}));
  auto read_back = read("activities", many_id);
  EXPECT_EQ(read_back.at("contact_ids"), as_array({c1, c2}));
  EXPECT_EQ(read_back.at("company_ids"), as_array({co1, co2}));
  // The list decorates too.
  auto listed = page_data(list("activities", {{filter("id", "eq"), many_id}}).json());
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(member(listed[0], "contact_ids"), as_array({c1, c2}));
  for (const auto& cid : {c1, c2}) {
    auto tl = ids_of(page_data(get(url("contacts", cid, "timeline")).json()));
    EXPECT_EQ(std::count(tl.begin(), tl.end(), many_id), 1) << "timeline of " << cid;
  }
  auto tl2 = ids_of(page_data(get(url("contacts", c2, "timeline")).json()));
  EXPECT_EQ(tl2, std::vector<std::string>{many_id});

  // Replacing the contact links moves the activity between timelines.
  auto moved = patch(url("activities", many_id), json::object{{"contact_ids", json::array{json::value(c1)}}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(member(moved.json(), "contact_ids"), as_array({c1}));
  EXPECT_EQ(member(moved.json(), "company_ids"), as_array({co1, co2}));
  EXPECT_TRUE(page_data(get(url("contacts", c2, "timeline")).json()).empty());
}

TEST_F(Timeline, AnActivityCannotLoseItsLastLink) {
  std::string cid = contact({{"last_name", unique("Last")}});
  std::string co = company();
  // Linked to a contact only: removing the contact links would leave it linked to nothing.
  for (const auto& body : {json::object{{"contact_ids", json::array{}}}, json::object{{"contact_id", nullptr}}}) {
    const std::string what = "removing the last link with " + json::serialize(body);
    std::string only = note({{"contact_id", cid}}, "only a contact");
    auto r = patch(url("activities", only), body);
    expect_problem(r, 422, what);
    EXPECT_TRUE(names_field(r, "contact_id") || names_field(r, "contact_ids")) << what << ": " << r.body;
    auto rec = read("activities", only);
    EXPECT_EQ(rec.at("contact_ids"), json::value(json::array{json::value(cid)})) << what << ": the link is gone";
    EXPECT_EQ(rec.at("version"), json::value(1)) << what;
    auto tl = ids_of(page_data(get(url("contacts", cid, "timeline")).json()));
    EXPECT_EQ(std::count(tl.begin(), tl.end(), only), 1) << what << ": the activity left the contact's timeline";
    ASSERT_EQ(del(url("activities", only)).status, 204);
  }
  // Linked to a contact and a company: dropping the contact keeps the company link.
  std::string both = note({{"contact_id", cid}, {"company_id", co}}, "both");
  auto r = patch(url("activities", both), json::object{{"contact_ids", json::array{}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(member(r.json(), "contact_ids"), json::value(json::array{}));
  EXPECT_EQ(member(r.json(), "company_ids"), json::value(json::array{json::value(co)}));
  EXPECT_EQ(ids_of(page_data(get(url("companies", co, "timeline")).json())), std::vector<std::string>{both});
}

TEST_F(Timeline, PatchWithTheSameLinksChangesNothing) {
  std::string cid = contact({{"last_name", unique("Same")}});
  std::string act = note({{"contact_id", cid}}, "same links");
  auto r = patch(url("activities", act), json::object{{"contact_ids", json::array{json::value(cid)}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("etag"), "\"1\"") << "a PATCH that changes nothing bumped the version";
  EXPECT_EQ(page_data(get(url("activities", act, "history")).json()).size(), 1u)
      << "a PATCH that changes nothing wrote history";
}

TEST_F(Timeline, LinksToMissingRecordsAreRefused) {
  const std::string nobody = "00000000-0000-7000-8000-000000000000";
  auto names_contact = [](const HttpResponse& r) { return names_field(r, "contact_ids") || names_field(r, "contact_id"); };
  auto r1 = post(url("activities"), json::object{{"type", "note"}, {"body", "x"}, {"contact_id", nobody}});
  expect_problem(r1, 422, "contact_id of nobody");
  EXPECT_TRUE(names_contact(r1)) << r1.body;
  auto r2 = post(url("activities"), json::object{{"type", "note"}, {"body", "x"}, {"contact_ids", json::array{json::value(nobody)}}});
  expect_problem(r2, 422, "contact_ids of nobody");
  EXPECT_TRUE(names_field(r2, "contact_ids")) << r2.body;
  auto r3 = post(url("activities"), json::object{{"type", "note"}, {"body", "x"}, {"company_id", nobody}});
  expect_problem(r3, 422, "company_id of nobody");
  EXPECT_TRUE(names_field(r3, "company_ids") || names_field(r3, "company_id")) << r3.body;
  auto r4 = post(url("activities"), json::object{{"type", "note"}, {"body", "x"}, {"contact_id", "not-a-uuid"}});
  expect_problem(r4, 422, "contact_id not a uuid");
  EXPECT_TRUE(names_contact(r4)) << r4.body;
  auto r5 = post(url("activities"), json::object{{"type", "note"}, {"body", "x"}});
  expect_problem(r5, 422, "no link at all");
  EXPECT_TRUE(names_contact(r5)) << r5.body;
  // A deleted contact cannot be linked either.
  std::string gone = contact({{"last_name", unique("Gone")}});
  ASSERT_EQ(del(url("contacts", gone)).status, 204);
  auto r6 = post(url("activities"), json::object{{"type", "note"}, {"body", "x"}, {"contact_id", gone}});
  expect_problem(r6, 422, "contact_id of a deleted contact");
  EXPECT_TRUE(names_contact(r6)) << r6.body;
  // A good link next to a bad one refuses the whole activity.
  std::string live = contact({{"last_name", unique("Live")}});
  auto r7 = post(url("activities"), json::object{{"type", "note"}, {"body", "x"},
                                                 {"contact_ids", json::array{json::value(live), json::value(nobody)}}});
  expect_problem(r7, 422, "one good and one missing contact");
  EXPECT_TRUE(page_data(get(url("contacts", live, "timeline")).json()).empty());
}

}  // namespace rapport::testing
