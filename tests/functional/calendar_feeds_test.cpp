// Calendar feeds: a user's URL of their meetings and tasks for calendar applications, read with its
// token alone, revocable. Runs on SQLite and, with RAPPORT_TEST_PG_URL, on PostgreSQL.
#include "access_fixture.hpp"

namespace rapport::testing {
namespace {

class CalendarFeeds : public Access {
 protected:
  // The path of a feed's URL (the answer's url is absolute: the Host the client sent).
  static std::string path_of(const json::value& made) {
    std::string url = text(made, "url");
    auto at = url.find("/api/v1/calendar-feed/");
    EXPECT_NE(at, std::string::npos) << url;
    return at == std::string::npos ? url : url.substr(at);
  }
};

TEST_F(CalendarFeeds, AFeedHoldsItsUsersMeetingsAndTasksUntilRevoked) {
  const std::string x = random_suffix();
  std::string contact = create_as("rep1", "contacts", json::object{{"last_name", "Feedson" + x}});
  std::string meeting = create_as("rep1", "activities", json::object{{"type", "meeting"}, {"subject", "Demo; with Feedson, " + x},
                                                                      {"contact_id", contact}, {"starts_at", "2030-01-02T15:00:00Z"},
                                                                      {"ends_at", "2030-01-02T16:00:00Z"}, {"attendees", json::array{"a@example.com"}}});
  std::string task = create_as("rep1", "activities", json::object{{"type", "task"}, {"subject", "Send quote " + x}, {"contact_id", contact},
                                                                   {"due_at", "2030-01-03T09:00:00Z"}});
  std::string note = create_as("rep1", "activities", json::object{{"type", "note"}, {"subject", "A note " + x}, {"contact_id", contact}});
  std::string others = create_as("rep2", "contacts", json::object{{"last_name", "Other" + x}});
  create_as("rep2", "activities", json::object{{"type", "meeting"}, {"subject", "Rep2 meeting " + x}, {"contact_id", others},
                                               {"starts_at", "2030-01-02T15:00:00Z"}, {"ends_at", "2030-01-02T15:30:00Z"}});

  json::value body = json::object{{"name", "My CRM " + x}};
  auto made = as("rep1", "POST", "/api/v1/calendar-feeds", &body);
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string token = text(made.json(), "token");
  EXPECT_EQ(token.rfind("rpc_", 0), 0u);
  const std::string path = path_of(made.json());
  EXPECT_EQ(path, "/api/v1/calendar-feed/" + token);

  // Read with the token alone: no Authorization header, no cookie.
  HttpClient anonymous(server().port());
  auto feed = anonymous.request("GET", path);
  ASSERT_EQ(feed.status, 200) << feed.body;
  EXPECT_EQ(feed.header("content-type"), "text/calendar; charset=utf-8");
  EXPECT_EQ(feed.body.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 0), 0u);
  EXPECT_TRUE(feed.body.ends_with("END:VCALENDAR\r\n"));
  EXPECT_NE(feed.body.find("BEGIN:VEVENT\r\nUID:" + meeting + "\r\n"), std::string::npos) << feed.body;
  EXPECT_NE(feed.body.find("SUMMARY:Demo\\; with Feedson\\, " + x + "\r\n"), std::string::npos) << feed.body;
  EXPECT_NE(feed.body.find("DTSTART:20300102T150000Z\r\n"), std::string::npos);
  EXPECT_NE(feed.body.find("BEGIN:VTODO\r\nUID:" + task + "\r\n"), std::string::npos) << feed.body;
  EXPECT_NE(feed.body.find("DUE:20300103T090000Z\r\n"), std::string::npos);
  EXPECT_EQ(feed.body.find(note), std::string::npos) << "a note is no calendar entry";
  EXPECT_EQ(feed.body.find("Rep2 meeting"), std::string::npos) << "a colleague's meeting is not in the feed";
  for (std::size_t start = 0; start < feed.body.size();) {
    auto end = feed.body.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end - start, 75u) << "lines are folded at 75 octets";
    start = end + 2;
  }

  // Listed (without the token); another user cannot revoke it; its user can.
  auto list = as("rep1", "GET", "/api/v1/calendar-feeds");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.body.find(token), std::string::npos);
  const std::string id = text(made.json(), "id");
  EXPECT_NE(list.body.find(id), std::string::npos);
  EXPECT_EQ(as("rep2", "DELETE", "/api/v1/calendar-feeds/" + id).status, 404);
  EXPECT_EQ(anonymous.request("GET", path).status, 200);
  EXPECT_EQ(as("rep1", "DELETE", "/api/v1/calendar-feeds/" + id).status, 204);
  auto revoked = anonymous.request("GET", path);
  EXPECT_EQ(revoked.status, 404) << revoked.body;
  EXPECT_EQ(revoked.body.find(x), std::string::npos);
  EXPECT_EQ(as("rep1", "DELETE", "/api/v1/calendar-feeds/" + id).status, 404) << "revoked once";
  EXPECT_EQ(anonymous.request("GET", "/api/v1/calendar-feed/rpc_not-a-token").status, 404);
}

TEST_F(CalendarFeeds, OnlyASignedInPersonMakesOneAndBadNamesAre422) {
  json::value key_body = json::object{{"name", "feed key"}};
  auto key = as("rep1", "POST", "/api/v1/api-keys", &key_body);
  ASSERT_EQ(key.status, 201) << key.body;
  HttpClient c(server().port());
  json::value body = json::object{};
  auto with_key = c.call("POST", "/api/v1/calendar-feeds", text(key.json(), "key"), &body);
  EXPECT_EQ(with_key.status, 403) << "an API key may be narrower than the user's role, which a feed reads with";
  json::value long_name = json::object{{"name", std::string(101, 'n')}};
  auto r = as("rep1", "POST", "/api/v1/calendar-feeds", &long_name);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(error_fields(r), std::vector<std::string>{"name"});
  json::value unknown = json::object{{"colour", "red"}};
  EXPECT_EQ(as("rep1", "POST", "/api/v1/calendar-feeds", &unknown).status, 422);
  // A user made inactive: their feed stops answering.
  auto& temp = add_member("feeder", "sales_rep", {});
  json::value empty = json::object{};
  auto made = temp.client->call("POST", "/api/v1/calendar-feeds", temp.token, &empty);
  ASSERT_EQ(made.status, 201) << made.body;
  HttpClient anonymous(server().port());
  const std::string path = path_of(made.json());
  EXPECT_EQ(anonymous.request("GET", path).status, 200);
  json::value deactivate = json::object{{"active", false}};
  auto d = patch("/api/v1/users/" + temp.id, deactivate);
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_EQ(anonymous.request("GET", path).status, 404);
}

}  // namespace
}  // namespace rapport::testing
