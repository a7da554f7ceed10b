// Consents: an append-only history per contact and channel, the current state per channel, and bad
// input refused with nothing stored.
#include <string>
#include <vector>

#include "privacy_helpers.hpp"

namespace rapport::testing {
namespace json = boost::json;

class PrivacyConsent : public RecordsBase {
 protected:
  HttpResponse record(const std::string& id, json::object body) { return post(url("contacts", id, "consents"), body); }
};

TEST_F(PrivacyConsent, KeepsTheHistoryAndTheCurrentStatePerChannel) {
  const std::string id = contact(json::object{{"email", unique("c") + "@example.com"}});
  auto empty = get(url("contacts", id, "consents"));
  ASSERT_EQ(empty.status, 200) << empty.body;
  for (const char* ch : {"email_marketing", "phone", "sms"}) EXPECT_TRUE(empty.json().at("current").at(ch).is_null()) << ch;
  EXPECT_TRUE(empty.json().at("history").as_array().empty());

  auto granted = record(id, {{"channel", "email_marketing"}, {"status", "granted"}, {"source", "web_form"}, {"note", "newsletter box"}});
  ASSERT_EQ(granted.status, 201) << granted.body;
  EXPECT_EQ(granted.header("location"), url("contacts", id, "consents"));
  auto g = granted.json().as_object();
  EXPECT_EQ(g.at("contact_id"), json::value(id));
  EXPECT_EQ(g.at("note"), "newsletter box");
  EXPECT_EQ(g.at("recorded_by"), json::value(me()));
  ASSERT_EQ(record(id, {{"channel", "phone"}, {"status", "granted"}, {"source", "api"}}).status, 201);
  ASSERT_EQ(record(id, {{"channel", "email_marketing"}, {"status", "withdrawn"}, {"source", "unsubscribe_link"}}).status, 201);

  auto state = get(url("contacts", id, "consents")).json().as_object();
  EXPECT_EQ(state.at("current").at("email_marketing").at("status"), "withdrawn");
  EXPECT_EQ(state.at("current").at("email_marketing").at("source"), "unsubscribe_link");
  EXPECT_EQ(state.at("current").at("phone").at("status"), "granted");
  EXPECT_TRUE(state.at("current").at("sms").is_null());
  auto& history = state.at("history").as_array();
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].at("status"), "withdrawn");  // newest first
  EXPECT_EQ(history[2].at("id"), g.at("id"));
  EXPECT_EQ(history[2].at("note"), "newsletter box");

  // Each change is audited (without the note) with the status before and after.
  auto events = get("/api/v1/audit-events?object_id=" + id + "&action=consent");
  ASSERT_EQ(events.status, 200) << events.body;
  auto data = events.json().at("data").as_array();
  ASSERT_EQ(data.size(), 3u);
  EXPECT_EQ(data[0].at("changes"), json::parse(R"([{"field":"consent.email_marketing","before":"granted","after":"withdrawn"}])"));
  EXPECT_EQ(events.body.find("newsletter box"), std::string::npos);
}

TEST_F(PrivacyConsent, AnyUserMayRecordAndReadConsents) {
  const std::string id = contact(json::object{{"last_name", unique("Member")}});
  auto member = member_token(http(), server().data_dir(), std::string(get("/api/v1/auth/me").json().at("workspace_id").as_string()));
  json::value body = json::object{{"channel", "sms"}, {"status", "granted"}, {"source", "manual"}};
  EXPECT_EQ(http().call("POST", url("contacts", id, "consents"), member, &body).status, 201);
  EXPECT_EQ(http().call("GET", url("contacts", id, "consents"), member).status, 200);
}

TEST_F(PrivacyConsent, RecordsForAContactInTheRecycleBin) {
  const std::string id = contact(json::object{{"last_name", unique("Binned")}});
  ASSERT_EQ(del(url("contacts", id)).status, 204);
  EXPECT_EQ(record(id, {{"channel", "email_marketing"}, {"status", "withdrawn"}, {"source", "unsubscribe_link"}}).status, 201);
  EXPECT_EQ(get(url("contacts", id, "consents")).json().at("current").at("email_marketing").at("status"), "withdrawn");
}

TEST_F(PrivacyConsent, BadInputIsRefusedAndNothingIsStored) {
  const std::string id = contact(json::object{{"last_name", unique("Strict")}});
  struct Case {
    json::object body;
    std::vector<std::string> fields;
  };
  const std::vector<Case> cases = {
      {{}, {"channel", "status", "source"}},
      {{{"channel", "fax"}, {"status", "granted"}, {"source", "api"}}, {"channel"}},
      {{{"channel", "sms"}, {"status", "maybe"}, {"source", "api"}}, {"status"}},
      {{{"channel", "sms"}, {"status", "granted"}, {"source", "rumour"}}, {"source"}},
      {{{"channel", 1}, {"status", true}, {"source", nullptr}}, {"channel", "status", "source"}},
      {{{"channel", "sms"}, {"status", "granted"}, {"source", "api"}, {"note", 7}}, {"note"}},
      {{{"channel", "sms"}, {"status", "granted"}, {"source", "api"}, {"note", std::string(1001, 'n')}}, {"note"}},
      {{{"channel", "sms"}, {"status", "granted"}, {"source", "api"}, {"recorded_at", "2020-01-01T00:00:00Z"}}, {"recorded_at"}},
  };
  for (const auto& c : cases) {
    auto r = record(id, c.body);
    EXPECT_EQ(r.status, 422) << json::serialize(c.body) << ": " << r.body;
    auto fields = error_fields(r);
    std::sort(fields.begin(), fields.end());
    auto want = c.fields;
    std::sort(want.begin(), want.end());
    EXPECT_EQ(fields, want) << json::serialize(c.body);
  }
  auto raw = client_->request("POST", url("contacts", id, "consents"), "{not json",
                              {{"Authorization", "Bearer " + token()}, {"Content-Type", "application/json"}});
  EXPECT_EQ(raw.status, 400);
  auto text = client_->request("POST", url("contacts", id, "consents"), "channel=sms",
                               {{"Authorization", "Bearer " + token()}, {"Content-Type", "text/plain"}});
  EXPECT_EQ(text.status, 415);
  auto none = client_->request("POST", url("contacts", id, "consents"), "", {{"Authorization", "Bearer " + token()}});
  EXPECT_EQ(none.status, 422) << none.body;
  auto none_unknown = client_->request("POST", url("contacts", "01890000-0000-7000-8000-000000000000", "consents"), "",
                                       {{"Authorization", "Bearer " + token()}});
  EXPECT_EQ(none_unknown.status, 404) << none_unknown.body;
  EXPECT_EQ(record("01890000-0000-7000-8000-000000000000", json::object{{"channel", "fax"}}).status, 404);
  json::object ok{{"channel", "sms"}, {"status", "granted"}, {"source", "api"}};
  EXPECT_EQ(record("01890000-0000-7000-8000-000000000000", ok).status, 404);
  EXPECT_EQ(record("nope", ok).status, 404);
  EXPECT_EQ(get(url("contacts", id, "consents") + "?channel=sms").status, 400);
  EXPECT_EQ(post(url("contacts", id, "consents") + "?dry_run=1", ok).status, 400);
  EXPECT_TRUE(get(url("contacts", id, "consents")).json().at("history").as_array().empty());
}

}  // namespace rapport::testing
