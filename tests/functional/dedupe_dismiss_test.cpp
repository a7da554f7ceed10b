// "Not a duplicate" over HTTP: a suggested pair or group dismissed stays out of the list through
// later scans, an undo brings it back, and the refusals (bad bodies, another workspace, records a
// role may not read or change) change nothing. Runs on SQLite and (functional_postgres) PostgreSQL.
#include <algorithm>
#include <chrono>
#include <random>
#include <set>
#include <thread>

#include "access_fixture.hpp"
#include "records_fixture.hpp"
#include "tenancy_fixture.hpp"

namespace rapport::testing {
namespace json = boost::json;

namespace {

std::string digits(int n) {
  static std::mt19937 rng(std::random_device{}());
  std::string s;
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + rng() % 10));
  return s;
}

json::value dismissal(const std::string& object, const std::vector<std::string>& ids) {
  json::array a;
  for (const auto& id : ids) a.emplace_back(id);
  return json::object{{"object", object}, {"ids", std::move(a)}};
}

class DedupeDismiss : public RecordsBase {
 protected:
  // The other records each of `ids` is listed as a probable duplicate of.
  std::set<std::string> listed_with(const std::string& object, const std::string& id) {
    auto r = get("/api/v1/duplicates?limit=500&object=" + object + "&record_id=" + id);
    EXPECT_EQ(r.status, 200) << r.body;
    std::set<std::string> out;
    if (r.status != 200) return out;
    const json::value page = r.json();  // kept: the loop reads into it
    for (const auto& p : page.at("data").as_array())
      for (const auto& x : p.at("ids").as_array())
        if (x.as_string() != id) out.emplace(x.as_string());
    return out;
  }
  void scan(const std::string& object) {
    auto r = post("/api/v1/duplicates/scan?object=" + object, json::object{});
    ASSERT_EQ(r.status, 202) << r.body;
    const std::string job = text(r.json(), "job_id");
    for (int i = 0; i < 200 && !job.empty(); ++i) {
      auto state = text(get("/api/v1/jobs/" + job).json(), "state");
      if (state == "succeeded") return;
      ASSERT_TRUE(state == "queued" || state == "running") << state;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  // n leads that are the same person by name and phone: every pair among them is suggested.
  std::vector<std::string> twins(int n, const std::string& x) {
    std::vector<std::string> out;
    std::string phone;
    for (int i = 0; i < n; ++i) {
      json::object body{{"first_name", "Ann"}, {"last_name", "Twin" + x}};
      body["phone"] = phone.empty() ? json::value("+4989777" + digits(4)) : json::value(phone);
      out.push_back(create("leads", body));
      if (phone.empty()) phone = std::string(read("leads", out.back()).at("phone").as_string());
    }
    return out;
  }
};

TEST_F(DedupeDismiss, ADismissedGroupIsNotSuggestedAgainUntilUndone) {
  const std::string x = random_suffix();
  auto t = twins(4, x);
  ASSERT_EQ(listed_with("leads", t[0]), (std::set<std::string>{t[1], t[2], t[3]}));

  // The group of three: its three pairs go; each one's pair with the fourth stays.
  auto r = post("/api/v1/duplicates/dismissals", dismissal("leads", {t[0], t[1], t[2]}));
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string id = text(r.json(), "id");
  EXPECT_EQ(r.header("location"), "/api/v1/duplicates/dismissals/" + id);
  EXPECT_EQ(r.json().at("pairs"), json::value(3));
  EXPECT_EQ(r.json().at("object"), json::value("leads"));
  EXPECT_EQ(listed_with("leads", t[0]), std::set<std::string>{t[3]});
  EXPECT_EQ(listed_with("leads", t[1]), std::set<std::string>{t[3]});
  EXPECT_EQ(listed_with("leads", t[3]), (std::set<std::string>{t[0], t[1], t[2]}));

  // The scan finds them again; the list still leaves them out.
  scan("leads");
  EXPECT_EQ(listed_with("leads", t[0]), std::set<std::string>{t[3]});

  // Dismissed already: 409, nothing new.
  auto again = post("/api/v1/duplicates/dismissals", dismissal("leads", {t[1], t[0]}));
  EXPECT_EQ(again.status, 409) << again.body;
  // A pair with one dismissed already: only the new one is counted, in a dismissal of its own.
  auto pair = post("/api/v1/duplicates/dismissals", dismissal("leads", {t[3], t[0]}));
  ASSERT_EQ(pair.status, 201) << pair.body;
  EXPECT_EQ(pair.json().at("pairs"), json::value(1));
  EXPECT_TRUE(listed_with("leads", t[0]).empty());

  // Undo the group: its pairs are back at once; the other dismissal stays.
  EXPECT_EQ(del("/api/v1/duplicates/dismissals/" + id).status, 204);
  EXPECT_EQ(listed_with("leads", t[0]), (std::set<std::string>{t[1], t[2]}));
  EXPECT_EQ(del("/api/v1/duplicates/dismissals/" + id).status, 404) << "undone twice";
  EXPECT_EQ(del("/api/v1/duplicates/dismissals/" + text(pair.json(), "id")).status, 204);
  EXPECT_EQ(listed_with("leads", t[0]), (std::set<std::string>{t[1], t[2], t[3]}));
}

TEST_F(DedupeDismiss, BadDismissalsAre4xxAndChangeNothing) {
  const std::string x = random_suffix();
  auto t = twins(2, x);
  const std::string company = create("companies", json::object{{"name", "Not a lead " + x}});
  const std::vector<std::pair<json::value, std::string>> bad = {
      {json::object{{"ids", json::array{json::value(t[0]), json::value(t[1])}}}, "object"},
      {dismissal("deals", t), "object"},
      {dismissal("leads", {t[0]}), "ids"},
      {dismissal("leads", {t[0], t[0]}), "ids[1]"},
      {dismissal("leads", {t[0], "not-an-id"}), "ids[1]"},
      {json::object{{"object", "leads"}, {"ids", "x"}}, "ids"},
      {json::object{{"object", "leads"}, {"ids", json::array{json::value(t[0]), json::value(t[1])}}, {"note", "x"}}, "note"},
  };
  for (const auto& [body, field] : bad) {
    auto r = post("/api/v1/duplicates/dismissals", body);
    EXPECT_EQ(r.status, 422) << json::serialize(body) << ": " << r.body;
    auto fields = error_fields(r);
    EXPECT_NE(std::find(fields.begin(), fields.end(), field), fields.end()) << json::serialize(body) << ": " << r.body;
  }
  std::vector<std::string> eleven;
  for (int i = 0; i < 11; ++i) {
    std::string id = "01900000-0000-7000-8000-0000000001";  // += alone: GCC 12 misreads "literal" + to_string(...)
    id += std::to_string(10 + i);
    eleven.push_back(std::move(id));
  }
  EXPECT_EQ(post("/api/v1/duplicates/dismissals", dismissal("leads", eleven)).status, 422);
  // A record of another object, one that does not exist, one in the recycle bin: 404.
  EXPECT_EQ(post("/api/v1/duplicates/dismissals", dismissal("leads", {t[0], company})).status, 404);
  EXPECT_EQ(post("/api/v1/duplicates/dismissals", dismissal("leads", {t[0], "01900000-0000-7000-8000-0000000000d1"})).status, 404);
  const std::string gone = create("leads", json::object{{"last_name", "Gone" + x}});
  ASSERT_EQ(del(url("leads", gone)).status, 204);
  EXPECT_EQ(post("/api/v1/duplicates/dismissals", dismissal("leads", {t[0], gone})).status, 404);
  EXPECT_EQ(del("/api/v1/duplicates/dismissals/01900000-0000-7000-8000-0000000000d1").status, 404);
  EXPECT_EQ(del("/api/v1/duplicates/dismissals/not-an-id").status, 404);
  EXPECT_EQ(listed_with("leads", t[0]), std::set<std::string>{t[1]}) << "a refused dismissal was stored";
}

// Scoped roles: a rep cannot dismiss nor undo over a colleague's records (to the rep they are no
// records: 404), a read-only user may not dismiss at all (403).
class DismissAccess : public Access {};

TEST_F(DismissAccess, OnlyThoseWhoMayChangeBothRecordsDismissOrUndo) {
  const std::string x = random_suffix();
  const std::string phone = "+4930555" + digits(4);
  const std::string a = create_as("rep2", "contacts", json::object{{"first_name", "Cole"}, {"last_name", "Twin" + x}, {"phone", phone}});
  const std::string b = create_as("rep2", "contacts", json::object{{"first_name", "Cole"}, {"last_name", "Twin" + x}, {"phone", phone}});
  const std::string own = create_as("rep1", "contacts", json::object{{"first_name", "Cole"}, {"last_name", "Twin" + x}, {"phone", phone}});
  const json::value theirs = dismissal("contacts", {a, b});
  const json::value mixed = dismissal("contacts", {own, a});
  EXPECT_EQ(as("rep1", "POST", "/api/v1/duplicates/dismissals", &theirs).status, 404);
  EXPECT_EQ(as("rep1", "POST", "/api/v1/duplicates/dismissals", &mixed).status, 404);
  EXPECT_EQ(as("reader", "POST", "/api/v1/duplicates/dismissals", &theirs).status, 403);
  auto pairs = [&](const std::string& who) {
    return as(who, "GET", "/api/v1/duplicates?object=contacts&record_id=" + a).json().at("data").as_array().size();
  };
  const std::size_t before = pairs("rep2");
  ASSERT_GE(before, 1u);
  auto made = as("rep2", "POST", "/api/v1/duplicates/dismissals", &theirs);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(pairs("rep2"), before - 1);
  const std::string id = text(made.json(), "id");
  EXPECT_EQ(as("rep1", "DELETE", "/api/v1/duplicates/dismissals/" + id).status, 404);
  EXPECT_EQ(as("reader", "DELETE", "/api/v1/duplicates/dismissals/" + id).status, 403);
  EXPECT_EQ(pairs("rep2"), before - 1) << "a refused undo brought the pair back";
  EXPECT_EQ(as("rep2", "DELETE", "/api/v1/duplicates/dismissals/" + id).status, 204);
  EXPECT_EQ(pairs("rep2"), before);
}

// Another workspace's records and dismissals are none of B's: 404, and A's list stays as it was.
TEST_F(Tenancy, AnotherWorkspacesDuplicatesCannotBeDismissedNorItsDismissalsUndone) {
  const std::string x = random_suffix();
  const std::string a1 = create_a("/api/v1/companies", json::object{{"name", "Twin Works " + x}});
  const std::string a2 = create_a("/api/v1/companies", json::object{{"name", "Twin Works " + x}});
  const json::value body = dismissal("companies", {a1, a2});
  EXPECT_EQ(as_b("POST", "/api/v1/duplicates/dismissals", &body).status, 404);
  const std::string b1 = create_b("/api/v1/companies", json::object{{"name", "Twin Works " + x}});
  const json::value mixed = dismissal("companies", {b1, a1});
  EXPECT_EQ(as_b("POST", "/api/v1/duplicates/dismissals", &mixed).status, 404);
  auto listed = [&] { return as_a("GET", "/api/v1/duplicates?object=companies&record_id=" + a1).json().at("data").as_array().size(); };
  ASSERT_EQ(listed(), 1u);
  auto made = as_a("POST", "/api/v1/duplicates/dismissals", &body);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(listed(), 0u);
  EXPECT_EQ(as_b("DELETE", "/api/v1/duplicates/dismissals/" + text(made.json(), "id")).status, 404);
  EXPECT_EQ(listed(), 0u) << "B's undo brought A's pair back";
  EXPECT_EQ(as_a("DELETE", "/api/v1/duplicates/dismissals/" + text(made.json(), "id")).status, 204);
  EXPECT_EQ(listed(), 1u);
}

}  // namespace
}  // namespace rapport::testing
