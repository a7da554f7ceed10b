// Merging duplicates over HTTP: the preview, the merge with every related row moved to the survivor,
// its history entries and event, the undo that puts everything back, and the refusals that change
// nothing. Runs on SQLite and (functional_postgres) on PostgreSQL.
#include <algorithm>

#include "records_fixture.hpp"
#include "tenancy_fixture.hpp"

namespace rapport::testing {
namespace json = boost::json;

namespace {

class DedupeMerge : public RecordsBase {
 protected:
  struct World {
    std::string a, b, company_a, company_b, note_a, note_b, shared_note, deal, deal_both, ticket, list, pipeline, stage;
  };

  // Two contacts that are the same person, each with related rows: notes (one on both), deals (one
  // with both), a ticket, a list both are on, consents.
  World seed() {
    World w;
    const std::string x = unique("m");
    w.company_a = company();
    w.company_b = company();
    w.a = contact(json::object{{"first_name", "Ada"}, {"last_name", "Merge" + x}, {"email", nullptr}, {"city", "London"},
                               {"company_id", w.company_a}});
    w.b = contact(json::object{{"first_name", "Augusta"}, {"last_name", "Merge" + x}, {"email", "ada." + x + "@example.org"},
                               {"city", "Paris"}, {"phone", "+44 20 7946 0" + std::to_string(100 + std::hash<std::string>{}(x) % 800)},
                               {"company_id", w.company_b}});
    w.note_a = note({{"contact_id", w.a}}, "note of A");
    w.note_b = note({{"contact_id", w.b}}, "note of B");
    w.shared_note = create("activities", json::object{{"type", "note"}, {"subject", "both"},
                                                      {"contact_ids", json::array{json::value(w.a), json::value(w.b)}}});
    auto pr = post("/api/v1/pipelines", json::object{{"name", unique("Merge pipeline")},
                                                     {"stages", json::array{json::object{{"name", "Open"}, {"type", "open"}}}}});
    EXPECT_EQ(pr.status, 201) << pr.body;
    w.pipeline = str(pr.json(), "id");
    w.stage = str(pr.json().at("stages").as_array()[0], "id");
    w.deal = create("deals", json::object{{"name", unique("Deal B")}, {"pipeline_id", w.pipeline}, {"stage_id", w.stage},
                                          {"company_id", w.company_b},
                                          {"contacts", json::array{json::object{{"contact_id", w.b}, {"role", "economic_buyer"}}}}});
    w.deal_both = create("deals", json::object{{"name", unique("Deal both")}, {"pipeline_id", w.pipeline}, {"stage_id", w.stage},
                                               {"contacts", json::array{json::object{{"contact_id", w.a}, {"role", "champion"}},
                                                                        json::object{{"contact_id", w.b}, {"role", "economic_buyer"}}}}});
    w.ticket = create("tickets", json::object{{"subject", "Broken " + x}, {"requester_id", w.b}});
    auto ls = post("/api/v1/lists", json::object{{"name", unique("Merge list")}});
    EXPECT_EQ(ls.status, 201) << ls.body;
    w.list = str(ls.json(), "id");
    EXPECT_EQ(post("/api/v1/lists/" + w.list + "/members", json::object{{"contact_ids", json::array{json::value(w.a), json::value(w.b)}}}).status, 200);
    EXPECT_EQ(post("/api/v1/contacts/" + w.b + "/consents",
                   json::object{{"channel", "email_marketing"}, {"status", "granted"}, {"source", "api"}})
                  .status,
              201);
    return w;
  }

  std::vector<std::string> linked_contacts(const std::string& activity) {
    std::vector<std::string> out;
    const json::object a = read("activities", activity);
    for (const auto& v : a.at("contact_ids").as_array()) out.emplace_back(v.as_string());
    std::sort(out.begin(), out.end());
    return out;
  }
  std::vector<std::pair<std::string, std::string>> deal_contacts(const std::string& deal) {
    std::vector<std::pair<std::string, std::string>> out;
    const json::object d = read("deals", deal);
    for (const auto& v : d.at("contacts").as_array())
      out.emplace_back(str(v, "contact_id"), v.at("role").is_string() ? str(v, "role") : "");
    std::sort(out.begin(), out.end());
    return out;
  }
  std::vector<std::string> list_members(const std::string& list) {
    auto r = get("/api/v1/lists/" + list + "/members?limit=100");
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    const json::value page = r.json();
    for (const auto& m : page.at("data").as_array()) out.push_back(m.as_object().contains("contact_id") ? str(m, "contact_id") : str(m, "id"));
    std::sort(out.begin(), out.end());
    return out;
  }
  std::size_t consents_of(const std::string& contact) {
    auto r = get("/api/v1/contacts/" + contact + "/consents");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json().at("history").as_array().size() : 0;
  }
  // The record's history entries' actions, oldest first.
  std::vector<std::string> actions(const std::string& object, const std::string& id) {
    auto r = get(url(object, id, "history") + "?limit=100");
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    const json::value page = r.json();
    for (const auto& e : page.at("data").as_array()) out.push_back(str(e, "action"));
    std::reverse(out.begin(), out.end());
    return out;
  }
  // Everything the test looks at, to compare before and after.
  std::string state(const World& w) {
    std::string s;
    for (const auto& id : {w.a, w.b}) {
      auto r = get(url("contacts", id));
      s += std::to_string(r.status) + " ";
      if (r.status == 200) {
        auto o = r.json().as_object();
        for (const char* k : {"first_name", "email", "phone", "city", "company_id"}) s += json::serialize(o.at(k)) + " ";
      }
    }
    for (const auto& n : {w.note_a, w.note_b, w.shared_note})
      for (const auto& c : linked_contacts(n)) s += c + " ";
    for (const auto& d : {w.deal, w.deal_both})
      for (const auto& [c, role] : deal_contacts(d)) s += c + ":" + role + " ";
    s += str(read("tickets", w.ticket), "requester_id") + " ";
    for (const auto& m : list_members(w.list)) s += m + " ";
    s += std::to_string(consents_of(w.a)) + "/" + std::to_string(consents_of(w.b));
    return s;
  }
};

TEST_F(DedupeMerge, APreviewShowsEveryFieldAndWhatWouldMoveAndWritesNothing) {
  World w = seed();
  const std::string before = state(w);
  auto r = post("/api/v1/contacts/merge", json::object{{"ids", json::array{json::value(w.a), json::value(w.b)}},
                                                       {"values", json::object{{"city", w.b}}},
                                                       {"dry_run", true}});
  ASSERT_EQ(r.status, 200) << r.body;
  const json::object p = r.json().as_object();
  EXPECT_EQ(p.at("dry_run"), true);
  EXPECT_FALSE(p.contains("merge_id"));
  std::map<std::string, json::object> fields;
  for (const auto& f : p.at("fields").as_array()) fields[str(f, "field")] = f.as_object();
  ASSERT_TRUE(fields.count("email") && fields.count("city") && fields.count("first_name")) << r.body;
  EXPECT_EQ(str(fields["first_name"], "chosen"), w.a);
  EXPECT_EQ(str(fields["first_name"], "chosen_by"), "default");
  EXPECT_EQ(str(fields["email"], "chosen"), w.b);  // A has none
  EXPECT_EQ(str(fields["city"], "chosen"), w.b);
  EXPECT_EQ(str(fields["city"], "chosen_by"), "request");
  EXPECT_EQ(fields["city"].at("values").as_array().size(), 2u);
  EXPECT_FALSE(fields.count("created_at")) << "server-set fields are not choosable";
  EXPECT_EQ(str(p.at("record"), "city"), "Paris");
  EXPECT_EQ(str(p.at("record"), "id"), w.a);
  const auto& related = p.at("related").as_object();
  EXPECT_EQ(related.at("activity_links.contacts").as_int64(), 2);
  EXPECT_EQ(related.at("deal_contacts").as_int64(), 2);
  EXPECT_EQ(related.at("tickets.requester_id").as_int64(), 1);
  EXPECT_EQ(related.at("marketing_list_members").as_int64(), 1);
  EXPECT_EQ(related.at("consents").as_int64(), 1);
  EXPECT_EQ(state(w), before) << "a dry run changed something";
}

TEST_F(DedupeMerge, AMergeMovesEveryRelatedRowAndAnUndoPutsItAllBack) {
  World w = seed();
  const std::string before = state(w);
  const auto a_before = read("contacts", w.a), b_before = read("contacts", w.b);
  auto r = post("/api/v1/contacts/merge", json::object{{"ids", json::array{json::value(w.a), json::value(w.b)}},
                                                       {"values", json::object{{"city", w.b}, {"company_id", w.b}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string merge_id = str(r.json(), "merge_id");
  ASSERT_FALSE(merge_id.empty());
  EXPECT_GE(r.json().at("moved").as_int64(), 6);

  // The survivor took B's email (A had none), the chosen city and company; A's first name stays.
  auto a = read("contacts", w.a);
  EXPECT_EQ(str(a, "first_name"), "Ada");
  EXPECT_EQ(str(a, "email"), str(b_before, "email"));
  EXPECT_EQ(str(a, "phone"), str(b_before, "phone"));
  EXPECT_EQ(str(a, "city"), "Paris");
  EXPECT_EQ(str(a, "company_id"), w.company_b);
  EXPECT_EQ(a.at("version").as_int64(), a_before.at("version").as_int64() + 1);
  // B is in the recycle bin; its history says where it went.
  EXPECT_EQ(get(url("contacts", w.b)).status, 404);
  EXPECT_FALSE(recycle_bin_entry("contacts", w.b).is_null());
  EXPECT_EQ(actions("contacts", w.b).back(), "merged");
  EXPECT_EQ(actions("contacts", w.a).back(), "merge");
  // Every related row names A now; a link both had is there once.
  EXPECT_EQ(linked_contacts(w.note_b), std::vector<std::string>{w.a});
  EXPECT_EQ(linked_contacts(w.shared_note), std::vector<std::string>{w.a});
  EXPECT_EQ(deal_contacts(w.deal), (std::vector<std::pair<std::string, std::string>>{{w.a, "economic_buyer"}}));
  EXPECT_EQ(deal_contacts(w.deal_both), (std::vector<std::pair<std::string, std::string>>{{w.a, "champion"}}));
  EXPECT_EQ(str(read("tickets", w.ticket), "requester_id"), w.a);
  EXPECT_EQ(list_members(w.list), std::vector<std::string>{w.a});
  EXPECT_EQ(consents_of(w.a), 1u);
  // One audit entry "merge" on the survivor, naming the merge; the event is in the catalogue.
  auto audit = get("/api/v1/audit-events?object_id=" + w.a + "&limit=5");
  ASSERT_EQ(audit.status, 200) << audit.body;
  int merges = 0;
  const json::value entries = audit.json();
  for (const auto& e : entries.at("data").as_array())
    if (str(e, "action") == "merge") {
      ++merges;
      EXPECT_NE(json::serialize(e).find(merge_id), std::string::npos) << json::serialize(e);
    }
  EXPECT_EQ(merges, 1);
  // The event: in the outbox's catalogue (the OpenAPI document's webhooks).
  auto doc = get("/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  EXPECT_TRUE(doc.json().at("webhooks").as_object().contains("contact.merged"));
  EXPECT_TRUE(doc.json().at("webhooks").as_object().contains("contact.unmerged"));

  // The undo: B is back with its rows; A has its values again.
  auto u = post("/api/v1/contacts/merges/" + merge_id + "/undo", json::object{});
  ASSERT_EQ(u.status, 200) << u.body;
  EXPECT_EQ(u.json().at("left").as_int64(), 0) << u.body;
  EXPECT_EQ(u.json().at("kept").as_array().size(), 0u) << u.body;
  EXPECT_EQ(u.json().at("restored").as_array().size(), 1u);
  EXPECT_EQ(state(w), before);
  EXPECT_EQ(actions("contacts", w.a).back(), "unmerge");
  EXPECT_EQ(actions("contacts", w.b).back(), "unmerge");
  // Once only.
  auto again = post("/api/v1/contacts/merges/" + merge_id + "/undo", json::object{});
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(state(w), before);
}

TEST_F(DedupeMerge, AnUndoKeepsWhatChangedSinceAndSaysSo) {
  World w = seed();
  auto r = post("/api/v1/contacts/merge", json::object{{"ids", json::array{json::value(w.a), json::value(w.b)}},
                                                       {"values", json::object{{"city", w.b}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string merge_id = str(r.json(), "merge_id");
  ASSERT_EQ(patch(url("contacts", w.a), json::object{{"city", "Rome"}}).status, 200);
  // A related row given to someone else since the merge stays theirs.
  const std::string other = contact(json::object{{"last_name", unique("Other")}});
  ASSERT_EQ(patch(url("tickets", w.ticket), json::object{{"requester_id", other}}).status, 200);
  auto u = post("/api/v1/contacts/merges/" + merge_id + "/undo", json::object{});
  ASSERT_EQ(u.status, 200) << u.body;
  EXPECT_EQ(json::serialize(u.json().at("kept")), "[\"city\"]");
  EXPECT_EQ(u.json().at("left").as_int64(), 1) << u.body;
  EXPECT_EQ(str(read("tickets", w.ticket), "requester_id"), other);
  EXPECT_EQ(linked_contacts(w.note_b), std::vector<std::string>{w.b});
  EXPECT_EQ(str(read("contacts", w.a), "city"), "Rome");
  EXPECT_EQ(read("contacts", w.a).at("email").is_null(), true) << "the email the merge took went back";
  EXPECT_EQ(read("contacts", w.b).at("deleted_at").is_null(), true);
}

TEST_F(DedupeMerge, CompaniesAndLeadsMergeWithTheirRelations) {
  World w = seed();
  auto r = post("/api/v1/companies/merge", json::object{{"ids", json::array{json::value(w.company_a), json::value(w.company_b)}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(str(read("contacts", w.b), "company_id"), w.company_a);
  EXPECT_EQ(str(read("deals", w.deal), "company_id"), w.company_a);
  auto u = post("/api/v1/companies/merges/" + str(r.json(), "merge_id") + "/undo", json::object{});
  ASSERT_EQ(u.status, 200) << u.body;
  EXPECT_EQ(str(read("contacts", w.b), "company_id"), w.company_b);
  EXPECT_EQ(str(read("deals", w.deal), "company_id"), w.company_b);

  const std::string x = unique("L");
  const std::string l1 = create("leads", json::object{{"last_name", "Lead" + x}});
  const std::string l2 = create("leads", json::object{{"last_name", "Lead" + x}, {"company_name", "Acme " + x}});
  const std::string n2 = note({{"lead_id", l2}}, "lead note");
  auto m = post("/api/v1/leads/merge", json::object{{"ids", json::array{json::value(l1), json::value(l2)}}});
  ASSERT_EQ(m.status, 200) << m.body;
  EXPECT_EQ(str(read("leads", l1), "company_name"), "Acme " + x);
  EXPECT_EQ(get(url("leads", l2)).status, 404);
  // The merged lead's note is on the survivor's timeline.
  auto tl = get("/api/v1/leads/" + l1 + "/timeline");
  ASSERT_EQ(tl.status, 200) << tl.body;
  EXPECT_NE(tl.body.find(n2), std::string::npos) << tl.body;
  auto back = post("/api/v1/leads/merges/" + str(m.json(), "merge_id") + "/undo", json::object{});
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_TRUE(read("leads", l1).at("company_name").is_null());
  EXPECT_EQ(str(read("leads", l2), "company_name"), "Acme " + x);
}

TEST_F(DedupeMerge, BadMergesAreRefusedAndChangeNothing) {
  World w = seed();
  const std::string before = state(w);
  auto merge = [&](const json::value& body) { return post("/api/v1/contacts/merge", body); };
  const json::value a = json::value(w.a), b = json::value(w.b);
  EXPECT_EQ(merge(json::object{{"ids", json::array{a}}}).status, 422);
  EXPECT_EQ(merge(json::object{{"ids", json::array{a, a}}}).status, 422);
  EXPECT_EQ(merge(json::object{{"ids", json::array{a, "x"}}}).status, 422);
  EXPECT_EQ(merge(json::object{{"ids", json::array{a, b}}, {"values", json::object{{"city", w.company_a}}}}).status, 422);
  EXPECT_EQ(merge(json::object{{"ids", json::array{a, b}}, {"values", json::object{{"created_at", w.b}}}}).status, 422);
  EXPECT_EQ(merge(json::object{{"ids", json::array{a, b}}, {"surprise", 1}}).status, 422);
  EXPECT_EQ(merge(json::array{a, b}).status, 400);
  // Records of another object, or none at all: 404.
  auto other = merge(json::object{{"ids", json::array{a, json::value(w.company_a)}}});
  EXPECT_EQ(other.status, 404) << other.body;
  EXPECT_EQ(other.header("content-type"), "application/problem+json");
  EXPECT_EQ(merge(json::object{{"ids", json::array{a, "0190a000-0000-7000-8000-000000000001"}}}).status, 404);
  // A record in the recycle bin cannot be merged.
  const std::string gone = contact(json::object{{"last_name", unique("Gone")}});
  ASSERT_EQ(del(url("contacts", gone)).status, 204);
  EXPECT_EQ(merge(json::object{{"ids", json::array{a, json::value(gone)}}}).status, 404);
  // An unknown merge, or one of another object.
  EXPECT_EQ(post("/api/v1/contacts/merges/0190a000-0000-7000-8000-000000000001/undo", json::object{}).status, 404);
  EXPECT_EQ(post("/api/v1/contacts/merges/nope/undo", json::object{}).status, 404);
  auto r = merge(json::object{{"ids", json::array{a, b}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(post("/api/v1/companies/merges/" + str(r.json(), "merge_id") + "/undo", json::object{}).status, 404);
  // The survivor in the recycle bin: the undo waits for it.
  ASSERT_EQ(del(url("contacts", w.a)).status, 204);
  EXPECT_EQ(post("/api/v1/contacts/merges/" + str(r.json(), "merge_id") + "/undo", json::object{}).status, 409);
  ASSERT_EQ(post(url("contacts", w.a, "restore"), json::object{}).status, 200);
  ASSERT_EQ(post("/api/v1/contacts/merges/" + str(r.json(), "merge_id") + "/undo", json::object{}).status, 200);
  EXPECT_EQ(read("contacts", w.b).at("deleted_at").is_null(), true);
}

// Another workspace's records and merges are none of B's: 404, and A's data stays as it was.
TEST_F(Tenancy, AnotherWorkspacesRecordsCannotBeMergedNorItsMergesUndone) {
  const std::string x = random_suffix();
  const std::string a1 = create_a("/api/v1/contacts", json::object{{"last_name", "Twin" + x}});
  const std::string a2 = create_a("/api/v1/contacts", json::object{{"last_name", "Twin" + x}, {"city", "Oslo"}});
  const json::value ids = json::object{{"ids", json::array{json::value(a1), json::value(a2)}}};
  auto as_b_merge = as_b("POST", "/api/v1/contacts/merge", &ids);
  EXPECT_EQ(as_b_merge.status, 404) << as_b_merge.body;
  EXPECT_EQ(as_a("GET", "/api/v1/contacts/" + a2).status, 200);
  // B's own contact with A's: still 404.
  const std::string b1 = create_b("/api/v1/contacts", json::object{{"last_name", "Twin" + x}});
  const json::value mixed = json::object{{"ids", json::array{json::value(b1), json::value(a1)}}};
  EXPECT_EQ(as_b("POST", "/api/v1/contacts/merge", &mixed).status, 404);
  EXPECT_EQ(as_b("GET", "/api/v1/contacts/" + b1).status, 200);
  auto merged = as_a("POST", "/api/v1/contacts/merge", &ids);
  ASSERT_EQ(merged.status, 200) << merged.body;
  const std::string merge_id = text(merged.json(), "merge_id");
  const json::value empty = json::object{};
  auto undo = as_b("POST", "/api/v1/contacts/merges/" + merge_id + "/undo", &empty);
  EXPECT_EQ(undo.status, 404) << undo.body;
  EXPECT_EQ(as_a("GET", "/api/v1/contacts/" + a2).status, 404) << "B's undo brought A's merged contact back";
  EXPECT_EQ(as_a("POST", "/api/v1/contacts/merges/" + merge_id + "/undo", &empty).status, 200);
}

}  // namespace
}  // namespace rapport::testing
