// An import whose storage refuses a batch (SQLite's disk full, by SqliteFaultVfs): the batch is not
// counted. The import's counts stay those of the rows in the database (they counted the refused
// batch's rows as created before: 6,000 for 2,000 written, found with a full tmpfs under the data
// directory), and the next batch does not take companies of the refused one for existing.
#include <gtest/gtest.h>

#include "access/user_context.hpp"
#include "modules/customers/specs.hpp"
#include "modules/imports/import_service.hpp"
#include "modules/imports/run_import.hpp"
#include "platform/db/sqlite_fault_vfs.hpp"
#include "platform/db/test_databases.hpp"
#include "platform/records/service.hpp"

namespace rapport::imports {
namespace {

int64_t scalar(db::Database& d, const std::string& sql) {
  return d.read([&](db::Connection& c) { return std::get<int64_t>(c.scalar(sql)); });
}

TEST(RunImportFaults, ABatchTheFullDiskRefusedIsNotCounted) {
  db::SqliteFaultVfs faults;  // before the database opens its files
  db::SqliteTestDatabase sqlite;
  db::Database& d = *sqlite.db;
  const std::string t = "2026-01-01T00:00:00.000Z";
  ASSERT_TRUE(d.write([&](db::Connection& c) -> Status {
    c.prepare("INSERT INTO workspaces (id, name, created_at) VALUES ('w1', 'W1', ?)").bind_all({t}).run();
    c.prepare("INSERT INTO users (id, workspace_id, email, password_hash, role, created_at, updated_at) "
              "VALUES ('u1', 'w1', 'admin@example.com', 'x', 'admin', ?, ?)")
        .bind_all({t, t})
        .run();
    return ok_status();
  }).ok());
  records::Service contacts(d, customers::contact_spec());
  records::Service companies(d, customers::company_spec());
  Services services = [&](std::string_view object) -> records::Service* {
    if (object == "contacts") return &contacts;
    if (object == "companies") return &companies;
    return nullptr;
  };
  // 12,000 contacts, a company a hundred: batches of 1,000, 1,000, then 4,000 (run_import.cpp).
  std::string csv = "First Name,Last Name,Email,Company Domain Name\r\n";
  for (int i = 0; i < 12000; ++i) {
    std::string n = std::to_string(i);
    csv += "P" + n + ",Full," + "p" + n + "@mail.example,c" + std::to_string(i / 100) + ".example\r\n";
  }
  auto ctx = d.read([&](db::Connection& c) { return access::user_context(c, "w1", "u1"); });
  ASSERT_TRUE(ctx);
  ImportService service(d, services);
  auto started = service.start(*ctx, {.object = "contacts", .content_type = "text/csv", .body = csv, .file_name = "full.csv", .enqueue = false});
  ASSERT_TRUE(started) << started.problem().detail;

  // Once the second batch is committed (its progress seen before the third is written), the next
  // write to the files fails as a full disk does: the third batch's commit.
  bool armed = false;
  RunDeps deps{.db = d, .services = services};
  Status st = run_import(deps, "w1", started->id, {}, [&](const Import& i) {
    if (!armed && i.state == "running" && i.counts.read >= 2000) {
      faults.fail(db::FaultCall::Write, 0, 1, SQLITE_FULL);
      armed = true;
    }
  });
  EXPECT_TRUE(armed);
  EXPECT_EQ(faults.failed(db::FaultCall::Write), 1);
  EXPECT_TRUE(st.ok()) << st.problem().detail;  // the run ended the import: failed, said why
  auto ended = service.get(*ctx, started->id);
  ASSERT_TRUE(ended);
  EXPECT_EQ(ended->state, "failed");
  EXPECT_NE(ended->error.value_or("").find("full"), std::string::npos) << ended->error.value_or("");
  const int64_t written = scalar(d, "SELECT count(*) FROM contacts WHERE workspace_id = 'w1' AND deleted_at IS NULL");
  EXPECT_EQ(written, 2000);
  EXPECT_EQ(ended->counts.created, written);
  EXPECT_EQ(ended->counts.read, written);
  // Undo finds every record the import wrote, and only those.
  EXPECT_EQ(scalar(d, "SELECT count(*) FROM import_rows WHERE object = 'contacts'"), written);
  EXPECT_EQ(scalar(d, "SELECT count(*) FROM import_rows WHERE object = 'companies'"),
            scalar(d, "SELECT count(*) FROM companies WHERE workspace_id = 'w1'"));
}

}  // namespace
}  // namespace rapport::imports
