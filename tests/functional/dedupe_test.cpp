// Duplicates over HTTP: the pairs a create finds (Possible-Duplicates header), the scan job, the
// list's pages, its scope to live records and its refusals.
#include <chrono>
#include <random>
#include <set>
#include <thread>

#include "access_fixture.hpp"
#include "records_fixture.hpp"
#include "tenancy_helpers.hpp"

namespace rapport::testing {
namespace json = boost::json;

namespace {

// n random decimal digits (phone numbers that no other test uses).
std::string digits(int n) {
  static std::mt19937 rng(std::random_device{}());
  std::string s;
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + rng() % 10));
  return s;
}

class Dedupe : public RecordsBase {
 protected:
  json::array pairs(const std::string& query) {
    auto r = get("/api/v1/duplicates?" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json().at("data").as_array() : json::array{};
  }
  // Runs a scan of the object and waits for its job.
  void scan(const std::string& object) {
    auto r = post("/api/v1/duplicates/scan?object=" + object, json::object{});
    ASSERT_EQ(r.status, 202) << r.body;
    const std::string job = text(r.json(), "job_id");
    ASSERT_FALSE(job.empty());
    EXPECT_EQ(r.header("location"), "/api/v1/jobs/" + job);
    for (int i = 0; i < 200; ++i) {
      auto state = text(get("/api/v1/jobs/" + job).json(), "state");
      if (state == "succeeded") return;
      ASSERT_TRUE(state == "queued" || state == "running") << state;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL() << "the scan did not finish";
  }
  static std::vector<std::string> reasons(const json::value& pair) {
    std::vector<std::string> out;
    for (const auto& r : pair.at("reasons").as_array()) out.emplace_back(r.as_string());
    return out;
  }
  static std::vector<std::string> ids(const json::value& pair) {
    return {std::string(pair.at("ids").as_array()[0].as_string()), std::string(pair.at("ids").as_array()[1].as_string())};
  }
  static std::vector<std::string> sorted(std::string a, std::string b) {
    return a < b ? std::vector<std::string>{a, b} : std::vector<std::string>{b, a};
  }
};

TEST_F(Dedupe, ACreateFindsItsDuplicatesAndSaysSoWithoutRefusing) {
  const std::string x = random_suffix();
  std::string first = create("contacts", json::object{{"first_name", "Jörg"}, {"last_name", "Müller" + x},
                                                      {"phone", "+49 30 1234" + digits(3)}});
  ASSERT_FALSE(first.empty());
  std::string phone(read("contacts", first).at("phone").as_string());
  auto second = post("/api/v1/contacts", json::object{{"first_name", "Joerg"}, {"last_name", "Mueller" + x}, {"phone", phone}});
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(second.header("possible-duplicates"), "1");
  const std::string id = text(second.json(), "id");
  auto found = pairs("object=contacts&record_id=" + id);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(ids(found[0]), sorted(first, id));
  EXPECT_EQ(reasons(found[0]), (std::vector<std::string>{"same phone", "same name"}));
  EXPECT_EQ(found[0].at("confidence"), json::value(0.67));  // 1 - 0.55 * 0.6
  EXPECT_EQ(found[0].at("object"), json::value("contacts"));

  // Someone unlike anyone: no header.
  auto alone = post("/api/v1/contacts", json::object{{"first_name", "Zebulon"}, {"last_name", "Unique" + x}});
  ASSERT_EQ(alone.status, 201);
  EXPECT_EQ(alone.header("possible-duplicates"), "");

  // A pair with a record in the recycle bin is not listed.
  ASSERT_EQ(del(url("contacts", first)).status, 204);
  EXPECT_TRUE(pairs("object=contacts&record_id=" + id).empty());
}

// A name more than 64 contacts share is no evidence on create, as in the scan: the check passes its
// block by (it read and compared 64 of them on every create). Here only the first name links the new
// contact to the one whose other address is the new one's e-mail (not an indexed value).
TEST_F(Dedupe, ACreateSkipsANameTooCommonToBeEvidence) {
  const std::string x = random_suffix();
  auto pair_through_first_name = [&](const std::string& first, int others) {
    const std::string mail = "shared." + first + "@example.com";
    const std::string known = create("contacts", json::object{{"first_name", first}, {"last_name", "Johnson" + x},
                                                              {"email", "own." + first + "@example.com"},
                                                              {"emails", json::array{mail}}});
    EXPECT_FALSE(known.empty());
    for (int i = 0; i < others; ++i)
      EXPECT_FALSE(create("contacts", json::object{{"first_name", first}, {"last_name", "Filler" + x + std::to_string(i)}}).empty());
    auto r = post("/api/v1/contacts", json::object{{"first_name", first}, {"last_name", "Jonson" + x}, {"email", mail}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.header("possible-duplicates");
  };
  EXPECT_EQ(pair_through_first_name("Rare" + x, 10), "1") << "a block of 12 is read";
  EXPECT_EQ(pair_through_first_name("Common" + x, 64), "") << "a block of 66 is passed by";
}

TEST_F(Dedupe, TheScanFindsPairsOfEachObjectAndReplacesTheOldOnes) {
  const std::string x = random_suffix();
  std::string acme = create("companies", json::object{{"name", "Acme" + x + " GmbH"}, {"phone", "+4940555" + digits(4)}});
  std::string phone(read("companies", acme).at("phone").as_string());
  std::string acme2 = create("companies", json::object{{"name", "ACME" + x + " Inc."}});
  ASSERT_EQ(patch(url("companies", acme2), json::object{{"phone", phone}}).status, 200);  // no check on a change
  std::string lead1 = create("leads", json::object{{"last_name", "Lee" + x}, {"email", "lee." + x + "@gmail.com"}});
  std::string lead2 = create("leads", json::object{{"last_name", "Smith" + x}, {"email", "Lee" + x + "+fair@googlemail.com"}});
  scan("companies");
  scan("leads");

  auto companies = pairs("object=companies&record_id=" + acme);
  ASSERT_EQ(companies.size(), 1u);
  EXPECT_EQ(ids(companies[0]), sorted(acme, acme2));
  EXPECT_EQ(reasons(companies[0]), (std::vector<std::string>{"same phone", "same name"}));
  auto leads = pairs("object=leads&record_id=" + lead1);
  ASSERT_EQ(leads.size(), 1u);
  EXPECT_EQ(ids(leads[0]), sorted(lead1, lead2));
  EXPECT_EQ(reasons(leads[0]), std::vector<std::string>{"same email"});

  // Changed since: the next scan forgets the pair.
  ASSERT_EQ(patch(url("companies", acme2), json::object{{"phone", nullptr}, {"name", "Other" + x}}).status, 200);
  scan("companies");
  EXPECT_TRUE(pairs("object=companies&record_id=" + acme).empty());
}

TEST_F(Dedupe, PagesFollowTheCursorStrongestFirst) {
  const std::string x = random_suffix();
  std::vector<std::string> made;
  // Three people sharing a phone and a name: three pairs of one confidence, so that the cursor's
  // tie-break is what pages them. (Similar rather than equal names would make the pairs depend on
  // the random suffix: Jaro-Winkler over the whole name varies with its letters.)
  std::string phone;
  for (const char* name : {"Ann", "Ann", "Ann"}) {
    json::object body{{"first_name", name}, {"last_name", "Pager" + x}};
    body["phone"] = phone.empty() ? json::value("+4989777" + digits(4)) : json::value(phone);
    made.push_back(create("leads", body));
    if (phone.empty()) phone = std::string(read("leads", made.back()).at("phone").as_string());
  }
  std::set<std::vector<std::string>> seen;
  std::string cursor;
  double last = 2;
  for (int page = 0; page < 10; ++page) {
    auto r = get("/api/v1/duplicates?object=leads&limit=1&record_id=" + made[0] + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(r.status, 200) << r.body;
    const json::value page_json = r.json();
    for (const auto& p : page_json.at("data").as_array()) {
      seen.insert(ids(p));
      EXPECT_LE(p.at("confidence").as_double(), last);
      last = p.at("confidence").as_double();
    }
    cursor = text(page_json, "next_cursor");
    if (cursor.empty()) break;
  }
  EXPECT_EQ(seen.size(), 2u);  // made[0] with each of the two others
}

TEST_F(Dedupe, RefusesWhatItCannotAnswer) {
  for (const std::string q : {"", "object=deals", "object=contacts&object=leads", "object=contacts&cursor=nope",
                              "object=contacts&record_id=x", "object=contacts&limit=0", "object=contacts&bogus=1"}) {
    auto r = get("/api/v1/duplicates" + (q.empty() ? "" : "?" + q));
    EXPECT_EQ(r.status, 400) << q << ": " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
  }
  EXPECT_EQ(post("/api/v1/duplicates/scan?object=tickets", json::object{}).status, 400);
  EXPECT_EQ(post("/api/v1/duplicates/scan", json::object{}).status, 400);
}

// The header counts the pairs its creator could list: a sales rep (scope own) learned from it that a
// colleague's lead has the e-mail they typed ("Possible-Duplicates: 1", then an empty list).
class DedupeScope : public Access {};

TEST_F(DedupeScope, TheHeaderCountsOnlyTheDuplicatesItsCreatorCanRead) {
  const std::string mail = "cfo." + random_suffix() + "@target.example";
  const std::string theirs = create_as("rep3", "leads", json::object{{"last_name", "Theirs"}, {"email", mail}});
  json::value probe = json::object{{"last_name", "Probe"}, {"email", mail}};
  auto first = as("rep1", "POST", "/api/v1/leads", &probe);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.header("possible-duplicates"), "") << "rep3's lead is not rep1's to know of";
  auto second = as("rep1", "POST", "/api/v1/leads", &probe);
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(second.header("possible-duplicates"), "1") << "rep1's own first probe, not rep3's lead";
  auto listed = as("rep1", "GET", "/api/v1/duplicates?object=leads&record_id=" + text(second.json(), "id"));
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.json().at("data").as_array().size(), 1u) << "the list and the header agree";
  // The pairs are stored all the same: the admin, who reads every lead, sees both with rep3's.
  auto all = get("/api/v1/duplicates?object=leads&record_id=" + theirs);
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.json().at("data").as_array().size(), 2u) << all.body;
}

}  // namespace
}  // namespace rapport::testing
