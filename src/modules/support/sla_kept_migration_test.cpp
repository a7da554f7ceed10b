// Migration 0085 on both engines: the tickets that exist when it runs get their `sla` kept on the row
// (tickets.sla_kept), built from their stored targets by each engine's JSON functions; the list page
// reads that text (sla_of_kept) and gives, at any later time, what a single read of the ticket gives
// (sla_json): open, met, paused and breached targets, a ticket whose only row remembers the
// customer's last message (no target), and a ticket with no targets at all ("null").
#include <gtest/gtest.h>

#include "modules/support/ticket_sla.hpp"
#include "platform/clock.hpp"
#include "platform/db/migration_test_fixture.hpp"
#include "platform/test_time.hpp"

namespace rapport::support {
namespace {
namespace json = boost::json;

using test_time::at;

class SlaKeptMigration : public db::MigrationTest {
 protected:
  void ticket(const std::string& id, int64_t number) {
    conn().prepare("INSERT INTO tickets (id, workspace_id, number, subject, status, priority, channel, created_at, updated_at) "
                   "VALUES (?, 'w1', ?, 'Help', 'open', 'normal', 'api', ?, ?)")
        .bind_all({id, number, std::string(kCreated), std::string(kCreated)})
        .run();
  }
  // A stored target; "" for NULL times, minutes < 0 for none.
  void target(const std::string& ticket_id, const std::string& target, int64_t minutes, const std::string& due,
              const std::string& met) {
    auto text = [](const std::string& s) { return s.empty() ? db::Value(nullptr) : db::Value(s); };
    conn().prepare("INSERT INTO ticket_sla (workspace_id, ticket_id, target, policy_id, minutes, started_at, due_at, warn_at, met_at) "
                   "VALUES ('w1', ?, ?, 'pol-1', ?, ?, ?, ?, ?)")
        .bind_all({ticket_id, target, minutes < 0 ? db::Value(nullptr) : db::Value(minutes), std::string(kCreated), text(due),
                   text(due.empty() ? "" : "2026-12-01T09:45:00.000Z"), text(met)})
        .run();
  }
  static constexpr const char* kCreated = "2026-12-01T09:00:00.000Z";
};

TEST_P(SlaKeptMigration, KeepsEachTicketsSlaAsASingleReadGivesIt) {
  migrate_to(84);
  conn().exec("INSERT INTO workspaces (id, name, created_at) VALUES ('w1', 'W', '2026-01-01T00:00:00.000Z')");
  ticket("t-two", 1);  // first response met late, resolution open
  target("t-two", "first_response", 60, "2026-12-01T10:00:00.000Z", "2026-12-01T10:30:00.000Z");
  target("t-two", "resolution", 480, "2026-12-01T17:00:00.000Z", "");
  ticket("t-paused", 2);  // the clock stopped: no due time
  target("t-paused", "resolution", 480, "", "");
  ticket("t-memo", 3);  // only when the customer last wrote, under a policy without next_response
  target("t-memo", "next_response", -1, "", "");
  ticket("t-none", 4);
  migrate_to(0);
  EXPECT_GE(version(), 85);

  auto kept = [&](const std::string& id) {
    auto v = conn().scalar("SELECT sla_kept FROM tickets WHERE id = '" + id + "'");
    return std::holds_alternative<std::string>(v) ? std::get<std::string>(v) : std::string("<NULL>");
  };
  EXPECT_EQ(kept("t-none"), "null");
  EXPECT_EQ(kept("t-memo"), "null") << "a row without minutes is no target";
  for (const char* now : {"2026-12-01T09:30:00Z", "2026-12-01T12:00:00Z", "2026-12-02T12:00:00Z"}) {
    for (const char* id : {"t-two", "t-paused", "t-memo", "t-none"}) {
      const auto read = sla_of_kept(kept(id), at(now));
      ASSERT_TRUE(read) << id << ": " << kept(id);
      EXPECT_EQ(*read, sla_json(conn(), "w1", id, at(now))) << id << " at " << now << " from " << kept(id);
    }
  }
  const auto late = *sla_of_kept(kept("t-two"), at("2026-12-02T12:00:00Z"));
  EXPECT_EQ(late.at("policy_id"), "pol-1");
  EXPECT_TRUE(late.at("first_response").at("breached").as_bool()) << "met after its due time";
  EXPECT_TRUE(late.at("resolution").at("breached").as_bool()) << "open past its due time";
  EXPECT_FALSE(sla_of_kept(kept("t-two"), at("2026-12-01T12:00:00Z"))->at("resolution").at("breached").as_bool());
  EXPECT_TRUE(sla_of_kept(kept("t-paused"), at("2026-12-02T12:00:00Z"))->at("resolution").at("paused").as_bool());
}

INSTANTIATE_TEST_SUITE_P(Engines, SlaKeptMigration, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace rapport::support
