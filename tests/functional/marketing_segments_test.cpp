// Segments: each condition kind (contact fields, custom fields, the company's fields, groups and
// related facts) selects exactly the contacts it should, paged and counted as the contacts list is;
// a bad condition is a 422 naming its path with nothing stored; preview; who may do what. Run on
// both engines (RAPPORT_TEST_BACKEND=postgres): the expected members are the same on each.
#include <set>

#include "privacy_helpers.hpp"
#include "platform/clock.hpp"

namespace rapport::testing {
namespace json = boost::json;

class MarketingSegments : public RecordsBase {
 protected:
  // Three contacts marked `marker_` with what each condition tells apart (see the test).
  struct People {
    std::string de_scored, at_low, de_plain;
    std::string pipeline, open_stage, won_stage;
    std::string score;  // the custom field's name
  };

  static std::string days_ago(int days) { return clock::format_ms(clock::now_ms() - int64_t{days} * 86'400'000); }

  People seed() {
    People p;
    marker_ = unique("seg");
    p.score = "score_" + marker_;  // a custom field's name: [a-z][a-z0-9_]*
    for (char& ch : p.score) ch = ch == '-' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    json::value field = json::object{{"object_type", "contacts"}, {"name", p.score}, {"label", "Score " + marker_}, {"type", "number"}};
    auto f = post("/api/v1/custom-fields", field);
    EXPECT_EQ(f.status, 201) << f.body;
    const std::string german = company({{"name", unique("Gmbh")}, {"country", "DE"}});
    const std::string french = company({{"name", unique("Sarl")}, {"country", "FR"}});
    p.de_scored = marked_contact(marker_, {{"last_name", "Alpha"}, {"country", "DE"}, {"company_id", german},
                                           {"custom", json::object{{p.score, 70}}}});
    p.at_low = marked_contact(marker_, {{"last_name", "Beta"}, {"country", "AT"}, {"company_id", french},
                                        {"custom", json::object{{p.score, 40}}}});
    p.de_plain = marked_contact(marker_, {{"last_name", "Gamma"}, {"country", "DE"}});
    json::value pipeline = json::object{{"name", unique("Pipe")}, {"stages", json::array{json::object{{"name", "Open"}, {"type", "open"}},
                                                                                        json::object{{"name", "Won"}, {"type", "won"}}}}};
    auto pr = post("/api/v1/pipelines", pipeline);
    EXPECT_EQ(pr.status, 201) << pr.body;
    p.pipeline = str(pr.json(), "id");
    p.open_stage = str(pr.json().at("stages").as_array()[0], "id");
    p.won_stage = str(pr.json().at("stages").as_array()[1], "id");
    // An open deal with the first contact; a won (closed) one with the second.
    create("deals", json::object{{"name", unique("Open deal")}, {"pipeline_id", p.pipeline}, {"stage_id", p.open_stage},
                                 {"contacts", json::array{json::object{{"contact_id", p.de_scored}}}}});
    create("deals", json::object{{"name", unique("Won deal")}, {"pipeline_id", p.pipeline}, {"stage_id", p.won_stage},
                                 {"expected_close_date", "2026-01-01"}, {"contacts", json::array{json::object{{"contact_id", p.at_low}}}}});
    note({{"contact_id", p.de_scored}}, "Recent call", days_ago(5));
    note({{"contact_id", p.at_low}}, "Older call", days_ago(40));
    consent(p.de_scored, "granted");
    consent(p.at_low, "granted");
    consent(p.at_low, "withdrawn");  // the newest counts
    return p;
  }

  void consent(const std::string& contact, const char* status) {
    json::value body = json::object{{"channel", "email_marketing"}, {"status", status}, {"source", "api"}};
    EXPECT_EQ(post(url("contacts", contact, "consents"), body).status, 201);
  }

  // The filter, limited to this test's contacts.
  json::object mine(json::object filter) const {
    filter["lead_source"] = json::object{{"eq", marker_}};
    return filter;
  }

  HttpResponse save(json::object filter) {
    json::value body = json::object{{"name", unique("Segment")}, {"filter", mine(std::move(filter))}};
    return post("/api/v1/segments", body);
  }

  // Every member, walked a page of 1 at a time, and the count the first page gives.
  std::set<std::string> members(const std::string& segment) {
    auto counted = get(url("segments", segment, "members") + "?count=true");
    EXPECT_EQ(counted.status, 200) << counted.body;
    auto paged = page_all(url("segments", segment, "members"), {}, 1, 20);
    EXPECT_TRUE(paged.complete);
    std::set<std::string> out;
    for (const auto& r : paged.records) out.insert(str(r, "id"));
    EXPECT_EQ(out.size(), paged.records.size()) << "a page repeated a member";
    if (counted.status == 200) {
      EXPECT_EQ(counted.json().at("total").as_int64(), static_cast<int64_t>(out.size()));
    }
    return out;
  }

  std::set<std::string> members_of(json::object filter) {
    auto made = save(std::move(filter));
    EXPECT_EQ(made.status, 201) << made.body;
    return made.status == 201 ? members(str(made.json(), "id")) : std::set<std::string>{};
  }

  // The paths of a 422's field errors.
  static std::set<std::string> error_paths(const HttpResponse& r) {
    std::set<std::string> out;
    if (r.status != 422) return out;
    const json::value answer = r.json();  // kept: a range-for would not extend a temporary's life
    for (const auto& e : answer.at("errors").as_array()) out.insert(str(e, "field"));
    return out;
  }

  std::string marker_;
};

using Ids = std::set<std::string>;

TEST_F(MarketingSegments, EachConditionKindSelectsItsContacts) {
  const People p = seed();
  const std::string& a = p.de_scored;
  const std::string& b = p.at_low;
  const std::string& c = p.de_plain;
  const std::string score = "custom." + p.score;
  // Contact fields, custom fields, several operators on one field.
  EXPECT_EQ(members_of({{"country", json::object{{"eq", "DE"}}}}), (Ids{a, c}));
  EXPECT_EQ(members_of({{"country", json::object{{"in", json::array{"de", "AT"}}}}}), (Ids{a, b, c}));
  EXPECT_EQ(members_of({{score, json::object{{"gte", 50}}}}), (Ids{a}));
  EXPECT_EQ(members_of({{score, json::object{{"gte", 30}, {"lt", 50}}}}), (Ids{b}));
  EXPECT_EQ(members_of({{score, json::object{{"is_null", true}}}}), (Ids{c}));
  EXPECT_EQ(members_of({{"last_name", json::object{{"starts_with", "al"}}}}), (Ids{a}));
  EXPECT_EQ(members_of({{"last_name", json::object{{"ne", "Alpha"}}}}), (Ids{b, c}));
  // The company's fields.
  EXPECT_EQ(members_of({{"company.country", json::object{{"eq", "DE"}}}}), (Ids{a}));
  EXPECT_EQ(members_of({{"company.country", json::object{{"ne", "DE"}}}}), (Ids{b}));
  // Groups: any, all, not (a contact without a country is kept by not, as ne keeps it).
  EXPECT_EQ(members_of({{"any", json::array{json::object{{"country", json::object{{"eq", "AT"}}}},
                                             json::object{{score, json::object{{"gt", 60}}}}}}}),
            (Ids{a, b}));
  EXPECT_EQ(members_of({{"all", json::array{json::object{{"country", json::object{{"eq", "DE"}}}},
                                             json::object{{"not", json::object{{score, json::object{{"gt", 60}}}}}}}}}),
            (Ids{c}));
  EXPECT_EQ(members_of({{"not", json::object{{"country", json::object{{"eq", "DE"}}}}}}), (Ids{b}));
  // Related facts: open deals (a won deal is closed), recent activities, consent states.
  EXPECT_EQ(members_of({{"has_open_deal", true}}), (Ids{a}));
  EXPECT_EQ(members_of({{"has_open_deal", false}}), (Ids{b, c}));
  EXPECT_EQ(members_of({{"has_open_deal", json::object{{"pipeline_id", p.pipeline}, {"stage_id", p.open_stage}}}}), (Ids{a}));
  EXPECT_EQ(members_of({{"has_open_deal", json::object{{"stage_id", p.won_stage}}}}), (Ids{}));
  EXPECT_EQ(members_of({{"activity_within_days", 10}}), (Ids{a}));
  EXPECT_EQ(members_of({{"activity_within_days", 60}}), (Ids{a, b}));
  EXPECT_EQ(members_of({{"consent", json::object{{"channel", "email_marketing"}, {"state", "granted"}}}}), (Ids{a}));
  EXPECT_EQ(members_of({{"consent", json::object{{"channel", "email_marketing"}, {"state", "withdrawn"}}}}), (Ids{b}));
  EXPECT_EQ(members_of({{"consent", json::object{{"channel", "email_marketing"}, {"state", "none"}}}}), (Ids{c}));
  EXPECT_EQ(members_of({{"consent", json::object{{"channel", "sms"}, {"state", "none"}}}}), (Ids{a, b, c}));
  // Everything at once.
  EXPECT_EQ(members_of({{"company.country", json::object{{"eq", "DE"}}}, {"has_open_deal", true}, {"activity_within_days", 30},
                        {"consent", json::object{{"channel", "email_marketing"}, {"state", "granted"}}}, {score, json::object{{"gte", 70}}}}),
            (Ids{a}));

  // Members follow the data: a deleted contact is no member any more.
  auto seg = save({{"country", json::object{{"eq", "DE"}}}});
  ASSERT_EQ(seg.status, 201) << seg.body;
  ASSERT_EQ(del(url("contacts", c)).status, 204);
  EXPECT_EQ(members(str(seg.json(), "id")), (Ids{a}));
}

TEST_F(MarketingSegments, ABadConditionIsA422NamingItsPathAndNothingIsStored) {
  const People p = seed();
  const auto before = get("/api/v1/segments").json().at("data").as_array().size();
  auto expect_paths = [&](json::object filter, Ids paths) {
    json::value body = json::object{{"name", unique("Bad")}, {"filter", filter}};
    auto r = post("/api/v1/segments", body);
    EXPECT_EQ(r.status, 422) << json::serialize(filter) << ": " << r.body;
    EXPECT_EQ(error_paths(r), paths) << r.body;
    json::value preview = json::object{{"filter", filter}};
    EXPECT_EQ(error_paths(post("/api/v1/segments/preview", preview)), paths);
  };
  expect_paths({{"nickname", json::object{{"eq", "x"}}}}, {"filter.nickname.eq"});
  expect_paths({{"country", json::object{{"like", "x"}}}}, {"filter.country.like"});
  expect_paths({{"country", json::object{{"eq", json::array{"DE"}}}}}, {"filter.country.eq"});
  expect_paths({{"country", "DE"}}, {"filter.country"});
  expect_paths({{"custom." + p.score, json::object{{"gte", "many"}}}}, {"filter.custom." + p.score + ".gte"});
  expect_paths({{"company.nope", json::object{{"eq", 1}}}}, {"filter.company.nope.eq"});
  expect_paths({{"any", json::array{json::object{{"country", json::object{{"eq", "DE"}}}}, json::object{{"x", json::object{{"eq", 1}}}}}}},
               {"filter.any.1.x.eq"});
  expect_paths({{"any", json::array{}}}, {"filter.any"});
  expect_paths({{"not", json::object{}}}, {"filter.not"});
  expect_paths({{"has_open_deal", "yes"}}, {"filter.has_open_deal"});
  expect_paths({{"has_open_deal", json::object{{"pipeline_id", "01900000-0000-7000-8000-0000000000aa"}}}}, {"filter.has_open_deal.pipeline_id"});
  expect_paths({{"activity_within_days", 0}}, {"filter.activity_within_days"});
  expect_paths({{"consent", json::object{{"channel", "fax"}, {"state", "maybe"}}}}, {"filter.consent.channel", "filter.consent.state"});
  // Depth: groups nested deeper than 4.
  json::object deep{{"country", json::object{{"eq", "DE"}}}};
  for (int i = 0; i < 5; ++i) deep = json::object{{"not", deep}};
  expect_paths(deep, {"filter.not.not.not.not.not"});
  // Size: more than 50 conditions.
  json::array many;
  for (int i = 0; i < 51; ++i) many.push_back(json::object{{"last_name", json::object{{"ne", "x"}}}});
  expect_paths({{"any", many}}, {"filter.any.50.last_name.ne"});
  // The body's shape.
  json::value no_name = json::object{{"filter", json::object{}}};
  EXPECT_EQ(error_paths(post("/api/v1/segments", no_name)), (Ids{"name"}));
  json::value other_object = json::object{{"name", unique("Deals")}, {"object", "deals"}};
  EXPECT_EQ(error_paths(post("/api/v1/segments", other_object)), (Ids{"object"}));
  EXPECT_EQ(get("/api/v1/segments").json().at("data").as_array().size(), before) << "a refused segment was stored";
}

TEST_F(MarketingSegments, CrudPreviewNamesAndVersions) {
  const People p = seed();
  json::value body = json::object{{"name", unique("Germans")}, {"filter", mine({{"country", json::object{{"eq", "DE"}}}})}};
  auto made = post("/api/v1/segments", body);
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string id = str(made.json(), "id");
  EXPECT_EQ(made.header("location"), url("segments", id));
  EXPECT_EQ(str(made.json(), "object"), "contacts");
  // The same name, in another case, is taken.
  json::value same = json::object{{"name", str(made.json(), "name")}};
  for (auto& ch : same.as_object()["name"].as_string()) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  auto taken = post("/api/v1/segments", same);
  EXPECT_EQ(taken.status, 409) << taken.body;
  // A stale version is refused; the right one changes the filter.
  json::value change = json::object{{"filter", mine({{"country", json::object{{"eq", "AT"}}}})}};
  EXPECT_EQ(patch(url("segments", id), change, {{"If-Match", "\"99\""}}).status, 412);
  auto changed = patch(url("segments", id), change, {{"If-Match", made.header("etag")}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json().at("version").as_int64(), 2);
  EXPECT_EQ(members(id), (Ids{p.at_low}));
  // The preview counts and shows the first page of an unsaved filter.
  json::value preview = json::object{{"filter", mine({{"country", json::object{{"eq", "DE"}}}})}, {"limit", 1}};
  auto shown = post("/api/v1/segments/preview", preview);
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(shown.json().at("total").as_int64(), 2);
  EXPECT_EQ(page_data(shown.json()).size(), 1u);
  EXPECT_FALSE(shown.json().at("next_cursor").is_null());
  // Audited, then gone.
  auto history = get("/api/v1/audit-events?object_type=segments&object_id=" + id);
  ASSERT_EQ(history.status, 200) << history.body;
  EXPECT_EQ(page_data(history.json()).size(), 2u) << history.body;
  EXPECT_EQ(del(url("segments", id)).status, 204);
  EXPECT_EQ(get(url("segments", id)).status, 404);
  EXPECT_EQ(get(url("segments", id, "members")).status, 404);
}

TEST_F(MarketingSegments, TheMarketingRoleBuildsSegmentsAndOthersReadThemInTheirScope) {
  const People p = seed();
  const std::string workspace = str(get("/api/v1/auth/me").json(), "workspace_id");
  const std::string marketer = member_token(http(), server().data_dir(), workspace, "marketing");
  const std::string agent = member_token(http(), server().data_dir(), workspace, "support_agent");
  const std::string rep = member_token(http(), server().data_dir(), workspace, "sales_rep");
  json::value body = json::object{{"name", unique("By marketing")}, {"filter", mine({{"has_open_deal", true}})}};
  auto made = http().call("POST", "/api/v1/segments", marketer, &body);
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string id = str(made.json(), "id");
  const std::string members_url = url("segments", id, "members") + "?count=true";
  // The marketer reads every contact; deal amounts stay out of reach (no deal is readable to them).
  auto theirs = http().call("GET", members_url, marketer);
  ASSERT_EQ(theirs.status, 200) << theirs.body;
  EXPECT_EQ(theirs.json().at("total").as_int64(), 1);
  auto deals = http().call("GET", "/api/v1/deals", marketer);
  EXPECT_EQ(deals.status, 200) << deals.body;
  EXPECT_TRUE(page_data(deals.json()).empty()) << deals.body;
  // A support agent reads segments and their members but changes none.
  EXPECT_EQ(http().call("GET", members_url, agent).status, 200);
  EXPECT_EQ(http().call("POST", "/api/v1/segments", agent, &body).status, 403);
  json::value preview = json::object{{"filter", json::object{}}};
  EXPECT_EQ(http().call("POST", "/api/v1/segments/preview", agent, &preview).status, 403);
  EXPECT_EQ(http().call("DELETE", url("segments", id), agent).status, 403);
  // A sales rep reads only their own contacts: the admin's are no members to them.
  auto reps = http().call("GET", members_url, rep);
  ASSERT_EQ(reps.status, 200) << reps.body;
  EXPECT_EQ(reps.json().at("total").as_int64(), 0);
  EXPECT_EQ(reps.body.find(p.de_scored), std::string::npos);
}

}  // namespace rapport::testing
