// `rapport migrate-data` from SQLite to PostgreSQL and back: every API answer is byte-for-byte the
// same on the copy as on the original. Needs the test cluster of scripts/test.sh.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "fixture.hpp"
#include "platform/db/pg_test_support.hpp"
#include "platform/db/postgres.hpp"

namespace rapport::testing {
namespace {
namespace json = boost::json;
namespace fs = std::filesystem;

std::string fresh_pg_database(const std::string& name) {
  const char* base = std::getenv("RAPPORT_TEST_PG_URL");
  db::PgConnection c(db::pg_admin_options(base));
  c.exec_script("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  c.exec_script("CREATE DATABASE " + name);
  std::string url(base);
  return url.substr(0, url.rfind('/') + 1) + name;
}

// The answers a user would see, by path.
std::map<std::string, std::string> answers(HttpClient& c, const std::string& token, const std::vector<std::string>& paths) {
  std::map<std::string, std::string> out;
  for (const auto& p : paths) {
    auto r = c.call("GET", p, token);
    EXPECT_EQ(r.status, 200) << p << ": " << r.body;
    out[p] = r.body;
  }
  return out;
}

TEST(MigrateData, SqliteToPostgresAndBackGivesTheSameAnswers) {
  const char* url = std::getenv("RAPPORT_TEST_PG_URL");
  if (!url || !*url) {
    const char* req = std::getenv("RAPPORT_REQUIRE_PG");
    if (req && std::string(req) == "1") FAIL() << "RAPPORT_TEST_PG_URL is not set";
    GTEST_SKIP() << "needs the PostgreSQL test cluster (RAPPORT_TEST_PG_URL)";
  }
  std::string source_dir = make_temp_dir("rapport-md-src-");
  std::vector<std::string> paths;
  {
    ServerProcess a({}, source_dir);
    HttpClient c(a.port());
    std::string t = login(c, ServerProcess::admin_email(), ServerProcess::admin_password());
    json::value field = json::object{{"object", "contacts"}, {"name", "tier"}, {"type", "select"}, {"options", json::array{"gold", "silver"}}};
    ASSERT_EQ(c.call("POST", "/api/v1/custom-fields", t, &field).status, 201);
    json::value company = json::object{{"name", "Acme Ltd"}, {"domain", "acme.example"}, {"country", "de"}, {"annual_revenue", 250000}, {"currency", "EUR"}};
    auto co = c.call("POST", "/api/v1/companies", t, &company);
    ASSERT_EQ(co.status, 201) << co.body;
    std::string company_id(co.json().at("id").as_string());
    std::vector<std::string> contact_ids;
    for (const char* name : {"Zimmer", "adams", "Brown", "Émile"}) {
      json::value contact = json::object{{"first_name", "Pat"}, {"last_name", name}, {"email", std::string(name == std::string("Émile") ? "emile" : name) + "@acme.example"},
                                         {"phone", "+4930123456"}, {"company_id", company_id}, {"custom", json::object{{"tier", "gold"}}}};
      auto r = c.call("POST", "/api/v1/contacts", t, &contact);
      ASSERT_EQ(r.status, 201) << r.body;
      contact_ids.emplace_back(r.json().at("id").as_string());
    }
    json::value change = json::object{{"job_title", "CTO"}, {"custom", json::object{{"tier", "silver"}}}};
    ASSERT_EQ(c.call("PATCH", "/api/v1/contacts/" + contact_ids[0], t, &change).status, 200);
    json::value meeting = json::object{{"type", "meeting"}, {"subject", "Kickoff"}, {"starts_at", "2026-03-01T10:00:00Z"},
                                       {"ends_at", "2026-03-01T11:00:00Z"}, {"contact_ids", json::array{json::value(contact_ids[0]), json::value(contact_ids[1])}},
                                       {"company_id", company_id}, {"attendees", json::array{"a@acme.example"}}};
    ASSERT_EQ(c.call("POST", "/api/v1/activities", t, &meeting).status, 201);
    ASSERT_EQ(c.call("DELETE", "/api/v1/contacts/" + contact_ids[3], t).status, 204);
    // Privacy tables: a consent, and an erasure (tombstone, suppression).
    json::value consent = json::object{{"channel", "email_marketing"}, {"status", "granted"}, {"source", "web_form"}, {"note", "fair"}};
    ASSERT_EQ(c.call("POST", "/api/v1/contacts/" + contact_ids[1] + "/consents", t, &consent).status, 201);
    ASSERT_EQ(c.call("POST", "/api/v1/contacts/" + contact_ids[2] + "/erase", t).status, 200);
    paths = {"/api/v1/companies", "/api/v1/contacts?sort=last_name&count=true", "/api/v1/contacts?sort=-last_name&limit=2",
             "/api/v1/contacts?filter[custom.tier][eq]=silver", "/api/v1/activities", "/api/v1/custom-fields",
             "/api/v1/recycle-bin", "/api/v1/companies/" + company_id + "/timeline",
             "/api/v1/contacts/" + contact_ids[0], "/api/v1/contacts/" + contact_ids[0] + "/history",
             "/api/v1/companies/" + company_id + "/history", "/api/v1/contacts/" + contact_ids[1] + "/consents",
             "/api/v1/audit-events?object_type=contacts&limit=500"};
    auto original = answers(c, t, paths);

    // SQLite -> PostgreSQL (the source server keeps running: the copy reads one snapshot).
    std::string pg = fresh_pg_database("rft_migrate_data");
    auto up = run_rapport({"migrate-data", "--from", "sqlite:" + source_dir, "--to", pg});
    ASSERT_EQ(up.exit_code, 0) << up.output;
    EXPECT_NE(up.output.find("Copied and verified 32 tables"), std::string::npos) << up.output;
    auto again = run_rapport({"migrate-data", "--from", "sqlite:" + source_dir, "--to", pg});
    EXPECT_NE(again.exit_code, 0) << "copying into a database that holds data must be refused";
    {
      // The sealed secrets (and their check value) moved: the copy needs the source's master key.
      std::ifstream key_file(source_dir + "/master.key");
      std::string source_key;
      key_file >> source_key;
      ServerProcess b({"--database", pg}, "", "127.0.0.1:0", {{"RAPPORT_MASTER_KEY", source_key}});
      HttpClient cb(b.port());
      std::string tb = login(cb, ServerProcess::admin_email(), ServerProcess::admin_password());
      auto on_pg = answers(cb, tb, paths);
      for (const auto& p : paths) EXPECT_EQ(on_pg[p], original[p]) << p;
      // The copy is a working database: new writes continue the audit sequence.
      json::value more = json::object{{"last_name", "After"}};
      EXPECT_EQ(cb.call("POST", "/api/v1/contacts", tb, &more).status, 201);
    }
    // ... and back into a new SQLite file.
    std::string back_dir = make_temp_dir("rapport-md-back-");
    auto down = run_rapport({"migrate-data", "--from", pg, "--to", "sqlite:" + back_dir});
    ASSERT_EQ(down.exit_code, 0) << down.output;
    fs::copy_file(source_dir + "/master.key", back_dir + "/master.key");
    {
      ServerProcess d({}, back_dir);
      HttpClient cd(d.port());
      std::string td = login(cd, ServerProcess::admin_email(), ServerProcess::admin_password());
      auto back = answers(cd, td, {"/api/v1/contacts/" + contact_ids[0], "/api/v1/companies/" + company_id + "/timeline",
                                   "/api/v1/custom-fields", "/api/v1/contacts/" + contact_ids[0] + "/history"});
      for (const auto& [p, body] : back) EXPECT_EQ(body, original[p]) << p;
    }
    fs::remove_all(back_dir);
  }
  fs::remove_all(source_dir);
}

}  // namespace
}  // namespace rapport::testing
