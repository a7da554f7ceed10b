// A ticket's kept SLA text (tickets.sla_kept, a records::KeptColumn of the ticket's spec) as the record
// engine writes it, on both engines: an insert stores the record's `sla` as text, NULL when the record
// carries none; an update replaces it when the record carries `sla` ("null" for none) and keeps what
// the row holds when it does not; a set-based write (records::write_changes) keeps it likewise.
#include <gtest/gtest.h>

#include <functional>

#include "modules/support/specs.hpp"
#include "platform/db/pg_database.hpp"
#include "platform/db/test_databases.hpp"
#include "platform/identity/server_context.hpp"
#include "platform/records/service.hpp"

namespace rapport::support {
namespace {
namespace json = boost::json;

class TicketKeptSla : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      RAPPORT_REQUIRE_PG();
      pg_ = std::make_unique<db::PgTestDatabase>("keptsla");
      pgdb_ = std::make_unique<db::PgDatabase>(pg_->opts(), 2);
    } else {
      sqlite_ = std::make_unique<db::SqliteTestDatabase>();
    }
    write([](db::Connection& c) {
      c.prepare("INSERT INTO workspaces (id, name, created_at) VALUES ('w1', 'W', '2026-01-01T00:00:00.000Z')").run();
    });
  }
  db::Database& db() { return sqlite_ ? static_cast<db::Database&>(*sqlite_->db) : *pgdb_; }
  void write(const std::function<void(db::Connection&)>& f) {
    std::string thrown;  // the write answers a thrown error as a bare 500; keep what it said
    auto done = db().write([&](db::Connection& c) -> Status {
      try {
        f(c);
      } catch (const std::exception& e) {
        thrown = e.what();
        throw;
      }
      return ok_status();
    });
    ASSERT_TRUE(done.ok()) << thrown;
  }
  std::string kept() {
    return db().read([](db::Connection& c) {
      auto v = c.scalar("SELECT sla_kept FROM tickets WHERE id = 't1'");
      return std::holds_alternative<std::string>(v) ? std::get<std::string>(v) : std::string("<NULL>");
    });
  }
  static json::object ticket(int64_t version) {
    return {{"id", "t1"},         {"number", 1},         {"subject", "Help"},
            {"status", "open"},   {"priority", "normal"}, {"channel", "api"},
            {"version", version}, {"tags", json::array{}},  {"created_at", "2026-12-01T09:00:00.000Z"},
            {"updated_at", "2026-12-01T09:00:00.000Z"}};
  }
  std::unique_ptr<db::SqliteTestDatabase> sqlite_;
  std::unique_ptr<db::PgTestDatabase> pg_;
  std::unique_ptr<db::PgDatabase> pgdb_;
};

TEST_P(TicketKeptSla, WritesKeepTheRecordsSlaAndLeaveItWhenTheRecordHasNone) {
  const auto ctx = identity::server_context("w1");
  const json::value sla = json::object{{"policy_id", "p1"},
                                       {"first_response", json::object{{"due_at", "2026-12-01T10:00:00.000Z"}, {"warn_at", nullptr},
                                                                       {"met_at", nullptr}, {"breached", false}, {"paused", false}}}};
  write([&](db::Connection& c) { ticket_store().insert(c, ctx, ticket(1)); });
  EXPECT_EQ(kept(), "<NULL>") << "a record without `sla`: nothing kept";

  json::object with = ticket(2);
  with["sla"] = sla;
  write([&](db::Connection& c) { EXPECT_TRUE(ticket_store().update(c, ctx, with)); });
  EXPECT_EQ(kept(), json::serialize(sla));

  write([&](db::Connection& c) { EXPECT_TRUE(ticket_store().update(c, ctx, ticket(3))); });
  EXPECT_EQ(kept(), json::serialize(sla)) << "an update without `sla` keeps the text";

  json::object none = ticket(4);
  none["sla"] = nullptr;
  write([&](db::Connection& c) { EXPECT_TRUE(ticket_store().update(c, ctx, none)); });
  EXPECT_EQ(kept(), "null") << "no policy applies";

  write([&](db::Connection& c) { EXPECT_FALSE(ticket_store().update(c, ctx, with)); });  // version 2: the row is at 4
  EXPECT_EQ(kept(), "null") << "a stale version writes nothing";

  // A set-based write of another field, the record carrying no `sla`: the text stays.
  json::object before = ticket(4), after = ticket(4);
  after["subject"] = "Help, please";
  write([&](db::Connection& c) {
    auto written = records::write_changes(c, ctx, ticket_store(), {records::Change{before, after, {}}}, {"subject"});
    EXPECT_TRUE(written.ok());
  });
  EXPECT_EQ(kept(), "null");
  EXPECT_EQ(db().read([](db::Connection& c) { return std::get<std::string>(c.scalar("SELECT subject FROM tickets WHERE id = 't1'")); }),
            "Help, please");
}

INSTANTIATE_TEST_SUITE_P(Engines, TicketKeptSla, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace rapport::support
