#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "modules/privacy/consents.hpp"
#include "modules/privacy/scrub.hpp"
#include "platform/db/migrations.hpp"
#include "platform/db/sqlite.hpp"
#include "platform/test_temp_dir.hpp"

namespace rapport::privacy {
namespace {
namespace json = boost::json;
namespace fs = std::filesystem;

TEST(Scrub, RedactsEveryOccurrenceCaseInsensitively) {
  Needles n;
  n.add("Ann.Lee@Example.com");
  n.add("+4930123456");
  n.add("Ann Lee");
  n.add("AL");  // too short to search for
  std::string text = "Mail ann.lee@example.COM or ANN.LEE@example.com; call +4930123456. Ann Lee, Allan";
  EXPECT_TRUE(redact_text(text, n));
  EXPECT_EQ(text, "Mail [erased] or [erased]; call [erased]. [erased], Allan");
  std::string other = "nothing here";
  EXPECT_FALSE(redact_text(other, n));
  EXPECT_TRUE(n.equals("ANN.LEE@EXAMPLE.COM"));
  EXPECT_FALSE(n.equals("al"));
}

TEST(Scrub, FindsAddressesAndNamesBeyondAsciiWhateverTheirCase) {
  Needles n;
  n.add("j\xC3\xBCrgen@example.de");        // jürgen@
  n.add("J\xC3\xBCrgen M\xC3\xBCller");     // Jürgen Müller
  EXPECT_TRUE(n.equals("J\xC3\x9CRGEN@EXAMPLE.DE")) << "JÜRGEN@";
  std::string text = "Wrote to J\xC3\x9CRGEN@example.de. J\xC3\x9CRGEN M\xC3\x9CLLER called; Stra\xC3\x9F" "e 1";
  EXPECT_TRUE(mentions(text, n));
  EXPECT_TRUE(redact_text(text, n));
  EXPECT_EQ(text, "Wrote to [erased]. [erased] called; Stra\xC3\x9F" "e 1") << "the rest keeps its bytes";
  EXPECT_FALSE(mentions("Juergen Mueller", n));
  json::array list{"J\xC3\x9CRGEN@example.de", "bo@example.com"};
  EXPECT_TRUE(remove_equal(list, n));
  EXPECT_EQ(list, json::array{"bo@example.com"});
}

TEST(Scrub, WalksJsonAndRemovesListEntries) {
  Needles n;
  n.add("ann@example.com");
  json::value v = json::parse(R"({"record":{"email":"Ann@example.com","attendees":["ann@example.com","bo@example.com"],"n":3}})");
  EXPECT_TRUE(redact_json(v, n));
  EXPECT_EQ(v, json::parse(R"({"record":{"email":"[erased]","attendees":["[erased]","bo@example.com"],"n":3}})"));
  json::array list{"x@example.com", "ANN@example.com"};
  EXPECT_TRUE(remove_equal(list, n));
  EXPECT_EQ(list, json::array{"x@example.com"});
}

TEST(Scrub, BlanksNamedAndCustomFieldsOnly) {
  auto changes = json::parse(R"([{"field":"email","before":null,"after":"a@b.c"},
                                  {"field":"custom.tier","before":"gold","after":"silver"},
                                  {"field":"lifecycle_stage","before":"lead","after":"customer"},
                                  {"field":"emails","before":[],"after":["x@y.z"]}])").as_array();
  EXPECT_TRUE(blank_fields(changes, {"email", "emails"}, true));
  EXPECT_EQ(changes, json::parse(R"([{"field":"email","before":null,"after":"[erased]"},
                                     {"field":"custom.tier","before":"[erased]","after":"[erased]"},
                                     {"field":"lifecycle_stage","before":"lead","after":"customer"},
                                     {"field":"emails","before":[],"after":"[erased]"}])"));
  EXPECT_FALSE(blank_fields(changes, {"email", "emails"}, true));  // already blank
}

struct ConsentDb : ::testing::Test {
  TempDir temp{"rapport-privacy"};
  const std::filesystem::path& dir = temp.dir;
  std::unique_ptr<db::SqliteConnection> c;
  const std::string ws = "ws1", contact = "01890000-0000-7000-8000-000000000001";
  void SetUp() override {
    c = std::make_unique<db::SqliteConnection>((dir / "t.db").string(), false);
    db::migrate(*c);
    c->exec("INSERT INTO workspaces(id, name, created_at) VALUES ('ws1', 'W', '2026-01-01T00:00:00.000Z')");
    c->prepare("INSERT INTO contacts(id, workspace_id, email, created_at, updated_at) VALUES (?, 'ws1', 'Ann@Example.com', 'x', 'x')")
        .bind_all({contact})
        .run();
  }
  void TearDown() override {
    c.reset();
  }
  void consent(const std::string& channel, const std::string& status, const std::string& at) {
    c->prepare("INSERT INTO consents(id, workspace_id, contact_id, channel, status, source, recorded_at) VALUES (?, 'ws1', ?, ?, ?, 'api', ?)")
        .bind_all({channel + status + at, contact, channel, status, at})
        .run();
  }
};

TEST_F(ConsentDb, EveryChannelIsOptInAndTheNewestConsentDecides) {
  for (const char* ch : {"email_marketing", "phone", "sms"}) EXPECT_FALSE(may_contact(*c, ws, contact, ch)) << ch;
  consent("email_marketing", "granted", "2026-01-01T00:00:00.000Z");
  EXPECT_TRUE(may_contact(*c, ws, contact, "email_marketing"));
  EXPECT_FALSE(may_contact(*c, ws, contact, "sms"));
  consent("email_marketing", "withdrawn", "2026-01-02T00:00:00.000Z");
  EXPECT_FALSE(may_contact(*c, ws, contact, "email_marketing"));
  consent("email_marketing", "granted", "2026-01-03T00:00:00.000Z");
  EXPECT_TRUE(may_contact(*c, ws, contact, "email_marketing"));
  EXPECT_FALSE(may_contact(*c, "other-workspace", contact, "email_marketing"));
  EXPECT_FALSE(may_contact(*c, ws, contact, "fax"));
  EXPECT_FALSE(may_contact(*c, ws, "not-a-uuid", "email_marketing"));
  c->exec("UPDATE contacts SET deleted_at = 'x'");
  EXPECT_FALSE(may_contact(*c, ws, contact, "email_marketing"));
}

TEST_F(ConsentDb, SuppressionBlocksEmailUntilANewerGrant) {
  consent("email_marketing", "granted", "2026-01-01T00:00:00.000Z");
  EXPECT_FALSE(is_suppressed(*c, ws, "ann@example.com"));
  suppress(*c, ws, "ANN@example.COM", "erased");
  suppress(*c, ws, "ann@example.com", "erased");  // once only
  EXPECT_TRUE(is_suppressed(*c, ws, "Ann@Example.com"));
  EXPECT_FALSE(is_suppressed(*c, "other-workspace", "ann@example.com"));
  EXPECT_FALSE(may_contact(*c, ws, contact, "email_marketing"));  // the grant is older than the suppression
  consent("email_marketing", "granted", "2999-01-01T00:00:00.000Z");
  EXPECT_TRUE(may_contact(*c, ws, contact, "email_marketing"));
  EXPECT_EQ(email_hash("Ann@Example.com").size(), 64u);
  EXPECT_EQ(std::get<std::string>(c->scalar("SELECT email_hash FROM suppressions")), email_hash("ann@example.com"));
}

}  // namespace
}  // namespace rapport::privacy
