// One case-insensitive rule on both engines (platform/case_fold.hpp): names and e-mail addresses
// beyond ASCII match, sort and stay unique by their Unicode case-folded keys, identically on SQLite
// and PostgreSQL; other text ignores the case of ASCII letters only, on both.
#include <set>
#include <string>
#include <vector>

#include "records_fixture.hpp"

namespace rapport::testing {
namespace json = boost::json;

namespace {
const std::string kAUml = "\xC3\x84", kaUml = "\xC3\xA4";  // Ä ä
const std::string kUUml = "\xC3\x9C", kuUml = "\xC3\xBC";  // Ü ü
}  // namespace

TEST_F(Lists, NonAsciiNamesMatchWhateverTheirCase) {
  std::string m = unique("fold");
  std::string mueller = marked_contact(m, {{"first_name", "J" + kuUml + "rgen"}, {"last_name", "M" + kuUml + "ller"}});
  std::string muller = marked_contact(m, {{"last_name", "Muller"}});
  std::string strasse = marked_contact(m, {{"last_name", "Stra\xC3\x9F" "e"}});
  auto find = [&](const std::string& field, const std::string& op, const std::string& value) {
    return id_set(list_ids("contacts", {{filter("lead_source", "eq"), m}, {filter(field, op), value}}));
  };
  using S = std::set<std::string>;
  EXPECT_EQ(find("last_name", "eq", "M" + kUUml + "LLER"), (S{mueller}));
  EXPECT_EQ(find("last_name", "eq", "m" + kuUml + "ller"), (S{mueller}));
  EXPECT_EQ(find("last_name", "eq", "Mu\xCC\x88ller"), (S{mueller})) << "u + combining diaeresis is ü";
  EXPECT_EQ(find("last_name", "in", "M" + kUUml + "LLER,MULLER"), (S{mueller, muller}));
  EXPECT_EQ(find("last_name", "contains", kUUml + "LL"), (S{mueller}));
  EXPECT_EQ(find("last_name", "starts_with", "M" + kUUml), (S{mueller}));
  EXPECT_EQ(find("first_name", "eq", "J" + kUUml + "RGEN"), (S{mueller}));
  EXPECT_EQ(find("last_name", "eq", "STRASSE"), (S{strasse})) << "ß folds to ss";
  EXPECT_EQ(find("last_name", "eq", "Muller"), (S{muller})) << "ü and u stay different letters";
}

TEST_F(Lists, NonAsciiEmailsMatchAndStayUnique) {
  std::string local = unique("fold");
  std::string email = kAUml + "lice." + local + "@Example.com";
  std::string lower_email = kaUml + "lice." + local + "@example.com";
  std::string upper_email = kAUml + "LICE." + local + "@EXAMPLE.COM";
  std::string id = contact({{"last_name", unique("Fold")}, {"email", email}, {"emails", json::array{upper_email}}});
  EXPECT_EQ(list_ids("contacts", {{filter("email", "eq"), lower_email}}), std::vector<std::string>{id});
  EXPECT_EQ(list_ids("contacts", {{filter("email", "eq"), upper_email}}), std::vector<std::string>{id});
  EXPECT_EQ(list_ids("contacts", {{filter("emails", "eq"), lower_email}}), std::vector<std::string>{id})
      << "members of an address list compare by key";
  auto dup = post("/api/v1/contacts", json::object{{"last_name", "Other"}, {"email", lower_email}});
  EXPECT_EQ(dup.status, 409) << dup.body;
  EXPECT_NE(dup.body.find("\"email\""), std::string::npos) << dup.body;
  EXPECT_EQ(list_ids("contacts", {{filter("email", "eq"), lower_email}}), std::vector<std::string>{id}) << "nothing added";
}

TEST_F(Lists, NamesSortByTheirKeysAlikeOnBothEngines) {
  std::string m = unique("foldsort");
  // Keys: "adams" < "bauer" < "zeta" < "ärger" (bytewise: ä is 0xC3 0xA4, after every ASCII letter).
  std::string c1 = marked_contact(m, {{"last_name", kAUml + "rger"}});
  std::string c2 = marked_contact(m, {{"last_name", "Zeta"}});
  std::string c3 = marked_contact(m, {{"last_name", "bauer"}});
  std::string c4 = marked_contact(m, {{"last_name", "ADAMS"}});
  std::vector<std::string> want{c4, c3, c2, c1};
  EXPECT_EQ(list_ids("contacts", {{filter("lead_source", "eq"), m}, {"sort", "last_name"}}), want);
  auto paged = page_all("/api/v1/contacts", {{filter("lead_source", "eq"), m}, {"sort", "-last_name"}}, 1);
  ASSERT_TRUE(paged.complete);
  std::vector<std::string> got;
  for (const auto& r : paged.records) got.push_back(str(r, "id"));
  EXPECT_EQ(got, (std::vector<std::string>{c1, c2, c3, c4})) << "one record per page, cursors hold keys";
}

TEST_F(Lists, OtherTextIgnoresTheCaseOfAsciiLettersOnlyOnBothEngines) {
  std::string m = unique("foldtext");
  std::string c = marked_contact(m, {{"job_title", kAUml + "RZTIN Chief"}});
  auto find = [&](const std::string& value) {
    return id_set(list_ids("contacts", {{filter("lead_source", "eq"), m}, {filter("job_title", "contains"), value}}));
  };
  using S = std::set<std::string>;
  EXPECT_EQ(find("chief"), (S{c}));
  EXPECT_EQ(find(kAUml + "rzt"), (S{c}));
  EXPECT_EQ(find(kaUml + "rzt"), (S{})) << "a job title is not a name: its non-ASCII letters keep their case";
}

TEST_F(Lists, UsersSignInWithTheirEmailInAnyCase) {
  std::string local = unique("fold");
  std::string email = kUUml + "nal." + local + "@Example.com";
  std::string password = "correct-horse-battery-9";
  auto created = post("/api/v1/users", json::object{{"email", email}, {"password", password}, {"role", "sales_rep"}});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string token = login(http(), kuUml + "NAL." + local + "@EXAMPLE.COM", password);
  EXPECT_FALSE(token.empty());
  auto again = post("/api/v1/users", json::object{{"email", kuUml + "nal." + local + "@example.com"}, {"password", password},
                                                  {"role", "sales_rep"}});
  EXPECT_EQ(again.status, 409) << again.body;
}

TEST_F(Lists, TeamAndPipelineNamesAreUniqueWhateverTheirCase) {
  std::string suffix = unique("fold");
  auto team = post("/api/v1/teams", json::object{{"name", kUUml + "bersee " + suffix}});
  ASSERT_EQ(team.status, 201) << team.body;
  auto same_team = post("/api/v1/teams", json::object{{"name", kuUml + "BERSEE " + suffix}});
  EXPECT_EQ(same_team.status, 409) << same_team.body;
  auto stages = json::array{json::object{{"name", "Open"}, {"probability", 10}, {"type", "open"}},
                            json::object{{"name", "Won"}, {"type", "won"}}, json::object{{"name", "Lost"}, {"type", "lost"}}};
  auto pipeline = post("/api/v1/pipelines", json::object{{"name", "Stra\xC3\x9F" "e " + suffix}, {"stages", stages}});
  ASSERT_EQ(pipeline.status, 201) << pipeline.body;
  auto same_pipeline = post("/api/v1/pipelines", json::object{{"name", "STRASSE " + suffix}, {"stages", stages}});
  EXPECT_EQ(same_pipeline.status, 409) << same_pipeline.body;
}

}  // namespace rapport::testing
