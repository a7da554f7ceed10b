// POST /api/v1/imports and the import.run / import.undo jobs against a real server: upload, poll,
// counts, the errors CSV, lookups creating companies, dedupe with update, undo restoring, history
// dates in GET and in the sales reports, the importer's role (a rep's import owns its records and
// cannot set history), and bad uploads (400/413/415/422) storing nothing. Saved mappings.
// Runs on SQLite and, with RAPPORT_TEST_PG_URL, on PostgreSQL.
#include "imports_fixture.hpp"

namespace rapport::testing {
namespace {

TEST_F(Imports, ContactsWithCompaniesByDomainHistoryErrorsAndUndo) {
  const std::string x = random_suffix();
  // HubSpot's headers; a bad e-mail address and an unreadable date fail their rows alone; a quoted
  // field holds a line break; two contacts share a company domain (one company is created).
  std::string csv =
      "Record ID,First Name,Last Name,Email,Company Name,Company Domain Name,Create Date,Notes\r\n"
      "h1-" + x + ",Ada,Lovelace" + x + ",ada." + x + "@example.com,Engines " + x + ",engines-" + x + ".example,2019-05-03,\"Analyst\nfirst\"\r\n"
      "h2-" + x + ",Charles,Babbage" + x + ",charles." + x + "@example.com,Engines " + x + ",https://www.engines-" + x + ".example/about,2019-06-01,Engineer\r\n"
      "h3-" + x + ",Bad,Mail" + x + ",not-an-address,,,,\r\n"
      "h4-" + x + ",Bad,Date" + x + ",date." + x + "@example.com,,,31/31/2019,\r\n"
      ",,,,,,,\r\n";
  auto r = upload("admin", "?object=contacts", csv);
  ASSERT_EQ(r.status, 202) << r.body;
  const std::string id = text(r.json(), "id");
  EXPECT_EQ(r.header("location"), "/api/v1/imports/" + id);
  EXPECT_EQ(text(r.json(), "state"), "queued");
  json::value done = wait(id);
  ASSERT_EQ(text(done, "state"), "done") << json::serialize(done);
  EXPECT_EQ(count(done, "read"), 4);
  EXPECT_EQ(count(done, "created"), 2);
  EXPECT_EQ(count(done, "failed"), 2);
  EXPECT_EQ(done.at("progress").at("fraction").as_double(), 1.0);
  EXPECT_FALSE(done.at("progress").at("rows_per_second").is_null());

  // One company, created from the name and the domain, linked to both contacts.
  auto companies = find("companies", "domain", "engines-" + x + ".example");
  ASSERT_EQ(companies.size(), 1u);
  const std::string company = text(companies[0], "id");
  EXPECT_EQ(text(companies[0], "name"), "Engines " + x);
  auto ada = find("contacts", "email", "ada." + x + "@example.com");
  ASSERT_EQ(ada.size(), 1u);
  EXPECT_EQ(text(ada[0], "company_id"), company);
  EXPECT_EQ(text(ada[0], "description"), "Analyst\nfirst");
  EXPECT_TRUE(ada[0].at("job_title").is_null());
  // History: created_at from the file (midnight in the workspace's zone, UTC here), not today.
  EXPECT_EQ(text(ada[0], "created_at"), "2019-05-03T00:00:00.000Z");
  const std::string ada_id = text(ada[0], "id");
  // One audit entry, `import`: by whom (its actor) from which import and file; not the record's values
  // (the record and the import's stored file hold them), and no `create` entry beside it.
  auto history = get("/api/v1/contacts/" + ada_id + "/history");
  ASSERT_EQ(history.status, 200) << history.body;
  const json::value history_json = history.json();
  const json::array& entries = history_json.at("data").as_array();
  ASSERT_EQ(entries.size(), 1u) << history.body;
  EXPECT_EQ(text(entries[0], "action"), "import");
  EXPECT_EQ(text(entries[0], "actor_id"), text(done, "created_by"));
  ASSERT_EQ(entries[0].at("changes").as_array().size(), 1u) << history.body;
  const json::value& change = entries[0].at("changes").at(0);
  EXPECT_EQ(text(change, "field"), "import");
  EXPECT_EQ(text(change.at("after"), "import_id"), id);
  EXPECT_EQ(text(change.at("after"), "file_name"), text(done, "file_name"));
  EXPECT_EQ(history.body.find("Lovelace"), std::string::npos) << "the entry does not carry the record: " << history.body;
  // The company the import created: its own `import` entry likewise.
  auto company_history = get("/api/v1/companies/" + company + "/history");
  ASSERT_EQ(company_history.status, 200) << company_history.body;
  ASSERT_EQ(company_history.json().at("data").as_array().size(), 1u) << company_history.body;
  EXPECT_EQ(text(company_history.json().at("data").at(0), "action"), "import");

  // The errors CSV: the failed rows as read, with a reason.
  auto errors = get("/api/v1/imports/" + id + "/errors");
  ASSERT_EQ(errors.status, 200) << errors.body;
  EXPECT_EQ(errors.header("content-type").rfind("text/csv", 0), 0u);
  EXPECT_EQ(errors.body.rfind("Record ID,First Name,Last Name,Email,Company Name,Company Domain Name,Create Date,Notes,reason\r\n", 0), 0u)
      << errors.body;
  EXPECT_NE(errors.body.find("h3-" + x + ",Bad,Mail" + x + ",not-an-address"), std::string::npos) << errors.body;
  EXPECT_NE(errors.body.find("line 5: "), std::string::npos) << "the line where the row starts (Ada's title spans two)" << errors.body;
  EXPECT_NE(errors.body.find("31/31/2019"), std::string::npos) << errors.body;

  // Again with on_duplicate=update (multipart with a mapping): Ada's job title changes, the
  // external id is kept on the record, nothing new is created.
  std::string again = "Email,Job Title\r\nada." + x + "@example.com,Director\r\n";
  auto r2 = upload("admin", "?object=contacts", multipart(again, R"({"on_duplicate":"update"})"), "multipart/form-data; boundary=XB");
  ASSERT_EQ(r2.status, 202) << r2.body;
  json::value updated = wait(text(r2.json(), "id"));
  EXPECT_EQ(text(updated, "file_name"), "crm.csv");
  EXPECT_EQ(count(updated, "updated"), 1) << json::serialize(updated);
  EXPECT_EQ(count(updated, "created"), 0);
  EXPECT_EQ(text(get("/api/v1/contacts/" + ada_id).json(), "job_title"), "Director");
  // An updated record: its `update` entry (what changed) and the second import's entry, newest first.
  const json::value updates = get("/api/v1/contacts/" + ada_id + "/history").json();
  ASSERT_EQ(updates.at("data").as_array().size(), 3u) << json::serialize(updates);
  EXPECT_NE(json::serialize(updates).find("Director"), std::string::npos) << json::serialize(updates);
  // A second run of the first file skips the duplicates (match_on email, on_duplicate skip).
  auto r3 = upload("admin", "?object=contacts", csv);
  ASSERT_EQ(r3.status, 202) << r3.body;
  json::value skipped = wait(text(r3.json(), "id"));
  EXPECT_EQ(count(skipped, "skipped"), 2) << json::serialize(skipped);
  EXPECT_EQ(count(skipped, "created"), 0);

  // Undo the update: no job title again; undo the first import: its contacts and company are gone.
  undo(text(r2.json(), "id"));
  EXPECT_TRUE(get("/api/v1/contacts/" + ada_id).json().at("job_title").is_null());
  auto conflict = client_->call("POST", "/api/v1/imports/" + text(r2.json(), "id") + "/undo", token_);
  EXPECT_EQ(conflict.status, 409) << conflict.body;
  json::value undone = undo(id);
  EXPECT_FALSE(undone.at("undone_at").is_null());
  EXPECT_EQ(get("/api/v1/contacts/" + ada_id).status, 404);
  EXPECT_EQ(get("/api/v1/companies/" + company).status, 404);
  EXPECT_TRUE(find("contacts", "email", "charles." + x + "@example.com").empty());
}

TEST_F(Imports, ARowRefusedInsideABatchFailsAloneAndTheOthersAreWritten) {
  const std::string x = random_suffix();
  // on_duplicate create: the second row's address is taken (the record engine's 409), the first and
  // third of the same batch are written, each with its company.
  auto taken = post("/api/v1/contacts", json::value(json::object{{"last_name", "Taken" + x}, {"email", "taken." + x + "@example.com"}}));
  ASSERT_EQ(taken.status, 201) << taken.body;
  std::string csv = "Last Name,Email,Company Domain Name\r\n"
                    "One" + x + ",one." + x + "@example.com,one-" + x + ".example\r\n"
                    "Two" + x + ",TAKEN." + x + "@example.com,two-" + x + ".example\r\n"
                    "Three" + x + ",three." + x + "@example.com,one-" + x + ".example\r\n";
  auto r = upload("admin", "?object=contacts", multipart(csv, R"({"on_duplicate":"create"})"), "multipart/form-data; boundary=XB");
  ASSERT_EQ(r.status, 202) << r.body;
  json::value done = wait(text(r.json(), "id"));
  EXPECT_EQ(count(done, "created"), 2) << json::serialize(done);
  EXPECT_EQ(count(done, "failed"), 1);
  EXPECT_EQ(find("contacts", "last_name", "One" + x).size(), 1u);
  EXPECT_EQ(find("contacts", "last_name", "Three" + x).size(), 1u);
  EXPECT_TRUE(find("contacts", "last_name", "Two" + x).empty());
  EXPECT_EQ(find("companies", "domain", "one-" + x + ".example").size(), 1u);
  auto errors = get("/api/v1/imports/" + text(r.json(), "id") + "/errors");
  EXPECT_NE(errors.body.find("Two" + x + ",TAKEN." + x + "@example.com"), std::string::npos) << errors.body;
  EXPECT_NE(errors.body.find("email: is already used by another contact"), std::string::npos) << errors.body;
  // Its company was created before the row failed: written row by row, the row takes it with it.
  EXPECT_TRUE(find("companies", "domain", "two-" + x + ".example").empty());
}

// A big import leaves PostgreSQL's planner knowing the table's size (it ANALYZEs what it filled),
// rather than a freshly filled table taken for empty until autovacuum's next round.
TEST_F(Imports, ABigImportRefreshesThePlannersStatistics) {
  const std::string x = random_suffix();
  std::string csv = "Last Name,Email\r\n";
  for (int i = 0; i < 1200; ++i) csv += "Bulk" + x + "," + "bulk" + std::to_string(i) + "." + x + "@example.com\r\n";
  auto r = upload("admin", "?object=contacts", csv);
  ASSERT_EQ(r.status, 202) << r.body;
  json::value done = wait(text(r.json(), "id"));
  ASSERT_EQ(text(done, "state"), "done") << json::serialize(done);
  EXPECT_EQ(count(done, "created"), 1200);
  if (backend_database_url(server().data_dir()).empty()) return;  // SQLite keeps no planner statistics
  // last_analyze is set by an ANALYZE someone ran (autovacuum's own sets last_autoanalyze). The
  // estimate is compared loosely: an autovacuum VACUUM that runs after the import (the 1,200 inserts
  // can start one) replaces it with its own extrapolation from the pages it scanned.
  auto rows = query_database(server().data_dir(),
                             "SELECT CAST(c.reltuples AS BIGINT), (SELECT count(*) FROM contacts), "
                             "(SELECT CASE WHEN last_analyze IS NULL THEN 'never' ELSE 'analyzed' END FROM pg_stat_user_tables "
                             " WHERE relid = c.oid) FROM pg_class c WHERE c.relname = 'contacts' AND c.relkind = 'r'");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][2], "analyzed") << "the import ANALYZEd the table it filled";
  const double estimate = std::stod(rows[0][0]), actual = std::stod(rows[0][1]);
  EXPECT_GE(estimate, 0.9 * actual) << "the row estimate is about the table's size right after the import, not empty";
}

TEST_F(Imports, DealsKeepTheirHistoryInTheSalesReports) {
  const std::string x = random_suffix();
  json::value pipeline = json::object{{"name", "Import " + x},
                                      {"stages", json::array{json::object{{"name", "Qualify"}, {"type", "open"}},
                                                             json::object{{"name", "Won"}, {"type", "won"}},
                                                             json::object{{"name", "Lost"}, {"type", "lost"}}}}};
  auto p = post("/api/v1/pipelines", pipeline);
  ASSERT_EQ(p.status, 201) << p.body;
  const std::string owner_email = m("rep1").email;
  std::string csv = "Deal Name,Pipeline,Stage,Amount,Currency,Created,Won at,Close Date,Company,Owner\r\n"
                    "Won " + x + ",Import " + x + ",Won,\"1,500.00\",EUR,2018-02-01,2018-03-15,2018-03-15,Buyer " + x + "," + owner_email + "\r\n"
                    "Open " + x + ",Import " + x + ",Qualify,200,EUR,2018-02-10,,2018-06-30,Buyer " + x + "," + owner_email + "\r\n"
                    "Bad " + x + ",Import " + x + ",No such stage,1,EUR,2018-02-10,,,,\r\n";
  std::string mapping = R"({"columns":{"Created":"created_at","Won at":"closed_at","Close Date":"expected_close_date","Stage":"stage","Company":"company","Owner":"owner"},"date_order":"mdy"})";
  auto r = upload("admin", "?object=deals", multipart(csv, mapping), "multipart/form-data; boundary=XB");
  ASSERT_EQ(r.status, 202) << r.body;
  json::value done = wait(text(r.json(), "id"));
  ASSERT_EQ(text(done, "state"), "done");
  EXPECT_EQ(count(done, "created"), 2) << get("/api/v1/imports/" + text(done, "id") + "/errors").body;
  EXPECT_EQ(count(done, "failed"), 1);
  auto won = find("deals", "name", "Won " + x);
  ASSERT_EQ(won.size(), 1u);
  EXPECT_EQ(text(won[0], "created_at"), "2018-02-01T00:00:00.000Z");
  EXPECT_EQ(text(won[0], "closed_at"), "2018-03-15T00:00:00.000Z");
  EXPECT_EQ(won[0].at("amount").as_int64(), 150000);
  EXPECT_EQ(text(won[0], "owner_id"), m("rep1").id);
  EXPECT_FALSE(find("companies", "name", "Buyer " + x).empty()) << "the company was created by name";
  auto stages = get("/api/v1/deals/" + text(won[0], "id") + "/stage-history");
  ASSERT_EQ(stages.status, 200) << stages.body;
  EXPECT_NE(stages.body.find("2018-03-15T00:00:00.000Z"), std::string::npos) << stages.body;
  // The funnel of 2018 counts them where the file put them: two created, one won, a 42-day cycle.
  auto funnel = get("/api/v1/reports/funnel?from=2018-01&to=2018-12&pipeline_id=" + text(p.json(), "id"));
  ASSERT_EQ(funnel.status, 200) << funnel.body;
  int64_t created = -1, won_n = -1;
  const json::value report = funnel.json();
  for (const auto& s : report.at("funnel").as_array()) {
    if (text(s, "step") == "deals_created") created = s.at("count").as_int64();
    if (text(s, "step") == "deals_won") won_n = s.at("count").as_int64();
  }
  EXPECT_EQ(created, 2) << funnel.body;
  EXPECT_EQ(won_n, 1) << funnel.body;
  EXPECT_NEAR(report.at("average_sales_cycle_days").as_double(), 42.0, 1e-6) << funnel.body;
}

// A deal a later file updates (matched by its external id) takes that file's stage history and
// closing date as a deal the file creates would; a file without history leaves the deal's as it was.
TEST_F(Imports, AnUpdatedDealTakesTheStageHistoryOfTheFile) {
  const std::string x = random_suffix();
  json::value pipeline = json::object{{"name", "Updated " + x},
                                      {"stages", json::array{json::object{{"name", "Qualify"}, {"type", "open"}},
                                                             json::object{{"name", "Propose"}, {"type", "open"}},
                                                             json::object{{"name", "Won"}, {"type", "won"}}}}};
  auto made = post("/api/v1/pipelines", pipeline);
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string qualify = text(made.json().at("stages").as_array().at(0), "id");
  const std::string mapping =
      R"({"columns":{"Ref":"external_id","Stage":"stage","History":"stage_history","Won at":"closed_at","Close":"expected_close_date"},"match_on":"external_id","on_duplicate":"update"})";
  auto run = [&](const std::string& csv) {
    auto r = upload("admin", "?object=deals", multipart(csv, mapping), "multipart/form-data; boundary=XB");
    EXPECT_EQ(r.status, 202) << r.body;
    return wait(text(r.json(), "id"));
  };
  auto history_of = [&](const std::string& id) {
    auto r = get("/api/v1/deals/" + id + "/stage-history");
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& e : data_of(r)) out.emplace_back(text(e, "to_stage_name"), text(e, "changed_at"));
    return out;
  };
  const std::string head = "Deal Name,Pipeline,Ref,Close,Stage,Won at,History\r\n";
  json::value first = run(head + "Renewal " + x + ",Updated " + x + ",ref-" + x + ",2019-06-30,Qualify,,\r\n");
  ASSERT_EQ(count(first, "created"), 1) << json::serialize(first);
  auto deals = find("deals", "name", "Renewal " + x);
  ASSERT_EQ(deals.size(), 1u);
  const std::string id = text(deals[0], "id");
  const auto created = history_of(id);
  ASSERT_EQ(created.size(), 1u);

  // The second file updates it: Qualify, Propose, Won with their dates; the stage follows the history.
  const std::string dated = R"([{""stage"":""Qualify"",""at"":""2019-01-10T00:00:00Z""},{""stage"":""Propose"",""at"":""2019-02-01T00:00:00Z""},)"
                            R"({""stage"":""Won"",""at"":""2019-03-05T00:00:00Z""}])";
  json::value second = run(head + "Renewal " + x + ",Updated " + x + ",ref-" + x + ",2019-06-30,,2019-03-05T00:00:00Z,\"" + dated + "\"\r\n");
  EXPECT_EQ(count(second, "updated"), 1) << get("/api/v1/imports/" + text(second, "id") + "/errors").body;
  EXPECT_EQ(count(second, "failed"), 0);
  const std::vector<std::pair<std::string, std::string>> want{
      {"Qualify", "2019-01-10T00:00:00.000Z"}, {"Propose", "2019-02-01T00:00:00.000Z"}, {"Won", "2019-03-05T00:00:00.000Z"}};
  EXPECT_EQ(history_of(id), want);
  json::value deal = get("/api/v1/deals/" + id).json();
  EXPECT_EQ(text(deal, "closed_at"), "2019-03-05T00:00:00.000Z") << deal;

  // Undone, the deal is as it was: its stage, open, the history it had.
  undo(text(second, "id"));
  deal = get("/api/v1/deals/" + id).json();
  EXPECT_EQ(text(deal, "stage_id"), qualify) << deal;
  EXPECT_TRUE(deal.at("closed_at").is_null()) << deal;
  EXPECT_EQ(history_of(id), created);

  // A file without history changes a field and keeps the history as it is.
  json::value third = run(head + "Renewal renamed " + x + ",Updated " + x + ",ref-" + x + ",2019-06-30,Propose,,\r\n");
  EXPECT_EQ(count(third, "updated"), 1) << get("/api/v1/imports/" + text(third, "id") + "/errors").body;
  auto moved = history_of(id);
  ASSERT_EQ(moved.size(), 2u) << "the move to Propose is an entry of today";
  EXPECT_EQ(moved[0], created[0]);
  EXPECT_EQ(moved[1].first, "Propose");
  EXPECT_EQ(text(get("/api/v1/deals/" + id).json(), "name"), "Renewal renamed " + x);
}

TEST_F(Imports, ARepsImportOwnsItsRecordsAndCannotSetHistory) {
  const std::string x = random_suffix();
  const int64_t before = imports_listed("rep1");
  // A history column: refused before anything is stored, naming the column.
  auto refused = upload("rep1", "?object=contacts", "Last Name,Create Date\r\nRep" + x + ",2019-01-01\r\n");
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_NE(refused.body.find("columns.Create Date"), std::string::npos) << refused.body;
  // An owner column too (a rep cannot give records to others).
  auto owners = upload("rep1", "?object=contacts", "Last Name,Contact owner\r\nRep" + x + "," + m("rep2").email + "\r\n");
  EXPECT_EQ(owners.status, 422) << owners.body;
  EXPECT_EQ(imports_listed("rep1"), before);
  EXPECT_TRUE(find("contacts", "last_name", "Rep" + x).empty());

  auto r = upload("rep1", "?object=contacts", "Last Name,Email\r\nRep" + x + ",rep." + x + "@example.com\r\n");
  ASSERT_EQ(r.status, 202) << r.body;
  const std::string id = text(r.json(), "id");
  json::value done = wait(id, "rep1");
  EXPECT_EQ(count(done, "created"), 1) << json::serialize(done);
  auto mine = find("contacts", "last_name", "Rep" + x, "rep1");
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(text(mine[0], "owner_id"), m("rep1").id);
  // Another rep does not see it; the admin does; the read-only user cannot import at all.
  EXPECT_EQ(as("rep2", "GET", "/api/v1/imports/" + id).status, 404);
  EXPECT_EQ(as("rep2", "GET", "/api/v1/imports/" + id + "/errors").status, 404);
  EXPECT_EQ(as("rep2", "POST", "/api/v1/imports/" + id + "/undo").status, 404);
  EXPECT_EQ(get("/api/v1/imports/" + id).status, 200);
  EXPECT_EQ(upload("reader", "?object=contacts", "Last Name\r\nReader" + x + "\r\n").status, 403);
}

TEST_F(Imports, ADryRunChecksEveryRowAndWritesNothing) {
  const std::string x = random_suffix();
  std::string csv = "Name,Domain\r\nDry " + x + ",dry-" + x + ".example\r\nDry2 " + x + ",not a domain\r\n";
  auto r = upload("admin", "?object=companies&dry_run=true", csv);
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_TRUE(r.json().at("dry_run").as_bool());
  json::value done = wait(text(r.json(), "id"));
  EXPECT_EQ(count(done, "created"), 1) << json::serialize(done);
  EXPECT_EQ(count(done, "failed"), 1);
  EXPECT_TRUE(find("companies", "domain", "dry-" + x + ".example").empty()) << "a dry run wrote a record";
  auto errors = get("/api/v1/imports/" + text(r.json(), "id") + "/errors");
  EXPECT_NE(errors.body.find("not a domain"), std::string::npos) << errors.body;
  EXPECT_EQ(client_->call("POST", "/api/v1/imports/" + text(r.json(), "id") + "/undo", token_).status, 409);
}

TEST_F(Imports, BadUploadsStoreNothing) {
  const int64_t before = imports_listed("admin");
  EXPECT_EQ(upload("admin", "?object=products", "Name\r\nx\r\n").status, 400);
  EXPECT_EQ(upload("admin", "", "Name\r\nx\r\n").status, 400);
  EXPECT_EQ(upload("admin", "?object=contacts&dry_run=maybe", "Name\r\nx\r\n").status, 400);
  EXPECT_EQ(upload("admin", "?object=contacts&nonsense=1", "Name\r\nx\r\n").status, 400);
  EXPECT_EQ(upload("admin", "?object=contacts", "{}", "application/json").status, 415);
  EXPECT_EQ(upload("admin", "?object=contacts", "--XB\r\nno end", "multipart/form-data; boundary=XB").status, 400);
  auto binary = upload("admin", "?object=contacts", std::string("PK\x03\x04\0\0rest", 10));
  EXPECT_EQ(binary.status, 422) << binary.body;
  EXPECT_NE(binary.body.find("\"file\""), std::string::npos) << binary.body;
  EXPECT_EQ(upload("admin", "?object=contacts", "").status, 422) << "no header row";
  auto bad_mapping = upload("admin", "?object=contacts", multipart("Email\r\na@b.c\r\n", R"({"on_duplicate":"merge"})"),
                            "multipart/form-data; boundary=XB");
  EXPECT_EQ(bad_mapping.status, 422);
  EXPECT_NE(bad_mapping.body.find("mapping.on_duplicate"), std::string::npos) << bad_mapping.body;
  EXPECT_EQ(upload("admin", "?object=contacts&mapping_id=01900000-0000-7000-8000-00000000abcd", "Email\r\n").status, 422);
  std::string big = "Last Name\r\n";
  while (big.size() <= kMaxBytes) big += "Somebody\r\n";
  EXPECT_EQ(upload("admin", "?object=contacts", big).status, 413);
  EXPECT_EQ(imports_listed("admin"), before);
}

TEST_F(Imports, SavedMappingsAreReused) {
  const std::string x = random_suffix();
  json::value body = json::object{{"name", "German CRM " + x}, {"object", "contacts"},
                                  {"mapping", json::object{{"columns", json::object{{"Nachname", "last_name"}, {"Notiz", nullptr}}}}}};
  auto created = post("/api/v1/import-mappings", body);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = text(created.json(), "id");
  EXPECT_EQ(post("/api/v1/import-mappings", body).status, 409) << "names are unique per object";
  json::value bad = json::object{{"name", "Bad " + x}, {"object", "contacts"}, {"mapping", json::object{{"columns", json::object{{"A", "no_such_field"}}}}}};
  auto refused = post("/api/v1/import-mappings", bad);
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("mapping.columns.A"), std::string::npos) << refused.body;
  json::value rename = json::object{{"name", "German CRM v2 " + x}};
  auto renamed = patch("/api/v1/import-mappings/" + id, rename, {{"If-Match", created.header("etag")}});
  EXPECT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(patch("/api/v1/import-mappings/" + id, rename, {{"If-Match", created.header("etag")}}).status, 412);
  // Another rep cannot change it.
  EXPECT_EQ(as("rep2", "PATCH", "/api/v1/import-mappings/" + id, &rename).status, 403);

  auto r = upload("admin", "?object=contacts&mapping_id=" + id, "Nachname,Notiz\r\nMapped" + x + ",ignored\r\n");
  ASSERT_EQ(r.status, 202) << r.body;
  json::value done = wait(text(r.json(), "id"));
  EXPECT_EQ(count(done, "created"), 1) << json::serialize(done);
  EXPECT_EQ(find("contacts", "last_name", "Mapped" + x).size(), 1u);
  EXPECT_EQ(upload("admin", "?object=companies&mapping_id=" + id, "Name\r\nx\r\n").status, 422) << "a mapping of another object";
  EXPECT_EQ(del("/api/v1/import-mappings/" + id).status, 204);
  EXPECT_EQ(get("/api/v1/import-mappings/" + id).status, 404);
}

}  // namespace
}  // namespace rapport::testing
