// Undo from the history: POST /api/v1/{object}/{id}/history/{entry}/restore brings a record back to
// how it was right after a history entry, as a new version with its audit entry and event, and
// refuses (changing nothing) what today's rules or references no longer allow.
#include "records_fixture.hpp"
#include "tenancy_helpers.hpp"

namespace rapport::testing {
namespace json = boost::json;

namespace {

class HistoryRestore : public RecordsBase {
 protected:
  // The ids of the record's history entries, newest first.
  std::vector<int64_t> entries(const std::string& object, const std::string& id) {
    auto r = get(url(object, id, "history"));
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<int64_t> out;
    const json::value page = r.json();
    for (const auto& e : page.at("data").as_array()) out.push_back(e.at("id").to_number<int64_t>());
    return out;
  }
  HttpResponse restore(const std::string& object, const std::string& id, int64_t entry,
                       std::vector<std::pair<std::string, std::string>> headers = {}) {
    return post(url(object, id, "history/" + std::to_string(entry) + "/restore"), json::object{}, std::move(headers));
  }
  int64_t count(const std::string& sql, const std::string& id) {
    auto rows = query_database(server().data_dir(), sql, {id});
    return rows.empty() ? -1 : std::stoll(rows[0][0]);
  }
};

TEST_F(HistoryRestore, GoesBackToAnEarlierVersionAsANewVersionThatSaysWhatItUndid) {
  std::string id = create("contacts", json::object{{"first_name", "Ada"}, {"city", "Berlin"}, {"job_title", "CTO"}});
  ASSERT_EQ(patch(url("contacts", id), json::object{{"city", "Rome"}}).status, 200);
  ASSERT_EQ(patch(url("contacts", id), json::object{{"city", "Paris"}, {"job_title", nullptr}}).status, 200);
  auto ids = entries("contacts", id);
  ASSERT_EQ(ids.size(), 3u);

  // Back to right after the first change: Rome, and the job title the second change cleared.
  auto r = restore("contacts", id, ids[1], {{"If-Match", "\"3\""}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("etag"), "\"4\"");
  auto rec = read("contacts", id);
  EXPECT_EQ(rec.at("city"), json::value("Rome"));
  EXPECT_EQ(rec.at("job_title"), json::value("CTO"));
  EXPECT_EQ(rec.at("version"), json::value(4));

  // The new entry names what it went back to and what it undid; the event went out with it.
  auto history = get(url("contacts", id, "history")).json().at("data").as_array();
  ASSERT_EQ(history.size(), 4u);
  EXPECT_EQ(history[0].at("action"), json::value("revert"));
  bool marker = false;
  for (const auto& ch : history[0].at("changes").as_array()) {
    if (ch.at("field") != json::value("restored_to")) continue;
    marker = true;
    EXPECT_EQ(ch.at("after"), json::value(ids[1]));
    EXPECT_EQ(ch.at("undone"), (json::array{ids[0]}));
  }
  EXPECT_TRUE(marker) << json::serialize(history[0]);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE event_type = 'contact.updated' AND object_id = ?", id), 3);

  // Back to the creation, past the restore itself.
  auto first = restore("contacts", id, ids[2]);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(read("contacts", id).at("city"), json::value("Berlin"));
  // Nothing left to undo: the record as it is, no new version.
  auto again = restore("contacts", id, entries("contacts", id)[0]);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.header("etag"), "\"5\"");
}

TEST_F(HistoryRestore, EveryObjectGoesBackTheSameWay) {
  const std::string x = random_suffix();
  json::value pipeline_body = json::object{{"name", "Restore " + x},
                                           {"stages", json::array{json::object{{"name", "Open"}, {"probability", 10}, {"type", "open"}},
                                                                  json::object{{"name", "Won"}, {"type", "won"}},
                                                                  json::object{{"name", "Lost"}, {"type", "lost"}}}}};
  auto made = post("/api/v1/pipelines", pipeline_body);
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string pipeline = text(made.json(), "id");
  struct Case {
    std::string object;
    json::object body;
    std::string field;
    json::value before, after;
  };
  const std::string contact = create("contacts", json::object{{"last_name", "Restore " + x}});
  const std::vector<Case> cases = {
      {"companies", {{"name", "Restore Co " + x}}, "name", json::value("Restore Co " + x), json::value("Renamed " + x)},
      {"activities", {{"type", "task"}, {"subject", "Call back " + x}, {"contact_id", contact}}, "subject", json::value("Call back " + x), json::value("Moved " + x)},
      {"leads", {{"last_name", "Restore " + x}}, "last_name", json::value("Restore " + x), json::value("Renamed " + x)},
      {"deals", {{"name", "Restore deal " + x}, {"pipeline_id", pipeline}}, "name", json::value("Restore deal " + x), json::value("Renamed " + x)},
      {"products", {{"sku", "RST-" + x}, {"name", "Restore product " + x}, {"unit_price", 100}, {"currency", "EUR"}}, "name",
       json::value("Restore product " + x), json::value("Renamed " + x)},
      {"tickets", {{"subject", "Restore ticket " + x}}, "subject", json::value("Restore ticket " + x), json::value("Renamed " + x)},
  };
  for (const auto& c : cases) {
    const std::string id = create(c.object, c.body);
    ASSERT_FALSE(id.empty()) << c.object;
    ASSERT_EQ(patch(url(c.object, id), json::object{{c.field, c.after}}).status, 200) << c.object;
    auto ids = entries(c.object, id);
    ASSERT_GE(ids.size(), 2u) << c.object;
    auto r = restore(c.object, id, ids.back());
    ASSERT_EQ(r.status, 200) << c.object << ": " << r.body;
    EXPECT_EQ(read(c.object, id).at(c.field), c.before) << c.object;
  }
}

TEST_F(HistoryRestore, RefusesWhatIsNoLongerAllowedAndChangesNothing) {
  std::string gone = create("companies", json::object{{"name", unique_name("Gone ")}});
  std::string stays = create("companies", json::object{{"name", unique_name("Stays ")}});
  std::string id = create("contacts", json::object{{"first_name", "Grace"}, {"company_id", gone}});
  ASSERT_EQ(patch(url("contacts", id), json::object{{"company_id", stays}, {"city", "Oslo"}}).status, 200);
  ASSERT_EQ(del(url("companies", gone)).status, 204);
  auto ids = entries("contacts", id);

  // The company it named is in the recycle bin: 422 naming the field, nothing written.
  auto refused = restore("contacts", id, ids.back());
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.header("content-type"), "application/problem+json");
  EXPECT_EQ(error_fields(refused), std::vector<std::string>{"company_id"});
  auto rec = read("contacts", id);
  EXPECT_EQ(rec.at("company_id"), json::value(stays));
  EXPECT_EQ(rec.at("version"), json::value(2));
  EXPECT_EQ(entries("contacts", id).size(), 2u);

  // A stale If-Match: 412.
  EXPECT_EQ(restore("contacts", id, ids.back(), {{"If-Match", "\"1\""}}).status, 412);
  // Another record's entry, a number that is no entry, text: 404.
  std::string other = create("contacts", json::object{{"first_name", "Other"}});
  EXPECT_EQ(restore("contacts", id, entries("contacts", other)[0]).status, 404);
  EXPECT_EQ(restore("contacts", id, 999999999).status, 404);
  EXPECT_EQ(post(url("contacts", id, "history/abc/restore"), json::object{}).status, 404);
  // In the recycle bin: restore it from there first.
  ASSERT_EQ(del(url("contacts", other)).status, 204);
  EXPECT_EQ(restore("contacts", other, entries("contacts", other).back()).status, 409);
}

TEST_F(HistoryRestore, UniqueValuesTakenSinceAreA409) {
  std::string domain = unique_name("undo") + ".example";
  std::string a = create("companies", json::object{{"name", unique_name("A ")}, {"domain", domain}});
  ASSERT_EQ(patch(url("companies", a), json::object{{"domain", "other-" + domain}}).status, 200);
  create("companies", json::object{{"name", unique_name("B ")}, {"domain", domain}});
  auto refused = restore("companies", a, entries("companies", a).back());
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(read("companies", a).at("domain"), json::value("other-" + domain));
}

}  // namespace
}  // namespace rapport::testing
