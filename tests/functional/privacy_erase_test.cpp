// GDPR erasure: POST /api/v1/contacts/{id}/erase removes a person's data from the contact, its
// activities, the audit log, the outbox, stored Idempotency-Key answers, saved views' filters and
// consent notes, in one transaction, and leaves a tombstone. The proof: afterwards none of the
// person's values is found in any table (either engine) nor in the bytes of the SQLite files.
#include <string>
#include <vector>

#include "privacy_helpers.hpp"
#include "ws_client.hpp"

namespace rapport::testing {
namespace json = boost::json;

class PrivacyErase : public RecordsBase {
 protected:
  // A person with every kind of personal data, their activities, consents and a stored
  // Idempotency-Key answer. `needles` are the values that must disappear.
  struct Person {
    std::string id, other_contact, company;
    std::string only_note, only_email_activity, shared_meeting;
    std::vector<std::string> needles;
  };

  Person make_person() {
    Person p;
    const std::string u = unique("p");  // letters, digits, '-'
    const std::string first = "Zorblax" + u.substr(2, 6), last = "Quenthorpe" + u.substr(2, 6);
    const std::string email = "zorblax." + u + "@example.com", alt = "zq.alt." + u + "@example.org";
    const std::string city = "Vlorenburg" + u.substr(2, 6), linkedin = "https://www.linkedin.com/in/zorblax-" + u;
    const std::string description = "Secret-description-" + u, nickname = "Nick-" + u;
    const std::string custom_name = "nickname_" + lower_text(u.substr(2, 6));
    auto cf = post("/api/v1/custom-fields", json::object{{"object_type", "contacts"}, {"name", custom_name}, {"type", "text"}});
    EXPECT_EQ(cf.status, 201) << cf.body;
    p.company = company();
    json::object body{{"first_name", first},          {"last_name", last},         {"email", email},
                      {"phone", "+49 30 901820" + std::to_string(10 + std::stoi(u.substr(u.rfind('-') + 1)) % 90)},
                      {"emails", json::array{json::value(alt)}},
                      {"city", city},                 {"birthday", "1980-04-02"},  {"linkedin_url", linkedin},
                      {"description", description},   {"company_id", p.company},   {"job_title", "Chief " + first},
                      {"custom", json::object{{custom_name, nickname}}}};
    auto created = post(url("contacts"), body, {{"Idempotency-Key", unique("key")}});
    EXPECT_EQ(created.status, 201) << created.body;
    auto rec = created.json().as_object();
    p.id = std::string(rec.at("id").as_string());
    const std::string phone(rec.at("phone").as_string());
    // A change, so the history holds before and after values.
    auto changed = patch(url("contacts", p.id), json::object{{"city", city + "x"}, {"last_name", last + "y"}});
    EXPECT_EQ(changed.status, 200) << changed.body;
    p.other_contact = contact(json::object{{"last_name", unique("Other")}});
    p.only_note = create("activities", json::object{{"type", "note"},
                                                    {"contact_id", p.id},
                                                    {"subject", "Call " + first + " " + last},
                                                    {"body", "Reach " + first + " at " + email + " or " + phone}});
    p.only_email_activity =
        create("activities", json::object{{"type", "email"},   {"contact_id", p.id},     {"direction", "inbound"},
                                          {"subject", "Re: " + description}, {"email_from", email}, {"email_to", json::array{"sales@example.net"}}});
    p.shared_meeting = create(
        "activities", json::object{{"type", "meeting"},
                                   {"contact_ids", json::array{json::value(p.id), json::value(p.other_contact)}},
                                   {"subject", "Quarterly review"},
                                   {"body", "Agenda sent to " + email},
                                   {"starts_at", "2026-03-01T10:00:00Z"},
                                   {"ends_at", "2026-03-01T11:00:00Z"},
                                   {"attendees", json::array{json::value(email), json::value("boss@example.net")}}});
    auto consent = post(url("contacts", p.id, "consents"),
                        json::object{{"channel", "email_marketing"}, {"status", "granted"}, {"source", "web_form"},
                                     {"note", "Signed up as " + first + " " + last}});
    EXPECT_EQ(consent.status, 201) << consent.body;
    // A shared view whose filters name the person (its row and its audit entry hold the values).
    json::array filters{json::object{{"field", "email"}, {"op", "eq"}, {"value", email}},
                        json::object{{"field", "phone"}, {"op", "eq"}, {"value", phone}},
                        json::object{{"field", "last_name"}, {"op", "in"}, {"value", "Other," + last + "y"}},
                        json::object{{"field", "first_name"}, {"op", "eq"}, {"value", first}}};
    auto view = post("/api/v1/views", json::object{{"object_type", "contacts"}, {"name", "Erasure " + u}, {"visibility", "workspace"},
                                                   {"filters", filters}});
    EXPECT_EQ(view.status, 201) << view.body;
    p.needles = {first, last, email, alt, phone, city, linkedin, description, nickname};
    return p;
  }
};

TEST_F(PrivacyErase, LeavesNoPersonalDataAnywhereInTheDatabase) {
  Person p = make_person();
  // Before: every needle is found (the scan works).
  auto before = database_hits(server().data_dir(), p.needles);
  for (const auto& n : p.needles) {
    bool found = std::any_of(before.begin(), before.end(), [&](const std::string& h) { return h.size() >= n.size() && h.compare(h.size() - n.size(), n.size(), n) == 0; });
    EXPECT_TRUE(found) << n << " was not stored before the erasure, so the scan proves nothing";
  }
  const int64_t live_before = get(url("contacts") + "?count=true&limit=1").json().at("total").as_int64();

  auto erased = post(url("contacts", p.id, "erase"), json::object{{"reason", "Art. 17 request ticket 42"}},
                     {{"X-Request-Id", "erase-" + p.id.substr(0, 8)}});
  ASSERT_EQ(erased.status, 200) << erased.body;
  auto t = erased.json().as_object();
  EXPECT_EQ(t.at("object_type"), "contacts");
  EXPECT_EQ(t.at("object_id"), json::value(p.id));
  EXPECT_EQ(t.at("erased_by"), json::value(me()));
  EXPECT_EQ(t.at("reason"), "Art. 17 request ticket 42");
  EXPECT_EQ(t.at("request_id"), json::value("erase-" + p.id.substr(0, 8)));
  EXPECT_EQ(t.at("activities_erased"), json::value(2));
  EXPECT_EQ(t.at("activities_unlinked"), json::value(1));
  EXPECT_EQ(t.at("views_changed"), json::value(1));

  auto hits = database_hits(server().data_dir(), p.needles);
  EXPECT_TRUE(hits.empty()) << "personal data left after erasure: " << json::serialize(json::value_from(hits));
  if (!on_postgres()) {
    auto raw = file_hits(server().data_dir(), p.needles);
    EXPECT_TRUE(raw.empty()) << "bytes left in the SQLite files: " << json::serialize(json::value_from(raw));
  }

  // The tombstone row, the event with only the id, the suppression of both addresses, the consent
  // kept without its note, the contact kept as a tombstone.
  with_database(server().data_dir(), [&](db::Connection& c) {
    EXPECT_EQ(std::get<std::string>(c.scalar("SELECT reason FROM erasures WHERE object_id = ?", {p.id})), "Art. 17 request ticket 42");
    EXPECT_EQ(std::get<std::string>(c.scalar("SELECT payload FROM outbox WHERE object_id = ? AND event_type = 'contact.erased'", {p.id})),
              json::serialize(json::object{{"id", p.id}}));
    EXPECT_EQ(std::get<int64_t>(c.scalar("SELECT count(*) FROM suppressions WHERE reason = 'erased'")), 2);
    EXPECT_EQ(std::get<std::string>(c.scalar("SELECT status FROM consents WHERE contact_id = ?", {p.id})), "granted");
    EXPECT_TRUE(std::holds_alternative<std::nullptr_t>(c.scalar("SELECT note FROM consents WHERE contact_id = ?", {p.id})));
    EXPECT_FALSE(std::holds_alternative<std::nullptr_t>(c.scalar("SELECT erased_at FROM contacts WHERE id = ?", {p.id})));
    EXPECT_EQ(std::get<std::string>(c.scalar("SELECT company_id FROM contacts WHERE id = ?", {p.id})), p.company);
    for (const char* table : {"outbox", "audit_log"})
      EXPECT_GT(std::get<int64_t>(c.scalar(std::string("SELECT count(*) FROM ") + table + " WHERE object_id = ?", {p.id})), 0) << table;
  });

  // Through the API: gone from reads, lists, the recycle bin, restore, export and a second erasure.
  EXPECT_EQ(get(url("contacts", p.id)).status, 404);
  EXPECT_EQ(get(url("contacts", p.id, "export")).status, 404);
  EXPECT_EQ(post(url("contacts", p.id, "erase"), json::object{}).status, 404);
  EXPECT_EQ(post(url("contacts", p.id, "restore"), json::object{}).status, 404);
  EXPECT_EQ(get(url("contacts", p.id, "consents")).status, 404);
  EXPECT_TRUE(recycle_bin_entry("contacts", p.id).is_null());
  EXPECT_TRUE(recycle_bin_entry("activities", p.only_note).is_null());
  EXPECT_EQ(post(url("activities", p.only_note, "restore"), json::object{}).status, 404);
  EXPECT_EQ(get(url("activities", p.only_note)).status, 404);
  EXPECT_EQ(get(url("contacts") + "?count=true&limit=1").json().at("total").as_int64(), live_before - 1);
  EXPECT_TRUE(list_ids("contacts", {{"filter[id][eq]", p.id}}).empty());

  // The history stays readable, without the values.
  auto history = get(url("contacts", p.id, "history"));
  ASSERT_EQ(history.status, 200) << history.body;
  for (const auto& n : p.needles) EXPECT_EQ(lower_text(history.body).find(lower_text(n)), std::string::npos) << n;
  EXPECT_NE(history.body.find("[erased]"), std::string::npos) << history.body;
  EXPECT_NE(history.body.find("\"erase\""), std::string::npos) << history.body;

  // The shared meeting stays, for the other contact, without the person.
  auto meeting = read("activities", p.shared_meeting);
  EXPECT_EQ(meeting.at("contact_ids"), json::value(json::array{json::value(p.other_contact)}));
  EXPECT_EQ(meeting.at("attendees"), json::value(json::array{"boss@example.net"}));
  EXPECT_EQ(meeting.at("subject"), "Quarterly review");
  EXPECT_EQ(meeting.at("body"), "Agenda sent to [erased]");
  auto timeline = get(url("contacts", p.other_contact, "timeline"));
  EXPECT_NE(timeline.body.find(p.shared_meeting), std::string::npos);
}

TEST_F(PrivacyErase, ErasesAContactInTheRecycleBinAndAcceptsAnEmptyBody) {
  const std::string email = unique("binned") + "@example.com";
  const std::string id = contact(json::object{{"email", email}});
  ASSERT_EQ(del(url("contacts", id)).status, 204);
  auto r = client_->request("POST", url("contacts", id, "erase"), "", {{"Authorization", "Bearer " + token()}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json().at("reason").is_null());
  EXPECT_TRUE(recycle_bin_entry("contacts", id).is_null());
  // The address is free again for a new contact (the tombstone holds no email).
  EXPECT_FALSE(contact(json::object{{"email", email}}).empty());
}

TEST_F(PrivacyErase, FindsAnAddressBeyondAsciiWhateverItsCase) {
  const std::string local = unique("j\xC3\xBCrgen");  // jürgen-...
  std::string upper_local = local;
  upper_local.replace(0, 3, "J\xC3\x9C");              // JÜ
  const std::string email = local + "@example.de", shouting = upper_local + "@EXAMPLE.DE";
  const std::string id = contact(json::object{{"last_name", unique("Erase")}, {"email", email}});
  const std::string other = contact(json::object{{"last_name", unique("Other")}});
  const std::string meeting = create(
      "activities", json::object{{"type", "meeting"}, {"contact_ids", json::array{json::value(id), json::value(other)}},
                                 {"subject", "Review"}, {"body", "Invite " + shouting},
                                 {"starts_at", "2026-03-01T10:00:00Z"}, {"ends_at", "2026-03-01T11:00:00Z"},
                                 {"attendees", json::array{json::value(shouting), json::value("boss@example.net")}}});
  auto before = list_ids("activities", {{filter("attendees", "eq"), email}});
  EXPECT_EQ(before, std::vector<std::string>{meeting}) << "the attendee is found by key before the erasure";
  ASSERT_EQ(post(url("contacts", id, "erase"), json::object{}).status, 200);
  auto shared = read("activities", meeting);
  EXPECT_EQ(shared.at("attendees"), (json::array{"boss@example.net"}));
  EXPECT_EQ(std::string(shared.at("body").as_string()), "Invite [erased]");
  EXPECT_TRUE(list_ids("activities", {{filter("attendees", "eq"), email}}).empty()) << "nothing left to find by key";
}

TEST_F(PrivacyErase, RealTimeClientsHearContactErased) {
  WsClient ws;
  ASSERT_EQ(ws.connect(server().port(), token()), 101);
  const std::string id = contact(json::object{{"last_name", unique("Heard")}});
  ASSERT_EQ(post(url("contacts", id, "erase"), json::object{}).status, 200);
  bool heard = false;
  for (auto m = ws.next(); m && !heard; m = heard ? std::nullopt : ws.next()) {
    auto j = json::parse(*m);
    heard = j.as_object().contains("type") && j.at("type") == "contact.erased" && j.at("object_id") == json::value(id);
  }
  EXPECT_TRUE(heard) << "no contact.erased notice";
}

TEST_F(PrivacyErase, BadRequestsChangeNothing) {
  const std::string email = unique("keep") + "@example.com";
  const std::string id = contact(json::object{{"email", email}, {"first_name", "Keep"}});
  struct Case {
    std::string body, content_type;
    int status;
  };
  for (const auto& c : std::vector<Case>{{"{\"reason\": 5}", "application/json", 422},
                                         {"{\"why\": \"x\"}", "application/json", 422},
                                         {"{\"reason\": \"" + std::string(501, 'r') + "\"}", "application/json", 422},
                                         {"[1]", "application/json", 400},
                                         {"{nope", "application/json", 400},
                                         {"reason=x", "text/plain", 415}}) {
    auto r = client_->request("POST", url("contacts", id, "erase"), c.body,
                              {{"Authorization", "Bearer " + token()}, {"Content-Type", c.content_type}});
    EXPECT_EQ(r.status, c.status) << c.body << ": " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << c.body;
  }
  EXPECT_EQ(post(url("contacts", id, "erase") + "?force=1", json::object{}).status, 400);
  EXPECT_EQ(post(url("contacts", "not-a-uuid", "erase"), json::object{}).status, 404);
  EXPECT_EQ(post(url("contacts", "01890000-0000-7000-8000-000000000000", "erase"), json::object{}).status, 404);
  auto member = member_token(http(), server().data_dir(), std::string(get("/api/v1/auth/me").json().at("workspace_id").as_string()));
  auto forbidden = http().call("POST", url("contacts", id, "erase"), member);
  EXPECT_EQ(forbidden.status, 403) << forbidden.body;
  auto still = read("contacts", id);
  EXPECT_EQ(still.at("email"), json::value(email));
  EXPECT_EQ(still.at("version"), json::value(1));
}

}  // namespace rapport::testing
