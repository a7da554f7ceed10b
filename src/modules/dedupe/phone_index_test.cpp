// On PostgreSQL the phone numbers of contacts, companies and leads are indexed in the "C" collation
// (migration 0019), which a comparison under the database's own collation cannot use. Every create's
// duplicate probe compared that way and scanned the table: at 1,000,000 contacts bench/backends.sh
// served 1 create a second, every other one timed out. Here the statements the probe really prepares
// (load_near, watched through a CountingConnection) and the phone filter of a list are planned over
// analysed tables: each must read its table's phone index.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "modules/customers/specs.hpp"
#include "modules/dedupe/candidates.hpp"
#include "modules/sales/specs.hpp"
#include "platform/db/counting_connection.hpp"
#include "platform/db/pg_database.hpp"
#include "platform/db/pg_test_support.hpp"
#include "platform/db/statement_trace.hpp"
#include "platform/db/test_databases.hpp"
#include "platform/records/list_query.hpp"

namespace rapport::dedupe {
namespace {

const records::ObjectSpec& spec_of(const std::string& object) {
  return object == "contacts" ? customers::contact_spec() : object == "companies" ? customers::company_spec() : sales::lead_spec();
}

TEST(PhoneIndex, TheDuplicateProbesAndThePhoneFilterReadThePhoneIndexes) {
  RAPPORT_REQUIRE_PG();
  db::PgTestDatabase pg("phone_index");
  // 5,000 records of each table with numbers of their own, analysed: on empty tables the planner takes
  // any index that starts with the workspace, whether or not the phone's could serve.
  db::PgConnection(pg.opts())
      .exec_script(
          "INSERT INTO workspaces (id, name, created_at) VALUES ('w1', 'W1', '2026-01-01T00:00:00.000Z');"
          "INSERT INTO contacts (id, workspace_id, phone, created_at, updated_at) SELECT 'c' || i, 'w1', "
          "  '+4930' || lpad(i::text, 8, '0'), '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z' FROM generate_series(1, 5000) i;"
          "INSERT INTO companies (id, workspace_id, name, phone, created_at, updated_at) SELECT 'm' || i, 'w1', 'Company ' || i, "
          "  '+4930' || lpad(i::text, 8, '0'), '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z' FROM generate_series(1, 5000) i;"
          "INSERT INTO leads (id, workspace_id, status, phone, created_at, updated_at) SELECT 'l' || i, 'w1', 'new', "
          "  '+4930' || lpad(i::text, 8, '0'), '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z' FROM generate_series(1, 5000) i;"
          "ANALYZE contacts; ANALYZE companies; ANALYZE leads;");
  db::PgDatabase database(pg.opts(), 1);
  const std::string phone = "+493000001234";
  database.read([&](db::Connection& c) {
    for (const std::string object : {"contacts", "companies", "leads"}) {
      const std::string index = object + "_phone";
      std::vector<std::string> prepared;
      db::CountingConnection watched(c, prepared);
      Candidate rec;
      rec.id = "the-new-record";
      rec.phones = {phone};
      load_near(watched, "w1", object, rec);
      int probes = 0;
      for (const auto& sql : prepared) {
        if (sql.find("phone") == std::string::npos || sql.find(" WHERE workspace_id = ?") == std::string::npos) continue;
        ++probes;
        const std::string plan = db::pg_query_plan(c, sql, {"w1", phone});
        EXPECT_NE(plan.find(index), std::string::npos) << sql << '\n' << plan;
      }
      EXPECT_EQ(probes, 2) << object << ": the block's count and its read";

      auto params = records::parse_list_params({{"filter[phone][eq]", phone}});
      ASSERT_TRUE(params.ok());
      auto list = records::compile_list(spec_of(object), {}, *params, db::Dialect::Postgres, "w1");
      ASSERT_TRUE(list.ok());
      std::vector<db::Value> bound{"w1"};
      bound.insert(bound.end(), list->params.begin(), list->params.end());
      const std::string listed = "SELECT id FROM " + object + " WHERE workspace_id = ? AND deleted_at IS NULL" + list->where;
      const std::string plan = db::pg_query_plan(c, listed, bound);
      EXPECT_NE(plan.find(index), std::string::npos) << list->where << '\n' << plan;
    }
  });
}

}  // namespace
}  // namespace rapport::dedupe
