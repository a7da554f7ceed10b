// Idempotency-Key on record creation: a retry replays the first answer, another body or object is
// refused, concurrent retries create one record, a refused request leaves the key free; the same JSON
// with other spacing and key order is the same request; a key older than 24 hours is free again.
#include <string>
#include <thread>
#include <vector>

#include "custom_field_db.hpp"
#include "platform/clock.hpp"
#include "records_fixture.hpp"

namespace rapport::testing {
namespace json = boost::json;

// ---------------------------------------------------------------------------------------------
// Idempotency-Key
// ---------------------------------------------------------------------------------------------

TEST_F(Records, IdempotencyKeyReplaysTheFirstAnswer) {
  std::string marker = unique("idem");
  json::object body{{"last_name", unique("Idem")}, {"lead_source", marker}};
  std::string key = unique("key");
  auto first = post(url("contacts"), body, {{"Idempotency-Key", key}});
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_TRUE(first.header("idempotent-replayed").empty());
  auto second = post(url("contacts"), body, {{"Idempotency-Key", key}});
  EXPECT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(second.header("idempotent-replayed"), "true");
  EXPECT_EQ(second.header("location"), first.header("location"));
  EXPECT_EQ(second.header("etag"), first.header("etag"));
  EXPECT_EQ(str(second.json(), "id"), str(first.json(), "id"));

  auto r = list("contacts", {{filter("lead_source", "eq"), marker}, {"count", "true"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(page_data(r.json()).size(), 1u) << "a replay created a second record";
  EXPECT_EQ(member(r.json(), "total"), json::value(1));
}

TEST_F(Records, IdempotencyKeyComparesTheParsedBodyNotItsBytes) {
  std::string marker = unique("idem-canon");
  std::string key = unique("key");
  std::vector<std::pair<std::string, std::string>> headers{
      {"Authorization", "Bearer " + token()}, {"Content-Type", "application/json"}, {"Idempotency-Key", key}};
  auto first = http().request("POST", url("contacts"), R"({"last_name":"Canon","lead_source":")" + marker + R"("})", headers);
  ASSERT_EQ(first.status, 201) << first.body;
  // Other key order, spacing and an escaped letter: the same JSON value, so the same request.
  auto again = http().request("POST", url("contacts"),
                              "{\n  \"lead_source\" : \"" + marker + "\",\n  \"last_name\": \"C\\u0061non\"\n}", headers);
  EXPECT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.header("idempotent-replayed"), "true");
  EXPECT_EQ(again.body, first.body);
  // One more member, even a null one, is another request.
  auto other = http().request("POST", url("contacts"),
                              R"({"last_name":"Canon","lead_source":")" + marker + R"(","first_name":null})", headers);
  expect_problem(other, 422, "same key, one more member");
  EXPECT_EQ(list_ids("contacts", {{filter("lead_source", "eq"), marker}}).size(), 1u);
}

TEST_F(Records, AnIdempotencyKeyOlderThanADayIsFreeAgain) {
  std::string marker = unique("idem-old");
  std::string key = unique("key");
  auto first = post(url("contacts"), json::object{{"last_name", "Old"}, {"lead_source", marker}}, {{"Idempotency-Key", key}});
  ASSERT_EQ(first.status, 201) << first.body;
  // The stored answer is 25 hours old, and the purge has not run yet.
  exec_database(server().data_dir(), "UPDATE idempotency_keys SET created_at = ? WHERE key = ?",
                {clock::format_ms(clock::now_ms() - 25 * 3600 * 1000), key});
  auto later = post(url("contacts"), json::object{{"last_name", "Later"}, {"lead_source", marker}}, {{"Idempotency-Key", key}});
  EXPECT_EQ(later.status, 201) << later.body;
  EXPECT_TRUE(later.header("idempotent-replayed").empty());
  EXPECT_NE(str(later.json(), "id"), str(first.json(), "id"));
  // And the new answer is the one replayed from now on.
  auto retry = post(url("contacts"), json::object{{"last_name", "Later"}, {"lead_source", marker}}, {{"Idempotency-Key", key}});
  EXPECT_EQ(retry.header("idempotent-replayed"), "true");
  EXPECT_EQ(retry.body, later.body);
  EXPECT_EQ(list_ids("contacts", {{filter("lead_source", "eq"), marker}}).size(), 2u);
}

TEST_F(Records, IdempotencyKeyWithAnotherBodyIsRefused) {
  std::string marker = unique("idem");
  std::string key = unique("key");
  auto first = post(url("contacts"), json::object{{"last_name", "One"}, {"lead_source", marker}}, {{"Idempotency-Key", key}});
  ASSERT_EQ(first.status, 201) << first.body;
  auto other = post(url("contacts"), json::object{{"last_name", "Two"}, {"lead_source", marker}}, {{"Idempotency-Key", key}});
  expect_problem(other, 422, "same key, another body");
  EXPECT_TRUE(other.header("idempotent-replayed").empty());
  // The same key on another object type is another request too.
  auto elsewhere = post(url("companies"), json::object{{"name", unique("Co")}}, {{"Idempotency-Key", key}});
  EXPECT_EQ(elsewhere.status, 422) << elsewhere.body;
  EXPECT_EQ(list_ids("contacts", {{filter("lead_source", "eq"), marker}}), std::vector<std::string>{str(first.json(), "id")});
}

TEST_F(Records, ConcurrentRetriesWithOneIdempotencyKeyCreateOneRecord) {
  std::string marker = unique("idem-race");
  std::string key = unique("key");
  json::value body = json::object{{"last_name", unique("Race")}, {"lead_source", marker}};
  constexpr int kClients = 6;
  std::vector<HttpResponse> answers(kClients);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i)
    threads.emplace_back([&, i] {
      HttpClient c(server().port());
      answers[i] = c.call("POST", url("contacts"), token(), &body, {{"Idempotency-Key", key}});
    });
  for (auto& t : threads) t.join();
  int replays = 0;
  for (const auto& a : answers) {
    EXPECT_EQ(a.status, 201) << a.body;
    EXPECT_EQ(a.body, answers[0].body);
    if (a.header("idempotent-replayed") == "true") ++replays;
  }
  EXPECT_EQ(replays, kClients - 1);
  EXPECT_EQ(list_ids("contacts", {{filter("lead_source", "eq"), marker}}).size(), 1u);
}

TEST_F(Records, OverlongIdempotencyKeyIsRefused) {
  std::string marker = unique("idem-long");
  auto r = post(url("contacts"), json::object{{"last_name", "Long"}, {"lead_source", marker}},
                {{"Idempotency-Key", std::string(256, 'k')}});
  expect_problem(r, 400, "Idempotency-Key of 256 characters");
  EXPECT_TRUE(list_ids("contacts", {{filter("lead_source", "eq"), marker}}).empty());
  auto ok = post(url("contacts"), json::object{{"last_name", "Long"}, {"lead_source", marker}},
                 {{"Idempotency-Key", std::string(255, 'k') + ""}});
  EXPECT_EQ(ok.status, 201) << ok.body;
}

TEST_F(Records, IdempotencyKeyOfARefusedRequestCanBeRetried) {
  std::string marker = unique("idem-fix");
  std::string key = unique("key");
  auto bad = post(url("contacts"), json::object{{"last_name", "Fix"}, {"lead_source", marker}, {"email", "not-an-email"}},
                  {{"Idempotency-Key", key}});
  expect_problem(bad, 422, "invalid email");
  EXPECT_TRUE(names_field(bad, "email")) << bad.body;
  // The refused request created nothing, so the key is still free for the corrected request.
  auto fixed = post(url("contacts"), json::object{{"last_name", "Fix"}, {"lead_source", marker}}, {{"Idempotency-Key", key}});
  EXPECT_EQ(fixed.status, 201) << fixed.body;
  EXPECT_TRUE(fixed.header("idempotent-replayed").empty());
  EXPECT_EQ(list_ids("contacts", {{filter("lead_source", "eq"), marker}}).size(), 1u);
}

TEST_F(Records, DifferentIdempotencyKeysCreateTwoRecords) {
  std::string marker = unique("idem");
  json::object body{{"last_name", unique("Twice")}, {"lead_source", marker}};
  auto a = post(url("contacts"), body, {{"Idempotency-Key", unique("key")}});
  auto b = post(url("contacts"), body, {{"Idempotency-Key", unique("key")}});
  ASSERT_EQ(a.status, 201) << a.body;
  ASSERT_EQ(b.status, 201) << b.body;
  EXPECT_NE(str(a.json(), "id"), str(b.json(), "id"));
  EXPECT_TRUE(b.header("idempotent-replayed").empty());
  EXPECT_EQ(list_ids("contacts", {{filter("lead_source", "eq"), marker}}).size(), 2u);
  // Without a key, each POST creates a record.
  ASSERT_EQ(post(url("contacts"), body).status, 201);
  EXPECT_EQ(list_ids("contacts", {{filter("lead_source", "eq"), marker}}).size(), 3u);
}

}  // namespace rapport::testing
