// TrackingRecorder on both engines: events are written in batches, flush() returns once those
// queued before it are committed, a graceful stop writes everything, the bound drops (and counts)
// what does not fit, an erased contact's events are not written, erasing a contact deletes its
// events (migration 0052's triggers), and events recorded from many threads at once all arrive.
#include "modules/marketing/tracking_recorder.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "platform/db/pg_database.hpp"
#include "platform/db/test_databases.hpp"

namespace rapport::marketing {
namespace {

class TrackingRecorderTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      RAPPORT_REQUIRE_PG();
      pg_ = std::make_unique<db::PgTestDatabase>("recorder");
      pgdb_ = std::make_unique<db::PgDatabase>(pg_->opts(), 2);
    } else {
      sqlite_ = std::make_unique<db::SqliteTestDatabase>();
    }
    const std::string t = "2026-01-01T00:00:00.000Z";
    sql("INSERT INTO workspaces (id, name, created_at) VALUES ('w1', 'W1', ?)", {t});
    sql("INSERT INTO contacts (id, workspace_id, email, created_at, updated_at) VALUES ('c1', 'w1', 'a@example.com', ?, ?)", {t, t});
    sql("INSERT INTO contacts (id, workspace_id, email, created_at, updated_at, erased_at) VALUES ('c2', 'w1', NULL, ?, ?, ?)", {t, t, t});
    sql("INSERT INTO campaigns (id, workspace_id, name, name_key, created_at, updated_at) VALUES ('k1', 'w1', 'K1', 'k1', ?, ?)", {t, t});
  }
  db::Database& db() { return sqlite_ ? static_cast<db::Database&>(*sqlite_->db) : *pgdb_; }
  void sql(const std::string& text, const std::vector<db::Value>& params = {}) {
    ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
      c.prepare(text).bind_all(params).run();
      return ok_status();
    }).ok());
  }
  int64_t count(const std::string& where) {
    return db().read([&](db::Connection& c) { return std::get<int64_t>(c.scalar("SELECT COUNT(*) FROM tracking_events WHERE " + where)); });
  }
  static TrackingEvent event(const std::string& contact, int i) {
    return {"w1", "k1", contact, i % 2 == 0, i % 2 == 0 ? std::optional<int64_t>(i % 3) : std::nullopt, 1'780'000'000'000 + i, i % 5 == 0,
            false};
  }

  std::unique_ptr<db::SqliteTestDatabase> sqlite_;
  std::unique_ptr<db::PgTestDatabase> pg_;
  std::unique_ptr<db::PgDatabase> pgdb_;
};

TEST_P(TrackingRecorderTest, WritesBatchesFlushesAndStopsWithNothingLeftBehind) {
  TrackingRecorder rec(db(), {.batch = 300, .interval = std::chrono::milliseconds(20), .max_pending = 100'000});
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(rec.record(event("c1", i)));
  rec.flush();
  EXPECT_EQ(count("contact_id = 'c1'"), 1000);
  EXPECT_EQ(count("kind = 'click' AND link_idx IS NOT NULL"), 500);
  EXPECT_EQ(count("kind = 'open' AND link_idx IS NULL"), 500);
  EXPECT_EQ(count("bot = 1"), 200);
  for (int i = 0; i < 50; ++i) rec.record(event("c2", i));  // erased: not written
  for (int i = 0; i < 70; ++i) rec.record(event("c1", i));
  rec.stop();
  EXPECT_EQ(count("contact_id = 'c1'"), 1070);
  EXPECT_EQ(count("contact_id = 'c2'"), 0);
  EXPECT_FALSE(rec.record(event("c1", 0))) << "stopped";
  const auto s = rec.stats();
  EXPECT_EQ(s.queued, 1120);
  EXPECT_EQ(s.written, 1070);
  EXPECT_EQ(s.skipped, 50) << "the erased contact's";
  EXPECT_EQ(s.dropped, 1);
  EXPECT_EQ(s.pending, 0);
  // Erasing the contact takes its events with it.
  sql("UPDATE contacts SET erased_at = '2026-02-01T00:00:00.000Z', deleted_at = '2026-02-01T00:00:00.000Z' WHERE id = 'c1'");
  EXPECT_EQ(count("1 = 1"), 0);
}

TEST_P(TrackingRecorderTest, DropsAndCountsWhatExceedsTheBound) {
  TrackingRecorder rec(db(), {.batch = 1000, .interval = std::chrono::milliseconds(60'000), .max_pending = 10});
  int accepted = 0;
  for (int i = 0; i < 15; ++i) accepted += rec.record(event("c1", i)) ? 1 : 0;
  EXPECT_EQ(accepted, 10);
  EXPECT_EQ(rec.stats().dropped, 5);
  rec.flush();
  EXPECT_EQ(count("1 = 1"), 10);
}

TEST_P(TrackingRecorderTest, EveryEventAcceptedFromConcurrentThreadsIsWrittenOnce) {
  // Eight threads record as the HTTP workers do, while batches commit underneath (in transactions of
  // at most 700 events, so that a backlog goes in several).
  TrackingRecorder rec(db(), {.batch = 500, .interval = std::chrono::milliseconds(5), .max_pending = 100'000, .transaction = 700});
  constexpr int kThreads = 8, kEach = 1500;
  std::vector<std::thread> threads;
  std::atomic<int> refused{0};
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i)
        if (!rec.record(event("c1", t * kEach + i))) ++refused;
    });
  for (auto& t : threads) t.join();
  rec.flush();
  EXPECT_EQ(refused.load(), 0);
  EXPECT_EQ(count("1 = 1"), kThreads * kEach);
  EXPECT_EQ(count("kind = 'click'"), kThreads * kEach / 2);
  const auto s = rec.stats();
  EXPECT_EQ(s.written, kThreads * kEach);
  EXPECT_EQ(s.dropped, 0);
}

TEST_P(TrackingRecorderTest, HumanOpensAndClicksMoveTheirRecipientsAndADeletedCampaignGetsNone) {
  const std::string t = "2026-01-01T00:00:00.000Z";
  sql("INSERT INTO contacts (id, workspace_id, email, created_at, updated_at) VALUES ('c3', 'w1', 'b@example.com', ?, ?)", {t, t});
  for (const char* who : {"c1", "c3"})
    sql("INSERT INTO campaign_recipients (workspace_id, campaign_id, contact_id, email, state, sent_at, updated_at) "
        "VALUES ('w1', 'k1', ?, 'x@example.com', 'sent', ?, ?)",
        {std::string(who), t, t});
  auto state = [&](const std::string& who) {
    return db().read([&](db::Connection& c) {
      auto v = c.scalar("SELECT state || '/' || COALESCE(opened_at, '-') || '/' || COALESCE(clicked_at, '-') FROM campaign_recipients "
                        "WHERE contact_id = ?", {who});
      return std::get<std::string>(v);
    });
  };
  auto at = [](int64_t ms) { return TrackingEvent{"w1", "k1", "", false, std::nullopt, ms, false, false}; };
  std::vector<TrackingEvent> batch;
  TrackingEvent bot = at(1'780'000'000'000), prefetch = at(1'780'000'000'000);
  bot.contact_id = prefetch.contact_id = "c3";
  bot.bot = true;
  prefetch.prefetch = true;
  prefetch.click = true;
  prefetch.link = 0;
  batch = {bot, prefetch};
  TrackingEvent open = at(1'780'000'001'000), later_open = at(1'780'000'009'000), click = at(1'780'000'005'000);
  open.contact_id = later_open.contact_id = click.contact_id = "c1";
  click.click = true;
  click.link = 0;
  batch.push_back(later_open);
  batch.push_back(open);
  ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
    insert_tracking_events(c, batch);
    return ok_status();
  }).ok());
  EXPECT_EQ(state("c1"), "opened/2026-05-28T20:26:41.000Z/-") << "the earliest open of the batch";
  EXPECT_EQ(state("c3"), "sent/-/-") << "a bot's open and a prefetch click count for nothing";
  ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
    insert_tracking_events(c, std::vector<TrackingEvent>{click, open});
    return ok_status();
  }).ok());
  EXPECT_EQ(state("c1"), "clicked/2026-05-28T20:26:41.000Z/2026-05-28T20:26:45.000Z");
  // The campaign deleted (campaign_store::remove): an old message's open is not written.
  sql("DELETE FROM campaign_recipients WHERE campaign_id = 'k1'");
  sql("DELETE FROM campaigns WHERE id = 'k1'");
  const int64_t before = count("1 = 1");
  ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
    insert_tracking_events(c, std::vector<TrackingEvent>{open});
    return ok_status();
  }).ok());
  EXPECT_EQ(count("1 = 1"), before);
}

// The recipients' updates go as VALUES lists of 512 (recipient_results.cpp): 1,100 recipients in
// one batch cross the chunks; each moves once, its open (earlier than its click) kept as opened_at.
TEST_P(TrackingRecorderTest, ABatchOfOverAThousandRecipientsMovesEachOnce) {
  const std::string t = "2026-01-01T00:00:00.000Z";
  std::vector<TrackingEvent> batch;
  ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
    for (int i = 0; i < 1100; ++i) {
      std::string id = "m";  // not "m" + to_string: GCC 12 warns falsely (-Wstringop-overflow)
      id += std::to_string(i);
      c.prepare("INSERT INTO contacts (id, workspace_id, email, created_at, updated_at) VALUES (?, 'w1', 'm@example.com', ?, ?)")
          .bind_all({id, t, t})
          .run();
      c.prepare("INSERT INTO campaign_recipients (workspace_id, campaign_id, contact_id, email, state, sent_at, updated_at) "
                "VALUES ('w1', 'k1', ?, 'm@example.com', 'sent', ?, ?)")
          .bind_all({id, t, t})
          .run();
      if (i % 2 == 1) batch.push_back({"w1", "k1", id, true, int64_t{0}, 1'780'000'005'000, false, false});
      batch.push_back({"w1", "k1", id, false, std::nullopt, 1'780'000'001'000, false, false});
    }
    return ok_status();
  }).ok());
  ASSERT_TRUE(db().write([&](db::Connection& c) -> Status {
    EXPECT_EQ(insert_tracking_events(c, batch), 1650);
    return ok_status();
  }).ok());
  auto recipients = [&](const std::string& where) {
    return db().read([&](db::Connection& c) {
      return std::get<int64_t>(c.scalar("SELECT COUNT(*) FROM campaign_recipients WHERE contact_id LIKE 'm%' AND " + where));
    });
  };
  EXPECT_EQ(recipients("state = 'clicked' AND clicked_at = '2026-05-28T20:26:45.000Z'"), 550);
  EXPECT_EQ(recipients("state = 'opened' AND clicked_at IS NULL"), 550);
  EXPECT_EQ(recipients("opened_at = '2026-05-28T20:26:41.000Z'"), 1100);
}

INSTANTIATE_TEST_SUITE_P(Engines, TrackingRecorderTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace rapport::marketing
