// The outbox relay on both engines: every event relayed once and in order, a failing sink leaves its
// batch pending, a commit wakes the relay, old relayed rows are pruned; on PostgreSQL two relays
// working the same outbox at once never take the same event, and NOTIFY reaches a listener.
#include "platform/events/relay.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "platform/clock.hpp"
#include "platform/db/migrations.hpp"
#include "platform/db/pg_database.hpp"
#include "platform/db/pg_migrations.hpp"
#include "platform/db/pg_test_support.hpp"
#include "platform/db/sqlite_database.hpp"
#include "platform/db/test_databases.hpp"
#include "platform/events/pg_listener.hpp"
#include "platform/events/realtime_sinks.hpp"

namespace rapport::events {
namespace {

// Where sinks meet: each holds its first batch until `expected` sinks hold one (or a minute passes),
// so that relays certainly hold batches at the same time, however the threads are scheduled.
struct Meeting {
  std::mutex mu;
  std::condition_variable cv;
  int expected = 2, arrived = 0;
  void arrive() {
    std::unique_lock lock(mu);
    ++arrived;
    cv.notify_all();
    cv.wait_for(lock, std::chrono::minutes(1), [&] { return arrived >= expected; });
  }
};

// Records what it was handed after each commit; can be told to fail or to dawdle inside the batch.
class RecordingSink : public Sink {
 public:
  void in_transaction(db::Connection&, const std::vector<Event>&) override {
    if (fail_next_.exchange(false)) throw std::runtime_error("sink refused the batch");
    if (meeting_ && !met_.exchange(true)) meeting_->arrive();
    if (dawdle_.count() > 0) std::this_thread::sleep_for(dawdle_);
  }
  Meeting* meeting_ = nullptr;
  std::atomic<bool> met_{false};
  void committed(const std::vector<Event>& batch) override {
    std::lock_guard lock(mu_);
    for (const auto& e : batch) ids_.push_back(e.id);
  }
  std::vector<int64_t> ids() {
    std::lock_guard lock(mu_);
    return ids_;
  }
  std::atomic<bool> fail_next_{false};
  std::chrono::milliseconds dawdle_{0};

 private:
  std::mutex mu_;
  std::vector<int64_t> ids_;
};

void add_events(db::Database& d, int n, const std::string& ws = "ws-1") {
  auto st = d.write([&](db::Connection& c) -> Status {
    for (int i = 0; i < n; ++i)
      c.prepare(
           "INSERT INTO outbox(workspace_id, event_type, object_type, object_id, payload, created_at) "
           "VALUES (?, 'contact.created', 'contacts', ?, '{}', ?)")
          .bind_all({ws, "c-" + std::to_string(i), clock::now_text()})
          .run();
    return ok_status();
  });
  ASSERT_TRUE(st.ok());
}

int64_t pending(db::Database& d) {
  return d.read([](db::Connection& c) {
    return std::get<int64_t>(c.scalar("SELECT count(*) FROM outbox WHERE processed_at IS NULL"));
  });
}

TEST(Relay, RelaysEveryEventOnceInOrder) {
  db::SqliteTestDatabase f;
  add_events(*f.db, 1234);
  RecordingSink sink;
  RelayOptions o;
  o.batch_size = 100;
  Relay relay(*f.db, {&sink}, o);
  EXPECT_EQ(relay.drain(), 1234);
  auto ids = sink.ids();
  ASSERT_EQ(ids.size(), 1234u);
  for (std::size_t i = 1; i < ids.size(); ++i) ASSERT_LT(ids[i - 1], ids[i]);
  EXPECT_EQ(pending(*f.db), 0);
  EXPECT_EQ(relay.drain(), 0);
  EXPECT_EQ(sink.ids().size(), 1234u);
}

TEST(Relay, AFailingSinkLeavesItsBatchPendingForTheNextTry) {
  db::SqliteTestDatabase f;
  add_events(*f.db, 50);
  RecordingSink sink;
  Relay relay(*f.db, {&sink});
  sink.fail_next_ = true;
  EXPECT_THROW(relay.drain(), std::runtime_error);
  EXPECT_EQ(pending(*f.db), 50);
  EXPECT_TRUE(sink.ids().empty());
  EXPECT_EQ(relay.failures(), 1u);
  EXPECT_EQ(relay.drain(), 50);
  EXPECT_EQ(sink.ids().size(), 50u);
}

TEST(Relay, ACommitWakesTheRelayWithoutWaitingForThePoll) {
  db::SqliteTestDatabase f;
  RecordingSink sink;
  RelayOptions o;
  o.poll = std::chrono::seconds(30);
  Relay relay(*f.db, {&sink}, o);
  f.db->set_commit_hook([&] { relay.nudge(); });
  relay.start();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the start-up pass is over
  auto t0 = std::chrono::steady_clock::now();
  add_events(*f.db, 3);
  // The next poll is 30 s away: delivery well before it (20 s leaves a loaded machine room) can only
  // come from the commit's nudge.
  while (sink.ids().size() < 3 && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(20))
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto waited = std::chrono::steady_clock::now() - t0;
  relay.stop();
  EXPECT_EQ(sink.ids().size(), 3u);
  EXPECT_LT(waited, std::chrono::seconds(20));
}

TEST(Relay, PrunesRelayedEventsOlderThanTheRetention) {
  db::SqliteTestDatabase f;
  add_events(*f.db, 10);
  RecordingSink sink;
  RelayOptions o;
  o.retention = std::chrono::milliseconds(50);
  Relay relay(*f.db, {&sink}, o);
  EXPECT_EQ(relay.drain(), 10);
  add_events(*f.db, 4);  // pending ones are never pruned
  std::this_thread::sleep_for(std::chrono::milliseconds(120));
  EXPECT_EQ(relay.prune(), 10);
  EXPECT_EQ(pending(*f.db), 4);
  EXPECT_EQ(relay.prune(), 0);
}

// A subscriber that hears everything (the default audience) and is never rechecked away.
Hub::Subscriber subscriber(Hub::Deliver deliver) {
  return {std::move(deliver), [] { return std::optional<Audience>(Audience{}); }, [](const char*) {}};
}

TEST(Hub, DeliversToTheEventsWorkspaceOnlyAndDropsGoneSubscribers) {
  Hub hub;
  std::vector<std::string> a, b;
  bool b_alive = true;
  hub.subscribe("ws-a", {}, subscriber([&](const std::shared_ptr<const std::string>& m) {
    a.push_back(*m);
    return true;
  }));
  hub.subscribe("ws-b", {}, subscriber([&](const std::shared_ptr<const std::string>& m) {
    if (!b_alive) return false;
    b.push_back(*m);
    return true;
  }));
  Event e{7, "ws-a", "contact.created", "contacts", "c-1", "2026-01-01T00:00:00.000Z"};
  hub.publish(e);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0],
            R"({"op":"event","id":7,"type":"contact.created","object_type":"contacts","object_id":"c-1","occurred_at":"2026-01-01T00:00:00.000Z"})");
  EXPECT_TRUE(b.empty());
  b_alive = false;
  e.workspace_id = "ws-b";
  hub.publish(e);
  EXPECT_EQ(hub.subscribers(), 1u);
  hub.broadcast_resync();
  EXPECT_EQ(a.back(), R"({"op":"resync"})");
}

TEST(Event, WireMessagesRoundTrip) {
  Event e{42, "ws \"x\"", "deal.stage_changed", "deals", "d-1", "2026-01-01T00:00:00.000Z"};
  auto back = parse_wire_message(wire_message(e));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->id, 42);
  EXPECT_EQ(back->workspace_id, e.workspace_id);
  EXPECT_EQ(back->type, e.type);
  EXPECT_EQ(back->object_type, "deals");
  EXPECT_EQ(back->object_id, e.object_id);
  EXPECT_TRUE(back->owner_id.empty());
  EXPECT_NE(client_message(e).find(R"("object_type":"deals")"), std::string::npos) << client_message(e);
  // A node of the previous release still spells the object's type "object".
  auto old = parse_wire_message(
      R"({"op":"event","id":1,"type":"contact.created","object":"contacts","object_id":"c-1","occurred_at":"x","workspace_id":"w"})");
  ASSERT_TRUE(old);
  EXPECT_EQ(old->object_type, "contacts");
  e.owner_id = "u-1";
  EXPECT_EQ(parse_wire_message(wire_message(e))->owner_id, "u-1");
  EXPECT_EQ(client_message(e).find("u-1"), std::string::npos) << "clients never see the owner";
  EXPECT_FALSE(parse_wire_message("{\"id\":1}"));
  EXPECT_FALSE(parse_wire_message("not json"));
}

TEST(PgRelay, TwoRelaysOnOneOutboxNeverTakeTheSameEvent) {
  RAPPORT_REQUIRE_PG();
  db::PgTestDatabase pg("relay");
  db::PgDatabase d1(pg.opts(), 2), d2(pg.opts(), 2);
  add_events(d1, 3000);
  RecordingSink s1, s2;
  s1.dawdle_ = s2.dawdle_ = std::chrono::milliseconds(3);  // hold each batch's rows a while
  Meeting meeting;  // both relays hold a batch at once, on any schedule
  s1.meeting_ = s2.meeting_ = &meeting;
  RelayOptions o;
  o.batch_size = 50;
  Relay r1(d1, {&s1}, o), r2(d2, {&s2}, o);
  auto work = [](Relay& r) {
    for (int i = 0; i < 200 && r.drain() > 0; ++i) {
    }
  };
  std::thread t1(work, std::ref(r1)), t2(work, std::ref(r2));
  t1.join();
  t2.join();
  r1.drain();  // whatever one left while the other held it
  auto a = s1.ids(), b = s2.ids();
  std::multiset<int64_t> all(a.begin(), a.end());
  all.insert(b.begin(), b.end());
  std::set<int64_t> distinct(all.begin(), all.end());
  EXPECT_EQ(all.size(), 3000u);
  EXPECT_EQ(distinct.size(), 3000u);
  EXPECT_GT(a.size(), 0u);
  EXPECT_GT(b.size(), 0u);
  EXPECT_EQ(pending(d1), 0);
  std::cout << "relay 1 took " << a.size() << " events, relay 2 took " << b.size() << "\n";
}

TEST(PgRelay, NotifyReachesListenersAndALostListenerResyncs) {
  RAPPORT_REQUIRE_PG();
  db::PgTestDatabase pg("relay");
  db::PgDatabase d(pg.opts(), 2);
  Hub hub;
  std::mutex mu;
  std::vector<std::string> got;
  hub.subscribe("ws-1", {}, subscriber([&](const std::shared_ptr<const std::string>& m) {
    std::lock_guard lock(mu);
    got.push_back(*m);
    return true;
  }));
  auto wait_for = [&](std::size_t n) {
    auto t0 = std::chrono::steady_clock::now();
    for (;;) {
      {
        std::lock_guard lock(mu);
        if (got.size() >= n || std::chrono::steady_clock::now() - t0 > std::chrono::seconds(30)) return got.size();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  };
  PgListener listener(pg.opts(), hub);
  listener.start();
  // Conditions polled with generous deadlines (they cost time only when the condition never comes).
  auto within = [](std::chrono::seconds limit, const std::function<bool()>& done) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  };
  within(std::chrono::seconds(30), [&] { return listener.listening(); });
  ASSERT_TRUE(listener.listening());
  PgNotifySink notify;
  Relay relay(d, {&notify});
  add_events(d, 5);
  add_events(d, 2, "ws-other");
  EXPECT_EQ(relay.drain(), 7);
  // A resync whenever listening starts (notices before it are not heard), then ws-1's five events.
  ASSERT_EQ(wait_for(6), 6u);
  EXPECT_EQ(got[0], R"({"op":"resync"})");
  EXPECT_NE(got[1].find("\"object_id\":\"c-0\""), std::string::npos);
  EXPECT_NE(got[5].find("\"object_id\":\"c-4\""), std::string::npos);

  // Cut the listener's connection: it comes back, says resync, and hears later events.
  db::PgConnection admin(pg.opts());
  admin.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'LISTEN%'",
             {pg.name});
  within(std::chrono::seconds(30), [&] { return listener.reconnects() > 0; });
  ASSERT_EQ(listener.reconnects(), 1u);
  add_events(d, 1);
  relay.drain();
  ASSERT_EQ(wait_for(8), 8u);
  EXPECT_EQ(got[6], R"({"op":"resync"})");
  EXPECT_NE(got[7].find("\"object_id\":\"c-0\""), std::string::npos);
  listener.stop();
}

}  // namespace
}  // namespace rapport::events
