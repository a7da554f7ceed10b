// The hub's audience rules: an event reaches a subscriber only when the subscriber's read scope on its
// object covers the record's owner (all, own, team, none), objects without owners reach everyone, and
// a recheck closes subscribers whose credential ended or whose role reads less, and takes in a wider
// role or new team members in place.
#include <gtest/gtest.h>

#include <optional>

#include "platform/events/hub.hpp"

namespace rapport::events {
namespace {

using identity::Scope;

std::shared_ptr<const identity::Permissions> reading(Scope contacts) {
  auto r = std::make_shared<identity::Permissions>();
  r->defaults = {Scope::None, Scope::None, Scope::None, Scope::None, Scope::None};
  r->objects["contacts"] = {contacts, Scope::None, Scope::None, Scope::None, Scope::None};
  return r;
}

Audience audience(const std::string& user, Scope contacts, std::unordered_set<std::string> team = {}) {
  Audience a;
  a.ctx.workspace_id = "ws";
  a.ctx.user_id = user;
  a.ctx.grants = reading(contacts);
  a.team = std::move(team);
  return a;
}

Event event(const std::string& object, const std::string& owner, int64_t id = 1) {
  Event e{id, "ws", "x.updated", object, "r-1", "2026-01-01T00:00:00.000Z"};
  e.owner_id = owner;
  return e;
}

TEST(Audience, HearsWhatItsReadScopeCovers) {
  EXPECT_TRUE(audience("me", Scope::All).may_hear(event("contacts", "other")));
  EXPECT_TRUE(audience("me", Scope::All).may_hear(event("contacts", "")));
  EXPECT_TRUE(audience("me", Scope::Own).may_hear(event("contacts", "me")));
  EXPECT_FALSE(audience("me", Scope::Own).may_hear(event("contacts", "other")));
  EXPECT_FALSE(audience("me", Scope::Own).may_hear(event("contacts", ""))) << "no owner: scope all only";
  EXPECT_TRUE(audience("me", Scope::Team, {"mate"}).may_hear(event("contacts", "mate")));
  EXPECT_TRUE(audience("me", Scope::Team, {"mate"}).may_hear(event("contacts", "me")));
  EXPECT_FALSE(audience("me", Scope::Team, {"mate"}).may_hear(event("contacts", "other")));
  EXPECT_FALSE(audience("me", Scope::None).may_hear(event("contacts", "me")));
  EXPECT_FALSE(audience("me", Scope::All).may_hear(event("deals", "me"))) << "the role reads no deals";
  EXPECT_TRUE(audience("me", Scope::None).may_hear(event("pipelines", ""))) << "configuration: every member";
  EXPECT_TRUE(Audience{}.may_hear(event("deals", ""))) << "the server's own context hears everything";
}

TEST(Audience, TeamScopeCoversTheEventsStampedWithOneOfItsTeams) {
  Audience a = audience("me", Scope::Team, {"mate"});
  a.teams = {"east"};
  Event in_east = event("contacts", "");
  in_east.team_id = "east";
  Event in_west = event("contacts", "other");
  in_west.team_id = "west";
  Event mates_in_west = event("contacts", "mate");
  mates_in_west.team_id = "west";
  EXPECT_TRUE(a.may_hear(in_east)) << "a record of my team, owned by no one";
  EXPECT_FALSE(a.may_hear(in_west)) << "another team's record owned by someone outside my teams";
  EXPECT_TRUE(a.may_hear(mates_in_west)) << "a team mate's record, as reads cover it";
  EXPECT_FALSE(audience("me", Scope::Own).may_hear(in_east)) << "scope own: the owner alone";
  Event wire = *parse_wire_message(wire_message(in_east));
  EXPECT_EQ(wire.team_id, "east") << "the team travels between nodes";
  EXPECT_EQ(client_message(in_east).find("east"), std::string::npos) << "never sent to clients";
}

struct Probe {
  std::vector<std::string> got;
  std::optional<Audience> next;  // what the next recheck answers
  std::string closed;
};

Hub::Subscriber subscriber(Probe& p) {
  return {[&p](const std::shared_ptr<const std::string>& m) {
            p.got.push_back(*m);
            return true;
          },
          [&p] { return p.next; }, [&p](const char* reason) { p.closed = reason; }};
}

TEST(Hub, DeliversOnlyWhatEachSubscriberMayRead) {
  Hub hub;
  Probe rep, manager;
  hub.subscribe("ws", audience("rep", Scope::Own), subscriber(rep));
  hub.subscribe("ws", audience("boss", Scope::Team, {"rep"}), subscriber(manager));
  hub.publish(event("contacts", "rep", 1));
  hub.publish(event("contacts", "someone-else", 2));
  EXPECT_EQ(rep.got.size(), 1u);
  EXPECT_NE(rep.got[0].find("\"id\":1,"), std::string::npos);
  EXPECT_EQ(manager.got.size(), 1u);
  hub.broadcast_resync();
  EXPECT_EQ(rep.got.back(), R"({"op":"resync"})");
}

TEST(Hub, RecheckClosesEndedOrNarrowedAndUpdatesTheRest) {
  Hub hub;
  Probe ended, narrowed, widened;
  hub.subscribe("ws", audience("a", Scope::All), subscriber(ended));
  hub.subscribe("ws", audience("b", Scope::All), subscriber(narrowed));
  hub.subscribe("ws", audience("c", Scope::Own), subscriber(widened));
  ended.next = std::nullopt;
  narrowed.next = audience("b", Scope::Own);
  widened.next = audience("c", Scope::All);
  EXPECT_EQ(hub.recheck_all(), 2);
  EXPECT_EQ(ended.closed, "credential ended");
  EXPECT_EQ(narrowed.closed, "access changed");
  EXPECT_TRUE(widened.closed.empty());
  EXPECT_EQ(hub.subscribers(), 1u);
  hub.publish(event("contacts", "someone-else"));
  EXPECT_EQ(widened.got.size(), 1u) << "the wider role applies at once";
  EXPECT_TRUE(ended.got.empty());
  EXPECT_TRUE(narrowed.got.empty());
  EXPECT_EQ(hub.closed_by_recheck(), 2u);
}

TEST(Hub, ANoticeReachesItsUserAndTheWorkspacesAdminsOnly) {
  Hub hub;
  Probe mine, admin, other, elsewhere;
  hub.subscribe("ws", audience("me", Scope::Own), subscriber(mine));
  Audience boss = audience("boss", Scope::All);
  auto grants = std::make_shared<identity::Permissions>(*boss.ctx.grants);
  grants->admin = true;
  boss.ctx.grants = grants;
  hub.subscribe("ws", boss, subscriber(admin));
  hub.subscribe("ws", audience("other", Scope::All), subscriber(other));
  hub.subscribe("ws-2", audience("me", Scope::All), subscriber(elsewhere));
  hub.notify({"ws", "me", R"({"op":"import"})"});
  EXPECT_EQ(mine.got, std::vector<std::string>{R"({"op":"import"})"});
  EXPECT_EQ(admin.got, std::vector<std::string>{R"({"op":"import"})"});
  EXPECT_TRUE(other.got.empty()) << "another member of the workspace";
  EXPECT_TRUE(elsewhere.got.empty()) << "the same user id in another workspace";
}

TEST(Notice, TravelsBetweenNodesAsItsWireForm) {
  Notice n{"ws", "me", R"({"op":"import","import":{"state":"running"}})"};
  auto back = parse_notice_wire_message(notice_wire_message(n));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->workspace_id, "ws");
  EXPECT_EQ(back->user_id, "me");
  EXPECT_EQ(back->message, n.message);
  EXPECT_FALSE(parse_notice_wire_message(R"({"op":"event","id":1})"));
  EXPECT_FALSE(parse_notice_wire_message("not json"));
  EXPECT_FALSE(parse_wire_message(notice_wire_message(n))) << "a node never takes a notice for an event";
}

TEST(Hub, ARecheckThatCannotReadTheDatabaseKeepsTheSubscriber) {
  Hub hub;
  Probe p;
  Hub::Subscriber s = subscriber(p);
  s.recheck = []() -> std::optional<Audience> { throw std::runtime_error("database unavailable"); };
  hub.subscribe("ws", audience("a", Scope::All), std::move(s));
  EXPECT_EQ(hub.recheck_all(), 0);
  EXPECT_EQ(hub.subscribers(), 1u);
}

TEST(Hub, RechecksRunEveryPeriod) {
  Hub hub;
  Probe p;
  hub.subscribe("ws", audience("a", Scope::All), subscriber(p));
  p.next = std::nullopt;
  hub.start_rechecks(std::chrono::milliseconds(20));
  for (int i = 0; i < 500 && hub.subscribers() > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  hub.stop_rechecks();
  EXPECT_EQ(hub.subscribers(), 0u);
  EXPECT_EQ(p.closed, "credential ended");
}

}  // namespace
}  // namespace rapport::events
