// PostgreSQL's deal writes take their kept deal_stage_times rows in one order (migration 0091), so
// that two writes wait for each other instead of deadlocking (bench/crash.sh found a deal's delete and
// another deal's move aborted by PostgreSQL's deadlock detector, docs/reliability.md). Each test holds
// the row a concurrent write takes first in the one order, lets a deal write run against it until it
// waits, and then asks without waiting for the row that the write would have taken before waiting in
// the former order: free now, while the former triggers held it (a deadlock, had the holder waited).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "platform/db/postgres.hpp"
#include "platform/db/test_databases.hpp"

namespace rapport::sales {
namespace {

// Two stages whose ids sort "stage-a" < "stage-b", deal A entered stage-a and deal B stage-b, both in
// January 2026 and owned by u1: the stage-time rows (w1, 2026-01, stage-a, u1) < (w1, 2026-01, stage-b, u1).
void two_deals(db::PgConnection& c) {
  c.exec_script(
      "INSERT INTO workspaces (id, name, created_at) VALUES ('w1', 'W1', '2026-01-01T00:00:00.000Z');"
      "INSERT INTO users (id, workspace_id, email, password_hash, role, created_at, updated_at) "
      "  VALUES ('u1', 'w1', 'rep@example.com', 'x', 'sales_rep', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');"
      "INSERT INTO pipelines (id, workspace_id, name, position, created_at, updated_at) "
      "  VALUES ('p1', 'w1', 'Sales', 0, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');"
      "INSERT INTO pipeline_stages (id, workspace_id, pipeline_id, name, position, probability, type, created_at, updated_at) VALUES "
      "  ('stage-a', 'w1', 'p1', 'A', 0, 10, 'open', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),"
      "  ('stage-b', 'w1', 'p1', 'B', 1, 50, 'open', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');"
      "INSERT INTO deals (id, workspace_id, name, pipeline_id, stage_id, amount, currency, owner_id, created_at, updated_at) VALUES "
      "  ('A', 'w1', 'Deal A', 'p1', 'stage-a', 1000, 'EUR', 'u1', '2026-01-05T10:00:00.000Z', '2026-01-05T10:00:00.000Z'),"
      "  ('B', 'w1', 'Deal B', 'p1', 'stage-b', 200000, 'EUR', 'u1', '2026-01-05T10:00:00.000Z', '2026-01-05T10:00:00.000Z');"
      "INSERT INTO deal_stage_history (workspace_id, deal_id, from_stage_id, to_stage_id, changed_at, changed_by) VALUES "
      "  ('w1', 'A', NULL, 'stage-a', '2026-01-05T10:00:00.000Z', 'u1'),"
      "  ('w1', 'B', NULL, 'stage-b', '2026-01-05T10:00:00.000Z', 'u1');");
}

// Waits (up to 5 s) until the backend `pid` waits for a lock.
bool waits_for_a_lock(db::PgConnection& watcher, int pid) {
  for (int i = 0; i < 500; ++i) {
    if (watcher.exec("SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'", {int64_t{pid}}).int64(0, 0) > 0)
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

// Runs `write` on its own connection in a thread while another transaction holds the row the query
// `held` selects (FOR UPDATE); once the write waits, tries the row `asked` selects without waiting.
// Returns whether it was free; the holder then rolls back and the write must finish.
bool free_while_the_write_waits(db::PgTestDatabase& pg, const std::string& held, const std::string& asked, const std::string& write) {
  db::PgConnection holder(pg.opts()), writer(pg.opts()), watcher(pg.opts());
  holder.exec_script("BEGIN");
  EXPECT_EQ(holder.exec("SELECT count(*) FROM (" + held + " FOR UPDATE) r").int64(0, 0), 1) << held;
  std::atomic<bool> written{false};
  std::string write_error;
  std::thread t([&] {
    try {
      writer.exec_script(write);
      written = true;
    } catch (const std::exception& e) {
      write_error = e.what();
    }
  });
  const bool waited = waits_for_a_lock(watcher, writer.backend_pid());
  EXPECT_TRUE(waited) << "the write did not wait for the held row";
  bool free = false;
  try {
    EXPECT_EQ(holder.exec("SELECT count(*) FROM (" + asked + " FOR UPDATE NOWAIT) r").int64(0, 0), 1) << asked;
    free = true;
  } catch (const std::exception&) {  // 55P03: the write holds it
  }
  holder.exec_script("ROLLBACK");
  t.join();
  EXPECT_TRUE(written) << write_error;
  return free;
}

TEST(StageTimesLockOrder, AMoveTakesItsStageTimeRowsInKeyOrder) {
  RAPPORT_REQUIRE_PG();
  db::PgTestDatabase pg("stagelockmove");
  db::PgConnection c(pg.opts());
  two_deals(c);
  // A moves stage-a -> stage-b: it changes the row of its new entry (stage-b) and of the entry it leaves
  // (stage-a). The former trigger took stage-b first, so a deal moving stage-b -> stage-a (stage-a
  // first) deadlocked with it.
  const std::string row = "SELECT 1 FROM deal_stage_times WHERE workspace_id = 'w1' AND stage_id = ";
  EXPECT_TRUE(free_while_the_write_waits(pg, row + "'stage-a'", row + "'stage-b'",
                                         "INSERT INTO deal_stage_history (workspace_id, deal_id, from_stage_id, to_stage_id, changed_at, changed_by) "
                                         "VALUES ('w1', 'A', 'stage-a', 'stage-b', '2026-01-06T10:00:00.000Z', 'u1')"))
      << "the move took stage-b's row before waiting for stage-a's";
  // The figures are those of the move: A's entry in stage-a closed, stage-b with two open entries.
  auto r = c.exec("SELECT stage_id, entries, open_entries FROM deal_stage_times WHERE workspace_id = 'w1' ORDER BY stage_id");
  ASSERT_EQ(r.rows(), 2);
  EXPECT_EQ(r.text(0, 0) + " " + r.text(0, 1) + " " + r.text(0, 2), "stage-a 1 0");
  EXPECT_EQ(r.text(1, 0) + " " + r.text(1, 1) + " " + r.text(1, 2), "stage-b 2 2");
}

TEST(StageTimesLockOrder, ADealsDeleteTakesItsStageTimeRowsAfterItsDealTotals) {
  RAPPORT_REQUIRE_PG();
  db::PgTestDatabase pg("stagelockdelete");
  db::PgConnection c(pg.opts());
  two_deals(c);
  // A move takes deal_totals (its UPDATE of deals) before its stage-time rows (its INSERT into
  // deal_stage_history); B's delete took its stage-time row first (its trigger's name sorted first).
  EXPECT_TRUE(free_while_the_write_waits(
      pg, "SELECT 1 FROM deal_totals WHERE workspace_id = 'w1' AND stage_id = 'stage-b'",
      "SELECT 1 FROM deal_stage_times WHERE workspace_id = 'w1' AND stage_id = 'stage-b'",
      "UPDATE deals SET deleted_at = '2026-01-07T10:00:00.000Z' WHERE id = 'B'"))
      << "the delete took stage-b's stage-time row before waiting for its deal_totals row";
  auto r = c.exec("SELECT entries, open_entries FROM deal_stage_times WHERE workspace_id = 'w1' AND stage_id = 'stage-b'");
  ASSERT_EQ(r.rows(), 1);
  EXPECT_EQ(r.text(0, 0) + " " + r.text(0, 1), "0 0") << "the deleted deal's entry is out of the figures";
}

}  // namespace
}  // namespace rapport::sales
