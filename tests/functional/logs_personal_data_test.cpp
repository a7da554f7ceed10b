// Logs carry ids, never customer data: a database error caused by a contact's write is logged by its
// SQLSTATE, table and constraint, while libpq's DETAIL line (which quotes the failing row or key,
// here an email) stays out of the server's output. On SQLite the same write is refused by a trigger.
#include <gtest/gtest.h>

#include <string>

#include "harness.hpp"
#include "platform/db/sqlite.hpp"

namespace rapport::testing {
namespace json = boost::json;

namespace {

TEST(Logs, DatabaseErrorsLeaveCustomerDataOutOfTheLog) {
  ServerProcess s;
  HttpClient c(s.port());
  const std::string token = login(c, ServerProcess::admin_email(), ServerProcess::admin_password());
  // A rule only the database knows (as an operator might add one), so the write reaches the INSERT
  // and fails there.
  if (on_postgres_backend()) {
    query_database(s.data_dir(),
                   "ALTER TABLE contacts ADD CONSTRAINT test_blocked_domain CHECK (email IS NULL OR email NOT LIKE "
                   "'%@blocked.example')");
  } else {
    db::SqliteConnection db(s.data_dir() + "/rapport.db", false);
    db.exec(
        "CREATE TRIGGER test_blocked_domain BEFORE INSERT ON contacts WHEN NEW.email LIKE '%@blocked.example' "
        "BEGIN SELECT RAISE(ABORT, 'blocked domain'); END");
  }
  const std::string email = "zed.leakcheck@blocked.example";
  json::value body = json::object{{"last_name", "Leakcheck"}, {"email", email}};
  auto r = c.call("POST", "/api/v1/contacts", token, &body);
  EXPECT_GE(r.status, 409) << r.body;
  EXPECT_EQ(r.body.find(email), std::string::npos) << r.body;
  // The write was refused where the log says so (proof that the error was logged at all).
  const std::string log = s.output();
  if (on_postgres_backend()) {
    EXPECT_NE(log.find("[23514]"), std::string::npos) << log;
    EXPECT_NE(log.find("test_blocked_domain"), std::string::npos) << log;
  } else {
    EXPECT_NE(log.find("blocked domain"), std::string::npos) << log;
  }
  EXPECT_EQ(log.find(email), std::string::npos) << "the email is in the server's log:\n" << log;
  EXPECT_EQ(log.find("Leakcheck"), std::string::npos) << "the contact's name is in the server's log:\n" << log;
}

}  // namespace
}  // namespace rapport::testing
