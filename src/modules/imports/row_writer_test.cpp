// RowWriter on both engines, the set-based path and its fall back to rows one by one: every row of a
// multi-row batch (past a chunk of 512) gets its record, one `import` audit entry (no `create` entry
// carrying the record), its `contact.created` event {"id", "import_id"} and its undo-log row, and the
// companies it creates theirs; the row-by-row path gives the same journal; a row the
// database refuses (a trigger the checks know nothing of) fails alone, the others of its batch
// written; a key twice in a batch (on_duplicate update) creates then updates, as one row after the other.
#include "modules/imports/row_writer.hpp"

#include <gtest/gtest.h>

#include "modules/customers/specs.hpp"
#include "platform/db/pg_database.hpp"
#include "platform/db/test_databases.hpp"

namespace rapport::imports {
namespace {
namespace json = boost::json;

class RowWriterTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      RAPPORT_REQUIRE_PG();
      pg_ = std::make_unique<db::PgTestDatabase>("rowwriter");
      pgdb_ = std::make_unique<db::PgDatabase>(pg_->opts(), 2);
    } else {
      sqlite_ = std::make_unique<db::SqliteTestDatabase>();
    }
    const std::string t = "2026-01-01T00:00:00.000Z";
    sql("INSERT INTO workspaces (id, name, created_at) VALUES ('w1', 'W1', ?)", {t});
    sql("INSERT INTO users (id, workspace_id, email, password_hash, role, created_at, updated_at) "
        "VALUES ('u1', 'w1', 'admin@example.com', 'x', 'admin', ?, ?)",
        {t, t});
    import_.id = "i1";
    import_.workspace_id = "w1";
    import_.object = "contacts";
    import_.state = "running";
    import_.file_name = "crm.csv";
    import_.encoding = "utf-8";
    import_.options = "{}";
    import_.headers = "[]";
    import_.created_by = "u1";
    import_.created_at = t;
    ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
      store::insert_import(c, import_);
      return ok_status();
    }).ok());
    ctx_.workspace_id = "w1";
    ctx_.user_id = "u1";
  }
  db::Database& db() { return sqlite_ ? static_cast<db::Database&>(*sqlite_->db) : *pgdb_; }
  void sql(const std::string& text, const std::vector<db::Value>& params = {}) {
    ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
      c.prepare(text).bind_all(params).run();
      return ok_status();
    }).ok());
  }
  void ddl(const std::string& text) {
    ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
      c.exec(text);
      return ok_status();
    }).ok());
  }
  int64_t count(const std::string& text, const std::vector<db::Value>& params = {}) {
    return db().read([&](db::Connection& c) { return std::get<int64_t>(c.scalar(text, params)); });
  }
  // A contact row of line `line`: Person<i>, person<i>@mail.example, the company company<i/10>.example.
  static PlannedRow contact(int i, const std::string& last_name = {}) {
    PlannedRow row;
    std::string n = std::to_string(i);
    row.plan.line = static_cast<uint64_t>(i + 2);
    row.plan.body = json::object{{"first_name", "Person"}, {"last_name", last_name.empty() ? "P" + n : last_name},
                                 {"email", "person" + n + "@mail.example"}};
    row.plan.company_domain = "company" + std::to_string(i / 10) + ".example";
    row.cells = {"Person", last_name.empty() ? "P" + n : last_name, "person" + n + "@mail.example"};
    return row;
  }
  // Writes the rows as a batch of the run does; the writer's counts and rows after it.
  RowWriter write(std::vector<PlannedRow> rows, ImportOptions options = {}) {
    options_ = std::move(options);
    RowWriter writer(ctx_, import_, options_, contacts_, companies_);
    EXPECT_TRUE(writer.write(db(), rows).ok());
    return writer;
  }

  std::unique_ptr<db::SqliteTestDatabase> sqlite_;
  std::unique_ptr<db::PgTestDatabase> pg_;
  std::unique_ptr<db::PgDatabase> pgdb_;
  identity::Context ctx_;  // the server's own rights (no grants): an admin's import
  Import import_;
  ImportOptions options_;
  records::Store contacts_{customers::contact_spec()};
  records::Store companies_{customers::company_spec()};
};

TEST_P(RowWriterTest, EveryRowOfAMultiRowBatchGetsItsAuditEntriesEventAndUndoRow) {
  std::vector<PlannedRow> rows;
  for (int i = 0; i < 600; ++i) rows.push_back(contact(i));
  RowWriter writer = write(std::move(rows));
  EXPECT_EQ(writer.counts.read, 600);
  EXPECT_EQ(writer.counts.created, 600);
  EXPECT_EQ(writer.counts.failed, 0);
  EXPECT_EQ(count("SELECT count(*) FROM contacts WHERE workspace_id = 'w1' AND company_id IS NOT NULL"), 600);
  EXPECT_EQ(count("SELECT count(*) FROM companies WHERE workspace_id = 'w1'"), 60);
  // Each contact: one entry, the import's, naming the import and file (the record's values are not in it).
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE object_type = 'contacts' AND action = 'create'"), 0);
  EXPECT_EQ(count("SELECT count(DISTINCT object_id) FROM audit_log WHERE object_type = 'contacts' AND action = 'import' "
                  "AND actor_id = 'u1' AND changes LIKE '%\"import_id\":\"i1\"%' AND changes LIKE '%crm.csv%' "
                  "AND changes NOT LIKE '%mail.example%'"),
            600);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE object_type = 'contacts'"), 600);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE object_type = 'companies' AND action = 'create'"), 0);
  EXPECT_EQ(count("SELECT count(DISTINCT object_id) FROM audit_log WHERE object_type = 'companies' AND action = 'import'"), 60);
  // The events: the record's id and the import's, with the owner the real-time feed needs.
  EXPECT_EQ(count("SELECT count(DISTINCT object_id) FROM outbox WHERE event_type = 'contact.created' "
                  "AND payload = '{\"id\":\"' || object_id || '\",\"import_id\":\"i1\"}'"),
            600);
  EXPECT_EQ(count("SELECT count(DISTINCT object_id) FROM outbox WHERE event_type = 'company.created' AND payload LIKE '%\"import_id\":\"i1\"%'"), 60);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE event_type = 'contact.created' AND owner_id = 'u1'"), 600);
  // The undo log: every contact and company once, each company on the line of its first contact.
  EXPECT_EQ(count("SELECT count(DISTINCT record_id) FROM import_rows WHERE import_id = 'i1' AND kind = 'created' AND object = 'contacts'"), 600);
  EXPECT_EQ(count("SELECT count(DISTINCT record_id) FROM import_rows WHERE import_id = 'i1' AND kind = 'created' AND object = 'companies'"), 60);
  EXPECT_EQ(count("SELECT count(*) FROM import_rows r JOIN companies c ON c.id = r.record_id WHERE r.object = 'companies' "
                  "AND c.domain = 'company7.example' AND r.line = 72"),
            1);
  // The live counts follow.
  EXPECT_EQ(count("SELECT CAST(sum(live) AS BIGINT) FROM record_counts WHERE workspace_id = 'w1' AND object_type = 'contacts'"), 600);
  // A second batch finds the companies created by the first instead of creating them again.
  std::vector<PlannedRow> more;
  for (int i = 600; i < 620; ++i) more.push_back(contact(i - 600 + 1000));
  for (auto& r : more) r.plan.company_domain = "company3.example";
  RowWriter second = write(std::move(more));
  EXPECT_EQ(second.counts.created, 20);
  EXPECT_EQ(count("SELECT count(*) FROM companies WHERE workspace_id = 'w1'"), 60);
}

TEST_P(RowWriterTest, ARowTheDatabaseRefusesFailsAloneAndTheOthersOfItsBatchAreWritten) {
  if (GetParam() == "postgres") {
    ddl("CREATE FUNCTION refuse_contact() RETURNS trigger AS $$ BEGIN IF NEW.last_name = 'Refused' THEN "
        "RAISE EXCEPTION 'refused by a trigger'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql");
    ddl("CREATE TRIGGER refuse_contact BEFORE INSERT ON contacts FOR EACH ROW EXECUTE FUNCTION refuse_contact()");
  } else {
    ddl("CREATE TRIGGER refuse_contact BEFORE INSERT ON contacts WHEN new.last_name = 'Refused' BEGIN "
        "SELECT RAISE(ABORT, 'refused by a trigger'); END");
  }
  std::vector<PlannedRow> rows;
  for (int i = 0; i < 30; ++i) rows.push_back(contact(i, i == 10 ? "Refused" : ""));
  // The refused row is the first of its company (company1.example): the next row creates the company.
  RowWriter writer = write(std::move(rows));
  EXPECT_EQ(writer.counts.created, 29);
  EXPECT_EQ(writer.counts.failed, 1);
  ASSERT_EQ(writer.failed.size(), 1u);
  EXPECT_EQ(writer.failed[0].line, 12);
  EXPECT_NE(writer.failed[0].message.find("refused by a trigger"), std::string::npos) << writer.failed[0].message;
  EXPECT_NE(writer.failed[0].cells.find("Refused"), std::string::npos);
  EXPECT_EQ(count("SELECT count(*) FROM contacts WHERE workspace_id = 'w1'"), 29);
  EXPECT_EQ(count("SELECT count(*) FROM contacts WHERE last_name = 'Refused'"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM companies WHERE workspace_id = 'w1'"), 3);
  // Row by row, the same journal as the set-based path: one `import` entry and a compact event a record.
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE object_type = 'contacts' AND action = 'import'"), 29);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE object_type IN ('contacts', 'companies') AND action <> 'import'"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE event_type = 'contact.created' AND payload LIKE '%\"import_id\":\"i1\"%'"), 29);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE event_type = 'contact.created'"), 29);
  EXPECT_EQ(count("SELECT count(*) FROM import_rows WHERE import_id = 'i1' AND kind = 'created'"), 32);
}

TEST_P(RowWriterTest, AKeyTwiceInABatchIsCreatedThenUpdatedAsRowByRow) {
  std::vector<PlannedRow> rows{contact(1), contact(2), contact(1)};
  rows[2].plan.body["job_title"] = "Director";
  ImportOptions update;
  update.on_duplicate = OnDuplicate::Update;
  RowWriter writer = write(std::move(rows), update);
  EXPECT_EQ(writer.counts.created, 2);
  EXPECT_EQ(writer.counts.updated, 1);
  EXPECT_EQ(count("SELECT count(*) FROM contacts WHERE email = 'person1@mail.example' AND job_title = 'Director'"), 1);
  // Without a repeated key the duplicates of earlier batches are found in one query: skipped by default.
  std::vector<PlannedRow> again{contact(1), contact(2), contact(3)};
  RowWriter skipping = write(std::move(again));
  EXPECT_EQ(skipping.counts.skipped, 2);
  EXPECT_EQ(skipping.counts.created, 1);
  EXPECT_EQ(count("SELECT count(*) FROM contacts WHERE workspace_id = 'w1'"), 3);
}

TEST_P(RowWriterTest, TheRunsChecksAreTakenAndMadeAgainWhenTheCustomFieldsChanged) {
  // The run checks each body on its own thread (RowWriter::check) with the custom fields it loaded:
  // none here, so `tier` is unknown to that check.
  RowWriter writer(ctx_, import_, options_, contacts_, companies_, {});
  std::vector<PlannedRow> rows{contact(1), contact(2), contact(3)};
  rows[1].plan.body["custom"] = json::object{{"tier", "gold"}};
  for (auto& r : rows) r.checked = writer.check(r.plan);
  ASSERT_FALSE(rows[1].checked->errors.empty()) << "tier is no custom field when the run checks";
  // The writer takes those checks while the custom fields are the same: a check's refusal is the row's.
  rows[2].checked->refused = Problem::forbidden("refused by the run's check");
  std::vector<PlannedRow> first{rows[0], rows[2]};
  ASSERT_TRUE(writer.write(db(), first).ok());
  EXPECT_EQ(writer.counts.created, 1);
  ASSERT_EQ(writer.failed.size(), 1u);
  EXPECT_NE(writer.failed[0].message.find("refused by the run's check"), std::string::npos) << writer.failed[0].message;
  // The workspace gets the custom field `tier` before the next batch: its rows are checked again.
  sql("INSERT INTO custom_fields (id, workspace_id, object_type, name, label, type, created_at, updated_at) "
      "VALUES ('cf1', 'w1', 'contacts', 'tier', 'Tier', 'text', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')");
  std::vector<PlannedRow> second{rows[1]};
  ASSERT_TRUE(writer.write(db(), second).ok());
  EXPECT_EQ(writer.counts.created, 2) << (writer.failed.empty() ? "" : writer.failed[0].message);
  EXPECT_EQ(count("SELECT count(*) FROM contacts WHERE email = 'person2@mail.example' AND custom LIKE '%gold%'"), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, RowWriterTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace rapport::imports
